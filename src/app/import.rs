//! Import as the application does it: the store's import pipeline
//! ([`crate::store::import::import`]) with the analyses' facts cache wired in, so whoever
//! imports leaves a store the analyses start from without reading its samples again.

use std::path::PathBuf;
use std::sync::Arc;

use crate::analysis::metrics::activity_facts;
use crate::model::ParsedActivity;
use crate::store::import::{ImportOptions, ImportSummary, PartHook, Progress};
use crate::store::{Store, StoreError};

/// Imports `paths` into `store` and fills the facts cache: each sample part's facts are
/// computed from the samples while they are in memory, and after the import the cache is
/// completed for any part whose facts could not be written then.
///
/// A hook already in `options.on_part` still sees every part, after the facts are cached.
/// Failing to fill the cache does not fail the import (the analyses compute what is
/// missing, at the cost of time): `on_cache_error` hears of it.
///
/// # Errors
/// What [`crate::store::import::import`] returns: the batch being written was not
/// committed, the batches before it were.
pub fn import(
    store: &Store,
    paths: &[PathBuf],
    mut options: ImportOptions,
    progress: &dyn Progress,
    on_cache_error: &mut dyn FnMut(StoreError),
) -> Result<ImportSummary, StoreError> {
    options.on_part = Some(caching_facts(store, options.on_part.take()));
    let summary = crate::store::import::import(store, paths, &options, progress)?;
    if summary.activities_added > 0
        && let Err(e) = store.facts(activity_facts)
    {
        on_cache_error(e);
    }
    Ok(summary)
}

/// A part hook that caches the facts of the part's activities, then calls `then`.
fn caching_facts(store: &Store, then: Option<PartHook>) -> PartHook {
    let store = store.clone();
    Arc::new(move |part: &str, acts: &[(&str, &ParsedActivity)]| {
        store.prepare_facts(part, acts, activity_facts);
        if let Some(then) = &then {
            then(part, acts);
        }
    })
}
