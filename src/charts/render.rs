//! Headless chart rendering with plotters: PNG (bitmap backend, encoded with
//! `png` so provenance goes into text chunks) and SVG (with `<metadata>`).
//! One drawing routine serves both formats, and draws from the same
//! [`ChartData`] as the window. Text uses egui's own default font
//! (Ubuntu-Light from `epaint_default_fonts`), so screen and file look alike.

use std::sync::Once;

use plotters::backend::{BitMapBackend, DrawingBackend, SVGBackend};
use plotters::coord::Shift;
use plotters::drawing::{DrawingArea, IntoDrawingArea};
use plotters::element::{Circle, PathElement, Polygon, Rectangle, Text};
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{FontStyle, FontTransform, IntoFont, RGBAColor, ShapeStyle, TextStyle};

use super::provenance::Provenance;
use super::{ChartData, SeriesKind};
use crate::style::{self, Rgba};

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
        let scale = (f64::from(width.min(height * 2)) / 1200.0).max(1.0);
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

const FONT: &str = "sans-serif";

fn register_fonts() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // Ubuntu-Light is a valid font; if it were not, text would be missing
        // and plotters would report the error on drawing.
        let _ = plotters::style::register_font(
            FONT,
            FontStyle::Normal,
            epaint_default_fonts::UBUNTU_LIGHT,
        );
    });
}

fn check_size(size: RenderSize) -> Result<(), String> {
    for (what, v) in [("width", size.width), ("height", size.height)] {
        if !(MIN_SIZE..=MAX_SIZE).contains(&v) {
            return Err(format!(
                "{what} {v} px is outside {MIN_SIZE}..{MAX_SIZE} px"
            ));
        }
    }
    Ok(())
}

/// The chart as PNG bytes, with provenance in text chunks.
pub fn render_png(
    chart: &ChartData,
    size: RenderSize,
    provenance: &Provenance,
) -> Result<Vec<u8>, String> {
    let pixels = render_rgb(chart, size)?;
    encode_png(&pixels, size.width, size.height, provenance)
}

/// The chart as RGB8 pixels (row-major, width × height × 3).
pub fn render_rgb(chart: &ChartData, size: RenderSize) -> Result<Vec<u8>, String> {
    check_size(size)?;
    register_fonts();
    let mut buf = vec![255u8; size.width as usize * size.height as usize * 3];
    {
        let root =
            BitMapBackend::with_buffer(&mut buf, (size.width, size.height)).into_drawing_area();
        draw_chart(&root, chart, size)?;
        root.present().map_err(|e| e.to_string())?;
    }
    Ok(buf)
}

/// Encode RGB8 pixels as PNG with provenance text chunks (tEXt for ASCII,
/// iTXt for text with other characters).
pub fn encode_png(
    rgb: &[u8],
    width: u32,
    height: u32,
    provenance: &Provenance,
) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, width, height);
        enc.set_color(png::ColorType::Rgb);
        enc.set_depth(png::BitDepth::Eight);
        enc.set_compression(png::Compression::Fast);
        for (key, text) in provenance.entries() {
            let r = if text.is_ascii() {
                enc.add_text_chunk(key.to_owned(), text)
            } else {
                enc.add_itxt_chunk(key.to_owned(), text)
            };
            r.map_err(|e| format!("cannot add PNG text chunk '{key}': {e}"))?;
        }
        let mut writer = enc
            .write_header()
            .map_err(|e| format!("cannot encode PNG: {e}"))?;
        writer
            .write_image_data(rgb)
            .map_err(|e| format!("cannot encode PNG: {e}"))?;
        writer
            .finish()
            .map_err(|e| format!("cannot encode PNG: {e}"))?;
    }
    Ok(out)
}

/// The chart as an SVG document, with provenance in `<metadata>`.
pub fn render_svg(
    chart: &ChartData,
    size: RenderSize,
    provenance: &Provenance,
) -> Result<String, String> {
    check_size(size)?;
    register_fonts();
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (size.width, size.height)).into_drawing_area();
        draw_chart(&root, chart, size)?;
        root.present().map_err(|e| e.to_string())?;
    }
    // Dataset text may hold characters XML forbids; the SVG must stay readable.
    svg.retain(super::provenance::xml_allowed);
    // Put the metadata first inside the root element.
    let meta = provenance.svg_metadata();
    match svg
        .find("<svg")
        .and_then(|i| svg[i..].find('>').map(|j| i + j + 1))
    {
        Some(at) => svg.insert_str(at, &format!("\n{meta}")),
        None => return Err("the SVG backend wrote no <svg> element".to_owned()),
    }
    Ok(svg)
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

fn rgba(c: Rgba) -> RGBAColor {
    RGBAColor(c.r, c.g, c.b, f64::from(c.a) / 255.0)
}

const INK: Rgba = Rgba::rgb(0x22, 0x22, 0x22);
const MUTED: Rgba = Rgba::rgb(0x55, 0x55, 0x55);
const FAINT: Rgba = Rgba::rgb(0x77, 0x77, 0x77);
const GRID: Rgba = Rgba::rgb(0xE4, 0xE4, 0xE4);
const AXIS: Rgba = Rgba::rgb(0x44, 0x44, 0x44);

fn text_style(size: f64, color: Rgba, h: HPos, v: VPos) -> TextStyle<'static> {
    (FONT, size)
        .into_font()
        .color(&rgba(color))
        .pos(Pos::new(h, v))
}

fn stroke(color: Rgba, width: f64) -> ShapeStyle {
    ShapeStyle {
        color: rgba(color),
        filled: false,
        stroke_width: width.round().max(1.0) as u32,
    }
}

fn fill(color: Rgba) -> ShapeStyle {
    ShapeStyle {
        color: rgba(color),
        filled: true,
        stroke_width: 1,
    }
}

fn text_width<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    text: &str,
    style: &TextStyle,
) -> i32 {
    area.estimate_text_size(text, style)
        .map(|(w, _)| w as i32)
        .unwrap_or((text.chars().count() as f64 * style.font.get_size() * 0.5) as i32)
}

/// Greedy word wrap to `max` pixels.
fn wrap<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    text: &str,
    style: &TextStyle,
    max: i32,
) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let candidate = if line.is_empty() {
            word.to_owned()
        } else {
            format!("{line} {word}")
        };
        if !line.is_empty() && text_width(area, &candidate, style) > max {
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

fn e<E: std::fmt::Display>(err: E) -> String {
    format!("cannot draw the chart: {err}")
}

fn draw_chart<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    chart: &ChartData,
    size: RenderSize,
) -> Result<(), String> {
    let s = size.scale;
    let w = size.width as i32;
    let h = size.height as i32;
    let px = |v: f64| (v * s).round() as i32;
    root.fill(&plotters::style::WHITE).map_err(e)?;

    let pad = px(18.0);
    // Title and subtitle.
    let title_style = text_style(24.0 * s, INK, HPos::Left, VPos::Top);
    root.draw(&Text::new(chart.title.clone(), (pad, pad), title_style))
        .map_err(e)?;
    let sub_style = text_style(14.0 * s, MUTED, HPos::Left, VPos::Top);
    let mut y = pad + px(32.0);
    for line in wrap(root, &chart.subtitle, &sub_style, w - 2 * pad) {
        root.draw(&Text::new(line, (pad, y), sub_style.clone()))
            .map_err(e)?;
        y += px(18.0);
    }
    let plot_top = y + px(14.0);

    // Source line(s) at the bottom.
    let src_style = text_style(12.0 * s, FAINT, HPos::Left, VPos::Top);
    let src_lines = wrap(root, &chart.source_line, &src_style, w - 2 * pad);
    let src_top = h - pad - px(16.0) * src_lines.len() as i32;
    for (i, line) in src_lines.into_iter().enumerate() {
        root.draw(&Text::new(
            line,
            (pad, src_top + px(16.0) * i as i32),
            src_style.clone(),
        ))
        .map_err(e)?;
    }

    // Legend rows above the source.
    let leg_style = text_style(14.0 * s, INK, HPos::Left, VPos::Center);
    let swatch = px(24.0);
    let mut rows: Vec<Vec<(usize, i32)>> = vec![vec![]];
    let mut x = pad;
    for (i, series) in chart.series.iter().enumerate() {
        let width = swatch + px(6.0) + text_width(root, &series.name, &leg_style) + px(20.0);
        if x + width > w - pad && !rows.last().is_some_and(|r| r.is_empty()) {
            rows.push(vec![]);
            x = pad;
        }
        if let Some(row) = rows.last_mut() {
            row.push((i, x));
        }
        x += width;
    }
    let row_h = px(22.0);
    let legend_top = src_top - px(8.0) - row_h * rows.len() as i32;
    for (r, row) in rows.iter().enumerate() {
        let cy = legend_top + row_h * r as i32 + row_h / 2;
        for &(i, x) in row {
            let series = &chart.series[i];
            draw_swatch(root, series, x, cy, swatch, s)?;
            root.draw(&Text::new(
                series.name.clone(),
                (x + swatch + px(6.0), cy),
                leg_style.clone(),
            ))
            .map_err(e)?;
        }
    }

    // Plot area.
    let tick_style = text_style(13.0 * s, MUTED, HPos::Right, VPos::Center);
    let max_tick = chart
        .y_ticks
        .iter()
        .map(|(_, l)| text_width(root, l, &tick_style))
        .max()
        .unwrap_or(0);
    let left = pad + px(24.0) + max_tick + px(8.0);
    let right = w - pad - px(8.0);
    let bottom = legend_top - px(12.0) - px(22.0) - px(22.0);
    let top = plot_top;
    if right - left < 20 || bottom - top < 20 {
        return Err(format!(
            "{}x{} px is too small for this chart's text",
            size.width, size.height
        ));
    }
    let (x0, x1) = chart.x_range;
    let (y0, y1) = chart.y_range;
    let sx = |x: f64| left + ((x - x0) / (x1 - x0) * f64::from(right - left)).round() as i32;
    let sy = |y: f64| bottom - ((y - y0) / (y1 - y0) * f64::from(bottom - top)).round() as i32;

    // Grid and y ticks.
    for (t, label) in &chart.y_ticks {
        let yy = sy(*t);
        root.draw(&PathElement::new(
            vec![(left, yy), (right, yy)],
            stroke(GRID, s),
        ))
        .map_err(e)?;
        root.draw(&Text::new(
            label.clone(),
            (left - px(6.0), yy),
            tick_style.clone(),
        ))
        .map_err(e)?;
    }
    let xtick_style = text_style(13.0 * s, MUTED, HPos::Center, VPos::Top);
    for (t, label) in &chart.x_ticks {
        let xx = sx(*t);
        root.draw(&PathElement::new(
            vec![(xx, bottom), (xx, bottom + px(5.0))],
            stroke(AXIS, s),
        ))
        .map_err(e)?;
        root.draw(&Text::new(
            label.clone(),
            (xx, bottom + px(7.0)),
            xtick_style.clone(),
        ))
        .map_err(e)?;
    }
    root.draw(&PathElement::new(
        vec![(left, top), (left, bottom), (right, bottom)],
        stroke(AXIS, s),
    ))
    .map_err(e)?;
    // Axis labels.
    let axis_style = text_style(14.0 * s, INK, HPos::Center, VPos::Top);
    root.draw(&Text::new(
        chart.x_label.clone(),
        ((left + right) / 2, bottom + px(28.0)),
        axis_style.clone(),
    ))
    .map_err(e)?;
    let ylabel_style =
        text_style(14.0 * s, INK, HPos::Center, VPos::Top).transform(FontTransform::Rotate270);
    root.draw(&Text::new(
        chart.y_label.clone(),
        (pad, (top + bottom) / 2),
        ylabel_style,
    ))
    .map_err(e)?;

    if let Some(msg) = &chart.empty_message {
        root.draw(&Text::new(
            msg.clone(),
            ((left + right) / 2, (top + bottom) / 2),
            text_style(16.0 * s, MUTED, HPos::Center, VPos::Center),
        ))
        .map_err(e)?;
    }

    // Series: bands first, so lines and bars stay on top.
    let base = if chart.log_scale { y0 } else { 0f64.max(y0) };
    let mut order: Vec<usize> = (0..chart.series.len()).collect();
    order.sort_by_key(|&i| (chart.series[i].kind != SeriesKind::Band) as u8);
    for i in order {
        let series = &chart.series[i];
        match series.kind {
            SeriesKind::Bars => {
                let (offset, width) = chart.bar_slot(i);
                if series.points.iter().all(|p| p.y.is_none()) {
                    // Nothing to draw: a hollow marker on the axis, as on screen.
                    for p in &series.points {
                        root.draw(&Circle::new(
                            (sx(p.x + offset), sy(base)),
                            px(4.0),
                            stroke(series.color, 1.5 * s),
                        ))
                        .map_err(e)?;
                    }
                }
                for p in &series.points {
                    let Some(v) = p.y else { continue };
                    let xa = sx(p.x + offset - width / 2.0);
                    let xb = sx(p.x + offset + width / 2.0);
                    let ya = sy(chart.plot_y(v).clamp(y0, y1));
                    root.draw(&Rectangle::new(
                        [(xa, ya), (xb, sy(base))],
                        fill(series.color),
                    ))
                    .map_err(e)?;
                }
            }
            SeriesKind::Line => {
                let mut run: Vec<(i32, i32)> = Vec::new();
                let mut runs = Vec::new();
                for p in &series.points {
                    match p.y {
                        Some(v) => run.push((sx(p.x), sy(chart.plot_y(v)))),
                        None => runs.push(std::mem::take(&mut run)),
                    }
                }
                runs.push(run);
                for run in runs.iter().filter(|r| !r.is_empty()) {
                    if series.dashed {
                        draw_dashed(root, run, stroke(series.color, 2.0 * s), px(8.0), px(5.0))?;
                    } else {
                        root.draw(&PathElement::new(
                            run.clone(),
                            stroke(series.color, 2.5 * s),
                        ))
                        .map_err(e)?;
                    }
                    for &pt in run {
                        root.draw(&Circle::new(pt, px(4.0), fill(series.color)))
                            .map_err(e)?;
                    }
                }
            }
            SeriesKind::Band => {
                let band = series.color.with_alpha(style::BAND_ALPHA);
                let mut run: Vec<(f64, f64, f64)> = Vec::new();
                let mut runs = Vec::new();
                for p in &series.points {
                    match p.range {
                        Some((a, b)) => run.push((p.x, chart.plot_y(a), chart.plot_y(b))),
                        None => runs.push(std::mem::take(&mut run)),
                    }
                }
                runs.push(run);
                for run in runs.iter().filter(|r| !r.is_empty()) {
                    // A single year is drawn as a box a third of a year wide.
                    let pts: Vec<(f64, f64, f64)> = if run.len() == 1 {
                        let (x, a, b) = run[0];
                        vec![(x - 0.3, a, b), (x + 0.3, a, b)]
                    } else {
                        run.clone()
                    };
                    let mut poly: Vec<(i32, i32)> =
                        pts.iter().map(|&(x, _, b)| (sx(x), sy(b))).collect();
                    poly.extend(pts.iter().rev().map(|&(x, a, _)| (sx(x), sy(a))));
                    root.draw(&Polygon::new(poly, fill(band))).map_err(e)?;
                    for edge in [
                        pts.iter()
                            .map(|&(x, a, _)| (sx(x), sy(a)))
                            .collect::<Vec<_>>(),
                        pts.iter()
                            .map(|&(x, _, b)| (sx(x), sy(b)))
                            .collect::<Vec<_>>(),
                    ] {
                        root.draw(&PathElement::new(edge, stroke(series.color, 1.5 * s)))
                            .map_err(e)?;
                    }
                }
            }
            SeriesKind::Markers => {
                for p in &series.points {
                    let Some(v) = p.y else { continue };
                    let (xx, yy) = (sx(p.x), sy(chart.plot_y(v)));
                    root.draw(&PathElement::new(
                        vec![(xx - px(30.0), yy), (xx + px(30.0), yy)],
                        stroke(series.color, 2.5 * s),
                    ))
                    .map_err(e)?;
                    root.draw(&Circle::new((xx, yy), px(5.0), fill(series.color)))
                        .map_err(e)?;
                }
            }
        }
    }

    // Value labels.
    let label_style = text_style(12.0 * s, INK, HPos::Center, VPos::Bottom);
    if chart.value_labels {
        for (i, series) in chart.series.iter().enumerate() {
            for p in &series.points {
                let top_value = match (p.range, p.y) {
                    (Some((_, b)), _) => b,
                    (None, Some(v)) => v,
                    _ => continue,
                };
                let xx = sx(chart.point_x(i, p.x));
                let yy = sy(chart.plot_y(top_value)) - px(6.0);
                root.draw(&Text::new(p.label.clone(), (xx, yy), label_style.clone()))
                    .map_err(e)?;
            }
        }
    }

    // Annotations: texts that would overlap go up a row; each sits on a
    // light box so it stays legible over bars.
    let mut placed: Vec<(i32, i32, i32)> = Vec::new(); // (level, x from, x to)
    for a in &chart.annotations {
        let st = text_style(13.0 * s, a.color, HPos::Center, VPos::Bottom);
        let tw = text_width(root, &a.text, &st);
        let xx = sx(a.x).clamp(
            left + tw / 2 + px(2.0),
            (right - tw / 2 - px(2.0)).max(left),
        );
        let (from, to) = (xx - tw / 2 - px(4.0), xx + tw / 2 + px(4.0));
        let mut level = 0;
        while placed
            .iter()
            .any(|&(l, f, t)| l == level && f < to && from < t)
        {
            level += 1;
        }
        placed.push((level, from, to));
        let yy = match a.y {
            Some(v) => sy(chart.plot_y(v)) - px(if chart.value_labels { 24.0 } else { 8.0 }),
            None => bottom - px(6.0),
        } - level * px(18.0);
        root.draw(&Rectangle::new(
            [(from, yy - px(16.0)), (to, yy + px(1.0))],
            fill(Rgba::rgb(255, 255, 255).with_alpha(210)),
        ))
        .map_err(e)?;
        root.draw(&Text::new(a.text.clone(), (xx, yy), st))
            .map_err(e)?;
    }
    Ok(())
}

fn draw_swatch<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    series: &super::SeriesData,
    x: i32,
    cy: i32,
    swatch: i32,
    s: f64,
) -> Result<(), String> {
    let half = (6.0 * s).round() as i32;
    match series.kind {
        SeriesKind::Line if series.dashed => draw_dashed(
            root,
            &[(x, cy), (x + swatch, cy)],
            stroke(series.color, 2.0 * s),
            (6.0 * s) as i32,
            (4.0 * s) as i32,
        ),
        SeriesKind::Line | SeriesKind::Markers => {
            root.draw(&PathElement::new(
                vec![(x, cy), (x + swatch, cy)],
                stroke(series.color, 2.5 * s),
            ))
            .map_err(e)?;
            root.draw(&Circle::new(
                (x + swatch / 2, cy),
                (4.0 * s) as i32,
                fill(series.color),
            ))
            .map_err(e)
        }
        SeriesKind::Bars => root
            .draw(&Rectangle::new(
                [(x, cy - half), (x + swatch, cy + half)],
                fill(series.color),
            ))
            .map_err(e),
        SeriesKind::Band => {
            root.draw(&Rectangle::new(
                [(x, cy - half), (x + swatch, cy + half)],
                fill(series.color.with_alpha(style::BAND_ALPHA)),
            ))
            .map_err(e)?;
            root.draw(&Rectangle::new(
                [(x, cy - half), (x + swatch, cy + half)],
                stroke(series.color, 1.5 * s),
            ))
            .map_err(e)
        }
    }
}

/// A polyline drawn as dashes of `dash` px with `gap` px between.
fn draw_dashed<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    pts: &[(i32, i32)],
    style: ShapeStyle,
    dash: i32,
    gap: i32,
) -> Result<(), String> {
    let (dash, gap) = (f64::from(dash.max(1)), f64::from(gap.max(1)));
    let mut on = true;
    let mut left = dash;
    for pair in pts.windows(2) {
        let (ax, ay) = (f64::from(pair[0].0), f64::from(pair[0].1));
        let (bx, by) = (f64::from(pair[1].0), f64::from(pair[1].1));
        let len = ((bx - ax).powi(2) + (by - ay).powi(2)).sqrt();
        let mut t = 0.0;
        while t < len {
            let step = left.min(len - t);
            if on {
                let p = |u: f64| {
                    (
                        (ax + (bx - ax) * u / len).round() as i32,
                        (ay + (by - ay) * u / len).round() as i32,
                    )
                };
                root.draw(&PathElement::new(vec![p(t), p(t + step)], style))
                    .map_err(e)?;
            }
            t += step;
            left -= step;
            if left <= 0.0 {
                on = !on;
                left = if on { dash } else { gap };
            }
        }
    }
    Ok(())
}
