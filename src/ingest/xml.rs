//! Helpers shared by the streaming GPX and TCX readers: a thin pull loop over `quick-xml`
//! that hands out local names (namespace prefixes dropped, since vendors disagree on them),
//! collected text, and byte offsets for error messages; and timestamp parsing.

use std::borrow::Cow;

use chrono::{DateTime, NaiveDateTime, Utc};
use quick_xml::events::{BytesStart, Event};
use quick_xml::reader::Reader;

use super::IngestError;

/// What [`XmlPull::next_event`] met; details through [`XmlPull::name`], [`XmlPull::text`] and
/// [`XmlPull::attr`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ev {
    /// An element opens (also emitted for `<empty/>` elements, followed by `End`).
    Start,
    /// An element closes.
    End,
}

/// A pull reader over an in-memory XML document.
pub struct XmlPull<'b> {
    reader: Reader<&'b [u8]>,
    /// Open element names; `names[..depth]` are open. Entries past `depth` keep their
    /// allocations for reuse (and `names[depth]` is the element that just ended).
    names: Vec<String>,
    depth: usize,
    text: String,
    /// Raw attributes of the element that just started (reused allocation).
    start_attrs: String,
    pending_end: bool,
    clear_text: bool,
    last: Option<Ev>,
    format: &'static str,
}

impl<'b> XmlPull<'b> {
    /// Reader over `bytes` (a UTF-8 BOM is skipped); `format` names the format in errors.
    pub fn new(bytes: &'b [u8], format: &'static str) -> Self {
        let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
        let mut reader = Reader::from_reader(bytes);
        reader.config_mut().trim_text(false);
        XmlPull {
            reader,
            names: Vec::with_capacity(16),
            depth: 0,
            text: String::new(),
            start_attrs: String::new(),
            pending_end: false,
            clear_text: false,
            last: None,
            format,
        }
    }

    /// Local name of the element that just started or ended.
    pub fn name(&self) -> &str {
        let i = match self.last {
            Some(Ev::Start) if self.depth > 0 => self.depth - 1,
            Some(Ev::End) => self.depth,
            _ => return "",
        };
        self.names.get(i).map(String::as_str).unwrap_or("")
    }

    /// Text collected inside the element that just ended (trimmed); empty after a start.
    pub fn text(&self) -> &str {
        match self.last {
            Some(Ev::End) => self.text.trim(),
            _ => "",
        }
    }

    /// Attribute `name` (local name, any prefix) of the element that just started.
    pub fn attr(&self, name: &str) -> Option<Cow<'_, str>> {
        if self.last != Some(Ev::Start) {
            return None;
        }
        // Without duplicate-key checks: those keep a list of keys (an allocation per call),
        // and a duplicated attribute is a writer's bug whose first value is as good as any.
        let mut attrs = quick_xml::events::attributes::Attributes::new(&self.start_attrs, 0);
        attrs.with_checks(false);
        attrs
            .flatten()
            .find_map(|a| (a.key.local_name().as_ref() == name).then_some(a.value))
    }

    /// Byte offset of the reader in the document.
    pub fn position(&self) -> u64 {
        self.reader.buffer_position()
    }

    /// Nesting depth of the element that is open now (root = 1).
    pub fn depth(&self) -> usize {
        self.depth
    }

    /// Local name of the `n`-th enclosing open element (0 = innermost: after a start, the
    /// element itself; after an end, its parent).
    pub fn ancestor(&self, n: usize) -> Option<&str> {
        (n < self.depth).then(|| self.names[self.depth - 1 - n].as_str())
    }

    /// Whether an element named `name` is open anywhere above.
    pub fn inside(&self, name: &str) -> bool {
        self.names[..self.depth].iter().any(|s| s == name)
    }

    fn error(&self, message: String) -> IngestError {
        IngestError::Xml {
            format: self.format,
            offset: self.reader.error_position(),
            message,
        }
    }

    /// The next start or end of an element; `None` at the end of the document.
    pub fn next_event(&mut self) -> Result<Option<Ev>, IngestError> {
        if std::mem::take(&mut self.clear_text) {
            self.text.clear();
        }
        if std::mem::take(&mut self.pending_end) {
            self.depth -= 1;
            self.text.clear();
            self.last = Some(Ev::End);
            return Ok(Some(Ev::End));
        }
        loop {
            // Borrowed from the document: no copy of each event into a buffer.
            let ev = match self.reader.read_event() {
                Ok(ev) => ev,
                Err(e) => return Err(self.error(e.to_string())),
            };
            match ev {
                Event::Start(e) => {
                    open_element(&mut self.names, &mut self.depth, &mut self.start_attrs, &e);
                    self.text.clear();
                    self.last = Some(Ev::Start);
                    return Ok(Some(Ev::Start));
                }
                Event::Empty(e) => {
                    open_element(&mut self.names, &mut self.depth, &mut self.start_attrs, &e);
                    self.pending_end = true;
                    self.text.clear();
                    self.last = Some(Ev::Start);
                    return Ok(Some(Ev::Start));
                }
                Event::End(e) => {
                    let matches =
                        self.depth > 0 && self.names[self.depth - 1] == e.local_name().as_ref();
                    if !matches {
                        let name = e.local_name().as_ref().to_string();
                        return Err(match self.depth {
                            0 => self.error(format!("unexpected </{name}>")),
                            d => {
                                let open = self.names[d - 1].clone();
                                self.error(format!("closing tag </{name}> does not match <{open}>"))
                            }
                        });
                    }
                    self.depth -= 1;
                    self.clear_text = true;
                    self.last = Some(Ev::End);
                    return Ok(Some(Ev::End));
                }
                // Indentation between elements is most of a GPX's text events: leading white
                // space is trimmed anyway, so it is not decoded at all.
                Event::Text(t)
                    if self.text.is_empty() && t.bytes().all(|b| b.is_ascii_whitespace()) => {}
                Event::Text(t) => self.text.push_str(&t.xml10_content()),
                Event::CData(t) => self.text.push_str(&t.xml10_content()),
                Event::GeneralRef(r) => {
                    if let Ok(Some(c)) = r.resolve_char_ref() {
                        self.text.push(c);
                    } else if let Some(s) =
                        quick_xml::escape::resolve_xml_entity(&r.xml10_content())
                    {
                        self.text.push_str(s);
                    }
                    // Entities a DTD would define are not expanded: no entity bombs.
                }
                Event::Eof => {
                    if self.depth > 0 {
                        let open = self.names[self.depth - 1].clone();
                        return Err(
                            self.error(format!("document ends inside <{open}> (truncated file?)"))
                        );
                    }
                    return Ok(None);
                }
                Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) => {}
            }
        }
    }
}

/// Records an opening element, reusing the name slots' allocations.
fn open_element(
    names: &mut Vec<String>,
    depth: &mut usize,
    attrs: &mut String,
    e: &BytesStart<'_>,
) {
    attrs.clear();
    attrs.push_str(e.attributes_raw());
    let name = e.local_name();
    let name: &str = name.as_ref();
    if names.len() > *depth {
        let slot = &mut names[*depth];
        slot.clear();
        slot.push_str(name);
    } else {
        names.push(name.to_string());
    }
    *depth += 1;
}

/// Value of attribute `name` (local name, any prefix).
pub fn attr<'a>(e: &'a BytesStart<'static>, name: &str) -> Option<Cow<'a, str>> {
    e.attributes().flatten().find_map(|a| {
        if a.key.local_name().as_ref() == name {
            Some(a.value)
        } else {
            None
        }
    })
}

/// Parses a number, accepting surrounding white space; non-finite values are `None`.
pub fn number(s: &str) -> Option<f64> {
    s.trim().parse::<f64>().ok().filter(|x| x.is_finite())
}

/// Parses an XML/ISO-8601 timestamp into a UTC instant.
///
/// Accepts RFC 3339 with any offset and any number of fractional digits, and, as real files
/// have them, timestamps without a zone (taken as UTC, which GPX 1.1 prescribes) and with a
/// space instead of `T`.
///
/// ```
/// use rutscope::ingest::xml::parse_time;
/// let t = parse_time("2021-01-07T21:51:59.179+01:15").unwrap();
/// assert_eq!(t.to_rfc3339(), "2021-01-07T20:36:59.179+00:00");
/// assert!(parse_time("2013-01-01T12:00:04").is_some());
/// assert!(parse_time("1901-12-13T20:45:52.2073437Z").is_some());
/// assert!(parse_time("yesterday").is_none());
/// ```
pub fn parse_time(s: &str) -> Option<DateTime<Utc>> {
    let s = s.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(t.with_timezone(&Utc));
    }
    let s2 = s.replacen(' ', "T", 1);
    if let Ok(t) = DateTime::parse_from_rfc3339(&s2) {
        return Some(t.with_timezone(&Utc));
    }
    let naive = s2.trim_end_matches('Z');
    NaiveDateTime::parse_from_str(naive, "%Y-%m-%dT%H:%M:%S%.f")
        .ok()
        .map(|n| n.and_utc())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pulls_names_without_prefixes_and_text_with_entities() {
        let doc = br#"<a:root xmlns:a="x"><b>Tom &amp; Jerry &#65;</b><c k="v"/></a:root>"#;
        let mut p = XmlPull::new(doc, "GPX");
        let mut seen = Vec::new();
        while let Some(ev) = p.next_event().unwrap() {
            match ev {
                Ev::Start => seen.push(format!(
                    "+{}{}",
                    p.name(),
                    p.attr("k").map(|v| format!("[{v}]")).unwrap_or_default()
                )),
                Ev::End => seen.push(format!("-{}:{}", p.name(), p.text())),
            }
        }
        assert_eq!(
            seen,
            ["+root", "+b", "-b:Tom & Jerry A", "+c[v]", "-c:", "-root:"]
        );
    }

    #[test]
    fn truncated_document_is_an_error_with_offset() {
        let mut p = XmlPull::new(b"<gpx><trk><trkseg>", "GPX");
        let err = loop {
            match p.next_event() {
                Ok(Some(_)) => continue,
                Ok(None) => panic!("no error"),
                Err(e) => break e,
            }
        };
        assert!(err.to_string().contains("truncated"), "{err}");
    }

    #[test]
    fn mismatched_tags_are_errors() {
        let mut p = XmlPull::new(b"<a><b></a>", "GPX");
        assert!(p.next_event().is_ok());
        assert!(p.next_event().is_ok());
        assert!(p.next_event().is_err());
    }
}
