//! The application layer: what a command does, as library calls, between the library's parts
//! (ingest, store, analysis) and the command-line interface. The CLI maps flags to options,
//! calls one function here and prints what it returns; a program using rutscope as a library
//! calls the same function and gets the same result.
//!
//! - [`import()`]: import files into the store, filling the analyses' facts cache (a
//!   library caller gets a warm cache).
//! - [`analyze()`]: read the store once and run every analysis over it.

pub mod analyze;
pub mod import;

pub use analyze::{Analysis, analyze};
pub use import::import;
