//! GPX 1.1 writer with Garmin TrackPointExtension v2 (heart rate, cadence, temperature,
//! speed) and a `<power>` extension, one `<trkseg>` per segment.

use std::fmt::Write;

use super::{escape, iso};
use crate::model::ParsedActivity;

/// Writes an activity as GPX 1.1.
pub fn write(a: &ParsedActivity) -> Vec<u8> {
    let mut o = String::with_capacity(a.samples.len() * 220 + 1024);
    o.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    o.push_str(
        "<gpx version=\"1.1\" creator=\"rutscope\" xmlns=\"http://www.topografix.com/GPX/1/1\" \
                xmlns:gpxtpx=\"http://www.garmin.com/xmlschemas/TrackPointExtension/v2\">\n",
    );
    if let Some(t) = a.start {
        let _ = writeln!(
            o,
            " <metadata><time>{}</time></metadata>",
            iso(t.timestamp_millis())
        );
    }
    o.push_str(" <trk>\n");
    if let Some(n) = &a.name {
        let _ = writeln!(o, "  <name>{}</name>", escape(n));
    }
    let _ = writeln!(
        o,
        "  <type>{}</type>",
        escape(a.sport_raw.as_deref().unwrap_or(a.sport.as_str()))
    );
    let s = &a.samples;
    let mut seg = None;
    for i in 0..s.len() {
        let (Some(lat), Some(lon)) = (s.lat[i], s.lon[i]) else {
            continue;
        };
        if seg != Some(s.segment[i]) {
            if seg.is_some() {
                o.push_str("  </trkseg>\n");
            }
            o.push_str("  <trkseg>\n");
            seg = Some(s.segment[i]);
        }
        let _ = write!(o, "   <trkpt lat=\"{lat:.7}\" lon=\"{lon:.7}\">");
        if let Some(e) = s.elevation_m[i] {
            let _ = write!(o, "<ele>{e:.1}</ele>");
        }
        if let Some(t) = s.t_ms[i] {
            let _ = write!(o, "<time>{}</time>", iso(t));
        }
        let ext = [
            ("gpxtpx:atemp", s.temperature_c[i]),
            ("gpxtpx:hr", s.heart_rate_bpm[i]),
            ("gpxtpx:cad", s.cadence_rpm[i]),
            ("gpxtpx:speed", s.speed_m_s[i]),
        ];
        if ext.iter().any(|(_, v)| v.is_some()) || s.power_w[i].is_some() {
            o.push_str("<extensions>");
            if let Some(p) = s.power_w[i] {
                let _ = write!(o, "<power>{}</power>", p.round());
            }
            if ext.iter().any(|(_, v)| v.is_some()) {
                o.push_str("<gpxtpx:TrackPointExtension>");
                for (tag, v) in ext {
                    if let Some(v) = v {
                        if tag.ends_with("speed") {
                            let _ = write!(o, "<{tag}>{v:.3}</{tag}>");
                        } else {
                            let _ = write!(o, "<{tag}>{}</{tag}>", v.round());
                        }
                    }
                }
                o.push_str("</gpxtpx:TrackPointExtension>");
            }
            o.push_str("</extensions>");
        }
        o.push_str("</trkpt>\n");
    }
    if seg.is_some() {
        o.push_str("  </trkseg>\n");
    }
    o.push_str(" </trk>\n</gpx>\n");
    o.into_bytes()
}
