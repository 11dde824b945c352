//! `rutscope profile`: show the athlete profile the analyses use, and set its values.

use std::io::Write;

use anyhow::{Result, bail};

use super::exit::ExitCode;
use rutscope::analysis::metrics::activity_facts;
use rutscope::analysis::profile::{self, Sex, Source};
use rutscope::report::words;
use rutscope::store::wellness;
use rutscope::store::{Store, StoreError};

/// Arguments of `rutscope profile`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Set the maximum heart rate (bpm)
    #[arg(long, value_name = "BPM")]
    pub max_hr: Option<f64>,

    /// Set the resting heart rate (bpm)
    #[arg(long, value_name = "BPM")]
    pub rest_hr: Option<f64>,

    /// Set the threshold (lactate) heart rate (bpm)
    #[arg(long, value_name = "BPM")]
    pub threshold_hr: Option<f64>,

    /// Set the threshold pace per km (about your one-hour race pace), e.g. 4:30
    #[arg(long, value_name = "M:SS", value_parser = parse_pace)]
    pub threshold_pace: Option<f64>,

    /// Set sex, for TRIMP's constants
    #[arg(long, value_enum)]
    pub sex: Option<SexArg>,

    /// Forget every value set, go back to estimates
    #[arg(long)]
    pub clear: bool,

    /// Print JSON
    #[arg(long)]
    pub json: bool,
}

/// `--sex`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SexArg {
    /// TRIMP weighting 0.64·e^(1.92x).
    Male,
    /// TRIMP weighting 0.86·e^(1.67x).
    Female,
}

impl From<SexArg> for Sex {
    fn from(s: SexArg) -> Sex {
        match s {
            SexArg::Male => Sex::Male,
            SexArg::Female => Sex::Female,
        }
    }
}

/// `4:30` per km → metres per second.
fn parse_pace(s: &str) -> Result<f64, String> {
    let (m, sec) = s
        .split_once(':')
        .ok_or_else(|| format!("'{s}' is not a pace like 4:30"))?;
    let m: f64 = m
        .trim()
        .parse()
        .map_err(|_| format!("'{s}' is not a pace like 4:30"))?;
    let sec: f64 = sec
        .trim()
        .parse()
        .map_err(|_| format!("'{s}' is not a pace like 4:30"))?;
    let total = m * 60.0 + sec;
    if !(120.0..=900.0).contains(&total) || sec >= 60.0 {
        return Err(format!("'{s}' is outside 2:00–15:00 per km"));
    }
    Ok(1000.0 / total)
}

fn check_hr(flag: &str, v: Option<f64>) -> Result<()> {
    if let Some(v) = v
        && !(25.0..=240.0).contains(&v)
    {
        bail!("{flag} {v}: expected a heart rate between 25 and 240 bpm");
    }
    Ok(())
}

/// Runs `rutscope profile`.
pub fn run(args: Args, store: &Store, out: &mut dyn Write) -> Result<ExitCode> {
    check_hr("--max-hr", args.max_hr)?;
    check_hr("--rest-hr", args.rest_hr)?;
    check_hr("--threshold-hr", args.threshold_hr)?;
    let mut settings = if args.clear {
        Default::default()
    } else {
        store.profile_settings()?
    };
    let changed = args.clear
        || args.max_hr.is_some()
        || args.rest_hr.is_some()
        || args.threshold_hr.is_some()
        || args.threshold_pace.is_some()
        || args.sex.is_some();
    settings.max_hr_bpm = args.max_hr.or(settings.max_hr_bpm);
    settings.rest_hr_bpm = args.rest_hr.or(settings.rest_hr_bpm);
    settings.threshold_hr_bpm = args.threshold_hr.or(settings.threshold_hr_bpm);
    settings.threshold_speed_m_s = args.threshold_pace.or(settings.threshold_speed_m_s);
    if let Some(s) = args.sex {
        settings.sex = Some(s.into());
    }
    if let (Some(r), Some(m)) = (settings.rest_hr_bpm, settings.max_hr_bpm)
        && r >= m
    {
        bail!("resting heart rate {r} must be below maximum heart rate {m}");
    }
    if changed {
        store.save_profile_settings(&settings)?;
    }
    // Estimates come from the runs as the runner corrected them (a hike set as such is no
    // run to take a maximum heart rate from).
    let (acts, facts) = match store.corrected_activities() {
        Ok((a, _)) => (a, store.facts(activity_facts)?),
        Err(StoreError::Missing(_)) => (Vec::new(), Default::default()),
        Err(e) => return Err(e.into()),
    };
    let rest_days = wellness::resting_hr(&wellness::days(&store.wellness()?));
    let p = profile::resolve_with(&settings, &acts, &facts, &rest_days);
    if args.json {
        super::write_json(out, &p)?;
        return Ok(ExitCode::Success);
    }
    let src = words::profile_source;
    // The activities behind an estimate, indented under its line.
    let runs = |out: &mut dyn Write, s: &Source| -> std::io::Result<()> {
        for line in words::profile_runs(s) {
            writeln!(out, "    {line}")?;
        }
        Ok(())
    };
    writeln!(
        out,
        "max heart rate        {:>6.0} bpm   ({})",
        p.max_hr_bpm.value,
        src(&p.max_hr_bpm.source)
    )?;
    runs(out, &p.max_hr_bpm.source)?;
    writeln!(
        out,
        "resting heart rate    {:>6.0} bpm   ({})",
        p.rest_hr_bpm.value,
        src(&p.rest_hr_bpm.source)
    )?;
    runs(out, &p.rest_hr_bpm.source)?;
    writeln!(
        out,
        "threshold heart rate  {:>6.0} bpm   ({})",
        p.threshold_hr_bpm.value,
        src(&p.threshold_hr_bpm.source)
    )?;
    runs(out, &p.threshold_hr_bpm.source)?;
    let pace = 1000.0 / p.threshold_speed_m_s.value;
    writeln!(
        out,
        "threshold pace        {:>3}:{:02}/km   ({})",
        (pace / 60.0).floor() as u32,
        (pace % 60.0).round() as u32 % 60,
        src(&p.threshold_speed_m_s.source)
    )?;
    runs(out, &p.threshold_speed_m_s.source)?;
    let sex = match p.sex.value {
        Sex::Male => "male",
        Sex::Female => "female",
    };
    writeln!(
        out,
        "sex                   {sex:>6}       ({})",
        src(&p.sex.source)
    )?;
    if changed {
        writeln!(out, "saved to {}", store.profile_path().display())?;
    }
    Ok(ExitCode::Success)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sex_values_are_the_profile_file_names() {
        use clap::ValueEnum;
        for v in SexArg::value_variants() {
            let name = v.to_possible_value().unwrap();
            let stored = serde_json::to_string(&Sex::from(*v)).unwrap();
            assert_eq!(stored, format!("\"{}\"", name.get_name()));
        }
    }

    #[test]
    fn paces() {
        assert!((parse_pace("4:00").unwrap() - 1000.0 / 240.0).abs() < 1e-12);
        assert!(parse_pace("4:75").is_err());
        assert!(parse_pace("1:00").is_err());
        assert!(parse_pace("fast").is_err());
    }
}
