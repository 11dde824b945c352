//! Data: what the store holds, how much of it the analyses used (the activities not counted
//! as runs, by class, and the runs only inferred from their movement), and the files that
//! failed.

use super::Options;
use crate::analysis::sport::{Class, ClassGroup};
use crate::app::Analysis;
use crate::report::document::{Block, Section, SectionId};
use crate::report::words;

/// The data section.
pub fn build(a: &Analysis, _: &Options) -> Option<Section> {
    let mut blocks = vec![Block::Paragraph {
        text: words::data_line(&a.data),
    }];
    for text in words::exclusions(&a.data) {
        blocks.push(Block::Paragraph { text });
    }
    let groups = &a.load.classes;
    let not_runs: Vec<String> = groups
        .iter()
        .filter(|g| g.class != Class::Running)
        .map(words::class_group)
        .collect();
    if !not_runs.is_empty() {
        blocks.push(Block::List {
            intro: words::not_runs_intro(
                groups
                    .iter()
                    .filter(|g| g.class != Class::Running)
                    .map(|g| g.count)
                    .sum(),
            ),
            items: not_runs,
        });
    }
    let inferred: Vec<&ClassGroup> = groups
        .iter()
        .filter(|g| g.class == Class::Running && g.rule.is_some())
        .collect();
    if !inferred.is_empty() {
        blocks.push(Block::List {
            intro: words::inferred_runs_intro(inferred.iter().map(|g| g.count).sum()),
            items: inferred.into_iter().map(words::class_group).collect(),
        });
    }
    if !a.data.failed.is_empty() {
        blocks.push(Block::List {
            intro: String::new(),
            items: a
                .data
                .failed
                .iter()
                .map(|f| words::failed_file(&f.path, &f.reason))
                .collect(),
        });
    }
    Some(Section {
        id: SectionId::Data,
        heading: words::DATA_HEADING.into(),
        blocks,
    })
}
