//! The store's tables and their columns, in one place. See the README's "Store schema"
//! section for the documented layout; `SCHEMA_VERSION` is written to `store.json`.
//!
//! Units are SI and instants are UTC, stored as Parquet `timestamp[ms]` (no zone attached:
//! every instant in the store is UTC, as the `_utc` suffix says).

/// Version of the table layout. A store with a higher version is refused; lower versions
/// are migrated when one exists (there is none yet).
pub const SCHEMA_VERSION: u32 = 1;

/// The commit point: names the current file of each table.
pub const MANIFEST_FILE: &str = "store.json";
/// Held (OS file lock) by the one process writing the store.
pub const LOCK_FILE: &str = ".lock";

/// Table directories.
pub mod dirs {
    /// One generation file (`gen-NNNNNNNN.parquet`) at rest.
    pub const ACTIVITIES: &str = "activities";
    /// One generation file at rest.
    pub const IMPORTS: &str = "imports";
    /// Immutable part files, one per import batch.
    pub const LAPS: &str = "laps";
    /// Immutable part files, hive-partitioned by activity start year (`year=2024/`;
    /// `year=0` for untimed activities).
    pub const SAMPLES: &str = "samples";
}

/// `activities`: one row per activity (a multisport file gives several).
pub mod activities {
    /// 16 hex digits, stable: derived from the source's content hash and session index.
    pub const ID: &str = "activity_id";
    /// `primary`, or `duplicate` of another activity.
    pub const STATUS: &str = "status";
    /// The primary activity this one duplicates.
    pub const DUPLICATE_OF: &str = "duplicate_of";
    /// `file_id` (same FIT file_id) or `overlap` (same activity recorded in another file).
    pub const DEDUP_TIER: &str = "dedup_tier";
    /// Normalized sport (`running`, `cycling`, ...).
    pub const SPORT: &str = "sport";
    /// The sport as the file wrote it.
    pub const SPORT_RAW: &str = "sport_raw";
    /// Sub-sport (`trail`, `treadmill`, ...).
    pub const SUB_SPORT: &str = "sub_sport";
    /// Activity name.
    pub const NAME: &str = "name";
    /// Start instant (UTC).
    pub const START_UTC: &str = "start_utc";
    /// Local time minus UTC, seconds.
    pub const UTC_OFFSET_S: &str = "utc_offset_s";
    /// Where the file was found (`export.zip!/activities/1.fit.gz`).
    pub const SOURCE_PATH: &str = "source_path";
    /// `fit`, `tcx` or `gpx`.
    pub const SOURCE_FORMAT: &str = "source_format";
    /// BLAKE3 of the decompressed file, hex.
    pub const SOURCE_HASH: &str = "source_hash";
    /// Session index within the file.
    pub const INDEX_IN_FILE: &str = "index_in_file";
    /// FIT file_id key (manufacturer/product/serial/time created#session).
    pub const FIT_FILE_ID: &str = "fit_file_id";
    /// Device manufacturer or file creator.
    pub const DEVICE_MANUFACTURER: &str = "device_manufacturer";
    /// Device product.
    pub const DEVICE_PRODUCT: &str = "device_product";
    /// Device serial number.
    pub const DEVICE_SERIAL: &str = "device_serial";
    /// Device totals (as the file states them).
    pub const DEV_DISTANCE_M: &str = "device_distance_m";
    /// Device timer time.
    pub const DEV_TIMER_TIME_S: &str = "device_timer_time_s";
    /// Device elapsed time.
    pub const DEV_ELAPSED_TIME_S: &str = "device_elapsed_time_s";
    /// Device ascent.
    pub const DEV_ASCENT_M: &str = "device_ascent_m";
    /// Device descent.
    pub const DEV_DESCENT_M: &str = "device_descent_m";
    /// Device average HR.
    pub const DEV_AVG_HR: &str = "device_avg_hr_bpm";
    /// Device max HR.
    pub const DEV_MAX_HR: &str = "device_max_hr_bpm";
    /// Device calories.
    pub const DEV_CALORIES: &str = "device_calories_kcal";
    /// Computed from samples (see `ingest::summary`).
    pub const DISTANCE_M: &str = "distance_m";
    /// Computed elapsed time.
    pub const ELAPSED_S: &str = "elapsed_s";
    /// Computed moving time.
    pub const MOVING_TIME_S: &str = "moving_time_s";
    /// Computed average HR.
    pub const AVG_HR: &str = "avg_hr_bpm";
    /// Computed max HR.
    pub const MAX_HR: &str = "max_hr_bpm";
    /// Computed ascent.
    pub const ASCENT_M: &str = "ascent_m";
    /// Number of samples.
    pub const SAMPLES: &str = "samples";
    /// Number of pauses.
    pub const PAUSES: &str = "pauses";
    /// Channel presence flags.
    pub const HAS_GPS: &str = "has_gps";
    /// Heart rate present.
    pub const HAS_HR: &str = "has_hr";
    /// Cadence present.
    pub const HAS_CADENCE: &str = "has_cadence";
    /// Power present.
    pub const HAS_POWER: &str = "has_power";
    /// Elevation present.
    pub const HAS_ELEVATION: &str = "has_elevation";
    /// Temperature present.
    pub const HAS_TEMPERATURE: &str = "has_temperature";
    /// Gear from an export's activities.csv.
    pub const GEAR: &str = "gear";
    /// Race flag from an export's activities.csv.
    pub const RACE: &str = "race";
    /// Non-fatal problems met while reading, `; `-separated.
    pub const WARNINGS: &str = "warnings";
    /// The import batch that wrote the row's samples and laps.
    pub const BATCH_ID: &str = "batch_id";
    /// When it was imported (UTC).
    pub const IMPORTED_AT_UTC: &str = "imported_at_utc";
}

/// `laps`: one row per lap.
pub mod laps {
    /// Owning activity.
    pub const ACTIVITY_ID: &str = "activity_id";
    /// 0-based lap number.
    pub const LAP_INDEX: &str = "lap_index";
    /// Lap start (UTC).
    pub const START_UTC: &str = "start_utc";
    /// Wall-clock duration.
    pub const ELAPSED_TIME_S: &str = "elapsed_time_s";
    /// Timer duration.
    pub const TIMER_TIME_S: &str = "timer_time_s";
    /// Distance.
    pub const DISTANCE_M: &str = "distance_m";
    /// Average HR.
    pub const AVG_HR: &str = "avg_hr_bpm";
    /// Max HR.
    pub const MAX_HR: &str = "max_hr_bpm";
    /// Average speed.
    pub const AVG_SPEED: &str = "avg_speed_m_s";
    /// Ascent.
    pub const ASCENT_M: &str = "ascent_m";
    /// What ended the lap.
    pub const TRIGGER: &str = "trigger";
    /// Intensity.
    pub const INTENSITY: &str = "intensity";
}

/// `samples`: one row per recorded point.
pub mod samples {
    /// Owning activity.
    pub const ACTIVITY_ID: &str = "activity_id";
    /// Instant (UTC); null for untimed points.
    pub const T_UTC: &str = "t_utc";
    /// Seconds since the first sample.
    pub const ELAPSED_S: &str = "elapsed_s";
    /// Pause-separated segment number.
    pub const SEGMENT: &str = "segment";
    /// Degrees.
    pub const LAT: &str = "lat";
    /// Degrees.
    pub const LON: &str = "lon";
    /// Metres.
    pub const ELEVATION_M: &str = "elevation_m";
    /// Device cumulative distance, metres.
    pub const DISTANCE_M: &str = "distance_m";
    /// Device speed, m/s.
    pub const SPEED_M_S: &str = "speed_m_s";
    /// Beats per minute.
    pub const HEART_RATE_BPM: &str = "heart_rate_bpm";
    /// Cycles per minute (strides for running).
    pub const CADENCE_RPM: &str = "cadence_rpm";
    /// Watts.
    pub const POWER_W: &str = "power_w";
    /// Degrees Celsius.
    pub const TEMPERATURE_C: &str = "temperature_c";
}

/// `imports`: one row per source file seen.
pub mod imports {
    /// Where it was found.
    pub const SOURCE_PATH: &str = "source_path";
    /// BLAKE3 of the decompressed bytes (null when unreadable).
    pub const SOURCE_HASH: &str = "source_hash";
    /// `fit`, `gpx`, `tcx`, or null.
    pub const FORMAT: &str = "format";
    /// `imported`, `duplicate`, `skipped` or `failed`.
    pub const OUTCOME: &str = "outcome";
    /// Error message, skip reason or warnings.
    pub const DETAIL: &str = "detail";
    /// First activity read from it (or the one it duplicates).
    pub const ACTIVITY_ID: &str = "activity_id";
    /// Number of activities read from it.
    pub const ACTIVITIES: &str = "activities";
    /// For duplicates: the activity kept.
    pub const DUPLICATE_OF: &str = "duplicate_of";
    /// For duplicates: `content`, `file_id` or `overlap`.
    pub const DEDUP_TIER: &str = "dedup_tier";
    /// Import batch.
    pub const BATCH_ID: &str = "batch_id";
    /// When (UTC).
    pub const IMPORTED_AT_UTC: &str = "imported_at_utc";
}
