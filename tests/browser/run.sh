#!/usr/bin/env bash
# Builds the site with the release binary and renders every page in headless Chromium (Debian's
# package): no console error, lang="fr", tables with headers. Screenshots (and A4 PDFs of two
# pages) go to target/site-screenshots/, with the simulators filled for four cases (their amounts
# checked against `clause eval`, an axe-core audit). Installs Chromium and the npm packages when missing.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"

if [ ! -x /usr/bin/chromium ]; then
  echo "installation de chromium (apt-get)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
if ! command -v pdftotext >/dev/null 2>&1; then
  echo "installation de poppler-utils (apt-get)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils >/dev/null
fi
if [ ! -d "$here/node_modules/playwright-core" ] || [ ! -d "$here/node_modules/axe-core" ]; then
  echo "installation de playwright-core (npm ci)"
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
fi

site="${CLAUSE_SITE:-target/clause-site}"
rm -rf "$site"
cargo run --release -q -- build --out "$site"
rm -rf target/site-screenshots
node "$here/check_site.js" "$site" target/site-screenshots
# The simulators of aci_cpts_2019 and avenant_2_proposition_2020: four cases filled in, the amounts of `clause eval`, axe-core.
node "$here/check_simulator.js" "$site" target/release/clause target/site-screenshots
# Every version and comparison printed on A4: no row or group split, no total alone (layout).
rm -rf target/site-print
node "$here/check_print.js" "$site" target/site-print
