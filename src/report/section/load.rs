//! Training load: the counts, fitness/fatigue/form today, the charts, the weekly table, the
//! efficiency trend, the load findings and the profile in use.

use chrono::Duration;

use super::{Options, findings_block};
use crate::analysis::metrics::aerobic_ref_hr_bpm;
use crate::app::Analysis;
use crate::report::document::{Block, Chart, Section, SectionId, Table};
use crate::report::words;

/// The load section.
pub fn build(a: &Analysis, o: &Options) -> Option<Section> {
    let t = &a.load;
    let mut blocks = Vec::new();
    if let (Some(first), Some(today)) = (t.daily.first(), t.daily.last()) {
        blocks.push(Block::Paragraph {
            text: words::load_counts(t, first.date, today.date),
        });
        let week_ago = today.date - Duration::days(7);
        let ramp = t
            .daily
            .iter()
            .find(|d| d.date == week_ago)
            .map(|prev| today.ctl - prev.ctl);
        blocks.push(Block::Paragraph {
            text: words::load_today(today, ramp),
        });
        blocks.push(Block::Chart {
            chart: Chart::WeeklyDistance,
        });
        blocks.push(Block::Chart { chart: Chart::Load });
    }
    if !t.cross_training.is_empty() {
        blocks.push(Block::Paragraph {
            text: words::cross_training_line(&t.cross_training),
        });
    }
    let weeks = &t.weekly[t.weekly.len().saturating_sub(o.weeks)..];
    if !weeks.is_empty() {
        // The other-sports column only when a week shown has some.
        let cross = weeks.iter().any(|w| !w.cross_training.is_empty());
        let mut table = Table::new(&words::week_columns(cross), &[1, 2, 3, 4, 5, 6, 7]);
        table.rows = weeks
            .iter()
            .map(|w| words::week_row_with(w, cross))
            .collect();
        blocks.push(Block::Table { table });
    }
    if t.runs.iter().any(|r| r.aerobic_speed_m_s.is_some()) {
        let n = o.weeks.div_ceil(4).max(3);
        let mut table = Table::new(&words::EFFICIENCY_COLUMNS, &[1, 2, 3, 4, 5]);
        table.rows = t.efficiency[t.efficiency.len().saturating_sub(n)..]
            .iter()
            .map(|b| {
                vec![
                    b.start.to_string(),
                    b.runs.to_string(),
                    words::or_dash(b.aerobic_speed_m_s, |v| {
                        format!("{} ({})", words::pace(v), b.aerobic_runs)
                    }),
                    b.long_runs.to_string(),
                    words::or_dash(b.long_run_decoupling_pct, |d| format!("{d:+.1} %")),
                    b.races.to_string(),
                ]
            })
            .collect();
        blocks.push(Block::Table { table });
        blocks.push(Block::Note {
            text: words::efficiency_note(aerobic_ref_hr_bpm(&t.profile)),
        });
    }
    blocks.push(findings_block(
        a,
        &t.findings,
        t.sufficiency.load_rules,
        words::sufficiency(&t.sufficiency),
        o,
    ));
    blocks.push(Block::Note {
        text: words::profile_line(&t.profile),
    });
    Some(Section {
        id: SectionId::Load,
        heading: words::LOAD_HEADING.into(),
        blocks,
    })
}
