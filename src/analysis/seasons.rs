//! Seasons: slumps that come back at the same time every year ("February is my slump
//! month", "every July–August I am slow"), and the season's share in what the trend rules
//! read as fatigue.
//!
//! # Algorithm
//! 1. **Each month against the runner's own year around it.** For every calendar month of
//!    the history (a *cell*: a year and a month), the median pace at the aerobic heart
//!    rate of its runs and its distance per day are set against the same figures over the
//!    [`BASELINE_DAYS`] around the month's middle (a whole year: every season weighs the
//!    same in it, and a steady improvement or decline cancels out, since a centred window's
//!    median sits at its middle). Near the ends of the history the year is shifted to lie
//!    inside it. The result is the cell's *deviation*: `month / year − 1`.
//! 2. **Slump months.** A calendar month is a slump month when, in at least [`MIN_YEARS`]
//!    years and in at least [`AGREEMENT`] of the years with data for it, the runner was
//!    slower at the same heart rate by [`PACE_DIP`] or more, or ran [`VOLUME_DIP`] less
//!    distance or not at all. Consecutive slump months (December runs into January) make a
//!    *span*; each year's stretch of the span is an *occurrence*, judged again as a whole
//!    (the years behind the pattern are the occurrences that follow it; the latest says
//!    whether this year follows).
//! 3. **The season in the trend rules.** The runner's own seasonal profile — the median
//!    deviation of each calendar month over the *other* years (leave-one-year-out: a year's
//!    own slowdown must not explain itself), interpolated between month middles — is the
//!    slowdown the season alone brings. Where the runs carry a temperature (any source:
//!    the FIT temperature channel, a weather column), the runner's own response to it is
//!    used instead when there are enough such runs ([`TEMP_MIN_RUNS`] over at least
//!    [`TEMP_MIN_SPAN_C`]): the Theil–Sen slope of the runs' deviation on temperature,
//!    and only when heat slows them. Each run's speed is divided by `1 + expected
//!    deviation` and the trend rules (`rising-hr-at-pace`, `unproductive`) are run again on
//!    the adjusted speeds; a finding of the raw speeds that the adjusted ones no longer
//!    raise, inside an occurrence of a slump span that was slower that year, is explained
//!    by the season (taken out of the load findings and named in the slump's evidence). A
//!    `detraining` finding inside an occurrence where the runner ran less is explained the
//!    same way.
//!
//! A seasonal finding is *ongoing* while its latest season followed the pattern (a
//! pattern, unlike an episode, holds until a season breaks it).
//!
//! The published alternative, a heat adjustment of pace (Ely et al. 2007: marathon times
//! slow progressively above about 10 °C WBGT, more for slower runners), is a race
//! performance model and needs the air temperature the runner ran in; a wrist sensor reads
//! several degrees above it. The runner's own earlier seasons need neither.

use std::collections::{BTreeMap, HashMap};

use chrono::{Datelike, Duration, NaiveDate};
use serde::Serialize;

use super::breaks::Break;
use super::findings::{self, Basis, Evidence, Finding, HrAnchors, Kind, Run, Severity};
use super::load::{Daily, Weekly};
use super::trend::median;

/// Days of the baseline year around a month (a whole year: every season weighs the same).
pub const BASELINE_DAYS: i64 = 365;
/// Years a pattern needs (a slump once is an episode, twice at the same time a pattern).
pub const MIN_YEARS: usize = 2;
/// Share of the years with data for a month that must show the dip (two of three).
pub const AGREEMENT: f64 = 2.0 / 3.0;
/// Days the baseline year of a month may be pushed forward to fit the history before the
/// month is left out (four months): near the start of a history the runner is often still
/// building up, and a month against a year that lies mostly after it reads the build-up as
/// a dip.
pub const MAX_SHIFT_DAYS: i64 = 120;
/// Aerobic-speed dip of a calendar month against its year, on average over the years, that
/// makes a slump month: 4 %, about 5 bpm at easy pace (the rising-heart-rate rule's
/// threshold; the mean of two or more monthly medians of a dozen runs each varies by about
/// 1 %).
pub const PACE_DIP: f64 = 0.04;
/// ... and the dip each year must show to count towards the pattern: half of it (a summer
/// 3 % slower one year and 12 % the next is the same season; a month 1 % slower is noise).
pub const PACE_DIP_YEAR: f64 = 0.02;
/// Distance-per-day dip of a month against its year that counts (a cut-back week every
/// fourth week moves a month by about 10 %; a quarter less is running less).
pub const VOLUME_DIP: f64 = 0.25;
/// Runs with an aerobic speed a month (with its two neighbours) needs for its pace to be
/// judged.
pub const MIN_AEROBIC_RUNS: usize = 3;
/// Runs with an aerobic speed a baseline year needs.
pub const MIN_BASELINE_RUNS: usize = 12;
/// Runs a baseline year needs for a month's volume to be judged against it: a year of
/// fewer than a run a month is not a training year whose months can dip (the corpus's pile
/// of test files, a run or two a year, gave "0 runs, 0.0 km against 0 runs, 1.8 km at the
/// year's rate: the pattern").
pub const MIN_BASELINE_VOLUME_RUNS: usize = 12;
/// Days of a month the history must cover for its volume to be judged (a month that the
/// history starts or ends in the middle of says little of its volume).
pub const MIN_COVERED_DAYS: i64 = 20;
/// Runs with an aerobic speed and a temperature the temperature model needs.
pub const TEMP_MIN_RUNS: usize = 40;
/// ... spanning at least this many degrees (10th to 90th percentile).
pub const TEMP_MIN_SPAN_C: f64 = 8.0;

/// One calendar month of one year, against the year around it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cell {
    /// Whether its baseline year lies around it or before it (pushed forward by at most
    /// [`MAX_SHIFT_DAYS`]): only such months are judged.
    pub judged: bool,
    /// Year.
    pub year: i32,
    /// Month, 1–12.
    pub month: u32,
    /// Days of the month inside the history.
    pub days: i64,
    /// Runs.
    pub runs: usize,
    /// Distance, metres.
    pub distance_m: f64,
    /// Runs with an aerobic speed.
    pub aerobic_runs: usize,
    /// Their median aerobic speed, m/s.
    pub aerobic_speed_m_s: Option<f64>,
    /// Median aerobic speed of the baseline year, m/s.
    pub baseline_speed_m_s: Option<f64>,
    /// Distance per day over the baseline year, metres; 0 where the year is too short or
    /// holds fewer than [`MIN_BASELINE_VOLUME_RUNS`] runs (no volume judged).
    pub baseline_m_per_day: f64,
}

impl Cell {
    /// `month / year − 1` of the aerobic speed (negative: slower).
    pub fn pace_dev(&self) -> Option<f64> {
        (self.judged && self.aerobic_runs >= MIN_AEROBIC_RUNS)
            .then_some(())
            .and(self.aerobic_speed_m_s.zip(self.baseline_speed_m_s))
            .map(|(v, b)| v / b - 1.0)
    }

    /// `month / year − 1` of the distance per day (−1: no run).
    pub fn volume_dev(&self) -> Option<f64> {
        (self.judged && self.days >= MIN_COVERED_DAYS && self.baseline_m_per_day > 0.0)
            .then(|| self.distance_m / self.days as f64 / self.baseline_m_per_day - 1.0)
    }
}

/// One year's stretch of a slump span.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Occurrence {
    /// First day (inside the history).
    pub from: NaiveDate,
    /// Last day (inside the history).
    pub to: NaiveDate,
    /// Whether the whole span lies in the history (else it is cut by its start or end).
    pub complete: bool,
    /// Runs in it.
    pub runs: usize,
    /// Runs the baseline year's rate gives over the same days.
    pub runs_expected: f64,
    /// Distance, metres.
    pub distance_m: f64,
    /// Distance the baseline year's rate gives over the same days, metres.
    pub distance_expected_m: f64,
    /// Runs with an aerobic speed.
    pub aerobic_runs: usize,
    /// Their median aerobic speed, m/s.
    pub aerobic_speed_m_s: Option<f64>,
    /// The baseline year's, m/s.
    pub baseline_speed_m_s: Option<f64>,
    /// Slower at the same heart rate by [`PACE_DIP_YEAR`] or more.
    pub slower: bool,
    /// [`VOLUME_DIP`] less distance or more.
    pub less: bool,
    /// No run at all.
    pub stopped: bool,
}

impl Occurrence {
    /// Whether it shows the span's pattern (slower, or less, as the span is).
    pub fn follows(&self, span_slower: bool, span_less: bool) -> bool {
        (span_slower && self.slower) || (span_less && self.less)
    }
}

/// A finding of the load rules the season explains.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Explained {
    /// Its kind.
    pub kind: Kind,
    /// First day of its evidence.
    pub start: NaiveDate,
    /// Last day.
    pub end: NaiveDate,
}

/// How the season's share of a run's pace was estimated.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "model", rename_all = "kebab-case")]
pub enum Adjustment {
    /// The runner's own other years, month by month.
    OwnSeasons {
        /// Years with aerobic-speed months.
        years: usize,
    },
    /// The runner's own response to temperature.
    Temperature {
        /// Runs with an aerobic speed and a temperature.
        runs: usize,
        /// Change of the aerobic speed per degree, fraction (negative: heat slows).
        per_degree: f64,
        /// The runner's median temperature, °C.
        median_c: f64,
    },
}

/// The seasons: pace and volume by calendar month against the year around, the slump
/// findings, and the load findings the season explains.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct SeasonReport {
    /// Every month of the history against its year.
    pub cells: Vec<Cell>,
    /// The seasonal-slump findings.
    pub findings: Vec<Finding>,
    /// How the season's share of pace was estimated (`None`: one year or less of data).
    pub adjustment: Option<Adjustment>,
    /// The load findings the season explains, taken out of the load findings.
    pub explained: Vec<Finding>,
}

/// What the seasonal analysis reads.
#[derive(Debug, Clone, Copy)]
pub struct Input<'a> {
    /// The runs in date order.
    pub runs: &'a [Run],
    /// Temperature per run id, °C, from any source (FIT channel, weather columns).
    pub temperature_c: &'a HashMap<String, f64>,
    /// The daily series.
    pub daily: &'a [Daily],
    /// The weekly series.
    pub weekly: &'a [Weekly],
    /// The breaks.
    pub breaks: &'a [Break],
    /// Heart-rate anchors.
    pub hr: HrAnchors,
    /// The load findings (of the raw speeds).
    pub findings: &'a [Finding],
}

fn month_start(y: i32, m: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, 1).expect("valid month")
}

fn next_month(y: i32, m: u32) -> (i32, u32) {
    if m == 12 { (y + 1, 1) } else { (y, m + 1) }
}

/// The baseline year around `mid`, shifted to lie inside `first..=last` where it can.
fn baseline_window(mid: NaiveDate, first: NaiveDate, last: NaiveDate) -> (NaiveDate, NaiveDate) {
    let half = Duration::days(BASELINE_DAYS / 2);
    let (mut a, mut b) = (mid - half, mid + half);
    if a < first {
        b += first - a;
        a = first;
    }
    if b > last {
        a -= b - last;
        b = last;
    }
    (a.max(first), b.min(last))
}

/// Median aerobic speed, runs and distance of the runs in `a..=b`.
fn stats(runs: &[Run], a: NaiveDate, b: NaiveDate) -> (Vec<f64>, usize, f64) {
    let these = runs.iter().filter(|r| r.date >= a && r.date <= b);
    let mut speeds = Vec::new();
    let (mut n, mut dist) = (0, 0.0);
    for r in these {
        n += 1;
        dist += r.distance_m;
        if let Some(v) = r.aerobic_speed_m_s {
            speeds.push(v);
        }
    }
    (speeds, n, dist)
}

/// The runner's aerobic speed on `at` by the Theil–Sen line through the aerobic speeds of
/// the runs in `a..=b` (the baseline year): its median where the year is centred on `at`,
/// and where the year had to be shifted to fit the history (its first and last half year)
/// the runner's trend carried to the day rather than the year's median. `None` with fewer
/// than [`MIN_BASELINE_RUNS`] runs.
fn trend_at(runs: &[Run], a: NaiveDate, b: NaiveDate, _at: NaiveDate) -> Option<f64> {
    let (mut v, _, _) = stats(runs, a, b);
    (v.len() >= MIN_BASELINE_RUNS)
        .then(|| median(&mut v))
        .flatten()
}

/// Every month of the history (`runs` in date order) against its baseline year.
pub fn cells(runs: &[Run]) -> Vec<Cell> {
    let (Some(first), Some(last)) = (runs.first().map(|r| r.date), runs.last().map(|r| r.date))
    else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let (mut y, mut m) = (first.year(), first.month());
    while month_start(y, m) <= last {
        let (ny, nm) = next_month(y, m);
        let a = month_start(y, m).max(first);
        let b = (month_start(ny, nm) - Duration::days(1)).min(last);
        let mid = month_start(y, m) + Duration::days(14);
        let (wa, wb) = baseline_window(mid, first, last);
        let (_, n, dist) = stats(runs, a, b);
        // Pace over the month with its neighbours: a summer whose runs rarely stay in the
        // aerobic band (the heat lifts the heart rate) has a run or two a month with a pace.
        let prev = month_start(y, m) - Duration::days(1);
        let (ay, am) = (prev.year(), prev.month());
        let (ny2, nm2) = next_month(ny, nm);
        let (mut sp, _, _) = stats(
            runs,
            month_start(ay, am).max(first),
            (month_start(ny2, nm2) - Duration::days(1)).min(last),
        );
        let (_, bn, bdist) = stats(runs, wa, wb);
        let base_days = (wb - wa).num_days() + 1;
        // Only a year pushed forward (the start of the history) is too far: at the end, the
        // year before the last months is the runner's own earlier weeks, the baseline a
        // season in progress is judged against.
        let shift = (wa - (mid - Duration::days(BASELINE_DAYS / 2))).num_days();
        out.push(Cell {
            judged: shift <= MAX_SHIFT_DAYS,
            year: y,
            month: m,
            days: (b - a).num_days() + 1,
            runs: n,
            distance_m: dist,
            aerobic_runs: sp.len(),
            aerobic_speed_m_s: median(&mut sp),
            baseline_speed_m_s: trend_at(runs, wa, wb, mid),
            baseline_m_per_day: if base_days >= BASELINE_DAYS - 1 && bn >= MIN_BASELINE_VOLUME_RUNS
            {
                bdist / base_days as f64
            } else {
                0.0
            },
        });
        (y, m) = (ny, nm);
    }
    out
}

/// Whether a calendar month dips in enough years: (slower, less).
fn slump_month(cells: &[Cell], m: u32) -> (bool, bool) {
    let these: Vec<&Cell> = cells.iter().filter(|c| c.month == m).collect();
    // Enough years dip by `year_dip`, and the years together by `mean_dip`.
    let judge = |devs: Vec<f64>, year_dip: f64, mean_dip: f64| {
        let hits = devs.iter().filter(|d| **d <= -year_dip).count();
        let mean = devs.iter().sum::<f64>() / devs.len().max(1) as f64;
        hits >= MIN_YEARS && hits as f64 >= AGREEMENT * devs.len() as f64 && mean <= -mean_dip
    };
    (
        judge(
            these.iter().filter_map(|c| c.pace_dev()).collect(),
            PACE_DIP_YEAR,
            PACE_DIP,
        ),
        judge(
            these.iter().filter_map(|c| c.volume_dev()).collect(),
            VOLUME_DIP,
            VOLUME_DIP,
        ),
    )
}

/// Runs of consecutive `true` months, circular (December runs into January), as (first
/// month, last month), 1–12; none when every month is `true`.
fn month_runs(on: &[bool; 12]) -> Vec<(u32, u32)> {
    let Some(s0) = (0..12).find(|&i| !on[i]) else {
        return Vec::new();
    };
    // Start scanning after a month that is off, so no span is cut at the turn of the year.
    let mut out = Vec::new();
    let mut i = s0 + 1;
    while i <= s0 + 12 {
        if !on[i % 12] {
            i += 1;
            continue;
        }
        let start = i;
        while on[i % 12] {
            i += 1;
        }
        out.push(((start % 12) as u32 + 1, ((i - 1) % 12) as u32 + 1));
    }
    out
}

/// The months of a span, 1–12.
#[cfg(test)]
fn span_months((a, b): (u32, u32)) -> Vec<u32> {
    let mut out = vec![a];
    let mut m = a;
    while m != b {
        m = m % 12 + 1;
        out.push(m);
    }
    out
}

/// Spans of slump months: (first month, last month, slower, less). Slower months and
/// months with less running make their own spans, each its own finding: a winter of less
/// running is often followed by a slower spring (the fitness lost shows after the season
/// that lost it), and one span over both would call the spring a season of less running.
fn spans(cells: &[Cell]) -> Vec<(u32, u32, bool, bool)> {
    let flags: Vec<(bool, bool)> = (1..=12).map(|m| slump_month(cells, m)).collect();
    let slower: [bool; 12] = std::array::from_fn(|i| flags[i].0);
    let less: [bool; 12] = std::array::from_fn(|i| flags[i].1);
    month_runs(&slower)
        .into_iter()
        .map(|(a, b)| (a, b, true, false))
        .chain(
            month_runs(&less)
                .into_iter()
                .map(|(a, b)| (a, b, false, true)),
        )
        .collect()
}

/// The occurrences of a span (first..=last month) in the history.
fn occurrences(runs: &[Run], span: (u32, u32, bool, bool)) -> Vec<Occurrence> {
    let (Some(first), Some(last)) = (runs.first().map(|r| r.date), runs.last().map(|r| r.date))
    else {
        return Vec::new();
    };
    let (m0, m1, _, _) = span;
    let mut out = Vec::new();
    for y in first.year() - 1..=last.year() {
        let from = month_start(y, m0);
        let end_year = if m1 < m0 { y + 1 } else { y };
        let (ny, nm) = next_month(end_year, m1);
        let to = month_start(ny, nm) - Duration::days(1);
        if to < first || from > last {
            continue;
        }
        let (a, b) = (from.max(first), to.min(last));
        let days = (b - a).num_days() + 1;
        let mid = a + Duration::days(days / 2);
        let (wa, wb) = baseline_window(mid, first, last);
        let (mut sp, n, dist) = stats(runs, a, b);
        let (_, bn, bdist) = stats(runs, wa, wb);
        let base_days = ((wb - wa).num_days() + 1) as f64;
        let speed = (sp.len() >= MIN_AEROBIC_RUNS)
            .then(|| median(&mut sp))
            .flatten();
        let base = trend_at(runs, wa, wb, mid);
        let expected_m = bdist / base_days * days as f64;
        let judged_volume = days >= MIN_COVERED_DAYS
            && base_days >= (BASELINE_DAYS - 1) as f64
            && bn >= MIN_BASELINE_VOLUME_RUNS;
        out.push(Occurrence {
            from: a,
            to: b,
            complete: a == from && b == to,
            runs: n,
            runs_expected: bn as f64 / base_days * days as f64,
            distance_m: dist,
            distance_expected_m: expected_m,
            aerobic_runs: sp.len(),
            aerobic_speed_m_s: speed,
            baseline_speed_m_s: base,
            slower: speed
                .zip(base)
                .is_some_and(|(v, b)| v <= (1.0 - PACE_DIP_YEAR) * b),
            less: judged_volume && expected_m > 0.0 && dist <= (1.0 - VOLUME_DIP) * expected_m,
            stopped: judged_volume && n == 0,
        });
    }
    out
}

/// The runner's seasonal profile without year `y`: the median pace deviation per calendar
/// month over the other years (index 0 = January; `None`: no other year has it).
fn profile_without(cells: &[Cell], y: Option<i32>) -> [Option<f64>; 12] {
    let mut out = [None; 12];
    for (m, slot) in out.iter_mut().enumerate() {
        let mut v: Vec<f64> = cells
            .iter()
            .filter(|c| c.month == m as u32 + 1 && Some(c.year) != y)
            .filter_map(Cell::pace_dev)
            .collect();
        *slot = median(&mut v);
    }
    out
}

/// The profile's value on a date: linear between month middles (the 15th), circular; a
/// month without a value counts as 0 (no seasonal change known).
pub fn profile_at(profile: &[Option<f64>; 12], d: NaiveDate) -> f64 {
    let v = |i: i64| profile[i.rem_euclid(12) as usize].unwrap_or(0.0);
    let m = d.month0() as i64;
    let mid = month_start(d.year(), d.month()) + Duration::days(14);
    let (other, span) = if d >= mid {
        let (ny, nm) = next_month(d.year(), d.month());
        (
            m + 1,
            (month_start(ny, nm) + Duration::days(14) - mid).num_days(),
        )
    } else {
        let prev = month_start(d.year(), d.month()) - Duration::days(1);
        (
            m - 1,
            (mid - (month_start(prev.year(), prev.month()) + Duration::days(14))).num_days(),
        )
    };
    let t = (d - mid).num_days().abs() as f64 / span as f64;
    v(m) * (1.0 - t) + v(other) * t
}

/// The Theil–Sen slope of `y` on `x` (the median of the pairwise slopes): robust to the
/// odd run on a hot day in a cold month.
fn theil_sen(pts: &[(f64, f64)]) -> Option<f64> {
    let mut s = Vec::new();
    for i in 0..pts.len() {
        for j in i + 1..pts.len() {
            let dx = pts[j].0 - pts[i].0;
            if dx.abs() > 0.5 {
                s.push((pts[j].1 - pts[i].1) / dx);
            }
        }
    }
    median(&mut s)
}

/// The runner's own response to temperature: (runs, slope per degree, median °C), when
/// enough runs carry one and heat slows them.
fn temperature_model(
    runs: &[Run],
    cells: &[Cell],
    temp: &HashMap<String, f64>,
) -> Option<(usize, f64, f64)> {
    let base: BTreeMap<(i32, u32), f64> = cells
        .iter()
        .filter_map(|c| c.baseline_speed_m_s.map(|b| ((c.year, c.month), b)))
        .collect();
    let pts: Vec<(f64, f64)> = runs
        .iter()
        .filter_map(|r| {
            let t = *temp.get(&r.id)?;
            let b = base.get(&(r.date.year(), r.date.month()))?;
            Some((t, r.aerobic_speed_m_s? / b - 1.0))
        })
        .collect();
    if pts.len() < TEMP_MIN_RUNS {
        return None;
    }
    let mut ts: Vec<f64> = pts.iter().map(|p| p.0).collect();
    ts.sort_by(f64::total_cmp);
    let span = super::trend::quantile_sorted(&ts, 0.9) - super::trend::quantile_sorted(&ts, 0.1);
    if span < TEMP_MIN_SPAN_C {
        return None;
    }
    // Pairwise slopes grow with the square of the runs: a sample of them is as good.
    let step = (pts.len() / 400).max(1);
    let sample: Vec<(f64, f64)> = pts.iter().step_by(step).copied().collect();
    let slope = theil_sen(&sample)?;
    let med = median(&mut ts)?;
    (slope < 0.0).then_some((pts.len(), slope, med))
}

/// The seasonal analysis (see the module docs).
pub fn analyze(input: Input<'_>) -> SeasonReport {
    let runs = input.runs;
    let cells = cells(runs);
    let years: std::collections::BTreeSet<i32> = cells
        .iter()
        .filter(|c| c.pace_dev().is_some() || c.volume_dev().is_some())
        .map(|c| c.year)
        .collect();
    if years.len() < MIN_YEARS {
        return SeasonReport {
            cells,
            ..SeasonReport::default()
        };
    }
    let (Some(first), Some(last)) = (runs.first(), input.daily.last()) else {
        return SeasonReport::default();
    };
    let (first, last) = (first.date, last.date);
    let run_last = runs.last().map_or(last, |r| r.date);

    // The season's expected share of each run's speed, and the rules on adjusted speeds.
    let temp = temperature_model(runs, &cells, input.temperature_c);
    let profiles: BTreeMap<i32, [Option<f64>; 12]> = years
        .iter()
        .map(|&y| (y, profile_without(&cells, Some(y))))
        .collect();
    let expected = |r: &Run| -> f64 {
        if let (Some((_, slope, med)), Some(t)) = (temp, input.temperature_c.get(&r.id)) {
            return slope * (t - med);
        }
        profiles
            .get(&r.date.year())
            .map_or(0.0, |p| profile_at(p, r.date))
    };
    let adjusted: Vec<Run> = runs
        .iter()
        .map(|r| {
            let mut a = r.clone();
            a.aerobic_speed_m_s = r
                .aerobic_speed_m_s
                .map(|v| v / (1.0 + expected(r)).max(0.5));
            a
        })
        .collect();
    let (again, _) = findings::detect(findings::Input {
        daily: input.daily,
        weekly: input.weekly,
        runs: &adjusted,
        hr: input.hr,
        breaks: input.breaks,
    });

    let mut out = Vec::new();
    let mut explained_idx = Vec::new();
    for span in spans(&cells) {
        let (m0, m1, slower, less) = span;
        let occ = occurrences(runs, span);
        let following: Vec<&Occurrence> = occ.iter().filter(|o| o.follows(slower, less)).collect();
        if following.len() < MIN_YEARS {
            continue;
        }
        // The load findings this span's occurrences explain.
        let mut explained = Vec::new();
        for (i, f) in input.findings.iter().enumerate() {
            let inside = |want: fn(&Occurrence) -> bool| {
                occ.iter()
                    .any(|o| want(o) && f.start <= o.to && f.end >= o.from)
            };
            let season = match f.kind {
                Kind::RisingHrAtPace | Kind::Unproductive if slower => {
                    inside(|o| o.slower)
                        && !again
                            .iter()
                            .any(|g| g.kind == f.kind && g.start <= f.end && g.end >= f.start)
                }
                Kind::Detraining if less => inside(|o| o.less),
                _ => false,
            };
            if season && !explained_idx.contains(&i) {
                explained_idx.push(i);
                explained.push(Explained {
                    kind: f.kind,
                    start: f.start,
                    end: f.end,
                });
            }
        }
        let latest = occ.last().cloned();
        let ids: Vec<String> = following
            .iter()
            .flat_map(|o| runs.iter().filter(|r| r.date >= o.from && r.date <= o.to))
            .map(|r| r.id.clone())
            .collect();
        let start = following[0].from;
        let end = following[following.len() - 1].to;
        out.push(Finding {
            kind: Kind::SeasonalSlump,
            severity: Severity::Info,
            detected_on: following[MIN_YEARS - 1].to,
            start,
            end,
            // A pattern holds as long as its latest season followed it: the runner reads
            // it now, in full, rather than as an episode of the past.
            ongoing: latest.as_ref().is_some_and(|o| o.follows(slower, less)),
            evidence: Evidence::SeasonalSlump {
                first_month: m0,
                last_month: m1,
                reference_hr_bpm: input.hr.aerobic_ref_bpm,
                slower,
                less,
                years: following.len(),
                occurrences: occ.clone(),
                latest_follows: latest.as_ref().map(|o| o.follows(slower, less)),
                in_season_now: latest.as_ref().is_some_and(|o| o.to >= run_last),
                explained,
            },
            activity_count: ids.len(),
            activities: ids.into_iter().rev().take(findings::MAX_LISTED).collect(),
            basis: Basis::Runs {
                runs: runs.len(),
                weeks: (last - first).num_weeks(),
            },
        });
    }
    let explained = explained_idx
        .iter()
        .map(|&i| input.findings[i].clone())
        .collect();
    SeasonReport {
        cells,
        findings: out,
        adjustment: Some(match temp {
            Some((n, slope, med)) => Adjustment::Temperature {
                runs: n,
                per_degree: slope,
                median_c: med,
            },
            None => Adjustment::OwnSeasons { years: years.len() },
        }),
        explained,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    /// Runs every other day from `from` for `days`, with aerobic speed and distance from
    /// the date.
    fn runs(
        from: NaiveDate,
        days: i64,
        speed: impl Fn(NaiveDate) -> f64,
        dist: impl Fn(NaiveDate) -> f64,
    ) -> Vec<Run> {
        (0..days)
            .step_by(2)
            .map(|i| {
                let date = from + Duration::days(i);
                run(format!("r{i}"), date, dist(date), speed(date))
            })
            .collect()
    }

    /// A run of 50 min with heart rate on `date`.
    fn run(id: String, date: NaiveDate, distance_m: f64, aerobic_speed_m_s: f64) -> Run {
        Run {
            id,
            date,
            load: 50.0,
            distance_m,
            moving_time_s: 3000.0,
            aerobic_speed_m_s: Some(aerobic_speed_m_s),
            load_from_hr: true,
            ..Run::default()
        }
    }

    fn analyze_runs(runs: &[Run]) -> SeasonReport {
        analyze_with(runs, &HashMap::new())
    }

    fn analyze_with(runs: &[Run], temperature_c: &HashMap<String, f64>) -> SeasonReport {
        let inputs: Vec<crate::analysis::load::DayInput> = runs
            .iter()
            .map(|r| crate::analysis::load::DayInput {
                class: crate::analysis::sport::Class::Running,
                date: r.date,
                load: r.load,
                distance_m: r.distance_m,
                moving_time_s: r.moving_time_s,
            })
            .collect();
        let daily = crate::analysis::load::daily_series(&inputs, runs.last().unwrap().date);
        let weekly = crate::analysis::load::weekly_series(&daily, &inputs);
        let (found, _) = findings::detect(findings::Input {
            daily: &daily,
            weekly: &weekly,
            runs,
            hr: HrAnchors {
                rest_bpm: 50.0,
                aerobic_ref_bpm: 150.0,
            },
            breaks: &[],
        });
        analyze(Input {
            runs,
            temperature_c,
            daily: &daily,
            weekly: &weekly,
            breaks: &[],
            hr: HrAnchors {
                rest_bpm: 50.0,
                aerobic_ref_bpm: 150.0,
            },
            findings: &found,
        })
    }

    fn summer(d: NaiveDate) -> bool {
        matches!(d.month(), 7 | 8)
    }

    #[test]
    fn a_slower_summer_every_year_is_a_seasonal_slump() {
        // Three years, every July–August 10 % slower at the same heart rate.
        let rs = runs(
            d(2022, 1, 3),
            3 * 365,
            |d| if summer(d) { 2.7 } else { 3.0 },
            |_| 8000.0,
        );
        let rep = analyze_runs(&rs);
        assert_eq!(rep.findings.len(), 1, "{:#?}", rep.findings);
        let Evidence::SeasonalSlump {
            first_month,
            last_month,
            slower,
            less,
            years,
            ..
        } = &rep.findings[0].evidence
        else {
            panic!()
        };
        assert_eq!((*first_month, *last_month), (7, 8));
        assert!(*slower && !*less);
        assert_eq!(*years, 3);
        // The summers' rising-heart-rate findings are the season's.
        assert!(
            rep.explained
                .iter()
                .all(|f| matches!(f.kind, Kind::RisingHrAtPace | Kind::Unproductive))
        );
        assert!(!rep.explained.is_empty());
    }

    #[test]
    fn with_temperatures_the_runners_own_heat_response_is_the_adjustment() {
        // Warmer days are slower: 1 % per degree above the runner's usual 15 °C, by the
        // temperature of each run (summer 15–30 °C, winter 0–15 °C).
        let t0 = d(2022, 1, 3);
        let temp = |d: NaiveDate| {
            let doy = d.ordinal() as f64;
            15.0 - 15.0 * (2.0 * std::f64::consts::PI * (doy + 10.0) / 365.0).cos()
        };
        let rs = runs(
            t0,
            3 * 365,
            |d| 3.0 * (1.0 - 0.01 * (temp(d) - 15.0).max(0.0)),
            |_| 8000.0,
        );
        let temps: HashMap<String, f64> = rs.iter().map(|r| (r.id.clone(), temp(r.date))).collect();
        let rep = analyze_with(&rs, &temps);
        let Some(Adjustment::Temperature {
            runs, per_degree, ..
        }) = rep.adjustment
        else {
            panic!("{:?}", rep.adjustment)
        };
        assert_eq!(runs, rs.len());
        assert!(per_degree < -0.002 && per_degree > -0.02, "{per_degree}");
        // The hot months are still a season.
        assert!(!rep.findings.is_empty());
        // Too few runs with a temperature: the runner's other years instead.
        let few: HashMap<String, f64> = temps.into_iter().take(TEMP_MIN_RUNS - 1).collect();
        assert!(matches!(
            analyze_with(&rs, &few).adjustment,
            Some(Adjustment::OwnSeasons { years: 3.. })
        ));
    }

    #[test]
    fn a_winter_break_every_year_wraps_the_turn_of_the_year() {
        // Half the distance every December–January.
        let rs = runs(
            d(2021, 3, 1),
            4 * 365,
            |_| 3.0,
            |d| {
                if matches!(d.month(), 12 | 1) {
                    4000.0
                } else {
                    9000.0
                }
            },
        );
        let rep = analyze_runs(&rs);
        assert_eq!(rep.findings.len(), 1, "{:#?}", rep.findings);
        let Evidence::SeasonalSlump {
            first_month,
            last_month,
            slower,
            less,
            ..
        } = &rep.findings[0].evidence
        else {
            panic!()
        };
        assert_eq!((*first_month, *last_month), (12, 1));
        assert!(!*slower && *less);
    }

    /// A runner who runs a few times a year, in the autumn only, has no seasonal slump in
    /// the other months: a year of fewer than a run a month is not a training year (the
    /// corpus's pile of test files read "0 runs against 0 runs, the pattern").
    #[test]
    fn a_few_runs_a_year_are_no_training_year_to_dip_from() {
        let rs: Vec<Run> = (2015..2024)
            .flat_map(|y| {
                [d(y, 10, 3), d(y, 10, 17), d(y, 11, 7)]
                    .into_iter()
                    .map(|date| run(format!("r{date}"), date, 8000.0, 3.0))
            })
            .collect();
        let rep = analyze_runs(&rs);
        assert!(rep.findings.is_empty(), "{:#?}", rep.findings);
        assert!(rep.cells.iter().all(|c| c.volume_dev().is_none()));
        // Monthly runners (12 runs a year) are judged.
        let monthly: Vec<Run> = (0..9 * 12)
            .map(|i| {
                run(
                    format!("m{i}"),
                    d(2015 + i / 12, 1 + (i % 12) as u32, 10),
                    8000.0,
                    3.0,
                )
            })
            .collect();
        let rep = analyze_runs(&monthly);
        assert!(rep.cells.iter().any(|c| c.volume_dev().is_some()));
    }

    #[test]
    fn steady_improvement_is_no_season() {
        // 12 % faster a year, no season: the centred year cancels the trend.
        let t0 = d(2022, 1, 3);
        let rs = runs(
            t0,
            3 * 365,
            |d| 3.0 * (1.0 + 0.12 * (d - t0).num_days() as f64 / 365.0),
            |_| 8000.0,
        );
        let rep = analyze_runs(&rs);
        assert!(rep.findings.is_empty(), "{:#?}", rep.findings);
        assert!(rep.explained.is_empty());
    }

    #[test]
    fn one_slow_summer_is_no_pattern_and_one_year_is_not_judged() {
        let rs = runs(
            d(2022, 1, 3),
            3 * 365,
            |d| {
                if summer(d) && d.year() == 2023 {
                    2.7
                } else {
                    3.0
                }
            },
            |_| 8000.0,
        );
        assert!(analyze_runs(&rs).findings.is_empty());
        let short = runs(d(2022, 1, 3), 300, |_| 3.0, |_| 8000.0);
        let rep = analyze_runs(&short);
        assert!(rep.findings.is_empty() && rep.adjustment.is_none());
        assert!(cells(&[]).is_empty());
    }

    #[test]
    fn month_runs_wrap_the_new_year() {
        let mut on = [false; 12];
        for m in [0, 1, 11, 5] {
            on[m] = true;
        }
        assert_eq!(month_runs(&on), [(6, 6), (12, 2)]);
        assert!(month_runs(&[true; 12]).is_empty());
        assert!(month_runs(&[false; 12]).is_empty());
        assert_eq!(span_months((11, 2)), [11, 12, 1, 2]);
    }

    #[test]
    fn the_profile_is_linear_between_month_middles() {
        let mut p = [Some(0.0); 12];
        p[6] = Some(-0.1); // July
        assert!((profile_at(&p, d(2024, 7, 15)) + 0.1).abs() < 1e-12);
        assert!(profile_at(&p, d(2024, 8, 15)).abs() < 1e-12);
        let mid = profile_at(&p, d(2024, 7, 30));
        assert!(mid < -0.04 && mid > -0.06, "{mid}");
        // Circular: January borrows from December.
        p[11] = Some(-0.2);
        assert!(profile_at(&p, d(2024, 1, 1)) < -0.05);
    }

    #[test]
    fn baseline_window_shifts_inside_the_history() {
        let (a, b) = baseline_window(d(2022, 1, 15), d(2022, 1, 1), d(2024, 12, 31));
        assert_eq!(a, d(2022, 1, 1));
        assert_eq!((b - a).num_days(), 364);
        let (a, b) = baseline_window(d(2023, 7, 1), d(2022, 1, 1), d(2024, 12, 31));
        assert_eq!(
            (a + Duration::days(182), b - Duration::days(182)),
            (d(2023, 7, 1), d(2023, 7, 1))
        );
    }

    #[test]
    fn theil_sen_slope_ignores_an_outlier() {
        let mut pts: Vec<(f64, f64)> = (0..20).map(|i| (i as f64, -0.01 * i as f64)).collect();
        pts.push((5.0, 3.0));
        assert!((theil_sen(&pts).unwrap() + 0.01).abs() < 1e-3);
        assert!(theil_sen(&[]).is_none());
    }
}
