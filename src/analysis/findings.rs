//! Training-load findings: the rules that turn the load series and per-run metrics into
//! findings a runner can act on ("no rest day in 19 days", "your usual pace takes 6 bpm
//! more than in spring"). A rule returns data, never prose: its kind, severity, window,
//! the numbers ([`Evidence`], one variant per kind), the runs behind it and what data it
//! stands on ([`Basis`]). The sentences, the rule's wording with its thresholds and the
//! advice are written once, in `report::words`.
//!
//! Every rule scans the whole history (or the `--since/--until` slice the caller passes) and
//! reports episodes: a finding has the day its rule first held (`detected_on`) and the span
//! of evidence (`start..=end`); `ongoing` when that span ends within [`ONGOING_DAYS`] of
//! the last day analysed ([`is_ongoing`], the one definition every analysis uses). The
//! trend rules (`rising-hr-at-pace`, `unproductive`) are evaluated every Sunday; hits on
//! consecutive Sundays, or whose recent windows share runs, are one episode.
//!
//! # Rules
//! | kind | fires when | source |
//! |---|---|---|
//! | `load-spike` | a calendar week's load > [`SPIKE_ACWR`] × the load the runner is used to: the mean of the [`SPIKE_CHRONIC_WEEKS`] weeks before (less their cut-back weeks when two others are left: a planned step back is not a lower level), or [`SPIKE_USUAL_FLOOR`] of their usual week (median of the weeks with training among the [`SPIKE_HISTORY_WEEKS`] before) when that is higher (alert > [`SPIKE_ACWR_ALERT`], or two such weeks in a row), and one of the athlete's heaviest weeks ([`SPIKE_MIN_QUANTILE`] of the [`SPIKE_HISTORY_WEEKS`] weeks before), holding at least [`SPIKE_MIN_RUNS`] of their ordinary runs; in a graduated return from a break of at most [`RETURN_BREAK_WEEKS`] weeks (the first week back at most [`SPIKE_ACWR`] × the load the runner was used to then, each week since less than [`RETURN_STEP_MAX`] × the one before, for [`RETURN_WEEKS`] weeks), the load the runner is used to is at least their level before the break ([`RETURN_LEVEL_WEEKS`]) | Hulin et al. 2014 (weekly acute:chronic), Gabbett 2016 (1.5); the usual-week floor against the ratio's instability over a low chronic load (Lolli et al. 2019); the graduated return: Daniels (50 % then 75 % of the load over as long as the time off) |
//! | `sustained-ramp` | [`RAMP_WEEKS`] weeks in a row each more than [`RAMP_WEEKLY`] above the larger of the week before and the 3-week mean before (distance) | the "10 % rule" |
//! | `monotony` | a week's Foster monotony > [`MONOTONY_MAX`] (or identical loads on all 7 days), with fewer than two days standing out (a quality session — race, hills, intervals or tempo, [`super::variety::Workout::quality`] — or a load [`HARD_DAY_RATIO`] × the median training day): a daily runner with a long run and a quality day varies the stimulus however small the spread of seven training days; not in a cut-back week; a warning only when a week's load is above [`MONOTONY_LOAD_RATIO`] × the load the runner is used to (the spike rule's acute:chronic ratio), else information (Foster's risk is monotony under a high load, his strain) | Foster 1998; the hard/easy principle (Bowerman); Gabbett 2016 (the 0.8–1.3 sweet spot) |
//! | `no-rest-day` | [`NO_REST_DAYS`] days or more in a row with an activity (alert from [`NO_REST_DAYS_ALERT`]) | |
//! | `no-cut-back` | [`NO_CUT_BACK_WEEKS`] training weeks or more without a cut-back or break week; a warning when the load rose over the stretch (its last 3 weeks [`NO_CUT_BACK_RISE`] × its first 3, or × the level before the break of at most [`RETURN_BREAK_WEEKS`] weeks it started after, whichever is higher: coming back to the usual load is not building), else information; a warning is detected on the week the load had risen | periodization practice |
//! | `frequent-racing` | [`RACES_IN_WINDOW`] races or more within [`RACE_WINDOW_DAYS`] days | |
//! | `rising-hr-at-pace` | median aerobic speed (speed at a fixed heart rate, see [`super::metrics`]) of the last [`HR_RECENT_DAYS`] days at least [`HR_DROP`] below that of the [`HR_BASELINE_DAYS`] days before, with [`HR_AGREEMENT`] of the recent runs below the baseline median; each run's aerobic speed read like for like, less its kind of workout's typical offset ([`SESSION_LEVEL_DAYS`], [`SESSION_MIN_RUNS`]) | Friel, efficiency factor |
//! | `unproductive` | aerobic speed over [`UNPRODUCTIVE_DAYS`] days at least [`UNPRODUCTIVE_DROP`] below the same span before, while the load held (≥ [`UNPRODUCTIVE_LOAD_HELD`] of it); aerobic speeds like for like as for `rising-hr-at-pace` | Garmin's "unproductive" status |
//! | `seasonal-slump` | see [`super::seasons`]: the same calendar months slower at the same heart rate or with less running in at least two years, against the year around them | the runner's own other years |
//! | `yearly-break` | see [`super::years`]: the longest stretch without a run in each calendar year (information) | "take a week or two off each year" |
//! | `detraining` | fitness (CTL) at or below [`DETRAINING_SHARE`] of its peak of the previous [`DETRAINING_DAYS`] days (about three weeks without training), from a peak of at least the athlete's typical fitness ([`DETRAINING_MIN_PEAK`]); not when a break starts inside it (the break is named instead) | Mujika & Padilla 2000 (short-term detraining: under 4 weeks) |

use chrono::{Duration, NaiveDate};
use serde::Serialize;

use super::load::{Daily, Weekly};

/// Weekly acute:chronic ratio above which a load spike is reported (Gabbett 2016's "danger
/// zone" starts at 1.5). The ratio is Hulin et al. 2014's: a calendar week's load over the
/// mean weekly load of the [`SPIKE_CHRONIC_WEEKS`] weeks before it. Calendar weeks, not a
/// rolling 7-day sum: a runner out four times a week on varying days has rolling windows
/// that catch six runs, a ratio of 1.5 with no week heavier than the others.
pub const SPIKE_ACWR: f64 = 1.5;
/// Ratio above which the spike is an alert (also: two spike weeks in a row).
pub const SPIKE_ACWR_ALERT: f64 = 2.0;
/// Weeks of the chronic load (Hulin et al. 2014: four).
pub const SPIKE_CHRONIC_WEEKS: usize = 4;
/// The week's load must also reach this quantile of the athlete's own weekly loads (weeks
/// with training) over the [`SPIKE_HISTORY_WEEKS`] before: one of their heaviest weeks. For
/// a runner out two or three times a week, one extra run moves the ratio past 1.5 with no
/// overload at all, and a ratio over a near-empty month is arithmetic, not a spike.
pub const SPIKE_MIN_QUANTILE: f64 = 0.9;
/// Trailing span of that quantile, weeks (half a year).
pub const SPIKE_HISTORY_WEEKS: usize = 26;
/// The chronic load is at least this share of the runner's usual week (the median of
/// their weeks with training over the [`SPIKE_HISTORY_WEEKS`] before): half, the load a
/// return after time off is usually advised to start at.
pub const SPIKE_USUAL_FLOOR: f64 = 0.5;
/// A spike week carries at least this many of the runner's ordinary runs (median run load
/// over the [`SPIKE_HISTORY_WEEKS`] before): a runner out once a fortnight whose week holds
/// one ordinary run has a ratio of 3 or 4 over the near-empty month before, and nothing a
/// coach would call a spike (held-out Quitino: 12 of its 34 load-spike alerts were such
/// weeks, one run of 30–70 load).
pub const SPIKE_MIN_RUNS: f64 = 2.0;
/// Weeks with training that quantile needs before the rule judges a week.
pub const SPIKE_MIN_WEEKS: usize = 4;
/// A break of at most this many weeks without training is one the runner comes back from
/// to the load of before it: Daniels (*Daniels' Running Formula*) has a return after 6–28
/// days off run half at 50 % of the load and half at 75 %, then at the full load. After
/// longer breaks the runner is not used to the load of before.
pub const RETURN_BREAK_WEEKS: usize = 4;
/// Weeks after such a break that are judged as its return: the return (as long as the
/// break, at most 4 weeks) and the 4 weeks the chronic load needs to leave it behind.
pub const RETURN_WEEKS: usize = 8;
/// A step of a graduated return is less than this multiple of the week before: Daniels'
/// steps are 1.5 (50 → 75 %) and 1.33 (75 → 100 %), and a week's load moves ±10 % with the
/// sessions in it; double is coming back from half to full load in one week.
pub const RETURN_STEP_MAX: f64 = 2.0;
/// The runner's level before a break: the median load of this many weeks with training
/// before it (four: a cut-back week or a light week before the break is not the level, nor
/// one big week).
pub const RETURN_LEVEL_WEEKS: usize = 4;
/// Week-over-week increase that counts as a ramp week (the "10 % rule").
pub const RAMP_WEEKLY: f64 = 0.10;
/// Ramp weeks in a row that make a sustained ramp.
pub const RAMP_WEEKS: usize = 3;
/// Foster's monotony threshold (mean/SD of daily load over a week).
pub const MONOTONY_MAX: f64 = 2.0;
/// A day with this multiple of the week's median training-day load stands out (a long run
/// or a quality session): a week with two such days is not monotonous whatever its Foster
/// monotony, which exceeds 2 for most weeks of six or seven runs because they have no rest
/// day. One long run beside six identical days is still monotony.
pub const HARD_DAY_RATIO: f64 = 1.5;
/// A monotonous week whose load is above this multiple of the load the runner is used to
/// (the spike rule's acute:chronic ratio) is a warning, else information: Foster's risk is
/// monotony under a high load (strain), and 1.3 is the top of Gabbett's (2016) acute:chronic
/// "sweet spot".
pub const MONOTONY_LOAD_RATIO: f64 = 1.3;
/// Days in a row with an activity that make a "no rest day" finding.
pub const NO_REST_DAYS: usize = 14;
/// ... and an alert.
pub const NO_REST_DAYS_ALERT: usize = 28;
/// Training weeks in a row without a cut-back or break week.
pub const NO_CUT_BACK_WEEKS: usize = 6;
/// Load rise over the stretch (last 3 weeks' mean over the first 3 weeks') that makes a
/// missing cut-back a warning rather than information.
pub const NO_CUT_BACK_RISE: f64 = 1.10;
/// Races within [`RACE_WINDOW_DAYS`] that count as racing more than monthly.
pub const RACES_IN_WINDOW: usize = 3;
/// Window of the racing rule, days (3 races in 8 weeks: more than one every 4 weeks).
pub const RACE_WINDOW_DAYS: i64 = 56;
/// Recent window of the rising-heart-rate rule, days.
pub const HR_RECENT_DAYS: i64 = 21;
/// Its baseline, the days before the recent window.
pub const HR_BASELINE_DAYS: i64 = 42;
/// Drop in aerobic speed that counts (4 % is about 5 bpm at easy pace, beyond day-to-day
/// noise of ±2–3 bpm).
pub const HR_DROP: f64 = 0.04;
/// Share of recent runs that must be below the baseline median (one bad run is not a trend).
pub const HR_AGREEMENT: f64 = 0.75;
/// Runs with an aerobic speed needed in the recent window.
pub const HR_MIN_RECENT: usize = 3;
/// ... and in the baseline.
pub const HR_MIN_BASELINE: usize = 5;
/// The efficiency rules read each run's aerobic speed like for like: less the typical offset
/// of its kind of workout (tempo, long, easy…) from the runs within this many days either
/// side. A tempo or long run reads 3–5 % below an easy one at the same fitness (heart rate
/// rises faster than speed and drifts over an hour: the sweep's simulated runner, and
/// Friel's decoupling), so three weeks of long runs beside six of easy ones were a "drop".
pub const SESSION_LEVEL_DAYS: i64 = 21;
/// Runs of a kind of workout needed before its offset is taken out (fewer: none is).
pub const SESSION_MIN_RUNS: usize = 5;
/// Window of the unproductive rule (recent and baseline each), days.
pub const UNPRODUCTIVE_DAYS: i64 = 42;
/// Aerobic-speed drop that makes training unproductive.
pub const UNPRODUCTIVE_DROP: f64 = 0.03;
/// The recent load must be at least this share of the baseline load.
pub const UNPRODUCTIVE_LOAD_HELD: f64 = 0.9;
/// Runs with an aerobic speed needed in each window of the unproductive rule.
pub const UNPRODUCTIVE_MIN_RUNS: usize = 6;
/// The peak a detraining falls from is at least this share of the athlete's typical
/// fitness (median CTL over the history): fitness built up, not a few runs' worth. At half
/// (before), a runner out once a week or less "detrained" after every run (held-out
/// Quitino, typical CTL 3.8: seven findings from peaks of 2.0–3.5).
pub const DETRAINING_MIN_PEAK: f64 = 1.0;
/// Fitness at or below this share of its peak of the [`DETRAINING_DAYS`] before is
/// detraining: CTL (42-day time constant) falls to 0.6 of its value in about 21 days
/// without any training (e^(-21/42)), the span over which Mujika & Padilla (2000) report
/// measurable short-term detraining; a week or two off (a holiday, a taper) stays above it.
pub const DETRAINING_SHARE: f64 = 0.6;
/// Days before a day in which the fitness peak is looked for.
pub const DETRAINING_DAYS: usize = 42;
/// A detraining stretch whose fitness fell by more than this share is a warning.
pub const DETRAINING_WARNING_DROP: f64 = 0.5;
/// Weeks of history the load rules need.
pub const MIN_WEEKS: f64 = 6.0;
/// Most activity ids listed per finding (the rest are counted).
pub const MAX_LISTED: usize = 30;

/// What a finding is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// Acute load far above chronic.
    LoadSpike,
    /// Weeks of increases beyond 10 %.
    SustainedRamp,
    /// Every day the same load.
    Monotony,
    /// No rest day.
    NoRestDay,
    /// No cut-back week.
    NoCutBack,
    /// Racing more than monthly.
    FrequentRacing,
    /// The usual pace takes more heart rate.
    RisingHrAtPace,
    /// Fitness falling while the load holds.
    Unproductive,
    /// Fitness falling with the load.
    Detraining,
    /// The same route or two, run after run (see [`super::variety`]).
    StaleRoutes,
    /// No run faster than easy pace for weeks.
    NoQuality,
    /// No long run for weeks.
    NoLongRun,
    /// Slower, less or no running at the same time every year (see [`super::seasons`]).
    SeasonalSlump,
    /// Whether the runner took a week or two off each year (see [`super::years`]).
    YearlyBreak,
    /// A shoe past the distance to retire it at, still in use (see [`super::gear`]).
    ShoeWorn,
    /// Every recent run in the same shoe (see [`super::gear`]).
    NoShoeRotation,
    /// Weeks without the strength work the runner used to do (see [`super::cross`]).
    NoStrength,
    /// Another sport took the place of running (see [`super::cross`]).
    CrossTrainingTookOver,
    /// A sport the runner had not done before (see [`super::cross`]).
    NewSport,
    /// A break from running filled with other sports (see [`super::cross`]).
    ActiveBreak,
    /// The usual pace feels harder than it did (see [`super::effort`]).
    HarderAtUsualPace,
    /// Resting heart rate above the runner's baseline (see [`super::recovery`]).
    RestingHrUp,
    /// Short nights (see [`super::recovery`]).
    ShortSleep,
    /// High stress (see [`super::recovery`]).
    HighStress,
    /// Days the runner was ill (see [`super::recovery`]).
    Ill,
}

impl Kind {
    /// Whether a finding of this kind can stand behind a plateau or a slump: a worn shoe,
    /// a single shoe or a new sport are worth knowing, not a reason the runner is stuck.
    pub fn can_explain_a_rut(self) -> bool {
        !matches!(
            self,
            Kind::ShoeWorn | Kind::NoShoeRotation | Kind::NewSport | Kind::ActiveBreak
        )
    }

    /// Whether a finding of this kind acknowledges what the runner did (a new sport, other
    /// sports through a break) rather than asks for something: never a suggestion.
    pub fn is_acknowledgement(self) -> bool {
        matches!(self, Kind::NewSport | Kind::ActiveBreak)
    }

    /// The kebab-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::LoadSpike => "load-spike",
            Kind::SustainedRamp => "sustained-ramp",
            Kind::Monotony => "monotony",
            Kind::NoRestDay => "no-rest-day",
            Kind::NoCutBack => "no-cut-back",
            Kind::FrequentRacing => "frequent-racing",
            Kind::RisingHrAtPace => "rising-hr-at-pace",
            Kind::Unproductive => "unproductive",
            Kind::Detraining => "detraining",
            Kind::StaleRoutes => "stale-routes",
            Kind::NoQuality => "no-quality",
            Kind::NoLongRun => "no-long-run",
            Kind::SeasonalSlump => "seasonal-slump",
            Kind::YearlyBreak => "yearly-break",
            Kind::ShoeWorn => "shoe-worn",
            Kind::NoShoeRotation => "no-shoe-rotation",
            Kind::NoStrength => "no-strength",
            Kind::CrossTrainingTookOver => "cross-training-took-over",
            Kind::NewSport => "new-sport",
            Kind::ActiveBreak => "active-break",
            Kind::HarderAtUsualPace => "harder-at-usual-pace",
            Kind::RestingHrUp => "resting-hr-up",
            Kind::ShortSleep => "short-sleep",
            Kind::HighStress => "high-stress",
            Kind::Ill => "ill",
        }
    }
}

/// How much it matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing.
    Info,
    /// Act on it.
    Warning,
    /// Act on it now.
    Alert,
}

/// How a run was recognised as a race.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RaceMark {
    /// The export says so (Strava's workout type or race flag).
    Flag,
    /// From the effort: see [`RACE_MIN_IF`].
    Effort,
}

/// Intensity factor (from heart rate) at which an unflagged run of at least
/// [`RACE_MIN_S`] can count as a race: a race holds about threshold for its whole length,
/// training runs with hard parts average well below it.
pub const RACE_MIN_IF: f64 = 0.95;
/// ... and it must be among the fastest [`RACE_TOP_SHARE`] of the runs within this many
/// days either side, by speed carried to one hour with Riegel's exponent: heart rate alone
/// is raised by heat, fatigue and illness, and hard sessions twice a week are training,
/// while a race is the exception.
pub const RACE_RARITY_DAYS: i64 = 45;
/// Share of the surrounding runs a race must be among the fastest of (at least the single
/// fastest).
pub const RACE_TOP_SHARE: f64 = 0.03;
/// Shortest run that can count as a race from its effort, seconds.
pub const RACE_MIN_S: f64 = 12.0 * 60.0;

/// What [`race_marks`] looks at, per run.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Effort {
    /// Local date.
    pub date: NaiveDate,
    /// The export's race flag, where it has one.
    pub flag: Option<bool>,
    /// Intensity factor from heart rate (hrTSS), when the load came from heart rate.
    pub hr_intensity_factor: Option<f64>,
    /// Moving time, seconds.
    pub moving_s: f64,
    /// Mean grade-adjusted speed, m/s.
    pub gap_speed_m_s: Option<f64>,
}

impl Effort {
    /// Speed carried to one hour, `v · (t/3600)^{0.06/1.06}` (Riegel).
    fn hour_speed(&self) -> Option<f64> {
        use super::profile::RIEGEL_EXPONENT as E;
        self.gap_speed_m_s
            .filter(|_| self.moving_s >= RACE_MIN_S)
            .map(|v| v * (self.moving_s / 3600.0).powf((E - 1.0) / E))
    }
}

/// Which runs were races (runs in date order): the export's flag where it has one, else
/// the effort — race-level heart rate ([`RACE_MIN_IF`]) on a run that is among the fastest
/// [`RACE_TOP_SHARE`] of the runs within [`RACE_RARITY_DAYS`] days either side.
pub fn race_marks(runs: &[Effort]) -> Vec<Option<RaceMark>> {
    let hour: Vec<Option<f64>> = runs.iter().map(Effort::hour_speed).collect();
    runs.iter()
        .enumerate()
        .map(|(i, e)| match e.flag {
            Some(true) => Some(RaceMark::Flag),
            Some(false) => None,
            None => {
                let (Some(v), true) = (
                    hour[i],
                    e.hr_intensity_factor.is_some_and(|f| f >= RACE_MIN_IF),
                ) else {
                    return None;
                };
                let near =
                    |j: &usize| (runs[*j].date - e.date).num_days().abs() <= RACE_RARITY_DAYS;
                let around: Vec<f64> = (0..runs.len())
                    .filter(near)
                    .filter_map(|j| hour[j])
                    .collect();
                let faster = around.iter().filter(|&&x| x > v).count();
                let allowed = ((around.len() as f64 * RACE_TOP_SHARE).floor() as usize).max(1);
                (faster < allowed).then_some(RaceMark::Effort)
            }
        })
        .collect()
}

/// One counted activity, as the rules see it.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Run {
    /// Activity id.
    pub id: String,
    /// Local date.
    pub date: NaiveDate,
    /// Load.
    pub load: f64,
    /// Metres.
    pub distance_m: f64,
    /// Moving time, seconds.
    pub moving_time_s: f64,
    /// Aerobic decoupling on steady running, percent.
    pub decoupling_pct: Option<f64>,
    /// Effort VDOT of its best efforts.
    pub vdot: Option<f64>,
    /// Intensity factor (from heart rate where the load is, else pace).
    pub intensity_factor: Option<f64>,
    /// Seconds in heart-rate zones 4 and 5.
    pub hard_s: f64,
    /// Whether it was a race.
    pub race: Option<RaceMark>,
    /// GAP speed at the aerobic reference heart rate, m/s.
    pub aerobic_speed_m_s: Option<f64>,
    /// Whether the load came from heart rate.
    pub load_from_hr: bool,
    /// Mean grade-adjusted speed over moving time, m/s.
    pub gap_speed_m_s: Option<f64>,
    /// Spread of the pace within the run (see [`super::metrics::ActivityFacts::pace_spread`]).
    pub pace_spread: Option<f64>,
    /// Ascent, metres.
    pub ascent_m: Option<f64>,
    /// The activity's name, when the file or export gives one.
    pub name: Option<String>,
    /// Best efforts left out as implausible (GPS jumps, beyond world records, distance
    /// disagreeing with the device's).
    pub discarded_efforts: super::metrics::DiscardedEfforts,
}

/// The athlete's heart-rate anchors the rules need.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct HrAnchors {
    /// Resting heart rate.
    pub rest_bpm: f64,
    /// The aerobic reference heart rate.
    pub aerobic_ref_bpm: f64,
}

/// A race in a [`Evidence::FrequentRacing`] finding.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RaceDay {
    /// Local date.
    pub date: NaiveDate,
    /// Metres.
    pub distance_m: f64,
    /// How it was recognised.
    pub mark: RaceMark,
}

/// A route of a [`Evidence::StaleRoutes`] finding.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RouteShare {
    /// Route id (`R1`...).
    pub id: String,
    /// Its telling name, if its runs share one.
    pub name: Option<String>,
    /// Length, metres.
    pub length_m: f64,
    /// Shape.
    pub shape: super::routes::Shape,
    /// Start area label.
    pub start_area: String,
    /// Runs on it in the stretch.
    pub runs: usize,
}

/// How many runs went the stale routes before a stale stretch began.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ShareBefore {
    /// First day looked at.
    pub from: NaiveDate,
    /// Runs with GPS from then to the day before the stretch.
    pub runs_with_gps: usize,
    /// Of those, on the stretch's routes.
    pub runs_on_top: usize,
}

/// What a stretch without a kind of session starts after.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "after", rename_all = "kebab-case")]
pub enum Since {
    /// The start of the history.
    Start,
    /// A break (see [`super::breaks`]).
    Break {
        /// First day without a run.
        from: NaiveDate,
        /// Last day without a run.
        to: NaiveDate,
    },
    /// The last session of that kind.
    Session {
        /// Its type.
        workout: super::variety::Workout,
        /// Its local date.
        date: NaiveDate,
    },
}

/// The load a spike week is judged against: the load the runner is used to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum SpikeAgainst {
    /// The mean weekly load of the [`SPIKE_CHRONIC_WEEKS`] weeks before (Hulin).
    Mean4Weeks,
    /// The mean of those weeks less their cut-back weeks (`weeks` of them): a planned step
    /// back is not a lower level, and the week after it back at the usual load or a little
    /// above is the plan, not a spike.
    LessCutBacks {
        /// Cut-back weeks left out.
        weeks: usize,
    },
    /// [`SPIKE_USUAL_FLOOR`] of the usual week, more than the weeks before held: a ratio over
    /// a near-empty month is arithmetic.
    HalfUsualWeek,
    /// The level before a short break the runner is coming back from gradually.
    LevelBeforeBreak,
}

/// The numbers behind a finding, one variant per [`Kind`] (SI units, ratios as fractions,
/// dates as local dates). The sentences are written from them once, in
/// `report::words`; nothing here is prose.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Evidence {
    /// See [`Kind::LoadSpike`].
    LoadSpike {
        /// Monday of the week with the highest ratio.
        peak_week: NaiveDate,
        /// Its weekly acute:chronic ratio (`None`: no training in the 4 weeks before).
        acwr_peak: Option<f64>,
        /// Its load.
        week_load: f64,
        /// The load it is judged against (see `against`).
        chronic_load_per_week: f64,
        /// The mean weekly load of the 4 weeks before it, every one counted.
        mean_4_weeks: f64,
        /// What `chronic_load_per_week` is.
        against: SpikeAgainst,
        /// Spike weeks in the stretch.
        weeks: usize,
    },
    /// See [`Kind::SustainedRamp`].
    SustainedRamp {
        /// Ramp weeks in a row.
        weeks: usize,
        /// Monday of the first.
        first_week: NaiveDate,
        /// The distance it rose from, metres a week.
        distance_before_m: f64,
        /// The last ramp week's distance, metres.
        distance_after_m: f64,
        /// `after / before − 1`.
        rise: f64,
        /// Each ramp week's distance, metres.
        weekly_distance_m: Vec<f64>,
        /// Mean weekly change of fitness (CTL) over them.
        ctl_ramp_per_week: f64,
    },
    /// See [`Kind::Monotony`].
    Monotony {
        /// Weeks above the threshold.
        weeks: usize,
        /// Monday of the first.
        first_week: NaiveDate,
        /// The highest monotony (`None`: unbounded, identical loads every day).
        monotony_max: Option<f64>,
        /// The highest weekly strain.
        strain_max: f64,
        /// The highest of its weeks' acute:chronic load ratio (the spike rule's; `None`:
        /// no weeks before to compare with, or none with load).
        load_ratio_max: Option<f64>,
        /// Rest days of each week of the stretch.
        rest_days: Vec<u32>,
    },
    /// See [`Kind::NoRestDay`].
    NoRestDay {
        /// Days in a row with an activity.
        days: usize,
        /// Activities in them.
        activities: u32,
        /// Their load.
        load: f64,
    },
    /// See [`Kind::NoCutBack`].
    NoCutBack {
        /// Training weeks in a row without a lighter one.
        weeks: usize,
        /// Monday of the first.
        since: NaiveDate,
        /// Whether the load rose over the stretch (the warning case).
        rising: bool,
        /// Mean weekly load of its first 3 weeks.
        load_first_3w: f64,
        /// ... and of its last 3.
        load_last_3w: f64,
    },
    /// See [`Kind::FrequentRacing`].
    FrequentRacing {
        /// The races.
        races: Vec<RaceDay>,
        /// Days from the first to the last, both counted.
        days: i64,
    },
    /// See [`Kind::RisingHrAtPace`].
    RisingHrAtPace {
        /// The reference heart rate, bpm.
        reference_hr_bpm: f64,
        /// Median speed at it in the baseline window, m/s.
        aerobic_speed_baseline_m_s: f64,
        /// ... in the recent window (the worst of the episode), m/s.
        aerobic_speed_recent_m_s: f64,
        /// Runs behind each.
        runs_baseline: usize,
        /// Runs in the recent window.
        runs_recent: usize,
        /// The recent window.
        recent_from: NaiveDate,
        /// Its last day.
        recent_to: NaiveDate,
        /// `1 − recent / baseline`.
        drop: f64,
        /// Extra heart rate the baseline pace now takes, bpm.
        extra_bpm_at_baseline_pace: f64,
    },
    /// See [`Kind::Unproductive`].
    Unproductive {
        /// The reference heart rate, bpm.
        reference_hr_bpm: f64,
        /// Median speed at it in the 6 weeks before, m/s.
        aerobic_speed_baseline_m_s: f64,
        /// ... in the last 6 weeks of the episode, m/s.
        aerobic_speed_recent_m_s: f64,
        /// Runs behind each.
        runs_baseline: usize,
        /// Runs in the recent window.
        runs_recent: usize,
        /// The last day of the recent window.
        recent_to: NaiveDate,
        /// `1 − recent / baseline`.
        drop: f64,
        /// Recent load over baseline load.
        load_ratio: f64,
    },
    /// See [`Kind::Detraining`].
    Detraining {
        /// Fitness (CTL) at its peak.
        ctl_peak: f64,
        /// The peak's day.
        peak_day: NaiveDate,
        /// The lowest fitness of the episode.
        ctl_low: f64,
        /// The episode's last day.
        low_by: NaiveDate,
        /// The runner's typical (median) fitness.
        ctl_typical: f64,
        /// `1 − low / peak`.
        drop: f64,
    },
    /// See [`Kind::StaleRoutes`].
    StaleRoutes {
        /// Weeks of the stretch.
        weeks: i64,
        /// Share of GPS runs on the top routes.
        share_on_top_routes: f64,
        /// Runs on them.
        runs_on_top: usize,
        /// Runs with GPS in the stretch.
        runs_with_gps: usize,
        /// The one or two routes.
        routes: Vec<RouteShare>,
        /// 10th percentile of their moving pace, s/km.
        pace_p10_s_per_km: Option<f64>,
        /// 90th percentile, s/km.
        pace_p90_s_per_km: Option<f64>,
        /// Routes first run in the stretch.
        new_routes: usize,
        /// The runs with GPS just before the stretch (back to [`super::variety::ONSET_LOOKBACK_DAYS`]
        /// days before the first stale window, not into an earlier stretch), on the same
        /// routes: what the change point set the stretch against. `None` when no run with
        /// GPS precedes it in that span (the history's start, a gap).
        before: Option<ShareBefore>,
    },
    /// See [`Kind::NoQuality`].
    NoQuality {
        /// Whole weeks of the stretch.
        weeks: i64,
        /// Runs in it.
        runs: usize,
        /// What it starts after: the last quality session, a break or the history's start.
        since: Since,
        /// The fastest average pace among the runs, s/km.
        fastest_pace_s_per_km: Option<f64>,
    },
    /// See [`Kind::NoLongRun`].
    NoLongRun {
        /// Whole weeks of the stretch.
        weeks: i64,
        /// Runs in it.
        runs: usize,
        /// What it starts after: the last long run, a break or the history's start.
        since: Since,
        /// The longest run in it, metres.
        longest_m: f64,
    },
    /// See [`Kind::SeasonalSlump`].
    SeasonalSlump {
        /// First calendar month of the span, 1–12.
        first_month: u32,
        /// Last calendar month (before the first when the span crosses the new year).
        last_month: u32,
        /// The reference heart rate of the pace figures, bpm.
        reference_hr_bpm: f64,
        /// Whether the runner is slower at the same heart rate in it.
        slower: bool,
        /// Whether the runner runs less (or stops) in it.
        less: bool,
        /// Years that follow the pattern.
        years: usize,
        /// Every year's stretch of the span in the history, in order.
        occurrences: Vec<super::seasons::Occurrence>,
        /// Whether the latest stretch follows the pattern (`None`: none yet).
        latest_follows: Option<bool>,
        /// Whether the history ends inside the span (this year's season is on).
        in_season_now: bool,
        /// The load findings the season explains (taken out of the load findings).
        explained: Vec<super::seasons::Explained>,
    },
    /// See [`Kind::YearlyBreak`].
    YearlyBreak {
        /// Days without a run that make a week off.
        min_days: i64,
        /// Per calendar year.
        years: Vec<super::years::YearRest>,
        /// Complete years without a week off.
        missed_complete_years: usize,
        /// Days of the weeks off, summed.
        rest_days: i64,
    },
    /// See [`Kind::ShoeWorn`].
    ShoeWorn {
        /// The shoe.
        shoe: String,
        /// Its distance, metres.
        distance_m: f64,
        /// The distance to retire it at, metres.
        limit_m: f64,
        /// Whether the runner set the limit (else the default).
        limit_set: bool,
        /// The day it passed the limit.
        passed_on: NaiveDate,
        /// Activities in it since.
        since: usize,
        /// Their distance, metres.
        since_m: f64,
    },
    /// See [`Kind::NoShoeRotation`].
    NoShoeRotation {
        /// The one shoe.
        shoe: String,
        /// Runs in it over the weeks.
        runs: usize,
        /// Weeks looked at.
        weeks: i64,
    },
    /// See [`Kind::NoStrength`].
    NoStrength {
        /// Whole weeks without a strength session.
        weeks: i64,
        /// The last strength session before them.
        last_session: NaiveDate,
        /// Strength sessions in the [`super::cross::HABIT_WEEKS`] weeks before that.
        sessions_before: usize,
        /// Runs in the stretch (running went on).
        runs: usize,
    },
    /// See [`Kind::CrossTrainingTookOver`].
    CrossTrainingTookOver {
        /// Weeks of the stretch.
        weeks: usize,
        /// Running time per week in the weeks before, seconds.
        run_s_per_week_before: f64,
        /// Running time per week in the stretch, seconds.
        run_s_per_week: f64,
        /// Other sports' time per week in the stretch, seconds.
        other_s_per_week: f64,
        /// The other sports, most time first.
        classes: Vec<super::sport::Class>,
    },
    /// See [`Kind::NewSport`].
    NewSport {
        /// The sport.
        class: super::sport::Class,
        /// Its first session.
        first: NaiveDate,
        /// Sessions of it since.
        sessions: usize,
        /// Weeks of history before it.
        weeks_before: i64,
    },
    /// See [`Kind::ActiveBreak`].
    ActiveBreak {
        /// The break's first day without a run.
        from: NaiveDate,
        /// Its last day without a run.
        to: NaiveDate,
        /// Sessions of other sports in it.
        sessions: usize,
        /// Their time per week of the break, seconds.
        time_s_per_week: f64,
        /// The sports, most time first.
        classes: Vec<super::sport::Class>,
        /// The first run after it.
        returned: Option<NaiveDate>,
    },
    /// See [`Kind::HarderAtUsualPace`].
    HarderAtUsualPace {
        /// The usual grade-adjusted speed, m/s.
        usual_speed_m_s: f64,
        /// Median RPE at it in the baseline window.
        rpe_before: f64,
        /// ... in the recent window.
        rpe_now: f64,
        /// Rated runs at the usual pace in the baseline window.
        rated_before: usize,
        /// ... in the recent window.
        rated_now: usize,
    },
    /// See [`Kind::RestingHrUp`].
    RestingHrUp {
        /// The baseline (median of the days before), bpm.
        baseline_bpm: f64,
        /// The recent mean on the day it was highest, bpm.
        recent_bpm: f64,
        /// That day.
        peak_day: NaiveDate,
        /// Days the rule held.
        days: usize,
    },
    /// See [`Kind::ShortSleep`].
    ShortSleep {
        /// Mean sleep over the nights, seconds.
        mean_s: f64,
        /// Nights recorded.
        nights: usize,
    },
    /// See [`Kind::HighStress`].
    HighStress {
        /// The watch's mean stress (0–100), when it held on it.
        mean_stress: Option<f64>,
        /// Days with the watch's stress (or noted as stressed, without it).
        days: usize,
        /// Days the runner noted stress 4 or 5.
        noted_days: usize,
    },
    /// See [`Kind::Ill`].
    Ill {
        /// Days noted as ill.
        days: usize,
    },
}

impl Evidence {
    /// The kind of finding these numbers belong to.
    pub fn kind(&self) -> Kind {
        match self {
            Evidence::LoadSpike { .. } => Kind::LoadSpike,
            Evidence::SustainedRamp { .. } => Kind::SustainedRamp,
            Evidence::Monotony { .. } => Kind::Monotony,
            Evidence::NoRestDay { .. } => Kind::NoRestDay,
            Evidence::NoCutBack { .. } => Kind::NoCutBack,
            Evidence::FrequentRacing { .. } => Kind::FrequentRacing,
            Evidence::RisingHrAtPace { .. } => Kind::RisingHrAtPace,
            Evidence::Unproductive { .. } => Kind::Unproductive,
            Evidence::Detraining { .. } => Kind::Detraining,
            Evidence::StaleRoutes { .. } => Kind::StaleRoutes,
            Evidence::NoQuality { .. } => Kind::NoQuality,
            Evidence::NoLongRun { .. } => Kind::NoLongRun,
            Evidence::SeasonalSlump { .. } => Kind::SeasonalSlump,
            Evidence::YearlyBreak { .. } => Kind::YearlyBreak,
            Evidence::ShoeWorn { .. } => Kind::ShoeWorn,
            Evidence::NoShoeRotation { .. } => Kind::NoShoeRotation,
            Evidence::NoStrength { .. } => Kind::NoStrength,
            Evidence::CrossTrainingTookOver { .. } => Kind::CrossTrainingTookOver,
            Evidence::NewSport { .. } => Kind::NewSport,
            Evidence::ActiveBreak { .. } => Kind::ActiveBreak,
            Evidence::HarderAtUsualPace { .. } => Kind::HarderAtUsualPace,
            Evidence::RestingHrUp { .. } => Kind::RestingHrUp,
            Evidence::ShortSleep { .. } => Kind::ShortSleep,
            Evidence::HighStress { .. } => Kind::HighStress,
            Evidence::Ill { .. } => Kind::Ill,
        }
    }
}

/// What data a finding stands on.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "basis", rename_all = "kebab-case")]
pub enum Basis {
    /// The load series: days of history and how the load was measured.
    History {
        /// Days in the series.
        days: usize,
        /// Activities.
        activities: usize,
        /// Of those, load from heart rate.
        load_from_hr: usize,
    },
    /// Runs with an aerobic speed in a trend rule's two windows.
    AerobicRuns {
        /// In the recent window.
        recent: usize,
        /// In the baseline window.
        baseline: usize,
    },
    /// Runs over a stretch of weeks.
    Runs {
        /// Runs.
        runs: usize,
        /// Whole weeks.
        weeks: i64,
    },
    /// Days of daily measurements (resting heart rate, sleep, stress) or notes.
    Days {
        /// Days with a value in the window judged.
        days: usize,
        /// Days with a value in its baseline.
        baseline: usize,
    },
    /// Runs with a GPS track in a stretch.
    GpsRuns {
        /// Runs.
        runs: usize,
    },
}

/// Days before the last day analysed within which a finding's, a phase's or a plateau's
/// evidence must end for it to be *ongoing* (the one definition; two weeks: the rolling
/// signals have weekly points, and a runner out two or three times a week may have no run
/// with heart rate in the aerobic band in a given week).
pub const ONGOING_DAYS: i64 = 14;

/// Whether evidence ending on `end` still holds on `last`, the last day analysed.
pub fn is_ongoing(end: NaiveDate, last: NaiveDate) -> bool {
    end >= last - Duration::days(ONGOING_DAYS)
}

/// A finding: what, how much it matters, when, the numbers and runs behind it, and what
/// data it stands on. The rule and the advice follow from the kind and the numbers.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    /// What it is about.
    pub kind: Kind,
    /// How much it matters.
    pub severity: Severity,
    /// The first day its rule held.
    pub detected_on: NaiveDate,
    /// First day of the evidence.
    pub start: NaiveDate,
    /// Last day of the evidence.
    pub end: NaiveDate,
    /// Whether the evidence reaches the last days analysed ([`is_ongoing`]).
    pub ongoing: bool,
    /// The numbers.
    pub evidence: Evidence,
    /// The activities behind it (at most [`MAX_LISTED`]).
    pub activities: Vec<String>,
    /// Activities behind it in all.
    pub activity_count: usize,
    /// What data it stands on.
    pub basis: Basis,
}

/// What the history lets the rules judge.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Sufficiency {
    /// Days in the series.
    pub days: usize,
    /// Activities.
    pub activities: usize,
    /// Activities whose load is from heart rate.
    pub load_from_hr: usize,
    /// Activities with an aerobic speed (the efficiency rules' input).
    pub with_aerobic_speed: usize,
    /// Whether the load rules have enough history ([`MIN_WEEKS`]).
    pub load_rules: bool,
    /// Whether the efficiency rules have enough runs.
    pub efficiency_rules: bool,
}

/// Everything the rules need.
#[derive(Debug, Clone, Copy)]
pub struct Input<'a> {
    /// The daily series.
    pub daily: &'a [Daily],
    /// The weekly series.
    pub weekly: &'a [Weekly],
    /// Counted activities in date order.
    pub runs: &'a [Run],
    /// Heart-rate anchors.
    pub hr: HrAnchors,
    /// Breaks in the runs ([`super::breaks`]): no trend window may span one.
    pub breaks: &'a [super::breaks::Break],
}

/// Runs dated inside `start..=end`.
pub(crate) fn runs_in(
    runs: &[Run],
    start: NaiveDate,
    end: NaiveDate,
) -> impl Iterator<Item = &Run> {
    runs.iter()
        .filter(move |r| r.date >= start && r.date <= end)
}

/// What every rule reads: the input, the last day analysed and the basis of a finding on
/// the load history.
pub(crate) struct Builder<'a> {
    pub(crate) input: Input<'a>,
    pub(crate) last: NaiveDate,
    pub(crate) history: Basis,
    /// Each run's workout, worked out once for the rules that read it.
    workouts: std::cell::OnceCell<Vec<super::variety::Workout>>,
    /// Each run's like-for-like aerobic speed, worked out once for the efficiency rules.
    like_for_like: std::cell::OnceCell<Vec<Option<f64>>>,
}

impl Builder<'_> {
    /// Each run's workout ([`super::variety::workouts`]), beside `input.runs`.
    pub(crate) fn workouts(&self) -> &[super::variety::Workout] {
        self.workouts
            .get_or_init(|| super::variety::workouts(self.input.runs))
    }

    /// Each run's like-for-like aerobic speed
    /// ([`super::detectors::efficiency::like_for_like`]), beside `input.runs`.
    pub(crate) fn like_for_like(&self) -> &[Option<f64>] {
        self.like_for_like.get_or_init(|| {
            super::detectors::efficiency::like_for_like(self.input.runs, self.workouts())
        })
    }

    /// A finding over `start..=end` with the runs inside it, standing on the load history.
    pub(crate) fn finding(
        &self,
        severity: Severity,
        detected_on: NaiveDate,
        (start, end): (NaiveDate, NaiveDate),
        evidence: Evidence,
    ) -> Finding {
        let ids: Vec<String> = runs_in(self.input.runs, start, end)
            .map(|r| r.id.clone())
            .collect();
        Finding {
            kind: evidence.kind(),
            severity,
            detected_on,
            start,
            end,
            ongoing: is_ongoing(end, self.last),
            evidence,
            activity_count: ids.len(),
            activities: ids.into_iter().take(MAX_LISTED).collect(),
            basis: self.history,
        }
    }
}
/// Applies every rule; findings come in `detected_on` order.
pub fn detect(input: Input<'_>) -> (Vec<Finding>, Sufficiency) {
    let suff = sufficiency(&input);
    let Some(last) = input.daily.last().map(|d| d.date) else {
        return (Vec::new(), suff);
    };
    let b = Builder {
        input,
        last,
        history: Basis::History {
            days: suff.days,
            activities: suff.activities,
            load_from_hr: suff.load_from_hr,
        },
        workouts: Default::default(),
        like_for_like: Default::default(),
    };
    let mut out = Vec::new();
    if suff.load_rules {
        super::detectors::load::load_spikes(&b, &mut out);
        super::detectors::load::ramps(&b, &mut out);
        super::detectors::load::monotony(&b, &mut out);
        super::detectors::load::no_cut_back(&b, &mut out);
        super::detectors::detraining::detraining(&b, &mut out);
    }
    super::detectors::load::no_rest(&b, &mut out);
    super::detectors::load::racing(&b, &mut out);
    if suff.efficiency_rules {
        super::detectors::efficiency::rising_hr(&b, &mut out);
        super::detectors::efficiency::unproductive(&b, &mut out);
    }
    // A running analysis says nothing of the weeks the runner did not run (rides and walks
    // keep their load in fitness, but "no rest day" over bike commutes in a break from
    // running is no advice): findings inside a break, or inside the stretch after the
    // last run when it is a break's length, are left out; the break is named instead.
    let mut gaps: Vec<(NaiveDate, NaiveDate)> =
        b.input.breaks.iter().map(|br| (br.from, br.to)).collect();
    if let Some(last_run) = b.input.runs.iter().map(|r| r.date).max()
        && (last - last_run).num_days() > super::breaks::BREAK_WEEKS * 7
    {
        gaps.push((last_run + Duration::days(1), last));
    }
    out.retain(|f| {
        !gaps
            .iter()
            .any(|(from, to)| f.start >= *from && f.end <= *to)
    });
    out.sort_by_key(|f| (f.detected_on, f.kind));
    (out, suff)
}

fn sufficiency(input: &Input<'_>) -> Sufficiency {
    let days = input.daily.len();
    let activities = input.runs.len();
    let load_from_hr = input.runs.iter().filter(|r| r.load_from_hr).count();
    let with_aerobic_speed = input
        .runs
        .iter()
        .filter(|r| r.aerobic_speed_m_s.is_some())
        .count();
    let load_rules = days as f64 >= MIN_WEEKS * 7.0;
    let efficiency_rules = with_aerobic_speed >= HR_MIN_RECENT + HR_MIN_BASELINE
        && days as i64 >= HR_RECENT_DAYS + HR_BASELINE_DAYS;
    Sufficiency {
        days,
        activities,
        load_from_hr,
        with_aerobic_speed,
        load_rules,
        efficiency_rules,
    }
}

/// Groups sorted indices whose gaps are at most `gap` into (first, last) runs.
pub(crate) fn episodes(idx: &[usize], gap: usize) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    for &i in idx {
        match out.last_mut() {
            Some((_, e)) if i - *e <= gap => *e = i,
            _ => out.push((i, i)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::load::{DayInput, daily_series, weekly_series};

    fn d0() -> NaiveDate {
        NaiveDate::from_ymd_opt(2024, 1, 1).unwrap() // Monday
    }

    /// Runs on the given day offsets with a load per day offset.
    fn history(days: impl IntoIterator<Item = (i64, f64)>) -> (Vec<Run>, Vec<DayInput>) {
        let mut runs = Vec::new();
        let mut inputs = Vec::new();
        for (i, (day, load)) in days.into_iter().enumerate() {
            let date = d0() + Duration::days(day);
            runs.push(Run {
                id: format!("a{i}"),
                date,
                load,
                distance_m: load * 100.0,
                moving_time_s: load * 36.0,
                decoupling_pct: None,
                vdot: None,
                intensity_factor: None,
                hard_s: 0.0,
                race: None,
                aerobic_speed_m_s: None,
                load_from_hr: true,
                ..Run::default()
            });
            inputs.push(DayInput {
                class: crate::analysis::sport::Class::Running,
                date,
                load,
                distance_m: load * 100.0,
                moving_time_s: load * 36.0,
            });
        }
        (runs, inputs)
    }

    fn run_rules(runs: &[Run], inputs: &[DayInput], until: NaiveDate) -> Vec<Finding> {
        let daily = daily_series(inputs, until);
        let weekly = weekly_series(&daily, inputs);
        let breaks =
            crate::analysis::breaks::breaks(&runs.iter().map(|r| r.date).collect::<Vec<_>>());
        detect(Input {
            daily: &daily,
            weekly: &weekly,
            runs,
            hr: HrAnchors {
                rest_bpm: 50.0,
                aerobic_ref_bpm: 148.0,
            },
            breaks: &breaks,
        })
        .0
    }

    /// A ride of `load` on day `day` (only runs add weekly distance and time).
    fn ride(day: i64, load: f64) -> DayInput {
        DayInput {
            class: crate::analysis::sport::Class::Cycling,
            date: d0() + Duration::days(day),
            load,
            distance_m: load * 300.0,
            moving_time_s: load * 36.0,
        }
    }

    /// Four runs a week (Tue, Thu, Sat, Sun) with a cut-back every 4th week.
    fn periodized(weeks: i64) -> Vec<(i64, f64)> {
        let mut v = Vec::new();
        for w in 0..weeks {
            let f = if w % 4 == 3 { 0.65 } else { 1.0 };
            for (day, load) in [(1, 50.0), (3, 60.0), (5, 40.0), (6, 90.0)] {
                v.push((w * 7 + day, load * f));
            }
        }
        v
    }

    #[test]
    fn daily_rides_after_the_last_run_raise_nothing() {
        // Twelve periodized weeks of running, then ten weeks of a daily bike commute and
        // no run: not running is the news (a break), not "no rest day" over the rides.
        let (runs, mut inputs) = history(periodized(12));
        inputs.extend((12 * 7..22 * 7).map(|day| ride(day, 30.0)));
        let f = run_rules(&runs, &inputs, d0() + Duration::days(22 * 7 - 1));
        let last_run = runs.iter().map(|r| r.date).max().unwrap();
        assert!(f.iter().all(|x| x.start <= last_run), "{f:#?}");
        // The same rides between runs (a seven-week gap in the running, not a break) are
        // training days: the rule sees them.
        let (mut runs2, mut inputs2) = (runs.clone(), inputs.clone());
        let (more_runs, more_inputs) = history(
            periodized(4)
                .into_iter()
                .map(|(d, l)| (d + 19 * 7, l))
                .collect::<Vec<_>>(),
        );
        runs2.extend(more_runs);
        inputs2.extend(more_inputs);
        inputs2.retain(|x| {
            x.date < d0() + Duration::days(19 * 7)
                || x.class != crate::analysis::sport::Class::Cycling
        });
        let f = run_rules(&runs2, &inputs2, d0() + Duration::days(23 * 7 - 1));
        assert!(f.iter().any(|x| x.kind == Kind::NoRestDay), "{f:#?}");
    }

    #[test]
    fn a_periodized_history_raises_nothing() {
        let (runs, inputs) = history(periodized(30));
        let f = run_rules(&runs, &inputs, d0() + Duration::days(30 * 7 - 1));
        assert!(f.is_empty(), "{f:#?}");
    }

    #[test]
    fn too_short_a_history_is_not_judged() {
        let (runs, inputs) = history((0..20).map(|i| (i, 50.0)));
        let daily = daily_series(&inputs, d0() + Duration::days(19));
        let weekly = weekly_series(&daily, &inputs);
        let (f, s) = detect(Input {
            daily: &daily,
            weekly: &weekly,
            runs: &runs,
            hr: HrAnchors {
                rest_bpm: 50.0,
                aerobic_ref_bpm: 148.0,
            },
            breaks: &[],
        });
        assert!(!s.load_rules && !s.efficiency_rules);
        // 20 days in a row still is 20 days without rest: that rule needs no history.
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].kind, Kind::NoRestDay);
        assert_eq!(f[0].detected_on, d0() + Duration::days(13));
        assert!(f[0].ongoing);
    }

    #[test]
    fn seven_runs_a_week_with_a_long_run_and_a_quality_day_are_not_monotony() {
        // Every day a run: easy 40s, a quality day at 70 and a long run at 100. Foster's
        // monotony is 2.6 (no rest day), but the long run stands out: no finding.
        let mut days = Vec::new();
        for w in 0..16 {
            let f = if w % 4 == 3 { 0.7 } else { 1.0 };
            for (d, l) in [40.0, 70.0, 40.0, 45.0, 40.0, 100.0, 40.0]
                .iter()
                .enumerate()
            {
                days.push((w * 7 + d as i64, l * f));
            }
        }
        let (runs, inputs) = history(days.clone());
        let f = run_rules(&runs, &inputs, d0() + Duration::days(16 * 7 - 1));
        assert!(f.iter().all(|x| x.kind != Kind::Monotony), "{f:#?}");
        // The same volume spread evenly over seven days is, and so are six identical days
        // beside one long run.
        let even: Vec<(i64, f64)> = days.iter().map(|(d, _)| (*d, 53.6)).collect();
        let (runs, inputs) = history(even);
        let f = run_rules(&runs, &inputs, d0() + Duration::days(16 * 7 - 1));
        assert!(f.iter().any(|x| x.kind == Kind::Monotony), "{f:#?}");
        // At the load the runner is used to (every week the same), it is information: no
        // week is above 1.3 × the four before.
        assert!(
            f.iter()
                .filter(|x| x.kind == Kind::Monotony)
                .all(|x| x.severity == Severity::Info),
            "{f:#?}"
        );
        let one_long: Vec<(i64, f64)> = days
            .iter()
            .map(|(d, _)| (*d, if d % 7 == 5 { 95.0 } else { 60.0 }))
            .collect();
        let (runs, inputs) = history(one_long);
        let f = run_rules(&runs, &inputs, d0() + Duration::days(16 * 7 - 1));
        assert!(f.iter().any(|x| x.kind == Kind::Monotony), "{f:#?}");
    }

    #[test]
    fn a_runner_out_once_in_three_weeks_does_not_detrain_after_every_run() {
        // Sixteen weeks every other day (fitness built), then one run of 40 every 24 days
        // for 300 days: each run lifts fitness a little and it ebbs to 56 % by the next, but
        // only the fall from the built-up fitness (and its ebb while the base lasts) is
        // detraining, not the ebb after each run once the base has gone.
        let mut days: Vec<(i64, f64)> = (0..56).map(|k| (k * 2, 50.0)).collect();
        days.extend((0..13).map(|k| (112 + 24 * (k + 1), 40.0)));
        let last = d0() + Duration::days(112 + 24 * 14);
        let (runs, inputs) = history(days);
        let f = run_rules(&runs, &inputs, last);
        let detraining: Vec<_> = f.iter().filter(|x| x.kind == Kind::Detraining).collect();
        assert!(!detraining.is_empty(), "{f:#?}");
        assert!(
            detraining
                .iter()
                .all(|x| x.start < d0() + Duration::days(112 + 150)),
            "{detraining:#?}"
        );
    }

    #[test]
    fn one_ordinary_run_after_quiet_weeks_is_no_spike() {
        // Out once a fortnight for half a year (a run of 40), then a month off, then one
        // ordinary run: a ratio of 2 over the floor of the usual week, one of the heaviest
        // weeks, but a single run of the kind the runner always does.
        let mut days: Vec<(i64, f64)> = (0..13).map(|k| (k * 14, 40.0)).collect();
        days.push((13 * 14 + 28, 40.0));
        let last = d0() + Duration::days(13 * 14 + 34);
        let (runs, inputs) = history(days.clone());
        let f = run_rules(&runs, &inputs, last);
        assert!(f.iter().all(|x| x.kind != Kind::LoadSpike), "{f:#?}");
        // Three such runs in that week are a spike.
        days.extend([(13 * 14 + 30, 40.0), (13 * 14 + 32, 40.0)]);
        let (runs, inputs) = history(days);
        let f = run_rules(&runs, &inputs, last);
        assert!(f.iter().any(|x| x.kind == Kind::LoadSpike), "{f:#?}");
    }

    #[test]
    fn a_quality_session_of_ordinary_load_is_a_hard_day() {
        // Seven runs a week (the held-out-like sweep's): easy 12–20, hills on day 3 at an easy
        // day's load of 20, a long run at 29. Only the long run stands out by load; the
        // hills session's 15 minutes in zones 4–5 (a tempo run) make it the second hard day.
        let week = [12.0, 19.0, 12.0, 20.0, 9.0, 14.0, 29.0];
        let days: Vec<(i64, f64)> = (0..16)
            .flat_map(|w| {
                let f = if w % 4 == 3 { 0.7 } else { 1.0 };
                week.iter()
                    .enumerate()
                    .map(move |(d, l)| (w * 7 + d as i64, l * f))
            })
            .collect();
        let last = d0() + Duration::days(16 * 7 - 1);
        let (mut runs, inputs) = history(days);
        let f = run_rules(&runs, &inputs, last);
        assert!(f.iter().any(|x| x.kind == Kind::Monotony), "{f:#?}");
        for r in runs
            .iter_mut()
            .filter(|r| (r.date - d0()).num_days() % 7 == 3)
        {
            r.hard_s = 15.0 * 60.0;
        }
        let f = run_rules(&runs, &inputs, last);
        assert!(f.iter().all(|x| x.kind != Kind::Monotony), "{f:#?}");
        // Tempo every day: nothing stands out, the same stimulus seven times.
        for r in runs.iter_mut() {
            r.hard_s = 15.0 * 60.0;
        }
        let f = run_rules(&runs, &inputs, last);
        assert!(f.iter().any(|x| x.kind == Kind::Monotony), "{f:#?}");
    }

    #[test]
    fn streak_ramp_spike_and_monotony_fire_where_planted() {
        // 12 periodized weeks, then every day, +15 % a week, identical days.
        let mut days = periodized(12);
        let mut load = 45.0;
        for w in 12..18 {
            load *= 1.15;
            for d in 0..7 {
                days.push((w * 7 + d, load));
            }
        }
        let (runs, inputs) = history(days);
        let f = run_rules(&runs, &inputs, d0() + Duration::days(18 * 7 - 1));
        let change = d0() + Duration::days(12 * 7);
        let kinds: Vec<Kind> = f.iter().map(|x| x.kind).collect();
        for k in [Kind::NoRestDay, Kind::SustainedRamp, Kind::Monotony] {
            assert!(kinds.contains(&k), "{k:?} missing: {kinds:?}");
        }
        // Identical days while the load climbs 15 % a week: monotony under a rising load
        // is the warning (Foster's strain).
        let m = f
            .iter()
            .find(|x| x.kind == Kind::Monotony)
            .expect("monotony");
        assert!(m.severity >= Severity::Warning, "{m:#?}");
        let Evidence::Monotony { load_ratio_max, .. } = m.evidence else {
            panic!("{m:#?}")
        };
        assert!(
            load_ratio_max.is_some_and(|r| r > MONOTONY_LOAD_RATIO),
            "{m:#?}"
        );
        for x in &f {
            assert!(x.detected_on >= change, "{x:#?}");
        }
        let streak = f.iter().find(|x| x.kind == Kind::NoRestDay).unwrap();
        // The streak starts with the weekend runs before the change.
        let start = change - Duration::days(2);
        assert_eq!(streak.start, start);
        assert_eq!(streak.detected_on, start + Duration::days(13));
        assert!(matches!(
            streak.evidence,
            Evidence::NoRestDay { days: 44, .. }
        ));
        assert_eq!(streak.severity, Severity::Alert);
        assert_eq!(streak.activity_count, 44);
        assert_eq!(streak.activities.len(), MAX_LISTED);
    }

    /// Four runs a week on weekdays drawn at random each week (a simple LCG), the long run
    /// included, a cut-back week every 4th: what a healthy runner without a fixed schedule
    /// does.
    fn random_weekdays(weeks: i64, seed: u64) -> Vec<(i64, f64)> {
        let mut x = seed;
        let mut next = || {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (x >> 33) as usize
        };
        let mut v = Vec::new();
        for w in 0..weeks {
            let f = if w % 4 == 3 { 0.65 } else { 1.0 };
            let mut days: Vec<i64> = (0..7).collect();
            for i in (1..7).rev() {
                days.swap(i, next() % (i + 1));
            }
            let mut chosen = days[..4].to_vec();
            chosen.sort_unstable();
            for (day, load) in chosen.into_iter().zip([50.0, 60.0, 40.0, 90.0]) {
                v.push((w * 7 + day, load * f));
            }
        }
        v
    }

    #[test]
    fn runs_on_random_weekdays_are_no_load_spike() {
        // A rolling 7-day window that catches six of these runs instead of four is not a
        // week clearly above the usual ones.
        for seed in 1..=20 {
            let (runs, inputs) = history(random_weekdays(40, seed));
            let f = run_rules(&runs, &inputs, d0() + Duration::days(40 * 7 - 1));
            let spikes: Vec<&Finding> = f.iter().filter(|x| x.kind == Kind::LoadSpike).collect();
            assert!(spikes.is_empty(), "seed {seed}: {spikes:#?}");
        }
    }

    #[test]
    fn a_sudden_jump_is_a_load_spike() {
        let mut days = periodized(8);
        for d in 0..7 {
            days.push((8 * 7 + d, 120.0));
        }
        let (runs, inputs) = history(days);
        let f = run_rules(&runs, &inputs, d0() + Duration::days(9 * 7 - 1));
        let s = f.iter().find(|x| x.kind == Kind::LoadSpike).expect("spike");
        let Evidence::LoadSpike { acwr_peak, .. } = s.evidence else {
            panic!("{s:#?}")
        };
        assert!(acwr_peak.is_some_and(|r| r > SPIKE_ACWR), "{s:#?}");
        assert!(s.detected_on >= d0() + Duration::days(56));
    }

    #[test]
    fn a_break_is_detraining_and_coming_back_at_full_load_is_a_spike() {
        let back = |share: f64| {
            let mut days = periodized(12);
            // Five weeks off, then back at `share` of the usual weeks.
            for (d, l) in periodized(4) {
                days.push((17 * 7 + d, l * share));
            }
            let (runs, inputs) = history(days);
            run_rules(&runs, &inputs, d0() + Duration::days(21 * 7 - 1))
        };
        let full = back(1.0);
        let kinds: Vec<Kind> = full.iter().map(|x| x.kind).collect();
        assert!(kinds.contains(&Kind::Detraining), "{kinds:?}");
        let spike = full
            .iter()
            .find(|x| x.kind == Kind::LoadSpike)
            .expect("spike");
        assert!(spike.detected_on >= d0() + Duration::days(17 * 7));
        // Half the usual load after a break is the advice itself, not a spike.
        let half = back(0.5);
        assert!(half.iter().all(|x| x.kind != Kind::LoadSpike), "{half:#?}");
    }

    /// Four runs a week (a fifth, a quarter, a sixth and two fifths of the week's load) for
    /// each of `loads`; none in a week of 0.
    fn weekly_loads(loads: &[f64]) -> Vec<(i64, f64)> {
        let mut days = Vec::new();
        for (w, &load) in loads.iter().enumerate() {
            for (day, share) in [(1, 0.2), (3, 0.25), (5, 0.15), (6, 0.4)] {
                if load > 0.0 {
                    days.push((w as i64 * 7 + day, load * share));
                }
            }
        }
        days
    }

    /// Twelve periodized weeks (240 a week, 156 in cut-back weeks), `off` weeks off, then
    /// weeks at `shares` of the usual week.
    fn back_after(off: i64, shares: &[f64]) -> Vec<Finding> {
        let mut days = periodized(12);
        let start = 12 + off;
        for (k, share) in shares.iter().enumerate() {
            for (day, load) in [(1, 50.0), (3, 60.0), (5, 40.0), (6, 90.0)] {
                days.push(((start + k as i64) * 7 + day, load * share));
            }
        }
        let (runs, inputs) = history(days);
        let end = start + shares.len() as i64;
        run_rules(&runs, &inputs, d0() + Duration::days(end * 7 - 1))
    }

    #[test]
    fn a_graduated_return_to_the_usual_week_is_no_spike() {
        let spikes = |f: &[Finding]| f.iter().filter(|x| x.kind == Kind::LoadSpike).count();
        // Daniels after two and four weeks off: half the time off at 50 % of the load, half
        // at 75 %, then the usual week. Over the weeks off its ratio is 2.0 and 1.6.
        let two = back_after(2, &[0.5, 0.75, 1.0, 1.0, 1.0]);
        assert_eq!(spikes(&two), 0, "{two:#?}");
        let four = back_after(4, &[0.5, 0.5, 0.75, 0.75, 1.0, 1.0]);
        assert_eq!(spikes(&four), 0, "{four:#?}");
        // From half straight to the usual week is a spike, and so is 1.6 × the level of
        // before the break; 1.3 × is not, when the runner came back in steps.
        assert_eq!(spikes(&back_after(4, &[0.5, 1.0, 1.0, 1.0])), 1);
        assert_eq!(spikes(&back_after(2, &[0.5, 0.75, 1.0, 1.6])), 1);
        assert_eq!(spikes(&back_after(2, &[0.5, 0.75, 1.0, 1.3])), 0);
        // The level of before is the runner's usual week then, not their biggest (tiny656,
        // 2024: 168, 224, 70 and 137, a week off, 112, 71, 92, 173, then 277: 1.8 × the
        // median of before, though only 1.24 × its biggest week).
        let mut weeks = vec![180.0; 8];
        weeks.extend([
            168.0, 224.0, 70.0, 137.0, 0.0, 112.0, 71.0, 92.0, 173.0, 277.0,
        ]);
        let (runs, inputs) = history(weekly_loads(&weeks));
        let f = run_rules(&runs, &inputs, d0() + Duration::days(18 * 7 - 1));
        let spike: Vec<&Finding> = f.iter().filter(|x| x.kind == Kind::LoadSpike).collect();
        assert_eq!(spike.len(), 1, "{f:#?}");
        assert_eq!(spike[0].start, d0() + Duration::days(17 * 7), "{spike:#?}");
        // After a break longer than Daniels' four weeks, the ratio over the weeks off
        // holds: the runner is not used to the load of before any more.
        assert_eq!(spikes(&back_after(6, &[0.5, 0.75, 1.0, 1.0])), 1);
    }

    #[test]
    fn a_return_graded_in_its_running_is_graduated_whatever_the_rides_around_it() {
        // Two weeks off, then Daniels' return in the running (50 %, 75 %, then the usual
        // 240), with a ride of 90 in the second week back and of 60 in the third: the load
        // goes 120, 270, 300 (2.25 × in one week) while the running goes 1.5 × and 1.33 ×.
        // Against the level of before the break (240) the third week is 1.25 ×, no spike;
        // against the weeks off it read 2.5 ×, an alert (the detector sweep's cross-training
        // runners back from their gaps, seeds 60 and 80). Without the running's steps, the
        // same loads from runs alone are no graduated return, and the third week a spike.
        let back = |as_rides: bool| {
            let mut days = periodized(12);
            for (k, share) in [0.5, 0.75, 1.0].into_iter().enumerate() {
                for (day, load) in [(1, 50.0), (3, 60.0), (5, 40.0), (6, 90.0)] {
                    days.push(((14 + k as i64) * 7 + day, load * share));
                }
            }
            let extra = [(15 * 7 + 2, 90.0), (16 * 7 + 2, 60.0)];
            if !as_rides {
                // The rides' load run instead: the running itself doubled.
                days.extend(extra);
            }
            let (runs, mut inputs) = history(days);
            if as_rides {
                inputs.extend(extra.map(|(day, load)| ride(day, load)));
                inputs.sort_by_key(|x| x.date);
            }
            let f = run_rules(&runs, &inputs, d0() + Duration::days(17 * 7 - 1));
            f.into_iter()
                .filter(|x| x.kind == Kind::LoadSpike)
                .collect::<Vec<_>>()
        };
        let with_rides = back(true);
        assert!(with_rides.is_empty(), "{with_rides:#?}");
        assert!(!back(false).is_empty());
    }

    #[test]
    fn the_week_after_a_cut_back_week_is_judged_against_the_weeks_before_it() {
        // A cut-back week (120 after 180, 200 and 190) is a planned step back, not a lower
        // level: 270 after it is 1.57 × the mean of the 4 weeks but 1.42 × the three others
        // (the sweep's seeds 16 and 36 with cross-training: a heavy week after a recovery
        // week, 8–12 % above the heaviest week before it, read as a spike). 320 after it is
        // a spike all the same, 1.68 × the three.
        let spike = |last: f64| {
            let mut weeks = vec![180.0; 8];
            weeks.extend([180.0, 200.0, 190.0, 120.0, last]);
            let (runs, inputs) = history(weekly_loads(&weeks));
            let f = run_rules(&runs, &inputs, d0() + Duration::days(13 * 7 - 1));
            f.into_iter().find(|x| x.kind == Kind::LoadSpike)
        };
        assert!(spike(270.0).is_none(), "{:#?}", spike(270.0));
        let s = spike(320.0).expect("a spike after the cut-back week");
        let Evidence::LoadSpike {
            against,
            chronic_load_per_week,
            mean_4_weeks,
            ..
        } = s.evidence
        else {
            panic!("{s:#?}")
        };
        assert_eq!(against, SpikeAgainst::LessCutBacks { weeks: 1 });
        assert!((chronic_load_per_week - 190.0).abs() < 1e-6, "{s:#?}");
        assert!((mean_4_weeks - 172.5).abs() < 1e-6, "{s:#?}");
        assert_eq!(s.start, d0() + Duration::days(12 * 7));
    }

    #[test]
    fn coming_back_to_the_usual_load_after_a_break_is_not_building() {
        // Three weeks off, then eight weeks without a cut-back week: the return (50 %,
        // 50 %, 75 %) and the usual week. The load only came back to where it was: no
        // cut-back week is information. Building on past it is the warning.
        let no_cut_back = |f: &[Finding]| {
            f.iter()
                .filter(|x| x.kind == Kind::NoCutBack)
                .map(|x| x.severity)
                .collect::<Vec<_>>()
        };
        let back = back_after(3, &[0.5, 0.5, 0.75, 1.0, 1.0, 1.0, 1.0, 1.0]);
        assert_eq!(no_cut_back(&back), [Severity::Info], "{back:#?}");
        let on = back_after(3, &[0.5, 0.5, 0.75, 1.0, 1.0, 1.05, 1.2, 1.35]);
        assert_eq!(no_cut_back(&on), [Severity::Warning], "{on:#?}");
        // It is a warning from the week its last 3 weeks rose past the level (week 8 of
        // the stretch: weeks 15–22), not from its sixth week, when it was information.
        let warned = on.iter().find(|x| x.kind == Kind::NoCutBack).unwrap();
        assert_eq!(
            warned.detected_on,
            d0() + Duration::days(22 * 7 + 6),
            "{warned:#?}"
        );
        // A first week back lighter than the weeks before the break read as a cut-back
        // week (100 against a mean of 160 over 240, 240 and the week off): the stretch
        // starts a week later, after the break all the same.
        let mut weeks = vec![240.0; 10];
        weeks.extend([0.0, 100.0, 180.0, 200.0, 220.0, 240.0, 240.0, 240.0, 240.0]);
        let (runs, inputs) = history(weekly_loads(&weeks));
        let f = run_rules(&runs, &inputs, d0() + Duration::days(19 * 7 - 1));
        // (The ten weeks before the break are a stretch too: information.)
        assert_eq!(no_cut_back(&f), [Severity::Info, Severity::Info], "{f:#?}");
    }

    #[test]
    fn three_races_in_eight_weeks() {
        let (mut runs, inputs) = history(periodized(16));
        for i in [10, 30, 50] {
            runs[i].race = Some(RaceMark::Flag);
        }
        let f = run_rules(&runs, &inputs, d0() + Duration::days(16 * 7 - 1));
        let r: Vec<&Finding> = f
            .iter()
            .filter(|x| x.kind == Kind::FrequentRacing)
            .collect();
        assert!(r.is_empty(), "3 races in 71 days: {r:#?}");
        runs[40].race = Some(RaceMark::Effort);
        let f = run_rules(&runs, &inputs, d0() + Duration::days(16 * 7 - 1));
        let r: Vec<&Finding> = f
            .iter()
            .filter(|x| x.kind == Kind::FrequentRacing)
            .collect();
        assert_eq!(r.len(), 1);
        // a10 (day 19), a30 (54) and a40 (71) are 3 in 53 days; a50 (89) extends it.
        assert_eq!(r[0].activities, ["a10", "a30", "a40", "a50"]);
        assert_eq!(r[0].detected_on, runs[40].date);
    }

    #[test]
    fn races_are_flagged_or_exceptional_efforts() {
        // A run every day for 60 days at 3.0 m/s and IF 0.8, hard sessions (3.4 m/s, IF 1.0)
        // every 3rd day, and one 10 km at 3.8 m/s and IF 1.0 on day 30.
        let mut e: Vec<Effort> = (0..60)
            .map(|i| Effort {
                date: d0() + Duration::days(i),
                flag: None,
                hr_intensity_factor: Some(if i % 3 == 0 { 1.0 } else { 0.8 }),
                moving_s: 2700.0,
                gap_speed_m_s: Some(if i % 3 == 0 { 3.4 } else { 3.0 }),
            })
            .collect();
        e[31].gap_speed_m_s = Some(3.8);
        e[31].hr_intensity_factor = Some(1.0);
        e[40].flag = Some(true);
        e[42].flag = Some(false);
        let m = race_marks(&e);
        let races: Vec<usize> = (0..60).filter(|&i| m[i].is_some()).collect();
        assert_eq!(races, [31, 40]);
        assert_eq!(m[31], Some(RaceMark::Effort));
        assert_eq!(m[40], Some(RaceMark::Flag));
        // The same fast run at an easy heart rate is no race; a fast run too short is none.
        e[31].hr_intensity_factor = Some(0.85);
        assert_eq!(race_marks(&e)[31], None);
        e[31].hr_intensity_factor = Some(1.0);
        e[31].moving_s = 300.0;
        assert_eq!(race_marks(&e)[31], None);
    }

    #[test]
    fn slower_at_the_same_heart_rate() {
        let (mut runs, inputs) = history(periodized(16));
        let n = runs.len();
        for (i, r) in runs.iter_mut().enumerate() {
            let wobble = [1.0, 1.01, 0.99, 1.005][i % 4];
            let v = if i >= n - 12 { 2.8 } else { 3.0 };
            r.aerobic_speed_m_s = Some(v * wobble);
        }
        let f = run_rules(&runs, &inputs, d0() + Duration::days(16 * 7 - 1));
        let h = f
            .iter()
            .find(|x| x.kind == Kind::RisingHrAtPace)
            .expect("rising HR");
        assert!(h.ongoing);
        // (148 − 50) · (3.0/2.8 − 1) = 7 bpm.
        let Evidence::RisingHrAtPace {
            extra_bpm_at_baseline_pace,
            ..
        } = h.evidence
        else {
            panic!("{h:#?}")
        };
        assert!((extra_bpm_at_baseline_pace - 7.0).abs() < 1.0, "{h:#?}");
        assert!(h.detected_on >= runs[n - 12].date);
    }

    #[test]
    fn a_block_of_tempo_runs_is_no_rising_heart_rate() {
        // Sixteen weeks of three runs a week: easy runs at an aerobic speed of 3.0 and a
        // tempo run on Fridays at 2.85 (heart rate rises faster than speed in a hard run, so
        // its band time reads 5 % slower). In the last three weeks every run is a tempo run
        // at that same 2.85: the mix changed, not the fitness. Like for like nothing fell.
        let days: Vec<(i64, f64)> = (0..16)
            .flat_map(|w| [0, 2, 4].map(|d| (w * 7 + d, 50.0)))
            .collect();
        let (mut runs, inputs) = history(days);
        let n = runs.len();
        let set = |runs: &mut Vec<Run>, drop: f64| {
            for (i, r) in runs.iter_mut().enumerate() {
                let tempo = i >= n - 9 || i % 3 == 2;
                let wobble = [1.0, 1.01, 0.99, 1.005][i % 4];
                r.hard_s = if tempo { 15.0 * 60.0 } else { 0.0 };
                let v = if tempo { 2.85 } else { 3.0 };
                let v = if i >= n - 9 { v * (1.0 - drop) } else { v };
                r.aerobic_speed_m_s = Some(v * wobble);
            }
        };
        let last = d0() + Duration::days(16 * 7 - 1);
        set(&mut runs, 0.0);
        let kinds = crate::analysis::variety::workouts(&runs);
        assert_eq!(kinds[2], crate::analysis::variety::Workout::Tempo);
        assert_eq!(kinds[0], crate::analysis::variety::Workout::Easy);
        let f = run_rules(&runs, &inputs, last);
        assert!(f.iter().all(|x| x.kind != Kind::RisingHrAtPace), "{f:#?}");
        // The same block 6 % slower than tempo runs were: that is a rise.
        set(&mut runs, 0.06);
        let f = run_rules(&runs, &inputs, last);
        assert!(f.iter().any(|x| x.kind == Kind::RisingHrAtPace), "{f:#?}");
    }

    #[test]
    fn episodes_merge_small_gaps() {
        assert_eq!(
            episodes(&[1, 2, 3, 7, 8, 20], 3),
            [(1, 3), (7, 8), (20, 20)]
        );
        assert!(episodes(&[], 3).is_empty());
    }
}
