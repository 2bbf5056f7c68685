//! The chart on screen: title, legend, one plot or a grid of panels (egui_plot),
//! the strip of stated changes under a plot, the source line, hover
//! tooltips, and the shown timeline year as a vertical line.

use egui::{Align2, Color32, RichText, Sense, Stroke, Ui};
use egui_plot::{
    Bar, BarChart, GridMark, Line, LineStyle, MarkerShape, Plot, PlotBounds, PlotPoint, PlotPoints,
    PlotResponse, PlotTransform, Points, Polygon, Span, Text, VLine,
};

use crate::app::style_egui::color;
use crate::charts::{ChartData, Marker, SeriesData, SeriesKind, XAxis};
use crate::style;

/// What the pointer did on the chart this frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ViewResponse {
    /// The year under the pointer on a time axis.
    pub hovered_year: Option<i32>,
    /// A year clicked on a time axis.
    pub clicked_year: Option<i32>,
}

/// Columns for `n` panels in an area of `w` × `h` (panels close to 16:10).
fn grid_columns(n: usize, w: f32, h: f32) -> usize {
    let mut best = (1usize, f32::MAX);
    for cols in 1..=n.max(1) {
        let rows = n.div_ceil(cols);
        let aspect = (w / cols as f32) / (h / rows as f32).max(1.0);
        let empty = (rows * cols - n.max(1)) as f32;
        let score = (aspect.ln() - 1.6f32.ln()).abs() + 0.3 * empty;
        if score < best.1 {
            best = (cols, score);
        }
    }
    best.0
}

/// The series drawn in a legend swatch.
fn swatch(ui: &mut Ui, series: &SeriesData, ranking: bool) {
    let (rect, _) = ui.allocate_exact_size(egui::vec2(24.0, 14.0), Sense::hover());
    let p = ui.painter();
    let c = color(series.color);
    let (l, r, cy) = (rect.left(), rect.right(), rect.center().y);
    match series.kind {
        SeriesKind::Line if series.dashed => {
            for k in 0..3 {
                let x = l + k as f32 * 9.0;
                p.line_segment(
                    [egui::pos2(x, cy), egui::pos2(x + 5.0, cy)],
                    Stroke::new(2.0, c),
                );
            }
        }
        SeriesKind::Line => {
            p.line_segment([egui::pos2(l, cy), egui::pos2(r, cy)], Stroke::new(2.5, c));
            match series.marker {
                Marker::Circle => {
                    p.circle_filled(rect.center(), 4.0, c);
                }
                Marker::Square => {
                    p.rect_filled(
                        egui::Rect::from_center_size(rect.center(), egui::vec2(7.0, 7.0)),
                        0.0,
                        c,
                    );
                }
            }
        }
        SeriesKind::Markers if ranking => {
            p.line_segment(
                [
                    egui::pos2(rect.center().x, rect.top()),
                    egui::pos2(rect.center().x, rect.bottom()),
                ],
                Stroke::new(2.5, c),
            );
            p.circle(rect.center(), 3.5, Color32::WHITE, Stroke::new(2.0, c));
        }
        SeriesKind::Markers => {
            p.line_segment([egui::pos2(l, cy), egui::pos2(r, cy)], Stroke::new(2.5, c));
            p.circle_filled(rect.center(), 5.0, c);
        }
        SeriesKind::Bars => {
            p.rect_filled(rect.shrink2(egui::vec2(0.0, 1.0)), 0.0, c);
        }
        SeriesKind::Band => {
            let r = rect.shrink2(egui::vec2(0.0, 1.0));
            p.rect_filled(r, 0.0, color(series.color.with_alpha(style::BAND_ALPHA)));
            p.rect_stroke(r, 0.0, Stroke::new(1.5, c), egui::StrokeKind::Inside);
        }
    }
}

/// The legend: one entry per series name, as in the exported image.
fn legend(ui: &mut Ui, chart: &ChartData) {
    ui.horizontal_wrapped(|ui| {
        for i in chart.legend() {
            let series = &chart.series[i];
            // Keep a swatch with its name: start a new row when both do not fit.
            let galley = ui.painter().layout_no_wrap(
                series.legend_name.clone(),
                egui::TextStyle::Body.resolve(ui.style()),
                Color32::PLACEHOLDER,
            );
            let needed = 24.0 + ui.spacing().item_spacing.x + galley.size().x;
            if ui.available_size_before_wrap().x < needed && ui.min_rect().width() > 0.0 {
                ui.end_row();
            }
            swatch(ui, series, chart.horizontal);
            ui.add(egui::Label::new(&series.legend_name).wrap_mode(egui::TextWrapMode::Truncate));
            ui.add_space(10.0);
        }
    });
}

/// The chart drawn with egui_plot, with hover tooltips from `ChartData`;
/// `shown_year` (the timeline year) is drawn as a vertical line.
pub fn chart_view(ui: &mut Ui, chart: &ChartData, shown_year: Option<i32>) -> ViewResponse {
    ui.heading(&chart.title);
    if !chart.subtitle.is_empty() {
        ui.weak(&chart.subtitle);
    }
    legend(ui, chart);
    let source_height = 36.0;
    let avail = ui.available_size();
    ui.ctx().data_mut(|d| {
        d.insert_temp(
            egui::Id::unique("charts_plot_size"),
            egui::vec2(avail.x.max(200.0), avail.y.max(200.0) + 90.0),
        )
    });
    let mut out = ViewResponse::default();
    let height = (avail.y - source_height).max(160.0);
    let n = chart.panel_count();
    if chart.panels.is_empty() {
        let strip_h = strip_height(chart, 0);
        let r = panel_plot(
            ui,
            chart,
            0,
            avail.x,
            (height - strip_h).max(120.0),
            shown_year,
            true,
        );
        merge(&mut out, r);
    } else {
        let cols = grid_columns(n, avail.x, height);
        let rows = n.div_ceil(cols);
        let cell_w = (avail.x - 8.0 * (cols - 1) as f32) / cols as f32;
        let cell_h = (height / rows as f32).max(120.0);
        // Every panel reserves the tallest strip, so the plots line up.
        let strip_h = (0..n).map(|p| strip_height(chart, p)).fold(0.0, f32::max);
        egui::ScrollArea::vertical()
            .max_height(height)
            .show(ui, |ui| {
                egui::Grid::new(("chart-panels", chart.id.id()))
                    .spacing([8.0, 4.0])
                    .show(ui, |ui| {
                        for p in 0..n {
                            ui.vertical(|ui| {
                                ui.set_width(cell_w);
                                ui.strong(chart.panels.get(p).map_or("", String::as_str));
                                let r = panel_plot(
                                    ui,
                                    chart,
                                    p,
                                    cell_w,
                                    (cell_h - 24.0 - strip_h).max(80.0),
                                    shown_year,
                                    p % cols == 0,
                                );
                                merge(&mut out, r);
                            });
                            if p % cols == cols - 1 {
                                ui.end_row();
                            }
                        }
                    });
            });
    }
    ui.add(egui::Label::new(RichText::new(&chart.source_line).small().weak()).wrap());
    out
}

fn merge(out: &mut ViewResponse, r: ViewResponse) {
    out.hovered_year = out.hovered_year.or(r.hovered_year);
    out.clicked_year = out.clicked_year.or(r.clicked_year);
}

fn strip_height(chart: &ChartData, panel: usize) -> f32 {
    let rows = strip_series(chart, panel).len();
    if rows == 0 {
        0.0
    } else {
        16.0 + 18.0 * rows as f32
    }
}

fn strip_series(chart: &ChartData, panel: usize) -> Vec<usize> {
    let mut out: Vec<usize> = Vec::new();
    for c in chart.stated_changes.iter().filter(|c| c.panel == panel) {
        if !out.contains(&c.series) {
            out.push(c.series);
        }
    }
    out
}

/// Category `i` of a ranking, top to bottom, as a plot y.
fn rank_y(chart: &ChartData, i: f64) -> f64 {
    chart.x_ticks.len().max(1) as f64 - 1.0 - i
}

fn panel_plot(
    ui: &mut Ui,
    chart: &ChartData,
    panel: usize,
    width: f32,
    height: f32,
    shown_year: Option<i32>,
    axis_titles: bool,
) -> ViewResponse {
    let horizontal = chart.horizontal;
    // Category/time ticks and value ticks, in plot coordinates.
    let cat_ticks: Vec<(f64, String)> = if horizontal {
        chart
            .x_ticks
            .iter()
            .map(|(x, l)| (rank_y(chart, *x), l.clone()))
            .collect()
    } else {
        chart.x_ticks.clone()
    };
    let val_ticks = chart.y_ticks.clone();
    let step = |t: &[(f64, String)]| {
        if t.len() > 1 {
            (t[1].0 - t[0].0).abs()
        } else {
            1.0
        }
    };
    let (cat_step, val_step) = (step(&cat_ticks), step(&val_ticks));
    let (h_ticks, v_ticks, h_step, v_step) = if horizontal {
        (val_ticks, cat_ticks, val_step, cat_step)
    } else {
        (cat_ticks, val_ticks, cat_step, val_step)
    };
    let (h_ticks2, v_ticks2) = (h_ticks.clone(), v_ticks.clone());
    // Many years (50 at 100× the data) are closer than a label: egui_plot
    // then labels none. Give every 5th and 10th tick a larger step (nested,
    // so shown labels never overlap), and they keep their labels as room
    // allows. Sparse axes keep one step.
    let dense_years = !horizontal
        && chart.x_axis == XAxis::Years
        && h_step * f64::from(width) / (chart.x_range.1 - chart.x_range.0).abs().max(1e-9) < 30.0;
    let year_step = move |v: f64| -> f64 {
        if !dense_years {
            return h_step;
        }
        let k = (v / h_step).round() as i64;
        [10, 5]
            .into_iter()
            .find(|m| k % m == 0)
            .map_or(h_step, |m| m as f64 * h_step)
    };
    let v_eps = (chart.y_range.1 - chart.y_range.0).abs().max(1.0) * 1e-6;
    let (x0, x1) = chart.x_range;
    let (y0, y1) = chart.y_range;
    let bounds = if horizontal {
        // Room after the bars for their value labels; the row texts sit
        // above the bars.
        let room = if chart.value_labels {
            0.15 * (y1 - y0)
        } else {
            0.0
        };
        PlotBounds::from_min_max(
            [y0, -0.6],
            [y1 + room, chart.x_ticks.len().max(1) as f64 - 0.4],
        )
    } else {
        PlotBounds::from_min_max([x0, y0], [x1, y1])
    };
    let (h_title, v_title) = if horizontal {
        (chart.y_label.clone(), String::new())
    } else {
        (chart.x_label.clone(), chart.y_label.clone())
    };
    let mut plot = Plot::new(("chart", chart.id.id(), panel))
        .show_grid(egui::Vec2b::new(true, !horizontal))
        .width(width)
        .height(height)
        .allow_zoom(false)
        .allow_drag(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .allow_double_click_reset(false)
        .show_x(false)
        .show_y(false)
        .x_grid_spacer(move |_| {
            h_ticks
                .iter()
                .map(|(v, _)| GridMark {
                    value: *v,
                    step_size: year_step(*v),
                })
                .collect()
        })
        .y_grid_spacer(move |_| {
            v_ticks
                .iter()
                .map(|(v, _)| GridMark {
                    value: *v,
                    step_size: v_step,
                })
                .collect()
        })
        // Year ticks are ~50 px apart: allow labels closer than egui_plot's
        // default 60 px, or the x axis would show no years at all.
        .custom_x_axes(vec![
            egui_plot::AxisHints::new_x()
                .label(if axis_titles || !chart.panels.is_empty() {
                    h_title
                } else {
                    String::new()
                })
                .label_spacing(24.0..=36.0)
                .formatter(move |m, _| {
                    h_ticks2
                        .iter()
                        .find(|(t, _)| (t - m.value).abs() < 1e-6 * h_step.max(1.0))
                        .map(|(_, l)| l.clone())
                        .unwrap_or_default()
                }),
        ])
        .custom_y_axes(vec![
            egui_plot::AxisHints::new_y()
                .label(if axis_titles { v_title } else { String::new() })
                .label_spacing(14.0..=24.0)
                .formatter(move |m, _| {
                    v_ticks2
                        .iter()
                        .find(|(t, _)| (t - m.value).abs() <= v_eps.max(1e-9))
                        .map(|(_, l)| l.clone())
                        .unwrap_or_default()
                }),
        ]);
    if !horizontal {
        let longest = chart
            .y_ticks
            .iter()
            .map(|(_, l)| l.chars().count())
            .max()
            .unwrap_or(0);
        plot = plot.y_axis_min_width(longest as f32 * 7.5 + 6.0);
    }
    if horizontal {
        let longest = chart
            .x_ticks
            .iter()
            .map(|(_, l)| l.chars().count())
            .max()
            .unwrap_or(0);
        plot = plot.y_axis_min_width((longest as f32 * 6.5).min(width * 0.4));
    }

    let base = chart.bar_base();
    let response = plot.show(ui, |pui| {
        pui.set_plot_bounds(bounds);
        // No data: a shaded year with its label, never a zero.
        for nd in chart.no_data.iter().filter(|n| n.panel == panel) {
            // The span writes its name ("no data") at its top.
            pui.span(
                Span::new("no data", (nd.x - 0.45)..=(nd.x + 0.45))
                    .fill(color(style::NO_DATA_SHADE))
                    .border_width(0.0),
            );
        }
        let marks_points = chart.marks_points(panel);
        for (i, s) in chart
            .series
            .iter()
            .enumerate()
            .filter(|(_, s)| s.panel == panel)
        {
            draw_series(pui, chart, i, s, base, marks_points);
        }
        // Annotations.
        for a in chart.annotations.iter().filter(|a| a.panel == panel) {
            if horizontal {
                // Above the row's bar, from the start of the value axis, so
                // long texts keep the plot's whole width.
                pui.text(
                    Text::new(
                        "",
                        PlotPoint::new(y0, rank_y(chart, a.x) + 0.5),
                        RichText::new(format!(" {}", a.text)).size(12.5),
                    )
                    .anchor(Align2::LEFT_TOP)
                    .color(color(a.color)),
                );
                continue;
            }
            let y = a.y.map(|v| chart.plot_y(v)).unwrap_or(y0);
            pui.text(
                Text::new(
                    "",
                    PlotPoint::new(a.x, y),
                    RichText::new(if chart.value_labels && a.y.is_some() {
                        format!("{}\n\n", a.text)
                    } else {
                        format!("{}\n", a.text)
                    })
                    .size(13.0),
                )
                .anchor(Align2::CENTER_BOTTOM)
                .color(color(a.color)),
            );
        }
        // The timeline year.
        if let Some(y) = shown_year
            && !horizontal
            && chart.x_axis == XAxis::Years
            && (x0..=x1).contains(&f64::from(y))
        {
            pui.vline(
                VLine::new("shown year", f64::from(y))
                    .color(color(style::YEAR_MARKER))
                    .width(1.5)
                    .style(LineStyle::dashed_dense()),
            );
            pui.text(
                Text::new(
                    "",
                    PlotPoint::new(f64::from(y), y1),
                    RichText::new(y.to_string()).strong(),
                )
                .anchor(Align2::LEFT_TOP)
                .color(color(style::YEAR_MARKER)),
            );
        }
    });
    let title = match chart.panels.get(panel) {
        Some(p) => format!("{}: {p}", chart.title),
        None => chart.title.clone(),
    };
    response.response.widget_info(|| {
        egui::WidgetInfo::labeled(egui::Role::Figure, true, format!("Plot: {title}"))
    });
    if let Some(msg) = chart.empty_message.as_ref().filter(|_| panel == 0) {
        ui.painter().text(
            response.response.rect.center(),
            Align2::CENTER_CENTER,
            msg,
            egui::FontId::proportional(15.0),
            ui.visuals().weak_text_color(),
        );
    }
    let mut out = ViewResponse::default();
    if let Some(pos) = response.response.hover_pos() {
        if chart.x_axis == XAxis::Years && !horizontal {
            let x = response.transform.value_from_position(pos).x;
            let year = x.round();
            if (x0..=x1).contains(&year) {
                out.hovered_year = Some(year as i32);
                if response.response.clicked() {
                    out.clicked_year = Some(year as i32);
                }
            }
        }
        let t = response.transform;
        let hit = hover_text(
            chart,
            panel,
            |x, y| to_screen(&t, horizontal, chart, x, y),
            pos,
        );
        if let Some(text) = hit {
            response.response.clone().on_hover_ui_at_pointer(|ui| {
                ui.set_max_width(420.0);
                ui.label(text);
            });
        }
    }
    strip(ui, chart, panel, &response);
    out
}

/// (category or year, value) → screen, for either orientation.
fn to_screen(t: &PlotTransform, horizontal: bool, chart: &ChartData, x: f64, y: f64) -> egui::Pos2 {
    if horizontal {
        t.position_from_point(&PlotPoint::new(y, rank_y(chart, x)))
    } else {
        t.position_from_point(&PlotPoint::new(x, y))
    }
}

fn draw_series(
    pui: &mut egui_plot::PlotUi,
    chart: &ChartData,
    i: usize,
    s: &SeriesData,
    base: f64,
    marks_points: bool,
) {
    let c = color(s.color);
    let horizontal = chart.horizontal;
    // Plot coordinates of (x, plotted value).
    let at = |x: f64, v: f64| -> [f64; 2] {
        if horizontal {
            [v, rank_y(chart, x)]
        } else {
            [x, v]
        }
    };
    match s.kind {
        SeriesKind::Line => {
            let mut runs: Vec<Vec<[f64; 2]>> = vec![vec![]];
            for p in &s.points {
                match p.y {
                    Some(v) => {
                        if let Some(r) = runs.last_mut() {
                            r.push(at(p.x, chart.plot_y(v)));
                        }
                    }
                    None => runs.push(vec![]),
                }
            }
            for run in runs.into_iter().filter(|r| !r.is_empty()) {
                let mut line = Line::new(s.name.clone(), PlotPoints::from(run.clone()))
                    .color(c)
                    .width(2.5);
                if s.dashed {
                    line = line.style(LineStyle::dashed_loose());
                }
                pui.line(line);
                if !marks_points {
                    continue;
                }
                pui.points(
                    Points::new(s.name.clone(), PlotPoints::from(run))
                        .color(c)
                        .shape(match s.marker {
                            Marker::Circle => MarkerShape::Circle,
                            Marker::Square => MarkerShape::Square,
                        })
                        .radius(if s.dashed { 3.5 } else { 4.0 })
                        .filled(!s.dashed),
                );
            }
        }
        SeriesKind::Bars => {
            let (offset, width) = chart.bar_slot(i);
            let bars: Vec<Bar> = s
                .points
                .iter()
                .filter_map(|p| {
                    p.y.map(|v| {
                        let arg = if horizontal {
                            rank_y(chart, p.x + offset)
                        } else {
                            p.x + offset
                        };
                        Bar::new(arg, chart.plot_y(v) - base)
                            .base_offset(base)
                            // On a ranking, leave the top of each row for its text.
                            .width(if horizontal { width * 0.6 } else { width })
                            .fill(c)
                            .stroke(Stroke::NONE)
                    })
                })
                .collect();
            if !bars.is_empty() {
                let mut chart_item = BarChart::new(s.name.clone(), bars)
                    .color(c)
                    .allow_hover(false);
                if horizontal {
                    chart_item = chart_item.horizontal();
                }
                pui.bar_chart(chart_item);
            }
        }
        SeriesKind::Band => {
            let fill = color(s.color.with_alpha(style::BAND_ALPHA));
            for p in &s.points {
                if let Some((a, b)) = p.range {
                    let (a, b) = (chart.plot_y(a), chart.plot_y(b));
                    let pts = vec![
                        [p.x - 0.3, a],
                        [p.x + 0.3, a],
                        [p.x + 0.3, b],
                        [p.x - 0.3, b],
                    ];
                    pui.polygon(
                        Polygon::new(s.name.clone(), PlotPoints::from(pts))
                            .fill_color(fill)
                            .stroke(Stroke::new(1.5, c)),
                    );
                }
            }
        }
        SeriesKind::Markers => {
            let pts: Vec<[f64; 2]> = s
                .points
                .iter()
                .filter_map(|p| p.y.map(|v| at(p.x, chart.plot_y(v))))
                .collect();
            if !pts.is_empty() {
                let (shape, filled) = if horizontal {
                    (MarkerShape::Diamond, false)
                } else {
                    (MarkerShape::Circle, true)
                };
                pui.points(
                    Points::new(s.name.clone(), PlotPoints::from(pts))
                        .color(c)
                        .shape(shape)
                        .radius(6.0)
                        .filled(filled),
                );
            }
        }
    }
    if chart.value_labels {
        for p in &s.points {
            let top = match (p.range, p.y) {
                (Some((_, b)), _) => b,
                (None, Some(v)) => v,
                _ => continue,
            };
            if horizontal {
                if s.kind != SeriesKind::Bars {
                    continue;
                }
                let at = at(chart.point_x(i, p.x), chart.plot_y(top));
                pui.text(
                    Text::new(
                        "",
                        PlotPoint::new(at[0], at[1] + 0.3),
                        RichText::new(&p.label).size(12.0),
                    )
                    .anchor(Align2::RIGHT_BOTTOM)
                    .color(Color32::DARK_GRAY),
                );
                continue;
            }
            pui.text(
                Text::new(
                    "",
                    PlotPoint::new(chart.point_x(i, p.x), chart.plot_y(top)),
                    RichText::new(format!("{}\n", p.label)).size(12.0),
                )
                .anchor(Align2::CENTER_BOTTOM)
                .color(Color32::DARK_GRAY),
            );
        }
    }
}

/// The strip of stated changes under a plot: a triangle (up or down) and the
/// change at its year, with the full reading on hover. Nothing sits on the
/// value axis.
fn strip(ui: &mut Ui, chart: &ChartData, panel: usize, plot: &PlotResponse<()>) {
    let rows = strip_series(chart, panel);
    if rows.is_empty() {
        return;
    }
    let plot_rect = plot.response.rect;
    let height = strip_height(chart, panel);
    let (rect, response) =
        ui.allocate_exact_size(egui::vec2(plot_rect.width(), height), Sense::hover());
    let painter = ui.painter_at(rect);
    painter.text(
        egui::pos2(rect.left() + 2.0, rect.top() + 1.0),
        Align2::LEFT_TOP,
        "Stated change, no amount (base not stated):",
        egui::FontId::proportional(11.0),
        ui.visuals().weak_text_color(),
    );
    let mut hover: Option<String> = None;
    let pointer = response.hover_pos();
    for (row, &si) in rows.iter().enumerate() {
        let Some(series) = chart.series.get(si) else {
            continue;
        };
        let cy = rect.top() + 16.0 + 18.0 * (row as f32 + 0.5);
        let c = color(series.color);
        for ch in chart
            .stated_changes
            .iter()
            .filter(|c| c.panel == panel && c.series == si)
        {
            let x = plot
                .transform
                .position_from_point(&PlotPoint::new(ch.x, chart.y_range.0))
                .x
                // Not `clamp`: a strip narrower than 12 points (small window,
                // many panels) would make it panic (found by the monkey test).
                .max(rect.left() + 6.0)
                .min(rect.right() - 6.0);
            let r = 5.5;
            let pts = if ch.change_percent >= 0.0 {
                vec![
                    egui::pos2(x - r, cy + r * 0.8),
                    egui::pos2(x + r, cy + r * 0.8),
                    egui::pos2(x, cy - r * 0.9),
                ]
            } else {
                vec![
                    egui::pos2(x - r, cy - r * 0.8),
                    egui::pos2(x + r, cy - r * 0.8),
                    egui::pos2(x, cy + r * 0.9),
                ]
            };
            painter.add(egui::Shape::convex_polygon(pts, c, Stroke::NONE));
            let name = series.name.split(": ").next().unwrap_or(&series.name);
            let galley = painter.layout_no_wrap(
                format!("{} {name}", ch.text),
                egui::FontId::proportional(11.5),
                ui.visuals().text_color(),
            );
            // After the marker, or before it where the strip ends too soon.
            let w = galley.size().x;
            let left = if x + 9.0 + w > rect.right() && x - 9.0 - w >= rect.left() {
                x - 9.0 - w
            } else {
                x + 9.0
            };
            let text_rect = egui::Rect::from_min_size(
                egui::pos2(left, cy - galley.size().y / 2.0),
                galley.size(),
            );
            painter.galley(text_rect.min, galley, ui.visuals().text_color());
            if let Some(p) = pointer
                && (text_rect.expand(2.0).contains(p) || (p - egui::pos2(x, cy)).length() < 9.0)
            {
                hover = Some(ch.tooltip.clone());
            }
        }
    }
    if let Some(text) = hover {
        response.on_hover_ui_at_pointer(|ui| {
            ui.set_max_width(420.0);
            ui.label(text);
        });
    }
}

/// The tooltip under screen position `pos` in `panel`, given a
/// (category or year, plotted value) → screen mapping.
pub fn hover_text(
    chart: &ChartData,
    panel: usize,
    to_screen: impl Fn(f64, f64) -> egui::Pos2,
    pos: egui::Pos2,
) -> Option<String> {
    let (y0, _) = chart.y_range;
    let base = chart.bar_base();
    let mut best: Option<(f32, String)> = None;
    let mut consider = |d: f32, text: &str| {
        if best.as_ref().is_none_or(|(bd, _)| d < *bd) {
            best = Some((d, text.to_owned()));
        }
    };
    for (i, s) in chart
        .series
        .iter()
        .enumerate()
        .filter(|(_, s)| s.panel == panel)
    {
        for p in &s.points {
            match s.kind {
                SeriesKind::Bars => {
                    let Some(v) = p.y else { continue };
                    let (offset, width) = chart.bar_slot(i);
                    let a = to_screen(p.x + offset - width / 2.0, chart.plot_y(v));
                    let b = to_screen(p.x + offset + width / 2.0, base);
                    let rect = egui::Rect::from_two_pos(a, b).expand(2.0);
                    if rect.contains(pos) {
                        consider(0.0, &p.tooltip);
                    }
                }
                SeriesKind::Band => {
                    let Some((lo, hi)) = p.range else { continue };
                    let a = to_screen(p.x - 0.3, chart.plot_y(hi));
                    let b = to_screen(p.x + 0.3, chart.plot_y(lo));
                    let rect = egui::Rect::from_two_pos(a, b).expand(4.0);
                    if rect.contains(pos) {
                        consider(1.0, &p.tooltip);
                    }
                }
                SeriesKind::Line | SeriesKind::Markers => {
                    let Some(v) = p.y else { continue };
                    let d = to_screen(p.x, chart.plot_y(v)).distance(pos);
                    if d < 12.0 {
                        consider(d, &p.tooltip);
                    }
                }
            }
        }
    }
    for a in chart.annotations.iter().filter(|a| a.panel == panel) {
        let y = a.y.map(|v| chart.plot_y(v)).unwrap_or(y0);
        let at = to_screen(a.x, y);
        if chart.horizontal {
            // The row's text runs from the start of the value axis, along
            // the top of its row.
            let at = to_screen(a.x - 0.5, chart.y_range.0);
            let dx = pos.x - at.x;
            let dy = pos.y - at.y;
            if (0.0..400.0).contains(&dx) && (0.0..16.0).contains(&dy) {
                consider(0.5 + dx / 1000.0, &a.tooltip);
            }
            continue;
        }
        let dx = (at.x - pos.x).abs();
        let dy = at.y - pos.y;
        if dx < 60.0 && (0.0..30.0).contains(&dy) {
            consider(0.5 + dx / 100.0, &a.tooltip);
        }
    }
    for nd in chart.no_data.iter().filter(|n| n.panel == panel) {
        let a = to_screen(nd.x - 0.45, chart.y_range.1);
        let b = to_screen(nd.x + 0.45, chart.y_range.0);
        if egui::Rect::from_two_pos(a, b).contains(pos) {
            consider(5.0, &nd.tooltip);
        }
    }
    best.map(|(_, t)| t)
}
