//! Rows of the `activities` and `imports` tables as plain structs, and their conversion to
//! and from polars frames; and the laps/samples frames of a parsed activity.

use chrono::{DateTime, Utc};
use polars::prelude::*;
use polars_arrow::bitmap::{Bitmap, MutableBitmap};
use serde::Serialize;

use super::schema::{activities as A, imports as I, laps as L, samples as S};
use crate::ingest::summary::Computed;
use crate::model::{
    Annotations, Channels, Device, DeviceTotals, ParsedActivity, Samples, SourceFormat, Sport,
};

/// Whether an activity counts in analyses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// The activity is counted.
    Primary,
    /// Another activity holds the same recording; this one is kept but not counted.
    Duplicate,
}

impl Status {
    fn as_str(self) -> &'static str {
        match self {
            Status::Primary => "primary",
            Status::Duplicate => "duplicate",
        }
    }
}

/// Which tier of deduplication matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DedupTier {
    /// Byte-identical file (after decompression).
    Content,
    /// Same FIT `file_id` (serial number and creation time).
    FileId,
    /// Same sport, overlapping time and similar distance: the same run from another file.
    Overlap,
    /// An export's summary of an activity whose recording (or another export's summary)
    /// is in the store: same start within a minute, compatible sport.
    Summary,
}

impl DedupTier {
    /// Stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            DedupTier::Content => "content",
            DedupTier::FileId => "file_id",
            DedupTier::Overlap => "overlap",
            DedupTier::Summary => "summary",
        }
    }
    fn parse(s: &str) -> Option<Self> {
        match s {
            "content" => Some(DedupTier::Content),
            "file_id" => Some(DedupTier::FileId),
            "overlap" => Some(DedupTier::Overlap),
            "summary" => Some(DedupTier::Summary),
            _ => None,
        }
    }
}

/// One row of `activities`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActivityRecord {
    /// Stable id.
    pub id: String,
    /// Counted or duplicate.
    pub status: Status,
    /// The primary this duplicates.
    pub duplicate_of: Option<String>,
    /// How the duplicate was found.
    pub dedup_tier: Option<DedupTier>,
    /// Sport.
    pub sport: Sport,
    /// Sport as written.
    pub sport_raw: Option<String>,
    /// Sub-sport.
    pub sub_sport: Option<String>,
    /// Name.
    pub name: Option<String>,
    /// Start (UTC).
    pub start: Option<DateTime<Utc>>,
    /// Local offset, seconds.
    pub utc_offset_s: Option<i32>,
    /// Source path.
    pub source_path: String,
    /// Source format.
    pub source_format: SourceFormat,
    /// Source content hash.
    pub source_hash: String,
    /// Session index within the file.
    pub index_in_file: u32,
    /// FIT file_id key.
    pub fit_file_id: Option<String>,
    /// Device.
    pub device: Device,
    /// Device totals.
    pub device_totals: DeviceTotals,
    /// Computed figures.
    pub computed: Computed,
    /// Gear.
    pub gear: Option<String>,
    /// Race flag.
    pub race: Option<bool>,
    /// Perceived effort, notes, weather, training effect.
    pub annotations: Annotations,
    /// Known only from an export's summary: no samples, no laps (see
    /// [`super::schema::activities::SUMMARY_ONLY`]).
    pub summary_only: bool,
    /// Warnings met while reading.
    pub warnings: Vec<String>,
    /// Import batch.
    pub batch_id: String,
    /// Import time.
    pub imported_at: DateTime<Utc>,
}

impl ActivityRecord {
    /// Best distance figure: the device's where it has one, else computed.
    pub fn distance_m(&self) -> Option<f64> {
        self.device_totals.distance_m.or(self.computed.distance_m)
    }

    /// Air temperature during the activity, °C, where an export's weather data gave it
    /// (Strava `Weather Temperature`): for analyses of heat and cold. Not the device's
    /// sensor, which reads the wrist's warmth (its samples are in `temperature_c`).
    pub fn air_temperature_c(&self) -> Option<f64> {
        self.annotations.weather_temperature_c
    }

    /// Best duration figure for overlap tests: device elapsed, else computed elapsed.
    pub fn elapsed_s(&self) -> Option<f64> {
        self.device_totals
            .elapsed_time_s
            .or(self.computed.elapsed_s)
    }
}

/// What happened to one source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    /// Activities were added.
    Imported,
    /// It holds activities already in the store.
    Duplicate,
    /// Valid, but not an activity.
    Skipped,
    /// Unreadable.
    Failed,
}

impl Outcome {
    /// Stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Imported => "imported",
            Outcome::Duplicate => "duplicate",
            Outcome::Skipped => "skipped",
            Outcome::Failed => "failed",
        }
    }
    fn parse(s: &str) -> Option<Self> {
        match s {
            "imported" => Some(Outcome::Imported),
            "duplicate" => Some(Outcome::Duplicate),
            "skipped" => Some(Outcome::Skipped),
            "failed" => Some(Outcome::Failed),
            _ => None,
        }
    }
}

/// One row of `imports`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImportRecord {
    /// Where.
    pub source_path: String,
    /// Content hash.
    pub source_hash: Option<String>,
    /// Format.
    pub format: Option<SourceFormat>,
    /// Outcome.
    pub outcome: Outcome,
    /// Message.
    pub detail: Option<String>,
    /// First activity.
    pub activity_id: Option<String>,
    /// Activities read.
    pub activities: u32,
    /// Kept activity, for duplicates.
    pub duplicate_of: Option<String>,
    /// Tier, for duplicates.
    pub dedup_tier: Option<DedupTier>,
    /// Batch.
    pub batch_id: String,
    /// When.
    pub imported_at: DateTime<Utc>,
}

fn dt_col(name: &str, v: Vec<Option<i64>>) -> PolarsResult<Column> {
    Column::new(name.into(), v).cast(&DataType::Datetime(TimeUnit::Milliseconds, None))
}

fn ms(t: Option<DateTime<Utc>>) -> Option<i64> {
    t.map(|t| t.timestamp_millis())
}

/// Builds the `activities` frame.
pub fn activities_frame(rows: &[ActivityRecord]) -> PolarsResult<DataFrame> {
    let s = |f: &dyn Fn(&ActivityRecord) -> Option<String>| -> Vec<Option<String>> {
        rows.iter().map(f).collect()
    };
    let f = |f: &dyn Fn(&ActivityRecord) -> Option<f64>| -> Vec<Option<f64>> {
        rows.iter().map(f).collect()
    };
    let b = |f: &dyn Fn(&ActivityRecord) -> bool| -> Vec<bool> { rows.iter().map(f).collect() };
    let cols = vec![
        Column::new(A::ID.into(), s(&|r| Some(r.id.clone()))),
        Column::new(
            A::STATUS.into(),
            s(&|r| Some(r.status.as_str().to_string())),
        ),
        Column::new(A::DUPLICATE_OF.into(), s(&|r| r.duplicate_of.clone())),
        Column::new(
            A::DEDUP_TIER.into(),
            s(&|r| r.dedup_tier.map(|t| t.as_str().to_string())),
        ),
        Column::new(A::SPORT.into(), s(&|r| Some(r.sport.as_str().to_string()))),
        Column::new(A::SPORT_RAW.into(), s(&|r| r.sport_raw.clone())),
        Column::new(A::SUB_SPORT.into(), s(&|r| r.sub_sport.clone())),
        Column::new(A::NAME.into(), s(&|r| r.name.clone())),
        dt_col(A::START_UTC, rows.iter().map(|r| ms(r.start)).collect())?,
        Column::new(
            A::UTC_OFFSET_S.into(),
            rows.iter().map(|r| r.utc_offset_s).collect::<Vec<_>>(),
        ),
        Column::new(A::SOURCE_PATH.into(), s(&|r| Some(r.source_path.clone()))),
        Column::new(
            A::SOURCE_FORMAT.into(),
            s(&|r| Some(r.source_format.as_str().to_string())),
        ),
        Column::new(A::SOURCE_HASH.into(), s(&|r| Some(r.source_hash.clone()))),
        Column::new(
            A::INDEX_IN_FILE.into(),
            rows.iter().map(|r| r.index_in_file).collect::<Vec<_>>(),
        ),
        Column::new(A::FIT_FILE_ID.into(), s(&|r| r.fit_file_id.clone())),
        Column::new(
            A::DEVICE_MANUFACTURER.into(),
            s(&|r| r.device.manufacturer.clone()),
        ),
        Column::new(A::DEVICE_PRODUCT.into(), s(&|r| r.device.product.clone())),
        Column::new(
            A::DEVICE_SERIAL.into(),
            rows.iter().map(|r| r.device.serial).collect::<Vec<_>>(),
        ),
        Column::new(A::DEV_DISTANCE_M.into(), f(&|r| r.device_totals.distance_m)),
        Column::new(
            A::DEV_TIMER_TIME_S.into(),
            f(&|r| r.device_totals.timer_time_s),
        ),
        Column::new(
            A::DEV_ELAPSED_TIME_S.into(),
            f(&|r| r.device_totals.elapsed_time_s),
        ),
        Column::new(A::DEV_ASCENT_M.into(), f(&|r| r.device_totals.ascent_m)),
        Column::new(A::DEV_DESCENT_M.into(), f(&|r| r.device_totals.descent_m)),
        Column::new(A::DEV_AVG_HR.into(), f(&|r| r.device_totals.avg_hr_bpm)),
        Column::new(A::DEV_MAX_HR.into(), f(&|r| r.device_totals.max_hr_bpm)),
        Column::new(
            A::DEV_CALORIES.into(),
            f(&|r| r.device_totals.calories_kcal),
        ),
        Column::new(A::DISTANCE_M.into(), f(&|r| r.computed.distance_m)),
        Column::new(A::ELAPSED_S.into(), f(&|r| r.computed.elapsed_s)),
        Column::new(A::MOVING_TIME_S.into(), f(&|r| r.computed.moving_time_s)),
        Column::new(A::AVG_HR.into(), f(&|r| r.computed.avg_hr_bpm)),
        Column::new(A::MAX_HR.into(), f(&|r| r.computed.max_hr_bpm)),
        Column::new(A::ASCENT_M.into(), f(&|r| r.computed.ascent_m)),
        Column::new(
            A::SAMPLES.into(),
            rows.iter().map(|r| r.computed.samples).collect::<Vec<_>>(),
        ),
        Column::new(
            A::PAUSES.into(),
            rows.iter().map(|r| r.computed.pauses).collect::<Vec<_>>(),
        ),
        Column::new(A::HAS_GPS.into(), b(&|r| r.computed.channels.gps)),
        Column::new(A::HAS_HR.into(), b(&|r| r.computed.channels.heart_rate)),
        Column::new(A::HAS_CADENCE.into(), b(&|r| r.computed.channels.cadence)),
        Column::new(A::HAS_POWER.into(), b(&|r| r.computed.channels.power)),
        Column::new(
            A::HAS_ELEVATION.into(),
            b(&|r| r.computed.channels.elevation),
        ),
        Column::new(
            A::HAS_TEMPERATURE.into(),
            b(&|r| r.computed.channels.temperature),
        ),
        Column::new(A::GEAR.into(), s(&|r| r.gear.clone())),
        Column::new(
            A::RACE.into(),
            rows.iter().map(|r| r.race).collect::<Vec<_>>(),
        ),
        Column::new(A::RPE.into(), f(&|r| r.annotations.rpe)),
        Column::new(A::FEEL.into(), f(&|r| r.annotations.feel)),
        Column::new(
            A::DESCRIPTION.into(),
            s(&|r| r.annotations.description.clone()),
        ),
        Column::new(
            A::PRIVATE_NOTE.into(),
            s(&|r| r.annotations.private_note.clone()),
        ),
        Column::new(
            A::WEATHER_TEMPERATURE_C.into(),
            f(&|r| r.annotations.weather_temperature_c),
        ),
        Column::new(A::WEATHER.into(), s(&|r| r.annotations.weather.clone())),
        Column::new(
            A::AEROBIC_TE.into(),
            f(&|r| r.annotations.aerobic_training_effect),
        ),
        Column::new(
            A::ANAEROBIC_TE.into(),
            f(&|r| r.annotations.anaerobic_training_effect),
        ),
        Column::new(A::SUMMARY_ONLY.into(), b(&|r| r.summary_only)),
        Column::new(
            A::WARNINGS.into(),
            s(&|r| (!r.warnings.is_empty()).then(|| r.warnings.join("; "))),
        ),
        Column::new(A::BATCH_ID.into(), s(&|r| Some(r.batch_id.clone()))),
        dt_col(
            A::IMPORTED_AT_UTC,
            rows.iter()
                .map(|r| Some(r.imported_at.timestamp_millis()))
                .collect(),
        )?,
    ];
    DataFrame::new(rows.len(), cols)
}

/// Column accessors that turn polars columns into plain vectors.
/// Typed column readers over a frame (nulls kept as `None`).
pub(crate) struct Cols<'a>(pub(crate) &'a DataFrame);

impl Cols<'_> {
    pub(crate) fn str(&self, name: &str) -> PolarsResult<Vec<Option<String>>> {
        Ok(self
            .0
            .column(name)?
            .str()?
            .iter()
            .map(|v| v.map(str::to_string))
            .collect())
    }
    pub(crate) fn f64(&self, name: &str) -> PolarsResult<Vec<Option<f64>>> {
        Ok(self
            .0
            .column(name)?
            .cast(&DataType::Float64)?
            .f64()?
            .iter()
            .collect())
    }
    pub(crate) fn i64(&self, name: &str) -> PolarsResult<Vec<Option<i64>>> {
        Ok(self
            .0
            .column(name)?
            .cast(&DataType::Int64)?
            .i64()?
            .iter()
            .collect())
    }
    pub(crate) fn bool(&self, name: &str) -> PolarsResult<Vec<Option<bool>>> {
        Ok(self.0.column(name)?.bool()?.iter().collect())
    }
    /// A column added in a later schema version: all null when the frame (written by an
    /// older version) lacks it.
    fn added<T: Clone>(
        &self,
        name: &str,
        read: impl FnOnce(&Self, &str) -> PolarsResult<Vec<Option<T>>>,
    ) -> PolarsResult<Vec<Option<T>>> {
        if self.0.column(name).is_ok() {
            read(self, name)
        } else {
            Ok(vec![None; self.0.height()])
        }
    }
}

fn bad(what: &str) -> PolarsError {
    PolarsError::ComputeError(format!("unexpected value in column {what}").into())
}

fn utc(ms: Option<i64>) -> Option<DateTime<Utc>> {
    ms.and_then(DateTime::from_timestamp_millis)
}

/// Reads `activities` rows back from a frame.
pub fn activities_from_frame(df: &DataFrame) -> PolarsResult<Vec<ActivityRecord>> {
    let c = Cols(df);
    let id = c.str(A::ID)?;
    let status = c.str(A::STATUS)?;
    let dup = c.str(A::DUPLICATE_OF)?;
    let tier = c.str(A::DEDUP_TIER)?;
    let sport = c.str(A::SPORT)?;
    let sport_raw = c.str(A::SPORT_RAW)?;
    let sub = c.str(A::SUB_SPORT)?;
    let name = c.str(A::NAME)?;
    let start = c.i64(A::START_UTC)?;
    let off = c.i64(A::UTC_OFFSET_S)?;
    let path = c.str(A::SOURCE_PATH)?;
    let fmt = c.str(A::SOURCE_FORMAT)?;
    let hash = c.str(A::SOURCE_HASH)?;
    let idx = c.i64(A::INDEX_IN_FILE)?;
    let fid = c.str(A::FIT_FILE_ID)?;
    let man = c.str(A::DEVICE_MANUFACTURER)?;
    let prod = c.str(A::DEVICE_PRODUCT)?;
    let serial = c.i64(A::DEVICE_SERIAL)?;
    let dd = c.f64(A::DEV_DISTANCE_M)?;
    let dtt = c.f64(A::DEV_TIMER_TIME_S)?;
    let det = c.f64(A::DEV_ELAPSED_TIME_S)?;
    let dasc = c.f64(A::DEV_ASCENT_M)?;
    let ddesc = c.f64(A::DEV_DESCENT_M)?;
    let dahr = c.f64(A::DEV_AVG_HR)?;
    let dmhr = c.f64(A::DEV_MAX_HR)?;
    let dcal = c.f64(A::DEV_CALORIES)?;
    let dist = c.f64(A::DISTANCE_M)?;
    let el = c.f64(A::ELAPSED_S)?;
    let mov = c.f64(A::MOVING_TIME_S)?;
    let ahr = c.f64(A::AVG_HR)?;
    let mhr = c.f64(A::MAX_HR)?;
    let asc = c.f64(A::ASCENT_M)?;
    let ns = c.i64(A::SAMPLES)?;
    let np = c.i64(A::PAUSES)?;
    let gps = c.bool(A::HAS_GPS)?;
    let hr = c.bool(A::HAS_HR)?;
    let cad = c.bool(A::HAS_CADENCE)?;
    let pow = c.bool(A::HAS_POWER)?;
    let ele = c.bool(A::HAS_ELEVATION)?;
    let tmp = c.bool(A::HAS_TEMPERATURE)?;
    let gear = c.str(A::GEAR)?;
    let race = c.bool(A::RACE)?;
    let rpe = c.added(A::RPE, Cols::f64)?;
    let feel = c.added(A::FEEL, Cols::f64)?;
    let descr = c.added(A::DESCRIPTION, Cols::str)?;
    let note = c.added(A::PRIVATE_NOTE, Cols::str)?;
    let wtemp = c.added(A::WEATHER_TEMPERATURE_C, Cols::f64)?;
    let weather = c.added(A::WEATHER, Cols::str)?;
    let ate = c.added(A::AEROBIC_TE, Cols::f64)?;
    let nte = c.added(A::ANAEROBIC_TE, Cols::f64)?;
    let summary_only = c.added(A::SUMMARY_ONLY, Cols::bool)?;
    let warn = c.str(A::WARNINGS)?;
    let batch = c.str(A::BATCH_ID)?;
    let at = c.i64(A::IMPORTED_AT_UTC)?;
    let mut out = Vec::with_capacity(df.height());
    for i in 0..df.height() {
        out.push(ActivityRecord {
            id: id[i].clone().ok_or_else(|| bad(A::ID))?,
            status: match status[i].as_deref() {
                Some("duplicate") => Status::Duplicate,
                _ => Status::Primary,
            },
            duplicate_of: dup[i].clone(),
            dedup_tier: tier[i].as_deref().and_then(DedupTier::parse),
            sport: sport[i]
                .as_deref()
                .and_then(Sport::parse)
                .unwrap_or(Sport::Other),
            sport_raw: sport_raw[i].clone(),
            sub_sport: sub[i].clone(),
            name: name[i].clone(),
            start: utc(start[i]),
            utc_offset_s: off[i].map(|v| v as i32),
            source_path: path[i].clone().unwrap_or_default(),
            source_format: fmt[i]
                .as_deref()
                .and_then(SourceFormat::parse)
                .ok_or_else(|| bad(A::SOURCE_FORMAT))?,
            source_hash: hash[i].clone().unwrap_or_default(),
            index_in_file: idx[i].unwrap_or(0) as u32,
            fit_file_id: fid[i].clone(),
            device: Device {
                manufacturer: man[i].clone(),
                product: prod[i].clone(),
                serial: serial[i].map(|v| v as u64),
            },
            device_totals: DeviceTotals {
                distance_m: dd[i],
                timer_time_s: dtt[i],
                elapsed_time_s: det[i],
                ascent_m: dasc[i],
                descent_m: ddesc[i],
                avg_hr_bpm: dahr[i],
                max_hr_bpm: dmhr[i],
                calories_kcal: dcal[i],
            },
            computed: Computed {
                distance_m: dist[i],
                elapsed_s: el[i],
                moving_time_s: mov[i],
                avg_hr_bpm: ahr[i],
                max_hr_bpm: mhr[i],
                ascent_m: asc[i],
                samples: ns[i].unwrap_or(0) as u32,
                pauses: np[i].unwrap_or(0) as u32,
                channels: Channels {
                    gps: gps[i].unwrap_or(false),
                    heart_rate: hr[i].unwrap_or(false),
                    cadence: cad[i].unwrap_or(false),
                    power: pow[i].unwrap_or(false),
                    elevation: ele[i].unwrap_or(false),
                    temperature: tmp[i].unwrap_or(false),
                },
            },
            gear: gear[i].clone(),
            race: race[i],
            annotations: Annotations {
                rpe: rpe[i],
                feel: feel[i],
                description: descr[i].clone(),
                private_note: note[i].clone(),
                weather_temperature_c: wtemp[i],
                weather: weather[i].clone(),
                aerobic_training_effect: ate[i],
                anaerobic_training_effect: nte[i],
            },
            summary_only: summary_only[i].unwrap_or(false),
            warnings: warn[i]
                .as_deref()
                .map(|w| w.split("; ").map(str::to_string).collect())
                .unwrap_or_default(),
            batch_id: batch[i].clone().unwrap_or_default(),
            imported_at: utc(at[i]).unwrap_or_default(),
        });
    }
    Ok(out)
}

/// Builds the `imports` frame.
pub fn imports_frame(rows: &[ImportRecord]) -> PolarsResult<DataFrame> {
    let s = |f: &dyn Fn(&ImportRecord) -> Option<String>| -> Vec<Option<String>> {
        rows.iter().map(f).collect()
    };
    let cols = vec![
        Column::new(I::SOURCE_PATH.into(), s(&|r| Some(r.source_path.clone()))),
        Column::new(I::SOURCE_HASH.into(), s(&|r| r.source_hash.clone())),
        Column::new(
            I::FORMAT.into(),
            s(&|r| r.format.map(|f| f.as_str().to_string())),
        ),
        Column::new(
            I::OUTCOME.into(),
            s(&|r| Some(r.outcome.as_str().to_string())),
        ),
        Column::new(I::DETAIL.into(), s(&|r| r.detail.clone())),
        Column::new(I::ACTIVITY_ID.into(), s(&|r| r.activity_id.clone())),
        Column::new(
            I::ACTIVITIES.into(),
            rows.iter().map(|r| r.activities).collect::<Vec<_>>(),
        ),
        Column::new(I::DUPLICATE_OF.into(), s(&|r| r.duplicate_of.clone())),
        Column::new(
            I::DEDUP_TIER.into(),
            s(&|r| r.dedup_tier.map(|t| t.as_str().to_string())),
        ),
        Column::new(I::BATCH_ID.into(), s(&|r| Some(r.batch_id.clone()))),
        dt_col(
            I::IMPORTED_AT_UTC,
            rows.iter()
                .map(|r| Some(r.imported_at.timestamp_millis()))
                .collect(),
        )?,
    ];
    DataFrame::new(rows.len(), cols)
}

/// Reads `imports` rows back.
pub fn imports_from_frame(df: &DataFrame) -> PolarsResult<Vec<ImportRecord>> {
    let c = Cols(df);
    let path = c.str(I::SOURCE_PATH)?;
    let hash = c.str(I::SOURCE_HASH)?;
    let fmt = c.str(I::FORMAT)?;
    let outcome = c.str(I::OUTCOME)?;
    let detail = c.str(I::DETAIL)?;
    let aid = c.str(I::ACTIVITY_ID)?;
    let n = c.i64(I::ACTIVITIES)?;
    let dup = c.str(I::DUPLICATE_OF)?;
    let tier = c.str(I::DEDUP_TIER)?;
    let batch = c.str(I::BATCH_ID)?;
    let at = c.i64(I::IMPORTED_AT_UTC)?;
    (0..df.height())
        .map(|i| {
            Ok(ImportRecord {
                source_path: path[i].clone().unwrap_or_default(),
                source_hash: hash[i].clone(),
                format: fmt[i].as_deref().and_then(SourceFormat::parse),
                outcome: outcome[i]
                    .as_deref()
                    .and_then(Outcome::parse)
                    .ok_or_else(|| bad(I::OUTCOME))?,
                detail: detail[i].clone(),
                activity_id: aid[i].clone(),
                activities: n[i].unwrap_or(0) as u32,
                duplicate_of: dup[i].clone(),
                dedup_tier: tier[i].as_deref().and_then(DedupTier::parse),
                batch_id: batch[i].clone().unwrap_or_default(),
                imported_at: utc(at[i]).unwrap_or_default(),
            })
        })
        .collect()
}

/// The laps of several activities as one frame.
pub fn laps_frame(acts: &[(&str, &ParsedActivity)]) -> PolarsResult<DataFrame> {
    let rows: Vec<(&str, usize, &crate::model::Lap)> = acts
        .iter()
        .flat_map(|(id, a)| a.laps.iter().enumerate().map(move |(i, l)| (*id, i, l)))
        .collect();
    let f = |g: &dyn Fn(&crate::model::Lap) -> Option<f64>| -> Vec<Option<f64>> {
        rows.iter().map(|r| g(r.2)).collect()
    };
    let cols = vec![
        Column::new(
            L::ACTIVITY_ID.into(),
            rows.iter().map(|r| r.0).collect::<Vec<_>>(),
        ),
        Column::new(
            L::LAP_INDEX.into(),
            rows.iter().map(|r| r.1 as u32).collect::<Vec<_>>(),
        ),
        dt_col(L::START_UTC, rows.iter().map(|r| r.2.start_ms).collect())?,
        Column::new(L::ELAPSED_TIME_S.into(), f(&|l| l.elapsed_time_s)),
        Column::new(L::TIMER_TIME_S.into(), f(&|l| l.timer_time_s)),
        Column::new(L::DISTANCE_M.into(), f(&|l| l.distance_m)),
        Column::new(L::AVG_HR.into(), f(&|l| l.avg_hr_bpm)),
        Column::new(L::MAX_HR.into(), f(&|l| l.max_hr_bpm)),
        Column::new(L::AVG_SPEED.into(), f(&|l| l.avg_speed_m_s)),
        Column::new(L::ASCENT_M.into(), f(&|l| l.ascent_m)),
        Column::new(
            L::TRIGGER.into(),
            rows.iter().map(|r| r.2.trigger.clone()).collect::<Vec<_>>(),
        ),
        Column::new(
            L::INTENSITY.into(),
            rows.iter()
                .map(|r| r.2.intensity.clone())
                .collect::<Vec<_>>(),
        ),
    ];
    DataFrame::new(rows.len(), cols)
}

/// The samples of several activities as one frame (column-wise concatenation).
pub fn samples_frame(acts: &[(&str, &ParsedActivity)]) -> PolarsResult<DataFrame> {
    let all: Vec<SampleSlice<'_>> = acts
        .iter()
        .map(|(id, a)| (*id, &a.samples, 0..a.samples.len()))
        .collect();
    samples_frame_of(&all)
}

/// Rows `range` of one activity's samples, with its id.
pub type SampleSlice<'a> = (&'a str, &'a Samples, std::ops::Range<usize>);

/// The activities' samples, concatenated, cut into pieces of at most `max_rows` rows (the
/// last one shorter; an activity may straddle two pieces), for building and writing a big
/// part's table piece by piece ([`samples_frame_of`]) rather than as one frame beside the
/// samples.
pub fn sample_pieces<'a>(
    acts: &[(&'a str, &'a ParsedActivity)],
    max_rows: usize,
) -> Vec<Vec<SampleSlice<'a>>> {
    let max_rows = max_rows.max(1);
    let mut pieces: Vec<Vec<SampleSlice<'a>>> = Vec::new();
    let mut current: Vec<SampleSlice<'a>> = Vec::new();
    let mut rows = 0;
    for (id, a) in acts {
        let n = a.samples.len();
        let mut at = 0;
        while at < n {
            let take = (n - at).min(max_rows - rows);
            current.push((id, &a.samples, at..at + take));
            at += take;
            rows += take;
            if rows == max_rows {
                pieces.push(std::mem::take(&mut current));
                rows = 0;
            }
        }
    }
    if !current.is_empty() || pieces.is_empty() {
        // No rows at all still makes one (empty) piece: the part gets its schema.
        pieces.push(current);
    }
    pieces
}

/// The rows of `slices` as one frame, in order. The columns are built in parallel (on the
/// rayon pool): the import builds each batch's frame on the thread that records the batch.
pub fn samples_frame_of(slices: &[SampleSlice<'_>]) -> PolarsResult<DataFrame> {
    use rayon::prelude::*;
    let n: usize = slices.iter().map(|(_, _, r)| r.len()).sum();
    type Build<'b> = Box<dyn Fn() -> PolarsResult<Column> + Send + Sync + 'b>;
    // Values and a validity bitmap, handed to polars whole: `Column::new` on the optional
    // values appended them one at a time (4 % of a Coros history's import).
    let float = |name: &'static str, g: fn(&Samples) -> &Vec<Option<f64>>| -> Build<'_> {
        Box::new(move || {
            if slices.iter().all(|(_, s, _)| g(s).is_empty()) {
                // A running-dynamics channel none of these activities has: an all-null
                // column over zeroed memory the writer never reads (no copy of `n` zeros
                // beside the batch: 55 MB for the three channels of a 225 MB GPX).
                return Ok(Float64Chunked::full_null(name.into(), n).into_column());
            }
            let mut values = Vec::with_capacity(n);
            let mut valid = MutableBitmap::with_capacity(n);
            for (_, s, r) in slices {
                let Some(col) = g(s).get(r.clone()) else {
                    // An absent running-dynamics channel (an empty column: see `Samples`).
                    values.extend(std::iter::repeat_n(0.0, r.len()));
                    valid.extend_constant(r.len(), false);
                    continue;
                };
                values.extend(col.iter().map(|v| v.unwrap_or_default()));
                valid.extend_from_trusted_len_iter(col.iter().map(Option::is_some));
            }
            // `None` when every value is there (polars' form of "no nulls").
            let validity: Option<Bitmap> = valid.into();
            Ok(Float64Chunked::from_vec_validity(name.into(), values, validity).into_column())
        })
    };
    let builds: Vec<Build<'_>> = vec![
        Box::new(|| {
            let mut id = Vec::with_capacity(n);
            for (aid, _, r) in slices {
                id.extend(std::iter::repeat_n(*aid, r.len()));
            }
            Ok(Column::new(S::ACTIVITY_ID.into(), id))
        }),
        Box::new(|| {
            let mut t = Vec::with_capacity(n);
            for (_, s, r) in slices {
                t.extend_from_slice(&s.t_ms[r.clone()]);
            }
            dt_col(S::T_UTC, t)
        }),
        float(S::ELAPSED_S, |s| &s.elapsed_s),
        Box::new(|| {
            let mut seg = Vec::with_capacity(n);
            for (_, s, r) in slices {
                seg.extend_from_slice(&s.segment[r.clone()]);
            }
            Ok(Column::new(S::SEGMENT.into(), seg))
        }),
        float(S::LAT, |s| &s.lat),
        float(S::LON, |s| &s.lon),
        float(S::ELEVATION_M, |s| &s.elevation_m),
        float(S::DISTANCE_M, |s| &s.distance_m),
        float(S::SPEED_M_S, |s| &s.speed_m_s),
        float(S::HEART_RATE_BPM, |s| &s.heart_rate_bpm),
        float(S::CADENCE_RPM, |s| &s.cadence_rpm),
        float(S::POWER_W, |s| &s.power_w),
        float(S::TEMPERATURE_C, |s| &s.temperature_c),
        float(S::GROUND_CONTACT_S, |s| &s.ground_contact_s),
        float(S::VERTICAL_OSCILLATION_M, |s| &s.vertical_oscillation_m),
        float(S::STEP_LENGTH_M, |s| &s.step_length_m),
    ];
    let cols = builds
        .par_iter()
        .map(|b| b())
        .collect::<PolarsResult<Vec<Column>>>()?;
    DataFrame::new(n, cols)
}

/// Reads laps back from a frame (one activity's, in order).
pub fn laps_from_frame(df: &DataFrame) -> PolarsResult<Vec<crate::model::Lap>> {
    let c = Cols(df);
    let start = c.i64(L::START_UTC)?;
    let el = c.f64(L::ELAPSED_TIME_S)?;
    let tt = c.f64(L::TIMER_TIME_S)?;
    let d = c.f64(L::DISTANCE_M)?;
    let ah = c.f64(L::AVG_HR)?;
    let mh = c.f64(L::MAX_HR)?;
    let sp = c.f64(L::AVG_SPEED)?;
    let asc = c.f64(L::ASCENT_M)?;
    let tr = c.str(L::TRIGGER)?;
    let it = c.str(L::INTENSITY)?;
    Ok((0..df.height())
        .map(|i| crate::model::Lap {
            start_ms: start[i],
            elapsed_time_s: el[i],
            timer_time_s: tt[i],
            distance_m: d[i],
            avg_hr_bpm: ah[i],
            max_hr_bpm: mh[i],
            avg_speed_m_s: sp[i],
            ascent_m: asc[i],
            trigger: tr[i].clone(),
            intensity: it[i].clone(),
        })
        .collect())
}

/// Splits a samples frame (rows of each activity contiguous and in time order, as written)
/// back into per-activity [`crate::model::Samples`].
pub fn samples_from_frame(df: &DataFrame) -> PolarsResult<Vec<(String, crate::model::Samples)>> {
    let c = Cols(df);
    let id = c.str(S::ACTIVITY_ID)?;
    let t = c.i64(S::T_UTC)?;
    let el = c.f64(S::ELAPSED_S)?;
    let seg = c.i64(S::SEGMENT)?;
    let lat = c.f64(S::LAT)?;
    let lon = c.f64(S::LON)?;
    let ele = c.f64(S::ELEVATION_M)?;
    let dist = c.f64(S::DISTANCE_M)?;
    let speed = c.f64(S::SPEED_M_S)?;
    let hr = c.f64(S::HEART_RATE_BPM)?;
    let cad = c.f64(S::CADENCE_RPM)?;
    let pow = c.f64(S::POWER_W)?;
    let tmp = c.f64(S::TEMPERATURE_C)?;
    let gct = c.added(S::GROUND_CONTACT_S, Cols::f64)?;
    let vo = c.added(S::VERTICAL_OSCILLATION_M, Cols::f64)?;
    let step = c.added(S::STEP_LENGTH_M, Cols::f64)?;
    let mut out: Vec<(String, crate::model::Samples)> = Vec::new();
    for i in 0..df.height() {
        let aid = id[i].as_deref().unwrap_or("");
        if out.last().is_none_or(|(last, _)| last != aid) {
            out.push((aid.to_string(), crate::model::Samples::default()));
        }
        let s = &mut out.last_mut().expect("just pushed").1;
        s.push(crate::model::SampleRow {
            t_ms: t[i],
            segment: seg[i].unwrap_or(0) as u32,
            lat: lat[i],
            lon: lon[i],
            elevation_m: ele[i],
            distance_m: dist[i],
            speed_m_s: speed[i],
            heart_rate_bpm: hr[i],
            cadence_rpm: cad[i],
            power_w: pow[i],
            temperature_c: tmp[i],
            ground_contact_s: gct[i],
            vertical_oscillation_m: vo[i],
            step_length_m: step[i],
        });
        let n = s.elapsed_s.len();
        s.elapsed_s[n - 1] = el[i];
    }
    Ok(out)
}
