//! The verdict of the whole analysis, as data: is the runner in a rut now, since when, on
//! which signal, what declines, the likely reasons and what to do. `report::words` says it
//! in plain words.
//!
//! # Rules
//! | verdict | when |
//! |---|---|
//! | `break` | the last run is [`BREAK_WEEKS`] weeks or more before today (the day the analysis is judged on): the runner is not running now. What the last stretch showed before the break is kept (`before`) |
//! | `rut` | a plateau is ongoing ([`super::findings::is_ongoing`]) and the aerobic signal is not declining now; the plateau that started first, whatever the signal (the rolling race and distance signals show a change weeks after the per-run aerobic one) |
//! | `slump` | a signal's last phase declines and is ongoing (the decline that started first is named), and no plateau is ongoing or the declining one is the aerobic signal: pace at easy heart rate moves with fitness whatever the runner does, so going backwards there outweighs a long run that holds (the overtraining sweep: 37 of 40 histories read "a rut" from their long-run distance while their aerobic speed and race fitness fell); a race decline alone does not, as best efforts fall when hard sessions stop. Long-run distance declining while pace at easy heart rate or race fitness is improving now is not a slump (shorter long runs are a change in training while fitness rises), nor is race fitness declining while pace at easy heart rate is improving now (best efforts fall when fast running stops) |
//! | `too-little-data` | none of these, and the current stretch (since the last break, or the whole history) has fewer than [`MIN_POINTS`] runs or spans fewer than [`MIN_HISTORY_WEEKS`] weeks, or no signal has enough points to be judged: what a plateau needs |
//! | `not-now` | none of these, but a plateau was found earlier (the last one is named) |
//! | `improving` | no plateau, and a signal's last phase improves past where the phases of the year before it ended ([`Regaining`]: a rise no further than one is said, not called progress) |
//! | `no-plateau` | none of these |
//!
//! Whatever the verdict, every signal whose last phase declines and is ongoing is listed.
//!
//! **Reasons** (of a rut or a slump): the findings overlapping the plateau (or the
//! declining phase and the [`SLUMP_LEAD_WEEKS`] weeks before it), one per kind, variety
//! findings first (the seeds' "same pace or route all the time"), then rest and load, at
//! most [`MAX_REASONS`]; then the plateau's own reasons (no hard sessions, same distance)
//! where room is left. **Suggestions**: the advice of those findings that still hold (an
//! advice speaks of now), once per kind; a goal race when none does. Without a rut: the advice of the ongoing
//! findings, alerts first, never of one that only acknowledges (a new sport, an active
//! break).

use chrono::NaiveDate;
use serde::Serialize;

use super::breaks::{BREAK_WEEKS, Break};
use super::findings::{Finding, Kind, is_ongoing};
use super::plateau::{
    Direction, EraLevel, MIN_HISTORY_WEEKS, MIN_POINTS, Phase, Plateau, PlateauReport, Reason,
    Signal, Status,
};

/// Reasons the summary lists at most.
pub const MAX_REASONS: usize = 3;
/// A slump's reasons include the findings of this many weeks before its decline began:
/// what wears a runner down shows in their pace weeks later (the overtraining sweep: a
/// load rising 68 % with pace slowing ended three weeks before easy pace turned down).
pub const SLUMP_LEAD_WEEKS: i64 = 6;
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
    /// No plateau.
    NoPlateau,
    /// Not running now: the last run is a break's length before today.
    Break,
    /// The current stretch is too short to judge.
    TooLittleData,
}

/// When the runner is not running now: the last run and today.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct OnBreak {
    /// The last run's date.
    pub last_run: NaiveDate,
    /// Today: the day the analysis is judged on.
    pub today: NaiveDate,
    /// Days from the day after the last run to today.
    pub days: i64,
    /// What the last stretch showed when it ended (the verdict without the break).
    pub before: Verdict,
}

/// The current stretch (since the last break, or the whole history), when it is too
/// short to judge.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Stretch {
    /// First run of the stretch.
    pub start: NaiveDate,
    /// Last run of the stretch.
    pub end: NaiveDate,
    /// Runs in it.
    pub runs: usize,
    /// Weeks from its first run to its last.
    pub weeks: f64,
    /// Whether any signal of the whole history has enough points to be judged.
    pub judged: bool,
}

/// A signal declining now.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Declining {
    /// The signal.
    pub signal: Signal,
    /// Its declining phase.
    pub phase: Phase,
    /// The phase's trend line at its start (signal units): where the decline set out
    /// from, which may be above the phase before it (a peak then a slide).
    pub from: f64,
    /// ... and at its end: where the signal is now.
    pub to: f64,
}

/// A flat phase this far below where the phase before it ended has stepped down: a decline
/// held (the same 5 % as a plateau's step in [`super::plateau::Gain`]). Race fitness's is
/// also a plateau at the level it fell to, said once as the fall it held (the hard
/// sessions stopped); the other signals' is no plateau.
pub const STEP_DOWN: f64 = 0.05;

/// Long runs decline only when they fell by this much: a tenth of their distance. The
/// long-run signal is the 90th percentile of four weeks' runs, and one route moves it; the
/// independent generator picks a run's route within 12 % of the distance it plans. A
/// coach reads a long run of 14.1 km after 15.0 km, or 10.4 km after 11.0, as the same
/// long run: 520qianjiawen's report of 2026-06-22 read "a slump: your long-run distance
/// has been lower since 2026-04-27 (long runs 15.0 → 14.1 km)", 3 km above its winter's.
pub const LONG_RUN_DECLINE: f64 = 0.10;

impl Declining {
    /// A flat phase that stepped down from the end of the phase before it, in the same era:
    /// from that end to its level. (gezip's long runs: 19.5 km in early 2025, then flat at
    /// 10 km — a coach's slump, not "has not improved".)
    pub fn step(signal: Signal, before: &Phase, phase: &Phase) -> Option<Declining> {
        let end = ended_at(signal, before);
        (phase.direction == Direction::Flat && phase.level < (1.0 - STEP_DOWN) * end).then(|| {
            Declining {
                signal,
                phase: phase.clone(),
                from: end,
                to: phase.level,
            }
        })
    }

    /// The decline of a phase, as [`Phase::change`] says it; from where the phase before
    /// ended when that was higher (`before`: the phase before it in the same era). The drop
    /// into a declining phase is part of the decline: 520qianjiawen's long runs held 14.1 km
    /// to 2026-06-27, then read 10.5 → 10.0 km; a coach says they fell from 14 km to 10.
    pub fn of(signal: Signal, phase: &Phase, before: Option<&Phase>) -> Declining {
        let (start, to) = phase.change(signal);
        let from = before.map_or(start, |b| ended_at(signal, b).max(start));
        Declining {
            signal,
            phase: phase.clone(),
            from,
            to,
        }
    }
}

/// Where a phase ended, as its row says it (a flat one: its level).
fn ended_at(signal: Signal, phase: &Phase) -> f64 {
    match phase.direction {
        Direction::Flat => phase.level,
        _ => phase.change(signal).1,
    }
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
    /// Set a goal (a rut or a slump, and no goal set): a realistic one from the runner's
    /// own best stretch ([`super::goals::suggest`]).
    SetGoal {
        /// The goal.
        goal: super::goals::SuggestedGoal,
    },
    /// Come back gradually (on a break).
    ComeBack,
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
    /// How the current era stands against it.
    pub standing: EraStanding,
}

/// The current era against the best earlier one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum EraStanding {
    /// Higher by more than [`super::plateau::RESOLUTION`] of the level.
    Better,
    /// Within it: the signals do not resolve a smaller difference (held-out Quitino:
    /// 6:07/km against 6:08/km had read as "better than in any earlier stretch").
    Same,
    /// Lower by more than it.
    Worse,
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
    /// Rolling signals still in a rise whose last point has fallen back behind it.
    pub fallen_back: Vec<FallenBack>,
    /// In a rut, the other signals gaining meanwhile (see [`Gaining`]).
    pub gaining: Vec<Gaining>,
    /// Signals rising now but no further than an earlier phase ended (see [`Regaining`]).
    pub regaining: Vec<Regaining>,
    /// The likely reasons (of a rut or a slump).
    pub reasons: Vec<Reason>,
    /// What the data suggests doing.
    pub suggestions: Vec<Suggestion>,
    /// After a break: the current era against the best earlier one.
    pub since_break: Option<EraComparison>,
    /// Not running now (`break`): since when.
    pub on_break: Option<OnBreak>,
    /// The current stretch, when it is too short to judge (`too-little-data`).
    pub too_little: Option<Stretch>,
}

impl Summary {
    /// A summary of what the verdict itself decides: the plateau named, the declines, the
    /// reasons and the suggestions (stuck: a rut or a slump). The rest — dips, rises,
    /// the era comparison, a break, a stretch too short — is left empty for
    /// [`summarize`] to fill.
    pub fn new(
        verdict: Verdict,
        plateau: Option<Plateau>,
        declining: Vec<Declining>,
        reasons: Vec<Reason>,
        suggestions: Vec<Suggestion>,
    ) -> Summary {
        Summary {
            verdict,
            in_a_rut: matches!(verdict, Verdict::Rut | Verdict::Slump),
            plateau,
            declining,
            fallen_back: Vec::new(),
            gaining: Vec::new(),
            regaining: Vec::new(),
            reasons,
            suggestions,
            since_break: None,
            on_break: None,
            too_little: None,
        }
    }
}

/// What the summary is judged on besides the plateaus and findings.
#[derive(Debug, Clone, Copy, Default)]
pub struct Now<'a> {
    /// The breaks of the history.
    pub breaks: &'a [Break],
    /// Every run's local date, in order.
    pub runs: &'a [NaiveDate],
    /// Today, the day the analysis is judged on (None: the last day of the data, so the
    /// runner is never on a break now).
    pub today: Option<NaiveDate>,
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
        .filter(|f| f.end >= start && f.start <= end && f.kind.can_explain_a_rut())
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
        // A finding's advice speaks of now ("take a cut-back week now"): given only while
        // it holds. One that ended is a reason of the rut, and the runner has done since
        // what it asks (tiny656: "No lighter week" ending 2026-06-14 beside cut-back weeks
        // on 06-15, 06-22, 06-29 and 07-27).
        if f.ongoing {
            suggestions.push(Suggestion::Finding {
                finding: Box::new(f.clone()),
            });
        }
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
        // Against the best phase of an earlier era: the level the runner held at their
        // best, not the median of an era that trended ([`EraLevel::best`]).
        let best = levels
            .iter()
            .filter(enough)
            .filter(|l| l.era != *current)
            .max_by(|a, b| a.best.total_cmp(&b.best))?;
        let tolerance = super::plateau::RESOLUTION * best.best.abs();
        let standing = if now.level > best.best + tolerance {
            EraStanding::Better
        } else if now.level < best.best - tolerance {
            EraStanding::Worse
        } else {
            EraStanding::Same
        };
        Some(EraComparison {
            signal: sig,
            after: *after,
            now: *now,
            best: *best,
            standing,
        })
    })
}

/// The summary of the plateaus, every finding (load, routes and variety), the breaks and
/// the runs' dates, judged on `now.today`.
pub fn summarize(p: &PlateauReport, findings: &[&Finding], now: Now) -> Summary {
    let back = regaining(p);
    let mut s = verdict(p, findings, &back);
    s.fallen_back = fallen_back(p);
    s.regaining = back;
    if s.verdict == Verdict::Rut
        && let Some(pl) = &s.plateau
    {
        s.gaining = gaining(p, pl);
    }
    s.since_break = since_break(p, now.breaks);
    if !matches!(s.verdict, Verdict::Rut | Verdict::Slump)
        && let Some(stretch) = current_stretch(p, now)
        && (stretch.runs < MIN_POINTS || stretch.weeks < MIN_HISTORY_WEEKS || !stretch.judged)
    {
        s.verdict = Verdict::TooLittleData;
        s.too_little = Some(stretch);
    }
    if let (Some(last_run), Some(today)) = (now.runs.last().copied(), now.today) {
        let days = (today - last_run).num_days();
        if days >= BREAK_WEEKS * 7 {
            s.on_break = Some(OnBreak {
                last_run,
                today,
                days,
                before: s.verdict,
            });
            s.verdict = Verdict::Break;
            s.in_a_rut = false;
            s.reasons.clear();
            s.suggestions = vec![Suggestion::ComeBack];
        }
    }
    s
}

/// A rolling signal (race fitness, long runs) whose last phase rises and is ongoing but
/// whose last point lies behind the phase's median and more than [`super::plateau::END_APART`]
/// below where its line ends ([`Phase::end_behind`]): a dip shorter than a phase, which the
/// segmentation cannot cut (a phase is [`super::plateau::MIN_PHASE_WEEKS`] weeks, and a
/// rolling window holds a value for weeks more). 520qianjiawen's best efforts rose from
/// 2024 to VDOT 53–54 in spring 2026, then fell to 49–50 in July and August: a coach says
/// that first, the phase table only at the end of its row.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FallenBack {
    /// The signal.
    pub signal: Signal,
    /// Its rising phase.
    pub phase: Phase,
    /// Where the rise reached: the phase's line at its end (signal units).
    pub from: f64,
    /// Where the signal is now: its last point.
    pub to: f64,
}

/// A signal whose last phase improves now ([`Phase::improving_now`]), for at least
/// [`REGAIN_MIN_WEEKS`] weeks, but ends no further than an earlier phase of the same era,
/// ended within [`REGAIN_WEEKS`] weeks before it began, had ended: its runs of the last
/// [`super::plateau::MIN_PHASE_WEEKS`] weeks ([`Phase::end_level`]) are not past that
/// phase's last weeks by more than [`super::plateau::RESOLUTION`]. It is coming back from
/// a dip, not progress. wuyueSea on 2025-05-07: pace at easy heart rate improving since
/// 2024-10-13 (its line 5:38/km → 5:23/km) after a slower summer and autumn; its runs of
/// the last six weeks at 5:24/km against 5:19/km in the six weeks to 2024-10-11: no
/// further than before, not "still improving".
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Regaining {
    /// The signal.
    pub signal: Signal,
    /// Its rising phase.
    pub phase: Phase,
    /// Where the rise started (signal units, as [`Phase::change`]).
    pub from: f64,
    /// Where its line is now (as [`Phase::change`]).
    pub to: f64,
    /// Its level over its last weeks ([`Phase::end_level`]).
    pub now: f64,
    /// The earlier phase's level over its last weeks.
    pub held: f64,
    /// The earlier phase's last day.
    pub held_on: NaiveDate,
}

impl Regaining {
    /// Whether it is back where the earlier phase ended (within
    /// [`super::plateau::RESOLUTION`]), rather than still below it.
    pub fn back(&self) -> bool {
        self.now >= self.held - super::plateau::RESOLUTION * self.held.abs()
    }
}

/// How far back a level held before counts against a rise ([`Regaining`]): a year, so a
/// summer dip and its autumn return are one story, an old best from another life is not.
pub const REGAIN_WEEKS: i64 = 52;

/// Weeks a rise needs before it is asked whether it got further ([`Regaining`]): twice
/// the weeks its end is measured over, so that end is its own and not the dip it rose
/// from. A shorter phase's "last six weeks" are all of it: the simulator's improving
/// runner of seed 35 (random days, two gaps), rising 0.3 %/week and cut into two phases
/// in November, read "no further than before" from a 6-week phase against the weeks just
/// before it.
pub const REGAIN_MIN_WEEKS: f64 = 2.0 * super::plateau::MIN_PHASE_WEEKS;

/// A signal other than the rut's whose last phase, begun within the rut, still rises, ongoing,
/// by at least [`super::plateau::ELSEWHERE_MIN_GAIN`] of its start: the rut holds (the
/// plateau's own signal has not improved), and the headline says what rose meanwhile.
/// asplitline on 2025-12-03: long runs at 11.3 km for 85 weeks, while its race fitness rose
/// from VDOT 36.0 to 40.7 since July, its best in two years.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Gaining {
    /// The signal.
    pub signal: Signal,
    /// Its rising phase.
    pub phase: Phase,
    /// Where the rise started (signal units, as [`Phase::change`]).
    pub from: f64,
    /// Where it is now.
    pub to: f64,
}

/// The signals other than the rut's gaining now, over a phase that began within the rut
/// (see [`Gaining`]): a phase begun before it holds progress that may have ended there (the
/// simulator's hinge runners: pace at easy heart rate one improving line over the year,
/// rising until the change and flat after it).
fn gaining(p: &PlateauReport, rut: &Plateau) -> Vec<Gaining> {
    phases_now(p)
        .filter(|(signal, _)| *signal != rut.signal)
        .filter_map(|(signal, ph)| {
            let (from, to) = ph.change(signal);
            (ph.start >= rut.start
                && ph.improving_now(signal)
                && to - from >= super::plateau::ELSEWHERE_MIN_GAIN * from.abs())
            .then(|| Gaining {
                signal,
                phase: ph.clone(),
                from,
                to,
            })
        })
        .collect()
}

/// Each signal's last phase when it is still on at the last day analysed.
fn phases_now(p: &PlateauReport) -> impl Iterator<Item = (Signal, &Phase)> {
    p.signals.iter().filter_map(move |s| {
        let ph = s.phases.last()?;
        p.last
            .is_some_and(|last| is_ongoing(ph.end, last))
            .then_some((s.signal, ph))
    })
}

/// The signals rising now but no further than an earlier phase ended (see [`Regaining`]).
fn regaining(p: &PlateauReport) -> Vec<Regaining> {
    p.signals
        .iter()
        .filter_map(|s| {
            let (signal, ph) = (s.signal, s.phases.last()?);
            if !ph.improving_now(signal) || ph.weeks < REGAIN_MIN_WEEKS {
                return None;
            }
            let (from, to) = ph.change(signal);
            let since = ph.start - chrono::Duration::weeks(REGAIN_WEEKS);
            let before = s.phases[..s.phases.len() - 1]
                .iter()
                .filter(|b| b.end >= since && same_era(p, b, ph))
                .max_by(|a, b| a.end_level.total_cmp(&b.end_level))?;
            let past = ph.end_level - before.end_level;
            (past <= super::plateau::RESOLUTION * before.end_level.abs()).then(|| Regaining {
                signal,
                phase: ph.clone(),
                from,
                to,
                now: ph.end_level,
                held: before.end_level,
                held_on: before.end,
            })
        })
        .collect()
}

/// The rolling signals that have fallen back (see [`FallenBack`]).
fn fallen_back(p: &PlateauReport) -> Vec<FallenBack> {
    phases_now(p)
        .filter(|(_, ph)| ph.direction == Direction::Improving)
        .filter_map(|(signal, ph)| {
            Some(FallenBack {
                signal,
                phase: ph.clone(),
                from: ph.change(signal).1,
                to: ph.end_behind(signal)?,
            })
        })
        .collect()
}

/// The current stretch: the runs since the last break (or all of them).
fn current_stretch(p: &PlateauReport, now: Now) -> Option<Stretch> {
    let from = now
        .breaks
        .last()
        .map_or(NaiveDate::MIN, |b| b.to.succ_opt().unwrap_or(b.to));
    let runs: Vec<NaiveDate> = now.runs.iter().copied().filter(|d| *d >= from).collect();
    let (start, end) = (*runs.first()?, *runs.last()?);
    Some(Stretch {
        start,
        end,
        runs: runs.len(),
        weeks: (end - start).num_days() as f64 / 7.0,
        judged: p
            .signals
            .iter()
            .any(|s| matches!(s.status, Status::Judged { .. })),
    })
}

/// Whether phase `a` and the later phase `b` lie in one era (no break between them).
fn same_era(p: &PlateauReport, a: &Phase, b: &Phase) -> bool {
    p.eras.is_empty()
        || p.eras
            .iter()
            .any(|e| e.contains(a.start) && e.contains(b.end))
}

/// The verdict and its reasons (see the module docs); `back`: the signals rising now no
/// further than before ([`regaining`]), which are not progress.
fn verdict(p: &PlateauReport, findings: &[&Finding], back: &[Regaining]) -> Summary {
    let declining: Vec<Declining> = match p.last {
        Some(last) => p
            .signals
            .iter()
            .filter_map(|s| {
                let ph = s.phases.last()?;
                if !is_ongoing(ph.end, last) {
                    return None;
                }
                let before = s.phases.len().checked_sub(2).map(|i| &s.phases[i]);
                let before = before.filter(|b| same_era(p, b, ph));
                if ph.direction == Direction::Declining {
                    return Some(Declining::of(s.signal, ph, before));
                }
                Declining::step(s.signal, before?, ph)
            })
            .filter(|d| d.signal != Signal::Distance || d.to < (1.0 - LONG_RUN_DECLINE) * d.from)
            .collect(),
        None => Vec::new(),
    };
    let all = || p.signals.iter().flat_map(|s| s.plateaus.iter());
    // Easy pace going backwards outweighs a plateau that holds meanwhile (module docs).
    let aerobic_declining = declining.iter().any(|d| d.signal == Signal::Aerobic);
    if !aerobic_declining && let Some(pl) = all().filter(|pl| pl.ongoing).min_by_key(|pl| pl.start)
    {
        let (reasons, suggestions) = behind(findings, pl.start, pl.end, &pl.reasons);
        return Summary::new(
            Verdict::Rut,
            Some(pl.clone()),
            declining,
            reasons,
            suggestions,
        );
    }
    // Shorter long runs while fitness still rises are a change in training, said in the
    // headline, not a slump: the independent generator's healthy runners (long runs of
    // whatever route came up, fitness rising 0.25–0.4 % a week) read "a slump" in 5 of 20
    // from their long-run distance alone.
    let rising_now = |which: &[Signal]| {
        phases_now(p).any(|(signal, ph)| which.contains(&signal) && ph.improving_now(signal))
    };
    let fitness_rising = rising_now(&[Signal::Aerobic, Signal::Race]);
    // Best efforts that fall while pace at easy heart rate still improves are fast running
    // stopped, not fitness lost (the independent generator's stale-route runners: from
    // the change nearly every run is one loop at one pace, no tempo; their best efforts
    // stepped down while their easy pace improved, and 14 of 20 read "a slump").
    let aerobic_rising = rising_now(&[Signal::Aerobic]);
    let slump = declining
        .iter()
        .filter(|d| !(d.signal == Signal::Distance && fitness_rising))
        .filter(|d| !(d.signal == Signal::Race && aerobic_rising))
        .min_by_key(|d| d.phase.start);
    if let Some(d) = slump {
        let from = d.phase.start - chrono::Duration::weeks(SLUMP_LEAD_WEEKS);
        let (reasons, suggestions) = behind(findings, from, d.phase.end, &[]);
        return Summary::new(
            Verdict::Slump,
            all().max_by_key(|pl| pl.end).cloned(),
            declining,
            reasons,
            suggestions,
        );
    }
    let last = all().max_by_key(|pl| pl.end);
    // Progress is a rise past the level held before, not only back to it.
    let improving = p.signals.iter().any(|s| {
        s.phases.last().is_some_and(|ph| ph.improving_now(s.signal))
            && !back.iter().any(|r| r.signal == s.signal)
    });
    let verdict = match (last, improving) {
        (Some(_), _) => Verdict::NotNow,
        (None, true) => Verdict::Improving,
        (None, false) => Verdict::NoPlateau,
    };
    // What to act on first: alerts, then warnings; a new sport or an active break is
    // acknowledged in its section, not advice.
    let mut now: Vec<&&Finding> = findings
        .iter()
        .filter(|f| f.ongoing && !f.kind.is_acknowledgement())
        .collect();
    now.sort_by_key(|f| std::cmp::Reverse(f.severity));
    let suggestions = now
        .into_iter()
        .take(MAX_REASONS)
        .map(|f| Suggestion::Finding {
            finding: Box::new((*f).clone()),
        })
        .collect();
    Summary::new(verdict, last.cloned(), declining, Vec::new(), suggestions)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::breaks::Era;
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
            line_weeks: (to - from) as f64 / 7.0,
            direction,
            points: 10,
            level: 3.0,
            spread: 0.1,
            slope_per_week: 0.0,
            slope_lo: 0.0,
            slope_hi: 0.0,
            // The last point onward from the start.
            last_value: match direction {
                Direction::Improving => 3.1,
                Direction::Flat => 3.0,
                Direction::Declining => 2.9,
            },
            end_level: match direction {
                Direction::Improving => 3.1,
                Direction::Flat => 3.0,
                Direction::Declining => 2.9,
            },
            // Points anywhere: each test sets the line it needs.
            low: f64::MIN,
            high: f64::MAX,
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

    /// A signal that improves to day `turn`, then declines to day 280.
    fn rises_then_falls(signal: Signal, turn: i64) -> (Signal, Vec<Phase>, Vec<Plateau>) {
        (
            signal,
            vec![
                phase(0, turn, Direction::Improving),
                phase(turn + 1, 280, Direction::Declining),
            ],
            vec![],
        )
    }

    /// A signal in one phase from day 0 to day 280.
    fn one_phase(signal: Signal, direction: Direction) -> (Signal, Vec<Phase>, Vec<Plateau>) {
        (signal, vec![phase(0, 280, direction)], vec![])
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
            turn: None,
            flat_from: None,
        }
    }

    #[test]
    fn going_backwards_at_easy_heart_rate_is_a_slump_whatever_holds() {
        // An overreaching runner: the long run holds at the doubled volume (a distance
        // plateau, ongoing) while pace at easy heart rate falls: a slump, not a rut.
        let distance = (
            Signal::Distance,
            vec![
                phase(0, 150, Direction::Improving),
                phase(151, 280, Direction::Flat),
            ],
            vec![plateau(Signal::Distance, 151, 280, 280)],
        );
        let falling = |signal| rises_then_falls(signal, 200);
        let p = report(vec![distance.clone(), falling(Signal::Aerobic)], 280);
        let s = summarize(&p, &[], Now::default());
        assert_eq!(s.verdict, Verdict::Slump);
        assert_eq!(s.declining[0].signal, Signal::Aerobic);
        // Only the best efforts falling (no hard sessions lately) beside the plateau: a rut.
        let p = report(vec![distance, falling(Signal::Race)], 280);
        assert_eq!(summarize(&p, &[], Now::default()).verdict, Verdict::Rut);
    }

    #[test]
    fn a_decline_is_said_from_where_the_phase_before_ended() {
        // 520qianjiawen, 2026-08-12: long runs held 14.1 km to 2026-06-27, then read
        // 10.5 → 10.0 km. The slump is from 14.1 km, not a 5 % slide from 10.5.
        let mut held = phase(0, 150, Direction::Flat);
        held.level = 14.1;
        let mut fell = phase(151, 280, Direction::Declining);
        (fell.level, fell.slope_per_week, fell.last_value) = (10.25, -0.5 / fell.line_weeks, 10.0);
        let long_runs = (Signal::Distance, vec![held.clone(), fell.clone()], vec![]);
        let p = report(
            vec![long_runs, one_phase(Signal::Aerobic, Direction::Flat)],
            280,
        );
        let s = summarize(&p, &[], Now::default());
        assert_eq!(s.verdict, Verdict::Slump);
        let d = &s.declining[0];
        assert_eq!((d.signal, d.phase.start), (Signal::Distance, day(151)));
        assert!(
            (d.from - 14.1).abs() < 1e-9 && (d.to - 10.0).abs() < 1e-9,
            "{d:?}"
        );
        // A peak then a slide: the phase before ended below where the decline set out
        // from, which stays the decline's line.
        held.level = 9.0;
        (fell.level, fell.slope_per_week) = (9.5, -2.0 / fell.line_weeks);
        fell.last_value = 8.5;
        let p = report(vec![(Signal::Distance, vec![held, fell], vec![])], 280);
        let d = &summarize(&p, &[], Now::default()).declining[0];
        assert!(
            (d.from - 10.5).abs() < 1e-9 && (d.to - 8.5).abs() < 1e-9,
            "{d:?}"
        );
    }

    #[test]
    fn a_rise_only_back_to_the_level_held_before_is_no_progress() {
        // wuyueSea, 2025-05-07: pace at easy heart rate about 3.13 m/s (5:19/km) over the
        // six weeks to 2024-10-11, slower after, improving since to about as much over its
        // last six weeks: back where it was, not "still improving".
        let mut june = phase(0, 100, Direction::Improving);
        june.end_level = 3.13;
        let mut summer = phase(101, 190, Direction::Flat);
        summer.end_level = 2.95;
        let mut autumn = phase(191, 400, Direction::Improving);
        (autumn.level, autumn.slope_per_week) = (3.03, 0.14 / autumn.line_weeks);
        autumn.end_level = 3.13;
        let aerobic = |phases| report(vec![(Signal::Aerobic, phases, vec![])], 400);
        let p = aerobic(vec![june.clone(), summer.clone(), autumn.clone()]);
        let s = summarize(&p, &[], Now::default());
        assert_eq!(s.verdict, Verdict::NoPlateau);
        let r = &s.regaining[0];
        assert_eq!(
            (r.signal, r.phase.start, r.held_on),
            (Signal::Aerobic, day(191), day(100))
        );
        assert!(
            (r.from - 2.96).abs() < 1e-9 && (r.to - 3.10).abs() < 1e-9,
            "{r:?}"
        );
        assert!(
            (r.held - 3.13).abs() < 1e-9 && (r.now - 3.13).abs() < 1e-9,
            "{r:?}"
        );
        // Past it by more than the signals resolve: progress.
        autumn.end_level = 3.18;
        let s = summarize(
            &aerobic(vec![june.clone(), summer.clone(), autumn.clone()]),
            &[],
            Now::default(),
        );
        assert_eq!(s.verdict, Verdict::Improving);
        assert!(s.regaining.is_empty());
        // A rise of under twelve weeks is not asked yet: its last six weeks are all of it.
        autumn.end_level = 3.13;
        let mut short = autumn.clone();
        (short.start, short.weeks) = (day(330), 70.0 / 7.0);
        let s = summarize(
            &aerobic(vec![june.clone(), summer.clone(), short]),
            &[],
            Now::default(),
        );
        assert_eq!(s.verdict, Verdict::Improving);
        // A level held more than a year before the rise began is another story.
        let (mut old, mut gap) = (june, summer);
        (old.start, old.end, gap.start) = (day(-300), day(-200), day(-199));
        let s = summarize(&aerobic(vec![old, gap, autumn]), &[], Now::default());
        assert_eq!(s.verdict, Verdict::Improving);
    }

    #[test]
    fn long_runs_decline_by_a_tenth_or_not_at_all() {
        // 520qianjiawen, 2026-06-22: long runs of 15.0 km in March and April, 14.1 km
        // since (its winter's were 11 km): the same long run, no slump. At 13.0 km, one.
        let long_runs = |now: f64| {
            let mut spring = phase(0, 150, Direction::Flat);
            spring.level = 15_000.0;
            let mut since = phase(151, 280, Direction::Flat);
            since.level = now;
            (Signal::Distance, vec![spring, since], vec![])
        };
        let aerobic = one_phase(Signal::Aerobic, Direction::Flat);
        let p = report(vec![long_runs(14_100.0), aerobic.clone()], 280);
        let s = summarize(&p, &[], Now::default());
        assert!(s.declining.is_empty(), "{:?}", s.declining);
        assert_ne!(s.verdict, Verdict::Slump);
        let p = report(vec![long_runs(13_000.0), aerobic], 280);
        let s = summarize(&p, &[], Now::default());
        assert_eq!(s.verdict, Verdict::Slump);
        assert_eq!(s.declining[0].signal, Signal::Distance);
    }

    #[test]
    fn shorter_long_runs_while_fitness_rises_are_no_slump() {
        // Long runs from 3.0 down to 2.5 (a sixth shorter).
        let mut shorter = rises_then_falls(Signal::Distance, 150);
        shorter.1[1].last_value = 2.5;
        let aerobic = |direction| one_phase(Signal::Aerobic, direction);
        // Easy pace still improving: the long runs' decline is said, not a slump.
        let p = report(vec![shorter.clone(), aerobic(Direction::Improving)], 280);
        let s = summarize(&p, &[], Now::default());
        assert_eq!(s.verdict, Verdict::Improving);
        assert_eq!(s.declining[0].signal, Signal::Distance);
        // Easy pace flat: the long runs' decline is the slump (gezip's 19.5 km to 10 km).
        let p = report(vec![shorter.clone(), aerobic(Direction::Flat)], 280);
        assert_eq!(summarize(&p, &[], Now::default()).verdict, Verdict::Slump);
        // Race fitness rose over the years but its best of the last six weeks is below
        // the rise's median (520qianjiawen, August 2026: VDOT 50.1 against 51.1): not
        // "still improving", so the long runs' decline is the slump.
        let mut race = phase(0, 280, Direction::Improving);
        (race.level, race.slope_per_week) = (51.1, 0.07);
        race.last_value = 50.1;
        let p = report(
            vec![
                shorter,
                aerobic(Direction::Flat),
                (Signal::Race, vec![race.clone()], vec![]),
            ],
            280,
        );
        assert!(!race.improving_now(Signal::Race));
        assert_eq!(summarize(&p, &[], Now::default()).verdict, Verdict::Slump);
        race.last_value = 54.0;
        assert!(race.improving_now(Signal::Race));
    }

    #[test]
    fn a_rut_says_what_rose_meanwhile() {
        // asplitline, 2025-12-03: long runs flat for 85 weeks (a rut) while race fitness
        // rose from VDOT 36.0 to 40.7 over its last phase: the rut holds, and the rise is
        // said beside it.
        let long_runs = (
            Signal::Distance,
            vec![phase(0, 280, Direction::Flat)],
            vec![plateau(Signal::Distance, 0, 280, 280)],
        );
        let mut race = phase(126, 280, Direction::Improving);
        (race.level, race.slope_per_week, race.last_value) = (38.3, 0.21, 40.7);
        let p = report(
            vec![
                long_runs.clone(),
                (Signal::Race, vec![race.clone()], vec![]),
            ],
            280,
        );
        let s = summarize(&p, &[], Now::default());
        assert_eq!(s.verdict, Verdict::Rut);
        assert_eq!(s.gaining.len(), 1);
        assert_eq!(s.gaining[0].signal, Signal::Race);
        assert_eq!(s.gaining[0].to, 40.7);
        assert!(s.gaining[0].to / s.gaining[0].from >= 1.05);
        // A rise begun before the rut may have ended where it began: not said.
        let early = (
            Signal::Distance,
            vec![phase(0, 280, Direction::Flat)],
            vec![plateau(Signal::Distance, 140, 280, 280)],
        );
        let p = report(vec![early, (Signal::Race, vec![race.clone()], vec![])], 280);
        assert!(summarize(&p, &[], Now::default()).gaining.is_empty());
        // A creep of less than 5 % over the phase is no gain worth saying (the sweep's
        // hinges: a 6-week best creeping with its noise).
        race.slope_per_week = 0.05;
        race.last_value = 38.9;
        let p = report(vec![long_runs, (Signal::Race, vec![race], vec![])], 280);
        assert!(summarize(&p, &[], Now::default()).gaining.is_empty());
    }

    #[test]
    fn a_rise_whose_rolling_best_fell_back_is_said() {
        // 520qianjiawen: race fitness rose from 2024 (median VDOT 51.1, the line ending at
        // 53.3; here at 53.1), its best of the last six weeks is 50.1: fallen back, from
        // the line's end.
        let mut race = phase(0, 280, Direction::Improving);
        (race.level, race.slope_per_week, race.low, race.high) = (51.1, 0.1, 46.6, 54.1);
        race.last_value = 50.1;
        let (_, line_end) = race.change(Signal::Race);
        let p = report(vec![(Signal::Race, vec![race.clone()], vec![])], 280);
        let s = summarize(&p, &[], Now::default());
        assert_eq!(s.fallen_back.len(), 1);
        assert_eq!(s.fallen_back[0].signal, Signal::Race);
        assert_eq!(
            (s.fallen_back[0].from, s.fallen_back[0].to),
            (line_end, 50.1)
        );
        // Its best still above the median: still rising, nothing fell back.
        race.last_value = 52.0;
        let p = report(vec![(Signal::Race, vec![race.clone()], vec![])], 280);
        assert!(summarize(&p, &[], Now::default()).fallen_back.is_empty());
        // Below the median but within 5 % of the line's end: the same place.
        race.last_value = 51.0;
        race.slope_per_week = 0.005;
        assert!(race.change(Signal::Race).1 < 51.0 / 0.95);
        let p = report(vec![(Signal::Race, vec![race.clone()], vec![])], 280);
        assert!(summarize(&p, &[], Now::default()).fallen_back.is_empty());
        // A rise that ended long ago says nothing of now.
        race.last_value = 50.1;
        race.slope_per_week = 0.1;
        let p = report(vec![(Signal::Race, vec![race], vec![])], 400);
        assert!(summarize(&p, &[], Now::default()).fallen_back.is_empty());
    }

    #[test]
    fn best_efforts_falling_while_easy_pace_improves_are_no_slump() {
        // A runner who stopped the tempo runs: best efforts decline from day 151 while
        // pace at easy heart rate keeps improving: said, not a slump.
        let race = rises_then_falls(Signal::Race, 150);
        let aerobic = |direction| one_phase(Signal::Aerobic, direction);
        let p = report(vec![race.clone(), aerobic(Direction::Improving)], 280);
        let s = summarize(&p, &[], Now::default());
        assert_eq!(s.verdict, Verdict::Improving);
        assert_eq!(s.declining[0].signal, Signal::Race);
        // Easy pace flat: the best efforts' decline is the slump.
        let p = report(vec![race, aerobic(Direction::Flat)], 280);
        assert_eq!(summarize(&p, &[], Now::default()).verdict, Verdict::Slump);
    }

    #[test]
    fn a_slump_s_reasons_include_the_weeks_before_it_began() {
        // Easy pace falls from day 201; a streak without rest ended on day 180 (three weeks
        // before) and one on day 100 (fourteen weeks before): only the first is a reason.
        let streak = |from: i64, to: i64| Finding {
            kind: Kind::NoRestDay,
            severity: crate::analysis::findings::Severity::Warning,
            detected_on: day(from + 13),
            start: day(from),
            end: day(to),
            ongoing: false,
            evidence: crate::analysis::findings::Evidence::NoRestDay {
                days: (to - from + 1) as usize,
                activities: (to - from + 1) as u32,
                load: 1000.0,
            },
            activities: Vec::new(),
            activity_count: 0,
            basis: crate::analysis::findings::Basis::History {
                days: 280,
                activities: 200,
                load_from_hr: 200,
            },
        };
        let p = report(
            vec![(
                Signal::Aerobic,
                vec![
                    phase(0, 200, Direction::Improving),
                    phase(201, 280, Direction::Declining),
                ],
                vec![],
            )],
            280,
        );
        let (near, far) = (streak(150, 180), streak(70, 100));
        let s = summarize(&p, &[&far, &near], Now::default());
        assert_eq!(s.verdict, Verdict::Slump);
        let ends: Vec<NaiveDate> = s
            .reasons
            .iter()
            .filter_map(|r| match r {
                Reason::Findings { first, .. } => Some(first.end),
                _ => None,
            })
            .collect();
        assert_eq!(ends, [day(180)]);
        // The streak ended: a reason, but its "take a rest day" is not advice for now.
        assert_eq!(s.suggestions, [Suggestion::GoalRace]);
        let mut still = near.clone();
        still.ongoing = true;
        let s = summarize(&p, &[&far, &still], Now::default());
        assert!(
            matches!(&s.suggestions[..], [Suggestion::Finding { finding }] if finding.kind == Kind::NoRestDay),
            "{:?}",
            s.suggestions
        );
    }

    #[test]
    fn a_race_decline_runs_from_the_best_effort_then_to_the_best_effort_now() {
        // Race fitness (best of six weeks) from 47.4 to 39.2 over 60 weeks, whose Theil–Sen
        // line through the staircase ends lower: "now" is what the runner ran lately, the
        // figure the goal suggestion also calls now; "from" stays the line's start (a first
        // rolling best can be one outlying effort). Aerobic speed (a point a run) keeps its
        // line at both ends.
        let mut race = phase(0, 420, Direction::Declining);
        (race.level, race.slope_per_week, race.weeks) = (42.0, -0.18, 60.0);
        race.last_value = 39.2;
        let mut aerobic = race.clone();
        aerobic.level = 3.0;
        aerobic.slope_per_week = -0.002;
        let p = report(
            vec![
                (Signal::Race, vec![race], vec![]),
                (Signal::Aerobic, vec![aerobic.clone()], vec![]),
            ],
            420,
        );
        let s = summarize(&p, &[], Now::default());
        assert_eq!(s.verdict, Verdict::Slump);
        let race = s
            .declining
            .iter()
            .find(|d| d.signal == Signal::Race)
            .unwrap();
        assert_eq!(race.to, 39.2);
        assert_eq!(race.from, race.phase.line_ends().0);
        assert!(race.phase.line_ends().1 < 39.2);
        let aero = s
            .declining
            .iter()
            .find(|d| d.signal == Signal::Aerobic)
            .unwrap();
        assert_eq!((aero.from, aero.to), aerobic.line_ends());
    }

    #[test]
    fn the_stretch_since_a_break_is_better_the_same_or_worse_than_the_best() {
        let (e1, e2) = (
            Era {
                start: day(0),
                end: day(200),
            },
            Era {
                start: day(300),
                end: day(420),
            },
        );
        let brk = Break {
            from: day(201),
            to: day(299),
            days: 99,
        };
        let level = |era: Era, level: f64, best: f64| EraLevel {
            era,
            level,
            points: 40,
            best,
            best_from: day(100),
            best_to: day(200),
        };
        let standing = |now: f64, before: EraLevel| {
            let mut p = report(vec![(Signal::Aerobic, Vec::new(), Vec::new())], 420);
            p.eras = vec![e1, e2];
            p.signals[0].era_levels = vec![before, level(e2, now, now)];
            since_break(&p, &[brk]).map(|c| c.standing)
        };
        let flat = level(e1, 3.0, 3.0);
        // Quitino: 6:07/km against 6:08/km is the same, not better.
        assert_eq!(standing(3.0 * 368.0 / 367.0, flat), Some(EraStanding::Same));
        assert_eq!(standing(3.10, flat), Some(EraStanding::Better));
        assert_eq!(standing(2.90, flat), Some(EraStanding::Worse));
        // An earlier era that rose to its best phase: now is against that phase, not the
        // era's median (held-out Quitino: 6:07/km now, 6:08/km the median of four years
        // that ended at 5:30/km).
        let rose = level(e1, 3.0, 3.3);
        assert_eq!(
            standing(3.0 * 368.0 / 367.0, rose),
            Some(EraStanding::Worse)
        );
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
        let s = summarize(&p, &[], Now::default());
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
        let s = summarize(&p, &[], Now::default());
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
        assert_eq!(summarize(&p, &[], Now::default()).verdict, Verdict::NotNow);
        let p = report(vec![one_phase(Signal::Race, Improving)], 280);
        assert_eq!(
            summarize(&p, &[], Now::default()).verdict,
            Verdict::Improving
        );
        // A decline that ended a month before the last day is not "now".
        let p = report(
            vec![(
                Signal::Race,
                vec![phase(0, 100, Flat), phase(101, 250, Declining)],
                vec![],
            )],
            280,
        );
        let s = summarize(&p, &[], Now::default());
        assert_eq!(s.verdict, Verdict::NoPlateau);
        assert!(!s.in_a_rut && s.declining.is_empty());
    }

    #[test]
    fn a_step_down_held_flat_is_a_slump_not_a_rut() {
        use Direction::*;
        // Long runs rose to about 19.5 km, then dropped to 10 km and stayed there.
        let mut rise = phase(0, 100, Improving);
        (rise.level, rise.slope_per_week) = (15_000.0, 300.0);
        let mut low = phase(101, 280, Flat);
        low.level = 10_000.0;
        let p = report(
            vec![(Signal::Distance, vec![rise.clone(), low.clone()], vec![])],
            280,
        );
        let s = summarize(&p, &[], Now::default());
        assert_eq!(s.verdict, Verdict::Slump);
        let d = &s.declining[0];
        assert_eq!((d.phase.start, d.to), (day(101), 10_000.0));
        assert!((d.from - (15_000.0 + 300.0 * rise.weeks / 2.0)).abs() < 1e-6);
        // Flat within 5 % of where the rise ended is no step.
        low.level = 0.96 * (15_000.0 + 300.0 * rise.weeks / 2.0);
        let p = report(vec![(Signal::Distance, vec![rise, low], vec![])], 280);
        assert_eq!(
            summarize(&p, &[], Now::default()).verdict,
            Verdict::NoPlateau
        );
    }

    #[test]
    fn not_running_now_is_a_break_and_a_short_stretch_too_little_data() {
        use Direction::*;
        let p = report(
            vec![(
                Signal::Race,
                vec![phase(0, 100, Improving), phase(101, 280, Flat)],
                vec![plateau(Signal::Race, 101, 280, 280)],
            )],
            280,
        );
        let runs: Vec<NaiveDate> = (0..=40).map(|w| day(w * 7)).collect();
        // Judged on the last run's day: a rut.
        let now = Now {
            breaks: &[],
            runs: &runs,
            today: Some(day(280)),
        };
        assert_eq!(summarize(&p, &[], now).verdict, Verdict::Rut);
        // Seven weeks later, still a rut (a holiday); eight weeks later, a break, and
        // what the last stretch was is kept.
        let at = |d| Now {
            today: Some(day(d)),
            ..now
        };
        assert_eq!(summarize(&p, &[], at(280 + 55)).verdict, Verdict::Rut);
        let s = summarize(&p, &[], at(280 + 56));
        assert_eq!(s.verdict, Verdict::Break);
        assert!(!s.in_a_rut);
        assert_eq!(s.suggestions, [Suggestion::ComeBack]);
        assert_eq!(
            s.on_break,
            Some(OnBreak {
                last_run: day(280),
                today: day(336),
                days: 56,
                before: Verdict::Rut
            })
        );
        // Back for five weeks after a break: too little to judge, however the plateau
        // before the break looked.
        let p = report(
            vec![(
                Signal::Race,
                vec![phase(0, 100, Improving), phase(101, 200, Flat)],
                vec![plateau(Signal::Race, 101, 200, 400)],
            )],
            400,
        );
        let b = [Break {
            from: day(201),
            to: day(364),
            days: 164,
        }];
        let mut runs: Vec<NaiveDate> = (0..=28).map(|w| day(w * 7)).collect();
        runs.extend((0..=5).map(|w| day(365 + w * 7)));
        let s = summarize(
            &p,
            &[],
            Now {
                breaks: &b,
                runs: &runs,
                today: Some(day(400)),
            },
        );
        assert_eq!(s.verdict, Verdict::TooLittleData);
        let t = s.too_little.unwrap();
        assert_eq!((t.start, t.end, t.runs), (day(365), day(400), 6));
        assert!(t.judged);
        // A whole history without a judged signal is too little data too.
        let mut p = report(vec![(Signal::Race, vec![], vec![])], 280);
        p.signals[0].status = Status::TooShort {
            points: 3,
            weeks: 40.0,
        };
        let runs: Vec<NaiveDate> = (0..=40).map(|w| day(w * 7)).collect();
        let s = summarize(
            &p,
            &[],
            Now {
                breaks: &[],
                runs: &runs,
                today: None,
            },
        );
        assert_eq!(s.verdict, Verdict::TooLittleData);
        assert!(!s.too_little.unwrap().judged);
    }
}
