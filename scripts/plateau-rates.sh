#!/usr/bin/env bash
# Plateau detection on simulated histories over several seeds: on `plateau`, how far the
# aerobic and race plateaus start from the planted date; on `improving`, whether any
# plateau is reported. Usage: scripts/plateau-rates.sh [SEEDS] [WEEKS] (default 10, 52)
set -euo pipefail
cd "$(dirname "$0")/.."
seeds=${1:-10}
weeks=${2:-52}
cargo build --release --quiet
bin=target/release/rutscope
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for scenario in plateau improving; do
  within=0; any=0
  for seed in $(seq 1 "$seeds"); do
    out=$work/$scenario-$seed
    $bin simulate --out "$out" --weeks "$weeks" --seed "$seed" --scenario "$scenario" >/dev/null
    $bin --store "$out.store" import "$out" >/dev/null
    $bin --store "$out.store" plateaus --json >"$out.json"
    planted=$(jq -r '.planted[0].start // empty' "$out/truth.json")
    starts=$(jq -r '[.signals[] | .signal as $s | .plateaus[] | "\($s):\(.start)"] | join(" ")' "$out.json")
    [ -n "$starts" ] && any=$((any + 1))
    off=-
    if [ -n "$planted" ]; then
      a=$(jq -r '[.signals[] | select(.signal == "aerobic") | .plateaus[].start] | first // empty' "$out.json")
      if [ -n "$a" ]; then
        off=$(( ($(date -d "$a" +%s) - $(date -d "$planted" +%s)) / 86400 ))
        [ "${off#-}" -le 14 ] && within=$((within + 1))
      fi
    fi
    printf '%-10s seed %2d  planted %-10s  aerobic offset (days) %-5s  plateaus: %s\n' "$scenario" "$seed" "${planted:--}" "$off" "${starts:--}"
  done
  if [ "$scenario" = plateau ]; then
    printf 'plateau: aerobic plateau start within ±2 weeks of the planted date in %d/%d\n\n' "$within" "$seeds"
  else
    printf 'improving: histories with any plateau %d/%d\n\n' "$any" "$seeds"
  fi
done
