//! Command line: no subcommand opens the window; the rest run headless.
//! Exit codes: 0 success/valid, 1 invalid data, 2 usage or I/O error.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use crate::export::{self, Target};
use crate::model::Dataset;
use crate::model::load::{self, LoadError};

pub const EXIT_OK: u8 = 0;
pub const EXIT_INVALID: u8 = 1;
pub const EXIT_USAGE_OR_IO: u8 = 2;

#[derive(Debug, Parser)]
#[command(
    name = "route-explorer",
    version,
    about = "Route & Seizure Explorer: opiate trafficking routes and seizures in and around Kazakhstan"
)]
pub struct Cli {
    /// Dataset file to use instead of the embedded one.
    #[arg(long, global = true, value_name = "FILE")]
    pub data: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check a dataset file (default: the embedded dataset) and print counts or every problem.
    Validate {
        /// File to check; overrides --data.
        file: Option<PathBuf>,
    },
    /// Write routes, figures or charts to files.
    #[command(subcommand)]
    Export(ExportCommand),
}

#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// Routes and places as GeoJSON (RFC 7946).
    Routes(OutputArg),
    /// Every figure as CSV, one row per value.
    Figures(OutputArg),
}

#[derive(Debug, Args)]
pub struct OutputArg {
    /// Output file, or `-` for stdout.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: String,
}

/// Load `--data FILE` or the embedded dataset.
pub fn load_dataset(data: Option<&Path>) -> Result<Dataset, LoadError> {
    match data {
        Some(path) => load::load_file(path),
        None => load::load_embedded(),
    }
}

fn exit_code_for(err: &LoadError) -> u8 {
    match err {
        LoadError::Io { .. } => EXIT_USAGE_OR_IO,
        _ => EXIT_INVALID,
    }
}

fn report(err: &LoadError) -> ExitCode {
    for line in err.lines() {
        eprintln!("{line}");
    }
    if let LoadError::Invalid { file, problems } = err {
        eprintln!("{file}: {} problem(s) found", problems.len());
    }
    ExitCode::from(exit_code_for(err))
}

/// Run a headless subcommand.
pub fn run(data: Option<&Path>, command: Command) -> ExitCode {
    match command {
        Command::Validate { file } => {
            let path = file.as_deref().or(data);
            match load_dataset(path) {
                Ok(d) => {
                    let label = path
                        .map(|p| p.display().to_string())
                        .unwrap_or_else(|| load::EMBEDDED_LABEL.to_owned());
                    println!("{label}: valid");
                    println!("sources: {}", d.sources.len());
                    println!("regions: {}", d.regions.len());
                    println!("places: {}", d.places.len());
                    println!("routes: {}", d.routes.len());
                    println!("flows: {}", d.flows.len());
                    println!("figures: {}", d.figures.len());
                    ExitCode::from(EXIT_OK)
                }
                Err(e) => report(&e),
            }
        }
        Command::Export(what) => {
            let dataset = match load_dataset(data) {
                Ok(d) => d,
                Err(e) => return report(&e),
            };
            let (output, bytes) = match what {
                ExportCommand::Routes(o) => {
                    let value = export::geojson::routes_geojson(&dataset);
                    let mut text = match serde_json::to_string_pretty(&value) {
                        Ok(t) => t,
                        Err(e) => {
                            eprintln!("cannot encode GeoJSON: {e}");
                            return ExitCode::from(EXIT_USAGE_OR_IO);
                        }
                    };
                    text.push('\n');
                    (o.output, text.into_bytes())
                }
                ExportCommand::Figures(o) => {
                    (o.output, export::csv::figures_csv(&dataset).into_bytes())
                }
            };
            match export::write_target(&Target::parse(&output), &bytes) {
                Ok(()) => ExitCode::from(EXIT_OK),
                Err(e) => {
                    eprintln!("{e}");
                    ExitCode::from(EXIT_USAGE_OR_IO)
                }
            }
        }
    }
}
