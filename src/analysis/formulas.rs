//! The training-science formulas the analyses use, as pure functions over plain numbers,
//! each with its source and a hand-computed test. Shaped like hyperfine's
//! `outlier_detection.rs`: no I/O, no polars, every constant named.

/// Cost of running on flat ground, J·kg⁻¹·m⁻¹ (Minetti et al. 2002, the polynomial's
/// constant term).
pub const MINETTI_FLAT_COST: f64 = 3.6;
/// Grades outside ±45 % are outside the range Minetti measured; clamp to it.
pub const MINETTI_MAX_GRADE: f64 = 0.45;

/// Energy cost of running at `grade` (rise over run, e.g. 0.05 for 5 %), J·kg⁻¹·m⁻¹.
///
/// # Algorithm
/// Minetti, Moia, Roi, Susta, Ferretti (2002), "Energy cost of walking and running at
/// extreme uphill and downhill slopes", J Appl Physiol 93:1039–1046:
/// `C(i) = 155.4 i⁵ − 30.4 i⁴ − 43.3 i³ + 46.3 i² + 19.5 i + 3.6`.
///
/// # Examples
/// ```
/// use rutscope::analysis::formulas::minetti_cost;
/// assert!((minetti_cost(0.0) - 3.6).abs() < 1e-12);
/// assert!(minetti_cost(0.10) > minetti_cost(0.0));
/// assert!(minetti_cost(-0.10) < minetti_cost(0.0)); // gentle downhill is cheaper
/// ```
pub fn minetti_cost(grade: f64) -> f64 {
    let i = grade.clamp(-MINETTI_MAX_GRADE, MINETTI_MAX_GRADE);
    ((((155.4 * i - 30.4) * i - 43.3) * i + 46.3) * i + 19.5) * i + 3.6
}

/// Grade-adjusted speed: the flat speed costing the same energy as `speed` at `grade`
/// (`speed · C(grade) / C(0)`).
pub fn grade_adjusted_speed(speed: f64, grade: f64) -> f64 {
    speed * minetti_cost(grade) / MINETTI_FLAT_COST
}

/// Banister's TRIMP weighting constants (Banister 1991; Morton, Fitz-Clarke & Banister
/// 1990): `y = a · e^{b·x}` with x the heart-rate reserve fraction.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TrimpConstants {
    /// Multiplier `a`.
    pub a: f64,
    /// Exponent `b`.
    pub b: f64,
}

/// Men: 0.64 e^{1.92 x}.
pub const TRIMP_MEN: TrimpConstants = TrimpConstants { a: 0.64, b: 1.92 };
/// Women: 0.86 e^{1.67 x}.
pub const TRIMP_WOMEN: TrimpConstants = TrimpConstants { a: 0.86, b: 1.67 };

/// Banister TRIMP of `minutes` at heart rate `hr`: `minutes · x · a·e^{b·x}`, with
/// `x = (hr − rest)/(max − rest)` clamped to [0, 1].
///
/// Summed per sample (not computed on the average heart rate, which understates intervals
/// because the weighting is convex).
///
/// # Examples
/// ```
/// use rutscope::analysis::formulas::{trimp, TRIMP_MEN};
/// // 60 min at 150 bpm, rest 50, max 190: x = 100/140 = 0.714.
/// let t = trimp(60.0, 150.0, 50.0, 190.0, TRIMP_MEN);
/// assert!((t - 60.0 * 0.7142857 * 0.64 * (1.92f64 * 0.7142857).exp()).abs() < 1e-3);
/// ```
pub fn trimp(minutes: f64, hr: f64, hr_rest: f64, hr_max: f64, k: TrimpConstants) -> f64 {
    if hr_max <= hr_rest {
        return 0.0;
    }
    let x = ((hr - hr_rest) / (hr_max - hr_rest)).clamp(0.0, 1.0);
    minutes * x * k.a * (k.b * x).exp()
}

/// Heart-rate training stress: TRIMP relative to one hour at threshold heart rate, ×100
/// (so an hour at threshold is 100, like TrainingPeaks' TSS).
pub fn hr_tss(trimp: f64, hr_threshold: f64, hr_rest: f64, hr_max: f64, k: TrimpConstants) -> f64 {
    let hour = self::trimp(60.0, hr_threshold, hr_rest, hr_max, k);
    if hour <= 0.0 {
        0.0
    } else {
        100.0 * trimp / hour
    }
}

/// Running training stress from pace (for runs without heart rate): `hours · IF² · 100`
/// with intensity factor `IF = gap_speed / threshold_speed` (TrainingPeaks' rTSS).
///
/// # Examples
/// ```
/// use rutscope::analysis::formulas::r_tss;
/// assert!((r_tss(3600.0, 4.0, 4.0) - 100.0).abs() < 1e-9); // an hour at threshold
/// assert!((r_tss(3600.0, 3.0, 4.0) - 56.25).abs() < 1e-9);
/// ```
pub fn r_tss(seconds: f64, gap_speed: f64, threshold_speed: f64) -> f64 {
    if threshold_speed <= 0.0 {
        return 0.0;
    }
    let intensity = gap_speed / threshold_speed;
    seconds / 3600.0 * intensity * intensity * 100.0
}

/// Time constant of fitness (chronic training load), days.
pub const CTL_DAYS: f64 = 42.0;
/// Time constant of fatigue (acute training load), days.
pub const ATL_DAYS: f64 = 7.0;

/// One day of an exponentially weighted load average with time constant `days`:
/// `next = prev + (load − prev)(1 − e^{−1/days})` (Banister's impulse-response, as in
/// TrainingPeaks' Performance Manager: CTL with 42 days, ATL with 7).
///
/// # Examples
/// ```
/// use rutscope::analysis::formulas::{ewma_step, CTL_DAYS};
/// // 42 days at 100 a day from zero reach 100·(1 − e^{−1}) = 63.2: the published property
/// // of the 42-day constant.
/// let ctl = (0..42).fold(0.0, |c, _| ewma_step(c, 100.0, CTL_DAYS));
/// assert!((ctl - 63.21).abs() < 0.01);
/// ```
pub fn ewma_step(prev: f64, load: f64, days: f64) -> f64 {
    prev + (load - prev) * (1.0 - (-1.0 / days).exp())
}

/// Acute:chronic workload ratio, rolling and coupled: mean daily load of the last 7 days
/// over that of the last 28 days (which include them). `None` until 28 days exist or when
/// the chronic load is zero.
pub fn acwr_rolling(daily: &[f64]) -> Option<f64> {
    if daily.len() < 28 {
        return None;
    }
    let n = daily.len();
    let acute = daily[n - 7..].iter().sum::<f64>() / 7.0;
    let chronic = daily[n - 28..].iter().sum::<f64>() / 28.0;
    (chronic > 0.0).then(|| acute / chronic)
}

/// EWMA smoothing factor for an `n`-day window, `2/(n+1)` (Williams et al. 2017,
/// "Better way to determine the acute:chronic workload ratio?", Br J Sports Med).
pub fn ewma_lambda(n: f64) -> f64 {
    2.0 / (n + 1.0)
}

/// Acute:chronic ratio from EWMAs with 7- and 28-day windows over the whole series.
pub fn acwr_ewma(daily: &[f64]) -> Option<f64> {
    if daily.len() < 28 {
        return None;
    }
    let (la, lc) = (ewma_lambda(7.0), ewma_lambda(28.0));
    let (mut a, mut c) = (0.0, 0.0);
    for &x in daily {
        a = la * x + (1.0 - la) * a;
        c = lc * x + (1.0 - lc) * c;
    }
    (c > 0.0).then(|| a / c)
}

/// Foster's monotony and strain for one week of daily loads (zero days included):
/// monotony = mean/SD (population SD), strain = weekly load × monotony. `None` for zero
/// spread (every day identical: monotony is unbounded).
///
/// # Examples
/// ```
/// use rutscope::analysis::formulas::monotony_strain;
/// let (m, s) = monotony_strain(&[100.0, 0.0, 100.0, 0.0, 100.0, 0.0, 100.0]).unwrap();
/// // mean 57.14, SD 49.49 → monotony 1.155, strain 400 × 1.155 = 461.9
/// assert!((m - 1.1547).abs() < 1e-3 && (s - 461.88).abs() < 0.1);
/// ```
pub fn monotony_strain(week: &[f64]) -> Option<(f64, f64)> {
    if week.is_empty() {
        return None;
    }
    let n = week.len() as f64;
    let mean = week.iter().sum::<f64>() / n;
    let sd = (week.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n).sqrt();
    if sd <= 1e-9 {
        return None;
    }
    let monotony = mean / sd;
    Some((monotony, mean * n * monotony))
}

/// Aerobic decoupling (Pa:HR, Friel): how much the speed-to-heart-rate ratio falls from the
/// first half of a steady effort to the second, in percent. Positive means the heart worked
/// harder for the same speed late in the run. `None` without heart rate.
///
/// # Examples
/// ```
/// use rutscope::analysis::formulas::decoupling_pct;
/// // 3.0 m/s at 140 bpm, then 3.0 m/s at 147 bpm: EF falls 4.76 %.
/// let d = decoupling_pct(3.0, 140.0, 3.0, 147.0).unwrap();
/// assert!((d - 4.7619).abs() < 1e-3);
/// ```
pub fn decoupling_pct(speed1: f64, hr1: f64, speed2: f64, hr2: f64) -> Option<f64> {
    if hr1 <= 0.0 || hr2 <= 0.0 || speed1 <= 0.0 {
        return None;
    }
    let (ef1, ef2) = (speed1 / hr1, speed2 / hr2);
    Some((ef1 - ef2) / ef1 * 100.0)
}

/// Efficiency factor: grade-adjusted speed (m/s) per heart beat per minute.
pub fn efficiency_factor(gap_speed: f64, hr: f64) -> Option<f64> {
    (hr > 0.0).then(|| gap_speed / hr)
}

/// Daniels–Gilbert VDOT of a performance: `distance_m` run in `seconds`.
///
/// # Algorithm
/// Daniels & Gilbert (1979), "Oxygen Power": with `v` in m/min and `t` in minutes,
/// oxygen cost `VO₂ = −4.60 + 0.182258·v + 0.000104·v²` and the sustainable fraction of
/// VO₂max `%max = 0.8 + 0.1894393·e^{−0.012778·t} + 0.2989558·e^{−0.1932605·t}`;
/// `VDOT = VO₂ / %max`. Valid for efforts of about 3.5 to 240 minutes (`None` outside
/// 3–300 min, or for a non-positive distance).
///
/// # Examples
/// ```
/// use rutscope::analysis::formulas::vdot;
/// // Daniels' tables: 5 km in 19:57 is VDOT 50, a 3:10:49 marathon also 50.
/// assert!((vdot(5000.0, 19.0 * 60.0 + 57.0).unwrap() - 50.0).abs() < 0.2);
/// assert!((vdot(42_195.0, 3.0 * 3600.0 + 10.0 * 60.0 + 49.0).unwrap() - 50.0).abs() < 0.2);
/// ```
pub fn vdot(distance_m: f64, seconds: f64) -> Option<f64> {
    let t = seconds / 60.0;
    if !(distance_m > 0.0 && (3.0..=300.0).contains(&t)) {
        return None;
    }
    let v = distance_m / t;
    let vo2 = -4.60 + 0.182258 * v + 0.000104 * v * v;
    let pct = 0.8 + 0.1894393 * (-0.012778 * t).exp() + 0.2989558 * (-0.1932605 * t).exp();
    Some(vo2 / pct)
}

/// The time (seconds) a runner of VDOT `v` is expected to race `distance_m` in: [`vdot`]
/// inverted by bisection (the equivalent performances of Daniels' tables). `None` when the
/// time falls outside [`vdot`]'s 3–300 minutes.
///
/// # Examples
/// ```
/// use rutscope::analysis::formulas::race_time;
/// // Daniels' tables, VDOT 50: 10 km in 41:21, a half marathon in 1:31:35.
/// assert!((race_time(10_000.0, 50.0).unwrap() - 2481.0).abs() < 10.0);
/// assert!((race_time(21_097.5, 50.0).unwrap() - 5495.0).abs() < 15.0);
/// ```
pub fn race_time(distance_m: f64, v: f64) -> Option<f64> {
    let (mut lo, mut hi) = (3.0 * 60.0, 300.0 * 60.0);
    if !(vdot(distance_m, hi)? < v && vdot(distance_m, lo)? > v) {
        return None;
    }
    for _ in 0..60 {
        let mid = (lo + hi) / 2.0;
        if vdot(distance_m, mid)? > v {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    Some((lo + hi) / 2.0)
}

/// Riegel's prediction: the time for `to_m` from a performance of `seconds` over
/// `from_m`, `T₂ = T₁ · (D₂/D₁)^1.06` (Riegel 1981, "Athletic records and human
/// endurance").
pub fn riegel_time(from_m: f64, seconds: f64, to_m: f64) -> f64 {
    seconds * (to_m / from_m).powf(super::profile::RIEGEL_EXPONENT)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minetti_values_by_hand() {
        // i = 0.1: 155.4e-5 − 30.4e-4 − 43.3e-3 + 46.3e-2 + 1.95 + 3.6 = 5.968214
        assert!((minetti_cost(0.1) - 5.968_214).abs() < 1e-6);
        assert!((grade_adjusted_speed(3.0, 0.1) - 3.0 * 5.968_214 / 3.6).abs() < 1e-6);
        assert_eq!(minetti_cost(2.0), minetti_cost(MINETTI_MAX_GRADE));
    }

    #[test]
    fn trimp_edges() {
        assert_eq!(trimp(10.0, 40.0, 50.0, 190.0, TRIMP_MEN), 0.0);
        assert_eq!(trimp(10.0, 150.0, 190.0, 190.0, TRIMP_MEN), 0.0);
        // At max HR: x = 1, 0.64 e^{1.92} = 4.36542 per minute.
        assert!((trimp(1.0, 200.0, 50.0, 190.0, TRIMP_MEN) - 4.365_42).abs() < 1e-4);
        assert!((trimp(1.0, 190.0, 50.0, 190.0, TRIMP_WOMEN) - 0.86 * 1.67f64.exp()).abs() < 1e-12);
    }

    #[test]
    fn hr_tss_of_an_hour_at_threshold_is_100() {
        let t = trimp(60.0, 170.0, 50.0, 190.0, TRIMP_MEN);
        assert!((hr_tss(t, 170.0, 50.0, 190.0, TRIMP_MEN) - 100.0).abs() < 1e-9);
    }

    #[test]
    fn acwr_by_hand() {
        assert_eq!(acwr_rolling(&[1.0; 27]), None);
        // 21 days at 50 then 7 days at 100: acute 100, chronic (21·50 + 7·100)/28 = 62.5.
        let mut d = vec![50.0; 21];
        d.extend([100.0; 7]);
        assert!((acwr_rolling(&d).unwrap() - 1.6).abs() < 1e-12);
        assert!(acwr_ewma(&d).unwrap() > 1.3);
        assert_eq!(acwr_rolling(&[0.0; 30]), None);
        // Constant load: both ratios tend to 1 (EWMA from zero after long enough).
        assert!((acwr_ewma(&[80.0; 400]).unwrap() - 1.0).abs() < 1e-6);
    }

    #[test]
    fn monotony_edges() {
        assert_eq!(monotony_strain(&[]), None);
        assert_eq!(monotony_strain(&[50.0; 7]), None);
        assert_eq!(monotony_strain(&[0.0; 7]), None);
    }

    #[test]
    fn atl_reacts_faster_than_ctl() {
        let (mut c, mut a) = (0.0, 0.0);
        for _ in 0..7 {
            c = ewma_step(c, 100.0, CTL_DAYS);
            a = ewma_step(a, 100.0, ATL_DAYS);
        }
        // 7 days: ATL = 100(1 − e^{−1}) = 63.2, CTL = 100(1 − e^{−1/6}) = 15.35.
        assert!(
            (a - 63.212).abs() < 1e-3 && (c - 15.352).abs() < 1e-3,
            "{a} {c}"
        );
    }
}
