//! The simulated athlete through the real import: every generated file imports, and the
//! written values are recovered (distance, duration, heart rate).

use std::collections::HashMap;

use crate::common::{json, rutscope, stdout};

#[test]
fn simulated_files_import_with_their_values_recovered() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("sim");
    for (format, recording) in [("mixed", "1s"), ("fit", "smart")] {
        let _ = std::fs::remove_dir_all(&out);
        let o = rutscope(dir.path())
            .args([
                "simulate",
                "--weeks",
                "6",
                "--seed",
                "3",
                "--scenario",
                "healthy",
                "--format",
                format,
                "--recording",
                recording,
                "--out",
            ])
            .arg(&out)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let truth: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(out.join("truth.json")).unwrap())
                .unwrap();
        assert_eq!(truth["schema"], "rutscope-simulation/1");
        let store = dir.path().join(format!("store-{format}-{recording}"));
        let o = rutscope(&store)
            .args(["import", "--json"])
            .arg(&out)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", stdout(&o));
        let s = json(&o);
        let n = truth["activities"].as_array().unwrap().len();
        assert_eq!(s["imported"].as_u64().unwrap() as usize, n);
        assert_eq!(s["ignored"], 1, "truth.json is not an activity file");
        let listed = json(&rutscope(&store).args(["list", "--json"]).output().unwrap());
        let by_file: HashMap<String, &serde_json::Value> = listed
            .as_array()
            .unwrap()
            .iter()
            .map(|a| {
                (
                    a["source_path"]
                        .as_str()
                        .unwrap()
                        .rsplit('/')
                        .next()
                        .unwrap()
                        .to_string(),
                    a,
                )
            })
            .collect();
        for t in truth["activities"].as_array().unwrap() {
            let file = t["file"].as_str().unwrap();
            let a = by_file[file];
            let c = &a["computed"];
            let want_d = t["distance_m"].as_f64().unwrap();
            let got_d = c["distance_m"].as_f64().unwrap();
            // FIT/TCX carry the watch's distance (true distance ± 0.5 % calibration);
            // GPX's is computed from positions with ±2.5 m GPS noise.
            assert!(
                (got_d - want_d).abs() < 0.02 * want_d,
                "{file}: distance {got_d} vs {want_d}"
            );
            let want_mt = t["moving_time_s"].as_f64().unwrap();
            let got_mt = c["moving_time_s"].as_f64().unwrap();
            assert!(
                (got_mt - want_mt).abs() <= 0.01 * want_mt + 10.0,
                "{file}: moving {got_mt} vs {want_mt}"
            );
            let want_el = t["elapsed_s"].as_f64().unwrap();
            let got_el = c["elapsed_s"].as_f64().unwrap();
            assert!(
                (got_el - want_el).abs() <= 8.0,
                "{file}: elapsed {got_el} vs {want_el}"
            );
            // Heart rate is written rounded, with ±1.2 bpm sensor noise.
            let want_hr = t["avg_hr_bpm"].as_f64().unwrap();
            let got_hr = c["avg_hr_bpm"].as_f64().unwrap();
            assert!(
                (got_hr - want_hr).abs() < 1.5,
                "{file}: HR {got_hr} vs {want_hr}"
            );
            assert_eq!(
                a["start"].as_str().unwrap(),
                t["start_utc"].as_str().unwrap(),
                "{file}"
            );
        }
    }
}

#[test]
fn simulate_rejects_unknown_scenarios() {
    let dir = tempfile::tempdir().unwrap();
    let o = rutscope(dir.path())
        .args(["simulate", "--scenario", "couch", "--out"])
        .arg(dir.path().join("x"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("'couch' for '--scenario") && err.contains("possible values"),
        "{err}"
    );
}

#[test]
fn same_seed_gives_byte_identical_files() {
    let dir = tempfile::tempdir().unwrap();
    let run = |name: &str| {
        let out = dir.path().join(name);
        let o = rutscope(dir.path())
            .args([
                "simulate",
                "--weeks",
                "3",
                "--seed",
                "11",
                "--scenario",
                "plateau+stale-routes",
                "--format",
                "mixed",
                "--out",
            ])
            .arg(&out)
            .output()
            .unwrap();
        assert!(o.status.success());
        let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(&out)
            .unwrap()
            .flatten()
            .map(|e| {
                (
                    e.file_name().to_string_lossy().into_owned(),
                    std::fs::read(e.path()).unwrap(),
                )
            })
            .collect();
        files.sort();
        files
    };
    let (a, b) = (run("a"), run("b"));
    assert!(a.len() > 10);
    assert!(a == b, "two runs with the same seed differ");
}

/// `rutscope load` over a simulated overtraining block: fatigue rises above fitness and the
/// acute:chronic ratio climbs once the 15 %/week ramp with no rest day starts.
#[test]
fn load_series_over_a_simulated_overtraining_block() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("sim");
    let o = rutscope(dir.path())
        .args([
            "simulate",
            "--weeks",
            "14",
            "--seed",
            "5",
            "--scenario",
            "overtraining",
            "--change-week",
            "8",
            "--format",
            "fit",
            "--out",
        ])
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success());
    let store = dir.path().join("store");
    rutscope(&store).arg("import").arg(&out).assert().success();
    let v = json(&rutscope(&store).args(["load", "--json"]).output().unwrap());
    let n = v["activities"].as_u64().unwrap();
    assert_eq!(
        v["load_from_hr"].as_u64().unwrap(),
        n,
        "every simulated run has heart rate"
    );
    let weekly = v["weekly"].as_array().unwrap();
    let daily = v["daily"].as_array().unwrap();
    // Before the ramp: rest days every week; in the ramp: none.
    assert!(
        weekly[..7]
            .iter()
            .all(|w| w["rest_days"].as_u64().unwrap() >= 2),
        "{weekly:?}"
    );
    assert!(
        weekly[9..].iter().all(|w| w["rest_days"] == 0),
        "{weekly:?}"
    );
    let last = daily.last().unwrap();
    assert!(last["atl"].as_f64().unwrap() > last["ctl"].as_f64().unwrap());
    // The ramp (+15 %/week up to twice the volume) lifts the acute:chronic ratio.
    let peak = daily
        .iter()
        .filter_map(|d| d["acwr_rolling"].as_f64())
        .fold(0.0, f64::max);
    assert!(peak > 1.2, "{peak}");
    let text = stdout(&rutscope(&store).arg("load").output().unwrap());
    assert!(
        text.contains("fitness (CTL)") && text.contains("WEEK"),
        "{text}"
    );
}
