//! The JSON files of a Garmin Connect account export ("export your data", the
//! `DI_CONNECT/` tree): summarized activities, sleep and daily summaries.
//!
//! Garmin documents none of them; what is read was checked against a real export and its
//! FIT files (`corpus/exports/garmin-account-export`):
//! - `DI-Connect-Fitness/*_summarizedActivities.json`: `[{"summarizedActivitiesExport":
//!   [...]}]`. Instants are milliseconds since the epoch (`startTimeGmt`, with
//!   `startTimeLocal` the same clock reading in local time), durations milliseconds
//!   (`duration` is the timer time, `elapsedDuration`, `movingDuration`), distances and
//!   elevation **centimetres** (`distance`, `elevationGain`). How the run felt is
//!   `workoutFeel` (0–100) and `workoutRpe` (×10) in newer exports, `directWorkoutFeel` and
//!   `directWorkoutRpe` in older ones: both are accepted.
//! - `DI-Connect-Wellness/*_sleepData.json`: one entry per night, keyed by `calendarDate`
//!   (the day the night ends), with the sleep window (`sleepStartTimestampGMT`,
//!   `sleepEndTimestampGMT`) and, where the watch measured them, stage seconds (`deep`,
//!   `light`, `rem`, `awake`); a score under `sleepScores` in newer exports.
//! - `DI-Connect-Aggregator/UDSFile_*.json`: one entry per day (`calendarDate`) with
//!   `restingHeartRate`, and where the watch supports them `allDayStress`
//!   (`aggregatorList`, type `TOTAL`, `averageStressLevel`) and `bodyBattery`
//!   (`bodyBatteryStatList`, type `HIGHEST`, `statsValue`).
//!
//! Unknown shapes are errors naming what is missing; single entries that cannot be read
//! are left out with a warning (activities) or skipped (days without a date).

use chrono::{NaiveDate, NaiveDateTime, TimeZone, Utc};
use serde_json::Value;

use super::{IngestError, Summaries};
use crate::model::{
    ExportMeta, ParsedActivity, Sport, SummaryActivity, WellnessDay, WellnessSource,
};

/// Centimetres per metre: Garmin's export gives distances and elevation in centimetres.
const CM_PER_M: f64 = 100.0;
/// Milliseconds per second: its durations are milliseconds.
const MS_PER_S: f64 = 1000.0;
/// Garmin stores perceived exertion ×10 (60 is "6 of 10").
const RPE_SCALE: f64 = 10.0;
/// UTC offsets beyond this are garbage (the widest real zones are +14 h / −12 h).
const MAX_OFFSET_S: i64 = 18 * 3600;

fn invalid(what: &str, message: String) -> IngestError {
    IngestError::Invalid {
        format: match what {
            "summary" => "Garmin summarizedActivities.json",
            "sleep" => "Garmin sleepData.json",
            _ => "Garmin UDSFile.json",
        },
        message,
    }
}

fn parse_json(what: &str, bytes: &[u8]) -> Result<Value, IngestError> {
    serde_json::from_slice(bytes).map_err(|e| invalid(what, format!("not JSON: {e}")))
}

/// A finite number at `key`, also when written as a string.
fn num(o: &Value, key: &str) -> Option<f64> {
    match o.get(key)? {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
    .filter(|x: &f64| x.is_finite())
}

/// The first key of `keys` holding a number.
fn num_any(o: &Value, keys: &[&str]) -> Option<f64> {
    keys.iter().find_map(|k| num(o, k))
}

fn text(o: &Value, key: &str) -> Option<String> {
    o.get(key)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

fn date(o: &Value) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text(o, "calendarDate")?.get(..10)?, "%Y-%m-%d").ok()
}

/// An array of entries: the value itself, or the array under the first of `keys` in it
/// or in the objects of a top-level array (Garmin wraps some files as `[{"key": [...]}]`).
fn entries<'a>(v: &'a Value, keys: &[&str]) -> Option<Vec<&'a Value>> {
    let inner = |o: &'a Value| keys.iter().find_map(|k| o.get(*k)?.as_array());
    if let Some(a) = inner(v) {
        return Some(a.iter().collect());
    }
    let top = v.as_array()?;
    let wrapped: Vec<&Value> = top.iter().filter_map(inner).flatten().collect();
    if !wrapped.is_empty() || top.iter().any(|o| inner(o).is_some()) {
        return Some(wrapped);
    }
    Some(top.iter().collect())
}

/// Reads `*_summarizedActivities.json` into summaries.
///
/// # Errors
/// [`IngestError::Invalid`] when the file is not JSON or holds no list of activities.
pub fn parse_summarized_activities(bytes: &[u8]) -> Result<Summaries, IngestError> {
    let v = parse_json("summary", bytes)?;
    let list = entries(&v, &["summarizedActivitiesExport"])
        .ok_or_else(|| invalid("summary", "no list of activities".into()))?;
    let mut out = Summaries::default();
    for (i, o) in list.into_iter().enumerate() {
        // An id keys the activity (`garmin:<id>`): a blank one would merge every such entry.
        let Some(id) = o.get("activityId").and_then(|x| match x {
            Value::Number(n) => Some(n.to_string()),
            Value::String(s) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
            _ => None,
        }) else {
            out.warnings.push(format!("entry {i}: no activityId"));
            continue;
        };
        let Some(start_ms) = num_any(o, &["startTimeGmt", "beginTimestamp"]) else {
            out.warnings
                .push(format!("entry {i} (activity {id}): no start time"));
            continue;
        };
        let Some(start) = Utc.timestamp_millis_opt(start_ms.round() as i64).single() else {
            out.warnings.push(format!(
                "entry {i} (activity {id}): start {start_ms} out of range"
            ));
            continue;
        };
        let kind = text(o, "activityType")
            .or_else(|| o.get("activityType").and_then(|t| text(t, "typeKey")));
        let mut a = ParsedActivity::new(kind.as_deref().map_or(Sport::Generic, Sport::normalize));
        a.sub_sport = kind.as_deref().and_then(|k| {
            ["treadmill", "trail", "track", "indoor"]
                .into_iter()
                .find(|s| k.contains(s))
                .map(str::to_string)
        });
        a.sport_raw = kind;
        a.name = text(o, "name");
        a.start = Some(start);
        a.utc_offset_s = num(o, "startTimeLocal")
            .map(|l| ((l - start_ms) / MS_PER_S).round() as i64)
            .filter(|off| off.abs() <= MAX_OFFSET_S)
            .map(|off| off as i32);
        let secs = |k: &str| num(o, k).map(|x| x / MS_PER_S).filter(|&x| x >= 0.0);
        a.totals.timer_time_s = secs("duration").or_else(|| secs("movingDuration"));
        a.totals.elapsed_time_s = secs("elapsedDuration").or(a.totals.timer_time_s);
        a.totals.distance_m = num(o, "distance")
            .map(|d| d / CM_PER_M)
            .filter(|&d| d >= 0.0);
        a.totals.ascent_m = num(o, "elevationGain").map(|d| d / CM_PER_M);
        a.totals.descent_m = num(o, "elevationLoss").map(|d| d / CM_PER_M);
        a.totals.avg_hr_bpm = num(o, "avgHr").filter(|&h| h > 0.0);
        a.totals.max_hr_bpm = num(o, "maxHr").filter(|&h| h > 0.0);
        a.totals.calories_kcal = num(o, "calories");
        a.annotations.aerobic_training_effect = num(o, "aerobicTrainingEffect");
        a.annotations.anaerobic_training_effect = num(o, "anaerobicTrainingEffect");
        a.annotations.feel =
            num_any(o, &["workoutFeel", "directWorkoutFeel"]).filter(|x| (0.0..=100.0).contains(x));
        a.annotations.rpe = num_any(o, &["workoutRpe", "directWorkoutRpe"])
            .map(|x| x / RPE_SCALE)
            .filter(|x| (1.0..=10.0).contains(x));
        a.annotations.description = text(o, "description");
        out.activities.push(SummaryActivity {
            key: format!("garmin:{id}"),
            file: None,
            meta: ExportMeta {
                name: a.name.clone(),
                gear: None,
                race: None,
            },
            activity: a,
        });
    }
    Ok(out)
}

/// Garmin's `2024-10-05T23:00:00.0` (UTC, no zone written).
fn gmt(s: &str) -> Option<chrono::DateTime<Utc>> {
    ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%dT%H:%M:%S"]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(s, f).ok())
        .map(|t| Utc.from_utc_datetime(&t))
}

/// Reads `*_sleepData.json`: one day per night. Sleep is the sum of the measured stages
/// (deep, light, REM) where there are any, else the sleep window (marked
/// `sleep_window_only`: the watch was off the wrist, or the window is the default one).
///
/// # Errors
/// [`IngestError::Invalid`] when the file is not JSON or not a list.
pub fn parse_sleep(bytes: &[u8]) -> Result<Vec<WellnessDay>, IngestError> {
    let v = parse_json("sleep", bytes)?;
    let list = entries(&v, &["sleepData"])
        .ok_or_else(|| invalid("sleep", "not a list of nights".into()))?;
    let mut out = Vec::new();
    for o in list {
        let Some(d) = date(o) else { continue };
        let mut day = WellnessDay::new(d, WellnessSource::GarminSleep);
        // Each stage is finite, their sum need not be (1e308 twice): then it says nothing.
        let staged: f64 = ["deepSleepSeconds", "lightSleepSeconds", "remSleepSeconds"]
            .iter()
            .filter_map(|k| num(o, k))
            .filter(|&x| x > 0.0)
            .sum();
        let staged = if staged.is_finite() { staged } else { 0.0 };
        let window = match (
            text(o, "sleepStartTimestampGMT").as_deref().and_then(gmt),
            text(o, "sleepEndTimestampGMT").as_deref().and_then(gmt),
        ) {
            (Some(a), Some(b)) if b > a => Some((b - a).num_seconds() as f64),
            _ => None,
        };
        if staged > 0.0 {
            day.sleep_s = Some(staged);
            day.sleep_window_only = Some(false);
        } else if let Some(w) = window {
            day.sleep_s = Some(w);
            day.sleep_window_only = Some(true);
        }
        day.sleep_score = o
            .get("sleepScores")
            .and_then(|s| {
                num(s, "overallScore").or_else(|| s.get("overall").and_then(|x| num(x, "value")))
            })
            .or_else(|| num(o, "overallSleepScore"))
            .filter(|x| (0.0..=100.0).contains(x));
        if day.sleep_s.is_some() || day.sleep_score.is_some() {
            out.push(day);
        }
    }
    Ok(out)
}

/// Reads `UDSFile_*.json`: a day per entry with any of resting heart rate, mean stress and
/// highest body battery (Garmin writes negative stress for "not enough data": dropped).
///
/// # Errors
/// [`IngestError::Invalid`] when the file is not JSON or not a list.
pub fn parse_uds(bytes: &[u8]) -> Result<Vec<WellnessDay>, IngestError> {
    let v = parse_json("uds", bytes)?;
    let list =
        entries(&v, &["UDSFile"]).ok_or_else(|| invalid("uds", "not a list of days".into()))?;
    let mut out = Vec::new();
    for o in list {
        let Some(d) = date(o) else { continue };
        let mut day = WellnessDay::new(d, WellnessSource::GarminUds);
        day.resting_hr_bpm =
            num_any(o, &["restingHeartRate", "currentDayRestingHeartRate"]).filter(|&h| h > 0.0);
        day.stress_avg = o
            .get("allDayStress")
            .and_then(|s| s.get("aggregatorList"))
            .and_then(Value::as_array)
            .and_then(|l| {
                l.iter()
                    .find(|a| text(a, "type").as_deref() == Some("TOTAL"))
                    .and_then(|a| num(a, "averageStressLevel"))
            })
            .or_else(|| num(o, "averageStressLevel"))
            .filter(|x| (0.0..=100.0).contains(x));
        day.body_battery_max = o
            .get("bodyBattery")
            .and_then(|s| s.get("bodyBatteryStatList"))
            .and_then(Value::as_array)
            .and_then(|l| {
                l.iter()
                    .find(|a| text(a, "bodyBatteryStatType").as_deref() == Some("HIGHEST"))
                    .and_then(|a| num(a, "statsValue"))
            })
            .or_else(|| num(o, "bodyBatteryHighestValue"))
            .filter(|x| (0.0..=100.0).contains(x));
        if day.resting_hr_bpm.is_some()
            || day.stress_avg.is_some()
            || day.body_battery_max.is_some()
        {
            out.push(day);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summarized_activity_units_and_both_spellings_of_feel() {
        let json = r#"[{"summarizedActivitiesExport":[
            {"activityId":1,"name":"Morning Run","activityType":"treadmill_running",
             "startTimeGmt":1738662084000.0,"startTimeLocal":1738665684000.0,
             "duration":5146081.05,"elapsedDuration":5185756.8,"distance":1500923.0,
             "elevationGain":2500.0,"avgHr":150.0,"maxHr":171.0,
             "aerobicTrainingEffect":3.2,"workoutFeel":75,"workoutRpe":60},
            {"activityId":2,"activityType":{"typeKey":"cycling"},"beginTimestamp":1738500184000,
             "directWorkoutFeel":25,"directWorkoutRpe":80},
            {"name":"no id"}]}]"#;
        let s = parse_summarized_activities(json.as_bytes()).unwrap();
        assert_eq!(s.activities.len(), 2);
        assert_eq!(s.warnings.len(), 1);
        let a = &s.activities[0];
        assert_eq!(a.key, "garmin:1");
        assert_eq!(a.activity.sport, Sport::Running);
        assert_eq!(a.activity.sub_sport.as_deref(), Some("treadmill"));
        assert_eq!(a.activity.utc_offset_s, Some(3600));
        assert!((a.activity.totals.distance_m.unwrap() - 15_009.23).abs() < 1e-6);
        assert!((a.activity.totals.timer_time_s.unwrap() - 5146.081).abs() < 1e-3);
        assert_eq!(a.activity.totals.ascent_m, Some(25.0));
        assert_eq!(a.activity.annotations.feel, Some(75.0));
        assert_eq!(a.activity.annotations.rpe, Some(6.0));
        let b = &s.activities[1].activity;
        assert_eq!(b.sport, Sport::Cycling);
        assert_eq!(
            (b.annotations.feel, b.annotations.rpe),
            (Some(25.0), Some(8.0))
        );
        assert!(parse_summarized_activities(b"{}").is_err());
        assert!(parse_summarized_activities(b"nope").is_err());
    }

    #[test]
    fn sleep_stages_or_window() {
        let json = r#"[
            {"calendarDate":"2024-10-25","sleepStartTimestampGMT":"2024-10-24T21:59:40.43",
             "sleepEndTimestampGMT":"2024-10-25T03:56:00.0","deepSleepSeconds":21180,
             "lightSleepSeconds":180,"awakeSleepSeconds":0,"sleepScores":{"overallScore":81}},
            {"calendarDate":"2024-10-06","sleepStartTimestampGMT":"2024-10-05T23:00:00.0",
             "sleepEndTimestampGMT":"2024-10-06T07:00:00.0"},
            {"sleepStartTimestampGMT":"x"}]"#;
        let d = parse_sleep(json.as_bytes()).unwrap();
        assert_eq!(d.len(), 2);
        assert_eq!(d[0].sleep_s, Some(21_360.0));
        assert_eq!(d[0].sleep_window_only, Some(false));
        assert_eq!(d[0].sleep_score, Some(81.0));
        assert_eq!(d[1].sleep_s, Some(8.0 * 3600.0));
        assert_eq!(d[1].sleep_window_only, Some(true));
    }

    #[test]
    fn uds_resting_hr_stress_and_body_battery() {
        let json = r#"[
            {"calendarDate":"2024-10-06","restingHeartRate":54,
             "allDayStress":{"aggregatorList":[{"type":"AWAKE","averageStressLevel":40},
                                               {"type":"TOTAL","averageStressLevel":31}]},
             "bodyBattery":{"bodyBatteryStatList":[{"bodyBatteryStatType":"LOWEST","statsValue":5},
                                                   {"bodyBatteryStatType":"HIGHEST","statsValue":88}]}},
            {"calendarDate":"2024-10-07","allDayStress":{"aggregatorList":[{"type":"TOTAL","averageStressLevel":-1}]}},
            {"calendarDate":"2024-10-08","restingHeartRate":57,"allDayStress":{}}]"#;
        let d = parse_uds(json.as_bytes()).unwrap();
        assert_eq!(d.len(), 2, "a day with nothing known is no row");
        assert_eq!(d[0].resting_hr_bpm, Some(54.0));
        assert_eq!(d[0].stress_avg, Some(31.0));
        assert_eq!(d[0].body_battery_max, Some(88.0));
        assert_eq!((d[1].resting_hr_bpm, d[1].stress_avg), (Some(57.0), None));
        assert!(parse_uds(b"{").is_err());
    }

    /// Found writing the `export` fuzz target's checks (by review; the target reproduces
    /// it): a blank `activityId` gave the key `garmin:` (every such entry one activity),
    /// and one with spaces kept them.
    #[test]
    fn a_blank_activity_id_is_no_id() {
        let json = br#"[{"activityId":"","startTimeGmt":1738662084000},
                        {"activityId":" 7 ","startTimeGmt":1738662084000}]"#;
        let s = parse_summarized_activities(json).unwrap();
        assert_eq!(s.warnings, ["entry 0: no activityId"]);
        let keys: Vec<&str> = s.activities.iter().map(|a| a.key.as_str()).collect();
        assert_eq!(keys, ["garmin:7"]);
    }

    /// Found writing the `export` fuzz target's checks (by review; the target reproduces
    /// it): stages of 1e308 s each summed to an infinite night. An unusable sum falls back
    /// to the sleep window.
    #[test]
    fn stage_seconds_summing_past_f64_are_no_sleep_figure() {
        let json = br#"[{"calendarDate":"2024-10-25","deepSleepSeconds":1e308,
                         "lightSleepSeconds":1e308},
                        {"calendarDate":"2024-10-26","deepSleepSeconds":1e308,
                         "remSleepSeconds":"1e308",
                         "sleepStartTimestampGMT":"2024-10-25T23:00:00.0",
                         "sleepEndTimestampGMT":"2024-10-26T06:00:00.0"}]"#;
        let d = parse_sleep(json).unwrap();
        assert_eq!(d.len(), 1, "no figure, no row: {d:?}");
        assert_eq!(d[0].sleep_s, Some(7.0 * 3600.0));
        assert_eq!(d[0].sleep_window_only, Some(true));
    }
}
