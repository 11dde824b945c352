#!/usr/bin/env bash
# Coverage-guided fuzzing (cargo fuzz / libFuzzer) of the FIT reader (activity and
# monitoring files), the GPX and TCX readers, the container walker and the export side-file
# readers (Garmin Connect JSON, Strava CSV), one target at a time, single process. Seeds
# come from the real corpus (../shared/corpus: files, and the exports' JSON, CSV and zipped
# FIT files cut down to small inputs) and the project's fixtures, copied into
# fuzz/corpus/<target>/ (git ignores it). Debug assertions on, so an integer overflow is a
# crash too. Crashing inputs land in fuzz/artifacts/<target>/ (turn each into a regression
# test); each run's libFuzzer log is kept in fuzz/logs/<target>.log.
#
# Toolchain: cargo fuzz needs -Z flags. With a nightly toolchain installed it runs on
# `+nightly`; without one, on stable with RUSTC_BOOTSTRAP=1 (which unlocks them). Set
# RUTSCOPE_FUZZ_TOOLCHAIN to choose (`stable` reuses a build made with plain `cargo fuzz`).
# The first build compiles polars with coverage instrumentation: 20+ minutes on 2 cores.
# On a shared machine run it under `nice -n 19`.
#
# Usage: scripts/fuzz.sh [--runs N] [--max-len BYTES] [SECONDS] [TARGET...]
#   SECONDS  per target: the time to run, or with --runs the cap (default 120)
#   --runs N stop a target after N executions (the 10 M campaigns: --runs 10000000 3600)
#   --max-len BYTES  largest input (default 65536: small inputs keep executions fast;
#            seeds above it are left out)
#   TARGET   fit gpx tcx container export (default all five)
# An input running past RUTSCOPE_FUZZ_TIMEOUT seconds (default 60) is a timeout finding.
# libFuzzer times wall-clock: under nice on a busy machine a 2 ms input once "took" 24 s,
# so the limit is well above what a real hang needs to show.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=-1; max_len=65536
while [ $# -gt 0 ]; do
  case $1 in
    --runs) runs=$2; shift 2 ;;
    --max-len) max_len=$2; shift 2 ;;
    *) break ;;
  esac
done
secs=${1:-120}; shift || true
targets=("$@"); [ ${#targets[@]} -gt 0 ] || targets=(fit gpx tcx container export)
corpus=${RUTSCOPE_CORPUS:-../shared/corpus}
command -v cargo-fuzz >/dev/null || { echo "cargo install cargo-fuzz first"; exit 1; }
toolchain=${RUTSCOPE_FUZZ_TOOLCHAIN:-$(rustup toolchain list 2>/dev/null | grep -q '^nightly' && echo nightly || echo stable)}
[ "$toolchain" = nightly ] || export RUSTC_BOOTSTRAP=1
echo "toolchain: $toolchain${RUSTC_BOOTSTRAP:+ (RUSTC_BOOTSTRAP=1)}"

small() { [ "$(stat -c %s "$1")" -le "$max_len" ]; }
seed() { # target pattern...: files of the corpus and fixtures no larger than max_len
  local t=$1; shift; mkdir -p "fuzz/corpus/$t"
  for p in "$@"; do
    find "$corpus/files" "$corpus/exports" fixtures -type f -iname "$p" -size -"$((max_len + 1))"c \
      -exec cp -n {} "fuzz/corpus/$t/" \; 2>/dev/null || true
  done
}
seed fit '*.fit'; seed gpx '*.gpx'; seed tcx '*.tcx'; seed container '*.zip' '*.gz'
seed export 'shoes.csv'
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
# The Garmin export's uploaded FIT files (monitoring and activities) are zipped.
find "$corpus/exports" -iname '*.zip' -exec unzip -qq -o -j {} '*.fit' -d "$tmp/fit" \; 2>/dev/null || true
for f in "$tmp"/fit/*; do [ -f "$f" ] && small "$f" && cp -n "$f" fuzz/corpus/fit/; done
# A FIT file larger than max_len is seeded as its first max_len bytes: a file cut short is
# an input the reader meets anyway, and the cut keeps the big files' definitions and
# messages among the seeds when --max-len is small.
for f in $(find "$corpus/files" fixtures -iname '*.fit' -size +"$max_len"c 2>/dev/null) "$tmp"/fit/*; do
  [ -f "$f" ] && ! small "$f" && head -c "$max_len" "$f" >"fuzz/corpus/fit/$(basename "$f" .fit)-cut$max_len.fit"
done
# Every TCX of the corpus is larger than 64 KB: seeds are their first 16 KB, cut after a
# track point and closed.
for f in $(find "$corpus/files" fixtures -iname '*.tcx' 2>/dev/null); do
  end=$(head -c 16384 "$f" | grep -b -o '</Trackpoint>' | tail -1 | cut -d: -f1 || true)
  [ -n "$end" ] || continue
  { head -c "$((end + 13))" "$f"; echo '</Track></Lap></Activity></Activities></TrainingCenterDatabase>'; } \
    >"fuzz/corpus/tcx/$(basename "$f" .tcx)-16k.tcx"
done
# Whole export files are hundreds of KB: seeds are four slices of three entries each,
# from the start, a quarter, half and three quarters in (valid JSON; CSV header + rows).
for f in $(find "$corpus/exports" -iname '*.json' 2>/dev/null); do
  command -v jq >/dev/null || { small "$f" && cp -n "$f" fuzz/corpus/export/; continue; }
  for q in 0 1 2 3; do
    jq -c --argjson q "$q" 'walk(if type == "array" and length > 8
      then (length * $q / 4 | floor) as $i | .[$i:$i + 3] else . end)' "$f" \
      >"fuzz/corpus/export/$(basename "$f" .json)-$q.json" 2>/dev/null || true
  done
done
for f in $(find "$corpus/exports" -iname 'activities.csv' 2>/dev/null); do
  rows=$(grep -c '^[0-9][0-9]*,' "$f" || true)
  for q in 0 1 2 3; do # a row starts with its Activity ID; descriptions may span lines
    awk -v from="$((rows * q / 4))" 'NR == 1 { print; next }
      /^[0-9]+,/ { n++ } n > from && n <= from + 3' "$f" >"fuzz/corpus/export/activities-$q.csv"
  done
done

cargo "+$toolchain" fuzz build -s none -a
mkdir -p fuzz/logs
for t in "${targets[@]}"; do
  log=fuzz/logs/$t.log
  mkdir -p "fuzz/artifacts/$t"; touch "$tmp/start"; t0=$(date +%s)
  cargo "+$toolchain" fuzz run -s none -a "$t" -- -runs="$runs" -max_total_time="$secs" \
    -max_len="$max_len" -rss_limit_mb=2048 -timeout="${RUTSCOPE_FUZZ_TIMEOUT:-60}" -print_final_stats=1 >"$log" 2>&1 || true
  wall=$(($(date +%s) - t0))
  final() { grep -o "stat::$1: *[0-9]*" "$log" | grep -o '[0-9]*$' || echo "?"; }
  last=$(grep -E '^#[0-9]+' "$log" | tail -1 || true)
  cov=$(grep -o 'cov: [0-9]*' <<<"$last" || true); ft=$(grep -o 'ft: [0-9]*' <<<"$last" || true)
  found=$(find "fuzz/artifacts/$t" -type f -newer "$tmp/start" | wc -l)
  echo "$t: $(final number_of_executed_units) executions in ${wall} s ($(final average_exec_per_sec) exec/s)," \
    "$cov, $ft, $(ls "fuzz/corpus/$t" | wc -l) corpus inputs, peak RSS $(final peak_rss_mb) MB," \
    "$found new crash/timeout/oom artifacts"
  grep -m3 -E "panicked at|ERROR: libFuzzer|SUMMARY" "$log" || true
done
