//! The shoes the exports list (Strava's `shoes.csv`): `export_gear.json` beside the tables.
//!
//! Imported data, not the runner's: it can be read again from the export, so it is not in
//! the journal, and the runner's own shoes (`rutscope gear add`) win over it. A small JSON
//! list rather than a table: a handful of rows, read whole by every analysis. An import
//! that reads a list merges it by name (a later export's row replaces the earlier one) and
//! replaces the file atomically, under the writer's lock.

use std::fs;
use std::io;
use std::path::PathBuf;

use super::schema::EXPORT_GEAR_FILE;
use super::{Result, Store, StoreError, Writer, io_err, write_file_atomic};
use crate::model::ExportShoe;

impl Store {
    /// Where the exports' shoes are kept.
    pub fn export_gear_path(&self) -> PathBuf {
        self.root.join(EXPORT_GEAR_FILE)
    }

    /// The shoes the imported exports list (empty when none did).
    ///
    /// # Errors
    /// [`StoreError::ExportGear`] when the file is damaged.
    pub fn export_gear(&self) -> Result<Vec<ExportShoe>> {
        let path = self.export_gear_path();
        match fs::read_to_string(&path) {
            Ok(text) => serde_json::from_str(&text)
                .map_err(|source| StoreError::ExportGear { path, source }),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(Vec::new()),
            Err(e) => Err(io_err("reading", &path)(e)),
        }
    }
}

impl Writer {
    /// Merges shoes into the exports' list by name (ignoring case: the new row wins) and
    /// writes it atomically.
    pub fn merge_export_gear(&mut self, shoes: Vec<ExportShoe>) -> Result<()> {
        let mut all = self.store.export_gear()?;
        for s in shoes {
            match all
                .iter_mut()
                .find(|x| x.name.trim().eq_ignore_ascii_case(s.name.trim()))
            {
                Some(x) => *x = s,
                None => all.push(s),
            }
        }
        let text = serde_json::to_string_pretty(&all).expect("shoes serialize") + "\n";
        write_file_atomic(self.store.root(), EXPORT_GEAR_FILE, &text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shoe(name: &str, brand: &str) -> ExportShoe {
        ExportShoe {
            name: name.into(),
            brand: Some(brand.into()),
            ..Default::default()
        }
    }

    #[test]
    fn merges_by_name_and_round_trips() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::at(dir.path().join("s"));
        assert!(store.export_gear().unwrap().is_empty());
        let mut w = store.writer(false, &mut |_| {}).unwrap();
        w.merge_export_gear(vec![shoe("Asics 01", "ASICS"), shoe("OC3", "Olympikus")])
            .unwrap();
        w.merge_export_gear(vec![shoe("asics 01", "Asics")])
            .unwrap();
        drop(w);
        let all = store.export_gear().unwrap();
        assert_eq!(all.len(), 2);
        assert_eq!(all[0].brand.as_deref(), Some("Asics"));
        assert!(!dir.path().join("s").join("export_gear.json.tmp").exists());
        // A damaged file is an error naming it.
        fs::write(store.export_gear_path(), "[{").unwrap();
        let e = store.export_gear().unwrap_err();
        assert!(e.to_string().contains("export_gear.json"), "{e}");
    }
}
