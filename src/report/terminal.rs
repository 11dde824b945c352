//! The document as plain text for a terminal: headings in capitals, tables in aligned
//! columns, findings indented under their label. Charts and route maps are left out: their
//! numbers are in the tables.

use std::fmt::Write;

use super::document::{Block, Document, FindingText, Table};
use super::words;

/// Width of a cell in characters (what a terminal shows, near enough: no East Asian
/// double-width handling).
fn width(s: &str) -> usize {
    s.chars().count()
}

fn table(o: &mut String, t: &Table) {
    let n = t.columns.len();
    let mut w: Vec<usize> = t.columns.iter().map(|c| width(c)).collect();
    for r in &t.rows {
        for (i, c) in r.iter().enumerate().take(n) {
            w[i] = w[i].max(width(c));
        }
    }
    let line = |o: &mut String, cells: &[String], upper: bool| {
        let mut s = String::from(" ");
        for (i, c) in cells.iter().enumerate().take(n) {
            let c = if upper { c.to_uppercase() } else { c.clone() };
            let pad = w[i].saturating_sub(width(&c));
            s.push_str("  ");
            if t.numeric[i] {
                s.push_str(&" ".repeat(pad));
                s.push_str(&c);
            } else {
                s.push_str(&c);
                s.push_str(&" ".repeat(pad));
            }
        }
        let _ = writeln!(o, "{}", s.trim_end());
    };
    line(o, &t.columns, true);
    for r in &t.rows {
        line(o, r, false);
    }
    let _ = writeln!(o);
}

fn finding(o: &mut String, f: &FindingText) {
    let _ = writeln!(o, "  {:<7}  {}", f.label.to_uppercase(), f.title);
    let pad = " ".repeat(11);
    let _ = writeln!(o, "{pad}{}", f.when);
    for l in &f.lines {
        let _ = writeln!(o, "{pad}- {l}");
    }
    let _ = writeln!(o, "{pad}{}: {}", words::RULE, f.rule);
    let _ = writeln!(o, "{pad}{}: {}", words::DATA, f.data);
    let _ = writeln!(o, "{pad}{}: {}", words::ADVICE, f.advice);
}

/// The document as plain text; `title`: whether to print the document's title and subtitle
/// (a whole report) or only its sections (one command's part).
pub fn text(d: &Document, title: bool) -> String {
    let mut o = String::new();
    if title {
        let _ = writeln!(o, "{}\n{}\n", d.title.to_uppercase(), d.subtitle);
    }
    for s in &d.sections {
        let _ = writeln!(o, "{}\n", s.heading.to_uppercase());
        for b in &s.blocks {
            match b {
                Block::Headline { text, .. } | Block::Paragraph { text } => {
                    let _ = writeln!(o, "{text}\n");
                }
                Block::Note { text } => {
                    let _ = writeln!(o, "({text})\n");
                }
                Block::Subheading { text } => {
                    let _ = writeln!(o, "{text}");
                }
                Block::List { intro, items } => {
                    if !intro.is_empty() {
                        let _ = writeln!(o, "{intro}");
                    }
                    for i in items {
                        let _ = writeln!(o, "  - {i}");
                    }
                    let _ = writeln!(o);
                }
                Block::Table { table: t } => table(&mut o, t),
                Block::Findings { findings: f } => {
                    let _ = writeln!(o, "{}", f.now_heading.to_uppercase());
                    for x in &f.now {
                        finding(&mut o, x);
                    }
                    if let Some(h) = &f.earlier_heading {
                        let _ = writeln!(o, "\n{}", h.to_uppercase());
                        for x in &f.earlier {
                            let _ = writeln!(
                                o,
                                "  {:<7}  {} ({})",
                                x.label.to_uppercase(),
                                x.title,
                                x.when
                            );
                        }
                    }
                    let _ = writeln!(o);
                    for l in &f.data {
                        let _ = writeln!(o, "{}: {l}", words::DATA);
                    }
                    let _ = writeln!(o);
                }
                Block::Plateau { plateau: p } => {
                    let _ = writeln!(o, "  {}", p.title);
                    if let Some(b) = &p.before {
                        let _ = writeln!(o, "    {b}");
                    }
                    for r in &p.reasons {
                        let _ = writeln!(o, "    {}: {r}", words::LIKELY_REASON);
                    }
                    let _ = writeln!(o);
                }
                Block::Chart { .. } | Block::RouteMaps { .. } => {}
            }
        }
    }
    o
}
