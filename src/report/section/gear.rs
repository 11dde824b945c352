//! Gear: distance per piece of gear the export names.

use super::Options;
use crate::app::Analysis;
use crate::report::document::{Block, Section, SectionId, Table};
use crate::report::words;

/// The gear section (`None` without gear).
pub fn build(a: &Analysis, _: &Options) -> Option<Section> {
    if a.gear.is_empty() {
        return None;
    }
    let mut table = Table::new(&words::GEAR_COLUMNS, &[1, 2]);
    table.rows = a
        .gear
        .iter()
        .map(|g| {
            vec![
                g.name.clone(),
                g.activities.to_string(),
                words::km(g.distance_m),
                words::or_dash(g.first, |d| d.to_string()),
                words::or_dash(g.last, |d| d.to_string()),
            ]
        })
        .collect();
    Some(Section {
        id: SectionId::Gear,
        heading: words::GEAR_HEADING.into(),
        blocks: vec![Block::Table { table }],
    })
}
