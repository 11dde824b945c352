//! Year over year: a row per calendar year (runs, distance, time, races, best effort, pace
//! at the aerobic heart rate, breaks, the longest time off), the distance since 1 January
//! by the end of each month (and as a chart in HTML: this year against the others), and
//! whether the runner took a week or two off each year.

use chrono::{Datelike, NaiveDate};

use super::{Options, findings_block};
use crate::analysis::years::Year;
use crate::app::Analysis;
use crate::report::document::{Block, Chart, Section, SectionId, Table};
use crate::report::words;

/// The distance run in `y` by the end of month `m` (`None`: the month is outside the
/// history).
fn by_month_end(y: &Year, m: u32) -> Option<f64> {
    let end = if m == 12 {
        NaiveDate::from_ymd_opt(y.year, 12, 31)
    } else {
        NaiveDate::from_ymd_opt(y.year, m + 1, 1).and_then(|d| d.pred_opt())
    }?;
    let start = NaiveDate::from_ymd_opt(y.year, m, 1)?;
    if start > y.to || end < y.from {
        return None;
    }
    let day = end.min(y.to).ordinal();
    Some(
        y.cumulative
            .iter()
            .take_while(|c| c.day <= day)
            .last()
            .map_or(0.0, |c| c.distance_m),
    )
}

/// The years section (`None` for histories of fewer than two calendar years).
pub fn build(a: &Analysis, o: &Options) -> Option<Section> {
    if a.years.is_empty() {
        return None;
    }
    let cols = words::year_columns(a.plateaus.aerobic_ref_hr_bpm);
    let cols: Vec<&str> = cols.iter().map(String::as_str).collect();
    let mut table = Table::new(&cols, &[1, 2, 3, 4, 5, 6]);
    table.rows = a.years.iter().map(words::year_row).collect();
    let cum_cols = words::cumulative_columns();
    let cum_cols: Vec<&str> = cum_cols.iter().map(String::as_str).collect();
    let mut cumulative = Table::new(&cum_cols, &(1..=12).collect::<Vec<_>>());
    cumulative.rows = a
        .years
        .iter()
        .map(|y| {
            std::iter::once(y.year.to_string())
                .chain((1..=12).map(|m| words::or_dash(by_month_end(y, m), words::km_whole)))
                .collect()
        })
        .collect();
    let mut blocks = vec![
        Block::Table { table },
        Block::Chart {
            chart: Chart::CumulativeDistance,
        },
        Block::Paragraph {
            text: words::CUMULATIVE_INTRO.into(),
        },
        Block::Table { table: cumulative },
    ];
    if let Some(f) = &a.yearly_break {
        blocks.push(findings_block(
            a,
            std::slice::from_ref(f),
            true,
            Vec::new(),
            o,
        ));
    }
    Some(Section {
        id: SectionId::Years,
        heading: words::YEARS_HEADING.into(),
        blocks,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::years::DayDistance;

    #[test]
    fn month_ends_read_the_cumulative_steps() {
        let d = |m, day| NaiveDate::from_ymd_opt(2024, m, day).unwrap();
        let y = Year {
            year: 2024,
            from: d(3, 10),
            to: d(12, 31),
            complete: false,
            runs: 2,
            distance_m: 15_000.0,
            moving_time_s: 0.0,
            races: 0,
            best_vdot: None,
            best_vdot_run: None,
            aerobic_runs: 0,
            aerobic_speed_m_s: None,
            breaks: Vec::new(),
            longest_rest: None,
            cumulative: vec![
                DayDistance {
                    day: d(3, 10).ordinal(),
                    distance_m: 5000.0,
                },
                DayDistance {
                    day: d(5, 2).ordinal(),
                    distance_m: 15_000.0,
                },
            ],
        };
        assert_eq!(by_month_end(&y, 2), None);
        assert_eq!(by_month_end(&y, 3), Some(5000.0));
        assert_eq!(by_month_end(&y, 4), Some(5000.0));
        assert_eq!(by_month_end(&y, 12), Some(15_000.0));
    }
}
