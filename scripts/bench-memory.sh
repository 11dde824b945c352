#!/usr/bin/env bash
# Memory: peak resident set size ("Maximum resident set size" of `/usr/bin/time -v`) of
#   1. `simulate --weeks 520` (10 years, FIT, the defaults) and the same written as GPX;
#   2. importing one 225 MB GPX file into a fresh store, twice: dense (position, elevation and
#      time only: as many points as 225 MB holds) and rich (heart rate, cadence, speed);
#   3. importing one 86 MB FIT file that chains 880 simulated runs (2.8 M records);
#   4. importing each of the two 10-year histories into a fresh store.
# Issue 20's targets: the big GPX <= 600 MB, 10 years <= 300 MB, simulate --weeks 520 <= 300 MB.
#
# Every input is built here, without the network:
# - the 10-year histories are `rutscope simulate --weeks 520 --seed 1 --start 2016-01-04` (FIT) and the same with
#   `--format gpx`;
# - each big GPX is one long track: the `<trkpt>` points of the GPX history, in file (date)
#   order, appended into a single `<trk>`, one `<trkseg>` per source file, until the file
#   holds at least 225,000,000 bytes. Times only go forward, so it reads as one recording.
#   The dense one strips each point to position, elevation and time (no extensions,
#   whole-second times, no indentation: ~96 bytes a point, about 2.3 M points, some 27 days
#   of 1 s recording: the worst case for memory per byte); the rich one keeps the points as
#   the simulator writes them (~274 bytes, about 820k points);
# - the chained FIT is the first 880 files of the FIT history concatenated (FIT allows
#   chained files; each part is an activity).
#
# Usage: scripts/bench-memory.sh [WORK_DIR]   (default: a temporary folder, removed at the end)
#        RUTSCOPE_BIN=/path/to/rutscope scripts/bench-memory.sh   measures another build (the
#        figures before a change) instead of building this tree.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -n "${RUTSCOPE_BIN:-}" ]; then
  bin=$RUTSCOPE_BIN
else
  cargo build --release --quiet
  bin=$PWD/target/release/rutscope
fi
if [ $# -ge 1 ]; then
  work=$1
  mkdir -p "$work"
else
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
fi
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "rutscope: $bin ($("$bin" --version)), tree $(git describe --always --dirty 2>/dev/null || echo '?')"

rows=()
measure() { # label command... ; records seconds and peak RSS
  local label=$1; shift
  /usr/bin/time -v -o "$work/time" "$@" >"$work/out" 2>"$work/err" || { echo "$label failed:"; cat "$work/err"; exit 1; }
  local kb secs
  kb=$(awk -F: '/Maximum resident set size/ {gsub(/ /, "", $2); print $2}' "$work/time")
  secs=$(awk '/Elapsed \(wall clock\)/ {n = split($NF, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s}' "$work/time")
  rows+=("$(printf '| %-48s | %8.2f s | %8.1f MiB |' "$label" "$secs" "$(echo "$kb / 1024" | bc -l)")")
  echo "${rows[-1]}"
}

rm -rf "$work/sim-fit" "$work/sim-gpx" "$work/big" "$work/store"
# Ten years that end before today: the simulator starts at 2024-01-01 by default, and the
# importer reads a recording dated after the present as a stopped clock (untimed), which was
# 70 % of these ten years at stop 34.
start=2016-01-04
measure "simulate --weeks 520 (FIT)" "$bin" simulate --out "$work/sim-fit" --weeks 520 --seed 1 --start $start
measure "simulate --weeks 520 --format gpx" "$bin" simulate --out "$work/sim-gpx" --weeks 520 --seed 1 --start $start --format gpx

mkdir -p "$work/big"
long_track() { # out.gpx dense|rich
  local out=$1 target_bytes=225000000 f
  {
    head -n 2 "$(ls "$work"/sim-gpx/*.gpx | head -n 1)"   # XML declaration and <gpx ...>
    echo ' <trk>'
    echo '  <name>one long track built from the simulated history</name>'
    echo '  <type>running</type>'
  } >"$out"
  for f in "$work"/sim-gpx/*.gpx; do
    [ "$(stat -c %s "$out")" -ge "$target_bytes" ] && break
    {
      echo '  <trkseg>'
      if [ "$2" = dense ]; then
        grep -F '<trkpt ' "$f" | sed -e 's/^ *//' -e 's|<extensions>.*</extensions>||' -e 's/\.000Z</Z</'
      else
        grep -F '<trkpt ' "$f"
      fi
      echo '  </trkseg>'
    } >>"$out"
  done
  printf ' </trk>\n</gpx>\n' >>"$out"
  echo "$2 GPX: $(stat -c %s "$out") bytes, $(grep -c '<trkpt ' "$out") points"
}
for kind in dense rich; do
  big=$work/big/long-track-$kind.gpx
  long_track "$big" $kind
  points=$(grep -c '<trkpt ' "$big")
  rm -rf "$work/store"
  measure "import one $(( $(stat -c %s "$big") / 1000000 )) MB GPX, $kind ($(awk -v p="$points" 'BEGIN {printf "%.2f M", p / 1e6}') points)" "$bin" --store "$work/store" import "$big"
  rm -f "$big"
done
chained=$work/big/chained.fit
fits=("$work"/sim-fit/*.fit)
cat "${fits[@]:0:880}" >"$chained"
rm -rf "$work/store"
measure "import one $(( $(stat -c %s "$chained") / 1000000 )) MB chained FIT (880 runs)" "$bin" --store "$work/store" import "$chained"
rm -f "$chained"
rm -rf "$work/store"
echo "FIT history: $(ls "$work"/sim-fit | wc -l) files, $(du -sm "$work/sim-fit" | cut -f1) MB"
measure "import 10 years (FIT)" "$bin" --store "$work/store" import "$work/sim-fit"
rm -rf "$work/store"
echo "GPX history: $(ls "$work"/sim-gpx | wc -l) files, $(du -sm "$work/sim-gpx" | cut -f1) MB"
measure "import 10 years (GPX)" "$bin" --store "$work/store" import "$work/sim-gpx"

echo
echo "| what | wall | peak RSS |"
echo "|---|---|---|"
printf '%s\n' "${rows[@]}"
