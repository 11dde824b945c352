//! Analyses over the store. So far the formulas they are built from ([`formulas`]); the
//! polars pipelines (per-activity metrics, daily load series, plateau and route detection)
//! build on these.

pub mod formulas;
pub mod load;
pub mod metrics;
pub mod profile;
