#!/usr/bin/env bash
# Wall time and peak memory of importing the real history and corpus into fresh stores,
# on all cores and on one, and memory against input size (it must not grow with the number
# of files). Usage: scripts/bench-import.sh [CORPUS_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
corpus="${1:-${RUTSCOPE_CORPUS:-../shared/corpus}}"
[ -d "$corpus" ] || { echo "corpus not found at $corpus"; exit 0; }
cargo build --release --quiet
bin=target/release/rutscope
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

run() { # label jobs input...
  local label=$1 jobs=$2; shift 2
  rm -rf "$tmp/store"
  /usr/bin/time -f "%e %M" -o "$tmp/time" "$bin" --store "$tmp/store" import -j "$jobs" --json "$@" > "$tmp/out" || true
  read -r secs kb < <(tail -1 "$tmp/time")
  python3 - "$label" "$jobs" "$secs" "$kb" "$tmp/out" <<'PY'
import json, sys
label, jobs, secs, kb, out = sys.argv[1:]
s = json.load(open(out))
secs = float(secs)
print(f"{label:<28} jobs={jobs}  {s['imported']:>4} files  {s['bytes']/1e6:7.1f} MB  {s['samples']:>8} samples  "
      f"{secs:5.2f} s  {s['bytes']/1e6/secs:6.1f} MB/s  {s['samples']/secs/1e3:7.1f} k samples/s  peak RSS {int(kb)/1024:6.1f} MiB")
PY
}

hist="$corpus/history/asplitline/GPX_OUT"
for j in 2 1; do run "history (230 GPX.gz)" $j "$hist"; done
for j in 2 1; do run "corpus (220 mixed files)" $j "$corpus/files"; done
# Memory against input size: the first 50 history files vs all 230.
mkdir -p "$tmp/first128"
ls "$hist" | head -128 | while read -r f; do ln -s "$(realpath "$hist/$f")" "$tmp/first128/$f"; done
run "history, first 128 files" 2 "$tmp/first128"
