//! Conformance over the real corpus (`corpus/files`): every file imports or is reported
//! with a reason, nothing panics, and what is read agrees with `MANIFEST.tsv` (what a
//! reference decoder saw) and with Garmin's FitCSVTool answer keys, record by record.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rutscope::ingest::container::{self, Limits, WalkItem};
use rutscope::ingest::{self, Parsed};
use rutscope::model::ParsedActivity;

use crate::common::{corpus, json, read_tsv, rutscope, stdout};

/// What rutscope read from one corpus file.
enum Read {
    Activities(Vec<ParsedActivity>),
    Skipped(String),
    Failed(String),
}

fn read(path: &Path) -> Read {
    read_members(path, usize::MAX)
}

/// Reads at most `max_files` activity files found at `path` (a zip's first member only,
/// as the manifest describes it).
fn read_members(path: &Path, max_files: usize) -> Read {
    let mut items = Vec::new();
    container::walk(&[path.to_path_buf()], Limits::default(), &mut |i| {
        items.push(i)
    });
    let mut acts = Vec::new();
    let mut skipped = None;
    let mut files = 0;
    for i in items {
        if files >= max_files {
            break;
        }
        match i {
            WalkItem::File(mut f) => {
                files += 1;
                if let Err(e) = f.unpack() {
                    return Read::Failed(ingest::with_causes(&e));
                }
                match ingest::parse_any(&f.name, &f.bytes) {
                    Ok((_, Parsed::Activities(v))) => acts.extend(v),
                    Ok((_, Parsed::Skipped(r))) => skipped = Some(r),
                    Ok((_, Parsed::Monitoring(_))) => {
                        skipped = Some("monitoring file, not an activity".into())
                    }
                    Err(e) => return Read::Failed(ingest::with_causes(&e)),
                }
            }
            WalkItem::Failed(e) => return Read::Failed(ingest::with_causes(&e.error)),
            WalkItem::Skipped { reason, .. } => skipped = Some(reason),
            WalkItem::Ignored { .. } | WalkItem::Export(_) => {}
        }
    }
    if acts.is_empty() {
        Read::Skipped(skipped.unwrap_or_else(|| "nothing".into()))
    } else {
        Read::Activities(acts)
    }
}

fn manifest_start(s: &str) -> Option<i64> {
    if s.is_empty() || s.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let s = s.replace(' ', "T");
    rutscope::ingest::xml::parse_time(&s).map(|t| t.timestamp())
}

/// Files whose manifest figures rutscope reads differently on purpose, with the reason.
const EXPECTED_DIFFERENCES: &[(&str, &str)] = &[
    (
        "elevate/desktop/src/specs/integration/file/fixtures/others/flagged-speed.fit",
        "every heart_rate value is 0 (no strap): rutscope reads 0 bpm as no heart rate",
    ),
    (
        "python-fitparse/tests/files/null_compressed_speed_dist.fit",
        "every heart_rate value is 0 (no strap): rutscope reads 0 bpm as no heart rate",
    ),
    (
        "tormoder-fit/testdata/misc/0134902991.fit",
        "every heart_rate value is 0 (no strap): rutscope reads 0 bpm as no heart rate",
    ),
    (
        "opentracks/src/androidTest/res/raw/legacy_gpx_pause_resume.gpx",
        "OpenTracks' legacy pause/resume markers (lat=100/200) end a segment and are not points",
    ),
    (
        "muktihari-fit/testdata/TestEncode.fit",
        "synthetic: its one record has no timestamp, so it cannot be placed in time",
    ),
    (
        "python-fitparse/tests/files/activity-activity-filecrc.fit",
        "its second chained part repeats the first session (same start, same length, bad CRC): \
         rutscope merges the two, the reference adds their durations",
    ),
    (
        "python-fitparse/tests/files/strava-android-app-201.10-b1218918.fit",
        "the record decoded just before the stream breaks has a timestamp in 2085: dropped as corrupt",
    ),
    (
        "python-fitparse/tests/files/DeveloperData.fit",
        "synthetic: records without timestamps and no session; nothing to place in time",
    ),
    (
        "elevate/desktop/src/specs/integration/file/fixtures/running/kaiteriteri.fit",
        STRYD_POWER,
    ),
    (
        "elevate/desktop/src/specs/integration/file/fixtures/running/portland.fit",
        STRYD_POWER,
    ),
    (
        "elevate/desktop/src/specs/integration/file/fixtures/running/sloatsburg.fit",
        STRYD_POWER,
    ),
    (
        "elevate/desktop/src/specs/integration/file/fixtures/running/treadmill.fit",
        STRYD_POWER,
    ),
    (
        "fit-parser-js/test/running-with-developer-data.fit",
        STRYD_POWER,
    ),
    (
        "tormoder-fit/testdata/misc/mornindew-broken.fit",
        STRYD_POWER,
    ),
    (
        "python-fitparse/tests/files/20170518-191602-1740899583.fit",
        "rowing power from a Connect IQ app's developer field (\"Power\", Watts): rutscope maps \
         it into power, the reference counts native power only",
    ),
];

/// Why the files whose running power comes from Stryd have power where the manifest has none.
const STRYD_POWER: &str = "running power from Stryd's developer field (\"Power\", Watts): rutscope \
     maps it into power, the reference counts native power only";

/// For every file the manifest describes: it imports, or is skipped/failed only where the
/// reference decoder saw no points either (or the manifest marks it broken). Where it imports:
/// - start within 2 s of the manifest's (FIT second resolution, GPX/TCX first point);
/// - duration within max(2 s, 1 %) of the manifest's, taken as the session's elapsed time
///   or first-to-last point, whichever the reference used;
/// - point count exactly the manifest's;
/// - channels (GPS, HR, cadence, power, altitude) exactly the manifest's.
///
/// The exceptions are listed, each with its reason, in `EXPECTED_DIFFERENCES`.
#[test]
fn every_corpus_file_imports_or_is_reported_and_matches_the_manifest() {
    let Some(c) = corpus("every_corpus_file_imports_or_is_reported") else {
        return;
    };
    let files = c.join("files");
    let rows = read_tsv(&files.join("MANIFEST.tsv"));
    let exceptions: HashMap<&str, &str> = EXPECTED_DIFFERENCES.iter().copied().collect();
    let mut problems = Vec::new();
    let mut report = Vec::new();
    let (mut imported, mut skipped, mut failed) = (0, 0, 0);
    for row in &rows {
        let rel = &row["path"];
        let fmt = row["format"].as_str();
        if fmt.starts_with("csv") || rel.is_empty() {
            continue;
        }
        let path = files.join(rel);
        let max_files = if fmt.starts_with("zip") {
            1
        } else {
            usize::MAX
        };
        let got = std::panic::catch_unwind(|| read_members(&path, max_files));
        let Ok(got) = got else {
            problems.push(format!("{rel}: PANIC"));
            continue;
        };
        let want_points: usize = row["points"].parse().unwrap_or(0);
        let notes = format!("{} {}", row["notes"], row["auto_notes"]);
        match got {
            Read::Failed(msg) => {
                failed += 1;
                report.push(format!("FAILED  {rel}: {msg}"));
                if want_points > 0
                    && !notes.contains("BROKEN")
                    && !exceptions.contains_key(rel.as_str())
                {
                    problems.push(format!(
                        "{rel}: failed ({msg}) but the reference decoder read {want_points} points"
                    ));
                }
            }
            Read::Skipped(reason) => {
                skipped += 1;
                report.push(format!("SKIPPED {rel}: {reason}"));
                if want_points > 1 && !exceptions.contains_key(rel.as_str()) {
                    problems.push(format!("{rel}: skipped ({reason}) but the reference decoder read {want_points} points"));
                }
            }
            Read::Activities(acts) => {
                imported += 1;
                let n: usize = acts.iter().map(|a| a.samples.len()).sum();
                let first = acts
                    .iter()
                    .filter_map(|a| a.start)
                    .min()
                    .map(|t| t.timestamp());
                // The reference's duration is the session's elapsed time where the file has
                // one, else first to last point: accept a match with either.
                let ts: Vec<i64> = acts
                    .iter()
                    .flat_map(|a| a.samples.t_ms.iter().flatten().copied())
                    .collect();
                let mut durations: Vec<i64> = Vec::new();
                if let (Some(a), Some(b)) = (ts.iter().min(), ts.iter().max()) {
                    durations.push((b - a) / 1000);
                }
                let sum = |f: &dyn Fn(&ParsedActivity) -> Option<f64>| -> Option<i64> {
                    let v: Vec<f64> = acts.iter().filter_map(f).collect();
                    (!v.is_empty()).then(|| v.iter().sum::<f64>().round() as i64)
                };
                durations.extend(sum(&|a| a.totals.elapsed_time_s));
                durations.extend(sum(&|a| {
                    let e = &a.samples.elapsed_s;
                    Some(e.iter().flatten().last()? - e.iter().flatten().next()?)
                }));
                let ch = acts
                    .iter()
                    .fold(rutscope::model::Channels::default(), |mut acc, a| {
                        let c = a.samples.channels();
                        acc.gps |= c.gps;
                        acc.heart_rate |= c.heart_rate;
                        acc.cadence |= c.cadence;
                        acc.power |= c.power;
                        acc.elevation |= c.elevation;
                        acc
                    });
                let yn = |b: bool| if b { "Y" } else { "N" };
                let ours = format!(
                    "{}{}{}{}{}",
                    yn(ch.gps),
                    yn(ch.heart_rate),
                    yn(ch.cadence),
                    yn(ch.power),
                    yn(ch.elevation)
                );
                let theirs = format!(
                    "{}{}{}{}{}",
                    row["gps"], row["hr"], row["cad"], row["power"], row["alt"]
                );
                let want_start = manifest_start(&row["start"]);
                let want_dur: Option<i64> = row["duration_s"].parse().ok();
                let mut diffs = Vec::new();
                if n != want_points {
                    diffs.push(format!("points {n} vs {want_points}"));
                }
                if let (Some(a), Some(b)) = (first, want_start)
                    && (a - b).abs() > 2
                {
                    diffs.push(format!("start {a} vs {b} ({:+} s)", a - b));
                }
                if let Some(b) = want_dur
                    && !durations.is_empty()
                    && !durations.iter().any(|a| (a - b).abs() <= 2.max(b / 100))
                {
                    diffs.push(format!("duration {durations:?} vs {b}"));
                }
                if ours != theirs {
                    diffs.push(format!("channels gps/hr/cad/pow/alt {ours} vs {theirs}"));
                }
                report.push(format!(
                    "OK      {rel}: {} activities, {n} points{}",
                    acts.len(),
                    if diffs.is_empty() {
                        String::new()
                    } else {
                        format!("  [{}]", diffs.join("; "))
                    }
                ));
                if !diffs.is_empty() && !exceptions.contains_key(rel.as_str()) {
                    problems.push(format!("{rel}: {}", diffs.join("; ")));
                }
            }
        }
    }
    eprintln!("{}", report.join("\n"));
    eprintln!("corpus: {imported} with activities, {skipped} skipped, {failed} failed");
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// Running the real binary over the whole corpus folder: no panic, a one-line reason per
/// failed file, the batch goes on, exit code 1 because some files are broken on purpose.
#[test]
fn cli_over_the_whole_corpus() {
    let Some(c) = corpus("cli_over_the_whole_corpus") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let out = rutscope(&store)
        .args(["import", "--json"])
        .arg(c.join("files"))
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    let s = json(&out);
    let failures = s["failures"].as_array().unwrap();
    assert!(!failures.is_empty());
    for f in failures {
        let m = f["message"].as_str().unwrap();
        assert!(!m.contains('\n') && !m.is_empty(), "{f}");
        assert!(f["path"].as_str().unwrap().contains("files"), "{f}");
    }
    eprintln!(
        "corpus via CLI: imported {}, activities {}, duplicates {}, skipped {}, failed {}, ignored {}",
        s["imported"],
        s["activities_added"],
        s["duplicates"],
        s["skipped"],
        s["failed"],
        s["ignored"]
    );
    // The store is consistent and listable afterwards.
    let list = rutscope(&store)
        .args(["list", "--json", "--all"])
        .output()
        .unwrap();
    assert!(list.status.success());
    assert_eq!(
        json(&list).as_array().unwrap().len() as u64,
        s["activities_added"].as_u64().unwrap()
    );
}

fn find_fits(root: &Path, stem: &str) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p
                .file_stem()
                .is_some_and(|s| s.to_string_lossy().eq_ignore_ascii_case(stem))
                && p.extension().is_some_and(|x| x.eq_ignore_ascii_case("fit"))
            {
                out.push(p);
            }
        }
    }
    out
}

/// One record of an answer key.
#[derive(Debug, Default, Clone)]
struct KeyRecord {
    t: Option<i64>,
    lat: Option<f64>,
    lon: Option<f64>,
    hr: Option<f64>,
    cad: Option<f64>,
    dist: Option<f64>,
    speed: Option<f64>,
    alt: Option<f64>,
    power: Option<f64>,
}

/// Parses Garmin FitCSVTool output (`Type,Local Number,Message,Field 1,Value 1,Units 1,...`).
fn fitcsv_records(text: &str) -> Vec<KeyRecord> {
    let mut out = Vec::new();
    for line in text.lines() {
        if !line.starts_with("Data,") {
            continue;
        }
        let cells = split_csv(line);
        if cells.get(2).map(String::as_str) != Some("record") {
            continue;
        }
        let mut r = KeyRecord::default();
        let mut i = 3;
        while i + 1 < cells.len() {
            let (name, value) = (&cells[i], &cells[i + 1]);
            let v: Option<f64> = value.split('|').next().and_then(|v| v.parse().ok());
            match name.as_str() {
                "timestamp" => r.t = v.map(|v| v as i64),
                "position_lat" => r.lat = v.map(|v| v * 180.0 / 2_147_483_648.0),
                "position_long" => r.lon = v.map(|v| v * 180.0 / 2_147_483_648.0),
                "heart_rate" => r.hr = v,
                "cadence" => r.cad = v,
                "distance" => r.dist = v,
                "enhanced_speed" => r.speed = v,
                "speed" if r.speed.is_none() => r.speed = v,
                "enhanced_altitude" => r.alt = v,
                "altitude" if r.alt.is_none() => r.alt = v,
                "power" => r.power = v,
                _ => {}
            }
            i += 3;
        }
        out.push(r);
    }
    out
}

fn split_csv(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut q = false;
    for c in line.chars() {
        match c {
            '"' => q = !q,
            ',' if !q => out.push(std::mem::take(&mut cur)),
            _ => cur.push(c),
        }
    }
    out.push(cur);
    out
}

fn gunzip(path: &Path) -> String {
    let bytes = std::fs::read(path).unwrap();
    if path.extension().is_some_and(|e| e == "gz") {
        use std::io::Read;
        let mut s = String::new();
        flate2::read::GzDecoder::new(&bytes[..])
            .read_to_string(&mut s)
            .unwrap();
        s
    } else {
        String::from_utf8_lossy(&bytes).into_owned()
    }
}

fn close(a: Option<f64>, b: Option<f64>, tol: f64) -> bool {
    match (a, b) {
        (Some(x), Some(y)) => (x - y).abs() <= tol,
        (None, None) => true,
        _ => false,
    }
}

/// Compares what rutscope reads from `fit` with an answer key; the number of records on
/// agreement. Heart rate 0 (no strap) and 255 (FIT's invalid value) are absent for rutscope.
fn compare_with_key(fit: &Path, key: &[KeyRecord]) -> Result<usize, String> {
    let Read::Activities(acts) = read(fit) else {
        return Err(format!("{}: no activity", fit.display()));
    };
    let mut ours: Vec<(i64, rutscope::model::SampleRow)> = acts
        .iter()
        .flat_map(|a| (0..a.samples.len()).map(move |i| a.samples.row(i)))
        .filter_map(|r| r.t_ms.map(|t| (t / 1000 - 631_065_600, r)))
        .collect();
    ours.sort_by_key(|(t, _)| *t);
    let mut theirs: Vec<KeyRecord> = key.iter().filter(|k| k.t.is_some()).cloned().collect();
    theirs.sort_by_key(|k| k.t);
    if ours.len() != theirs.len() {
        return Err(format!(
            "{}: {} records vs {} in the key",
            fit.display(),
            ours.len(),
            theirs.len()
        ));
    }
    for (i, ((t, o), k)) in ours.iter().zip(&theirs).enumerate() {
        let key_hr = k.hr.filter(|h| *h > 0.0 && *h < 255.0);
        // FitCSVTool prints sint32's invalid value 0x7FFFFFFF (≈180°) as a position.
        let valid = |d: Option<f64>| d.filter(|d| d.abs() < 179.9999);
        let ok = Some(*t) == k.t
            && close(o.lat, valid(k.lat), 1e-6)
            && close(o.lon, valid(k.lon), 1e-6)
            && close(o.heart_rate_bpm, key_hr, 0.0)
            && close(o.cadence_rpm.map(f64::floor), k.cad, 0.0)
            && close(o.distance_m, k.dist, 0.011)
            && close(o.speed_m_s, k.speed, 0.0011)
            && close(o.elevation_m, k.alt, 0.21)
            && close(o.power_w, k.power, 0.0);
        if !ok {
            return Err(format!(
                "{} record {i}: ours {o:?} at {t}, key {k:?}",
                fit.display()
            ));
        }
    }
    Ok(ours.len())
}

/// Checks each FitCSVTool answer key of the corpus's manifest that `parse` takes (`None`:
/// nothing in it to compare) against its `.fit` with `compare`: what each key agreed on,
/// and for each key no candidate agreed with, the first candidate's problem.
fn check_answer_keys<K, T>(
    files: &Path,
    parse: impl Fn(&str) -> Option<K>,
    compare: impl Fn(&Path, &K) -> Result<T, String>,
) -> (Vec<T>, Vec<String>) {
    let rows = read_tsv(&files.join("MANIFEST.tsv"));
    let (mut agreed, mut problems) = (Vec::new(), Vec::new());
    for row in rows.iter().filter(|r| r["notes"].contains("FitCSVTool")) {
        let key_path = files.join(&row["path"]);
        let Some(key) = parse(&gunzip(&key_path)) else {
            continue;
        };
        let stem = key_path.file_name().unwrap().to_string_lossy();
        let stem = stem.split('.').next().unwrap().to_string();
        // The key's .fit sits beside it or (SDK samples copied between projects) elsewhere
        // in the corpus, sometimes in another version: the key agrees with one candidate.
        let mut candidates = find_fits(files, &stem);
        let dir = key_path.parent().unwrap().to_path_buf();
        candidates.sort_by_key(|p| p.parent() != Some(dir.as_path()));
        let mut first_problem = None;
        let found = candidates.iter().find_map(|fit| match compare(fit, &key) {
            Ok(t) => Some(t),
            Err(p) => {
                first_problem.get_or_insert(p);
                None
            }
        });
        match found {
            Some(t) => agreed.push(t),
            None => {
                problems.push(first_problem.unwrap_or_else(|| {
                    format!("{}: no corpus .fit for this key", key_path.display())
                }))
            }
        }
    }
    (agreed, problems)
}

/// Every FitCSVTool answer key agrees with what rutscope reads, record by record, for the
/// fields it imports (time, position, HR, cadence, distance, speed, altitude, power).
#[test]
fn fitcsvtool_answer_keys_agree_record_by_record() {
    let Some(c) = corpus("fitcsvtool_answer_keys_agree_record_by_record") else {
        return;
    };
    let (agreed, problems) = check_answer_keys(
        &c.join("files"),
        |text| {
            let key = fitcsv_records(text);
            // Settings, workouts, synthetic untimed records: nothing to place in time.
            key.iter().any(|k| k.t.is_some()).then_some(key)
        },
        |fit, key| compare_with_key(fit, key),
    );
    let compared: usize = agreed.iter().sum();
    eprintln!("answer keys: {compared} records compared");
    assert!(compared > 10_000, "too few records compared: {compared}");
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// The `session` or `lap` rows of an answer key: each a map of field name to its number
/// (the first of an array's values; FitCSVTool leaves invalid fields out).
fn fitcsv_messages(text: &str, message: &str) -> Vec<HashMap<String, f64>> {
    text.lines()
        .filter(|l| l.starts_with("Data,"))
        .map(split_csv)
        .filter(|cells| cells.get(2).map(String::as_str) == Some(message))
        .map(|cells| {
            cells[3..]
                .chunks(3)
                .filter_map(|c| {
                    let v = c.get(1)?.split('|').next()?.parse().ok()?;
                    Some((c[0].clone(), v))
                })
                .collect()
        })
        .collect()
}

/// Compares the activities and laps rutscope reads from `fit` with an answer key's sessions
/// and laps; the number of sessions and laps compared on agreement. Sessions and laps
/// without a start, and sessions rutscope leaves out (a multisport transition with
/// nothing in it), are not compared.
fn compare_summaries_with_key(fit: &Path, key: &str) -> Result<(usize, usize), String> {
    const FIT_EPOCH_S: i64 = 631_065_600;
    let Read::Activities(acts) = read(fit) else {
        return Err(format!("{}: no activity", fit.display()));
    };
    let start_of = |a: &ParsedActivity| a.start.map(|s| s.timestamp() - FIT_EPOCH_S);
    // A total: as rutscope takes them, never negative; a heart rate above 0 and below 255.
    let amount = |m: &HashMap<String, f64>, k: &str| m.get(k).copied().filter(|x| *x >= 0.0);
    let hr =
        |m: &HashMap<String, f64>, k: &str| m.get(k).copied().filter(|h| *h > 0.0 && *h < 255.0);
    let near = |a: Option<f64>, b: Option<f64>| match (a, b) {
        (Some(x), Some(y)) => (x - y).abs() <= 0.011 + 1e-6 * y.abs(),
        (None, None) => true,
        _ => false,
    };
    let (mut sessions, mut laps) = (0, 0);
    for s in fitcsv_messages(key, "session") {
        let Some(start) = s.get("start_time").map(|t| *t as i64) else {
            continue;
        };
        // Sessions of the same start (a chained file's parts): the one of the same length.
        let Some(a) = acts
            .iter()
            .filter(|a| start_of(a) == Some(start))
            .min_by_key(|a| {
                let e = a.totals.elapsed_time_s.unwrap_or(f64::MAX);
                ((e - s.get("total_elapsed_time").copied().unwrap_or(0.0)).abs() * 1000.0) as i64
            })
        else {
            continue;
        };
        let t = &a.totals;
        let checks = [
            ("total_distance", t.distance_m, amount(&s, "total_distance")),
            (
                "total_elapsed_time",
                t.elapsed_time_s,
                amount(&s, "total_elapsed_time"),
            ),
            (
                "total_timer_time",
                t.timer_time_s,
                amount(&s, "total_timer_time"),
            ),
            ("total_ascent", t.ascent_m, amount(&s, "total_ascent")),
            ("total_descent", t.descent_m, amount(&s, "total_descent")),
            (
                "total_calories",
                t.calories_kcal,
                amount(&s, "total_calories"),
            ),
            ("avg_heart_rate", t.avg_hr_bpm, hr(&s, "avg_heart_rate")),
            ("max_heart_rate", t.max_hr_bpm, hr(&s, "max_heart_rate")),
        ];
        for (name, ours, theirs) in checks {
            if !near(ours, theirs) {
                return Err(format!(
                    "{}: session at {start}: {name} ours {ours:?}, key {theirs:?}",
                    fit.display()
                ));
            }
        }
        sessions += 1;
    }
    let our_laps: Vec<&rutscope::model::Lap> = acts.iter().flat_map(|a| &a.laps).collect();
    for l in fitcsv_messages(key, "lap") {
        let Some(start) = l.get("start_time").map(|t| *t as i64) else {
            continue;
        };
        let start_ms = (start + FIT_EPOCH_S) * 1000;
        let found: Vec<_> = our_laps
            .iter()
            .filter(|o| o.start_ms == Some(start_ms))
            .collect();
        let speed = l
            .get("enhanced_avg_speed")
            .or_else(|| l.get("avg_speed"))
            .copied();
        let matches = |o: &rutscope::model::Lap| {
            near(o.distance_m, amount(&l, "total_distance"))
                && near(o.elapsed_time_s, amount(&l, "total_elapsed_time"))
                && near(o.timer_time_s, amount(&l, "total_timer_time"))
                && near(o.ascent_m, amount(&l, "total_ascent"))
                && near(o.avg_hr_bpm, hr(&l, "avg_heart_rate"))
                && near(o.max_hr_bpm, hr(&l, "max_heart_rate"))
                && near(o.avg_speed_m_s, speed)
        };
        // Laps of the same start (a chained file's parts) match one of them.
        if !found.iter().any(|o| matches(o)) {
            return Err(format!(
                "{}: lap at {start}: ours {found:?}, key {l:?}",
                fit.display()
            ));
        }
        laps += 1;
    }
    Ok((sessions, laps))
}

/// Every FitCSVTool answer key agrees with what rutscope reads from the sessions and laps:
/// the device's totals (distance, times, ascent, descent, calories, heart rates) and each
/// lap's times, distance, ascent, heart rates and average speed. rutscope reads these
/// messages by field number (`ingest::fit::fields`); Garmin's own tool is the independent
/// reference beside `fitparser`.
#[test]
fn fitcsvtool_answer_keys_agree_on_sessions_and_laps() {
    let Some(c) = corpus("fitcsvtool_answer_keys_agree_on_sessions_and_laps") else {
        return;
    };
    let (agreed, problems) = check_answer_keys(
        &c.join("files"),
        |text| {
            let has = !fitcsv_messages(text, "session").is_empty()
                || !fitcsv_messages(text, "lap").is_empty();
            has.then(|| text.to_string())
        },
        |fit, key| compare_summaries_with_key(fit, key),
    );
    let sessions: usize = agreed.iter().map(|a| a.0).sum();
    let laps: usize = agreed.iter().map(|a| a.1).sum();
    eprintln!("answer keys: {sessions} sessions and {laps} laps compared");
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
    assert!(
        sessions >= 10 && laps >= 50,
        "{sessions} sessions, {laps} laps"
    );
}

/// fitparser hands timestamps back in the machine's zone; rutscope's instants and the
/// activity's own UTC offset must not depend on `TZ`.
#[test]
fn fit_times_do_not_depend_on_the_machine_time_zone() {
    let Some(c) = corpus("fit_times_do_not_depend_on_the_machine_time_zone") else {
        return;
    };
    let dir = c.join("files/elevate/desktop/src/specs/integration/file/fixtures/running");
    // (file, start per the manifest, offset: Portland in winter UTC-8, New Zealand in summer UTC+13)
    let cases = [
        ("portland.fit", "2018-02-18T17:29:41Z", -8 * 3600),
        ("kaiteriteri.fit", "2020-01-06T22:33:00Z", 13 * 3600),
    ];
    for tz in [
        "UTC",
        "America/Los_Angeles",
        "Asia/Kolkata",
        "Pacific/Chatham",
    ] {
        let tmp = tempfile::tempdir().unwrap();
        let store = tmp.path().join("s");
        let mut cmd = rutscope(&store);
        cmd.env("TZ", tz).arg("import");
        for (f, _, _) in cases {
            cmd.arg(dir.join(f));
        }
        assert!(cmd.output().unwrap().status.success());
        let v = json(
            &rutscope(&store)
                .env("TZ", tz)
                .args(["list", "--json"])
                .output()
                .unwrap(),
        );
        for (f, start, off) in cases {
            let a = v
                .as_array()
                .unwrap()
                .iter()
                .find(|a| a["source_path"].as_str().unwrap().ends_with(f))
                .unwrap();
            assert_eq!(a["start"], start, "{f} with TZ={tz}");
            assert_eq!(a["utc_offset_s"], off, "{f} with TZ={tz}");
        }
    }
}

/// Developer power (Stryd's "Power" in watts on a watch without native running power) is
/// read into the power channel, record by record as Garmin's FIT SDK (`garmin-fit-sdk`
/// 21.218, Python) decodes the developer field: its first values, sum and maximum; the
/// developer fields beside it (form power, air power: also watts) are not power.
#[test]
fn developer_power_is_read_as_the_fit_sdk_decodes_it() {
    let Some(c) = corpus("developer_power_is_read_as_the_fit_sdk_decodes_it") else {
        return;
    };
    let files = c.join("files");
    // (file, records, first eight, sum, maximum), from the SDK.
    let keys: [(&str, usize, [f64; 8], f64, f64); 2] = [
        (
            "elevate/desktop/src/specs/integration/file/fixtures/running/kaiteriteri.fit",
            4736,
            [74.0, 81.0, 83.0, 95.0, 104.0, 119.0, 131.0, 145.0],
            1_067_116.0,
            362.0,
        ),
        (
            "fit-parser-js/test/running-with-developer-data.fit",
            1681,
            [0.0; 8],
            423_151.0,
            358.0,
        ),
    ];
    for (path, records, first, sum, max) in keys {
        let bytes = std::fs::read(files.join(path)).unwrap();
        let Ok(Parsed::Activities(acts)) = ingest::fit::parse(&bytes) else {
            panic!("{path}: not read");
        };
        let power: Vec<f64> = acts
            .iter()
            .flat_map(|a| a.samples.power_w.iter())
            .map(|p| p.expect("every record has power"))
            .collect();
        assert_eq!(power.len(), records, "{path}");
        assert_eq!(power[..8], first, "{path}");
        assert_eq!(power.iter().sum::<f64>(), sum, "{path}");
        assert_eq!(power.iter().copied().fold(0.0, f64::max), max, "{path}");
    }
}

/// A record's `compressed_speed_distance` (an FR70 with a foot pod) gives the speed and
/// distance python-fitparse's answer key lists for each record: the distance accumulates
/// the 12-bit differences, modulo 4,096, as the FIT SDK does (10,248.7 m at the end, the
/// session's 10.25 km), where fitparser's sum of the raw values made it 93.7 km.
#[test]
fn compressed_speed_distance_is_accumulated_as_the_sdk_does() {
    let Some(c) = corpus("compressed_speed_distance_is_accumulated_as_the_sdk_does") else {
        return;
    };
    let dir = c.join("files/python-fitparse/tests/files");
    let bytes = std::fs::read(dir.join("compressed-speed-distance.fit")).unwrap();
    let Ok(Parsed::Activities(a)) = ingest::fit::parse(&bytes) else {
        panic!("not an activity")
    };
    let s = &a[0].samples;
    let ours: Vec<(f64, f64)> = s
        .distance_m
        .iter()
        .zip(&s.speed_m_s)
        .filter_map(|(d, v)| Some(((*v)?, (*d)?)))
        .collect();
    let key = std::fs::read_to_string(dir.join("compressed-speed-distance-records.csv")).unwrap();
    let expected: Vec<(f64, f64)> = key
        .lines()
        .skip(1)
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            (f[2].parse().unwrap(), f[3].parse().unwrap())
        })
        .collect();
    assert_eq!(ours.len(), expected.len());
    for (i, (o, e)) in ours.iter().zip(&expected).enumerate() {
        assert!(
            (o.0 - e.0).abs() < 1e-9 && (o.1 - e.1).abs() < 1e-9,
            "record {i}: ours {o:?}, answer key {e:?}"
        );
    }
    assert!((ours.last().unwrap().1 - 10_248.687_5).abs() < 1e-9);
}

/// rutscope's own FIT reader (records straight into columns, the other messages by field
/// number) reads every corpus FIT file exactly as `fitparser` decoding the whole file does:
/// same activities, same samples to the bit, same laps and totals; only warnings may be
/// worded differently (and one header-less file fails with a different reason). One
/// exception: the distance of records carrying `compressed_speed_distance`, which
/// fitparser accumulates wrongly (see the test above). Also on the simulator's FIT and on
/// every FIT file of the real histories and the Garmin export (gzipped or zipped, as they
/// sit in an export).
#[test]
fn fit_framer_reads_what_fitparser_reads() {
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    let sim = tempfile::tempdir().unwrap();
    rutscope(&sim.path().join("unused"))
        .args([
            "simulate", "--weeks", "2", "--seed", "5", "--format", "fit", "--out",
        ])
        .arg(sim.path().join("fit"))
        .assert()
        .success();
    let mut dirs = vec![sim.path().join("fit")];
    let real = corpus("fit_framer_reads_what_fitparser_reads");
    if let Some(c) = &real {
        dirs.push(c.join("files"));
        dirs.push(c.join("history"));
        // The Garmin Connect export's FIT files (activities with hrv and Garmin's
        // undocumented messages, all-day monitoring), zipped as the export holds them.
        dirs.push(c.join("exports"));
    }
    while let Some(d) = dirs.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            let name = p.display().to_string().to_ascii_lowercase();
            if p.is_dir() {
                dirs.push(p);
            } else if name.ends_with(".fit") {
                files.push((p.display().to_string(), std::fs::read(&p).unwrap()));
            } else if name.ends_with(".zip") {
                use std::io::Read;
                let mut zip = zip::ZipArchive::new(std::fs::File::open(&p).unwrap()).unwrap();
                for i in 0..zip.len() {
                    let mut entry = zip.by_index(i).unwrap();
                    let inner = entry.name().unwrap().to_string();
                    if inner.to_ascii_lowercase().ends_with(".fit") {
                        let name = format!("{}/{inner}", p.display());
                        let mut bytes = Vec::new();
                        entry.read_to_end(&mut bytes).unwrap();
                        files.push((name, bytes));
                    }
                }
            } else if name.ends_with(".fit.gz") {
                use std::io::Read;
                let mut bytes = Vec::new();
                flate2::read::GzDecoder::new(&std::fs::read(&p).unwrap()[..])
                    .read_to_end(&mut bytes)
                    .unwrap();
                files.push((p.display().to_string(), bytes));
            }
        }
    }
    let mut compared = 0;
    let mut from_histories = 0;
    for (path, bytes) in &files {
        let ours = ingest::fit::parse(bytes);
        let reference = ingest::fit::parse_with_fitparser(bytes);
        match (ours, reference) {
            (Ok(Parsed::Activities(a)), Ok(Parsed::Activities(b))) => {
                assert_eq!(a.len(), b.len(), "{path}: activities");
                for (mut x, mut y) in a.into_iter().zip(b) {
                    if path.ends_with("compressed-speed-distance.fit") {
                        // fitparser 0.11 adds up the 12-bit distances instead of
                        // accumulating their differences (see
                        // `compressed_speed_distance_is_accumulated_as_the_sdk_does`).
                        assert_ne!(x.samples.distance_m, y.samples.distance_m, "{path}");
                        y.samples.distance_m = x.samples.distance_m.clone();
                    }
                    assert!(x.samples == y.samples, "{path}: samples differ");
                    x.warnings.clear();
                    y.warnings.clear();
                    if x != y {
                        x.samples = Default::default();
                        y.samples = Default::default();
                        panic!("{path}:\nours      {x:?}\nfitparser {y:?}");
                    }
                    compared += 1;
                    from_histories += usize::from(path.contains("history"));
                }
            }
            (Ok(Parsed::Skipped(a)), Ok(Parsed::Skipped(b))) => assert_eq!(a, b, "{path}"),
            (Ok(Parsed::Monitoring(a)), Ok(Parsed::Monitoring(b))) => assert_eq!(a, b, "{path}"),
            (Err(_), Err(_)) => {}
            (a, b) => panic!(
                "{path}: framer {:?} vs fitparser {:?}",
                a.map(|p| matches!(p, Parsed::Activities(_))),
                b.map(|p| matches!(p, Parsed::Activities(_)))
            ),
        }
    }
    assert!(compared >= 14, "{compared} activities compared");
    // wuyueSea, 520qianjiawen and Quitino's FIT files: 1,167 activities at stop 27.
    assert!(
        real.is_none() || from_histories >= 1_100,
        "{from_histories} history activities compared"
    );
    eprintln!(
        "{} FIT files, {compared} activities identical ({from_histories} from the histories)",
        files.len()
    );
}
