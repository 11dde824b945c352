//! The runner's corrections (`rutscope set`): shown by `list` and `show` as set by the
//! runner, applied by every analysis, and never lost — not by re-importing the same files,
//! not by deleting the cache, not by moving to a new store with the journal copied over.

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::common::{json, rutscope, simulated_store, stdout};

fn demo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/demo")
}

/// Imports `files` into `store`, as a user would.
fn import(store: &Path, files: &Path) {
    let o = rutscope(store).arg("import").arg(files).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

/// `list --json --all` rows by activity id.
fn rows(store: &Path) -> Vec<Value> {
    let o = rutscope(store)
        .args(["list", "--json", "--all"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    json(&o).as_array().unwrap().clone()
}

/// The id of the activity read from the file whose path ends with `file`.
fn id_of(store: &Path, file: &str) -> String {
    rows(store)
        .iter()
        .find(|r| r["source_path"].as_str().unwrap().ends_with(file))
        .unwrap_or_else(|| panic!("no activity from {file}"))["id"]
        .as_str()
        .unwrap()
        .to_string()
}

fn row(store: &Path, id: &str) -> Value {
    rows(store)
        .into_iter()
        .find(|r| r["id"] == id)
        .unwrap_or_else(|| panic!("no activity {id}"))
}

fn set(store: &Path, args: &[&str]) -> String {
    let o = rutscope(store).arg("set").args(args).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    stdout(&o)
}

/// The report's runs (JSON) by id.
fn report_run(store: &Path, id: &str) -> Option<Value> {
    let o = rutscope(store)
        .args(["report", "--format", "json"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    json(&o)["load"]["runs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == id)
        .cloned()
}

/// The corrections the tests below make, and what they check: the FIT run set as a ride,
/// the GPX run set as a race.
const RIDE: &str = "2024-05-01-run.fit";
const RACE: &str = "2024-05-03-run.gpx";

fn correct(store: &Path) -> (String, String) {
    let (ride, race) = (id_of(store, RIDE), id_of(store, RACE));
    let text = set(store, &[&ride[..6], "--sport", "cycling"]);
    assert!(
        text.contains(&ride) && text.contains("cycling (set by you; imported as running)"),
        "{text}"
    );
    let text = set(store, &[&race, "--race"]);
    assert!(text.contains("race   yes (set by you)"), "{text}");
    (ride, race)
}

/// What the corrections look like wherever an activity is shown.
fn assert_corrected(store: &Path, ride: &str, race: &str) {
    let r = row(store, ride);
    assert_eq!(
        (&r["sport"], &r["sport_source"], &r["imported_sport"]),
        (
            &Value::from("cycling"),
            &Value::from("user"),
            &Value::from("running")
        ),
        "{r}"
    );
    let r = row(store, race);
    assert_eq!(
        (
            &r["sport"],
            &r["sport_source"],
            &r["race"],
            &r["race_source"]
        ),
        (
            &Value::from("running"),
            &Value::from("file"),
            &Value::from(true),
            &Value::from("user")
        ),
        "{r}"
    );
    let text = stdout(&rutscope(store).arg("list").output().unwrap());
    let line = text.lines().find(|l| l.starts_with(ride)).unwrap();
    assert!(line.contains("cycling*"), "{text}");
    assert!(text.contains("* set by you"), "{text}");
    let o = rutscope(store)
        .args(["list", "--json", "--sport", "cycling"])
        .output()
        .unwrap();
    let only: Vec<String> = json(&o)
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(only, [ride]);
    let text = stdout(&rutscope(store).args(["show", ride]).output().unwrap());
    assert!(
        text.contains("sport      cycling (set by you; imported as running"),
        "{text}"
    );
    let text = stdout(&rutscope(store).args(["show", race]).output().unwrap());
    assert!(text.contains("race: yes (set by you)"), "{text}");
    let o = rutscope(store)
        .args(["show", "--json", ride])
        .output()
        .unwrap();
    assert_eq!(json(&o)["sport_source"], "user");
    // The analyses: a ride gives no running fitness (or is no run at all, once only runs
    // are runs); the race is marked as the runner said.
    if let Some(r) = report_run(store, ride) {
        assert!(
            r["vdot"].is_null() && r["aerobic_speed_m_s"].is_null(),
            "{r}"
        );
    }
    assert_eq!(report_run(store, race).unwrap()["race"], "flag");
}

#[test]
fn corrections_show_in_list_show_and_report() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    import(&store, &demo());
    // Before: the FIT run is a run with running fitness, the GPX run no race.
    let (ride, race) = (id_of(&store, RIDE), id_of(&store, RACE));
    assert!(!report_run(&store, &ride).unwrap()["vdot"].is_null());
    assert!(report_run(&store, &race).unwrap()["race"].is_null());
    assert_eq!(row(&store, &ride)["sport_source"], "file");
    assert!(row(&store, &race)["race_source"].is_null());

    correct(&store);
    assert_corrected(&store, &ride, &race);

    // JSON of `set`; clearing gives the file's values back.
    let o = rutscope(&store)
        .args(["set", "--json", &ride, "--clear-sport"])
        .output()
        .unwrap();
    assert!(o.status.success());
    let v = json(&o);
    assert_eq!(
        (&v["sport"], &v["sport_source"]),
        (&"running".into(), &"file".into())
    );
    let text = set(&store, &[&race, "--clear-race"]);
    assert!(text.contains("your correction was cleared"), "{text}");
    assert_eq!(row(&store, &ride)["sport"], "running");
    assert!(row(&store, &race)["race"].is_null());
    assert!(report_run(&store, &race).unwrap()["race"].is_null());
    // Nothing left to keep: the entries are gone from the journal.
    let j: Value =
        serde_json::from_str(&fs::read_to_string(store.join("journal.json")).unwrap()).unwrap();
    assert_eq!(j["activities"], serde_json::json!({}));
}

#[test]
fn corrections_survive_reimport_and_a_deleted_cache() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    import(&store, &demo());
    let (ride, race) = correct(&store);
    let journal = fs::read(store.join("journal.json")).unwrap();

    // The same files again: nothing new, the corrections stand.
    import(&store, &demo());
    assert_corrected(&store, &ride, &race);
    // The cache rebuilt from scratch.
    fs::remove_dir_all(store.join("cache")).unwrap();
    import(&store, &demo());
    assert_corrected(&store, &ride, &race);
    // No import rewrote the journal.
    assert_eq!(fs::read(store.join("journal.json")).unwrap(), journal);
}

#[test]
fn a_new_store_gets_the_corrections_from_a_copied_journal() {
    let dir = tempfile::tempdir().unwrap();
    let old = dir.path().join("old");
    import(&old, &demo());
    let (ride, race) = correct(&old);

    // The same files found somewhere else (a new download folder), into a new store
    // holding the old journal: the entries are keyed by file content, not path or store.
    let moved = dir.path().join("downloads");
    fs::create_dir(&moved).unwrap();
    for e in fs::read_dir(demo()).unwrap() {
        let p = e.unwrap().path();
        fs::copy(&p, moved.join(p.file_name().unwrap())).unwrap();
    }
    let new = dir.path().join("new");
    fs::create_dir(&new).unwrap();
    fs::copy(old.join("journal.json"), new.join("journal.json")).unwrap();
    import(&new, &moved);
    assert!(
        row(&new, &ride)["source_path"]
            .as_str()
            .unwrap()
            .contains("downloads")
    );
    assert_corrected(&new, &ride, &race);

    // Without the journal, the new store knows nothing of them.
    let bare = dir.path().join("bare");
    import(&bare, &moved);
    assert_eq!(row(&bare, &ride)["sport"], "running");
}

#[test]
fn set_on_an_unknown_or_ambiguous_id_fails_with_the_stores_message() {
    let dir = tempfile::tempdir().unwrap();
    // More than 16 activities: two ids share their first hex digit.
    let (store, _) = simulated_store(dir.path(), "plateau", 7, 6);
    let ids: Vec<String> = rows(&store)
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect();
    assert!(ids.len() > 16, "{}", ids.len());
    let shared = ids
        .iter()
        .map(|i| &i[..1])
        .find(|p| ids.iter().filter(|i| i.starts_with(p)).count() > 1)
        .unwrap();
    let unknown = (0..)
        .map(|n| format!("{n:06x}"))
        .find(|p| !ids.iter().any(|i| i.starts_with(p.as_str())))
        .unwrap();

    let o = rutscope(&store)
        .args(["set", &unknown, "--race"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains(&format!("no activity with id {unknown}")),
        "{err}"
    );

    let o = rutscope(&store)
        .args(["set", shared, "--sport", "hiking"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains(&format!("id prefix {shared} matches")) && err.contains("give more digits"),
        "{err}"
    );
    // Nothing was written.
    assert!(!store.join("journal.json").exists());

    // No store at all: the store's message, and no store created.
    let none = dir.path().join("none");
    let o = rutscope(&none)
        .args(["set", "0a1b", "--race"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no rutscope store"));
    assert!(!none.exists());
}

#[test]
fn set_takes_the_writer_lock_like_an_import() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    import(&store, &demo());
    let id = id_of(&store, RIDE);
    // Another writer (an import in progress) holds the lock.
    let w = rutscope::store::Store::at(&store)
        .writer(false, &mut |_| {})
        .unwrap();
    let o = rutscope(&store)
        .args(["set", &id, "--sport", "hiking", "--no-wait"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("is being written by another rutscope process"),
        "{err}"
    );
    assert!(!store.join("journal.json").exists());
    drop(w);
    set(&store, &[&id, "--sport", "hiking", "--no-wait"]);
    assert_eq!(row(&store, &id)["sport"], "hiking");
}
