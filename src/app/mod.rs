//! The application layer: what a command does, as library calls over the store and the
//! analyses, so the CLI only maps flags to options and prints. [`analyze()`] reads the
//! store once and runs every analysis.

pub mod analyze;

pub use analyze::{Analysis, analyze};
