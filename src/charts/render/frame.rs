//! The page around the plot: title, subtitle, legend, source line, axis
//! titles. Returns the area left for the plot(s).

use crate::charts::{ChartData, SeriesData, SeriesKind};
use crate::export::svg::{HAlign, Stroke, SvgDoc, TextStyle, VAlign, ellipsize, wrap};
use crate::style;

use super::{FAINT, INK, MUTED, Rect};

/// At most `max` lines; the last one kept ends with "…" when lines were cut.
fn cap_lines(mut lines: Vec<String>, max: usize, style: &TextStyle, width: f64) -> Vec<String> {
    let max = max.max(1);
    if lines.len() > max {
        let rest = lines.split_off(max - 1).join(" ");
        lines.push(ellipsize(&format!("{rest} …"), style, width));
        if let Some(last) = lines.last_mut()
            && !last.ends_with('…')
        {
            last.push('…');
        }
    }
    lines
}

/// Draw the page; returns the plot area (axis titles sit outside it).
pub(super) fn draw_frame(doc: &mut SvgDoc, chart: &ChartData, s: f64) -> Rect {
    let (w, h) = (doc.width(), doc.height());
    let px = |v: f64| v * s;
    let pad = px(18.0);
    let text_w = (w - 2.0 * pad).max(px(10.0));
    // Lines of text may take at most about a fifth of the height each.
    let fits = |line_h: f64, share: f64| ((h * share) / line_h).floor().max(1.0) as usize;

    let title_style = TextStyle::new(px(24.0), INK, HAlign::Left, VAlign::Top);
    let mut y = pad;
    let title = cap_lines(
        wrap(&chart.title, &title_style, text_w),
        fits(px(30.0), 0.15),
        &title_style,
        text_w,
    );
    for line in title {
        doc.text(pad, y, &line, title_style, false);
        y += px(30.0);
    }
    y += px(2.0);
    let sub_style = TextStyle::new(px(14.0), MUTED, HAlign::Left, VAlign::Top);
    let sub = cap_lines(
        wrap(&chart.subtitle, &sub_style, text_w),
        fits(px(18.0), 0.15),
        &sub_style,
        text_w,
    );
    for line in sub {
        doc.text(pad, y, &line, sub_style, false);
        y += px(18.0);
    }
    let plot_top = y + px(14.0);

    // Source line(s) at the bottom.
    let src_style = TextStyle::new(px(12.0), FAINT, HAlign::Left, VAlign::Top);
    let src_lines = cap_lines(
        wrap(&chart.source_line, &src_style, text_w),
        fits(px(16.0), 0.12),
        &src_style,
        text_w,
    );
    let src_top = h - pad - px(16.0) * src_lines.len() as f64;
    for (i, line) in src_lines.iter().enumerate() {
        doc.text(pad, src_top + px(16.0) * i as f64, line, src_style, false);
    }

    // Legend rows above the source; at most a fifth of the height, the
    // rest summarised.
    let leg_style = TextStyle::new(px(14.0), INK, HAlign::Left, VAlign::Center);
    let swatch = px(24.0);
    let row_h = px(22.0);
    let max_rows = fits(row_h, 0.2);
    let entries = chart.legend();
    let mut rows: Vec<Vec<(usize, f64)>> = vec![vec![]];
    let mut x = pad;
    let mut left_out = 0usize;
    for &i in &entries {
        let series = &chart.series[i];
        let name_w = leg_style
            .width(&series.legend_name)
            .min(text_w - swatch - px(6.0))
            .max(0.0);
        let width = swatch + px(6.0) + name_w + px(20.0);
        if x + width > w - pad && !rows.last().is_some_and(|r| r.is_empty()) {
            if rows.len() == max_rows {
                left_out += 1;
                continue;
            }
            rows.push(vec![]);
            x = pad;
        }
        if let Some(row) = rows.last_mut() {
            row.push((i, x));
        }
        x += width;
    }
    let legend_top = src_top - px(8.0) - row_h * rows.len() as f64;
    for (r, row) in rows.iter().enumerate() {
        let cy = legend_top + row_h * r as f64 + row_h / 2.0;
        for &(i, x) in row {
            let series = &chart.series[i];
            draw_swatch(doc, series, x, cy, swatch, chart.horizontal, s);
            let name = ellipsize(&series.legend_name, &leg_style, text_w - swatch - px(6.0));
            doc.text(x + swatch + px(6.0), cy, &name, leg_style, false);
        }
    }
    if left_out > 0 {
        let st = TextStyle::new(px(12.0), MUTED, HAlign::Right, VAlign::Center);
        doc.text(
            w - pad,
            legend_top - px(8.0),
            &format!("and {left_out} more series (see the data export)"),
            st,
            false,
        );
    }

    // Axis titles: the value axis runs along the bottom of a ranking.
    let axis_style = TextStyle::new(px(14.0), INK, HAlign::Center, VAlign::Bottom);
    let bottom_title = if chart.horizontal {
        &chart.y_label
    } else {
        &chart.x_label
    };
    let area_bottom = legend_top - px(12.0);
    let has_bottom_title = !bottom_title.is_empty();
    if has_bottom_title {
        let t = ellipsize(bottom_title, &axis_style, text_w);
        doc.text(w / 2.0, area_bottom, &t, axis_style, false);
    }
    let side_title = if chart.horizontal {
        &chart.x_label
    } else {
        &chart.y_label
    };
    let left = if side_title.is_empty() {
        pad
    } else {
        let st = TextStyle::new(px(14.0), INK, HAlign::Center, VAlign::Top);
        let avail = (area_bottom - plot_top).max(px(10.0));
        let t = ellipsize(side_title, &st, avail);
        doc.text(pad, (plot_top + area_bottom) / 2.0, &t, st, true);
        pad + px(24.0)
    };
    Rect {
        left,
        right: w - pad,
        top: plot_top,
        bottom: area_bottom - if has_bottom_title { px(22.0) } else { 0.0 },
    }
}

fn draw_swatch(
    doc: &mut SvgDoc,
    series: &SeriesData,
    x: f64,
    cy: f64,
    swatch: f64,
    ranking: bool,
    s: f64,
) {
    let half = 6.0 * s;
    match series.kind {
        SeriesKind::Line if series.dashed => {
            doc.line(
                &[(x, cy), (x + swatch, cy)],
                Stroke::new(series.color, 2.0 * s).dashed(6.0 * s, 4.0 * s),
            );
            super::plot::point_marker(doc, series, x + swatch / 2.0, cy, s);
        }
        SeriesKind::Line => {
            doc.line(
                &[(x, cy), (x + swatch, cy)],
                Stroke::new(series.color, 2.5 * s),
            );
            super::plot::point_marker(doc, series, x + swatch / 2.0, cy, s);
        }
        SeriesKind::Markers => {
            super::plot::draw_marker(doc, series, x + swatch / 2.0, cy, ranking, s)
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
