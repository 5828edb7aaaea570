#!/usr/bin/env bash
# All the tests, from a clean clone: the README's test command. Installs what the end-to-end
# suites need (a Python venv for the OpenFisca harness and pytest-lsp, Debian's Chromium and
# playwright-core, the VS Code extension's npm packages, cargo-fuzz), then runs:
#   1. cargo test --workspace (unit, UI, golden, evaluation, formatter, LSP in-process tests);
#   2. the shipped agreements: check, examples, canonical formatting;
#   3. the built site in a real headless browser;
#   4. the language server driven by pytest-lsp over stdio;
#   5. the VS Code extension: grammar tests and .vsix packaging;
#   6. the fuzz corpora replay (short runs).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
step() { printf '\n==== %s\n' "$*"; }

step "cargo build --release"
cargo build --release --locked -p clause

step "python3 with jsonschema, for the generated evaluators' tests"
if ! python3 -c "import jsonschema" 2>/dev/null; then
  python3 -m venv target/codegen-venv
  target/codegen-venv/bin/pip install -q jsonschema
  export CLAUSE_PYTHON="$root/target/codegen-venv/bin/python3"
fi

step "cargo test --workspace"
cargo test --workspace --locked

step "agreements: check, examples, formatting"
./target/release/clause check agreements/
./target/release/clause test agreements/
./target/release/clause fmt --check agreements/

step "site in headless Chromium"
bash tests/browser/run.sh

step "language server end to end (pytest-lsp)"
CLAUSE_BIN="$root/target/release/clause" bash tests/lsp_e2e/run.sh

step "VS Code extension"
bash editors/vscode/ci.sh

if [ -x fuzz/replay.sh ]; then
  step "fuzz corpora replay"
  bash fuzz/replay.sh 10
fi

step "all tests passed"
