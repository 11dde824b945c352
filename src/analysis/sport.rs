//! One sport classification for every analysis: is an activity a run (and which kind), or
//! another sport that only adds load?
//!
//! # Why here
//! The store keeps what the file said (`sport`, normalized at import, beside `sport_raw` and
//! `sub_sport` as written); that is a fact about the file and stays in `model.rs`. Which
//! class an activity *belongs to* is a judgement — the file's word where it has a useful
//! one, else an inference from the movement — and it can change (better rules, the
//! athlete's correction) without re-importing anything. So it lives in `analysis/`, as a pure
//! function of the stored record ([`of_record`]) that the training analysis, the profile
//! estimates and the report all call: one place, one answer.
//!
//! # Rules
//! 1. **The file says** ([`Provenance::File`]): the FIT sport and sub-sport (with FIT's
//!    numeric codes, [`fit_sport_name`] and [`fit_sub_sport_name`], for values the decoder
//!    leaves unnamed — a number in a FIT file is a FIT code, not Strava's GPX code), the
//!    TCX `Sport` attribute, the GPX `<type>` (including Strava's numeric codes) and
//!    Strava's activity types. The sub-sport gives the kind of run (trail, track,
//!    treadmill/indoor, else road).
//! 2. **The file says nothing** — no sport, FIT `generic`/`all`, or TCX `Other` (TCX's only
//!    words are `Running`, `Biking` and `Other`, so `Other` just means "not those two") — and
//!    the class is inferred from the movement ([`Provenance::Inferred`] with a typed
//!    [`Why`]): see [`infer`].
//!
//! The result is plain data ([`Class`] is a plain enum with serde) so a user's correction
//! can replace it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::model::{SourceFormat, Sport};
use crate::store::records::ActivityRecord;

/// What an activity is, for the analyses.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Default,
)]
#[serde(rename_all = "snake_case")]
pub enum Class {
    /// Running of any kind; the only class that feeds the run signals.
    Running,
    /// Walking.
    Walking,
    /// Hiking and mountaineering.
    Hiking,
    /// Cycling of any kind.
    Cycling,
    /// Swimming.
    Swimming,
    /// Strength and gym training.
    Strength,
    /// Anything else (skipping rope, rowing, skiing, ...) or nothing that can be told.
    #[default]
    Other,
}

impl Class {
    /// Every class, in report order.
    pub const ALL: [Class; 7] = [
        Class::Running,
        Class::Walking,
        Class::Hiking,
        Class::Cycling,
        Class::Swimming,
        Class::Strength,
        Class::Other,
    ];
}

/// The kind of a run, from the file's sub-sport or sport word.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RunKind {
    /// Road or street, and any run the file does not qualify.
    Road,
    /// Trail.
    Trail,
    /// Track.
    Track,
    /// Treadmill or indoor.
    Treadmill,
}

/// The rule that inferred a class (for counting; [`Why`] carries the figures).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    /// [`Why::NoDistance`].
    NoDistance,
    /// [`Why::FasterThanRunning`].
    FasterThanRunning,
    /// [`Why::HeartRateTooLowForRunning`].
    HeartRateTooLowForRunning,
    /// [`Why::RunningSpeed`].
    RunningSpeed,
    /// [`Why::WalkingSpeed`].
    WalkingSpeed,
    /// [`Why::WalkingSpeedClimbing`].
    WalkingSpeedClimbing,
}

/// Why a class was inferred, with the figures the rule looked at.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "rule")]
pub enum Why {
    /// Under [`MIN_DISTANCE_M`] or no moving time: nothing moved that a run could be
    /// measured on (gym sessions, skipping rope, a watch started by mistake).
    NoDistance {
        /// Distance, metres, where known.
        distance_m: Option<f64>,
    },
    /// Moving speed above [`MAX_RUNNING_SPEED_M_S`].
    FasterThanRunning {
        /// Moving speed, m/s.
        speed_m_s: f64,
    },
    /// Running speed, but an average heart rate under [`MIN_RUNNING_AVG_HR_BPM`]: a ride at
    /// [`MAX_WALKING_SPEED_M_S`] or more, else a brisk walk or hike (by the climb).
    HeartRateTooLowForRunning {
        /// Moving speed, m/s.
        speed_m_s: f64,
        /// Average heart rate, bpm.
        avg_hr_bpm: f64,
        /// Ascent per kilometre, metres.
        climb_m_per_km: f64,
    },
    /// Moving speed at or above [`WALK_RUN_SPEED_M_S`] and within running's range.
    RunningSpeed {
        /// Moving speed, m/s.
        speed_m_s: f64,
    },
    /// Moving speed under [`WALK_RUN_SPEED_M_S`] on flat ground.
    WalkingSpeed {
        /// Moving speed, m/s.
        speed_m_s: f64,
    },
    /// Moving speed under [`WALK_RUN_SPEED_M_S`] climbing at least [`HIKE_CLIMB_M_PER_KM`].
    WalkingSpeedClimbing {
        /// Moving speed, m/s.
        speed_m_s: f64,
        /// Ascent per kilometre, metres.
        climb_m_per_km: f64,
    },
}

impl Why {
    /// The class the rule gives.
    pub fn class(&self) -> Class {
        match *self {
            Why::NoDistance { .. } => Class::Other,
            Why::FasterThanRunning { .. } => Class::Cycling,
            Why::HeartRateTooLowForRunning {
                speed_m_s,
                climb_m_per_km,
                ..
            } => {
                if speed_m_s >= MAX_WALKING_SPEED_M_S {
                    Class::Cycling
                } else if climb_m_per_km >= HIKE_CLIMB_M_PER_KM {
                    Class::Hiking
                } else {
                    Class::Walking
                }
            }
            Why::RunningSpeed { .. } => Class::Running,
            Why::WalkingSpeed { .. } => Class::Walking,
            Why::WalkingSpeedClimbing { .. } => Class::Hiking,
        }
    }

    /// The rule, without its figures.
    pub fn rule(&self) -> Rule {
        match self {
            Why::NoDistance { .. } => Rule::NoDistance,
            Why::FasterThanRunning { .. } => Rule::FasterThanRunning,
            Why::HeartRateTooLowForRunning { .. } => Rule::HeartRateTooLowForRunning,
            Why::RunningSpeed { .. } => Rule::RunningSpeed,
            Why::WalkingSpeed { .. } => Rule::WalkingSpeed,
            Why::WalkingSpeedClimbing { .. } => Rule::WalkingSpeedClimbing,
        }
    }
}

/// Where a class comes from.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Provenance {
    /// Set by the runner (`rutscope set ID --sport ...`).
    Set,
    /// The file names the sport.
    File,
    /// Inferred from the movement.
    Inferred {
        /// The rule and its figures.
        why: Why,
    },
}

/// An activity's class, its kind of run and where they come from.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Classification {
    /// The class.
    pub class: Class,
    /// For runs, the kind.
    pub run_kind: Option<RunKind>,
    /// Where it comes from.
    pub provenance: Provenance,
}

impl Classification {
    /// Whether it is a run.
    pub fn is_running(&self) -> bool {
        self.class == Class::Running
    }
}

/// What the file says about the sport.
#[derive(Debug, Clone, Copy)]
pub struct FileSport<'a> {
    /// The format, which decides how a numeric code reads (FIT's table or Strava's).
    pub format: SourceFormat,
    /// The sport word as written (`sport_raw`).
    pub raw: Option<&'a str>,
    /// The sub-sport as written.
    pub sub: Option<&'a str>,
}

/// The movement figures inference looks at.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Movement {
    /// Metres.
    pub distance_m: Option<f64>,
    /// Seconds in motion.
    pub moving_time_s: Option<f64>,
    /// Average heart rate, bpm.
    pub avg_hr_bpm: Option<f64>,
    /// Metres climbed.
    pub ascent_m: Option<f64>,
}

/// Under this distance nothing moved that a run could be measured on: 100 m is less than a
/// minute of the slowest jog, and GPS drift of a watch lying still adds up to tens of metres.
pub const MIN_DISTANCE_M: f64 = 100.0;
/// The walk–run transition speed: people switch from walking to running at about 2.0 m/s
/// (7.2 km/h; Hreljac 1993, "Preferred and energetically optimal gait transition speeds in
/// human locomotion", Med Sci Sports Exerc 25:1158, 2.06 m/s; Diedrich & Warren 1995,
/// 2.0 m/s). A steady moving average below it is a walk; at or above it, a run.
pub const WALK_RUN_SPEED_M_S: f64 = 2.0;
/// Faster on average than this over a whole activity is not running: 6.4 m/s is the 10 km
/// world record's pace (26:11, 6.37 m/s); no recorded training run of minutes averages more,
/// while a ride easily does.
pub const MAX_RUNNING_SPEED_M_S: f64 = 6.4;
/// Running at 2 m/s or more costs about 60 % of maximum heart rate or more (an easy run is
/// 65–79 % of max HR in Daniels' *Running Formula*; 60 % of a max of 200 is 120 bpm), while
/// riding at running speed costs little: an average under 120 bpm at running speed is a
/// ride. None of the 1,600 labelled runs of the corpus' real histories averages under it.
pub const MIN_RUNNING_AVG_HR_BPM: f64 = 120.0;
/// The fastest walking: healthy adults' maximum walking speed is about 2.5 m/s (men in
/// their twenties 2.53 m/s; Bohannon 1997, "Comfortable and maximum walking speed of adults
/// aged 20–79 years", Age Ageing 26:15), while a ride under 9 km/h hardly keeps its balance.
/// At running speed with a walker's heart rate, slower than this is a brisk walk or hike,
/// faster a ride.
pub const MAX_WALKING_SPEED_M_S: f64 = 2.5;
/// A walk climbing at least this much per kilometre (2 % average grade, hilly terrain
/// rather than streets) is a hike.
pub const HIKE_CLIMB_M_PER_KM: f64 = 20.0;

/// The class of a stored activity: the runner's where they set a sport, else by its file's
/// word, else inferred from its computed figures (distance and moving time from the
/// samples, else the device's totals).
///
/// A correction replaces the record's `sport` and leaves `sport_raw` as imported, so a
/// `sport` other than the one the import derives from `sport_raw` is the runner's.
pub fn of_record(a: &ActivityRecord) -> Classification {
    let imported = a
        .sport_raw
        .as_deref()
        .map(Sport::normalize)
        .unwrap_or(Sport::Generic);
    let movement = Movement {
        distance_m: a.computed.distance_m.or(a.device_totals.distance_m),
        moving_time_s: a.computed.moving_time_s.or(a.device_totals.timer_time_s),
        avg_hr_bpm: a.computed.avg_hr_bpm.or(a.device_totals.avg_hr_bpm),
        ascent_m: a.computed.ascent_m.or(a.device_totals.ascent_m),
    };
    if a.sport != imported {
        // Set to generic: the file's word is wrong, the movement decides.
        return of_set_sport(a.sport, a.sub_sport.as_deref())
            .unwrap_or_else(|| inferred(infer(movement)));
    }
    classify(
        FileSport {
            format: a.source_format,
            raw: a.sport_raw.as_deref(),
            sub: a.sub_sport.as_deref(),
        },
        movement,
    )
}

/// The class of a sport the runner set (`None` for `generic`: they ask for inference). A run
/// keeps the kind the file's sub-sport gives, else road.
pub fn of_set_sport(sport: Sport, sub: Option<&str>) -> Option<Classification> {
    let class = match sport {
        Sport::Running => Class::Running,
        Sport::Cycling => Class::Cycling,
        Sport::Walking => Class::Walking,
        Sport::Hiking => Class::Hiking,
        Sport::Swimming => Class::Swimming,
        Sport::Strength => Class::Strength,
        Sport::Other => Class::Other,
        Sport::Generic => return None,
    };
    let run_kind = (class == Class::Running).then(|| {
        sub.map(|s| s.to_ascii_lowercase())
            .as_deref()
            .and_then(run_kind_of_word)
            .unwrap_or(RunKind::Road)
    });
    Some(Classification {
        class,
        run_kind,
        provenance: Provenance::Set,
    })
}

/// The class: by the file where it says ([`from_file`]), else [`infer`]red.
///
/// # Examples
/// ```
/// use rutscope::analysis::sport::{classify, Class, FileSport, Movement, Provenance, RunKind};
/// use rutscope::model::SourceFormat;
/// let file = FileSport { format: SourceFormat::Fit, raw: Some("running"), sub: Some("trail") };
/// let c = classify(file, Movement::default());
/// assert_eq!((c.class, c.run_kind, c.provenance), (Class::Running, Some(RunKind::Trail), Provenance::File));
/// // An untyped GPX track at 3 m/s is a run, inferred.
/// let gpx = FileSport { format: SourceFormat::Gpx, raw: None, sub: None };
/// let m = Movement { distance_m: Some(9000.0), moving_time_s: Some(3000.0), ..Movement::default() };
/// assert!(matches!(classify(gpx, m).provenance, Provenance::Inferred { .. }));
/// ```
pub fn classify(file: FileSport<'_>, movement: Movement) -> Classification {
    match from_file(file) {
        Some((class, run_kind)) => Classification {
            class,
            run_kind,
            provenance: Provenance::File,
        },
        None => inferred(infer(movement)),
    }
}

/// The classification an inference gives (a run inferred from movement is a road run).
fn inferred(why: Why) -> Classification {
    let class = why.class();
    Classification {
        class,
        run_kind: (class == Class::Running).then_some(RunKind::Road),
        provenance: Provenance::Inferred { why },
    }
}

/// Infers the class from the movement, in this order:
/// 1. under [`MIN_DISTANCE_M`] or without moving time: [`Why::NoDistance`] (other);
/// 2. moving speed above [`MAX_RUNNING_SPEED_M_S`]: [`Why::FasterThanRunning`] (cycling);
/// 3. at or above [`WALK_RUN_SPEED_M_S`]: with an average heart rate under
///    [`MIN_RUNNING_AVG_HR_BPM`] [`Why::HeartRateTooLowForRunning`] (cycling at
///    [`MAX_WALKING_SPEED_M_S`] or more, else a brisk walk or hike), else
///    [`Why::RunningSpeed`] (running; without heart rate speed decides);
/// 4. below it: [`Why::WalkingSpeedClimbing`] (hiking) when climbing at least
///    [`HIKE_CLIMB_M_PER_KM`], else [`Why::WalkingSpeed`] (walking).
///
/// Speed alone cannot tell a slow ride from a run: without heart rate, a ride at 12 km/h
/// reads as a run (the athlete's correction fixes it).
pub fn infer(m: Movement) -> Why {
    let (Some(d), Some(t)) = (m.distance_m, m.moving_time_s) else {
        return Why::NoDistance {
            distance_m: m.distance_m,
        };
    };
    if d < MIN_DISTANCE_M || t <= 0.0 {
        return Why::NoDistance {
            distance_m: Some(d),
        };
    }
    let v = d / t;
    if v > MAX_RUNNING_SPEED_M_S {
        return Why::FasterThanRunning { speed_m_s: v };
    }
    let climb = m.ascent_m.unwrap_or(0.0) / d * 1000.0;
    if v >= WALK_RUN_SPEED_M_S {
        return match m.avg_hr_bpm {
            Some(hr) if hr > 0.0 && hr < MIN_RUNNING_AVG_HR_BPM => Why::HeartRateTooLowForRunning {
                speed_m_s: v,
                avg_hr_bpm: hr,
                climb_m_per_km: climb,
            },
            _ => Why::RunningSpeed { speed_m_s: v },
        };
    }
    if climb >= HIKE_CLIMB_M_PER_KM {
        Why::WalkingSpeedClimbing {
            speed_m_s: v,
            climb_m_per_km: climb,
        }
    } else {
        Why::WalkingSpeed { speed_m_s: v }
    }
}

/// The class the file's words give, or `None` when they say nothing useful (no sport,
/// `generic`, `all`, TCX `Other`).
pub fn from_file(file: FileSport<'_>) -> Option<(Class, Option<RunKind>)> {
    let lower = |s: &str| s.trim().to_ascii_lowercase();
    let numeric = |s: &str| s.parse::<u32>().ok();
    let sub = file.sub.map(|s| match (file.format, numeric(s)) {
        (SourceFormat::Fit, Some(n)) => fit_sub_sport_name(n).map_or(lower(s), str::to_string),
        _ => lower(s),
    });
    let raw = file.raw.map(|s| match (file.format, numeric(s)) {
        // A number in a FIT file is FIT's sport code; in a GPX `<type>` it is Strava's.
        (SourceFormat::Fit, Some(n)) => fit_sport_name(n).map_or(lower(s), str::to_string),
        _ => lower(s),
    });
    let sub = sub.as_deref().filter(|s| !s.is_empty() && *s != "generic");
    // The sub-sport decides where it names the activity whatever the sport says.
    if let Some(class) = sub.and_then(class_of_sub_sport) {
        return Some(class);
    }
    let raw = raw.as_deref().unwrap_or("");
    let class = match raw {
        "" | "generic" | "all" | "unknown" => return None,
        // TCX's Sport is Running, Biking or Other: Other is "neither", not a sport.
        "other" if file.format == SourceFormat::Tcx => return None,
        "training" | "weighttraining" | "weight_training" | "weight training"
        | "strength_training" | "crossfit" => match sub {
            None | Some("strength_training") => Class::Strength,
            Some(_) => Class::Other,
        },
        "fitness_equipment" => Class::Other,
        "snowshoeing" => Class::Hiking,
        _ => match Sport::normalize(raw) {
            Sport::Running => Class::Running,
            Sport::Cycling => Class::Cycling,
            Sport::Walking => Class::Walking,
            Sport::Hiking => Class::Hiking,
            Sport::Swimming => Class::Swimming,
            Sport::Strength => Class::Strength,
            Sport::Generic => return None,
            Sport::Other => Class::Other,
        },
    };
    let kind = (class == Class::Running).then(|| {
        sub.and_then(run_kind_of_word)
            .or_else(|| run_kind_of_word(raw))
            .unwrap_or(RunKind::Road)
    });
    Some((class, kind))
}

/// A sub-sport that names the class (and the kind of run) by itself.
fn class_of_sub_sport(sub: &str) -> Option<(Class, Option<RunKind>)> {
    // Virtual rides and virtual runs share this sub-sport: the sport decides.
    if sub == "virtual_activity" {
        return None;
    }
    if let Some(kind) = run_kind_of_word(sub).filter(|_| !sub.contains("cycl")) {
        return Some((Class::Running, Some(kind)));
    }
    Some(match sub {
        "street" | "road_running" => (Class::Running, Some(RunKind::Road)),
        "ultra" | "obstacle" => (Class::Running, Some(RunKind::Trail)),
        "strength_training" => (Class::Strength, None),
        "lap_swimming" | "open_water" => (Class::Swimming, None),
        "spin" | "indoor_cycling" | "mountain" | "downhill" | "recumbent" | "cyclocross"
        | "hand_cycling" | "track_cycling" | "bmx" | "gravel_cycling" | "e_bike_mountain"
        | "e_bike_fitness" => (Class::Cycling, None),
        "indoor_walking" | "casual_walking" | "speed_walking" => (Class::Walking, None),
        _ => return None,
    })
}

/// The kind of run a word names (`trail`, `track`, `treadmill`, `indoor_running`,
/// `virtual_activity`, Strava's `TrailRun`, `VirtualRun`).
fn run_kind_of_word(w: &str) -> Option<RunKind> {
    if w.contains("trail") {
        Some(RunKind::Trail)
    } else if w == "track" || w.contains("track_run") {
        Some(RunKind::Track)
    } else if w.contains("treadmill") || w.contains("indoor_run") || w.contains("virtual") {
        Some(RunKind::Treadmill)
    } else {
        None
    }
}

/// FIT profile `sport` names for the codes this module acts on (FIT SDK `Profile.xlsx`,
/// type `sport`); others stay numbers and classify as other.
pub fn fit_sport_name(code: u32) -> Option<&'static str> {
    Some(match code {
        0 => "generic",
        1 => "running",
        2 => "cycling",
        4 => "fitness_equipment",
        5 => "swimming",
        10 => "training",
        11 => "walking",
        16 => "mountaineering",
        17 => "hiking",
        21 => "e_biking",
        35 => "snowshoeing",
        254 => "all",
        _ => return None,
    })
}

/// FIT profile `sub_sport` names for the codes this module acts on (FIT SDK `Profile.xlsx`,
/// type `sub_sport`).
pub fn fit_sub_sport_name(code: u32) -> Option<&'static str> {
    Some(match code {
        0 => "generic",
        1 => "treadmill",
        2 => "street",
        3 => "trail",
        4 => "track",
        5 => "spin",
        6 => "indoor_cycling",
        7 => "road",
        8 => "mountain",
        17 => "lap_swimming",
        18 => "open_water",
        20 => "strength_training",
        27 => "indoor_walking",
        30 => "casual_walking",
        31 => "speed_walking",
        45 => "indoor_running",
        46 => "gravel_cycling",
        58 => "virtual_activity",
        67 => "ultra",
        _ => return None,
    })
}

/// Another sport's share of a range: how many activities, their moving time and distance.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct CrossTraining {
    /// The class (never running).
    pub class: Class,
    /// Activities.
    pub count: u32,
    /// Moving time, seconds.
    pub moving_time_s: f64,
    /// Distance, metres.
    pub distance_m: f64,
}

/// Sums activities of other classes than running into one [`CrossTraining`] per class, in
/// [`Class::ALL`] order; running is left out.
pub fn cross_training(items: impl IntoIterator<Item = (Class, f64, f64)>) -> Vec<CrossTraining> {
    let mut by: BTreeMap<Class, CrossTraining> = BTreeMap::new();
    for (class, moving_time_s, distance_m) in items {
        if class == Class::Running {
            continue;
        }
        let e = by.entry(class).or_insert(CrossTraining {
            class,
            count: 0,
            moving_time_s: 0.0,
            distance_m: 0.0,
        });
        e.count += 1;
        e.moving_time_s += moving_time_s;
        e.distance_m += distance_m;
    }
    by.into_values().collect()
}

/// Examples kept per group of [`ClassGroup`].
pub const EXAMPLES: usize = 3;

/// Activities of one class that got it the same way (the file, or one inference rule): the
/// data section lists what was not counted as a run, and which runs were only inferred.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClassGroup {
    /// The class.
    pub class: Class,
    /// `None`: the file said (or the runner set it, see [`ClassGroup::set`]); else the rule
    /// that inferred it.
    pub rule: Option<Rule>,
    /// Whether the runner set it.
    pub set: bool,
    /// Activities.
    pub count: u32,
    /// The first [`EXAMPLES`] activity ids, in the order given.
    pub examples: Vec<String>,
}

/// Groups classified activities by class and provenance, in class then rule order (the
/// file's word first).
pub fn groups<'a>(items: impl IntoIterator<Item = (&'a str, Classification)>) -> Vec<ClassGroup> {
    let mut by: BTreeMap<(Class, Option<Rule>, bool), ClassGroup> = BTreeMap::new();
    for (id, c) in items {
        let rule = match c.provenance {
            Provenance::File | Provenance::Set => None,
            Provenance::Inferred { why } => Some(why.rule()),
        };
        let set = c.provenance == Provenance::Set;
        let g = by.entry((c.class, rule, set)).or_insert(ClassGroup {
            class: c.class,
            rule,
            set,
            count: 0,
            examples: Vec::new(),
        });
        g.count += 1;
        if g.examples.len() < EXAMPLES {
            g.examples.push(id.to_string());
        }
    }
    by.into_values().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(
        format: SourceFormat,
        raw: Option<&'static str>,
        sub: Option<&'static str>,
    ) -> FileSport<'static> {
        FileSport { format, raw, sub }
    }
    fn fit(raw: &'static str, sub: Option<&'static str>) -> Option<(Class, Option<RunKind>)> {
        from_file(file(SourceFormat::Fit, Some(raw), sub))
    }
    fn moving(km: f64, min: f64, hr: Option<f64>, ascent: Option<f64>) -> Movement {
        Movement {
            distance_m: Some(km * 1000.0),
            moving_time_s: Some(min * 60.0),
            avg_hr_bpm: hr,
            ascent_m: ascent,
        }
    }

    #[test]
    fn fit_sports_and_run_kinds() {
        use RunKind::*;
        assert_eq!(fit("running", None), Some((Class::Running, Some(Road))));
        assert_eq!(
            fit("running", Some("trail")),
            Some((Class::Running, Some(Trail)))
        );
        assert_eq!(
            fit("running", Some("track")),
            Some((Class::Running, Some(Track)))
        );
        assert_eq!(
            fit("running", Some("indoor_running")),
            Some((Class::Running, Some(Treadmill)))
        );
        assert_eq!(
            fit("running", Some("treadmill")),
            Some((Class::Running, Some(Treadmill)))
        );
        assert_eq!(
            fit("running", Some("street")),
            Some((Class::Running, Some(Road)))
        );
        assert_eq!(fit("cycling", Some("road")), Some((Class::Cycling, None)));
        assert_eq!(
            fit("cycling", Some("track_cycling")),
            Some((Class::Cycling, None))
        );
        assert_eq!(fit("hiking", None), Some((Class::Hiking, None)));
        assert_eq!(fit("walking", None), Some((Class::Walking, None)));
        assert_eq!(
            fit("swimming", Some("lap_swimming")),
            Some((Class::Swimming, None))
        );
        assert_eq!(
            fit("training", Some("strength_training")),
            Some((Class::Strength, None))
        );
        assert_eq!(fit("training", None), Some((Class::Strength, None)));
        assert_eq!(fit("training", Some("yoga")), Some((Class::Other, None)));
        assert_eq!(fit("jump_rope", None), Some((Class::Other, None)));
        assert_eq!(
            fit("fitness_equipment", Some("treadmill")),
            Some((Class::Running, Some(Treadmill)))
        );
        assert_eq!(
            fit("fitness_equipment", Some("elliptical")),
            Some((Class::Other, None))
        );
        // The file says nothing: inference decides.
        assert_eq!(fit("generic", None), None);
        assert_eq!(fit("all", None), None);
        assert_eq!(from_file(file(SourceFormat::Fit, None, None)), None);
        // ... unless the sub-sport names it.
        assert_eq!(
            fit("generic", Some("indoor_running")),
            Some((Class::Running, Some(Treadmill)))
        );
        // A virtual ride is a ride, a virtual run a treadmill run.
        assert_eq!(
            fit("cycling", Some("virtual_activity")),
            Some((Class::Cycling, None))
        );
        assert_eq!(
            fit("running", Some("virtual_activity")),
            Some((Class::Running, Some(Treadmill)))
        );
    }

    #[test]
    fn fit_numeric_codes_are_fits_not_stravas() {
        // FIT sport 4 is fitness equipment (Strava's GPX 4 is a hike); 17 is hiking.
        assert_eq!(
            fit("4", Some("1")),
            Some((Class::Running, Some(RunKind::Treadmill)))
        );
        assert_eq!(fit("17", None), Some((Class::Hiking, None)));
        assert_eq!(
            fit("1", Some("3")),
            Some((Class::Running, Some(RunKind::Trail)))
        );
        assert_eq!(fit("10", Some("20")), Some((Class::Strength, None)));
        assert_eq!(fit("0", None), None);
        // An unknown code is a sport the file names, not one we know.
        assert_eq!(fit("99", None), Some((Class::Other, None)));
        // In a GPX <type> numbers are Strava's.
        let gpx = |raw| from_file(file(SourceFormat::Gpx, Some(raw), None));
        assert_eq!(gpx("4"), Some((Class::Hiking, None)));
        assert_eq!(gpx("9"), Some((Class::Running, Some(RunKind::Road))));
        assert_eq!(gpx("1"), Some((Class::Cycling, None)));
    }

    #[test]
    fn tcx_gpx_and_strava_words() {
        let tcx = |raw| from_file(file(SourceFormat::Tcx, Some(raw), None));
        assert_eq!(tcx("Running"), Some((Class::Running, Some(RunKind::Road))));
        assert_eq!(tcx("Biking"), Some((Class::Cycling, None)));
        assert_eq!(
            tcx("Other"),
            None,
            "TCX Other says only: not running, not biking"
        );
        let gpx = |raw| from_file(file(SourceFormat::Gpx, Some(raw), None));
        assert_eq!(gpx("mountaineering"), Some((Class::Hiking, None)));
        assert_eq!(
            gpx("TrailRun"),
            Some((Class::Running, Some(RunKind::Trail)))
        );
        assert_eq!(
            gpx("VirtualRun"),
            Some((Class::Running, Some(RunKind::Treadmill)))
        );
        assert_eq!(gpx("Ride"), Some((Class::Cycling, None)));
        assert_eq!(gpx("WeightTraining"), Some((Class::Strength, None)));
        // Strava's activities.csv spells its types with spaces.
        assert_eq!(gpx("Weight Training"), Some((Class::Strength, None)));
        assert_eq!(gpx("Crossfit"), Some((Class::Strength, None)));
        assert_eq!(gpx("Rowing"), Some((Class::Other, None)));
        assert_eq!(
            gpx("other"),
            Some((Class::Other, None)),
            "a GPX word is a word"
        );
        assert_eq!(gpx(""), None);
    }

    #[test]
    fn inference_rules_in_order() {
        // Nothing moved.
        assert_eq!(
            infer(Movement::default()),
            Why::NoDistance { distance_m: None }
        );
        assert!(matches!(
            infer(moving(0.05, 30.0, Some(140.0), None)),
            Why::NoDistance { .. }
        ));
        assert!(matches!(
            infer(moving(1.0, 0.0, None, None)),
            Why::NoDistance { .. }
        ));
        // 10 km in 20 min (8.3 m/s): a ride.
        assert!(matches!(
            infer(moving(10.0, 20.0, None, None)),
            Why::FasterThanRunning { .. }
        ));
        // 6.6 km in 20 min at 100 bpm: a ride at running speed.
        let ride = infer(moving(6.6, 20.0, Some(100.0), None));
        assert!(matches!(ride, Why::HeartRateTooLowForRunning { .. }));
        assert_eq!(ride.class(), Class::Cycling);
        // 15 km in 2 h (2.1 m/s) at 101 bpm: a brisk hike when it climbs, a walk on the flat.
        let hike = infer(moving(15.0, 120.0, Some(101.0), Some(600.0)));
        assert!(matches!(hike, Why::HeartRateTooLowForRunning { .. }));
        assert_eq!(hike.class(), Class::Hiking);
        assert_eq!(
            infer(moving(15.0, 120.0, Some(101.0), None)).class(),
            Class::Walking
        );
        // 10 km in 55 min, no heart rate or 150 bpm: a run.
        assert!(matches!(
            infer(moving(10.0, 55.0, None, None)),
            Why::RunningSpeed { .. }
        ));
        assert!(matches!(
            infer(moving(10.0, 55.0, Some(150.0), None)),
            Why::RunningSpeed { .. }
        ));
        // 4 km/h on the flat: a walk; climbing 50 m/km: a hike.
        assert!(matches!(
            infer(moving(4.0, 60.0, Some(100.0), Some(10.0))),
            Why::WalkingSpeed { .. }
        ));
        assert!(matches!(
            infer(moving(4.0, 60.0, None, None)),
            Why::WalkingSpeed { .. }
        ));
        let Why::WalkingSpeedClimbing { climb_m_per_km, .. } =
            infer(moving(4.0, 60.0, None, Some(200.0)))
        else {
            panic!("a hike");
        };
        assert!((climb_m_per_km - 50.0).abs() < 1e-9);
    }

    #[test]
    fn inference_edges() {
        // Exactly the transition speed is running; exactly the minimum heart rate too.
        // 1000 s, so that distance / time gives back exactly `v`.
        let at = |v: f64, hr| Movement {
            distance_m: Some(v * 1000.0),
            moving_time_s: Some(1000.0),
            avg_hr_bpm: hr,
            ascent_m: None,
        };
        assert!(matches!(
            infer(at(WALK_RUN_SPEED_M_S, None)),
            Why::RunningSpeed { .. }
        ));
        assert!(matches!(
            infer(at(WALK_RUN_SPEED_M_S - 0.01, None)),
            Why::WalkingSpeed { .. }
        ));
        assert!(matches!(
            infer(at(3.0, Some(MIN_RUNNING_AVG_HR_BPM))),
            Why::RunningSpeed { .. }
        ));
        assert!(matches!(
            infer(at(MAX_RUNNING_SPEED_M_S, None)),
            Why::RunningSpeed { .. }
        ));
        assert!(matches!(
            infer(at(MAX_RUNNING_SPEED_M_S + 0.01, None)),
            Why::FasterThanRunning { .. }
        ));
        // A zero heart rate is no heart rate.
        assert!(matches!(
            infer(at(3.0, Some(0.0))),
            Why::RunningSpeed { .. }
        ));
        // Exactly the minimum distance counts.
        assert!(matches!(
            infer(Movement {
                distance_m: Some(MIN_DISTANCE_M),
                moving_time_s: Some(40.0),
                ..Movement::default()
            }),
            Why::RunningSpeed { .. }
        ));
    }

    #[test]
    fn classify_keeps_provenance() {
        let gpx = file(SourceFormat::Gpx, None, None);
        let c = classify(gpx, moving(10.0, 55.0, None, None));
        assert_eq!((c.class, c.run_kind), (Class::Running, Some(RunKind::Road)));
        assert!(matches!(
            c.provenance,
            Provenance::Inferred {
                why: Why::RunningSpeed { .. }
            }
        ));
        let c = classify(
            file(SourceFormat::Tcx, Some("Other"), None),
            moving(8.0, 110.0, None, Some(400.0)),
        );
        assert_eq!((c.class, c.run_kind), (Class::Hiking, None));
        let c = classify(
            file(SourceFormat::Fit, Some("all"), None),
            Movement::default(),
        );
        assert_eq!(c.class, Class::Other);
        // The file wins over the movement: a labelled run at walking speed stays a run.
        let c = classify(
            file(SourceFormat::Fit, Some("running"), None),
            moving(3.0, 60.0, None, None),
        );
        assert_eq!((c.class, c.provenance), (Class::Running, Provenance::File));
    }

    fn record(sport: Sport, raw: Option<&str>, sub: Option<&str>) -> ActivityRecord {
        use crate::ingest::summary::Computed;
        use crate::model::{Device, DeviceTotals};
        use crate::store::records::Status;
        use chrono::{TimeZone, Utc};
        ActivityRecord {
            id: "a".into(),
            status: Status::Primary,
            duplicate_of: None,
            dedup_tier: None,
            sport,
            sport_raw: raw.map(str::to_string),
            sub_sport: sub.map(str::to_string),
            name: None,
            start: Some(Utc.timestamp_opt(1_700_000_000, 0).unwrap()),
            utc_offset_s: None,
            source_path: "a.gpx".into(),
            source_format: SourceFormat::Gpx,
            source_hash: "a".into(),
            index_in_file: 0,
            fit_file_id: None,
            device: Device::default(),
            device_totals: DeviceTotals::default(),
            // 10 km in 55 min: running speed.
            computed: Computed {
                distance_m: Some(10_000.0),
                moving_time_s: Some(3300.0),
                ..Computed::default()
            },
            gear: None,
            race: None,
            annotations: Default::default(),
            summary_only: false,
            warnings: vec![],
            batch_id: "b".into(),
            imported_at: Utc.timestamp_opt(0, 0).unwrap(),
        }
    }

    #[test]
    fn a_sport_the_runner_set_wins() {
        // As imported: the file's word, else the movement.
        let c = of_record(&record(Sport::Hiking, Some("hiking"), None));
        assert_eq!((c.class, c.provenance), (Class::Hiking, Provenance::File));
        let c = of_record(&record(Sport::Generic, None, None));
        assert_eq!(c.class, Class::Running);
        assert!(matches!(c.provenance, Provenance::Inferred { .. }));
        // Corrected: the record's sport no longer follows its raw word.
        let c = of_record(&record(Sport::Cycling, None, None));
        assert_eq!((c.class, c.provenance), (Class::Cycling, Provenance::Set));
        let c = of_record(&record(Sport::Running, Some("hiking"), Some("trail")));
        assert_eq!(
            (c.class, c.run_kind, c.provenance),
            (Class::Running, Some(RunKind::Trail), Provenance::Set)
        );
        let c = of_record(&record(Sport::Strength, Some("running"), None));
        assert_eq!((c.class, c.provenance), (Class::Strength, Provenance::Set));
        // Set to generic: inferred again.
        let c = of_record(&record(Sport::Generic, Some("hiking"), None));
        assert!(matches!(c.provenance, Provenance::Inferred { .. }));
    }

    #[test]
    fn cross_training_and_groups() {
        assert!(cross_training([]).is_empty());
        let x = cross_training([
            (Class::Running, 3600.0, 10_000.0),
            (Class::Cycling, 3600.0, 20_000.0),
            (Class::Hiking, 7200.0, 8_000.0),
            (Class::Cycling, 1800.0, 10_000.0),
        ]);
        assert_eq!(x.len(), 2);
        assert_eq!((x[0].class, x[0].count), (Class::Hiking, 1));
        assert_eq!(
            (x[1].class, x[1].count, x[1].distance_m),
            (Class::Cycling, 2, 30_000.0)
        );
        let file_run = classify(
            file(SourceFormat::Fit, Some("running"), None),
            Movement::default(),
        );
        let inferred = classify(
            file(SourceFormat::Gpx, None, None),
            moving(10.0, 55.0, None, None),
        );
        let g = groups([
            ("a", file_run),
            ("b", inferred),
            ("c", inferred),
            ("d", inferred),
            ("e", inferred),
        ]);
        assert_eq!(g.len(), 2);
        assert_eq!((g[0].rule, g[0].count), (None, 1));
        assert_eq!((g[1].rule, g[1].count), (Some(Rule::RunningSpeed), 4));
        assert_eq!(g[1].examples, ["b", "c", "d"]);
    }
}
