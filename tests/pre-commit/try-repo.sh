#!/usr/bin/env bash
# Runs the pre-commit hook of this checkout (`.pre-commit-hooks.yaml`) on a
# small example repository with `pre-commit try-repo`, the way a user adds it.
# Installs pre-commit with pip when it is missing. pre-commit builds miglint
# with `cargo install`, so the first run takes minutes.
#
# Expects the hook to fail on the example (exit 1 from miglint: a column the
# model declares that no migration adds) and to name the finding.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"

if ! command -v pre-commit >/dev/null 2>&1; then
  echo "try-repo: installing pre-commit with pip"
  python3 -m pip install --quiet --user pre-commit
  export PATH="$HOME/.local/bin:$PATH"
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp -R "$repo/tests/projects/loose-fix-file/." "$work/"
cd "$work"
git init -q
git -c user.email=t@t -c user.name=t add -A
git -c user.email=t@t -c user.name=t commit -qm example

set +e
output="$(pre-commit try-repo "$repo" miglint --all-files 2>&1)"
status=$?
set -e
printf '%s\n' "$output"
if [ "$status" -eq 0 ]; then
  echo "try-repo: expected the hook to fail on the example" >&2
  exit 1
fi
if ! grep -q "model-column-missing" <<<"$output"; then
  echo "try-repo: the hook's output does not name the finding" >&2
  exit 1
fi
echo "try-repo: ok"
