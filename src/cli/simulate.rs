//! `rutscope simulate`: write a simulated runner's history with known truths.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, Result};
use chrono::NaiveDate;

use super::exit::ExitCode;
use rutscope::simulate::session::Recording;
use rutscope::simulate::{Config, OutFormat, Scenario, simulate, write_all};

/// Arguments of `rutscope simulate`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Folder to write the activity files and truth.json into
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,

    /// Length of the history in weeks
    #[arg(long, default_value_t = 52)]
    pub weeks: u32,

    /// Seed: the same seed and options give byte-identical files
    #[arg(long, default_value_t = 7)]
    pub seed: u64,

    /// File format: fit, gpx, tcx, or mixed (each in turn)
    #[arg(long, default_value = "fit", value_parser = ["fit", "gpx", "tcx", "mixed"])]
    pub format: String,

    /// What to plant: improving, plateau, stale-routes, overtraining, seasonal, healthy;
    /// combine with + (plateau+stale-routes)
    #[arg(long, default_value = "healthy", value_name = "NAME")]
    pub scenario: String,

    /// Week (0-based) from which the scenario's change applies [default: 45 % of --weeks]
    #[arg(long, value_name = "N")]
    pub change_week: Option<u32>,

    /// First day of the history (YYYY-MM-DD)
    #[arg(long, default_value = "2024-01-01")]
    pub start: NaiveDate,

    /// Watch recording: every second (1s) or smart recording (smart)
    #[arg(long, default_value = "1s", value_parser = ["1s", "smart"])]
    pub recording: String,

    /// New routes the runner discovers per month in varied phases
    #[arg(long, default_value_t = 1.0, value_name = "RATE")]
    pub new_routes_per_month: f64,

    /// Runs in a normal week (5–7; without it 4–5, as the scenario plans): the extra runs are easy
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(5..=7))]
    pub runs_per_week: Option<u32>,
}

/// Runs `rutscope simulate`.
pub fn run(args: Args, out: &mut dyn Write) -> Result<ExitCode> {
    let scenarios = args
        .scenario
        .split('+')
        .map(|s| {
            Scenario::parse(s.trim())
                .with_context(|| format!("--scenario {s}: expected {}", Scenario::NAMES))
        })
        .collect::<Result<Vec<_>>>()?;
    if args.weeks == 0 {
        anyhow::bail!("--weeks must be at least 1");
    }
    let cfg = Config {
        seed: args.seed,
        weeks: args.weeks,
        start: args.start,
        scenarios,
        change_week: args.change_week,
        format: match args.format.as_str() {
            "gpx" => OutFormat::Gpx,
            "tcx" => OutFormat::Tcx,
            "mixed" => OutFormat::Mixed,
            _ => OutFormat::Fit,
        },
        recording: if args.recording == "smart" {
            Recording::Smart
        } else {
            Recording::EverySecond
        },
        new_routes_per_month: args.new_routes_per_month,
        runs_per_week: args.runs_per_week,
    };
    let t = std::time::Instant::now();
    let sim = simulate(&cfg);
    write_all(&sim, &args.out).with_context(|| format!("writing into {}", args.out.display()))?;
    writeln!(
        out,
        "wrote {} activities over {} weeks and truth.json to {} in {:.1} s",
        sim.activities.len(),
        cfg.weeks,
        args.out.display(),
        t.elapsed().as_secs_f64()
    )?;
    for p in &sim.truth.planted {
        writeln!(
            out,
            "planted {} from {} to {}: {}",
            p.kind, p.start, p.end, p.detail
        )?;
    }
    Ok(ExitCode::Success)
}
