//! `rutscope load` findings on simulated histories with planted truths: on `overtraining`
//! the load findings fire inside the planted window and none before it; on `healthy`
//! nothing fires. Through the real pipeline: simulate → files → import → load --json.
//! (False-alarm rates over more seeds and variants: `scripts/detector-rates.sh`.)

use chrono::NaiveDate;

use crate::common::{json, rutscope};

/// Simulates `weeks` of `scenario` with `seed`, imports it and returns (truth, load JSON).
fn simulate_and_load(
    scenario: &str,
    seed: u64,
    weeks: u32,
) -> (serde_json::Value, serde_json::Value) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("sim");
    let store = dir.path().join("store");
    let o = rutscope(&store)
        .args([
            "simulate",
            "--weeks",
            &weeks.to_string(),
            "--seed",
            &seed.to_string(),
        ])
        .args(["--scenario", scenario, "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let truth: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("truth.json")).unwrap()).unwrap();
    let o = rutscope(&store).arg("import").arg(&out).output().unwrap();
    assert!(o.status.success());
    let o = rutscope(&store).args(["load", "--json"]).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    (truth, json(&o))
}

fn date(v: &serde_json::Value) -> NaiveDate {
    v.as_str().unwrap().parse().unwrap()
}

#[test]
fn overtraining_is_found_inside_the_planted_window_and_not_before() {
    for seed in [7, 11] {
        let (truth, load) = simulate_and_load("overtraining", seed, 40);
        let planted = &truth["planted"][0];
        assert_eq!(planted["kind"], "overtraining");
        let (start, end) = (date(&planted["start"]), date(&planted["end"]));
        let findings = load["findings"].as_array().unwrap();
        let kinds: Vec<&str> = findings
            .iter()
            .map(|f| f["kind"].as_str().unwrap())
            .collect();
        for k in [
            "no-rest-day",
            "sustained-ramp",
            "monotony",
            "rising-hr-at-pace",
        ] {
            assert!(
                kinds.contains(&k),
                "seed {seed}: {k} missing from {kinds:?}"
            );
        }
        for f in findings {
            let on = date(&f["detected_on"]);
            assert!(
                on >= start && on <= end,
                "seed {seed}: {} detected on {on}, outside {start}..{end}",
                f["kind"]
            );
            // Every finding carries its numbers and what it stands on.
            assert!(
                f["evidence"].as_object().is_some_and(|e| !e.is_empty()),
                "{f}"
            );
            assert!(f["basis"]["basis"].is_string(), "{f}");
        }
        // ... and explains itself in words, once per finding holding now.
        let ongoing = findings.iter().filter(|f| f["ongoing"] == true).count();
        let said = load["text"]["blocks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|b| b["block"] == "findings")
            .expect("a findings block");
        let now = said["findings"]["now"].as_array().unwrap();
        assert_eq!(now.len(), ongoing);
        for f in now {
            for key in ["title", "when", "rule", "data", "advice"] {
                assert!(!f[key].as_str().unwrap().is_empty(), "{key} of {f}");
            }
            assert!(!f["lines"].as_array().unwrap().is_empty(), "{f}");
        }
        // The streak starts with the planted change (or the weekend runs just before it).
        let streak = findings
            .iter()
            .find(|f| f["kind"] == "no-rest-day")
            .unwrap();
        assert!(
            (date(&streak["start"]) - start).num_days().abs() <= 3,
            "{streak}"
        );
        assert_eq!(streak["ongoing"], true);
        assert!(load["sufficiency"]["load_rules"].as_bool().unwrap());
    }
}

#[test]
fn a_healthy_history_raises_nothing() {
    for seed in [7, 11] {
        let (_, load) = simulate_and_load("healthy", seed, 40);
        let findings = load["findings"].as_array().unwrap();
        assert!(findings.is_empty(), "seed {seed}: {findings:#?}");
        assert!(load["sufficiency"]["efficiency_rules"].as_bool().unwrap());
    }
}
