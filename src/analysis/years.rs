//! Year over year: per calendar year the runs, distance, time, races, best effort, pace
//! at the aerobic heart rate, breaks and the longest time off, with the cumulative distance
//! by day of the year (this year against the others); and the yearly break — whether the
//! runner took a week or two off in each year, as coaches advise ("take a week or two off
//! each year": Daniels' Running Formula plans a season's end with a break; Pfitzinger
//! advises a few easy or off weeks after a goal marathon).

use chrono::{Datelike, Duration, NaiveDate};
use serde::Serialize;

use super::breaks::Break;
use super::findings::{Basis, Evidence, Finding, Kind, Run, Severity};
use super::trend::median;

/// Days without a run that make a week off (a week or two: the coaches' yearly break).
pub const REST_MIN_DAYS: i64 = 7;
/// Calendar years with runs the year-over-year view needs.
pub const MIN_YEARS: usize = 2;

/// A stretch of days without a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Rest {
    /// First day without a run.
    pub from: NaiveDate,
    /// Last day without a run.
    pub to: NaiveDate,
    /// Days.
    pub days: i64,
}

/// The cumulative distance on a day of the year.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct DayDistance {
    /// Day of the year, 1–366.
    pub day: u32,
    /// Distance run from 1 January to that day, metres.
    pub distance_m: f64,
}

/// One calendar year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Year {
    /// The year.
    pub year: i32,
    /// First day of the year inside the history.
    pub from: NaiveDate,
    /// Last day of the year inside the history.
    pub to: NaiveDate,
    /// Whether the history covers the whole year.
    pub complete: bool,
    /// Runs.
    pub runs: usize,
    /// Distance, metres.
    pub distance_m: f64,
    /// Moving time, seconds.
    pub moving_time_s: f64,
    /// Races.
    pub races: usize,
    /// The best effort VDOT of the year's runs.
    pub best_vdot: Option<f64>,
    /// The run it came from.
    pub best_vdot_run: Option<String>,
    /// Runs with an aerobic speed.
    pub aerobic_runs: usize,
    /// Their median aerobic speed, m/s.
    pub aerobic_speed_m_s: Option<f64>,
    /// Breaks (eight weeks or more) that overlap the year.
    pub breaks: Vec<Break>,
    /// The longest stretch without a run inside the year (and the history).
    pub longest_rest: Option<Rest>,
    /// Cumulative distance at each day with a run.
    pub cumulative: Vec<DayDistance>,
}

/// Every calendar year of the history (runs in date order, the last day analysed):
/// empty with fewer than [`MIN_YEARS`] years.
pub fn years(runs: &[Run], breaks: &[Break], last: NaiveDate) -> Vec<Year> {
    let Some(first) = runs.first().map(|r| r.date) else {
        return Vec::new();
    };
    let last = last.max(runs.last().map_or(first, |r| r.date));
    if last.year() - first.year() + 1 < MIN_YEARS as i32 {
        return Vec::new();
    }
    (first.year()..=last.year())
        .map(|y| {
            let jan1 = NaiveDate::from_ymd_opt(y, 1, 1).expect("date");
            let dec31 = NaiveDate::from_ymd_opt(y, 12, 31).expect("date");
            let (from, to) = (jan1.max(first), dec31.min(last));
            let these: Vec<&Run> = runs
                .iter()
                .filter(|r| r.date >= from && r.date <= to)
                .collect();
            let best = these
                .iter()
                .filter_map(|r| r.vdot.map(|v| (v, r)))
                .max_by(|a, b| a.0.total_cmp(&b.0));
            let mut speeds: Vec<f64> = these.iter().filter_map(|r| r.aerobic_speed_m_s).collect();
            let mut acc = 0.0;
            let mut cumulative: Vec<DayDistance> = Vec::new();
            for r in &these {
                acc += r.distance_m;
                let day = r.date.ordinal();
                match cumulative.last_mut() {
                    Some(c) if c.day == day => c.distance_m = acc,
                    _ => cumulative.push(DayDistance {
                        day,
                        distance_m: acc,
                    }),
                }
            }
            Year {
                year: y,
                from,
                to,
                complete: from == jan1 && to == dec31,
                runs: these.len(),
                distance_m: acc,
                moving_time_s: these.iter().map(|r| r.moving_time_s).sum(),
                races: these.iter().filter(|r| r.race.is_some()).count(),
                best_vdot: best.map(|b| b.0),
                best_vdot_run: best.map(|b| b.1.id.clone()),
                aerobic_runs: speeds.len(),
                aerobic_speed_m_s: median(&mut speeds),
                breaks: breaks
                    .iter()
                    .filter(|b| b.to >= from && b.from <= to)
                    .copied()
                    .collect(),
                longest_rest: longest_rest(&these, from, to),
                cumulative,
            }
        })
        .collect()
}

/// The longest stretch without a run in `from..=to` (runs inside it, in date order);
/// the stretch before the first run and after the last count when the year holds them.
fn longest_rest(runs: &[&Run], from: NaiveDate, to: NaiveDate) -> Option<Rest> {
    let mut best: Option<Rest> = None;
    let mut consider = |a: NaiveDate, b: NaiveDate| {
        let days = (b - a).num_days() + 1;
        if days > 0 && best.is_none_or(|r| days > r.days) {
            best = Some(Rest {
                from: a,
                to: b,
                days,
            });
        }
    };
    let Some(first) = runs.first() else {
        consider(from, to);
        return best;
    };
    consider(from, first.date - Duration::days(1));
    for w in runs.windows(2) {
        consider(w[0].date + Duration::days(1), w[1].date - Duration::days(1));
    }
    consider(runs[runs.len() - 1].date + Duration::days(1), to);
    best
}

/// One year of the yearly-break finding.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct YearRest {
    /// The year.
    pub year: i32,
    /// Whether the history covers the whole year.
    pub complete: bool,
    /// Its longest stretch without a run.
    pub longest: Option<Rest>,
    /// Whether that is a week off or more ([`REST_MIN_DAYS`]).
    pub took_time_off: bool,
}

/// The yearly break: an info finding over every year of the history (none with fewer than
/// [`MIN_YEARS`] years).
pub fn yearly_break(years: &[Year], runs: &[Run]) -> Option<Finding> {
    if years.len() < MIN_YEARS {
        return None;
    }
    let (first, last) = (years[0].from, years[years.len() - 1].to);
    let per_year: Vec<YearRest> = years
        .iter()
        .map(|y| YearRest {
            year: y.year,
            complete: y.complete,
            longest: y.longest_rest,
            took_time_off: y.longest_rest.is_some_and(|r| r.days >= REST_MIN_DAYS),
        })
        .collect();
    let rests: Vec<Rest> = per_year
        .iter()
        .filter(|y| y.took_time_off)
        .filter_map(|y| y.longest)
        .collect();
    Some(Finding {
        kind: Kind::YearlyBreak,
        severity: Severity::Info,
        detected_on: last,
        start: first,
        end: last,
        ongoing: true,
        activities: Vec::new(),
        activity_count: 0,
        evidence: Evidence::YearlyBreak {
            min_days: REST_MIN_DAYS,
            missed_complete_years: per_year
                .iter()
                .filter(|y| y.complete && !y.took_time_off)
                .count(),
            years: per_year,
            rest_days: rests.iter().map(|r| r.days).sum(),
        },
        basis: Basis::Runs {
            runs: runs.len(),
            weeks: (last - first).num_weeks(),
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(id: &str, date: NaiveDate, km: f64) -> Run {
        Run {
            id: id.into(),
            date,
            distance_m: km * 1000.0,
            moving_time_s: km * 300.0,
            aerobic_speed_m_s: Some(3.0),
            ..Run::default()
        }
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn years_sum_their_runs_and_find_the_week_off() {
        // Every third day from 2023-03-01 to 2024-12-31, except 10 days off in August 2024.
        let mut runs = Vec::new();
        let mut t = d(2023, 3, 1);
        let mut i = 0;
        while t <= d(2024, 12, 31) {
            if !(t >= d(2024, 8, 1) && t <= d(2024, 8, 12)) {
                runs.push(run(&format!("r{i}"), t, 10.0));
                i += 1;
            }
            t += Duration::days(3);
        }
        let last = runs.last().unwrap().date;
        let ys = years(&runs, &[], last);
        assert_eq!(ys.len(), 2);
        assert!(!ys[0].complete);
        assert_eq!(ys[0].from, d(2023, 3, 1));
        assert_eq!(ys[0].runs + ys[1].runs, runs.len());
        assert!((ys[0].distance_m - ys[0].runs as f64 * 10_000.0).abs() < 1e-6);
        assert_eq!(
            ys[0].cumulative.last().unwrap().distance_m,
            ys[0].distance_m
        );
        assert_eq!(ys[0].cumulative[0].day, d(2023, 3, 1).ordinal());
        // 2023: only 2-day gaps; 2024: the gap around the days off.
        assert_eq!(ys[0].longest_rest.unwrap().days, 2);
        let r = ys[1].longest_rest.unwrap();
        assert!(
            r.days >= 12 && r.from <= d(2024, 8, 1) && r.to >= d(2024, 8, 12),
            "{r:?}"
        );
        let f = yearly_break(&ys, &runs).unwrap();
        let Evidence::YearlyBreak {
            years,
            missed_complete_years,
            ..
        } = &f.evidence
        else {
            panic!()
        };
        assert_eq!(
            years.iter().map(|y| y.took_time_off).collect::<Vec<_>>(),
            [false, true]
        );
        // 2023 is not complete: no full year was missed.
        assert_eq!(*missed_complete_years, 0);
    }

    #[test]
    fn one_year_is_no_year_over_year() {
        let runs = vec![run("a", d(2024, 1, 1), 5.0), run("b", d(2024, 6, 1), 5.0)];
        assert!(years(&runs, &[], d(2024, 6, 1)).is_empty());
        assert!(years(&[], &[], d(2024, 6, 1)).is_empty());
        assert!(yearly_break(&[], &runs).is_none());
    }

    #[test]
    fn a_year_without_runs_is_all_rest() {
        let runs = vec![run("a", d(2022, 12, 30), 5.0), run("b", d(2024, 1, 2), 5.0)];
        let ys = years(&runs, &[], d(2024, 1, 2));
        assert_eq!(ys.len(), 3);
        assert_eq!(ys[1].runs, 0);
        assert_eq!(ys[1].longest_rest.unwrap().days, 365);
        assert!(ys[1].complete);
    }
}
