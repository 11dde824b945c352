//! `rutscope report` (the plateau report of the store) and `rutscope analyze` (import, then
//! report, in one step) ([`rutscope::report`]).

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, Result};

use super::exit::ExitCode;
use rutscope::report;
use rutscope::store::Store;
use rutscope::store::import::ImportOptions;

/// Report format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// One self-contained HTML page with charts.
    Html,
    /// Markdown, for terminals and notes.
    Md,
    /// Plain text for a terminal.
    Text,
    /// JSON (schema `rutscope-report/2`: the typed analysis and the report's words).
    Json,
}

/// Arguments of `rutscope report`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Write the report to this file instead of standard output
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Format [default: from the output file's extension (.html, .json, .txt, else
    /// Markdown); Markdown on standard output]
    #[arg(long, value_enum)]
    pub format: Option<Format>,

    /// Date range
    #[command(flatten)]
    pub range: super::RangeArgs,
}

/// Arguments of `rutscope analyze`.
#[derive(Debug, clap::Args)]
pub struct AnalyzeArgs {
    /// Files, folders, .gz files and .zip exports to import first
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// The report
    #[command(flatten)]
    pub report: Args,
}

/// Runs `rutscope report`.
pub fn run(args: Args, store: &Store, out: &mut dyn Write) -> Result<ExitCode> {
    let r = report::build(store, args.range.range())?;
    let format = args.format.unwrap_or_else(|| {
        match args
            .output
            .as_ref()
            .and_then(|p| p.extension())
            .map(|e| e.to_string_lossy().to_lowercase())
            .as_deref()
        {
            Some("html" | "htm") => Format::Html,
            Some("json") => Format::Json,
            Some("txt") => Format::Text,
            _ => Format::Md,
        }
    });
    let text = match format {
        Format::Html => report::html::html(&r.text, &r.analysis),
        Format::Md => report::markdown::markdown(&r.text),
        Format::Text => report::terminal::text(&r.text, true),
        Format::Json => serde_json::to_string_pretty(&r)? + "\n",
    };
    match &args.output {
        Some(path) => {
            std::fs::write(path, text).with_context(|| format!("writing {}", path.display()))?;
            writeln!(out, "report written to {}", path.display())?;
        }
        None => out.write_all(text.as_bytes())?,
    }
    Ok(ExitCode::Success)
}

/// Runs `rutscope analyze`: the import's summary goes to standard error, the report to the
/// output; the exit code says whether a file failed.
pub fn analyze(args: AnalyzeArgs, store: &Store, out: &mut dyn Write) -> Result<ExitCode> {
    // The import's defaults, as `rutscope import PATH...` has them.
    let imported = super::import::import_and_print(
        store,
        &args.paths,
        ImportOptions::default(),
        super::import::Show::Human { verbose: false },
        &mut std::io::stderr(),
    )?;
    let reported = run(args.report, store, out)?;
    Ok(if imported != ExitCode::Success {
        imported
    } else {
        reported
    })
}
