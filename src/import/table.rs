//! Rows of cells, whatever file they come from, and the per-format readers.

use super::builder::Builder;
use super::regions::RegionMatcher;
use super::report::{Report, RowRef};
use super::text::{self, Decimal, NumberError};
use super::vocab;

/// One cell as read. CSV cells are always text; spreadsheets give types.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell<'a> {
    Empty,
    Text(&'a str),
    Number(f64),
    Bool(bool),
    /// A date or time cell, as ISO text.
    Date(String),
    /// An error value (#DIV/0!, #N/A…).
    Error(String),
    /// A formula whose result was never saved (files written by scripts).
    Formula(String),
}

impl Cell<'_> {
    pub fn is_blank(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(t) => t.trim().is_empty(),
            _ => false,
        }
    }

    /// Text of the cell (numbers shortest form), for names and labels.
    pub fn text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(t) => t.trim().to_owned(),
            Cell::Number(v) => crate::export::csv::format_value(*v),
            Cell::Bool(b) => b.to_string(),
            Cell::Date(d) => d.clone(),
            Cell::Error(e) => e.clone(),
            Cell::Formula(f) => format!("={f}"),
        }
    }
}

/// A non-negative number from a cell, or the message for the user.
pub fn number(cell: &Cell<'_>, decimal: Decimal, comma_seen: &mut bool) -> Result<f64, String> {
    match cell {
        Cell::Number(v) => {
            if !v.is_finite() {
                Err(format!("'{v}' is not a finite number"))
            } else if *v < 0.0 {
                Err(NumberError::Negative(*v).describe(""))
            } else {
                Ok(*v + 0.0)
            }
        }
        Cell::Text(t) => match text::parse_number(t, decimal) {
            Ok((v, comma)) => {
                *comma_seen |= comma;
                Ok(v)
            }
            Err(e) => Err(e.describe(t.trim())),
        },
        Cell::Empty => Err(NumberError::Empty.describe("")),
        Cell::Bool(b) => Err(format!("'{b}' is not a number")),
        Cell::Date(d) => Err(format!("a date ({d}), not a number")),
        Cell::Error(e) => Err(format!("the cell holds the error {e}, not a number")),
        Cell::Formula(f) => Err(formula_message(f)),
    }
}

pub fn formula_message(f: &str) -> String {
    format!(
        "the cell holds the formula ={f} with no saved result; open the file in a \
         spreadsheet program and save it, or paste the values"
    )
}

/// A year from a cell: a whole number 1900–2100 (or text of one).
pub fn year(cell: &Cell<'_>) -> Result<i32, String> {
    match cell {
        Cell::Number(v) => text::year_from_number(*v).ok_or_else(|| {
            format!(
                "'{}' is not a year between {} and {}",
                crate::export::csv::format_value(*v),
                text::YEAR_MIN,
                text::YEAR_MAX
            )
        }),
        Cell::Text(t) => text::parse_year_text(t),
        Cell::Date(d) => Err(format!(
            "a date ({d}), not a year: format the column as a number holding only the year ({})",
            d.get(..4).unwrap_or(d)
        )),
        Cell::Empty => Err("no year".to_owned()),
        Cell::Bool(b) => Err(format!("'{b}' is not a year")),
        Cell::Error(e) => Err(format!("the cell holds the error {e}, not a year")),
        Cell::Formula(f) => Err(formula_message(f)),
    }
}

/// What every format reader gets for each row.
pub struct Ctx<'a> {
    pub builder: Builder,
    pub report: Report,
    pub regions: &'a RegionMatcher,
    pub decimal: Decimal,
    /// Whether a decimal comma was read somewhere.
    pub comma_seen: bool,
    /// Name of the sheet being read ("" for CSV) and its index.
    pub sheet: String,
    pub sheet_index: u16,
    /// File name without folders, for years in names and labels.
    pub file_name: String,
    /// Sources the values cite; the first is the file itself.
    pub sources: Vec<crate::model::Source>,
}

impl Ctx<'_> {
    /// Index of a source by id, added with `make` on first use.
    pub fn source(&mut self, id: &str, make: impl FnOnce() -> crate::model::Source) -> u32 {
        if let Some(i) = self.sources.iter().position(|s| s.id == id) {
            return i as u32;
        }
        let mut s = make();
        s.id = id.to_owned();
        self.sources.push(s);
        (self.sources.len() - 1) as u32
    }

    pub fn at(&self, row: u32) -> RowRef {
        RowRef {
            sheet: self.sheet_index,
            row,
        }
    }

    /// Number in a column; reports the problem and returns None.
    pub fn number(&mut self, at: RowRef, cells: &[Cell<'_>], col: &Column) -> Option<f64> {
        let cell = cells.get(col.index).unwrap_or(&Cell::Empty);
        match number(cell, self.decimal, &mut self.comma_seen) {
            Ok(v) => Some(v),
            Err(msg) => {
                self.report.problem(at, Some(&col.name), msg);
                None
            }
        }
    }

    /// A number that may be negative (percentage changes in the long format).
    pub fn signed_number(&mut self, at: RowRef, cells: &[Cell<'_>], col: &Column) -> Option<f64> {
        let cell = cells.get(col.index).unwrap_or(&Cell::Empty);
        let result = match cell {
            Cell::Number(v) if v.is_finite() => Ok(*v + 0.0),
            Cell::Text(t) => match text::parse_number(t, self.decimal) {
                Ok((v, comma)) => {
                    self.comma_seen |= comma;
                    Ok(v)
                }
                Err(NumberError::Negative(v)) => Ok(v),
                Err(e) => Err(e.describe(t.trim())),
            },
            other => number(other, self.decimal, &mut self.comma_seen),
        };
        match result {
            Ok(v) => Some(v),
            Err(msg) => {
                self.report.problem(at, Some(&col.name), msg);
                None
            }
        }
    }

    pub fn year(&mut self, at: RowRef, cells: &[Cell<'_>], col: &Column) -> Option<i32> {
        let cell = cells.get(col.index).unwrap_or(&Cell::Empty);
        match year(cell) {
            Ok(y) => Some(y),
            Err(msg) => {
                self.report.problem(at, Some(&col.name), msg);
                None
            }
        }
    }
}

/// A column found in the header: its position and its name as written.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub index: usize,
    pub name: String,
}

/// The header row as folded keys and as written.
pub struct Header {
    pub keys: Vec<String>,
    pub names: Vec<String>,
}

impl Header {
    pub fn new(cells: &[Cell<'_>]) -> Header {
        let names: Vec<String> = cells.iter().map(Cell::text).collect();
        Header {
            keys: names.iter().map(|n| text::header_key(n)).collect(),
            names,
        }
    }

    /// The first column whose key is one of `keys`.
    pub fn find(&self, keys: &[&str]) -> Option<Column> {
        for k in keys {
            if let Some(i) = self.keys.iter().position(|h| h == k) {
                return Some(Column {
                    index: i,
                    name: self.names[i].clone(),
                });
            }
        }
        None
    }

    pub fn is_blank(&self) -> bool {
        self.keys.iter().all(String::is_empty)
    }
}

/// The text of a cell at a column (empty if the row is short).
pub fn text_at<'c>(cells: &'c [Cell<'_>], col: &Column) -> std::borrow::Cow<'c, str> {
    match cells.get(col.index) {
        Some(Cell::Text(t)) => std::borrow::Cow::Borrowed(trim(t)),
        Some(c) => std::borrow::Cow::Owned(c.text()),
        None => std::borrow::Cow::Borrowed(""),
    }
}

/// `str::trim`, with a quick look at both ends first: almost no cell of a
/// big file has surrounding spaces.
fn trim(t: &str) -> &str {
    let plain = |b: Option<&u8>| b.is_none_or(|b| b.is_ascii_graphic());
    if plain(t.as_bytes().first()) && plain(t.as_bytes().last()) {
        t
    } else {
        t.trim()
    }
}

/// A format's reader, made from a header that it recognised.
pub trait RowReader {
    fn row(&mut self, ctx: &mut Ctx<'_>, at: RowRef, cells: &[Cell<'_>]);
    /// Called when a new sheet starts (one sheet per year in some files).
    fn start_sheet(&mut self, _ctx: &mut Ctx<'_>) {}
    /// Hand over anything the format collects besides values (flows).
    fn finish(self: Box<Self>, ctx: &mut Ctx<'_>) -> super::FormatExtras;
    /// A copy to read another part of the same file on another thread, for
    /// formats whose rows do not depend on each other (one value per row,
    /// nothing collected besides values). None: read the file in one go.
    fn fork(&self) -> Option<Box<dyn RowReader + Send>> {
        None
    }
}

/// A 4-digit year inside a name ("2015", "IDS_2015.csv").
pub fn year_in_name(name: &str) -> Option<i32> {
    let bytes = name.as_bytes();
    let mut found = None;
    let mut i = 0;
    while i + 4 <= bytes.len() {
        let w = &bytes[i..i + 4];
        let before = i == 0 || !bytes[i - 1].is_ascii_digit();
        let after = i + 4 == bytes.len() || !bytes[i + 4].is_ascii_digit();
        if before && after && w.iter().all(u8::is_ascii_digit) {
            let y: i32 = std::str::from_utf8(w).ok()?.parse().ok()?;
            if (1900..=2100).contains(&y) {
                if found.is_some() {
                    return None; // two years: ambiguous
                }
                found = Some(y);
            }
        }
        i += 1;
    }
    found
}

/// The drug and unit cells of a row (with the unit as written, for notes),
/// or `None` with the problem and the skipped row reported. `no_unit` says
/// why an empty unit cell cannot be read.
pub fn drug_and_unit(
    ctx: &mut Ctx<'_>,
    at: RowRef,
    cells: &[Cell<'_>],
    drug: &Column,
    unit: &Column,
    no_unit: &str,
) -> Option<(vocab::DrugName, vocab::UnitWord, String)> {
    let drug_text = text_at(cells, drug);
    let Some(drug_name) = vocab::drug(&drug_text) else {
        ctx.report
            .problem(at, Some(&drug.name), "no drug name".to_owned());
        ctx.report.skip(at, "no drug name");
        return None;
    };
    let unit_text = text_at(cells, unit).into_owned();
    let Some(unit_word) = vocab::unit(&unit_text) else {
        let msg = if unit_text.is_empty() {
            no_unit.to_owned()
        } else {
            format!("unknown unit '{unit_text}'")
        };
        ctx.report.problem(at, Some(&unit.name), msg);
        ctx.report.skip(at, "no usable unit");
        return None;
    };
    Some((drug_name, unit_word, unit_text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_in_names() {
        assert_eq!(year_in_name("2015"), Some(2015));
        assert_eq!(year_in_name("IDS_2015.xlsx"), Some(2015));
        assert_eq!(year_in_name("seizures 2015-2016"), None);
        assert_eq!(year_in_name("Sheet1"), None);
    }

    #[test]
    fn date_in_a_year_column_says_what_to_do() {
        assert_eq!(
            year(&Cell::Date("2015-01-01".into())),
            Err("a date (2015-01-01), not a year: format the column as a number holding only the year (2015)".into())
        );
    }
}
