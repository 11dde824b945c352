//! The aerobic-efficiency rules: rising heart rate at the usual pace and unproductive
//! training, both from the aerobic speed of recent runs against a baseline before them (the
//! rows of the table in [`crate::analysis::findings`]).

use chrono::{Datelike, Duration, NaiveDate};

use crate::analysis::findings::*;
use crate::analysis::trend::median;
use crate::analysis::variety::Workout;

/// The like-for-like aerobic speeds of runs inside `start..=end` ([`like_for_like`]).
fn speeds(runs: &[Run], like: &[Option<f64>], start: NaiveDate, end: NaiveDate) -> Vec<f64> {
    runs.iter()
        .zip(like)
        .filter(|(r, _)| r.date >= start && r.date <= end)
        .filter_map(|(_, v)| *v)
        .collect()
}

/// Each run's aerobic speed read like for like (runs in date order, `kinds` and the result
/// beside them): less the typical offset of its kind of workout ([`variety::workouts`]). A run's
/// offset is its log speed less the median of the runs within [`SESSION_LEVEL_DAYS`]
/// either side (the local level, whatever the kinds); a kind's offset is the median of
/// its runs' over the whole history, once it has [`SESSION_MIN_RUNS`] (else none is
/// taken out); speeds are brought to the median offset of all runs, so that their level
/// stays that of the runner's usual mix. The offsets are the history's, so a change of
/// fitness over weeks stays in the speeds, and a change of mix does not.
///
/// [`variety::workouts`]: crate::analysis::variety::workouts
pub(crate) fn like_for_like(runs: &[Run], kinds: &[Workout]) -> Vec<Option<f64>> {
    let with: Vec<usize> = (0..runs.len())
        .filter(|&i| runs[i].aerobic_speed_m_s.is_some_and(|v| v > 0.0))
        .collect();
    let raw: Vec<f64> = with
        .iter()
        .map(|&i| runs[i].aerobic_speed_m_s.expect("has a speed").ln())
        .collect();
    let window = Duration::days(SESSION_LEVEL_DAYS);
    // Twice: the second pass measures the offsets against the level of the speeds the first
    // made like for like, so that weeks of mostly one kind (a block of long runs) do not
    // pull the local level, and with it that kind's offset, towards themselves.
    let mut like = raw.clone();
    for _ in 0..2 {
        let (mut lo, mut hi) = (0usize, 0usize);
        let mut by_kind: std::collections::BTreeMap<Workout, Vec<f64>> = Default::default();
        for (k, &i) in with.iter().enumerate() {
            while runs[with[lo]].date < runs[i].date - window {
                lo += 1;
            }
            while hi < with.len() && runs[with[hi]].date <= runs[i].date + window {
                hi += 1;
            }
            let mut around = like[lo..hi].to_vec();
            let level = median(&mut around).expect("the run itself");
            by_kind.entry(kinds[i]).or_default().push(raw[k] - level);
        }
        let offset: std::collections::BTreeMap<Workout, f64> = by_kind
            .into_iter()
            .map(|(kind, mut v)| {
                let o = if v.len() >= SESSION_MIN_RUNS {
                    median(&mut v).expect("non-empty")
                } else {
                    0.0
                };
                (kind, o)
            })
            .collect();
        let mut all: Vec<f64> = with.iter().map(|&i| offset[&kinds[i]]).collect();
        let usual = median(&mut all).unwrap_or(0.0);
        for (k, &i) in with.iter().enumerate() {
            like[k] = raw[k] - offset[&kinds[i]] + usual;
        }
    }
    let mut out = vec![None; runs.len()];
    for (k, &i) in with.iter().enumerate() {
        out[i] = Some(like[k].exp());
    }
    out
}

/// Evaluation days of the trend rules: every Sunday and the last day.
fn evaluation_days(first: NaiveDate, last: NaiveDate, lead: i64) -> Vec<NaiveDate> {
    let mut days = Vec::new();
    let mut t = first + Duration::days(lead);
    while t <= last {
        if t.weekday() == chrono::Weekday::Sun {
            days.push(t);
        }
        t += Duration::days(1);
    }
    if days.last() != Some(&last) && (last - first).num_days() >= lead {
        days.push(last);
    }
    days
}

/// A trend rule's result on one evaluation day.
struct TrendHit {
    day: NaiveDate,
    recent_start: NaiveDate,
    base: f64,
    recent: f64,
    n_base: usize,
    n_recent: usize,
    extra: f64,
}

/// The windows and thresholds of a trend rule.
struct TrendRule {
    recent_days: i64,
    base_days: i64,
    drop: f64,
    agreement: f64,
    min_recent: usize,
    min_base: usize,
}

fn trend_hits(
    b: &Builder<'_>,
    rule: TrendRule,
    extra: impl Fn(NaiveDate, NaiveDate) -> Option<f64>,
) -> Vec<TrendHit> {
    let TrendRule {
        recent_days,
        base_days,
        drop,
        agreement,
        min_recent,
        min_base,
    } = rule;
    let first = b.input.daily[0].date;
    let like = b.like_for_like();
    let mut hits = Vec::new();
    for day in evaluation_days(first, b.last, recent_days + base_days - 1) {
        let recent_start = day - Duration::days(recent_days - 1);
        let base_start = recent_start - Duration::days(base_days);
        // A baseline before a break says nothing of the runs after it.
        if crate::analysis::breaks::spans_break(b.input.breaks, base_start, day) {
            continue;
        }
        let r = speeds(b.input.runs, like, recent_start, day);
        let mut s = speeds(
            b.input.runs,
            like,
            base_start,
            recent_start - Duration::days(1),
        );
        if r.len() < min_recent || s.len() < min_base {
            continue;
        }
        let (Some(rm), Some(bm)) = (median(&mut r.clone()), median(&mut s)) else {
            continue;
        };
        let below = r.iter().filter(|&&x| x < bm).count() as f64 / r.len() as f64;
        if rm <= (1.0 - drop) * bm && below >= agreement {
            let Some(x) = extra(recent_start, day) else {
                continue;
            };
            hits.push(TrendHit {
                day,
                recent_start,
                base: bm,
                recent: rm,
                n_base: s.len(),
                n_recent: r.len(),
                extra: x,
            });
        }
    }
    hits
}

/// Groups hits into episodes: a hit on the next evaluation day (at most 8 days on), or one
/// whose recent window overlaps the previous hit's, continues the episode. Runs the two
/// windows share are the same evidence: wuyueSea's heart rate at pace, high from late May
/// to late June 2025 with one Sunday between below the threshold, had read as two
/// findings (05-26 to 06-15 and 06-09 to 06-29).
fn trend_episodes(hits: &[TrendHit]) -> Vec<&[TrendHit]> {
    let mut out = Vec::new();
    let mut s = 0;
    for i in 1..=hits.len() {
        let continues = i < hits.len()
            && (hits[i].day - hits[i - 1].day <= Duration::days(8)
                || hits[i].recent_start <= hits[i - 1].day);
        if !continues {
            if s < i {
                out.push(&hits[s..i]);
            }
            s = i;
        }
    }
    out
}

/// The `rising-hr-at-pace` rule (its row in the table of [`crate::analysis::findings`]).
pub(crate) fn rising_hr(b: &Builder<'_>, out: &mut Vec<Finding>) {
    let hr = b.input.hr;
    let hits = trend_hits(
        b,
        TrendRule {
            recent_days: HR_RECENT_DAYS,
            base_days: HR_BASELINE_DAYS,
            drop: HR_DROP,
            agreement: HR_AGREEMENT,
            min_recent: HR_MIN_RECENT,
            min_base: HR_MIN_BASELINE,
        },
        |_, _| Some(0.0),
    );
    for ep in trend_episodes(&hits) {
        let worst = ep
            .iter()
            .min_by(|x, y| (x.recent / x.base).total_cmp(&(y.recent / y.base)))
            .expect("non-empty");
        let first = &ep[0];
        let drop = 1.0 - worst.recent / worst.base;
        // At the baseline's speed the heart now needs (ref − rest)·(v_base/v_now − 1) more.
        let extra_bpm = (hr.aerobic_ref_bpm - hr.rest_bpm) * (worst.base / worst.recent - 1.0);
        let end = ep[ep.len() - 1].day;
        let mut f = b.finding(
            if drop >= 2.0 * HR_DROP {
                Severity::Alert
            } else {
                Severity::Warning
            },
            first.day,
            (first.recent_start, end),
            Evidence::RisingHrAtPace {
                reference_hr_bpm: hr.aerobic_ref_bpm,
                aerobic_speed_baseline_m_s: worst.base,
                aerobic_speed_recent_m_s: worst.recent,
                runs_baseline: worst.n_base,
                runs_recent: worst.n_recent,
                recent_from: worst.recent_start,
                recent_to: worst.day,
                drop,
                extra_bpm_at_baseline_pace: extra_bpm,
            },
        );
        f.basis = Basis::AerobicRuns {
            recent: worst.n_recent,
            baseline: worst.n_base,
        };
        out.push(f);
    }
}

/// The `unproductive` rule (its row in the table of [`crate::analysis::findings`]).
pub(crate) fn unproductive(b: &Builder<'_>, out: &mut Vec<Finding>) {
    let daily = b.input.daily;
    let load_between = |s: NaiveDate, e: NaiveDate| -> f64 {
        daily
            .iter()
            .filter(|d| d.date >= s && d.date <= e)
            .map(|d| d.load)
            .sum()
    };
    let hits = trend_hits(
        b,
        TrendRule {
            recent_days: UNPRODUCTIVE_DAYS,
            base_days: UNPRODUCTIVE_DAYS,
            drop: UNPRODUCTIVE_DROP,
            // Half the recent runs below the baseline median: the median drop carries it.
            agreement: 0.5,
            min_recent: UNPRODUCTIVE_MIN_RUNS,
            min_base: UNPRODUCTIVE_MIN_RUNS,
        },
        |rs, day| {
            let recent = load_between(rs, day);
            let base = load_between(
                rs - Duration::days(UNPRODUCTIVE_DAYS),
                rs - Duration::days(1),
            );
            (base > 0.0 && recent >= UNPRODUCTIVE_LOAD_HELD * base).then(|| recent / base)
        },
    );
    for ep in trend_episodes(&hits) {
        let first = &ep[0];
        let last = &ep[ep.len() - 1];
        let drop = 1.0 - last.recent / last.base;
        let mut f = b.finding(
            Severity::Warning,
            first.day,
            (first.recent_start, last.day),
            Evidence::Unproductive {
                reference_hr_bpm: b.input.hr.aerobic_ref_bpm,
                aerobic_speed_baseline_m_s: last.base,
                aerobic_speed_recent_m_s: last.recent,
                runs_baseline: last.n_base,
                runs_recent: last.n_recent,
                recent_to: last.day,
                drop,
                load_ratio: last.extra,
            },
        );
        f.basis = Basis::AerobicRuns {
            recent: last.n_recent,
            baseline: last.n_base,
        };
        out.push(f);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hit(day: NaiveDate, recent_days: i64) -> TrendHit {
        TrendHit {
            day,
            recent_start: day - Duration::days(recent_days - 1),
            base: 3.0,
            recent: 2.8,
            n_base: 10,
            n_recent: 5,
            extra: 0.0,
        }
    }

    /// Hits on consecutive Sundays are one episode, and so are hits a missed Sunday apart
    /// whose 21-day windows share a week of runs; hits whose windows do not meet are two.
    #[test]
    fn hits_with_overlapping_windows_are_one_episode() {
        let d = |m, day| NaiveDate::from_ymd_opt(2025, m, day).unwrap();
        let hits = [
            hit(d(5, 18), 21),
            hit(d(5, 25), 21),
            hit(d(6, 8), 21),  // 14 days on: windows overlap by a week
            hit(d(7, 13), 21), // 35 days on: apart
        ];
        let eps = trend_episodes(&hits);
        let days: Vec<Vec<NaiveDate>> = eps
            .iter()
            .map(|e| e.iter().map(|h| h.day).collect())
            .collect();
        assert_eq!(
            days,
            vec![vec![d(5, 18), d(5, 25), d(6, 8)], vec![d(7, 13)]]
        );
        assert!(trend_episodes(&[]).is_empty());
    }
}
