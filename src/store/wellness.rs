//! The `wellness` table: one row per calendar day and source (Garmin daily summaries,
//! Garmin sleep data, FIT monitoring files), its frames, how a re-import merges into it,
//! and the one merged row per day that readers want.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use polars::prelude::*;
use serde::Serialize;

use super::records::Cols;
use super::schema::wellness as W;
use crate::model::{WellnessDay, WellnessSource};

/// Days from the Unix epoch to the day (Parquet `date` is days since 1970-01-01).
fn epoch_days(d: NaiveDate) -> i32 {
    (d - NaiveDate::default()).num_days() as i32
}

/// Builds the `wellness` frame, rows sorted by date then source.
pub fn frame(rows: &[WellnessDay]) -> PolarsResult<DataFrame> {
    let f = |g: &dyn Fn(&WellnessDay) -> Option<f64>| -> Vec<Option<f64>> {
        rows.iter().map(g).collect()
    };
    let cols = vec![
        Column::new(
            W::DATE.into(),
            rows.iter().map(|r| epoch_days(r.date)).collect::<Vec<_>>(),
        )
        .cast(&DataType::Date)?,
        Column::new(W::RESTING_HR_BPM.into(), f(&|r| r.resting_hr_bpm)),
        Column::new(W::SLEEP_S.into(), f(&|r| r.sleep_s)),
        Column::new(
            W::SLEEP_WINDOW_ONLY.into(),
            rows.iter().map(|r| r.sleep_window_only).collect::<Vec<_>>(),
        ),
        Column::new(W::SLEEP_SCORE.into(), f(&|r| r.sleep_score)),
        Column::new(W::STRESS_AVG.into(), f(&|r| r.stress_avg)),
        Column::new(W::BODY_BATTERY_MAX.into(), f(&|r| r.body_battery_max)),
        Column::new(
            W::SOURCE.into(),
            rows.iter().map(|r| r.source.as_str()).collect::<Vec<_>>(),
        ),
    ];
    DataFrame::new(rows.len(), cols)
}

/// Reads the rows back.
pub fn from_frame(df: &DataFrame) -> PolarsResult<Vec<WellnessDay>> {
    let c = Cols(df);
    let date = c.i64(W::DATE)?;
    let rhr = c.f64(W::RESTING_HR_BPM)?;
    let sleep = c.f64(W::SLEEP_S)?;
    let window = c.bool(W::SLEEP_WINDOW_ONLY)?;
    let score = c.f64(W::SLEEP_SCORE)?;
    let stress = c.f64(W::STRESS_AVG)?;
    let bb = c.f64(W::BODY_BATTERY_MAX)?;
    let source = c.str(W::SOURCE)?;
    let mut out = Vec::with_capacity(df.height());
    for i in 0..df.height() {
        let (Some(d), Some(src)) = (
            date[i]
                .and_then(|d| NaiveDate::default().checked_add_signed(chrono::Duration::days(d))),
            source[i].as_deref().and_then(WellnessSource::parse),
        ) else {
            return Err(PolarsError::ComputeError(
                format!("unexpected date or source in {} row {i}", W::SOURCE).into(),
            ));
        };
        out.push(WellnessDay {
            date: d,
            resting_hr_bpm: rhr[i],
            sleep_s: sleep[i],
            sleep_window_only: window[i],
            sleep_score: score[i],
            stress_avg: stress[i],
            body_battery_max: bb[i],
            source: src,
        });
    }
    Ok(out)
}

/// Merges newly read days into the table: a (date, source) already there is replaced by
/// the new row, so importing the same export twice changes nothing. Monitoring rows are
/// the exception: a day's readings may come in several files imported at different times,
/// and the lowest sustained heart rate over all of them is at most the lower of the two
/// estimates, so the lower is kept. Returns how many rows were added or changed.
pub fn merge(table: &mut Vec<WellnessDay>, new: Vec<WellnessDay>) -> usize {
    let mut by_key: BTreeMap<(NaiveDate, WellnessSource), WellnessDay> =
        table.drain(..).map(|d| ((d.date, d.source), d)).collect();
    let mut changed = 0;
    for mut d in new {
        let key = (d.date, d.source);
        if let Some(old) = by_key.get(&key) {
            if d.source == WellnessSource::FitMonitoring {
                d.resting_hr_bpm = match (old.resting_hr_bpm, d.resting_hr_bpm) {
                    (Some(a), Some(b)) => Some(a.min(b)),
                    (a, b) => a.or(b),
                };
            }
            if *old == d {
                continue;
            }
        }
        changed += 1;
        by_key.insert(key, d);
    }
    table.extend(by_key.into_values());
    changed
}

/// One day with every source merged: each figure from the first source that has it, in
/// the order Garmin's daily summary, Garmin's sleep data, monitoring files (the vendor's
/// own daily figures before rutscope's estimate).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Day {
    /// The day.
    pub date: NaiveDate,
    /// Resting heart rate, bpm.
    pub resting_hr_bpm: Option<f64>,
    /// Sleep ending that day, seconds.
    pub sleep_s: Option<f64>,
    /// Whether `sleep_s` is only the sleep window.
    pub sleep_window_only: Option<bool>,
    /// Sleep score, 0–100.
    pub sleep_score: Option<f64>,
    /// Mean stress, 0–100.
    pub stress_avg: Option<f64>,
    /// Highest body battery, 0–100.
    pub body_battery_max: Option<f64>,
    /// The sources that gave the day's figures, in the order above (`garmin_uds`,
    /// `garmin_sleep`, `fit_monitoring`).
    pub source: Vec<WellnessSource>,
}

/// Merges the table's rows into one [`Day`] per date, in date order.
pub fn days(rows: &[WellnessDay]) -> Vec<Day> {
    let mut by_date: BTreeMap<NaiveDate, Vec<&WellnessDay>> = BTreeMap::new();
    for r in rows {
        by_date.entry(r.date).or_default().push(r);
    }
    by_date
        .into_iter()
        .map(|(date, mut rs)| {
            rs.sort_by_key(|r| r.source);
            let first = |g: &dyn Fn(&WellnessDay) -> Option<f64>| rs.iter().find_map(|r| g(r));
            let sleep_from = rs.iter().find(|r| r.sleep_s.is_some());
            let mut day = Day {
                date,
                resting_hr_bpm: first(&|r| r.resting_hr_bpm),
                sleep_s: sleep_from.and_then(|r| r.sleep_s),
                sleep_window_only: sleep_from.and_then(|r| r.sleep_window_only),
                sleep_score: first(&|r| r.sleep_score),
                stress_avg: first(&|r| r.stress_avg),
                body_battery_max: first(&|r| r.body_battery_max),
                source: Vec::new(),
            };
            // The sources that gave a figure used above.
            for r in &rs {
                let used = [
                    (day.resting_hr_bpm.is_some() && r.resting_hr_bpm == day.resting_hr_bpm),
                    (day.sleep_s.is_some() && r.sleep_s == day.sleep_s),
                    (day.sleep_score.is_some() && r.sleep_score == day.sleep_score),
                    (day.stress_avg.is_some() && r.stress_avg == day.stress_avg),
                    (day.body_battery_max.is_some() && r.body_battery_max == day.body_battery_max),
                ]
                .into_iter()
                .any(|b| b);
                if used && !day.source.contains(&r.source) {
                    day.source.push(r.source);
                }
            }
            day
        })
        .collect()
}

/// The days' resting heart rates (date, bpm), for the profile.
pub fn resting_hr(days: &[Day]) -> Vec<(NaiveDate, f64)> {
    days.iter()
        .filter_map(|d| Some((d.date, d.resting_hr_bpm?)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(day: u32, source: WellnessSource, rhr: Option<f64>, sleep: Option<f64>) -> WellnessDay {
        let mut w = WellnessDay::new(NaiveDate::from_ymd_opt(2024, 10, day).unwrap(), source);
        w.resting_hr_bpm = rhr;
        w.sleep_s = sleep;
        w
    }

    #[test]
    fn frame_round_trip() {
        let rows = vec![
            d(6, WellnessSource::GarminUds, Some(54.0), None),
            d(6, WellnessSource::GarminSleep, None, Some(25_000.0)),
        ];
        let df = frame(&rows).unwrap();
        assert_eq!(from_frame(&df).unwrap(), rows);
    }

    #[test]
    fn merge_replaces_same_day_and_source_and_keeps_the_lower_monitoring_estimate() {
        let mut t = vec![
            d(6, WellnessSource::GarminUds, Some(54.0), None),
            d(6, WellnessSource::FitMonitoring, Some(58.0), None),
        ];
        assert_eq!(
            merge(
                &mut t,
                vec![d(6, WellnessSource::GarminUds, Some(54.0), None)]
            ),
            0
        );
        assert_eq!(t.len(), 2);
        assert_eq!(
            merge(
                &mut t,
                vec![d(6, WellnessSource::GarminUds, Some(53.0), None)]
            ),
            1
        );
        assert_eq!(
            merge(
                &mut t,
                vec![d(6, WellnessSource::FitMonitoring, Some(56.0), None)]
            ),
            1
        );
        assert_eq!(
            merge(
                &mut t,
                vec![d(6, WellnessSource::FitMonitoring, Some(60.0), None)]
            ),
            0
        );
        assert_eq!(
            merge(
                &mut t,
                vec![d(7, WellnessSource::GarminUds, None, Some(1.0))]
            ),
            1
        );
        assert_eq!(t.len(), 3);
        assert_eq!(t[0].resting_hr_bpm, Some(53.0));
        assert_eq!(t[1].resting_hr_bpm, Some(56.0));
    }

    #[test]
    fn days_prefer_the_vendor_and_name_their_sources() {
        let rows = vec![
            d(6, WellnessSource::FitMonitoring, Some(58.0), None),
            d(6, WellnessSource::GarminSleep, None, Some(25_000.0)),
            d(6, WellnessSource::GarminUds, Some(54.0), None),
            d(7, WellnessSource::FitMonitoring, Some(57.0), None),
        ];
        let days = days(&rows);
        assert_eq!(days.len(), 2);
        assert_eq!(days[0].resting_hr_bpm, Some(54.0));
        assert_eq!(days[0].sleep_s, Some(25_000.0));
        assert_eq!(
            days[0].source,
            vec![WellnessSource::GarminUds, WellnessSource::GarminSleep]
        );
        assert_eq!(days[1].resting_hr_bpm, Some(57.0));
        assert_eq!(days[1].source, vec![WellnessSource::FitMonitoring]);
        assert!(super::days(&[]).is_empty());
    }
}
