//! A FIT encoder for activity files: `file_id`, `device_info`, timer `event`s, `record`,
//! `lap`, `session` and `activity` messages, with header and file CRCs, following the FIT
//! protocol (Garmin FIT SDK, "Flexible and Interoperable Data Transfer Protocol", rev 2.x).
//!
//! Fields a sample does not have are written as the base type's invalid value, which
//! decoders treat as absent.

use crate::model::ParsedActivity;

const FIT_EPOCH_UNIX_S: i64 = 631_065_600;
const SEMICIRCLES_PER_DEG: f64 = 2_147_483_648.0 / 180.0;

// Base types.
const ENUM: u8 = 0x00;
const SINT8: u8 = 0x01;
const UINT8: u8 = 0x02;
const UINT16: u8 = 0x84;
const SINT32: u8 = 0x85;
const UINT32: u8 = 0x86;
const UINT32Z: u8 = 0x8C;

// Global message numbers.
const MESG_FILE_ID: u16 = 0;
const MESG_SESSION: u16 = 18;
const MESG_LAP: u16 = 19;
const MESG_RECORD: u16 = 20;
const MESG_EVENT: u16 = 21;
const MESG_ACTIVITY: u16 = 34;

pub use crate::ingest::fit::crc16;

struct Enc {
    data: Vec<u8>,
}

/// A field definition: number, base type; size follows from the type.
type FieldDef = (u8, u8);

fn size_of(base: u8) -> u8 {
    match base {
        ENUM | SINT8 | UINT8 => 1,
        UINT16 => 2,
        _ => 4,
    }
}

/// A value for a field; `None` writes the invalid value.
#[derive(Clone, Copy)]
enum V {
    U(Option<u64>),
    I(Option<i64>),
}

impl Enc {
    fn define(&mut self, local: u8, global: u16, fields: &[FieldDef]) {
        self.data.push(0x40 | local);
        self.data.push(0); // reserved
        self.data.push(0); // little endian
        self.data.extend_from_slice(&global.to_le_bytes());
        self.data.push(fields.len() as u8);
        for &(num, base) in fields {
            self.data.extend_from_slice(&[num, size_of(base), base]);
        }
    }

    fn data(&mut self, local: u8, fields: &[FieldDef], values: &[V]) {
        self.data.push(local);
        for (&(_, base), v) in fields.iter().zip(values) {
            match (base, *v) {
                (ENUM | UINT8, V::U(x)) => {
                    self.data.push(x.map(|x| x.min(254) as u8).unwrap_or(0xFF))
                }
                (SINT8, V::I(x)) => self
                    .data
                    .push(x.map(|x| x.clamp(-127, 126) as i8 as u8).unwrap_or(0x7F)),
                (UINT16, V::U(x)) => self.data.extend_from_slice(
                    &x.map(|x| x.min(0xFFFE) as u16)
                        .unwrap_or(0xFFFF)
                        .to_le_bytes(),
                ),
                (UINT32, V::U(x)) => self.data.extend_from_slice(
                    &x.map(|x| x.min(0xFFFF_FFFE) as u32)
                        .unwrap_or(0xFFFF_FFFF)
                        .to_le_bytes(),
                ),
                (UINT32Z, V::U(x)) => self
                    .data
                    .extend_from_slice(&x.map(|x| x as u32).unwrap_or(0).to_le_bytes()),
                (SINT32, V::I(x)) => self
                    .data
                    .extend_from_slice(&x.map(|x| x as i32).unwrap_or(0x7FFF_FFFF).to_le_bytes()),
                _ => unreachable!("field type and value kind agree by construction"),
            }
        }
    }
}

fn fit_time(ms: i64) -> u64 {
    (ms.div_euclid(1000) - FIT_EPOCH_UNIX_S).max(0) as u64
}

fn scaled(x: Option<f64>, scale: f64, offset: f64) -> V {
    V::U(
        x.filter(|x| x.is_finite())
            .map(|x| ((x + offset) * scale).round().max(0.0) as u64),
    )
}

/// FIT sport enum values for the sports rutscope names.
fn sport_code(a: &ParsedActivity) -> u64 {
    use crate::model::Sport::*;
    match a.sport {
        Generic | Other => 0,
        Running => 1,
        Cycling => 2,
        Swimming => 5,
        Walking => 11,
        Hiking => 17,
        Strength => 10, // FIT `training`
    }
}

/// Encodes an activity as a FIT file. The activity must be timed (`start` and sample
/// times); untimed samples are left out.
pub fn write(a: &ParsedActivity) -> Vec<u8> {
    let mut e = Enc { data: Vec::new() };
    let s = &a.samples;
    let start_ms = a
        .start
        .map(|t| t.timestamp_millis())
        .or_else(|| s.t_ms.iter().flatten().next().copied())
        .unwrap_or(0);
    let end_ms = s.t_ms.iter().flatten().last().copied().unwrap_or(start_ms);

    let file_id: &[FieldDef] = &[
        (0, ENUM),
        (1, UINT16),
        (2, UINT16),
        (3, UINT32Z),
        (4, UINT32),
    ];
    e.define(0, MESG_FILE_ID, file_id);
    e.data(
        0,
        file_id,
        &[
            V::U(Some(4)),
            V::U(Some(255)),
            V::U(Some(0)),
            V::U(a.device.serial.or(Some(1))),
            V::U(Some(fit_time(start_ms))),
        ],
    );

    let event: &[FieldDef] = &[(253, UINT32), (0, ENUM), (1, ENUM)];
    e.define(1, MESG_EVENT, event);
    // Running dynamics (stance time, vertical oscillation, step length) only when the
    // activity has them: the simulator's files stay as they were.
    let dynamics = [
        &s.ground_contact_s,
        &s.vertical_oscillation_m,
        &s.step_length_m,
    ]
    .iter()
    .any(|c| c.iter().any(Option::is_some));
    let mut record: Vec<FieldDef> = vec![
        (253, UINT32),
        (0, SINT32),
        (1, SINT32),
        (78, UINT32),
        (5, UINT32),
        (73, UINT32),
        (3, UINT8),
        (4, UINT8),
        (7, UINT16),
        (13, SINT8),
    ];
    if dynamics {
        record.extend([(41, UINT16), (39, UINT16), (85, UINT16)]);
    }
    let record = &record[..];
    e.define(2, MESG_RECORD, record);

    let timer = |e: &mut Enc, ms: i64, start: bool| {
        e.data(
            1,
            event,
            &[
                V::U(Some(fit_time(ms))),
                V::U(Some(0)),
                V::U(Some(if start { 0 } else { 4 })),
            ],
        );
    };
    timer(&mut e, start_ms, true);
    let mut prev_seg = s.segment.first().copied().unwrap_or(0);
    let mut prev_t = start_ms;
    for i in 0..s.len() {
        let Some(t) = s.t_ms[i] else { continue };
        if s.segment[i] != prev_seg {
            timer(&mut e, prev_t, false);
            timer(&mut e, t, true);
            prev_seg = s.segment[i];
        }
        prev_t = t;
        let semi = |d: Option<f64>| V::I(d.map(|d| (d * SEMICIRCLES_PER_DEG).round() as i64));
        let mut values = vec![
            V::U(Some(fit_time(t))),
            semi(s.lat[i]),
            semi(s.lon[i]),
            scaled(s.elevation_m[i], 5.0, 500.0),
            scaled(s.distance_m[i], 100.0, 0.0),
            scaled(s.speed_m_s[i], 1000.0, 0.0),
            V::U(s.heart_rate_bpm[i].map(|h| h.round() as u64)),
            V::U(s.cadence_rpm[i].map(|c| c.round() as u64)),
            V::U(s.power_w[i].map(|p| p.round() as u64)),
            V::I(s.temperature_c[i].map(|c| c.round() as i64)),
        ];
        if dynamics {
            // The profile's units: stance time in 0.1 ms, the lengths in 0.1 mm.
            let at = |c: &[Option<f64>]| c.get(i).copied().flatten();
            values.extend([
                scaled(at(&s.ground_contact_s), 10_000.0, 0.0),
                scaled(at(&s.vertical_oscillation_m), 10_000.0, 0.0),
                scaled(at(&s.step_length_m), 10_000.0, 0.0),
            ]);
        }
        e.data(2, record, &values);
    }
    timer(&mut e, end_ms, false);

    let lap: &[FieldDef] = &[
        (253, UINT32),
        (2, UINT32),
        (7, UINT32),
        (8, UINT32),
        (9, UINT32),
        (15, UINT8),
        (16, UINT8),
        (25, ENUM),
    ];
    e.define(3, MESG_LAP, lap);
    let laps = if a.laps.is_empty() {
        vec![crate::model::Lap {
            start_ms: Some(start_ms),
            elapsed_time_s: Some((end_ms - start_ms) as f64 / 1000.0),
            timer_time_s: a.totals.timer_time_s,
            distance_m: a.totals.distance_m,
            avg_hr_bpm: a.totals.avg_hr_bpm,
            max_hr_bpm: a.totals.max_hr_bpm,
            ..Default::default()
        }]
    } else {
        a.laps.clone()
    };
    for l in &laps {
        let ls = l.start_ms.unwrap_or(start_ms);
        let le = ls + (l.elapsed_time_s.unwrap_or(0.0) * 1000.0) as i64;
        e.data(
            3,
            lap,
            &[
                V::U(Some(fit_time(le))),
                V::U(Some(fit_time(ls))),
                scaled(l.elapsed_time_s, 1000.0, 0.0),
                scaled(l.timer_time_s, 1000.0, 0.0),
                scaled(l.distance_m, 100.0, 0.0),
                V::U(l.avg_hr_bpm.map(|h| h.round() as u64)),
                V::U(l.max_hr_bpm.map(|h| h.round() as u64)),
                V::U(Some(sport_code(a))),
            ],
        );
    }

    let session: &[FieldDef] = &[
        (253, UINT32),
        (2, UINT32),
        (5, ENUM),
        (6, ENUM),
        (7, UINT32),
        (8, UINT32),
        (9, UINT32),
        (16, UINT8),
        (17, UINT8),
        (22, UINT16),
        (26, UINT16),
    ];
    e.define(4, MESG_SESSION, session);
    let t = &a.totals;
    e.data(
        4,
        session,
        &[
            V::U(Some(fit_time(end_ms))),
            V::U(Some(fit_time(start_ms))),
            V::U(Some(sport_code(a))),
            V::U(Some(0)),
            scaled(
                t.elapsed_time_s
                    .or(Some((end_ms - start_ms) as f64 / 1000.0)),
                1000.0,
                0.0,
            ),
            scaled(t.timer_time_s, 1000.0, 0.0),
            scaled(t.distance_m, 100.0, 0.0),
            V::U(t.avg_hr_bpm.map(|h| h.round() as u64)),
            V::U(t.max_hr_bpm.map(|h| h.round() as u64)),
            V::U(t.ascent_m.map(|x| x.round() as u64)),
            V::U(Some(laps.len() as u64)),
        ],
    );

    let activity: &[FieldDef] = &[
        (253, UINT32),
        (0, UINT32),
        (1, UINT16),
        (2, ENUM),
        (3, ENUM),
        (4, ENUM),
        (5, UINT32),
    ];
    e.define(5, MESG_ACTIVITY, activity);
    let local = a
        .utc_offset_s
        .map(|o| fit_time(end_ms) as i64 + o as i64)
        .map(|v| v.max(0) as u64);
    e.data(
        5,
        activity,
        &[
            V::U(Some(fit_time(end_ms))),
            scaled(t.timer_time_s, 1000.0, 0.0),
            V::U(Some(1)),
            V::U(Some(0)),
            V::U(Some(26)),
            V::U(Some(1)),
            V::U(local.or(Some(fit_time(end_ms)))),
        ],
    );

    let mut out = Vec::with_capacity(e.data.len() + 16);
    out.push(14);
    out.push(0x20); // protocol 2.0
    out.extend_from_slice(&2132u16.to_le_bytes()); // profile 21.32
    out.extend_from_slice(&(e.data.len() as u32).to_le_bytes());
    out.extend_from_slice(b".FIT");
    let hcrc = crc16(0, &out);
    out.extend_from_slice(&hcrc.to_le_bytes());
    out.extend_from_slice(&e.data);
    let crc = crc16(0, &out);
    out.extend_from_slice(&crc.to_le_bytes());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc_of_known_header() {
        // A 14-byte header's CRC makes the CRC over header+crc zero.
        let mut h = vec![14u8, 0x20, 0x54, 0x08, 0, 0, 0, 0, b'.', b'F', b'I', b'T'];
        let c = crc16(0, &h);
        h.extend_from_slice(&c.to_le_bytes());
        assert_eq!(crc16(0, &h), 0);
    }
}
