//! Walking what the user names: files, folders (recursively), gzip streams and zip archives
//! (zips inside zips too), all read in memory, never extracted to disk.
//!
//! The walker pushes one [`WalkItem`] at a time into a sink, so the caller decides how many
//! it keeps in memory (the importer parses them in bounded batches). Every decompression is
//! metered against [`Limits::max_unpacked_bytes`] per top-level input, whatever the archive
//! claims about its own sizes: a zip or gzip bomb stops with [`IngestError::TooLarge`].
//!
//! In folders and archives only names that look like activity files are read (`.fit`,
//! `.gpx`, `.tcx`, `.zip`, any case, and `.gz` of those or of a name without extension),
//! and the side files of exports ([`ExportKind`]: Strava's `activities.csv`, Garmin's
//! summarized activities, sleep and daily summaries), handed over whole as
//! [`WalkItem::Export`]; other files are counted as ignored. A file named
//! explicitly on the command line is always read. macOS resource forks (`._name`,
//! `__MACOSX/`) are reported as skipped.

use std::collections::HashMap;
use std::fs;
use std::io::{Cursor, Read, Seek};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use flate2::read::MultiGzDecoder;

use super::IngestError;
use super::export::ExportKind;
use super::format::Format;
use super::strava;
use crate::model::ExportMeta;

/// Resource limits for reading containers.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Most bytes decompressed from one top-level input (all its members together).
    pub max_unpacked_bytes: u64,
    /// Most bytes read for one file or member.
    pub max_file_bytes: u64,
    /// Deepest nesting of archives (a zip in a zip in a zip is depth 3).
    pub max_depth: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            // A Garmin account export with ten years of activities is a few GB unpacked;
            // 8 GiB leaves room while stopping a bomb long before memory or patience run out.
            max_unpacked_bytes: 8 << 30,
            // The largest real activity files are tens of MB (24 h ultra at 1 s); 256 MiB is
            // far beyond any and still fits in memory.
            max_file_bytes: 256 << 20,
            max_depth: 4,
        }
    }
}

/// One activity file found, with its bytes.
#[derive(Debug)]
pub struct SourceItem {
    /// Where it is, for people: `export.zip!/activities/1.fit.gz`.
    pub path: String,
    /// The name used for format inference (`.gz` stripped once unpacked).
    pub name: String,
    /// Content, once [`SourceItem::unpack`] has run (files on disk are read by it, on the
    /// caller's worker thread); still gzip-compressed while `gzipped` is set.
    pub bytes: Vec<u8>,
    /// Whether `bytes` is a gzip stream still to be unpacked by [`SourceItem::unpack`]
    /// (left to the caller so that decompression runs on its worker threads).
    pub gzipped: bool,
    /// Metadata from an export's `activities.csv`, when the file is listed there.
    pub meta: Option<ExportMeta>,
    budget: Arc<Budget>,
    max_file_bytes: u64,
    /// A file on disk not read yet, with its size.
    on_disk: Option<(PathBuf, u64)>,
}

impl SourceItem {
    /// Bytes this item holds or will hold once read (before decompression), for sizing
    /// batches.
    pub fn size_hint(&self) -> u64 {
        self.on_disk
            .as_ref()
            .map_or(self.bytes.len() as u64, |(_, n)| *n)
    }

    /// Reads a file on disk and decompresses a gzipped item, in place (charging its input's
    /// budget): the I/O and decompression then run on the caller's worker threads. An archive
    /// inside the gzip stream (`.zip.gz`, `.gz.gz`) is refused: unpack it first.
    pub fn unpack(&mut self) -> Result<(), IngestError> {
        if let Some((path, _)) = self.on_disk.take() {
            let f = fs::File::open(&path).map_err(IngestError::Io)?;
            self.bytes = read_from_disk(f, self.max_file_bytes)?;
            self.gzipped = Format::from_content(&self.bytes) == Some(Format::Gzip);
        }
        if !self.gzipped {
            return Ok(());
        }
        let inner = match self
            .budget
            .read_all(MultiGzDecoder::new(&self.bytes[..]), self.max_file_bytes)
        {
            Err(IngestError::Io(e)) => return Err(IngestError::Gzip(e)),
            other => other?,
        };
        if matches!(
            Format::from_content(&inner),
            Some(Format::Zip | Format::Gzip)
        ) {
            return Err(IngestError::Invalid {
                format: "gzip",
                message: "holds another archive (zip or gzip); unpack it first".to_string(),
            });
        }
        self.bytes = inner;
        self.name = strip_gz(&self.name);
        self.gzipped = false;
        Ok(())
    }
}

/// An export side file and its bytes (small: tables of summaries and days).
#[derive(Debug)]
pub struct ExportFile {
    /// Where it is, as for [`SourceItem::path`].
    pub path: String,
    /// Which side file it is.
    pub kind: ExportKind,
    /// Its content (decompressed when it was a zip member).
    pub bytes: Vec<u8>,
}

/// A file or member that could not be read, or that is not an activity file.
#[derive(Debug)]
pub struct SourceError {
    /// Where it is.
    pub path: String,
    /// What went wrong.
    pub error: IngestError,
}

/// What the walker hands to its sink.
#[derive(Debug)]
pub enum WalkItem {
    /// A candidate activity file.
    File(SourceItem),
    /// A file that could not be read.
    Failed(SourceError),
    /// A file deliberately passed over, with the reason (resource forks).
    Skipped {
        /// Where it is.
        path: String,
        /// Why.
        reason: String,
    },
    /// An export's side file (see [`ExportKind`]), read whole.
    Export(ExportFile),
    /// A file in a folder or archive whose name is not an activity file's.
    Ignored {
        /// Where it is.
        path: String,
    },
}

/// Whether a member/file name looks like something to read. A `.gz` counts when what it
/// wraps does (`run.fit.gz`) or has no extension to say (`12345.gz`): `records.csv.gz` is
/// an answer key or a spreadsheet, not an activity, and is ignored like `records.csv`.
fn candidate_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    if let Some(inner) = lower.strip_suffix(".gz") {
        let base = inner.rsplit(['/', '\\']).next().unwrap_or(inner);
        return !base.contains('.') || candidate_name(inner);
    }
    [".fit", ".gpx", ".tcx", ".zip"]
        .iter()
        .any(|e| lower.ends_with(e))
}

fn resource_fork(path: &str) -> bool {
    let base = path.rsplit(['/', '\\']).next().unwrap_or(path);
    base.starts_with("._") || path.contains("__MACOSX/") || path.contains("__MACOSX\\")
}

/// Counts the candidate files under `inputs` cheaply (folders are listed, top-level zips'
/// directories read), for a progress bar.
pub fn estimate(inputs: &[PathBuf]) -> u64 {
    let mut n = 0;
    for p in inputs {
        if p.is_dir() {
            let mut stack = vec![p.clone()];
            while let Some(d) = stack.pop() {
                let Ok(rd) = fs::read_dir(&d) else { continue };
                for e in rd.flatten() {
                    let path = e.path();
                    if path.is_dir() {
                        stack.push(path);
                    } else if candidate_name(&path.to_string_lossy()) {
                        n += 1;
                    }
                }
            }
        } else if p.to_string_lossy().to_ascii_lowercase().ends_with(".zip") {
            n += fs::File::open(p)
                .ok()
                .and_then(|f| zip::ZipArchive::new(f).ok())
                .map(|z| z.len() as u64)
                .unwrap_or(1);
        } else {
            n += 1;
        }
    }
    n
}

/// Walks `inputs` in order, pushing every item into `sink`. Folders are walked in sorted
/// order so imports are deterministic.
pub fn walk(inputs: &[PathBuf], limits: Limits, sink: &mut dyn FnMut(WalkItem)) {
    for input in inputs {
        let budget = Budget::new(limits.max_unpacked_bytes);
        let display = input.display().to_string();
        match fs::metadata(input) {
            Err(e) => sink(WalkItem::Failed(SourceError {
                path: display,
                error: IngestError::Io(e),
            })),
            Ok(m) if m.is_dir() => walk_dir(input, &limits, &budget, sink),
            Ok(_) => read_file(input, true, None, &limits, &budget, sink),
        }
    }
}

/// Bytes that may still be decompressed from one top-level input, shared by the walker and
/// the workers that unpack its gzip members.
#[derive(Debug)]
struct Budget {
    left: AtomicU64,
    limit: u64,
}

impl Budget {
    fn new(limit: u64) -> Arc<Self> {
        Arc::new(Budget {
            left: AtomicU64::new(limit),
            limit,
        })
    }

    /// Reads all of `r`, charging the budget and the per-file limit.
    fn read_all(&self, r: impl Read, per_file: u64) -> Result<Vec<u8>, IngestError> {
        let left = self.left.load(Ordering::Relaxed);
        let cap = left.min(per_file);
        let mut out = Vec::new();
        let n = r
            .take(cap + 1)
            .read_to_end(&mut out)
            .map_err(IngestError::Io)? as u64;
        if n > cap {
            return Err(if cap == per_file {
                IngestError::TooLarge {
                    limit: per_file,
                    per_file: true,
                }
            } else {
                IngestError::TooLarge {
                    limit: self.limit,
                    per_file: false,
                }
            });
        }
        let charged = self
            .left
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |l| l.checked_sub(n));
        match charged {
            Ok(_) => Ok(out),
            Err(_) => Err(IngestError::TooLarge {
                limit: self.limit,
                per_file: false,
            }),
        }
    }
}

/// An export's `activities.csv`, with the folder its `Filename`s are relative to.
type ExportIndex = (PathBuf, Arc<HashMap<String, ExportMeta>>);

fn walk_dir(dir: &Path, limits: &Limits, budget: &Arc<Budget>, sink: &mut dyn FnMut(WalkItem)) {
    walk_dir_with(dir, None, limits, budget, sink)
}

fn walk_dir_with(
    dir: &Path,
    inherited: Option<&ExportIndex>,
    limits: &Limits,
    budget: &Arc<Budget>,
    sink: &mut dyn FnMut(WalkItem),
) {
    let mut entries: Vec<PathBuf> = match fs::read_dir(dir) {
        Ok(rd) => rd.flatten().map(|e| e.path()).collect(),
        Err(e) => {
            sink(WalkItem::Failed(SourceError {
                path: dir.display().to_string(),
                error: IngestError::Io(e),
            }));
            return;
        }
    };
    entries.sort();
    // An export's activities.csv describes the files below its folder (Strava puts them in
    // an `activities/` subfolder), so it is handed down the recursion.
    let own: Option<ExportIndex> = entries
        .iter()
        .find(|p| {
            p.file_name()
                .is_some_and(|n| n.eq_ignore_ascii_case("activities.csv"))
        })
        .and_then(|p| fs::read(p).ok())
        .map(|b| {
            (
                dir.to_path_buf(),
                Arc::new(strava::parse_activities_csv(&b)),
            )
        });
    let index = own.as_ref().or(inherited);
    for path in entries {
        if path.is_dir() {
            walk_dir_with(&path, index, limits, budget, sink);
            continue;
        }
        let display = path.display().to_string();
        if let Some(kind) = ExportKind::of(&display)
            && !resource_fork(&display)
        {
            read_export(&path, kind, limits, sink);
            continue;
        }
        if !candidate_name(&display) {
            sink(WalkItem::Ignored { path: display });
            continue;
        }
        let m = index.and_then(|(base, m)| {
            let rel = path.strip_prefix(base).ok()?;
            strava::lookup(m, &rel.to_string_lossy())
        });
        read_file(&path, false, m, limits, budget, sink);
    }
}

/// Reads an export side file on disk whole (capped like any file).
fn read_export(path: &Path, kind: ExportKind, limits: &Limits, sink: &mut dyn FnMut(WalkItem)) {
    let path_s = path.display().to_string();
    let read = fs::File::open(path)
        .map_err(IngestError::Io)
        .and_then(|f| read_from_disk(f, limits.max_file_bytes));
    sink(match read {
        Ok(bytes) => WalkItem::Export(ExportFile {
            path: path_s,
            kind,
            bytes,
        }),
        Err(error) => WalkItem::Failed(SourceError {
            path: path_s,
            error,
        }),
    })
}

fn read_file(
    path: &Path,
    explicit: bool,
    meta: Option<ExportMeta>,
    limits: &Limits,
    budget: &Arc<Budget>,
    sink: &mut dyn FnMut(WalkItem),
) {
    let display = path.display().to_string();
    if let Some(kind) = ExportKind::of(&display) {
        return read_export(path, kind, limits, sink);
    }
    if !explicit && resource_fork(&display) {
        sink(WalkItem::Skipped {
            path: display,
            reason: "macOS resource fork (AppleDouble), not an activity".to_string(),
        });
        return;
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    // Archives are opened here (their members are what the workers get); any other file is
    // read later by the worker that parses it (SourceItem::unpack), from its first bytes.
    let mut head = Vec::with_capacity(4);
    let opened = fs::File::open(path).and_then(|mut f| {
        let len = f.metadata()?.len();
        (&mut f).take(4).read_to_end(&mut head)?;
        Ok((f, len))
    });
    let bytes = match opened {
        Ok((_, len)) if Format::from_content(&head) != Some(Format::Zip) => {
            return sink(WalkItem::File(SourceItem {
                path: display,
                name,
                bytes: Vec::new(),
                gzipped: false,
                meta,
                budget: Arc::clone(budget),
                max_file_bytes: limits.max_file_bytes,
                on_disk: Some((path.to_path_buf(), len)),
            }));
        }
        Ok((f, _)) => read_from_disk(Cursor::new(head).chain(f), limits.max_file_bytes),
        Err(e) => Err(IngestError::Io(e)),
    };
    match bytes {
        Ok(bytes) => dispatch(display, name, bytes, meta, 0, limits, budget, sink),
        Err(error) => sink(WalkItem::Failed(SourceError {
            path: display,
            error,
        })),
    }
}

/// Reads a file on disk: not charged to the decompression budget, only capped at `max`.
fn read_from_disk(r: impl Read, max: u64) -> Result<Vec<u8>, IngestError> {
    Budget::new(max).read_all(r, max)
}

/// Routes bytes by content: archives are opened, activity files go to the sink.
#[allow(clippy::too_many_arguments)]
fn dispatch(
    path: String,
    name: String,
    bytes: Vec<u8>,
    meta: Option<ExportMeta>,
    depth: usize,
    limits: &Limits,
    budget: &Arc<Budget>,
    sink: &mut dyn FnMut(WalkItem),
) {
    match Format::from_content(&bytes) {
        Some(Format::Gzip) => {
            if depth >= limits.max_depth {
                return sink(WalkItem::Failed(SourceError {
                    path,
                    error: IngestError::TooDeep(limits.max_depth),
                }));
            }
            // Unpacked later, by the worker that parses it (SourceItem::unpack).
            sink(WalkItem::File(SourceItem {
                path,
                name,
                bytes,
                gzipped: true,
                meta,
                budget: Arc::clone(budget),
                max_file_bytes: limits.max_file_bytes,
                on_disk: None,
            }))
        }
        Some(Format::Zip) => {
            if depth >= limits.max_depth {
                return sink(WalkItem::Failed(SourceError {
                    path,
                    error: IngestError::TooDeep(limits.max_depth),
                }));
            }
            walk_zip(&path, Cursor::new(bytes), depth + 1, limits, budget, sink)
        }
        _ => sink(WalkItem::File(SourceItem {
            path,
            name,
            bytes,
            gzipped: false,
            meta,
            budget: Arc::clone(budget),
            max_file_bytes: limits.max_file_bytes,
            on_disk: None,
        })),
    }
}

fn strip_gz(name: &str) -> String {
    let lower = name.to_ascii_lowercase();
    if lower.ends_with(".gz") {
        name[..name.len() - 3].to_string()
    } else {
        name.to_string()
    }
}

fn walk_zip<R: Read + Seek>(
    zip_path: &str,
    reader: R,
    depth: usize,
    limits: &Limits,
    budget: &Arc<Budget>,
    sink: &mut dyn FnMut(WalkItem),
) {
    let mut archive = match zip::ZipArchive::new(reader) {
        Ok(a) => a,
        Err(e) => {
            return sink(WalkItem::Failed(SourceError {
                path: zip_path.to_string(),
                error: IngestError::Zip(e),
            }));
        }
    };
    // activities.csv first, so members can be joined to it.
    let mut metas: HashMap<String, HashMap<String, ExportMeta>> = HashMap::new();
    let csv_names: Vec<String> = archive
        .file_names()
        .filter_map(|n| n.ok().map(|n| n.into_owned()))
        .filter(|n| {
            n.rsplit('/')
                .next()
                .is_some_and(|b| b.eq_ignore_ascii_case("activities.csv"))
        })
        .collect();
    for n in csv_names {
        let read = archive
            .by_name(&n)
            .map_err(IngestError::Zip)
            .and_then(|f| budget.read_all(f, limits.max_file_bytes));
        if let Ok(b) = read {
            let dir = n
                .rsplit_once('/')
                .map(|(d, _)| format!("{d}/"))
                .unwrap_or_default();
            metas.insert(dir, strava::parse_activities_csv(&b));
        }
    }
    for i in 0..archive.len() {
        let mut f = match archive.by_index(i) {
            Ok(f) => f,
            Err(e) => {
                sink(WalkItem::Failed(SourceError {
                    path: format!("{zip_path}!/#{i}"),
                    error: IngestError::Zip(e),
                }));
                continue;
            }
        };
        if f.is_dir() {
            continue;
        }
        // The raw name is used only as a label: nothing is written to disk, so path tricks
        // (`../`, absolute names) cannot escape anywhere.
        let member = match f.name() {
            Ok(n) => n.into_owned(),
            Err(e) => {
                drop(f);
                sink(WalkItem::Failed(SourceError {
                    path: format!("{zip_path}!/#{i}"),
                    error: IngestError::Zip(e),
                }));
                continue;
            }
        };
        let path = format!("{zip_path}!/{member}");
        if let Some(kind) = ExportKind::of(&member)
            && !resource_fork(&member)
        {
            let read = budget.read_all(&mut f, limits.max_file_bytes);
            drop(f);
            sink(match read {
                Ok(bytes) => WalkItem::Export(ExportFile { path, kind, bytes }),
                Err(IngestError::Io(e)) => WalkItem::Failed(SourceError {
                    path,
                    error: IngestError::Zip(zip::result::ZipError::Io(e)),
                }),
                Err(error) => WalkItem::Failed(SourceError { path, error }),
            });
            continue;
        }
        if !candidate_name(&member) {
            sink(WalkItem::Ignored { path });
            continue;
        }
        if resource_fork(&member) {
            sink(WalkItem::Skipped {
                path,
                reason: "macOS resource fork (AppleDouble), not an activity".to_string(),
            });
            continue;
        }
        let meta = metas.iter().find_map(|(dir, m)| {
            member
                .strip_prefix(dir.as_str())
                .and_then(|rel| strava::lookup(m, rel))
        });
        let read = budget.read_all(&mut f, limits.max_file_bytes);
        drop(f);
        match read {
            Ok(bytes) => {
                let name = member.rsplit('/').next().unwrap_or(&member).to_string();
                dispatch(path, name, bytes, meta, depth, limits, budget, sink);
            }
            Err(IngestError::Io(e)) => sink(WalkItem::Failed(SourceError {
                path,
                error: IngestError::Zip(zip::result::ZipError::Io(e)),
            })),
            Err(error) => sink(WalkItem::Failed(SourceError { path, error })),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn zip_of(members: &[(&str, &[u8])]) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (n, b) in members {
            w.start_file(*n, opts).unwrap();
            w.write_all(b).unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    fn gz_of(b: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(b).unwrap();
        e.finish().unwrap()
    }

    fn collect(path: &str, bytes: Vec<u8>, limits: Limits) -> Vec<WalkItem> {
        let mut out = Vec::new();
        let budget = Budget::new(limits.max_unpacked_bytes);
        dispatch(
            path.into(),
            path.into(),
            bytes,
            None,
            0,
            &limits,
            &budget,
            &mut |i| out.push(i),
        );
        out.into_iter()
            .map(|i| match i {
                WalkItem::File(mut f) => match f.unpack() {
                    Ok(()) => WalkItem::File(f),
                    Err(error) => WalkItem::Failed(SourceError {
                        path: f.path,
                        error,
                    }),
                },
                other => other,
            })
            .collect()
    }

    #[test]
    fn nested_zip_with_gz_member() {
        let inner = zip_of(&[("a/run.gpx.gz", &gz_of(b"<gpx/>")), ("notes.txt", b"x")]);
        let outer = zip_of(&[("export/inner.zip", &inner), ("._x.fit", b"junk")]);
        let items = collect("e.zip", outer, Limits::default());
        let files: Vec<_> = items
            .iter()
            .filter_map(|i| match i {
                WalkItem::File(f) => Some((f.path.clone(), f.name.clone(), f.bytes.clone())),
                _ => None,
            })
            .collect();
        assert_eq!(
            files,
            vec![(
                "e.zip!/export/inner.zip!/a/run.gpx.gz".to_string(),
                "run.gpx".to_string(),
                b"<gpx/>".to_vec()
            )]
        );
        assert!(
            items
                .iter()
                .any(|i| matches!(i, WalkItem::Ignored { path } if path.ends_with("notes.txt")))
        );
        assert!(items.iter().any(|i| matches!(i, WalkItem::Skipped { .. })));
    }

    #[test]
    fn zip_bomb_is_stopped_by_the_budget() {
        let big = vec![0u8; 5 << 20];
        let z = zip_of(&[("a.fit", &big), ("b.fit", &big)]);
        assert!(z.len() < 100 << 10, "deflate should squeeze zeros");
        let limits = Limits {
            max_unpacked_bytes: 8 << 20,
            ..Limits::default()
        };
        let items = collect("bomb.zip", z, limits);
        let errs: Vec<_> = items
            .iter()
            .filter_map(|i| match i {
                WalkItem::Failed(e) => Some(e.error.to_string()),
                _ => None,
            })
            .collect();
        assert_eq!(errs.len(), 1, "{errs:?}");
        assert!(
            errs[0].contains("--max-unpacked") && errs[0].contains("8 MiB in all"),
            "{errs:?}"
        );
    }

    #[test]
    fn gzip_bomb_is_stopped() {
        let g = gz_of(&vec![0u8; 3 << 20]);
        let limits = Limits {
            max_file_bytes: 1 << 20,
            ..Limits::default()
        };
        let items = collect("x.fit.gz", g, limits);
        // The per-file limit is fixed: its message does not send the user to --max-unpacked.
        assert!(
            matches!(&items[0], WalkItem::Failed(e) if matches!(e.error, IngestError::TooLarge { per_file: true, .. })
                && !e.error.to_string().contains("--max-unpacked"))
        );
    }

    #[test]
    fn corrupt_gzip_and_zip_are_errors() {
        let items = collect("x.gz", vec![0x1f, 0x8b, 8, 0, 1, 2, 3], Limits::default());
        assert!(
            matches!(&items[0], WalkItem::Failed(e) if e.error.to_string().starts_with("gzip"))
        );
        let items = collect("x.zip", b"PK\x03\x04garbage".to_vec(), Limits::default());
        assert!(matches!(&items[0], WalkItem::Failed(e) if e.error.to_string().starts_with("zip")));
    }

    #[test]
    fn folder_export_metadata_reaches_files_in_subfolders() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("export");
        std::fs::create_dir_all(root.join("activities")).unwrap();
        std::fs::write(
            root.join("activities.csv"),
            "Activity ID,Activity Name,Activity Gear,Filename\n1,Hill reps,Shoe A,activities/1.gpx.gz\n",
        )
        .unwrap();
        std::fs::write(root.join("activities/1.gpx.gz"), gz_of(b"<gpx/>")).unwrap();
        let mut items = Vec::new();
        walk(&[root], Limits::default(), &mut |i| items.push(i));
        let metas: Vec<_> = items
            .iter()
            .filter_map(|i| match i {
                WalkItem::File(f) => Some(f.meta.clone()),
                _ => None,
            })
            .collect();
        assert_eq!(metas.len(), 1);
        let m = metas[0].clone().expect("joined");
        assert_eq!(m.name.as_deref(), Some("Hill reps"));
        assert_eq!(m.gear.as_deref(), Some("Shoe A"));
    }

    #[test]
    fn depth_limit() {
        let mut z = zip_of(&[("a.gpx", b"<gpx/>")]);
        for _ in 0..5 {
            z = zip_of(&[("n.zip", &z)]);
        }
        let items = collect("deep.zip", z, Limits::default());
        assert!(
            matches!(&items[0], WalkItem::Failed(e) if matches!(e.error, IngestError::TooDeep(4)))
        );
    }

    #[test]
    fn gzip_names_count_by_what_they_wrap() {
        for yes in [
            "a/run.fit.gz",
            "RUN.GPX.GZ",
            "12345.gz",
            "x.tcx",
            "e.zip",
            "a.b.fit.gz",
        ] {
            assert!(candidate_name(yes), "{yes}");
        }
        for no in [
            "records.csv.gz",
            "notes.txt",
            "a/records.csv",
            "data.json.gz",
        ] {
            assert!(!candidate_name(no), "{no}");
        }
    }
}
