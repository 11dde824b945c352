//! The command line as a user meets it.

use chrono::{TimeZone, Utc};
use predicates::prelude::*;
use rutscope::write::demo::loop_run;

use crate::common::{json, rutscope, stdout};

const GPX: &str = r#"<?xml version="1.0"?>
<gpx version="1.1" creator="test"><trk><name>Lunch run</name><type>running</type><trkseg>
<trkpt lat="45.0" lon="7.0"><ele>200</ele><time>2024-05-01T10:00:00Z</time><extensions><hr>120</hr></extensions></trkpt>
<trkpt lat="45.0009" lon="7.0"><ele>201</ele><time>2024-05-01T10:00:30Z</time><extensions><hr>130</hr></extensions></trkpt>
<trkpt lat="45.0018" lon="7.0"><ele>202</ele><time>2024-05-01T10:01:00Z</time><extensions><hr>140</hr></extensions></trkpt>
</trkseg></trk></gpx>"#;

#[test]
fn import_list_show_and_reimport() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let data = dir.path().join("data");
    std::fs::create_dir_all(data.join("sub")).unwrap();
    std::fs::write(data.join("sub/run.gpx"), GPX).unwrap();
    std::fs::write(data.join("notes.txt"), "not an activity").unwrap();

    let out = rutscope(&store)
        .args(["import"])
        .arg(&data)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = stdout(&out);
    assert!(text.contains("1 file(s) imported (1 activities)"), "{text}");
    assert!(text.contains("1 ignored"), "{text}");

    let out = rutscope(&store).args(["list"]).output().unwrap();
    let text = stdout(&out);
    assert!(
        text.contains("2024-05-01 10:00 UTC") && text.contains("running"),
        "{text}"
    );
    assert!(text.contains("0.20 km") && text.contains("1:00"), "{text}");

    let out = rutscope(&store).args(["list", "--json"]).output().unwrap();
    let v = json(&out);
    let id = v[0]["id"].as_str().unwrap().to_string();
    assert_eq!(v[0]["name"], "Lunch run");
    assert_eq!(v[0]["computed"]["max_hr_bpm"], 140.0);

    let out = rutscope(&store).args(["show", &id[..6]]).output().unwrap();
    assert!(out.status.success());
    assert!(stdout(&out).contains("Lunch run"));
    let out = rutscope(&store)
        .args(["show", "--json", &id])
        .output()
        .unwrap();
    assert_eq!(json(&out)["sport"], "running");

    // Importing the same folder again adds nothing and says so.
    let out = rutscope(&store).arg("import").arg(&data).output().unwrap();
    assert!(out.status.success());
    let text = stdout(&out);
    assert!(
        text.contains("0 file(s) imported") && text.contains("1 already in the store"),
        "{text}"
    );
    assert!(text.contains("nothing new"), "{text}");
    let out = rutscope(&store).args(["list", "--json"]).output().unwrap();
    assert_eq!(json(&out).as_array().unwrap().len(), 1);
}

#[test]
fn filters_and_errors() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let f = dir.path().join("run.gpx");
    std::fs::write(&f, GPX).unwrap();
    rutscope(&store).arg("import").arg(&f).assert().success();
    let n = |args: &[&str]| {
        json(&rutscope(&store).args(args).output().unwrap())
            .as_array()
            .unwrap()
            .len()
    };
    assert_eq!(n(&["list", "--json", "--since", "2024-05-01"]), 1);
    assert_eq!(n(&["list", "--json", "--since", "2024-05-02"]), 0);
    // --until is inclusive: the run of 1 May is on or before 1 May.
    assert_eq!(n(&["list", "--json", "--until", "2024-05-01"]), 1);
    assert_eq!(n(&["list", "--json", "--until", "2024-04-30"]), 0);
    assert_eq!(n(&["list", "--json", "--sport", "cycling"]), 0);
    rutscope(&store)
        .args(["list", "--sport", "quidditch"])
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("'quidditch' for '--sport")
                .and(predicate::str::contains("possible values")),
        );
    rutscope(&store)
        .args(["show", "ffffffffff"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no activity with id"));
    rutscope(&store)
        .args(["list", "--since", "yesterday"])
        .assert()
        .code(2);
}

/// `--since/--until` mean local calendar dates, both inclusive, in `list` as in the analyses.
#[test]
fn date_range_is_local_and_inclusive_in_list_as_in_the_analyses() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let data = dir.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    // 23:30 UTC on 19 March, in a FIT file recording +08:00: 07:30 on 20 March.
    let mut offset = loop_run(
        Utc.with_ymd_and_hms(2024, 3, 19, 23, 30, 0).unwrap(),
        900,
        None,
    );
    offset.utc_offset_s = Some(8 * 3600);
    std::fs::write(
        data.join("offset.fit"),
        rutscope::write::fit::write(&offset),
    )
    .unwrap();
    // 23:30 UTC on 21 March in a GPX file (UTC only) near Beijing, 116° E: solar time +08:00
    // makes it 22 March.
    let mut east = loop_run(
        Utc.with_ymd_and_hms(2024, 3, 21, 23, 30, 0).unwrap(),
        900,
        None,
    );
    for lon in east.samples.lon.iter_mut().flatten() {
        *lon += 109.4;
    }
    std::fs::write(data.join("east.gpx"), rutscope::write::gpx::write(&east)).unwrap();
    rutscope(&store).arg("import").arg(&data).assert().success();

    let formats = |args: &[&str]| -> Vec<String> {
        let v = json(
            &rutscope(&store)
                .arg("list")
                .arg("--json")
                .args(args)
                .output()
                .unwrap(),
        );
        let mut f: Vec<String> = v
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["source_format"].as_str().unwrap().to_string())
            .collect();
        f.sort();
        f
    };
    let day = |d: &'static str| ["--since", d, "--until", d];
    assert_eq!(formats(&day("2024-03-20")), ["fit"]);
    assert_eq!(formats(&["--until", "2024-03-19"]), Vec::<String>::new());
    assert_eq!(formats(&["--since", "2024-03-21"]), ["gpx"]);
    assert_eq!(formats(&day("2024-03-21")), Vec::<String>::new());
    assert_eq!(formats(&day("2024-03-22")), ["gpx"]);
    assert_eq!(
        formats(&["--since", "2024-03-20", "--until", "2024-03-22"]),
        ["fit", "gpx"]
    );

    // The load analysis counts the same activities for the same flags.
    for args in [
        &["--since", "2024-03-20", "--until", "2024-03-20"][..],
        &["--until", "2024-03-21"],
        &["--since", "2024-03-22", "--until", "2024-03-22"],
        &["--since", "2024-03-21", "--until", "2024-03-21"],
    ] {
        let listed = json(
            &rutscope(&store)
                .arg("list")
                .arg("--json")
                .args(args)
                .output()
                .unwrap(),
        );
        let load = json(
            &rutscope(&store)
                .arg("load")
                .arg("--json")
                .args(args)
                .output()
                .unwrap(),
        );
        let ids = |v: &serde_json::Value| -> Vec<String> {
            v.as_array()
                .unwrap()
                .iter()
                .map(|a| a["id"].as_str().unwrap().to_string())
                .collect()
        };
        assert_eq!(ids(&listed), ids(&load["runs"]), "{args:?}");
    }
}

#[test]
fn failed_file_gives_exit_1_and_a_one_line_reason_while_the_batch_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let data = dir.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    std::fs::write(data.join("a.gpx"), GPX).unwrap();
    std::fs::write(
        data.join("broken.fit"),
        b"\x0e\x10\x00\x00\x00\x00\x00\x00.FITjunkjunk",
    )
    .unwrap();
    std::fs::write(data.join("empty.tcx"), b"").unwrap();
    let out = rutscope(&store).arg("import").arg(&data).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(
        text.contains("failed   ") && text.contains("broken.fit: FIT"),
        "{text}"
    );
    assert!(text.contains("empty.tcx: empty file"), "{text}");
    assert!(
        text.contains("1 file(s) imported") && text.contains("2 failed"),
        "{text}"
    );
    let out = rutscope(&store).args(["list", "--json"]).output().unwrap();
    assert_eq!(json(&out).as_array().unwrap().len(), 1);
}

/// A failed file's line says the reason with its cause, once.
#[test]
fn failed_file_lines_say_the_cause_once() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let gz = dir.path().join("run.gpx.gz");
    std::fs::write(&gz, [0x1f, 0x8b, 8, 0, 1, 2, 3]).unwrap();
    let out = rutscope(&store)
        .arg("import")
        .arg(&gz)
        .arg("/definitely/not/here.fit")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    let line = |path: &str| {
        text.lines()
            .find(|l| l.starts_with("failed") && l.contains(path))
            .unwrap_or_else(|| panic!("no failed line for {path}: {text}"))
            .to_string()
    };
    let missing = line("/definitely/not/here.fit");
    assert!(
        missing.ends_with(": read failed: No such file or directory (os error 2)"),
        "{missing}"
    );
    let corrupt = line("run.gpx.gz");
    let (_, reason) = corrupt
        .split_once("run.gpx.gz: gzip: ")
        .expect("a gzip failure");
    let cause = reason.split(": ").next().unwrap();
    assert!(!cause.is_empty(), "the cause is named: {corrupt}");
    assert_eq!(corrupt.matches(cause).count(), 1, "{corrupt}");
}

/// Output into a pipe whose reader has gone (`rutscope list | head -1`) is not an error:
/// exit 0, nothing on stderr. The reader is closed before the program starts, so every write
/// meets the closed pipe, whatever the output's size.
#[test]
fn a_closed_pipe_is_silent_success() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let demo = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/demo");
    rutscope(&store).arg("import").arg(demo).assert().success();
    for args in [
        &["list"][..],
        &["list", "--json"],
        &["report"],
        &["report", "--format", "json"],
    ] {
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_rutscope"))
            .env("RUTSCOPE_STORE", &store)
            .args(args)
            .stdout(writer)
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
            .wait_with_output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {err}");
        assert!(err.is_empty(), "{args:?}: {err}");
    }
}

#[test]
fn missing_store_and_missing_input() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("nothing-here");
    rutscope(&store)
        .arg("list")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no rutscope store"));
    rutscope(&store)
        .args(["import", "/definitely/not/here.fit"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("/definitely/not/here.fit"));
}

#[test]
fn json_import_summary() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let f = dir.path().join("run.gpx");
    std::fs::write(&f, GPX).unwrap();
    let out = rutscope(&store)
        .args(["import", "--json"])
        .arg(&f)
        .output()
        .unwrap();
    let v = json(&out);
    assert_eq!(v["imported"], 1);
    assert_eq!(v["failed"], 0);
    assert_eq!(v["samples"], 3);
}

#[test]
fn help_mentions_every_command() {
    let out = crate::common::rutscope(std::path::Path::new("/tmp"))
        .arg("--help")
        .output()
        .unwrap();
    let t = stdout(&out);
    for c in ["import", "list", "show"] {
        assert!(t.contains(c), "{t}");
    }
}

#[test]
fn strict_stops_at_the_first_failure() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let data = dir.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    std::fs::write(data.join("a-broken.gpx"), "<gpx><trk>").unwrap();
    std::fs::write(data.join("b-fine.gpx"), GPX).unwrap();
    let out = rutscope(&store)
        .args(["import", "--strict", "--batch-files", "1"])
        .arg(&data)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).contains("stopped at the first failure"),
        "{}",
        stdout(&out)
    );
    let v = json(&rutscope(&store).args(["list", "--json"]).output().unwrap());
    assert_eq!(v.as_array().unwrap().len(), 0);
}

#[test]
fn profile_shows_estimates_and_keeps_what_is_set() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let f = dir.path().join("run.gpx");
    std::fs::write(&f, GPX).unwrap();
    rutscope(&store).arg("import").arg(&f).assert().success();
    let v = json(
        &rutscope(&store)
            .args(["profile", "--json"])
            .output()
            .unwrap(),
    );
    // Held 30 s: 130 bpm (the readings at 0:30 and 1:00, 30 s apart); the 140 at the end
    // was not held.
    assert_eq!(v["max_hr_bpm"]["value"], 130.0);
    let how = &v["max_hr_bpm"]["source"]["estimated"];
    assert_eq!(how["method"], "held-heart-rate", "{v}");
    assert_eq!(how["runs"][0]["value"], 130.0, "{v}");
    let out = rutscope(&store)
        .args(["profile", "--max-hr", "188", "--threshold-pace", "4:30"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(stdout(&out).contains("188 bpm   (set)"), "{}", stdout(&out));
    let v = json(
        &rutscope(&store)
            .args(["profile", "--json"])
            .output()
            .unwrap(),
    );
    assert_eq!(v["max_hr_bpm"]["value"], 188.0);
    assert!((v["threshold_speed_m_s"]["value"].as_f64().unwrap() - 1000.0 / 270.0).abs() < 1e-9);
    rutscope(&store)
        .args(["profile", "--rest-hr", "200"])
        .assert()
        .code(2);
    rutscope(&store)
        .args(["profile", "--clear"])
        .assert()
        .success();
    let v = json(
        &rutscope(&store)
            .args(["profile", "--json"])
            .output()
            .unwrap(),
    );
    assert_eq!(v["max_hr_bpm"]["value"], 130.0);
}
