//! Goals: where the runner stands against the goals they set (`rutscope goal set`), and a
//! realistic goal to suggest to a runner in a rut who has none.
//!
//! # How a goal is judged
//! - **Race** (a distance in a time): race fitness now is the best effort VDOT of the last
//!   [`RECENT_DAYS`] days (the race signal, [`super::plateau`]); the predicted time is
//!   that VDOT's equivalent time over the goal distance ([`race_time`], Daniels' tables),
//!   and its range runs down to the third-best effort of those days (one good day is not
//!   a certainty). The goal needs the VDOT of its own time ([`vdot`]).
//! - **Weekly distance**: the mean of the last [`NOW_WEEKS`] whole weeks.
//! - **Long run**: the longest run of the last [`LONG_RUN_DAYS`] days.
//!
//! The trend of a race goal is the current phase of the plateau analysis
//! ([`super::plateau`]): of pace at easy heart rate where the runner has one reaching the
//! day judged (the steadier measure: the race signal is a staircase of best efforts that
//! can sit still for weeks between two races while fitness grows), else of race fitness;
//! its Theil–Sen slope as a share of its level, applied to the VDOT (race speed and VDOT
//! move nearly in proportion over a few percent), and none when the phase is flat. The
//! trend of a weekly-distance or long-run goal is the Theil–Sen slope of the weekly
//! distances or of the long-run signal's weekly points over the last [`TREND_WEEKS`]
//! weeks, counted only when its 95 % interval excludes zero. The projection to the goal's
//! date carries the trend on. A goal is **on track** when that projection reaches the
//! target by the date, **off track** when not; then the report gives the progress per
//! week the goal needs against the trend's. A weekly-distance goal that needs more than
//! [`SAFE_WEEKLY_RISE`] more a week is also marked too steep (the "10 % rule").
//!
//! # The suggested goal
//! With no goal set and the runner in a rut or a slump, the summary suggests a 10 km goal
//! [`SUGGEST_WEEKS`] weeks out (a training block): the level of the runner's best race
//! phase (a stretch of weeks, not one day), at most [`SUGGEST_MAX_GAIN_VDOT`] above race
//! fitness now (a step toward it), or [`SUGGEST_GAIN_VDOT`] above race fitness now when
//! they are at their best already.

use chrono::{Duration, NaiveDate};
use serde::Serialize;

use super::findings::ONGOING_DAYS;
use super::findings::Run;
use super::formulas::{race_time, vdot};
use super::load::Weekly;
use super::plateau::{Direction, PlateauReport, RACE_WINDOW_DAYS, Signal, signal_points};
use super::trend::theil_sen;
use crate::store::journal::{Goal, GoalKind};

/// Days of best efforts that give race fitness now (the race signal's window).
pub const RECENT_DAYS: i64 = RACE_WINDOW_DAYS;
/// Whole weeks whose mean is the weekly distance now.
pub const NOW_WEEKS: usize = 4;
/// Days whose longest run is the long run now.
pub const LONG_RUN_DAYS: i64 = 28;
/// Weeks of the trend.
pub const TREND_WEEKS: i64 = 12;
/// Largest weekly rise of weekly distance a goal may need before it is too steep (the
/// "10 % rule").
pub const SAFE_WEEKLY_RISE: f64 = 0.10;
/// Weeks out of a suggested goal: a training block.
pub const SUGGEST_WEEKS: i64 = 12;
/// VDOT above race fitness now of a suggested goal for a runner at their best already
/// (about 2 % on a 10 km: what a focused block gives a trained runner).
pub const SUGGEST_GAIN_VDOT: f64 = 1.0;
/// The most VDOT a suggested goal asks for in its [`SUGGEST_WEEKS`] weeks (about 6 % on a
/// 10 km): a runner far below their best is given a step toward it, not all of it.
pub const SUGGEST_MAX_GAIN_VDOT: f64 = 3.0;
/// The distance of a suggested goal, metres.
pub const SUGGEST_DISTANCE_M: f64 = 10_000.0;

/// Where a goal stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Standing {
    /// The runner is there already.
    Reached,
    /// The trend reaches it by the date.
    OnTrack,
    /// The trend does not reach it by the date.
    OffTrack,
    /// No date set: only the gap can be told.
    NoDate,
    /// The date has passed.
    Passed,
    /// No recent runs to judge from (no best effort, no whole week, no run).
    NoData,
}

/// One goal and where the runner stands against it. Values are in the goal's units:
/// seconds for a race (its predicted time), metres for a weekly distance or a long run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GoalStatus {
    /// The goal as set.
    pub goal: Goal,
    /// Where it stands.
    pub standing: Standing,
    /// The target in goal units (the race time, or the distance).
    pub target: f64,
    /// Weeks from the day judged to the goal's date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub weeks_left: Option<f64>,
    /// Where the runner is now.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub now: Option<f64>,
    /// The other end of the prediction's range (races: the time from the third-best
    /// effort).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub now_other_end: Option<f64>,
    /// Race fitness now (races).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vdot_now: Option<f64>,
    /// The VDOT the goal's time needs (races).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vdot_needed: Option<f64>,
    /// The trend per week (0 when not significant), goal units.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trend_per_week: Option<f64>,
    /// Whether there is a trend: an improving or declining phase (races), a slope whose
    /// 95 % interval excludes zero (distances).
    pub trend_significant: bool,
    /// Race goals: the signal whose current phase gives the trend.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trend_signal: Option<Signal>,
    /// Where the trend leads by the goal's date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub projected: Option<f64>,
    /// The progress per week the goal needs from now, goal units.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub needed_per_week: Option<f64>,
    /// Weekly distance goals: whether that progress is within [`SAFE_WEEKLY_RISE`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub safe: Option<bool>,
}

/// A goal to suggest.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct SuggestedGoal {
    /// The race distance, metres.
    pub distance_m: f64,
    /// The target time, seconds.
    pub time_s: f64,
    /// The date to reach it by.
    pub by: NaiveDate,
    /// The VDOT of the target.
    pub vdot: f64,
    /// Race fitness now.
    pub vdot_now: f64,
    /// The best race phase it comes from (`None`: race fitness now plus
    /// [`SUGGEST_GAIN_VDOT`]).
    pub best: Option<BestStretch>,
}

/// The runner's best race phase that was not a decline.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct BestStretch {
    /// First day.
    pub start: NaiveDate,
    /// Last day.
    pub end: NaiveDate,
    /// Its level: a flat phase's median VDOT, or where an improving one ended
    /// ([`super::plateau::Phase::held_level`]).
    pub vdot: f64,
}

/// What the goals are judged from.
#[derive(Debug, Clone, Copy)]
pub struct Input<'a> {
    /// The analysed runs, in date order.
    pub runs: &'a [Run],
    /// The weekly series.
    pub weekly: &'a [Weekly],
    /// The day judged on.
    pub today: NaiveDate,
    /// The plateau analysis (the race goals' trend).
    pub plateaus: &'a PlateauReport,
}

/// The relative trend per week of the current phase of a signal, when that phase reaches
/// `today` (within [`ONGOING_DAYS`]): 0 for a flat phase.
fn phase_trend(plateaus: &PlateauReport, signal: Signal, today: NaiveDate) -> Option<(f64, bool)> {
    let p = plateaus
        .signals
        .iter()
        .find(|s| s.signal == signal)?
        .phases
        .last()
        .filter(|p| p.end >= today - Duration::days(ONGOING_DAYS) && p.level > 0.0)?;
    Some(match p.direction {
        Direction::Flat => (0.0, false),
        _ => (p.slope_per_week / p.level, true),
    })
}

/// Race fitness on `today`: the best effort VDOT of the last [`RECENT_DAYS`] days and the
/// third-best (the range's other end).
fn race_now(runs: &[Run], today: NaiveDate) -> Option<(f64, f64)> {
    let mut v: Vec<f64> = runs
        .iter()
        .filter(|r| r.date <= today && r.date > today - Duration::days(RECENT_DAYS))
        .filter_map(|r| r.vdot)
        .collect();
    v.sort_by(|a, b| b.total_cmp(a));
    Some((*v.first()?, *v.get(2).unwrap_or(v.last()?)))
}

/// The Theil–Sen slope per week of weekly points over the last [`TREND_WEEKS`] weeks, and
/// whether it is significant.
fn trend(points: &[(NaiveDate, f64)], today: NaiveDate) -> Option<(f64, bool)> {
    let from = today - Duration::weeks(TREND_WEEKS);
    let (x, y): (Vec<f64>, Vec<f64>) = points
        .iter()
        .filter(|(d, _)| *d > from && *d <= today)
        .map(|(d, v)| ((*d - from).num_days() as f64 / 7.0, *v))
        .unzip();
    let t = theil_sen(&x, &y)?;
    Some((t.slope, t.significant()))
}

/// A distance goal's (now, trend per week, projection at the date, more is better): the
/// [`trend`] of `points` when significant, carried on from `now` to the goal's date; marks
/// `s` with whether there is a trend.
fn carried(
    s: &mut GoalStatus,
    now: f64,
    points: &[(NaiveDate, f64)],
    today: NaiveDate,
) -> (f64, f64, Option<f64>, bool) {
    let (slope, sig) = trend(points, today).unwrap_or((0.0, false));
    s.trend_significant = sig;
    let slope = if sig { slope } else { 0.0 };
    let projected = s.weeks_left.map(|w| now + slope * w.max(0.0));
    (now, slope, projected, true)
}

/// Each goal's standing.
pub fn judge(goals: &[Goal], input: Input<'_>) -> Vec<GoalStatus> {
    goals.iter().map(|g| judge_one(g, input)).collect()
}

fn judge_one(goal: &Goal, input: Input<'_>) -> GoalStatus {
    let today = input.today;
    let weeks_left = goal.by.map(|b| (b - today).num_days() as f64 / 7.0);
    let mut s = GoalStatus {
        goal: goal.clone(),
        standing: Standing::NoData,
        target: goal.time_s.unwrap_or(goal.distance_m),
        weeks_left,
        now: None,
        now_other_end: None,
        vdot_now: None,
        vdot_needed: None,
        trend_per_week: None,
        trend_significant: false,
        trend_signal: None,
        projected: None,
        needed_per_week: None,
        safe: None,
    };
    // (now, trend per week in the measure, the projection at the date) in goal units, and
    // whether more is better.
    let judged: Option<(f64, f64, Option<f64>, bool)> = match goal.kind {
        GoalKind::Race => {
            let target_s = goal.time_s.unwrap_or(0.0);
            s.vdot_needed = vdot(goal.distance_m, target_s);
            race_now(input.runs, today).and_then(|(best, third)| {
                let now = race_time(goal.distance_m, best)?;
                s.vdot_now = Some(best);
                s.now_other_end = race_time(goal.distance_m, third);
                let (signal, (rel, sig)) = [Signal::Aerobic, Signal::Race]
                    .into_iter()
                    .find_map(|sig| phase_trend(input.plateaus, sig, today).map(|t| (sig, t)))
                    .unwrap_or((Signal::Race, (0.0, false)));
                s.trend_significant = sig;
                s.trend_signal = Some(signal);
                let slope = rel * best;
                // Seconds per week: the time a week of the trend takes off.
                let per_week = race_time(goal.distance_m, best + slope).map(|t| t - now);
                let projected =
                    weeks_left.and_then(|w| race_time(goal.distance_m, best + slope * w.max(0.0)));
                Some((now, per_week.unwrap_or(0.0), projected, false))
            })
        }
        GoalKind::WeeklyDistance => {
            let whole: Vec<&Weekly> = input
                .weekly
                .iter()
                .filter(|w| w.days == 7 && w.week_start + Duration::days(6) <= today)
                .collect();
            (whole.len() >= NOW_WEEKS).then(|| {
                let last = &whole[whole.len() - NOW_WEEKS..];
                let now = last.iter().map(|w| w.distance_m).sum::<f64>() / NOW_WEEKS as f64;
                let points: Vec<(NaiveDate, f64)> =
                    whole.iter().map(|w| (w.week_start, w.distance_m)).collect();
                carried(&mut s, now, &points, today)
            })
        }
        GoalKind::LongRun => {
            let longest = input
                .runs
                .iter()
                .filter(|r| r.date <= today && r.date > today - Duration::days(LONG_RUN_DAYS))
                .map(|r| r.distance_m)
                .reduce(f64::max);
            longest.map(|now| {
                let points = signal_points(Signal::Distance, input.runs, today);
                carried(&mut s, now, &points, today)
            })
        }
    };
    let Some((now, per_week, projected, more_is_better)) = judged else {
        return s;
    };
    s.now = Some(now);
    s.trend_per_week = Some(per_week);
    s.projected = projected;
    let reached = |v: f64| {
        if more_is_better {
            v >= s.target
        } else {
            v <= s.target
        }
    };
    s.standing = if reached(now) {
        Standing::Reached
    } else {
        match weeks_left {
            None => Standing::NoDate,
            Some(w) if w <= 0.0 => Standing::Passed,
            Some(w) => {
                s.needed_per_week = Some((s.target - now) / w);
                if goal.kind == GoalKind::WeeklyDistance {
                    s.safe = Some(s.target <= now * (1.0 + SAFE_WEEKLY_RISE).powf(w));
                }
                if projected.is_some_and(reached) {
                    Standing::OnTrack
                } else {
                    Standing::OffTrack
                }
            }
        }
    };
    s
}

/// A realistic 10 km goal for a runner with none: the best race phase's level, or a
/// little above race fitness now when that is the best already; `None` without race
/// fitness now.
pub fn suggest(plateaus: &PlateauReport, runs: &[Run], today: NaiveDate) -> Option<SuggestedGoal> {
    let (now, _) = race_now(runs, today)?;
    let best = plateaus
        .signals
        .iter()
        .filter(|s| s.signal == Signal::Race)
        .flat_map(|s| &s.phases)
        // A stretch the runner held or built up to: a declining phase's level is on its way
        // down (wuyueSea: "best stretch" 2024-10 to 2025-12, a 14-month decline).
        .filter(|p| {
            p.is_stretch(Signal::Race) && p.direction != super::plateau::Direction::Declining
        })
        .map(|p| BestStretch {
            start: p.start,
            end: p.end,
            vdot: p.held_level(Signal::Race),
        })
        .max_by(|a, b| a.vdot.total_cmp(&b.vdot));
    let (target, best) = match best {
        Some(b) if b.vdot > now + 0.5 * SUGGEST_GAIN_VDOT => {
            (b.vdot.min(now + SUGGEST_MAX_GAIN_VDOT), Some(b))
        }
        _ => (now + SUGGEST_GAIN_VDOT, None),
    };
    Some(SuggestedGoal {
        distance_m: SUGGEST_DISTANCE_M,
        time_s: race_time(SUGGEST_DISTANCE_M, target)?,
        by: today + Duration::weeks(SUGGEST_WEEKS),
        vdot: target,
        vdot_now: now,
        best,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::formulas::riegel_time;

    fn day(n: i64) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 1, 5).unwrap() + Duration::days(n)
    }

    /// Runs every other day with an effort VDOT rising by `per_week` a week from `v0`.
    fn runs(n_days: i64, v0: f64, per_week: f64) -> Vec<Run> {
        (0..n_days)
            .step_by(2)
            .map(|d| Run {
                id: format!("r{d}"),
                date: day(d),
                distance_m: 8000.0 + if d % 14 == 0 { 8000.0 } else { 0.0 },
                moving_time_s: 2700.0,
                vdot: Some(v0 + per_week * d as f64 / 7.0),
                ..Default::default()
            })
            .collect()
    }

    fn race_goal(km: f64, time_s: f64, by: Option<NaiveDate>) -> Goal {
        Goal {
            kind: GoalKind::Race,
            distance_m: km * 1000.0,
            time_s: Some(time_s),
            by,
            set_at_utc: None,
            other: Default::default(),
        }
    }

    #[test]
    fn predictions_match_daniels_tables_and_riegel() {
        // Daniels' VDOT 50 row: 5 km 19:57, 10 km 41:21, half 1:31:35, marathon 3:10:49.
        for (d, t) in [
            (5000.0, 19.0 * 60.0 + 57.0),
            (10_000.0, 41.0 * 60.0 + 21.0),
            (21_097.5, 3600.0 + 31.0 * 60.0 + 35.0),
            (42_195.0, 3.0 * 3600.0 + 10.0 * 60.0 + 49.0),
        ] {
            let p = race_time(d, 50.0).unwrap();
            assert!((p - t).abs() < 0.005 * t, "{d}: {p} vs {t}");
        }
        // VDOT 40 row: 10 km 50:03.
        assert!((race_time(10_000.0, 40.0).unwrap() - 3003.0).abs() < 15.0);
        // Riegel from the 5 km agrees with VDOT's 10 km within 1 %.
        let r = riegel_time(5000.0, race_time(5000.0, 50.0).unwrap(), 10_000.0);
        assert!(
            (r / race_time(10_000.0, 50.0).unwrap() - 1.0).abs() < 0.01,
            "{r}"
        );
    }

    /// A plateau report whose race signal has one phase to `end` at `level`, moving by
    /// `per_week` (VDOT) a week (flat when 0).
    fn plateaus(end: NaiveDate, level: f64, per_week: f64) -> PlateauReport {
        use crate::analysis::plateau::{Phase, SignalReport, Status};
        PlateauReport {
            first: None,
            last: Some(end),
            runs: 0,
            aerobic_ref_hr_bpm: 150.0,
            eras: Vec::new(),
            signals: vec![SignalReport {
                signal: Signal::Race,
                status: Status::NoPoints,
                points: 20,
                phases: vec![Phase {
                    start: end - Duration::weeks(20),
                    end,
                    weeks: 20.0,
                    line_weeks: 20.0,
                    direction: if per_week > 0.0 {
                        Direction::Improving
                    } else {
                        Direction::Flat
                    },
                    points: 20,
                    level,
                    spread: 0.5,
                    slope_per_week: per_week,
                    slope_lo: per_week,
                    slope_hi: per_week,
                    last_value: level + 10.0 * per_week,
                    end_level: level + 10.0 * per_week,
                    low: level - 10.0 * per_week.abs(),
                    high: level + 10.0 * per_week.abs(),
                }],
                plateaus: Vec::new(),
                era_levels: Vec::new(),
            }],
        }
    }

    #[test]
    fn an_improving_runner_is_on_track_and_a_flat_one_is_off_track() {
        let today = day(180);
        // Effort VDOT 44 → 46 over 26 weeks (+0.08 a week).
        let improving = runs(181, 44.0, 0.08);
        let rising = plateaus(today, 45.0, 0.08);
        let input = |runs, plateaus, today| Input {
            runs,
            weekly: &[],
            today,
            plateaus,
        };
        // 10 km in 46:00 (VDOT ≈ 44.8): reached already.
        let goal = race_goal(10.0, 46.0 * 60.0, Some(today + Duration::weeks(10)));
        let s = &judge(
            std::slice::from_ref(&goal),
            input(&improving, &rising, today),
        )[0];
        assert_eq!(s.standing, Standing::Reached, "{s:?}");
        // 10 km in 41:50 (VDOT ≈ 49.4) in 52 weeks: 46.06 + 46.06 × 0.08/45 × 52 ≈ 50.3.
        let harder = race_goal(10.0, 41.0 * 60.0 + 50.0, Some(today + Duration::weeks(52)));
        let s = &judge(
            std::slice::from_ref(&harder),
            input(&improving, &rising, today),
        )[0];
        assert!(
            s.trend_significant && s.trend_per_week.unwrap() < 0.0,
            "{s:?}"
        );
        assert_eq!(s.trend_signal, Some(Signal::Race));
        assert_eq!(s.standing, Standing::OnTrack, "{s:?}");
        // In 26 weeks the same trend falls short (≈ 48.2).
        let sooner = race_goal(10.0, 41.0 * 60.0 + 50.0, Some(today + Duration::weeks(26)));
        let s = &judge(
            std::slice::from_ref(&sooner),
            input(&improving, &rising, today),
        )[0];
        assert_eq!(s.standing, Standing::OffTrack, "{s:?}");
        // Flat at 44: off track, needing so many seconds a week.
        let flat_runs = runs(181, 44.0, 0.0);
        let flat = plateaus(today, 44.0, 0.0);
        let s = &judge(
            std::slice::from_ref(&harder),
            input(&flat_runs, &flat, today),
        )[0];
        assert_eq!(s.standing, Standing::OffTrack, "{s:?}");
        let now = race_time(10_000.0, 44.0).unwrap();
        assert!((s.now.unwrap() - now).abs() < 1e-6);
        let need = (41.0 * 60.0 + 50.0 - now) / 52.0;
        assert!((s.needed_per_week.unwrap() - need).abs() < 1e-6, "{s:?}");
        assert!(!s.trend_significant && s.trend_per_week == Some(0.0));
        // A phase that ended long before the day judged gives no trend.
        let stale = plateaus(today - Duration::weeks(10), 45.0, 0.08);
        let s = &judge(
            std::slice::from_ref(&harder),
            input(&improving, &stale, today),
        )[0];
        assert!(!s.trend_significant, "{s:?}");
        // No date: the gap only. Passed date: passed. No efforts lately: no data.
        let s = judge(
            &[race_goal(10.0, 43.0 * 60.0, None)],
            input(&flat_runs, &flat, today),
        );
        assert_eq!(s[0].standing, Standing::NoDate);
        let s = judge(
            &[race_goal(10.0, 43.0 * 60.0, Some(day(100)))],
            input(&flat_runs, &flat, today),
        );
        assert_eq!(s[0].standing, Standing::Passed);
        let s = judge(&[harder], input(&flat_runs, &flat, day(400)));
        assert_eq!(s[0].standing, Standing::NoData);
    }

    #[test]
    fn a_long_run_goal_follows_the_long_runs() {
        let today = day(180);
        let r = runs(181, 44.0, 0.0);
        let goal = Goal {
            kind: GoalKind::LongRun,
            distance_m: 21_000.0,
            time_s: None,
            by: Some(today + Duration::weeks(8)),
            set_at_utc: None,
            other: Default::default(),
        };
        let p = plateaus(today, 44.0, 0.0);
        let s = &judge(
            std::slice::from_ref(&goal),
            Input {
                runs: &r,
                weekly: &[],
                today,
                plateaus: &p,
            },
        )[0];
        assert_eq!(s.now, Some(16_000.0));
        assert_eq!(s.standing, Standing::OffTrack);
        assert!((s.needed_per_week.unwrap() - 5000.0 / 8.0).abs() < 1.0);
    }
}
