//! Bytes → `Dataset`, with errors that name the file and the position.

use std::fmt;
use std::path::Path;

use super::Dataset;
use super::validate::{Problem, validate};

/// The curated dataset compiled into the binary: the app's default.
pub const EMBEDDED_JSON: &str = include_str!("../../data/kazakhstan.json");
/// How the embedded dataset is named in messages.
pub const EMBEDDED_LABEL: &str = "<embedded>/data/kazakhstan.json";

/// Why a dataset file could not be used. Every message starts with the file's path.
#[derive(Debug, Clone, PartialEq)]
pub enum LoadError {
    /// The file could not be read at all.
    Io { file: String, message: String },
    /// Not UTF-8: `offset` is the byte where decoding failed.
    Encoding { file: String, offset: usize },
    /// JSON syntax or shape error at a 1-based line and column.
    Syntax {
        file: String,
        line: usize,
        column: usize,
        message: String,
    },
    /// Parsed, but the content is inconsistent: every problem found.
    Invalid {
        file: String,
        problems: Vec<Problem>,
    },
}

impl LoadError {
    pub fn file(&self) -> &str {
        match self {
            LoadError::Io { file, .. }
            | LoadError::Encoding { file, .. }
            | LoadError::Syntax { file, .. }
            | LoadError::Invalid { file, .. } => file,
        }
    }

    /// One line per message, each starting with the file's path.
    pub fn lines(&self) -> Vec<String> {
        match self {
            LoadError::Invalid { file, problems } => {
                problems.iter().map(|p| format!("{file}: {p}")).collect()
            }
            other => vec![other.to_string()],
        }
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoadError::Io { file, message } => write!(f, "{file}: cannot read file: {message}"),
            LoadError::Encoding { file, offset } => {
                write!(f, "{file}: not valid UTF-8 at byte {offset}")
            }
            LoadError::Syntax {
                file,
                line,
                column,
                message,
            } => write!(f, "{file}:{line}:{column}: {message}"),
            LoadError::Invalid { file, problems } => {
                write!(f, "{file}: {} problem(s)", problems.len())?;
                for p in problems {
                    write!(f, "\n{file}: {p}")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for LoadError {}

/// Parse without semantic validation (syntax and shape only).
pub fn parse(file: &str, bytes: &[u8]) -> Result<Dataset, LoadError> {
    let text = std::str::from_utf8(bytes).map_err(|e| LoadError::Encoding {
        file: file.to_owned(),
        offset: e.valid_up_to(),
    })?;
    // A byte-order mark is legal in files saved by some editors; JSON forbids it.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // serde would read a struct from an array by position; say plainly instead.
    if let Some((offset, ch)) = text.char_indices().find(|(_, c)| !c.is_whitespace())
        && ch != '{'
    {
        {
            let (line, column) = line_column(text, offset);
            return Err(LoadError::Syntax {
                file: file.to_owned(),
                line,
                column,
                message: format!("expected a JSON object starting with '{{', found '{ch}'"),
            });
        }
    }
    serde_json::from_str::<Dataset>(text).map_err(|e| {
        let message = strip_position(&e.to_string());
        LoadError::Syntax {
            file: file.to_owned(),
            line: e.line().max(1),
            column: e.column().max(1),
            message,
        }
    })
}

/// Parse and validate: the dataset only if it has no problems at all.
pub fn load_bytes(file: &str, bytes: &[u8]) -> Result<Dataset, LoadError> {
    let dataset = parse(file, bytes)?;
    let problems = validate(&dataset);
    if problems.is_empty() {
        Ok(dataset)
    } else {
        Err(LoadError::Invalid {
            file: file.to_owned(),
            problems,
        })
    }
}

/// Read a file from disk, then `load_bytes`.
pub fn load_file(path: &Path) -> Result<Dataset, LoadError> {
    let file = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| LoadError::Io {
        file: file.clone(),
        message: e.to_string(),
    })?;
    load_bytes(&file, &bytes)
}

/// A dataset with the facts about the bytes it was read from: exported
/// images cite `sha256`, computed from exactly these bytes (never from a
/// second read of the file, which may have changed or gone).
#[derive(Debug, Clone, PartialEq)]
pub struct Loaded {
    pub dataset: Dataset,
    /// The file's path as given, or `EMBEDDED_LABEL`.
    pub label: String,
    /// Lowercase hex SHA-256 of the bytes that were parsed.
    pub sha256: String,
    /// The bytes themselves (map images hash them into their provenance).
    pub bytes: std::sync::Arc<[u8]>,
}

/// Lowercase hex SHA-256 of `bytes`. ring's assembly (AVX2 here) hashes a
/// 200 MB import about twice as fast as the portable `sha2`, and ring is
/// already in the tree for TLS.
pub fn sha256_hex(bytes: &[u8]) -> String {
    ring::digest::digest(&ring::digest::SHA256, bytes)
        .as_ref()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// `load_bytes`, keeping the hash of the bytes.
pub fn load_bytes_hashed(label: &str, bytes: &[u8]) -> Result<Loaded, LoadError> {
    let dataset = load_bytes(label, bytes)?;
    Ok(Loaded {
        dataset,
        label: label.to_owned(),
        sha256: sha256_hex(bytes),
        bytes: std::sync::Arc::from(bytes),
    })
}

/// Read a file once, load it and hash the same bytes.
pub fn load_file_hashed(path: &Path) -> Result<Loaded, LoadError> {
    let file = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| LoadError::Io {
        file: file.clone(),
        message: e.to_string(),
    })?;
    load_bytes_hashed(&file, &bytes)
}

/// The embedded dataset with its hash.
pub fn load_embedded_hashed() -> Result<Loaded, LoadError> {
    load_bytes_hashed(EMBEDDED_LABEL, EMBEDDED_JSON.as_bytes())
}

/// A dataset with nothing in it, for when no dataset could be loaded at
/// all (the window still opens and says why).
pub fn empty_dataset(title: &str) -> Dataset {
    Dataset {
        schema_version: 1,
        title: title.to_owned(),
        notes: vec![],
        sources: vec![],
        regions: vec![],
        places: vec![],
        routes: vec![],
        flows: vec![],
        figures: vec![],
    }
}

/// The embedded dataset. It is validated by the test suite, so a failure here
/// is a build defect; callers still get an error value rather than a panic.
pub fn load_embedded() -> Result<Dataset, LoadError> {
    load_bytes(EMBEDDED_LABEL, EMBEDDED_JSON.as_bytes())
}

/// 1-based line and column (in characters) of a byte offset.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

/// serde_json appends " at line L column C"; we print the position up front.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syntax_error_reports_line_and_column() {
        let err = parse("x.json", b"{\n  \"schema_version\": 1,\n  oops\n}").unwrap_err();
        match err {
            LoadError::Syntax { line, column, .. } => {
                assert_eq!(line, 3);
                assert_eq!(column, 3);
            }
            other => panic!("expected syntax error, got {other:?}"),
        }
    }

    #[test]
    fn invalid_utf8_reports_byte_offset() {
        let err = parse("x.json", b"{\"a\": \"\xff\"}").unwrap_err();
        assert_eq!(err.to_string(), "x.json: not valid UTF-8 at byte 7");
    }

    #[test]
    fn the_hash_is_of_the_bytes_that_were_loaded() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("d.json");
        std::fs::write(&path, EMBEDDED_JSON).unwrap();
        let loaded = load_file_hashed(&path).unwrap();
        // The file changes after loading: the hash still names what was loaded.
        std::fs::write(&path, "changed").unwrap();
        assert_eq!(loaded.sha256, sha256_hex(EMBEDDED_JSON.as_bytes()));
        assert_eq!(loaded.label, path.display().to_string());
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn every_message_starts_with_the_path() {
        for bytes in [&b""[..], b"[]", b"{}", b"\xfe", b"{\"schema_version\": -1}"] {
            let err = load_bytes("dir/file.json", bytes).unwrap_err();
            for line in err.lines() {
                assert!(line.starts_with("dir/file.json"), "{line}");
            }
        }
    }
}
