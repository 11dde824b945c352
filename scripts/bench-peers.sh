#!/usr/bin/env bash
# rutscope's import (decode + deduplicate + store, all cores and one core) against the tools a
# user might pick instead, on the same files in the same run: Python's `fitdecode` and
# Garmin's `garmin-fit-sdk` decoding FIT, `gpxpy` parsing GPX, and Debian's `gpsbabel`
# converting each file to CSV. Peers that are not installed are skipped with a notice
# (pip install fitdecode garmin-fit-sdk gpxpy; apt-get install gpsbabel).
# Data: a simulated year as FIT (1 s recording) and the real history's GPX (decompressed
# first, so nobody is timed on gzip). Usage: scripts/bench-peers.sh [WEEKS] (default 52)
set -euo pipefail
cd "$(dirname "$0")/.."
weeks=${1:-52}
corpus=${RUTSCOPE_CORPUS:-../shared/corpus}
cargo build --release --quiet
bin=$PWD/target/release/rutscope
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
$bin simulate --out "$work/fit" --weeks "$weeks" --seed 1 --scenario healthy --format fit >/dev/null
mkdir -p "$work/gpx"
if [ -d "$corpus/history/asplitline" ]; then
  for f in "$corpus"/history/asplitline/GPX_OUT/*.gpx.gz; do gunzip -c "$f" >"$work/gpx/$(basename "${f%.gz}")"; done
else
  echo "no corpus history: GPX from the simulator instead"
  $bin simulate --out "$work/gpx" --weeks "$weeks" --seed 2 --scenario healthy --format gpx >/dev/null
fi
nfit=$(ls "$work"/fit/*.fit | wc -l); mfit=$(du -sm "$work/fit" | cut -f1)
ngpx=$(ls "$work"/gpx/*.gpx | wc -l); mgpx=$(du -sm "$work/gpx" | cut -f1)
echo "FIT: $nfit files, $mfit MB; GPX: $ngpx files, $mgpx MB; $(nproc) cores"

secs() { local s; s=$(date +%s.%N); "$@" >/dev/null 2>&1 || echo "  ($1 failed)" >&2; echo "$(date +%s.%N) - $s" | bc; }
row() { printf '%-44s %8.2f s\n' "$1" "$2"; }

declare -A t
t[rs_fit]=$(secs $bin --store "$work/s1" import "$work/fit")
t[rs_fit_1]=$(secs $bin --store "$work/s2" import -j 1 "$work/fit")
t[rs_gpx]=$(secs $bin --store "$work/s3" import "$work/gpx")
t[rs_gpx_1]=$(secs $bin --store "$work/s4" import -j 1 "$work/gpx")
row "rutscope import FIT (all cores)" "${t[rs_fit]}"
row "rutscope import FIT (-j 1)" "${t[rs_fit_1]}"
row "rutscope import GPX (all cores)" "${t[rs_gpx]}"
row "rutscope import GPX (-j 1)" "${t[rs_gpx_1]}"

ratio() { echo "scale=1; $1 / $2" | bc; }
compare() { # peer label seconds fit|gpx: its row and its ratios to rutscope's import
  row "$2" "$3"
  echo "  ratio $1 / rutscope: $(ratio "$3" "${t[rs_$4]}")× (all cores), $(ratio "$3" "${t[rs_${4}_1]}")× (one core)"
}
if python3 -c 'import fitdecode' 2>/dev/null; then
  s=$(secs python3 -c "
import fitdecode, glob, sys
for p in glob.glob(sys.argv[1] + '/*.fit'):
    with fitdecode.FitReader(p) as r:
        for frame in r: pass
" "$work/fit")
  compare fitdecode "fitdecode decode only (1 core)" "$s" fit
else echo "fitdecode not installed: skipped"; fi
if python3 -c 'import garmin_fit_sdk' 2>/dev/null; then
  s=$(secs python3 -c "
from garmin_fit_sdk import Decoder, Stream
import glob, sys
for p in glob.glob(sys.argv[1] + '/*.fit'):
    Decoder(Stream.from_file(p)).read()
" "$work/fit")
  compare garmin-fit-sdk "garmin-fit-sdk decode only (1 core)" "$s" fit
else echo "garmin-fit-sdk not installed: skipped"; fi
if python3 -c 'import gpxpy' 2>/dev/null; then
  s=$(secs python3 -c "
import gpxpy, glob, sys
for p in glob.glob(sys.argv[1] + '/*.gpx'):
    with open(p) as f: gpxpy.parse(f)
" "$work/gpx")
  compare gpxpy "gpxpy parse only (1 core)" "$s" gpx
else echo "gpxpy not installed: skipped"; fi
if command -v gpsbabel >/dev/null; then
  s=$(secs bash -c 'for f in "$1"/*.fit; do gpsbabel -i garmin_fit -f "$f" -o unicsv -F "$f.csv"; done' _ "$work/fit")
  compare gpsbabel "gpsbabel FIT -> CSV (1 core)" "$s" fit
  s=$(secs bash -c 'for f in "$1"/*.gpx; do gpsbabel -i gpx -f "$f" -o unicsv -F "$f.csv"; done' _ "$work/gpx")
  compare gpsbabel "gpsbabel GPX -> CSV (1 core)" "$s" gpx
else echo "gpsbabel not installed: skipped"; fi
