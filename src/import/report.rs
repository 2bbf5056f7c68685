//! What an import tells the user: problems with their position, and the
//! summary of rows read, used and skipped (with the reason for each).

use std::collections::BTreeMap;
use std::fmt;

/// Where in a file a row sits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RowRef {
    /// Index into `Report::sheets` (0 for CSV files).
    pub sheet: u16,
    /// 1-based row (line of a CSV file, row number of a sheet).
    pub row: u32,
}

/// How many rows a listed problem keeps before saying "and N more".
pub const ROWS_LISTED: usize = 8;
/// How many distinct problems are kept; the rest are counted.
pub const PROBLEMS_KEPT: usize = 500;

/// One problem, naming file, sheet, rows and column. The same problem on
/// many rows (an unknown country in every row of a big table) is one entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub file: String,
    pub sheet: Option<String>,
    /// First rows it occurs in (1-based), at most `ROWS_LISTED`.
    pub rows: Vec<u32>,
    /// On how many rows it occurs in all.
    pub row_count: usize,
    pub column: Option<String>,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(s) = &self.sheet {
            write!(f, " [sheet '{s}']")?;
        }
        match self.rows.as_slice() {
            [] => {}
            [one] if self.row_count <= 1 => write!(f, " row {one}")?,
            rows => {
                let list: Vec<String> = rows.iter().map(u32::to_string).collect();
                write!(f, " rows {}", list.join(", "))?;
                if self.row_count > rows.len() {
                    write!(f, " (+{} more)", self.row_count - rows.len())?;
                }
            }
        }
        if let Some(c) = &self.column {
            write!(f, ", column '{c}'")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// Rows skipped for one reason.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Skipped {
    pub count: usize,
    /// First rows, for the user to look up.
    pub rows: Vec<RowRef>,
}

/// Rows read, used and skipped, problems, and notes on what was done.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Report {
    pub file: String,
    /// Sheets read (empty name for CSV).
    pub sheets: Vec<String>,
    /// Data rows read (header and title rows not counted; blank rows are).
    pub rows_read: usize,
    pub rows_used: usize,
    /// Reason → rows.
    pub skipped: BTreeMap<String, Skipped>,
    pub problems: Vec<Problem>,
    /// Problems beyond `PROBLEMS_KEPT`, counted only.
    pub problems_not_listed: usize,
    /// How values were read or changed (decimal commas, unit conversions,
    /// reorganised oblasts): facts the user should know, not errors.
    pub notes: Vec<String>,
    /// (sheet, column, message) → index in `problems`.
    index: BTreeMap<(u16, String, String), usize>,
}

impl Report {
    pub fn new(file: &str) -> Report {
        Report {
            file: file.to_owned(),
            ..Default::default()
        }
    }

    pub fn rows_skipped(&self) -> usize {
        self.skipped.values().map(|s| s.count).sum()
    }

    fn sheet_name(&self, sheet: u16) -> Option<String> {
        self.sheets
            .get(sheet as usize)
            .filter(|s| !s.is_empty())
            .cloned()
    }

    /// Record a problem at a row and column (grouped with the same message).
    pub fn problem(&mut self, at: RowRef, column: Option<&str>, message: String) {
        let key = (at.sheet, column.unwrap_or("").to_owned(), message);
        if let Some(&i) = self.index.get(&key) {
            let p = &mut self.problems[i];
            p.row_count += 1;
            if p.rows.len() < ROWS_LISTED {
                p.rows.push(at.row);
            }
            return;
        }
        if self.problems.len() >= PROBLEMS_KEPT {
            self.problems_not_listed += 1;
            return;
        }
        let p = Problem {
            file: self.file.clone(),
            sheet: self.sheet_name(at.sheet),
            rows: vec![at.row],
            row_count: 1,
            column: column.map(str::to_owned),
            message: key.2.clone(),
        };
        self.index.insert(key, self.problems.len());
        self.problems.push(p);
    }

    /// A problem about the whole file or a sheet, not one row.
    pub fn file_problem(&mut self, sheet: Option<u16>, column: Option<&str>, message: String) {
        self.problems.push(Problem {
            file: self.file.clone(),
            sheet: sheet.and_then(|s| self.sheet_name(s)),
            rows: vec![],
            row_count: 0,
            column: column.map(str::to_owned),
            message,
        });
    }

    pub fn skip(&mut self, at: RowRef, reason: &str) {
        let e = self.skipped.entry(reason.to_owned()).or_default();
        e.count += 1;
        if e.rows.len() < ROWS_LISTED {
            e.rows.push(at);
        }
    }

    pub fn note(&mut self, text: String) {
        if !self.notes.contains(&text) {
            self.notes.push(text);
        }
    }

    /// Whether `later`, the report of a later part of the same file, can be
    /// joined onto this one exactly as if the file had been read in one go:
    /// only while every problem is still listed individually.
    pub fn can_absorb(&self, later: &Report) -> bool {
        let new_problems = later
            .index
            .keys()
            .filter(|k| !self.index.contains_key(*k))
            .count();
        self.problems_not_listed == 0
            && later.problems_not_listed == 0
            && later.problems.len() == later.index.len()
            && self.problems.len() + new_problems <= PROBLEMS_KEPT
    }

    /// Join the report of a later part of the same file (see `can_absorb`):
    /// counts add up, rows keep file order, problems and notes keep the
    /// order they were first met in.
    pub fn absorb(&mut self, later: Report) {
        self.rows_read += later.rows_read;
        for (reason, s) in later.skipped {
            let e = self.skipped.entry(reason).or_default();
            e.count += s.count;
            let room = ROWS_LISTED.saturating_sub(e.rows.len());
            e.rows.extend(s.rows.into_iter().take(room));
        }
        let mut keys: Vec<((u16, String, String), usize)> = later.index.into_iter().collect();
        keys.sort_by_key(|(_, i)| *i);
        let mut problems: Vec<Option<Problem>> = later.problems.into_iter().map(Some).collect();
        for (key, i) in keys {
            let Some(p) = problems.get_mut(i).and_then(Option::take) else {
                continue;
            };
            if let Some(&mine) = self.index.get(&key) {
                let q = &mut self.problems[mine];
                q.row_count += p.row_count;
                let room = ROWS_LISTED.saturating_sub(q.rows.len());
                q.rows.extend(p.rows.into_iter().take(room));
            } else {
                self.index.insert(key, self.problems.len());
                self.problems.push(p);
            }
        }
        for n in later.notes {
            self.note(n);
        }
    }

    /// "rows 3, 8 [Seizures], …" for a skip reason.
    pub fn rows_text(&self, rows: &[RowRef], count: usize) -> String {
        let list: Vec<String> = rows
            .iter()
            .map(|r| match self.sheet_name(r.sheet) {
                Some(s) if self.sheets.len() > 1 => format!("{s}!{}", r.row),
                _ => r.row.to_string(),
            })
            .collect();
        let more = if count > rows.len() {
            format!(" (+{} more)", count - rows.len())
        } else {
            String::new()
        };
        format!("{}{more}", list.join(", "))
    }

    /// The summary as lines: counts, skip reasons, notes.
    pub fn summary_lines(&self) -> Vec<String> {
        let mut out = vec![format!(
            "{}: {} rows read, {} used, {} skipped",
            self.file,
            self.rows_read,
            self.rows_used,
            self.rows_skipped()
        )];
        for (reason, s) in &self.skipped {
            out.push(format!(
                "  skipped {} row(s): {reason} (rows {})",
                s.count,
                self.rows_text(&s.rows, s.count)
            ));
        }
        for n in &self.notes {
            out.push(format!("  note: {n}"));
        }
        out
    }

    /// Every problem as a line, then how many were not listed.
    pub fn problem_lines(&self) -> Vec<String> {
        let mut out: Vec<String> = self.problems.iter().map(|p| p.to_string()).collect();
        if self.problems_not_listed > 0 {
            out.push(format!(
                "{}: {} more problem(s) not listed",
                self.file, self.problems_not_listed
            ));
        }
        out
    }

    /// Whether every row was used and nothing is wrong.
    pub fn is_clean(&self) -> bool {
        self.problems.is_empty() && self.rows_skipped() == 0 && self.rows_used == self.rows_read
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_problem_on_many_rows_is_one_line() {
        let mut r = Report::new("a.csv");
        r.sheets.push(String::new());
        for row in 2..20 {
            r.problem(
                RowRef { sheet: 0, row },
                Some("Country"),
                "unknown region 'X'".into(),
            );
        }
        assert_eq!(r.problems.len(), 1);
        assert_eq!(
            r.problems[0].to_string(),
            "a.csv rows 2, 3, 4, 5, 6, 7, 8, 9 (+10 more), column 'Country': unknown region 'X'"
        );
    }
}
