#!/usr/bin/env bash
# CI for the VS Code extension, from a clean clone:
#   1. installs the locked npm dependencies (npm ci),
#   2. checks that the generated TextMate grammar is up to date,
#   3. runs the grammar tests (vscode-tmgrammar-test, vscode-tmgrammar-snap) and the
#      unit tests of the client (node --test, with fakes of the vscode API),
#   4. builds the .vsix with vsce and checks its content.
#
# Usage: editors/vscode/ci.sh [OUT_DIR]     (the .vsix goes to OUT_DIR, default: a temp dir)
# Non-interactive (stdin is not read); exits non-zero on the first failure.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"

export CI=true
export npm_config_yes=false        # never let npx prompt to install anything
export npm_config_audit=false
export npm_config_fund=false
export npm_config_update_notifier=false

out_dir="${1:-}"
if [[ -z "$out_dir" ]]; then
  out_dir="$(mktemp -d "${TMPDIR:-/tmp}/clause-vsix.XXXXXX")"
fi
mkdir -p "$out_dir"

step() { printf '\n== %s\n' "$*"; }

step "node $(node --version), npm $(npm --version 2>/dev/null)"

step "npm ci"
npm ci </dev/null

step "grammar is up to date"
node tools/build-grammar.js --check

step "grammar tests"
npx --no-install vscode-tmgrammar-test "test/*.test.clause" </dev/null

step "grammar snapshot tests"
npx --no-install vscode-tmgrammar-snap "test/snap/*.clause" </dev/null

step "client unit tests"
node --test test/unit/*.test.js </dev/null

step "files in the package"
files="$(npx --no-install @vscode/vsce ls </dev/null)"
printf '%s\n' "$files"
for required in package.json package.nls.json package.nls.fr.json extension.js \
  lib/server-path.js lib/folding.js lib/messages.js language-configuration.json \
  syntaxes/clause.tmLanguage.json README.md LICENSE \
  node_modules/vscode-languageclient/package.json; do
  if ! grep -qxF "$required" <<<"$files"; then
    echo "ci.sh: $required is missing from the package" >&2
    exit 1
  fi
done
if grep -qE '^(test|tools)/|^node_modules/(vscode-tmgrammar-test|@vscode/vsce)/' <<<"$files"; then
  echo "ci.sh: tests, tools or dev dependencies leaked into the package" >&2
  exit 1
fi

step "vsce package"
npx --no-install @vscode/vsce package --out "$out_dir/" </dev/null
vsix="$(ls -1 "$out_dir"/clause-*.vsix | head -n 1)"
test -s "$vsix"
echo "built $vsix"
