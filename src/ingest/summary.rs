//! Figures computed from an activity's own samples, kept beside the device's totals.
//!
//! # Definitions
//! - **Distance**: the device's cumulative distance channel where there is one (FIT, TCX:
//!   the watch filters GPS or uses a foot pod), else the Haversine sum over consecutive GPS
//!   points after a centered moving average of the positions over [`GPS_SMOOTHING_S`]
//!   seconds within each segment (1 Hz GPS zig-zags by a few metres around the true path,
//!   which inflates a raw sum by 0.5–8 % on the `asplitline` history; the watch's own
//!   filter removes it, and so does this), leaving out jumps faster than
//!   [`TELEPORT_SPEED_M_S`] (GPS glitches).
//! - **Pauses**: a new segment (timer stop/start, GPX `<trkseg>`) or a gap longer than
//!   [`MAX_SAMPLE_GAP_S`] and [`PAUSE_GAP_FACTOR`] times the median interval, unless the
//!   device's distance channel advanced across the gap at a moving speed (0.5–100 m/s):
//!   a watch does not add distance while its timer is stopped, so such a gap was timed
//!   motion with sparse records, and counts as moving time (a timer stop inside such a
//!   gap included: the records do not say when it was). Nothing is measured inside such a
//!   gap ([`Intervals::sparse_gap`]): some files write the distance late, in a burst. GPS distance across a pause
//!   is not counted, as a watch whose timer is stopped does not count it either; a device
//!   channel's total is kept as the device recorded it, but an interval without time gives
//!   no pace and no best effort (see `analysis::metrics`).
//! - **Moving time**: the sum of the intervals between consecutive samples of the same
//!   segment that are at most [`MAX_SAMPLE_GAP_S`] long and whose speed is at least
//!   [`MOVING_SPEED_M_S`] or whose cadence is at least [`MOVING_CADENCE_RPM`] (a runner
//!   stepping on a treadmill or under a bridge, where GPS freezes, is moving). Against Garmin Connect's moving time on the 230 runs of the
//!   `asplitline` history this agrees within 15 s (see the conformance test).
//! - **Average heart rate**: the time-weighted mean over the same moving intervals (each
//!   interval weighted by its duration, valued at its end sample), so smart recording's
//!   uneven spacing does not bias it; the mean of samples when the activity is untimed.
//! - **Ascent**: sum of rises of the elevation smoothed over [`ASCENT_HYSTERESIS_M`]
//!   (a rise counts once it exceeds the threshold), which removes barometric and GPS jitter.

use geo::{Distance, Haversine, Point};
use serde::Serialize;

use crate::model::{Channels, Samples};

/// Below this speed a runner is standing (GPS drift at rest is 0.1–0.4 m/s; the slowest
/// walk is ~1 m/s). Calibrated on the `asplitline` history against Garmin Connect.
pub const MOVING_SPEED_M_S: f64 = 0.5;
/// At or above this cadence (cycles per minute: 40 strides = 80 steps per minute, or
/// 40 pedal revolutions) the athlete is moving even when GPS says otherwise.
pub const MOVING_CADENCE_RPM: f64 = 40.0;
/// Width of the centered moving average applied to GPS positions before summing distance.
/// Five seconds averages five 1 Hz fixes, enough to cancel jitter while a runner covers
/// 15 m, so corners are barely cut; sparse (smart) recording is left nearly untouched.
pub const GPS_SMOOTHING_S: f64 = 5.0;
/// A gap between samples longer than this is a pause even without a timer event (smart
/// recording writes at least every ~8 s while moving)...
pub const MAX_SAMPLE_GAP_S: f64 = 30.0;
/// ...unless the track is sparse: a gap is a pause only when it is also this many times
/// the activity's median sampling interval (hand-held GPS units log every minute or so).
pub const PAUSE_GAP_FACTOR: f64 = 5.0;
/// Faster than this between two GPS points is a glitch, not a runner or a rider.
pub const TELEPORT_SPEED_M_S: f64 = 100.0;
/// Elevation changes smaller than this are noise.
pub const ASCENT_HYSTERESIS_M: f64 = 3.0;

/// What rutscope computes from the samples.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Computed {
    /// Metres.
    pub distance_m: Option<f64>,
    /// First to last timed sample, seconds.
    pub elapsed_s: Option<f64>,
    /// Seconds in motion.
    pub moving_time_s: Option<f64>,
    /// Beats per minute.
    pub avg_hr_bpm: Option<f64>,
    /// Beats per minute.
    pub max_hr_bpm: Option<f64>,
    /// Metres climbed.
    pub ascent_m: Option<f64>,
    /// Number of samples.
    pub samples: u32,
    /// Number of pauses (segments minus one).
    pub pauses: u32,
    /// Channels present.
    pub channels: Channels,
}

fn haversine(a: (f64, f64), b: (f64, f64)) -> f64 {
    Haversine.distance(Point::new(a.1, a.0), Point::new(b.1, b.0))
}

/// Computes the figures of one activity.
// Several channels are read at the same index: index loops are the clearest form here.
#[allow(clippy::needless_range_loop)]
pub fn compute(s: &Samples) -> Computed {
    compute_with(s, &intervals(s))
}

/// [`compute`] from the activity's intervals already split (`intervals(s)`).
#[allow(clippy::needless_range_loop)]
pub fn compute_with(s: &Samples, iv: &Intervals<'_>) -> Computed {
    let n = s.len();
    let channels = s.channels();
    let elapsed = match (
        s.elapsed_s.iter().flatten().next(),
        s.elapsed_s.iter().flatten().last(),
    ) {
        (Some(a), Some(b)) => Some(b - a),
        _ => None,
    };

    let total_known = iv.distance_known;
    let total: f64 = (0..n).filter_map(|i| iv.distance_m(i)).sum();
    let mut moving = 0.0;
    let mut hr_w = 0.0;
    let mut hr_sum = 0.0;
    let any_timed_interval = (0..n).any(|i| iv.dt_s(i).is_some());
    for i in 1..n {
        if let (Some(dt), true) = (iv.dt_s(i), iv.moving(i)) {
            moving += dt;
            if let Some(h) = s.heart_rate_bpm[i] {
                hr_w += dt;
                hr_sum += h * dt;
            }
        }
    }
    let hr: Vec<f64> = s.heart_rate_bpm.iter().flatten().copied().collect();
    let avg_hr = if hr_w > 0.0 {
        Some(hr_sum / hr_w)
    } else if !hr.is_empty() {
        Some(hr.iter().sum::<f64>() / hr.len() as f64)
    } else {
        None
    };

    Computed {
        distance_m: total_known.then_some(total),
        elapsed_s: elapsed,
        moving_time_s: any_timed_interval.then_some(moving),
        avg_hr_bpm: avg_hr,
        max_hr_bpm: hr
            .iter()
            .copied()
            .fold(None, |m: Option<f64>, x| Some(m.map_or(x, |m| m.max(x)))),
        ascent_m: ascent(&s.elevation_m),
        samples: n as u32,
        pauses: s.segment.last().copied().unwrap_or(0),
        channels,
    }
}

/// The longest interval between samples that is not a pause, for this activity.
fn pause_gap_s(s: &Samples) -> f64 {
    let mut dts: Vec<f64> = s
        .elapsed_s
        .windows(2)
        .filter_map(|w| match (w[0], w[1]) {
            (Some(a), Some(b)) if b > a => Some(b - a),
            _ => None,
        })
        .collect();
    if dts.is_empty() {
        return MAX_SAMPLE_GAP_S;
    }
    let mid = dts.len() / 2;
    let median = *dts.select_nth_unstable_by(mid, f64::total_cmp).1;
    MAX_SAMPLE_GAP_S.max(PAUSE_GAP_FACTOR * median)
}

/// The position averaged over a centered window of [`GPS_SMOOTHING_S`] around sample `i`
/// within its segment (untimed points over two neighbours each side), symmetric around the
/// fix so the ends of a segment stay where they are; `None` where there is no fix. Computed
/// per sample as the distance loop needs it: a whole smoothed track would be 24 bytes a
/// sample more held while the distances are built.
fn smoothed_position(s: &Samples, i: usize) -> Option<(f64, f64)> {
    let n = s.len();
    let half = GPS_SMOOTHING_S / 2.0;
    let (Some(_), Some(_)) = (s.lat[i], s.lon[i]) else {
        return None;
    };
    let (mut la, mut lo, mut k) = (0.0, 0.0, 0.0);
    let near = |j: usize| -> bool {
        if s.segment[j] != s.segment[i] {
            return false;
        }
        match (s.elapsed_s[j], s.elapsed_s[i]) {
            (Some(a), Some(b)) => (a - b).abs() <= half,
            _ => j.abs_diff(i) <= 2,
        }
    };
    // A symmetric window (as many fixes before as after) keeps segment ends in place.
    let mut before = 0;
    while before < i && near(i - before - 1) {
        before += 1;
    }
    let mut after = 0;
    while i + after + 1 < n && near(i + after + 1) {
        after += 1;
    }
    let m = before.min(after);
    for j in i - m..=i + m {
        if let (Some(a), Some(b)) = (s.lat[j], s.lon[j]) {
            la += a;
            lo += b;
            k += 1.0;
        }
    }
    Some((la / k, lo / k))
}

/// The intervals between consecutive samples; index `i` describes the interval that ends
/// at sample `i` (index 0 is empty).
///
/// Stored narrow, one flag byte and one distance a sample, the durations read from the
/// samples' own times when asked: the facts of a long activity hold the intervals beside
/// its samples, and per-interval `Option<f64>` durations and distances were 34 bytes a
/// sample (78 MB for a 225 MB GPX of 2.3 M points) where these are 9.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Intervals<'a> {
    /// The samples' [`Samples::elapsed_s`], which the durations are the differences of.
    elapsed_s: &'a [Option<f64>],
    /// Per interval, the `TIMED`, `MOVING`, `SPARSE_GAP` and `HAS_DISTANCE` bits.
    flags: Vec<u8>,
    /// Per interval, the distance where `HAS_DISTANCE` is set (0 elsewhere).
    step_m: Vec<f64>,
    /// Whether any distance source exists.
    pub distance_known: bool,
}

/// The interval has a duration (see [`Intervals::dt_s`]).
const TIMED: u8 = 1;
/// See [`Intervals::moving`].
const MOVING: u8 = 2;
/// See [`Intervals::sparse_gap`].
const SPARSE_GAP: u8 = 4;
/// The interval has a distance (see [`Intervals::distance_m`]).
const HAS_DISTANCE: u8 = 8;

impl Intervals<'_> {
    /// Number of samples (index 0 is no interval).
    pub fn len(&self) -> usize {
        self.flags.len()
    }

    /// Whether there is no sample.
    pub fn is_empty(&self) -> bool {
        self.flags.is_empty()
    }

    /// Duration, seconds; `None` across a pause or where a time is missing.
    pub fn dt_s(&self, i: usize) -> Option<f64> {
        // Only an interval whose clock advances is timed.
        (self.flags[i] & TIMED != 0)
            .then(|| self.clock_s(i))
            .flatten()
    }

    /// Clock time between the two samples, seconds, whether or not the timer ran (a
    /// pause's length); `None` where a time is missing or does not advance.
    pub fn clock_s(&self, i: usize) -> Option<f64> {
        match (self.elapsed_s[i - 1], self.elapsed_s[i]) {
            (Some(a), Some(b)) if b > a => Some(b - a),
            _ => None,
        }
    }

    /// Distance covered: the device channel's gain as recorded (across pauses too), or
    /// smoothed GPS (nothing across pauses or glitches).
    pub fn distance_m(&self, i: usize) -> Option<f64> {
        (self.flags[i] & HAS_DISTANCE != 0).then(|| self.step_m[i])
    }

    /// Whether the athlete was moving (see the module's definition of moving time).
    pub fn moving(&self, i: usize) -> bool {
        self.flags[i] & MOVING != 0
    }

    /// Whether the interval is a sparse gap taken as motion (see [`intervals`]): its time
    /// and distance are real, but how the distance was spread over it is not recorded, so
    /// nothing inside it is measured (best efforts and splits leave it out).
    pub fn sparse_gap(&self, i: usize) -> bool {
        self.flags[i] & SPARSE_GAP != 0
    }
}

/// Splits an activity into intervals: the shared basis of distance, moving time and every
/// per-activity metric.
#[allow(clippy::needless_range_loop)]
pub fn intervals(s: &Samples) -> Intervals<'_> {
    let n = s.len();
    let pause_gap = pause_gap_s(s);
    let paused = |i: usize, j: usize| -> bool {
        s.segment[i] != s.segment[j]
            || matches!((s.elapsed_s[i], s.elapsed_s[j]), (Some(a), Some(b)) if (a - b).abs() > pause_gap)
    };
    // Per-interval distance: from the device's distance channel, else smoothed GPS. A
    // channel that never advances while the track has positions is no distance: Coros
    // files of late 2022 (wuyueSea) record 0 m in every record and the session's 4–21 km
    // only in the session.
    let device_dist = s.distance_m.iter().filter(|d| d.is_some()).count() * 2 > n
        && (advances(&s.distance_m) || !s.lat.iter().any(Option::is_some));
    let mut flags = vec![0u8; n];
    let mut step_m = vec![0.0; n];
    let mut total_known = false;
    if device_dist {
        let mut last_dist: Option<f64> = None;
        for i in 0..n {
            if let Some(d) = s.distance_m[i] {
                if let Some(p) = last_dist {
                    // Resets (a new chained part) count as zero, never negative.
                    step_m[i] = (d - p).max(0.0);
                    flags[i] |= HAS_DISTANCE;
                }
                last_dist = Some(d);
                total_known = true;
            }
        }
    } else {
        let mut last_gps: Option<(usize, (f64, f64))> = None;
        for i in 0..n {
            let Some(p) = smoothed_position(s, i) else {
                continue;
            };
            if let Some((j, prev)) = last_gps {
                let d = haversine(prev, p);
                let dt = match (s.elapsed_s[i], s.elapsed_s[j]) {
                    (Some(a), Some(b)) => a - b,
                    _ => f64::NAN,
                };
                let glitch = dt.is_finite() && dt > 0.0 && d / dt > TELEPORT_SPEED_M_S;
                if !glitch && !paused(i, j) {
                    step_m[i] = d;
                    flags[i] |= HAS_DISTANCE;
                }
            }
            last_gps = Some((i, p));
            total_known = true;
        }
    }

    // Records sharing one instant: Zepp Life's GPX of Amazfit bands write two points a
    // second (2,385 pairs in an hour, Quitino 2019–2022). The step to the second of a pair
    // has no time, so its metres go on to the next interval, which has the time they were
    // run in; left on the untimed step they were in the distance but in no pace: moving
    // speed, pace-based load and best efforts saw half the run (5:49/km runs had best
    // efforts at 9:19/km, VDOT 17 where the runner's was 35).
    for i in 1..n.saturating_sub(1) {
        let same = matches!((s.elapsed_s[i - 1], s.elapsed_s[i]), (Some(a), Some(b)) if a == b);
        if same && flags[i] & HAS_DISTANCE != 0 && flags[i + 1] & HAS_DISTANCE != 0 {
            step_m[i + 1] += step_m[i];
            step_m[i] = 0.0;
        }
    }

    for i in 1..n {
        let (Some(a), Some(b)) = (s.elapsed_s[i - 1], s.elapsed_s[i]) else {
            continue;
        };
        let dt = b - a;
        if dt <= 0.0 {
            continue;
        }
        let step = (flags[i] & HAS_DISTANCE != 0).then_some(step_m[i]);
        if paused(i, i - 1) {
            if !carried(device_dist, step, dt) {
                continue;
            }
            flags[i] |= SPARSE_GAP;
        }
        flags[i] |= TIMED;
        let speed = match (s.speed_m_s[i], step) {
            (Some(v), _) => v,
            (None, Some(d)) => d / dt,
            // No way to tell motion: count the time (a treadmill run without speed).
            (None, None) => f64::INFINITY,
        };
        let stepping = s.cadence_rpm[i].is_some_and(|c| c >= MOVING_CADENCE_RPM);
        if speed >= MOVING_SPEED_M_S || stepping {
            flags[i] |= MOVING;
        }
    }
    Intervals {
        elapsed_s: &s.elapsed_s,
        flags,
        step_m,
        distance_known: total_known,
    }
}

/// Whether a cumulative channel ever rises above its first value.
fn advances(c: &[Option<f64>]) -> bool {
    let mut known = c.iter().flatten();
    known.next().is_some_and(|&first| known.any(|&d| d > first))
}

/// Whether the gap ending at a sample (`dt` seconds, `step` metres) is motion, not a pause: it is longer
/// than [`MAX_SAMPLE_GAP_S`] (records are sparse; a file of three records has a median
/// interval as long as its gaps, so the pause gap cannot tell) and the device's own distance channel advanced
/// across it at a moving speed ([`MOVING_SPEED_M_S`] to [`TELEPORT_SPEED_M_S`]). A device
/// does not add to its odometer while its timer is stopped, so distance gained over a gap
/// was timed: iPhone exports of Apple Watch runs keep a record every 3–9 s with one gap of
/// 16–56 min over which the distance rises by kilometres, some with a timer stop of a few
/// seconds inside the gap (its seconds are then counted as moving: the records do not say
/// when it was). A timer stop with records on both sides (a gap the distance does not
/// cross, or a short one) stays a pause. GPS positions alone prove nothing (a runner walks
/// on with the watch paused), so a gap in a track without a distance channel stays a pause.
fn carried(device_dist: bool, step: Option<f64>, dt: f64) -> bool {
    device_dist
        && dt > MAX_SAMPLE_GAP_S
        && step.is_some_and(|d| (MOVING_SPEED_M_S..=TELEPORT_SPEED_M_S).contains(&(d / dt)))
}

/// Total ascent with hysteresis; `None` without elevation. Values outside
/// [`crate::model::ELEVATION_RANGE_M`] are sentinels and left out.
pub fn ascent(ele: &[Option<f64>]) -> Option<f64> {
    let mut it = ele.iter().filter_map(|e| crate::model::elevation(*e));
    let mut anchor = it.next()?;
    let mut up = 0.0;
    for e in it {
        if e - anchor >= ASCENT_HYSTERESIS_M {
            up += e - anchor;
            anchor = e;
        } else if anchor - e >= ASCENT_HYSTERESIS_M {
            anchor = e;
        }
    }
    Some(up)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::SampleRow;

    fn line(n: usize, dt_ms: i64, step_deg: f64) -> Samples {
        let mut s = Samples::default();
        for i in 0..n {
            s.push(SampleRow {
                t_ms: Some(i as i64 * dt_ms),
                lat: Some(0.0),
                lon: Some(i as f64 * step_deg),
                heart_rate_bpm: Some(100.0 + i as f64),
                ..SampleRow::default()
            });
        }
        s.finish_elapsed();
        s
    }

    #[test]
    fn empty_and_single_point() {
        let c = compute(&Samples::default());
        assert_eq!(c.distance_m, None);
        assert_eq!(c.moving_time_s, None);
        let c = compute(&line(1, 1000, 0.0));
        assert_eq!(c.distance_m, Some(0.0));
        assert_eq!(c.moving_time_s, None);
        assert_eq!(c.avg_hr_bpm, Some(100.0));
    }

    #[test]
    fn equator_degree_and_moving_time() {
        // 0.0001° of longitude at the equator = 11.12 m per second: moving.
        let c = compute(&line(11, 1000, 0.0001));
        let d = c.distance_m.unwrap();
        assert!((d - 111.19).abs() < 0.1, "{d}");
        assert_eq!(c.moving_time_s, Some(10.0));
        // Time-weighted over the 10 intervals, each valued at its end: 101..=110.
        assert!((c.avg_hr_bpm.unwrap() - 105.5).abs() < 1e-9);
        assert_eq!(c.max_hr_bpm, Some(110.0));
    }

    #[test]
    fn a_distance_channel_stuck_at_zero_gives_way_to_gps() {
        // A Coros file of late 2022: every record says 0 m, the positions move 11 m/s.
        let mut s = line(11, 1000, 0.0001);
        s.distance_m = vec![Some(0.0); 11];
        let c = compute(&s);
        assert!((c.distance_m.unwrap() - 111.19).abs() < 0.1, "{c:?}");
        assert_eq!(c.moving_time_s, Some(10.0));
        // Without positions the channel is all there is (a treadmill that measured nothing).
        s.lat = vec![None; 11];
        s.lon = vec![None; 11];
        assert_eq!(compute(&s).distance_m, Some(0.0));
        // A channel that advances is the device's, whatever GPS says (here: half of it).
        let mut s = line(11, 1000, 0.0001);
        s.distance_m = (0..11).map(|i| Some(i as f64 * 5.0)).collect();
        assert_eq!(compute(&s).distance_m, Some(50.0));
    }

    #[test]
    fn standing_still_is_not_moving_and_teleports_are_dropped() {
        let mut s = line(5, 1000, 0.0);
        assert_eq!(compute(&s).moving_time_s, Some(0.0));
        s.lon[4] = Some(1.0); // 111 km in a second
        assert_eq!(compute(&s).distance_m, Some(0.0));
    }

    #[test]
    fn distance_across_a_pause_is_not_counted() {
        let mut s = line(11, 1000, 0.0001);
        // Five minutes later, 1 km away: the watch was paused.
        for i in 0..5 {
            s.push(SampleRow {
                t_ms: Some(310_000 + i * 1000),
                lat: Some(0.0),
                lon: Some(0.01 + i as f64 * 0.0001),
                ..SampleRow::default()
            });
        }
        s.finish_elapsed();
        let c = compute(&s);
        assert!(
            (c.distance_m.unwrap() - 111.19 * 14.0 / 10.0).abs() < 0.5,
            "{:?}",
            c.distance_m
        );
        assert_eq!(c.moving_time_s, Some(14.0));
    }

    #[test]
    fn sparse_tracks_keep_their_gaps() {
        // A point a minute: gaps are not pauses.
        let s = line(5, 60_000, 0.001);
        let c = compute(&s);
        assert!(
            (c.distance_m.unwrap() - 444.8).abs() < 0.5,
            "{:?}",
            c.distance_m
        );
        assert_eq!(c.moving_time_s, Some(240.0));
    }

    /// Records every 6 s with a device distance channel at 3 m/s, then one gap of `gap_s`
    /// over which the distance rises by `gap_m`, then 6 s records again.
    fn sparse_device(gap_s: i64, gap_m: f64) -> Samples {
        let mut s = Samples::default();
        let (mut t, mut d) = (0i64, 0.0);
        for k in 0..200 {
            if k == 100 {
                t += gap_s;
                d += gap_m;
            } else if k > 0 {
                t += 6;
                d += 18.0;
            }
            s.push(SampleRow {
                t_ms: Some(t * 1000),
                distance_m: Some(d),
                ..SampleRow::default()
            });
        }
        s.finish_elapsed();
        s
    }

    #[test]
    fn a_gap_the_device_distance_crosses_at_moving_speed_is_motion() {
        // 946 s and 2,701 m (2.9 m/s), as in an iPhone export of an Apple Watch run.
        let c = compute(&sparse_device(946, 2701.0));
        assert_eq!(c.moving_time_s, Some(198.0 * 6.0 + 946.0));
        assert_eq!(c.distance_m, Some(198.0 * 18.0 + 2701.0));
        // The same gap with the distance standing still is a pause (the timer was stopped).
        let c = compute(&sparse_device(946, 0.0));
        assert_eq!(c.moving_time_s, Some(198.0 * 6.0));
        // 100 m over 946 s (0.1 m/s) is standing, not motion.
        let c = compute(&sparse_device(946, 100.0));
        assert_eq!(c.moving_time_s, Some(198.0 * 6.0));
        // A timer stop of a few seconds inside the gap (the records do not say when):
        // the distance still says the gap was run (shaonianche 2020-09-09, 10.38 km in one
        // 3,362 s gap with a 3 s stop in it).
        let mut s = sparse_device(946, 2701.0);
        for seg in &mut s.segment[100..] {
            *seg = 1;
        }
        assert_eq!(compute(&s).moving_time_s, Some(198.0 * 6.0 + 946.0));
        // A timer stop with records around it stays a pause whatever the distance does.
        let mut s = sparse_device(6, 18.0);
        for seg in &mut s.segment[100..] {
            *seg = 1;
        }
        assert_eq!(compute(&s).moving_time_s, Some(198.0 * 6.0));
    }

    #[test]
    fn ascent_hysteresis() {
        let e: Vec<Option<f64>> = [100.0, 101.0, 99.5, 104.0, 103.0, 110.0, 90.0, 95.0]
            .into_iter()
            .map(Some)
            .collect();
        // 99.5 is not a new low (only 0.5 below 100); 100→104 +4, 104→110 +6, 90→95 +5.
        assert_eq!(ascent(&e), Some(15.0));
        assert_eq!(ascent(&[None, None]), None);
        // Zepp Life's "no elevation" is −20000: not a 20 km climb to the first real value.
        let zepp = [
            Some(-20000.0),
            Some(-20000.0),
            Some(323.0),
            Some(330.0),
            Some(323.0),
        ];
        assert_eq!(ascent(&zepp), Some(7.0));
    }
}
