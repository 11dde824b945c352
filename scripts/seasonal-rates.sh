#!/usr/bin/env bash
# Seasonal-slump detector rates on simulated three-year histories (issue 17). For every
# seed, the `seasonal` scenario (half the volume and fitness falling every December–
# February, truth in truth.json) and the `healthy` and `improving` scenarios are simulated
# over 156 weeks, imported and reported (`report --format json`), with one setting of the
# simulator's knobs rotated by seed (setting = (seed − 1) mod 10):
#   0 baseline   1 runs 3   2 runs 6   3 run-days random   4 cut-back none
#   5 hr daily   6 gaps     7 start 2023-06-05   8 format gpx, rec 5s   9 cross-training
#
# Measures:
#   seasonal found   the seasonal-slump findings' months together hold December, January
#                    and February (the planted months)
#   months outside   a finding holds a month outside November–May (the planted months,
#                    the month before, and the three after, when the fitness lost in the
#                    winter still shows: a slower spring)
#   less exact       the less-running finding's months are exactly December–February
#   false alarms     any seasonal-slump finding on healthy or improving
#
# Usage: scripts/seasonal-rates.sh [SEEDS]   (default 12; JOBS=n parallel jobs, default 2;
#        BIN=path runs that binary instead of building)
set -euo pipefail
cd "$(dirname "$0")/.."
seeds=${1:-12}
jobs=${JOBS:-2}
command -v jq >/dev/null || { echo "seasonal-rates.sh needs jq" >&2; exit 2; }
# BIN=path uses that binary (a copy, so that building meanwhile does not change it).
[ -z "${BIN:-}" ] && cargo build --release --quiet
bin=${BIN:-$PWD/target/release/rutscope}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export bin work

one() {
  local seed=$1 scenario=$2
  local k=$(((seed - 1) % 10)) args=() setting
  case $k in
    0) setting=baseline ;;
    1) setting="runs 3"; args=(--runs-per-week 3) ;;
    2) setting="runs 6"; args=(--runs-per-week 6) ;;
    3) setting="run-days random"; args=(--run-days random) ;;
    4) setting="cut-back none"; args=(--cut-back none) ;;
    5) setting="hr daily"; args=(--hr-model daily) ;;
    6) setting=gaps; args=(--gaps) ;;
    7) setting="start 2023-06-05"; args=(--start 2023-06-05) ;;
    8) setting="gpx 5s"; args=(--format gpx --recording 5s) ;;
    9) setting=cross-training; args=(--cross-training) ;;
  esac
  local d=$work/$scenario-$seed
  "$bin" simulate --scenario "$scenario" --weeks 156 --seed "$seed" "${args[@]}" --out "$d/sim" >/dev/null
  "$bin" --store "$d/store" import "$d/sim" >/dev/null 2>&1 || true
  "$bin" --store "$d/store" report --format json >"$d/r.json"
  jq -c --arg s "$scenario" --arg seed "$seed" --arg set "$setting" '
    def months: .evidence as $e
      | if $e.first_month <= $e.last_month then [range($e.first_month; $e.last_month + 1)]
        else [range($e.first_month; 13)] + [range(1; $e.last_month + 1)] end;
    [.seasonal.findings[] | months] as $m
    | { scenario: $s, seed: ($seed | tonumber), setting: $set,
        findings: (.seasonal.findings | length),
        months: ($m | add // [] | unique),
        spans: [.seasonal.findings[] | "\(.evidence.first_month)-\(.evidence.last_month)\(if .evidence.slower then " slower" else "" end)\(if .evidence.less then " less" else "" end)"],
        explained: (.seasonal.explained | length) }' "$d/r.json"
  rm -rf "$d"
}
export -f one

for s in $(seq 1 "$seeds"); do
  for sc in seasonal healthy improving; do echo "$s $sc"; done
done | xargs -P "$jobs" -n 2 bash -c 'one "$@"' _ >"$work/records.jsonl"

echo "| scenario | seed | setting | seasonal findings (months, aspect) |"
echo "|---|---:|---|---|"
jq -r '"| \(.scenario) | \(.seed) | \(.setting) | \(.spans | join(", ") | if . == "" then "none" else . end) |"' "$work/records.jsonl" | sort -t'|' -k2,2 -k3,3n
echo
jq -s -r '
  (map(select(.scenario == "seasonal"))) as $s
  | (map(select(.scenario != "seasonal"))) as $h
  | "seasonal found (Dec, Jan and Feb held): \($s | map(select(.months as $m | [12,1,2] | all(. as $x | $m | index($x)))) | length) of \($s | length)",
    "seasonal with a month outside Nov–May: \($s | map(select(.months | any(. as $x | [11,12,1,2,3,4,5] | index($x) | not))) | length) of \($s | length)",
    "less-running span exactly Dec–Feb: \($s | map(select(.spans | index("12-2 less"))) | length) of \($s | length)",
    "false alarms on healthy and improving: \($h | map(select(.findings > 0)) | length) of \($h | length)"' "$work/records.jsonl"
