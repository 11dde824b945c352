//! The report: what a runner reads. [`build`] turns one [`Analysis`] (typed data from
//! `crate::app`) into a [`Report`]: the analysis beside its [`Document`] — sections of
//! blocks whose every label and sentence comes from [`words`]. One renderer per format lays
//! the document out: [`terminal`] (plain text for a terminal), [`markdown`], [`html`] (one
//! self-contained page with SVG charts); JSON is the report itself, serialized (schema
//! `rutscope-report/2`: the typed analysis and the document's words).
//!
//! Where things go: a new sentence or label in [`words`]; a new section in one file under
//! `section/`, listed in [`section::ALL`], which every renderer picks up; a new output
//! format is one renderer over [`Document`].

pub mod document;
pub mod html;
pub mod markdown;
pub mod section;
pub mod terminal;
pub mod words;

use serde::Serialize;

pub use document::{Document, Section, SectionId};
pub use section::Options;

use crate::analysis::training::Range;
use crate::app::{self, Analysis};
use crate::store::{Store, StoreError};

/// The report's JSON schema.
pub const SCHEMA: &str = "rutscope-report/2";

/// The report: the analysis and its words.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// [`SCHEMA`].
    pub schema: &'static str,
    /// The typed analysis.
    #[serde(flatten)]
    pub analysis: Analysis,
    /// The same in words, section by section.
    pub text: Document,
}

/// The document of an analysis: the sections `ids` (in that order; all of them when
/// empty), as much of each as the options say.
pub fn document(a: &Analysis, ids: &[SectionId], o: &Options) -> Document {
    let sections = section::ALL
        .iter()
        .filter(|(id, _)| ids.is_empty() || ids.contains(id))
        .filter_map(|(_, b)| b(a, o))
        .collect();
    Document {
        title: words::TITLE.into(),
        subtitle: words::subtitle(a.load.runs.len(), a.first, a.last),
        sections,
    }
}

/// The whole report of an analysis.
pub fn of(analysis: Analysis, o: &Options) -> Report {
    let text = document(&analysis, &[], o);
    Report {
        schema: SCHEMA,
        analysis,
        text,
    }
}

/// Reads the store once, analyses and builds the whole report.
pub fn build(store: &Store, range: Range) -> Result<Report, StoreError> {
    Ok(of(app::analyze(store, range)?, &Options::default()))
}
