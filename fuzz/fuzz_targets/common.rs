//! What every activity a reader returns must satisfy, whatever the bytes.

use rutscope::ingest::Parsed;

/// Columns of equal length, coordinates on the globe, finite numbers.
pub fn check(parsed: &Parsed) {
    let Parsed::Activities(acts) = parsed else {
        return;
    };
    for a in acts {
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
        for (la, lo) in s.lat.iter().zip(&s.lon) {
            if let (Some(la), Some(lo)) = (la, lo) {
                assert!(la.abs() <= 90.0 && lo.abs() <= 180.0, "({la}, {lo}) off the globe");
            }
        }
        for col in [&s.elevation_m, &s.distance_m, &s.speed_m_s, &s.heart_rate_bpm] {
            assert!(col.iter().flatten().all(|x| x.is_finite()), "non-finite value");
        }
    }
}
