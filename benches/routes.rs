//! Route clustering at scale: the routes issue's target is 3,000 runs clustered in under
//! 2 s on 2 cores. Setup (not timed): a 13-year simulated `healthy` history (about 3,000 runs
//! on a growing library of routes, GPS noise, detours, partial routes) and each run's route
//! signature, as the facts cache holds it. Timed: the clustering alone, and the whole
//! routes-and-variety analysis of those runs (clustering, workout types, windows, findings).

use std::collections::HashMap;

use criterion::{Criterion, criterion_group, criterion_main};
use rutscope::analysis::findings::Run;
use rutscope::analysis::routes::{TrackInput, cluster, route_track};
use rutscope::analysis::variety::analyze_runs;
use rutscope::simulate::{Config, Scenario, simulate};

fn three_thousand(c: &mut Criterion) {
    let sim = simulate(&Config {
        weeks: 680,
        scenarios: vec![Scenario::Healthy],
        new_routes_per_month: 2.0,
        ..Config::default()
    });
    let tracks: Vec<(String, Vec<[f64; 2]>)> = sim
        .activities
        .iter()
        .map(|(name, a)| (name.clone(), route_track(&a.samples)))
        .collect();
    let runs: Vec<Run> = sim
        .activities
        .iter()
        .map(|(name, a)| Run {
            id: name.clone(),
            date: a.start.map(|t| t.date_naive()).unwrap_or_default(),
            distance_m: a.totals.distance_m.unwrap_or(0.0),
            moving_time_s: a.totals.timer_time_s.unwrap_or(0.0),
            ..Run::default()
        })
        .collect();
    let by_id: HashMap<String, Vec<[f64; 2]>> = tracks.iter().cloned().collect();
    let inputs: Vec<TrackInput<'_>> = tracks
        .iter()
        .map(|(id, t)| TrackInput { id, track: t })
        .collect();
    let found = cluster(&inputs);
    eprintln!(
        "{} runs, {} routes found, {} planted",
        inputs.len(),
        found.routes.len(),
        sim.truth.routes.len()
    );
    let mut g = c.benchmark_group("routes");
    g.sample_size(10);
    g.bench_function("cluster-3000-runs", |b| {
        b.iter(|| cluster(&inputs).routes.len())
    });
    let dates: Vec<_> = runs.iter().map(|r| r.date).collect();
    let breaks = rutscope::analysis::breaks::breaks(&dates);
    g.bench_function("variety-3000-runs", |b| {
        b.iter(|| analyze_runs(&runs, &by_id, &breaks).routes.len())
    });
    g.finish();
}

criterion_group!(benches, three_thousand);
criterion_main!(benches);
