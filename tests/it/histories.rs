//! Invariants on every real history in the corpus (`corpus/history/*`), whatever the runner
//! and the watch: breaks split the history (no phase, plateau or finding spans one), and the
//! verdict agrees with the signals; and what a coach reads in each history's runs
//! ([`coach_reading`]; history.rs compares asplitline's figures with Garmin Connect's).

use chrono::{Datelike, NaiveDate};

use crate::common::{HISTORIES, corpus, history_report, summary_texts};

fn date(v: &serde_json::Value) -> NaiveDate {
    v.as_str().unwrap().parse().unwrap()
}

/// `(from, to)` of every break.
fn breaks(r: &serde_json::Value) -> Vec<(NaiveDate, NaiveDate)> {
    r["load"]["breaks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| (date(&b["from"]), date(&b["to"])))
        .collect()
}

#[test]
fn no_phase_plateau_or_finding_spans_a_break_and_the_verdict_follows_the_signals() {
    let Some(c) = corpus("no_phase_plateau_or_finding_spans_a_break") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    for name in HISTORIES {
        let (_, r) = history_report(&c, name, dir.path());
        let b = breaks(&r);
        let spans = |from: NaiveDate, to: NaiveDate| b.iter().any(|(f, t)| from < *f && to > *t);
        let mut windows: Vec<(String, NaiveDate, NaiveDate)> = Vec::new();
        for s in r["plateaus"]["signals"].as_array().unwrap() {
            for p in s["phases"].as_array().unwrap() {
                windows.push((
                    format!("{} phase", s["signal"]),
                    date(&p["start"]),
                    date(&p["end"]),
                ));
            }
            for p in s["plateaus"].as_array().unwrap() {
                windows.push((
                    format!("{} plateau", s["signal"]),
                    date(&p["start"]),
                    date(&p["end"]),
                ));
            }
        }
        for part in ["load", "routes"] {
            for f in r[part]["findings"].as_array().unwrap() {
                windows.push((f["kind"].to_string(), date(&f["start"]), date(&f["end"])));
            }
        }
        for (what, from, to) in &windows {
            assert!(
                !spans(*from, *to),
                "{name}: {what} {from}..{to} spans a break of {b:?}"
            );
        }
        // The verdict: never "not now" or "improving" while a signal declines now or a
        // plateau is ongoing; a rut names an ongoing plateau, a slump a decline.
        let verdict = r["summary"]["verdict"].as_str().unwrap();
        let declining = r["summary"]["declining"].as_array().unwrap().len();
        let ongoing = r["plateaus"]["signals"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|s| s["plateaus"].as_array().unwrap())
            .filter(|p| p["ongoing"] == true)
            .count();
        match verdict {
            "rut" => assert!(ongoing > 0, "{name}: rut without an ongoing plateau"),
            "slump" => assert!(ongoing == 0 && declining > 0, "{name}: slump"),
            _ => assert!(
                ongoing == 0 && declining == 0,
                "{name}: {verdict} with {ongoing} ongoing plateaus and {declining} declines"
            ),
        }
        // Data quality shows what was left out as implausible.
        let e = &r["data"]["discarded_efforts"];
        let left_out: u64 = [
            "over_gps_jump",
            "beyond_world_record",
            "distance_disagrees",
            "downhill",
        ]
        .iter()
        .map(|k| e[k].as_u64().unwrap())
        .sum();
        let data_words: Vec<&str> = r["text"]["sections"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|s| s["id"] == "data")
            .flat_map(|s| s["blocks"].as_array().unwrap())
            .filter_map(|b| b["text"].as_str())
            .collect();
        assert_eq!(
            left_out > 0,
            data_words
                .iter()
                .any(|t| t.starts_with("Best efforts left out")),
            "{name}: {left_out} efforts left out, data section {data_words:#?}"
        );
        // Year over year on every history of two calendar years or more: a row per year
        // whose runs add up to the history's, and the section with its chart.
        let years = r["years"].as_array().unwrap();
        assert!(years.len() >= 2, "{name}: {} years", years.len());
        let runs: u64 = years.iter().map(|y| y["runs"].as_u64().unwrap()).sum();
        assert_eq!(
            runs as usize,
            r["load"]["runs"].as_array().unwrap().len(),
            "{name}"
        );
        assert!(
            r["text"]["sections"]
                .as_array()
                .unwrap()
                .iter()
                .any(|s| s["id"] == "years"),
            "{name}"
        );
        // A load finding the season explains is no longer among the load findings.
        for e in r["seasonal"]["explained"].as_array().unwrap() {
            assert!(
                !r["load"]["findings"].as_array().unwrap().contains(e),
                "{name}: {e:#?}"
            );
        }
        coach_reading(&c, name, &r);
        eprintln!(
            "{name}: verdict {verdict}, {} breaks, {} windows checked, {left_out} efforts left out",
            b.len(),
            windows.len()
        );
    }
}

/// The typical week of the last era: the median runs and kilometres of its whole weeks.
fn typical_week(r: &serde_json::Value) -> (f64, f64) {
    let era_start = r["plateaus"]["eras"]
        .as_array()
        .unwrap()
        .last()
        .map(|e| e["start"].as_str().unwrap().to_string())
        .unwrap();
    let weeks: Vec<&serde_json::Value> = r["load"]["weekly"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|w| w["days"] == 7 && w["week_start"].as_str().unwrap() >= era_start.as_str())
        .collect();
    let median = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    (
        median(
            weeks
                .iter()
                .map(|w| w["activities"].as_f64().unwrap())
                .collect(),
        ),
        median(
            weeks
                .iter()
                .map(|w| w["distance_m"].as_f64().unwrap() / 1000.0)
                .collect(),
        ),
    )
}

/// A signal's ongoing decline in the summary, if it declines.
fn decline<'a>(r: &'a serde_json::Value, signal: &str) -> Option<&'a serde_json::Value> {
    r["summary"]["declining"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["signal"] == signal)
}

/// When a signal's ongoing decline started, if it declines.
fn declining_since(r: &serde_json::Value, signal: &str) -> Option<NaiveDate> {
    decline(r, signal).map(|d| date(&d["phase"]["start"]))
}

/// The report's run of a local day (the history has one that day).
fn run_on<'a>(r: &'a serde_json::Value, day: &str) -> &'a serde_json::Value {
    r["load"]["runs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["date"] == day)
        .unwrap_or_else(|| panic!("no run on {day}"))
}

/// What a coach reads in each history's runs, and how it was established; the report
/// (judged on the history's last day) must say the same: the eras and breaks, the typical
/// week, whether the runner improves, is flat or declines and since when. The other sports
/// are read in sports.rs.
fn coach_reading(c: &std::path::Path, name: &str, r: &serde_json::Value) {
    let d = |s: &str| s.parse::<NaiveDate>().unwrap();
    let verdict = r["summary"]["verdict"].as_str().unwrap();
    let (runs_a_week, km_a_week) = typical_week(r);
    let within = |x: NaiveDate, from: &str, to: &str| x >= d(from) && x <= d(to);
    match name {
        // A road runner in Chengdu, March 2024 to May 2026 without a break: two runs and
        // about 17 km a week, a marathon each March. Garmin Connect's own summary (the
        // CSV beside the files, read below) shows the best pace over 5 km or more at
        // 4:51/km in spring 2025 and 5:10–5:26/km in every quarter since, and the weekly
        // distance fallen from 24 km (late 2025) to under 8 km (spring 2026): a slump,
        // since the autumn of 2025.
        "asplitline" => {
            assert!(breaks(r).is_empty(), "{name}");
            assert!((1.5..=2.5).contains(&runs_a_week), "{name}: {runs_a_week}");
            assert!((12.0..=22.0).contains(&km_a_week), "{name}: {km_a_week}");
            assert_eq!(verdict, "slump", "{name}");
            let since = declining_since(r, "race").expect("race fitness declines");
            assert!(within(since, "2025-09-01", "2025-12-31"), "{name}: {since}");
            // The independent reading, from Garmin Connect's CSV.
            let csv = std::fs::read_to_string(c.join("history/asplitline/activities_summary.csv"))
                .unwrap();
            let mut best: std::collections::BTreeMap<String, f64> = Default::default();
            for line in csv.lines().skip(1) {
                let f: Vec<&str> = line.split(',').collect();
                let (day, dist, speed) = (f[5], f[6].parse::<f64>(), f[10].parse::<f64>());
                if let (Ok(dist), Ok(speed)) = (dist, speed)
                    && dist >= 5000.0
                    && speed > 0.0
                {
                    let half = format!("{}H{}", &day[..4], if &day[5..7] <= "06" { 1 } else { 2 });
                    let e = best.entry(half).or_insert(0.0);
                    *e = e.max(speed);
                }
            }
            let (peak, now) = (best["2025H1"], best["2026H1"]);
            assert!(now < 0.95 * peak, "Garmin: best speed {peak} then {now}");
            // Chengdu's summers: pace at easy heart rate is about 5:20/km in winter and
            // 6:30/km in summer (the runner's runs by month: Jun–Aug 2025 at 6:35–6:52/km
            // against 5:13–5:29/km from December to March). The report calls it the season:
            // slower every summer of the history, against the year around it.
            let summer = r["seasonal"]["findings"]
                .as_array()
                .unwrap()
                .iter()
                .find(|f| {
                    let e = &f["evidence"];
                    e["slower"] == true
                        && (5..=7).contains(&e["first_month"].as_u64().unwrap())
                        && (7..=9).contains(&e["last_month"].as_u64().unwrap())
                })
                .unwrap_or_else(|| {
                    panic!(
                        "{name}: no seasonal summer: {:#?}",
                        r["seasonal"]["findings"]
                    )
                });
            assert!(summer["evidence"]["years"].as_u64().unwrap() >= 2, "{name}");
            // No load finding calls a summer fatigue: a rising heart rate at pace or
            // training that does not pay off, inside July or August, would be the season's.
            for f in r["load"]["findings"].as_array().unwrap() {
                if ["rising-hr-at-pace", "unproductive"].contains(&f["kind"].as_str().unwrap()) {
                    let end = date(&f["end"]);
                    assert!(!(7..=8).contains(&end.month()), "{name}: {f:#?}");
                }
            }
        }
        // A Coros runner from October 2022 to December 2025 without a break, three runs
        // and about 33 km a week, hiking in the mountains: best efforts that were 10 km in
        // about 44 min in the autumn of 2024 are near 50 min by late 2025 (rutscope list:
        // the fastest 5 km+ runs by quarter), while the easy runs hold their pace.
        "wuyueSea" => {
            assert!(breaks(r).is_empty(), "{name}");
            assert!((2.0..=4.0).contains(&runs_a_week), "{name}: {runs_a_week}");
            assert!((25.0..=40.0).contains(&km_a_week), "{name}: {km_a_week}");
            assert_eq!(verdict, "slump", "{name}");
            let since = declining_since(r, "race").expect("race fitness declines");
            assert!(within(since, "2024-08-01", "2024-12-31"), "{name}: {since}");
            // Its first 17 runs (2022-10-26 to 2022-12-11) record 0 m in every record and
            // the distance only in the session (4.1–21.2 km, 21.2 km on 2022-11-19): the
            // GPS track gives them their distance, within a few percent of the watch's.
            let runs = r["load"]["runs"].as_array().unwrap();
            let early: Vec<f64> = runs
                .iter()
                .filter(|x| date(&x["date"]) <= d("2022-12-11"))
                .map(|x| x["distance_m"].as_f64().unwrap())
                .collect();
            assert_eq!(early.len(), 17, "{name}");
            assert!(early.iter().all(|&m| m > 3000.0), "{name}: {early:?}");
            let long = run_on(r, "2022-11-19");
            let km = long["distance_m"].as_f64().unwrap() / 1000.0;
            assert!((20.5..=21.7).contains(&km), "{name}: 2022-11-19 is {km} km");
        }
        // A once-a-week runner (a wrist band without heart rate, then a Garmin) who stops
        // most winters: four breaks, the last from January to April 2026; back for 12
        // runs over 15 weeks when the history ends: too early to judge the new stretch.
        "Quitino" => {
            let b = breaks(r);
            assert_eq!(b.len(), 4, "{name}: {b:?}");
            assert!((0.5..=1.5).contains(&runs_a_week), "{name}: {runs_a_week}");
            assert_eq!(verdict, "too-little-data", "{name}");
            assert_eq!(
                r["summary"]["too_little"]["start"], "2026-04-21",
                "{name}: the stretch since the last break"
            );
            // Its band's GPX (Zepp Life, 2019–2022) stamps two points with each second;
            // its runs are at 5:00–6:30/km (VDOT 30–45), as in the Garmin years since,
            // where the metres between the two points of a second, left without time,
            // had halved their pace and read as walks (VDOT 15–19).
            let mut v2020: Vec<f64> = r["load"]["runs"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|x| date(&x["date"]).year() == 2020)
                .filter_map(|x| x["vdot"].as_f64())
                .collect();
            v2020.sort_by(f64::total_cmp);
            assert!(
                v2020.len() >= 20,
                "{name}: {} runs with a VDOT in 2020",
                v2020.len()
            );
            let median = v2020[v2020.len() / 2];
            assert!(
                (30.0..=45.0).contains(&median),
                "{name}: median VDOT of 2020 {median}"
            );
            // 2025-01-27 (local; its Instinct's TCX) runs 7.2 km from 433 m down to 267 m, point
            // to point: its "5 km" dropped 130 m and gave VDOT 36.4, the best of that
            // winter (its other runs say 28–36). A window dropping more than 1 m a km is
            // no effort: what is left of the run is its first kilometres, VDOT under 31.
            let downhill = run_on(r, "2025-01-27");
            let v = downhill["vdot"].as_f64().unwrap();
            assert!(v < 31.0, "{name}: the run down the hill gives VDOT {v}");
        }
        // A fast Coros runner from December 2023 to August 2026, three runs and about 25
        // km a week, who swims. Monthly best efforts (`rutscope show`, clock time) rise
        // from VDOT 49–51 in 2024 to 53–54 from November 2025 to June 2026, then fall to
        // 49–50 in July and August, while the long runs shrink from 15 km (spring) to
        // 10 km: a slump, of the long runs since May. The year's best "5 km" on 2026-03-05
        // (VDOT 59.5 on moving time) was five 1 km repeats with the watch paused between
        // them, 18:03 of timer and 25:04 on the clock: no race fitness.
        "520qianjiawen" => {
            assert!(breaks(r).is_empty(), "{name}");
            assert!((2.0..=4.0).contains(&runs_a_week), "{name}: {runs_a_week}");
            assert!((18.0..=32.0).contains(&km_a_week), "{name}: {km_a_week}");
            assert_eq!(verdict, "slump", "{name}");
            let since = declining_since(r, "distance").expect("long runs decline");
            assert!(within(since, "2026-04-01", "2026-06-30"), "{name}: {since}");
            // Told from the 14 km they held to June, not from the first shorter one.
            let long = decline(r, "distance").unwrap();
            let (from, to) = (long["from"].as_f64().unwrap(), long["to"].as_f64().unwrap());
            assert!(from > 13_500.0 && to < 11_000.0, "{name}: {from} → {to}");
            let repeats = run_on(r, "2026-03-05");
            let v = repeats["vdot"].as_f64().unwrap();
            assert!(v < 50.0, "{name}: the repeats of 2026-03-05 give VDOT {v}");
            let y2026 = r["years"]
                .as_array()
                .unwrap()
                .iter()
                .find(|y| y["year"] == 2026)
                .unwrap();
            let best = y2026["best_vdot"].as_f64().unwrap();
            assert!(
                (52.0..=55.5).contains(&best),
                "{name}: best VDOT of 2026 {best}"
            );
            // The summer dip, shorter than a phase, is said: race fitness rose from 2024
            // but has fallen back, to VDOT 49–51 (its best of the last six weeks).
            let fell = &r["summary"]["fallen_back"];
            assert_eq!(fell.as_array().map(Vec::len), Some(1), "{name}: {fell}");
            assert_eq!(fell[0]["signal"], "race", "{name}");
            let (from, to) = (
                fell[0]["from"].as_f64().unwrap(),
                fell[0]["to"].as_f64().unwrap(),
            );
            assert!(
                (49.0..=51.0).contains(&to) && from > to + 2.0,
                "{name}: {from} → {to}"
            );
        }
        _ => panic!("{name}: no coach's reading written for this history"),
    }
}

#[test]
fn wuyueseas_easy_pace_coming_back_in_2025_is_no_progress() {
    // Read from the runs: wuyueSea's easy runs, scaled to 155 bpm, had a median of 3.10 m/s
    // in May 2024, slowed over the summer (2.89 in August), came back to 3.15 in October,
    // and held 3.0–3.2 through April 2025. By 2025-05-07 pace at easy heart rate has risen
    // since a slower autumn, but only back to where it was: not "still improving".
    let Some(c) = corpus("wuyueseas_easy_pace_coming_back_in_2025_is_no_progress") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = history_report(&c, "wuyueSea", dir.path());
    let o = crate::common::rutscope(&store)
        .args(["report", "--until", "2025-05-07", "--format", "json"])
        .output()
        .unwrap();
    let r: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_ne!(r["summary"]["verdict"], "improving");
    let back = &r["summary"]["regaining"];
    assert_eq!(back.as_array().map(Vec::len), Some(1), "{back}");
    assert_eq!(back[0]["signal"], "aerobic");
    let d = |s: &str| s.parse::<NaiveDate>().unwrap();
    let held_on = date(&back[0]["held_on"]);
    assert!(
        held_on >= d("2024-05-01") && held_on <= d("2024-10-31"),
        "{held_on}"
    );
    // The independent reading: the median of the runs' pace at easy heart rate over the
    // six weeks to each day, as the report compares them.
    let six_weeks_to = |to: NaiveDate| {
        let mut v: Vec<f64> = r["load"]["runs"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|x| (0..42).contains(&(to - date(&x["date"])).num_days()))
            .filter_map(|x| x["aerobic_speed_m_s"].as_f64())
            .collect();
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let (now, then) = (six_weeks_to(d("2025-05-07")), six_weeks_to(held_on));
    let (said_now, said_then) = (
        back[0]["now"].as_f64().unwrap(),
        back[0]["held"].as_f64().unwrap(),
    );
    assert!(
        (said_now / now - 1.0).abs() < 0.01,
        "{said_now} against {now}"
    );
    assert!(
        (said_then / then - 1.0).abs() < 0.01,
        "{said_then} against {then}"
    );
    assert!(now <= 1.01 * then, "now {now} m/s, {then} to {held_on}");
    let said = summary_texts(&r);
    assert!(
        said[0].contains("pace at easy heart rate has been coming back since"),
        "{said:#?}"
    );
}

#[test]
fn quitinos_winter_breaks_split_the_history() {
    // Read from the runs: a wrist band's runner who stops most winters — 95 days from
    // 2018-11-29 to 2019-03-04, about two months in 2021 and 2021/22, eleven weeks in early
    // 2026 (the dates of the runs, listed by `rutscope list`; the hikes and rides of
    // 2026-03-15 to 2026-04-19 are not runs, the first run after the break is 2026-04-21;
    // the last before it is a 10.5 km run on 2026-01-31 whose Garmin GPX has no track
    // point, only Connect's summary: 10,528 m in 3,789 s at 167 bpm).
    let Some(c) = corpus("quitinos_winter_breaks_split_the_history") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let (_, r) = history_report(&c, "Quitino", dir.path());
    let b = breaks(&r);
    let d = |s: &str| s.parse::<NaiveDate>().unwrap();
    for (from, to) in [
        ("2018-11-30", "2019-03-03"),
        ("2021-12-11", "2022-02-11"),
        ("2026-02-01", "2026-04-20"),
    ] {
        assert!(
            b.contains(&(d(from), d(to))),
            "break {from}..{to} not among {b:?}"
        );
    }
    // The report names them, and judges the stretch since the last one against the best
    // earlier one.
    let said = summary_texts(&r);
    assert!(
        said.iter()
            .any(|t| t.starts_with("Breaks of 8 weeks") && t.contains("2018-11-30 to 2019-03-03")),
        "{said:#?}"
    );
    assert!(
        said.iter()
            .any(|t| t.starts_with("Since your last break (2026-02-01 to 2026-04-20)")),
        "{said:#?}"
    );
}
