//! Import as the application does it: the store's import pipeline
//! ([`crate::store::import::import`]) with the analyses' facts cache wired in, so whoever
//! imports leaves a store the analyses start from without reading its samples again.

use std::path::PathBuf;
use std::sync::Arc;

use crate::analysis::metrics::{activity_facts, activity_facts_with};
use crate::store::import::{ImportOptions, ImportSummary, Progress};
use crate::store::{Store, StoreError};

/// Imports `paths` into `store` and fills the facts cache: each activity's facts are
/// computed from its samples as it is parsed ([`ImportOptions::facts`]) and cached with its
/// sample part, and after the import the cache is completed for any part whose facts could
/// not be written then.
///
/// Failing to fill the cache does not fail the import (the analyses compute what is
/// missing, at the cost of time): `on_cache_error` hears of it.
///
/// # Errors
/// What [`crate::store::import::import`] returns: the batches recorded since its last
/// commit (at most [`crate::store::import::COMMIT_EVERY`] of work) were not committed, the
/// ones before were.
pub fn import(
    store: &Store,
    paths: &[PathBuf],
    mut options: ImportOptions,
    progress: &dyn Progress,
    on_cache_error: &mut dyn FnMut(StoreError),
) -> Result<ImportSummary, StoreError> {
    options.facts = Some(Arc::new(activity_facts_with));
    let summary = crate::store::import::import(store, paths, &options, progress)?;
    if summary.activities_added > 0
        && let Err(e) = store.fill_facts(activity_facts)
    {
        on_cache_error(e);
    }
    Ok(summary)
}
