//! The side files of account and bulk exports that are not activity files: which they are
//! (by name, in one place) and what reading one gives.
//!
//! An export is imported as downloaded (its zip or unpacked folder): the walker
//! ([`super::container`]) hands these files over whole, and the import reads them after the
//! activity files, so that summaries can be joined to the recordings they describe.

use super::{IngestError, Summaries, garmin, strava};
use crate::model::WellnessDay;

/// A recognized export side file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ExportKind {
    /// Strava's `activities.csv`.
    StravaActivities,
    /// Strava's `shoes.csv`.
    StravaShoes,
    /// Garmin's `*_summarizedActivities.json`.
    GarminSummarizedActivities,
    /// Garmin's `*_sleepData.json`.
    GarminSleep,
    /// Garmin's daily summaries, `UDSFile_*.json`.
    GarminDaily,
}

/// What a side file holds.
#[derive(Debug)]
pub enum ExportData {
    /// Activity summaries.
    Summaries(Summaries),
    /// Days of wellness figures.
    Wellness(Vec<WellnessDay>),
    /// The shoes an export lists.
    Shoes(Vec<crate::model::ExportShoe>),
}

impl ExportKind {
    /// The kind of the file at `path` (a path or archive member name; only its last
    /// component counts, in any case).
    ///
    /// ```
    /// use rutscope::ingest::export::ExportKind;
    /// assert_eq!(ExportKind::of("x/Activities.csv"), Some(ExportKind::StravaActivities));
    /// assert_eq!(ExportKind::of("export_1/shoes.csv"), Some(ExportKind::StravaShoes));
    /// assert_eq!(
    ///     ExportKind::of("DI-Connect-Fitness/a@b.c_0_summarizedActivities.json"),
    ///     Some(ExportKind::GarminSummarizedActivities)
    /// );
    /// assert_eq!(
    ///     ExportKind::of("DI-Connect-Wellness/2024-07-21_2024-10-29_1_sleepData.json"),
    ///     Some(ExportKind::GarminSleep)
    /// );
    /// assert_eq!(
    ///     ExportKind::of("UDSFile_2024-07-21_2024-10-29.json"),
    ///     Some(ExportKind::GarminDaily)
    /// );
    /// assert_eq!(ExportKind::of("a@b.c_gear.json"), None);
    /// ```
    pub fn of(path: &str) -> Option<Self> {
        let base = path.rsplit(['/', '\\']).next().unwrap_or(path);
        let lower = base.to_ascii_lowercase();
        if lower == "activities.csv" {
            return Some(ExportKind::StravaActivities);
        }
        if lower == "shoes.csv" {
            return Some(ExportKind::StravaShoes);
        }
        let stem = lower.strip_suffix(".json")?;
        if stem.ends_with("summarizedactivities") {
            Some(ExportKind::GarminSummarizedActivities)
        } else if stem.ends_with("sleepdata") {
            Some(ExportKind::GarminSleep)
        } else if stem.starts_with("udsfile") {
            Some(ExportKind::GarminDaily)
        } else {
            None
        }
    }

    /// Reads a side file of this kind.
    ///
    /// # Errors
    /// [`IngestError::Invalid`] when it is not what its name says.
    pub fn parse(self, bytes: &[u8]) -> Result<ExportData, IngestError> {
        if bytes.is_empty() {
            return Err(IngestError::Empty);
        }
        Ok(match self {
            ExportKind::StravaActivities => ExportData::Summaries(strava::parse_summaries(bytes)?),
            ExportKind::StravaShoes => ExportData::Shoes(strava::parse_shoes(bytes)?),
            ExportKind::GarminSummarizedActivities => {
                ExportData::Summaries(garmin::parse_summarized_activities(bytes)?)
            }
            ExportKind::GarminSleep => ExportData::Wellness(garmin::parse_sleep(bytes)?),
            ExportKind::GarminDaily => ExportData::Wellness(garmin::parse_uds(bytes)?),
        })
    }
}
