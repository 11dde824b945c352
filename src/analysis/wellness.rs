//! Trends of the daily wellness figures (resting heart rate, sleep, sleep score, stress,
//! body battery): where each stands now against the weeks before, and how it moved over
//! the range. Pure functions over merged days (`store::wellness::days`).
//!
//! # Method
//! For each figure, over the calendar days of the range that have it:
//! - `mean_7d` and `mean_28d`: means over the [`SHORT_DAYS`] and [`LONG_DAYS`] calendar
//!   days ending on the range's last day, each when at least [`MIN_SHORT`] /
//!   [`MIN_LONG`] of those days have the figure (a week with two nights measured says
//!   little);
//! - `first_7d`: the mean over the first [`SHORT_DAYS`] days of the range (same minimum),
//!   and `change` = `mean_7d − first_7d`, the movement over the range;
//! - `short_vs_long` = `mean_7d − mean_28d`: the last week against the month (resting heart
//!   rate a few bpm above its month is the classic sign of fatigue or illness).

use chrono::{Duration, NaiveDate};
use serde::Serialize;

use crate::store::wellness::Day;

/// Days of the short window (a week: one cycle of training and sleep habits).
pub const SHORT_DAYS: i64 = 7;
/// Days of the long window (four weeks: the baseline the week is judged against).
pub const LONG_DAYS: i64 = 28;
/// Days with the figure the short window needs.
pub const MIN_SHORT: usize = 3;
/// Days with the figure the long window needs.
pub const MIN_LONG: usize = 10;

/// A wellness figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Figure {
    /// Resting heart rate, bpm.
    RestingHrBpm,
    /// Sleep, seconds.
    SleepS,
    /// Sleep score, 0–100.
    SleepScore,
    /// Mean stress, 0–100.
    StressAvg,
    /// Highest body battery, 0–100.
    BodyBatteryMax,
}

impl Figure {
    /// Every figure, in table order.
    pub const ALL: [Figure; 5] = [
        Figure::RestingHrBpm,
        Figure::SleepS,
        Figure::SleepScore,
        Figure::StressAvg,
        Figure::BodyBatteryMax,
    ];

    /// The figure of a day.
    pub fn of(self, d: &Day) -> Option<f64> {
        match self {
            Figure::RestingHrBpm => d.resting_hr_bpm,
            Figure::SleepS => d.sleep_s,
            Figure::SleepScore => d.sleep_score,
            Figure::StressAvg => d.stress_avg,
            Figure::BodyBatteryMax => d.body_battery_max,
        }
    }
}

/// The trend of one figure (see the module documentation).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Trend {
    /// Which figure.
    pub figure: Figure,
    /// Days of the range with it.
    pub days: usize,
    /// Mean of the last 7 days.
    pub mean_7d: Option<f64>,
    /// Mean of the last 28 days.
    pub mean_28d: Option<f64>,
    /// Mean of the first 7 days of the range.
    pub first_7d: Option<f64>,
    /// `mean_7d − first_7d`.
    pub change: Option<f64>,
    /// `mean_7d − mean_28d`.
    pub short_vs_long: Option<f64>,
}

fn mean_in(
    days: &[Day],
    figure: Figure,
    from: NaiveDate,
    to: NaiveDate,
    min: usize,
) -> Option<f64> {
    let v: Vec<f64> = days
        .iter()
        .filter(|d| d.date >= from && d.date <= to)
        .filter_map(|d| figure.of(d))
        .collect();
    (v.len() >= min).then(|| v.iter().sum::<f64>() / v.len() as f64)
}

/// The trend of every figure over `days` (merged days in date order, already cut to the
/// range), the range being `first..=last` (both default to the days' own ends). Figures no
/// day has are left out.
///
/// # Examples
/// ```
/// use chrono::NaiveDate;
/// use rutscope::analysis::wellness::{trends, Figure};
/// use rutscope::store::wellness::Day;
/// let day = |n: u32, rhr: f64| Day {
///     date: NaiveDate::from_ymd_opt(2024, 10, n).unwrap(),
///     resting_hr_bpm: Some(rhr),
///     sleep_s: None, sleep_window_only: None, sleep_score: None,
///     stress_avg: None, body_battery_max: None, source: vec![],
/// };
/// // Three weeks at 50 bpm, then a week at 56.
/// let days: Vec<Day> = (1..=28).map(|n| day(n, if n > 21 { 56.0 } else { 50.0 })).collect();
/// let t = &trends(&days, None, None)[0];
/// assert_eq!(t.figure, Figure::RestingHrBpm);
/// assert_eq!(t.mean_7d, Some(56.0));
/// assert_eq!(t.mean_28d, Some(51.5));
/// assert_eq!(t.change, Some(6.0));
/// ```
pub fn trends(days: &[Day], first: Option<NaiveDate>, last: Option<NaiveDate>) -> Vec<Trend> {
    let (Some(first), Some(last)) = (
        first.or(days.first().map(|d| d.date)),
        last.or(days.last().map(|d| d.date)),
    ) else {
        return Vec::new();
    };
    Figure::ALL
        .into_iter()
        .filter_map(|figure| {
            let n = days.iter().filter(|d| figure.of(d).is_some()).count();
            if n == 0 {
                return None;
            }
            let mean_7d = mean_in(
                days,
                figure,
                last - Duration::days(SHORT_DAYS - 1),
                last,
                MIN_SHORT,
            );
            let mean_28d = mean_in(
                days,
                figure,
                last - Duration::days(LONG_DAYS - 1),
                last,
                MIN_LONG,
            );
            let first_7d = mean_in(
                days,
                figure,
                first,
                first + Duration::days(SHORT_DAYS - 1),
                MIN_SHORT,
            );
            let diff = |a: Option<f64>, b: Option<f64>| Some(a? - b?);
            Some(Trend {
                figure,
                days: n,
                mean_7d,
                mean_28d,
                first_7d,
                change: diff(mean_7d, first_7d),
                short_vs_long: diff(mean_7d, mean_28d),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: NaiveDate, sleep: Option<f64>) -> Day {
        Day {
            date: d,
            resting_hr_bpm: None,
            sleep_s: sleep,
            sleep_window_only: None,
            sleep_score: None,
            stress_avg: None,
            body_battery_max: None,
            source: vec![],
        }
    }

    #[test]
    fn empty_and_sparse_ranges() {
        assert!(trends(&[], None, None).is_empty());
        let d0 = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
        // Two nights: counted, but too few for any mean.
        let days = vec![
            day(d0, Some(25_000.0)),
            day(d0 + Duration::days(1), Some(26_000.0)),
        ];
        let t = trends(&days, None, None);
        assert_eq!(t.len(), 1);
        assert_eq!(t[0].figure, Figure::SleepS);
        assert_eq!(t[0].days, 2);
        assert_eq!(
            (t[0].mean_7d, t[0].mean_28d, t[0].change),
            (None, None, None)
        );
    }

    #[test]
    fn windows_end_on_the_range_end_not_the_last_data() {
        let d0 = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
        let days: Vec<Day> = (0..5)
            .map(|i| day(d0 + Duration::days(i), Some(30_000.0)))
            .collect();
        // A range ending ten days after the last night: the last week has none.
        let t = trends(&days, Some(d0), Some(d0 + Duration::days(14)));
        assert_eq!(t[0].mean_7d, None);
        assert_eq!(t[0].first_7d, Some(30_000.0));
        let t = trends(&days, None, None);
        assert_eq!((t[0].mean_7d, t[0].change), (Some(30_000.0), Some(0.0)));
    }
}
