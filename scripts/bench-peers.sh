#!/usr/bin/env bash
# rutscope's import (decode + deduplicate + store, all cores and one core) against the tools a
# user might pick instead, on the same files in the same run: Python's `fitdecode` and
# Garmin's `garmin-fit-sdk` decoding FIT, `gpxpy` parsing GPX, and Debian's `gpsbabel`
# converting each file to CSV. Peers that are not installed are skipped with a notice
# (pip install fitdecode garmin-fit-sdk gpxpy; apt-get install gpsbabel).
# Data (decompressed first, so nobody is timed on gzip): a simulated year as FIT (1 s
# recording), the real Coros FIT histories (wuyueSea and 520qianjiawen: 1,141 files, 114 MB)
# and the real GPX history (asplitline). rutscope's rows say the CPU time it used over its
# wall time (2.0: both cores busy throughout) and its FIT throughput; each of its rows is the
# median of three imports (a single run varies by ±5 % on the project machine).
# `gpsbabel`, the closest peer, varies by ±20 % from run to run on the project machine: its
# rows are the median of three conversions too.
# Usage: scripts/bench-peers.sh [WEEKS] (default 52)
#        PEERS="gpsbabel" scripts/bench-peers.sh   only those peers (default: fitdecode
#        garmin-fit-sdk gpxpy gpsbabel)
set -euo pipefail
cd "$(dirname "$0")/.."
weeks=${1:-52}
peers=" ${PEERS:-fitdecode garmin-fit-sdk gpxpy gpsbabel} "
want() { [[ $peers == *" $1 "* ]]; }
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
mkdir -p "$work/coros"
for d in wuyueSea 520qianjiawen; do
  for f in "$corpus"/history/$d/FIT_OUT/*.fit.gz; do
    [ -e "$f" ] && gunzip -c "$f" >"$work/coros/$d-$(basename "${f%.gz}")"
  done
done
ncoros=$(ls "$work"/coros | wc -l); mcoros=$(du -sm "$work/coros" | cut -f1)
echo "Coros FIT histories: $ncoros files, $mcoros MB"
nfit=$(ls "$work"/fit/*.fit | wc -l); mfit=$(du -sm "$work/fit" | cut -f1)
ngpx=$(ls "$work"/gpx/*.gpx | wc -l); mgpx=$(du -sm "$work/gpx" | cut -f1)
echo "FIT: $nfit files, $mfit MB; GPX: $ngpx files, $mgpx MB; $(nproc) cores"

secs() { local s; s=$(date +%s.%N); "$@" >/dev/null 2>&1 || echo "  ($1 failed)" >&2; echo "$(date +%s.%N) - $s" | bc; }
median3() { local a b c; a=$(secs "$@"); b=$(secs "$@"); c=$(secs "$@"); printf '%s\n' "$a" "$b" "$c" | sort -n | sed -n 2p; }
row() { printf '%-48s %8.2f s\n' "$1" "$2"; }
declare -A t cores
# rutscope's import of folder $2 into a fresh store (extra arguments after), three times:
# the median run's wall seconds in t[$1], its CPU seconds over wall seconds in cores[$1].
import() {
  local key=$1 dir=$2 runs=() wall user sys; shift 2
  for _ in 1 2 3; do
    rm -rf "$work/store"
    /usr/bin/time -f "%e %U %S" -o "$work/time" $bin --store "$work/store" import "$@" "$dir" >/dev/null 2>&1 \
      || echo "  (rutscope import $dir failed)" >&2
    runs+=("$(cat "$work/time")")
  done
  read -r wall user sys < <(printf '%s\n' "${runs[@]}" | sort -n | sed -n 2p)
  t[$key]=$wall
  cores[$key]=$(echo "scale=2; ($user + $sys) / $wall" | bc)
}
import coros "$work/coros"; import coros_1 "$work/coros" -j 1
import fit "$work/fit"; import fit_1 "$work/fit" -j 1
import gpx "$work/gpx"; import gpx_1 "$work/gpx" -j 1
for k in coros fit gpx; do
  for j in "" _1; do
    label="rutscope import ${k^^}$([ -z "$j" ] && echo " (all cores)" || echo " (-j 1)")"
    row "$label" "${t[$k$j]}"
    echo "  ${cores[$k$j]} cores busy"
  done
done
echo "rutscope FIT throughput, all cores: Coros $(echo "scale=1; $mcoros / ${t[coros]}" | bc) MB/s, simulated $(echo "scale=1; $mfit / ${t[fit]}" | bc) MB/s"

ratio() { echo "scale=1; $1 / $2" | bc; }
compare() { # peer label seconds coros|fit|gpx: its row and its ratios to rutscope's import
  row "$2" "$3"
  echo "  ratio $1 / rutscope: $(ratio "$3" "${t[$4]}")× (all cores), $(ratio "$3" "${t[${4}_1]}")× (one core)"
}
fit_peers() { # dir key: the FIT decoders on one folder
  if ! want fitdecode; then :
  elif python3 -c 'import fitdecode' 2>/dev/null; then
    s=$(secs python3 -c "
import fitdecode, glob, sys
for p in glob.glob(sys.argv[1] + '/*.fit'):
    with fitdecode.FitReader(p) as r:
        for frame in r: pass
" "$1")
    compare fitdecode "fitdecode decode only (1 core), $2" "$s" "$2"
  else echo "fitdecode not installed: skipped"; fi
  if ! want garmin-fit-sdk; then :
  elif python3 -c 'import garmin_fit_sdk' 2>/dev/null; then
    s=$(secs python3 -c "
from garmin_fit_sdk import Decoder, Stream
import glob, sys
for p in glob.glob(sys.argv[1] + '/*.fit'):
    Decoder(Stream.from_file(p)).read()
" "$1")
    compare garmin-fit-sdk "garmin-fit-sdk decode only (1 core), $2" "$s" "$2"
  else echo "garmin-fit-sdk not installed: skipped"; fi
  if ! want gpsbabel; then :
  elif command -v gpsbabel >/dev/null; then
    s=$(median3 bash -c 'for f in "$1"/*.fit; do gpsbabel -i garmin_fit -f "$f" -o unicsv -F "$f.csv"; done' _ "$1")
    compare gpsbabel "gpsbabel FIT -> CSV (1 core), $2" "$s" "$2"
    rm -f "$1"/*.csv
  else echo "gpsbabel not installed: skipped"; fi
}
fit_peers "$work/coros" coros
fit_peers "$work/fit" fit
if ! want gpxpy; then :
elif python3 -c 'import gpxpy' 2>/dev/null; then
  s=$(secs python3 -c "
import gpxpy, glob, sys
for p in glob.glob(sys.argv[1] + '/*.gpx'):
    with open(p) as f: gpxpy.parse(f)
" "$work/gpx")
  compare gpxpy "gpxpy parse only (1 core)" "$s" gpx
else echo "gpxpy not installed: skipped"; fi
if ! want gpsbabel; then :
elif command -v gpsbabel >/dev/null; then
  s=$(median3 bash -c 'for f in "$1"/*.gpx; do gpsbabel -i gpx -f "$f" -o unicsv -F "$f.csv"; done' _ "$work/gpx")
  compare gpsbabel "gpsbabel GPX -> CSV (1 core)" "$s" gpx
else echo "gpsbabel not installed: skipped"; fi
