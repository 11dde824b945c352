//! Writes the demo data that ships in `fixtures/demo/`: the same kind of run as FIT, GPX and
//! TCX on different days, and a Strava-style bulk export (zip with `activities.csv` and a
//! gzipped GPX). Deterministic: the integration tests check the committed files equal a
//! fresh run. Usage: `cargo run --release --example make_fixtures`.

use std::path::Path;

fn main() -> std::io::Result<()> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/demo");
    for (name, bytes) in rutscope::write::demo::fixture_files() {
        let p = dir.join(name);
        std::fs::create_dir_all(p.parent().unwrap())?;
        std::fs::write(&p, bytes)?;
        println!("wrote {}", p.display());
    }
    Ok(())
}
