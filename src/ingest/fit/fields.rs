//! The fields the reader takes from the messages besides `record` (file id, sport, session,
//! lap, event, device info, activity, monitoring), as the FIT profile defines them (number,
//! scale, type), and two ways to read them through one trait ([`Fields`]):
//! - [`Bytes`]: from the data message's bytes, by field number, as the framer hands them
//!   over (`frame.rs`): no value enum, no name, no map; a `String` only for the text a field
//!   gives (an enum's name, a product name). This is the path every import takes.
//! - [`Named`]: from a message `fitparser` decoded, by the profile's names: the reference the
//!   tests compare the first with ([`super::parse_with_fitparser`]).
//!
//! Enum values are named from `fitparser`'s profile tables (`get_field_variant_as_string`),
//! so both paths name a sport, a manufacturer or a lap trigger alike; a value the profile
//! does not name is written as its number, as `fitparser` gives it.
//!
//! How [`Bytes`] reads a field, as `fitparser` 0.11 does: by the base type the definition
//! declares (not the profile's), a field whose size is not a whole number of its type's
//! values as bytes; a value equal to its type's invalid value is no value; a field of
//! several values (an array) is no number and no text; a string ends at its first NUL and
//! must be UTF-8; where a definition lists a field twice, the last valid one counts.
//!
//! Deviations:
//! - The base type is its low five bits, as the FIT SDK reads it (and the record plan
//!   does). `fitparser` reads a type byte it does not name (a multi-byte type without its
//!   endian bit, 0x84 written 0x04, as some third-party writers did) as single bytes, which
//!   makes a multi-byte field an array of no value.
//! - A time (`date_time`, `local_date_time`) is taken only within the 32 bits the profile
//!   gives it (`TIME_RANGE`): a 64-bit field could otherwise overflow the arithmetic on
//!   instants (`fitparser` bounds them by chrono's range and skips the message beyond it).
//! - On input no device writes: a numeric field given as a string, or an enum or a time as
//!   a float, is no name or time here, where `fitparser` refuses the whole message (or for
//!   a time, takes 0, the FIT epoch); a 16-bit component (a lap's `avg_speed` expanded into
//!   `enhanced_avg_speed`) is an integer's low 16 bits, where `fitparser` takes the value's
//!   bytes (the same for the unsigned types the profile declares), and none from an array
//!   or a float; a 64-bit unsigned value beyond `i64::MAX` is a number but no integer.

use fitparser::profile::field_types::Manufacturer;
use fitparser::profile::{FieldDataType, get_field_variant_as_string};
use fitparser::{FitDataField, Value};

/// Global message numbers of the messages [`super::message`] reads.
pub(super) const FILE_ID: u16 = 0;
pub(super) const SPORT: u16 = 12;
pub(super) const SESSION: u16 = 18;
pub(super) const LAP: u16 = 19;
pub(super) const EVENT: u16 = 21;
pub(super) const DEVICE_INFO: u16 = 23;
pub(super) const ACTIVITY: u16 = 34;
pub(super) const MONITORING: u16 = 55;
pub(super) const MONITORING_INFO: u16 = 103;
/// Field number of `timestamp` in every message.
pub(super) const TIMESTAMP_NUMBER: u8 = 253;
/// The times a `date_time` or `local_date_time` field can hold (a `uint32` in the
/// profile; signed where a file declares it so): seconds since the FIT epoch.
const TIME_RANGE: std::ops::RangeInclusive<i64> = i32::MIN as i64..=u32::MAX as i64;

/// What a field holds, which says how its value is read.
#[derive(Debug, Clone, Copy)]
pub(super) enum Kind {
    /// A number, divided by the field's scale.
    Number,
    /// A string.
    Text,
    /// A `date_time`: seconds since the FIT epoch, UTC.
    Time,
    /// A `local_date_time`: seconds since the FIT epoch in the device's local time.
    LocalTime,
    /// An enum of the profile: its name, or its number where the profile names none.
    Enum(FieldDataType),
    /// `file_id.product`: a Garmin product (enum `garmin_product`) when the manufacturer is
    /// Garmin, Dynastream, Dynastream OEM or Tacx, a Favero product when it is Favero, else
    /// a number.
    Product,
}

/// A field of a message as the FIT profile defines it.
#[derive(Debug, Clone, Copy)]
pub(super) struct Field {
    /// The profile's name (how `fitparser` calls it).
    pub name: &'static str,
    pub number: u8,
    /// Value = raw / scale.
    pub scale: f64,
    pub kind: Kind,
    /// A 16-bit field this one is also expanded from (a component, same scale): a lap's
    /// `avg_speed` gives `enhanced_avg_speed`. Where both are given the larger counts, as
    /// the reader takes the larger of fitparser's two `enhanced_avg_speed`.
    pub from: Option<u8>,
}

const fn field(name: &'static str, number: u8, scale: f64, kind: Kind) -> Field {
    Field {
        name,
        number,
        scale,
        kind,
        from: None,
    }
}
const fn number(name: &'static str, number: u8, scale: f64) -> Field {
    field(name, number, scale, Kind::Number)
}
const fn time(name: &'static str, number: u8) -> Field {
    field(name, number, 1.0, Kind::Time)
}
const fn local_time(name: &'static str, number: u8) -> Field {
    field(name, number, 1.0, Kind::LocalTime)
}
const fn text(name: &'static str, number: u8) -> Field {
    field(name, number, 1.0, Kind::Text)
}
const fn named(name: &'static str, number: u8, of: FieldDataType) -> Field {
    field(name, number, 1.0, Kind::Enum(of))
}

/// `timestamp`, in every message.
pub(super) const TIMESTAMP: Field = time("timestamp", TIMESTAMP_NUMBER);

pub(super) const FILE_ID_TYPE: Field = named("type", 0, FieldDataType::File);
pub(super) const FILE_ID_MANUFACTURER: Field =
    named("manufacturer", 1, FieldDataType::Manufacturer);
pub(super) const FILE_ID_PRODUCT: Field = field("product", 2, 1.0, Kind::Product);
pub(super) const FILE_ID_SERIAL_NUMBER: Field = number("serial_number", 3, 1.0);
pub(super) const FILE_ID_TIME_CREATED: Field = time("time_created", 4);
pub(super) const FILE_ID_PRODUCT_NAME: Field = text("product_name", 8);

pub(super) const SPORT_SPORT: Field = named("sport", 0, FieldDataType::Sport);
pub(super) const SPORT_SUB_SPORT: Field = named("sub_sport", 1, FieldDataType::SubSport);

pub(super) const SESSION_START_TIME: Field = time("start_time", 2);
pub(super) const SESSION_SPORT: Field = named("sport", 5, FieldDataType::Sport);
pub(super) const SESSION_SUB_SPORT: Field = named("sub_sport", 6, FieldDataType::SubSport);
pub(super) const SESSION_TOTAL_ELAPSED_TIME: Field = number("total_elapsed_time", 7, 1000.0);
pub(super) const SESSION_TOTAL_TIMER_TIME: Field = number("total_timer_time", 8, 1000.0);
pub(super) const SESSION_TOTAL_DISTANCE: Field = number("total_distance", 9, 100.0);
pub(super) const SESSION_TOTAL_CALORIES: Field = number("total_calories", 11, 1.0);
pub(super) const SESSION_AVG_HEART_RATE: Field = number("avg_heart_rate", 16, 1.0);
pub(super) const SESSION_MAX_HEART_RATE: Field = number("max_heart_rate", 17, 1.0);
pub(super) const SESSION_TOTAL_ASCENT: Field = number("total_ascent", 22, 1.0);
pub(super) const SESSION_TOTAL_DESCENT: Field = number("total_descent", 23, 1.0);
/// How the runner felt, 0–100 (Garmin's five faces are 0, 25, 50, 75, 100).
pub(super) const SESSION_WORKOUT_FEEL: Field = number("workout_feel", 192, 1.0);
/// Perceived exertion ×10 (the watch's 1–10 scale; 60 is "6 of 10").
pub(super) const SESSION_WORKOUT_RPE: Field = number("workout_rpe", 193, 1.0);

pub(super) const LAP_START_TIME: Field = time("start_time", 2);
pub(super) const LAP_TOTAL_ELAPSED_TIME: Field = number("total_elapsed_time", 7, 1000.0);
pub(super) const LAP_TOTAL_TIMER_TIME: Field = number("total_timer_time", 8, 1000.0);
pub(super) const LAP_TOTAL_DISTANCE: Field = number("total_distance", 9, 100.0);
pub(super) const LAP_AVG_HEART_RATE: Field = number("avg_heart_rate", 15, 1.0);
pub(super) const LAP_MAX_HEART_RATE: Field = number("max_heart_rate", 16, 1.0);
pub(super) const LAP_TOTAL_ASCENT: Field = number("total_ascent", 21, 1.0);
pub(super) const LAP_INTENSITY: Field = named("intensity", 23, FieldDataType::Intensity);
pub(super) const LAP_TRIGGER: Field = named("lap_trigger", 24, FieldDataType::LapTrigger);
/// `enhanced_avg_speed` (110), also expanded from `avg_speed` (13, 16 bits).
pub(super) const LAP_AVG_SPEED: Field = Field {
    from: Some(13),
    ..number("enhanced_avg_speed", 110, 1000.0)
};

pub(super) const EVENT_EVENT: Field = named("event", 0, FieldDataType::Event);
pub(super) const EVENT_TYPE: Field = named("event_type", 1, FieldDataType::EventType);

pub(super) const DEVICE_INFO_INDEX: Field = named("device_index", 0, FieldDataType::DeviceIndex);
pub(super) const DEVICE_INFO_PRODUCT_NAME: Field = text("product_name", 27);

pub(super) const ACTIVITY_LOCAL_TIMESTAMP: Field = local_time("local_timestamp", 5);

pub(super) const MONITORING_INFO_LOCAL_TIMESTAMP: Field = local_time("local_timestamp", 0);

pub(super) const MONITORING_TIMESTAMP_16: Field = number("timestamp_16", 26, 1.0);
pub(super) const MONITORING_HEART_RATE: Field = number("heart_rate", 27, 1.0);

/// A message's fields, read as the profile defines them.
pub(super) trait Fields {
    /// The number in `f`, divided by its scale. For an enum, [`Bytes`] gives its number
    /// whether the profile names it or not, [`Named`] only where it does not (fitparser
    /// gives a named value as its name).
    fn num(&self, f: &Field) -> Option<f64>;
    /// The text of `f`: a string, an enum's name, or a number written out.
    fn text(&self, f: &Field) -> Option<String>;
    /// The seconds of a time field `f` since the FIT epoch, as the file gives them.
    fn secs(&self, f: &Field) -> Option<i64>;
    /// The number in `f`, where fitparser may leave the field unnamed (a session's feel
    /// and RPE): by number, unless it is the invalid value of a one-byte field (0xFF).
    fn by_number(&self, f: &Field) -> Option<f64>;

    /// A total in `f` (a distance, a time, an ascent, calories): never negative. The
    /// profile's fields are unsigned, but a file can declare them signed (found by the
    /// `fit` fuzz target: a session's average heart rate of −123).
    fn amount(&self, f: &Field) -> Option<f64> {
        self.num(f).filter(|&x| x >= 0.0)
    }
    /// A heart rate in `f`, as the records take it: above 0 and below 255 (the invalid
    /// value of the profile's uint8).
    fn heart_rate(&self, f: &Field) -> Option<f64> {
        self.num(f).filter(|&h| h > 0.0 && h < 255.0)
    }
}

/// A number written out as `fitparser`'s path writes one.
fn written(x: f64) -> Option<String> {
    x.is_finite().then(|| format!("{x}"))
}

/// One field's value in a data message.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Raw<'a> {
    Int(i64),
    Float(f64),
    Text(&'a str),
    /// Several values, at least one valid: no text; as a number its first value when
    /// that is valid and of a type of two bytes or more (the FIT SDK reads a field of one
    /// value from the first of several: a swim lap's `enhanced_avg_speed` written as two
    /// uint32, 862 and 65,535, is 0.862 m/s for Garmin's FitCSVTool). Arrays of one-byte
    /// values are no number, as for `fitparser`, which reads a multi-byte type written
    /// without its endian bit (0x0C for 0x8C) as such bytes.
    Many(Option<f64>),
}

/// A data message's bytes with its definition's regular fields.
pub(super) struct Bytes<'a> {
    /// (field number, size, base type) of each regular field, in order.
    pub layout: &'a [(u8, u8, u8)],
    /// The message's bytes after its header.
    pub data: &'a [u8],
    pub big: bool,
    /// The timestamp a compressed header gives the message (it has no `timestamp` field).
    pub compressed_timestamp: Option<u32>,
}

impl<'a> Bytes<'a> {
    /// The value of field `number`: the last valid one where the definition lists it twice.
    fn raw(&self, number: u8) -> Option<Raw<'a>> {
        let mut at = 0usize;
        let mut found = None;
        for &(n, size, base) in self.layout {
            if n == number
                && let Some(bytes) = self.data.get(at..at + size as usize)
                && let Some(v) = value(bytes, base, self.big)
            {
                found = Some(v);
            }
            at += size as usize;
        }
        found
    }

    fn int(&self, number: u8) -> Option<i64> {
        match self.raw(number)? {
            Raw::Int(i) => Some(i),
            _ => None,
        }
    }
}

/// A field's value from its `bytes`, read as FIT base type `base` (see the module's notes).
fn value(bytes: &[u8], base: u8, big: bool) -> Option<Raw<'_>> {
    // A field of no bytes has no value (fitparser: an empty array, invalid).
    if bytes.is_empty() {
        return None;
    }
    let base = base & 0x1F;
    if base == 0x07 {
        let end = bytes.iter().position(|&b| b == 0).unwrap_or(bytes.len());
        return std::str::from_utf8(&bytes[..end]).ok().map(Raw::Text);
    }
    let one = match base {
        0x00..=0x02 | 0x0A | 0x0D => 1,
        0x03 | 0x04 | 0x0B => 2,
        0x05 | 0x06 | 0x08 | 0x0C => 4,
        0x09 | 0x0E..=0x10 => 8,
        _ => 0,
    };
    // Unknown types and sizes that are not a whole number of values: bytes.
    let (base, one) = if one == 0 || !bytes.len().is_multiple_of(one) {
        (0x0D, 1)
    } else {
        (base, one)
    };
    if bytes.len() == one {
        scalar(bytes, base, big)
    } else {
        let first = match scalar(&bytes[..one], base, big) {
            Some(Raw::Int(i)) if one > 1 => Some(i as f64),
            Some(Raw::Float(x)) => Some(x),
            _ => None,
        };
        bytes
            .chunks_exact(one)
            .any(|v| scalar(v, base, big).is_some())
            .then_some(Raw::Many(first))
    }
}

/// One value of base type `base` from exactly its bytes; `None` for the invalid value.
fn scalar(b: &[u8], base: u8, big: bool) -> Option<Raw<'static>> {
    macro_rules! get {
        ($t:ty) => {{
            let b = b.try_into().ok()?;
            if big {
                <$t>::from_be_bytes(b)
            } else {
                <$t>::from_le_bytes(b)
            }
        }};
    }
    // An integer and its invalid pattern (all ones, or zero for the `z` types).
    macro_rules! int {
        ($t:ty, $invalid:expr) => {{
            let v = get!($t);
            (v != $invalid).then_some(Raw::Int(v as i64))
        }};
    }
    match base {
        0x00 | 0x02 | 0x0D => int!(u8, u8::MAX),
        0x01 => int!(i8, i8::MAX),
        0x03 => int!(i16, i16::MAX),
        0x04 => int!(u16, u16::MAX),
        0x05 => int!(i32, i32::MAX),
        0x06 => int!(u32, u32::MAX),
        0x08 => Some(f64::from(get!(f32)))
            .filter(|x| x.is_finite())
            .map(Raw::Float),
        0x09 => Some(get!(f64)).filter(|x| x.is_finite()).map(Raw::Float),
        0x0A => int!(u8, 0),
        0x0B => int!(u16, 0),
        0x0C => int!(u32, 0),
        0x0E => int!(i64, i64::MAX),
        0x0F | 0x10 => {
            let v = get!(u64);
            let invalid = if base == 0x0F { u64::MAX } else { 0 };
            // Beyond i64: a number, no integer.
            (v != invalid).then(|| i64::try_from(v).map_or(Raw::Float(v as f64), Raw::Int))
        }
        _ => None,
    }
}

impl Fields for Bytes<'_> {
    fn num(&self, f: &Field) -> Option<f64> {
        let of = |raw| match raw {
            Raw::Int(i) => Some(i as f64),
            Raw::Float(x) | Raw::Many(Some(x)) => Some(x),
            Raw::Text(_) | Raw::Many(None) => None,
        };
        let scaled = |x: f64| {
            if (f.scale - 1.0).abs() > f64::EPSILON {
                x / f.scale
            } else {
                x
            }
        };
        let own = self.raw(f.number).and_then(of).map(scaled);
        // The component's 16 bits, as fitparser takes them from the value's bytes.
        let component = f
            .from
            .and_then(|n| match self.raw(n)? {
                Raw::Int(i) => Some(i),
                Raw::Many(Some(x)) => Some(x as i64),
                _ => None,
            })
            .map(|i| scaled((i as u64 & 0xFFFF) as f64));
        match (own, component) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        }
    }

    fn text(&self, f: &Field) -> Option<String> {
        let ty = match f.kind {
            Kind::Enum(ty) => Some(ty),
            Kind::Product => {
                let manufacturer = self.int(FILE_ID_MANUFACTURER.number).unwrap_or(-1);
                if manufacturer == Manufacturer::FaveroElectronics.as_i64() {
                    Some(FieldDataType::FaveroProduct)
                } else if [
                    Manufacturer::Garmin,
                    Manufacturer::Dynastream,
                    Manufacturer::DynastreamOem,
                    Manufacturer::Tacx,
                ]
                .into_iter()
                .any(|m| m.as_i64() == manufacturer)
                {
                    Some(FieldDataType::GarminProduct)
                } else {
                    None
                }
            }
            _ => None,
        };
        match (self.raw(f.number)?, ty) {
            (Raw::Int(i), Some(ty)) if ty.is_named_variant(i) => {
                Some(get_field_variant_as_string(ty, i))
            }
            (Raw::Int(i), _) => written(i as f64),
            (Raw::Float(_), Some(_)) | (Raw::Many(_), _) => None,
            (Raw::Float(x), None) => written(x),
            (Raw::Text(s), None) => {
                let s = s.trim();
                (!s.is_empty()).then(|| s.to_string())
            }
            (Raw::Text(_), Some(_)) => None,
        }
    }

    fn secs(&self, f: &Field) -> Option<i64> {
        match self.raw(f.number) {
            Some(Raw::Int(i)) => TIME_RANGE.contains(&i).then_some(i),
            Some(_) => None,
            None if f.number == TIMESTAMP_NUMBER => self.compressed_timestamp.map(i64::from),
            None => None,
        }
    }

    fn by_number(&self, f: &Field) -> Option<f64> {
        self.num(f).filter(|&x| x != f64::from(u8::MAX))
    }
}

/// A message `fitparser` decoded, its fields looked up by name (a linear scan: messages
/// have a dozen fields or so, where building a map per message costs more than it saves).
pub(super) struct Named<'a>(pub &'a [FitDataField]);

impl<'a> Named<'a> {
    /// The fields named `name` (fitparser 0.11 does not say which are a developer's).
    fn named(&self, name: &'a str) -> impl Iterator<Item = &'a FitDataField> + 'a {
        self.0.iter().filter(move |f| f.name() == name)
    }
    /// The first valid value of field `name`.
    pub fn get(&self, name: &'a str) -> Option<&'a Value> {
        self.named(name)
            .find(|f| !matches!(f.value(), Value::Invalid))
            .map(|f| f.value())
    }
    /// The number in field `name`. A message can carry a field twice: fitparser expands a
    /// 16-bit field (`avg_speed`) into its 32-bit form (`enhanced_avg_speed`) next to the one
    /// the device wrote, in hash-map order. When the two disagree (a device writing 0 in one
    /// of them) the larger is taken, so that the result never depends on that order.
    pub fn number(&self, name: &'a str) -> Option<f64> {
        self.named(name)
            .filter_map(|f| super::num(f.value()))
            .reduce(f64::max)
    }
    fn named_text(&self, name: &'a str) -> Option<String> {
        self.get(name).and_then(super::text)
    }
}

impl Fields for Named<'_> {
    /// As [`Named::number`], an array of values of two bytes or more giving its first
    /// value, as [`Bytes`] reads it (fitparser gives scaled values as `Float64`, whatever
    /// their type: an array of them is of such a type where the field is scaled).
    fn num(&self, f: &Field) -> Option<f64> {
        let wide = |v: &Value| {
            !matches!(
                v,
                Value::Byte(_)
                    | Value::Enum(_)
                    | Value::UInt8(_)
                    | Value::UInt8z(_)
                    | Value::SInt8(_)
            )
        };
        self.named(f.name)
            .filter_map(|x| match x.value() {
                Value::Array(v) if v.first().is_some_and(wide) => v.first().and_then(super::num),
                v => super::num(v),
            })
            .reduce(f64::max)
    }

    fn text(&self, f: &Field) -> Option<String> {
        match f.kind {
            Kind::Product => self
                .named_text("garmin_product")
                .or_else(|| self.named_text("favero_product"))
                .or_else(|| self.named_text("product")),
            _ => self.named_text(f.name),
        }
    }

    fn secs(&self, f: &Field) -> Option<i64> {
        let v = self.get(f.name)?;
        match f.kind {
            Kind::LocalTime => super::fit_local_seconds(v),
            _ => super::fit_seconds(v),
        }
    }

    /// The field with `f`'s number that fitparser left unnamed (`unknown_field_N`) or names
    /// as `f` (a later profile may). A developer field with the same number has its
    /// developer's name and is not taken.
    fn by_number(&self, f: &Field) -> Option<f64> {
        let unknown = format!("unknown_field_{}", f.number);
        self.0
            .iter()
            .filter(|x| x.number() == f.number && (x.name() == unknown || x.name() == f.name))
            .find_map(|x| super::num(x.value()))
            .filter(|&x| x != f64::from(u8::MAX))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A message of the given fields (number, base type, value bytes), little-endian.
    fn message(fields: &[(u8, u8, &[u8])]) -> (Vec<(u8, u8, u8)>, Vec<u8>) {
        let layout = fields
            .iter()
            .map(|&(n, base, b)| (n, b.len() as u8, base))
            .collect();
        let data = fields.iter().flat_map(|f| f.2.iter().copied()).collect();
        (layout, data)
    }

    fn bytes<'a>(layout: &'a [(u8, u8, u8)], data: &'a [u8]) -> Bytes<'a> {
        Bytes {
            layout,
            data,
            big: false,
            compressed_timestamp: None,
        }
    }

    #[test]
    fn numbers_are_scaled_and_invalid_values_are_none() {
        let (layout, data) = message(&[
            (7, 0x86, &600_500u32.to_le_bytes()),
            (9, 0x86, &[0xFF; 4]),
            (16, 0x02, &[150]),
            (17, 0x02, &[0xFF]),
        ]);
        let m = bytes(&layout, &data);
        assert_eq!(m.num(&SESSION_TOTAL_ELAPSED_TIME), Some(600.5));
        assert_eq!(m.num(&SESSION_TOTAL_DISTANCE), None);
        assert_eq!(m.heart_rate(&SESSION_AVG_HEART_RATE), Some(150.0));
        assert_eq!(m.num(&SESSION_MAX_HEART_RATE), None);
        assert_eq!(m.num(&SESSION_TOTAL_ASCENT), None);
    }

    #[test]
    fn enums_are_named_from_the_profile_or_written_as_their_number() {
        // sport running (1), sub_sport 250 (not in the profile), a string product name.
        let (layout, data) = message(&[(5, 0x00, &[1]), (6, 0x00, &[250])]);
        let m = bytes(&layout, &data);
        assert_eq!(m.text(&SESSION_SPORT).as_deref(), Some("running"));
        assert_eq!(m.text(&SESSION_SUB_SPORT).as_deref(), Some("250"));
        // A Garmin product is named from garmin_product, another maker's is a number.
        for (maker, product, expected) in [
            (1u16, 2697u16, "fenix5"),
            (294, 2697, "2697"),
            (263, 12, "assioma_duo"),
        ] {
            let (layout, data) = message(&[
                (1, 0x84, &maker.to_le_bytes()),
                (2, 0x84, &product.to_le_bytes()),
                (8, 0x07, b"  Forerunner \0junk"),
            ]);
            let m = bytes(&layout, &data);
            assert_eq!(
                m.text(&FILE_ID_PRODUCT).as_deref(),
                Some(expected),
                "{maker}"
            );
            assert_eq!(m.text(&FILE_ID_PRODUCT_NAME).as_deref(), Some("Forerunner"));
        }
    }

    #[test]
    fn a_field_of_odd_size_is_bytes_and_an_array_is_its_first_value() {
        // A 3-byte uint16 field reads as bytes: several, so no number; a 2-byte uint8
        // field is an array of one-byte values, no number; a 4-byte uint16 field is an
        // array, its first value the number (as the FIT SDK reads it); a one-byte uint16
        // field is one byte.
        let (layout, data) = message(&[
            (9, 0x84, &[1, 2, 3]),
            (16, 0x02, &[1, 2]),
            (17, 0x84, &[7]),
            (22, 0x84, &[0x10, 0x27, 0xFF, 0xFF]),
        ]);
        let m = bytes(&layout, &data);
        assert_eq!(m.raw(9), Some(Raw::Many(None)));
        assert_eq!(m.num(&SESSION_TOTAL_DISTANCE), None);
        assert_eq!(m.num(&SESSION_AVG_HEART_RATE), None);
        assert_eq!(m.num(&SESSION_TOTAL_ASCENT), Some(10_000.0));
        assert_eq!(m.text(&SESSION_SPORT), None);
        assert_eq!(m.num(&SESSION_MAX_HEART_RATE), Some(7.0));
        // triathlon_summary_first.fit (big-endian): a lap's enhanced_avg_speed of two
        // uint32, 862 and 65,535, is 0.862 m/s; an invalid first value is none.
        let data = [0, 0, 3, 0x5E, 0, 0, 0xFF, 0xFF];
        let m = Bytes {
            big: true,
            ..bytes(&[(110, 8, 0x86)], &data)
        };
        assert_eq!(m.num(&LAP_AVG_SPEED), Some(0.862));
        let data = [0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 3, 0x5E];
        let m = Bytes {
            big: true,
            ..bytes(&[(110, 8, 0x86)], &data)
        };
        assert_eq!(m.num(&LAP_AVG_SPEED), None);
        // An array of invalid values is no value at all; so is a string that is not UTF-8.
        let (layout, data) = message(&[(16, 0x02, &[0xFF, 0xFF]), (27, 0x07, &[0xC3, 0x28, 0])]);
        let m = bytes(&layout, &data);
        assert_eq!(m.raw(16), None);
        assert_eq!(m.text(&DEVICE_INFO_PRODUCT_NAME), None);
    }

    /// Found by the `fit` fuzz target (run 18, at once): a field of no bytes panicked when
    /// its first value was read (`&bytes[..one]`). The 42-byte input: a big-endian
    /// file_id whose definition lists its `type` (field 0) again, twice, with size 0.
    #[test]
    fn a_field_of_no_bytes_is_no_value() {
        let (layout, data) = message(&[(1, 0x84, &[]), (16, 0x02, &[150])]);
        let m = bytes(&layout, &data);
        assert_eq!(m.raw(1), None);
        assert_eq!(m.text(&FILE_ID_MANUFACTURER), None);
        assert_eq!(m.num(&SESSION_AVG_HEART_RATE), Some(150.0));
        let input = [
            0x0e, 0x10, 0xe9, 0x05, 0xb1, 0x00, 0x00, 0x00, 0x2e, 0x46, 0x49, 0x54, 0x24, 0x14,
            0x40, 0x00, 0x01, 0x00, 0x00, 0x05, 0x00, 0x01, 0x00, 0x01, 0x02, 0x84, 0x81, 0x00,
            0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x40, 0x00, 0x3f, 0x00, 0x03,
        ];
        let _ = super::super::parse(&input);
    }

    #[test]
    fn a_lap_speed_is_the_larger_of_the_enhanced_field_and_its_16_bit_component() {
        let speed = |fields: &[(u8, u8, &[u8])]| {
            let (layout, data) = message(fields);
            bytes(&layout, &data).num(&LAP_AVG_SPEED)
        };
        assert_eq!(speed(&[(13, 0x84, &3100u16.to_le_bytes())]), Some(3.1));
        assert_eq!(speed(&[(110, 0x86, &3200u32.to_le_bytes())]), Some(3.2));
        assert_eq!(
            speed(&[
                (13, 0x84, &0u16.to_le_bytes()),
                (110, 0x86, &3200u32.to_le_bytes())
            ]),
            Some(3.2)
        );
        assert_eq!(speed(&[(13, 0x84, &[0xFF, 0xFF])]), None);
    }

    #[test]
    fn the_last_valid_of_a_repeated_field_counts_and_big_endian_is_honoured() {
        let (layout, data) =
            message(&[(16, 0x02, &[140]), (16, 0x02, &[0xFF]), (16, 0x02, &[150])]);
        assert_eq!(
            bytes(&layout, &data).num(&SESSION_AVG_HEART_RATE),
            Some(150.0)
        );
        let (layout, data) = message(&[(16, 0x02, &[140]), (16, 0x02, &[0xFF])]);
        assert_eq!(
            bytes(&layout, &data).num(&SESSION_AVG_HEART_RATE),
            Some(140.0)
        );
        let (layout, data) = message(&[(7, 0x86, &600_500u32.to_be_bytes())]);
        let m = Bytes {
            big: true,
            ..bytes(&layout, &data)
        };
        assert_eq!(m.num(&SESSION_TOTAL_ELAPSED_TIME), Some(600.5));
    }

    /// Found by review: a time declared as a 64-bit integer (`start_time` of i64::MAX − 1)
    /// overflowed the arithmetic on instants (`ms_of`); a time is taken within 32 bits.
    #[test]
    fn a_time_beyond_32_bits_is_no_time_and_a_huge_u64_no_integer() {
        let (layout, data) = message(&[(2, 0x8E, &(i64::MAX - 1).to_le_bytes())]);
        assert_eq!(bytes(&layout, &data).secs(&LAP_START_TIME), None);
        let (layout, data) = message(&[(2, 0x86, &u32::MAX.wrapping_sub(1).to_le_bytes())]);
        assert_eq!(
            bytes(&layout, &data).secs(&LAP_START_TIME),
            Some(i64::from(u32::MAX - 1))
        );
        let (layout, data) = message(&[(3, 0x8F, &(1u64 << 63).to_le_bytes())]);
        let m = bytes(&layout, &data);
        assert_eq!(m.raw(3), Some(Raw::Float(2f64.powi(63))));
        assert_eq!(m.num(&FILE_ID_SERIAL_NUMBER), Some(2f64.powi(63)));
    }

    #[test]
    fn a_compressed_header_gives_the_timestamp_where_the_message_has_none() {
        let (layout, data) = message(&[(0, 0x00, &[0]), (1, 0x00, &[0])]);
        let m = Bytes {
            compressed_timestamp: Some(1_000_000_000),
            ..bytes(&layout, &data)
        };
        assert_eq!(m.secs(&TIMESTAMP), Some(1_000_000_000));
        assert_eq!(m.text(&EVENT_EVENT).as_deref(), Some("timer"));
        assert_eq!(m.text(&EVENT_TYPE).as_deref(), Some("start"));
        let (layout, data) = message(&[(253, 0x86, &7u32.to_le_bytes())]);
        let m = Bytes {
            compressed_timestamp: Some(1_000_000_000),
            ..bytes(&layout, &data)
        };
        assert_eq!(m.secs(&TIMESTAMP), Some(7));
    }
}
