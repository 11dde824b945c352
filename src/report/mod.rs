//! The plateau report: what a runner reads. One [`Report`] gathers the analyses (plateaus,
//! training load, routes and variety, gear, data quality) with a summary in plain words at
//! the top; [`markdown`] renders it for terminals and notes, and its JSON form (schema
//! `rutscope-report/1`) is for machines.
//!
//! # The summary
//! - **In a rut?** Yes when a plateau is ongoing (the one that started first, whatever the
//!   signal); "not now" when the last plateau ended; else no.
//! - **Why**: the likely reasons of the ongoing plateau, variety findings first (the seeds'
//!   "same pace or route all the time"), then load findings, at most [`MAX_REASONS`].
//! - **What to do**: the advice of the findings behind those reasons, once per kind; a goal
//!   race when the rut has no specific cause.

pub mod html;

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::analysis::findings::{Finding, Kind, pace};
use crate::analysis::plateau::{self, PlateauReport, Signal};
use crate::analysis::training::{Range, TrainingLoad};
use crate::analysis::variety::{self, VarietyReport};
use crate::store::records::{Outcome, Status};
use crate::store::{Store, StoreError};

/// Reasons the summary lists at most.
pub const MAX_REASONS: usize = 3;
/// Weeks of the load table.
pub const LOAD_WEEKS: usize = 8;
/// Routes listed.
pub const TOP_ROUTES: usize = 5;
/// A history at least this many days long gets a seasonal section (a year and a half: every
/// month seen at least once, most twice).
pub const SEASONAL_MIN_DAYS: i64 = 540;

/// The summary in plain words.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    /// Whether a plateau is ongoing.
    pub in_a_rut: bool,
    /// One sentence: in a rut or not, since when, at what level.
    pub headline: String,
    /// The likely reasons, with their evidence.
    pub reasons: Vec<String>,
    /// What the data suggests doing.
    pub suggestions: Vec<String>,
}

/// Median aerobic pace per calendar month, over all years.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MonthPace {
    /// 1–12.
    pub month: u32,
    /// Runs with an aerobic speed in that month.
    pub runs: usize,
    /// Their median aerobic speed, m/s.
    pub aerobic_speed_m_s: f64,
}

/// Distance per piece of gear.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Gear {
    /// As the export names it.
    pub name: String,
    /// Activities.
    pub activities: usize,
    /// Metres.
    pub distance_m: f64,
    /// First and last use.
    pub first: Option<NaiveDate>,
    /// Last use.
    pub last: Option<NaiveDate>,
}

/// What the store holds and how much of it the analyses could use.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DataQuality {
    /// Source files by outcome (imported, duplicate, skipped, failed).
    pub files: BTreeMap<String, usize>,
    /// Failed files: path and reason.
    pub failed: Vec<(String, String)>,
    /// Counted activities.
    pub activities: usize,
    /// Of those without heart rate.
    pub without_hr: usize,
    /// Without GPS.
    pub without_gps: usize,
    /// Duplicates kept aside.
    pub duplicates: usize,
}

/// The report.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// `rutscope-report/1`.
    pub schema: &'static str,
    /// First and last day analysed.
    pub first: Option<NaiveDate>,
    /// Last day.
    pub last: Option<NaiveDate>,
    /// The summary.
    pub summary: Summary,
    /// Plateaus per signal.
    pub plateaus: PlateauReport,
    /// Training load (profile, runs, findings, daily and weekly series, efficiency).
    pub load: TrainingLoad,
    /// Routes and variety.
    pub routes: VarietyReport,
    /// Median aerobic pace per calendar month (histories of [`SEASONAL_MIN_DAYS`] or more).
    pub seasons: Vec<MonthPace>,
    /// Gear mileage (where the export names the gear).
    pub gear: Vec<Gear>,
    /// Data quality.
    pub data: DataQuality,
}

/// Builds the report of a store.
pub fn build(store: &Store, range: Range) -> Result<Report, StoreError> {
    let (t, v) = variety::analyze(store, range)?;
    let p = plateau::report(
        &t,
        &v.findings,
        &[Signal::Race, Signal::Aerobic, Signal::Distance],
    );
    let acts = store.activities()?;
    let imports = store.imports()?;
    let counted: Vec<_> = acts
        .iter()
        .filter(|a| a.status == Status::Primary)
        .collect();
    let mut files = BTreeMap::new();
    let mut failed = Vec::new();
    for i in &imports {
        *files.entry(i.outcome.as_str().to_string()).or_insert(0) += 1;
        if i.outcome == Outcome::Failed {
            failed.push((i.source_path.clone(), i.detail.clone().unwrap_or_default()));
        }
    }
    let data = DataQuality {
        files,
        failed,
        activities: counted.len(),
        without_hr: counted
            .iter()
            .filter(|a| !a.computed.channels.heart_rate)
            .count(),
        without_gps: counted.iter().filter(|a| !a.computed.channels.gps).count(),
        duplicates: acts.len() - counted.len(),
    };
    let dates: BTreeMap<&str, NaiveDate> = t.runs.iter().map(|r| (r.id.as_str(), r.date)).collect();
    let mut gear: BTreeMap<String, Gear> = BTreeMap::new();
    for a in &counted {
        let (Some(g), Some(d)) = (a.gear.as_ref(), dates.get(a.id.as_str())) else {
            continue;
        };
        let e = gear.entry(g.clone()).or_insert_with(|| Gear {
            name: g.clone(),
            activities: 0,
            distance_m: 0.0,
            first: None,
            last: None,
        });
        e.activities += 1;
        e.distance_m += a.computed.distance_m.unwrap_or(0.0);
        e.first = Some(e.first.map_or(*d, |f| f.min(*d)));
        e.last = Some(e.last.map_or(*d, |l| l.max(*d)));
    }
    let seasons = seasons(&t);
    let summary = summary(&p, &t, &v);
    Ok(Report {
        schema: "rutscope-report/1",
        first: t.daily.first().map(|d| d.date),
        last: t.daily.last().map(|d| d.date),
        summary,
        plateaus: p,
        load: t,
        routes: v,
        seasons,
        gear: gear.into_values().collect(),
        data,
    })
}

fn seasons(t: &TrainingLoad) -> Vec<MonthPace> {
    let (Some(a), Some(b)) = (t.runs.first(), t.runs.last()) else {
        return Vec::new();
    };
    if (b.date - a.date).num_days() < SEASONAL_MIN_DAYS {
        return Vec::new();
    }
    (1..=12)
        .filter_map(|m| {
            let mut v: Vec<f64> = t
                .runs
                .iter()
                .filter(|r| r.date.month() == m)
                .filter_map(|r| r.aerobic_speed_m_s)
                .collect();
            let n = v.len();
            crate::analysis::trend::median(&mut v).map(|s| MonthPace {
                month: m,
                runs: n,
                aerobic_speed_m_s: s,
            })
        })
        .collect()
}

/// Order of reasons: variety first, then load.
fn kind_rank(k: Kind) -> u8 {
    match k {
        Kind::StaleRoutes => 0,
        Kind::NoQuality => 1,
        Kind::NoLongRun => 2,
        Kind::NoCutBack | Kind::NoRestDay | Kind::Monotony => 3,
        _ => 4,
    }
}

/// "Your race fitness has been declining since ..." for signals whose last phase declines
/// and reaches the last day.
fn declining(p: &PlateauReport) -> String {
    let Some(last) = p.last else {
        return String::new();
    };
    p.signals
        .iter()
        .filter_map(|s| {
            let ph = s.phases.last()?;
            (ph.direction == crate::analysis::plateau::Direction::Declining
                && ph.end >= last - chrono::Duration::days(14))
            .then(|| {
                format!(
                    " Your {} has been declining since {} (now {}).",
                    signal_words(s.signal),
                    ph.start,
                    ph.level_text
                )
            })
        })
        .collect()
}

fn signal_words(s: Signal) -> &'static str {
    match s {
        Signal::Race => "race fitness",
        Signal::Aerobic => "pace at easy heart rate",
        Signal::Distance => "long-run distance",
    }
}

fn summary(p: &PlateauReport, t: &TrainingLoad, v: &VarietyReport) -> Summary {
    // The ongoing plateau that started first: the longest rut (the rolling race and
    // distance signals show a change weeks after the per-run aerobic one).
    let ongoing = p
        .signals
        .iter()
        .flat_map(|s| s.plateaus.iter())
        .filter(|pl| pl.ongoing)
        .min_by_key(|pl| pl.start);
    let all: Vec<&Finding> = v.findings.iter().chain(&t.findings).collect();
    match ongoing {
        Some(pl) => {
            let what = signal_words(pl.signal);
            let mut behind: Vec<&Finding> = all
                .iter()
                .filter(|f| f.end >= pl.start && f.start <= pl.end)
                .copied()
                .collect();
            behind.sort_by_key(|f| (kind_rank(f.kind), std::cmp::Reverse(f.end)));
            let mut kinds = Vec::new();
            let mut reasons = Vec::new();
            let mut suggestions = Vec::new();
            for f in behind {
                if kinds.contains(&f.kind) || reasons.len() >= MAX_REASONS {
                    continue;
                }
                kinds.push(f.kind);
                reasons.push(format!(
                    "{} ({} to {}): {}",
                    f.title,
                    f.start,
                    f.end,
                    f.evidence.first().cloned().unwrap_or_default()
                ));
                suggestions.push(f.advice.clone());
            }
            // The plateau's own reasons (no hard sessions, same distance) when the findings
            // leave room.
            for r in &pl.reasons {
                if reasons.len() >= MAX_REASONS {
                    break;
                }
                if r.starts_with("no hard sessions") || r.starts_with("same distance") {
                    reasons.push(r.clone());
                }
            }
            if suggestions.is_empty() {
                suggestions.push("Pick a goal race 8–12 weeks out and train for it: a target gives the weeks a structure (a long run, one quality session, an easy week every fourth).".into());
            }
            Summary {
                in_a_rut: true,
                headline: format!(
                    "Yes: your {what} has not improved since {} ({:.0} weeks), at {}.{}",
                    pl.start,
                    pl.weeks,
                    pl.level,
                    declining(p)
                ),
                reasons,
                suggestions,
            }
        }
        None => {
            let last = p
                .signals
                .iter()
                .flat_map(|s| s.plateaus.iter())
                .max_by_key(|pl| pl.end);
            let improving = p.signals.iter().any(|s| {
                s.phases.last().is_some_and(|ph| {
                    ph.direction == crate::analysis::plateau::Direction::Improving
                })
            });
            let headline = match (last, improving) {
                (Some(pl), _) => format!(
                    "Not now: your last plateau ({}) ended on {} after {:.0} weeks.",
                    pl.signal.as_str(),
                    pl.end,
                    pl.weeks
                ),
                (None, true) => "No: you are still improving.".to_string(),
                (None, false) => {
                    "No plateau found (or too little history to judge: see the plateau section)."
                        .to_string()
                }
            };
            Summary {
                in_a_rut: false,
                headline: headline + &declining(p),
                reasons: Vec::new(),
                suggestions: all
                    .iter()
                    .filter(|f| f.ongoing)
                    .map(|f| f.advice.clone())
                    .take(MAX_REASONS)
                    .collect(),
            }
        }
    }
}

fn km(m: f64) -> String {
    format!("{:.1} km", m / 1000.0)
}

fn hm(s: f64) -> String {
    let m = (s / 60.0).round() as i64;
    format!("{}:{:02}", m / 60, m % 60)
}

/// The report as Markdown.
pub fn markdown(r: &Report) -> String {
    use std::fmt::Write;
    let mut o = String::new();
    let span = match (r.first, r.last) {
        (Some(a), Some(b)) => format!("{a} to {b}"),
        _ => "no activities".into(),
    };
    let _ = writeln!(
        o,
        "# rutscope report\n\n{} runs, {span}\n",
        r.load.runs.len()
    );
    let _ = writeln!(o, "## Are you in a rut?\n\n**{}**\n", r.summary.headline);
    if !r.summary.reasons.is_empty() {
        let _ = writeln!(o, "Most likely reasons:\n");
        for x in &r.summary.reasons {
            let _ = writeln!(o, "- {x}");
        }
        let _ = writeln!(o);
    }
    if !r.summary.suggestions.is_empty() {
        let _ = writeln!(o, "What the data suggests:\n");
        for x in &r.summary.suggestions {
            let _ = writeln!(o, "- {x}");
        }
        let _ = writeln!(o);
    }

    let _ = writeln!(o, "## Plateaus\n");
    for s in &r.plateaus.signals {
        let _ = writeln!(o, "### {} — {}\n", s.signal.as_str(), s.status);
        if !s.phases.is_empty() {
            let _ = writeln!(
                o,
                "| from | to | weeks | phase | level |\n|---|---|---:|---|---|"
            );
            for ph in &s.phases {
                let _ = writeln!(
                    o,
                    "| {} | {} | {:.0} | {:?} | {} |",
                    ph.start, ph.end, ph.weeks, ph.direction, ph.level_text
                );
            }
            let _ = writeln!(o);
        }
        for pl in &s.plateaus {
            let _ = writeln!(
                o,
                "**Plateau{}** from {} for {:.0} weeks at {}.{}\n",
                if pl.ongoing { " (ongoing)" } else { "" },
                pl.start,
                pl.weeks,
                pl.level,
                pl.gain_before
                    .as_ref()
                    .map(|g| format!(" Before it: {g}."))
                    .unwrap_or_default()
            );
            for reason in &pl.reasons {
                let _ = writeln!(o, "- likely reason: {reason}");
            }
            let _ = writeln!(o);
        }
    }

    let _ = writeln!(o, "## Training load\n");
    if let Some(d) = r.load.daily.last() {
        let _ = writeln!(
            o,
            "On {}: fitness (CTL) {:.0}, fatigue (ATL) {:.0}, form (TSB) {:+.0}, acute:chronic {}.\n",
            d.date,
            d.ctl,
            d.atl,
            d.tsb,
            d.acwr_rolling.map_or("-".into(), |a| format!("{a:.2}"))
        );
    }
    let weeks = &r.load.weekly[r.load.weekly.len().saturating_sub(LOAD_WEEKS)..];
    if !weeks.is_empty() {
        let _ = writeln!(
            o,
            "| week | distance | time | load | runs | rest days | |\n|---|---:|---:|---:|---:|---:|---|"
        );
        for w in weeks {
            let _ = writeln!(
                o,
                "| {} | {} | {} | {:.0} | {} | {} | {} |",
                w.week_start,
                km(w.distance_m),
                hm(w.moving_time_s),
                w.load,
                w.activities,
                w.rest_days,
                if w.cut_back { "cut-back" } else { "" }
            );
        }
        let _ = writeln!(o);
    }
    findings_md(&mut o, &r.load.findings);

    let _ = writeln!(o, "## Routes and variety\n");
    let _ = writeln!(
        o,
        "{} runs with a GPS track on {} routes.\n",
        r.routes.with_gps,
        r.routes.routes.len()
    );
    if !r.routes.routes.is_empty() {
        let _ = writeln!(
            o,
            "| route | runs | first | last | length | shape | pace | trend /month |\n|---|---:|---|---|---:|---|---:|---|"
        );
        for x in r.routes.routes.iter().take(TOP_ROUTES) {
            let _ = writeln!(
                o,
                "| {} {} | {} | {} | {} | {} | {} | {} | {} |",
                x.id,
                x.name,
                x.runs,
                x.first,
                x.last,
                km(x.length_m),
                x.shape.as_str(),
                x.pace_s_per_km.map_or("-".into(), |p| pace(1000.0 / p)),
                x.pace_trend_s_per_km_month
                    .map_or("-".into(), |t| format!("{:+.0} s/km", t[0]))
            );
        }
        let _ = writeln!(o);
    }
    if let Some(w) = r.routes.windows.last() {
        let types: Vec<String> = w
            .workouts
            .iter()
            .map(|(k, n)| format!("{} {n}", k.as_str()))
            .collect();
        let _ = writeln!(
            o,
            "Last 4 weeks (from {}): {} runs on {} routes, {} on the most-run one; {}.\n",
            w.start,
            w.runs,
            w.routes,
            w.top1_share
                .map_or("-".into(), |s| format!("{:.0} %", s * 100.0)),
            types.join(", ")
        );
    }
    findings_md(&mut o, &r.routes.findings);

    if !r.seasons.is_empty() {
        let _ = writeln!(
            o,
            "## Seasons\n\nPace at {:.0} bpm by calendar month, all years:\n\n| month | runs | pace |\n|---|---:|---:|",
            r.plateaus.aerobic_ref_hr_bpm
        );
        for m in &r.seasons {
            let _ = writeln!(
                o,
                "| {} | {} | {} |",
                m.month,
                m.runs,
                pace(m.aerobic_speed_m_s)
            );
        }
        let _ = writeln!(o);
    }
    if !r.gear.is_empty() {
        let _ = writeln!(
            o,
            "## Gear\n\n| gear | activities | distance | first | last |\n|---|---:|---:|---|---|"
        );
        for g in &r.gear {
            let _ = writeln!(
                o,
                "| {} | {} | {} | {} | {} |",
                g.name,
                g.activities,
                km(g.distance_m),
                g.first.map_or("-".into(), |d| d.to_string()),
                g.last.map_or("-".into(), |d| d.to_string())
            );
        }
        let _ = writeln!(o);
    }
    let _ = writeln!(o, "## Data\n");
    let files: Vec<String> = r
        .data
        .files
        .iter()
        .map(|(k, n)| format!("{n} {k}"))
        .collect();
    let _ = writeln!(
        o,
        "Files: {}. Activities counted: {} ({} without heart rate, {} without GPS; {} duplicates kept aside).",
        files.join(", "),
        r.data.activities,
        r.data.without_hr,
        r.data.without_gps,
        r.data.duplicates
    );
    for (p, why) in &r.data.failed {
        let _ = writeln!(o, "- failed: `{p}`: {why}");
    }
    o
}

fn findings_md(o: &mut String, found: &[Finding]) {
    use std::fmt::Write;
    let now: Vec<&Finding> = found.iter().filter(|f| f.ongoing).collect();
    let before = found.len() - now.len();
    if now.is_empty() {
        let _ = writeln!(o, "Nothing to flag now ({before} earlier finding(s)).\n");
        return;
    }
    for f in now {
        let _ = writeln!(
            o,
            "- **{:?}: {}** ({} to {}). {} Advice: {}",
            f.severity,
            f.title,
            f.start,
            f.end,
            f.evidence.join("; "),
            f.advice
        );
    }
    let _ = writeln!(o, "\n{before} earlier finding(s).\n");
}
