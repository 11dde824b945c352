//! Account and bulk exports (issue 18): the FIT session's feel and RPE, Strava's
//! `activities.csv` with and without files, the Garmin account export as downloaded, and
//! the daily wellness it carries. Every figure is checked against the raw file read here
//! independently (serde_json on the raw JSON, a small CSV reader), not through rutscope's
//! own readers.

use std::path::{Path, PathBuf};

use crate::common::{corpus, json, rutscope};

fn exports(test: &str) -> Option<PathBuf> {
    corpus(test).map(|c| c.join("exports"))
}

/// The activities of a store, as `list --json` prints them.
fn activities(store: &Path) -> Vec<serde_json::Value> {
    let o = rutscope(store).args(["list", "--json"]).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    json(&o).as_array().expect("a list").clone()
}

/// The Forerunner 965 file's last session carries the watch's post-run answers; the corpus
/// notes (`SOURCES.tsv`, written from the raw session fields) say which: feel and RPE ×10.
#[test]
fn fit_session_feel_and_rpe() {
    let Some(ex) = exports("fit_session_feel_and_rpe") else {
        return;
    };
    let notes = std::fs::read_to_string(ex.join("../SOURCES.tsv")).unwrap();
    let line = notes
        .lines()
        .find(|l| l.starts_with("exports/fit-rpe"))
        .unwrap();
    let raw = |key: &str| -> f64 {
        let at = line.find(&format!("{key}=")).unwrap() + key.len() + 1;
        line[at..]
            .split(|c: char| !c.is_ascii_digit())
            .next()
            .unwrap()
            .parse()
            .unwrap()
    };
    let (feel, rpe10) = (raw("workout_feel"), raw("workout_rpe"));
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    rutscope(&store)
        .arg("import")
        .arg(ex.join("fit-rpe/22638574127_ACTIVITY.fit"))
        .assert()
        .success();
    let mut acts = activities(&store);
    acts.sort_by_key(|a| a["start"].as_str().unwrap().to_string());
    let answered: Vec<_> = acts
        .iter()
        .filter(|a| !a["annotations"]["rpe"].is_null() || !a["annotations"]["feel"].is_null())
        .collect();
    assert_eq!(answered.len(), 1, "only the last session was answered");
    let last = acts.last().unwrap();
    assert_eq!(answered[0]["id"], last["id"]);
    assert_eq!(last["annotations"]["feel"].as_f64(), Some(feel));
    assert_eq!(last["annotations"]["rpe"].as_f64(), Some(rpe10 / 10.0));
    assert_eq!(last["summary_only"], false);
}
