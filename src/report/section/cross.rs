//! Strength and other sports: each sport's sessions over the range and lately, and the
//! findings (a lapsed strength habit, another sport taking running's place, a new sport).
//! The weekly load table shows them week by week.

use super::{Options, findings_block};
use crate::app::Analysis;
use crate::report::document::{Block, Section, SectionId, Table};
use crate::report::words;

/// The section (`None` without other sports).
pub fn build(a: &Analysis, o: &Options) -> Option<Section> {
    let x = &a.cross_training;
    if x.classes.is_empty() && x.findings.is_empty() {
        return None;
    }
    let mut table = Table::new(&words::CROSS_COLUMNS, &[1, 2, 3, 4]);
    table.rows = x.classes.iter().map(words::cross_row).collect();
    let mut blocks = vec![Block::Table { table }];
    if !x
        .classes
        .iter()
        .any(|c| c.class == crate::analysis::sport::Class::Strength)
    {
        blocks.push(Block::Note {
            text: words::NO_STRENGTH_RECORDED.into(),
        });
    }
    blocks.push(findings_block(a, &x.findings, true, Vec::new(), o));
    Some(Section {
        id: SectionId::Cross,
        heading: words::CROSS_HEADING.into(),
        blocks,
    })
}
