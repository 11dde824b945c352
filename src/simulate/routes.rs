//! A small synthetic map around the runner's home: rolling terrain with one real hill, and
//! routes on it (loops and out-and-backs of different lengths), as polylines in local metres.
//!
//! Coordinates are east/north metres from home; [`to_lat_lon`] converts them with an
//! equirectangular projection, exact to well under a metre over the few kilometres a run
//! covers.

use serde::Serialize;

use super::rng::Rng;

/// Home: a park in Lausanne (any place works; this one has real hills nearby).
pub const HOME_LAT: f64 = 46.5191;
/// Home longitude.
pub const HOME_LON: f64 = 6.6323;
const M_PER_DEG_LAT: f64 = 111_195.0;
/// Spacing of route polyline points, metres.
const STEP_M: f64 = 5.0;

/// East/north metres to degrees.
pub fn to_lat_lon(e: f64, n: f64) -> (f64, f64) {
    let lat = HOME_LAT + n / M_PER_DEG_LAT;
    let lon = HOME_LON + e / (M_PER_DEG_LAT * HOME_LAT.to_radians().cos());
    (lat, lon)
}

/// Terrain height (metres above sea level): gentle undulation plus a 70 m hill 2.5 km
/// north-east of home, where hill sessions go.
pub fn terrain(e: f64, n: f64) -> f64 {
    let roll = 8.0 * (e / 700.0).sin() * (n / 900.0).cos() + 5.0 * (n / 450.0 + 1.0).sin();
    let (he, hn) = (e - 1800.0, n - 1800.0);
    let hill = 70.0 * (-(he * he + hn * hn) / (2.0 * 600.0 * 600.0)).exp();
    420.0 + roll + hill
}

/// The shape of a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RouteKind {
    /// Starts and ends at home, no part run twice.
    Loop,
    /// Out to a turn-around point and back the same way.
    OutAndBack,
    /// A loop over the hill.
    HillLoop,
}

/// One route of the map.
#[derive(Debug, Clone, Serialize)]
pub struct Route {
    /// `r1`, `r2`, ...
    pub id: String,
    /// A human name (`5.0 km loop north`).
    pub name: String,
    /// Its shape.
    pub kind: RouteKind,
    /// Length along the path, metres.
    pub length_m: f64,
    /// Points every ~5 m, east/north metres.
    #[serde(skip)]
    pub points: Vec<(f64, f64)>,
}

impl Route {
    /// Builds a route of about `length_m` of the given kind, heading out at `heading` rad.
    pub fn new(id: String, kind: RouteKind, length_m: f64, heading: f64, rng: &mut Rng) -> Route {
        let control: Vec<(f64, f64)> = match kind {
            RouteKind::Loop | RouteKind::HillLoop => {
                let r = length_m / std::f64::consts::TAU;
                let (ce, cn) = if kind == RouteKind::HillLoop {
                    (1800.0 - 0.5 * r, 1800.0 - 0.5 * r)
                } else {
                    (r * heading.cos(), r * heading.sin())
                };
                // Home is on the loop: start the angles from the direction of home.
                let a0 = (-cn).atan2(-ce);
                let rad = (ce * ce + cn * cn).sqrt().max(1.0);
                let k = 9;
                (0..k)
                    .map(|i| {
                        let a = a0 + std::f64::consts::TAU * i as f64 / k as f64;
                        let rr = if i == 0 {
                            rad
                        } else {
                            rad * rng.range(0.75, 1.2)
                        };
                        (ce + rr * a.cos(), cn + rr * a.sin())
                    })
                    .collect()
            }
            RouteKind::OutAndBack => {
                let mut pts = vec![(0.0, 0.0)];
                let mut h = heading;
                let seg = length_m / 2.0 / 6.0;
                for _ in 0..6 {
                    h += rng.range(-0.5, 0.5);
                    let (e, n) = *pts.last().expect("non-empty");
                    pts.push((e + seg * h.cos(), n + seg * h.sin()));
                }
                pts
            }
        };
        let closed = kind != RouteKind::OutAndBack;
        let mut points = catmull_rom(&control, closed);
        if !closed {
            let back: Vec<(f64, f64)> = points.iter().rev().skip(1).copied().collect();
            points.extend(back);
        }
        // Scale about home to the wanted length.
        let len = polyline_length(&points);
        if len > 0.0 {
            let f = length_m / len;
            for p in &mut points {
                p.0 *= f;
                p.1 *= f;
            }
        }
        let points = resample(&points, STEP_M);
        let length_m = polyline_length(&points);
        let dir = match heading.rem_euclid(std::f64::consts::TAU) {
            h if !(0.785..5.5).contains(&h) => "east",
            h if h < 2.356 => "north",
            h if h < 3.927 => "west",
            _ => "south",
        };
        let name = match kind {
            RouteKind::Loop => format!("{:.1} km loop {dir}", length_m / 1000.0),
            RouteKind::OutAndBack => format!("{:.1} km out-and-back {dir}", length_m / 1000.0),
            RouteKind::HillLoop => format!("{:.1} km hill loop", length_m / 1000.0),
        };
        Route {
            id,
            name,
            kind,
            length_m,
            points,
        }
    }

    /// Position (east, north) at `d` metres along the route (clamped to its ends).
    pub fn at(&self, d: f64) -> (f64, f64) {
        let x = (d / STEP_M).clamp(0.0, (self.points.len() - 1) as f64);
        let i = x.floor() as usize;
        let j = (i + 1).min(self.points.len() - 1);
        let f = x - i as f64;
        let (a, b) = (self.points[i], self.points[j]);
        (a.0 + f * (b.0 - a.0), a.1 + f * (b.1 - a.1))
    }
}

fn polyline_length(p: &[(f64, f64)]) -> f64 {
    p.windows(2)
        .map(|w| ((w[1].0 - w[0].0).powi(2) + (w[1].1 - w[0].1).powi(2)).sqrt())
        .sum()
}

/// Centripetal-free (uniform) Catmull–Rom through the control points, 20 points per span.
fn catmull_rom(c: &[(f64, f64)], closed: bool) -> Vec<(f64, f64)> {
    let n = c.len();
    let get = |i: isize| -> (f64, f64) {
        if closed {
            c[i.rem_euclid(n as isize) as usize]
        } else {
            c[i.clamp(0, n as isize - 1) as usize]
        }
    };
    let spans = if closed { n } else { n - 1 };
    let mut out = Vec::with_capacity(spans * 20 + 1);
    for s in 0..spans as isize {
        let (p0, p1, p2, p3) = (get(s - 1), get(s), get(s + 1), get(s + 2));
        for k in 0..20 {
            let t = k as f64 / 20.0;
            let (t2, t3) = (t * t, t * t * t);
            let f = |a: f64, b: f64, c: f64, d: f64| {
                0.5 * (2.0 * b
                    + (-a + c) * t
                    + (2.0 * a - 5.0 * b + 4.0 * c - d) * t2
                    + (-a + 3.0 * b - 3.0 * c + d) * t3)
            };
            out.push((f(p0.0, p1.0, p2.0, p3.0), f(p0.1, p1.1, p2.1, p3.1)));
        }
    }
    out.push(if closed { c[0] } else { c[n - 1] });
    out
}

/// Points every `step` metres along the polyline.
fn resample(p: &[(f64, f64)], step: f64) -> Vec<(f64, f64)> {
    let mut out = vec![p[0]];
    let mut carry = 0.0;
    for w in p.windows(2) {
        let (a, b) = (w[0], w[1]);
        let len = ((b.0 - a.0).powi(2) + (b.1 - a.1).powi(2)).sqrt();
        let mut d = step - carry;
        while d <= len {
            let f = d / len;
            out.push((a.0 + f * (b.0 - a.0), a.1 + f * (b.1 - a.1)));
            d += step;
        }
        carry = len - (d - step);
    }
    if let Some(&last) = p.last() {
        out.push(last);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_have_their_length_and_start_at_home() {
        let mut rng = Rng::new(3);
        for (kind, len) in [
            (RouteKind::Loop, 5000.0),
            (RouteKind::OutAndBack, 10_000.0),
            (RouteKind::HillLoop, 6000.0),
        ] {
            let r = Route::new("r".into(), kind, len, 1.0, &mut rng);
            assert!(
                (r.length_m - len).abs() < len * 0.01,
                "{kind:?} {}",
                r.length_m
            );
            let (e, n) = r.at(0.0);
            if kind != RouteKind::HillLoop {
                assert!(e.hypot(n) < 1.0, "{kind:?} starts at {e},{n}");
            }
            let (e2, n2) = r.at(r.length_m);
            assert!(
                (e2 - e).hypot(n2 - n) < 10.0,
                "{kind:?} ends where it starts"
            );
        }
    }

    #[test]
    fn hill_is_a_hill() {
        assert!(terrain(1800.0, 1800.0) - terrain(0.0, 0.0) > 50.0);
    }
}
