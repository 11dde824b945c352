//! Per-activity training metrics, from the samples: grade-adjusted speed, Banister TRIMP
//! summed per interval, hrTSS, rTSS, the load the trends use, heart-rate zones, efficiency
//! factor, aerobic decoupling on steady running, and speed at a reference heart rate.
//!
//! Computed in two steps so that the expensive one is cached: [`activity_facts`] reads the
//! samples once and keeps what does not depend on the athlete's profile (including a
//! heart-rate histogram of moving time); [`derive()`] turns facts and a [`Profile`] into
//! [`ActivityMetrics`] in microseconds. Heart rate from watches and straps is whole bpm, so
//! TRIMP and zones from the 1-bpm histogram equal the per-sample sums.
//!
//! # Definitions
//! - Intervals, distance and moving time are those of [`crate::ingest::summary::intervals`].
//! - **Grade** at a sample: elevation change over the distance from [`GRADE_WINDOW_M`]
//!   behind to as far ahead (barometric and GPS elevation jitter makes 1 s grades useless),
//!   0 when the window covers less than [`GRADE_MIN_RUN_M`].
//! - **GAP speed**: each moving interval's speed × Minetti cost ratio, averaged over moving
//!   time.
//! - **Load**: hrTSS when heart rate covers at least [`MIN_HR_COVERAGE`] of moving time,
//!   else rTSS for foot sports with a distance, else none.
//! - **Zones**: by fraction of heart-rate reserve, Z1 < 60 %, Z2 < 70 %, Z3 < 80 %, Z4 < 90 %,
//!   Z5 ≥ 90 % (Karvonen).
//! - **Steady running**: moving intervals after the first [`WARMUP_S`] whose GAP speed is
//!   within [`STEADY_BAND`] of the activity's median GAP speed. Efficiency factor and
//!   decoupling (first half vs second half of the steady time, Friel's Pa:HR) are computed
//!   only with at least [`MIN_STEADY_S`] of it.
//! - **Aerobic speed** (the efficiency series): GAP speed at [`AEROBIC_REF_HRR`] of
//!   heart-rate reserve, from moving time after the warm-up with heart rate inside
//!   [`AEROBIC_BAND_HRR`], each interval's speed scaled to the reference by reserve
//!   (`v · (HR_ref − rest)/(HR − rest)`: speed rises linearly with heart rate above rest,
//!   the relation Karvonen's method rests on). Needs [`MIN_AEROBIC_S`] in the band. A
//!   falling aerobic speed is the "usual pace takes more heart rate" sign.

use serde::Serialize;

use super::formulas::{decoupling_pct, grade_adjusted_speed, hr_tss, r_tss, trimp};
use super::profile::Profile;
use crate::ingest::summary::{Intervals, intervals};
use crate::model::{Samples, Sport};
// The facts are kept by the store (its cache table); the analyses name them from here.
pub use crate::store::facts::{ActivityFacts, HrBin};

/// Half-width of the grade window, metres.
pub const GRADE_WINDOW_M: f64 = 25.0;
/// Shortest window that gives a grade, metres.
pub const GRADE_MIN_RUN_M: f64 = 20.0;
/// Heart rate must cover this share of moving time for hrTSS.
pub const MIN_HR_COVERAGE: f64 = 0.8;
/// Warm-up left out of steady running, seconds.
pub const WARMUP_S: f64 = 600.0;
/// Steady running: GAP speed within this fraction of the median.
pub const STEADY_BAND: f64 = 0.15;
/// Steady running needed for EF and decoupling, seconds.
pub const MIN_STEADY_S: f64 = 20.0 * 60.0;
/// Zone upper bounds as fractions of heart-rate reserve.
pub const ZONE_BOUNDS: [f64; 4] = [0.6, 0.7, 0.8, 0.9];
/// Heart-rate band (fractions of reserve) of the aerobic-speed measure: zones 2 and 3, where
/// easy and steady running sits.
pub const AEROBIC_BAND_HRR: (f64, f64) = (0.6, 0.8);
/// Reference heart rate of the aerobic-speed measure, fraction of reserve (band centre).
pub const AEROBIC_REF_HRR: f64 = 0.7;
/// Moving time in the aerobic band needed for an aerobic speed, seconds.
pub const MIN_AEROBIC_S: f64 = 10.0 * 60.0;

/// Distances of the best efforts, metres: 1 km, 1 mile, 5 km, 10 km, half marathon,
/// marathon.
pub const BEST_EFFORT_M: [f64; 6] = [1000.0, 1609.344, 5000.0, 10_000.0, 21_097.5, 42_195.0];
/// Best efforts shorter than this do not give a VDOT (Daniels' formula is fitted on races of
/// about 1,500 m and longer; a 1 km split overstates endurance fitness).
pub const MIN_VDOT_EFFORT_M: f64 = 1600.0;

/// Men's world records over [`BEST_EFFORT_M`], seconds, the fastest of track and road (World
/// Athletics records list, as of 2025): 1000 m 2:11.96 (Noah Ngeny, 1999), mile 3:43.13
/// (Hicham El Guerrouj, 1999), 5000 m 12:35.36 (Joshua Cheptegei, 2020), 10,000 m 26:11.00
/// (Cheptegei, 2020), half marathon 56:42 (Jacob Kiplimo, 2025), marathon 2:00:35 (Kelvin
/// Kiptum, 2023). A best effort faster than its record is a GPS or distance-channel error.
pub const WORLD_RECORD_S: [f64; 6] = [131.96, 223.13, 755.36, 1571.0, 3402.0, 7235.0];
/// The highest VDOT an effort may give: world-record pace is about VDOT 85 (Daniels'
/// tables: 10 km in 26:19, marathon in 2:01:39 at VDOT 85). Records set since (a 56:42
/// half is VDOT 87) are not rutscope's users: above this an effort is an error, not fitness.
pub const MAX_VDOT: f64 = 85.0;
/// Fastest a runner moves between two samples, m/s: Usain Bolt's peak in the 2009 Berlin
/// 100 m final was 12.3 m/s (the 60–80 m split, IAAF biomechanics report). Any faster
/// interval is a GPS jump for best efforts (the distance keeps jumps up to
/// `ingest::summary::TELEPORT_SPEED_M_S`, which must allow rides and cars): its metres and
/// seconds are left out of the series the efforts are measured on ([`effort_series`]).
pub const MAX_RUN_SPEED_M_S: f64 = 12.5;
/// Heart rate counts as a maximum only when held this long, seconds: a strap's static spike
/// or a dropout's catch-up lasts a few seconds, a real maximal effort minutes.
pub const HELD_HR_S: f64 = 30.0;
/// Longest gap between heart-rate samples inside a held window, seconds: the longest
/// interval that is not a pause (`ingest::summary::MAX_SAMPLE_GAP_S`), so smart recording
/// (every 1–8 s) and a track logged every 30 s both show a held heart rate, two readings at
/// least 30 s apart being the least that shows one.
pub const HELD_HR_MAX_GAP_S: f64 = crate::ingest::summary::MAX_SAMPLE_GAP_S;
/// Heart rate this close to the step rate (2 × the stride cadence) is taken as the optical
/// sensor counting steps ("cadence lock": J. Davis, "Cadence lock: why GPS watches have a
/// hard time measuring heart rate during running", Running Writings, May 2021), bpm. FIT
/// cadence is whole strides per minute, so steps are even and a locked reading is within 1.
pub const CADENCE_LOCK_BPM: f64 = 2.0;
/// Only a match lasting this long is a lock, seconds: a real heart rate crossing the step
/// rate matches it for a few seconds, a locked sensor for minutes.
pub const CADENCE_LOCK_MIN_S: f64 = 60.0;

/// Split length of the within-run pace spread, metres.
pub const SPLIT_M: f64 = 200.0;
/// Splits a run needs for a pace spread (2 km).
pub const MIN_SPLITS: usize = 10;

/// The 10–90 % range of split speeds over their median (see [`ActivityFacts::pace_spread`]).
// Index loops over two cumulative series read more plainly than iterator zips.
#[allow(clippy::needless_range_loop)]
pub fn pace_spread(cum_m: &[f64], cum_moving_s: &[f64]) -> Option<f64> {
    let n = cum_m.len().min(cum_moving_s.len());
    let mut speeds = Vec::new();
    let (mut next, mut t_prev) = (SPLIT_M, 0.0);
    for i in 1..n {
        while cum_m[i] >= next {
            let span = cum_m[i] - cum_m[i - 1];
            let f = if span > 0.0 {
                (next - cum_m[i - 1]) / span
            } else {
                1.0
            };
            let t = cum_moving_s[i - 1] + f * (cum_moving_s[i] - cum_moving_s[i - 1]);
            if t > t_prev {
                speeds.push(SPLIT_M / (t - t_prev));
            }
            t_prev = t;
            next += SPLIT_M;
        }
    }
    if speeds.len() < MIN_SPLITS {
        return None;
    }
    speeds.sort_by(f64::total_cmp);
    let q = |p: f64| speeds[((speeds.len() - 1) as f64 * p).round() as usize];
    let med = q(0.5);
    (med > 0.0).then(|| (q(0.9) - q(0.1)) / med)
}

/// Stops a best effort forgives, as a share of its moving time: a traffic light or two
/// (20–60 s in a 20 min 5 km is 2–5 %) cost the effort nothing, the rests between
/// repeats (4 × 90 s in five 1 km repeats, 32 %) count beyond it. Strava counts every
/// stop ("best efforts are always based on elapsed time"); forgiving the first 5 % keeps
/// the race signal of a city runner who stops at lights on the runner's pace instead of
/// the lights' count (on the simulator's urban loops, counting them all lost 12 of the 17
/// race plateaus found in its hinge histories), while repeats still cannot be stitched
/// into an effort.
pub const EFFORT_STOP_ALLOWANCE: f64 = 0.05;

/// Net drop a best effort may have over its distance, metres a metre (beside
/// [`EFFORT_DROP_NOISE_M`]): World Athletics' record-course rule for road races (formerly
/// IAAF rule 260.28(b): "the overall decrease in elevation between the start and finish
/// shall not exceed 1:1000, i.e. 1 m per km"). A "mile" run down a hill inside a tempo run
/// is no measure of race fitness: on the simulator's hill loop one gave VDOT 44 at a
/// threshold speed whose flat 5 km said 41, and held the race signal of a runner who kept
/// improving flat for eight months. A looser 5 m a km (for altitude that drifts: GeziP's
/// flat city runs of winter 2023/24 lose 25 m in 6 km, and lose their 5 km effort here)
/// let gentler descents through and gave 12 of 40 simulated healthy runners a plateau,
/// against 9 with no rule and 7 with this one (`scripts/detector-rates.sh 20`).
pub const EFFORT_MAX_DROP: f64 = 0.001;
/// Altitude noise a best effort's drop is allowed on top of [`EFFORT_MAX_DROP`], metres:
/// the altitude is smoothed over [`EFFORT_ELEVATION_SMOOTH_M`] either side first, and what
/// is left of a barometer's or a GPS's error over a few minutes is a few metres.
pub const EFFORT_DROP_NOISE_M: f64 = 5.0;
/// Half-width of the distance window the altitude is averaged over for a best effort's
/// drop, metres.
pub const EFFORT_ELEVATION_SMOOTH_M: f64 = 50.0;

/// A window of a best effort at least this much faster than the same distance run just
/// before it and just after it is a surge (10 %: a fartlek's pick-up, a rep between jogs,
/// or a GPS error that moved metres from one stretch into the next), and a surge a runner
/// ran shows in the heart rate ([`SURGE_MIN_HR_RISE_BPM`]).
pub const SURGE_SPEED_RATIO: f64 = 1.10;
/// The least rise of the mean heart rate over a surge against the same distance before it,
/// bpm. Heart rate rises about linearly with speed below the maximum (the heart-rate
/// reserve tracks the VO2 reserve: Swain & Leutholtz 1997, the basis of ACSM's and
/// Karvonen's intensities), so running 10 % faster takes about a tenth more of the reserve,
/// 10–14 bpm for reserves of 100–140; the heart reaches most of it within a minute or two
/// (on-kinetics of about 30 s), and a best effort of 1 km or more lasts 3 minutes or more.
/// A third of the smallest rise is left for the lag and the noise. Quitino, 2022-11-09: a
/// kilometre at 4:07 between kilometres of 4:55 and 6:25, at 163 bpm in all three, gave
/// VDOT 41.5 from a runner whose efforts then said 33–36 (a GPS error had moved metres from
/// the slow kilometre into the fast one).
pub const SURGE_MIN_HR_RISE_BPM: f64 = 4.0;
/// The rise a surge needs grows with its speed: this many bpm for each 100 % faster than
/// the distance before it (4 bpm at 10 %, a third of the 12 bpm or so that 10 % of speed
/// takes), up to [`SURGE_MAX_HR_RISE_BPM`].
pub const SURGE_HR_PER_SPEED_BPM: f64 = 40.0;
/// The most rise a surge is asked for, bpm: a rep after a jog starts from a heart rate
/// still high from the rep before, and its mean rises less than its speed says (1 km reps
/// at 3:40 between jogs at 7:00 rise about 15 bpm over the jog's mean).
pub const SURGE_MAX_HR_RISE_BPM: f64 = 8.0;
/// Share of a window's moving time its heart rate must be known over for a surge to be
/// judged by it: without the heart rate a surge is kept.
pub const SURGE_HR_COVERAGE: f64 = 0.8;

/// Fastest time over each of [`BEST_EFFORT_M`] anywhere in the activity (a sliding window
/// over cumulative distance, the window's time scaled to the exact distance), `None` where
/// the activity is shorter. A window's time is its moving time plus its stops (the clock
/// time it was not moving: stood still or paused) beyond [`EFFORT_STOP_ALLOWANCE`] of its
/// moving time. A window that drops more than [`EFFORT_MAX_DROP`] of its distance plus
/// [`EFFORT_DROP_NOISE_M`] (where the altitude is known at both ends) is no effort: its
/// time was given by the hill.
///
/// A window that is a surge the heart rate did not follow ([`surge_without_heart`]) is no
/// effort either: the next fastest window counts.
///
/// The series are those of [`effort_series`]: a GPS jump is left out of all of them, so a
/// window across one is stitched from the clean parts.
pub fn best_efforts(e: &EffortSeries) -> [Option<f64>; 6] {
    best_efforts_and_surges(e).0
}

/// [`best_efforts`], and how many of the distances had a faster window that was a surge the
/// heart rate did not follow (their effort is from another window, or none).
pub fn best_efforts_and_surges(e: &EffortSeries) -> ([Option<f64>; 6], u32) {
    let mut out = [None; 6];
    let mut surges = 0;
    for (k, &d) in BEST_EFFORT_M.iter().enumerate() {
        // Metres of the surges found: a window overlapping one holds some of its error.
        let mut left_out: Vec<(f64, f64)> = Vec::new();
        while let Some((t, j, i)) = fastest_window(e, d, &left_out) {
            if left_out.len() < MAX_SURGES && surge_without_heart(e, j, i, d) {
                left_out.push((e.cum_m[j], e.cum_m[i]));
                continue;
            }
            out[k] = Some(t);
            break;
        }
        surges += u32::from(!left_out.is_empty());
    }
    (out, surges)
}

/// Surges a distance's windows are tested for: past them the next fastest window counts
/// whatever it is (a run of many surges without heart rate is a sensor's fault, not its
/// GPS's).
const MAX_SURGES: usize = 3;

/// The fastest window of `d` metres (its time, first and last sample) that overlaps none of
/// the metre spans `left_out` and does not drop more than [`EFFORT_MAX_DROP`] allows.
// Index loops over cumulative series read more plainly than iterator zips.
#[allow(clippy::needless_range_loop)]
fn fastest_window(
    e: &EffortSeries,
    d: f64,
    left_out: &[(f64, f64)],
) -> Option<(f64, usize, usize)> {
    let (cum_m, moving_s, clock_s) = (&e.cum_m, &e.moving_s, &e.clock_s);
    let n = cum_m.len().min(moving_s.len()).min(clock_s.len());
    let ele = |i: usize| e.ele_m.get(i).copied().filter(|v| v.is_finite());
    let max_drop = EFFORT_MAX_DROP * d + EFFORT_DROP_NOISE_M;
    let mut best: Option<(f64, usize, usize)> = None;
    let mut j = 0;
    for i in 0..n {
        // The latest start j with at least d metres to i.
        while j < i && cum_m[i] - cum_m[j + 1] >= d {
            j += 1;
        }
        let covered = cum_m[i] - cum_m[j];
        if covered >= d && covered > 0.0 {
            if let (Some(a), Some(b)) = (ele(j), ele(i))
                && f64::from(a - b) > max_drop
            {
                continue;
            }
            if left_out
                .iter()
                .any(|&(lo, hi)| cum_m[j] < hi && cum_m[i] > lo)
            {
                continue;
            }
            let moving = moving_s[i] - moving_s[j];
            let stops = (clock_s[i] - clock_s[j] - moving).max(0.0);
            let t = (moving + (stops - EFFORT_STOP_ALLOWANCE * moving).max(0.0)) * d / covered;
            if t > 0.0 && best.is_none_or(|b| t < b.0) {
                best = Some((t, j, i));
            }
        }
    }
    best
}

/// Whether the window from sample `j` to sample `i` (`d` metres) is a surge the heart rate
/// did not follow: at least [`SURGE_SPEED_RATIO`] faster than the `d` metres just before it
/// and the `d` metres just after it (speeds grade-adjusted by each window's net grade),
/// with a mean heart rate that rose less over the `d` metres before it than such a surge
/// takes ([`SURGE_HR_PER_SPEED_BPM`] of its speed ratio, [`SURGE_MIN_HR_RISE_BPM`] to
/// [`SURGE_MAX_HR_RISE_BPM`]; each window's heart rate known over [`SURGE_HR_COVERAGE`] of
/// its moving time). A runner's surge raises the heart rate; a GPS
/// error that moved metres from one stretch into the next does not. Without heart rate, or
/// without the distance on both sides, a window is never one.
pub fn surge_without_heart(e: &EffortSeries, j: usize, i: usize, d: f64) -> bool {
    let (cum, t) = (&e.cum_m, &e.moving_s);
    let n = cum
        .len()
        .min(t.len())
        .min(e.hr_bpm_s.len())
        .min(e.hr_known_s.len());
    if i >= n || j >= i {
        return false;
    }
    // The latest start with d metres to j, and the earliest end with d metres from i.
    let before = cum[..=j].partition_point(|&c| c <= cum[j] - d);
    let after = i + cum[i..n].partition_point(|&c| c < cum[i] + d);
    if before == 0 || after >= n {
        return false;
    }
    let b = before - 1;
    // Grade-adjusted by the window's net grade where the altitude is known at both ends:
    // a climb before a flat stretch is slower at the same heart rate (trail runners).
    let speed = |p: usize, q: usize| {
        let (dt, dm) = (t[q] - t[p], cum[q] - cum[p]);
        let grade = match (e.ele_m.get(p), e.ele_m.get(q)) {
            (Some(a), Some(b)) if a.is_finite() && b.is_finite() && dm > 0.0 => {
                f64::from(b - a) / dm
            }
            _ => 0.0,
        };
        (dt > 0.0).then(|| super::formulas::grade_adjusted_speed(dm / dt, grade))
    };
    let heart = |p: usize, q: usize| {
        let known = e.hr_known_s[q] - e.hr_known_s[p];
        (known > 0.0 && known >= SURGE_HR_COVERAGE * (t[q] - t[p]))
            .then(|| (e.hr_bpm_s[q] - e.hr_bpm_s[p]) / known)
    };
    let (Some(v), Some(v_before), Some(v_after)) = (speed(j, i), speed(b, j), speed(i, after))
    else {
        return false;
    };
    if v < SURGE_SPEED_RATIO * v_before.max(v_after) {
        return false;
    }
    let (Some(h), Some(h_before)) = (heart(j, i), heart(b, j)) else {
        return false;
    };
    let needed = (SURGE_HR_PER_SPEED_BPM * (v / v_before - 1.0))
        .clamp(SURGE_MIN_HR_RISE_BPM, SURGE_MAX_HR_RISE_BPM);
    h - h_before < needed
}

/// A heart rate the facts use: a finite, positive reading.
fn plausible_hr(bpm: Option<f64>) -> Option<f64> {
    bpm.filter(|h| h.is_finite() && *h > 0.0)
}

/// Whether interval `i` is faster than [`MAX_RUN_SPEED_M_S`]: for a run, a GPS jump (a
/// repeated timestamp still moves at most a second's worth).
fn is_jump(iv: &Intervals, i: usize) -> bool {
    let d = iv.distance_m(i).unwrap_or(0.0);
    matches!(iv.dt_s(i), Some(dt) if d > MAX_RUN_SPEED_M_S * dt.max(1.0))
}

/// The cumulative series best efforts and pace splits are measured on (see
/// [`effort_series`]), one value a sample.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EffortSeries {
    /// Distance, metres.
    pub cum_m: Vec<f64>,
    /// Moving time, seconds: what pace splits are timed on (a split's stop is not its pace).
    pub moving_s: Vec<f64>,
    /// Clock time, seconds: moving time plus the time stood still with the timer running
    /// and the time the timer was paused. A best effort counts the stops it holds beyond
    /// [`EFFORT_STOP_ALLOWANCE`].
    pub clock_s: Vec<f64>,
    /// Altitude averaged over [`EFFORT_ELEVATION_SMOOTH_M`] either side, metres; NaN where
    /// none is known, empty when the activity has none (the drop of a best effort).
    pub ele_m: Vec<f32>,
    /// Heart rate integrated over moving time, bpm·s, and the moving seconds it is known
    /// over (a sensor locked on the cadence is not known): a window's mean heart rate, for
    /// a surge ([`SURGE_SPEED_RATIO`]). Both empty when the activity has no heart rate.
    pub hr_bpm_s: Vec<f64>,
    /// See [`EffortSeries::hr_bpm_s`].
    pub hr_known_s: Vec<f64>,
}

/// The series best efforts and pace splits are measured on, from the intervals' distances,
/// durations (`None` across a pause) and moving flags. An interval that is a jump (faster
/// than [`MAX_RUN_SPEED_M_S`]: its distance is a glitch, not running) or a sparse gap
/// (minutes between two records: how its distance was spread is not recorded, and some
/// files write it late, in a burst) adds neither distance nor time, so no window gains
/// metres for free and none is thrown away for crossing one bad second: a window across
/// it is measured on the clean seconds either side (issue 14: positions implying impossible
/// speed are excluded from best efforts). An interval across a pause adds no distance
/// (what a device channel gained across it was not run in the records' time) but its
/// clock time, and so does standing still with the timer running: a "5 km" stitched from
/// 1 km repeats with the watch paused between them counts its rests (520qianjiawen, 2026:
/// 5.09 km in 18:03 of timer against 25:04 on the clock, a VDOT of 59.5 from a runner
/// whose steady runs say 50–53).
///
/// The heart rate of a moving interval (at its end, where plausible and not `locked` on the
/// cadence) is integrated beside its moving time, for a surge's mean heart rate.
pub fn effort_series(
    iv: &Intervals,
    elevation_m: &[Option<f64>],
    heart_rate_bpm: &[Option<f64>],
    locked: &[bool],
) -> EffortSeries {
    let n = iv.len();
    let (mut cum, mut cum_t, mut clock) = (vec![0.0; n], vec![0.0; n], vec![0.0; n]);
    let hr_at = |i: usize| {
        plausible_hr(heart_rate_bpm.get(i).copied().flatten())
            .filter(|_| !locked.get(i).copied().unwrap_or(false))
    };
    let has_hr = (1..n).any(|i| hr_at(i).is_some());
    let (mut hr_s, mut hr_known) = if has_hr {
        (vec![0.0; n], vec![0.0; n])
    } else {
        (Vec::new(), Vec::new())
    };
    for i in 1..n {
        cum[i] = cum[i - 1];
        cum_t[i] = cum_t[i - 1];
        clock[i] = clock[i - 1];
        if has_hr {
            hr_s[i] = hr_s[i - 1];
            hr_known[i] = hr_known[i - 1];
        }
        let Some(t) = iv.dt_s(i) else {
            clock[i] += iv.clock_s(i).unwrap_or(0.0);
            continue;
        };
        if is_jump(iv, i) || iv.sparse_gap(i) {
            continue;
        }
        cum[i] += iv.distance_m(i).unwrap_or(0.0);
        clock[i] += t;
        if iv.moving(i) {
            cum_t[i] += t;
            // Only with `has_hr`: without, no interval has a heart rate.
            if let Some(h) = hr_at(i) {
                hr_s[i] += h * t;
                hr_known[i] += t;
            }
        }
    }
    let ele_m = smoothed_elevation(&cum, elevation_m);
    EffortSeries {
        cum_m: cum,
        moving_s: cum_t,
        clock_s: clock,
        ele_m,
        hr_bpm_s: hr_s,
        hr_known_s: hr_known,
    }
}

/// The mean of the known altitudes within [`EFFORT_ELEVATION_SMOOTH_M`] of each sample's
/// distance (NaN where there is none), or nothing when no sample has an altitude.
fn smoothed_elevation(cum: &[f64], ele: &[Option<f64>]) -> Vec<f32> {
    let n = cum.len().min(ele.len());
    if !ele[..n].iter().any(|e| e.is_some_and(f64::is_finite)) {
        return Vec::new();
    }
    let known = |i: usize| ele[i].filter(|v| v.is_finite());
    let (mut lo, mut hi) = (0usize, 0usize);
    let (mut sum, mut count) = (0.0f64, 0u32);
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        while hi < n && cum[hi] <= cum[i] + EFFORT_ELEVATION_SMOOTH_M {
            if let Some(v) = known(hi) {
                sum += v;
                count += 1;
            }
            hi += 1;
        }
        while cum[lo] < cum[i] - EFFORT_ELEVATION_SMOOTH_M {
            if let Some(v) = known(lo) {
                sum -= v;
                count -= 1;
            }
            lo += 1;
        }
        out.push(if count > 0 {
            (sum / f64::from(count)) as f32
        } else {
            f32::NAN
        });
    }
    out
}

/// Best efforts that were left out, by reason (see [`derive()`]); the data-quality section
/// reports them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct DiscardedEfforts {
    /// Distances the activity covers only with its GPS jumps' metres counted: with the
    /// jumps left out ([`effort_series`]) it is too short for them, so they have no effort.
    pub over_gps_jump: u32,
    /// Efforts faster than the world record for their distance ([`WORLD_RECORD_S`]) or
    /// giving a VDOT above [`MAX_VDOT`], and the other efforts of an activity with one.
    pub beyond_world_record: u32,
    /// Efforts of an activity whose distance disagrees with the device's own total (see
    /// [`DISTANCE_DISAGREES`]).
    pub distance_disagrees: u32,
    /// Distances the activity covers only down a hill: every window of them drops more
    /// than [`EFFORT_MAX_DROP`] (plus [`EFFORT_DROP_NOISE_M`]) allows.
    pub downhill: u32,
    /// Distances whose fastest window was a surge the heart rate did not follow
    /// ([`surge_without_heart`]: a GPS error): their effort is from another window.
    pub surge_without_heart: u32,
}

impl DiscardedEfforts {
    /// All of them.
    pub fn total(&self) -> u32 {
        self.over_gps_jump
            + self.beyond_world_record
            + self.distance_disagrees
            + self.downhill
            + self.surge_without_heart
    }
}

/// The computed distance and the device's own total disagree when they differ by more than
/// this fraction of the device's (and by more than [`DISTANCE_DISAGREES_MIN_M`]): GPS jumps
/// inflate the computed one, a lost fix shortens it; watches agree with themselves within
/// 1–2 %. Only files with both a device total and samples can be checked (FIT sessions, TCX
/// laps); a GPX has no device total.
pub const DISTANCE_DISAGREES: f64 = 0.10;
/// Smallest disagreement in metres that counts (short activities round).
pub const DISTANCE_DISAGREES_MIN_M: f64 = 200.0;

/// Whether the activity's computed distance disagrees with the device's own total.
pub fn distance_disagrees(computed_m: Option<f64>, device_m: Option<f64>) -> bool {
    match (computed_m, device_m) {
        (Some(c), Some(d)) if d > 0.0 => {
            (c - d).abs() > DISTANCE_DISAGREES * d && (c - d).abs() > DISTANCE_DISAGREES_MIN_M
        }
        _ => false,
    }
}

/// The highest heart rate held for [`HELD_HR_S`]: the maximum over the activity of the
/// minimum heart rate in each window of that length (from the last sample at or before its
/// start to its end, no gap over [`HELD_HR_MAX_GAP_S`]), leaving out samples in `excluded`
/// (cadence lock). `None` when no window qualifies.
pub fn held_max_hr(
    elapsed_s: &[Option<f64>],
    hr: &[Option<f64>],
    excluded: &[bool],
) -> Option<f64> {
    let pts: Vec<(f64, f64)> = (0..elapsed_s.len().min(hr.len()))
        .filter(|&i| !excluded.get(i).copied().unwrap_or(false))
        .filter_map(|i| {
            let h = plausible_hr(hr[i])?;
            Some((elapsed_s[i]?, h))
        })
        .collect();
    // One pass: `j` (the window's first point, the last at or before 30 s back) and `i` only
    // move forward, so the window's minimum is kept in a monotonic deque of indices and the
    // last gap in a running index (O(n), not O(n·window)).
    let mut best: Option<f64> = None;
    let mut j = 0;
    let mut after_gap = 0; // first index after the last gap up to `i`
    let mut mins: std::collections::VecDeque<usize> = std::collections::VecDeque::new();
    for i in 0..pts.len() {
        if i > 0 && pts[i].0 - pts[i - 1].0 > HELD_HR_MAX_GAP_S {
            after_gap = i;
        }
        while mins.back().is_some_and(|&k| pts[k].1 >= pts[i].1) {
            mins.pop_back();
        }
        mins.push_back(i);
        let from = pts[i].0 - HELD_HR_S;
        while j < i && pts[j + 1].0 <= from {
            j += 1;
        }
        while mins.front().is_some_and(|&k| k < j) {
            mins.pop_front();
        }
        if pts[j].0 > from || after_gap > j {
            continue;
        }
        let held = pts[*mins.front().expect("i is in the deque")].1;
        if best.is_none_or(|b| held > b) {
            best = Some(held);
        }
    }
    best
}

/// Samples whose heart rate is the optical sensor counting steps: heart rate within
/// [`CADENCE_LOCK_BPM`] of the step rate (2 × stride cadence) over an unbroken stretch of at
/// least [`CADENCE_LOCK_MIN_S`]. Returns the mask and the locked seconds.
pub fn cadence_lock(
    elapsed_s: &[Option<f64>],
    hr: &[Option<f64>],
    cadence_rpm: &[Option<f64>],
) -> (Vec<bool>, f64) {
    let n = elapsed_s.len().min(hr.len()).min(cadence_rpm.len());
    let near: Vec<bool> = (0..n)
        .map(|i| match (hr[i], cadence_rpm[i], elapsed_s[i]) {
            (Some(h), Some(c), Some(_)) => c > 0.0 && (h - 2.0 * c).abs() <= CADENCE_LOCK_BPM,
            _ => false,
        })
        .collect();
    let mut mask = vec![false; n];
    let mut locked_s = 0.0;
    let mut i = 0;
    while i < n {
        if !near[i] {
            i += 1;
            continue;
        }
        let start = i;
        while i + 1 < n && near[i + 1] {
            i += 1;
        }
        let span = elapsed_s[i].unwrap_or(0.0) - elapsed_s[start].unwrap_or(0.0);
        if span >= CADENCE_LOCK_MIN_S {
            mask[start..=i].iter_mut().for_each(|m| *m = true);
            locked_s += span;
        }
        i += 1;
    }
    (mask, locked_s)
}

/// Where an activity's load comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LoadSource {
    /// hrTSS.
    Hr,
    /// rTSS.
    Pace,
    /// Neither heart rate nor pace: no load.
    None,
}

/// One activity's metrics.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActivityMetrics {
    /// Seconds in motion.
    pub moving_time_s: f64,
    /// Metres.
    pub distance_m: f64,
    /// Mean grade-adjusted speed over moving time, m/s.
    pub gap_speed_m_s: Option<f64>,
    /// Banister TRIMP, summed per interval.
    pub trimp: Option<f64>,
    /// Heart-rate training stress.
    pub hr_tss: Option<f64>,
    /// Pace training stress.
    pub r_tss: Option<f64>,
    /// The load used by the trends.
    pub load: f64,
    /// Its source.
    pub load_source: LoadSource,
    /// Intensity factor: `sqrt(load / (100 · hours))` (1.0 is an hour's effort at threshold).
    pub intensity_factor: Option<f64>,
    /// Share of moving time with heart rate.
    pub hr_coverage: f64,
    /// Seconds in heart-rate zones 1–5.
    pub zone_s: [f64; 5],
    /// Seconds of steady running.
    pub steady_s: f64,
    /// Efficiency factor (GAP speed per bpm) on steady running.
    pub efficiency_factor: Option<f64>,
    /// Aerobic decoupling on steady running, percent.
    pub decoupling_pct: Option<f64>,
    /// GAP speed at the aerobic reference heart rate, m/s (see module docs).
    pub aerobic_speed_m_s: Option<f64>,
    /// That reference heart rate, bpm.
    pub aerobic_ref_hr_bpm: f64,
    /// Longitude of the first GPS fix, degrees.
    pub start_lon: Option<f64>,
    /// Best-effort times over [`BEST_EFFORT_M`], seconds, without those discarded.
    pub best_efforts_s: [Option<f64>; 6],
    /// Best efforts left out, by reason.
    pub discarded_efforts: DiscardedEfforts,
    /// The best VDOT among the best efforts of at least [`MIN_VDOT_EFFORT_M`] (an effort
    /// VDOT: what the run shows, a floor on fitness when it was not run all-out).
    pub vdot: Option<f64>,
    /// Spread of the pace within the run ([`ActivityFacts::pace_spread`]).
    pub pace_spread: Option<f64>,
}

/// An activity's running dynamics, as a chest strap, a foot pod or the watch measured them:
/// the median of each over the samples that carry it (a zero, written while standing or
/// with no sensor, is no reading: see `ingest::fit`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct RunningDynamics {
    /// Ground contact time, seconds.
    pub ground_contact_s: Option<f64>,
    /// Vertical oscillation, metres.
    pub vertical_oscillation_m: Option<f64>,
    /// Step length, metres.
    pub step_length_m: Option<f64>,
    /// Vertical ratio: vertical oscillation over step length, percent (the median of the
    /// samples that carry both; Garmin's definition).
    pub vertical_ratio_pct: Option<f64>,
    /// Samples with at least one of them.
    pub samples: usize,
}

/// The running dynamics of `s` (see [`RunningDynamics`]); `None` when no sample has any.
pub fn running_dynamics(s: &Samples) -> Option<RunningDynamics> {
    let median = |c: &[Option<f64>]| {
        let mut v: Vec<f64> = c.iter().flatten().copied().collect();
        super::trend::median(&mut v)
    };
    let mut ratios: Vec<f64> = s
        .vertical_oscillation_m
        .iter()
        .zip(&s.step_length_m)
        .filter_map(|(vo, step)| Some(100.0 * vo.as_ref()? / step.as_ref()?))
        .collect();
    let has = |c: &[Option<f64>], i: usize| c.get(i).is_some_and(Option::is_some);
    let samples = (0..s.len())
        .filter(|&i| {
            has(&s.ground_contact_s, i)
                || has(&s.vertical_oscillation_m, i)
                || has(&s.step_length_m, i)
        })
        .count();
    (samples > 0).then(|| RunningDynamics {
        ground_contact_s: median(&s.ground_contact_s),
        vertical_oscillation_m: median(&s.vertical_oscillation_m),
        step_length_m: median(&s.step_length_m),
        vertical_ratio_pct: super::trend::median(&mut ratios),
        samples,
    })
}

/// Grade at each sample from cumulative distance and elevation (see module docs).
fn grades(cum: &[f64], ele: &[Option<f64>]) -> Vec<f64> {
    let n = cum.len();
    let mut out = vec![0.0; n];
    let (mut lo, mut hi) = (0usize, 0usize);
    for i in 0..n {
        while cum[lo] < cum[i] - GRADE_WINDOW_M || ele[lo].is_none() && lo < i {
            lo += 1;
        }
        if hi < i {
            hi = i;
        }
        while hi + 1 < n && cum[hi + 1] <= cum[i] + GRADE_WINDOW_M {
            hi += 1;
        }
        let mut h = hi;
        while h > i && ele[h].is_none() {
            h -= 1;
        }
        if let (Some(a), Some(b)) = (ele[lo], ele[h]) {
            let run = cum[h] - cum[lo];
            if run >= GRADE_MIN_RUN_M {
                out[i] = ((b - a) / run).clamp(-0.45, 0.45);
            }
        }
    }
    out
}

/// One moving interval, as the facts read it.
struct MovingInterval {
    /// Seconds since the start at its end (0 when untimed).
    elapsed_s: f64,
    /// Duration, seconds.
    dt_s: f64,
    /// Distance, metres (0 when unknown).
    distance_m: f64,
    /// Grade-adjusted speed, m/s.
    gap_m_s: f64,
    /// Heart rate at its end, where plausible.
    hr_bpm: Option<f64>,
}

/// The moving intervals of `s` in order, their GAP speed from `grade`. Computed again by
/// each pass that needs them rather than collected: at 40 bytes an interval, collecting
/// them was the largest of the facts' temporaries.
fn moving_intervals<'a>(
    s: &'a Samples,
    iv: &'a Intervals,
    grade: &'a [f64],
) -> impl Iterator<Item = MovingInterval> + 'a {
    (1..iv.len()).filter_map(move |i| {
        let (Some(dt), true) = (iv.dt_s(i), iv.moving(i)) else {
            return None;
        };
        let d = iv.distance_m(i).unwrap_or(0.0);
        let v = s.speed_m_s[i].unwrap_or(d / dt);
        Some(MovingInterval {
            elapsed_s: s.elapsed_s[i].unwrap_or(0.0),
            dt_s: dt,
            distance_m: d,
            gap_m_s: grade_adjusted_speed(v, grade[i]),
            hr_bpm: plausible_hr(s.heart_rate_bpm[i]),
        })
    })
}

/// Time-weighted sums over steady intervals, for their mean GAP speed and heart rate.
/// Each sum is the sequential sum `Iterator::sum` gives (from its neutral element, in
/// order), so the means are those of summing a collected list.
#[derive(Clone, Copy)]
struct SteadySums {
    t: f64,
    gap_t: f64,
    hr_t: f64,
}

impl SteadySums {
    fn new() -> Self {
        let zero: f64 = std::iter::empty::<f64>().sum();
        SteadySums {
            t: zero,
            gap_t: zero,
            hr_t: zero,
        }
    }

    fn add(&mut self, (dt, gap, hr): (f64, f64, f64)) {
        self.t += dt;
        self.gap_t += gap * dt;
        self.hr_t += hr * dt;
    }

    /// Mean GAP speed and heart rate.
    fn means(&self) -> (f64, f64) {
        (self.gap_t / self.t, self.hr_t / self.t)
    }
}

/// Reads one activity's samples into its profile-independent facts. The store caches them
/// ([`crate::store::Store::facts`]): a change to what this computes must bump
/// [`crate::store::facts::FACTS_VERSION`], or caches of the old computation would be read as
/// current.
///
/// It runs at import beside the activity's samples, so its temporaries are few and narrow
/// (issue 20: a 225 MB GPX's facts once held 130 bytes a point more): the intervals (9 bytes
/// a sample) throughout, then one phase at a time, each freeing its own (cadence lock and
/// held heart rate; the effort series, 24 bytes; the grades, 8, and the moving intervals'
/// GAP speeds, 8, for their median; the route track last). The moving intervals are
/// computed again by each pass instead of collected.
// Several channels are read at the same index: index loops are the clearest form here.
#[allow(clippy::needless_range_loop)]
pub fn activity_facts(s: &Samples) -> ActivityFacts {
    activity_facts_with(s, &intervals(s))
}

/// [`activity_facts`] from the activity's intervals already split (`intervals(s)`): the
/// import splits them once for the summary and the facts.
#[allow(clippy::needless_range_loop)]
pub fn activity_facts_with(s: &Samples, iv: &Intervals<'_>) -> ActivityFacts {
    let n = s.len();
    let (locked, hr_locked_s) = cadence_lock(&s.elapsed_s, &s.heart_rate_bpm, &s.cadence_rpm);
    let max_hr_held = held_max_hr(&s.elapsed_s, &s.heart_rate_bpm, &locked);
    // Metres of GPS jumps and of (other) sparse gaps, for the count of distances lost to
    // the jumps.
    let (mut jumped_m, mut gap_m, mut gps_jumps) = (0.0, 0.0, 0u32);
    for i in 1..n {
        let jump = is_jump(iv, i);
        gps_jumps += u32::from(jump);
        if iv.dt_s(i).is_none() {
            continue;
        }
        let d = iv.distance_m(i).unwrap_or(0.0);
        if jump {
            jumped_m += d;
        } else if iv.sparse_gap(i) {
            gap_m += d;
        }
    }
    let (efforts, efforts_surges, spread, covered_m) = {
        let e = effort_series(iv, &s.elevation_m, &s.heart_rate_bpm, &locked);
        drop(locked);
        let (efforts, surges) = best_efforts_and_surges(&e);
        (
            efforts,
            surges,
            pace_spread(&e.cum_m, &e.moving_s),
            e.cum_m.last().copied().unwrap_or(0.0),
        )
    };
    // A distance lost to the jumps: covered only when the jumps' metres are counted.
    let clean_m = covered_m + gap_m;
    let efforts_over_jumps = BEST_EFFORT_M
        .iter()
        .filter(|&&d| clean_m < d && clean_m + jumped_m >= d)
        .count() as u32;
    let efforts_downhill = downhill_efforts(&efforts, covered_m);
    let grade = {
        let mut cum = vec![0.0; n];
        for i in 1..n {
            cum[i] = cum[i - 1] + iv.distance_m(i).unwrap_or(0.0);
        }
        grades(&cum, &s.elevation_m)
    };

    let (mut moving, mut dist, mut gap_dt, mut hr_dt) = (0.0, 0.0, 0.0, 0.0);
    // Histogram by whole bpm: moving s, warm s, warm GAP metres.
    let mut bins = vec![(0.0f64, 0.0f64, 0.0f64); 256];
    // GAP speeds of the moving intervals, for their median.
    let mut gaps: Vec<f64> = Vec::new();
    for m in moving_intervals(s, iv, &grade) {
        moving += m.dt_s;
        dist += m.distance_m;
        gap_dt += m.gap_m_s * m.dt_s;
        if let Some(h) = m.hr_bpm {
            hr_dt += m.dt_s;
            let b = &mut bins[h.round().clamp(0.0, 255.0) as usize];
            b.0 += m.dt_s;
            if m.elapsed_s >= WARMUP_S {
                b.1 += m.dt_s;
                b.2 += m.gap_m_s * m.dt_s;
            }
        }
        gaps.push(m.gap_m_s);
    }
    let gap_speed = (moving > 0.0 && dist > 0.0).then(|| gap_dt / moving);

    // Steady running: (dt, GAP speed, heart rate) of the steady intervals, in order.
    let median = if gaps.is_empty() {
        0.0
    } else {
        let mid = gaps.len() / 2;
        *gaps.select_nth_unstable_by(mid, f64::total_cmp).1
    };
    drop(gaps);
    let steady = || {
        moving_intervals(s, iv, &grade)
            .filter(|m| {
                m.elapsed_s >= WARMUP_S && (m.gap_m_s - median).abs() <= STEADY_BAND * median
            })
            .filter_map(|m| m.hr_bpm.map(|h| (m.dt_s, m.gap_m_s, h)))
    };
    let (all, count) = steady().fold((SteadySums::new(), 0usize), |(mut a, c), m| {
        a.add(m);
        (a, c + 1)
    });
    let steady_s = all.t;
    let (mut ef, mut dec) = (None, None);
    if steady_s >= MIN_STEADY_S && median > 0.0 {
        let (g, h) = all.means();
        ef = super::formulas::efficiency_factor(g, h);
        // The halves by steady time: the first ends at the interval where the running total
        // reaches half of it.
        let (mut acc, mut split) = (0.0, None);
        let (mut first, mut second) = (SteadySums::new(), SteadySums::new());
        for (k, m) in steady().enumerate() {
            if split.is_some() {
                second.add(m);
                continue;
            }
            first.add(m);
            acc += m.0;
            if acc >= steady_s / 2.0 {
                split = Some(k);
            }
        }
        if split.is_some_and(|k| k + 1 < count) {
            let (g1, h1) = first.means();
            let (g2, h2) = second.means();
            dec = decoupling_pct(g1, h1, g2, h2);
        }
    }
    drop(grade);
    ActivityFacts {
        moving_time_s: moving,
        distance_m: dist,
        gap_speed_m_s: gap_speed,
        hr_moving_s: hr_dt,
        steady_s,
        efficiency_factor: ef,
        decoupling_pct: dec,
        start_lon: s
            .lat
            .iter()
            .zip(&s.lon)
            .find_map(|(la, lo)| la.and(*lo))
            .filter(|lo| lo.is_finite()),
        best_efforts_s: efforts,
        efforts_over_jumps,
        efforts_downhill,
        efforts_surges,
        gps_jumps,
        max_hr_held_bpm: max_hr_held,
        hr_locked_s,
        pace_spread: spread,
        track: super::routes::route_track(s),
        hr_bins: bins
            .iter()
            .enumerate()
            .filter(|(_, b)| b.0 > 0.0)
            .map(|(bpm, b)| HrBin {
                bpm: bpm as u16,
                moving_s: b.0,
                warm_s: b.1,
                warm_gap_m: b.2,
            })
            .collect(),
    }
}

/// How many of [`BEST_EFFORT_M`] a series of `covered_m` metres covers but has no effort
/// for: every window of the distance dropped more than [`EFFORT_MAX_DROP`] allows.
pub fn downhill_efforts(efforts: &[Option<f64>; 6], covered_m: f64) -> u32 {
    BEST_EFFORT_M
        .iter()
        .zip(efforts)
        .filter(|(d, e)| covered_m >= **d && e.is_none())
        .count() as u32
}

/// Whether load can come from pace for this sport (rTSS is a running measure).
fn foot_sport(sport: Sport) -> bool {
    matches!(
        sport,
        Sport::Running | Sport::Walking | Sport::Hiking | Sport::Generic
    )
}

/// The aerobic reference heart rate of a profile: [`AEROBIC_REF_HRR`] of its reserve.
pub fn aerobic_ref_hr_bpm(p: &Profile) -> f64 {
    p.rest_hr_bpm.value + AEROBIC_REF_HRR * (p.max_hr_bpm.value - p.rest_hr_bpm.value)
}

/// The facts' best efforts without those no runner can run: faster than the world record
/// for the distance ([`WORLD_RECORD_S`]) or, for distances that give a VDOT, above
/// [`MAX_VDOT`], and then all the activity's others too; with the count of those left out
/// here and over GPS jumps (the facts').
/// Only foot sports are judged: a ride's "efforts" are no running records.
pub fn plausible_efforts(f: &ActivityFacts, sport: Sport) -> ([Option<f64>; 6], DiscardedEfforts) {
    let mut out = f.best_efforts_s;
    let mut d = DiscardedEfforts::default();
    if !foot_sport(sport) {
        return (out, d);
    }
    d.over_gps_jump = f.efforts_over_jumps;
    d.downhill = f.efforts_downhill;
    d.surge_without_heart = f.efforts_surges;
    let too_fast = |k: usize, secs: f64| {
        secs < WORLD_RECORD_S[k]
            || super::formulas::vdot(BEST_EFFORT_M[k], secs).is_some_and(|v| v > MAX_VDOT)
    };
    // One impossible effort condemns the others: they were measured on the same track,
    // next to or across the stretch no runner ran (GeziP, 2024-05-21: a 21 km "run" with
    // minutes at 8–10 m/s, a ride; its 1 km, mile and 5 km were beyond the records, and
    // its 10 km in 37:48, VDOT 55.5 from a runner of 30–39, was kept).
    let impossible = out
        .iter()
        .enumerate()
        .any(|(k, t)| t.is_some_and(|secs| too_fast(k, secs)));
    if impossible {
        for t in out.iter_mut().filter(|t| t.is_some()) {
            *t = None;
            d.beyond_world_record += 1;
        }
    }
    (out, d)
}

/// Leaves out every best effort and the VDOT of an activity whose computed distance
/// disagrees with the device's own total ([`distance_disagrees`]): which of the two is
/// wrong cannot be told, so no effort of it is trusted. What can be told: a disagreement of
/// the whole activity's distance (FIT session, TCX laps); what cannot: a GPX (no device
/// total), or a jump the device's channel shares (the efforts are measured on that channel
/// when it exists, so both agree).
pub fn discard_if_distance_disagrees(
    m: &mut ActivityMetrics,
    computed_m: Option<f64>,
    device_m: Option<f64>,
) {
    if distance_disagrees(computed_m, device_m) {
        let n = m.best_efforts_s.iter().filter(|t| t.is_some()).count() as u32;
        m.best_efforts_s = [None; 6];
        m.vdot = None;
        m.discarded_efforts.distance_disagrees += n;
    }
}

/// Metrics from facts and the profile.
pub fn derive(f: &ActivityFacts, sport: Sport, p: &Profile) -> ActivityMetrics {
    let (rest, max) = (p.rest_hr_bpm.value, p.max_hr_bpm.value);
    let k = p.trimp_constants();
    let mut tr = 0.0;
    let mut zone_s = [0.0; 5];
    let (lo, hi) = (
        rest + AEROBIC_BAND_HRR.0 * (max - rest),
        rest + AEROBIC_BAND_HRR.1 * (max - rest),
    );
    let hr_ref = aerobic_ref_hr_bpm(p);
    let (mut band_s, mut band_m) = (0.0, 0.0);
    for b in &f.hr_bins {
        let h = f64::from(b.bpm);
        tr += trimp(b.moving_s / 60.0, h, rest, max, k);
        let x = (h - rest) / (max - rest);
        let z = ZONE_BOUNDS.iter().position(|z| x < *z).unwrap_or(4);
        zone_s[z] += b.moving_s;
        if h >= lo && h <= hi && h > rest {
            band_s += b.warm_s;
            band_m += b.warm_gap_m * (hr_ref - rest) / (h - rest);
        }
    }
    let hr_coverage = if f.moving_time_s > 0.0 {
        f.hr_moving_s / f.moving_time_s
    } else {
        0.0
    };
    let trimp_v = (f.hr_moving_s > 0.0).then_some(tr);
    let hr_tss_v = (hr_coverage >= MIN_HR_COVERAGE)
        .then(|| hr_tss(tr, p.threshold_hr_bpm.value, rest, max, k));
    let r_tss_v = match (foot_sport(sport), f.gap_speed_m_s) {
        (true, Some(g)) => Some(r_tss(f.moving_time_s, g, p.threshold_speed_m_s.value)),
        _ => None,
    };
    let (load, load_source) = match (hr_tss_v, r_tss_v) {
        (Some(h), _) => (h, LoadSource::Hr),
        (None, Some(r)) => (r, LoadSource::Pace),
        _ => (0.0, LoadSource::None),
    };
    let (best_efforts_s, discarded) = plausible_efforts(f, sport);
    let intensity_factor = (load_source != LoadSource::None && f.moving_time_s > 0.0)
        .then(|| (load / (100.0 * f.moving_time_s / 3600.0)).sqrt());
    ActivityMetrics {
        moving_time_s: f.moving_time_s,
        distance_m: f.distance_m,
        gap_speed_m_s: f.gap_speed_m_s,
        trimp: trimp_v,
        hr_tss: hr_tss_v,
        r_tss: r_tss_v,
        load,
        load_source,
        intensity_factor,
        hr_coverage,
        zone_s,
        steady_s: f.steady_s,
        efficiency_factor: f.efficiency_factor,
        decoupling_pct: f.decoupling_pct,
        aerobic_speed_m_s: (band_s >= MIN_AEROBIC_S && foot_sport(sport)).then(|| band_m / band_s),
        aerobic_ref_hr_bpm: hr_ref,
        start_lon: f.start_lon,
        best_efforts_s,
        discarded_efforts: discarded,
        vdot: BEST_EFFORT_M
            .iter()
            .zip(&best_efforts_s)
            .filter(|(d, _)| **d >= MIN_VDOT_EFFORT_M)
            .filter_map(|(d, t)| t.and_then(|t| super::formulas::vdot(*d, t)))
            .filter(|_| foot_sport(sport))
            .reduce(f64::max),
        pace_spread: f.pace_spread,
    }
}

/// Computes the metrics of one activity from its samples.
pub fn activity_metrics(s: &Samples, sport: Sport, p: &Profile) -> ActivityMetrics {
    derive(&activity_facts(s), sport, p)
}

/// Metrics of every counted activity, in start order, from the activities' facts (by
/// activity id). An activity without samples (a session the file dates but records nothing
/// of: Garmin Connect's treadmill GPX) has no facts; it is kept with
/// [`without_samples`]'s metrics, so it counts as a session (and ends a break).
pub fn compute_all(
    acts: &[crate::store::records::ActivityRecord],
    facts: &std::collections::HashMap<String, ActivityFacts>,
    profile: &Profile,
) -> Vec<(crate::store::records::ActivityRecord, ActivityMetrics)> {
    use crate::store::records::Status;
    let empty = activity_facts(&Samples::default());
    let mut out: Vec<_> = acts
        .iter()
        .filter(|a| a.status == Status::Primary)
        .filter_map(|a| {
            let Some(f) = facts.get(&a.id) else {
                return (a.computed.samples == 0)
                    .then(|| (a.clone(), without_samples(a, &empty, profile)));
            };
            let mut m = derive(f, a.sport, profile);
            discard_if_distance_disagrees(
                &mut m,
                a.computed.distance_m,
                a.device_totals.distance_m,
            );
            Some((a.clone(), m))
        })
        .collect();
    out.sort_by(|(a, _), (b, _)| (a.start, &a.id).cmp(&(b.start, &b.id)));
    out
}

/// Metrics of an activity without samples: its distance and time are the file's summary
/// (device totals: timer time, else elapsed) where it gives them, else zero — unknown, so
/// they add nothing to volume; no effort, no heart rate. A file without samples has no
/// load; an export's summary-only activity (nothing but a summary exists) has the load its
/// summary supports: heart-rate load from its average heart rate over its moving time, else
/// pace load from its average speed for a sport on foot (flat: no grade is known). The
/// average understates the load of intervals (TRIMP's weighting is convex), so a summary's
/// load is a floor.
pub fn without_samples(
    a: &crate::store::records::ActivityRecord,
    empty: &ActivityFacts,
    profile: &Profile,
) -> ActivityMetrics {
    let distance_m = a.device_totals.distance_m.unwrap_or(0.0);
    let moving_time_s = a
        .device_totals
        .timer_time_s
        .or(a.device_totals.elapsed_time_s)
        .unwrap_or(0.0);
    let mut facts = empty.clone();
    if a.summary_only && moving_time_s > 0.0 {
        facts.moving_time_s = moving_time_s;
        facts.distance_m = distance_m;
        if let Some(hr) = a.device_totals.avg_hr_bpm.filter(|h| *h > 0.0) {
            facts.hr_moving_s = moving_time_s;
            facts.hr_bins = vec![crate::store::facts::HrBin {
                bpm: hr.round().clamp(0.0, f64::from(u16::MAX)) as u16,
                moving_s: moving_time_s,
                // No warm-up split is known: the summary says nothing of aerobic pace.
                warm_s: 0.0,
                warm_gap_m: 0.0,
            }];
        }
        facts.gap_speed_m_s = (distance_m > 0.0).then(|| distance_m / moving_time_s);
    }
    let mut m = derive(&facts, a.sport, profile);
    m.distance_m = distance_m;
    m.moving_time_s = moving_time_s;
    m
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::profile::{ProfileSettings, resolve};
    use crate::model::SampleRow;

    fn profile() -> Profile {
        resolve(
            &ProfileSettings {
                max_hr_bpm: Some(190.0),
                rest_hr_bpm: Some(50.0),
                threshold_hr_bpm: Some(170.0),
                threshold_speed_m_s: Some(4.0),
                sex: None,
            },
            &[],
            &std::collections::HashMap::new(),
        )
    }

    /// `secs` seconds at `speed` on the flat with heart rate `hr(t)`.
    fn run(secs: usize, speed: f64, hr: impl Fn(usize) -> Option<f64>) -> Samples {
        let mut s = Samples::default();
        for i in 0..=secs {
            s.push(SampleRow {
                t_ms: Some(i as i64 * 1000),
                distance_m: Some(speed * i as f64),
                elevation_m: Some(100.0),
                heart_rate_bpm: hr(i),
                ..SampleRow::default()
            });
        }
        s.finish_elapsed();
        s
    }

    #[test]
    fn an_hour_at_threshold_is_100_by_both_measures() {
        let m = activity_metrics(&run(3600, 4.0, |_| Some(170.0)), Sport::Running, &profile());
        assert!((m.moving_time_s - 3600.0).abs() < 1e-9);
        assert!((m.gap_speed_m_s.unwrap() - 4.0).abs() < 1e-9);
        assert!((m.hr_tss.unwrap() - 100.0).abs() < 1e-6);
        assert!((m.r_tss.unwrap() - 100.0).abs() < 1e-6);
        assert_eq!(m.load_source, LoadSource::Hr);
        // 170 bpm is 85.7 % of reserve: zone 4 all the way.
        assert_eq!(m.zone_s, [0.0, 0.0, 0.0, 3600.0, 0.0]);
        // Constant effort: no decoupling.
        assert!(m.decoupling_pct.unwrap().abs() < 1e-9);
        assert!((m.efficiency_factor.unwrap() - 4.0 / 170.0).abs() < 1e-12);
    }

    #[test]
    fn drifting_heart_rate_shows_as_decoupling() {
        // 140 → 147 bpm linearly over the steady part at constant speed.
        let s = run(3600, 3.0, |t| Some(140.0 + 7.0 * t as f64 / 3600.0));
        let d = activity_metrics(&s, Sport::Running, &profile())
            .decoupling_pct
            .unwrap();
        assert!(d > 1.0 && d < 4.0, "{d}");
    }

    #[test]
    fn without_heart_rate_the_load_comes_from_pace() {
        let m = activity_metrics(&run(1800, 3.0, |_| None), Sport::Running, &profile());
        assert_eq!(m.load_source, LoadSource::Pace);
        assert_eq!(m.trimp, None);
        assert!((m.load - 0.5 * 0.75 * 0.75 * 100.0).abs() < 1e-6);
        assert_eq!(m.decoupling_pct, None);
        let c = activity_metrics(&run(1800, 8.0, |_| None), Sport::Cycling, &profile());
        assert_eq!(c.load_source, LoadSource::None);
    }

    #[test]
    fn uphill_counts_more() {
        let mut s = run(600, 3.0, |_| None);
        for i in 0..s.len() {
            s.elevation_m[i] = Some(100.0 + 0.1 * 3.0 * i as f64); // 10 % grade
        }
        let m = activity_metrics(&s, Sport::Running, &profile());
        let g = m.gap_speed_m_s.unwrap();
        assert!(
            (g - 3.0 * crate::analysis::formulas::minetti_cost(0.1) / 3.6).abs() < 0.05,
            "{g}"
        );
    }

    #[test]
    fn aerobic_speed_is_speed_scaled_to_the_reference_heart_rate() {
        // Reference 70 % of reserve: 50 + 0.7 · 140 = 148 bpm.
        let at_ref = activity_metrics(&run(1800, 3.0, |_| Some(148.0)), Sport::Running, &profile());
        assert_eq!(at_ref.aerobic_ref_hr_bpm, 148.0);
        assert!((at_ref.aerobic_speed_m_s.unwrap() - 3.0).abs() < 1e-9);
        // At 134 bpm (60 %) the same speed means 3.0 · 98/84 = 3.5 m/s at 148.
        let low = activity_metrics(&run(1800, 3.0, |_| Some(134.0)), Sport::Running, &profile());
        assert!((low.aerobic_speed_m_s.unwrap() - 3.5).abs() < 1e-9);
        // Outside the band, or under 10 min in it after the warm-up: none.
        let hard = activity_metrics(&run(3600, 4.0, |_| Some(170.0)), Sport::Running, &profile());
        assert_eq!(hard.aerobic_speed_m_s, None);
        let short = activity_metrics(&run(1100, 3.0, |_| Some(148.0)), Sport::Running, &profile());
        assert_eq!(short.aerobic_speed_m_s, None);
    }

    #[test]
    fn the_histogram_gives_the_per_sample_trimp() {
        // Whole-bpm heart rate from 120 to 179 over an hour.
        let s = run(3600, 3.0, |t| Some(120.0 + (t % 60) as f64));
        let m = activity_metrics(&s, Sport::Running, &profile());
        let p = profile();
        let direct: f64 = (1..s.len())
            .map(|i| {
                crate::analysis::formulas::trimp(
                    1.0 / 60.0,
                    s.heart_rate_bpm[i].unwrap(),
                    50.0,
                    190.0,
                    p.trimp_constants(),
                )
            })
            .sum();
        assert!((m.trimp.unwrap() - direct).abs() < 1e-9 * direct);
        assert!((m.zone_s.iter().sum::<f64>() - 3600.0).abs() < 1e-9);
    }

    /// An effort series, one sample a second, from stretches of (metres, speed, heart
    /// rate); no heart rate at all when every stretch has none.
    fn stretches(parts: &[(f64, f64, Option<f64>)]) -> EffortSeries {
        let (mut cum, mut t, mut hr_s, mut known) = (vec![0.0], vec![0.0], vec![0.0], vec![0.0]);
        for &(metres, v, hr) in parts {
            for _ in 0..(metres / v).round() as usize {
                cum.push(cum.last().unwrap() + v);
                t.push(t.last().unwrap() + 1.0);
                hr_s.push(hr_s.last().unwrap() + hr.unwrap_or(0.0));
                known.push(known.last().unwrap() + f64::from(u8::from(hr.is_some())));
            }
        }
        let has_hr = parts.iter().any(|p| p.2.is_some());
        EffortSeries {
            cum_m: cum,
            moving_s: t.clone(),
            clock_s: t,
            ele_m: Vec::new(),
            hr_bpm_s: if has_hr { hr_s } else { Vec::new() },
            hr_known_s: if has_hr { known } else { Vec::new() },
        }
    }

    #[test]
    fn a_surge_the_heart_rate_did_not_follow_is_no_effort() {
        // Quitino, 2022-11-09 (laps of 1 km): 4:55, a "4:07" and a 6:25 at 163 bpm in all
        // three, then 4:59 (the first stretch longer: a surge needs its distance before it). A GPS error moved metres from the slow kilometre into the fast.
        let glitch = |hr_fast: Option<f64>, hr: Option<f64>| {
            stretches(&[
                (1500.0, 1000.0 / 295.0, hr),
                (1000.0, 1000.0 / 247.0, hr_fast),
                (1000.0, 1000.0 / 385.0, hr),
                (1000.0, 1000.0 / 299.0, hr),
            ])
        };
        let (b, surges) = best_efforts_and_surges(&glitch(Some(163.0), Some(163.0)));
        assert!((b[0].unwrap() - 295.0).abs() < 1.5, "{:?}", b[0]);
        assert_eq!(surges, 1, "the 1 km; the mile has no mile on both sides");
        // Run: the heart rate rose 12 bpm over the fast kilometre.
        let (b, surges) = best_efforts_and_surges(&glitch(Some(175.0), Some(163.0)));
        assert!((b[0].unwrap() - 247.0).abs() < 1.5, "{:?}", b[0]);
        assert_eq!(surges, 0);
        // Without heart rate nothing tells: the fast kilometre stays.
        let (b, surges) = best_efforts_and_surges(&glitch(None, None));
        assert!((b[0].unwrap() - 247.0).abs() < 1.5, "{:?}", b[0]);
        assert_eq!(surges, 0);
        // Nor does a heart rate known over too little of the stretch before it.
        let (b, _) = best_efforts_and_surges(&glitch(Some(163.0), None));
        assert!((b[0].unwrap() - 247.0).abs() < 1.5, "{:?}", b[0]);
        // A progression run's last kilometre has nothing after it: kept, whatever the heart.
        let finish = stretches(&[
            (1000.0, 1000.0 / 330.0, Some(160.0)),
            (1000.0, 1000.0 / 300.0, Some(160.0)),
            (1000.0, 1000.0 / 250.0, Some(161.0)),
        ]);
        let (b, surges) = best_efforts_and_surges(&finish);
        assert_eq!((b[0], surges), (Some(250.0), 0));
        // A steady tempo between a warm-up and a cool-down, the heart rate up 20 bpm.
        let tempo = stretches(&[
            (2000.0, 3.0, Some(140.0)),
            (5000.0, 4.0, Some(160.0)),
            (2000.0, 3.0, Some(150.0)),
        ]);
        let (b, surges) = best_efforts_and_surges(&tempo);
        assert_eq!((b[0], surges), (Some(250.0), 0));
    }

    #[test]
    fn best_efforts_slide_over_the_run() {
        // 3 km at 4 m/s (250 s/km), then 3 km at 5 m/s (200 s/km), with a 60 s pause
        // between them that does not count.
        let mut cum = Vec::new();
        let mut t = Vec::new();
        for i in 0..=750 {
            cum.push(4.0 * i as f64);
            t.push(i as f64);
        }
        for i in 1..=600 {
            cum.push(3000.0 + 5.0 * i as f64);
            t.push(750.0 + i as f64);
        }
        let b = best_efforts(&EffortSeries {
            cum_m: cum,
            moving_s: t.clone(),
            clock_s: t,
            ..EffortSeries::default()
        });
        assert!(
            (b[0].unwrap() - 200.0).abs() < 1e-9,
            "1 km in the fast half"
        );
        assert!((b[1].unwrap() - 1609.344 / 5.0).abs() < 1e-9);
        // 5 km: 3 km fast (600 s) + 2 km slow (500 s).
        assert!((b[2].unwrap() - 1100.0).abs() < 1e-6, "{:?}", b[2]);
        assert_eq!(b[3], None);
        let m = activity_metrics(&run(3000, 4.0, |_| None), Sport::Running, &profile());
        // 12 km at 4 m/s: the 10 km in 41:40 gives the best VDOT, 49.5 (Daniels' tables:
        // 10 km 41:21 is VDOT 50, 42:04 is 49); the mile and 5 km at the same pace give less.
        assert!((m.best_efforts_s[3].unwrap() - 2500.0).abs() < 1e-6);
        let v = m.vdot.unwrap();
        assert!((v - 49.5).abs() < 0.1, "{v}");
    }

    /// 14 km at 3.5 m/s with the distance channel jumping `jump_m` in 10 s at 1,000 s.
    fn run_with_jump(jump_m: f64) -> Samples {
        let mut s = run(4000, 3.5, |_| Some(150.0));
        for i in 1000..s.len() {
            s.distance_m[i] =
                s.distance_m[i].map(|d| d + jump_m * ((i - 1000).min(10) as f64) / 10.0);
        }
        s
    }

    #[test]
    fn a_gps_jump_is_left_out_of_the_efforts_not_the_whole_window() {
        let clean = activity_metrics(&run_with_jump(0.0), Sport::Running, &profile());
        assert_eq!(clean.discarded_efforts, DiscardedEfforts::default());
        // 300 m in 10 s (30 m/s, under the 100 m/s teleport bound, so in the distance).
        let m = activity_metrics(&run_with_jump(300.0), Sport::Running, &profile());
        // The jump's 10 s and 335 m are left out: every distance still has its effort, at
        // the clean run's pace (3.5 m/s), the 10 km included, and none is discarded.
        for (k, (a, b)) in m
            .best_efforts_s
            .iter()
            .zip(&clean.best_efforts_s)
            .enumerate()
        {
            assert_eq!(a.is_some(), b.is_some(), "distance {k}");
            if let (Some(a), Some(b)) = (a, b) {
                assert!((a - b).abs() < 1e-6, "{a} vs {b}");
            }
        }
        assert!(m.best_efforts_s[3].is_some());
        assert_eq!(m.discarded_efforts, DiscardedEfforts::default());
        assert!((m.vdot.unwrap() - clean.vdot.unwrap()).abs() < 1e-6);
        // One 23.6 m spike in 1 s (gezip 3643172f) costs nothing either.
        let mut spike = run(3100, 3.5, |_| Some(150.0));
        for d in &mut spike.distance_m[1500..] {
            *d = d.map(|d| d + 20.0);
        }
        let f = activity_facts(&spike);
        assert_eq!(f.gps_jumps, 1);
        assert!((f.best_efforts_s[3].unwrap() - 10_000.0 / 3.5).abs() < 1e-6);
        assert_eq!(f.efforts_over_jumps, 0);
        // A teleport of 3 km in 10 s is no effort either, and no VDOT above 85 comes out.
        let t = activity_metrics(&run_with_jump(3000.0), Sport::Running, &profile());
        assert!(t.vdot.is_some_and(|v| v <= MAX_VDOT), "{:?}", t.vdot);
        let facts = activity_facts(&run_with_jump(3000.0));
        assert_eq!(facts.gps_jumps, 10);
        // A distance reached only with the jump's metres has no effort, and is counted:
        // 9.98 km of running (9.94 km without the jump's 10 s) and 300 m of jump.
        let short = {
            let mut s = run(2850, 3.5, |_| Some(150.0));
            for i in 1000..s.len() {
                s.distance_m[i] =
                    s.distance_m[i].map(|d| d + 300.0 * ((i - 1000).min(10) as f64) / 10.0);
            }
            s
        };
        let m = activity_metrics(&short, Sport::Running, &profile());
        assert_eq!(m.best_efforts_s[3], None);
        assert_eq!(m.discarded_efforts.over_gps_jump, 1);
    }

    /// `reps` repeats of `rep_m` at `speed` m/s with `rest_s` between them, the watch
    /// paused through each rest (`paused`: a new segment and no record) or running while
    /// the runner stands (a record a second at the same distance).
    fn repeats(reps: usize, rep_m: f64, speed: f64, rest_s: usize, paused: bool) -> Samples {
        let mut s = Samples::default();
        let (mut t, mut d, mut seg) = (0usize, 0.0, 0u32);
        let mut push = |t: usize, seg: u32, d: f64, hr: f64| {
            s.push(SampleRow {
                t_ms: Some(t as i64 * 1000),
                segment: seg,
                distance_m: Some(d),
                heart_rate_bpm: Some(hr),
                ..SampleRow::default()
            })
        };
        let rep_s = (rep_m / speed).ceil() as usize;
        for r in 0..reps {
            for k in 0..=rep_s {
                if k > 0 {
                    t += 1;
                    d += speed;
                }
                if k > 0 || r == 0 || !paused {
                    push(t, seg, d, 170.0);
                }
            }
            if r + 1 == reps {
                break;
            }
            if paused {
                t += rest_s;
                seg += 1;
                push(t, seg, d, 120.0);
            } else {
                for _ in 0..rest_s {
                    t += 1;
                    push(t, seg, d, 120.0);
                }
            }
        }
        s.finish_elapsed();
        s
    }

    #[test]
    fn an_effort_counts_the_stops_inside_it() {
        // 5 × 1 km in 3:42 (4.5 m/s) with 90 s rests: the kilometre is a best effort, but
        // the "5 km" is 18:31 of running and 6:00 of rests, of which all but 5 % of the
        // running (56 s) count, whether the watch was paused through the rests or not
        // (520qianjiawen's 5.09 km "effort" of 2026 had 18:03 of timer and 25:04 of clock).
        // Each repeat is 223 s (1003.5 m).
        let rep_s = (1000.0f64 / 4.5).ceil();
        for paused in [true, false] {
            let f = activity_facts(&repeats(5, 1000.0, 4.5, 90, paused));
            let b = f.best_efforts_s;
            assert!(
                (b[0].unwrap() - 1000.0 / 4.5).abs() < 0.5,
                "{paused}: {:?}",
                b[0]
            );
            let running = 5.0 * 1000.0 / 4.5;
            let counted = running + 4.0 * 90.0 - EFFORT_STOP_ALLOWANCE * running;
            assert!((b[2].unwrap() - counted).abs() < 2.0, "{paused}: {b:?}");
            // Moving time leaves the rests out.
            assert!(
                (f.moving_time_s - 5.0 * rep_s).abs() < 1e-6,
                "{paused}: {}",
                f.moving_time_s
            );
        }
        // A 30 s stop at a light in a steady 10 km costs nothing; a 5 min stop costs what
        // is beyond 5 % of the running (2:23).
        let at_pace = 10_000.0 / 3.5;
        let f = activity_facts(&repeats(2, 5000.0, 3.5, 30, false));
        assert!((f.best_efforts_s[3].unwrap() - at_pace).abs() < 2.0);
        let f = activity_facts(&repeats(2, 5000.0, 3.5, 300, true));
        let counted = at_pace + 300.0 - EFFORT_STOP_ALLOWANCE * at_pace;
        assert!((f.best_efforts_s[3].unwrap() - counted).abs() < 2.0);
        // The 5 km on either side of it is clean.
        assert!((f.best_efforts_s[2].unwrap() - 5000.0 / 3.5).abs() < 2.0);
    }

    /// 2 km flat at 3.5 m/s, 1.8 km down a 6 % hill at 4.5 m/s (108 m), 2.5 km flat at
    /// 3.5 m/s; the altitude with a barometer's ±2 m wobble, or none at all.
    fn down_a_hill(altitude: bool) -> Samples {
        let mut s = Samples::default();
        let (mut t, mut d, mut ele) = (0usize, 0.0f64, 200.0f64);
        let mut push = |t: usize, d: f64, ele: f64| {
            s.push(SampleRow {
                t_ms: Some(t as i64 * 1000),
                distance_m: Some(d),
                elevation_m: altitude.then_some(ele + 2.0 * ((t as f64) / 7.0).sin()),
                heart_rate_bpm: Some(160.0),
                ..SampleRow::default()
            })
        };
        push(t, d, ele);
        while d < 6300.0 {
            let downhill = (2000.0..3800.0).contains(&d);
            let v = if downhill { 4.5 } else { 3.5 };
            t += 1;
            d += v;
            if downhill {
                ele -= 0.06 * v;
            }
            push(t, d, ele);
        }
        s.finish_elapsed();
        s
    }

    #[test]
    fn a_mile_down_a_hill_is_no_best_effort() {
        // Without an altitude or a heart rate the hill cannot be seen: the mile is the
        // descent's.
        let mut blind = down_a_hill(false);
        blind.heart_rate_bpm.iter_mut().for_each(|h| *h = None);
        let b = activity_facts(&blind).best_efforts_s;
        assert!((b[1].unwrap() - 1609.344 / 4.5).abs() < 1.0, "{b:?}");
        // With the heart rate, the descent's mile is a surge it did not follow (29 %
        // faster than the mile either side, 160 bpm throughout): the fastest mile off it is
        // the effort. Its first kilometre has the descent's rest after it: no surge.
        let f = activity_facts(&down_a_hill(false));
        let mile = f.best_efforts_s[1].unwrap();
        assert!(mile > 1609.344 / 4.5 + 10.0, "{:?}", f.best_efforts_s);
        assert_eq!(f.efforts_surges, 1, "{:?}", f.best_efforts_s);
        // With one, a window may drop 1 m a km and 5 m of noise: the best mile holds at
        // most 6.6 m of the descent (110 m at 4.5 m/s, 7 s faster than the flat).
        let b = activity_facts(&down_a_hill(true)).best_efforts_s;
        let flat = 1609.344 / 3.5;
        let mile = b[1].unwrap();
        assert!(mile <= flat + 1.0 && mile >= flat - 10.0, "{b:?}");
        // Every 5 km of the 6.3 holds the whole descent (108 m): there is no 5 km effort,
        // and it is counted (the 10 km is not covered at all).
        assert_eq!(b[2], None, "{b:?}");
        assert_eq!(activity_facts(&down_a_hill(true)).efforts_downhill, 1);
        assert_eq!(activity_facts(&down_a_hill(false)).efforts_downhill, 0);
        let m = activity_metrics(&down_a_hill(true), Sport::Running, &profile());
        assert_eq!(m.discarded_efforts.downhill, 1);
        // The same seconds climbing: a window that gains height is an effort (without a
        // heart rate: one that stayed at 160 bpm would make the faster mile a surge).
        let mut up = down_a_hill(true);
        for e in &mut up.elevation_m {
            *e = e.map(|v| 400.0 - v);
        }
        up.heart_rate_bpm.iter_mut().for_each(|h| *h = None);
        let b = activity_facts(&up).best_efforts_s;
        assert!((b[1].unwrap() - 1609.344 / 4.5).abs() < 1.0, "{b:?}");
    }

    #[test]
    fn two_records_an_instant_keep_their_metres_in_the_pace() {
        // Zepp Life's GPX of an Amazfit band: two points a second, both stamped with it
        // (Quitino). 20 min at 3 m/s, 1.5 m a point, by GPS and by a distance channel.
        for by_gps in [true, false] {
            let mut s = Samples::default();
            for k in 0..=2400usize {
                let d = 1.5 * k as f64;
                s.push(SampleRow {
                    t_ms: Some((k / 2) as i64 * 1000),
                    lat: by_gps.then_some(0.0),
                    lon: by_gps.then_some(d / 111_194.9),
                    distance_m: (!by_gps).then_some(d),
                    ..SampleRow::default()
                });
            }
            s.finish_elapsed();
            let f = activity_facts(&s);
            assert!(
                (f.distance_m - 3600.0).abs() < 5.0,
                "{by_gps}: {}",
                f.distance_m
            );
            assert!(
                (f.moving_time_s - 1200.0).abs() < 2.0,
                "{by_gps}: {}",
                f.moving_time_s
            );
            let km = f.best_efforts_s[0].unwrap();
            assert!((km - 1000.0 / 3.0).abs() < 3.0, "{by_gps}: 1 km in {km}");
            assert!((f.gap_speed_m_s.unwrap() - 3.0).abs() < 0.05, "{by_gps}");
        }
    }

    #[test]
    fn a_gap_without_time_gives_no_free_metres() {
        // A pause (new segment) across which the device's distance channel still rose by
        // 2 km: the efforts do not count those metres as run in no time.
        let mut s = run(2400, 3.0, |_| Some(150.0));
        for i in 600..s.len() {
            s.segment[i] = 1;
            s.distance_m[i] = s.distance_m[i].map(|d| d + 2000.0);
        }
        let f = activity_facts(&s);
        assert!((f.best_efforts_s[0].unwrap() - 1000.0 / 3.0).abs() < 1e-6);
        assert!((f.best_efforts_s[2].unwrap() - 5000.0 / 3.0).abs() < 1e-6);
        assert_eq!(f.best_efforts_s[3], None);
    }

    #[test]
    fn efforts_beyond_world_records_are_discarded_and_counted() {
        let mut f = activity_facts(&run(3000, 4.0, |_| None));
        // 10 km in 27:00 (slower than 26:11, VDOT 83.6) and a mile in 3:50 (about 82):
        // possible, kept.
        f.best_efforts_s = [None, Some(230.0), None, Some(1620.0), None, None];
        f.efforts_over_jumps = 0;
        let m = derive(&f, Sport::Running, &profile());
        assert_eq!(m.best_efforts_s[1], Some(230.0));
        assert_eq!(m.best_efforts_s[3], Some(1620.0));
        assert_eq!(m.discarded_efforts.beyond_world_record, 0);
        assert!(m.vdot.unwrap() <= MAX_VDOT, "{:?}", m.vdot);
        // With a 5 km in 12:00 (world record 12:35.36) beside them, none is: the track
        // holds a stretch no runner ran (a ride inside a "run", GeziP 2024-05-21).
        f.best_efforts_s[2] = Some(720.0);
        let m = derive(&f, Sport::Running, &profile());
        assert_eq!(m.best_efforts_s, [None; 6]);
        assert_eq!(m.discarded_efforts.beyond_world_record, 3);
        assert_eq!(m.vdot, None);
        // A 10 km in 26:15 is slower than the record but VDOT 85.2: discarded too.
        f.best_efforts_s = [None, None, None, Some(1575.0), None, None];
        let m = derive(&f, Sport::Running, &profile());
        assert_eq!(m.vdot, None);
        assert_eq!(m.discarded_efforts.beyond_world_record, 1);
        // A ride is not judged by running records.
        let c = derive(&f, Sport::Cycling, &profile());
        assert_eq!(c.discarded_efforts, DiscardedEfforts::default());
    }

    #[test]
    fn a_distance_disagreeing_with_the_device_drops_the_efforts() {
        assert!(distance_disagrees(Some(12_000.0), Some(10_000.0)));
        assert!(!distance_disagrees(Some(10_500.0), Some(10_000.0)));
        // 15 % of a short run is under 200 m: rounding, not disagreement.
        assert!(!distance_disagrees(Some(1150.0), Some(1000.0)));
        assert!(!distance_disagrees(Some(12_000.0), None));
        let mut m = activity_metrics(&run(3000, 4.0, |_| None), Sport::Running, &profile());
        discard_if_distance_disagrees(&mut m, Some(12_000.0), Some(10_000.0));
        assert_eq!(m.best_efforts_s, [None; 6]);
        assert_eq!(m.vdot, None);
        assert_eq!(m.discarded_efforts.distance_disagrees, 4);
    }

    fn secs(n: usize) -> Vec<Option<f64>> {
        (0..n).map(|i| Some(i as f64)).collect()
    }

    /// The windowed definition, O(n·window): what [`held_max_hr`] computes in one pass.
    fn held_naive(t: &[f64], h: &[f64]) -> Option<f64> {
        let mut best: Option<f64> = None;
        let mut j = 0;
        for i in 0..t.len() {
            let from = t[i] - HELD_HR_S;
            while j < i && t[j + 1] <= from {
                j += 1;
            }
            if t[j] > from || (j..i).any(|k| t[k + 1] - t[k] > HELD_HR_MAX_GAP_S) {
                continue;
            }
            let held = h[j..=i].iter().copied().fold(f64::INFINITY, f64::min);
            best = Some(best.map_or(held, |b: f64| b.max(held)));
        }
        best
    }

    #[test]
    fn held_max_hr_in_one_pass_equals_the_windowed_definition() {
        let mut x: u64 = 7;
        let mut next = || {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (x >> 33) as f64 / (1u64 << 31) as f64
        };
        for _ in 0..200 {
            let n = 1 + (next() * 300.0) as usize;
            let (mut t, mut h) = (Vec::new(), Vec::new());
            let mut now = 0.0;
            for _ in 0..n {
                // Steps of 1–5 s, now and then a pause of up to 60 s.
                now += if next() < 0.03 {
                    next() * 60.0
                } else {
                    1.0 + (next() * 4.0).floor()
                };
                t.push(now);
                h.push(120.0 + (next() * 70.0).floor());
            }
            let got = held_max_hr(
                &t.iter().map(|v| Some(*v)).collect::<Vec<_>>(),
                &h.iter().map(|v| Some(*v)).collect::<Vec<_>>(),
                &[],
            );
            assert_eq!(got, held_naive(&t, &h), "{t:?} {h:?}");
        }
    }

    #[test]
    fn a_spike_is_not_held() {
        // 150 bpm for 10 min with a 10 s spike to 220 and 25 s at 200.
        let hr: Vec<Option<f64>> = (0..600)
            .map(|i| match i {
                100..110 => Some(220.0),
                300..325 => Some(200.0),
                _ => Some(150.0),
            })
            .collect();
        assert_eq!(held_max_hr(&secs(600), &hr, &[]), Some(150.0));
        // 40 s at 185 is held.
        let mut held = hr.clone();
        for h in &mut held[400..440] {
            *h = Some(185.0);
        }
        assert_eq!(held_max_hr(&secs(600), &held, &[]), Some(185.0));
        // Under 30 s of data, or a gap over 30 s inside the window: nothing held.
        assert_eq!(held_max_hr(&secs(20), &hr[..20], &[]), None);
        let sparse: Vec<Option<f64>> = (0..10).map(|i| Some(i as f64 * 40.0)).collect();
        assert_eq!(held_max_hr(&sparse, &[Some(160.0); 10], &[]), None);
        // Readings 30 s apart: the lower of two neighbours is held.
        let t: Vec<Option<f64>> = (0..3).map(|i| Some(i as f64 * 30.0)).collect();
        let h = [Some(120.0), Some(140.0), Some(130.0)];
        assert_eq!(held_max_hr(&t, &h, &[]), Some(130.0));
        assert_eq!(held_max_hr(&[], &[], &[]), None);
    }

    #[test]
    fn cadence_lock_is_no_maximum() {
        // 150 bpm at 85 strides (170 steps) per minute, then 2 min where the sensor reads
        // the step rate, 180, and 20 s where a real 172 crosses 172 steps.
        let n = 900;
        let cad: Vec<Option<f64>> = (0..n)
            .map(|i| Some(if (300..420).contains(&i) { 90.0 } else { 86.0 }))
            .collect();
        let hr: Vec<Option<f64>> = (0..n)
            .map(|i| match i {
                300..420 => Some(180.0),
                600..620 => Some(172.0),
                _ => Some(150.0),
            })
            .collect();
        let (mask, locked_s) = cadence_lock(&secs(n), &hr, &cad);
        assert!((locked_s - 119.0).abs() < 1e-9, "{locked_s}");
        assert!(mask[300] && mask[419] && !mask[299] && !mask[420] && !mask[610]);
        assert_eq!(held_max_hr(&secs(n), &hr, &mask), Some(150.0));
        // Without the check, the lock would be the maximum.
        assert_eq!(held_max_hr(&secs(n), &hr, &[]), Some(180.0));
        // Through the facts.
        let mut s = run(n - 1, 3.0, |i| hr[i]);
        s.cadence_rpm = cad;
        let f = activity_facts(&s);
        assert_eq!(f.max_hr_held_bpm, Some(150.0));
        assert!((f.hr_locked_s - 119.0).abs() < 1e-9);
        // No cadence channel: nothing can be told, nothing is locked.
        let (mask, locked_s) = cadence_lock(&secs(n), &hr, &vec![None; n]);
        assert_eq!(locked_s, 0.0);
        assert!(mask.iter().all(|m| !m));
    }

    #[test]
    fn empty_activity() {
        let m = activity_metrics(&Samples::default(), Sport::Running, &profile());
        assert_eq!(m.load, 0.0);
        assert_eq!(m.gap_speed_m_s, None);
    }
}
