//! Invariants on every real history in the corpus (`corpus/history/*`), whatever the runner
//! and the watch: breaks split the history (no phase, plateau or finding spans one), and the
//! verdict agrees with the signals. What a coach reads in each history is checked by the
//! tests beside this one (history.rs for asplitline against Garmin Connect).

use chrono::NaiveDate;

use crate::common::{HISTORIES, corpus, history_report};

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
        let left_out: u64 = ["over_gps_jump", "beyond_world_record", "distance_disagrees"]
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
        eprintln!(
            "{name}: verdict {verdict}, {} breaks, {} windows checked, {left_out} efforts left out",
            b.len(),
            windows.len()
        );
    }
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
    let summary = &r["text"]["sections"][0];
    let said: Vec<&str> = summary["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|x| x["text"].as_str())
        .collect();
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
