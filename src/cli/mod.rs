//! The command line: argument definitions (clap), their validation into library options,
//! and printing. Only this module knows about clap.

pub mod demo;
pub mod exit;
pub mod fmt;
pub mod gear;
pub mod goal;
pub mod import;
pub mod journal;
pub mod list;
pub mod load;
pub mod note;
pub mod plateaus;
pub mod profile;
pub mod report;
pub mod routes;
pub mod set;
pub mod show;
pub mod simulate;
pub mod wellness;

use std::io::{self, Write};
use std::path::PathBuf;

use anyhow::{Context, Result};
use chrono::NaiveDate;
use clap::{Parser, Subcommand};

use exit::ExitCode;
use rutscope::analysis::training::Range;
use rutscope::store::Store;

/// The date range of a command: `--since` / `--until`, shared by `list` and every analysis,
/// with one meaning: the field docs below (the `--help` text) say it.
#[derive(Debug, Clone, Copy, Default, clap::Args)]
pub struct RangeArgs {
    /// Only activities on or after this local date (YYYY-MM-DD)
    ///
    /// Dates are calendar days where the runner was, and both ends are inclusive: --since
    /// 2024-03-20 --until 2024-03-20 is that one day. An activity's date is the day of its
    /// start in the UTC offset its file records (FIT), else in the solar time of its start
    /// longitude (GPX and TCX carry UTC only), else in UTC.
    #[arg(long, value_name = "DATE")]
    pub since: Option<NaiveDate>,

    /// Only activities on or before this local date (YYYY-MM-DD) [default: the last
    /// activity's date]
    ///
    /// Inclusive: --until 2024-03-31 keeps the runs of 31 March. Dates are local as for
    /// --since. The analyses judge the runner as of this day (without it, as of today): a
    /// last run 8 weeks or more before it is a break, "not running now".
    #[arg(long, value_name = "DATE")]
    pub until: Option<NaiveDate>,
}

impl RangeArgs {
    /// The analyses' range, judged on `--until` or else today's local date (so a runner
    /// whose last run is months old is told they are on a break).
    pub fn range(self) -> Range {
        Range {
            since: self.since,
            until: self.until,
            today: Some(
                self.until
                    .unwrap_or_else(|| chrono::Local::now().date_naive()),
            ),
        }
    }

    /// Whether either end is given.
    pub fn is_set(self) -> bool {
        self.since.is_some() || self.until.is_some()
    }

    /// Whether an activity's local date ([`rutscope::analysis::training::local_date`]) is in
    /// the range, both ends included: the same test the analyses apply.
    pub fn contains(self, date: NaiveDate) -> bool {
        self.range().contains(date)
    }
}

/// Import runners' GPS activity files into a Parquet store and find why they are stuck.
#[derive(Debug, Parser)]
#[command(name = "rutscope", version, about, propagate_version = true)]
pub struct Cli {
    /// Store directory [default: the per-user data directory, e.g. ~/.local/share/rutscope]
    #[arg(long, global = true, env = "RUTSCOPE_STORE", value_name = "DIR")]
    pub store: Option<PathBuf>,

    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Import activity files, folders (recursively), .gz and .zip exports
    Import(import::Args),
    /// List activities, one line each
    List(list::Args),
    /// Show one activity: summary, laps, device, source file
    Show(show::Args),
    /// Correct an activity: its sport, race or not, its shoe (kept in the store's journal,
    /// never lost)
    Set(set::Args),
    /// Training load over time and overtraining findings (spikes, ramps, rest, cut-backs...)
    Load(load::Args),
    /// Pace plateaus: phases of race fitness, aerobic pace and long-run distance
    Plateaus(plateaus::Args),
    /// Routes (matched runs), workout variety and stale-route findings
    Routes(routes::Args),
    /// The plateau report: summary, plateaus, load, routes, seasons, gear, data quality
    Report(report::Args),
    /// Import, then report, in one step
    Analyze(report::AnalyzeArgs),
    /// Show or set the athlete profile (heart-rate anchors, threshold pace, sex)
    Profile(profile::Args),
    /// Note how a run felt (--rpe, --feel, text) or a day went (--day: --sleep, --stress,
    /// --sick, text); kept in the store's journal, never lost
    Note(note::Args),
    /// Your notes, by date (--since/--until, --json)
    Journal(journal::Args),
    /// Your shoes: add one (dates, limit, default), retire it, list their mileage
    Gear(gear::Args),
    /// Your goals (a race time, a weekly distance, a long run) and where you stand
    Goal(goal::Args),
    /// Daily resting heart rate, sleep, stress and body battery from account exports, and
    /// their trends
    Wellness(wellness::Args),
    /// Write a simulated runner's history (FIT/GPX/TCX) with known truths (truth.json)
    Simulate(simulate::Args),
    /// A simulated year of a runner in a rut: files, their own store and the full report
    Demo(demo::Args),
}

/// Resolves the store directory: `--store`/`RUTSCOPE_STORE`, else the platform's data
/// directory.
pub fn store_dir(flag: Option<PathBuf>) -> Result<PathBuf> {
    if let Some(p) = flag {
        return Ok(p);
    }
    directories::ProjectDirs::from("", "", "rutscope")
        .map(|d| d.data_dir().to_path_buf())
        .context("no home directory to put the store in; pass --store DIR")
}

/// Runs the parsed command: the table of contents of the program.
pub fn run(cli: Cli) -> Result<ExitCode> {
    let store = Store::at(store_dir(cli.store)?);
    let stdout = io::stdout();
    let mut out = stdout.lock();
    let code = match cli.command {
        Command::Import(args) => import::run(args, &store, &mut out)?,
        Command::List(args) => list::run(args, &store, &mut out)?,
        Command::Wellness(args) => wellness::run(args, &store, &mut out)?,
        Command::Show(args) => show::run(args, &store, &mut out)?,
        Command::Set(args) => set::run(args, &store, &mut out)?,
        Command::Simulate(args) => simulate::run(args, &mut out)?,
        Command::Profile(args) => profile::run(args, &store, &mut out)?,
        Command::Note(args) => note::run(args, &store, &mut out)?,
        Command::Journal(args) => journal::run(args, &store, &mut out)?,
        Command::Gear(args) => gear::run(args, &store, &mut out)?,
        Command::Goal(args) => goal::run(args, &store, &mut out)?,
        Command::Load(args) => load::run(args, &store, &mut out)?,
        Command::Plateaus(args) => plateaus::run(args, &store, &mut out)?,
        Command::Routes(args) => routes::run(args, &store, &mut out)?,
        Command::Report(args) => report::run(args, &store, &mut out)?,
        Command::Analyze(args) => report::analyze(args, &store, &mut out)?,
        Command::Demo(args) => demo::run(args, &mut out)?,
    };
    out.flush()?;
    Ok(code)
}

/// Writes JSON followed by a newline.
pub fn write_json<T: serde::Serialize>(out: &mut dyn Write, value: &T) -> Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_valid() {
        Cli::command().debug_assert();
    }

    #[test]
    fn range_is_inclusive_at_both_ends() {
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        let day = RangeArgs {
            since: Some(d("2024-03-20")),
            until: Some(d("2024-03-20")),
        };
        assert!(day.is_set() && day.contains(d("2024-03-20")));
        assert!(!day.contains(d("2024-03-19")) && !day.contains(d("2024-03-21")));
        let open = RangeArgs::default();
        assert!(!open.is_set() && open.contains(d("1990-01-01")));
    }

    #[test]
    fn parses_wellness_flags() {
        let cli = Cli::parse_from([
            "rutscope",
            "wellness",
            "--since",
            "2024-10-01",
            "--until",
            "2024-12-31",
            "--json",
        ]);
        let Command::Wellness(a) = cli.command else {
            panic!("not wellness")
        };
        assert_eq!(a.since, Some("2024-10-01".parse().unwrap()));
        assert_eq!(a.until, Some("2024-12-31".parse().unwrap()));
        assert!(a.json);
        assert!(Cli::try_parse_from(["rutscope", "wellness", "--since", "2024-13-01"]).is_err());
    }

    #[test]
    fn parses_flags() {
        let cli = Cli::parse_from([
            "rutscope",
            "--store",
            "/tmp/s",
            "list",
            "--since",
            "2024-01-01",
            "--sport",
            "running",
            "--json",
        ]);
        assert_eq!(cli.store, Some(PathBuf::from("/tmp/s")));
        let Command::List(a) = cli.command else {
            panic!()
        };
        assert!(a.json);
        assert_eq!(a.sport, Some(list::SportArg::Running));
        assert_eq!(a.range.since, "2024-01-01".parse().ok());
        let cli = Cli::parse_from(["rutscope", "import", "a.zip", "b/", "--jobs", "1"]);
        let Command::Import(a) = cli.command else {
            panic!()
        };
        assert_eq!(a.paths.len(), 2);
        assert_eq!(a.jobs, Some(1));
        assert!(Cli::try_parse_from(["rutscope", "import"]).is_err());
    }

    #[test]
    fn parses_enumerated_flags() {
        // --sport takes any case, as the string flag did.
        let Command::List(a) = Cli::parse_from(["rutscope", "list", "--sport", "Cycling"]).command
        else {
            panic!()
        };
        assert_eq!(a.sport, Some(list::SportArg::Cycling));
        let Command::Profile(a) =
            Cli::parse_from(["rutscope", "profile", "--sex", "female"]).command
        else {
            panic!()
        };
        assert_eq!(a.sex, Some(profile::SexArg::Female));
        let Command::Simulate(a) = Cli::parse_from(["rutscope", "simulate", "--out", "d"]).command
        else {
            panic!()
        };
        assert_eq!(a.format, simulate::FormatArg::Fit);
        assert_eq!(a.recording, simulate::RecordingArg::EverySecond);
        assert_eq!(
            a.scenario,
            simulate::Scenarios(vec![simulate::ScenarioArg::Healthy])
        );
        let Command::Simulate(a) = Cli::parse_from([
            "rutscope",
            "simulate",
            "--out",
            "d",
            "--format",
            "mixed",
            "--recording",
            "smart",
            "--scenario",
            "plateau+stale-routes",
        ])
        .command
        else {
            panic!()
        };
        assert_eq!(a.format, simulate::FormatArg::Mixed);
        assert_eq!(a.recording, simulate::RecordingArg::Smart);
        use simulate::ScenarioArg::{Plateau, StaleRoutes};
        assert_eq!(a.scenario, simulate::Scenarios(vec![Plateau, StaleRoutes]));
    }

    #[test]
    fn rejects_unknown_values_naming_the_flag_and_the_possible_values() {
        let sim =
            |extra: &[&'static str]| [&["rutscope", "simulate", "--out", "d"][..], extra].concat();
        for (args, flag, bad, possible) in [
            (
                vec!["rutscope", "list", "--sport", "quidditch"],
                "--sport",
                "quidditch",
                "hiking",
            ),
            (
                vec!["rutscope", "profile", "--sex", "m"],
                "--sex",
                "'m'",
                "female",
            ),
            (sim(&["--format", "kml"]), "--format", "kml", "mixed"),
            (sim(&["--recording", "6s"]), "--recording", "6s", "5s"),
            (
                sim(&["--hr-model", "direct"]),
                "--hr-model",
                "direct",
                "daily",
            ),
            (
                sim(&["--cut-back", "monthly"]),
                "--cut-back",
                "monthly",
                "every-4th",
            ),
            (
                sim(&["--plateau-shape", "ramp"]),
                "--plateau-shape",
                "ramp",
                "hinge",
            ),
            (
                sim(&["--run-days", "weekends"]),
                "--run-days",
                "weekends",
                "random",
            ),
            (
                sim(&["--scenario", "plateau+boredom"]),
                "--scenario",
                "'boredom'",
                "stale-routes",
            ),
            (
                sim(&["--scenario", "plateau+"]),
                "--scenario",
                "'plateau+'",
                "healthy",
            ),
        ] {
            let e = Cli::try_parse_from(&args).unwrap_err();
            assert_eq!(e.kind(), clap::error::ErrorKind::InvalidValue, "{args:?}");
            let text = e.to_string();
            for want in [flag, bad, "possible values", possible] {
                assert!(text.contains(want), "{args:?}: no {want:?} in {text}");
            }
        }
    }
}
