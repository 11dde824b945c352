//! The training-load rules: load spikes, ramps, monotony, no rest day, no cut-back week,
//! racing too often (the rows of the table in [`crate::analysis::findings`]). Each reads the
//! daily and weekly series through the [`Builder`] and pushes typed findings; no words.

use chrono::{Duration, NaiveDate};

use crate::analysis::findings::*;
use crate::analysis::load::Weekly;
use crate::analysis::trend::median;

/// The `load-spike` rule (its row in the table of [`crate::analysis::findings`]).
pub(crate) fn load_spikes(b: &Builder<'_>, out: &mut Vec<Finding>) {
    let w = b.input.weekly;
    // Per week from the first that has SPIKE_CHRONIC_WEEKS weeks before it: the ratio of
    // its load to the mean of those weeks (infinite after weeks without training: coming
    // back at full load is the spike) and whether it is one of the runner's heaviest weeks.
    // The load the runner is used to: the 4-week mean (Hulin), but not less than half
    // their usual week: a ratio over a near-empty month is arithmetic (Lolli et al. 2019
    // on the ratio's instability), while coming back at full load after weeks off is
    // still the spike (a return at half the usual load is the advice itself).
    // The loads of the weeks with training among the SPIKE_HISTORY_WEEKS before week i,
    // sorted: their median is the usual week, their top decile the heaviest weeks.
    let prior = |i: usize| prior_active_loads(w, i);
    let ratio = |i: usize| acute_chronic(w, i);
    let heavy = |i: usize| {
        let prior = prior(i);
        (prior.len() >= SPIKE_MIN_WEEKS)
            .then(|| crate::analysis::trend::quantile_sorted(&prior, SPIKE_MIN_QUANTILE))
    };
    // The runner's ordinary run: the median load of their runs in the SPIKE_HISTORY_WEEKS
    // before week i. A week of one such run is no spike, whatever the weeks before it held.
    let ordinary_run = |i: usize| {
        let from = w[i.saturating_sub(SPIKE_HISTORY_WEEKS)].week_start;
        let mut loads: Vec<f64> = b
            .input
            .runs
            .iter()
            .filter(|r| r.date >= from && r.date < w[i].week_start && r.load > 0.0)
            .map(|r| r.load)
            .collect();
        median(&mut loads).unwrap_or(0.0)
    };
    let hits: Vec<usize> = (SPIKE_CHRONIC_WEEKS..w.len())
        .filter(|&i| {
            w[i].load > 0.0
                && ratio(i).0 > SPIKE_ACWR
                && heavy(i).is_some_and(|h| w[i].load >= h)
                && w[i].load >= SPIKE_MIN_RUNS * ordinary_run(i)
        })
        .collect();
    // Spike weeks in a row are one unsettled stretch.
    for (s, e) in episodes(&hits, 1) {
        let peak = (s..=e)
            .filter(|i| hits.contains(i))
            .max_by(|&x, &y| ratio(x).0.total_cmp(&ratio(y).0))
            .expect("non-empty");
        let (r, chronic, mean4, against) = ratio(peak);
        let weeks = hits.iter().filter(|&&i| i >= s && i <= e).count();
        let severity = if r > SPIKE_ACWR_ALERT || weeks >= 2 {
            Severity::Alert
        } else {
            Severity::Warning
        };
        let week_end = |i: usize| (w[i].week_start + Duration::days(6)).min(b.last);
        out.push(b.finding(
            severity,
            week_end(s),
            (w[s].week_start, week_end(e)),
            Evidence::LoadSpike {
                peak_week: w[peak].week_start,
                acwr_peak: r.is_finite().then_some(r),
                week_load: w[peak].load,
                chronic_load_per_week: chronic,
                mean_4_weeks: mean4,
                against,
                weeks,
            },
        ));
    }
}

/// When week `i` is part of a return from a break of at most [`RETURN_BREAK_WEEKS`] weeks
/// without training that ended among the [`RETURN_WEEKS`] weeks before it: the first week
/// back, and the runner's level before the break, the median load of the
/// [`RETURN_LEVEL_WEEKS`] weeks with training before it (none without two such weeks in
/// the [`SPIKE_HISTORY_WEEKS`] before the break).
fn return_from_break(w: &[Weekly], i: usize) -> Option<(usize, f64)> {
    let off = |x: &Weekly| x.activities == 0;
    let last_off = (i.saturating_sub(RETURN_WEEKS)..i)
        .rev()
        .find(|&j| off(&w[j]))?;
    let first_off = (0..=last_off)
        .rev()
        .take_while(|&j| off(&w[j]))
        .last()
        .unwrap_or(last_off);
    if last_off - first_off + 1 > RETURN_BREAK_WEEKS {
        return None;
    }
    let mut before: Vec<f64> = (first_off.saturating_sub(SPIKE_HISTORY_WEEKS)..first_off)
        .rev()
        .filter(|&j| !off(&w[j]) && w[j].load > 0.0)
        .take(RETURN_LEVEL_WEEKS)
        .map(|j| w[j].load)
        .collect();
    if before.len() < 2 {
        return None;
    }
    median(&mut before).map(|level| (last_off + 1, level))
}

/// The runner's level before the break when week `i` is a step of a graduated return
/// from it ([`return_from_break`]): the first week back no spike over the weeks before it
/// (at most [`SPIKE_ACWR`] × their mean, or × [`SPIKE_USUAL_FLOOR`] of the usual week:
/// after four weeks off, at most 3/4 of it), and each week since, week `i` included, less
/// than [`RETURN_STEP_MAX`] × the week before in its load or in its running distance.
/// Daniels' return (50 %, then 75 %, then the load of before) is such a return; coming
/// back at full load in one go after weeks off, or from half to full in one week, is not.
/// The running is what his steps grade: rides and strength sessions around it come and go
/// from week to week (the simulator's cross-training runners, back from two weeks off with
/// runs of 11.8, 17.4 and 24.4 km, had loads of 50, 131 and 181 as a 108-minute ride fell
/// in the second week, and read a load-spike alert of 3.1 × on the third, where their
/// level before the break was 141).
fn graduated_return(w: &[Weekly], i: usize) -> Option<f64> {
    let (back, level) = return_from_break(w, i)?;
    let step = |j: usize| {
        w[j].load < RETURN_STEP_MAX * w[j - 1].load
            || w[j].distance_m < RETURN_STEP_MAX * w[j - 1].distance_m
    };
    (back >= SPIKE_CHRONIC_WEEKS
        && w[back].load <= SPIKE_ACWR * plain_chronic(w, back).0
        && (back + 1..=i).all(step))
    .then_some(level)
}

/// The loads of the weeks with training among the [`SPIKE_HISTORY_WEEKS`] before week `i`,
/// sorted: their median is the runner's usual week, their top decile the heaviest weeks.
fn prior_active_loads(w: &[Weekly], i: usize) -> Vec<f64> {
    let mut active: Vec<f64> = w[i.saturating_sub(SPIKE_HISTORY_WEEKS)..i]
        .iter()
        .map(|x| x.load)
        .filter(|l| *l > 0.0)
        .collect();
    active.sort_by(f64::total_cmp);
    active
}

/// Week `i`'s acute:chronic ratio as the spike rule reads it, with its chronic load and
/// the plain 4-week mean: the week's load over the mean of the [`SPIKE_CHRONIC_WEEKS`]
/// weeks before (Hulin), but not less than [`SPIKE_USUAL_FLOOR`] of the usual week (a ratio
/// over a near-empty month is arithmetic, Lolli et al. 2019), nor, in a graduated return
/// from a short break ([`graduated_return`]), than the level before the break (the weeks
/// off and the lighter weeks of the return are not what the runner is used to); infinite
/// when the runner had no load at all. Needs `i >= SPIKE_CHRONIC_WEEKS`.
fn acute_chronic(w: &[Weekly], i: usize) -> (f64, f64, f64, SpikeAgainst) {
    let (mut chronic, mean4, mut against) = plain_chronic(w, i);
    if let Some(level) = graduated_return(w, i).filter(|l| *l > chronic) {
        (chronic, against) = (level, SpikeAgainst::LevelBeforeBreak);
    }
    let r = if chronic > 0.0 {
        w[i].load / chronic
    } else {
        f64::INFINITY
    };
    (r, chronic, mean4, against)
}

/// Week `i`'s chronic load before any return from a break, the plain 4-week mean, and what
/// the first is: the mean of the [`SPIKE_CHRONIC_WEEKS`] weeks before less their cut-back
/// weeks (all of them when fewer than two others are left), or [`SPIKE_USUAL_FLOOR`] of the
/// usual week when that is more. Needs `i >= SPIKE_CHRONIC_WEEKS`.
fn plain_chronic(w: &[Weekly], i: usize) -> (f64, f64, SpikeAgainst) {
    let four = &w[i - SPIKE_CHRONIC_WEEKS..i];
    let mean = |l: &[f64]| l.iter().sum::<f64>() / l.len() as f64;
    let all: Vec<f64> = four.iter().map(|x| x.load).collect();
    let mean4 = mean(&all);
    let others: Vec<f64> = four
        .iter()
        .filter(|x| !x.cut_back)
        .map(|x| x.load)
        .collect();
    let (level, against) = if others.len() >= 2 && others.len() < four.len() {
        let weeks = four.len() - others.len();
        (mean(&others), SpikeAgainst::LessCutBacks { weeks })
    } else {
        (mean4, SpikeAgainst::Mean4Weeks)
    };
    let usual = median(&mut prior_active_loads(w, i)).unwrap_or(0.0);
    if SPIKE_USUAL_FLOOR * usual > level {
        (
            SPIKE_USUAL_FLOOR * usual,
            mean4,
            SpikeAgainst::HalfUsualWeek,
        )
    } else {
        (level, mean4, against)
    }
}

/// Whether week `i` is a ramp week, and its baseline distance.
fn ramp_week(w: &[Weekly], i: usize) -> Option<f64> {
    if i == 0 || w[i - 1].distance_m <= 0.0 {
        return None;
    }
    let from = i.saturating_sub(3);
    let mean3 = w[from..i].iter().map(|x| x.distance_m).sum::<f64>() / (i - from) as f64;
    let base = w[i - 1].distance_m.max(mean3);
    (w[i].distance_m > (1.0 + RAMP_WEEKLY) * base).then_some(base)
}

/// The `sustained-ramp` rule (its row in the table of [`crate::analysis::findings`]).
pub(crate) fn ramps(b: &Builder<'_>, out: &mut Vec<Finding>) {
    let w = b.input.weekly;
    // The last week may be partial: judging it would compare a few days to full weeks.
    let full = if w
        .last()
        .is_some_and(|x| x.week_start + Duration::days(6) > b.last)
    {
        w.len().saturating_sub(1)
    } else {
        w.len()
    };
    let mut i = 0;
    while i < full {
        if ramp_week(w, i).is_none() {
            i += 1;
            continue;
        }
        let s = i;
        while i < full && ramp_week(w, i).is_some() {
            i += 1;
        }
        let e = i - 1;
        let n = e - s + 1;
        if n < RAMP_WEEKS {
            continue;
        }
        let from = ramp_week(w, s).expect("ramp week");
        let to = w[e].distance_m;
        let rise = to / from - 1.0;
        let ctl_ramp = w[s..=e].iter().map(|x| x.ctl_ramp).sum::<f64>() / n as f64;
        let weeks: Vec<f64> = w[s..=e].iter().map(|x| x.distance_m).collect();
        let severity = if n > RAMP_WEEKS || rise > 0.6 {
            Severity::Alert
        } else {
            Severity::Warning
        };
        out.push(b.finding(
            severity,
            w[s + RAMP_WEEKS - 1].week_start + Duration::days(6),
            (
                w[s].week_start,
                (w[e].week_start + Duration::days(6)).min(b.last),
            ),
            Evidence::SustainedRamp {
                weeks: n,
                first_week: w[s].week_start,
                distance_before_m: from,
                distance_after_m: to,
                rise,
                weekly_distance_m: weeks,
                ctl_ramp_per_week: ctl_ramp,
            },
        ));
    }
}

/// The `monotony` rule (its row in the table of [`crate::analysis::findings`]).
pub(crate) fn monotony(b: &Builder<'_>, out: &mut Vec<Finding>) {
    let w = b.input.weekly;
    let flat = |x: &Weekly| x.monotony.is_none() && x.rest_days == 0 && x.load > 0.0;
    // Days with a quality session (a race, hills, intervals or tempo: the variety
    // analysis's one definition, [`crate::analysis::variety::Workout::quality`]). A short hard
    // session can carry an easy hour's load, and is a hard day all the same (sweep at seven
    // runs a week: weeks of easy runs, a hill session and a long run read as monotonous).
    let quality: std::collections::BTreeSet<NaiveDate> = b
        .input
        .runs
        .iter()
        .zip(b.workouts())
        .filter(|(_, w)| w.quality())
        .map(|(r, _)| r.date)
        .collect();
    // Whether two days of the week stand out, with at least two ordinary training days
    // beside them: a quality session, or a load HARD_DAY_RATIO × the week's median training
    // day (a long run): hard days with easy days between them.
    let hard_day = |x: &Weekly| {
        // The daily series has one entry a day from its first: the week is a slice of it.
        let d = b.input.daily;
        let from = (x.week_start - d[0].date).num_days().max(0) as usize;
        let week = &d[from.min(d.len())..(from + 7).min(d.len())];
        let mut loads: Vec<f64> = week.iter().map(|d| d.load).filter(|l| *l > 0.0).collect();
        let Some(m) = median(&mut loads) else {
            return false;
        };
        let hard = week
            .iter()
            .filter(|d| d.load >= HARD_DAY_RATIO * m || (d.load > 0.0 && quality.contains(&d.date)))
            .count();
        // Hard days stand out only beside easy ones: a week of six tempo runs is the same
        // stimulus every day (Quitino, 2024-02-26: eight runs of 12–36 minutes in zones 4–5).
        hard >= 2 && loads.len() - hard >= 2
    };
    let hits: Vec<usize> = (0..w.len())
        .filter(|&i| {
            (w[i].monotony.is_some_and(|m| m > MONOTONY_MAX) || flat(&w[i]))
                && !hard_day(&w[i])
                && !w[i].cut_back
        })
        .collect();
    for (s, e) in episodes(&hits, 1) {
        let these: Vec<usize> = hits.iter().copied().filter(|&i| i >= s && i <= e).collect();
        let n = these.len();
        // Foster's risk is monotony under a high load (his strain): a monotonous week above
        // the acute:chronic sweet spot (MONOTONY_LOAD_RATIO, Gabbett 2016's 1.3) is a
        // warning; at the load the runner is used to it is information (a daily runner's
        // easy weeks beside a long run: sweep at seven runs a week, ratios 1.06–1.24; the
        // overtraining scenario's monotonous weeks 1.37–2.4). The first weeks of a history
        // have no load to compare with.
        let load_ratio_max = these
            .iter()
            .filter(|&&i| i >= SPIKE_CHRONIC_WEEKS)
            .map(|&i| acute_chronic(w, i).0)
            .reduce(f64::max);
        let heavy = load_ratio_max.is_some_and(|r| r > MONOTONY_LOAD_RATIO);
        let worst = w[s..=e]
            .iter()
            .map(|x| x.monotony.unwrap_or(f64::INFINITY))
            .fold(0.0, f64::max);
        let strain = w[s..=e].iter().filter_map(|x| x.strain).fold(0.0, f64::max);
        out.push(b.finding(
            match (heavy, n >= 3) {
                (false, _) => Severity::Info,
                (true, true) => Severity::Alert,
                (true, false) => Severity::Warning,
            },
            (w[s].week_start + Duration::days(6)).min(b.last),
            (
                w[s].week_start,
                (w[e].week_start + Duration::days(6)).min(b.last),
            ),
            Evidence::Monotony {
                weeks: n,
                first_week: w[s].week_start,
                monotony_max: worst.is_finite().then_some(worst),
                strain_max: strain,
                load_ratio_max: load_ratio_max.filter(|r| r.is_finite()),
                rest_days: w[s..=e].iter().map(|x| x.rest_days).collect(),
            },
        ));
    }
}

/// The `no-rest-day` rule (its row in the table of [`crate::analysis::findings`]).
pub(crate) fn no_rest(b: &Builder<'_>, out: &mut Vec<Finding>) {
    let d = b.input.daily;
    let mut i = 0;
    while i < d.len() {
        if d[i].activities == 0 {
            i += 1;
            continue;
        }
        let s = i;
        while i < d.len() && d[i].activities > 0 {
            i += 1;
        }
        let n = i - s;
        if n < NO_REST_DAYS {
            continue;
        }
        let load: f64 = d[s..i].iter().map(|x| x.load).sum();
        out.push(b.finding(
            if n >= NO_REST_DAYS_ALERT {
                Severity::Alert
            } else {
                Severity::Warning
            },
            d[s + NO_REST_DAYS - 1].date,
            (d[s].date, d[i - 1].date),
            Evidence::NoRestDay {
                days: n,
                activities: d[s..i].iter().map(|x| x.activities).sum::<u32>(),
                load,
            },
        ));
    }
}

/// The `no-cut-back` rule (its row in the table of [`crate::analysis::findings`]).
pub(crate) fn no_cut_back(b: &Builder<'_>, out: &mut Vec<Finding>) {
    let w = b.input.weekly;
    let breaks = |x: &Weekly| x.cut_back || x.activities == 0;
    let mut i = 0;
    while i < w.len() {
        if breaks(&w[i]) {
            i += 1;
            continue;
        }
        let s = i;
        while i < w.len() && !breaks(&w[i]) {
            i += 1;
        }
        let n = i - s;
        if n < NO_CUT_BACK_WEEKS {
            continue;
        }
        let e = i - 1;
        let mean = |r: &[Weekly]| r.iter().map(|x| x.load).sum::<f64>() / r.len() as f64;
        let (first, last) = (mean(&w[s..s + 3]), mean(&w[e - 2..=e]));
        // After a break the first weeks are the return: the rise is over the level before.
        // (Its first weeks back may read as cut-back weeks: lighter than the weeks before
        // the break, which the 3-week mean still holds.)
        let from = match return_from_break(w, s) {
            Some((back, level)) if (back..s).all(|j| w[j].cut_back) => first.max(level),
            _ => first,
        };
        let rose_by = |k: usize| first > 0.0 && mean(&w[k - 2..=k]) >= NO_CUT_BACK_RISE * from;
        let rising = rose_by(e);
        // Detected when it is what the finding says: the stretch's sixth week, or, for the
        // warning, the first week from then on whose 3 weeks had risen.
        let detected = (s + NO_CUT_BACK_WEEKS - 1..=e)
            .find(|&k| !rising || rose_by(k))
            .unwrap_or(e);
        let end = (w[e].week_start + Duration::days(6)).min(b.last);
        out.push(b.finding(
            if rising {
                Severity::Warning
            } else {
                Severity::Info
            },
            (w[detected].week_start + Duration::days(6)).min(b.last),
            (w[s].week_start, end),
            Evidence::NoCutBack {
                weeks: n,
                since: w[s].week_start,
                rising,
                load_first_3w: first,
                load_last_3w: last,
            },
        ));
    }
}

/// The `frequent-racing` rule (its row in the table of [`crate::analysis::findings`]).
pub(crate) fn racing(b: &Builder<'_>, out: &mut Vec<Finding>) {
    let races: Vec<&Run> = b.input.runs.iter().filter(|r| r.race.is_some()).collect();
    let mut i = 0;
    while i + RACES_IN_WINDOW <= races.len() {
        let window = Duration::days(RACE_WINDOW_DAYS - 1);
        if races[i + RACES_IN_WINDOW - 1].date - races[i].date > window {
            i += 1;
            continue;
        }
        // Extend while the next race is within the window of the one RACES_IN_WINDOW−1 back.
        let mut e = i + RACES_IN_WINDOW - 1;
        while e + 1 < races.len()
            && races[e + 1].date - races[e + 2 - RACES_IN_WINDOW].date <= window
        {
            e += 1;
        }
        let these = &races[i..=e];
        let (start, end) = (these[0].date, these[these.len() - 1].date);
        let mut f = b.finding(
            Severity::Warning,
            these[RACES_IN_WINDOW - 1].date,
            (start, end),
            Evidence::FrequentRacing {
                races: these
                    .iter()
                    .map(|r| RaceDay {
                        date: r.date,
                        distance_m: r.distance_m,
                        mark: r.race.unwrap_or(RaceMark::Flag),
                    })
                    .collect(),
                days: (end - start).num_days() + 1,
            },
        );
        f.activities = these.iter().map(|r| r.id.clone()).collect();
        f.activity_count = these.len();
        out.push(f);
        i = e + 1;
    }
}
