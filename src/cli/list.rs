//! `rutscope list`: one line per activity.

use std::collections::HashMap;
use std::io::Write;

use anyhow::Result;
use chrono::Utc;
use serde::Serialize;

use super::exit::ExitCode;
use super::fmt;
use rutscope::analysis::metrics::activity_facts;
use rutscope::analysis::training::local_date;
use rutscope::model::Sport;
use rutscope::report::words;
use rutscope::store::Store;
use rutscope::store::journal::{self, Provenance, ValueSource};
use rutscope::store::records::{ActivityRecord, Status};

/// Arguments of `rutscope list`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Date range
    #[command(flatten)]
    pub range: super::RangeArgs,

    /// Only this sport
    #[arg(long, value_enum, ignore_case = true, value_name = "SPORT")]
    pub sport: Option<SportArg>,

    /// Include activities recorded as duplicates of another
    #[arg(long)]
    pub all: bool,

    /// Print JSON (one array of activity objects)
    #[arg(long)]
    pub json: bool,
}

/// `--sport`: the sports as `list` prints them ([`Sport::as_str`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SportArg {
    /// Running of any kind.
    Running,
    /// Cycling of any kind.
    Cycling,
    /// Walking.
    Walking,
    /// Hiking and mountaineering.
    Hiking,
    /// Swimming.
    Swimming,
    /// Strength training (as set by you: rutscope set ID --sport strength).
    Strength,
    /// Files that name no sport, or a generic one.
    Generic,
    /// Sports rutscope does not analyze.
    Other,
}

impl From<SportArg> for Sport {
    fn from(s: SportArg) -> Sport {
        match s {
            SportArg::Running => Sport::Running,
            SportArg::Cycling => Sport::Cycling,
            SportArg::Walking => Sport::Walking,
            SportArg::Hiking => Sport::Hiking,
            SportArg::Swimming => Sport::Swimming,
            SportArg::Strength => Sport::Strength,
            SportArg::Generic => Sport::Generic,
            SportArg::Other => Sport::Other,
        }
    }
}

/// A list row for JSON: the activity as the runner corrected it, and where its sport and
/// race flag come from.
#[derive(Serialize)]
struct Row<'a> {
    #[serde(flatten)]
    a: &'a ActivityRecord,
    #[serde(flatten)]
    provenance: &'a Provenance,
}

/// Start longitudes by activity id, for dating the activities whose file records no UTC
/// offset (GPX, TCX) the way the analyses do. The activity record holds no position, so they
/// come from the facts cache (filled by `import`, so this is a read of small files); nothing
/// is read when every activity has an offset.
pub fn start_lons(store: &Store, acts: &[ActivityRecord]) -> Result<HashMap<String, Option<f64>>> {
    if acts
        .iter()
        .all(|a| a.start.is_none() || a.utc_offset_s.is_some())
    {
        return Ok(HashMap::new());
    }
    Ok(store
        .facts(activity_facts)?
        .into_iter()
        .map(|(id, f)| (id, f.start_lon))
        .collect())
}

/// Runs `rutscope list`.
pub fn run(args: Args, store: &Store, out: &mut dyn Write) -> Result<ExitCode> {
    let sport = args.sport.map(Sport::from);
    let mut acts = store.activities()?;
    // The runner's corrections win: `--sport` filters on the corrected sport.
    let corrections = store.journal()?.corrections(&acts);
    let provenance: HashMap<String, Provenance> = acts
        .iter()
        .map(|a| (a.id.clone(), Provenance::of(a, corrections.get(&a.id))))
        .collect();
    journal::apply(&mut acts, &corrections);
    acts.retain(|a| {
        (args.all || a.status == Status::Primary) && sport.is_none_or(|s| a.sport == s)
    });
    if args.range.is_set() {
        let lons = start_lons(store, &acts)?;
        // Untimed activities have no date: a range leaves them out, as in the analyses.
        acts.retain(|a| {
            a.start.is_some_and(|t| {
                let lon = lons.get(&a.id).copied().flatten();
                args.range.contains(local_date(t, a.utc_offset_s, lon))
            })
        });
    }
    acts.sort_by_key(|a| {
        (
            a.start.unwrap_or(chrono::DateTime::<Utc>::MIN_UTC),
            a.id.clone(),
        )
    });
    if args.json {
        let rows: Vec<Row> = acts
            .iter()
            .map(|a| Row {
                a,
                provenance: &provenance[&a.id],
            })
            .collect();
        super::write_json(out, &rows)?;
        return Ok(ExitCode::Success);
    }
    writeln!(
        out,
        "{:<16}  {:<23}  {:<9}  {:>9}  {:>8}  {:>9}  {:>4}  SOURCE",
        "ID", "START (local)", "SPORT", "DISTANCE", "TIME", "PACE", "HR"
    )?;
    let mut marked = false;
    for a in &acts {
        let sport_set = provenance[&a.id].sport_source == ValueSource::User;
        marked |= sport_set;
        let sport = if sport_set {
            format!("{}{}", a.sport.as_str(), words::SET_BY_YOU_MARK)
        } else {
            a.sport.as_str().to_string()
        };
        let dist = a.distance_m();
        let time = a.computed.moving_time_s.or(a.device_totals.timer_time_s);
        let pace = if matches!(a.sport, Sport::Running | Sport::Walking | Sport::Hiking) {
            fmt::pace(dist, time)
        } else {
            "-".into()
        };
        let dup = match (a.status, a.summary_only) {
            (Status::Duplicate, _) => " (duplicate)",
            (Status::Primary, true) => words::SUMMARY_ONLY_MARK,
            _ => "",
        };
        writeln!(
            out,
            "{:<16}  {:<23}  {:<9}  {:>9}  {:>8}  {:>9}  {:>4}  {}{}",
            a.id,
            fmt::local_time(a.start, a.utc_offset_s),
            sport,
            fmt::km(dist),
            fmt::duration(time),
            pace,
            fmt::int(a.computed.avg_hr_bpm.or(a.device_totals.avg_hr_bpm)),
            a.source_path,
            dup,
        )?;
    }
    writeln!(out, "{} activities", acts.len())?;
    let summary_only = acts
        .iter()
        .filter(|a| a.summary_only && a.status == Status::Primary)
        .count();
    if summary_only > 0 {
        writeln!(out, "{}", words::summary_only_legend(summary_only))?;
    }
    if marked {
        writeln!(out, "{}", words::set_by_you_legend())?;
    }
    Ok(ExitCode::Success)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::ValueEnum;

    #[test]
    fn sport_values_are_the_stored_names() {
        for v in SportArg::value_variants() {
            let name = v.to_possible_value().unwrap();
            assert_eq!(Sport::parse(name.get_name()), Some(Sport::from(*v)));
        }
    }
}
