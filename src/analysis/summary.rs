//! The verdict of the whole analysis, as data: is the runner in a rut now, since when, on
//! which signal, what declines, the likely reasons and what to do. `report::words` says it
//! in plain words.
//!
//! # Rules
//! | verdict | when |
//! |---|---|
//! | `rut` | a plateau is ongoing ([`super::findings::is_ongoing`]); the one that started first, whatever the signal (the rolling race and distance signals show a change weeks after the per-run aerobic one) |
//! | `slump` | no plateau is ongoing, and a signal's last phase declines and is ongoing (the decline that started first is named) |
//! | `not-now` | none of these, but a plateau was found earlier (the last one is named) |
//! | `improving` | no plateau, and a signal's last phase improves |
//! | `no-plateau` | none of these (or too little history to judge) |
//!
//! Whatever the verdict, every signal whose last phase declines and is ongoing is listed.
//!
//! **Reasons** (of a rut or a slump): the findings overlapping the plateau (or the
//! declining phase), one per kind, variety
//! findings first (the seeds' "same pace or route all the time"), then rest and load, at
//! most [`MAX_REASONS`]; then the plateau's own reasons (no hard sessions, same distance)
//! where room is left. **Suggestions**: the advice of those findings, once per kind; a
//! goal race when the rut has no specific cause. Without a rut: the advice of the ongoing
//! findings.

use serde::Serialize;

use super::breaks::Break;
use super::findings::{Finding, Kind, is_ongoing};
use super::plateau::{Direction, EraLevel, Phase, Plateau, PlateauReport, Reason, Signal};

/// Reasons the summary lists at most.
pub const MAX_REASONS: usize = 3;
/// Points an era's level needs to be compared (fewer say little of a whole era).
pub const MIN_ERA_POINTS: usize = 5;

/// The verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// A plateau is ongoing.
    Rut,
    /// A signal is declining now (and no plateau is ongoing).
    Slump,
    /// A plateau was found earlier, none now.
    NotNow,
    /// Still improving.
    Improving,
    /// No plateau (or too little history).
    NoPlateau,
}

/// A signal declining now.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Declining {
    /// The signal.
    pub signal: Signal,
    /// Its declining phase.
    pub phase: Phase,
}

/// Something to do.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "suggestion", rename_all = "kebab-case")]
pub enum Suggestion {
    /// What a finding's advice says.
    Finding {
        /// The finding.
        finding: Box<Finding>,
    },
    /// Train for a goal race (a rut without a specific cause).
    GoalRace,
}

/// The current era against the best earlier one, on one signal.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct EraComparison {
    /// The signal (pace at easy heart rate where there is heart rate, else race fitness).
    pub signal: Signal,
    /// The break before the current era.
    pub after: Break,
    /// The current era's level.
    pub now: EraLevel,
    /// The best earlier era's level.
    pub best: EraLevel,
}

/// The summary.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    /// The verdict.
    pub verdict: Verdict,
    /// Whether the runner is stuck: a rut or a slump.
    pub in_a_rut: bool,
    /// The ongoing plateau (`rut`) or the last one (`not-now`).
    pub plateau: Option<Plateau>,
    /// Signals declining now.
    pub declining: Vec<Declining>,
    /// The likely reasons (of a rut or a slump).
    pub reasons: Vec<Reason>,
    /// What the data suggests doing.
    pub suggestions: Vec<Suggestion>,
    /// After a break: the current era against the best earlier one.
    pub since_break: Option<EraComparison>,
}

/// Order of reasons: variety first, then rest and cut-backs, then the rest.
fn kind_rank(k: Kind) -> u8 {
    match k {
        Kind::StaleRoutes => 0,
        Kind::NoQuality => 1,
        Kind::NoLongRun => 2,
        Kind::NoCutBack | Kind::NoRestDay | Kind::Monotony => 3,
        _ => 4,
    }
}

/// The likely reasons of a stretch (`start..=end`) and what to do: the findings overlapping
/// it, one per kind in [`kind_rank`] order, then the plateau's own reasons where room is
/// left; a goal race when nothing specific stands behind it.
fn behind(
    findings: &[&Finding],
    start: chrono::NaiveDate,
    end: chrono::NaiveDate,
    own: &[Reason],
) -> (Vec<Reason>, Vec<Suggestion>) {
    let mut these: Vec<&Finding> = findings
        .iter()
        .filter(|f| f.end >= start && f.start <= end)
        .copied()
        .collect();
    these.sort_by_key(|f| (kind_rank(f.kind), std::cmp::Reverse(f.end)));
    let mut kinds = Vec::new();
    let mut reasons = Vec::new();
    let mut suggestions = Vec::new();
    for f in these {
        if kinds.contains(&f.kind) || reasons.len() >= MAX_REASONS {
            continue;
        }
        kinds.push(f.kind);
        reasons.push(Reason::Findings {
            kind: f.kind,
            count: 1,
            first: Box::new(f.clone()),
            last_end: f.end,
        });
        suggestions.push(Suggestion::Finding {
            finding: Box::new(f.clone()),
        });
    }
    for r in own {
        if reasons.len() >= MAX_REASONS {
            break;
        }
        if matches!(
            r,
            Reason::NoHardSessions { .. } | Reason::SameDistance { .. }
        ) {
            reasons.push(r.clone());
        }
    }
    if suggestions.is_empty() {
        suggestions.push(Suggestion::GoalRace);
    }
    (reasons, suggestions)
}

/// The current era against the best earlier one, on the aerobic signal where it has
/// levels, else on race fitness (both: higher is better).
fn since_break(p: &PlateauReport, breaks: &[Break]) -> Option<EraComparison> {
    let (after, current) = (breaks.last()?, p.eras.last()?);
    [Signal::Aerobic, Signal::Race].iter().find_map(|&sig| {
        let levels = &p.signals.iter().find(|s| s.signal == sig)?.era_levels;
        let enough = |l: &&EraLevel| l.points >= MIN_ERA_POINTS;
        let now = levels.iter().filter(enough).find(|l| l.era == *current)?;
        let best = levels
            .iter()
            .filter(enough)
            .filter(|l| l.era != *current)
            .max_by(|a, b| a.level.total_cmp(&b.level))?;
        Some(EraComparison {
            signal: sig,
            after: *after,
            now: *now,
            best: *best,
        })
    })
}

/// The summary of the plateaus, every finding (load, routes and variety) and the breaks.
pub fn summarize(p: &PlateauReport, findings: &[&Finding], breaks: &[Break]) -> Summary {
    let mut s = verdict(p, findings);
    s.since_break = since_break(p, breaks);
    s
}

/// The verdict and its reasons (see the module docs).
fn verdict(p: &PlateauReport, findings: &[&Finding]) -> Summary {
    let declining: Vec<Declining> = match p.last {
        Some(last) => p
            .signals
            .iter()
            .filter_map(|s| {
                let ph = s.phases.last()?;
                (ph.direction == Direction::Declining && is_ongoing(ph.end, last)).then(|| {
                    Declining {
                        signal: s.signal,
                        phase: ph.clone(),
                    }
                })
            })
            .collect(),
        None => Vec::new(),
    };
    let all = || p.signals.iter().flat_map(|s| s.plateaus.iter());
    if let Some(pl) = all().filter(|pl| pl.ongoing).min_by_key(|pl| pl.start) {
        let (reasons, suggestions) = behind(findings, pl.start, pl.end, &pl.reasons);
        return Summary {
            verdict: Verdict::Rut,
            in_a_rut: true,
            plateau: Some(pl.clone()),
            declining,
            reasons,
            suggestions,
            since_break: None,
        };
    }
    if let Some(d) = declining.iter().min_by_key(|d| d.phase.start) {
        let (reasons, suggestions) = behind(findings, d.phase.start, d.phase.end, &[]);
        return Summary {
            verdict: Verdict::Slump,
            in_a_rut: true,
            plateau: all().max_by_key(|pl| pl.end).cloned(),
            declining,
            reasons,
            suggestions,
            since_break: None,
        };
    }
    let last = all().max_by_key(|pl| pl.end);
    let improving = p.signals.iter().any(|s| {
        s.phases
            .last()
            .is_some_and(|ph| ph.direction == Direction::Improving)
    });
    Summary {
        verdict: match (last, improving) {
            (Some(_), _) => Verdict::NotNow,
            (None, true) => Verdict::Improving,
            (None, false) => Verdict::NoPlateau,
        },
        in_a_rut: false,
        plateau: last.cloned(),
        declining,
        reasons: Vec::new(),
        suggestions: findings
            .iter()
            .filter(|f| f.ongoing)
            .take(MAX_REASONS)
            .map(|f| Suggestion::Finding {
                finding: Box::new((*f).clone()),
            })
            .collect(),
        since_break: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::plateau::{SignalReport, Status};
    use chrono::{Duration, NaiveDate};

    fn day(n: i64) -> NaiveDate {
        NaiveDate::from_ymd_opt(2024, 1, 1).unwrap() + Duration::days(n)
    }

    fn phase(from: i64, to: i64, direction: Direction) -> Phase {
        Phase {
            start: day(from),
            end: day(to),
            weeks: (to - from) as f64 / 7.0,
            direction,
            points: 10,
            level: 3.0,
            spread: 0.1,
            slope_per_week: 0.0,
            slope_lo: 0.0,
            slope_hi: 0.0,
        }
    }

    fn report(signals: Vec<(Signal, Vec<Phase>, Vec<Plateau>)>, last: i64) -> PlateauReport {
        PlateauReport {
            first: Some(day(0)),
            last: Some(day(last)),
            runs: 100,
            aerobic_ref_hr_bpm: 150.0,
            eras: Vec::new(),
            signals: signals
                .into_iter()
                .map(|(signal, phases, plateaus)| SignalReport {
                    signal,
                    status: Status::Judged {
                        points: 50,
                        weeks: 40.0,
                    },
                    points: 50,
                    phases,
                    plateaus,
                    era_levels: Vec::new(),
                })
                .collect(),
        }
    }

    fn plateau(signal: Signal, from: i64, to: i64, last: i64) -> Plateau {
        Plateau {
            signal,
            start: day(from),
            end: day(to),
            weeks: (to - from) as f64 / 7.0,
            ongoing: is_ongoing(day(to), day(last)),
            level: 3.0,
            spread: 0.1,
            gain_before: None,
            reasons: Vec::new(),
        }
    }

    #[test]
    fn the_verdict_follows_the_signals() {
        use Direction::*;
        // An ongoing plateau is a rut, whatever else declines.
        let p = report(
            vec![
                (
                    Signal::Aerobic,
                    vec![phase(0, 100, Improving), phase(101, 280, Flat)],
                    vec![plateau(Signal::Aerobic, 101, 280, 280)],
                ),
                (
                    Signal::Race,
                    vec![phase(0, 200, Flat), phase(201, 275, Declining)],
                    vec![],
                ),
            ],
            280,
        );
        let s = summarize(&p, &[], &[]);
        assert_eq!(s.verdict, Verdict::Rut);
        assert_eq!(s.declining.len(), 1);
        assert_eq!(s.suggestions, [Suggestion::GoalRace]);
        // A plateau that ended, then a decline now: a slump, never "not now".
        let p = report(
            vec![(
                Signal::Race,
                vec![
                    phase(0, 100, Improving),
                    phase(101, 200, Flat),
                    phase(201, 280, Declining),
                ],
                vec![plateau(Signal::Race, 101, 200, 280)],
            )],
            280,
        );
        let s = summarize(&p, &[], &[]);
        assert_eq!(s.verdict, Verdict::Slump);
        assert!(s.in_a_rut);
        assert_eq!(s.declining[0].phase.start, day(201));
        // The same plateau followed by recovery: not now; by improvement alone: improving.
        let p = report(
            vec![(
                Signal::Race,
                vec![
                    phase(0, 100, Improving),
                    phase(101, 200, Flat),
                    phase(201, 280, Flat),
                ],
                vec![plateau(Signal::Race, 101, 200, 280)],
            )],
            280,
        );
        assert_eq!(summarize(&p, &[], &[]).verdict, Verdict::NotNow);
        let p = report(
            vec![(Signal::Race, vec![phase(0, 280, Improving)], vec![])],
            280,
        );
        assert_eq!(summarize(&p, &[], &[]).verdict, Verdict::Improving);
        // A decline that ended a month before the last day is not "now".
        let p = report(
            vec![(
                Signal::Race,
                vec![phase(0, 100, Flat), phase(101, 250, Declining)],
                vec![],
            )],
            280,
        );
        let s = summarize(&p, &[], &[]);
        assert_eq!(s.verdict, Verdict::NoPlateau);
        assert!(!s.in_a_rut && s.declining.is_empty());
    }
}
