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
use crate::analysis::metrics::{ActivityFacts, activity_facts};
use crate::analysis::overview::{self, DataQuality, Gear, MonthPace};
use crate::analysis::plateau::{self, PlateauReport, Signal};
use crate::analysis::profile::ProfileSettings;
use crate::analysis::summary::{self, Summary};
use crate::analysis::training::{self, Range, TrainingLoad};
use crate::analysis::variety::{self, VarietyReport};
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
    /// Gear mileage.
    pub gear: Vec<Gear>,
    /// What the store holds and what the analyses used.
    pub data: DataQuality,
}

impl Analysis {
    /// Every finding: routes and variety first, then load.
    pub fn findings(&self) -> impl Iterator<Item = &Finding> {
        self.routes.findings.iter().chain(&self.load.findings)
    }
}

/// Reads the store once and runs every analysis, over the activities as the runner
/// corrected them ([`Store::corrected_activities`]).
pub fn analyze(store: &Store, range: Range) -> Result<Analysis, StoreError> {
    let (acts, _corrections) = store.corrected_activities()?;
    let imports = store.imports()?;
    let settings = store.profile_settings()?;
    let facts = store.facts(activity_facts)?;
    let rest_days =
        crate::store::wellness::resting_hr(&crate::store::wellness::days(&store.wellness()?));
    Ok(analyze_data(
        &acts, &imports, &facts, &settings, &rest_days, range,
    ))
}

/// Every analysis over plain data: the activities, import records and facts (by activity
/// id) of a store, the athlete's profile settings and the measured daily resting heart
/// rates (date, bpm; empty without a wellness export).
pub fn analyze_data(
    acts: &[ActivityRecord],
    imports: &[ImportRecord],
    facts: &HashMap<String, ActivityFacts>,
    settings: &ProfileSettings,
    rest_days: &[(NaiveDate, f64)],
    range: Range,
) -> Analysis {
    let load = training::analyze(acts, facts, settings, rest_days, range);
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
        gear: overview::gear(acts, &load.runs),
        data: overview::data_quality(acts, imports, &load.runs),
        plateaus,
        load,
        routes,
    }
}
