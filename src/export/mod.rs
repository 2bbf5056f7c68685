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
    write_atomic_with(path, bytes, &mut |file, bytes| file.write_all(bytes))
}

/// `write_atomic` with the step that writes the bytes into the temporary
/// file given (tests pass one that fails halfway, as a full disk does).
/// Whatever fails, the temporary file is removed and an existing file at
/// `path` is left as it was.
pub fn write_atomic_with(
    path: &Path,
    bytes: &[u8],
    write: &mut dyn FnMut(&mut std::fs::File, &[u8]) -> std::io::Result<()>,
) -> Result<(), String> {
    let shown = path.display();
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    let Some(name) = path.file_name() else {
        return Err(format!("{shown}: not a file path"));
    };
    match std::fs::metadata(&dir) {
        Ok(m) if !m.is_dir() => {
            return Err(format!(
                "{shown}: cannot write: {} is not a folder",
                dir.display()
            ));
        }
        Ok(_) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(format!(
                "{shown}: cannot write: the folder {} does not exist",
                dir.display()
            ));
        }
        Err(e) => return Err(format!("{shown}: cannot write: {e}")),
    }
    match std::fs::metadata(path) {
        Ok(m) if m.is_dir() => return Err(format!("{shown}: is a folder, not a file")),
        // Renaming over a device or a pipe would replace it, not write to it.
        Ok(m) if !m.is_file() => return Err(format!("{shown}: is not a regular file")),
        _ => {}
    }
    // A fresh name that nothing else uses (create_new refuses to follow or
    // reuse an existing entry, links included).
    let mut attempt = 0u32;
    let (tmp, mut file) = loop {
        let tmp = dir.join(format!(
            ".{}.tmp-{}-{attempt}",
            name.to_string_lossy(),
            std::process::id()
        ));
        match std::fs::File::options()
            .write(true)
            .create_new(true)
            .open(&tmp)
        {
            Ok(file) => break (tmp, file),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && attempt < 100 => {
                attempt += 1;
            }
            Err(e) => return Err(format!("{shown}: cannot write: {e}")),
        }
    };
    let result = write(&mut file, bytes)
        .and_then(|_| file.sync_all())
        .and_then(|_| {
            drop(file);
            std::fs::rename(&tmp, path)
        });
    match result {
        Ok(()) => Ok(()),
        Err(e) => {
            // Best effort: the rename may have failed after the file was made.
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
    fn a_write_that_fails_halfway_leaves_no_partial_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("chart.png");
        std::fs::write(&path, "old").unwrap();
        let bytes = vec![7u8; 64 * 1024];
        // Half the bytes reach the disk, then it is full.
        let err = write_atomic_with(&path, &bytes, &mut |file, bytes| {
            file.write_all(&bytes[..bytes.len() / 2])?;
            Err(std::io::Error::from_raw_os_error(28))
        })
        .unwrap_err();
        assert!(err.starts_with(&path.display().to_string()), "{err}");
        assert!(err.contains("No space left on device"), "{err}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old");
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1, "the temporary file is removed");
    }

    #[test]
    fn a_new_file_that_fails_halfway_is_not_created() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("new.svg");
        let err = write_atomic_with(&path, b"<svg/>", &mut |file, bytes| {
            file.write_all(&bytes[..3])?;
            Err(std::io::Error::from_raw_os_error(28))
        })
        .unwrap_err();
        assert!(err.contains("No space left"), "{err}");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn folders_and_special_files_are_refused_by_name() {
        let dir = tempfile::tempdir().unwrap();
        let err = write_atomic(dir.path(), b"x").unwrap_err();
        assert!(err.contains("is a folder"), "{err}");
        let missing = dir.path().join("nope").join("a.csv");
        let err = write_atomic(&missing, b"x").unwrap_err();
        assert!(err.contains("does not exist"), "{err}");
        let file = dir.path().join("file");
        std::fs::write(&file, "keep").unwrap();
        let err = write_atomic(&file.join("a.csv"), b"x").unwrap_err();
        assert!(err.contains("is not a folder"), "{err}");
        #[cfg(unix)]
        {
            let err = write_atomic(Path::new("/dev/null"), b"x").unwrap_err();
            assert!(err.contains("is not a regular file"), "{err}");
        }
        assert_eq!(std::fs::read_to_string(&file).unwrap(), "keep");
    }

    #[test]
    fn a_leftover_temporary_name_is_not_reused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.csv");
        let stale = dir
            .path()
            .join(format!(".out.csv.tmp-{}-0", std::process::id()));
        std::fs::write(&stale, "someone else's").unwrap();
        write_atomic(&path, b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        assert_eq!(std::fs::read_to_string(&stale).unwrap(), "someone else's");
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
