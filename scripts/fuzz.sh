#!/usr/bin/env bash
# Coverage-guided fuzzing (cargo fuzz / libFuzzer, nightly toolchain) of the FIT, GPX and TCX
# readers and the container walker, seeded with the real corpus (copied into fuzz/corpus/,
# which git ignores) and the project's fixtures. Debug assertions on, so an integer overflow
# is a crash too. Prints executions and crashes per target; crashing inputs land in
# fuzz/artifacts/<target>/ (turn each into a regression test).
# Usage: scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]   (default 120 s, all four)
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-120}; shift || true
targets=("$@"); [ ${#targets[@]} -gt 0 ] || targets=(fit gpx tcx container)
corpus=${RUTSCOPE_CORPUS:-../shared/corpus}
command -v cargo-fuzz >/dev/null || { echo "cargo install cargo-fuzz first"; exit 1; }
seed() { # target pattern...
  local t=$1; shift; mkdir -p "fuzz/corpus/$t"
  for p in "$@"; do
    find "$corpus/files" fixtures -type f -iname "$p" -size -1M -exec cp -n {} "fuzz/corpus/$t/" \; 2>/dev/null || true
  done
}
seed fit '*.fit'; seed gpx '*.gpx'; seed tcx '*.tcx'; seed container '*.zip' '*.gz'
cargo +nightly fuzz build -s none -a
for t in "${targets[@]}"; do
  log=$(mktemp)
  cargo +nightly fuzz run -s none -a "$t" -- -max_total_time="$secs" -rss_limit_mb=2048 -timeout=10 \
    -max_len=1048576 -print_final_stats=1 >"$log" 2>&1 || true
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1)
  crashes=$(ls "fuzz/artifacts/$t" 2>/dev/null | wc -l)
  echo "$t: ${secs} s, $execs executions, $cov, $(ls "fuzz/corpus/$t" | wc -l) corpus inputs, $crashes crash/timeout/oom artifacts"
  grep -m3 -E "panicked at|ERROR: libFuzzer" "$log" || true
  rm -f "$log"
done
