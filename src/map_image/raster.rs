//! SVG → pixels with resvg (text shaped with the screen's font), and PNG
//! encoding with provenance text chunks.
//!
//! TODO(shared raster): the chart exporter is moving to the same approach in
//! `src/export/raster.rs`; once that lands on main, this file goes and the map
//! image uses the shared module.

use std::sync::{Arc, OnceLock};

use resvg::usvg;

use super::text::FONT_DATA;

/// The font database: the screen's font only, so output never depends on the
/// fonts installed on the machine.
fn fontdb() -> Arc<usvg::fontdb::Database> {
    static DB: OnceLock<Arc<usvg::fontdb::Database>> = OnceLock::new();
    Arc::clone(DB.get_or_init(|| {
        let mut db = usvg::fontdb::Database::new();
        db.load_font_data(FONT_DATA.to_vec());
        let family = db
            .faces()
            .next()
            .and_then(|f| f.families.first())
            .map(|(name, _)| name.clone());
        if let Some(family) = family {
            // Any family the SVG asks for resolves to the screen's font.
            db.set_sans_serif_family(family.clone());
            db.set_serif_family(family);
        }
        Arc::new(db)
    }))
}

/// Parse an SVG document for rendering.
pub fn parse(svg: &str) -> Result<usvg::Tree, String> {
    let options = usvg::Options {
        fontdb: fontdb(),
        ..usvg::Options::default()
    };
    usvg::Tree::from_str(svg, &options).map_err(|e| format!("cannot render the SVG: {e}"))
}

/// Draw `svg` over what `pixmap` already holds (1 SVG unit = 1 pixel).
pub fn draw_over(svg: &str, pixmap: &mut tiny_skia::Pixmap) -> Result<(), String> {
    let tree = parse(svg)?;
    resvg::render(
        &tree,
        tiny_skia::Transform::identity(),
        &mut pixmap.as_mut(),
    );
    Ok(())
}

/// Encode an opaque pixmap as an RGB PNG with (keyword, text) chunks: tEXt
/// for Latin-1-safe ASCII, iTXt for anything else.
pub fn encode_png(
    pixmap: &tiny_skia::Pixmap,
    chunks: &[(String, String)],
) -> Result<Vec<u8>, String> {
    // Opaque pixels: premultiplied RGBA equals straight RGBA; drop alpha.
    let rgb: Vec<u8> = pixmap
        .data()
        .chunks_exact(4)
        .flat_map(|p| [p[0], p[1], p[2]])
        .collect();
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, pixmap.width(), pixmap.height());
        enc.set_color(png::ColorType::Rgb);
        enc.set_depth(png::BitDepth::Eight);
        enc.set_compression(png::Compression::Fast);
        for (key, text) in chunks {
            let r = if text.is_ascii() {
                enc.add_text_chunk(key.clone(), text.clone())
            } else {
                enc.add_itxt_chunk(key.clone(), text.clone())
            };
            r.map_err(|e| format!("cannot add PNG text chunk '{key}': {e}"))?;
        }
        let mut writer = enc
            .write_header()
            .map_err(|e| format!("cannot encode PNG: {e}"))?;
        writer
            .write_image_data(&rgb)
            .map_err(|e| format!("cannot encode PNG: {e}"))?;
        writer
            .finish()
            .map_err(|e| format!("cannot encode PNG: {e}"))?;
    }
    Ok(out)
}
