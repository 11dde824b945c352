//! The facts computed at import (`analysis::metrics::activity_facts`, over
//! `ingest::summary::intervals`) are the same to the bit as those of the computation they
//! replaced, on the corpus, the real histories and simulated FIT, GPX and TCX files.
//!
//! Issue 20 cut the computation's full-length temporaries (a 225 MB GPX's facts held 130
//! bytes a point beside its samples) without changing a figure, so the cache's
//! `FACTS_VERSION` stayed. The replaced computation is kept here verbatim (module
//! [`before`], as of commit 7b16eb0) as the reference: it materialised every per-interval
//! series and tuple, which is what made it simple to read and heavy to run. It has the
//! deliberate changes since, of `FACTS_VERSION` 7 (a distance channel stuck at one
//! value gives way to GPS), 8 (best efforts timed on the clock, pauses and stops inside
//! them counted; the metres between two records of one instant go to the next interval)
//! 9 (a best effort may not drop more than World Athletics' record-course 1 m a km, plus
//! 5 m of altitude noise) and 10 (a window that is a surge the heart rate did not follow is
//! no effort), marked where they are.

use std::path::{Path, PathBuf};

use rutscope::analysis::metrics::{ActivityFacts, activity_facts};
use rutscope::ingest::container::{self, Limits, WalkItem};
use rutscope::ingest::summary::intervals;
use rutscope::ingest::{self, Parsed};
use rutscope::model::Samples;

use crate::common::{HISTORIES, corpus, rutscope};

/// The computation before issue 20's memory work, verbatim but for paths.
mod before {
    use geo::{Distance, Haversine, Point};
    use rutscope::analysis::formulas::{decoupling_pct, efficiency_factor, grade_adjusted_speed};
    use rutscope::analysis::metrics::{
        ActivityFacts, BEST_EFFORT_M, EFFORT_ELEVATION_SMOOTH_M, EffortSeries, GRADE_MIN_RUN_M,
        GRADE_WINDOW_M, HrBin, MAX_RUN_SPEED_M_S, MIN_STEADY_S, STEADY_BAND, WARMUP_S,
        best_efforts_and_surges, cadence_lock, held_max_hr, pace_spread,
    };
    use rutscope::analysis::routes::route_track;
    use rutscope::ingest::summary::{
        GPS_SMOOTHING_S, MAX_SAMPLE_GAP_S, MOVING_CADENCE_RPM, MOVING_SPEED_M_S, PAUSE_GAP_FACTOR,
        TELEPORT_SPEED_M_S,
    };
    use rutscope::model::Samples;

    fn haversine(a: (f64, f64), b: (f64, f64)) -> f64 {
        Haversine.distance(Point::new(a.1, a.0), Point::new(b.1, b.0))
    }

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

    #[allow(clippy::needless_range_loop)]
    fn smoothed_positions(s: &Samples) -> Vec<Option<(f64, f64)>> {
        let n = s.len();
        let half = GPS_SMOOTHING_S / 2.0;
        let mut out = vec![None; n];
        for i in 0..n {
            let (Some(_), Some(_)) = (s.lat[i], s.lon[i]) else {
                continue;
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
            out[i] = Some((la / k, lo / k));
        }
        out
    }

    pub struct Intervals {
        pub dt_s: Vec<Option<f64>>,
        pub distance_m: Vec<Option<f64>>,
        pub moving: Vec<bool>,
        pub sparse_gap: Vec<bool>,
        pub distance_known: bool,
    }

    #[allow(clippy::needless_range_loop)]
    pub fn intervals(s: &Samples) -> Intervals {
        let n = s.len();
        let pause_gap = pause_gap_s(s);
        let paused = |i: usize, j: usize| -> bool {
            s.segment[i] != s.segment[j]
                || matches!((s.elapsed_s[i], s.elapsed_s[j]), (Some(a), Some(b)) if (a - b).abs() > pause_gap)
        };
        // The one deliberate change since 7b16eb0 (FACTS_VERSION 7): a distance channel
        // that never advances while the track has positions gives way to GPS.
        let advances = {
            let mut known = s.distance_m.iter().flatten();
            known.next().is_some_and(|&first| known.any(|&d| d > first))
        };
        let device_dist = s.distance_m.iter().filter(|d| d.is_some()).count() * 2 > n
            && (advances || !s.lat.iter().any(Option::is_some));
        let mut step = vec![None; n];
        let mut total_known = false;
        if device_dist {
            let mut last_dist: Option<f64> = None;
            for i in 0..n {
                if let Some(d) = s.distance_m[i] {
                    if let Some(p) = last_dist {
                        let dd = (d - p).max(0.0);
                        step[i] = Some(dd);
                    }
                    last_dist = Some(d);
                    total_known = true;
                }
            }
        } else {
            let smooth = smoothed_positions(s);
            let mut last_gps: Option<(usize, (f64, f64))> = None;
            for i in 0..n {
                let Some(p) = smooth[i] else { continue };
                if let Some((j, prev)) = last_gps {
                    let d = haversine(prev, p);
                    let dt = match (s.elapsed_s[i], s.elapsed_s[j]) {
                        (Some(a), Some(b)) => a - b,
                        _ => f64::NAN,
                    };
                    let glitch = dt.is_finite() && dt > 0.0 && d / dt > TELEPORT_SPEED_M_S;
                    if !glitch && !paused(i, j) {
                        step[i] = Some(d);
                    }
                }
                last_gps = Some((i, p));
                total_known = true;
            }
        }

        // The second deliberate change (FACTS_VERSION 8): the metres of a step between
        // two records of one instant go on to the next step.
        for i in 1..n.saturating_sub(1) {
            let same = matches!((s.elapsed_s[i - 1], s.elapsed_s[i]), (Some(a), Some(b)) if a == b);
            if let (true, Some(d), Some(next)) = (same, step[i], step[i + 1]) {
                step[i + 1] = Some(next + d);
                step[i] = Some(0.0);
            }
        }

        let mut dt_s = vec![None; n];
        let mut moving = vec![false; n];
        let mut sparse_gap = vec![false; n];
        for i in 1..n {
            let (Some(a), Some(b)) = (s.elapsed_s[i - 1], s.elapsed_s[i]) else {
                continue;
            };
            let dt = b - a;
            if dt <= 0.0 {
                continue;
            }
            if paused(i, i - 1) {
                if !carried(device_dist, &step, i, dt) {
                    continue;
                }
                sparse_gap[i] = true;
            }
            dt_s[i] = Some(dt);
            let speed = match (s.speed_m_s[i], step[i]) {
                (Some(v), _) => v,
                (None, Some(d)) => d / dt,
                (None, None) => f64::INFINITY,
            };
            let stepping = s.cadence_rpm[i].is_some_and(|c| c >= MOVING_CADENCE_RPM);
            moving[i] = speed >= MOVING_SPEED_M_S || stepping;
        }
        Intervals {
            dt_s,
            distance_m: step,
            moving,
            sparse_gap,
            distance_known: total_known,
        }
    }

    fn carried(device_dist: bool, step: &[Option<f64>], i: usize, dt: f64) -> bool {
        device_dist
            && dt > MAX_SAMPLE_GAP_S
            && step[i].is_some_and(|d| (MOVING_SPEED_M_S..=TELEPORT_SPEED_M_S).contains(&(d / dt)))
    }

    /// The series of distance, moving time and (the deliberate change of `FACTS_VERSION`
    /// 8) clock time: an interval without time adds its clock time, stood-still intervals
    /// add theirs, and best efforts are timed on the clock.
    fn effort_series(
        s: &Samples,
        step: &[Option<f64>],
        dt: &[Option<f64>],
        moving: &[bool],
        left_out: &[bool],
    ) -> (Vec<f64>, Vec<f64>, Vec<f64>) {
        let n = step.len();
        let (mut cum, mut cum_t) = (vec![0.0; n], vec![0.0; n]);
        let mut clock = vec![0.0; n];
        for i in 1..n {
            cum[i] = cum[i - 1];
            cum_t[i] = cum_t[i - 1];
            clock[i] = clock[i - 1];
            let d = step[i].unwrap_or(0.0);
            let Some(t) = dt.get(i).copied().flatten() else {
                if let (Some(a), Some(b)) = (s.elapsed_s[i - 1], s.elapsed_s[i]) {
                    clock[i] += (b - a).max(0.0);
                }
                continue;
            };
            if left_out.get(i).copied().unwrap_or(false) {
                continue;
            }
            cum[i] += d;
            clock[i] += t;
            if moving.get(i).copied().unwrap_or(false) {
                cum_t[i] += t;
            }
        }
        (cum, cum_t, clock)
    }

    /// FACTS_VERSION 10: heart rate integrated over the effort series' moving time, and
    /// the moving seconds it is known over (cadence lock left out), for a surge's mean
    /// heart rate; both empty without heart rate.
    fn effort_heart(
        s: &Samples,
        dt: &[Option<f64>],
        moving: &[bool],
        left_out: &[bool],
        locked: &[bool],
    ) -> (Vec<f64>, Vec<f64>) {
        let n = dt.len();
        let hr: Vec<Option<f64>> = (0..n)
            .map(|i| {
                s.heart_rate_bpm[i].filter(|h| {
                    h.is_finite() && *h > 0.0 && !locked.get(i).copied().unwrap_or(false)
                })
            })
            .collect();
        if hr[1..].iter().all(Option::is_none) {
            return (Vec::new(), Vec::new());
        }
        let (mut sum, mut known) = (vec![0.0; n], vec![0.0; n]);
        for i in 1..n {
            sum[i] = sum[i - 1];
            known[i] = known[i - 1];
            let (Some(t), Some(h)) = (dt[i], hr[i]) else {
                continue;
            };
            if !left_out[i] && moving[i] {
                sum[i] += h * t;
                known[i] += t;
            }
        }
        (sum, known)
    }

    /// Prefix sums of the known altitudes, and each sample's window found by bisection.
    fn smoothed_elevation(cum: &[f64], ele: &[Option<f64>]) -> Vec<f32> {
        let known: Vec<Option<f64>> = ele.iter().map(|e| e.filter(|v| v.is_finite())).collect();
        if known.iter().all(Option::is_none) {
            return Vec::new();
        }
        let mut sum = vec![0.0f64];
        let mut count = vec![0u32];
        for k in &known {
            sum.push(sum.last().unwrap() + k.unwrap_or(0.0));
            count.push(count.last().unwrap() + u32::from(k.is_some()));
        }
        cum.iter()
            .map(|&c| {
                let lo = cum.partition_point(|&x| x < c - EFFORT_ELEVATION_SMOOTH_M);
                let hi = cum.partition_point(|&x| x <= c + EFFORT_ELEVATION_SMOOTH_M);
                let k = count[hi] - count[lo];
                if k > 0 {
                    ((sum[hi] - sum[lo]) / f64::from(k)) as f32
                } else {
                    f32::NAN
                }
            })
            .collect()
    }

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

    #[allow(clippy::needless_range_loop)]
    pub fn activity_facts(s: &Samples) -> ActivityFacts {
        let n = s.len();
        let iv = intervals(s);
        let mut cum = vec![0.0; n];
        let mut jump = vec![false; n];
        for i in 1..n {
            let d = iv.distance_m[i].unwrap_or(0.0);
            cum[i] = cum[i - 1] + d;
            jump[i] = matches!(iv.dt_s[i], Some(dt) if d > MAX_RUN_SPEED_M_S * dt.max(1.0));
        }
        let left_out: Vec<bool> = jump
            .iter()
            .zip(&iv.sparse_gap)
            .map(|(j, g)| *j || *g)
            .collect();
        let (eff_cum, eff_t, eff_clock) =
            effort_series(s, &iv.distance_m, &iv.dt_s, &iv.moving, &left_out);
        let (mut jumped_m, mut gap_m) = (0.0, 0.0);
        for i in 1..n {
            if iv.dt_s[i].is_none() {
                continue;
            }
            let d = iv.distance_m[i].unwrap_or(0.0);
            if jump[i] {
                jumped_m += d;
            } else if iv.sparse_gap[i] {
                gap_m += d;
            }
        }
        let gps_jumps = jump.iter().filter(|j| **j).count() as u32;
        let (locked, hr_locked_s) = cadence_lock(&s.elapsed_s, &s.heart_rate_bpm, &s.cadence_rpm);
        let max_hr_held = held_max_hr(&s.elapsed_s, &s.heart_rate_bpm, &locked);
        let grade = grades(&cum, &s.elevation_m);
        let (mut moving, mut dist, mut gap_dt, mut hr_dt) = (0.0, 0.0, 0.0, 0.0);
        let mut bins = vec![(0.0f64, 0.0f64, 0.0f64); 256];
        let mut moving_iv: Vec<(f64, f64, f64, Option<f64>)> = Vec::new();
        for i in 1..n {
            let (Some(dt), true) = (iv.dt_s[i], iv.moving[i]) else {
                continue;
            };
            moving += dt;
            let d = iv.distance_m[i].unwrap_or(0.0);
            dist += d;
            let v = s.speed_m_s[i].unwrap_or(d / dt);
            let gap = grade_adjusted_speed(v, grade[i]);
            gap_dt += gap * dt;
            let hr = s.heart_rate_bpm[i].filter(|h| h.is_finite() && *h > 0.0);
            let elapsed = s.elapsed_s[i].unwrap_or(0.0);
            if let Some(h) = hr {
                hr_dt += dt;
                let b = &mut bins[h.round().clamp(0.0, 255.0) as usize];
                b.0 += dt;
                if elapsed >= WARMUP_S {
                    b.1 += dt;
                    b.2 += gap * dt;
                }
            }
            moving_iv.push((elapsed, dt, gap, hr));
        }
        let gap_speed = (moving > 0.0 && dist > 0.0).then(|| gap_dt / moving);

        let mut gaps: Vec<f64> = moving_iv.iter().map(|m| m.2).collect();
        let median = if gaps.is_empty() {
            0.0
        } else {
            let mid = gaps.len() / 2;
            *gaps.select_nth_unstable_by(mid, f64::total_cmp).1
        };
        let steady: Vec<(f64, f64, f64)> = moving_iv
            .iter()
            .filter(|m| m.0 >= WARMUP_S && (m.2 - median).abs() <= STEADY_BAND * median)
            .filter_map(|m| m.3.map(|h| (m.1, m.2, h)))
            .collect();
        let steady_s: f64 = steady.iter().map(|m| m.0).sum();
        let (mut ef, mut dec) = (None, None);
        if steady_s >= MIN_STEADY_S && median > 0.0 {
            let mean = |part: &[(f64, f64, f64)]| {
                let t: f64 = part.iter().map(|m| m.0).sum();
                (
                    part.iter().map(|m| m.1 * m.0).sum::<f64>() / t,
                    part.iter().map(|m| m.2 * m.0).sum::<f64>() / t,
                )
            };
            let (g, h) = mean(&steady);
            ef = efficiency_factor(g, h);
            let mut acc = 0.0;
            let split = steady.iter().position(|m| {
                acc += m.0;
                acc >= steady_s / 2.0
            });
            if let Some(k) = split.filter(|k| k + 1 < steady.len()) {
                let (g1, h1) = mean(&steady[..=k]);
                let (g2, h2) = mean(&steady[k + 1..]);
                dec = decoupling_pct(g1, h1, g2, h2);
            }
        }
        // FACTS_VERSION 9: a best effort's drop, from the altitude averaged over 50 m of
        // the effort series' distance either side.
        let eff_ele = smoothed_elevation(&eff_cum, &s.elevation_m);
        // FACTS_VERSION 10: a surge the heart rate did not follow is no effort.
        let (hr_bpm_s, hr_known_s) = effort_heart(s, &iv.dt_s, &iv.moving, &left_out, &locked);
        let (efforts, efforts_surges) = best_efforts_and_surges(&EffortSeries {
            cum_m: eff_cum.clone(),
            moving_s: eff_t.clone(),
            clock_s: eff_clock,
            ele_m: eff_ele,
            hr_bpm_s,
            hr_known_s,
        });
        let clean_m = eff_cum.last().copied().unwrap_or(0.0) + gap_m;
        let efforts_over_jumps = BEST_EFFORT_M
            .iter()
            .filter(|&&d| clean_m < d && clean_m + jumped_m >= d)
            .count() as u32;
        // FACTS_VERSION 9: the distances covered but only down a hill.
        let covered = eff_cum.last().copied().unwrap_or(0.0);
        let efforts_downhill = (0..BEST_EFFORT_M.len())
            .filter(|&k| covered >= BEST_EFFORT_M[k] && efforts[k].is_none())
            .count() as u32;
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
            pace_spread: pace_spread(&eff_cum, &eff_t),
            track: route_track(s),
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
}

/// Every figure of the facts to the bit: `{:?}` writes each float's shortest round-trip
/// form, so `-0.0` and `0.0`, or two floats one ulp apart, print differently.
fn bits(f: &ActivityFacts) -> String {
    format!("{f:?}")
}

/// Compares the intervals interval by interval and the facts of one activity; `what` names
/// it in a failure.
fn same(s: &Samples, what: &str) {
    let old = before::intervals(s);
    let new = intervals(s);
    assert_eq!(new.len(), old.dt_s.len(), "{what}: intervals");
    assert_eq!(
        new.distance_known, old.distance_known,
        "{what}: distance known"
    );
    for i in 0..new.len() {
        let b = |x: Option<f64>| x.map(f64::to_bits);
        assert_eq!(b(new.dt_s(i)), b(old.dt_s[i]), "{what}: dt at {i}");
        assert_eq!(
            b(new.distance_m(i)),
            b(old.distance_m[i]),
            "{what}: distance at {i}"
        );
        assert_eq!(new.moving(i), old.moving[i], "{what}: moving at {i}");
        assert_eq!(
            new.sparse_gap(i),
            old.sparse_gap[i],
            "{what}: sparse gap at {i}"
        );
    }
    assert_eq!(
        bits(&activity_facts(s)),
        bits(&before::activity_facts(s)),
        "{what}: facts"
    );
}

/// Parses every activity file under `root` (folders, archives, gzip) and compares each
/// activity with samples; returns how many.
fn compare_all(root: &Path) -> usize {
    let mut compared = 0;
    container::walk(&[root.to_path_buf()], Limits::default(), &mut |item| {
        let WalkItem::File(mut f) = item else { return };
        if f.unpack().is_err() {
            return;
        }
        let Ok((_, Parsed::Activities(acts))) = ingest::parse_any(&f.name, &f.bytes) else {
            return;
        };
        for (k, a) in acts.iter().enumerate() {
            if !a.samples.is_empty() {
                same(&a.samples, &format!("{} #{k}", f.name));
                compared += 1;
            }
        }
    });
    compared
}

#[test]
fn facts_are_those_of_the_computation_they_replaced() {
    let sim = tempfile::tempdir().unwrap();
    let mut roots: Vec<PathBuf> = Vec::new();
    for format in ["fit", "gpx", "tcx"] {
        let out = sim.path().join(format);
        rutscope(&sim.path().join("unused"))
            .args([
                "simulate", "--weeks", "8", "--seed", "3", "--format", format,
            ])
            .arg("--out")
            .arg(&out)
            .assert()
            .success();
        roots.push(out);
    }
    let simulated: usize = roots.iter().map(|r| compare_all(r)).sum();
    assert!(simulated >= 60, "{simulated} simulated activities compared");
    eprintln!("{simulated} simulated activities identical");
    if let Some(c) = corpus("facts_are_those_of_the_computation_they_replaced") {
        let files = compare_all(&c.join("files"));
        assert!(files >= 100, "{files} corpus activities compared");
        eprintln!("{files} corpus activities identical");
        for h in HISTORIES {
            let n = compare_all(&c.join("history").join(h));
            assert!(n >= 200, "{h}: {n} activities compared");
            eprintln!("{h}: {n} activities identical");
        }
    }
}
