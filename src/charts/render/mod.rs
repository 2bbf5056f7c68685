//! Headless chart rendering: one renderer. The chart is written as SVG
//! (`export::svg`), and a PNG is that same SVG rasterised by resvg
//! (`export::raster`) with the screen's font, so the two formats cannot
//! differ. Both carry provenance (PNG text chunks, SVG `<metadata>`), and
//! both draw from the same [`ChartData`] as the window.

mod frame;
mod plot;
mod ranking;

use super::ChartData;
use super::provenance::Provenance;
use crate::export::raster;
use crate::export::svg::SvgDoc;
use crate::style::Rgba;

/// Image formats the exporter writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageFormat {
    Png,
    Svg,
}

impl ImageFormat {
    pub fn parse(s: &str) -> Option<ImageFormat> {
        match s.to_ascii_lowercase().as_str() {
            "png" => Some(ImageFormat::Png),
            "svg" => Some(ImageFormat::Svg),
            _ => None,
        }
    }

    /// From a file name's extension.
    pub fn from_path(path: &std::path::Path) -> Option<ImageFormat> {
        path.extension()
            .and_then(|e| e.to_str())
            .and_then(ImageFormat::parse)
    }

    pub fn extension(self) -> &'static str {
        match self {
            ImageFormat::Png => "png",
            ImageFormat::Svg => "svg",
        }
    }
}

/// Size in pixels and the scale of text and strokes (2.0 for a 2x image of
/// the same layout).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RenderSize {
    pub width: u32,
    pub height: u32,
    pub scale: f64,
}

impl RenderSize {
    pub fn new(width: u32, height: u32) -> Self {
        // Text and strokes grow with the image, relative to a 1200 px wide chart,
        // but never below 1 (small on-screen exports stay legible).
        let scale = (f64::from(width.min(height.saturating_mul(2))) / 1200.0).max(1.0);
        RenderSize {
            width,
            height,
            scale,
        }
    }

    pub fn with_scale(width: u32, height: u32, scale: f64) -> Self {
        RenderSize {
            width,
            height,
            scale,
        }
    }
}

pub const MIN_SIZE: u32 = 200;
pub const MAX_SIZE: u32 = 10_000;

fn check_size(size: RenderSize) -> Result<(), String> {
    for (what, v) in [("width", size.width), ("height", size.height)] {
        if !(MIN_SIZE..=MAX_SIZE).contains(&v) {
            return Err(format!(
                "{what} {v} px is outside {MIN_SIZE}..{MAX_SIZE} px"
            ));
        }
    }
    if !(size.scale.is_finite() && size.scale > 0.0) {
        return Err(format!("scale {} is not a positive number", size.scale));
    }
    Ok(())
}

/// How the SVG names its font.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SvgFont {
    /// By name, with look-alike fallbacks (small file; viewers without
    /// Ubuntu use a similar sans-serif).
    #[default]
    Named,
    /// The font embedded as `@font-face` (about 480 KB more; browsers then
    /// draw exactly the PNG's letters).
    Embedded,
}

/// The chart as an SVG document, with provenance in `<metadata>`.
pub fn render_svg(
    chart: &ChartData,
    size: RenderSize,
    provenance: &Provenance,
) -> Result<String, String> {
    render_svg_with(chart, size, provenance, SvgFont::Named)
}

pub fn render_svg_with(
    chart: &ChartData,
    size: RenderSize,
    provenance: &Provenance,
    font: SvgFont,
) -> Result<String, String> {
    check_size(size)?;
    let doc = draw_chart(chart, size)?;
    Ok(doc.finish(
        &chart.title,
        &provenance.svg_metadata(),
        font == SvgFont::Embedded,
    ))
}

/// The chart as PNG bytes (the SVG rasterised), with provenance in text chunks.
pub fn render_png(
    chart: &ChartData,
    size: RenderSize,
    provenance: &Provenance,
) -> Result<Vec<u8>, String> {
    check_size(size)?;
    let svg = draw_chart(chart, size)?.finish(&chart.title, "", false);
    raster::svg_to_png(&svg, &provenance.png_chunks())
}

/// Render to the format's bytes.
pub fn render(
    chart: &ChartData,
    format: ImageFormat,
    size: RenderSize,
    provenance: &Provenance,
) -> Result<Vec<u8>, String> {
    match format {
        ImageFormat::Png => render_png(chart, size, provenance),
        ImageFormat::Svg => render_svg(chart, size, provenance).map(String::into_bytes),
    }
}

// ---------------------------------------------------------------------------
// Drawing

const INK: Rgba = Rgba::rgb(0x22, 0x22, 0x22);
const MUTED: Rgba = Rgba::rgb(0x55, 0x55, 0x55);
const FAINT: Rgba = Rgba::rgb(0x77, 0x77, 0x77);
const GRID: Rgba = Rgba::rgb(0xE4, 0xE4, 0xE4);
const AXIS: Rgba = Rgba::rgb(0x44, 0x44, 0x44);
const WHITE: Rgba = Rgba::rgb(0xFF, 0xFF, 0xFF);

/// An area of the image in px.
#[derive(Debug, Clone, Copy)]
struct Rect {
    left: f64,
    right: f64,
    top: f64,
    bottom: f64,
}

impl Rect {
    fn width(&self) -> f64 {
        self.right - self.left
    }

    fn height(&self) -> f64 {
        self.bottom - self.top
    }
}

/// The text leaves no room for the plot.
struct TooSmall;

/// A position for a crisp line of `width` px: on a pixel centre for odd
/// widths, on a pixel edge for even ones.
fn crisp(v: f64, width: f64) -> f64 {
    if (width.round() as i64) % 2 == 1 {
        v.floor() + 0.5
    } else {
        v.round()
    }
}

/// Lay the chart out and write it as SVG (without metadata). When the text
/// leaves no room for the plot (a small image, many panels), the text and
/// strokes are made smaller, down to 60 % of their size, before giving up.
fn draw_chart(chart: &ChartData, size: RenderSize) -> Result<SvgDoc, String> {
    let (w, h) = (f64::from(size.width), f64::from(size.height));
    for shrink in [1.0, 0.85, 0.7, 0.6] {
        let scale = size.scale * shrink;
        let mut doc = SvgDoc::new(w, h);
        doc.rect(0.0, 0.0, w, h, Some(WHITE), None);
        let area = frame::draw_frame(&mut doc, chart, scale);
        let drawn = if chart.horizontal {
            ranking::draw_ranking(&mut doc, chart, area, scale)
        } else {
            plot::draw_plots(&mut doc, chart, area, scale)
        };
        if drawn.is_ok() {
            return Ok(doc);
        }
    }
    Err(format!(
        "{}x{} px is too small for this chart's text; try a larger --width/--height",
        size.width, size.height
    ))
}
