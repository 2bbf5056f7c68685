//! Exports: GeoJSON, CSV, chart images. Files are written atomically.

pub mod csv;
pub mod geojson;
pub mod raster;
pub mod svg;

use std::io::Write;
use std::path::Path;

/// Where an export goes: a file path, or stdout for `-`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Stdout,
    File(std::path::PathBuf),
}

impl Target {
    pub fn parse(arg: &str) -> Target {
        if arg == "-" {
            Target::Stdout
        } else {
            Target::File(arg.into())
        }
    }
}

/// Write `bytes` to `target`. For files: a temporary file in the same folder,
/// flushed to disk, then renamed over the destination, so a failure leaves any
/// existing file untouched. Errors name the path.
pub fn write_target(target: &Target, bytes: &[u8]) -> Result<(), String> {
    match target {
        Target::Stdout => {
            let mut out = std::io::stdout().lock();
            out.write_all(bytes)
                .and_then(|_| out.flush())
                .map_err(|e| format!("<stdout>: cannot write: {e}"))
        }
        Target::File(path) => write_atomic(path, bytes),
    }
}

/// Atomic file write (temporary file + rename). Errors start with the path.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), String> {
    let shown = path.display();
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    let Some(name) = path.file_name() else {
        return Err(format!("{shown}: not a file path"));
    };
    if path.is_dir() {
        return Err(format!("{shown}: is a directory"));
    }
    let tmp = dir.join(format!(
        ".{}.tmp-{}",
        name.to_string_lossy(),
        std::process::id()
    ));
    let result = (|| -> std::io::Result<()> {
        let mut file = std::fs::File::create(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    match result {
        Ok(()) => Ok(()),
        Err(e) => {
            // Best effort: the temporary file may not exist if create failed.
            let _ = std::fs::remove_file(&tmp);
            Err(format!("{shown}: cannot write: {e}"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failed_write_leaves_existing_file_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let existing = dir.path().join("keep.csv");
        std::fs::write(&existing, "old").unwrap();
        // Writing into a folder that does not exist fails before any rename.
        let bad = dir.path().join("missing").join("keep.csv");
        let err = write_atomic(&bad, b"new").unwrap_err();
        assert!(err.starts_with(&bad.display().to_string()), "{err}");
        assert_eq!(std::fs::read_to_string(&existing).unwrap(), "old");
    }

    #[test]
    fn write_replaces_content_and_leaves_no_temp_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.geojson");
        std::fs::write(&path, "old").unwrap();
        write_atomic(&path, b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1);
    }
}
