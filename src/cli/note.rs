//! `rutscope note`: the runner's journal entries — on a run (`note ID [--rpe 1-10] [--feel
//! 1-5] [TEXT]`: how hard it felt, how they felt) or on a day (`note --day DATE [--sleep
//! 7h30] [--stress 1-5] [--sick] [TEXT]`). They live in the store's journal
//! (`store::journal`): never lost by re-import or rebuild, and they win over imported
//! values.

use std::io::Write;

use anyhow::{Result, bail};
use chrono::{NaiveDate, Utc};

use super::exit::ExitCode;
use rutscope::report::words;
use rutscope::store::Store;
use rutscope::store::journal::Note;

/// Arguments of `rutscope note`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The activity id (or a unique prefix) and the note's text; with --day, all of it is
    /// text. Text replaces the note's text.
    #[arg(value_name = "ID] [TEXT")]
    pub words: Vec<String>,

    /// A note on a day instead of an activity (local date)
    #[arg(long, value_name = "DATE")]
    pub day: Option<NaiveDate>,

    /// Perceived exertion of the activity, 1 (very easy) to 10 (maximal)
    #[arg(long, value_name = "1-10", value_parser = clap::value_parser!(u8).range(1..=10), conflicts_with = "day")]
    pub rpe: Option<u8>,

    /// How the activity felt, 1 (very weak) to 5 (very strong)
    #[arg(long, value_name = "1-5", value_parser = clap::value_parser!(u8).range(1..=5), conflicts_with = "day")]
    pub feel: Option<u8>,

    /// Sleep the night before the day: 7h30, 7:30, 7.5 (hours)
    #[arg(long, value_name = "DURATION", value_parser = parse_sleep, requires = "day")]
    pub sleep: Option<f64>,

    /// Stress that day, 1 (none) to 5 (very high)
    #[arg(long, value_name = "1-5", value_parser = clap::value_parser!(u8).range(1..=5), requires = "day")]
    pub stress: Option<u8>,

    /// Ill that day
    #[arg(long, requires = "day", conflicts_with = "not_sick")]
    pub sick: bool,

    /// Not ill after all (forgets --sick)
    #[arg(long, requires = "day")]
    pub not_sick: bool,

    /// Forget the whole note of the activity or the day
    #[arg(long)]
    pub clear: bool,

    /// Fail at once if another rutscope is writing the store, instead of waiting
    #[arg(long)]
    pub no_wait: bool,
}

/// Seconds from `7h30`, `7h`, `7:30`, `7.5` (hours) or `450m`.
pub fn parse_sleep(s: &str) -> Result<f64, String> {
    let t = s.trim().to_ascii_lowercase();
    let bad = || format!("'{s}' is not a duration: give e.g. 7h30, 7:30 or 7.5");
    let hm = |h: &str, m: &str| -> Option<f64> {
        let h: f64 = if h.is_empty() { 0.0 } else { h.parse().ok()? };
        let m: f64 = if m.is_empty() { 0.0 } else { m.parse().ok()? };
        (m < 60.0).then_some(h * 3600.0 + m * 60.0)
    };
    let v = if let Some((h, m)) = t.split_once('h') {
        hm(h, m.trim_end_matches("min").trim_end_matches('m'))
    } else if let Some((h, m)) = t.split_once(':') {
        hm(h, m)
    } else if let Some(m) = t.strip_suffix("min").or_else(|| t.strip_suffix('m')) {
        m.parse::<f64>().ok().map(|m| m * 60.0)
    } else {
        t.parse::<f64>().ok().map(|h| h * 3600.0)
    };
    match v {
        Some(v) if v.is_finite() && (0.0..=24.0 * 3600.0).contains(&v) => Ok(v),
        _ => Err(bad()),
    }
}

/// Runs `rutscope note`.
pub fn run(args: Args, store: &Store, out: &mut dyn Write) -> Result<ExitCode> {
    let now = Utc::now();
    if let Some(day) = args.day {
        let text = (!args.words.is_empty()).then(|| args.words.join(" "));
        if text.is_none()
            && args.sleep.is_none()
            && args.stress.is_none()
            && !args.sick
            && !args.not_sick
            && !args.clear
        {
            bail!("nothing to note: give a text, --sleep, --stress, --sick or --clear");
        }
        let mut w = super::gear::writer(store, args.no_wait)?;
        let j = w.update_journal(|j| {
            if args.clear {
                j.days.remove(&day);
                return;
            }
            let e = j.days.entry(day).or_default();
            if text.is_some() {
                e.text = text.clone();
            }
            if args.sleep.is_some() {
                e.sleep_s = args.sleep;
            }
            if args.stress.is_some() {
                e.stress = args.stress;
            }
            if args.sick {
                e.sick = true;
            }
            if args.not_sick {
                e.sick = false;
            }
            e.set_at_utc = Some(now);
            if e.is_empty() {
                j.days.remove(&day);
            }
        })?;
        match j.days.get(&day) {
            Some(e) => writeln!(out, "{}", words::day_note(day, e))?,
            None => writeln!(out, "{day}: no note")?,
        }
        return Ok(ExitCode::Success);
    }
    let Some((id, text)) = args.words.split_first() else {
        bail!("give the activity id (as `rutscope list` prints it), or --day DATE");
    };
    let text = (!text.is_empty()).then(|| text.join(" "));
    if text.is_none() && args.rpe.is_none() && args.feel.is_none() && !args.clear {
        bail!("nothing to note: give a text, --rpe, --feel or --clear");
    }
    let a = store.find_activity(id)?;
    let mut w = super::gear::writer(store, args.no_wait)?;
    let j = w.update_journal(|j| {
        j.update(&a, now, |e| {
            if args.clear {
                e.note = None;
                return;
            }
            let n = e.note.get_or_insert_with(Note::default);
            if text.is_some() {
                n.text = text.clone();
            }
            if args.rpe.is_some() {
                n.rpe = args.rpe;
            }
            if args.feel.is_some() {
                n.feel = args.feel;
            }
            if n.is_empty() {
                e.note = None;
            }
        })
    })?;
    drop(w);
    match j.entry(&a).and_then(|e| e.note.as_ref()) {
        Some(n) => writeln!(out, "{}: {}", a.id, words::activity_note(n))?,
        None => writeln!(out, "{}: no note", a.id)?,
    }
    Ok(ExitCode::Success)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sleep_parses() {
        assert_eq!(parse_sleep("7h30"), Ok(27_000.0));
        assert_eq!(parse_sleep("7h"), Ok(25_200.0));
        assert_eq!(parse_sleep("7:30"), Ok(27_000.0));
        assert_eq!(parse_sleep("7.5"), Ok(27_000.0));
        assert_eq!(parse_sleep("450m"), Ok(27_000.0));
        assert_eq!(parse_sleep("6h45m"), Ok(24_300.0));
        for bad in ["", "lots", "7:75", "25", "-1"] {
            assert!(parse_sleep(bad).is_err(), "{bad}");
        }
    }
}
