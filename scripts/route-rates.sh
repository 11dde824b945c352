#!/usr/bin/env bash
# Route clustering against the simulator's truth over several seeds and scenarios:
# purity (share of each found route's runs that belong to its majority planted route) and
# recall (share of each planted route's runs gathered in its largest found route), counted
# over runs that ran a whole planted route (distance within 5 % of its length: the simulator
# also runs parts of routes, which are honestly other routes); and whether `stale-routes`
# reports its planted stale window and routes, and `healthy` reports none.
# Usage: scripts/route-rates.sh [SEEDS] [WEEKS] (default 5, 52)
set -euo pipefail
cd "$(dirname "$0")/.."
seeds=${1:-5}
weeks=${2:-52}
cargo build --release --quiet
bin=target/release/rutscope
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for scenario in stale-routes healthy plateau; do
  for seed in $(seq 1 "$seeds"); do
    out=$work/$scenario-$seed
    $bin simulate --out "$out" --weeks "$weeks" --seed "$seed" --scenario "$scenario" >/dev/null
    $bin --store "$out.store" import "$out" >/dev/null
    $bin --store "$out.store" routes --json >"$out.routes.json"
    $bin --store "$out.store" list --json >"$out.list.json"
    python3 - "$out" "$scenario" "$seed" <<'PY'
import json, sys, os, collections
out, scenario, seed = sys.argv[1:]
truth = json.load(open(f"{out}/truth.json"))
routes = json.load(open(f"{out}.routes.json"))
acts = json.load(open(f"{out}.list.json"))
file_of = {a["id"]: os.path.basename(a["source_path"]) for a in acts}
length = {r["id"]: r["length_m"] for r in truth["routes"]}
planted_of = {a["file"]: a["route"] for a in truth["activities"]
              if abs(a["distance_m"] / length[a["route"]] - 1) <= 0.05}
found_of = {file_of[r["id"]]: r["route"] for r in routes["run_routes"] if r["route"]}
pairs = [(planted_of[f], found_of.get(f)) for f in planted_of]
by_found = collections.defaultdict(list)
by_planted = collections.defaultdict(list)
for p, f in pairs:
    by_planted[p].append(f)
    if f:
        by_found[f].append(p)
n = len(pairs)
purity = sum(collections.Counter(v).most_common(1)[0][1] for v in by_found.values()) / max(1, sum(len(v) for v in by_found.values()))
recall = sum(collections.Counter(v).most_common(1)[0][1] for v in by_planted.values()) / max(1, n)
stale = [f for f in routes["findings"] if f["kind"] == "stale-routes"]
planted = [p for p in truth["planted"] if p["kind"] == "stale-routes"]
verdict = ""
if planted:
    p = planted[0]
    hit = [f for f in stale if f["start"] <= p["end"] and f["end"] >= p["start"]]
    off = ""
    if hit:
        from datetime import date
        off = (date.fromisoformat(hit[0]["start"]) - date.fromisoformat(p["start"])).days
        # Which found routes carry the planted ones.
        want = set(p["routes"])
        carriers = {collections.Counter(f for pl, f in pairs if pl == w and f).most_common(1)[0][0] for w in want}
        named = all(any(r["id"] == c for r in hit[0]["evidence"]["routes"]) for c in carriers)
        verdict = f"stale found, start offset {off} days, planted routes {sorted(want)} = found {sorted(carriers)} named in the finding: {named}"
    else:
        verdict = "stale NOT found"
else:
    verdict = f"stale findings {len(stale)}"
print(f"{scenario:<13} seed {seed}: full-route runs {n:3d}, found routes {len(routes['routes']):3d}, purity {purity:.3f}, recall {recall:.3f}; {verdict}")
PY
  done
done
