//! Text measurement with the screen's font (Ubuntu-Light from
//! `epaint_default_fonts`), shaped with rustybuzz as resvg shapes it, so the
//! boxes used for label placement are the boxes of the text resvg draws.

use std::sync::OnceLock;

/// The screen's font.
pub const FONT_DATA: &[u8] = epaint_default_fonts::UBUNTU_LIGHT;
/// `font-family` of SVG text: the screen's font first, then fallbacks for
/// viewers that do not have it. No `font-weight`: "Ubuntu Light" is the
/// family of the light face, and a light weight would pick a hairline face
/// of a fallback font (DejaVu Sans ExtraLight).
pub const FONT_FAMILY: &str =
    "'Ubuntu Light', Ubuntu, 'DejaVu Sans', 'Helvetica Neue', Arial, sans-serif";

struct Metrics {
    face: rustybuzz::Face<'static>,
    upem: f32,
    ascender: f32,
    descender: f32,
}

fn metrics() -> Option<&'static Metrics> {
    static METRICS: OnceLock<Option<Metrics>> = OnceLock::new();
    METRICS
        .get_or_init(|| {
            let face = rustybuzz::Face::from_slice(FONT_DATA, 0)?;
            let upem = f32::from(face.units_per_em().max(1) as u16);
            Some(Metrics {
                upem,
                ascender: f32::from(face.ascender()),
                descender: f32::from(face.descender()),
                face,
            })
        })
        .as_ref()
}

/// Advance width of `text` at `size` px (kerning included).
pub fn text_width(text: &str, size: f32) -> f32 {
    let Some(m) = metrics() else {
        // The embedded font always parses; this is only a safe fallback.
        return text.chars().count() as f32 * size * 0.55;
    };
    let mut buffer = rustybuzz::UnicodeBuffer::new();
    buffer.push_str(text);
    let glyphs = rustybuzz::shape(&m.face, &[], buffer);
    let units: i64 = glyphs
        .glyph_positions()
        .iter()
        .map(|p| i64::from(p.x_advance))
        .sum();
    units as f32 * size / m.upem
}

/// Distance from the top of a line box to its baseline at `size` px.
pub fn ascent(size: f32) -> f32 {
    metrics().map_or(size * 0.93, |m| m.ascender * size / m.upem)
}

/// Height of a line box (ascender to descender) at `size` px.
pub fn line_height(size: f32) -> f32 {
    metrics().map_or(size * 1.12, |m| (m.ascender - m.descender) * size / m.upem)
}

/// Break `text` into lines no wider than `max_width` at `size` px, at spaces
/// (a single word wider than the line stays whole).
pub fn wrap(text: &str, size: f32, max_width: f32) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let candidate = if line.is_empty() {
            word.to_owned()
        } else {
            format!("{line} {word}")
        };
        if !line.is_empty() && text_width(&candidate, size) > max_width {
            lines.push(std::mem::take(&mut line));
            line = word.to_owned();
        } else {
            line = candidate;
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_grow_with_text_and_size_and_kerning_is_applied() {
        let w = text_width("Karaganda", 12.0);
        assert!(w > 40.0 && w < 80.0, "{w}");
        assert!((text_width("Karaganda", 24.0) - 2.0 * w).abs() < 0.01);
        // "AV" is kerned tighter than the sum of its letters.
        let pair = text_width("AV", 100.0);
        let apart = text_width("A", 100.0) + text_width("V", 100.0);
        assert!(pair < apart, "{pair} vs {apart}");
    }

    #[test]
    fn wrapping_keeps_every_word_and_respects_the_width() {
        let text = "Sources: one two three four five six seven eight nine ten";
        let lines = wrap(text, 12.0, 100.0);
        assert!(lines.len() > 2);
        assert_eq!(lines.join(" "), text);
        for l in &lines {
            assert!(text_width(l, 12.0) <= 100.0 || !l.contains(' '), "{l}");
        }
    }
}
