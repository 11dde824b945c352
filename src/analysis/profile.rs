//! The athlete profile the load analyses need (heart-rate anchors, threshold pace, sex for
//! TRIMP's constants): what the athlete set, else an estimate from the data, and each value
//! says which it is, so reports can flag estimates.
//!
//! The settings are the store's (`profile.json`, [`crate::store::profile`]); this module
//! resolves them into the profile in use.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use super::formulas::{TRIMP_MEN, TRIMP_WOMEN, TrimpConstants};
use super::metrics::{ActivityFacts, HELD_HR_S, distance_disagrees, plausible_efforts};
use super::sport;
// The settings are the store's; the analyses name them from here.
pub use crate::store::profile::{ProfileSettings, Sex};
use crate::store::records::{ActivityRecord, Status};

/// Resting heart rate assumed when not set and not measured: runners' typical 50 bpm (a
/// run's data cannot show resting heart rate).
pub const DEFAULT_REST_HR: f64 = 50.0;
/// Days of measured resting heart rate (an account export's daily figures) needed before
/// their median replaces the assumption: a week smooths a night's illness or alcohol.
pub const MIN_MEASURED_REST_DAYS: usize = 7;
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
/// A held heart rate above this is no heart rate: 220 bpm is Fox's age-predicted maximum
/// at age 0, and measured maxima of adults above it are rarities.
pub const HR_CEILING_BPM: f64 = 220.0;
/// A held maximum needs two other activities within this many bpm below it (the value two
/// places below it in descending order) or it is an outlier. A runner reaches near-maximal
/// heart rate in races and hard sessions again and again, so real maxima come in clusters;
/// an artefact held 30 s (a strap's static in the cold, an optical sensor locked onto
/// something other than the pulse) stands apart. A spread-based fence (Tukey's) was tried
/// and rejected: a runner who mostly runs easy has a narrow spread, and the fence then
/// rejected the real maxima of the simulated athlete's few hard sessions (182–190 bpm, true
/// maximum 190).
pub const OUTLIER_GAP_BPM: f64 = 10.0;
/// The hour record, metres (Mo Farah, Brussels 2020, 21,330 m): no run carried to one hour
/// gives a threshold speed above it.
pub const HOUR_RECORD_M: f64 = 21_330.0;
/// Threshold speed assumed without any run: 5:00/km.
pub const DEFAULT_THRESHOLD_SPEED: f64 = 1000.0 / 300.0;

/// An activity behind an estimate: which, when, and the figure it gave.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RunRef {
    /// Activity id.
    pub id: String,
    /// Its start.
    pub start: Option<DateTime<Utc>>,
    /// The figure it gave (bpm for heart rate, m/s for speed).
    pub value: f64,
}

/// How a value was estimated, with the data behind it (the words are `report::words`').
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "method", rename_all = "kebab-case")]
pub enum Estimate {
    /// Max HR: the second-highest heart rate held [`HELD_HR_S`] among the activities' held
    /// maxima, after rejecting outliers (see [`resolve`]).
    HeldHeartRate {
        /// Seconds the heart rate was held.
        held_s: f64,
        /// The two activities behind it, highest first: both held at least the value.
        runs: Vec<RunRef>,
        /// Activities with a held maximum.
        of: usize,
        /// Held maxima rejected as outliers, highest first.
        rejected: Vec<RunRef>,
    },
    /// Threshold HR: rest plus a fraction of the reserve.
    ReserveFraction {
        /// The fraction.
        fraction: f64,
    },
    /// Resting HR: the median of the daily resting heart rates measured by the watch
    /// (the store's wellness table), at least [`MIN_MEASURED_REST_DAYS`] of them.
    MeasuredRest {
        /// Days with a measured resting heart rate.
        days: usize,
        /// The first of them.
        from: NaiveDate,
        /// The last.
        to: NaiveDate,
    },
    /// Threshold speed: the best run carried to one hour with Riegel's exponent.
    RiegelHour {
        /// The exponent.
        exponent: f64,
        /// The run behind it (value: its one-hour speed, m/s).
        run: RunRef,
        /// Runs left out because their distance is not trusted (GPS jumps, efforts beyond
        /// world records, distance disagreeing with the device's, efforts only down a hill
        /// or on a surge the heart rate did not follow).
        untrusted: usize,
    },
}

/// Why a value is assumed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Assumption {
    /// No heart rate held long enough in any activity.
    NoHeldHeartRate,
    /// Runs cannot show resting heart rate.
    RestNotInRuns,
    /// No trusted run long enough for threshold pace.
    NoThresholdRun,
    /// Sex not set.
    SexNotSet,
}

/// Where a profile value comes from.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    /// Set by the athlete.
    Set,
    /// Estimated from the data; how.
    Estimated(Estimate),
    /// Assumed (no data can tell); why.
    Assumed(Assumption),
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

/// The measured resting heart rate: the median of the days' resting heart rates (the
/// runner's calendar day and bpm, as the wellness table gives them), with how it was
/// found; `None` under [`MIN_MEASURED_REST_DAYS`] days.
///
/// # Examples
/// ```
/// use chrono::NaiveDate;
/// use rutscope::analysis::profile::measured_rest;
/// let d = |n| NaiveDate::from_ymd_opt(2024, 10, n).unwrap();
/// let days: Vec<_> = (1..=7).map(|n| (d(n), 50.0 + n as f64)).collect();
/// assert_eq!(measured_rest(&days).unwrap().0, 54.0);
/// assert!(measured_rest(&days[..6]).is_none());
/// ```
pub fn measured_rest(days: &[(NaiveDate, f64)]) -> Option<(f64, Estimate)> {
    let mut v: Vec<(NaiveDate, f64)> = days
        .iter()
        .copied()
        .filter(|(_, b)| b.is_finite() && *b > 0.0)
        .collect();
    if v.len() < MIN_MEASURED_REST_DAYS {
        return None;
    }
    v.sort_by_key(|(d, _)| *d);
    let (from, to) = (v[0].0, v[v.len() - 1].0);
    let mut bpm: Vec<f64> = v.iter().map(|(_, b)| *b).collect();
    bpm.sort_by(f64::total_cmp);
    let n = bpm.len();
    let median = if n % 2 == 1 {
        bpm[n / 2]
    } else {
        (bpm[n / 2 - 1] + bpm[n / 2]) / 2.0
    };
    Some((median, Estimate::MeasuredRest { days: n, from, to }))
}

/// The profile: settings where given, else estimates from the activities and their facts
/// (by activity id); no measured resting heart rate (see [`resolve_with`]).
pub fn resolve(
    settings: &ProfileSettings,
    acts: &[ActivityRecord],
    facts: &HashMap<String, ActivityFacts>,
) -> Profile {
    resolve_with(settings, acts, facts, &[])
}

/// The profile: settings where given, else estimates from the activities and their facts
/// (by activity id) and the measured daily resting heart rates (`rest_days`: date and bpm,
/// from the store's wellness table; empty when there are none).
///
/// # Estimates
/// - max HR: from each counted run's highest heart rate held [`HELD_HR_S`]
///   ([`ActivityFacts::max_hr_held_bpm`], cadence lock left out), rejecting values above
///   [`HR_CEILING_BPM`], then from the top each value more than [`OUTLIER_GAP_BPM`] above
///   the value two places below it (while three remain); the estimate is the second-highest
///   of the rest, so it was held in two activities (one artefact cannot set it);
/// - resting HR: the median of the measured days ([`measured_rest`]), else
///   [`DEFAULT_REST_HR`], assumed;
/// - threshold HR: rest + [`THRESHOLD_HRR_FRACTION`] of the reserve;
/// - threshold speed: the best one-hour-equivalent speed over runs of at least
///   [`MIN_THRESHOLD_RUN_S`], each run's moving speed carried to one hour with Riegel's
///   exponent (`v₁ₕ = v · (t/3600)^{(1.06−1)/1.06}`), leaving out runs whose distance is not
///   trusted (a GPS jump, a best effort beyond the world record, a distance disagreeing with
///   the device's) and one-hour speeds beyond [`HOUR_RECORD_M`];
/// - sex: male, assumed (TRIMP's constants differ by about 10 %).
pub fn resolve_with(
    settings: &ProfileSettings,
    acts: &[ActivityRecord],
    facts: &HashMap<String, ActivityFacts>,
    rest_days: &[(NaiveDate, f64)],
) -> Profile {
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
            let held: Vec<RunRef> = counted
                .iter()
                .filter_map(|a| {
                    Some(RunRef {
                        id: a.id.clone(),
                        start: a.start,
                        value: facts.get(&a.id)?.max_hr_held_bpm?,
                    })
                })
                .collect();
            match estimate_max_hr(held) {
                Some((value, estimate)) => Value {
                    value,
                    source: Source::Estimated(estimate),
                },
                None => Value {
                    value: DEFAULT_MAX_HR,
                    source: Source::Assumed(Assumption::NoHeldHeartRate),
                },
            }
        }
    };
    let rest = match settings.rest_hr_bpm {
        Some(v) => Value {
            value: v,
            source: Source::Set,
        },
        None => match measured_rest(rest_days) {
            Some((value, estimate)) => Value {
                value,
                source: Source::Estimated(estimate),
            },
            None => Value {
                value: DEFAULT_REST_HR,
                source: Source::Assumed(Assumption::RestNotInRuns),
            },
        },
    };
    let thr_hr = match settings.threshold_hr_bpm {
        Some(v) => Value {
            value: v,
            source: Source::Set,
        },
        None => Value {
            value: rest.value + THRESHOLD_HRR_FRACTION * (max_hr.value - rest.value),
            source: Source::Estimated(Estimate::ReserveFraction {
                fraction: THRESHOLD_HRR_FRACTION,
            }),
        },
    };
    let thr_speed = match settings.threshold_speed_m_s {
        Some(v) => Value {
            value: v,
            source: Source::Set,
        },
        None => {
            let k = (RIEGEL_EXPONENT - 1.0) / RIEGEL_EXPONENT;
            let mut untrusted = 0;
            let mut best: Option<RunRef> = None;
            for a in counted.iter() {
                let (Some(t), Some(d)) = (a.computed.moving_time_s, a.computed.distance_m) else {
                    continue;
                };
                if t < MIN_THRESHOLD_RUN_S || d <= 0.0 {
                    continue;
                }
                let v = d / t * (t / 3600.0).powf(k);
                let glitched =
                    facts.get(&a.id).is_some_and(|f| {
                        f.gps_jumps > 0 || plausible_efforts(f, a.sport).1.total() > 0
                    }) || distance_disagrees(a.computed.distance_m, a.device_totals.distance_m)
                        || v * 3600.0 > HOUR_RECORD_M;
                if glitched {
                    untrusted += 1;
                    continue;
                }
                if best.as_ref().is_none_or(|b| v > b.value) {
                    best = Some(RunRef {
                        id: a.id.clone(),
                        start: a.start,
                        value: v,
                    });
                }
            }
            match best {
                Some(run) => Value {
                    value: run.value,
                    source: Source::Estimated(Estimate::RiegelHour {
                        exponent: RIEGEL_EXPONENT,
                        run,
                        untrusted,
                    }),
                },
                None => Value {
                    value: DEFAULT_THRESHOLD_SPEED,
                    source: Source::Assumed(Assumption::NoThresholdRun),
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
            source: Source::Assumed(Assumption::SexNotSet),
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

/// Max HR from held maxima (see [`resolve`]): the value and how, or `None` without any.
fn estimate_max_hr(held: Vec<RunRef>) -> Option<(f64, Estimate)> {
    let of = held.len();
    let (mut rejected, mut kept): (Vec<RunRef>, Vec<RunRef>) =
        held.into_iter().partition(|r| r.value > HR_CEILING_BPM);
    kept.sort_by(|a, b| b.value.total_cmp(&a.value).then_with(|| a.id.cmp(&b.id)));
    rejected.sort_by(|a, b| b.value.total_cmp(&a.value).then_with(|| a.id.cmp(&b.id)));
    let mut top = 0;
    while top + 2 < kept.len() && kept[top].value - kept[top + 2].value > OUTLIER_GAP_BPM {
        top += 1;
    }
    rejected.extend(kept.drain(..top));
    let runs: Vec<RunRef> = kept.into_iter().take(2).collect();
    let value = runs.last()?.value;
    Some((
        value,
        Estimate::HeldHeartRate {
            held_s: HELD_HR_S,
            runs,
            of,
            rejected,
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn measured_rest_replaces_the_assumption_unless_set_or_too_few() {
        let d = |n: u32| NaiveDate::from_ymd_opt(2024, 10, n).unwrap();
        let days: Vec<(NaiveDate, f64)> = (1..=8).map(|n| (d(n), 60.0 + f64::from(n))).collect();
        let p = resolve_with(&ProfileSettings::default(), &[], &HashMap::new(), &days);
        assert_eq!(p.rest_hr_bpm.value, 64.5, "median of 61..68");
        assert_eq!(
            p.rest_hr_bpm.source,
            Source::Estimated(Estimate::MeasuredRest {
                days: 8,
                from: d(1),
                to: d(8)
            })
        );
        // The threshold heart rate follows the measured rest.
        assert!(
            p.threshold_hr_bpm.value
                > resolve(&ProfileSettings::default(), &[], &HashMap::new())
                    .threshold_hr_bpm
                    .value
        );
        let few = resolve_with(
            &ProfileSettings::default(),
            &[],
            &HashMap::new(),
            &days[..6],
        );
        assert_eq!(few.rest_hr_bpm.value, DEFAULT_REST_HR);
        let set = ProfileSettings {
            rest_hr_bpm: Some(48.0),
            ..ProfileSettings::default()
        };
        assert_eq!(
            resolve_with(&set, &[], &HashMap::new(), &days)
                .rest_hr_bpm
                .value,
            48.0
        );
    }

    #[test]
    fn settings_win_and_estimates_say_so() {
        let p = resolve(&ProfileSettings::default(), &[], &HashMap::new());
        assert_eq!(p.max_hr_bpm.value, DEFAULT_MAX_HR);
        assert!(matches!(p.max_hr_bpm.source, Source::Assumed(_)));
        assert!((p.threshold_hr_bpm.value - (50.0 + 0.88 * 140.0)).abs() < 1e-9);
        let s = ProfileSettings {
            max_hr_bpm: Some(185.0),
            sex: Some(Sex::Female),
            ..Default::default()
        };
        let p = resolve(&s, &[], &HashMap::new());
        assert_eq!(
            p.max_hr_bpm,
            Value {
                value: 185.0,
                source: Source::Set
            }
        );
        assert_eq!(p.trimp_constants(), TRIMP_WOMEN);
    }

    fn held(values: &[f64]) -> Vec<RunRef> {
        values
            .iter()
            .enumerate()
            .map(|(i, v)| RunRef {
                id: format!("r{i}"),
                start: None,
                value: *v,
            })
            .collect()
    }

    #[test]
    fn max_hr_is_held_in_two_runs_and_outliers_are_rejected() {
        // Three runs: 214 is 38 bpm above the value two places below, rejected; the
        // estimate is the second-highest of the other two, held in both.
        let (value, e) = estimate_max_hr(held(&[181.0, 214.0, 176.0])).unwrap();
        assert_eq!(value, 176.0);
        let Estimate::HeldHeartRate {
            runs, of, rejected, ..
        } = &e
        else {
            panic!("{e:?}")
        };
        assert_eq!((runs.len(), *of, rejected.len()), (2, 3, 1));
        assert_eq!((runs[0].id.as_str(), runs[1].id.as_str()), ("r0", "r2"));
        // Two runs: nothing to compare with, the lower of the two.
        assert_eq!(estimate_max_hr(held(&[214.0, 181.0])).unwrap().0, 181.0);
        // Real maxima cluster (190, 189, 187, ...), two artefacts stand apart (214, 213):
        // each is more than 10 bpm above the value two places below it.
        let mut v: Vec<f64> = (0..20).map(|i| 160.0 + i as f64 * 1.5).collect();
        v.extend([190.0, 213.0, 214.0]);
        let (value, e) = estimate_max_hr(held(&v)).unwrap();
        let Estimate::HeldHeartRate { runs, rejected, .. } = e else {
            panic!()
        };
        assert_eq!(
            rejected.iter().map(|r| r.value).collect::<Vec<_>>(),
            [214.0, 213.0]
        );
        assert_eq!(
            runs.iter().map(|r| r.value).collect::<Vec<_>>(),
            [190.0, 188.5]
        );
        assert_eq!(value, 188.5);
        // A runner who mostly runs easy keeps the maxima of the few hard sessions.
        let mut v = vec![150.0; 30];
        v.extend([182.0, 186.0, 187.0, 189.0, 190.0]);
        assert_eq!(estimate_max_hr(held(&v)).unwrap().0, 189.0);
        // Above 220 is never a heart rate, however few runs there are.
        let (value, _) = estimate_max_hr(held(&[225.0, 230.0, 181.0, 178.0])).unwrap();
        assert_eq!(value, 178.0);
        // One run: its value (nothing else can be said); none: no estimate.
        assert_eq!(estimate_max_hr(held(&[175.0])).unwrap().0, 175.0);
        assert!(estimate_max_hr(Vec::new()).is_none());
    }

    #[test]
    fn the_profile_reads_held_maxima_and_skips_glitched_runs_for_threshold_pace() {
        use crate::analysis::metrics::activity_facts;
        use crate::ingest::summary::Computed;
        use crate::model::{DeviceTotals, SampleRow, Samples, SourceFormat};
        use chrono::TimeZone;
        let rec = |id: &str, dist: f64, secs: f64| ActivityRecord {
            id: id.into(),
            status: Status::Primary,
            duplicate_of: None,
            dedup_tier: None,
            sport: crate::model::Sport::Running,
            sport_raw: None,
            sub_sport: None,
            name: None,
            start: Some(Utc.with_ymd_and_hms(2024, 5, 1, 7, 0, 0).unwrap()),
            utc_offset_s: None,
            source_path: format!("{id}.fit"),
            source_format: SourceFormat::Fit,
            source_hash: id.into(),
            index_in_file: 0,
            fit_file_id: None,
            device: Default::default(),
            device_totals: DeviceTotals::default(),
            computed: Computed {
                distance_m: Some(dist),
                moving_time_s: Some(secs),
                ..Computed::default()
            },
            gear: None,
            race: None,
            annotations: Default::default(),
            summary_only: false,
            warnings: vec![],
            batch_id: "b".into(),
            imported_at: Utc.with_ymd_and_hms(2024, 6, 1, 0, 0, 0).unwrap(),
        };
        // 40 min at 3.5 m/s with heart rate 170, one with a 300 m jump at 1,000 s.
        let samples = |jump: f64| {
            let mut s = Samples::default();
            for i in 0..=2400 {
                let extra = if i >= 1000 { jump } else { 0.0 };
                s.push(SampleRow {
                    t_ms: Some(i * 1000),
                    distance_m: Some(3.5 * i as f64 + extra),
                    heart_rate_bpm: Some(if i < 1200 { 170.0 } else { 172.0 }),
                    ..SampleRow::default()
                });
            }
            s.finish_elapsed();
            s
        };
        let acts = [rec("clean", 8400.0, 2400.0), rec("jump", 8700.0, 2400.0)];
        let facts: HashMap<String, ActivityFacts> = [
            ("clean".to_string(), activity_facts(&samples(0.0))),
            ("jump".to_string(), activity_facts(&samples(300.0))),
        ]
        .into();
        let p = resolve(&ProfileSettings::default(), &acts, &facts);
        assert_eq!(p.max_hr_bpm.value, 172.0);
        let Source::Estimated(Estimate::RiegelHour { run, untrusted, .. }) =
            &p.threshold_speed_m_s.source
        else {
            panic!("{:?}", p.threshold_speed_m_s)
        };
        assert_eq!((run.id.as_str(), *untrusted), ("clean", 1));
    }
}
