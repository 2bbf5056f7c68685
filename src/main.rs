use std::process::ExitCode;

use clap::Parser;
use route_explorer::cli::{self, Cli};

fn main() -> ExitCode {
    let args = Cli::parse();
    match args.command {
        Some(command) => cli::run_with(args.data.as_deref(), &args.import, args.offline, command),
        None => route_explorer::app::run_native_with(
            args.data.as_deref(),
            &args.import,
            route_explorer::app::Environment::from_process(args.offline),
        ),
    }
}
