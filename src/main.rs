use std::process::ExitCode;

use clap::{CommandFactory, Parser};
use clap_complete::CompleteEnv;

use airdate::cli::Cli;
use airdate::cmd::{self, TempFail, UsageError};

use airdate::cli::{complete, usage};

fn main() -> ExitCode {
    // A shell asking for completions (`COMPLETE=bash airdate -- ...`) is answered first.
    CompleteEnv::with_factory(Cli::command)
        .var(complete::VAR)
        .shells(complete::SHELLS)
        .complete();
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let cli = Cli::try_parse_from(&args)
        .unwrap_or_else(|err| usage::explain(err, &Cli::command(), &args).exit());
    match cmd::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        // The reader went away (`airdate list | head -1`): not a failure.
        Err(err) if airdate::term::is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            airdate::term::say(&format!("error: {err:#}"));
            if err.downcast_ref::<UsageError>().is_some() {
                ExitCode::from(2)
            } else if err.downcast_ref::<TempFail>().is_some() {
                ExitCode::from(75)
            } else {
                ExitCode::FAILURE
            }
        }
    }
}
