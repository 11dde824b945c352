//! The per-activity facts cache: [`ActivityFacts`] of every activity, one Parquet table per
//! committed sample part, so analyses read the samples once per import instead of once per
//! run.
//!
//! # Layout
//! `<store>/cache/facts-v<FACTS_VERSION>/<sample part path, '/' as '__'>`: sample parts are
//! immutable, so a part's cache is valid for as long as the part is committed; caches of
//! parts no longer committed are deleted on the next read. The cache is derived data:
//! deleting the `cache` directory loses nothing, a cache file that cannot be read is
//! recomputed, and a failure to write one only costs time.
//!
//! # Table
//! Rows per activity: as many as the larger of its whole-bpm heart-rate bins and its route
//! signature points (at least one); row `k` carries the `k`-th bin (null `bpm` past the
//! last) and the `k`-th track point (null `track_lat` past the last). The activity-level
//! columns repeat on each of its rows:
//! `activity_id` (string), `moving_time_s`, `distance_m`, `gap_speed_m_s`, `hr_moving_s`,
//! `steady_s`, `efficiency_factor`, `decoupling_pct`, `start_lon`, `best_1000_s`,
//! `best_1609_s`, `best_5000_s`, `best_10000_s`, `best_21097_s`, `best_42195_s`, `bpm` (int32), `bin_moving_s`,
//! `bin_warm_s`, `bin_warm_gap_m` (float64; see [`HrBin`]), `pace_spread`, `track_lat`,
//! `track_lon` (float64).

use std::collections::HashMap;
use std::fs::{self, File};
use std::path::{Path, PathBuf};

use polars::prelude::*;
use rayon::prelude::*;

use super::metrics::{ActivityFacts, HrBin, activity_facts};
use crate::model::{ParsedActivity, Samples};
use crate::store::records::Cols;
use crate::store::{Store, StoreError};

/// Bumped whenever [`ActivityFacts`] or its computation changes: older caches are ignored
/// and deleted.
pub const FACTS_VERSION: u32 = 4;

fn cache_dir(store: &Store) -> PathBuf {
    store.cache_dir().join(format!("facts-v{FACTS_VERSION}"))
}

fn cache_file(dir: &Path, part: &str) -> PathBuf {
    dir.join(part.replace(['/', '\\'], "__"))
}

/// Facts of every activity in the store (primaries and duplicates), by activity id,
/// computing and caching those of sample parts without a cache.
pub fn facts(store: &Store) -> Result<HashMap<String, ActivityFacts>, StoreError> {
    store.note_facts_read();
    let parts = store.sample_parts()?;
    let dir = cache_dir(store);
    let per_part: Vec<Result<Vec<(String, ActivityFacts)>, StoreError>> = parts
        .par_iter()
        .map(|part| {
            let file = cache_file(&dir, part);
            if let Some(cached) = read(&file) {
                return Ok(cached);
            }
            let acts = store.samples_in_part(part)?;
            let acts: Vec<(&str, &Samples)> = acts.iter().map(|(id, s)| (id.as_str(), s)).collect();
            Ok(compute_and_cache(&file, &acts))
        })
        .collect();
    let mut out = HashMap::new();
    for p in per_part {
        out.extend(p?);
    }
    remove_stale(store, &parts);
    Ok(out)
}

/// Computes and caches the facts of a sample part being written, from the activities still
/// in memory (the import's [`crate::store::import::PartHook`]): the same facts [`facts`] would
/// compute by reading the part back, without reading it. Until the part is committed its
/// cache is just an orphan that [`facts`] deletes.
pub fn prepare_part(store: &Store, part: &str, acts: &[(&str, &ParsedActivity)]) {
    // The part holds rows of activities with samples only.
    let acts: Vec<(&str, &Samples)> = acts
        .iter()
        .filter(|(_, a)| !a.samples.is_empty())
        .map(|(id, a)| (*id, &a.samples))
        .collect();
    compute_and_cache(&cache_file(&cache_dir(store), part), &acts);
}

/// Facts of one part's activities, written to its cache `file`.
fn compute_and_cache(file: &Path, acts: &[(&str, &Samples)]) -> Vec<(String, ActivityFacts)> {
    let facts: Vec<(String, ActivityFacts)> = acts
        .par_iter()
        .map(|(id, s)| (id.to_string(), activity_facts(s)))
        .collect();
    // A cache that cannot be written only costs time later.
    let _ = write(file, &facts);
    facts
}

/// Deletes caches of parts no longer committed and caches of older versions.
fn remove_stale(store: &Store, parts: &[String]) {
    let dir = cache_dir(store);
    let keep: std::collections::HashSet<PathBuf> =
        parts.iter().map(|p| cache_file(&dir, p)).collect();
    if let Ok(rd) = fs::read_dir(&dir) {
        for e in rd.flatten() {
            let p = e.path();
            let name = e.file_name();
            let name = name.to_string_lossy();
            let ours = name.starts_with("samples__") && name.contains(".parquet");
            if ours && !keep.contains(&p) || abandoned_tmp(&name, &p) {
                let _ = fs::remove_file(p);
            }
        }
    }
    if let Ok(rd) = fs::read_dir(store.cache_dir()) {
        for e in rd.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if name.starts_with("facts-v") && e.path() != dir {
                let _ = fs::remove_dir_all(e.path());
            }
        }
    }
}

/// Whether `name` is a temporary cache file whose writer is gone: `.<file>.<pid>.tmp` with
/// no such process (Linux's `/proc`), or older than an hour where that cannot be told.
fn abandoned_tmp(name: &str, path: &Path) -> bool {
    let Some(stem) = name.strip_prefix('.').and_then(|n| n.strip_suffix(".tmp")) else {
        return false;
    };
    let Some(pid) = stem.rsplit('.').next().and_then(|p| p.parse::<u32>().ok()) else {
        return false;
    };
    if pid == std::process::id() {
        return false;
    }
    let proc = Path::new("/proc");
    if proc.is_dir() {
        return !proc.join(pid.to_string()).exists();
    }
    fs::metadata(path)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.elapsed().ok())
        .is_some_and(|age| age > std::time::Duration::from_secs(3600))
}

fn frame(facts: &[(String, ActivityFacts)]) -> PolarsResult<DataFrame> {
    let rows_of = |f: &ActivityFacts| f.hr_bins.len().max(f.track.len()).max(1);
    let n: usize = facts.iter().map(|(_, f)| rows_of(f)).sum();
    let mut id = Vec::with_capacity(n);
    let mut act: [Vec<Option<f64>>; 15] = Default::default();
    let mut track: [Vec<Option<f64>>; 2] = Default::default();
    let mut bpm = Vec::with_capacity(n);
    let mut bins: [Vec<Option<f64>>; 3] = Default::default();
    for (aid, f) in facts {
        let a = [
            Some(f.moving_time_s),
            Some(f.distance_m),
            f.gap_speed_m_s,
            Some(f.hr_moving_s),
            Some(f.steady_s),
            f.efficiency_factor,
            f.decoupling_pct,
            f.start_lon,
            f.best_efforts_s[0],
            f.best_efforts_s[1],
            f.best_efforts_s[2],
            f.best_efforts_s[3],
            f.best_efforts_s[4],
            f.best_efforts_s[5],
            f.pace_spread,
        ];
        for k in 0..rows_of(f) {
            let b = f.hr_bins.get(k);
            let p = f.track.get(k);
            id.push(aid.as_str());
            for (col, v) in act.iter_mut().zip(a) {
                col.push(v);
            }
            track[0].push(p.map(|p| p[0]));
            track[1].push(p.map(|p| p[1]));
            bpm.push(b.map(|b| i32::from(b.bpm)));
            bins[0].push(b.map(|b| b.moving_s));
            bins[1].push(b.map(|b| b.warm_s));
            bins[2].push(b.map(|b| b.warm_gap_m));
        }
    }
    let [a0, a1, a2, a3, a4, a5, a6, a7, e0, e1, e2, e3, e4, e5, ps] = act;
    let [b0, b1, b2] = bins;
    let [tla, tlo] = track;
    DataFrame::new(
        n,
        vec![
            Column::new("activity_id".into(), id),
            Column::new("moving_time_s".into(), a0),
            Column::new("distance_m".into(), a1),
            Column::new("gap_speed_m_s".into(), a2),
            Column::new("hr_moving_s".into(), a3),
            Column::new("steady_s".into(), a4),
            Column::new("efficiency_factor".into(), a5),
            Column::new("decoupling_pct".into(), a6),
            Column::new("start_lon".into(), a7),
            Column::new("best_1000_s".into(), e0),
            Column::new("best_1609_s".into(), e1),
            Column::new("best_5000_s".into(), e2),
            Column::new("best_10000_s".into(), e3),
            Column::new("best_21097_s".into(), e4),
            Column::new("best_42195_s".into(), e5),
            Column::new("bpm".into(), bpm),
            Column::new("bin_moving_s".into(), b0),
            Column::new("bin_warm_s".into(), b1),
            Column::new("bin_warm_gap_m".into(), b2),
            Column::new("pace_spread".into(), ps),
            Column::new("track_lat".into(), tla),
            Column::new("track_lon".into(), tlo),
        ],
    )
}

fn from_frame(df: &DataFrame) -> PolarsResult<Vec<(String, ActivityFacts)>> {
    let c = Cols(df);
    let id = c.str("activity_id")?;
    let [mt, d, g, hm, st, ef, dc, lon, b0, b1, b2, ps, tla, tlo] = [
        "moving_time_s",
        "distance_m",
        "gap_speed_m_s",
        "hr_moving_s",
        "steady_s",
        "efficiency_factor",
        "decoupling_pct",
        "start_lon",
        "bin_moving_s",
        "bin_warm_s",
        "bin_warm_gap_m",
        "pace_spread",
        "track_lat",
        "track_lon",
    ]
    .map(|name| c.f64(name));
    let (mt, d, g, hm, st, ef, dc, lon) = (mt?, d?, g?, hm?, st?, ef?, dc?, lon?);
    let (b0, b1, b2, ps, tla, tlo) = (b0?, b1?, b2?, ps?, tla?, tlo?);
    let be = [
        "best_1000_s",
        "best_1609_s",
        "best_5000_s",
        "best_10000_s",
        "best_21097_s",
        "best_42195_s",
    ]
    .map(|name| c.f64(name));
    let [e0, e1, e2, e3, e4, e5] = be;
    let be = [e0?, e1?, e2?, e3?, e4?, e5?];
    let bpm = c.i64("bpm")?;
    let mut out: Vec<(String, ActivityFacts)> = Vec::new();
    for i in 0..df.height() {
        let aid = id[i].as_deref().unwrap_or("");
        if out.last().is_none_or(|(last, _)| last != aid) {
            out.push((
                aid.to_string(),
                ActivityFacts {
                    moving_time_s: mt[i].unwrap_or(0.0),
                    distance_m: d[i].unwrap_or(0.0),
                    gap_speed_m_s: g[i],
                    hr_moving_s: hm[i].unwrap_or(0.0),
                    steady_s: st[i].unwrap_or(0.0),
                    efficiency_factor: ef[i],
                    decoupling_pct: dc[i],
                    start_lon: lon[i],
                    best_efforts_s: [be[0][i], be[1][i], be[2][i], be[3][i], be[4][i], be[5][i]],
                    hr_bins: Vec::new(),
                    pace_spread: ps[i],
                    track: Vec::new(),
                },
            ));
        }
        if let (Some(la), Some(lo)) = (tla[i], tlo[i]) {
            out.last_mut().expect("pushed").1.track.push([la, lo]);
        }
        if let Some(b) = bpm[i] {
            out.last_mut().expect("pushed").1.hr_bins.push(HrBin {
                bpm: b.clamp(0, 255) as u16,
                moving_s: b0[i].unwrap_or(0.0),
                warm_s: b1[i].unwrap_or(0.0),
                warm_gap_m: b2[i].unwrap_or(0.0),
            });
        }
    }
    Ok(out)
}

fn read(path: &Path) -> Option<Vec<(String, ActivityFacts)>> {
    let file = File::open(path).ok()?;
    let df = ParquetReader::new(file).finish().ok()?;
    from_frame(&df).ok()
}

fn write(path: &Path, facts: &[(String, ActivityFacts)]) -> Result<(), Box<dyn std::error::Error>> {
    let dir = path.parent().ok_or("no parent")?;
    fs::create_dir_all(dir)?;
    // A name of its own, so that two analyses filling the cache at once never mix writes.
    let tmp = dir.join(format!(
        ".{}.{}.tmp",
        path.file_name().ok_or("no name")?.to_string_lossy(),
        std::process::id()
    ));
    let mut df = frame(facts)?;
    let f = File::create(&tmp)?;
    ParquetWriter::new(&f)
        .with_compression(ParquetCompression::Zstd(None))
        .finish(&mut df)?;
    drop(f);
    fs::rename(&tmp, path)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn facts_survive_the_table() {
        let facts = vec![
            (
                "a".to_string(),
                ActivityFacts {
                    moving_time_s: 100.0,
                    distance_m: 300.0,
                    gap_speed_m_s: Some(3.0),
                    hr_moving_s: 90.0,
                    steady_s: 0.0,
                    efficiency_factor: None,
                    decoupling_pct: Some(1.5),
                    start_lon: Some(104.06),
                    best_efforts_s: [Some(250.0), None, None, None, None, None],
                    pace_spread: Some(0.12),
                    track: vec![[46.0, 14.5], [46.001, 14.5], [46.002, 14.501]],
                    hr_bins: vec![
                        HrBin {
                            bpm: 120,
                            moving_s: 40.0,
                            warm_s: 0.0,
                            warm_gap_m: 0.0,
                        },
                        HrBin {
                            bpm: 121,
                            moving_s: 50.0,
                            warm_s: 10.0,
                            warm_gap_m: 31.0,
                        },
                    ],
                },
            ),
            (
                "b".to_string(),
                ActivityFacts {
                    moving_time_s: 10.0,
                    distance_m: 0.0,
                    gap_speed_m_s: None,
                    hr_moving_s: 0.0,
                    steady_s: 0.0,
                    efficiency_factor: None,
                    decoupling_pct: None,
                    start_lon: None,
                    best_efforts_s: [None; 6],
                    pace_spread: None,
                    track: vec![],
                    hr_bins: vec![],
                },
            ),
        ];
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("samples__x.parquet");
        write(&path, &facts).unwrap();
        assert_eq!(read(&path).unwrap(), facts);
        // A damaged cache is a miss, not an error.
        fs::write(&path, b"not parquet").unwrap();
        assert!(read(&path).is_none());
    }
}
