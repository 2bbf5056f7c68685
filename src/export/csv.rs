//! Figures as CSV, one row per value: a complete record of each figure, so
//! that the file can be pivoted safely and read back without loss (the
//! columns are documented in docs/DATA.md, section "Figures CSV").

use std::borrow::Cow;

use crate::model::{Dataset, Figure};

/// The header of `route-explorer export figures`. This constant is the only
/// place the column list is written down; readers split it on commas.
pub const FIGURES_HEADER: &str = "id,series,metric,region,region_name,drug,year,year_kind,\
period_from,period_to,months_from,months_to,value,unit,qualifier,basis,reading,formula,\
source_id,source_title,source_publisher,source_date,source_author,source_citation,note";

/// First characters that make a spreadsheet read a cell as a formula: the
/// OWASP CSV-injection list (`=`, `+`, `-`, `@`, tab, carriage return), plus
/// line feed.
pub const FORMULA_TRIGGERS: [char; 7] = ['=', '+', '-', '@', '\t', '\r', '\n'];

/// A plain decimal number such as `-94` or `1191.4`: a spreadsheet reads it
/// as a number, not a formula, so it is written unchanged.
fn is_plain_number(text: &str) -> bool {
    !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '+' | '-' | '.' | 'e' | 'E'))
        && text.parse::<f64>().is_ok()
}

/// Text that a spreadsheet would run as a formula gets a leading single
/// quote (OWASP's advice). Numbers stay numbers. Text that already starts
/// with quotes followed by a trigger also gets one more, so that
/// [`restore_text`] can undo the change exactly.
pub fn defuse_text(text: &str) -> Cow<'_, str> {
    let after_quotes = text.trim_start_matches('\'');
    if after_quotes.starts_with(FORMULA_TRIGGERS) && !is_plain_number(text) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// The inverse of [`defuse_text`], for readers of our CSV files: drops the
/// quote that [`defuse_text`] added, and nothing else.
pub fn restore_text(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.trim_start_matches('\'').starts_with(FORMULA_TRIGGERS) => rest,
        _ => cell,
    }
}

/// One CSV cell: made safe for spreadsheets ([`defuse_text`]), then quoted if
/// it contains a separator, quote or line break (RFC 4180).
pub fn field(value: &str) -> String {
    let value = defuse_text(value);
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value.into_owned()
    }
}

fn opt_number<T: ToString>(value: Option<T>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

/// The cells of one figure, in the order of [`FIGURES_HEADER`].
fn figure_row(data: &Dataset, f: &Figure) -> Vec<String> {
    let source = data.source(&f.source);
    let source_text = |get: fn(&crate::model::Source) -> Option<&str>| {
        field(source.and_then(get).unwrap_or_default())
    };
    vec![
        field(&f.id),
        field(&f.series),
        field(&f.metric),
        field(&f.region),
        field(&f.region_name),
        field(f.drug.key()),
        opt_number(f.year),
        field(f.year_kind.key()),
        opt_number(f.period.map(|p| p.from)),
        opt_number(f.period.map(|p| p.to)),
        opt_number(f.months.map(|m| m.from)),
        opt_number(f.months.map(|m| m.to)),
        format_value(f.value),
        field(f.unit.key()),
        field(f.qualifier.key()),
        field(f.basis.key()),
        field(f.reading.key()),
        field(f.formula.as_deref().unwrap_or_default()),
        field(&f.source),
        source_text(|s| Some(s.title.as_str())),
        source_text(|s| Some(s.publisher.as_str())),
        source_text(|s| Some(s.date.as_str())),
        source_text(|s| s.author.as_deref()),
        field(&data.citation(&f.source)),
        field(f.note.as_deref().unwrap_or_default()),
    ]
}

pub fn figures_csv(data: &Dataset) -> String {
    let mut out = String::from(FIGURES_HEADER);
    out.push('\n');
    for f in &data.figures {
        out.push_str(&figure_row(data, f).join(","));
        out.push('\n');
    }
    out
}

/// Shortest text that reads back as the same number (no exponent for our range).
pub fn format_value(v: f64) -> String {
    let s = format!("{v}");
    if s.contains('e') {
        format!("{v:.6}")
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_with_commas_and_quotes_are_quoted() {
        assert_eq!(field("plain"), "plain");
        assert_eq!(field("a, b"), "\"a, b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
    }

    #[test]
    fn formulas_are_defused_and_numbers_are_not() {
        assert_eq!(field("=1+1"), "'=1+1");
        assert_eq!(field("+cmd"), "'+cmd");
        assert_eq!(field("-2+3"), "'-2+3");
        assert_eq!(field("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(field("\tx"), "'\tx");
        assert_eq!(field("\rx"), "\"'\rx\"");
        assert_eq!(
            field("=HYPERLINK(\"x\",\"y\")"),
            "\"'=HYPERLINK(\"\"x\"\",\"\"y\"\")\""
        );
        for number in ["-94", "-79.5", "+3", "1191.4", "-1e3", "0"] {
            assert_eq!(field(number), number);
        }
        // Not numbers, although parse::<f64> accepts them.
        assert_eq!(field("-inf"), "'-inf");
        assert_eq!(field("-NaN"), "'-NaN");
        // Ordinary text keeps its first character, quotes included.
        assert_eq!(field("'Almost 90 per cent'"), "'Almost 90 per cent'");
        assert_eq!(field("a-b"), "a-b");
    }

    /// Every string survives defuse → restore, including ones that already
    /// start with quotes (xorshift over a small alphabet, so it reproduces).
    #[test]
    fn restore_undoes_defuse_exactly() {
        let alphabet = [
            '\'', '=', '+', '-', '@', '\t', '\r', '\n', 'a', '1', '.', 'e', ' ',
        ];
        let mut state: u64 = 0x2545_F491_4F6C_DD1D;
        for _ in 0..20_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let len = (state % 6) as usize;
            let text: String = (0..len)
                .map(|i| alphabet[((state >> (8 * i + 3)) % alphabet.len() as u64) as usize])
                .collect();
            let cell = defuse_text(&text);
            assert_eq!(restore_text(&cell), text, "{text:?} → {cell:?}");
            if !is_plain_number(&text) {
                assert!(
                    !cell.starts_with(FORMULA_TRIGGERS),
                    "{text:?} → {cell:?} would run as a formula"
                );
            }
        }
    }
}
