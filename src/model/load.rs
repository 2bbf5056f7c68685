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
    fn every_message_starts_with_the_path() {
        for bytes in [&b""[..], b"[]", b"{}", b"\xfe", b"{\"schema_version\": -1}"] {
            let err = load_bytes("dir/file.json", bytes).unwrap_err();
            for line in err.lines() {
                assert!(line.starts_with("dir/file.json"), "{line}");
            }
        }
    }
}
