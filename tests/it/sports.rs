//! Only runs are runs, on every real history of the corpus (`corpus/history/*`): each is
//! imported and reported as JSON, and
//! - no activity whose file names another sport (ride, hike, walk, swim, strength, skipping
//!   rope) is among the report's runs (`load.runs`), and an untyped one is there only at a
//!   running speed;
//! - the weekly distance is the runs' distance, nothing else's;
//! - the other sports appear as cross-training, each class with at least the activities
//!   whose file names it, and the classification's groups add up to the counted activities;
//! - what a coach reading the runs concludes about each history's other sports holds (the
//!   readings below were established by listing each history's activities with `rutscope
//!   list --json` and reading sport, speed, heart rate, climb and duration of every
//!   non-running or untyped one).
//!
//! Without the corpus the test prints a notice and passes, unless `RUTSCOPE_REQUIRE_CORPUS`
//! is set: then a missing corpus fails.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use serde_json::Value;

use crate::common::{json, rutscope, stdout};

/// The corpus, or `None` with a notice; a missing corpus fails when
/// `RUTSCOPE_REQUIRE_CORPUS` is set.
fn corpus_or_skip(test: &str) -> Option<PathBuf> {
    let c = rutscope::corpus_dir();
    if c.is_none() {
        assert!(
            std::env::var_os("RUTSCOPE_REQUIRE_CORPUS").is_none(),
            "{test}: RUTSCOPE_REQUIRE_CORPUS is set but the corpus is missing (set RUTSCOPE_CORPUS)"
        );
        eprintln!("NOTICE: {test}: corpus not found (set RUTSCOPE_CORPUS); skipped");
    }
    c
}

/// The stored sports that name another sport than running.
fn names_other_sport(a: &Value) -> bool {
    let sport = a["sport"].as_str().unwrap_or("");
    let raw = a["sport_raw"].as_str().unwrap_or("").to_ascii_lowercase();
    matches!(sport, "cycling" | "walking" | "hiking" | "swimming")
        // TCX "Other" only says "not running, not biking"; any other word is a sport.
        || (sport == "other" && raw != "other")
}

/// The class a stored sport names, for the activities whose file says.
fn file_class(a: &Value) -> Option<&'static str> {
    let raw = a["sport_raw"].as_str().unwrap_or("").to_ascii_lowercase();
    Some(match a["sport"].as_str()? {
        "cycling" => "cycling",
        "walking" => "walking",
        "hiking" => "hiking",
        "swimming" => "swimming",
        "other" if raw == "training" => "strength",
        "other" if raw != "other" => "other",
        _ => return None,
    })
}

fn count_of(load: &Value, class: &str) -> u64 {
    load["cross_training"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|c| c["class"] == class)
        .map_or(0, |c| c["count"].as_u64().unwrap())
}

fn inferred(load: &Value, class: &str, rule: &str) -> u64 {
    load["classes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|g| g["class"] == class && g["rule"] == rule)
        .map(|g| g["count"].as_u64().unwrap())
        .sum()
}

#[test]
fn only_runs_are_runs_on_every_real_history() {
    let Some(c) = corpus_or_skip("only_runs_are_runs_on_every_real_history") else {
        return;
    };
    let mut histories: Vec<PathBuf> = std::fs::read_dir(c.join("history"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    histories.sort();
    assert!(!histories.is_empty(), "no history in {}", c.display());
    let mut seen = Vec::new();
    for hist in &histories {
        let name = hist.file_name().unwrap().to_string_lossy().into_owned();
        let dir = tempfile::tempdir().unwrap();
        let store = dir.path().join("store");
        let out = rutscope(&store).arg("import").arg(hist).output().unwrap();
        assert!(out.status.success(), "{name}: {}", stdout(&out));
        let list = json(&rutscope(&store).args(["list", "--json"]).output().unwrap());
        let acts: HashMap<&str, &Value> = list
            .as_array()
            .unwrap()
            .iter()
            .map(|a| (a["id"].as_str().unwrap(), a))
            .collect();
        let report = json(
            &rutscope(&store)
                .args(["report", "--format", "json"])
                .output()
                .unwrap(),
        );
        let load = &report["load"];
        let runs = load["runs"].as_array().unwrap();
        let run_ids: HashSet<&str> = runs.iter().map(|r| r["id"].as_str().unwrap()).collect();

        // No activity of another sport among the runs; an untyped one only at running speed.
        for id in &run_ids {
            let a = acts[id];
            assert!(
                !names_other_sport(a),
                "{name}: {id} ({}, {}) counted as a run",
                a["sport"],
                a["sport_raw"]
            );
            if a["sport"] != "running" {
                let d = a["computed"]["distance_m"].as_f64().unwrap_or(0.0);
                let t = a["computed"]["moving_time_s"].as_f64().unwrap_or(0.0);
                let v = d / t;
                assert!(
                    (2.0..=6.4).contains(&v),
                    "{name}: untyped {id} counted as a run at {v:.2} m/s"
                );
            }
        }

        // Weekly distance is the runs' distance.
        let weekly: f64 = load["weekly"]
            .as_array()
            .unwrap()
            .iter()
            .map(|w| w["distance_m"].as_f64().unwrap())
            .sum();
        let run_km: f64 = runs.iter().map(|r| r["distance_m"].as_f64().unwrap()).sum();
        assert!(
            (weekly - run_km).abs() < 1.0,
            "{name}: weekly {weekly} m vs runs {run_km} m"
        );
        let weekly_runs: u64 = load["weekly"]
            .as_array()
            .unwrap()
            .iter()
            .map(|w| w["activities"].as_u64().unwrap())
            .sum();
        assert_eq!(weekly_runs, runs.len() as u64, "{name}: weekly run counts");

        // The groups add up: runs plus cross-training are the counted activities.
        let grouped: u64 = load["classes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|g| g["count"].as_u64().unwrap())
            .sum();
        assert_eq!(grouped, load["activities"].as_u64().unwrap(), "{name}");
        let cross: u64 = load["cross_training"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|c| c["count"].as_u64().unwrap())
            .sum();
        assert_eq!(runs.len() as u64 + cross, grouped, "{name}");

        // Every class has at least the activities whose file names it (the analysed range
        // may leave out some whose clock is implausible).
        let (first, last) = (
            report["first"].as_str().unwrap_or("0000"),
            report["last"].as_str().unwrap_or("9999"),
        );
        let mut by_file: HashMap<&str, u64> = HashMap::new();
        for a in acts.values() {
            let day = a["start"].as_str().map(|s| &s[..10]);
            if day.is_some_and(|d| d >= first && d <= last)
                && let Some(cl) = file_class(a)
            {
                *by_file.entry(cl).or_default() += 1;
            }
        }
        for (cl, n) in &by_file {
            assert!(
                count_of(load, cl) >= *n,
                "{name}: {cl}: {} as cross-training, {n} named so by their files",
                count_of(load, cl)
            );
        }
        // No activity is counted twice: no two kept activities overlap for most of the
        // shorter one (the same hike or run exported as TCX and as GPX).
        let mut spans: Vec<(f64, f64, &str)> = acts
            .values()
            .filter(|a| a["status"] == "primary")
            .filter_map(|a| {
                let start = chrono::DateTime::parse_from_rfc3339(a["start"].as_str()?).ok()?;
                let t = start.timestamp() as f64;
                let d = a["computed"]["elapsed_s"].as_f64()?;
                Some((t, t + d, a["id"].as_str()?))
            })
            .collect();
        spans.sort_by(|a, b| a.0.total_cmp(&b.0));
        for (i, a) in spans.iter().enumerate() {
            for b in spans[i + 1..].iter().take_while(|b| b.0 < a.1) {
                let overlap = a.1.min(b.1) - b.0;
                let shorter = (a.1 - a.0).min(b.1 - b.0);
                assert!(
                    overlap < 0.8 * shorter,
                    "{name}: {} and {} overlap for {overlap:.0} s",
                    a.2,
                    b.2
                );
            }
        }
        // The report says what was left out.
        let text = report["text"].to_string();
        if cross > 0 {
            assert!(text.contains("not counted as runs"), "{name}: no data line");
            assert!(text.contains("Other sports, not counted as runs"), "{name}");
        }
        seen.push(name.clone());

        // What a coach reads in the runs about the other sports.
        match name.as_str() {
            // A road and track runner (Coros) who hikes in the mountains (16 hikes, about
            // 100 km over 34 h) and rides a little (6 rides, and one untyped file at
            // 3:00/km with 100 bpm); none of it is a run, so the long runs are runs.
            "wuyueSea" => {
                assert!(count_of(load, "hiking") >= 16);
                assert!(count_of(load, "cycling") >= 7);
                assert_eq!(
                    inferred(load, "cycling", "heart_rate_too_low_for_running"),
                    1
                );
                assert!(count_of(load, "strength") >= 3);
                assert!(runs.len() >= 540, "{}", runs.len());
            }
            // A runner whose first years are a wrist band's untyped GPX tracks: runs at
            // 4:30–7:00/km, counted as runs from their speed; later a Garmin with hikes
            // (about 45: its export has most of them twice, as TCX "Other" and as GPX
            // "mountaineering", counted once) and city rides; one untyped track at
            // 2:30/km over 10 km is a ride.
            "Quitino" => {
                assert!(inferred(load, "running", "running_speed") >= 130);
                let hikes = count_of(load, "hiking");
                assert!((40..=50).contains(&hikes), "Quitino: {hikes} hikes");
                assert!(count_of(load, "cycling") >= 10);
                assert_eq!(inferred(load, "cycling", "faster_than_running"), 1);
            }
            // A runner who swims (27 pool and open-water swims) and skips rope (9 sessions);
            // none of it is running.
            "520qianjiawen" => {
                assert_eq!(count_of(load, "swimming"), 27);
                assert!(count_of(load, "other") >= 9);
            }
            // Runs only.
            "asplitline" => {
                assert_eq!(count_of(load, "cycling") + count_of(load, "hiking"), 0);
                assert_eq!(runs.len(), 230);
            }
            _ => {}
        }
    }
    eprintln!("checked: {}", seen.join(", "));
}
