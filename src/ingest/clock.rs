//! Plausibility of an activity's clock: a start before 2000-01-02 ([`EARLIEST_START_UNIX_S`])
//! or after the moment of import is a clock that was never set (third-party GPX writers
//! stamp 1970-01-01, 2000-01-01 or a default far in the future), not a date the run
//! happened on.
//!
//! Such an activity is made untimed the way a FIT file with a relative clock already is
//! (`crate::ingest::fit`): no start, no sample or lap instants, elapsed seconds kept, and a
//! warning giving the reason. The analyses skip untimed activities, so a bad clock can no
//! longer stretch a report back to 1970.

use chrono::{DateTime, Utc};

use crate::model::ParsedActivity;

/// The earliest start taken as a real clock, Unix seconds: 2000-01-02T00:00:00Z. Consumer
/// GPS watches with heart rate and stored tracks date from the 2000s (Garmin Forerunner
/// 101/201, 2003), and 2000-01-01 is itself the default of many unset clocks, so that day
/// counts as unset too (a run really recorded on it is not worth the false dates).
pub const EARLIEST_START_UNIX_S: i64 = 946_771_200;

/// Why a clock is not believed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BadClock {
    /// Before [`EARLIEST_START_UNIX_S`].
    TooEarly(DateTime<Utc>),
    /// After the import.
    InTheFuture(DateTime<Utc>),
}

impl std::fmt::Display for BadClock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BadClock::TooEarly(t) => write!(
                f,
                "device clock not set: start {} is before 2000-01-02; activity kept untimed",
                t.format("%Y-%m-%d %H:%M UTC")
            ),
            BadClock::InTheFuture(t) => write!(
                f,
                "device clock not set: start {} is after the import; activity kept untimed",
                t.format("%Y-%m-%d %H:%M UTC")
            ),
        }
    }
}

/// Whether a start read at `now` is a set clock.
pub fn judge(start: DateTime<Utc>, now: DateTime<Utc>) -> Option<BadClock> {
    if start.timestamp() < EARLIEST_START_UNIX_S {
        Some(BadClock::TooEarly(start))
    } else if start > now {
        Some(BadClock::InTheFuture(start))
    } else {
        None
    }
}

/// Makes `a` untimed, with a warning, when its start is not a set clock at `now` (the import
/// time). Returns the reason when it did.
pub fn untime_if_implausible(a: &mut ParsedActivity, now: DateTime<Utc>) -> Option<BadClock> {
    let bad = judge(a.start?, now)?;
    a.start = None;
    // Elapsed seconds were derived from the instants already and are kept: durations,
    // distances and heart rate stay usable, only the date is unknown.
    for t in &mut a.samples.t_ms {
        *t = None;
    }
    for l in &mut a.laps {
        l.start_ms = None;
    }
    a.warnings.push(bad.to_string());
    Some(bad)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{SampleRow, Sport};
    use chrono::TimeZone;

    fn activity_at(start: DateTime<Utc>) -> ParsedActivity {
        let mut a = ParsedActivity::new(Sport::Running);
        a.start = Some(start);
        for i in 0..3 {
            a.samples.push(SampleRow {
                t_ms: Some(start.timestamp_millis() + i * 1000),
                ..SampleRow::default()
            });
        }
        a.samples.finish_elapsed();
        a
    }

    #[test]
    fn an_old_or_future_clock_is_untimed_with_the_reason() {
        let now = Utc.with_ymd_and_hms(2026, 11, 29, 12, 0, 0).unwrap();
        for (start, word) in [
            (
                Utc.with_ymd_and_hms(1970, 1, 1, 0, 0, 0).unwrap(),
                "before 2000",
            ),
            (
                Utc.with_ymd_and_hms(1999, 12, 31, 23, 59, 59).unwrap(),
                "before 2000",
            ),
            (
                Utc.with_ymd_and_hms(2052, 6, 1, 8, 0, 0).unwrap(),
                "after the import",
            ),
            (now + chrono::Duration::seconds(1), "after the import"),
        ] {
            let mut a = activity_at(start);
            assert!(untime_if_implausible(&mut a, now).is_some(), "{start}");
            assert_eq!(a.start, None);
            assert!(a.samples.t_ms.iter().all(Option::is_none));
            assert_eq!(a.samples.elapsed_s[2], Some(2.0), "durations kept");
            assert!(
                a.warnings.iter().any(|w| w.contains(word)),
                "{:?}",
                a.warnings
            );
        }
    }

    #[test]
    fn a_set_clock_is_kept() {
        let now = Utc.with_ymd_and_hms(2026, 11, 29, 12, 0, 0).unwrap();
        for start in [
            DateTime::from_timestamp(EARLIEST_START_UNIX_S, 0).unwrap(),
            Utc.with_ymd_and_hms(2015, 3, 1, 7, 0, 0).unwrap(),
            now,
        ] {
            let mut a = activity_at(start);
            assert_eq!(untime_if_implausible(&mut a, now), None);
            assert_eq!(a.start, Some(start));
            assert!(a.warnings.is_empty());
        }
        // Untimed stays untimed, silently.
        let mut a = ParsedActivity::new(Sport::Running);
        assert_eq!(untime_if_implausible(&mut a, now), None);
    }
}
