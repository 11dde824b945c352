//! The Parquet store: tables on disk, the commit protocol and the writer's lock.
//!
//! # Layout
//! ```text
//! STORE/
//!   store.json                       commit point: schema version, generation, table files
//!   .lock                            held by the one writing process
//!   activities/gen-00000007.parquet  the whole activities table, one file per generation
//!   imports/gen-00000007.parquet     the whole imports table
//!   laps/part-<batch>.parquet        immutable, one per import batch
//!   samples/year=2024/part-<batch>.parquet   immutable, hive-partitioned by start year
//!   wellness/gen-00000007.parquet    days of resting HR, sleep, stress ([`wellness`])
//!   cache/facts-v4/                  derived per-activity facts ([`facts`]; delete freely)
//!   profile.json                     the athlete's profile settings ([`profile`])
//!   journal.json                     what the runner entered: corrections ([`journal`])
//! ```
//!
//! # Commit protocol (crash safety)
//! An import writes its new sample and lap parts, then new generations of `activities` and
//! `imports`, each to a temporary name, fsynced and renamed; only then is `store.json`
//! replaced by an atomic rename: that rename is the commit. A crash anywhere before it
//! leaves the previous `store.json`, which names only complete files, so readers see the
//! previous store; files it does not name are removed by the next writer, and a re-run
//! imports what was lost. After the commit, superseded generations are deleted. Readers
//! use exactly the files `store.json` names; at rest each table directory holds only those,
//! so `duckdb`/`pyarrow` can also read the directories directly.

pub mod dedup;
pub mod encode;
pub mod export_gear;
pub mod facts;
pub mod import;
pub mod journal;
pub mod profile;
pub mod records;
pub mod schema;
pub mod wellness;

use std::fs::{self, File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use polars::prelude::*;
use serde::{Deserialize, Serialize};
use thiserror::Error;

use records::{ActivityRecord, ImportRecord};
use schema::{CACHE_DIR, LOCK_FILE, MANIFEST_FILE, OLDEST_READABLE_VERSION, SCHEMA_VERSION, dirs};

/// Store errors; each names the store or file it is about. A variant with a `source()` does
/// not repeat it in its message: `{:#}` (anyhow) prints the chain, each cause once.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum StoreError {
    /// No store at this path yet.
    #[error("no rutscope store at {0} (import some activities first: rutscope import PATH)")]
    Missing(PathBuf),
    /// Filesystem error.
    #[error("{what} {path}")]
    Io {
        /// What was being done.
        what: &'static str,
        /// The file.
        path: PathBuf,
        /// The cause.
        #[source]
        source: io::Error,
    },
    /// `store.json` is unreadable.
    #[error("store manifest {path} is corrupt")]
    Manifest {
        /// The file.
        path: PathBuf,
        /// The cause.
        #[source]
        source: serde_json::Error,
    },
    /// Written by another version.
    #[error("store {} has schema version {found}; {}", path.display(), version_advice(*found))]
    Version {
        /// The store.
        path: PathBuf,
        /// Its version.
        found: u32,
    },
    /// Parquet or frame error (its cause is part of the message, not a `source()`: a chain
    /// printer would say it twice).
    #[error("table {}: {error}", path.display())]
    Table {
        /// The file.
        path: PathBuf,
        /// The cause.
        error: PolarsError,
    },
    /// The profile settings file is not valid settings JSON.
    #[error("profile settings {} are not valid (fix the file, or start again with rutscope profile --clear)", path.display())]
    ProfileSettings {
        /// The file.
        path: PathBuf,
        /// The cause.
        #[source]
        source: serde_json::Error,
    },
    /// The journal is not valid journal JSON. It holds what the runner entered, so it is
    /// never rewritten while it cannot be read.
    #[error("journal {} is not valid (it holds what you entered: fix it by hand, or move it away to start a new one)", path.display())]
    Journal {
        /// The file.
        path: PathBuf,
        /// The cause.
        #[source]
        source: serde_json::Error,
    },
    /// The exports' shoe list is not valid: it can be read again from the export.
    #[error("the exports' shoe list {} is not valid (delete it and import the export again)", path.display())]
    ExportGear {
        /// The file.
        path: PathBuf,
        /// The cause.
        #[source]
        source: serde_json::Error,
    },
    /// The journal was written by a newer rutscope.
    #[error("journal {} has version {found}; this rutscope reads version {}: upgrade rutscope (the file was not changed)", path.display(), schema::journal::VERSION)]
    JournalVersion {
        /// The file.
        path: PathBuf,
        /// Its version.
        found: u32,
    },
    /// No activity has this id, nor an id starting with it.
    #[error("no activity with id {prefix} (rutscope list shows the ids)")]
    NoSuchActivity {
        /// The id or prefix asked for.
        prefix: String,
    },
    /// Several activities' ids start with this prefix.
    #[error(
        "id prefix {prefix} matches {count} activities ({}…); give more digits",
        examples.join(", ")
    )]
    AmbiguousId {
        /// The prefix asked for.
        prefix: String,
        /// How many ids start with it.
        count: usize,
        /// The first few of them.
        examples: Vec<String>,
    },
    /// Another process holds the lock and waiting was not allowed.
    #[error("store {0} is being written by another rutscope process ({1}); try again when it ends")]
    Locked(PathBuf, String),
}

type Result<T> = std::result::Result<T, StoreError>;

/// How many of the matching ids an [`StoreError::AmbiguousId`] names: enough to show how
/// they differ, few enough for one line.
pub const AMBIGUOUS_EXAMPLES: usize = 3;

/// `store.json`: the committed state.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Manifest {
    /// Table layout version.
    pub schema_version: u32,
    /// Increases by one per commit.
    pub generation: u64,
    /// Relative path of the current activities file (`None` before the first import).
    pub activities: Option<String>,
    /// Relative path of the current imports file.
    pub imports: Option<String>,
    /// Relative paths of the lap parts.
    pub laps: Vec<String>,
    /// Relative paths of the sample parts.
    pub samples: Vec<String>,
    /// Relative path of the current wellness file (since schema version 2; `None` until a
    /// wellness export is imported).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wellness: Option<String>,
}

impl Manifest {
    fn empty() -> Self {
        Manifest {
            schema_version: SCHEMA_VERSION,
            generation: 0,
            activities: None,
            imports: None,
            laps: Vec::new(),
            samples: Vec::new(),
            wellness: None,
        }
    }
}

/// A store directory.
#[derive(Debug, Clone)]
pub struct Store {
    root: PathBuf,
    reads: std::sync::Arc<ReadCounter>,
}

/// How often a store handle (and its clones) read the activities table and the facts
/// cache: the analyses promise to read each once per report, and a test holds them to it.
#[derive(Debug, Default)]
struct ReadCounter {
    activities: std::sync::atomic::AtomicUsize,
    facts: std::sync::atomic::AtomicUsize,
}

/// Reads so far, see [`Store::reads`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reads {
    /// Reads of the activities table.
    pub activities: usize,
    /// Reads of the facts cache (every part's facts at once).
    pub facts: usize,
}

fn io_err<'a>(what: &'static str, path: &'a Path) -> impl FnOnce(io::Error) -> StoreError + 'a {
    move |source| StoreError::Io {
        what,
        path: path.to_path_buf(),
        source,
    }
}

impl Store {
    /// A handle on the store at `root` (nothing is read or created yet).
    pub fn at(root: impl Into<PathBuf>) -> Self {
        Store {
            root: root.into(),
            reads: Default::default(),
        }
    }

    /// How often this handle (and its clones) read the activities table and the facts
    /// cache.
    pub fn reads(&self) -> Reads {
        use std::sync::atomic::Ordering::Relaxed;
        Reads {
            activities: self.reads.activities.load(Relaxed),
            facts: self.reads.facts.load(Relaxed),
        }
    }

    /// Counts one read of the whole facts cache.
    pub(crate) fn note_facts_read(&self) {
        self.reads
            .facts
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    }

    /// The store's directory.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Whether a store has been committed here.
    pub fn exists(&self) -> bool {
        self.root.join(MANIFEST_FILE).is_file()
    }

    /// Reads the committed manifest; a missing store is [`StoreError::Missing`].
    pub fn manifest(&self) -> Result<Manifest> {
        let path = self.root.join(MANIFEST_FILE);
        let text = match fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                return Err(StoreError::Missing(self.root.clone()));
            }
            Err(e) => return Err(io_err("reading", &path)(e)),
        };
        let m: Manifest = serde_json::from_str(&text).map_err(|source| StoreError::Manifest {
            path: path.clone(),
            source,
        })?;
        if !(OLDEST_READABLE_VERSION..=SCHEMA_VERSION).contains(&m.schema_version) {
            return Err(StoreError::Version {
                path: self.root.clone(),
                found: m.schema_version,
            });
        }
        Ok(m)
    }

    fn manifest_or_empty(&self) -> Result<Manifest> {
        match self.manifest() {
            Err(StoreError::Missing(_)) => Ok(Manifest::empty()),
            other => other,
        }
    }

    fn read_table(&self, rel: &str) -> Result<DataFrame> {
        let path = self.root.join(rel);
        let file = File::open(&path).map_err(io_err("opening", &path))?;
        ParquetReader::new(file)
            .finish()
            .map_err(|source| StoreError::Table {
                path,
                error: source,
            })
    }

    /// All activity rows (primaries and duplicates).
    pub fn activities(&self) -> Result<Vec<ActivityRecord>> {
        self.reads
            .activities
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let m = self.manifest()?;
        self.activities_of(&m)
    }

    fn activities_of(&self, m: &Manifest) -> Result<Vec<ActivityRecord>> {
        let Some(rel) = &m.activities else {
            return Ok(Vec::new());
        };
        let df = self.read_table(rel)?;
        records::activities_from_frame(&df).map_err(|source| StoreError::Table {
            path: self.root.join(rel),
            error: source,
        })
    }

    /// The wellness table's rows (one per day and source; empty before any wellness
    /// export was imported, and in version-1 stores).
    pub fn wellness(&self) -> Result<Vec<crate::model::WellnessDay>> {
        let m = self.manifest()?;
        self.wellness_of(&m)
    }

    fn wellness_of(&self, m: &Manifest) -> Result<Vec<crate::model::WellnessDay>> {
        let Some(rel) = &m.wellness else {
            return Ok(Vec::new());
        };
        let df = self.read_table(rel)?;
        wellness::from_frame(&df).map_err(|source| StoreError::Table {
            path: self.root.join(rel),
            error: source,
        })
    }

    /// The activity whose id is `prefix` or starts with it (ids are lower-case hex; the
    /// prefix is trimmed and lower-cased, as a user types it).
    ///
    /// # Errors
    /// [`StoreError::NoSuchActivity`] when no id starts with it, [`StoreError::AmbiguousId`]
    /// (with [`AMBIGUOUS_EXAMPLES`] of them) when several do.
    pub fn find_activity(&self, prefix: &str) -> Result<ActivityRecord> {
        let prefix = prefix.trim().to_ascii_lowercase();
        let mut found: Vec<ActivityRecord> = self
            .activities()?
            .into_iter()
            .filter(|a| a.id.starts_with(&prefix))
            .collect();
        match found.len() {
            1 => Ok(found.remove(0)),
            0 => Err(StoreError::NoSuchActivity { prefix }),
            count => Err(StoreError::AmbiguousId {
                prefix,
                count,
                examples: found
                    .into_iter()
                    .take(AMBIGUOUS_EXAMPLES)
                    .map(|a| a.id)
                    .collect(),
            }),
        }
    }

    /// All import rows.
    pub fn imports(&self) -> Result<Vec<ImportRecord>> {
        let m = self.manifest()?;
        self.imports_of(&m)
    }

    fn imports_of(&self, m: &Manifest) -> Result<Vec<ImportRecord>> {
        let Some(rel) = &m.imports else {
            return Ok(Vec::new());
        };
        let df = self.read_table(rel)?;
        records::imports_from_frame(&df).map_err(|source| StoreError::Table {
            path: self.root.join(rel),
            error: source,
        })
    }

    fn scan(&self, parts: &[String]) -> Result<Option<LazyFrame>> {
        self.scan_as(parts, ScanArgsParquet::default())
    }

    /// A lazy scan of `parts` with `args` (a schema for parts of several layouts).
    fn scan_as(&self, parts: &[String], args: ScanArgsParquet) -> Result<Option<LazyFrame>> {
        if parts.is_empty() {
            return Ok(None);
        }
        let paths: Vec<PlRefPath> = parts
            .iter()
            .map(|p| PlRefPath::new(self.root.join(p).to_string_lossy().as_ref()))
            .collect();
        LazyFrame::scan_parquet_files(paths.into_iter().collect(), args)
            .map(Some)
            .map_err(|source| StoreError::Table {
                path: self.root.join(dirs::SAMPLES),
                error: source,
            })
    }

    /// A lazy scan over every committed sample part (`None` when there are none), in the
    /// current layout: columns a part written by an older version lacks (see
    /// [`schema::SCHEMA_VERSION`]) read as null.
    pub fn samples(&self) -> Result<Option<LazyFrame>> {
        let m = self.manifest()?;
        let layout = records::samples_frame_of(&[]).map_err(|source| StoreError::Table {
            path: self.root.join(dirs::SAMPLES),
            error: source,
        })?;
        let args = ScanArgsParquet {
            schema: Some(std::sync::Arc::new(layout.schema().as_ref().clone())),
            allow_missing_columns: true,
            ..ScanArgsParquet::default()
        };
        self.scan_as(&m.samples, args)
    }

    /// Calls `f` with the samples of every activity, one sample part at a time (so memory
    /// holds one part, at most one import batch of activities, whatever the history's size).
    pub fn for_each_activity_samples(
        &self,
        mut f: impl FnMut(&str, &crate::model::Samples),
    ) -> Result<()> {
        let m = self.manifest()?;
        for rel in &m.samples {
            let df = self.read_table(rel)?;
            let acts = records::samples_from_frame(&df).map_err(|source| StoreError::Table {
                path: self.root.join(rel),
                error: source,
            })?;
            for (id, s) in &acts {
                f(id, s);
            }
        }
        Ok(())
    }

    /// Relative paths of the committed sample parts (immutable files: one per import batch
    /// and start year).
    pub fn sample_parts(&self) -> Result<Vec<String>> {
        Ok(self.manifest()?.samples)
    }

    /// The samples of every activity in one sample part.
    pub fn samples_in_part(&self, rel: &str) -> Result<Vec<(String, crate::model::Samples)>> {
        let df = self.read_table(rel)?;
        records::samples_from_frame(&df).map_err(|source| StoreError::Table {
            path: self.root.join(rel),
            error: source,
        })
    }

    /// Directory for derived data the analyses cache (never part of the committed store:
    /// deleting it loses nothing).
    pub fn cache_dir(&self) -> PathBuf {
        self.root.join(CACHE_DIR)
    }

    /// The samples of one activity.
    pub fn samples_of(&self, activity_id: &str) -> Result<crate::model::Samples> {
        use schema::samples as S;
        let Some(lf) = self.samples()? else {
            return Ok(Default::default());
        };
        let df = lf
            .filter(col(S::ACTIVITY_ID).eq(lit(activity_id)))
            .collect()
            .map_err(|source| StoreError::Table {
                path: self.root.join(dirs::SAMPLES),
                error: source,
            })?;
        let mut v = records::samples_from_frame(&df).map_err(|source| StoreError::Table {
            path: self.root.join(dirs::SAMPLES),
            error: source,
        })?;
        Ok(v.pop().map(|(_, s)| s).unwrap_or_default())
    }

    /// A lazy scan over every committed lap part.
    pub fn laps(&self) -> Result<Option<LazyFrame>> {
        let m = self.manifest()?;
        self.scan(&m.laps)
    }

    /// The laps of one activity, in order.
    pub fn laps_of(&self, activity_id: &str) -> Result<Vec<crate::model::Lap>> {
        use schema::laps as L;
        let Some(lf) = self.laps()? else {
            return Ok(Vec::new());
        };
        let df = lf
            .filter(col(L::ACTIVITY_ID).eq(lit(activity_id)))
            .sort([L::LAP_INDEX], SortMultipleOptions::default())
            .collect()
            .map_err(|source| StoreError::Table {
                path: self.root.join(dirs::LAPS),
                error: source,
            })?;
        records::laps_from_frame(&df).map_err(|source| StoreError::Table {
            path: self.root.join(dirs::LAPS),
            error: source,
        })
    }

    /// Opens the store for writing: creates it if needed, takes the lock (waiting for
    /// another writer when `wait` is set, telling `on_wait` once), and removes what a
    /// crashed writer left behind.
    pub fn writer(&self, wait: bool, on_wait: &mut dyn FnMut(&str)) -> Result<Writer> {
        fs::create_dir_all(&self.root).map_err(io_err("creating", &self.root))?;
        let lock_path = self.root.join(LOCK_FILE);
        let mut lock = OpenOptions::new()
            .create(true)
            .truncate(false)
            .read(true)
            .write(true)
            .open(&lock_path)
            .map_err(io_err("opening lock", &lock_path))?;
        match lock.try_lock() {
            Ok(()) => {}
            Err(fs::TryLockError::WouldBlock) => {
                let holder = fs::read_to_string(&lock_path).unwrap_or_default();
                let holder = holder.trim().to_string();
                if !wait {
                    return Err(StoreError::Locked(self.root.clone(), holder));
                }
                on_wait(&holder);
                lock.lock().map_err(io_err("locking", &lock_path))?;
            }
            Err(fs::TryLockError::Error(e)) => return Err(io_err("locking", &lock_path)(e)),
        }
        lock.set_len(0).ok();
        let _ = writeln!(lock, "pid {}", std::process::id());
        let manifest = self.manifest_or_empty()?;
        let activities = self.activities_of(&manifest)?;
        let imports = self.imports_of(&manifest)?;
        let wellness = self.wellness_of(&manifest)?;
        let w = Writer {
            store: self.clone(),
            _lock: lock,
            manifest,
            activities,
            imports,
            wellness,
            wellness_changed: false,
        };
        w.remove_orphans()?;
        Ok(w)
    }
}

/// The one writer of a store, holding its lock; changes are made in memory and on new
/// files, and become visible at [`Writer::commit`].
pub struct Writer {
    store: Store,
    _lock: File,
    manifest: Manifest,
    /// Activities as they will be committed.
    pub activities: Vec<ActivityRecord>,
    /// Imports as they will be committed.
    pub imports: Vec<ImportRecord>,
    /// Wellness rows as they will be committed.
    wellness: Vec<crate::model::WellnessDay>,
    /// Whether the wellness rows changed since the last commit (the table is written only
    /// then).
    wellness_changed: bool,
}

fn version_advice(found: u32) -> String {
    if found > SCHEMA_VERSION {
        format!(
            "this rutscope reads version {SCHEMA_VERSION}: it was written by a newer rutscope \
             (upgrade rutscope, or import into another store with --store)"
        )
    } else {
        format!(
            "this rutscope reads versions {OLDEST_READABLE_VERSION} to {SCHEMA_VERSION} and \
             does not convert older stores: import your activity files again into a new store (--store NEW_DIR), after copying \
             the old store's journal.json (your corrections) into it; nothing in the old \
             store was changed"
        )
    }
}

/// Sees each sample part [`Writer::write_parts`] writes: its path and its activities' ids.
pub type PartWritten<'a> = dyn FnMut(&str, &[&str]) + 'a;

/// How every table and cache is compressed: zstd at level 1. Its default level, 3, was a
/// quarter of the import's CPU once the writes were buffered and the columns encoded in
/// parallel ([`encode`]); level 1 makes the Coros histories' samples 13 % bigger (37 →
/// 42 MB for 1,141 files) for 7 % less CPU (2.69 → 2.50 s) and wall time (1.91 → 1.77 s).
/// A part reads the same at any level.
pub(crate) fn compression() -> ParquetCompression {
    ParquetCompression::Zstd(Some(
        polars_parquet::write::ZstdLevel::try_new(1).expect("1 is a zstd level"),
    ))
}

/// Writes `df` to `path` through a temporary file, fsyncs and renames it.
fn write_parquet_atomic(path: &Path, df: &mut DataFrame) -> Result<()> {
    write_atomic_with(path, |file, tmp| {
        ParquetWriter::new(file)
            .with_compression(compression())
            .finish(df)
            .map(|_| ())
            .map_err(|source| StoreError::Table {
                path: tmp.to_path_buf(),
                error: source,
            })
    })
}

/// Rows of a sample part built and written at a time (one Parquet row group): polars'
/// default row group size, so that a batch of ordinary files is one group as before, and a
/// big file's table is held a group at a time (a few tens of MB) rather than whole.
const SAMPLE_ROW_GROUP_ROWS: usize = 512 * 512;

/// Bytes a table file's writes are gathered into before they reach the file. polars'
/// Parquet writer writes a page header field by field (its thrift encoder calls `write`
/// for each varint): unbuffered, importing the Coros histories (1,141 files, 41 MB of
/// store) made 363,000 `write` calls, about a tenth of the import's CPU.
pub(crate) const WRITE_BUFFER: usize = 1 << 20;

/// Writes `path` through `write` into a temporary file beside it (buffered, see
/// [`WRITE_BUFFER`]), flushed and fsynced, then renamed over `path`; a failure leaves no
/// temporary file.
fn write_atomic_with(
    path: &Path,
    write: impl FnOnce(&mut BufWriter<&File>, &Path) -> Result<()>,
) -> Result<()> {
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).map_err(io_err("creating", dir))?;
    }
    let tmp = path.with_extension("parquet.tmp");
    let written = (|| {
        let file = File::create(&tmp).map_err(io_err("creating", &tmp))?;
        let mut buf = BufWriter::with_capacity(WRITE_BUFFER, &file);
        write(&mut buf, &tmp)?;
        // Flushed here, where an error is seen (dropping a BufWriter ignores it).
        buf.flush().map_err(io_err("writing", &tmp))?;
        drop(buf);
        file.sync_all().map_err(io_err("syncing", &tmp))?;
        fs::rename(&tmp, path).map_err(io_err("renaming", path))
    })();
    if written.is_err() {
        // A disk that filled up keeps no half-written file (the next writer would delete it
        // too, but the space is wanted now).
        let _ = fs::remove_file(&tmp);
    }
    written
}

/// Replaces the small file `name` in the store directory `root` (created if needed) by
/// `text`: a temporary file beside it, fsynced, renamed over the old one, and the directory
/// synced. Readers see the old file or the new one, never a part; a failure leaves the old
/// file and no temporary one. The manifest, the journal, the profile settings and the
/// exports' shoe list are written this way.
fn write_file_atomic(root: &Path, name: &str, text: &str) -> Result<()> {
    fs::create_dir_all(root).map_err(io_err("creating", root))?;
    let path = root.join(name);
    let tmp = root.join(format!("{name}.tmp"));
    let written = (|| {
        let mut f = File::create(&tmp).map_err(io_err("creating", &tmp))?;
        f.write_all(text.as_bytes())
            .map_err(io_err("writing", &tmp))?;
        f.sync_all().map_err(io_err("syncing", &tmp))?;
        fs::rename(&tmp, &path).map_err(io_err("renaming", &path))
    })();
    if written.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    written?;
    sync_dir(root);
    Ok(())
}

fn sync_dir(dir: &Path) {
    // Makes renames durable on Linux; not supported everywhere, and not needed for
    // correctness of what readers see, so failures are ignored.
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}

impl Writer {
    /// The store written to.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Writes one batch's laps and samples as new parts (not yet visible). Samples are
    /// split by the start year of their activity; `on_part` sees each sample part written.
    pub fn write_parts(
        &mut self,
        batch_id: &str,
        acts: &[(&str, &crate::model::ParsedActivity)],
        on_part: &mut PartWritten<'_>,
    ) -> Result<()> {
        if acts.is_empty() {
            return Ok(());
        }
        let root = self.store.root.clone();
        let mut by_year: std::collections::BTreeMap<
            i32,
            Vec<(&str, &crate::model::ParsedActivity)>,
        > = Default::default();
        for (id, a) in acts {
            use chrono::Datelike;
            let year = a.start.map(|s| s.year()).unwrap_or(0);
            by_year.entry(year).or_default().push((id, a));
        }
        for (year, group) in by_year {
            if group.iter().all(|(_, a)| a.samples.is_empty()) {
                continue;
            }
            let rel = format!("{}/year={year}/part-{batch_id}.parquet", dirs::SAMPLES);
            // Built and written a row group at a time: the table is a second copy of the
            // samples, so a big file's is never whole in memory beside them.
            write_atomic_with(&root.join(&rel), |file, tmp| {
                let table = |source| StoreError::Table {
                    path: tmp.to_path_buf(),
                    error: source,
                };
                let mut w = encode::PartWriter::new(file).map_err(table)?;
                for piece in records::sample_pieces(&group, SAMPLE_ROW_GROUP_ROWS) {
                    let df = records::samples_frame_of(&piece).map_err(table)?;
                    w.append(&df).map_err(table)?;
                }
                w.finish().map_err(table)
            })?;
            let ids: Vec<&str> = group
                .iter()
                .filter(|(_, a)| !a.samples.is_empty())
                .map(|(id, _)| *id)
                .collect();
            on_part(&rel, &ids);
            self.manifest.samples.push(rel);
        }
        if acts.iter().any(|(_, a)| !a.laps.is_empty()) {
            let rel = format!("{}/part-{batch_id}.parquet", dirs::LAPS);
            let mut df = records::laps_frame(acts).map_err(|source| StoreError::Table {
                path: root.join(&rel),
                error: source,
            })?;
            write_parquet_atomic(&root.join(&rel), &mut df)?;
            self.manifest.laps.push(rel);
        }
        Ok(())
    }

    /// Merges days of wellness into the table (see [`wellness::merge`]); written at the
    /// next commit. Returns how many rows were added or changed.
    pub fn merge_wellness(&mut self, days: Vec<crate::model::WellnessDay>) -> usize {
        let changed = wellness::merge(&mut self.wellness, days);
        self.wellness_changed |= changed > 0;
        changed
    }

    /// Writes the activities and imports tables (and the wellness table when it changed)
    /// as a new generation and commits it by replacing `store.json`; then removes
    /// superseded generations.
    pub fn commit(&mut self) -> Result<()> {
        let root = self.store.root.clone();
        let mut next = self.manifest.clone();
        next.generation += 1;
        // An older layout is upgraded by this commit: the tables below are written whole in
        // the current layout, and the sample and lap parts did not change.
        next.schema_version = SCHEMA_VERSION;
        let act_rel = format!("{}/gen-{:08}.parquet", dirs::ACTIVITIES, next.generation);
        let imp_rel = format!("{}/gen-{:08}.parquet", dirs::IMPORTS, next.generation);
        let mut df =
            records::activities_frame(&self.activities).map_err(|source| StoreError::Table {
                path: root.join(&act_rel),
                error: source,
            })?;
        write_parquet_atomic(&root.join(&act_rel), &mut df)?;
        let mut df = records::imports_frame(&self.imports).map_err(|source| StoreError::Table {
            path: root.join(&imp_rel),
            error: source,
        })?;
        write_parquet_atomic(&root.join(&imp_rel), &mut df)?;
        if self.wellness_changed {
            let rel = format!("{}/gen-{:08}.parquet", dirs::WELLNESS, next.generation);
            let mut df = wellness::frame(&self.wellness).map_err(|source| StoreError::Table {
                path: root.join(&rel),
                error: source,
            })?;
            write_parquet_atomic(&root.join(&rel), &mut df)?;
            sync_dir(&root.join(dirs::WELLNESS));
            next.wellness = Some(rel);
        }
        for d in [dirs::ACTIVITIES, dirs::IMPORTS, dirs::LAPS] {
            sync_dir(&root.join(d));
        }
        next.activities = Some(act_rel);
        next.imports = Some(imp_rel);
        let text = serde_json::to_string_pretty(&next).expect("manifest serializes");
        write_file_atomic(&root, MANIFEST_FILE, &text)?;
        self.manifest = next;
        self.wellness_changed = false;
        self.remove_orphans()
    }

    /// Deletes rutscope's own files that the committed manifest does not name (left by a
    /// crash, or superseded generations). Other files are never touched.
    fn remove_orphans(&self) -> Result<()> {
        let root = &self.store.root;
        // What is committed on disk (the in-memory manifest may have uncommitted parts).
        let committed = self.store.manifest_or_empty()?;
        let mut keep: std::collections::HashSet<PathBuf> = committed
            .laps
            .iter()
            .chain(&committed.samples)
            .chain(committed.activities.iter())
            .chain(committed.imports.iter())
            .chain(committed.wellness.iter())
            .map(|p| root.join(p))
            .collect();
        // Parts written in this session but not committed yet stay.
        keep.extend(
            self.manifest
                .laps
                .iter()
                .chain(&self.manifest.samples)
                .map(|p| root.join(p)),
        );
        let ours = |name: &str| {
            (name.starts_with("part-") || name.starts_with("gen-"))
                && (name.ends_with(".parquet") || name.ends_with(".parquet.tmp"))
        };
        let mut stack = vec![
            root.join(dirs::ACTIVITIES),
            root.join(dirs::IMPORTS),
            root.join(dirs::LAPS),
            root.join(dirs::SAMPLES),
            root.join(dirs::WELLNESS),
        ];
        while let Some(dir) = stack.pop() {
            let Ok(rd) = fs::read_dir(&dir) else { continue };
            for e in rd.flatten() {
                let p = e.path();
                if p.is_dir() {
                    stack.push(p);
                    continue;
                }
                let name = e.file_name().to_string_lossy().into_owned();
                if ours(&name) && !keep.contains(&p) {
                    fs::remove_file(&p).map_err(io_err("removing", &p))?;
                }
            }
        }
        let tmp = root.join(format!("{MANIFEST_FILE}.tmp"));
        if tmp.exists() {
            fs::remove_file(&tmp).map_err(io_err("removing", &tmp))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Device, DeviceTotals, SourceFormat, Sport};
    use records::Status;

    /// What `main` prints (`{:#}`): each cause once.
    fn printed(e: StoreError) -> String {
        format!("{:#}", anyhow::Error::from(e))
    }

    #[test]
    fn each_cause_is_printed_once() {
        let disk_full = io::Error::from_raw_os_error(28); // ENOSPC
        let cause = disk_full.to_string();
        let text = printed(io_err("writing", Path::new("/s/samples/part.parquet"))(
            disk_full,
        ));
        assert_eq!(text.matches(&cause).count(), 1, "{text}");
        assert!(
            text.starts_with("writing /s/samples/part.parquet: "),
            "{text}"
        );

        let bad = serde_json::from_str::<Manifest>("{").unwrap_err();
        let cause = bad.to_string();
        let text = printed(StoreError::Manifest {
            path: PathBuf::from("/s/store.json"),
            source: bad,
        });
        assert_eq!(text.matches(&cause).count(), 1, "{text}");
        assert!(text.contains("/s/store.json is corrupt: "), "{text}");
    }

    /// A committed store holding activities with these ids.
    fn store_with(dir: &Path, ids: &[&str]) -> Store {
        let store = Store::at(dir);
        let mut w = store.writer(false, &mut |_| {}).unwrap();
        w.activities = ids
            .iter()
            .map(|id| ActivityRecord {
                id: id.to_string(),
                status: Status::Primary,
                duplicate_of: None,
                dedup_tier: None,
                sport: Sport::Running,
                sport_raw: None,
                sub_sport: None,
                name: None,
                start: None,
                utc_offset_s: None,
                source_path: format!("{id}.fit"),
                source_format: SourceFormat::Fit,
                source_hash: id.to_string(),
                index_in_file: 0,
                fit_file_id: None,
                device: Device::default(),
                device_totals: DeviceTotals::default(),
                computed: Default::default(),
                gear: None,
                race: None,
                annotations: Default::default(),
                summary_only: false,
                warnings: vec![],
                batch_id: "b".into(),
                imported_at: chrono::DateTime::UNIX_EPOCH,
            })
            .collect();
        w.commit().unwrap();
        store
    }

    #[test]
    fn find_activity_by_unique_prefix_none_or_ambiguous() {
        let dir = tempfile::tempdir().unwrap();
        let store = store_with(
            dir.path(),
            &[
                "0a1b2c3d4e5f6071",
                "0a1b99990000aaaa",
                "0a1bffff00001111",
                "0a1bcccc22223333",
                "7f00000000000000",
            ],
        );
        // A whole id, a unique prefix, and a prefix as typed (spaces, capitals).
        assert_eq!(
            store.find_activity("7f00000000000000").unwrap().id,
            "7f00000000000000"
        );
        assert_eq!(store.find_activity("0a1b2").unwrap().id, "0a1b2c3d4e5f6071");
        assert_eq!(store.find_activity(" 7F ").unwrap().id, "7f00000000000000");
        match store.find_activity("ee").unwrap_err() {
            StoreError::NoSuchActivity { prefix } => assert_eq!(prefix, "ee"),
            e => panic!("{e:?}"),
        }
        let e = store.find_activity("0A1B").unwrap_err();
        assert_eq!(
            e.to_string(),
            "id prefix 0a1b matches 4 activities (0a1b2c3d4e5f6071, 0a1b99990000aaaa, \
             0a1bffff00001111…); give more digits"
        );
        match e {
            StoreError::AmbiguousId {
                prefix,
                count,
                examples,
            } => {
                assert_eq!((prefix.as_str(), count), ("0a1b", 4));
                assert_eq!(examples.len(), AMBIGUOUS_EXAMPLES);
            }
            e => panic!("{e:?}"),
        }
    }

    #[test]
    fn find_activity_in_an_empty_or_missing_store() {
        let dir = tempfile::tempdir().unwrap();
        assert!(matches!(
            Store::at(dir.path().join("none")).find_activity("0a"),
            Err(StoreError::Missing(_))
        ));
        let store = store_with(dir.path(), &[]);
        assert!(matches!(
            store.find_activity("0a"),
            Err(StoreError::NoSuchActivity { .. })
        ));
    }
}
