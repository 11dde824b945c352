//! `rutscope import`: read files, folders and exports into the store.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use indicatif::{ProgressBar, ProgressStyle};
use serde::Serialize;

use super::exit::ExitCode;
use super::fmt;
use rutscope::app;
use rutscope::ingest::container::Limits;
use rutscope::store::Store;
use rutscope::store::import::{ImportOptions, ImportSummary, Progress};

/// Arguments of `rutscope import`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Files, folders (walked recursively), .gz files and .zip exports
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Parsing threads [default: one per core]
    #[arg(long, short = 'j', value_name = "N")]
    pub jobs: Option<usize>,

    /// Most bytes decompressed from one input (zip/gzip bomb guard), e.g. 8G, 500M
    #[arg(long, value_name = "SIZE", default_value_t = Size(Limits::default().max_unpacked_bytes))]
    pub max_unpacked: Size,

    /// Fail at once if another import is writing the store, instead of waiting
    #[arg(long)]
    pub no_wait: bool,

    /// Stop at the first file that fails (the files imported before it are kept)
    #[arg(long)]
    pub strict: bool,

    /// Print the summary as JSON
    #[arg(long)]
    pub json: bool,

    /// List every skipped file and warning, not only failures
    #[arg(long, short = 'v')]
    pub verbose: bool,

    /// Files parsed and committed per batch (tests and benchmarks)
    #[arg(long, hide = true, default_value_t = ImportOptions::default().batch_files)]
    pub batch_files: usize,

    /// Least milliseconds between two commits (tests and benchmarks; 0: every batch)
    #[arg(long, hide = true, default_value_t = ImportOptions::default().commit_every.as_millis() as u64)]
    pub commit_every_ms: u64,
}

/// A byte count as written on the command line (`500M`, `8G`; see [`parse_size`]), and shown
/// the same way (clap's `[default: 8G]`), so the default is the import's own
/// ([`Limits::default`]) without a second copy here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Size(pub u64);

impl std::str::FromStr for Size {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        parse_size(s).map(Size)
    }
}

impl std::fmt::Display for Size {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The largest unit that divides the count exactly: 8G, 1536M, 1000.
        for (unit, shift) in [('T', 40), ('G', 30), ('M', 20), ('K', 10)] {
            if self.0 != 0 && self.0.is_multiple_of(1 << shift) {
                return write!(f, "{}{unit}", self.0 >> shift);
            }
        }
        write!(f, "{}", self.0)
    }
}

fn parse_size(s: &str) -> Result<u64, String> {
    let s = s.trim();
    let (num, mult) = match s.chars().last().map(|c| c.to_ascii_uppercase()) {
        Some('K') => (&s[..s.len() - 1], 1u64 << 10),
        Some('M') => (&s[..s.len() - 1], 1 << 20),
        Some('G') => (&s[..s.len() - 1], 1 << 30),
        Some('T') => (&s[..s.len() - 1], 1 << 40),
        _ => (s, 1),
    };
    let n: f64 = num
        .trim()
        .parse()
        .map_err(|_| format!("'{s}' is not a size like 500M or 8G"))?;
    if !n.is_finite() || n <= 0.0 {
        return Err(format!("'{s}' must be positive"));
    }
    Ok((n * mult as f64) as u64)
}

struct Bar(ProgressBar);

impl Progress for Bar {
    fn start(&self, n: u64) {
        self.0.set_length(n);
    }
    fn advance(&self, path: &str) {
        if self.0.position() + 1 > self.0.length().unwrap_or(0) {
            self.0.inc_length(1);
        }
        self.0.inc(1);
        let short: String = path
            .chars()
            .rev()
            .take(50)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        self.0.set_message(short);
    }
    fn waiting(&self, holder: &str) {
        self.0.suspend(|| {
            eprintln!("rutscope: another import is writing this store ({holder}); waiting for it to finish…")
        });
    }
    fn finish(&self) {
        self.0.finish_and_clear();
    }
}

#[derive(Serialize)]
struct JsonSummary<'a> {
    store: String,
    #[serde(flatten)]
    summary: &'a ImportSummary,
    elapsed_s: f64,
}

/// How to print an import's summary.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Show {
    /// JSON.
    Json,
    /// Lines for people; `verbose` lists every skipped file and warning.
    Human {
        /// List every skipped file and warning.
        verbose: bool,
    },
}

/// Runs `rutscope import`.
pub fn run(args: Args, store: &Store, out: &mut dyn Write) -> Result<ExitCode> {
    if args.jobs == Some(0) {
        bail!("--jobs must be at least 1");
    }
    let options = ImportOptions {
        limits: Limits {
            max_unpacked_bytes: args.max_unpacked.0,
            ..Limits::default()
        },
        threads: args.jobs,
        wait_for_lock: !args.no_wait,
        strict: args.strict,
        batch_files: args.batch_files.max(1),
        commit_every: std::time::Duration::from_millis(args.commit_every_ms),
        ..ImportOptions::default()
    };
    let show = if args.json {
        Show::Json
    } else {
        Show::Human {
            verbose: args.verbose,
        }
    };
    import_and_print(store, &args.paths, options, show, out)
}

/// Imports `paths` with a progress bar and prints the summary to `out`; the exit code says
/// whether a file failed. (`rutscope analyze` imports through here too.)
pub(crate) fn import_and_print(
    store: &Store,
    paths: &[PathBuf],
    options: ImportOptions,
    show: Show,
    out: &mut dyn Write,
) -> Result<ExitCode> {
    // indicatif hides the bar by itself when stderr is not a terminal.
    let bar = ProgressBar::new(0).with_style(
        ProgressStyle::with_template("{spinner} importing [{bar:30}] {pos}/{len} {wide_msg}")
            .expect("valid template")
            .progress_chars("=> "),
    );
    let summary = app::import(store, paths, options, &Bar(bar), &mut |e| {
        // Costs only time later: the analyses compute what is missing.
        eprintln!(
            "warning: could not prepare the analysis cache: {:#}",
            anyhow::Error::from(e)
        )
    })
    .context(
        "import stopped: the files read since its last commit (at most a second of work) \
         were not committed; the store keeps what was committed before (run the import \
         again once the cause is fixed)",
    )?;
    match show {
        Show::Json => super::write_json(
            out,
            &JsonSummary {
                store: store.root().display().to_string(),
                summary: &summary,
                elapsed_s: summary.elapsed.as_secs_f64(),
            },
        )?,
        Show::Human { verbose } => print_human(&summary, store, verbose, out)?,
    }
    Ok(if summary.has_failures() {
        ExitCode::Partial
    } else {
        ExitCode::Success
    })
}

fn print_human(s: &ImportSummary, store: &Store, verbose: bool, out: &mut dyn Write) -> Result<()> {
    for f in &s.failures {
        writeln!(out, "failed   {}: {}", f.path, f.message)?;
    }
    if verbose {
        for f in &s.skips {
            writeln!(out, "skipped  {}: {}", f.path, f.message)?;
        }
        for f in &s.warnings {
            writeln!(out, "warning  {}: {}", f.path, f.message)?;
        }
    } else {
        // A skipped file is never silent: each reason with its count (--verbose: each file).
        for (reason, n) in s.skip_reasons() {
            writeln!(out, "skipped  {n} file(s): {reason}")?;
        }
        if !s.warnings.is_empty() {
            writeln!(
                out,
                "{} warning(s) (files kept with problems; --verbose lists them)",
                s.warnings.len()
            )?;
        }
    }
    let d = &s.duplicates;
    writeln!(
        out,
        "{} file(s) imported ({} activities), {} duplicate(s) [same content {}, same FIT file_id {}, same activity {}], \
         {} already in the store, {} skipped (not an activity), {} failed, {} ignored (not activity file names)",
        s.imported,
        s.activities_added,
        d.content + d.file_id + d.overlap,
        d.content,
        d.file_id,
        d.overlap,
        s.unchanged,
        s.skipped,
        s.failed,
        s.ignored,
    )?;
    if s.export_files > 0 || s.monitoring_files > 0 {
        writeln!(
            out,
            "exports: {} side file(s) read: {} summary-only activit{} (no recording: counted in \
             volume, marked \"(summary only)\" in list), {} summar{} joined to the recording of the same \
             activity; {} FIT monitoring file(s) read for resting heart rate; {} wellness day \
             row(s) added or changed (rutscope wellness)",
            s.export_files,
            s.summary_only,
            if s.summary_only == 1 { "y" } else { "ies" },
            d.summary,
            if d.summary == 1 { "y" } else { "ies" },
            s.monitoring_files,
            s.wellness_days,
        )?;
    }
    if s.stopped_early {
        writeln!(
            out,
            "stopped at the first failure (--strict); files after it were not imported"
        )?;
    }
    if s.imported == 0
        && s.unchanged > 0
        && s.failed == 0
        && s.export_files == 0
        && s.monitoring_files == 0
    {
        writeln!(out, "nothing new: every file was already in the store")?;
    }
    let secs = s.elapsed.as_secs_f64().max(1e-9);
    writeln!(
        out,
        "{:.1} MB, {} samples in {} ({:.1} MB/s) -> {}",
        s.bytes as f64 / 1e6,
        s.samples,
        fmt::duration(Some(s.elapsed.as_secs_f64())),
        s.bytes as f64 / 1e6 / secs,
        store.root().display()
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(parse_size("8G"), Ok(8 << 30));
        assert_eq!(parse_size("500m"), Ok(500 << 20));
        assert_eq!(parse_size("1024"), Ok(1024));
        assert!(parse_size("lots").is_err());
        assert!(parse_size("0").is_err());
        // Shown as written, and read back as shown.
        for (n, shown) in [
            (8 << 30, "8G"),
            (500 << 20, "500M"),
            (1536 << 20, "1536M"),
            (2 << 40, "2T"),
            (1000, "1000"),
            (3 << 10, "3K"),
        ] {
            assert_eq!(Size(n).to_string(), shown);
            assert_eq!(shown.parse(), Ok(Size(n)));
        }
    }

    /// `--max-unpacked`'s default is the import's own, and the help shows it as a size.
    #[test]
    fn max_unpacked_defaults_to_the_import_limit() {
        use clap::{CommandFactory, Parser};
        let cli = crate::cli::Cli::command();
        let arg = cli
            .find_subcommand("import")
            .unwrap()
            .get_arguments()
            .find(|a| a.get_id() == "max_unpacked")
            .unwrap()
            .clone();
        assert_eq!(arg.get_default_values(), ["8G"]);
        let parsed = crate::cli::Cli::try_parse_from(["rutscope", "import", "x"]).unwrap();
        let crate::cli::Command::Import(args) = parsed.command else {
            panic!("not import")
        };
        assert_eq!(
            args.max_unpacked.0,
            ImportOptions::default().limits.max_unpacked_bytes
        );
    }
}
