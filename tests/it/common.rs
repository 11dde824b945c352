//! Helpers shared by the integration tests.

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;

/// The real corpus, or `None` with a printed notice (the test then passes trivially: a
/// user's clone without `../shared` still passes). With `RUTSCOPE_REQUIRE_CORPUS` set (as
/// `.ci/run` sets it), a missing corpus fails the test instead: a green CI means the
/// corpus tests ran.
pub fn corpus(test: &str) -> Option<PathBuf> {
    let c = rutscope::corpus_dir();
    if c.is_none() {
        assert!(
            std::env::var_os("RUTSCOPE_REQUIRE_CORPUS").is_none(),
            "{test}: corpus not found (set RUTSCOPE_CORPUS) and RUTSCOPE_REQUIRE_CORPUS is set"
        );
        eprintln!("NOTICE: {test}: corpus not found (set RUTSCOPE_CORPUS); skipped");
    }
    c
}

/// The real multi-year histories in the corpus (`corpus/history/*`).
pub const HISTORIES: [&str; 4] = ["asplitline", "wuyueSea", "Quitino", "520qianjiawen"];

/// Imports one real history into a store in `dir` and returns the store and its report
/// (JSON).
pub fn history_report(corpus: &Path, name: &str, dir: &Path) -> (PathBuf, serde_json::Value) {
    let store = dir.join(name);
    let o = rutscope(&store)
        .args(["import", "--json"])
        .arg(corpus.join("history").join(name))
        .output()
        .unwrap();
    assert!(
        o.status.code().is_some_and(|c| c <= 1),
        "{name}: {}",
        stdout(&o)
    );
    // Nothing but rutscope's own words on standard error: fitparser prints an "ERROR:"
    // line for each definition whose field size is not a whole number of its base type's
    // values (304 of them in wuyueSea); the framer declares those fields as bytes first.
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!err.contains("ERROR: field size"), "{name}: {err}");
    // Judged on today, every history of the frozen corpus is on a break; the reading of
    // its runs is the report judged on its last day.
    let today = json(
        &rutscope(&store)
            .args(["report", "--format", "json"])
            .output()
            .unwrap(),
    );
    assert_eq!(
        today["summary"]["verdict"], "break",
        "{name}: judged on today"
    );
    // On a break, "since your last break" would name the break before the current one.
    for t in summary_texts(&today) {
        assert!(!t.starts_with("Since your last break"), "{name}: {t}");
    }
    let last = today["last"].as_str().expect("a last day").to_string();
    let r = json(
        &rutscope(&store)
            .args(["report", "--until", &last, "--format", "json"])
            .output()
            .unwrap(),
    );
    assert_eq!(
        today["summary"]["on_break"]["before"], r["summary"]["verdict"],
        "{name}: the verdict before the break is the one judged on the last day"
    );
    (store, r)
}

/// The paragraphs of a report's summary section (`report --format json`): the headline,
/// the season and break lines.
pub fn summary_texts(r: &serde_json::Value) -> Vec<&str> {
    r["text"]["sections"][0]["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|b| b["text"].as_str())
        .collect()
}

/// A `rutscope` command with its store in `store`.
pub fn rutscope(store: &Path) -> Command {
    let mut c = Command::cargo_bin("rutscope").expect("binary built");
    c.env("RUTSCOPE_STORE", store).env_remove("RUST_LOG");
    c
}

/// Runs a `rutscope` command on `store` that must succeed, and returns its stdout.
pub fn ok(store: &Path, args: &[&str]) -> String {
    let o = rutscope(store).args(args).output().unwrap();
    assert!(
        o.status.success(),
        "{args:?}: {}{}",
        stdout(&o),
        String::from_utf8_lossy(&o.stderr)
    );
    stdout(&o)
}

/// Stdout as text.
pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Parsed JSON stdout.
pub fn json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("bad JSON ({e}): {}", stdout(o)))
}

/// Reads a tab-separated file with a header into maps.
pub fn read_tsv(path: &Path) -> Vec<std::collections::HashMap<String, String>> {
    let text = std::fs::read_to_string(path).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split('\t').collect();
    lines
        .map(|l| {
            let cells: Vec<&str> = l.split('\t').collect();
            header
                .iter()
                .enumerate()
                .map(|(i, h)| (h.to_string(), cells.get(i).unwrap_or(&"").to_string()))
                .collect()
        })
        .collect()
}

/// Simulates `weeks` of a scenario into `dir/sim` and imports it into `dir/store`, as a user
/// would (`rutscope simulate`, `rutscope import`); returns the store and `truth.json`.
pub fn simulated_store(
    dir: &Path,
    scenario: &str,
    seed: u64,
    weeks: u32,
) -> (PathBuf, serde_json::Value) {
    simulated_store_from(dir, scenario, seed, weeks, None)
}

/// [`simulated_store`] from a first day (`None`: the simulator's, 2024-01-01). A history
/// must end before the day the tests run: runs dated after the import are untimed, so a
/// history reaching past today would change with the day.
pub fn simulated_store_from(
    dir: &Path,
    scenario: &str,
    seed: u64,
    weeks: u32,
    start: Option<&str>,
) -> (PathBuf, serde_json::Value) {
    let out = dir.join("sim");
    let store = dir.join("store");
    let mut cmd = rutscope(&store);
    cmd.args(["simulate", "--weeks", &weeks.to_string()]).args([
        "--seed",
        &seed.to_string(),
        "--scenario",
        scenario,
    ]);
    if let Some(start) = start {
        cmd.args(["--start", start]);
    }
    let o = cmd.arg("--out").arg(&out).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let truth =
        serde_json::from_str(&std::fs::read_to_string(out.join("truth.json")).unwrap()).unwrap();
    let o = rutscope(&store).arg("import").arg(&out).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    (store, truth)
}

/// Weeks of a report's weekly load table (`report --format json`) with a session of the
/// other-sports class `class` ("strength", "swimming", ...).
pub fn weeks_with_class(report: &serde_json::Value, class: &str) -> usize {
    report["load"]["weekly"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|w| {
            w["cross_training"]
                .as_array()
                .is_some_and(|x| x.iter().any(|c| c["class"] == class))
        })
        .count()
}
