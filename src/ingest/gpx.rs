//! GPX 1.0 and 1.1, read streaming with `quick-xml` so that the `<extensions>` the `gpx`
//! crate drops (heart rate, cadence, power, temperature) are kept.
//!
//! # Choices
//! - A file is one activity. Each `<trk>` and `<trkseg>` starts a new segment (a pause), so a
//!   watch that splits a run into several tracks still gives one run.
//! - Extensions are matched by local name inside a `<trkpt>`, whatever the namespace prefix:
//!   Garmin TrackPointExtension v1/v2 (`hr`, `cad`, `atemp`, `speed`), Cluetrust `gpxdata`
//!   (`hr`, `cadence`, `temp`), bare `<heartrate>`, `<power>`/`<PowerInWatts>`.
//! - Points without `<time>` keep their geometry; a file with no timed point is untimed
//!   (`start = None`).
//! - Latitudes outside ±90° (OpenTracks' legacy pause markers, lat=100/200) end a segment
//!   and are dropped.
//! - Garmin Connect's summary in the root `<extensions>` (distance, moving and elapsed time,
//!   average HR), as bulk exporters write it, is kept as the device totals.
//! - A GPX with routes or waypoints but no track point is skipped: it is a plan, not a
//!   recording. One with neither but a `<metadata><time>` is a session without samples
//!   (Garmin Connect's treadmill runs): kept with its start, sport and summary totals.
//!   One with no point and no time says nothing and is skipped, with that reason.

use super::xml::{Ev, XmlPull, number, parse_time};
use super::{IngestError, Parsed};
use crate::model::{DeviceTotals, ParsedActivity, SampleRow, Sport};

/// Reads a GPX document.
pub fn parse(bytes: &[u8]) -> Result<Parsed, IngestError> {
    let mut parsed = parse_sparse(bytes)?;
    super::fill_absent(&mut parsed);
    Ok(parsed)
}

/// Reads a GPX document, leaving the channels it has no value of empty
/// ([`crate::model::Samples::push_sparse`]): [`super::parse_owned`] fills them once the
/// document's bytes are freed.
pub(crate) fn parse_sparse(bytes: &[u8]) -> Result<Parsed, IngestError> {
    let mut x = XmlPull::new(bytes, "GPX");
    let mut a = ParsedActivity::new(Sport::Generic);
    let mut creator = None;
    let mut seen_root = false;
    let mut segment: u32 = 0;
    let mut segment_has_points = false;
    let mut pt: Option<SampleRow> = None;
    let mut sport_raw: Option<String> = None;
    let mut totals = DeviceTotals::default();
    let mut routes_or_waypoints = 0usize;
    let mut dropped = 0usize;
    let mut untimed = 0usize;
    let mut meta_time: Option<chrono::DateTime<chrono::Utc>> = None;

    loop {
        let ev = match x.next_event() {
            Ok(Some(ev)) => ev,
            Ok(None) => break,
            Err(e) if a.samples.is_empty() => return Err(e),
            Err(e) => {
                a.warnings.push(format!(
                    "{e}; kept the {} points before it",
                    a.samples.len()
                ));
                break;
            }
        };
        let name = x.name();
        match ev {
            Ev::Start => match name {
                "gpx" if !seen_root => {
                    seen_root = true;
                    creator = x.attr("creator").map(|c| c.trim().to_string());
                }
                "trk" | "trkseg" if segment_has_points => {
                    segment += 1;
                    segment_has_points = false;
                }
                "trkpt" => {
                    let lat = x.attr("lat").as_deref().and_then(number);
                    let lon = x.attr("lon").as_deref().and_then(number);
                    match (lat, lon) {
                        (Some(la), Some(lo)) if la.abs() <= 90.0 && lo.abs() <= 180.0 => {
                            pt = Some(SampleRow {
                                lat: Some(la),
                                lon: Some(lo),
                                segment,
                                ..SampleRow::default()
                            });
                        }
                        _ => {
                            // Out-of-range or missing coordinates: a pause marker or junk.
                            pt = None;
                            dropped += 1;
                            if segment_has_points {
                                segment += 1;
                                segment_has_points = false;
                            }
                        }
                    }
                }
                "rtept" | "wpt" => routes_or_waypoints += 1,
                _ => {}
            },
            Ev::End => {
                let text = x.text();
                if name == "trkpt" {
                    if let Some(p) = pt.take() {
                        if p.t_ms.is_none() {
                            untimed += 1;
                        }
                        a.samples.push_sparse(p);
                        segment_has_points = true;
                    }
                    continue;
                }
                if let Some(p) = pt.as_mut() {
                    // Inside a track point (its direct children or its extensions).
                    match name {
                        "ele" => p.elevation_m = crate::model::elevation(number(text)),
                        "time" if x.ancestor(0) == Some("trkpt") => {
                            p.t_ms = parse_time(text).map(|t| t.timestamp_millis())
                        }
                        "hr" | "heartrate" | "heart_rate" | "HeartRate" => {
                            p.heart_rate_bpm = number(text).filter(|h| *h > 0.0 && *h < 255.0)
                        }
                        "cad" | "cadence" | "RunCadence" => p.cadence_rpm = number(text),
                        "power" | "PowerInWatts" | "Watts" | "watts" => p.power_w = number(text),
                        "atemp" | "temp" | "temperature" | "wtemp" => {
                            p.temperature_c = number(text)
                        }
                        "speed" if x.inside("extensions") => p.speed_m_s = number(text),
                        _ => {}
                    }
                    continue;
                }
                match (name, x.ancestor(0)) {
                    ("name", Some("trk")) if a.name.is_none() && !text.is_empty() => {
                        a.name = Some(text.to_string())
                    }
                    ("name", Some("metadata")) if a.name.is_none() && !text.is_empty() => {
                        a.name = Some(text.to_string())
                    }
                    ("type", Some("trk")) if sport_raw.is_none() && !text.is_empty() => {
                        sport_raw = Some(text.to_string())
                    }
                    ("time", Some("metadata")) => meta_time = parse_time(text),
                    // Garmin Connect summaries in the root <extensions> (bulk exporters).
                    // No distance or time is negative and no heart rate zero: such a
                    // figure is garbage, not a summary.
                    (_, Some("extensions")) if x.depth() == 2 => {
                        let (at_least_0, above_0) = (|x: &f64| *x >= 0.0, |x: &f64| *x > 0.0);
                        match name {
                            "distance" => totals.distance_m = number(text).filter(at_least_0),
                            "moving_time" => totals.timer_time_s = number(text).filter(at_least_0),
                            "elapsed_time" => {
                                totals.elapsed_time_s = number(text).filter(at_least_0)
                            }
                            "average_hr" => totals.avg_hr_bpm = number(text).filter(above_0),
                            "max_hr" => totals.max_hr_bpm = number(text).filter(above_0),
                            _ => {}
                        }
                    }
                    _ => {}
                }
            }
        }
    }

    if !seen_root {
        return Err(IngestError::Invalid {
            format: "GPX",
            message: "no <gpx> root element".to_string(),
        });
    }
    if a.samples.is_empty() {
        if routes_or_waypoints > 0 {
            return Ok(Parsed::Skipped(format!(
                "GPX holds {routes_or_waypoints} route/way points but no track point (a plan, not a recording)"
            )));
        }
        let Some(start) = meta_time else {
            return Ok(Parsed::Skipped(
                "GPX holds no track point and no time (nothing says when it was done)".to_string(),
            ));
        };
        return Ok(Parsed::Activities(vec![without_samples(
            a, start, sport_raw, creator, totals,
        )]));
    }
    if dropped > 0 {
        a.warnings.push(format!(
            "{dropped} track points without valid coordinates dropped (pause markers or junk)"
        ));
    }
    if untimed == a.samples.len() {
        a.warnings
            .push("no track point has a time: geometry kept, activity is untimed".to_string());
    } else if untimed > 0 {
        a.warnings
            .push(format!("{untimed} track points have no time"));
    }
    a.sport = sport_raw
        .as_deref()
        .map(Sport::normalize)
        .unwrap_or(Sport::Generic);
    a.sport_raw = sport_raw;
    a.device.manufacturer = creator;
    a.totals = totals;
    if a.samples.reverse_if_backwards() {
        a.warnings
            .push("track points in reverse time order: read in time order".into());
    }
    a.start = a
        .samples
        .t_ms
        .iter()
        .flatten()
        .next()
        .and_then(|&ms| chrono::DateTime::from_timestamp_millis(ms));
    a.samples.finish_elapsed();
    Ok(Parsed::Activities(vec![a]))
}

/// A session the file dates (`<metadata><time>`) but holds no track point of: Garmin
/// Connect exports a treadmill run, or an outdoor run whose track it lost, as a `<trk>`
/// with a name, a `<type>` and an empty `<trkseg/>`. The session happened, so it is kept
/// (it counts as a run, and ends a break) with its start, sport and whatever totals the
/// root `<extensions>` give; without them its distance and duration are unknown, not zero,
/// and a warning says so.
fn without_samples(
    mut a: ParsedActivity,
    start: chrono::DateTime<chrono::Utc>,
    sport_raw: Option<String>,
    creator: Option<String>,
    totals: DeviceTotals,
) -> ParsedActivity {
    a.sport = sport_raw
        .as_deref()
        .map(Sport::normalize)
        .unwrap_or(Sport::Generic);
    a.sport_raw = sport_raw;
    a.device.manufacturer = creator;
    a.start = Some(start);
    let known: Vec<&str> = [
        totals.distance_m.map(|_| "distance"),
        totals
            .elapsed_time_s
            .or(totals.timer_time_s)
            .map(|_| "duration"),
    ]
    .into_iter()
    .flatten()
    .collect();
    a.warnings.push(if known.is_empty() {
        format!("{NO_TRACK_POINT}; the file gives no distance or duration")
    } else {
        format!(
            "{NO_TRACK_POINT}; {} from the file's summary",
            known.join(" and ")
        )
    });
    a.totals = totals;
    a
}

/// The warning of a GPX session without samples (one with a time but no track point).
pub const NO_TRACK_POINT: &str =
    "no track point: a session without samples, start and sport from the file";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_track_in_reverse_time_order_is_read_in_time_order() {
        let pts: String = (0..20)
            .rev()
            .map(|i| {
                format!(
                    r#"<trkpt lat="{}" lon="14.5"><time>2024-03-01T08:00:{i:02}Z</time></trkpt>"#,
                    46.0 + f64::from(i) * 1e-4
                )
            })
            .collect();
        let a = one(&format!(
            r#"<gpx version="1.1" creator="t"><trk><trkseg>{pts}</trkseg></trk></gpx>"#
        ));
        assert_eq!(
            a.samples.t_ms.first().copied().flatten(),
            Some(1_709_280_000_000)
        );
        assert_eq!(a.samples.elapsed_s.last().copied().flatten(), Some(19.0));
        assert_eq!(a.samples.lat[0], Some(46.0));
        assert!(a.samples.segment.iter().all(|s| *s == 0));
        assert!(
            a.warnings.iter().any(|w| w.contains("reverse time order")),
            "{:?}",
            a.warnings
        );
        assert_eq!(a.start.map(|t| t.timestamp()), Some(1_709_280_000));
    }

    fn one(doc: &str) -> ParsedActivity {
        match parse(doc.as_bytes()).unwrap() {
            Parsed::Activities(mut v) => v.remove(0),
            other => panic!("not an activity: {other:?}"),
        }
    }

    #[test]
    fn extensions_before_metadata_and_any_prefix() {
        let a = one(r#"<?xml version="1.0"?>
<gpx xmlns:x="http://www.garmin.com/xmlschemas/TrackPointExtension/v2" creator="Garmin Connect" version="1.1">
 <extensions><distance>12.5</distance><moving_time>2</moving_time></extensions>
 <metadata><time>2024-03-20T00:08:40.000Z</time></metadata>
 <trk><name>Evening</name><type>running</type><trkseg>
  <trkpt lat="1.0" lon="2.0"><ele>5</ele><time>2024-03-20T00:08:43Z</time>
   <extensions><x:TrackPointExtension><x:hr>104</x:hr><x:cad>91</x:cad></x:TrackPointExtension></extensions></trkpt>
  <trkpt lat="1.0001" lon="2.0"><time>2024-03-20T00:08:44Z</time>
   <extensions><gpxdata:hr>105</gpxdata:hr><power>250</power></extensions></trkpt>
 </trkseg></trk></gpx>"#);
        assert_eq!(a.sport, Sport::Running);
        assert_eq!(a.name.as_deref(), Some("Evening"));
        assert_eq!(a.samples.len(), 2);
        assert_eq!(a.samples.heart_rate_bpm, vec![Some(104.0), Some(105.0)]);
        assert_eq!(a.samples.cadence_rpm, vec![Some(91.0), None]);
        assert_eq!(a.samples.power_w, vec![None, Some(250.0)]);
        assert_eq!(a.samples.elevation_m, vec![Some(5.0), None]);
        assert_eq!(a.totals.distance_m, Some(12.5));
        assert_eq!(a.start.unwrap().to_rfc3339(), "2024-03-20T00:08:43+00:00");
        assert_eq!(a.samples.elapsed_s, vec![Some(0.0), Some(1.0)]);
    }

    #[test]
    fn a_sentinel_elevation_is_no_elevation() {
        // Zepp Life writes -20000 until the first real height.
        let a = one(r#"<gpx><trk><trkseg>
          <trkpt lat="1" lon="1"><ele>-20000.000000</ele><time>2020-04-07T06:00:00Z</time></trkpt>
          <trkpt lat="1" lon="1.0001"><ele>323.0</ele><time>2020-04-07T06:00:01Z</time></trkpt>
          <trkpt lat="1" lon="1.0002"><ele>-12.0</ele><time>2020-04-07T06:00:02Z</time></trkpt>
        </trkseg></trk></gpx>"#);
        assert_eq!(a.samples.elevation_m, vec![None, Some(323.0), Some(-12.0)]);
    }

    #[test]
    fn segments_tracks_and_pause_markers() {
        let a = one(r#"<gpx><trk><trkseg>
          <trkpt lat="1" lon="1"/><trkpt lat="100" lon="1"/><trkpt lat="1" lon="1"/>
        </trkseg><trkseg/><trkseg><trkpt lat="1" lon="1"/></trkseg></trk>
        <trk><trkseg><trkpt lat="1" lon="1"/></trkseg></trk></gpx>"#);
        assert_eq!(a.samples.segment, vec![0, 1, 2, 3]);
        assert!(a.start.is_none());
        assert!(a.warnings.iter().any(|w| w.contains("untimed")));
    }

    #[test]
    fn a_dated_track_without_points_is_a_session_without_samples() {
        // Garmin Connect's export of a treadmill run (gezip 100366721).
        let a = one(r#"<gpx creator="Garmin Connect" version="1.1">
  <metadata><link href="connect.garmin.com"><text>Garmin Connect</text></link>
    <time>2020-07-07T11:20:01.000Z</time></metadata>
  <trk><name>跑步机上跑步</name><type>treadmill_running</type><trkseg/></trk></gpx>"#);
        assert_eq!(a.sport, Sport::Running);
        assert_eq!(a.sport_raw.as_deref(), Some("treadmill_running"));
        assert_eq!(a.start.unwrap().to_rfc3339(), "2020-07-07T11:20:01+00:00");
        assert!(a.samples.is_empty());
        assert_eq!(a.totals, DeviceTotals::default());
        assert!(
            a.warnings[0].starts_with(NO_TRACK_POINT) && a.warnings[0].contains("no distance"),
            "{:?}",
            a.warnings
        );
        // With a bulk exporter's summary, its distance and duration are kept.
        let a = one(
            r#"<gpx><extensions><distance>5000</distance><elapsed_time>1800</elapsed_time></extensions>
  <metadata><time>2020-07-07T11:20:01Z</time></metadata><trk><type>running</type><trkseg/></trk></gpx>"#,
        );
        assert_eq!(a.totals.distance_m, Some(5000.0));
        assert_eq!(a.totals.elapsed_time_s, Some(1800.0));
        assert!(a.warnings[0].contains("distance and duration from the file's summary"));
        // A negative figure is none (the check the fuzz targets make of every reader).
        let a = one(
            r#"<gpx><extensions><distance>-5</distance><elapsed_time>-1</elapsed_time>
  <moving_time>60</moving_time><max_hr>0</max_hr></extensions>
  <metadata><time>2020-07-07T11:20:01Z</time></metadata><trk><trkseg/></trk></gpx>"#,
        );
        assert_eq!(
            (
                a.totals.distance_m,
                a.totals.elapsed_time_s,
                a.totals.max_hr_bpm
            ),
            (None, None, None)
        );
        assert_eq!(a.totals.timer_time_s, Some(60.0));
        // No point and no time: nothing to keep, and the reason says so.
        let r = parse(br#"<gpx><trk><type>running</type><trkseg/></trk></gpx>"#).unwrap();
        assert!(matches!(r, Parsed::Skipped(m) if m.contains("no time")));
    }

    #[test]
    fn routes_only_is_skipped() {
        let r = parse(br#"<gpx><rte><rtept lat="1" lon="2"/></rte></gpx>"#).unwrap();
        assert!(matches!(r, Parsed::Skipped(m) if m.contains("route")));
    }

    #[test]
    fn truncated_keeps_points_before_the_cut() {
        assert!(parse(br#"<gpx><trk><trkseg><trkpt lat="1" lon="2">"#).is_err());
        let a =
            one(r#"<gpx><trk><trkseg><trkpt lat="1" lon="2"></trkpt><trkpt lat="1" lon="2"><ele>"#);
        assert_eq!(a.samples.len(), 1);
        assert!(
            a.warnings.iter().any(|w| w.contains("truncated")),
            "{:?}",
            a.warnings
        );
        assert!(parse(b"<notgpx/>").is_err());
    }
}
