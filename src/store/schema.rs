//! The store's tables and their columns, in one place. See `docs/store.md` for the
//! documented layout; `SCHEMA_VERSION` is written to `store.json`.
//!
//! Units are SI and instants are UTC, stored as Parquet `timestamp[ms]` (no zone attached:
//! every instant in the store is UTC, as the `_utc` suffix says).

/// Version of the table layout. A store with a higher version is refused.
///
/// Version 2 added the activities' annotation columns ([`activities::RPE`] to
/// [`activities::SUMMARY_ONLY`]) and the `wellness` table. A version-1 store is read as it
/// is (the missing columns read as null, `summary_only` as false; no wellness) and becomes
/// version 2 at its next commit: nothing has to be imported again.
///
/// Version 3 added the samples' running dynamics ([`samples::GROUND_CONTACT_S`],
/// [`samples::VERTICAL_OSCILLATION_M`], [`samples::STEP_LENGTH_M`]). Sample parts are
/// never rewritten: the parts an older version wrote stay as they are and read those
/// columns as null.
pub const SCHEMA_VERSION: u32 = 3;
/// The oldest layout this rutscope still reads (see [`SCHEMA_VERSION`]).
pub const OLDEST_READABLE_VERSION: u32 = 1;

/// The commit point: names the current file of each table.
pub const MANIFEST_FILE: &str = "store.json";
/// Held (OS file lock) by the one process writing the store.
pub const LOCK_FILE: &str = ".lock";
/// The athlete's profile settings (JSON; see `store::profile`), outside the committed tables.
pub const PROFILE_FILE: &str = "profile.json";
/// The runner's own entries (JSON; see `store::journal`): corrections now, notes, gear and
/// goals later. Outside the committed tables and never written by an import.
pub const JOURNAL_FILE: &str = "journal.json";
/// The shoes the exports list (Strava's `shoes.csv`), beside the tables: imported data,
/// rewritten by each import that reads such a list (see `store::export_gear`).
pub const EXPORT_GEAR_FILE: &str = "export_gear.json";
/// Derived data (the facts cache), never part of the committed store: deleting it loses
/// nothing.
pub const CACHE_DIR: &str = "cache";

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
    /// One generation file at rest (since schema version 2).
    pub const WELLNESS: &str = "wellness";
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
    /// Perceived exertion, 1–10 (FIT session field 193 ÷ 10, Strava `Perceived Exertion`,
    /// Garmin export `workoutRpe` ÷ 10). Since version 2, like the columns below.
    pub const RPE: &str = "rpe";
    /// How it felt, 0–100 (FIT session field 192, Garmin export `workoutFeel`).
    pub const FEEL: &str = "feel";
    /// The activity's description (Strava `Activity Description`).
    pub const DESCRIPTION: &str = "description";
    /// The runner's private note (Strava `Activity Private Note`).
    pub const PRIVATE_NOTE: &str = "private_note";
    /// Air temperature from the export's weather data, °C.
    pub const WEATHER_TEMPERATURE_C: &str = "weather_temperature_c";
    /// The weather in words.
    pub const WEATHER: &str = "weather";
    /// Vendor aerobic training effect (0–5).
    pub const AEROBIC_TE: &str = "aerobic_training_effect";
    /// Vendor anaerobic training effect (0–5).
    pub const ANAEROBIC_TE: &str = "anaerobic_training_effect";
    /// `true` for an activity known only from an export's summary (a Strava
    /// `activities.csv` row or Garmin summarized activity without a file): no samples, no
    /// laps; its distance and times are the summary's device totals.
    pub const SUMMARY_ONLY: &str = "summary_only";
    /// Non-fatal problems met while reading, `; `-separated.
    pub const WARNINGS: &str = "warnings";
    /// The import batch that wrote the row's samples and laps.
    pub const BATCH_ID: &str = "batch_id";
    /// When it was imported (UTC).
    pub const IMPORTED_AT_UTC: &str = "imported_at_utc";
}

/// `wellness`: one row per calendar day and source (since version 2). A day can have a
/// row from the Garmin daily summaries, one from the sleep data and one from monitoring
/// FIT files; readers merge them (see `store::wellness`).
pub mod wellness {
    /// The calendar day, local to the runner (Garmin's `calendarDate`).
    pub const DATE: &str = "date";
    /// Resting heart rate, bpm.
    pub const RESTING_HR_BPM: &str = "resting_hr_bpm";
    /// Sleep, seconds: the sum of the sleep stages where measured, else the sleep window.
    pub const SLEEP_S: &str = "sleep_s";
    /// Whether `sleep_s` is only the sleep window (not measured stages: the watch was off
    /// the wrist or the window is the default one).
    pub const SLEEP_WINDOW_ONLY: &str = "sleep_window_only";
    /// Vendor sleep score, 0–100.
    pub const SLEEP_SCORE: &str = "sleep_score";
    /// Mean stress level of the day, 0–100 (Garmin).
    pub const STRESS_AVG: &str = "stress_avg";
    /// Highest body battery of the day, 0–100 (Garmin).
    pub const BODY_BATTERY_MAX: &str = "body_battery_max";
    /// Where the row came from: `garmin_uds` (daily summaries), `garmin_sleep`,
    /// `fit_monitoring`.
    pub const SOURCE: &str = "source";
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
    /// Ground contact time, seconds (since version 3, like the two below).
    pub const GROUND_CONTACT_S: &str = "ground_contact_s";
    /// Vertical oscillation, metres.
    pub const VERTICAL_OSCILLATION_M: &str = "vertical_oscillation_m";
    /// Step length, metres.
    pub const STEP_LENGTH_M: &str = "step_length_m";
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

/// The facts cache (see `store::facts`): `cache/facts-v<N>/`, one table per committed sample
/// part. Rows per activity: as many as the larger of its heart-rate bins and its route
/// signature points (at least one); the activity-level columns repeat on each of its rows.
pub mod facts {
    /// Directory name before the version number (`facts-v5`).
    pub const DIR_PREFIX: &str = "facts-v";
    /// Owning activity (string).
    pub const ACTIVITY_ID: &str = "activity_id";
    /// Seconds in motion.
    pub const MOVING_TIME_S: &str = "moving_time_s";
    /// Metres.
    pub const DISTANCE_M: &str = "distance_m";
    /// Mean grade-adjusted speed over moving time, m/s.
    pub const GAP_SPEED_M_S: &str = "gap_speed_m_s";
    /// Moving seconds with heart rate.
    pub const HR_MOVING_S: &str = "hr_moving_s";
    /// Seconds of steady running with heart rate.
    pub const STEADY_S: &str = "steady_s";
    /// Efficiency factor on steady running.
    pub const EFFICIENCY_FACTOR: &str = "efficiency_factor";
    /// Aerobic decoupling on steady running, percent.
    pub const DECOUPLING_PCT: &str = "decoupling_pct";
    /// Longitude of the first GPS fix, degrees.
    pub const START_LON: &str = "start_lon";
    /// Best-effort times, seconds, one column per distance (1000 m, the mile, 5 km, 10 km,
    /// half and full marathon), in that order.
    pub const BEST_EFFORTS_S: [&str; 6] = [
        "best_1000_s",
        "best_1609_s",
        "best_5000_s",
        "best_10000_s",
        "best_21097_s",
        "best_42195_s",
    ];
    /// Heart rate of the row's histogram bin, whole bpm (int32; null past the last bin).
    pub const BPM: &str = "bpm";
    /// Moving seconds at that heart rate.
    pub const BIN_MOVING_S: &str = "bin_moving_s";
    /// Of those, seconds after the warm-up.
    pub const BIN_WARM_S: &str = "bin_warm_s";
    /// Grade-adjusted metres covered in those seconds.
    pub const BIN_WARM_GAP_M: &str = "bin_warm_gap_m";
    /// Spread of the pace within the run.
    pub const PACE_SPREAD: &str = "pace_spread";
    /// Latitude of the row's route-signature point (null past the last point).
    pub const TRACK_LAT: &str = "track_lat";
    /// Longitude of the row's route-signature point.
    pub const TRACK_LON: &str = "track_lon";
    /// Distances whose fastest window crossed a GPS jump (count).
    pub const EFFORTS_OVER_JUMPS: &str = "efforts_over_jumps";
    /// Intervals faster than a runner (count).
    pub const GPS_JUMPS: &str = "gps_jumps";
    /// Highest heart rate held 30 s, cadence lock left out, bpm.
    pub const MAX_HR_HELD_BPM: &str = "max_hr_held_bpm";
    /// Seconds of cadence lock.
    pub const HR_LOCKED_S: &str = "hr_locked_s";
    /// Distances covered only down a hill (count).
    pub const EFFORTS_DOWNHILL: &str = "efforts_downhill";
    /// Distances whose fastest window was a surge the heart rate did not follow (count).
    pub const EFFORTS_SURGES: &str = "efforts_surges";
}

/// `journal.json` (see `store::journal`): what the runner entered, keyed so that it survives
/// re-imports, new stores and upgrades. Every key the file uses is named here.
pub mod journal {
    /// Layout version of the journal itself (independent of [`super::SCHEMA_VERSION`]: the
    /// journal outlives stores). A higher version is refused, never rewritten.
    pub const VERSION: u32 = 1;
    /// Top-level key: the layout version.
    pub const JOURNAL_VERSION: &str = "journal_version";
    /// Top-level key: entries per activity, keyed by [`activity_key`] (`<source_hash>#<index>`).
    pub const ACTIVITIES: &str = "activities";
    /// Separates the source hash from the session index in an activity key.
    pub const KEY_SEPARATOR: char = '#';
    /// Entry key: the activity id when the entry was written (informative: the key decides).
    pub const ACTIVITY_ID: &str = "activity_id";
    /// Entry key: the source file when the entry was written (informative, for a reader).
    pub const SOURCE_PATH: &str = "source_path";
    /// Entry key: the sport the runner set (`running`, `hiking`, ... as `list` prints them).
    pub const SPORT: &str = "sport";
    /// Entry key: `true` (a race) or `false` (not a race), as the runner set it.
    pub const RACE: &str = "race";
    /// Entry key: the runner's note on the activity (an object; issue 18 fills it).
    pub const NOTE: &str = "note";
    /// Note key: free text.
    pub const NOTE_TEXT: &str = "text";
    /// Note key: perceived exertion, 1–10 (Borg CR10, as watches ask it).
    pub const NOTE_RPE: &str = "rpe";
    /// Note key: how the run felt, 1 (very weak) to 5 (very strong), Garmin's five faces.
    pub const NOTE_FEEL: &str = "feel";
    /// Top-level key: the runner's notes per day, an object keyed by local date.
    pub const DAYS: &str = "days";
    /// Day key: free text.
    pub const DAY_TEXT: &str = "text";
    /// Day key: sleep the night before, seconds.
    pub const DAY_SLEEP_S: &str = "sleep_s";
    /// Day key: stress, 1 (none) to 5 (very high).
    pub const DAY_STRESS: &str = "stress";
    /// Day key: `true` when the runner was ill.
    pub const DAY_SICK: &str = "sick";
    /// Entry key: when the entry last changed (UTC, RFC 3339).
    pub const SET_AT_UTC: &str = "set_at_utc";
    /// Entry key: the gear (shoe) the runner set for the activity, by name.
    pub const ENTRY_GEAR: &str = "gear";
    /// Top-level key: the runner's gear (shoes), an object keyed by name.
    pub const GEAR: &str = "gear";
    /// Gear key: brand.
    pub const GEAR_BRAND: &str = "brand";
    /// Gear key: model.
    pub const GEAR_MODEL: &str = "model";
    /// Gear key: first day of use (runs from then on may be given it).
    pub const GEAR_FROM: &str = "from";
    /// Gear key: the day it was retired (no run after it is given it).
    pub const GEAR_RETIRED: &str = "retired";
    /// Gear key: the distance to retire it at, metres.
    pub const GEAR_RETIRE_AT_M: &str = "retire_at_m";
    /// Gear key: `true` for the default shoe (runs no other shoe covers).
    pub const GEAR_DEFAULT: &str = "default";
    /// Top-level key: the runner's goals, a list (one per kind).
    pub const GOALS: &str = "goals";
    /// Goal key: `race`, `weekly-distance` or `long-run`.
    pub const GOAL_KIND: &str = "kind";
    /// Goal key: the distance, metres (the race's, the week's or the long run's).
    pub const GOAL_DISTANCE_M: &str = "distance_m";
    /// Goal key: the race time, seconds (race goals).
    pub const GOAL_TIME_S: &str = "time_s";
    /// Goal key: the day to reach it by.
    pub const GOAL_BY: &str = "by";

    /// The key of an activity's entry: the BLAKE3 hash of its decompressed source file and
    /// its session index — what the activity id is derived from, spelled out so that the
    /// entry survives a change of the id's derivation too.
    pub fn activity_key(source_hash: &str, index_in_file: u32) -> String {
        format!("{source_hash}{KEY_SEPARATOR}{index_in_file}")
    }
}
