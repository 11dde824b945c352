//! Strength work and other sports beside the running: the rules that tell a runner their
//! strength habit lapsed, that another sport took running's place, or that they took up a
//! new one. The weekly counts themselves are the load analysis' ([`super::load::Weekly`]'s
//! `cross_training`); these rules read the sessions ([`super::training::Session`]) and
//! the weeks.
//!
//! # Rules
//! | kind | fires when | source |
//! |---|---|---|
//! | `no-strength` | [`NO_STRENGTH_WEEKS`] weeks or more without a strength session while running went on (a run a week or more), after a habit: [`HABIT_SESSIONS`] sessions or more in the [`HABIT_WEEKS`] weeks before; a warning while it lasts | strength training improves running economy (Blagrove et al. 2018, Sports Med 48(5)) and cuts sports injuries by about a third (Lauersen et al. 2014, Br J Sports Med 48(11)) |
//! | `cross-training-took-over` | [`TOOK_OVER_WEEKS`] whole weeks or more in a row in which other sports (walking aside) took at least as much time as running, and running fell to [`TOOK_OVER_RUN_SHARE`] or less of its weekly time in the [`BEFORE_WEEKS`] weeks before, when running led then with [`TOOK_OVER_MIN_RUN_S`] a week or more | specificity: fitness for running is built by running (Tanaka 1994, Sports Med 18(5), on cross-training transfer) |
//! | `active-break` | a break from running ([`super::breaks`]) with [`ACTIVE_BREAK_SESSIONS`] sessions or more of other sports (walks aside), and the return to running after it | |
//! | `new-sport` | a sport (walking and unknown activities aside) first done after [`NEW_AFTER_WEEKS`] weeks of history, and done [`NEW_MIN_SESSIONS`] times or more within [`NEW_WITHIN_WEEKS`] weeks of the first | "try something new" |

use chrono::{Duration, NaiveDate};
use serde::Serialize;

use super::breaks::Break;
use super::findings::{Basis, Evidence, Finding, Kind, MAX_LISTED, Run, Severity, is_ongoing};
use super::load::Weekly;
use super::sport::Class;
use super::training::Session;

/// Weeks without a strength session that make a lapse.
pub const NO_STRENGTH_WEEKS: i64 = 8;
/// Weeks before a lapse in which the habit is looked for (half a year).
pub const HABIT_WEEKS: i64 = 26;
/// Strength sessions in those weeks that make a habit (one every three weeks or so).
pub const HABIT_SESSIONS: usize = 8;
/// Whole weeks in a row that make cross-training take over.
pub const TOOK_OVER_WEEKS: usize = 4;
/// Running time per week, as a share of the weeks before, at or under which running gave
/// way.
pub const TOOK_OVER_RUN_SHARE: f64 = 0.7;
/// Weeks before the stretch that give running's usual time.
pub const BEFORE_WEEKS: usize = 8;
/// Running time per week in those weeks for running to have had a place to lose, seconds:
/// an hour (a runner out twice a week for half an hour).
pub const TOOK_OVER_MIN_RUN_S: f64 = 3600.0;
/// Sessions of other sports (walking aside) during a break that make it an active one.
pub const ACTIVE_BREAK_SESSIONS: usize = 4;
/// Weeks of history before a sport's first session for it to be new.
pub const NEW_AFTER_WEEKS: i64 = 12;
/// Weeks after the first session in which [`NEW_MIN_SESSIONS`] make it a sport taken up,
/// not a one-off.
pub const NEW_WITHIN_WEEKS: i64 = 8;
/// Sessions within [`NEW_WITHIN_WEEKS`] (the first included) that make a sport taken up.
pub const NEW_MIN_SESSIONS: usize = 3;

/// Weeks of the recent column of [`ClassUse`].
pub const RECENT_WEEKS: i64 = 12;

/// One other sport over the range and lately.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ClassUse {
    /// The sport.
    pub class: Class,
    /// Sessions in the range.
    pub sessions: usize,
    /// Sessions per week over the range.
    pub per_week: f64,
    /// Sessions in the last [`RECENT_WEEKS`] weeks.
    pub recent: usize,
    /// Time in the range, seconds.
    pub time_s: f64,
    /// The last session.
    pub last: NaiveDate,
}

/// Strength work and other sports: per sport, and the findings.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct CrossReport {
    /// Per sport, in class order.
    pub classes: Vec<ClassUse>,
    /// The findings.
    pub findings: Vec<Finding>,
}

/// The other sports' use over the range (`first..=last`) and the findings.
pub fn analyze(
    runs: &[Run],
    sessions: &[Session],
    weekly: &[Weekly],
    breaks: &[Break],
    first: NaiveDate,
    last: NaiveDate,
) -> CrossReport {
    let weeks = ((last - first).num_days() + 1) as f64 / 7.0;
    let recent_from = last - Duration::weeks(RECENT_WEEKS);
    let classes = Class::ALL
        .iter()
        .filter_map(|&class| {
            let these: Vec<&Session> = sessions.iter().filter(|s| s.class == class).collect();
            let last_session = these.last()?.date;
            Some(ClassUse {
                class,
                sessions: these.len(),
                per_week: these.len() as f64 / weeks.max(1.0),
                recent: these.iter().filter(|s| s.date > recent_from).count(),
                time_s: these.iter().map(|s| s.time_s).sum(),
                last: last_session,
            })
        })
        .collect();
    CrossReport {
        classes,
        findings: findings(runs, sessions, weekly, breaks, last),
    }
}

/// Every cross-training finding over the runs, the other sports' sessions and the weekly
/// series, judged on `last` (the last day analysed).
pub fn findings(
    runs: &[Run],
    sessions: &[Session],
    weekly: &[Weekly],
    breaks: &[Break],
    last: NaiveDate,
) -> Vec<Finding> {
    let mut out = no_strength(runs, sessions, breaks, last);
    out.extend(took_over(runs, weekly, last));
    out.extend(active_breaks(runs, sessions, breaks, last));
    out.extend(new_sport(runs, sessions, last));
    out.sort_by_key(|f| f.detected_on);
    out
}

/// Strength lapses: gaps of [`NO_STRENGTH_WEEKS`] after a habit, running going on.
fn no_strength(
    runs: &[Run],
    sessions: &[Session],
    breaks: &[Break],
    last: NaiveDate,
) -> Vec<Finding> {
    let strength: Vec<NaiveDate> = sessions
        .iter()
        .filter(|s| s.class == Class::Strength)
        .map(|s| s.date)
        .collect();
    let mut out = Vec::new();
    for (i, &s) in strength.iter().enumerate() {
        // The gap runs to the next session, or through the last day (ongoing).
        let (next, ongoing) = match strength.get(i + 1) {
            Some(&n) => (n, false),
            None => (last + Duration::days(1), true),
        };
        let weeks = (next - s).num_days() / 7;
        if weeks < NO_STRENGTH_WEEKS {
            continue;
        }
        let habit = strength[..=i]
            .iter()
            .filter(|d| **d > s - Duration::weeks(HABIT_WEEKS))
            .count();
        if habit < HABIT_SESSIONS {
            continue;
        }
        let (start, end) = (s + Duration::days(1), next - Duration::days(1));
        // A break in it: not running either, the break is the story.
        if breaks.iter().any(|b| b.from <= end && b.to >= start) {
            continue;
        }
        let inside: Vec<&Run> = runs
            .iter()
            .filter(|r| r.date >= start && r.date <= end)
            .collect();
        if (inside.len() as i64) < weeks {
            continue;
        }
        out.push(Finding {
            kind: Kind::NoStrength,
            severity: if ongoing {
                Severity::Warning
            } else {
                Severity::Info
            },
            detected_on: s + Duration::weeks(NO_STRENGTH_WEEKS),
            start,
            end,
            ongoing: ongoing || is_ongoing(end, last),
            evidence: Evidence::NoStrength {
                weeks,
                last_session: s,
                sessions_before: habit,
                runs: inside.len(),
            },
            activities: inside
                .iter()
                .take(MAX_LISTED)
                .map(|r| r.id.clone())
                .collect(),
            activity_count: inside.len(),
            basis: Basis::Runs {
                runs: inside.len(),
                weeks,
            },
        });
    }
    out
}

/// Time of the other sports (walking aside: a walk to the shops is not training that
/// replaces a run) in a week, seconds.
fn other_time(w: &Weekly) -> f64 {
    w.cross_training
        .iter()
        .filter(|c| c.class != Class::Walking)
        .map(|c| c.moving_time_s)
        .sum()
}

/// The sports of (sport, seconds) items, the one with the most time first.
fn most_time_first(items: impl Iterator<Item = (Class, f64)>) -> Vec<Class> {
    let mut by: Vec<(Class, f64)> = Vec::new();
    for (class, t) in items {
        match by.iter_mut().find(|(k, _)| *k == class) {
            Some((_, sum)) => *sum += t,
            None => by.push((class, t)),
        }
    }
    by.sort_by(|a, b| b.1.total_cmp(&a.1));
    by.into_iter().map(|(c, _)| c).collect()
}

/// Stretches of [`TOOK_OVER_WEEKS`] whole weeks where other sports took running's place.
fn took_over(runs: &[Run], weekly: &[Weekly], last: NaiveDate) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut i = BEFORE_WEEKS;
    while i < weekly.len() {
        let before = &weekly[i - BEFORE_WEEKS..i];
        let run_before = before.iter().map(|w| w.moving_time_s).sum::<f64>() / BEFORE_WEEKS as f64;
        let other_before = before.iter().map(other_time).sum::<f64>() / BEFORE_WEEKS as f64;
        let gave_way = |w: &Weekly| {
            let other = other_time(w);
            w.days == 7
                && other > 0.0
                && other >= w.moving_time_s
                && w.moving_time_s <= TOOK_OVER_RUN_SHARE * run_before
        };
        // Running led before: a cyclist who also runs is not a runner who stopped, and a
        // runner hardly running had no running to give up (a break is told as one).
        if run_before <= other_before || run_before < TOOK_OVER_MIN_RUN_S || !gave_way(&weekly[i]) {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < weekly.len() && gave_way(&weekly[j]) {
            j += 1;
        }
        let stretch = &weekly[i..j];
        if stretch.len() >= TOOK_OVER_WEEKS {
            let n = stretch.len() as f64;
            let (start, end) = (
                stretch[0].week_start,
                stretch[stretch.len() - 1].week_start + Duration::days(6),
            );
            let classes = most_time_first(
                stretch
                    .iter()
                    .flat_map(|w| &w.cross_training)
                    .filter(|c| c.class != Class::Walking)
                    .map(|c| (c.class, c.moving_time_s)),
            );
            let inside: Vec<&Run> = runs
                .iter()
                .filter(|r| r.date >= start && r.date <= end)
                .collect();
            out.push(Finding {
                kind: Kind::CrossTrainingTookOver,
                severity: Severity::Info,
                detected_on: stretch[TOOK_OVER_WEEKS - 1].week_start + Duration::days(6),
                start,
                end,
                ongoing: is_ongoing(end, last),
                evidence: Evidence::CrossTrainingTookOver {
                    weeks: stretch.len(),
                    run_s_per_week_before: run_before,
                    run_s_per_week: stretch.iter().map(|w| w.moving_time_s).sum::<f64>() / n,
                    other_s_per_week: stretch.iter().map(other_time).sum::<f64>() / n,
                    classes,
                },
                activities: inside
                    .iter()
                    .take(MAX_LISTED)
                    .map(|r| r.id.clone())
                    .collect(),
                activity_count: inside.len(),
                basis: Basis::Runs {
                    runs: inside.len(),
                    weeks: stretch.len() as i64,
                },
            });
        }
        i = j.max(i + 1);
    }
    out
}

/// Breaks from running filled with other sports ([`ACTIVE_BREAK_SESSIONS`] or more),
/// with the return to running after them.
fn active_breaks(
    runs: &[Run],
    sessions: &[Session],
    breaks: &[Break],
    last: NaiveDate,
) -> Vec<Finding> {
    let mut out = Vec::new();
    for b in breaks {
        let inside: Vec<&Session> = sessions
            .iter()
            .filter(|s| s.date >= b.from && s.date <= b.to && s.class != Class::Walking)
            .collect();
        if inside.len() < ACTIVE_BREAK_SESSIONS {
            continue;
        }
        let classes = most_time_first(inside.iter().map(|s| (s.class, s.time_s)));
        let returned = runs.iter().map(|r| r.date).find(|d| *d > b.to);
        let (start, end) = (inside[0].date, inside[inside.len() - 1].date);
        out.push(Finding {
            kind: Kind::ActiveBreak,
            severity: Severity::Info,
            detected_on: end,
            start,
            end,
            ongoing: is_ongoing(end, last),
            evidence: Evidence::ActiveBreak {
                from: b.from,
                to: b.to,
                sessions: inside.len(),
                time_s_per_week: inside.iter().map(|s| s.time_s).sum::<f64>()
                    / ((b.days as f64) / 7.0).max(1.0),
                classes,
                returned,
            },
            activities: inside
                .iter()
                .take(MAX_LISTED)
                .map(|s| s.id.clone())
                .collect(),
            activity_count: inside.len(),
            basis: Basis::Runs {
                runs: 0,
                weeks: b.days / 7,
            },
        });
    }
    out
}

/// Sports taken up after [`NEW_AFTER_WEEKS`] weeks of history.
fn new_sport(runs: &[Run], sessions: &[Session], last: NaiveDate) -> Vec<Finding> {
    let first_day = runs
        .iter()
        .map(|r| r.date)
        .chain(sessions.iter().map(|s| s.date))
        .min();
    let Some(first_day) = first_day else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for class in Class::ALL {
        if matches!(class, Class::Running | Class::Walking | Class::Other) {
            continue;
        }
        let these: Vec<&Session> = sessions.iter().filter(|s| s.class == class).collect();
        let Some(first) = these.first().map(|s| s.date) else {
            continue;
        };
        let weeks_before = (first - first_day).num_days() / 7;
        let taken_up = these
            .iter()
            .filter(|s| s.date <= first + Duration::weeks(NEW_WITHIN_WEEKS))
            .count()
            >= NEW_MIN_SESSIONS;
        if weeks_before < NEW_AFTER_WEEKS || !taken_up {
            continue;
        }
        let end = these[these.len() - 1].date;
        out.push(Finding {
            kind: Kind::NewSport,
            severity: Severity::Info,
            detected_on: first,
            start: first,
            end,
            ongoing: is_ongoing(end, last),
            evidence: Evidence::NewSport {
                class,
                first,
                sessions: these.len(),
                weeks_before,
            },
            activities: these
                .iter()
                .take(MAX_LISTED)
                .map(|s| s.id.clone())
                .collect(),
            activity_count: these.len(),
            basis: Basis::Runs {
                runs: runs.len(),
                weeks: weeks_before,
            },
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::sport::CrossTraining;

    fn d(n: i64) -> NaiveDate {
        // A Monday.
        NaiveDate::from_ymd_opt(2024, 1, 1).unwrap() + Duration::days(n)
    }

    fn run(day: i64) -> Run {
        Run {
            id: format!("r{day}"),
            date: d(day),
            distance_m: 8000.0,
            moving_time_s: 2400.0,
            ..Default::default()
        }
    }

    fn session(day: i64, class: Class) -> Session {
        Session {
            id: format!("s{day}"),
            date: d(day),
            class,
            time_s: 3600.0,
        }
    }

    fn week(n: i64, run_s: f64, other: &[(Class, f64)]) -> Weekly {
        Weekly {
            week_start: d(7 * n),
            load: 0.0,
            distance_m: 0.0,
            moving_time_s: run_s,
            activities: 3,
            other_activities: other.len() as u32,
            cross_training: other
                .iter()
                .map(|&(class, t)| CrossTraining {
                    class,
                    count: 1,
                    moving_time_s: t,
                    distance_m: 0.0,
                })
                .collect(),
            rest_days: 3,
            monotony: None,
            strain: None,
            days: 7,
            cut_back: false,
            distance_change_pct: None,
            ctl_ramp: 0.0,
        }
    }

    #[test]
    fn a_lapsed_strength_habit_is_found_and_ongoing() {
        // Strength twice a week for 20 weeks, then none for 10 weeks; runs throughout.
        let runs: Vec<Run> = (0..30 * 7).step_by(2).map(run).collect();
        let sessions: Vec<Session> = (0..20 * 7)
            .filter(|n| n % 7 == 1 || n % 7 == 4)
            .map(|n| session(n, Class::Strength))
            .collect();
        let last = d(30 * 7 - 1);
        let f = no_strength(&runs, &sessions, &[], last);
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(f[0].ongoing && f[0].severity == Severity::Warning);
        let Evidence::NoStrength {
            weeks,
            last_session,
            sessions_before,
            ..
        } = f[0].evidence
        else {
            panic!()
        };
        assert_eq!(last_session, sessions.last().unwrap().date);
        assert!(weeks >= 10, "{weeks}");
        assert!(sessions_before >= 40);
        // A runner who never lifted is not told they stopped.
        assert!(no_strength(&runs, &[], &[], last).is_empty());
        // A few sessions are not a habit.
        assert!(no_strength(&runs, &sessions[..4], &[], last).is_empty());
    }

    #[test]
    fn rides_replacing_runs_for_weeks_are_found_and_a_cyclist_is_not() {
        // 8 weeks of 3 h running, then 5 weeks of 1 h running and 4 h riding, then back.
        let mut weekly: Vec<Weekly> = (0..8).map(|n| week(n, 3.0 * 3600.0, &[])).collect();
        weekly.extend((8..13).map(|n| week(n, 3600.0, &[(Class::Cycling, 4.0 * 3600.0)])));
        weekly.extend((13..16).map(|n| week(n, 3.0 * 3600.0, &[])));
        let f = took_over(&[], &weekly, d(16 * 7 - 1));
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!((f[0].start, f[0].end), (d(56), d(13 * 7 - 1)));
        let Evidence::CrossTrainingTookOver {
            weeks, ref classes, ..
        } = f[0].evidence
        else {
            panic!()
        };
        assert_eq!((weeks, classes.as_slice()), (5, &[Class::Cycling][..]));
        // Walking does not take over; three weeks are not a stretch.
        let mut walks = weekly.clone();
        for w in &mut walks[8..13] {
            w.cross_training[0].class = Class::Walking;
        }
        assert!(took_over(&[], &walks, d(111)).is_empty());
        assert!(took_over(&[], &weekly[..11], d(77)).is_empty());
        // A cyclist who runs a little: riding led all along.
        let cyclist: Vec<Weekly> = (0..16)
            .map(|n| week(n, 3600.0, &[(Class::Cycling, 6.0 * 3600.0)]))
            .collect();
        assert!(took_over(&[], &cyclist, d(111)).is_empty());
    }

    #[test]
    fn rides_during_a_break_are_an_active_break_with_the_return() {
        let mut runs: Vec<Run> = (0..60).step_by(2).map(run).collect();
        runs.extend((150..200).step_by(2).map(run));
        let b = Break {
            from: d(59),
            to: d(149),
            days: 91,
        };
        let rides: Vec<Session> = (70..140)
            .step_by(10)
            .map(|n| session(n, Class::Cycling))
            .collect();
        let f = active_breaks(&runs, &rides, &[b], d(199));
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(matches!(
            &f[0].evidence,
            Evidence::ActiveBreak { sessions: 7, returned: Some(r), classes, .. }
                if *r == d(150) && classes == &[Class::Cycling]
        ));
        // Three rides, or walks, do not make a break active.
        assert!(active_breaks(&runs, &rides[..3], &[b], d(199)).is_empty());
        let walks: Vec<Session> = (70..140)
            .step_by(10)
            .map(|n| session(n, Class::Walking))
            .collect();
        assert!(active_breaks(&runs, &walks, &[b], d(199)).is_empty());
    }

    #[test]
    fn a_sport_taken_up_is_new_and_a_one_off_or_an_old_one_is_not() {
        let runs: Vec<Run> = (0..200).step_by(3).map(run).collect();
        let mut sessions = vec![
            session(120, Class::Swimming),
            session(127, Class::Swimming),
            session(134, Class::Swimming),
        ];
        // Two rides are not a sport taken up.
        sessions.push(session(140, Class::Cycling));
        sessions.push(session(150, Class::Cycling));
        sessions.push(session(10, Class::Hiking));
        sessions.push(session(130, Class::Hiking));
        sessions.sort_by_key(|s| s.date);
        let f = new_sport(&runs, &sessions, d(199));
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(matches!(
            f[0].evidence,
            Evidence::NewSport {
                class: Class::Swimming,
                sessions: 3,
                weeks_before: 17,
                ..
            }
        ));
    }
}
