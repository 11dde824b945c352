//! The training-load analysis as one call: per-activity metrics (from the facts cache),
//! the daily and weekly series, race recognition and the findings, for the activities in a
//! date range, over plain data (the application layer reads the store).
//!
//! Only running feeds the run signals ([`crate::analysis::sport`] decides what a run is):
//! pace, race fitness, long runs, routes, variety, workout types and best efforts are built
//! from the runs alone. Other sports add their load to the daily series (fitness and fatigue
//! are the body's) and are summed as cross-training.

use chrono::{FixedOffset, NaiveDate, Utc};
use serde::Serialize;

use super::findings::{self, Effort, Finding, HrAnchors, Input, Run, Sufficiency, race_marks};
use super::load::{Daily, DayInput, Weekly, daily_series, weekly_series};
use std::collections::HashMap;

use super::metrics::{ActivityFacts, LoadSource, aerobic_ref_hr_bpm, compute_all};
use super::profile::{self, Profile, ProfileSettings};
use super::sport::{self, Class, ClassGroup, CrossTraining};
use super::trend::median;
use crate::store::records::ActivityRecord;

/// Which activities and days to analyse.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Range {
    /// First local date (inclusive).
    pub since: Option<NaiveDate>,
    /// Last date of the series (inclusive); default the last activity's date.
    pub until: Option<NaiveDate>,
    /// Today: the day the verdict is judged on (a runner whose last run is a break's
    /// length before it is not running now). None: the last day of the data.
    pub today: Option<NaiveDate>,
}

impl Range {
    /// Whether a local date is in the range, both ends included.
    pub fn contains(self, date: NaiveDate) -> bool {
        self.since.is_none_or(|s| date >= s) && self.until.is_none_or(|u| date <= u)
    }
}

/// The analysis.
#[derive(Debug, Clone, Serialize)]
pub struct TrainingLoad {
    /// The profile in use.
    pub profile: Profile,
    /// Counted activities in the range, of every class.
    pub activities: usize,
    /// Of those, load from heart rate.
    pub load_from_hr: usize,
    /// ... from pace.
    pub load_from_pace: usize,
    /// ... without load.
    pub without_load: usize,
    /// The runs as the rules saw them (with race marks and aerobic speed): running-class
    /// activities only.
    pub runs: Vec<Run>,
    /// Other sports over the range, per class (count, moving time, distance).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub cross_training: Vec<CrossTraining>,
    /// The other sports' sessions in the range (every class but running), in date order:
    /// what the cross-training rules ([`super::cross`]) look at.
    #[serde(skip)]
    pub sessions: Vec<Session>,
    /// How the counted activities in the range were classified: per class and provenance
    /// (the file's word, or the rule that inferred it), with example ids.
    pub classes: Vec<ClassGroup>,
    /// Breaks of eight weeks or more between the runs ([`super::breaks`]): every analysis
    /// over time is cut at them.
    pub breaks: Vec<super::breaks::Break>,
    /// Findings, in `detected_on` order.
    pub findings: Vec<Finding>,
    /// What the data lets the rules judge.
    pub sufficiency: Sufficiency,
    /// Daily series.
    pub daily: Vec<Daily>,
    /// Weekly series.
    pub weekly: Vec<Weekly>,
    /// Efficiency trend in 4-week blocks.
    pub efficiency: Vec<EfficiencyBlock>,
}

/// A session of another sport than running.
#[derive(Debug, Clone, PartialEq)]
pub struct Session {
    /// Activity id.
    pub id: String,
    /// Local date.
    pub date: NaiveDate,
    /// Its class (never running).
    pub class: Class,
    /// Moving time (the timer's for a session that moves nowhere), seconds.
    pub time_s: f64,
}

/// Runs of at least this moving time are long runs, whose decoupling the efficiency trend
/// follows (75 min: where cardiac drift shows in easy running, Friel's aerobic test length).
pub const LONG_RUN_S: f64 = 75.0 * 60.0;
/// Weeks per block of the efficiency trend (enough runs per block for a median).
pub const BLOCK_WEEKS: i64 = 4;

/// One block of the efficiency trend: the "usual pace takes more heart rate" view over time.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EfficiencyBlock {
    /// First day (a Monday).
    pub start: NaiveDate,
    /// Activities.
    pub runs: usize,
    /// Of those, with an aerobic speed.
    pub aerobic_runs: usize,
    /// Median aerobic speed (GAP speed at the reference heart rate), m/s.
    pub aerobic_speed_m_s: Option<f64>,
    /// Long runs ([`LONG_RUN_S`]).
    pub long_runs: usize,
    /// Median decoupling of the long runs that have one, percent.
    pub long_run_decoupling_pct: Option<f64>,
    /// Races.
    pub races: usize,
}

/// The efficiency trend: [`BLOCK_WEEKS`]-week blocks from the first week's Monday.
pub fn efficiency_blocks(weekly: &[Weekly], runs: &[Run]) -> Vec<EfficiencyBlock> {
    let (Some(first), Some(last)) = (weekly.first(), weekly.last()) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut start = first.week_start;
    while start <= last.week_start {
        let end = start + chrono::Duration::weeks(BLOCK_WEEKS);
        let these: Vec<&Run> = runs
            .iter()
            .filter(|r| r.date >= start && r.date < end)
            .collect();
        let long: Vec<&&Run> = these
            .iter()
            .filter(|r| r.moving_time_s >= LONG_RUN_S)
            .collect();
        out.push(EfficiencyBlock {
            start,
            runs: these.len(),
            aerobic_runs: these
                .iter()
                .filter(|r| r.aerobic_speed_m_s.is_some())
                .count(),
            aerobic_speed_m_s: median(
                &mut these
                    .iter()
                    .filter_map(|r| r.aerobic_speed_m_s)
                    .collect::<Vec<_>>(),
            ),
            long_runs: long.len(),
            long_run_decoupling_pct: median(
                &mut long
                    .iter()
                    .filter_map(|r| r.decoupling_pct)
                    .collect::<Vec<_>>(),
            ),
            races: these.iter().filter(|r| r.race.is_some()).count(),
        });
        start = end;
    }
    out
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

/// Runs the analysis over the store's activities and their facts (by activity id), with
/// the profile resolved from the athlete's settings, the activities and the measured daily
/// resting heart rates (`rest_days`, empty without any).
pub fn analyze(
    acts: &[ActivityRecord],
    facts: &HashMap<String, ActivityFacts>,
    settings: &ProfileSettings,
    rest_days: &[(NaiveDate, f64)],
    range: Range,
) -> TrainingLoad {
    let prof = profile::resolve_with(settings, acts, facts, rest_days);
    let metrics = compute_all(acts, facts, &prof);
    let mut classified = Vec::new();
    let mut inputs = Vec::new();
    let mut runs = Vec::new();
    let mut efforts = Vec::new();
    let mut sessions = Vec::new();
    let (mut hr, mut pace, mut none) = (0, 0, 0);
    for (a, m) in &metrics {
        let Some(start) = a.start else { continue };
        let date = local_date(start, a.utc_offset_s, m.start_lon);
        if !range.contains(date) {
            continue;
        }
        match m.load_source {
            LoadSource::Hr => hr += 1,
            LoadSource::Pace => pace += 1,
            LoadSource::None => none += 1,
        }
        let class = sport::of_record(a);
        classified.push((a.id.as_str(), class));
        // A gym session or a swim in a pool moves nowhere: its time is the timer's.
        let time_s = if m.moving_time_s > 0.0 || class.is_running() {
            m.moving_time_s
        } else {
            a.device_totals
                .timer_time_s
                .or(a.computed.elapsed_s)
                .unwrap_or(0.0)
        };
        // Pace-based load (rTSS) prices a pace on foot: an untyped track the movement shows
        // to be a ride would count as a run at 2:30/km. Without heart rate, a ride or
        // anything not on foot has no load.
        let on_foot = matches!(class.class, Class::Running | Class::Walking | Class::Hiking);
        let load = if m.load_source == LoadSource::Pace && !on_foot {
            0.0
        } else {
            m.load
        };
        inputs.push(DayInput {
            class: class.class,
            date,
            load,
            distance_m: m.distance_m,
            moving_time_s: time_s,
        });
        if !class.is_running() {
            sessions.push(Session {
                id: a.id.clone(),
                date,
                class: class.class,
                time_s,
            });
            continue;
        }
        // A treadmill's pace is the belt's or a foot pod's, not comparable with GPS pace
        // outdoors: its runs count in volume and load, not in race fitness or pace at easy
        // heart rate (held-out tiny656: a winter on the treadmill read as a slump).
        let indoor = class.run_kind == Some(sport::RunKind::Treadmill);
        runs.push(Run {
            id: a.id.clone(),
            date,
            load: m.load,
            distance_m: m.distance_m,
            moving_time_s: m.moving_time_s,
            decoupling_pct: m.decoupling_pct,
            vdot: m.vdot.filter(|_| !indoor),
            intensity_factor: m.intensity_factor,
            hard_s: m.zone_s[3] + m.zone_s[4],
            race: None,
            aerobic_speed_m_s: m.aerobic_speed_m_s.filter(|_| !indoor),
            load_from_hr: m.load_source == LoadSource::Hr,
            gap_speed_m_s: m.gap_speed_m_s,
            pace_spread: m.pace_spread,
            ascent_m: a.computed.ascent_m.or(a.device_totals.ascent_m),
            name: a.name.clone(),
            discarded_efforts: m.discarded_efforts,
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
    }
    for (r, mark) in runs.iter_mut().zip(race_marks(&efforts)) {
        r.race = mark;
    }
    // Start order is date order except across time zones (travel): the rules want dates.
    runs.sort_by_key(|r| r.date);
    sessions.sort_by_key(|s| s.date);
    let until = range
        .until
        .or_else(|| inputs.iter().map(|d| d.date).max())
        .unwrap_or_else(|| Utc::now().date_naive());
    let daily = daily_series(&inputs, until);
    let weekly = weekly_series(&daily, &inputs);
    let efficiency = efficiency_blocks(&weekly, &runs);
    let breaks = super::breaks::breaks(&runs.iter().map(|r| r.date).collect::<Vec<_>>());
    let (found, sufficiency) = findings::detect(Input {
        daily: &daily,
        weekly: &weekly,
        runs: &runs,
        hr: HrAnchors {
            rest_bpm: prof.rest_hr_bpm.value,
            aerobic_ref_bpm: aerobic_ref_hr_bpm(&prof),
        },
        breaks: &breaks,
    });
    let cross_training = sport::cross_training(
        inputs
            .iter()
            .map(|d| (d.class, d.moving_time_s, d.distance_m)),
    );
    TrainingLoad {
        profile: prof,
        activities: inputs.len(),
        cross_training,
        sessions,
        classes: sport::groups(classified),
        load_from_hr: hr,
        load_from_pace: pace,
        without_load: none,
        runs,
        breaks,
        findings: found,
        sufficiency,
        daily,
        weekly,
        efficiency,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn efficiency_blocks_take_medians_per_four_weeks() {
        use crate::analysis::load::{DayInput, daily_series, weekly_series};
        let d0 = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
        let runs: Vec<Run> = (0..10)
            .map(|i| Run {
                id: format!("r{i}"),
                date: d0 + chrono::Duration::days(i * 4),
                load: 50.0,
                distance_m: 10_000.0,
                moving_time_s: if i % 2 == 0 { 5000.0 } else { 3000.0 },
                decoupling_pct: Some(i as f64),
                vdot: None,
                intensity_factor: None,
                hard_s: 0.0,
                race: (i == 3).then_some(super::findings::RaceMark::Flag),
                aerobic_speed_m_s: (i != 1).then_some(3.0 + i as f64 * 0.1),
                load_from_hr: true,
                ..Run::default()
            })
            .collect();
        let inputs: Vec<DayInput> = runs
            .iter()
            .map(|r| DayInput {
                class: crate::analysis::sport::Class::Running,
                date: r.date,
                load: r.load,
                distance_m: r.distance_m,
                moving_time_s: r.moving_time_s,
            })
            .collect();
        let daily = daily_series(&inputs, d0 + chrono::Duration::days(36));
        let weekly = weekly_series(&daily, &inputs);
        let b = efficiency_blocks(&weekly, &runs);
        assert_eq!(b.len(), 2);
        // Days 0..27: runs 0–6; run 1 has no aerobic speed → median of 3.0, 3.2..3.6 = 3.35.
        assert_eq!((b[0].runs, b[0].aerobic_runs), (7, 6));
        assert!((b[0].aerobic_speed_m_s.unwrap() - 3.35).abs() < 1e-9);
        // Long runs 0, 2, 4, 6: decoupling median (2 + 4) / 2.
        assert_eq!(b[0].long_runs, 4);
        assert_eq!(b[0].long_run_decoupling_pct, Some(3.0));
        assert_eq!(b[0].races, 1);
        assert_eq!(b[1].runs, 3);
    }

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
