//! Analysts' own seizure data: files in the formats they hold, read,
//! validated and kept as layers apart from the curated dataset. No egui here.
//!
//! A file's format is recognised from its content (magic bytes, then the
//! header row), never from its extension alone. CSV is read with `csv`
//! (delimiter sniffed among `,` `;` tab; BOM; quotes; decimal commas),
//! spreadsheets with `calamine` (xlsx, xls, ods). Every row read is either
//! used or skipped with a reason; every problem names file, sheet, row and
//! column (`report`). See docs/IMPORT.md.

pub mod builder;
pub mod command_line;
pub mod formats;
pub mod merge;
pub mod persist;
pub mod regions;
pub mod report;
pub mod table;
pub mod text;
pub mod vocab;
pub mod worker;

mod input;
mod split;

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use builder::{ImportedValue, SeriesDef, Strings};
pub use formats::Format;
use report::Report;

use crate::model::{Dataset, Figure, Source};

/// Limits that keep the machine safe.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Limits {
    /// Largest file read, in bytes.
    pub max_bytes: u64,
    /// Largest spreadsheet read, in cells (a zip bomb would unpack to more).
    pub max_cells: u64,
    /// Most values one layer may have (the window's limit; none on the command line).
    pub max_values: Option<usize>,
    /// CSV files longer than this are parsed in parts on several cores
    /// (long format only; the result is the same as reading them in one go).
    pub parallel_min_bytes: u64,
    /// Parts to parse at once; 0 = one per core.
    pub threads: usize,
}

/// 256 MiB: a 1,000,000-row long CSV is about 90 MB.
pub const DEFAULT_MAX_BYTES: u64 = 256 * 1024 * 1024;
/// 8 MiB: below this a second thread costs more than it saves.
pub const DEFAULT_PARALLEL_MIN_BYTES: u64 = 8 * 1024 * 1024;
/// 30 million cells: 200,000 seizure rows of 9 columns are 1.8 million.
pub const DEFAULT_MAX_CELLS: u64 = 30_000_000;

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_bytes: DEFAULT_MAX_BYTES,
            max_cells: DEFAULT_MAX_CELLS,
            max_values: None,
            parallel_min_bytes: DEFAULT_PARALLEL_MIN_BYTES,
            threads: 0,
        }
    }
}

/// Progress and cancellation shared with a worker thread.
#[derive(Debug, Default)]
pub struct Control {
    cancel: AtomicBool,
    done: AtomicU64,
    total: AtomicU64,
}

impl Control {
    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::Relaxed);
    }

    pub fn is_cancelled(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }

    pub fn set_total(&self, total: u64) {
        self.total.store(total, Ordering::Relaxed);
        self.done.store(0, Ordering::Relaxed);
    }

    pub fn set_done(&self, done: u64) {
        self.done.store(done, Ordering::Relaxed);
    }

    /// Count more bytes done (parts of a file parsed at once each add theirs).
    pub fn add_done(&self, bytes: u64) {
        self.done.fetch_add(bytes, Ordering::Relaxed);
    }

    /// 0.0 to 1.0 of the current file.
    pub fn fraction(&self) -> f32 {
        let total = self.total.load(Ordering::Relaxed);
        if total == 0 {
            return 0.0;
        }
        (self.done.load(Ordering::Relaxed) as f64 / total as f64).clamp(0.0, 1.0) as f32
    }
}

/// A whole file that could not be imported. Messages start with the file.
#[derive(Debug, Clone, PartialEq)]
pub enum ImportError {
    Io {
        file: String,
        message: String,
    },
    TooLarge {
        file: String,
        bytes: u64,
        limit: u64,
    },
    TooManyCells {
        file: String,
        cells: u64,
        limit: u64,
    },
    Empty {
        file: String,
    },
    NotUtf8 {
        file: String,
        line: usize,
        byte: usize,
    },
    NotATable {
        file: String,
    },
    NotASpreadsheet {
        file: String,
        detail: String,
    },
    Spreadsheet {
        file: String,
        detail: String,
    },
    /// No row in the first rows (of any sheet) is a header we know.
    NoHeader {
        file: String,
        sheets: Vec<String>,
        /// The format that came closest and the columns it lacks.
        closest: Option<(Format, Vec<&'static str>)>,
    },
    /// A header and nothing below it.
    NoRows {
        file: String,
        format: Format,
    },
    Cancelled {
        file: String,
    },
    /// More values than the window shows at once.
    TooManyValues {
        file: String,
        values: usize,
        limit: usize,
    },
}

/// How many rows from the top are searched for the header.
pub const HEADER_SEARCH_ROWS: usize = 10;

/// "864 bytes", "12 kB", "300.2 MB".
pub fn size_text(bytes: u64) -> String {
    if bytes >= 1_000_000 {
        format!("{:.1} MB", bytes as f64 / 1e6)
    } else if bytes >= 1000 {
        format!("{:.0} kB", bytes as f64 / 1e3)
    } else {
        format!("{bytes} bytes")
    }
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImportError::Io { file, message } => {
                write!(f, "{file}: cannot read the file: {message}")
            }
            ImportError::TooLarge { file, bytes, limit } => write!(
                f,
                "{file}: the file is {}, more than the import limit of {}; split it or keep only \
                 the rows you need",
                size_text(*bytes),
                size_text(*limit)
            ),
            ImportError::TooManyCells { file, cells, limit } => write!(
                f,
                "{file}: the spreadsheet has {cells} cells, more than the import limit of {limit}; \
                 split it or keep only the rows you need"
            ),
            ImportError::Empty { file } => write!(f, "{file}: the file is empty (0 bytes)"),
            ImportError::NotUtf8 { file, line, byte } => write!(
                f,
                "{file}: line {line}: not valid UTF-8 (byte {byte}); save the file as UTF-8 \
                 (in Excel: CSV UTF-8)"
            ),
            ImportError::NotATable { file } => write!(
                f,
                "{file}: not a table: neither text (CSV) nor a spreadsheet (xlsx, xls, ods)"
            ),
            ImportError::NotASpreadsheet { file, detail } => write!(
                f,
                "{file}: a ZIP archive that is not a spreadsheet ({detail}); expected xlsx or ods"
            ),
            ImportError::Spreadsheet { file, detail } => {
                write!(f, "{file}: the spreadsheet cannot be read: {detail}")
            }
            ImportError::NoHeader {
                file,
                sheets,
                closest,
            } => {
                let place = match sheets.as_slice() {
                    [] => format!("in the first {HEADER_SEARCH_ROWS} rows"),
                    [one] => format!("in the first {HEADER_SEARCH_ROWS} rows of sheet '{one}'"),
                    many => format!(
                        "in the first {HEADER_SEARCH_ROWS} rows of any sheet ({})",
                        many.iter()
                            .map(|s| format!("'{s}'"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                };
                write!(f, "{file}: no header row of a known format {place}")?;
                if let Some((format, lacking)) = closest {
                    write!(
                        f,
                        "; closest is {}, which also needs {}",
                        format.name(),
                        lacking.join(", ")
                    )?;
                }
                if sheets.len() > 1 && !sheets.iter().any(|s| s.eq_ignore_ascii_case("Seizures")) {
                    write!(f, "; a UNODC annex table is on a sheet named 'Seizures'")?;
                }
                Ok(())
            }
            ImportError::NoRows { file, format } => write!(
                f,
                "{file}: a {} header but no data rows below it",
                format.short()
            ),
            ImportError::Cancelled { file } => write!(f, "{file}: import cancelled"),
            ImportError::TooManyValues {
                file,
                values,
                limit,
            } => write!(
                f,
                "{file}: {values} values, more than the window shows at once ({limit}); \
                 aggregate the file first, or use it on the command line \
                 (route-explorer import / export … --import)"
            ),
        }
    }
}

impl std::error::Error for ImportError {}

impl ImportError {
    /// `import --check` exit code: 1 for a readable file whose content is
    /// unusable (no data rows), 2 for everything that could not be read.
    pub fn exit_code(&self) -> u8 {
        match self {
            ImportError::NoRows { .. } => 1,
            _ => 2,
        }
    }
}

/// A trafficking leg between two countries from individual seizure records.
#[derive(Debug, Clone, PartialEq)]
pub struct CountryFlow {
    pub from_name: String,
    pub to_name: String,
    /// Dataset country ids where the names are known.
    pub from: Option<String>,
    pub to: Option<String>,
    pub drug: String,
    pub year: i32,
    pub seizures: u32,
    /// Sum of the amounts given by weight.
    pub amount_kg: f64,
}

/// What a format collects besides values.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FormatExtras {
    pub flows: Vec<CountryFlow>,
}

/// One imported file: its values, kept apart from the curated dataset.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportedLayer {
    /// File name, for labels ("imported · NAME").
    pub name: String,
    pub path: PathBuf,
    pub sha256: String,
    pub size_bytes: u64,
    pub format: Format,
    /// The file itself first, then any sources its rows cite.
    pub sources: Vec<Source>,
    pub series: Vec<SeriesDef>,
    pub strings: Strings,
    pub values: Vec<ImportedValue>,
    pub flows: Vec<CountryFlow>,
    pub report: Report,
}

impl ImportedLayer {
    /// A value as a dataset figure, with the ids the file gave (not
    /// namespaced: see `merge` for that).
    pub fn figure(&self, v: &ImportedValue) -> Figure {
        let s = &self.series[v.series as usize];
        let region = self.strings.get(v.region).to_owned();
        let id = match v.id {
            Some(i) => self.strings.get(i).to_owned(),
            None => {
                // Unique within the layer: everything the builder keys on.
                let mut id = match (v.year, v.period) {
                    (Some(y), _) => format!("{}:{region}:{y}", s.key),
                    (None, Some(p)) => format!("{}:{region}:{}-{}", s.key, p.from, p.to),
                    (None, None) => format!("{}:{region}", s.key),
                };
                if let (Some(_), Some(p)) = (v.year, v.period) {
                    id.push_str(&format!(":{}-{}", p.from, p.to));
                }
                if let Some(m) = v.months {
                    id.push_str(&format!(":m{}-{}", m.from, m.to));
                }
                if v.qualifier != crate::model::Qualifier::Exact {
                    id.push_str(&format!(":{}", v.qualifier.key()));
                }
                if v.reading != crate::model::Reading::Adopted {
                    id.push_str(&format!(":{}", v.reading.key()));
                }
                id
            }
        };
        Figure {
            id,
            series: s.key.clone(),
            metric: s.metric.clone(),
            region,
            region_name: self.strings.get(v.region_name).to_owned(),
            drug: s.drug,
            year: v.year,
            period: v.period,
            year_kind: v.year_kind,
            months: v.months,
            value: v.value,
            unit: s.unit,
            qualifier: v.qualifier,
            source: self
                .sources
                .get(v.source as usize)
                .map(|s| s.id.clone())
                .unwrap_or_default(),
            basis: v.basis,
            formula: v.formula.map(|f| self.strings.get(f).to_owned()),
            reading: v.reading,
            note: v.note.map(|n| self.strings.get(n).to_owned()),
        }
    }

    pub fn figures(&self) -> impl Iterator<Item = Figure> + '_ {
        self.values.iter().map(|v| self.figure(v))
    }

    /// "imported · FILE", the mark every view shows next to these values.
    pub fn mark(&self) -> String {
        format!("imported · {}", self.name)
    }
}

/// Import a file from disk.
pub fn import_file(
    path: &Path,
    curated: &Dataset,
    limits: &Limits,
    control: &Control,
) -> Result<ImportedLayer, ImportError> {
    let file = path.display().to_string();
    let meta = std::fs::metadata(path).map_err(|e| ImportError::Io {
        file: file.clone(),
        message: e.to_string(),
    })?;
    if meta.is_dir() {
        return Err(ImportError::Io {
            file,
            message: "is a folder, not a file".to_owned(),
        });
    }
    if meta.len() > limits.max_bytes {
        return Err(ImportError::TooLarge {
            file,
            bytes: meta.len(),
            limit: limits.max_bytes,
        });
    }
    let bytes = read_whole(path, meta.len()).map_err(|e| ImportError::Io {
        file: file.clone(),
        message: e.to_string(),
    })?;
    let modified = meta.modified().ok().map(iso_date);
    import_bytes(path, &bytes, modified, curated, limits, control)
}

/// The whole file. A big one is read as two halves at once: copying
/// 200 MB out of the page cache is a tenth of a big import and halves well.
/// If the file changed size meanwhile, it is read again in one go.
fn read_whole(path: &Path, len: u64) -> std::io::Result<Vec<u8>> {
    #[cfg(unix)]
    if len >= 16 * 1024 * 1024 {
        use std::os::unix::fs::FileExt;
        let file = std::fs::File::open(path)?;
        let mut bytes = vec![0u8; len as usize];
        let half = bytes.len() / 2;
        let (first, second) = bytes.split_at_mut(half);
        let (a, b) = std::thread::scope(|scope| {
            let other = scope.spawn(|| file.read_exact_at(second, half as u64));
            let mine = file.read_exact_at(first, 0);
            (mine, other.join())
        });
        let mut probe = [0u8; 1];
        if let (Ok(()), Ok(Ok(())), Ok(0)) = (a, b, file.read_at(&mut probe, len)) {
            return Ok(bytes);
        }
    }
    std::fs::read(path)
}

/// Import from bytes already read (`path` names the file in messages).
pub fn import_bytes(
    path: &Path,
    bytes: &[u8],
    modified: Option<String>,
    curated: &Dataset,
    limits: &Limits,
    control: &Control,
) -> Result<ImportedLayer, ImportError> {
    let file = path.display().to_string();
    if bytes.len() as u64 > limits.max_bytes {
        return Err(ImportError::TooLarge {
            file,
            bytes: bytes.len() as u64,
            limit: limits.max_bytes,
        });
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| file.clone());
    // Hash on the other core while parsing: it costs as much as reading.
    std::thread::scope(|scope| {
        let hasher = scope.spawn(|| crate::charts::provenance::sha256_hex(bytes));
        let parsed = input::read(&file, &name, bytes, curated, limits, control);
        let sha256 = hasher.join().unwrap_or_default();
        let mut layer = parsed?;
        if let Some(limit) = limits.max_values
            && layer.values.len() > limit
        {
            // Refused here, on the worker, so the window never frees it.
            return Err(ImportError::TooManyValues {
                file: file.clone(),
                values: layer.values.len(),
                limit,
            });
        }
        layer.sha256 = sha256.clone();
        layer.path = path.to_path_buf();
        layer.size_bytes = bytes.len() as u64;
        if let Some(own) = layer.sources.first_mut() {
            own.date = modified.clone().unwrap_or_default();
            own.via = Some(format!("{} (SHA-256 {sha256})", path.display()));
        }
        Ok(layer)
    })
}

/// YYYY-MM-DD of a file time (UTC).
pub fn iso_date(t: std::time::SystemTime) -> String {
    let secs = t
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    let (y, m, d) = civil_from_days(secs.div_euclid(86_400));
    format!("{y:04}-{m:02}-{d:02}")
}

/// Days since 1970-01-01 → (year, month, day), proleptic Gregorian.
pub fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_big_file_read_in_two_halves_is_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.csv");
        // 17 MiB of varied bytes, so a half in the wrong place would show.
        let bytes: Vec<u8> = (0..17 * 1024 * 1024u32).map(|i| (i % 251) as u8).collect();
        std::fs::write(&path, &bytes).unwrap();
        assert_eq!(read_whole(&path, bytes.len() as u64).unwrap(), bytes);
        // A file that grew after its size was taken is read whole again.
        assert_eq!(read_whole(&path, bytes.len() as u64 - 10).unwrap(), bytes);
    }
}
