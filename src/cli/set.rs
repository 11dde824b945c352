//! `rutscope set`: the runner corrects what an activity's file says — its sport, whether it
//! was a race. The correction goes to the store's journal (`store::journal`), which no import,
//! cache rebuild or upgrade touches, and wins over the imported value in every analysis.

use std::io::Write;

use anyhow::Result;
use chrono::Utc;
use clap::ArgGroup;
use serde::Serialize;

use super::exit::ExitCode;
use super::fmt;
use rutscope::model::Sport;
use rutscope::report::words;
use rutscope::store::Store;
use rutscope::store::journal::{Correction, Provenance};
use rutscope::store::records::ActivityRecord;

/// Arguments of `rutscope set`.
#[derive(Debug, clap::Args)]
#[command(group(
    ArgGroup::new("change")
        .required(true)
        .multiple(true)
        .args(["sport", "race", "not_race", "clear_sport", "clear_race", "gear", "clear_gear"])
))]
pub struct Args {
    /// Activity id, or a unique prefix of it (as `rutscope list` prints)
    #[arg(value_name = "ID")]
    pub id: String,

    /// Set the sport (it replaces the file's sport in every analysis, `list` and `show`)
    #[arg(long, value_enum, ignore_case = true, value_name = "SPORT")]
    pub sport: Option<SetSport>,

    /// Mark the activity as a race (race fitness and race phases use it)
    #[arg(long, conflicts_with_all = ["not_race", "clear_race"])]
    pub race: bool,

    /// Mark the activity as not a race (whatever the file or the effort suggests)
    #[arg(long, conflicts_with = "clear_race")]
    pub not_race: bool,

    /// Forget the sport you set: the file's applies again
    #[arg(long, conflicts_with = "sport")]
    pub clear_sport: bool,

    /// Forget the race flag you set: the file's (or the effort's) applies again
    #[arg(long)]
    pub clear_race: bool,

    /// The shoe the activity was in: one you added (`rutscope gear add`) or one an export
    /// names; it wins over the export's and over your shoes' dates
    #[arg(long, value_name = "NAME", conflicts_with = "clear_gear")]
    pub gear: Option<String>,

    /// Forget the shoe you set: the export's, or your shoes' dates, apply again
    #[arg(long)]
    pub clear_gear: bool,

    /// Fail at once if another rutscope is writing the store, instead of waiting
    #[arg(long)]
    pub no_wait: bool,

    /// Print JSON
    #[arg(long)]
    pub json: bool,
}

/// `--sport`: the sports a runner can set (as `list` prints them; `generic` is not one, it
/// means the file said nothing).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SetSport {
    /// Running of any kind (road, trail, track, treadmill).
    Running,
    /// Walking.
    Walking,
    /// Hiking and mountaineering.
    Hiking,
    /// Cycling of any kind.
    Cycling,
    /// Swimming.
    Swimming,
    /// Strength training.
    Strength,
    /// Anything else.
    Other,
}

impl From<SetSport> for Sport {
    fn from(s: SetSport) -> Sport {
        match s {
            SetSport::Running => Sport::Running,
            SetSport::Walking => Sport::Walking,
            SetSport::Hiking => Sport::Hiking,
            SetSport::Cycling => Sport::Cycling,
            SetSport::Swimming => Sport::Swimming,
            SetSport::Strength => Sport::Strength,
            SetSport::Other => Sport::Other,
        }
    }
}

/// What `set --json` prints: the activity's values after the change and their provenance.
#[derive(Serialize)]
struct Set<'a> {
    activity_id: &'a str,
    sport: Sport,
    race: Option<bool>,
    gear: Option<String>,
    #[serde(flatten)]
    provenance: Provenance,
}

/// Runs `rutscope set`.
pub fn run(args: Args, store: &Store, out: &mut dyn Write) -> Result<ExitCode> {
    // Resolved before the lock: an unknown id or a missing store fails without creating
    // anything.
    let a = store.find_activity(&args.id)?;
    // The shoe as the runner or the export spells it; an unknown name is a typo more often
    // than a new shoe.
    let gear = match &args.gear {
        Some(name) => match super::gear::known_shoe(store, name)? {
            Some(k) => Some(k),
            None => anyhow::bail!(
                "no shoe named '{name}': add it first with `rutscope gear add '{name}'`"
            ),
        },
        None => None,
    };
    let mut w = store.writer(!args.no_wait, &mut |holder| {
        eprintln!(
            "rutscope: another rutscope process is writing this store ({holder}); waiting for it to finish…"
        )
    })?;
    let now = Utc::now();
    w.update_journal(|j| {
        j.update(&a, now, |e| {
            if let Some(s) = args.sport {
                e.sport = Some(s.into());
            }
            if args.clear_sport {
                e.sport = None;
            }
            if args.race || args.not_race {
                e.race = Some(args.race);
            }
            if args.clear_race {
                e.race = None;
            }
            if gear.is_some() {
                e.gear = gear.clone();
            }
            if args.clear_gear {
                e.gear = None;
            }
        })
    })?;
    drop(w);
    // What applies now, read back as every other command reads it (a correction on a
    // duplicate copy also counts for its primary).
    let acts = store.activities()?;
    let corrections = store.journal()?.corrections(&acts);
    let c = corrections.get(&a.id);
    let shown = shown(&a, c);
    if args.json {
        super::write_json(out, &shown)?;
        return Ok(ExitCode::Success);
    }
    writeln!(
        out,
        "{}",
        words::set_heading(
            &a.id,
            &fmt::local_time(a.start, a.utc_offset_s),
            a.name.as_deref()
        )
    )?;
    if args.sport.is_some() || args.clear_sport {
        let line = match shown.provenance.sport_source {
            rutscope::store::journal::ValueSource::User => {
                words::set_value(shown.sport.as_str(), Some(a.sport.as_str()))
            }
            rutscope::store::journal::ValueSource::File => words::cleared_value(a.sport.as_str()),
        };
        writeln!(out, "  sport  {line}")?;
    }
    if args.race || args.not_race || args.clear_race {
        let line = match (c.and_then(|c| c.race), a.race) {
            (Some(r), imported) => {
                words::set_value(words::race_flag(r), imported.map(words::race_flag))
            }
            (None, Some(imported)) => words::cleared_value(words::race_flag(imported)),
            (None, None) => words::cleared_value("-"),
        };
        writeln!(out, "  race   {line}")?;
    }
    if args.gear.is_some() || args.clear_gear {
        let line = match (c.and_then(|c| c.gear.as_deref()), a.gear.as_deref()) {
            (Some(g), imported) => words::set_value(g, imported),
            (None, Some(imported)) => words::cleared_value(imported),
            (None, None) => words::cleared_value("-"),
        };
        writeln!(out, "  gear   {line}")?;
    }
    Ok(ExitCode::Success)
}

fn shown<'a>(a: &'a ActivityRecord, c: Option<&Correction>) -> Set<'a> {
    Set {
        activity_id: &a.id,
        sport: c.and_then(|c| c.sport).unwrap_or(a.sport),
        race: c.and_then(|c| c.race).or(a.race),
        gear: c.and_then(|c| c.gear.clone()).or_else(|| a.gear.clone()),
        provenance: Provenance::of(a, c),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::{Parser, ValueEnum};

    #[derive(Parser)]
    struct T {
        #[command(flatten)]
        a: Args,
    }

    #[test]
    fn sport_values_are_the_stored_names() {
        for v in SetSport::value_variants() {
            let name = v.to_possible_value().unwrap();
            assert_eq!(Sport::parse(name.get_name()), Some(Sport::from(*v)));
        }
    }

    #[test]
    fn flags_parse_and_contradictions_are_refused() {
        let t = T::parse_from(["set", "0a1b", "--sport", "Hiking", "--not-race"]);
        assert_eq!(t.a.sport, Some(SetSport::Hiking));
        assert!(t.a.not_race && !t.a.race);
        // Nothing to change, or contradictory changes.
        for bad in [
            &["set", "0a1b"][..],
            &["set", "0a1b", "--race", "--not-race"],
            &["set", "0a1b", "--race", "--clear-race"],
            &["set", "0a1b", "--sport", "hiking", "--clear-sport"],
            &["set", "0a1b", "--sport", "generic"],
        ] {
            assert!(T::try_parse_from(bad).is_err(), "{bad:?}");
        }
        let t = T::parse_from(["set", "0a1b", "--clear-sport", "--clear-race"]);
        assert!(t.a.clear_sport && t.a.clear_race);
    }
}
