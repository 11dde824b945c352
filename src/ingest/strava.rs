//! Strava bulk exports' `activities.csv`: activity name, gear and race flag, joined to the
//! activity files by their `Filename` column (`activities/123.fit.gz`).
//!
//! Strava's export has no documented schema; the columns used are `Activity Name`,
//! `Activity Gear`, `Filename`, and for the race flag `Workout Type` (`Race`, or the API's
//! run/ride race types `1`/`11`) or a `Competition`/`Race` column (`true`/`1`), whichever
//! exists; without either column the flag is unknown.
//! Duplicate header names (Strava repeats `Distance` and `Elapsed Time`) are harmless: only
//! the first of each is read.

use std::collections::HashMap;

use crate::model::ExportMeta;

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
    fn garbage_gives_empty_map() {
        assert!(parse_activities_csv(b"\xff\xfe nonsense").is_empty());
        assert!(parse_activities_csv(b"").is_empty());
    }
}
