#!/usr/bin/env bash
# Scale: a 10-year simulated history (6 runs a week, about 3,000 activities, FIT, GPX and TCX
# in turn, 1 s recording) imported into a fresh store on all cores and on one, then every
# analysis and the report, each timed with its peak memory; analyses twice: cold (facts cache
# deleted: every sample read back) and warm (from the cache, as after an import).
# Usage: scripts/bench-scale.sh [WEEKS] [RUNS_PER_WEEK]   (defaults 520, 6)
set -euo pipefail
cd "$(dirname "$0")/.."
weeks=${1:-520}
rpw=${2:-6}
cargo build --release --quiet
bin=$PWD/target/release/rutscope
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "rutscope $(git describe --always --dirty 2>/dev/null || echo '?'), history: $weeks weeks, $rpw runs/week"

measure() { # label command... ; prints seconds and peak RSS
  local label=$1; shift
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" >"$work/out" 2>"$work/err" || { echo "$label failed:"; cat "$work/err"; exit 1; }
  read -r secs kb < <(tail -1 "$work/time")
  printf '%-40s %7.2f s  peak RSS %7.1f MiB\n' "$label" "$secs" "$(echo "$kb / 1024" | bc -l)"
}

# Ending before today (see bench-memory.sh: a recording dated after the present is untimed).
start=$(date -u -d "-$((weeks + 1)) weeks" +%F)
measure "simulate" "$bin" simulate --out "$work/sim" --weeks "$weeks" --seed 1 --start "$start" --scenario healthy --format mixed --runs-per-week "$rpw"
files=$(ls "$work"/sim/*.{fit,gpx,tcx} 2>/dev/null | wc -l)
mb=$(du -sm "$work/sim" | cut -f1)
echo "input: $files files, $mb MB"

for j in 2 1; do
  rm -rf "$work/store"
  measure "import (-j $j)" "$bin" --store "$work/store" import -j "$j" --json "$work/sim"
  secs=$(tail -1 "$work/time" | cut -d' ' -f1)
  python3 - "$work/out" "$secs" <<'PY'
import json, sys
s = json.load(open(sys.argv[1])); secs = float(sys.argv[2])
print(f"    {s['imported']} files, {s['activities_added']} activities, {s['samples']} samples: "
      f"{s['imported']/secs:.0f} files/s, {s['bytes']/1e6/secs:.0f} MB/s, {s['samples']/secs/1e6:.2f} M samples/s")
PY
done
echo "store: $(du -sm "$work/store" | cut -f1) MB on disk"

# Each analysis, cold (the facts cache deleted first: every sample read back) or warm.
analyses() { # cold|warm
  for a in "list --all" load plateaus routes profile "report -o $work/report.html"; do
    [ "$1" = cold ] && rm -rf "$work/store/cache"
    # shellcheck disable=SC2086
    measure "  ${a%% *}" "$bin" --store "$work/store" $a
  done
}
echo "cold (facts cache deleted before each):"
analyses cold
echo "warm (facts cache in place):"
analyses warm
