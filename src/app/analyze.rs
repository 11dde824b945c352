//! One analysis pass: the store's activities (with the runner's corrections from the
//! journal applied: the sport and race flag they set replace the imported ones), import
//! records, profile settings and facts cache are read once, and every analysis runs over that plain data — training load and
//! its findings, routes and variety, plateaus, the summary's verdict, seasons, gear and
//! data quality. Every command that reports (`load`, `plateaus`, `routes`, `report`)
//! builds on it, so they all state the same facts.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;

use crate::analysis::findings::Finding;
use crate::analysis::findings::HrAnchors;
use crate::analysis::metrics::aerobic_ref_hr_bpm;
use crate::analysis::metrics::{ActivityFacts, activity_facts};
use crate::analysis::overview::{self, DataQuality, Gear, MonthPace};
use crate::analysis::plateau::{self, PlateauReport, Signal};
use crate::analysis::profile::ProfileSettings;
use crate::analysis::seasons::{self, SeasonReport};
use crate::analysis::summary::{self, Summary};
use crate::analysis::training::{self, Range, TrainingLoad};
use crate::analysis::variety::{self, VarietyReport};
use crate::analysis::years::{self, Year};
use crate::store::records::{ActivityRecord, ImportRecord};
use crate::store::{Store, StoreError};

/// Every analysis of a store over a date range.
#[derive(Debug, Clone, Serialize)]
pub struct Analysis {
    /// First day analysed.
    pub first: Option<NaiveDate>,
    /// Last day analysed.
    pub last: Option<NaiveDate>,
    /// The day the verdict is judged on (None: the last day analysed).
    pub today: Option<NaiveDate>,
    /// The verdict and its reasons.
    pub summary: Summary,
    /// Plateaus per signal (aerobic, race, distance).
    pub plateaus: PlateauReport,
    /// Training load: profile, runs, daily and weekly series, efficiency, findings.
    pub load: TrainingLoad,
    /// Routes and variety, with their findings.
    pub routes: VarietyReport,
    /// Pace at the aerobic heart rate by calendar month (long histories only).
    pub seasons: Vec<MonthPace>,
    /// Seasons that come back: each month against its year, the seasonal-slump findings,
    /// and the load findings the season explains.
    pub seasonal: SeasonReport,
    /// Year over year (histories over two calendar years or more).
    pub years: Vec<Year>,
    /// Whether the runner took a week or two off each year.
    pub yearly_break: Option<Finding>,
    /// Gear mileage.
    pub gear: Vec<Gear>,
    /// What the store holds and what the analyses used.
    pub data: DataQuality,
}

impl Analysis {
    /// Every finding: routes and variety first, then load, then seasons and years.
    pub fn findings(&self) -> impl Iterator<Item = &Finding> {
        self.routes
            .findings
            .iter()
            .chain(&self.load.findings)
            .chain(&self.seasonal.findings)
            .chain(&self.yearly_break)
    }
}

/// Reads the store once and runs every analysis, over the activities as the runner
/// corrected them ([`Store::corrected_activities`]).
pub fn analyze(store: &Store, range: Range) -> Result<Analysis, StoreError> {
    let (acts, _corrections) = store.corrected_activities()?;
    let imports = store.imports()?;
    let settings = store.profile_settings()?;
    let facts = store.facts(activity_facts)?;
    Ok(analyze_data(&acts, &imports, &facts, &settings, range))
}

/// Every analysis over plain data: the activities, import records and facts (by activity
/// id) of a store, and the athlete's profile settings.
pub fn analyze_data(
    acts: &[ActivityRecord],
    imports: &[ImportRecord],
    facts: &HashMap<String, ActivityFacts>,
    settings: &ProfileSettings,
    range: Range,
) -> Analysis {
    let mut load = training::analyze(acts, facts, settings, range);
    // The season before the rules' verdicts: a summer slowdown the runner's own other
    // summers show is the season, not fatigue (see `analysis::seasons`). No source fills
    // a run's temperature yet (the facts cache keeps no temperature channel); the map is
    // where a FIT channel or a weather column will put it.
    let temperature_c: HashMap<String, f64> = HashMap::new();
    let seasonal = seasons::analyze(seasons::Input {
        runs: &load.runs,
        temperature_c: &temperature_c,
        daily: &load.daily,
        weekly: &load.weekly,
        breaks: &load.breaks,
        hr: HrAnchors {
            rest_bpm: load.profile.rest_hr_bpm.value,
            aerobic_ref_bpm: aerobic_ref_hr_bpm(&load.profile),
        },
        findings: &load.findings,
    });
    load.findings.retain(|f| !seasonal.explained.contains(f));
    let years = load
        .daily
        .last()
        .map_or_else(Vec::new, |d| years::years(&load.runs, &load.breaks, d.date));
    let yearly_break = years::yearly_break(&years, &load.runs);
    let tracks: HashMap<String, Vec<[f64; 2]>> = load
        .runs
        .iter()
        .filter_map(|r| facts.get(&r.id).map(|f| (r.id.clone(), f.track.clone())))
        .collect();
    let routes = variety::analyze_runs(&load.runs, &tracks, &load.breaks);
    let plateaus = plateau::report(
        &load,
        &routes.findings,
        &[Signal::Race, Signal::Aerobic, Signal::Distance],
    );
    // The seasonal findings span years: as a reason they would overlap every plateau; the
    // summary names the season in its own line when it is on now.
    let findings: Vec<&Finding> = routes.findings.iter().chain(&load.findings).collect();
    let run_dates: Vec<NaiveDate> = load.runs.iter().map(|r| r.date).collect();
    let summary = summary::summarize(
        &plateaus,
        &findings,
        summary::Now {
            breaks: &load.breaks,
            runs: &run_dates,
            today: range.today,
        },
    );
    Analysis {
        first: load.daily.first().map(|d| d.date),
        last: load.daily.last().map(|d| d.date),
        today: range.today,
        summary,
        seasons: overview::seasons(&load.runs),
        seasonal,
        years,
        yearly_break,
        gear: overview::gear(acts, &load.runs),
        data: overview::data_quality(acts, imports, &load.runs),
        plateaus,
        load,
        routes,
    }
}
