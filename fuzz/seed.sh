#!/usr/bin/env bash
# Writes the seed corpora of every fuzz target into fuzz/corpus/<target>/
# (gitignored) from the shared migration corpus, the reliability cases and
# the repository's own examples. Run it before the first fuzzing run; it
# only adds files, so libFuzzer's findings already in corpus/ are kept.
#
#   MIGLINT_CORPUS   the shared corpus (default: ../shared/corpus beside the checkout)
#   SEED_MAX_BYTES   largest file to seed with (default 16384, the runs' -max_len)
set -euo pipefail

fuzz_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(dirname "$fuzz_dir")"
shared="$(cd "$repo/.." && pwd)/shared"
corpus="${MIGLINT_CORPUS:-$shared/corpus}"
cases="$shared/cases"
max="${SEED_MAX_BYTES:-16384}"
out="$fuzz_dir/corpus"

mkdir -p "$out"/{sql_pipeline,sql_structured,prisma,config,project}

# The dialect byte of sql_pipeline: 0 PostgreSQL, 1 MySQL, 2 SQLite (mod 3).
dialect_byte() {
  case "$1" in
    *mysql*) printf '\001' ;;
    *sqlite*|*spacedrive*) printf '\002' ;;
    *) printf '\000' ;;
  esac
}

small() { [ "$(stat -c %s "$1")" -le "$max" ]; }

name_of() { printf '%s' "$1" | sha1sum | cut -c1-16; }

sql_sources=()
[ -d "$corpus" ] && sql_sources+=("$corpus")
[ -d "$cases" ] && sql_sources+=("$cases")
sql_sources+=("$repo/examples" "$repo/tests")
if [ ! -d "$corpus" ]; then
  echo "seed.sh: no shared corpus at $corpus (set MIGLINT_CORPUS); seeding from the repository only" >&2
fi

count=0
while IFS= read -r -d '' file; do
  small "$file" || continue
  id="$(name_of "$file")"
  { dialect_byte "$file"; cat "$file"; } > "$out/sql_pipeline/$id"
  # Structured inputs are drawn from bytes: real SQL is as good a start as any.
  cp "$file" "$out/sql_structured/$id"
  count=$((count + 1))
done < <(find "${sql_sources[@]}" -type f -name '*.sql' -print0 2>/dev/null)
echo "sql_pipeline, sql_structured: $count seeds"

count=0
while IFS= read -r -d '' file; do
  small "$file" || continue
  cp "$file" "$out/prisma/$(name_of "$file")"
  count=$((count + 1))
done < <(find "${sql_sources[@]}" -type f -name '*.prisma' -print0 2>/dev/null)
echo "prisma: $count seeds"

count=0
while IFS= read -r -d '' file; do
  small "$file" || continue
  cp "$file" "$out/config/$(name_of "$file")"
  count=$((count + 1))
done < <(find "${sql_sources[@]}" "$repo" -maxdepth 6 -type f -name '*.toml' -not -path '*/target/*' -print0 2>/dev/null)
# The documented keys, so the fuzzer starts from a valid file.
printf '[rules]\nselect = ["all"]\nignore = ["table-not-in-model", "drift"]\n\n[rules.severity]\nsyntax-error = "error"\nunknown-table = "warning"\n\n[history]\nmode = "partial"\n' \
  > "$out/config/documented"
echo "config: $((count + 1)) seeds"

# project: flags, options, schema \0\xff migration… (see src/project.rs).
# Each Prisma history gives projects of its schema with one to three
# consecutive migrations.
count=0
sep() { printf '\000\377'; }
while IFS= read -r -d '' lock; do
  migrations_dir="$(dirname "$lock")"
  schema="$(find "$(dirname "$migrations_dir")" -maxdepth 2 -name 'schema.prisma' | head -n1)"
  [ -n "$schema" ] && small "$schema" || continue
  case "$lock" in *mysql*) dialect=1 ;; *spacedrive*) dialect=2 ;; *) dialect=0 ;; esac
  mapfile -t files < <(find "$migrations_dir" -mindepth 2 -maxdepth 2 -name migration.sql | sort | head -n 24)
  for ((i = 0; i < ${#files[@]}; i += 3)); do
    n=$(( ${#files[@]} - i )); [ "$n" -gt 3 ] && n=3
    flags=$(( dialect | ((n - 1) << 2) ))
    seed="$out/project/$(name_of "$lock$i")"
    {
      printf "\\$(printf '%03o' "$flags")\\377"
      head -c "$max" "$schema"
      for ((j = i; j < i + n; j++)); do sep; head -c "$max" "${files[$j]}"; done
    } > "$seed"
    count=$((count + 1))
  done
done < <(find "${sql_sources[@]}" -type f -name 'migration_lock.toml' -print0 2>/dev/null)
# Other tools: dbmate (options 0), goose (1) and sqlx (2) on a few corpus files.
i=0
while IFS= read -r -d '' file; do
  small "$file" || continue
  tool=$(( i % 3 ))
  { printf "\\$(printf '%03o' $(( 0x20 | (i % 3) )))\\$(printf '%03o' "$tool")"; sep; cat "$file"; } \
    > "$out/project/$(name_of "tool$file")"
  i=$((i + 1)); count=$((count + 1))
  [ "$i" -ge 60 ] && break
done < <(find "${sql_sources[@]}" -type f -name '*.sql' -not -name migration.sql -print0 2>/dev/null)
echo "project: $count seeds"
