#!/usr/bin/env bash
# Replays every fuzz target's committed seeds (and the corpus grown locally, if any), then fuzzes
# each for a short while. A crash, a hang (-timeout) or an out-of-memory (-rss_limit_mb) fails
# the run. Usage: fuzz/replay.sh [SECONDS_PER_TARGET] (default 20).
set -euo pipefail
cd "$(dirname "$0")"
seconds="${1:-20}"
export RUSTC_BOOTSTRAP=1
if ! cargo fuzz --version >/dev/null 2>&1; then
  cargo install cargo-fuzz --locked
fi
# Target → seed folders (text targets share the agreements and the UI corpus).
declare -A seeds=(
  [parse]="seeds/text"
  [pipeline]="seeds/text"
  [format_roundtrip]="seeds/text"
  [eval_case]="seeds/cases"
  [structured]="seeds/structured"
  [lsp_session]="seeds/lsp_session"
  [reparse]="seeds/reparse"
)
cargo fuzz build -O
for target in parse pipeline format_roundtrip eval_case structured lsp_session reparse; do
  mkdir -p "corpus/$target" "${seeds[$target]}"
  echo "== $target: corpus replay and ${seconds} s of fuzzing"
  # The first folder receives what the run finds; the seeds are only read.
  log="$(mktemp)"
  status=0
  cargo fuzz run -O "$target" "corpus/$target" ${seeds[$target]} -- \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 >"$log" 2>&1 || status=$?
  grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb|INFO: seed corpus)' "$log" || true
  if [ "$status" -ne 0 ]; then
    tail -40 "$log" >&2
    echo "fuzz target $target failed (exit $status); the input is under fuzz/artifacts/$target" >&2
    exit 1
  fi
  rm -f "$log"
done
echo "fuzz replay: 7 passed, 0 failed"
