#!/usr/bin/env bash
# Side by side: miglint (release build) and squawk, the per-file PostgreSQL
# migration linter, timed on the same migrations in the same run.
#
#   benches/compare.sh [CORPUS]
#
# CORPUS defaults to $MIGLINT_CORPUS, else ../shared/corpus beside the checkout
# (or beside the worktree folder). Without a corpus it says so and compares on
# examples/incident only.
#
# Cases: trigger-dev (squawk gets its 820 migration.sql files, miglint the
# Prisma folder) and every PostgreSQL migration set of the corpus (squawk gets
# each set's forward .sql files, miglint the folders holding those sets).
# miglint also replays the history and compares it with the model; squawk
# lints each file alone.
#
# Needs python3 (squawk goes into target/peer-venv) and hyperfine (installed
# from Debian when missing and run as root; otherwise a plain timing loop).
# RUNS (default 10) sets the number of timed runs per command; NO_HYPERFINE=1
# forces the plain loop.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
repo=$PWD
out=$repo/target/peer-bench
mkdir -p "$out"
runs=${RUNS:-10}

find_corpus() {
  local c candidates=("$@")
  [ $# -gt 0 ] || candidates=("${MIGLINT_CORPUS:-}" "$repo/../shared/corpus" "$repo/../../shared/corpus")
  for c in "${candidates[@]}"; do
    if [ -n "$c" ] && [ -f "$c/MANIFEST.md" ]; then (cd "$c" && pwd); return 0; fi
  done
  return 1
}

# PostgreSQL migration sets: corpus | tool | root (as in the corpus's stats.sh).
PG_SETS='
umami-pg|prisma|prisma/migrations
formbricks|prisma|packages/database/migration
langfuse|prisma|packages/shared/prisma/migrations
trigger-dev|prisma|internal-packages/database/prisma/migrations
hoppscotch|prisma|packages/hoppscotch-backend/prisma/migrations
papermark|prisma|prisma/migrations
teable-pg|prisma|packages/db-main-prisma/prisma/postgres/migrations
lemmy|diesel|migrations
atuin|sqlx|crates/atuin-server-postgres/migrations
pocket-id|golang-migrate|backend/resources/migrations/postgres
harbor|golang-migrate|make/migrations/postgresql
marquez|flyway|api/src/main/resources/marquez/db/migration
upchieve|dbmate|database/migrations
supabase-dbdev|supabase|supabase/migrations
dokploy|drizzle|apps/dokploy/drizzle
'

# Forward migration files of one set, one per line, in name order.
forward_files() {
  local tool=$1 root=$2
  case $tool in
    prisma) find "$root" -mindepth 2 -maxdepth 2 -type f -name migration.sql ;;
    diesel) find "$root" -mindepth 2 -maxdepth 2 -type f -name up.sql ;;
    *) find "$root" -maxdepth 1 -type f -name '*.sql' ! -name '*.down.sql' ;;
  esac | LC_ALL=C sort
}

# case name -> file list for squawk, folder list for miglint
declare -a CASES=()
if corpus=$(find_corpus "$@"); then
  td=$corpus/trigger-dev/internal-packages/database/prisma
  forward_files prisma "$td/migrations" > "$out/trigger-dev.files"
  printf '%s\n' "$td" > "$out/trigger-dev.dirs"
  CASES+=(trigger-dev)

  : > "$out/all-postgres.files"
  : > "$out/all-postgres.dirs"
  while IFS='|' read -r name tool root; do
    [ -n "$name" ] || continue
    forward_files "$tool" "$corpus/$name/$root" >> "$out/all-postgres.files"
    case $name in
      # Corpora that also hold SQLite sets: give miglint only the PostgreSQL folder.
      atuin|pocket-id) printf '%s\n' "$corpus/$name/$root" >> "$out/all-postgres.dirs" ;;
      *) printf '%s\n' "$corpus/$name" >> "$out/all-postgres.dirs" ;;
    esac
  done <<< "$PG_SETS"
  CASES+=(all-postgres)
else
  echo "NOTICE compare.sh: no corpus found (pass CORPUS or set MIGLINT_CORPUS); comparing on examples/incident only"
  forward_files prisma "$repo/examples/incident/prisma/migrations" > "$out/incident.files"
  printf '%s\n' "$repo/examples/incident" > "$out/incident.dirs"
  CASES+=(incident)
fi

echo "== building miglint (release)"
cargo build --release -q -j "${JOBS:-1}" --bin miglint
miglint=$repo/target/release/miglint

echo "== squawk in target/peer-venv"
venv=$repo/target/peer-venv
if [ ! -x "$venv/bin/squawk" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q squawk-cli
fi
squawk=$venv/bin/squawk
echo "squawk: $("$squawk" --version 2>&1 | head -1)"
echo "miglint: $("$miglint" --version 2>&1 | head -1)"

have_hyperfine() { [ -z "${NO_HYPERFINE:-}" ] && command -v hyperfine > /dev/null; }
if [ -z "${NO_HYPERFINE:-}" ] && ! command -v hyperfine > /dev/null && [ "$(id -u)" = 0 ] && command -v apt-get > /dev/null; then
  echo "== installing hyperfine"
  apt-get install -y -q hyperfine > /dev/null 2>&1 ||
    { apt-get update -q > /dev/null 2>&1 && apt-get install -y -q hyperfine > /dev/null 2>&1; } || true
fi

# One script per tool and case: the file lists are longer than one
# command-line argument may be, and both tools pay the same `sh` start.
write_script() {
  local tool=$1 case=$2 list script=$out/$2.$1.sh
  {
    printf 'exec '
    if [ "$tool" = squawk ]; then
      list=$out/$case.files; printf '%q' "$squawk"
    else
      list=$out/$case.dirs; printf '%q check' "$miglint"
    fi
    while IFS= read -r path; do printf ' %q' "$path"; done < "$list"
    printf '\n'
  } > "$script"
  echo "$script"
}

# Times one command; writes "mean min" (seconds) to stdout.
time_loop() {
  local script=$1 i start end
  sh "$script" > /dev/null 2>&1 || true # warm-up
  for ((i = 0; i < runs; i++)); do
    start=$(date +%s.%N)
    sh "$script" > /dev/null 2>&1 || true
    end=$(date +%s.%N)
    echo "$start $end"
  done | awk '{ t = $2 - $1; s += t; if (NR == 1 || t < m) m = t } END { printf "%.4f %.4f\n", s / NR, m }'
}

results=$out/results.tsv
: > "$results"
for case in "${CASES[@]}"; do
  miglint_sh=$(write_script miglint "$case")
  squawk_sh=$(write_script squawk "$case")
  nfiles=$(wc -l < "$out/$case.files")
  echo
  echo "== case $case: squawk on $nfiles files ($out/$case.files), miglint on $(wc -l < "$out/$case.dirs") folders ($out/$case.dirs)"
  if have_hyperfine; then
    # -N: no shell in between; -i: both tools exit non-zero when they find something.
    hyperfine -N -i --warmup 2 --runs "$runs" --style basic \
      --export-json "$out/$case.json" \
      -n "miglint $case" "sh $miglint_sh" \
      -n "squawk $case" "sh $squawk_sh"
    python3 - "$out/$case.json" "$case" "$nfiles" >> "$results" <<'EOF'
import json, sys
data = json.load(open(sys.argv[1]))
for r in data["results"]:
    tool = r["command"].split()[0]
    cpu = r["user"] + r["system"]
    print(f'{tool}\t{sys.argv[2]}\t{sys.argv[3]}\t{r["mean"]:.4f}\t{r["min"]:.4f}\t{cpu:.4f}')
EOF
  else
    echo "(hyperfine unavailable: $runs timed runs each, wall clock from date)"
    for tool in miglint squawk; do
      script=$([ "$tool" = miglint ] && echo "$miglint_sh" || echo "$squawk_sh")
      read -r mean min < <(time_loop "$script")
      printf '%s\t%s\t%s\t%s\t%s\t-\n' "$tool" "$case" "$nfiles" "$mean" "$min" >> "$results"
    done
  fi
done

echo
echo "== commands (each run as \`sh SCRIPT\`; the path lists, one a line, are in $out/<case>.dirs / .files)"
for case in "${CASES[@]}"; do
  for tool in miglint squawk; do
    printf '%-7s %-13s %s: %.150s ...\n' "$tool" "$case" "$out/$case.$tool.sh" "$(cat "$out/$case.$tool.sh")"
  done
done
echo
echo "== results ($runs runs each; wall time, and CPU time (user+sys) which a busy machine inflates less)"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown), $(nproc 2>/dev/null || echo '?') cores"
printf '%-8s  %-13s  %6s  %11s  %11s  %11s\n' tool case files "mean wall" "min wall" "mean cpu"
ms() { awk -v s="$1" 'BEGIN { if (s == "-") print "-"; else printf "%.1fms", s * 1000 }'; }
while IFS=$'\t' read -r tool case nfiles mean min cpu; do
  printf '%-8s  %-13s  %6s  %11s  %11s  %11s\n' "$tool" "$case" "$nfiles" "$(ms "$mean")" "$(ms "$min")" "$(ms "$cpu")"
done < "$results"
