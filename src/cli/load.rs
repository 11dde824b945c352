//! `rutscope load`: training load over time (fitness, fatigue, form, acute:chronic ratio)
//! and the last weeks' volume, rest days, monotony and cut-back weeks.

use std::io::Write;

use anyhow::Result;
use chrono::{Duration, FixedOffset, NaiveDate, Utc};
use serde::Serialize;

use super::exit::ExitCode;
use super::fmt;
use rutscope::analysis::load::{Daily, DayInput, Weekly, daily_series, weekly_series};
use rutscope::analysis::metrics::{LoadSource, compute_all};
use rutscope::analysis::profile::{self, Profile};
use rutscope::store::Store;

/// Arguments of `rutscope load`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only activities on or after this date (YYYY-MM-DD)
    #[arg(long, value_name = "DATE")]
    pub since: Option<NaiveDate>,

    /// Series up to this date [default: the last activity's date]
    #[arg(long, value_name = "DATE")]
    pub until: Option<NaiveDate>,

    /// How many recent weeks to print
    #[arg(long, default_value_t = 8)]
    pub weeks: usize,

    /// Print JSON (profile, daily and weekly series, load sources)
    #[arg(long)]
    pub json: bool,
}

#[derive(Serialize)]
struct Report<'a> {
    profile: &'a Profile,
    activities: usize,
    load_from_hr: usize,
    load_from_pace: usize,
    without_load: usize,
    daily: &'a [Daily],
    weekly: &'a [Weekly],
}

/// Runs `rutscope load`.
pub fn run(args: Args, store: &Store, out: &mut dyn Write) -> Result<ExitCode> {
    let acts = store.activities()?;
    let prof = profile::resolve(&profile::load_settings(store.root())?, &acts);
    let metrics = compute_all(store, &prof)?;
    let mut inputs = Vec::new();
    let (mut hr, mut pace, mut none) = (0, 0, 0);
    for (a, m) in &metrics {
        let Some(start) = a.start else { continue };
        // The local calendar day, where the file says the offset.
        let date = match a.utc_offset_s.and_then(FixedOffset::east_opt) {
            Some(off) => start.with_timezone(&off).date_naive(),
            None => start.date_naive(),
        };
        if args.since.is_some_and(|s| date < s) || args.until.is_some_and(|u| date > u) {
            continue;
        }
        match m.load_source {
            LoadSource::Hr => hr += 1,
            LoadSource::Pace => pace += 1,
            LoadSource::None => none += 1,
        }
        inputs.push(DayInput {
            date,
            load: m.load,
            distance_m: m.distance_m,
            moving_time_s: m.moving_time_s,
        });
    }
    let until = args
        .until
        .or_else(|| inputs.iter().map(|d| d.date).max())
        .unwrap_or_else(|| Utc::now().date_naive());
    let daily = daily_series(&inputs, until);
    let weekly = weekly_series(&daily, &inputs);
    if args.json {
        super::write_json(
            out,
            &Report {
                profile: &prof,
                activities: inputs.len(),
                load_from_hr: hr,
                load_from_pace: pace,
                without_load: none,
                daily: &daily,
                weekly: &weekly,
            },
        )?;
        return Ok(ExitCode::Success);
    }
    let Some(today) = daily.last() else {
        writeln!(out, "no timed activities to build a load series from")?;
        return Ok(ExitCode::Success);
    };
    writeln!(
        out,
        "{} activities from {} to {}: load from heart rate for {hr}, from pace for {pace}, none for {none}",
        inputs.len(),
        daily[0].date,
        today.date
    )?;
    writeln!(
        out,
        "on {}: fitness (CTL) {:.0}, fatigue (ATL) {:.0}, form (TSB) {:+.0}, acute:chronic {} (rolling) / {} (EWMA)",
        today.date,
        today.ctl,
        today.atl,
        today.tsb,
        today
            .acwr_rolling
            .map(|x| format!("{x:.2}"))
            .unwrap_or("-".into()),
        today
            .acwr_ewma
            .map(|x| format!("{x:.2}"))
            .unwrap_or("-".into()),
    )?;
    let week_ago = today.date - Duration::days(7);
    if let Some(prev) = daily.iter().find(|d| d.date == week_ago) {
        writeln!(
            out,
            "fitness ramp over the last 7 days: {:+.1}",
            today.ctl - prev.ctl
        )?;
    }
    writeln!(out)?;
    writeln!(
        out,
        "{:<10}  {:>9}  {:>8}  {:>5}  {:>4}  {:>4}  {:>8}  {:>6}",
        "WEEK", "DISTANCE", "TIME", "LOAD", "RUNS", "REST", "MONOTONY", "CTL+"
    )?;
    for w in weekly.iter().rev().take(args.weeks).rev() {
        writeln!(
            out,
            "{:<10}  {:>9}  {:>8}  {:>5.0}  {:>4}  {:>4}  {:>8}  {:>+6.1}{}",
            w.week_start,
            fmt::km(Some(w.distance_m)),
            fmt::duration(Some(w.moving_time_s)),
            w.load,
            w.activities,
            w.rest_days,
            w.monotony.map(|m| format!("{m:.2}")).unwrap_or("-".into()),
            w.ctl_ramp,
            if w.cut_back { "  cut-back" } else { "" }
        )?;
    }
    writeln!(out)?;
    writeln!(
        out,
        "profile: threshold HR {:.0}, max HR {:.0}, rest HR {:.0} (rutscope profile shows how each was found)",
        prof.threshold_hr_bpm.value, prof.max_hr_bpm.value, prof.rest_hr_bpm.value
    )?;
    Ok(ExitCode::Success)
}
