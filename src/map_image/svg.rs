//! A small SVG writer: numbers, colours, paths and text, escaped.

use std::fmt::Write;

use super::text::{FONT_FAMILY, ascent, text_width};
use crate::basemap::{BasemapCanvas, Rgba as BasemapRgba};
use crate::cartography::{Box2, Pt};
use crate::charts::provenance::xml_escape;
use crate::style::Rgba;

/// A coordinate with at most two decimals and no trailing zeros.
pub fn num(v: f32) -> String {
    let mut s = format!("{:.2}", v);
    if s.contains('.') {
        while s.ends_with('0') {
            s.pop();
        }
        if s.ends_with('.') {
            s.pop();
        }
    }
    if s == "-0" { "0".to_owned() } else { s }
}

/// `fill="#rrggbb"` (plus `fill-opacity` when translucent); `what` is fill or stroke.
pub fn paint(what: &str, c: Rgba) -> String {
    if c.a == 255 {
        format!("{what}=\"{}\"", c.hex())
    } else {
        format!(
            "{what}=\"{}\" {what}-opacity=\"{}\"",
            c.hex(),
            num(f32::from(c.a) / 255.0)
        )
    }
}

pub fn from_basemap(c: BasemapRgba) -> Rgba {
    Rgba {
        r: c[0],
        g: c[1],
        b: c[2],
        a: c[3],
    }
}

/// The opening `<svg>` element; text defaults to the screen's font.
pub fn open(width: u32, height: u32) -> String {
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"{width}\" height=\"{height}\" \
         viewBox=\"0 0 {width} {height}\" font-family=\"{}\">\n",
        xml_escape(FONT_FAMILY)
    )
}

/// A polyline or polygon as path data.
pub fn path_d(points: &[Pt], close: bool) -> String {
    let mut d = String::new();
    for (i, p) in points.iter().enumerate() {
        let _ = write!(
            d,
            "{}{} {}",
            if i == 0 { "M" } else { "L" },
            num(p.x),
            num(p.y)
        );
    }
    if close {
        d.push('Z');
    }
    d
}

pub fn rect(out: &mut String, b: &Box2, corner: f32, attrs: &str) {
    let _ = writeln!(
        out,
        "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"{} {attrs}/>",
        num(b.min.x),
        num(b.min.y),
        num(b.width()),
        num(b.height()),
        if corner > 0.0 {
            format!(" rx=\"{}\"", num(corner))
        } else {
            String::new()
        }
    );
}

/// Text whose line box has its top-left corner at `top_left`. `textLength`
/// holds the text to the width it was laid out with, so a viewer without
/// the screen's font (and its fallback font) still keeps labels apart.
pub fn text(out: &mut String, top_left: Pt, size: f32, fill: Rgba, body: &str, extra: &str) {
    let _ = writeln!(
        out,
        "<text x=\"{}\" y=\"{}\" font-size=\"{}\" textLength=\"{}\" lengthAdjust=\"spacingAndGlyphs\" {}{}{extra}>{}</text>",
        num(top_left.x),
        num(top_left.y + ascent(size)),
        num(size),
        num(text_width(body, size)),
        paint("fill", fill),
        if extra.is_empty() { "" } else { " " },
        xml_escape(body)
    );
}

/// A light halo under text (drawn as its own element: not every viewer
/// knows `paint-order`).
pub fn halo(out: &mut String, top_left: Pt, size: f32, halo: Rgba, width: f32, body: &str) {
    let _ = writeln!(
        out,
        "<text class=\"halo\" x=\"{}\" y=\"{}\" font-size=\"{}\" textLength=\"{}\" lengthAdjust=\"spacingAndGlyphs\" fill=\"none\" {} stroke-width=\"{}\" stroke-linejoin=\"round\">{}</text>",
        num(top_left.x),
        num(top_left.y + ascent(size)),
        num(size),
        num(text_width(body, size)),
        paint("stroke", halo),
        num(width),
        xml_escape(body)
    );
}

/// tiny-skia path → SVG path data.
pub fn skia_path_d(path: &tiny_skia::Path) -> String {
    use tiny_skia::PathSegment;
    let mut d = String::with_capacity(path.len() * 12);
    for seg in path.segments() {
        let _ = match seg {
            PathSegment::MoveTo(p) => write!(d, "M{} {}", num(p.x), num(p.y)),
            PathSegment::LineTo(p) => write!(d, "L{} {}", num(p.x), num(p.y)),
            PathSegment::QuadTo(a, p) => {
                write!(d, "Q{} {} {} {}", num(a.x), num(a.y), num(p.x), num(p.y))
            }
            PathSegment::CubicTo(a, b, p) => write!(
                d,
                "C{} {} {} {} {} {}",
                num(a.x),
                num(a.y),
                num(b.x),
                num(b.y),
                num(p.x),
                num(p.y)
            ),
            PathSegment::Close => write!(d, "Z"),
        };
    }
    d
}

/// Collects the basemap as SVG paths (the vector basemap of an SVG map image).
pub struct SvgCanvas {
    pub out: String,
    clip_ids: usize,
    /// Prefix of clip-path ids, unique within the document.
    id_prefix: String,
}

impl SvgCanvas {
    pub fn new(id_prefix: &str) -> SvgCanvas {
        SvgCanvas {
            out: String::new(),
            clip_ids: 0,
            id_prefix: id_prefix.to_owned(),
        }
    }
}

impl BasemapCanvas for SvgCanvas {
    fn fill_path(&mut self, path: &tiny_skia::Path, color: BasemapRgba) {
        let _ = writeln!(
            self.out,
            "<path d=\"{}\" {} fill-rule=\"evenodd\"/>",
            skia_path_d(path),
            paint("fill", from_basemap(color))
        );
    }

    fn fill_rect(&mut self, r: tiny_skia::Rect, color: BasemapRgba) {
        let b = Box2 {
            min: Pt::new(r.left(), r.top()),
            max: Pt::new(r.right(), r.bottom()),
        };
        rect(&mut self.out, &b, 0.0, &paint("fill", from_basemap(color)));
    }

    fn stroke_path(
        &mut self,
        path: &tiny_skia::Path,
        color: BasemapRgba,
        width: f32,
        dash: Option<([f32; 2], f32)>,
        except: Option<tiny_skia::Rect>,
    ) {
        let mut attrs = format!(
            "fill=\"none\" {} stroke-width=\"{}\" stroke-linejoin=\"round\"",
            paint("stroke", from_basemap(color)),
            num(width)
        );
        if let Some((d, offset)) = dash {
            let _ = write!(
                attrs,
                " stroke-dasharray=\"{} {}\" stroke-dashoffset=\"{}\"",
                num(d[0]),
                num(d[1]),
                num(offset)
            );
        }
        if let Some(hole) = except {
            self.clip_ids += 1;
            let id = format!("{}outside{}", self.id_prefix, self.clip_ids);
            // Everything but the hole: a huge rectangle with the hole cut out.
            let _ = writeln!(
                self.out,
                "<clipPath id=\"{id}\"><path clip-rule=\"evenodd\" d=\"M-100000 -100000H100000V100000H-100000Z\
                 M{} {}H{}V{}H{}Z\"/></clipPath>",
                num(hole.left()),
                num(hole.top()),
                num(hole.right()),
                num(hole.bottom()),
                num(hole.left())
            );
            let _ = write!(attrs, " clip-path=\"url(#{id})\"");
        }
        let _ = writeln!(self.out, "<path d=\"{}\" {attrs}/>", skia_path_d(path));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_short_and_colours_carry_their_opacity() {
        assert_eq!(num(1.0), "1");
        assert_eq!(num(1.256), "1.26");
        assert_eq!(num(-0.001), "0");
        assert_eq!(paint("fill", Rgba::rgb(255, 0, 16)), "fill=\"#ff0010\"");
        assert_eq!(
            paint("stroke", Rgba::rgb(0, 0, 0).with_alpha(191)),
            "stroke=\"#000000\" stroke-opacity=\"0.75\""
        );
    }
}
