//! Format inference, in one place: leading bytes first, the file name second.

use std::fmt;

/// What a byte stream is, as far as rutscope cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// A FIT file (possibly several chained).
    Fit,
    /// GPX XML.
    Gpx,
    /// TCX XML.
    Tcx,
    /// A gzip stream (Strava's `*.fit.gz`, `*.gpx.gz`).
    Gzip,
    /// A zip archive (Garmin's and Strava's account exports).
    Zip,
    /// Strava's `activities.csv` side file.
    StravaCsv,
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Format::Fit => "FIT",
            Format::Gpx => "GPX",
            Format::Tcx => "TCX",
            Format::Gzip => "gzip",
            Format::Zip => "zip",
            Format::StravaCsv => "activities.csv",
        })
    }
}

/// How many leading bytes of an XML document are searched for its root element.
const XML_SNIFF_BYTES: usize = 4096;

impl Format {
    /// Infers the format of `bytes` named `name` (only the file name part matters).
    ///
    /// Content wins over the name: a FIT file called `.gpx` is FIT. The name decides only
    /// when the content says nothing (e.g. an XML file whose root is neither `gpx` nor
    /// `TrainingCenterDatabase` within the first 4 KiB). Returns `None` for anything else.
    ///
    /// ```
    /// use rutscope::ingest::format::Format;
    /// let fit_header = [14u8, 0x10, 0, 0, 0, 0, 0, 0, b'.', b'F', b'I', b'T', 0, 0];
    /// assert_eq!(Format::infer("run.gpx", &fit_header), Some(Format::Fit));
    /// assert_eq!(Format::infer("a.xml", b"<?xml version=\"1.0\"?><gpx version=\"1.1\">"), Some(Format::Gpx));
    /// assert_eq!(Format::infer("x", b"<TrainingCenterDatabase>"), Some(Format::Tcx));
    /// assert_eq!(Format::infer("run.fit.gz", &[0x1f, 0x8b, 8, 0]), Some(Format::Gzip));
    /// assert_eq!(Format::infer("export.zip", b"PK\x03\x04rest"), Some(Format::Zip));
    /// assert_eq!(Format::infer("notes.txt", b"hello"), None);
    /// ```
    pub fn infer(name: &str, bytes: &[u8]) -> Option<Format> {
        if let Some(f) = Self::from_content(bytes) {
            return Some(f);
        }
        Self::from_name(name).filter(|f| match f {
            // A name alone never makes a binary container or a FIT file: its magic bytes
            // are missing, so it would only fail later with a worse message.
            Format::Gzip | Format::Zip | Format::Fit => false,
            Format::StravaCsv => true,
            Format::Gpx | Format::Tcx => looks_like_xml(bytes),
        })
    }

    /// Format from magic bytes alone.
    pub fn from_content(bytes: &[u8]) -> Option<Format> {
        if bytes.len() >= 12 && &bytes[8..12] == b".FIT" && (bytes[0] == 12 || bytes[0] == 14) {
            return Some(Format::Fit);
        }
        if bytes.starts_with(&[0x1f, 0x8b]) {
            return Some(Format::Gzip);
        }
        if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
            return Some(Format::Zip);
        }
        if looks_like_xml(bytes) {
            let head = &bytes[..bytes.len().min(XML_SNIFF_BYTES)];
            let head = String::from_utf8_lossy(head);
            if head.contains("<TrainingCenterDatabase") || head.contains(":TrainingCenterDatabase")
            {
                return Some(Format::Tcx);
            }
            if head.contains("<gpx") || head.contains(":gpx") {
                return Some(Format::Gpx);
            }
        }
        None
    }

    /// Format from the file name's extension(s), case-insensitively.
    pub fn from_name(name: &str) -> Option<Format> {
        let base = name
            .rsplit(['/', '\\', '!'])
            .next()
            .unwrap_or(name)
            .to_ascii_lowercase();
        if base == "activities.csv" {
            return Some(Format::StravaCsv);
        }
        let ext = base.rsplit_once('.').map(|(_, e)| e)?;
        match ext {
            "fit" => Some(Format::Fit),
            "gpx" => Some(Format::Gpx),
            "tcx" => Some(Format::Tcx),
            "gz" => Some(Format::Gzip),
            "zip" => Some(Format::Zip),
            _ => None,
        }
    }
}

/// Whether the bytes start (after an optional UTF-8 BOM and white space) with `<`.
fn looks_like_xml(bytes: &[u8]) -> bool {
    let b = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    b.iter().find(|c| !c.is_ascii_whitespace()) == Some(&b'<')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_and_whitespace_before_xml() {
        let mut b = vec![0xEF, 0xBB, 0xBF, b'\n'];
        b.extend_from_slice(b"<gpx></gpx>");
        assert_eq!(Format::infer("x.dat", &b), Some(Format::Gpx));
    }

    #[test]
    fn name_decides_for_unknown_xml_only() {
        assert_eq!(Format::infer("a.gpx", b"<foo/>"), Some(Format::Gpx));
        assert_eq!(Format::infer("a.gpx", b"not xml"), None);
        assert_eq!(Format::infer("a.fit", b"garbage bytes here"), None);
        assert_eq!(Format::infer("a.FIT", b""), None);
        assert_eq!(
            Format::infer("dir/activities.csv", b"Activity ID,"),
            Some(Format::StravaCsv)
        );
    }

    #[test]
    fn twelve_byte_fit_header() {
        let h = [12u8, 0x10, 0, 0, 0, 0, 0, 0, b'.', b'F', b'I', b'T'];
        assert_eq!(Format::from_content(&h), Some(Format::Fit));
    }
}
