//! Every word a runner reads: labels, units and sentences, written once. The analyses hand
//! over typed data (dates, numbers, ids, enums); the report's sections ask this module how
//! to say it, and the renderers (terminal, Markdown, HTML, JSON) only lay it out — so the
//! same store reads the same in every format.
//!
//! Units at the edge: distances in km with one decimal, paces as `m:ss/km`, race times as
//! `m:ss` or `h:mm:ss`, weekly time as `h:mm`, shares in whole percent, dates ISO.

use chrono::NaiveDate;

use crate::analysis::findings::{
    self as rules, Basis, Evidence, Finding, Kind, RaceMark, RouteShare, Severity, Since,
    SpikeAgainst, Sufficiency,
};
use crate::analysis::load::{CUT_BACK_LIGHTEST, CUT_BACK_RATIO, Daily, Weekly};
use crate::analysis::plateau::{
    self, Direction, Gain, Phase, Plateau, Reason, Signal, Status, ten_km_time,
};
use crate::analysis::profile::{Assumption, Estimate, Profile, RunRef, Source};
use crate::analysis::routes::Shape;
use crate::analysis::sport::{self, Class, ClassGroup, CrossTraining, Rule};
use crate::analysis::summary::{Declining, Suggestion, Summary, Verdict};
use crate::analysis::training::{LONG_RUN_S, TrainingLoad};
use crate::analysis::variety::{self, RouteSummary, Window, Workout};
use crate::analysis::{cross, effort, gear, goals, recovery};
use crate::store::records::Outcome;

// ---------------------------------------------------------------------------------------
// Units.

/// `5:12/km` from m/s (`-` for no speed).
pub fn pace(v_m_s: f64) -> String {
    if !(v_m_s.is_finite() && v_m_s > 0.0) {
        return "-".into();
    }
    pace_s(1000.0 / v_m_s)
}

/// `5:12/km` from seconds per km.
pub fn pace_s(s_per_km: f64) -> String {
    if !(s_per_km.is_finite() && s_per_km > 0.0) {
        return "-".into();
    }
    let s = s_per_km.round() as u64;
    format!("{}:{:02}/km", s / 60, s % 60)
}

/// `12.3 km` (the report's distances: weeks, routes, long runs).
pub fn km(m: f64) -> String {
    format!("{:.1} km", m / 1000.0)
}

/// `10.02 km` (one activity's distance, where the device's and the computed figure are
/// compared).
pub fn km_precise(m: f64) -> String {
    format!("{:.2} km", m / 1000.0)
}

/// `m:ss`, or `h:mm:ss` from an hour, of seconds (race times).
pub fn clock(s: f64) -> String {
    let s = s.round() as i64;
    if s >= 3600 {
        format!("{}:{:02}:{:02}", s / 3600, (s % 3600) / 60, s % 60)
    } else {
        format!("{}:{:02}", s / 60, s % 60)
    }
}

/// `3:25` (hours and minutes) of seconds (weekly time).
pub fn hours(s: f64) -> String {
    let m = (s / 60.0).round() as i64;
    format!("{}:{:02}", m / 60, m % 60)
}

/// `62 %` of a fraction.
pub fn percent(x: f64) -> String {
    format!("{:.0} %", x * 100.0)
}

/// `-` for a missing value.
pub fn or_dash<T>(x: Option<T>, f: impl FnOnce(T) -> String) -> String {
    x.map_or_else(|| "-".into(), f)
}

/// A span of `weeks` in whole weeks: "under a week" below half of one.
fn span_weeks(weeks: f64) -> String {
    if weeks < 0.5 {
        "under a week".into()
    } else {
        plural(weeks.round() as usize, "week", "weeks")
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("{n} {one}")
    } else {
        format!("{n} {many}")
    }
}

// ---------------------------------------------------------------------------------------
// Labels of the analyses' enums.

/// A signal, as a runner says it.
pub fn signal(s: Signal) -> &'static str {
    match s {
        Signal::Race => "race fitness",
        Signal::Aerobic => "pace at easy heart rate",
        Signal::Distance => "long-run distance",
    }
}

/// A signal's heading, with how it is measured.
pub fn signal_heading(s: Signal) -> &'static str {
    match s {
        Signal::Race => "Race fitness (best efforts as VDOT, best of 6 weeks)",
        Signal::Aerobic => "Pace at easy heart rate (pace at a fixed heart rate, each run)",
        Signal::Distance => "Long-run distance (90th percentile of run distances over 4 weeks)",
    }
}

/// A phase's direction.
pub fn direction(d: Direction) -> &'static str {
    match d {
        Direction::Improving => "improving",
        Direction::Flat => "flat",
        Direction::Declining => "declining",
    }
}

/// A finding's severity.
pub fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Alert => "alert",
        Severity::Warning => "warning",
        Severity::Info => "info",
    }
}

/// A session type.
pub fn workout(w: Workout) -> &'static str {
    match w {
        Workout::Race => "race",
        Workout::Hills => "hills",
        Workout::Intervals => "intervals",
        Workout::Tempo => "tempo",
        Workout::Long => "long run",
        Workout::Recovery => "recovery",
        Workout::Easy => "easy",
    }
}

/// A route's shape.
pub fn shape(s: Shape) -> &'static str {
    match s {
        Shape::Loop => "loop",
        Shape::OutAndBack => "out-and-back",
        Shape::Laps => "laps",
        Shape::PointToPoint => "point-to-point",
    }
}

/// What happened to a source file.
pub fn outcome(o: Outcome) -> &'static str {
    match o {
        Outcome::Imported => "imported",
        Outcome::Duplicate => "duplicate",
        Outcome::Skipped => "skipped",
        Outcome::Failed => "failed",
    }
}

/// A route's name: its telling name, else length, shape and start area.
pub fn route_name(name: Option<&str>, length_m: f64, s: Shape, start_area: &str) -> String {
    match name {
        Some(n) => n.to_string(),
        None => format!("{} {} from start {start_area}", km(length_m), shape(s)),
    }
}

/// A route summary's name.
pub fn route(r: &RouteSummary) -> String {
    route_name(r.name.as_deref(), r.length_m, r.shape, &r.start_area)
}

fn route_share(r: &RouteShare) -> String {
    format!(
        "{} \"{}\" ({} runs)",
        r.id,
        route_name(r.name.as_deref(), r.length_m, r.shape, &r.start_area),
        r.runs
    )
}

// ---------------------------------------------------------------------------------------
// Signal levels.

/// A level of a signal, with its spread unless that is 0 ("10 km equivalent 47:10 ± 0:40
/// (VDOT 44.1)", "5:32/km at 151 bpm", "long runs of 12.0 km").
pub fn level(s: Signal, level: f64, spread: f64, ref_hr: f64) -> String {
    let plain = spread == 0.0;
    match s {
        Signal::Aerobic if plain => format!("{} at {ref_hr:.0} bpm", pace(level)),
        Signal::Aerobic => format!(
            "{} at {ref_hr:.0} bpm (± {:.0} s/km)",
            pace(level),
            (1000.0 / (level - spread).max(0.1) - 1000.0 / level).abs()
        ),
        Signal::Race => match (ten_km_time(level), ten_km_time(level - spread)) {
            (Some(t), _) if plain => format!("10 km equivalent {} (VDOT {level:.1})", clock(t)),
            (Some(t), Some(t2)) => format!(
                "10 km equivalent {} ± {} (VDOT {level:.1})",
                clock(t),
                clock((t2 - t).abs())
            ),
            _ => format!("VDOT {level:.1}"),
        },
        Signal::Distance if plain => format!("long runs of {}", km(level)),
        Signal::Distance => format!("long runs of {} (± {:.1})", km(level), spread / 1000.0),
    }
}

/// A phase's level: a flat phase's median and spread; an improving or declining phase's
/// change ([`Phase::change`]), the figures the headline quotes (a median "38:46 ± 0:02"
/// beside a headline's "37:25 → 41:16" read as two different runners, and so did a line's
/// end "40:13" beside the headline's "now", 41:16).
pub fn phase_level(s: Signal, p: &Phase, ref_hr: f64) -> String {
    match p.direction {
        Direction::Flat => level(s, p.level, p.spread, ref_hr),
        Direction::Improving | Direction::Declining => {
            let (from, to) = p.change(s);
            let mut text = change(s, from, to, ref_hr);
            if let Some(v) = p.end_behind(s) {
                text.push_str(&format!("; at its end {}", level(s, v, 0.0, ref_hr)));
            }
            text
        }
    }
}

/// A plateau's level.
pub fn plateau_level(p: &Plateau, ref_hr: f64) -> String {
    level(p.signal, p.level, p.spread, ref_hr)
}

/// The progress before a plateau.
pub fn gain(s: Signal, g: &Gain, ref_hr: f64) -> String {
    let mut text = format!(
        "{} over {:.0} weeks before it",
        change(s, g.from, g.to, ref_hr),
        g.weeks
    );
    if let Some(step) = g.step_to {
        text.push_str(&format!("; then a step to {}", level(s, step, 0.0, ref_hr)));
    }
    text
}

/// A signal's change from one value to another, in its units.
pub fn change(s: Signal, from: f64, to: f64, ref_hr: f64) -> String {
    match s {
        Signal::Aerobic => format!(
            "{} → {} at {ref_hr:.0} bpm ({:+.1} %)",
            pace(from),
            pace(to),
            (to / from - 1.0) * 100.0
        ),
        Signal::Race => match (ten_km_time(from), ten_km_time(to)) {
            (Some(a), Some(b)) => format!(
                "10 km equivalent {} → {} (VDOT {:.1} → {:.1})",
                clock(a),
                clock(b),
                from,
                to
            ),
            _ => format!("VDOT {from:.1} → {to:.1}"),
        },
        Signal::Distance => format!("long runs {:.1} → {}", from / 1000.0, km(to)),
    }
}

/// Whether a signal could be judged.
pub fn status(s: Signal, st: &Status) -> String {
    match st {
        Status::NoPoints => match s {
            Signal::Aerobic => "no runs with heart rate in the aerobic band: no heart rate, or not enough of it (this signal needs heart rate)".into(),
            Signal::Race => format!(
                "too short to judge: no best efforts of a mile or more over a {}-day window",
                plateau::RACE_WINDOW_DAYS
            ),
            Signal::Distance => format!(
                "too short to judge: no runs with a distance over a {}-day window",
                plateau::DISTANCE_WINDOW_DAYS
            ),
        },
        Status::TooShort { points, weeks } => format!(
            "too short to judge: {} over {} (needs {} points over {} weeks)",
            plural(*points, "point", "points"),
            span_weeks(*weeks),
            plateau::MIN_POINTS,
            plateau::MIN_HISTORY_WEEKS
        ),
        Status::Judged { points, weeks } => {
            format!(
                "judged on {} over {}",
                plural(*points, "point", "points"),
                span_weeks(*weeks)
            )
        }
    }
}

/// A plateau's one-line title.
pub fn plateau_title(p: &Plateau, ref_hr: f64) -> String {
    format!(
        "Plateau{} from {} for {:.0} weeks at {}",
        if p.ongoing { " (ongoing)" } else { "" },
        p.start,
        p.weeks,
        plateau_level(p, ref_hr)
    )
}

/// Where the data place a plateau's start, when they allow more than one day.
fn turn(t: &plateau::Turn<NaiveDate>) -> String {
    format!(
        "the data place its start between {} and {}",
        t.earliest, t.latest
    )
}

/// Since when a plateau has held, for how long, and where the data place its start when
/// they allow a span, or where a flat stretch began beside another signal's progress:
/// "2024-06-10 (29 weeks)", "2024-06-10 (29 weeks; the data place its start between
/// 2024-05-01 and 2024-08-15)", "2024-06-10 (29 weeks; flat from 2024-04-02, while your
/// race fitness still improved until 2024-06-09)".
fn plateau_since(pl: &Plateau) -> String {
    match (&pl.turn, &pl.flat_from) {
        (Some(t), _) => format!("{} ({:.0} weeks; {})", pl.start, pl.weeks, turn(t)),
        (None, Some(f)) => format!("{} ({:.0} weeks; {})", pl.start, pl.weeks, flat_from(f)),
        (None, None) => format!("{} ({:.0} weeks)", pl.start, pl.weeks),
    }
}

/// Where a flat stretch began beside another signal's progress.
fn flat_from(f: &plateau::FlatFrom) -> String {
    format!(
        "flat from {}, while your {} still improved until {}",
        f.start,
        signal(f.signal),
        f.until
    )
}

/// "Before it: ..." of a plateau.
pub fn plateau_before(p: &Plateau, ref_hr: f64) -> Option<String> {
    if let Some(f) = &p.flat_from {
        return Some(match &p.gain_before {
            Some(g) => format!(
                "Before it: {}; {}.",
                gain(p.signal, g, ref_hr),
                flat_from(f)
            ),
            None => format!("Before it: {}.", flat_from(f)),
        });
    }
    p.gain_before.as_ref().map(|g| {
        let turn = p.turn.map(|t| {
            let t = turn(&t);
            format!(" {}{}.", t[..1].to_uppercase(), &t[1..])
        });
        format!(
            "Before it: {}.{}",
            gain(p.signal, g, ref_hr),
            turn.unwrap_or_default()
        )
    })
}

/// A plateau's likely reason, as listed under it.
pub fn reason(r: &Reason) -> String {
    match r {
        Reason::NoHardSessions {
            hard,
            runs,
            hard_before,
            runs_before,
        } => format!(
            "no hard sessions: {hard} of {runs} runs had {:.0} min or more above 80 % of heart-rate reserve (tempo, intervals, races), against {hard_before} of {runs_before} in the same span before",
            plateau::HARD_ZONE_S / 60.0
        ),
        Reason::SameDistance {
            same,
            runs,
            median_m,
        } => format!(
            "same distance every run: {same} of {runs} runs within 10 % of {}",
            km(*median_m)
        ),
        Reason::Findings {
            kind,
            count,
            first,
            last_end,
        } => {
            if *count == 1 {
                format!("{} ({} to {})", title(first), first.start, first.end)
            } else {
                format!(
                    "{count} {} findings in this stretch, from {} to {last_end}; the first: {}",
                    kind.as_str(),
                    first.start,
                    title(first)
                )
            }
        }
    }
}

/// The label of a plateau's likely reason.
pub const LIKELY_REASON: &str = "likely reason";

/// A likely reason as the summary gives it: a finding with its first line of evidence.
pub fn summary_reason(r: &Reason) -> String {
    match r {
        Reason::Findings {
            first, count: 1, ..
        } => format!(
            "{} ({} to {}): {}",
            title(first),
            first.start,
            first.end,
            lines(first).into_iter().next().unwrap_or_default()
        ),
        other => reason(other),
    }
}

// ---------------------------------------------------------------------------------------
// The summary.

/// The heading of the summary.
pub const SUMMARY_HEADING: &str = "Are you in a rut?";
/// Before the reasons.
pub const REASONS_INTRO: &str = "Most likely reasons:";
/// Before the suggestions.
pub const SUGGESTIONS_INTRO: &str = "What the data suggests:";

/// The verdict's word, for tables and labels.
pub fn verdict(v: Verdict) -> &'static str {
    match v {
        Verdict::Rut => "in a rut",
        Verdict::Slump => "in a slump",
        Verdict::NotNow => "not in a rut now",
        Verdict::Improving => "improving",
        Verdict::NoPlateau => "no plateau found",
        Verdict::Break => "not running now",
        Verdict::TooLittleData => "too little data",
    }
}

/// One sentence: in a rut or not, since when, at what level; and what declines.
pub fn headline(s: &Summary, ref_hr: f64) -> String {
    let declines = |d: &Declining| {
        format!(
            "{} {} {} ({})",
            signal(d.signal),
            declined(d, false),
            d.phase.start,
            change(d.signal, d.from, d.to, ref_hr)
        )
    };
    if let Some(b) = &s.on_break {
        return format!(
            "Not running now: your last run was on {}, {:.0} weeks before {} (a break, or runs not imported yet). {}",
            b.last_run,
            b.days as f64 / 7.0,
            b.today,
            before_break(b.before, s, ref_hr)
        );
    }
    if let Some(t) = &s.too_little {
        return too_little(t);
    }
    // The decline the lead sentence names is not repeated after it.
    let mut lead_decline = None;
    // A plateau that is the level a signal fell to is said once, as the fall it held.
    let fell_to = s.plateau.as_ref().and_then(|pl| {
        s.declining
            .iter()
            .find(|d| d.signal == pl.signal && d.phase.start == pl.start)
    });
    let mut h = match (s.verdict, &s.plateau) {
        (Verdict::Rut, Some(pl)) if let Some(d) = fell_to => {
            lead_decline = Some(d);
            format!(
                "Yes: your {} and has not improved since ({:.0} weeks).",
                declines(d),
                pl.weeks
            )
        }
        (Verdict::Rut, Some(pl)) => format!(
            "Yes: your {} has not improved since {}, at {}.",
            signal(pl.signal),
            plateau_since(pl),
            plateau_level(pl, ref_hr)
        ),
        (Verdict::Slump, _) => match s.declining.iter().min_by_key(|d| d.phase.start) {
            Some(d) => {
                lead_decline = Some(d);
                format!("Yes, a slump: your {}.", declines(d))
            }
            None => "Yes, a slump.".into(),
        },
        (Verdict::NotNow, Some(pl)) => format!(
            "Not now: your last plateau ({}) ended on {} after {:.0} weeks.",
            signal(pl.signal),
            pl.end,
            pl.weeks
        ),
        (Verdict::Improving, _) => "No: you are still improving.".into(),
        _ if !s.regaining.is_empty() => {
            "No plateau found, but no progress past your earlier level either.".into()
        }
        _ => "No plateau found.".into(),
    };
    for d in &s.declining {
        if lead_decline.is_some_and(|l| std::ptr::eq(l, d)) {
            continue;
        }
        h.push_str(&format!(" Your {}.", declines(d)));
    }
    for f in &s.fallen_back {
        h.push_str(&format!(
            " Your {} rose from {} but has fallen back: {}, {}.",
            signal(f.signal),
            f.phase.start,
            change(f.signal, f.from, f.to, ref_hr),
            window_now(f.signal)
        ));
    }
    // A rise no further than where an earlier phase ended is said so, also beside a rut.
    for r in &s.regaining {
        let weeks = match r.signal {
            Signal::Aerobic => crate::analysis::plateau::MIN_PHASE_WEEKS as i64,
            Signal::Race => crate::analysis::plateau::RACE_WINDOW_DAYS / 7,
            Signal::Distance => crate::analysis::plateau::DISTANCE_WINDOW_DAYS / 7,
        };
        h.push_str(&format!(
            " Your {} has been coming back since {} ({}), {}: {} over the last {weeks} weeks, {} over the {weeks} weeks to {}.",
            signal(r.signal),
            r.phase.start,
            change(r.signal, r.from, r.to, ref_hr),
            if r.back() {
                "back to where it was, no further"
            } else {
                "not yet back to where it was"
            },
            level(r.signal, r.now, 0.0, ref_hr),
            level(r.signal, r.held, 0.0, ref_hr),
            r.held_on
        ));
    }
    for g in &s.gaining {
        if s.regaining.iter().any(|r| r.signal == g.signal) {
            continue;
        }
        h.push_str(&format!(
            " Meanwhile your {} has improved since {}: {}.",
            signal(g.signal),
            g.phase.start,
            change(g.signal, g.from, g.to, ref_hr)
        ));
    }
    // A slump at easy heart rate outweighs a plateau that holds meanwhile; it is still said.
    if let (Verdict::Slump, Some(pl)) = (s.verdict, &s.plateau)
        && pl.ongoing
        && fell_to.is_none()
    {
        h.push_str(&format!(
            " Your {} has not improved since {}, at {}.",
            signal(pl.signal),
            plateau_since(pl),
            plateau_level(pl, ref_hr)
        ));
    }
    h
}

/// What a rolling signal's last point is: the window it is taken over, up to now.
fn window_now(s: Signal) -> String {
    match s {
        Signal::Race => format!(
            "your best effort of the last {} weeks",
            crate::analysis::plateau::RACE_WINDOW_DAYS / 7
        ),
        Signal::Distance => format!(
            "your long runs of the last {} weeks",
            crate::analysis::plateau::DISTANCE_WINDOW_DAYS / 7
        ),
        Signal::Aerobic => "your runs now".into(),
    }
}

/// The verb of a decline, before its first day: a declining phase "has been declining
/// since"; a flat phase that stepped down from the one before it "has been lower since" (its
/// own table calls it flat: tiny656's race fitness, flat at VDOT 42.0 from 2026-05-31 after
/// 46.7). `past`: said of the time before a break.
fn declined(d: &Declining, past: bool) -> &'static str {
    match (d.phase.direction == Direction::Flat, past) {
        (false, false) => "has been declining since",
        (false, true) => "had been declining since",
        (true, false) => "has been lower since",
        (true, true) => "had been lower since",
    }
}

/// What the last stretch showed when the runner stopped.
fn before_break(before: Verdict, s: &Summary, ref_hr: f64) -> String {
    match (
        before,
        &s.plateau,
        s.declining.iter().min_by_key(|d| d.phase.start),
    ) {
        (Verdict::Rut, Some(pl), _) => format!(
            "Before it, your {} had not improved since {}, at {}.",
            signal(pl.signal),
            plateau_since(pl),
            plateau_level(pl, ref_hr)
        ),
        (Verdict::Slump, _, Some(d)) => format!(
            "Before it, your {} {} {} ({}).",
            signal(d.signal),
            declined(d, true),
            d.phase.start,
            change(d.signal, d.from, d.to, ref_hr)
        ),
        (Verdict::Improving, _, _) => "Before it, you were still improving.".into(),
        (Verdict::TooLittleData, _, _) => match &s.too_little {
            Some(t) if t.runs == 1 => format!(
                "Before it, there was one run, on {}: too little to judge.",
                t.start
            ),
            Some(t) => format!(
                "Before it, the {} runs since {} were too few to judge.",
                t.runs, t.start
            ),
            None => "Before it, there was too little data to judge.".into(),
        },
        _ => "Before it, no plateau or decline was going on.".into(),
    }
}

/// A stretch too short to judge.
fn too_little(t: &crate::analysis::summary::Stretch) -> String {
    use crate::analysis::plateau::{MIN_HISTORY_WEEKS, MIN_POINTS};
    if !t.judged {
        return format!(
            "Too little data to judge: no signal has {MIN_POINTS} points over {MIN_HISTORY_WEEKS:.0} weeks (see the plateau section)."
        );
    }
    format!(
        "Too early to tell: {} {} since {} ({} weeks); a plateau is judged on {MIN_POINTS} runs over {MIN_HISTORY_WEEKS:.0} weeks or more.",
        t.runs,
        if t.runs == 1 { "run" } else { "runs" },
        t.start,
        t.weeks.floor()
    )
}

/// The breaks, in one line.
pub fn breaks(b: &[crate::analysis::breaks::Break]) -> String {
    format!(
        "Breaks of {} weeks or more without a run: {}.",
        crate::analysis::breaks::BREAK_WEEKS,
        b.iter()
            .map(|b| format!("{} to {} ({:.0} weeks)", b.from, b.to, b.days as f64 / 7.0))
            .collect::<Vec<_>>()
            .join(", ")
    )
}

/// The current era against the best earlier one.
pub fn since_break(
    c: &crate::analysis::summary::EraComparison,
    ref_hr: f64,
    on_break: bool,
) -> String {
    // On a break the stretch compared is the one before it, after the break before that.
    let lead = format!(
        "{} ({} to {}), your {} {} {}",
        if on_break {
            "Before this break, since the one before it"
        } else {
            "Since your last break"
        },
        c.after.from,
        c.after.to,
        signal(c.signal),
        if on_break { "had been" } else { "has been" },
        level(c.signal, c.now.level, 0.0, ref_hr)
    );
    use crate::analysis::summary::EraStanding;
    let best = level(c.signal, c.best.best, 0.0, ref_hr);
    let (from, to) = (c.best.best_from, c.best.best_to);
    match c.standing {
        EraStanding::Better => format!(
            "{lead}: better than in any earlier stretch (the best: {best}, from {from} to {to})."
        ),
        EraStanding::Same => {
            format!("{lead}: as good as your best earlier stretch ({best}, from {from} to {to}).")
        }
        EraStanding::Worse => format!("{lead}; at your best, from {from} to {to}, it was {best}."),
    }
}

/// A suggestion.
pub fn suggestion(s: &Suggestion) -> String {
    match s {
        Suggestion::Finding { finding } => advice(finding).to_string(),
        Suggestion::ComeBack => "When you start again, come back gradually: a few weeks at about half your usual weekly load, then a few at three quarters, before the full load (a return at full load after 4 weeks off is flagged as a load spike).".into(),
        Suggestion::GoalRace => "Pick a goal race 8–12 weeks out and train for it: a target gives the weeks a structure (a long run, one quality session, an easy week every fourth).".into(),
        Suggestion::SetGoal { goal } => {
            let from = match goal.best {
                Some(b) if goal.vdot >= b.vdot - 0.05 => format!(
                    "the level you reached in your best stretch, {} to {} (VDOT {:.1})",
                    b.start, b.end, b.vdot
                ),
                Some(b) => format!(
                    "a step from your best effort of the last {} weeks (VDOT {:.1}) toward the level you reached in your best stretch, {} to {} (VDOT {:.1})",
                    crate::analysis::goals::RECENT_DAYS / 7,
                    goal.vdot_now,
                    b.start,
                    b.end,
                    b.vdot
                ),
                None => format!(
                    "a little above your best effort of the last {} weeks (VDOT {:.1})",
                    crate::analysis::goals::RECENT_DAYS / 7,
                    goal.vdot_now
                ),
            };
            format!(
                "Set a goal: a target gives the weeks a structure (a long run, one quality session, an easy week every fourth). A realistic one: {} in {} by {} — {from}. `rutscope goal set {} {} --by {}`",
                race_distance(goal.distance_m),
                clock(goal.time_s),
                goal.by,
                goal_arg(goal.distance_m),
                clock(goal.time_s),
                goal.by
            )
        }
    }
}

// ---------------------------------------------------------------------------------------
// Findings.

/// A finding in one sentence.
pub fn title(f: &Finding) -> String {
    match &f.evidence {
        Evidence::LoadSpike {
            peak_week,
            acwr_peak: Some(r),
            against,
            ..
        } => format!(
            "Load spike: the week of {peak_week} carried {r:.1}× {}",
            match against {
                SpikeAgainst::Mean4Weeks => "your average week of the 4 weeks before".to_string(),
                SpikeAgainst::LessCutBacks { weeks } => format!(
                    "your average week of the 4 weeks before, {} left out",
                    if *weeks == 1 {
                        "its cut-back week".to_string()
                    } else {
                        format!("their {weeks} cut-back weeks")
                    }
                ),
                SpikeAgainst::HalfUsualWeek =>
                    "half your usual week, after 4 lighter weeks".to_string(),
                SpikeAgainst::LevelBeforeBreak =>
                    "your usual week before your last break, while coming back from it".to_string(),
            }
        ),
        Evidence::LoadSpike { peak_week, .. } => format!(
            "Load spike: back at full load in the week of {peak_week}, after 4 weeks without training"
        ),
        Evidence::SustainedRamp {
            weeks,
            distance_before_m,
            distance_after_m,
            rise,
            ..
        } => format!(
            "Weekly distance rose more than {:.0} % a week for {weeks} weeks in a row: from {} to {} (+{:.0} %)",
            rules::RAMP_WEEKLY * 100.0,
            km(*distance_before_m),
            km(*distance_after_m),
            rise * 100.0
        ),
        Evidence::Monotony {
            weeks, first_week, ..
        } => format!(
            "Every day looked the same: training monotony above {} in {} from {first_week}{}",
            rules::MONOTONY_MAX,
            plural(*weeks, "week", "weeks"),
            if f.severity == Severity::Info {
                ", at the load you are used to"
            } else {
                ", while the load climbed"
            }
        ),
        Evidence::NoRestDay { days, .. } => {
            format!("No rest day in {days} days ({} to {})", f.start, f.end)
        }
        Evidence::NoCutBack {
            weeks,
            since,
            rising,
            ..
        } => format!(
            "No lighter week in {weeks} weeks (since {since}){}",
            if *rising {
                ", while the load kept rising"
            } else {
                ""
            }
        ),
        Evidence::FrequentRacing { races, days } => format!(
            "{} races in {days} days ({} to {}): more than one a month",
            races.len(),
            f.start,
            f.end
        ),
        Evidence::RisingHrAtPace {
            reference_hr_bpm,
            aerobic_speed_baseline_m_s,
            aerobic_speed_recent_m_s,
            extra_bpm_at_baseline_pace,
            ..
        } => format!(
            "Your usual pace takes more heart rate: about {extra_bpm_at_baseline_pace:.0} bpm more than in the 6 weeks before (at {reference_hr_bpm:.0} bpm you ran {} where you ran {})",
            pace(*aerobic_speed_recent_m_s),
            pace(*aerobic_speed_baseline_m_s)
        ),
        Evidence::Unproductive {
            drop, load_ratio, ..
        } => format!(
            "Training is not paying off: over 6 weeks your load {} but your pace at the same heart rate slowed {:.1} %",
            if *load_ratio >= 1.1 {
                format!("rose {:.0} %", (load_ratio - 1.0) * 100.0)
            } else {
                "held".to_string()
            },
            drop * 100.0
        ),
        Evidence::Detraining { peak_day, drop, .. } => format!(
            "Fitness falling: down {:.0} % from its level on {peak_day}",
            drop * 100.0
        ),
        Evidence::StaleRoutes {
            weeks,
            share_on_top_routes,
            routes,
            pace_p10_s_per_km,
            pace_p90_s_per_km,
            ..
        } => {
            let what = match routes.as_slice() {
                [one] => format!(
                    "the same {}",
                    route_name(
                        one.name.as_deref(),
                        one.length_m,
                        one.shape,
                        &one.start_area
                    )
                ),
                _ => "the same two routes".to_string(),
            };
            let pace_words = match (pace_p10_s_per_km, pace_p90_s_per_km) {
                (Some(a), Some(b)) => format!(" at {}–{}", pace_s(*a), pace_s(*b)),
                _ => String::new(),
            };
            format!(
                "For {weeks} weeks {} of your runs were {what}{pace_words}",
                percent(*share_on_top_routes)
            )
        }
        Evidence::NoQuality { weeks, .. } => {
            format!("No run faster than easy pace in {weeks} weeks")
        }
        Evidence::NoLongRun { weeks, .. } => format!("No long run in {weeks} weeks"),
        Evidence::SeasonalSlump { .. } => seasonal_title(f),
        Evidence::YearlyBreak {
            years, min_days, ..
        } => {
            let took = years.iter().filter(|y| y.took_time_off).count();
            format!(
                "Time off: {took} of {} years with {min_days} days or more in a row without a run",
                years.len()
            )
        }
        Evidence::ShoeWorn {
            shoe, distance_m, ..
        } => format!("{shoe} has {} on it: time to retire it", km(*distance_m)),
        Evidence::NoShoeRotation { shoe, weeks, .. } => {
            format!("Every run of the last {weeks} weeks in {shoe}")
        }
        Evidence::NoStrength { weeks, .. } => {
            format!("No strength session in {weeks} weeks")
        }
        Evidence::CrossTrainingTookOver { weeks, classes, .. } => format!(
            "For {weeks} weeks {} took the place of running",
            sport_names(classes)
        ),
        Evidence::NewSport { class, first, .. } => {
            format!("Something new: {} since {first}", sport_name(*class))
        }
        Evidence::ActiveBreak { classes, .. } => format!(
            "Kept active during a break from running: {}",
            sport_names(classes)
        ),
        Evidence::HarderAtUsualPace {
            usual_speed_m_s,
            rpe_before,
            rpe_now,
            ..
        } => format!(
            "Your usual pace feels harder: {} felt like {} of 10, now {} of 10",
            pace(*usual_speed_m_s),
            rating(*rpe_before),
            rating(*rpe_now)
        ),
        Evidence::RestingHrUp {
            baseline_bpm,
            recent_bpm,
            ..
        } => format!(
            "Resting heart rate up {:.0} bpm: {recent_bpm:.0} against your usual {baseline_bpm:.0}",
            recent_bpm - baseline_bpm
        ),
        Evidence::ShortSleep { mean_s, .. } => {
            format!("Short nights: {} of sleep on average", hours(*mean_s))
        }
        Evidence::HighStress {
            mean_stress: Some(m),
            ..
        } => format!("High stress: {m:.0} of 100 on average"),
        Evidence::HighStress { noted_days, .. } => {
            format!("High stress: {noted_days} days noted as stressful")
        }
        Evidence::Ill { days } => format!("Ill for {}", plural(*days, "day", "days")),
    }
}

/// A median rating: `6`, `6.5`.
fn rating(x: f64) -> String {
    if (x - x.round()).abs() < 0.05 {
        format!("{x:.0}")
    } else {
        format!("{x:.1}")
    }
}

/// A sport's name in a sentence ("cycling", "strength training").
pub fn sport_name(c: Class) -> &'static str {
    match c {
        Class::Running => "running",
        Class::Walking => "walking",
        Class::Hiking => "hiking",
        Class::Cycling => "cycling",
        Class::Swimming => "swimming",
        Class::Strength => "strength training",
        Class::Other => "other sports",
    }
}

/// "cycling and swimming", "cycling, swimming and hiking".
fn sport_names(c: &[Class]) -> String {
    let names: Vec<&str> = c.iter().map(|c| sport_name(*c)).collect();
    match names.as_slice() {
        [] => "other sports".into(),
        [one] => (*one).into(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

fn since(s: &Since) -> String {
    match s {
        Since::Session { workout: w, date } => format!("since {} on {date}", workout(*w)),
        Since::Break { from, to } => format!("since the break from {from} to {to}"),
        Since::Start => "since the start of the history".into(),
    }
}

/// The numbers behind a finding, a line each.
pub fn lines(f: &Finding) -> Vec<String> {
    match &f.evidence {
        Evidence::LoadSpike {
            peak_week,
            acwr_peak,
            week_load,
            chronic_load_per_week,
            mean_4_weeks,
            against,
            weeks,
        } => vec![
            format!(
                "load {week_load:.0} in the week of {peak_week} against {chronic_load_per_week:.0}, {} (ratio {})",
                match against {
                    SpikeAgainst::Mean4Weeks =>
                        "a week on average in the 4 weeks before".to_string(),
                    SpikeAgainst::LessCutBacks { weeks } => format!(
                        "a week on average in the 4 weeks before less {} (all 4 averaged {mean_4_weeks:.0})",
                        plural(*weeks, "cut-back week", "cut-back weeks")
                    ),
                    SpikeAgainst::HalfUsualWeek => format!(
                        "half your usual week (the 4 weeks before averaged {mean_4_weeks:.0})"
                    ),
                    SpikeAgainst::LevelBeforeBreak => format!(
                        "your usual week before your last break, which you were coming back from (the 4 weeks before averaged {mean_4_weeks:.0})"
                    ),
                },
                or_dash(*acwr_peak, |r| format!("{r:.2}"))
            ),
            format!(
                "{} above {} between {} and {}",
                plural(*weeks, "week", "weeks"),
                rules::SPIKE_ACWR,
                f.start,
                f.end
            ),
        ],
        Evidence::SustainedRamp {
            first_week,
            weekly_distance_m,
            ctl_ramp_per_week,
            ..
        } => vec![
            format!(
                "weeks from {first_week}: {}",
                weekly_distance_m
                    .iter()
                    .map(|m| km(*m))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            format!("fitness (CTL) rose {ctl_ramp_per_week:+.1} a week over them"),
        ],
        Evidence::Monotony {
            monotony_max,
            strain_max,
            load_ratio_max,
            rest_days,
            ..
        } => vec![
            format!(
                "highest monotony {}; highest weekly strain {strain_max:.0}",
                monotony_max.map_or_else(
                    || "unbounded (identical loads every day)".to_string(),
                    |m| format!("{m:.1}")
                )
            ),
            load_ratio_max.map_or_else(
                || "no earlier weeks to compare its load with".to_string(),
                |r| {
                    format!(
                        "heaviest week {r:.2} × the load of the 4 weeks before (a warning above {})",
                        rules::MONOTONY_LOAD_RATIO
                    )
                },
            ),
            format!(
                "rest days in those weeks: {}",
                rest_days
                    .iter()
                    .map(|x| x.to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ],
        Evidence::NoRestDay {
            days,
            activities,
            load,
        } => vec![format!(
            "{activities} activities, load {load:.0} ({:.0} a day)",
            load / *days as f64
        )],
        Evidence::NoCutBack {
            load_first_3w,
            load_last_3w,
            ..
        } => vec![format!(
            "weekly load {load_first_3w:.0} in the first 3 weeks, {load_last_3w:.0} in the last 3"
        )],
        Evidence::FrequentRacing { races, .. } => {
            let by_effort = races.iter().filter(|r| r.mark == RaceMark::Effort).count();
            vec![
                format!(
                    "race dates: {}",
                    races
                        .iter()
                        .map(|r| format!("{} ({})", r.date, km(r.distance_m)))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                format!(
                    "{} flagged as races in the export, {by_effort} recognised from a race-level effort",
                    races.len() - by_effort
                ),
            ]
        }
        Evidence::RisingHrAtPace {
            reference_hr_bpm,
            aerobic_speed_baseline_m_s,
            aerobic_speed_recent_m_s,
            runs_baseline,
            runs_recent,
            recent_from,
            recent_to,
            drop,
            ..
        } => vec![
            format!(
                "grade-adjusted pace at {reference_hr_bpm:.0} bpm: median {} over {runs_recent} runs from {recent_from} to {recent_to}, against {} over {runs_baseline} runs in the {} days before",
                pace(*aerobic_speed_recent_m_s),
                pace(*aerobic_speed_baseline_m_s),
                rules::HR_BASELINE_DAYS
            ),
            format!("speed at the same heart rate down {:.1} %", drop * 100.0),
        ],
        Evidence::Unproductive {
            reference_hr_bpm,
            aerobic_speed_baseline_m_s,
            aerobic_speed_recent_m_s,
            runs_baseline,
            runs_recent,
            recent_to,
            ..
        } => vec![format!(
            "grade-adjusted pace at {reference_hr_bpm:.0} bpm: {} over {runs_recent} runs to {recent_to}, against {} over {runs_baseline} runs in the 6 weeks before",
            pace(*aerobic_speed_recent_m_s),
            pace(*aerobic_speed_baseline_m_s)
        )],
        Evidence::Detraining {
            ctl_peak,
            peak_day,
            ctl_low,
            low_by,
            ctl_typical,
            ..
        } => vec![format!(
            "fitness (CTL) {ctl_peak:.0} on {peak_day}, {ctl_low:.0} at its lowest by {low_by}; your typical fitness is {ctl_typical:.0}"
        )],
        Evidence::StaleRoutes {
            runs_on_top,
            runs_with_gps,
            routes,
            pace_p10_s_per_km,
            pace_p90_s_per_km,
            new_routes,
            before,
            ..
        } => {
            let mut lines = vec![
                format!(
                    "{runs_on_top} of {runs_with_gps} runs with GPS from {} to {} on {}",
                    f.start,
                    f.end,
                    routes
                        .iter()
                        .map(route_share)
                        .collect::<Vec<_>>()
                        .join(" and ")
                ),
                format!(
                    "their moving pace: 10–90 % range {}",
                    match (pace_p10_s_per_km, pace_p90_s_per_km) {
                        (Some(a), Some(b)) => format!("{}–{}", pace_s(*a), pace_s(*b)),
                        _ => "unknown".into(),
                    }
                ),
                format!("{new_routes} new route(s) in the stretch"),
            ];
            if let Some(b) = before {
                lines.push(format!(
                    "before it, from {}: {} of {} runs with GPS on them",
                    b.from, b.runs_on_top, b.runs_with_gps
                ));
            }
            lines
        }
        Evidence::NoQuality {
            runs,
            since: s,
            fastest_pace_s_per_km,
            ..
        } => vec![
            format!(
                "{runs} runs from {} to {} ({}): none was a tempo, interval, hill session or race",
                f.start,
                f.end,
                since(s)
            ),
            format!(
                "the fastest average pace among them: {}",
                fastest_pace_s_per_km.map_or_else(|| "unknown".into(), pace_s)
            ),
        ],
        Evidence::NoLongRun {
            runs,
            since: s,
            longest_m,
            ..
        } => vec![
            format!("{runs} runs from {} to {} ({})", f.start, f.end, since(s)),
            format!("the longest: {}", km(*longest_m)),
        ],
        Evidence::SeasonalSlump { .. } => seasonal_lines(f),
        Evidence::YearlyBreak { years, .. } => years
            .iter()
            .map(|y| {
                let so_far = if y.complete {
                    ""
                } else {
                    " (part of the year)"
                };
                match y.longest {
                    Some(r) if y.took_time_off => format!(
                        "{}{so_far}: {} days off, {} to {}",
                        y.year, r.days, r.from, r.to
                    ),
                    Some(r) => format!(
                        "{}{so_far}: no week off; at most {} without a run",
                        y.year,
                        plural(r.days as usize, "day", "days")
                    ),
                    None => format!("{}{so_far}: a run every day", y.year),
                }
            })
            .collect(),
        Evidence::ShoeWorn {
            limit_m,
            limit_set,
            passed_on,
            since,
            since_m,
            ..
        } => vec![
            format!(
                "it passed {} on {passed_on} ({})",
                km(*limit_m),
                if *limit_set {
                    "the limit you set"
                } else {
                    "the usual limit of a running shoe; set yours with `rutscope gear add NAME --retire-at`"
                }
            ),
            format!(
                "{} since, {}",
                plural(*since, "activity", "activities"),
                km(*since_m)
            ),
        ],
        Evidence::NoShoeRotation { runs, .. } => vec![format!(
            "{runs} runs from {} to {}, all in the same pair",
            f.start, f.end
        )],
        Evidence::NoStrength {
            last_session,
            sessions_before,
            runs,
            ..
        } => vec![
            format!(
                "your last strength session was on {last_session}, after {sessions_before} in the {} weeks before it",
                cross::HABIT_WEEKS
            ),
            format!("{runs} runs since: the running went on"),
        ],
        Evidence::CrossTrainingTookOver {
            run_s_per_week_before,
            run_s_per_week,
            other_s_per_week,
            ..
        } => vec![format!(
            "{} to {}: running {} a week (from {} in the {} weeks before), other sports {} a week",
            f.start,
            f.end,
            hours(*run_s_per_week),
            hours(*run_s_per_week_before),
            cross::BEFORE_WEEKS,
            hours(*other_s_per_week)
        )],
        Evidence::NewSport {
            class,
            sessions,
            weeks_before,
            ..
        } => vec![format!(
            "{} since, after {weeks_before} weeks of history without any",
            class_count(*class, *sessions as u32)
        )],
        Evidence::ActiveBreak {
            from,
            to,
            sessions,
            time_s_per_week,
            returned,
            ..
        } => vec![
            format!(
                "no run from {from} to {to}; {} of other sports in that time, {} a week",
                plural(*sessions, "session", "sessions"),
                hours(*time_s_per_week)
            ),
            match returned {
                Some(r) => format!("running again from {r}"),
                None => "no run since".into(),
            },
        ],
        Evidence::RestingHrUp {
            baseline_bpm,
            recent_bpm,
            peak_day,
            days,
        } => vec![
            format!(
                "mean of the {} days to {peak_day}: {recent_bpm:.0} bpm; your baseline, the median of the {} days before: {baseline_bpm:.0} bpm",
                recovery::RHR_RECENT_DAYS,
                recovery::BASELINE_DAYS
            ),
            format!(
                "above it by {} bpm or more on {}",
                recovery::RHR_RISE_BPM,
                plural(*days, "day", "days")
            ),
        ],
        Evidence::ShortSleep { mean_s, nights } => vec![format!(
            "{nights} nights recorded in the {} days to {}, {} on average",
            recovery::SLEEP_DAYS,
            f.end,
            hours(*mean_s)
        )],
        Evidence::HighStress {
            mean_stress,
            days,
            noted_days,
        } => {
            let mut v = Vec::new();
            if let Some(m) = mean_stress {
                v.push(format!(
                    "the watch's stress: {m:.0} of 100 on average over {days} days"
                ));
            }
            if *noted_days > 0 {
                v.push(format!("{noted_days} days you noted stress 4 or 5 of 5"));
            }
            v
        }
        Evidence::Ill { days } => vec![format!(
            "{} noted as ill from {} to {}",
            plural(*days, "day", "days"),
            f.start,
            f.end
        )],
        Evidence::HarderAtUsualPace {
            usual_speed_m_s,
            rpe_before,
            rpe_now,
            rated_before,
            rated_now,
        } => vec![format!(
            "median perceived exertion of the runs within {:.0} % of {}: {} over {rated_now} runs in the last {} days, against {} over {rated_before} runs in the {} days before",
            effort::USUAL_PACE_BAND * 100.0,
            pace(*usual_speed_m_s),
            rating(*rpe_now),
            effort::RECENT_DAYS,
            rating(*rpe_before),
            effort::BASELINE_DAYS
        )],
    }
}

/// A finding's rule, with its thresholds.
pub fn rule(k: Kind) -> String {
    use rules::*;
    const LIKE_FOR_LIKE: &str = "each run's speed read like for like: less the usual offset of its kind of workout (tempo, long, easy…) from the runs around it";
    match k {
        Kind::LoadSpike => format!(
            "a calendar week's load > {SPIKE_ACWR} × what you were used to: the mean of the {SPIKE_CHRONIC_WEEKS} weeks before (less their cut-back weeks, when two others are left), or {:.0} % of your usual week (the median of your training weeks over the {SPIKE_HISTORY_WEEKS} weeks before) when that is more (alert > {SPIKE_ACWR_ALERT}, or two such weeks in a row); and at or above the {:.0}th percentile of your weekly loads over the {SPIKE_HISTORY_WEEKS} weeks before, and at least {SPIKE_MIN_RUNS} times the load of your ordinary run (the median over those weeks)",
            SPIKE_USUAL_FLOOR * 100.0,
            SPIKE_MIN_QUANTILE * 100.0
        ),
        Kind::SustainedRamp => format!(
            "{RAMP_WEEKS} or more weeks in a row, each with more than {:.0} % more distance than the larger of the week before and the mean of the 3 weeks before (alert from {} weeks or +60 %)",
            RAMP_WEEKLY * 100.0,
            RAMP_WEEKS + 1
        ),
        Kind::Monotony => format!(
            "Foster's monotony (mean ÷ SD of the 7 daily loads, rest days as 0) > {MONOTONY_MAX}, with fewer than two hard days beside at least two easy ones (a hard day: a quality session — race, hills, intervals or tempo — or {HARD_DAY_RATIO} × the week's median training day or more; a long run and a quality session vary the week), not in a cut-back week; a warning only when a week's load is above {MONOTONY_LOAD_RATIO} × the load of the 4 weeks before (the spike rule's ratio: Foster's risk is monotony under a high load), else information (alert for 3 such weeks or more)"
        ),
        Kind::NoRestDay => format!(
            "{NO_REST_DAYS} or more days in a row with an activity (alert from {NO_REST_DAYS_ALERT}); a rest day has no activity at all"
        ),
        Kind::NoCutBack => format!(
            "{NO_CUT_BACK_WEEKS} or more training weeks without a cut-back week (load, or the runs' load, ≤ {:.0} % of the 3 weeks before: their mean, their middle week when higher, or the last in a build; or ≤ {:.0} % of their mean or middle week and lighter than each of them) or a week off; a warning when the last 3 weeks' load is ≥ {:.0} % of the first 3",
            CUT_BACK_RATIO * 100.0,
            CUT_BACK_LIGHTEST * 100.0,
            NO_CUT_BACK_RISE * 100.0
        ),
        Kind::FrequentRacing => format!(
            "{RACES_IN_WINDOW} or more races within {RACE_WINDOW_DAYS} days; a race is a run flagged as one, or an unflagged run of at least {:.0} min at a heart-rate intensity factor ≥ {RACE_MIN_IF}",
            RACE_MIN_S / 60.0
        ),
        Kind::RisingHrAtPace => format!(
            "median speed at the reference heart rate over {HR_RECENT_DAYS} days ≥ {:.0} % below the median of the {HR_BASELINE_DAYS} days before, with ≥ {:.0} % of the recent runs below it (alert from {:.0} %); at least {HR_MIN_RECENT} and {HR_MIN_BASELINE} runs; {LIKE_FOR_LIKE}",
            HR_DROP * 100.0,
            HR_AGREEMENT * 100.0,
            HR_DROP * 200.0
        ),
        Kind::Unproductive => format!(
            "median speed at the reference heart rate over {UNPRODUCTIVE_DAYS} days ≥ {:.0} % below the {UNPRODUCTIVE_DAYS} days before while that window's load is ≥ {:.0} % of the one before; at least {UNPRODUCTIVE_MIN_RUNS} runs in each; {LIKE_FOR_LIKE}",
            UNPRODUCTIVE_DROP * 100.0,
            UNPRODUCTIVE_LOAD_HELD * 100.0
        ),
        Kind::Detraining => format!(
            "fitness (42-day load) at or below {:.0} % of its peak in the {DETRAINING_DAYS} days before (about three weeks without training), from a peak of at least your typical fitness (the median of your history); not when a break starts in it",
            DETRAINING_SHARE * 100.0
        ),
        Kind::StaleRoutes => format!(
            "every 4-week window with ≥ {} GPS runs has ≥ {:.0} % of them on its two most-run routes (or ≥ {:.0} % on one), for ≥ {} weeks; the stretch starts at the run from which the share of runs on those routes rose (the most likely split of the runs into two rates)",
            variety::STALE_MIN_RUNS,
            variety::STALE_TOP2 * 100.0,
            variety::STALE_TOP1 * 100.0,
            variety::STALE_WEEKS
        ),
        Kind::NoQuality => format!(
            "≥ {} weeks without a quality session (tempo: ≥ {:.0} min in heart-rate zones 4–5; intervals: pace spread ≥ {:.0} %; hills: ≥ {:.0} m/km; race), with ≥ {:.0} runs a week",
            variety::NO_QUALITY_WEEKS,
            variety::TEMPO_HARD_S / 60.0,
            variety::INTERVALS_SPREAD * 100.0,
            variety::HILLS_M_PER_KM,
            variety::MIN_RUNS_PER_WEEK
        ),
        Kind::NoLongRun => format!(
            "≥ {} weeks without a run of ≥ {:.0} min, or of ≥ {}× the typical distance lasting ≥ {:.0} min, with ≥ {:.0} runs a week",
            variety::NO_LONG_WEEKS,
            LONG_RUN_S / 60.0,
            variety::LONG_SHARE,
            variety::LONG_MIN_S / 60.0,
            variety::MIN_RUNS_PER_WEEK
        ),
        Kind::SeasonalSlump => {
            use crate::analysis::seasons::*;
            format!(
                "the same calendar months, in ≥ {MIN_YEARS} years and ≥ {:.0} % of the years with data for them, slower at the reference heart rate than the {BASELINE_DAYS} days around them (each such year ≥ {:.0} %, on average ≥ {:.0} %; the month with its neighbours, ≥ {MIN_AEROBIC_RUNS} runs) or with ≥ {:.0} % less distance per day; load findings inside such a stretch that do not hold once the season's share (your other years' same months, or your own response to temperature) is taken out are the season's",
                AGREEMENT * 100.0,
                PACE_DIP_YEAR * 100.0,
                PACE_DIP * 100.0,
                VOLUME_DIP * 100.0
            )
        }
        Kind::YearlyBreak => format!(
            "the longest stretch without a run in each calendar year; a week off is {} days or more",
            crate::analysis::years::REST_MIN_DAYS
        ),
        Kind::ShoeWorn => format!(
            "a shoe worn within the last {} days has passed the distance to retire it at: yours (`gear add --retire-at`), or {} for gear worn mostly on foot (midsoles lose much of their cushioning between 500 and 800 km)",
            gear::IN_USE_DAYS,
            km(gear::DEFAULT_RETIRE_AT_M)
        ),
        Kind::NoShoeRotation => format!(
            "all of at least {} runs over the last {} weeks in one shoe, with the shoe known for {:.0} % of them or more (runners who rotate two pairs or more had 39 % fewer injuries, Malisoux et al. 2015)",
            gear::ROTATION_MIN_RUNS,
            gear::ROTATION_WEEKS,
            gear::ROTATION_KNOWN_SHARE * 100.0
        ),
        Kind::NoStrength => format!(
            "{} weeks or more without a strength session while running went on (a run a week or more), after {} sessions or more in the {} weeks before; a warning while it lasts",
            cross::NO_STRENGTH_WEEKS,
            cross::HABIT_SESSIONS,
            cross::HABIT_WEEKS
        ),
        Kind::CrossTrainingTookOver => format!(
            "{} whole weeks or more in a row in which other sports (walks aside) took at least as much time as running and running fell to {:.0} % or less of its weekly time in the {} weeks before, when running led with {} a week or more",
            cross::TOOK_OVER_WEEKS,
            cross::TOOK_OVER_RUN_SHARE * 100.0,
            cross::BEFORE_WEEKS,
            hours(cross::TOOK_OVER_MIN_RUN_S)
        ),
        Kind::RestingHrUp => format!(
            "the mean resting heart rate of {} days (at least {} measured) {} bpm or more above your baseline, the median of the {} days before (at least {} measured); an alert from {} bpm (Buchheit 2014)",
            recovery::RHR_RECENT_DAYS,
            recovery::RHR_MIN_RECENT,
            recovery::RHR_RISE_BPM,
            recovery::BASELINE_DAYS,
            recovery::BASELINE_MIN_DAYS,
            recovery::RHR_ALERT_BPM
        ),
        Kind::ShortSleep => format!(
            "the mean sleep of {} nights (at least {} recorded) under {} (adults need 7 hours or more: Watson et al. 2015)",
            recovery::SLEEP_DAYS,
            recovery::SLEEP_MIN_NIGHTS,
            hours(recovery::SLEEP_MIN_S)
        ),
        Kind::HighStress => format!(
            "over {} days, the watch's mean stress {} of 100 or more and {} above your baseline, or stress 4 or 5 noted on {} days or more",
            recovery::STRESS_DAYS,
            recovery::STRESS_HIGH,
            recovery::STRESS_RISE,
            recovery::STRESS_NOTED_DAYS
        ),
        Kind::Ill => format!(
            "days you noted as ill (`rutscope note --day DATE --sick`), {} days apart or fewer one illness",
            recovery::ILL_GAP_DAYS
        ),
        Kind::HarderAtUsualPace => format!(
            "the median perceived exertion (1–10) of the runs at your usual pace (within {:.0} % of the median pace of the {} days) over the last {} days is {} or more above that of the {} days before, with {} rated runs or more in each; races left out",
            effort::USUAL_PACE_BAND * 100.0,
            effort::RECENT_DAYS + effort::BASELINE_DAYS,
            effort::RECENT_DAYS,
            effort::RPE_RISE,
            effort::BASELINE_DAYS,
            effort::MIN_RATED
        ),
        Kind::ActiveBreak => format!(
            "a break from running ({} weeks or more without a run) with {} sessions or more of other sports (walks aside)",
            crate::analysis::breaks::BREAK_WEEKS,
            cross::ACTIVE_BREAK_SESSIONS
        ),
        Kind::NewSport => format!(
            "a sport (walking aside) first done after {} weeks of history and done {} times or more within {} weeks of the first",
            cross::NEW_AFTER_WEEKS,
            cross::NEW_MIN_SESSIONS,
            cross::NEW_WITHIN_WEEKS
        ),
    }
}

/// What data a finding stands on.
pub fn basis(b: &Basis) -> String {
    match b {
        Basis::History {
            days,
            activities,
            load_from_hr,
        } => format!(
            "{days} days of history, {load_from_hr} of {activities} activities with load from heart rate"
        ),
        Basis::AerobicRuns { recent, baseline } => format!(
            "{recent} runs in the recent window and {baseline} in the baseline with at least 10 min in the aerobic band"
        ),
        Basis::Runs { runs, weeks } => format!("{runs} runs over {weeks} weeks"),
        Basis::Days { days, baseline: 0 } => format!("{days} days with a value"),
        Basis::Days { days, baseline } => {
            format!("{days} days with a value, {baseline} in the baseline")
        }
        Basis::GpsRuns { runs } => format!("{runs} runs with a GPS track in the stretch"),
    }
}

/// What the data suggests doing about a finding.
pub fn advice(f: &Finding) -> &'static str {
    match &f.evidence {
        Evidence::LoadSpike { .. } => {
            "Hold the next week at or below this week's load; the injury risk of a spike falls as the 4-week average catches up (a ratio of 0.8–1.3)."
        }
        Evidence::SustainedRamp { .. } => {
            "Keep increases near 10 % a week and follow every 2–3 building weeks with a lighter one."
        }
        Evidence::Monotony { .. } => {
            "Make easy days easier and hard days harder, and take a day off: variation in daily load is what lets the body absorb training."
        }
        Evidence::NoRestDay { .. } => {
            "Take at least one full rest day a week; fitness is built in the recovery after the training."
        }
        Evidence::NoCutBack { rising: true, .. } => {
            "Take a cut-back week now: about two thirds of your recent volume, same easy runs, no hard session."
        }
        Evidence::NoCutBack { rising: false, .. } => {
            "At a steady load this matters less, but a lighter week every 4–6 weeks helps you absorb training."
        }
        Evidence::FrequentRacing { .. } => {
            "Space races at least 4 weeks apart with an easy week after each, and build toward one goal race."
        }
        Evidence::RisingHrAtPace { .. } => {
            "Fatigue, heat, illness or poor sleep all raise heart rate at a given pace: if it is not the weather, back off for a week (fewer and easier runs) and see whether it comes back."
        }
        Evidence::Unproductive { .. } => {
            "More of the same is not working: recover first (a cut-back week, rest days), then change the stimulus (a tempo or hill session, a new long-run route)."
        }
        Evidence::Detraining { .. } => {
            "A planned break is fine; to rebuild, start near half your former weekly volume and add about 10 % a week."
        }
        Evidence::StaleRoutes { .. } => {
            "Vary it: a new route once a week, the usual loop the other way, a hilly route or a trail; new terrain and a new pace are a new stimulus."
        }
        Evidence::NoQuality { .. } => {
            "Add one quality session a week: 20 minutes at tempo effort, 6 × 400 m fast, or hill repeats. A plateau after months of easy running is the body fully adapted to it."
        }
        Evidence::NoLongRun { .. } => {
            "Make one run a week longer, building by 10 % a week: the distance you can comfortably run grows only by running longer."
        }
        Evidence::SeasonalSlump { slower: true, .. } => {
            "This is your season, not fatigue: in these months run by heart rate or effort rather than pace, and judge your form against the same months of your earlier years."
        }
        Evidence::SeasonalSlump { .. } => {
            "You run less at this time every year: plan for it (two or three short runs a week hold most of your fitness) and build again after it rather than at once."
        }
        Evidence::YearlyBreak {
            missed_complete_years: 0,
            ..
        } => {
            "You take time off each year: keep it; a week or two off costs little fitness and lets small injuries heal."
        }
        Evidence::YearlyBreak { .. } => {
            "Plan a week or two off once a year, after your goal race or at the end of a season: small injuries heal, motivation returns, and the fitness comes back within weeks."
        }
        Evidence::ShoeWorn { .. } => {
            "Replace the pair, or retire it to easy days and walks (`rutscope gear retire NAME`): a worn midsole passes more of every stride's shock to the legs."
        }
        Evidence::NoShoeRotation { .. } => {
            "Consider a second pair to alternate with: a different shoe changes the load on the legs a little from run to run."
        }
        Evidence::NoStrength { .. } => {
            "Bring back one or two short strength sessions a week (squats, lunges, calf raises, core): they make running more economical and the legs more robust."
        }
        Evidence::CrossTrainingTookOver { .. } => {
            "Other sports keep the heart fit but not the running legs: to run faster again, make running the main sport for a few weeks and keep the others easy."
        }
        Evidence::NewSport { .. } => {
            "Good: a new sport is a new stimulus. Keep it easy on the days before hard runs."
        }
        Evidence::RestingHrUp { .. } => {
            "A raised resting heart rate is the body still recovering, or an illness coming: take easy days until it is back near your usual, and skip hard sessions meanwhile."
        }
        Evidence::ShortSleep { .. } => {
            "Sleep is when training turns into fitness: aim for 7–9 hours, and make the days after short nights easy."
        }
        Evidence::HighStress { .. } => {
            "Life stress and training stress add up: in stressful weeks, cut the volume and the hard sessions rather than the sleep."
        }
        Evidence::Ill { .. } => {
            "After an illness, come back with a few easy days; a slower stretch after it is the illness, not lost fitness."
        }
        Evidence::HarderAtUsualPace { .. } => {
            "When the usual pace feels like more effort than it should, recovery is behind: check sleep, stress and illness, take a lighter week, and see whether the runs feel easier again."
        }
        Evidence::ActiveBreak { .. } => {
            "Fitness kept in other sports makes the return easier, but the legs still need time: build running back from about half your former weekly volume."
        }
    }
}

/// When a finding held: "2024-03-04 to 2024-04-14 (rule held from 2024-03-17), 12 activities".
pub fn when(f: &Finding) -> String {
    // Findings on daily measurements have no activities behind them.
    if f.activity_count == 0 && matches!(f.basis, Basis::Days { .. }) {
        return format!(
            "{} to {} (rule held from {})",
            f.start, f.end, f.detected_on
        );
    }
    format!(
        "{} to {} (rule held from {}), {}",
        f.start,
        f.end,
        f.detected_on,
        plural(f.activity_count, "activity", "activities")
    )
}

/// Heading of the findings that hold now.
pub fn findings_now(n: usize) -> String {
    format!("Now: {}", plural(n, "finding", "findings"))
}

/// No finding holds now.
pub fn nothing_now(judged: bool) -> &'static str {
    if judged {
        "Now: nothing to flag."
    } else {
        "Now: too little history to judge (see the data lines)."
    }
}

/// Heading of the findings that held at the last run, on a break.
pub fn findings_when_stopped(n: usize, last_run: NaiveDate) -> String {
    format!(
        "When you stopped ({last_run}, your last run): {}",
        plural(n, "finding", "findings")
    )
}

/// No finding held at the last run, on a break.
pub fn nothing_when_stopped(judged: bool, last_run: NaiveDate) -> String {
    if judged {
        format!("When you stopped ({last_run}, your last run): nothing to flag.")
    } else {
        format!(
            "When you stopped ({last_run}, your last run): too little history to judge (see the data lines)."
        )
    }
}

/// Heading of the earlier findings.
pub fn findings_earlier(total: usize, shown: usize) -> String {
    if shown < total {
        format!(
            "Earlier: {}, the last {shown} (--all for every one)",
            plural(total, "finding", "findings")
        )
    } else {
        format!("Earlier: {}", plural(total, "finding", "findings"))
    }
}

/// Prefix of the rule line of a finding.
pub const RULE: &str = "rule";
/// Prefix of the data line of a finding.
pub const DATA: &str = "data";
/// Prefix of the advice line of a finding.
pub const ADVICE: &str = "advice";

/// What the history lets the load rules judge, a line each.
pub fn sufficiency(s: &Sufficiency) -> Vec<String> {
    let mut out = vec![format!(
        "{} days of history with {} activities; load from heart rate for {}, from pace or none for the rest",
        s.days, s.activities, s.load_from_hr
    )];
    if !s.load_rules {
        out.push(format!(
            "load rules need at least {} weeks of history: not judged",
            rules::MIN_WEEKS
        ));
    }
    if s.efficiency_rules {
        out.push(format!(
            "{} runs have at least 10 min in the aerobic heart-rate band (the efficiency rules' input)",
            s.with_aerobic_speed
        ));
    } else {
        out.push(format!(
            "efficiency rules (rising heart rate at pace, unproductive training) need {} runs with heart rate in the aerobic band over {} days; {} have it: not judged",
            rules::HR_MIN_RECENT + rules::HR_MIN_BASELINE,
            rules::HR_RECENT_DAYS + rules::HR_BASELINE_DAYS,
            s.with_aerobic_speed
        ));
    }
    out
}

/// How routes are matched.
pub fn route_matching(with_gps: usize, runs: usize) -> String {
    format!(
        "{with_gps} of {runs} runs have a GPS track; routes matched within {:.0} m (Hausdorff), lengths within {:.0} %",
        crate::analysis::routes::MATCH_M,
        crate::analysis::routes::LENGTH_TOL * 100.0
    )
}

// ---------------------------------------------------------------------------------------
// Load.

/// The section's heading.
pub const LOAD_HEADING: &str = "Training load";

/// The activities behind the load series.
pub fn load_counts(t: &TrainingLoad, first: NaiveDate, last: NaiveDate) -> String {
    format!(
        "{} from {first} to {last}: load from heart rate for {}, from pace for {}, none for {}.",
        plural(t.activities, "activity", "activities"),
        t.load_from_hr,
        t.load_from_pace,
        t.without_load
    )
}

/// Fitness, fatigue and form on the last day.
pub fn load_today(d: &Daily, ramp: Option<f64>) -> String {
    format!(
        "On {}: fitness (CTL) {:.0}, fatigue (ATL) {:.0}, form (TSB) {:+.0}, acute:chronic ratio {} (rolling) / {} (EWMA){}.",
        d.date,
        d.ctl,
        d.atl,
        d.tsb,
        or_dash(d.acwr_rolling, |a| format!("{a:.2}")),
        or_dash(d.acwr_ewma, |a| format!("{a:.2}")),
        ramp.map_or(String::new(), |r| format!(
            "; fitness ramp over the last 7 days {r:+.1}"
        ))
    )
}

/// The heading of the weekly table's cross-training column (shown when a week in the
/// table has some).
pub const CROSS_TRAINING_COLUMN: &str = "other sports";

/// Columns of the weekly table.
pub const WEEK_COLUMNS: [&str; 9] = [
    "week",
    "distance",
    "time",
    "load",
    "runs",
    "rest days",
    "monotony",
    "CTL+",
    "",
];

/// A week's note: partial, no runs or cut-back.
pub fn week_note(w: &Weekly) -> String {
    if w.days < 7 {
        format!("{} days", w.days)
    } else if w.activities == 0 {
        "no runs".into()
    } else if w.cut_back {
        "cut-back".into()
    } else {
        String::new()
    }
}

/// A row of the weekly table.
pub fn week_row(w: &Weekly) -> Vec<String> {
    vec![
        w.week_start.to_string(),
        km(w.distance_m),
        hours(w.moving_time_s),
        format!("{:.0}", w.load),
        w.activities.to_string(),
        w.rest_days.to_string(),
        or_dash(w.monotony, |m| format!("{m:.2}")),
        format!("{:+.1}", w.ctl_ramp),
        week_note(w),
    ]
}

/// The weekly table's columns, with the cross-training column before the note when asked.
pub fn week_columns(cross_training: bool) -> Vec<&'static str> {
    let mut c = WEEK_COLUMNS.to_vec();
    if cross_training {
        c.insert(c.len() - 1, CROSS_TRAINING_COLUMN);
    }
    c
}

/// A row of the weekly table, with the week's other sports ("2 rides, 1 hike") before the
/// note when asked.
pub fn week_row_with(w: &Weekly, cross_training: bool) -> Vec<String> {
    let mut row = week_row(w);
    if cross_training {
        row.insert(row.len() - 1, other_sports(&w.cross_training));
    }
    row
}

// ---------------------------------------------------------------------------------------
// Sports.

/// `3 rides`, `1 hike`, `2 strength sessions`: a count of activities of a class.
pub fn class_count(class: Class, n: u32) -> String {
    let (one, many) = match class {
        Class::Running => ("run", "runs"),
        Class::Walking => ("walk", "walks"),
        Class::Hiking => ("hike", "hikes"),
        Class::Cycling => ("ride", "rides"),
        Class::Swimming => ("swim", "swims"),
        Class::Strength => ("strength session", "strength sessions"),
        Class::Other => ("other activity", "other activities"),
    };
    plural(n as usize, one, many)
}

/// "2 rides, 1 hike" (empty without other sports).
pub fn other_sports(x: &[CrossTraining]) -> String {
    x.iter()
        .map(|c| class_count(c.class, c.count))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The cross-training over the report's range, with time and distance.
pub fn cross_training_line(x: &[CrossTraining]) -> String {
    let parts: Vec<String> = x
        .iter()
        .map(|c| {
            // Gym sessions and GPS drift: no distance worth a figure.
            if c.distance_m >= 50.0 {
                format!(
                    "{} ({} h, {})",
                    class_count(c.class, c.count),
                    hours(c.moving_time_s),
                    km(c.distance_m)
                )
            } else {
                format!(
                    "{} ({} h)",
                    class_count(c.class, c.count),
                    hours(c.moving_time_s)
                )
            }
        })
        .collect();
    format!(
        "Other sports, not counted as runs (their load counts in fitness and fatigue, and a day with one is not a rest day): {}.",
        parts.join(", ")
    )
}

/// Why a class was inferred from the movement, with the rule's threshold.
pub fn class_rule(rule: Rule) -> String {
    match rule {
        Rule::NoDistance => format!("under {:.0} m covered", sport::MIN_DISTANCE_M),
        Rule::FasterThanRunning => format!(
            "faster on average than running, {}",
            pace(sport::MAX_RUNNING_SPEED_M_S)
        ),
        Rule::HeartRateTooLowForRunning => format!(
            "running speed at an average heart rate under {:.0} bpm: a ride from {}, else a brisk walk or hike",
            sport::MIN_RUNNING_AVG_HR_BPM,
            pace(sport::MAX_WALKING_SPEED_M_S)
        ),
        Rule::RunningSpeed => format!(
            "running speed, faster than {}",
            pace(sport::WALK_RUN_SPEED_M_S)
        ),
        Rule::WalkingSpeed => format!(
            "walking speed, slower than {}",
            pace(sport::WALK_RUN_SPEED_M_S)
        ),
        Rule::WalkingSpeedClimbing => format!(
            "walking speed, climbing {:.0} m/km or more",
            sport::HIKE_CLIMB_M_PER_KM
        ),
    }
}

/// One group of the classification: "16 hikes, as the file says — e.g. ab12, cd34".
pub fn class_group(g: &ClassGroup) -> String {
    let how = match g.rule {
        None if g.set => SET_BY_YOU.to_string(),
        None => "as the file says".to_string(),
        Some(r) => format!("inferred (the file names no sport): {}", class_rule(r)),
    };
    format!(
        "{}, {how} — e.g. {}",
        class_count(g.class, g.count),
        g.examples.join(", ")
    )
}

/// Introduces the activities not counted as runs.
pub fn not_runs_intro(n: u32) -> String {
    format!(
        "{} not counted as runs, by sport:",
        plural(n as usize, "activity", "activities")
    )
}

/// Introduces the runs whose class was inferred.
pub fn inferred_runs_intro(n: u32) -> String {
    format!(
        "{} counted as runs though the file names no sport:",
        plural(n as usize, "activity", "activities")
    )
}

/// Columns of the efficiency table.
pub const EFFICIENCY_COLUMNS: [&str; 6] = [
    "4 weeks from",
    "runs",
    "pace at aerobic HR (runs)",
    "long runs",
    "long-run decoupling",
    "races",
];

/// Below the efficiency table.
pub fn efficiency_note(ref_hr: f64) -> String {
    format!(
        "Pace at aerobic HR: median grade-adjusted pace scaled to {ref_hr:.0} bpm, runs behind it in brackets; decoupling: heart-rate drift in runs of {:.0} min or more.",
        LONG_RUN_S / 60.0
    )
}

/// The profile in use, one line.
pub fn profile_line(p: &Profile) -> String {
    let src = |s: &Source| match s {
        Source::Set => "set",
        Source::Estimated(_) => "estimated",
        Source::Assumed(_) => "assumed",
    };
    format!(
        "Profile: threshold HR {:.0} ({}), max HR {:.0} ({}), resting HR {:.0} ({}); rutscope profile shows how each was found.",
        p.threshold_hr_bpm.value,
        src(&p.threshold_hr_bpm.source),
        p.max_hr_bpm.value,
        src(&p.max_hr_bpm.source),
        p.rest_hr_bpm.value,
        src(&p.rest_hr_bpm.source)
    )
}

/// How a profile value was found, in a few words (`rutscope profile`).
pub fn profile_source(s: &Source) -> String {
    match s {
        Source::Set => "set".to_string(),
        Source::Estimated(e) => format!("estimated: {}", estimate(e)),
        Source::Assumed(a) => format!("assumed: {}", assumption(*a)),
    }
}

fn estimate(e: &Estimate) -> String {
    match e {
        Estimate::HeldHeartRate {
            held_s,
            of,
            rejected,
            ..
        } => {
            let mut s = format!(
                "second-highest heart rate held {held_s:.0} s, of {} with heart rate",
                plural(*of, "activity", "activities")
            );
            if !rejected.is_empty() {
                s.push_str(&format!(", {} rejected as outliers", rejected.len()));
            }
            s
        }
        Estimate::ReserveFraction { fraction } => {
            format!("{:.0} % of heart-rate reserve", fraction * 100.0)
        }
        Estimate::MeasuredRest { days, from, to } => format!(
            "median of the resting heart rate your watch measured on {} ({from} to {to})",
            plural(*days, "day", "days")
        ),
        Estimate::RiegelHour {
            exponent,
            untrusted,
            ..
        } => {
            let mut s = format!("best run carried to one hour with Riegel's exponent {exponent}");
            if *untrusted > 0 {
                s.push_str(&format!(
                    ", {} with untrusted distance left out",
                    plural(*untrusted, "run", "runs")
                ));
            }
            s
        }
    }
}

fn assumption(a: Assumption) -> &'static str {
    match a {
        Assumption::NoHeldHeartRate => "no heart rate held 30 s in any activity",
        Assumption::RestNotInRuns => "runs cannot show resting heart rate",
        Assumption::NoThresholdRun => "no trusted run of 20 minutes or more",
        Assumption::SexNotSet => "not set; TRIMP constants differ by about 10 % between sexes",
    }
}

fn run_ref(r: &RunRef) -> String {
    let id: String = r.id.chars().take(8).collect();
    match r.start {
        Some(t) => format!("{id} on {}", t.format("%Y-%m-%d")),
        None => format!("{id} (untimed)"),
    }
}

/// The activities behind an estimate, one line each (`rutscope profile`).
pub fn profile_runs(s: &Source) -> Vec<String> {
    match s {
        Source::Estimated(Estimate::HeldHeartRate { runs, rejected, .. }) => runs
            .iter()
            .map(|r| format!("held {:.0} bpm: {}", r.value, run_ref(r)))
            .chain(
                rejected
                    .iter()
                    .map(|r| format!("rejected {:.0} bpm (outlier): {}", r.value, run_ref(r))),
            )
            .collect(),
        Source::Estimated(Estimate::RiegelHour { run, .. }) => {
            vec![format!("{} for an hour: {}", pace(run.value), run_ref(run))]
        }
        _ => Vec::new(),
    }
}

// ---------------------------------------------------------------------------------------
// Routes and variety.

/// The section's heading.
pub const ROUTES_HEADING: &str = "Routes and variety";

/// Runs, GPS runs and routes.
pub fn routes_counts(runs: usize, with_gps: usize, routes: usize) -> String {
    format!(
        "{}, {with_gps} with a GPS track, on {}.",
        plural(runs, "run", "runs"),
        plural(routes, "route", "routes")
    )
}

/// Columns of the route table.
pub const ROUTE_COLUMNS: [&str; 9] = [
    "route",
    "runs",
    "first",
    "last",
    "length",
    "shape",
    "pace",
    "pace trend /month",
    "name",
];

/// A row of the route table.
pub fn route_row(r: &RouteSummary) -> Vec<String> {
    let mut notes = Vec::new();
    if r.reversed > 0 {
        notes.push(format!("{} reversed", r.reversed));
    }
    if r.other_start > 0 {
        notes.push(format!("{} from another start", r.other_start));
    }
    if let Some(e) = &r.extends {
        notes.push(format!("extends {e}"));
    }
    let name = if notes.is_empty() {
        route(r)
    } else {
        format!("{} [{}]", route(r), notes.join(", "))
    };
    vec![
        r.id.clone(),
        r.runs.to_string(),
        r.first.to_string(),
        r.last.to_string(),
        km(r.length_m),
        shape(r.shape).to_string(),
        or_dash(r.pace_s_per_km, pace_s),
        or_dash(r.pace_trend_s_per_km_month, |[s, lo, hi]| {
            format!("{s:+.0} s/km ({lo:+.0}…{hi:+.0})")
        }),
        name,
    ]
}

/// A route's map caption.
pub fn route_map_caption(r: &RouteSummary) -> String {
    format!(
        "{} runs · {} {} · {} · {} to {}",
        r.runs,
        km(r.length_m),
        shape(r.shape),
        or_dash(r.pace_s_per_km, pace_s),
        r.first,
        r.last
    )
}

/// The last window in a sentence.
pub fn last_window(w: &Window) -> String {
    format!(
        "Last 4 weeks (from {}): {} on {}, {} on the most-run one; {}.",
        w.start,
        plural(w.runs, "run", "runs"),
        plural(w.routes, "route", "routes"),
        or_dash(w.top1_share, percent),
        workouts(w)
    )
}

fn workouts(w: &Window) -> String {
    let v: Vec<String> = w
        .workouts
        .iter()
        .map(|(k, n)| format!("{} {n}", workout(*k)))
        .collect();
    if v.is_empty() {
        "no runs".into()
    } else {
        v.join(", ")
    }
}

/// Heading of the variety table.
pub const VARIETY_HEADING: &str = "Variety, 4-week windows";

/// Columns of the variety table.
pub const WINDOW_COLUMNS: [&str; 9] = [
    "from",
    "runs",
    "routes",
    "top route",
    "top 2",
    "entropy",
    "new",
    "pace p10–p90",
    "types",
];

/// A row of the variety table.
pub fn window_row(w: &Window) -> Vec<String> {
    vec![
        w.start.to_string(),
        w.runs.to_string(),
        w.routes.to_string(),
        or_dash(w.top1_share, percent),
        or_dash(w.top2_share, percent),
        or_dash(w.route_entropy_bits, |e| format!("{e:.1} bits")),
        w.new_routes.to_string(),
        or_dash(w.pace_p10_p90_s_per_km, |[a, b]| {
            format!("{}–{}", pace_s(a), pace_s(b))
        }),
        workouts(w),
    ]
}

// ---------------------------------------------------------------------------------------
// Plateaus, seasons, gear, data.

/// The section's heading.
pub const PLATEAUS_HEADING: &str = "Plateaus";

/// Columns of a signal's phase table.
pub const PHASE_COLUMNS: [&str; 5] = ["from", "to", "weeks", "phase", "level"];

/// A row of a phase table.
pub fn phase_row(s: Signal, p: &Phase, ref_hr: f64) -> Vec<String> {
    vec![
        p.start.to_string(),
        p.end.to_string(),
        format!("{:.0}", p.weeks),
        direction(p.direction).to_string(),
        phase_level(s, p, ref_hr),
    ]
}

/// The section's heading.
pub const SEASONS_HEADING: &str = "Seasons";

/// Above the seasons table.
pub fn seasons_intro(ref_hr: f64) -> String {
    format!("Pace at {ref_hr:.0} bpm by calendar month, all years (heat slows it in summer).")
}

/// A month's short name.
pub fn month(m: u32) -> String {
    NaiveDate::from_ymd_opt(2000, m, 1)
        .map(|d| d.format("%b").to_string())
        .unwrap_or_default()
}

/// Label of the runs row of the seasons table.
pub const SEASONS_RUNS: &str = "runs";
/// Label of the pace row of the seasons table.
pub const SEASONS_PACE: &str = "pace";

/// The section's heading.
pub const GEAR_HEADING: &str = "Shoes and gear";
/// Columns of the gear table.
pub const GEAR_COLUMNS: [&str; 8] = [
    "shoe", "runs", "distance", "of limit", "first", "last", "pace", "HR",
];

/// A shoe's name in the table: the name, its brand and model, and its state.
pub fn shoe_name(s: &gear::ShoeUse) -> String {
    let mut out = s.name.clone();
    let made: Vec<&str> = [s.brand.as_deref(), s.model.as_deref()]
        .into_iter()
        .flatten()
        .collect();
    if !made.is_empty() {
        out += &format!(" ({})", made.join(" "));
    }
    if s.default {
        out += ", default";
    }
    if s.retired.is_some() {
        out += ", retired";
    }
    out
}

/// A row of the gear table.
pub fn shoe_row(s: &gear::ShoeUse) -> Vec<String> {
    vec![
        shoe_name(s),
        // Walks and hikes in the shoe count in its distance: say how many.
        if s.activities > s.runs {
            format!("{} (+{} other)", s.runs, s.activities - s.runs)
        } else {
            s.runs.to_string()
        },
        km(s.distance_m),
        or_dash(s.retire_at_m, |l| {
            format!(
                "{} of {}{}",
                percent(s.distance_m / l),
                km(l),
                if s.limit_set { "" } else { "*" }
            )
        }),
        or_dash(s.first, |d| d.to_string()),
        or_dash(s.last, |d| d.to_string()),
        or_dash(s.gap_speed_m_s, pace),
        or_dash(s.avg_hr_bpm, |h| format!("{h:.0}")),
    ]
}

/// Under the gear table: how many runs have a shoe and where it comes from, and what the
/// starred limit is.
pub fn gear_note(g: &gear::GearReport) -> String {
    use gear::GearSource;
    let mut by: std::collections::BTreeMap<GearSource, usize> = Default::default();
    for (_, src) in g.of_run.values() {
        *by.entry(*src).or_default() += 1;
    }
    let parts: Vec<String> = by
        .iter()
        .map(|(src, n)| {
            format!(
                "{n} {}",
                match src {
                    GearSource::Set => "set by you",
                    GearSource::Export => "from the export",
                    GearSource::Dates => "by your shoes' dates",
                    GearSource::Default => "your default shoe",
                }
            )
        })
        .collect();
    let mut out = format!(
        "{} of {} runs analysed have a shoe",
        g.runs_with_gear, g.runs
    );
    if !parts.is_empty() {
        out += &format!(" ({})", parts.join(", "));
    }
    out += &format!(
        ". Distances count every activity in the shoe up to the last day analysed. * the usual limit of a running shoe ({}); set yours with `rutscope gear add NAME --retire-at 800km`.",
        km(gear::DEFAULT_RETIRE_AT_M)
    );
    out
}

/// With no shoe known: how to tell rutscope.
pub const GEAR_NONE: &str = "No run has a shoe: add yours with `rutscope gear add NAME --from DATE [--default]` (runs are given the shoe whose dates cover them), or set one per run with `rutscope set ID --gear NAME`.";

// ---------------------------------------------------------------------------------------
// Recovery.

/// The section's heading.
pub const RECOVERY_HEADING: &str = "Recovery: resting heart rate, sleep, stress";

/// The recovery chart's captions: the resting heart rate line, the load bars.
pub const RECOVERY_CAPTION: [&str; 2] = ["resting heart rate, weekly mean", "weekly training load"];

/// The sleep line's caption: on its own scale, or mapped onto the bpm scale.
pub fn sleep_caption(mapped: bool, lo_h: f64, hi_h: f64) -> String {
    if mapped {
        format!("sleep, weekly mean ({lo_h:.0} h at the bottom to {hi_h:.0} h at the top)")
    } else {
        "sleep, weekly mean".into()
    }
}

/// Columns of the weekly recovery table.
pub const RECOVERY_COLUMNS: [&str; 6] = ["week", "resting HR", "sleep", "stress", "ill", "load"];

/// A row of it.
pub fn recovery_row(w: &recovery::Week) -> Vec<String> {
    vec![
        w.week_start.to_string(),
        or_dash(w.resting_hr_bpm, |v| format!("{v:.0} bpm")),
        or_dash(w.sleep_s, hours),
        or_dash(w.stress, |v| format!("{v:.0}")),
        if w.sick_days > 0 {
            plural(w.sick_days, "day", "days")
        } else {
            String::new()
        },
        format!("{:.0}", w.load),
    ]
}

/// What the recovery data covers.
pub fn recovery_counts(r: &recovery::RecoveryReport) -> String {
    let mut out = format!(
        "{} with recovery data: {} with a resting heart rate, {} with sleep, {} with stress.",
        plural(r.days, "day", "days"),
        r.resting_hr_days,
        r.sleep_days,
        r.stress_days
    );
    if let Some(b) = r.resting_hr_bpm {
        out += &format!(
            " Your resting heart rate: {b:.0} bpm (the median of the last {} days).",
            recovery::BASELINE_DAYS
        );
    }
    out
}

// ---------------------------------------------------------------------------------------
// The runner's journal.

/// `journal` with nothing in it.
pub const JOURNAL_EMPTY: &str = "No notes yet: `rutscope note ID --rpe 7 --feel 2 \"legs heavy\"` for a run, `rutscope note --day DATE --sleep 6h --stress 4 --sick` for a day.";

/// How a run felt, 1–5, in words (Garmin's five faces).
pub fn feel(f: u8) -> &'static str {
    match f {
        1 => "very weak",
        2 => "weak",
        3 => "normal",
        4 => "strong",
        _ => "very strong",
    }
}

/// A note on an activity: `RPE 7/10, felt weak (2/5): "legs heavy"`.
pub fn activity_note(n: &crate::store::journal::Note) -> String {
    let mut parts = Vec::new();
    if let Some(r) = n.rpe {
        parts.push(format!("RPE {r}/10"));
    }
    if let Some(f) = n.feel {
        parts.push(format!("felt {} ({f}/5)", feel(f)));
    }
    let mut out = parts.join(", ");
    if let Some(t) = &n.text {
        if !out.is_empty() {
            out += ": ";
        }
        out += &format!("\"{t}\"");
    }
    out
}

/// The runner's note on one of a finding's runs: `your note on 2024-05-02: RPE 8/10: "legs
/// heavy"`.
pub fn finding_run_note(date: NaiveDate, n: &crate::store::journal::Note) -> String {
    format!("your note on {date}: {}", activity_note(n))
}

/// The runner's note on a day inside a finding's span.
pub fn finding_day_note(date: NaiveDate, d: &crate::store::journal::DayEntry) -> String {
    let line = day_note(date, d);
    let rest = line
        .strip_prefix(&format!("{date}  day  "))
        .unwrap_or(&line)
        .to_string();
    format!("your note on {date}: {rest}")
}

/// A journal line of an activity's note.
pub fn journal_activity_line(
    date: NaiveDate,
    id: &str,
    name: Option<&str>,
    distance_m: Option<f64>,
    n: &crate::store::journal::Note,
) -> String {
    // A gym session's GPS drift is no distance.
    let what = match (name, distance_m.filter(|d| *d >= 50.0)) {
        (Some(name), Some(d)) => format!("{name}, {}", km(d)),
        (Some(name), None) => name.to_string(),
        (None, Some(d)) => km(d),
        (None, None) => String::new(),
    };
    format!("{date}  {id}  {what}  {}", activity_note(n))
}

/// A note on a day: `2024-05-02  sleep 6:10, stress 4/5, ill: "cold"`.
pub fn day_note(date: NaiveDate, d: &crate::store::journal::DayEntry) -> String {
    let mut parts = Vec::new();
    if let Some(s) = d.sleep_s {
        parts.push(format!("sleep {}", hours(s)));
    }
    if let Some(s) = d.stress {
        parts.push(format!("stress {s}/5"));
    }
    if d.sick {
        parts.push("ill".to_string());
    }
    let mut out = format!("{date}  day  {}", parts.join(", "));
    if let Some(t) = &d.text {
        if !parts.is_empty() {
            out += ": ";
        }
        out += &format!("\"{t}\"");
    }
    out
}

// ---------------------------------------------------------------------------------------
// Strength and other sports.

/// The section's heading.
pub const CROSS_HEADING: &str = "Strength and other sports";

/// Columns of its table.
pub const CROSS_COLUMNS: [&str; 6] = [
    "sport",
    "sessions",
    "a week",
    "last 12 weeks",
    "time",
    "last",
];

/// A row of it.
pub fn cross_row(c: &cross::ClassUse) -> Vec<String> {
    vec![
        sport_name(c.class).to_string(),
        c.sessions.to_string(),
        format!("{:.1}", c.per_week),
        c.recent.to_string(),
        hours(c.time_s),
        c.last.to_string(),
    ]
}

/// Under the table when no strength session is recorded.
pub const NO_STRENGTH_RECORDED: &str = "No strength session recorded. If you do strength work, record it (or import it): one or two short sessions a week make running more economical and the legs more robust.";

// ---------------------------------------------------------------------------------------
// Goals.

/// A race distance as `goal set` takes it: `5k`, `10k`, `half`, `marathon`, `15km`.
pub fn goal_arg(m: f64) -> String {
    match m.round() as i64 {
        5000 => "5k".into(),
        10_000 => "10k".into(),
        21_097 | 21_098 => "half".into(),
        42_195 => "marathon".into(),
        _ => format!("{}km", m / 1000.0),
    }
}

/// The section's heading.
pub const GOALS_HEADING: &str = "Goals";

/// A race distance as runners name it.
pub fn race_distance(m: f64) -> String {
    match m.round() as i64 {
        5000 => "5 km".into(),
        10_000 => "10 km".into(),
        21_097 | 21_098 => "half marathon".into(),
        42_195 => "marathon".into(),
        _ => km(m),
    }
}

/// A goal: "10 km in 45:00 by 2027-04-18", "40.0 km a week", "Long run of 25.0 km".
pub fn goal(g: &crate::store::journal::Goal) -> String {
    use crate::store::journal::GoalKind;
    let what = match g.kind {
        GoalKind::Race => format!(
            "{} in {}",
            race_distance(g.distance_m),
            or_dash(g.time_s, clock)
        ),
        GoalKind::WeeklyDistance => format!("{} a week", km(g.distance_m)),
        GoalKind::LongRun => format!("Long run of {}", km(g.distance_m)),
    };
    match g.by {
        Some(by) => format!("{what} by {by}"),
        None => what,
    }
}

/// Where a goal stands, as a label.
pub fn standing(s: goals::Standing) -> &'static str {
    use goals::Standing as S;
    match s {
        S::Reached => "Reached",
        S::OnTrack => "On track",
        S::OffTrack => "Off track",
        S::NoDate => "No date set",
        S::Passed => "Date passed",
        S::NoData => "Nothing recent to judge from",
    }
}

/// A goal's value in its units: a race time, or a distance.
fn goal_value(kind: crate::store::journal::GoalKind, v: f64) -> String {
    match kind {
        crate::store::journal::GoalKind::Race => clock(v),
        _ => km(v),
    }
}

/// A change per week in a goal's units: "12 s faster", "1.5 km more".
fn goal_change(kind: crate::store::journal::GoalKind, per_week: f64) -> String {
    match kind {
        crate::store::journal::GoalKind::Race => {
            let s = per_week.round() as i64;
            match s {
                0 => "no faster".into(),
                s if s < 0 => format!("{} s faster", -s),
                s => format!("{s} s slower"),
            }
        }
        _ if per_week.abs() < 50.0 => "no more".into(),
        _ if per_week > 0.0 => format!("{} more each", km(per_week)),
        _ => format!("{} less each", km(-per_week)),
    }
}

/// A goal's lines: now, the trend and projection, what it needs.
pub fn goal_lines(s: &goals::GoalStatus) -> Vec<String> {
    use crate::store::journal::GoalKind;
    use goals::{self as g, Standing};
    let kind = s.goal.kind;
    let mut out = Vec::new();
    let Some(now) = s.now else {
        out.push(match kind {
            GoalKind::Race => format!(
                "No best effort in the last {} days to predict a time from.",
                g::RECENT_DAYS
            ),
            GoalKind::WeeklyDistance => {
                format!("Fewer than {} whole weeks to judge.", g::NOW_WEEKS)
            }
            GoalKind::LongRun => format!("No run in the last {} days.", g::LONG_RUN_DAYS),
        });
        return out;
    };
    out.push(match kind {
        GoalKind::Race => {
            let range = match s.now_other_end {
                Some(o) if (o - now).abs() >= 1.0 => format!(
                    " ({}–{} from your three best efforts of the last {} days)",
                    clock(now),
                    clock(o),
                    g::RECENT_DAYS
                ),
                _ => String::new(),
            };
            format!(
                "Predicted now: {}{range}, race fitness VDOT {:.1}; the goal needs {}.",
                clock(now),
                s.vdot_now.unwrap_or(f64::NAN),
                or_dash(s.vdot_needed, |v| format!("VDOT {v:.1}"))
            )
        }
        GoalKind::WeeklyDistance => format!(
            "Now: {} a week (the mean of the last {} whole weeks).",
            km(now),
            g::NOW_WEEKS
        ),
        GoalKind::LongRun => format!(
            "Now: {} (the longest run of the last {} days).",
            km(now),
            g::LONG_RUN_DAYS
        ),
    });
    if let Some(t) = s.trend_per_week {
        let trend = match (s.trend_signal, s.trend_significant) {
            (Some(sig), true) => format!(
                "Trend, from the current phase of your {}: {} a week",
                signal(sig),
                goal_change(kind, t)
            ),
            (Some(sig), false) => format!("No trend: your {} is flat now", signal(sig)),
            (None, true) => format!(
                "Trend over the last {} weeks: {} a week",
                g::TREND_WEEKS,
                goal_change(kind, t)
            ),
            (None, false) => format!("No clear trend over the last {} weeks", g::TREND_WEEKS),
        };
        let by = match (s.projected, s.goal.by) {
            (Some(p), Some(by)) if s.weeks_left.is_some_and(|w| w > 0.0) => {
                format!(", which leads to {} by {by}", goal_value(kind, p))
            }
            _ => String::new(),
        };
        out.push(format!("{trend}{by}."));
    }
    match s.standing {
        Standing::Reached => out.push(format!(
            "You are there: {} against the goal's {}.",
            goal_value(kind, now),
            goal_value(kind, s.target)
        )),
        Standing::OnTrack => out.push("Keep going: the trend reaches it in time.".into()),
        Standing::OffTrack => {
            if let (Some(need), Some(w)) = (s.needed_per_week, s.weeks_left) {
                out.push(format!(
                    "The goal needs {} a week over the {:.0} weeks left.",
                    goal_change(kind, need),
                    w
                ));
            }
            if s.safe == Some(false) {
                out.push(format!(
                    "That is more than {:.0} % more a week: too steep to build safely; move the date or lower the target.",
                    g::SAFE_WEEKLY_RISE * 100.0
                ));
            }
        }
        Standing::NoDate => out.push(format!(
            "The gap: {} to go. Set a date (`rutscope goal set ... --by DATE`) to see whether you are on track.",
            goal_value(kind, (s.target - now).abs())
        )),
        Standing::Passed => out.push("The date has passed: set a new one.".into()),
        Standing::NoData => {}
    }
    out
}

/// The section's heading.
pub const DATA_HEADING: &str = "Data";

/// What the store holds.
pub fn data_line(d: &crate::analysis::overview::DataQuality) -> String {
    let files: Vec<String> = d
        .files
        .iter()
        .map(|(k, n)| format!("{n} {}", outcome(*k)))
        .collect();
    format!(
        "Files: {}. Activities counted: {} ({} without heart rate, {} without GPS; {} duplicates kept aside).",
        if files.is_empty() {
            "none".into()
        } else {
            files.join(", ")
        },
        d.activities,
        d.without_hr,
        d.without_gps,
        d.duplicates
    )
}

/// What the analyses left out as implausible, a line each (none when nothing was).
pub fn exclusions(d: &crate::analysis::overview::DataQuality) -> Vec<String> {
    let mut out = Vec::new();
    if d.summary_only > 0 {
        out.push(format!(
            "{} {SUMMARY_ONLY_MEANING}.",
            plural(d.summary_only, "activity", "activities")
        ));
    }
    if d.untimed > 0 {
        out.push(format!(
            "{} without a usable clock (a relative clock, or a date before 2000 or after the import): left out of every analysis by date; rutscope show gives the reason.",
            plural(d.untimed, "activity", "activities")
        ));
    }
    let e = &d.discarded_efforts;
    if e.total() > 0 {
        out.push(format!(
            "Best efforts left out: {} over a GPS jump, {} beyond the world record or VDOT 85, {} of runs whose distance disagrees with the device's, {} {}, {} {}; for example {}.",
            e.over_gps_jump,
            e.beyond_world_record,
            e.distance_disagrees,
            e.downhill,
            downhill_reason(),
            e.surge_without_heart,
            surge_reason(),
            d.discarded_examples.join(", ")
        ));
    }
    out
}

/// Why a distance covered down a hill has no best effort.
fn downhill_reason() -> String {
    format!(
        "covered only down a hill (dropping more than {:.0} m a km)",
        crate::analysis::metrics::EFFORT_MAX_DROP * 1000.0
    )
}

/// Why a distance's fastest stretch was not its best effort.
fn surge_reason() -> String {
    use crate::analysis::metrics::{
        SURGE_HR_PER_SPEED_BPM, SURGE_MAX_HR_RISE_BPM, SURGE_SPEED_RATIO,
    };
    format!(
        "with a fastest stretch the heart rate did not follow ({:.0} % or more faster than the same distance either side, the heart rate up less than {:.0} bpm a 10 %, {SURGE_MAX_HR_RISE_BPM:.0} at most: a GPS error, or ground the altitude does not show; the next fastest stretch counts)",
        (SURGE_SPEED_RATIO - 1.0) * 100.0,
        SURGE_HR_PER_SPEED_BPM / 10.0
    )
}

/// An activity's best efforts left out, by reason, the reasons that apply only (`rutscope
/// show`); `None` when none was.
pub fn efforts_left_out(e: &crate::analysis::metrics::DiscardedEfforts) -> Option<String> {
    let parts: Vec<String> = [
        (e.over_gps_jump, "over a GPS jump".to_string()),
        (
            e.beyond_world_record,
            "beyond the world record or VDOT 85".to_string(),
        ),
        (
            e.distance_disagrees,
            "the distance disagrees with the device's".to_string(),
        ),
        (e.downhill, downhill_reason()),
        (e.surge_without_heart, surge_reason()),
    ]
    .into_iter()
    .filter(|(n, _)| *n > 0)
    .map(|(n, why)| format!("{}: {why}", plural(n as usize, "distance", "distances")))
    .collect();
    (!parts.is_empty()).then(|| parts.join("; "))
}

/// A failed file.
pub fn failed_file(path: &str, reason: &str) -> String {
    format!("failed: {path}: {reason}")
}

/// The report's title.
pub const TITLE: &str = "rutscope report";

/// Under the title.
pub fn subtitle(runs: usize, first: Option<NaiveDate>, last: Option<NaiveDate>) -> String {
    match (first, last) {
        (Some(a), Some(b)) => format!("{} runs, {a} to {b}", runs),
        _ => "no timed activities".into(),
    }
}

/// The page's footer.
pub fn made_by() -> String {
    format!(
        "Made by rutscope {} from the files alone, offline.",
        env!("CARGO_PKG_VERSION")
    )
}

// ---------------------------------------------------------------------------------------
// Seasons and years.

/// "Jul–Aug", "Dec–Feb" or "Feb".
pub fn months(first: u32, last: u32) -> String {
    if first == last {
        month(first)
    } else {
        format!("{}–{}", month(first), month(last))
    }
}

/// An occurrence's season label: "2024", or "2024/25" across the new year.
fn season_label(o: &crate::analysis::seasons::Occurrence, first: u32, last: u32) -> String {
    use chrono::Datelike;
    let y = if o.from.month() < first && last < first {
        o.from.year() - 1
    } else {
        o.from.year()
    };
    if last < first {
        format!("{y}/{:02}", (y + 1) % 100)
    } else {
        y.to_string()
    }
}

/// Seconds per km slower of an occurrence (positive: slower).
fn slower_s_per_km(o: &crate::analysis::seasons::Occurrence) -> Option<f64> {
    o.aerobic_speed_m_s
        .zip(o.baseline_speed_m_s)
        .map(|(v, b)| 1000.0 / v - 1000.0 / b)
}

fn range(v: &[f64], unit: &str) -> String {
    let lo = v.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = v.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if (hi - lo).abs() < 0.5 {
        format!("{lo:.0}{unit}")
    } else {
        format!("{lo:.0}–{hi:.0}{unit}")
    }
}

/// How often a seasonal pattern came back: every year since its first, or `k` of the `n`
/// years with data since then (the rule needs 2 of 3; "every" would then be false).
struct Often {
    months: String,
    since: String,
    years: usize,
    of: usize,
}

impl Often {
    /// "every year since 2023" or "in 2 of the 3 years since 2023".
    fn years(&self) -> String {
        if self.years == self.of {
            format!("every year since {}", self.since)
        } else {
            format!(
                "in {} of the {} years since {}",
                self.years, self.of, self.since
            )
        }
    }
}

fn seasonal_parts(f: &Finding) -> Option<(Often, Vec<String>)> {
    let Evidence::SeasonalSlump {
        first_month,
        last_month,
        reference_hr_bpm,
        slower,
        less,
        occurrences,
        ..
    } = &f.evidence
    else {
        return None;
    };
    let follow: Vec<&crate::analysis::seasons::Occurrence> = occurrences
        .iter()
        .filter(|o| o.follows(*slower, *less))
        .collect();
    let since = follow
        .first()
        .map(|o| season_label(o, *first_month, *last_month))
        .unwrap_or_default();
    let of = follow.first().map_or(0, |first| {
        occurrences.iter().filter(|o| o.from >= first.from).count()
    });
    let mut parts = Vec::new();
    if *slower {
        let s: Vec<f64> = follow
            .iter()
            .filter(|o| o.slower)
            .filter_map(|o| slower_s_per_km(o))
            .collect();
        if !s.is_empty() {
            parts.push(format!(
                "{} slower at {reference_hr_bpm:.0} bpm",
                range(&s, " s/km")
            ));
        }
    }
    if *less {
        let stopped = follow.iter().filter(|o| o.stopped).count();
        let d: Vec<f64> = follow
            .iter()
            .filter(|o| o.less && o.distance_expected_m > 0.0)
            .map(|o| (1.0 - o.distance_m / o.distance_expected_m) * 100.0)
            .collect();
        if stopped == follow.len() {
            parts.push("no running".into());
        } else if !d.is_empty() {
            parts.push(format!("{} less distance", range(&d, " %")));
        }
    }
    let often = Often {
        months: months(*first_month, *last_month),
        since,
        years: follow.len(),
        of,
    };
    Some((often, parts))
}

fn seasonal_title(f: &Finding) -> String {
    let Some((o, parts)) = seasonal_parts(f) else {
        return String::new();
    };
    if o.years == o.of {
        format!("Every {} since {}: {}", o.months, o.since, parts.join(", "))
    } else {
        format!("{} in {}: {}", o.months, o.years(), parts.join(", "))
    }
}

fn seasonal_lines(f: &Finding) -> Vec<String> {
    let Evidence::SeasonalSlump {
        first_month,
        last_month,
        reference_hr_bpm,
        slower,
        less,
        occurrences,
        latest_follows,
        in_season_now,
        explained,
        ..
    } = &f.evidence
    else {
        return Vec::new();
    };
    let mut out: Vec<String> = occurrences
        .iter()
        .map(|o| {
            let pace_part = match (o.aerobic_speed_m_s, o.baseline_speed_m_s) {
                (Some(v), Some(b)) => format!(
                    "{} at {reference_hr_bpm:.0} bpm against {} over the year around it",
                    pace(v),
                    pace(b)
                ),
                _ => "too few runs at easy heart rate for a pace".into(),
            };
            format!(
                "{} ({} to {}{}): {pace_part}; {}, {} against {}, {} at the year's rate{}",
                season_label(o, *first_month, *last_month),
                o.from,
                o.to,
                if o.complete { "" } else { ", part of it" },
                plural(o.runs, "run", "runs"),
                km(o.distance_m),
                plural(o.runs_expected.round() as usize, "run", "runs"),
                km(o.distance_expected_m),
                if o.follows(*slower, *less) {
                    " — the pattern"
                } else {
                    " — not this time"
                }
            )
        })
        .collect();
    out.push(match (latest_follows, in_season_now) {
        (Some(true), true) => "this year follows the pattern so far".into(),
        (Some(true), false) => "the latest season followed the pattern".into(),
        (Some(false), true) => "this year does not follow the pattern so far".into(),
        (Some(false), false) => "the latest season did not follow the pattern".into(),
        (None, _) => "no season in the history yet".into(),
    });
    if !explained.is_empty() {
        let list: Vec<String> = explained
            .iter()
            .map(|e| format!("{} {} to {}", e.kind.as_str(), e.start, e.end))
            .collect();
        out.push(format!(
            "the season explains {}: {} (left out of the training-load findings)",
            plural(explained.len(), "load finding", "load findings"),
            list.join("; ")
        ));
    }
    out
}

/// The summary's line when the season of the last runs follows the runner's pattern;
/// `beyond`: findings from training remain among the reasons once the season's usual share
/// is taken out, so the season explains only part of it; `on_break`: the runner is not
/// running now, so the season was that of their last runs, not of today.
pub fn season_now(f: &Finding, beyond: bool, on_break: bool) -> String {
    let Some((o, parts)) = seasonal_parts(f) else {
        return String::new();
    };
    let tail = if beyond {
        "But the season is not all of it: the reasons below hold after your usual seasonal share is taken out."
    } else {
        "The season, not fatigue."
    };
    let lead = if on_break {
        "Your last runs were in your usual"
    } else {
        "You are in your usual"
    };
    format!(
        "{lead} {}: {} the same ({}). {tail}",
        o.months,
        o.years(),
        parts.join(", ")
    )
}

/// Subheading of the seasonal findings.
pub const SEASONAL_FINDINGS: &str = "Seasons that come back";

/// How the season's share was taken out of pace.
pub fn adjustment(a: &crate::analysis::seasons::Adjustment) -> String {
    use crate::analysis::seasons::Adjustment;
    match a {
        Adjustment::OwnSeasons { years } => format!(
            "The season's share of pace at easy heart rate is your own: each month against the year around it, over your other years ({years} years in all)."
        ),
        Adjustment::Temperature {
            runs,
            per_degree,
            median_c,
        } => format!(
            "The season's share of pace at easy heart rate is your own response to temperature: {:.1} % slower per degree above {median_c:.0} °C, from {runs} runs with a temperature.",
            -per_degree * 100.0
        ),
    }
}

/// The section's heading.
pub const YEARS_HEADING: &str = "Year over year";

/// Columns of the year table.
pub fn year_columns(ref_hr: f64) -> Vec<String> {
    vec![
        "year".into(),
        "runs".into(),
        "distance".into(),
        "time".into(),
        "races".into(),
        "best VDOT".into(),
        format!("pace at {ref_hr:.0} bpm"),
        "breaks".into(),
        "longest time off".into(),
    ]
}

/// A row of the year table.
pub fn year_row(y: &crate::analysis::years::Year) -> Vec<String> {
    vec![
        if y.complete {
            y.year.to_string()
        } else {
            format!(
                "{} ({} to {})",
                y.year,
                y.from.format("%m-%d"),
                y.to.format("%m-%d")
            )
        },
        y.runs.to_string(),
        km(y.distance_m),
        hours(y.moving_time_s),
        y.races.to_string(),
        or_dash(y.best_vdot, |v| format!("{v:.1}")),
        or_dash(y.aerobic_speed_m_s, pace),
        if y.breaks.is_empty() {
            "-".into()
        } else {
            y.breaks
                .iter()
                .map(|b| format!("{} days from {}", b.days, b.from))
                .collect::<Vec<_>>()
                .join(", ")
        },
        or_dash(y.longest_rest, |r| {
            format!("{} from {}", plural(r.days as usize, "day", "days"), r.from)
        }),
    ]
}

/// Above the cumulative table.
pub const CUMULATIVE_INTRO: &str = "Kilometres run since 1 January, by the end of each month:";

/// A cell of the cumulative table: whole kilometres (the unit is in the intro; thirteen
/// columns must fit a page).
pub fn km_whole(m: f64) -> String {
    format!("{:.0}", m / 1000.0)
}

/// Columns of the cumulative table: the year, then the months.
pub fn cumulative_columns() -> Vec<String> {
    std::iter::once("year".to_string())
        .chain((1..=12).map(month))
        .collect()
}

/// Cumulative chart caption: this year, the other years.
pub fn cumulative_caption(this_year: i32) -> [String; 3] {
    [
        "distance since 1 January".into(),
        this_year.to_string(),
        "other years".into(),
    ]
}

// ---------------------------------------------------------------------------------------
// Chart captions (HTML).

/// Fitness chart caption parts: race line, aerobic points, plateau bands.
pub fn fitness_caption(ref_hr: f64) -> [String; 4] {
    [
        "race fitness (10 km equivalent pace, best of 6 weeks)".into(),
        format!("pace at {ref_hr:.0} bpm, each run"),
        "plateaus".into(),
        "faster is higher".into(),
    ]
}

/// Weekly distance chart caption parts.
pub const VOLUME_CAPTION: [&str; 2] = ["weekly distance", "cut-back and break weeks"];
/// Load chart caption parts.
pub const LOAD_CAPTION: [&str; 3] = [
    "fitness (CTL, 42 days)",
    "fatigue (ATL, 7 days)",
    "form (TSB = CTL − ATL)",
];
/// Route chart caption: title, and the label of the other runs.
pub const ROUTE_CAPTION: [&str; 2] = ["runs per 4 weeks by route", "other or no GPS"];

// ---------------------------------------------------------------------------------------
// What the runner set (`rutscope set`; shown by `set`, `list` and `show`).

/// Said of a value the runner set, wherever it is shown.
pub const SET_BY_YOU: &str = "set by you";

/// `list`'s mark after a value the runner set (the table has no room for the words).
pub const SET_BY_YOU_MARK: &str = "*";

/// The legend under `list` when a mark is shown.
pub fn set_by_you_legend() -> String {
    format!("{SET_BY_YOU_MARK} {SET_BY_YOU} (rutscope set)")
}

/// `list`'s mark after an activity known only from an export's summary.
pub const SUMMARY_ONLY_MARK: &str = " (summary only)";

/// What a summary-only activity is, for a legend or the data section.
pub const SUMMARY_ONLY_MEANING: &str = "known only from an export's summary (no recording: \
    distance and time count in volume; no pace, heart-rate or route analysis)";

/// The legend under `list` when summary-only activities are shown.
pub fn summary_only_legend(n: usize) -> String {
    format!("{n} summary only: {SUMMARY_ONLY_MEANING}")
}

/// A race flag, after the label `race`: `yes` or `no`.
pub fn race_flag(race: bool) -> &'static str {
    if race { "yes" } else { "no" }
}

/// A value the runner set, with what the import said when it differs:
/// `hiking (set by you; imported as running)`, `yes (set by you; imported as no)`.
pub fn set_value(value: &str, imported: Option<&str>) -> String {
    match imported {
        Some(i) if i != value => format!("{value} ({SET_BY_YOU}; imported as {i})"),
        _ => format!("{value} ({SET_BY_YOU})"),
    }
}

/// A correction the runner removed, with the imported value that applies again:
/// `running (imported; your correction was cleared)`.
pub fn cleared_value(imported: &str) -> String {
    format!("{imported} (imported; your correction was cleared)")
}

/// `set`'s line for an activity: `0a1b2c3d4e5f6071  2024-05-01 07:02  Morning Run`.
pub fn set_heading(id: &str, start: &str, name: Option<&str>) -> String {
    format!("{id}  {start}  {}", name.unwrap_or("(no name)"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One point, one run and a span under a week read as such ("1 points over 0 weeks"
    /// and "the one run since <its own date>" were read in corpus/files' report).
    #[test]
    fn a_signal_status_counts_in_the_singular_and_spans_under_a_week() {
        let st = |points, weeks| status(Signal::Race, &Status::TooShort { points, weeks });
        assert_eq!(
            st(1, 0.1),
            format!(
                "too short to judge: 1 point over under a week (needs {} points over {} weeks)",
                plateau::MIN_POINTS,
                plateau::MIN_HISTORY_WEEKS
            )
        );
        assert!(st(3, 1.2).starts_with("too short to judge: 3 points over 1 week ("));
        assert_eq!(
            status(
                Signal::Aerobic,
                &Status::Judged {
                    points: 34,
                    weeks: 33.4
                }
            ),
            "judged on 34 points over 33 weeks"
        );
    }

    #[test]
    fn an_activity_says_which_efforts_it_left_out_and_why() {
        use crate::analysis::metrics::DiscardedEfforts;
        assert_eq!(efforts_left_out(&DiscardedEfforts::default()), None);
        // Quitino's run down the hill of 2025-01-27: its 5 km.
        let down = DiscardedEfforts {
            downhill: 1,
            ..DiscardedEfforts::default()
        };
        assert_eq!(
            efforts_left_out(&down).as_deref(),
            Some("1 distance: covered only down a hill (dropping more than 1 m a km)")
        );
        // Quitino's progression run of 2022-11-09: its 1 km and mile.
        let surges = DiscardedEfforts {
            surge_without_heart: 2,
            ..DiscardedEfforts::default()
        };
        assert_eq!(
            efforts_left_out(&surges).as_deref(),
            Some(
                "2 distances: with a fastest stretch the heart rate did not follow (10 % or more faster than the same distance either side, the heart rate up less than 4 bpm a 10 %, 8 at most: a GPS error, or ground the altitude does not show; the next fastest stretch counts)"
            )
        );
        let both = DiscardedEfforts {
            over_gps_jump: 2,
            downhill: 1,
            ..DiscardedEfforts::default()
        };
        assert_eq!(
            efforts_left_out(&both).as_deref(),
            Some(
                "2 distances: over a GPS jump; 1 distance: covered only down a hill (dropping more than 1 m a km)"
            )
        );
    }

    #[test]
    fn a_phase_says_its_change_and_where_it_ended() {
        use crate::analysis::plateau::{Direction, Phase};
        let day = |d: u32| chrono::NaiveDate::from_ymd_opt(2024, 1, d).unwrap();
        // 520qianjiawen's race fitness, 2024-01 to 2026-08: a rise whose best of the last
        // six weeks fell below its median after a summer dip.
        let mut p = Phase {
            start: day(21),
            end: day(28),
            weeks: 133.0,
            line_weeks: 133.0,
            direction: Direction::Improving,
            points: 134,
            level: 51.1,
            spread: 2.5,
            slope_per_week: 4.4 / 133.0,
            slope_lo: 0.02,
            slope_hi: 0.05,
            last_value: 50.1,
            end_level: 50.1,
            low: 46.6,
            high: 54.1,
        };
        assert_eq!(
            phase_level(Signal::Race, &p, 150.0),
            "10 km equivalent 42:07 → 39:08 (VDOT 48.9 → 53.3); at its end 10 km equivalent 41:15 (VDOT 50.1)"
        );
        // Above its median at the end, the change ends there, with nothing more to say.
        p.last_value = 53.9;
        assert_eq!(
            phase_level(Signal::Race, &p, 150.0),
            "10 km equivalent 42:07 → 38:45 (VDOT 48.9 → 53.9)"
        );
    }

    #[test]
    fn a_rise_back_to_where_it_was_is_said_so() {
        use crate::analysis::plateau::{Direction, Phase};
        use crate::analysis::summary::{Regaining, Summary, Verdict};
        let day = |y: i32, m: u32, d: u32| chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap();
        // wuyueSea, 2025-05-07: easy pace rising since October, its runs of the last six
        // weeks still slower than those of the six weeks to 2024-10-11.
        let speed = |s_per_km: f64| 1000.0 / s_per_km;
        let phase = Phase {
            start: day(2024, 10, 13),
            end: day(2025, 5, 7),
            weeks: 29.4,
            line_weeks: 29.4,
            direction: Direction::Improving,
            points: 88,
            level: 3.03,
            spread: 0.14,
            slope_per_week: 0.005,
            slope_lo: 0.001,
            slope_hi: 0.009,
            last_value: 3.1,
            end_level: speed(324.0),
            low: 2.5,
            high: 3.5,
        };
        let mut back = Regaining {
            signal: Signal::Aerobic,
            phase,
            from: speed(338.0),
            to: speed(323.0),
            now: speed(324.0),
            held: speed(319.0),
            held_on: day(2024, 10, 11),
        };
        let mut s = Summary::new(Verdict::NoPlateau, None, Vec::new(), Vec::new(), Vec::new());
        s.regaining = vec![back.clone()];
        assert_eq!(
            headline(&s, 155.0),
            "No plateau found, but no progress past your earlier level either. Your pace at easy heart rate has been coming back since 2024-10-13 (5:38/km → 5:23/km at 155 bpm (+4.6 %)), not yet back to where it was: 5:24/km at 155 bpm over the last 6 weeks, 5:19/km at 155 bpm over the 6 weeks to 2024-10-11."
        );
        // Level with it, within what the signal resolves: back, and no further.
        back.now = speed(320.0);
        s.regaining = vec![back];
        let h = headline(&s, 155.0);
        assert!(
            h.contains("(+4.6 %)), back to where it was, no further: 5:20/km"),
            "{h}"
        );
    }

    #[test]
    fn a_plateau_at_the_level_a_signal_fell_to_is_said_once() {
        use crate::analysis::plateau::{Direction, Phase, Plateau};
        use crate::analysis::summary::{Declining, Summary, Verdict};
        let day = |m: u32, d: u32| chrono::NaiveDate::from_ymd_opt(2024, m, d).unwrap();
        // The demo's runner: best efforts at VDOT 43.4 until a tempo on 6 June, none as good
        // after it (no hard session since the rut began), flat at 40.0 since.
        let phase = Phase {
            start: day(6, 7),
            end: day(12, 29),
            weeks: 29.3,
            line_weeks: 29.3,
            direction: Direction::Flat,
            points: 30,
            level: 40.0,
            spread: 0.1,
            slope_per_week: 0.0,
            slope_lo: -0.01,
            slope_hi: 0.01,
            last_value: 40.0,
            end_level: 40.0,
            low: 39.8,
            high: 40.2,
        };
        let plateau = Plateau {
            signal: Signal::Race,
            start: phase.start,
            end: phase.end,
            weeks: phase.weeks,
            ongoing: true,
            level: 40.0,
            spread: 0.1,
            gain_before: None,
            reasons: Vec::new(),
            turn: None,
            flat_from: None,
        };
        let fell = Declining {
            signal: Signal::Race,
            phase,
            from: 43.4,
            to: 40.0,
        };
        let mut s = Summary::new(
            Verdict::Rut,
            Some(plateau),
            vec![fell],
            Vec::new(),
            Vec::new(),
        );
        assert_eq!(
            headline(&s, 150.0),
            "Yes: your race fitness has been lower since 2024-06-07 (10 km equivalent 46:39 → 50:01 (VDOT 43.4 → 40.0)) and has not improved since (29 weeks)."
        );
        // A plateau of another signal leads, and the fall is said after it.
        let other = s.plateau.as_mut().unwrap();
        other.signal = Signal::Distance;
        other.level = 7600.0;
        let h = headline(&s, 150.0);
        assert!(h.starts_with("Yes: your long-run distance has not improved since 2024-06-07 (29 weeks), at long runs of 7.6 km"), "{h}");
        assert!(h.ends_with(" Your race fitness has been lower since 2024-06-07 (10 km equivalent 46:39 → 50:01 (VDOT 43.4 → 40.0))."), "{h}");
        // What rose meanwhile is said after the rut (asplitline, 2025-12-03).
        let mut rising = s.declining.remove(0);
        rising.phase.direction = Direction::Improving;
        s.gaining = vec![crate::analysis::summary::Gaining {
            signal: Signal::Race,
            phase: rising.phase,
            from: 36.0,
            to: 40.7,
        }];
        let h = headline(&s, 150.0);
        assert!(
            h.starts_with("Yes: your long-run distance has not improved since"),
            "{h}"
        );
        assert!(
            h.ends_with(" Meanwhile your race fitness has improved since 2024-06-07: 10 km equivalent 54:42 → 49:17 (VDOT 36.0 → 40.7)."),
            "{h}"
        );
    }

    #[test]
    fn a_flat_stretch_beside_progress_elsewhere_says_where_it_began() {
        use crate::analysis::plateau::{FlatFrom, Plateau};
        let day = |m: u32, d: u32| chrono::NaiveDate::from_ymd_opt(2024, m, d).unwrap();
        // The simulator's step runner (seed 21): pace at easy heart rate flat from 2 April
        // while VDOT rose until 6 June; the plateau starts the day after.
        let p = Plateau {
            signal: Signal::Aerobic,
            start: day(6, 7),
            end: day(12, 29),
            weeks: 29.3,
            ongoing: true,
            level: 3.4,
            spread: 0.05,
            gain_before: None,
            reasons: Vec::new(),
            turn: None,
            flat_from: Some(FlatFrom {
                start: day(4, 2),
                signal: Signal::Race,
                until: day(6, 6),
            }),
        };
        assert_eq!(
            plateau_since(&p),
            "2024-06-07 (29 weeks; flat from 2024-04-02, while your race fitness still improved until 2024-06-06)"
        );
        assert_eq!(
            plateau_before(&p, 150.0).as_deref(),
            Some(
                "Before it: flat from 2024-04-02, while your race fitness still improved until 2024-06-06."
            )
        );
        // Race fitness flat after its own progress while the long runs still grew: both
        // are said.
        let p = Plateau {
            signal: Signal::Race,
            level: 43.0,
            gain_before: Some(crate::analysis::plateau::Gain {
                from: 36.0,
                to: 42.5,
                weeks: 12.0,
                step_to: None,
            }),
            flat_from: Some(FlatFrom {
                start: day(4, 29),
                signal: Signal::Distance,
                until: day(6, 9),
            }),
            ..p
        };
        let before = plateau_before(&p, 150.0).unwrap_or_default();
        assert!(
            before.starts_with("Before it: ")
                && before.contains("VDOT 36.0 → 42.5")
                && before.ends_with("; flat from 2024-04-29, while your long-run distance still improved until 2024-06-09."),
            "{before}"
        );
    }

    #[test]
    fn units() {
        assert_eq!(pace(1000.0 / 312.0), "5:12/km");
        assert_eq!(pace(0.0), "-");
        assert_eq!(pace_s(f64::NAN), "-");
        assert_eq!(km(12_345.0), "12.3 km");
        assert_eq!(clock(2481.0), "41:21");
        assert_eq!(clock(3723.0), "1:02:03");
        assert_eq!(hours(3.5 * 3600.0), "3:30");
        assert_eq!(percent(0.625), "62 %");
    }

    #[test]
    fn other_sports_in_words() {
        let x = |class, count, distance_m| CrossTraining {
            class,
            count,
            moving_time_s: 3600.0,
            distance_m,
        };
        let week = [x(Class::Cycling, 2, 40_000.0), x(Class::Hiking, 1, 9_000.0)];
        assert_eq!(other_sports(&week), "2 rides, 1 hike");
        assert_eq!(other_sports(&[]), "");
        assert_eq!(class_count(Class::Strength, 3), "3 strength sessions");
        let line =
            cross_training_line(&[x(Class::Strength, 1, 0.0), x(Class::Swimming, 2, 3000.0)]);
        assert!(
            line.ends_with(": 1 strength session (1:00 h), 2 swims (1:00 h, 3.0 km)."),
            "{line}"
        );
        assert_eq!(week_columns(true).len(), WEEK_COLUMNS.len() + 1);
        let g = ClassGroup {
            class: Class::Walking,
            rule: Some(Rule::WalkingSpeed),
            set: false,
            count: 5,
            examples: vec!["a1".into(), "b2".into()],
        };
        assert_eq!(
            class_group(&g),
            "5 walks, inferred (the file names no sport): walking speed, slower than 8:20/km — e.g. a1, b2"
        );
    }

    #[test]
    fn levels_and_names() {
        assert_eq!(
            level(Signal::Aerobic, 1000.0 / 330.0, 0.0, 151.0),
            "5:30/km at 151 bpm"
        );
        assert_eq!(
            level(Signal::Distance, 12_000.0, 0.0, 151.0),
            "long runs of 12.0 km"
        );
        assert!(level(Signal::Race, 50.0, 0.0, 151.0).starts_with("10 km equivalent 41:"));
        assert_eq!(
            route_name(None, 5800.0, Shape::Laps, "A"),
            "5.8 km laps from start A"
        );
        assert_eq!(route_name(Some("Park"), 5800.0, Shape::Laps, "A"), "Park");
    }
}
