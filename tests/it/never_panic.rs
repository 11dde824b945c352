//! Parsers never panic on arbitrary bytes: random input, and real files cut or corrupted at
//! random places. (A bounded property test; long fuzzing campaigns belong to `cargo fuzz`.)

use proptest::prelude::*;
use rutscope::ingest;

const GPX: &str = r#"<?xml version="1.0"?><gpx version="1.1"><trk><type>running</type><trkseg>
<trkpt lat="45.0" lon="7.0"><ele>200</ele><time>2024-05-01T10:00:00Z</time><extensions><hr>120</hr></extensions></trkpt>
<trkpt lat="45.001" lon="7.0"><time>2024-05-01T10:00:05Z</time></trkpt></trkseg></trk></gpx>"#;

fn demo_fit() -> Vec<u8> {
    let start = chrono::DateTime::from_timestamp(1_714_557_600, 0).unwrap();
    rutscope::write::fit::write(&rutscope::write::demo::loop_run(start, 60, Some(30)))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, .. ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..2048), name in "[a-z]{1,8}\\.(fit|gpx|tcx|gz|zip)") {
        let _ = ingest::parse_any(&name, &bytes);
    }

    #[test]
    fn fit_cut_or_flipped(cut in 0usize..4000, flips in proptest::collection::vec((0usize..4000, any::<u8>()), 0..8)) {
        let mut b = demo_fit();
        for (i, v) in flips {
            let n = b.len();
            b[i % n] = v;
        }
        b.truncate(cut.min(b.len()));
        let _ = ingest::parse_any("x.fit", &b);
    }

    #[test]
    fn xml_cut_or_flipped(cut in 0usize..600, flips in proptest::collection::vec((0usize..600, any::<u8>()), 0..8), tcx in any::<bool>()) {
        let doc = if tcx {
            String::from_utf8(rutscope::write::tcx::write(&rutscope::write::demo::loop_run(chrono::DateTime::from_timestamp(0, 0).unwrap(), 3, None))).unwrap()
        } else {
            GPX.to_string()
        };
        let mut b = doc.into_bytes();
        for (i, v) in flips {
            let n = b.len();
            b[i % n] = v;
        }
        b.truncate(cut.min(b.len()));
        let _ = ingest::parse_any(if tcx { "x.tcx" } else { "x.gpx" }, &b);
    }
}

/// A tiny deterministic generator for the mutations below (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// One random mutation: flipped bytes, a cut, a deleted or duplicated range, inserted
/// garbage, or a 4-byte field set to an extreme (sizes, counts and timestamps in FIT
/// headers are where decoders trust the file).
fn mutate(b: &mut Vec<u8>, rng: &mut Rng) {
    let n = b.len().max(1);
    match rng.below(6) {
        0 => {
            for _ in 0..1 + rng.below(16) {
                let i = rng.below(n);
                if let Some(x) = b.get_mut(i) {
                    *x ^= 1 << rng.below(8);
                }
            }
        }
        1 => b.truncate(rng.below(n)),
        2 => {
            let i = rng.below(n);
            let j = (i + 1 + rng.below(256)).min(b.len());
            b.drain(i.min(j)..j);
        }
        3 => {
            let i = rng.below(n);
            let j = (i + 1 + rng.below(512)).min(b.len());
            let chunk = b[i.min(j)..j].to_vec();
            let at = rng.below(n);
            b.splice(at.min(b.len())..at.min(b.len()), chunk);
        }
        4 => {
            let at = rng.below(n).min(b.len());
            let junk: Vec<u8> = (0..1 + rng.below(64)).map(|_| rng.next() as u8).collect();
            b.splice(at..at, junk);
        }
        _ => {
            let i = rng.below(n.saturating_sub(4).max(1));
            let v: [u8; 4] = match rng.below(3) {
                0 => [0xff; 4],
                1 => [0xff, 0xff, 0xff, 0x7f],
                _ => [0; 4],
            };
            if i + 4 <= b.len() {
                b[i..i + 4].copy_from_slice(&v);
            }
        }
    }
}

/// Every real corpus file (and the demo export zip) mutated a few times, through the same
/// path an import takes: the container walker for archives, then the format readers. The
/// corpus is the seed set a fuzzer would start from; this is a bounded, deterministic run
/// of it in every CI (a crash found here gets a regression seed in `arbitrary_bytes`'s
/// neighbours above).
#[test]
fn corpus_files_mutated_never_panic() {
    let Some(c) = crate::common::corpus("corpus_files_mutated_never_panic") else {
        return;
    };
    // Mutants per seed file: 6 in CI (about 1,200 runs, seconds); RUTSCOPE_MUTANTS=N for a
    // longer campaign.
    let mutants: usize = std::env::var("RUTSCOPE_MUTANTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(6);
    /// Seeds are cut to this many bytes to bound the run (the large FIT files repeat the
    /// same record layout; the headers and definitions are at the front).
    const SEED_BYTES: usize = 256 << 10;
    fn files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                files(&p, out);
            } else if !matches!(
                p.extension().and_then(|e| e.to_str()),
                Some("csv" | "tsv" | "md" | "txt")
            ) {
                out.push(p);
            }
        }
    }
    let mut seeds = Vec::new();
    files(&c.join("files"), &mut seeds);
    seeds.sort();
    seeds.push(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/demo/strava-export.zip"),
    );
    let dir = tempfile::tempdir().unwrap();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let (mut execs, mut items) = (0usize, 0usize);
    // Mutants that panicked, kept in the temporary directory for a regression test.
    let mut panics: Vec<String> = Vec::new();
    for seed in &seeds {
        let mut original = std::fs::read(seed).unwrap();
        let name = seed.file_name().unwrap().to_string_lossy().to_string();
        let archive = name.ends_with(".zip") || name.ends_with(".gz");
        if !archive {
            original.truncate(SEED_BYTES);
        }
        for k in 0..mutants {
            let mut b = original.clone();
            for _ in 0..1 + rng.below(3) {
                mutate(&mut b, &mut rng);
            }
            execs += 1;
            if archive {
                let path = dir.path().join(format!("{k}-{name}"));
                std::fs::write(&path, &b).unwrap();
                let walked = std::panic::catch_unwind(|| {
                    let mut found = Vec::new();
                    ingest::container::walk(
                        std::slice::from_ref(&path),
                        ingest::container::Limits::default(),
                        &mut |item| found.push(item),
                    );
                    let mut n = 0;
                    for item in found {
                        if let ingest::container::WalkItem::File(mut f) = item {
                            n += 1;
                            if f.unpack().is_ok() {
                                let _ = ingest::parse_any(&f.name, &f.bytes);
                            }
                        }
                    }
                    n
                });
                match walked {
                    Ok(n) => {
                        items += n;
                        let _ = std::fs::remove_file(path);
                    }
                    Err(_) => {
                        let keep = std::env::temp_dir().join(format!("rutscope-panic-{k}-{name}"));
                        std::fs::rename(&path, &keep).unwrap();
                        panics.push(keep.display().to_string());
                    }
                }
            } else {
                let Ok(r) = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    ingest::parse_any(&name, &b)
                })) else {
                    let keep = std::env::temp_dir().join(format!("rutscope-panic-{k}-{name}"));
                    std::fs::write(&keep, &b).unwrap();
                    panics.push(keep.display().to_string());
                    continue;
                };
                // RUTSCOPE_MUTANTS_DUMP=DIR keeps the mutants a decoder panicked on (caught
                // and turned into a warning) as regression seeds.
                if let (Ok(dump), Ok((_, ingest::Parsed::Activities(acts)))) =
                    (std::env::var("RUTSCOPE_MUTANTS_DUMP"), &r)
                    && acts
                        .iter()
                        .any(|a| a.warnings.iter().any(|w| w.contains("out of range")))
                {
                    std::fs::create_dir_all(&dump).unwrap();
                    std::fs::write(format!("{dump}/{k}-{name}"), &b).unwrap();
                }
            }
        }
    }
    eprintln!(
        "corpus mutations: {execs} mutants of {} seed files, {items} archive members parsed, no panic",
        seeds.len()
    );
    assert!(panics.is_empty(), "panicked on (mutants kept): {panics:#?}");
    assert!(execs >= mutants * 100, "only {execs} mutants");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, .. ProptestConfig::default() })]

    /// The export side-file readers (Strava CSV, Garmin JSON) on arbitrary bytes.
    #[test]
    fn export_readers_on_arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        for kind in EXPORT_KINDS {
            let _ = kind.parse(&bytes);
        }
    }

    /// ... and on text that is nearly what they expect: JSON of the right shape with
    /// values of any type, CSV with quotes and repeated names.
    #[test]
    fn export_readers_on_near_misses(
        key in prop::sample::select(vec!["activityId", "startTimeGmt", "duration", "distance",
            "workoutRpe", "directWorkoutFeel", "calendarDate", "restingHeartRate",
            "sleepStartTimestampGMT", "deepSleepSeconds", "allDayStress", "bodyBattery"]),
        value in prop::sample::select(vec!["null", "-1", "1e308", "-1e308", "\"x\"", "[]", "{}",
            "\"2024-13-45\"", "9223372036854775807", "{\"aggregatorList\":[{\"type\":\"TOTAL\",\"averageStressLevel\":\"a\"}]}"]),
        csv in "[\",\nA-Za-z0-9 ]{0,200}",
    ) {
        let obj = format!("{{\"{key}\":{value},\"activityId\":1,\"startTimeGmt\":1,\"calendarDate\":\"2024-01-01\"}}");
        for doc in [format!("[{obj}]"), format!("[{{\"summarizedActivitiesExport\":[{obj}]}}]")] {
            for kind in EXPORT_KINDS {
                let _ = kind.parse(doc.as_bytes());
            }
        }
        let table = format!("Activity ID,Activity Date,Distance,Distance,Perceived Exertion\n{csv}");
        let _ = ingest::export::ExportKind::StravaActivities.parse(table.as_bytes());
    }

    /// Resting heart rate from any readings, at any instants and offsets.
    #[test]
    fn resting_hr_from_any_readings(
        samples in proptest::collection::vec((any::<i64>(), any::<f64>()), 0..64),
        offset in any::<Option<i32>>(),
    ) {
        let _ = ingest::monitoring::resting_hr_by_day(&[ingest::MonitoringHr { utc_offset_s: offset, samples }]);
    }
}

const EXPORT_KINDS: [ingest::export::ExportKind; 5] = [
    ingest::export::ExportKind::StravaActivities,
    ingest::export::ExportKind::StravaShoes,
    ingest::export::ExportKind::GarminSummarizedActivities,
    ingest::export::ExportKind::GarminSleep,
    ingest::export::ExportKind::GarminDaily,
];

/// The real export samples (Strava's table, the Garmin JSON files, a FIT monitoring file
/// and the FIT with feel and RPE), cut and corrupted at random places: no reader panics.
#[test]
fn export_files_mutated_never_panic() {
    let Some(c) = crate::common::corpus("export_files_mutated_never_panic") else {
        return;
    };
    let ex = c.join("exports");
    let di = ex.join("garmin-account-export/DI_CONNECT");
    let mut seeds: Vec<(String, Vec<u8>)> = Vec::new();
    let mut add = |p: std::path::PathBuf| {
        let name = p.file_name().unwrap().to_string_lossy().to_string();
        let mut b = std::fs::read(&p).unwrap();
        b.truncate(64 << 10);
        seeds.push((name, b));
    };
    add(ex.join("strava-export/activities.csv"));
    add(ex.join("fit-rpe/22638574127_ACTIVITY.fit"));
    for sub in [
        "DI-Connect-Fitness",
        "DI-Connect-Wellness",
        "DI-Connect-Aggregator",
    ] {
        for e in std::fs::read_dir(di.join(sub)).unwrap().flatten() {
            if ingest::export::ExportKind::of(&e.path().to_string_lossy()).is_some() {
                add(e.path());
            }
        }
    }
    // One monitoring FIT file from the uploaded files.
    let mut found = Vec::new();
    ingest::container::walk(
        &[di.join("DI-Connect-Uploaded-Files")],
        ingest::container::Limits::default(),
        &mut |i| found.push(i),
    );
    let monitoring = found.into_iter().find_map(|i| match i {
        ingest::container::WalkItem::File(mut f) => {
            f.unpack().ok()?;
            matches!(
                ingest::parse_any(&f.name, &f.bytes),
                Ok((_, ingest::Parsed::Monitoring(_)))
            )
            .then(|| (f.name.clone(), f.bytes.clone()))
        }
        _ => None,
    });
    seeds.push(monitoring.expect("the export has monitoring files"));
    assert!(seeds.len() >= 7, "{} seeds", seeds.len());
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    let mut execs = 0;
    for (name, original) in &seeds {
        for _ in 0..40 {
            let mut b = original.clone();
            for _ in 0..1 + rng.below(3) {
                mutate(&mut b, &mut rng);
            }
            execs += 1;
            let r = std::panic::catch_unwind(|| match ingest::export::ExportKind::of(name) {
                Some(kind) => {
                    let _ = kind.parse(&b);
                }
                None => {
                    if let Ok((_, ingest::Parsed::Monitoring(m))) = ingest::parse_any(name, &b) {
                        let _ = ingest::monitoring::resting_hr_by_day(&[m]);
                    }
                }
            });
            assert!(r.is_ok(), "{name}: a mutant panicked");
        }
    }
    assert!(execs >= 280);
}

/// The `fit` fuzz target's finding (docs/input.md, Fuzzing), minimised to 351 bytes: a
/// monitoring file whose readings repeat their instants, 18 distinct among 20 or more, gave
/// a resting heart rate for a day with fewer than `MIN_READINGS` readings.
#[test]
fn fuzz_monitoring_file_with_repeated_instants_makes_no_day() {
    use ingest::monitoring::{MIN_READINGS, resting_hr_by_day};
    let bytes = include_bytes!("../../fixtures/fuzz/fit-monitoring-repeated-instants.fit");
    let Ok(ingest::Parsed::Monitoring(m)) = ingest::parse_bytes(ingest::Format::Fit, bytes) else {
        panic!("the finding reads as a monitoring file");
    };
    let mut instants: Vec<i64> = m.samples.iter().map(|(t, _)| *t).collect();
    instants.dedup();
    assert!(m.samples.len() >= MIN_READINGS && instants.len() < MIN_READINGS);
    assert_eq!(resting_hr_by_day(&[m]), []);
}
