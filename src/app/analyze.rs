//! One analysis pass: the store's activities (with the runner's corrections from the
//! journal applied: the sport and race flag they set replace the imported ones), import
//! records, profile settings and facts cache are read once, and every analysis runs over that plain data — training load and
//! its findings, routes and variety, plateaus, the summary's verdict, seasons, gear and
//! data quality. Every command that reports (`load`, `plateaus`, `routes`, `report`)
//! builds on it, so they all state the same facts.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use serde::Serialize;

use crate::analysis::cross::{self, CrossReport};
use crate::analysis::effort;
use crate::analysis::findings::Finding;
use crate::analysis::findings::HrAnchors;
use crate::analysis::gear::{self, GearReport};
use crate::analysis::goals::{self, GoalStatus};
use crate::analysis::metrics::aerobic_ref_hr_bpm;
use crate::analysis::metrics::{ActivityFacts, activity_facts};
use crate::analysis::overview::{self, DataQuality, MonthPace};
use crate::analysis::plateau::{self, PlateauReport, Signal};
use crate::analysis::profile::ProfileSettings;
use crate::analysis::recovery::{self, RecoveryReport};
use crate::analysis::seasons::{self, SeasonReport};
use crate::analysis::summary::{self, Suggestion, Summary, Verdict};
use crate::analysis::training::{self, Range, TrainingLoad};
use crate::analysis::variety::{self, VarietyReport};
use crate::analysis::years::{self, Year};
use crate::store::journal::{Corrections, Goal, Journal, Shoe, apply};
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
    /// Shoes: which shoe each run was in, mileage, limits, rotation.
    pub gear: GearReport,
    /// The runner's goals and where they stand.
    pub goals: Vec<GoalStatus>,
    /// Resting heart rate, sleep, stress and illness beside the training.
    pub recovery: RecoveryReport,
    /// The runner's notes, shown beside the findings they may explain.
    #[serde(skip)]
    pub notes: Notes,
    /// Strength work and other sports: per sport, and their findings (the weekly counts
    /// are the load's).
    pub cross_training: CrossReport,
    /// Seasons that come back: each month against its year, the seasonal-slump findings,
    /// and the load findings the season explains.
    pub seasonal: SeasonReport,
    /// Year over year (histories over two calendar years or more).
    pub years: Vec<Year>,
    /// Whether the runner took a week or two off each year.
    pub yearly_break: Option<Finding>,
    /// What the store holds and what the analyses used.
    pub data: DataQuality,
}

impl Analysis {
    /// Every finding: routes and variety first, then load, recovery, other sports and
    /// shoes, then seasons and years.
    pub fn findings(&self) -> impl Iterator<Item = &Finding> {
        self.routes
            .findings
            .iter()
            .chain(&self.load.findings)
            .chain(&self.seasonal.findings)
            .chain(&self.yearly_break)
            .chain(&self.recovery.findings)
            .chain(&self.cross_training.findings)
            .chain(&self.gear.findings)
    }
}

/// The runner's own words: their notes on runs (with the run's date), and on days.
#[derive(Debug, Clone, Default)]
pub struct Notes {
    /// Notes on activities, by id: the journal's, or the export's private note.
    pub runs: HashMap<String, (NaiveDate, crate::store::journal::Note)>,
    /// Notes on days.
    pub days: BTreeMap<NaiveDate, crate::store::journal::DayEntry>,
}

/// What the runner entered, and the measured daily figures, that the analyses use besides
/// the corrections already applied to the activities: their shoes, the shoe they set per
/// activity, perceived exertion, the days (the watch's resting heart rate, sleep and
/// stress with the runner's day notes over them), their goals.
#[derive(Debug, Clone, Default)]
pub struct Entered {
    /// Their shoes, by name.
    pub shoes: BTreeMap<String, Shoe>,
    /// The shoe they set, by activity id.
    pub gear_set: HashMap<String, String>,
    /// Perceived exertion (1–10) by activity id: the runner's notes, else the export's.
    pub rpe: HashMap<String, u8>,
    /// Daily recovery data: the watch's (resting heart rate, sleep, stress) with the
    /// runner's day notes over it, by date.
    pub days: Vec<recovery::Day>,
    /// The measured daily resting heart rates (date, bpm), for the profile.
    pub rest_days: Vec<(NaiveDate, f64)>,
    /// Their goals.
    pub goals: Vec<Goal>,
    /// The shoes the exports list (imported, not entered: the runner's own win).
    pub listed_shoes: Vec<crate::model::ExportShoe>,
    /// Their notes with text (the journal's, else an export's private note), by activity
    /// id, and their day notes.
    pub notes: HashMap<String, crate::store::journal::Note>,
    /// Their day notes.
    pub day_notes: BTreeMap<NaiveDate, crate::store::journal::DayEntry>,
}

impl Entered {
    /// From the journal, its corrections for a store's activities
    /// ([`Journal::corrections`]), the wellness days and the exports' shoe list.
    pub fn of(
        journal: &Journal,
        acts: &[ActivityRecord],
        corrections: &Corrections,
        wellness: &[crate::store::wellness::Day],
        listed_shoes: Vec<crate::model::ExportShoe>,
    ) -> Self {
        let gear_set = corrections
            .iter()
            .filter_map(|(id, c)| c.gear.clone().map(|g| (id.clone(), g)))
            .collect();
        // The export's rating (1–10, as the watch shows it), the runner's over it.
        let mut rpe: HashMap<String, u8> = acts
            .iter()
            .filter_map(|a| {
                let r = a.annotations.rpe.filter(|r| r.is_finite())?;
                Some((a.id.clone(), r.round().clamp(1.0, 10.0) as u8))
            })
            .collect();
        rpe.extend(
            corrections
                .iter()
                .filter_map(|(id, c)| c.note.as_ref()?.rpe.map(|r| (id.clone(), r))),
        );
        let mut days: BTreeMap<NaiveDate, recovery::Day> = wellness
            .iter()
            .map(|w| {
                (
                    w.date,
                    recovery::Day {
                        date: w.date,
                        resting_hr_bpm: w.resting_hr_bpm,
                        // A default sleep window is the watch's guess of bedtime, not
                        // sleep measured: it says nothing about a short night.
                        sleep_s: w.sleep_s.filter(|_| w.sleep_window_only != Some(true)),
                        stress: w.stress_avg,
                        ..Default::default()
                    },
                )
            })
            .collect();
        for (date, d) in &journal.days {
            let day = days.entry(*date).or_insert_with(|| recovery::Day {
                date: *date,
                ..Default::default()
            });
            // The runner's night wins over the watch's.
            if d.sleep_s.is_some() {
                day.sleep_s = d.sleep_s;
            }
            day.noted_stress = d.stress;
            day.sick = d.sick;
        }
        // The runner's words: their note, else the private note they wrote in Strava.
        let mut notes: HashMap<String, crate::store::journal::Note> = acts
            .iter()
            .filter_map(|a| {
                let text = a.annotations.private_note.clone()?;
                Some((
                    a.id.clone(),
                    crate::store::journal::Note {
                        text: Some(text),
                        ..Default::default()
                    },
                ))
            })
            .collect();
        notes.extend(
            corrections
                .iter()
                .filter_map(|(id, c)| c.note.clone().map(|n| (id.clone(), n))),
        );
        Entered {
            notes,
            day_notes: journal.days.clone(),
            shoes: journal.gear.clone(),
            gear_set,
            rpe,
            days: days.into_values().collect(),
            rest_days: crate::store::wellness::resting_hr(wellness),
            goals: journal.goals.clone(),
            listed_shoes,
        }
    }
}

/// Reads the store once and runs every analysis, over the activities as the runner
/// corrected them (the journal's corrections applied, as [`Store::corrected_activities`]).
pub fn analyze(store: &Store, range: Range) -> Result<Analysis, StoreError> {
    let journal = store.journal()?;
    let mut acts = store.activities()?;
    let corrections = journal.corrections(&acts);
    apply(&mut acts, &corrections);
    let wellness = crate::store::wellness::days(&store.wellness()?);
    let entered = Entered::of(
        &journal,
        &acts,
        &corrections,
        &wellness,
        store.export_gear()?,
    );
    let imports = store.imports()?;
    let settings = store.profile_settings()?;
    let facts = store.facts(activity_facts)?;
    Ok(analyze_data(
        &acts, &imports, &facts, &settings, &entered, range,
    ))
}

/// Every analysis over plain data: the activities, import records and facts (by activity
/// id) of a store, the athlete's profile settings, what they entered and the measured
/// daily figures ([`Entered`]).
pub fn analyze_data(
    acts: &[ActivityRecord],
    imports: &[ImportRecord],
    facts: &HashMap<String, ActivityFacts>,
    settings: &ProfileSettings,
    entered: &Entered,
    range: Range,
) -> Analysis {
    let mut load = training::analyze(acts, facts, settings, &entered.rest_days, range);
    if let Some(l) = load.daily.last().map(|d| d.date) {
        // How the runs felt is a load finding: a sign of fatigue beside the heart rate's.
        load.findings
            .extend(effort::findings(&load.runs, &entered.rpe, l));
        load.findings.sort_by_key(|f| f.detected_on);
    }
    // The season before the rules' verdicts: a summer slowdown the runner's own other
    // summers show is the season, not fatigue (see `analysis::seasons`). A run's air
    // temperature is the export's weather (Strava's weather columns); the device's sensor
    // sits on a warm wrist and is not used.
    let temperature_c: HashMap<String, f64> = acts
        .iter()
        .filter_map(|a| a.air_temperature_c().map(|t| (a.id.clone(), t)))
        .collect();
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
    // The years run to the day judged: a runner on a break has not run since their last
    // run, and that time off is this year's (asplitline judged on 2026-11-30 read "2026:
    // 20 days off", 197 days after its last run).
    let years = load.daily.last().map_or_else(Vec::new, |d| {
        let to = range.today.map_or(d.date, |t| t.max(d.date));
        years::years(&load.runs, &load.breaks, to)
    });
    let yearly_break = years::yearly_break(&years, &load.runs);
    let tracks: HashMap<String, Vec<[f64; 2]>> = load
        .runs
        .iter()
        .filter_map(|r| facts.get(&r.id).map(|f| (r.id.clone(), f.track.clone())))
        .collect();
    let routes = variety::analyze_runs(&load.runs, &tracks, &load.breaks);
    let last = load.daily.last().map(|d| d.date);
    let cross_training = match (load.daily.first(), last) {
        (Some(f), Some(l)) => cross::analyze(
            &load.runs,
            &load.sessions,
            &load.weekly,
            &load.breaks,
            f.date,
            l,
        ),
        _ => CrossReport::default(),
    };
    let recovery = last.map_or_else(RecoveryReport::default, |l| {
        recovery::analyze(&entered.days, &load.weekly, l)
    });
    let other: Vec<Finding> = routes
        .findings
        .iter()
        .chain(&recovery.findings)
        .chain(&cross_training.findings)
        .cloned()
        .collect();
    let plateaus = plateau::report(
        &load,
        &other,
        &[Signal::Race, Signal::Aerobic, Signal::Distance],
    );
    let gear = gear::analyze(
        acts,
        facts,
        &load.runs,
        gear::Entered {
            shoes: &entered.shoes,
            set: &entered.gear_set,
            listed: &entered.listed_shoes,
        },
        last,
    );
    // The seasonal findings span years: as a reason they would overlap every plateau; the
    // summary names the season in its own line when it is on now.
    let findings: Vec<&Finding> = routes
        .findings
        .iter()
        .chain(&load.findings)
        .chain(&recovery.findings)
        .chain(&cross_training.findings)
        .chain(&gear.findings)
        .collect();
    let run_dates: Vec<NaiveDate> = load.runs.iter().map(|r| r.date).collect();
    let mut summary = summary::summarize(
        &plateaus,
        &findings,
        summary::Now {
            breaks: &load.breaks,
            runs: &run_dates,
            today: range.today,
        },
    );
    let judged_on = range.today.or(last);
    let goals = judged_on.map_or_else(Vec::new, |today| {
        goals::judge(
            &entered.goals,
            goals::Input {
                runs: &load.runs,
                weekly: &load.weekly,
                today,
                plateaus: &plateaus,
            },
        )
    });
    // A runner with a goal is not told to pick one; a runner stuck without one is given a
    // realistic one.
    if !entered.goals.is_empty() {
        summary.suggestions.retain(|s| *s != Suggestion::GoalRace);
    } else if matches!(summary.verdict, Verdict::Rut | Verdict::Slump)
        && let Some(goal) = judged_on.and_then(|t| goals::suggest(&plateaus, &load.runs, t))
    {
        summary.suggestions.retain(|s| *s != Suggestion::GoalRace);
        summary.suggestions.push(Suggestion::SetGoal { goal });
    }
    let date_of_run: HashMap<&str, NaiveDate> =
        load.runs.iter().map(|r| (r.id.as_str(), r.date)).collect();
    let notes = Notes {
        runs: entered
            .notes
            .iter()
            .filter_map(|(id, n)| Some((id.clone(), (*date_of_run.get(id.as_str())?, n.clone()))))
            .collect(),
        days: entered.day_notes.clone(),
    };
    Analysis {
        notes,
        first: load.daily.first().map(|d| d.date),
        last,
        today: range.today,
        summary,
        seasons: overview::seasons(&load.runs),
        gear,
        goals,
        recovery,
        cross_training,
        seasonal,
        years,
        yearly_break,
        data: overview::data_quality(acts, imports, &load.runs),
        plateaus,
        load,
        routes,
    }
}
