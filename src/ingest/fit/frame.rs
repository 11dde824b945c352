//! The FIT byte stream, framed without `fitparser`: headers, definitions, data messages,
//! compressed timestamps, chained parts and CRCs.
//!
//! `record` messages (one per second of an activity: 99 % of a file's messages) go straight
//! from their bytes into sample columns ([`Records`]) through a plan computed once per definition: no value
//! enum, no field name, no map, no allocation per message. Every other message (file id,
//! sessions, laps, events, device info, ...) is copied, with its definition, into a small
//! synthetic FIT stream per chained part that `fitparser` decodes with the full profile (names,
//! enums, scales). So does a `record` whose definition carries a field the plan does not
//! expand (`compressed_speed_distance`, whose speed and distance accumulate across messages):
//! the profile stays `fitparser`'s, and only the hot path is ours. `fitparser` decoding the
//! whole file ([`super::parse_with_fitparser`]) stays as the reference the tests compare with.
//!
//! A record's developer fields are read only for power and Stryd's running dynamics (see
//! [`super::developer_channel`]): the framer reads each part's `field_description` messages
//! (which still go to `fitparser` too) and a record whose native field is absent takes the
//! developer's, scaled as its description says, as the `fitparser` path does.
//!
//! Deviations from `fitparser`, all on the lenient side: a record's developer fields are skipped
//! by their declared size (fitparser stops the file when their description is missing), and a
//! header data size of 0 (a file whose writer never finished it) reads messages to the end of
//! the file. A record carrying both `altitude` and `enhanced_altitude` (or `speed` and
//! `enhanced_speed`) takes the 32-bit field the device wrote; fitparser gives both under one
//! name in hash-map order.

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
/// The messages `fitparser` decodes for the reader (`super::build`), by global number:
/// file_id, sport, session, lap, record (those the plan leaves), event, device_info,
/// activity, monitoring, monitoring_info, and field_description and developer_data_id,
/// which it needs to decode a record's developer fields. Every other message is framed
/// and left out of the synthetic stream: in the corpus's, the Garmin export's and
/// Quitino's FIT files (550 files, 848k messages) 30 % of all messages, four fifths of
/// those that are not records, are ones nothing reads (Garmin's undocumented 233 and 534,
/// `hrv`, `gps_metadata`, ...), and `fitparser` builds names, values and a map for each.
const MESG_DECODED: [u16; 12] = [0, 12, 18, 19, 20, 21, 23, 34, 55, 103, 206, 207];
/// Field number of `timestamp` in every message.
const FIELD_TIMESTAMP: u8 = 253;
/// `record.compressed_speed_distance`: its components accumulate, so records carrying it are
/// left to `fitparser`.
const FIELD_COMPRESSED_SPEED_DISTANCE: u8 = 8;
/// Developer fields bigger than this are left out of the synthetic stream (see
/// [`Synthetic::push`]): `fitparser` 0.11 counts a field's bytes in a `u8`, and a field of
/// 249–255 bytes can overflow it.
const DEVELOPER_FIELD_MAX: u8 = 248;
/// The base types `fitparser` 0.11 names (`FitBaseType`): a developer field described with
/// another is refused with its description.
const FITPARSER_BASE_TYPES: [u8; 17] = [
    0x00, 0x01, 0x02, 0x83, 0x84, 0x85, 0x86, 0x07, 0x88, 0x89, 0x0A, 0x8B, 0x8C, 0x0D, 0x8E, 0x8F,
    0x90,
];

/// Size in bytes of a base type as `fitparser` 0.11 counts it (`FitBaseType::size` of the
/// type byte with bits 5 and 6 masked out): [`base_size`] for a type it names
/// ([`FITPARSER_BASE_TYPES`]), one byte for any other (0x03 without its endian bit too).
fn fitparser_base_size(base: u8) -> usize {
    if FITPARSER_BASE_TYPES.contains(&(base & 0x9F)) {
        base_size(base)
    } else {
        1
    }
}

/// A definition's bytes (after its header byte, up to its developer fields) as handed to
/// `fitparser`: a field whose size is not a whole number of its base type's values is
/// declared as bytes (0x0D). `fitparser` does the same on its own, but prints an "ERROR:"
/// line to standard error for each such definition (304 of them importing the wuyueSea
/// history's Coros files); what it decodes is the same either way.
fn fitparser_definition(raw: &[u8]) -> Vec<u8> {
    let mut out = raw.to_vec();
    for f in out.get_mut(5..).unwrap_or_default().chunks_exact_mut(3) {
        if usize::from(f[1]) % fitparser_base_size(f[2]) != 0 {
            f[2] = 0x0D;
        }
    }
    out
}

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

/// The developer fields described so far in a part: (developer data index, field number)
/// → the size of one value of its base type.
type Described = std::collections::HashMap<(u8, u8), u8>;

/// Notes what a `field_description` message (`data`, laid out by `fields`) says in
/// `channels`: a description of a channel (power, running dynamics) adds (or replaces) its
/// field, any other description of the same field removes it; and in `described`, the
/// field's base type.
fn note_description(
    channels: &mut Vec<DeveloperField>,
    described: &mut Described,
    fields: &[u8],
    data: &[u8],
    big: bool,
) {
    let (mut index, mut number, mut base) = (None, None, None);
    let (mut name, mut units) = (String::new(), String::new());
    // Whether fitparser takes the description as it is: it needs the index and number as
    // uint8, the base type as one it names, the scale as uint8 and the offset as sint8
    // (unless invalid, which it drops for its defaults), the name and units as strings,
    // and keeps its older description of the field when it refuses one.
    let mut accepted = true;
    let mut seen = [false; 3];
    // fitparser's defaults when the description has no scale or offset, or their invalid
    // value (fitparser drops invalid fields; Stryd writes scale 0xFF).
    let (mut scale, mut offset) = (1.0, 0.0);
    let mut at = 0usize;
    for f in fields.chunks_exact(3) {
        let (num, size, ty) = (f[0], f[1] as usize, f[2]);
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
        let invalid = |v: u8| bytes.first() == Some(&v) && size == 1;
        accepted &= match num {
            0..=2 => {
                let first = !std::mem::replace(&mut seen[num as usize], true);
                let known = bytes
                    .first()
                    .is_some_and(|b| num != 2 || FITPARSER_BASE_TYPES.contains(b));
                first && size == 1 && known && (ty == 0x02 || (num == 2 && ty == 0x00))
            }
            3 | 8 => ty & 0x1F == 0x07,
            6 => ty == 0x02 || invalid(0xFF),
            7 => ty == 0x01 || invalid(0x7F),
            _ => true,
        };
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
        // Which field fitparser may still hold an older description of is unknown.
        described.clear();
        return;
    };
    let key = (index as u8, number as u8);
    channels.retain(|p| p.key != key);
    match base.filter(|_| accepted) {
        Some(base) => described.insert(key, base_size(base as u8) as u8),
        None => described.remove(&key),
    };
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
    /// Identity, so that the synthetic stream knows whether it already carries it.
    id: u32,
    big_endian: bool,
    /// Bytes of the data message after its header: fields, then developer fields.
    size: usize,
    /// Bytes of the regular fields (developer fields follow them).
    fields_size: usize,
    /// The 4-byte `timestamp` field, when there is one.
    timestamp: Option<Slot>,
    /// The definition message's bytes after its header byte, up to its developer fields.
    raw: Vec<u8>,
    /// Developer fields (field number, size, developer data index), in order; `raw` ends
    /// before them.
    dev: Vec<(u8, u8, u8)>,
    /// Records read by the fast path; `None`: the message goes to `fitparser`.
    plan: Option<Plan>,
    /// Global message number.
    global: u16,
}

/// What the framer produced.
#[derive(Debug, Default)]
pub(super) struct Framed {
    /// Per chained part: a FIT stream of the messages left to `fitparser`.
    pub others: Vec<Vec<u8>>,
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

/// A synthetic FIT stream under construction for one chained part.
#[derive(Default)]
struct Synthetic {
    bytes: Vec<u8>,
    /// Per local type, the definition last written: its id, whether a timestamp was added,
    /// which developer fields were kept.
    written: [Option<(u32, bool, Vec<bool>)>; 16],
}

impl Synthetic {
    fn new() -> Self {
        let mut s = Synthetic::default();
        // 12-byte header, data size patched by `finish`; CRCs are not checked on this stream.
        s.bytes
            .extend_from_slice(&[12, 0x20, 0x5C, 0x08, 0, 0, 0, 0, b'.', b'F', b'I', b'T']);
        s
    }

    /// Copies a data message (its bytes after the header) under local type `local`; with
    /// `timestamp`, a compressed-header message becomes a normal one carrying that timestamp.
    ///
    /// A developer field is copied only in a record (rutscope reads the developer power
    /// of the records the plan leaves to fitparser, and no developer field of any other
    /// message), when `described` knows it (a `field_description` fitparser accepts came
    /// before) and its size is a whole number of its base type's values, at most
    /// [`DEVELOPER_FIELD_MAX`] bytes (where sizes agree fitparser's count cannot overflow;
    /// the cap is a second guard). `fitparser` 0.11 reads a developer field value by value
    /// of its described type until it has read the field's size, counting in a `u8`: a field
    /// that is not a whole number of values is read past its end (a 3-byte field of 16-bit
    /// values takes 4), which at the end of the stream underflowed its "needed" arithmetic,
    /// and near 255 bytes overflows the count (panics with overflow checks: the `fit` fuzz
    /// target; without them the rest of the part's messages were lost). An undescribed
    /// field stopped fitparser at that message, losing the rest of the part too.
    fn push(
        &mut self,
        local: u8,
        def: &Definition,
        data: &[u8],
        timestamp: Option<u32>,
        described: &Described,
    ) {
        // A definition already holding 255 fields cannot take one more (the count is a
        // byte): its messages are copied without the compressed header's timestamp rather
        // than under a count wrapped to 0, which made the rest of the stream garbage. No
        // profile message has that many fields.
        let add_ts = timestamp.is_some() && def.timestamp.is_none() && def.raw[4] < u8::MAX;
        let keep: Vec<bool> = def
            .dev
            .iter()
            .map(|&(number, size, index)| {
                def.global == MESG_RECORD
                    && described
                        .get(&(index, number))
                        .is_some_and(|&one| size <= DEVELOPER_FIELD_MAX && size % one.max(1) == 0)
            })
            .collect();
        let dev = !def.dev.is_empty();
        if self.written[local as usize]
            .as_ref()
            .is_none_or(|(id, ts, kept)| *id != def.id || *ts != add_ts || *kept != keep)
        {
            self.bytes
                .push(0x40 | if dev { 0x20 } else { 0 } | (local & 0x0F));
            self.bytes.extend_from_slice(&def.raw[..4]);
            self.bytes.push(def.raw[4] + u8::from(add_ts));
            self.bytes.extend_from_slice(&def.raw[5..]);
            if add_ts {
                // Same definition with one more field: timestamp, uint32.
                self.bytes.extend_from_slice(&[FIELD_TIMESTAMP, 4, 0x86]);
            }
            if dev {
                self.bytes.push(keep.iter().filter(|&&k| k).count() as u8);
                for (f, _) in def.dev.iter().zip(&keep).filter(|(_, k)| **k) {
                    self.bytes.extend_from_slice(&[f.0, f.1, f.2]);
                }
            }
            self.written[local as usize] = Some((def.id, add_ts, keep.clone()));
        }
        self.bytes.push(local & 0x0F);
        self.bytes.extend_from_slice(&data[..def.fields_size]);
        if let Some(ts) = timestamp.filter(|_| add_ts) {
            let ts = if def.big_endian {
                ts.to_be_bytes()
            } else {
                ts.to_le_bytes()
            };
            self.bytes.extend_from_slice(&ts);
        }
        let mut at = def.fields_size;
        for (&(_, size, _), kept) in def.dev.iter().zip(&keep) {
            let size = size as usize;
            if *kept {
                self.bytes.extend_from_slice(&data[at..at + size]);
            }
            at += size;
        }
    }

    fn finish(mut self) -> Vec<u8> {
        let n = (self.bytes.len() - 12) as u32;
        self.bytes[4..8].copy_from_slice(&n.to_le_bytes());
        self.bytes.extend_from_slice(&[0, 0]);
        self.bytes
    }
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
    /// The plan for a `record` definition, or `None` when a field needs `fitparser`.
    fn of(fields: &[(u8, u8, u8)]) -> Option<Plan> {
        let mut p = Plan::default();
        let mut offset = 0usize;
        for &(num, size, base) in fields {
            if num == FIELD_COMPRESSED_SPEED_DISTANCE {
                return None;
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
        Some(p)
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

/// Frames `bytes`: fast-path records into rows, everything else into per-part synthetic
/// streams. Returns what was framed and, when framing stopped early, where and why.
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
    let mut next_id = 0u32;
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
        let mut described = Described::new();
        let mut synthetic = Synthetic::new();
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
                let mut dev_fields = Vec::new();
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
                        dev_fields.push((c[0], c[1], c[2]));
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
                    id: next_id,
                    big_endian: big,
                    size: fields_size + dev_size,
                    fields_size,
                    timestamp,
                    raw: fitparser_definition(&bytes[p..p + raw_fields_end]),
                    dev: dev_fields,
                    plan: (global == MESG_RECORD)
                        .then(|| Plan::of(&fields))
                        .flatten()
                        .map(|p| Plan { developer, ..p }),
                    global,
                });
                next_id += 1;
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
                        let row = plan.row(data, def.big_endian, &channels);
                        out.records.push(i64::from(t), part, row);
                    }
                }
                None => {
                    if def.global == MESG_FIELD_DESCRIPTION {
                        let fields = &def.raw[5..];
                        note_description(
                            &mut channels,
                            &mut described,
                            fields,
                            data,
                            def.big_endian,
                        );
                    }
                    if MESG_DECODED.contains(&def.global) {
                        synthetic.push(local as u8, def, data, offset.and(ts), &described)
                    }
                }
            }
        }
        // One stream per part, empty or not: `others[part]` is part `part`.
        out.others.push(synthetic.finish());
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

    /// Found by the `fit` fuzz target (an overflow and an underflow in `fitparser` under
    /// debug assertions): developer fields that are not a whole number of their described
    /// values (255 and 3 bytes of 16-bit values), one never described, one whose
    /// description fitparser refuses (base type 0x04, uint16 without its endian bit). They
    /// are left out of the stream `fitparser` decodes, and the messages read whole; with
    /// any of them (and without overflow checks) every message after it was lost. A record
    /// keeps its well-described developer power; a lap, whose developer fields rutscope
    /// does not read, keeps none.
    #[test]
    fn fields_of_a_broken_size_are_declared_as_bytes_for_fitparser() {
        // Header (reserved, little-endian, global 20, 3 fields): a uint32 of 1 byte (Coros,
        // late 2022), a uint16 of 2, and a type fitparser does not name (one byte a value).
        let raw = [0, 0, 20, 0, 3, 5, 1, 0x86, 6, 2, 0x84, 7, 3, 0x1F];
        let out = fitparser_definition(&raw);
        assert_eq!(out[..7], raw[..7]);
        assert_eq!(out[7], 0x0D);
        assert_eq!(out[8..], raw[8..]);
        // Bits 5 and 6 do not count: 0xA6 is 0x86 for fitparser.
        assert_eq!(fitparser_definition(&[0, 0, 20, 0, 1, 5, 6, 0xA6])[7], 0x0D);
        assert_eq!(fitparser_definition(&[0, 0, 20, 0, 1, 5, 8, 0xA6])[7], 0xA6);
    }

    #[test]
    fn developer_fields_fitparser_cannot_read_are_left_out() {
        let mut msgs = description_definition();
        msgs.extend(description(0, "Power", "Watts", 0xFF));
        let mut odd = description(1, "Odd", "", 0xFF);
        odd[3] = 0x04;
        msgs.extend(odd);
        // Records the plan leaves to fitparser (compressed_speed_distance): developer
        // fields 0 of 255 bytes, 0 of 3 bytes, 5 (never described), 1 (refused), and 0 of
        // 2 bytes, the power, kept.
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
        for (t, ms) in [(1000u32, 600_000u32), (1600, 300_000)] {
            msgs.push(2);
            msgs.extend_from_slice(&t.to_le_bytes());
            msgs.extend_from_slice(&[0x10, 0x20, 0x30]);
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
        let stream = &framed.others[0];
        // The record's definition carries one developer field, the power; the lap's none.
        let def = |local: u8| {
            stream
                .windows(3)
                .position(|w| w == [0x40 | 0x20 | local, 0, 0])
                .expect("a definition")
        };
        assert_eq!(&stream[def(2) + 12..def(2) + 16], &[1, 0, 2, 0]);
        assert_eq!(stream[def(3) + 12], 0);
        let mut records = Vec::new();
        let mut warnings = Vec::new();
        super::super::decode_synthetic(stream, 0, &mut records, &mut warnings);
        // Only the refused description is skipped.
        assert!(
            warnings.len() == 1 && warnings[0].contains("fit_base_type_id"),
            "{warnings:?}"
        );
        let of = |kind| {
            records
                .iter()
                .filter(move |(_, r)| r.kind() == kind)
                .map(|(_, r)| super::super::Fields::of(r))
        };
        let laps: Vec<f64> = of(fitparser::profile::MesgNum::Lap)
            .filter_map(|f| f.num("total_elapsed_time"))
            .collect();
        assert_eq!(laps, vec![600.0, 300.0]);
        let power: Vec<f64> = of(fitparser::profile::MesgNum::Record)
            .filter_map(|f| f.developer_power())
            .collect();
        assert_eq!(power, vec![250.0, 250.0]);
    }

    #[test]
    fn the_messages_decoded_are_those_the_reader_takes() {
        use fitparser::profile::MesgNum as M;
        let named: Vec<u16> = [
            M::FileId,
            M::Sport,
            M::Session,
            M::Lap,
            M::Record,
            M::Event,
            M::DeviceInfo,
            M::Activity,
            M::Monitoring,
            M::MonitoringInfo,
            M::FieldDescription,
            M::DeveloperDataId,
        ]
        .into_iter()
        .map(M::as_u16)
        .collect();
        assert_eq!(named, MESG_DECODED);
        // A message nothing reads (hrv, 78) is framed but not copied to the stream.
        let mut msgs = Vec::new();
        msgs.extend_from_slice(&[0x40, 0, 0, 78, 0, 1, 0, 2, 0x84]);
        msgs.extend_from_slice(&[0x00, 0xE8, 0x03]);
        msgs.extend_from_slice(&[0x41, 0, 0, 19, 0, 1, 253, 4, 0x86]);
        msgs.extend_from_slice(&[0x01, 1, 0, 0, 0]);
        let (framed, stop) = frame(&fit_part(&msgs));
        assert!(stop.is_none() && framed.warnings.is_empty());
        assert_eq!(framed.messages, 2);
        // Header, the lap's definition (1 + 5 + 3) and message (1 + 4), CRC.
        assert_eq!(framed.others[0].len(), 12 + 9 + 5 + 2);
    }

    /// Found by the `fit` fuzz target (an overflow under debug assertions; without them the
    /// field count wrapped to 0): a compressed-timestamp message whose definition has 255
    /// fields is copied as it is, its definition intact.
    #[test]
    fn a_definition_of_255_fields_takes_no_added_timestamp() {
        let mut raw = vec![0, 0, 20, 0, 255];
        raw.extend((0..255).flat_map(|_| [0u8, 1, 0x02]));
        let def = Definition {
            id: 1,
            big_endian: false,
            size: 255,
            fields_size: 255,
            timestamp: None,
            raw,
            dev: Vec::new(),
            plan: None,
            global: 20,
        };
        let mut s = Synthetic::new();
        s.push(0, &def, &[7; 255], Some(1_000), &Described::new());
        let b = s.finish();
        // Header, definition (header byte, 5 bytes, 255 fields), data (header, 255 bytes), CRC.
        assert_eq!(b.len(), 12 + 1 + 5 + 3 * 255 + 1 + 255 + 2);
        assert_eq!(b[12 + 1 + 4], 255, "the field count");
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
