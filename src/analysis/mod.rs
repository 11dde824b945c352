//! Analyses over the store: the formulas they are built from ([`formulas`]), the athlete
//! profile, per-activity metrics (cached by the store), the daily and weekly load series and
//! the training-load findings.

pub mod findings;
pub mod formulas;
pub mod load;
pub mod metrics;
pub mod plateau;
pub mod profile;
pub mod routes;
pub mod training;
pub mod trend;
pub mod variety;
