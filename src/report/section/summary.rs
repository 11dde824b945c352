//! "Are you in a rut?": the verdict in one sentence, the likely reasons, what to do.

use super::Options;
use crate::app::Analysis;
use crate::report::document::{Block, Section, SectionId, Tone};
use crate::report::words;

/// The summary section.
pub fn build(a: &Analysis, _: &Options) -> Option<Section> {
    let s = &a.summary;
    let mut blocks = vec![Block::Headline {
        text: words::headline(s, a.plateaus.aerobic_ref_hr_bpm),
        tone: if s.in_a_rut {
            Tone::Attention
        } else {
            Tone::Calm
        },
    }];
    let ref_hr = a.plateaus.aerobic_ref_hr_bpm;
    if let Some(c) = &s.since_break {
        blocks.push(Block::Paragraph {
            text: words::since_break(c, ref_hr, s.on_break.is_some()),
        });
    }
    // The last runs' season follows the runner's pattern: it explains the current state
    // (or, on a break, the state before it), or part of it when findings from training
    // remain among the reasons (the seasonal analysis has already taken those it explains
    // out of the load findings).
    let beyond = s
        .reasons
        .iter()
        .any(|r| matches!(r, crate::analysis::plateau::Reason::Findings { .. }));
    for f in a.seasonal.findings.iter().filter(|f| {
        matches!(
            f.evidence,
            crate::analysis::findings::Evidence::SeasonalSlump {
                in_season_now: true,
                latest_follows: Some(true),
                ..
            }
        )
    }) {
        blocks.push(Block::Paragraph {
            text: words::season_now(f, beyond, s.on_break.is_some()),
        });
    }
    if !a.load.breaks.is_empty() {
        blocks.push(Block::Paragraph {
            text: words::breaks(&a.load.breaks),
        });
    }
    if !s.reasons.is_empty() {
        blocks.push(Block::List {
            intro: words::REASONS_INTRO.into(),
            items: s.reasons.iter().map(words::summary_reason).collect(),
        });
    }
    if !s.suggestions.is_empty() {
        blocks.push(Block::List {
            intro: words::SUGGESTIONS_INTRO.into(),
            items: s.suggestions.iter().map(words::suggestion).collect(),
        });
    }
    Some(Section {
        id: SectionId::Summary,
        heading: words::SUMMARY_HEADING.into(),
        blocks,
    })
}
