//! One simulated run, second by second: speed from the session's structure and the terrain,
//! heart rate from a first-order response to effort, cadence, GPS noise, traffic-light
//! pauses, and the watch's sampling.
//!
//! # Model
//! - **Effort** is the grade-adjusted speed `v_eq = v · (1 + GRADE_COST · grade)`: running
//!   uphill costs more (Minetti et al. 2002 give about 4× the flat cost per unit of grade near
//!   0 %, linearised here).
//! - **Speed on a grade**: runners hold effort, not pace: `v = v_target / (1 + GRADE_COST ·
//!   grade)`, clamped to ±40 %.
//! - **Heart rate** moves toward a steady state with time constant [`HR_TAU_S`]:
//!   `hr_ss = hr_rest + (hr_max − hr_rest) · min(1, 0.88 · (v_eq / v_thr)^1.6)` (threshold
//!   speed at 88 % of heart-rate reserve, Karvonen), plus cardiac drift of
//!   [`DRIFT_BPM_PER_MIN`] after 20 minutes scaled by effort, plus the day's fatigue offset.
//! - **Cadence** (strides per minute) rises with speed: `80 + 10 · (v − 2.8)`.
//!   Other response models ([`HrModel`]): the steady state linear in effort with a faster
//!   response, or the default model plus a day-to-day offset.
//! - **GPS** positions carry an AR(1) error of σ [`GPS_SIGMA_M`] per axis by default
//!   ([`Watch::gps_sigma_m`]); the device's distance channel is the true distance times a
//!   per-run calibration error (σ 0.5 %).
//! - **Pauses**: on urban loops the watch auto-pauses at traffic lights (20–60 s) with a
//!   probability per kilometre; no samples are written while paused.
//! - **Cross-training** ([`cross_training`]): rides and strength sessions, written with their
//!   own sport so that the sport classification keeps them out of the runs.

use super::rng::Rng;
use super::routes::{Route, terrain, to_lat_lon};
use crate::model::{ParsedActivity, SampleRow, Sport};

/// Extra effort per unit of grade (see module docs).
pub const GRADE_COST: f64 = 4.0;
/// Heart-rate response time constant, seconds.
pub const HR_TAU_S: f64 = 35.0;
/// Cardiac drift after 20 minutes at threshold effort, bpm per minute.
pub const DRIFT_BPM_PER_MIN: f64 = 0.12;
/// Traffic-light stops per kilometre on urban routes.
pub const STOPS_PER_KM: f64 = 0.2;
/// Default σ of the GPS position error per axis, metres (a wrist GPS under open sky to
/// light cover is accurate to a few metres).
pub const GPS_SIGMA_M: f64 = 2.5;
/// Heart-rate response time constant of [`HrModel::Linear`], seconds (a faster heart than
/// the default's).
pub const LINEAR_HR_TAU_S: f64 = 20.0;
/// Standard deviation of the day-to-day heart-rate offset of [`HrModel::Daily`], bpm (heat,
/// sleep, hydration, caffeine: submaximal heart rate varies by a few bpm from day to day).
pub const DAILY_HR_SD_BPM: f64 = 3.0;
/// Cruising speed of a ride on the flat, m/s (25 km/h, an easy endurance ride).
pub const RIDE_SPEED_M_S: f64 = 7.0;
/// Extra effort per unit of grade on a bike (climbing dominates: speed roughly halves on 5 %).
pub const RIDE_GRADE_COST: f64 = 20.0;
/// Heart rate of an easy ride on the flat, fraction of reserve (cycling heart rate sits
/// below running's at the same perceived effort).
pub const RIDE_HRR: f64 = 0.58;

/// The kinds of session the athlete runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SessionType {
    /// Conversational pace.
    Easy,
    /// Longest run of the week, easy pace.
    Long,
    /// Very easy, short.
    Recovery,
    /// 20–30 minutes at about threshold.
    Tempo,
    /// Repeats of 3 minutes above threshold with jog recoveries.
    Intervals,
    /// Easy running over the hill loop.
    Hills,
    /// A 10 km race, even pace near threshold.
    Race,
    /// Same moderate pace every time: the habit of a runner in a rut.
    Moderate,
    /// Cross-training: an easy endurance ride (cycling, not a run).
    Ride,
    /// Cross-training: a strength session in the gym (no GPS, no distance).
    Strength,
}

impl SessionType {
    /// Speed as a fraction of threshold speed for the main part.
    pub fn intensity(self) -> f64 {
        match self {
            SessionType::Easy => 0.78,
            SessionType::Long => 0.75,
            SessionType::Recovery => 0.70,
            SessionType::Tempo => 0.95,
            SessionType::Intervals => 1.07,
            SessionType::Hills => 0.80,
            SessionType::Race => 1.0,
            SessionType::Moderate => 0.84,
            // Not runs: the share of running threshold speed does not apply.
            SessionType::Ride | SessionType::Strength => 0.0,
        }
    }
}

/// The athlete's state on the day.
#[derive(Debug, Clone, Copy)]
pub struct Day {
    /// Threshold speed, m/s.
    pub v_thr: f64,
    /// Resting heart rate.
    pub hr_rest: f64,
    /// Maximum heart rate.
    pub hr_max: f64,
    /// Extra heart rate from accumulated fatigue, bpm.
    pub fatigue_bpm: f64,
    /// How the heart responds to effort.
    pub hr_model: HrModel,
    /// The day's heart-rate offset, bpm ([`HrModel::Daily`]; 0 otherwise).
    pub hr_offset_bpm: f64,
}

/// How heart rate responds to effort (pace on the grade, relative to fitness).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum HrModel {
    /// Steady state a power law of effort (`0.88 · (v_eq/v_thr)^1.6` of reserve) reached
    /// through a first-order lag of [`HR_TAU_S`], with cardiac drift: the default.
    #[default]
    Lagged,
    /// Steady state linear in effort (`0.88 · v_eq/v_thr` of reserve, the relation
    /// Karvonen's method assumes), a faster lag of [`LINEAR_HR_TAU_S`], the same drift.
    Linear,
    /// [`HrModel::Lagged`] plus an offset for the day drawn from a normal law of σ
    /// [`DAILY_HR_SD_BPM`].
    Daily,
}

/// How the watch records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recording {
    /// A sample every second.
    EverySecond,
    /// A sample every so many seconds (2–5: a watch set to save battery).
    Every(u32),
    /// Garmin-style smart recording: a sample every 1–7 s.
    Smart,
}

impl Recording {
    /// The name `--recording` takes (`1s`, `3s`, `smart`), also written in `truth.json`.
    pub fn name(self) -> String {
        match self {
            Recording::EverySecond => "1s".into(),
            Recording::Every(n) => format!("{n}s"),
            Recording::Smart => "smart".into(),
        }
    }

    /// Seconds to the next sample.
    fn step(self, rng: &mut Rng) -> i64 {
        match self {
            Recording::EverySecond => 1,
            Recording::Every(n) => i64::from(n.max(1)),
            Recording::Smart => 1 + rng.index(7) as i64,
        }
    }
}

/// The watch: how it samples and how accurate its GPS is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Watch {
    /// Sampling.
    pub recording: Recording,
    /// σ of the GPS position error per axis, metres.
    pub gps_sigma_m: f64,
}

impl Default for Watch {
    fn default() -> Self {
        Watch {
            recording: Recording::EverySecond,
            gps_sigma_m: GPS_SIGMA_M,
        }
    }
}

/// What actually happened in a session (for `truth.json`).
#[derive(Debug, Clone, serde::Serialize)]
pub struct Outcome {
    /// True distance covered, metres.
    pub distance_m: f64,
    /// Seconds in motion.
    pub moving_time_s: f64,
    /// Seconds from start to end, pauses included.
    pub elapsed_s: f64,
    /// Mean heart rate over moving seconds.
    pub avg_hr_bpm: f64,
    /// Training impulse of the session (Banister TRIMP, men's constant), for the load.
    pub trimp: f64,
}

/// Runs `distance_m` on `route` (repeating it if needed) and returns the recorded activity.
#[allow(clippy::too_many_arguments)]
pub fn run(
    route: &Route,
    kind: SessionType,
    distance_m: f64,
    start_s: i64,
    day: Day,
    watch: Watch,
    urban: bool,
    rng: &mut Rng,
) -> (ParsedActivity, Outcome) {
    let mut a = ParsedActivity::new(Sport::Running);
    a.sport_raw = Some("running".into());
    a.start = chrono::DateTime::from_timestamp(start_s, 0);
    let calib = 1.0 + 0.005 * rng.normal();
    // A detour on a random stretch: a parallel street 15–30 m to the side.
    let detour = rng.chance(0.3).then(|| {
        let at = rng.range(0.1, 0.8) * route.length_m;
        (
            at,
            at + rng.range(150.0, 400.0),
            rng.range(15.0, 30.0) * if rng.chance(0.5) { 1.0 } else { -1.0 },
        )
    });
    let (mut gx, mut gy, mut baro) = (0.0, 0.0, 0.0);
    let mut pace_noise = 0.0;
    let (mut d, mut t, mut moving) = (0.0f64, 0i64, 0i64);
    let mut hr = day.hr_rest + 30.0;
    let mut hr_sum = 0.0;
    let mut trimp = 0.0;
    let mut segment = 0u32;
    let mut next_sample = 0i64;
    let mut next_stop = if urban {
        exp_draw(rng, 1000.0 / STOPS_PER_KM)
    } else {
        f64::INFINITY
    };
    let total_s_est = distance_m / (day.v_thr * kind.intensity());
    while d < distance_m {
        // Target speed for this second, from the session's structure.
        let el = moving as f64;
        let frac = match kind {
            SessionType::Tempo | SessionType::Intervals if el < 600.0 => 0.76,
            SessionType::Tempo if d > distance_m - 1500.0 => 0.74,
            SessionType::Intervals if d > distance_m - 1500.0 => 0.74,
            SessionType::Intervals => {
                if ((el - 600.0) % 300.0) < 180.0 {
                    1.07
                } else {
                    0.55
                }
            }
            k => k.intensity(),
        };
        let warm = if el < 300.0 {
            0.9 + 0.1 * el / 300.0
        } else {
            1.0
        };
        pace_noise = 0.97 * pace_noise + 0.01 * rng.normal();
        let lap_d = d % route.length_m;
        let (e, n) = route.at(lap_d);
        let (e2, n2) = route.at((lap_d + 5.0).min(route.length_m));
        let grade = ((terrain(e2, n2) - terrain(e, n)) / 5.0).clamp(-0.3, 0.3);
        let v_target = day.v_thr * frac * warm * (1.0 + pace_noise);
        let v = (v_target / (1.0 + GRADE_COST * grade)).clamp(0.6 * v_target, 1.4 * v_target);
        let v_eq = v * (1.0 + GRADE_COST * grade);
        let drift = if el > 1200.0 {
            DRIFT_BPM_PER_MIN * (el - 1200.0) / 60.0 * (v_eq / day.v_thr)
        } else {
            0.0
        };
        let (effort, tau) = match day.hr_model {
            HrModel::Lagged | HrModel::Daily => {
                ((0.88 * (v_eq / day.v_thr).powf(1.6)).min(1.0), HR_TAU_S)
            }
            HrModel::Linear => ((0.88 * v_eq / day.v_thr).min(1.0), LINEAR_HR_TAU_S),
        };
        let hr_ss = day.hr_rest
            + (day.hr_max - day.hr_rest) * effort
            + drift
            + day.fatigue_bpm
            + day.hr_offset_bpm;
        hr += (hr_ss - hr) * (1.0 - (-1.0 / tau).exp());
        let hr_obs = (hr + 1.2 * rng.normal()).min(day.hr_max + 3.0);
        hr_sum += hr;
        let hrr = ((hr - day.hr_rest) / (day.hr_max - day.hr_rest)).clamp(0.0, 1.0);
        trimp += hrr * 0.64 * (1.92 * hrr).exp() / 60.0;

        if t >= next_sample {
            // AR(1) with φ 0.9: innovations of σ·√(1 − φ²) = 0.436·σ keep σ per axis.
            gx = 0.9 * gx + watch.gps_sigma_m * 0.436 * rng.normal();
            gy = 0.9 * gy + watch.gps_sigma_m * 0.436 * rng.normal();
            baro = 0.95 * baro + 0.5 * 0.31 * rng.normal();
            let off = match detour {
                Some((a0, a1, w)) if lap_d > a0 && lap_d < a1 => {
                    let s = ((lap_d - a0) / (a1 - a0) * std::f64::consts::PI)
                        .sin()
                        .min(0.8)
                        / 0.8;
                    let (dx, dy) = (e2 - e, n2 - n);
                    let len = dx.hypot(dy).max(1e-9);
                    (-dy / len * w * s, dx / len * w * s)
                }
                _ => (0.0, 0.0),
            };
            let (lat, lon) = to_lat_lon(e + off.0 + gx, n + off.1 + gy);
            a.samples.push(SampleRow {
                t_ms: Some((start_s + t) * 1000),
                segment,
                lat: Some((lat * 1e7).round() / 1e7),
                lon: Some((lon * 1e7).round() / 1e7),
                elevation_m: Some(((terrain(e, n) + baro) * 10.0).round() / 10.0),
                distance_m: Some((d * calib * 100.0).round() / 100.0),
                speed_m_s: Some((v * 1000.0).round() / 1000.0),
                heart_rate_bpm: Some(hr_obs.round()),
                cadence_rpm: Some((80.0 + 10.0 * (v - 2.8) + rng.normal()).round()),
                power_w: None,
                temperature_c: None,
                ..SampleRow::default()
            });
            next_sample = t + watch.recording.step(rng);
        }
        d += v;
        t += 1;
        moving += 1;
        if d >= next_stop && d < distance_m - 200.0 && el < total_s_est * 2.0 {
            let stop = rng.range(20.0, 60.0).round() as i64;
            t += stop;
            hr -= (hr - day.hr_rest - 25.0).max(0.0) * (1.0 - (-(stop as f64) / 60.0).exp());
            segment += 1;
            next_sample = t;
            next_stop = d + exp_draw(rng, 1000.0 / STOPS_PER_KM);
        }
    }
    a.samples.finish_elapsed();
    let last_d = a.samples.distance_m.last().copied().flatten();
    a.totals.distance_m = last_d;
    a.totals.timer_time_s = Some(moving as f64);
    a.totals.elapsed_time_s = a.samples.elapsed_s.last().copied().flatten();
    let outcome = Outcome {
        distance_m: d,
        moving_time_s: moving as f64,
        elapsed_s: t as f64,
        avg_hr_bpm: hr_sum / moving.max(1) as f64,
        trimp,
    };
    a.totals.avg_hr_bpm = Some(outcome.avg_hr_bpm.round());
    (a, outcome)
}

/// A cross-training session of `duration_s` seconds beside the runs: a ride over `route`
/// (looping it as needed) with GPS, or a strength session (heart rate only, sets of 40 s
/// with 90 s rests). Written with its real sport (`cycling`, FIT `training`), so that the
/// classification keeps it out of the runs; its TRIMP counts in the load like any session.
///
/// # Model
/// - **Ride**: speed [`RIDE_SPEED_M_S`] on the flat, `v = v_flat / (1 + RIDE_GRADE_COST ·
///   grade)` clamped to 2.5–16 m/s; heart rate toward `RIDE_HRR` of reserve plus 3 × grade
///   of reserve, through the same lag as runs; pedalling cadence about 85 rpm.
/// - **Strength**: heart rate toward 55 % of reserve in a set, 35 % between sets.
#[allow(clippy::too_many_arguments)]
pub fn cross_training(
    kind: SessionType,
    route: &Route,
    duration_s: f64,
    start_s: i64,
    day: Day,
    watch: Watch,
    rng: &mut Rng,
) -> (ParsedActivity, Outcome) {
    let ride = kind == SessionType::Ride;
    let mut a = ParsedActivity::new(if ride {
        Sport::Cycling
    } else {
        Sport::Strength
    });
    a.sport_raw = Some(if ride { "cycling" } else { "training" }.into());
    if !ride {
        a.sub_sport = Some("strength_training".into());
    }
    a.start = chrono::DateTime::from_timestamp(start_s, 0);
    let reserve = day.hr_max - day.hr_rest;
    let (mut gx, mut gy) = (0.0, 0.0);
    let mut hr = day.hr_rest + 20.0;
    let (mut d, mut hr_sum, mut trimp) = (0.0f64, 0.0, 0.0);
    let mut next_sample = 0i64;
    let mut speed_noise = 0.0;
    let total = duration_s.round() as i64;
    for t in 0..total {
        let (v, grade) = if ride {
            let lap_d = d % route.length_m;
            let (e, n) = route.at(lap_d);
            let (e2, n2) = route.at((lap_d + 5.0).min(route.length_m));
            let grade = ((terrain(e2, n2) - terrain(e, n)) / 5.0).clamp(-0.15, 0.15);
            speed_noise = 0.98 * speed_noise + 0.01 * rng.normal();
            let v = (RIDE_SPEED_M_S * (1.0 + speed_noise) / (1.0 + RIDE_GRADE_COST * grade))
                .clamp(2.5, 16.0);
            (v, grade)
        } else {
            (0.0, 0.0)
        };
        let frac = if ride {
            (RIDE_HRR + 3.0 * grade).clamp(0.4, 0.9)
        } else if t % 130 < 40 {
            0.55
        } else {
            0.35
        };
        let hr_ss = day.hr_rest + reserve * frac + day.fatigue_bpm + day.hr_offset_bpm;
        hr += (hr_ss - hr) * (1.0 - (-1.0 / HR_TAU_S).exp());
        hr_sum += hr;
        let hrr = ((hr - day.hr_rest) / reserve).clamp(0.0, 1.0);
        trimp += hrr * 0.64 * (1.92 * hrr).exp() / 60.0;
        if t >= next_sample {
            let hr_obs = (hr + 1.2 * rng.normal()).round();
            let mut row = SampleRow {
                t_ms: Some((start_s + t) * 1000),
                heart_rate_bpm: Some(hr_obs),
                ..SampleRow::default()
            };
            if ride {
                gx = 0.9 * gx + watch.gps_sigma_m * 0.436 * rng.normal();
                gy = 0.9 * gy + watch.gps_sigma_m * 0.436 * rng.normal();
                let (e, n) = route.at(d % route.length_m);
                let (lat, lon) = to_lat_lon(e + gx, n + gy);
                row.lat = Some((lat * 1e7).round() / 1e7);
                row.lon = Some((lon * 1e7).round() / 1e7);
                row.elevation_m = Some((terrain(e, n) * 10.0).round() / 10.0);
                row.distance_m = Some((d * 100.0).round() / 100.0);
                row.speed_m_s = Some((v * 1000.0).round() / 1000.0);
                row.cadence_rpm = Some((85.0 + 3.0 * rng.normal()).round());
            }
            a.samples.push(row);
            next_sample = t + watch.recording.step(rng);
        }
        d += v;
    }
    a.samples.finish_elapsed();
    a.totals.distance_m = ride.then_some((d * 100.0).round() / 100.0);
    a.totals.timer_time_s = Some(total as f64);
    a.totals.elapsed_time_s = Some(total as f64);
    let outcome = Outcome {
        distance_m: d,
        moving_time_s: total as f64,
        elapsed_s: total as f64,
        avg_hr_bpm: hr_sum / total.max(1) as f64,
        trimp,
    };
    a.totals.avg_hr_bpm = Some(outcome.avg_hr_bpm.round());
    (a, outcome)
}

/// Exponential draw with the given mean.
fn exp_draw(rng: &mut Rng, mean: f64) -> f64 {
    -mean * (1.0 - rng.f64()).ln()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::simulate::routes::RouteKind;

    #[test]
    fn easy_run_has_plausible_figures() {
        let mut rng = Rng::new(11);
        let route = Route::new("r1".into(), RouteKind::Loop, 5000.0, 0.3, &mut rng);
        let day = Day {
            v_thr: 3.8,
            hr_rest: 50.0,
            hr_max: 190.0,
            fatigue_bpm: 0.0,
            hr_model: HrModel::Lagged,
            hr_offset_bpm: 0.0,
        };
        let (a, o) = run(
            &route,
            SessionType::Easy,
            8000.0,
            1_700_000_000,
            day,
            Watch::default(),
            true,
            &mut rng,
        );
        assert!(o.distance_m >= 8000.0 && o.distance_m < 8010.0);
        let pace = o.moving_time_s / 8.0;
        assert!((300.0..360.0).contains(&pace), "easy pace {pace} s/km");
        assert!(
            (125.0..150.0).contains(&o.avg_hr_bpm),
            "easy HR {}",
            o.avg_hr_bpm
        );
        assert!(a.samples.len() as f64 >= o.moving_time_s - 1.0);
        assert!(o.elapsed_s >= o.moving_time_s);
    }

    #[test]
    fn intervals_are_harder_than_easy() {
        let mut rng = Rng::new(12);
        let route = Route::new("r1".into(), RouteKind::Loop, 5000.0, 0.3, &mut rng);
        let day = Day {
            v_thr: 3.8,
            hr_rest: 50.0,
            hr_max: 190.0,
            fatigue_bpm: 0.0,
            hr_model: HrModel::Lagged,
            hr_offset_bpm: 0.0,
        };
        let (_, easy) = run(
            &route,
            SessionType::Easy,
            8000.0,
            0,
            day,
            Watch {
                recording: Recording::Smart,
                ..Watch::default()
            },
            false,
            &mut rng,
        );
        let (_, hard) = run(
            &route,
            SessionType::Intervals,
            8000.0,
            0,
            day,
            Watch {
                recording: Recording::Smart,
                ..Watch::default()
            },
            false,
            &mut rng,
        );
        assert!(hard.trimp / hard.moving_time_s > easy.trimp / easy.moving_time_s);
    }
}
