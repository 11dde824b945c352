//! Robust trends and change points over a time series (the plateau detector's building
//! blocks): Theil–Sen slopes with a confidence interval, a robust noise estimate, and binary
//! segmentation into straight-line phases. Pure functions over `(x, y)` points; no I/O.

/// z of a two-sided 95 % interval.
pub const Z95: f64 = 1.959_963_984_540_054;
/// z of a two-sided 90 % interval: each end is a one-sided 95 % bound.
pub const Z90: f64 = 1.644_853_626_951_472_2;

/// A Theil–Sen line and the confidence interval of its slope.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TheilSen {
    /// Median of the pairwise slopes.
    pub slope: f64,
    /// Median of `y − slope·x`.
    pub intercept: f64,
    /// Lower end of the slope's 95 % interval.
    pub lo: f64,
    /// Upper end.
    pub hi: f64,
    /// Points.
    pub n: usize,
}

impl TheilSen {
    /// Whether the interval excludes zero.
    pub fn significant(&self) -> bool {
        self.lo > 0.0 || self.hi < 0.0
    }
}

/// Theil–Sen estimator (Theil 1950; Sen 1968): the median slope over all pairs of points
/// with distinct `x`, and its distribution-free 95 % interval from Kendall's statistic: with
/// `N` pairwise slopes sorted and `C = z·√(n(n−1)(2n+5)/18)`, the interval is the slopes
/// at ranks `(N − C)/2` and `(N + C)/2 + 1` (Hollander & Wolfe, *Nonparametric Statistical
/// Methods*, 1973, §9.3). `None` with fewer than 3 points or no distinct `x`.
///
/// # Examples
/// ```
/// use rutscope::analysis::trend::theil_sen;
/// let x: Vec<f64> = (0..10).map(f64::from).collect();
/// let mut y: Vec<f64> = x.iter().map(|x| 2.0 * x + 1.0).collect();
/// y[3] = 100.0; // an outlier barely moves it
/// let t = theil_sen(&x, &y).unwrap();
/// assert!((t.slope - 2.0).abs() < 1e-9 && (t.intercept - 1.0).abs() < 1e-9);
/// assert!(t.significant());
/// ```
pub fn theil_sen(x: &[f64], y: &[f64]) -> Option<TheilSen> {
    theil_sen_z(x, y, Z95)
}

/// [`theil_sen`] with the slope's interval taken at `z` instead of [`Z95`] ([`Z90`]: each
/// end a one-sided 95 % bound).
pub fn theil_sen_z(x: &[f64], y: &[f64], z: f64) -> Option<TheilSen> {
    let n = x.len().min(y.len());
    if n < 3 {
        return None;
    }
    let mut slopes = Vec::with_capacity(n * (n - 1) / 2);
    for i in 0..n {
        for j in i + 1..n {
            let dx = x[j] - x[i];
            if dx != 0.0 {
                slopes.push((y[j] - y[i]) / dx);
            }
        }
    }
    if slopes.is_empty() {
        return None;
    }
    slopes.sort_by(f64::total_cmp);
    let slope = median_sorted(&slopes);
    let mut resid: Vec<f64> = (0..n).map(|i| y[i] - slope * x[i]).collect();
    resid.sort_by(f64::total_cmp);
    let intercept = median_sorted(&resid);
    let big_n = slopes.len() as f64;
    let nf = n as f64;
    let c = z * (nf * (nf - 1.0) * (2.0 * nf + 5.0) / 18.0).sqrt();
    // 1-based ranks M1 and M2 + 1, rounded, as 0-based indices.
    let m1 = ((big_n - c) / 2.0).round();
    let m2 = ((big_n + c) / 2.0).round();
    let at = |i: f64| slopes[(i.max(0.0) as usize).min(slopes.len() - 1)];
    Some(TheilSen {
        slope,
        intercept,
        lo: at(m1 - 1.0),
        hi: at(m2),
        n,
    })
}

/// The `q` quantile of sorted values, nearest rank (`v[round((n − 1)·q)]`); `v` must not be
/// empty.
pub fn quantile_sorted(v: &[f64], q: f64) -> f64 {
    v[((v.len() - 1) as f64 * q).round() as usize]
}

/// Median of the values (sorts them in place); `None` when empty.
pub fn median(v: &mut [f64]) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    Some(median_sorted(v))
}

fn median_sorted(v: &[f64]) -> f64 {
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

/// Robust standard deviation of the noise around a smooth series: the median absolute
/// deviation of first differences, `MAD/0.6745/√2` (differencing removes a slow trend;
/// the √2 undoes the variance doubling of a difference). 0 with fewer than 3 points.
pub fn noise_sd(y: &[f64]) -> f64 {
    if y.len() < 3 {
        return 0.0;
    }
    let mut d: Vec<f64> = y.windows(2).map(|w| w[1] - w[0]).collect();
    d.sort_by(f64::total_cmp);
    let m = median_sorted(&d);
    let mut dev: Vec<f64> = d.iter().map(|x| (x - m).abs()).collect();
    dev.sort_by(f64::total_cmp);
    median_sorted(&dev) / 0.6745 / std::f64::consts::SQRT_2
}

/// Prefix sums for O(1) least-squares line costs of any index range.
struct Sums {
    x: Vec<f64>,
    y: Vec<f64>,
    xx: Vec<f64>,
    xy: Vec<f64>,
    yy: Vec<f64>,
}

impl Sums {
    fn new(x: &[f64], y: &[f64]) -> Self {
        let mut s = Sums {
            x: vec![0.0],
            y: vec![0.0],
            xx: vec![0.0],
            xy: vec![0.0],
            yy: vec![0.0],
        };
        for i in 0..x.len() {
            s.x.push(s.x[i] + x[i]);
            s.y.push(s.y[i] + y[i]);
            s.xx.push(s.xx[i] + x[i] * x[i]);
            s.xy.push(s.xy[i] + x[i] * y[i]);
            s.yy.push(s.yy[i] + y[i] * y[i]);
        }
        s
    }

    /// Centred sums of squares and products over `a..b` (`a < b`): `(Sxx, Sxy, Syy)`.
    fn centred(&self, a: usize, b: usize) -> (f64, f64, f64) {
        let n = (b - a) as f64;
        let sx = self.x[b] - self.x[a];
        let sy = self.y[b] - self.y[a];
        let sxx = self.xx[b] - self.xx[a] - sx * sx / n;
        let sxy = self.xy[b] - self.xy[a] - sx * sy / n;
        let syy = self.yy[b] - self.yy[a] - sy * sy / n;
        (sxx, sxy, syy)
    }

    /// Residual sum of squares of the least-squares line over `a..b`.
    fn sse(&self, a: usize, b: usize) -> f64 {
        if b <= a {
            return 0.0;
        }
        let (sxx, sxy, syy) = self.centred(a, b);
        if sxx <= 1e-12 {
            return syy.max(0.0);
        }
        (syy - sxy * sxy / sxx).max(0.0)
    }
}

/// Residual sum of squares of the least-squares line through the points `a..b`.
pub fn line_sse(x: &[f64], y: &[f64], a: usize, b: usize) -> f64 {
    let n = x.len().min(y.len()).min(b);
    if n <= a {
        return 0.0;
    }
    Sums::new(&x[a..n], &y[a..n]).sse(0, n - a)
}

/// Splits a series into straight-line phases by binary segmentation (Scott & Knott 1974;
/// Killick & Eckley 2014 review it beside PELT): repeatedly split the phase whose best split
/// lowers the least-squares cost most, while that gain exceeds `penalty` and both parts have
/// at least `min_len` points. Returns the phases as index ranges `start..end`, in order.
///
/// With noise of standard deviation `σ`, a penalty of `c·σ²·ln n` is the Schwarz (BIC)
/// criterion for the extra parameters of a split (Yao 1988): the callers state their `c`.
pub fn segment(x: &[f64], y: &[f64], min_len: usize, penalty: f64) -> Vec<std::ops::Range<usize>> {
    let n = x.len().min(y.len());
    if n == 0 {
        return Vec::new();
    }
    let sums = Sums::new(&x[..n], &y[..n]);
    let min_len = min_len.max(2);
    let best_split = |a: usize, b: usize| -> Option<(usize, f64)> {
        if b - a < 2 * min_len {
            return None;
        }
        let whole = sums.sse(a, b);
        (a + min_len..=b - min_len)
            .map(|k| (k, whole - sums.sse(a, k) - sums.sse(k, b)))
            .max_by(|p, q| p.1.total_cmp(&q.1))
    };
    let mut phases = Vec::with_capacity(4);
    phases.push(0..n);
    loop {
        let mut best: Option<(usize, usize, f64)> = None;
        for (i, r) in phases.iter().enumerate() {
            if let Some((k, gain)) = best_split(r.start, r.end)
                && gain > penalty
                && best.is_none_or(|b| gain > b.2)
            {
                best = Some((i, k, gain));
            }
        }
        let Some((i, k, _)) = best else { break };
        let r = phases.remove(i);
        phases.insert(i, k..r.end);
        phases.insert(i, r.start..k);
    }
    phases
}

/// The cost of splitting `a..b` into two separate least-squares lines at each `k` with at
/// least `min_len` points either side (the residual sum of squares of both, as
/// [`segment`] weighs its splits): `(k, cost)` in order of `k`; empty when `a..b` is too
/// short to split.
pub fn split_costs(x: &[f64], y: &[f64], a: usize, b: usize, min_len: usize) -> Vec<(usize, f64)> {
    let n = x.len().min(y.len()).min(b);
    let min_len = min_len.max(2);
    if n < a + 2 * min_len {
        return Vec::new();
    }
    let sums = Sums::new(&x[..n], &y[..n]);
    (a + min_len..=n - min_len)
        .map(|k| (k, sums.sse(a, k) + sums.sse(k, n)))
        .collect()
}

/// How a rise may stop in [`levelling_costs`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Levelling {
    /// The rising line goes on flat from the knot: `y = a + b·min(x, x_k)`, three
    /// parameters with the knot (a hinge).
    Joined,
    /// The rising line stops at the knot and a flat level of its own follows: a line
    /// before and a constant after, four parameters with the knot (a step onto a plateau).
    Stepped,
}

/// The cost of a rise that stops in `a..b`, at each knot `k` with at least `min_len`
/// points either side: `(k, cost)` in order of `k`, the residual sum of squares of the
/// least-squares fit of the shape `how` with its rising part before `x_k` (the point at
/// `k` is the first of the flat part). Knots whose fit does not rise (slope ≤ 0) are left
/// out: that is no rise stopping. Empty when `a..b` is too short.
pub fn levelling_costs(
    x: &[f64],
    y: &[f64],
    a: usize,
    b: usize,
    min_len: usize,
    how: Levelling,
) -> Vec<(usize, f64)> {
    let n = x.len().min(y.len()).min(b);
    let min_len = min_len.max(2);
    if n < a + 2 * min_len {
        return Vec::new();
    }
    let s = Sums::new(&x[..n], &y[..n]);
    let sum = |v: &[f64], i: usize, j: usize| v[j] - v[i];
    // The whole span's y, for the hinge (its regressor is the only thing a knot moves).
    let m = (n - a) as f64;
    let (sy, syy) = (sum(&s.y, a, n), sum(&s.yy, a, n));
    let cyy = syy - sy * sy / m;
    (a + min_len..=n - min_len)
        .filter_map(|k| match how {
            Levelling::Joined => {
                // Regressor u = min(x, x_k): x before the knot, x_k from it.
                let (xk, after) = (x[k], (n - k) as f64);
                let su = sum(&s.x, a, k) + after * xk;
                let suu = sum(&s.xx, a, k) + after * xk * xk;
                let suy = sum(&s.xy, a, k) + xk * sum(&s.y, k, n);
                let cuu = suu - su * su / m;
                let cuy = suy - su * sy / m;
                (cuu > 1e-12 && cuy > 0.0).then(|| (k, (cyy - cuy * cuy / cuu).max(0.0)))
            }
            Levelling::Stepped => {
                // A line before the knot, a constant from it: the flat part's cost is its
                // centred sum of squares.
                let (cxx, cxy, _) = s.centred(a, k);
                let flat = s.centred(k, n).2.max(0.0);
                (cxx > 1e-12 && cxy > 0.0).then(|| (k, s.sse(a, k) + flat))
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_costs_are_what_segment_weighs() {
        // Rising for 20 points, flat for 20, with a little noise: the cheapest split is the
        // one segment makes, and each cost is the two lines' squared residuals.
        let x: Vec<f64> = (0..40).map(f64::from).collect();
        let y: Vec<f64> = x
            .iter()
            .map(|&i| i.min(20.0) + 0.3 * (i * 2.39).sin())
            .collect();
        let phases = segment(&x, &y, 5, 1.0);
        assert_eq!(phases.len(), 2, "{phases:?}");
        let costs = split_costs(&x, &y, 0, 40, 5);
        assert_eq!(costs.first().map(|c| c.0), Some(5));
        assert_eq!(costs.last().map(|c| c.0), Some(35));
        let cheapest = costs.iter().min_by(|a, b| a.1.total_cmp(&b.1)).unwrap();
        assert_eq!(cheapest.0, phases[1].start);
        // Least squares by hand: slope = cov/var, residuals about the line.
        let sse = |xs: &[f64], ys: &[f64]| {
            let n = xs.len() as f64;
            let (mx, my) = (xs.iter().sum::<f64>() / n, ys.iter().sum::<f64>() / n);
            let b = xs
                .iter()
                .zip(ys)
                .map(|(x, y)| (x - mx) * (y - my))
                .sum::<f64>()
                / xs.iter().map(|x| (x - mx).powi(2)).sum::<f64>();
            xs.iter()
                .zip(ys)
                .map(|(x, y)| (y - my - b * (x - mx)).powi(2))
                .sum::<f64>()
        };
        for &(k, c) in &costs {
            let by_hand = sse(&x[..k], &y[..k]) + sse(&x[k..], &y[k..]);
            assert!((c - by_hand).abs() < 1e-6, "{k}: {c} against {by_hand}");
        }
        assert!(split_costs(&x, &y, 0, 9, 5).is_empty());
    }

    #[test]
    fn levelling_costs_are_least_squares_by_hand() {
        // Rising 0.5 a step for 20 steps, then flat, with small deterministic noise.
        let x: Vec<f64> = (0..40).map(f64::from).collect();
        let y: Vec<f64> = x
            .iter()
            .map(|&i| 0.5 * i.min(20.0) + 0.3 * (i * 2.39).sin())
            .collect();
        // Least squares of y on the columns by the normal equations, by hand.
        let fit = |cols: &[Vec<f64>]| -> f64 {
            let k = cols.len();
            let mut m: Vec<Vec<f64>> = (0..k)
                .map(|i| {
                    let mut row: Vec<f64> = (0..k)
                        .map(|j| cols[i].iter().zip(&cols[j]).map(|(a, b)| a * b).sum())
                        .collect();
                    row.push(cols[i].iter().zip(&y).map(|(a, b)| a * b).sum());
                    row
                })
                .collect();
            for i in 0..k {
                for r in 0..k {
                    if r != i {
                        let f = m[r][i] / m[i][i];
                        let pivot = m[i].clone();
                        m[r].iter_mut().zip(&pivot).for_each(|(a, p)| *a -= f * p);
                    }
                }
            }
            let beta: Vec<f64> = (0..k).map(|i| m[i][k] / m[i][i]).collect();
            (0..y.len())
                .map(|t| y[t] - (0..k).map(|i| beta[i] * cols[i][t]).sum::<f64>())
                .map(|r| r * r)
                .sum()
        };
        for how in [Levelling::Joined, Levelling::Stepped] {
            let costs = levelling_costs(&x, &y, 0, 40, 5, how);
            assert_eq!(costs.len(), 31, "{how:?}: every knot of 5..=35 rises");
            for &(k, c) in &costs {
                let one = vec![1.0; 40];
                let u: Vec<f64> = x.iter().map(|&v| v.min(x[k])).collect();
                let step: Vec<f64> = (0..40).map(|t| f64::from(u8::from(t >= k))).collect();
                let by_hand = match how {
                    Levelling::Joined => fit(&[one, u]),
                    Levelling::Stepped => fit(&[one, u, step]),
                };
                assert!(
                    (c - by_hand).abs() < 1e-6,
                    "{how:?} {k}: {c} against {by_hand}"
                );
            }
            let cheapest = costs.iter().min_by(|a, b| a.1.total_cmp(&b.1)).unwrap();
            assert!((cheapest.0 as i64 - 20).abs() <= 1, "{how:?}: {cheapest:?}");
        }
        // A fall that stops is no rise that stops: no knot.
        let down: Vec<f64> = y.iter().map(|v| -v).collect();
        assert!(levelling_costs(&x, &down, 0, 40, 5, Levelling::Joined).is_empty());
        assert!(levelling_costs(&x, &y, 0, 9, 5, Levelling::Stepped).is_empty());
    }

    #[test]
    fn theil_sen_interval_by_hand() {
        // y = x on 0..=4 except y(2) = 3.
        let x = [0.0, 1.0, 2.0, 3.0, 4.0];
        let y = [0.0, 1.0, 3.0, 3.0, 4.0];
        let t = theil_sen(&x, &y).unwrap();
        // Slopes: (0,1)=1 (0,2)=1.5 (0,3)=1 (0,4)=1 (1,2)=2 (1,3)=1 (1,4)=1 (2,3)=0
        // (2,4)=0.5 (3,4)=1 → sorted 0, .5, 1, 1, 1, 1, 1, 1, 1.5, 2 → median 1.
        assert_eq!(t.slope, 1.0);
        // n = 5: C = 1.96·√(5·4·15/18) = 8.00 → M1 = 1.0, M2 + 1 = 10.0: the 1st and 10th
        // slopes. Five points cannot show a trend at 95 %.
        assert_eq!((t.lo, t.hi), (0.0, 2.0));
        assert!(!t.significant());
        // At Z90: C = 1.645·√(5·4·15/18) = 6.72 → M1 = round(1.64) = 2, M2 + 1 =
        // round(8.36) + 1 = 9: the 2nd and 9th slopes, each a one-sided 95 % bound.
        let one_sided = theil_sen_z(&x, &y, Z90).unwrap();
        assert_eq!((one_sided.lo, one_sided.hi), (0.5, 1.5));
        assert_eq!(one_sided.slope, t.slope);
        assert_eq!(theil_sen(&[1.0, 1.0, 1.0], &[1.0, 2.0, 3.0]), None);
    }

    #[test]
    fn a_flat_noisy_series_has_no_significant_slope() {
        let x: Vec<f64> = (0..30).map(f64::from).collect();
        let y: Vec<f64> = x.iter().map(|i| 10.0 + ((i * 7.3).sin() * 0.5)).collect();
        let t = theil_sen(&x, &y).unwrap();
        assert!(!t.significant(), "{t:?}");
        let sd = noise_sd(&y);
        assert!(sd > 0.1 && sd < 1.0, "{sd}");
    }

    #[test]
    fn segmentation_finds_a_kink() {
        // Rising 0.5 a step for 20 steps, then flat, with small deterministic noise.
        let x: Vec<f64> = (0..40).map(f64::from).collect();
        let y: Vec<f64> = x
            .iter()
            .map(|&i| if i < 20.0 { 0.5 * i } else { 10.0 } + 0.2 * (i * 3.1).sin())
            .collect();
        let sd = noise_sd(&y);
        let p = segment(&x, &y, 6, 3.0 * sd * sd * (40f64).ln());
        assert_eq!(p.len(), 2, "{p:?}");
        assert!((p[0].end as i64 - 20).abs() <= 1, "{p:?}");
        // A straight line is not split.
        let line: Vec<f64> = x.iter().map(|i| 0.5 * i + 0.2 * (i * 3.1).sin()).collect();
        assert_eq!(segment(&x, &line, 6, 3.0 * sd * sd * (40f64).ln()).len(), 1);
        assert!(segment(&[], &[], 6, 1.0).is_empty());
    }
}
