//! `rutscope gear`: the runner's shoes — add one (with its dates, limit, default), retire
//! it, list every shoe with its mileage. Shoes live in the store's journal
//! (`store::journal`), which no import, cache rebuild or upgrade touches.

use std::io::Write;

use anyhow::{Result, bail};
use chrono::{Local, NaiveDate, Utc};
use clap::Subcommand;
use serde::Serialize;

use super::exit::ExitCode;
use rutscope::analysis::gear::GearReport;
use rutscope::report::{self, Options, Section, SectionId, terminal};
use rutscope::store::Store;
use rutscope::store::journal::{Shoe, same_gear};

/// Arguments of `rutscope gear`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// What to do.
    #[command(subcommand)]
    pub command: GearCommand,
}

/// `gear` subcommands.
#[derive(Debug, Subcommand)]
pub enum GearCommand {
    /// Add a shoe, or change one you added (only the options given change)
    Add(AddArgs),
    /// Retire a shoe: no run after the day is given it by date, and it raises no alert
    Retire(RetireArgs),
    /// Every shoe: runs, distance against its limit, first and last use, pace, heart rate
    List(ListArgs),
}

/// `gear add`.
#[derive(Debug, clap::Args)]
pub struct AddArgs {
    /// The shoe's name (an export's gear of the same name, ignoring case, is this shoe)
    pub name: String,
    /// Brand
    #[arg(long)]
    pub brand: Option<String>,
    /// Model
    #[arg(long)]
    pub model: Option<String>,
    /// First day of use: runs from this local date on that no export names a shoe for are
    /// given it (of several shoes, the one put into use last)
    #[arg(long, value_name = "DATE")]
    pub from: Option<NaiveDate>,
    /// The distance to retire it at: `700km`, `450mi`, or km without a unit [default: 700 km
    /// for a shoe worn on foot]
    #[arg(long, value_name = "DISTANCE", value_parser = parse_distance)]
    pub retire_at: Option<f64>,
    /// The default shoe: runs in its dates that no other shoe covers
    #[arg(long)]
    pub default: bool,
    /// Fail at once if another rutscope is writing the store, instead of waiting
    #[arg(long)]
    pub no_wait: bool,
}

/// `gear retire`.
#[derive(Debug, clap::Args)]
pub struct RetireArgs {
    /// The shoe's name
    pub name: String,
    /// The last day it was used [default: today]
    #[arg(long, value_name = "DATE")]
    pub on: Option<NaiveDate>,
    /// Fail at once if another rutscope is writing the store, instead of waiting
    #[arg(long)]
    pub no_wait: bool,
}

/// `gear list`.
#[derive(Debug, clap::Args)]
pub struct ListArgs {
    /// Date range (mileage counts every activity up to --until, before --since too)
    #[command(flatten)]
    pub range: super::RangeArgs,
    /// Print JSON
    #[arg(long)]
    pub json: bool,
}

/// A distance in metres from `700km`, `450mi`, `700 km` or `700` (km).
pub fn parse_distance(s: &str) -> Result<f64, String> {
    let t = s.trim().to_ascii_lowercase();
    let (num, factor) = if let Some(n) = t.strip_suffix("km") {
        (n, 1000.0)
    } else if let Some(n) = t.strip_suffix("mi") {
        (n, 1609.344)
    } else if let Some(n) = t.strip_suffix('m') {
        (n, 1.0)
    } else {
        (t.as_str(), 1000.0)
    };
    match num.trim().parse::<f64>() {
        Ok(v) if v.is_finite() && v > 0.0 => Ok(v * factor),
        _ => Err(format!(
            "'{s}' is not a distance: give e.g. 700km, 450mi or 700 (km)"
        )),
    }
}

/// `gear list --json`.
#[derive(Serialize)]
struct Json<'a> {
    schema: &'static str,
    #[serde(flatten)]
    gear: &'a GearReport,
    #[serde(skip_serializing_if = "Option::is_none")]
    text: Option<&'a Section>,
}

/// Runs `rutscope gear`.
pub fn run(args: Args, store: &Store, out: &mut dyn Write) -> Result<ExitCode> {
    match args.command {
        GearCommand::Add(a) => add(a, store, out),
        GearCommand::Retire(a) => retire(a, store, out),
        GearCommand::List(a) => list(a, store, out),
    }
}

pub fn writer(store: &Store, no_wait: bool) -> Result<rutscope::store::Writer> {
    Ok(store.writer(!no_wait, &mut |holder| {
        eprintln!(
            "rutscope: another rutscope process is writing this store ({holder}); waiting for it to finish…"
        )
    })?)
}

fn add(a: AddArgs, store: &Store, out: &mut dyn Write) -> Result<ExitCode> {
    let name = a.name.trim().to_string();
    if name.is_empty() {
        bail!("a shoe needs a name");
    }
    let mut w = writer(store, a.no_wait)?;
    let now = Utc::now();
    let mut added = false;
    let j = w.update_journal(|j| {
        // The runner's earlier spelling, if they added it before.
        let key = j.shoe(&name).map(|(k, _)| k.clone()).unwrap_or_else(|| {
            added = true;
            name.clone()
        });
        if a.default {
            for s in j.gear.values_mut() {
                s.default = false;
            }
        }
        let s: &mut Shoe = j.gear.entry(key).or_default();
        if a.brand.is_some() {
            s.brand = a.brand.clone();
        }
        if a.model.is_some() {
            s.model = a.model.clone();
        }
        if a.from.is_some() {
            s.from = a.from;
        }
        if a.retire_at.is_some() {
            s.retire_at_m = a.retire_at;
        }
        s.default |= a.default;
        s.set_at_utc = Some(now);
    })?;
    drop(w);
    let (key, s) = j.shoe(&name).expect("just written");
    writeln!(
        out,
        "{} {key}{}{}{}",
        if added { "added" } else { "changed" },
        s.from.map_or(String::new(), |f| format!(", from {f}")),
        s.retire_at_m.map_or(String::new(), |m| format!(
            ", retire at {}",
            rutscope::report::words::km(m)
        )),
        if s.default { ", default" } else { "" }
    )?;
    Ok(ExitCode::Success)
}

/// The name a shoe goes by: the runner's spelling of one they added, else the gear name
/// an imported activity carries (matched ignoring case and spaces); `None` for a name
/// neither knows, which is a typo more often than a new shoe.
pub fn known_shoe(store: &Store, name: &str) -> Result<Option<String>> {
    if let Some((k, _)) = store.journal()?.shoe(name) {
        return Ok(Some(k.clone()));
    }
    Ok(store
        .activities()?
        .iter()
        .filter_map(|x| x.gear.as_deref())
        .find(|g| same_gear(g, name))
        .map(|g| g.trim().to_string()))
}

fn retire(a: RetireArgs, store: &Store, out: &mut dyn Write) -> Result<ExitCode> {
    let on = a.on.unwrap_or_else(|| Local::now().date_naive());
    // A shoe only an export names becomes one of the runner's to carry the date.
    if known_shoe(store, &a.name)?.is_none() {
        bail!(
            "no shoe named '{}': `rutscope gear list` shows them, `rutscope gear add` adds one",
            a.name
        );
    }
    let mut w = writer(store, a.no_wait)?;
    let now = Utc::now();
    let name = a.name.trim().to_string();
    let j = w.update_journal(|j| {
        let key = j
            .shoe(&name)
            .map(|(k, _)| k.clone())
            .unwrap_or(name.clone());
        let s = j.gear.entry(key).or_default();
        s.retired = Some(on);
        s.default = false;
        s.set_at_utc = Some(now);
    })?;
    drop(w);
    let (key, _) = j.shoe(&name).expect("just written");
    writeln!(out, "retired {key} on {on}")?;
    Ok(ExitCode::Success)
}

fn list(a: ListArgs, store: &Store, out: &mut dyn Write) -> Result<ExitCode> {
    let analysis = rutscope::app::analyze(store, a.range.range())?;
    let doc = report::document(&analysis, &[SectionId::Gear], &Options::default());
    if a.json {
        super::write_json(
            out,
            &Json {
                schema: "rutscope-gear/1",
                gear: &analysis.gear,
                text: doc.sections.first(),
            },
        )?;
        return Ok(ExitCode::Success);
    }
    if doc.sections.is_empty() {
        writeln!(out, "{}", rutscope::report::words::GEAR_NONE)?;
    } else {
        out.write_all(terminal::text(&doc, false).as_bytes())?;
    }
    Ok(ExitCode::Success)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances_parse_with_and_without_units() {
        assert_eq!(parse_distance("700km"), Ok(700_000.0));
        assert_eq!(parse_distance("700 KM"), Ok(700_000.0));
        assert_eq!(parse_distance("700"), Ok(700_000.0));
        assert!((parse_distance("450mi").unwrap() - 724_204.8).abs() < 1e-6);
        assert_eq!(parse_distance("800m"), Ok(800.0));
        for bad in ["", "km", "-5km", "fast", "nan"] {
            assert!(parse_distance(bad).is_err(), "{bad}");
        }
    }
}
