//! The runner's journal (`rutscope note`, `rutscope journal`): notes on runs (text,
//! perceived exertion, feel) and on days (sleep, stress, illness) are listed by date, in
//! words and in JSON, survive re-importing the same files and a move to a new store with
//! the journal copied over, and bad values are refused with the flag named.

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::common::{json, ok, rutscope};

fn demo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/demo")
}

/// A store in `dir` with the demo's run of 2024-05-01 imported, and that run's id.
fn one_run_store(dir: &Path) -> (PathBuf, String) {
    let store = dir.join("s");
    ok(
        &store,
        &[
            "import",
            demo().join("2024-05-01-run.fit").to_str().unwrap(),
        ],
    );
    let list = json(&rutscope(&store).args(["list", "--json"]).output().unwrap());
    (store, list[0]["id"].as_str().unwrap().to_string())
}

fn journal(store: &Path) -> Value {
    json(
        &rutscope(store)
            .args(["journal", "--json"])
            .output()
            .unwrap(),
    )
}

#[test]
fn notes_on_runs_and_days_are_listed_and_never_lost() {
    let dir = tempfile::tempdir().unwrap();
    let (store, id) = one_run_store(dir.path());
    let out = ok(
        &store,
        &[
            "note",
            &id[..6],
            "--rpe",
            "7",
            "--feel",
            "2",
            "legs",
            "heavy",
        ],
    );
    assert!(
        out.contains("RPE 7/10, felt weak (2/5): \"legs heavy\""),
        "{out}"
    );
    // Only what is given changes.
    ok(&store, &["note", &id, "--rpe", "6"]);
    ok(
        &store,
        &[
            "note",
            "--day",
            "2024-05-02",
            "--sleep",
            "6h10",
            "--stress",
            "4",
            "--sick",
            "a",
            "cold",
        ],
    );
    let j = journal(&store);
    assert_eq!(j["schema"], "rutscope-journal/1");
    let e = j["entries"].as_array().unwrap();
    assert_eq!(e.len(), 2, "{j}");
    assert_eq!(
        (&e[0]["kind"], &e[0]["activity_id"], &e[0]["source"]),
        (
            &Value::from("activity"),
            &Value::from(id.as_str()),
            &Value::from("user")
        )
    );
    assert_eq!(e[0]["date"], "2024-05-01");
    assert_eq!(
        (
            &e[0]["note"]["rpe"],
            &e[0]["note"]["feel"],
            &e[0]["note"]["text"]
        ),
        (&Value::from(6), &Value::from(2), &Value::from("legs heavy"))
    );
    assert_eq!(
        (
            &e[1]["kind"],
            &e[1]["date"],
            &e[1]["sleep_s"],
            &e[1]["stress"],
            &e[1]["sick"]
        ),
        (
            &Value::from("day"),
            &Value::from("2024-05-02"),
            &Value::from(22_200.0),
            &Value::from(4),
            &Value::from(true)
        )
    );
    let text = ok(&store, &["journal"]);
    assert!(
        text.contains("2024-05-02  day  sleep 6:10, stress 4/5, ill: \"a cold\""),
        "{text}"
    );
    // The range.
    let only_day = json(
        &rutscope(&store)
            .args(["journal", "--json", "--since", "2024-05-02"])
            .output()
            .unwrap(),
    );
    assert_eq!(only_day["entries"].as_array().unwrap().len(), 1);
    // Re-import: nothing lost, nothing doubled. A new store with the journal copied over:
    // the same entries.
    ok(&store, &["import", demo().to_str().unwrap()]);
    assert_eq!(journal(&store)["entries"], j["entries"]);
    let moved = dir.path().join("moved");
    fs::create_dir_all(&moved).unwrap();
    fs::copy(store.join("journal.json"), moved.join("journal.json")).unwrap();
    ok(&moved, &["import", demo().to_str().unwrap()]);
    assert_eq!(journal(&moved)["entries"], j["entries"]);
    // The report's recovery section reads the day notes: the illness is a finding.
    let r = json(
        &rutscope(&store)
            .args(["report", "--format", "json"])
            .output()
            .unwrap(),
    );
    assert_eq!(r["recovery"]["days"], 1, "{}", r["recovery"]);
    assert_eq!(r["recovery"]["sleep_days"], 1);
    assert_eq!(r["recovery"]["findings"][0]["kind"], "ill");
    let md = ok(&store, &["report"]);
    assert!(
        md.contains("## Recovery") && md.contains("Ill for 1 day"),
        "{md}"
    );
    // Clearing.
    ok(&store, &["note", &id, "--clear"]);
    ok(&store, &["note", "--day", "2024-05-02", "--clear"]);
    assert_eq!(journal(&store)["entries"].as_array().unwrap().len(), 0);
}

#[test]
fn bad_note_values_are_refused_naming_the_flag() {
    let dir = tempfile::tempdir().unwrap();
    let (store, id) = one_run_store(dir.path());
    for (args, flag) in [
        (vec!["note", &id, "--rpe", "11"], "--rpe"),
        (vec!["note", &id, "--feel", "0"], "--feel"),
        (
            vec!["note", "--day", "2024-05-02", "--sleep", "lots"],
            "--sleep",
        ),
        (
            vec!["note", "--day", "2024-05-02", "--stress", "9"],
            "--stress",
        ),
        (vec!["note", &id, "--stress", "3"], "--day"),
        (vec!["note", "--day", "2024-05-02", "--rpe", "3"], "--rpe"),
    ] {
        let o = rutscope(&store).args(&args).output().unwrap();
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains(flag), "{args:?}: {err}");
    }
    // Nothing to note, an unknown id: errors, and the journal is untouched.
    for args in [vec!["note", id.as_str()], vec!["note", "ffffffff", "text"]] {
        let o = rutscope(&store).args(&args).output().unwrap();
        assert!(!o.status.success(), "{args:?}");
    }
    assert!(!store.join("journal.json").exists());
}

#[test]
fn runs_rated_harder_at_the_usual_pace_read_as_a_warning_in_the_report() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = crate::common::simulated_store(dir.path(), "healthy", 4, 30);
    let runs = json(
        &rutscope(&store)
            .args([
                "list",
                "--json",
                "--sport",
                "running",
                "--since",
                "2024-03-25",
            ])
            .output()
            .unwrap(),
    );
    // The runner rates their runs 5 of 10 until mid-June, then 8: same runs, same pace.
    let mut rated = 0;
    for r in runs.as_array().unwrap() {
        let start = r["start"].as_str().unwrap();
        let id = r["id"].as_str().unwrap();
        if start < "2024-06-17" {
            ok(&store, &["note", id, "--rpe", "5"]);
        } else {
            ok(&store, &["note", id, "--rpe", "8", "heavy", "legs"]);
        }
        rated += 1;
    }
    assert!(rated > 40, "{rated}");
    let r = json(
        &rutscope(&store)
            .args(["report", "--format", "json"])
            .output()
            .unwrap(),
    );
    let f: Vec<&Value> = r["load"]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["kind"] == "harder-at-usual-pace")
        .collect();
    assert_eq!(f.len(), 1, "{}", r["load"]["findings"]);
    assert_eq!(f[0]["evidence"]["rpe_before"], 5.0);
    assert_eq!(f[0]["evidence"]["rpe_now"], 8.0);
    let on = f[0]["detected_on"].as_str().unwrap();
    assert!(("2024-06-17".."2024-07-20").contains(&on), "{on}");
    let md = ok(&store, &["report"]);
    assert!(md.contains("Your usual pace feels harder"), "{md}");
    // The runner's own words stand beside the finding they explain.
    let at = md.find("Your usual pace feels harder").unwrap();
    let block = &md[at..at + 1500.min(md.len() - at)];
    assert!(
        block.contains("your note on 2024-") && block.contains("RPE 8/10: \"heavy legs\""),
        "{block}"
    );
}
