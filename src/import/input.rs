//! Bytes → rows → a format reader → a layer. Content decides the path:
//! ZIP and OLE signatures are spreadsheets, text is CSV.

use std::io::Cursor;

use calamine::{Data, Range, Reader, Sheets};

use super::builder::Builder;
use super::formats::Format;
use super::regions::RegionMatcher;
use super::report::{Report, RowRef};
use super::table::{Cell, Ctx, Header, RowReader};
use super::text::Decimal;
use super::{Control, HEADER_SEARCH_ROWS, ImportError, ImportedLayer, Limits};
use crate::model::{Dataset, Source};

const ZIP: &[u8] = b"PK\x03\x04";
const OLE: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// How often (rows) the worker checks Cancel and reports progress.
const CHECK_EVERY: usize = 4096;

pub fn read(
    file: &str,
    name: &str,
    bytes: &[u8],
    curated: &Dataset,
    limits: &Limits,
    control: &Control,
) -> Result<ImportedLayer, ImportError> {
    if bytes.is_empty() {
        return Err(ImportError::Empty {
            file: file.to_owned(),
        });
    }
    let regions = RegionMatcher::new(curated);
    let own = Source {
        id: "file".to_owned(),
        title: name.to_owned(),
        publisher: String::new(),
        date: String::new(),
        author: None,
        via: None,
    };
    let ctx = Ctx {
        builder: Builder::new(super::builder::Mode::Unique),
        report: Report::new(file),
        regions: &regions,
        decimal: Decimal::Point,
        comma_seen: false,
        sheet: String::new(),
        sheet_index: 0,
        file_name: name.to_owned(),
        sources: vec![own],
    };
    let (format, mut ctx, extras) = if bytes.starts_with(ZIP) || bytes.starts_with(OLE) {
        read_workbook(file, bytes, curated, limits, control, ctx)?
    } else {
        read_csv(file, bytes, curated, control, ctx)?
    };
    if ctx.comma_seen {
        ctx.report
            .note("numbers with a decimal comma were read (12,5 = 12.5)".to_owned());
    }
    if ctx.report.rows_read == 0 {
        return Err(ImportError::NoRows {
            file: file.to_owned(),
            format,
        });
    }
    let Ctx {
        builder,
        mut report,
        mut sources,
        ..
    } = ctx;
    let (strings, series, values) = builder.finish(&mut report);
    if let Some(own) = sources.first_mut() {
        own.publisher = format!("analyst's file, {}", format.name());
    }
    Ok(ImportedLayer {
        name: name.to_owned(),
        path: file.into(),
        sha256: String::new(),
        size_bytes: bytes.len() as u64,
        format,
        sources,
        series,
        strings,
        values,
        flows: extras.flows,
        report,
    })
}

/// The format that came closest to a header, and the columns it lacks.
type Closest = Option<(Format, Vec<&'static str>)>;

/// Try every format on a row; the first that recognises it wins. Otherwise
/// the format lacking the fewest columns, for the message.
fn recognise(header: &Header, curated: &Dataset) -> Result<(Format, Box<dyn RowReader>), Closest> {
    let mut closest: Option<(Format, Vec<&'static str>)> = None;
    if header.is_blank() {
        return Err(None);
    }
    for f in Format::ALL {
        match f.reader(header, curated) {
            Ok(r) => return Ok((f, r)),
            Err(lacking) => {
                let better = closest
                    .as_ref()
                    .is_none_or(|(_, l)| lacking.len() < l.len());
                if better && lacking.len() < f.required().len() {
                    closest = Some((f, lacking));
                }
            }
        }
    }
    Err(closest)
}

fn better(
    a: Option<(Format, Vec<&'static str>)>,
    b: Option<(Format, Vec<&'static str>)>,
) -> Option<(Format, Vec<&'static str>)> {
    match (a, b) {
        (Some(a), Some(b)) => Some(if b.1.len() < a.1.len() { b } else { a }),
        (a, b) => a.or(b),
    }
}

// ---------------------------------------------------------------------------
// CSV
// ---------------------------------------------------------------------------

/// Text of a CSV file: UTF-8 (BOM dropped) or UTF-16 with a BOM.
fn decode<'b>(file: &str, bytes: &'b [u8]) -> Result<std::borrow::Cow<'b, str>, ImportError> {
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return utf16(file, rest, u16::from_le_bytes).map(std::borrow::Cow::Owned);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return utf16(file, rest, u16::from_be_bytes).map(std::borrow::Cow::Owned);
    }
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if body.iter().take(8192).any(|b| *b == 0) {
        return Err(ImportError::NotATable {
            file: file.to_owned(),
        });
    }
    match std::str::from_utf8(body) {
        Ok(t) => Ok(std::borrow::Cow::Borrowed(t)),
        Err(e) => {
            let at = e.valid_up_to();
            let line = body[..at].iter().filter(|b| **b == b'\n').count() + 1;
            let offset = at + (bytes.len() - body.len());
            Err(ImportError::NotUtf8 {
                file: file.to_owned(),
                line,
                byte: offset,
            })
        }
    }
}

fn utf16(file: &str, rest: &[u8], word: fn([u8; 2]) -> u16) -> Result<String, ImportError> {
    let units: Vec<u16> = rest.chunks_exact(2).map(|c| word([c[0], c[1]])).collect();
    String::from_utf16(&units).map_err(|_| ImportError::NotUtf8 {
        file: file.to_owned(),
        line: 1,
        byte: 0,
    })
}

/// The delimiter that splits the first lines into the same number (> 1) of
/// fields most often. Quotes are respected.
fn sniff_delimiter(text: &str) -> u8 {
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(20)
        .collect();
    let mut best = (b',', 0usize, 0usize);
    for d in [b',', b';', b'\t'] {
        let counts: Vec<usize> = lines.iter().map(|l| count_outside_quotes(l, d)).collect();
        // Most common non-zero count and how many lines have it.
        let mut freq: std::collections::HashMap<usize, usize> = Default::default();
        for c in counts.iter().filter(|c| **c > 0) {
            *freq.entry(*c).or_default() += 1;
        }
        if let Some((&n, &lines_with)) = freq.iter().max_by_key(|(n, k)| (**k, **n))
            && (lines_with, n) > (best.1, best.2)
        {
            best = (d, lines_with, n);
        }
    }
    best.0
}

fn count_outside_quotes(line: &str, d: u8) -> usize {
    let mut inside = false;
    let mut n = 0;
    for b in line.bytes() {
        if b == b'"' {
            inside = !inside;
        } else if b == d && !inside {
            n += 1;
        }
    }
    n
}

fn delimiter_name(d: u8) -> &'static str {
    match d {
        b';' => "semicolons",
        b'\t' => "tabs",
        _ => "commas",
    }
}

type Read<'a> = (Format, Ctx<'a>, super::FormatExtras);

fn read_csv<'a>(
    file: &str,
    bytes: &[u8],
    curated: &Dataset,
    control: &Control,
    mut ctx: Ctx<'a>,
) -> Result<Read<'a>, ImportError> {
    let text = decode(file, bytes)?;
    let delimiter = sniff_delimiter(&text);
    ctx.decimal = if delimiter == b',' {
        Decimal::Point
    } else {
        Decimal::Comma
    };
    if delimiter != b',' {
        ctx.report.note(format!(
            "columns separated by {}",
            delimiter_name(delimiter)
        ));
    }
    ctx.report.sheets.push(String::new());
    control.set_total(text.len() as u64);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut record = csv::ByteRecord::new();
    let mut state: Option<(Format, Box<dyn RowReader>)> = None;
    let mut closest = None;
    let mut searched = 0usize;
    let mut blank_rows = 0usize;
    let mut n = 0usize;
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                let line = e.position().map(|p| p.line()).unwrap_or(0);
                ctx.report.problem(
                    RowRef {
                        sheet: 0,
                        row: line as u32,
                    },
                    None,
                    format!("this line cannot be read as CSV: {e}"),
                );
                ctx.report.rows_read += 1;
                ctx.report.skip(
                    RowRef {
                        sheet: 0,
                        row: line as u32,
                    },
                    "not readable as CSV",
                );
                continue;
            }
        }
        n += 1;
        let line = record.position().map(|p| p.line()).unwrap_or(n as u64) as u32;
        if n.is_multiple_of(CHECK_EVERY) {
            if control.is_cancelled() {
                return Err(ImportError::Cancelled {
                    file: file.to_owned(),
                });
            }
            control.set_done(record.position().map(|p| p.byte()).unwrap_or(0));
        }
        // The text is UTF-8 as a whole, so every field is too.
        let cells: Vec<Cell<'_>> = record
            .iter()
            .map(|f| Cell::Text(std::str::from_utf8(f).unwrap_or("")))
            .collect();
        let at = RowRef {
            sheet: 0,
            row: line,
        };
        match &mut state {
            None => {
                searched += 1;
                let header = Header::new(&cells);
                match recognise(&header, curated) {
                    Ok((f, mut r)) => {
                        ctx.builder = Builder::new(f.mode());
                        r.start_sheet(&mut ctx);
                        if searched > 1 {
                            ctx.report.note(format!(
                                "the header is on line {line}; the {} line(s) above it were not read",
                                searched - 1
                            ));
                        }
                        state = Some((f, r));
                    }
                    Err(c) => {
                        closest = better(closest, c);
                        if searched >= HEADER_SEARCH_ROWS {
                            break;
                        }
                    }
                }
            }
            Some((_, r)) => {
                if cells.iter().all(Cell::is_blank) {
                    blank_rows += 1;
                    continue;
                }
                ctx.report.rows_read += 1;
                r.row(&mut ctx, at, &cells);
            }
        }
    }
    let Some((format, reader)) = state else {
        return Err(ImportError::NoHeader {
            file: file.to_owned(),
            sheets: vec![],
            closest,
        });
    };
    if blank_rows > 0 {
        ctx.report
            .note(format!("{blank_rows} blank row(s) ignored"));
    }
    let extras = reader.finish(&mut ctx);
    control.set_done(text.len() as u64);
    Ok((format, ctx, extras))
}

// ---------------------------------------------------------------------------
// Spreadsheets
// ---------------------------------------------------------------------------

fn open_workbook<'b>(file: &str, bytes: &'b [u8]) -> Result<Sheets<Cursor<&'b [u8]>>, ImportError> {
    let cursor = Cursor::new(bytes);
    if bytes.starts_with(OLE) {
        return calamine::open_workbook_from_rs::<calamine::Xls<_>, _>(cursor)
            .map(Sheets::Xls)
            .map_err(|e| ImportError::Spreadsheet {
                file: file.to_owned(),
                detail: e.to_string(),
            });
    }
    let xlsx = calamine::open_workbook_from_rs::<calamine::Xlsx<_>, _>(cursor.clone());
    match xlsx {
        Ok(w) => Ok(Sheets::Xlsx(w)),
        Err(e) => {
            if let Ok(w) = calamine::open_workbook_from_rs::<calamine::Ods<_>, _>(cursor) {
                return Ok(Sheets::Ods(w));
            }
            // A ZIP with a workbook part is a damaged spreadsheet; otherwise
            // it is some other archive.
            let text = String::from_utf8_lossy(bytes);
            if text.contains("xl/workbook") || text.contains("content.xml") {
                Err(ImportError::Spreadsheet {
                    file: file.to_owned(),
                    detail: e.to_string(),
                })
            } else {
                Err(ImportError::NotASpreadsheet {
                    file: file.to_owned(),
                    detail: "it holds no xl/workbook.xml or content.xml".to_owned(),
                })
            }
        }
    }
}

/// Excel serial day → YYYY-MM-DD (1900 date system).
fn excel_date(serial: f64) -> String {
    // Serial 60 is Excel's 29 Feb 1900, a day that never was.
    let days = serial.floor() as i64;
    let days = if days < 60 { days + 1 } else { days };
    let (y, m, d) = super::civil_from_days(days - 25_569);
    format!("{y:04}-{m:02}-{d:02}")
}

fn cell_of<'d>(data: &'d Data, formula: Option<&String>) -> Cell<'d> {
    let blank = match data {
        Data::Empty => true,
        Data::String(s) => s.is_empty(),
        _ => false,
    };
    if blank && let Some(f) = formula.filter(|f| !f.is_empty()) {
        return Cell::Formula(f.clone());
    }
    match data {
        Data::Empty => match formula {
            Some(f) if !f.is_empty() => Cell::Formula(f.clone()),
            _ => Cell::Empty,
        },
        Data::String(s) => Cell::Text(s),
        Data::Float(v) => Cell::Number(*v),
        Data::Int(v) => Cell::Number(*v as f64),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(dt) => {
            if dt.is_datetime() {
                Cell::Date(excel_date(dt.as_f64()))
            } else {
                Cell::Text("duration")
            }
        }
        Data::DateTimeIso(s) => Cell::Date(s.get(..10).unwrap_or(s).to_owned()),
        Data::DurationIso(s) => Cell::Text(s),
        Data::Error(e) => Cell::Error(format!("{e}")),
    }
}

/// Whether any worksheet of an xlsx holds a formula (`<f>` element). Reading
/// formulas parses a sheet a second time, so it is done only when needed.
/// Anything but a readable xlsx answers yes (ask calamine).
fn xlsx_has_formulas(bytes: &[u8]) -> bool {
    use std::io::Read;
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return true;
    };
    for i in 0..zip.len() {
        let Ok(mut entry) = zip.by_index(i) else {
            return true;
        };
        if !(entry.name().starts_with("xl/worksheets/") && entry.name().ends_with(".xml")) {
            continue;
        }
        let mut buf = vec![0u8; 1 << 16];
        let mut carry: Vec<u8> = Vec::new();
        loop {
            let n = match entry.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => n,
                Err(_) => return true,
            };
            carry.extend_from_slice(&buf[..n]);
            if carry.windows(3).any(|w| w == b"<f>" || w == b"<f ") {
                return true;
            }
            // Keep the last two bytes: a tag may span two reads.
            let keep = carry.len().saturating_sub(2);
            carry.drain(..keep);
        }
    }
    false
}

fn read_workbook<'a>(
    file: &str,
    bytes: &[u8],
    curated: &Dataset,
    limits: &Limits,
    control: &Control,
    mut ctx: Ctx<'a>,
) -> Result<Read<'a>, ImportError> {
    let mut book = open_workbook(file, bytes)?;
    let formulas_possible = !matches!(book, Sheets::Xlsx(_)) || xlsx_has_formulas(bytes);
    let mut names = book.sheet_names();
    // The annex table lives on `Seizures`: look there first.
    names.sort_by_key(|n| !n.eq_ignore_ascii_case("Seizures"));
    let mut state: Option<(Format, Box<dyn RowReader>)> = None;
    let mut closest = None;
    let mut formulas_used = 0usize;
    let mut skipped_sheets: Vec<String> = Vec::new();
    for name in &names {
        if control.is_cancelled() {
            return Err(ImportError::Cancelled {
                file: file.to_owned(),
            });
        }
        let range: Range<Data> = match book.worksheet_range(name) {
            Ok(r) => r,
            Err(e) => {
                ctx.report
                    .note(format!("sheet '{name}' cannot be read ({e}): skipped"));
                continue;
            }
        };
        let (h, w) = range.get_size();
        let cells_total = (h as u64) * (w as u64);
        if cells_total > limits.max_cells {
            return Err(ImportError::TooManyCells {
                file: file.to_owned(),
                cells: cells_total,
                limit: limits.max_cells,
            });
        }
        let formulas = if formulas_possible {
            book.worksheet_formula(name).ok().filter(|f| !f.is_empty())
        } else {
            None
        };
        let start_row = range.start().map(|s| s.0).unwrap_or(0);
        let start_col = range.start().map(|s| s.1).unwrap_or(0);
        // Sheets are numbered as they are found to hold a table.
        let sheet_index = ctx.report.sheets.len() as u16;
        ctx.sheet = name.clone();
        ctx.sheet_index = sheet_index;
        control.set_total(h as u64);
        let mut sheet_reader: Option<usize> = None; // header row index in range
        let mut row_cells: Vec<Cell<'_>> = Vec::with_capacity(w);
        let mut blank_rows = 0usize;
        for (i, row) in range.rows().enumerate() {
            let abs_row = start_row + i as u32;
            if i % CHECK_EVERY == 0 {
                if control.is_cancelled() {
                    return Err(ImportError::Cancelled {
                        file: file.to_owned(),
                    });
                }
                control.set_done(i as u64);
            }
            row_cells.clear();
            for (j, data) in row.iter().enumerate() {
                let f = formulas
                    .as_ref()
                    .and_then(|fr| fr.get_value((abs_row, start_col + j as u32)))
                    .filter(|f| !f.is_empty());
                if f.is_some()
                    && !matches!(data, Data::Empty)
                    && data != &Data::String(String::new())
                {
                    formulas_used += 1;
                }
                row_cells.push(cell_of(data, f));
            }
            let at = RowRef {
                sheet: sheet_index,
                row: abs_row + 1,
            };
            match sheet_reader {
                None => {
                    if i >= HEADER_SEARCH_ROWS {
                        break;
                    }
                    let header = Header::new(&row_cells);
                    match &mut state {
                        // Later sheets must carry the same format's header.
                        Some((f, r)) => {
                            if f.reader(&header, curated).is_ok() {
                                sheet_reader = Some(i);
                                ctx.report.sheets.push(name.clone());
                                r.start_sheet(&mut ctx);
                            }
                        }
                        None => match recognise(&header, curated) {
                            Ok((f, mut r)) => {
                                ctx.builder = Builder::new(f.mode());
                                ctx.report.sheets.push(name.clone());
                                r.start_sheet(&mut ctx);
                                state = Some((f, r));
                                sheet_reader = Some(i);
                            }
                            Err(c) => closest = better(closest, c),
                        },
                    }
                    if sheet_reader.is_some() && i > 0 {
                        ctx.report.note(format!(
                            "sheet '{name}': the header is on row {}; the {i} row(s) above it \
                             (titles) were not read",
                            abs_row + 1
                        ));
                    }
                }
                Some(_) => {
                    if row_cells.iter().all(Cell::is_blank) {
                        blank_rows += 1;
                        continue;
                    }
                    if let Some((_, r)) = &mut state {
                        ctx.report.rows_read += 1;
                        r.row(&mut ctx, at, &row_cells);
                    }
                }
            }
        }
        if sheet_reader.is_none() {
            skipped_sheets.push(name.clone());
        }
        if blank_rows > 0 {
            ctx.report
                .note(format!("sheet '{name}': {blank_rows} blank row(s) ignored"));
        }
    }
    let Some((format, reader)) = state else {
        return Err(ImportError::NoHeader {
            file: file.to_owned(),
            sheets: names,
            closest,
        });
    };
    if !skipped_sheets.is_empty() {
        let list: Vec<String> = skipped_sheets.iter().map(|s| format!("'{s}'")).collect();
        ctx.report.note(format!(
            "sheet(s) {} have no {} header and were not read",
            list.join(", "),
            format.short()
        ));
    }
    if formulas_used > 0 {
        ctx.report.note(format!(
            "{formulas_used} cell(s) hold formulas: the results saved in the file were used"
        ));
    }
    let extras = reader.finish(&mut ctx);
    Ok((format, ctx, extras))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delimiters_are_sniffed() {
        assert_eq!(sniff_delimiter("a,b,c\n1,2,3\n"), b',');
        assert_eq!(sniff_delimiter("a;b;c\n\"1,5\";2;3\n"), b';');
        assert_eq!(sniff_delimiter("a\tb\tc\n1,5\t2\t3\n"), b'\t');
        assert_eq!(
            sniff_delimiter("Entity,Code,Year,\"Seizures (kg, bulk)\"\nA,B,2000,5\n"),
            b','
        );
    }

    #[test]
    fn excel_dates() {
        assert_eq!(excel_date(42005.0), "2015-01-01");
        assert_eq!(excel_date(1.0), "1900-01-01");
    }
}
