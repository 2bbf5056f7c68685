//! Typography of exported images: glyphs sit where the font's own layout
//! (advances, side bearings, kerning) puts them, at fractional positions, and
//! a PNG is exactly its SVG rasterised.

use route_explorer::charts::provenance::Provenance;
use route_explorer::charts::render::{self, RenderSize, SvgFont};
use route_explorer::charts::{self, ChartDrug, ChartId, ChartOptions};
use route_explorer::export::raster;
use route_explorer::export::svg::{HAlign, SvgDoc, TextStyle, VAlign};
use route_explorer::model::load::{EMBEDDED_JSON, EMBEDDED_LABEL, load_embedded};
use route_explorer::style::Rgba;

/// Ink boxes [left, right) in px of each glyph of `text` set at `size` from
/// pen position `x`, as the font lays it out (rustybuzz shaping, glyph
/// bounding boxes from the font tables).
fn expected_ink(text: &str, size: f64, x: f64) -> Vec<(char, f64, f64)> {
    let face = rustybuzz::Face::from_slice(epaint_default_fonts::UBUNTU_LIGHT, 0).unwrap();
    let scale = size / f64::from(face.units_per_em());
    let mut buffer = rustybuzz::UnicodeBuffer::new();
    buffer.push_str(text);
    let shaped = rustybuzz::shape(&face, &[], buffer);
    let mut pen = x;
    let mut out = Vec::new();
    for (info, pos) in shaped.glyph_infos().iter().zip(shaped.glyph_positions()) {
        let c = text[info.cluster as usize..].chars().next().unwrap();
        if let Some(bb) =
            face.glyph_bounding_box(rustybuzz::ttf_parser::GlyphId(info.glyph_id as u16))
        {
            let gx = pen + f64::from(pos.x_offset) * scale;
            out.push((
                c,
                gx + f64::from(bb.x_min) * scale,
                gx + f64::from(bb.x_max) * scale,
            ));
        }
        pen += f64::from(pos.x_advance) * scale;
    }
    out
}

/// Per-column darkness (0..=255 summed over the rows) of a text image drawn
/// black on white.
fn column_ink(svg: &str) -> (Vec<f64>, u32) {
    let pixmap = raster::rasterise(svg, 1.0).unwrap();
    let (w, h) = (pixmap.width(), pixmap.height());
    let mut cols = vec![0.0; w as usize];
    for y in 0..h {
        for x in 0..w {
            let p = pixmap.pixel(x, y).unwrap();
            cols[x as usize] += f64::from(255 - p.red());
        }
    }
    (cols, w)
}

fn text_svg(text: &str, size: f64, x: f64, width: f64) -> String {
    let mut doc = SvgDoc::new(width, size * 2.0);
    doc.rect(
        0.0,
        0.0,
        width,
        size * 2.0,
        Some(Rgba::rgb(255, 255, 255)),
        None,
    );
    let st = TextStyle::new(size, Rgba::rgb(0, 0, 0), HAlign::Left, VAlign::Baseline);
    doc.text(x, size * 1.4, text, st, false);
    doc.finish("text", "", false)
}

#[test]
fn glyph_edges_are_where_the_font_layout_puts_them() {
    // The words the issue found mangled ("Sour ce", "Offic e f or", "artid e",
    // "r everse"), large enough that every glyph stands apart.
    let text = "Source: Official for article reverse";
    let (size, x0) = (40.0, 10.3);
    let expected = expected_ink(text, size, x0);
    let width = (expected.last().unwrap().2 + 20.0).ceil();
    let (cols, _) = column_ink(&text_svg(text, size, x0, width));

    // Merge glyph boxes closer than 3 px, then find each group's ink in the
    // image (a window 1.5 px wider on each side cannot reach a neighbour).
    let mut groups: Vec<(String, f64, f64)> = Vec::new();
    for (c, a, b) in expected {
        match groups.last_mut() {
            Some(g) if a < g.2 + 3.0 => {
                g.0.push(c);
                g.2 = g.2.max(b);
            }
            _ => groups.push((c.to_string(), a, b)),
        }
    }
    assert!(groups.len() > 20, "{groups:?}");
    let inked = |x: usize| cols[x] > 40.0;
    for (letters, a, b) in &groups {
        let lo = (a - 1.5).floor().max(0.0) as usize;
        let hi = ((b + 1.5).ceil() as usize).min(cols.len());
        let first = (lo..hi)
            .find(|&x| inked(x))
            .unwrap_or_else(|| panic!("no ink for {letters}"));
        let last = (lo..hi).rev().find(|&x| inked(x)).unwrap();
        // Column `first` holds the edge: the edge lies within it, give or
        // take anti-aliasing of one pixel.
        assert!(
            (first as f64 - a).abs() <= 1.0,
            "'{letters}': left edge at column {first}, the font puts it at {a:.2}"
        );
        assert!(
            (last as f64 + 1.0 - b).abs() <= 1.0,
            "'{letters}': right edge at column {}, the font puts it at {b:.2}",
            last + 1
        );
    }
}

/// Left and right ink edges of each "n" (its two stems), to a fraction of a
/// pixel: in each stem row, the first inked column counts by its uncovered
/// part, the last by its covered part. Returns each letter's stem centre.
fn stem_centres(svg: &str, pens: &[f64], advance: f64, rows: std::ops::Range<u32>) -> Vec<f64> {
    let pixmap = raster::rasterise(svg, 1.0).unwrap();
    let ink = |x: u32, y: u32| f64::from(255 - pixmap.pixel(x, y).unwrap().red()) / 255.0;
    pens.iter()
        .map(|&pen| {
            let (a, b) = (pen.floor() as u32, (pen + advance).ceil() as u32);
            let mut sum = 0.0;
            for y in rows.clone() {
                let cols: Vec<u32> = (a..b).filter(|&x| ink(x, y) > 0.02).collect();
                let (first, last) = (cols[0], cols[cols.len() - 1]);
                let left = f64::from(first) + 1.0 - ink(first, y);
                let right = f64::from(last) + ink(last, y);
                sum += (left + right) / 2.0;
            }
            sum / rows.len() as f64 - pen
        })
        .collect()
}

/// Standard deviation.
fn spread(v: &[f64]) -> f64 {
    let mean = v.iter().sum::<f64>() / v.len() as f64;
    (v.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / v.len() as f64).sqrt()
}

#[test]
fn repeated_letters_are_evenly_spaced_at_text_size() {
    // At 13 px an advance is a fraction of a pixel off a whole number. Text
    // set at fractional positions keeps every letter at the same place
    // relative to its pen; letters pushed to whole pixels (what the old
    // exporter did) wander by up to a pixel, which reads as uneven gaps.
    let (size, x0) = (13.0, 5.0);
    let n = 24;
    let advance = raster::text_width("n", size);
    assert!(advance.fract() > 0.1 && advance.fract() < 0.9, "{advance}");
    let width = (x0 + advance * n as f64 + 10.0).ceil();
    let pens: Vec<f64> = (0..n).map(|i| x0 + advance * i as f64).collect();
    // Stem rows: between the shoulder and the baseline (baseline at 1.4 × size).
    let rows = 14..18;
    let text = "n".repeat(n);
    let ours = stem_centres(
        &text_svg(&text, size, x0, width),
        &pens,
        advance,
        rows.clone(),
    );

    // Control: the same letters, each drawn at its pen position truncated
    // to a whole pixel.
    let mut doc = SvgDoc::new(width, size * 2.0);
    doc.rect(
        0.0,
        0.0,
        width,
        size * 2.0,
        Some(Rgba::rgb(255, 255, 255)),
        None,
    );
    let st = TextStyle::new(size, Rgba::rgb(0, 0, 0), HAlign::Left, VAlign::Baseline);
    for pen in &pens {
        doc.text(pen.floor(), size * 1.4, "n", st, false);
    }
    let truncated = stem_centres(&doc.finish("control", "", false), &pens, advance, rows);

    // Whole-pixel positions spread like a uniform fraction (σ ≈ 0.29 px);
    // anti-aliasing on a quarter-pixel grid leaves about a tenth of that.
    assert!(
        spread(&truncated) > 0.2,
        "the control should wander by most of a pixel: {truncated:?}"
    );
    assert!(
        spread(&ours) < 0.15,
        "letters wander by σ = {:.2} px relative to their pens: {ours:?}",
        spread(&ours)
    );
}

#[test]
fn a_chart_png_is_its_svg_rasterised_and_the_embedded_font_draws_the_same() {
    let ds = load_embedded().unwrap();
    let options = ChartOptions {
        oblasts: charts::oblasts_with_figures(&ds, ChartDrug::Opiates),
        drug: ChartDrug::Opiates,
        ..ChartOptions::default()
    };
    for id in [ChartId::NationalSeizures, ChartId::OblastComparison] {
        let chart = charts::build_chart(&ds, id, &options);
        let prov = Provenance::new(&ds, EMBEDDED_LABEL, EMBEDDED_JSON.as_bytes(), &chart);
        let size = RenderSize::new(900, 520);
        let png = render::render_png(&chart, size, &prov).unwrap();
        let mut reader = png::Decoder::new(std::io::Cursor::new(png))
            .read_info()
            .unwrap();
        let mut from_png = vec![0; reader.output_buffer_size().unwrap()];
        reader.next_frame(&mut from_png).unwrap();
        for font in [SvgFont::Named, SvgFont::Embedded] {
            let svg = render::render_svg_with(&chart, size, &prov, font).unwrap();
            assert_eq!(
                font == SvgFont::Embedded,
                svg.contains("@font-face"),
                "{}",
                id.id()
            );
            let pixmap = raster::rasterise(&svg, 1.0).unwrap();
            let from_svg: Vec<u8> = pixmap
                .pixels()
                .iter()
                .flat_map(|p| [p.red(), p.green(), p.blue()])
                .collect();
            assert_eq!(from_png.len(), from_svg.len());
            assert!(from_png == from_svg, "{}: PNG and SVG differ", id.id());
        }
    }
}
