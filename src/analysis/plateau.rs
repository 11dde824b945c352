//! Pace plateaus: each fitness signal over the history is cut into phases (improving, flat,
//! declining) and a flat phase after progress — or a long flat stretch — is a plateau,
//! reported with its start, length, level, the gain before it and the likely reasons the
//! other analyses support.
//!
//! # Signals
//! - **aerobic**: each run's aerobic speed (GAP speed at the aerobic reference heart rate,
//!   [`super::metrics`]), one point per run: the signal that moves with fitness whatever
//!   the runner does, and the "easy pace at easy heart rate" of runners without hard
//!   efforts. Needs heart rate; without it the signal says so.
//! - **race**: race fitness as VDOT (Daniels–Gilbert, [`super::formulas::vdot`]) of the
//!   best efforts inside every run (1 mile to marathon, sliding windows), as the best of the
//!   [`RACE_WINDOW_DAYS`] days before each week's end; shown as the equivalent 10 km time.
//! - **distance**: the comfortable distance, the [`LONG_RUN_QUANTILE`] quantile of run
//!   distances in the [`DISTANCE_WINDOW_DAYS`] days before each week's end.
//!
//! # Phases
//! Binary segmentation of the points into straight lines ([`super::trend::segment`]) with a
//! Schwarz penalty `3·σ²·ln n` (σ from [`super::trend::noise_sd`]) and phases of at least
//! [`MIN_PHASE_WEEKS`] weeks; each phase's Theil–Sen slope and 95 % interval
//! ([`super::trend::theil_sen`]) classify it: improving or declining when the interval
//! excludes zero and the slope is at least [`MIN_SLOPE_PER_WEEK`] of the level per week,
//! else flat.
//!
//! Where the aerobic signal goes from improving to flat, the turn is placed by the shape
//! the data favour (`turn_shape`): the segmentation's two separate lines, a rise stepping
//! onto a level, or a rise joined to its flat part (a hinge), the lowest Schwarz criterion
//! winning, and both phases are refitted from its knot. Separate lines alone place a
//! gradual turn weeks from where the rise stopped; a change of training that moves the
//! level at once keeps them or the step. The rolling signals keep the segmentation's split.
//!
//! A **plateau** is a flat phase of at least [`PLATEAU_MIN_WEEKS`] weeks (plus the window
//! of the race and distance signals, whose rolling values hold for that long) right after an
//! improving one, whose slope lies below [`SLOWDOWN`] of the progress rate before it at 95 %
//! confidence, one-sided (the upper end of its 90 % interval, [`Z90`]: the claim is that
//! progress slowed, and a flat-looking stretch of noise inside steady progress has a bound
//! that reaches it), or a flat phase of at least [`LONG_FLAT_WEEKS`] weeks
//! whose whole slope interval lies within twice [`MIN_SLOPE_PER_WEEK`] of the level (shown
//! flat, not merely not shown to improve).
//!
//! A plateau after progress also says the span its turn may lie in ([`Turn`]): every first
//! day of the flat phase at which the turn's shape fits about as well as where it was found
//! ([`TURN_SPREAD`]). In noisy points a gradual turn has no exact day, and the span says so.
//! A plateau moved past another signal's progress ([`FlatFrom`]) says none: that progress
//! dates it.

use chrono::{Duration, NaiveDate};
use serde::Serialize;

use super::breaks::{BREAK_WEEKS, Era};
use super::findings::{Finding, Kind, Run, is_ongoing};
use super::trend::{
    Levelling, TheilSen, Z90, Z95, levelling_costs, line_sse, median, noise_sd, segment,
    split_costs, theil_sen, theil_sen_z,
};

/// The gain another signal's improving phase needs for a long flat stretch of pace at easy
/// heart rate beside it to be a runner building, not a plateau, and for its progress to
/// move the start of another signal's plateau past it ([`FlatFrom`], `progress_elsewhere`):
/// a step's worth, as [`super::summary::STEP_DOWN`] and a plateau's step in [`Gain`].
pub const ELSEWHERE_MIN_GAIN: f64 = 0.05;
/// Shortest phase, weeks.
pub const MIN_PHASE_WEEKS: f64 = 6.0;
/// Shortest plateau after progress, weeks.
pub const PLATEAU_MIN_WEEKS: f64 = 8.0;
/// Shortest flat stretch that is a plateau without progress before it, weeks.
pub const LONG_FLAT_WEEKS: f64 = 16.0;
/// A slope smaller than this share of the level per week is flat whatever its interval
/// (0.05 %/week, 2.6 % a year: about a minute a year on a 45-minute 10 km).
pub const MIN_SLOPE_PER_WEEK: f64 = 0.0005;
/// After progress, a flat phase is a plateau when its slope's one-sided 95 % upper bound
/// (the upper end of its 90 % interval) lies below this share of the progress rate before
/// it: progress at least halved, at 95 % confidence. The test is one-sided, as its claim
/// is; the two-sided interval's upper end, used until stop 44, tested at 97.5 % and kept
/// plateaus out whose flat 15 weeks were bounded by 0.21 %/week after progress of 0.39 (the
/// independent generator's seed 77). A
/// race plateau over which pace at easy heart rate rose at no less than this share of its
/// rate before is progress that went on (`aerobic_progress_over_race`).
pub const SLOWDOWN: f64 = 0.5;
/// A rolling signal's phase opening this share below the last value of the phase before it
/// fell (`date_falls`, by the runs): a step's worth, as [`super::summary::STEP_DOWN`]. A
/// race plateau that opened with such a fall stands whatever the easy pace does
/// (`aerobic_progress_over_race`), and an improving phase opening so far below the last
/// one's end starts a new stretch of improvement (`progress_elsewhere`).
pub const FALL: f64 = 0.05;
/// Schwarz penalty multiplier (a split adds a breakpoint, a slope and an intercept).
pub const PENALTY_PARAMS: f64 = 3.0;
/// A plateau's turn may lie wherever splitting the two phases (or placing the knot of the
/// shape the turn was fitted with, `turn_shape`) costs at most this many noise variances
/// (σ² of the segmentation penalty) more than the best split or knot: a
/// likelihood-ratio span for the change point, its cut taken from the data rather than a
/// χ² table (the statistic of a change point's position follows none). Of the verdict
/// plateaus with a span on the detector sweep's 80 plateau histories (docs/robustness.md,
/// stop 36), the span held the planted change in 30 of 32 and came within 14 days of it in
/// all 32, with median widths of 16 (step) and 19 weeks (hinge); on the independent
/// generator's 20, in 6 and 7 of 7, 15 weeks wide. In the calibration (38 verdict plateaus
/// after progress, spans of a week counted) cuts of 4, 6 and 8 gave median widths of 11, 13
/// and 17 weeks holding the change in 61 %, 71 % and 84 %. With 2–2.5 % noise on a
/// per-run signal and a change of slope of 0.3 %/week, the turn is not known better than
/// that (the same docs, "What holds plateau onset back"). With the turn's shape chosen by
/// evidence (stop 39), the generator's verdict plateaus with a span held the change in 10
/// of 11 (seeds 1–20) and 15 of 15 (21–40), with median widths of 12 and 14 weeks.
pub const TURN_SPREAD: f64 = 8.0;
/// A turn the data place within this many days is said by its start alone (the rolling
/// signals' points are a week apart).
pub const TURN_PINNED_DAYS: i64 = 7;
/// Window of the race signal's rolling best, days.
pub const RACE_WINDOW_DAYS: i64 = 42;
/// Window of the distance signal, days.
pub const DISTANCE_WINDOW_DAYS: i64 = 28;
/// Days without a run that make a short gap in running, below a break ([`BREAK_WEEKS`]):
/// the long-run distance leaves out the weeks it and its return fill its window
/// (`without_returns`). Two weeks: Daniels asks no reduction after up to 5 days off and a
/// graduated return after 6 to 28, and a week without running is a holiday the runner's
/// long runs and best efforts of the weeks around it still tell.
pub const SHORT_GAP_DAYS: i64 = 14;
/// Weeks of running without a short gap before one for it to be a gap in regular running
/// (`without_returns`). A runner whose running stops for two weeks or more every month or
/// two runs that way, and the long runs between are their level (Quitino from 2022: 26
/// such gaps in 4 years, most within 8 weeks of the one before). The simulator keeps 8
/// weeks between its gaps, as here.
pub const REGULAR_WEEKS: i64 = 8;
/// Longest return after a short gap, days (Daniels' 28).
pub const RETURN_MAX_DAYS: i64 = 28;
/// Quantile of run distances that is the comfortable long distance.
pub const LONG_RUN_QUANTILE: f64 = 0.9;
/// Resolution of the signals as a share of their level: the noise floor of the
/// segmentation penalty (a rolling best is a staircase whose differences are mostly zero,
/// so the differenced noise estimate alone would let every step split a phase).
pub const RESOLUTION: f64 = 0.01;
/// Seconds in heart-rate zones 4–5 that make a run a hard session (tempo, intervals, race).
pub const HARD_ZONE_S: f64 = 10.0 * 60.0;
/// Points a signal needs before it is judged.
pub const MIN_POINTS: usize = 12;
/// Weeks of history a signal needs before it is judged.
pub const MIN_HISTORY_WEEKS: f64 = 16.0;

/// A signal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Signal {
    /// Speed at a fixed heart rate.
    Aerobic,
    /// Rolling best VDOT.
    Race,
    /// Long-run distance.
    Distance,
}

impl Signal {
    /// Its name.
    pub fn as_str(self) -> &'static str {
        match self {
            Signal::Aerobic => "aerobic",
            Signal::Race => "race",
            Signal::Distance => "distance",
        }
    }
}

/// What a phase does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// Getting better.
    Improving,
    /// Neither.
    Flat,
    /// Getting worse.
    Declining,
}

/// How far a rolling phase's last point must lie from its line's end to be said beside it
/// ([`Phase::end_behind`]): the 5 % of a step (`summary::STEP_DOWN`).
pub const END_APART: f64 = 0.05;

/// One phase of a signal.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Phase {
    /// First day.
    pub start: NaiveDate,
    /// Last day.
    pub end: NaiveDate,
    /// Weeks.
    pub weeks: f64,
    /// Weeks its points span: its Theil–Sen line's span, which a fall's dating by the runs
    /// (`date_falls`) leaves as fitted.
    #[serde(skip)]
    pub line_weeks: f64,
    /// Direction.
    pub direction: Direction,
    /// Points in it.
    pub points: usize,
    /// Median value (signal units: m/s, VDOT, metres).
    pub level: f64,
    /// Spread of the values (robust SD).
    pub spread: f64,
    /// Theil–Sen slope per week, and its 95 % interval.
    pub slope_per_week: f64,
    /// Lower end of the interval.
    pub slope_lo: f64,
    /// Upper end.
    pub slope_hi: f64,
    /// The value of its last point: for the rolling signals (race, distance) what the
    /// runner ran lately — the best of the window before that day — where the Theil–Sen
    /// line through a staircase of rolling bests ends below any of them.
    pub last_value: f64,
    /// Where it ended, measured alike in every phase: the median of the aerobic points of
    /// its last [`MIN_PHASE_WEEKS`] weeks (the runs of the 42 days to its end); a rolling
    /// signal's last point (already the best, or the long runs, of its window). A line's
    /// end overshoots a rise that levelled off (wuyueSea's easy pace: the line of February
    /// to June 2024 ends at 5:14/km, its runs of the six weeks to 2024-06-07 at 5:22/km),
    /// and [`super::summary::Regaining`] compares one phase's end with another's.
    pub end_level: f64,
    /// The lowest of its points.
    pub low: f64,
    /// The highest of its points.
    pub high: f64,
}

impl Phase {
    /// Whether the signal showed it for at least [`MIN_PHASE_WEEKS`]: a stretch the runner
    /// held, not a passing value. A rolling signal's phase counts its weekly points: one
    /// ended by a fall is dated by its runs (`date_falls`), but the signal held its
    /// level a window longer, and that is what the level is (a best effort of 6 weeks).
    pub fn is_stretch(&self, signal: Signal) -> bool {
        match signal {
            Signal::Aerobic => self.weeks >= MIN_PHASE_WEEKS,
            Signal::Race | Signal::Distance => self.points as f64 > MIN_PHASE_WEEKS,
        }
    }

    /// Its Theil–Sen line (through its median level, with its weekly slope) at its start
    /// and end, each kept within the values its points took: a short steep phase's line
    /// reaches beyond them (Quitino's long runs coming back after a break, 5 weeks rising
    /// from 2.2 to 10.5 km, had a line from −0.3 km).
    pub fn line_ends(&self) -> (f64, f64) {
        let half = self.slope_per_week * self.line_weeks / 2.0;
        let within = |v: f64| v.max(self.low).min(self.high);
        (within(self.level - half), within(self.level + half))
    }

    /// What it changed from and to, as the report says it (the headline of a decline and
    /// the phase tables alike): from its line's start to its line's end for the aerobic
    /// signal (a point a run, noisy), to its last point for the rolling signals: what the
    /// runner ran lately (the line through a staircase of rolling bests ends below any
    /// effort: wuyueSea's headline said VDOT 36.6 "now" where its best effort of the last
    /// six weeks, the goal's "now", was 39.2). The start stays the line's: a phase's first
    /// rolling best can be the tail of the phase before it. A last point on the wrong side
    /// of the median gives way to the line's end: a rolling best that fell at the edge of
    /// a gap in running does not make an improving phase read as a fall (Quitino's
    /// "improving, VDOT 33.1 → 29.1").
    pub fn change(&self, signal: Signal) -> (f64, f64) {
        let (from, line_end) = self.line_ends();
        match signal {
            Signal::Race | Signal::Distance if self.onward() => (from, self.last_value),
            _ => (from, line_end),
        }
    }

    /// Whether it is improving and, for a rolling signal, its last point still lies above
    /// its median: a rise over two years whose rolling best has since fallen below the
    /// middle of the rise is no longer "still improving" (520qianjiawen, 2024-01 to
    /// 2026-08: a median of VDOT 51.1, 54 in April 2026, 50.1 in August).
    pub fn improving_now(&self, signal: Signal) -> bool {
        self.direction == Direction::Improving && (signal == Signal::Aerobic || self.onward())
    }

    /// A rolling signal's last point when it lies behind the phase's median, against its
    /// direction: the change ([`Phase::change`]) then ends at the line, and this says
    /// where the phase really ended (520qianjiawen: improving from 2024 to August 2026,
    /// VDOT 48.9 → 53.3, at its end 50.1 after a summer dip shorter than a phase).
    /// Only a last point more than [`END_APART`] from the line's end is said (a long-run
    /// rise to 10.7 km ending at 10.5 km is the same place).
    pub fn end_behind(&self, signal: Signal) -> Option<f64> {
        let trending = self.direction != Direction::Flat;
        let line_end = self.line_ends().1;
        let apart = (self.last_value - line_end).abs() > END_APART * line_end.abs();
        (trending && signal != Signal::Aerobic && !self.onward() && apart)
            .then_some(self.last_value)
    }

    /// Whether its last point lies beyond its median in its direction.
    fn onward(&self) -> bool {
        match self.direction {
            Direction::Improving => self.last_value > self.level,
            Direction::Declining => self.last_value < self.level,
            Direction::Flat => true,
        }
    }

    /// The level it held: the median of a flat phase, where an improving one's change
    /// ended, where a declining one's began ([`Phase::change`]: the figures its row in the
    /// report says).
    pub fn held_level(&self, signal: Signal) -> f64 {
        let (from, to) = self.change(signal);
        match self.direction {
            Direction::Flat => self.level,
            Direction::Improving => to,
            Direction::Declining => from,
        }
    }
}

/// The progress before a plateau: the improving phase before it, its change as its own row
/// says it ([`Phase::change`]).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Gain {
    /// Where the improving phase started (signal units).
    pub from: f64,
    /// ... and where it ended.
    pub to: f64,
    /// Weeks of the improving phase.
    pub weeks: f64,
    /// The plateau's level when it sits more than 5 % away from where the progress ended
    /// (a step after the progress).
    pub step_to: Option<f64>,
}

/// A likely reason for a plateau, from the runs and the other analyses' findings in it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "reason", rename_all = "kebab-case")]
pub enum Reason {
    /// Hardly any hard session (fewer than 5 % of the runs), with heart rate on most runs.
    NoHardSessions {
        /// Hard sessions in the plateau.
        hard: usize,
        /// Runs in it.
        runs: usize,
        /// Hard sessions in the same span before it.
        hard_before: usize,
        /// Runs in that span.
        runs_before: usize,
    },
    /// Most runs the same distance (70 % within 10 % of the median).
    SameDistance {
        /// Runs within 10 % of the median.
        same: usize,
        /// Runs with a distance.
        runs: usize,
        /// The median distance, metres.
        median_m: f64,
    },
    /// Findings of one kind overlapping the plateau.
    Findings {
        /// Their kind.
        kind: Kind,
        /// How many.
        count: usize,
        /// The first of them.
        first: Box<Finding>,
        /// The last one's last day.
        last_end: NaiveDate,
    },
}

/// Whether a signal could be judged.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Status {
    /// No points at all (no heart rate in the aerobic band, no best effort, no distance).
    NoPoints,
    /// Fewer than [`MIN_POINTS`] points or [`MIN_HISTORY_WEEKS`] weeks.
    TooShort {
        /// Points.
        points: usize,
        /// Weeks from the first point to the last.
        weeks: f64,
    },
    /// Judged.
    Judged {
        /// Points.
        points: usize,
        /// Weeks from the first point to the last.
        weeks: f64,
    },
}

/// A plateau.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Plateau {
    /// Signal.
    pub signal: Signal,
    /// First day.
    pub start: NaiveDate,
    /// Last day.
    pub end: NaiveDate,
    /// Weeks.
    pub weeks: f64,
    /// Whether it reaches the last day analysed.
    pub ongoing: bool,
    /// Its level: the flat phase's median (signal units: m/s, VDOT, metres).
    pub level: f64,
    /// The spread of the values around it (robust SD).
    pub spread: f64,
    /// The progress of the improving phase before it (none for a long flat stretch).
    pub gain_before: Option<Gain>,
    /// Likely reasons the other analyses support.
    pub reasons: Vec<Reason>,
    /// Where the data place the turn from progress to flat, when they allow more than a
    /// week ([`TURN_SPREAD`], [`TURN_PINNED_DAYS`]); none for a long flat stretch (no
    /// progress before it to turn from) or a plateau moved past another signal's
    /// progress (`flat_from`).
    pub turn: Option<Turn<NaiveDate>>,
    /// A long flat stretch that began while race fitness or the long runs (or, for the
    /// long runs' own, pace at easy heart rate) still improved, or a plateau of race
    /// fitness or easy pace after its own progress that began while the long runs still
    /// grew, starts the day after that progress ended, when enough of it is left to be a
    /// plateau after progress: where it began and the progress it began beside (its `turn`
    /// then none: the progress elsewhere dates it).
    pub flat_from: Option<FlatFrom>,
}

/// Where a flat stretch (a long one, or a plateau after its own progress) began, when
/// another signal's progress went on into it: the runner was not stuck while that progress
/// lasted.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct FlatFrom {
    /// The first day of the flat stretch.
    pub start: NaiveDate,
    /// The signal that still improved.
    pub signal: Signal,
    /// The last day of its improvement.
    pub until: NaiveDate,
}

/// The span a plateau's turn may lie in: every first day of the flat phase whose fit is
/// about as good as the one found ([`TURN_SPREAD`]), from the earliest to the latest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Turn<T> {
    /// The earliest first day.
    pub earliest: T,
    /// The latest.
    pub latest: T,
}

impl<T: Copy> Turn<T> {
    fn map<U>(self, f: impl Fn(T) -> U) -> Turn<U> {
        Turn {
            earliest: f(self.earliest),
            latest: f(self.latest),
        }
    }
}

/// The shape of a turn from progress to a flat phase.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// Two separate lines, as the segmentation cuts every phase: five parameters (two
    /// lines and the split).
    Separate,
    /// A rise that stops: joined to its flat part (a hinge) or stepping onto it.
    Levels(Levelling),
}

impl Shape {
    /// Parameters fitted, the split or knot included.
    fn params(self) -> f64 {
        match self {
            Shape::Separate => 5.0,
            Shape::Levels(Levelling::Stepped) => 4.0,
            Shape::Levels(Levelling::Joined) => 3.0,
        }
    }

    /// The cost of each split or knot in `span` (`(k, residual sum of squares)`).
    fn costs(
        self,
        x: &[f64],
        y: &[f64],
        span: std::ops::Range<usize>,
        min_len: usize,
    ) -> Vec<(usize, f64)> {
        match self {
            Shape::Separate => split_costs(x, y, span.start, span.end, min_len),
            Shape::Levels(how) => levelling_costs(x, y, span.start, span.end, min_len, how),
        }
    }

    /// The shape's Schwarz criterion over `span` and where it turns: cost + parameters ·
    /// `per_param`, at the split `at` for separate lines, at the cheapest knot for a rise
    /// that stops. `None` when the span is too short for it.
    fn criterion(
        self,
        x: &[f64],
        y: &[f64],
        span: std::ops::Range<usize>,
        at: usize,
        min_len: usize,
        per_param: f64,
    ) -> Option<(usize, f64)> {
        let mut costs = self.costs(x, y, span, min_len).into_iter();
        let (k, cost) = match self {
            Shape::Separate => costs.find(|c| c.0 == at),
            Shape::Levels(_) => costs.min_by(|a, b| a.1.total_cmp(&b.1)),
        }?;
        Some((k, cost + self.params() * per_param))
    }
}

/// A rise that levelled off inside the aerobic signal's last improving line: the last
/// phase, or the last two when both improve, refitted as one rise joined to a flat part (a
/// hinge) when that has the lower Schwarz criterion than the segmentation's line(s) (one
/// line, two parameters; two, five), the flat part holds [`MIN_POINTS`] points over
/// [`PLATEAU_MIN_WEEKS`] weeks (a plateau from it is judged on no fewer: five winter runs
/// are no turn) and its slope's one-sided bound is below [`SLOWDOWN`] times the rise's.
/// Returns the first phase of the rise and the knot.
/// The segmentation splits by the cost of two separate lines, which a gradual turn beats
/// only by its curvature: the independent generator's runners whose fitness rose and then
/// stayed flat read one improving line across the change, or a second, slower one from
/// weeks before it, and "still improving". Only the last rise is asked, where the question
/// "still improving?" is asked of it; a turn in the middle of a history is the
/// segmentation's.
fn levelled_in_last_rise(
    x: &[f64],
    y: &[f64],
    ranges: &[std::ops::Range<usize>],
    phases: &[Phase],
    min_len: usize,
    sd: f64,
) -> Option<(usize, usize)> {
    let last = phases.len().checked_sub(1)?;
    if phases[last].direction != Direction::Improving {
        return None;
    }
    let from = if last > 0 && phases[last - 1].direction == Direction::Improving {
        last - 1
    } else {
        last
    };
    let span = ranges[from].start..ranges[last].end;
    let per_param = sd * sd * (span.len() as f64).ln();
    let kept = if from < last {
        let at = ranges[last].start;
        Shape::Separate
            .criterion(x, y, span.clone(), at, min_len, per_param)?
            .1
    } else {
        line_sse(x, y, span.start, span.end) + 2.0 * per_param
    };
    let (k, hinge) = Shape::Levels(Levelling::Joined).criterion(
        x,
        y,
        span.clone(),
        span.start,
        min_len,
        per_param,
    )?;
    // The flat part must hold what a plateau from it is judged on: its points, its weeks,
    // and progress that truly slowed ([`slowed`], as `analyze_signal` asks of a plateau after
    // progress). A rise whose last weeks are merely not shown to go on keeps its line: it is
    // the runner's progress, and ending it would end "still improving" on noise.
    let enough = span.end - k >= MIN_POINTS && x[span.end - 1] - x[k] >= PLATEAU_MIN_WEEKS * 7.0;
    let rise = || theil_sen(&x[span.start..k], &y[span.start..k]);
    (enough
        && hinge < kept
        && rise().and_then(|r| slowed(x, y, k..span.end, r.slope * 7.0)) == Some(true))
    .then_some((from, k))
}

/// Whether progress of `rise_per_week` truly slowed in the points `flat`: their slope's
/// one-sided 95 % upper bound (the upper end of its 90 % interval, [`Z90`]) below
/// [`SLOWDOWN`] times it. `None` when the points fit no line.
fn slowed(x: &[f64], y: &[f64], flat: std::ops::Range<usize>, rise_per_week: f64) -> Option<bool> {
    theil_sen_z(&x[flat.clone()], &y[flat], Z90).map(|t| t.hi * 7.0 < SLOWDOWN * rise_per_week)
}

/// How a rise in `span` turned flat, the segmentation having split it at `at`: the shape
/// of the three ([`Shape`]) with the lowest Schwarz criterion, cost + parameters·`sd`²·ln m
/// over the span's m points (the criterion the segmentation splits by), and where it
/// places the turn (its cheapest knot; `at` for separate lines). A gradual turn (the
/// independent generator's hinge, and what real plateaus look like) is fitted better by a
/// hinge than by two lines, which place it weeks from where the rise stopped; a change of
/// training that moves the level at once keeps its separate lines or a step.
fn turn_shape(
    x: &[f64],
    y: &[f64],
    span: std::ops::Range<usize>,
    at: usize,
    min_len: usize,
    sd: f64,
) -> (Shape, usize) {
    let per_param = sd * sd * (span.len() as f64).ln();
    [
        Shape::Levels(Levelling::Joined),
        Shape::Levels(Levelling::Stepped),
        Shape::Separate,
    ]
    .into_iter()
    .filter_map(|shape| {
        let (k, c) = shape.criterion(x, y, span.clone(), at, min_len, per_param)?;
        Some((shape, k, c))
    })
    .min_by(|a, b| a.2.total_cmp(&b.2))
    .map_or((Shape::Separate, at), |(shape, k, _)| (shape, k))
}

/// The span of indices where a turn of `shape` from the line before to the flat part
/// after may lie in `span` (found at `at`, both sides at least `min_len` points): every
/// split or knot whose fit costs at most [`TURN_SPREAD`]`·sd²` more than the best of
/// `span` ([`Shape::costs`]), and `at` itself.
fn turn(
    x: &[f64],
    y: &[f64],
    span: std::ops::Range<usize>,
    at: usize,
    min_len: usize,
    sd: f64,
    shape: Shape,
) -> Turn<usize> {
    let costs = shape.costs(x, y, span, min_len);
    let best = costs.iter().map(|c| c.1).fold(f64::INFINITY, f64::min);
    let near = costs
        .iter()
        .filter(|c| c.1 - best <= TURN_SPREAD * sd * sd)
        .map(|c| c.0);
    Turn {
        earliest: near.clone().chain([at]).min().unwrap_or(at),
        latest: near.chain([at]).max().unwrap_or(at),
    }
}

/// One signal's analysis.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SignalReport {
    /// Signal.
    pub signal: Signal,
    /// Whether there was enough to judge, and if not why.
    pub status: Status,
    /// Points used.
    pub points: usize,
    /// Phases in order.
    pub phases: Vec<Phase>,
    /// Plateaus.
    pub plateaus: Vec<Plateau>,
    /// The signal's level in each era with points (none without a break).
    pub era_levels: Vec<EraLevel>,
}

/// Robust SD of values around their median (MAD / 0.6745).
fn robust_sd(v: &[f64]) -> f64 {
    if v.len() < 2 {
        return 0.0;
    }
    let med = median(&mut v.to_vec()).unwrap_or(0.0);
    let mut dev: Vec<f64> = v.iter().map(|x| (x - med).abs()).collect();
    median(&mut dev).unwrap_or(0.0) / 0.6745
}

fn quantile(mut v: Vec<f64>, q: f64) -> f64 {
    v.sort_by(f64::total_cmp);
    super::trend::quantile_sorted(&v, q)
}

/// The 10 km time (seconds) of a VDOT ([`super::formulas::race_time`]).
pub fn ten_km_time(v: f64) -> Option<f64> {
    super::formulas::race_time(10_000.0, v)
}

/// A run's value in a signal: its aerobic speed, its VDOT, or its distance (when it has
/// one).
fn run_value(signal: Signal, run: &Run) -> Option<f64> {
    match signal {
        Signal::Aerobic => run.aerobic_speed_m_s,
        Signal::Race => run.vdot,
        Signal::Distance => Some(run.distance_m).filter(|d| *d > 0.0),
    }
}

/// The points of a signal: (date, value).
pub fn signal_points(signal: Signal, runs: &[Run], last: NaiveDate) -> Vec<(NaiveDate, f64)> {
    match signal {
        Signal::Aerobic => runs
            .iter()
            .filter_map(|r| run_value(signal, r).map(|v| (r.date, v)))
            .collect(),
        Signal::Race | Signal::Distance => {
            let Some(first) = runs.first().map(|r| r.date) else {
                return Vec::new();
            };
            let window = if signal == Signal::Race {
                RACE_WINDOW_DAYS
            } else {
                DISTANCE_WINDOW_DAYS
            };
            let mut out = Vec::new();
            // Week ends (Sundays, and the last day) from one window after the start.
            let mut t = first + Duration::days(window - 1);
            while t <= last {
                let from = t - Duration::days(window - 1);
                let these = runs.iter().filter(|r| r.date >= from && r.date <= t);
                let values = these.filter_map(|r| run_value(signal, r));
                let v = if signal == Signal::Race {
                    values.reduce(f64::max)
                } else {
                    let d: Vec<f64> = values.collect();
                    (!d.is_empty()).then(|| quantile(d, LONG_RUN_QUANTILE))
                };
                if let Some(v) = v {
                    out.push((t, v));
                }
                t += Duration::days(7);
            }
            out
        }
    }
}

/// The long-run distance's points without the weeks a short gap in regular running fills
/// their window: a gap of [`SHORT_GAP_DAYS`] days or more (less than a break, which starts an
/// era) after [`REGULAR_WEEKS`] weeks without one, and the return after it, as long as the
/// gap and at most [`RETURN_MAX_DAYS`] (Daniels' return after 6 to 28 days off: half the
/// load for the first half of the return, three quarters for the second, over as many days
/// as were missed). A window that holds them measures the comeback, not the runner: the long
/// runs the return leaves out. The dip and the climb back cut a long-run plateau at the gap
/// and read as progress after it (the sweep's runners with gaps, stop 45: a plateau from the
/// change read "still improving").
///
/// The other signals keep their points. The race signal is a best: one effort in its window
/// holds it, and the efforts after the return are what the runner regained (leaving its
/// windows out as well dropped most of its points after a gap, and healthy runners' slow
/// progress with them). The aerobic signal's points are runs, each judged at its heart rate.
fn without_returns(points: Vec<(NaiveDate, f64)>, runs: &[Run]) -> Vec<(NaiveDate, f64)> {
    // (first day off, last day of the return) of each short gap after regular running: the
    // runs of the `REGULAR_WEEKS` before it had no short gap.
    let (Some(first), Some(last_run)) = (runs.first(), runs.last()) else {
        return points;
    };
    let (first, last_run) = (first.date, last_run.date);
    let mut returns: Vec<(NaiveDate, NaiveDate)> = Vec::new();
    let mut regular_since = first;
    for w in runs.windows(2) {
        let off = (w[1].date - w[0].date).num_days() - 1;
        if off < SHORT_GAP_DAYS {
            continue;
        }
        let gap = w[0].date + Duration::days(1);
        let back = w[1].date + Duration::days(off.min(RETURN_MAX_DAYS)) - Duration::days(1);
        // The runner must have come through the return: running a window past it.
        let through = last_run - back >= Duration::days(DISTANCE_WINDOW_DAYS);
        if off < BREAK_WEEKS * 7 && gap - regular_since >= Duration::weeks(REGULAR_WEEKS) && through
        {
            returns.push((gap, back));
        }
        regular_since = w[1].date;
    }
    points
        .into_iter()
        .filter(|(t, _)| {
            let from = *t - Duration::days(DISTANCE_WINDOW_DAYS - 1);
            !returns
                .iter()
                .any(|(off, back)| *t >= *off && from <= *back)
        })
        .collect()
}

/// Cuts one signal into phases and finds its plateaus.
pub fn analyze_signal(
    signal: Signal,
    points: &[(NaiveDate, f64)],
    last: NaiveDate,
) -> SignalReport {
    let empty = |status: Status| SignalReport {
        signal,
        status,
        points: points.len(),
        phases: Vec::new(),
        plateaus: Vec::new(),
        era_levels: Vec::new(),
    };
    let (Some(first), Some(end)) = (points.first(), points.last()) else {
        return empty(Status::NoPoints);
    };
    let span_weeks = (end.0 - first.0).num_days() as f64 / 7.0;
    if points.len() < MIN_POINTS || span_weeks < MIN_HISTORY_WEEKS {
        return empty(Status::TooShort {
            points: points.len(),
            weeks: span_weeks,
        });
    }
    let x: Vec<f64> = points
        .iter()
        .map(|(d, _)| (*d - first.0).num_days() as f64)
        .collect();
    let y: Vec<f64> = points.iter().map(|p| p.1).collect();
    let n = y.len();
    let mut sd = noise_sd(&y).max(RESOLUTION * median(&mut y.clone()).unwrap_or(0.0).abs());
    if signal != Signal::Aerobic {
        // Rolling windows overlap (each weekly point shares most of its window with the
        // next), so differences understate the noise: use the spread around the overall
        // Theil–Sen line instead, which a real change of phase must beat.
        if let Some(t) = theil_sen(&x, &y) {
            let resid: Vec<f64> = x
                .iter()
                .zip(&y)
                .map(|(x, y)| y - t.intercept - t.slope * x)
                .collect();
            sd = sd.max(robust_sd(&resid));
        }
    }
    let min_len = ((n as f64) * MIN_PHASE_WEEKS * 7.0 / (x[n - 1] - x[0]).max(1.0)).ceil() as usize;
    let min_len = min_len.max(3);
    let mut ranges = segment(&x, &y, min_len, PENALTY_PARAMS * sd * sd * (n as f64).ln());
    let phase_of = |r: &std::ops::Range<usize>| {
        let r = r.clone();
        let (xs, ys) = (&x[r.clone()], &y[r.clone()]);
        let level = median(&mut ys.to_vec()).unwrap_or(f64::NAN);
        let spread = robust_sd(ys);
        let ts: Option<TheilSen> = theil_sen(xs, ys);
        let (slope, lo, hi) = ts
            .map(|t| (t.slope * 7.0, t.lo * 7.0, t.hi * 7.0))
            .unwrap_or((0.0, 0.0, 0.0));
        let direction = ts.map_or(Direction::Flat, |t| direction_of(&t, level));
        let (s, e) = (points[r.start].0, points[r.end - 1].0);
        let weeks = (e - s).num_days() as f64 / 7.0;
        Phase {
            start: s,
            end: e,
            weeks,
            line_weeks: weeks,
            direction,
            points: r.len(),
            level,
            spread,
            slope_per_week: slope,
            slope_lo: lo,
            slope_hi: hi,
            last_value: ys[ys.len() - 1],
            end_level: if signal != Signal::Aerobic {
                // A rolling point is already the window's best or long runs.
                ys[ys.len() - 1]
            } else {
                let from = xs[xs.len() - 1] - MIN_PHASE_WEEKS * 7.0;
                let mut tail: Vec<f64> = (xs.iter().zip(ys))
                    .filter(|(x, _)| **x > from)
                    .map(|(_, y)| *y)
                    .collect();
                median(&mut tail).unwrap_or(level)
            },
            low: ys.iter().copied().fold(f64::INFINITY, f64::min),
            high: ys.iter().copied().fold(f64::NEG_INFINITY, f64::max),
        }
    };
    let mut phases: Vec<Phase> = ranges.iter().map(phase_of).collect();
    // How each rise that went flat turned (see the module docs): the aerobic signal's turn
    // moves to where the shape the data favour places it.
    let mut shapes = vec![Shape::Separate; phases.len()];
    for i in 1..phases.len() {
        if signal != Signal::Aerobic
            || phases[i - 1].direction != Direction::Improving
            || phases[i].direction != Direction::Flat
        {
            continue;
        }
        let span = ranges[i - 1].start..ranges[i].end;
        let (shape, k) = turn_shape(&x, &y, span, ranges[i].start, min_len, sd);
        shapes[i] = shape;
        if k != ranges[i].start {
            ranges[i - 1].end = k;
            ranges[i].start = k;
            phases[i - 1] = phase_of(&ranges[i - 1]);
            phases[i] = phase_of(&ranges[i]);
        }
    }
    if signal == Signal::Aerobic
        && let Some((from, k)) = levelled_in_last_rise(&x, &y, &ranges, &phases, min_len, sd)
    {
        let span = ranges[from].start..ranges[ranges.len() - 1].end;
        ranges.truncate(from);
        ranges.extend([span.start..k, k..span.end]);
        phases.truncate(from);
        phases.extend([phase_of(&ranges[from]), phase_of(&ranges[from + 1])]);
        shapes.truncate(from);
        shapes.extend([Shape::Separate, Shape::Levels(Levelling::Joined)]);
    }
    let mut plateaus = Vec::new();
    for (i, p) in phases.iter().enumerate() {
        let before = i.checked_sub(1).map(|k| &phases[k]);
        // Race fitness that fell more than `FALL` below the end of the phase before it
        // (improving, flat, or a rolling best's stair-steps) and held there: flat, or
        // slipping by less than `FALL` over the phase, as the best of moderate runs drifts
        // within the window. The hard sessions stopped: a rut at the level it fell to.
        let fell_and_held = signal == Signal::Race
            && before.is_some_and(|b| fell(b, p))
            && (p.direction == Direction::Flat
                || (p.direction == Direction::Declining
                    && -p.slope_per_week * p.weeks < FALL * p.level.abs()));
        if p.direction != Direction::Flat && !fell_and_held {
            continue;
        }
        // Progress must have truly slowed (see the module docs): the slope's one-sided
        // upper bound.
        let after_progress = before.is_some_and(|b| {
            b.direction == Direction::Improving
                && slowed(&x, &y, ranges[i].clone(), b.slope_per_week)
                    .unwrap_or(p.slope_hi < SLOWDOWN * b.slope_per_week)
        });
        // A long stretch without progress before it must be shown flat, not merely not shown
        // to improve: its whole slope interval within ±2 × MIN_SLOPE_PER_WEEK of the level.
        let proven_flat =
            p.slope_lo.abs().max(p.slope_hi.abs()) <= 2.0 * MIN_SLOPE_PER_WEEK * p.level.abs();
        // A rolling-window signal holds one value for up to its window: it must stay flat a
        // window longer to show the same.
        let long_enough = p.weeks >= PLATEAU_MIN_WEEKS + window_weeks(signal);
        if ((after_progress || fell_and_held) && long_enough)
            || (p.weeks >= LONG_FLAT_WEEKS && proven_flat)
        {
            let before = before.filter(|_| after_progress);
            // Where the progress ended: its Theil–Sen line at its last point.
            let ended = before.map(|b| {
                let (xs, ys) = days_from(points, b.start, b.end);
                match theil_sen(&xs, &ys) {
                    Some(t) => t.intercept + t.slope * xs.last().copied().unwrap_or(0.0),
                    None => p.level,
                }
            });
            // A flat phase well off where the progress ended stepped to its level.
            let step_to = ended
                .filter(|to| (p.level - to).abs() > 0.05 * to.abs())
                .map(|_| p.level);
            // One that stepped down from there is a decline held, not a plateau (the
            // summary reads it as a decline, see `summary::Declining::step`), except race
            // fitness: best efforts that fell when the hard sessions stopped and held there
            // are a rut at the level they fell to, as after a flat stretch.
            if let (Some(l), Some(to)) = (step_to, ended)
                && l < to
                && signal != Signal::Race
            {
                continue;
            }
            // The gain is said as the improving phase's own row says its change
            // (`Phase::change`): the report's two lines about it agree.
            let gain_before = before.map(|b| {
                let (from, to) = b.change(signal);
                Gain {
                    from,
                    to,
                    weeks: b.weeks,
                    step_to,
                }
            });
            let turn = after_progress.then(|| {
                turn(
                    &x,
                    &y,
                    ranges[i - 1].start..ranges[i].end,
                    ranges[i].start,
                    min_len,
                    sd,
                    shapes[i],
                )
                .map(|k| points[k].0)
            });
            plateaus.push(Plateau {
                turn: turn.filter(|t| t.latest - t.earliest > Duration::days(TURN_PINNED_DAYS)),
                signal,
                start: p.start,
                end: p.end,
                weeks: p.weeks,
                ongoing: is_ongoing(p.end, last),
                level: p.level,
                spread: p.spread,
                gain_before,
                reasons: Vec::new(),
                flat_from: None,
            });
        }
    }
    SignalReport {
        signal,
        status: Status::Judged {
            points: n,
            weeks: span_weeks,
        },
        points: n,
        phases,
        plateaus,
        era_levels: Vec::new(),
    }
}

/// Likely reasons for a plateau from the runs and load findings in its window.
pub fn reasons(p: &Plateau, runs: &[Run], findings: &[Finding]) -> Vec<Reason> {
    let inside: Vec<&Run> = runs
        .iter()
        .filter(|r| r.date >= p.start && r.date <= p.end)
        .collect();
    let before: Vec<&Run> = runs
        .iter()
        .filter(|r| {
            r.date < p.start && r.date >= p.start - Duration::days(p.weeks.round() as i64 * 7)
        })
        .collect();
    let hard = |v: &[&Run]| {
        v.iter()
            .filter(|r| r.hard_s >= HARD_ZONE_S || r.race.is_some())
            .count()
    };
    let mut out = Vec::new();
    let (h_in, h_before) = (hard(&inside), hard(&before));
    let with_hr = inside.iter().filter(|r| r.load_from_hr).count();
    if with_hr * 2 >= inside.len()
        && !inside.is_empty()
        && (h_in as f64) < 0.05 * inside.len() as f64
    {
        out.push(Reason::NoHardSessions {
            hard: h_in,
            runs: inside.len(),
            hard_before: h_before,
            runs_before: before.len(),
        });
    }
    let dist: Vec<f64> = inside
        .iter()
        .map(|r| r.distance_m)
        .filter(|d| *d > 0.0)
        .collect();
    if dist.len() >= 6 {
        let m = median(&mut dist.clone()).unwrap_or(0.0);
        let same = dist.iter().filter(|d| (*d / m - 1.0).abs() <= 0.1).count();
        if same as f64 >= 0.7 * dist.len() as f64 {
            out.push(Reason::SameDistance {
                same,
                runs: dist.len(),
                median_m: m,
            });
        }
    }
    // Load findings overlapping the plateau, one line per kind.
    let mut kinds: Vec<super::findings::Kind> = Vec::new();
    for f in findings
        .iter()
        .filter(|f| f.end >= p.start && f.start <= p.end && f.kind.can_explain_a_rut())
    {
        if !kinds.contains(&f.kind) {
            kinds.push(f.kind);
        }
    }
    for k in kinds {
        let these: Vec<&Finding> = findings
            .iter()
            .filter(|f| f.kind == k && f.end >= p.start && f.start <= p.end)
            .collect();
        out.push(Reason::Findings {
            kind: k,
            count: these.len(),
            first: Box::new(these[0].clone()),
            last_end: these[these.len() - 1].end,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ten_km_times_invert_vdot() {
        use crate::analysis::formulas::vdot;
        // Daniels: VDOT 50 runs 10 km in 41:21.
        let t = ten_km_time(50.0).unwrap();
        assert!((t - 2481.0).abs() < 10.0, "{t}");
        assert!((vdot(10_000.0, t).unwrap() - 50.0).abs() < 1e-6);
    }

    #[test]
    fn a_phase_changes_within_its_points_and_toward_its_direction() {
        // Quitino's long runs back after a break: 5 weeks from 2.2 to 10.5 km, a median of
        // 6.3 km and a slope whose line starts below zero.
        let mut p = Phase {
            start: days(0),
            end: days(35),
            weeks: 5.0,
            line_weeks: 5.0,
            direction: Direction::Improving,
            points: 6,
            level: 6_300.0,
            spread: 2_000.0,
            slope_per_week: 2_900.0,
            slope_lo: 1_000.0,
            slope_hi: 4_000.0,
            last_value: 10_500.0,
            end_level: 10_500.0,
            low: 2_200.0,
            high: 10_500.0,
        };
        assert_eq!(p.line_ends(), (2_200.0, 10_500.0));
        // A rolling signal's change ends at its last point...
        assert_eq!(p.change(Signal::Distance), (2_200.0, 10_500.0));
        assert_eq!(p.end_behind(Signal::Distance), None);
        // ... unless that point lies behind the median: an improving phase whose last
        // rolling best fell at the edge of a gap ends at its line's end.
        (p.last_value, p.low) = (2_100.0, 2_100.0);
        assert_eq!(p.change(Signal::Distance), (2_100.0, 10_500.0));
        // ... and the report says where it ended.
        assert_eq!(p.end_behind(Signal::Distance), Some(2_100.0));
        assert_eq!(p.end_behind(Signal::Aerobic), None);
        p.low = 2_200.0;
        // The aerobic signal (a point a run) keeps its line.
        p.last_value = 9_000.0;
        assert_eq!(p.change(Signal::Aerobic), (2_200.0, 10_500.0));
        assert_eq!(p.change(Signal::Race), (2_200.0, 9_000.0));
    }

    fn days(n: i64) -> NaiveDate {
        NaiveDate::from_ymd_opt(2024, 1, 1).unwrap() + Duration::days(n)
    }

    /// A signal with one phase over `from..=to` days, in `direction`, and, for a flat one,
    /// the plateau it makes (after progress when `after_progress`).
    fn signal(
        s: Signal,
        from: i64,
        to: i64,
        direction: Direction,
        after_progress: bool,
    ) -> SignalReport {
        signal_gaining(s, from, to, direction, after_progress, 0.3)
    }

    /// [`signal`] whose phase's line gains `gain` (signal units) from start to end when it
    /// improves, around a level of 3.3.
    fn signal_gaining(
        s: Signal,
        from: i64,
        to: i64,
        direction: Direction,
        after_progress: bool,
        gain: f64,
    ) -> SignalReport {
        let weeks = (to - from) as f64 / 7.0;
        let slope = if direction == Direction::Improving {
            gain / weeks
        } else {
            0.0
        };
        let phase = Phase {
            start: days(from),
            end: days(to),
            weeks,
            line_weeks: weeks,
            direction,
            points: 50,
            level: 3.3,
            spread: 0.05,
            slope_per_week: slope,
            slope_lo: slope - 0.003,
            slope_hi: slope + 0.003,
            last_value: 3.3 + gain / 2.0,
            end_level: 3.3 + gain / 2.0,
            low: 3.0,
            high: 3.6,
        };
        let plateaus = (direction == Direction::Flat)
            .then(|| Plateau {
                signal: s,
                start: phase.start,
                end: phase.end,
                weeks: phase.weeks,
                ongoing: false,
                level: phase.level,
                spread: phase.spread,
                gain_before: after_progress.then_some(Gain {
                    from: 3.0,
                    to: 3.3,
                    weeks: 20.0,
                    step_to: None,
                }),
                reasons: Vec::new(),
                turn: None,
                flat_from: None,
            })
            .into_iter()
            .collect();
        SignalReport {
            signal: s,
            status: Status::Judged {
                points: 50,
                weeks: phase.weeks,
            },
            points: 50,
            phases: vec![phase],
            plateaus,
            era_levels: Vec::new(),
        }
    }

    #[test]
    fn a_flat_easy_pace_while_the_runner_progresses_elsewhere_is_no_plateau() {
        use Direction::{Flat, Improving};
        let era = |from: i64, to: i64| Era {
            start: days(from),
            end: days(to),
        };
        let kept_in = |mut out: Vec<SignalReport>, eras: &[Era]| {
            progress_elsewhere(&mut out, &[], &[], eras);
            out.iter()
                .flat_map(|r| r.plateaus.iter().map(|p| p.signal))
                .collect::<Vec<_>>()
        };
        let kept = |out: Vec<SignalReport>| kept_in(out, &[era(0, 400)]);
        // Pace at easy heart rate flat for 22 weeks from the history's start while race
        // fitness improves through 20 of them: a runner building, no plateau.
        let aerobic = || signal(Signal::Aerobic, 0, 154, Flat, false);
        assert!(
            kept(vec![
                aerobic(),
                signal(Signal::Race, 14, 154, Improving, false)
            ])
            .is_empty()
        );
        // So too while the long runs grow.
        assert!(
            kept(vec![
                aerobic(),
                signal(Signal::Distance, 0, 120, Improving, false)
            ])
            .is_empty()
        );
        // Progress over less than half of it does not count, nor a rise of 3 % (0.1 at
        // 3.3: a rolling best creeping up).
        assert_eq!(
            kept(vec![
                aerobic(),
                signal_gaining(Signal::Race, 0, 154, Improving, false, 0.1)
            ]),
            [Signal::Aerobic]
        );
        assert_eq!(
            kept(vec![
                aerobic(),
                signal(Signal::Race, 100, 154, Improving, false)
            ]),
            [Signal::Aerobic]
        );
        // A flat stretch after the easy pace's own progress is progress that stopped.
        assert_eq!(
            kept(vec![
                signal(Signal::Aerobic, 0, 154, Flat, true),
                signal(Signal::Race, 0, 154, Improving, false)
            ]),
            [Signal::Aerobic]
        );
        // Two improving phases in a row are one stretch of improvement: race fitness rising
        // over days 112–238 (3.15 → 3.45) and on from there over 245–350 (3.45 → 3.75)
        // covers 154 of the 266 days of a flat easy pace, though neither phase alone covers
        // half. After a fall, with a flat phase between, or in two eras, they are two.
        let race_in_two = |second_level: f64, between: bool| {
            let mut r = signal(Signal::Race, 112, 238, Improving, false);
            if between {
                r.phases[0].end = days(189);
                r.phases
                    .extend(signal(Signal::Race, 196, 238, Flat, false).phases);
            }
            let mut second = signal(Signal::Race, 245, 350, Improving, false);
            second.phases[0].level = second_level;
            second.phases[0].low = second_level - 0.3;
            second.phases[0].high = second_level + 0.3;
            r.phases.extend(second.phases);
            r
        };
        let long_flat = || signal(Signal::Aerobic, 0, 266, Flat, false);
        assert!(kept(vec![long_flat(), race_in_two(3.6, false)]).is_empty());
        for (race, eras) in [
            (race_in_two(3.3, false), vec![era(0, 400)]),
            (race_in_two(3.6, true), vec![era(0, 400)]),
            (race_in_two(3.6, false), vec![era(0, 238), era(245, 400)]),
        ] {
            assert_eq!(kept_in(vec![long_flat(), race], &eras), [Signal::Aerobic]);
        }
        // Race fitness flat while easy pace improves stays a plateau here (no fast running
        // shows no race fitness), unless the easy runs' own points rise over it
        // (`aerobic_progress_over_race`); long runs stopping to grow while the easy runs'
        // points still rise over them do not.
        let three = || {
            vec![
                signal(Signal::Aerobic, 0, 154, Improving, false),
                signal(Signal::Race, 0, 154, Flat, false),
                signal(Signal::Distance, 0, 154, Flat, false),
            ]
        };
        let easy = |pct_per_week: f64| -> Vec<(NaiveDate, f64)> {
            (0..66)
                .map(|i| {
                    let d = i * 7 / 3;
                    let wobble = 0.02 * ((i * 7919) % 101 - 50) as f64 / 50.0;
                    let gain = pct_per_week * d as f64 / 7.0 / 100.0;
                    (days(d), 3.3 * (1.0 + gain) * (1.0 + wobble))
                })
                .collect()
        };
        let kept_beside = |pts: &[(NaiveDate, f64)]| {
            let mut out = three();
            progress_elsewhere(&mut out, pts, &[], &[era(0, 400)]);
            out.iter()
                .flat_map(|r| r.plateaus.iter().map(|p| p.signal))
                .collect::<Vec<_>>()
        };
        assert_eq!(kept_beside(&easy(0.3)), [Signal::Race]);
        // An improving phase whose points are flat over the long runs' plateau (one line
        // over a rise and a flat half year) does not: the long runs' plateau stays.
        assert_eq!(kept_beside(&easy(0.0)), [Signal::Race, Signal::Distance]);
        assert_eq!(kept(three()), [Signal::Race, Signal::Distance]);
        // So too beside improving race fitness: the long runs' plateau goes when the race
        // signal's weekly bests rise over it, and stays when they are flat over it (as one
        // improving phase may be over a rise and a flat half year).
        let weekly_bests = |pct_per_week: f64| -> Vec<(NaiveDate, f64)> {
            (0..23)
                .map(|w| {
                    let wobble = 0.015 * ((w * 7919) % 101 - 50) as f64 / 50.0;
                    let gain = pct_per_week * w as f64 / 100.0;
                    (days(w * 7), 43.0 * (1.0 + gain) * (1.0 + wobble))
                })
                .collect()
        };
        let beside_race = |race: &[(NaiveDate, f64)], aerobic: &[(NaiveDate, f64)]| {
            let mut out = vec![
                signal(Signal::Race, 0, 154, Improving, false),
                signal(Signal::Distance, 0, 154, Flat, true),
            ];
            progress_elsewhere(&mut out, aerobic, race, &[era(0, 400)]);
            out.iter()
                .flat_map(|r| r.plateaus.iter().map(|p| p.signal))
                .collect::<Vec<_>>()
        };
        assert!(beside_race(&weekly_bests(0.3), &[]).is_empty());
        assert_eq!(beside_race(&weekly_bests(0.0), &[]), [Signal::Distance]);
        // Where the easy runs tell their pace, it must rise over the plateau too: weekly
        // bests creeping up while the easy pace is flat leave the long runs' plateau.
        assert!(beside_race(&weekly_bests(0.3), &easy(0.3)).is_empty());
        assert_eq!(
            beside_race(&weekly_bests(0.3), &easy(0.0)),
            [Signal::Distance]
        );
    }

    #[test]
    fn a_long_flat_stretch_starts_where_progress_elsewhere_ended() {
        use Direction::{Flat, Improving};
        let eras = [Era {
            start: days(0),
            end: days(400),
        }];
        let after = |mut out: Vec<SignalReport>| {
            progress_elsewhere(&mut out, &[], &[], &eras);
            out.into_iter()
                .flat_map(|r| r.plateaus)
                .map(|p| (p.signal, p.start, p.weeks, p.flat_from, p.turn))
                .collect::<Vec<_>>()
        };
        // Pace at easy heart rate flat from day 0 (a build's fatigue) while race fitness
        // rose until day 100 (less than half of it): flat from day 101.
        assert_eq!(
            after(vec![
                signal(Signal::Aerobic, 0, 280, Flat, false),
                signal(Signal::Race, 0, 100, Improving, false)
            ]),
            [(
                Signal::Aerobic,
                days(101),
                179.0 / 7.0,
                Some(FlatFrom {
                    start: days(0),
                    signal: Signal::Race,
                    until: days(100)
                }),
                None
            )]
        );
        // So for race fitness beside long runs that grew until day 120.
        let race = after(vec![
            signal(Signal::Race, 0, 280, Flat, false),
            signal(Signal::Distance, 0, 120, Improving, false),
        ]);
        assert_eq!(
            (race[0].1, race[0].3.map(|f| f.until)),
            (days(121), Some(days(120)))
        );
        // Too little left after the progress to be a plateau of a 6-week best (79 days,
        // under 8 + 6 weeks): kept as it was.
        let r = after(vec![
            signal(Signal::Race, 0, 280, Flat, false),
            signal(Signal::Distance, 0, 200, Improving, false),
        ]);
        assert_eq!((r[0].1, r[0].3), (days(0), None));
        // Race fitness that fell into its flat stretch is dated by its runs, untouched.
        let mut fell = signal(Signal::Race, 60, 280, Flat, false);
        let mut high = signal(Signal::Race, 0, 53, Flat, false).phases[0].clone();
        high.last_value = 3.6;
        fell.phases.insert(0, high);
        let f = after(vec![
            fell,
            signal(Signal::Distance, 0, 120, Improving, false),
        ]);
        assert_eq!((f[0].1, f[0].3), (days(60), None));
        // Moved, each to the day after the progress it began beside, with no turn:
        // - progress followed from one signal to the next: race fitness until day 100, the
        //   long runs (from day 50) until day 150;
        // - race fitness flat after its own progress while the long runs still grew (its
        //   turn dropped: the long runs date it);
        // - the long runs flat from the start while pace at easy heart rate still improved;
        // - pace at easy heart rate flat after its own progress while the long runs grew.
        let mut own_race = signal(Signal::Race, 0, 280, Flat, true);
        own_race.plateaus[0].turn = Some(Turn {
            earliest: days(-20),
            latest: days(20),
        });
        for (out, start, by, until) in [
            (
                vec![
                    signal(Signal::Aerobic, 0, 280, Flat, false),
                    signal(Signal::Race, 0, 100, Improving, false),
                    signal(Signal::Distance, 50, 150, Improving, false),
                ],
                151,
                Signal::Distance,
                150,
            ),
            (
                vec![own_race, signal(Signal::Distance, 0, 60, Improving, false)],
                61,
                Signal::Distance,
                60,
            ),
            (
                vec![
                    signal(Signal::Distance, 0, 280, Flat, false),
                    signal(Signal::Aerobic, 0, 100, Improving, false),
                ],
                101,
                Signal::Aerobic,
                100,
            ),
            (
                vec![
                    signal(Signal::Aerobic, 0, 280, Flat, true),
                    signal(Signal::Distance, 0, 60, Improving, false),
                ],
                61,
                Signal::Distance,
                60,
            ),
        ] {
            let p = &after(out)[0];
            assert_eq!(
                (p.1, p.3.map(|f| (f.signal, f.until)), p.4),
                (days(start), Some((by, days(until))), None),
                "{p:?}"
            );
        }
        // Untouched: progress that began inside it; a race flat stretch beside the easy
        // pace's phases (read by their points); a plateau after its own progress beside
        // race fitness still improving (a rolling best creeps on), and the long runs'
        // plateau after their own progress beside the easy pace still improving.
        for out in [
            vec![
                signal(Signal::Aerobic, 0, 280, Flat, false),
                signal(Signal::Race, 20, 100, Improving, false),
            ],
            vec![
                signal(Signal::Race, 0, 280, Flat, false),
                signal(Signal::Aerobic, 0, 100, Improving, false),
            ],
            vec![
                signal(Signal::Aerobic, 0, 280, Flat, true),
                signal(Signal::Race, 0, 100, Improving, false),
            ],
            vec![
                signal(Signal::Distance, 0, 280, Flat, true),
                signal(Signal::Aerobic, 0, 100, Improving, false),
            ],
        ] {
            let p = &after(out)[0];
            assert_eq!((p.1, p.3), (days(0), None), "{p:?}");
        }
    }

    #[test]
    fn race_efforts_flat_while_easy_pace_keeps_improving_is_no_plateau() {
        use Direction::{Flat, Improving};
        // Race fitness rose for 20 weeks and then stayed flat for 20 (a plateau after
        // progress).
        let race = |flat_level: f64| {
            let mut r = signal(Signal::Race, 147, 280, Flat, true);
            let rise = signal(Signal::Race, 0, 140, Improving, false).phases[0].clone();
            r.phases[0].level = flat_level;
            r.plateaus[0].level = flat_level;
            r.phases.insert(0, rise);
            r
        };
        // Three easy runs a week, their readings off by up to ±2 %: rising `before` %/week
        // until the race signal turned (day 147), then `after` %/week.
        let easy = |before: f64, after: f64| -> Vec<(NaiveDate, f64)> {
            (0..120)
                .map(|i| {
                    let d = i * 7 / 3;
                    let w = d as f64 / 7.0;
                    let gain = before * w.min(21.0) + after * (w - 21.0).max(0.0);
                    let wobble = 0.02 * ((i * 7919) % 101 - 50) as f64 / 50.0;
                    (days(d), 3.3 * (1.0 + gain / 100.0) * (1.0 + wobble))
                })
                .collect()
        };
        let kept_since = |race: SignalReport, pts: &[(NaiveDate, f64)], since: i64| {
            let mut out = vec![race];
            let era = Era {
                start: days(since),
                end: days(280),
            };
            aerobic_progress_over_race(&mut out, pts, &[era]);
            out[0].plateaus.len()
        };
        let kept = |race: SignalReport, pts: &[(NaiveDate, f64)]| kept_since(race, pts, 0);
        // Easy pace improving as before: a coach reads a runner still improving, no
        // plateau.
        assert_eq!(kept(race(3.45), &easy(0.2, 0.2)), 0);
        assert_eq!(kept(race(3.45), &easy(0.2, 0.15)), 0);
        // Flat before (a build's fatigue) and rising over it: progress too.
        assert_eq!(kept(race(3.45), &easy(0.0, 0.2)), 0);
        // Flat over the plateau's days, or rising at less than half the rate before, or
        // less than 0.05 %/week: the plateau stands.
        assert_eq!(kept(race(3.45), &easy(0.0, 0.0)), 1);
        assert_eq!(kept(race(3.45), &easy(0.2, 0.0)), 1);
        assert_eq!(kept(race(3.45), &easy(0.4, 0.15)), 1);
        assert_eq!(kept(race(3.45), &easy(0.04, 0.04)), 1);
        // No easy runs before it: that progress went on cannot be shown.
        let late: Vec<(NaiveDate, f64)> = easy(0.2, 0.2)
            .into_iter()
            .filter(|p| p.0 >= days(147))
            .collect();
        assert_eq!(kept(race(3.45), &late), 1);
        // Nor when the era began a week before it (after a break): the runs before it
        // belong to another era.
        assert_eq!(kept_since(race(3.45), &easy(0.2, 0.2), 140), 1);
        // A plateau that opened with a fall (12 % below the last value before it): the hard
        // runs stopped, and it stands whatever the easy pace does.
        assert_eq!(kept(race(3.45 * 0.88), &easy(0.2, 0.2)), 1);
    }

    #[test]
    fn progress_then_flat_is_a_plateau_from_the_kink() {
        // Four points a week: +0.4 %/week for 24 weeks, then flat for 24, noise ±1 %.
        let pts: Vec<(NaiveDate, f64)> = (0..48 * 4)
            .map(|i| {
                let day = i as i64 * 7 / 4;
                let w = day as f64 / 7.0;
                let base = 3.0 * (1.0 + 0.004 * w.min(24.0));
                (days(day), base * (1.0 + 0.01 * ((i as f64) * 2.39).sin()))
            })
            .collect();
        let r = analyze_signal(Signal::Aerobic, &pts, days(48 * 7));
        assert_eq!(r.plateaus.len(), 1, "{:#?}", r.phases);
        let p = &r.plateaus[0];
        let off = (p.start - days(24 * 7)).num_days().abs();
        assert!(off <= 14, "plateau from {} ({off} days off)", p.start);
        assert!(p.gain_before.is_some());
        // A steady improvement is no plateau.
        let up: Vec<(NaiveDate, f64)> = (0..48 * 4)
            .map(|i| {
                let day = i as i64 * 7 / 4;
                let w = day as f64 / 7.0;
                (
                    days(day),
                    3.0 * (1.0 + 0.004 * w) * (1.0 + 0.01 * ((i as f64) * 2.39).sin()),
                )
            })
            .collect();
        let r = analyze_signal(Signal::Aerobic, &up, days(48 * 7));
        assert!(r.plateaus.is_empty(), "{:#?}", r.phases);
    }

    /// A fixed pseudo-random sequence in [0, 1) (xorshift64*), the same on every machine.
    fn uniform_from(mut state: u64) -> impl FnMut() -> f64 {
        move || {
            state ^= state >> 12;
            state ^= state << 25;
            state ^= state >> 27;
            (state.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 11) as f64 / (1u64 << 53) as f64
        }
    }

    /// The independent generator's runner (issue 15) as pace at easy heart rate: three easy
    /// runs a week on random days for 40 weeks, 3 m/s times 1 + `gain(weeks)`, each run's
    /// reading off by a Gaussian 2.5 %.
    fn easy_runs(
        uniform: &mut impl FnMut() -> f64,
        gain: impl Fn(f64) -> f64,
    ) -> Vec<(NaiveDate, f64)> {
        let mut pts = Vec::new();
        for week in 0..40 {
            let mut run_days: Vec<i64> = Vec::new();
            while run_days.len() < 3 {
                let d = (uniform() * 7.0) as i64;
                if !run_days.contains(&d) {
                    run_days.push(d);
                }
            }
            run_days.sort_unstable();
            for d in run_days {
                let day = week * 7 + d;
                let gauss = (-2.0 * (1.0 - uniform()).ln()).sqrt()
                    * (std::f64::consts::TAU * uniform()).cos();
                let v = 3.0 * (1.0 + gain(day as f64 / 7.0)) * (1.0 + 0.025 * gauss);
                pts.push((days(day), v));
            }
        }
        pts
    }

    #[test]
    fn a_rise_that_levels_off_gradually_is_a_plateau_from_where_it_levelled() {
        // The generator's runner (`easy_runs`): pace at easy heart rate rising 0.4 %/week
        // for 20 weeks and then flat for 20. Two separate lines alone placed such a turn
        // within two weeks of where the rise stopped in 11 of these 48 histories and found
        // a plateau in 25; with the hinge the data favour, 23 and 35; with a hinge also
        // refitted in the last rise (`levelled_in_last_rise`: 5 of them read one improving
        // line across the turn), 26 and 40. With this noise no estimator does much better
        // (docs/robustness.md).
        let mut uniform = uniform_from(0x9e37_79b9_7f4a_7c15);
        let kink = days(20 * 7);
        let (mut found, mut near, mut early) = (0, 0, 0);
        let histories = 48;
        for _ in 0..histories {
            let pts = easy_runs(&mut uniform, |w| 0.004 * w.min(20.0));
            let r = analyze_signal(Signal::Aerobic, &pts, days(40 * 7));
            let Some(p) = r.plateaus.iter().find(|p| p.gain_before.is_some()) else {
                continue;
            };
            found += 1;
            let off = (p.start - kink).num_days();
            near += usize::from(off.abs() <= 14);
            early += usize::from(off < -14);
            let t = p.turn.expect("a gradual turn in noise has a span");
            assert!(
                t.earliest <= p.start && p.start <= t.latest,
                "{t:?} {}",
                p.start
            );
        }
        eprintln!("found {found}, within 14 days {near}, early {early} of {histories}");
        assert!(found >= 38, "found {found} of {histories}");
        assert!(near >= 24, "within 14 days in {near} of {histories}");
        assert!(
            early <= 10,
            "more than 14 days early in {early} of {histories}"
        );
    }

    #[test]
    fn a_runner_improving_steadily_or_slowing_gradually_has_no_plateau() {
        // The generator's healthy runner beside the levelling one above: pace at easy heart
        // rate rising for all 40 weeks, at 0.3 %/week, or at 0.5 %/week slowing to 0.2
        // (an improving runner's gains shrink). The hinge refitted in the last rise
        // (`levelled_in_last_rise`) finds no plateau in the first and one in 2 of 48 of the
        // second (none without it): within the issue's 95 %.
        let mut uniform = uniform_from(0x2545_f491_4f6c_dd1d);
        let histories = 48;
        for (name, gain) in [
            ("steady", (|w: f64| 0.003 * w) as fn(f64) -> f64),
            ("slowing", |w: f64| 0.005 * w - 0.003 * w * w / 80.0),
        ] {
            let with_plateau = (0..histories)
                .filter(|_| {
                    let pts = easy_runs(&mut uniform, gain);
                    !analyze_signal(Signal::Aerobic, &pts, days(40 * 7))
                        .plateaus
                        .is_empty()
                })
                .count();
            eprintln!("{name}: a plateau in {with_plateau} of {histories}");
            assert!(
                with_plateau <= 2,
                "{name}: a plateau in {with_plateau} of {histories}"
            );
        }
    }

    #[test]
    fn the_turn_spans_what_the_noise_allows() {
        // Four points a week: +0.4 %/week for 24 weeks, then flat (a hinge) or 5 % higher
        // and flat (a step), with noise of the given share.
        let series = |noise: f64, jump: f64| -> Vec<(NaiveDate, f64)> {
            (0..48 * 4)
                .map(|i| {
                    let day = i as i64 * 7 / 4;
                    let w = day as f64 / 7.0;
                    let base =
                        3.0 * (1.0 + 0.004 * w.min(24.0) + if w >= 24.0 { jump } else { 0.0 });
                    (days(day), base * (1.0 + noise * ((i as f64) * 2.39).sin()))
                })
                .collect()
        };
        let kink = days(24 * 7);
        let mut widths = Vec::new();
        for noise in [0.005, 0.01, 0.02] {
            let r = analyze_signal(Signal::Aerobic, &series(noise, 0.0), days(48 * 7));
            assert_eq!(r.plateaus.len(), 1, "noise {noise}: {:#?}", r.phases);
            let p = &r.plateaus[0];
            let t = p.turn.expect("a hinge in noise is not pinned to a day");
            assert!(
                t.earliest <= p.start && p.start <= t.latest,
                "{t:?} {}",
                p.start
            );
            assert!(
                t.earliest <= kink && kink <= t.latest,
                "noise {noise}: {t:?}"
            );
            widths.push((t.latest - t.earliest).num_days());
        }
        assert!(widths.windows(2).all(|w| w[0] <= w[1]), "{widths:?}");
        assert!(widths[2] > widths[0], "{widths:?}");
        // A jump at the turn pins it: within a week of the first flat day, whatever the noise.
        let r = analyze_signal(Signal::Aerobic, &series(0.01, 0.05), days(48 * 7));
        assert_eq!(r.plateaus.len(), 1, "{:#?}", r.phases);
        let p = &r.plateaus[0];
        assert!(p.gain_before.is_some());
        assert!((p.start - kink).num_days().abs() <= 7, "{}", p.start);
        let width = p.turn.map_or(0, |t| (t.latest - t.earliest).num_days());
        assert!(width <= 7, "{:?}", p.turn);
    }

    #[test]
    fn a_fall_of_the_race_signal_starts_after_the_last_hard_run() {
        // Easy runs every other day at VDOT 38 and a tempo a week rising from VDOT 40 to 46
        // for 22 weeks; then the tempo stops (the last on day 150) and the easy runs go on
        // for 30 weeks. The rolling best holds the last tempo for 6 weeks, then falls: the
        // runner stopped on day 150, not when the window let go of it.
        let mut runs = Vec::new();
        for day in (0..52 * 7).step_by(2) {
            let noise = 0.3 * ((day as f64) * 2.39).sin();
            runs.push(Run {
                id: format!("e{day}"),
                date: days(day),
                distance_m: 8000.0,
                vdot: Some(38.0 + noise),
                ..Run::default()
            });
        }
        let last_tempo = 21 * 7 + 3;
        for day in (0..22).map(|w| w * 7 + 3) {
            let noise = 0.2 * ((day as f64) * 1.7).sin();
            runs.push(Run {
                id: format!("t{day}"),
                date: days(day),
                distance_m: 10000.0,
                vdot: Some(40.0 + 6.0 * day as f64 / 154.0 + noise),
                ..Run::default()
            });
        }
        runs.sort_by_key(|r| r.date);
        let last = runs.last().unwrap().date;
        let eras = [Era {
            start: days(0),
            end: last,
        }];
        let (r, _) = by_era(Signal::Race, &runs, &eras, last);
        let fell = r
            .phases
            .iter()
            .position(|p| p.level < 39.0)
            .unwrap_or_else(|| panic!("{:#?}", r.phases));
        assert!(fell > 0, "{:#?}", r.phases);
        assert_eq!(
            r.phases[fell].start,
            days(last_tempo + 1),
            "{:#?}",
            r.phases
        );
        assert_eq!(r.phases[fell - 1].end, days(last_tempo), "{:#?}", r.phases);
        // Lower after progress and held: a plateau at the level it fell to, from the day
        // after the last tempo (the summary also says "lower since"), its step said.
        assert_eq!(r.plateaus.len(), 1, "{:#?}", r.plateaus);
        let pl = &r.plateaus[0];
        assert_eq!(pl.start, days(last_tempo + 1));
        let g = pl.gain_before.as_ref().unwrap();
        assert!(g.step_to.is_some_and(|l| l < 39.0 && g.to > 44.0), "{g:?}");
        // The points themselves still show the fall a window later.
        let pts = signal_points(Signal::Race, &runs, last);
        let first_low = pts
            .iter()
            .find(|p| p.0 > days(last_tempo) && p.1 < 39.0)
            .unwrap();
        assert!(
            first_low.0 > days(last_tempo + RACE_WINDOW_DAYS - 7),
            "{first_low:?}"
        );
    }

    #[test]
    fn a_fall_that_held_is_a_plateau_of_race_fitness_and_a_decline_of_the_others() {
        // Weekly points rising 10 % over 20 weeks, then 9 % lower and flat for 25 weeks.
        let wobble = |i: i64| 1.0 + 0.004 * ((i as f64) * 2.39).sin();
        let rise_then_fall: Vec<(NaiveDate, f64)> = (0..45)
            .map(|i| {
                let v = if i < 20 {
                    1.0 + 0.1 * i as f64 / 19.0
                } else {
                    1.0
                };
                (days(i * 7), 40.0 * v * wobble(i))
            })
            .collect();
        let last = days(44 * 7);
        let plateaus = |s: Signal, pts: &[(NaiveDate, f64)]| analyze_signal(s, pts, last).plateaus;
        // Race fitness: a plateau at the level it fell to, the step said.
        let race = plateaus(Signal::Race, &rise_then_fall);
        assert_eq!(race.len(), 1, "{race:#?}");
        assert!(
            race[0]
                .gain_before
                .as_ref()
                .is_some_and(|g| g.step_to.is_some())
        );
        // Easy pace and long runs that fell so are a decline held, said by the summary.
        assert!(plateaus(Signal::Aerobic, &rise_then_fall).is_empty());
        assert!(plateaus(Signal::Distance, &rise_then_fall).is_empty());
        // Race fitness flat, then 10 % lower and slipping 2 % over 25 weeks (the best of
        // moderate runs drifting): the fall held, a plateau with no progress before it.
        let flat_then_slip: Vec<(NaiveDate, f64)> = (0..45)
            .map(|i| {
                let v = if i < 20 {
                    1.0
                } else {
                    0.9 * (1.0 - 0.02 * (i - 20) as f64 / 24.0)
                };
                (days(i * 7), 40.0 * v * wobble(i))
            })
            .collect();
        let slip = analyze_signal(Signal::Race, &flat_then_slip, last);
        assert_eq!(
            slip.phases.last().map(|p| p.direction),
            Some(Direction::Declining),
            "{:#?}",
            slip.phases
        );
        // (The flat 19 weeks before it are a long flat stretch of their own.)
        assert_eq!(
            slip.plateaus.iter().map(|p| p.start).collect::<Vec<_>>(),
            [days(0), days(140)],
            "{:#?}",
            slip.phases
        );
        // Slipping 8 % is a decline, not a fall held.
        let slide: Vec<(NaiveDate, f64)> = flat_then_slip
            .iter()
            .enumerate()
            .map(|(i, (d, v))| {
                let extra = if i < 20 {
                    1.0
                } else {
                    1.0 - 0.06 * (i - 20) as f64 / 24.0
                };
                (*d, v * extra)
            })
            .collect();
        let slid = analyze_signal(Signal::Race, &slide, last);
        assert_eq!(slid.plateaus.len(), 1, "{:#?}", slid.phases);
        assert_eq!(slid.plateaus[0].start, days(0));
    }

    #[test]
    fn a_return_from_a_short_gap_does_not_cut_a_long_run_plateau() {
        // Long runs built from 8 to 16 km over 12 weeks, then held at 16 km for 30 weeks
        // with three weeks off at week 24 and a graduated return (long runs of 8, 11 and
        // 14 km). A coach sees one plateau of the long run from week 12, a break inside
        // it; the rolling long-run distance, through the gap, dips to 5 km and climbs
        // back.
        let mut runs = Vec::new();
        for day in 0..42 * 7 {
            let week = day / 7;
            if (24..27).contains(&week) || day % 2 == 1 {
                continue;
            }
            let long = match week {
                0..12 => 8_000.0 + 8_000.0 * week as f64 / 12.0,
                27 => 8_000.0,
                28 => 11_000.0,
                29 => 14_000.0,
                _ => 16_000.0,
            };
            let back = (27..30).contains(&week);
            runs.push(Run {
                id: format!("r{day}"),
                date: days(day),
                distance_m: if day % 7 == 0 {
                    long
                } else if back {
                    5_000.0
                } else {
                    6_000.0 + 100.0 * ((day as f64) * 1.7).sin()
                },
                ..Run::default()
            });
        }
        let dates: Vec<NaiveDate> = runs.iter().map(|r| r.date).collect();
        let eras = crate::analysis::breaks::eras(&dates, &crate::analysis::breaks::breaks(&dates));
        assert_eq!(eras.len(), 1, "three weeks off is no break");
        let last = days(42 * 7 - 1);
        let (r, points) = by_era(Signal::Distance, &runs, &eras, last);
        // The weeks whose window holds the gap or the return are left out...
        assert!(
            points
                .iter()
                .all(|(d, _)| *d < days(24 * 7) || *d > days(33 * 7))
        );
        assert!(points.iter().all(|(_, v)| *v > 7_500.0), "{points:?}");
        // ... and the long runs read one plateau from where they stopped building (within
        // the signal's window of it: the rolling distance reaches 16 km a window later).
        assert_eq!(r.plateaus.len(), 1, "{:#?}", r.phases);
        let pl = &r.plateaus[0];
        let stopped = days(12 * 7);
        assert!(
            pl.start >= stopped && pl.start <= stopped + Duration::days(DISTANCE_WINDOW_DAYS),
            "{pl:?}"
        );
        assert_eq!(pl.end, last);
        // A runner whose running stops for two weeks every six keeps every point: the gaps
        // are how they run. So does one who has not run a window past the return yet: what
        // they run now is the question.
        let every_sixth: Vec<Run> = runs
            .iter()
            .filter(|r| (r.date - days(0)).num_weeks() % 6 < 4)
            .cloned()
            .collect();
        let points = signal_points(Signal::Distance, &every_sixth, last);
        assert_eq!(without_returns(points.clone(), &every_sixth), points);
        let lately: Vec<Run> = runs
            .iter()
            .filter(|r| r.date < days(32 * 7))
            .cloned()
            .collect();
        let points = signal_points(Signal::Distance, &lately, days(32 * 7));
        assert_eq!(without_returns(points.clone(), &lately), points);
        // Without the leaving out, the dip cuts the plateau at the gap: it reads as ended
        // in June, and what follows, too short to stand alone, as none.
        let all = signal_points(Signal::Distance, &runs, last);
        let raw = analyze_signal(Signal::Distance, &all, last);
        assert!(
            raw.plateaus.iter().all(|p| p.end < days(24 * 7)),
            "{raw:#?}"
        );
    }

    #[test]
    fn no_phase_spans_a_break() {
        // A run every other day for 30 weeks at 3.0 m/s, 20 weeks off, then 30 weeks at
        // 2.7 m/s: two eras, each flat, with their own levels.
        let mut runs = Vec::new();
        for (from, speed) in [(0, 3.0), (50 * 7, 2.7)] {
            for i in 0..105 {
                runs.push(Run {
                    id: format!("r{from}-{i}"),
                    date: days(from + i * 2),
                    distance_m: 8000.0,
                    aerobic_speed_m_s: Some(speed * (1.0 + 0.01 * ((i as f64) * 2.39).sin())),
                    ..Run::default()
                });
            }
        }
        let dates: Vec<NaiveDate> = runs.iter().map(|r| r.date).collect();
        let eras = crate::analysis::breaks::eras(&dates, &crate::analysis::breaks::breaks(&dates));
        assert_eq!(eras.len(), 2);
        let last = runs.last().unwrap().date;
        let (r, _) = by_era(Signal::Aerobic, &runs, &eras, last);
        assert!(!r.phases.is_empty());
        for p in &r.phases {
            assert!(
                eras.iter()
                    .any(|e| e.contains(p.start) && e.contains(p.end)),
                "{p:?}"
            );
        }
        let levels: Vec<f64> = r.era_levels.iter().map(|l| l.level).collect();
        assert_eq!(levels.len(), 2);
        assert!(
            (levels[0] - 3.0).abs() < 0.05 && (levels[1] - 2.7).abs() < 0.05,
            "{levels:?}"
        );
        assert!(
            matches!(r.status, Status::Judged { points: 210, .. }),
            "{:?}",
            r.status
        );
    }

    #[test]
    fn short_or_empty_signals_say_so() {
        let r = analyze_signal(Signal::Aerobic, &[], days(10));
        assert_eq!(r.status, Status::NoPoints);
        let pts: Vec<(NaiveDate, f64)> = (0..8).map(|i| (days(i * 7), 3.0)).collect();
        let r = analyze_signal(Signal::Race, &pts, days(60));
        assert!(
            matches!(r.status, Status::TooShort { points: 8, .. }),
            "{:?}",
            r.status
        );
    }
}

/// The plateau analysis of a store.
#[derive(Debug, Clone, Serialize)]
pub struct PlateauReport {
    /// First and last day analysed.
    pub first: Option<NaiveDate>,
    /// Last day.
    pub last: Option<NaiveDate>,
    /// Runs analysed.
    pub runs: usize,
    /// The aerobic reference heart rate, bpm.
    pub aerobic_ref_hr_bpm: f64,
    /// The eras between the training analysis' breaks: every signal is cut into phases era
    /// by era.
    pub eras: Vec<Era>,
    /// Per signal.
    pub signals: Vec<SignalReport>,
}

/// A signal's level over one era: the median of its points, and its best phase.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct EraLevel {
    /// The era.
    pub era: Era,
    /// The median of the signal's points in it (signal units).
    pub level: f64,
    /// Points behind it.
    pub points: usize,
    /// The highest median of its stretches ([`Phase::is_stretch`]; the era's
    /// median without one): the level the runner held at their best in it. An era's
    /// median says little of an era that trended: held-out Quitino's four years before its
    /// last break went from 7:29/km to 5:36/km at 161 bpm, and their median, 6:08/km, read
    /// as "your best earlier stretch" beside 6:07/km now.
    pub best: f64,
    /// The first day of that phase (the era's without one).
    pub best_from: NaiveDate,
    /// Its last day.
    pub best_to: NaiveDate,
}

/// The plateau analysis of a training-load analysis, with other analyses' findings (routes
/// and variety) as further likely reasons.
pub fn report(
    t: &super::training::TrainingLoad,
    other_findings: &[Finding],
    signals: &[Signal],
) -> PlateauReport {
    let findings: Vec<Finding> = other_findings.iter().chain(&t.findings).cloned().collect();
    let ref_hr = super::metrics::aerobic_ref_hr_bpm(&t.profile);
    let last = t.daily.last().map(|d| d.date);
    let dates: Vec<NaiveDate> = t.runs.iter().map(|r| r.date).collect();
    let eras = super::breaks::eras(&dates, &t.breaks);
    let mut out = Vec::new();
    // The race signal's weekly bests as its phases were cut from them, era by era (none
    // when it is not asked: nothing then reads them).
    let mut race = Vec::new();
    for &s in signals {
        out.push(match last {
            Some(l) => {
                let (r, points) = by_era(s, &t.runs, &eras, l);
                if s == Signal::Race {
                    race = points;
                }
                r
            }
            None => analyze_signal(s, &[], NaiveDate::default()),
        });
    }
    let aerobic = last.map_or_else(Vec::new, |l| signal_points(Signal::Aerobic, &t.runs, l));
    // Race plateaus are judged against the easy runs over the days the race signal was
    // flat, before a flat stretch starts after another signal's progress.
    aerobic_progress_over_race(&mut out, &aerobic, &eras);
    progress_elsewhere(&mut out, &aerobic, &race, &eras);
    // The reasons of each plateau as its days stand now.
    for pl in out.iter_mut().flat_map(|r| r.plateaus.iter_mut()) {
        pl.reasons = reasons(pl, &t.runs, &findings);
    }
    PlateauReport {
        first: t.daily.first().map(|d| d.date),
        last,
        runs: t.runs.len(),
        aerobic_ref_hr_bpm: ref_hr,
        eras,
        signals: out,
    }
}

/// The direction of a line (slope per day) through points around `level`: improving or
/// declining when significant and at least [`MIN_SLOPE_PER_WEEK`] of the level a week,
/// else flat.
fn direction_of(t: &TheilSen, level: f64) -> Direction {
    let slope = t.slope * 7.0;
    if !(t.significant() && slope.abs() >= MIN_SLOPE_PER_WEEK * level.abs()) {
        Direction::Flat
    } else if slope > 0.0 {
        Direction::Improving
    } else if slope < 0.0 {
        Direction::Declining
    } else {
        Direction::Flat
    }
}

/// Whether a phase opened more than [`FALL`] below the last value of the one before it.
fn fell(before: &Phase, p: &Phase) -> bool {
    p.level < (1.0 - FALL) * before.last_value
}

/// The window of a rolling signal, weeks (none for the aerobic signal's runs).
fn window_weeks(s: Signal) -> f64 {
    match s {
        Signal::Aerobic => 0.0,
        Signal::Race => RACE_WINDOW_DAYS as f64 / 7.0,
        Signal::Distance => DISTANCE_WINDOW_DAYS as f64 / 7.0,
    }
}

/// Drops the plateaus that another signal's progress contradicts, each where a signal
/// other than its own improves over most of it (more than half its days; a signal's
/// consecutive improving phases in one era are one stretch of improvement when each goes
/// on from where the one before ended):
/// - a distance plateau beside improving race fitness or pace at easy heart rate whose own
///   points (the race signal's weekly bests, the easy runs) still rise over the plateau's days
///   ([`rises`]): long runs that stop growing while fitness keeps improving are no rut. Beside
///   race fitness, the easy runs' points must rise over those days too, where there are enough
///   of them ([`MIN_POINTS`]): the best efforts of training move with the sessions run (see
///   [`aerobic_progress_over_race`]), and a rolling best creeps with its noise. Over the long
///   runs' plateaus of the sweep's hinges (seeds 1–40), the weekly bests rose significantly in
///   5 of 17, by 0.05–0.15 %/week, and the easy runs' points in none; over the healthy
///   runners', by 0.06–0.32 %/week, the easy runs' in all 59, by 0.13–0.37 %/week. An improving
///   phase may hold a turn the segmentation did not split: the simulator's hinge runners hold
///   their volume from the change on, their long runs flat at 18.9 km, and pace at easy heart
///   rate is one line of 0.07 %/week over the whole year while its monthly medians are flat
///   from the change; race fitness is one line of 0.02–0.14 VDOT/week from two months before
///   the change to October or the end (a rolling best rising until the change, then creeping
///   with its noise; seed 21: 42.2 in April, 43 in June–July, 44.7 in October, 43 in December).
///   The distance plateau that started on the day of the change read "improving". The points
///   alone are not asked: over a long plateau they may rise with the seasons (asplitline's easy
///   pace 2.5 m/s in the Chengdu summer of 2024, 3.1 that winter), which no phase reads as
///   progress;
/// - a long flat stretch of the aerobic signal with no progress before it
///   (`gain_before` none) beside improving race fitness or longer long runs: a runner
///   building. The fatigue of a growing volume lifts the heart rate at every pace, so pace
///   at a fixed heart rate lags while the build goes on (the simulator's healthy runners
///   doubling their volume from a history's first week: pace at easy heart rate flat for
///   22 weeks while long runs went from 7.7 to 15.7 km and VDOT from 34.7 to 45.0, then
///   improving). The progress must be a real gain, at least [`ELSEWHERE_MIN_GAIN`] from
///   its first line's start to its last line's end: a rolling best creeping from VDOT
///   38.7 to 39.4 in 22 weeks is no
///   build. A flat stretch after progress is kept: that is progress that stopped.
///
/// And a long flat stretch (no progress of its own before it, and no fall of race fitness
/// or the long runs into it: a fall is dated by its runs, see [`date_falls`]) of any
/// signal that began while race fitness or the long runs still improved, a real gain as
/// above, starts the day after that progress ended ([`FlatFrom`]), the progress followed
/// from one signal's stretch to the next that covers the new start, when enough of it is
/// left to be a plateau after progress ([`PLATEAU_MIN_WEEKS`] and the signal's window): the
/// runner was not stuck while one of them still improved. A long flat stretch of the long
/// runs is moved past pace at easy heart rate still improving too: the independent
/// generator's runners run the same distances all year (long runs of 11.07 km to the
/// metre), and the long runs' flat stretch from the first weeks dated their rut up to 110
/// days before fitness stopped rising. The
/// simulator's runners falling into a rut on the day of the change read a plateau of easy
/// pace from weeks or months before it (up to 85 days: the build's fatigue holds pace at
/// easy heart rate flat while volume grows) while their VDOT rose and their long runs grew
/// until that day.
///
/// So too a plateau of race fitness or of pace at easy heart rate after its own progress (and
/// no fall into it) that began while the long runs still grew by a real gain. The best efforts
/// of training rise with the quality sessions' length (see [`aerobic_progress_over_race`]),
/// which settles before fitness stops rising, and the signal turns there: the simulator's hinge
/// runners read race fitness flat from 21 to 50 days before the change while their long runs
/// grew until it (11 of 80 in the sweep of seeds 1–40). The easy pace's turn from its noisy
/// progress came 40–41 days before the change of two step runners whose long runs grew until
/// it. Only the long runs' progress moves these: moving them past race fitness still improving
/// placed 3 of the independent generator's 40 plateau turns late, where its runners' race
/// signal crept on past the change, and one of the sweep's hinges 141 days late.
fn progress_elsewhere(
    out: &mut [SignalReport],
    aerobic: &[(NaiveDate, f64)],
    race: &[(NaiveDate, f64)],
    eras: &[Era],
) {
    // The stretches of improvement of the signals `of` that gained at least `min_gain` of
    // their start, from the first line's start to the last line's end: a
    // signal's consecutive improving phases within one era are one stretch when each opens
    // no more than [`FALL`] below where the one before ended.
    let improving = |of: &[Signal], min_gain: f64| -> Vec<(Signal, NaiveDate, NaiveDate)> {
        let goes_on = |a: &Phase, b: &Phase| {
            a.direction == Direction::Improving
                && b.direction == Direction::Improving
                && era_of(eras, a.start) == era_of(eras, b.start)
                && b.line_ends().0 >= (1.0 - FALL) * a.line_ends().1
        };
        out.iter()
            .filter(|r| of.contains(&r.signal))
            .flat_map(|r| r.phases.chunk_by(goes_on).map(|c| (r.signal, c)))
            .filter(|(_, c)| c[0].direction == Direction::Improving)
            .filter(|(_, c)| {
                let (from, to) = (c[0].line_ends().0, c[c.len() - 1].line_ends().1);
                to - from >= min_gain * from.abs()
            })
            .map(|(s, c)| (s, c[0].start, c[c.len() - 1].end))
            .collect()
    };
    let race_rising = improving(&[Signal::Race], 0.0);
    let aerobic_rising = improving(&[Signal::Aerobic], 0.0);
    let movers = improving(
        &[Signal::Race, Signal::Distance, Signal::Aerobic],
        ELSEWHERE_MIN_GAIN,
    );
    let for_aerobic: Vec<_> = movers
        .iter()
        .copied()
        .filter(|m| m.0 != Signal::Aerobic)
        .collect();
    // Whose progress moves a plateau of `signal` (after its `own` progress or not): another
    // signal's; after its own progress, only the long runs'; the easy pace's only a long
    // flat stretch of the long runs (race fitness beside an easy pace still improving is
    // judged by the easy runs' points, `aerobic_progress_over_race`).
    let moves = |by: Signal, signal: Signal, own: bool| {
        by != signal
            && match by {
                Signal::Distance => true,
                Signal::Race => !own,
                Signal::Aerobic => signal == Signal::Distance && !own,
            }
    };
    for r in out.iter_mut() {
        let r_phases = &r.phases;
        match r.signal {
            Signal::Distance => r.plateaus.retain(|pl| {
                // Pace at easy heart rate, where the runs tell it, must not gainsay the best
                // efforts: too few easy runs over it, or their line rises, at 95 % one-sided
                // as the claim is (the lower end of its 90 % interval above zero): an
                // improving runner of 3 runs a week with daily heart-rate drift gained
                // 0.14 %/week over the long runs' months at their cap, which the two-sided
                // interval's lower end reached below zero (the sweep's seed 60, stop 45).
                // Nor can it gainsay them when its line over as many days before, within the
                // era, rose by less than `MIN_SLOPE_PER_WEEK` (a line not shown to rise in
                // its noise is not enough: the sweep's hinge seed 56 fixed, +0.22 %/week):
                // easy pace flat through a build while race fitness rose says nothing of the
                // weeks after (the sweep's healthy seed 15 with gaps: flat for 38 weeks from
                // the first run, race fitness rising from April to December, long runs at
                // their cap from September).
                let era_start = era_of(eras, pl.start).map_or(pl.start, |k| eras[k].start);
                let before_from = (pl.start - (pl.end - pl.start)).max(era_start);
                let easy_agree = days_from(aerobic, pl.start, pl.end).1.len() < MIN_POINTS
                    || rises(aerobic, pl.start, pl.end, Z90).is_some()
                    || line_over(aerobic, before_from, pl.start - Duration::days(1), Z95)
                        .is_some_and(|(t, level)| t.slope * 7.0 < MIN_SLOPE_PER_WEEK * level.abs());
                // Race fitness is asked from the day after the long runs were last seen when
                // the weeks before the plateau were left out (`without_returns`): they may have
                // stopped growing anywhere in them, and whether race fitness rose since is
                // asked one-sided, as the claim is. Over the plateau's own days the two-sided
                // line stays: a rolling best creeping on after a hinge (the sweep's seed 56,
                // +0.23 %/week) would drop the long runs' plateau found at the change.
                let race_from = r_phases
                    .iter()
                    .rev()
                    .find(|p| p.end < pl.start)
                    .map(|p| p.end + Duration::days(1))
                    .filter(|seen| pl.start - *seen > Duration::days(7))
                    .unwrap_or(pl.start);
                !((mostly_beside(pl, &race_rising)
                    && rises(
                        race,
                        race_from,
                        pl.end,
                        if race_from < pl.start { Z90 } else { Z95 },
                    )
                    .is_some()
                    && easy_agree)
                    || (mostly_beside(pl, &aerobic_rising)
                        && rises(aerobic, pl.start, pl.end, Z95).is_some()))
            }),
            Signal::Aerobic => r
                .plateaus
                .retain(|pl| pl.gain_before.is_some() || !mostly_beside(pl, &for_aerobic)),
            Signal::Race => {}
        }
        let (phases, signal) = (&r.phases, r.signal);
        r.plateaus.retain_mut(|pl| {
            // A fall of a rolling signal is dated by its runs (`date_falls`). Whose progress
            // moves the others is `moves`.
            if signal != Signal::Aerobic && opened_with_fall(phases, pl, eras) {
                return true;
            }
            let own = pl.gain_before.is_some();
            // The progress that covers its start, followed from stretch to stretch.
            let mut progress = None;
            let mut from = pl.start;
            while let Some((to, s)) = movers
                .iter()
                .filter(|(s, a, b)| moves(*s, signal, own) && *a <= from && *b >= from)
                .map(|(s, _, to)| (*to, *s))
                .max_by_key(|(to, _)| *to)
            {
                progress = Some((to, s));
                match to.succ_opt() {
                    Some(d) => from = d,
                    None => break,
                }
            }
            let Some((until, by)) = progress else {
                return true;
            };
            // Too little left after the progress: kept as it was. A long flat stretch of easy
            // pace is then mostly beside the progress and dropped above; race fitness flat
            // while the long runs grow is no progress of its own (the independent
            // generator's seed 22: best efforts flat for 26 weeks from 6 weeks before its
            // change while the long runs grew over all of them).
            if from > pl.end
                || ((pl.end - from).num_days() as f64) / 7.0
                    < PLATEAU_MIN_WEEKS + window_weeks(signal)
            {
                return true;
            }
            pl.flat_from = Some(FlatFrom {
                start: pl.start,
                signal: by,
                until,
            });
            pl.start = from;
            pl.weeks = (pl.end - from).num_days() as f64 / 7.0;
            pl.turn = None;
            true
        });
    }
}

/// Drops the race plateaus over which pace at easy heart rate kept improving as before:
/// progress that did not slow is no plateau, whatever the best efforts say. Both of:
/// - the plateau did not open with a fall (its phase's median more than [`FALL`] below the last
///   value of the phase before it, in the same era): then the hard runs stopped, and an easy
///   pace freshening as the training eased does not bring them back (the simulator's runners
///   falling into a rut of one moderate run: VDOT 43.9 → 38.5 and flat, while pace at easy
///   heart rate crept up for weeks as the fatigue of the build wore off);
/// - the aerobic points within the plateau's days rise, and no slower than [`SLOWDOWN`]
///   times their line over as many days before it, within the era ([`progress_went_on`]):
///   the plateau's own question, whether progress slowed to less than half, asked of the
///   easy runs (by their slopes, not the plateau's whole interval). An easy pace that was
///   flat before (a build's fatigue) and rises over the plateau is progress too. The points
///   are read, not the aerobic phases: a phase may hold a turn the segmentation did not
///   split (one improving line over a rise and a flat half year).
///
/// Why the race signal: it is a 42-day best of efforts run in training, and a sub-maximal
/// effort's VDOT grows with its length (Daniels' VDOT divides by the share of VO2max a
/// runner holds for the time, which falls with the time). While a build lengthens the
/// quality sessions the signal rises faster than fitness; when their lengths settle it
/// stays flat while fitness still grows. A simulated healthy runner of 3 runs a week,
/// gaining 0.18 %/week all year: VDOT 36 → 43 in 25 weeks as the quality sessions grew
/// from 4.5 to 9.4 km, then flat for 19 weeks, while pace at easy heart rate rose
/// 0.15 %/week over those weeks and 0.20 %/week over as many before.
fn aerobic_progress_over_race(
    out: &mut [SignalReport],
    aerobic: &[(NaiveDate, f64)],
    eras: &[Era],
) {
    for r in out.iter_mut().filter(|r| r.signal == Signal::Race) {
        let phases = &r.phases;
        r.plateaus.retain(|pl| {
            let era_start = era_of(eras, pl.start).map_or(pl.start, |k| eras[k].start);
            opened_with_fall(phases, pl, eras)
                || !progress_went_on(aerobic, era_start, pl.start, pl.end)
        });
    }
}

/// Whether a plateau opened with a fall: its phase's median more than [`FALL`] below the
/// last value of the phase before it, in the same era.
fn opened_with_fall(phases: &[Phase], pl: &Plateau, eras: &[Era]) -> bool {
    phases.windows(2).any(|w| {
        w[1].start == pl.start
            && era_of(eras, w[0].start) == era_of(eras, w[1].start)
            && fell(&w[0], &w[1])
    })
}

/// The points of the days `from..=to` as (days since `from`, value) columns, for a line.
fn days_from(points: &[(NaiveDate, f64)], from: NaiveDate, to: NaiveDate) -> (Vec<f64>, Vec<f64>) {
    points
        .iter()
        .filter(|(d, _)| *d >= from && *d <= to)
        .map(|(d, v)| ((*d - from).num_days() as f64, *v))
        .unzip()
}

/// The index of the era a date falls in: the last one starting on or before it (a date a
/// rolling signal moved past its era's last run stays in that era).
fn era_of(eras: &[Era], d: NaiveDate) -> Option<usize> {
    eras.iter().rposition(|e| e.start <= d)
}

/// Whether one of the spans covers more than half a plateau's days.
fn mostly_beside(pl: &Plateau, spans: &[(Signal, NaiveDate, NaiveDate)]) -> bool {
    let len = (pl.end - pl.start).num_days().max(1) as f64;
    spans.iter().any(|(_, s, e)| {
        let overlap = (pl.end.min(*e) - pl.start.max(*s)).num_days() as f64;
        overlap > 0.5 * len
    })
}

/// Whether points rise over the days `from..=to` along a significant Theil–Sen line of at
/// least [`MIN_SLOPE_PER_WEEK`], and no slower than [`SLOWDOWN`] times their line over as
/// many days before `from`, not before `since` (a line before that is flat or falling asks
/// nothing more of the rise). Each span needs [`MIN_POINTS`]: without a rate before, that
/// progress went on is not shown.
fn progress_went_on(
    points: &[(NaiveDate, f64)],
    since: NaiveDate,
    from: NaiveDate,
    to: NaiveDate,
) -> bool {
    let Some(during) = rises(points, from, to, Z95) else {
        return false;
    };
    let before_from = (from - (to - from)).max(since);
    line_over(points, before_from, from - Duration::days(1), Z95)
        .is_some_and(|(before, _)| during.slope >= SLOWDOWN * before.slope)
}

/// The Theil–Sen line of the points of the days `from..=to` (slope per day, its interval at
/// `z` standard errors) and their median, with at least [`MIN_POINTS`] of them.
fn line_over(
    points: &[(NaiveDate, f64)],
    from: NaiveDate,
    to: NaiveDate,
    z: f64,
) -> Option<(TheilSen, f64)> {
    let (x, mut y) = days_from(points, from, to);
    if y.len() < MIN_POINTS {
        return None;
    }
    let t = theil_sen_z(&x, &y, z)?;
    Some((t, median(&mut y)?))
}

/// The line of the points over the days `from..=to` when they rise along it as an
/// improving phase does ([`direction_of`] around their median), its interval at `z` standard
/// errors: [`Z95`] two-sided, [`Z90`] for 95 % one-sided (the lower end of the 90 % interval
/// above zero), as the claim that a signal still rises beside a plateau is.
fn rises(points: &[(NaiveDate, f64)], from: NaiveDate, to: NaiveDate, z: f64) -> Option<TheilSen> {
    line_over(points, from, to, z)
        .filter(|(t, level)| direction_of(t, *level) == Direction::Improving)
        .map(|(t, _)| t)
}

/// A rolling signal's fall, dated by the runs: a phase of the race or distance signal that
/// opens more than [`FALL`] below the last value of the phase before it fell because the
/// runs that held that value left the window, not on the day the window showed it (a best
/// effort holds the race signal for [`RACE_WINDOW_DAYS`] after the runner's last hard
/// session). The phase, and a plateau of it, start the day after the last run that reached
/// the value; the phase before, and a plateau of it, end on that run. A fall is no gradual
/// turn, so such a plateau says no [`Turn`].
fn date_falls(
    s: Signal,
    runs: &[Run],
    pts: &[(NaiveDate, f64)],
    last: NaiveDate,
    r: &mut SignalReport,
) {
    let window = match s {
        Signal::Aerobic => return,
        Signal::Race => RACE_WINDOW_DAYS,
        Signal::Distance => DISTANCE_WINDOW_DAYS,
    };
    for k in 1..r.phases.len() {
        let (before, after) = r.phases.split_at_mut(k);
        let (a, b) = (&mut before[k - 1], &mut after[0]);
        let Some(first) = pts.iter().find(|p| p.0 == b.start).map(|p| p.1) else {
            continue;
        };
        if first >= (1.0 - FALL) * a.last_value {
            continue;
        }
        let from = a.end - Duration::days(window - 1);
        let held = runs
            .iter()
            .filter(|run| run.date >= from && run.date <= a.end)
            .filter(|run| run_value(s, run).is_some_and(|v| v >= a.last_value * (1.0 - 1e-9)))
            .map(|run| run.date)
            .max();
        let Some(held) = held.filter(|d| *d > a.start) else {
            continue;
        };
        let (a_was, b_was) = ((a.start, a.end), b.start);
        a.end = held;
        a.weeks = (a.end - a.start).num_days() as f64 / 7.0;
        b.start = held + Duration::days(1);
        b.weeks = (b.end - b.start).num_days() as f64 / 7.0;
        for pl in &mut r.plateaus {
            if (pl.start, pl.end) == a_was {
                pl.end = a.end;
                pl.weeks = a.weeks;
                pl.ongoing = is_ongoing(a.end, last);
            } else if pl.start == b_was {
                pl.start = b.start;
                pl.weeks = b.weeks;
                pl.turn = None;
                if let Some(g) = &mut pl.gain_before {
                    g.weeks = a.weeks;
                }
            }
        }
    }
}

/// The runs of era `k` and the day its points run to: the last era to the last day
/// analysed, the others to their last run (a rolling window never reaches across a break).
fn in_era<'a>(runs: &'a [Run], eras: &[Era], k: usize, last: NaiveDate) -> (&'a [Run], NaiveDate) {
    let era = &eras[k];
    let from = runs.partition_point(|r| r.date < era.start);
    let to = runs.partition_point(|r| r.date <= era.end);
    let end = if k + 1 == eras.len() { last } else { era.end };
    (&runs[from..to], end)
}

/// One signal cut into phases era by era (runs in date order; no phase, plateau or rolling
/// window spans a break), with its level in each era, and the points it was cut from, era
/// after era. The status sums the judged eras; when none could be judged, it is that of the
/// last era with points.
fn by_era(
    s: Signal,
    runs: &[Run],
    eras: &[Era],
    last: NaiveDate,
) -> (SignalReport, Vec<(NaiveDate, f64)>) {
    let mut all_points = Vec::new();
    let mut phases = Vec::new();
    let mut plateaus = Vec::new();
    let mut era_levels = Vec::new();
    let (mut points, mut judged_points, mut judged_weeks) = (0, 0, 0.0);
    let mut status = Status::NoPoints;
    for (k, era) in eras.iter().enumerate() {
        let (era_runs, end) = in_era(runs, eras, k, last);
        let mut pts = signal_points(s, era_runs, end);
        if s == Signal::Distance {
            pts = without_returns(pts, era_runs);
        }
        let mut r = analyze_signal(s, &pts, last);
        date_falls(s, era_runs, &pts, last, &mut r);
        if let Some(level) = median(&mut pts.iter().map(|p| p.1).collect::<Vec<_>>()) {
            let best = r
                .phases
                .iter()
                .filter(|p| p.is_stretch(s))
                .max_by(|a, b| a.level.total_cmp(&b.level));
            era_levels.push(EraLevel {
                era: *era,
                level,
                points: pts.len(),
                best: best.map_or(level, |p| p.level),
                best_from: best.map_or(era.start, |p| p.start),
                best_to: best.map_or(era.end, |p| p.end),
            });
        }
        points += r.points;
        match r.status {
            Status::Judged { points, weeks } => {
                judged_points += points;
                judged_weeks += weeks;
            }
            Status::NoPoints => {}
            other => status = other,
        }
        phases.extend(r.phases);
        plateaus.extend(r.plateaus);
        all_points.extend(pts);
    }
    if judged_points > 0 {
        status = Status::Judged {
            points: judged_points,
            weeks: judged_weeks,
        };
    }
    if eras.len() < 2 {
        era_levels.clear();
    }
    let report = SignalReport {
        signal: s,
        status,
        points,
        phases,
        plateaus,
        era_levels,
    };
    (report, all_points)
}
