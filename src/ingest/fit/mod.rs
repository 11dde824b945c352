//! FIT activity files, decoded and normalized to the model.
//!
//! rutscope reads FIT itself (`frame.rs`: records straight into sample columns, `fields.rs`:
//! the other messages it takes, by field number), with `fitparser`'s profile tables for the
//! names of enum values. `fitparser` decoding the whole file ([`parse_with_fitparser`]) is
//! the reference the tests compare it with, on every FIT file of the corpus, the histories
//! and the exports: the same activities, the same samples, the same laps and totals, but
//! for the distance `compressed_speed_distance` gives, which `fitparser` 0.11 accumulates
//! wrongly (`frame.rs`).
//!
//! # Choices
//! - **Multisport**: one activity per `session` message. A triathlon becomes swim, transition,
//!   bike and run activities sharing one source file (`index_in_file` 0, 1, 2, ...), so a run
//!   leg counts as a run in the analyses and a bike leg does not pollute running figures.
//! - **Chained files** (several FIT files concatenated, e.g. a pool swim followed by the stored
//!   data of a heart-rate strap) are decoded as one stream; records are assigned to sessions by
//!   time. A chained part that fails (bad CRC, corrupt header) keeps what came before it, with a
//!   warning.
//! - **Truncated files** keep every record decoded before the cut, with a warning saying where
//!   the cut is. A file with no usable record at all is an error.
//! - **Time**: times are the file's seconds since the FIT epoch (UTC), and the activity's
//!   `local_timestamp` its raw local seconds, so that the UTC offset does not depend on the
//!   machine's `TZ`. (`fitparser` hands back timestamps in the parsing machine's local zone,
//!   fitparser issue #53: the reference path converts them back.) Timestamps below 0x10000000 are a device's relative clock
//!   (FIT profile, `date_time`): such activities have no start instant (`start = None`) but
//!   keep their elapsed times.
//! - **Pauses**: timer `stop`/`start` events split the samples into segments.
//! - **How it felt**: Garmin watches ask after a run how it felt and how hard it was, and
//!   write the answers into the `session` as fields 192 (`workout_feel`, 0–100) and 193
//!   (`workout_rpe`, the 1–10 scale ×10), read by number (older profiles do not name them;
//!   the reference path keeps `fitparser`'s unknown fields for them).
//! - **Monitoring files** (`monitoring_b`, the watch's all-day log) are not activities:
//!   their heart-rate readings are returned ([`Parsed::Monitoring`]) for the resting heart
//!   rate of each day. Their readings carry a 16-bit `timestamp_16` (the low bits of the
//!   instant), expanded against the last full timestamp as the FIT profile prescribes.
//! - **Developer fields** (data a Connect IQ app or a sensor's own profile adds, described by
//!   a `field_description` message) are mapped into a sample column where their meaning is
//!   known and the native field is absent: running power (Stryd, Garmin's Running Power app,
//!   Connect IQ rowing apps), a record's developer field named `Power` with units of watts
//!   (`DeveloperChannel::Power`), goes into `power_w`; Stryd's `Ground Time` and `Vertical
//!   Oscillation` go into the running dynamics below (`developer_channel`). Other developer
//!   fields (form power, leg spring stiffness, fat burned, depth, ...) have no sample
//!   column and are left as they were.
//! - **Running dynamics** (a record's `stance_time`, `vertical_oscillation` and
//!   `step_length`: Garmin's HRM-Run/Pro and Running Dynamics Pod, watches that estimate
//!   them, Coros' step length) go into `ground_contact_s`, `vertical_oscillation_m` and
//!   `step_length_m` (`running_dynamics`).
//! - Other non-activity FIT files (settings, workouts, courses, weight) are skipped with
//!   the file type as the reason.

use chrono::{DateTime, Local, NaiveDate, TimeZone, Utc};
use fitparser::de::{DecodeOption, FitObject, FitStreamProcessor};
use fitparser::profile::MesgNum;
use fitparser::{ErrorKind, FitDataRecord, Value};

use super::{IngestError, MonitoringHr, Parsed};
use fields::{Fields, Named};
use frame::DEG_PER_SEMICIRCLE;

mod fields;
mod frame;
mod records;
use crate::model::{DeviceTotals, EpochMs, Lap, ParsedActivity, SampleRow, Samples, Sport};
pub use frame::crc16;
use records::Records;

/// Seconds from the Unix epoch to the FIT epoch, 1989-12-31T00:00:00Z.
const FIT_EPOCH_UNIX_S: i64 = 631_065_600;
/// FIT `date_time` values below this are relative to the device's power-on, not UTC.
const FIT_RELATIVE_CLOCK_LIMIT_S: i64 = 0x1000_0000;
/// Records within this many seconds outside a session's window still belong to it: devices
/// write the last record a second or two after the session's end.
const SESSION_MARGIN_S: i64 = 5;
/// Records more than this outside all sessions are corrupt.
const CORRUPT_TIME_MARGIN_S: i64 = 86_400;

thread_local! {
    /// Set while a decoder call that may panic runs under [`quiet_catch`].
    static QUIET: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `f`, turning a panic into `Err` without printing it: the panic hook (installed once,
/// chained to the previous one) stays silent only on this thread and only inside `f`, so a
/// corrupt file gives a warning, not a backtrace on the user's terminal.
fn quiet_catch<T>(f: impl FnOnce() -> T) -> std::thread::Result<T> {
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !QUIET.with(std::cell::Cell::get) {
                previous(info);
            }
        }));
    });
    QUIET.with(|q| q.set(true));
    let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    QUIET.with(|q| q.set(false));
    r
}

/// Decodes a FIT file (or chain of FIT files) into activities with rutscope's own reader
/// (`frame.rs`, `fields.rs`).
pub fn parse(bytes: &[u8]) -> Result<Parsed, IngestError> {
    let decoded = decode(bytes)?;
    build(decoded)
}

/// Decodes a FIT file with `fitparser` alone, records included: slower, and the reference
/// [`parse`] is tested against (same activities, same samples).
pub fn parse_with_fitparser(bytes: &[u8]) -> Result<Parsed, IngestError> {
    let decoded = decode_with_fitparser(bytes)?;
    build(decoded)
}

/// What the decoder produced.
struct Decoded {
    /// What the reader takes from each message besides `record`, with the index of the
    /// chained FIT part it came from.
    messages: Vec<(usize, Message)>,
    /// Record messages, column-wise.
    rows: Records,
    warnings: Vec<String>,
}

/// Frames the file and reads its messages; keeps what was read before any error.
fn decode(bytes: &[u8]) -> Result<Decoded, IngestError> {
    too_short(bytes)?;
    let (framed, stop) = frame::frame(bytes);
    let mut warnings = framed.warnings;
    if let Some(stop) = stop {
        if framed.messages == 0 {
            return Err(IngestError::Fit {
                offset: stop.offset,
                message: stop.message,
            });
        }
        warnings.push(format!(
            "FIT part {} unreadable from byte {} of {} ({}); kept the {} messages decoded before it",
            stop.part,
            stop.offset,
            bytes.len(),
            stop.message,
            framed.messages
        ));
    }
    Ok(Decoded {
        messages: framed.decoded,
        rows: framed.records,
        warnings,
    })
}

/// Has fitparser decode one message; the reason when it cannot. fitparser panics on some
/// corrupt field values (a timestamp beyond chrono's range: found by the corpus mutation
/// test); such a message is skipped like any undecodable one.
fn decode_message(
    proc: &mut FitStreamProcessor,
    msg: fitparser::de::FitDataMessage,
) -> Result<FitDataRecord, String> {
    match quiet_catch(|| proc.decode_message(msg)) {
        Ok(Ok(rec)) => Ok(rec),
        Ok(Err(e)) => Err(e.to_string()),
        Err(_) => Err("a field value out of range".to_string()),
    }
}

/// The error for input too short to hold a FIT header.
fn too_short(bytes: &[u8]) -> Result<(), IngestError> {
    if bytes.len() < 12 {
        return Err(IngestError::Fit {
            offset: 0,
            message: format!("too short for a FIT header ({} bytes)", bytes.len()),
        });
    }
    Ok(())
}

/// Runs `fitparser`'s stream decoder on the whole file, keeping what was decoded before any
/// error.
fn decode_with_fitparser(bytes: &[u8]) -> Result<Decoded, IngestError> {
    too_short(bytes)?;
    let mut proc = FitStreamProcessor::new();
    // Messages the profile does not name carry nothing rutscope reads; unknown fields are
    // kept for the session's feel and RPE (192/193).
    proc.add_option(DecodeOption::DropUnknownMessages);
    let mut input = bytes;
    let mut messages = Vec::new();
    let mut rows = Records::default();
    let mut decoded = 0usize;
    let mut warnings = Vec::new();
    let mut chain_part = 0usize;
    while !input.is_empty() {
        let offset = bytes.len() - input.len();
        match proc.deserialize_next(input) {
            Ok((rest, obj)) => {
                match obj {
                    FitObject::Crc(_) => proc.reset(),
                    FitObject::Header(_) => chain_part += 1,
                    FitObject::DataMessage(msg) => match decode_message(&mut proc, msg) {
                        Ok(rec) => {
                            decoded += 1;
                            take(&rec, chain_part, &mut messages, &mut rows);
                        }
                        Err(why) => warnings.push(format!(
                            "skipped an undecodable message at byte {offset}: {why}"
                        )),
                    },
                    FitObject::DefinitionMessage(_) => {}
                }
                input = rest;
            }
            Err(e) => {
                if let ErrorKind::InvalidCrc((rest, obj, read, computed)) = *e {
                    let what = match obj {
                        FitObject::Header(_) => "header",
                        _ => "data",
                    };
                    warnings.push(format!(
                        "{what} CRC mismatch in FIT part {chain_part} at byte {offset} \
                         (file says {read:#06x}, content gives {computed:#06x}); data kept"
                    ));
                    if matches!(obj, FitObject::Crc(_)) {
                        proc.reset();
                    }
                    if matches!(obj, FitObject::Header(_)) {
                        chain_part += 1;
                    }
                    input = &bytes[bytes.len() - rest.len()..];
                    continue;
                }
                let message = describe_error(&e);
                if decoded == 0 {
                    return Err(IngestError::Fit { offset, message });
                }
                warnings.push(format!(
                    "FIT part {chain_part} unreadable from byte {offset} of {} ({message}); \
                     kept the {} messages decoded before it",
                    bytes.len(),
                    decoded
                ));
                break;
            }
        }
    }
    Ok(Decoded {
        messages,
        rows,
        warnings,
    })
}

/// Takes what the reader reads from a message `fitparser` decoded: a record into `rows`,
/// any other message it reads into `messages`.
fn take(
    rec: &FitDataRecord,
    part: usize,
    messages: &mut Vec<(usize, Message)>,
    rows: &mut Records,
) {
    let f = Named(rec.fields());
    if rec.kind() != MesgNum::Record {
        if let Some(m) = message(rec.kind().as_u16(), &f) {
            messages.push((part, m));
        }
        return;
    }
    let Some(t) = f.get("timestamp").and_then(fit_seconds) else {
        return;
    };
    let lat = f.number("position_lat").map(|v| v * DEG_PER_SEMICIRCLE);
    let lon = f.number("position_long").map(|v| v * DEG_PER_SEMICIRCLE);
    let (lat, lon) = match (lat, lon) {
        (Some(a), Some(b)) if a.abs() <= 90.0 && b.abs() <= 180.0 => (Some(a), Some(b)),
        _ => (None, None),
    };
    let cadence = f
        .number("cadence")
        .map(|c| c + f.number("fractional_cadence").unwrap_or(0.0));
    let developer = |c| developer(rec.fields(), c);
    rows.push(
        t,
        part,
        SampleRow {
            t_ms: None,
            segment: 0,
            lat,
            lon,
            elevation_m: f
                .number("enhanced_altitude")
                .or_else(|| f.number("altitude")),
            distance_m: f.number("distance"),
            speed_m_s: f.number("enhanced_speed").or_else(|| f.number("speed")),
            heart_rate_bpm: f.number("heart_rate").filter(|&h| h > 0.0),
            cadence_rpm: cadence,
            power_w: f
                .number("power")
                .or_else(|| developer(DeveloperChannel::Power)),
            temperature_c: f.number("temperature"),
            ..running_dynamics(
                [
                    f.number("stance_time"),
                    f.number("vertical_oscillation"),
                    f.number("step_length"),
                ],
                [
                    developer(DeveloperChannel::GroundContact),
                    developer(DeveloperChannel::VerticalOscillation),
                ],
            )
        },
    );
}

/// A record's developer field of `channel` ([`developer_channel`]), in the profile's units
/// of the native field: the largest when several apps write one (fitparser gives developer
/// fields in hash-map order).
fn developer(fields: &[fitparser::FitDataField], channel: DeveloperChannel) -> Option<f64> {
    fields
        .iter()
        .filter_map(|f| {
            let (c, factor) = developer_channel(f.name(), f.units())?;
            (c == channel).then(|| num(f.value()).map(|v| v * factor))?
        })
        .reduce(f64::max)
}

fn describe_error(e: &ErrorKind) -> String {
    match e {
        ErrorKind::UnexpectedEof(_) => "file ends in the middle of a message".to_string(),
        ErrorKind::MissingDefinitionMessage(n, _) => {
            format!("message uses local type {n}, which was never defined")
        }
        ErrorKind::ParseError(_, kind) => format!("malformed data ({kind:?})"),
        other => other.to_string(),
    }
}

/// A decoded value as a number, if it is one.
fn num(v: &Value) -> Option<f64> {
    let x = match v {
        Value::Byte(x) | Value::Enum(x) | Value::UInt8(x) | Value::UInt8z(x) => f64::from(*x),
        Value::SInt8(x) => f64::from(*x),
        Value::SInt16(x) => f64::from(*x),
        Value::UInt16(x) | Value::UInt16z(x) => f64::from(*x),
        Value::SInt32(x) => f64::from(*x),
        Value::UInt32(x) | Value::UInt32z(x) => f64::from(*x),
        Value::SInt64(x) => *x as f64,
        Value::UInt64(x) | Value::UInt64z(x) => *x as f64,
        Value::Float32(x) => f64::from(*x),
        Value::Float64(x) => *x,
        _ => return None,
    };
    x.is_finite().then_some(x)
}

fn text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => {
            let s = s.trim_end_matches('\0').trim();
            (!s.is_empty()).then(|| s.to_string())
        }
        Value::Invalid | Value::Array(_) | Value::Timestamp(_) => None,
        other => num(other).map(|x| format!("{x}")),
    }
}

/// Seconds since the FIT epoch of a `date_time` value (UTC-based).
fn fit_seconds(v: &Value) -> Option<i64> {
    match v {
        Value::Timestamp(t) => Some(t.timestamp() - FIT_EPOCH_UNIX_S),
        _ => None,
    }
}

/// Raw seconds of a `local_date_time` value, undoing fitparser's interpretation of the FIT
/// epoch in the machine's own zone.
fn fit_local_seconds(v: &Value) -> Option<i64> {
    let Value::Timestamp(t) = v else { return None };
    let epoch = NaiveDate::from_ymd_opt(1989, 12, 31)?.and_hms_opt(0, 0, 0)?;
    let local_epoch: DateTime<Local> = Local.from_local_datetime(&epoch).earliest()?;
    Some(t.timestamp() - local_epoch.timestamp())
}

/// Whether a developer field described with `name` and `units` is power in watts
/// ([`DeveloperChannel::Power`]).
#[cfg(test)]
fn is_developer_power(name: &str, units: &str) -> bool {
    developer_channel(name, units).is_some_and(|(c, _)| c == DeveloperChannel::Power)
}

/// A sample channel a developer field can fill where the record's native field is absent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DeveloperChannel {
    /// Power in watts: a field named `Power` (any case; "Form Power", "Air Power", "Lap
    /// Power" are other figures) with units `W`, `watt` or `watts` (any case). Stryd,
    /// Garmin's Running Power app and Connect IQ rowing apps write running or rowing power
    /// so, often with `native_field_num` 7 (the record's `power`), which `fitparser` does
    /// not keep, hence the name and units.
    Power,
    /// Ground contact time, ms (the native `stance_time`'s unit).
    GroundContact,
    /// Vertical oscillation, mm (the native field's unit).
    VerticalOscillation,
}

/// The channel a developer field described with `name` and `units` fills, and the factor
/// to the native field's unit; `None` for any other field. Names and units compare
/// trimmed and in any case. Power: [`DeveloperChannel::Power`]. Stryd's running dynamics:
/// `Ground Time` in milliseconds, `Vertical Oscillation` in centimetres (or millimetres);
/// "Form Power", "Leg Spring Stiffness", "Air Power" have no column.
pub(crate) fn developer_channel(name: &str, units: &str) -> Option<(DeveloperChannel, f64)> {
    let is = |a: &str, options: &[&str]| options.iter().any(|o| a.trim().eq_ignore_ascii_case(o));
    if is(name, &["power"]) && is(units, &["w", "watt", "watts"]) {
        Some((DeveloperChannel::Power, 1.0))
    } else if is(name, &["ground time", "ground contact time"])
        && is(units, &["ms", "milliseconds", "millisecond"])
    {
        Some((DeveloperChannel::GroundContact, 1.0))
    } else if is(name, &["vertical oscillation"]) {
        if is(units, &["cm", "centimeters", "centimetres"]) {
            Some((DeveloperChannel::VerticalOscillation, 10.0))
        } else if is(units, &["mm", "millimeters", "millimetres"]) {
            Some((DeveloperChannel::VerticalOscillation, 1.0))
        } else {
            None
        }
    } else {
        None
    }
}

/// Garmin stores perceived exertion ×10.
const RPE_SCALE: f64 = 10.0;

/// The feel and RPE of a session message, scaled to what the watch shows; values outside
/// the ranges the watch offers are a corrupt field and dropped.
fn feel_and_rpe(f: &impl Fields) -> (Option<f64>, Option<f64>) {
    let feel = f
        .by_number(&fields::SESSION_WORKOUT_FEEL)
        .filter(|x| (0.0..=100.0).contains(x));
    let rpe = f
        .by_number(&fields::SESSION_WORKOUT_RPE)
        .map(|x| x / RPE_SCALE)
        .filter(|x| (1.0..=10.0).contains(x));
    (feel, rpe)
}

#[derive(Debug, Clone, PartialEq)]
struct Session {
    part: usize,
    start_s: Option<i64>,
    end_s: Option<i64>,
    sport_raw: Option<String>,
    sub_sport: Option<String>,
    totals: DeviceTotals,
    feel: Option<f64>,
    rpe: Option<f64>,
}

/// A session message: its span, sport and the device's totals. The span ends at start plus
/// `total_elapsed_time` when the file gives a usable one, else at the message's timestamp; a
/// negative elapsed time (a field declared signed, found by the `fit` fuzz target, run 11) is
/// no elapsed time. Its chained part is set by the caller.
fn session_of(f: &impl Fields) -> Session {
    use fields::*;
    let start_s = f.secs(&SESSION_START_TIME);
    let elapsed = f.amount(&SESSION_TOTAL_ELAPSED_TIME);
    // A span beyond SESSION_SPAN_MAX_S (a float field of 1e300 s) would overflow the
    // end's arithmetic: the timestamp bounds such a session.
    let end_s = match (start_s, elapsed.filter(|&e| e <= SESSION_SPAN_MAX_S)) {
        (Some(s), Some(e)) => s.checked_add(e.round() as i64),
        _ => f.secs(&TIMESTAMP),
    };
    let (feel, rpe) = feel_and_rpe(f);
    Session {
        feel,
        rpe,
        part: 0,
        start_s,
        end_s,
        sport_raw: f.text(&SESSION_SPORT),
        sub_sport: f.text(&SESSION_SUB_SPORT).filter(|s| s != "generic"),
        totals: DeviceTotals {
            distance_m: f.amount(&SESSION_TOTAL_DISTANCE),
            timer_time_s: f.amount(&SESSION_TOTAL_TIMER_TIME),
            elapsed_time_s: elapsed,
            ascent_m: f.amount(&SESSION_TOTAL_ASCENT),
            descent_m: f.amount(&SESSION_TOTAL_DESCENT),
            avg_hr_bpm: f.heart_rate(&SESSION_AVG_HEART_RATE),
            max_hr_bpm: f.heart_rate(&SESSION_MAX_HEART_RATE),
            calories_kcal: f.amount(&SESSION_TOTAL_CALORIES),
        },
    }
}

/// What the reader takes from one message besides `record`: the same whether the framer
/// read it from its bytes ([`fields::Bytes`]) or `fitparser` decoded it
/// ([`fields::Named`]).
#[derive(Debug, Clone, PartialEq)]
enum Message {
    /// `file_id`: what the file is and which device wrote it.
    FileId {
        file_type: Option<String>,
        manufacturer: Option<String>,
        product: Option<String>,
        product_name: Option<String>,
        serial: Option<u64>,
        created_s: Option<i64>,
    },
    /// `device_info` of the creator device (index 0), which often names itself better
    /// than `file_id`.
    Creator {
        product_name: Option<String>,
    },
    Session(Session),
    /// A lap and its start (seconds since the FIT epoch).
    Lap(Option<i64>, Lap),
    /// `sport`: sport and sub-sport, for a file without a session.
    Sport(Option<String>, Option<String>),
    /// `activity`: its instant and the same in local time, which give the UTC offset.
    Activity {
        utc_s: Option<i64>,
        local_s: Option<i64>,
    },
    /// A timer event: the timer started (`true`) or stopped, at `t` seconds.
    Timer {
        t: i64,
        start: bool,
    },
    /// `monitoring_info`: the full timestamp later readings count from, and local time.
    MonitoringInfo {
        t: Option<i64>,
        local_s: Option<i64>,
    },
    /// `monitoring`: a reading's full or 16-bit timestamp and its heart rate.
    Monitoring {
        t: Option<i64>,
        t16: Option<f64>,
        hr: Option<f64>,
    },
}

/// What the reader takes from a message of global number `global`; `None` for a message
/// it does not read (a device other than the creator, an event other than the timer's).
fn message(global: u16, f: &impl Fields) -> Option<Message> {
    use fields::*;
    Some(match global {
        FILE_ID => Message::FileId {
            file_type: f.text(&FILE_ID_TYPE),
            manufacturer: f.text(&FILE_ID_MANUFACTURER),
            product: f.text(&FILE_ID_PRODUCT),
            product_name: f.text(&FILE_ID_PRODUCT_NAME),
            serial: f.num(&FILE_ID_SERIAL_NUMBER).map(|x| x as u64),
            created_s: f.secs(&FILE_ID_TIME_CREATED),
        },
        DEVICE_INFO => {
            let creator = f.text(&DEVICE_INFO_INDEX).as_deref() == Some("creator")
                || f.num(&DEVICE_INFO_INDEX) == Some(0.0);
            if !creator {
                return None;
            }
            Message::Creator {
                product_name: f.text(&DEVICE_INFO_PRODUCT_NAME),
            }
        }
        SESSION => Message::Session(session_of(f)),
        LAP => {
            let start_s = f.secs(&LAP_START_TIME);
            Message::Lap(
                start_s,
                Lap {
                    start_ms: start_s.map(ms_of),
                    elapsed_time_s: f.amount(&LAP_TOTAL_ELAPSED_TIME),
                    timer_time_s: f.amount(&LAP_TOTAL_TIMER_TIME),
                    distance_m: f.amount(&LAP_TOTAL_DISTANCE),
                    avg_hr_bpm: f.heart_rate(&LAP_AVG_HEART_RATE),
                    max_hr_bpm: f.heart_rate(&LAP_MAX_HEART_RATE),
                    avg_speed_m_s: f.num(&LAP_AVG_SPEED),
                    ascent_m: f.amount(&LAP_TOTAL_ASCENT),
                    trigger: f.text(&LAP_TRIGGER),
                    intensity: f.text(&LAP_INTENSITY),
                },
            )
        }
        SPORT => Message::Sport(f.text(&SPORT_SPORT), f.text(&SPORT_SUB_SPORT)),
        ACTIVITY => Message::Activity {
            utc_s: f.secs(&TIMESTAMP),
            local_s: f.secs(&ACTIVITY_LOCAL_TIMESTAMP),
        },
        EVENT => {
            if f.text(&EVENT_EVENT).as_deref() != Some("timer") {
                return None;
            }
            let t = f.secs(&TIMESTAMP)?;
            let start = match f.text(&EVENT_TYPE)?.as_str() {
                "start" => true,
                "stop" | "stop_all" | "stop_disable" | "stop_disable_all" => false,
                _ => return None,
            };
            Message::Timer { t, start }
        }
        MONITORING_INFO => Message::MonitoringInfo {
            t: f.secs(&TIMESTAMP),
            local_s: f.secs(&MONITORING_INFO_LOCAL_TIMESTAMP),
        },
        MONITORING => Message::Monitoring {
            t: f.secs(&TIMESTAMP),
            t16: f.num(&MONITORING_TIMESTAMP_16),
            hr: f.heart_rate(&MONITORING_HEART_RATE),
        },
        _ => return None,
    })
}

/// A UTC offset from an instant and the same instant in local time (seconds): whole
/// quarter hours; `None` beyond ±18 h, which is garbage.
fn utc_offset(utc_s: i64, local_s: i64) -> Option<i32> {
    let off = local_s - utc_s;
    (off.abs() <= 18 * 3600).then(|| ((off as f64 / 900.0).round() * 900.0) as i32)
}

/// Longest session span taken from a session's `total_elapsed_time`, seconds: 116 days.
const SESSION_SPAN_MAX_S: f64 = 1e7;

/// Largest ground contact time taken, ms: a walking step's stance is under a second; 2 s
/// is a foot standing still, not a running step.
const GROUND_CONTACT_MAX_MS: f64 = 2000.0;
/// Largest vertical oscillation taken, mm: runners bounce 5–13 cm; half a metre is a
/// sensor's glitch.
const VERTICAL_OSCILLATION_MAX_MM: f64 = 500.0;
/// Largest step length taken, mm: a sprinter's step is about 2.5 m.
const STEP_LENGTH_MAX_MM: f64 = 4000.0;

/// A record's running dynamics in SI units, from its native fields as the FIT profile
/// scales them (`[stance time ms, vertical oscillation mm, step length mm]`), else from
/// developer fields that carry the first two (`[ms, mm]`, [`developer_channel`]: Stryd). A
/// zero (written while standing, or with no sensor paired) and values no runner produces
/// (the `MAX` constants above) are no reading. Both FIT paths take them through here.
fn running_dynamics(native: [Option<f64>; 3], developer: [Option<f64>; 2]) -> SampleRow {
    // Positive after the conversion too (a subnormal developer value divides to 0).
    let reading = |x: Option<f64>, max: f64| {
        x.filter(|&x| x > 0.0 && x <= max)
            .map(|x| x / 1000.0)
            .filter(|&x| x > 0.0)
    };
    let pick = |i: usize, max: f64| {
        reading(native[i], max).or_else(|| reading(developer.get(i).copied().flatten(), max))
    };
    SampleRow {
        ground_contact_s: pick(0, GROUND_CONTACT_MAX_MS),
        vertical_oscillation_m: pick(1, VERTICAL_OSCILLATION_MAX_MM),
        step_length_m: pick(2, STEP_LENGTH_MAX_MM),
        ..SampleRow::default()
    }
}

fn ms_of(fit_s: i64) -> EpochMs {
    (fit_s + FIT_EPOCH_UNIX_S) * 1000
}

fn build(decoded: Decoded) -> Result<Parsed, IngestError> {
    let Decoded {
        messages,
        mut rows,
        mut warnings,
    } = decoded;

    let mut file_type: Option<String> = None;
    let mut file_id_key: Option<String> = None;
    let mut manufacturer = None;
    let mut product = None;
    let mut serial = None;
    let mut product_name = None;
    let mut sessions = Vec::new();
    let mut laps_raw = Vec::new();
    let mut timer_events: Vec<(i64, bool)> = Vec::new();
    let mut sport_msg: Option<(Option<String>, Option<String>)> = None;
    let mut utc_offset_s = None;
    let mut first_file_id = true;
    // Monitoring files: the last full timestamp (for `timestamp_16`), the offset, readings.
    let mut monitoring_last_s: Option<i64> = None;
    let mut monitoring = MonitoringHr::default();

    for (part, m) in messages {
        match m {
            Message::FileId {
                file_type: kind,
                manufacturer: maker,
                product: p,
                product_name: name,
                serial: number,
                created_s,
            } if first_file_id => {
                first_file_id = false;
                file_type = kind;
                manufacturer = maker;
                product = p;
                product_name = name;
                serial = number;
                if serial.is_some() || created_s.is_some() {
                    file_id_key = Some(format!(
                        "{}/{}/{}/{}",
                        manufacturer.as_deref().unwrap_or("?"),
                        product.as_deref().unwrap_or("?"),
                        serial.map(|s| s.to_string()).unwrap_or_default(),
                        created_s.map(|c| c.to_string()).unwrap_or_default(),
                    ));
                }
            }
            Message::FileId { .. } => {}
            Message::Creator { product_name: name } => {
                if product_name.is_none() {
                    product_name = name;
                }
            }
            Message::Session(s) => sessions.push(Session { part, ..s }),
            Message::Lap(start_s, lap) => laps_raw.push((start_s, lap)),
            Message::Sport(sport, sub_sport) => sport_msg = Some((sport, sub_sport)),
            Message::Activity { utc_s, local_s } => {
                if let (Some(utc), Some(local)) = (utc_s, local_s)
                    && let Some(off) = utc_offset(utc, local)
                {
                    utc_offset_s = Some(off);
                }
            }
            Message::Timer { t, start } => timer_events.push((t, start)),
            Message::MonitoringInfo { t, local_s } => {
                if let Some(t) = t {
                    monitoring_last_s = Some(t);
                    if let Some(off) = local_s.and_then(|local| utc_offset(t, local)) {
                        monitoring.utc_offset_s = Some(off);
                    }
                }
            }
            Message::Monitoring { t, t16, hr } => {
                let t = match (t, t16, monitoring_last_s) {
                    (Some(t), _, _) => Some(t),
                    (None, Some(t16), Some(last)) => {
                        let t16 = t16 as i64 & 0xFFFF;
                        Some(last + ((t16 - (last & 0xFFFF)) & 0xFFFF))
                    }
                    _ => None,
                };
                if let Some(t) = t {
                    monitoring_last_s = Some(t);
                    if let Some(hr) = hr {
                        monitoring.samples.push((ms_of(t), hr));
                    }
                }
            }
        }
    }

    if file_type
        .as_deref()
        .is_some_and(|t| t.starts_with("monitoring"))
        && sessions.is_empty()
        && rows.is_empty()
    {
        if monitoring.samples.is_empty() {
            return Ok(Parsed::Skipped(
                "FIT monitoring file without heart rate".to_string(),
            ));
        }
        monitoring.samples.sort_by_key(|(t, _)| *t);
        return Ok(Parsed::Monitoring(monitoring));
    }
    if let Some(t) = file_type.as_deref()
        && t != "activity"
        && sessions.is_empty()
        && rows.is_empty()
    {
        return Ok(Parsed::Skipped(format!(
            "FIT file type '{t}' is not an activity"
        )));
    }
    if sessions.is_empty() && rows.is_empty() {
        return Ok(Parsed::Skipped(
            "FIT file holds no session and no record (nothing was recorded)".to_string(),
        ));
    }

    // Stable sort: files that write summaries first or interleave chained parts still give
    // time-ordered samples.
    rows.sort_by_time();
    timer_events.sort_by_key(|(t, _)| *t);
    let relative_clock = rows
        .t
        .first()
        .copied()
        .or_else(|| sessions.iter().find_map(|s| s.start_s))
        .is_some_and(|t| t < FIT_RELATIVE_CLOCK_LIMIT_S);

    if sessions.is_empty() {
        let (sport_raw, sub_sport) = sport_msg.clone().unwrap_or((None, None));
        warnings.push(
            "no session message (recording not properly ended?); totals computed from records"
                .to_string(),
        );
        sessions.push(Session {
            part: 0,
            start_s: rows.t.first().copied(),
            end_s: rows.t.last().copied(),
            sport_raw,
            sub_sport,
            totals: DeviceTotals::default(),
            feel: None,
            rpe: None,
        });
    }
    sessions.sort_by_key(|s| (s.start_s, s.part));
    // A file chained with a copy of itself repeats its sessions: keep one of each.
    let before = sessions.len();
    sessions.dedup_by(|b, a| {
        a.start_s == b.start_s && a.end_s == b.end_s && a.sport_raw == b.sport_raw
    });
    if sessions.len() < before {
        warnings.push(format!(
            "{} repeated session(s) in chained parts merged",
            before - sessions.len()
        ));
    }

    // Records far outside every session are corrupt (a garbage timestamp decoded just
    // before a break in the stream): a day of margin keeps records a device wrote after a
    // session it closed early.
    if let (Some(lo), Some(hi)) = (
        sessions.iter().filter_map(|s| s.start_s).min(),
        sessions.iter().filter_map(|s| s.end_s.or(s.start_s)).max(),
    ) {
        let dropped = rows
            .retain_times(|t| t >= lo - CORRUPT_TIME_MARGIN_S && t <= hi + CORRUPT_TIME_MARGIN_S);
        if dropped > 0 {
            warnings.push(format!(
                "{dropped} record(s) with timestamps more than a day outside the sessions dropped as corrupt"
            ));
        }
    }

    // Assign each record to a session of its own chained part when that part has sessions,
    // else to any: the session whose window contains it, else the nearest one.
    let mut by_part: std::collections::HashMap<usize, (Vec<usize>, Vec<Session>)> =
        std::collections::HashMap::new();
    for (i, s) in sessions.iter().enumerate() {
        let e = by_part.entry(s.part).or_default();
        e.0.push(i);
        e.1.push(s.clone());
    }
    let to: Vec<usize> = rows
        .t
        .iter()
        .zip(&rows.part)
        .map(|(&t, &part)| match by_part.get(&(part as usize)) {
            Some((idx, subset)) => idx[session_for(subset, t)],
            None => session_for(&sessions, t),
        })
        .collect();
    let per_session = rows.split(&to, sessions.len());
    let mut per_session_laps: Vec<Vec<Lap>> = vec![Vec::new(); sessions.len()];
    for (start, lap) in laps_raw {
        let idx = start.map(|s| session_for(&sessions, s)).unwrap_or(0);
        per_session_laps[idx].push(lap);
    }

    let device_product = match (product, product_name) {
        (Some(p), Some(n)) if p != n => Some(format!("{p} ({n})")),
        (p, n) => p.or(n),
    };
    let multi = sessions.len() > 1;
    let mut out = Vec::new();
    for (i, ((session, rows), laps)) in sessions
        .into_iter()
        .zip(per_session)
        .zip(per_session_laps)
        .enumerate()
    {
        if multi && rows.is_empty() && session.totals.distance_m.unwrap_or(0.0) == 0.0 {
            // A transition or empty session of a multisport file with nothing in it.
            if session.totals.elapsed_time_s.unwrap_or(0.0) < 1.0 {
                continue;
            }
        }
        if rows.is_empty() && session.start_s.is_none() && session.totals.elapsed_time_s.is_none() {
            // Nothing to place in time and nothing measured.
            continue;
        }
        let sport = session
            .sport_raw
            .as_deref()
            .map(Sport::normalize)
            .unwrap_or(Sport::Generic);
        let mut a = ParsedActivity::new(sport);
        a.sport_raw = session.sport_raw.clone();
        a.sub_sport = session.sub_sport.clone();
        a.index_in_file = i as u32;
        a.device.manufacturer = manufacturer.clone();
        a.device.product = device_product.clone();
        a.device.serial = serial;
        a.fit_file_id = file_id_key.as_ref().map(|k| format!("{k}#{i}"));
        a.utc_offset_s = utc_offset_s;
        a.totals = session.totals.clone();
        a.annotations.feel = session.feel;
        a.annotations.rpe = session.rpe;
        a.laps = laps;
        a.warnings = warnings.clone();
        let start_s = session.start_s.or(rows.t.first().copied());
        if relative_clock {
            a.warnings.push(
                "device clock is relative (not set to UTC); times kept as elapsed seconds only"
                    .to_string(),
            );
            a.start = None;
            for l in &mut a.laps {
                l.start_ms = None;
            }
        } else {
            a.start = start_s.and_then(|s| Utc.timestamp_opt(s + FIT_EPOCH_UNIX_S, 0).single());
        }
        a.samples = samples_from(rows, &timer_events, relative_clock, start_s);
        out.push(a);
    }
    if out.is_empty() {
        return Ok(Parsed::Skipped(
            "FIT file's sessions hold no data".to_string(),
        ));
    }
    Ok(Parsed::Activities(out))
}

fn session_for(sessions: &[Session], t: i64) -> usize {
    let mut best = 0;
    let mut best_dist = i64::MAX;
    for (i, s) in sessions.iter().enumerate() {
        let (Some(a), Some(b)) = (s.start_s, s.end_s.or(s.start_s)) else {
            continue;
        };
        let dist = if t < a - SESSION_MARGIN_S {
            a - t
        } else if t > b + SESSION_MARGIN_S {
            t - b
        } else {
            0
        };
        // Ties (a record on the boundary of two sessions) go to the later session, whose
        // start it is.
        if dist < best_dist || (dist == 0 && best_dist == 0 && t >= a) {
            best = i;
            best_dist = dist;
        }
    }
    best
}

fn samples_from(
    rows: Records,
    timer_events: &[(i64, bool)],
    relative_clock: bool,
    start_s: Option<i64>,
) -> Samples {
    // Segment boundaries: a `start` that follows a `stop`.
    let mut resumes = Vec::new();
    let mut stopped = false;
    for &(t, is_start) in timer_events {
        if is_start && stopped {
            resumes.push(t);
        }
        stopped = !is_start;
    }
    let Records {
        t: times,
        samples: mut s,
        ..
    } = rows;
    let t0 = start_s.or(times.first().copied()).unwrap_or(0);
    for (i, &t) in times.iter().enumerate() {
        s.segment[i] = resumes.partition_point(|&r| r <= t) as u32;
        s.t_ms[i] = (!relative_clock).then(|| ms_of(t));
    }
    if relative_clock {
        s.elapsed_s = times.iter().map(|&t| Some((t - t0) as f64)).collect();
    } else {
        s.finish_elapsed();
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn developer_power_is_named_power_in_watts() {
        assert!(is_developer_power("Power", "Watts"));
        assert!(is_developer_power(" power ", "W"));
        assert!(is_developer_power("POWER", "watt"));
        assert!(!is_developer_power("Form Power", "Watts"));
        assert!(!is_developer_power("Air Power", "Watts"));
        assert!(!is_developer_power("Power", "%"));
        assert!(!is_developer_power("Power", ""));
        assert!(!is_developer_power("RP_Power", "Watts"));
    }

    #[test]
    fn the_fitparser_path_takes_the_largest_developer_power() {
        let field = |name: &str, units: &str, v: Value| {
            fitparser::FitDataField::new(name.into(), 0, Some(0), v, units.into())
        };
        let fields = [
            field("Form Power", "Watts", Value::UInt16(60)),
            field("Power", "Watts", Value::UInt16(240)),
            field("power", "W", Value::Float64(250.5)),
            field("Power", "Watts", Value::Invalid),
        ];
        assert_eq!(developer(&fields, DeveloperChannel::Power), Some(250.5));
        assert_eq!(developer(&fields[..1], DeveloperChannel::Power), None);
    }

    #[test]
    fn too_short_is_an_error_with_offset() {
        let e = parse(b"").unwrap_err();
        assert!(e.to_string().contains("too short"), "{e}");
    }

    #[test]
    fn numbers_from_values() {
        assert_eq!(num(&Value::UInt8(7)), Some(7.0));
        assert_eq!(num(&Value::Float64(f64::NAN)), None);
        assert_eq!(num(&Value::String("x".into())), None);
    }

    #[test]
    fn session_assignment_prefers_window_then_nearest() {
        let mk = |a, b| Session {
            part: 0,
            start_s: Some(a),
            end_s: Some(b),
            sport_raw: None,
            sub_sport: None,
            totals: DeviceTotals::default(),
            feel: None,
            rpe: None,
        };
        let s = vec![mk(0, 100), mk(100, 200), mk(300, 400)];
        assert_eq!(session_for(&s, 50), 0);
        assert_eq!(session_for(&s, 100), 1);
        assert_eq!(session_for(&s, 240), 1);
        assert_eq!(session_for(&s, 290), 2);
        assert_eq!(session_for(&s, 10_000), 2);
    }

    /// Found by the `fit` fuzz target (run 8): a session whose `avg_heart_rate` is declared
    /// signed gave an activity an average heart rate of −123.
    #[test]
    fn totals_are_never_negative_and_heart_rates_plausible() {
        use fitparser::FitDataField;
        let field = |name: &str, v| FitDataField::new(name.into(), 0, None, v, String::new());
        let fields = [
            field("avg_heart_rate", Value::SInt8(-123)),
            field("max_heart_rate", Value::UInt8(172)),
            field("min_heart_rate", Value::UInt16(255)),
            field("total_distance", Value::SInt32(-5)),
            field("total_timer_time", Value::Float64(1800.0)),
        ];
        let f = Named(&fields);
        use fields::*;
        let min_heart_rate = Field {
            name: "min_heart_rate",
            number: 64,
            ..SESSION_MAX_HEART_RATE
        };
        assert_eq!(f.heart_rate(&SESSION_AVG_HEART_RATE), None);
        assert_eq!(f.heart_rate(&SESSION_MAX_HEART_RATE), Some(172.0));
        assert_eq!(f.heart_rate(&min_heart_rate), None);
        assert_eq!(f.amount(&SESSION_TOTAL_DISTANCE), None);
        assert_eq!(f.amount(&SESSION_TOTAL_TIMER_TIME), Some(1800.0));
    }

    /// Found by the `fit` fuzz target (run 11): a session whose `total_elapsed_time` is
    /// declared signed and negative gave an activity an elapsed time of −0.095 s.
    #[test]
    fn a_negative_session_elapsed_time_is_no_elapsed_time() {
        use fitparser::FitDataField;
        let field = |name: &str, v| FitDataField::new(name.into(), 0, None, v, String::new());
        let at = |unix_s| {
            let t = chrono::DateTime::from_timestamp(unix_s, 0).expect("a date");
            Value::Timestamp(t.with_timezone(&Local))
        };
        let start = FIT_EPOCH_UNIX_S + 1_000_000;
        let fields = [
            field("start_time", at(start)),
            field("timestamp", at(start + 1800)),
            field("total_elapsed_time", Value::SInt32(-95)),
            field("total_timer_time", Value::Float64(1800.0)),
        ];
        let s = session_of(&Named(&fields));
        assert_eq!(s.totals.elapsed_time_s, None);
        assert_eq!(s.totals.timer_time_s, Some(1800.0));
        // The span ends at the session's timestamp, not before its start.
        assert_eq!((s.start_s, s.end_s), (Some(1_000_000), Some(1_001_800)));
        // Nor does an elapsed time no session lasts (found by review: 1e300 s overflowed the
        // session's end).
        let fields = [
            field("start_time", at(start)),
            field("timestamp", at(start + 1800)),
            field("total_elapsed_time", Value::Float64(1e300)),
        ];
        let s = session_of(&Named(&fields));
        assert_eq!(s.end_s, Some(1_001_800));
    }

    /// Running dynamics come in SI units; a zero (standing, no sensor) and values no runner
    /// produces (6553.5 mm, a 16-bit field's near-invalid value scaled) are no reading.
    #[test]
    fn running_dynamics_in_si_units_and_a_zero_is_no_reading() {
        let dynamics = |r: SampleRow| {
            (
                r.ground_contact_s,
                r.vertical_oscillation_m,
                r.step_length_m,
            )
        };
        let r = running_dynamics([Some(250.0), Some(85.0), Some(1060.0)], [None, None]);
        assert_eq!(dynamics(r), (Some(0.25), Some(0.085), Some(1.06)));
        let r = running_dynamics([Some(0.0), Some(650.0), Some(6553.4)], [Some(5e-324), None]);
        assert_eq!(dynamics(r), (None, None, None));
        assert_eq!(running_dynamics([None; 3], [None; 2]), SampleRow::default());
        // A developer field (Stryd) fills what the native fields do not give; the native
        // reading wins when both are there.
        let r = running_dynamics([Some(0.0), Some(90.0), None], [Some(240.0), Some(75.0)]);
        assert_eq!(dynamics(r), (Some(0.24), Some(0.09), None));
    }

    #[test]
    fn developer_running_dynamics_are_stryds_ground_time_and_oscillation() {
        use DeveloperChannel::*;
        let ch = developer_channel;
        assert_eq!(
            ch("Ground Time", "Milliseconds"),
            Some((GroundContact, 1.0))
        );
        assert_eq!(
            ch("Vertical Oscillation", "Centimeters"),
            Some((VerticalOscillation, 10.0))
        );
        assert_eq!(
            ch(" vertical oscillation ", "mm"),
            Some((VerticalOscillation, 1.0))
        );
        assert_eq!(ch("Vertical Oscillation", "%"), None);
        assert_eq!(ch("Ground Time", "s"), None);
        assert_eq!(ch("Leg Spring Stiffness", "kN/m"), None);
        assert_eq!(ch("Form Power", "Watts"), None);
        assert_eq!(ch("Power", "Watts"), Some((Power, 1.0)));
    }

    #[test]
    fn feel_and_rpe_are_read_by_number_and_scaled() {
        use fields::{SESSION_WORKOUT_FEEL, SESSION_WORKOUT_RPE};
        use fitparser::FitDataField;
        let field = |n: u8, v: Value| {
            FitDataField::new(format!("unknown_field_{n}"), n, None, v, String::new())
        };
        let fields = [
            field(SESSION_WORKOUT_FEEL.number, Value::UInt8(75)),
            field(SESSION_WORKOUT_RPE.number, Value::UInt8(60)),
        ];
        assert_eq!(feel_and_rpe(&Named(&fields)), (Some(75.0), Some(6.0)));
        // 0xFF is "not answered"; an RPE of 0 or beyond 10 is not on the watch's scale.
        let fields = [
            field(SESSION_WORKOUT_FEEL.number, Value::UInt8(255)),
            field(SESSION_WORKOUT_RPE.number, Value::UInt8(0)),
        ];
        assert_eq!(feel_and_rpe(&Named(&fields)), (None, None));
        let fields = [field(SESSION_WORKOUT_RPE.number, Value::UInt8(110))];
        assert_eq!(feel_and_rpe(&Named(&fields)), (None, None));
        assert_eq!(feel_and_rpe(&Named(&[])), (None, None));
        // From the bytes: 192 and 193 as uint8, 0xFF not answered.
        let bytes = |feel: u8, rpe: u8| {
            let data = [feel, rpe];
            feel_and_rpe(&fields::Bytes {
                layout: &[(192, 1, 0x02), (193, 1, 0x02)],
                data: &data,
                big: false,
                compressed_timestamp: None,
            })
        };
        assert_eq!(bytes(75, 60), (Some(75.0), Some(6.0)));
        assert_eq!(bytes(255, 0), (None, None));
        assert_eq!(bytes(100, 110), (Some(100.0), None));
    }

    #[test]
    fn segments_follow_timer_events() {
        let mut rows = Records::default();
        for t in 0..10 {
            rows.push(t, 0, SampleRow::default());
        }
        let events = [(0, true), (3, false), (5, true), (7, false), (8, true)];
        let s = samples_from(rows, &events, false, Some(0));
        assert_eq!(s.segment, vec![0, 0, 0, 0, 0, 1, 1, 1, 2, 2]);
        assert_eq!(s.elapsed_s[9], Some(9.0));
    }
}

#[cfg(test)]
mod regression {
    use super::*;

    /// A FIT file whose record `timestamp` is defined as a 64-bit field holding a huge value:
    /// fitparser panics converting it to a date (the crash the corpus mutation test found in
    /// a mutated `road-with-power.fit`). It must give a warning, not a panic.
    #[test]
    fn a_timestamp_beyond_any_date_is_skipped_not_a_panic() {
        let mut data = Vec::new();
        // Definition: local 0, little endian, global 20 (record), 2 fields: 253 timestamp as
        // uint64 (8 bytes), 3 heart_rate uint8.
        data.extend_from_slice(&[0x40, 0, 0, 20, 0, 2, 253, 8, 0x8F, 3, 1, 0x02]);
        // Data: timestamp 0x7FFF_FFFF_FFFF_FFF0, heart rate 120.
        data.push(0x00);
        data.extend_from_slice(&0x7FFF_FFFF_FFFF_FFF0u64.to_le_bytes());
        data.push(120);
        let mut file = vec![14, 0x10, 0x2D, 0x08];
        file.extend_from_slice(&(data.len() as u32).to_le_bytes());
        file.extend_from_slice(b".FIT");
        let hcrc = crc16(0, &file);
        file.extend_from_slice(&hcrc.to_le_bytes());
        file.extend_from_slice(&data);
        let crc = crc16(0, &file);
        file.extend_from_slice(&crc.to_le_bytes());
        // No panic (without the catch this test panics); the record is skipped, so the file
        // holds nothing.
        let r = parse(&file);
        if let Ok(Parsed::Activities(acts)) = &r {
            for a in acts {
                assert!(
                    a.start.is_none_or(|t| t.timestamp() < 1 << 40),
                    "{:?}",
                    a.start
                );
            }
        }
    }
}
