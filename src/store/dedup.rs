//! Deduplication of activities, in three tiers.
//!
//! 1. **Content**: the same bytes (BLAKE3 of the decompressed file) were imported before,
//!    under any name. Checked before parsing, so re-importing a folder is cheap.
//! 2. **FIT file_id**: same manufacturer, product, serial number, creation time and
//!    session: the same recording re-exported (Garmin Connect re-encodes files).
//! 3. **Overlap**: the same activity saved by different tools (a watch's FIT, Strava's GPX,
//!    a TCX from Connect): compatible sport, time overlap of at least
//!    [`MIN_OVERLAP_FRACTION`] of the shorter one, and either
//!    - a shared edge: starts or ends within [`SAME_EDGE_S`] (one athlete is not in two
//!      overlapping sessions of one sport that start or stop together; a GPX of a watch's
//!      session may start minutes late, at its first fix, and still end with it), or
//!    - the same average speed (distance over elapsed time within [`MAX_DISTANCE_DIFF`]):
//!      a recording of part of a session moves at the session's pace, or
//!    - starts within [`MAX_START_DIFF_S`] and distances within [`MAX_DISTANCE_DIFF`] —
//!      unless they start within [`SAME_START_S`]: then the distances may disagree more (a
//!      band's odometer and a GPS track disagree most on short, slow walks and hikes),
//!      since one runner does not start two activities in the same second. Without
//!      durations only this applies, to starts within a minute;
//!
//!    or, whatever the starts, edges and distances, one recording lies within the other
//!    ([`CONTAINED_FRACTION`] of it, [`MIN_CONTAINED_S`] or longer): Quitino's Connect GPX
//!    of a run is cropped to the last 42 minutes of the TCX's 65. Spans are those the
//!    samples cover. "Compatible" sports: the same, or one of them says nothing (generic),
//!    or one is TCX's catch-all `Other` (TCX knows only Running, Biking and Other, so a
//!    hike exported as TCX is `Other` while its GPX says `mountaineering`) and the other is
//!    not a run or a ride.
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
/// A recording lying within another for this share of its duration is the same activity,
/// whenever it starts (a run cropped to its moving part by the exporting service).
pub const CONTAINED_FRACTION: f64 = 0.95;
/// ... when it lasts at least this long (seconds): a few seconds' stub says little.
pub const MIN_CONTAINED_S: f64 = 600.0;
/// Recordings starting within this many seconds of each other (and overlapping) are one
/// activity whatever their distances.
pub const SAME_START_S: f64 = 2.0;

/// Overlapping recordings that start, or end, within this many seconds of each other are
/// one activity whatever their distances: two apps started (or stopped) by hand differ by
/// seconds, and a GPX starts at its first fix, minutes after the watch's timer (the
/// `shaonianche` history: Garmin Connect GPX of Apple Watch sessions start 4–47 min after
/// the watch's FIT and end within 14 s of it, holding only the last part of the track).
/// Short enough that two runs 30 s apart at different paces stay apart.
pub const SAME_EDGE_S: f64 = 15.0;

/// Whether two overlapping recordings move at the same average speed (distance over
/// elapsed time, within [`MAX_DISTANCE_DIFF`] of the faster): a part of a session has
/// the session's pace but not its distance, so totals cannot be compared when the
/// durations differ. Zero distances (an indoor "other") say nothing.
fn same_speed(xa: Option<f64>, da: f64, xb: Option<f64>, db: f64) -> bool {
    match (xa, xb) {
        (Some(x), Some(y)) if x > 0.0 && y > 0.0 => {
            let (va, vb) = (x / da, y / db);
            (va - vb).abs() <= MAX_DISTANCE_DIFF * va.max(vb)
        }
        _ => false,
    }
}

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
    // The span the samples cover, where there are samples: a cropped GPX may carry the
    // whole activity's elapsed time in its metadata.
    let span = |r: &ActivityRecord| r.computed.elapsed_s.or(r.device_totals.elapsed_time_s);
    match (span(a), span(b)) {
        (Some(da), Some(db)) if da > 0.0 && db > 0.0 => {
            let overlap = (sa + da).min(sb + db) - sa.max(sb);
            // One runner does not do two activities at once: a recording lying within
            // another (an export cropped to the moving part) is the same activity.
            if overlap >= CONTAINED_FRACTION * da.min(db) && da.min(db) >= MIN_CONTAINED_S {
                return true;
            }
            if overlap < MIN_OVERLAP_FRACTION * da.min(db) {
                return false;
            }
            // Recorded side by side: one starts or ends with the other, or both move at
            // the same average speed. Either way the start may lie far from the other's.
            if (sa - sb).abs() <= SAME_EDGE_S
                || ((sa + da) - (sb + db)).abs() <= SAME_EDGE_S
                || same_speed(a.distance_m(), da, b.distance_m(), db)
            {
                return true;
            }
        }
        // Without durations, only near-identical starts can be the same recording.
        _ => {
            if (sa - sb).abs() > 60.0 {
                return false;
            }
        }
    }
    if (sa - sb).abs() > MAX_START_DIFF_S {
        return false;
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
        /// Other primaries the new one matches: the same activity, now duplicates of
        /// `primary` (a stub and a cropped copy of one hike, each matching the full one).
        also: Vec<String>,
    },
    /// The new one is richer: it becomes primary and `demoted` (the old primary) becomes its
    /// duplicate.
    Supersedes {
        /// The old primary.
        demoted: String,
        /// How it matched.
        tier: DedupTier,
        /// Other primaries the new one matches, demoted with it.
        also: Vec<String>,
    },
}

/// Decides what `new` is relative to `existing` (only primaries are compared). Every
/// primary it matches is the same activity: the richest of them and the new one stays
/// primary, the others become its duplicates.
pub fn decide(new: &ActivityRecord, existing: &[ActivityRecord]) -> Decision {
    let mut matches: Vec<(&ActivityRecord, DedupTier)> = existing
        .iter()
        // The sessions of one file (the legs of a multisport recording, a summary session
        // spanning them) are the file's own structure, never copies of each other.
        // Summary-only activities (an export's rows) are joined to recordings by the
        // import's own rule (`import::reconcile_summaries`), not judged as recordings.
        .filter(|e| {
            e.status == Status::Primary
                && e.id != new.id
                && e.source_hash != new.source_hash
                && !e.summary_only
        })
        .filter_map(|e| same_activity(new, e).map(|t| (e, t)))
        .collect();
    // The file_id match first, then the closest start: the one the new one is said to
    // duplicate.
    matches.sort_by_key(|(e, t)| (*t != DedupTier::FileId, start_gap(new, e)));
    let Some(&(closest, tier)) = matches.first() else {
        return Decision::New;
    };
    let richest = matches.iter().map(|(e, _)| *e).fold(closest, |a, b| {
        if richness(b) > richness(a) { b } else { a }
    });
    if richness(new) > richness(richest) {
        return Decision::Supersedes {
            demoted: closest.id.clone(),
            tier,
            also: matches.iter().skip(1).map(|(e, _)| e.id.clone()).collect(),
        };
    }
    Decision::DuplicateOf {
        primary: richest.id.clone(),
        tier,
        also: matches
            .iter()
            .filter(|(e, _)| e.id != richest.id)
            .map(|(e, _)| e.id.clone())
            .collect(),
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
            annotations: Default::default(),
            summary_only: false,
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
                tier: DedupTier::Overlap,
                also: vec![]
            }
        );
        assert_eq!(
            decide(&gpx, std::slice::from_ref(&fit)),
            Decision::DuplicateOf {
                primary: "f".into(),
                tier: DedupTier::Overlap,
                also: vec![]
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
        let b = rec("b", SourceFormat::Fit, 240, 1800.0, 6000.0);
        assert_eq!(decide(&b, std::slice::from_ref(&a)), Decision::New);
        let mut c = rec("c", SourceFormat::Fit, 0, 1800.0, 5000.0);
        c.sport = Sport::Cycling;
        assert_eq!(decide(&c, &[a]), Decision::New);
    }

    #[test]
    fn a_recording_cropped_to_the_end_of_another_is_the_same_run() {
        // Quitino 2022-11-09: the TCX runs 65 min and 11.4 km, the GPX its last 42 min
        // and 8.6 km; starts 23 min apart.
        let tcx = rec("t", SourceFormat::Tcx, 0, 3918.0, 11_420.0);
        let gpx = rec("g", SourceFormat::Gpx, 1380, 2535.0, 8640.0);
        assert_eq!(
            decide(&gpx, std::slice::from_ref(&tcx)),
            Decision::DuplicateOf {
                primary: "t".into(),
                tier: DedupTier::Overlap,
                also: vec![]
            }
        );
        // Half inside is not inside.
        let later = rec("l", SourceFormat::Gpx, 3000, 2535.0, 8640.0);
        assert_eq!(decide(&later, &[tcx]), Decision::New);
    }

    #[test]
    fn the_sessions_of_one_file_are_never_duplicates_of_each_other() {
        // A multisport FIT (the corpus' fenxi2): a run leg lying within the file's
        // overall generic session.
        let mut whole = rec("w", SourceFormat::Fit, 0, 9000.0, 25_000.0);
        whole.sport = Sport::Generic;
        let mut leg = rec("l", SourceFormat::Fit, 2000, 900.0, 2245.0);
        leg.source_hash = whole.source_hash.clone();
        leg.index_in_file = 1;
        assert_eq!(decide(&leg, std::slice::from_ref(&whole)), Decision::New);
        // The same leg from another file is a copy.
        leg.source_hash = "other".into();
        assert!(matches!(
            decide(&leg, &[whole]),
            Decision::DuplicateOf { .. }
        ));
    }

    #[test]
    fn a_full_recording_matching_a_stub_and_a_cropped_copy_merges_all_three() {
        // Quitino 2025-05-04: a 16-min stub and a copy cropped to the last 2:27 are both
        // primaries (they do not overlap); the full 2:52 recording matches both.
        let stub = rec("stub", SourceFormat::Gpx, 0, 958.0, 2000.0);
        let mut cropped = rec("crop", SourceFormat::Gpx, 1500, 8849.0, 13_690.0);
        cropped.computed.samples = 50;
        let mut full = rec("full", SourceFormat::Gpx, 0, 10_349.0, 14_530.0);
        full.computed.samples = 1436;
        assert_eq!(
            decide(&full, &[stub.clone(), cropped.clone()]),
            Decision::Supersedes {
                demoted: "stub".into(),
                tier: DedupTier::Overlap,
                also: vec!["crop".into()]
            }
        );
        // A poorer full recording: the richest of all stays primary.
        full.computed.samples = 10;
        cropped.computed.samples = 5000;
        assert_eq!(
            decide(&full, &[stub, cropped]),
            Decision::DuplicateOf {
                primary: "crop".into(),
                tier: DedupTier::Overlap,
                also: vec!["stub".into()]
            }
        );
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
                tier: DedupTier::Overlap,
                also: vec![]
            }
        );
        // Ten minutes apart, neither lies within the other: two hikes.
        let mut late = tcx.clone();
        late.start = late.start.map(|t| t + chrono::Duration::seconds(600));
        assert_eq!(decide(&late, std::slice::from_ref(&gpx)), Decision::New);
        // TCX's Other is never a run or a ride (those are its other two words).
        let mut run = gpx.clone();
        run.sport = Sport::Running;
        assert_eq!(decide(&tcx, &[run]), Decision::New);
    }

    #[test]
    fn a_late_starting_copy_of_a_session_is_one_activity() {
        // shaonianche 2021-03-27: the watch's FIT 28.85 km in 10,010 s; Garmin Connect's
        // GPX of it starts 731 s later at its first fix, 26.87 km, and ends with it.
        let fit = rec("f", SourceFormat::Fit, 0, 10_010.0, 28_850.0);
        let gpx = rec("g", SourceFormat::Gpx, 731, 9278.0, 26_870.0);
        assert_eq!(
            decide(&gpx, std::slice::from_ref(&fit)),
            Decision::DuplicateOf {
                primary: "f".into(),
                tier: DedupTier::Overlap,
                also: vec![]
            }
        );
        // A walk's last 5 minutes (0.44 of 1.25 km) ending with it: one walk.
        let mut walk = rec("w", SourceFormat::Fit, 0, 949.0, 1250.0);
        walk.sport = Sport::Walking;
        let mut tail = rec("t", SourceFormat::Gpx, 626, 323.0, 440.0);
        tail.sport = Sport::Walking;
        assert!(matches!(
            decide(&tail, std::slice::from_ref(&walk)),
            Decision::DuplicateOf { .. }
        ));
        // Two apps started 10 s apart, one stopped after 15 min, the other after 20, their
        // odometers 2.62 and 3.02 km (shaonianche 2021-02-13): one run.
        let a = rec("a", SourceFormat::Fit, 0, 899.0, 2620.0);
        let b = rec("b", SourceFormat::Fit, 10, 1213.0, 3020.0);
        assert!(matches!(
            decide(&b, std::slice::from_ref(&a)),
            Decision::DuplicateOf { .. }
        ));
        // Started 157 s apart, ending 690 s apart, at 3.07 and 3.15 m/s: one run.
        let a = rec("a", SourceFormat::Fit, 0, 1253.0, 3850.0);
        let b = rec("b", SourceFormat::Fit, 157, 1786.0, 5620.0);
        assert!(matches!(
            decide(&b, std::slice::from_ref(&a)),
            Decision::DuplicateOf { .. }
        ));
        // A short run inside a long one at another pace, sharing no edge: two activities
        // (shaonianche 9f499ca0, 24 km at 2.76 m/s, and a 2.6 km at 2.32 m/s inside it).
        let long = rec("l", SourceFormat::Fit, 0, 8771.0, 24_170.0);
        let inner = rec("i", SourceFormat::Fit, 7797, 1106.0, 2570.0);
        assert_eq!(decide(&inner, &[long]), Decision::New);
        // Back to back, sharing an edge but not the time: two activities.
        let warmup = rec("w", SourceFormat::Fit, 0, 600.0, 1800.0);
        let race = rec("r", SourceFormat::Gpx, 610, 1200.0, 5000.0);
        assert_eq!(decide(&race, &[warmup]), Decision::New);
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
                tier: DedupTier::FileId,
                also: vec![]
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
