//! The athlete profile the load analyses need (heart-rate anchors, threshold pace, sex for
//! TRIMP's constants): what the athlete set, else an estimate from the data, and each value
//! says which it is, so reports can flag estimates.
//!
//! The settings are the store's (`profile.json`, [`crate::store::profile`]); this module
//! resolves them into the profile in use.

use serde::Serialize;

use super::formulas::{TRIMP_MEN, TRIMP_WOMEN, TrimpConstants};
use super::sport;
// The settings are the store's; the analyses name them from here.
pub use crate::store::profile::{ProfileSettings, Sex};
use crate::store::records::{ActivityRecord, Status};

/// Resting heart rate assumed when not set: runners' typical 50 bpm (a run's data cannot
/// show resting heart rate).
pub const DEFAULT_REST_HR: f64 = 50.0;
/// Maximum heart rate assumed with no heart-rate data at all.
pub const DEFAULT_MAX_HR: f64 = 190.0;
/// Threshold heart rate as a fraction of heart-rate reserve (Karvonen): lactate threshold
/// sits near 85–90 % of reserve in trained runners.
pub const THRESHOLD_HRR_FRACTION: f64 = 0.88;
/// Riegel's endurance exponent (T₂ = T₁·(D₂/D₁)^1.06), used to carry a run's speed to the
/// one-hour speed that defines threshold pace.
pub const RIEGEL_EXPONENT: f64 = 1.06;
/// Runs shorter than this do not estimate threshold pace (sprints overstate it).
pub const MIN_THRESHOLD_RUN_S: f64 = 20.0 * 60.0;
/// Threshold speed assumed without any run: 5:00/km.
pub const DEFAULT_THRESHOLD_SPEED: f64 = 1000.0 / 300.0;

/// Where a profile value comes from.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    /// Set by the athlete.
    Set,
    /// Estimated from the data; how.
    Estimated(String),
    /// Assumed (no data can tell); why.
    Assumed(String),
}

/// A profile value and its source.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Value<T> {
    /// The value.
    pub value: T,
    /// Where it comes from.
    pub source: Source,
}

/// The profile in use.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Profile {
    /// Maximum heart rate.
    pub max_hr_bpm: Value<f64>,
    /// Resting heart rate.
    pub rest_hr_bpm: Value<f64>,
    /// Threshold heart rate.
    pub threshold_hr_bpm: Value<f64>,
    /// Threshold speed, m/s.
    pub threshold_speed_m_s: Value<f64>,
    /// Sex.
    pub sex: Value<Sex>,
}

impl Profile {
    /// TRIMP constants for the profile's sex.
    pub fn trimp_constants(&self) -> TrimpConstants {
        match self.sex.value {
            Sex::Male => TRIMP_MEN,
            Sex::Female => TRIMP_WOMEN,
        }
    }
}

/// The profile: settings where given, else estimates from the activities.
///
/// # Estimates
/// - max HR: the second-highest per-activity maximum among counted runs (one strap
///   spike cannot set it);
/// - resting HR: [`DEFAULT_REST_HR`], assumed;
/// - threshold HR: rest + [`THRESHOLD_HRR_FRACTION`] of the reserve;
/// - threshold speed: the best one-hour-equivalent speed over runs of at least
///   [`MIN_THRESHOLD_RUN_S`], each run's moving speed carried to one hour with Riegel's
///   exponent (`v₁ₕ = v · (t/3600)^{(1.06−1)/1.06}`);
/// - sex: male, assumed (TRIMP's constants differ by about 10 %).
pub fn resolve(settings: &ProfileSettings, acts: &[ActivityRecord]) -> Profile {
    // Runs only: a ride's or a hike's heart rate and speed say nothing of running.
    let counted: Vec<&ActivityRecord> = acts
        .iter()
        .filter(|a| a.status == Status::Primary && sport::of_record(a).is_running())
        .collect();
    let max_hr = match settings.max_hr_bpm {
        Some(v) => Value {
            value: v,
            source: Source::Set,
        },
        None => {
            let mut m: Vec<f64> = counted
                .iter()
                .filter_map(|a| a.computed.max_hr_bpm)
                .filter(|h| *h < 230.0)
                .collect();
            m.sort_by(|a, b| b.total_cmp(a));
            match m.get(1).or(m.first()) {
                Some(&v) => Value {
                    value: v,
                    source: Source::Estimated(format!(
                        "second-highest activity maximum of {} with heart rate",
                        m.len()
                    )),
                },
                None => Value {
                    value: DEFAULT_MAX_HR,
                    source: Source::Assumed("no heart-rate data".into()),
                },
            }
        }
    };
    let rest = match settings.rest_hr_bpm {
        Some(v) => Value {
            value: v,
            source: Source::Set,
        },
        None => Value {
            value: DEFAULT_REST_HR,
            source: Source::Assumed("runs cannot show resting heart rate".into()),
        },
    };
    let thr_hr = match settings.threshold_hr_bpm {
        Some(v) => Value {
            value: v,
            source: Source::Set,
        },
        None => Value {
            value: rest.value + THRESHOLD_HRR_FRACTION * (max_hr.value - rest.value),
            source: Source::Estimated(format!(
                "{:.0} % of heart-rate reserve",
                THRESHOLD_HRR_FRACTION * 100.0
            )),
        },
    };
    let thr_speed = match settings.threshold_speed_m_s {
        Some(v) => Value {
            value: v,
            source: Source::Set,
        },
        None => {
            let k = (RIEGEL_EXPONENT - 1.0) / RIEGEL_EXPONENT;
            let best = counted
                .iter()
                .filter_map(|a| {
                    let t = a.computed.moving_time_s?;
                    let d = a.computed.distance_m?;
                    (t >= MIN_THRESHOLD_RUN_S && d > 0.0).then(|| d / t * (t / 3600.0).powf(k))
                })
                .fold(None, |m: Option<f64>, v| Some(m.map_or(v, |m| m.max(v))));
            match best {
                Some(v) => Value {
                    value: v,
                    source: Source::Estimated(
                        "best run carried to one hour with Riegel's exponent 1.06".into(),
                    ),
                },
                None => Value {
                    value: DEFAULT_THRESHOLD_SPEED,
                    source: Source::Assumed("no run of 20 minutes or more".into()),
                },
            }
        }
    };
    let sex = match settings.sex {
        Some(s) => Value {
            value: s,
            source: Source::Set,
        },
        None => Value {
            value: Sex::Male,
            source: Source::Assumed(
                "not set; TRIMP constants differ by about 10 % between sexes".into(),
            ),
        },
    };
    Profile {
        max_hr_bpm: max_hr,
        rest_hr_bpm: rest,
        threshold_hr_bpm: thr_hr,
        threshold_speed_m_s: thr_speed,
        sex,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_win_and_estimates_say_so() {
        let p = resolve(&ProfileSettings::default(), &[]);
        assert_eq!(p.max_hr_bpm.value, DEFAULT_MAX_HR);
        assert!(matches!(p.max_hr_bpm.source, Source::Assumed(_)));
        assert!((p.threshold_hr_bpm.value - (50.0 + 0.88 * 140.0)).abs() < 1e-9);
        let s = ProfileSettings {
            max_hr_bpm: Some(185.0),
            sex: Some(Sex::Female),
            ..Default::default()
        };
        let p = resolve(&s, &[]);
        assert_eq!(
            p.max_hr_bpm,
            Value {
                value: 185.0,
                source: Source::Set
            }
        );
        assert_eq!(p.trimp_constants(), TRIMP_WOMEN);
    }
}
