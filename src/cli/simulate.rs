//! `rutscope simulate`: write a simulated runner's history with known truths.

use std::ffi::OsStr;
use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, Result};
use chrono::NaiveDate;
use clap::ValueEnum;
use clap::builder::{EnumValueParser, PossibleValue, TypedValueParser};

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

    /// File format
    #[arg(long, value_enum, default_value_t = FormatArg::Fit)]
    pub format: FormatArg,

    /// What to plant; combine with + (plateau+stale-routes)
    #[arg(long, default_value = "healthy", value_name = "NAME", value_parser = ScenariosParser)]
    pub scenario: Scenarios,

    /// Week (0-based) from which the scenario's change applies [default: 45 % of --weeks]
    #[arg(long, value_name = "N")]
    pub change_week: Option<u32>,

    /// First day of the history (YYYY-MM-DD)
    #[arg(long, default_value = "2024-01-01")]
    pub start: NaiveDate,

    /// Watch recording
    #[arg(long, value_enum, default_value_t = RecordingArg::EverySecond)]
    pub recording: RecordingArg,

    /// New routes the runner discovers per month in varied phases
    #[arg(long, default_value_t = 1.0, value_name = "RATE")]
    pub new_routes_per_month: f64,

    /// Runs in a normal week (5–7; without it 4–5, as the scenario plans): the extra runs are easy
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(5..=7))]
    pub runs_per_week: Option<u32>,
}

/// `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FormatArg {
    /// FIT files.
    Fit,
    /// GPX 1.1.
    Gpx,
    /// TCX.
    Tcx,
    /// FIT, GPX and TCX in turn.
    Mixed,
}

impl From<FormatArg> for OutFormat {
    fn from(f: FormatArg) -> OutFormat {
        match f {
            FormatArg::Fit => OutFormat::Fit,
            FormatArg::Gpx => OutFormat::Gpx,
            FormatArg::Tcx => OutFormat::Tcx,
            FormatArg::Mixed => OutFormat::Mixed,
        }
    }
}

/// `--recording`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum RecordingArg {
    /// A sample every second.
    #[value(name = "1s")]
    EverySecond,
    /// Smart recording: a sample every 1–7 s.
    Smart,
}

impl From<RecordingArg> for Recording {
    fn from(r: RecordingArg) -> Recording {
        match r {
            RecordingArg::EverySecond => Recording::EverySecond,
            RecordingArg::Smart => Recording::Smart,
        }
    }
}

/// One part of `--scenario` ([`Scenario::parse`] names).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ScenarioArg {
    /// Steady progress.
    Improving,
    /// Progress, then the same runs at the same pace from the change week.
    Plateau,
    /// Nearly every run on the same one or two routes from the change week.
    StaleRoutes,
    /// Volume ramping to twice the usual, no rest: fitness falls.
    Overtraining,
    /// A dip every winter.
    Seasonal,
    /// Varied, periodized, rested: nothing to flag.
    Healthy,
}

impl From<ScenarioArg> for Scenario {
    fn from(s: ScenarioArg) -> Scenario {
        match s {
            ScenarioArg::Improving => Scenario::Improving,
            ScenarioArg::Plateau => Scenario::Plateau,
            ScenarioArg::StaleRoutes => Scenario::StaleRoutes,
            ScenarioArg::Overtraining => Scenario::Overtraining,
            ScenarioArg::Seasonal => Scenario::Seasonal,
            ScenarioArg::Healthy => Scenario::Healthy,
        }
    }
}

/// `--scenario`: one or more scenarios joined with `+`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scenarios(pub Vec<ScenarioArg>);

/// Parses `--scenario` part by part with clap's own enum parser, so that an unknown part gets
/// the same error as any enumerated flag: the flag, the value, the possible values.
#[derive(Debug, Clone, Copy)]
pub struct ScenariosParser;

impl TypedValueParser for ScenariosParser {
    type Value = Scenarios;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &OsStr,
    ) -> Result<Scenarios, clap::Error> {
        let one = EnumValueParser::<ScenarioArg>::new();
        let Some(text) = value.to_str() else {
            // Not UTF-8: let the enum parser report it for the flag.
            return one.parse_ref(cmd, arg, value).map(|s| Scenarios(vec![s]));
        };
        text.split('+')
            .map(|part| match part.trim() {
                // `plateau+`: clap would say "a value is required"; name the whole value.
                "" => one.parse_ref(cmd, arg, value),
                part => one.parse_ref(cmd, arg, OsStr::new(part)),
            })
            .collect::<Result<_, _>>()
            .map(Scenarios)
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new(
            ScenarioArg::value_variants()
                .iter()
                .filter_map(ValueEnum::to_possible_value),
        ))
    }
}

/// Runs `rutscope simulate`.
pub fn run(args: Args, out: &mut dyn Write) -> Result<ExitCode> {
    let scenarios = args.scenario.0.into_iter().map(Scenario::from).collect();
    if args.weeks == 0 {
        anyhow::bail!("--weeks must be at least 1");
    }
    let cfg = Config {
        seed: args.seed,
        weeks: args.weeks,
        start: args.start,
        scenarios,
        change_week: args.change_week,
        format: args.format.into(),
        recording: args.recording.into(),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scenario_values_are_the_simulator_names() {
        for v in ScenarioArg::value_variants() {
            let name = v.to_possible_value().unwrap();
            assert_eq!(Scenario::parse(name.get_name()), Some(Scenario::from(*v)));
        }
    }
}
