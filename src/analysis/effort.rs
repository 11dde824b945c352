//! How the runs felt: the rule that tells a runner their usual pace has come to feel
//! harder — the articles' very definition of a rut ("running at your usual comfortable pace
//! or distance and find that it feels like more effort than it should").
//!
//! # Rule
//! | kind | fires when | source |
//! |---|---|---|
//! | `harder-at-usual-pace` | the median perceived exertion (RPE, 1–10) of the runs at the usual pace (grade-adjusted speed within [`USUAL_PACE_BAND`] of the median of the runs of the [`RECENT_DAYS`] + [`BASELINE_DAYS`] days) over the last [`RECENT_DAYS`] days is at least [`RPE_RISE`] above that of the [`BASELINE_DAYS`] days before, with [`MIN_RATED`] rated runs or more in each; judged at every week's end, consecutive weeks one finding | session RPE as a load and fatigue marker (Foster et al. 2001, J Strength Cond Res 15(1)); effort rising at an unchanged workload as a sign of overreaching (Meeusen et al. 2013, Eur J Sport Sci 13(1), the ECSS/ACSM consensus) |
//!
//! Races are left out: an all-out effort is a 9 or 10 at any pace.

use std::collections::HashMap;

use chrono::{Duration, NaiveDate};

use super::findings::{Basis, Evidence, Finding, Kind, MAX_LISTED, Run, Severity, is_ongoing};
use super::trend::median;

/// Recent window, days.
pub const RECENT_DAYS: i64 = 42;
/// Baseline window before it, days.
pub const BASELINE_DAYS: i64 = 84;
/// Share of the usual speed within which a run is at the usual pace.
pub const USUAL_PACE_BAND: f64 = 0.05;
/// Rise of the median RPE that counts: a point and a half (6 → 7.5), beyond the one-point
/// wobble of a rating from day to day.
pub const RPE_RISE: f64 = 1.5;
/// Rated runs at the usual pace needed in each window.
pub const MIN_RATED: usize = 4;

/// One window's rated runs at the usual pace.
fn rated<'a>(
    runs: &'a [Run],
    rpe: &HashMap<String, u8>,
    from: NaiveDate,
    to: NaiveDate,
    usual: f64,
) -> Vec<(&'a Run, f64)> {
    runs.iter()
        .filter(|r| r.date >= from && r.date <= to && r.race.is_none())
        .filter(|r| {
            r.gap_speed_m_s
                .is_some_and(|v| (v / usual - 1.0).abs() <= USUAL_PACE_BAND)
        })
        .filter_map(|r| rpe.get(&r.id).map(|x| (r, f64::from(*x))))
        .collect()
}

/// The median RPE of rated runs (0 without any).
fn median_rating(rated: &[(&Run, f64)]) -> f64 {
    median(&mut rated.iter().map(|x| x.1).collect::<Vec<_>>()).unwrap_or(0.0)
}

/// What one judgement day saw.
struct Judged<'a> {
    day: NaiveDate,
    usual: f64,
    before: Vec<(&'a Run, f64)>,
    now: Vec<(&'a Run, f64)>,
    rise: f64,
}

/// The findings over the runs (in date order) and their RPE by activity id, judged up to
/// `last`.
pub fn findings(runs: &[Run], rpe: &HashMap<String, u8>, last: NaiveDate) -> Vec<Finding> {
    let Some(first) = runs.first().map(|r| r.date) else {
        return Vec::new();
    };
    if rpe.is_empty() {
        return Vec::new();
    }
    let mut fired: Vec<Judged<'_>> = Vec::new();
    let mut out = Vec::new();
    let mut day = first + Duration::days(RECENT_DAYS + BASELINE_DAYS - 1);
    // Week ends, and the last day.
    let mut days = Vec::new();
    while day < last {
        days.push(day);
        day += Duration::days(7);
    }
    days.push(last);
    for day in days {
        let recent_from = day - Duration::days(RECENT_DAYS - 1);
        let base_from = recent_from - Duration::days(BASELINE_DAYS);
        let mut speeds: Vec<f64> = runs
            .iter()
            .filter(|r| r.date >= base_from && r.date <= day && r.race.is_none())
            .filter_map(|r| r.gap_speed_m_s)
            .collect();
        let Some(usual) = median(&mut speeds) else {
            continue;
        };
        let before = rated(runs, rpe, base_from, recent_from - Duration::days(1), usual);
        let now = rated(runs, rpe, recent_from, day, usual);
        let holds = before.len() >= MIN_RATED && now.len() >= MIN_RATED;
        let rise = if holds {
            median_rating(&now) - median_rating(&before)
        } else {
            0.0
        };
        if rise >= RPE_RISE {
            fired.push(Judged {
                day,
                usual,
                before,
                now,
                rise,
            });
        } else if !fired.is_empty() {
            out.push(episode(std::mem::take(&mut fired), last));
        }
    }
    if !fired.is_empty() {
        out.push(episode(fired, last));
    }
    out
}

/// One finding from consecutive firing weeks: the numbers of the week with the largest
/// rise.
fn episode(fired: Vec<Judged<'_>>, last: NaiveDate) -> Finding {
    let detected_on = fired[0].day;
    let peak = fired
        .iter()
        .max_by(|a, b| a.rise.total_cmp(&b.rise))
        .expect("an episode has a week");
    let start = peak.now.first().map_or(peak.day, |(r, _)| r.date);
    let end = fired[fired.len() - 1]
        .now
        .last()
        .map_or(fired[fired.len() - 1].day, |(r, _)| r.date);
    let ids: Vec<String> = peak.now.iter().map(|(r, _)| r.id.clone()).collect();
    Finding {
        kind: Kind::HarderAtUsualPace,
        severity: Severity::Warning,
        detected_on,
        start,
        end,
        ongoing: is_ongoing(end, last),
        evidence: Evidence::HarderAtUsualPace {
            usual_speed_m_s: peak.usual,
            rpe_before: median_rating(&peak.before),
            rpe_now: median_rating(&peak.now),
            rated_before: peak.before.len(),
            rated_now: peak.now.len(),
        },
        activity_count: ids.len(),
        activities: ids.into_iter().take(MAX_LISTED).collect(),
        basis: Basis::AerobicRuns {
            recent: peak.now.len(),
            baseline: peak.before.len(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(n: i64) -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, 1, 6).unwrap() + Duration::days(n)
    }

    /// Runs every other day at 5:40/km (±2 %), rated `before` until day 140, `after` from
    /// then on.
    fn history(before: u8, after: u8) -> (Vec<Run>, HashMap<String, u8>) {
        let mut runs = Vec::new();
        let mut rpe = HashMap::new();
        for n in (0..200).step_by(2) {
            let id = format!("r{n}");
            let wobble = if n % 4 == 0 { 1.02 } else { 0.98 };
            runs.push(Run {
                id: id.clone(),
                date: day(n),
                gap_speed_m_s: Some(1000.0 / 340.0 * wobble),
                distance_m: 8000.0,
                ..Default::default()
            });
            rpe.insert(id, if n < 140 { before } else { after });
        }
        (runs, rpe)
    }

    #[test]
    fn the_usual_pace_feeling_harder_is_found_when_it_starts() {
        let (runs, rpe) = history(5, 7);
        let f = findings(&runs, &rpe, day(199));
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(f[0].ongoing && f[0].severity == Severity::Warning);
        let Evidence::HarderAtUsualPace {
            rpe_before,
            rpe_now,
            usual_speed_m_s,
            ..
        } = f[0].evidence
        else {
            panic!()
        };
        assert_eq!((rpe_before, rpe_now), (5.0, 7.0));
        assert!((1000.0 / usual_speed_m_s - 340.0).abs() < 8.0);
        // Detected within four weeks of the change: once half the recent runs feel harder.
        assert!(
            f[0].detected_on >= day(140) && f[0].detected_on <= day(168),
            "{f:?}"
        );
    }

    #[test]
    fn a_steady_feel_a_small_rise_or_faster_runs_do_not_fire() {
        let (runs, rpe) = history(6, 6);
        assert!(findings(&runs, &rpe, day(199)).is_empty());
        let (runs, rpe) = history(6, 7);
        assert!(findings(&runs, &rpe, day(199)).is_empty());
        // Harder ratings on runs 15 % faster than usual: not the usual pace.
        let (mut runs, rpe) = history(5, 8);
        for r in runs.iter_mut().filter(|r| r.date >= day(140)) {
            r.gap_speed_m_s = r.gap_speed_m_s.map(|v| v * 1.15);
        }
        assert!(findings(&runs, &rpe, day(199)).is_empty());
        // No ratings at all.
        assert!(findings(&runs, &HashMap::new(), day(199)).is_empty());
    }
}
