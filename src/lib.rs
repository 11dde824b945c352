//! rutscope: import runners' GPS activity files (FIT, GPX, TCX, loose or inside gzip/zip
//! exports) into a columnar Parquet store, and analyze the whole history.
//!
//! The layout follows the data, each layer using only those before it:
//! ingest → store → analysis → app → report, with the command-line interface on top.
//!
//! - [`ingest`] reads files (FIT, GPX, TCX; gzip and zip) into the normalized [`model`];
//! - [`store`] keeps them as Parquet tables and deduplicates, with every column name in
//!   [`store::schema`]; it also keeps the derived facts cache, the profile settings and the
//!   queries over them (an id lookup, for one);
//! - [`analysis`] computes metrics, findings, plateaus, routes and the verdict over plain
//!   data, as typed results (no prose);
//! - [`app`] is the application layer: one call per thing a user does (an import that leaves
//!   the facts cache warm, an analysis that reads the store once), for the CLI and any
//!   library caller alike;
//! - [`report`] puts the results into words ([`report::words`], every label and sentence
//!   once) and lays them out: terminal, Markdown, HTML, JSON;
//! - `cli` (binary only) maps flags to options, calls the layers above and prints. Nothing
//!   below it knows about `clap`.
//!
//! Beside them, [`simulate`] and [`mod@write`] generate histories and files for tests,
//! benches and the demo.

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
