//! SVG → pixels → PNG, with the screen's font. No egui.
//!
//! Exported images are written once, as SVG, and rasterised from that SVG
//! with `resvg`, so a PNG and an SVG of the same figure cannot differ. Text
//! is shaped by rustybuzz (kerning, fractional advances) with the font egui
//! draws the window in (Ubuntu-Light from `epaint_default_fonts`, with egui's
//! icon font as fallback), loaded from memory: no system font is ever consulted, so
//! an image looks the same on every machine.
//!
//! The API, for anyone who draws an image (charts, maps):
//! - [`SVG_FONT_FAMILY`] / [`SVG_FONT_WEIGHT`]: what to put on `<text>`;
//! - [`text_width`] and [`font_metrics`]: lay text out before writing it;
//! - [`font_face_css`]: an `@font-face` rule that embeds the font in an SVG;
//! - [`rasterise`]: SVG text → premultiplied RGBA pixmap;
//! - [`encode_png`]: pixmap → PNG with text chunks (provenance);
//! - [`svg_to_png`]: both in one call.

use std::sync::{Arc, OnceLock};

use resvg::tiny_skia;
use resvg::usvg::{self, fontdb};

/// The family name the embedded font is registered under (its typographic
/// family name).
pub const FONT_FAMILY: &str = "Ubuntu";
/// `font-family` for SVG text: the embedded font, then look-alikes a viewer
/// without it may have. The rasteriser only knows the embedded font.
pub const SVG_FONT_FAMILY: &str =
    "Ubuntu, 'Ubuntu Light', 'Noto Sans', 'Segoe UI', 'Helvetica Neue', Arial, sans-serif";
/// Ubuntu-Light's weight.
pub const SVG_FONT_WEIGHT: u16 = 300;

/// The fonts images are drawn with, in fallback order: the text font, then
/// egui's own icon font (the window uses the same two).
fn font_bytes() -> [&'static [u8]; 2] {
    [
        epaint_default_fonts::UBUNTU_LIGHT,
        epaint_default_fonts::EGUI_ICONS,
    ]
}

/// The font database: the embedded fonts only (no system fonts), parsed once.
pub fn fontdb() -> Arc<fontdb::Database> {
    static DB: OnceLock<Arc<fontdb::Database>> = OnceLock::new();
    DB.get_or_init(|| {
        let mut db = fontdb::Database::new();
        for bytes in font_bytes() {
            db.load_font_source(fontdb::Source::Binary(Arc::new(bytes)));
        }
        // Generic families ("sans-serif", and the "serif" resvg falls back
        // to) all mean the embedded font.
        db.set_sans_serif_family(FONT_FAMILY);
        db.set_serif_family(FONT_FAMILY);
        db.set_monospace_family(FONT_FAMILY);
        Arc::new(db)
    })
    .clone()
}

/// Shaping faces for measurement, in the same fallback order.
fn faces() -> &'static [rustybuzz::Face<'static>] {
    static FACES: OnceLock<Vec<rustybuzz::Face<'static>>> = OnceLock::new();
    FACES.get_or_init(|| {
        font_bytes()
            .into_iter()
            .filter_map(|b| rustybuzz::Face::from_slice(b, 0))
            .collect()
    })
}

/// Vertical metrics of the text font, in pixels per pixel of font size.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FontMetrics {
    /// Baseline to the top of the tallest glyphs (positive).
    pub ascent: f64,
    /// Baseline to the bottom of descenders (negative).
    pub descent: f64,
    /// Height of capital letters and digits.
    pub cap_height: f64,
}

pub fn font_metrics() -> FontMetrics {
    match faces().first() {
        Some(face) => {
            let upem = f64::from(face.units_per_em().max(1));
            FontMetrics {
                ascent: f64::from(face.ascender()) / upem,
                descent: f64::from(face.descender()) / upem,
                cap_height: face
                    .capital_height()
                    .map(|h| f64::from(h) / upem)
                    .unwrap_or(0.7),
            }
        }
        // The font is compiled in; this only guards against a broken build.
        None => FontMetrics {
            ascent: 0.93,
            descent: -0.19,
            cap_height: 0.69,
        },
    }
}

/// Width in pixels of `text` set at `size_px`, shaped exactly as the
/// rasteriser shapes it (kerning and fractional advances; characters the text
/// font lacks are measured in the fallback font that draws them).
pub fn text_width(text: &str, size_px: f64) -> f64 {
    let faces = faces();
    let Some(main) = faces.first() else {
        return text.chars().count() as f64 * size_px * 0.5;
    };
    let mut buffer = rustybuzz::UnicodeBuffer::new();
    buffer.push_str(text);
    let shaped = rustybuzz::shape(main, &[], buffer);
    let upem = f64::from(main.units_per_em().max(1));
    let mut width = 0.0;
    let infos = shaped.glyph_infos();
    let positions = shaped.glyph_positions();
    for (i, (info, pos)) in infos.iter().zip(positions).enumerate() {
        if info.glyph_id != 0 {
            width += f64::from(pos.x_advance) / upem;
            continue;
        }
        // A character the text font lacks: measure it in the first fallback
        // that has it (as resvg would draw it), else as the missing glyph.
        let start = info.cluster as usize;
        let end = infos
            .get(i + 1)
            .map(|n| n.cluster as usize)
            .filter(|&e| e > start)
            .unwrap_or(text.len());
        let cluster = text.get(start..end).unwrap_or("");
        let fallback = faces[1..].iter().find(|f| {
            cluster
                .chars()
                .all(|c| f.glyph_index(c).is_some() || c.is_whitespace())
        });
        match fallback {
            Some(f) => {
                let mut b = rustybuzz::UnicodeBuffer::new();
                b.push_str(cluster);
                let s = rustybuzz::shape(f, &[], b);
                let fupem = f64::from(f.units_per_em().max(1));
                width += s
                    .glyph_positions()
                    .iter()
                    .map(|p| f64::from(p.x_advance) / fupem)
                    .sum::<f64>();
            }
            None => width += f64::from(pos.x_advance) / upem,
        }
    }
    width * size_px
}

/// Whether the text font (or a fallback) has a glyph for every character.
pub fn has_glyphs(text: &str) -> bool {
    text.chars()
        .filter(|c| !c.is_control())
        .all(|c| faces().iter().any(|f| f.glyph_index(c).is_some()))
}

/// An `@font-face` rule embedding the text font (base64, about 480 KB), for
/// an SVG that must look the same in viewers that lack the font.
pub fn font_face_css() -> String {
    use base64::Engine as _;
    let data = base64::engine::general_purpose::STANDARD.encode(epaint_default_fonts::UBUNTU_LIGHT);
    format!(
        "@font-face{{font-family:'{FONT_FAMILY}';font-weight:{SVG_FONT_WEIGHT};font-style:normal;\
         src:url(data:font/ttf;base64,{data}) format('truetype');}}"
    )
}

/// Parse options: the embedded fonts, and no access to files an SVG might
/// name (`<image href="...">`).
fn options() -> usvg::Options<'static> {
    let mut opt = usvg::Options {
        fontdb: fontdb(),
        font_family: FONT_FAMILY.to_owned(),
        ..usvg::Options::default()
    };
    opt.image_href_resolver = usvg::ImageHrefResolver {
        resolve_data: usvg::ImageHrefResolver::default_data_resolver(),
        resolve_string: Box::new(|_, _| None),
    };
    opt
}

/// Rasterise an SVG document at `zoom` (1.0: one pixel per SVG user unit of
/// its `width`/`height`). White is not assumed: transparent where the SVG
/// draws nothing.
pub fn rasterise(svg: &str, zoom: f32) -> Result<tiny_skia::Pixmap, String> {
    let tree = usvg::Tree::from_str(svg, &options()).map_err(|e| format!("invalid SVG: {e}"))?;
    let size = tree.size();
    let w = (size.width() * zoom).round();
    let h = (size.height() * zoom).round();
    if !(w >= 1.0 && h >= 1.0 && w <= 100_000.0 && h <= 100_000.0) {
        return Err(format!("cannot rasterise an image of {w}x{h} px"));
    }
    let mut pixmap = tiny_skia::Pixmap::new(w as u32, h as u32)
        .ok_or_else(|| format!("cannot allocate an image of {w}x{h} px"))?;
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(zoom, zoom),
        &mut pixmap.as_mut(),
    );
    Ok(pixmap)
}

/// Encode a pixmap as PNG with `(keyword, text)` chunks: tEXt for ASCII,
/// iTXt (UTF-8) otherwise. An opaque image is written as RGB, else as
/// straight-alpha RGBA.
pub fn encode_png(
    pixmap: &tiny_skia::Pixmap,
    text_chunks: &[(&str, String)],
) -> Result<Vec<u8>, String> {
    use std::io::Write as _;
    let opaque = pixmap.data().chunks_exact(4).all(|p| p[3] == 255);
    let (width, height) = (pixmap.width(), pixmap.height());
    let err = |e: png::EncodingError| format!("cannot encode PNG: {e}");
    let io_err = |e: std::io::Error| format!("cannot encode PNG: {e}");
    let mut out = Vec::with_capacity(width as usize * height as usize / 2);
    {
        let mut enc = png::Encoder::new(&mut out, width, height);
        enc.set_color(if opaque {
            png::ColorType::Rgb
        } else {
            png::ColorType::Rgba
        });
        enc.set_depth(png::BitDepth::Eight);
        // Fastest: the "Up" filter with fdeflate; adaptive filtering took most
        // of the encoding time and saved little on flat chart colours.
        enc.set_compression(png::Compression::Fastest);
        for (key, text) in text_chunks {
            let r = if text.is_ascii() {
                enc.add_text_chunk((*key).to_owned(), text.clone())
            } else {
                enc.add_itxt_chunk((*key).to_owned(), text.clone())
            };
            r.map_err(|e| format!("cannot add PNG text chunk '{key}': {e}"))?;
        }
        let mut writer = enc.write_header().map_err(err)?;
        // Row by row, so no second copy of the whole image is made.
        let mut stream = writer.stream_writer_with_size(256 * 1024).map_err(err)?;
        let channels = if opaque { 3 } else { 4 };
        let mut row = vec![0u8; width as usize * channels];
        for line in pixmap.data().chunks_exact(width as usize * 4) {
            if opaque {
                // Premultiplied equals straight when alpha is 255.
                for (dst, src) in row.chunks_exact_mut(3).zip(line.chunks_exact(4)) {
                    dst.copy_from_slice(&src[..3]);
                }
            } else {
                for (dst, src) in row.chunks_exact_mut(4).zip(line.chunks_exact(4)) {
                    let c =
                        tiny_skia::PremultipliedColorU8::from_rgba(src[0], src[1], src[2], src[3])
                            .map(|p| p.demultiply())
                            .map_or([0, 0, 0, 0], |c| [c.red(), c.green(), c.blue(), c.alpha()]);
                    dst.copy_from_slice(&c);
                }
            }
            stream.write_all(&row).map_err(io_err)?;
        }
        stream.finish().map_err(err)?;
        writer.finish().map_err(err)?;
    }
    Ok(out)
}

/// An SVG document as PNG bytes at its own size, with text chunks.
pub fn svg_to_png(svg: &str, text_chunks: &[(&str, String)]) -> Result<Vec<u8>, String> {
    let pixmap = rasterise(svg, 1.0)?;
    encode_png(&pixmap, text_chunks)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_font_is_the_only_text_font_and_is_found_by_name() {
        let db = fontdb();
        let families: Vec<String> = db
            .faces()
            .flat_map(|f| f.families.iter().map(|(n, _)| n.clone()))
            .collect();
        assert!(families.iter().any(|f| f == FONT_FAMILY), "{families:?}");
        assert_eq!(db.len(), 2, "no system fonts: {families:?}");
        let id = db.query(&fontdb::Query {
            families: &[fontdb::Family::SansSerif],
            weight: fontdb::Weight(SVG_FONT_WEIGHT),
            ..fontdb::Query::default()
        });
        assert!(id.is_some());
    }

    #[test]
    fn kerning_makes_pairs_narrower_than_their_letters() {
        // Ubuntu kerns "To"; a renderer without kerning would not.
        let pair = text_width("To", 100.0);
        let apart = text_width("T", 100.0) + text_width("o", 100.0);
        assert!(pair < apart - 1.0, "{pair} vs {apart}");
        // Fractional advances: ten letters are ten times one.
        let one = text_width("n", 13.0);
        assert!((text_width("nnnnnnnnnn", 13.0) - 10.0 * one).abs() < 1e-6);
        assert!(one.fract() != 0.0);
    }

    #[test]
    fn png_keeps_text_chunks_and_opaque_images_are_rgb() {
        let svg = r##"<svg xmlns="http://www.w3.org/2000/svg" width="20" height="10"><rect width="20" height="10" fill="#ff0000"/></svg>"##;
        let png = svg_to_png(
            svg,
            &[("Title", "A – B".into()), ("Software", "x 1".into())],
        )
        .unwrap();
        let decoder = png::Decoder::new(std::io::Cursor::new(&png));
        let mut reader = decoder.read_info().unwrap();
        let info = reader.info();
        assert_eq!((info.width, info.height), (20, 10));
        assert_eq!(info.color_type, png::ColorType::Rgb);
        assert_eq!(info.uncompressed_latin1_text[0].text, "x 1");
        assert_eq!(info.utf8_text[0].get_text().unwrap(), "A – B");
        let mut buf = vec![0; reader.output_buffer_size().unwrap()];
        reader.next_frame(&mut buf).unwrap();
        assert_eq!(&buf[..3], &[255, 0, 0]);
    }

    #[test]
    fn transparent_images_keep_alpha_and_bad_svg_is_an_error() {
        let svg = r#"<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>"#;
        let png = svg_to_png(svg, &[]).unwrap();
        let reader = png::Decoder::new(std::io::Cursor::new(&png))
            .read_info()
            .unwrap();
        assert_eq!(reader.info().color_type, png::ColorType::Rgba);
        assert!(svg_to_png("<svg", &[]).unwrap_err().contains("invalid SVG"));
        // A file reference is not followed.
        let svg = r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="4" height="4"><image href="/etc/passwd" width="4" height="4"/></svg>"#;
        assert!(svg_to_png(svg, &[]).is_ok());
    }

    #[test]
    fn the_embedded_font_rule_carries_the_font_bytes() {
        use base64::Engine as _;
        let css = font_face_css();
        let data = css
            .split("base64,")
            .nth(1)
            .and_then(|s| s.split(')').next())
            .unwrap();
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(data)
            .unwrap();
        assert_eq!(bytes, epaint_default_fonts::UBUNTU_LIGHT);
    }
}
