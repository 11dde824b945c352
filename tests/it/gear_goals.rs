//! Shoes, goals, strength and other sports (issue 19): what the runner enters (`gear`,
//! `goal`, `set --gear`) survives re-import and shows in the analyses; a worn shoe raises
//! an alert at its limit; goals read on track on an improving history and off track on a
//! plateau; other sports show per week on a real history.

use std::path::Path;

use serde_json::Value;

use crate::common::{corpus, json, ok, rutscope, simulated_store, stdout};

fn gear(store: &Path, extra: &[&str]) -> Value {
    let mut args = vec!["gear", "list", "--json"];
    args.extend_from_slice(extra);
    json(&rutscope(store).args(&args).output().unwrap())
}

fn shoe<'a>(g: &'a Value, name: &str) -> &'a Value {
    g["shoes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == name)
        .unwrap_or_else(|| panic!("no shoe {name}: {g}"))
}

fn last_day(store: &Path) -> String {
    let r = json(
        &rutscope(store)
            .args(["report", "--format", "json"])
            .output()
            .unwrap(),
    );
    r["last"].as_str().unwrap().to_string()
}

#[test]
fn shoes_by_dates_and_a_default_give_every_run_of_a_real_history_a_shoe_and_survive_reimport() {
    let Some(c) = corpus("shoes_by_dates") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("s");
    let files = c.join("history/wuyueSea");
    rutscope(&store).arg("import").arg(&files).output().unwrap();
    ok(
        &store,
        &[
            "gear",
            "add",
            "Pegasus",
            "--from",
            "2022-01-01",
            "--default",
        ],
    );
    ok(
        &store,
        &[
            "gear",
            "add",
            "Vaporfly",
            "--from",
            "2024-03-01",
            "--retire-at",
            "3000km",
        ],
    );
    ok(&store, &["gear", "retire", "pegasus", "--on", "2024-02-29"]);
    let g = gear(&store, &[]);
    let runs = g["runs"].as_u64().unwrap();
    assert!(runs > 500, "{runs}");
    // Every run has a shoe: the default up to its retirement, the newer one from its day.
    assert_eq!(g["runs_with_gear"], runs, "{g}");
    let (p, v) = (shoe(&g, "Pegasus"), shoe(&g, "Vaporfly"));
    assert_eq!(
        p["runs"].as_u64().unwrap() + v["runs"].as_u64().unwrap(),
        runs
    );
    assert!(p["last"].as_str().unwrap() <= "2024-02-29", "{p}");
    assert!(v["first"].as_str().unwrap() >= "2024-03-01", "{v}");
    assert_eq!(p["retired"], "2024-02-29");
    // The runner's limit: passed, and the shoe still in use on the last day → an alert.
    assert_eq!(v["retire_at_m"], 3_000_000.0);
    let worn: Vec<&Value> = g["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["kind"] == "shoe-worn")
        .collect();
    assert_eq!(worn.len(), 1, "{g}");
    assert_eq!(worn[0]["evidence"]["shoe"], "Vaporfly");
    assert_eq!(worn[0]["evidence"]["passed_on"], v["passed_limit_on"]);
    // One run set to the other shoe by hand wins over the dates.
    let list = json(
        &rutscope(&store)
            .args([
                "list",
                "--since",
                "2025-06-01",
                "--sport",
                "running",
                "--json",
            ])
            .output()
            .unwrap(),
    );
    let id = list[0]["id"].as_str().unwrap().to_string();
    let out = ok(&store, &["set", &id, "--gear", "PEGASUS"]);
    assert!(out.contains("Pegasus"), "{out}");
    // A typo is refused.
    let o = rutscope(&store)
        .args(["set", &id, "--gear", "Pegasos"])
        .output()
        .unwrap();
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("gear add"));
    // Re-importing the files (and a goal set in between) loses nothing.
    ok(
        &store,
        &["goal", "set", "half", "1:45:00", "--by", "2026-03-01"],
    );
    let o = rutscope(&store).arg("import").arg(&files).output().unwrap();
    assert!(o.status.code().is_some_and(|c| c <= 1), "{}", stdout(&o));
    let g2 = gear(&store, &[]);
    assert_eq!(g2["runs_with_gear"], runs);
    let (p2, v2) = (shoe(&g2, "Pegasus"), shoe(&g2, "Vaporfly"));
    assert_eq!(
        p2["runs"].as_u64().unwrap(),
        p["runs"].as_u64().unwrap() + 1
    );
    assert_eq!(
        v2["runs"].as_u64().unwrap(),
        v["runs"].as_u64().unwrap() - 1
    );
    assert_eq!(p2["by_source"]["set"], 1);
    let goals = json(
        &rutscope(&store)
            .args(["goal", "list", "--json"])
            .output()
            .unwrap(),
    );
    assert_eq!(goals["goals"][0]["goal"]["kind"], "race");
    assert_eq!(goals["goals"][0]["goal"]["distance_m"], 21_097.5);
}

#[test]
fn the_retire_alert_fires_at_the_limit_and_not_before_or_after_retiring() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = simulated_store(dir.path(), "healthy", 11, 16);
    ok(
        &store,
        &["gear", "add", "Daily", "--default", "--retire-at", "9999km"],
    );
    let g = gear(&store, &[]);
    let total = shoe(&g, "Daily")["distance_m"].as_f64().unwrap();
    assert!(total > 100_000.0, "{total}");
    assert_eq!(g["runs_with_gear"], g["runs"]);
    let alerts = |g: &Value| {
        g["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["kind"] == "shoe-worn" && f["severity"] == "alert")
            .count()
    };
    assert_eq!(alerts(&g), 0);
    // Just above the distance: no alert; just under: an alert.
    let km = |m: f64| format!("{:.3}km", m / 1000.0);
    ok(
        &store,
        &["gear", "add", "Daily", "--retire-at", &km(total + 5000.0)],
    );
    assert_eq!(alerts(&gear(&store, &[])), 0);
    ok(
        &store,
        &["gear", "add", "Daily", "--retire-at", &km(total - 5000.0)],
    );
    let g = gear(&store, &[]);
    assert_eq!(alerts(&g), 1, "{g}");
    assert!(shoe(&g, "Daily")["passed_limit_on"].is_string());
    // The report carries it too, in every format.
    let md = ok(&store, &["report"]);
    assert!(
        md.contains("Daily has") && md.contains("time to retire it"),
        "{md}"
    );
    // Retired: no alert.
    let last = last_day(&store);
    ok(&store, &["gear", "retire", "Daily", "--on", &last]);
    assert_eq!(alerts(&gear(&store, &[])), 0);
}

/// A goal a little faster than race fitness now, `weeks` out, judged on the last day.
fn goal_standing(scenario: &str, seed: u64) -> Value {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = simulated_store(dir.path(), scenario, seed, 40);
    let last = last_day(&store);
    ok(&store, &["goal", "set", "10k", "90:00"]);
    let probe = json(
        &rutscope(&store)
            .args(["goal", "list", "--json", "--until", &last])
            .output()
            .unwrap(),
    );
    let now = probe["goals"][0]["now"].as_f64().unwrap();
    // 3 % faster in 16 weeks: what a runner still improving reaches, and one on a plateau
    // does not.
    let target = now * 0.97;
    let by = (chrono::NaiveDate::parse_from_str(&last, "%Y-%m-%d").unwrap()
        + chrono::Duration::weeks(16))
    .to_string();
    let t = format!("{}:{:02}", (target as i64) / 60, (target as i64) % 60);
    ok(&store, &["goal", "set", "10k", &t, "--by", &by]);
    let g = json(
        &rutscope(&store)
            .args(["goal", "list", "--json", "--until", &last])
            .output()
            .unwrap(),
    );
    g["goals"][0].clone()
}

#[test]
fn a_goal_is_on_track_on_an_improving_history_and_off_track_on_a_plateau() {
    for seed in [3, 8] {
        let g = goal_standing("improving", seed);
        assert_eq!(g["standing"], "on-track", "improving seed {seed}: {g}");
        assert!(g["trend_per_week"].as_f64().unwrap() < 0.0, "{g}");
        let g = goal_standing("plateau", seed);
        assert_eq!(g["standing"], "off-track", "plateau seed {seed}: {g}");
        // The needed rate: the gap over the weeks left.
        let need = (g["target"].as_f64().unwrap() - g["now"].as_f64().unwrap())
            / g["weeks_left"].as_f64().unwrap();
        assert!(
            (g["needed_per_week"].as_f64().unwrap() - need).abs() < 1e-6,
            "{g}"
        );
        assert!(need < 0.0);
    }
}

#[test]
fn a_runner_stuck_without_a_goal_is_given_a_realistic_one_and_not_once_they_set_one() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = simulated_store(dir.path(), "plateau", 5, 40);
    let last = last_day(&store);
    let report = |store: &Path| {
        json(
            &rutscope(store)
                .args(["report", "--format", "json", "--until", &last])
                .output()
                .unwrap(),
        )
    };
    let r = report(&store);
    assert_eq!(r["summary"]["verdict"], "rut", "{}", r["summary"]);
    let set: Vec<&Value> = r["summary"]["suggestions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["suggestion"] == "set-goal")
        .collect();
    assert_eq!(set.len(), 1, "{}", r["summary"]["suggestions"]);
    let g = &set[0]["goal"];
    // Realistic: faster than race fitness now, toward the best stretch of the history and
    // never past it, at most 3 VDOT (about 6 %) in its 12 weeks.
    let (target, now) = (g["vdot"].as_f64().unwrap(), g["vdot_now"].as_f64().unwrap());
    assert!(target > now && target - now <= 3.0 + 1e-9, "{g}");
    if let Some(best) = g["best"]["vdot"].as_f64() {
        assert!(target <= best + 1e-9 && g["best"]["end"].as_str().unwrap() <= last.as_str());
    }
    let weeks = (chrono::NaiveDate::parse_from_str(g["by"].as_str().unwrap(), "%Y-%m-%d").unwrap()
        - chrono::NaiveDate::parse_from_str(&last, "%Y-%m-%d").unwrap())
    .num_weeks();
    assert_eq!(weeks, 12);
    let md = ok(&store, &["report", "--until", &last]);
    assert!(
        md.contains("Set a goal") && md.contains("rutscope goal set 10k"),
        "{md}"
    );
    ok(&store, &["goal", "set", "weekly", "50km"]);
    let r = report(&store);
    assert!(
        !r["summary"]["suggestions"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["suggestion"] == "set-goal" || s["suggestion"] == "goal-race"),
        "{}",
        r["summary"]["suggestions"]
    );
    assert_eq!(r["goals"][0]["goal"]["kind"], "weekly-distance");
}

#[test]
fn swims_show_week_by_week_beside_the_runs_of_a_real_history() {
    let Some(c) = corpus("swims_per_week") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("s");
    rutscope(&store)
        .arg("import")
        .arg(c.join("history/520qianjiawen"))
        .output()
        .unwrap();
    let last = last_day(&store);
    let r = json(
        &rutscope(&store)
            .args(["report", "--format", "json", "--until", &last])
            .output()
            .unwrap(),
    );
    let swim_weeks = crate::common::weeks_with_class(&r, "swimming");
    assert!(swim_weeks >= 5, "{swim_weeks}");
    let swims = r["cross_training"]["classes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["class"] == "swimming")
        .expect("swimming in the other sports");
    assert!(swims["sessions"].as_u64().unwrap() >= swim_weeks as u64);
    let md = ok(&store, &["report", "--until", &last]);
    assert!(md.contains("## Strength and other sports") && md.contains("| swimming |"));
}
