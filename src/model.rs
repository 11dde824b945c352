//! The normalized activity model every parser returns.
//!
//! Whatever the file format, an activity comes out of `ingest/` in this shape, in SI units:
//! instants are UTC (milliseconds since the Unix epoch), distances and elevations metres,
//! speeds metres per second, durations seconds. Optional channels are `None` when the file does
//! not carry them, never zero. Samples are stored column-wise ([`Samples`]) because that is how
//! they are written to Parquet and how the analyses read them.

use chrono::{DateTime, Utc};
use serde::Serialize;

/// Milliseconds since 1970-01-01T00:00:00Z.
pub type EpochMs = i64;

/// The file format an activity was read from, ordered by how much a file of that format
/// usually carries (used to pick the richest source among duplicates: FIT > TCX > GPX, and
/// any recording over an export's summary row).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceFormat {
    /// A row of an export's CSV summary table (Strava `activities.csv`): no recording.
    Csv,
    /// An entry of an export's JSON summary (Garmin `summarizedActivities.json`), or a
    /// JSON wellness file: no recording.
    Json,
    /// GPS Exchange Format 1.0 or 1.1.
    Gpx,
    /// Garmin Training Center XML.
    Tcx,
    /// Garmin/ANT Flexible and Interoperable Data Transfer.
    Fit,
}

impl SourceFormat {
    /// Lower-case name as stored in the tables.
    pub fn as_str(self) -> &'static str {
        match self {
            SourceFormat::Csv => "csv",
            SourceFormat::Json => "json",
            SourceFormat::Gpx => "gpx",
            SourceFormat::Tcx => "tcx",
            SourceFormat::Fit => "fit",
        }
    }

    /// Parses the stored name back.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "csv" => Some(SourceFormat::Csv),
            "json" => Some(SourceFormat::Json),
            "gpx" => Some(SourceFormat::Gpx),
            "tcx" => Some(SourceFormat::Tcx),
            "fit" => Some(SourceFormat::Fit),
            _ => None,
        }
    }
}

/// The sport of an activity, normalized across vendors' vocabularies.
///
/// FIT names its sports (`running`, `cycling`, ...), TCX has `Running`/`Biking`/`Other`, GPX
/// has a free-text `<type>` (Garmin writes `running`, Strava writes numeric codes such as `9`
/// for a run). [`Sport::normalize`] maps all of them here; what it does not know stays as
/// [`Sport::Other`] with the original word kept in the activity's `sport_raw`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sport {
    /// Running of any kind (road, trail, treadmill, track).
    Running,
    /// Cycling of any kind.
    Cycling,
    /// Walking.
    Walking,
    /// Hiking and mountaineering.
    Hiking,
    /// Swimming, pool or open water.
    Swimming,
    /// Strength training (gym, weights, body-weight work). No file maps here yet: the
    /// runner sets it (`rutscope set ID --sport strength`).
    Strength,
    /// The file names no sport, or a generic one.
    Generic,
    /// A sport rutscope does not analyze (rowing, skiing, strength training, ...).
    Other,
}

impl Sport {
    /// Name as stored in the tables.
    pub fn as_str(self) -> &'static str {
        match self {
            Sport::Running => "running",
            Sport::Cycling => "cycling",
            Sport::Walking => "walking",
            Sport::Hiking => "hiking",
            Sport::Swimming => "swimming",
            Sport::Strength => "strength",
            Sport::Generic => "generic",
            Sport::Other => "other",
        }
    }

    /// Parses a stored name back (the inverse of [`Sport::as_str`]).
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "running" => Sport::Running,
            "cycling" => Sport::Cycling,
            "walking" => Sport::Walking,
            "hiking" => Sport::Hiking,
            "swimming" => Sport::Swimming,
            "strength" => Sport::Strength,
            "generic" => Sport::Generic,
            "other" => Sport::Other,
            _ => return None,
        })
    }

    /// Maps a vendor's sport word (FIT enum name, TCX `Sport` attribute, GPX `<type>`, Strava
    /// activity type or numeric GPX code) to a sport.
    ///
    /// ```
    /// use rutscope::model::Sport;
    /// assert_eq!(Sport::normalize("running"), Sport::Running);
    /// assert_eq!(Sport::normalize("Biking"), Sport::Cycling);
    /// assert_eq!(Sport::normalize("9"), Sport::Running); // Strava's GPX code for a run
    /// assert_eq!(Sport::normalize("Trail Run"), Sport::Running);
    /// assert_eq!(Sport::normalize(""), Sport::Generic);
    /// ```
    pub fn normalize(raw: &str) -> Sport {
        let s = raw.trim().to_ascii_lowercase();
        // Strava writes its activity-type enum as a number in GPX <type>.
        match s.as_str() {
            "" | "generic" | "all" | "unknown" => return Sport::Generic,
            "1" => return Sport::Cycling,
            "9" => return Sport::Running,
            "10" => return Sport::Walking,
            "4" => return Sport::Hiking,
            "16" => return Sport::Swimming,
            "17" => return Sport::Cycling, // virtual ride
            "running" | "run" | "trail_running" | "treadmill" | "virtualrun" => {
                return Sport::Running;
            }
            "cycling" | "biking" | "ride" | "bike" | "virtualride" | "e_biking" => {
                return Sport::Cycling;
            }
            "walking" | "walk" => return Sport::Walking,
            "hiking" | "hike" | "mountaineering" => return Sport::Hiking,
            "swimming" | "swim" => return Sport::Swimming,
            _ => {}
        }
        if s.contains("run") {
            Sport::Running
        } else if s.contains("bik") || s.contains("cycl") || s.contains("ride") {
            Sport::Cycling
        } else if s.contains("walk") {
            Sport::Walking
        } else if s.contains("hik") {
            Sport::Hiking
        } else if s.contains("swim") {
            Sport::Swimming
        } else {
            Sport::Other
        }
    }

    /// Whether two activities of these sports may be the same recording (a generic activity
    /// may be anything).
    pub fn compatible(self, other: Sport) -> bool {
        self == other || self == Sport::Generic || other == Sport::Generic
    }
}

/// The recording device, as far as the file says.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Device {
    /// Manufacturer name (`garmin`, `coros`, `suunto`, ...) or the GPX/TCX creator.
    pub manufacturer: Option<String>,
    /// Product name or number (`fr945`, `Forerunner 945`, ...).
    pub product: Option<String>,
    /// Serial number, where the file has one.
    pub serial: Option<u64>,
}

/// The device's own totals for the activity (FIT session, TCX lap sums, GPX metadata), kept
/// beside what rutscope computes from the samples so the two can be compared.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct DeviceTotals {
    /// Total distance in metres.
    pub distance_m: Option<f64>,
    /// Time the timer ran (excluding pauses), seconds.
    pub timer_time_s: Option<f64>,
    /// Wall-clock time from start to end, seconds.
    pub elapsed_time_s: Option<f64>,
    /// Total ascent, metres.
    pub ascent_m: Option<f64>,
    /// Total descent, metres.
    pub descent_m: Option<f64>,
    /// Average heart rate, beats per minute.
    pub avg_hr_bpm: Option<f64>,
    /// Maximum heart rate, beats per minute.
    pub max_hr_bpm: Option<f64>,
    /// Energy, kilocalories.
    pub calories_kcal: Option<f64>,
}

/// One lap (or FIT lap message) as the device recorded it.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Lap {
    /// Start instant, UTC ms.
    pub start_ms: Option<EpochMs>,
    /// Wall-clock duration, seconds.
    pub elapsed_time_s: Option<f64>,
    /// Timer duration (excluding pauses), seconds.
    pub timer_time_s: Option<f64>,
    /// Distance, metres.
    pub distance_m: Option<f64>,
    /// Average heart rate, bpm.
    pub avg_hr_bpm: Option<f64>,
    /// Maximum heart rate, bpm.
    pub max_hr_bpm: Option<f64>,
    /// Average speed, m/s.
    pub avg_speed_m_s: Option<f64>,
    /// Ascent, metres.
    pub ascent_m: Option<f64>,
    /// What ended the lap (`manual`, `distance`, `time`, ...), where known.
    pub trigger: Option<String>,
    /// Intensity (`active`, `rest`, `warmup`, ...), where known.
    pub intensity: Option<String>,
}

/// Elevations a runner can be at, metres: the Dead Sea shore (−430 m) to above Everest's
/// summit (8,849 m). Anything else is a sentinel, not a height: Zepp Life writes −20000 for
/// "no elevation" (held-out Quitino: a 20 km "ascent" on a 5 km run, read as a hill
/// session), so readers keep such values out.
pub const ELEVATION_RANGE_M: std::ops::RangeInclusive<f64> = -500.0..=9000.0;

/// An elevation reading if it is one ([`ELEVATION_RANGE_M`]).
pub fn elevation(m: Option<f64>) -> Option<f64> {
    m.filter(|m| ELEVATION_RANGE_M.contains(m))
}

/// Per-sample channels, column-wise. All vectors have the same length, but for the running
/// dynamics ([`Samples::ground_contact_s`] and the two after it): each of those is empty
/// when the activity has none of it, else full length (most activities have none, and a
/// column of `None`s costs 16 bytes a sample: 110 MB beside a 225 MB GPX). Read them with
/// `get`, or through [`Samples::row`].
///
/// `segment` counts pauses: it starts at 0 and increases after every timer stop/start (FIT
/// events), every new GPX `<trkseg>`/`<trk>` and every TCX `<Track>`, so moving time and pause
/// detection can work without the original events.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Samples {
    /// Instant, UTC ms; `None` for untimed points (GPX without `<time>`, relative FIT clocks).
    pub t_ms: Vec<Option<EpochMs>>,
    /// Seconds since the activity's first sample; known also for FIT files with a relative
    /// clock, `None` only for untimed points.
    pub elapsed_s: Vec<Option<f64>>,
    /// Pause-separated segment number.
    pub segment: Vec<u32>,
    /// Latitude, degrees WGS84.
    pub lat: Vec<Option<f64>>,
    /// Longitude, degrees WGS84.
    pub lon: Vec<Option<f64>>,
    /// Elevation, metres (within [`ELEVATION_RANGE_M`]).
    pub elevation_m: Vec<Option<f64>>,
    /// Cumulative distance as recorded by the device, metres.
    pub distance_m: Vec<Option<f64>>,
    /// Speed as recorded by the device, m/s.
    pub speed_m_s: Vec<Option<f64>>,
    /// Heart rate, beats per minute.
    pub heart_rate_bpm: Vec<Option<f64>>,
    /// Cadence in cycles per minute as the device records it: revolutions for cycling,
    /// strides (one foot) for running; multiply by two for running steps per minute.
    pub cadence_rpm: Vec<Option<f64>>,
    /// Power, watts.
    pub power_w: Vec<Option<f64>>,
    /// Temperature, degrees Celsius.
    pub temperature_c: Vec<Option<f64>>,
    /// Ground contact time (FIT `stance_time`: a foot on the ground), seconds. Running
    /// dynamics, from a chest strap or foot pod that measures them (Garmin HRM-Run/Pro,
    /// Running Dynamics Pod) or a watch that estimates them.
    pub ground_contact_s: Vec<Option<f64>>,
    /// Vertical oscillation (the torso's bounce in a step), metres.
    pub vertical_oscillation_m: Vec<Option<f64>>,
    /// Step length (one foot strike to the next), metres.
    pub step_length_m: Vec<Option<f64>>,
}

/// One sample, row-wise, used only while building [`Samples`].
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct SampleRow {
    /// See [`Samples::t_ms`].
    pub t_ms: Option<EpochMs>,
    /// See [`Samples::segment`].
    pub segment: u32,
    /// See [`Samples::lat`].
    pub lat: Option<f64>,
    /// See [`Samples::lon`].
    pub lon: Option<f64>,
    /// See [`Samples::elevation_m`].
    pub elevation_m: Option<f64>,
    /// See [`Samples::distance_m`].
    pub distance_m: Option<f64>,
    /// See [`Samples::speed_m_s`].
    pub speed_m_s: Option<f64>,
    /// See [`Samples::heart_rate_bpm`].
    pub heart_rate_bpm: Option<f64>,
    /// See [`Samples::cadence_rpm`].
    pub cadence_rpm: Option<f64>,
    /// See [`Samples::power_w`].
    pub power_w: Option<f64>,
    /// See [`Samples::temperature_c`].
    pub temperature_c: Option<f64>,
    /// See [`Samples::ground_contact_s`].
    pub ground_contact_s: Option<f64>,
    /// See [`Samples::vertical_oscillation_m`].
    pub vertical_oscillation_m: Option<f64>,
    /// See [`Samples::step_length_m`].
    pub step_length_m: Option<f64>,
}

/// Share of backward time steps that makes a track reversed (see
/// [`Samples::reverse_if_backwards`]).
pub const REVERSED_SHARE: f64 = 0.9;
/// Time steps a track needs before it is judged reversed.
pub const REVERSED_MIN_STEPS: usize = 10;

impl Samples {
    /// Number of samples.
    pub fn len(&self) -> usize {
        self.segment.len()
    }

    /// Whether there are no samples.
    pub fn is_empty(&self) -> bool {
        self.segment.is_empty()
    }

    /// Appends one row. `elapsed_s` is filled by [`Samples::finish_elapsed`].
    pub fn push(&mut self, r: SampleRow) {
        let n = self.t_ms.len();
        self.t_ms.push(r.t_ms);
        self.elapsed_s.push(None);
        self.segment.push(r.segment);
        self.lat.push(r.lat);
        self.lon.push(r.lon);
        self.elevation_m.push(r.elevation_m);
        self.distance_m.push(r.distance_m);
        self.speed_m_s.push(r.speed_m_s);
        self.heart_rate_bpm.push(r.heart_rate_bpm);
        self.cadence_rpm.push(r.cadence_rpm);
        self.power_w.push(r.power_w);
        self.temperature_c.push(r.temperature_c);
        self.push_dynamics(n, &r);
    }

    /// Appends the running dynamics of `r` to columns that hold `n` rows before it: a
    /// column stays empty until its first value (see [`Samples`]).
    fn push_dynamics(&mut self, n: usize, r: &SampleRow) {
        for (col, v) in [
            (&mut self.ground_contact_s, r.ground_contact_s),
            (&mut self.vertical_oscillation_m, r.vertical_oscillation_m),
            (&mut self.step_length_m, r.step_length_m),
        ] {
            push_sparse_value(col, n, v);
        }
    }

    /// Appends one row like [`Samples::push`], leaving a channel that has had no value yet
    /// empty rather than full of `None`: each channel column is then empty or full length.
    /// [`Samples::fill_absent`] restores full columns. An XML reader pushes this way, so that
    /// a big file's bytes are never in memory beside the `None`s of the channels it lacks
    /// (16 bytes a point each: a 225 MB GPX of positions only had 210 MiB of them).
    pub fn push_sparse(&mut self, r: SampleRow) {
        let n = self.t_ms.len();
        self.t_ms.push(r.t_ms);
        self.elapsed_s.push(None);
        self.segment.push(r.segment);
        for (col, v) in [
            (&mut self.lat, r.lat),
            (&mut self.lon, r.lon),
            (&mut self.elevation_m, r.elevation_m),
            (&mut self.distance_m, r.distance_m),
            (&mut self.speed_m_s, r.speed_m_s),
            (&mut self.heart_rate_bpm, r.heart_rate_bpm),
            (&mut self.cadence_rpm, r.cadence_rpm),
            (&mut self.power_w, r.power_w),
            (&mut self.temperature_c, r.temperature_c),
        ] {
            push_sparse_value(col, n, v);
        }
        self.push_dynamics(n, &r);
    }

    /// Fills the channel columns [`Samples::push_sparse`] left empty with `None` (the
    /// running dynamics stay empty when absent: see [`Samples`]).
    pub fn fill_absent(&mut self) {
        let n = self.len();
        for col in [
            &mut self.lat,
            &mut self.lon,
            &mut self.elevation_m,
            &mut self.distance_m,
            &mut self.speed_m_s,
            &mut self.heart_rate_bpm,
            &mut self.cadence_rpm,
            &mut self.power_w,
            &mut self.temperature_c,
        ] {
            col.resize(n, None);
        }
    }

    /// Row `i` (panics when out of range, like slice indexing).
    pub fn row(&self, i: usize) -> SampleRow {
        SampleRow {
            t_ms: self.t_ms[i],
            segment: self.segment[i],
            lat: self.lat[i],
            lon: self.lon[i],
            elevation_m: self.elevation_m[i],
            distance_m: self.distance_m[i],
            speed_m_s: self.speed_m_s[i],
            heart_rate_bpm: self.heart_rate_bpm[i],
            cadence_rpm: self.cadence_rpm[i],
            power_w: self.power_w[i],
            temperature_c: self.temperature_c[i],
            ground_contact_s: self.ground_contact_s.get(i).copied().flatten(),
            vertical_oscillation_m: self.vertical_oscillation_m.get(i).copied().flatten(),
            step_length_m: self.step_length_m.get(i).copied().flatten(),
        }
    }

    /// Puts samples recorded (or exported) in reverse time order back in time order: when
    /// at least [`REVERSED_SHARE`] of the changes of time between timed samples go
    /// backwards (over at least [`REVERSED_MIN_STEPS`] of them), every channel is reversed
    /// and the segment numbers renumbered from 0. A few backward steps (a clock correction)
    /// are left alone: those intervals just count no time. Returns whether it reversed.
    pub fn reverse_if_backwards(&mut self) -> bool {
        // Counted in one pass over the timed samples, not over a copy of their times: a
        // file's parse calls this while the file is still in memory beside its samples.
        let (mut steps, mut back) = (0usize, 0usize);
        let mut prev: Option<EpochMs> = None;
        for &t in self.t_ms.iter().flatten() {
            if let Some(p) = prev {
                steps += usize::from(t != p);
                back += usize::from(t < p);
            }
            prev = Some(t);
        }
        if steps < REVERSED_MIN_STEPS || (back as f64) < REVERSED_SHARE * steps as f64 {
            return false;
        }
        self.t_ms.reverse();
        self.elapsed_s.reverse();
        self.lat.reverse();
        self.lon.reverse();
        self.elevation_m.reverse();
        self.distance_m.reverse();
        self.speed_m_s.reverse();
        self.heart_rate_bpm.reverse();
        self.cadence_rpm.reverse();
        self.power_w.reverse();
        self.temperature_c.reverse();
        self.ground_contact_s.reverse();
        self.vertical_oscillation_m.reverse();
        self.step_length_m.reverse();
        self.segment.reverse();
        let top = self.segment.first().copied().unwrap_or(0);
        for s in &mut self.segment {
            *s = top - *s;
        }
        true
    }

    /// Fills `elapsed_s` from `t_ms` relative to the first timed sample.
    pub fn finish_elapsed(&mut self) {
        let t0 = self.t_ms.iter().flatten().next().copied();
        for (e, t) in self.elapsed_s.iter_mut().zip(&self.t_ms) {
            *e = match (t, t0) {
                (Some(t), Some(t0)) => Some((t - t0) as f64 / 1000.0),
                _ => None,
            };
        }
    }

    /// Which channels carry at least one value.
    pub fn channels(&self) -> Channels {
        let any = |v: &Vec<Option<f64>>| v.iter().any(Option::is_some);
        Channels {
            gps: self
                .lat
                .iter()
                .zip(&self.lon)
                .any(|(a, b)| a.is_some() && b.is_some()),
            heart_rate: any(&self.heart_rate_bpm),
            cadence: any(&self.cadence_rpm),
            power: any(&self.power_w),
            elevation: any(&self.elevation_m),
            temperature: any(&self.temperature_c),
        }
    }
}

/// Appends `v` to a sparse column that holds `n` rows before it: the column stays empty
/// until its first value, then is filled with `None` up to it and kept full length.
fn push_sparse_value(col: &mut Vec<Option<f64>>, n: usize, v: Option<f64>) {
    if v.is_some() || !col.is_empty() {
        col.resize(n, None);
        col.push(v);
    }
}

/// Which per-sample channels an activity has.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Channels {
    /// Latitude and longitude.
    pub gps: bool,
    /// Heart rate.
    pub heart_rate: bool,
    /// Cadence.
    pub cadence: bool,
    /// Power.
    pub power: bool,
    /// Elevation.
    pub elevation: bool,
    /// Temperature.
    pub temperature: bool,
}

impl Channels {
    /// How many channels are present; used to rank otherwise equal duplicate sources.
    pub fn count(self) -> u32 {
        [
            self.gps,
            self.heart_rate,
            self.cadence,
            self.power,
            self.elevation,
            self.temperature,
        ]
        .into_iter()
        .map(u32::from)
        .sum()
    }
}

/// Metadata joined from a bulk export's side file (Strava's `activities.csv`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ExportMeta {
    /// Activity name.
    pub name: Option<String>,
    /// Gear (shoe) name.
    pub gear: Option<String>,
    /// Whether the athlete flagged it as a race.
    pub race: Option<bool>,
}

/// What a runner or a service said about an activity beyond its recording: how it felt
/// (the watch's post-run questions, an export's perceived exertion), the runner's words,
/// the weather and the vendor's training effect. Every field is optional: most sources
/// carry none of them.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Annotations {
    /// Rate of perceived exertion on the 1–10 scale the watch and Strava show (Garmin
    /// stores it ×10 in FIT session field 193 `workout_rpe` and in its exports).
    pub rpe: Option<f64>,
    /// How the runner felt, 0–100 as Garmin stores it (FIT session field 192
    /// `workout_feel`): 0 very weak, 25 weak, 50 normal, 75 strong, 100 very strong.
    pub feel: Option<f64>,
    /// The activity's public description (Strava `Activity Description`).
    pub description: Option<String>,
    /// The runner's private note (Strava `Activity Private Note`).
    pub private_note: Option<String>,
    /// Air temperature during the activity, degrees Celsius, as a weather service or the
    /// export reported it (not the device's sensor, which sits on a warm wrist).
    pub weather_temperature_c: Option<f64>,
    /// The weather in words (Strava `Weather Condition`), where given.
    pub weather: Option<String>,
    /// The vendor's aerobic training effect (Garmin/Firstbeat, 0–5).
    pub aerobic_training_effect: Option<f64>,
    /// The vendor's anaerobic training effect (0–5).
    pub anaerobic_training_effect: Option<f64>,
}

impl Annotations {
    /// Fills every field this one lacks from `other` (what a richer source left unsaid).
    pub fn fill_from(&mut self, other: &Annotations) {
        fn fill<T: Clone>(a: &mut Option<T>, b: &Option<T>) {
            if a.is_none() {
                a.clone_from(b);
            }
        }
        fill(&mut self.rpe, &other.rpe);
        fill(&mut self.feel, &other.feel);
        fill(&mut self.description, &other.description);
        fill(&mut self.private_note, &other.private_note);
        fill(
            &mut self.weather_temperature_c,
            &other.weather_temperature_c,
        );
        fill(&mut self.weather, &other.weather);
        fill(
            &mut self.aerobic_training_effect,
            &other.aerobic_training_effect,
        );
        fill(
            &mut self.anaerobic_training_effect,
            &other.anaerobic_training_effect,
        );
    }
}

/// One activity as a parser returns it, before it has an id or a place in the store.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedActivity {
    /// Normalized sport.
    pub sport: Sport,
    /// The sport word as the file wrote it.
    pub sport_raw: Option<String>,
    /// Sub-sport (`trail`, `treadmill`, `road`, ...), where known.
    pub sub_sport: Option<String>,
    /// Activity name, where the file has one.
    pub name: Option<String>,
    /// Start instant; `None` when the file has no absolute time.
    pub start: Option<DateTime<Utc>>,
    /// Local time minus UTC at the start, seconds, where the file says so.
    pub utc_offset_s: Option<i32>,
    /// Recording device.
    pub device: Device,
    /// FIT `file_id` key (manufacturer, product, serial number, time created), for the second
    /// tier of deduplication.
    pub fit_file_id: Option<String>,
    /// Which session of the file this is (0 for single-activity files).
    pub index_in_file: u32,
    /// Device totals.
    pub totals: DeviceTotals,
    /// Laps.
    pub laps: Vec<Lap>,
    /// Samples, in time order.
    pub samples: Samples,
    /// Perceived effort, notes, weather (see [`Annotations`]).
    pub annotations: Annotations,
    /// Non-fatal problems met while reading (truncation, bad CRC, dropped points).
    pub warnings: Vec<String>,
}

impl ParsedActivity {
    /// An empty activity of the given sport.
    pub fn new(sport: Sport) -> Self {
        ParsedActivity {
            sport,
            sport_raw: None,
            sub_sport: None,
            name: None,
            start: None,
            utc_offset_s: None,
            device: Device::default(),
            fit_file_id: None,
            index_in_file: 0,
            totals: DeviceTotals::default(),
            laps: Vec::new(),
            samples: Samples::default(),
            annotations: Annotations::default(),
            warnings: Vec::new(),
        }
    }
}

/// An activity known from an export's summary (a Strava `activities.csv` row, a Garmin
/// `summarizedActivities.json` entry): what it was, when, how far and long, how it felt,
/// but no recording. The import joins it to the recording of the same activity when there
/// is one (the recording wins), and keeps it as a summary-only activity when there is not.
#[derive(Debug, Clone, PartialEq)]
pub struct SummaryActivity {
    /// Stable across exports of the same account: `strava:<Activity ID>`,
    /// `garmin:<activityId>`; the summary-only activity's id derives from it.
    pub key: String,
    /// The activity file the export names (Strava `Filename`, relative to the export's
    /// folder), if any.
    pub file: Option<String>,
    /// The summary as an activity without samples: sport, name, start, device totals
    /// (distance, timer = moving time, elapsed, HR, calories, ascent) and annotations.
    pub activity: ParsedActivity,
    /// Gear and race flag.
    pub meta: ExportMeta,
}

/// Where a [`WellnessDay`] came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WellnessSource {
    /// Garmin's daily summaries (`DI-Connect-Aggregator/UDSFile_*.json`).
    GarminUds,
    /// Garmin's sleep data (`DI-Connect-Wellness/*_sleepData.json`).
    GarminSleep,
    /// All-day heart rate in the watch's monitoring FIT files (`monitoring_b`).
    FitMonitoring,
}

impl WellnessSource {
    /// Name as stored.
    pub fn as_str(self) -> &'static str {
        match self {
            WellnessSource::GarminUds => "garmin_uds",
            WellnessSource::GarminSleep => "garmin_sleep",
            WellnessSource::FitMonitoring => "fit_monitoring",
        }
    }

    /// Parses a stored name back.
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "garmin_uds" => WellnessSource::GarminUds,
            "garmin_sleep" => WellnessSource::GarminSleep,
            "fit_monitoring" => WellnessSource::FitMonitoring,
            _ => return None,
        })
    }
}

/// One day's recovery figures from one source. Fields the source does not give are `None`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WellnessDay {
    /// The runner's calendar day.
    pub date: chrono::NaiveDate,
    /// Resting heart rate, bpm.
    pub resting_hr_bpm: Option<f64>,
    /// Sleep ending on this day, seconds.
    pub sleep_s: Option<f64>,
    /// Whether `sleep_s` is only the sleep window, not measured sleep stages.
    pub sleep_window_only: Option<bool>,
    /// Vendor sleep score, 0–100.
    pub sleep_score: Option<f64>,
    /// Mean stress level, 0–100.
    pub stress_avg: Option<f64>,
    /// Highest body battery, 0–100.
    pub body_battery_max: Option<f64>,
    /// Where it came from.
    pub source: WellnessSource,
}

impl WellnessDay {
    /// An empty day from `source`.
    pub fn new(date: chrono::NaiveDate, source: WellnessSource) -> Self {
        WellnessDay {
            date,
            resting_hr_bpm: None,
            sleep_s: None,
            sleep_window_only: None,
            sleep_score: None,
            stress_avg: None,
            body_battery_max: None,
            source,
        }
    }
}

/// A shoe an export lists (Strava's `shoes.csv`): what it is, for the gear the activities
/// name. Imported data, kept beside the tables (`export_gear.json`), never the journal.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ExportShoe {
    /// Its name as the activities' gear column spells it (Strava shows an unnamed shoe as
    /// "Brand Model").
    pub name: String,
    /// Brand.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub brand: Option<String>,
    /// Model.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    /// The sports the export makes it the default shoe for (Strava: `Run`, `Walk`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub default_for: Vec<String>,
}
