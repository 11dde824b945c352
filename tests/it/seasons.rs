//! Seasons and years on simulated three-year histories: the planted winter dips of the
//! `seasonal` scenario are found in their months, a healthy runner gets no seasonal
//! finding, and the year-over-year view and the yearly break are reported.

use chrono::{Datelike, NaiveDate};

use crate::common::{json, rutscope, simulated_store, simulated_store_from, summary_texts};

/// First day of the three-year histories: they end on 2025-12-28, before any day the tests
/// run (a history reaching past today changes with the day: later runs are untimed).
const START: &str = "2023-01-02";
/// Their last day.
const LAST: &str = "2025-12-28";

/// The calendar months of a seasonal-slump finding, 1–12.
fn months(f: &serde_json::Value) -> Vec<u32> {
    let e = &f["evidence"];
    let (a, b) = (
        e["first_month"].as_u64().unwrap() as u32,
        e["last_month"].as_u64().unwrap() as u32,
    );
    let mut out = vec![a];
    let mut m = a;
    while m != b {
        m = m % 12 + 1;
        out.push(m);
    }
    out
}

fn report(store: &std::path::Path) -> serde_json::Value {
    json(
        &rutscope(store)
            .args(["report", "--format", "json", "--until", LAST])
            .output()
            .unwrap(),
    )
}

#[test]
fn a_three_year_seasonal_simulation_is_found_in_its_planted_months() {
    let dir = tempfile::tempdir().unwrap();
    let (store, truth) = simulated_store_from(dir.path(), "seasonal", 5, 156, Some(START));
    // The planted months, from the truth file.
    let mut planted: Vec<u32> = Vec::new();
    for p in truth["planted"].as_array().unwrap() {
        if p["kind"] != "seasonal-dip" {
            continue;
        }
        let (mut d, end) = (
            p["start"].as_str().unwrap().parse::<NaiveDate>().unwrap(),
            p["end"].as_str().unwrap().parse::<NaiveDate>().unwrap(),
        );
        while d <= end {
            if !planted.contains(&d.month()) {
                planted.push(d.month());
            }
            d = d.succ_opt().unwrap();
        }
    }
    planted.sort_unstable();
    assert_eq!(planted, [1, 2, 12]);
    let r = report(&store);
    let found = r["seasonal"]["findings"].as_array().unwrap();
    // The less-running span is exactly the planted months, in every winter of the history.
    let less: Vec<&serde_json::Value> = found
        .iter()
        .filter(|f| f["evidence"]["less"] == true)
        .collect();
    assert_eq!(less.len(), 1, "{found:#?}");
    let mut m = months(less[0]);
    m.sort_unstable();
    assert_eq!(m, planted, "{found:#?}");
    assert!(less[0]["evidence"]["years"].as_u64().unwrap() >= 2);
    // Nothing outside the winter and the spring that follows it (the fitness lost in the
    // winter shows until it is rebuilt).
    for f in found {
        assert!(
            months(f)
                .iter()
                .all(|m| [11, 12, 1, 2, 3, 4, 5].contains(m)),
            "{f:#?}"
        );
        assert_eq!(f["kind"], "seasonal-slump");
        assert_eq!(f["severity"], "info");
    }
    // Every format says it: the seasons section has it in words.
    let md = String::from_utf8(
        rutscope(&store)
            .args(["report", "--format", "md", "--until", LAST])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert!(md.contains("Every Dec–Feb since"), "{md}");
    assert!(md.contains("## Year over year"), "{md}");
    // Judged inside the third winter, the summary says it is the season.
    let winter = json(
        &rutscope(&store)
            .args(["report", "--until", "2025-01-31", "--format", "json"])
            .output()
            .unwrap(),
    );
    let said = summary_texts(&winter);
    assert!(
        said.iter()
            .any(|t| t.starts_with("You are in your usual Dec") && t.contains("not fatigue")),
        "{said:#?}"
    );
}

/// A history that stops in its third winter, judged months later: the runner is on a break,
/// so the summary says the season was that of their last runs, not that they are in it now.
#[test]
fn on_a_break_the_season_is_that_of_the_last_runs() {
    let dir = tempfile::tempdir().unwrap();
    // 2024-01-01 plus 108 weeks: the last run is on 2026-01-25, inside the Dec–Jan season.
    let (store, _) = simulated_store(dir.path(), "seasonal", 5, 108);
    let r = json(
        &rutscope(&store)
            .args(["report", "--until", "2026-06-30", "--format", "json"])
            .output()
            .unwrap(),
    );
    assert_eq!(r["summary"]["verdict"], "break", "{:#?}", r["summary"]);
    let said = summary_texts(&r);
    assert!(
        said.iter()
            .any(|t| t.starts_with("Your last runs were in your usual Dec")),
        "{said:#?}"
    );
    assert!(
        !said.iter().any(|t| t.starts_with("You are in your usual")),
        "{said:#?}"
    );
    // The years run to the day judged: 2026's longest time off is the break itself.
    let y2026 = r["years"]
        .as_array()
        .unwrap()
        .iter()
        .find(|y| y["year"] == 2026)
        .expect("2026");
    assert_eq!(y2026["longest_rest"]["to"], "2026-06-30", "{y2026:#?}");
    assert_eq!(y2026["longest_rest"]["from"], "2026-01-26", "{y2026:#?}");
    // Nor is what held at the last run "now": the findings are those of when they stopped.
    let headings: Vec<&str> = r["text"]["sections"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["blocks"].as_array().unwrap())
        .filter_map(|b| b["findings"]["now_heading"].as_str())
        .collect();
    assert!(!headings.is_empty());
    assert!(
        headings
            .iter()
            .all(|h| h.starts_with("When you stopped (2026-01-25, your last run)")),
        "{headings:#?}"
    );
}

#[test]
fn a_healthy_three_year_history_has_no_season_but_its_years() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = simulated_store_from(dir.path(), "healthy", 5, 156, Some(START));
    let r = report(&store);
    assert_eq!(
        r["seasonal"]["findings"].as_array().unwrap().len(),
        0,
        "{:#?}",
        r["seasonal"]["findings"]
    );
    assert!(r["seasonal"]["explained"].as_array().unwrap().is_empty());
    // Year over year: 2023, 2024, 2025, the runs adding up, the distance cumulative.
    let years = r["years"].as_array().unwrap();
    assert_eq!(
        years
            .iter()
            .map(|y| y["year"].as_i64().unwrap())
            .collect::<Vec<_>>(),
        [2023, 2024, 2025]
    );
    let runs: u64 = years.iter().map(|y| y["runs"].as_u64().unwrap()).sum();
    assert_eq!(runs as usize, r["load"]["runs"].as_array().unwrap().len());
    for y in years {
        let c = y["cumulative"].as_array().unwrap();
        let last = c.last().unwrap()["distance_m"].as_f64().unwrap();
        assert!((last - y["distance_m"].as_f64().unwrap()).abs() < 1e-6);
    }
    // The yearly break: the simulated runner never takes a week off.
    let b = &r["yearly_break"];
    assert_eq!(b["kind"], "yearly-break");
    assert!(
        b["evidence"]["years"]
            .as_array()
            .unwrap()
            .iter()
            .all(|y| y["took_time_off"] == false),
        "{b:#?}"
    );
    // The HTML page draws the cumulative chart.
    let html = String::from_utf8(
        rutscope(&store)
            .args(["report", "--format", "html", "--until", LAST])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert!(html.contains(r#"<section id="years">"#));
    assert!(html.contains("distance since 1 January"));
}

#[test]
fn the_seasons_and_years_of_a_seasonal_history_in_markdown() {
    // The words of the two sections, pinned (seed 5, three years, the planted winters),
    // judged on the history's last day: judged on today, the years and the time off ran
    // to the day the test ran.
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = simulated_store_from(dir.path(), "seasonal", 5, 156, Some(START));
    let md = String::from_utf8(
        rutscope(&store)
            .args(["report", "--format", "md", "--until", LAST])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    let from = md.find("## Seasons").expect("a seasons section");
    let to = md.find("## Data").expect("a data section");
    insta::assert_snapshot!("seasonal-seasons-and-years-md", &md[from..to]);
}
