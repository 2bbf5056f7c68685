use std::process::ExitCode;

use clap::Parser;
use route_explorer::cli::{self, Cli};

fn main() -> ExitCode {
    route_explorer::app::startup_probe::mark("main");
    let args = Cli::parse();
    match args.command {
        // `--view` before a subcommand opens nothing: say where it goes.
        Some(_) if args.view.is_some() => {
            eprintln!(
                "route-explorer: --view before a subcommand opens the window; to render a view, put it after the subcommand: export chart --view FILE / export map --view FILE"
            );
            ExitCode::from(cli::EXIT_USAGE_OR_IO)
        }
        Some(command) => cli::run_with(args.data.as_deref(), &args.import, args.offline, command),
        None => route_explorer::app::run_native_with_view(
            args.data.as_deref(),
            &args.import,
            args.view.as_deref(),
            route_explorer::app::Environment::from_process(args.offline),
        ),
    }
}
