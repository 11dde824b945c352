//! Shoes: which shoe each run was in, each shoe's mileage, pace and heart rate, when a shoe
//! passes the distance to retire it at, and whether the runner rotates shoes.
//!
//! # Which shoe a run was in
//! In this order, the first that says:
//! 1. the shoe the runner set for the run (`rutscope set ID --gear NAME`, the journal);
//! 2. the export's gear (Strava's `Activity Gear`), whatever the sport;
//! 3. for runs only, the runner's shoes by their dates (`gear add --from`, `gear retire
//!    --on`): the shoe whose dates cover the day, or of several the one most recently put
//!    into use; a shoe without a first day covers every day before its retirement;
//! 4. for runs only, the default shoe (`gear add --default`) within its dates.
//!
//! Shoes the runner added, the shoes an export lists (Strava's `shoes.csv`: brand, model,
//! the sports it is the default for) and gear the activities name are one list, matched by
//! name ignoring case ([`same_gear`]): adding "Asics 01" gives Strava's "Asics 01" its
//! limit. The runner's brand and model win over the export's.
//! Mileage counts every activity up to the last day analysed, before `--since` too: a
//! shoe's wear does not start with the report.
//!
//! # Limits and rotation
//! A shoe is worn out past its `--retire-at` distance, or [`DEFAULT_RETIRE_AT_M`] for a
//! shoe worn mostly on foot (a bike is not a shoe). Running shoes lose much of their
//! midsole cushioning between 500 and 800 km (Cook, Kester & Brunet 1985, "Shock absorption
//! characteristics of running shoes", Am J Sports Med 13(4)); 700 km is the middle of the
//! makers' 480–800 km advice. Rotating two pairs or more went with a 39 % lower risk of
//! running injury in a prospective cohort (Malisoux et al. 2015, Scand J Med Sci Sports
//! 25(1)): a runner whose every run of the last [`ROTATION_WEEKS`] weeks was in one shoe
//! gets a note.

use std::collections::{BTreeMap, HashMap};

use chrono::{Duration, NaiveDate};
use serde::Serialize;

use super::findings::{Basis, Evidence, Finding, MAX_LISTED, Run, Severity, is_ongoing};
use super::metrics::ActivityFacts;
use super::sport::{self, Class};
use super::training::local_date;
use super::trend::median;
use crate::model::ExportShoe;
use crate::store::journal::{Shoe, same_gear};
use crate::store::records::{ActivityRecord, Status};

/// The distance a running shoe is retired at when the runner set none, metres.
pub const DEFAULT_RETIRE_AT_M: f64 = 700_000.0;
/// Share of a piece of gear's activities on foot (run, walk, hike) that makes it a shoe.
pub const ON_FOOT_SHARE: f64 = 0.8;
/// A shoe used within this many days of the last day analysed is in use.
pub const IN_USE_DAYS: i64 = 28;
/// Weeks the rotation note looks back over.
pub const ROTATION_WEEKS: i64 = 12;
/// Runs in those weeks the note needs (two a week: a runner out once a week wears one pair
/// slowly enough).
pub const ROTATION_MIN_RUNS: usize = 24;
/// Share of those runs whose shoe is known that the note needs (else it cannot tell).
pub const ROTATION_KNOWN_SHARE: f64 = 0.8;

/// Where a run's shoe comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum GearSource {
    /// The runner set it for the run.
    Set,
    /// The export names it.
    Export,
    /// The runner's shoes by their dates.
    Dates,
    /// The default shoe.
    Default,
}

/// One shoe (or piece of gear) and what was done in it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ShoeUse {
    /// Its name (the runner's spelling when they added it, else the export's).
    pub name: String,
    /// Brand, when the runner gave it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub brand: Option<String>,
    /// Model, when the runner gave it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    /// Whether the runner added it (`gear add`), or only the export names it.
    pub added: bool,
    /// Whether an export's shoe list (Strava's `shoes.csv`) lists it.
    pub listed: bool,
    /// The sports the export makes it the default shoe for.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub default_for: Vec<String>,
    /// Whether it is the default shoe.
    pub default: bool,
    /// The day the runner retired it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retired: Option<NaiveDate>,
    /// Activities in it, of every sport.
    pub activities: usize,
    /// Of those, runs.
    pub runs: usize,
    /// Distance of all its activities, metres.
    pub distance_m: f64,
    /// Distance run, metres.
    pub run_distance_m: f64,
    /// First use.
    pub first: Option<NaiveDate>,
    /// Last use.
    pub last: Option<NaiveDate>,
    /// Median grade-adjusted pace of its runs, m/s.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gap_speed_m_s: Option<f64>,
    /// Median of its runs' average heart rate, bpm.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub avg_hr_bpm: Option<f64>,
    /// The distance to retire it at (the runner's, or [`DEFAULT_RETIRE_AT_M`] for a shoe
    /// worn on foot), metres.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retire_at_m: Option<f64>,
    /// Whether the limit is the runner's (else the default).
    pub limit_set: bool,
    /// The day its distance passed the limit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub passed_limit_on: Option<NaiveDate>,
    /// Activities per source of the assignment.
    pub by_source: BTreeMap<GearSource, usize>,
}

/// The gear analysis.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct GearReport {
    /// Shoes (and other gear), most distance first.
    pub shoes: Vec<ShoeUse>,
    /// Runs analysed.
    pub runs: usize,
    /// Of those, with a known shoe.
    pub runs_with_gear: usize,
    /// Each analysed run's shoe and where it comes from, by activity id.
    #[serde(skip)]
    pub of_run: HashMap<String, (String, GearSource)>,
    /// Worn-out shoes still in use, and no rotation.
    pub findings: Vec<Finding>,
}

/// What the runner entered about gear (from the journal).
#[derive(Debug, Clone, Copy)]
pub struct Entered<'a> {
    /// Their shoes, by name.
    pub shoes: &'a BTreeMap<String, Shoe>,
    /// The shoe they set per activity, by activity id.
    pub set: &'a HashMap<String, String>,
    /// The shoes the exports list (brand, model, default sports), below the runner's own.
    pub listed: &'a [ExportShoe],
}

/// One activity as the gear analysis sees it.
struct Used<'a> {
    id: &'a str,
    date: NaiveDate,
    class: Class,
    distance_m: f64,
    gear: Option<(String, GearSource)>,
}

/// The shoe a run was in by the runner's shoes' dates and default (steps 3 and 4).
fn by_dates(shoes: &BTreeMap<String, Shoe>, date: NaiveDate) -> Option<(String, GearSource)> {
    let covers = |s: &Shoe| s.from.is_none_or(|f| f <= date) && s.retired.is_none_or(|r| date <= r);
    let dated = shoes
        .iter()
        .filter(|(_, s)| !s.default && s.from.is_some() && covers(s))
        .max_by_key(|(_, s)| s.from);
    if let Some((name, _)) = dated {
        return Some((name.clone(), GearSource::Dates));
    }
    shoes
        .iter()
        .find(|(_, s)| s.default && covers(s))
        .map(|(name, _)| (name.clone(), GearSource::Default))
}

/// Which shoe each activity was in, and every shoe's use, up to `until` (the last day
/// analysed; every day when `None`); `runs` are the analysed runs (their pace) and `last`
/// the last day analysed (what "in use" and "ongoing" are judged on).
pub fn analyze(
    acts: &[ActivityRecord],
    facts: &HashMap<String, ActivityFacts>,
    runs: &[Run],
    entered: Entered<'_>,
    last: Option<NaiveDate>,
) -> GearReport {
    // The runner's spelling for an export's name that matches one of their shoes.
    let canonical = |name: &str| -> String {
        entered
            .shoes
            .keys()
            .find(|n| same_gear(n, name))
            .cloned()
            .unwrap_or_else(|| name.trim().to_string())
    };
    let mut used: Vec<Used<'_>> = acts
        .iter()
        .filter(|a| a.status == Status::Primary)
        .filter_map(|a| {
            let start = a.start?;
            let lon = facts.get(&a.id).and_then(|f| f.start_lon);
            let date = local_date(start, a.utc_offset_s, lon);
            if last.is_some_and(|l| date > l) {
                return None;
            }
            let class = sport::of_record(a).class;
            let gear = if let Some(g) = entered.set.get(&a.id) {
                Some((canonical(g), GearSource::Set))
            } else if let Some(g) = a.gear.as_deref().filter(|g| !g.trim().is_empty()) {
                Some((canonical(g), GearSource::Export))
            } else if class == Class::Running {
                by_dates(entered.shoes, date)
            } else {
                None
            };
            Some(Used {
                id: &a.id,
                date,
                class,
                distance_m: a.distance_m().unwrap_or(0.0),
                gear,
            })
        })
        .collect();
    used.sort_by_key(|u| u.date);
    let run_by_id: HashMap<&str, &Run> = runs.iter().map(|r| (r.id.as_str(), r)).collect();
    let hr: HashMap<&str, f64> = acts
        .iter()
        .filter_map(|a| {
            // A summary-only activity has only the export's figure.
            let h = a.computed.avg_hr_bpm.or(a.device_totals.avg_hr_bpm)?;
            Some((a.id.as_str(), h))
        })
        .collect();

    let mut shoes: BTreeMap<String, ShoeUse> = entered
        .shoes
        .iter()
        .map(|(name, s)| (name.clone(), new_use(name, Some(s))))
        .collect();
    // The exports' list: every shoe it names, worn or not, with its brand and model where
    // the runner gave none.
    for l in entered.listed {
        let name = canonical(&l.name);
        let s = shoes
            .entry(name.clone())
            .or_insert_with(|| new_use(&name, None));
        if s.brand.is_none() && s.model.is_none() {
            s.brand.clone_from(&l.brand);
            s.model.clone_from(&l.model);
        }
        s.listed = true;
        s.default_for.clone_from(&l.default_for);
    }
    let mut on_foot: HashMap<String, usize> = HashMap::new();
    let mut paces: HashMap<String, Vec<f64>> = HashMap::new();
    let mut hrs: HashMap<String, Vec<f64>> = HashMap::new();
    for u in &used {
        let Some((name, source)) = &u.gear else {
            continue;
        };
        let s = shoes
            .entry(name.clone())
            .or_insert_with(|| new_use(name, None));
        s.activities += 1;
        s.distance_m += u.distance_m;
        s.first = Some(s.first.map_or(u.date, |f| f.min(u.date)));
        s.last = Some(s.last.map_or(u.date, |l| l.max(u.date)));
        *s.by_source.entry(*source).or_default() += 1;
        if matches!(u.class, Class::Running | Class::Walking | Class::Hiking) {
            *on_foot.entry(name.clone()).or_default() += 1;
        }
        if u.class == Class::Running {
            s.runs += 1;
            s.run_distance_m += u.distance_m;
            if let Some(r) = run_by_id.get(u.id) {
                paces
                    .entry(name.clone())
                    .or_default()
                    .extend(r.gap_speed_m_s);
            }
            hrs.entry(name.clone())
                .or_default()
                .extend(hr.get(u.id).copied());
        }
        if s.passed_limit_on.is_none() && s.retire_at_m.is_some_and(|l| s.distance_m >= l) {
            s.passed_limit_on = Some(u.date);
        }
    }
    for (name, s) in shoes.iter_mut() {
        s.gap_speed_m_s = paces.get_mut(name).and_then(|v| median(v));
        s.avg_hr_bpm = hrs.get_mut(name).and_then(|v| median(v));
        // The default limit for gear worn on foot, judged once its use is known.
        let foot = on_foot.get(name).copied().unwrap_or(0) as f64;
        if s.retire_at_m.is_none()
            && s.activities > 0
            && foot >= ON_FOOT_SHARE * s.activities as f64
        {
            s.retire_at_m = Some(DEFAULT_RETIRE_AT_M);
            s.passed_limit_on = passed_on(&used, name, DEFAULT_RETIRE_AT_M);
        }
    }
    let of_run: HashMap<String, (String, GearSource)> = used
        .iter()
        .filter(|u| run_by_id.contains_key(u.id))
        .filter_map(|u| u.gear.clone().map(|g| (u.id.to_string(), g)))
        .collect();
    let last_day = last.or_else(|| used.last().map(|u| u.date));
    let mut findings = Vec::new();
    if let Some(l) = last_day {
        findings.extend(worn(&shoes, &used, l));
        findings.extend(no_rotation(runs, &of_run, l));
    }
    let mut shoes: Vec<ShoeUse> = shoes.into_values().collect();
    shoes.sort_by(|a, b| b.distance_m.total_cmp(&a.distance_m));
    GearReport {
        runs: runs.len(),
        runs_with_gear: of_run.len(),
        shoes,
        of_run,
        findings,
    }
}

fn new_use(name: &str, s: Option<&Shoe>) -> ShoeUse {
    ShoeUse {
        name: name.to_string(),
        brand: s.and_then(|s| s.brand.clone()),
        model: s.and_then(|s| s.model.clone()),
        added: s.is_some(),
        listed: false,
        default_for: Vec::new(),
        default: s.is_some_and(|s| s.default),
        retired: s.and_then(|s| s.retired),
        activities: 0,
        runs: 0,
        distance_m: 0.0,
        run_distance_m: 0.0,
        first: None,
        last: None,
        gap_speed_m_s: None,
        avg_hr_bpm: None,
        retire_at_m: s.and_then(|s| s.retire_at_m),
        limit_set: s.is_some_and(|s| s.retire_at_m.is_some()),
        passed_limit_on: None,
        by_source: BTreeMap::new(),
    }
}

/// The day a shoe's distance reached `limit`.
fn passed_on(used: &[Used<'_>], name: &str, limit: f64) -> Option<NaiveDate> {
    let mut total = 0.0;
    for u in used {
        if u.gear.as_ref().is_some_and(|(n, _)| n == name) {
            total += u.distance_m;
            if total >= limit {
                return Some(u.date);
            }
        }
    }
    None
}

/// Shoes past their limit and still in use (worn within [`IN_USE_DAYS`] of `last`, not
/// retired): an alert with the runs since it passed.
fn worn(shoes: &BTreeMap<String, ShoeUse>, used: &[Used<'_>], last: NaiveDate) -> Vec<Finding> {
    let mut out = Vec::new();
    for (name, s) in shoes {
        let (Some(limit), Some(passed), Some(last_use)) =
            (s.retire_at_m, s.passed_limit_on, s.last)
        else {
            continue;
        };
        if s.retired.is_some() || last_use < last - Duration::days(IN_USE_DAYS) {
            continue;
        }
        let since: Vec<&Used<'_>> = used
            .iter()
            .filter(|u| u.date > passed && u.gear.as_ref().is_some_and(|(n, _)| n == name))
            .collect();
        out.push(Finding {
            kind: super::findings::Kind::ShoeWorn,
            severity: Severity::Alert,
            detected_on: passed,
            start: passed,
            end: last_use,
            ongoing: is_ongoing(last_use, last),
            evidence: Evidence::ShoeWorn {
                shoe: name.clone(),
                distance_m: s.distance_m,
                limit_m: limit,
                limit_set: s.limit_set,
                passed_on: passed,
                since: since.len(),
                since_m: since.iter().map(|u| u.distance_m).sum(),
            },
            activities: since
                .iter()
                .take(MAX_LISTED)
                .map(|u| u.id.to_string())
                .collect(),
            activity_count: since.len(),
            basis: Basis::Runs {
                runs: s.activities,
                weeks: (last_use - s.first.unwrap_or(last_use)).num_weeks(),
            },
        });
    }
    out
}

/// Every run of the last [`ROTATION_WEEKS`] weeks in one shoe: a note.
fn no_rotation(
    runs: &[Run],
    of_run: &HashMap<String, (String, GearSource)>,
    last: NaiveDate,
) -> Vec<Finding> {
    let from = last - Duration::weeks(ROTATION_WEEKS) + Duration::days(1);
    let recent: Vec<&Run> = runs
        .iter()
        .filter(|r| r.date >= from && r.date <= last)
        .collect();
    if recent.len() < ROTATION_MIN_RUNS {
        return Vec::new();
    }
    let known: Vec<(&Run, &str)> = recent
        .iter()
        .filter_map(|r| of_run.get(&r.id).map(|(n, _)| (*r, n.as_str())))
        .collect();
    if (known.len() as f64) < ROTATION_KNOWN_SHARE * recent.len() as f64 {
        return Vec::new();
    }
    let Some(&(_, shoe)) = known.first() else {
        return Vec::new();
    };
    if known.iter().any(|(_, n)| *n != shoe) {
        return Vec::new();
    }
    let (start, end) = (recent[0].date, recent[recent.len() - 1].date);
    vec![Finding {
        kind: super::findings::Kind::NoShoeRotation,
        severity: Severity::Info,
        detected_on: end,
        start,
        end,
        ongoing: is_ongoing(end, last),
        evidence: Evidence::NoShoeRotation {
            shoe: shoe.to_string(),
            runs: known.len(),
            weeks: ROTATION_WEEKS,
        },
        activities: known
            .iter()
            .take(MAX_LISTED)
            .map(|(r, _)| r.id.clone())
            .collect(),
        activity_count: known.len(),
        basis: Basis::Runs {
            runs: recent.len(),
            weeks: ROTATION_WEEKS,
        },
    }]
}
