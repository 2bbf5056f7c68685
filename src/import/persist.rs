//! Imported layers survive a restart as the list of files (path, name,
//! SHA-256); each start re-reads and re-validates them. A file that moved or
//! changed is reported, never fatal.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use super::{ImportError, ImportedLayer};

/// What is remembered of an imported file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersistedImport {
    pub path: PathBuf,
    pub name: String,
    pub sha256: String,
}

impl PersistedImport {
    pub fn of(layer: &ImportedLayer) -> PersistedImport {
        PersistedImport {
            path: layer.path.clone(),
            name: layer.name.clone(),
            sha256: layer.sha256.clone(),
        }
    }
}

/// What to tell the user when a remembered file is read again: `None` if it
/// is unchanged.
pub fn restore_message(
    previous: &PersistedImport,
    result: &Result<ImportedLayer, ImportError>,
) -> Option<String> {
    match result {
        Ok(layer) if layer.sha256 == previous.sha256 => None,
        Ok(layer) => Some(format!(
            "{}: the file changed since it was imported (SHA-256 was {}…, now {}…); it was read \
             and checked again",
            previous.path.display(),
            short(&previous.sha256),
            short(&layer.sha256)
        )),
        Err(ImportError::Io { .. }) if !previous.path.exists() => Some(format!(
            "{}: imported earlier, but the file is no longer there (moved or deleted); its layer \
             is not shown. Import it again from its new place, or remove it.",
            previous.path.display()
        )),
        Err(e) => Some(format!("{e} (imported earlier; its layer is not shown)")),
    }
}

/// The first 12 hex digits of a SHA-256, as messages show it.
pub fn short(hash: &str) -> &str {
    hash.get(..12).unwrap_or(hash)
}
