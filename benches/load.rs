//! The full training-load analysis of a 10-year simulated history (about 2,300 runs), once
//! imported: the target is under 1 s on 2 cores. Setup (not timed): simulate, write FIT
//! files, import, and one analysis that fills the facts cache (as `rutscope import` does).
//! Also timed: the whole report as HTML, and the analysis with a cold cache (every sample
//! read), for comparison.

use criterion::{Criterion, criterion_group, criterion_main};
use rutscope::analysis::training::Range;
use rutscope::app::analyze;
use rutscope::simulate::{Config, Scenario, simulate, write_all};
use rutscope::store::Store;
use rutscope::store::import::{ImportOptions, NoProgress, import};

fn ten_years(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("tempdir");
    let files = dir.path().join("files");
    let sim = simulate(&Config {
        weeks: 520,
        scenarios: vec![Scenario::Healthy],
        ..Config::default()
    });
    write_all(&sim, &files).expect("write");
    let store = Store::at(dir.path().join("store"));
    import(&store, &[files], &ImportOptions::default(), &NoProgress).expect("import");
    let warm = analyze(&store, Range::default()).expect("analysis");
    eprintln!(
        "10-year history: {} activities, {} findings",
        warm.load.activities,
        warm.findings().count()
    );
    let mut g = c.benchmark_group("load");
    g.sample_size(10);
    g.bench_function("ten-years-cached", |b| {
        b.iter(|| {
            analyze(&store, Range::default())
                .expect("analysis")
                .findings()
                .count()
        })
    });
    // The whole report (load, plateaus, routes and variety, HTML with charts), from the
    // cache: the report issue's bar is under 2 s for the 230-run real history.
    g.bench_function("ten-years-report-html", |b| {
        b.iter(|| {
            let r = rutscope::report::build(&store, Range::default()).expect("report");
            rutscope::report::html::html(&r.text, &r.analysis).len()
        })
    });
    g.bench_function("ten-years-cold-cache", |b| {
        b.iter(|| {
            std::fs::remove_dir_all(store.cache_dir()).expect("cache dir");
            analyze(&store, Range::default())
                .expect("analysis")
                .findings()
                .count()
        })
    });
    g.finish();
}

criterion_group!(benches, ten_years);
criterion_main!(benches);
