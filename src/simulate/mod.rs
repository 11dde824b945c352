//! A simulated athlete with known truths: a deterministic runner whose history has a planted
//! plateau, stale routes, overtraining or seasonal dips (or nothing), written as FIT, GPX or
//! TCX files plus `truth.json`, so that detectors can be tested against known answers.
//!
//! # Model
//! - **Fitness** is the threshold speed `v_thr` (m/s). Its weekly course is set by the
//!   scenario (see [`Scenario`]): it improves with consistent, varied training
//!   ([`IMPROVE_PER_WEEK`]), stays flat in a rut, and falls under overtraining.
//! - **Load and fatigue** follow Banister's impulse-response model on daily TRIMP: fitness
//!   `CTL_t = CTL_{t−1}·e^{−1/42} + TRIMP_t·(1 − e^{−1/42})`, fatigue likewise with 7 days.
//!   Heart rate on a day rises by [`FATIGUE_BPM_PER_TSB`] for each point fatigue exceeds
//!   fitness (TSB < 0): the "usual pace feels harder" sign of overtraining.
//! - **Sessions** (easy, long, recovery, tempo, intervals, hills, race, moderate) and their
//!   second-by-second physiology are in [`session`]; the map and routes in [`routes`].
//! - Everything is drawn from one seeded generator ([`rng::Rng`], forked per activity): the
//!   same seed and options give byte-identical files.
//!
//! # Structural variants
//! The knobs of [`Config`] beyond the scenario change the *shape* of the history, so that the
//! detectors are tried on histories they were not tuned on: the plateau's shape
//! ([`PlateauShape`]), the weekdays of the runs ([`RunDays`]), 3–7 runs a week, cut-back
//! weeks or none ([`CutBack`]), the heart-rate response ([`session::HrModel`]), the watch's
//! sampling and GPS noise ([`session::Watch`]), short gaps without running and
//! cross-training. Every draw a variant needs comes from its own stream, and with every knob
//! at its default the output is byte-identical to the simulator before the knobs existed;
//! `truth.json` then has no `variant` (see [`Variant`]).

pub mod rng;
pub mod routes;
pub mod session;

use std::path::Path;

use chrono::{Datelike, Duration, NaiveDate, TimeZone, Utc};
use serde::Serialize;

use crate::model::ParsedActivity;
use rng::Rng;
use routes::{Route, RouteKind};
use session::{Day, HrModel, Recording, SessionType, Watch};

/// Threshold-speed gain per week of consistent varied training (0.35 %: about 2.5 min on a
/// 50 min 10 km over a year, a typical first-years rate).
pub const IMPROVE_PER_WEEK: f64 = 0.0035;
/// Threshold-speed loss per week of overreaching once fatigue has built up.
pub const OVERTRAINING_LOSS_PER_WEEK: f64 = 0.004;
/// Extra bpm per unit of negative training stress balance (fatigue − fitness, in TRIMP/day).
pub const FATIGUE_BPM_PER_TSB: f64 = 0.35;
/// Week-over-week base-volume increase of a build week, up to [`BUILD_CAP_KM`]. With
/// cut-back weeks (every 4th) the volume grows in 3 weeks of 4; without them it grows every
/// week by the same 4-week factor ([`build_ramp`]), so that the knob removes the lighter
/// weeks and little else: the volume reaches its cap in the same week either way (week 21
/// of a 52-week history, two before the change at week 23, counted from 0), not 7 weeks
/// before the change as a 5 % build every week did. (The volume it then holds differs by
/// 2.4 %: the build stops at its first week at or above the cap, 57.3 km with cut-back
/// weeks, 55.9 km without.)
pub const BUILD_RAMP: f64 = 0.05;
/// Base weekly volume the build stops growing from (its first week at or above it), km
/// (before the runs-per-week scaling).
pub const BUILD_CAP_KM: f64 = 55.0;

/// The week-over-week base-volume increase of a build week under `cut_back`.
pub fn build_ramp(cut_back: CutBack) -> f64 {
    match cut_back {
        CutBack::Every4th => BUILD_RAMP,
        CutBack::None => (1.0 + BUILD_RAMP).powf(0.75) - 1.0,
    }
}
/// Week-over-week volume increase in the overtraining ramp (the "10 % rule" broken).
pub const OVERTRAINING_RAMP: f64 = 0.15;
/// Volume of a planned cut-back week, share of the week's base volume (about two thirds of
/// the 3 weeks before: clearly under the 75 % that defines a cut-back week in the analyses,
/// 80 % for the lightest of four weeks).
pub const CUT_BACK_SHARE: f64 = 0.65;
/// The ramp stops at this multiple of the volume before it, and the volume is then held
/// (a runner who doubles their volume and keeps it there, without rest).
pub const OVERTRAINING_PEAK: f64 = 2.0;
/// Longest gap without running of `--gaps`, weeks (well under the 8 weeks that make a
/// break, [`crate::analysis::breaks::BREAK_WEEKS`]).
pub const GAP_MAX_WEEKS: u32 = 4;
/// Weeks around the change kept free of gaps and of their returns ([`GAP_RETURN_SHARES`]),
/// so the planted date stays the only turn there.
pub const GAP_CLEAR_OF_CHANGE_WEEKS: u32 = 3;
/// Volume of the weeks after a gap, share of the volume before it: the first half of the
/// return at the first, the second half at the second. The return lasts as many weeks as
/// the gap, at least two (Daniels, *Daniels' Running Formula*, return after 6–28 days off:
/// half the time off at 50 % of the load, half at 75 %), and the volume does not grow
/// meanwhile: the runner comes back to the volume of before the gap, then builds again.
pub const GAP_RETURN_SHARES: [f64; 2] = [0.5, 0.75];

/// Weeks of the return after a gap of `len` weeks ([`GAP_RETURN_SHARES`]).
fn gap_return_weeks(len: u32) -> u32 {
    len.max(2)
}
/// Chance of a ride in a week with `--cross-training`.
pub const RIDE_CHANCE: f64 = 0.7;
/// Chance of a strength session in a week with `--cross-training`.
pub const STRENGTH_CHANCE: f64 = 0.5;

/// How a planted plateau turns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PlateauShape {
    /// The runner falls into a rut at the change: from that week the same moderate runs on
    /// the same routes, and fitness stops improving. The measured signals move at once (the
    /// session mix changes), a step.
    #[default]
    Step,
    /// Fitness rises linearly and then stays flat from the change, while the training goes
    /// on as before (the same varied sessions and routes, the volume held): a continuous
    /// hinge with no level jump at the change.
    Hinge,
}

/// On which weekdays the runs fall.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RunDays {
    /// The plan's fixed weekdays (easy Tuesday, quality Thursday, long Sunday, ...).
    #[default]
    Fixed,
    /// Each week the week's sessions on distinct weekdays drawn at random, in random order:
    /// rest days wherever they fall.
    Random,
}

/// Whether the runner plans lighter weeks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CutBack {
    /// Every fourth week at [`CUT_BACK_SHARE`] of the volume (not in a rut or an overreach).
    #[default]
    #[serde(rename = "every-4th")]
    Every4th,
    /// Never.
    None,
}

/// A stretch of weeks without running (`--gaps`), inclusive dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Gap {
    /// First day without running.
    pub start: NaiveDate,
    /// Last day without running.
    pub end: NaiveDate,
}

/// The structural knobs a simulation ran with, as written in `truth.json` (`variant`) when
/// any knob is not at its default.
#[derive(Debug, Clone, Serialize)]
pub struct Variant {
    /// Shape of a planted plateau.
    pub plateau_shape: PlateauShape,
    /// Weekdays of the runs.
    pub run_days: RunDays,
    /// Runs in a normal week, when set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub runs_per_week: Option<u32>,
    /// Cut-back weeks.
    pub cut_back: CutBack,
    /// Heart-rate response.
    pub hr_model: HrModel,
    /// Sampling (`1s`..`5s`, `smart`).
    pub recording: String,
    /// σ of the GPS error per axis, metres.
    pub gps_noise_m: f64,
    /// Weeks without running.
    pub gaps: Vec<Gap>,
    /// Rides and strength sessions beside the runs.
    pub cross_training: bool,
}
/// What is planted in the history.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Scenario {
    /// Steady progress: growing volume with cut-back weeks, varied sessions and routes.
    Improving,
    /// Progress, then from the change week the same runs at the same pace and distance:
    /// fitness stops improving.
    Plateau,
    /// From the change week nearly every run is on the same one or two routes at the same
    /// pace.
    StaleRoutes,
    /// From the change week volume ramps 15 %/week up to twice the volume before and stays
    /// there, with no rest day and no cut-back week: fatigue builds, heart rate at the usual
    /// pace rises, fitness falls.
    Overtraining,
    /// A dip every winter (December–February): half the volume, fitness down a few percent.
    Seasonal,
    /// Varied, periodized, rested: nothing to flag.
    Healthy,
}

impl Scenario {
    /// Parses a name (`plateau`, `stale-routes`, ...).
    pub fn parse(s: &str) -> Option<Scenario> {
        Some(match s {
            "improving" => Scenario::Improving,
            "plateau" => Scenario::Plateau,
            "stale-routes" => Scenario::StaleRoutes,
            "overtraining" => Scenario::Overtraining,
            "seasonal" => Scenario::Seasonal,
            "healthy" => Scenario::Healthy,
            _ => return None,
        })
    }

    /// All names, for help and errors.
    pub const NAMES: &'static str =
        "improving, plateau, stale-routes, overtraining, seasonal, healthy (combine with +)";
}

/// The file format(s) to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum OutFormat {
    /// FIT files.
    Fit,
    /// GPX 1.1.
    Gpx,
    /// TCX.
    Tcx,
    /// FIT, GPX and TCX in turn.
    Mixed,
}

/// What to simulate.
#[derive(Debug, Clone)]
pub struct Config {
    /// Seed of the generator.
    pub seed: u64,
    /// Length of the history in weeks.
    pub weeks: u32,
    /// First day (a Monday is not required).
    pub start: NaiveDate,
    /// Scenarios (several combine, e.g. plateau + stale routes).
    pub scenarios: Vec<Scenario>,
    /// Week (0-based) from which the scenario's change applies; default 45 % of the history.
    pub change_week: Option<u32>,
    /// File format.
    pub format: OutFormat,
    /// How the watch records.
    pub recording: Recording,
    /// New routes discovered per month in varied phases.
    pub new_routes_per_month: f64,
    /// Runs in a normal week (4 by default; 3–7): more adds easy runs on the free days,
    /// the week's volume shared among them; fewer (3, 4) drops the easy and recovery runs
    /// and scales the volume by n/5 (quality and long runs stay). A rut
    /// keeps this many runs too (4 by default); an overreach runs every day.
    pub runs_per_week: Option<u32>,
    /// Shape of a planted plateau.
    pub plateau_shape: PlateauShape,
    /// Weekdays of the runs.
    pub run_days: RunDays,
    /// Cut-back weeks.
    pub cut_back: CutBack,
    /// Heart-rate response.
    pub hr_model: HrModel,
    /// σ of the GPS position error per axis, metres.
    pub gps_noise_m: f64,
    /// A few gaps of 1–[`GAP_MAX_WEEKS`] weeks without running (one per half year).
    pub gaps: bool,
    /// Rides and strength sessions beside the runs.
    pub cross_training: bool,
}

impl Config {
    /// Whether every structural knob is at its default (then `truth.json` has no `variant`
    /// and the output is that of the simulator before the knobs).
    pub fn is_default_variant(&self) -> bool {
        self.runs_per_week.is_none()
            && self.plateau_shape == PlateauShape::default()
            && self.run_days == RunDays::default()
            && self.cut_back == CutBack::default()
            && self.hr_model == HrModel::default()
            && self.recording == Recording::EverySecond
            && self.gps_noise_m == session::GPS_SIGMA_M
            && !self.gaps
            && !self.cross_training
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            seed: 7,
            weeks: 52,
            start: NaiveDate::from_ymd_opt(2024, 1, 1).expect("valid date"),
            scenarios: vec![Scenario::Healthy],
            change_week: None,
            format: OutFormat::Fit,
            recording: Recording::EverySecond,
            new_routes_per_month: 1.0,
            runs_per_week: None,
            plateau_shape: PlateauShape::Step,
            run_days: RunDays::Fixed,
            cut_back: CutBack::Every4th,
            hr_model: HrModel::Lagged,
            gps_noise_m: session::GPS_SIGMA_M,
            gaps: false,
            cross_training: false,
        }
    }
}

/// A planted truth with its dates.
#[derive(Debug, Clone, Serialize)]
pub struct Planted {
    /// `plateau`, `stale-routes`, `overtraining`, `seasonal-dip`.
    pub kind: String,
    /// First day (inclusive).
    pub start: NaiveDate,
    /// Last day (inclusive).
    pub end: NaiveDate,
    /// What exactly was planted.
    pub detail: String,
    /// Routes involved (stale routes).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub routes: Vec<String>,
}

/// One simulated activity's truth.
#[derive(Debug, Clone, Serialize)]
pub struct TruthActivity {
    /// File name in the output folder.
    pub file: String,
    /// Start instant.
    pub start_utc: chrono::DateTime<Utc>,
    /// Session type.
    pub session: SessionType,
    /// Route id.
    pub route: String,
    /// Threshold speed on the day, m/s.
    pub threshold_speed_m_s: f64,
    /// Heart-rate offset from fatigue on the day, bpm.
    pub fatigue_bpm: f64,
    /// What happened.
    #[serde(flatten)]
    pub outcome: session::Outcome,
}

/// One week's truth.
#[derive(Debug, Clone, Serialize)]
pub struct TruthWeek {
    /// Monday... or the first day of the week of the history.
    pub week_start: NaiveDate,
    /// Runs.
    pub runs: u32,
    /// Distance, metres.
    pub distance_m: f64,
    /// Sum of TRIMP.
    pub load: f64,
    /// Fitness (CTL) at the week's end.
    pub ctl: f64,
    /// Fatigue (ATL) at the week's end.
    pub atl: f64,
    /// Threshold speed, m/s.
    pub threshold_speed_m_s: f64,
    /// Whether this is a planned cut-back week.
    pub cut_back: bool,
    /// Cross-training sessions (rides, strength) in the week; their load is in `load`.
    #[serde(skip_serializing_if = "is_zero")]
    pub cross_training: u32,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

/// `truth.json`: see `docs/simulator.md` for the schema.
#[derive(Debug, Clone, Serialize)]
pub struct Truth {
    /// `rutscope-simulation/1`.
    pub schema: &'static str,
    /// Seed.
    pub seed: u64,
    /// Weeks.
    pub weeks: u32,
    /// First day.
    pub start_date: NaiveDate,
    /// Scenarios.
    pub scenarios: Vec<Scenario>,
    /// Format.
    pub format: OutFormat,
    /// The structural knobs, when any is not at its default.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub variant: Option<Variant>,
    /// The athlete's constants.
    pub athlete: Athlete,
    /// What was planted, with dates.
    pub planted: Vec<Planted>,
    /// The map's routes.
    pub routes: Vec<Route>,
    /// Every activity.
    pub activities: Vec<TruthActivity>,
    /// Every week.
    pub weekly: Vec<TruthWeek>,
}

/// The athlete's constants.
#[derive(Debug, Clone, Serialize)]
pub struct Athlete {
    /// Resting heart rate.
    pub hr_rest_bpm: f64,
    /// Maximum heart rate.
    pub hr_max_bpm: f64,
    /// Heart rate at threshold speed (88 % of reserve).
    pub hr_threshold_bpm: f64,
    /// Threshold speed at the start, m/s.
    pub initial_threshold_speed_m_s: f64,
}

/// A simulated history: the activities (to write) and the truth.
pub struct Simulation {
    /// Activities with their file names.
    pub activities: Vec<(String, ParsedActivity)>,
    /// The truth.
    pub truth: Truth,
}

/// Runs the simulation, keeping every activity in memory (tests, benches, the demo). A long
/// history is better written with [`write_simulation`], which holds only a few activities'
/// samples at a time.
pub fn simulate(cfg: &Config) -> Simulation {
    let mut activities = Vec::new();
    let truth = simulate_each(cfg, &mut |file, act| {
        activities.push((file, act));
        Ok::<(), std::convert::Infallible>(())
    });
    let truth = match truth {
        Ok(t) => t,
        Err(never) => match never {},
    };
    Simulation { activities, truth }
}

/// Runs the simulation, handing each activity to `emit` (its file name, the activity) as
/// soon as it is made, in file order, and returns the truth. Nothing of an activity is kept
/// after `emit`: memory stays that of one activity, not of the history (10 years of 1 s
/// samples are over 1 GB). The first error of `emit` stops the simulation and is returned.
pub fn simulate_each<E>(
    cfg: &Config,
    emit: &mut dyn FnMut(String, ParsedActivity) -> Result<(), E>,
) -> Result<Truth, E> {
    let mut rng = Rng::new(cfg.seed);
    let has = |s: Scenario| cfg.scenarios.contains(&s);
    let change = cfg.change_week.unwrap_or((cfg.weeks as f64 * 0.45) as u32);
    let athlete = Athlete {
        hr_rest_bpm: 50.0,
        hr_max_bpm: 190.0,
        hr_threshold_bpm: 50.0 + 0.88 * 140.0,
        initial_threshold_speed_m_s: 3.6,
    };

    // The map: a starting library of routes, more discovered over time.
    let mut map_rng = rng.fork(1);
    let mut routes: Vec<Route> = Vec::new();
    let add_route = |routes: &mut Vec<Route>, kind: RouteKind, len: f64, rng: &mut Rng| {
        let id = format!("r{}", routes.len() + 1);
        let heading = rng.range(0.0, std::f64::consts::TAU);
        routes.push(Route::new(id, kind, len, heading, rng));
        routes.len() - 1
    };
    for (kind, len) in [
        (RouteKind::Loop, 5000.0),
        (RouteKind::Loop, 7500.0),
        (RouteKind::OutAndBack, 10_000.0),
        (RouteKind::Loop, 12_000.0),
        (RouteKind::HillLoop, 6500.0),
        (RouteKind::OutAndBack, 16_000.0),
    ] {
        add_route(&mut routes, kind, len, &mut map_rng);
    }
    let stale_routes = [0usize, 1usize];

    let mut truth_acts = Vec::new();
    let mut weekly = Vec::new();
    let (mut ctl, mut atl) = (0.0f64, 0.0f64);
    let mut v_thr = athlete.initial_threshold_speed_m_s;
    let mut base_km = 25.0; // weekly volume
    let mut overtraining_started: Option<NaiveDate> = None;
    let mut overtraining_base: Option<f64> = None;
    let mut file_no = 0usize;
    let mut act_rng = rng.fork(2);
    // The variants' own stream: forked after the others, so that with every knob at its
    // default nothing else draws differently.
    let mut var_rng = rng.fork(3);
    let hinge = has(Scenario::Plateau) && cfg.plateau_shape == PlateauShape::Hinge;
    let watch = Watch {
        recording: cfg.recording,
        gps_sigma_m: cfg.gps_noise_m,
    };
    let gap_weeks = if cfg.gaps {
        place_gaps(cfg, change, has(Scenario::Overtraining), &mut var_rng)
    } else {
        Vec::new()
    };
    let in_gap = |w: u32| gap_weeks.contains(&w);

    for w in 0..cfg.weeks {
        let week_start = cfg.start + Duration::days(i64::from(w) * 7);
        let after = w >= change;
        let month = week_start.month();
        let winter = has(Scenario::Seasonal) && matches!(month, 12 | 1 | 2);
        let overreach = has(Scenario::Overtraining) && after;
        // A step plateau is a rut; a hinge only stops fitness, the training goes on.
        let rut = ((has(Scenario::Plateau) && !hinge) || has(Scenario::StaleRoutes)) && after;
        let flat = has(Scenario::Plateau) && after;
        let gap = in_gap(w);
        // The weeks after a gap are run lighter, as a returning runner does:
        // [`GAP_RETURN_SHARES`] of the volume, over [`gap_return_weeks`].
        let returning = (!gap)
            .then(|| (1..=w).find(|&k| in_gap(w - k)))
            .flatten()
            .and_then(|k| {
                let len =
                    (w - k + 1) - (0..=w - k).rev().find(|&j| !in_gap(j)).map_or(0, |j| j + 1);
                let weeks = gap_return_weeks(len);
                (k <= weeks).then(|| GAP_RETURN_SHARES[usize::from(k > weeks.div_ceil(2))])
            });
        let cut_back = cfg.cut_back == CutBack::Every4th && !overreach && !rut && w % 4 == 3;

        // Volume and fitness course for the week.
        if overreach {
            overtraining_started.get_or_insert(week_start);
            let before = *overtraining_base.get_or_insert(base_km);
            base_km = (base_km * (1.0 + OVERTRAINING_RAMP)).min(before * OVERTRAINING_PEAK);
        } else if rut || (hinge && after) || gap || returning.is_some() {
            // Same every week.
        } else if !cut_back && base_km < BUILD_CAP_KM {
            base_km *= 1.0 + build_ramp(cfg.cut_back);
        }
        let mut week_km = if cut_back {
            base_km * CUT_BACK_SHARE
        } else {
            base_km
        };
        if let Some(share) = returning {
            week_km = base_km * share;
        }
        if winter {
            week_km *= 0.5;
        }
        if let Some(n) = cfg.runs_per_week.filter(|&n| n < 5) {
            // A runner of 3 or 4 runs a week runs less than one of 5: the volume scales.
            week_km *= f64::from(n) / 5.0;
        }
        let gain = if rut || flat || gap {
            // Fitness is held through a short gap: the planted course stays as stated.
            0.0
        } else if overreach {
            let weeks_in = (week_start - overtraining_started.expect("set")).num_weeks();
            if weeks_in >= 3 {
                -OVERTRAINING_LOSS_PER_WEEK
            } else {
                IMPROVE_PER_WEEK * 0.5
            }
        } else if winter {
            -0.008
        } else if has(Scenario::Healthy) && !has(Scenario::Improving) {
            IMPROVE_PER_WEEK * 0.5
        } else {
            IMPROVE_PER_WEEK
        };
        if hinge {
            // Linear in time, as the hinge's definition says.
            v_thr += athlete.initial_threshold_speed_m_s * gain;
        } else {
            v_thr *= 1.0 + gain;
        }

        // New routes in varied phases.
        if !rut && !gap && act_rng.chance(cfg.new_routes_per_month / 4.3) {
            let kind = if act_rng.chance(0.7) {
                RouteKind::Loop
            } else {
                RouteKind::OutAndBack
            };
            let len = act_rng.range(5000.0, 14_000.0).round();
            add_route(&mut routes, kind, len, &mut map_rng);
        }

        // The week's sessions: (weekday, type, share of the week's volume).
        let mut plan: Vec<(i64, SessionType, f64)> = if gap {
            Vec::new()
        } else if overreach {
            let quality = [SessionType::Intervals, SessionType::Tempo];
            (0..7)
                .map(|d| match d {
                    1 | 4 => (d, quality[(d as usize / 3) % 2], 0.12),
                    6 => (d, SessionType::Long, 0.24),
                    _ => (d, SessionType::Easy, 0.13),
                })
                .collect()
        } else if rut {
            // The same run on the runner's usual days (4 by default).
            let n = cfg.runs_per_week.unwrap_or(4).clamp(1, 7) as usize;
            let mut days = [1, 3, 5, 6, 2, 0, 4];
            days[..n].sort_unstable();
            days[..n]
                .iter()
                .map(|&d| (d, SessionType::Moderate, 1.0 / n as f64))
                .collect()
        } else {
            let quality = match w % 3 {
                0 => SessionType::Intervals,
                1 => SessionType::Tempo,
                _ => SessionType::Hills,
            };
            let mut p = vec![
                (1, SessionType::Easy, 0.2),
                (3, quality, 0.2),
                (4, SessionType::Recovery, 0.12),
                (6, SessionType::Long, 0.33),
            ];
            if !cut_back && !winter {
                p.push((5, SessionType::Easy, 0.15));
            }
            if has(Scenario::Healthy) && w % 8 == 7 && !cut_back {
                p[1].1 = SessionType::Race;
            }
            if let Some(n) = cfg.runs_per_week {
                // Extra easy runs on the free days; shares scaled back to the week's volume.
                let before: f64 = p.iter().map(|x| x.2).sum();
                // Fewer runs: the easy and recovery runs go first, quality and long stay.
                for d in [5, 4, 1] {
                    if p.len() <= n as usize {
                        break;
                    }
                    if let Some(i) = p.iter().position(|x| x.0 == d) {
                        p.remove(i);
                    }
                }
                for d in [2, 0, 5] {
                    if p.len() >= n.min(7) as usize {
                        break;
                    }
                    if p.iter().all(|x| x.0 != d) {
                        p.push((d, SessionType::Easy, 0.13));
                    }
                }
                let after: f64 = p.iter().map(|x| x.2).sum();
                for x in &mut p {
                    x.2 *= before / after;
                }
                p.sort_by_key(|x| x.0);
            }
            p
        };
        // The day loop walks the plan in order: a session listed after a later day is never
        // run. The varied plan lists Saturday's easy run after Sunday's long run, so a
        // default week has 4 runs (85 % of the planned volume); dropping the unreachable
        // sessions here changes nothing that is written, and lets the random weekdays and
        // the free days of cross-training see the week as it is run.
        plan = reachable(plan);
        if cfg.run_days == RunDays::Random && !plan.is_empty() && plan.len() < 7 {
            // Partial Fisher–Yates: the first n days are n distinct weekdays in random order.
            let mut days: [i64; 7] = [0, 1, 2, 3, 4, 5, 6];
            for i in 0..plan.len() {
                let j = i + var_rng.index(7 - i);
                days.swap(i, j);
            }
            for (x, &d) in plan.iter_mut().zip(&days) {
                x.0 = d;
            }
            plan.sort_by_key(|x| x.0);
        }
        // Cross-training: a ride and a strength session on days without a run when there
        // are any.
        let mut cross: Vec<(i64, SessionType)> = Vec::new();
        if cfg.cross_training && !gap {
            let free: Vec<i64> = (0..7).filter(|d| plan.iter().all(|x| x.0 != *d)).collect();
            for (kind, p) in [
                (SessionType::Ride, RIDE_CHANCE),
                (SessionType::Strength, STRENGTH_CHANCE),
            ] {
                if var_rng.chance(p) {
                    let d = if free.is_empty() {
                        var_rng.index(7) as i64
                    } else {
                        free[var_rng.index(free.len())]
                    };
                    cross.push((d, kind));
                }
            }
        }

        let (mut w_runs, mut w_dist, mut w_load) = (0u32, 0.0, 0.0);
        let mut w_cross = 0u32;
        let mut day_load = [0.0f64; 7];
        let mut planned = plan.iter().peekable();
        for d in 0..7i64 {
            // Fatigue shows in the heart rate the next day: TSB before today's run.
            let tsb = ctl - atl;
            let fatigue_bpm = (-tsb).max(0.0) * FATIGUE_BPM_PER_TSB;
            if let Some(&&(day, kind, share)) = planned.peek()
                && day == d
            {
                planned.next();
                let date = week_start + Duration::days(d);
                let mut srng = act_rng.fork(file_no as u64);
                let dist = if rut {
                    // A runner in a rut runs the same distance, the same way.
                    routes[stale_routes[file_no % 2]].length_m
                } else {
                    match kind {
                        SessionType::Race => 10_000.0,
                        _ => (week_km * 1000.0 * share).clamp(3000.0, 32_000.0),
                    }
                };
                let route_idx = if rut && (has(Scenario::StaleRoutes) || has(Scenario::Plateau)) {
                    if has(Scenario::StaleRoutes) || srng.chance(0.6) {
                        stale_routes[file_no % 2]
                    } else {
                        srng.index(routes.len())
                    }
                } else if kind == SessionType::Hills {
                    4
                } else {
                    // The route whose length is closest to the distance, or a random one.
                    if srng.chance(0.5) {
                        routes
                            .iter()
                            .enumerate()
                            .min_by(|a, b| {
                                (a.1.length_m - dist)
                                    .abs()
                                    .total_cmp(&(b.1.length_m - dist).abs())
                            })
                            .map(|(i, _)| i)
                            .unwrap_or(0)
                    } else {
                        srng.index(routes.len())
                    }
                };
                let hour = if d >= 5 { 8 } else { 18 } as u32;
                let start = Utc
                    .with_ymd_and_hms(
                        date.year(),
                        date.month(),
                        date.day(),
                        hour,
                        srng.index(40) as u32,
                        0,
                    )
                    .single()
                    .expect("valid time");
                let day_state = Day {
                    v_thr: v_thr * (1.0 + 0.01 * srng.normal()),
                    hr_rest: athlete.hr_rest_bpm,
                    hr_max: athlete.hr_max_bpm,
                    fatigue_bpm,
                    hr_model: cfg.hr_model,
                    hr_offset_bpm: day_offset_bpm(cfg.hr_model, &mut var_rng),
                };
                let route = &routes[route_idx];
                let urban = route.kind != RouteKind::HillLoop;
                let (mut act, outcome) = session::run(
                    route,
                    kind,
                    dist,
                    start.timestamp(),
                    day_state,
                    watch,
                    urban,
                    &mut srng,
                );
                let fmt = match cfg.format {
                    OutFormat::Mixed => {
                        [OutFormat::Fit, OutFormat::Gpx, OutFormat::Tcx][file_no % 3]
                    }
                    f => f,
                };
                act.name = Some(format!("{} {}", route.name, session_word(kind)));
                act.utc_offset_s = Some(central_european_offset_s(start));
                let ext = match fmt {
                    OutFormat::Gpx => "gpx",
                    OutFormat::Tcx => "tcx",
                    _ => "fit",
                };
                let file = format!(
                    "{}-{:04}-{}.{ext}",
                    date.format("%Y-%m-%d"),
                    file_no,
                    session_word(kind)
                );
                day_load[d as usize] = outcome.trimp;
                w_runs += 1;
                w_dist += outcome.distance_m;
                w_load += outcome.trimp;
                truth_acts.push(TruthActivity {
                    file: file.clone(),
                    start_utc: start,
                    session: kind,
                    route: route.id.clone(),
                    threshold_speed_m_s: day_state.v_thr,
                    fatigue_bpm,
                    outcome,
                });
                emit(file, act)?;
                file_no += 1;
            }
            for (i, &(_, kind)) in cross.iter().enumerate().filter(|(_, c)| c.0 == d) {
                let date = week_start + Duration::days(d);
                let mut srng = var_rng.fork(file_no as u64);
                let ride = kind == SessionType::Ride;
                let route = &routes[srng.index(routes.len())];
                let duration_s = if ride {
                    srng.range(3600.0, 7200.0)
                } else {
                    srng.range(2400.0, 3000.0)
                };
                // Midday, after a morning run and before an evening one; a strength
                // session on a ride's day comes later.
                let hour = if i > 0 && cross[0].0 == d { 16 } else { 12 };
                let start = Utc
                    .with_ymd_and_hms(date.year(), date.month(), date.day(), hour, 0, 0)
                    .single()
                    .expect("valid time");
                let day_state = Day {
                    v_thr,
                    hr_rest: athlete.hr_rest_bpm,
                    hr_max: athlete.hr_max_bpm,
                    fatigue_bpm,
                    hr_model: cfg.hr_model,
                    hr_offset_bpm: day_offset_bpm(cfg.hr_model, &mut var_rng),
                };
                let (mut act, outcome) = session::cross_training(
                    kind,
                    route,
                    duration_s,
                    start.timestamp(),
                    day_state,
                    watch,
                    &mut srng,
                );
                // A strength session has no track: the watch writes FIT.
                let ext = match (ride, cfg.format) {
                    (false, _) => "fit",
                    (true, OutFormat::Mixed) => ["fit", "gpx", "tcx"][file_no % 3],
                    (true, OutFormat::Gpx) => "gpx",
                    (true, OutFormat::Tcx) => "tcx",
                    (true, OutFormat::Fit) => "fit",
                };
                act.name = Some(session_word(kind).to_string());
                act.utc_offset_s = Some(central_european_offset_s(start));
                let file = format!(
                    "{}-{:04}-{}.{ext}",
                    date.format("%Y-%m-%d"),
                    file_no,
                    session_word(kind)
                );
                day_load[d as usize] += outcome.trimp;
                w_load += outcome.trimp;
                w_cross += 1;
                truth_acts.push(TruthActivity {
                    file: file.clone(),
                    start_utc: start,
                    session: kind,
                    route: if ride {
                        route.id.clone()
                    } else {
                        String::new()
                    },
                    threshold_speed_m_s: v_thr,
                    fatigue_bpm,
                    outcome,
                });
                emit(file, act)?;
                file_no += 1;
            }
            let k42 = (-1.0f64 / 42.0).exp();
            let k7 = (-1.0f64 / 7.0).exp();
            ctl = ctl * k42 + day_load[d as usize] * (1.0 - k42);
            atl = atl * k7 + day_load[d as usize] * (1.0 - k7);
        }
        if w == 0 {
            // The athlete was running before the history begins: after the first week
            // (run at TSB 0), fitness and fatigue are the steady state of that week's load,
            // not a build from nothing (which would raise the heart rate at every pace for
            // the first six weeks, a slowdown no real history starts with).
            ctl = w_load / 7.0;
            atl = ctl;
        }
        weekly.push(TruthWeek {
            week_start,
            runs: w_runs,
            distance_m: w_dist,
            load: w_load,
            ctl,
            atl,
            threshold_speed_m_s: v_thr,
            cut_back,
            cross_training: w_cross,
        });
    }

    let end = cfg.start + Duration::days(i64::from(cfg.weeks) * 7 - 1);
    let change_date = cfg.start + Duration::days(i64::from(change) * 7);
    let mut planted = Vec::new();
    if change < cfg.weeks {
        if hinge {
            planted.push(Planted {
                kind: "plateau".into(),
                start: change_date,
                end,
                detail: format!(
                    "hinge: threshold speed rising linearly by {:.2} % of its start a week for {} weeks, then flat at {:.3} m/s with no level jump; the same varied training before and after, the volume held",
                    IMPROVE_PER_WEEK * 100.0,
                    change,
                    weekly[change as usize].threshold_speed_m_s,
                ),
                routes: vec![],
            });
        } else if has(Scenario::Plateau) {
            planted.push(Planted {
                kind: "plateau".into(),
                start: change_date,
                end,
                detail: format!(
                    "threshold speed flat at {:.3} m/s after {} weeks of +{:.2} %/week; 4 runs/week of the same distance at {:.0} % of threshold",
                    weekly[change as usize].threshold_speed_m_s,
                    change,
                    IMPROVE_PER_WEEK * 100.0,
                    SessionType::Moderate.intensity() * 100.0
                ),
                routes: vec![],
            });
        }
        if has(Scenario::StaleRoutes) {
            planted.push(Planted {
                kind: "stale-routes".into(),
                start: change_date,
                end,
                detail: format!(
                    "every run on the same two routes at {:.0} % of threshold",
                    SessionType::Moderate.intensity() * 100.0
                ),
                routes: stale_routes.iter().map(|&i| routes[i].id.clone()).collect(),
            });
        }
        if has(Scenario::Overtraining) {
            planted.push(Planted {
                kind: "overtraining".into(),
                start: change_date,
                end,
                detail: format!(
                    "volume +{:.0} %/week up to {:.0}× the volume before, then held; 7 runs/week (no rest day), no cut-back week; fitness falls {:.1} %/week from the 4th week",
                    OVERTRAINING_RAMP * 100.0,
                    OVERTRAINING_PEAK,
                    OVERTRAINING_LOSS_PER_WEEK * 100.0
                ),
                routes: vec![],
            });
        }
    }
    if has(Scenario::Seasonal) {
        let mut y = cfg.start.year() - 1;
        while let Some(dec1) = NaiveDate::from_ymd_opt(y, 12, 1) {
            let feb_end = NaiveDate::from_ymd_opt(y + 1, 3, 1).expect("valid") - Duration::days(1);
            if dec1 > end {
                break;
            }
            if feb_end >= cfg.start {
                planted.push(Planted {
                    kind: "seasonal-dip".into(),
                    start: dec1.max(cfg.start),
                    end: feb_end.min(end),
                    detail: "half volume, threshold speed −0.8 %/week".into(),
                    routes: vec![],
                });
            }
            y += 1;
        }
    }

    let variant = (!cfg.is_default_variant()).then(|| Variant {
        plateau_shape: cfg.plateau_shape,
        run_days: cfg.run_days,
        runs_per_week: cfg.runs_per_week,
        cut_back: cfg.cut_back,
        hr_model: cfg.hr_model,
        recording: cfg.recording.name(),
        gps_noise_m: cfg.gps_noise_m,
        gaps: gap_dates(cfg.start, &gap_weeks),
        cross_training: cfg.cross_training,
    });
    Ok(Truth {
        schema: "rutscope-simulation/1",
        seed: cfg.seed,
        weeks: cfg.weeks,
        start_date: cfg.start,
        scenarios: cfg.scenarios.clone(),
        format: cfg.format,
        variant,
        athlete,
        planted,
        routes,
        activities: truth_acts,
        weekly,
    })
}

/// The sessions of a plan that a walk in plan order over the days reaches: each one on a
/// later day than the one before it.
fn reachable(plan: Vec<(i64, SessionType, f64)>) -> Vec<(i64, SessionType, f64)> {
    let mut last = -1;
    plan.into_iter()
        .filter(|x| {
            let keep = x.0 > last;
            if keep {
                last = x.0;
            }
            keep
        })
        .collect()
}

/// The day's heart-rate offset: drawn for [`HrModel::Daily`], none (and no draw) otherwise.
fn day_offset_bpm(model: HrModel, rng: &mut Rng) -> f64 {
    match model {
        HrModel::Daily => session::DAILY_HR_SD_BPM * rng.normal(),
        _ => 0.0,
    }
}

/// Weeks without running for `--gaps`: one gap of 1–[`GAP_MAX_WEEKS`] weeks per half year
/// of history (at least one), none in the first 4 or last 3 weeks, none within
/// [`GAP_CLEAR_OF_CHANGE_WEEKS`] weeks of the change (their returns included), none inside
/// an overreach (it would give the overtrained runner the rest the scenario denies them),
/// at least 8 weeks between gaps (the longest return and 4 weeks), and no two (with their
/// returns) in the same calendar month (a season the sweep did not plant). Returns the
/// 0-based week numbers, sorted.
fn place_gaps(cfg: &Config, change: u32, overtraining: bool, rng: &mut Rng) -> Vec<u32> {
    let mut weeks: Vec<u32> = Vec::new();
    // Calendar months the gaps placed so far and their returns touch.
    let mut taken: Vec<u32> = Vec::new();
    let wanted = (cfg.weeks / 26).max(1);
    let mut placed = 0;
    for _ in 0..100 {
        if placed == wanted {
            break;
        }
        let len = 1 + rng.index(GAP_MAX_WEEKS as usize) as u32;
        if cfg.weeks < len + 8 {
            break;
        }
        // Start in [4, weeks − len − 3].
        let start = 4 + rng.index((cfg.weeks - len - 6) as usize) as u32;
        let end = start + len;
        let near_change = start < change + GAP_CLEAR_OF_CHANGE_WEEKS
            && end + gap_return_weeks(len) + GAP_CLEAR_OF_CHANGE_WEEKS > change;
        let in_overreach = overtraining && end > change;
        // Another gap's weeks, or its return and 4 weeks after it.
        let clear = gap_return_weeks(GAP_MAX_WEEKS) + 4;
        let clash = weeks.iter().any(|&g| g + clear >= start && g < end + clear);
        // No calendar month of this gap and its return already holds another's: gaps are
        // interruptions, and two in the same month of two years are a season (the
        // seasonal rule reads a month with 25 % less running in two of three years so).
        let months_of = |from: u32, to: u32| -> Vec<u32> {
            (from..to)
                .map(|w| (cfg.start + Duration::days(i64::from(w) * 7 + 3)).month())
                .collect()
        };
        let mine = months_of(start, end + gap_return_weeks(len));
        let seasonal = taken.iter().any(|m| mine.contains(m));
        if near_change || in_overreach || clash || seasonal {
            continue;
        }
        taken.extend(mine);
        weeks.extend(start..end);
        placed += 1;
    }
    weeks.sort_unstable();
    weeks
}

/// The gap weeks as dated stretches (consecutive weeks merged).
fn gap_dates(start: NaiveDate, weeks: &[u32]) -> Vec<Gap> {
    let mut out: Vec<Gap> = Vec::new();
    for &w in weeks {
        let first = start + Duration::days(i64::from(w) * 7);
        let last = first + Duration::days(6);
        match out.last_mut() {
            Some(g) if g.end + Duration::days(1) == first => g.end = last,
            _ => out.push(Gap {
                start: first,
                end: last,
            }),
        }
    }
    out
}

/// UTC offset in Lausanne: CET (+1 h), CEST (+2 h) from the last Sunday of March 01:00 UTC
/// to the last Sunday of October 01:00 UTC (EU rule).
fn central_european_offset_s(t: chrono::DateTime<Utc>) -> i32 {
    let last_sunday = |month: u32| {
        let first_next = if month == 12 {
            NaiveDate::from_ymd_opt(t.year() + 1, 1, 1)
        } else {
            NaiveDate::from_ymd_opt(t.year(), month + 1, 1)
        }
        .expect("valid date");
        let last = first_next - Duration::days(1);
        last - Duration::days(i64::from(last.weekday().num_days_from_sunday()))
    };
    let at1 = |d: NaiveDate| d.and_hms_opt(1, 0, 0).expect("valid time").and_utc();
    if t >= at1(last_sunday(3)) && t < at1(last_sunday(10)) {
        7200
    } else {
        3600
    }
}

fn session_word(k: SessionType) -> &'static str {
    match k {
        SessionType::Easy => "easy",
        SessionType::Long => "long",
        SessionType::Recovery => "recovery",
        SessionType::Tempo => "tempo",
        SessionType::Intervals => "intervals",
        SessionType::Hills => "hills",
        SessionType::Race => "race",
        SessionType::Moderate => "run",
        SessionType::Ride => "ride",
        SessionType::Strength => "strength",
    }
}

/// Encodes one activity in the format its file name says.
pub fn encode(file: &str, a: &ParsedActivity) -> Vec<u8> {
    if file.ends_with(".gpx") {
        crate::write::gpx::write(a)
    } else if file.ends_with(".tcx") {
        crate::write::tcx::write(a)
    } else {
        crate::write::fit::write(a)
    }
}

/// Writes every activity file and `truth.json` of a simulation held in memory into `dir`
/// (created if needed); encoding runs in parallel, the output is the same as sequential.
pub fn write_all(sim: &Simulation, dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    write_files(&sim.activities, dir)?;
    write_truth(&sim.truth, dir)
}

/// Activities simulated before [`write_simulation`] encodes and writes them: enough to keep
/// both cores encoding (a few seconds of work), few enough that memory stays tens of MB
/// whatever the length of the history.
pub const WRITE_CHUNK: usize = 32;

/// Simulates and writes into `dir` (created if needed) as it goes: every
/// [`WRITE_CHUNK`] activities are encoded in parallel and written, then dropped; then
/// `truth.json`. The files are byte-identical to [`simulate`] and [`write_all`]'s. Returns
/// the truth (its `activities` list every file written).
pub fn write_simulation(cfg: &Config, dir: &Path) -> std::io::Result<Truth> {
    std::fs::create_dir_all(dir)?;
    let mut chunk: Vec<(String, ParsedActivity)> = Vec::with_capacity(WRITE_CHUNK);
    let truth = simulate_each::<std::io::Error>(cfg, &mut |file, act| {
        chunk.push((file, act));
        if chunk.len() >= WRITE_CHUNK {
            write_files(&chunk, dir)?;
            chunk.clear();
        }
        Ok(())
    })?;
    write_files(&chunk, dir)?;
    write_truth(&truth, dir)?;
    Ok(truth)
}

/// Encodes and writes activity files in parallel.
fn write_files(acts: &[(String, ParsedActivity)], dir: &Path) -> std::io::Result<()> {
    use rayon::prelude::*;
    acts.par_iter()
        .try_for_each(|(file, a)| std::fs::write(dir.join(file), encode(file, a)))
}

fn write_truth(truth: &Truth, dir: &Path) -> std::io::Result<()> {
    let json = serde_json::to_string_pretty(truth).map_err(std::io::Error::other)?;
    std::fs::write(dir.join("truth.json"), json + "\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg(s: &[Scenario], weeks: u32) -> Config {
        Config {
            scenarios: s.to_vec(),
            weeks,
            ..Config::default()
        }
    }

    /// Every file of a folder: name and bytes, in name order.
    fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
        let mut v: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| {
                let e = e.unwrap();
                let name = e.file_name().to_string_lossy().into_owned();
                (name, std::fs::read(e.path()).unwrap())
            })
            .collect();
        v.sort();
        v
    }

    #[test]
    fn written_as_it_goes_is_byte_identical_to_written_from_memory() {
        // Mixed formats with rides and strength sessions: every encoder and both kinds of
        // session; more than two chunks, the last one partial.
        let c = Config {
            format: OutFormat::Mixed,
            cross_training: true,
            gaps: true,
            ..cfg(&[Scenario::Plateau], 20)
        };
        let tmp = tempfile::tempdir().unwrap();
        let (mem, streamed) = (tmp.path().join("mem"), tmp.path().join("streamed"));
        let sim = simulate(&c);
        assert!(sim.activities.len() > 2 * WRITE_CHUNK);
        assert_ne!(sim.activities.len() % WRITE_CHUNK, 0);
        write_all(&sim, &mem).unwrap();
        let truth = write_simulation(&c, &streamed).unwrap();
        assert_eq!(truth.activities.len(), sim.activities.len());
        let (a, b) = (files(&mem), files(&streamed));
        assert_eq!(
            a.len(),
            sim.activities.len() + 1,
            "every file and truth.json"
        );
        assert_eq!(
            a.iter().map(|f| &f.0).collect::<Vec<_>>(),
            b.iter().map(|f| &f.0).collect::<Vec<_>>()
        );
        for ((name, x), (_, y)) in a.iter().zip(&b) {
            assert!(x == y, "{name} differs");
        }
    }

    #[test]
    fn same_seed_same_bytes() {
        let a = simulate(&cfg(&[Scenario::Healthy], 3));
        let b = simulate(&cfg(&[Scenario::Healthy], 3));
        assert_eq!(a.activities.len(), b.activities.len());
        for ((fa, xa), (fb, xb)) in a.activities.iter().zip(&b.activities) {
            assert_eq!(fa, fb);
            assert_eq!(encode(fa, xa), encode(fb, xb));
        }
        assert_eq!(
            serde_json::to_string(&a.truth).unwrap(),
            serde_json::to_string(&b.truth).unwrap()
        );
        let c = simulate(&Config {
            seed: 8,
            ..cfg(&[Scenario::Healthy], 3)
        });
        assert_ne!(
            encode(&c.activities[0].0, &c.activities[0].1),
            encode(&a.activities[0].0, &a.activities[0].1)
        );
    }

    #[test]
    fn plateau_is_flat_after_the_change_and_improving_before() {
        let s = simulate(&cfg(&[Scenario::Plateau], 40));
        let w = &s.truth.weekly;
        let change = (40.0 * 0.45) as usize;
        assert!(w[change - 1].threshold_speed_m_s > w[0].threshold_speed_m_s * 1.03);
        assert!((w[39].threshold_speed_m_s - w[change].threshold_speed_m_s).abs() < 1e-9);
        assert_eq!(s.truth.planted[0].kind, "plateau");
        assert_eq!(
            s.truth.planted[0].start,
            NaiveDate::from_ymd_opt(2024, 1, 1).unwrap() + Duration::weeks(change as i64)
        );
    }

    #[test]
    fn overtraining_raises_heart_rate_at_the_usual_pace() {
        let s = simulate(&cfg(&[Scenario::Overtraining], 30));
        let p = &s.truth.planted[0];
        let fat = |a: &TruthActivity| a.fatigue_bpm;
        let before: Vec<f64> = s
            .truth
            .activities
            .iter()
            .filter(|a| a.start_utc.date_naive() < p.start)
            .map(fat)
            .collect();
        let late: Vec<f64> = s
            .truth
            .activities
            .iter()
            .filter(|a| a.start_utc.date_naive() > p.start + Duration::weeks(5))
            .map(fat)
            .collect();
        let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
        assert!(
            mean(&late) > mean(&before) + 3.0,
            "{} vs {}",
            mean(&late),
            mean(&before)
        );
        let w = &s.truth.weekly;
        assert!(w[29].threshold_speed_m_s < w[20].threshold_speed_m_s);
    }

    #[test]
    fn stale_routes_reuse_two_routes() {
        let s = simulate(&cfg(&[Scenario::StaleRoutes], 30));
        let p = &s.truth.planted[0];
        let after: Vec<&TruthActivity> = s
            .truth
            .activities
            .iter()
            .filter(|a| a.start_utc.date_naive() >= p.start)
            .collect();
        assert!(after.iter().all(|a| p.routes.contains(&a.route)));
        let before: std::collections::HashSet<&str> = s
            .truth
            .activities
            .iter()
            .filter(|a| a.start_utc.date_naive() < p.start)
            .map(|a| a.route.as_str())
            .collect();
        assert!(before.len() >= 4, "varied before: {before:?}");
    }

    fn runs(s: &Simulation) -> Vec<&TruthActivity> {
        s.truth
            .activities
            .iter()
            .filter(|a| !matches!(a.session, SessionType::Ride | SessionType::Strength))
            .collect()
    }

    #[test]
    fn defaults_write_no_variant_and_any_knob_does() {
        let plain = simulate(&cfg(&[Scenario::Healthy], 2));
        assert!(plain.truth.variant.is_none());
        let json = serde_json::to_value(&plain.truth).unwrap();
        assert!(json.get("variant").is_none());
        let random = simulate(&Config {
            run_days: RunDays::Random,
            ..cfg(&[Scenario::Healthy], 2)
        });
        let v = serde_json::to_value(&random.truth).unwrap();
        assert_eq!(v["variant"]["run_days"], "random");
        assert_eq!(v["variant"]["plateau_shape"], "step");
        assert_eq!(v["variant"]["cut_back"], "every-4th");
        assert_eq!(v["variant"]["recording"], "1s");
    }

    #[test]
    fn a_hinge_rises_linearly_then_stays_flat_with_the_same_training() {
        let s = simulate(&Config {
            plateau_shape: PlateauShape::Hinge,
            ..cfg(&[Scenario::Plateau], 40)
        });
        let w = &s.truth.weekly;
        let change = (40.0 * 0.45) as usize;
        // Linear: equal steps before the change, none after.
        let step = w[1].threshold_speed_m_s - w[0].threshold_speed_m_s;
        assert!((step - 3.6 * IMPROVE_PER_WEEK).abs() < 1e-12, "{step}");
        for i in 1..change {
            let d = w[i].threshold_speed_m_s - w[i - 1].threshold_speed_m_s;
            assert!((d - step).abs() < 1e-9, "week {i}: {d}");
        }
        for x in &w[change..] {
            assert_eq!(x.threshold_speed_m_s, w[change - 1].threshold_speed_m_s);
        }
        // No rut: the same varied sessions after the change, cut-back weeks go on.
        let after = |a: &&TruthActivity| a.start_utc.date_naive() >= s.truth.planted[0].start;
        assert!(
            s.truth
                .activities
                .iter()
                .all(|a| a.session != SessionType::Moderate)
        );
        let kinds: std::collections::HashSet<_> = s
            .truth
            .activities
            .iter()
            .filter(after)
            .map(|a| a.session)
            .collect();
        assert!(
            kinds.contains(&SessionType::Long) && kinds.len() >= 5,
            "{kinds:?}"
        );
        assert!(w[change..].iter().any(|x| x.cut_back));
        assert!(s.truth.planted[0].detail.starts_with("hinge"));
        // A step (the default) is the rut it always was.
        let step = simulate(&cfg(&[Scenario::Plateau], 40));
        assert!(
            step.truth
                .activities
                .iter()
                .any(|a| a.session == SessionType::Moderate)
        );
    }

    #[test]
    fn random_run_days_keep_the_week_and_move_the_days() {
        let fixed = simulate(&cfg(&[Scenario::Healthy], 20));
        let random = simulate(&Config {
            run_days: RunDays::Random,
            ..cfg(&[Scenario::Healthy], 20)
        });
        let runs_a: Vec<u32> = fixed.truth.weekly.iter().map(|w| w.runs).collect();
        let runs_b: Vec<u32> = random.truth.weekly.iter().map(|w| w.runs).collect();
        assert_eq!(runs_a, runs_b);
        let days = |s: &Simulation, wk: usize| -> Vec<u32> {
            let start = s.truth.weekly[wk].week_start;
            runs(s)
                .iter()
                .map(|a| a.start_utc.date_naive())
                .filter(|d| *d >= start && *d < start + Duration::days(7))
                .map(|d| (d - start).num_days() as u32)
                .collect()
        };
        let patterns: std::collections::HashSet<Vec<u32>> =
            (0..20).map(|wk| days(&random, wk)).collect();
        assert!(patterns.len() >= 10, "{patterns:?}");
        for wk in 0..20 {
            let d = days(&random, wk);
            let mut u = d.clone();
            u.dedup();
            assert_eq!(u.len(), d.len(), "one run a day: {d:?}");
        }
    }

    #[test]
    fn without_cut_back_weeks_the_build_reaches_its_cap_in_the_same_week() {
        // Four weeks without a cut-back week grow the volume as three build weeks do.
        let none = (1.0 + build_ramp(CutBack::None)).powi(4);
        assert!((none - (1.0 + BUILD_RAMP).powi(3)).abs() < 1e-12);
        // The first week at (nearly) the held volume, in the simulated weeks.
        let capped = |cut_back| {
            let s = simulate(&Config {
                cut_back,
                plateau_shape: PlateauShape::Hinge,
                ..cfg(&[Scenario::Plateau], 52)
            });
            let km: Vec<f64> = s.truth.weekly.iter().map(|w| w.distance_m).collect();
            // The held volume: the median week after the change (cut-back weeks are lighter).
            let mut after = km[30..].to_vec();
            after.sort_by(f64::total_cmp);
            let held = after[after.len() / 2];
            km.iter().position(|&k| k >= 0.97 * held).expect("reached")
        };
        let (with, without) = (capped(CutBack::Every4th), capped(CutBack::None));
        assert!(
            with.abs_diff(without) <= 1,
            "cap in week {with} and {without}"
        );
        // Before the change (week 23 of 52), not 7 weeks before it as a 5 % weekly build did.
        assert!((19..23).contains(&without), "cap in week {without}");
    }

    #[test]
    fn fewer_runs_a_week_and_no_cut_back() {
        let s = simulate(&Config {
            runs_per_week: Some(3),
            cut_back: CutBack::None,
            ..cfg(&[Scenario::Healthy], 24)
        });
        assert!(s.truth.weekly.iter().all(|w| w.runs == 3 && !w.cut_back));
        // Quality and long runs stay; the volume is 3/5 of a five-run week's.
        let four = simulate(&Config {
            cut_back: CutBack::None,
            ..cfg(&[Scenario::Healthy], 24)
        });
        // 3 runs: 3/5 of the week's volume; the default week runs 85 % of it (see
        // `reachable`).
        let km = |s: &Simulation| s.truth.weekly[20].distance_m;
        let ratio = km(&s) / km(&four);
        assert!(
            (0.6 / 0.85 - 0.05..0.6 / 0.85 + 0.05).contains(&ratio),
            "{ratio}"
        );
        assert!(runs(&s).iter().any(|a| a.session == SessionType::Long));
        assert!(runs(&s).iter().all(|a| a.session != SessionType::Recovery));
        // A rut keeps the runner's count.
        let rut = simulate(&Config {
            runs_per_week: Some(3),
            ..cfg(&[Scenario::Plateau], 30)
        });
        assert!(rut.truth.weekly[20..].iter().all(|w| w.runs == 3));
    }

    #[test]
    fn gaps_are_short_clear_of_the_change_and_dated() {
        for seed in 1..=20 {
            let s = simulate(&Config {
                seed,
                gaps: true,
                ..cfg(&[Scenario::Overtraining], 52)
            });
            let v = s.truth.variant.as_ref().unwrap();
            assert!(!v.gaps.is_empty() && v.gaps.len() <= 2, "seed {seed}");
            // Never two in one calendar month: that would be a season.
            let months: Vec<u32> = v.gaps.iter().map(|g| g.start.month()).collect();
            assert!(
                months
                    .iter()
                    .enumerate()
                    .all(|(i, m)| !months[..i].contains(m)),
                "seed {seed}: {months:?}"
            );
            let change = s.truth.planted[0].start;
            for g in &v.gaps {
                let days = (g.end - g.start).num_days() + 1;
                assert!(days % 7 == 0 && days <= 7 * i64::from(GAP_MAX_WEEKS));
                // Overtraining: none in the overreach, nor with its return in the 3 weeks
                // before it.
                let len = (days / 7) as u32;
                let back = g.end + Duration::weeks(i64::from(gap_return_weeks(len)));
                assert!(back < change - Duration::weeks(3), "seed {seed}: {g:?}");
                // The return: half of it at half the volume before the gap, half at three
                // quarters, then the volume of before the gap (it did not grow meanwhile).
                let weeks = &s.truth.weekly;
                let at = weeks.iter().position(|w| w.week_start > g.end).unwrap();
                let before = at - len as usize;
                // (Unless the weeks before were the return from an earlier gap.)
                let earlier = weeks[..before].iter().rposition(|w| w.runs == 0);
                if earlier.is_some_and(|e| e + 4 + GAP_MAX_WEEKS as usize >= before) {
                    continue;
                }
                let mut pre: Vec<f64> = weeks[before - 4..before]
                    .iter()
                    .map(|w| w.distance_m)
                    .collect();
                pre.sort_by(f64::total_cmp);
                let usual = (pre[1] + pre[2]) / 2.0;
                let r = gap_return_weeks(len) as usize;
                let share = |from: usize, to: usize| {
                    weeks[at + from..at + to]
                        .iter()
                        .map(|w| w.distance_m)
                        .sum::<f64>()
                        / (to - from) as f64
                        / usual
                };
                let (first, second) = (share(0, r.div_ceil(2)), share(r.div_ceil(2), r));
                assert!(
                    (0.35..0.65).contains(&first),
                    "seed {seed}: {first:.2} {g:?}"
                );
                assert!(
                    (0.6..0.9).contains(&second),
                    "seed {seed}: {second:.2} {g:?}"
                );
                let after = share(r, r + 1);
                assert!(
                    weeks[at + r].cut_back || (0.8..1.25).contains(&after),
                    "seed {seed}: {after:.2} {g:?}"
                );
                assert!(
                    s.truth.activities.iter().all(|a| {
                        let d = a.start_utc.date_naive();
                        d < g.start || d > g.end
                    }),
                    "seed {seed}: a run inside {g:?}"
                );
            }
        }
    }

    #[test]
    fn cross_training_is_written_with_its_sport_and_counts_in_the_load() {
        let s = simulate(&Config {
            cross_training: true,
            format: OutFormat::Mixed,
            ..cfg(&[Scenario::Healthy], 12)
        });
        let plain = simulate(&cfg(&[Scenario::Healthy], 12));
        let cross: Vec<_> = s
            .activities
            .iter()
            .filter(|(_, a)| a.sport != crate::model::Sport::Running)
            .collect();
        let rides = cross.iter().filter(|(f, _)| f.contains("-ride.")).count();
        let strength = cross
            .iter()
            .filter(|(f, _)| f.ends_with("-strength.fit"))
            .count();
        assert!(
            rides >= 4 && strength >= 2,
            "{rides} rides, {strength} strength"
        );
        assert_eq!(rides + strength, cross.len());
        for (f, a) in &cross {
            let ride = f.contains("-ride.");
            assert_eq!(
                a.sport,
                if ride {
                    crate::model::Sport::Cycling
                } else {
                    crate::model::Sport::Strength
                },
                "{f}"
            );
            assert_eq!(a.samples.lat.iter().any(Option::is_some), ride, "{f}");
        }
        let n: u32 = s.truth.weekly.iter().map(|w| w.cross_training).sum();
        assert_eq!(n as usize, cross.len());
        assert_eq!(runs(&s).len(), runs(&plain).len());
        let load = |s: &Simulation| s.truth.weekly.iter().map(|w| w.load).sum::<f64>();
        assert!(load(&s) > load(&plain) * 1.1);
    }

    #[test]
    fn heart_rate_models_differ_where_they_should() {
        let easy_hr = |model: HrModel| -> Vec<f64> {
            let s = simulate(&Config {
                hr_model: model,
                ..cfg(&[Scenario::Healthy], 6)
            });
            runs(&s)
                .iter()
                .filter(|a| a.session == SessionType::Easy)
                .map(|a| a.outcome.avg_hr_bpm)
                .collect()
        };
        let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
        let lagged = easy_hr(HrModel::Lagged);
        let linear = easy_hr(HrModel::Linear);
        let daily = easy_hr(HrModel::Daily);
        // Linear in effort puts easy running higher in the reserve than the power law.
        assert!(
            mean(&linear) > mean(&lagged) + 8.0,
            "{linear:?} vs {lagged:?}"
        );
        // The day's offset moves single runs by a few bpm, not the mean.
        let moved = lagged
            .iter()
            .zip(&daily)
            .filter(|(a, b)| (*a - *b).abs() > 0.5)
            .count();
        assert!(moved * 2 > lagged.len(), "{lagged:?} vs {daily:?}");
        assert!((mean(&daily) - mean(&lagged)).abs() < 3.0);
    }

    #[test]
    fn recording_every_n_seconds() {
        let s = simulate(&Config {
            recording: Recording::Every(4),
            ..cfg(&[Scenario::Healthy], 1)
        });
        let t = &s.activities[0].1.samples.t_ms;
        let steps: std::collections::HashSet<i64> = t
            .windows(2)
            .map(|w| w[1].unwrap() - w[0].unwrap())
            .filter(|d| *d < 10_000) // traffic-light pauses aside
            .collect();
        assert_eq!(steps, [4000].into_iter().collect());
    }

    #[test]
    fn summer_time_in_lausanne() {
        let t = |y, m, d, h| Utc.with_ymd_and_hms(y, m, d, h, 0, 0).unwrap();
        assert_eq!(central_european_offset_s(t(2024, 3, 31, 0)), 3600);
        assert_eq!(central_european_offset_s(t(2024, 3, 31, 1)), 7200);
        assert_eq!(central_european_offset_s(t(2024, 10, 27, 0)), 7200);
        assert_eq!(central_european_offset_s(t(2024, 10, 27, 1)), 3600);
        assert_eq!(central_european_offset_s(t(2024, 1, 15, 12)), 3600);
    }

    #[test]
    fn seasonal_dips_are_dated() {
        let s = simulate(&Config {
            start: NaiveDate::from_ymd_opt(2023, 6, 5).unwrap(),
            ..cfg(&[Scenario::Seasonal], 104)
        });
        let dips: Vec<_> = s
            .truth
            .planted
            .iter()
            .filter(|p| p.kind == "seasonal-dip")
            .collect();
        assert_eq!(dips.len(), 2);
        assert_eq!(dips[0].start, NaiveDate::from_ymd_opt(2023, 12, 1).unwrap());
    }
}
