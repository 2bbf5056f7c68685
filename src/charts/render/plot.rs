//! Plots with a horizontal category or time axis: one, or a grid of panels
//! on the same axes (small multiples). Draws "no data" shading, grid and
//! ticks, the series, value labels, annotations and the strip of stated
//! changes under each panel.

use crate::charts::{ChartData, Marker, SeriesData, SeriesKind};
use crate::export::svg::{HAlign, Stroke, SvgDoc, TextStyle, VAlign, ellipsize, wrap};
use crate::style::{self, Rgba};

use super::{AXIS, GRID, INK, MUTED, Rect, TooSmall, WHITE, crisp};

/// Columns for `n` panels in an area of `w` × `h`: panels close to 16:10.
fn grid_columns(n: usize, w: f64, h: f64) -> usize {
    let mut best = (1usize, f64::MAX);
    for cols in 1..=n.max(1) {
        let rows = n.div_ceil(cols);
        let aspect = (w / cols as f64) / (h / rows as f64).max(1.0);
        // Panels near 16:10, and few empty cells.
        let empty = (rows * cols - n.max(1)) as f64;
        let score = (aspect.ln() - 1.6f64.ln()).abs() + 0.3 * empty;
        if score < best.1 {
            best = (cols, score);
        }
    }
    best.0
}

/// Rows of stated changes a panel's strip needs: one per series.
fn strip_series(chart: &ChartData, panel: usize) -> Vec<usize> {
    let mut out: Vec<usize> = Vec::new();
    for c in chart.stated_changes.iter().filter(|c| c.panel == panel) {
        if !out.contains(&c.series) {
            out.push(c.series);
        }
    }
    out
}

pub(super) fn draw_plots(
    doc: &mut SvgDoc,
    chart: &ChartData,
    area: Rect,
    s: f64,
) -> Result<(), TooSmall> {
    let px = |v: f64| v * s;
    let n = chart.panel_count();
    let tick_style = TextStyle::new(px(13.0), MUTED, HAlign::Right, VAlign::Center);
    let tick_w = chart
        .y_ticks
        .iter()
        .map(|(_, l)| tick_style.width(l))
        .fold(0.0, f64::max);
    let inner = Rect {
        left: area.left + tick_w + px(8.0),
        ..area
    };
    let cols = grid_columns(n, inner.width(), inner.height());
    let rows = n.div_ceil(cols);
    let gap_x = if cols > 1 { px(16.0) } else { 0.0 };
    let gap_y = if rows > 1 { px(10.0) } else { 0.0 };
    let cell_w = (inner.width() - gap_x * (cols - 1) as f64) / cols as f64;
    let cell_h = (inner.height() - gap_y * (rows - 1) as f64) / rows as f64;
    // Every panel reserves the same strip, so the plots line up.
    let strip_rows = (0..n)
        .map(|p| strip_series(chart, p).len())
        .max()
        .unwrap_or(0);
    for p in 0..n {
        let (c, r) = (p % cols, p / cols);
        let cell = Rect {
            left: inner.left + c as f64 * (cell_w + gap_x),
            right: inner.left + c as f64 * (cell_w + gap_x) + cell_w,
            top: inner.top + r as f64 * (cell_h + gap_y),
            bottom: inner.top + r as f64 * (cell_h + gap_y) + cell_h,
        };
        draw_panel(doc, chart, p, cell, c == 0, strip_rows, s)?;
    }
    Ok(())
}

fn draw_panel(
    doc: &mut SvgDoc,
    chart: &ChartData,
    panel: usize,
    cell: Rect,
    y_labels: bool,
    strip_rows: usize,
    s: f64,
) -> Result<(), TooSmall> {
    let px = |v: f64| v * s;
    let strip = strip_series(chart, panel);
    let title_h = if chart.panels.is_empty() {
        0.0
    } else {
        px(22.0)
    };
    let strip_head = if strip_rows == 0 { 0.0 } else { px(16.0) };
    let furniture = title_h + px(22.0) + strip_head + px(18.0) * strip_rows as f64;
    // Small panels: shrink their titles, tick labels and strip (down to 55 %)
    // so the plot keeps at least about half the cell.
    let fk = if furniture > cell.height() * 0.5 {
        (cell.height() * 0.5 / furniture).clamp(0.55, 1.0)
    } else {
        1.0
    };
    let title_h = title_h * fk;
    let strip_row = px(18.0) * fk;
    let strip_h = strip_head * fk + strip_row * strip_rows as f64;
    let ticks_h = px(22.0) * fk;
    let plot = Rect {
        left: cell.left,
        right: cell.right - px(8.0),
        top: cell.top + title_h,
        bottom: cell.bottom - ticks_h - strip_h,
    };
    if plot.width() < 20.0 || plot.height() < 20.0 {
        return Err(TooSmall);
    }
    if let Some(title) = chart.panels.get(panel) {
        let st = TextStyle::new(px(14.0) * fk, INK, HAlign::Left, VAlign::Top);
        doc.text(
            plot.left,
            cell.top,
            &ellipsize(title, &st, plot.width()),
            st,
            false,
        );
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
    let sx = |x: f64| plot.left + (x - x0) / xspan * plot.width();
    // Values outside the axis (zero on a log axis) are drawn at its edge.
    let sy = |y: f64| plot.bottom - (y.clamp(y0, y1) - y0) / yspan * plot.height();

    // No data: a shaded year, labelled.
    let nd_style = TextStyle::new(px(11.0), MUTED, HAlign::Center, VAlign::Top);
    for nd in chart.no_data.iter().filter(|n| n.panel == panel) {
        let (a, b) = (
            sx(nd.x - 0.45).max(plot.left),
            sx(nd.x + 0.45).min(plot.right),
        );
        if b <= a {
            continue;
        }
        doc.rect(
            a,
            plot.top,
            b - a,
            plot.height(),
            Some(style::NO_DATA_SHADE),
            None,
        );
        let label = "no data";
        if nd_style.width(label) + px(4.0) <= b - a {
            doc.text((a + b) / 2.0, plot.top + px(4.0), label, nd_style, false);
        } else {
            let st = TextStyle::new(px(11.0), MUTED, HAlign::Right, VAlign::Center);
            doc.text((a + b) / 2.0, plot.top + px(4.0), label, st, true);
        }
    }

    // Grid and ticks.
    let tick_style = TextStyle::new(px(13.0), MUTED, HAlign::Right, VAlign::Center);
    for (t, label) in &chart.y_ticks {
        let yy = crisp(sy(*t), s);
        doc.line(&[(plot.left, yy), (plot.right, yy)], Stroke::new(GRID, s));
        if y_labels {
            doc.text(plot.left - px(6.0), sy(*t), label, tick_style, false);
        }
    }
    let xtick_style = TextStyle::new(
        px(if chart.panels.is_empty() { 13.0 } else { 11.5 }) * fk,
        MUTED,
        HAlign::Center,
        VAlign::Top,
    );
    // Thin out labels that would touch.
    let label_w = chart
        .x_ticks
        .iter()
        .map(|(_, l)| xtick_style.width(l))
        .fold(0.0, f64::max);
    let spacing = if chart.x_ticks.len() > 1 {
        (sx(chart.x_ticks[1].0) - sx(chart.x_ticks[0].0)).abs()
    } else {
        f64::MAX
    };
    let every = ((label_w + px(6.0)) / spacing.max(1.0)).ceil().max(1.0) as usize;
    for (k, (t, label)) in chart.x_ticks.iter().enumerate() {
        let xx = crisp(sx(*t), s);
        doc.line(
            &[(xx, plot.bottom), (xx, plot.bottom + px(5.0) * fk)],
            Stroke::new(AXIS, s),
        );
        if k % every == 0 {
            let text = ellipsize(
                label,
                &xtick_style,
                spacing.min(plot.width()) * every as f64,
            );
            doc.text(
                sx(*t),
                plot.bottom + px(7.0) * fk,
                &text,
                xtick_style,
                false,
            );
        }
    }
    let (cl, cb) = (crisp(plot.left, s), crisp(plot.bottom, s));
    doc.line(
        &[(cl, plot.top), (cl, cb), (plot.right, cb)],
        Stroke::new(AXIS, s),
    );

    if panel == 0
        && let Some(msg) = &chart.empty_message
    {
        let st = TextStyle::new(px(16.0), MUTED, HAlign::Center, VAlign::Center);
        for (i, line) in wrap(msg, &st, plot.width()).iter().enumerate() {
            doc.text(
                (plot.left + plot.right) / 2.0,
                (plot.top + plot.bottom) / 2.0 + px(20.0) * i as f64,
                line,
                st,
                false,
            );
        }
    }

    // Series: bands first, so lines and bars stay on top.
    let base = chart.bar_base();
    let mut order: Vec<usize> = (0..chart.series.len())
        .filter(|&i| chart.series[i].panel == panel)
        .collect();
    order.sort_by_key(|&i| (chart.series[i].kind != SeriesKind::Band) as u8);
    let marks_points = chart.marks_points(panel);
    for i in order {
        let series = &chart.series[i];
        match series.kind {
            SeriesKind::Bars => {
                let (offset, width) = chart.bar_slot(i);
                for p in &series.points {
                    let Some(v) = p.y else { continue };
                    let xa = sx(p.x + offset - width / 2.0);
                    let xb = sx(p.x + offset + width / 2.0);
                    let ya = sy(chart.plot_y(v));
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
                    if marks_points {
                        for &(x, y) in run {
                            point_marker(doc, series, x, y, s);
                        }
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
    if chart.value_labels {
        let label_style = TextStyle::new(px(12.0), INK, HAlign::Center, VAlign::Bottom);
        for (i, series) in chart
            .series
            .iter()
            .enumerate()
            .filter(|(_, s)| s.panel == panel)
        {
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
    for a in chart.annotations.iter().filter(|a| a.panel == panel) {
        let st = TextStyle::new(px(13.0), a.color, HAlign::Center, VAlign::Bottom);
        let max_w = (plot.width() - px(8.0)).max(px(20.0));
        let lines = wrap(&a.text, &st, max_w);
        let tw = lines.iter().map(|l| st.width(l)).fold(0.0, f64::max);
        let (lo, hi) = (
            plot.left + tw / 2.0 + px(2.0),
            plot.right - tw / 2.0 - px(2.0),
        );
        let xx = if lo <= hi {
            sx(a.x).clamp(lo, hi)
        } else {
            (plot.left + plot.right) / 2.0
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
        let yy = (match a.y {
            Some(v) => sy(chart.plot_y(v)) - px(if chart.value_labels { 24.0 } else { 8.0 }),
            None => plot.bottom - px(6.0),
        } - f64::from(level) * px(18.0))
        .max(plot.top + line_h * n);
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

    // The strip of stated changes: off the value axis, one row per series.
    if !strip.is_empty() {
        let top = plot.bottom + ticks_h;
        let head = TextStyle::new(px(11.0) * fk, MUTED, HAlign::Left, VAlign::Top);
        doc.text(
            plot.left,
            top + px(2.0),
            &ellipsize(
                "Stated change, no amount (base not stated):",
                &head,
                plot.width(),
            ),
            head,
            false,
        );
        let st = TextStyle::new(px(11.5) * fk, INK, HAlign::Left, VAlign::Center);
        for (row, &si) in strip.iter().enumerate() {
            let cy = top + px(16.0) * fk + strip_row * (row as f64 + 0.5);
            let Some(series) = chart.series.get(si) else {
                continue;
            };
            let mut marks: Vec<_> = chart
                .stated_changes
                .iter()
                .filter(|c| c.panel == panel && c.series == si)
                .collect();
            marks.sort_by(|a, b| a.x.total_cmp(&b.x));
            for (k, c) in marks.iter().enumerate() {
                let xx = sx(c.x).max(plot.left + px(6.0)).min(plot.right - px(6.0));
                draw_change_marker(doc, xx, cy, c.change_percent, series.color, s * fk);
                let next = marks
                    .get(k + 1)
                    .map(|n| sx(n.x) - px(10.0))
                    .unwrap_or(plot.right)
                    .min(doc.width());
                let prev = if k == 0 {
                    plot.left
                } else {
                    sx(marks[k - 1].x) + px(10.0)
                };
                let name = series
                    .name
                    .split(": ")
                    .next()
                    .unwrap_or(series.name.as_str());
                let full = format!("{} {}", c.text, name);
                let (room_right, room_left) = (next - xx - px(10.0), xx - prev - px(10.0));
                if st.width(&full) <= room_right || room_right >= room_left {
                    let text = ellipsize(&full, &st, room_right.max(0.0));
                    if !text.is_empty() {
                        doc.text(xx + px(9.0), cy, &text, st, false);
                    }
                } else {
                    let left_st = TextStyle {
                        h: HAlign::Right,
                        ..st
                    };
                    let text = ellipsize(&full, &left_st, room_left.max(0.0));
                    if !text.is_empty() {
                        doc.text(xx - px(9.0), cy, &text, left_st, false);
                    }
                }
            }
        }
    }
    Ok(())
}

/// A line's point: filled (hollow for a printed reading), circle or square.
pub(super) fn point_marker(doc: &mut SvgDoc, series: &SeriesData, x: f64, y: f64, s: f64) {
    let (fill, stroke, r) = if series.dashed {
        (WHITE, Some(Stroke::new(series.color, 1.5 * s)), 3.5 * s)
    } else {
        (series.color, None, 4.0 * s)
    };
    match series.marker {
        Marker::Circle => doc.circle(x, y, r, Some(fill), stroke),
        Marker::Square => {
            let h = r * 0.9;
            doc.rect(x - h, y - h, 2.0 * h, 2.0 * h, Some(fill), stroke);
        }
    }
}

/// An up or down triangle: the direction of a stated change.
fn draw_change_marker(doc: &mut SvgDoc, x: f64, cy: f64, change: f64, color: Rgba, s: f64) {
    let r = 5.5 * s;
    let pts = if change >= 0.0 {
        vec![
            (x - r, cy + r * 0.8),
            (x + r, cy + r * 0.8),
            (x, cy - r * 0.9),
        ]
    } else {
        vec![
            (x - r, cy - r * 0.8),
            (x + r, cy - r * 0.8),
            (x, cy + r * 0.9),
        ]
    };
    doc.polygon(&pts, Some(color), None);
}

/// A marker series' symbol (legend size): a bound (horizontal dash and dot)
/// on a vertical value axis; a compared year (vertical tick, hollow dot) on
/// a ranking.
pub(super) fn draw_marker(
    doc: &mut SvgDoc,
    series: &SeriesData,
    x: f64,
    y: f64,
    on_ranking: bool,
    s: f64,
) {
    if on_ranking {
        doc.line(
            &[(x, y - 9.0 * s), (x, y + 9.0 * s)],
            Stroke::new(series.color, 2.5 * s),
        );
        doc.circle(
            x,
            y,
            3.5 * s,
            Some(WHITE),
            Some(Stroke::new(series.color, 2.0 * s)),
        );
    } else {
        doc.line(
            &[(x - 12.0 * s, y), (x + 12.0 * s, y)],
            Stroke::new(series.color, 2.5 * s),
        );
        doc.circle(x, y, 5.0 * s, Some(series.color), None);
    }
}
