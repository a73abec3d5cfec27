use std::process::ExitCode;

use clap::Parser;

use airdate::cli::Cli;
use airdate::cmd::{self, UsageError};
use airdate::store;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cmd::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        // The reader went away (`airdate list | head -1`): not a failure.
        Err(err) if store::is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err:#}");
            if err.downcast_ref::<UsageError>().is_some() {
                ExitCode::from(2)
            } else {
                ExitCode::FAILURE
            }
        }
    }
}
