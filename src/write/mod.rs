//! Writers of activity files (FIT, GPX, TCX) from the normalized model: the inverse of
//! `ingest/`. Used to build fixtures and round-trip tests, and by the simulated athlete.

pub mod demo;
pub mod fit;
pub mod gpx;
pub mod tcx;

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn iso(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .map(|t| t.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string())
        .unwrap_or_default()
}
