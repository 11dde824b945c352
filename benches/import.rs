//! Import throughput: parsing per format (samples/s) and whole imports of the real history
//! and corpus into a fresh store (MB/s of decompressed input), on all cores and on one.
//! Skips with a notice when the corpus (`RUTSCOPE_CORPUS` or `../shared/corpus`) is absent.

use std::path::{Path, PathBuf};
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use rutscope::ingest::container::{self, Limits, WalkItem};
use rutscope::ingest::{self, Parsed};
use rutscope::store::Store;
use rutscope::store::import::{ImportOptions, NoProgress, import};

/// Decompressed bytes and samples of everything under `path`.
fn measure(path: &Path) -> (u64, u64) {
    let (mut bytes, mut samples) = (0u64, 0u64);
    container::walk(&[path.to_path_buf()], Limits::default(), &mut |item| {
        if let WalkItem::File(mut f) = item
            && f.unpack().is_ok()
        {
            bytes += f.bytes.len() as u64;
            if let Ok((_, Parsed::Activities(v))) = ingest::parse_any(&f.name, &f.bytes) {
                samples += v.iter().map(|a| a.samples.len() as u64).sum::<u64>();
            }
        }
    });
    (bytes, samples)
}

fn parse_formats(c: &mut Criterion, corpus: &Path) {
    let files = corpus.join("files");
    let cases = [
        ("fit", files.join("muktihari-fit/testdata/big_activity.fit")),
        ("gpx", files.join("elevate/desktop/src/connectors/file/fixtures/activities-02/virtual_rides/garmin_export/20160119_virtualride_1023440829.gpx")),
        ("tcx", files.join("elevate/desktop/src/specs/integration/file/fixtures/running/sloatsburg.tcx")),
    ];
    let mut g = c.benchmark_group("parse");
    g.sample_size(10).measurement_time(Duration::from_secs(10));
    for (fmt, path) in cases {
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        let n = match ingest::parse_any(fmt, &bytes) {
            Ok((_, Parsed::Activities(v))) => v.iter().map(|a| a.samples.len() as u64).sum(),
            _ => continue,
        };
        g.throughput(Throughput::Elements(n));
        g.bench_with_input(BenchmarkId::new(fmt, n), &bytes, |b, bytes| {
            b.iter(|| ingest::parse_any(fmt, bytes).unwrap())
        });
    }
    g.finish();
}

fn import_into_fresh_store(input: &Path, threads: Option<usize>) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::at(dir.path().join("s"));
    let opts = ImportOptions {
        threads,
        ..ImportOptions::default()
    };
    let s = import(&store, &[input.to_path_buf()], &opts, &NoProgress).unwrap();
    assert!(s.imported > 0);
}

fn imports(c: &mut Criterion, corpus: &Path) {
    let inputs: [(&str, PathBuf); 2] = [
        ("history", corpus.join("history/asplitline/GPX_OUT")),
        ("corpus", corpus.join("files")),
    ];
    let mut g = c.benchmark_group("import");
    g.sample_size(10).measurement_time(Duration::from_secs(30));
    for (name, path) in inputs {
        let (bytes, samples) = measure(&path);
        eprintln!(
            "{name}: {:.1} MB decompressed, {samples} samples",
            bytes as f64 / 1e6
        );
        g.throughput(Throughput::Bytes(bytes));
        for (label, threads) in [("all-cores", None), ("one-core", Some(1))] {
            g.bench_function(BenchmarkId::new(name, label), |b| {
                b.iter(|| import_into_fresh_store(&path, threads))
            });
        }
    }
    g.finish();
}

fn benches(c: &mut Criterion) {
    let Some(corpus) = rutscope::corpus_dir() else {
        eprintln!("NOTICE: corpus not found (set RUTSCOPE_CORPUS); import benches skipped");
        return;
    };
    parse_formats(c, &corpus);
    imports(c, &corpus);
}

criterion_group!(import_benches, benches);
criterion_main!(import_benches);
