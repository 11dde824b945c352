#!/usr/bin/env bash
# Detector rates on histories from the independent generator (scripts/heldout-gen.py, issue
# 15's held-out check): for every seed and scenario (healthy, plateau, stale-routes,
# overtraining; 40 weeks, the change at week 20) a history of 2-second GPX files is
# generated, imported and reported (`report --format json --until <last run>`), and the
# report is scored against the generator's truth.json. Prints Markdown tables (plateau
# onset per signal, stale-route onset, false alarms, warnings before the change, verdicts).
#
# Usage: scripts/heldout-rates.sh [SEEDS]   (default 20; 2 parallel jobs, JOBS=n to change;
#        KEEP=DIR keeps records.jsonl and every history's report and truth as
#        DIR/<scenario>-<seed>.{report,truth}.json; RECORDS=FILE scores kept records;
#        SCENARIOS="plateau healthy" runs only those; RUTSCOPE_BIN=path reports with another
#        build instead of building target/release; FIRST_SEED=n starts at seed n instead
#        of 1, for histories the detectors were never looked at on)
# Needs python3 (standard library only).
set -euo pipefail
cd "$(dirname "$0")/.."
seeds=${1:-20}
jobs=${JOBS:-2}
gen=$PWD/scripts/heldout-gen.py
if [ -n "${RECORDS:-}" ]; then
  python3 "$gen" score "$RECORDS"
  exit
fi
if [ -z "${RUTSCOPE_BIN:-}" ]; then
  cargo build --release --quiet
  bin=$PWD/target/release/rutscope
else
  bin=$(realpath "$RUTSCOPE_BIN")
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
[ -n "${KEEP:-}" ] && mkdir -p "$KEEP" && KEEP=$(cd "$KEEP" && pwd)
export bin gen work KEEP

one() {
  local seed=$1 scenario=$2 out=$work/$2-$1
  python3 "$gen" generate --seed "$seed" --scenario "$scenario" --out "$out"
  "$bin" --store "$out.store" import "$out" >/dev/null
  local until
  until=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["runs"][-1]["date"])' "$out/truth.json")
  "$bin" --store "$out.store" report --format json --until "$until" >"$out.json"
  python3 "$gen" record "$out/truth.json" "$out.json" >"$out.record"
  if [ -n "${KEEP:-}" ]; then
    cp "$out.json" "$KEEP/$scenario-$seed.report.json"
    cp "$out/truth.json" "$KEEP/$scenario-$seed.truth.json"
  fi
  rm -rf "$out" "$out.store" "$out.json"
}
export -f one

start_s=$(date +%s)
for seed in $(seq "${FIRST_SEED:-1}" $((${FIRST_SEED:-1} + seeds - 1))); do
  for scenario in ${SCENARIOS:-healthy plateau stale-routes overtraining}; do
    echo "$seed $scenario"
  done
done | xargs -P "$jobs" -L 1 bash -c 'set -euo pipefail; one "$@"' _ ||
  echo "some histories failed (above); their records are missing" >&2
cat "$work"/*.record >"$work/records.jsonl"
[ -n "${KEEP:-}" ] && cp "$work/records.jsonl" "$KEEP/"
echo "$(wc -l <"$work/records.jsonl") histories in $(($(date +%s) - start_s)) s on $jobs jobs"
python3 "$gen" score "$work/records.jsonl"
