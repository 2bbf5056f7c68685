//! Where a CSV text can be cut into parts that parse on their own: after a
//! line break that ends a record, never inside a quoted field.
//!
//! The `csv` crate cannot start in the middle of a file, so this follows its
//! quoting rules (csv_core, default settings: `"` quotes, doubled to escape,
//! no escape character, no comments) just far enough to find record ends.
//! A quote opens a quoted field only at the start of a field; inside one, a
//! doubled quote is a literal quote and a single one closes it; anywhere
//! else a quote is an ordinary character.

/// Up to `parts - 1` offsets into `text`, each the first byte of a record,
/// near equal shares of the text and strictly increasing. Fewer (or none)
/// when records are too long to cut the text that often.
pub fn record_starts(text: &[u8], delimiter: u8, parts: usize) -> Vec<usize> {
    let mut cuts = Vec::new();
    if parts < 2 || text.is_empty() {
        return cuts;
    }
    let share = text.len() / parts;
    let mut next_target = share;
    let mut i = 0;
    // Outside quoted fields; `i` is where plain text resumes.
    while cuts.len() + 1 < parts {
        let q = memchr::memchr(b'"', &text[i..]).map_or(text.len(), |k| i + k);
        // Every line break in i..q is outside quotes: cut at the first one
        // at or past each target.
        while cuts.len() + 1 < parts && next_target <= q {
            let from = next_target.max(i + 1) - 1;
            match memchr::memchr(b'\n', &text[from..q]) {
                Some(k) if from + k + 1 < text.len() => {
                    let cut = from + k + 1;
                    cuts.push(cut);
                    next_target = ((cuts.len() + 1) * share).max(cut + 1);
                }
                _ => break,
            }
        }
        if q >= text.len() {
            break;
        }
        let field_start =
            q == 0 || matches!(text[q - 1], b'\n' | b'\r') || text[q - 1] == delimiter;
        if !field_start {
            // A quote inside plain text is an ordinary character.
            i = q + 1;
            continue;
        }
        // Skip the quoted part: to the quote that is not doubled. What
        // follows the closing quote is plain text again.
        let mut j = q + 1;
        loop {
            match memchr::memchr(b'"', &text[j..]) {
                None => return cuts, // unclosed: the rest is one field
                Some(k) if text.get(j + k + 1) == Some(&b'"') => j += k + 2,
                Some(k) => {
                    i = j + k + 1;
                    break;
                }
            }
        }
        // Targets that fell inside the quoted field move to its end.
        next_target = next_target.max(i);
    }
    cuts
}

/// Line breaks in `text[from..to]`: LF, CRLF or a lone CR each count once
/// (a CR is looked at with the byte after it, even past `to`).
pub fn line_breaks(text: &[u8], from: usize, to: usize) -> u64 {
    let to = to.min(text.len());
    let from = from.min(to);
    let part = &text[from..to];
    let lf = memchr::memchr_iter(b'\n', part).count() as u64;
    let lone_cr = memchr::memchr_iter(b'\r', part)
        .filter(|&i| text.get(from + i + 1) != Some(&b'\n'))
        .count() as u64;
    lf + lone_cr
}

/// Line feeds in `text[from..to]`: the line breaks of a text without CRs.
pub fn line_feeds(text: &[u8], from: usize, to: usize) -> u64 {
    let to = to.min(text.len());
    memchr::memchr_iter(b'\n', &text[from.min(to)..to]).count() as u64
}

/// Where the record the csv reader says starts at `byte` really starts:
/// its position can point at the line break of the record before it (the
/// LF of a CRLF) or at blank lines it skipped.
pub fn first_byte(text: &[u8], byte: usize) -> usize {
    let mut b = byte.min(text.len());
    while matches!(text.get(b), Some(b'\n' | b'\r')) {
        b += 1;
    }
    b
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every record the csv crate reads starting at a cut equals the records
    /// of the whole text from that point: the cut is a record start.
    fn records(text: &[u8]) -> Vec<Vec<Vec<u8>>> {
        let mut r = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(text);
        r.byte_records()
            .map(|rec| match rec {
                Ok(rec) => rec.iter().map(<[u8]>::to_vec).collect(),
                Err(e) => panic!("{e}"),
            })
            .collect()
    }

    fn check(text: &str, parts: usize) -> Vec<usize> {
        let bytes = text.as_bytes();
        let cuts = record_starts(bytes, b',', parts);
        let mut bounds = vec![0];
        bounds.extend(&cuts);
        bounds.push(bytes.len());
        let mut joined = Vec::new();
        for w in bounds.windows(2) {
            joined.extend(records(&bytes[w[0]..w[1]]));
        }
        assert_eq!(joined, records(bytes), "cuts {cuts:?} of {text:?}");
        assert!(cuts.windows(2).all(|w| w[0] < w[1]));
        cuts
    }

    #[test]
    fn cuts_fall_between_records() {
        let text = "a,b\n1,2\n3,4\n5,6\n7,8\n";
        let cuts = check(text, 2);
        assert_eq!(cuts, vec![12]);
        assert_eq!(check(text, 4).len(), 3);
    }

    #[test]
    fn quoted_line_breaks_and_doubled_quotes_are_not_cut() {
        // Every line break of the middle records sits inside a quoted field.
        let text =
            "id,note\n1,\"one\ntwo\nthree\"\n2,\"say \"\"hi\"\"\nthere\"\n3,x\n4,\"\"\n5,\"a,b\"\n";
        for parts in 2..8 {
            check(text, parts);
        }
        let cuts = record_starts(text.as_bytes(), b',', 2);
        assert!(!cuts.is_empty());
    }

    #[test]
    fn quotes_inside_plain_fields_are_ordinary_characters() {
        // 5"3 and ab"c are plain text to csv: no quoted field opens there.
        let text = "a,b\n5\"3,x\nab\"c,\"y\nz\"\n1,2\n3,4\n";
        for parts in 2..8 {
            check(text, parts);
        }
    }

    #[test]
    fn text_after_a_closing_quote_stays_in_the_field() {
        let text = "a,b\n\"ab\"c\"d\ne\",1\n2,3\n4,5\n";
        for parts in 2..8 {
            check(text, parts);
        }
    }

    #[test]
    fn windows_line_ends_and_an_unclosed_quote() {
        let text = "a,b\r\n1,2\r\n3,\"4\r\n5\"\r\n6,7\r\n8,9\r\n";
        for parts in 2..8 {
            check(text, parts);
        }
        // An unclosed quote swallows the rest: no cut inside it.
        let open = "a,b\n1,2\n3,\"4\n5,6\n7,8\n9,10\n";
        let cuts = check(open, 4);
        assert!(cuts.iter().all(|&c| c <= 12), "{cuts:?}");
    }

    #[test]
    fn line_numbers_of_a_part() {
        let text = b"a\nb\r\nc\rd\n";
        assert_eq!(line_breaks(text, 0, 0), 0);
        assert_eq!(line_breaks(text, 0, 2), 1);
        // The CR of a CRLF at the end of a part is not a line of its own.
        assert_eq!(line_breaks(text, 0, 4), 1);
        assert_eq!(line_breaks(text, 0, 5), 2);
        assert_eq!(line_breaks(text, 0, text.len()), 4);
        assert_eq!(first_byte(b"a\r\n\r\nb", 2), 5);
    }

    /// The csv crate's own line numbers are off after CRLF and blank lines;
    /// counting breaks before a record's first byte gives the line a text
    /// editor shows.
    #[test]
    fn lines_counted_before_the_first_byte_are_the_editors() {
        let text = "a\r\nb\r\n\r\nc\r\n\"x\r\ny\"\r\nd\n";
        let mut r = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes());
        let mut rec = csv::StringRecord::new();
        let mut lines = Vec::new();
        while let Ok(true) = r.read_record(&mut rec) {
            let at = rec.position().map_or(0, |p| p.byte() as usize);
            let start = first_byte(text.as_bytes(), at);
            lines.push((
                rec[0].to_owned(),
                1 + line_breaks(text.as_bytes(), 0, start),
            ));
        }
        let expected = [("a", 1), ("b", 2), ("c", 4), ("x\r\ny", 5), ("d", 7)];
        let expected: Vec<(String, u64)> =
            expected.iter().map(|(s, l)| (s.to_string(), *l)).collect();
        assert_eq!(lines, expected);
    }
}
