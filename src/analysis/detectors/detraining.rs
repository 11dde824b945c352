//! Detraining: fitness (CTL) falling well below its recent peak (the row of the table in
//! [`crate::analysis::findings`]).

use crate::analysis::findings::*;
use crate::analysis::trend::median;

/// The `detraining` rule (its row in the table of [`crate::analysis::findings`]).
pub(crate) fn detraining(b: &Builder<'_>, out: &mut Vec<Finding>) {
    let d = b.input.daily;
    let mut ctl: Vec<f64> = d.iter().map(|x| x.ctl).filter(|c| *c > 0.0).collect();
    let typical = median(&mut ctl).unwrap_or(0.0);
    let peak_before = |i: usize| {
        d[i.saturating_sub(DETRAINING_DAYS)..i]
            .iter()
            .map(|x| x.ctl)
            .fold(0.0, f64::max)
    };
    let hits: Vec<usize> = (1..d.len())
        .filter(|&i| {
            let p = peak_before(i);
            p >= DETRAINING_MIN_PEAK * typical && p > 0.0 && d[i].ctl <= DETRAINING_SHARE * p
        })
        .collect();
    // Two weeks apart is still the same fall (the peak it is measured from is the same).
    for (s, e) in episodes(&hits, 14) {
        let peak = peak_before(s);
        let low = d[s..=e].iter().map(|x| x.ctl).fold(f64::INFINITY, f64::min);
        let drop = 1.0 - low / peak;
        let peak_day = d[s.saturating_sub(DETRAINING_DAYS)..s]
            .iter()
            .max_by(|x, y| x.ctl.total_cmp(&y.ctl))
            .map(|x| x.date)
            .unwrap_or(d[s].date);
        // Fitness falls when the runner stops: the break says so.
        if b.input
            .breaks
            .iter()
            .any(|br| br.from >= peak_day && br.from <= d[e].date)
        {
            continue;
        }
        out.push(b.finding(
            if drop > DETRAINING_WARNING_DROP {
                Severity::Warning
            } else {
                Severity::Info
            },
            d[s].date,
            (peak_day, d[e].date),
            Evidence::Detraining {
                ctl_peak: peak,
                peak_day,
                ctl_low: low,
                low_by: d[e].date,
                ctl_typical: typical,
                drop,
            },
        ));
    }
}
