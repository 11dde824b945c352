//! A small deterministic demo run, used for fixtures, round-trip tests and benchmarks until
//! the simulated athlete exists: a loop on a 500 m-radius circle at 3 m/s (5:33/km) with
//! an optional two-minute pause, heart rate rising 120→160 bpm, cadence 85 strides/min,
//! ±10 m of elevation and 250 W of running power. Coordinates are rounded to 1e-7° and the
//! distance channel is the Haversine sum of the rounded points, so every format that
//! carries positions gives the same distance.

use std::io::Write;

use chrono::{DateTime, TimeZone, Utc};
use geo::{Distance, Haversine, Point};

use crate::model::{ParsedActivity, SampleRow, Sport};

/// Builds the demo run: one sample per second for `moving_s` seconds of running, plus a
/// 120 s pause after `pause_after_s` seconds when given.
pub fn loop_run(start: DateTime<Utc>, moving_s: u32, pause_after_s: Option<u32>) -> ParsedActivity {
    let mut a = ParsedActivity::new(Sport::Running);
    a.sport_raw = Some("running".into());
    a.name = Some("Demo loop".into());
    a.start = Some(start);
    let (lat0, lon0, r) = (46.0_f64, 7.0_f64, 500.0_f64);
    let m_per_deg_lat = 111_195.0;
    let m_per_deg_lon = m_per_deg_lat * lat0.to_radians().cos();
    let start_s = start.timestamp();
    let mut dist = 0.0;
    let mut prev: Option<(f64, f64)> = None;
    let mut t = 0i64;
    for i in 0..=moving_s {
        let mut segment = 0;
        if let Some(p) = pause_after_s {
            if i == p {
                t += 120;
            }
            segment = u32::from(i >= p);
        }
        let ang = 3.0 * f64::from(i) / r;
        let lat = ((lat0 + r * ang.sin() / m_per_deg_lat) * 1e7).round() / 1e7;
        let lon = ((lon0 + r * ang.cos() / m_per_deg_lon) * 1e7).round() / 1e7;
        if let Some(p) = prev {
            dist += Haversine.distance(Point::new(p.1, p.0), Point::new(lon, lat));
        }
        prev = Some((lat, lon));
        a.samples.push(SampleRow {
            t_ms: Some((start_s + t) * 1000),
            segment,
            lat: Some(lat),
            lon: Some(lon),
            elevation_m: Some((4000.0 + 100.0 * (ang * 2.0).sin()).round() / 10.0),
            distance_m: Some((dist * 100.0).round() / 100.0),
            speed_m_s: Some(3.0),
            heart_rate_bpm: Some(
                (120.0 + 40.0 * f64::from(i) / f64::from(moving_s.max(1))).round(),
            ),
            cadence_rpm: Some(85.0),
            power_w: Some(250.0),
            temperature_c: None,
            ..SampleRow::default()
        });
        t += 1;
    }
    a.samples.finish_elapsed();
    a.totals.distance_m = a.samples.distance_m.last().copied().flatten();
    a.totals.timer_time_s = Some(f64::from(moving_s));
    a.totals.elapsed_time_s = a.samples.elapsed_s.last().copied().flatten();
    a
}

/// The demo files that ship in `fixtures/demo/`, by file name: the same kind of run as
/// FIT (with a local UTC offset), GPX and TCX on different days, and a Strava-style bulk
/// export (zip holding `activities.csv` and a gzipped GPX). Deterministic.
pub fn fixture_files() -> Vec<(&'static str, Vec<u8>)> {
    let day = |d: u32, h: u32| Utc.with_ymd_and_hms(2024, 5, d, h, 0, 0).unwrap();
    let mut run1 = loop_run(day(1, 6), 1800, Some(900));
    run1.utc_offset_s = Some(2 * 3600);
    let run2 = loop_run(day(3, 17), 900, None);
    let run3 = loop_run(day(5, 6), 600, Some(300));
    let run4 = loop_run(day(8, 7), 3000, None);

    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(&super::gpx::write(&run4)).unwrap();
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
        ("2024-05-01-run.fit", super::fit::write(&run1)),
        ("2024-05-03-run.gpx", super::gpx::write(&run2)),
        ("2024-05-05-run.tcx", super::tcx::write(&run3)),
        ("strava-export.zip", zip),
    ]
}
