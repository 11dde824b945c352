//! Figures computed from an activity's own samples, kept beside the device's totals.
//!
//! # Definitions
//! - **Distance**: the device's cumulative distance channel where there is one (FIT, TCX:
//!   the watch filters GPS or uses a foot pod), else the Haversine sum over consecutive GPS
//!   points, leaving out jumps faster than [`TELEPORT_SPEED_M_S`] (GPS glitches).
//! - **Moving time**: the sum of the intervals between consecutive samples of the same
//!   segment that are at most [`MAX_SAMPLE_GAP_S`] long and whose speed is at least
//!   [`MOVING_SPEED_M_S`]. Against Garmin Connect's moving time on the 230 runs of the
//!   `asplitline` history this agrees within 15 s (see the conformance test).
//! - **Average heart rate**: the time-weighted mean over the same moving intervals (each
//!   interval weighted by its duration, valued at its end sample), so smart recording's
//!   uneven spacing does not bias it; the mean of samples when the activity is untimed.
//! - **Ascent**: sum of rises of the elevation smoothed over [`ASCENT_HYSTERESIS_M`]
//!   (a rise counts once it exceeds the threshold), which removes barometric and GPS jitter.

use geo::{Distance, Haversine, Point};
use serde::Serialize;

use crate::model::{Channels, Samples};

/// Below this speed a runner is standing (GPS drift at rest is 0.1–0.4 m/s; the slowest
/// walk is ~1 m/s). Calibrated on the `asplitline` history against Garmin Connect.
pub const MOVING_SPEED_M_S: f64 = 0.5;
/// A gap between samples longer than this is a pause even without a timer event (smart
/// recording writes at least every ~8 s while moving).
pub const MAX_SAMPLE_GAP_S: f64 = 30.0;
/// Faster than this between two GPS points is a glitch, not a runner or a rider.
pub const TELEPORT_SPEED_M_S: f64 = 100.0;
/// Elevation changes smaller than this are noise.
pub const ASCENT_HYSTERESIS_M: f64 = 3.0;

/// What rutscope computes from the samples.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Computed {
    /// Metres.
    pub distance_m: Option<f64>,
    /// First to last timed sample, seconds.
    pub elapsed_s: Option<f64>,
    /// Seconds in motion.
    pub moving_time_s: Option<f64>,
    /// Beats per minute.
    pub avg_hr_bpm: Option<f64>,
    /// Beats per minute.
    pub max_hr_bpm: Option<f64>,
    /// Metres climbed.
    pub ascent_m: Option<f64>,
    /// Number of samples.
    pub samples: u32,
    /// Number of pauses (segments minus one).
    pub pauses: u32,
    /// Channels present.
    pub channels: Channels,
}

fn haversine(a: (f64, f64), b: (f64, f64)) -> f64 {
    Haversine.distance(Point::new(a.1, a.0), Point::new(b.1, b.0))
}

/// Computes the figures of one activity.
pub fn compute(s: &Samples) -> Computed {
    let n = s.len();
    let channels = s.channels();
    let elapsed = match (s.elapsed_s.iter().flatten().next(), s.elapsed_s.iter().flatten().last()) {
        (Some(a), Some(b)) => Some(b - a),
        _ => None,
    };

    // Per-interval distance: from the device's distance channel, else GPS.
    let device_dist = s.distance_m.iter().filter(|d| d.is_some()).count() * 2 > n;
    let mut step = vec![None; n];
    let mut last_gps: Option<(usize, (f64, f64))> = None;
    let mut last_dist: Option<f64> = None;
    let mut total = 0.0;
    let mut total_known = false;
    for i in 0..n {
        if device_dist {
            if let Some(d) = s.distance_m[i] {
                if let Some(p) = last_dist {
                    // Resets (a new chained part) count as zero, never negative.
                    let dd = (d - p).max(0.0);
                    step[i] = Some(dd);
                    total += dd;
                }
                last_dist = Some(d);
                total_known = true;
            }
        } else if let (Some(la), Some(lo)) = (s.lat[i], s.lon[i]) {
            if let Some((j, prev)) = last_gps {
                let d = haversine(prev, (la, lo));
                let dt = match (s.elapsed_s[i], s.elapsed_s[j]) {
                    (Some(a), Some(b)) => a - b,
                    _ => f64::NAN,
                };
                let glitch = dt.is_finite() && dt > 0.0 && d / dt > TELEPORT_SPEED_M_S;
                if !glitch {
                    step[i] = Some(d);
                    total += d;
                }
            }
            last_gps = Some((i, (la, lo)));
            total_known = true;
        }
    }

    let mut moving = 0.0;
    let mut hr_w = 0.0;
    let mut hr_sum = 0.0;
    let mut any_timed_interval = false;
    for i in 1..n {
        let (Some(a), Some(b)) = (s.elapsed_s[i - 1], s.elapsed_s[i]) else { continue };
        let dt = b - a;
        if dt <= 0.0 || dt > MAX_SAMPLE_GAP_S || s.segment[i] != s.segment[i - 1] {
            continue;
        }
        any_timed_interval = true;
        let speed = match (s.speed_m_s[i], step[i]) {
            (Some(v), _) => v,
            (None, Some(d)) => d / dt,
            // No way to tell motion: count the time (a treadmill run without speed).
            (None, None) => f64::INFINITY,
        };
        if speed >= MOVING_SPEED_M_S {
            moving += dt;
            if let Some(h) = s.heart_rate_bpm[i] {
                hr_w += dt;
                hr_sum += h * dt;
            }
        }
    }
    let hr: Vec<f64> = s.heart_rate_bpm.iter().flatten().copied().collect();
    let avg_hr = if hr_w > 0.0 {
        Some(hr_sum / hr_w)
    } else if !hr.is_empty() {
        Some(hr.iter().sum::<f64>() / hr.len() as f64)
    } else {
        None
    };

    Computed {
        distance_m: total_known.then_some(total),
        elapsed_s: elapsed,
        moving_time_s: any_timed_interval.then_some(moving),
        avg_hr_bpm: avg_hr,
        max_hr_bpm: hr.iter().copied().fold(None, |m: Option<f64>, x| Some(m.map_or(x, |m| m.max(x)))),
        ascent_m: ascent(&s.elevation_m),
        samples: n as u32,
        pauses: s.segment.last().copied().unwrap_or(0),
        channels,
    }
}

/// Total ascent with hysteresis; `None` without elevation.
pub fn ascent(ele: &[Option<f64>]) -> Option<f64> {
    let mut it = ele.iter().flatten();
    let mut anchor = *it.next()?;
    let mut up = 0.0;
    for &e in it {
        if e - anchor >= ASCENT_HYSTERESIS_M {
            up += e - anchor;
            anchor = e;
        } else if anchor - e >= ASCENT_HYSTERESIS_M {
            anchor = e;
        }
    }
    Some(up)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::SampleRow;

    fn line(n: usize, dt_ms: i64, step_deg: f64) -> Samples {
        let mut s = Samples::default();
        for i in 0..n {
            s.push(SampleRow {
                t_ms: Some(i as i64 * dt_ms),
                lat: Some(0.0),
                lon: Some(i as f64 * step_deg),
                heart_rate_bpm: Some(100.0 + i as f64),
                ..SampleRow::default()
            });
        }
        s.finish_elapsed();
        s
    }

    #[test]
    fn empty_and_single_point() {
        let c = compute(&Samples::default());
        assert_eq!(c.distance_m, None);
        assert_eq!(c.moving_time_s, None);
        let c = compute(&line(1, 1000, 0.0));
        assert_eq!(c.distance_m, Some(0.0));
        assert_eq!(c.moving_time_s, None);
        assert_eq!(c.avg_hr_bpm, Some(100.0));
    }

    #[test]
    fn equator_degree_and_moving_time() {
        // 0.0001° of longitude at the equator = 11.12 m per second: moving.
        let c = compute(&line(11, 1000, 0.0001));
        let d = c.distance_m.unwrap();
        assert!((d - 111.19).abs() < 0.1, "{d}");
        assert_eq!(c.moving_time_s, Some(10.0));
        // Time-weighted over the 10 intervals, each valued at its end: 101..=110.
        assert!((c.avg_hr_bpm.unwrap() - 105.5).abs() < 1e-9);
        assert_eq!(c.max_hr_bpm, Some(110.0));
    }

    #[test]
    fn standing_still_is_not_moving_and_teleports_are_dropped() {
        let mut s = line(5, 1000, 0.0);
        assert_eq!(compute(&s).moving_time_s, Some(0.0));
        s.lon[4] = Some(1.0); // 111 km in a second
        assert_eq!(compute(&s).distance_m, Some(0.0));
    }

    #[test]
    fn ascent_hysteresis() {
        let e: Vec<Option<f64>> = [100.0, 101.0, 99.5, 104.0, 103.0, 110.0, 90.0, 95.0]
            .into_iter()
            .map(Some)
            .collect();
        // 99.5 is not a new low (only 0.5 below 100); 100→104 +4, 104→110 +6, 90→95 +5.
        assert_eq!(ascent(&e), Some(15.0));
        assert_eq!(ascent(&[None, None]), None);
    }
}
