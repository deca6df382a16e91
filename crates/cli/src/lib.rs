//! miglint's command line: parse arguments, discover projects, run, render,
//! and turn the outcome into the contract's exit code.

mod args;
mod baseline;
mod changed;
mod commands;
mod schema;
mod setup;
mod verify;

use std::ffi::OsString;
use std::process::ExitCode;

use clap::Parser;

pub use args::{Cli, Command};

/// Exit codes of the CLI contract.
pub mod exit {
    /// No finding at error severity.
    pub const CLEAN: u8 = 0;
    /// At least one error (or a warning under `--deny-warnings`).
    pub const FINDINGS: u8 = 1;
    /// miglint could not do its job.
    pub const FAILURE: u8 = 2;
}

pub fn main() -> ExitCode {
    let args = args::with_default_command(std::env::args_os().collect::<Vec<OsString>>());
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(error) => {
            let code = if error.use_stderr() {
                exit::FAILURE
            } else {
                exit::CLEAN
            };
            let _ = error.print();
            return ExitCode::from(code);
        }
    };
    ExitCode::from(commands::run(cli))
}
