#!/usr/bin/env bash
# How miglint's time and memory grow with the length of a history.
#
#   benches/scaling.sh [SIZES...]        (default: 10000 30000 60000 100000)
#
# Builds miglint and the synthetic-history generator in release mode, writes
# one synthetic Prisma project per size (15% CREATE TABLE, 45% ADD COLUMN,
# 20% CREATE INDEX, 20% UPDATE, with the matching schema.prisma: see
# crates/testing/src/synthetic.rs) into a temporary folder, and runs
# `miglint check --format json` on it: replay, drift and all default rules.
# Prints wall time, CPU time (user + system) and peak RSS per size (GNU
# time; installed from Debian when missing and run as root). MIGLINT=path
# times another binary; RUNS (default 3) runs per size, the fastest kept. On a
# shared machine wall time follows the load; CPU time much less so. GNU time
# counts in 10 ms steps, too coarse for the small sizes, so when hyperfine is
# installed it also prints hyperfine's mean wall time over RUNS runs.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
repo=$PWD
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10000 30000 60000 100000)
runs=${RUNS:-3}

if [ ! -x /usr/bin/time ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get install -y -qq time > /dev/null
  else
    echo "GNU time (/usr/bin/time) is missing: apt-get install time" >&2
    exit 1
  fi
fi

cargo build --release --quiet --bin miglint -p miglint
cargo build --release --quiet -p miglint_testing --bin synthetic-history
target_dir=$(cargo metadata --format-version 1 --no-deps | sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')
miglint=${MIGLINT:-$target_dir/release/miglint}
generate=$target_dir/release/synthetic-history

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

printf '%-12s %-8s %-8s %-10s %-6s %-12s %s\n' migrations wall_s cpu_s peak_MiB exit diagnostics mean_wall_ms
for n in "${sizes[@]}"; do
  project=$work/h$n
  "$generate" "$project" "$n" > /dev/null
  best_wall= best_cpu= best_rss= code=
  for _ in $(seq "$runs"); do
    set +e
    /usr/bin/time -f '%e %U %S %M' -o "$work/time" "$miglint" check --format json "$project" > "$work/out.json"
    code=$?
    set -e
    read -r wall user sys rss < "$work/time"
    cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
    if [ -z "$best_wall" ] || awk -v a="$wall" -v b="$best_wall" 'BEGIN { exit !(a < b) }'; then
      best_wall=$wall
    fi
    if [ -z "$best_cpu" ] || awk -v a="$cpu" -v b="$best_cpu" 'BEGIN { exit !(a < b) }'; then
      best_cpu=$cpu
    fi
    if [ -z "$best_rss" ] || [ "$rss" -lt "$best_rss" ]; then best_rss=$rss; fi
  done
  diagnostics=$( (grep -o '"rule":' "$work/out.json" || true) | wc -l)
  mean_ms=-
  if command -v hyperfine > /dev/null; then
    hyperfine -N -i -w 1 -r "$runs" --export-json "$work/hf.json" \
      "$miglint check --format json $project" > /dev/null 2>&1 &&
      mean_ms=$(python3 -c 'import json,sys; print(round(json.load(open(sys.argv[1]))["results"][0]["mean"] * 1000, 1))' "$work/hf.json")
  fi
  printf '%-12s %-8s %-8s %-10s %-6s %-12s %s\n' "$n" "$best_wall" "$best_cpu" "$((best_rss / 1024))" "$code" "$diagnostics" "$mean_ms"
  rm -rf "$project"
done
