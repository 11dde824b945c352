//! The `rutscope` binary: parse the arguments, run, map the outcome to an exit code.

mod cli;

use std::io::ErrorKind;

use clap::Parser;
use cli::exit::ExitCode;

fn main() -> std::process::ExitCode {
    let cli = cli::Cli::parse();
    match cli::run(cli) {
        Ok(code) => code.into(),
        Err(e) => {
            // A closed pipe (`rutscope list | head`) is not a failure.
            if e.chain().any(|c| {
                c.downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == ErrorKind::BrokenPipe)
            }) {
                return ExitCode::Success.into();
            }
            eprintln!("rutscope: error: {e:#}");
            ExitCode::Error.into()
        }
    }
}
