//! The TCX reader on arbitrary bytes: no panic, no hang, sane output.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rutscope::ingest::{self, format::Format};

mod common;

fuzz_target!(|data: &[u8]| {
    if let Ok(p) = ingest::parse_bytes(Format::Tcx, data) {
        common::check(&p);
    }
});
