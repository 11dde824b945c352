//! `rutscope plateaus`: each fitness signal's phases (improving, flat, declining) and the
//! plateaus among them, with the likely reasons — the report's plateau section
//! ([`rutscope::report`]).

use std::io::Write;

use anyhow::Result;
use serde::Serialize;

use super::exit::ExitCode;
use rutscope::analysis::plateau::{PlateauReport, Signal, SignalReport};
use rutscope::report::{self, Options, Section, SectionId, terminal};
use rutscope::store::Store;

/// Which signal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SignalArg {
    /// Best efforts as VDOT (10 km equivalent).
    Race,
    /// Pace at a fixed heart rate.
    Aerobic,
    /// Long-run distance.
    Distance,
    /// All three.
    All,
}

/// Arguments of `rutscope plateaus`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Which signal to analyse
    #[arg(long, value_enum, default_value = "all")]
    pub signal: SignalArg,

    /// Date range
    #[command(flatten)]
    pub range: super::RangeArgs,

    /// Print JSON
    #[arg(long)]
    pub json: bool,
}

/// `rutscope plateaus --json`.
#[derive(Serialize)]
struct Json<'a> {
    schema: &'static str,
    #[serde(flatten)]
    plateaus: &'a PlateauReport,
    text: &'a Section,
}

/// Runs `rutscope plateaus`.
pub fn run(args: Args, store: &Store, out: &mut dyn Write) -> Result<ExitCode> {
    let signals = match args.signal {
        SignalArg::Race => vec![Signal::Race],
        SignalArg::Aerobic => vec![Signal::Aerobic],
        SignalArg::Distance => vec![Signal::Distance],
        SignalArg::All => vec![Signal::Aerobic, Signal::Race, Signal::Distance],
    };
    let mut a = rutscope::app::analyze(store, args.range.range())?;
    // Every signal is analysed (a distance plateau depends on the others); the chosen
    // ones are shown, in the chosen order.
    let chosen: Vec<SignalReport> = signals
        .iter()
        .filter_map(|s| a.plateaus.signals.iter().find(|r| r.signal == *s).cloned())
        .collect();
    let options = Options {
        signals,
        ..Options::default()
    };
    let doc = report::document(&a, &[SectionId::Plateaus], &options);
    if args.json {
        a.plateaus.signals = chosen;
        super::write_json(
            out,
            &Json {
                schema: "rutscope-plateaus/2",
                plateaus: &a.plateaus,
                text: &doc.sections[0],
            },
        )?;
        return Ok(ExitCode::Success);
    }
    writeln!(out, "{}\n", doc.subtitle)?;
    out.write_all(terminal::text(&doc, false).as_bytes())?;
    Ok(ExitCode::Success)
}
