//! Text helpers shared by every format: name normalisation for matching,
//! numbers with decimal commas or thousands separators, years.

use unicode_normalization::UnicodeNormalization;

/// Lowercase, no diacritics, Kazakh letters folded to their Russian or Latin
/// base letter, every run of non-alphanumerics turned into one space.
/// "Ońtüstik Qazaqstan" → "ontustik qazaqstan", "Южно-Казахстанская" →
/// "южно казахстанская".
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = true;
    for c in s.nfkd() {
        if unicode_normalization::char::is_combining_mark(c) {
            continue;
        }
        let c = match c {
            // Kazakh Cyrillic letters → the Russian letter a transliteration uses.
            'ә' | 'Ә' => 'а',
            'ө' | 'Ө' => 'о',
            'ү' | 'Ү' | 'ұ' | 'Ұ' => 'у',
            'қ' | 'Қ' => 'к',
            'ғ' | 'Ғ' => 'г',
            'ң' | 'Ң' => 'н',
            'һ' | 'Һ' => 'х',
            'і' | 'І' => 'и',
            'ё' | 'Ё' => 'е',
            // Latin letters without a decomposition.
            'ı' => 'i',
            'ə' | 'Ə' => 'a',
            'ł' | 'Ł' => 'l',
            'ß' => 's',
            c => c,
        };
        if c.is_alphanumeric() {
            for l in c.to_lowercase() {
                out.push(l);
            }
            space = false;
        } else if c == '\'' || c == '’' || c == 'ʼ' || c == '`' {
            // Apostrophes in transliterations ("Oblast'", "Qazaqstan") carry no meaning here.
        } else if !space {
            out.push(' ');
            space = true;
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// A column header reduced to letters and digits: "Reference year" →
/// "referenceyear", "COUNTRY_OF_SEIZURE" → "countryofseizure".
pub fn header_key(s: &str) -> String {
    fold(s).replace(' ', "")
}

/// Which character separates decimals in a file's numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decimal {
    /// `12.5`; a comma can only group thousands (`1,234.5`).
    Point,
    /// `12,5` (files separated by semicolons or tabs): `1.234,5` also reads.
    Comma,
}

/// Why a cell is not a usable number. The text is what the user should see.
#[derive(Debug, Clone, PartialEq)]
pub enum NumberError {
    Empty,
    NotANumber,
    Negative(f64),
    /// "<5", ">100": a bound, not a value.
    Censored,
    NotFinite,
}

impl NumberError {
    pub fn describe(&self, text: &str) -> String {
        match self {
            NumberError::Empty => "no value".to_owned(),
            NumberError::NotANumber => format!("'{text}' is not a number"),
            NumberError::Negative(v) => {
                format!("negative value {v}: seizure amounts cannot be below zero")
            }
            NumberError::Censored => {
                format!("'{text}' is a bound, not a number; enter the value itself")
            }
            NumberError::NotFinite => format!("'{text}' is not a finite number"),
        }
    }
}

/// Read a number as people type it in spreadsheets: spaces, non-breaking
/// spaces and apostrophes group thousands; the decimal separator follows the
/// file (`Decimal`), and where both `.` and `,` appear the last one is it.
/// Returns whether a decimal comma was read (for the import notes).
pub fn parse_number(text: &str, decimal: Decimal) -> Result<(f64, bool), NumberError> {
    let t = text.trim();
    if t.is_empty() {
        return Err(NumberError::Empty);
    }
    if t.starts_with(['<', '>', '≤', '≥']) {
        return Err(NumberError::Censored);
    }
    // Fast path: plain ASCII digits and at most one point.
    if let Ok(v) = t.parse::<f64>()
        && !t.contains(['e', 'E', 'n', 'N', 'i', 'I'])
    {
        return finish(v, false);
    }
    let mut cleaned = String::with_capacity(t.len());
    let mut negative = false;
    for (i, c) in t.chars().enumerate() {
        match c {
            ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}' | '\'' | '’' => {}
            '-' | '\u{2212}' if i == 0 => negative = true,
            '0'..='9' | '.' | ',' => cleaned.push(c),
            _ => return Err(NumberError::NotANumber),
        }
    }
    if cleaned.is_empty() || !cleaned.chars().any(|c| c.is_ascii_digit()) {
        return Err(NumberError::NotANumber);
    }
    let last_point = cleaned.rfind('.');
    let last_comma = cleaned.rfind(',');
    let (decimal_char, group_char) = match (last_point, last_comma) {
        (Some(p), Some(c)) if c > p => (',', '.'),
        (Some(_), Some(_)) => ('.', ','),
        (None, Some(_)) => {
            if decimal == Decimal::Point && is_grouped(&cleaned, ',') {
                ('.', ',')
            } else {
                (',', '.')
            }
        }
        (Some(_), None) => {
            if cleaned.matches('.').count() > 1 && is_grouped(&cleaned, '.') {
                (',', '.')
            } else {
                ('.', ',')
            }
        }
        (None, None) => ('.', ','),
    };
    let (int_part, frac_part) = match cleaned.rfind(decimal_char) {
        Some(i) => (&cleaned[..i], Some(&cleaned[i + 1..])),
        None => (cleaned.as_str(), None),
    };
    if int_part.contains(group_char) && !is_grouped(int_part, group_char) {
        return Err(NumberError::NotANumber);
    }
    let int_digits: String = int_part.chars().filter(|c| *c != group_char).collect();
    if int_digits.contains(['.', ',']) {
        return Err(NumberError::NotANumber);
    }
    let mut plain = String::with_capacity(cleaned.len() + 1);
    if negative {
        plain.push('-');
    }
    plain.push_str(if int_digits.is_empty() {
        "0"
    } else {
        &int_digits
    });
    if let Some(f) = frac_part {
        if f.is_empty() || !f.chars().all(|c| c.is_ascii_digit()) {
            return Err(NumberError::NotANumber);
        }
        plain.push('.');
        plain.push_str(f);
    }
    let v: f64 = plain.parse().map_err(|_| NumberError::NotANumber)?;
    finish(v, decimal_char == ',' && frac_part.is_some())
}

fn finish(v: f64, comma: bool) -> Result<(f64, bool), NumberError> {
    if !v.is_finite() {
        return Err(NumberError::NotFinite);
    }
    if v < 0.0 {
        return Err(NumberError::Negative(v));
    }
    // -0 reads as 0.
    Ok((v + 0.0, comma))
}

/// `1,234,567` style: groups of three after the first group of one to three digits.
fn is_grouped(s: &str, sep: char) -> bool {
    let mut parts = s.split(sep);
    let Some(first) = parts.next() else {
        return false;
    };
    if first.is_empty() || first.len() > 3 || !first.chars().all(|c| c.is_ascii_digit()) {
        return false;
    }
    let mut any = false;
    for p in parts {
        any = true;
        if p.len() != 3 || !p.chars().all(|c| c.is_ascii_digit()) {
            return false;
        }
    }
    any
}

/// Earliest and latest year an imported value may refer to.
pub const YEAR_MIN: i32 = crate::model::validate::YEAR_MIN;
pub const YEAR_MAX: i32 = crate::model::validate::YEAR_MAX;

/// A year in a text cell: `2015`, `2015.0`; anything else is an error message.
pub fn parse_year_text(text: &str) -> Result<i32, String> {
    let t = text.trim();
    if t.is_empty() {
        return Err("no year".to_owned());
    }
    let v: f64 = match t.parse() {
        Ok(v) => v,
        Err(_) => return Err(format!("'{t}' is not a year")),
    };
    year_from_number(v)
        .ok_or_else(|| format!("'{t}' is not a year between {YEAR_MIN} and {YEAR_MAX}"))
}

pub fn year_from_number(v: f64) -> Option<i32> {
    if v.fract() != 0.0 || !(YEAR_MIN as f64..=YEAR_MAX as f64).contains(&v) {
        return None;
    }
    Some(v as i32)
}

/// Short identifier from free text: "Cannabis (herb)" → "cannabis-herb".
pub fn slug(s: &str) -> String {
    let folded = fold(s);
    let mut out = String::with_capacity(folded.len());
    for c in folded.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if c == ' ' {
            out.push('-');
        } else if c.is_alphanumeric() {
            // Keep non-Latin letters readable but ASCII-safe.
            out.push_str(&format!("u{:x}", c as u32));
        }
    }
    if out.is_empty() { "x".to_owned() } else { out }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_removes_case_diacritics_and_punctuation() {
        assert_eq!(fold("Ońtüstik  Qazaqstan"), "ontustik qazaqstan");
        assert_eq!(
            fold("Yuzhno-Kazakhstanskaya oblast'"),
            "yuzhno kazakhstanskaya oblast"
        );
        assert_eq!(fold("Южно-Казахстанская обл."), "южно казахстанская обл");
        assert_eq!(fold("Қарағанды облысы"), "караганды облысы");
        assert_eq!(header_key("Reference year"), "referenceyear");
        assert_eq!(header_key("COUNTRY_OF_SEIZURE"), "countryofseizure");
    }

    #[test]
    fn numbers_in_the_forms_people_type_them() {
        let p = |t: &str, d| parse_number(t, d).map(|(v, _)| v);
        assert_eq!(p("12.5", Decimal::Point), Ok(12.5));
        assert_eq!(p("12,5", Decimal::Comma), Ok(12.5));
        assert_eq!(p("1 234,5", Decimal::Comma), Ok(1234.5));
        assert_eq!(p("1.234,5", Decimal::Comma), Ok(1234.5));
        assert_eq!(p("1,234.5", Decimal::Point), Ok(1234.5));
        assert_eq!(p("1,234", Decimal::Point), Ok(1234.0));
        assert_eq!(p("1,234", Decimal::Comma), Ok(1.234));
        assert_eq!(p("12,5", Decimal::Point), Ok(12.5));
        assert_eq!(p("1.234.567", Decimal::Point), Ok(1234567.0));
        assert_eq!(p("\u{a0}7\u{a0}000 ", Decimal::Point), Ok(7000.0));
        assert_eq!(p("-0", Decimal::Point), Ok(0.0));
        assert_eq!(p("abc", Decimal::Point), Err(NumberError::NotANumber));
        assert_eq!(p("1,23,4", Decimal::Point), Err(NumberError::NotANumber));
        assert_eq!(p("-5", Decimal::Point), Err(NumberError::Negative(-5.0)));
        assert_eq!(p("−5", Decimal::Point), Err(NumberError::Negative(-5.0)));
        assert_eq!(p("<5", Decimal::Point), Err(NumberError::Censored));
        assert_eq!(p("NaN", Decimal::Point), Err(NumberError::NotANumber));
        assert_eq!(p("inf", Decimal::Point), Err(NumberError::NotANumber));
        assert_eq!(p("", Decimal::Point), Err(NumberError::Empty));
        assert!(parse_number("12,5", Decimal::Comma).unwrap().1);
    }

    #[test]
    fn years() {
        assert_eq!(parse_year_text("2015"), Ok(2015));
        assert_eq!(parse_year_text("2015.0"), Ok(2015));
        assert!(parse_year_text("15").is_err());
        assert!(parse_year_text("2015.5").is_err());
        assert_eq!(slug("Cannabis (herb)"), "cannabis-herb");
    }
}
