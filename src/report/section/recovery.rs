//! Recovery: resting heart rate, sleep, stress and illness beside the weekly load — the
//! chart, the last weeks and the findings.

use super::{Options, findings_block};
use crate::app::Analysis;
use crate::report::document::{Block, Chart, Section, SectionId, Table};
use crate::report::words;

/// The recovery section (`None` without any recovery data).
pub fn build(a: &Analysis, o: &Options) -> Option<Section> {
    let r = &a.recovery;
    if r.days == 0 {
        return None;
    }
    let mut blocks = vec![Block::Paragraph {
        text: words::recovery_counts(r),
    }];
    if r.resting_hr_days > 0 || r.sleep_days > 0 {
        blocks.push(Block::Chart {
            chart: Chart::Recovery,
        });
    }
    let weeks = &r.weeks[r.weeks.len().saturating_sub(o.weeks)..];
    let mut table = Table::new(&words::RECOVERY_COLUMNS, &[1, 2, 3, 5]);
    table.rows = weeks.iter().map(words::recovery_row).collect();
    blocks.push(Block::Table { table });
    blocks.push(findings_block(a, &r.findings, true, Vec::new(), o));
    Some(Section {
        id: SectionId::Recovery,
        heading: words::RECOVERY_HEADING.into(),
        blocks,
    })
}
