//! Seasons: pace at the aerobic heart rate by calendar month, over all years (histories of
//! a year and a half or more), and the seasons that come back every year (slower, less or
//! no running in the same months), with the load findings the season explains.

use super::{Options, findings_block};
use crate::app::Analysis;
use crate::report::document::{Block, Section, SectionId, Table};
use crate::report::words;

/// The seasons section (`None` for short histories).
pub fn build(a: &Analysis, o: &Options) -> Option<Section> {
    if a.seasons.is_empty() && a.seasonal.findings.is_empty() {
        return None;
    }
    let mut blocks = Vec::new();
    if !a.seasons.is_empty() {
        let mut columns = vec![String::new()];
        columns.extend(a.seasons.iter().map(|m| words::month(m.month)));
        let cols: Vec<&str> = columns.iter().map(String::as_str).collect();
        let mut table = Table::new(&cols, &(1..cols.len()).collect::<Vec<_>>());
        let mut runs = vec![words::SEASONS_RUNS.to_string()];
        runs.extend(a.seasons.iter().map(|m| m.runs.to_string()));
        let mut pace = vec![words::SEASONS_PACE.to_string()];
        pace.extend(a.seasons.iter().map(|m| words::pace(m.aerobic_speed_m_s)));
        table.rows = vec![runs, pace];
        blocks.push(Block::Paragraph {
            text: words::seasons_intro(a.plateaus.aerobic_ref_hr_bpm),
        });
        blocks.push(Block::Table { table });
    }
    if let Some(adj) = &a.seasonal.adjustment {
        blocks.push(Block::Subheading {
            text: words::SEASONAL_FINDINGS.into(),
        });
        blocks.push(findings_block(
            a,
            &a.seasonal.findings,
            true,
            vec![words::adjustment(adj)],
            o,
        ));
    }
    Some(Section {
        id: SectionId::Seasons,
        heading: words::SEASONS_HEADING.into(),
        blocks,
    })
}
