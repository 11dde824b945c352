//! Seasons: pace at the aerobic heart rate by calendar month, over all years (histories of
//! a year and a half or more).

use super::Options;
use crate::app::Analysis;
use crate::report::document::{Block, Section, SectionId, Table};
use crate::report::words;

/// The seasons section (`None` for short histories).
pub fn build(a: &Analysis, _: &Options) -> Option<Section> {
    if a.seasons.is_empty() {
        return None;
    }
    let mut columns = vec![String::new()];
    columns.extend(a.seasons.iter().map(|m| words::month(m.month)));
    let cols: Vec<&str> = columns.iter().map(String::as_str).collect();
    let mut table = Table::new(&cols, &(1..cols.len()).collect::<Vec<_>>());
    let mut runs = vec![words::SEASONS_RUNS.to_string()];
    runs.extend(a.seasons.iter().map(|m| m.runs.to_string()));
    let mut pace = vec![words::SEASONS_PACE.to_string()];
    pace.extend(a.seasons.iter().map(|m| words::pace(m.aerobic_speed_m_s)));
    table.rows = vec![runs, pace];
    Some(Section {
        id: SectionId::Seasons,
        heading: words::SEASONS_HEADING.into(),
        blocks: vec![
            Block::Paragraph {
                text: words::seasons_intro(a.plateaus.aerobic_ref_hr_bpm),
            },
            Block::Table { table },
        ],
    })
}
