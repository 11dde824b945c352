//! The per-activity facts cache: the [`ActivityFacts`] of every activity, one Parquet table
//! per committed sample part, so analyses read the samples once per import instead of once
//! per run.
//!
//! The store keeps the facts but does not compute them: the computation is the analysis's
//! (`analysis::metrics::activity_facts`) and is passed in ([`Store::facts`],
//! the import's [`super::import::FactsHook`], which [`Store::cache_facts`] caches), so the
//! store depends on nothing above it.
//!
//! # Layout
//! `<store>/cache/facts-v<FACTS_VERSION>/<sample part path, '/' as '__'>`: sample parts are
//! immutable, so a part's cache is valid for as long as the part is committed; caches of
//! parts no longer committed, and caches of other versions, are deleted on the next read.
//! The cache is derived data: deleting the `cache` directory loses nothing, a cache file that
//! cannot be read is recomputed, and a failure to write one only costs time.
//!
//! # Table
//! The columns are [`schema::facts`]. Rows per activity: as many as the larger of its
//! whole-bpm heart-rate bins and its route signature points (at least one); row `k` carries
//! the `k`-th bin (null `bpm` past the last) and the `k`-th track point (null `track_lat` past
//! the last). The activity-level columns repeat on each of its rows. `bpm` is int32, every
//! other column but `activity_id` (string) float64.

use std::collections::{HashMap, HashSet};
use std::fs::{self, File};
use std::path::{Path, PathBuf};

use polars::prelude::*;
use rayon::prelude::*;
use serde::Serialize;

use super::records::Cols;
use super::schema::facts as F;
use super::{Result, Store, schema};
use crate::model::Samples;

/// Version of the cached facts: bumped whenever [`ActivityFacts`], this table or the
/// computation the analyses pass in (`analysis::metrics::activity_facts`) changes. Caches of
/// other versions are ignored and deleted.
pub const FACTS_VERSION: u32 = 10;

/// Moving time at one heart rate (whole bpm).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct HrBin {
    /// Heart rate, bpm.
    pub bpm: u16,
    /// Moving seconds at it.
    pub moving_s: f64,
    /// Of those, seconds after the warm-up.
    pub warm_s: f64,
    /// Grade-adjusted metres covered in those seconds.
    pub warm_gap_m: f64,
}

/// What one activity's samples say, independent of the athlete's profile (cached). Computed
/// by `analysis::metrics::activity_facts`, which documents each figure's method.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActivityFacts {
    /// Seconds in motion.
    pub moving_time_s: f64,
    /// Metres.
    pub distance_m: f64,
    /// Mean grade-adjusted speed over moving time, m/s.
    pub gap_speed_m_s: Option<f64>,
    /// Moving seconds with heart rate.
    pub hr_moving_s: f64,
    /// Seconds of steady running with heart rate.
    pub steady_s: f64,
    /// Efficiency factor on steady running.
    pub efficiency_factor: Option<f64>,
    /// Aerobic decoupling on steady running, percent.
    pub decoupling_pct: Option<f64>,
    /// Longitude of the first GPS fix, degrees (the local day of files without a UTC offset
    /// is judged from it).
    pub start_lon: Option<f64>,
    /// Best-effort times over `analysis::metrics::BEST_EFFORT_M`, seconds, on the clock
    /// (stops inside count) and from windows without a GPS jump.
    pub best_efforts_s: [Option<f64>; 6],
    /// How many of those distances the activity covers only with its GPS jumps' metres
    /// (intervals faster than `analysis::metrics::MAX_RUN_SPEED_M_S`, left out of the
    /// efforts) counted, so they have no effort.
    pub efforts_over_jumps: u32,
    /// How many of those distances the activity covers but only down a hill: every window
    /// of the distance drops more than a best effort may
    /// (`analysis::metrics::EFFORT_MAX_DROP`), so it has no effort.
    pub efforts_downhill: u32,
    /// How many of those distances had a faster window that was a surge the heart rate did
    /// not follow (`analysis::metrics::surge_without_heart`: a GPS error), their effort
    /// taken from another window.
    pub efforts_surges: u32,
    /// Intervals faster than `analysis::metrics::MAX_RUN_SPEED_M_S` (for a run, GPS jumps).
    pub gps_jumps: u32,
    /// Highest heart rate held for `analysis::metrics::HELD_HR_S`, cadence lock left out,
    /// bpm.
    pub max_hr_held_bpm: Option<f64>,
    /// Seconds of cadence lock (heart rate reading the step rate).
    pub hr_locked_s: f64,
    /// Heart-rate histogram of moving time, ascending bpm.
    pub hr_bins: Vec<HrBin>,
    /// Spread of the pace within the run: the 10–90 % range of its
    /// `analysis::metrics::SPLIT_M` split speeds over their median (about 0.1 on a
    /// steady run, 0.4 and more with intervals); `None` under
    /// `analysis::metrics::MIN_SPLITS` splits.
    pub pace_spread: Option<f64>,
    /// Route signature: the GPS track resampled to
    /// `analysis::routes::TRACK_POINTS` points, `[lat, lon]` (empty without GPS).
    pub track: Vec<[f64; 2]>,
}

impl Store {
    /// Facts of every activity in the store (primaries and duplicates), by activity id:
    /// read from the cache, and for sample parts without a cache computed with `compute`
    /// from the samples and cached. Removes the caches of parts no longer committed.
    pub fn facts(
        &self,
        compute: impl Fn(&Samples) -> ActivityFacts + Sync,
    ) -> Result<HashMap<String, ActivityFacts>> {
        self.note_facts_read();
        let parts = self.sample_parts()?;
        let dir = self.facts_dir();
        let per_part: Vec<Result<Vec<(String, ActivityFacts)>>> = parts
            .par_iter()
            .map(|part| {
                let file = cache_file(&dir, part);
                match read(&file) {
                    Some(cached) => Ok(cached),
                    None => self.compute_and_cache_part(part, &file, &compute),
                }
            })
            .collect();
        let mut out = HashMap::new();
        for p in per_part {
            out.extend(p?);
        }
        self.remove_stale_facts(&parts);
        Ok(out)
    }

    /// Makes sure every committed sample part has its facts cached: a part without a cache
    /// file is read back and its facts computed with `compute` and cached; a part with one
    /// is not read (a cache file is whole once it exists: written under another name and
    /// renamed). Removes the caches of parts no longer committed. What an import calls
    /// after its commit: the parts it wrote were cached as they were written, so it costs
    /// a directory listing, not a read of every part's facts (which grew with the store:
    /// the facts of a 10-year store read back after importing one file).
    ///
    /// # Errors
    /// The committed manifest or a part without a cache could not be read.
    pub fn fill_facts(&self, compute: impl Fn(&Samples) -> ActivityFacts + Sync) -> Result<()> {
        let parts = self.sample_parts()?;
        let dir = self.facts_dir();
        parts
            .par_iter()
            .filter(|part| !cache_file(&dir, part).is_file())
            .try_for_each(|part| {
                self.compute_and_cache_part(part, &cache_file(&dir, part), &compute)
                    .map(drop)
            })?;
        self.remove_stale_facts(&parts);
        Ok(())
    }

    /// Facts of the activities of sample part `part`, read back and computed with
    /// `compute`, then cached in `file`.
    fn compute_and_cache_part(
        &self,
        part: &str,
        file: &Path,
        compute: &(impl Fn(&Samples) -> ActivityFacts + Sync),
    ) -> Result<Vec<(String, ActivityFacts)>> {
        let acts = self.samples_in_part(part)?;
        let acts: Vec<(&str, &Samples)> = acts.iter().map(|(id, s)| (id.as_str(), s)).collect();
        Ok(compute_and_cache(file, &acts, compute))
    }

    /// Caches the facts of a sample part being written, computed by the import (its
    /// [`super::import::FactsHook`]) for every activity of the part: what [`Store::facts`]
    /// would compute by reading the part back. A cache that cannot be written only costs
    /// time later.
    pub fn cache_facts(&self, part: &str, facts: &[(&str, &ActivityFacts)]) {
        let _ = write(&cache_file(&self.facts_dir(), part), facts);
    }

    fn facts_dir(&self) -> PathBuf {
        self.cache_dir()
            .join(format!("{}{FACTS_VERSION}", F::DIR_PREFIX))
    }

    /// Deletes caches of parts no longer committed, abandoned temporary files and caches of
    /// other versions.
    fn remove_stale_facts(&self, parts: &[String]) {
        let dir = self.facts_dir();
        let keep: HashSet<PathBuf> = parts.iter().map(|p| cache_file(&dir, p)).collect();
        if let Ok(rd) = fs::read_dir(&dir) {
            for e in rd.flatten() {
                let p = e.path();
                let name = e.file_name();
                let name = name.to_string_lossy();
                let ours = name.starts_with(&format!("{}__", schema::dirs::SAMPLES))
                    && name.contains(".parquet");
                if ours && !keep.contains(&p) || abandoned_tmp(&name, &p) {
                    let _ = fs::remove_file(p);
                }
            }
        }
        if let Ok(rd) = fs::read_dir(self.cache_dir()) {
            for e in rd.flatten() {
                let name = e.file_name().to_string_lossy().into_owned();
                if name.starts_with(F::DIR_PREFIX) && e.path() != dir {
                    let _ = fs::remove_dir_all(e.path());
                }
            }
        }
    }
}

fn cache_file(dir: &Path, part: &str) -> PathBuf {
    dir.join(part.replace(['/', '\\'], "__"))
}

/// Facts of one part's activities, written to its cache `file`.
fn compute_and_cache(
    file: &Path,
    acts: &[(&str, &Samples)],
    compute: &(impl Fn(&Samples) -> ActivityFacts + Sync),
) -> Vec<(String, ActivityFacts)> {
    let facts: Vec<(String, ActivityFacts)> = acts
        .par_iter()
        .map(|(id, s)| (id.to_string(), compute(s)))
        .collect();
    // A cache that cannot be written only costs time later.
    let _ = write(file, &facts);
    facts
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

fn frame<I: AsRef<str>, A: std::borrow::Borrow<ActivityFacts>>(
    facts: &[(I, A)],
) -> PolarsResult<DataFrame> {
    let rows_of = |f: &ActivityFacts| f.hr_bins.len().max(f.track.len()).max(1);
    let n: usize = facts.iter().map(|(_, f)| rows_of(f.borrow())).sum();
    let mut id = Vec::with_capacity(n);
    let mut act: [Vec<Option<f64>>; 8] = Default::default();
    let mut best: [Vec<Option<f64>>; 6] = Default::default();
    let mut bpm = Vec::with_capacity(n);
    let mut bins: [Vec<Option<f64>>; 3] = Default::default();
    let mut spread = Vec::with_capacity(n);
    let mut track: [Vec<Option<f64>>; 2] = Default::default();
    let mut checks: [Vec<Option<f64>>; 6] = Default::default();
    for (aid, f) in facts {
        let f: &ActivityFacts = f.borrow();
        let c = [
            Some(f64::from(f.efforts_over_jumps)),
            Some(f64::from(f.gps_jumps)),
            f.max_hr_held_bpm,
            Some(f.hr_locked_s),
            Some(f64::from(f.efforts_downhill)),
            Some(f64::from(f.efforts_surges)),
        ];
        let a = [
            Some(f.moving_time_s),
            Some(f.distance_m),
            f.gap_speed_m_s,
            Some(f.hr_moving_s),
            Some(f.steady_s),
            f.efficiency_factor,
            f.decoupling_pct,
            f.start_lon,
        ];
        for k in 0..rows_of(f) {
            let b = f.hr_bins.get(k);
            let p = f.track.get(k);
            id.push(aid.as_ref());
            for (col, v) in act.iter_mut().zip(a) {
                col.push(v);
            }
            for (col, v) in best.iter_mut().zip(f.best_efforts_s) {
                col.push(v);
            }
            bpm.push(b.map(|b| i32::from(b.bpm)));
            bins[0].push(b.map(|b| b.moving_s));
            bins[1].push(b.map(|b| b.warm_s));
            bins[2].push(b.map(|b| b.warm_gap_m));
            spread.push(f.pace_spread);
            track[0].push(p.map(|p| p[0]));
            track[1].push(p.map(|p| p[1]));
            for (col, v) in checks.iter_mut().zip(c) {
                col.push(v);
            }
        }
    }
    let act_names = [
        F::MOVING_TIME_S,
        F::DISTANCE_M,
        F::GAP_SPEED_M_S,
        F::HR_MOVING_S,
        F::STEADY_S,
        F::EFFICIENCY_FACTOR,
        F::DECOUPLING_PCT,
        F::START_LON,
    ];
    let floats = |names: &[&str], cols: Vec<Vec<Option<f64>>>| -> Vec<Column> {
        names
            .iter()
            .zip(cols)
            .map(|(name, v)| Column::new((*name).into(), v))
            .collect()
    };
    // The column order is the one caches have always been written in.
    let mut columns = vec![Column::new(F::ACTIVITY_ID.into(), id)];
    columns.extend(floats(&act_names, act.into()));
    columns.extend(floats(&F::BEST_EFFORTS_S, best.into()));
    columns.push(Column::new(F::BPM.into(), bpm));
    columns.extend(floats(
        &[F::BIN_MOVING_S, F::BIN_WARM_S, F::BIN_WARM_GAP_M],
        bins.into(),
    ));
    columns.push(Column::new(F::PACE_SPREAD.into(), spread));
    columns.extend(floats(&[F::TRACK_LAT, F::TRACK_LON], track.into()));
    columns.extend(floats(
        &[
            F::EFFORTS_OVER_JUMPS,
            F::GPS_JUMPS,
            F::MAX_HR_HELD_BPM,
            F::HR_LOCKED_S,
            F::EFFORTS_DOWNHILL,
            F::EFFORTS_SURGES,
        ],
        checks.into(),
    ));
    DataFrame::new(n, columns)
}

fn from_frame(df: &DataFrame) -> PolarsResult<Vec<(String, ActivityFacts)>> {
    let c = Cols(df);
    let id = c.str(F::ACTIVITY_ID)?;
    let [mt, d, g, hm, st, ef, dc, lon, b0, b1, b2, ps, tla, tlo] = [
        F::MOVING_TIME_S,
        F::DISTANCE_M,
        F::GAP_SPEED_M_S,
        F::HR_MOVING_S,
        F::STEADY_S,
        F::EFFICIENCY_FACTOR,
        F::DECOUPLING_PCT,
        F::START_LON,
        F::BIN_MOVING_S,
        F::BIN_WARM_S,
        F::BIN_WARM_GAP_M,
        F::PACE_SPREAD,
        F::TRACK_LAT,
        F::TRACK_LON,
    ]
    .map(|name| c.f64(name));
    let (mt, d, g, hm, st, ef, dc, lon) = (mt?, d?, g?, hm?, st?, ef?, dc?, lon?);
    let (b0, b1, b2, ps, tla, tlo) = (b0?, b1?, b2?, ps?, tla?, tlo?);
    let [e0, e1, e2, e3, e4, e5] = F::BEST_EFFORTS_S.map(|name| c.f64(name));
    let be = [e0?, e1?, e2?, e3?, e4?, e5?];
    let [oj, gj, mh, hl, dh, su] = [
        F::EFFORTS_OVER_JUMPS,
        F::GPS_JUMPS,
        F::MAX_HR_HELD_BPM,
        F::HR_LOCKED_S,
        F::EFFORTS_DOWNHILL,
        F::EFFORTS_SURGES,
    ]
    .map(|name| c.f64(name));
    let (oj, gj, mh, hl, dh, su) = (oj?, gj?, mh?, hl?, dh?, su?);
    let count = |v: Option<f64>| v.unwrap_or(0.0).clamp(0.0, f64::from(u32::MAX)) as u32;
    let bpm = c.i64(F::BPM)?;
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
                    best_efforts_s: be.each_ref().map(|col| col[i]),
                    efforts_over_jumps: count(oj[i]),
                    efforts_downhill: count(dh[i]),
                    efforts_surges: count(su[i]),
                    gps_jumps: count(gj[i]),
                    max_hr_held_bpm: mh[i],
                    hr_locked_s: hl[i].unwrap_or(0.0),
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

fn write<I: AsRef<str>, A: std::borrow::Borrow<ActivityFacts>>(
    path: &Path,
    facts: &[(I, A)],
) -> std::result::Result<(), Box<dyn std::error::Error>> {
    let dir = path.parent().ok_or("no parent")?;
    fs::create_dir_all(dir)?;
    // A name of its own, so that two analyses filling the cache at once never mix writes.
    let tmp = dir.join(format!(
        ".{}.{}.tmp",
        path.file_name().ok_or("no name")?.to_string_lossy(),
        std::process::id()
    ));
    let mut df = frame(facts)?;
    let written = (|| -> std::result::Result<(), Box<dyn std::error::Error>> {
        let f = File::create(&tmp)?;
        let mut buf = std::io::BufWriter::with_capacity(super::WRITE_BUFFER, &f);
        ParquetWriter::new(&mut buf)
            .with_compression(super::compression())
            .finish(&mut df)?;
        std::io::Write::flush(&mut buf)?;
        drop(buf);
        drop(f);
        fs::rename(&tmp, path)?;
        Ok(())
    })();
    // A cache file that could not be written (a full disk) leaves nothing behind.
    if written.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    written
}

#[cfg(test)]
mod tests {
    use super::*;

    fn two_activities() -> Vec<(String, ActivityFacts)> {
        vec![
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
                    best_efforts_s: [Some(250.0), None, None, None, None, Some(9000.0)],
                    efforts_over_jumps: 1,
                    efforts_downhill: 2,
                    efforts_surges: 1,
                    gps_jumps: 2,
                    max_hr_held_bpm: Some(121.0),
                    hr_locked_s: 75.0,
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
                    efforts_over_jumps: 0,
                    efforts_downhill: 0,
                    efforts_surges: 0,
                    gps_jumps: 0,
                    max_hr_held_bpm: None,
                    hr_locked_s: 0.0,
                    pace_spread: None,
                    track: vec![],
                    hr_bins: vec![],
                },
            ),
        ]
    }

    #[test]
    fn facts_survive_the_table() {
        let facts = two_activities();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("samples__x.parquet");
        write(&path, &facts).unwrap();
        assert_eq!(read(&path).unwrap(), facts);
        // A damaged cache is a miss, not an error.
        fs::write(&path, b"not parquet").unwrap();
        assert!(read(&path).is_none());
    }

    #[test]
    fn a_cache_file_that_cannot_be_written_leaves_nothing_behind() {
        // The rename fails (a directory holds the name), as a full disk fails a write.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("samples__x.parquet");
        fs::create_dir(&path).unwrap();
        fs::write(path.join("inside"), b"x").unwrap();
        assert!(write(&path, &two_activities()).is_err());
        let left: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(left, ["samples__x.parquet"]);
    }

    /// The table's columns, in order (a change here needs a new [`FACTS_VERSION`]).
    #[test]
    fn facts_table_keeps_its_columns() {
        let df = frame(&two_activities()).unwrap();
        let names: Vec<&str> = df.get_column_names().iter().map(|n| n.as_str()).collect();
        assert_eq!(
            names,
            [
                "activity_id",
                "moving_time_s",
                "distance_m",
                "gap_speed_m_s",
                "hr_moving_s",
                "steady_s",
                "efficiency_factor",
                "decoupling_pct",
                "start_lon",
                "best_1000_s",
                "best_1609_s",
                "best_5000_s",
                "best_10000_s",
                "best_21097_s",
                "best_42195_s",
                "bpm",
                "bin_moving_s",
                "bin_warm_s",
                "bin_warm_gap_m",
                "pace_spread",
                "track_lat",
                "track_lon",
                "efforts_over_jumps",
                "gps_jumps",
                "max_hr_held_bpm",
                "hr_locked_s",
                "efforts_downhill",
                "efforts_surges",
            ]
        );
        assert_eq!(df.column(F::BPM).unwrap().dtype(), &DataType::Int32);
        // "a" spans three rows (three track points, two bins), "b" one.
        assert_eq!(df.height(), 4);
    }

    /// Reading the facts of a committed store drops the caches it does not name: other
    /// versions, parts no longer committed, temporary files of writers that are gone.
    #[test]
    fn stale_caches_are_removed_and_current_ones_kept() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::at(dir.path());
        store.writer(false, &mut |_| {}).unwrap().commit().unwrap();
        let current = store.facts_dir();
        let old_version = store.cache_dir().join(format!("{}3", F::DIR_PREFIX));
        fs::create_dir_all(&current).unwrap();
        fs::create_dir_all(&old_version).unwrap();
        fs::write(old_version.join("samples__year=2024__part-a.parquet"), b"x").unwrap();
        let orphan = cache_file(&current, "samples/year=2024/part-gone.parquet");
        write(&orphan, &two_activities()).unwrap();
        // No process has pid 0 in /proc (and elsewhere the file is new, so kept).
        let dead_tmp = current.join(".samples__year=2024__part-x.parquet.0.tmp");
        let live_tmp = current.join(format!(
            ".samples__year=2024__part-y.parquet.{}.tmp",
            std::process::id()
        ));
        let foreign = current.join("notes.txt");
        for f in [&dead_tmp, &live_tmp, &foreign] {
            fs::write(f, b"x").unwrap();
        }
        let facts = store
            .facts(|_| unreachable!("no parts to compute"))
            .unwrap();
        assert!(facts.is_empty());
        assert!(!old_version.exists());
        assert!(!orphan.exists());
        assert_eq!(dead_tmp.exists(), !Path::new("/proc").is_dir());
        assert!(live_tmp.exists());
        assert!(foreign.exists());
    }
}
