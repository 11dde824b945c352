//! `rutscope routes`: the routes a runner runs (matched runs, pace trend on each), workout
//! variety per 4-week window, and the stale-route findings
//! ([`rutscope::analysis::variety`]).

use std::io::Write;

use anyhow::Result;

use super::exit::ExitCode;
use rutscope::analysis::variety::{self, Workout};
use rutscope::store::Store;

/// Arguments of `rutscope routes`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Date range
    #[command(flatten)]
    pub range: super::RangeArgs,

    /// How many routes to print
    #[arg(long, default_value_t = 10)]
    pub top: usize,

    /// Print every route, window and earlier finding
    #[arg(long)]
    pub all: bool,

    /// Print JSON (routes with geometry, each run's route and type, windows, findings)
    #[arg(long)]
    pub json: bool,
}

/// Windows printed without `--all`.
const WINDOWS_SHOWN: usize = 6;

fn pace(s_per_km: Option<f64>) -> String {
    match s_per_km {
        Some(p) if p.is_finite() && p > 0.0 => {
            let s = p.round() as i64;
            format!("{}:{:02}/km", s / 60, s % 60)
        }
        _ => "-".into(),
    }
}

fn pct(x: Option<f64>) -> String {
    x.map_or("-".into(), |x| format!("{:.0}%", x * 100.0))
}

/// Runs `rutscope routes`.
pub fn run(args: Args, store: &Store, out: &mut dyn Write) -> Result<ExitCode> {
    let (_, v) = variety::analyze(store, args.range.range())?;
    if args.json {
        super::write_json(out, &v)?;
        return Ok(ExitCode::Success);
    }
    if v.runs == 0 {
        writeln!(out, "no timed activities to analyse")?;
        return Ok(ExitCode::Success);
    }
    writeln!(
        out,
        "{} runs, {} with a GPS track, on {} routes",
        v.runs,
        v.with_gps,
        v.routes.len()
    )?;
    writeln!(out)?;
    let shown = if args.all {
        v.routes.len()
    } else {
        v.routes.len().min(args.top)
    };
    writeln!(
        out,
        "ROUTES (most run first{}):",
        if shown < v.routes.len() {
            format!("; {shown} of {}, --top N or --all for more", v.routes.len())
        } else {
            String::new()
        }
    )?;
    writeln!(
        out,
        "  {:<4} {:>4}  {:<10}  {:<10}  {:>7}  {:<14} {:>9}  {:<22}  name",
        "id", "runs", "first", "last", "length", "shape", "pace", "pace trend /month"
    )?;
    for r in &v.routes[..shown] {
        let trend = match r.pace_trend_s_per_km_month {
            Some([s, lo, hi]) => format!("{s:+.0} s/km ({lo:+.0}…{hi:+.0})"),
            None => "-".into(),
        };
        let mut notes = Vec::new();
        if r.reversed > 0 {
            notes.push(format!("{} reversed", r.reversed));
        }
        if r.other_start > 0 {
            notes.push(format!("{} from another start", r.other_start));
        }
        if let Some(e) = &r.extends {
            notes.push(format!("extends {e}"));
        }
        writeln!(
            out,
            "  {:<4} {:>4}  {}  {}  {:>4.1} km  {:<14} {:>9}  {:<22}  {}{}",
            r.id,
            r.runs,
            r.first,
            r.last,
            r.length_m / 1000.0,
            r.shape.as_str(),
            pace(r.pace_s_per_km),
            trend,
            r.name,
            if notes.is_empty() {
                String::new()
            } else {
                format!(" [{}]", notes.join(", "))
            }
        )?;
    }
    writeln!(out)?;
    let wshown = if args.all {
        v.windows.len()
    } else {
        v.windows.len().min(WINDOWS_SHOWN)
    };
    writeln!(
        out,
        "VARIETY (4-week windows{}):",
        if wshown < v.windows.len() {
            format!(", the last {wshown}; --all for every one")
        } else {
            String::new()
        }
    )?;
    writeln!(
        out,
        "  {:<10}  {:>4} {:>6} {:>4} {:>4} {:>7} {:>3}  {:<17}  types",
        "from", "runs", "routes", "top", "top2", "entropy", "new", "pace p10–p90"
    )?;
    for w in &v.windows[v.windows.len() - wshown..] {
        let types: Vec<String> = Workout::ALL
            .iter()
            .filter_map(|t| w.workouts.get(t).map(|n| format!("{} {n}", t.as_str())))
            .collect();
        writeln!(
            out,
            "  {}  {:>4} {:>6} {:>4} {:>4} {:>7} {:>3}  {:<17}  {}",
            w.start,
            w.runs,
            w.routes,
            pct(w.top1_share),
            pct(w.top2_share),
            w.route_entropy_bits
                .map_or("-".into(), |e| format!("{e:.1} b")),
            w.new_routes,
            match w.pace_p10_p90_s_per_km {
                Some([a, b]) => format!("{}–{}", pace(Some(a)), pace(Some(b))),
                None => "-".into(),
            },
            types.join(", ")
        )?;
    }
    writeln!(out)?;
    let statements = vec![format!(
        "{} of {} runs have a GPS track; routes matched within {:.0} m (Hausdorff), lengths within {:.0} %",
        v.with_gps,
        v.runs,
        rutscope::analysis::routes::MATCH_M,
        rutscope::analysis::routes::LENGTH_TOL * 100.0
    )];
    super::load::print_findings(out, &v.findings, true, &statements, args.all)?;
    Ok(ExitCode::Success)
}
