//! The one integration-test binary: CLI behaviour, the real corpus, the real history, the
//! store's guarantees. Each test works in its own temporary directory.

mod cli;
mod common;
mod corpus;
mod corrections;
mod demo;
mod exports;
mod facts;
mod fixtures;
mod gear_goals;
mod histories;
mod history;
mod load;
mod never_panic;
mod notes;
mod plateaus;
mod plausibility;
mod report;
mod robustness;
mod roundtrip;
mod routes;
mod seasons;
mod simulate;
mod sports;
mod store;
