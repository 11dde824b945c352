#!/usr/bin/env bash
# Detector rates on simulated histories with structural variety: the robustness harness of
# issue 15. For every seed, every scenario × run-days pair is simulated (52 weeks, change at
# week 23), imported and reported (`report --format json --until <last day>`), and the
# report is compared with truth.json. Prints Markdown tables: plateau onsets, stale-route onsets,
# overtraining, false alarms, warnings before the change, the summary verdicts by scenario,
# pass rates by setting, route clustering (docs/robustness.md keeps one run).
#
# Variant set (12 histories a seed):
#   scenarios  plateau(step), plateau(hinge), stale-routes, overtraining, healthy, improving
#   ×          --run-days fixed | random
#   ×          one setting of the other knobs, rotated by seed (setting = (seed − 1) mod 20;
#              the same setting for the 12 histories of a seed), one knob at a time away
#              from the simulator's defaults so that a failure can be put down to it:
#     0 baseline (the defaults: every second, FIT, 4 runs, cut-back weeks, lagged HR,
#       GPS σ 2.5 m)     1 runs 3     2 runs 4     3 runs 6     4 runs 7
#     5 cut-back none    6 hr linear  7 hr daily   8 rec 2s     9 rec 3s    10 rec 5s
#    11 rec smart       12 gps 1 m   13 gps 6 m   14 gaps     15 cross-training
#    16 format gpx      17 format mixed
#    18 held-out-like: 4 runs, 2 s GPX (with random days and the hinge: the independent
#       generator of issue 15)
#    19 all at once: 3 runs, no cut-back, daily HR, 4 s, GPS 6 m, gaps, cross-training, mixed
#   KNOBS=default instead uses the baseline setting for every seed: the classic simulation
#   the detectors were tuned on.
#
# Measures (dates are local days; an error is found − planted, in days):
#   plateau onset   per signal (aerobic, race, distance) and the report's verdict plateau
#                   (summary.plateau): found = a plateau still on at the change or later
#                   (end ≥ change), the one starting nearest the change; within ±14 d over
#                   all histories (not found = outside); "not early" = of the found ones,
#                   not more than 14 days before the change.
#   stale routes    found = a stale-routes finding with end ≥ change; ±7 d tolerance;
#                   "not early" = not more than 14 days before the change.
#   overtraining    ≥ 3 finding kinds detected on or after the change, no warning or
#                   alert detected before it; delay of the first warning/alert.
#   false alarms    on healthy and improving: any plateau (any signal); any warning or
#                   alert finding (load or routes). "Warning" everywhere means severity
#                   warning or alert, except what the variant plants and is right to say:
#                   no-cut-back under --cut-back none, no-rest-day under 7 runs a week.
#   route clusters  purity and recall of the found routes against the planted ones, over
#                   runs that ran a whole planted route (distance within 5 % of its length).
# Percentiles are nearest-rank. Folds in the former plateau-rates.sh, route-rates.sh and
# findings-rates.sh.
#
# Usage: scripts/detector-rates.sh [SEEDS]   (default 20; 2 parallel jobs, JOBS=n to change;
#        KEEP=DIR keeps every history's record in DIR/records.jsonl;
#        RECORDS=FILE prints the tables of kept records without simulating;
#        SCENARIOS="plateau-step healthy" runs only those scenarios (the tables of the
#        others are then empty); KEEP_REPORTS=DIR keeps every history's report JSON and
#        truth.json as DIR/<scenario>-<days>-<seed>.{report,truth}.json;
#        RUTSCOPE_BIN=PATH sweeps that binary instead of building target/release;
#        FIRST_SEED=n starts at seed n instead of 1: SEEDS seeds from n, the settings still
#        rotated by seed, for histories the detectors were never looked at on)
set -euo pipefail
cd "$(dirname "$0")/.."
seeds=${1:-20}
jobs=${JOBS:-2}
weeks=52
command -v jq >/dev/null || { echo "detector-rates.sh needs jq" >&2; exit 2; }
[ -z "${RECORDS:-}${RUTSCOPE_BIN:-}" ] && cargo build --release --quiet
bin=${RUTSCOPE_BIN:-$PWD/target/release/rutscope}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
[ -n "${KEEP_REPORTS:-}" ] && mkdir -p "$KEEP_REPORTS" && KEEP_REPORTS=$(cd "$KEEP_REPORTS" && pwd)
export bin work weeks KNOBS KEEP_REPORTS

# One history: simulate, import, report, and one JSON record of truth and findings.
one() {
  local seed=$1 scenario=$2 days=$3
  local i=$((seed - 1))
  local r=default c=every-4th h=lagged rc=1s g=2.5 f=fit gaps=0 cross=0 setting
  local k=$((i % 20))
  [ "${KNOBS:-rotate}" = default ] && k=0
  case $k in
    0) setting=baseline ;;
    1) setting="runs 3" r=3 ;;
    2) setting="runs 4" r=4 ;;
    3) setting="runs 6" r=6 ;;
    4) setting="runs 7" r=7 ;;
    5) setting="cut-back none" c=none ;;
    6) setting="hr linear" h=linear ;;
    7) setting="hr daily" h=daily ;;
    8) setting="rec 2s" rc=2s ;;
    9) setting="rec 3s" rc=3s ;;
    10) setting="rec 5s" rc=5s ;;
    11) setting="rec smart" rc=smart ;;
    12) setting="gps 1 m" g=1 ;;
    13) setting="gps 6 m" g=6 ;;
    14) setting=gaps gaps=1 ;;
    15) setting=cross-training cross=1 ;;
    16) setting="format gpx" f=gpx ;;
    17) setting="format mixed" f=mixed ;;
    18) setting="held-out-like" r=4 rc=2s f=gpx ;;
    19) setting="all at once" r=3 c=none h=daily rc=4s g=6 gaps=1 cross=1 f=mixed ;;
  esac
  local shape=step sc=$scenario
  case $scenario in
    plateau-step) sc=plateau ;;
    plateau-hinge) sc=plateau shape=hinge ;;
  esac
  local args=(--weeks "$weeks" --seed "$seed" --scenario "$sc" --plateau-shape "$shape"
    --run-days "$days" --cut-back "$c" --hr-model "$h" --recording "$rc" --gps-noise "$g"
    --format "$f")
  [ "$r" != default ] && args+=(--runs-per-week "$r")
  [ "$gaps" = 1 ] && args+=(--gaps)
  [ "$cross" = 1 ] && args+=(--cross-training)
  local out=$work/$scenario-$days-$seed
  "$bin" simulate --out "$out" "${args[@]}" >/dev/null
  "$bin" --store "$out.store" import "$out" >/dev/null
  local until
  until=$(jq -r '.weekly[-1].week_start' "$out/truth.json")
  until=$(date -u -d "$until + 6 days" +%F)
  "$bin" --store "$out.store" report --format json --until "$until" >"$out.json"
  jq -c -n --slurpfile t "$out/truth.json" --slurpfile r "$out.json" \
    --arg scenario "$scenario" --arg days "$days" --arg runs "$r" --arg cut "$c" \
    --arg hr "$h" --arg rec "$rc" --arg gps "$g" --arg fmt "$f" --arg gaps "$gaps" \
    --arg cross "$cross" --arg until "$until" --arg setting "$setting" '
    $t[0] as $t | $r[0] as $r
    | ($t.routes | map({key: .id, value: .length_m}) | from_entries) as $len
    # Planted route of each run that ran a whole route, by local day (one run a day).
    | ([$t.activities[] | select(.session != "ride" and .session != "strength")
        | select((.distance_m / $len[.route] - 1) | fabs <= 0.05)
        | {key: .start_utc[0:10], value: .route}] | from_entries) as $planted_of
    | ($r.routes.run_routes | map(select(.route != null) | {key: .date, value: .route})
        | from_entries) as $found_of
    | [$planted_of | to_entries[] | {p: .value, f: $found_of[.key]}] as $pairs
    | def majority: group_by(.) | map(length) | max // 0;
    {seed: $t.seed, setting: $setting, scenario: $scenario, days: $days, runs: $runs, cut: $cut, hr: $hr,
     rec: $rec, gps: $gps, fmt: $fmt, gaps: $gaps, cross: $cross, until: $until,
     change: ([$t.planted[] | select(.kind != "seasonal-dip") | .start] | first),
     planted_routes: ([$t.planted[] | select(.kind == "stale-routes") | .routes[]]),
     gap_days: ([$t.variant.gaps[]? | [.start, .end]]),
     plateaus: [$r.plateaus.signals[] | .signal as $s | .plateaus[]
                | {signal: $s, start, end: .end, turn}],
     verdict_plateau: ($r.summary.plateau | if . then {start, end: .end, signal, turn} else null end),
     verdict: $r.summary.verdict,
     findings: [($r.load.findings[], $r.routes.findings[])
                | {kind, severity, start, end: .end, detected_on}],
     stale_routes: [$r.routes.findings[] | select(.kind == "stale-routes")
                    | {start, end: .end, routes: [.evidence.routes[].id]}],
     purity: ([$pairs[] | select(.f != null)] | group_by(.f)
              | (map(map(.p) | majority) | add // 0) / ([.[][]] | length | if . == 0 then 1 else . end)),
     recall: (($pairs | group_by(.p) | map(map(.f) | majority) | add // 0)
              / ($pairs | length | if . == 0 then 1 else . end)),
     # The found route carrying most of the runs of each planted stale route.
     carriers: [$pairs | group_by(.p)[] | select(.[0].p as $p
                  | [$t.planted[] | .routes[]?] | index($p) != null)
                | map(.f | select(. != null)) | group_by(.) | max_by(length) | .[0]?]}
  ' >"$out.record"
  if [ -n "${KEEP_REPORTS:-}" ]; then
    cp "$out.json" "$KEEP_REPORTS/$scenario-$days-$seed.report.json"
    cp "$out/truth.json" "$KEEP_REPORTS/$scenario-$days-$seed.truth.json"
  fi
  rm -rf "$out" "$out.store" "$out.json"
}
export -f one

start_s=$(date +%s)
if [ -z "${RECORDS:-}" ]; then
  for seed in $(seq "${FIRST_SEED:-1}" $((${FIRST_SEED:-1} + seeds - 1))); do
    for scenario in ${SCENARIOS:-plateau-step plateau-hinge stale-routes overtraining healthy improving}; do
      for days in fixed random; do
        echo "$seed $scenario $days"
      done
    done
  done | xargs -P "$jobs" -L 1 bash -c 'set -euo pipefail; one "$@"' _ ||
    echo "some histories failed (above); their records are missing" >&2
  cat "$work"/*.record >"$work/records.jsonl"
else
  seeds=$(jq -s 'map(.seed) | unique | length' "$RECORDS")
  cp "$RECORDS" "$work/records.jsonl"
fi
[ -n "${KEEP:-}" ] && mkdir -p "$KEEP" && cp "$work/records.jsonl" "$KEEP/"
elapsed=$(($(date +%s) - start_s))

jq -r -s --arg seeds "$seeds${FIRST_SEED:+ (from seed $FIRST_SEED)}" --arg elapsed "$elapsed" --arg jobs "$jobs" --arg knobs "${KNOBS:-rotated}" '
def days(a; b): ((b | strptime("%Y-%m-%d") | mktime) - (a | strptime("%Y-%m-%d") | mktime)) / 86400 | round;
def pct(p): sort | if length == 0 then null else .[((p * length) | ceil) - 1 | if . < 0 then 0 else . end] end;
def share(f): if length == 0 then "–" else "\((map(select(f)) | length))/\(length)" end;
def num: if . == null then "–" else tostring end;
def pctstr(f): if length == 0 then "–" else "\((map(select(f)) | length) * 100 / length | round) %" end;
# Timing columns for a list of records with .err (null = not found) and a tolerance.
def timing(tol):
  . as $rs | ($rs | map(select(.err != null)) | map(.err)) as $e
  | "| \($rs | length) | \($e | length) | \($e | min | num) | \($e | pct(0.5) | num) | \($e | pct(0.9) | num) | \($e | max | num) | \($rs | pctstr(.err != null and (.err | fabs) <= tol)) | \($rs | map(select(.err != null)) | pctstr(.err >= -14)) |";
def nearest(xs; change): xs | map(select(.end >= change)) | map(. + {err: days(change; .start)})
  | sort_by(.err | fabs) | first;
# Warnings and alerts the variant of the history did not plant (see the header).
def warnings: . as $h | [.findings[] | select(.severity != "info")
  | select(.kind != "no-cut-back" or $h.cut != "none")
  | select(.kind != "no-rest-day" or $h.runs != "7")];
def clean: ([.plateaus[]] | length == 0) and (warnings | length == 0);
def ot_pass: (.change as $c | [.findings[] | select(.detected_on >= $c) | .kind] | unique | length >= 3)
  and (.change as $c | [warnings[] | select(.detected_on < $c)] | length == 0);
. as $all
| "Detector rates: \($seeds) seeds × 12 variants = \($all | length) histories of 52 weeks (change at week 23), knobs \($knobs), \($elapsed) s on \($jobs) jobs. \"Warning\" = severity warning or alert, except what the variant plants: no-cut-back under --cut-back none, no-rest-day under 7 runs a week.\n",
  "### Plateau onset (plateau histories)\n",
  "Error = found start − planted change, days. Found = a plateau on at or after the change, the one starting nearest it. Within ±14 d counts over all histories (not found = outside); not > 14 d early counts over the found ones.\n",
  "| signal | shape | run days | histories | found | min | median | p90 | max | within ±14 d | not > 14 d early |",
  "|---|---|---|---|---|---|---|---|---|---|---|",
  ( ["aerobic", "race", "distance", "verdict"][] as $sig
    | ("step", "hinge") as $shape | ("fixed", "random", "all") as $days
    | [$all[] | select(.scenario == "plateau-" + $shape and ($days == "all" or .days == $days))
       | .change as $c
       | {err: (if $sig == "verdict" then
                  (if .verdict_plateau != null and .verdict_plateau.end >= $c then days($c; .verdict_plateau.start) else null end)
                else nearest([.plateaus[] | select(.signal == $sig)]; $c).err end)}]
    | "| \($sig) | \($shape) | \($days) " + timing(14)),
  "",
  "### Where the data place the turn (plateau histories)\n",
  "A plateau after progress says the span its turn may lie in (`TURN_SPREAD`) when it is wider than a week. Of the plateaus found as above: with a span; the change inside the span, or within 14 d of it (the span widened by 14 d either side; a plateau without a span counts its start); the span'"'"'s width, days.\n",
  "| signal | shape | found | with a span | change inside | within 14 d of it | width median | p90 |",
  "|---|---|---|---|---|---|---|---|",
  ( ["aerobic", "race", "distance", "verdict"][] as $sig
    | ("step", "hinge") as $shape
    | [$all[] | select(.scenario == "plateau-" + $shape)
       | .change as $c
       | (if $sig == "verdict" then
            (if .verdict_plateau != null and .verdict_plateau.end >= $c then .verdict_plateau else null end)
          else nearest([.plateaus[] | select(.signal == $sig)]; $c) end) as $p
       | select($p != null)
       | ($p.turn // {earliest: $p.start, latest: $p.start}) as $t
       | {span: ($p.turn != null), from: days($c; $t.earliest), to: days($c; $t.latest),
          width: (if $p.turn != null then days($t.earliest; $t.latest) else null end)}] as $rs
    | ($rs | map(select(.width != null) | .width)) as $w
    | "| \($sig) | \($shape) | \($rs | length) | \($rs | share(.span)) | \($rs | share(.from <= 0 and .to >= 0)) | \($rs | share(.from <= 14 and .to >= -14)) | \($w | pct(0.5) | num) | \($w | pct(0.9) | num) |"),
  "",
  "### Stale-route onset (stale-routes histories)\n",
  "| run days | histories | found | min | median | p90 | max | within ±7 d | not > 14 d early | planted routes named |",
  "|---|---|---|---|---|---|---|---|---|---|",
  ( ("fixed", "random", "all") as $days
    | [$all[] | select(.scenario == "stale-routes" and ($days == "all" or .days == $days))
       | .change as $c | nearest(.stale_routes; $c) as $n
       | {err: $n.err, named: ($n != null and ((.carriers - ($n.routes // [])) | length == 0))}]
    | "| \($days) " + (timing(7) | .[:-1]) + "| \(share(.named)) |"),
  "",
  "### Overtraining (overtraining histories)\n",
  "Pass = ≥ 3 finding kinds detected on or after the change and no warning detected before it. Delay = first warning detected_on − change.\n",
  "| run days | histories | ≥ 3 kinds after | no warning before | pass | delay min | median | p90 | max |",
  "|---|---|---|---|---|---|---|---|---|",
  ( ("fixed", "random", "all") as $days
    | [$all[] | select(.scenario == "overtraining" and ($days == "all" or .days == $days))] as $rs
    | ($rs | map(.change as $c | [warnings[] | select(.detected_on >= $c) | days($c; .detected_on)] | min) | map(select(. != null))) as $d
    | "| \($days) | \($rs | length) | \($rs | share(.change as $c | [.findings[] | select(.detected_on >= $c) | .kind] | unique | length >= 3)) | \($rs | share(.change as $c | [warnings[] | select(.detected_on < $c)] | length == 0)) | \($rs | share(ot_pass)) | \($d | min | num) | \($d | pct(0.5) | num) | \($d | pct(0.9) | num) | \($d | max | num) |"),
  "",
  "### False alarms (healthy and improving histories)\n",
  "Run days issue = both run-day patterns, cut-back weeks, no gaps, no cross-training (the population of the criterion of the issue: any weekday pattern, 3–7 runs, with cut-back weeks).\n",
  "| scenario | run days | histories | any plateau | any warning/alert | clean | warning/alert kinds (histories) |",
  "|---|---|---|---|---|---|---|",
  ( ("healthy", "improving") as $sc | ("fixed", "random", "all", "issue") as $days
    | [$all[] | select(.scenario == $sc and ($days == "all" or .days == $days
        or ($days == "issue" and .cut == "every-4th" and .gaps == "0" and .cross == "0")))] as $rs
    | "| \($sc) | \($days) | \($rs | length) | \($rs | share(.plateaus | length > 0)) | \($rs | share(warnings | length > 0)) | \($rs | share(clean)) | \([$rs[] | [warnings[] | .kind] | unique[]] | group_by(.) | map("\(.[0]) \(length)") | join(", ") | if . == "" then "–" else . end) |"),
  "",
  "### Warnings before the change (every planted scenario)\n",
  "| scenario | histories | warning/alert detected before the change | kinds (histories) |",
  "|---|---|---|---|",
  ( ("plateau-step", "plateau-hinge", "stale-routes", "overtraining") as $sc
    | [$all[] | select(.scenario == $sc)] as $rs
    | ($rs | map(.change as $c | [warnings[] | select(.detected_on < $c) | .kind] | unique)) as $k
    | "| \($sc) | \($rs | length) | \($k | map(select(length > 0)) | length)/\($rs | length) | \([$k[][]] | group_by(.) | map("\(.[0]) \(length)") | join(", ") | if . == "" then "–" else . end) |"),
  "",
  "### Verdicts (the summary answer to \"are you in a rut?\" on the last day)\n",
  "What a coach expects: plateau and stale-routes histories a rut, overtraining a slump (pace at easy heart rate falls), healthy and improving still improving.\n",
  "| scenario | histories | verdicts (histories) |",
  "|---|---|---|",
  ( ("plateau-step", "plateau-hinge", "stale-routes", "overtraining", "healthy", "improving") as $sc
    | [$all[] | select(.scenario == $sc)] as $rs
    | "| \($sc) | \($rs | length) | \([$rs[] | .verdict] | group_by(.) | map("\(.[0]) \(length)") | join(", ")) |"),
  "",
  "### By setting (pass rates over the histories of that setting, both run-day patterns)\n",
  "aerobic ±14 = aerobic plateau found within ±14 d (plateau step and hinge); stale ±7 = stale-routes found within ±7 d; clean = healthy/improving with no plateau and no warning/alert; overtraining = pass as above.\n",
  "| setting | histories | aerobic ±14 | stale ±7 | clean | overtraining |",
  "|---|---|---|---|---|---|",
  ( ($all | sort_by(.seed) | map(.setting) | reduce .[] as $x ([]; if index([$x]) then . else . + [$x] end))[] as $v
    | [$all[] | select(.setting == $v)] as $rs
    | "| \($v) | \($rs | length) | \([$rs[] | select(.scenario | startswith("plateau"))] | pctstr(.change as $c | nearest([.plateaus[] | select(.signal == "aerobic")]; $c).err as $e | $e != null and ($e | fabs) <= 14)) | \([$rs[] | select(.scenario == "stale-routes")] | pctstr(.change as $c | nearest(.stale_routes; $c).err as $e | $e != null and ($e | fabs) <= 7)) | \([$rs[] | select(.scenario == "healthy" or .scenario == "improving")] | pctstr(clean)) | \([$rs[] | select(.scenario == "overtraining")] | pctstr(ot_pass)) |"),
  "",
  "### Route clustering (stale-routes, healthy, plateau-step histories)\n",
  "| scenario | histories | purity min | purity median | recall min | recall median |",
  "|---|---|---|---|---|---|",
  ( ("stale-routes", "healthy", "plateau-step") as $sc
    | [$all[] | select(.scenario == $sc)] as $rs
    | if $rs == [] then "| \($sc) | 0 | – | – | – | – |" else
      "| \($sc) | \($rs | length) | \($rs | map(.purity) | min * 1000 | round / 1000) | \($rs | map(.purity) | pct(0.5) * 1000 | round / 1000) | \($rs | map(.recall) | min * 1000 | round / 1000) | \($rs | map(.recall) | pct(0.5) * 1000 | round / 1000) |" end)
' "$work/records.jsonl"
