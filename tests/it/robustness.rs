//! A fast subset of the robustness sweep (`scripts/detector-rates.sh`, table in
//! `docs/robustness.md`): a few histories with structural variety the detectors were not
//! tuned on (random weekdays, 3 or 6 runs a week, other heart-rate models and sampling, a
//! hinge-shaped plateau, gaps, cross-training), through the real pipeline: simulate → import
//! → `report --format json --until <last day>`. Only variants the current detectors pass
//! are here; the ones they fail are listed in `docs/robustness.md`. Three histories of the
//! independent generator (`scripts/heldout-gen.py`, `scripts/heldout-rates.sh`) too.

use chrono::{Duration, NaiveDate};

use crate::common::{json, rutscope};

/// One simulated history through the pipeline: (truth.json, report JSON). FIT files recorded
/// smartly unless the knobs say a format or a recording.
fn history(scenario: &str, seed: u64, knobs: &[&str]) -> (serde_json::Value, serde_json::Value) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("sim");
    let store = dir.path().join("store");
    let o = rutscope(&store)
        .args(["simulate", "--weeks", "52", "--seed", &seed.to_string()])
        .args(["--scenario", scenario])
        .args(if knobs.contains(&"--format") {
            &[][..]
        } else {
            &["--format", "fit"][..]
        })
        .args(if knobs.contains(&"--recording") {
            &[][..]
        } else {
            &["--recording", "smart"][..]
        })
        .args(knobs)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let truth: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("truth.json")).unwrap()).unwrap();
    let o = rutscope(&store).arg("import").arg(&out).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let last = date(&truth["weekly"][51]["week_start"]) + Duration::days(6);
    let o = rutscope(&store)
        .args(["report", "--format", "json", "--until", &last.to_string()])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    (truth, json(&o))
}

fn date(v: &serde_json::Value) -> NaiveDate {
    v.as_str().unwrap().parse().unwrap()
}

fn change(truth: &serde_json::Value) -> NaiveDate {
    date(&truth["planted"][0]["start"])
}

/// Every finding of the report (load and routes), whole.
fn report_findings(r: &serde_json::Value) -> impl Iterator<Item = &serde_json::Value> {
    ["load", "routes"]
        .into_iter()
        .flat_map(|part| r[part]["findings"].as_array().unwrap().iter())
}

/// Every finding of the report (load and routes), as (kind, severity, start, detected on).
fn findings(r: &serde_json::Value) -> Vec<(String, String, NaiveDate, NaiveDate)> {
    report_findings(r)
        .map(|f| {
            (
                f["kind"].as_str().unwrap().to_string(),
                f["severity"].as_str().unwrap().to_string(),
                date(&f["start"]),
                date(&f["detected_on"]),
            )
        })
        .collect()
}

fn warnings(r: &serde_json::Value) -> Vec<(String, String, NaiveDate, NaiveDate)> {
    findings(r).into_iter().filter(|f| f.1 != "info").collect()
}

/// The last plateau of one signal in a report.
fn last_plateau<'a>(r: &'a serde_json::Value, signal: &str) -> &'a serde_json::Value {
    r["plateaus"]["signals"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["signal"] == signal)
        .flat_map(|s| s["plateaus"].as_array().unwrap())
        .next_back()
        .unwrap_or_else(|| panic!("a {signal} plateau"))
}

/// Whether a day lies within 14 days of the change: the tolerance for an onset.
fn near(d: NaiveDate, change: NaiveDate) -> bool {
    (d - change).num_days().abs() <= 14
}

/// The verdict's plateau, once the verdict is shown a rut whose plateau (of `signal`, when
/// named) starts within 14 days of the change.
fn rut_near<'a>(
    r: &'a serde_json::Value,
    change: NaiveDate,
    signal: Option<&str>,
) -> &'a serde_json::Value {
    assert_eq!(r["summary"]["verdict"], "rut", "{}", r["summary"]);
    let v = &r["summary"]["plateau"];
    if let Some(s) = signal {
        assert_eq!(v["signal"], s, "{v}");
    }
    assert!(near(date(&v["start"]), change), "{v}, change {change}");
    v
}

/// The simulator's knobs of a plateau of `shape` on fixed days, recorded every `recording`
/// (the sweep's settings are single knobs away from these).
fn fixed_days<'a>(shape: &'a str, recording: &'a str) -> Vec<&'a str> {
    vec![
        "--plateau-shape",
        shape,
        "--run-days",
        "fixed",
        "--recording",
        recording,
    ]
}

/// A plateau of `shape` on fixed days recorded every second, one knob more (`knob`, its
/// value) away from the sweep's baseline, read as a rut from within 14 days of the change
/// ([`rut_near`]): the change and the report.
fn rut_at_change(seed: u64, shape: &str, knob: [&str; 2]) -> (NaiveDate, serde_json::Value) {
    let mut knobs = fixed_days(shape, "1s");
    knobs.extend(knob);
    let (truth, r) = history("plateau", seed, &knobs);
    let c = change(&truth);
    rut_near(&r, c, None);
    (c, r)
}

/// Every plateau of the report: (signal, start, end).
fn plateaus(r: &serde_json::Value) -> Vec<(String, NaiveDate, NaiveDate)> {
    r["plateaus"]["signals"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["plateaus"].as_array().unwrap().iter())
        .map(|p| {
            (
                p["signal"].as_str().unwrap().to_string(),
                date(&p["start"]),
                date(&p["end"]),
            )
        })
        .collect()
}

#[test]
fn healthy_and_improving_runners_on_random_weekdays_raise_nothing() {
    // Seed 1: 4–5 runs a week; seed 3: 3 runs, heart rate linear in effort. (Seed 2 of
    // that setting has a past race plateau since best efforts leave downhill windows out:
    // its race signal had risen through June–October only by a tempo whose best mile ran
    // down a hill; its other tempo runs hold VDOT 42.1–42.5 there while the threshold
    // speed rises 3 %, and the simulator's efforts follow it that loosely.)
    for (scenario, seed, knobs) in [
        ("healthy", 1, &[][..]),
        (
            "healthy",
            3,
            &["--runs-per-week", "3", "--hr-model", "linear"][..],
        ),
        ("improving", 1, &[][..]),
        (
            "improving",
            3,
            &["--runs-per-week", "4", "--hr-model", "daily"][..],
        ),
    ] {
        let (_, r) = history(scenario, seed, &[knobs, &["--run-days", "random"]].concat());
        assert!(
            plateaus(&r).is_empty(),
            "{scenario} {seed}: {:?}",
            plateaus(&r)
        );
        assert!(
            warnings(&r).is_empty(),
            "{scenario} {seed}: {:?}",
            warnings(&r)
        );
    }
}

#[test]
fn a_runner_who_takes_every_planned_lighter_week_has_no_cut_back_warning() {
    // Healthy, 7 runs a week, recorded every second (the sweep's seed 45, "runs 7", which
    // tuning never looked at). Its first planned lighter week, 22 January, is 77 % of the
    // three weeks before (105, 102, 102, then 79): a quarter missed it, and the report
    // warned of no cut-back week for the 7 weeks from 1 January while the load rose. A
    // coach sees the runner step back every fourth week, as planned.
    let (truth, r) = history(
        "healthy",
        45,
        &[
            "--runs-per-week",
            "7",
            "--run-days",
            "fixed",
            "--recording",
            "1s",
        ],
    );
    // The first days of the weeks marked cut-back in a list of weeks (the truth's and the
    // report's alike).
    let cut_backs = |weeks: &serde_json::Value| -> Vec<String> {
        weeks
            .as_array()
            .unwrap()
            .iter()
            .filter(|w| w["cut_back"] == true)
            .map(|w| w["week_start"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(cut_backs(&r["load"]["weekly"]), cut_backs(&truth["weekly"]));
    // Seven runs a week leave no rest day: that alert is right and the only warning.
    let w = warnings(&r);
    assert!(w.iter().any(|f| f.0 == "no-rest-day"), "{w:?}");
    assert!(w.iter().all(|f| f.0 == "no-rest-day"), "{w:?}");
}

#[test]
fn race_efforts_that_stall_while_the_easy_pace_goes_on_improving_are_no_rut() {
    // Healthy, 3 runs a week (the sweep's seed 2, "runs 3"): fitness rises 0.18 %/week all
    // year. The quality sessions grew from 4.5 to 9.4 km by June, and their best efforts'
    // VDOT with them, 36 → 43; then flat from August while pace at easy heart rate rose
    // 0.15 %/week, as it had before. A coach sees a runner still improving. It read "rut".
    let knobs = [
        "--runs-per-week",
        "3",
        "--run-days",
        "fixed",
        "--recording",
        "1s",
    ];
    let (_, r) = history("healthy", 2, &knobs);
    assert!(plateaus(&r).is_empty(), "{:?}", plateaus(&r));
    assert_eq!(r["summary"]["verdict"], "improving");
    // A planted plateau keeps its race plateau from the change: a rut of one moderate run
    // (seed 28, a fall of the race signal while the easy pace freshened for weeks after the
    // build), and a hinge whose single improving phase of easy pace hides its turn (seed 8:
    // flat over the plateau's own days). An end-to-end guard: the outcome is checked here,
    // each condition of the rule in `plateau`'s unit test.
    for (seed, shape) in [(28, "step"), (8, "hinge")] {
        let knobs = [
            "--plateau-shape",
            shape,
            "--hr-model",
            "daily",
            "--run-days",
            "fixed",
            "--recording",
            "1s",
        ];
        let (truth, r) = history("plateau", seed, &knobs);
        let c = change(&truth);
        let race: Vec<_> = plateaus(&r)
            .into_iter()
            .filter(|(s, _, end)| s == "race" && *end >= c)
            .collect();
        assert!(
            race.iter().any(|(_, start, _)| near(*start, c)),
            "{shape} {seed}: {race:?}, change {c}"
        );
        assert_eq!(r["summary"]["verdict"], "rut", "{shape} {seed}");
    }
}

#[test]
fn a_rut_starts_when_the_last_progress_ended_not_where_one_signal_went_flat() {
    // A rut of one moderate run from 10 June (seed 21, fixed days, the sweep's baseline).
    // Pace at easy heart rate was flat from 2 April: the build's fatigue held it while
    // VDOT rose and the long runs grew, both until the change. It read "a rut since
    // 2024-04-02", 69 days early. A coach dates the rut from the day the progress ended.
    let (truth, r) = history("plateau", 21, &fixed_days("step", "1s"));
    let c = change(&truth);
    rut_near(&r, c, None);
    // The easy pace's own plateau starts after the progress too, and says where the flat
    // stretch began.
    let aerobic = last_plateau(&r, "aerobic");
    let start = date(&aerobic["start"]);
    assert!(near(start, c), "{aerobic}, change {c}");
    let from = &aerobic["flat_from"];
    assert!(date(&from["start"]) < c - Duration::days(28), "{aerobic}");
    assert_eq!(date(&from["until"]).succ_opt(), Some(start), "{aerobic}");
}

#[test]
fn an_easy_pace_that_went_flat_after_its_progress_while_the_long_runs_grew_starts_with_them() {
    // A rut of one moderate run from 10 June (seed 3, fixed days, 4 runs a week, every
    // second: the sweep's "runs 4"). Pace at easy heart rate rose until late April and
    // was flat from 30 April, 41 days before the change, while the long runs still grew
    // until it. It read "a rut since 2024-04-30". A coach dates the rut from the change:
    // the runner was still building.
    let (c, r) = rut_at_change(3, "step", ["--runs-per-week", "4"]);
    // The easy pace's plateau keeps its own progress and says where it went flat.
    let aerobic = last_plateau(&r, "aerobic");
    assert!(near(date(&aerobic["start"]), c), "{aerobic}, change {c}");
    assert!(aerobic["gain_before"].is_object(), "{aerobic}");
    assert_eq!(aerobic["flat_from"]["signal"], "distance", "{aerobic}");
    assert!(
        date(&aerobic["flat_from"]["start"]) < c - Duration::days(28),
        "{aerobic}"
    );
}

#[test]
fn long_runs_that_stopped_growing_at_the_change_are_a_plateau_beside_one_long_easy_pace_line() {
    // A hinge (seed 10, fixed days, recorded every 3 s): fitness rose 0.35 %/week for 23
    // weeks and then held, and so did the volume. Pace at easy heart rate is one improving
    // line over the whole year (0.07 %/week), flat from the change by its monthly medians;
    // race fitness slips 0.07 %/week. It read "improving": the long runs' plateau from the
    // change was dropped beside that one line. A coach sees a runner stuck since June.
    let (truth, r) = history("plateau", 10, &fixed_days("hinge", "3s"));
    let c = change(&truth);
    assert_eq!(r["summary"]["verdict"], "rut", "{}", r["summary"]);
    let distance: Vec<_> = plateaus(&r)
        .into_iter()
        .filter(|(s, _, end)| s == "distance" && *end >= c)
        .collect();
    assert!(
        distance.iter().any(|(_, start, _)| near(*start, c)),
        "{distance:?}, change {c}"
    );
}

#[test]
fn long_runs_that_stopped_growing_beside_one_long_race_fitness_line_are_a_plateau() {
    // A hinge (seed 11, fixed days, recorded every 5 s): fitness rose 0.35 %/week for 23
    // weeks and then held, and so did the volume. Race fitness is one improving line of
    // 0.06 VDOT/week from late April, two months before the change, to October: the
    // rolling best rising until the change and then creeping with its noise. It read
    // "improving": the long runs' plateau from the change was dropped beside that line,
    // though the weekly bests over the plateau's days do not rise. A coach sees a runner
    // stuck since June.
    let (truth, r) = history("plateau", 11, &fixed_days("hinge", "5s"));
    let c = change(&truth);
    let race_line_over_the_change = r["plateaus"]["signals"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["signal"] == "race")
        .flat_map(|s| s["phases"].as_array().unwrap())
        .any(|p| {
            p["direction"] == "improving"
                && date(&p["start"]) < c - Duration::days(28)
                && date(&p["end"]) > c + Duration::days(28)
        });
    assert!(race_line_over_the_change, "{}", r["plateaus"]);
    rut_near(&r, c, Some("distance"));
}

#[test]
fn long_runs_that_stopped_growing_while_only_the_best_efforts_crept_up_are_a_plateau() {
    // A hinge (seed 21, fixed days, recorded every second: the sweep's baseline): fitness
    // and volume held from the change. The race signal's weekly bests still rise over the
    // long runs' plateau (a 6-week best of 42.2 in April, 43 in June and July, 44.7 in
    // October from one tempo, 43 in December), while the easy runs' pace at easy heart
    // rate is flat over it. It read "improving". A coach sees a runner stuck since June:
    // a rolling best creeping with its noise is no progress when the easy runs deny it.
    let (truth, r) = history("plateau", 21, &fixed_days("hinge", "1s"));
    let c = change(&truth);
    rut_near(&r, c, Some("distance"));
}

#[test]
fn race_fitness_that_stalled_while_the_long_runs_still_grew_is_a_rut_from_where_they_stopped() {
    // A hinge (seed 30, fixed days, recorded every 3 s): fitness rose 0.35 %/week for 23
    // weeks and then held. The quality sessions stopped lengthening five weeks before, and
    // the best efforts of training, which rise with their length, went flat there (VDOT
    // 39 → 43.8 by early May) while the long runs still grew until the change (9.1 → 17.9
    // km). The verdict read a rut of race fitness 35 days before the change. A coach sees
    // a runner building until June: the rut starts where the long runs stopped, and the
    // report says where the best efforts went flat.
    let (truth, r) = history("plateau", 30, &fixed_days("hinge", "3s"));
    let c = change(&truth);
    rut_near(&r, c, Some("race"));
    let race = last_plateau(&r, "race");
    let from = &race["flat_from"];
    assert_eq!(from["signal"], "distance", "{race}");
    assert!(date(&from["start"]) < c - Duration::days(28), "{race}");
    assert!(race["gain_before"].is_object(), "{race}");
}

#[test]
fn a_runner_without_cut_back_weeks_whose_fitness_stopped_is_in_a_rut_from_then() {
    // A hinge without cut-back weeks (seed 6, fixed days: the sweep's "cut-back none"):
    // fitness rose 0.35 %/week for 23 weeks and then held, the training the same. The
    // simulator's build grew 5 % every week without cut-back weeks, so the long runs
    // reached their 18.9 km on 28 April (week 16), 6 weeks before fitness stopped, and the
    // verdict read long runs flat from 6 May (-35 d): a second change that truth.json did
    // not state. Without lighter weeks the volume now grows by the same 4-week factor and is
    // held from the change, as with them; the rut starts there.
    rut_at_change(6, "hinge", ["--cut-back", "none"]);
}

#[test]
fn an_easy_pace_flat_while_race_fitness_rises_in_two_phases_is_a_runner_building() {
    // Healthy, with two gaps (seed 15, fixed days; the sweep's "gaps" setting). Recorded
    // every second in the sweep, its pace at easy heart rate was flat for 38 weeks from the
    // first run, through the build and both gaps, while race fitness rose from April to
    // August and on from September to December: two phases that together cover 60 % of
    // the flat stretch. A coach sees a runner building. It read a past easy-pace plateau
    // (so does this smart-recorded run with the binary before the change).
    //
    // Since stop 45 the weeks of the July gap and its return are left out of the long runs
    // (`plateau::without_returns`): 16.7 km before the gap and the simulator's cap of
    // 18.9 km from the return on read a flat phase from 23 September after a hole of nine
    // weeks. Race fitness, improving from July to December, is asked from the day after the
    // long runs were last seen, and easy pace, flat all year, cannot gainsay it: no plateau.
    let (_, r) = history("healthy", 15, &["--gaps", "--run-days", "fixed"]);
    assert!(plateaus(&r).is_empty(), "{:?}", plateaus(&r));
    assert_eq!(r["summary"]["verdict"], "improving");
}

#[test]
fn a_runner_doubling_their_volume_has_no_easy_pace_plateau_in_the_build() {
    // Healthy, 6 runs a week, recorded every second (seed 4, fixed days; the sweep's
    // "runs 6" setting): weekly distance 26 → 57 km from January to June. The fatigue of
    // the build lifts the heart rate at every pace, so pace at easy heart rate holds for
    // 22 weeks while the long runs double and VDOT rises from about 35 to 45; it improves
    // once the volume levels off. A coach sees a runner building, not a plateau.
    let (_, r) = history(
        "healthy",
        4,
        &[
            "--runs-per-week",
            "6",
            "--run-days",
            "fixed",
            "--recording",
            "1s",
        ],
    );
    let aerobic = r["plateaus"]["signals"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["signal"] == "aerobic")
        .unwrap();
    let first = &aerobic["phases"][0];
    assert_eq!(first["direction"], "flat", "{first}");
    assert!(
        date(&first["end"]) >= NaiveDate::from_ymd_opt(2024, 5, 1).unwrap(),
        "{first}"
    );
    assert!(plateaus(&r).is_empty(), "{:?}", plateaus(&r));
    assert_eq!(r["summary"]["verdict"], "improving");
}

#[test]
fn stale_routes_on_random_weekdays_start_within_a_week_of_the_change() {
    // Seed 25 with seven runs a week: its 5 km loop, first run as a variant, was two
    // routes the runs joined by GPS noise (85 and 30 runs), so the two planted routes were
    // three and the stretch was found 11 weeks late, until route matching merged routes
    // whose typical runs match.
    for (seed, knobs) in [
        (1, &[][..]),
        (2, &["--runs-per-week", "3"][..]),
        (25, &["--runs-per-week", "7"][..]),
    ] {
        let (truth, r) = history(
            "stale-routes",
            seed,
            &[knobs, &["--run-days", "random"]].concat(),
        );
        let c = change(&truth);
        let stale: Vec<_> = findings(&r)
            .into_iter()
            .filter(|f| f.0 == "stale-routes")
            .collect();
        assert!(
            stale.iter().any(|f| (f.2 - c).num_days().abs() <= 7),
            "seed {seed}: {stale:?}, change {c}"
        );
    }
}

#[test]
fn overtraining_on_random_weekdays_is_found_after_the_change_and_not_before() {
    for seed in [1, 2] {
        let (truth, r) = history("overtraining", seed, &["--run-days", "random"]);
        let c = change(&truth);
        let all = findings(&r);
        let mut kinds: Vec<&str> = all
            .iter()
            .filter(|f| f.3 >= c)
            .map(|f| f.0.as_str())
            .collect();
        kinds.sort_unstable();
        kinds.dedup();
        assert!(kinds.len() >= 3, "seed {seed}: {kinds:?}");
        let early: Vec<_> = warnings(&r).into_iter().filter(|f| f.3 < c).collect();
        assert!(early.is_empty(), "seed {seed}: {early:?}");
        // Easy pace falls while the long run holds at the doubled volume: a coach says
        // slump (going backwards), not rut.
        assert_eq!(r["summary"]["verdict"], "slump", "seed {seed}");
    }
}

#[test]
fn a_hinge_plateau_is_found_near_the_change_and_never_weeks_before_it() {
    // Seed 7 (3 runs a week, heart rate linear in effort): the distance signal turns
    // within a week of the change on fixed days, the race signal on random ones. (Most
    // hinge histories are missed or placed far off: see docs/robustness.md. Seed 2 was
    // this test's until best efforts counted their stops, stop 29; of seeds 1–9 in this
    // setting, 5 of 9 on fixed days and 3 of 9 on random ones now pass.)
    for days in ["fixed", "random"] {
        let (truth, r) = history(
            "plateau",
            7,
            &[
                "--plateau-shape",
                "hinge",
                "--runs-per-week",
                "3",
                "--hr-model",
                "linear",
                "--run-days",
                days,
            ],
        );
        let c = change(&truth);
        assert!(
            truth["planted"][0]["detail"]
                .as_str()
                .unwrap()
                .starts_with("hinge")
        );
        let found = plateaus(&r);
        assert!(
            found.iter().any(|p| near(p.1, c)),
            "{days}: {found:?}, change {c}"
        );
        assert!(
            found.iter().all(|p| (p.1 - c).num_days() >= -14),
            "{days}: {found:?}, change {c}"
        );
    }
}

#[test]
fn cross_training_and_gaps_stay_out_of_the_runs_and_the_breaks() {
    let (truth, r) = history("healthy", 5, &["--cross-training", "--gaps"]);
    let acts = truth["activities"].as_array().unwrap();
    let runs = acts
        .iter()
        .filter(|a| !matches!(a["session"].as_str(), Some("ride" | "strength")))
        .count();
    assert!(
        acts.len() > runs + 20,
        "{} activities, {runs} runs",
        acts.len()
    );
    // Every analysis of runs sees the runs and only them; the load sees every session.
    assert_eq!(r["plateaus"]["runs"].as_u64().unwrap() as usize, runs);
    assert_eq!(r["routes"]["runs"].as_u64().unwrap() as usize, runs);
    assert_eq!(r["load"]["runs"].as_array().unwrap().len(), runs);
    assert_eq!(
        r["load"]["activities"].as_u64().unwrap() as usize,
        acts.len()
    );
    // Gaps of a few weeks are not breaks.
    assert!(!truth["variant"]["gaps"].as_array().unwrap().is_empty());
    assert_eq!(
        r["load"]["breaks"],
        serde_json::json!([]),
        "{}",
        r["load"]["breaks"]
    );
}

#[test]
fn a_daily_runner_and_a_runner_who_also_rides_raise_no_warning() {
    // Seven runs a week: six easy days beside a long run at the usual load are monotonous
    // by Foster's formula, and information, not a warning (the load does not climb); the
    // streak without a rest day is what the variant plants. A weekly ride beside the runs
    // keeps the load of the cut-back weeks above 75 %: the running fell, so they are
    // cut-back weeks all the same.
    for (scenario, seed, knobs) in [
        (
            "healthy",
            5,
            &["--runs-per-week", "7", "--run-days", "fixed"][..],
        ),
        (
            "healthy",
            16,
            &["--cross-training", "--run-days", "random"][..],
        ),
        (
            "improving",
            16,
            &["--cross-training", "--run-days", "random"][..],
        ),
    ] {
        let (_, r) = history(scenario, seed, knobs);
        let w: Vec<_> = warnings(&r)
            .into_iter()
            .filter(|f| f.0 != "no-rest-day")
            .collect();
        assert!(w.is_empty(), "{scenario} {seed}: {w:?}");
        if knobs.contains(&"7") {
            assert!(
                findings(&r)
                    .iter()
                    .any(|f| f.0 == "monotony" && f.1 == "info"),
                "{scenario} {seed}: the monotonous weeks are still said"
            );
        }
    }
    // The same daily runner overreaching from the change: warnings after it, none before.
    let (truth, r) = history(
        "overtraining",
        5,
        &["--runs-per-week", "7", "--run-days", "random"],
    );
    let c = change(&truth);
    let early: Vec<_> = warnings(&r)
        .into_iter()
        .filter(|f| f.3 < c && f.0 != "no-rest-day")
        .collect();
    assert!(early.is_empty(), "{early:?}");
    assert!(warnings(&r).iter().any(|f| f.3 >= c));
}

/// A history of the independent generator (`scripts/heldout-gen.py`, another model of a
/// runner: linear heart rate with an intercept, no fatigue term, 2-second GPX) through the
/// pipeline, judged on its last run: (truth.json, report JSON); `None` without `python3`.
fn heldout(scenario: &str, seed: u64) -> Option<(serde_json::Value, serde_json::Value)> {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("gen");
    let store = dir.path().join("store");
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/heldout-gen.py");
    let Ok(o) = std::process::Command::new("python3")
        .arg(&script)
        .args([
            "generate",
            "--seed",
            &seed.to_string(),
            "--scenario",
            scenario,
        ])
        .arg("--out")
        .arg(&out)
        .output()
    else {
        eprintln!("SKIPPED: no python3 to run scripts/heldout-gen.py");
        return None;
    };
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let truth: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("truth.json")).unwrap()).unwrap();
    let o = rutscope(&store).arg("import").arg(&out).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let runs = truth["runs"].as_array().unwrap();
    let last = runs.last().unwrap()["date"].as_str().unwrap().to_string();
    let o = rutscope(&store)
        .args(["report", "--format", "json", "--until", &last])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let r = json(&o);
    assert_eq!(r["load"]["runs"].as_array().unwrap().len(), runs.len());
    Some((truth, r))
}

#[test]
fn the_independent_generator_s_runners_read_as_a_coach_would() {
    // A healthy build (fitness +0.25–0.4 %/week, a lighter week every fourth): improving,
    // no plateau, no warning.
    let Some((_, r)) = heldout("healthy", 1) else {
        return;
    };
    assert_eq!(r["summary"]["verdict"], "improving", "{:#?}", r["summary"]);
    assert!(plateaus(&r).is_empty(), "{:?}", plateaus(&r));
    assert!(warnings(&r).is_empty(), "{:?}", warnings(&r));
    // Fitness +0.45 %/week for 20 weeks, then flat with no jump (a hinge): a rut, pace at
    // easy heart rate flat from within two weeks of the change, and the span the data
    // allow holds it. Two separate lines found no plateau here ("no plateau": their flat
    // phase opened 19 days late, and its slope interval reached half the progress rate);
    // the hinge the data favour turns the day before the change.
    let (t, r) = heldout("plateau", 20).unwrap();
    let c = date(&t["change"]);
    let p = rut_near(&r, c, Some("aerobic"));
    assert!(
        date(&p["turn"]["earliest"]) <= c && c <= date(&p["turn"]["latest"]),
        "{p:#}"
    );
    // One loop at one pace from the change: stale routes from within a week of it.
    let (t, r) = heldout("stale-routes", 1).unwrap();
    let c = date(&t["change"]);
    let stale: Vec<NaiveDate> = r["routes"]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["kind"] == "stale-routes")
        .map(|f| date(&f["start"]))
        .collect();
    assert!(
        stale.iter().any(|s| (*s - c).num_days().abs() <= 7),
        "{stale:?} against {c}"
    );
    // Volume +10 %/week without a lighter week from the change: three kinds of finding
    // after it, no warning before it.
    let (t, r) = heldout("overtraining", 1).unwrap();
    let c = date(&t["change"]);
    let w = warnings(&r);
    assert!(w.iter().all(|f| f.3 >= c), "{w:?}");
    let mut kinds: Vec<String> = w.iter().map(|f| f.0.clone()).collect();
    kinds.sort();
    kinds.dedup();
    assert!(kinds.len() >= 3, "{kinds:?}");
}

#[test]
fn a_rise_that_levelled_off_inside_one_improving_line_is_a_rut() {
    // The independent generator's plateau seed 79: fitness +0.3-0.5 %/week for 20 weeks,
    // then flat. Pace at easy heart rate read as one improving line from November to July
    // and a second, steeper one of seven weeks after it ("still improving"): the
    // segmentation's two lines cost little more than its one across the turn. The hinge
    // refitted in that last rise levels off within two weeks of the change, and the flat
    // part's slope is shown below half the rise's: a rut from there.
    let Some((t, r)) = heldout("plateau", 79) else {
        return;
    };
    let c = date(&t["change"]);
    let p = rut_near(&r, c, Some("aerobic"));
    assert!(p["gain_before"].is_object(), "{p:#}");
}

#[test]
fn a_plateau_with_a_short_gap_in_it_is_read_from_the_change() {
    // Seed 55, a hinge with gaps: 2 weeks off in March, 3 in September. The long runs
    // reached 17 km in July and held it to December but for the gap, over which the
    // rolling long-run distance dipped to 7.6 km and climbed back for two months as the
    // return's long runs came back. The dip and the climb read as progress ("still
    // improving"); a coach sees one plateau of the long runs with a break in it.
    let mut knobs = fixed_days("hinge", "1s");
    knobs.push("--gaps");
    let (truth, r) = history("plateau", 55, &knobs);
    let c = change(&truth);
    let v = rut_near(&r, c, Some("distance"));
    assert!(v["gain_before"].is_object(), "{v:#}");
}

#[test]
fn long_runs_at_their_cap_beside_rising_fitness_are_no_plateau() {
    // Seed 60, an improving runner, everything at once (3 runs a week on random days, daily
    // heart-rate drift, gaps, rides, FIT, GPX and TCX files): the long runs reach their cap
    // of 15.4 km in July and hold it, while race fitness rises all year and so does pace at easy heart rate,
    // +0.14 %/week over those months, below the 95 % two-sided interval's reach in its noise
    // but above zero at 95 % one-sided, the claim's own confidence. A runner still getting
    // faster at the same long run is not stuck.
    // The sweep's setting "all at once" (scripts/detector-rates.sh), on random days.
    let all_at_once = "--run-days random --runs-per-week 3 --cut-back none --hr-model daily \
                       --recording 4s --gps-noise 6 --gaps --cross-training --format mixed";
    let knobs: Vec<&str> = all_at_once.split_whitespace().collect();
    let (_, r) = history("improving", 60, &knobs);
    assert_eq!(r["summary"]["verdict"], "improving", "{}", r["summary"]);
    assert!(r["summary"]["plateau"].is_null(), "{}", r["summary"]);
}

#[test]
fn progress_that_slowed_is_asked_at_one_sided_confidence() {
    // The independent generator's seed 43: fitness +0.3–0.5 %/week for 20 weeks, then flat.
    // Pace at easy heart rate rose 0.39 %/week and then 0.04 %/week for 21 weeks, whose
    // slope lies below 0.20 %/week at 95 % confidence one-sided: progress slowed to less than
    // half, the plateau's question. Its two-sided interval reached 0.20, a hair above half
    // the rise (0.195), and the report read "no plateau". A coach reads a rut from the turn.
    let Some((t, r)) = heldout("plateau", 43) else {
        return;
    };
    let c = date(&t["change"]);
    let p = rut_near(&r, c, Some("aerobic"));
    assert!(p["gain_before"].is_object(), "{p:#}");
}

#[test]
fn a_plateau_placed_late_says_the_span_its_start_may_lie_in() {
    // Seed 12, a step (fixed days, smart recording): pace at easy heart rate turns flat at
    // the change, but in 2 % noise a day 7 weeks later fits about as well, and the turn's
    // fit takes it (separate lines took a day 8 weeks later). The plateau says the span
    // its start may lie in (`plateau::TURN_SPREAD`), which comes within 14 days of the
    // change (8 days: the span's own cut is calibrated to that, docs/robustness.md, stop
    // 36); the report says so. The verdict's rut is dated by race fitness, which fell at
    // the change when the hard sessions stopped and held there.
    let (truth, r) = history("plateau", 12, &["--run-days", "fixed"]);
    let c = change(&truth);
    let v = &r["summary"]["plateau"];
    assert_eq!(v["signal"], "race", "{v:#}");
    assert!(near(date(&v["start"]), c), "{v:#}");
    let p = last_plateau(&r, "aerobic");
    let start = date(&p["start"]);
    let (earliest, latest) = (date(&p["turn"]["earliest"]), date(&p["turn"]["latest"]));
    assert!(earliest <= start && start <= latest, "{p:#}");
    assert!(
        earliest - Duration::days(14) <= c && c <= latest,
        "change {c}: {p:#}"
    );
    assert!(start - c > Duration::days(28), "placed late: {p:#}");
    assert!((latest - earliest).num_days() > 7, "{p:#}");
    let text = r["text"].to_string();
    let said = format!("data place its start between {earliest} and {latest}");
    assert!(text.contains(&said), "{said}");
}

#[test]
fn race_fitness_that_fell_when_the_hard_sessions_stopped_is_dated_by_the_last_one() {
    // Seed 2, a step with 3 runs a week (fixed days, 1 s recording): from the change the
    // runner runs only moderate runs. The best of 6 weeks holds the last tempo for six
    // weeks and then falls; the plateau of race fitness starts the day after that tempo
    // (the day the "no quality session" finding starts from), not six weeks later.
    let (truth, r) = history(
        "plateau",
        2,
        &[
            "--run-days",
            "fixed",
            "--runs-per-week",
            "3",
            "--recording",
            "1s",
        ],
    );
    let c = change(&truth);
    let p = &r["summary"]["plateau"];
    assert_eq!(p["signal"], "race", "{p:#}");
    let start = date(&p["start"]);
    assert!(
        start <= c && (c - start).num_days() <= 7,
        "change {c}: {p:#}"
    );
    let no_quality = report_findings(&r)
        .find(|f| f["kind"] == "no-quality")
        .expect("no quality session since the change");
    let last_hard = date(&no_quality["evidence"]["since"]["date"]);
    assert_eq!(start, last_hard + Duration::days(1), "{no_quality:#}");
}
