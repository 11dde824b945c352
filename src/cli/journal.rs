//! `rutscope journal`: what the runner noted — per activity (text, perceived exertion,
//! feel) and per day (sleep, stress, illness, text) — in date order, with what the exports
//! carry (the watch's post-run rating, Strava's exertion, description and private note).
//! The runner's entries win where both say something.

use std::io::Write;

use anyhow::Result;
use chrono::NaiveDate;
use serde::Serialize;

use super::exit::ExitCode;
use rutscope::analysis::training::local_date;
use rutscope::report::words;
use rutscope::store::Store;
use rutscope::store::journal::{DayEntry, Note};
use rutscope::store::records::Status;

/// Arguments of `rutscope journal`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Date range
    #[command(flatten)]
    pub range: super::RangeArgs,
    /// Print JSON
    #[arg(long)]
    pub json: bool,
}

/// One entry of the journal.
#[derive(Debug, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Entry {
    /// A note on an activity.
    Activity {
        /// Local date.
        date: NaiveDate,
        /// Activity id.
        activity_id: String,
        /// Its name.
        #[serde(skip_serializing_if = "Option::is_none")]
        name: Option<String>,
        /// Its distance, metres.
        #[serde(skip_serializing_if = "Option::is_none")]
        distance_m: Option<f64>,
        /// The note: the runner's fields, else the export's (perceived exertion 1–10, feel
        /// 1–5, text).
        note: Note,
        /// The export's public description (Strava).
        #[serde(skip_serializing_if = "Option::is_none")]
        description: Option<String>,
        /// The export's private note (Strava).
        #[serde(skip_serializing_if = "Option::is_none")]
        private_note: Option<String>,
        /// Where it comes from: `user`, `export`, or `user+export` (the runner's fields
        /// win).
        source: &'static str,
    },
    /// A note on a day.
    Day {
        /// Local date.
        date: NaiveDate,
        /// The runner's note.
        #[serde(flatten)]
        day: DayEntry,
        /// Where it comes from (`user`).
        source: &'static str,
    },
}

impl Entry {
    fn date(&self) -> NaiveDate {
        match self {
            Entry::Activity { date, .. } | Entry::Day { date, .. } => *date,
        }
    }
}

/// `journal --json`.
#[derive(Serialize)]
struct Json<'a> {
    schema: &'static str,
    entries: &'a [Entry],
}

/// The journal's entries in date order, in the range.
pub fn entries(store: &Store, range: super::RangeArgs) -> Result<Vec<Entry>> {
    let journal = store.journal()?;
    let acts = store.activities()?;
    let lons = super::list::start_lons(store, &acts)?;
    let mut out = Vec::new();
    for a in acts.iter().filter(|a| a.status == Status::Primary) {
        let user = journal.entry(a).and_then(|e| e.note.clone());
        let x = &a.annotations;
        // The export's rating as the watch shows it: RPE 1–10, feel 0–100 → 1–5.
        let imported = Note {
            rpe: x
                .rpe
                .filter(|r| r.is_finite())
                .map(|r| r.round().clamp(1.0, 10.0) as u8),
            feel: x
                .feel
                .filter(|f| f.is_finite())
                .map(|f| (f / 25.0).round().clamp(0.0, 4.0) as u8 + 1),
            ..Default::default()
        };
        let has_export =
            !imported.is_empty() || x.description.is_some() || x.private_note.is_some();
        let source = match (&user, has_export) {
            (None, false) => continue,
            (Some(_), false) => "user",
            (None, true) => "export",
            (Some(_), true) => "user+export",
        };
        let mut note = user.unwrap_or_default();
        note.rpe = note.rpe.or(imported.rpe);
        note.feel = note.feel.or(imported.feel);
        let Some(t) = a.start else { continue };
        let date = local_date(t, a.utc_offset_s, lons.get(&a.id).copied().flatten());
        if !range.contains(date) {
            continue;
        }
        out.push(Entry::Activity {
            date,
            activity_id: a.id.clone(),
            name: a.name.clone(),
            distance_m: a.distance_m(),
            note,
            description: x.description.clone(),
            private_note: x.private_note.clone(),
            source,
        });
    }
    for (date, day) in &journal.days {
        if range.contains(*date) {
            out.push(Entry::Day {
                date: *date,
                day: day.clone(),
                source: "user",
            });
        }
    }
    out.sort_by_key(Entry::date);
    Ok(out)
}

/// Runs `rutscope journal`.
pub fn run(args: Args, store: &Store, out: &mut dyn Write) -> Result<ExitCode> {
    let entries = entries(store, args.range)?;
    if args.json {
        super::write_json(
            out,
            &Json {
                schema: "rutscope-journal/1",
                entries: &entries,
            },
        )?;
        return Ok(ExitCode::Success);
    }
    if entries.is_empty() {
        writeln!(out, "{}", words::JOURNAL_EMPTY)?;
    }
    for e in &entries {
        match e {
            Entry::Activity {
                activity_id,
                name,
                distance_m,
                note,
                description,
                private_note,
                ..
            } => {
                writeln!(
                    out,
                    "{}",
                    words::journal_activity_line(
                        e.date(),
                        activity_id,
                        name.as_deref(),
                        *distance_m,
                        note
                    )
                )?;
                for line in [description, private_note]
                    .into_iter()
                    .flatten()
                    .flat_map(|t| t.lines())
                {
                    writeln!(out, "            {line}")?;
                }
            }
            Entry::Day { date, day, .. } => writeln!(out, "{}", words::day_note(*date, day))?,
        }
    }
    Ok(ExitCode::Success)
}
