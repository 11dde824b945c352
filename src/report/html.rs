//! The report as one self-contained HTML page: inline CSS, charts as inline SVG, no script,
//! no network. Readable on a phone (one column, charts scale to the width, wide tables
//! scroll), and printable (no backgrounds needed, sections kept on a page where they fit).
//!
//! The charts are drawn here, a few dozen lines of SVG each, rather than with `plotters`:
//! line, point, bar and band charts over dates are all the report needs, and a plotting
//! crate would add build time on every CI run for them.

use std::fmt::Write;

use chrono::{Datelike, NaiveDate};

use super::document::{Block, Chart, Document, FindingText, Table, Tone};
use super::words;
use crate::analysis::findings::Severity;
use crate::analysis::plateau::{Signal, signal_points, ten_km_time};
use crate::app::Analysis;

/// Chart width and height in SVG units (scaled to the page width).
const W: f64 = 720.0;
const H: f64 = 220.0;
const PAD_L: f64 = 52.0;
const PAD_R: f64 = 12.0;
const PAD_T: f64 = 14.0;
const PAD_B: f64 = 26.0;
/// Route colours (the top routes, then "other").
const COLOURS: [&str; 6] = [
    "#d1495b", "#00798c", "#edae49", "#66a182", "#8d6a9f", "#9aa0a6",
];

/// Escapes text for HTML.
pub fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            _ => o.push(c),
        }
    }
    o
}

/// A chart's frame: dates on x, values on y (`invert`: larger values lower, for times and
/// paces where lower is better).
struct Frame {
    d0: NaiveDate,
    days: f64,
    y0: f64,
    y1: f64,
    invert: bool,
}

impl Frame {
    fn new(d0: NaiveDate, d1: NaiveDate, lo: f64, hi: f64, invert: bool) -> Frame {
        let pad = ((hi - lo) * 0.08).max(1e-9);
        Frame {
            d0,
            days: ((d1 - d0).num_days() as f64).max(1.0),
            y0: lo - pad,
            y1: hi + pad,
            invert,
        }
    }

    fn x(&self, d: NaiveDate) -> f64 {
        PAD_L + (d - self.d0).num_days() as f64 / self.days * (W - PAD_L - PAD_R)
    }

    fn y(&self, v: f64) -> f64 {
        let f = (v - self.y0) / (self.y1 - self.y0);
        let f = if self.invert { f } else { 1.0 - f };
        PAD_T + f * (H - PAD_T - PAD_B)
    }

    /// Opens the SVG with axes, date ticks and value ticks labelled by `label`.
    fn open(&self, o: &mut String, title: &str, label: &dyn Fn(f64) -> String) {
        let _ = write!(
            o,
            r##"<svg viewBox="0 0 {W} {H}" role="img" aria-label="{}"><rect x="{PAD_L}" y="{PAD_T}" width="{}" height="{}" fill="none" stroke="#ccc"/>"##,
            esc(title),
            W - PAD_L - PAD_R,
            H - PAD_T - PAD_B
        );
        for k in 0..=4 {
            let v = self.y0 + (self.y1 - self.y0) * k as f64 / 4.0;
            let y = self.y(v);
            let _ = write!(
                o,
                r##"<line x1="{PAD_L}" x2="{}" y1="{y:.1}" y2="{y:.1}" stroke="#eee"/><text x="{}" y="{:.1}" text-anchor="end" class="t">{}</text>"##,
                W - PAD_R,
                PAD_L - 4.0,
                y + 4.0,
                esc(&label(v))
            );
        }
        // Month ticks, labelled every 1, 3 or 6 months by span.
        let step = if self.days > 900.0 {
            6
        } else if self.days > 300.0 {
            3
        } else {
            1
        };
        let mut d = NaiveDate::from_ymd_opt(self.d0.year(), self.d0.month(), 1).expect("date");
        let end = self.d0 + chrono::Duration::days(self.days as i64);
        while d <= end {
            if d >= self.d0 && d.month0().is_multiple_of(step) {
                let x = self.x(d);
                let _ = write!(
                    o,
                    r##"<line x1="{x:.1}" x2="{x:.1}" y1="{PAD_T}" y2="{}" stroke="#f2f2f2"/><text x="{x:.1}" y="{}" text-anchor="middle" class="t">{}</text>"##,
                    H - PAD_B,
                    H - 8.0,
                    d.format("%b %y")
                );
            }
            d = if d.month() == 12 {
                NaiveDate::from_ymd_opt(d.year() + 1, 1, 1)
            } else {
                NaiveDate::from_ymd_opt(d.year(), d.month() + 1, 1)
            }
            .expect("date");
        }
    }
}

/// Fitness over time: race fitness as a 10 km equivalent (step line) and each run's pace at
/// the aerobic heart rate (points), faster up; plateaus as shaded bands.
fn fitness_chart(r: &Analysis, o: &mut String) {
    let (Some(first), Some(last)) = (r.first, r.last) else {
        return;
    };
    let race: Vec<(NaiveDate, f64)> = signal_points(Signal::Race, &r.load.runs, last)
        .into_iter()
        .filter_map(|(d, v)| ten_km_time(v).map(|t| (d, t / 10.0)))
        .collect();
    let aerobic: Vec<(NaiveDate, f64)> = signal_points(Signal::Aerobic, &r.load.runs, last)
        .into_iter()
        .map(|(d, v)| (d, 1000.0 / v))
        .collect();
    if race.is_empty() && aerobic.is_empty() {
        return;
    }
    // Both in seconds per km: the 10 km equivalent's pace and the aerobic pace.
    let mut all: Vec<f64> = race.iter().chain(&aerobic).map(|p| p.1).collect();
    all.sort_by(f64::total_cmp);
    let lo = all[(all.len() as f64 * 0.02) as usize];
    let hi = all[((all.len() as f64 * 0.98) as usize).min(all.len() - 1)];
    let f = Frame::new(first, last, lo, hi, true);
    let _ = write!(o, "<figure>");
    f.open(o, "fitness over time", &|v| {
        format!("{}/km", words::clock(v))
    });
    for s in &r.plateaus.signals {
        for p in &s.plateaus {
            let (x0, x1) = (f.x(p.start), f.x(p.end));
            let _ = write!(
                o,
                r##"<rect x="{x0:.1}" y="{PAD_T}" width="{:.1}" height="{}" fill="#f6c453" fill-opacity="0.25"><title>{}</title></rect>"##,
                (x1 - x0).max(1.0),
                H - PAD_T - PAD_B,
                esc(&words::plateau_title(p, r.plateaus.aerobic_ref_hr_bpm))
            );
        }
    }
    for (d, v) in &aerobic {
        if *v >= f.y0 && *v <= f.y1 {
            let _ = write!(
                o,
                r##"<circle cx="{:.1}" cy="{:.1}" r="2.2" fill="#00798c" fill-opacity="0.55"/>"##,
                f.x(*d),
                f.y(*v)
            );
        }
    }
    if race.len() > 1 {
        let pts: Vec<String> = race
            .iter()
            .map(|(d, v)| format!("{:.1},{:.1}", f.x(*d), f.y(v.clamp(f.y0, f.y1))))
            .collect();
        let _ = write!(
            o,
            r##"<polyline points="{}" fill="none" stroke="#d1495b" stroke-width="2"/>"##,
            pts.join(" ")
        );
    }
    let [race_c, aerobic_c, bands_c, note_c] =
        words::fitness_caption(r.plateaus.aerobic_ref_hr_bpm);
    let _ = write!(
        o,
        r##"</svg><figcaption><span class="k" style="color:#d1495b">━</span> {} · <span class="k" style="color:#00798c">●</span> {} · <span class="k" style="color:#e0a800">▮</span> {} · {}</figcaption></figure>"##,
        esc(&race_c),
        esc(&aerobic_c),
        esc(&bands_c),
        esc(&note_c)
    );
}

/// Weekly distance as bars, cut-back weeks lighter.
fn volume_chart(r: &Analysis, o: &mut String) {
    let weeks = &r.load.weekly;
    let (Some(a), Some(b)) = (weeks.first(), weeks.last()) else {
        return;
    };
    let hi = weeks
        .iter()
        .map(|w| w.distance_m / 1000.0)
        .fold(1.0, f64::max);
    let end = b.week_start + chrono::Duration::days(7);
    let mut f = Frame::new(a.week_start, end, 0.0, hi, false);
    f.y0 = 0.0;
    let _ = write!(o, "<figure>");
    f.open(o, "weekly distance", &|v| format!("{v:.0} km"));
    let bw = ((W - PAD_L - PAD_R) / weeks.len() as f64 * 0.8).max(0.5);
    for w in weeks {
        let km = w.distance_m / 1000.0;
        let (x, y) = (f.x(w.week_start), f.y(km));
        let _ = write!(
            o,
            r##"<rect x="{x:.1}" y="{y:.1}" width="{bw:.1}" height="{:.1}" fill="{}"><title>week of {}: {km:.1} km, {} runs</title></rect>"##,
            (f.y(0.0) - y).max(0.0),
            if w.cut_back { "#9ccfd8" } else { "#00798c" },
            w.week_start,
            w.activities
        );
    }
    let _ = write!(
        o,
        r##"</svg><figcaption>{} · <span class="k" style="color:#9ccfd8">▮</span> {}</figcaption></figure>"##,
        words::VOLUME_CAPTION[0],
        words::VOLUME_CAPTION[1]
    );
}

/// Recovery by week: the weekly load as grey bars (to the frame's height, no scale), the
/// mean resting heart rate as a line on the bpm scale, and the mean sleep as a second line
/// mapped onto the same height (its own range, given in the caption).
fn recovery_chart(r: &Analysis, o: &mut String) {
    let weeks = &r.recovery.weeks;
    let (Some(a), Some(b)) = (weeks.first(), weeks.last()) else {
        return;
    };
    let hr: Vec<f64> = weeks.iter().filter_map(|w| w.resting_hr_bpm).collect();
    let sleep: Vec<f64> = weeks.iter().filter_map(|w| w.sleep_s).collect();
    // The bpm scale when there is a resting heart rate, else the sleep's in hours.
    let (lo, hi, unit) = if hr.is_empty() {
        let lo = sleep.iter().copied().fold(f64::MAX, f64::min) / 3600.0;
        let hi = sleep.iter().copied().fold(f64::MIN, f64::max) / 3600.0;
        (lo.min(6.0), hi.max(8.0), "h")
    } else {
        let lo = hr.iter().copied().fold(f64::MAX, f64::min);
        let hi = hr.iter().copied().fold(f64::MIN, f64::max);
        (lo - 2.0, hi + 2.0, "bpm")
    };
    let end = b.week_start + chrono::Duration::days(7);
    let f = Frame::new(a.week_start, end, lo, hi, false);
    let _ = write!(o, "<figure>");
    f.open(o, "recovery", &|v| format!("{v:.0} {unit}"));
    let max_load = weeks.iter().map(|w| w.load).fold(1e-9, f64::max);
    let bw = ((W - PAD_L - PAD_R) / weeks.len().max(1) as f64 * 0.8).max(0.5);
    for w in weeks {
        let h = w.load / max_load * (H - PAD_T - PAD_B);
        let _ = write!(
            o,
            r##"<rect x="{:.1}" y="{:.1}" width="{bw:.1}" height="{h:.1}" fill="#e6e6e6"><title>week of {}: load {:.0}</title></rect>"##,
            f.x(w.week_start),
            H - PAD_B - h,
            w.week_start,
            w.load
        );
    }
    let line = |o: &mut String, colour: &str, pts: Vec<(NaiveDate, f64)>| {
        let p: Vec<String> = pts
            .iter()
            .map(|(d, v)| format!("{:.1},{:.1}", f.x(*d + chrono::Duration::days(3)), f.y(*v)))
            .collect();
        let _ = write!(
            o,
            r##"<polyline points="{}" fill="none" stroke="{colour}" stroke-width="1.8"/>"##,
            p.join(" ")
        );
    };
    if !hr.is_empty() {
        line(
            o,
            "#d1495b",
            weeks
                .iter()
                .filter_map(|w| w.resting_hr_bpm.map(|v| (w.week_start, v)))
                .collect(),
        );
    }
    let (s_lo, s_hi) = (5.0, 9.0);
    let sleep_pts: Vec<(NaiveDate, f64)> = weeks
        .iter()
        .filter_map(|w| {
            w.sleep_s.map(|s| {
                let h = s / 3600.0;
                let v = if hr.is_empty() {
                    h
                } else {
                    // Sleep's 5–9 h onto the bpm scale.
                    lo + (h.clamp(s_lo, s_hi) - s_lo) / (s_hi - s_lo) * (hi - lo)
                };
                (w.week_start, v)
            })
        })
        .collect();
    // A line needs two weeks; the caption names only what is drawn.
    let mut caption = Vec::new();
    if hr.len() >= 2 {
        caption.push(format!(
            r##"<span class="k" style="color:#d1495b">━</span> {}"##,
            words::RECOVERY_CAPTION[0]
        ));
    }
    if sleep_pts.len() >= 2 {
        line(o, "#00798c", sleep_pts);
        caption.push(format!(
            r##"<span class="k" style="color:#00798c">━</span> {}"##,
            esc(&words::sleep_caption(!hr.is_empty(), s_lo, s_hi))
        ));
    }
    caption.push(format!(
        r##"<span class="k" style="color:#cccccc">▮</span> {}"##,
        words::RECOVERY_CAPTION[1]
    ));
    let _ = write!(
        o,
        r##"</svg><figcaption>{}</figcaption></figure>"##,
        caption.join(" · ")
    );
}

/// Fitness, fatigue and form (CTL, ATL, TSB) by day.
fn load_chart(r: &Analysis, o: &mut String) {
    let d = &r.load.daily;
    let (Some(a), Some(b)) = (d.first(), d.last()) else {
        return;
    };
    let lo = d.iter().map(|x| x.tsb).fold(0.0, f64::min);
    let hi = d.iter().map(|x| x.ctl.max(x.atl)).fold(1.0, f64::max);
    let f = Frame::new(a.date, b.date, lo, hi, false);
    let _ = write!(o, "<figure>");
    f.open(o, "fitness, fatigue and form", &|v| format!("{v:.0}"));
    let zero = f.y(0.0);
    let _ = write!(
        o,
        r##"<line x1="{PAD_L}" x2="{}" y1="{zero:.1}" y2="{zero:.1}" stroke="#999" stroke-dasharray="3 3"/>"##,
        W - PAD_R
    );
    // One point per day is more than the width shows: every n-th day.
    let n = (d.len() / 600).max(1);
    for (colour, get) in [
        (
            "#00798c",
            (|x: &crate::analysis::load::Daily| x.ctl) as fn(&_) -> f64,
        ),
        ("#d1495b", |x| x.atl),
        ("#edae49", |x| x.tsb),
    ] {
        let pts: Vec<String> = d
            .iter()
            .step_by(n)
            .map(|x| format!("{:.1},{:.1}", f.x(x.date), f.y(get(x))))
            .collect();
        let _ = write!(
            o,
            r##"<polyline points="{}" fill="none" stroke="{colour}" stroke-width="1.6"/>"##,
            pts.join(" ")
        );
    }
    let _ = write!(
        o,
        r##"</svg><figcaption><span class="k" style="color:#00798c">━</span> {} · <span class="k" style="color:#d1495b">━</span> {} · <span class="k" style="color:#edae49">━</span> {}</figcaption></figure>"##,
        words::LOAD_CAPTION[0],
        words::LOAD_CAPTION[1],
        words::LOAD_CAPTION[2]
    );
}

/// Runs per 4-week window on the top routes (stacked), the rest grey.
fn route_chart(r: &Analysis, o: &mut String) {
    let wins = &r.routes.windows;
    let (Some(a), Some(b)) = (wins.first(), wins.last()) else {
        return;
    };
    let top: Vec<&str> = r
        .routes
        .routes
        .iter()
        .take(COLOURS.len() - 1)
        .map(|x| x.id.as_str())
        .collect();
    let hi = wins.iter().map(|w| w.runs as f64).fold(1.0, f64::max);
    let mut f = Frame::new(a.start, b.end, 0.0, hi, false);
    f.y0 = 0.0;
    let _ = write!(o, "<figure>");
    f.open(o, "runs per route", &|v| format!("{v:.0}"));
    let bw = ((W - PAD_L - PAD_R) / wins.len() as f64 * 0.85).max(0.5);
    for w in wins {
        let mut counts = [0usize; COLOURS.len()];
        for rr in r
            .routes
            .run_routes
            .iter()
            .filter(|x| x.date >= w.start && x.date <= w.end)
        {
            let k = rr
                .route
                .as_deref()
                .and_then(|id| top.iter().position(|t| *t == id))
                .unwrap_or(COLOURS.len() - 1);
            counts[k] += 1;
        }
        let mut acc = 0.0;
        for (k, n) in counts.iter().enumerate() {
            if *n == 0 {
                continue;
            }
            let (y_top, y_bot) = (f.y(acc + *n as f64), f.y(acc));
            let _ = write!(
                o,
                r##"<rect x="{:.1}" y="{y_top:.1}" width="{bw:.1}" height="{:.1}" fill="{}"><title>{} from {}: {n} runs</title></rect>"##,
                f.x(w.start),
                y_bot - y_top,
                COLOURS[k],
                top.get(k).copied().unwrap_or(words::ROUTE_CAPTION[1]),
                w.start
            );
            acc += *n as f64;
        }
    }
    let legend: Vec<String> = top
        .iter()
        .enumerate()
        .map(|(k, id)| {
            format!(
                r#"<span class="k" style="color:{}">▮</span> {id}"#,
                COLOURS[k]
            )
        })
        .chain(std::iter::once(format!(
            r#"<span class="k" style="color:{}">▮</span> {}"#,
            COLOURS[COLOURS.len() - 1],
            words::ROUTE_CAPTION[1]
        )))
        .collect();
    let _ = write!(
        o,
        "</svg><figcaption>{} · {}</figcaption></figure>",
        words::ROUTE_CAPTION[0],
        legend.join(" · ")
    );
}

/// Cumulative distance by day of the year, a line per year: this year bold, the others
/// lighter, each labelled at its end.
fn cumulative_chart(r: &Analysis, o: &mut String) {
    let Some(this) = r.years.last() else {
        return;
    };
    let hi = r
        .years
        .iter()
        .map(|y| y.distance_m / 1000.0)
        .fold(1.0, f64::max);
    // Ticks at a round step (1, 2 or 5 × 10ⁿ km), four or five of them.
    let raw = hi / 4.0;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|k| k * mag)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * mag);
    let ticks = (hi / step).ceil().max(1.0) as usize;
    let (y0, y1) = (0.0, step * ticks as f64);
    let x = |day: f64| PAD_L + (day - 1.0) / 365.0 * (W - PAD_L - PAD_R - 30.0);
    let y = |km: f64| PAD_T + (1.0 - (km - y0) / (y1 - y0)) * (H - PAD_T - PAD_B);
    let [title, this_c, others_c] = words::cumulative_caption(this.year);
    let _ = write!(
        o,
        r##"<figure><svg viewBox="0 0 {W} {H}" role="img" aria-label="{}"><rect x="{PAD_L}" y="{PAD_T}" width="{}" height="{}" fill="none" stroke="#ccc"/>"##,
        esc(&title),
        W - PAD_L - PAD_R,
        H - PAD_T - PAD_B
    );
    for k in 0..=ticks {
        let v = step * k as f64;
        let _ = write!(
            o,
            r##"<line x1="{PAD_L}" x2="{}" y1="{:.1}" y2="{:.1}" stroke="#eee"/><text x="{}" y="{:.1}" text-anchor="end" class="t">{v:.0} km</text>"##,
            W - PAD_R,
            y(v),
            y(v),
            PAD_L - 4.0,
            y(v) + 4.0
        );
    }
    for m in 1..=12u32 {
        let day = NaiveDate::from_ymd_opt(2001, m, 1).expect("date").ordinal() as f64;
        let _ = write!(
            o,
            r##"<line x1="{0:.1}" x2="{0:.1}" y1="{PAD_T}" y2="{1}" stroke="#f2f2f2"/><text x="{2:.1}" y="{3}" text-anchor="middle" class="t">{4}</text>"##,
            x(day),
            H - PAD_B,
            x(day + 14.0),
            H - 8.0,
            esc(&words::month(m))
        );
    }
    let n = r.years.len();
    for (i, yr) in r.years.iter().enumerate() {
        let current = i + 1 == n;
        // Older years lighter: the eye goes to this year and the one before.
        let (colour, width, opacity) = if current {
            ("#d1495b", 2.6, 1.0)
        } else {
            ("#00798c", 1.4, 0.35 + 0.5 * (i + 1) as f64 / n as f64)
        };
        let start = yr.from.ordinal() as f64;
        let mut pts = vec![format!("{:.1},{:.1}", x(start), y(0.0))];
        let mut last = 0.0;
        for c in &yr.cumulative {
            // A step: flat until the run, up on its day.
            pts.push(format!("{:.1},{:.1}", x(c.day as f64), y(last / 1000.0)));
            pts.push(format!(
                "{:.1},{:.1}",
                x(c.day as f64),
                y(c.distance_m / 1000.0)
            ));
            last = c.distance_m;
        }
        let end = yr.to.ordinal() as f64;
        pts.push(format!("{:.1},{:.1}", x(end), y(last / 1000.0)));
        let _ = write!(
            o,
            r##"<polyline points="{}" fill="none" stroke="{colour}" stroke-opacity="{opacity:.2}" stroke-width="{width}"><title>{}: {}</title></polyline><text x="{:.1}" y="{:.1}" class="t" fill="{colour}">{}</text>"##,
            pts.join(" "),
            yr.year,
            esc(&words::km(last)),
            x(end) + 3.0,
            y(last / 1000.0) + 4.0,
            yr.year
        );
    }
    let _ = write!(
        o,
        r##"</svg><figcaption>{} · <span class="k" style="color:#d1495b">━</span> {} · <span class="k" style="color:#00798c">━</span> {}</figcaption></figure>"##,
        esc(&title),
        esc(&this_c),
        esc(&others_c)
    );
}

const CSS: &str = r#"
:root{color-scheme:light}
body{font:16px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans CJK SC",sans-serif;margin:0;color:#1d2125;background:#fff}
main{max-width:960px;margin:0 auto;padding:12px 16px 40px}
h1{font-size:1.6em;margin:.4em 0 .1em}h2{font-size:1.25em;border-bottom:2px solid #eee;padding-bottom:.2em;margin-top:1.6em}h3{font-size:1.05em}
.sub{color:#667}
.summary{background:#fbf6e9;border-left:5px solid #edae49;padding:10px 16px;border-radius:4px}
.summary:has(.calm){background:#eef7f1;border-left-color:#66a182}
.summary h2{border:none;margin-top:.4em}
.headline{font-size:1.15em;font-weight:600}
.now{font-weight:600;margin:.8em 0 .2em}.data{font-size:.8em;color:#778}
figure{margin:12px 0}svg{width:100%;height:auto;display:block}
.t{font-size:11px;fill:#667}
figcaption{font-size:.85em;color:#556}.k{font-weight:700}
.scroll{overflow-x:auto}
table{border-collapse:collapse;font-size:.9em;min-width:100%}th,td{padding:4px 8px;border-bottom:1px solid #eee;text-align:left;white-space:nowrap}td.n,th.n{text-align:right}
.finding{border:1px solid #e3e3e3;border-left:5px solid #9aa0a6;border-radius:4px;padding:6px 12px;margin:8px 0}
.finding.warn{border-left-color:#edae49}.finding.alert{border-left-color:#d1495b}.finding.info{border-left-color:#00798c}
.finding ul{margin:.3em 0}.when{color:#667;font-size:.9em}.advice{margin:.3em 0;font-style:italic}.rule{font-size:.8em;color:#778;margin:.2em 0}
.routes{display:grid;grid-template-columns:repeat(auto-fill,minmax(150px,1fr));gap:10px}
.route{border:1px solid #eee;border-radius:4px;padding:6px;font-size:.85em}.route svg{background:#fafafa}
.plateau{background:#fff8e5;border-radius:4px;padding:4px 10px;margin:6px 0}
@media print{main{max-width:none;padding:0}section,figure,.finding,.route{break-inside:avoid}.summary{border:1px solid #ccc}}
"#;

fn table(o: &mut String, t: &Table) {
    let _ = write!(o, r#"<div class="scroll"><table><tr>"#);
    for (c, n) in t.columns.iter().zip(&t.numeric) {
        let _ = write!(
            o,
            "<th{}>{}</th>",
            if *n { r#" class="n""# } else { "" },
            esc(c)
        );
    }
    let _ = write!(o, "</tr>");
    for r in &t.rows {
        let _ = write!(o, "<tr>");
        for (c, n) in r.iter().zip(&t.numeric) {
            let _ = write!(
                o,
                "<td{}>{}</td>",
                if *n { r#" class="n""# } else { "" },
                esc(c)
            );
        }
        let _ = write!(o, "</tr>");
    }
    let _ = write!(o, "</table></div>");
}

fn finding(o: &mut String, f: &FindingText, full: bool) {
    let class = match f.severity {
        Severity::Alert => "alert",
        Severity::Warning => "warn",
        Severity::Info => "info",
    };
    let _ = write!(
        o,
        r#"<div class="finding {class}"><b>{}: {}</b> <span class="when">{}</span>"#,
        esc(&f.label),
        esc(&f.title),
        esc(&f.when)
    );
    if full {
        let _ = write!(o, "<ul>");
        for l in &f.lines {
            let _ = write!(o, "<li>{}</li>", esc(l));
        }
        let _ = write!(
            o,
            r#"</ul><p class="advice">{}: {}</p><p class="rule">{}: {} · {}: {}</p>"#,
            words::ADVICE,
            esc(&f.advice),
            words::RULE,
            esc(&f.rule),
            words::DATA,
            esc(&f.data)
        );
    }
    let _ = write!(o, "</div>");
}

fn block(o: &mut String, b: &Block, a: &Analysis) {
    match b {
        Block::Headline { text, tone } => {
            let _ = write!(
                o,
                r#"<p class="headline {}">{}</p>"#,
                match tone {
                    Tone::Attention => "attention",
                    Tone::Calm => "calm",
                },
                esc(text)
            );
        }
        Block::Paragraph { text } => {
            let _ = write!(o, "<p>{}</p>", esc(text));
        }
        Block::Note { text } => {
            let _ = write!(o, r#"<p class="sub">{}</p>"#, esc(text));
        }
        Block::Subheading { text } => {
            let _ = write!(o, "<h3>{}</h3>", esc(text));
        }
        Block::List { intro, items } => {
            if !intro.is_empty() {
                let _ = write!(o, "<p>{}</p>", esc(intro));
            }
            let _ = write!(o, "<ul>");
            for i in items {
                let _ = write!(o, "<li>{}</li>", esc(i));
            }
            let _ = write!(o, "</ul>");
        }
        Block::Table { table: t } => table(o, t),
        Block::Findings { findings: f } => {
            let _ = write!(o, r#"<p class="now">{}</p>"#, esc(&f.now_heading));
            for x in &f.now {
                finding(o, x, true);
            }
            if let Some(h) = &f.earlier_heading {
                let _ = write!(o, r#"<p class="now">{}</p>"#, esc(h));
                for x in &f.earlier {
                    finding(o, x, false);
                }
            }
            let _ = write!(o, r#"<ul class="data">"#);
            for l in &f.data {
                let _ = write!(o, "<li>{}: {}</li>", words::DATA, esc(l));
            }
            let _ = write!(o, "</ul>");
        }
        Block::Plateau { plateau: p } => {
            let _ = write!(o, r#"<div class="plateau"><b>{}.</b>"#, esc(&p.title));
            if let Some(b) = &p.before {
                let _ = write!(o, " {}", esc(b));
            }
            let _ = write!(o, "<ul>");
            for r in &p.reasons {
                let _ = write!(o, "<li>{}: {}</li>", words::LIKELY_REASON, esc(r));
            }
            let _ = write!(o, "</ul></div>");
        }
        Block::Chart { chart } => match chart {
            Chart::Fitness => fitness_chart(a, o),
            Chart::WeeklyDistance => volume_chart(a, o),
            Chart::Load => load_chart(a, o),
            Chart::RunsPerRoute => route_chart(a, o),
            Chart::CumulativeDistance => cumulative_chart(a, o),
            Chart::Recovery => recovery_chart(a, o),
        },
        Block::RouteMaps { maps } => {
            let _ = write!(o, r#"<div class="routes">"#);
            for (k, m) in maps.iter().enumerate() {
                let _ = write!(
                    o,
                    r##"<div class="route"><svg viewBox="0 0 100 100" role="img" aria-label="map of {}"><path d="{}" fill="none" stroke="{}" stroke-width="2" stroke-linejoin="round"/></svg><b>{}</b> {}<br>{}</div>"##,
                    esc(&m.name),
                    m.svg_path,
                    COLOURS[k.min(COLOURS.len() - 1)],
                    esc(&m.id),
                    esc(&m.name),
                    esc(&m.caption)
                );
            }
            let _ = write!(o, "</div>");
        }
    }
}

/// The document as a self-contained HTML page, with the charts drawn from the analysis.
pub fn html(d: &Document, a: &Analysis) -> String {
    let mut o = String::with_capacity(64 * 1024);
    let _ = write!(
        o,
        r#"<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>{}, {}</title><style>{CSS}</style></head><body><main>"#,
        esc(&d.title),
        esc(&d.subtitle)
    );
    let _ = write!(
        o,
        r#"<h1>{}</h1><p class="sub">{}</p>"#,
        esc(&d.title),
        esc(&d.subtitle)
    );
    for s in &d.sections {
        let _ = write!(
            o,
            r#"<section id="{}"{}><h2>{}</h2>"#,
            s.id.as_str(),
            if s.id == super::SectionId::Summary {
                r#" class="summary""#
            } else {
                ""
            },
            esc(&s.heading)
        );
        for b in &s.blocks {
            block(&mut o, b, a);
        }
        let _ = write!(o, "</section>");
    }
    let _ = writeln!(
        o,
        r#"<p class="sub">{}</p></main></body></html>"#,
        esc(&words::made_by())
    );
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped() {
        assert_eq!(
            esc(r#"<a href="x">&'"#),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
    }
}
