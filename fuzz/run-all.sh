#!/usr/bin/env bash
# Runs the fuzz targets one after another (never two at once: the machine
# has two shared cores) and records, per run, the executions, the coverage
# (libFuzzer's cov/ft), the wall time and any crash, timeout or OOM.
#
# Before fuzzing, cases.sh runs the targets once on the tracked reliability
# reproducers too large for the runs' -max_len.
#
#   fuzz/run-all.sh                   # the long runs: sql_pipeline 60 min, the others 15 min
#   fuzz/run-all.sh prisma config     # only these targets
#   SQL_SECONDS=300 OTHER_SECONDS=300 fuzz/run-all.sh   # short runs
#
# Environment:
#   SQL_SECONDS    sql_pipeline's duration (default 3600)
#   OTHER_SECONDS  every other target's duration (default 900)
#   KEEP_GOING=1   fork mode (-fork=1 -ignore_crashes…): a crash is saved and the run
#                  goes on to its full duration instead of stopping (default 0)
#   MIGLINT_FUZZ_SKIP_KNOWN=1  skip inputs shaped like the tracked bugs (see src/lib.rs)
#   LOG            summary file (default fuzz/logs/run-all.log); each run's full
#                  libFuzzer output goes to fuzz/logs/<target>-<time>.log
set -uo pipefail

fuzz_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$fuzz_dir"
mkdir -p logs
summary="${LOG:-$fuzz_dir/logs/run-all.log}"
sql_seconds="${SQL_SECONDS:-3600}"
other_seconds="${OTHER_SECONDS:-900}"
keep_going="${KEEP_GOING:-0}"
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(sql_pipeline sql_structured prisma config project)

# Release build with debug assertions (overflow checks); no sanitizer:
# miglint forbids unsafe code, and ASan would halve the executions.
build=(cargo +nightly fuzz build -s none -a)
nice -n 10 "${build[@]}" || { echo "build failed" >&2; exit 2; }

if [ ! -d corpus/sql_pipeline ] || [ -z "$(ls -A corpus/sql_pipeline 2>/dev/null)" ]; then
  ./seed.sh
fi

printf '%s\n' "# $(date -u +%FT%TZ) $(git -C "$fuzz_dir" rev-parse --short HEAD 2>/dev/null) skip_known=${MIGLINT_FUZZ_SKIP_KNOWN:-0} keep_going=$keep_going" >> "$summary"

# The tracked reliability reproducers first: each line says "ok" once its fix is in.
./cases.sh 2>&1 | tee -a "$summary"

for target in "${targets[@]}"; do
  case "$target" in
    sql_pipeline) seconds=$sql_seconds; dict=sql.dict; max_len=16384 ;;
    sql_structured) seconds=$other_seconds; dict=sql.dict; max_len=16384 ;;
    prisma) seconds=$other_seconds; dict=prisma.dict; max_len=16384 ;;
    config) seconds=$other_seconds; dict=toml.dict; max_len=4096 ;;
    project) seconds=$other_seconds; dict=sql.dict; max_len=32768 ;;
    *) echo "unknown target $target" >&2; continue ;;
  esac
  mkdir -p "corpus/$target" "artifacts/$target"
  log="logs/$target-$(date -u +%Y%m%dT%H%M%SZ).log"
  options=(
    "-max_total_time=$seconds" -rss_limit_mb=2048 -timeout=10 "-max_len=$max_len"
    "-dict=$dict" -print_final_stats=1 "-artifact_prefix=artifacts/$target/"
  )
  if [ "$keep_going" = 1 ]; then
    options+=(-fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1)
  fi
  before=$(ls "artifacts/$target" | wc -l)
  start=$(date +%s)
  nice -n 10 cargo +nightly fuzz run -s none -a "$target" "corpus/$target" -- "${options[@]}" > "$log" 2>&1
  status=$?
  wall=$(( $(date +%s) - start ))
  # The last status line carries the totals: "#<execs> … cov: N ft: N corp: …".
  last=$(grep -aE '^#[0-9]+' "$log" | tail -n 1)
  execs=$(grep -a 'stat::number_of_executed_units' "$log" | tail -n 1 | awk '{print $2}')
  [ -z "$execs" ] && execs=$(printf '%s' "$last" | sed -nE 's/^#([0-9]+).*/\1/p')
  cov=$(printf '%s' "$last" | sed -nE 's/.*cov: ([0-9]+).*/\1/p')
  ft=$(printf '%s' "$last" | sed -nE 's/.*ft: ([0-9]+).*/\1/p')
  corp=$(printf '%s' "$last" | sed -nE 's/.*corp: ([0-9]+).*/\1/p')
  found=$(( $(ls "artifacts/$target" | wc -l) - before ))
  # Fork mode counts what it survived: "oom/timeout/crash: a/b/c".
  survived=$(printf '%s' "$last" | sed -nE 's|.*oom/timeout/crash: ([0-9/]+).*|oom/timeout/crash=\1|p')
  kind=$(grep -aoE 'ERROR: libFuzzer: [a-z-]+|deadly signal|panicked at [^:]+:[0-9]+' "$log" | head -n 1)
  printf '%-15s exit=%-3s wall=%ss execs=%s cov=%s ft=%s corp=%s new_artifacts=%s %s %s log=%s\n' \
    "$target" "$status" "$wall" "${execs:-?}" "${cov:-?}" "${ft:-?}" "${corp:-?}" "$found" "${survived:-}" "${kind:-}" "$log" \
    | tee -a "$summary"
done
