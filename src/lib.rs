//! rutscope: import runners' GPS activity files (FIT, GPX, TCX, loose or inside gzip/zip
//! exports) into a columnar Parquet store, and analyze the whole history.
//!
//! The layout follows the data: [`ingest`] reads files into the normalized [`model`],
//! [`store`] keeps them as Parquet tables (and deduplicates), and the command-line
//! interface in `cli` (binary only) sits on top. Nothing below the CLI knows about `clap`.

#![warn(missing_docs)]

pub mod analysis;
pub mod app;
pub mod ingest;
pub mod model;
pub mod report;
pub mod simulate;
pub mod store;
pub mod write;

/// Where the corpus of real test files is: `RUTSCOPE_CORPUS`, else `../shared/corpus`
/// beside the crate. Shared by tests and benches; `None` when absent.
pub fn corpus_dir() -> Option<std::path::PathBuf> {
    let p = match std::env::var_os("RUTSCOPE_CORPUS") {
        Some(p) => std::path::PathBuf::from(p),
        None => std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"),
    };
    p.is_dir().then_some(p)
}
