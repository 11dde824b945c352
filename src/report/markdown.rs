//! The document as Markdown (GitHub-flavoured: pipe tables), for notes and issue trackers.
//! Charts and route maps are left out: their numbers are in the tables.

use std::fmt::Write;

use super::document::{Block, Document, FindingText, Table};
use super::words;

/// Escapes the characters that would break a table cell.
fn cell(s: &str) -> String {
    s.replace('|', "\\|")
}

fn table(o: &mut String, t: &Table) {
    let _ = writeln!(
        o,
        "| {} |",
        t.columns
            .iter()
            .map(|c| cell(c))
            .collect::<Vec<_>>()
            .join(" | ")
    );
    let _ = writeln!(
        o,
        "|{}|",
        t.numeric
            .iter()
            .map(|n| if *n { "---:" } else { "---" })
            .collect::<Vec<_>>()
            .join("|")
    );
    for r in &t.rows {
        let _ = writeln!(
            o,
            "| {} |",
            r.iter().map(|c| cell(c)).collect::<Vec<_>>().join(" | ")
        );
    }
    let _ = writeln!(o);
}

fn finding(o: &mut String, f: &FindingText) {
    let _ = writeln!(o, "- **{}: {}** ({})", f.label, f.title, f.when);
    for l in &f.lines {
        let _ = writeln!(o, "  - {l}");
    }
    let _ = writeln!(o, "  - {}: {}", words::ADVICE, f.advice);
    let _ = writeln!(o, "  - {}: {}", words::RULE, f.rule);
    let _ = writeln!(o, "  - {}: {}", words::DATA, f.data);
}

/// The document as Markdown.
pub fn markdown(d: &Document) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "# {}\n\n{}\n", d.title, d.subtitle);
    for s in &d.sections {
        let _ = writeln!(o, "## {}\n", s.heading);
        for b in &s.blocks {
            match b {
                Block::Headline { text, .. } => {
                    let _ = writeln!(o, "**{text}**\n");
                }
                Block::Paragraph { text } => {
                    let _ = writeln!(o, "{text}\n");
                }
                Block::Note { text } => {
                    let _ = writeln!(o, "_{text}_\n");
                }
                Block::Subheading { text } => {
                    let _ = writeln!(o, "### {text}\n");
                }
                Block::List { intro, items } => {
                    if !intro.is_empty() {
                        let _ = writeln!(o, "{intro}\n");
                    }
                    for i in items {
                        let _ = writeln!(o, "- {i}");
                    }
                    let _ = writeln!(o);
                }
                Block::Table { table: t } => table(&mut o, t),
                Block::Findings { findings: f } => {
                    let _ = writeln!(o, "**{}**\n", f.now_heading);
                    for x in &f.now {
                        finding(&mut o, x);
                    }
                    if !f.now.is_empty() {
                        let _ = writeln!(o);
                    }
                    if let Some(h) = &f.earlier_heading {
                        let _ = writeln!(o, "**{h}**\n");
                        for x in &f.earlier {
                            let _ = writeln!(o, "- {}: {} ({})", x.label, x.title, x.when);
                        }
                        let _ = writeln!(o);
                    }
                    for l in &f.data {
                        let _ = writeln!(o, "- {}: {l}", words::DATA);
                    }
                    let _ = writeln!(o);
                }
                Block::Plateau { plateau: p } => {
                    let _ = write!(o, "**{}.**", p.title);
                    if let Some(b) = &p.before {
                        let _ = write!(o, " {b}");
                    }
                    let _ = writeln!(o, "\n");
                    for r in &p.reasons {
                        let _ = writeln!(o, "- {}: {r}", words::LIKELY_REASON);
                    }
                    if !p.reasons.is_empty() {
                        let _ = writeln!(o);
                    }
                }
                Block::Chart { .. } | Block::RouteMaps { .. } => {}
            }
        }
    }
    o
}
