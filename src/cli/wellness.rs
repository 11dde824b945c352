//! `rutscope wellness`: the daily recovery figures imported from account exports (resting
//! heart rate, sleep, sleep score, stress, body battery), one row per day, and the trend of
//! each.

use std::io::Write;

use anyhow::Result;
use chrono::NaiveDate;
use serde::Serialize;

use super::exit::ExitCode;
use super::fmt;
use rutscope::analysis::wellness::{Figure, Trend, trends};
use rutscope::store::Store;
use rutscope::store::wellness::{Day, days};

/// Arguments of `rutscope wellness`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only days on or after this date (YYYY-MM-DD; the runner's calendar day, as the
    /// export dates it)
    #[arg(long, value_name = "DATE")]
    pub since: Option<NaiveDate>,

    /// Only days on or before this date (YYYY-MM-DD) [default: the last day with data]
    ///
    /// The 7- and 28-day means end on this day.
    #[arg(long, value_name = "DATE")]
    pub until: Option<NaiveDate>,

    /// Print JSON (`{"days": [...], "trends": [...]}`; see docs/wellness.md)
    #[arg(long)]
    pub json: bool,
}

#[derive(Serialize)]
struct Output<'a> {
    days: &'a [Day],
    trends: &'a [Trend],
}

fn label(f: Figure) -> &'static str {
    match f {
        Figure::RestingHrBpm => "resting heart rate (bpm)",
        Figure::SleepS => "sleep (h:mm)",
        Figure::SleepScore => "sleep score",
        Figure::StressAvg => "stress (mean)",
        Figure::BodyBatteryMax => "body battery (high)",
    }
}

fn value(f: Figure, x: Option<f64>) -> String {
    match (f, x) {
        (_, None) => "-".into(),
        (Figure::SleepS, Some(s)) => hours(s),
        (_, Some(x)) => format!("{x:.1}"),
    }
}

/// `7:32` from seconds (sleep reads in hours and minutes).
fn hours(s: f64) -> String {
    let m = (s / 60.0).round() as i64;
    format!("{}:{:02}", m / 60, m % 60)
}

fn signed(f: Figure, x: Option<f64>) -> String {
    match (f, x) {
        (_, None) => "-".into(),
        (Figure::SleepS, Some(s)) => {
            format!("{}{}", if s < 0.0 { "-" } else { "+" }, hours(s.abs()))
        }
        (_, Some(x)) => format!("{x:+.1}"),
    }
}

/// Runs `rutscope wellness`.
pub fn run(args: Args, store: &Store, out: &mut dyn Write) -> Result<ExitCode> {
    let mut all = days(&store.wellness()?);
    all.retain(|d| {
        args.since.is_none_or(|s| d.date >= s) && args.until.is_none_or(|u| d.date <= u)
    });
    let t = trends(&all, args.since, args.until);
    if args.json {
        super::write_json(
            out,
            &Output {
                days: &all,
                trends: &t,
            },
        )?;
        return Ok(ExitCode::Success);
    }
    if all.is_empty() {
        writeln!(
            out,
            "no wellness days{}: import a Garmin account export (its zip or DI_CONNECT folder) \
             to get resting heart rate, sleep and stress",
            if args.since.is_some() || args.until.is_some() {
                " in this range"
            } else {
                ""
            }
        )?;
        return Ok(ExitCode::Success);
    }
    writeln!(
        out,
        "{:<10}  {:>4}  {:>6}  {:>5}  {:>6}  {:>4}  SOURCE",
        "DATE", "RHR", "SLEEP", "SCORE", "STRESS", "BB"
    )?;
    for d in &all {
        let sleep = match (d.sleep_s, d.sleep_window_only) {
            (Some(s), Some(true)) => format!("{}~", hours(s)),
            (s, _) => value(Figure::SleepS, s),
        };
        writeln!(
            out,
            "{:<10}  {:>4}  {:>6}  {:>5}  {:>6}  {:>4}  {}",
            d.date,
            fmt::int(d.resting_hr_bpm),
            sleep,
            fmt::int(d.sleep_score),
            fmt::int(d.stress_avg),
            fmt::int(d.body_battery_max),
            d.source
                .iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join(","),
        )?;
    }
    writeln!(out, "{} days", all.len())?;
    if all.iter().any(|d| d.sleep_window_only == Some(true)) {
        writeln!(
            out,
            "~ sleep window only (no sleep stages measured: watch off the wrist or the default window)"
        )?;
    }
    writeln!(out)?;
    writeln!(
        out,
        "{:<26}  {:>4}  {:>8}  {:>8}  {:>9}  {:>8}",
        "TREND", "DAYS", "LAST 7D", "LAST 28D", "7D vs 28D", "CHANGE"
    )?;
    for tr in &t {
        writeln!(
            out,
            "{:<26}  {:>4}  {:>8}  {:>8}  {:>9}  {:>8}",
            label(tr.figure),
            tr.days,
            value(tr.figure, tr.mean_7d),
            value(tr.figure, tr.mean_28d),
            signed(tr.figure, tr.short_vs_long),
            signed(tr.figure, tr.change),
        )?;
    }
    writeln!(
        out,
        "means over the days that have the figure; CHANGE is the last 7 days' mean minus the first 7 days' of the range"
    )?;
    Ok(ExitCode::Success)
}
