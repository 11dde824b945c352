//! What every activity a reader returns must satisfy, whatever the bytes.
// Each target uses a part of this module.
#![allow(dead_code)]

use rutscope::ingest::{
    MonitoringHr, Parsed, Summaries,
    monitoring::{self, MIN_READINGS},
};
use rutscope::model::{DeviceTotals, WellnessDay};

/// Widest real UTC offsets are +14 h / -12 h; the readers drop anything past 18 h.
const MAX_OFFSET_S: i32 = 18 * 3600;

/// Columns of equal length, coordinates on the globe, finite numbers.
pub fn check(parsed: &Parsed) {
    let acts = match parsed {
        Parsed::Activities(acts) => acts,
        Parsed::Monitoring(m) => return check_monitoring(m),
        Parsed::Skipped(_) => return,
    };
    for a in acts {
        check_totals(&a.totals);
        let s = &a.samples;
        let n = s.len();
        for len in [
            s.t_ms.len(),
            s.elapsed_s.len(),
            s.segment.len(),
            s.lat.len(),
            s.lon.len(),
            s.elevation_m.len(),
            s.distance_m.len(),
            s.speed_m_s.len(),
            s.heart_rate_bpm.len(),
            s.cadence_rpm.len(),
            s.power_w.len(),
            s.temperature_c.len(),
        ] {
            assert_eq!(len, n, "ragged sample columns");
        }
        // Running dynamics: each empty (none) or full length, readings in range.
        for (col, max) in [
            (&s.ground_contact_s, 2.0),
            (&s.vertical_oscillation_m, 0.5),
            (&s.step_length_m, 4.0),
        ] {
            assert!(col.is_empty() || col.len() == n, "ragged running dynamics");
            assert!(
                col.iter().flatten().all(|&x| x > 0.0 && x <= max),
                "running dynamics out of range"
            );
        }
        for (la, lo) in s.lat.iter().zip(&s.lon) {
            if let (Some(la), Some(lo)) = (la, lo) {
                assert!(
                    la.abs() <= 90.0 && lo.abs() <= 180.0,
                    "({la}, {lo}) off the globe"
                );
            }
        }
        for col in [
            &s.elevation_m,
            &s.distance_m,
            &s.speed_m_s,
            &s.heart_rate_bpm,
        ] {
            assert!(
                col.iter().flatten().all(|x| x.is_finite()),
                "non-finite value"
            );
        }
    }
}

/// Device totals: finite, and none of distance, times or heart rates negative.
pub fn check_totals(t: &DeviceTotals) {
    for (what, x) in [
        ("distance", t.distance_m),
        ("timer time", t.timer_time_s),
        ("elapsed time", t.elapsed_time_s),
        ("ascent", t.ascent_m),
        ("descent", t.descent_m),
        ("average HR", t.avg_hr_bpm),
        ("max HR", t.max_hr_bpm),
        ("calories", t.calories_kcal),
    ] {
        if let Some(x) = x {
            assert!(x.is_finite(), "{what} {x} not finite");
        }
    }
    for (what, x) in [
        ("distance", t.distance_m),
        ("timer time", t.timer_time_s),
        ("elapsed time", t.elapsed_time_s),
        ("average HR", t.avg_hr_bpm),
        ("max HR", t.max_hr_bpm),
    ] {
        assert!(x.is_none_or(|x| x >= 0.0), "{what} {x:?} negative");
    }
}

/// Export summaries: a keyed start per activity, sane totals and annotations.
pub fn check_summaries(s: &Summaries) {
    for a in &s.activities {
        assert!(
            a.key.starts_with("garmin:") || a.key.starts_with("strava:"),
            "key {:?}",
            a.key
        );
        let id = a.key.split_once(':').map_or("", |(_, id)| id);
        assert!(!id.is_empty() && id.trim() == id, "id {id:?}");
        let act = &a.activity;
        assert!(act.start.is_some(), "a summary without a start");
        assert!(
            act.utc_offset_s.is_none_or(|o| o.abs() <= MAX_OFFSET_S),
            "offset {:?}",
            act.utc_offset_s
        );
        check_totals(&act.totals);
        let n = &act.annotations;
        assert!(
            n.rpe.is_none_or(|x| (1.0..=10.0).contains(&x)),
            "RPE {:?}",
            n.rpe
        );
        assert!(
            n.feel.is_none_or(|x| (0.0..=100.0).contains(&x)),
            "feel {:?}",
            n.feel
        );
        for x in [
            n.weather_temperature_c,
            n.aerobic_training_effect,
            n.anaerobic_training_effect,
        ]
        .into_iter()
        .flatten()
        {
            assert!(x.is_finite(), "annotation {x} not finite");
        }
        assert_eq!(
            a.meta.name, act.name,
            "the summary's name twice, differently"
        );
    }
}

/// Wellness days: figures in their ranges, sleep a finite positive duration.
pub fn check_wellness(days: &[WellnessDay]) {
    for d in days {
        assert!(
            d.sleep_s.is_some_and(|s| s.is_finite() && s > 0.0)
                || d.sleep_s.is_none() && d.sleep_window_only.is_none(),
            "sleep {:?} ({:?})",
            d.sleep_s,
            d.sleep_window_only
        );
        assert!(
            d.resting_hr_bpm.is_none_or(|h| h.is_finite() && h > 0.0),
            "resting HR {:?}",
            d.resting_hr_bpm
        );
        for x in [d.sleep_score, d.stress_avg, d.body_battery_max] {
            assert!(x.is_none_or(|x| (0.0..=100.0).contains(&x)), "score {x:?}");
        }
        assert!(
            d.resting_hr_bpm.is_some()
                || d.sleep_s.is_some()
                || d.sleep_score.is_some()
                || d.stress_avg.is_some()
                || d.body_battery_max.is_some(),
            "a day with nothing known"
        );
    }
}

/// A monitoring file: heart rates in range and in time order, the offset whole quarter
/// hours; the resting heart rate estimated from it one of its readings, a day at a time.
pub fn check_monitoring(m: &MonitoringHr) {
    assert!(
        m.utc_offset_s
            .is_none_or(|o| o.abs() <= MAX_OFFSET_S && o % 900 == 0),
        "offset {:?}",
        m.utc_offset_s
    );
    assert!(
        m.samples.windows(2).all(|w| w[0].0 <= w[1].0),
        "readings out of order"
    );
    assert!(
        m.samples.iter().all(|&(_, h)| h > 0.0 && h < 255.0),
        "heart rate out of range"
    );
    let days = monitoring::resting_hr_by_day(std::slice::from_ref(m));
    assert!(
        days.windows(2).all(|w| w[0].date < w[1].date),
        "days out of order"
    );
    for d in &days {
        assert!(
            d.readings >= MIN_READINGS,
            "{} readings make no day",
            d.readings
        );
        assert!(
            m.samples.iter().any(|&(_, h)| h == d.bpm),
            "resting HR {} is none of the readings",
            d.bpm
        );
    }
}
