//! Horizontal bars (a ranking): categories down the left, values along the
//! bottom, the text of each row (value, change, "no data") after its bar.

use crate::charts::{ChartData, SeriesKind};
use crate::export::svg::{HAlign, Stroke, SvgDoc, TextStyle, VAlign, ellipsize, wrap};

use super::plot::draw_marker;
use super::{AXIS, GRID, INK, MUTED, Rect, TooSmall, crisp};

pub(super) fn draw_ranking(
    doc: &mut SvgDoc,
    chart: &ChartData,
    area: Rect,
    s: f64,
) -> Result<(), TooSmall> {
    let px = |v: f64| v * s;
    let n = chart.x_ticks.len().max(1);
    let cat_style = TextStyle::new(px(13.0), INK, HAlign::Right, VAlign::Center);
    let cat_w = chart
        .x_ticks
        .iter()
        .map(|(_, l)| cat_style.width(l))
        .fold(0.0, f64::max)
        .min(area.width() * 0.4);
    let left = area.left + cat_w + px(10.0);
    let right = area.right - px(4.0);
    let (top, bottom) = (area.top, area.bottom - px(22.0));
    if right - left < 40.0 || bottom - top < 20.0 {
        return Err(TooSmall);
    }
    let band = (bottom - top) / n as f64;
    let (v0, v1) = chart.y_range;
    let vspan = if (v1 - v0).abs() > f64::EPSILON {
        v1 - v0
    } else {
        1.0
    };
    let frac = |v: f64| (v.clamp(v0, v1) - v0) / vspan;

    // The text after each bar: value label (if asked) and annotation.
    let label_style = TextStyle::new(px(12.0), INK, HAlign::Left, VAlign::Center);
    let note_style = |c| TextStyle::new(px(12.5), c, HAlign::Left, VAlign::Center);
    let row_text = |i: usize| -> (String, Option<f64>) {
        let mut parts = Vec::new();
        let mut end: Option<f64> = None;
        for series in &chart.series {
            if let Some(p) = series.points.iter().find(|p| (p.x - i as f64).abs() < 1e-9)
                && let Some(v) = p.y
            {
                end = Some(end.map_or(v, |e: f64| e.max(v)));
                if chart.value_labels && series.kind == SeriesKind::Bars {
                    parts.push(p.label.clone());
                }
            }
        }
        for a in &chart.annotations {
            if (a.x - i as f64).abs() < 1e-9 {
                parts.push(a.text.clone());
            }
        }
        (parts.join("  "), end.map(|v| chart.plot_y(v)))
    };
    // Shrink the value axis so the longest bar's text still fits.
    let full = right - left;
    let mut length = full;
    for i in 0..n {
        let (text, end) = row_text(i);
        let f = end.map(frac).unwrap_or(0.0);
        let tw = note_style(INK).width(&text) + px(8.0);
        if f > 0.0 && !text.is_empty() {
            length = length.min((full - tw) / f);
        }
    }
    let length = length.max(full * 0.45);
    let sx = |v: f64| left + frac(v) * length;
    let row_y = |i: f64| top + band * (i + 0.5);

    // Grid and value ticks.
    let tick_style = TextStyle::new(px(13.0), MUTED, HAlign::Center, VAlign::Top);
    let label_w = chart
        .y_ticks
        .iter()
        .map(|(_, l)| tick_style.width(l))
        .fold(0.0, f64::max);
    let spacing = if chart.y_ticks.len() > 1 {
        (sx(chart.y_ticks[1].0) - sx(chart.y_ticks[0].0)).abs()
    } else {
        f64::MAX
    };
    let every = ((label_w + px(8.0)) / spacing.max(1.0)).ceil().max(1.0) as usize;
    for (k, (t, label)) in chart.y_ticks.iter().enumerate() {
        let xx = crisp(sx(*t), s);
        doc.line(&[(xx, top), (xx, bottom)], Stroke::new(GRID, s));
        doc.line(
            &[(xx, bottom), (xx, bottom + px(5.0))],
            Stroke::new(AXIS, s),
        );
        if k % every == 0 {
            doc.text(sx(*t), bottom + px(7.0), label, tick_style, false);
        }
    }
    let (cl, cb) = (crisp(left, s), crisp(bottom, s));
    doc.line(
        &[(cl, top), (cl, cb), (left + length, cb)],
        Stroke::new(AXIS, s),
    );

    // Category labels.
    for (t, label) in &chart.x_ticks {
        let text = ellipsize(label, &cat_style, cat_w);
        doc.text(left - px(6.0), row_y(*t), &text, cat_style, false);
    }
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

    // Bars, then markers on top.
    let base = chart.bar_base();
    for (i, series) in chart.series.iter().enumerate() {
        if series.kind != SeriesKind::Bars {
            continue;
        }
        let (offset, width) = chart.bar_slot(i);
        for p in &series.points {
            let Some(v) = p.y else { continue };
            let yc = row_y(p.x + offset);
            let hh = band * width / 2.0;
            let (xa, xb) = (sx(base), sx(chart.plot_y(v)));
            doc.rect(xa, yc - hh, xb - xa, 2.0 * hh, Some(series.color), None);
        }
    }
    for series in chart
        .series
        .iter()
        .filter(|s| s.kind == SeriesKind::Markers)
    {
        for p in &series.points {
            let Some(v) = p.y else { continue };
            draw_marker(doc, series, sx(chart.plot_y(v)), row_y(p.x), true, s);
        }
    }

    // Row texts.
    for i in 0..n {
        let mut x = match row_text(i).1 {
            Some(end) => sx(end) + px(8.0),
            None => left + px(6.0),
        };
        if chart.value_labels {
            for series in chart.series.iter().filter(|s| s.kind == SeriesKind::Bars) {
                if let Some(p) = series.points.iter().find(|p| (p.x - i as f64).abs() < 1e-9)
                    && p.y.is_some()
                {
                    let text = ellipsize(&p.label, &label_style, (right - x).max(0.0));
                    doc.text(x, row_y(i as f64), &text, label_style, false);
                    x += label_style.width(&text) + px(8.0);
                }
            }
        }
        for a in chart
            .annotations
            .iter()
            .filter(|a| (a.x - i as f64).abs() < 1e-9)
        {
            let st = note_style(a.color);
            let text = ellipsize(&a.text, &st, (right - x).max(0.0));
            if !text.is_empty() {
                doc.text(x, row_y(i as f64), &text, st, false);
                x += st.width(&text) + px(8.0);
            }
        }
    }
    Ok(())
}
