//! Deduplication of activities, in three tiers.
//!
//! 1. **Content**: the same bytes (BLAKE3 of the decompressed file) were imported before,
//!    under any name. Checked before parsing, so re-importing a folder is cheap.
//! 2. **FIT file_id**: same manufacturer, product, serial number, creation time and
//!    session: the same recording re-exported (Garmin Connect re-encodes files).
//! 3. **Overlap**: the same activity saved by different tools (a watch's FIT, Strava's GPX,
//!    a TCX from Connect): compatible sport, starts within [`MAX_START_DIFF_S`], time overlap
//!    of at least [`MIN_OVERLAP_FRACTION`] of the shorter one, and distances within
//!    [`MAX_DISTANCE_DIFF`] — unless they start within [`SAME_START_S`]: then the distances
//!    may disagree more (a band's odometer and a GPS track disagree most on short, slow
//!    walks and hikes), since one runner does not start two activities in the same second.
//!    "Compatible" sports: the same, or one of them says nothing (generic), or one is TCX's
//!    catch-all `Other` (TCX knows only Running, Biking and Other, so a hike exported as TCX
//!    is `Other` while its GPX says `mountaineering`) and the other is not a run or a ride.
//!
//! Among duplicates the richest source is kept as primary: a named sport over `Other`
//! (the hike's GPX over its TCX), then FIT > TCX > GPX, then more channels, then more
//! samples. The others stay in the store (nothing is lost) with
//! `status = duplicate` and `duplicate_of` naming the primary, and analyses ignore them.

use super::records::{ActivityRecord, DedupTier, Status};
use crate::model::Sport;

/// Two recordings of one activity start within this many seconds: watches and phone apps
/// started together differ by seconds, an export by at most a minute; five minutes allows
/// for a late press without merging back-to-back sessions (a warm-up then a race).
pub const MAX_START_DIFF_S: f64 = 300.0;
/// The shorter recording overlaps the longer one by at least this share of its duration.
pub const MIN_OVERLAP_FRACTION: f64 = 0.8;
/// Distances differ by at most this fraction of the longer one (GPS vs foot pod vs
/// smoothing differ by a few percent; a different run differs by more).
pub const MAX_DISTANCE_DIFF: f64 = 0.10;
/// Recordings starting within this many seconds of each other (and overlapping) are one
/// activity whatever their distances.
pub const SAME_START_S: f64 = 2.0;

/// How rich a source is, for choosing the primary among duplicates (higher is richer).
pub fn richness(r: &ActivityRecord) -> (bool, u8, u32, u32) {
    (
        r.sport != Sport::Other,
        r.source_format as u8,
        r.computed.channels.count(),
        r.computed.samples,
    )
}

/// Whether `a` and `b` are the same activity by tier 2 or 3, and which tier.
pub fn same_activity(a: &ActivityRecord, b: &ActivityRecord) -> Option<DedupTier> {
    if let (Some(x), Some(y)) = (&a.fit_file_id, &b.fit_file_id)
        && x == y
    {
        return Some(DedupTier::FileId);
    }
    overlaps(a, b).then_some(DedupTier::Overlap)
}

fn overlaps(a: &ActivityRecord, b: &ActivityRecord) -> bool {
    let catch_all =
        |x: Sport, y: Sport| x == Sport::Other && !matches!(y, Sport::Running | Sport::Cycling);
    if !a.sport.compatible(b.sport) && !catch_all(a.sport, b.sport) && !catch_all(b.sport, a.sport)
    {
        return false;
    }
    let (Some(sa), Some(sb)) = (a.start, b.start) else {
        return false;
    };
    let sa = sa.timestamp_millis() as f64 / 1000.0;
    let sb = sb.timestamp_millis() as f64 / 1000.0;
    if (sa - sb).abs() > MAX_START_DIFF_S {
        return false;
    }
    match (a.elapsed_s(), b.elapsed_s()) {
        (Some(da), Some(db)) if da > 0.0 && db > 0.0 => {
            let overlap = (sa + da).min(sb + db) - sa.max(sb);
            if overlap < MIN_OVERLAP_FRACTION * da.min(db) {
                return false;
            }
        }
        // Without durations, only near-identical starts can be the same recording.
        _ => {
            if (sa - sb).abs() > 60.0 {
                return false;
            }
        }
    }
    if (sa - sb).abs() <= SAME_START_S {
        return true;
    }
    match (a.distance_m(), b.distance_m()) {
        (Some(x), Some(y)) if x > 0.0 || y > 0.0 => (x - y).abs() <= MAX_DISTANCE_DIFF * x.max(y),
        _ => true,
    }
}

/// The decision for a new activity against the store's activities.
#[derive(Debug, Clone, PartialEq)]
pub enum Decision {
    /// No match: a new primary.
    New,
    /// The new one duplicates `primary` (which stays primary).
    DuplicateOf {
        /// The kept activity.
        primary: String,
        /// How it matched.
        tier: DedupTier,
    },
    /// The new one is richer: it becomes primary and `demoted` (the old primary) becomes its
    /// duplicate.
    Supersedes {
        /// The old primary.
        demoted: String,
        /// How it matched.
        tier: DedupTier,
    },
}

/// Decides what `new` is relative to `existing` (only primaries are compared).
pub fn decide(new: &ActivityRecord, existing: &[ActivityRecord]) -> Decision {
    let mut best: Option<(&ActivityRecord, DedupTier)> = None;
    for e in existing
        .iter()
        .filter(|e| e.status == Status::Primary && e.id != new.id)
    {
        if let Some(tier) = same_activity(new, e) {
            // Prefer the file_id match, then the closest start.
            let better = match &best {
                None => true,
                Some((b, bt)) => {
                    (tier == DedupTier::FileId && *bt != DedupTier::FileId)
                        || (tier == *bt && start_gap(new, e) < start_gap(new, b))
                }
            };
            if better {
                best = Some((e, tier));
            }
        }
    }
    match best {
        None => Decision::New,
        Some((e, tier)) if richness(new) > richness(e) => Decision::Supersedes {
            demoted: e.id.clone(),
            tier,
        },
        Some((e, tier)) => Decision::DuplicateOf {
            primary: e.id.clone(),
            tier,
        },
    }
}

fn start_gap(a: &ActivityRecord, b: &ActivityRecord) -> i64 {
    match (a.start, b.start) {
        (Some(x), Some(y)) => (x - y).num_milliseconds().abs(),
        _ => i64::MAX,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::summary::Computed;
    use crate::model::{Channels, Device, DeviceTotals, SourceFormat};
    use chrono::{TimeZone, Utc};

    fn rec(id: &str, fmt: SourceFormat, start_s: i64, dur: f64, dist: f64) -> ActivityRecord {
        ActivityRecord {
            id: id.into(),
            status: Status::Primary,
            duplicate_of: None,
            dedup_tier: None,
            sport: Sport::Running,
            sport_raw: None,
            sub_sport: None,
            name: None,
            start: Some(Utc.timestamp_opt(1_700_000_000 + start_s, 0).unwrap()),
            utc_offset_s: None,
            source_path: format!("{id}.x"),
            source_format: fmt,
            source_hash: id.into(),
            index_in_file: 0,
            fit_file_id: None,
            device: Device::default(),
            device_totals: DeviceTotals::default(),
            computed: Computed {
                distance_m: Some(dist),
                elapsed_s: Some(dur),
                samples: 100,
                channels: Channels {
                    gps: true,
                    ..Channels::default()
                },
                ..Computed::default()
            },
            gear: None,
            race: None,
            warnings: vec![],
            batch_id: "b".into(),
            imported_at: Utc.timestamp_opt(0, 0).unwrap(),
        }
    }

    #[test]
    fn same_run_from_gpx_then_fit_promotes_the_fit() {
        let gpx = rec("g", SourceFormat::Gpx, 0, 1800.0, 5000.0);
        let fit = rec("f", SourceFormat::Fit, 3, 1797.0, 5060.0);
        assert_eq!(
            decide(&fit, std::slice::from_ref(&gpx)),
            Decision::Supersedes {
                demoted: "g".into(),
                tier: DedupTier::Overlap
            }
        );
        assert_eq!(
            decide(&gpx, std::slice::from_ref(&fit)),
            Decision::DuplicateOf {
                primary: "f".into(),
                tier: DedupTier::Overlap
            }
        );
    }

    #[test]
    fn back_to_back_runs_are_not_duplicates() {
        // Warm-up then race: the second starts when the first ends.
        let a = rec("a", SourceFormat::Fit, 0, 240.0, 800.0);
        let b = rec("b", SourceFormat::Fit, 250, 1200.0, 5000.0);
        assert_eq!(decide(&b, &[a]), Decision::New);
    }

    #[test]
    fn different_distance_or_sport_is_not_a_duplicate() {
        let a = rec("a", SourceFormat::Gpx, 0, 1800.0, 5000.0);
        let b = rec("b", SourceFormat::Fit, 30, 1800.0, 6000.0);
        assert_eq!(decide(&b, std::slice::from_ref(&a)), Decision::New);
        let mut c = rec("c", SourceFormat::Fit, 0, 1800.0, 5000.0);
        c.sport = Sport::Cycling;
        assert_eq!(decide(&c, &[a]), Decision::New);
    }

    #[test]
    fn a_hike_as_tcx_other_and_as_gpx_mountaineering_is_one_hike() {
        // Quitino's export: the same hike to the second, 2.1 km in the TCX, 2.5 km in the
        // GPX track; the GPX names the sport, so it stays primary.
        let mut gpx = rec("g", SourceFormat::Gpx, 0, 3600.0, 2496.0);
        gpx.sport = Sport::Hiking;
        let mut tcx = rec("t", SourceFormat::Tcx, 0, 3590.0, 2109.0);
        tcx.sport = Sport::Other;
        assert_eq!(
            decide(&tcx, std::slice::from_ref(&gpx)),
            Decision::DuplicateOf {
                primary: "g".into(),
                tier: DedupTier::Overlap
            }
        );
        // A minute apart, the distances must agree again.
        let mut late = tcx.clone();
        late.start = late.start.map(|t| t + chrono::Duration::seconds(60));
        assert_eq!(decide(&late, std::slice::from_ref(&gpx)), Decision::New);
        // TCX's Other is never a run or a ride (those are its other two words).
        let mut run = gpx.clone();
        run.sport = Sport::Running;
        assert_eq!(decide(&tcx, &[run]), Decision::New);
    }

    #[test]
    fn file_id_match_wins_even_far_apart() {
        let mut a = rec("a", SourceFormat::Fit, 0, 1800.0, 5000.0);
        let mut b = rec("b", SourceFormat::Fit, 0, 10.0, 1.0);
        a.fit_file_id = Some("garmin/fr945/1/2#0".into());
        b.fit_file_id = a.fit_file_id.clone();
        assert_eq!(
            decide(&b, &[a]),
            Decision::DuplicateOf {
                primary: "a".into(),
                tier: DedupTier::FileId
            }
        );
    }

    #[test]
    fn duplicates_are_not_compared_against() {
        let mut a = rec("a", SourceFormat::Gpx, 0, 1800.0, 5000.0);
        a.status = Status::Duplicate;
        let b = rec("b", SourceFormat::Gpx, 0, 1800.0, 5000.0);
        assert_eq!(decide(&b, &[a]), Decision::New);
    }
}
