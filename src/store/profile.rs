//! The athlete's profile settings: `profile.json` in the store directory, holding only the
//! values the athlete set (`rutscope profile`). What the analyses use where a value is not
//! set (estimates from the data, assumptions) is `analysis::profile::resolve`'s business.
//!
//! The file is outside the committed tables: it is written on its own (atomically, by
//! renaming a temporary file), not through the writer's lock and commit.

use std::fs;
use std::io;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use super::schema::PROFILE_FILE;
use super::{Result, Store, StoreError, io_err};

/// Sex, for TRIMP's weighting constants.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Sex {
    /// 0.64·e^{1.92x}.
    Male,
    /// 0.86·e^{1.67x}.
    Female,
}

/// What the athlete set (`profile.json`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ProfileSettings {
    /// Maximum heart rate.
    pub max_hr_bpm: Option<f64>,
    /// Resting heart rate.
    pub rest_hr_bpm: Option<f64>,
    /// Threshold (lactate) heart rate.
    pub threshold_hr_bpm: Option<f64>,
    /// Threshold speed (about the one-hour race speed), m/s.
    pub threshold_speed_m_s: Option<f64>,
    /// Sex.
    pub sex: Option<Sex>,
}

impl Store {
    /// Where the profile settings are kept.
    pub fn profile_path(&self) -> PathBuf {
        self.root.join(PROFILE_FILE)
    }

    /// The profile settings; `Default` (nothing set) when there is no file, including when
    /// there is no store yet.
    pub fn profile_settings(&self) -> Result<ProfileSettings> {
        let path = self.profile_path();
        match fs::read_to_string(&path) {
            Ok(text) => serde_json::from_str(&text)
                .map_err(|source| StoreError::ProfileSettings { path, source }),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(ProfileSettings::default()),
            Err(e) => Err(io_err("reading", &path)(e)),
        }
    }

    /// Replaces the profile settings (creating the store directory if needed). Readers see
    /// the old file or the new one, never a part.
    pub fn save_profile_settings(&self, settings: &ProfileSettings) -> Result<()> {
        let text = serde_json::to_string_pretty(settings).expect("settings serialize") + "\n";
        super::write_file_atomic(&self.root, PROFILE_FILE, &text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_round_trip_and_a_missing_file_is_nothing_set() {
        let dir = tempfile::tempdir().unwrap();
        // The store directory does not exist yet: `rutscope profile` may come first.
        let store = Store::at(dir.path().join("store"));
        assert_eq!(
            store.profile_settings().unwrap(),
            ProfileSettings::default()
        );
        let s = ProfileSettings {
            rest_hr_bpm: Some(44.0),
            threshold_speed_m_s: Some(4.2),
            sex: Some(Sex::Female),
            ..Default::default()
        };
        store.save_profile_settings(&s).unwrap();
        assert_eq!(store.profile_settings().unwrap(), s);
        assert!(store.profile_path().ends_with("store/profile.json"));
        assert!(!dir.path().join("store/profile.json.tmp").exists());
        // The file keeps its documented shape (people edit it by hand).
        let text = fs::read_to_string(store.profile_path()).unwrap();
        assert!(text.contains(r#""sex": "female""#), "{text}");
    }

    #[test]
    fn a_damaged_file_is_an_error_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::at(dir.path());
        fs::write(store.profile_path(), "{ max_hr_bpm: ").unwrap();
        let e = store.profile_settings().unwrap_err();
        assert!(
            matches!(&e, StoreError::ProfileSettings { path, .. } if *path == store.profile_path()),
            "{e:?}"
        );
        assert!(e.to_string().contains("profile.json"), "{e}");
    }
}
