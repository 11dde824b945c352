//! The store's guarantees: import twice = import once, crash safety, the writer's lock,
//! and readability by other tools.

use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

use crate::common::{json, rutscope, stdout};
use crate::roundtrip::sample_run;

/// Writes `n` distinct GPX runs, one per day.
fn write_runs(dir: &Path, n: usize) {
    std::fs::create_dir_all(dir).unwrap();
    for i in 0..n {
        let a = sample_run(1_600_000_000 + i as i64 * 86_400);
        std::fs::write(
            dir.join(format!("run{i:04}.gpx")),
            rutscope::write::gpx::write(&a),
        )
        .unwrap();
    }
}

fn count(store: &Path) -> usize {
    let out = rutscope(store)
        .args(["list", "--json", "--all"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "store unreadable: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    json(&out).as_array().unwrap().len()
}

fn table_files(store: &Path) -> Vec<String> {
    let mut v = Vec::new();
    let mut stack = vec![store.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            if e.path().is_dir() {
                stack.push(e.path());
            } else {
                v.push(e.path().strip_prefix(store).unwrap().display().to_string());
            }
        }
    }
    v.sort();
    v
}

#[test]
fn import_twice_equals_import_once() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    write_runs(&data, 12);
    let once = dir.path().join("once");
    let twice = dir.path().join("twice");
    rutscope(&once).arg("import").arg(&data).assert().success();
    rutscope(&twice).arg("import").arg(&data).assert().success();
    let out = rutscope(&twice).arg("import").arg(&data).output().unwrap();
    assert!(
        stdout(&out).contains("12 already in the store"),
        "{}",
        stdout(&out)
    );
    let a = json(&rutscope(&once).args(["list", "--json"]).output().unwrap());
    let b = json(&rutscope(&twice).args(["list", "--json"]).output().unwrap());
    let ids = |v: &serde_json::Value| {
        v.as_array()
            .unwrap()
            .iter()
            .map(|r| r["id"].clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(ids(&a), ids(&b));
    assert_eq!(a.as_array().unwrap().len(), 12);
    // The same files under another name are content duplicates, not new activities.
    let copy = dir.path().join("copy");
    std::fs::create_dir_all(&copy).unwrap();
    std::fs::copy(data.join("run0000.gpx"), copy.join("renamed.gpx")).unwrap();
    let out = rutscope(&twice).arg("import").arg(&copy).output().unwrap();
    assert!(stdout(&out).contains("same content 1"), "{}", stdout(&out));
    assert_eq!(count(&twice), 12);
}

#[test]
fn killing_an_import_never_corrupts_the_store_and_a_rerun_completes_it() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    write_runs(&data, 120);
    let store = dir.path().join("store");
    let mut seen_partial = false;
    for delay_ms in [30u64, 80, 150, 250, 400, 600] {
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("rutscope"))
            .env("RUTSCOPE_STORE", &store)
            .args([
                "import",
                "--batch-files",
                "8",
                "--commit-every-ms",
                "0",
                "--jobs",
                "1",
            ])
            .arg(&data)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay_ms));
        let _ = child.kill();
        let _ = child.wait();
        if store.join("store.json").exists() {
            let n = count(&store);
            assert!(n <= 120);
            seen_partial |= n > 0 && n < 120;
        }
    }
    let out = rutscope(&store).arg("import").arg(&data).output().unwrap();
    assert!(out.status.success(), "{}", stdout(&out));
    assert_eq!(count(&store), 120);
    // No leftovers: every file on disk is named by the manifest (or is the manifest/lock).
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(store.join("store.json")).unwrap()).unwrap();
    let mut named: Vec<String> = ["activities", "imports"]
        .iter()
        .map(|k| manifest[k].as_str().unwrap().to_string())
        .collect();
    for k in ["laps", "samples"] {
        named.extend(
            manifest[k]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| p.as_str().unwrap().to_string()),
        );
    }
    named.push("store.json".into());
    named.push(".lock".into());
    named.sort();
    // The analysis cache (derived data, outside the committed tables) holds one file per
    // committed sample part and nothing else once an analysis has read it (a killed
    // import can leave a half-written cache file; the next read removes it).
    assert!(
        rutscope(&store)
            .arg("load")
            .output()
            .unwrap()
            .status
            .success()
    );
    let (cache, tables): (Vec<String>, Vec<String>) = table_files(&store)
        .into_iter()
        .partition(|p| p.starts_with("cache/"));
    assert_eq!(tables, named);
    for c in &cache {
        // cache/facts-v<N>/<part path with / as __>
        let part = c.splitn(3, '/').nth(2).unwrap().replace("__", "/");
        assert!(
            named.contains(&part),
            "{c} caches no committed part; committed: {named:?}"
        );
    }
    eprintln!("kill test: a partial store was observed: {seen_partial}");
}

#[test]
fn a_second_writer_waits_or_fails_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    write_runs(&data, 1);
    let store = dir.path().join("store");
    rutscope(&store).arg("import").arg(&data).assert().success();
    let lock = std::fs::OpenOptions::new()
        .write(true)
        .open(store.join(".lock"))
        .unwrap();
    lock.try_lock().unwrap();
    let out = rutscope(&store)
        .args(["import", "--no-wait"])
        .arg(&data)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("being written by another rutscope process"),
        "{err}"
    );
    // Reading is not blocked by a writer.
    assert_eq!(count(&store), 1);
    // Waiting: the import proceeds once the lock is released.
    let child = std::process::Command::new(assert_cmd::cargo::cargo_bin("rutscope"))
        .env("RUTSCOPE_STORE", &store)
        .arg("import")
        .arg(&data)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(300));
    drop(lock);
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("waiting"));
}

/// A store of another schema version is refused, by readers and by an import alike, with
/// what to do (newer: upgrade; older: import again into a new store), and left untouched.
#[test]
fn other_schema_versions_are_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    write_runs(&data, 1);
    let store = dir.path().join("store");
    rutscope(&store).arg("import").arg(&data).assert().success();
    let p = store.join("store.json");
    let original = std::fs::read_to_string(&p).unwrap();
    for (version, advice) in [
        (99, "newer rutscope"),
        (0, "import your activity files again"),
    ] {
        let text = original.replace(
            &format!(
                "\"schema_version\": {}",
                rutscope::store::schema::SCHEMA_VERSION
            ),
            &format!("\"schema_version\": {version}"),
        );
        std::fs::write(&p, &text).unwrap();
        let before = table_files(&store);
        for args in [&["list"][..], &["import", data.to_str().unwrap()][..]] {
            let out = rutscope(&store).args(args).output().unwrap();
            let err = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
            assert!(err.contains(&format!("schema version {version}")), "{err}");
            assert!(err.contains(advice), "{err}");
        }
        assert_eq!(
            std::fs::read_to_string(&p).unwrap(),
            text,
            "store.json untouched"
        );
        assert_eq!(table_files(&store), before, "tables untouched");
    }
}

/// The tables are plain Parquet that pyarrow reads with the documented schema. Runs when
/// Python with pyarrow is available (`.ci/run` installs it).
#[test]
fn pyarrow_reads_every_table() {
    let ok = std::process::Command::new("python3")
        .args(["-c", "import pyarrow"])
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    if !ok {
        eprintln!("NOTICE: pyarrow_reads_every_table: python3 with pyarrow not found; skipped");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    write_runs(&data, 3);
    let store = dir.path().join("store");
    rutscope(&store).arg("import").arg(&data).assert().success();
    let script = r#"
import sys, pyarrow.dataset as ds, pyarrow.parquet as pq
root = sys.argv[1]
acts = ds.dataset(root + "/activities", format="parquet").to_table()
assert acts.num_rows == 3, acts.num_rows
assert str(acts.schema.field("start_utc").type) == "timestamp[ms]", acts.schema.field("start_utc").type
for c in ["activity_id", "sport", "distance_m", "moving_time_s", "avg_hr_bpm", "source_hash", "status"]:
    assert c in acts.schema.names, c
s = ds.dataset(root + "/samples", format="parquet", partitioning="hive").to_table()
assert s.num_rows == 3 * 1081, s.num_rows
assert set(s.column("year").to_pylist()) == {2020}, set(s.column("year").to_pylist())
for c in ["activity_id", "t_utc", "lat", "lon", "heart_rate_bpm", "cadence_rpm", "segment"]:
    assert c in s.schema.names, c
imp = ds.dataset(root + "/imports", format="parquet").to_table()
assert imp.num_rows == 3 and set(imp.column("outcome").to_pylist()) == {"imported"}
laps = ds.dataset(root + "/laps", format="parquet").to_table() if __import__("os").path.isdir(root + "/laps") else None
print("ok", acts.num_rows, s.num_rows)
"#;
    let out = std::process::Command::new("python3")
        .args(["-c", script])
        .arg(&store)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "pyarrow: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The same file twice in one import is one activity and one duplicate, whether the copies
/// are in one batch (both parsed at once) or in consecutive batches (the second parsed while
/// the first is recorded, before its hash is known): the import used to record both copies
/// of one batch as primary activities with the same id.
#[test]
fn the_same_content_twice_in_one_import_is_one_activity() {
    let dir = tempfile::tempdir().unwrap();
    write_runs(&dir.path().join("in"), 3);
    let runs = dir.path().join("in");
    for i in 0..3 {
        std::fs::copy(
            runs.join(format!("run{i:04}.gpx")),
            runs.join(format!("copy{i:04}.gpx")),
        )
        .unwrap();
    }
    for batch_files in [1, 2, 64] {
        let s = rutscope::store::Store::at(dir.path().join(format!("store{batch_files}")));
        let opts = rutscope::store::import::ImportOptions {
            batch_files,
            ..Default::default()
        };
        let summary = rutscope::store::import::import(
            &s,
            std::slice::from_ref(&runs),
            &opts,
            &rutscope::store::import::NoProgress,
        )
        .unwrap();
        assert_eq!(
            (summary.imported, summary.duplicates.content),
            (3, 3),
            "batches of {batch_files}: {summary:?}"
        );
        let acts = s.activities().unwrap();
        let mut ids: Vec<&str> = acts.iter().map(|a| a.id.as_str()).collect();
        ids.sort();
        ids.dedup();
        assert_eq!((acts.len(), ids.len()), (3, 3), "batches of {batch_files}");
    }
}

/// The import caches each sample part's facts as it writes the part, from the facts its
/// parsing threads computed ([`rutscope::store::import::FactsHook`]): after the store's own
/// import (which, unlike `app::import`, completes nothing afterwards) every committed part
/// has its cache file and nothing else is cached, reading the facts computes none again, and
/// they are the facts the analyses compute by reading the parts back. A FIT, GPX and TCX
/// demo export plus a simulated month, in batches of 4 files so that there are several parts.
#[test]
fn facts_prepared_while_importing_equal_facts_read_back() {
    use rutscope::analysis::metrics::{activity_facts, activity_facts_with};
    use rutscope::store::facts::FACTS_VERSION;
    use std::sync::Arc;

    let dir = tempfile::tempdir().unwrap();
    let sim = dir.path().join("sim");
    rutscope(&dir.path().join("unused"))
        .args([
            "simulate", "--weeks", "4", "--seed", "3", "--format", "fit", "--out",
        ])
        .arg(&sim)
        .assert()
        .success();
    let s = rutscope::store::Store::at(dir.path().join("store"));
    let cache_of = |part: &str| {
        s.cache_dir()
            .join(format!("facts-v{FACTS_VERSION}"))
            .join(part.replace('/', "__"))
    };
    let opts = rutscope::store::import::ImportOptions {
        batch_files: 4,
        facts: Some(Arc::new(activity_facts_with)),
        ..Default::default()
    };
    let inputs = [
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/demo"),
        sim,
    ];
    let summary =
        rutscope::store::import::import(&s, &inputs, &opts, &rutscope::store::import::NoProgress)
            .unwrap();
    assert!(summary.activities_added >= 10, "{summary:?}");
    let parts = s.sample_parts().unwrap();
    assert!(parts.len() >= 3, "{parts:?}");
    // Every committed part has its cache, and nothing else is cached.
    let cached = table_files(&s.cache_dir());
    assert_eq!(cached.len(), parts.len(), "{cached:?} for {parts:?}");
    for part in &parts {
        assert!(cache_of(part).is_file(), "{part} has no cache");
    }
    // Read from the cache: no part is computed again.
    let prepared = s
        .facts(|_: &rutscope::model::Samples| panic!("computed again, the cache was cold"))
        .unwrap();
    assert_eq!(prepared.len(), summary.activities_added);
    // What `app::import` does after an import: a part with a cache is not read again, one
    // without (here the first, its cache deleted) is computed and cached.
    let computed = std::sync::atomic::AtomicUsize::new(0);
    let counting = |samples: &rutscope::model::Samples| {
        computed.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        activity_facts(samples)
    };
    s.fill_facts(counting).unwrap();
    assert_eq!(computed.load(std::sync::atomic::Ordering::Relaxed), 0);
    std::fs::remove_file(cache_of(&parts[0])).unwrap();
    s.fill_facts(counting).unwrap();
    let in_first = s.samples_in_part(&parts[0]).unwrap().len();
    assert_eq!(
        computed.load(std::sync::atomic::Ordering::Relaxed),
        in_first
    );
    assert!(cache_of(&parts[0]).is_file());
    let refilled = s
        .facts(|_: &rutscope::model::Samples| panic!("computed again after fill_facts"))
        .unwrap();
    assert_eq!(refilled, prepared);
    std::fs::remove_dir_all(s.cache_dir()).unwrap();
    let read_back = s.facts(activity_facts).unwrap();
    assert_eq!(prepared.len(), read_back.len());
    for (id, f) in &read_back {
        assert_eq!(prepared.get(id), Some(f), "facts of {id}");
    }
}

/// Disk full while importing: a store on a 1 MiB tmpfs (its own mount namespace, so the test
/// needs root or user namespaces; it prints a notice and passes where it cannot mount) holds
/// a first import; a second, far larger one fails with the path and "No space left", exit 2,
/// and the store still reads exactly as before, with no half-written file left. Freeing the
/// space is all a rerun needs.
#[test]
fn disk_full_while_importing_leaves_the_previous_store_intact() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write_runs(&d.join("small"), 2);
    // Twenty weeks of simulated runs: over 3 MB of samples once stored.
    rutscope(&d.join("unused"))
        .args(["simulate", "--weeks", "20", "--seed", "2", "--out"])
        .arg(d.join("big"))
        .assert()
        .success();
    std::fs::create_dir_all(d.join("mnt")).unwrap();
    let bin = env!("CARGO_BIN_EXE_rutscope");
    let script = r#"
        set -u
        mount -t tmpfs -o size=1m tmpfs "$D/mnt" || exit 77
        "$BIN" --store "$D/mnt/s" import "$D/small" >/dev/null 2>&1 || exit 78
        "$BIN" --store "$D/mnt/s" list --all --json > "$D/before.json"
        "$BIN" --store "$D/mnt/s" import "$D/big" > "$D/full.out" 2> "$D/full.err"
        echo $? > "$D/full.rc"
        "$BIN" --store "$D/mnt/s" list --all --json > "$D/after.json"
        find "$D/mnt/s" -type f | sort > "$D/files.txt"
    "#;
    let mut status = None;
    for unshare in [&["-m"][..], &["-r", "-m"][..]] {
        let s = std::process::Command::new("unshare")
            .args(unshare)
            .args(["--propagation", "private", "sh", "-c", script])
            .env("D", d)
            .env("BIN", bin)
            .stderr(Stdio::null())
            .status();
        if let Ok(s) = s
            && s.code() != Some(77)
            && s.code() != Some(1)
        {
            status = Some(s);
            break;
        }
    }
    let Some(status) = status else {
        eprintln!(
            "NOTICE: disk_full test: cannot mount a tmpfs here (no root, no user namespaces); skipped"
        );
        return;
    };
    assert!(status.success(), "script failed: {status:?}");
    let rc = std::fs::read_to_string(d.join("full.rc")).unwrap();
    let err = std::fs::read_to_string(d.join("full.err")).unwrap();
    assert_eq!(
        rc.trim(),
        "2",
        "exit code of the import that hit a full disk; stderr: {err}"
    );
    assert!(err.contains("not committed"), "stderr: {err}");
    assert_eq!(err.matches("No space left").count(), 1, "said once: {err}");
    assert!(err.contains("No space left"), "stderr: {err}");
    assert!(err.contains("/mnt/s/"), "the path is named: {err}");
    let before = std::fs::read_to_string(d.join("before.json")).unwrap();
    let after = std::fs::read_to_string(d.join("after.json")).unwrap();
    assert_eq!(before, after, "the store reads as before the failed import");
    let files = std::fs::read_to_string(d.join("files.txt")).unwrap();
    assert!(
        !files.lines().any(|f| f.ends_with(".tmp")),
        "half-written files left: {files}"
    );
}

/// A version-1 store (before the annotation columns and the wellness table) is read as it
/// is, and an import upgrades it to the current version in place, keeping its activities.
#[test]
fn version_one_stores_are_read_and_upgraded() {
    use polars::prelude::*;
    use rutscope::store::schema::{SCHEMA_VERSION, activities as A};
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    write_runs(&data, 2);
    let store = dir.path().join("store");
    rutscope(&store).arg("import").arg(&data).assert().success();
    // Rewrite the store as version 1 wrote it: no added columns, version 1.
    let p = store.join("store.json");
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
    let table = store.join(manifest["activities"].as_str().unwrap());
    let mut df = ParquetReader::new(std::fs::File::open(&table).unwrap())
        .finish()
        .unwrap();
    for c in [
        A::RPE,
        A::FEEL,
        A::DESCRIPTION,
        A::PRIVATE_NOTE,
        A::WEATHER_TEMPERATURE_C,
        A::WEATHER,
        A::AEROBIC_TE,
        A::ANAEROBIC_TE,
        A::SUMMARY_ONLY,
    ] {
        df = df.drop(c).unwrap();
    }
    ParquetWriter::new(std::fs::File::create(&table).unwrap())
        .finish(&mut df)
        .unwrap();
    let text = std::fs::read_to_string(&p).unwrap().replace(
        &format!("\"schema_version\": {SCHEMA_VERSION}"),
        "\"schema_version\": 1",
    );
    std::fs::write(&p, text).unwrap();
    let out = rutscope(&store).args(["list", "--json"]).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let acts: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(acts.as_array().unwrap().len(), 2);
    assert_eq!(acts[0]["summary_only"], false);
    assert!(acts[0]["annotations"]["rpe"].is_null());
    // Any import commits, and the commit writes the current layout.
    rutscope(&store).arg("import").arg(&data).assert().success();
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
    assert_eq!(manifest["schema_version"], SCHEMA_VERSION);
    let table = store.join(manifest["activities"].as_str().unwrap());
    let df = ParquetReader::new(std::fs::File::open(&table).unwrap())
        .finish()
        .unwrap();
    assert!(df.column(A::SUMMARY_ONLY).is_ok());
    assert_eq!(df.height(), 2);
}

/// Sample parts written before version 3 (no running dynamics) stay as they are: a store of
/// such parts is read (dynamics null), and after an import of a run with dynamics the
/// activities of the old and the new parts are both shown.
#[test]
fn sample_parts_without_running_dynamics_are_read_beside_new_ones() {
    use polars::prelude::*;
    use rutscope::store::schema::{SCHEMA_VERSION, samples as S};
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    write_runs(&data, 1);
    let store = dir.path().join("store");
    rutscope(&store).arg("import").arg(&data).assert().success();
    // Rewrite the sample parts as version 2 wrote them.
    let mut parts = 0;
    let mut dirs = vec![store.join("samples")];
    while let Some(d) = dirs.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                dirs.push(p);
            } else if p.extension().is_some_and(|x| x == "parquet") {
                let mut df = ParquetReader::new(std::fs::File::open(&p).unwrap())
                    .finish()
                    .unwrap();
                for c in [
                    S::GROUND_CONTACT_S,
                    S::VERTICAL_OSCILLATION_M,
                    S::STEP_LENGTH_M,
                ] {
                    df = df.drop(c).unwrap();
                }
                ParquetWriter::new(std::fs::File::create(&p).unwrap())
                    .finish(&mut df)
                    .unwrap();
                parts += 1;
            }
        }
    }
    assert!(parts > 0);
    let p = store.join("store.json");
    let text = std::fs::read_to_string(&p).unwrap().replace(
        &format!("\"schema_version\": {SCHEMA_VERSION}"),
        "\"schema_version\": 2",
    );
    std::fs::write(&p, text).unwrap();
    let v = json(&rutscope(&store).args(["list", "--json"]).output().unwrap());
    let old = v[0]["id"].as_str().unwrap().to_string();
    let shown = json(
        &rutscope(&store)
            .args(["show", &old, "--json"])
            .output()
            .unwrap(),
    );
    assert!(shown["running_dynamics"].is_null());
    assert_eq!(shown["computed"]["samples"], 1081);
    // A run with running dynamics, into the same store.
    let fit = dir.path().join("dynamics.fit");
    std::fs::write(
        &fit,
        rutscope::write::fit::write(&crate::roundtrip::run_with_dynamics(1_700_000_000)),
    )
    .unwrap();
    rutscope(&store).arg("import").arg(&fit).assert().success();
    let v = json(&rutscope(&store).args(["list", "--json"]).output().unwrap());
    assert_eq!(v.as_array().unwrap().len(), 2);
    for a in v.as_array().unwrap() {
        let id = a["id"].as_str().unwrap();
        let out = rutscope(&store)
            .args(["show", id, "--json"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let shown = json(&out);
        assert_eq!(shown["running_dynamics"].is_null(), id == old, "{id}");
    }
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
    assert_eq!(manifest["schema_version"], SCHEMA_VERSION);
}
