//! The application layer: what a command does, as library calls, between the library's parts
//! (ingest, store, analysis) and the command-line interface. The CLI maps flags to options,
//! calls one function here and prints what it returns; a program using rutscope as a library
//! calls the same function and gets the same result (after an import, a warm facts cache).
//!
//! - [`import()`]: import files into the store, filling the analyses' facts cache.
//! - `analyze` (to come): read the store once and run every analysis over it.

pub mod import;
// `analyze` goes here, as `pub mod analyze;` with its re-export below.

pub use import::import;
