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
use super::{Control, HEADER_SEARCH_ROWS, ImportError, ImportedLayer, Limits, split};
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
    let new_ctx = || Ctx {
        builder: Builder::new(super::builder::Mode::Unique),
        report: Report::new(file),
        regions: &regions,
        decimal: Decimal::Point,
        comma_seen: false,
        sheet: String::new(),
        sheet_index: 0,
        file_name: name.to_owned(),
        sources: vec![own.clone()],
    };
    let (format, mut ctx, extras) = if bytes.starts_with(ZIP) || bytes.starts_with(OLE) {
        read_workbook(file, bytes, curated, limits, control, new_ctx())?
    } else {
        match read_csv(file, bytes, curated, limits, control, new_ctx())? {
            Some(read) => read,
            // The parts could not be joined exactly: read it in one go.
            None => {
                let one_go = Limits {
                    threads: 1,
                    ..*limits
                };
                read_csv(file, bytes, curated, &one_go, control, new_ctx())?.ok_or_else(|| {
                    ImportError::NotATable {
                        file: file.to_owned(),
                    }
                })?
            }
        }
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

/// None when the file was read in parts on several threads and the parts
/// could not be joined exactly (see `join_part`): read it again in one go.
fn read_csv<'a>(
    file: &str,
    bytes: &[u8],
    curated: &Dataset,
    limits: &Limits,
    control: &Control,
    mut ctx: Ctx<'a>,
) -> Result<Option<Read<'a>>, ImportError> {
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
    let mut reader = csv_reader(&text, delimiter);
    let mut record = csv::StringRecord::new();
    let mut state: Option<(Format, Box<dyn RowReader>)> = None;
    let mut closest = None;
    let mut searched = 0usize;
    // The header: the first row a format recognises.
    while state.is_none() && searched < HEADER_SEARCH_ROWS {
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                unreadable_line(&mut ctx, &e, 0);
                continue;
            }
        }
        searched += 1;
        let at = record.position().map_or(0, |p| p.byte() as usize);
        let line =
            1 + split::line_breaks(text.as_bytes(), 0, split::first_byte(text.as_bytes(), at));
        let cells: Vec<Cell<'_>> = record.iter().map(Cell::Text).collect();
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
            Err(c) => closest = better(closest, c),
        }
    }
    let Some((format, mut rows)) = state else {
        return Err(ImportError::NoHeader {
            file: file.to_owned(),
            sheets: vec![],
            closest,
        });
    };
    // The rows below the header, in one go or in parts on several threads.
    let body_start = (reader.position().byte() as usize).min(text.len());
    let lines_above = split::line_breaks(text.as_bytes(), 0, body_start);
    control.add_done(body_start as u64);
    let body = &text[body_start..];
    let threads = match limits.threads {
        0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
        n => n,
    };
    let cuts = if threads > 1 && body.len() as u64 >= limits.parallel_min_bytes {
        split::record_starts(body.as_bytes(), delimiter, threads)
    } else {
        Vec::new()
    };
    let forks: Option<Vec<Box<dyn RowReader + Send>>> = cuts.iter().map(|_| rows.fork()).collect();
    let blank_rows = match forks {
        Some(forks) if !cuts.is_empty() => {
            let Some(blank_rows) = read_parts(
                file,
                body,
                &cuts,
                lines_above,
                delimiter,
                curated,
                control,
                &mut ctx,
                rows.as_mut(),
                forks,
            )?
            else {
                return Ok(None);
            };
            blank_rows
        }
        _ => read_rows(
            file,
            body,
            lines_above,
            delimiter,
            rows.as_mut(),
            &mut ctx,
            control,
        )?,
    };
    if blank_rows > 0 {
        ctx.report
            .note(format!("{blank_rows} blank row(s) ignored"));
    }
    let extras = rows.finish(&mut ctx);
    control.set_done(text.len() as u64);
    Ok(Some((format, ctx, extras)))
}

fn csv_reader(text: &str, delimiter: u8) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes())
}

/// A line the csv reader gives up on: reported, counted as read and skipped.
fn unreadable_line(ctx: &mut Ctx<'_>, e: &csv::Error, lines_above: u64) {
    let line = e.position().map(|p| p.line()).unwrap_or(0) + lines_above;
    let at = RowRef {
        sheet: 0,
        row: line as u32,
    };
    ctx.report
        .problem(at, None, format!("this line cannot be read as CSV: {e}"));
    ctx.report.rows_read += 1;
    ctx.report.skip(at, "not readable as CSV");
}

/// Data rows of `text` (which starts `lines_above` lines into the file)
/// through the format's reader. Returns the number of blank rows.
fn read_rows(
    file: &str,
    text: &str,
    lines_above: u64,
    delimiter: u8,
    rows: &mut dyn RowReader,
    ctx: &mut Ctx<'_>,
    control: &Control,
) -> Result<usize, ImportError> {
    let mut reader = csv_reader(text, delimiter);
    let mut record = csv::ByteRecord::new();
    // One cell buffer for the whole file (see `reuse`).
    let mut cells_buf: Vec<Cell<'static>> = Vec::new();
    let mut blank_rows = 0usize;
    let mut n = 0usize;
    let mut reported = 0u64;
    // Lines are counted here, not taken from the csv reader, whose count
    // is off after CRLF line ends and blank lines.
    let bytes = text.as_bytes();
    let (mut counted_to, mut line) = (0usize, lines_above + 1);
    let breaks = match memchr::memchr(b'\r', bytes) {
        None => split::line_feeds,
        Some(_) => split::line_breaks,
    };
    if bytes.len() > 1024 * 1024 {
        ctx.builder
            .reserve(split::line_feeds(bytes, 0, bytes.len()) as usize);
    }
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                unreadable_line(ctx, &e, lines_above);
                continue;
            }
        }
        n += 1;
        let position = record.position();
        if n.is_multiple_of(CHECK_EVERY) {
            if control.is_cancelled() {
                return Err(ImportError::Cancelled {
                    file: file.to_owned(),
                });
            }
            let byte = position.map_or(reported, |p| p.byte());
            control.add_done(byte.saturating_sub(reported));
            reported = byte;
        }
        let start = split::first_byte(bytes, position.map_or(counted_to, |p| p.byte() as usize));
        line += breaks(bytes, counted_to, start);
        counted_to = start.max(counted_to);
        let at = RowRef {
            sheet: 0,
            row: line as u32,
        };
        // The fields of a row lie end to end in one buffer: one UTF-8 check
        // per row, not one per field (a StringRecord checks each field once
        // a row holds any non-ASCII letter). The text is UTF-8 as a whole and
        // csv cuts only at ASCII bytes, so every field is a whole string.
        let row_text = std::str::from_utf8(record.as_slice()).unwrap_or("");
        let mut cells = reuse(std::mem::take(&mut cells_buf));
        cells.extend(
            (0..record.len())
                .map(|i| Cell::Text(record.range(i).and_then(|r| row_text.get(r)).unwrap_or(""))),
        );
        if cells.iter().all(Cell::is_blank) {
            blank_rows += 1;
        } else {
            ctx.report.rows_read += 1;
            rows.row(ctx, at, &cells);
        }
        cells_buf = reuse(cells);
    }
    control.add_done((text.len() as u64).saturating_sub(reported));
    Ok(blank_rows)
}

/// What one part of a file read on its own thread yields.
struct Part {
    builder: Builder,
    report: Report,
    sources: Vec<Source>,
    comma_seen: bool,
    blank_rows: usize,
}

/// Read `body` in parts cut at `cuts` (record starts): the first on this
/// thread into `ctx`, each other on a thread of its own with a fresh
/// builder and report, then joined in file order. None when a part cannot
/// be joined exactly (the caller reads the file again in one go).
#[allow(clippy::too_many_arguments)]
fn read_parts(
    file: &str,
    body: &str,
    cuts: &[usize],
    lines_above: u64,
    delimiter: u8,
    curated: &Dataset,
    control: &Control,
    ctx: &mut Ctx<'_>,
    first: &mut dyn RowReader,
    forks: Vec<Box<dyn RowReader + Send>>,
) -> Result<Option<usize>, ImportError> {
    let mut bounds = Vec::with_capacity(cuts.len() + 2);
    bounds.push(0);
    bounds.extend_from_slice(cuts);
    bounds.push(body.len());
    let Ctx {
        decimal,
        sheet,
        sheet_index,
        file_name,
        sources,
        ..
    } = &*ctx;
    let (decimal, sheet, sheet_index) = (*decimal, sheet.clone(), *sheet_index);
    let (file_name, sources) = (file_name.clone(), sources.clone());
    let mode = ctx.builder.mode();
    std::thread::scope(|scope| {
        let handles: Vec<_> = forks
            .into_iter()
            .zip(bounds.windows(2).skip(1))
            .map(|(mut rows, w)| {
                let (start, end) = (w[0], w[1]);
                let text = &body[start..end];
                let lines = lines_above + split::line_breaks(body.as_bytes(), 0, start);
                let (sheet, file_name, sources) =
                    (sheet.clone(), file_name.clone(), sources.clone());
                scope.spawn(move || -> Result<Part, ImportError> {
                    let regions = RegionMatcher::new(curated);
                    let mut report = Report::new(file);
                    report.sheets.push(String::new());
                    let mut part = Ctx {
                        builder: Builder::new(mode),
                        report,
                        regions: &regions,
                        decimal,
                        comma_seen: false,
                        sheet,
                        sheet_index,
                        file_name,
                        sources,
                    };
                    let blank_rows = read_rows(
                        file,
                        text,
                        lines,
                        delimiter,
                        rows.as_mut(),
                        &mut part,
                        control,
                    )?;
                    Ok(Part {
                        builder: part.builder,
                        report: part.report,
                        sources: part.sources,
                        comma_seen: part.comma_seen,
                        blank_rows,
                    })
                })
            })
            .collect();
        // Room for every part's values at once: joining then copies nothing.
        ctx.builder
            .reserve(split::line_feeds(body.as_bytes(), 0, body.len()) as usize);
        let first_text = &body[..bounds[1]];
        let first_result = read_rows(
            file,
            first_text,
            lines_above,
            delimiter,
            first,
            ctx,
            control,
        );
        // Join every thread before deciding, so none outlives an error.
        let parts: Vec<Result<Part, ImportError>> = handles
            .into_iter()
            .map(|h| {
                h.join().unwrap_or_else(|_| {
                    Err(ImportError::Io {
                        file: file.to_owned(),
                        message: "a reading thread stopped unexpectedly".to_owned(),
                    })
                })
            })
            .collect();
        let mut blank_rows = first_result?;
        for part in parts {
            let part = part?;
            blank_rows += part.blank_rows;
            if !join_part(ctx, part) {
                return Ok(None);
            }
        }
        Ok(Some(blank_rows))
    })
}

/// Join a later part onto what was read before it, exactly as if the rows
/// had been read in one go; false (nothing changed) when that cannot be
/// guaranteed: the same value key in both, a series with two units, or more
/// problems than are listed.
fn join_part(ctx: &mut Ctx<'_>, part: Part) -> bool {
    if ctx.builder.mode() != part.builder.mode()
        || !ctx.builder.can_absorb(&part.builder)
        || !ctx.report.can_absorb(&part.report)
    {
        return false;
    }
    let source_map: Vec<u32> = part
        .sources
        .iter()
        .map(|s| {
            let id = s.id.clone();
            ctx.source(&id, || s.clone())
        })
        .collect();
    ctx.builder.absorb(part.builder, &source_map);
    ctx.report.absorb(part.report);
    ctx.comma_seen |= part.comma_seen;
    true
}

/// An empty cell buffer that keeps its allocation but borrows from a new
/// row: a million-row file then allocates its cell list once, not per row.
/// (Collecting an emptied vector into the same element layout reuses it.)
fn reuse<'b>(mut cells: Vec<Cell<'_>>) -> Vec<Cell<'b>> {
    cells.clear();
    cells.into_iter().map(|_| Cell::Empty).collect()
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

    /// A made-up long CSV that exercises what parts must agree on: quoted
    /// notes over several lines with doubled quotes, problems of several
    /// kinds, a unit that split off in 2018, a second source first met late,
    /// blank lines. No key repeats unless `repeat_far` (a conflicting value
    /// in the last row for a key of the first rows).
    fn made_up_long(rows: usize, line_end: &str, repeat_far: bool) -> String {
        let regions = ["KZ.SK", "Almaty Region", "Shymkent", "Atlantis", "KZ.QG"];
        let mut t = format!(
            "id,series_id,region,drug,year,value,unit,source_id,source_title,note{line_end}"
        );
        for i in 0..rows {
            let value = match i {
                _ if i % 13 == 5 => "n/a".to_owned(),
                _ if i % 17 == 3 => "-4".to_owned(),
                _ => format!("{}.5", i * 3),
            };
            let note = if i % 10 == 0 {
                format!("\"made up, row {i}{line_end}said \"\"so\"\"\"")
            } else {
                String::new()
            };
            let source = if i > rows * 3 / 4 { "src-b" } else { "src-a" };
            t += &format!(
                "r{i},s{},{},heroin,{},{value},kg,{source},Made-up {source},{note}{line_end}",
                i % 7,
                regions[(i / 7) % 5],
                1900 + i / 35,
            );
            if i % 97 == 0 {
                t += line_end;
            }
        }
        if repeat_far {
            t += &format!("again,s0,KZ.SK,heroin,1900,999,kg,src-a,Made-up src-a,{line_end}");
        }
        t
    }

    fn layer(text: &str, threads: usize) -> Result<ImportedLayer, ImportError> {
        let limits = Limits {
            parallel_min_bytes: 0,
            threads,
            ..Limits::default()
        };
        let curated = crate::model::load::load_embedded().unwrap();
        read(
            "made-up.csv",
            "made-up.csv",
            text.as_bytes(),
            &curated,
            &limits,
            &Control::default(),
        )
    }

    fn joined_in_parts(text: &str, threads: usize) -> bool {
        let limits = Limits {
            parallel_min_bytes: 0,
            threads,
            ..Limits::default()
        };
        let curated = crate::model::load::load_embedded().unwrap();
        let regions = RegionMatcher::new(&curated);
        let ctx = Ctx {
            builder: Builder::new(super::super::builder::Mode::Unique),
            report: Report::new("made-up.csv"),
            regions: &regions,
            decimal: Decimal::Point,
            comma_seen: false,
            sheet: String::new(),
            sheet_index: 0,
            file_name: "made-up.csv".to_owned(),
            sources: vec![],
        };
        let control = Control::default();
        let read = read_csv(
            "made-up.csv",
            text.as_bytes(),
            &curated,
            &limits,
            &control,
            ctx,
        );
        matches!(read, Ok(Some(_)))
    }

    #[test]
    fn a_file_read_in_parts_is_the_same_layer_as_read_in_one_go() {
        for line_end in ["\n", "\r\n"] {
            let text = made_up_long(3000, line_end, false);
            let one_go = layer(&text, 1).unwrap();
            assert!(
                one_go.report.problems.len() >= 4,
                "{:?}",
                one_go.report.problems
            );
            assert!(one_go.report.rows_used > 1000);
            for threads in [2, 3, 4, 7] {
                assert!(
                    joined_in_parts(&text, threads),
                    "{threads} parts were not joined"
                );
                let parts = layer(&text, threads).unwrap();
                // Compared piece by piece first, for a readable failure.
                assert_eq!(parts.report.rows_read, one_go.report.rows_read);
                assert_eq!(
                    parts.report.skipped, one_go.report.skipped,
                    "{threads} parts, {line_end:?}"
                );
                assert_eq!(
                    parts.report.notes, one_go.report.notes,
                    "{threads} parts, {line_end:?}"
                );
                for (a, b) in parts.report.problems.iter().zip(&one_go.report.problems) {
                    assert_eq!(a, b, "{threads} parts, {line_end:?}");
                }
                assert_eq!(parts.values.len(), one_go.values.len());
                for (a, b) in parts.values.iter().zip(&one_go.values) {
                    assert_eq!(a, b, "{threads} parts, {line_end:?}");
                }
                assert!(parts == one_go, "{threads} parts, {line_end:?}");
            }
        }
    }

    #[test]
    fn a_key_repeated_across_parts_is_read_again_in_one_go() {
        let text = made_up_long(3000, "\n", true);
        assert!(!joined_in_parts(&text, 3));
        let one_go = layer(&text, 1).unwrap();
        assert!(
            one_go
                .report
                .problems
                .iter()
                .any(|p| p.message.contains("different values")),
            "{:?}",
            one_go.report.problems
        );
        assert_eq!(layer(&text, 3).unwrap(), one_go);
    }

    #[test]
    fn progress_reaches_the_end_when_read_in_parts() {
        let text = made_up_long(2000, "\n", false);
        let limits = Limits {
            parallel_min_bytes: 0,
            threads: 3,
            ..Limits::default()
        };
        let curated = crate::model::load::load_embedded().unwrap();
        let control = Control::default();
        read(
            "made-up.csv",
            "made-up.csv",
            text.as_bytes(),
            &curated,
            &limits,
            &control,
        )
        .unwrap();
        assert_eq!(control.fraction(), 1.0);
    }

    #[test]
    fn excel_dates() {
        assert_eq!(excel_date(42005.0), "2015-01-01");
        assert_eq!(excel_date(1.0), "1900-01-01");
    }
}
