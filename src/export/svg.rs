//! A small SVG document writer for exported images (no egui). Text is placed
//! with the embedded font's metrics (`export::raster`), so what is measured
//! for layout is what `raster` draws; the document names the font with
//! fallbacks, or embeds it.

use std::fmt::Write as _;

use super::raster::{self, SVG_FONT_FAMILY, SVG_FONT_WEIGHT};
use crate::style::Rgba;

/// Horizontal text anchor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HAlign {
    Left,
    Center,
    Right,
}

/// Which part of the text sits at the given y.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VAlign {
    /// The top of the tallest glyphs.
    Top,
    /// The middle of capitals and digits.
    Center,
    /// The baseline.
    Baseline,
    /// The bottom of descenders.
    Bottom,
}

/// A coordinate with at most two decimals, no trailing zeros.
pub fn num(v: f64) -> String {
    if !v.is_finite() {
        return "0".to_owned();
    }
    let s = format!("{:.2}", v);
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".to_owned()
    } else {
        s.to_owned()
    }
}

/// An SVG `points` attribute: "x,y x,y …".
fn points_attr(points: &[(f64, f64)]) -> String {
    let pts: Vec<String> = points
        .iter()
        .map(|(x, y)| format!("{},{}", num(*x), num(*y)))
        .collect();
    pts.join(" ")
}

/// Text with XML special characters escaped.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // XML forbids most controls: a NUL in a dataset's text would make the SVG unreadable.
            c if (c.is_control() && c != '\n' && c != '\t')
                || !crate::charts::provenance::xml_allowed(c) => {}
            c => out.push(c),
        }
    }
    out
}

fn paint(attr: &str, c: Rgba) -> String {
    if c.a == 255 {
        format!(" {attr}=\"{}\"", c.hex())
    } else {
        format!(
            " {attr}=\"{}\" {attr}-opacity=\"{}\"",
            c.hex(),
            num(f64::from(c.a) / 255.0)
        )
    }
}

/// A stroke: colour, width in px, optional dash pattern (on, off) in px.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Stroke {
    pub color: Rgba,
    pub width: f64,
    pub dash: Option<(f64, f64)>,
}

impl Stroke {
    pub fn new(color: Rgba, width: f64) -> Self {
        Stroke {
            color,
            width,
            dash: None,
        }
    }

    pub fn dashed(self, on: f64, off: f64) -> Self {
        Stroke {
            dash: Some((on, off)),
            ..self
        }
    }

    fn attrs(&self) -> String {
        let mut s = paint("stroke", self.color);
        let _ = write!(s, " stroke-width=\"{}\"", num(self.width));
        if let Some((on, off)) = self.dash {
            let _ = write!(s, " stroke-dasharray=\"{} {}\"", num(on), num(off));
        }
        s
    }
}

/// Text style: size in px, colour, anchor.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TextStyle {
    pub size: f64,
    pub color: Rgba,
    pub h: HAlign,
    pub v: VAlign,
}

impl TextStyle {
    pub fn new(size: f64, color: Rgba, h: HAlign, v: VAlign) -> Self {
        TextStyle { size, color, h, v }
    }

    pub fn width(&self, text: &str) -> f64 {
        raster::text_width(text, self.size)
    }

    /// Baseline offset from the anchor y.
    fn baseline_shift(&self) -> f64 {
        let m = raster::font_metrics();
        match self.v {
            VAlign::Top => m.ascent * self.size,
            VAlign::Center => m.cap_height * self.size / 2.0,
            VAlign::Baseline => 0.0,
            VAlign::Bottom => m.descent * self.size,
        }
    }

    /// Height of a line of this text (ascent to descent).
    pub fn line_height(&self) -> f64 {
        let m = raster::font_metrics();
        (m.ascent - m.descent) * self.size
    }
}

/// An SVG document being written.
pub struct SvgDoc {
    width: f64,
    height: f64,
    body: String,
}

impl SvgDoc {
    pub fn new(width: f64, height: f64) -> Self {
        SvgDoc {
            width,
            height,
            body: String::with_capacity(32 * 1024),
        }
    }

    pub fn width(&self) -> f64 {
        self.width
    }

    pub fn height(&self) -> f64 {
        self.height
    }

    /// Raw markup (for `<g>` groups and the like).
    pub fn raw(&mut self, markup: &str) {
        self.body.push_str(markup);
        self.body.push('\n');
    }

    pub fn open_group(&mut self, id: Option<&str>) {
        match id {
            Some(id) => {
                let _ = writeln!(self.body, "<g id=\"{}\">", escape(id));
            }
            None => self.body.push_str("<g>\n"),
        }
    }

    pub fn close_group(&mut self) {
        self.body.push_str("</g>\n");
    }

    pub fn rect(
        &mut self,
        x: f64,
        y: f64,
        w: f64,
        h: f64,
        fill: Option<Rgba>,
        stroke: Option<Stroke>,
    ) {
        let (x, w) = if w < 0.0 { (x + w, -w) } else { (x, w) };
        let (y, h) = if h < 0.0 { (y + h, -h) } else { (y, h) };
        let _ = writeln!(
            self.body,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"{}{}/>",
            num(x),
            num(y),
            num(w),
            num(h),
            fill.map(|c| paint("fill", c))
                .unwrap_or_else(|| " fill=\"none\"".to_owned()),
            stroke.map(|s| s.attrs()).unwrap_or_default()
        );
    }

    pub fn line(&mut self, points: &[(f64, f64)], stroke: Stroke) {
        if points.len() < 2 {
            return;
        }
        let _ = writeln!(
            self.body,
            "<polyline points=\"{}\" fill=\"none\"{} stroke-linejoin=\"round\" stroke-linecap=\"butt\"/>",
            points_attr(points),
            stroke.attrs()
        );
    }

    pub fn polygon(&mut self, points: &[(f64, f64)], fill: Option<Rgba>, stroke: Option<Stroke>) {
        if points.len() < 3 {
            return;
        }
        let _ = writeln!(
            self.body,
            "<polygon points=\"{}\"{}{}/>",
            points_attr(points),
            fill.map(|c| paint("fill", c))
                .unwrap_or_else(|| " fill=\"none\"".to_owned()),
            stroke.map(|s| s.attrs()).unwrap_or_default()
        );
    }

    pub fn circle(&mut self, cx: f64, cy: f64, r: f64, fill: Option<Rgba>, stroke: Option<Stroke>) {
        let _ = writeln!(
            self.body,
            "<circle cx=\"{}\" cy=\"{}\" r=\"{}\"{}{}/>",
            num(cx),
            num(cy),
            num(r.max(0.0)),
            fill.map(|c| paint("fill", c))
                .unwrap_or_else(|| " fill=\"none\"".to_owned()),
            stroke.map(|s| s.attrs()).unwrap_or_default()
        );
    }

    /// One line of text; `rotate_ccw` turns it 90° counter-clockwise about
    /// its anchor (for a vertical axis label).
    pub fn text(&mut self, x: f64, y: f64, text: &str, style: TextStyle, rotate_ccw: bool) {
        let anchor = match style.h {
            HAlign::Left => "start",
            HAlign::Center => "middle",
            HAlign::Right => "end",
        };
        let (tx, ty, transform) = if rotate_ccw {
            // Rotated about (x, y): the baseline shift moves along the
            // rotated vertical, i.e. along +x.
            (
                x,
                y + style.baseline_shift(),
                format!(" transform=\"rotate(-90 {} {})\"", num(x), num(y)),
            )
        } else {
            (x, y + style.baseline_shift(), String::new())
        };
        let _ = writeln!(
            self.body,
            "<text x=\"{}\" y=\"{}\" font-size=\"{}\" text-anchor=\"{anchor}\"{}{transform}>{}</text>",
            num(tx),
            num(ty),
            num(style.size),
            paint("fill", style.color),
            escape(text)
        );
    }

    /// The finished document: `metadata` (markup) first, then the font
    /// (named, or embedded when `embed_font`), then the drawing.
    pub fn finish(self, title: &str, metadata: &str, embed_font: bool) -> String {
        let mut out = String::with_capacity(self.body.len() + 1024);
        let _ = writeln!(
            out,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" \
             font-family=\"{}\" font-weight=\"{SVG_FONT_WEIGHT}\">",
            SVG_FONT_FAMILY.replace('\'', "&apos;"),
            w = num(self.width),
            h = num(self.height),
        );
        let _ = writeln!(out, "<title>{}</title>", escape(title));
        if !metadata.is_empty() {
            out.push_str(metadata);
            out.push('\n');
        }
        if embed_font {
            let _ = writeln!(out, "<style>{}</style>", raster::font_face_css());
        }
        out.push_str(&self.body);
        out.push_str("</svg>\n");
        out
    }
}

/// Greedy word wrap to `max` px; a single word wider than `max` gets a line
/// of its own. Each word is measured once (kerning across a space is
/// negligible), so long lines cost no more than their words.
pub fn wrap(text: &str, style: &TextStyle, max: f64) -> Vec<String> {
    let space = style.width(" ");
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut line_w = 0.0;
    for word in text.split_whitespace() {
        let w = style.width(word);
        if !line.is_empty() && line_w + space + w > max {
            lines.push(std::mem::take(&mut line));
            line_w = 0.0;
        }
        if !line.is_empty() {
            line.push(' ');
            line_w += space;
        }
        line.push_str(word);
        line_w += w;
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// `text` shortened with "…" to fit `max` px (unchanged if it fits).
pub fn ellipsize(text: &str, style: &TextStyle, max: f64) -> String {
    if style.width(text) <= max {
        return text.to_owned();
    }
    let chars: Vec<char> = text.chars().collect();
    let mut n = chars.len();
    while n > 0 {
        n -= 1;
        let candidate: String = chars[..n].iter().collect::<String>().trim_end().to_owned() + "…";
        if style.width(&candidate) <= max {
            return candidate;
        }
    }
    String::new()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_short_and_finite() {
        assert_eq!(num(1.0), "1");
        assert_eq!(num(1.256), "1.26");
        assert_eq!(num(-0.001), "0");
        assert_eq!(num(f64::NAN), "0");
    }

    #[test]
    fn text_is_escaped_and_the_document_parses() {
        let mut doc = SvgDoc::new(100.0, 50.0);
        let st = TextStyle::new(12.0, Rgba::rgb(0, 0, 0), HAlign::Left, VAlign::Top);
        doc.text(1.0, 1.0, "a < b & \"c\"", st, false);
        doc.rect(
            0.0,
            0.0,
            -10.0,
            5.0,
            Some(Rgba::rgb(1, 2, 3).with_alpha(128)),
            None,
        );
        let svg = doc.finish("T & t", "", false);
        let parsed = roxmltree::Document::parse(&svg).unwrap();
        let text = parsed
            .descendants()
            .find(|n| n.has_tag_name("text"))
            .unwrap();
        assert_eq!(text.text(), Some("a < b & \"c\""));
        let rect = parsed
            .descendants()
            .find(|n| n.has_tag_name("rect"))
            .unwrap();
        assert_eq!(rect.attribute("x"), Some("-10"));
        assert_eq!(rect.attribute("fill-opacity"), Some("0.5"));
        assert!(
            parsed
                .root_element()
                .attribute("font-family")
                .unwrap()
                .starts_with("Ubuntu, 'Ubuntu Light'")
        );
    }

    #[test]
    fn wrapping_and_ellipsis_fit_the_width() {
        let st = TextStyle::new(12.0, Rgba::rgb(0, 0, 0), HAlign::Left, VAlign::Top);
        let lines = wrap("one two three four five six seven eight", &st, 60.0);
        assert!(lines.len() > 2);
        for l in &lines {
            assert!(st.width(l) <= 60.0 || !l.contains(' '), "{l}");
        }
        let short = ellipsize("South Kazakhstan (heroin)", &st, 50.0);
        assert!(short.ends_with('…') && st.width(&short) <= 50.0, "{short}");
        assert_eq!(ellipsize("ok", &st, 50.0), "ok");
    }
}
