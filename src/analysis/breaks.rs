//! Breaks: runners stop for weeks, months or years. A stretch of [`BREAK_WEEKS`] weeks or
//! more without a run is a break; the history between breaks is an *era*. No phase, trend,
//! plateau, rolling window or finding may span a break: the analyses that look across time
//! cut the runs into eras first (the plateau signals, the trend rules, the stretches
//! without a quality session or a long run).
//!
//! Eight weeks: a runner's usual time off (illness, a holiday, a planned end-of-season
//! rest of one to four weeks) stays inside one era, while after two months without running
//! most of the aerobic fitness built is gone (Coyle et al. 1984: VO₂max falls about 7 % in
//! three weeks and keeps falling to 16 % at 12 weeks; Mujika & Padilla 2000, detraining
//! review) and a comeback is a new start, to be judged on its own and against the earlier
//! eras rather than as the continuation of a trend.

use chrono::{Duration, NaiveDate};
use serde::Serialize;

/// Weeks without a run that make a break.
pub const BREAK_WEEKS: i64 = 8;

/// A break: the days without a run between two runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Break {
    /// First day without a run (the day after the last run before it).
    pub from: NaiveDate,
    /// Last day without a run (the day before the first run after it).
    pub to: NaiveDate,
    /// Days without a run.
    pub days: i64,
}

/// An era: the runs between two breaks (or the history's ends), by their dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Era {
    /// The first run's date.
    pub start: NaiveDate,
    /// The last run's date.
    pub end: NaiveDate,
}

impl Era {
    /// Whether a date is inside the era.
    pub fn contains(&self, d: NaiveDate) -> bool {
        d >= self.start && d <= self.end
    }
}

/// The breaks between run dates in date order.
pub fn breaks(dates: &[NaiveDate]) -> Vec<Break> {
    dates
        .windows(2)
        .filter_map(|w| {
            let days = (w[1] - w[0]).num_days() - 1;
            (days >= BREAK_WEEKS * 7).then(|| Break {
                from: w[0] + Duration::days(1),
                to: w[1] - Duration::days(1),
                days,
            })
        })
        .collect()
}

/// The eras of run dates in date order, between their [`breaks`]: one per stretch between
/// breaks (none without runs).
pub fn eras(dates: &[NaiveDate], breaks: &[Break]) -> Vec<Era> {
    let (Some(first), Some(last)) = (dates.first(), dates.last()) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut start = *first;
    for b in breaks {
        out.push(Era {
            start,
            end: b.from - Duration::days(1),
        });
        start = b.to + Duration::days(1);
    }
    out.push(Era { start, end: *last });
    out
}

/// Whether `from..=to` spans a break (holds days on both sides of one).
pub fn spans_break(breaks: &[Break], from: NaiveDate, to: NaiveDate) -> bool {
    breaks.iter().any(|b| from < b.from && to > b.to)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(n: i64) -> NaiveDate {
        NaiveDate::from_ymd_opt(2024, 1, 1).unwrap() + Duration::days(n)
    }

    #[test]
    fn eight_weeks_without_a_run_is_a_break() {
        // 55 days without a run: no break; 56: a break.
        let dates = [d(0), d(56), d(113), d(120)];
        let b = breaks(&dates);
        assert_eq!(
            b,
            [Break {
                from: d(57),
                to: d(112),
                days: 56
            }]
        );
        assert_eq!(
            eras(&dates, &b),
            [
                Era {
                    start: d(0),
                    end: d(56)
                },
                Era {
                    start: d(113),
                    end: d(120)
                }
            ]
        );
        assert!(spans_break(&b, d(50), d(113)));
        assert!(!spans_break(&b, d(50), d(100)));
        assert!(!spans_break(&b, d(113), d(200)));
        assert!(breaks(&[]).is_empty() && eras(&[], &[]).is_empty());
        assert_eq!(eras(&[d(3)], &[]).len(), 1);
    }
}
