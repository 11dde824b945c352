//! What the report shows around the findings, over plain data: pace at the aerobic heart
//! rate by calendar month, and what the store holds and how much of it the
//! analyses could use.

use std::collections::BTreeMap;

use chrono::Datelike;
use serde::Serialize;

use super::findings::Run;
use super::metrics::DiscardedEfforts;
use super::trend::median;
use crate::store::records::{ActivityRecord, ImportRecord, Outcome, Status};

/// A history at least this many days long gets the seasonal view (a year and a half: every
/// month seen at least once, most twice).
pub const SEASONAL_MIN_DAYS: i64 = 540;

/// Median aerobic pace per calendar month, over all years.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MonthPace {
    /// 1–12.
    pub month: u32,
    /// Runs with an aerobic speed in that month.
    pub runs: usize,
    /// Their median aerobic speed, m/s.
    pub aerobic_speed_m_s: f64,
}

/// The seasonal view of runs in date order: empty for histories shorter than
/// [`SEASONAL_MIN_DAYS`].
pub fn seasons(runs: &[Run]) -> Vec<MonthPace> {
    let (Some(a), Some(b)) = (runs.first(), runs.last()) else {
        return Vec::new();
    };
    if (b.date - a.date).num_days() < SEASONAL_MIN_DAYS {
        return Vec::new();
    }
    (1..=12)
        .filter_map(|m| {
            let mut v: Vec<f64> = runs
                .iter()
                .filter(|r| r.date.month() == m)
                .filter_map(|r| r.aerobic_speed_m_s)
                .collect();
            let n = v.len();
            median(&mut v).map(|s| MonthPace {
                month: m,
                runs: n,
                aerobic_speed_m_s: s,
            })
        })
        .collect()
}

/// A file that failed to import.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FailedFile {
    /// Its path (or archive member).
    pub path: String,
    /// Why.
    pub reason: String,
}

/// What the store holds and how much of it the analyses could use.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DataQuality {
    /// Source files by outcome.
    pub files: BTreeMap<Outcome, usize>,
    /// Failed files.
    pub failed: Vec<FailedFile>,
    /// Counted activities.
    pub activities: usize,
    /// Of those, without heart rate.
    pub without_hr: usize,
    /// Without GPS.
    pub without_gps: usize,
    /// Duplicates kept aside.
    pub duplicates: usize,
    /// Counted activities without a start (a relative or unset clock): left out of every
    /// analysis by date.
    pub untimed: usize,
    /// Best efforts of the runs left out as implausible, by reason.
    pub discarded_efforts: DiscardedEfforts,
    /// Runs with such an effort (at most [`EXAMPLES`]).
    pub discarded_examples: Vec<String>,
    /// Counted activities known only from an export's summary (no recording): in volume,
    /// not in anything computed from samples.
    #[serde(skip_serializing_if = "is_zero")]
    pub summary_only: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// Example activity ids a data-quality line lists at most.
pub const EXAMPLES: usize = 3;

/// The data-quality view of the store's activities and import records.
pub fn data_quality(
    acts: &[ActivityRecord],
    imports: &[ImportRecord],
    runs: &[Run],
) -> DataQuality {
    let mut discarded = DiscardedEfforts::default();
    let mut discarded_examples = Vec::new();
    for r in runs {
        let d = r.discarded_efforts;
        discarded.over_gps_jump += d.over_gps_jump;
        discarded.beyond_world_record += d.beyond_world_record;
        discarded.distance_disagrees += d.distance_disagrees;
        discarded.downhill += d.downhill;
        discarded.surge_without_heart += d.surge_without_heart;
        if d.total() > 0 && discarded_examples.len() < EXAMPLES {
            discarded_examples.push(r.id.clone());
        }
    }
    let counted: Vec<&ActivityRecord> = acts
        .iter()
        .filter(|a| a.status == Status::Primary)
        .collect();
    let mut files = BTreeMap::new();
    let mut failed = Vec::new();
    for i in imports {
        *files.entry(i.outcome).or_insert(0) += 1;
        if i.outcome == Outcome::Failed {
            failed.push(FailedFile {
                path: i.source_path.clone(),
                reason: i.detail.clone().unwrap_or_default(),
            });
        }
    }
    DataQuality {
        files,
        failed,
        activities: counted.len(),
        without_hr: counted
            .iter()
            .filter(|a| !a.computed.channels.heart_rate)
            .count(),
        without_gps: counted.iter().filter(|a| !a.computed.channels.gps).count(),
        duplicates: acts.len() - counted.len(),
        untimed: counted.iter().filter(|a| a.start.is_none()).count(),
        discarded_efforts: discarded,
        discarded_examples,
        summary_only: counted.iter().filter(|a| a.summary_only).count(),
    }
}
