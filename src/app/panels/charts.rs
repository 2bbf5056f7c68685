//! Charts tab (egui_plot). Draws the same `charts::ChartData` the exporters
//! draw; "Export..." renders with the headless renderer at the on-screen size
//! (1x) or twice it (2x), or as SVG; "Export data" writes the plotted values
//! as CSV. The save dialog is drawn in egui (no native dialog crate).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use egui::{Align2, Color32, RichText, Stroke};
use egui_plot::{
    Bar, BarChart, GridMark, Legend, Line, LineStyle, Plot, PlotBounds, PlotPoint, PlotPoints,
    Points, Polygon, Text,
};
use serde::{Deserialize, Serialize};

use crate::app::style_egui::color;
use crate::app::{AppState, Command};
use crate::charts::render::{self, ImageFormat, RenderSize};
use crate::charts::{
    self, ChartData, ChartDrug, ChartId, ChartOptions, SeriesKind, data_csv, provenance,
};
use crate::style;

/// What the save dialog writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ExportFormat {
    #[default]
    Png1x,
    Png2x,
    Svg,
    /// The plotted values ("Export data").
    Csv,
}

impl ExportFormat {
    pub const IMAGES: [ExportFormat; 3] =
        [ExportFormat::Png1x, ExportFormat::Png2x, ExportFormat::Svg];

    pub fn label(self) -> &'static str {
        match self {
            ExportFormat::Png1x => "PNG (1x, as on screen)",
            ExportFormat::Png2x => "PNG (2x)",
            ExportFormat::Svg => "SVG",
            ExportFormat::Csv => "CSV (plotted values)",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Png1x | ExportFormat::Png2x => "png",
            ExportFormat::Svg => "svg",
            ExportFormat::Csv => "csv",
        }
    }
}

/// The in-window save dialog (not persisted).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ExportDialog {
    pub chart: ChartId,
    pub format: ExportFormat,
    pub path: String,
    /// On-screen chart size in points (the 1x PNG size).
    pub size: [u32; 2],
    /// The file exists: ask before replacing it.
    pub confirm_overwrite: bool,
    pub error: Option<String>,
}

/// Persisted chart settings (part of `UiState`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ChartsUiState {
    /// Oblast region keys (HASC) chosen for the oblast comparison.
    pub oblasts: BTreeSet<String>,
    pub chart: ChartId,
    pub drug: ChartDrug,
    pub log_scale: bool,
    pub index_base_year: Option<i32>,
    pub value_labels: bool,
    pub show_printed: bool,
    /// Imported series (merged ids) drawn in the national and oblast charts.
    pub imported_series: BTreeSet<String>,
    #[serde(skip)]
    pub export: Option<ExportDialog>,
    /// Result of the last export (shown under the chart).
    #[serde(skip)]
    pub status: Option<Result<String, String>>,
}

impl Default for ChartsUiState {
    fn default() -> Self {
        ChartsUiState {
            oblasts: BTreeSet::new(),
            chart: ChartId::default(),
            drug: ChartDrug::default(),
            log_scale: false,
            index_base_year: None,
            value_labels: false,
            show_printed: true,
            imported_series: BTreeSet::new(),
            export: None,
            status: None,
        }
    }
}

/// Everything the charts UI (and the map, for oblast picking) can ask for.
#[derive(Debug, Clone, PartialEq)]
pub enum ChartCommand {
    /// Add or remove an oblast (region key) from the comparison.
    ToggleOblast(String),
    ClearOblasts,
    Select(ChartId),
    SetDrug(ChartDrug),
    SetLogScale(bool),
    SetIndexBase(Option<i32>),
    SetValueLabels(bool),
    SetShowPrinted(bool),
    /// Draw or stop drawing an imported series (merged dataset id).
    ToggleImportedSeries(String),
    /// Open the save dialog for the current chart.
    OpenExport {
        format: ExportFormat,
        path: String,
        size: [u32; 2],
    },
    SetExportPath(String),
    SetExportFormat(ExportFormat),
    /// The chosen file exists: ask before replacing it.
    AskOverwrite,
    /// Write the rendered bytes (atomically); closes the dialog on success.
    Write {
        path: PathBuf,
        bytes: Vec<u8>,
    },
    /// Rendering failed; shown in the dialog.
    ExportFailed(String),
    CancelExport,
    DismissStatus,
}

impl ChartsUiState {
    pub fn apply(&mut self, command: ChartCommand) {
        match command {
            ChartCommand::ToggleOblast(key) => {
                if !self.oblasts.remove(&key) {
                    self.oblasts.insert(key);
                }
            }
            ChartCommand::ClearOblasts => self.oblasts.clear(),
            ChartCommand::Select(id) => self.chart = id,
            ChartCommand::SetDrug(d) => self.drug = d,
            ChartCommand::SetLogScale(v) => self.log_scale = v,
            ChartCommand::SetIndexBase(v) => self.index_base_year = v,
            ChartCommand::SetValueLabels(v) => self.value_labels = v,
            ChartCommand::SetShowPrinted(v) => self.show_printed = v,
            ChartCommand::ToggleImportedSeries(id) => {
                if !self.imported_series.remove(&id) {
                    self.imported_series.insert(id);
                }
            }
            ChartCommand::OpenExport { format, path, size } => {
                self.export = Some(ExportDialog {
                    chart: self.chart,
                    format,
                    path,
                    size,
                    confirm_overwrite: false,
                    error: None,
                });
            }
            ChartCommand::SetExportPath(p) => {
                if let Some(d) = &mut self.export {
                    d.path = p;
                    d.confirm_overwrite = false;
                    d.error = None;
                }
            }
            ChartCommand::SetExportFormat(f) => {
                if let Some(d) = &mut self.export {
                    d.format = f;
                    d.path = with_extension(&d.path, f.extension());
                    d.confirm_overwrite = false;
                    d.error = None;
                }
            }
            ChartCommand::AskOverwrite => {
                if let Some(d) = &mut self.export {
                    d.confirm_overwrite = true;
                }
            }
            ChartCommand::Write { path, bytes } => {
                match crate::export::write_atomic(&path, &bytes) {
                    Ok(()) => {
                        self.export = None;
                        self.status = Some(Ok(format!("Saved {}", path.display())));
                    }
                    Err(e) => {
                        if let Some(d) = &mut self.export {
                            d.confirm_overwrite = false;
                            d.error = Some(e.clone());
                        }
                        self.status = Some(Err(e));
                    }
                }
            }
            ChartCommand::ExportFailed(e) => {
                if let Some(d) = &mut self.export {
                    d.error = Some(e.clone());
                }
                self.status = Some(Err(e));
            }
            ChartCommand::CancelExport => self.export = None,
            ChartCommand::DismissStatus => self.status = None,
        }
    }

    /// The options the chart is built with.
    pub fn options(&self) -> ChartOptions {
        ChartOptions {
            drug: self.drug,
            oblasts: self.oblasts.iter().cloned().collect(),
            log_scale: self.log_scale,
            index_base_year: self.index_base_year,
            value_labels: self.value_labels,
            show_printed: self.show_printed,
            imported_series: Vec::new(),
        }
    }
}

fn with_extension(path: &str, ext: &str) -> String {
    let p = Path::new(path);
    if p.file_name().is_none() {
        return path.to_owned();
    }
    p.with_extension(ext).display().to_string()
}

/// A sensible default folder: ~/Pictures, else the home folder, else the
/// current folder.
pub fn default_export_dir() -> PathBuf {
    if let Some(home) = std::env::var_os("HOME").map(PathBuf::from) {
        let pictures = home.join("Pictures");
        if pictures.is_dir() {
            return pictures;
        }
        if home.is_dir() {
            return home;
        }
    }
    std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."))
}

fn short_name(id: ChartId) -> &'static str {
    match id {
        ChartId::NationalSeizures => "National seizures",
        ChartId::OblastComparison => "Oblasts",
        ChartId::HeroinOpiumTotals => "Heroin and opium",
        ChartId::CustomsVsAll => "Customs vs. all agencies",
        ChartId::InterdictionRate => "Interdiction rate",
    }
}

/// The bytes the dialog's format writes, rendered from the current state.
pub fn export_bytes(
    state: &AppState,
    chart: &ChartData,
    dialog: &ExportDialog,
) -> Result<Vec<u8>, String> {
    if dialog.format == ExportFormat::Csv {
        return Ok(data_csv::chart_csv(chart).into_bytes());
    }
    let bytes = provenance::dataset_bytes_for_label(&state.dataset_label).unwrap_or_default();
    let prov = provenance::Provenance::new(&state.dataset, &state.dataset_label, &bytes, chart);
    let [w, h] = dialog.size;
    let (w, h) = (w.max(render::MIN_SIZE), h.max(render::MIN_SIZE));
    let (format, size) = match dialog.format {
        ExportFormat::Png1x => (ImageFormat::Png, RenderSize::with_scale(w, h, 1.0)),
        ExportFormat::Png2x => (ImageFormat::Png, RenderSize::with_scale(2 * w, 2 * h, 2.0)),
        ExportFormat::Svg | ExportFormat::Csv => {
            (ImageFormat::Svg, RenderSize::with_scale(w, h, 1.0))
        }
    };
    render::render(chart, format, size, &prov)
}

pub fn show(ui: &mut egui::Ui, state: &AppState, commands: &mut Vec<Command>) {
    let cs = &state.ui.charts;
    let mut push = |c: ChartCommand| commands.push(Command::Chart(c));
    let chart = charts::build_chart(
        &state.dataset,
        cs.chart,
        &crate::app::imports::chart_options(state),
    );

    // Chart choice.
    ui.horizontal_wrapped(|ui| {
        for id in ChartId::ALL {
            if ui
                .selectable_label(cs.chart == id, short_name(id))
                .on_hover_text(format!("{} (id: {})", id.title(), id.id()))
                .clicked()
            {
                push(ChartCommand::Select(id));
            }
        }
    });
    // Options.
    ui.horizontal_wrapped(|ui| {
        let mut log = cs.log_scale;
        if ui.checkbox(&mut log, "Log scale").changed() {
            push(ChartCommand::SetLogScale(log));
        }
        let mut labels = cs.value_labels;
        if ui.checkbox(&mut labels, "Value labels").changed() {
            push(ChartCommand::SetValueLabels(labels));
        }
        if cs.chart.supports_index() {
            let mut on = cs.index_base_year.is_some();
            let default_year = chart
                .x_ticks
                .first()
                .map(|(x, _)| *x as i32)
                .unwrap_or(2006);
            if ui.checkbox(&mut on, "Index to base year").changed() {
                push(ChartCommand::SetIndexBase(on.then_some(default_year)));
            }
            if let Some(mut year) = cs.index_base_year
                && ui
                    .add(egui::DragValue::new(&mut year).range(1990..=2020))
                    .changed()
            {
                push(ChartCommand::SetIndexBase(Some(year)));
            }
        }
        if cs.chart == ChartId::NationalSeizures {
            let mut printed = cs.show_printed;
            if ui
                .checkbox(&mut printed, "Show the printed reading")
                .on_hover_text(
                    "The article prints the 1996-2006 list in reverse; the cross-checked \
                     reading is the default, the printed one is kept as evidence.",
                )
                .changed()
            {
                push(ChartCommand::SetShowPrinted(printed));
            }
        }
        crate::app::imports::imported_series_menu(ui, state, &mut push);
        if cs.chart == ChartId::OblastComparison {
            ui.separator();
            ui.label("Drug:");
            for d in ChartDrug::ALL {
                if ui.selectable_label(cs.drug == d, d.key()).clicked() {
                    push(ChartCommand::SetDrug(d));
                }
            }
        }
        ui.separator();
        let size = ui
            .ctx()
            .data(|d| d.get_temp::<egui::Vec2>(egui::Id::unique("charts_plot_size")))
            .unwrap_or(egui::vec2(960.0, 540.0));
        let size = [size.x.round() as u32, size.y.round() as u32];
        let dir = default_export_dir();
        if ui.button("Export...").clicked() {
            let path = dir.join(format!("{}.png", cs.chart.id()));
            push(ChartCommand::OpenExport {
                format: ExportFormat::Png1x,
                path: path.display().to_string(),
                size,
            });
        }
        if ui.button("Export data").clicked() {
            let path = dir.join(format!("{}.csv", cs.chart.id()));
            push(ChartCommand::OpenExport {
                format: ExportFormat::Csv,
                path: path.display().to_string(),
                size,
            });
        }
    });
    match &cs.status {
        Some(Ok(msg)) => {
            ui.horizontal(|ui| {
                ui.label(msg);
                if ui.small_button("OK").clicked() {
                    push(ChartCommand::DismissStatus);
                }
            });
        }
        Some(Err(msg)) => {
            ui.horizontal(|ui| {
                ui.colored_label(ui.visuals().error_fg_color, format!("Export failed: {msg}"));
                if ui.small_button("OK").clicked() {
                    push(ChartCommand::DismissStatus);
                }
            });
        }
        None => {}
    }
    ui.separator();

    if let Some(dialog) = &cs.export {
        export_dialog(ui.ctx(), state, &chart, dialog, &mut push);
    }

    if cs.chart == ChartId::OblastComparison {
        egui::Panel::left("oblast_list")
            .resizable(false)
            .default_size(190.0)
            .show(ui, |ui| {
                ui.strong("Oblasts");
                ui.weak("Tick oblasts, or click them on the map.");
                if ui.small_button("Clear").clicked() {
                    push(ChartCommand::ClearOblasts);
                }
                egui::ScrollArea::vertical().show(ui, |ui| {
                    for (key, name) in charts::oblast_choices(&state.dataset) {
                        let mut on = cs.oblasts.contains(&key);
                        if ui.checkbox(&mut on, &name).on_hover_text(&key).changed() {
                            push(ChartCommand::ToggleOblast(key));
                        }
                    }
                });
            });
    }
    chart_view(ui, &chart);
}

fn export_dialog(
    ctx: &egui::Context,
    state: &AppState,
    chart: &ChartData,
    dialog: &ExportDialog,
    push: &mut impl FnMut(ChartCommand),
) {
    let title = if dialog.format == ExportFormat::Csv {
        "Export data"
    } else {
        "Export chart"
    };
    egui::Window::new(title)
        .collapsible(false)
        .resizable(false)
        .anchor(Align2::CENTER_CENTER, [0.0, 0.0])
        .show(ctx, |ui| {
            ui.label(format!("Chart: {}", chart.title));
            if dialog.format != ExportFormat::Csv {
                ui.horizontal(|ui| {
                    ui.label("Format:");
                    for f in ExportFormat::IMAGES {
                        if ui.selectable_label(dialog.format == f, f.label()).clicked() {
                            push(ChartCommand::SetExportFormat(f));
                        }
                    }
                });
                let [w, h] = dialog.size;
                let (w, h) = if dialog.format == ExportFormat::Png2x {
                    (2 * w, 2 * h)
                } else {
                    (w, h)
                };
                ui.weak(format!("{w} x {h} px"));
            }
            ui.horizontal(|ui| {
                let label = ui.label("File:");
                let mut path = dialog.path.clone();
                let edit = egui::TextEdit::singleline(&mut path).desired_width(420.0);
                if ui.add(edit).labelled_by(label.id).changed() {
                    push(ChartCommand::SetExportPath(path));
                }
            });
            if let Some(err) = &dialog.error {
                ui.colored_label(ui.visuals().error_fg_color, err);
            }
            let path = PathBuf::from(&dialog.path);
            let mut save = false;
            ui.horizontal(|ui| {
                if dialog.confirm_overwrite {
                    ui.label(format!("{} exists. Replace it?", dialog.path));
                    if ui.button("Replace").clicked() {
                        save = true;
                    }
                } else if ui.button("Save").clicked() {
                    if dialog.path.trim().is_empty() {
                        push(ChartCommand::ExportFailed("choose a file name".to_owned()));
                    } else if path.is_file() {
                        push(ChartCommand::AskOverwrite);
                    } else {
                        save = true;
                    }
                }
                if ui.button("Cancel").clicked() {
                    push(ChartCommand::CancelExport);
                }
            });
            if save {
                match export_bytes(state, chart, dialog) {
                    Ok(bytes) => push(ChartCommand::Write { path, bytes }),
                    Err(e) => push(ChartCommand::ExportFailed(e)),
                }
            }
        });
}

/// The chart drawn with egui_plot, with hover tooltips from `ChartData`.
pub fn chart_view(ui: &mut egui::Ui, chart: &ChartData) {
    ui.heading(&chart.title);
    if !chart.subtitle.is_empty() {
        ui.weak(&chart.subtitle);
    }
    let source_height = 36.0;
    let avail = ui.available_size();
    let plot_height = (avail.y - source_height).max(200.0);
    ui.ctx().data_mut(|d| {
        d.insert_temp(
            egui::Id::unique("charts_plot_size"),
            egui::vec2(avail.x.max(200.0), avail.y.max(200.0) + 50.0),
        )
    });

    let x_ticks = chart.x_ticks.clone();
    let y_ticks = chart.y_ticks.clone();
    let x_ticks2 = chart.x_ticks.clone();
    let y_ticks2 = chart.y_ticks.clone();
    let x_step = if x_ticks.len() > 1 {
        x_ticks[1].0 - x_ticks[0].0
    } else {
        1.0
    };
    let y_step = if y_ticks.len() > 1 {
        y_ticks[1].0 - y_ticks[0].0
    } else {
        1.0
    };
    let y_eps = (chart.y_range.1 - chart.y_range.0).abs() * 1e-6;
    let (x0, x1) = chart.x_range;
    let (y0, y1) = chart.y_range;
    let plot = Plot::new(("chart", chart.id.id()))
        .height(plot_height)
        .legend(Legend::default().position(egui_plot::Corner::RightTop))
        .allow_zoom(false)
        .allow_drag(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .allow_double_click_reset(false)
        .show_x(false)
        .show_y(false)
        .y_axis_label(chart.y_label.clone())
        .x_grid_spacer(move |_| {
            x_ticks
                .iter()
                .map(|(v, _)| GridMark {
                    value: *v,
                    step_size: x_step,
                })
                .collect()
        })
        .y_grid_spacer(move |_| {
            y_ticks
                .iter()
                .map(|(v, _)| GridMark {
                    value: *v,
                    step_size: y_step,
                })
                .collect()
        })
        // Year ticks are ~50 px apart: allow labels closer than egui_plot's
        // default 60 px, or the x axis would show no years at all.
        .custom_x_axes(vec![
            egui_plot::AxisHints::new_x()
                .label(chart.x_label.clone())
                .label_spacing(24.0..=36.0)
                .formatter(move |m, _| {
                    x_ticks2
                        .iter()
                        .find(|(t, _)| (t - m.value).abs() < 1e-6)
                        .map(|(_, l)| l.clone())
                        .unwrap_or_default()
                }),
        ])
        .y_axis_formatter(move |m, _| {
            y_ticks2
                .iter()
                .find(|(t, _)| (t - m.value).abs() <= y_eps)
                .map(|(_, l)| l.clone())
                .unwrap_or_default()
        });

    let base = if chart.log_scale { y0 } else { 0f64.max(y0) };
    let response = plot.show(ui, |pui| {
        pui.set_plot_bounds(PlotBounds::from_min_max([x0, y0], [x1, y1]));
        for (i, s) in chart.series.iter().enumerate() {
            let c = color(s.color);
            let mut drawn = false;
            match s.kind {
                SeriesKind::Line => {
                    let mut runs: Vec<Vec<[f64; 2]>> = vec![vec![]];
                    for p in &s.points {
                        match p.y {
                            Some(v) => {
                                if let Some(r) = runs.last_mut() {
                                    r.push([p.x, chart.plot_y(v)]);
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
                        pui.points(
                            Points::new(s.name.clone(), PlotPoints::from(run))
                                .color(c)
                                .radius(4.0)
                                .filled(true),
                        );
                        drawn = true;
                    }
                }
                SeriesKind::Bars => {
                    let (offset, width) = chart.bar_slot(i);
                    let bars: Vec<Bar> = s
                        .points
                        .iter()
                        .filter_map(|p| {
                            p.y.map(|v| {
                                Bar::new(p.x + offset, chart.plot_y(v) - base)
                                    .base_offset(base)
                                    .width(width)
                                    .fill(c)
                                    .stroke(Stroke::NONE)
                            })
                        })
                        .collect();
                    if !bars.is_empty() {
                        pui.bar_chart(
                            BarChart::new(s.name.clone(), bars)
                                .color(c)
                                .allow_hover(false),
                        );
                        drawn = true;
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
                            drawn = true;
                        }
                    }
                }
                SeriesKind::Markers => {
                    let pts: Vec<[f64; 2]> = s
                        .points
                        .iter()
                        .filter_map(|p| p.y.map(|v| [p.x, chart.plot_y(v)]))
                        .collect();
                    if !pts.is_empty() {
                        pui.points(
                            Points::new(s.name.clone(), PlotPoints::from(pts))
                                .color(c)
                                .radius(6.0)
                                .filled(true),
                        );
                        drawn = true;
                    }
                }
            }
            if !drawn {
                // Nothing to draw (no figure, or only a stated change, which is
                // annotated): a hollow marker on the axis where the value would
                // be keeps the series in the legend (egui_plot leaves items
                // without points out of it).
                let pts: Vec<[f64; 2]> = s
                    .points
                    .iter()
                    .map(|p| [chart.point_x(i, p.x), y0])
                    .collect();
                pui.points(
                    Points::new(s.name.clone(), PlotPoints::from(pts))
                        .color(c)
                        .radius(4.0)
                        .filled(false),
                );
            }
            if chart.value_labels {
                for p in &s.points {
                    let top = match (p.range, p.y) {
                        (Some((_, b)), _) => b,
                        (None, Some(v)) => v,
                        _ => continue,
                    };
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
        for a in &chart.annotations {
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
    });
    if let Some(msg) = &chart.empty_message {
        ui.painter().text(
            response.response.rect.center(),
            Align2::CENTER_CENTER,
            msg,
            egui::FontId::proportional(15.0),
            ui.visuals().weak_text_color(),
        );
    }

    // Tooltips: what is under the pointer.
    if let Some(pos) = response.response.hover_pos() {
        let t = &response.transform;
        let hit = hover_text(
            chart,
            |x, y| t.position_from_point(&PlotPoint::new(x, y)),
            pos,
        );
        if let Some(text) = hit {
            response.response.on_hover_ui_at_pointer(|ui| {
                ui.set_max_width(420.0);
                ui.label(text);
            });
        }
    }
    ui.add(egui::Label::new(RichText::new(&chart.source_line).small().weak()).wrap());
}

/// The tooltip under screen position `pos`, given a plot → screen mapping.
pub fn hover_text(
    chart: &ChartData,
    to_screen: impl Fn(f64, f64) -> egui::Pos2,
    pos: egui::Pos2,
) -> Option<String> {
    let (y0, _) = chart.y_range;
    let base = if chart.log_scale { y0 } else { 0f64.max(y0) };
    let mut best: Option<(f32, String)> = None;
    let mut consider = |d: f32, text: &str| {
        if best.as_ref().is_none_or(|(bd, _)| d < *bd) {
            best = Some((d, text.to_owned()));
        }
    };
    for (i, s) in chart.series.iter().enumerate() {
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
    for a in &chart.annotations {
        let y = a.y.map(|v| chart.plot_y(v)).unwrap_or(y0);
        let at = to_screen(a.x, y);
        let dx = (at.x - pos.x).abs();
        let dy = at.y - pos.y;
        if dx < 60.0 && (0.0..30.0).contains(&dy) {
            consider(0.5 + dx / 100.0, &a.tooltip);
        }
    }
    best.map(|(_, t)| t)
}
