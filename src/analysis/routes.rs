//! Route matching: which runs went the same way.
//!
//! # Track signature
//! Each run's GPS track is resampled at import ([`route_track`], cached with the facts) to
//! [`TRACK_POINTS`] points equally spaced along its length: a fixed-size signature whatever
//! the recording rate, so comparing two runs costs the same for a 1 s and a smart recording.
//!
//! # Matching two tracks
//! - **Prefilter** (cheap, no geometry): lengths within [`LENGTH_TOL`] of each other, and
//!   centroids within [`CENTROID_TOL_M`] (plus [`CENTROID_TOL_SHARE`] of the length): the
//!   same streets have the same centre of gravity wherever the run started on them.
//! - **Similarity**: the symmetric Hausdorff distance between the two tracks, on local
//!   east/north metres, from each point of one track to the nearest *segment* of the other
//!   (geo's `HausdorffDistance` measures vertex to vertex, which adds up to half the
//!   resampling spacing — 40 m on a 10 km run — of pure discretisation error). Same route
//!   when at most [`MATCH_M`]: two or three times GPS error, less than a block between
//!   parallel streets.
//!
//! # What counts as the same route (decided, documented, tested)
//! - A **loop run the other way** is the same route (the same streets, the same hills), a
//!   `reversed` variant: told apart by the sign of the loop's area (clockwise or not), which
//!   does not depend on where the loop was started.
//! - A **loop started from another point** on it is the same route, an `other start`
//!   variant (its start is more than [`START_TOL_M`] from the route's).
//! - **Laps** of one loop (its first half covers the same ground as its second, in the same
//!   direction) are a route of their own per length: two laps and three laps of the park are
//!   different runs, linked by `extends`.
//! - An **out-and-back** covers its path both ways: direction has no meaning; run to a
//!   different turn-around it has another length and is another route.
//! - A **point-to-point** run the other way is the `reversed` variant (by discrete Fréchet
//!   distance, geo's `FrechetDistance`, forward against reversed).
//! - A **route plus an extension** is a different route (it is not the same run), recorded as
//!   `extends` the shorter one when every point of the shorter lies within [`MATCH_M`] of
//!   the longer (between routes run more than once).
//!
//! # Clustering
//! Leader clustering in date order: each run is compared (prefilter, then Hausdorff) with the
//! routes already found, through a grid of their centroids; it joins the nearest one within
//! [`MATCH_M`] of the route's first run or of one of its [`RECENT_MEMBERS`] latest runs (so a
//! first run with a detour does not split the route), else it starts a new route. With the
//! grid, a run meets only the few routes near it: near-linear in the number of runs. Two
//! routes whose typical runs (the member of median length) match as two runs would are
//! then one: a route started by a variant and one started by the plain run can come to
//! share the runs of one path by GPS noise. A route is then described (length, shape,
//! start, drawn geometry, variants) by its typical run.

use std::collections::HashMap;

use geo::line_measures::FrechetDistance;
use geo::{Coord, Euclidean, LineString, Simplify};
use serde::Serialize;

use crate::model::Samples;

/// Points of a track signature.
pub const TRACK_POINTS: usize = 128;
/// Tracks shorter than this (GPS length, metres) get no signature: a treadmill run with a
/// wandering fix, a watch started indoors.
pub const MIN_TRACK_M: f64 = 800.0;
/// Lengths of the same route may differ by this share (GPS length of a 10 km loop varies
/// by 1–3 % between runs; a detour or a shortcut by more).
pub const LENGTH_TOL: f64 = 0.15;
/// Centroids of the same route lie within this many metres...
pub const CENTROID_TOL_M: f64 = 250.0;
/// ... plus this share of the route's length.
pub const CENTROID_TOL_SHARE: f64 = 0.05;
/// Largest symmetric Hausdorff distance of two runs of the same route, metres.
pub const MATCH_M: f64 = 120.0;
/// A start this far from the route's start is another start point (metres).
pub const START_TOL_M: f64 = 300.0;
/// Fixes closer than this to the previous one kept are dropped before the length is
/// measured, metres: at 1 s recording GPS jitter (a few metres a fix) adds 5–10 % to a
/// track's length, and 15 m (about 5 s of running) removes nearly all of it (a simulated
/// 7.5 km loop measures 8.0 km raw, 7.58 km decimated).
pub const DECIMATE_M: f64 = 15.0;
/// Comparisons use every this-many-th point of a signature (64 of 128: a point every 160 m
/// on a 10 km run, measured to the other track's segments, so no distance is lost between
/// points; the full signature is drawn). Halving the points quarters the cost.
pub const COMPARE_STRIDE: usize = 2;
/// Latest runs of a route that a new run may match besides its first.
pub const RECENT_MEMBERS: usize = 3;
/// Grid cell of the centroid index, metres.
const CELL_M: f64 = 1000.0;
/// Douglas–Peucker tolerance of the drawn geometry, metres.
pub const SIMPLIFY_M: f64 = 12.0;
/// Mean Earth radius, metres.
const EARTH_R: f64 = 6_371_008.8;

/// Resamples an activity's GPS track to [`TRACK_POINTS`] points equally spaced along its
/// length, as `[lat, lon]`; empty without GPS or shorter than [`MIN_TRACK_M`]. Fixes at
/// (0, 0) or out of range are skipped.
pub fn route_track(s: &Samples) -> Vec<[f64; 2]> {
    let pts: Vec<[f64; 2]> = s
        .lat
        .iter()
        .zip(&s.lon)
        .filter_map(|(la, lo)| Some([(*la)?, (*lo)?]))
        .filter(|[la, lo]| {
            la.is_finite()
                && lo.is_finite()
                && la.abs() <= 90.0
                && lo.abs() <= 180.0
                && (la.abs() > 1e-6 || lo.abs() > 1e-6)
        })
        .collect();
    // Fixes closer than DECIMATE_M to the last one kept add only GPS jitter to the length.
    let mut kept: Vec<[f64; 2]> = Vec::with_capacity(pts.len() / 4 + 2);
    for p in pts.iter().copied() {
        if kept.last().is_none_or(|l| !closer_than(*l, p, DECIMATE_M)) {
            kept.push(p);
        }
    }
    if let (Some(l), Some(p)) = (kept.last(), pts.last())
        && l != p
    {
        kept.push(*p);
    }
    resample(&kept, TRACK_POINTS)
}

/// Equirectangular metres between two nearby fixes.
pub(crate) fn metres(a: [f64; 2], b: [f64; 2]) -> f64 {
    let (dx, dy) = offset_m(a, b);
    dx.hypot(dy)
}

/// Whether two nearby fixes are less than `d` metres apart, as [`metres`] measures them,
/// by squares: `hypot` was the costliest call of the decimation, which takes every fix.
fn closer_than(a: [f64; 2], b: [f64; 2], d: f64) -> bool {
    let (dx, dy) = offset_m(a, b);
    dx * dx + dy * dy < d * d
}

/// Equirectangular east and north metres from `a` to `b`.
fn offset_m(a: [f64; 2], b: [f64; 2]) -> (f64, f64) {
    let k = EARTH_R * std::f64::consts::PI / 180.0;
    let dy = (b[0] - a[0]) * k;
    let dx = (b[1] - a[1]) * k * ((a[0] + b[0]) / 2.0).to_radians().cos();
    (dx, dy)
}

/// `n` points equally spaced along a polyline of `[lat, lon]`.
fn resample(pts: &[[f64; 2]], n: usize) -> Vec<[f64; 2]> {
    if pts.len() < 2 {
        return Vec::new();
    }
    let mut cum = Vec::with_capacity(pts.len());
    cum.push(0.0);
    for w in pts.windows(2) {
        let last = *cum.last().expect("one");
        cum.push(last + metres(w[0], w[1]));
    }
    let total = *cum.last().expect("one");
    if total < MIN_TRACK_M {
        return Vec::new();
    }
    let mut out = Vec::with_capacity(n);
    let mut j = 0;
    for k in 0..n {
        let d = total * k as f64 / (n - 1) as f64;
        while j + 2 < cum.len() && cum[j + 1] < d {
            j += 1;
        }
        let span = cum[j + 1] - cum[j];
        let f = if span > 0.0 {
            ((d - cum[j]) / span).clamp(0.0, 1.0)
        } else {
            0.0
        };
        out.push([
            pts[j][0] + f * (pts[j + 1][0] - pts[j][0]),
            pts[j][1] + f * (pts[j + 1][1] - pts[j][1]),
        ]);
    }
    out
}

/// A track on local east/north metres.
#[derive(Debug, Clone)]
struct Local {
    /// Every point of the signature.
    full: Vec<[f64; 2]>,
    /// Every [`COMPARE_STRIDE`]-th point (and the last): what comparisons use.
    xy: Vec<[f64; 2]>,
    length_m: f64,
    centroid: [f64; 2],
    lo: [f64; 2],
    hi: [f64; 2],
}

/// The projection every track of one analysis shares: equirectangular about a reference
/// latitude and longitude (runs of one history lie within a few hundred kilometres of each
/// other; a run far away simply matches nothing near home).
#[derive(Debug, Clone, Copy)]
struct Projection {
    lat0: f64,
    lon0: f64,
    kx: f64,
    ky: f64,
}

impl Projection {
    fn new(lat0: f64, lon0: f64) -> Self {
        let ky = EARTH_R * std::f64::consts::PI / 180.0;
        Projection {
            lat0,
            lon0,
            kx: ky * lat0.to_radians().cos(),
            ky,
        }
    }

    fn xy(&self, p: [f64; 2]) -> [f64; 2] {
        let mut dlon = p[1] - self.lon0;
        if dlon > 180.0 {
            dlon -= 360.0;
        } else if dlon < -180.0 {
            dlon += 360.0;
        }
        [dlon * self.kx, (p[0] - self.lat0) * self.ky]
    }

    fn latlon(&self, xy: [f64; 2]) -> [f64; 2] {
        [self.lat0 + xy[1] / self.ky, self.lon0 + xy[0] / self.kx]
    }

    fn local(&self, track: &[[f64; 2]]) -> Local {
        let full: Vec<[f64; 2]> = track.iter().map(|p| self.xy(*p)).collect();
        let mut xy: Vec<[f64; 2]> = full.iter().step_by(COMPARE_STRIDE).copied().collect();
        if !(full.len() - 1).is_multiple_of(COMPARE_STRIDE) {
            xy.push(full[full.len() - 1]);
        }
        let length_m = full
            .windows(2)
            .map(|w| (w[1][0] - w[0][0]).hypot(w[1][1] - w[0][1]))
            .sum();
        let n = full.len().max(1) as f64;
        let centroid = [
            full.iter().map(|p| p[0]).sum::<f64>() / n,
            full.iter().map(|p| p[1]).sum::<f64>() / n,
        ];
        let mut lo = [f64::INFINITY; 2];
        let mut hi = [f64::NEG_INFINITY; 2];
        for p in &full {
            for k in 0..2 {
                lo[k] = lo[k].min(p[k]);
                hi[k] = hi[k].max(p[k]);
            }
        }
        Local {
            full,
            xy,
            length_m,
            centroid,
            lo,
            hi,
        }
    }
}

/// Squared distance from a point to a segment (squares: `hypot` is the costliest call of
/// the clustering otherwise).
fn point_segment2(p: [f64; 2], a: [f64; 2], b: [f64; 2]) -> f64 {
    let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
    let len2 = dx * dx + dy * dy;
    let t = if len2 > 0.0 {
        (((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2).clamp(0.0, 1.0)
    } else {
        0.0
    };
    let (ex, ey) = (p[0] - a[0] - t * dx, p[1] - a[1] - t * dy);
    ex * ex + ey * ey
}

/// Directed Hausdorff distance from the points of `a` to the polyline `b`, stopping early
/// once it exceeds `cap` (the answer is then only known to be above it).
fn directed(a: &[[f64; 2]], b: &[[f64; 2]], cap: f64) -> f64 {
    let cap2 = cap * cap;
    let mut worst2: f64 = 0.0;
    // Strided order: a stretch where the tracks part is met within a few points, so a
    // mismatch is rejected early.
    const STRIDE: usize = 8;
    for p in (0..STRIDE)
        .flat_map(|k| a.iter().skip(k).step_by(STRIDE))
        .copied()
    {
        let mut best2 = f64::INFINITY;
        for w in b.windows(2) {
            // A segment whose bounding box is farther than the best so far cannot be nearer.
            let (x0, x1) = (w[0][0].min(w[1][0]), w[0][0].max(w[1][0]));
            let (y0, y1) = (w[0][1].min(w[1][1]), w[0][1].max(w[1][1]));
            let bx = (x0 - p[0]).max(p[0] - x1).max(0.0);
            let by = (y0 - p[1]).max(p[1] - y1).max(0.0);
            if bx * bx >= best2 || by * by >= best2 {
                continue;
            }
            best2 = best2.min(point_segment2(p, w[0], w[1]));
            if best2 <= worst2 {
                break;
            }
        }
        worst2 = worst2.max(best2);
        if worst2 > cap2 {
            return worst2.sqrt();
        }
    }
    worst2.sqrt()
}

/// A lower bound of the Hausdorff distance from bounding boxes: the point of one track at an
/// extreme lies at least as far from the other as that extreme is from the other's box.
fn bbox_bound(a: &Local, b: &Local) -> f64 {
    (0..2)
        .map(|k| (a.lo[k] - b.lo[k]).abs().max((a.hi[k] - b.hi[k]).abs()))
        .fold(0.0, f64::max)
}

/// Symmetric Hausdorff distance (point to polyline) of two tracks, metres; above `cap` it is
/// only known to be above it.
fn hausdorff(a: &[[f64; 2]], b: &[[f64; 2]], cap: f64) -> f64 {
    let d = directed(a, b, cap);
    if d > cap {
        return d;
    }
    d.max(directed(b, a, cap))
}

/// Signed area of a closed polyline (shoelace), m²: positive counter-clockwise.
fn signed_area(xy: &[[f64; 2]]) -> f64 {
    let n = xy.len();
    (0..n)
        .map(|i| {
            let (p, q) = (xy[i], xy[(i + 1) % n]);
            p[0] * q[1] - q[0] * p[1]
        })
        .sum::<f64>()
        / 2.0
}

/// The shape of a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Shape {
    /// Ends where it starts, different ways out and back.
    Loop,
    /// Out and back the same way.
    OutAndBack,
    /// Covers its ground twice without retracing it: laps of a loop (a park, a track), or a
    /// lollipop (out, round a loop, back).
    Laps,
    /// Ends somewhere else.
    PointToPoint,
}

impl Shape {
    /// In words.
    pub fn as_str(self) -> &'static str {
        match self {
            Shape::Loop => "loop",
            Shape::OutAndBack => "out-and-back",
            Shape::Laps => "laps",
            Shape::PointToPoint => "point-to-point",
        }
    }
}

fn shape(t: &Local) -> Shape {
    let (s, e) = (t.xy[0], t.xy[t.xy.len() - 1]);
    if (s[0] - e[0]).hypot(s[1] - e[1]) > START_TOL_M.max(0.05 * t.length_m) {
        return Shape::PointToPoint;
    }
    let half = t.xy.len() / 2;
    let out = &t.xy[..=half];
    let back = &t.xy[half..];
    if hausdorff(out, back, MATCH_M) > MATCH_M {
        return Shape::Loop;
    }
    // Both halves on the same path: back the same way (an out-and-back) or round again (laps
    // of a loop), told apart by the order-aware discrete Fréchet distance.
    let line = |v: &mut dyn Iterator<Item = [f64; 2]>| -> LineString<f64> {
        v.map(|p| Coord { x: p[0], y: p[1] }).collect()
    };
    let out = line(&mut out.iter().copied());
    let back_rev = line(&mut back.iter().rev().copied());
    // The way back retraces the way out, point for point in reverse (twice the match
    // distance: the other side of the road, a GPS offset); otherwise the same ground is
    // covered round and round, starting the second half anywhere on the loop (1.5 laps).
    if Euclidean.frechet_distance(&out, &back_rev) <= 2.0 * MATCH_M {
        Shape::OutAndBack
    } else {
        Shape::Laps
    }
}

/// How a run went its route.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Variant {
    /// As the route's first run.
    Same,
    /// The other way round.
    Reversed,
    /// A loop started from another point on it.
    OtherStart,
}

fn variant(route: &Local, route_shape: Shape, run: &Local) -> Variant {
    let start_gap = (route.xy[0][0] - run.xy[0][0]).hypot(route.xy[0][1] - run.xy[0][1]);
    match route_shape {
        Shape::OutAndBack => Variant::Same,
        Shape::Loop | Shape::Laps => {
            if signed_area(&route.xy).signum() != signed_area(&run.xy).signum() {
                Variant::Reversed
            } else if start_gap > START_TOL_M {
                Variant::OtherStart
            } else {
                Variant::Same
            }
        }
        Shape::PointToPoint => {
            let a: LineString<f64> = route
                .xy
                .iter()
                .map(|p| Coord { x: p[0], y: p[1] })
                .collect();
            let b: LineString<f64> = run.xy.iter().map(|p| Coord { x: p[0], y: p[1] }).collect();
            let rev: LineString<f64> = run
                .xy
                .iter()
                .rev()
                .map(|p| Coord { x: p[0], y: p[1] })
                .collect();
            if Euclidean.frechet_distance(&a, &rev) < Euclidean.frechet_distance(&a, &b) {
                Variant::Reversed
            } else {
                Variant::Same
            }
        }
    }
}

/// The prefilter of two tracks (no geometry): lengths within [`LENGTH_TOL`] of the longer,
/// centroids within [`CENTROID_TOL_M`] plus [`CENTROID_TOL_SHARE`] of it.
fn near(a: &Local, b: &Local) -> bool {
    let longer = a.length_m.max(b.length_m);
    (a.length_m - b.length_m).abs() <= LENGTH_TOL * longer
        && (a.centroid[0] - b.centroid[0]).hypot(a.centroid[1] - b.centroid[1])
            <= CENTROID_TOL_M + CENTROID_TOL_SHARE * longer
}

/// Whether two tracks are the same route: [`near`], and a symmetric Hausdorff distance of
/// at most [`MATCH_M`] (the test a run meets to join a route).
fn same_route(a: &Local, b: &Local) -> bool {
    near(a, b) && bbox_bound(a, b) <= MATCH_M && hausdorff(&a.xy, &b.xy, MATCH_M) <= MATCH_M
}

/// A run to cluster.
#[derive(Debug, Clone)]
pub struct TrackInput<'a> {
    /// Activity id.
    pub id: &'a str,
    /// Its track signature ([`route_track`]), `[lat, lon]`.
    pub track: &'a [[f64; 2]],
}

/// One route found.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cluster {
    /// Index of the route (0-based, in order of first run).
    pub index: usize,
    /// Members: indices into the input, in input order.
    pub members: Vec<usize>,
    /// Each member's variant, relative to the typical run.
    pub variants: Vec<Variant>,
    /// Shape.
    pub shape: Shape,
    /// Length of its typical run's track (the member of median length), metres.
    pub length_m: f64,
    /// The route this one extends (its whole path plus more), if any.
    pub extends: Option<usize>,
    /// The typical run's start, `[lat, lon]`.
    pub start: [f64; 2],
    /// Simplified geometry of the typical run (Douglas–Peucker, [`SIMPLIFY_M`]), `[lat, lon]`.
    pub geometry: Vec<[f64; 2]>,
}

impl Cluster {
    /// A route of these members, to be described from its typical run once clustering is
    /// done.
    fn members_only(index: usize, members: Vec<usize>) -> Self {
        Cluster {
            index,
            members,
            variants: Vec::new(),
            shape: Shape::Loop,
            length_m: 0.0,
            extends: None,
            start: [0.0, 0.0],
            geometry: Vec::new(),
        }
    }
}

/// The result of clustering.
#[derive(Debug, Clone, PartialEq)]
pub struct Clustering {
    /// Routes in order of first run.
    pub routes: Vec<Cluster>,
    /// Route of each input (`None`: no track).
    pub route_of: Vec<Option<usize>>,
}

/// Clusters runs (in date order) into routes; see the module docs.
pub fn cluster(runs: &[TrackInput<'_>]) -> Clustering {
    let mut route_of = vec![None; runs.len()];
    let Some(first) = runs.iter().find(|r| !r.track.is_empty()) else {
        return Clustering {
            routes: Vec::new(),
            route_of,
        };
    };
    let proj = Projection::new(first.track[0][0], first.track[0][1]);
    let locals: Vec<Option<Local>> = runs
        .iter()
        .map(|r| (r.track.len() >= 2).then(|| proj.local(r.track)))
        .collect();
    let mut routes: Vec<Cluster> = Vec::new();
    // Per route: indices of its first and latest members.
    let mut reps: Vec<Vec<usize>> = Vec::new();
    let mut grid: HashMap<(i64, i64), Vec<usize>> = HashMap::new();
    let cell = |c: [f64; 2]| {
        (
            (c[0] / CELL_M).floor() as i64,
            (c[1] / CELL_M).floor() as i64,
        )
    };
    for (i, t) in locals.iter().enumerate() {
        let Some(t) = t else { continue };
        let (cx, cy) = cell(t.centroid);
        let reach = ((CENTROID_TOL_M + CENTROID_TOL_SHARE * t.length_m) / CELL_M).ceil() as i64;
        let mut best: Option<(usize, f64)> = None;
        for gx in cx - reach..=cx + reach {
            for gy in cy - reach..=cy + reach {
                let Some(rs) = grid.get(&(gx, gy)) else {
                    continue;
                };
                for &r in rs {
                    let lead = locals[routes[r].members[0]]
                        .as_ref()
                        .expect("member has a track");
                    if !near(lead, t) {
                        continue;
                    }
                    let cap = best.map_or(MATCH_M, |b| b.1.min(MATCH_M));
                    for &m in &reps[r] {
                        let o = locals[m].as_ref().expect("member has a track");
                        if bbox_bound(t, o) > cap {
                            continue;
                        }
                        let d = hausdorff(&t.xy, &o.xy, cap);
                        if d <= cap && best.is_none_or(|b| d < b.1) {
                            best = Some((r, d));
                        }
                    }
                }
            }
        }
        match best {
            Some((r, _)) => {
                routes[r].members.push(i);
                route_of[i] = Some(r);
                let rep = &mut reps[r];
                if rep.len() > RECENT_MEMBERS {
                    rep.remove(1);
                }
                rep.push(i);
            }
            None => {
                let r = routes.len();
                routes.push(Cluster::members_only(r, vec![i]));
                reps.push(vec![i]);
                grid.entry((cx, cy)).or_default().push(r);
                route_of[i] = Some(r);
            }
        }
    }
    // Each route is described by its typical run, the member of median length (its first
    // run may have been a detour, a partial lap or a GPS glitch); variants are relative to
    // it.
    let typical_of = |members: &[usize]| {
        let mut by_len = members.to_vec();
        by_len.sort_by(|a, b| {
            let la = locals[*a].as_ref().expect("track").length_m;
            let lb = locals[*b].as_ref().expect("track").length_m;
            la.total_cmp(&lb)
        });
        by_len[(by_len.len() - 1) / 2]
    };
    // Two routes the leader pass kept apart can have come to be run the same way: a route
    // whose first run was a variant (a shortened lap), the plain run starting a route of its
    // own, and later runs joining either by GPS noise (the sweep's seed 25, seven runs a
    // week: one 5 km loop as two routes of 85 and 30 runs, and its stale routes found 11
    // weeks late). A route whose typical run matches the typical run of an earlier one (the
    // prefilter and the Hausdorff distance of two runs) joins it; each joins the earliest
    // such route that has not itself joined one, so no chain of near matches merges
    // different routes.
    let mut typical: Vec<usize> = routes.iter().map(|cl| typical_of(&cl.members)).collect();
    let mut into: Vec<usize> = (0..routes.len()).collect();
    for b in 0..routes.len() {
        let tb = locals[typical[b]].as_ref().expect("track");
        if let Some(a) = (0..b).filter(|&a| into[a] == a).find(|&a| {
            let ta = locals[typical[a]].as_ref().expect("track");
            same_route(ta, tb)
        }) {
            into[b] = a;
        }
    }
    if into.iter().enumerate().any(|(b, &a)| a != b) {
        let mut members: Vec<Vec<usize>> = vec![Vec::new(); routes.len()];
        for (b, cl) in routes.iter().enumerate() {
            members[into[b]].extend(&cl.members);
        }
        let mut kept: Vec<Vec<usize>> = members.into_iter().filter(|m| !m.is_empty()).collect();
        for m in &mut kept {
            m.sort_unstable();
        }
        kept.sort_by_key(|m| m[0]);
        routes = kept
            .into_iter()
            .enumerate()
            .map(|(r, members)| {
                for &i in &members {
                    route_of[i] = Some(r);
                }
                Cluster::members_only(r, members)
            })
            .collect();
        typical = routes.iter().map(|cl| typical_of(&cl.members)).collect();
    }
    for (cl, &m) in routes.iter_mut().zip(&typical) {
        let t = locals[m].as_ref().expect("track");
        cl.shape = shape(t);
        cl.length_m = t.length_m;
        cl.start = runs[m].track[0];
        let ls: LineString<f64> = t.full.iter().map(|p| Coord { x: p[0], y: p[1] }).collect();
        cl.geometry = ls
            .simplify(SIMPLIFY_M)
            .coords()
            .map(|c| proj.latlon([c.x, c.y]))
            .collect();
        cl.variants = cl
            .members
            .iter()
            .map(|&k| variant(t, cl.shape, locals[k].as_ref().expect("track")))
            .collect();
    }
    // Extensions: a longer route containing the whole of a shorter one.
    // Only between routes run more than once: a one-off is not a route the runner extends,
    // and the pairs of one-offs would make this quadratic in the number of runs.
    for a in 0..routes.len() {
        if routes[a].members.len() < 2 {
            continue;
        }
        let la = locals[typical[a]].as_ref().expect("track");
        let mut best: Option<(usize, f64)> = None;
        for (b, &tb) in typical.iter().enumerate() {
            let lb = locals[tb].as_ref().expect("track");
            if b == a
                || routes[b].members.len() < 2
                || lb.length_m >= la.length_m * (1.0 - LENGTH_TOL)
            {
                continue;
            }
            // Bounding boxes: the shorter must lie inside the longer's, give or take.
            if (0..2).any(|k| lb.lo[k] < la.lo[k] - MATCH_M || lb.hi[k] > la.hi[k] + MATCH_M) {
                continue;
            }
            if directed(&lb.xy, &la.xy, MATCH_M) <= MATCH_M
                && best.is_none_or(|(_, len)| lb.length_m > len)
            {
                best = Some((b, lb.length_m));
            }
        }
        routes[a].extends = best.map(|b| b.0);
    }
    Clustering { routes, route_of }
}

/// An SVG path (`M x y L x y ...`) of a geometry in a `size`×`size` box, north up, aspect
/// kept, centred.
pub fn svg_path(geometry: &[[f64; 2]], size: f64) -> String {
    if geometry.len() < 2 {
        return String::new();
    }
    let proj = Projection::new(geometry[0][0], geometry[0][1]);
    let xy: Vec<[f64; 2]> = geometry.iter().map(|p| proj.xy(*p)).collect();
    let (mut lo, mut hi) = ([f64::INFINITY; 2], [f64::NEG_INFINITY; 2]);
    for p in &xy {
        for k in 0..2 {
            lo[k] = lo[k].min(p[k]);
            hi[k] = hi[k].max(p[k]);
        }
    }
    let span = (hi[0] - lo[0]).max(hi[1] - lo[1]).max(1.0);
    let scale = size * 0.9 / span;
    let off = [
        (size - (hi[0] - lo[0]) * scale) / 2.0,
        (size - (hi[1] - lo[1]) * scale) / 2.0,
    ];
    let mut out = String::with_capacity(xy.len() * 14);
    for (i, p) in xy.iter().enumerate() {
        let x = off[0] + (p[0] - lo[0]) * scale;
        let y = size - (off[1] + (p[1] - lo[1]) * scale);
        out.push_str(&format!("{}{x:.1} {y:.1}", if i == 0 { "M" } else { " L" }));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A track from east/north metres around a point in Ljubljana.
    fn track(en: &[(f64, f64)]) -> Vec<[f64; 2]> {
        let p = Projection::new(46.05, 14.5);
        let pts: Vec<[f64; 2]> = en.iter().map(|&(e, n)| p.latlon([e, n])).collect();
        resample(&pts, TRACK_POINTS)
    }

    /// A circle of radius `r` centred at `c`, starting at angle `a0`, `dir` ±1.
    fn circle(c: (f64, f64), r: f64, a0: f64, dir: f64) -> Vec<(f64, f64)> {
        (0..=200)
            .map(|i| {
                let a = a0 + dir * std::f64::consts::TAU * i as f64 / 200.0;
                (c.0 + r * a.cos(), c.1 + r * a.sin())
            })
            .collect()
    }

    fn line(a: (f64, f64), b: (f64, f64)) -> Vec<(f64, f64)> {
        (0..=100)
            .map(|i| {
                let f = i as f64 / 100.0;
                (a.0 + f * (b.0 - a.0), a.1 + f * (b.1 - a.1))
            })
            .collect()
    }

    fn run(tracks: &[Vec<[f64; 2]>]) -> Clustering {
        let ids: Vec<String> = (0..tracks.len()).map(|i| i.to_string()).collect();
        let inputs: Vec<TrackInput<'_>> = tracks
            .iter()
            .zip(&ids)
            .map(|(t, id)| TrackInput { id, track: t })
            .collect();
        cluster(&inputs)
    }

    #[test]
    fn loops_reversed_or_started_elsewhere_are_the_same_route() {
        let loop_ = track(&circle(
            (0.0, 1000.0),
            1000.0,
            -std::f64::consts::FRAC_PI_2,
            1.0,
        ));
        let reversed = track(&circle(
            (0.0, 1000.0),
            1000.0,
            -std::f64::consts::FRAC_PI_2,
            -1.0,
        ));
        let elsewhere = track(&circle((0.0, 1000.0), 1000.0, 1.0, 1.0));
        // 30 m of GPS offset is still the same route; 400 m off is another.
        let offset = track(&circle(
            (30.0, 1000.0),
            1000.0,
            -std::f64::consts::FRAC_PI_2,
            1.0,
        ));
        let other = track(&circle(
            (0.0, 1400.0),
            1000.0,
            -std::f64::consts::FRAC_PI_2,
            1.0,
        ));
        let c = run(&[loop_, reversed, elsewhere, offset, other]);
        assert_eq!(c.route_of, [Some(0), Some(0), Some(0), Some(0), Some(1)]);
        assert_eq!(c.routes[0].shape, Shape::Loop);
        assert_eq!(
            c.routes[0].variants,
            [
                Variant::Same,
                Variant::Reversed,
                Variant::OtherStart,
                Variant::Same
            ]
        );
        let len = c.routes[0].length_m;
        assert!((len - std::f64::consts::TAU * 1000.0).abs() < 20.0, "{len}");
    }

    #[test]
    fn out_and_backs_point_to_points_and_extensions() {
        let mut oab = line((0.0, 0.0), (3000.0, 0.0));
        oab.extend(line((3000.0, 0.0), (0.0, 0.0)));
        let mut oab_far = line((0.0, 0.0), (4000.0, 0.0));
        oab_far.extend(line((4000.0, 0.0), (0.0, 0.0)));
        let p2p = line((0.0, 500.0), (0.0, 6000.0));
        let p2p_back = line((0.0, 6000.0), (0.0, 500.0));
        // A 2 km loop, and the same loop plus a 1.5 km out-and-back spur (3.5 km more).
        let small = circle((-1000.0, -2000.0), 318.3, 0.0, 1.0);
        let mut spur = small.clone();
        spur.extend(line((-681.7, -2000.0), (1068.3, -2000.0)));
        spur.extend(line((1068.3, -2000.0), (-681.7, -2000.0)));
        // Each run twice: extensions are looked for between routes run more than once.
        let tracks: Vec<Vec<[f64; 2]>> = [&oab, &oab_far, &p2p, &p2p_back, &small, &spur]
            .iter()
            .flat_map(|t| [track(t), track(t)])
            .collect();
        let c = run(&tracks);
        let routes: Vec<Option<usize>> = c.route_of.iter().step_by(2).copied().collect();
        assert_eq!(
            c.route_of
                .iter()
                .skip(1)
                .step_by(2)
                .copied()
                .collect::<Vec<_>>(),
            routes
        );
        assert_eq!(
            routes,
            [Some(0), Some(1), Some(2), Some(2), Some(3), Some(4)]
        );
        assert_eq!(c.routes[0].shape, Shape::OutAndBack);
        assert_eq!(c.routes[2].shape, Shape::PointToPoint);
        assert_eq!(
            c.routes[2].variants,
            [
                Variant::Same,
                Variant::Same,
                Variant::Reversed,
                Variant::Reversed
            ]
        );
        assert_eq!(c.routes[3].shape, Shape::Loop);
        // The longer out-and-back contains the shorter; the loop with a spur extends the loop.
        assert_eq!(c.routes[1].extends, Some(0));
        assert_eq!(c.routes[4].extends, Some(3));
        assert_eq!(c.routes[0].extends, None);
        // Two laps of a loop are laps, not an out-and-back.
        let mut laps = circle((5000.0, 5000.0), 500.0, 0.0, 1.0);
        laps.extend(circle((5000.0, 5000.0), 500.0, 0.0, 1.0));
        let l = run(&[track(&laps)]);
        assert_eq!(l.routes[0].shape, Shape::Laps);
        // A one-off is not looked at.
        let once = run(&[track(&oab), track(&oab), track(&oab_far)]);
        assert_eq!(once.routes[1].extends, None);
    }

    #[test]
    fn tracks_without_gps_or_too_short_have_no_route() {
        let short = track(&line((0.0, 0.0), (500.0, 0.0)));
        assert!(short.is_empty());
        let c = run(&[Vec::new(), short, track(&line((0.0, 0.0), (5000.0, 0.0)))]);
        assert_eq!(c.route_of, [None, None, Some(0)]);
        let s = Samples {
            lat: vec![Some(0.0), Some(0.0), None],
            lon: vec![Some(0.0), Some(0.0), None],
            ..Samples::default()
        };
        assert!(route_track(&s).is_empty());
    }

    #[test]
    fn svg_paths_fit_their_box() {
        let t = track(&circle((0.0, 0.0), 1000.0, 0.0, 1.0));
        let p = svg_path(&t, 100.0);
        assert!(p.starts_with('M'));
        for v in p
            .split([' ', 'M', 'L'])
            .filter(|s| !s.is_empty())
            .map(|s| s.parse::<f64>().unwrap())
        {
            assert!((0.0..=100.0).contains(&v), "{v}");
        }
    }
}
