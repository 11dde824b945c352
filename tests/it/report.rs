//! The report on simulated histories: Markdown and JSON snapshots (`insta`), and the HTML
//! page rendered by headless Chromium to a PNG when `/usr/bin/chromium` is there (`.ci/run`
//! installs it): no console errors, a real picture. The screenshots are kept in
//! `target/report-screenshots/` to look at.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::{json, rutscope, simulated_store};

/// Simulates `weeks` of a scenario, imports it and returns the store.
fn store_of(dir: &Path, scenario: &str, seed: u64, weeks: u32) -> PathBuf {
    simulated_store(dir, scenario, seed, weeks).0
}

/// The last day of the 40-week histories simulated from 2024-01-01: the day their runner
/// is judged on (judged on today, they would be on a break).
const LAST_DAY: &str = "2024-10-06";

fn report(store: &Path, format: &str) -> String {
    let o = rutscope(store)
        .args(["report", "--until", LAST_DAY, "--format", format])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout).unwrap()
}

const SCENARIOS: [&str; 3] = ["plateau", "overtraining", "stale-routes"];

#[test]
fn markdown_and_json_snapshots_of_simulated_histories() {
    for scenario in SCENARIOS {
        let dir = tempfile::tempdir().unwrap();
        let store = store_of(dir.path(), scenario, 1, 40);
        let md = report(&store, "md");
        insta::assert_snapshot!(format!("{scenario}-md"), md);
        // The JSON's verdict, plateaus, findings, top routes and data (the daily series
        // and runs are the analyses' own, tested there).
        let full = json(
            &rutscope(&store)
                .args(["report", "--until", LAST_DAY, "--format", "json"])
                .output()
                .unwrap(),
        );
        assert_eq!(full["schema"], "rutscope-report/2");
        let findings = |v: &serde_json::Value| -> Vec<serde_json::Value> {
            v["findings"]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| serde_json::json!({"kind": f["kind"], "severity": f["severity"], "start": f["start"], "end": f["end"], "ongoing": f["ongoing"], "evidence": f["evidence"]}))
                .collect()
        };
        let part = serde_json::json!({
            "verdict": full["summary"]["verdict"],
            "headline": full["text"]["sections"][0]["blocks"][0]["text"],
            "plateaus": full["plateaus"]["signals"].as_array().unwrap().iter().map(|s| serde_json::json!({
                "signal": s["signal"],
                "status": s["status"],
                "plateaus": s["plateaus"].as_array().unwrap().iter().map(|p| serde_json::json!({"start": p["start"], "end": p["end"], "weeks": p["weeks"], "ongoing": p["ongoing"], "level": p["level"], "reasons": p["reasons"].as_array().unwrap().iter().map(|r| r["reason"].clone()).collect::<Vec<_>>()})).collect::<Vec<_>>(),
            })).collect::<Vec<_>>(),
            "load_findings": findings(&full["load"]),
            "route_findings": findings(&full["routes"]),
            "routes": full["routes"]["routes"].as_array().unwrap().iter().take(3).map(|r| serde_json::json!({"id": r["id"], "name": r["name"], "runs": r["runs"], "shape": r["shape"]})).collect::<Vec<_>>(),
            "data": full["data"],
        });
        insta::assert_snapshot!(
            format!("{scenario}-json"),
            serde_json::to_string_pretty(&part).unwrap()
        );
    }
}

#[test]
fn the_html_report_is_self_contained_and_renders_in_chromium() {
    let chromium = Path::new("/usr/bin/chromium");
    let shots = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/report-screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    for scenario in SCENARIOS {
        let dir = tempfile::tempdir().unwrap();
        let store = store_of(dir.path(), scenario, 1, 52);
        let page = dir.path().join("report.html");
        let o = rutscope(&store)
            .args(["report", "-o"])
            .arg(&page)
            .output()
            .unwrap();
        assert!(o.status.success());
        let html = std::fs::read_to_string(&page).unwrap();
        assert!(html.starts_with("<!doctype html>") && html.trim_end().ends_with("</html>"));
        // Nothing to fetch: no scripts, no external files, no URLs.
        for banned in [
            "<script", "src=", "href=", "url(", "http://", "https://", "@import",
        ] {
            assert!(!html.contains(banned), "{scenario}: {banned} in the page");
        }
        for part in ["Plateaus", "Training load", "Routes and variety", "<svg"] {
            assert!(html.contains(part), "{scenario}: {part} missing");
        }
        if !chromium.exists() {
            eprintln!("skipping the Chromium screenshot: /usr/bin/chromium is not installed");
            continue;
        }
        let png = shots.join(format!("{scenario}.png"));
        let _ = std::fs::remove_file(&png);
        let profile = dir.path().join("chromium-profile");
        let o = Command::new(chromium)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--hide-scrollbars",
                "--enable-logging=stderr",
                "--v=0",
                "--window-size=1000,3000",
            ])
            .arg(format!("--user-data-dir={}", profile.display()))
            .arg(format!("--screenshot={}", png.display()))
            .arg(format!("file://{}", page.display()))
            .output()
            .unwrap();
        let log = String::from_utf8_lossy(&o.stderr);
        let console: Vec<&str> = log
            .lines()
            .filter(|l| l.contains("CONSOLE") || l.contains("Uncaught"))
            .collect();
        assert!(
            console.is_empty(),
            "{scenario}: console messages: {console:#?}"
        );
        let bytes = std::fs::read(&png).unwrap_or_default();
        assert!(
            bytes.starts_with(b"\x89PNG") && bytes.len() > 30_000,
            "{scenario}: no real screenshot ({} bytes): {log}",
            bytes.len()
        );
    }
}

/// HTML text back to plain text (the five entities `html::esc` writes).
fn unescape(html: &str) -> String {
    html.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

#[test]
fn every_format_states_the_same_facts_in_the_same_words() {
    for scenario in SCENARIOS {
        let dir = tempfile::tempdir().unwrap();
        let store = store_of(dir.path(), scenario, 1, 40);
        let full = json(
            &rutscope(&store)
                .args(["report", "--until", LAST_DAY, "--format", "json"])
                .output()
                .unwrap(),
        );
        let formats = [
            ("md", report(&store, "md")),
            ("text", report(&store, "text")),
            ("html", unescape(&report(&store, "html"))),
        ];
        // What must read the same everywhere: the verdict's headline, every finding's
        // title, every plateau (with its level), every phase's level, every signal's status.
        let doc = &full["text"];
        let mut facts: Vec<String> = Vec::new();
        for section in doc["sections"].as_array().unwrap() {
            for b in section["blocks"].as_array().unwrap() {
                match b["block"].as_str().unwrap() {
                    "headline" | "note" => facts.push(b["text"].as_str().unwrap().into()),
                    "findings" => {
                        for f in b["findings"]["now"]
                            .as_array()
                            .unwrap()
                            .iter()
                            .chain(b["findings"]["earlier"].as_array().unwrap())
                        {
                            facts.push(f["title"].as_str().unwrap().into());
                        }
                    }
                    "plateau" => facts.push(b["plateau"]["title"].as_str().unwrap().into()),
                    "table" if b["table"]["columns"][4] == "level" => {
                        for row in b["table"]["rows"].as_array().unwrap() {
                            facts.push(row[4].as_str().unwrap().into());
                        }
                    }
                    _ => {}
                }
            }
        }
        assert!(facts.len() >= 8, "{scenario}: {facts:#?}");
        assert!(
            facts
                .iter()
                .any(|f| f.starts_with("Yes:") || f.starts_with("No") || f.starts_with("Not now")),
            "{scenario}: no headline in {facts:#?}"
        );
        for (name, text) in &formats {
            for f in &facts {
                assert!(text.contains(f.as_str()), "{scenario}: {name} lacks {f:?}");
            }
            // No Rust Debug name reaches a reader.
            for debug in [
                "Flat",
                "Improving",
                "Declining",
                "Some(",
                "None",
                "LoadSpike",
                "NoCutBack",
                "StaleRoutes",
                "NoQuality",
                "NoLongRun",
                "RisingHrAtPace",
                "NoRestDay",
                "Judged",
                "TooShort",
                "NoHardSessions",
            ] {
                assert!(!text.contains(debug), "{scenario}: {name} says {debug:?}");
            }
        }
    }
}

#[test]
fn a_report_reads_the_activities_and_the_facts_cache_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = store_of(dir.path(), "plateau", 1, 20);
    let store = rutscope::store::Store::at(&path);
    let r = rutscope::report::build(&store, Default::default()).unwrap();
    assert!(!r.analysis.load.runs.is_empty());
    assert_eq!(
        store.reads(),
        rutscope::store::Reads {
            activities: 1,
            facts: 1
        }
    );
}
