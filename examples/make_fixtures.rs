//! Writes the demo data that ships in `fixtures/demo/`: the same kind of run as FIT, GPX and
//! TCX on different days, and a Strava-style bulk export (zip with `activities.csv` and a
//! gzipped GPX). Deterministic: `tests/it/fixtures.rs` checks the committed files equal a
//! fresh run. Usage: `cargo run --release --example make_fixtures`.

use std::io::Write;
use std::path::Path;

use chrono::{TimeZone, Utc};
use rutscope::write::{demo::loop_run, fit, gpx, tcx};

fn main() -> std::io::Result<()> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/demo");
    for (name, bytes) in files() {
        let p = dir.join(name);
        std::fs::create_dir_all(p.parent().unwrap())?;
        std::fs::write(&p, bytes)?;
        println!("wrote {}", p.display());
    }
    Ok(())
}

/// The fixture files, by relative path.
pub fn files() -> Vec<(&'static str, Vec<u8>)> {
    let day = |d: u32, h: u32| Utc.with_ymd_and_hms(2024, 5, d, h, 0, 0).unwrap();
    let mut run1 = loop_run(day(1, 6), 1800, Some(900));
    run1.utc_offset_s = Some(2 * 3600);
    let run2 = loop_run(day(3, 17), 900, None);
    let run3 = loop_run(day(5, 6), 600, Some(300));
    let run4 = loop_run(day(8, 7), 3000, None);

    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(&gpx::write(&run4)).unwrap();
    let gz = gz.finish().unwrap();
    let csv = "Activity ID,Activity Date,Activity Name,Activity Type,Elapsed Time,Distance,Activity Gear,Filename,Workout Type\n\
               4,\"May 8, 2024, 7:00:00 AM\",\"Long run, easy\",Run,3600,10.8,Pegasus 40,activities/4.gpx.gz,\n";
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default());
    z.start_file("activities.csv", opts).unwrap();
    z.write_all(csv.as_bytes()).unwrap();
    z.start_file(
        "activities/4.gpx.gz",
        opts.compression_method(zip::CompressionMethod::Stored),
    )
    .unwrap();
    z.write_all(&gz).unwrap();
    let zip = z.finish().unwrap().into_inner();

    vec![
        ("2024-05-01-run.fit", fit::write(&run1)),
        ("2024-05-03-run.gpx", gpx::write(&run2)),
        ("2024-05-05-run.tcx", tcx::write(&run3)),
        ("strava-export.zip", zip),
    ]
}
