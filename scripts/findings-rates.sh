#!/usr/bin/env bash
# Findings of `rutscope load` on simulated scenarios over several seeds: for each scenario
# and seed, which findings fire and whether any fires before the planted change.
# Usage: scripts/findings-rates.sh [SEEDS] [WEEKS]   (default 10 seeds, 52 weeks)
set -euo pipefail
cd "$(dirname "$0")/.."
seeds=${1:-10}
weeks=${2:-52}
cargo build --release --quiet
bin=target/release/rutscope
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for scenario in healthy improving overtraining plateau; do
  fired=0; early=0
  for seed in $(seq 1 "$seeds"); do
    out=$work/$scenario-$seed
    $bin simulate --out "$out" --weeks "$weeks" --seed "$seed" --scenario "$scenario" >/dev/null
    $bin --store "$out.store" import "$out" >/dev/null
    $bin --store "$out.store" load --json >"$out.json"
    change=$(jq -r '.planted[0].start // "9999-12-31"' "$out/truth.json")
    kinds=$(jq -r '[.findings[].kind] | unique | join(",")' "$out.json")
    before=$(jq -r --arg c "$change" '[.findings[] | select(.detected_on < $c) | .kind] | join(",")' "$out.json")
    [ -n "$kinds" ] && fired=$((fired + 1))
    [ -n "$before" ] && early=$((early + 1))
    printf '%-13s seed %2d  change %s  fired: %-60s before change: %s\n' "$scenario" "$seed" "$change" "${kinds:--}" "${before:--}"
  done
  printf '%-13s histories with any finding: %d/%d, with a finding before the change: %d/%d\n\n' "$scenario" "$fired" "$seeds" "$early" "$seeds"
done
