//! The command line: argument definitions (clap), their validation into library options,
//! and printing. Only this module knows about clap.

pub mod demo;
pub mod exit;
pub mod fmt;
pub mod import;
pub mod list;
pub mod load;
pub mod plateaus;
pub mod profile;
pub mod report;
pub mod routes;
pub mod show;
pub mod simulate;

use std::io::{self, Write};
use std::path::PathBuf;

use anyhow::{Context, Result};
use chrono::NaiveDate;
use clap::{Parser, Subcommand};

use exit::ExitCode;
use rutscope::analysis::training::Range;
use rutscope::store::Store;

/// The date range of an analysis: `--since` / `--until`, shared by every analysis command.
#[derive(Debug, Clone, Copy, clap::Args)]
pub struct RangeArgs {
    /// Only activities on or after this date (YYYY-MM-DD)
    #[arg(long, value_name = "DATE")]
    pub since: Option<NaiveDate>,

    /// Only activities up to this date [default: the last activity's date]
    #[arg(long, value_name = "DATE")]
    pub until: Option<NaiveDate>,
}

impl RangeArgs {
    /// The analyses' range.
    pub fn range(self) -> Range {
        Range {
            since: self.since,
            until: self.until,
        }
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
        Command::Show(args) => show::run(args, &store, &mut out)?,
        Command::Simulate(args) => simulate::run(args, &mut out)?,
        Command::Profile(args) => profile::run(args, &store, &mut out)?,
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
        assert_eq!(a.sport.as_deref(), Some("running"));
        let cli = Cli::parse_from(["rutscope", "import", "a.zip", "b/", "--jobs", "1"]);
        let Command::Import(a) = cli.command else {
            panic!()
        };
        assert_eq!(a.paths.len(), 2);
        assert_eq!(a.jobs, Some(1));
        assert!(Cli::try_parse_from(["rutscope", "import"]).is_err());
    }
}
