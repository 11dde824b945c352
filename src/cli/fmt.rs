//! Formatting at the edge for one activity's lines (`list`, `show`, `import`): optional SI
//! values into what a runner reads, through the report's one set of units
//! ([`rutscope::report::words`]), and local time.

use chrono::{DateTime, FixedOffset, Utc};
use rutscope::report::words;

/// `1:02:03` or `42:05`.
pub fn duration(s: Option<f64>) -> String {
    match s.filter(|s| s.is_finite() && *s >= 0.0) {
        Some(s) => words::clock(s),
        None => "-".into(),
    }
}

/// `10.02 km` (one activity's distance, to the ten metres).
pub fn km(m: Option<f64>) -> String {
    words::or_dash(m, words::km_precise)
}

/// Pace `5:12/km` from metres and seconds.
pub fn pace(m: Option<f64>, s: Option<f64>) -> String {
    match (m, s) {
        (Some(m), Some(s)) if m > 100.0 && s > 0.0 => words::pace_s(s / (m / 1000.0)),
        _ => "-".into(),
    }
}

/// Whole number or `-`.
pub fn int(x: Option<f64>) -> String {
    x.map(|x| format!("{}", x.round() as i64))
        .unwrap_or_else(|| "-".into())
}

/// Start time in the activity's own local time when known (`2024-03-20 08:08 +08:00`),
/// else UTC (`2024-03-20 00:08 UTC`); `untimed` without a start.
pub fn local_time(t: Option<DateTime<Utc>>, offset_s: Option<i32>) -> String {
    let Some(t) = t else { return "untimed".into() };
    match offset_s.and_then(FixedOffset::east_opt) {
        Some(off) => t
            .with_timezone(&off)
            .format("%Y-%m-%d %H:%M %:z")
            .to_string(),
        None => t.format("%Y-%m-%d %H:%M UTC").to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn formats() {
        assert_eq!(duration(Some(3723.4)), "1:02:03");
        assert_eq!(duration(Some(59.6)), "1:00");
        assert_eq!(duration(None), "-");
        assert_eq!(km(Some(10_020.0)), "10.02 km");
        assert_eq!(pace(Some(10_000.0), Some(3000.0)), "5:00/km");
        assert_eq!(pace(Some(50.0), Some(3000.0)), "-");
        let t = Utc.with_ymd_and_hms(2024, 3, 20, 0, 8, 43).unwrap();
        assert_eq!(
            local_time(Some(t), Some(8 * 3600)),
            "2024-03-20 08:08 +08:00"
        );
        assert_eq!(local_time(Some(t), None), "2024-03-20 00:08 UTC");
    }
}
