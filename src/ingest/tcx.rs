//! TCX (Garmin Training Center XML), read streaming with `quick-xml`.
//!
//! # Choices
//! - Every `<Activity>` is one activity (multi-activity files give several); `<Courses>` are
//!   plans, not recordings, and a file holding only courses is skipped.
//! - Device totals are the sums over laps (distance, timer time, calories), the
//!   time-weighted mean of the laps' average heart rates and the largest lap maximum.
//! - Garmin writes one `<Track>` per lap and a new one after a pause; a new `<Track>` starts
//!   a new segment only when it begins more than [`TRACK_PAUSE_GAP_S`] after the previous
//!   point, so lap boundaries are not counted as pauses.
//! - Speed, power and run cadence come from the `TPX` extension, whatever its prefix.

use super::xml::{Ev, XmlPull, number, parse_time};
use super::{IngestError, Parsed};
use crate::model::{Lap, ParsedActivity, SampleRow, Sport};

/// A gap longer than this between two `<Track>`s is a pause. Devices record at least every
/// few seconds while moving; 10 s covers smart recording without hiding a stop at a light.
pub const TRACK_PAUSE_GAP_S: f64 = 10.0;

/// Reads a TCX document.
pub fn parse(bytes: &[u8]) -> Result<Parsed, IngestError> {
    let mut parsed = parse_sparse(bytes)?;
    super::fill_absent(&mut parsed);
    Ok(parsed)
}

/// Reads a TCX document, leaving the channels it has no value of empty
/// ([`crate::model::Samples::push_sparse`]): [`super::parse_owned`] fills them once the
/// document's bytes are freed.
pub(crate) fn parse_sparse(bytes: &[u8]) -> Result<Parsed, IngestError> {
    let mut x = XmlPull::new(bytes, "TCX");
    let mut out: Vec<ParsedActivity> = Vec::new();
    let mut cur: Option<Builder> = None;
    let mut courses = 0usize;
    let mut seen_root = false;
    let mut author: Option<String> = None;
    let mut truncated: Option<String> = None;

    loop {
        let ev = match x.next_event() {
            Ok(Some(ev)) => ev,
            Ok(None) => break,
            Err(e) => {
                let kept = cur.as_ref().map(|b| b.a.samples.len()).unwrap_or(0)
                    + out.iter().map(|a| a.samples.len()).sum::<usize>();
                if kept == 0 {
                    return Err(e);
                }
                truncated = Some(format!("{e}; kept the {kept} points before it"));
                break;
            }
        };
        let name = x.name();
        match ev {
            Ev::Start => match name {
                "TrainingCenterDatabase" => seen_root = true,
                "Activity" if x.ancestor(1) == Some("Activities") => {
                    let sport_raw = x.attr("Sport").map(|s| s.to_string());
                    cur = Some(Builder::new(sport_raw));
                }
                "Course" => courses += 1,
                "Lap" => {
                    if let Some(b) = cur.as_mut() {
                        let start = x
                            .attr("StartTime")
                            .and_then(|s| parse_time(&s))
                            .map(|t| t.timestamp_millis());
                        b.laps.push(Lap {
                            start_ms: start,
                            ..Lap::default()
                        });
                    }
                }
                "Track" => {
                    if let Some(b) = cur.as_mut() {
                        b.track += 1;
                    }
                }
                "Trackpoint" => {
                    if let Some(b) = cur.as_mut() {
                        b.pt = Some(SampleRow::default());
                    }
                }
                _ => {}
            },
            Ev::End => {
                let text = x.text();
                if name == "Author" && x.ancestor(0) == Some("TrainingCenterDatabase") {
                    continue;
                }
                if name == "Name" && x.ancestor(0) == Some("Author") && author.is_none() {
                    author = Some(text.to_string());
                    continue;
                }
                let Some(b) = cur.as_mut() else { continue };
                if name == "Activity" {
                    if let Some(done) = cur.take() {
                        out.push(done.finish());
                    }
                    continue;
                }
                if name == "Trackpoint" {
                    if let Some(p) = b.pt.take() {
                        b.a.samples.push_sparse(p);
                        b.point_track.push(b.track);
                    }
                    continue;
                }
                let parent = x.ancestor(0);
                if let Some(p) = b.pt.as_mut() {
                    match (name, parent) {
                        ("Time", Some("Trackpoint")) => {
                            p.t_ms = parse_time(text).map(|t| t.timestamp_millis())
                        }
                        ("LatitudeDegrees", _) => p.lat = number(text).filter(|v| v.abs() <= 90.0),
                        ("LongitudeDegrees", _) => {
                            p.lon = number(text).filter(|v| v.abs() <= 180.0)
                        }
                        ("AltitudeMeters", _) => {
                            p.elevation_m = crate::model::elevation(number(text))
                        }
                        ("DistanceMeters", Some("Trackpoint")) => p.distance_m = number(text),
                        ("Value", Some("HeartRateBpm")) => {
                            p.heart_rate_bpm = number(text).filter(|h| *h > 0.0 && *h < 255.0)
                        }
                        ("Cadence", Some("Trackpoint")) | ("RunCadence", _) => {
                            p.cadence_rpm = number(text)
                        }
                        ("Speed", _) => p.speed_m_s = number(text),
                        ("Watts", _) => p.power_w = number(text),
                        _ => {}
                    }
                    continue;
                }
                if let (Some(lap), Some("Lap")) = (b.laps.last_mut(), parent) {
                    match name {
                        // No time or distance is negative: such a figure is garbage.
                        "TotalTimeSeconds" => lap.timer_time_s = number(text).filter(|&x| x >= 0.0),
                        "DistanceMeters" => lap.distance_m = number(text).filter(|&x| x >= 0.0),
                        "Calories" => b.lap_calories.push(number(text).unwrap_or(0.0)),
                        "Intensity" => lap.intensity = Some(text.to_ascii_lowercase()),
                        "TriggerMethod" => lap.trigger = Some(text.to_ascii_lowercase()),
                        _ => {}
                    }
                    continue;
                }
                match (name, parent) {
                    ("Value", Some("AverageHeartRateBpm")) => {
                        if let Some(l) = b.laps.last_mut() {
                            l.avg_hr_bpm = number(text)
                        }
                    }
                    ("Value", Some("MaximumHeartRateBpm")) => {
                        if let Some(l) = b.laps.last_mut() {
                            l.max_hr_bpm = number(text)
                        }
                    }
                    ("AvgSpeed", _) => {
                        if let Some(l) = b.laps.last_mut() {
                            l.avg_speed_m_s = number(text)
                        }
                    }
                    ("Name", Some("Creator")) => b.a.device.product = Some(text.to_string()),
                    ("Notes", Some("Activity")) if !text.is_empty() => {
                        b.a.name = Some(text.to_string())
                    }
                    _ => {}
                }
            }
        }
    }
    if let Some(b) = cur.take() {
        out.push(b.finish());
    }
    if !seen_root {
        return Err(IngestError::Invalid {
            format: "TCX",
            message: "no <TrainingCenterDatabase> root element".to_string(),
        });
    }
    out.retain(|a| !a.samples.is_empty() || !a.laps.is_empty());
    if out.is_empty() {
        return Ok(Parsed::Skipped(if courses > 0 {
            format!("TCX holds {courses} course(s) but no activity (a plan, not a recording)")
        } else {
            "TCX holds no activity with data".to_string()
        }));
    }
    for a in &mut out {
        if a.device.manufacturer.is_none() {
            a.device.manufacturer = author.clone();
        }
        if let Some(t) = &truncated {
            a.warnings.push(t.clone());
        }
    }
    Ok(Parsed::Activities(out))
}

struct Builder {
    a: ParsedActivity,
    laps: Vec<Lap>,
    lap_calories: Vec<f64>,
    pt: Option<SampleRow>,
    track: u32,
    point_track: Vec<u32>,
}

impl Builder {
    fn new(sport_raw: Option<String>) -> Self {
        let sport = sport_raw
            .as_deref()
            .map(Sport::normalize)
            .unwrap_or(Sport::Generic);
        let mut a = ParsedActivity::new(sport);
        a.sport_raw = sport_raw;
        Builder {
            a,
            laps: Vec::new(),
            lap_calories: Vec::new(),
            pt: None,
            track: 0,
            point_track: Vec::new(),
        }
    }

    fn finish(mut self) -> ParsedActivity {
        let mut a = self.a;
        // Segments: a new <Track> after a real gap.
        let mut seg = 0u32;
        for i in 0..a.samples.len() {
            if i > 0 && self.point_track[i] != self.point_track[i - 1] {
                let gap = match (a.samples.t_ms[i], a.samples.t_ms[i - 1]) {
                    (Some(b), Some(p)) => (b - p) as f64 / 1000.0,
                    _ => f64::INFINITY,
                };
                if gap > TRACK_PAUSE_GAP_S {
                    seg += 1;
                }
            }
            a.samples.segment[i] = seg;
        }
        a.start = self
            .laps
            .iter()
            .find_map(|l| l.start_ms)
            .or_else(|| a.samples.t_ms.iter().flatten().next().copied())
            .and_then(chrono::DateTime::from_timestamp_millis);
        // Lap elapsed time = distance between consecutive lap starts (TCX only gives timer
        // time); the last lap ends at the last point: the latest, as points out of time
        // order (a few steps back) stay in file order.
        let last_t = a.samples.t_ms.iter().flatten().max().copied();
        for i in 0..self.laps.len() {
            let end = self.laps.get(i + 1).and_then(|l| l.start_ms).or(last_t);
            if let (Some(s), Some(e)) = (self.laps[i].start_ms, end) {
                self.laps[i].elapsed_time_s = Some(((e - s) as f64 / 1000.0).max(0.0));
            }
        }
        let t = &mut a.totals;
        // Each lap's figure is finite; a sum of huge ones need not be, and then says nothing.
        let total = |v: &[f64]| -> Option<f64> {
            Some(v.iter().sum()).filter(|x: &f64| !v.is_empty() && x.is_finite())
        };
        let sum = |f: fn(&Lap) -> Option<f64>| -> Option<f64> {
            total(&self.laps.iter().filter_map(f).collect::<Vec<f64>>())
        };
        t.distance_m = sum(|l| l.distance_m);
        t.timer_time_s = sum(|l| l.timer_time_s);
        t.calories_kcal = total(&self.lap_calories);
        t.max_hr_bpm = self
            .laps
            .iter()
            .filter_map(|l| l.max_hr_bpm)
            .fold(None, |m: Option<f64>, x| Some(m.map_or(x, |m| m.max(x))));
        let (w, s) = self.laps.iter().fold((0.0, 0.0), |(w, s), l| {
            match (l.avg_hr_bpm, l.timer_time_s) {
                (Some(h), Some(d)) if d > 0.0 => (w + d, s + h * d),
                _ => (w, s),
            }
        });
        t.avg_hr_bpm = (w > 0.0).then(|| s / w);
        // A lap that starts after the last point (its clock set later) leaves the span
        // unknown rather than negative.
        if let (Some(s), Some(e)) = (a.start, last_t) {
            t.elapsed_time_s =
                Some((e - s.timestamp_millis()) as f64 / 1000.0).filter(|&x| x >= 0.0);
        }
        a.laps = self.laps;
        a.samples.finish_elapsed();
        a
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2" xmlns:ns3="http://www.garmin.com/xmlschemas/ActivityExtension/v2">
 <Activities><Activity Sport="Running"><Id>2019-06-15T09:42:23.000Z</Id>
  <Lap StartTime="2019-06-15T09:42:23.000Z"><TotalTimeSeconds>2.0</TotalTimeSeconds><DistanceMeters>5.0</DistanceMeters>
   <AverageHeartRateBpm><Value>120</Value></AverageHeartRateBpm><MaximumHeartRateBpm><Value>130</Value></MaximumHeartRateBpm>
   <Calories>1</Calories><Intensity>Active</Intensity><TriggerMethod>Manual</TriggerMethod>
   <Track>
    <Trackpoint><Time>2019-06-15T09:42:23.000Z</Time><Position><LatitudeDegrees>41.1</LatitudeDegrees><LongitudeDegrees>-74.1</LongitudeDegrees></Position>
     <AltitudeMeters>100.5</AltitudeMeters><DistanceMeters>0.0</DistanceMeters><HeartRateBpm><Value>118</Value></HeartRateBpm>
     <Extensions><ns3:TPX><ns3:Speed>2.5</ns3:Speed><ns3:RunCadence>80</ns3:RunCadence></ns3:TPX></Extensions></Trackpoint>
    <Trackpoint><Time>2019-06-15T09:42:25.000Z</Time><DistanceMeters>5.0</DistanceMeters><HeartRateBpm><Value>122</Value></HeartRateBpm></Trackpoint>
   </Track>
   <Track><Trackpoint><Time>2019-06-15T09:43:25.000Z</Time><DistanceMeters>6.0</DistanceMeters></Trackpoint></Track>
  </Lap>
  <Creator><Name>Forerunner 945</Name></Creator>
 </Activity></Activities>
 <Author><Name>Connect Api</Name></Author>
</TrainingCenterDatabase>"#;

    #[test]
    fn reads_points_laps_and_extensions() {
        let Parsed::Activities(v) = parse(DOC.as_bytes()).unwrap() else {
            panic!()
        };
        let a = &v[0];
        assert_eq!(a.sport, Sport::Running);
        assert_eq!(a.samples.len(), 3);
        assert_eq!(
            a.samples.heart_rate_bpm,
            vec![Some(118.0), Some(122.0), None]
        );
        assert_eq!(a.samples.speed_m_s[0], Some(2.5));
        assert_eq!(a.samples.cadence_rpm[0], Some(80.0));
        assert_eq!(a.samples.lat[1], None);
        assert_eq!(a.samples.segment, vec![0, 0, 1]);
        assert_eq!(a.laps.len(), 1);
        assert_eq!(a.laps[0].avg_hr_bpm, Some(120.0));
        assert_eq!(a.laps[0].trigger.as_deref(), Some("manual"));
        assert_eq!(a.totals.distance_m, Some(5.0));
        assert_eq!(a.totals.elapsed_time_s, Some(62.0));
        assert_eq!(a.device.product.as_deref(), Some("Forerunner 945"));
        assert_eq!(a.device.manufacturer.as_deref(), Some("Connect Api"));
    }

    #[test]
    fn courses_only_is_skipped() {
        let doc = r#"<TrainingCenterDatabase><Courses><Course><Name>x</Name></Course></Courses></TrainingCenterDatabase>"#;
        assert!(
            matches!(parse(doc.as_bytes()).unwrap(), Parsed::Skipped(r) if r.contains("course"))
        );
    }

    /// Found by the `tcx` fuzz target (minimised): a lap starting after the activity's last
    /// point gave a negative elapsed time (here: lap in year 20, point in year 6).
    #[test]
    fn a_lap_starting_after_the_last_point_leaves_elapsed_unknown() {
        let doc = "<TrainingCenterDatabase\n><Activities>\n<Activity  > \
                   <Lap StartTime=\"20-12-2T19:5:2.0\"> \
                   <Trackpoint><Time>6-02-3T17:37:1</Time></Trackpoint>\n \n";
        let Parsed::Activities(v) = parse(doc.as_bytes()).unwrap() else {
            panic!()
        };
        assert_eq!(v[0].samples.len(), 1);
        assert_eq!(v[0].totals.elapsed_time_s, None);
    }

    #[test]
    fn negative_or_overflowing_lap_figures_are_no_totals() {
        let lap = |secs: &str, m: &str, kcal: &str| {
            format!(
                "<Lap StartTime=\"2019-06-15T09:42:23Z\"><TotalTimeSeconds>{secs}</TotalTimeSeconds>\
                 <DistanceMeters>{m}</DistanceMeters><Calories>{kcal}</Calories><Track><Trackpoint>\
                 <Time>2019-06-15T09:42:23Z</Time></Trackpoint></Track></Lap>"
            )
        };
        let doc = format!(
            "<TrainingCenterDatabase><Activities><Activity Sport=\"Running\">{}{}\
             </Activity></Activities></TrainingCenterDatabase>",
            lap("-5", "1e308", "1e308"),
            lap("60", "1e308", "1e308")
        );
        let Parsed::Activities(v) = parse(doc.as_bytes()).unwrap() else {
            panic!()
        };
        let t = &v[0].totals;
        assert_eq!(
            t.timer_time_s,
            Some(60.0),
            "the negative lap time is left out"
        );
        assert_eq!((t.distance_m, t.calories_kcal), (None, None));
    }
}
