//! Reading activity files: format inference, the FIT/GPX/TCX parsers, containers (folders,
//! gzip, zip) and export side files. Everything returns the normalized [`crate::model`].

pub mod clock;
pub mod container;
pub mod export;
pub mod fit;
pub mod format;
pub mod garmin;
pub mod gpx;
pub mod monitoring;
pub mod strava;
pub mod summary;
pub mod tcx;
pub mod xml;

use thiserror::Error;

use crate::model::{EpochMs, ParsedActivity, SummaryActivity};
pub use format::Format;

/// What reading one file gave.
#[derive(Debug)]
pub enum Parsed {
    /// One or more activities.
    Activities(Vec<ParsedActivity>),
    /// A watch's all-day monitoring file (FIT `monitoring_b`): not an activity, but its
    /// heart rate says what the resting heart rate was.
    Monitoring(MonitoringHr),
    /// A valid file that is not an activity (settings, course, routes only); the reason.
    Skipped(String),
}

/// The all-day heart rate of a FIT monitoring file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MonitoringHr {
    /// Local time minus UTC, seconds, from its `monitoring_info` (which day a reading
    /// belongs to); `None` when the file does not say.
    pub utc_offset_s: Option<i32>,
    /// Readings: instant (UTC ms) and heart rate (bpm), in time order.
    pub samples: Vec<(EpochMs, f64)>,
}

/// What an export's summary table gave: one summary per usable entry, and a line per entry
/// left out.
#[derive(Debug, Default)]
pub struct Summaries {
    /// One per entry with an id and a start.
    pub activities: Vec<SummaryActivity>,
    /// Entries left out, and why (`row 12: no date`).
    pub warnings: Vec<String>,
}

/// Why a file could not be read. The path is added by the caller ([`container::SourceError`]).
/// A variant with a `source()` does not repeat it in its message: print the chain
/// ([`with_causes`], or anyhow's `{:#}`).
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum IngestError {
    /// Zero bytes.
    #[error("empty file (0 bytes)")]
    Empty,
    /// Neither the content nor the name says what it is.
    #[error("not a FIT, GPX, TCX, gzip or zip file (leading bytes {0})")]
    UnknownFormat(String),
    /// FIT decoding failed before any usable message.
    #[error("FIT: {message} (at byte {offset})")]
    Fit {
        /// Byte offset of the message that failed.
        offset: usize,
        /// What went wrong.
        message: String,
    },
    /// XML syntax error.
    #[error("{format}: XML error at byte {offset}: {message}")]
    Xml {
        /// GPX or TCX.
        format: &'static str,
        /// Byte offset where the reader stopped.
        offset: u64,
        /// The reader's message.
        message: String,
    },
    /// Well-formed but not what the format requires.
    #[error("{format}: {message}")]
    Invalid {
        /// The format.
        format: &'static str,
        /// What is wrong.
        message: String,
    },
    /// A gzip stream is corrupt.
    #[error("gzip")]
    Gzip(#[source] std::io::Error),
    /// A zip archive is corrupt.
    #[error("zip")]
    Zip(#[source] zip::result::ZipError),
    /// Decompression would exceed a limit (zip/gzip bomb guard).
    #[error("{}", too_large(*limit, *per_file))]
    TooLarge {
        /// The limit in bytes.
        limit: u64,
        /// Whether it is the limit for one file or member (fixed), rather than the one for
        /// everything unpacked from one input (the import's `max_unpacked_bytes`).
        per_file: bool,
    },
    /// Archives nested deeper than the limit.
    #[error("archives nested more than {0} deep")]
    TooDeep(usize),
    /// Reading the file failed.
    #[error("read failed")]
    Io(#[source] std::io::Error),
}

/// An error and its causes on one line, `zip: i/o error: No space left on device`, as
/// anyhow's `{:#}` prints a chain: per-file failures are kept as text (the import summary,
/// the `imports` table) and our variants keep their cause as `source()` only. A cause whose
/// text the line already ends with is not repeated: some libraries' errors print their
/// source too (zip's `i/o error: ...`).
pub fn with_causes(e: &(dyn std::error::Error + 'static)) -> String {
    let mut line = e.to_string();
    let mut cause = e.source();
    while let Some(c) = cause {
        let text = c.to_string();
        if !line.ends_with(&text) {
            line.push_str(": ");
            line.push_str(&text);
        }
        cause = c.source();
    }
    line
}

fn too_large(limit: u64, per_file: bool) -> String {
    let mib = limit as f64 / (1u64 << 20) as f64;
    if per_file {
        format!(
            "one file decompresses to more than {mib:.0} MiB, the most any activity file is \
             allowed (the largest real ones are tens of MB): a zip or gzip bomb?"
        )
    } else {
        format!(
            "this input decompresses to more than {mib:.0} MiB in all, the import's limit \
             (zip bomb guard; raise it with --max-unpacked)"
        )
    }
}

/// Parses an in-memory activity file of a known format.
///
/// Containers ([`Format::Gzip`], [`Format::Zip`]) and side files are handled by
/// [`container`], not here.
pub fn parse_bytes(format: Format, bytes: &[u8]) -> Result<Parsed, IngestError> {
    let parsed = match format {
        Format::Fit => fit::parse(bytes)?,
        Format::Gpx => gpx::parse(bytes)?,
        Format::Tcx => tcx::parse(bytes)?,
        Format::Gzip | Format::Zip | Format::StravaCsv => {
            return Err(IngestError::Invalid {
                format: "container",
                message: format!("{format} is not an activity format"),
            });
        }
    };
    Ok(parsed)
}

/// Parses bytes whose format is unknown, inferring it from content and `name`.
pub fn parse_any(name: &str, bytes: &[u8]) -> Result<(Format, Parsed), IngestError> {
    let format = format_of(name, bytes)?;
    Ok((format, parse_bytes(format, bytes)?))
}

/// The activity format of `bytes` (from content and `name`), or why there is none: no
/// bytes, or a format not recognised.
pub fn format_of(name: &str, bytes: &[u8]) -> Result<Format, IngestError> {
    if bytes.is_empty() {
        return Err(IngestError::Empty);
    }
    Format::infer(name, bytes).ok_or_else(|| {
        IngestError::UnknownFormat(
            bytes
                .iter()
                .take(8)
                .map(|b| format!("{b:02x}"))
                .collect::<Vec<_>>()
                .join(" "),
        )
    })
}

/// Like [`parse_bytes`], taking the bytes: they are freed once read, before the XML
/// readers fill in the channels a file lacks (see [`crate::model::Samples::push_sparse`]),
/// so a big file's content and those `None`s are never in memory together.
pub fn parse_owned(format: Format, bytes: Vec<u8>) -> Result<Parsed, IngestError> {
    let mut parsed = match format {
        Format::Gpx => gpx::parse_sparse(&bytes)?,
        Format::Tcx => tcx::parse_sparse(&bytes)?,
        _ => return parse_bytes(format, &bytes),
    };
    drop(bytes);
    fill_absent(&mut parsed);
    Ok(parsed)
}

/// Fills the channels a sparse parse left empty (see [`parse_owned`]).
fn fill_absent(parsed: &mut Parsed) {
    if let Parsed::Activities(acts) = parsed {
        for a in acts {
            a.samples.fill_absent();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{SampleRow, Samples};

    #[test]
    fn sparse_rows_filled_equal_full_rows() {
        // Heart rate from the third row, power never, position always, cadence once.
        let rows: Vec<SampleRow> = (0..6)
            .map(|i| SampleRow {
                t_ms: Some(1_000 * i),
                segment: (i / 3) as u32,
                lat: Some(46.0 + i as f64),
                lon: Some(7.0),
                heart_rate_bpm: (i >= 2).then_some(120.0 + i as f64),
                cadence_rpm: (i == 4).then_some(88.0),
                ..Default::default()
            })
            .collect();
        let (mut full, mut sparse) = (Samples::default(), Samples::default());
        for r in &rows {
            full.push(*r);
            sparse.push_sparse(*r);
        }
        // A channel never seen stays empty; one seen is full length from its first value.
        assert!(sparse.power_w.is_empty() && sparse.temperature_c.is_empty());
        assert_eq!(sparse.heart_rate_bpm.len(), 6);
        assert_eq!(sparse.cadence_rpm.len(), 6);
        sparse.fill_absent();
        assert_eq!(sparse, full);
        // Running dynamics an activity lacks stay empty even in full rows (see `Samples`).
        assert!(full.ground_contact_s.is_empty() && full.step_length_m.is_empty());
        assert_eq!(full.row(5).ground_contact_s, None);
    }

    #[test]
    fn owned_parse_equals_borrowed_parse() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/demo");
        for name in [
            "2024-05-01-run.fit",
            "2024-05-03-run.gpx",
            "2024-05-05-run.tcx",
        ] {
            let bytes = std::fs::read(dir.join(name)).unwrap();
            let format = format_of(name, &bytes).unwrap();
            let borrowed = parse_bytes(format, &bytes).unwrap();
            let owned = parse_owned(format, bytes).unwrap();
            assert_eq!(format!("{owned:?}"), format!("{borrowed:?}"), "{name}");
            let Parsed::Activities(acts) = owned else {
                panic!("{name}: no activity")
            };
            let s = &acts[0].samples;
            assert!(s.len() > 100, "{name}");
            assert_eq!(s.power_w.len(), s.len(), "{name}: channels filled");
        }
        assert!(matches!(format_of("x.gpx", b""), Err(IngestError::Empty)));
        assert!(matches!(
            format_of("x.bin", b"\x01\x02"),
            Err(IngestError::UnknownFormat(_))
        ));
    }

    fn disk_full() -> std::io::Error {
        std::io::Error::from_raw_os_error(28) // ENOSPC
    }

    #[test]
    fn each_cause_is_printed_once() {
        let cause = disk_full().to_string();
        for e in [
            IngestError::Io(disk_full()),
            IngestError::Gzip(disk_full()),
            // zip's own error prints its source too: the line still says it once.
            IngestError::Zip(zip::result::ZipError::Io(disk_full())),
        ] {
            let line = with_causes(&e);
            assert_eq!(line.matches(&cause).count(), 1, "{line}");
            assert!(line.ends_with(&cause), "the cause reaches the user: {line}");
        }
        let e = IngestError::Io(disk_full());
        let text = format!("{:#}", anyhow::Error::from(e));
        assert_eq!(text, format!("read failed: {cause}"));
        assert_eq!(
            with_causes(&IngestError::Gzip(disk_full())),
            format!("gzip: {cause}")
        );
        assert_eq!(with_causes(&IngestError::Empty), "empty file (0 bytes)");
    }
}
