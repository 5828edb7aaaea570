#!/usr/bin/env bash
# All the tests, from a clean clone: the README's test command. Installs what the end-to-end
# suites need (a Python venv for the OpenFisca harness and pytest-lsp, Debian's Chromium and
# playwright-core, the VS Code extension's npm packages, cargo-fuzz), then runs:
#   1. cargo test --workspace (unit, UI, golden, evaluation, formatter, LSP in-process tests);
#   2. the published CSVs imported by LibreOffice Calc with the French locale (numbers, accents);
#   3. the shipped agreements: check, examples, canonical formatting;
#   4. the built site in a real headless browser;
#   5. the language server driven by pytest-lsp over stdio;
#   6. the VS Code extension: grammar tests and .vsix packaging;
#   7. the fuzz corpora replay (short runs).
# It first checks its prerequisites and names every one missing (`--prerequisites`: only that).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
step() { printf '\n==== %s\n' "$*"; }

# Prerequisites: what the steps below need and cannot install themselves.
missing=()
rust_minimum="$(sed -n 's/^rust-version = "\(.*\)"/\1/p' Cargo.toml)"
if ! command -v cargo >/dev/null 2>&1; then
  missing+=("Rust (cargo, rustc) $rust_minimum ou plus : https://rustup.rs")
else
  rust_version="$(rustc --version | sed -n 's/^rustc \([0-9]*\.[0-9]*\).*/\1/p')"
  if [ "$(printf '%s\n%s\n' "$rust_minimum" "$rust_version" | sort -V | head -n1)" != "$rust_minimum" ]; then
    missing+=("Rust $rust_minimum ou plus (trouvé : $rust_version) : rustup update")
  fi
fi
if ! python3 -c 'import sys, venv, ensurepip; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1; then
  missing+=("Python 3.11 ou plus avec venv et pip (Debian : apt-get install python3 python3-venv)")
fi
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  missing+=("Node.js 18 ou plus avec npm (Debian : apt-get install nodejs npm)")
elif [ "$(node -p 'process.versions.node.split(".")[0]')" -lt 18 ]; then
  missing+=("Node.js 18 ou plus (trouvé : $(node --version))")
fi
if ! command -v cc >/dev/null 2>&1 || ! command -v c++ >/dev/null 2>&1; then
  missing+=("un compilateur C et C++ (cc, c++ : apt-get install build-essential), pour cargo-fuzz")
fi
if [ ! -x /usr/bin/chromium ] && [ "$(id -u)" != 0 ]; then
  missing+=("les droits root pour installer Chromium avec apt-get (ou /usr/bin/chromium déjà installé)")
fi
if [ ! -f "$root/../shared/bench/openfisca/bench.py" ] || [ ! -d "$root/../shared/sources" ]; then
  missing+=("le dossier ../shared à côté du dépôt (sources des accords, banc OpenFisca) : $(cd "$root/.." && pwd)/shared")
fi
if [ "${#missing[@]}" -gt 0 ]; then
  echo "tests/run.sh : il manque ${#missing[@]} prérequis :" >&2
  for item in "${missing[@]}"; do echo "  - $item" >&2; done
  exit 2
fi
if [ "${1:-}" = "--prerequisites" ]; then
  echo "prérequis présents"
  exit 0
fi

step "cargo build --release"
cargo build --release --locked -p clause

step "python3 with jsonschema, duckdb and pyspark, Java, PostgreSQL, for the generated evaluators' tests"
if ! python3 -c "import jsonschema, duckdb, pyspark" 2>/dev/null; then
  python3 -m venv target/codegen-venv
  target/codegen-venv/bin/pip install -q jsonschema duckdb pyspark
  export CLAUSE_PYTHON="$root/target/codegen-venv/bin/python3"
fi
# pyspark (the Spark SQL test, codegen/tests/sql_spark.rs: one local JVM, two batches at a time) runs on Java 17.
if ! command -v java >/dev/null 2>&1; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jre-headless >/dev/null
fi
# The SQL target's test starts its own throwaway cluster (initdb, pg_ctl) on a free port.
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && ! command -v initdb >/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi

step "poppler-utils (pdftotext, pdftoppm, pdfinfo, pdffonts) for the PDF golden test"
if ! command -v pdftotext >/dev/null 2>&1 || ! command -v pdftoppm >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then apt-get update -qq; apt-get install -y --no-install-recommends poppler-utils; else sudo apt-get update -qq; sudo apt-get install -y --no-install-recommends poppler-utils; fi
fi

step "cargo test --workspace"
cargo test --workspace --locked

step "published CSVs in LibreOffice Calc, French locale (libreoffice-calc-nogui, headless)"
# Ignored by `cargo test` (it needs the office suite): about 30 s to install, seconds to convert.
if ! command -v soffice >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then sudo=(); else sudo=(sudo); fi
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends libreoffice-calc-nogui >/dev/null
fi
cargo test --locked -p clause-tests --test spreadsheet -- --ignored

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
