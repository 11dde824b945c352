//! The report as a document: sections of blocks (headline, paragraphs, lists, tables,
//! findings, plateaus, charts, route maps) whose every string comes from
//! [`super::words`]. The renderers — [`super::terminal`], [`super::markdown`],
//! [`super::html`] — lay a document out and add nothing but markup, so every format states
//! the same facts in the same words; JSON carries the document beside the typed analysis.

use serde::Serialize;

use crate::analysis::findings::{Kind, Severity};

/// A whole report, or the part a command prints.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Document {
    /// Title.
    pub title: String,
    /// Under the title: runs and dates.
    pub subtitle: String,
    /// Sections in order.
    pub sections: Vec<Section>,
}

/// Which section (stable ids for JSON and HTML anchors).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SectionId {
    /// The verdict.
    Summary,
    /// Plateaus per signal.
    Plateaus,
    /// Training load and its findings.
    Load,
    /// Routes, variety and their findings.
    Routes,
    /// Pace by calendar month.
    Seasons,
    /// The runner's goals.
    Goals,
    /// Resting heart rate, sleep, stress and illness.
    Recovery,
    /// Year over year.
    Years,
    /// Strength and other sports.
    Cross,
    /// Shoes and gear.
    Gear,
    /// What the store holds.
    Data,
}

impl SectionId {
    /// Its id.
    pub fn as_str(self) -> &'static str {
        match self {
            SectionId::Summary => "summary",
            SectionId::Plateaus => "plateaus",
            SectionId::Load => "load",
            SectionId::Routes => "routes",
            SectionId::Seasons => "seasons",
            SectionId::Goals => "goals",
            SectionId::Recovery => "recovery",
            SectionId::Years => "years",
            SectionId::Cross => "other-sports",
            SectionId::Gear => "gear",
            SectionId::Data => "data",
        }
    }
}

/// One section.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Section {
    /// Which.
    pub id: SectionId,
    /// Its heading.
    pub heading: String,
    /// Its content.
    pub blocks: Vec<Block>,
}

/// How a headline should read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Tone {
    /// Something to act on (a rut).
    Attention,
    /// Nothing pressing.
    Calm,
}

/// A chart the HTML page draws from the analysis (other formats leave it out: the same
/// numbers are in the tables).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Chart {
    /// Race fitness and aerobic pace over time, plateaus shaded.
    Fitness,
    /// Weekly distance.
    WeeklyDistance,
    /// Fitness, fatigue and form by day.
    Load,
    /// Runs per 4-week window by route.
    RunsPerRoute,
    /// Weekly resting heart rate and sleep over the weekly load.
    Recovery,
    /// Cumulative distance by day of the year, a line per year.
    CumulativeDistance,
}

/// A table: column labels and rows of cells.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Table {
    /// Column labels.
    pub columns: Vec<String>,
    /// Whether each column is numeric (right-aligned).
    pub numeric: Vec<bool>,
    /// Rows of cells, one per column.
    pub rows: Vec<Vec<String>>,
}

impl Table {
    /// A table with these column labels; `numeric` lists the right-aligned ones by index.
    pub fn new(columns: &[&str], numeric: &[usize]) -> Table {
        Table {
            columns: columns.iter().map(|c| c.to_string()).collect(),
            numeric: (0..columns.len()).map(|i| numeric.contains(&i)).collect(),
            rows: Vec::new(),
        }
    }
}

/// A finding in words.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FindingText {
    /// Its kind.
    pub kind: Kind,
    /// Its severity.
    pub severity: Severity,
    /// The severity's label.
    pub label: String,
    /// One sentence.
    pub title: String,
    /// When it held and the activities behind it.
    pub when: String,
    /// The numbers, a line each.
    pub lines: Vec<String>,
    /// The rule and its thresholds.
    pub rule: String,
    /// What data it stands on.
    pub data: String,
    /// What to do.
    pub advice: String,
}

/// Findings: those holding now in full, earlier ones a line each, then the data lines.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Findings {
    /// "Now: 2 findings" or "Now: nothing to flag."
    pub now_heading: String,
    /// The findings holding now.
    pub now: Vec<FindingText>,
    /// "Earlier: ..." (none when there is no earlier finding).
    pub earlier_heading: Option<String>,
    /// The earlier findings listed.
    pub earlier: Vec<FindingText>,
    /// What the rules could judge, a line each.
    pub data: Vec<String>,
}

/// A plateau in words.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlateauText {
    /// "Plateau (ongoing) from ... for ... weeks at ..."
    pub title: String,
    /// "Before it: ..."
    pub before: Option<String>,
    /// Likely reasons.
    pub reasons: Vec<String>,
}

/// A route's small map (HTML) with its caption.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RouteMap {
    /// Route id.
    pub id: String,
    /// Route name.
    pub name: String,
    /// SVG path in a 100×100 box.
    pub svg_path: String,
    /// Runs, length, shape, pace, dates.
    pub caption: String,
}

/// A block of content.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "block", rename_all = "kebab-case")]
pub enum Block {
    /// The one sentence that matters most.
    Headline {
        /// The sentence.
        text: String,
        /// How it reads.
        tone: Tone,
    },
    /// A paragraph.
    Paragraph {
        /// Its text.
        text: String,
    },
    /// Small print (how a figure is measured, a signal's status).
    Note {
        /// Its text.
        text: String,
    },
    /// A heading inside a section.
    Subheading {
        /// Its text.
        text: String,
    },
    /// A list with its lead-in.
    List {
        /// The lead-in (may be empty).
        intro: String,
        /// The items.
        items: Vec<String>,
    },
    /// A table.
    Table {
        /// The table.
        table: Table,
    },
    /// Findings.
    Findings {
        /// The findings.
        findings: Findings,
    },
    /// A plateau.
    Plateau {
        /// The plateau.
        plateau: PlateauText,
    },
    /// A chart (HTML only).
    Chart {
        /// Which.
        chart: Chart,
    },
    /// Route maps (HTML only; the route table carries the same facts).
    RouteMaps {
        /// The maps.
        maps: Vec<RouteMap>,
    },
}
