//! `rutscope routes` on simulated histories: the planted stale window and its two routes
//! are found on `stale-routes`, nothing stale on `healthy`. Rates over more seeds (purity and
//! recall of the clustering against the simulator's routes): `scripts/detector-rates.sh`.

use std::collections::HashMap;

use crate::common::{json, rutscope, simulated_store, stdout};

fn routes_of(
    scenario: &str,
    seed: u64,
) -> (serde_json::Value, serde_json::Value, serde_json::Value) {
    let dir = tempfile::tempdir().unwrap();
    let (store, truth) = simulated_store(dir.path(), scenario, seed, 40);
    let r = json(
        &rutscope(&store)
            .args(["routes", "--json"])
            .output()
            .unwrap(),
    );
    let list = json(&rutscope(&store).args(["list", "--json"]).output().unwrap());
    let text = stdout(&rutscope(&store).arg("routes").output().unwrap());
    assert!(
        text.contains("ROUTES") && text.contains("VARIETY"),
        "{text}"
    );
    (truth, r, list)
}

#[test]
fn the_stale_stretch_starts_within_a_week_of_the_change_at_a_run() {
    // Issue 15: the start is the first run of the stale stretch (a change point over the
    // runs), not the start of the first 4-week window over the threshold.
    for seed in [2, 3, 4] {
        let (truth, r, list) = routes_of("stale-routes", seed);
        let start: chrono::NaiveDate = truth["planted"][0]["start"]
            .as_str()
            .unwrap()
            .parse()
            .unwrap();
        let stale = stale_findings(&r);
        assert_eq!(stale.len(), 1, "seed {seed}: {stale:#?}");
        let found: chrono::NaiveDate = stale[0]["start"].as_str().unwrap().parse().unwrap();
        assert!(
            (found - start).num_days().abs() <= 7,
            "seed {seed}: stale from {found}, planted {start}"
        );
        // ... and a run's day: the first run on the stale routes from it.
        let day_of: HashMap<&str, &str> = list
            .as_array()
            .unwrap()
            .iter()
            .map(|a| {
                (
                    a["id"].as_str().unwrap(),
                    &a["start"].as_str().unwrap()[..10],
                )
            })
            .collect();
        let first = stale[0]["activities"][0].as_str().unwrap();
        assert_eq!(
            day_of[first],
            stale[0]["start"].as_str().unwrap(),
            "seed {seed}: {}",
            stale[0]
        );
    }
}

/// The `stale-routes` findings of a routes report.
fn stale_findings(r: &serde_json::Value) -> Vec<&serde_json::Value> {
    r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["kind"] == "stale-routes")
        .collect()
}

#[test]
fn the_planted_stale_routes_are_found_and_healthy_variety_is_not_stale() {
    let (truth, r, list) = routes_of("stale-routes", 1);
    assert_eq!(r["schema"], "rutscope-routes/2");
    let planted = &truth["planted"][0];
    assert_eq!(planted["kind"], "stale-routes");
    let start: chrono::NaiveDate = planted["start"].as_str().unwrap().parse().unwrap();
    let stale = stale_findings(&r);
    assert_eq!(stale.len(), 1, "{stale:#?}");
    let found: chrono::NaiveDate = stale[0]["start"].as_str().unwrap().parse().unwrap();
    assert!(
        (found - start).num_days().abs() <= 14,
        "stale from {found}, planted {start}"
    );
    assert!(stale[0]["ongoing"].as_bool().unwrap());
    // The found routes that carry the planted ones are the ones the finding names.
    let file_of: HashMap<&str, &str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            let p = a["source_path"].as_str().unwrap();
            (a["id"].as_str().unwrap(), p.rsplit('/').next().unwrap())
        })
        .collect();
    let planted_route: HashMap<&str, &str> = truth["activities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| (a["file"].as_str().unwrap(), a["route"].as_str().unwrap()))
        .collect();
    for want in planted["routes"].as_array().unwrap() {
        let mut votes: HashMap<&str, usize> = HashMap::new();
        for rr in r["run_routes"].as_array().unwrap() {
            let file = file_of[rr["id"].as_str().unwrap()];
            if rr["date"].as_str().unwrap() >= planted["start"].as_str().unwrap()
                && planted_route[file] == want.as_str().unwrap()
            {
                *votes
                    .entry(rr["route"].as_str().unwrap_or("-"))
                    .or_default() += 1;
            }
        }
        let (carrier, n) = votes.iter().max_by_key(|v| *v.1).unwrap();
        let total: usize = votes.values().sum();
        assert!(*n as f64 >= 0.95 * total as f64, "{want}: {votes:?}");
        assert!(
            stale[0]["evidence"]["routes"]
                .as_array()
                .unwrap()
                .iter()
                .any(|r| r["id"] == *carrier),
            "{want} is {carrier}: {}",
            stale[0]["evidence"]
        );
    }

    let (_, r, _) = routes_of("healthy", 1);
    assert!(
        r["findings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["kind"] != "stale-routes"),
        "{:#}",
        r["findings"]
    );
    assert!(r["routes"].as_array().unwrap().len() >= 10);
}
