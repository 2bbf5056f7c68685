use std::process::ExitCode;

use clap::Parser;
use route_explorer::cli::{self, Cli};

fn main() -> ExitCode {
    let args = Cli::parse();
    match args.command {
        Some(command) => cli::run(args.data.as_deref(), command),
        None => route_explorer::app::run_native(args.data.as_deref(), args.view.as_deref()),
    }
}
