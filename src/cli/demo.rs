//! `rutscope demo`: a newcomer's first command. It writes a simulated year of a runner in a
//! rut ([`rutscope::simulate`], always the same one), imports it into a store of its own and
//! reports on it, so that the first thing a user sees is a full report (plateaus, routes,
//! load findings, charts) rather than "too few runs to judge".
//!
//! Everything goes into one folder (`--out`, default `rutscope-demo`): the activity files and
//! the simulator's answer key in `DIR/files` (`truth.json`), the store in `DIR/store`, the
//! HTML report in `DIR/report.html`; the Markdown report goes to standard output. The demo
//! never uses the user's own store: `--store` and `RUTSCOPE_STORE` are ignored, because a
//! store holding a simulated runner beside real runs would mislead every later report.
//!
//! Running it again into the same folder gives the same report: the files are written again
//! byte for byte and the import finds nothing new.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use chrono::NaiveDate;

use super::exit::ExitCode;
use rutscope::analysis::training::Range;
use rutscope::report;
use rutscope::simulate::session::Recording;
use rutscope::simulate::{Config, OutFormat, Scenario, Simulation, simulate, write_all};
use rutscope::store::Store;
use rutscope::store::import::ImportOptions;

/// The demo's seed: with the options below, a history whose report shows an ongoing
/// plateau, stale routes and load findings at once (chosen by looking at the reports of
/// several seeds).
const SEED: u64 = 7;
/// Weeks of history: a year and a bit, enough for the plateau to be months old and the
/// seasons and 4-week variety windows to fill.
const WEEKS: u32 = 56;
/// First day of the history.
const START: (i32, u32, u32) = (2024, 1, 1);
/// What is planted: a runner who stops progressing and keeps to the same routes.
const SCENARIOS: [Scenario; 2] = [Scenario::Plateau, Scenario::StaleRoutes];
/// FIT, GPX and TCX in turn, so that the demo goes through all three readers.
const FORMAT: OutFormat = OutFormat::Mixed;

/// The folder's parts.
const FILES: &str = "files";
const STORE: &str = "store";
const REPORT: &str = "report.html";
/// The simulator's answer key in [`FILES`]: its presence marks a demo folder.
const TRUTH: &str = "truth.json";

/// Arguments of `rutscope demo`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Folder for the demo: the simulated runs and truth.json in DIR/files, their store in
    /// DIR/store, the HTML report in DIR/report.html. It must be new, empty or an earlier
    /// demo's folder. The demo never uses your own store (--store and RUTSCOPE_STORE are
    /// ignored)
    #[arg(long, value_name = "DIR", default_value = "rutscope-demo")]
    pub out: PathBuf,
}

/// The simulation the demo shows.
fn config() -> Config {
    Config {
        seed: SEED,
        weeks: WEEKS,
        start: NaiveDate::from_ymd_opt(START.0, START.1, START.2).expect("valid date"),
        scenarios: SCENARIOS.to_vec(),
        change_week: None,
        format: FORMAT,
        recording: Recording::EverySecond,
        ..Config::default()
    }
}

/// Runs `rutscope demo`: simulate, import, report. Progress and the import's summary go to
/// standard error, the Markdown report to `out`.
pub fn run(args: Args, out: &mut dyn Write) -> Result<ExitCode> {
    let dir = args.out;
    let files = dir.join(FILES);
    let sim = simulate(&config());
    check_folder(&dir, &sim)?;
    write_all(&sim, &files).with_context(|| format!("writing into {}", files.display()))?;
    let mut err = std::io::stderr();
    writeln!(
        err,
        "simulated {} runs over {} weeks into {} (planted, as {} says:)",
        sim.activities.len(),
        WEEKS,
        files.display(),
        TRUTH
    )?;
    for p in &sim.truth.planted {
        writeln!(
            err,
            "  {} from {} to {}: {}",
            p.kind, p.start, p.end, p.detail
        )?;
    }

    let store = Store::at(dir.join(STORE));
    let imported = import(&files, &store)?;

    let r = report::build(&store, Range::default())?;
    let html = dir.join(REPORT);
    std::fs::write(&html, report::html::html(&r.text, &r.analysis))
        .with_context(|| format!("writing {}", html.display()))?;
    out.write_all(report::markdown::markdown(&r.text).as_bytes())?;
    writeln!(
        err,
        "HTML report with charts: {}\nexplore further, e.g.: rutscope --store {} routes",
        html.display(),
        store.root().display()
    )?;
    Ok(imported)
}

/// The import, as `rutscope import FILES` would run it (its summary to standard error).
fn import(files: &Path, store: &Store) -> Result<ExitCode> {
    super::import::import_and_print(
        store,
        &[files.to_path_buf()],
        ImportOptions::default(),
        super::import::Show::Human { verbose: false },
        &mut std::io::stderr(),
    )
}

/// Refuses a folder the demo did not make, so that `--out` pointing somewhere else by
/// mistake writes nothing there, and a demo folder of another rutscope version (whose store
/// holds another simulated runner) so that the report is never a mix of two.
fn check_folder(dir: &Path, sim: &Simulation) -> Result<()> {
    if !dir.exists() {
        return Ok(());
    }
    if !dir.is_dir() {
        bail!("--out {}: not a folder", dir.display());
    }
    let empty = std::fs::read_dir(dir)
        .with_context(|| format!("reading {}", dir.display()))?
        .next()
        .is_none();
    if empty {
        return Ok(());
    }
    let truth = dir.join(FILES).join(TRUTH);
    let Ok(text) = std::fs::read_to_string(&truth) else {
        bail!(
            "--out {}: the folder is not empty and is not a rutscope demo folder (no {}); \
             choose a new folder",
            dir.display(),
            Path::new(FILES).join(TRUTH).display()
        );
    };
    let earlier: serde_json::Value = serde_json::from_str(&text)
        .with_context(|| format!("reading {} of an earlier demo", truth.display()))?;
    // Both sides parsed from text, so that numbers compare as written (serde_json's float
    // parsing need not give back the exact f64 that was printed).
    let now: serde_json::Value = serde_json::from_str(&serde_json::to_string(&sim.truth)?)?;
    if earlier != now {
        bail!(
            "--out {}: this folder holds another simulation (an earlier rutscope version's \
             demo, or rutscope simulate's); remove it or choose a new folder",
            dir.display()
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn out_defaults_to_a_folder_of_its_own() {
        use clap::Parser;
        let parse = |args: &[&str]| match super::super::Cli::parse_from(args).command {
            super::super::Command::Demo(a) => a.out,
            other => panic!("{other:?}"),
        };
        assert_eq!(parse(&["rutscope", "demo"]), PathBuf::from("rutscope-demo"));
        assert_eq!(
            parse(&["rutscope", "--store", "s", "demo", "--out", "x"]),
            PathBuf::from("x")
        );
    }

    #[test]
    fn folder_check_accepts_new_and_empty_and_refuses_others() {
        let sim = simulate(&Config {
            weeks: 2,
            ..config()
        });
        let tmp = tempfile::tempdir().unwrap();
        assert!(check_folder(&tmp.path().join("new"), &sim).is_ok());
        assert!(check_folder(tmp.path(), &sim).is_ok());

        std::fs::write(tmp.path().join("notes.txt"), "mine").unwrap();
        let e = check_folder(tmp.path(), &sim).unwrap_err().to_string();
        assert!(e.contains("not a rutscope demo folder"), "{e}");
        assert!(check_folder(&tmp.path().join("notes.txt"), &sim).is_err());

        let files = tmp.path().join(FILES);
        write_all(&sim, &files).unwrap();
        assert!(check_folder(tmp.path(), &sim).is_ok());
        let other = simulate(&Config {
            seed: SEED + 1,
            weeks: 2,
            ..config()
        });
        let e = check_folder(tmp.path(), &other).unwrap_err().to_string();
        assert!(e.contains("another simulation"), "{e}");
    }
}
