//! Numbers, values and tooltips as the charts print them.

use crate::model::{Basis, Dataset, Figure, Qualifier, Reading, Unit};

/// A number as the dataset holds it (shortest exact decimal), with thousands
/// separators: 1191.4 → "1,191.4", 0.42 → "0.42", 173.0 → "173". Negative
/// numbers use the minus sign "−".
pub fn fmt_num(v: f64) -> String {
    let text = format!("{}", v.abs());
    let (int, frac) = match text.split_once('.') {
        Some((i, f)) => (i.to_owned(), Some(f.to_owned())),
        None => (text.clone(), None),
    };
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let sign = if v < 0.0 { "\u{2212}" } else { "" };
    match frac {
        Some(f) => format!("{sign}{grouped}.{f}"),
        None => format!("{sign}{grouped}"),
    }
}

/// Round to `digits` decimals, then [`fmt_num`].
pub fn fmt_round(v: f64, digits: i32) -> String {
    let p = 10f64.powi(digits);
    fmt_num((v * p).round() / p)
}

/// A change in percent with its sign: "+25 %", "−8.3 %".
pub fn fmt_change(percent: f64) -> String {
    let sign = if percent > 0.0 { "+" } else { "" };
    format!("{sign}{} %", fmt_round(percent, 1))
}

/// "1,191.4 kg", "0.46 %", with the qualifier in words.
pub fn fmt_value(v: f64, unit: Unit, qualifier: Qualifier) -> String {
    let unit_text = match unit.symbol() {
        "" => String::new(),
        s => format!(" {s}"),
    };
    let signed = if v > 0.0 && unit == Unit::Percent && qualifier == Qualifier::MoreThan {
        format!("+{}", fmt_num(v))
    } else {
        fmt_num(v)
    };
    let number = format!("{signed}{unit_text}");
    match qualifier {
        Qualifier::Exact => number,
        Qualifier::Approximate => format!("about {number}"),
        Qualifier::LessThan => format!("less than {number}"),
        Qualifier::MoreThan => format!("more than {number}"),
        Qualifier::RangeLow => format!("{number} (low end of a range)"),
        Qualifier::RangeHigh => format!("{number} (high end of a range)"),
    }
}

/// A short citation for source lines: publisher, title (if the article gives
/// one) and date.
pub fn short_citation(ds: &Dataset, source_id: &str) -> String {
    match ds.source(source_id) {
        Some(s) if s.title.contains("gives no title") => format!("{}, {}", s.publisher, s.date),
        Some(s) => format!("{}, {}, {}", s.publisher, s.title, s.date),
        None => source_id.to_owned(),
    }
}

pub(crate) fn when(f: &Figure) -> String {
    f.when_text()
}

/// Hover text for one figure: what, when, the exact value with unit and
/// qualifier, the full source, the formula of a derived value, and whether
/// it is the printed reading.
pub fn figure_tooltip(ds: &Dataset, label: &str, f: &Figure) -> String {
    let mut lines = vec![
        format!("{label}, {}", when(f)),
        fmt_value(f.value, f.unit, f.qualifier),
        format!("Source: {}", ds.citation(&f.source)),
    ];
    if f.basis == Basis::Derived
        && let Some(formula) = &f.formula
    {
        lines.push(format!("Derived: {formula}"));
    }
    if f.reading == Reading::Printed {
        lines.push("As printed in the article; kept as evidence, not used".to_owned());
    }
    if let Some(note) = &f.note {
        lines.push(format!("Note: {note}"));
    }
    lines.push(format!("Figure id: {}", f.id));
    lines.join("\n")
}

pub(crate) fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_keep_their_digits_and_get_separators() {
        assert_eq!(fmt_num(1191.4), "1,191.4");
        assert_eq!(fmt_num(173.0), "173");
        assert_eq!(fmt_num(0.42), "0.42");
        assert_eq!(fmt_num(-79.0), "\u{2212}79");
        assert_eq!(fmt_num(5000.0), "5,000");
        assert_eq!(fmt_num(123456789.0), "123,456,789");
    }

    #[test]
    fn changes_carry_their_sign() {
        assert_eq!(fmt_change(25.0), "+25 %");
        assert_eq!(fmt_change(-8.333), "\u{2212}8.3 %");
        assert_eq!(fmt_change(0.0), "0 %");
    }
}
