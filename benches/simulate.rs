//! Simulating and encoding a year of 4–5 runs a week (the simulator's speed target: < 2 s).

use criterion::{Criterion, criterion_group, criterion_main};
use rutscope::simulate::{Config, OutFormat, Scenario, encode, simulate};

fn year(c: &mut Criterion) {
    let mut g = c.benchmark_group("simulate");
    g.sample_size(10);
    for format in [OutFormat::Fit, OutFormat::Mixed] {
        let cfg = Config {
            weeks: 52,
            scenarios: vec![Scenario::Healthy],
            format,
            ..Config::default()
        };
        g.bench_function(format!("year-{format:?}").to_lowercase(), |b| {
            b.iter(|| {
                let sim = simulate(&cfg);
                sim.activities
                    .iter()
                    .map(|(f, a)| encode(f, a).len())
                    .sum::<usize>()
            })
        });
    }
    g.finish();
}

criterion_group!(benches, year);
criterion_main!(benches);
