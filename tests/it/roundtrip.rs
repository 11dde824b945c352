//! One run written as FIT, GPX and TCX by the project's own writers imports to the same
//! summary, and the three copies deduplicate to one (the FIT kept).

use chrono::{TimeZone, Utc};
use rutscope::model::ParsedActivity;

use crate::common::{json, rutscope, stdout};

/// The demo run: 18 minutes of running at 3 m/s with a 2-minute pause after minute 8.
pub fn sample_run(start_s: i64) -> ParsedActivity {
    rutscope::write::demo::loop_run(Utc.timestamp_opt(start_s, 0).unwrap(), 1080, Some(480))
}

#[test]
fn same_run_as_fit_gpx_tcx_imports_to_the_same_summary() {
    let dir = tempfile::tempdir().unwrap();
    let a = sample_run(1_714_557_600);
    let files = [
        ("run.fit", rutscope::write::fit::write(&a)),
        ("run.gpx", rutscope::write::gpx::write(&a)),
        ("run.tcx", rutscope::write::tcx::write(&a)),
    ];
    let mut summaries = Vec::new();
    for (name, bytes) in &files {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let store = dir.path().join(format!("store-{name}"));
        let out = rutscope(&store).arg("import").arg(&path).output().unwrap();
        assert!(out.status.success(), "{name}: {}", stdout(&out));
        let v = json(&rutscope(&store).args(["list", "--json"]).output().unwrap());
        assert_eq!(v.as_array().unwrap().len(), 1, "{name}");
        summaries.push((name, v[0].clone()));
    }
    for (name, s) in &summaries {
        let c = &s["computed"];
        assert_eq!(s["start"], "2024-05-01T10:00:00Z", "{name}");
        assert_eq!(s["sport"], "running", "{name}");
        assert_eq!(c["samples"], 1081, "{name}");
        assert_eq!(c["pauses"], 1, "{name}");
        let d = c["distance_m"].as_f64().unwrap();
        assert!((d - 3240.0).abs() < 3240.0 * 0.002, "{name}: distance {d}");
        assert_eq!(
            c["moving_time_s"], 1079.0,
            "{name}: moving time excludes the pause"
        );
        assert_eq!(c["elapsed_s"], 1200.0, "{name}");
        let hr = c["avg_hr_bpm"].as_f64().unwrap();
        assert!((hr - 140.0).abs() < 0.5, "{name}: hr {hr}");
        assert_eq!(c["max_hr_bpm"], 160.0, "{name}");
        for ch in ["gps", "heart_rate", "cadence", "power", "elevation"] {
            assert_eq!(c["channels"][ch], true, "{name}: {ch}");
        }
    }
    // All three in one store: one primary, the FIT; two duplicates of it.
    let store = dir.path().join("store-all");
    let out = rutscope(&store)
        .arg("import")
        .arg(dir.path().join("run.gpx"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let out = rutscope(&store)
        .arg("import")
        .arg(dir.path().join("run.tcx"))
        .arg(dir.path().join("run.fit"))
        .output()
        .unwrap();
    assert!(stdout(&out).contains("same activity 2"), "{}", stdout(&out));
    let v = json(
        &rutscope(&store)
            .args(["list", "--json", "--all"])
            .output()
            .unwrap(),
    );
    let rows = v.as_array().unwrap();
    assert_eq!(rows.len(), 3);
    let primary: Vec<_> = rows.iter().filter(|r| r["status"] == "primary").collect();
    assert_eq!(primary.len(), 1);
    assert_eq!(primary[0]["source_format"], "fit");
    let pid = primary[0]["id"].as_str().unwrap();
    for r in rows.iter().filter(|r| r["status"] == "duplicate") {
        assert_eq!(r["duplicate_of"], pid);
        assert_eq!(r["dedup_tier"], "overlap");
    }
    let v = json(&rutscope(&store).args(["list", "--json"]).output().unwrap());
    assert_eq!(v.as_array().unwrap().len(), 1);
}

/// The demo run with running dynamics as a chest strap records them: ground contact
/// 240–260 ms, vertical oscillation 8.5 cm, and a step length that is the speed over the
/// step rate (3 m/s at 85 strides a minute: 1.06 m); none in the first second (a zero, as
/// a strap writes standing still).
pub fn run_with_dynamics(start_s: i64) -> ParsedActivity {
    let mut a = sample_run(start_s);
    let s = &mut a.samples;
    let n = s.len();
    for i in 0..n {
        let moving = i > 0 && s.speed_m_s[i].is_some_and(|v| v > 0.5);
        let (gct, vo, step) = match (s.speed_m_s[i], s.cadence_rpm[i]) {
            (Some(v), Some(c)) if moving => {
                (0.24 + 0.02 * (i % 2) as f64, 0.085, v / (2.0 * c / 60.0))
            }
            _ => (0.0, 0.0, 0.0),
        };
        s.ground_contact_s.push(Some(gct));
        s.vertical_oscillation_m.push(Some(vo));
        s.step_length_m.push(Some(step));
    }
    a
}

/// Running dynamics written into a FIT file read back through both FIT paths alike, and
/// `rutscope show` gives their medians: a coach reads 250 ms of ground contact, 8.5 cm of
/// bounce and a 1.06 m step, which with 170 steps a minute is the run's 3 m/s.
#[test]
fn running_dynamics_are_imported_and_shown() {
    let a = run_with_dynamics(1_714_557_600);
    let bytes = rutscope::write::fit::write(&a);
    let ours = rutscope::ingest::fit::parse(&bytes).unwrap();
    let reference = rutscope::ingest::fit::parse_with_fitparser(&bytes).unwrap();
    let (
        rutscope::ingest::Parsed::Activities(ours),
        rutscope::ingest::Parsed::Activities(reference),
    ) = (ours, reference)
    else {
        panic!("an activity file");
    };
    let s = &ours[0].samples;
    assert_eq!(
        s, &reference[0].samples,
        "the framer reads what fitparser reads"
    );
    assert_eq!(
        s.step_length_m.iter().flatten().count(),
        s.len() - 1,
        "none standing"
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("run.fit");
    std::fs::write(&path, &bytes).unwrap();
    let store = dir.path().join("store");
    rutscope(&store).arg("import").arg(&path).assert().success();
    let show = |id: &str| {
        json(
            &rutscope(&store)
                .args(["show", id, "--json"])
                .output()
                .unwrap(),
        )
    };
    let v = json(&rutscope(&store).args(["list", "--json"]).output().unwrap());
    let id = v[0]["id"].as_str().unwrap();
    let shown = show(id);
    let r = &shown["running_dynamics"];
    let num = |k: &str| r[k].as_f64().unwrap_or_else(|| panic!("{k}: {r}"));
    assert!((num("ground_contact_s") - 0.25).abs() <= 0.0101, "{r}");
    assert!((num("vertical_oscillation_m") - 0.085).abs() < 1e-6, "{r}");
    let step = num("step_length_m");
    let from_cadence = 3.0 / (2.0 * 85.0 / 60.0);
    assert!(
        (step - from_cadence).abs() < 0.001,
        "step {step} against {from_cadence}"
    );
    assert!(
        (num("vertical_ratio_pct") - 100.0 * 0.085 / from_cadence).abs() < 0.01,
        "{r}"
    );
    assert_eq!(r["samples"], 1080, "{r}");
    let text = stdout(&rutscope(&store).args(["show", id]).output().unwrap());
    assert!(
        text.contains("ground contact 250 ms, vertical oscillation 8.5 cm, step length 1.06 m"),
        "{text}"
    );
    // A run without them says nothing of them.
    let plain = dir.path().join("plain.fit");
    std::fs::write(
        &plain,
        rutscope::write::fit::write(&sample_run(1_714_657_600)),
    )
    .unwrap();
    rutscope(&store)
        .arg("import")
        .arg(&plain)
        .assert()
        .success();
    let v = json(&rutscope(&store).args(["list", "--json"]).output().unwrap());
    let id = v[1]["id"].as_str().unwrap();
    let shown = show(id);
    assert!(
        shown["running_dynamics"].is_null(),
        "{}",
        shown["running_dynamics"]
    );
}

#[test]
fn fit_writer_output_decodes_with_fitparser() {
    let a = sample_run(1_714_557_600);
    let bytes = rutscope::write::fit::write(&a);
    let recs = fitparser::from_bytes(&bytes).expect("valid FIT with CRCs");
    let n = recs
        .iter()
        .filter(|r| r.kind() == fitparser::profile::MesgNum::Record)
        .count();
    assert_eq!(n, 1081);
}

/// Garmin's own decoder (`garmin-fit-sdk` from PyPI) reads the FIT writer's output without
/// errors and sees what was written. Runs when Python with the SDK is available.
#[test]
fn fit_writer_output_decodes_with_garmins_sdk() {
    let ok = std::process::Command::new("python3")
        .args(["-c", "import garmin_fit_sdk"])
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    if !ok {
        eprintln!(
            "NOTICE: fit_writer_output_decodes_with_garmins_sdk: python3 with garmin-fit-sdk not found; skipped"
        );
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("run.fit");
    let mut a = sample_run(1_714_557_600);
    a.utc_offset_s = Some(7200);
    std::fs::write(&path, rutscope::write::fit::write(&a)).unwrap();
    let script = r#"
import sys
from garmin_fit_sdk import Decoder, Stream
d = Decoder(Stream.from_file(sys.argv[1]))
assert d.is_fit() and d.check_integrity(), "integrity"
d = Decoder(Stream.from_file(sys.argv[1]))
m, errors = d.read()
assert not errors, errors
r = m["record_mesgs"]
s = m["session_mesgs"][0]
assert len(r) == 1081, len(r)
assert abs(r[-1]["distance"] - 3240) < 4, r[-1]["distance"]
assert r[0]["heart_rate"] == 120 and r[-1]["heart_rate"] == 160
assert s["sport"] == "running", s["sport"]
assert abs(s["total_elapsed_time"] - 1200) < 1, s["total_elapsed_time"]
stops = [e for e in m["event_mesgs"] if e["event"] == "timer" and e["event_type"] == "stop_all"]
assert len(stops) == 2, stops
act = m["activity_mesgs"][0]
assert act["local_timestamp"] - (act["timestamp"].timestamp() - 631065600) == 7200
print("ok")
"#;
    let out = std::process::Command::new("python3")
        .args(["-c", script])
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The `gpx` crate (which drops extensions) reads the GPX writer's output: same points,
/// same times. A cross-check of the geometry against an independent reader.
#[test]
fn gpx_writer_output_reads_with_the_gpx_crate() {
    let a = sample_run(1_714_557_600);
    let bytes = rutscope::write::gpx::write(&a);
    let g = gpx::read(&bytes[..]).expect("valid GPX");
    let pts: Vec<&gpx::Waypoint> = g
        .tracks
        .iter()
        .flat_map(|t| &t.segments)
        .flat_map(|s| &s.points)
        .collect();
    assert_eq!(pts.len(), a.samples.len());
    assert_eq!(g.tracks[0].segments.len(), 2, "the pause splits the track");
    for (i, p) in pts.iter().enumerate() {
        assert!((p.point().y() - a.samples.lat[i].unwrap()).abs() < 1e-7);
        assert!((p.point().x() - a.samples.lon[i].unwrap()).abs() < 1e-7);
    }
    let t0 = pts[0].time.unwrap().format().unwrap();
    assert_eq!(
        rutscope::ingest::xml::parse_time(&t0).unwrap().timestamp(),
        1_714_557_600
    );
}
