//! TCX writer: one `<Activity>`, one `<Lap>` per lap (or one for the whole activity), one
//! `<Track>` per segment within a lap, speed and power in the `TPX` extension.

use std::fmt::Write;

use super::{escape, iso};
use crate::model::{ParsedActivity, Sport};

/// Writes an activity as TCX.
pub fn write(a: &ParsedActivity) -> Vec<u8> {
    let s = &a.samples;
    let mut o = String::with_capacity(s.len() * 300 + 1024);
    o.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    o.push_str("<TrainingCenterDatabase xmlns=\"http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2\" \
                xmlns:ns3=\"http://www.garmin.com/xmlschemas/ActivityExtension/v2\">\n <Activities>\n");
    let sport = match a.sport {
        Sport::Running => "Running",
        Sport::Cycling => "Biking",
        _ => "Other",
    };
    let start_ms = a.start.map(|t| t.timestamp_millis()).unwrap_or(0);
    let _ = writeln!(
        o,
        "  <Activity Sport=\"{sport}\">\n   <Id>{}</Id>",
        iso(start_ms)
    );
    // Lap boundaries by start time; a single lap when there are none.
    let mut laps = a.laps.clone();
    if laps.is_empty() {
        laps.push(crate::model::Lap {
            start_ms: Some(start_ms),
            timer_time_s: a.totals.timer_time_s,
            distance_m: a.totals.distance_m,
            avg_hr_bpm: a.totals.avg_hr_bpm,
            max_hr_bpm: a.totals.max_hr_bpm,
            ..Default::default()
        });
    }
    let mut i = 0;
    for (li, lap) in laps.iter().enumerate() {
        let next_start = laps
            .get(li + 1)
            .and_then(|l| l.start_ms)
            .unwrap_or(i64::MAX);
        let _ = writeln!(
            o,
            "   <Lap StartTime=\"{}\">",
            iso(lap.start_ms.unwrap_or(start_ms))
        );
        if let Some(t) = lap.timer_time_s {
            let _ = writeln!(o, "    <TotalTimeSeconds>{t:.1}</TotalTimeSeconds>");
        }
        if let Some(d) = lap.distance_m {
            let _ = writeln!(o, "    <DistanceMeters>{d:.1}</DistanceMeters>");
        }
        if let Some(h) = lap.avg_hr_bpm {
            let _ = writeln!(
                o,
                "    <AverageHeartRateBpm><Value>{}</Value></AverageHeartRateBpm>",
                h.round()
            );
        }
        if let Some(h) = lap.max_hr_bpm {
            let _ = writeln!(
                o,
                "    <MaximumHeartRateBpm><Value>{}</Value></MaximumHeartRateBpm>",
                h.round()
            );
        }
        o.push_str("    <Intensity>Active</Intensity><TriggerMethod>Manual</TriggerMethod>\n");
        let mut seg = None;
        while i < s.len() && s.t_ms[i].is_none_or(|t| t < next_start) {
            if seg != Some(s.segment[i]) {
                if seg.is_some() {
                    o.push_str("    </Track>\n");
                }
                o.push_str("    <Track>\n");
                seg = Some(s.segment[i]);
            }
            o.push_str("     <Trackpoint>");
            if let Some(t) = s.t_ms[i] {
                let _ = write!(o, "<Time>{}</Time>", iso(t));
            }
            if let (Some(la), Some(lo)) = (s.lat[i], s.lon[i]) {
                let _ = write!(
                    o,
                    "<Position><LatitudeDegrees>{la:.7}</LatitudeDegrees><LongitudeDegrees>{lo:.7}</LongitudeDegrees></Position>"
                );
            }
            if let Some(e) = s.elevation_m[i] {
                let _ = write!(o, "<AltitudeMeters>{e:.1}</AltitudeMeters>");
            }
            if let Some(d) = s.distance_m[i] {
                let _ = write!(o, "<DistanceMeters>{d:.2}</DistanceMeters>");
            }
            if let Some(h) = s.heart_rate_bpm[i] {
                let _ = write!(
                    o,
                    "<HeartRateBpm><Value>{}</Value></HeartRateBpm>",
                    h.round()
                );
            }
            let run = a.sport == Sport::Running;
            if let (Some(c), false) = (s.cadence_rpm[i], run) {
                let _ = write!(o, "<Cadence>{}</Cadence>", c.round());
            }
            if s.speed_m_s[i].is_some()
                || s.power_w[i].is_some()
                || (run && s.cadence_rpm[i].is_some())
            {
                o.push_str("<Extensions><ns3:TPX>");
                if let Some(v) = s.speed_m_s[i] {
                    let _ = write!(o, "<ns3:Speed>{v:.3}</ns3:Speed>");
                }
                if let (Some(c), true) = (s.cadence_rpm[i], run) {
                    let _ = write!(o, "<ns3:RunCadence>{}</ns3:RunCadence>", c.round());
                }
                if let Some(p) = s.power_w[i] {
                    let _ = write!(o, "<ns3:Watts>{}</ns3:Watts>", p.round());
                }
                o.push_str("</ns3:TPX></Extensions>");
            }
            o.push_str("</Trackpoint>\n");
            i += 1;
        }
        if seg.is_some() {
            o.push_str("    </Track>\n");
        }
        o.push_str("   </Lap>\n");
    }
    if let Some(p) = &a.device.product {
        let _ = writeln!(o, "   <Creator><Name>{}</Name></Creator>", escape(p));
    }
    o.push_str("  </Activity>\n </Activities>\n</TrainingCenterDatabase>\n");
    o.into_bytes()
}
