//! Laying a chart out and writing it as SVG: title, subtitle, legend, source
//! line, axes, series, value labels and annotations.

use crate::charts::{ChartData, SeriesData, SeriesKind};
use crate::export::svg::{HAlign, Stroke, SvgDoc, TextStyle, VAlign, wrap};
use crate::style::{self, Rgba};

use super::RenderSize;

const INK: Rgba = Rgba::rgb(0x22, 0x22, 0x22);
const MUTED: Rgba = Rgba::rgb(0x55, 0x55, 0x55);
const FAINT: Rgba = Rgba::rgb(0x77, 0x77, 0x77);
const GRID: Rgba = Rgba::rgb(0xE4, 0xE4, 0xE4);
const AXIS: Rgba = Rgba::rgb(0x44, 0x44, 0x44);
const WHITE: Rgba = Rgba::rgb(0xFF, 0xFF, 0xFF);

/// A position for a crisp line of `width` px: on a pixel centre for odd
/// widths, on a pixel edge for even ones.
fn crisp(v: f64, width: f64) -> f64 {
    if (width.round() as i64) % 2 == 1 {
        v.floor() + 0.5
    } else {
        v.round()
    }
}

pub(super) fn draw_chart(chart: &ChartData, size: RenderSize) -> Result<SvgDoc, String> {
    let s = size.scale;
    let w = f64::from(size.width);
    let h = f64::from(size.height);
    let px = |v: f64| v * s;
    let mut doc = SvgDoc::new(w, h);
    doc.rect(0.0, 0.0, w, h, Some(WHITE), None);

    let pad = px(18.0);
    let text_w = w - 2.0 * pad;
    // Title and subtitle.
    let title_style = TextStyle::new(px(24.0), INK, HAlign::Left, VAlign::Top);
    let mut y = pad;
    for line in wrap(&chart.title, &title_style, text_w) {
        doc.text(pad, y, &line, title_style, false);
        y += px(30.0);
    }
    y += px(2.0);
    let sub_style = TextStyle::new(px(14.0), MUTED, HAlign::Left, VAlign::Top);
    for line in wrap(&chart.subtitle, &sub_style, text_w) {
        doc.text(pad, y, &line, sub_style, false);
        y += px(18.0);
    }
    let plot_top = y + px(14.0);

    // Source line(s) at the bottom.
    let src_style = TextStyle::new(px(12.0), FAINT, HAlign::Left, VAlign::Top);
    let src_lines = wrap(&chart.source_line, &src_style, text_w);
    let src_top = h - pad - px(16.0) * src_lines.len() as f64;
    for (i, line) in src_lines.iter().enumerate() {
        doc.text(pad, src_top + px(16.0) * i as f64, line, src_style, false);
    }

    // Legend rows above the source.
    let leg_style = TextStyle::new(px(14.0), INK, HAlign::Left, VAlign::Center);
    let swatch = px(24.0);
    let mut rows: Vec<Vec<(usize, f64)>> = vec![vec![]];
    let mut x = pad;
    for (i, series) in chart.series.iter().enumerate() {
        let width = swatch + px(6.0) + leg_style.width(&series.name) + px(20.0);
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
    let legend_top = src_top - px(8.0) - row_h * rows.len() as f64;
    for (r, row) in rows.iter().enumerate() {
        let cy = legend_top + row_h * r as f64 + row_h / 2.0;
        for &(i, x) in row {
            let series = &chart.series[i];
            draw_swatch(&mut doc, series, x, cy, swatch, s);
            doc.text(x + swatch + px(6.0), cy, &series.name, leg_style, false);
        }
    }

    // Plot area.
    let tick_style = TextStyle::new(px(13.0), MUTED, HAlign::Right, VAlign::Center);
    let max_tick = chart
        .y_ticks
        .iter()
        .map(|(_, l)| tick_style.width(l))
        .fold(0.0, f64::max);
    let left = pad + px(24.0) + max_tick + px(8.0);
    let right = w - pad - px(8.0);
    let bottom = legend_top - px(12.0) - px(22.0) - px(22.0);
    let top = plot_top;
    if right - left < 20.0 || bottom - top < 20.0 {
        return Err(format!(
            "{}x{} px is too small for this chart's text",
            size.width, size.height
        ));
    }
    let (x0, x1) = chart.x_range;
    let (y0, y1) = chart.y_range;
    let xspan = if (x1 - x0).abs() > f64::EPSILON {
        x1 - x0
    } else {
        1.0
    };
    let yspan = if (y1 - y0).abs() > f64::EPSILON {
        y1 - y0
    } else {
        1.0
    };
    let sx = |x: f64| left + (x - x0) / xspan * (right - left);
    let sy = |y: f64| bottom - (y - y0) / yspan * (bottom - top);

    // Grid and y ticks.
    for (t, label) in &chart.y_ticks {
        let yy = crisp(sy(*t), s);
        doc.line(&[(left, yy), (right, yy)], Stroke::new(GRID, s));
        doc.text(left - px(6.0), sy(*t), label, tick_style, false);
    }
    let xtick_style = TextStyle::new(px(13.0), MUTED, HAlign::Center, VAlign::Top);
    for (t, label) in &chart.x_ticks {
        let xx = crisp(sx(*t), s);
        doc.line(
            &[(xx, bottom), (xx, bottom + px(5.0))],
            Stroke::new(AXIS, s),
        );
        doc.text(sx(*t), bottom + px(7.0), label, xtick_style, false);
    }
    let (cl, cb) = (crisp(left, s), crisp(bottom, s));
    doc.line(&[(cl, top), (cl, cb), (right, cb)], Stroke::new(AXIS, s));
    // Axis labels.
    let axis_style = TextStyle::new(px(14.0), INK, HAlign::Center, VAlign::Top);
    doc.text(
        (left + right) / 2.0,
        bottom + px(28.0),
        &chart.x_label,
        axis_style,
        false,
    );
    doc.text(pad, (top + bottom) / 2.0, &chart.y_label, axis_style, true);

    if let Some(msg) = &chart.empty_message {
        let st = TextStyle::new(px(16.0), MUTED, HAlign::Center, VAlign::Center);
        for (i, line) in wrap(msg, &st, right - left).iter().enumerate() {
            doc.text(
                (left + right) / 2.0,
                (top + bottom) / 2.0 + px(20.0) * i as f64,
                line,
                st,
                false,
            );
        }
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
                        doc.circle(
                            sx(p.x + offset),
                            sy(base),
                            px(4.0),
                            None,
                            Some(Stroke::new(series.color, 1.5 * s)),
                        );
                    }
                }
                for p in &series.points {
                    let Some(v) = p.y else { continue };
                    let xa = sx(p.x + offset - width / 2.0);
                    let xb = sx(p.x + offset + width / 2.0);
                    let ya = sy(chart.plot_y(v).clamp(y0, y1));
                    doc.rect(xa, ya, xb - xa, sy(base) - ya, Some(series.color), None);
                }
            }
            SeriesKind::Line => {
                let mut run: Vec<(f64, f64)> = Vec::new();
                let mut runs = Vec::new();
                for p in &series.points {
                    match p.y {
                        Some(v) => run.push((sx(p.x), sy(chart.plot_y(v)))),
                        None => runs.push(std::mem::take(&mut run)),
                    }
                }
                runs.push(run);
                for run in runs.iter().filter(|r| !r.is_empty()) {
                    let stroke = if series.dashed {
                        Stroke::new(series.color, 2.0 * s).dashed(px(8.0), px(5.0))
                    } else {
                        Stroke::new(series.color, 2.5 * s)
                    };
                    doc.line(run, stroke);
                    for &(x, y) in run {
                        doc.circle(x, y, px(4.0), Some(series.color), None);
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
                    let mut poly: Vec<(f64, f64)> =
                        pts.iter().map(|&(x, _, b)| (sx(x), sy(b))).collect();
                    poly.extend(pts.iter().rev().map(|&(x, a, _)| (sx(x), sy(a))));
                    doc.polygon(&poly, Some(band), None);
                    let lower: Vec<(f64, f64)> =
                        pts.iter().map(|&(x, a, _)| (sx(x), sy(a))).collect();
                    let upper: Vec<(f64, f64)> =
                        pts.iter().map(|&(x, _, b)| (sx(x), sy(b))).collect();
                    doc.line(&lower, Stroke::new(series.color, 1.5 * s));
                    doc.line(&upper, Stroke::new(series.color, 1.5 * s));
                }
            }
            SeriesKind::Markers => {
                for p in &series.points {
                    let Some(v) = p.y else { continue };
                    let (xx, yy) = (sx(p.x), sy(chart.plot_y(v)));
                    doc.line(
                        &[(xx - px(30.0), yy), (xx + px(30.0), yy)],
                        Stroke::new(series.color, 2.5 * s),
                    );
                    doc.circle(xx, yy, px(5.0), Some(series.color), None);
                }
            }
        }
    }

    // Value labels.
    let label_style = TextStyle::new(px(12.0), INK, HAlign::Center, VAlign::Bottom);
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
                doc.text(xx, yy, &p.label, label_style, false);
            }
        }
    }

    // Annotations: texts that would overlap go up a row; each sits on a
    // light box so it stays legible over bars. A note wider than the plot
    // is wrapped to its width.
    let mut placed: Vec<(i32, f64, f64)> = Vec::new(); // (level, x from, x to)
    let line_h = px(16.0);
    for a in &chart.annotations {
        let st = TextStyle::new(px(13.0), a.color, HAlign::Center, VAlign::Bottom);
        let max_w = (right - left - px(8.0)).max(px(20.0));
        let lines = wrap(&a.text, &st, max_w);
        let tw = lines.iter().map(|l| st.width(l)).fold(0.0, f64::max);
        let (lo, hi) = (left + tw / 2.0 + px(2.0), right - tw / 2.0 - px(2.0));
        let xx = if lo <= hi {
            sx(a.x).clamp(lo, hi)
        } else {
            (left + right) / 2.0
        };
        let (from, to) = (xx - tw / 2.0 - px(4.0), xx + tw / 2.0 + px(4.0));
        let mut level = 0;
        while placed
            .iter()
            .any(|&(l, f, t)| l == level && f < to && from < t)
        {
            level += 1;
        }
        placed.push((level, from, to));
        let n = lines.len().max(1) as f64;
        let yy = match a.y {
            Some(v) => sy(chart.plot_y(v)) - px(if chart.value_labels { 24.0 } else { 8.0 }),
            None => bottom - px(6.0),
        } - f64::from(level) * px(18.0);
        doc.rect(
            from,
            yy - line_h * n,
            to - from,
            line_h * n + px(1.0),
            Some(WHITE.with_alpha(210)),
            None,
        );
        for (k, line) in lines.iter().enumerate() {
            let ly = yy - line_h * (n - 1.0 - k as f64);
            doc.text(xx, ly, line, st, false);
        }
    }
    Ok(doc)
}

fn draw_swatch(doc: &mut SvgDoc, series: &SeriesData, x: f64, cy: f64, swatch: f64, s: f64) {
    let half = 6.0 * s;
    match series.kind {
        SeriesKind::Line if series.dashed => doc.line(
            &[(x, cy), (x + swatch, cy)],
            Stroke::new(series.color, 2.0 * s).dashed(6.0 * s, 4.0 * s),
        ),
        SeriesKind::Line | SeriesKind::Markers => {
            doc.line(
                &[(x, cy), (x + swatch, cy)],
                Stroke::new(series.color, 2.5 * s),
            );
            doc.circle(x + swatch / 2.0, cy, 4.0 * s, Some(series.color), None);
        }
        SeriesKind::Bars => doc.rect(x, cy - half, swatch, 2.0 * half, Some(series.color), None),
        SeriesKind::Band => doc.rect(
            x,
            cy - half,
            swatch,
            2.0 * half,
            Some(series.color.with_alpha(style::BAND_ALPHA)),
            Some(Stroke::new(series.color, 1.5 * s)),
        ),
    }
}
