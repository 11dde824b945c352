//! Recovery: resting heart rate, sleep, stress and illness beside the training — from the
//! watch's daily summaries (a Garmin account export) and the runner's own day notes
//! (`rutscope note --day`), the runner's winning where both say something. Life stress
//! and training stress add up ("our bodies can't recognize the difference"), and a rut
//! often has its cause here.
//!
//! # Rules
//! | kind | fires when | source |
//! |---|---|---|
//! | `resting-hr-up` | the mean resting heart rate of the last [`RHR_RECENT_DAYS`] days (at least [`RHR_MIN_RECENT`] days measured) is [`RHR_RISE_BPM`] bpm or more above the runner's baseline, the median of the [`BASELINE_DAYS`] days before (at least [`BASELINE_MIN_DAYS`] measured); an alert from [`RHR_ALERT_BPM`] bpm | a morning heart rate 5 bpm or more above normal as a sign of fatigue or illness (Buchheit 2014, Front Physiol 5:73; Jeukendrup & Hesselink 1994) |
//! | `short-sleep` | the mean sleep of the last [`SLEEP_DAYS`] nights (at least [`SLEEP_MIN_NIGHTS`] recorded) is under [`SLEEP_MIN_S`] | adults need 7 hours or more (Watson et al. 2015, AASM/SRS consensus, Sleep 38(6)); athletes sleeping less get injured more (Milewski et al. 2014, J Pediatr Orthop 34(2)) |
//! | `high-stress` | over the last [`STRESS_DAYS`] days, the watch's mean stress (0–100) is [`STRESS_HIGH`] or more and [`STRESS_RISE`] or more above the runner's baseline, or the runner noted stress 4 or 5 on [`STRESS_NOTED_DAYS`] days or more | Garmin's stress bands (51–75 medium, 76–100 high); life stress slows the response to training (Ruuska et al. 2012, Med Sci Sports Exerc 44(2)) |
//! | `ill` | days the runner noted as ill (`note --day DATE --sick`), days apart by 3 or fewer one episode | |
//!
//! Each rule is judged every day; consecutive days it holds are one finding, with the
//! numbers of the day it held most.

use std::collections::BTreeMap;

use chrono::{Datelike, Duration, NaiveDate};
use serde::Serialize;

use super::findings::{Basis, Evidence, Finding, Kind, Severity, is_ongoing};
use super::load::Weekly;
use super::trend::median;

/// Days of the recent resting heart rate.
pub const RHR_RECENT_DAYS: i64 = 7;
/// Measured days it needs.
pub const RHR_MIN_RECENT: usize = 4;
/// Rise over the baseline that counts, bpm.
pub const RHR_RISE_BPM: f64 = 5.0;
/// Rise that makes it an alert, bpm.
pub const RHR_ALERT_BPM: f64 = 10.0;
/// Days of the baseline before the recent window.
pub const BASELINE_DAYS: i64 = 60;
/// Measured days the baseline needs.
pub const BASELINE_MIN_DAYS: usize = 20;
/// Nights of the sleep rule.
pub const SLEEP_DAYS: i64 = 14;
/// Recorded nights it needs.
pub const SLEEP_MIN_NIGHTS: usize = 10;
/// Sleep under this is short, seconds (7 h).
pub const SLEEP_MIN_S: f64 = 7.0 * 3600.0;
/// Days of the stress rule.
pub const STRESS_DAYS: i64 = 14;
/// The watch's mean stress at which it is high (Garmin: 51–75 medium, 76–100 high).
pub const STRESS_HIGH: f64 = 50.0;
/// ... and its rise over the runner's own baseline.
pub const STRESS_RISE: f64 = 5.0;
/// Days noted as stressed (4 or 5 of 5) within [`STRESS_DAYS`] that count.
pub const STRESS_NOTED_DAYS: usize = 4;
/// Days between two ill days that still make one illness.
pub const ILL_GAP_DAYS: i64 = 3;

/// One day of recovery data.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Day {
    /// Local date.
    pub date: NaiveDate,
    /// Resting heart rate, bpm.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resting_hr_bpm: Option<f64>,
    /// Sleep the night before, seconds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sleep_s: Option<f64>,
    /// The watch's mean stress, 0–100.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stress: Option<f64>,
    /// The stress the runner noted, 1–5.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub noted_stress: Option<u8>,
    /// Ill, as the runner noted.
    pub sick: bool,
}

/// One week of recovery beside its training.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Week {
    /// The Monday.
    pub week_start: NaiveDate,
    /// Mean resting heart rate, bpm.
    pub resting_hr_bpm: Option<f64>,
    /// Mean sleep, seconds.
    pub sleep_s: Option<f64>,
    /// Mean watch stress, 0–100.
    pub stress: Option<f64>,
    /// Days ill.
    pub sick_days: usize,
    /// The week's training load.
    pub load: f64,
}

/// The recovery analysis.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct RecoveryReport {
    /// Days with any recovery data in the range.
    pub days: usize,
    /// Of those, with a resting heart rate.
    pub resting_hr_days: usize,
    /// ... with sleep.
    pub sleep_days: usize,
    /// ... with stress (the watch's or noted).
    pub stress_days: usize,
    /// The runner's resting heart rate: the median of the last [`BASELINE_DAYS`] days
    /// measured, bpm.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resting_hr_bpm: Option<f64>,
    /// Weeks with recovery data, beside their load.
    pub weeks: Vec<Week>,
    /// The findings.
    pub findings: Vec<Finding>,
}

fn mean(v: &[f64]) -> Option<f64> {
    (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64)
}

/// The recovery analysis of `days` (any order) beside the weekly load, judged up to
/// `last`.
pub fn analyze(days: &[Day], weekly: &[Weekly], last: NaiveDate) -> RecoveryReport {
    let by: BTreeMap<NaiveDate, &Day> = days
        .iter()
        .filter(|d| d.date <= last)
        .map(|d| (d.date, d))
        .collect();
    if by.is_empty() {
        return RecoveryReport::default();
    }
    let values = |from: NaiveDate, to: NaiveDate, f: &dyn Fn(&Day) -> Option<f64>| -> Vec<f64> {
        by.range(from..=to).filter_map(|(_, d)| f(d)).collect()
    };
    let rhr = |d: &Day| d.resting_hr_bpm;
    let sleep = |d: &Day| d.sleep_s;
    let stress = |d: &Day| d.stress;
    let first = *by.keys().next().expect("not empty");
    let mut findings = Vec::new();

    // Resting heart rate.
    let mut run: Vec<(NaiveDate, f64, f64, usize)> = Vec::new();
    let mut episodes: Vec<Vec<(NaiveDate, f64, f64, usize)>> = Vec::new();
    let mut day = first;
    while day <= last {
        let recent = values(day - Duration::days(RHR_RECENT_DAYS - 1), day, &rhr);
        let base_to = day - Duration::days(RHR_RECENT_DAYS);
        let mut base = values(base_to - Duration::days(BASELINE_DAYS - 1), base_to, &rhr);
        let fired = match (
            recent.len() >= RHR_MIN_RECENT,
            base.len() >= BASELINE_MIN_DAYS,
        ) {
            (true, true) => {
                let (r, b) = (
                    mean(&recent).unwrap_or(0.0),
                    median(&mut base).unwrap_or(0.0),
                );
                (r - b >= RHR_RISE_BPM).then_some((day, r, b, recent.len()))
            }
            _ => None,
        };
        match fired {
            Some(x) => run.push(x),
            None if !run.is_empty() => episodes.push(std::mem::take(&mut run)),
            None => {}
        }
        day += Duration::days(1);
    }
    if !run.is_empty() {
        episodes.push(run);
    }
    for e in episodes {
        let &(peak_day, recent, base, n) = e
            .iter()
            .max_by(|a, b| (a.1 - a.2).total_cmp(&(b.1 - b.2)))
            .expect("an episode has a day");
        let (start, end) = (
            e[0].0 - Duration::days(RHR_RECENT_DAYS - 1),
            e[e.len() - 1].0,
        );
        findings.push(Finding {
            kind: Kind::RestingHrUp,
            severity: if recent - base >= RHR_ALERT_BPM {
                Severity::Alert
            } else {
                Severity::Warning
            },
            detected_on: e[0].0,
            start,
            end,
            ongoing: is_ongoing(end, last),
            evidence: Evidence::RestingHrUp {
                baseline_bpm: base,
                recent_bpm: recent,
                peak_day,
                days: e.len(),
            },
            activities: Vec::new(),
            activity_count: 0,
            basis: Basis::Days {
                days: n,
                baseline: values(
                    peak_day - Duration::days(RHR_RECENT_DAYS + BASELINE_DAYS - 1),
                    peak_day - Duration::days(RHR_RECENT_DAYS),
                    &rhr,
                )
                .len(),
            },
        });
    }

    // Sleep and stress: a rolling window each.
    findings.extend(windowed(
        &by,
        first,
        last,
        SLEEP_DAYS,
        &|from, to| {
            let v = values(from, to, &sleep);
            let m = mean(&v)?;
            (v.len() >= SLEEP_MIN_NIGHTS && m < SLEEP_MIN_S).then_some((
                SLEEP_MIN_S - m,
                v.len(),
                m,
            ))
        },
        &|nights, m, _| Evidence::ShortSleep { mean_s: m, nights },
        Kind::ShortSleep,
    ));
    findings.extend(windowed(
        &by,
        first,
        last,
        STRESS_DAYS,
        &|from, to| {
            let v = values(from, to, &stress);
            let noted = by
                .range(from..=to)
                .filter(|(_, d)| d.noted_stress.is_some_and(|s| s >= 4))
                .count();
            let base_to = from - Duration::days(1);
            let mut base = values(
                base_to - Duration::days(BASELINE_DAYS - 1),
                base_to,
                &stress,
            );
            let device = mean(&v).filter(|m| {
                v.len() >= STRESS_DAYS as usize / 2
                    && *m >= STRESS_HIGH
                    && median(&mut base).is_none_or(|b| *m - b >= STRESS_RISE)
            });
            match (device, noted >= STRESS_NOTED_DAYS) {
                (Some(m), _) => Some((m, v.len(), m)),
                (None, true) => Some((noted as f64, noted, f64::NAN)),
                _ => None,
            }
        },
        &|n, m, noted| Evidence::HighStress {
            mean_stress: (!m.is_nan()).then_some(m),
            days: n,
            noted_days: noted,
        },
        Kind::HighStress,
    ));

    // Illness: the runner's sick days, close ones together.
    let sick: Vec<NaiveDate> = by.values().filter(|d| d.sick).map(|d| d.date).collect();
    let mut i = 0;
    while i < sick.len() {
        let mut j = i;
        while j + 1 < sick.len() && (sick[j + 1] - sick[j]).num_days() <= ILL_GAP_DAYS {
            j += 1;
        }
        let (start, end) = (sick[i], sick[j]);
        findings.push(Finding {
            kind: Kind::Ill,
            severity: Severity::Info,
            detected_on: start,
            start,
            end,
            ongoing: is_ongoing(end, last),
            evidence: Evidence::Ill { days: j - i + 1 },
            activities: Vec::new(),
            activity_count: 0,
            basis: Basis::Days {
                days: j - i + 1,
                baseline: 0,
            },
        });
        i = j + 1;
    }
    findings.sort_by_key(|f| f.detected_on);

    // Weeks, beside their load.
    let mut weeks: BTreeMap<NaiveDate, Vec<&Day>> = BTreeMap::new();
    for d in by.values() {
        let monday = d.date - Duration::days(i64::from(d.date.weekday().num_days_from_monday()));
        weeks.entry(monday).or_default().push(d);
    }
    let load: BTreeMap<NaiveDate, f64> = weekly.iter().map(|w| (w.week_start, w.load)).collect();
    let weeks = weeks
        .into_iter()
        .map(|(week_start, ds)| {
            let m = |f: &dyn Fn(&Day) -> Option<f64>| {
                mean(&ds.iter().filter_map(|d| f(d)).collect::<Vec<_>>())
            };
            Week {
                week_start,
                resting_hr_bpm: m(&rhr),
                sleep_s: m(&sleep),
                stress: m(&stress),
                sick_days: ds.iter().filter(|d| d.sick).count(),
                load: load.get(&week_start).copied().unwrap_or(0.0),
            }
        })
        .collect();
    let mut recent_rhr = values(last - Duration::days(BASELINE_DAYS - 1), last, &rhr);
    RecoveryReport {
        days: by.len(),
        resting_hr_days: by.values().filter(|d| d.resting_hr_bpm.is_some()).count(),
        sleep_days: by.values().filter(|d| d.sleep_s.is_some()).count(),
        stress_days: by
            .values()
            .filter(|d| d.stress.is_some() || d.noted_stress.is_some())
            .count(),
        resting_hr_bpm: median(&mut recent_rhr),
        weeks,
        findings,
    }
}

/// A rule judged every day over the `window` days up to it: `judge(from, to)` gives (how
/// far it holds, a count, a value) when it holds; consecutive days are one finding with the
/// numbers of the day it held most.
#[allow(clippy::type_complexity)]
fn windowed(
    by: &BTreeMap<NaiveDate, &Day>,
    first: NaiveDate,
    last: NaiveDate,
    window: i64,
    judge: &dyn Fn(NaiveDate, NaiveDate) -> Option<(f64, usize, f64)>,
    evidence: &dyn Fn(usize, f64, usize) -> Evidence,
    kind: Kind,
) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut run: Vec<(NaiveDate, f64, usize, f64)> = Vec::new();
    let mut flush = |run: &mut Vec<(NaiveDate, f64, usize, f64)>| {
        if run.is_empty() {
            return;
        }
        let &(peak_day, _, n, v) = run
            .iter()
            .max_by(|a, b| a.1.total_cmp(&b.1))
            .expect("not empty");
        let from = peak_day - Duration::days(window - 1);
        let noted = by
            .range(from..=peak_day)
            .filter(|(_, d)| d.noted_stress.is_some_and(|s| s >= 4))
            .count();
        let (start, end) = (run[0].0 - Duration::days(window - 1), run[run.len() - 1].0);
        out.push(Finding {
            kind,
            severity: Severity::Warning,
            detected_on: run[0].0,
            start,
            end,
            ongoing: is_ongoing(end, last),
            evidence: evidence(n, v, noted),
            activities: Vec::new(),
            activity_count: 0,
            basis: Basis::Days {
                days: n,
                baseline: 0,
            },
        });
        run.clear();
    };
    let mut day = first + Duration::days(window - 1);
    while day <= last {
        match judge(day - Duration::days(window - 1), day) {
            Some((how, n, v)) => run.push((day, how, n, v)),
            None => flush(&mut run),
        }
        day += Duration::days(1);
    }
    flush(&mut run);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(n: i64) -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, 1, 6).unwrap() + Duration::days(n)
    }

    fn days(n: i64, f: impl Fn(i64) -> Day) -> Vec<Day> {
        (0..n).map(f).collect()
    }

    #[test]
    fn a_resting_heart_rate_up_a_week_is_a_warning_and_ten_beats_an_alert() {
        // 48 bpm for 100 days, then 55 for 10 days, then 48 again; wobble ±1.
        let ds = days(140, |n| Day {
            date: d(n),
            resting_hr_bpm: Some(
                if (100..110).contains(&n) { 55.0 } else { 48.0 } + (n % 3 - 1) as f64,
            ),
            ..Default::default()
        });
        let r = analyze(&ds, &[], d(139));
        let f: Vec<&Finding> = r
            .findings
            .iter()
            .filter(|f| f.kind == Kind::RestingHrUp)
            .collect();
        assert_eq!(f.len(), 1, "{:?}", r.findings);
        assert_eq!(f[0].severity, Severity::Warning);
        assert!(
            f[0].detected_on >= d(103) && f[0].detected_on <= d(106),
            "{:?}",
            f[0]
        );
        assert!(!f[0].ongoing);
        let Evidence::RestingHrUp {
            baseline_bpm,
            recent_bpm,
            ..
        } = f[0].evidence
        else {
            panic!()
        };
        assert!((baseline_bpm - 48.0).abs() <= 1.0 && recent_bpm - baseline_bpm >= 5.0);
        assert_eq!(r.resting_hr_bpm, Some(48.0));
        // Ten beats up: an alert.
        let ds = days(140, |n| Day {
            date: d(n),
            resting_hr_bpm: Some(if n >= 130 { 60.0 } else { 48.0 }),
            ..Default::default()
        });
        let r = analyze(&ds, &[], d(139));
        assert!(
            r.findings
                .iter()
                .any(|f| f.kind == Kind::RestingHrUp && f.severity == Severity::Alert && f.ongoing)
        );
        // A steady runner: nothing.
        let ds = days(140, |n| Day {
            date: d(n),
            resting_hr_bpm: Some(48.0 + (n % 5 - 2) as f64),
            ..Default::default()
        });
        assert!(analyze(&ds, &[], d(139)).findings.is_empty());
    }

    #[test]
    fn short_sleep_high_stress_and_illness_are_found() {
        let ds = days(120, |n| Day {
            date: d(n),
            sleep_s: Some(if n >= 100 { 5.5 * 3600.0 } else { 7.6 * 3600.0 }),
            stress: Some(if n >= 100 { 62.0 } else { 30.0 }),
            sick: (60..63).contains(&n) || n == 65,
            ..Default::default()
        });
        let r = analyze(&ds, &[], d(119));
        let kinds: Vec<Kind> = r.findings.iter().map(|f| f.kind).collect();
        assert_eq!(
            kinds,
            [Kind::Ill, Kind::ShortSleep, Kind::HighStress],
            "{:?}",
            r.findings
        );
        let ill = &r.findings[0];
        assert_eq!((ill.start, ill.end), (d(60), d(65)));
        assert!(matches!(ill.evidence, Evidence::Ill { days: 4 }));
        assert!(r.findings[1].ongoing && r.findings[2].ongoing);
        // Stress the runner noted (4 of 5 on 4 days in two weeks) counts without a watch.
        let ds = days(40, |n| Day {
            date: d(n),
            noted_stress: (n >= 30 && n % 2 == 0).then_some(4),
            ..Default::default()
        });
        let r = analyze(&ds, &[], d(39));
        assert!(
            matches!(
                r.findings.as_slice(),
                [Finding {
                    evidence: Evidence::HighStress {
                        mean_stress: None,
                        noted_days: 5,
                        ..
                    },
                    ..
                }]
            ),
            "{:?}",
            r.findings
        );
        // Seven hours and more, a calm watch: nothing.
        let ds = days(60, |n| Day {
            date: d(n),
            sleep_s: Some(7.2 * 3600.0),
            stress: Some(35.0),
            ..Default::default()
        });
        assert!(analyze(&ds, &[], d(59)).findings.is_empty());
    }
}
