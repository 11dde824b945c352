//! The import pipeline: walk the inputs, parse files in parallel in bounded batches,
//! deduplicate, write each batch's parts and commit. Parsing and recording overlap: the next
//! batch is parsed (with each activity's summary and facts) while one is recorded.
//!
//! Memory is bounded by the batch size ([`ImportOptions::batch_files`],
//! [`ImportOptions::batch_bytes`]), not by the number of files: at most two batches are held,
//! one being recorded and one being parsed, and each is dropped once written. The batches
//! are committed as they are recorded, at most once a second ([`COMMIT_EVERY`]), so an
//! interrupted import keeps the batches committed before the interruption, and re-running
//! it completes the rest (files already imported are recognized by content hash and not
//! parsed again).

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use chrono::Utc;
use rayon::prelude::*;
use serde::Serialize;

use super::dedup::{self, Decision};
use super::records::{ActivityRecord, DedupTier, ImportRecord, Outcome, Status};
use super::{Store, StoreError, Writer};
use crate::ingest::container::{self, ExportFile, Limits, SourceItem, WalkItem};
use crate::ingest::export::{ExportData, ExportKind};
use crate::ingest::{self, Format, MonitoringHr, Parsed, monitoring, summary};
use crate::model::{
    ParsedActivity, SourceFormat, Sport, SummaryActivity, WellnessDay, WellnessSource,
};

/// The `imports` detail of a FIT monitoring file: not an activity, read into wellness. A
/// file recorded with it is not read again.
pub const MONITORING_DETAIL: &str =
    "FIT monitoring file (all-day heart rate): read into wellness, not an activity";

/// An export's summary and a recording (or another export's summary) are one activity
/// when they start within this many seconds: both take the start from the same watch
/// (Garmin's summary is its FIT session's start; Strava's `Activity Date` is its file's),
/// so a minute allows for rounding and clock resets without joining back-to-back
/// activities.
pub const SUMMARY_START_TOLERANCE_S: i64 = 60;

/// Computes an activity's facts for the facts cache (`analysis::metrics::activity_facts_with`,
/// passed in by the application: the store computes nothing of the analyses'). The import
/// calls it on the parsing threads, beside the summary, from the same intervals; each sample
/// part's facts are cached as the part is written.
pub type FactsHook = std::sync::Arc<
    dyn Fn(&crate::model::Samples, &summary::Intervals<'_>) -> super::facts::ActivityFacts
        + Send
        + Sync,
>;

/// How often an import commits at most. A commit rewrites the activities and imports
/// tables whole (their cost grows with the store) and syncs five files: committed after
/// every batch of 64 files, the Coros histories (1,141 files, 18 batches) spent a tenth of
/// their import's wall time committing, on the thread the other batches wait for, and a
/// large store's import would spend more each batch. An interrupted import keeps what was
/// committed; this bounds what it loses to a second of work, which the next run redoes.
pub const COMMIT_EVERY: Duration = Duration::from_secs(1);

/// How to import.
#[derive(Clone)]
pub struct ImportOptions {
    /// Decompression limits.
    pub limits: Limits,
    /// Most files parsed per batch.
    pub batch_files: usize,
    /// Most bytes held per batch.
    pub batch_bytes: usize,
    /// Worker threads for parsing (`None`: one per core).
    pub threads: Option<usize>,
    /// Wait for another writer instead of failing.
    pub wait_for_lock: bool,
    /// Stop at the first file that fails (what was imported before it is kept).
    pub strict: bool,
    /// See [`FactsHook`]; `None`: no facts are cached.
    pub facts: Option<FactsHook>,
    /// Least time between two commits: a batch recorded sooner after the last commit is
    /// committed with a later one (or at the end). [`Duration::ZERO`] commits every batch.
    pub commit_every: Duration,
}

impl std::fmt::Debug for ImportOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ImportOptions")
            .field("limits", &self.limits)
            .field("batch_files", &self.batch_files)
            .field("batch_bytes", &self.batch_bytes)
            .field("threads", &self.threads)
            .field("wait_for_lock", &self.wait_for_lock)
            .field("strict", &self.strict)
            .field("facts", &self.facts.as_ref().map(|_| "hook"))
            .field("commit_every", &self.commit_every)
            .finish()
    }
}

impl Default for ImportOptions {
    fn default() -> Self {
        ImportOptions {
            limits: Limits::default(),
            // 64 files or 256 MiB keep a batch's parsed samples in the low hundreds of MB
            // while giving rayon enough work per batch on a few cores.
            batch_files: 64,
            batch_bytes: 256 << 20,
            threads: None,
            wait_for_lock: true,
            strict: false,
            facts: None,
            commit_every: COMMIT_EVERY,
        }
    }
}

/// Receives progress while importing (the CLI draws a bar; tests pass [`NoProgress`]).
pub trait Progress: Sync {
    /// Roughly how many files will be looked at.
    fn start(&self, estimated_files: u64);
    /// One more file done.
    fn advance(&self, path: &str);
    /// Waiting for another writer.
    fn waiting(&self, holder: &str);
    /// All done.
    fn finish(&self);
}

/// A [`Progress`] that shows nothing.
pub struct NoProgress;

impl Progress for NoProgress {
    fn start(&self, _: u64) {}
    fn advance(&self, _: &str) {}
    fn waiting(&self, _: &str) {}
    fn finish(&self) {}
}

/// A file-level message for the user.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct FileMessage {
    /// Where.
    pub path: String,
    /// What.
    pub message: String,
}

/// Counts of duplicates per tier.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct DuplicateCounts {
    /// Same bytes as a file already imported (another name or folder).
    pub content: usize,
    /// Same FIT file_id.
    pub file_id: usize,
    /// Same activity recorded in another file.
    pub overlap: usize,
    /// An export's summary of an activity whose recording (or another export's summary)
    /// is in the store: its fields joined the recording.
    pub summary: usize,
}

/// What an import did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ImportSummary {
    /// Files that added at least one activity.
    pub imported: usize,
    /// Activities added (a multisport file adds several; duplicates of tier 2/3 included).
    pub activities_added: usize,
    /// Duplicate activities found, per tier (an activity that superseded an older, poorer
    /// copy counts here too: the older one became its duplicate).
    pub duplicates: DuplicateCounts,
    /// Files already imported from the same path with the same content.
    pub unchanged: usize,
    /// Valid files that are not activities.
    pub skipped: usize,
    /// Files that could not be read.
    pub failed: usize,
    /// Files in folders/archives whose names are not activity files'.
    pub ignored: usize,
    /// Summary-only activities added (export rows without a recording).
    pub summary_only: usize,
    /// Export side files read (summaries, sleep, daily summaries).
    pub export_files: usize,
    /// FIT monitoring files read for resting heart rate.
    pub monitoring_files: usize,
    /// Wellness rows (day and source) added or changed.
    pub wellness_days: usize,
    /// One line per failed file.
    pub failures: Vec<FileMessage>,
    /// One line per skipped file.
    pub skips: Vec<FileMessage>,
    /// Non-fatal problems (truncated files kept, bad CRC...).
    pub warnings: Vec<FileMessage>,
    /// Decompressed bytes parsed.
    pub bytes: u64,
    /// Samples written.
    pub samples: u64,
    /// Wall-clock time.
    pub elapsed: Duration,
    /// `--strict` stopped the import at the first failure.
    pub stopped_early: bool,
}

impl ImportSummary {
    /// Whether any file failed.
    pub fn has_failures(&self) -> bool {
        self.failed > 0
    }

    /// Why files were skipped: each reason with its count, most frequent first (then by
    /// reason), so a summary can say why without listing every file.
    pub fn skip_reasons(&self) -> Vec<(&str, usize)> {
        let mut by: std::collections::BTreeMap<&str, usize> = Default::default();
        for f in &self.skips {
            *by.entry(f.message.as_str()).or_default() += 1;
        }
        let mut out: Vec<(&str, usize)> = by.into_iter().collect();
        out.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        out
    }
}

/// Derives the stable activity id from the source's content hash and session index.
pub fn activity_id(hash: &str, index: u32) -> String {
    let h = blake3::hash(format!("{hash}:{index}").as_bytes());
    h.to_hex()[..16].to_string()
}

/// An activity recorded in the batch, to be written: its id, itself and its facts.
type NewActivity = (String, ParsedActivity, Option<super::facts::ActivityFacts>);

enum Work {
    Item(SourceItem),
    Failed { path: String, message: String },
    Skipped { path: String, reason: String },
}

/// Batches sent to the parser and not yet recorded, at most, besides the one being
/// recorded: one, parsed while the batch before it is recorded (two batches' samples in
/// memory at most). Two, to let the parser run further ahead, was no faster on a Coros
/// history (2.29 s against 2.25 s, best of five).
const AHEAD: usize = 1;

/// What a worker made of one item. `Known` and `Parsed` items no longer hold their bytes
/// (see `size`): the batch keeps each file's samples, not its content besides them.
enum Done {
    Known {
        item: SourceItem,
        hash: String,
        /// The format inferred from its content.
        format: Option<Format>,
    },
    Parsed {
        item: SourceItem,
        hash: String,
        format: Format,
        parsed: Parsed,
        /// What was derived from each activity's samples, in the order of `parsed`'s
        /// activities (by the worker, off the thread that records the batches).
        derived: Vec<Derived>,
        /// Bytes the file had (unpacked).
        size: u64,
    },
    ParseFailed {
        item: SourceItem,
        hash: String,
        /// The format inferred from its content.
        format: Option<Format>,
        /// Bytes the file had (unpacked).
        size: u64,
        message: String,
    },
    Failed {
        path: String,
        message: String,
    },
    Skipped {
        path: String,
        reason: String,
    },
}

struct Ctx<'a> {
    writer: Writer,
    /// (path, hash) already recorded.
    seen: HashSet<(String, String)>,
    /// hash → activity ids read from it.
    by_hash: HashMap<String, Vec<String>>,
    /// hash → skip reason.
    skipped_hash: HashMap<String, String>,
    summary: ImportSummary,
    batch_counter: u32,
    started: chrono::DateTime<Utc>,
    progress: &'a dyn Progress,
    strict: bool,
    /// Export side files, read after the activity files (see [`Ctx::finish`]).
    exports: Vec<ExportFile>,
    /// Monitoring files read: path, hash, readings.
    monitoring: Vec<(String, String, MonitoringHr)>,
    /// Batches are recorded that no commit has committed yet.
    uncommitted: bool,
    last_commit: Instant,
    commit_every: Duration,
}

/// Imports `inputs` into `store`.
pub fn import(
    store: &Store,
    inputs: &[PathBuf],
    opts: &ImportOptions,
    progress: &dyn Progress,
) -> Result<ImportSummary, StoreError> {
    let t0 = Instant::now();
    let writer = store.writer(opts.wait_for_lock, &mut |holder| progress.waiting(holder))?;
    progress.start(container::estimate(inputs));
    let mut by_hash: HashMap<String, Vec<String>> = HashMap::new();
    for a in &writer.activities {
        by_hash
            .entry(a.source_hash.clone())
            .or_default()
            .push(a.id.clone());
    }
    let mut seen = HashSet::new();
    let mut skipped_hash = HashMap::new();
    for r in &writer.imports {
        if let (Some(h), true) = (&r.source_hash, r.outcome != Outcome::Failed) {
            seen.insert((r.source_path.clone(), h.clone()));
            if r.outcome == Outcome::Skipped {
                skipped_hash.insert(h.clone(), r.detail.clone().unwrap_or_default());
            }
        }
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.threads.unwrap_or(0))
        .build()
        .expect("thread pool");
    let mut ctx = Ctx {
        writer,
        seen,
        by_hash,
        skipped_hash,
        summary: ImportSummary::default(),
        batch_counter: 0,
        started: Utc::now(),
        progress,
        strict: opts.strict,
        exports: Vec::new(),
        monitoring: Vec::new(),
        uncommitted: false,
        last_commit: Instant::now(),
        commit_every: opts.commit_every,
    };
    // Pipelined: a parser thread parses the next batches on the pool while this thread
    // records a batch (deduplicates, writes its parts and facts, commits), so both cores
    // stay busy. At most `AHEAD` + 1 batches are in flight, and each channel holds `AHEAD`:
    // sending never waits for this thread to receive.
    std::thread::scope(|scope| -> Result<(), StoreError> {
        let (work_tx, work_rx) = std::sync::mpsc::sync_channel::<(Vec<Work>, Known)>(AHEAD);
        let (done_tx, done_rx) = std::sync::mpsc::sync_channel::<Vec<Done>>(AHEAD);
        let pool = &pool;
        let facts = opts.facts.as_ref();
        scope.spawn(move || {
            for (work, known) in work_rx {
                let done = pool.install(|| parse_batch(work, &known, facts, progress));
                if done_tx.send(done).is_err() {
                    break;
                }
            }
        });
        // Sends `work` to the parser, then records parsed batches until at most `AHEAD`
        // are sent and not recorded (all of them when there is no more work).
        let mut in_flight = 0usize;
        let mut submit = |ctx: &mut Ctx, work: Option<Vec<Work>>| -> Result<(), StoreError> {
            let ahead = if work.is_some() { AHEAD } else { 0 };
            if let Some(work) = work {
                work_tx
                    .send((work, ctx.known_hashes()))
                    .expect("the parser thread listens");
                in_flight += 1;
            }
            while in_flight > ahead {
                let done = done_rx.recv().expect("the parser thread answers");
                in_flight -= 1;
                if ctx.strict && ctx.summary.failed > 0 {
                    // Strict: nothing after the first failure is recorded.
                    ctx.summary.stopped_early = true;
                } else {
                    ctx.record(done)?;
                }
            }
            Ok(())
        };
        let mut pending: Vec<Work> = Vec::new();
        let mut pending_bytes = 0usize;
        let mut error: Option<StoreError> = None;
        let mut batches = 0usize;
        container::walk(inputs, opts.limits, &mut |item| {
            if error.is_some() || (opts.strict && ctx.summary.failed > 0) {
                return;
            }
            match item {
                WalkItem::File(f) => {
                    pending_bytes += f.size_hint() as usize;
                    pending.push(Work::Item(f));
                }
                WalkItem::Failed(e) => pending.push(Work::Failed {
                    path: e.path,
                    message: ingest::with_causes(&e.error),
                }),
                WalkItem::Skipped { path, reason } => pending.push(Work::Skipped { path, reason }),
                WalkItem::Export(e) => ctx.exports.push(e),
                WalkItem::Ignored { .. } => ctx.summary.ignored += 1,
            }
            if pending.len() >= opts.batch_files || pending_bytes >= opts.batch_bytes {
                pending_bytes = 0;
                batches += 1;
                if let Err(e) = submit(&mut ctx, Some(std::mem::take(&mut pending))) {
                    error = Some(e);
                }
            }
        });
        if let Some(e) = error {
            return Err(e);
        }
        // The batch still being parsed, then the rest (a store gets its first generation
        // even from an import that found nothing).
        let last = (!(opts.strict && ctx.summary.failed > 0)
            && (!pending.is_empty() || (batches == 0 && ctx.writer.manifest.generation == 0)))
            .then(|| std::mem::take(&mut pending));
        if last.is_some() {
            submit(&mut ctx, last)?;
        }
        submit(&mut ctx, None)
    })?;
    if opts.strict && ctx.summary.failed > 0 {
        // Strict: nothing after the first failure counts; what was recorded before it is
        // committed.
        ctx.summary.stopped_early = true;
        if ctx.uncommitted {
            ctx.commit()?;
        }
    } else {
        ctx.finish()?;
    }
    progress.finish();
    ctx.summary.elapsed = t0.elapsed();
    Ok(ctx.summary)
}

/// What the parsing threads derive from one activity's samples.
struct Derived {
    computed: summary::Computed,
    /// `None` without a [`FactsHook`] or samples.
    facts: Option<super::facts::ActivityFacts>,
}

/// The content hashes a batch need not parse: those of files already recorded (imported
/// or skipped) when the batch was sent to the parser.
type Known = HashSet<String>;

/// Reads, hashes and parses a batch's files on the current pool. A file whose hash is in
/// `known` is not parsed; the recording checks again (a file may repeat one recorded
/// after `known` was taken).
fn parse_batch(
    work: Vec<Work>,
    known: &Known,
    facts: Option<&FactsHook>,
    progress: &dyn Progress,
) -> Vec<Done> {
    let now = Utc::now();
    work.into_par_iter()
        .map(|w| {
            let d = match w {
                Work::Failed { path, message } => Done::Failed { path, message },
                Work::Skipped { path, reason } => Done::Skipped { path, reason },
                Work::Item(item) => parse_item(item, known, facts, now),
            };
            let path = match &d {
                Done::Known { item, .. }
                | Done::Parsed { item, .. }
                | Done::ParseFailed { item, .. } => &item.path,
                Done::Failed { path, .. } | Done::Skipped { path, .. } => path,
            };
            progress.advance(path);
            d
        })
        .collect()
}

fn parse_item(
    mut item: SourceItem,
    known: &Known,
    facts: Option<&FactsHook>,
    now: chrono::DateTime<Utc>,
) -> Done {
    if let Err(e) = item.unpack() {
        return Done::Failed {
            path: std::mem::take(&mut item.path),
            message: ingest::with_causes(&e),
        };
    }
    let hash = blake3::hash(&item.bytes).to_hex().to_string();
    if known.contains(&hash) {
        let format = Format::infer(&item.name, &item.bytes);
        item.bytes = Vec::new();
        return Done::Known { item, hash, format };
    }
    let size = item.bytes.len() as u64;
    let inferred = ingest::format_of(&item.name, &item.bytes);
    let format = inferred.as_ref().ok().copied();
    // The content is handed to the parser, which frees it as soon as it has read it (before
    // completing the samples), so that a big file's bytes and its samples' table and facts
    // are never in memory together.
    let parsed = inferred.and_then(|format| {
        let bytes = std::mem::take(&mut item.bytes);
        Ok((format, ingest::parse_owned(format, bytes)?))
    });
    match parsed {
        Ok((format, mut parsed)) => {
            let mut derived = Vec::new();
            if let Parsed::Activities(acts) = &mut parsed {
                for a in acts.iter_mut() {
                    derived.push(derive(a, facts, now));
                }
            }
            Done::Parsed {
                item,
                hash,
                format,
                parsed,
                derived,
                size,
            }
        }
        Err(e) => Done::ParseFailed {
            item,
            hash,
            format,
            size,
            message: ingest::with_causes(&e),
        },
    }
}

/// What the store takes from an activity's samples, on the thread that parsed it: the
/// summary and the facts, from one split into intervals.
fn derive(
    a: &mut ParsedActivity,
    facts: Option<&FactsHook>,
    now: chrono::DateTime<Utc>,
) -> Derived {
    // A clock never set (1970, 2000, 2052) is no date: the activity is untimed.
    ingest::clock::untime_if_implausible(a, now);
    let iv = summary::intervals(&a.samples);
    Derived {
        computed: summary::compute_with(&a.samples, &iv),
        facts: facts
            .filter(|_| !a.samples.is_empty())
            .map(|f| f(&a.samples, &iv)),
    }
}

impl Ctx<'_> {
    /// See [`Known`].
    fn known_hashes(&self) -> Known {
        self.by_hash
            .keys()
            .chain(self.skipped_hash.keys())
            .cloned()
            .collect()
    }

    /// Records a parsed batch: deduplicates it against the store and writes its parts;
    /// commits it with the batches before it when [`COMMIT_EVERY`] has passed since the
    /// last commit (else a later batch, or the end of the import, does).
    fn record(&mut self, done: Vec<Done>) -> Result<(), StoreError> {
        self.batch_counter += 1;
        let batch_id = format!(
            "{}-{:04}",
            self.started.format("%Y%m%dT%H%M%S%3f"),
            self.batch_counter
        );
        let mut new_parts: Vec<NewActivity> = Vec::new();
        for d in done {
            if self.strict && self.summary.failed > 0 {
                // In order: nothing after the first failure is recorded.
                self.summary.stopped_early = true;
                break;
            }
            match d {
                Done::Failed { path, message } => self.failed(path, None, None, message, &batch_id),
                Done::ParseFailed {
                    item,
                    hash,
                    format,
                    size,
                    message,
                } => {
                    self.summary.bytes += size;
                    let fmt = format.and_then(source_format);
                    self.failed(item.path, Some(hash), fmt, message, &batch_id)
                }
                Done::Skipped { path, reason } => self.skipped(path, None, None, reason, &batch_id),
                Done::Known { item, hash, format } => self.known(item, hash, format, &batch_id),
                Done::Parsed {
                    item, hash, format, ..
                } if self.by_hash.contains_key(&hash)
                    || self.skipped_hash.contains_key(&hash)
                    || self.monitoring.iter().any(|(_, h, _)| *h == hash) =>
                {
                    // The same content as a file recorded since the batch was sent to the
                    // parser (an earlier batch, or earlier in this one).
                    self.known(item, hash, Some(format), &batch_id)
                }
                Done::Parsed {
                    item,
                    hash,
                    format,
                    parsed,
                    derived,
                    size,
                } => {
                    self.summary.bytes += size;
                    match parsed {
                        Parsed::Skipped(reason) => self.skipped(
                            item.path,
                            Some(hash),
                            source_format(format),
                            reason,
                            &batch_id,
                        ),
                        Parsed::Activities(acts) => {
                            let fmt = source_format(format).expect("activity formats only");
                            let acts = acts.into_iter().zip(derived).collect();
                            self.activities(item, hash, fmt, acts, &batch_id, &mut new_parts)
                        }
                        // Recorded with the wellness it gives, in `finish`.
                        Parsed::Monitoring(m) => self.monitoring.push((item.path, hash, m)),
                    }
                }
            }
        }
        let refs: Vec<(&str, &ParsedActivity)> = new_parts
            .iter()
            .map(|(id, a, _)| (id.as_str(), a))
            .collect();
        let facts: HashMap<&str, &super::facts::ActivityFacts> = new_parts
            .iter()
            .filter_map(|(id, _, f)| Some((id.as_str(), f.as_ref()?)))
            .collect();
        let store = self.writer.store().clone();
        self.writer.write_parts(&batch_id, &refs, &mut |rel, ids| {
            // The part's facts, cached as it is written (until the batch commits the
            // cache is an orphan that the next read of the facts deletes).
            let part: Option<Vec<_>> = ids
                .iter()
                .map(|id| facts.get(id).map(|f| (*id, *f)))
                .collect();
            if let Some(part) = part {
                store.cache_facts(rel, &part);
            }
        })?;
        self.uncommitted = true;
        if self.last_commit.elapsed() >= self.commit_every {
            self.commit()?;
        }
        Ok(())
    }

    /// Commits every batch recorded so far (and what `finish` added).
    fn commit(&mut self) -> Result<(), StoreError> {
        self.writer.commit()?;
        self.uncommitted = false;
        self.last_commit = Instant::now();
        Ok(())
    }

    fn upsert_import(&mut self, rec: ImportRecord) {
        // One row per source file: a file that failed before and is retried replaces its row.
        self.writer
            .imports
            .retain(|r| !(r.source_path == rec.source_path && r.outcome == Outcome::Failed));
        if let Some(h) = &rec.source_hash
            && rec.outcome != Outcome::Failed
        {
            self.seen.insert((rec.source_path.clone(), h.clone()));
        }
        self.writer.imports.push(rec);
    }

    fn row(
        &self,
        path: String,
        hash: Option<String>,
        format: Option<SourceFormat>,
        outcome: Outcome,
        detail: Option<String>,
        batch_id: &str,
    ) -> ImportRecord {
        ImportRecord {
            source_path: path,
            source_hash: hash,
            format,
            outcome,
            detail,
            activity_id: None,
            activities: 0,
            duplicate_of: None,
            dedup_tier: None,
            batch_id: batch_id.to_string(),
            imported_at: Utc::now(),
        }
    }

    fn failed(
        &mut self,
        path: String,
        hash: Option<String>,
        fmt: Option<SourceFormat>,
        message: String,
        batch_id: &str,
    ) {
        self.summary.failed += 1;
        self.summary.failures.push(FileMessage {
            path: path.clone(),
            message: message.clone(),
        });
        let r = self.row(path, hash, fmt, Outcome::Failed, Some(message), batch_id);
        self.upsert_import(r);
    }

    fn skipped(
        &mut self,
        path: String,
        hash: Option<String>,
        fmt: Option<SourceFormat>,
        reason: String,
        batch_id: &str,
    ) {
        self.summary.skipped += 1;
        self.summary.skips.push(FileMessage {
            path: path.clone(),
            message: reason.clone(),
        });
        if let Some(h) = &hash {
            if self.seen.contains(&(path.clone(), h.clone())) {
                return;
            }
            self.skipped_hash.insert(h.clone(), reason.clone());
        }
        let r = self.row(path, hash, fmt, Outcome::Skipped, Some(reason), batch_id);
        self.upsert_import(r);
    }

    fn known(&mut self, item: SourceItem, hash: String, format: Option<Format>, batch_id: &str) {
        if self.seen.contains(&(item.path.clone(), hash.clone())) {
            self.summary.unchanged += 1;
            return;
        }
        let fmt = format.and_then(source_format);
        if let Some(reason) = self.skipped_hash.get(&hash).cloned() {
            if reason == MONITORING_DETAIL {
                // Its readings are in the wellness table already.
                self.summary.unchanged += 1;
                return;
            }
            return self.skipped(item.path, Some(hash), fmt, reason, batch_id);
        }
        let ids = self.by_hash.get(&hash).cloned().unwrap_or_default();
        self.summary.duplicates.content += ids.len().max(1);
        let mut r = self.row(
            item.path,
            Some(hash),
            fmt,
            Outcome::Duplicate,
            Some("same content as a file already imported".into()),
            batch_id,
        );
        r.duplicate_of = ids.first().cloned();
        r.dedup_tier = Some(DedupTier::Content);
        self.upsert_import(r);
    }

    fn activities(
        &mut self,
        item: SourceItem,
        hash: String,
        fmt: SourceFormat,
        acts: Vec<(ParsedActivity, Derived)>,
        batch_id: &str,
        parts: &mut Vec<NewActivity>,
    ) {
        let now = Utc::now();
        let mut any_primary = false;
        let mut first_dup: Option<(String, DedupTier)> = None;
        let mut ids = Vec::new();
        let mut warnings: Vec<String> = Vec::new();
        for (a, derived) in acts {
            let id = activity_id(&hash, a.index_in_file);
            let computed = derived.computed;
            self.summary.samples += a.samples.len() as u64;
            let meta = item.meta.clone().unwrap_or_default();
            let mut rec = ActivityRecord {
                id: id.clone(),
                status: Status::Primary,
                duplicate_of: None,
                dedup_tier: None,
                sport: a.sport,
                sport_raw: a.sport_raw.clone(),
                sub_sport: a.sub_sport.clone(),
                name: meta.name.clone().or_else(|| a.name.clone()),
                start: a.start,
                utc_offset_s: a.utc_offset_s,
                source_path: item.path.clone(),
                source_format: fmt,
                source_hash: hash.clone(),
                index_in_file: a.index_in_file,
                fit_file_id: a.fit_file_id.clone(),
                device: a.device.clone(),
                device_totals: a.totals.clone(),
                computed,
                gear: meta.gear.clone(),
                race: meta.race,
                annotations: a.annotations.clone(),
                summary_only: false,
                warnings: a.warnings.clone(),
                batch_id: batch_id.to_string(),
                imported_at: now,
            };
            for w in &a.warnings {
                if !warnings.contains(w) {
                    warnings.push(w.clone());
                }
            }
            match dedup::decide(&rec, &self.writer.activities) {
                Decision::New => any_primary = true,
                Decision::DuplicateOf {
                    primary,
                    tier,
                    also,
                } => {
                    rec.status = Status::Duplicate;
                    rec.duplicate_of = Some(primary.clone());
                    rec.dedup_tier = Some(tier);
                    self.count_dup(tier);
                    for other in &also {
                        self.demote(other, &primary, tier);
                    }
                    first_dup.get_or_insert((primary, tier));
                }
                Decision::Supersedes {
                    demoted,
                    tier,
                    also,
                } => {
                    any_primary = true;
                    for old in std::iter::once(&demoted).chain(&also) {
                        self.demote(old, &id, tier);
                    }
                }
            }
            self.summary.activities_added += 1;
            ids.push(id.clone());
            self.writer.activities.push(rec);
            parts.push((id, a, derived.facts));
        }
        self.by_hash.insert(hash.clone(), ids.clone());
        for w in &warnings {
            self.summary.warnings.push(FileMessage {
                path: item.path.clone(),
                message: w.clone(),
            });
        }
        let outcome = if any_primary {
            Outcome::Imported
        } else {
            Outcome::Duplicate
        };
        if any_primary {
            self.summary.imported += 1;
        }
        let detail = (!warnings.is_empty()).then(|| warnings.join("; "));
        let mut r = self.row(item.path, Some(hash), Some(fmt), outcome, detail, batch_id);
        r.activity_id = ids.first().cloned();
        r.activities = ids.len() as u32;
        if !any_primary && let Some((p, t)) = first_dup {
            r.duplicate_of = Some(p);
            r.dedup_tier = Some(t);
        }
        self.upsert_import(r);
    }

    /// Makes the primary `demoted` (and its duplicates) duplicates of `primary`, in the
    /// activities and the import records.
    fn demote(&mut self, demoted: &str, primary: &str, tier: DedupTier) {
        self.count_dup(tier);
        for old in self.writer.activities.iter_mut() {
            if old.id == demoted || old.duplicate_of.as_deref() == Some(demoted) {
                old.status = Status::Duplicate;
                old.duplicate_of = Some(primary.to_string());
                if old.id == demoted {
                    old.dedup_tier = Some(tier);
                }
            }
        }
        for r in self.writer.imports.iter_mut() {
            if r.activity_id.as_deref() == Some(demoted) && r.outcome == Outcome::Imported {
                r.duplicate_of = Some(primary.to_string());
                r.dedup_tier = Some(tier);
            }
        }
    }

    fn count_dup(&mut self, tier: DedupTier) {
        match tier {
            DedupTier::Content => self.summary.duplicates.content += 1,
            DedupTier::FileId => self.summary.duplicates.file_id += 1,
            DedupTier::Overlap => self.summary.duplicates.overlap += 1,
            DedupTier::Summary => self.summary.duplicates.summary += 1,
        }
    }

    /// Counts an export side file read whole into a table (wellness days, shoes) and
    /// records it as imported, with what it gave.
    fn side_file_read(
        &mut self,
        path: String,
        hash: String,
        format: SourceFormat,
        detail: String,
        batch_id: &str,
    ) {
        self.summary.export_files += 1;
        let r = self.row(
            path,
            Some(hash),
            Some(format),
            Outcome::Imported,
            Some(detail),
            batch_id,
        );
        self.upsert_import(r);
    }

    /// After every activity file: reads the export side files (summaries become
    /// summary-only activities or join their recordings; days go to the wellness table),
    /// turns the monitoring files' readings into resting heart rates, joins summary-only
    /// activities to recordings imported now or before, and commits once.
    fn finish(&mut self) -> Result<(), StoreError> {
        self.batch_counter += 1;
        let batch_id = format!(
            "{}-{:04}",
            self.started.format("%Y%m%dT%H%M%S%3f"),
            self.batch_counter
        );
        let mut changed = false;
        let mut wellness: Vec<WellnessDay> = Vec::new();
        let mut shoes: Vec<crate::model::ExportShoe> = Vec::new();
        // Summaries added by this import (not refreshed), to count those left summary-only.
        let mut new_summaries: Vec<String> = Vec::new();
        for e in std::mem::take(&mut self.exports) {
            self.progress.advance(&e.path);
            let hash = blake3::hash(&e.bytes).to_hex().to_string();
            if self.seen.contains(&(e.path.clone(), hash.clone())) {
                self.summary.unchanged += 1;
                continue;
            }
            let format = match e.kind {
                ExportKind::StravaActivities | ExportKind::StravaShoes => SourceFormat::Csv,
                _ => SourceFormat::Json,
            };
            self.summary.bytes += e.bytes.len() as u64;
            changed = true;
            match e.kind.parse(&e.bytes) {
                Err(err) => {
                    self.failed(
                        e.path,
                        Some(hash),
                        Some(format),
                        ingest::with_causes(&err),
                        &batch_id,
                    );
                }
                Ok(ExportData::Shoes(list)) => {
                    let detail = format!("{} shoes", list.len());
                    shoes.extend(list);
                    self.side_file_read(e.path, hash, format, detail, &batch_id);
                }
                Ok(ExportData::Wellness(days)) => {
                    let detail = format!("{} days of wellness", days.len());
                    wellness.extend(days);
                    self.side_file_read(e.path, hash, format, detail, &batch_id);
                }
                Ok(ExportData::Summaries(s)) => {
                    self.summary.export_files += 1;
                    for w in &s.warnings {
                        self.summary.warnings.push(FileMessage {
                            path: e.path.clone(),
                            message: w.clone(),
                        });
                    }
                    // The recordings' paths, normalized once for the rows naming a file.
                    let recorded: Vec<(String, String)> = self
                        .writer
                        .activities
                        .iter()
                        .filter(|r| !r.summary_only && r.status == Status::Primary)
                        .map(|r| (normalized_path(&r.source_path), r.id.clone()))
                        .collect();
                    let mut ids: Vec<String> = Vec::new();
                    for a in s.activities {
                        let (id, new) = self.add_summary(&e.path, format, a, &recorded, &batch_id);
                        if new {
                            new_summaries.push(id.clone());
                        }
                        ids.push(id);
                    }
                    let detail = (!s.warnings.is_empty()).then(|| {
                        format!("{} entries left out: {}", s.warnings.len(), s.warnings[0])
                    });
                    let mut r = self.row(
                        e.path,
                        Some(hash),
                        Some(format),
                        Outcome::Imported,
                        detail,
                        &batch_id,
                    );
                    r.activity_id = ids.first().cloned();
                    r.activities = ids.len() as u32;
                    self.upsert_import(r);
                }
            }
        }
        let files = std::mem::take(&mut self.monitoring);
        if !files.is_empty() {
            changed = true;
            self.summary.monitoring_files += files.len();
            let readings: Vec<MonitoringHr> = files.iter().map(|(_, _, m)| m.clone()).collect();
            for d in monitoring::resting_hr_by_day(&readings) {
                let mut day = WellnessDay::new(d.date, WellnessSource::FitMonitoring);
                day.resting_hr_bpm = Some(d.bpm);
                wellness.push(day);
            }
            for (path, hash, _) in files {
                self.skipped_hash
                    .insert(hash.clone(), MONITORING_DETAIL.to_string());
                let r = self.row(
                    path,
                    Some(hash),
                    Some(SourceFormat::Fit),
                    Outcome::Skipped,
                    Some(MONITORING_DETAIL.to_string()),
                    &batch_id,
                );
                self.upsert_import(r);
            }
        }
        if !shoes.is_empty() {
            self.writer.merge_export_gear(shoes)?;
        }
        let days = self.writer.merge_wellness(wellness);
        self.summary.wellness_days += days;
        changed |= days > 0;
        if self.reconcile_summaries() > 0 {
            changed = true;
        }
        let new_ids: HashSet<&String> = new_summaries.iter().collect();
        self.summary.summary_only = self
            .writer
            .activities
            .iter()
            .filter(|r| new_ids.contains(&r.id) && r.status == Status::Primary)
            .count();
        if changed || self.uncommitted {
            self.commit()?;
        }
        Ok(())
    }

    /// Adds (or, imported before, refreshes) the summary-only activity of an export's
    /// entry; joins it at once to the recording the export names (Strava's `Filename`)
    /// when that file is in the store (`recorded`: the primary recordings' normalized
    /// source paths and ids). Returns its id and whether it is new.
    fn add_summary(
        &mut self,
        path: &str,
        format: SourceFormat,
        s: SummaryActivity,
        recorded: &[(String, String)],
        batch_id: &str,
    ) -> (String, bool) {
        // The id derives from the entry's own key, not from the file: the same activity in
        // a later, longer export keeps its id (and the journal's entries for it).
        let source_hash = blake3::hash(s.key.as_bytes()).to_hex().to_string();
        let id = activity_id(&source_hash, 0);
        let a = s.activity;
        let rec = ActivityRecord {
            id: id.clone(),
            status: Status::Primary,
            duplicate_of: None,
            dedup_tier: None,
            sport: a.sport,
            sport_raw: a.sport_raw,
            sub_sport: a.sub_sport,
            name: s.meta.name.or(a.name),
            start: a.start,
            utc_offset_s: a.utc_offset_s,
            source_path: format!("{path}#{}", s.key),
            source_format: format,
            source_hash,
            index_in_file: 0,
            fit_file_id: None,
            device: a.device,
            device_totals: a.totals,
            computed: summary::compute(&a.samples),
            gear: s.meta.gear,
            race: s.meta.race,
            annotations: a.annotations,
            summary_only: true,
            warnings: a.warnings,
            batch_id: batch_id.to_string(),
            imported_at: Utc::now(),
        };
        if let Some(old) = self.writer.activities.iter_mut().find(|r| r.id == id) {
            // Imported before: the export's fields are refreshed, the store's decisions
            // (duplicate of a recording) kept.
            let (status, dup, tier) = (old.status, old.duplicate_of.clone(), old.dedup_tier);
            *old = rec;
            old.status = status;
            old.duplicate_of = dup;
            old.dedup_tier = tier;
            return (id, false);
        }
        // Whole path components: `activities/4.gpx` is not `myactivities/4.gpx`.
        let named = s.file.as_deref().map(normalized_path).and_then(|file| {
            let tail = format!("/{}", file.trim_start_matches('/'));
            recorded
                .iter()
                .find(|(path, _)| *path == file || path.ends_with(&tail))
                .map(|(_, id)| id.clone())
        });
        self.writer.activities.push(rec);
        if let Some(recording) = named {
            let i = self.writer.activities.len() - 1;
            let j = self
                .writer
                .activities
                .iter()
                .position(|r| r.id == recording)
                .expect("just found");
            self.join_summary(i, j);
        }
        (id, true)
    }

    /// Joins every primary summary-only activity to a primary recording — or a summary
    /// from another export — of a compatible sport ([`summary_sports_compatible`]) starting
    /// within
    /// [`SUMMARY_START_TOLERANCE_S`] (the closest; a recording before a summary): the
    /// summary becomes its duplicate and its fields fill what the other lacks. Returns how
    /// many were joined.
    fn reconcile_summaries(&mut self) -> usize {
        let acts = &self.writer.activities;
        let mut candidates: Vec<(i64, usize)> = acts
            .iter()
            .enumerate()
            .filter(|(_, r)| r.status == Status::Primary)
            .filter_map(|(i, r)| r.start.map(|s| (s.timestamp(), i)))
            .collect();
        candidates.sort_unstable();
        let mut pairs: Vec<(usize, usize)> = Vec::new();
        let mut taken: HashSet<usize> = HashSet::new();
        for (i, r) in acts.iter().enumerate() {
            if !r.summary_only || r.status != Status::Primary || taken.contains(&i) {
                continue;
            }
            let Some(start) = r.start.map(|s| s.timestamp()) else {
                continue;
            };
            let lo = candidates.partition_point(|(t, _)| *t < start - SUMMARY_START_TOLERANCE_S);
            let best = candidates[lo..]
                .iter()
                .take_while(|(t, _)| *t <= start + SUMMARY_START_TOLERANCE_S)
                .filter(|(_, j)| *j != i && !taken.contains(j))
                .filter(|(_, j)| {
                    let o = &acts[*j];
                    // A recording, or a summary from another export (one Strava row is
                    // never a duplicate of another of the same table).
                    (!o.summary_only || o.source_format != r.source_format)
                        && summary_sports_compatible(o.sport, r.sport)
                })
                .min_by_key(|(t, j)| (acts[*j].summary_only, (t - start).abs()))
                .map(|(_, j)| *j);
            if let Some(j) = best {
                taken.insert(i);
                pairs.push((i, j));
            }
        }
        for &(i, j) in &pairs {
            self.join_summary(i, j);
        }
        pairs.len()
    }

    /// Makes summary-only activity `i` a duplicate of activity `j`, filling `j`'s missing
    /// name, gear, race flag and annotations from it.
    fn join_summary(&mut self, i: usize, j: usize) {
        let s = self.writer.activities[i].clone();
        let target = &mut self.writer.activities[j];
        let target_id = target.id.clone();
        if target.name.is_none() {
            target.name = s.name.clone();
        }
        if target.gear.is_none() {
            target.gear = s.gear.clone();
        }
        if target.race.is_none() {
            target.race = s.race;
        }
        target.annotations.fill_from(&s.annotations);
        let summary = &mut self.writer.activities[i];
        summary.status = Status::Duplicate;
        summary.duplicate_of = Some(target_id);
        summary.dedup_tier = Some(DedupTier::Summary);
        self.count_dup(DedupTier::Summary);
    }
}

/// Whether a summary and another record of these sports may be one activity: the same
/// sport, or a generic one, or one the vendor's catch-all `Other` (Strava's `Crossfit`,
/// `Weight Training`) when the other is not a run or a ride (vocabularies differ between a
/// service's table and a watch's file; a run is a run in both).
fn summary_sports_compatible(a: Sport, b: Sport) -> bool {
    let not_run_or_ride = |s: Sport| !matches!(s, Sport::Running | Sport::Cycling);
    a.compatible(b)
        || (a == Sport::Other && not_run_or_ride(b))
        || (b == Sport::Other && not_run_or_ride(a))
}

/// A source path as compared with an export's `Filename`: forward slashes, lower case,
/// no `.gz`.
fn normalized_path(p: &str) -> String {
    let p = p.replace('\\', "/").to_ascii_lowercase();
    p.strip_suffix(".gz").unwrap_or(&p).to_string()
}

fn source_format(f: Format) -> Option<SourceFormat> {
    match f {
        Format::Fit => Some(SourceFormat::Fit),
        Format::Gpx => Some(SourceFormat::Gpx),
        Format::Tcx => Some(SourceFormat::Tcx),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_sports() {
        use Sport::*;
        assert!(summary_sports_compatible(Running, Running));
        assert!(summary_sports_compatible(Generic, Cycling));
        assert!(summary_sports_compatible(Other, Strength));
        assert!(summary_sports_compatible(Walking, Other));
        assert!(!summary_sports_compatible(Other, Running));
        assert!(!summary_sports_compatible(Cycling, Other));
        assert!(!summary_sports_compatible(Running, Walking));
    }

    #[test]
    fn paths_compare_without_gz_case_or_backslashes() {
        assert_eq!(
            normalized_path("Export.zip!/Activities/4.FIT.gz"),
            "export.zip!/activities/4.fit"
        );
        assert_eq!(normalized_path("a\\b\\1.gpx"), "a/b/1.gpx");
    }
}
