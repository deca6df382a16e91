#!/usr/bin/env bash
# Runs each fuzz target once on the tracked reliability reproducers that are
# too large for the fuzzing runs' -max_len (../shared/cases/reliability:
# nested DO blocks, DEFAULT ((…)), a finding past column 65,535, nested
# Prisma calls and lists), with the same -timeout and -rss_limit_mb as the
# runs. One line per case: "ok" once the fix is in, otherwise how it failed.
# Inputs are generated into fuzz/logs/cases/ (gitignored).
set -uo pipefail

fuzz_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cases="$(cd "$fuzz_dir/../.." && pwd)/shared/cases/reliability"
bin="$fuzz_dir/target/x86_64-unknown-linux-gnu/release"
out="$fuzz_dir/logs/cases"
if [ ! -d "$cases" ]; then
  echo "cases.sh: no reliability cases at $cases; skipped" >&2
  exit 0
fi
rm -rf "$out" && mkdir -p "$out"
sep() { printf '\000\377'; }

# gen.py writes into the current folder.
generate() { (cd "$out" && mkdir -p "$1" && cd "$1" && python3 "$cases/$2/gen.py" "${@:3}" >/dev/null); }

generate do do-block-nesting-stack-overflow
{ printf '\000'; cat "$out/do/m.sql"; } > "$out/sql_pipeline-do-nesting"
generate parens default-parens-quadratic
{ printf '\000'; cat "$out/parens/m.sql"; } > "$out/sql_pipeline-default-parens"
generate long human-render-panic-long-line
# project: PostgreSQL, one dbmate migration, the default human format among all six.
{ printf '\040\000'; sep; cat "$out/long/m.sql"; } > "$out/project-long-line"
for kind in call list; do
  generate "prisma-$kind" prisma-nesting-stack-overflow "$kind"
  cp "$out/prisma-$kind/prisma/schema.prisma" "$out/prisma-nesting-$kind"
done

status=0
for input in "$out"/*-*; do
  [ -f "$input" ] || continue
  name="$(basename "$input")"
  target="${name%%-*}"
  log="$out/$name.log"
  start=$(date +%s.%N)
  # The guard would skip exactly these inputs.
  env -u MIGLINT_FUZZ_SKIP_KNOWN "$bin/$target" -timeout=10 -rss_limit_mb=2048 "$input" > "$log" 2>&1
  code=$?
  seconds=$(printf '%.1f' "$(echo "$(date +%s.%N) - $start" | bc)")
  if [ "$code" -eq 0 ]; then
    result=ok
  else
    status=1
    result="FAILED exit=$code $(grep -aoE 'deadly signal|timeout after [0-9]+ seconds|out-of-memory[^)]*\)|panicked at [^:]+:[0-9]+' "$log" | head -n 1)"
  fi
  printf 'case %-28s %-8s %5ss  %s\n' "$name" "$target" "$seconds" "$result"
done
exit "$status"
