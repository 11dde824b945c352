//! The runner's journal: `journal.json` in the store directory, holding what the runner
//! entered — per activity a sport correction, a race / not-race correction and (issue 18) a
//! note. What is entered there is never lost and wins over imported values.
//!
//! # Why a JSON file beside the tables
//! The journal is small (one entry per corrected activity), precious (it cannot be
//! re-imported from anywhere) and read whole on every analysis. A versioned JSON file is
//! readable and editable by hand, diffs in a backup, and can be copied into another store;
//! a Parquet table would need a schema migration at every new field and could not keep
//! fields it does not know. So:
//! - it is written only by `rutscope set` (and the journal commands to come), atomically
//!   (temporary file, fsync, rename), under the store's writer lock, so an import cannot
//!   interleave;
//! - the import, the facts cache and the table commit never read or write it, and the
//!   writer's orphan sweep only removes `part-*`/`gen-*` files: re-imports and cache
//!   rebuilds cannot touch it;
//! - entries are keyed by the source file's content hash and session index
//!   ([`schema::journal::activity_key`]), not by where the file was found or by the store,
//!   so re-importing the same files — into this store or a new one, after copying
//!   `journal.json` there — applies them again;
//! - it has its own version ([`schema::journal::VERSION`]), independent of the tables'
//!   (a new store for new tables keeps the old journal); a newer journal is refused, never
//!   rewritten, and fields this version does not know (a newer rutscope's, or notes, gear
//!   and goals sections) are kept as they are when the file is rewritten.
//!
//! [`schema::journal::activity_key`]: super::schema::journal::activity_key
//! [`schema::journal::VERSION`]: super::schema::journal::VERSION

use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::io;
use std::path::PathBuf;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::records::{ActivityRecord, Status};
use super::schema::{JOURNAL_FILE, journal as J};
use super::{Result, Store, StoreError, Writer, io_err, write_file_atomic};
use crate::model::Sport;

/// `journal.json`. Field names are [`schema::journal`](super::schema::journal)'s.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Journal {
    /// Layout version ([`J::VERSION`]).
    pub journal_version: u32,
    /// Entries per activity, by [`J::activity_key`].
    #[serde(default)]
    pub activities: BTreeMap<String, ActivityEntry>,
    /// The runner's gear (shoes), by name (`rutscope gear`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub gear: BTreeMap<String, Shoe>,
    /// The runner's goals, at most one per kind (`rutscope goal`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub goals: Vec<Goal>,
    /// The runner's notes per day (`rutscope note --day`), by local date.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub days: BTreeMap<NaiveDate, DayEntry>,
    /// Sections this version does not know (a newer rutscope's), kept on rewrite.
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

impl Default for Journal {
    fn default() -> Self {
        Journal {
            journal_version: J::VERSION,
            activities: BTreeMap::new(),
            gear: BTreeMap::new(),
            goals: Vec::new(),
            days: BTreeMap::new(),
            other: Map::new(),
        }
    }
}

/// What the runner entered for one activity.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ActivityEntry {
    /// The activity's id when the entry was written (informative; the key decides).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub activity_id: Option<String>,
    /// The source file when the entry was written (informative, for a reader of the file).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_path: Option<String>,
    /// The sport the runner set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sport: Option<Sport>,
    /// Race (`true`) or not a race (`false`), as the runner set it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub race: Option<bool>,
    /// The runner's note (issue 18 adds `rutscope note`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<Note>,
    /// The gear (shoe) the runner set, by name: it wins over the export's and over the
    /// date ranges of [`Journal::gear`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gear: Option<String>,
    /// When the entry last changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub set_at_utc: Option<DateTime<Utc>>,
    /// Fields this version does not know, kept on rewrite.
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

impl ActivityEntry {
    /// Whether the entry holds nothing the runner set (then it is dropped from the file).
    pub fn is_empty(&self) -> bool {
        self.sport.is_none()
            && self.race.is_none()
            && self.note.is_none()
            && self.gear.is_none()
            && self.other.is_empty()
    }
}

/// The runner's note on an activity (`rutscope note ID`): text, perceived effort, feel.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Note {
    /// Free text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// Perceived exertion, 1–10.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rpe: Option<u8>,
    /// How it felt, 1 (very weak) to 5 (very strong).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub feel: Option<u8>,
    /// Fields this version does not know, kept on rewrite.
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

impl Note {
    /// Whether it holds nothing.
    pub fn is_empty(&self) -> bool {
        self.text.is_none() && self.rpe.is_none() && self.feel.is_none() && self.other.is_empty()
    }
}

/// The runner's note on a day (`rutscope note --day DATE`): how they slept, stress,
/// illness, text.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DayEntry {
    /// Free text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// Sleep the night before, seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sleep_s: Option<f64>,
    /// Stress, 1 (none) to 5 (very high).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stress: Option<u8>,
    /// Ill that day.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub sick: bool,
    /// When it last changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub set_at_utc: Option<DateTime<Utc>>,
    /// Fields this version does not know, kept on rewrite.
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

impl DayEntry {
    /// Whether it holds nothing the runner set.
    pub fn is_empty(&self) -> bool {
        self.text.is_none()
            && self.sleep_s.is_none()
            && self.stress.is_none()
            && !self.sick
            && self.other.is_empty()
    }
}

/// A piece of gear the runner added (`rutscope gear add`): a shoe, with the days it was in
/// use and the distance to retire it at.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Shoe {
    /// Brand.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub brand: Option<String>,
    /// Model.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    /// First day of use: runs from this local date on may be given it by date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<NaiveDate>,
    /// The day it was retired: no run after it is given it by date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retired: Option<NaiveDate>,
    /// The distance to retire it at, metres.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retire_at_m: Option<f64>,
    /// The default shoe: runs in its dates that no other shoe covers.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub default: bool,
    /// When it was added or last changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub set_at_utc: Option<DateTime<Utc>>,
    /// Fields this version does not know, kept on rewrite.
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

/// What a goal is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum GoalKind {
    /// A race: a distance in a time.
    Race,
    /// A weekly running distance.
    WeeklyDistance,
    /// A long run of a distance.
    LongRun,
}

impl GoalKind {
    /// The kebab-case name, as the journal and `--json` spell it.
    pub fn as_str(self) -> &'static str {
        match self {
            GoalKind::Race => "race",
            GoalKind::WeeklyDistance => "weekly-distance",
            GoalKind::LongRun => "long-run",
        }
    }
}

/// A goal the runner set (`rutscope goal set`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Goal {
    /// What it is about.
    pub kind: GoalKind,
    /// The race's distance, the week's distance or the long run's, metres.
    pub distance_m: f64,
    /// The race time, seconds (race goals only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_s: Option<f64>,
    /// The local date to reach it by.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<NaiveDate>,
    /// When it was set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub set_at_utc: Option<DateTime<Utc>>,
    /// Fields this version does not know, kept on rewrite.
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

impl Journal {
    /// The runner's shoe of this name, matched as the exports' gear names are: ignoring case
    /// and surrounding spaces.
    pub fn shoe(&self, name: &str) -> Option<(&String, &Shoe)> {
        self.gear.iter().find(|(n, _)| same_gear(n, name))
    }

    /// Sets a goal, replacing the goal of the same kind.
    pub fn set_goal(&mut self, goal: Goal) {
        self.goals.retain(|g| g.kind != goal.kind);
        self.goals.push(goal);
        self.goals.sort_by_key(|g| g.kind);
    }
}

/// Whether two gear names are the same gear: the exports' names and the runner's typing
/// differ in case and spaces only.
pub fn same_gear(a: &str, b: &str) -> bool {
    a.trim().eq_ignore_ascii_case(b.trim())
}

/// Where a value shown for an activity comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ValueSource {
    /// The imported file (or export) said so.
    File,
    /// The runner set it (`rutscope set`).
    User,
}

/// What the runner set for one activity, resolved to the activities of a store.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Correction {
    /// The sport the runner set.
    pub sport: Option<Sport>,
    /// Race or not, as the runner set it.
    pub race: Option<bool>,
    /// The runner's note.
    pub note: Option<Note>,
    /// The gear (shoe) the runner set.
    pub gear: Option<String>,
}

/// Corrections by activity id (only activities with one).
pub type Corrections = HashMap<String, Correction>;

impl Journal {
    /// The key of an activity's entry.
    pub fn key(a: &ActivityRecord) -> String {
        J::activity_key(&a.source_hash, a.index_in_file)
    }

    /// The entry for an activity, if the runner set anything for it.
    pub fn entry(&self, a: &ActivityRecord) -> Option<&ActivityEntry> {
        self.activities.get(&Self::key(a))
    }

    /// Changes the entry for an activity (creating it), stamps it, and drops it when
    /// nothing is left in it.
    pub fn update(
        &mut self,
        a: &ActivityRecord,
        now: DateTime<Utc>,
        f: impl FnOnce(&mut ActivityEntry),
    ) {
        let key = Self::key(a);
        let e = self.activities.entry(key.clone()).or_default();
        f(e);
        e.activity_id = Some(a.id.clone());
        e.source_path = Some(a.source_path.clone());
        e.set_at_utc = Some(now);
        if e.is_empty() {
            self.activities.remove(&key);
        }
    }

    /// The corrections for a store's activities, by activity id.
    ///
    /// An activity's own entry comes first. A correction entered on a duplicate also applies
    /// to its primary where the primary has none of its own: deduplication keeps one copy of
    /// a recording (a TCX and a GPX of the same run), and which copy is kept can differ in a
    /// new store imported in another order — the correction follows the recording.
    pub fn corrections(&self, acts: &[ActivityRecord]) -> Corrections {
        let mut out = Corrections::new();
        for a in acts {
            if let Some(e) = self.entry(a) {
                out.insert(
                    a.id.clone(),
                    Correction {
                        sport: e.sport,
                        race: e.race,
                        note: e.note.clone(),
                        gear: e.gear.clone(),
                    },
                );
            }
        }
        for a in acts.iter().filter(|a| a.status == Status::Duplicate) {
            let (Some(primary), Some(e)) = (&a.duplicate_of, self.entry(a)) else {
                continue;
            };
            let c = out.entry(primary.clone()).or_default();
            c.sport = c.sport.or(e.sport);
            c.race = c.race.or(e.race);
            if c.note.is_none() {
                c.note = e.note.clone();
            }
            if c.gear.is_none() {
                c.gear = e.gear.clone();
            }
        }
        out
    }
}

/// Applies the corrections to the activity records: the sport and race flag the runner set
/// replace the imported ones, so every analysis reads them without knowing the journal.
/// The imported values stay in the store; the [`Corrections`] say what was replaced.
pub fn apply(acts: &mut [ActivityRecord], corrections: &Corrections) {
    for a in acts {
        if let Some(c) = corrections.get(&a.id) {
            if let Some(s) = c.sport {
                a.sport = s;
            }
            if let Some(r) = c.race {
                a.race = Some(r);
            }
        }
    }
}

/// Where an activity's sport and race flag come from, and what the import said where the
/// runner replaced it: the provenance `list`, `show` and `set` print (JSON field names as
/// here).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Provenance {
    /// Where the sport comes from.
    pub sport_source: ValueSource,
    /// The imported sport, when the runner set another one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub imported_sport: Option<Sport>,
    /// Where the race flag comes from (`None`: neither the file nor the runner said).
    pub race_source: Option<ValueSource>,
    /// The imported race flag, when the runner set one and the file had one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub imported_race: Option<bool>,
}

impl Provenance {
    /// The provenance of an activity's values, from its imported record (before [`apply`])
    /// and its correction.
    pub fn of(imported: &ActivityRecord, c: Option<&Correction>) -> Self {
        let sport_set = c.and_then(|c| c.sport).is_some();
        let race_set = c.and_then(|c| c.race).is_some();
        Provenance {
            sport_source: Correction::sport_source(c),
            imported_sport: sport_set.then_some(imported.sport),
            race_source: Correction::race_source(c, imported),
            imported_race: imported.race.filter(|_| race_set),
        }
    }
}

impl Correction {
    /// Where the activity's sport comes from.
    pub fn sport_source(c: Option<&Correction>) -> ValueSource {
        match c.and_then(|c| c.sport) {
            Some(_) => ValueSource::User,
            None => ValueSource::File,
        }
    }

    /// Where the activity's race flag comes from (`None`: nobody said).
    pub fn race_source(c: Option<&Correction>, a: &ActivityRecord) -> Option<ValueSource> {
        match c.and_then(|c| c.race) {
            Some(_) => Some(ValueSource::User),
            None => a.race.map(|_| ValueSource::File),
        }
    }
}

impl Store {
    /// Where the journal is kept.
    pub fn journal_path(&self) -> PathBuf {
        self.root.join(JOURNAL_FILE)
    }

    /// The journal; empty when there is no file (including when there is no store yet).
    ///
    /// # Errors
    /// [`StoreError::Journal`] when the file is not a journal, [`StoreError::JournalVersion`]
    /// when a newer rutscope wrote it.
    pub fn journal(&self) -> Result<Journal> {
        let path = self.journal_path();
        let text = match fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Journal::default()),
            Err(e) => return Err(io_err("reading", &path)(e)),
        };
        // The version first: a newer layout may not even parse as this one.
        #[derive(Deserialize)]
        struct Version {
            journal_version: u32,
        }
        let v: Version = serde_json::from_str(&text).map_err(|source| StoreError::Journal {
            path: path.clone(),
            source,
        })?;
        if v.journal_version > J::VERSION {
            return Err(StoreError::JournalVersion {
                path,
                found: v.journal_version,
            });
        }
        serde_json::from_str(&text).map_err(|source| StoreError::Journal { path, source })
    }

    /// The activities with the runner's corrections applied ([`apply`]), and the
    /// corrections (by activity id) saying which values the runner set.
    pub fn corrected_activities(&self) -> Result<(Vec<ActivityRecord>, Corrections)> {
        let mut acts = self.activities()?;
        let corrections = self.journal()?.corrections(&acts);
        apply(&mut acts, &corrections);
        Ok((acts, corrections))
    }
}

impl Writer {
    /// Reads the journal, lets `f` change it and writes it back atomically, under the
    /// writer's lock (so an import or another `set` cannot interleave). Returns the journal
    /// as written. A journal that cannot be read is never overwritten.
    pub fn update_journal(&mut self, f: impl FnOnce(&mut Journal)) -> Result<Journal> {
        let mut j = self.store.journal()?;
        f(&mut j);
        save(&self.store, &j)?;
        Ok(j)
    }
}

/// Replaces `journal.json` atomically ([`super::write_file_atomic`]).
fn save(store: &Store, j: &Journal) -> Result<()> {
    let text = serde_json::to_string_pretty(j).expect("journal serializes") + "\n";
    write_file_atomic(store.root(), JOURNAL_FILE, &text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Device, DeviceTotals, SourceFormat};

    fn rec(id: &str, hash: &str, index: u32) -> ActivityRecord {
        ActivityRecord {
            id: id.into(),
            status: Status::Primary,
            duplicate_of: None,
            dedup_tier: None,
            sport: Sport::Running,
            sport_raw: Some("running".into()),
            sub_sport: None,
            name: None,
            start: None,
            utc_offset_s: None,
            source_path: format!("{hash}.fit"),
            source_format: SourceFormat::Fit,
            source_hash: hash.into(),
            index_in_file: index,
            fit_file_id: None,
            device: Device::default(),
            device_totals: DeviceTotals::default(),
            computed: Default::default(),
            gear: None,
            race: None,
            annotations: Default::default(),
            summary_only: false,
            warnings: vec![],
            batch_id: "b".into(),
            imported_at: DateTime::UNIX_EPOCH,
        }
    }

    fn now() -> DateTime<Utc> {
        "2026-11-29T23:00:00Z".parse().unwrap()
    }

    #[test]
    fn round_trip_with_the_documented_names_and_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::at(dir.path().join("store"));
        assert_eq!(store.journal().unwrap(), Journal::default());
        let a = rec("00aa", "h1", 2);
        let mut w = store.writer(false, &mut |_| {}).unwrap();
        let written = w
            .update_journal(|j| {
                j.update(&a, now(), |e| {
                    e.sport = Some(Sport::Hiking);
                    e.race = Some(false);
                    e.note = Some(Note {
                        text: Some("steep".into()),
                        ..Default::default()
                    });
                })
            })
            .unwrap();
        drop(w);
        assert_eq!(store.journal().unwrap(), written);
        assert!(!dir.path().join("store/journal.json.tmp").exists());
        let v: Value =
            serde_json::from_str(&fs::read_to_string(store.journal_path()).unwrap()).unwrap();
        let e = &v[J::ACTIVITIES][J::activity_key("h1", 2)];
        assert_eq!(v[J::JOURNAL_VERSION], J::VERSION);
        assert_eq!(e[J::SPORT], "hiking");
        assert_eq!(e[J::RACE], false);
        assert_eq!(e[J::NOTE][J::NOTE_TEXT], "steep");
        assert_eq!(e[J::ACTIVITY_ID], "00aa");
        assert_eq!(e[J::SOURCE_PATH], "h1.fit");
        assert_eq!(e[J::SET_AT_UTC], "2026-11-29T23:00:00Z");
        assert_eq!(J::activity_key("h1", 2), "h1#2");
    }

    #[test]
    fn an_entry_with_nothing_left_is_dropped() {
        let a = rec("00aa", "h1", 0);
        let mut j = Journal::default();
        j.update(&a, now(), |e| e.sport = Some(Sport::Cycling));
        assert_eq!(j.activities.len(), 1);
        j.update(&a, now(), |e| e.sport = None);
        assert!(j.activities.is_empty());
    }

    #[test]
    fn a_damaged_file_is_an_error_naming_it_and_is_not_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::at(dir.path());
        fs::write(
            store.journal_path(),
            "{ \"journal_version\": 1, \"activities\": [",
        )
        .unwrap();
        let e = store.journal().unwrap_err();
        assert!(
            matches!(&e, StoreError::Journal { path, .. } if *path == store.journal_path()),
            "{e:?}"
        );
        assert!(e.to_string().contains("journal.json"), "{e}");
        let mut w = store.writer(false, &mut |_| {}).unwrap();
        assert!(w.update_journal(|_| {}).is_err());
        assert!(
            fs::read_to_string(store.journal_path())
                .unwrap()
                .ends_with('[')
        );
        // A sport this version does not know is damage too, named the same way.
        fs::write(
            store.journal_path(),
            r#"{"journal_version": 1, "activities": {"h#0": {"sport": "curling"}}}"#,
        )
        .unwrap();
        assert!(matches!(store.journal(), Err(StoreError::Journal { .. })));
    }

    #[test]
    fn a_newer_journal_is_refused_and_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::at(dir.path());
        let text = r#"{"journal_version": 2, "activities": "a new layout"}"#;
        fs::write(store.journal_path(), text).unwrap();
        let e = store.journal().unwrap_err();
        assert!(
            matches!(&e, StoreError::JournalVersion { found: 2, .. }),
            "{e:?}"
        );
        assert!(e.to_string().contains("journal.json"), "{e}");
        let mut w = store.writer(false, &mut |_| {}).unwrap();
        assert!(w.update_journal(|_| {}).is_err());
        assert_eq!(fs::read_to_string(store.journal_path()).unwrap(), text);
    }

    #[test]
    fn unknown_fields_are_kept_on_rewrite() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::at(dir.path());
        fs::write(
            store.journal_path(),
            r#"{
              "journal_version": 1,
              "plans": [{"distance_m": 10000, "time_s": 2700}],
              "activities": {
                "h1#0": {"sport": "hiking", "shoe": "Pegasus 41",
                         "note": {"text": "hot", "rpe": 7}}
              }
            }"#,
        )
        .unwrap();
        let a = rec("00aa", "h1", 0);
        let mut w = store.writer(false, &mut |_| {}).unwrap();
        w.update_journal(|j| j.update(&a, now(), |e| e.race = Some(true)))
            .unwrap();
        let v: Value =
            serde_json::from_str(&fs::read_to_string(store.journal_path()).unwrap()).unwrap();
        assert_eq!(v["plans"][0]["time_s"], 2700);
        let e = &v[J::ACTIVITIES]["h1#0"];
        assert_eq!(e["shoe"], "Pegasus 41");
        assert_eq!(e[J::NOTE]["rpe"], 7);
        assert_eq!(e[J::NOTE][J::NOTE_TEXT], "hot");
        assert_eq!(
            (e[J::SPORT].as_str(), e[J::RACE].as_bool()),
            (Some("hiking"), Some(true))
        );
    }

    #[test]
    fn gear_and_goals_round_trip_with_the_documented_names_and_keep_unknown_fields() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::at(dir.path());
        fs::write(
            store.journal_path(),
            r#"{
              "journal_version": 1,
              "gear": {"Pegasus 41": {"brand": "Nike", "from": "2026-01-05",
                                      "retire_at_m": 800000.0, "default": true,
                                      "colour": "blue"}},
              "goals": [{"kind": "race", "distance_m": 10000.0, "time_s": 2700.0,
                         "by": "2027-04-18", "why": "club record"}]
            }"#,
        )
        .unwrap();
        let a = rec("00aa", "h1", 0);
        let mut w = store.writer(false, &mut |_| {}).unwrap();
        let j = w
            .update_journal(|j| {
                j.update(&a, now(), |e| e.gear = Some("Pegasus 41".into()));
                j.set_goal(Goal {
                    kind: GoalKind::WeeklyDistance,
                    distance_m: 40_000.0,
                    time_s: None,
                    by: None,
                    set_at_utc: None,
                    other: Map::new(),
                });
                // A second race goal replaces the first.
                j.set_goal(Goal {
                    kind: GoalKind::Race,
                    distance_m: 5000.0,
                    time_s: Some(1200.0),
                    by: None,
                    set_at_utc: None,
                    other: Map::new(),
                });
            })
            .unwrap();
        assert_eq!(j.goals.len(), 2);
        assert_eq!(
            j.shoe("  pegasus 41 ").unwrap().1.from,
            "2026-01-05".parse().ok()
        );
        let v: Value =
            serde_json::from_str(&fs::read_to_string(store.journal_path()).unwrap()).unwrap();
        let shoe = &v[J::GEAR]["Pegasus 41"];
        assert_eq!(shoe[J::GEAR_BRAND], "Nike");
        assert_eq!(shoe[J::GEAR_FROM], "2026-01-05");
        assert_eq!(shoe[J::GEAR_RETIRE_AT_M], 800000.0);
        assert_eq!(shoe[J::GEAR_DEFAULT], true);
        assert_eq!(shoe["colour"], "blue");
        assert_eq!(v[J::GOALS][0][J::GOAL_KIND], "race");
        assert_eq!(v[J::GOALS][0][J::GOAL_DISTANCE_M], 5000.0);
        assert_eq!(v[J::GOALS][0][J::GOAL_TIME_S], 1200.0);
        assert_eq!(v[J::GOALS][1][J::GOAL_KIND], "weekly-distance");
        assert_eq!(v[J::ACTIVITIES]["h1#0"][J::ENTRY_GEAR], "Pegasus 41", "{v}");
        let c = store.journal().unwrap().corrections(&[a]);
        assert_eq!(c["00aa"].gear.as_deref(), Some("Pegasus 41"));
    }

    #[test]
    fn corrections_apply_by_source_and_follow_a_recording_to_its_primary() {
        let mut j = Journal::default();
        let mut acts = vec![
            rec("p1", "h1", 0),
            rec("d1", "h2", 0),
            rec("p2", "h3", 0),
            rec("x", "h4", 0),
        ];
        acts[1].status = Status::Duplicate;
        acts[1].duplicate_of = Some("p1".into());
        acts[3].race = Some(true);
        // Set on the duplicate copy (the one kept in another store).
        j.update(&acts[1], now(), |e| {
            e.sport = Some(Sport::Hiking);
            e.race = Some(false);
        });
        // The primary's own entry wins field by field.
        j.update(&acts[0], now(), |e| e.race = Some(true));
        j.update(&acts[2], now(), |e| e.sport = Some(Sport::Strength));
        let c = j.corrections(&acts);
        assert_eq!(c["p1"].sport, Some(Sport::Hiking));
        assert_eq!(c["p1"].race, Some(true));
        assert_eq!(c["d1"].race, Some(false));
        assert!(!c.contains_key("x"));
        apply(&mut acts, &c);
        assert_eq!(
            acts.iter().map(|a| (a.sport, a.race)).collect::<Vec<_>>(),
            [
                (Sport::Hiking, Some(true)),
                (Sport::Hiking, Some(false)),
                (Sport::Strength, None),
                (Sport::Running, Some(true)),
            ]
        );
        assert_eq!(Correction::sport_source(c.get("p2")), ValueSource::User);
        assert_eq!(Correction::sport_source(c.get("x")), ValueSource::File);
        assert_eq!(
            Correction::race_source(c.get("x"), &acts[3]),
            Some(ValueSource::File)
        );
        assert_eq!(Correction::race_source(c.get("p2"), &acts[2]), None);
        assert_eq!(
            Correction::race_source(c.get("p1"), &acts[0]),
            Some(ValueSource::User)
        );
    }
}
