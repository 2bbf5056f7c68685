//! `route-explorer import FILE… [--check]` and the global `--import FILE`
//! used by the window and every `export` command.

use std::path::{Path, PathBuf};

use super::{Control, ImportedLayer, Limits, import_file, merge};
use crate::model::Dataset;

/// Exit codes of `import --check`.
pub const EXIT_ALL_USED: u8 = 0;
pub const EXIT_PROBLEMS: u8 = 1;
pub const EXIT_UNREADABLE: u8 = 2;

/// Import every file, printing each summary and its problems to `err`.
/// Returns the layers read and the exit code: 0 if every row of every file
/// was used, 1 if any row was skipped or any problem found, 2 if any file
/// could not be read.
pub fn import_all(
    files: &[PathBuf],
    curated: &Dataset,
    limits: &Limits,
    err: &mut dyn std::io::Write,
) -> (Vec<ImportedLayer>, u8) {
    let mut layers = Vec::new();
    let mut code = EXIT_ALL_USED;
    for path in files {
        match import_file(path, curated, limits, &Control::default()) {
            Ok(layer) => {
                let r = &layer.report;
                let _ = writeln!(
                    err,
                    "{}: {} ({} value(s), {} series, SHA-256 {})",
                    r.file,
                    layer.format.name(),
                    layer.values.len(),
                    layer.series.len(),
                    layer.sha256
                );
                for line in r.summary_lines() {
                    let _ = writeln!(err, "{line}");
                }
                for line in r.problem_lines() {
                    let _ = writeln!(err, "{line}");
                }
                if !r.is_clean() {
                    code = code.max(EXIT_PROBLEMS);
                }
                layers.push(layer);
            }
            Err(e) => {
                let _ = writeln!(err, "{e}");
                code = code.max(e.exit_code());
            }
        }
    }
    (layers, code)
}

/// `--import FILE…` for exports and the window: every file must be
/// readable (else the exit code to stop with); problems inside a file are
/// printed and the rest of it is used.
pub fn layers_for_export(files: &[PathBuf], curated: &Dataset) -> Result<Vec<ImportedLayer>, u8> {
    if files.is_empty() {
        return Ok(vec![]);
    }
    let mut stderr = std::io::stderr();
    let (layers, code) = import_all(files, curated, &Limits::default(), &mut stderr);
    if code == EXIT_UNREADABLE || layers.len() < files.len() {
        return Err(code.max(EXIT_PROBLEMS));
    }
    Ok(layers)
}

/// Merged dataset for a command: curated plus `--import` layers.
pub fn dataset_with(curated: &Dataset, layers: &[ImportedLayer]) -> Dataset {
    merge::merged(curated, layers)
}

/// The file names and SHA-256 of the layers, for provenance.
pub fn provenance_entries(layers: &[ImportedLayer]) -> Vec<(String, String)> {
    layers
        .iter()
        .map(|l| (display(&l.path), l.sha256.clone()))
        .collect()
}

fn display(p: &Path) -> String {
    p.display().to_string()
}
