//! Data: what the store holds, how much of it the analyses used, and the files that failed.

use super::Options;
use crate::app::Analysis;
use crate::report::document::{Block, Section, SectionId};
use crate::report::words;

/// The data section.
pub fn build(a: &Analysis, _: &Options) -> Option<Section> {
    let mut blocks = vec![Block::Paragraph {
        text: words::data_line(&a.data),
    }];
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
