//! The container walker (zip, gzip, nested) on arbitrary bytes, through to the readers: no
//! panic, no hang, no allocation past the limits.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rutscope::ingest::{
    self,
    container::{self, Limits, WalkItem},
};

mod common;

fuzz_target!(|data: &[u8]| {
    // The walker reads paths: the input goes to a file in memory-backed /dev/shm when there is
    // one. Its name says zip or gzip from the first byte, so both unpackers get inputs.
    let dir = tempfile::tempdir_in("/dev/shm").unwrap_or_else(|_| tempfile::tempdir().unwrap());
    let name = if data.first().is_some_and(|b| b & 1 == 0) {
        "export.zip"
    } else {
        "run.fit.gz"
    };
    let path = dir.path().join(name);
    std::fs::write(&path, data).unwrap();
    let limits = Limits {
        max_unpacked_bytes: 64 << 20,
        max_file_bytes: 16 << 20,
        ..Limits::default()
    };
    container::walk(&[path], limits, &mut |item| {
        if let WalkItem::File(mut f) = item
            && f.unpack().is_ok()
            && let Ok((_, p)) = ingest::parse_any(&f.name, &f.bytes)
        {
            common::check(&p);
        }
    });
});
