//! `rutscope simulate`: write a simulated runner's history with known truths.

use std::ffi::OsStr;
use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, Result};
use chrono::NaiveDate;
use clap::ValueEnum;
use clap::builder::{EnumValueParser, PossibleValue, TypedValueParser};

use super::exit::ExitCode;
use rutscope::simulate::session::{HrModel, Recording};
use rutscope::simulate::{
    Config, CutBack, OutFormat, PlateauShape, RunDays, Scenario, write_simulation,
};

/// Arguments of `rutscope simulate`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Folder to write the activity files and truth.json into
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,

    /// Length of the history in weeks
    #[arg(long, default_value_t = 52)]
    pub weeks: u32,

    /// Seed: the same seed and options give byte-identical files
    #[arg(long, default_value_t = 7)]
    pub seed: u64,

    /// File format
    #[arg(long, value_enum, default_value_t = FormatArg::Fit)]
    pub format: FormatArg,

    /// What to plant; combine with + (plateau+stale-routes)
    #[arg(long, default_value = "healthy", value_name = "NAME", value_parser = ScenariosParser)]
    pub scenario: Scenarios,

    /// Week (0-based) from which the scenario's change applies [default: 45 % of --weeks]
    #[arg(long, value_name = "N")]
    pub change_week: Option<u32>,

    /// First day of the history (YYYY-MM-DD)
    #[arg(long, default_value = "2024-01-01")]
    pub start: NaiveDate,

    /// Watch recording: a sample every 1–5 s, or smart (every 1–7 s)
    #[arg(long, value_enum, default_value_t = RecordingArg::EverySecond)]
    pub recording: RecordingArg,

    /// GPS position error (σ per axis, metres; AR(1), correlated over about 10 s): 1 open
    /// sky, 2.5 a usual wrist GPS, 6 or more under trees and between buildings
    #[arg(long, value_name = "METRES", default_value_t = 2.5, value_parser = gps_noise)]
    pub gps_noise: f64,

    /// New routes the runner discovers per month in varied phases
    #[arg(long, default_value_t = 1.0, value_name = "RATE")]
    pub new_routes_per_month: f64,

    /// Runs in a normal week (3–7; without it 4, as the scenario plans): extra runs are
    /// easy, fewer drop the easy and recovery runs (quality and long stay); a rut keeps this
    /// many runs, an overreach runs every day
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(3..=7))]
    pub runs_per_week: Option<u32>,

    /// Shape of a planted plateau
    #[arg(long, value_enum, default_value_t = PlateauShapeArg::Step)]
    pub plateau_shape: PlateauShapeArg,

    /// Weekdays of the runs
    #[arg(long, value_enum, default_value_t = RunDaysArg::Fixed)]
    pub run_days: RunDaysArg,

    /// Lighter weeks
    #[arg(long, value_enum, default_value_t = CutBackArg::Every4th)]
    pub cut_back: CutBackArg,

    /// How heart rate responds to effort
    #[arg(long, value_enum, default_value_t = HrModelArg::Lagged)]
    pub hr_model: HrModelArg,

    /// Put a few gaps of 1–4 weeks without running into the history (one per half year;
    /// none near the change, none in an overreach; shorter than a break)
    #[arg(long)]
    pub gaps: bool,

    /// Add rides and strength sessions beside the runs, written with their own sport
    #[arg(long)]
    pub cross_training: bool,
}

/// `--gps-noise`: a finite σ from 0 to 30 m.
fn gps_noise(s: &str) -> Result<f64, String> {
    let v: f64 = s.parse().map_err(|e| format!("{e}"))?;
    if v.is_finite() && (0.0..=30.0).contains(&v) {
        Ok(v)
    } else {
        Err("expected metres from 0 to 30".into())
    }
}

/// `--plateau-shape`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum PlateauShapeArg {
    /// The runner falls into a rut at the change (the same moderate runs on the same
    /// routes): the signals move at once.
    Step,
    /// Fitness rises linearly, then stays flat from the change while the training goes on
    /// as before: no level jump.
    Hinge,
}

impl From<PlateauShapeArg> for PlateauShape {
    fn from(a: PlateauShapeArg) -> PlateauShape {
        match a {
            PlateauShapeArg::Step => PlateauShape::Step,
            PlateauShapeArg::Hinge => PlateauShape::Hinge,
        }
    }
}

/// `--run-days`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum RunDaysArg {
    /// The plan's weekdays (easy Tuesday, quality Thursday, long Sunday, ...).
    Fixed,
    /// Distinct weekdays drawn at random each week; rest days wherever they fall.
    Random,
}

impl From<RunDaysArg> for RunDays {
    fn from(a: RunDaysArg) -> RunDays {
        match a {
            RunDaysArg::Fixed => RunDays::Fixed,
            RunDaysArg::Random => RunDays::Random,
        }
    }
}

/// `--cut-back`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CutBackArg {
    /// Every fourth week at about two thirds of the volume.
    #[value(name = "every-4th")]
    Every4th,
    /// No lighter weeks; the volume grows every week by the same 4-week factor, so that it
    /// reaches its cap in the same week as with cut-back weeks.
    None,
}

impl From<CutBackArg> for CutBack {
    fn from(a: CutBackArg) -> CutBack {
        match a {
            CutBackArg::Every4th => CutBack::Every4th,
            CutBackArg::None => CutBack::None,
        }
    }
}

/// `--hr-model`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum HrModelArg {
    /// Steady state a power law of effort, reached with a 35 s lag, cardiac drift.
    Lagged,
    /// Steady state linear in effort, a 20 s lag, the same drift.
    Linear,
    /// Lagged, plus a day-to-day offset (σ 3 bpm).
    Daily,
}

impl From<HrModelArg> for HrModel {
    fn from(a: HrModelArg) -> HrModel {
        match a {
            HrModelArg::Lagged => HrModel::Lagged,
            HrModelArg::Linear => HrModel::Linear,
            HrModelArg::Daily => HrModel::Daily,
        }
    }
}

/// `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FormatArg {
    /// FIT files.
    Fit,
    /// GPX 1.1.
    Gpx,
    /// TCX.
    Tcx,
    /// FIT, GPX and TCX in turn.
    Mixed,
}

impl From<FormatArg> for OutFormat {
    fn from(f: FormatArg) -> OutFormat {
        match f {
            FormatArg::Fit => OutFormat::Fit,
            FormatArg::Gpx => OutFormat::Gpx,
            FormatArg::Tcx => OutFormat::Tcx,
            FormatArg::Mixed => OutFormat::Mixed,
        }
    }
}

/// `--recording`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum RecordingArg {
    /// A sample every second.
    #[value(name = "1s")]
    EverySecond,
    /// A sample every 2 s.
    #[value(name = "2s")]
    Every2,
    /// A sample every 3 s.
    #[value(name = "3s")]
    Every3,
    /// A sample every 4 s.
    #[value(name = "4s")]
    Every4,
    /// A sample every 5 s.
    #[value(name = "5s")]
    Every5,
    /// Smart recording: a sample every 1–7 s.
    Smart,
}

impl From<RecordingArg> for Recording {
    fn from(r: RecordingArg) -> Recording {
        match r {
            RecordingArg::EverySecond => Recording::EverySecond,
            RecordingArg::Every2 => Recording::Every(2),
            RecordingArg::Every3 => Recording::Every(3),
            RecordingArg::Every4 => Recording::Every(4),
            RecordingArg::Every5 => Recording::Every(5),
            RecordingArg::Smart => Recording::Smart,
        }
    }
}

/// One part of `--scenario` ([`Scenario::parse`] names).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ScenarioArg {
    /// Steady progress.
    Improving,
    /// Progress, then the same runs at the same pace from the change week.
    Plateau,
    /// Nearly every run on the same one or two routes from the change week.
    StaleRoutes,
    /// Volume ramping to twice the usual, no rest: fitness falls.
    Overtraining,
    /// A dip every winter.
    Seasonal,
    /// Varied, periodized, rested: nothing to flag.
    Healthy,
}

impl From<ScenarioArg> for Scenario {
    fn from(s: ScenarioArg) -> Scenario {
        match s {
            ScenarioArg::Improving => Scenario::Improving,
            ScenarioArg::Plateau => Scenario::Plateau,
            ScenarioArg::StaleRoutes => Scenario::StaleRoutes,
            ScenarioArg::Overtraining => Scenario::Overtraining,
            ScenarioArg::Seasonal => Scenario::Seasonal,
            ScenarioArg::Healthy => Scenario::Healthy,
        }
    }
}

/// `--scenario`: one or more scenarios joined with `+`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scenarios(pub Vec<ScenarioArg>);

/// Parses `--scenario` part by part with clap's own enum parser, so that an unknown part gets
/// the same error as any enumerated flag: the flag, the value, the possible values.
#[derive(Debug, Clone, Copy)]
pub struct ScenariosParser;

impl TypedValueParser for ScenariosParser {
    type Value = Scenarios;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &OsStr,
    ) -> Result<Scenarios, clap::Error> {
        let one = EnumValueParser::<ScenarioArg>::new();
        let Some(text) = value.to_str() else {
            // Not UTF-8: let the enum parser report it for the flag.
            return one.parse_ref(cmd, arg, value).map(|s| Scenarios(vec![s]));
        };
        text.split('+')
            .map(|part| match part.trim() {
                // `plateau+`: clap would say "a value is required"; name the whole value.
                "" => one.parse_ref(cmd, arg, value),
                part => one.parse_ref(cmd, arg, OsStr::new(part)),
            })
            .collect::<Result<_, _>>()
            .map(Scenarios)
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new(
            ScenarioArg::value_variants()
                .iter()
                .filter_map(ValueEnum::to_possible_value),
        ))
    }
}

/// Runs `rutscope simulate`.
pub fn run(args: Args, out: &mut dyn Write) -> Result<ExitCode> {
    let cfg = config(&args)?;
    let t = std::time::Instant::now();
    // Written as it is simulated: memory stays that of a few activities, not the history's.
    let truth = write_simulation(&cfg, &args.out)
        .with_context(|| format!("writing into {}", args.out.display()))?;
    writeln!(
        out,
        "wrote {} activities over {} weeks and truth.json to {} in {:.1} s",
        truth.activities.len(),
        cfg.weeks,
        args.out.display(),
        t.elapsed().as_secs_f64()
    )?;
    for p in &truth.planted {
        writeln!(
            out,
            "planted {} from {} to {}: {}",
            p.kind, p.start, p.end, p.detail
        )?;
    }
    Ok(ExitCode::Success)
}

/// The flags as the simulator's configuration.
fn config(args: &Args) -> Result<Config> {
    if args.weeks == 0 {
        anyhow::bail!("--weeks must be at least 1");
    }
    Ok(Config {
        seed: args.seed,
        weeks: args.weeks,
        start: args.start,
        scenarios: args
            .scenario
            .0
            .iter()
            .copied()
            .map(Scenario::from)
            .collect(),
        change_week: args.change_week,
        format: args.format.into(),
        recording: args.recording.into(),
        new_routes_per_month: args.new_routes_per_month,
        runs_per_week: args.runs_per_week,
        plateau_shape: args.plateau_shape.into(),
        run_days: args.run_days.into(),
        cut_back: args.cut_back.into(),
        hr_model: args.hr_model.into(),
        gps_noise_m: args.gps_noise,
        gaps: args.gaps,
        cross_training: args.cross_training,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(extra: &[&str]) -> Result<Config> {
        use clap::Parser;
        #[derive(clap::Parser)]
        struct Cli {
            #[command(flatten)]
            args: Args,
        }
        let argv = [&["simulate", "--out", "d"][..], extra].concat();
        config(&Cli::try_parse_from(argv)?.args)
    }

    #[test]
    fn the_variant_flags_reach_the_configuration() {
        let plain = parse(&[]).unwrap();
        assert!(plain.is_default_variant());
        let c = parse(&[
            "--plateau-shape",
            "hinge",
            "--run-days",
            "random",
            "--runs-per-week",
            "3",
            "--cut-back",
            "none",
            "--hr-model",
            "daily",
            "--recording",
            "4s",
            "--gps-noise",
            "6",
            "--gaps",
            "--cross-training",
        ])
        .unwrap();
        assert_eq!(c.plateau_shape, PlateauShape::Hinge);
        assert_eq!(c.run_days, RunDays::Random);
        assert_eq!(c.runs_per_week, Some(3));
        assert_eq!(c.cut_back, CutBack::None);
        assert_eq!(c.hr_model, HrModel::Daily);
        assert_eq!(c.recording, Recording::Every(4));
        assert_eq!(c.gps_noise_m, 6.0);
        assert!(c.gaps && c.cross_training && !c.is_default_variant());
        for bad in [
            &["--runs-per-week", "2"][..],
            &["--runs-per-week", "8"],
            &["--recording", "6s"],
            &["--gps-noise", "-1"],
            &["--gps-noise", "nan"],
            &["--hr-model", "direct"],
        ] {
            assert!(parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn recording_values_are_the_names_written_in_the_truth() {
        for v in RecordingArg::value_variants() {
            let name = v.to_possible_value().unwrap();
            assert_eq!(Recording::from(*v).name(), name.get_name());
        }
    }

    /// The JSON name of a unit enum variant.
    fn json<T: serde::Serialize>(v: T) -> String {
        serde_json::to_value(v)
            .unwrap()
            .as_str()
            .unwrap()
            .to_string()
    }

    #[test]
    fn variant_values_are_the_names_written_in_the_truth() {
        fn check<A: ValueEnum + Copy, T: serde::Serialize + From<A>>() {
            for v in A::value_variants() {
                let name = v.to_possible_value().unwrap();
                assert_eq!(json(T::from(*v)), name.get_name());
            }
        }
        check::<PlateauShapeArg, PlateauShape>();
        check::<RunDaysArg, RunDays>();
        check::<CutBackArg, CutBack>();
        check::<HrModelArg, HrModel>();
    }

    #[test]
    fn scenario_values_are_the_simulator_names() {
        for v in ScenarioArg::value_variants() {
            let name = v.to_possible_value().unwrap();
            assert_eq!(Scenario::parse(name.get_name()), Some(Scenario::from(*v)));
        }
    }
}
