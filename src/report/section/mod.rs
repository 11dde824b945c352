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

/// Notes of the runner listed under a finding at most.
pub const NOTES_PER_FINDING: usize = 3;

/// A finding in words, with the runner's notes on its runs and days beside it.
pub fn finding_text(a: &Analysis, f: &Finding) -> FindingText {
    let mut lines = words::lines(f);
    let on_runs = f
        .activities
        .iter()
        .filter_map(|id| a.notes.runs.get(id))
        .map(|(date, n)| words::finding_run_note(*date, n));
    // Day notes (sleep, stress, illness) explain what happened over days, not on a route.
    let on_days = a
        .notes
        .days
        .range(f.start..=f.end)
        .filter(|_| f.activities.is_empty() || f.kind.can_explain_a_rut())
        .map(|(date, d)| words::finding_day_note(*date, d));
    lines.extend(on_runs.chain(on_days).take(NOTES_PER_FINDING));
    FindingText {
        kind: f.kind,
        severity: f.severity,
        label: words::severity(f.severity).to_string(),
        title: words::title(f),
        when: words::when(f),
        lines,
        rule: words::rule(f.kind),
        data: words::basis(&f.basis),
        advice: words::advice(f).to_string(),
    }
}

/// The findings block of a section: those holding now, the earlier ones (as many as the
/// options say), and the data lines.
pub fn findings_block(
    a: &Analysis,
    found: &[Finding],
    judged: bool,
    data: Vec<String>,
    o: &Options,
) -> Block {
    let now: Vec<FindingText> = found
        .iter()
        .filter(|f| f.ongoing)
        .map(|f| finding_text(a, f))
        .collect();
    let past: Vec<&Finding> = found.iter().filter(|f| !f.ongoing).collect();
    let shown = o.earlier.map_or(past.len(), |n| n.min(past.len()));
    // On a break the findings that held at the last run are not "now": the runner has
    // not run for weeks (wuyueSea, 48 weeks on: "Now: 3 findings … take a cut-back week").
    let stopped = a.summary.on_break.as_ref().map(|b| b.last_run);
    Block::Findings {
        findings: Findings {
            now_heading: match (now.is_empty(), stopped) {
                (true, None) => words::nothing_now(judged).to_string(),
                (false, None) => words::findings_now(now.len()),
                (true, Some(d)) => words::nothing_when_stopped(judged, d),
                (false, Some(d)) => words::findings_when_stopped(now.len(), d),
            },
            now,
            earlier_heading: (!past.is_empty()).then(|| words::findings_earlier(past.len(), shown)),
            earlier: past[past.len() - shown..]
                .iter()
                .map(|f| finding_text(a, f))
                .collect(),
            data,
        },
    }
}
