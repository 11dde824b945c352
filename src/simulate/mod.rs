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

pub mod rng;
pub mod routes;
pub mod session;

use std::path::Path;

use chrono::{Datelike, Duration, NaiveDate, TimeZone, Utc};
use serde::Serialize;

use crate::model::ParsedActivity;
use rng::Rng;
use routes::{Route, RouteKind};
use session::{Day, Recording, SessionType};

/// Threshold-speed gain per week of consistent varied training (0.35 %: about 2.5 min on a
/// 50 min 10 km over a year, a typical first-years rate).
pub const IMPROVE_PER_WEEK: f64 = 0.0035;
/// Threshold-speed loss per week of overreaching once fatigue has built up.
pub const OVERTRAINING_LOSS_PER_WEEK: f64 = 0.004;
/// Extra bpm per unit of negative training stress balance (fatigue − fitness, in TRIMP/day).
pub const FATIGUE_BPM_PER_TSB: f64 = 0.35;
/// Week-over-week volume increase in the overtraining ramp (the "10 % rule" broken).
pub const OVERTRAINING_RAMP: f64 = 0.15;
/// Volume of a planned cut-back week, share of the week's base volume (about two thirds of
/// the 3 weeks before: clearly under the 75 % that defines a cut-back week in the analyses).
pub const CUT_BACK_SHARE: f64 = 0.65;
/// The ramp stops at this multiple of the volume before it, and the volume is then held
/// (a runner who doubles their volume and keeps it there, without rest).
pub const OVERTRAINING_PEAK: f64 = 2.0;

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
    /// Runs in a normal week (4–5 by default): more adds easy runs on the free days, the
    /// week's volume shared among them.
    pub runs_per_week: Option<u32>,
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

/// Runs the simulation.
pub fn simulate(cfg: &Config) -> Simulation {
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

    let mut activities = Vec::new();
    let mut truth_acts = Vec::new();
    let mut weekly = Vec::new();
    let (mut ctl, mut atl) = (0.0f64, 0.0f64);
    let mut v_thr = athlete.initial_threshold_speed_m_s;
    let mut base_km = 25.0; // weekly volume
    let mut overtraining_started: Option<NaiveDate> = None;
    let mut overtraining_base: Option<f64> = None;
    let mut file_no = 0usize;
    let mut act_rng = rng.fork(2);

    for w in 0..cfg.weeks {
        let week_start = cfg.start + Duration::days(i64::from(w) * 7);
        let after = w >= change;
        let month = week_start.month();
        let winter = has(Scenario::Seasonal) && matches!(month, 12 | 1 | 2);
        let overreach = has(Scenario::Overtraining) && after;
        let rut = (has(Scenario::Plateau) || has(Scenario::StaleRoutes)) && after;
        let cut_back = !overreach && !rut && w % 4 == 3;

        // Volume and fitness course for the week.
        if overreach {
            overtraining_started.get_or_insert(week_start);
            let before = *overtraining_base.get_or_insert(base_km);
            base_km = (base_km * (1.0 + OVERTRAINING_RAMP)).min(before * OVERTRAINING_PEAK);
        } else if rut {
            // Same every week.
        } else if !cut_back && base_km < 55.0 {
            base_km *= 1.05;
        }
        let mut week_km = if cut_back {
            base_km * CUT_BACK_SHARE
        } else {
            base_km
        };
        if winter {
            week_km *= 0.5;
        }
        let gain = if rut {
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
        v_thr *= 1.0 + gain;

        // New routes in varied phases.
        if !rut && act_rng.chance(cfg.new_routes_per_month / 4.3) {
            let kind = if act_rng.chance(0.7) {
                RouteKind::Loop
            } else {
                RouteKind::OutAndBack
            };
            let len = act_rng.range(5000.0, 14_000.0).round();
            add_route(&mut routes, kind, len, &mut map_rng);
        }

        // The week's sessions: (weekday, type, share of the week's volume).
        let plan: Vec<(i64, SessionType, f64)> = if overreach {
            let quality = [SessionType::Intervals, SessionType::Tempo];
            (0..7)
                .map(|d| match d {
                    1 | 4 => (d, quality[(d as usize / 3) % 2], 0.12),
                    6 => (d, SessionType::Long, 0.24),
                    _ => (d, SessionType::Easy, 0.13),
                })
                .collect()
        } else if rut {
            vec![
                (1, SessionType::Moderate, 0.25),
                (3, SessionType::Moderate, 0.25),
                (5, SessionType::Moderate, 0.25),
                (6, SessionType::Moderate, 0.25),
            ]
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

        let (mut w_runs, mut w_dist, mut w_load) = (0u32, 0.0, 0.0);
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
                };
                let route = &routes[route_idx];
                let urban = route.kind != RouteKind::HillLoop;
                let (mut act, outcome) = session::run(
                    route,
                    kind,
                    dist,
                    start.timestamp(),
                    day_state,
                    cfg.recording,
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
                activities.push((file, act));
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
        });
    }

    let end = cfg.start + Duration::days(i64::from(cfg.weeks) * 7 - 1);
    let change_date = cfg.start + Duration::days(i64::from(change) * 7);
    let mut planted = Vec::new();
    if change < cfg.weeks {
        if has(Scenario::Plateau) {
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

    Simulation {
        activities,
        truth: Truth {
            schema: "rutscope-simulation/1",
            seed: cfg.seed,
            weeks: cfg.weeks,
            start_date: cfg.start,
            scenarios: cfg.scenarios.clone(),
            format: cfg.format,
            athlete,
            planted,
            routes,
            activities: truth_acts,
            weekly,
        },
    }
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

/// Writes every activity file and `truth.json` into `dir` (created if needed); encoding
/// runs in parallel, the output is the same as sequential.
pub fn write_all(sim: &Simulation, dir: &Path) -> std::io::Result<()> {
    use rayon::prelude::*;
    std::fs::create_dir_all(dir)?;
    sim.activities
        .par_iter()
        .try_for_each(|(file, a)| std::fs::write(dir.join(file), encode(file, a)))?;
    let json = serde_json::to_string_pretty(&sim.truth).map_err(std::io::Error::other)?;
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
