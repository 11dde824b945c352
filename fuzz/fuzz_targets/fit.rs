//! The FIT reader on arbitrary bytes (activity and all-day monitoring files): no panic, no
//! hang, sane output (see `common::check`).
#![no_main]

use libfuzzer_sys::fuzz_target;
use rutscope::ingest::{self, format::Format};

mod common;

fuzz_target!(|data: &[u8]| {
    if let Ok(p) = ingest::parse_bytes(Format::Fit, data) {
        common::check(&p);
    }
});
