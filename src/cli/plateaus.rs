//! `rutscope plateaus`: each fitness signal's phases (improving, flat, declining) and the
//! plateaus among them, with the likely reasons ([`rutscope::analysis::plateau`]).

use std::io::Write;

use anyhow::Result;

use super::exit::ExitCode;
use rutscope::analysis::plateau::{self, Direction, Signal};
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

/// Runs `rutscope plateaus`.
pub fn run(args: Args, store: &Store, out: &mut dyn Write) -> Result<ExitCode> {
    let signals = match args.signal {
        SignalArg::Race => vec![Signal::Race],
        SignalArg::Aerobic => vec![Signal::Aerobic],
        SignalArg::Distance => vec![Signal::Distance],
        SignalArg::All => vec![Signal::Aerobic, Signal::Race, Signal::Distance],
    };
    let r = plateau::analyze(store, args.range.range(), &signals)?;
    if args.json {
        super::write_json(out, &r)?;
        return Ok(ExitCode::Success);
    }
    let (Some(first), Some(last)) = (r.first, r.last) else {
        writeln!(out, "no timed activities to analyse")?;
        return Ok(ExitCode::Success);
    };
    writeln!(out, "{} runs from {first} to {last}", r.runs)?;
    for s in &r.signals {
        writeln!(out)?;
        let name = match s.signal {
            Signal::Aerobic => "AEROBIC (pace at a fixed heart rate)",
            Signal::Race => "RACE FITNESS (best efforts as VDOT, best of 6 weeks)",
            Signal::Distance => "DISTANCE (long runs: 90th percentile over 4 weeks)",
        };
        writeln!(out, "{name}: {}", s.status)?;
        for p in &s.phases {
            let dir = match p.direction {
                Direction::Improving => "improving",
                Direction::Flat => "flat",
                Direction::Declining => "declining",
            };
            writeln!(
                out,
                "  {} to {}  {:>4.0} wk  {:<9}  {}",
                p.start, p.end, p.weeks, dir, p.level_text
            )?;
        }
        for pl in &s.plateaus {
            writeln!(
                out,
                "  PLATEAU{} from {} for {:.0} weeks at {}",
                if pl.ongoing { " (ongoing)" } else { "" },
                pl.start,
                pl.weeks,
                pl.level
            )?;
            if let Some(g) = &pl.gain_before {
                writeln!(out, "    after progress: {g}")?;
            }
            for reason in &pl.reasons {
                writeln!(out, "    likely reason: {reason}")?;
            }
        }
    }
    Ok(ExitCode::Success)
}
