//! The demo data that ships in `fixtures/demo/`: regenerated identically, and imported as
//! `rutscope analyze fixtures/demo` does.

use std::path::Path;

use crate::common::{json, rutscope, stdout};

fn demo_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/demo")
}

#[test]
fn committed_fixtures_equal_a_fresh_generation() {
    for (name, bytes) in rutscope::write::demo::fixture_files() {
        let committed = std::fs::read(demo_dir().join(name))
            .unwrap_or_else(|e| panic!("{name}: {e} (run cargo run --example make_fixtures)"));
        assert!(
            committed == bytes,
            "{name} differs from the generator's output"
        );
    }
}

#[test]
fn demo_folder_imports_with_export_metadata() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("s");
    let out = rutscope(&store)
        .arg("import")
        .arg(demo_dir())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stdout(&out));
    assert!(
        stdout(&out).contains("4 file(s) imported (4 activities)"),
        "{}",
        stdout(&out)
    );
    let v = json(&rutscope(&store).args(["list", "--json"]).output().unwrap());
    let acts = v.as_array().unwrap();
    assert_eq!(acts.len(), 4);
    let fit = acts.iter().find(|a| a["source_format"] == "fit").unwrap();
    assert_eq!(fit["utc_offset_s"], 7200);
    assert_eq!(fit["computed"]["pauses"], 1);
    let strava = acts
        .iter()
        .find(|a| {
            a["source_path"]
                .as_str()
                .unwrap()
                .contains("strava-export.zip!/activities/4.gpx.gz")
        })
        .unwrap();
    assert_eq!(strava["name"], "Long run, easy");
    assert_eq!(strava["gear"], "Pegasus 40");
    assert_eq!(strava["race"], false);
    let text = stdout(&rutscope(&store).arg("list").output().unwrap());
    assert!(text.contains("2024-05-01 08:00 +02:00"), "{text}");
}

#[test]
fn analyze_imports_and_reports_in_one_command() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let o = rutscope(&store)
        .arg("analyze")
        .arg(demo_dir())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let md = stdout(&o);
    for section in [
        "# rutscope report",
        "## Are you in a rut?",
        "## Plateaus",
        "## Training load",
        "## Routes and variety",
        "## Data",
    ] {
        assert!(md.contains(section), "{section} missing:\n{md}");
    }
    // The import summary goes to standard error, not into the report.
    assert!(String::from_utf8_lossy(&o.stderr).contains("imported"));
    // Four short demo runs are too little to judge a plateau, and the report says so.
    assert!(md.contains("too short to judge"), "{md}");
    let r = json(
        &rutscope(&store)
            .args(["report", "--format", "json"])
            .output()
            .unwrap(),
    );
    assert_eq!(r["schema"], "rutscope-report/2");
    assert_eq!(r["summary"]["in_a_rut"], false);
    assert!(r["data"]["activities"].as_u64().unwrap() >= 4);
}
