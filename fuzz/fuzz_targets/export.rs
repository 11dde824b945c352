//! The export side-file readers (Garmin Connect's summarized activities, sleep and daily
//! summaries; Strava's `activities.csv` read both ways and `shoes.csv`) on arbitrary bytes:
//! no panic, no hang, sane output.
//!
//! One target runs every reader on every input rather than one target per reader: the
//! import picks a reader by the file's *name* only ([`ExportKind::of`]), so any bytes can
//! reach any of them (a `shoes.csv` that is JSON, a `*_sleepData.json` that is a CSV), and
//! the readers are cheap next to the harness. Inputs stay real files (no selector byte),
//! so the seeds are the export's own files and a crash reproduces as a file to import.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rutscope::ingest::{
    export::{ExportData, ExportKind},
    strava,
};

mod common;

/// Every kind, in the order `ExportKind` declares them.
const KINDS: [ExportKind; 5] = [
    ExportKind::StravaActivities,
    ExportKind::StravaShoes,
    ExportKind::GarminSummarizedActivities,
    ExportKind::GarminSleep,
    ExportKind::GarminDaily,
];

fuzz_target!(|data: &[u8]| {
    for kind in KINDS {
        match kind.parse(data) {
            Ok(ExportData::Summaries(s)) => common::check_summaries(&s),
            Ok(ExportData::Wellness(days)) => common::check_wellness(&days),
            Ok(ExportData::Shoes(shoes)) => {
                for s in &shoes {
                    assert!(!s.name.trim().is_empty(), "a shoe without a name");
                    assert!(
                        s.default_for.iter().all(|d| !d.is_empty()),
                        "empty sport type"
                    );
                }
            }
            Err(_) => {}
        }
    }
    // The metadata view of activities.csv (joined to the files by name): never an error,
    // and what it keeps is trimmed text.
    for meta in strava::parse_activities_csv(data).values() {
        for text in [&meta.name, &meta.gear].into_iter().flatten() {
            assert!(!text.is_empty() && text.trim() == text, "{text:?}");
        }
    }
});
