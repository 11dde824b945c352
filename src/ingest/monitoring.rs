//! The resting heart rate of a day from a watch's all-day heart-rate readings (FIT
//! monitoring files), for days the vendor's own daily figure is missing.
//!
//! # Algorithm
//! Readings are grouped by the runner's calendar day (instant plus the file's UTC offset).
//! A day's resting heart rate is its **lowest sustained** heart rate: the lowest median of
//! [`RUN`] consecutive readings that lie within [`RUN_SPAN_S`] of each other — a low that
//! holds over several readings, not one dropped beat. A day needs [`MIN_READINGS`]
//! readings to say anything.
//!
//! Garmin's own figure is the lowest 30-minute mean; monitoring files hold a reading a
//! minute only while the watch is worn and still, so 30 minutes of them are rare. On the
//! corpus's Garmin export (97 days with both) this estimate is a median 5 bpm above
//! Garmin's daily `restingHeartRate` (median absolute difference 9 bpm; checked in
//! `tests/it/exports.rs`): enough to see a trend, not to replace the vendor's figure, which
//! is why it is stored with its own source and used only where the vendor's is missing.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate};

use super::MonitoringHr;

/// Consecutive readings a low must hold for.
pub const RUN: usize = 3;
/// ... within this many seconds (readings come a minute apart while the watch is still).
pub const RUN_SPAN_S: i64 = 600;
/// Readings a day needs (a watch worn for an hour gives about 60).
pub const MIN_READINGS: usize = 20;

/// One day's estimate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RestingHr {
    /// The runner's calendar day.
    pub date: NaiveDate,
    /// Lowest sustained heart rate, bpm.
    pub bpm: f64,
    /// Readings that day.
    pub readings: usize,
}

/// Resting heart rate per day over the readings of any number of monitoring files, in date
/// order. See the module documentation for the method.
///
/// # Examples
/// ```
/// use rutscope::ingest::MonitoringHr;
/// use rutscope::ingest::monitoring::resting_hr_by_day;
/// // 30 readings a minute apart on 2024-10-06 (UTC), one spike down to 30 among them.
/// let t0 = 1_728_200_000_000;
/// let samples = (0..30)
///     .map(|i| (t0 + i * 60_000, if i == 10 { 30.0 } else { 60.0 + (i % 5) as f64 }))
///     .collect();
/// let days = resting_hr_by_day(&[MonitoringHr { utc_offset_s: Some(0), samples }]);
/// assert_eq!(days.len(), 1);
/// assert_eq!(days[0].bpm, 61.0); // the lone 30 is not sustained
/// ```
pub fn resting_hr_by_day(files: &[MonitoringHr]) -> Vec<RestingHr> {
    let mut by_day: BTreeMap<NaiveDate, Vec<(i64, f64)>> = BTreeMap::new();
    for f in files {
        let off_ms = i64::from(f.utc_offset_s.unwrap_or(0)) * 1000;
        for &(t, bpm) in &f.samples {
            if let Some(local) = t
                .checked_add(off_ms)
                .and_then(DateTime::from_timestamp_millis)
            {
                by_day.entry(local.date_naive()).or_default().push((t, bpm));
            }
        }
    }
    by_day
        .into_iter()
        .filter_map(|(date, mut r)| {
            // One reading an instant (files overlap, watches repeat a reading): a day's
            // count is of distinct instants, so duplicates cannot make up a day.
            r.sort_by_key(|(t, _)| *t);
            r.dedup_by_key(|(t, _)| *t);
            if r.len() < MIN_READINGS {
                return None;
            }
            let bpm = r
                .windows(RUN)
                .filter(|w| w[RUN - 1].0 - w[0].0 <= RUN_SPAN_S * 1000)
                .map(|w| {
                    let mut v: Vec<f64> = w.iter().map(|(_, h)| *h).collect();
                    v.sort_by(f64::total_cmp);
                    v[RUN / 2]
                })
                .min_by(f64::total_cmp)?;
            Some(RestingHr {
                date,
                bpm,
                readings: r.len(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(offset: i32, samples: Vec<(i64, f64)>) -> MonitoringHr {
        MonitoringHr {
            utc_offset_s: Some(offset),
            samples,
        }
    }

    #[test]
    fn empty_sparse_and_spread_out_days_say_nothing() {
        assert!(resting_hr_by_day(&[]).is_empty());
        let few: Vec<_> = (0..MIN_READINGS as i64 - 1)
            .map(|i| (i * 60_000, 50.0))
            .collect();
        assert!(resting_hr_by_day(&[file(0, few)]).is_empty());
        // Enough readings, but never three within ten minutes.
        let spread: Vec<_> = (0..30).map(|i| (i * 3_600_000 / 2, 50.0)).collect();
        assert!(resting_hr_by_day(&[file(0, spread)]).is_empty());
    }

    #[test]
    fn days_follow_the_local_offset_and_files_combine() {
        // 23:30 UTC on 5 Oct is 01:30 on 6 Oct at +2 h.
        let t0 = 1_728_171_000_000; // 2024-10-05T23:30:00Z
        let a: Vec<_> = (0..15).map(|i| (t0 + i * 60_000, 55.0)).collect();
        let b: Vec<_> = (15..30).map(|i| (t0 + i * 60_000, 52.0)).collect();
        let days = resting_hr_by_day(&[file(7200, a.clone()), file(7200, b)]);
        assert_eq!(days.len(), 1);
        assert_eq!(days[0].date, NaiveDate::from_ymd_opt(2024, 10, 6).unwrap());
        assert_eq!((days[0].bpm, days[0].readings), (52.0, 30));
        // In UTC the same readings are 5 Oct and too few for a day.
        assert!(resting_hr_by_day(&[file(0, a)]).is_empty());
    }

    /// Found by the `fit` fuzz target: a monitoring file whose readings repeated their
    /// instants counted 20 readings where there were 16 distinct ones, and gave a day.
    #[test]
    fn repeated_instants_count_once() {
        let once: Vec<_> = (0..MIN_READINGS as i64 - 4)
            .map(|i| (i * 60_000, 50.0))
            .collect();
        let twice: Vec<_> = once.iter().chain(&once).copied().collect();
        assert!(resting_hr_by_day(&[file(0, twice)]).is_empty());
        // The same readings in two files (overlapping downloads) are one set.
        let day: Vec<_> = (0..MIN_READINGS as i64)
            .map(|i| (i * 60_000, 50.0))
            .collect();
        let days = resting_hr_by_day(&[file(0, day.clone()), file(0, day)]);
        assert_eq!(days.len(), 1);
        assert_eq!(days[0].readings, MIN_READINGS);
    }
}
