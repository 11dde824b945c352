//! Shoes and gear: each shoe's runs, distance against its limit, pace and heart rate;
//! where the runs' shoes come from; worn shoes and rotation.

use super::{Options, findings_block};
use crate::app::Analysis;
use crate::report::document::{Block, Section, SectionId, Table};
use crate::report::words;

/// The gear section (`None` when no activity has gear and the runner added none).
pub fn build(a: &Analysis, o: &Options) -> Option<Section> {
    let g = &a.gear;
    if g.shoes.is_empty() {
        return None;
    }
    let mut table = Table::new(&words::GEAR_COLUMNS, &[1, 2, 3, 6, 7]);
    table.rows = g.shoes.iter().map(words::shoe_row).collect();
    let mut blocks = vec![Block::Table { table }];
    blocks.push(Block::Note {
        text: if g.runs_with_gear == 0 {
            words::GEAR_NONE.to_string()
        } else {
            words::gear_note(g)
        },
    });
    if !g.findings.is_empty() {
        blocks.push(findings_block(a, &g.findings, true, Vec::new(), o));
    }
    Some(Section {
        id: SectionId::Gear,
        heading: words::GEAR_HEADING.into(),
        blocks,
    })
}
