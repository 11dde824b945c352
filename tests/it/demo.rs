//! `rutscope demo`, the README's first command: a full report on a simulated year, in a
//! folder of its own, the same on every run, never in the user's store.

use std::path::Path;
use std::process::Output;

use crate::common::{json, rutscope, stdout};

/// Runs the demo into `out`, with `RUTSCOPE_STORE` pointing at `user_store` (which the demo
/// must leave alone).
fn demo(out: &Path, user_store: &Path) -> Output {
    rutscope(user_store)
        .arg("demo")
        .arg("--out")
        .arg(out)
        .output()
        .unwrap()
}

#[test]
fn demo_reports_a_rut_with_routes_and_findings_and_reruns_the_same() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("demo");
    let user_store = tmp.path().join("user-store");

    let first = demo(&dir, &user_store);
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let md = stdout(&first);
    assert!(
        md.contains("Yes:"),
        "no ongoing plateau in the headline:\n{md}"
    );
    assert!(!user_store.exists(), "the demo wrote into RUTSCOPE_STORE");
    let html = std::fs::read_to_string(dir.join("report.html")).unwrap();
    assert!(html.contains("<svg"), "the HTML report has no chart");

    // What the Markdown shows, checked against the report's JSON of the demo's own store:
    // at least one route and one finding, and they are the ones printed.
    let store = dir.join("store");
    let full = json(
        &rutscope(&store)
            .args(["report", "--format", "json"])
            .output()
            .unwrap(),
    );
    let routes = full["routes"]["routes"].as_array().unwrap();
    assert!(!routes.is_empty(), "no route");
    let top = format!("| {} |", routes[0]["id"].as_str().unwrap());
    assert!(md.contains(&top), "route {top} not in the report:\n{md}");
    let said: Vec<&serde_json::Value> = full["text"]["sections"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["blocks"].as_array().unwrap())
        .filter(|b| b["block"] == "findings")
        .collect();
    let findings: Vec<&str> = said
        .iter()
        .flat_map(|b| {
            b["findings"]["now"]
                .as_array()
                .unwrap()
                .iter()
                .chain(b["findings"]["earlier"].as_array().unwrap())
        })
        .map(|f| f["title"].as_str().unwrap())
        .collect();
    assert!(!findings.is_empty(), "no finding");
    assert!(
        findings.iter().any(|t| md.contains(t)),
        "none of the findings {findings:?} in the report:\n{md}"
    );

    // Every simulated run is in the store once; running the demo again adds nothing and
    // prints the same report.
    let runs = std::fs::read_dir(dir.join("files"))
        .unwrap()
        .filter(|e| e.as_ref().unwrap().file_name() != "truth.json")
        .count();
    let listed = || {
        json(&rutscope(&store).args(["list", "--json"]).output().unwrap())
            .as_array()
            .unwrap()
            .len()
    };
    assert_eq!(listed(), runs);
    let second = demo(&dir, &user_store);
    assert!(
        second.status.success(),
        "{}",
        String::from_utf8_lossy(&second.stderr)
    );
    assert!(
        String::from_utf8_lossy(&second.stderr).contains("nothing new"),
        "{}",
        String::from_utf8_lossy(&second.stderr)
    );
    assert_eq!(stdout(&second), md);
    assert_eq!(listed(), runs);
    assert!(!user_store.exists());
}

#[test]
fn demo_refuses_a_folder_it_did_not_make() {
    let tmp = tempfile::tempdir().unwrap();
    let mine = tmp.path().join("notes.txt");
    std::fs::write(&mine, "my notes").unwrap();
    let o = demo(tmp.path(), &tmp.path().join("user-store"));
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("not a rutscope demo folder"), "{err}");
    let left: Vec<_> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        left,
        ["notes.txt"],
        "the demo wrote into a folder it refused"
    );
    assert_eq!(std::fs::read_to_string(&mine).unwrap(), "my notes");
}

#[test]
fn ci_runs_the_readmes_first_command() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let first = readme
        .split_once("## The two commands")
        .and_then(|(_, rest)| rest.split("```sh\n").nth(1))
        .and_then(|block| block.lines().next())
        .expect("a sh code block under \"The two commands\" in the README");
    assert!(
        first.contains(" demo"),
        "the first command is not the demo: {first}"
    );
    let ci = std::fs::read_to_string(root.join(".ci/run")).unwrap();
    assert!(
        ci.lines().any(|l| l.trim() == first.trim()),
        ".ci/run does not run the README's first command `{first}`"
    );
}
