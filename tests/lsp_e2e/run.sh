#!/usr/bin/env bash
# End-to-end tests of `clause lsp` driven by pytest-lsp (a client we did not write) over stdio.
# Creates a virtualenv, installs the pinned requirements, builds `clause` in release if it is
# missing, and runs pytest. Usage: tests/lsp_e2e/run.sh [pytest arguments]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
target="${CARGO_TARGET_DIR:-$root/target}"
venv="$target/lsp-e2e-venv"
if [ ! -x "$venv/bin/pytest" ] || ! cmp -s "$here/requirements.txt" "$venv/requirements.txt"; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$here/requirements.txt"
  cp "$here/requirements.txt" "$venv/requirements.txt"
fi
export CLAUSE_BIN="${CLAUSE_BIN:-$target/release/clause}"
if [ ! -x "$CLAUSE_BIN" ]; then
  (cd "$root" && cargo build --release -p clause)
fi
cd "$here"
exec "$venv/bin/pytest" -q -p no:cacheprovider "$@"
