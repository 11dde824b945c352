//! Plateaus: the fitness chart, then per signal its status, phases and plateaus with their
//! likely reasons.

use super::Options;
use crate::app::Analysis;
use crate::report::document::{Block, Chart, PlateauText, Section, SectionId, Table};
use crate::report::words;

/// The plateau section.
pub fn build(a: &Analysis, o: &Options) -> Option<Section> {
    let ref_hr = a.plateaus.aerobic_ref_hr_bpm;
    let mut blocks = vec![Block::Chart {
        chart: Chart::Fitness,
    }];
    for sig in &o.signals {
        let Some(s) = a.plateaus.signals.iter().find(|s| s.signal == *sig) else {
            continue;
        };
        blocks.push(Block::Subheading {
            text: words::signal_heading(s.signal).into(),
        });
        blocks.push(Block::Note {
            text: words::status(s.signal, &s.status),
        });
        if !s.phases.is_empty() {
            let mut t = Table::new(&words::PHASE_COLUMNS, &[2]);
            t.rows = s
                .phases
                .iter()
                .map(|p| words::phase_row(s.signal, p, ref_hr))
                .collect();
            blocks.push(Block::Table { table: t });
        }
        for p in &s.plateaus {
            blocks.push(Block::Plateau {
                plateau: PlateauText {
                    title: words::plateau_title(p, ref_hr),
                    before: words::plateau_before(p, ref_hr),
                    reasons: p.reasons.iter().map(words::reason).collect(),
                },
            });
        }
    }
    Some(Section {
        id: SectionId::Plateaus,
        heading: words::PLATEAUS_HEADING.into(),
        blocks,
    })
}
