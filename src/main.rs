//! The `rutscope` binary: parse the arguments, run, map the outcome to an exit code.

mod cli;

use std::io::ErrorKind;

use clap::Parser;
use cli::exit::ExitCode;

fn main() -> std::process::ExitCode {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    tune_malloc();
    let cli = cli::Cli::parse();
    match cli::run(cli) {
        Ok(code) => code.into(),
        // A closed pipe (`rutscope list | head`) is not a failure.
        Err(e) if is_broken_pipe(&e) => ExitCode::Success.into(),
        Err(e) => {
            eprintln!("rutscope: error: {e:#}");
            ExitCode::Error.into()
        }
    }
}

/// Lets glibc's malloc keep the memory a batch frees for the next one.
///
/// By default glibc returns the top of a heap to the kernel once 128 KiB of it are free,
/// and maps blocks above an adaptive threshold (128 KiB to 32 MiB) one by one. The import
/// frees each batch's samples and columns (megabytes a column) and allocates as much for
/// the next batch, so the kernel zeroed and faulted the same memory in again every batch.
/// Blocks up to 16 MiB now come from the heap, and up to 32 MiB of free heap is kept; at
/// most four arenas (glibc's default is eight a core, one a thread here: the import's
/// threads each kept their free heap, and 10 years of FIT peaked at 291 instead of
/// 201 MiB with 64 MiB kept). The Coros histories (1,141 FIT files, 114 MB) import in 5 %
/// less wall time, 1.73 → 1.63 s, and their system time halves; the 10-year import's peak
/// stays 211 MiB (docs/performance.md, stop 33). Setting either threshold alone turns off
/// glibc's adaptive one and is slower than the default.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn tune_malloc() {
    const MMAP_THRESHOLD: libc::c_int = 16 << 20;
    const TRIM_THRESHOLD: libc::c_int = 32 << 20;
    const ARENA_MAX: libc::c_int = 4;
    // SAFETY: `mallopt` only sets parameters of the allocator, and runs first in `main`,
    // before any other thread could allocate. A refused parameter (returns 0) leaves
    // glibc's default, which is correct, only slower.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, MMAP_THRESHOLD);
        libc::mallopt(libc::M_TRIM_THRESHOLD, TRIM_THRESHOLD);
        libc::mallopt(libc::M_ARENA_MAX, ARENA_MAX);
    }
}

/// Whether writing the output met a closed pipe. serde_json wraps the `io::Error` of its
/// writer in its own error, whose `source()` skips it, so it is asked for the kind.
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        let kind = match c.downcast_ref::<std::io::Error>() {
            Some(io) => Some(io.kind()),
            None => c
                .downcast_ref::<serde_json::Error>()
                .and_then(serde_json::Error::io_error_kind),
        };
        kind == Some(ErrorKind::BrokenPipe)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{self, Write};

    /// A writer whose reader has gone.
    struct ClosedPipe;

    impl Write for ClosedPipe {
        fn write(&mut self, _: &[u8]) -> io::Result<usize> {
            Err(ErrorKind::BrokenPipe.into())
        }
        fn flush(&mut self) -> io::Result<()> {
            Err(ErrorKind::BrokenPipe.into())
        }
    }

    #[test]
    fn a_closed_pipe_is_recognised_however_it_is_wrapped() {
        let json = cli::write_json(&mut ClosedPipe, &[1, 2, 3]).unwrap_err();
        assert!(is_broken_pipe(&json), "{json:#}");
        let text = anyhow::Error::from(writeln!(ClosedPipe, "x").unwrap_err()).context("listing");
        assert!(is_broken_pipe(&text), "{text:#}");
    }

    #[test]
    fn other_errors_are_errors() {
        let full = anyhow::Error::from(io::Error::from(ErrorKind::StorageFull));
        assert!(!is_broken_pipe(&full));
        let bad_json = anyhow::Error::from(serde_json::from_str::<u8>("x").unwrap_err());
        assert!(!is_broken_pipe(&bad_json));
        assert!(!is_broken_pipe(&anyhow::anyhow!("Broken pipe")));
    }
}
