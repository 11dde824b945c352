//! `rutscope show`: one activity in full.

use std::io::Write;

use anyhow::Result;
use serde::Serialize;

use super::exit::ExitCode;
use super::fmt;
use rutscope::analysis::metrics::{
    ActivityMetrics, LoadSource, RunningDynamics, activity_facts, activity_metrics,
    discard_if_distance_disagrees, running_dynamics, without_samples,
};
use rutscope::analysis::profile;
use rutscope::model::Lap;
use rutscope::report::words;
use rutscope::store::Store;
use rutscope::store::journal::{self, Provenance, ValueSource};
use rutscope::store::records::ActivityRecord;
use rutscope::store::wellness;

/// Arguments of `rutscope show`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Activity id, or a unique prefix of it (as `rutscope list` prints)
    #[arg(value_name = "ID")]
    pub id: String,

    /// Print JSON
    #[arg(long)]
    pub json: bool,
}

#[derive(Serialize)]
struct Shown<'a> {
    #[serde(flatten)]
    activity: &'a ActivityRecord,
    #[serde(flatten)]
    provenance: &'a Provenance,
    laps: &'a [Lap],
    metrics: &'a ActivityMetrics,
    /// Null when the activity has none.
    running_dynamics: Option<RunningDynamics>,
}

/// Runs `rutscope show`.
pub fn run(args: Args, store: &Store, out: &mut dyn Write) -> Result<ExitCode> {
    let imported = store.find_activity(&args.id)?;
    // The profile's estimates come from the whole history, as the runner corrected it.
    let (acts, corrections) = store.corrected_activities()?;
    let provenance = Provenance::of(&imported, corrections.get(&imported.id));
    let mut a = imported.clone();
    journal::apply(std::slice::from_mut(&mut a), &corrections);
    let a = &a;
    let laps = store.laps_of(&a.id)?;
    let facts = store.facts(activity_facts)?;
    let rest_days = wellness::resting_hr(&wellness::days(&store.wellness()?));
    let prof = profile::resolve_with(&store.profile_settings()?, &acts, &facts, &rest_days);
    // A summary-only activity has no samples: its metrics are its summary's, as the
    // analyses compute them.
    let (mut m, dynamics) = if a.summary_only {
        let m = without_samples(a, &activity_facts(&Default::default()), &prof);
        (m, None)
    } else {
        let s = store.samples_of(&a.id)?;
        (activity_metrics(&s, a.sport, &prof), running_dynamics(&s))
    };
    discard_if_distance_disagrees(&mut m, a.computed.distance_m, a.device_totals.distance_m);
    if args.json {
        super::write_json(
            out,
            &Shown {
                activity: a,
                provenance: &provenance,
                laps: &laps,
                metrics: &m,
                running_dynamics: dynamics,
            },
        )?;
        return Ok(ExitCode::Success);
    }
    let c = &a.computed;
    let d = &a.device_totals;
    writeln!(
        out,
        "{}  {}",
        a.id,
        a.name.as_deref().unwrap_or("(no name)")
    )?;
    writeln!(
        out,
        "  start      {}",
        fmt::local_time(a.start, a.utc_offset_s)
    )?;
    // The sport as imported: `running / trail`, and the file's own word.
    let as_imported = format!(
        "{}{}",
        imported.sport.as_str(),
        a.sub_sport
            .as_deref()
            .map(|s| format!(" / {s}"))
            .unwrap_or_default(),
    );
    let raw = a.sport_raw.as_deref().map(|s| format!("file says {s:?}"));
    let sport = match (provenance.sport_source, raw) {
        (ValueSource::User, Some(raw)) => {
            words::set_value(a.sport.as_str(), Some(&format!("{as_imported}, {raw}")))
        }
        (ValueSource::User, None) => words::set_value(a.sport.as_str(), Some(&as_imported)),
        (ValueSource::File, Some(raw)) => format!("{as_imported} ({raw})"),
        (ValueSource::File, None) => as_imported,
    };
    writeln!(out, "  sport      {sport}")?;
    let status = match a.status {
        rutscope::store::records::Status::Primary => "counted",
        rutscope::store::records::Status::Duplicate => "duplicate",
    };
    writeln!(
        out,
        "  status     {status}{}{}",
        a.duplicate_of
            .as_deref()
            .map(|p| format!(" of {p}"))
            .unwrap_or_default(),
        if a.summary_only {
            format!("; summary only: {}", words::SUMMARY_ONLY_MEANING)
        } else {
            String::new()
        }
    )?;
    let n = &a.annotations;
    let felt: Vec<String> = [
        n.rpe.map(|r| format!("perceived exertion {r:.0}/10")),
        n.feel.map(|f| format!("feel {f:.0}/100")),
        n.aerobic_training_effect
            .map(|t| format!("aerobic training effect {t:.1}")),
        n.anaerobic_training_effect
            .map(|t| format!("anaerobic training effect {t:.1}")),
        n.weather_temperature_c
            .map(|t| format!("weather {t:.0} °C")),
        n.weather.clone(),
    ]
    .into_iter()
    .flatten()
    .collect();
    if !felt.is_empty() {
        writeln!(out, "  felt       {}", felt.join(", "))?;
    }
    for (label, text) in [
        ("notes", n.description.as_deref()),
        ("private", n.private_note.as_deref()),
    ] {
        if let Some(t) = text {
            writeln!(out, "  {label:<10} {}", t.replace('\n', " / "))?;
        }
    }
    writeln!(out, "                  computed     device")?;
    let row = |out: &mut dyn Write, label: &str, x: String, y: String| {
        writeln!(out, "  {label:<14}{x:>12} {y:>10}")
    };
    row(
        out,
        "distance",
        fmt::km(c.distance_m),
        fmt::km(d.distance_m),
    )?;
    row(
        out,
        "moving time",
        fmt::duration(c.moving_time_s),
        fmt::duration(d.timer_time_s),
    )?;
    row(
        out,
        "elapsed",
        fmt::duration(c.elapsed_s),
        fmt::duration(d.elapsed_time_s),
    )?;
    row(
        out,
        "pace",
        fmt::pace(c.distance_m, c.moving_time_s),
        fmt::pace(d.distance_m, d.timer_time_s),
    )?;
    row(
        out,
        "avg HR",
        fmt::int(c.avg_hr_bpm),
        fmt::int(d.avg_hr_bpm),
    )?;
    row(
        out,
        "max HR",
        fmt::int(c.max_hr_bpm),
        fmt::int(d.max_hr_bpm),
    )?;
    row(
        out,
        "ascent",
        fmt::int(c.ascent_m).to_string() + " m",
        fmt::int(d.ascent_m) + " m",
    )?;
    let ch = c.channels;
    let present: Vec<&str> = [
        (ch.gps, "gps"),
        (ch.heart_rate, "hr"),
        (ch.cadence, "cadence"),
        (ch.power, "power"),
        (ch.elevation, "elevation"),
        (ch.temperature, "temperature"),
    ]
    .iter()
    .filter(|(p, _)| *p)
    .map(|(_, n)| *n)
    .collect();
    writeln!(
        out,
        "  samples    {} ({}), {} pause(s)",
        c.samples,
        present.join(", "),
        c.pauses
    )?;
    writeln!(
        out,
        "  device     {}{}{}",
        a.device.manufacturer.as_deref().unwrap_or("?"),
        a.device
            .product
            .as_deref()
            .map(|p| format!(" {p}"))
            .unwrap_or_default(),
        a.device
            .serial
            .map(|s| format!(" #{s}"))
            .unwrap_or_default()
    )?;
    writeln!(
        out,
        "  source     {} ({}, session {})",
        a.source_path,
        a.source_format.as_str(),
        a.index_in_file
    )?;
    if a.gear.is_some() || a.race.is_some() {
        let race = match (provenance.race_source, a.race) {
            (Some(ValueSource::User), Some(r)) => {
                words::set_value(words::race_flag(r), imported.race.map(words::race_flag))
            }
            (_, r) => r.map(words::race_flag).unwrap_or("-").to_string(),
        };
        writeln!(
            out,
            "  gear       {}  race: {race}",
            a.gear.as_deref().unwrap_or("-"),
        )?;
    }
    let load = match m.load_source {
        LoadSource::Hr => format!("{:.0} (hrTSS; TRIMP {:.0})", m.load, m.trimp.unwrap_or(0.0)),
        LoadSource::Pace => format!("{:.0} (rTSS, from pace)", m.load),
        LoadSource::None => "- (no heart rate, no pace)".to_string(),
    };
    writeln!(out, "  load       {load}")?;
    if let Some(g) = m.gap_speed_m_s {
        writeln!(
            out,
            "  GAP        {} (grade-adjusted pace)",
            fmt::pace(Some(1000.0), Some(1000.0 / g))
        )?;
    }
    if m.hr_coverage > 0.0 {
        let z: Vec<String> = m.zone_s.iter().map(|s| fmt::duration(Some(*s))).collect();
        writeln!(
            out,
            "  HR zones   Z1 {}  Z2 {}  Z3 {}  Z4 {}  Z5 {}",
            z[0], z[1], z[2], z[3], z[4]
        )?;
    }
    match (m.efficiency_factor, m.decoupling_pct) {
        (Some(ef), Some(d)) => writeln!(
            out,
            "  steady     {} of steady running: efficiency {:.4} m/s per bpm, decoupling {d:+.1} %",
            fmt::duration(Some(m.steady_s)),
            ef
        )?,
        _ => writeln!(
            out,
            "  steady     {} of steady running (20 min needed for efficiency and decoupling)",
            fmt::duration(Some(m.steady_s))
        )?,
    }
    if let Some(v) = m.aerobic_speed_m_s {
        writeln!(
            out,
            "  aerobic    {} at {:.0} bpm (grade-adjusted, scaled from time at 60–80 % of heart-rate reserve)",
            fmt::pace(Some(1000.0), Some(1000.0 / v)),
            m.aerobic_ref_hr_bpm
        )?;
    }
    if let Some(r) = dynamics {
        let parts: Vec<String> = [
            r.ground_contact_s
                .map(|s| format!("ground contact {:.0} ms", s * 1000.0)),
            r.vertical_oscillation_m
                .map(|m| format!("vertical oscillation {:.1} cm", m * 100.0)),
            r.step_length_m.map(|m| format!("step length {m:.2} m")),
            r.vertical_ratio_pct
                .map(|p| format!("vertical ratio {p:.1} %")),
        ]
        .into_iter()
        .flatten()
        .collect();
        writeln!(
            out,
            "  dynamics   {} (medians of {} samples)",
            parts.join(", "),
            r.samples
        )?;
    }
    let efforts: Vec<String> = ["1 km", "mile", "5 km", "10 km", "half", "marathon"]
        .iter()
        .zip(&m.best_efforts_s)
        .filter_map(|(name, t)| t.map(|t| format!("{name} {}", fmt::duration(Some(t)))))
        .collect();
    if !efforts.is_empty() {
        writeln!(
            out,
            "  best       {}{}",
            efforts.join(", "),
            m.vdot
                .map(|v| format!(" (VDOT {v:.1})"))
                .unwrap_or_default()
        )?;
    }
    if let Some(why) = words::efforts_left_out(&m.discarded_efforts) {
        writeln!(out, "  left out   {why}")?;
    }
    for w in &a.warnings {
        writeln!(out, "  warning    {w}")?;
    }
    if !laps.is_empty() {
        writeln!(out, "  laps")?;
        writeln!(
            out,
            "    {:>3}  {:>9}  {:>8}  {:>9}  {:>4}",
            "#", "DISTANCE", "TIME", "PACE", "HR"
        )?;
        for (i, l) in laps.iter().enumerate() {
            writeln!(
                out,
                "    {:>3}  {:>9}  {:>8}  {:>9}  {:>4}",
                i + 1,
                fmt::km(l.distance_m),
                fmt::duration(l.timer_time_s),
                fmt::pace(l.distance_m, l.timer_time_s),
                fmt::int(l.avg_hr_bpm)
            )?;
        }
    }
    Ok(ExitCode::Success)
}
