//! `rutscope load`: training load over time (fitness, fatigue, form, acute:chronic ratio),
//! the last weeks' volume, rest days, monotony and cut-back weeks, and the findings
//! ([`rutscope::analysis::findings`]).

use std::io::Write;

use anyhow::Result;
use chrono::Duration;

use super::exit::ExitCode;
use super::fmt;
use rutscope::analysis::findings::{Finding, Severity};
use rutscope::analysis::training::analyze;
use rutscope::store::Store;

/// Arguments of `rutscope load`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Date range
    #[command(flatten)]
    pub range: super::RangeArgs,

    /// How many recent weeks to print
    #[arg(long, default_value_t = 8)]
    pub weeks: usize,

    /// List every earlier finding, not only the last few
    #[arg(long)]
    pub all: bool,

    /// Print JSON (profile, findings, data sufficiency, daily and weekly series)
    #[arg(long)]
    pub json: bool,
}

/// Runs `rutscope load`.
pub fn run(args: Args, store: &Store, out: &mut dyn Write) -> Result<ExitCode> {
    let t = analyze(store, args.range.range())?;
    if args.json {
        super::write_json(out, &t)?;
        return Ok(ExitCode::Success);
    }
    let (daily, weekly, prof) = (&t.daily, &t.weekly, &t.profile);
    let (hr, pace, none) = (t.load_from_hr, t.load_from_pace, t.without_load);
    let Some(today) = daily.last() else {
        writeln!(out, "no timed activities to build a load series from")?;
        return Ok(ExitCode::Success);
    };
    writeln!(
        out,
        "{} activities from {} to {}: load from heart rate for {hr}, from pace for {pace}, none for {none}",
        t.activities, daily[0].date, today.date
    )?;
    writeln!(
        out,
        "on {}: fitness (CTL) {:.0}, fatigue (ATL) {:.0}, form (TSB) {:+.0}, acute:chronic {} (rolling) / {} (EWMA)",
        today.date,
        today.ctl,
        today.atl,
        today.tsb,
        today
            .acwr_rolling
            .map(|x| format!("{x:.2}"))
            .unwrap_or("-".into()),
        today
            .acwr_ewma
            .map(|x| format!("{x:.2}"))
            .unwrap_or("-".into()),
    )?;
    let week_ago = today.date - Duration::days(7);
    if let Some(prev) = daily.iter().find(|d| d.date == week_ago) {
        writeln!(
            out,
            "fitness ramp over the last 7 days: {:+.1}",
            today.ctl - prev.ctl
        )?;
    }
    writeln!(out)?;
    writeln!(
        out,
        "{:<10}  {:>9}  {:>8}  {:>5}  {:>4}  {:>4}  {:>8}  {:>6}",
        "WEEK", "DISTANCE", "TIME", "LOAD", "RUNS", "REST", "MONOTONY", "CTL+"
    )?;
    for w in weekly.iter().rev().take(args.weeks).rev() {
        writeln!(
            out,
            "{:<10}  {:>9}  {:>8}  {:>5.0}  {:>4}  {:>4}  {:>8}  {:>+6.1}{}",
            w.week_start,
            fmt::km(Some(w.distance_m)),
            fmt::duration(Some(w.moving_time_s)),
            w.load,
            w.activities,
            w.rest_days,
            w.monotony.map(|m| format!("{m:.2}")).unwrap_or("-".into()),
            w.ctl_ramp,
            if w.cut_back {
                "  cut-back"
            } else if w.activities == 0 {
                "  break"
            } else {
                ""
            }
        )?;
    }
    writeln!(out)?;
    let ref_hr = t.runs.iter().any(|r| r.aerobic_speed_m_s.is_some());
    if ref_hr {
        writeln!(
            out,
            "{:<10}  {:>4}  {:>17}  {:>4}  {:>14}  {:>5}",
            "4 WEEKS", "RUNS", "PACE AT AEROBIC HR", "LONG", "LONG DECOUPLING", "RACES"
        )?;
        for b in t
            .efficiency
            .iter()
            .rev()
            .take(args.weeks.div_ceil(4).max(3))
            .rev()
        {
            writeln!(
                out,
                "{:<10}  {:>4}  {:>17}  {:>4}  {:>14}  {:>5}",
                b.start,
                b.runs,
                b.aerobic_speed_m_s
                    .map(|v| format!(
                        "{} ({})",
                        fmt::pace(Some(1000.0), Some(1000.0 / v)),
                        b.aerobic_runs
                    ))
                    .unwrap_or("-".into()),
                b.long_runs,
                b.long_run_decoupling_pct
                    .map(|d| format!("{d:+.1} %"))
                    .unwrap_or("-".into()),
                b.races
            )?;
        }
        writeln!(
            out,
            "(pace at aerobic HR: median grade-adjusted pace scaled to {:.0} bpm, runs behind it in brackets; decoupling: heart-rate drift in runs of 75 min or more)",
            rutscope::analysis::metrics::aerobic_ref_hr_bpm(&t.profile)
        )?;
        writeln!(out)?;
    }
    print_findings(
        out,
        &t.findings,
        t.sufficiency.load_rules,
        &t.sufficiency.statements,
        args.all,
    )?;
    writeln!(out)?;
    writeln!(
        out,
        "profile: threshold HR {:.0}, max HR {:.0}, rest HR {:.0} (rutscope profile shows how each was found)",
        prof.threshold_hr_bpm.value, prof.max_hr_bpm.value, prof.rest_hr_bpm.value
    )?;
    Ok(ExitCode::Success)
}

/// How many past (not ongoing) findings are printed without `--all`.
const PAST_SHOWN: usize = 5;

/// Prints findings: those holding now in full, the earlier ones a line each, then the data
/// statements. `judged`: whether the history was long enough for the rules at all.
pub(crate) fn print_findings(
    out: &mut dyn Write,
    found: &[Finding],
    judged: bool,
    statements: &[String],
    all: bool,
) -> Result<()> {
    let ongoing: Vec<&Finding> = found.iter().filter(|f| f.ongoing).collect();
    let past: Vec<&Finding> = found.iter().filter(|f| !f.ongoing).collect();
    let label = |s: Severity| match s {
        Severity::Alert => "ALERT",
        Severity::Warning => "WARNING",
        Severity::Info => "INFO",
    };
    let detail = |out: &mut dyn Write, f: &Finding| -> Result<()> {
        writeln!(out, "  {:<7}  {}", label(f.severity), f.title)?;
        writeln!(
            out,
            "           {} to {} (rule held from {}), {} activities",
            f.start, f.end, f.detected_on, f.activity_count
        )?;
        for e in &f.evidence {
            writeln!(out, "           - {e}")?;
        }
        writeln!(out, "           rule: {}", f.rule)?;
        writeln!(out, "           data: {}", f.sufficiency)?;
        writeln!(out, "           advice: {}", f.advice)?;
        Ok(())
    };
    if ongoing.is_empty() && !judged {
        writeln!(
            out,
            "NOW: too little history to judge (see the data lines below)"
        )?;
    } else if ongoing.is_empty() {
        writeln!(out, "NOW: nothing to flag in your recent training")?;
    } else {
        writeln!(
            out,
            "NOW ({} finding{}):",
            ongoing.len(),
            if ongoing.len() == 1 { "" } else { "s" }
        )?;
        for f in &ongoing {
            detail(out, f)?;
        }
    }
    if !past.is_empty() {
        writeln!(out)?;
        let shown = if all {
            past.len()
        } else {
            past.len().min(PAST_SHOWN)
        };
        writeln!(
            out,
            "EARLIER ({} finding{}{}):",
            past.len(),
            if past.len() == 1 { "" } else { "s" },
            if shown < past.len() {
                format!(", the last {shown}; --all for every one")
            } else {
                String::new()
            }
        )?;
        for f in &past[past.len() - shown..] {
            writeln!(
                out,
                "  {:<7}  {} to {}  {}",
                label(f.severity),
                f.start,
                f.end,
                f.title
            )?;
        }
    }
    writeln!(out)?;
    for s in statements {
        writeln!(out, "data: {s}")?;
    }
    Ok(())
}
