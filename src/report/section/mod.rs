//! The report's sections, one file each: a section reads the [`Analysis`] and lays out
//! blocks of words from [`super::words`]; every renderer picks it up from [`ALL`]. A new
//! section is one file here and one line in [`ALL`].

mod cross;
mod data;
mod gear;
mod goals;
mod load;
mod plateaus;
mod recovery;
mod routes;
mod seasons;
mod summary;
mod years;

use super::document::{Block, FindingText, Findings, Section, SectionId};
use super::words;
use crate::analysis::findings::Finding;
use crate::analysis::plateau::Signal;
use crate::app::Analysis;

/// How much of each section to show.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// Weeks of the weekly load table.
    pub weeks: usize,
    /// Earlier (not ongoing) findings listed per section (`None`: all).
    pub earlier: Option<usize>,
    /// Routes listed (`None`: all).
    pub routes: Option<usize>,
    /// 4-week variety windows listed, most recent (`None`: all).
    pub windows: Option<usize>,
    /// Signals of the plateau section, in order.
    pub signals: Vec<Signal>,
}

impl Default for Options {
    /// The report's defaults: 8 weeks, the last 5 earlier findings, 5 routes, the last 6
    /// windows, every signal.
    fn default() -> Self {
        Options {
            weeks: 8,
            earlier: Some(5),
            routes: Some(5),
            windows: Some(6),
            signals: vec![Signal::Race, Signal::Aerobic, Signal::Distance],
        }
    }
}

/// A section builder: `None` when the section has nothing to show.
pub type Build = fn(&Analysis, &Options) -> Option<Section>;

/// Every section, in report order.
pub const ALL: [(SectionId, Build); 11] = [
    (SectionId::Summary, summary::build),
    (SectionId::Goals, goals::build),
    (SectionId::Plateaus, plateaus::build),
    (SectionId::Load, load::build),
    (SectionId::Recovery, recovery::build),
    (SectionId::Routes, routes::build),
    (SectionId::Seasons, seasons::build),
    (SectionId::Years, years::build),
    (SectionId::Cross, cross::build),
    (SectionId::Gear, gear::build),
    (SectionId::Data, data::build),
];

/// A finding in words.
pub fn finding_text(f: &Finding) -> FindingText {
    FindingText {
        kind: f.kind,
        severity: f.severity,
        label: words::severity(f.severity).to_string(),
        title: words::title(f),
        when: words::when(f),
        lines: words::lines(f),
        rule: words::rule(f.kind),
        data: words::basis(&f.basis),
        advice: words::advice(f).to_string(),
    }
}

/// The findings block of a section: those holding now, the earlier ones (as many as the
/// options say), and the data lines.
pub fn findings_block(found: &[Finding], judged: bool, data: Vec<String>, o: &Options) -> Block {
    let now: Vec<FindingText> = found
        .iter()
        .filter(|f| f.ongoing)
        .map(finding_text)
        .collect();
    let past: Vec<&Finding> = found.iter().filter(|f| !f.ongoing).collect();
    let shown = o.earlier.map_or(past.len(), |n| n.min(past.len()));
    Block::Findings {
        findings: Findings {
            now_heading: if now.is_empty() {
                words::nothing_now(judged).to_string()
            } else {
                words::findings_now(now.len())
            },
            now,
            earlier_heading: (!past.is_empty()).then(|| words::findings_earlier(past.len(), shown)),
            earlier: past[past.len() - shown..]
                .iter()
                .map(|f| finding_text(f))
                .collect(),
            data,
        },
    }
}
