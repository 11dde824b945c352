//! Training-load series: daily load, fitness/fatigue/form (CTL/ATL/TSB), acute:chronic
//! ratios, and weekly volume, rest days, monotony and strain, cut-back weeks. Pure
//! functions over per-activity loads; the findings are built on these series.

use chrono::{Datelike, Duration, NaiveDate};
use serde::Serialize;

use super::formulas::{ATL_DAYS, CTL_DAYS, acwr_rolling, ewma_lambda, ewma_step, monotony_strain};
use super::sport::{Class, CrossTraining, cross_training};

/// A week is a cut-back week when its load, or the load of its runs, is at most this share of
/// the three weeks before it (coaching convention: a recovery week drops volume by a quarter
/// or more). "The three weeks" is their mean, or their middle week when that is higher, or
/// the last of them when each was heavier than the one before: in a build the mean lags the
/// level the runner steps back from (a return 75, 108, 125, then a recovery week of 78 is
/// 76 % of the mean and 72 % of the middle week; a steeper one, 59, 91, 124, then 82, is
/// 90 % of both and 66 % of the week it steps back from). The lightest of four weeks needs
/// less: [`CUT_BACK_LIGHTEST`].
pub const CUT_BACK_RATIO: f64 = 0.75;
/// A week lighter than each of the three weeks before it is a cut-back week from a fifth below
/// their mean or middle week, whichever is higher (not a build's last week): coaches cut back
/// by 15–20 % at least, often 20–30 %, and the lightest of four weeks by a fifth is one a coach
/// calls a step back. A quarter alone missed planned lighter weeks of 20–23 % and then warned
/// of no cut-back week for 7 weeks (the sweep's fresh seed 45, 7 runs a week: 105, 102, 102,
/// then 79, 77 % of the mean; the independent generator's healthy seed 37: 213, 190, 188, then
/// 154, 78 %). A fifth below a mean that one heavy week lifts is no step back when the week is
/// heavier than another of the three (520qianjiawen, June 2025: 296, 110, 95, then 130, 78 % of
/// the mean).
pub const CUT_BACK_LIGHTEST: f64 = 0.80;

/// What one activity contributes to the series: every class adds its load (fitness and
/// fatigue are the body's, whatever the sport); only runs add weekly distance and time.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DayInput {
    /// The activity's class ([`crate::analysis::sport`]).
    pub class: Class,
    /// Local calendar date of the activity.
    pub date: NaiveDate,
    /// Its load (hrTSS or rTSS).
    pub load: f64,
    /// Distance, metres.
    pub distance_m: f64,
    /// Moving time, seconds.
    pub moving_time_s: f64,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

/// One day of the series.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Daily {
    /// Date.
    pub date: NaiveDate,
    /// Sum of the day's loads.
    pub load: f64,
    /// Activities that day, of any class.
    pub activities: u32,
    /// Fitness (42-day).
    pub ctl: f64,
    /// Fatigue (7-day).
    pub atl: f64,
    /// Form, yesterday's CTL − ATL (TrainingPeaks' convention: how fresh you start today).
    pub tsb: f64,
    /// Rolling 7/28-day ratio, once 28 days exist.
    pub acwr_rolling: Option<f64>,
    /// EWMA 7/28-day ratio, once 28 days exist.
    pub acwr_ewma: Option<f64>,
}

/// One Monday-to-Sunday week.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Weekly {
    /// The Monday.
    pub week_start: NaiveDate,
    /// Load.
    pub load: f64,
    /// Distance run, metres.
    pub distance_m: f64,
    /// Moving time running, seconds.
    pub moving_time_s: f64,
    /// Runs.
    pub activities: u32,
    /// Activities of other classes (cross-training).
    #[serde(skip_serializing_if = "is_zero")]
    pub other_activities: u32,
    /// Cross-training per class (count, moving time, distance), in class order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub cross_training: Vec<CrossTraining>,
    /// Days without any activity, of any class (a day hiking or riding is a training day,
    /// not a rest day).
    pub rest_days: u32,
    /// Foster's monotony (mean/SD of the 7 daily loads), when the loads vary.
    pub monotony: Option<f64>,
    /// Foster's strain (weekly load × monotony).
    pub strain: Option<f64>,
    /// Days of the week inside the series (7 but for a partial first or last week).
    pub days: u32,
    /// Load, or the runs' load, at most [`CUT_BACK_RATIO`] of the 3 weeks before (each its
    /// own; their mean, or their middle week when higher, or a build's last week), or at
    /// most [`CUT_BACK_LIGHTEST`] of their mean or middle week and lighter than each of
    /// them, with some training (a week
    /// without any activity is a break, not a cut-back week), in a whole week (the last
    /// week's first three days are not a cut-back week).
    pub cut_back: bool,
    /// Distance change from the week before, percent (when that week had distance).
    pub distance_change_pct: Option<f64>,
    /// CTL at the end of the week minus at the end of the week before (ramp rate).
    pub ctl_ramp: f64,
}

/// Builds the daily series from the first activity's date through `until` (inclusive).
pub fn daily_series(inputs: &[DayInput], until: NaiveDate) -> Vec<Daily> {
    let Some(first) = inputs.iter().map(|d| d.date).min() else {
        return Vec::new();
    };
    if until < first {
        return Vec::new();
    }
    let days = (until - first).num_days() as usize + 1;
    let mut load = vec![0.0; days];
    let mut count = vec![0u32; days];
    for d in inputs {
        let i = (d.date - first).num_days();
        if (0..days as i64).contains(&i) {
            load[i as usize] += d.load;
            count[i as usize] += 1;
        }
    }
    let (mut ctl, mut atl) = (0.0, 0.0);
    // EWMA acute/chronic loads (Williams 2017), updated day by day.
    let (la, lc) = (ewma_lambda(7.0), ewma_lambda(28.0));
    let (mut ea, mut ec) = (0.0, 0.0);
    let mut out = Vec::with_capacity(days);
    #[allow(clippy::needless_range_loop)]
    for i in 0..days {
        let tsb = ctl - atl;
        ctl = ewma_step(ctl, load[i], CTL_DAYS);
        atl = ewma_step(atl, load[i], ATL_DAYS);
        ea = la * load[i] + (1.0 - la) * ea;
        ec = lc * load[i] + (1.0 - lc) * ec;
        out.push(Daily {
            date: first + Duration::days(i as i64),
            load: load[i],
            activities: count[i],
            ctl,
            atl,
            tsb,
            acwr_rolling: acwr_rolling(&load[..=i]),
            acwr_ewma: (i + 1 >= 28 && ec > 0.0).then(|| ea / ec),
        });
    }
    out
}

/// Whether a week's `load` is at most [`CUT_BACK_RATIO`] of the `three` weeks before it: of
/// their mean, or of their middle week when that is higher, or, when each of the three was
/// heavier than the one before (a build), of the last of them: the level the runner steps
/// back from. Lighter than each of the three, at most [`CUT_BACK_LIGHTEST`] of their mean
/// or middle week is enough.
fn lighter(load: f64, three: &[f64]) -> bool {
    let mean = three.iter().sum::<f64>() / three.len() as f64;
    let mut sorted = three.to_vec();
    sorted.sort_by(f64::total_cmp);
    let built = three.windows(2).all(|p| p[1] > p[0]);
    let last = if built { three[three.len() - 1] } else { 0.0 };
    // Their level (mean or middle week), and the usual week a quarter counts from.
    let level = mean.max(sorted[sorted.len() / 2]);
    let usual = level.max(last);
    let lightest = load < sorted[0];
    usual > 0.0
        && (load <= CUT_BACK_RATIO * usual || (lightest && load <= CUT_BACK_LIGHTEST * level))
}

/// Groups the daily series (and the inputs' distance and time) into Monday–Sunday weeks.
/// Partial first and last weeks count their missing days as rest days. Distance, time and
/// the activity count are the runs'; other classes are counted as cross-training.
pub fn weekly_series(daily: &[Daily], inputs: &[DayInput]) -> Vec<Weekly> {
    let Some(first) = daily.first() else {
        return Vec::new();
    };
    let monday = |d: NaiveDate| d - Duration::days(i64::from(d.weekday().num_days_from_monday()));
    let start = monday(first.date);
    let last = daily.last().expect("non-empty").date;
    let mut weeks: Vec<Weekly> = Vec::new();
    let mut w = start;
    let mut prev_ctl = 0.0;
    // Each week's load of runs alone, beside `weeks` (the cut-back test reads the 3 before).
    let mut run_loads: Vec<f64> = Vec::new();
    while w <= last {
        let days: Vec<&Daily> = daily
            .iter()
            .filter(|d| d.date >= w && d.date < w + Duration::days(7))
            .collect();
        let mut loads = [0.0; 7];
        // The days of a partial last week after the last day judged have not happened:
        // they are not rest days (those of a partial first week before the first activity
        // are: the runner did not train on them).
        let mut rest = 7 - (w + Duration::days(6) - last).num_days().clamp(0, 6) as u32;
        for d in &days {
            loads[d.date.weekday().num_days_from_monday() as usize] = d.load;
            if d.activities > 0 {
                rest -= 1;
            }
        }
        let load: f64 = loads.iter().sum();
        let this_week: Vec<&DayInput> = inputs
            .iter()
            .filter(|x| x.date >= w && x.date < w + Duration::days(7))
            .collect();
        let runs: Vec<&&DayInput> = this_week
            .iter()
            .filter(|x| x.class == Class::Running)
            .collect();
        let (distance_m, moving_time_s) = runs.iter().fold((0.0, 0.0), |(d, t), x| {
            (d + x.distance_m, t + x.moving_time_s)
        });
        let cross = cross_training(
            this_week
                .iter()
                .map(|x| (x.class, x.moving_time_s, x.distance_m)),
        );
        let ms = monotony_strain(&loads);
        let n = weeks.len();
        let active = days.iter().any(|d| d.activities > 0);
        let run_load: f64 = runs.iter().map(|x| x.load).sum();
        // A week lighter in all its load, or in its running alone: a runner who keeps a
        // weekly ride through the week they run less has still cut back the impact.
        let cut_back = active && days.len() == 7 && n >= 3 && {
            let all3: Vec<f64> = weeks[n - 3..].iter().map(|x| x.load).collect();
            lighter(load, &all3) || lighter(run_load, &run_loads[n - 3..])
        };
        run_loads.push(run_load);
        let distance_change_pct = weeks
            .last()
            .filter(|p| p.distance_m > 0.0)
            .map(|p| (distance_m - p.distance_m) / p.distance_m * 100.0);
        let ctl_end = days.last().map(|d| d.ctl).unwrap_or(prev_ctl);
        weeks.push(Weekly {
            week_start: w,
            load,
            distance_m,
            moving_time_s,
            activities: runs.len() as u32,
            other_activities: (this_week.len() - runs.len()) as u32,
            cross_training: cross,
            rest_days: rest,
            days: days.len() as u32,
            monotony: ms.map(|m| m.0),
            strain: ms.map(|m| m.1),
            cut_back,
            distance_change_pct,
            ctl_ramp: ctl_end - prev_ctl,
        });
        prev_ctl = ctl_end;
        w += Duration::days(7);
    }
    weeks
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn inp(date: NaiveDate, load: f64) -> DayInput {
        DayInput {
            class: Class::Running,
            date,
            load,
            distance_m: load * 100.0,
            moving_time_s: load * 36.0,
        }
    }

    #[test]
    fn empty_and_single_day() {
        assert!(daily_series(&[], d(2024, 1, 1)).is_empty());
        let s = daily_series(&[inp(d(2024, 1, 3), 100.0)], d(2024, 1, 3));
        assert_eq!(s.len(), 1);
        assert!((s[0].ctl - 100.0 * (1.0 - (-1.0f64 / 42.0).exp())).abs() < 1e-12);
        assert_eq!(s[0].tsb, 0.0);
        assert_eq!(s[0].acwr_rolling, None);
    }

    #[test]
    fn constant_daily_load_converges_and_weeks_have_no_rest() {
        let start = d(2024, 1, 1); // a Monday
        let inputs: Vec<DayInput> = (0..84)
            .map(|i| inp(start + Duration::days(i), 50.0))
            .collect();
        let s = daily_series(&inputs, start + Duration::days(83));
        assert!((s[83].acwr_rolling.unwrap() - 1.0).abs() < 1e-12);
        // Same as the whole-series formula.
        let loads: Vec<f64> = s.iter().map(|x| x.load).collect();
        let whole = crate::analysis::formulas::acwr_ewma(&loads).unwrap();
        assert!((s[83].acwr_ewma.unwrap() - whole).abs() < 1e-12);
        assert!(s[83].atl > s[83].ctl, "fatigue catches up first");
        let w = weekly_series(&s, &inputs);
        assert_eq!(w.len(), 12);
        assert!(
            w.iter()
                .all(|w| w.rest_days == 0 && w.monotony.is_none() && !w.cut_back)
        );
        assert_eq!(w[1].distance_change_pct, Some(0.0));
    }

    #[test]
    fn cut_back_week_and_rest_days() {
        let start = d(2024, 1, 1);
        let mut inputs = Vec::new();
        for week in 0..4 {
            let per_run = if week == 3 { 50.0 } else { 100.0 };
            for day in [0, 2, 4, 6] {
                inputs.push(inp(start + Duration::days(week * 7 + day), per_run));
            }
        }
        let s = daily_series(&inputs, start + Duration::days(27));
        let w = weekly_series(&s, &inputs);
        assert_eq!(w.len(), 4);
        assert_eq!(w[0].rest_days, 3);
        assert!(!w[2].cut_back && w[3].cut_back);
        assert!((w[3].distance_change_pct.unwrap() + 50.0).abs() < 1e-9);
        // Loads 100,0,100,0,100,0,100: monotony 1.155 (hand-computed in formulas).
        assert!((w[0].monotony.unwrap() - 1.1547).abs() < 1e-3);
        // The same last week cut off after its first three days (the day of the export)
        // is partial, not a cut-back week.
        let s = daily_series(&inputs, start + Duration::days(23));
        let w = weekly_series(&s, &inputs);
        assert_eq!((w[3].days, w[3].cut_back), (3, false));
        assert_eq!(w[2].days, 7);
        // Its runs on Monday and Wednesday leave one rest day of its three, not five.
        assert_eq!(w[3].rest_days, 1);
    }

    #[test]
    fn a_recovery_week_in_a_build_is_a_cut_back_week() {
        // Weekly loads of one run each (Mondays): a build back from a break, 75, 108, 125,
        // then a recovery week of 78 (the simulator's planted cut-back, overtraining seed 15
        // with gaps). 78 is 76 % of the mean of the three weeks before, 72 % of their
        // middle week, 62 % of the week before: a coach sees the step back.
        let mon = d(2024, 1, 1);
        let weekly = |loads: &[f64]| {
            let inputs: Vec<DayInput> = loads
                .iter()
                .enumerate()
                .map(|(w, &l)| inp(mon + Duration::days(7 * w as i64), l))
                .collect();
            let s = daily_series(&inputs, mon + Duration::days(7 * loads.len() as i64 - 1));
            weekly_series(&s, &inputs)
        };
        let w = weekly(&[75.0, 108.0, 125.0, 78.0]);
        assert!(w[3].cut_back, "{w:#?}");
        // A usual week after one big week is no cut-back: the middle week is the usual one
        // (105 is 90 % of the mean, 105 % of the middle week).
        let w = weekly(&[100.0, 100.0, 150.0, 105.0]);
        assert!(!w[3].cut_back, "{w:#?}");
        // Nor a week a little lighter than steady ones (85 % of 100).
        assert!(!weekly(&[100.0, 95.0, 105.0, 85.0])[3].cut_back);
        // The lightest of four weeks by a fifth is a cut-back week: the simulator's planted
        // one under 7 runs a week (seed 45: 77 % of the mean) and the independent
        // generator's (healthy seed 37: 78 % of the mean), which a quarter missed.
        assert!(weekly(&[105.0, 102.0, 102.0, 79.0])[3].cut_back);
        assert!(weekly(&[213.0, 190.0, 188.0, 154.0])[3].cut_back);
        // Not a fifth below a mean one heavy week lifts, heavier than two of the three
        // (520qianjiawen, June 2025: 78 % of the mean, 118 % of the middle week).
        assert!(!weekly(&[296.0, 110.0, 95.0, 130.0])[3].cut_back);
        // A steeper return steps back from its last week: 59, 91, 124 after a week off,
        // then 82 (the simulator's planted cut-back, seed 35 with gaps: 90 % of the mean and
        // of the middle week, 66 % of the week before). Read against the mean, the six
        // weeks from there were "no cut-back week" while the runner had taken one.
        assert!(weekly(&[58.8, 90.5, 124.4, 82.1])[3].cut_back);
        // So does a plain build: 100, 110, 120, then 85 (71 % of the peak, 77 % of the
        // mean).
        assert!(weekly(&[100.0, 110.0, 120.0, 85.0])[3].cut_back);
        // A build's next week a little lighter is no cut-back (85 % of 120), nor the usual
        // week after one heavy week that ends a rise by chance (the independent generator's
        // stale-routes seed 7: 205, 234, 278, then 213: 77 % of the last, 89 % of the mean).
        assert!(!weekly(&[100.0, 110.0, 120.0, 102.0])[3].cut_back);
        assert!(!weekly(&[205.0, 234.0, 278.0, 213.0])[3].cut_back);
    }

    #[test]
    fn partial_week_at_the_start_counts_missing_days_as_rest() {
        let wed = d(2024, 1, 3);
        let inputs = [inp(wed, 10.0)];
        let s = daily_series(&inputs, wed + Duration::days(1));
        let w = weekly_series(&s, &inputs);
        assert_eq!(w[0].week_start, d(2024, 1, 1));
        // Monday, Tuesday and Thursday: Friday to Sunday are after the day judged.
        assert_eq!(w[0].rest_days, 3);
    }

    #[test]
    fn a_week_of_less_running_beside_the_usual_ride_is_a_cut_back_week() {
        // Every week three runs of 50 and a ride of 100; the fourth week's runs are 36 each.
        // All the load falls to 208 / 250 = 83 % (not a fifth), the running to 72 %.
        let mon = d(2024, 1, 1);
        let week = |w: i64, run: f64| {
            let mut ride = inp(mon + Duration::days(7 * w + 1), 100.0);
            ride.class = Class::Cycling;
            [0, 2, 4]
                .map(|k| inp(mon + Duration::days(7 * w + k), run))
                .into_iter()
                .chain([ride])
        };
        let inputs: Vec<DayInput> = (0..3)
            .flat_map(|w| week(w, 50.0))
            .chain(week(3, 36.0))
            .collect();
        let s = daily_series(&inputs, mon + Duration::days(27));
        let w = weekly_series(&s, &inputs);
        assert!((w[3].load / w[2].load - 0.832).abs() < 1e-9);
        assert!(w[3].cut_back);
        // A fourth week whose runs and ride are both as usual is no cut-back.
        let inputs: Vec<DayInput> = (0..4).flat_map(|w| week(w, 50.0)).collect();
        let s = daily_series(&inputs, mon + Duration::days(27));
        assert!(!weekly_series(&s, &inputs)[3].cut_back);
    }

    #[test]
    fn other_sports_add_load_and_rest_but_not_distance_or_runs() {
        let mon = d(2024, 1, 1);
        let mut ride = inp(mon + Duration::days(1), 80.0);
        ride.class = Class::Cycling;
        let mut hike = inp(mon + Duration::days(2), 60.0);
        hike.class = Class::Hiking;
        let mut ride2 = inp(mon + Duration::days(3), 20.0);
        ride2.class = Class::Cycling;
        let inputs = [inp(mon, 50.0), ride, hike, ride2];
        let s = daily_series(&inputs, mon + Duration::days(6));
        let w = weekly_series(&s, &inputs);
        assert_eq!(w.len(), 1);
        // The load is everyone's; distance, time and the count are the run's.
        assert!((w[0].load - 210.0).abs() < 1e-9);
        assert_eq!((w[0].activities, w[0].other_activities), (1, 3));
        assert!((w[0].distance_m - 5000.0).abs() < 1e-9);
        assert!((w[0].moving_time_s - 1800.0).abs() < 1e-9);
        // Any activity makes a day not a rest day.
        assert_eq!(w[0].rest_days, 3);
        let x = &w[0].cross_training;
        assert_eq!(x.len(), 2);
        assert_eq!((x[0].class, x[0].count), (Class::Hiking, 1));
        assert_eq!((x[1].class, x[1].count), (Class::Cycling, 2));
        assert!((x[1].distance_m - 10_000.0).abs() < 1e-9);
    }

    #[test]
    fn a_week_of_other_sports_only_has_no_runs() {
        let mon = d(2024, 1, 1);
        let mut hike = inp(mon, 60.0);
        hike.class = Class::Hiking;
        let s = daily_series(&[hike], mon + Duration::days(6));
        let w = weekly_series(&s, &[hike]);
        assert_eq!((w[0].activities, w[0].distance_m), (0, 0.0));
        assert_eq!(w[0].rest_days, 6);
        assert!(w[0].load > 0.0);
    }
}
