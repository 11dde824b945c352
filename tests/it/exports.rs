//! Account and bulk exports (issue 18): the FIT session's feel and RPE, Strava's
//! `activities.csv` with and without files, the Garmin account export as downloaded, and
//! the daily wellness it carries. Every figure is checked against the raw file read here
//! independently (serde_json on the raw JSON, a small CSV reader), not through rutscope's
//! own readers.

use std::path::{Path, PathBuf};

use crate::common::{corpus, json, rutscope};

fn exports(test: &str) -> Option<PathBuf> {
    corpus(test).map(|c| c.join("exports"))
}

/// The activities of a store, as `list --json` prints them.
fn activities(store: &Path) -> Vec<serde_json::Value> {
    let o = rutscope(store).args(["list", "--json"]).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    json(&o).as_array().expect("a list").clone()
}

/// The Forerunner 965 file's last session carries the watch's post-run answers; the corpus
/// notes (`SOURCES.tsv`, written from the raw session fields) say which: feel and RPE ×10.
#[test]
fn fit_session_feel_and_rpe() {
    let Some(ex) = exports("fit_session_feel_and_rpe") else {
        return;
    };
    let notes = std::fs::read_to_string(ex.join("../SOURCES.tsv")).unwrap();
    let line = notes
        .lines()
        .find(|l| l.starts_with("exports/fit-rpe"))
        .unwrap();
    let raw = |key: &str| -> f64 {
        let at = line.find(&format!("{key}=")).unwrap() + key.len() + 1;
        line[at..]
            .split(|c: char| !c.is_ascii_digit())
            .next()
            .unwrap()
            .parse()
            .unwrap()
    };
    let (feel, rpe10) = (raw("workout_feel"), raw("workout_rpe"));
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    rutscope(&store)
        .arg("import")
        .arg(ex.join("fit-rpe/22638574127_ACTIVITY.fit"))
        .assert()
        .success();
    let mut acts = activities(&store);
    acts.sort_by_key(|a| a["start"].as_str().unwrap().to_string());
    let answered: Vec<_> = acts
        .iter()
        .filter(|a| !a["annotations"]["rpe"].is_null() || !a["annotations"]["feel"].is_null())
        .collect();
    assert_eq!(answered.len(), 1, "only the last session was answered");
    let last = acts.last().unwrap();
    assert_eq!(answered[0]["id"], last["id"]);
    assert_eq!(last["annotations"]["feel"].as_f64(), Some(feel));
    assert_eq!(last["annotations"]["rpe"].as_f64(), Some(rpe10 / 10.0));
    assert_eq!(last["summary_only"], false);
}

/// RFC 4180 CSV, read here independently of rutscope's reader: quoted fields may hold
/// commas, doubled quotes and newlines.
fn csv_rows(text: &str) -> Vec<Vec<String>> {
    let (mut rows, mut row, mut field, mut quoted) = (vec![], vec![], String::new(), false);
    let mut chars = text.trim_start_matches('\u{feff}').chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => field.push(c),
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    rows
}

/// The activity's key in an export (`strava:123`, `garmin:456`), from its source path.
fn key(a: &serde_json::Value) -> &str {
    let p = a["source_path"].as_str().unwrap();
    &p[p.rfind('#').expect("an export row's path names its key") + 1..]
}

fn close(a: &serde_json::Value, b: f64) -> bool {
    a.as_f64().is_some_and(|a| (a - b).abs() < 1e-6)
}

/// Every row of the real Strava table becomes an activity (its files were not published:
/// all are summary-only), with the perceived exertion, words, gear, distance (the later,
/// metre `Distance`), moving time and weather temperature of its row; importing again
/// changes nothing.
#[test]
fn strava_every_row_with_exertion() {
    let Some(ex) = exports("strava_every_row_with_exertion") else {
        return;
    };
    let dir_in = ex.join("strava-export");
    let rows = csv_rows(&std::fs::read_to_string(dir_in.join("activities.csv")).unwrap());
    let header = &rows[0];
    let first = |n: &str| header.iter().position(|h| h == n).unwrap();
    let last = |n: &str| header.iter().rposition(|h| h == n).unwrap();
    let (id_c, pe_c, descr_c, note_c, gear_c, dist_c, moving_c, temp_c) = (
        first("Activity ID"),
        first("Perceived Exertion"),
        first("Activity Description"),
        first("Activity Private Note"),
        first("Activity Gear"),
        last("Distance"),
        first("Moving Time"),
        first("Weather Temperature"),
    );
    let raw: std::collections::HashMap<String, &Vec<String>> = rows[1..]
        .iter()
        .map(|r| (format!("strava:{}", r[id_c]), r))
        .collect();
    assert_eq!(raw.len(), 1076);
    let with_pe = rows[1..].iter().filter(|r| !r[pe_c].is_empty()).count();
    assert_eq!(with_pe, 440);

    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let o = rutscope(&store)
        .arg("import")
        .arg(&dir_in)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let acts = activities(&store);
    assert_eq!(acts.len(), 1076);
    let mut rpe = 0;
    for a in &acts {
        let r = raw[key(a)];
        assert_eq!(a["summary_only"], true);
        assert_eq!(a["source_format"], "csv");
        let text = |c: usize| (!r[c].trim().is_empty()).then(|| r[c].trim().to_string());
        let ann = &a["annotations"];
        match text(pe_c) {
            Some(pe) => {
                rpe += 1;
                assert!(close(&ann["rpe"], pe.parse().unwrap()), "{}", key(a));
            }
            None => assert!(ann["rpe"].is_null()),
        }
        assert_eq!(
            ann["description"].as_str().map(str::to_string),
            text(descr_c)
        );
        assert_eq!(
            ann["private_note"].as_str().map(str::to_string),
            text(note_c)
        );
        assert_eq!(a["gear"].as_str().map(str::to_string), text(gear_c));
        match text(temp_c) {
            Some(t) => assert!(close(&ann["weather_temperature_c"], t.parse().unwrap())),
            None => assert!(ann["weather_temperature_c"].is_null()),
        }
        assert!(close(
            &a["device_totals"]["distance_m"],
            r[dist_c].parse().unwrap()
        ));
        assert!(close(
            &a["device_totals"]["timer_time_s"],
            r[moving_c].parse().unwrap()
        ));
    }
    assert_eq!(rpe, 440);
    let o = rutscope(&store).arg("list").output().unwrap();
    let text = String::from_utf8_lossy(&o.stdout);
    assert_eq!(text.matches("(summary only)").count(), 1076);
    assert!(text.contains("1076 summary only"), "{text}");
    // Importing again adds nothing and changes nothing.
    rutscope(&store)
        .arg("import")
        .arg(&dir_in)
        .assert()
        .success();
    assert_eq!(activities(&store), acts);
}

/// A Strava export folder in `dir` holding one recorded run (2024-05-08T07:00:00Z) as
/// `activities/4.gpx`; the caller writes its `activities.csv`.
fn export_with_run(dir: &Path) -> PathBuf {
    let export = dir.join("export");
    std::fs::create_dir_all(export.join("activities")).unwrap();
    let run = crate::roundtrip::sample_run(1_715_151_600);
    std::fs::write(
        export.join("activities/4.gpx"),
        rutscope::write::gpx::write(&run),
    )
    .unwrap();
    export
}

/// A Strava row whose file is in the export joins the file's activity (the recording
/// wins: its distance and samples; the row's gear and name join it); a row without one
/// stays summary-only. Whichever comes first: importing the table alone, then the files,
/// ends the same way.
#[test]
fn strava_rows_join_their_files_in_either_order() {
    let dir = tempfile::tempdir().unwrap();
    let export = export_with_run(dir.path());
    std::fs::write(
        export.join("activities.csv"),
        "Activity ID,Activity Date,Activity Name,Activity Type,Elapsed Time,Distance,\
         Activity Gear,Filename,Distance,Perceived Exertion\n\
         4,\"May 8, 2024, 7:00:30 AM\",Long run,Run,3600,10.8,Pegasus 40,activities/4.gpx,10800,7\n\
         5,\"May 9, 2024, 6:00:00 AM\",Treadmill,Run,1800,5.0,,,5000,4\n",
    )
    .unwrap();
    // The table first, alone: two summary-only activities.
    let store = dir.path().join("store");
    rutscope(&store)
        .arg("import")
        .arg(export.join("activities.csv"))
        .assert()
        .success();
    assert_eq!(activities(&store).len(), 2);
    // Then the files: the run's recording wins; the treadmill run stays a summary.
    rutscope(&store)
        .arg("import")
        .arg(&export)
        .assert()
        .success();
    let check = |store: &Path| {
        let acts = activities(store);
        assert_eq!(acts.len(), 2, "{acts:#?}");
        let rec = acts.iter().find(|a| a["summary_only"] == false).unwrap();
        assert_eq!(rec["source_format"], "gpx");
        assert_eq!(rec["gear"], "Pegasus 40");
        assert!(close(&rec["annotations"]["rpe"], 7.0));
        assert!(rec["computed"]["samples"].as_u64().unwrap() > 0);
        let summary = acts.iter().find(|a| a["summary_only"] == true).unwrap();
        assert_eq!(key(summary), "strava:5");
        assert!(close(&summary["annotations"]["rpe"], 4.0));
        let shown = rutscope(store)
            .args(["show", summary["id"].as_str().unwrap()])
            .output()
            .unwrap();
        let shown = String::from_utf8_lossy(&shown.stdout);
        assert!(shown.contains("summary only"), "{shown}");
        assert!(shown.contains("perceived exertion 4/10"), "{shown}");
        // Counted in load: the summary's average pace on foot gives a pace load.
        assert!(!shown.contains("load       -"), "{shown}");
        let all = json(
            &rutscope(store)
                .args(["list", "--json", "--all"])
                .output()
                .unwrap(),
        );
        let dup = all
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["status"] == "duplicate")
            .expect("the row of the recorded run is kept aside");
        assert_eq!(dup["duplicate_of"], rec["id"]);
        assert_eq!(dup["dedup_tier"], "summary");
    };
    check(&store);
    // The export in one go gives the same.
    let store2 = dir.path().join("store2");
    rutscope(&store2)
        .arg("import")
        .arg(&export)
        .assert()
        .success();
    check(&store2);
}

/// The raw Garmin export, read with serde_json alone.
struct GarminRaw {
    summaries: Vec<serde_json::Value>,
    uds: Vec<serde_json::Value>,
    sleep: Vec<serde_json::Value>,
}

fn json_files(dir: &Path, ends: &str) -> Vec<serde_json::Value> {
    let mut out = Vec::new();
    let mut names: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(ends))
        .collect();
    names.sort();
    for p in names {
        out.push(serde_json::from_slice(&std::fs::read(p).unwrap()).unwrap());
    }
    out
}

fn garmin_raw(di: &Path) -> GarminRaw {
    let fitness = json_files(&di.join("DI-Connect-Fitness"), "summarizedActivities.json");
    let summaries = fitness
        .iter()
        .flat_map(|v| {
            v[0]["summarizedActivitiesExport"]
                .as_array()
                .unwrap()
                .clone()
        })
        .collect();
    let flat = |v: Vec<serde_json::Value>| -> Vec<serde_json::Value> {
        v.into_iter()
            .flat_map(|f| f.as_array().unwrap().clone())
            .collect()
    };
    GarminRaw {
        summaries,
        uds: flat(json_files(&di.join("DI-Connect-Aggregator"), ".json")),
        sleep: flat(json_files(
            &di.join("DI-Connect-Wellness"),
            "sleepData.json",
        )),
    }
}

fn start_ms(a: &serde_json::Value) -> i64 {
    chrono::DateTime::parse_from_rfc3339(a["start"].as_str().unwrap())
        .unwrap()
        .timestamp_millis()
}

/// The wellness days' figures agree with the raw daily summaries and sleep data: resting
/// heart rate on every day Garmin gives one (113), a night of sleep on each of the 123
/// nights (the stages' sum where measured, else the window).
fn check_wellness(store: &Path, raw: &GarminRaw) -> serde_json::Value {
    let w = json(
        &rutscope(store)
            .args(["wellness", "--json"])
            .output()
            .unwrap(),
    );
    let days: std::collections::HashMap<&str, &serde_json::Value> = w["days"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["date"].as_str().unwrap(), d))
        .collect();
    let mut rhr = 0;
    for u in &raw.uds {
        if let Some(r) = u["restingHeartRate"].as_f64() {
            rhr += 1;
            let d = days[u["calendarDate"].as_str().unwrap()];
            assert!(close(&d["resting_hr_bpm"], r), "{d}");
            assert_eq!(d["source"][0], "garmin_uds");
        }
    }
    assert_eq!(rhr, 113);
    let with_rhr = days
        .values()
        .filter(|d| !d["resting_hr_bpm"].is_null())
        .count();
    assert!(with_rhr >= 113, "{with_rhr}");
    let mut nights = 0;
    for s in &raw.sleep {
        let d = days[s["calendarDate"].as_str().unwrap()];
        let staged: f64 = ["deepSleepSeconds", "lightSleepSeconds", "remSleepSeconds"]
            .iter()
            .filter_map(|k| s[*k].as_f64())
            .sum();
        let at = |k: &str| {
            chrono::NaiveDateTime::parse_from_str(s[k].as_str().unwrap(), "%Y-%m-%dT%H:%M:%S%.f")
                .unwrap()
        };
        let window = (at("sleepEndTimestampGMT") - at("sleepStartTimestampGMT")).num_seconds();
        if staged > 0.0 {
            assert!(close(&d["sleep_s"], staged), "{d}");
            assert_eq!(d["sleep_window_only"], false);
        } else {
            assert!(close(&d["sleep_s"], window as f64), "{d}");
            assert_eq!(d["sleep_window_only"], true);
        }
        nights += 1;
    }
    assert_eq!(nights, 123);
    assert_eq!(
        days.values().filter(|d| !d["sleep_s"].is_null()).count(),
        123
    );
    // Trends exist for both figures the export has.
    let figures: Vec<&str> = w["trends"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["figure"].as_str().unwrap())
        .collect();
    assert_eq!(figures, ["resting_hr_bpm", "sleep_s"]);
    w
}

/// Each raw summary agrees with its activity: name, start, and (checking the export's
/// units: centimetres and milliseconds) distance and timer time within a metre and a
/// second of the FIT session's, or exactly for a summary-only activity.
fn check_summary(a: &serde_json::Value, s: &serde_json::Value) {
    assert_eq!(a["name"], s["name"], "{a}");
    assert_eq!(start_ms(a), s["startTimeGmt"].as_f64().unwrap() as i64);
    let dist = s["distance"].as_f64().unwrap() / 100.0;
    let timer = s["duration"].as_f64().unwrap() / 1000.0;
    let got_d = a["device_totals"]["distance_m"].as_f64().unwrap();
    let got_t = a["device_totals"]["timer_time_s"].as_f64().unwrap();
    assert!((got_d - dist).abs() < 1.0, "{got_d} vs {dist}: {a}");
    assert!((got_t - timer).abs() < 1.0, "{got_t} vs {timer}: {a}");
    if let Some(te) = s["aerobicTrainingEffect"].as_f64() {
        assert!(close(&a["annotations"]["aerobic_training_effect"], te));
    }
}

/// Adds `dir`'s files to a zip under `prefix`, the nested zip of uploaded files rebuilt
/// without the members `leave_out`.
fn zip_tree(
    w: &mut zip::ZipWriter<std::io::Cursor<Vec<u8>>>,
    dir: &Path,
    prefix: &str,
    leave_out: &[String],
) {
    use std::io::{Read, Write};
    let opts = zip::write::SimpleFileOptions::default();
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        let name = format!("{prefix}/{}", p.file_name().unwrap().to_string_lossy());
        if p.is_dir() {
            zip_tree(w, &p, &name, leave_out);
            continue;
        }
        let mut bytes = std::fs::read(&p).unwrap();
        if name.ends_with(".zip") {
            let mut inner = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
            let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
            for i in 0..inner.len() {
                let mut f = inner.by_index(i).unwrap();
                let member = f.name().unwrap().into_owned();
                if leave_out.contains(&member) {
                    continue;
                }
                let mut b = Vec::new();
                f.read_to_end(&mut b).unwrap();
                out.start_file(member, opts).unwrap();
                out.write_all(&b).unwrap();
            }
            bytes = out.finish().unwrap().into_inner();
        }
        w.start_file(name, opts).unwrap();
        w.write_all(&bytes).unwrap();
    }
}

/// The Garmin account export imports in one command, as its unpacked folder and as a zip:
/// the FIT activities (the summaries joined to them: name, training effect), the
/// summaries whose file is missing kept as summary-only activities, resting heart rate and
/// sleep in the wellness table; importing again duplicates nothing.
#[test]
fn garmin_export_as_folder_and_zip() {
    let Some(ex) = exports("garmin_export_as_folder_and_zip") else {
        return;
    };
    let root = ex.join("garmin-account-export");
    let di = root.join("DI_CONNECT");
    let raw = garmin_raw(&di);
    assert_eq!(raw.summaries.len(), 67);
    let by_start: std::collections::HashMap<i64, &serde_json::Value> = raw
        .summaries
        .iter()
        .map(|s| (s["startTimeGmt"].as_f64().unwrap() as i64, s))
        .collect();

    // As the unpacked folder: every summary has its FIT file.
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("folder");
    let o = rutscope(&store).arg("import").arg(&root).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let acts = activities(&store);
    assert_eq!(acts.len(), 67);
    for a in &acts {
        assert_eq!(a["summary_only"], false);
        assert_eq!(a["source_format"], "fit");
        check_summary(a, by_start[&start_ms(a)]);
    }
    let wellness = check_wellness(&store, &raw);
    // The profile's resting heart rate is the median of the measured days, not the
    // assumed 50 bpm.
    let mut rhr: Vec<f64> = raw
        .uds
        .iter()
        .filter_map(|u| u["restingHeartRate"].as_f64())
        .collect();
    rhr.sort_by(f64::total_cmp);
    let median = (rhr[rhr.len() / 2] + rhr[(rhr.len() - 1) / 2]) / 2.0;
    let p = json(
        &rutscope(&store)
            .args(["profile", "--json"])
            .output()
            .unwrap(),
    );
    assert!(
        close(&p["rest_hr_bpm"]["value"], median),
        "{}",
        p["rest_hr_bpm"]
    );
    assert_eq!(
        p["rest_hr_bpm"]["source"]["estimated"]["method"],
        "measured-rest"
    );
    assert_eq!(p["rest_hr_bpm"]["source"]["estimated"]["days"], 113);

    // As a zip, three activity files left out of the uploaded files: their summaries stay.
    let mut sorted = acts.clone();
    sorted.sort_by_key(start_ms);
    let missing: Vec<&serde_json::Value> = sorted.iter().take(3).collect();
    let members: Vec<String> = missing
        .iter()
        .map(|a| {
            let p = a["source_path"].as_str().unwrap();
            p[p.rfind("!/").unwrap() + 2..].to_string()
        })
        .collect();
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    zip_tree(&mut w, &di, "DI_CONNECT", &members);
    let zip_path = dir.path().join("export.zip");
    std::fs::write(&zip_path, w.finish().unwrap().into_inner()).unwrap();
    let store = dir.path().join("zip");
    let o = rutscope(&store)
        .arg("import")
        .arg(&zip_path)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let acts = activities(&store);
    assert_eq!(acts.len(), 67);
    let summary_only: Vec<&serde_json::Value> =
        acts.iter().filter(|a| a["summary_only"] == true).collect();
    assert_eq!(summary_only.len(), 3);
    for a in &acts {
        let s = by_start[&start_ms(a)];
        check_summary(a, s);
        if a["summary_only"] == true {
            assert_eq!(a["source_format"], "json");
            assert_eq!(key(a), format!("garmin:{}", s["activityId"]));
            assert!(missing.iter().any(|m| start_ms(m) == start_ms(a)));
        }
    }
    assert_eq!(check_wellness(&store, &raw), wellness);
    // Again: nothing new, nothing doubled.
    rutscope(&store)
        .arg("import")
        .arg(&zip_path)
        .assert()
        .success();
    assert_eq!(activities(&store), acts);
    assert_eq!(check_wellness(&store, &raw), wellness);
}

/// `wellness` keeps to its range (its windows ending on `--until`), prints one line per day
/// by default, and says what to import when the store has no wellness.
#[test]
fn wellness_range_text_and_empty_store() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let export = dir.path().join("DI_CONNECT/DI-Connect-Aggregator");
    std::fs::create_dir_all(&export).unwrap();
    // No store yet: the usual "import first".
    let o = rutscope(&store).arg("wellness").output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    // A store without wellness.
    rutscope(&store)
        .arg("import")
        .arg(dir.path().join("DI_CONNECT"))
        .assert()
        .success();
    let o = rutscope(&store).arg("wellness").output().unwrap();
    assert!(o.status.success());
    assert!(String::from_utf8_lossy(&o.stdout).contains("import a Garmin account export"));
    // Thirty days of resting heart rate, 50 then 56 bpm from the 24th.
    let days: Vec<String> = (1..=30)
        .map(|d| {
            format!(
                r#"{{"calendarDate":"2024-11-{d:02}","restingHeartRate":{}}}"#,
                if d >= 24 { 56 } else { 50 }
            )
        })
        .collect();
    std::fs::write(
        export.join("UDSFile_2024-11-01_2024-11-30.json"),
        format!("[{}]", days.join(",")),
    )
    .unwrap();
    rutscope(&store)
        .arg("import")
        .arg(dir.path().join("DI_CONNECT"))
        .assert()
        .success();
    let w = json(
        &rutscope(&store)
            .args([
                "wellness",
                "--json",
                "--since",
                "2024-11-03",
                "--until",
                "2024-11-23",
            ])
            .output()
            .unwrap(),
    );
    let got = w["days"].as_array().unwrap();
    assert_eq!(got.len(), 21);
    assert_eq!(got[0]["date"], "2024-11-03");
    let t = &w["trends"][0];
    assert_eq!(t["figure"], "resting_hr_bpm");
    assert!(
        close(&t["mean_7d"], 50.0) && close(&t["change"], 0.0),
        "{t}"
    );
    let w = json(
        &rutscope(&store)
            .args(["wellness", "--json"])
            .output()
            .unwrap(),
    );
    let t = &w["trends"][0];
    assert!(
        close(&t["mean_7d"], 56.0) && close(&t["change"], 6.0),
        "{t}"
    );
    assert!(
        close(
            &t["short_vs_long"],
            56.0 - (21.0 * 50.0 + 7.0 * 56.0) / 28.0
        ),
        "{t}"
    );
    let text = String::from_utf8_lossy(
        &rutscope(&store)
            .args(["wellness", "--since", "2024-11-29"])
            .output()
            .unwrap()
            .stdout,
    )
    .to_string();
    assert!(text.contains("2024-11-29    56"), "{text}");
    assert!(text.contains("2 days"), "{text}");
    assert!(!text.contains("2024-11-28"), "{text}");
}

/// A row naming its file joins that file's activity even when its date disagrees by more
/// than the start tolerance (a row's date edited by hand), when the export comes in one go.
#[test]
fn strava_row_joins_the_file_it_names() {
    let dir = tempfile::tempdir().unwrap();
    let export = export_with_run(dir.path());
    std::fs::write(
        export.join("activities.csv"),
        "Activity ID,Activity Date,Activity Type,Filename,Perceived Exertion\n\
         4,\"May 8, 2024, 7:20:00 AM\",Run,activities/4.gpx,3\n",
    )
    .unwrap();
    let store = dir.path().join("store");
    rutscope(&store)
        .arg("import")
        .arg(&export)
        .assert()
        .success();
    let acts = activities(&store);
    assert_eq!(acts.len(), 1, "{acts:#?}");
    assert_eq!(acts[0]["source_format"], "gpx");
    assert!(close(&acts[0]["annotations"]["rpe"], 3.0));
}

/// The monitoring files alone (an export without daily summaries) give a resting heart
/// rate per day, and it tracks Garmin's own daily figure (read from the raw daily
/// summaries): a median 0–10 bpm above it on the days both exist — the lowest sustained
/// reading of the day sits above the lowest 30-minute mean Garmin computes from denser data.
#[test]
fn monitoring_files_alone_give_resting_heart_rate() {
    let Some(ex) = exports("monitoring_files_alone_give_resting_heart_rate") else {
        return;
    };
    let di = ex.join("garmin-account-export/DI_CONNECT");
    let raw = garmin_raw(&di);
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    rutscope(&store)
        .arg("import")
        .arg(di.join("DI-Connect-Uploaded-Files"))
        .assert()
        .success();
    let w = json(
        &rutscope(&store)
            .args(["wellness", "--json"])
            .output()
            .unwrap(),
    );
    let days = w["days"].as_array().unwrap();
    assert!(days.len() >= 90, "{} days", days.len());
    let garmin: std::collections::HashMap<&str, f64> = raw
        .uds
        .iter()
        .filter_map(|u| Some((u["calendarDate"].as_str()?, u["restingHeartRate"].as_f64()?)))
        .collect();
    let mut diffs: Vec<f64> = Vec::new();
    for d in days {
        assert_eq!(d["source"], serde_json::json!(["fit_monitoring"]));
        let bpm = d["resting_hr_bpm"].as_f64().unwrap();
        assert!((30.0..=120.0).contains(&bpm), "{d}");
        if let Some(g) = garmin.get(d["date"].as_str().unwrap()) {
            diffs.push(bpm - g);
        }
    }
    diffs.sort_by(f64::total_cmp);
    let median = diffs[diffs.len() / 2];
    assert!(diffs.len() >= 90, "{} days with both", diffs.len());
    assert!((0.0..=10.0).contains(&median), "median difference {median}");
    // The profile uses them when nothing better is there.
    let p = json(
        &rutscope(&store)
            .args(["profile", "--json"])
            .output()
            .unwrap(),
    );
    assert_eq!(
        p["rest_hr_bpm"]["source"]["estimated"]["method"],
        "measured-rest"
    );
}

/// The Strava sample imported into a store of its own: (its directory, the store, the
/// export folder), or `None` without the corpus.
fn strava_imported(test: &str) -> Option<(tempfile::TempDir, PathBuf, PathBuf)> {
    let input = exports(test)?.join("strava-export");
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("s");
    let o = rutscope(&store).arg("import").arg(&input).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    Some((dir, store, input))
}

/// Issue 19 on the real Strava table: each shoe's distance is the sum of its rows' metre
/// `Distance` (runs and walks alike), and the strength sessions (Crossfit, Weight
/// Training) and walks show per sport and week by week beside the runs.
#[test]
fn strava_shoes_match_the_table_and_other_sports_show_per_week() {
    let Some((_dir, store, input)) = strava_imported("strava_shoes_match_the_table") else {
        return;
    };
    let rows = csv_rows(&std::fs::read_to_string(input.join("activities.csv")).unwrap());
    let header = &rows[0];
    let first = |n: &str| header.iter().position(|h| h == n).unwrap();
    let (gear_c, type_c, dist_c) = (
        first("Activity Gear"),
        first("Activity Type"),
        header.iter().rposition(|h| h == "Distance").unwrap(),
    );
    let mut by_gear: std::collections::BTreeMap<&str, (f64, usize)> = Default::default();
    for r in &rows[1..] {
        if r[gear_c].is_empty() {
            continue;
        }
        let e = by_gear.entry(r[gear_c].as_str()).or_default();
        e.0 += r[dist_c].parse::<f64>().unwrap_or(0.0);
        e.1 += 1;
    }
    assert_eq!(by_gear.len(), 5, "{by_gear:?}");
    let g = json(
        &rutscope(&store)
            .args(["gear", "list", "--json"])
            .output()
            .unwrap(),
    );
    // Every shoe worn on an activity, and the list's unworn one.
    let all_shoes = g["shoes"].as_array().unwrap();
    let shoes: Vec<&serde_json::Value> = all_shoes
        .iter()
        .filter(|s| s["activities"].as_u64() > Some(0))
        .collect();
    assert_eq!(shoes.len(), by_gear.len(), "{g}");
    for (name, (metres, n)) in &by_gear {
        let s = shoes
            .iter()
            .find(|s| s["name"] == *name)
            .unwrap_or_else(|| panic!("no shoe {name}: {g}"));
        assert!(
            (s["distance_m"].as_f64().unwrap() - metres).abs() < 1.0,
            "{name}: {} against {metres}",
            s["distance_m"]
        );
        assert_eq!(s["activities"], *n as u64, "{name}");
        assert_eq!(s["by_source"]["export"], *n as u64, "{name}");
    }
    // shoes.csv gives each shoe its brand and model, the unnamed one its "Brand Model"
    // name (worn on no activity), and OC3 is the default for runs.
    let listed = csv_rows(&std::fs::read_to_string(input.join("shoes.csv")).unwrap());
    assert_eq!(listed.len() - 1, shoes.len() + 1, "{g}");
    let asics = shoes.iter().find(|s| s["name"] == "Asics 01").unwrap();
    assert_eq!(
        (&asics["brand"], &asics["model"], &asics["listed"]),
        (
            &serde_json::Value::from("ASICS"),
            &serde_json::Value::from("Gel-Cumulus 24 SE"),
            &serde_json::Value::from(true)
        )
    );
    let oc3 = shoes.iter().find(|s| s["name"] == "OC3").unwrap();
    assert_eq!(oc3["default_for"], serde_json::json!(["Run"]));
    let g_all = json(
        &rutscope(&store)
            .args(["gear", "list", "--json", "--until", "2024-09-30"])
            .output()
            .unwrap(),
    );
    let unnamed = g_all["shoes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "Skechers Speed Beast")
        .unwrap_or_else(|| panic!("no unnamed shoe: {g_all}"));
    assert_eq!(unnamed["activities"], 0);
    // Strength: Crossfit and Weight Training rows; walks: Walk rows.
    let count = |types: &[&str]| {
        rows[1..]
            .iter()
            .filter(|r| types.contains(&r[type_c].as_str()))
            .count() as u64
    };
    let r = json(
        &rutscope(&store)
            .args(["report", "--format", "json", "--until", "2024-09-30"])
            .output()
            .unwrap(),
    );
    let class = |c: &str| {
        r["cross_training"]["classes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["class"] == c)
            .map(|x| x["sessions"].as_u64().unwrap())
    };
    assert_eq!(
        class("strength"),
        Some(count(&["Crossfit", "Weight Training"]))
    );
    assert_eq!(class("walking"), Some(count(&["Walk"])));
    let strength_weeks = crate::common::weeks_with_class(&r, "strength");
    assert!(strength_weeks >= 40, "{strength_weeks}");
    // Taking up strength work is acknowledged in its section, never offered as advice.
    let sugg = r["summary"]["suggestions"].as_array().unwrap();
    assert!(
        !sugg.iter().any(|s| {
            let k = &s["finding"]["kind"];
            k == "new-sport" || k == "active-break"
        }),
        "{sugg:?}"
    );
}

/// The journal lists the exports' ratings and words beside the runner's notes: Strava's
/// perceived exertion on its 440 rows (the same values as the table), and a note the
/// runner writes on one of them wins field by field.
#[test]
fn the_journal_lists_the_exports_exertion_and_the_runners_note_wins() {
    let Some((_dir, store, input)) = strava_imported("journal_lists_exports") else {
        return;
    };
    let rows = csv_rows(&std::fs::read_to_string(input.join("activities.csv")).unwrap());
    let pe_c = rows[0]
        .iter()
        .position(|h| h == "Perceived Exertion")
        .unwrap();
    let mut want: Vec<u64> = rows[1..]
        .iter()
        .filter_map(|r| r[pe_c].parse::<f64>().ok())
        .map(|v| v.round() as u64)
        .collect();
    want.sort_unstable();
    let journal = |store: &Path| {
        json(
            &rutscope(store)
                .args(["journal", "--json"])
                .output()
                .unwrap(),
        )
    };
    let j = journal(&store);
    let entries = j["entries"].as_array().unwrap();
    let mut got: Vec<u64> = entries
        .iter()
        .filter_map(|e| e["note"]["rpe"].as_u64())
        .collect();
    got.sort_unstable();
    assert_eq!(got.len(), 440);
    assert_eq!(got, want);
    assert!(entries.iter().all(|e| e["source"] == "export"));
    // The runner rates one of them: their value wins, the export's words stay.
    let e = entries
        .iter()
        .find(|e| e["note"]["rpe"].as_u64().is_some_and(|r| r <= 8))
        .unwrap();
    let id = e["activity_id"].as_str().unwrap();
    let o = rutscope(&store)
        .args(["note", id, "--rpe", "10", "too hot"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let j = journal(&store);
    let mine = j["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["activity_id"] == id)
        .unwrap();
    assert_eq!(mine["source"], "user+export");
    assert_eq!(mine["note"]["rpe"], 10);
    assert_eq!(mine["note"]["text"], "too hot");
    assert_eq!(mine["description"], e["description"]);
}
