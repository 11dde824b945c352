//! Goals: each goal the runner set, where they stand against it and what it needs.

use super::Options;
use crate::app::Analysis;
use crate::report::document::{Block, Section, SectionId};
use crate::report::words;

/// The goals section (`None` without goals: a runner stuck without one gets a suggestion
/// in the summary).
pub fn build(a: &Analysis, _: &Options) -> Option<Section> {
    if a.goals.is_empty() {
        return None;
    }
    let mut blocks = Vec::new();
    for s in &a.goals {
        blocks.push(Block::Subheading {
            text: words::goal(&s.goal),
        });
        blocks.push(Block::List {
            intro: words::standing(s.standing).to_string(),
            items: words::goal_lines(s),
        });
    }
    Some(Section {
        id: SectionId::Goals,
        heading: words::GOALS_HEADING.into(),
        blocks,
    })
}
