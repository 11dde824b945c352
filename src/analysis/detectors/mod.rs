//! The rules behind [`super::findings::detect`], one file a family: pure functions of the
//! analysed series ([`super::findings::Builder`]) that push typed findings (evidence with
//! dates, numbers and activity ids), in the order `detect` runs them. The kinds, their
//! thresholds and the evidence types stay in [`super::findings`], the one place the report's
//! words and the rules' table read them from; the other analyses' rules (plateaus, routes,
//! seasons, recovery, gear, goals, cross-training, effort) live in their own modules.

pub(crate) mod detraining;
pub(crate) mod efficiency;
pub(crate) mod load;
