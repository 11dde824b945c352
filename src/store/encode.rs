//! Writing a sample part with its columns encoded in parallel.
//!
//! polars' Parquet writer encodes (dictionary, statistics) and compresses (zstd) a row
//! group's columns one after the other on the calling thread, as it writes them. For the
//! import that was the recording thread, and encoding the samples was most of its work: the
//! other cores waited for it (a whole import took 2.5 times its parse). Here each row group's
//! columns are encoded and compressed by polars' own encoder, with the same options as
//! [`super::compression`] and the same schema, on the rayon pool, one column a task; the
//! writer then only copies finished pages. The part reads exactly as one written by
//! `ParquetWriter`.
//!
//! Encoding each activity on the thread that parsed it was tried first: row groups of one
//! activity are small, and zstd makes a new context for every page, so that cost more than
//! it saved (a whole Coros history: 5.9 CPU-seconds instead of 4.1).

use std::io::Write;

use polars::io::parquet::write::{BatchedWriter, get_encodings};
use polars::prelude::*;
use polars_arrow::array::{
    Array, DictionaryArray, MutableBinaryViewArray, PrimitiveArray, Utf8ViewArray,
};
use polars_arrow::bitmap::MutableBitmap;
use polars_arrow::datatypes::IntegerType;
use polars_parquet::parquet::CowBuffer;
use polars_parquet::parquet::page::{DataPage, DataPageHeader, FormatEncoding};
use polars_parquet::parquet::schema::Repetition;
use polars_parquet::read::Page;
use polars_parquet::write::{
    CompressedPage, CompressionOptions, Encoding, ParquetType, StatisticsOptions, Version,
    WriteOptions, array_to_columns, compress, to_parquet_schema,
};
use rayon::prelude::*;

use super::records;

/// A sample part being written, a row group at a time.
pub struct PartWriter<W: Write> {
    writer: BatchedWriter<W>,
    options: WriteOptions,
    /// The samples table's Parquet columns and their encodings, the same for every row group.
    fields: Vec<ParquetType>,
    encodings: Vec<Vec<Encoding>>,
}

impl<W: Write> PartWriter<W> {
    /// Starts a sample part in `file`.
    ///
    /// # Errors
    /// What polars' writer returns.
    pub fn new(file: W) -> PolarsResult<Self> {
        let empty = records::samples_frame_of(&[])?;
        let writer = ParquetWriter::new(file)
            .with_compression(super::compression())
            .batched(empty.schema())?;
        let schema = empty.schema().to_arrow(CompatLevel::newest());
        let fields = to_parquet_schema(&schema)?.fields().to_vec();
        // Floats plainly as far as polars is concerned: it would try a dictionary for each
        // float column of each row group (a cardinality estimate, then often a hash of every
        // value), a tenth of the import's work. `append` makes its own dictionary of a
        // column with few values, and splits the others' plain pages into byte streams.
        // Timestamps and segment numbers as deltas: they rise by a step that rarely changes,
        // so the deltas pack into a few bits. polars would find a timestamp column not worth
        // a dictionary (by its minimum and maximum) and write 8 bytes a value for zstd to
        // squeeze; the deltas make a Coros history's samples 13 % smaller (44.5 → 38.6 MB)
        // and its import 4 % cheaper. Segments fit a dictionary, but their deltas are smaller.
        let encodings: Vec<Vec<Encoding>> = schema
            .iter_values()
            .zip(get_encodings(&schema).iter())
            .map(|(field, e)| match field.dtype() {
                ArrowDataType::Float64 | ArrowDataType::Float32 => vec![Encoding::Plain],
                ArrowDataType::Timestamp(..) | ArrowDataType::UInt32 => {
                    vec![Encoding::DeltaBinaryPacked]
                }
                _ => e.clone(),
            })
            .collect();
        let options = WriteOptions {
            // No minimum or maximum: a part's row groups hold whole batches of activities,
            // whose ranges overlap, so no reader could skip one by them; they cost a
            // twentieth of the import.
            statistics: StatisticsOptions {
                min_value: false,
                max_value: false,
                distinct_count: false,
                null_count: true,
                binary_statistics_truncate_length: None,
            },
            version: Version::V1,
            compression: CompressionOptions::from(super::compression()),
            data_page_size: None,
        };
        Ok(PartWriter {
            writer,
            options,
            fields,
            encodings,
        })
    }

    /// Appends `df` (rows of the samples table, as [`records::samples_frame_of`] makes them,
    /// in its column order) as one row group.
    ///
    /// # Errors
    /// What polars' encoder or writer returns (the file could not be written).
    pub fn append(&mut self, df: &DataFrame) -> PolarsResult<()> {
        let options = self.options;
        for batch in df.iter_chunks(CompatLevel::newest(), false) {
            let columns: Vec<_> = batch
                .columns()
                .iter()
                .zip(&self.fields)
                .zip(&self.encodings)
                .collect();
            let encoded: PolarsResult<Vec<Vec<Vec<CompressedPage>>>> = columns
                .into_par_iter()
                .map(|((array, type_), encoding)| {
                    let dictionary;
                    let mut split = false;
                    let (array, encoding) =
                        if let Some(strings) = array.as_any().downcast_ref::<Utf8ViewArray>() {
                            dictionary = runs_as_dictionary(strings)?.boxed();
                            (&dictionary, encoding.as_slice())
                        } else if let Some(floats) =
                            array.as_any().downcast_ref::<PrimitiveArray<f64>>()
                        {
                            match float_dictionary(floats) {
                                Some(d) => {
                                    dictionary = d.boxed();
                                    (&dictionary, &[Encoding::RleDictionary][..])
                                }
                                None => {
                                    split = true;
                                    (array, encoding.as_slice())
                                }
                            }
                        } else {
                            (array, encoding.as_slice())
                        };
                    // A dictionary column's keys in one data page per row group: polars
                    // gives each of a dictionary column's pages the whole column's null
                    // count, and the chunk's statistics add them up (a full row group's
                    // keys are two pages at polars' 1 MiB: twice the nulls, which a reader
                    // could take for a group of nulls only and skip).
                    let options = if encoding == [Encoding::RleDictionary] {
                        WriteOptions {
                            data_page_size: Some(usize::MAX),
                            ..options
                        }
                    } else {
                        options
                    };
                    array_to_columns(array, type_.clone(), options, encoding)?
                        .into_iter()
                        .map(|pages| {
                            pages
                                .map(|page| {
                                    let page = if split {
                                        byte_stream_split(page?)
                                    } else {
                                        page?
                                    };
                                    Ok(compress(page, Vec::new(), options.compression)?)
                                })
                                .collect::<PolarsResult<Vec<CompressedPage>>>()
                        })
                        .collect()
                })
                .collect();
            let leaves: Vec<Vec<CompressedPage>> = encoded?.into_iter().flatten().collect();
            self.writer.write_row_group(batch.len() as u64, &leaves)?;
        }
        Ok(())
    }

    /// Writes the footer.
    ///
    /// # Errors
    /// What polars' writer returns.
    pub fn finish(self) -> PolarsResult<()> {
        self.writer.finish().map(|_| ())
    }
}

/// A string column whose equal values come in runs (the activity id: each activity's rows
/// are contiguous) as a dictionary of its runs, found by comparing each value with the one
/// before. polars would estimate the column's cardinality (a HyperLogLog over every value)
/// and then hash every value into a dictionary: 5 % of a Coros history's import, all on
/// the thread that records the batch. A value that comes back after another run is in the
/// dictionary twice, which Parquet allows and readers resolve through the keys.
fn runs_as_dictionary(strings: &Utf8ViewArray) -> PolarsResult<DictionaryArray<u32>> {
    let mut keys = Vec::with_capacity(strings.len());
    let mut values = MutableBinaryViewArray::<str>::new();
    let mut last: Option<Option<&str>> = None;
    let mut validity = MutableBitmap::with_capacity(strings.len());
    for v in strings.iter() {
        if last != Some(v) {
            values.push_value(v.unwrap_or_default());
            last = Some(v);
        }
        keys.push(values.len() as u32 - 1);
        validity.push(v.is_some());
    }
    let keys = PrimitiveArray::new(ArrowDataType::UInt32, keys.into(), validity.into());
    let dtype = ArrowDataType::Dictionary(
        IntegerType::UInt32,
        Box::new(ArrowDataType::Utf8View),
        false,
    );
    DictionaryArray::try_new(dtype, keys, values.freeze().boxed())
}

/// Most distinct values a float column may have in a row group to be written as a
/// dictionary. The keys then take at most 12 bits a value.
const FLOAT_DICTIONARY_MAX: usize = 1 << 12;

/// A float column with few distinct values (heart rate, cadence, an altitude or speed
/// recorded at the watch's resolution) as a dictionary of them, or `None` when it has more
/// than [`FLOAT_DICTIONARY_MAX`], more than a quarter of its values, or no value at all.
/// Values are told apart by their bits, so every value (-0.0, a NaN) reads back as it was.
/// Keys of 7–12 bits leave zstd a tenth of the 8 bytes a value it would otherwise compress.
/// polars' own dictionary attempt (a cardinality estimate, then a hash of every value) cost
/// a tenth of the import; this is one multiply and a probe of a small table per value.
fn float_dictionary(floats: &PrimitiveArray<f64>) -> Option<DictionaryArray<u32>> {
    const SLOTS: usize = 2 * FLOAT_DICTIONARY_MAX;
    const EMPTY: u32 = u32::MAX;
    let present = floats.len() - floats.null_count();
    let most = FLOAT_DICTIONARY_MAX.min(present / 4);
    if most == 0 {
        return None;
    }
    let mut slots = vec![EMPTY; SLOTS];
    let mut values: Vec<f64> = Vec::with_capacity(64);
    let mut keys: Vec<u32> = Vec::with_capacity(floats.len());
    for v in floats.iter() {
        let Some(&v) = v else {
            keys.push(0);
            continue;
        };
        let bits = v.to_bits();
        let mut slot =
            (bits.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - SLOTS.trailing_zeros())) as usize;
        let key = loop {
            match slots[slot] {
                EMPTY => {
                    if values.len() == most {
                        return None;
                    }
                    slots[slot] = values.len() as u32;
                    values.push(v);
                    break values.len() as u32 - 1;
                }
                k if values[k as usize].to_bits() == bits => break k,
                _ => slot = (slot + 1) % SLOTS,
            }
        };
        keys.push(key);
    }
    let keys = PrimitiveArray::new(
        ArrowDataType::UInt32,
        keys.into(),
        floats.validity().cloned(),
    );
    let dtype =
        ArrowDataType::Dictionary(IntegerType::UInt32, Box::new(ArrowDataType::Float64), false);
    let values = PrimitiveArray::new(ArrowDataType::Float64, values.into(), None).boxed();
    DictionaryArray::try_new(dtype, keys, values).ok()
}

/// A plainly encoded page of 8-byte floats as Parquet's BYTE_STREAM_SPLIT: the values'
/// first bytes, then their second bytes, and so on. A track's latitudes, longitudes,
/// distances and times differ in their low bytes only, so the high bytes' streams are
/// runs that zstd compresses at 4–5 times its speed on the interleaved values, and to a
/// smaller part (a simulated year's latitudes 2.24 → 1.59 MB, distances 3.36 → 2.69 MB).
/// A page that is not what [`array_to_columns`] writes for a nullable float (its
/// definition levels, then 8 bytes a present value) is returned as it was.
fn byte_stream_split(page: Page) -> Page {
    let Page::Data(mut page) = page else {
        return page;
    };
    let DataPageHeader::V1(mut header) = page.header().clone() else {
        return Page::Data(page);
    };
    if header.encoding != FormatEncoding::PLAIN {
        return Page::Data(page);
    }
    let optional = page.descriptor.primitive_type.field_info.repetition == Repetition::Optional;
    let buffer = page.buffer_mut();
    let levels = if optional {
        match buffer.get(..4) {
            Some(len) => 4 + u32::from_le_bytes(len.try_into().expect("4 bytes")) as usize,
            None => return Page::Data(page),
        }
    } else {
        0
    };
    if levels > buffer.len() || (buffer.len() - levels) % 8 != 0 {
        return Page::Data(page);
    }
    let values = &buffer[levels..];
    let n = values.len() / 8;
    let mut split = Vec::with_capacity(buffer.len());
    split.extend_from_slice(&buffer[..levels]);
    split.resize(buffer.len(), 0);
    let streams = &mut split[levels..];
    // A block of values at a time (32 KiB, in the first-level cache), one stream after
    // the other: each stream is written in order, with no bounds check.
    const BLOCK: usize = 4096;
    for (k, block) in values.chunks(8 * BLOCK).enumerate() {
        for (b, stream) in streams.chunks_exact_mut(n).enumerate() {
            let out = &mut stream[k * BLOCK..k * BLOCK + block.len() / 8];
            for (byte, value) in out.iter_mut().zip(block.chunks_exact(8)) {
                *byte = value[b];
            }
        }
    }
    header.encoding = FormatEncoding::BYTE_STREAM_SPLIT;
    let rows = page.num_rows.unwrap_or(n);
    Page::Data(DataPage::new(
        DataPageHeader::V1(header),
        CowBuffer::Owned(split),
        page.descriptor.clone(),
        rows,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ParsedActivity, SampleRow, Sport};
    use polars_parquet::parquet::metadata::{ColumnChunkMetadata, FileMetadata};
    use std::fs::File;
    use std::path::{Path, PathBuf};

    fn activity(n: usize, hr: f64) -> ParsedActivity {
        let mut a = ParsedActivity::new(Sport::Running);
        for i in 0..n {
            a.samples.push(SampleRow {
                t_ms: Some(1_700_000_000_000 + i as i64 * 1000),
                segment: (i / 4) as u32,
                lat: (i % 3 != 0).then_some(46.0 + i as f64 * 1e-5),
                heart_rate_bpm: Some(hr + i as f64),
                ..Default::default()
            });
        }
        a.samples.finish_elapsed();
        a
    }

    /// A part written a piece (row group) at a time, in a temporary folder that lives as
    /// long as the returned guard.
    fn written(pieces: &[Vec<records::SampleSlice<'_>>]) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("part.parquet");
        let file = File::create(&path).unwrap();
        let mut w = PartWriter::new(&file).unwrap();
        for p in pieces {
            w.append(&records::samples_frame_of(p).unwrap()).unwrap();
        }
        w.finish().unwrap();
        (dir, path)
    }

    /// A part read back whole by polars.
    fn read_back(path: &Path) -> DataFrame {
        ParquetReader::new(File::open(path).unwrap())
            .finish()
            .unwrap()
    }

    /// A part written a piece (row group) at a time, read back whole by polars.
    fn written_and_read_back(pieces: &[Vec<records::SampleSlice<'_>>]) -> DataFrame {
        read_back(&written(pieces).1)
    }

    /// What `f` reads from the footer of the part at `path` and the chunk of column `name`
    /// in its first row group.
    fn first_chunk<T>(
        path: &Path,
        name: &str,
        f: impl FnOnce(&FileMetadata, &ColumnChunkMetadata) -> T,
    ) -> T {
        let meta = polars_parquet::read::read_metadata(&mut File::open(path).unwrap()).unwrap();
        let column = meta.row_groups[0]
            .parquet_columns()
            .iter()
            .find(|c| c.descriptor().path_in_schema[0].as_str() == name)
            .unwrap();
        f(&meta, column)
    }

    #[test]
    fn a_part_written_in_pieces_reads_back_as_the_whole_table() {
        let (a, b, c, empty) = (
            activity(7, 120.0),
            activity(5, 130.0),
            activity(9, 140.0),
            activity(0, 0.0),
        );
        let acts = [("a", &a), ("e", &empty), ("b", &b), ("c", &c)];
        let pieces = records::sample_pieces(&acts, 4);
        // 21 rows in pieces of 4: activities straddle pieces, the last is shorter.
        let sizes: Vec<usize> = pieces
            .iter()
            .map(|p| p.iter().map(|s| s.2.len()).sum())
            .collect();
        assert_eq!(sizes, vec![4, 4, 4, 4, 4, 1]);
        let back = written_and_read_back(&pieces);
        let whole = records::samples_frame(&acts).unwrap();
        assert_eq!(back.height(), 21);
        assert!(back.equals_missing(&whole), "{back}\n{whole}");
    }

    #[test]
    fn an_activity_id_that_comes_back_after_another_reads_back_in_its_rows() {
        // The id column is written as a dictionary of its runs: `a`'s second run is a
        // second dictionary entry with the same value.
        let (a, b, c) = (activity(3, 120.0), activity(2, 130.0), activity(4, 140.0));
        let acts = [("a", &a), ("b", &b), ("a", &c)];
        let back = written_and_read_back(&records::sample_pieces(&acts, 1024));
        let ids: Vec<_> = back
            .column("activity_id")
            .unwrap()
            .str()
            .unwrap()
            .iter()
            .map(Option::unwrap)
            .collect();
        assert_eq!(ids, ["a", "a", "a", "b", "b", "a", "a", "a", "a"]);
        assert!(back.equals_missing(&records::samples_frame(&acts).unwrap()));
    }

    #[test]
    fn floats_read_back_bit_for_bit_from_a_dictionary_or_byte_streams() {
        // Heart rate takes 12 values (a dictionary), cadence 5 odd ones (a dictionary whose
        // entries are told apart by their bits), latitude a new value every row (byte
        // streams), elevation none at all; gaps in each.
        let odd = [-0.0, 0.0, f64::NAN, f64::INFINITY, 85.5];
        let mut a = ParsedActivity::new(Sport::Running);
        for i in 0..400 {
            a.samples.push(SampleRow {
                t_ms: Some(1_700_000_000_000 + i as i64 * 1000),
                lat: (i % 7 != 0).then_some(46.0 + i as f64 * 1.3e-5),
                heart_rate_bpm: (i % 5 != 0).then_some(120.0 + (i % 12) as f64),
                cadence_rpm: (i % 11 != 0).then_some(odd[i % 5]),
                ..Default::default()
            });
        }
        a.samples.finish_elapsed();
        let acts = [("a", &a)];
        let (_dir, path) = written(&records::sample_pieces(&acts, 1 << 20));
        let dictionary =
            |name| first_chunk(&path, name, |_, c| c.dictionary_page_offset().is_some());
        assert!(dictionary("heart_rate_bpm") && dictionary("cadence_rpm"));
        assert!(!dictionary("lat") && !dictionary("elevation_m"));

        let back = read_back(&path);
        let bits = |name: &str, df: &DataFrame| -> Vec<Option<u64>> {
            let c = df.column(name).unwrap().f64().unwrap();
            c.iter().map(|v| v.map(f64::to_bits)).collect()
        };
        let whole = records::samples_frame(&acts).unwrap();
        for name in [
            "lat",
            "heart_rate_bpm",
            "cadence_rpm",
            "elevation_m",
            "elapsed_s",
        ] {
            assert_eq!(bits(name, &back), bits(name, &whole), "{name}");
        }
        assert_eq!(bits("cadence_rpm", &back)[2], Some(f64::NAN.to_bits()));
        assert_eq!(bits("cadence_rpm", &back)[0], None);
        assert_eq!(bits("cadence_rpm", &back)[5], Some((-0.0f64).to_bits()));
    }

    #[test]
    fn a_row_group_of_several_pages_reads_back_bit_for_bit_with_its_null_counts() {
        // 300,000 rows: each float column spans several data pages (polars cuts them at
        // about 1 MiB), each page split into byte streams or keyed into the dictionary.
        let mut a = ParsedActivity::new(Sport::Running);
        for i in 0..300_000u32 {
            a.samples.push(SampleRow {
                t_ms: Some(1_700_000_000_000 + i64::from(i) * 1000),
                lat: (i % 13 != 0).then_some(46.0 + f64::from(i) * 1.1e-6),
                distance_m: Some(f64::from(i) * 2.7),
                heart_rate_bpm: (i % 17 != 0).then_some(100.0 + f64::from(i % 90)),
                ..Default::default()
            });
        }
        a.samples.finish_elapsed();
        let acts = [("a", &a)];
        let (_dir, path) = written(&records::sample_pieces(&acts, 1 << 20));
        // Each column's null count, as its statistics say, is the one it has.
        let nulls = |name| {
            first_chunk(&path, name, |meta, c| {
                c.statistics(&meta.footer_buf)
                    .unwrap()
                    .unwrap()
                    .null_count()
            })
        };
        assert_eq!(nulls("heart_rate_bpm"), Some(300_000 / 17 + 1));
        assert_eq!(nulls("lat"), Some(300_000 / 13 + 1));
        assert_eq!(nulls("power_w"), Some(300_000));
        let back = read_back(&path);
        let whole = records::samples_frame(&acts).unwrap();
        for name in ["lat", "distance_m", "heart_rate_bpm", "elapsed_s"] {
            let bits = |df: &DataFrame| -> Vec<Option<u64>> {
                let c = df.column(name).unwrap().f64().unwrap();
                c.iter().map(|v| v.map(f64::to_bits)).collect()
            };
            assert_eq!(bits(&back), bits(&whole), "{name}");
        }
    }

    #[test]
    fn a_float_page_split_into_byte_streams_keeps_its_levels_and_transposes_its_values() {
        let floats = PrimitiveArray::<f64>::from([Some(1.5), None, Some(-2.25), Some(1e300)]);
        let type_ = to_parquet_schema(&ArrowSchema::from_iter([ArrowField::new(
            "x".into(),
            ArrowDataType::Float64,
            true,
        )]))
        .unwrap()
        .fields()[0]
            .clone();
        let options = WriteOptions {
            statistics: StatisticsOptions::empty(),
            version: Version::V1,
            compression: CompressionOptions::Uncompressed,
            data_page_size: None,
        };
        let mut pages =
            array_to_columns(floats.boxed(), type_, options, &[Encoding::Plain]).unwrap();
        let plain = match pages.remove(0).next().unwrap().unwrap() {
            Page::Data(p) => p,
            _ => panic!("a data page"),
        };
        let split = match byte_stream_split(Page::Data(plain.clone())) {
            Page::Data(p) => p,
            _ => panic!("a data page"),
        };
        assert_eq!(split.header().encoding(), FormatEncoding::BYTE_STREAM_SPLIT);
        let levels = plain.buffer().len() - 3 * 8;
        assert_eq!(split.buffer()[..levels], plain.buffer()[..levels]);
        let values = [1.5f64, -2.25, 1e300].map(f64::to_le_bytes);
        for (b, stream) in split.buffer()[levels..].chunks(3).enumerate() {
            assert_eq!(stream, [values[0][b], values[1][b], values[2][b]]);
        }
    }

    #[test]
    fn a_part_with_no_rows_is_an_empty_table_with_the_columns() {
        let back = written_and_read_back(&[]);
        let columns = records::samples_frame_of(&[]).unwrap().width();
        assert_eq!((back.height(), back.width()), (0, columns));
    }
}
