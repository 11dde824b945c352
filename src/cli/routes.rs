//! `rutscope routes`: the routes a runner runs (matched runs, pace trend on each), workout
//! variety per 4-week window, and the stale-route findings — the report's routes section
//! ([`rutscope::report`]).

use std::io::Write;

use anyhow::Result;
use serde::Serialize;

use super::exit::ExitCode;
use rutscope::analysis::variety::VarietyReport;
use rutscope::report::{self, Options, Section, SectionId, terminal};
use rutscope::store::Store;

/// Arguments of `rutscope routes`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Date range
    #[command(flatten)]
    pub range: super::RangeArgs,

    /// How many routes to print
    #[arg(long, default_value_t = 10)]
    pub top: usize,

    /// Print every route, window and earlier finding
    #[arg(long)]
    pub all: bool,

    /// Print JSON (routes with geometry, each run's route and type, windows, findings)
    #[arg(long)]
    pub json: bool,
}

/// `rutscope routes --json`.
#[derive(Serialize)]
struct Json<'a> {
    schema: &'static str,
    #[serde(flatten)]
    routes: &'a VarietyReport,
    text: &'a Section,
}

/// Runs `rutscope routes`.
pub fn run(args: Args, store: &Store, out: &mut dyn Write) -> Result<ExitCode> {
    let a = rutscope::app::analyze(store, args.range.range())?;
    let d = Options::default();
    let options = Options {
        routes: if args.all { None } else { Some(args.top) },
        windows: if args.all { None } else { d.windows },
        earlier: if args.all { None } else { d.earlier },
        ..d
    };
    let doc = report::document(&a, &[SectionId::Routes], &options);
    if args.json {
        super::write_json(
            out,
            &Json {
                schema: "rutscope-routes/2",
                routes: &a.routes,
                text: &doc.sections[0],
            },
        )?;
        return Ok(ExitCode::Success);
    }
    out.write_all(terminal::text(&doc, false).as_bytes())?;
    Ok(ExitCode::Success)
}
