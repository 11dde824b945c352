//! `rutscope goal`: the runner's goals — a race (distance and time), a weekly distance or
//! a long run, each by a date — and where they stand. Goals live in the store's journal
//! (`store::journal`), one per kind, never touched by an import.

use std::io::Write;

use anyhow::{Result, bail};
use chrono::{NaiveDate, Utc};
use clap::Subcommand;
use serde::Serialize;

use super::exit::ExitCode;
use super::gear::parse_distance;
use rutscope::analysis::goals::GoalStatus;
use rutscope::report::{self, Options, Section, SectionId, terminal, words};
use rutscope::store::Store;
use rutscope::store::journal::{Goal, GoalKind};

/// Arguments of `rutscope goal`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// What to do.
    #[command(subcommand)]
    pub command: GoalCommand,
}

/// `goal` subcommands.
#[derive(Debug, Subcommand)]
pub enum GoalCommand {
    /// Set a goal (it replaces the goal of the same kind): `goal set 10k 45:00 --by
    /// 2027-04-18`, `goal set weekly 40km`, `goal set long-run 25km`
    Set(SetArgs),
    /// Every goal and where you stand: predicted time or distance now, the trend, on
    /// track or not
    List(ListArgs),
    /// Forget a goal (`race`, `weekly` or `long-run`), or all of them
    Clear(ClearArgs),
}

/// `goal set`.
#[derive(Debug, clap::Args)]
pub struct SetArgs {
    /// A race distance (`5k`, `10k`, `half`, `marathon`, `15km`, `10mi`), or `weekly`, or
    /// `long-run`
    #[arg(value_name = "WHAT")]
    pub what: String,
    /// The race time (`45:00`, `1:39:30`), or the distance (`40km`) for `weekly` and
    /// `long-run`
    #[arg(value_name = "TARGET")]
    pub target: String,
    /// The day to reach it by
    #[arg(long, value_name = "DATE")]
    pub by: Option<NaiveDate>,
    /// Fail at once if another rutscope is writing the store, instead of waiting
    #[arg(long)]
    pub no_wait: bool,
}

/// `goal list`.
#[derive(Debug, clap::Args)]
pub struct ListArgs {
    /// Date range (judged on --until, else today)
    #[command(flatten)]
    pub range: super::RangeArgs,
    /// Print JSON
    #[arg(long)]
    pub json: bool,
}

/// `goal clear`.
#[derive(Debug, clap::Args)]
pub struct ClearArgs {
    /// `race`, `weekly` or `long-run`
    #[arg(value_name = "KIND", required_unless_present = "all")]
    pub kind: Option<String>,
    /// Every goal
    #[arg(long, conflicts_with = "kind")]
    pub all: bool,
    /// Fail at once if another rutscope is writing the store, instead of waiting
    #[arg(long)]
    pub no_wait: bool,
}

/// A goal kind from its word.
fn kind_of(word: &str) -> Option<GoalKind> {
    match word.trim().to_ascii_lowercase().as_str() {
        "race" => Some(GoalKind::Race),
        "weekly" | "weekly-distance" | "week" => Some(GoalKind::WeeklyDistance),
        "long-run" | "long" | "longrun" => Some(GoalKind::LongRun),
        _ => None,
    }
}

/// A race distance in metres from `5k`, `10k`, `half`, `marathon`, `15km`, `10mi`.
pub fn parse_race(s: &str) -> Option<f64> {
    let t = s.trim().to_ascii_lowercase();
    match t.as_str() {
        "half" | "half-marathon" | "hm" => return Some(21_097.5),
        "marathon" | "full" => return Some(42_195.0),
        _ => {}
    }
    let t = t.strip_suffix('k').map(|n| format!("{n}km")).unwrap_or(t);
    parse_distance(&t).ok()
}

/// Seconds from `45:00`, `1:39:30` or `45` (minutes).
pub fn parse_time(s: &str) -> Option<f64> {
    let parts: Vec<&str> = s.trim().split(':').collect();
    let n: Vec<f64> = parts
        .iter()
        .map(|p| p.parse::<f64>().ok().filter(|v| v.is_finite() && *v >= 0.0))
        .collect::<Option<_>>()?;
    let s = match n.as_slice() {
        [m] => m * 60.0,
        [m, s] if *s < 60.0 => m * 60.0 + s,
        [h, m, s] if *m < 60.0 && *s < 60.0 => h * 3600.0 + m * 60.0 + s,
        _ => return None,
    };
    (s > 0.0).then_some(s)
}

/// The goal `goal set` describes.
pub fn goal_of(what: &str, target: &str, by: Option<NaiveDate>) -> Result<Goal> {
    let (kind, distance_m, time_s) = match kind_of(what) {
        Some(GoalKind::Race) => bail!("give the race distance: 5k, 10k, half, marathon, 15km"),
        Some(kind) => {
            let d = parse_distance(target).map_err(anyhow::Error::msg)?;
            (kind, d, None)
        }
        None => {
            let Some(d) = parse_race(what) else {
                bail!(
                    "'{what}' is neither a race distance (5k, 10k, half, marathon, 15km) nor weekly or long-run"
                );
            };
            let Some(t) = parse_time(target) else {
                bail!("'{target}' is not a race time: give e.g. 45:00 or 1:39:30");
            };
            if rutscope::analysis::formulas::vdot(d, t).is_none() {
                bail!(
                    "{} in {} is outside what the race predictions cover (3 min to 5 h)",
                    words::race_distance(d),
                    words::clock(t)
                );
            }
            (GoalKind::Race, d, Some(t))
        }
    };
    Ok(Goal {
        kind,
        distance_m,
        time_s,
        by,
        set_at_utc: None,
        other: Default::default(),
    })
}

/// `goal list --json`.
#[derive(Serialize)]
struct Json<'a> {
    schema: &'static str,
    goals: &'a [GoalStatus],
    #[serde(skip_serializing_if = "Option::is_none")]
    text: Option<&'a Section>,
}

/// Runs `rutscope goal`.
pub fn run(args: Args, store: &Store, out: &mut dyn Write) -> Result<ExitCode> {
    match args.command {
        GoalCommand::Set(a) => {
            let mut goal = goal_of(&a.what, &a.target, a.by)?;
            goal.set_at_utc = Some(Utc::now());
            let text = words::goal(&goal);
            let mut w = super::gear::writer(store, a.no_wait)?;
            w.update_journal(|j| j.set_goal(goal))?;
            writeln!(out, "goal set: {text}")?;
            Ok(ExitCode::Success)
        }
        GoalCommand::Clear(a) => {
            let kind = match (&a.kind, a.all) {
                (_, true) => None,
                (Some(k), false) => Some(kind_of(k).ok_or_else(|| {
                    anyhow::anyhow!("'{k}' is not a goal kind: race, weekly or long-run")
                })?),
                (None, false) => bail!("give a goal kind (race, weekly, long-run) or --all"),
            };
            let mut w = super::gear::writer(store, a.no_wait)?;
            let mut removed = 0;
            w.update_journal(|j| {
                let before = j.goals.len();
                j.goals.retain(|g| kind.is_some_and(|k| g.kind != k));
                removed = before - j.goals.len();
            })?;
            writeln!(out, "cleared {removed} goal(s)")?;
            Ok(ExitCode::Success)
        }
        GoalCommand::List(a) => {
            let analysis = rutscope::app::analyze(store, a.range.range())?;
            let doc = report::document(&analysis, &[SectionId::Goals], &Options::default());
            if a.json {
                super::write_json(
                    out,
                    &Json {
                        schema: "rutscope-goals/1",
                        goals: &analysis.goals,
                        text: doc.sections.first(),
                    },
                )?;
            } else if doc.sections.is_empty() {
                writeln!(
                    out,
                    "No goal set: `rutscope goal set 10k 45:00 --by DATE`, `goal set weekly 40km`, `goal set long-run 25km`."
                )?;
            } else {
                out.write_all(terminal::text(&doc, false).as_bytes())?;
            }
            Ok(ExitCode::Success)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn goals_parse() {
        let g = goal_of("10k", "45:00", None).unwrap();
        assert_eq!(
            (g.kind, g.distance_m, g.time_s),
            (GoalKind::Race, 10_000.0, Some(2700.0))
        );
        let g = goal_of("half", "1:39:30", None).unwrap();
        assert_eq!((g.distance_m, g.time_s), (21_097.5, Some(5970.0)));
        assert_eq!(
            goal_of("marathon", "3:30:00", None).unwrap().distance_m,
            42_195.0
        );
        assert_eq!(goal_of("15km", "70", None).unwrap().time_s, Some(4200.0));
        let g = goal_of("weekly", "40km", None).unwrap();
        assert_eq!((g.kind, g.distance_m), (GoalKind::WeeklyDistance, 40_000.0));
        let g = goal_of("long-run", "25", None).unwrap();
        assert_eq!((g.kind, g.distance_m), (GoalKind::LongRun, 25_000.0));
        for (w, t) in [
            ("10k", "fast"),
            ("10k", "45:75"),
            ("race", "45:00"),
            ("banana", "45:00"),
            ("weekly", "lots"),
            ("10k", "0:00"),
            ("5k", "1:00"),
        ] {
            assert!(goal_of(w, t, None).is_err(), "{w} {t}");
        }
    }
}
