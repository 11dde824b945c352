//! A FIT file's `record` messages, column-wise as they are read: their FIT time and chained
//! part beside the sample channels. The reader sorts, filters and splits them by session
//! column by column, so a file's samples are held once (plus one column at most), never as
//! rows and then again as columns.

use crate::model::{SampleRow, Samples};

/// Record messages in file order until [`Records::sort_by_time`]. All columns have the same
/// length; `samples.t_ms`, `samples.elapsed_s` and `samples.segment` are placeholders until
/// the activity is built (they need the session's start and the timer events).
#[derive(Debug, Default, Clone, PartialEq)]
pub(super) struct Records {
    /// FIT seconds (since the FIT epoch, or relative for a clock never set).
    pub t: Vec<i64>,
    /// Chained part the record came from.
    pub part: Vec<u32>,
    /// The channels.
    pub samples: Samples,
}

/// Applies `$m!(receiver, field path)` to every column of a [`Records`].
macro_rules! each_column {
    ($r:ident, $m:ident) => {
        each_dense_column!($r, $m);
        $m!($r, samples.ground_contact_s);
        $m!($r, samples.vertical_oscillation_m);
        $m!($r, samples.step_length_m);
    };
}

/// Applies `$m!(receiver, field path)` to every column of a [`Records`] that has a value a
/// record: all but the running dynamics (empty until their first value: see [`Samples`]).
macro_rules! each_dense_column {
    ($r:ident, $m:ident) => {
        $m!($r, t);
        $m!($r, part);
        $m!($r, samples.t_ms);
        $m!($r, samples.elapsed_s);
        $m!($r, samples.segment);
        $m!($r, samples.lat);
        $m!($r, samples.lon);
        $m!($r, samples.elevation_m);
        $m!($r, samples.distance_m);
        $m!($r, samples.speed_m_s);
        $m!($r, samples.heart_rate_bpm);
        $m!($r, samples.cadence_rpm);
        $m!($r, samples.power_w);
        $m!($r, samples.temperature_c);
    };
}

impl Records {
    /// Number of records.
    pub fn len(&self) -> usize {
        self.t.len()
    }

    /// Whether there is none.
    pub fn is_empty(&self) -> bool {
        self.t.is_empty()
    }

    /// How many records the columns hold without growing.
    pub fn capacity(&self) -> usize {
        self.t.capacity()
    }

    /// Makes room for `more` records in every column but the running dynamics (which stay
    /// empty until their first value: see [`Samples`]), where memory allows: a column that
    /// cannot have the room grows record by record, as without it.
    pub fn reserve(&mut self, more: usize) {
        macro_rules! reserve {
            ($r:ident, $($f:tt)+) => {
                let _ = $r.$($f)+.try_reserve(more);
            };
        }
        each_dense_column!(self, reserve);
    }

    /// Gives back the room the columns do not use.
    pub fn shrink_to_fit(&mut self) {
        macro_rules! shrink {
            ($r:ident, $($f:tt)+) => {
                $r.$($f)+.shrink_to_fit()
            };
        }
        each_column!(self, shrink);
    }

    /// Appends one record at FIT time `t` from chained part `part`.
    pub fn push(&mut self, t: i64, part: usize, row: SampleRow) {
        self.t.push(t);
        self.part.push(part as u32);
        self.samples.push(row);
    }

    /// Puts the records in time order; records of equal time keep their file order (a
    /// stable sort, as files that write summaries first or interleave chained parts need).
    /// Files already in order (nearly all) are left as they are without a copy.
    pub fn sort_by_time(&mut self) {
        if self.t.is_sorted() {
            return;
        }
        let mut order: Vec<u32> = (0..self.len() as u32).collect();
        order.sort_by_key(|&i| self.t[i as usize]);
        // An empty column (running dynamics the activity lacks) stays empty.
        macro_rules! gather {
            ($r:ident, $($f:tt)+) => {
                if !$r.$($f)+.is_empty() {
                    $r.$($f)+ = order.iter().map(|&i| $r.$($f)+[i as usize]).collect();
                }
            };
        }
        each_column!(self, gather);
    }

    /// Keeps the records whose time `keep` accepts; returns how many were dropped.
    pub fn retain_times(&mut self, keep: impl Fn(i64) -> bool) -> usize {
        let mask: Vec<bool> = self.t.iter().map(|&t| keep(t)).collect();
        let dropped = mask.iter().filter(|k| !**k).count();
        if dropped == 0 {
            return 0;
        }
        macro_rules! retain {
            ($r:ident, $($f:tt)+) => {{
                let mut i = 0;
                $r.$($f)+.retain(|_| {
                    i += 1;
                    mask[i - 1]
                });
            }};
        }
        each_column!(self, retain);
        dropped
    }

    /// Splits the records among `n` sessions: `to[i]` is the session of record `i`. Order is
    /// kept within each session. One column at a time, so that at most one column is held
    /// twice; with one session, the records are moved, not copied.
    pub fn split(mut self, to: &[usize], n: usize) -> Vec<Records> {
        debug_assert_eq!(to.len(), self.len());
        if n == 1 {
            return vec![self];
        }
        let mut counts = vec![0usize; n];
        for &s in to {
            counts[s] += 1;
        }
        let mut out: Vec<Records> = (0..n).map(|_| Records::default()).collect();
        macro_rules! split {
            ($r:ident, $($f:tt)+) => {{
                let column = std::mem::take(&mut $r.$($f)+);
                let mut parts: Vec<Vec<_>> =
                    counts.iter().map(|&c| Vec::with_capacity(c)).collect();
                for (v, &s) in column.into_iter().zip(to) {
                    parts[s].push(v);
                }
                for (o, p) in out.iter_mut().zip(parts) {
                    o.$($f)+ = p;
                }
            }};
        }
        each_column!(self, split);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn recs(times: &[i64]) -> Records {
        let mut r = Records::default();
        for (i, &t) in times.iter().enumerate() {
            let row = SampleRow {
                heart_rate_bpm: Some(i as f64),
                ..SampleRow::default()
            };
            r.push(t, i % 2, row);
        }
        r
    }

    #[test]
    fn sorting_is_stable_and_moves_every_column() {
        let mut r = recs(&[5, 3, 5, 1, 3]);
        r.sort_by_time();
        assert_eq!(r.t, vec![1, 3, 3, 5, 5]);
        // Equal times keep their file order: 3 (index 1) before 3 (index 4).
        let hr: Vec<f64> = r.samples.heart_rate_bpm.iter().flatten().copied().collect();
        assert_eq!(hr, vec![3.0, 1.0, 4.0, 0.0, 2.0]);
        assert_eq!(r.part, vec![1, 1, 0, 0, 0]);
        assert_eq!(r.samples.len(), 5);
        assert_eq!(r.samples.elapsed_s.len(), 5);
    }

    /// A running-dynamics column is empty until its first value, then full length, and
    /// sorting, retaining and splitting keep it so.
    #[test]
    fn running_dynamics_columns_are_empty_or_full_length() {
        let mut r = recs(&[5, 3, 4, 1]);
        assert!(r.samples.step_length_m.is_empty());
        r.sort_by_time();
        assert!(r.samples.step_length_m.is_empty());
        let row = SampleRow {
            step_length_m: Some(1.1),
            ..SampleRow::default()
        };
        r.push(2, 0, row);
        assert_eq!(
            r.samples.step_length_m,
            vec![None, None, None, None, Some(1.1)]
        );
        assert!(r.samples.ground_contact_s.is_empty());
        r.sort_by_time();
        assert_eq!(r.t, vec![1, 2, 3, 4, 5]);
        assert_eq!(r.samples.step_length_m[1], Some(1.1));
        assert_eq!(r.retain_times(|t| t != 1), 1);
        assert_eq!(r.samples.step_length_m, vec![Some(1.1), None, None, None]);
        let parts = r.split(&[0, 1, 0, 1], 2);
        assert_eq!(parts[0].samples.step_length_m, vec![Some(1.1), None]);
        assert!(parts[1].samples.ground_contact_s.is_empty());
    }

    #[test]
    fn retain_and_split_keep_columns_aligned() {
        let mut r = recs(&[1, 2, 3, 4, 5, 6]);
        assert_eq!(r.retain_times(|t| t != 3), 1);
        assert_eq!(r.t, vec![1, 2, 4, 5, 6]);
        assert_eq!(r.samples.heart_rate_bpm[2], Some(3.0));
        assert_eq!(r.samples.segment.len(), 5);
        let parts = r.clone().split(&[1, 0, 1, 1, 0], 2);
        assert_eq!(parts[0].t, vec![2, 6]);
        assert_eq!(parts[1].t, vec![1, 4, 5]);
        assert_eq!(
            parts[1].samples.heart_rate_bpm,
            vec![Some(0.0), Some(3.0), Some(4.0)]
        );
        assert_eq!(parts[0].part, vec![1, 1]);
        assert_eq!(parts[0].samples.lat.len(), 2);
        let one = r.clone().split(&[0; 5], 1);
        assert_eq!(one, vec![r]);
    }
}
