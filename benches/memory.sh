#!/usr/bin/env bash
# Time and peak memory of `miglint check --format json` (release build) on
# generated seed migrations at 1x, 2x and 4x their base size, to show both
# grow linearly with the input:
#
#   benches/memory.sh [SCALE]
#
# Inputs (SCALE, default 1, multiplies every base size):
#   rows     - CREATE TABLE + one-row INSERTs, 50 MB at 1x (a seed migration)
#   values   - one INSERT ... VALUES with many rows, 50 MB at 1x
#   line     - one 1 MB line of statements, with a finding past column 65,535
#   parens   - DEFAULT ((((1)))) nested 100,000 deep (200 KB at 1x)
#
# Prints, per input and size: bytes, wall and user CPU seconds (CPU time is the
# steadier one on a busy machine), peak RSS (MB) and peak RSS over input size. Needs python3 and GNU time (/usr/bin/time).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
scale=${1:-1}
out=target/memory-bench
mkdir -p "$out"
cargo build --release --quiet
bin=target/release/miglint
[ -x /usr/bin/time ] || { echo "needs GNU time (/usr/bin/time): apt-get install time" >&2; exit 2; }

gen() { # kind factor file
  python3 - "$1" "$2" "$3" "$scale" <<'EOF'
import sys
kind, factor, path, scale = sys.argv[1], int(sys.argv[2]), sys.argv[3], float(sys.argv[4])
m = factor * scale
with open(path, "w") as f:
    if kind == "rows":
        f.write("CREATE TABLE t (id int, name text);\n")
        n = int(900_000 * m)
        for i in range(n):
            f.write("INSERT INTO t (id, name) VALUES (%d, 'name %d');\n" % (i, i))
    elif kind == "values":
        f.write("CREATE TABLE t (id int, email text, note text, at timestamptz, v numeric, b boolean, x text);\nINSERT INTO t VALUES\n")
        n = int(500_000 * m)
        f.write(",\n".join("(%d, 'user%d@example.com', 'some longer text value number %d', now(), %d.5, true, NULL)" % (i, i, i, i) for i in range(n)))
        f.write(";\n")
    elif kind == "line":
        n = int(35_000 * m)
        f.write("CREATE TABLE t (id int);" + "INSERT INTO t (id) VALUES (1);" * n + "ALTER TABLE t ADD COLUMN id int;\n")
    elif kind == "parens":
        n = int(100_000 * m)
        f.write("CREATE TABLE t (id int);\nALTER TABLE t ADD COLUMN y int DEFAULT " + "(" * n + "1" + ")" * n + ";\n")
EOF
}

printf '%-8s %6s %12s %8s %8s %9s %9s\n' input size bytes wall_s user_s peak_mb rss/input
for kind in rows values line parens; do
  for factor in 1 2 4; do
    file=$out/$kind-$factor.sql
    gen "$kind" "$factor" "$file"
    bytes=$(stat -c %s "$file")
    /usr/bin/time -f '%e %U %M' -o "$out/time.txt" "$bin" check --format json "$file" > "$out/out.json" || true
    python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$out/out.json" \
      || { echo "$kind x$factor: output is not JSON" >&2; exit 1; }
    # GNU time writes "Command exited with non-zero status 1" first on findings.
    read -r wall user kb < <(tail -n 1 "$out/time.txt")
    awk -v k="$kind" -v f="${factor}x" -v b="$bytes" -v w="$wall" -v u="$user" -v kb="$kb" \
      'BEGIN { printf "%-8s %6s %12d %8.2f %8.2f %9.1f %9.2f\n", k, f, b, w, u, kb/1024, kb*1024/b }'
    rm -f "$file"
  done
done
