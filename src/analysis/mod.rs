//! Analyses over plain data (the application layer, `crate::app`, reads the store): the
//! formulas they are built from ([`formulas`]), the athlete profile, per-activity metrics,
//! the daily and weekly load series and the training-load findings, plateaus, routes and
//! workout variety, shoes ([`gear`]), goals, strength and other sports ([`cross`]), the
//! overview (seasons, data quality) and the summary's verdict.
//! Nothing here writes prose: findings, reasons and levels are typed data that
//! `crate::report::words` puts into words.

pub mod breaks;
pub mod cross;
pub(crate) mod detectors;
pub mod effort;
pub mod findings;
pub mod formulas;
pub mod gear;
pub mod goals;
pub mod load;
pub mod metrics;
pub mod overview;
pub mod plateau;
pub mod profile;
pub mod recovery;
pub mod routes;
pub mod seasons;
pub mod sport;
pub mod summary;
pub mod training;
pub mod trend;
pub mod variety;
pub mod wellness;
pub mod years;
