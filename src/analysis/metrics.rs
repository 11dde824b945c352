//! Per-activity training metrics, from the samples: grade-adjusted speed, Banister TRIMP
//! summed per interval, hrTSS, rTSS, the load the trends use, heart-rate zones, efficiency
//! factor and aerobic decoupling on steady running.
//!
//! # Definitions
//! - Intervals, distance and moving time are those of [`crate::ingest::summary::intervals`].
//! - **Grade** at a sample: elevation change over the distance from [`GRADE_WINDOW_M`]
//!   behind to as far ahead (barometric and GPS elevation jitter makes 1 s grades useless),
//!   0 when the window covers less than [`GRADE_MIN_RUN_M`].
//! - **GAP speed**: each moving interval's speed × Minetti cost ratio, averaged over moving
//!   time.
//! - **Load**: hrTSS when heart rate covers at least [`MIN_HR_COVERAGE`] of moving time,
//!   else rTSS for foot sports with a distance, else none.
//! - **Zones**: by fraction of heart-rate reserve, Z1 < 60 %, Z2 < 70 %, Z3 < 80 %, Z4 < 90 %,
//!   Z5 ≥ 90 % (Karvonen).
//! - **Steady running**: moving intervals after the first [`WARMUP_S`] whose GAP speed is
//!   within [`STEADY_BAND`] of the activity's median GAP speed. Efficiency factor and
//!   decoupling (first half vs second half of the steady time, Friel's Pa:HR) are computed
//!   only with at least [`MIN_STEADY_S`] of it.

use serde::Serialize;

use super::formulas::{decoupling_pct, grade_adjusted_speed, hr_tss, r_tss, trimp};
use super::profile::Profile;
use crate::ingest::summary::intervals;
use crate::model::{Samples, Sport};

/// Half-width of the grade window, metres.
pub const GRADE_WINDOW_M: f64 = 25.0;
/// Shortest window that gives a grade, metres.
pub const GRADE_MIN_RUN_M: f64 = 20.0;
/// Heart rate must cover this share of moving time for hrTSS.
pub const MIN_HR_COVERAGE: f64 = 0.8;
/// Warm-up left out of steady running, seconds.
pub const WARMUP_S: f64 = 600.0;
/// Steady running: GAP speed within this fraction of the median.
pub const STEADY_BAND: f64 = 0.15;
/// Steady running needed for EF and decoupling, seconds.
pub const MIN_STEADY_S: f64 = 20.0 * 60.0;
/// Zone upper bounds as fractions of heart-rate reserve.
pub const ZONE_BOUNDS: [f64; 4] = [0.6, 0.7, 0.8, 0.9];

/// Where an activity's load comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LoadSource {
    /// hrTSS.
    Hr,
    /// rTSS.
    Pace,
    /// Neither heart rate nor pace: no load.
    None,
}

/// One activity's metrics.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActivityMetrics {
    /// Seconds in motion.
    pub moving_time_s: f64,
    /// Metres.
    pub distance_m: f64,
    /// Mean grade-adjusted speed over moving time, m/s.
    pub gap_speed_m_s: Option<f64>,
    /// Banister TRIMP, summed per interval.
    pub trimp: Option<f64>,
    /// Heart-rate training stress.
    pub hr_tss: Option<f64>,
    /// Pace training stress.
    pub r_tss: Option<f64>,
    /// The load used by the trends.
    pub load: f64,
    /// Its source.
    pub load_source: LoadSource,
    /// Share of moving time with heart rate.
    pub hr_coverage: f64,
    /// Seconds in heart-rate zones 1–5.
    pub zone_s: [f64; 5],
    /// Seconds of steady running.
    pub steady_s: f64,
    /// Efficiency factor (GAP speed per bpm) on steady running.
    pub efficiency_factor: Option<f64>,
    /// Aerobic decoupling on steady running, percent.
    pub decoupling_pct: Option<f64>,
}

/// Grade at each sample from cumulative distance and elevation (see module docs).
fn grades(cum: &[f64], ele: &[Option<f64>]) -> Vec<f64> {
    let n = cum.len();
    let mut out = vec![0.0; n];
    let (mut lo, mut hi) = (0usize, 0usize);
    for i in 0..n {
        while cum[lo] < cum[i] - GRADE_WINDOW_M || ele[lo].is_none() && lo < i {
            lo += 1;
        }
        if hi < i {
            hi = i;
        }
        while hi + 1 < n && cum[hi + 1] <= cum[i] + GRADE_WINDOW_M {
            hi += 1;
        }
        let mut h = hi;
        while h > i && ele[h].is_none() {
            h -= 1;
        }
        if let (Some(a), Some(b)) = (ele[lo], ele[h]) {
            let run = cum[h] - cum[lo];
            if run >= GRADE_MIN_RUN_M {
                out[i] = ((b - a) / run).clamp(-0.45, 0.45);
            }
        }
    }
    out
}

/// Computes the metrics of one activity.
// Several channels are read at the same index: index loops are the clearest form here.
#[allow(clippy::needless_range_loop)]
pub fn activity_metrics(s: &Samples, sport: Sport, p: &Profile) -> ActivityMetrics {
    let n = s.len();
    let iv = intervals(s);
    let mut cum = vec![0.0; n];
    for i in 1..n {
        cum[i] = cum[i - 1] + iv.distance_m[i].unwrap_or(0.0);
    }
    let grade = grades(&cum, &s.elevation_m);
    let (rest, max) = (p.rest_hr_bpm.value, p.max_hr_bpm.value);
    let k = p.trimp_constants();
    let (mut moving, mut dist, mut gap_dt, mut hr_dt, mut tr) = (0.0, 0.0, 0.0, 0.0, 0.0);
    let mut zone_s = [0.0; 5];
    // (elapsed, dt, gap speed, hr) of moving intervals, for steady running.
    let mut moving_iv: Vec<(f64, f64, f64, Option<f64>)> = Vec::new();
    for i in 1..n {
        let (Some(dt), true) = (iv.dt_s[i], iv.moving[i]) else {
            continue;
        };
        moving += dt;
        let d = iv.distance_m[i].unwrap_or(0.0);
        dist += d;
        let v = s.speed_m_s[i].unwrap_or(d / dt);
        let gap = grade_adjusted_speed(v, grade[i]);
        gap_dt += gap * dt;
        let hr = s.heart_rate_bpm[i];
        if let Some(h) = hr {
            hr_dt += dt;
            tr += trimp(dt / 60.0, h, rest, max, k);
            let x = (h - rest) / (max - rest);
            let z = ZONE_BOUNDS.iter().position(|b| x < *b).unwrap_or(4);
            zone_s[z] += dt;
        }
        moving_iv.push((s.elapsed_s[i].unwrap_or(0.0), dt, gap, hr));
    }
    let hr_coverage = if moving > 0.0 { hr_dt / moving } else { 0.0 };
    let gap_speed = (moving > 0.0 && dist > 0.0).then(|| gap_dt / moving);
    let trimp_v = (hr_dt > 0.0).then_some(tr);
    let hr_tss_v = (hr_coverage >= MIN_HR_COVERAGE)
        .then(|| hr_tss(tr, p.threshold_hr_bpm.value, rest, max, k));
    let foot = matches!(
        sport,
        Sport::Running | Sport::Walking | Sport::Hiking | Sport::Generic
    );
    let r_tss_v = match (foot, gap_speed) {
        (true, Some(g)) => Some(r_tss(moving, g, p.threshold_speed_m_s.value)),
        _ => None,
    };
    let (load, load_source) = match (hr_tss_v, r_tss_v) {
        (Some(h), _) => (h, LoadSource::Hr),
        (None, Some(r)) => (r, LoadSource::Pace),
        _ => (0.0, LoadSource::None),
    };

    // Steady running.
    let mut gaps: Vec<f64> = moving_iv.iter().map(|m| m.2).collect();
    let median = if gaps.is_empty() {
        0.0
    } else {
        let mid = gaps.len() / 2;
        *gaps.select_nth_unstable_by(mid, f64::total_cmp).1
    };
    let steady: Vec<(f64, f64, f64)> = moving_iv
        .iter()
        .filter(|m| m.0 >= WARMUP_S && (m.2 - median).abs() <= STEADY_BAND * median)
        .filter_map(|m| m.3.map(|h| (m.1, m.2, h)))
        .collect();
    let steady_s: f64 = steady.iter().map(|m| m.0).sum();
    let (mut ef, mut dec) = (None, None);
    if steady_s >= MIN_STEADY_S && median > 0.0 {
        let mean = |part: &[(f64, f64, f64)]| {
            let t: f64 = part.iter().map(|m| m.0).sum();
            (
                part.iter().map(|m| m.1 * m.0).sum::<f64>() / t,
                part.iter().map(|m| m.2 * m.0).sum::<f64>() / t,
            )
        };
        let (g, h) = mean(&steady);
        ef = super::formulas::efficiency_factor(g, h);
        let mut acc = 0.0;
        let split = steady.iter().position(|m| {
            acc += m.0;
            acc >= steady_s / 2.0
        });
        if let Some(k) = split {
            let (g1, h1) = mean(&steady[..=k]);
            let (g2, h2) = mean(&steady[k + 1..]);
            dec = decoupling_pct(g1, h1, g2, h2);
        }
    }
    ActivityMetrics {
        moving_time_s: moving,
        distance_m: dist,
        gap_speed_m_s: gap_speed,
        trimp: trimp_v,
        hr_tss: hr_tss_v,
        r_tss: r_tss_v,
        load,
        load_source,
        hr_coverage,
        zone_s,
        steady_s,
        efficiency_factor: ef,
        decoupling_pct: dec,
    }
}

/// Metrics of every counted activity in the store, in start order, reading one sample part
/// at a time.
pub fn compute_all(
    store: &crate::store::Store,
    profile: &Profile,
) -> Result<Vec<(crate::store::records::ActivityRecord, ActivityMetrics)>, crate::store::StoreError>
{
    use crate::store::records::Status;
    let acts = store.activities()?;
    let by_id: std::collections::HashMap<&str, &crate::store::records::ActivityRecord> = acts
        .iter()
        .filter(|a| a.status == Status::Primary)
        .map(|a| (a.id.as_str(), a))
        .collect();
    let mut out = Vec::with_capacity(by_id.len());
    store.for_each_activity_samples(|id, s| {
        if let Some(a) = by_id.get(id) {
            out.push(((*a).clone(), activity_metrics(s, a.sport, profile)));
        }
    })?;
    out.sort_by_key(|(a, _)| (a.start, a.id.clone()));
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::profile::{ProfileSettings, resolve};
    use crate::model::SampleRow;

    fn profile() -> Profile {
        resolve(
            &ProfileSettings {
                max_hr_bpm: Some(190.0),
                rest_hr_bpm: Some(50.0),
                threshold_hr_bpm: Some(170.0),
                threshold_speed_m_s: Some(4.0),
                sex: None,
            },
            &[],
        )
    }

    /// `secs` seconds at `speed` on the flat with heart rate `hr(t)`.
    fn run(secs: usize, speed: f64, hr: impl Fn(usize) -> Option<f64>) -> Samples {
        let mut s = Samples::default();
        for i in 0..=secs {
            s.push(SampleRow {
                t_ms: Some(i as i64 * 1000),
                distance_m: Some(speed * i as f64),
                elevation_m: Some(100.0),
                heart_rate_bpm: hr(i),
                ..SampleRow::default()
            });
        }
        s.finish_elapsed();
        s
    }

    #[test]
    fn an_hour_at_threshold_is_100_by_both_measures() {
        let m = activity_metrics(&run(3600, 4.0, |_| Some(170.0)), Sport::Running, &profile());
        assert!((m.moving_time_s - 3600.0).abs() < 1e-9);
        assert!((m.gap_speed_m_s.unwrap() - 4.0).abs() < 1e-9);
        assert!((m.hr_tss.unwrap() - 100.0).abs() < 1e-6);
        assert!((m.r_tss.unwrap() - 100.0).abs() < 1e-6);
        assert_eq!(m.load_source, LoadSource::Hr);
        // 170 bpm is 85.7 % of reserve: zone 4 all the way.
        assert_eq!(m.zone_s, [0.0, 0.0, 0.0, 3600.0, 0.0]);
        // Constant effort: no decoupling.
        assert!(m.decoupling_pct.unwrap().abs() < 1e-9);
        assert!((m.efficiency_factor.unwrap() - 4.0 / 170.0).abs() < 1e-12);
    }

    #[test]
    fn drifting_heart_rate_shows_as_decoupling() {
        // 140 → 147 bpm linearly over the steady part at constant speed.
        let s = run(3600, 3.0, |t| Some(140.0 + 7.0 * t as f64 / 3600.0));
        let d = activity_metrics(&s, Sport::Running, &profile())
            .decoupling_pct
            .unwrap();
        assert!(d > 1.0 && d < 4.0, "{d}");
    }

    #[test]
    fn without_heart_rate_the_load_comes_from_pace() {
        let m = activity_metrics(&run(1800, 3.0, |_| None), Sport::Running, &profile());
        assert_eq!(m.load_source, LoadSource::Pace);
        assert_eq!(m.trimp, None);
        assert!((m.load - 0.5 * 0.75 * 0.75 * 100.0).abs() < 1e-6);
        assert_eq!(m.decoupling_pct, None);
        let c = activity_metrics(&run(1800, 8.0, |_| None), Sport::Cycling, &profile());
        assert_eq!(c.load_source, LoadSource::None);
    }

    #[test]
    fn uphill_counts_more() {
        let mut s = run(600, 3.0, |_| None);
        for i in 0..s.len() {
            s.elevation_m[i] = Some(100.0 + 0.1 * 3.0 * i as f64); // 10 % grade
        }
        let m = activity_metrics(&s, Sport::Running, &profile());
        let g = m.gap_speed_m_s.unwrap();
        assert!(
            (g - 3.0 * crate::analysis::formulas::minetti_cost(0.1) / 3.6).abs() < 0.05,
            "{g}"
        );
    }

    #[test]
    fn empty_activity() {
        let m = activity_metrics(&Samples::default(), Sport::Running, &profile());
        assert_eq!(m.load, 0.0);
        assert_eq!(m.gap_speed_m_s, None);
    }
}
