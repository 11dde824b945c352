//! `rutscope load`: training load over time (fitness, fatigue, form, acute:chronic ratio),
//! the last weeks' volume, rest days, monotony and cut-back weeks, the efficiency trend and
//! the findings — the report's load section ([`rutscope::report`]).

use std::io::Write;

use anyhow::Result;
use serde::Serialize;

use super::exit::ExitCode;
use rutscope::analysis::training::TrainingLoad;
use rutscope::report::{self, Options, Section, SectionId, terminal};
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

    /// Print JSON (profile, findings, data sufficiency, daily and weekly series, and the
    /// section's words)
    #[arg(long)]
    pub json: bool,
}

/// `rutscope load --json`.
#[derive(Serialize)]
struct Json<'a> {
    schema: &'static str,
    #[serde(flatten)]
    load: &'a TrainingLoad,
    text: &'a Section,
}

/// Runs `rutscope load`.
pub fn run(args: Args, store: &Store, out: &mut dyn Write) -> Result<ExitCode> {
    let a = rutscope::app::analyze(store, args.range.range())?;
    let options = Options {
        weeks: args.weeks,
        earlier: if args.all {
            None
        } else {
            Options::default().earlier
        },
        ..Options::default()
    };
    let doc = report::document(&a, &[SectionId::Load], &options);
    if args.json {
        super::write_json(
            out,
            &Json {
                schema: "rutscope-load/2",
                load: &a.load,
                text: &doc.sections[0],
            },
        )?;
        return Ok(ExitCode::Success);
    }
    out.write_all(terminal::text(&doc, false).as_bytes())?;
    Ok(ExitCode::Success)
}
