//! The training-load analysis as one call: per-activity metrics (from the facts cache),
//! the daily and weekly series, race recognition and the findings, for the activities in a
//! date range. `rutscope load` prints it; reports embed it.

use chrono::{FixedOffset, NaiveDate, Utc};
use serde::Serialize;

use super::findings::{self, Effort, Finding, HrAnchors, Input, Run, Sufficiency, race_marks};
use super::load::{Daily, DayInput, Weekly, daily_series, weekly_series};
use super::metrics::{LoadSource, compute_all};
use super::profile::{self, Profile};
use crate::store::{Store, StoreError};

/// Which activities and days to analyse.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Range {
    /// First local date (inclusive).
    pub since: Option<NaiveDate>,
    /// Last date of the series (inclusive); default the last activity's date.
    pub until: Option<NaiveDate>,
}

/// The analysis.
#[derive(Debug, Clone, Serialize)]
pub struct TrainingLoad {
    /// The profile in use.
    pub profile: Profile,
    /// Counted activities in the range.
    pub activities: usize,
    /// Of those, load from heart rate.
    pub load_from_hr: usize,
    /// ... from pace.
    pub load_from_pace: usize,
    /// ... without load.
    pub without_load: usize,
    /// The runs as the rules saw them (with race marks and aerobic speed).
    pub runs: Vec<Run>,
    /// Findings, in `detected_on` order.
    pub findings: Vec<Finding>,
    /// What the data lets the rules judge.
    pub sufficiency: Sufficiency,
    /// Daily series.
    pub daily: Vec<Daily>,
    /// Weekly series.
    pub weekly: Vec<Weekly>,
}

/// The local calendar day of a start: by the file's UTC offset (FIT), else by the solar
/// offset of the start longitude (`round(lon / 15°)` hours: GPX and TCX times are UTC, and
/// a morning run in China at 07:00 is 23:00 UTC the day before; the solar offset is within
/// an hour or two of the legal one almost everywhere), else UTC.
pub fn local_date(
    start: chrono::DateTime<Utc>,
    utc_offset_s: Option<i32>,
    start_lon: Option<f64>,
) -> NaiveDate {
    let offset = utc_offset_s.or_else(|| {
        start_lon
            .filter(|lon| (-180.0..=180.0).contains(lon))
            .map(|lon| (lon / 15.0).round() as i32 * 3600)
    });
    match offset.and_then(FixedOffset::east_opt) {
        Some(off) => start.with_timezone(&off).date_naive(),
        None => start.date_naive(),
    }
}

/// Runs the analysis over the store.
pub fn analyze(store: &Store, range: Range) -> Result<TrainingLoad, StoreError> {
    let acts = store.activities()?;
    let settings = profile::load_settings(store.root()).map_err(|source| StoreError::Io {
        what: "reading",
        path: store.root().join(profile::PROFILE_FILE),
        source,
    })?;
    let prof = profile::resolve(&settings, &acts);
    let metrics = compute_all(store, &prof)?;
    let mut inputs = Vec::new();
    let mut runs = Vec::new();
    let mut efforts = Vec::new();
    let (mut hr, mut pace, mut none) = (0, 0, 0);
    let mut hr_ref = None;
    for (a, m) in &metrics {
        let Some(start) = a.start else { continue };
        let date = local_date(start, a.utc_offset_s, m.start_lon);
        if range.since.is_some_and(|s| date < s) || range.until.is_some_and(|u| date > u) {
            continue;
        }
        match m.load_source {
            LoadSource::Hr => hr += 1,
            LoadSource::Pace => pace += 1,
            LoadSource::None => none += 1,
        }
        inputs.push(DayInput {
            date,
            load: m.load,
            distance_m: m.distance_m,
            moving_time_s: m.moving_time_s,
        });
        runs.push(Run {
            id: a.id.clone(),
            date,
            load: m.load,
            distance_m: m.distance_m,
            race: None,
            aerobic_speed_m_s: m.aerobic_speed_m_s,
            load_from_hr: m.load_source == LoadSource::Hr,
        });
        efforts.push(Effort {
            date,
            flag: a.race,
            hr_intensity_factor: m
                .intensity_factor
                .filter(|_| m.load_source == LoadSource::Hr),
            moving_s: m.moving_time_s,
            gap_speed_m_s: m.gap_speed_m_s,
        });
        hr_ref = Some(m.aerobic_ref_hr_bpm);
    }
    for (r, mark) in runs.iter_mut().zip(race_marks(&efforts)) {
        r.race = mark;
    }
    // Start order is date order except across time zones (travel): the rules want dates.
    runs.sort_by_key(|r| r.date);
    let until = range
        .until
        .or_else(|| inputs.iter().map(|d| d.date).max())
        .unwrap_or_else(|| Utc::now().date_naive());
    let daily = daily_series(&inputs, until);
    let weekly = weekly_series(&daily, &inputs);
    let (found, sufficiency) = findings::detect(Input {
        daily: &daily,
        weekly: &weekly,
        runs: &runs,
        hr: HrAnchors {
            rest_bpm: prof.rest_hr_bpm.value,
            aerobic_ref_bpm: hr_ref.unwrap_or(prof.rest_hr_bpm.value),
        },
    });
    Ok(TrainingLoad {
        profile: prof,
        activities: inputs.len(),
        load_from_hr: hr,
        load_from_pace: pace,
        without_load: none,
        runs,
        findings: found,
        sufficiency,
        daily,
        weekly,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn local_dates() {
        // 23:10 UTC is 07:10 the next day in Chengdu (UTC+8; solar offset at 104° E is +7).
        let t = Utc.with_ymd_and_hms(2024, 3, 19, 23, 10, 0).unwrap();
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        assert_eq!(local_date(t, None, Some(104.06)), d(2024, 3, 20));
        assert_eq!(local_date(t, Some(8 * 3600), Some(-70.0)), d(2024, 3, 20));
        assert_eq!(local_date(t, None, None), d(2024, 3, 19));
        // West of Greenwich the day starts later.
        assert_eq!(local_date(t, None, Some(-74.0)), d(2024, 3, 19));
    }
}
