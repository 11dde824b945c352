#!/usr/bin/env python3
"""An independent generator of running histories, and the scorer of rutscope's reports on them.

Issue 15 asks that the detectors hold on histories they were not tuned on. rutscope's own
simulator (`rutscope simulate`) is one model of a runner; this is another, written from the
issue's description of the held-out generator and not from the simulator's code, in another
language, with other physiology:

- runs on random weekdays, 4 a week, a lighter week (70 %) every fourth;
- GPX at 2-second recording with Garmin TrackPointExtension heart rate and cadence, correlated
  GPS noise, elevation noise, hills run by effort, stops at crossings;
- heart rate linear in speed with an intercept (HR reserve fraction 0.10 + 0.77 v/v_T: easy
  running at 0.70–0.78 v_T sits at 64–70 % of reserve, threshold at 87 %; a faster run reads
  *faster* at the reference heart rate under Karvonen scaling, where the simulator's
  HR ~ speed^1.6 reads slower), cardiac drift of 3.5 %/h after 15 minutes, a
  30-second lag, a day-to-day offset, whole-bpm noise; no fatigue term in a healthy build;
- fitness (threshold speed v_T) rising linearly and, where the scenario says so, flattening
  with no jump (a hinge).

Scenarios (40 weeks, the change at the start of week 20):
- healthy: fitness rises 0.25–0.4 %/week throughout; steady volume with cut-back weeks.
- plateau: fitness rises 0.3–0.5 %/week, flat from the change.
- stale-routes: as plateau, and from the change 90 % of runs are one loop at one pace.
- overtraining: from the change, volume +10 %/week with no cut-back week, a fifth and sixth
  run and a second workout a week, heart rate at a pace rising 0.6 bpm/week, and fitness
  falling 0.4 %/week from three weeks after the change.

Usage:
  heldout-gen.py generate --seed N --scenario S --out DIR   (GPX files and truth.json)
  heldout-gen.py score RECORDS.jsonl                          (tables, Markdown; the
                                                              ceiling rows fit hinges to the
                                                              measured aerobic points)
  heldout-gen.py record TRUTH.json REPORT.json                (one record, JSON line)
Only the Python standard library is used.
"""

import argparse
import json
import math
import os
import random
import sys
from datetime import date, datetime, timedelta, timezone

WEEKS = 40
CHANGE_WEEK = 20
INTERVAL_S = 2
SCENARIOS = ("healthy", "plateau", "stale-routes", "overtraining")
EARTH_M_PER_DEG = 111_320.0


# --- routes -------------------------------------------------------------------------------


class Route:
    """A closed loop around the runner's home, as a polyline in metres east/north."""

    def __init__(self, rid, length_m, centre, heading, ecc, hill_m, rng):
        self.id = rid
        n = 160
        # An ellipse of the wanted perimeter (Ramanujan), rotated, with a wobble.
        a = 1.0
        b = ecc
        h = ((a - b) / (a + b)) ** 2
        perim = math.pi * (a + b) * (1 + 3 * h / (10 + math.sqrt(4 - 3 * h)))
        scale = length_m / perim
        pts = []
        wob = [rng.uniform(-0.06, 0.06) for _ in range(5)]
        for i in range(n + 1):
            t = 2 * math.pi * i / n
            r = 1 + sum(w * math.sin((k + 2) * t) for k, w in enumerate(wob))
            x, y = a * scale * r * math.cos(t), b * scale * r * math.sin(t)
            c, s = math.cos(heading), math.sin(heading)
            pts.append((centre[0] + x * c - y * s, centre[1] + x * s + y * c))
        # Start at home: shift so that the first point is the origin.
        x0, y0 = pts[0]
        self.pts = [(x - x0, y - y0) for x, y in pts]
        self.cum = [0.0]
        for p, q in zip(self.pts, self.pts[1:]):
            self.cum.append(self.cum[-1] + math.dist(p, q))
        self.length_m = self.cum[-1]
        self.hills = [(rng.uniform(0.3, 1.0) * hill_m, rng.uniform(0, 2 * math.pi), k)
                      for k in (1, 2, 3)]

    def at(self, s):
        """Position (east, north) and elevation at distance s along the loop."""
        s %= self.length_m
        lo, hi = 0, len(self.cum) - 1
        while hi - lo > 1:
            mid = (lo + hi) // 2
            if self.cum[mid] <= s:
                lo = mid
            else:
                hi = mid
        seg = self.cum[hi] - self.cum[lo] or 1.0
        f = (s - self.cum[lo]) / seg
        (x0, y0), (x1, y1) = self.pts[lo], self.pts[hi]
        u = 2 * math.pi * s / self.length_m
        ele = sum(a * math.sin(k * u + p) for a, p, k in self.hills)
        return x0 + f * (x1 - x0), y0 + f * (y1 - y0), ele

    def grade(self, s):
        e0 = self.at(s - 15)[2]
        e1 = self.at(s + 15)[2]
        return (e1 - e0) / 30.0


def make_routes(rng):
    lengths = [5000, 6000, 6500, 7500, 8000, 9000, 10000, 11000, 12500, 14000, 16000,
               18000, 21100, 24000]
    routes = []
    for i, length in enumerate(lengths):
        ang = rng.uniform(0, 2 * math.pi)
        d = rng.uniform(0.2, 0.5) * length / math.pi
        centre = (d * math.cos(ang), d * math.sin(ang))
        routes.append(Route(f"L{i + 1}", length * rng.uniform(0.97, 1.03), centre,
                            rng.uniform(0, math.pi), rng.uniform(0.4, 0.9),
                            rng.uniform(3, 22), rng))
    return routes


# --- physiology ---------------------------------------------------------------------------


class Athlete:
    def __init__(self, rng):
        self.rest = rng.uniform(46, 60)
        self.max = rng.uniform(180, 198)
        self.v_t0 = rng.uniform(3.2, 4.3)
        self.home = (rng.uniform(42, 56), rng.uniform(-4, 16))

    def hr_ss(self, v_eff, v_t):
        """Steady-state heart rate at an effort-equivalent speed: linear, with an intercept."""
        return self.rest + (self.max - self.rest) * (0.10 + 0.77 * v_eff / v_t)


def fitness(scenario, week_f, g, change):
    """Threshold speed factor over weeks (float) from the start."""
    if scenario == "healthy":
        return 1 + g * week_f
    top = 1 + g * min(week_f, change)
    if scenario == "overtraining" and week_f > change + 3:
        return top * (1 - 0.004 * (week_f - change - 3))
    return top


# --- one run ------------------------------------------------------------------------------


def run_samples(rng, ath, route, start, plan, v_t, hr_extra):
    """Samples of one run: (t, lat, lon, ele, hr, cad) every INTERVAL_S seconds."""
    out = []
    s = 0.0
    t = 0.0
    hr = ath.rest + 25
    noise = 0.0
    gx = gy = 0.0
    day_offset = rng.gauss(0, 2.0) + hr_extra
    stops = sorted(rng.uniform(0.1, 0.9) * plan["distance"] for _ in range(rng.randint(0, 3)))
    stop_left = 0.0
    total = plan["distance"]
    lat0, lon0 = ath.home
    coslat = math.cos(math.radians(lat0))
    while s < total:
        target = plan["speed_at"](s)
        noise = 0.9 * noise + rng.gauss(0, 0.008)
        g = route.grade(s)
        cost = 1 + 3.3 * g if g > 0 else max(0.6, 1 + 1.8 * g)
        if stop_left > 0:
            v = 0.0
            stop_left -= INTERVAL_S
        elif stops and s >= stops[0]:
            stops.pop(0)
            stop_left = rng.uniform(10, 40)
            v = 0.0
        else:
            v = max(0.5, target * (1 + noise) / cost)
        v_eff = v * cost
        drift = 1 + 0.035 * max(0.0, t - 900) / 3600
        want = (ath.hr_ss(v_eff, v_t) if v > 0 else ath.rest + 45) * drift + day_offset
        hr += (want - hr) * (1 - math.exp(-INTERVAL_S / 30.0))
        x, y, ele = route.at(s)
        gx = 0.95 * gx + rng.gauss(0, 0.9)
        gy = 0.95 * gy + rng.gauss(0, 0.9)
        lat = lat0 + (y + gy) / EARTH_M_PER_DEG
        lon = lon0 + (x + gx) / (EARTH_M_PER_DEG * coslat)
        cad = (150 + 9 * v) / 2 + rng.gauss(0, 1) if v > 0 else 0
        out.append((start + timedelta(seconds=t), lat, lon, ele + 120 + rng.gauss(0, 0.4),
                    int(round(hr + rng.gauss(0, 1.2))), int(round(cad))))
        s += v * INTERVAL_S
        t += INTERVAL_S
    return out


def write_gpx(path, samples, name):
    with open(path, "w") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n'
                '<gpx creator="heldout-gen" version="1.1" '
                'xmlns="http://www.topografix.com/GPX/1/1" '
                'xmlns:ns3="http://www.garmin.com/xmlschemas/TrackPointExtension/v1">\n')
        f.write(f" <metadata><time>{samples[0][0].strftime('%Y-%m-%dT%H:%M:%SZ')}</time></metadata>\n")
        f.write(f" <trk><name>{name}</name><type>running</type><trkseg>\n")
        for t, lat, lon, ele, hr, cad in samples:
            f.write(f'  <trkpt lat="{lat:.7f}" lon="{lon:.7f}"><ele>{ele:.1f}</ele>'
                    f"<time>{t.strftime('%Y-%m-%dT%H:%M:%SZ')}</time><extensions>"
                    f"<ns3:TrackPointExtension><ns3:hr>{hr}</ns3:hr><ns3:cad>{cad}</ns3:cad>"
                    "</ns3:TrackPointExtension></extensions></trkpt>\n")
        f.write(" </trkseg></trk>\n</gpx>\n")


# --- the history --------------------------------------------------------------------------


def generate(seed, scenario, out, weeks=WEEKS, change=CHANGE_WEEK):
    rng = random.Random(f"{seed}:{scenario}")
    ath = Athlete(random.Random(seed))
    routes = make_routes(random.Random(seed * 7 + 1))
    start = date(2023, 1, 2) + timedelta(weeks=rng.randint(0, 70))
    g = rng.uniform(0.0025, 0.004) if scenario == "healthy" else rng.uniform(0.003, 0.005)
    base_week_m = rng.uniform(28_000, 45_000)
    stale_route = min(routes, key=lambda r: abs(r.length_m - 8000))
    os.makedirs(out, exist_ok=True)
    truth = {"generator": "heldout-gen/1", "seed": seed, "scenario": scenario,
             "start": start.isoformat(), "weeks": weeks,
             "change": (start + timedelta(weeks=change)).isoformat(),
             "athlete": {"hr_rest_bpm": ath.rest, "hr_max_bpm": ath.max,
                         "threshold_speed_m_s": ath.v_t0},
             "runs": []}
    week_m = base_week_m
    stale_speed = None
    for w in range(weeks):
        after = w >= change
        over = scenario == "overtraining" and after
        if over:
            week_m = min(week_m * 1.10, 2.2 * base_week_m)
            n_runs = 4 if w - change < 2 else (5 if w - change < 5 else 6)
            light = False
        else:
            light = w % 4 == 3
            week_m = base_week_m * (0.7 if light else 1.0) * rng.uniform(0.93, 1.07)
        days = sorted(rng.sample(range(7), n_runs if over else 4))
        kinds = ["long", "workout"] + ["easy"] * (len(days) - 2)
        if light:
            kinds[1] = "easy"
        if over:
            kinds[2] = "intervals"
        rng.shuffle(kinds)
        shares = {"long": 0.34, "workout": 0.22, "intervals": 0.2, "easy": 0.22}
        total_share = sum(shares[k] for k in kinds)
        for day, kind in zip(days, kinds):
            d = start + timedelta(weeks=w, days=day)
            week_f = w + day / 7
            v_t = ath.v_t0 * fitness(scenario, week_f, g, change)
            want_m = week_m * shares[kind] / total_share
            stale = scenario == "stale-routes" and after and rng.random() < 0.9
            if stale:
                route = stale_route
                if stale_speed is None:
                    stale_speed = 0.78 * v_t
                plan_speed = stale_speed * rng.uniform(0.99, 1.01)
                kind = "easy"
            else:
                # Variety among the routes of about the planned length: the week's volume
                # (and its lighter fourth week) is what the plan says.
                near = [r for r in routes if abs(r.length_m / want_m - 1) < 0.12]
                route = rng.choice(near) if near else min(
                    routes, key=lambda r: abs(r.length_m - want_m))
                plan_speed = v_t * (rng.uniform(0.68, 0.74) if kind == "long"
                                    else rng.uniform(0.70, 0.78))
            dist = route.length_m
            if kind == "workout":
                tempo = v_t * rng.uniform(0.90, 0.95)
                a, b = 2000.0, max(2500.0, dist - 1500.0)

                def speed_at(s, a=a, b=b, tempo=tempo, easy=plan_speed):
                    return tempo if a <= s < b else easy
            elif kind == "intervals":
                fast, jog = 1.02 * v_t, 0.6 * v_t

                def speed_at(s, fast=fast, jog=jog, easy=plan_speed):
                    if s < 2000 or s > 2000 + 5 * 1400:
                        return easy
                    return fast if (s - 2000) % 1400 < 1000 else jog
            else:
                def speed_at(s, v=plan_speed):
                    return v
            hr_extra = 0.6 * (week_f - change) if over else 0.0
            t0 = datetime(d.year, d.month, d.day, tzinfo=timezone.utc) + timedelta(
                minutes=rng.randint(6 * 60, 19 * 60))
            samples = run_samples(rng, ath, route, t0,
                                  {"distance": dist, "speed_at": speed_at}, v_t, hr_extra)
            name = f"{d.isoformat()}-{kind}"
            write_gpx(os.path.join(out, name + ".gpx"), samples, f"Run {kind}")
            truth["runs"].append({"file": name + ".gpx", "date": d.isoformat(), "kind": kind,
                                  "route": route.id, "distance_m": round(dist, 1),
                                  "threshold_speed_m_s": v_t, "week": w,
                                  "stale": stale})
    with open(os.path.join(out, "truth.json"), "w") as f:
        json.dump(truth, f, indent=1)


# --- scoring ------------------------------------------------------------------------------


def days_between(a, b):
    return (date.fromisoformat(b) - date.fromisoformat(a)).days


def record(truth, report):
    """One history's record: what was planted and what the report found."""
    change = truth["change"]
    plateaus = [{"signal": s["signal"], "start": p["start"], "end": p["end"],
                 "turn": p.get("turn")}
                for s in report["plateaus"]["signals"] for p in s["plateaus"]]
    findings = [{"kind": f["kind"], "severity": f["severity"], "start": f["start"],
                 "end": f["end"], "detected_on": f["detected_on"]}
                for f in report["load"]["findings"] + report["routes"]["findings"]]
    vp = report["summary"].get("plateau")
    # The measured aerobic points, for the ceiling of any onset estimator (see `score`).
    aerobic = [[x["date"], x["aerobic_speed_m_s"]] for x in report["load"]["runs"]
               if x["aerobic_speed_m_s"] is not None] if truth["scenario"] == "plateau" else []
    return {"seed": truth["seed"], "scenario": truth["scenario"], "change": change,
            "runs": len(truth["runs"]), "imported_runs": len(report["load"]["runs"]),
            "verdict": report["summary"]["verdict"],
            "verdict_plateau": vp and {"signal": vp["signal"], "start": vp["start"],
                                       "end": vp["end"], "turn": vp.get("turn")},
            "plateaus": plateaus, "findings": findings, "aerobic": aerobic}


def rss(columns, y):
    """Residual sum of squares of the least-squares fit of y on the columns."""
    n = len(columns)
    m = [[sum(a * b for a, b in zip(columns[i], columns[j])) for j in range(n)]
         for i in range(n)]
    v = [sum(a * b for a, b in zip(columns[i], y)) for i in range(n)]
    for i in range(n):
        p = max(range(i, n), key=lambda r: abs(m[r][i]))
        m[i], m[p], v[i], v[p] = m[p], m[i], v[p], v[i]
        if abs(m[i][i]) < 1e-12:
            return None
        for r in range(n):
            if r != i:
                f = m[r][i] / m[i][i]
                m[r] = [a - f * b for a, b in zip(m[r], m[i])]
                v[r] -= f * v[i]
    c = [v[i] / m[i][i] for i in range(n)]
    return sum((sum(c[k] * columns[k][j] for k in range(n)) - y[j]) ** 2
               for j in range(len(y)))


def hinge_knot(points, change, flat_after):
    """Day (from the change) of the least-squares continuous hinge through the points: a
    line, then (flat_after) a constant or (else) another line, joined at the knot; knots
    at least 6 weeks from either end, every other day."""
    x = [float(days_between(change, d)) for d, _ in points]
    y = [v for _, v in points]
    best = None
    for k in range(int(min(x)) + 42, int(max(x)) - 42, 2):
        if flat_after:
            cols = [[1.0] * len(x), [min(v, k) for v in x]]
        else:
            cols = [[1.0] * len(x), x, [max(v - k, 0.0) for v in x]]
        r = rss(cols, y)
        if r is not None and (best is None or r < best[0]):
            best = (r, k)
    return best and best[1]


def nearest(items, change):
    on = [dict(i, err=days_between(change, i["start"])) for i in items if i["end"] >= change]
    return min(on, key=lambda i: abs(i["err"])) if on else None


def pct(xs, p):
    xs = sorted(xs)
    return xs[max(0, math.ceil(p * len(xs)) - 1)] if xs else None


def share(rs, f):
    return f"{sum(1 for r in rs if f(r))}/{len(rs)}" if rs else "–"


def score(records):
    warn = lambda r: [f for f in r["findings"] if f["severity"] != "info"]  # noqa: E731
    out = [f"Held-out generator: {len(records)} histories "
           f"({len({r['seed'] for r in records})} seeds × scenarios), {WEEKS} weeks, change "
           f"at week {CHANGE_WEEK}.", ""]
    out += ["| plateau signal | histories | found | min | median | p90 | max | within ±14 d "
            "| not > 14 d early |", "|---|---|---|---|---|---|---|---|---|"]
    pl = [r for r in records if r["scenario"] == "plateau"]
    for sig in ("aerobic", "race", "distance", "verdict"):
        errs = []
        for r in pl:
            if sig == "verdict":
                vp = r["verdict_plateau"]
                n = nearest([vp], r["change"]) if vp else None
            else:
                n = nearest([p for p in r["plateaus"] if p["signal"] == sig], r["change"])
            errs.append(n["err"] if n else None)
        e = [x for x in errs if x is not None]
        within = sum(1 for x in e if abs(x) <= 14)
        out.append(f"| {sig} | {len(pl)} | {len(e)} | {min(e) if e else '–'} | "
                   f"{pct(e, 0.5) if e else '–'} | {pct(e, 0.9) if e else '–'} | "
                   f"{max(e) if e else '–'} | {within}/{len(pl)} | "
                   f"{sum(1 for x in e if x >= -14)}/{len(e)} |")
    # Where the report places the turn: the span of a plateau after progress (its start
    # alone when it has none), against the change.
    spans = []
    for r in pl:
        vp = r["verdict_plateau"]
        n = nearest([vp], r["change"]) if vp else None
        if n:
            t = n.get("turn") or {"earliest": n["start"], "latest": n["start"]}
            spans.append((n.get("turn") is not None, days_between(r["change"], t["earliest"]),
                          days_between(r["change"], t["latest"])))
    if spans:
        widths = [b - a for s, a, b in spans if s]
        turn_row = (f"Verdict plateau's turn: {len(spans)} found, "
                    f"{sum(1 for s in spans if s[0])} with a span; the change inside it in "
                    f"{sum(1 for _, a, b in spans if a <= 0 <= b)}, within 14 d of it in "
                    f"{sum(1 for _, a, b in spans if a <= 14 and b >= -14)}; width median "
                    f"{pct(widths, 0.5) if widths else '–'} d, p90 "
                    f"{pct(widths, 0.9) if widths else '–'} d.")
    else:
        turn_row = None
    # What any onset estimator could reach on these points: a least-squares hinge that is
    # told the shape (rising, then flat) and one that is not (two joined lines).
    for flat_after, what in ((True, "ceiling: hinge, flat after (shape known)"),
                             (False, "ceiling: hinge, two joined lines")):
        e = [hinge_knot(r["aerobic"], r["change"], flat_after) for r in pl if r.get("aerobic")]
        e = [x for x in e if x is not None]
        if e:
            out.append(f"| {what} | {len(pl)} | {len(e)} | {min(e)} | {pct(e, 0.5)} | "
                       f"{pct(e, 0.9)} | {max(e)} | {sum(1 for x in e if abs(x) <= 14)}/"
                       f"{len(pl)} | {sum(1 for x in e if x >= -14)}/{len(e)} |")
    if turn_row:
        out += ["", turn_row]
    out += ["", "| stale routes | histories | found | min | median | max | within ±7 d |",
            "|---|---|---|---|---|---|---|"]
    st = [r for r in records if r["scenario"] == "stale-routes"]
    errs = [(nearest([f for f in r["findings"] if f["kind"] == "stale-routes"], r["change"])
             or {}).get("err") for r in st]
    e = [x for x in errs if x is not None]
    out.append(f"| stale-routes | {len(st)} | {len(e)} | {min(e) if e else '–'} | "
               f"{pct(e, 0.5) if e else '–'} | {max(e) if e else '–'} | "
               f"{sum(1 for x in e if abs(x) <= 7)}/{len(st)} |")
    out += ["", "| scenario | histories | any plateau | any warning/alert | warning before "
            "the change | ≥ 3 kinds after | verdicts | warning kinds (histories) |",
            "|---|---|---|---|---|---|---|---|"]
    for sc in SCENARIOS:
        rs = [r for r in records if r["scenario"] == sc]
        kinds = {}
        for r in rs:
            for k in {f["kind"] for f in warn(r)}:
                kinds[k] = kinds.get(k, 0) + 1
        verdicts = {}
        for r in rs:
            verdicts[r["verdict"]] = verdicts.get(r["verdict"], 0) + 1
        out.append(
            f"| {sc} | {len(rs)} | {share(rs, lambda r: r['plateaus'])} | "
            f"{share(rs, lambda r: warn(r))} | "
            f"{share(rs, lambda r: any(f['detected_on'] < r['change'] for f in warn(r)))} | "
            f"{share(rs, lambda r: len({f['kind'] for f in r['findings'] if f['detected_on'] >= r['change']}) >= 3)} | "
            f"{', '.join(f'{k} {v}' for k, v in sorted(verdicts.items()))} | "
            f"{', '.join(f'{k} {v}' for k, v in sorted(kinds.items())) or '–'} |")
    return "\n".join(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    g = sub.add_parser("generate")
    g.add_argument("--seed", type=int, required=True)
    g.add_argument("--scenario", choices=SCENARIOS, required=True)
    g.add_argument("--out", required=True)
    s = sub.add_parser("score")
    s.add_argument("records")
    r = sub.add_parser("record")
    r.add_argument("truth")
    r.add_argument("report")
    a = ap.parse_args()
    if a.cmd == "generate":
        generate(a.seed, a.scenario, a.out)
    elif a.cmd == "record":
        with open(a.truth) as t, open(a.report) as rep:
            print(json.dumps(record(json.load(t), json.load(rep))))
    else:
        with open(a.records) as f:
            print(score([json.loads(line) for line in f if line.strip()]))


if __name__ == "__main__":
    sys.exit(main())
