//! Figures as CSV, one row per value.

use crate::model::{Dataset, Figure, Qualifier, Reading};

pub const FIGURES_HEADER: &str =
    "series_id,region,drug,year,value,unit,source_id,stated_or_derived,note";

/// Quote a field if it contains a separator, quote or line break (RFC 4180).
pub fn field(value: &str) -> String {
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value.to_owned()
    }
}

/// The year column: a single year, or `from-to` for a period.
pub fn year_text(f: &Figure) -> String {
    match (f.year, f.period) {
        (Some(y), _) => y.to_string(),
        (None, Some(p)) => format!("{}-{}", p.from, p.to),
        (None, None) => String::new(),
    }
}

/// Everything a reader needs to interpret the number that has no column of its own.
pub fn note_text(f: &Figure) -> String {
    let mut parts: Vec<String> = Vec::new();
    if f.qualifier != Qualifier::Exact {
        parts.push(format!("qualifier: {}", f.qualifier.key()));
    }
    if f.reading == Reading::Printed {
        parts.push("printed reading (not used by default)".to_owned());
    }
    if let (Some(y), Some(p)) = (f.year, f.period)
        && (p.from != y || p.to != y)
    {
        parts.push(format!("period {}-{}", p.from, p.to));
    }
    if let Some(formula) = &f.formula {
        parts.push(format!("formula: {formula}"));
    }
    if let Some(note) = &f.note {
        parts.push(note.clone());
    }
    parts.join("; ")
}

pub fn figures_csv(data: &Dataset) -> String {
    let mut out = String::from(FIGURES_HEADER);
    out.push('\n');
    for f in &data.figures {
        let row = [
            field(&f.series),
            field(&f.region),
            field(f.drug.key()),
            field(&year_text(f)),
            format_value(f.value),
            field(f.unit.key()),
            field(&f.source),
            field(f.basis.key()),
            field(&note_text(f)),
        ];
        out.push_str(&row.join(","));
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
}
