//! Strava bulk exports' `activities.csv`, read two ways: as metadata (name, gear, race
//! flag) joined to the activity files by their `Filename` column (`activities/123.fit.gz`,
//! [`parse_activities_csv`]), and as one summary per row, with or without a file
//! ([`parse_summaries`]): the import keeps a row whose file it did not read as a
//! summary-only activity.
//!
//! Strava's export has no documented schema, and columns are found by name wherever they
//! are. The header repeats names: the first block (`Elapsed Time`, `Distance`, `Max Heart
//! Rate`, `Commute`, ...) is what the athlete saw, the second what the API stores. Each
//! field is read from the first column of its name that has a value in the row, except
//! `Distance`: the first is in the athlete's display unit (km or miles, unsaid), the last
//! in metres, so with two the last is read; a lone `Distance` (older exports) is in km.
//! `Moving Time`, `Perceived Exertion` and the weather exist only in the later block.
//! `Activity Date` is UTC (`Dec 19, 2022, 11:37:07 AM`). The race flag comes from
//! `Workout Type` (`Race`, or the API's run/ride race types `1`/`11`) or a
//! `Competition`/`Race` column (`true`/`1`), whichever exists; without either the flag is
//! unknown.

use std::collections::HashMap;

use chrono::{NaiveDateTime, TimeZone, Utc};

use super::{IngestError, Summaries};
use crate::model::{ExportMeta, ParsedActivity, Sport, SummaryActivity};

/// Parses `activities.csv`, keyed by the normalized `Filename` (see [`lookup`]).
/// Rows without a file name are dropped; a malformed file gives an empty map, never an
/// error, because the activity files import fine without it.
pub fn parse_activities_csv(bytes: &[u8]) -> HashMap<String, ExportMeta> {
    let text = String::from_utf8_lossy(bytes);
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let rows = parse_csv(text);
    let Some(header) = rows.first() else {
        return HashMap::new();
    };
    let col = |names: &[&str]| {
        header
            .iter()
            .position(|h| names.iter().any(|n| h.trim().eq_ignore_ascii_case(n)))
    };
    let (Some(file_c), name_c, gear_c) = (
        col(&["Filename"]),
        col(&["Activity Name"]),
        col(&["Activity Gear", "Gear"]),
    ) else {
        return HashMap::new();
    };
    let workout_c = col(&["Workout Type"]);
    let race_c = col(&["Competition", "Race"]);
    let mut out = HashMap::new();
    for row in rows.iter().skip(1) {
        let get = |c: Option<usize>| {
            c.and_then(|c| row.get(c))
                .map(|s| s.trim())
                .filter(|s| !s.is_empty())
                .map(str::to_string)
        };
        let Some(file) = get(Some(file_c)) else {
            continue;
        };
        // A present but empty column means the athlete did not flag it: not a race.
        let race =
            match (workout_c, race_c) {
                (Some(_), _) => Some(
                    get(workout_c)
                        .is_some_and(|w| w.eq_ignore_ascii_case("race") || w == "1" || w == "11"),
                ),
                (None, Some(_)) => Some(get(race_c).is_some_and(|r| {
                    matches!(r.to_ascii_lowercase().as_str(), "true" | "1" | "yes")
                })),
                _ => None,
            };
        out.insert(
            normalize(&file),
            ExportMeta {
                name: get(name_c),
                gear: get(gear_c),
                race,
            },
        );
    }
    out
}

/// Column lookup over a header that may repeat names.
struct Header(Vec<String>);

impl Header {
    /// Every column called `name` (trimmed, any case), in order.
    fn all(&self, name: &str) -> Vec<usize> {
        self.0
            .iter()
            .enumerate()
            .filter(|(_, h)| h.trim().eq_ignore_ascii_case(name))
            .map(|(i, _)| i)
            .collect()
    }
}

/// Reads Strava's `shoes.csv` (`Shoe Name`, `Shoe Brand`, `Shoe Model`, `Shoe Default
/// Sport Types`, in any order). A shoe without a name gets "Brand Model", as Strava shows
/// it; rows with neither are left out.
///
/// # Errors
/// [`IngestError::Invalid`] when the table has no `Shoe Name` column.
pub fn parse_shoes(bytes: &[u8]) -> Result<Vec<crate::model::ExportShoe>, IngestError> {
    let text = String::from_utf8_lossy(bytes);
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let mut rows = parse_csv(text).into_iter();
    let header = Header(rows.next().unwrap_or_default());
    let col = |n: &str| header.all(n).first().copied();
    let Some(name_c) = col("Shoe Name") else {
        return Err(IngestError::Invalid {
            format: "Strava shoes.csv",
            message: "no Shoe Name column".into(),
        });
    };
    let (brand_c, model_c, default_c) = (
        col("Shoe Brand"),
        col("Shoe Model"),
        col("Shoe Default Sport Types"),
    );
    let mut out = Vec::new();
    for row in rows {
        let get = |c: Option<usize>| {
            c.and_then(|c| row.get(c))
                .map(|s| s.trim())
                .filter(|s| !s.is_empty())
                .map(str::to_string)
        };
        let (brand, model) = (get(brand_c), get(model_c));
        let name = get(Some(name_c)).or_else(|| {
            let made: Vec<&str> = [brand.as_deref(), model.as_deref()]
                .into_iter()
                .flatten()
                .collect();
            (!made.is_empty()).then(|| made.join(" "))
        });
        let Some(name) = name else { continue };
        let default_for = get(default_c)
            .map(|d| {
                d.split([',', ';'])
                    .map(|x| x.trim().to_string())
                    .filter(|x| !x.is_empty())
                    .collect()
            })
            .unwrap_or_default();
        out.push(crate::model::ExportShoe {
            name,
            brand,
            model,
            default_for,
        });
    }
    Ok(out)
}

/// Reads every row of `activities.csv` as a summary activity.
///
/// # Errors
/// [`IngestError::Invalid`] when the table lacks `Activity ID` or `Activity Date` (not a
/// Strava activities table). Rows without an id or a readable date are left out with a
/// warning; a short row reads as empty cells.
pub fn parse_summaries(bytes: &[u8]) -> Result<Summaries, IngestError> {
    let text = String::from_utf8_lossy(bytes);
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let mut rows = parse_csv(text).into_iter();
    let header = Header(rows.next().unwrap_or_default());
    let invalid = |what: &str| IngestError::Invalid {
        format: "Strava activities.csv",
        message: format!("no {what} column"),
    };
    let id_c = header.all("Activity ID");
    let date_c = header.all("Activity Date");
    if id_c.is_empty() {
        return Err(invalid("Activity ID"));
    }
    if date_c.is_empty() {
        return Err(invalid("Activity Date"));
    }
    let distance = header.all("Distance");
    // Two `Distance` columns: the last is metres. One: kilometres (older exports).
    let (distance_c, distance_scale) = match distance.as_slice() {
        [] => (None, 1.0),
        [only] => (Some(*only), 1000.0),
        [.., last] => (Some(*last), 1.0),
    };
    let c = |name: &str| header.all(name);
    let (name_c, type_c, descr_c, note_c, gear_c, file_c) = (
        c("Activity Name"),
        c("Activity Type"),
        c("Activity Description"),
        c("Activity Private Note"),
        c("Activity Gear"),
        c("Filename"),
    );
    let (elapsed_c, moving_c, max_hr_c, avg_hr_c, cal_c, gain_c) = (
        c("Elapsed Time"),
        c("Moving Time"),
        c("Max Heart Rate"),
        c("Average Heart Rate"),
        c("Calories"),
        c("Elevation Gain"),
    );
    let (rpe_c, wtemp_c, wcond_c) = (
        c("Perceived Exertion"),
        c("Weather Temperature"),
        c("Weather Condition"),
    );
    let (workout_c, race_c) = (c("Workout Type"), c("Competition"));
    let race_c = if race_c.is_empty() { c("Race") } else { race_c };
    let mut out = Summaries::default();
    for (i, row) in rows.enumerate() {
        let line = i + 2;
        if row.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let get = |cols: &[usize]| -> Option<String> {
            cols.iter()
                .filter_map(|&c| row.get(c))
                .map(|s| s.trim())
                .find(|s| !s.is_empty())
                .map(str::to_string)
        };
        let num = |cols: &[usize]| -> Option<f64> {
            cols.iter()
                .filter_map(|&c| row.get(c))
                .filter_map(|s| s.trim().parse::<f64>().ok())
                .find(|x| x.is_finite())
        };
        let Some(id) = get(&id_c) else {
            out.warnings.push(format!("row {line}: no Activity ID"));
            continue;
        };
        let Some(start) = get(&date_c).as_deref().and_then(parse_date) else {
            out.warnings.push(format!(
                "row {line} (activity {id}): Activity Date {:?} is not a date",
                get(&date_c).unwrap_or_default()
            ));
            continue;
        };
        let sport_raw = get(&type_c);
        let mut a = ParsedActivity::new(
            sport_raw
                .as_deref()
                .map_or(Sport::Generic, Sport::normalize),
        );
        a.sport_raw = sport_raw;
        a.name = get(&name_c);
        a.start = Some(start);
        a.totals.elapsed_time_s = num(&elapsed_c).filter(|&x| x >= 0.0);
        a.totals.timer_time_s = num(&moving_c).filter(|&x| x >= 0.0);
        a.totals.distance_m = distance_c
            .and_then(|c| num(&[c]))
            .map(|d| d * distance_scale)
            // Kilometres near f64's largest overflow to infinity as metres.
            .filter(|&d| d >= 0.0 && d.is_finite());
        a.totals.max_hr_bpm = num(&max_hr_c).filter(|&h| h > 0.0);
        a.totals.avg_hr_bpm = num(&avg_hr_c).filter(|&h| h > 0.0);
        a.totals.calories_kcal = num(&cal_c);
        a.totals.ascent_m = num(&gain_c);
        a.annotations.rpe = num(&rpe_c).filter(|x| (1.0..=10.0).contains(x));
        a.annotations.description = get(&descr_c);
        a.annotations.private_note = get(&note_c);
        a.annotations.weather_temperature_c = num(&wtemp_c);
        // The condition is an enum number in current exports; only words are kept.
        a.annotations.weather = get(&wcond_c).filter(|w| w.parse::<f64>().is_err());
        let race =
            if !workout_c.is_empty() {
                Some(
                    get(&workout_c)
                        .is_some_and(|w| w.eq_ignore_ascii_case("race") || w == "1" || w == "11"),
                )
            } else if !race_c.is_empty() {
                Some(get(&race_c).is_some_and(|r| {
                    matches!(r.to_ascii_lowercase().as_str(), "true" | "1" | "yes")
                }))
            } else {
                None
            };
        out.activities.push(SummaryActivity {
            key: format!("strava:{id}"),
            file: get(&file_c),
            meta: ExportMeta {
                name: a.name.clone(),
                gear: get(&gear_c),
                race,
            },
            activity: a,
        });
    }
    Ok(out)
}

/// Strava's `Activity Date`, in UTC: `Dec 19, 2022, 11:37:07 AM` (the bulk export's
/// English form), or ISO 8601 forms.
fn parse_date(s: &str) -> Option<chrono::DateTime<Utc>> {
    if let Ok(t) = chrono::DateTime::parse_from_rfc3339(s) {
        return Some(t.with_timezone(&Utc));
    }
    [
        "%b %d, %Y, %I:%M:%S %p",
        "%b %d, %Y %I:%M:%S %p",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M:%S",
    ]
    .iter()
    .find_map(|f| NaiveDateTime::parse_from_str(s, f).ok())
    .map(|t| Utc.from_utc_datetime(&t))
}

/// Finds the metadata of a file at `relative` path (from the folder holding
/// `activities.csv`); `.gz` and case do not matter, so a member found as
/// `activities/123.fit.gz` matches a row naming it either way.
pub fn lookup(map: &HashMap<String, ExportMeta>, relative: &str) -> Option<ExportMeta> {
    map.get(&normalize(relative)).cloned()
}

fn normalize(p: &str) -> String {
    let p = p.trim().replace('\\', "/").to_ascii_lowercase();
    let p = p.trim_start_matches("./");
    p.strip_suffix(".gz").unwrap_or(p).to_string()
}

/// RFC 4180 CSV: quoted fields may hold commas, doubled quotes and newlines.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    field.push('"');
                    chars.next();
                }
                '"' => quoted = false,
                _ => field.push(c),
            }
            continue;
        }
        match c {
            '"' => quoted = true,
            ',' => row.push(std::mem::take(&mut field)),
            '\r' => {}
            '\n' => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            _ => field.push(c),
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    rows
}

#[cfg(test)]
mod tests {

    #[test]
    fn shoes_in_any_column_order_and_an_unnamed_one_by_brand_and_model() {
        let csv = "Shoe Brand,Shoe Default Sport Types,Shoe Name,Shoe Model\n\
                   ASICS,,Asics 01,Gel-Cumulus 24 SE\n\
                   Skechers,\"\",\"\",Speed Beast\n\
                   Olympikus,\"Run,Walk\",OC3,Corre3\n\
                   ,,,\n";
        let shoes = parse_shoes(csv.as_bytes()).unwrap();
        let names: Vec<&str> = shoes.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["Asics 01", "Skechers Speed Beast", "OC3"]);
        assert_eq!(shoes[0].model.as_deref(), Some("Gel-Cumulus 24 SE"));
        assert_eq!(shoes[2].default_for, ["Run", "Walk"]);
        assert!(parse_shoes(b"Name,Brand\nx,y\n").is_err());
    }
    use super::*;

    #[test]
    fn joins_by_filename_with_quotes_and_gz() {
        let csv = "\u{feff}Activity ID,Activity Date,Activity Name,Activity Type,Distance,Activity Gear,Filename,Distance,Workout Type\n\
                   1,\"Jan 1, 2024, 10:00:00 AM\",\"Easy, \"\"slow\"\" run\",Run,5,Pegasus 40,activities/1.fit.gz,5000,\n\
                   2,\"Jan 2, 2024\",Parkrun,Run,5,,activities/2.gpx,5000,Race\n\
                   3,\"Jan 3, 2024\",No file,Run,5,,,,\n";
        let m = parse_activities_csv(csv.as_bytes());
        assert_eq!(m.len(), 2);
        let a = lookup(&m, "activities/1.fit").unwrap();
        assert_eq!(a.name.as_deref(), Some("Easy, \"slow\" run"));
        assert_eq!(a.gear.as_deref(), Some("Pegasus 40"));
        assert_eq!(a.race, Some(false));
        let b = lookup(&m, "Activities/2.gpx.gz").unwrap();
        assert_eq!(b.race, Some(true));
    }

    #[test]
    fn summaries_read_every_row_whatever_the_column_order() {
        // Columns shuffled; `Distance` twice (display km, then metres); `Max Heart Rate`
        // empty in its first column and given in the second.
        let csv = "Filename,Distance,Activity Type,Max Heart Rate,Activity Date,Activity ID,\
                   Distance,Moving Time,Perceived Exertion,Max Heart Rate,Weather Temperature,\
                   Activity Private Note,Elapsed Time\n\
                   activities/1.fit.gz,5.01,Run,,\"Dec 19, 2022, 11:37:07 AM\",7,5012.5,1500,6.0,\
                   171,12.5,\"sore, legs\",1600\n\
                   ,0,Crossfit,,\"Jan 2, 2023, 9:05:00 PM\",8,0.0,600,,,,,620\n\
                   ,0,Run,,not a date,9,,,,,,,\n";
        let s = parse_summaries(csv.as_bytes()).unwrap();
        assert_eq!(s.activities.len(), 2);
        assert_eq!(s.warnings.len(), 1, "{:?}", s.warnings);
        let a = &s.activities[0];
        assert_eq!(a.key, "strava:7");
        assert_eq!(a.file.as_deref(), Some("activities/1.fit.gz"));
        assert_eq!(a.activity.sport, Sport::Running);
        assert_eq!(
            a.activity.start.unwrap().to_rfc3339(),
            "2022-12-19T11:37:07+00:00"
        );
        assert_eq!(a.activity.totals.distance_m, Some(5012.5));
        assert_eq!(a.activity.totals.timer_time_s, Some(1500.0));
        assert_eq!(a.activity.totals.elapsed_time_s, Some(1600.0));
        assert_eq!(a.activity.totals.max_hr_bpm, Some(171.0));
        assert_eq!(a.activity.annotations.rpe, Some(6.0));
        assert_eq!(a.activity.annotations.weather_temperature_c, Some(12.5));
        assert_eq!(
            a.activity.annotations.private_note.as_deref(),
            Some("sore, legs")
        );
        let b = &s.activities[1];
        assert_eq!(b.file, None);
        assert_eq!(b.activity.annotations.rpe, None);
        assert_eq!(b.activity.totals.distance_m, Some(0.0));
        // A lone Distance column is kilometres.
        let one = "Activity ID,Activity Date,Distance\n1,2024-05-01 07:00:00,10.5\n";
        let s = parse_summaries(one.as_bytes()).unwrap();
        assert_eq!(s.activities[0].activity.totals.distance_m, Some(10_500.0));
        assert!(parse_summaries(b"Name,Date\nx,y\n").is_err());
        assert!(parse_summaries(b"").is_err());
    }

    /// Found writing the `export` fuzz target's checks (by review; the target reproduces
    /// it): a lone (km) `Distance` of 1e306 became an infinite distance in metres. It reads
    /// as no distance; the row is kept.
    #[test]
    fn a_distance_overflowing_as_metres_is_no_distance() {
        let csv = b"Activity ID,Activity Date,Distance\n1,2024-05-01 07:00:00,1e306\n";
        let s = parse_summaries(csv).unwrap();
        assert_eq!(s.activities.len(), 1);
        assert_eq!(s.activities[0].activity.totals.distance_m, None);
    }

    #[test]
    fn garbage_gives_empty_map() {
        assert!(parse_activities_csv(b"\xff\xfe nonsense").is_empty());
        assert!(parse_activities_csv(b"").is_empty());
    }
}
