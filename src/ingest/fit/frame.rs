//! The FIT byte stream, framed without `fitparser`: headers, definitions, data messages,
//! compressed timestamps, chained parts and CRCs.
//!
//! `record` messages (one per second of an activity: 99 % of a file's messages) go straight
//! from their bytes into sample columns ([`Records`]) through a plan computed once per
//! definition: no value enum, no field name, no map, no allocation per message. The other
//! messages the reader takes (file id, sport, sessions, laps, events, device info, activity,
//! monitoring) are read from their bytes by field number ([`super::fields::Bytes`]) into a
//! [`super::Message`] each; every other message is framed and skipped. `fitparser`
//! decoding the whole file ([`super::parse_with_fitparser`]) stays as the reference the
//! tests compare with.
//!
//! A record's developer fields are read only for power and Stryd's running dynamics (see
//! [`super::developer_channel`]): the framer reads each part's `field_description` messages
//! and a record whose native field is absent takes the developer's, scaled as its
//! description says, as the `fitparser` path does.
//!
//! Deviations from `fitparser`, all on the lenient side: a record's developer fields are skipped
//! by their declared size (fitparser stops the file when their description is missing), and a
//! header data size of 0 (a file whose writer never finished it) reads messages to the end of
//! the file. A record carrying both `altitude` and `enhanced_altitude` (or `speed` and
//! `enhanced_speed`) takes the 32-bit field the device wrote; fitparser gives both under one
//! name in hash-map order. A record's `compressed_speed_distance` (old Garmin speed sensors)
//! gives its distance as the FIT SDK accumulates it, the difference of its 12 bits to the
//! last record's, modulo 4,096; `fitparser` 0.11 adds up the 12-bit values themselves, which
//! made one corpus file's run of 10.2 km 93.7 km long in its samples.

use super::records::Records;
use crate::model::SampleRow;

/// Degrees per FIT semicircle (2^31 semicircles = 180°).
pub(super) const DEG_PER_SEMICIRCLE: f64 = 180.0 / 2_147_483_648.0;
/// Why framing stops at a file cut inside a message.
const CUT: &str = "file ends in the middle of a message";
/// Global message number of `record`.
const MESG_RECORD: u16 = 20;
/// Global message number of `field_description` (describes a developer field).
const MESG_FIELD_DESCRIPTION: u16 = 206;
/// The messages besides `record` that the reader takes ([`super::message`]), by global
/// number: file_id, sport, session, lap, event, device_info, activity, monitoring and
/// monitoring_info. Every other message is framed and skipped: in the corpus's, the Garmin
/// export's and Quitino's FIT files (550 files, 848k messages) 30 % of all messages, four
/// fifths of those that are not records, are ones nothing reads (Garmin's undocumented 233
/// and 534, `hrv`, `gps_metadata`, ...).
const MESG_READ: [u16; 9] = [0, 12, 18, 19, 21, 23, 34, 55, 103];
/// Field number of `timestamp` in every message.
const FIELD_TIMESTAMP: u8 = 253;
/// `record.compressed_speed_distance`: 12 bits of speed (cm/s) and 12 bits of distance
/// (1/16 m) that accumulate across records.
const FIELD_COMPRESSED_SPEED_DISTANCE: u8 = 8;

/// The FIT CRC-16 (CRC-16/ARC: reflected polynomial 0xA001, the SDK's `FitCRC_Get16`), over
/// `bytes`, continuing from `crc`. The SDK walks a 16-entry table a nibble at a time, two
/// dependent lookups a byte: that was 85 % of the framer's time. Here eight bytes are folded
/// at once with eight 256-entry tables ("slicing-by-8"); the result is the same (tested
/// against the nibble form).
pub fn crc16(mut crc: u16, bytes: &[u8]) -> u16 {
    let t = &CRC_TABLES;
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        let lo = crc ^ u16::from_le_bytes([c[0], c[1]]);
        crc = t[7][(lo & 0xFF) as usize]
            ^ t[6][(lo >> 8) as usize]
            ^ t[5][c[2] as usize]
            ^ t[4][c[3] as usize]
            ^ t[3][c[4] as usize]
            ^ t[2][c[5] as usize]
            ^ t[1][c[6] as usize]
            ^ t[0][c[7] as usize];
    }
    for &b in chunks.remainder() {
        crc = (crc >> 8) ^ t[0][((crc ^ u16::from(b)) & 0xFF) as usize];
    }
    crc
}

/// `CRC_TABLES[0][b]`: the CRC of byte `b`; `CRC_TABLES[k][b]`: of `b` followed by `k` zero
/// bytes.
const CRC_TABLES: [[u16; 256]; 8] = {
    let mut t = [[0u16; 256]; 8];
    let mut b = 0;
    while b < 256 {
        let mut c = b as u16;
        let mut k = 0;
        while k < 8 {
            c = if c & 1 != 0 {
                (c >> 1) ^ 0xA001
            } else {
                c >> 1
            };
            k += 1;
        }
        t[0][b] = c;
        b += 1;
    }
    let mut k = 1;
    while k < 8 {
        let mut b = 0;
        while b < 256 {
            let prev = t[k - 1][b];
            t[k][b] = (prev >> 8) ^ t[0][(prev & 0xFF) as usize];
            b += 1;
        }
        k += 1;
    }
    t
};

/// Where one field of a definition sits in its data message and how to read it.
#[derive(Debug, Clone, Copy)]
struct Slot {
    offset: u16,
    base: u8,
}

/// How a `record` definition's fields map to sample columns (field numbers from the FIT
/// profile; scales and offsets applied in [`Plan::row`]).
#[derive(Debug, Default, Clone)]
struct Plan {
    lat: Option<Slot>,
    lon: Option<Slot>,
    altitude: Option<Slot>,
    enhanced_altitude: Option<Slot>,
    heart_rate: Option<Slot>,
    cadence: Option<Slot>,
    fractional_cadence: Option<Slot>,
    distance: Option<Slot>,
    speed: Option<Slot>,
    enhanced_speed: Option<Slot>,
    power: Option<Slot>,
    temperature: Option<Slot>,
    vertical_oscillation: Option<Slot>,
    stance_time: Option<Slot>,
    step_length: Option<Slot>,
    /// Offset of a 3-byte `compressed_speed_distance`.
    compressed_speed_distance: Option<u16>,
    /// The record's developer fields: (developer data index, field number, offset in the
    /// message, size).
    developer: Vec<(u8, u8, u16, u8)>,
}

/// A developer field described as a channel a sample column takes
/// ([`super::developer_channel`]: power, Stryd's running dynamics): how to read it.
#[derive(Debug, Clone, Copy, PartialEq)]
struct DeveloperField {
    /// Developer data index and field number.
    key: (u8, u8),
    /// What it carries, and the factor to the native field's unit.
    channel: super::DeveloperChannel,
    factor: f64,
    /// FIT base type of its values.
    base: u8,
    /// The description's scale and offset (value = raw / scale − offset).
    scale: f64,
    offset: f64,
}

/// Notes what a `field_description` message (`data`, laid out by `fields`: number, size,
/// base type) says in `channels`: a description of a channel (power, running dynamics)
/// adds (or replaces) its field, any other description of the same field removes it.
fn note_description(
    channels: &mut Vec<DeveloperField>,
    fields: &[(u8, u8, u8)],
    data: &[u8],
    big: bool,
) {
    let (mut index, mut number, mut base) = (None, None, None);
    let (mut name, mut units) = (String::new(), String::new());
    // fitparser's defaults when the description has no scale or offset, or their invalid
    // value (fitparser drops invalid fields; Stryd writes scale 0xFF).
    let (mut scale, mut offset) = (1.0, 0.0);
    let mut at = 0usize;
    for &(num, size, ty) in fields {
        let size = size as usize;
        let Some(bytes) = data.get(at..at + size) else {
            return;
        };
        let slot = Slot {
            offset: at as u16,
            base: ty,
        };
        let string = || {
            let end = bytes.iter().position(|&b| b == 0).unwrap_or(bytes.len());
            String::from_utf8_lossy(&bytes[..end]).into_owned()
        };
        let one = size == base_size(ty) && at <= u16::MAX as usize;
        match num {
            0 if one => index = read(data, slot, big),
            1 if one => number = read(data, slot, big),
            2 if one => base = read(data, slot, big),
            3 => name = string(),
            6 if one => scale = read(data, slot, big).unwrap_or(scale),
            7 if one => offset = read(data, slot, big).unwrap_or(offset),
            8 => units = string(),
            _ => {}
        }
        at += size;
    }
    let (Some(index), Some(number)) = (index, number) else {
        return;
    };
    let key = (index as u8, number as u8);
    channels.retain(|p| p.key != key);
    if let Some(base) = base
        && let Some((channel, factor)) = super::developer_channel(&name, &units)
    {
        channels.push(DeveloperField {
            key,
            channel,
            factor,
            base: base as u8,
            scale,
            offset,
        });
    }
}

/// One definition message, as in force for its local message type.
#[derive(Debug)]
struct Definition {
    big_endian: bool,
    /// Bytes of the data message after its header: fields, then developer fields.
    size: usize,
    /// The 4-byte `timestamp` field, when there is one.
    timestamp: Option<Slot>,
    /// The regular fields: (field number, size, base type), in order.
    fields: Vec<(u8, u8, u8)>,
    /// How a `record` is read into a sample; `None` for any other message.
    plan: Option<Plan>,
    /// Global message number.
    global: u16,
}

/// What the framer produced.
#[derive(Debug, Default)]
pub(super) struct Framed {
    /// What the reader takes from the messages besides `record`, with their chained part.
    pub decoded: Vec<(usize, super::Message)>,
    /// Samples of the fast path (no segment or time yet).
    pub records: Records,
    pub warnings: Vec<String>,
    /// Data messages framed (all kinds), for messages in warnings.
    pub messages: usize,
}

/// Why framing stopped before the end of the file.
pub(super) struct Stop {
    pub offset: usize,
    pub part: usize,
    pub message: String,
}

/// Reads an unsigned/signed integer or float of FIT base type `base` (low 5 bits of the type
/// byte); `None` for the type's invalid value, non-numeric types and non-finite floats.
#[inline]
fn read(data: &[u8], slot: Slot, big: bool) -> Option<f64> {
    let o = slot.offset as usize;
    // A value of type $t in $n bytes, kept when $valid says so.
    macro_rules! value {
        ($t:ty, $n:expr, $valid:expr) => {{
            let b: [u8; $n] = data.get(o..o + $n)?.try_into().ok()?;
            let v = if big {
                <$t>::from_be_bytes(b)
            } else {
                <$t>::from_le_bytes(b)
            };
            $valid(v).then_some(v as f64)
        }};
    }
    // An integer whose all-ones (or, for the `z` types, zero) pattern means "invalid".
    macro_rules! int {
        ($t:ty, $n:expr, $invalid:expr) => {
            value!($t, $n, |v: $t| v != $invalid)
        };
    }
    match slot.base & 0x1F {
        0x00 | 0x02 => int!(u8, 1, u8::MAX),
        0x01 => int!(i8, 1, i8::MAX),
        0x03 => int!(i16, 2, i16::MAX),
        0x04 => int!(u16, 2, u16::MAX),
        0x05 => int!(i32, 4, i32::MAX),
        0x06 => int!(u32, 4, u32::MAX),
        0x08 => value!(f32, 4, f32::is_finite),
        0x09 => value!(f64, 8, f64::is_finite),
        0x0A => int!(u8, 1, 0),
        0x0B => int!(u16, 2, 0),
        0x0C => int!(u32, 4, 0),
        0x0D => int!(u8, 1, u8::MAX),
        0x0E => int!(i64, 8, i64::MAX),
        0x0F => int!(u64, 8, u64::MAX),
        0x10 => int!(u64, 8, 0),
        _ => None,
    }
}

/// Size in bytes of one value of a FIT base type (low 5 bits); strings and unknown types 1.
fn base_size(base: u8) -> usize {
    match base & 0x1F {
        0x03 | 0x04 | 0x0B => 2,
        0x05 | 0x06 | 0x08 | 0x0C => 4,
        0x09 | 0x0E | 0x0F | 0x10 => 8,
        _ => 1,
    }
}

impl Plan {
    /// The plan for a `record` definition.
    fn of(fields: &[(u8, u8, u8)]) -> Plan {
        let mut p = Plan::default();
        let mut offset = 0usize;
        for &(num, size, base) in fields {
            if num == FIELD_COMPRESSED_SPEED_DISTANCE && size == 3 && offset <= u16::MAX as usize {
                p.compressed_speed_distance = Some(offset as u16);
            }
            // Arrays and strings carry nothing a sample column reads (fitparser gives them no
            // number either).
            let numeric = !matches!(base & 0x1F, 0x07) && base & 0x1F <= 0x10;
            if numeric && size as usize == base_size(base) && offset <= u16::MAX as usize {
                let slot = Some(Slot {
                    offset: offset as u16,
                    base,
                });
                match num {
                    0 => p.lat = slot,
                    1 => p.lon = slot,
                    2 => p.altitude = slot,
                    3 => p.heart_rate = slot,
                    4 => p.cadence = slot,
                    5 => p.distance = slot,
                    6 => p.speed = slot,
                    7 => p.power = slot,
                    13 => p.temperature = slot,
                    39 => p.vertical_oscillation = slot,
                    41 => p.stance_time = slot,
                    85 => p.step_length = slot,
                    53 => p.fractional_cadence = slot,
                    73 => p.enhanced_speed = slot,
                    78 => p.enhanced_altitude = slot,
                    _ => {}
                }
            }
            offset += size as usize;
        }
        p
    }

    /// The record's developer value of `channel`, if one of its developer fields is
    /// described as that channel in `channels` (the largest when several are, as the
    /// `fitparser` path takes), scaled and offset as `fitparser` does (only when the scale is
    /// not 1 or the offset not 0), in the native field's unit.
    fn developer(
        &self,
        data: &[u8],
        big: bool,
        channels: &[DeveloperField],
        channel: super::DeveloperChannel,
    ) -> Option<f64> {
        if channels.is_empty() {
            return None;
        }
        self.developer
            .iter()
            .filter_map(|&(index, number, offset, size)| {
                let p = channels
                    .iter()
                    .find(|p| p.key == (index, number) && p.channel == channel)?;
                if size as usize != base_size(p.base) {
                    return None;
                }
                let v = read(
                    data,
                    Slot {
                        offset,
                        base: p.base,
                    },
                    big,
                )?;
                let scaled = (p.scale - 1.0).abs() > f64::EPSILON || p.offset.abs() > f64::EPSILON;
                let v = if scaled { v / p.scale - p.offset } else { v };
                // A scale of 0 gives no number (as fitparser's infinite value gives none).
                v.is_finite().then_some(v * p.factor)
            })
            .reduce(f64::max)
    }

    /// One sample from a record's bytes, with the FIT profile's scales and offsets; where a
    /// native field is absent, the developer field the part describes as its channel in
    /// `channels` (power, Stryd's running dynamics), as the `fitparser` path reads them.
    #[inline]
    fn row(&self, data: &[u8], big: bool, channels: &[DeveloperField]) -> SampleRow {
        use super::DeveloperChannel as C;
        let get = |s: Option<Slot>| s.and_then(|s| read(data, s, big));
        // (Most files describe no developer channel: no call then.)
        let dev = |c| {
            if channels.is_empty() {
                None
            } else {
                self.developer(data, big, channels, c)
            }
        };
        let (lat, lon) = match (get(self.lat), get(self.lon)) {
            (Some(a), Some(b)) => {
                let (a, b) = (a * DEG_PER_SEMICIRCLE, b * DEG_PER_SEMICIRCLE);
                if a.abs() <= 90.0 && b.abs() <= 180.0 {
                    (Some(a), Some(b))
                } else {
                    (None, None)
                }
            }
            _ => (None, None),
        };
        SampleRow {
            t_ms: None,
            segment: 0,
            lat,
            lon,
            elevation_m: get(self.enhanced_altitude)
                .or_else(|| get(self.altitude))
                .map(|a| a / 5.0 - 500.0),
            distance_m: get(self.distance).map(|d| d / 100.0),
            speed_m_s: get(self.enhanced_speed)
                .or_else(|| get(self.speed))
                .map(|v| v / 1000.0),
            heart_rate_bpm: get(self.heart_rate).filter(|&h| h > 0.0),
            cadence_rpm: get(self.cadence)
                .map(|c| c + get(self.fractional_cadence).map_or(0.0, |f| f / 128.0)),
            power_w: get(self.power).or_else(|| dev(C::Power)),
            temperature_c: get(self.temperature),
            ..super::running_dynamics(
                [
                    get(self.stance_time).map(|x| x / 10.0),
                    get(self.vertical_oscillation).map(|x| x / 10.0),
                    get(self.step_length).map(|x| x / 10.0),
                ],
                [dev(C::GroundContact), dev(C::VerticalOscillation)],
            )
        }
    }
}

/// A record's `compressed_speed_distance` (3 bytes): its speed (m/s) and the distance
/// accumulated so far (m), the FIT SDK's accumulation of the 12 bits of distance (the
/// difference to the last record's, modulo 4,096) kept in `state` (last bits, total);
/// `None` when the field is invalid (every byte 0xFF).
fn compressed_speed_distance(state: &mut (u32, u64), b: &[u8]) -> Option<(f64, f64)> {
    if b.iter().all(|&x| x == 0xFF) {
        return None;
    }
    let v = u32::from_le_bytes([b[0], b[1], b[2], 0]);
    let (speed, distance) = (v & 0xFFF, v >> 12);
    let (last, total) = state;
    *total += u64::from(distance.wrapping_sub(*last) & 0xFFF);
    *last = distance;
    Some((f64::from(speed) / 100.0, *total as f64 / 16.0))
}

/// Frames `bytes`: records into rows, the other messages the reader takes into
/// [`super::Message`]s. Returns what was framed and, when framing stopped early, where and why.
pub(super) fn frame(bytes: &[u8]) -> (Framed, Option<Stop>) {
    let (mut out, stop) = frame_parts(bytes);
    // The records' columns were reserved ahead, at the density of the records read before
    // (see `frame_parts`); shrinking gives back what the last estimate left unused, in
    // place, without a copy.
    out.records.shrink_to_fit();
    (out, stop)
}

fn frame_parts(bytes: &[u8]) -> (Framed, Option<Stop>) {
    let mut out = Framed::default();
    let mut pos = 0usize;
    let mut part = 0usize;
    while pos < bytes.len() {
        let stop = |offset, message: String| Stop {
            offset,
            part,
            message,
        };
        // Header.
        let h = &bytes[pos..];
        if h.len() < 12 || &h[8..12] != b".FIT" || h[0] < 12 {
            let what = if h.len() < 12 {
                format!("{} stray bytes where a FIT header should start", h.len())
            } else {
                "no FIT header where one should start".to_string()
            };
            return (out, Some(stop(pos, what)));
        }
        let header_size = h[0] as usize;
        if h.len() < header_size {
            return (out, Some(stop(pos, "file ends inside a FIT header".into())));
        }
        let data_size = u32::from_le_bytes([h[4], h[5], h[6], h[7]]) as usize;
        let mut crc = 0u16;
        if header_size >= 14 && u16::from_le_bytes([h[12], h[13]]) != 0 {
            let read = u16::from_le_bytes([h[12], h[13]]);
            let computed = crc16(0, &h[..header_size - 2]);
            if read != computed {
                out.warnings.push(format!(
                    "header CRC mismatch in FIT part {part} at byte {pos} \
                     (file says {read:#06x}, content gives {computed:#06x}); data kept"
                ));
            }
        } else {
            crc = crc16(0, &h[..header_size]);
        }
        let start = pos + header_size;
        let declared_end = start.saturating_add(data_size);
        let end = if data_size == 0 {
            bytes.len().saturating_sub(2).max(start)
        } else {
            declared_end.min(bytes.len())
        };

        // Messages.
        let mut defs: [Option<Definition>; 16] = Default::default();
        // Developer fields described as a sample channel in this part (fitparser forgets
        // descriptions at each part's end too).
        let mut channels: Vec<DeveloperField> = Vec::new();
        // `compressed_speed_distance`: the last record's 12 bits of distance and the
        // distance accumulated from them (1/16 m), as the FIT SDK's accumulator keeps them
        // for a file.
        let mut compressed_distance = (0u32, 0u64);
        let mut base_ts: Option<u32> = None;
        let mut p = start;
        let rows_before = out.records.len();
        let mut stopped: Option<Stop> = None;
        while p < end {
            let at = p;
            let header = bytes[p];
            p += 1;
            if header & 0x80 == 0 && header & 0x40 != 0 {
                // Definition message.
                let local = (header & 0x0F) as usize;
                let dev = header & 0x20 != 0;
                let Some(fixed) = bytes.get(p..p + 5) else {
                    stopped = Some(stop(at, CUT.into()));
                    break;
                };
                let big = fixed[1] == 1;
                let global = if big {
                    u16::from_be_bytes([fixed[2], fixed[3]])
                } else {
                    u16::from_le_bytes([fixed[2], fixed[3]])
                };
                let n = fixed[4] as usize;
                let Some(field_bytes) = bytes.get(p + 5..p + 5 + 3 * n) else {
                    stopped = Some(stop(at, CUT.into()));
                    break;
                };
                let fields: Vec<(u8, u8, u8)> = field_bytes
                    .chunks_exact(3)
                    .map(|c| (c[0], c[1], c[2]))
                    .collect();
                let raw_fields_end = 5 + 3 * n;
                let mut raw_end = p + raw_fields_end;
                let mut dev_size = 0usize;
                let fields_size: usize = fields.iter().map(|f| f.1 as usize).sum();
                let mut developer = Vec::new();
                if dev {
                    let Some(&nd) = bytes.get(raw_end) else {
                        stopped = Some(stop(at, CUT.into()));
                        break;
                    };
                    let Some(d) = bytes.get(raw_end + 1..raw_end + 1 + 3 * nd as usize) else {
                        stopped = Some(stop(at, CUT.into()));
                        break;
                    };
                    for c in d.chunks_exact(3) {
                        // (field number, size, developer data index)
                        let at = fields_size + dev_size;
                        if at <= u16::MAX as usize {
                            developer.push((c[2], c[0], at as u16, c[1]));
                        }
                        dev_size += c[1] as usize;
                    }
                    raw_end += 1 + 3 * nd as usize;
                }
                let mut timestamp = None;
                let mut off = 0usize;
                for &(num, size, base) in &fields {
                    if num == FIELD_TIMESTAMP && size == 4 && matches!(base & 0x1F, 0x06 | 0x0C) {
                        timestamp = Some(Slot {
                            offset: off as u16,
                            base,
                        });
                    }
                    off += size as usize;
                }
                defs[local] = Some(Definition {
                    big_endian: big,
                    size: fields_size + dev_size,
                    timestamp,
                    plan: (global == MESG_RECORD).then(|| Plan {
                        developer,
                        ..Plan::of(&fields)
                    }),
                    fields,
                    global,
                });
                p = raw_end;
                continue;
            }
            // Data message, normal or compressed-timestamp header.
            let (local, offset) = if header & 0x80 != 0 {
                (
                    ((header >> 5) & 0x03) as usize,
                    Some(u32::from(header & 0x1F)),
                )
            } else {
                ((header & 0x0F) as usize, None)
            };
            let Some(def) = &defs[local] else {
                stopped = Some(stop(
                    at,
                    format!("message uses local type {local}, which was never defined"),
                ));
                break;
            };
            let Some(data) = bytes.get(p..p + def.size) else {
                stopped = Some(stop(at, CUT.into()));
                break;
            };
            p += def.size;
            out.messages += 1;
            // The timestamp in force (FIT profile: compressed headers add a 5-bit offset to the
            // last full timestamp, rolling over every 32 s).
            let explicit = def
                .timestamp
                .and_then(|slot| read(data, slot, def.big_endian))
                .map(|v| v as u32);
            let ts = match (explicit, offset) {
                (Some(v), _) => {
                    base_ts = Some(v);
                    Some(v)
                }
                (None, Some(off)) => {
                    let base = base_ts.unwrap_or(0);
                    let mut v = (base & !0x1F).wrapping_add(off);
                    if off < base & 0x1F {
                        v = v.wrapping_add(32);
                    }
                    base_ts = Some(v);
                    Some(v)
                }
                (None, None) => None,
            };
            match &def.plan {
                Some(plan) => {
                    let compressed = plan.compressed_speed_distance.and_then(|at| {
                        let at = at as usize;
                        compressed_speed_distance(&mut compressed_distance, &data[at..at + 3])
                    });
                    if let Some(t) = ts {
                        if out.records.len() == out.records.capacity() {
                            // Room for the records the rest of the part holds, at the
                            // density of those read so far (at first, for up to 1,024):
                            // a few allocations a column instead of a series of
                            // doublings, whose copies were a tenth of a simulated year's
                            // import. Records are a quarter of a Coros file's bytes and
                            // nearly all of a Garmin's.
                            // (A message may end past the part's declared end.)
                            let rest = end.saturating_sub(p) as u64;
                            let rows = (out.records.len() - rows_before) as u64;
                            let more = if rows == 0 {
                                (rest / (def.size as u64 + 1) + 1).min(1024)
                            } else {
                                rest * rows / (p - start) as u64 * 21 / 20 + 64
                            };
                            // At most four times the records read (a hostile file can
                            // put a few tiny records before megabytes of other messages),
                            // so the room stays within a factor of the records there are,
                            // as with doubling.
                            let more = usize::try_from(more)
                                .unwrap_or(0)
                                .min(out.records.len().max(1024) * 4);
                            out.records.reserve(more);
                        }
                        let mut row = plan.row(data, def.big_endian, &channels);
                        if let Some((speed, distance)) = compressed {
                            row.speed_m_s = row.speed_m_s.or(Some(speed));
                            row.distance_m = row.distance_m.or(Some(distance));
                        }
                        out.records.push(i64::from(t), part, row);
                    }
                }
                None => {
                    if def.global == MESG_FIELD_DESCRIPTION {
                        note_description(&mut channels, &def.fields, data, def.big_endian);
                    } else if MESG_READ.contains(&def.global) {
                        let fields = super::fields::Bytes {
                            layout: &def.fields,
                            data,
                            big: def.big_endian,
                            compressed_timestamp: offset.and(ts),
                        };
                        if let Some(m) = super::message(def.global, &fields) {
                            out.decoded.push((part, m));
                        }
                    }
                }
            }
        }
        if stopped.is_some() {
            return (out, stopped);
        }
        crc = crc16(crc, &bytes[start..p.min(bytes.len())]);
        if data_size != 0 && declared_end > bytes.len() {
            return (out, Some(stop(bytes.len(), CUT.into())));
        }

        // CRC of the part.
        match bytes.get(p..p + 2) {
            Some(c) => {
                let read = u16::from_le_bytes([c[0], c[1]]);
                if read != crc {
                    out.warnings.push(format!(
                        "data CRC mismatch in FIT part {part} at byte {p} \
                         (file says {read:#06x}, content gives {crc:#06x}); data kept"
                    ));
                }
                pos = p + 2;
            }
            None => {
                out.warnings.push(format!(
                    "FIT part {part} has no CRC at its end (file cut after its last message)"
                ));
                pos = bytes.len();
            }
        }
        part += 1;
    }
    (out, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_values_are_none_and_endianness_is_honoured() {
        let s = |offset, base| Slot { offset, base };
        assert_eq!(read(&[0xFF], s(0, 0x02), false), None);
        assert_eq!(read(&[0x7F], s(0, 0x01), false), None);
        assert_eq!(read(&[0x80], s(0, 0x01), false), Some(-128.0));
        assert_eq!(read(&[0x01, 0x02], s(0, 0x84), false), Some(513.0));
        assert_eq!(read(&[0x01, 0x02], s(0, 0x84), true), Some(258.0));
        assert_eq!(read(&[0, 0, 0, 0], s(0, 0x8C), false), None);
        assert_eq!(read(&[0xFF; 4], s(0, 0x88), false), None);
        assert_eq!(read(&[0xFF; 4], s(0, 0x86), false), None);
        // Out of the message's bytes: nothing, not a panic.
        assert_eq!(read(&[0x01], s(0, 0x86), false), None);
    }

    /// A FIT part around `messages` (a 14-byte header and both CRCs).
    fn fit_part(messages: &[u8]) -> Vec<u8> {
        let mut b = vec![14, 0x20, 0x5C, 0x08];
        b.extend_from_slice(&(messages.len() as u32).to_le_bytes());
        b.extend_from_slice(b".FIT");
        let h = crc16(0, &b);
        b.extend_from_slice(&h.to_le_bytes());
        b.extend_from_slice(messages);
        let c = crc16(0, &b[14..]);
        b.extend_from_slice(&c.to_le_bytes());
        b
    }

    /// A little-endian definition message: local type, global number, fields and developer
    /// fields as (number, size, base type / developer data index).
    fn definition(
        local: u8,
        global: u16,
        fields: &[(u8, u8, u8)],
        dev: &[(u8, u8, u8)],
    ) -> Vec<u8> {
        let mut m = vec![0x40 | local | if dev.is_empty() { 0 } else { 0x20 }, 0, 0];
        m.extend_from_slice(&global.to_le_bytes());
        m.push(fields.len() as u8);
        fields
            .iter()
            .for_each(|f| m.extend_from_slice(&[f.0, f.1, f.2]));
        if !dev.is_empty() {
            m.push(dev.len() as u8);
            dev.iter()
                .for_each(|f| m.extend_from_slice(&[f.0, f.1, f.2]));
        }
        m
    }

    /// The definition (local type 1) of the `field_description` messages [`description`]
    /// writes: index, number, base type, name, units, scale.
    fn description_definition() -> Vec<u8> {
        definition(
            1,
            MESG_FIELD_DESCRIPTION,
            &[
                (0, 1, 0x02),
                (1, 1, 0x02),
                (2, 1, 0x02),
                (3, 24, 0x07),
                (8, 24, 0x07),
                (6, 1, 0x02),
            ],
            &[],
        )
    }

    /// A `field_description` data message (local type 1) for developer field `number`.
    fn description(number: u8, name: &str, units: &str, scale: u8) -> Vec<u8> {
        let text = |s: &str| {
            let mut t = s.as_bytes().to_vec();
            t.resize(24, 0);
            t
        };
        let mut m = vec![1, 0, number, 0x84];
        m.extend(text(name));
        m.extend(text(units));
        m.push(scale);
        m
    }

    #[test]
    fn developer_power_fills_a_missing_native_power() {
        let mut msgs = description_definition();
        // Stryd's power (no scale: 0xFF), its form power (watts, but not power), and a power
        // another app writes in half watts.
        msgs.extend(description(0, "Power", "Watts", 0xFF));
        msgs.extend(description(1, "Form Power", "Watts", 0xFF));
        msgs.extend(description(2, "POWER", " w ", 2));
        // Records: timestamp, native power; developer fields 0 and 1 (2 bytes each).
        msgs.extend(definition(
            2,
            MESG_RECORD,
            &[(FIELD_TIMESTAMP, 4, 0x86), (7, 2, 0x84)],
            &[(0, 2, 0), (1, 2, 0)],
        ));
        let record = |t: u32, native: u16, power: u16, form: u16| {
            let mut m = vec![2];
            m.extend_from_slice(&t.to_le_bytes());
            for v in [native, power, form] {
                m.extend_from_slice(&v.to_le_bytes());
            }
            m
        };
        msgs.extend(record(1000, 0xFFFF, 250, 60)); // native invalid: the developer's
        msgs.extend(record(1001, 300, 250, 60)); // native kept
        msgs.extend(record(1002, 0xFFFF, 0xFFFF, 60)); // neither: none (form power is not)
        // A record with only the half-watt field.
        msgs.extend(definition(
            3,
            MESG_RECORD,
            &[(FIELD_TIMESTAMP, 4, 0x86)],
            &[(2, 2, 0)],
        ));
        msgs.extend([3, 0xEB, 0x03, 0, 0, 0xF4, 0x01]); // t = 1003, 500 half watts
        let (framed, stop) = frame(&fit_part(&msgs));
        assert!(
            stop.is_none() && framed.warnings.is_empty(),
            "{:?}",
            framed.warnings
        );
        assert_eq!(framed.records.t, vec![1000, 1001, 1002, 1003]);
        assert_eq!(
            framed.records.samples.power_w,
            vec![Some(250.0), Some(300.0), None, Some(250.0)]
        );
        // A description redefining field 0 as something else stops its mapping.
        let mut again = msgs.clone();
        again.extend(description(0, "Power", "%", 0xFF));
        again.extend(record(1004, 0xFFFF, 250, 60));
        let (framed, _) = frame(&fit_part(&again));
        assert_eq!(framed.records.samples.power_w[4], None);
    }

    /// Stryd's running dynamics (developer fields `Ground Time` in milliseconds, `Vertical
    /// Oscillation` in centimetres) fill the sample columns where the native fields give
    /// no reading; a native reading wins.
    #[test]
    fn developer_running_dynamics_fill_missing_native_ones() {
        let mut msgs = description_definition();
        msgs.extend(description(3, "Ground Time", "Milliseconds", 0xFF));
        msgs.extend(description(4, "Vertical Oscillation", "Centimeters", 10));
        // Records: timestamp, native stance time (0.1 ms); developer fields 3 and 4.
        msgs.extend(definition(
            2,
            MESG_RECORD,
            &[(FIELD_TIMESTAMP, 4, 0x86), (41, 2, 0x84)],
            &[(3, 2, 0), (4, 2, 0)],
        ));
        let record = |t: u32, native: u16, ground: u16, vo: u16| {
            let mut m = vec![2];
            m.extend_from_slice(&t.to_le_bytes());
            for v in [native, ground, vo] {
                m.extend_from_slice(&v.to_le_bytes());
            }
            m
        };
        msgs.extend(record(1000, 0xFFFF, 250, 85)); // the developer's: 250 ms, 8.5 cm
        msgs.extend(record(1001, 2600, 250, 85)); // the native 260 ms kept
        msgs.extend(record(1002, 0xFFFF, 0, 0)); // zeros: standing, no reading
        let (framed, stop) = frame(&fit_part(&msgs));
        assert!(stop.is_none() && framed.warnings.is_empty());
        let s = &framed.records.samples;
        assert_eq!(s.ground_contact_s, vec![Some(0.25), Some(0.26), None]);
        assert_eq!(
            s.vertical_oscillation_m,
            vec![Some(0.085), Some(0.085), None]
        );
        assert_eq!(s.power_w, vec![None, None, None]);
    }

    #[test]
    fn crc_of_the_sdk_check_string() {
        // CRC-16/ARC of "123456789" (the FIT CRC is that polynomial).
        assert_eq!(crc16(0, b"123456789"), 0xBB3D);
    }

    /// The SDK's nibble-table CRC, byte by byte: the reference the table form must match.
    fn crc16_sdk(mut crc: u16, bytes: &[u8]) -> u16 {
        const T: [u16; 16] = [
            0x0000, 0xCC01, 0xD801, 0x1400, 0xF001, 0x3C00, 0x2800, 0xE401, 0xA001, 0x6C00, 0x7800,
            0xB401, 0x5000, 0x9C01, 0x8801, 0x4400,
        ];
        for &b in bytes {
            let tmp = T[(crc & 0xF) as usize];
            crc = (crc >> 4) & 0x0FFF;
            crc = crc ^ tmp ^ T[(b & 0xF) as usize];
            let tmp = T[(crc & 0xF) as usize];
            crc = (crc >> 4) & 0x0FFF;
            crc = crc ^ tmp ^ T[((b >> 4) & 0xF) as usize];
        }
        crc
    }

    #[test]
    fn crc_by_slices_equals_the_sdk_nibble_form() {
        // Every length 0..64 (all remainders, one to eight whole slices), from several
        // starting values, over bytes that are not a pattern.
        let bytes: Vec<u8> = (0u32..200)
            .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
            .collect();
        for start in [0u16, 1, 0xBB3D, 0xFFFF] {
            for len in 0..64 {
                for from in [0, 3, 7] {
                    let b = &bytes[from..from + len];
                    assert_eq!(
                        crc16(start, b),
                        crc16_sdk(start, b),
                        "start {start} len {len}"
                    );
                }
            }
        }
    }

    /// Found by the `fit` fuzz target when such records went to `fitparser` (an overflow
    /// and an underflow there under debug assertions): developer fields that are not a
    /// whole number of their described values (255 and 3 bytes of 16-bit values), one never
    /// described, one described with a base type `fitparser` refuses (0x04, uint16 without
    /// its endian bit). The framer skips each by its declared size: the records keep their
    /// compressed speed and distance and their well-described developer power, and the laps
    /// after them are read.
    #[test]
    fn records_with_compressed_speed_distance_and_odd_developer_fields_are_read_whole() {
        let mut msgs = description_definition();
        msgs.extend(description(0, "Power", "Watts", 0xFF));
        let mut odd = description(1, "Odd", "", 0xFF);
        odd[3] = 0x04;
        msgs.extend(odd);
        // Records: timestamp, compressed_speed_distance; developer fields 0 of 255 bytes,
        // 0 of 3 bytes, 5 (never described), 1 (refused), and 0 of 2 bytes, the power.
        msgs.extend(definition(
            2,
            MESG_RECORD,
            &[
                (FIELD_TIMESTAMP, 4, 0x86),
                (FIELD_COMPRESSED_SPEED_DISTANCE, 3, 0x0D),
            ],
            &[(0, 255, 0), (0, 3, 0), (5, 2, 0), (1, 2, 0), (0, 2, 0)],
        ));
        // Laps: timestamp, total_elapsed_time (ms), the power.
        msgs.extend(definition(
            3,
            19,
            &[(FIELD_TIMESTAMP, 4, 0x86), (7, 4, 0x86)],
            &[(0, 2, 0)],
        ));
        // Speed 16 cm/s; distance bits 770 (48.125 m), then 3 past the 12 bits' rollover:
        // 4,096 − 770 + 3 more sixteenths.
        for (t, ms, compressed) in [
            (1000u32, 600_000u32, [0x10, 0x20, 0x30]),
            (1600, 300_000, [0x10, 0x30, 0x00]),
        ] {
            msgs.push(2);
            msgs.extend_from_slice(&t.to_le_bytes());
            msgs.extend_from_slice(&compressed);
            msgs.extend_from_slice(&[0x01; 255 + 3 + 2 + 2]);
            msgs.extend_from_slice(&250u16.to_le_bytes());
            msgs.push(3);
            msgs.extend_from_slice(&t.to_le_bytes());
            msgs.extend_from_slice(&ms.to_le_bytes());
            msgs.extend_from_slice(&7u16.to_le_bytes());
        }
        let (framed, stop) = frame(&fit_part(&msgs));
        assert!(
            stop.is_none() && framed.warnings.is_empty(),
            "{:?}",
            framed.warnings
        );
        let s = &framed.records.samples;
        assert_eq!(s.power_w, vec![Some(250.0), Some(250.0)]);
        assert_eq!(s.speed_m_s, vec![Some(0.16), Some(0.16)]);
        assert_eq!(
            s.distance_m,
            vec![Some(48.125), Some((4096.0 + 3.0) / 16.0)]
        );
        let laps: Vec<Option<f64>> = framed
            .decoded
            .iter()
            .map(|(_, m)| match m {
                super::super::Message::Lap(_, lap) => lap.elapsed_time_s,
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(laps, vec![Some(600.0), Some(300.0)]);
    }

    #[test]
    fn the_messages_read_are_those_the_reader_takes() {
        use fitparser::profile::MesgNum as M;
        let named: Vec<u16> = [
            M::FileId,
            M::Sport,
            M::Session,
            M::Lap,
            M::Event,
            M::DeviceInfo,
            M::Activity,
            M::Monitoring,
            M::MonitoringInfo,
        ]
        .into_iter()
        .map(M::as_u16)
        .collect();
        assert_eq!(named, MESG_READ);
        use super::super::fields as f;
        assert_eq!(
            [
                f::FILE_ID,
                f::SPORT,
                f::SESSION,
                f::LAP,
                f::EVENT,
                f::DEVICE_INFO,
                f::ACTIVITY,
                f::MONITORING,
                f::MONITORING_INFO
            ],
            MESG_READ
        );
        assert_eq!(M::Record.as_u16(), MESG_RECORD);
        assert_eq!(M::FieldDescription.as_u16(), MESG_FIELD_DESCRIPTION);
        // A message nothing reads (hrv, 78) is framed and skipped; a lap is read.
        let mut msgs = Vec::new();
        msgs.extend_from_slice(&[0x40, 0, 0, 78, 0, 1, 0, 2, 0x84]);
        msgs.extend_from_slice(&[0x00, 0xE8, 0x03]);
        msgs.extend_from_slice(&[0x41, 0, 0, 19, 0, 1, 253, 4, 0x86]);
        msgs.extend_from_slice(&[0x01, 1, 0, 0, 0]);
        let (framed, stop) = frame(&fit_part(&msgs));
        assert!(stop.is_none() && framed.warnings.is_empty());
        assert_eq!(framed.messages, 2);
        assert_eq!(framed.decoded.len(), 1);
        assert!(matches!(
            framed.decoded[0],
            (0, super::super::Message::Lap(..))
        ));
    }

    /// Found by the `fit` fuzz target when such messages were copied for `fitparser` (an
    /// overflow under debug assertions: the field count, a byte, took one more for the
    /// timestamp): a compressed-timestamp message whose definition has 255 fields is read
    /// with the header's timestamp.
    #[test]
    fn a_compressed_timestamp_message_of_255_fields_takes_the_headers_time() {
        // An event definition (local 0) of 255 fields: event, event_type, 253 fillers.
        let mut fields = vec![(0u8, 1u8, 0x00u8), (1, 1, 0x00)];
        fields.extend((0..253).map(|_| (2u8, 1u8, 0x02u8)));
        let mut msgs = definition(0, 21, &fields, &[]);
        // A lap with a full timestamp, then the event under a compressed header (offset 5).
        msgs.extend_from_slice(&[0x41, 0, 0, 19, 0, 1, 253, 4, 0x86]);
        msgs.push(0x01);
        msgs.extend_from_slice(&1_000_000_000u32.to_le_bytes());
        msgs.push(0x80 | 5);
        msgs.extend_from_slice(&[0, 0]);
        msgs.extend_from_slice(&[7; 253]);
        let (framed, stop) = frame(&fit_part(&msgs));
        assert!(stop.is_none() && framed.warnings.is_empty());
        // 1,000,000,000 is 0 modulo 32: the offset 5 adds 5 s.
        assert!(matches!(
            framed.decoded[1],
            (
                0,
                super::super::Message::Timer {
                    t: 1_000_000_005,
                    start: true
                }
            )
        ));
    }

    #[test]
    fn records_among_other_messages_and_across_parts_are_all_read_into_columns_held_tight() {
        // Part 0: 3,000 records (timestamp, heart rate), each followed by a 30-byte message
        // nothing reads, so records are a seventh of the bytes; part 1: 500 records alone.
        let part = |n: u32, t0: u32, other: bool| {
            let mut msgs = definition(
                0,
                MESG_RECORD,
                &[(FIELD_TIMESTAMP, 4, 0x86), (3, 1, 0x02)],
                &[],
            );
            msgs.extend(definition(1, 233, &[(0, 30, 0x0D)], &[]));
            for i in 0..n {
                msgs.push(0);
                msgs.extend_from_slice(&(t0 + i).to_le_bytes());
                msgs.push(100 + (i % 50) as u8);
                if other {
                    msgs.push(1);
                    msgs.extend_from_slice(&[7; 30]);
                }
            }
            fit_part(&msgs)
        };
        let mut bytes = part(3000, 1000, true);
        bytes.extend(part(500, 5000, false));
        let (framed, stop) = frame(&bytes);
        assert!(stop.is_none() && framed.warnings.is_empty());
        let r = &framed.records;
        assert_eq!((r.len(), r.capacity()), (3500, 3500));
        assert_eq!(r.part.iter().filter(|&&p| p == 1).count(), 500);
        assert_eq!(
            (r.t[0], r.t[2999], r.t[3000], r.t[3499]),
            (1000, 3999, 5000, 5499)
        );
        let hr = &r.samples.heart_rate_bpm;
        assert_eq!(
            (hr[0], hr[2999], hr[3499]),
            (Some(100.0), Some(149.0), Some(149.0))
        );
        assert_eq!(r.samples.lat.capacity(), 3500);
    }
}
