//! Charts tab (egui_plot). Draws the same `charts::ChartData` the exporters
//! draw. `export`: the save dialog; `view`: the plots, legend, strips and
//! tooltips, and the link to the timeline year.

mod export;
mod view;

use std::collections::BTreeSet;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::app::{AppState, Command};
use crate::charts::{self, ChartDrug, ChartId, ChartOptions};
use crate::model::Dataset;

pub use export::{ExportDialog, ExportFormat, export_bytes};
pub use view::{ViewResponse, chart_view, hover_text};

/// Persisted chart settings (part of `UiState`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ChartsUiState {
    /// Oblast region keys (HASC) chosen for the oblast views.
    pub oblasts: BTreeSet<String>,
    /// The user has chosen oblasts (or the defaults were filled in): an
    /// empty set then stays empty.
    pub oblasts_chosen: bool,
    pub chart: ChartId,
    pub drug: ChartDrug,
    pub log_scale: bool,
    pub index_base_year: Option<i32>,
    pub value_labels: bool,
    pub show_printed: bool,
    /// Ranking and slope: the year shown (None: the latest with amounts).
    pub year: Option<i32>,
    /// Ranking and slope: the year compared with (None: from the data).
    pub from_year: Option<i32>,
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
            oblasts_chosen: false,
            chart: ChartId::default(),
            drug: ChartDrug::default(),
            log_scale: false,
            index_base_year: None,
            value_labels: false,
            show_printed: true,
            year: None,
            from_year: None,
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
    /// Ranking and slope: the year shown.
    SetChartYear(Option<i32>),
    /// Ranking and slope: the year compared with.
    SetFromYear(Option<i32>),
    /// Draw or stop drawing an imported series (merged dataset id).
    ToggleImportedSeries(String),
    /// Draw exactly these imported series (a saved view).
    SetImportedSeries(BTreeSet<String>),
    /// The first time an oblast view opens: start on these oblasts unless
    /// the user has chosen already.
    OpenOnOblasts(Vec<String>),
    /// Choose exactly these oblasts (the "Largest 10" button).
    SetOblasts(Vec<String>),
    /// Open the save dialog for the current chart.
    OpenExport {
        format: ExportFormat,
        path: String,
        size: [u32; 2],
    },
    SetExportPath(String),
    SetExportFormat(ExportFormat),
    SetEmbedFont(bool),
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
    /// The oblasts an oblast view opens on before the user has chosen any:
    /// those with amounts for the drug, or, when more than
    /// `charts::OBLAST_OPENING_LIMIT` have one, the largest of them (the
    /// chart says so).
    pub fn opening_oblasts(&self, ds: &Dataset) -> Option<Vec<String>> {
        (!self.oblasts_chosen && self.oblasts.is_empty()).then(|| {
            match charts::largest_oblasts(ds, self.drug, self.year) {
                Some(largest) => largest.keys,
                None => charts::oblasts_with_amounts(ds, self.drug),
            }
        })
    }

    pub fn apply(&mut self, command: ChartCommand) {
        match command {
            ChartCommand::ToggleOblast(key) => {
                if !self.oblasts.remove(&key) {
                    self.oblasts.insert(key);
                }
                self.oblasts_chosen = true;
            }
            ChartCommand::ClearOblasts => {
                self.oblasts.clear();
                self.oblasts_chosen = true;
            }
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
            ChartCommand::SetImportedSeries(ids) => self.imported_series = ids,
            ChartCommand::SetChartYear(v) => self.year = v,
            ChartCommand::SetFromYear(v) => self.from_year = v,
            ChartCommand::SetOblasts(keys) => {
                self.oblasts = keys.into_iter().collect();
                self.oblasts_chosen = true;
            }
            ChartCommand::OpenOnOblasts(keys) => {
                if !self.oblasts_chosen && self.oblasts.is_empty() {
                    self.oblasts = keys.into_iter().collect();
                }
                self.oblasts_chosen = true;
            }
            ChartCommand::OpenExport { format, path, size } => {
                self.export = Some(ExportDialog {
                    chart: self.chart,
                    format,
                    path,
                    size,
                    embed_font: false,
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
                    d.path = export::with_extension(&d.path, f.extension());
                    d.confirm_overwrite = false;
                    d.error = None;
                }
            }
            ChartCommand::SetEmbedFont(v) => {
                if let Some(d) = &mut self.export {
                    d.embed_font = v;
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
            year: self.year,
            from_year: self.from_year,
            // Filled from the imported layers by `app::imports::chart_options`.
            imported_series: Vec::new(),
        }
    }
}

fn short_name(id: ChartId) -> &'static str {
    match id {
        ChartId::NationalSeizures => "National seizures",
        ChartId::OblastComparison => "Oblasts",
        ChartId::OblastSmallMultiples => "Oblast panels",
        ChartId::OblastRanking => "Oblast ranking",
        ChartId::OblastSlope => "Oblast change",
        ChartId::HeroinOpiumTotals => "Heroin and opium",
        ChartId::CustomsVsAll => "Customs vs. all agencies",
        ChartId::InterdictionRate => "Interdiction rate",
    }
}

fn year_combo(
    ui: &mut egui::Ui,
    label: &str,
    value: Option<i32>,
    default_text: &str,
    years: &[i32],
    set: impl Fn(Option<i32>) -> ChartCommand,
    push: &mut impl FnMut(ChartCommand),
) {
    let label = ui.label(label);
    let shown = value.map_or_else(|| default_text.to_owned(), |y| y.to_string());
    egui::ComboBox::from_id_salt(("chart-year", label.id))
        .selected_text(shown)
        .show_ui(ui, |ui| {
            if ui.selectable_label(value.is_none(), default_text).clicked() {
                push(set(None));
            }
            for &y in years {
                if ui
                    .selectable_label(value == Some(y), y.to_string())
                    .clicked()
                {
                    push(set(Some(y)));
                }
            }
        })
        .response
        .labelled_by(label.id);
}

/// Above this many oblasts the chooser lays out only the rows in view.
const LONG_OBLAST_LIST: usize = 40;

/// What a cached chart was built from: the dataset (see
/// [`dataset_identity`]), the chart and its options.
type ChartKey = (DatasetIdentity, ChartId, ChartOptions);

/// The buffers and lengths of the dataset's lists and a checksum of every
/// figure's year and value and the lengths of its id, series and region. A
/// new dataset can reuse a freed buffer, so the address alone is not enough;
/// the checksum costs tens of µs at 10,000 figures against the hundreds of ms
/// a chart of 200 oblasts took to build.
type DatasetIdentity = (usize, usize, usize, usize, usize, u64);

fn dataset_identity(ds: &Dataset) -> DatasetIdentity {
    let mut sum: u64 = 0xcbf2_9ce4_8422_2325;
    for f in &ds.figures {
        for word in [
            f.value.to_bits(),
            f.year.map_or(u64::MAX, |y| y as u64),
            f.id.len() as u64 ^ ((f.series.len() as u64) << 16) ^ ((f.region.len() as u64) << 32),
        ] {
            sum = (sum ^ word).wrapping_mul(0x100_0000_01b3).rotate_left(5);
        }
    }
    for r in &ds.regions {
        sum = (sum ^ r.name.len() as u64)
            .wrapping_mul(0x100_0000_01b3)
            .rotate_left(5);
    }
    (
        ds.figures.as_ptr() as usize,
        ds.figures.len(),
        ds.regions.as_ptr() as usize,
        ds.regions.len(),
        ds.sources.len(),
        sum,
    )
}

/// The chart on screen and what its controls list, built once per change.
pub struct ChartOnScreen {
    pub chart: charts::ChartData,
    /// The largest oblasts (the "Largest 10" button), when there are many.
    pub largest: Option<charts::LargestOblasts>,
    /// Ranking and slope: the years to choose from, and the defaults (year,
    /// year compared with).
    pub years: Vec<i32>,
    pub year_defaults: (Option<i32>, Option<i32>),
    /// The oblast chooser's rows: (key, name).
    pub choices: Vec<(String, String)>,
}

thread_local! {
    /// The chart on screen, built once per change of its inputs rather than
    /// every frame (issue 12: 100–500 ms a frame for the oblast views at
    /// 100× the data).
    static CHART_CACHE: std::cell::RefCell<Option<(ChartKey, std::rc::Rc<ChartOnScreen>)>> =
        const { std::cell::RefCell::new(None) };
}

/// `charts::build_chart` and the lists beside it, kept between frames until
/// the dataset, the chart or its options change.
pub fn cached_chart(
    ds: &Dataset,
    id: ChartId,
    options: &ChartOptions,
) -> std::rc::Rc<ChartOnScreen> {
    let key = (dataset_identity(ds), id, options.clone());
    CHART_CACHE.with_borrow_mut(|cache| {
        if let Some((k, chart)) = cache.as_ref()
            && *k == key
        {
            return chart.clone();
        }
        let oblast_view = id.is_oblast_view();
        let year_defaults = match id {
            ChartId::OblastSlope => match charts::slope_years(ds, options) {
                Some((f, y)) => (Some(y), Some(f)),
                None => (None, None),
            },
            ChartId::OblastRanking => charts::ranking_years(ds, options),
            _ => (None, None),
        };
        let built = std::rc::Rc::new(ChartOnScreen {
            chart: charts::build_chart(ds, id, options),
            largest: oblast_view
                .then(|| charts::largest_oblasts(ds, options.drug, options.year))
                .flatten(),
            years: if id.uses_years() {
                charts::oblast_amount_years(ds, options.drug)
            } else {
                vec![]
            },
            year_defaults,
            choices: if oblast_view {
                charts::oblast_choices(ds)
            } else {
                vec![]
            },
        });
        *cache = Some((key, built.clone()));
        built
    })
}

pub fn show(ui: &mut egui::Ui, state: &AppState, commands: &mut Vec<Command>) {
    let cs = &state.ui.charts;
    let mut options = crate::app::imports::chart_options(state);
    let mut chart_commands: Vec<ChartCommand> = Vec::new();
    // An oblast view opened for the first time starts on the oblasts that
    // have amounts (drawn so from this frame on), not empty.
    if cs.chart.is_oblast_view()
        && let Some(keys) = cs.opening_oblasts(&state.dataset)
    {
        options.oblasts = keys.clone();
        chart_commands.push(ChartCommand::OpenOnOblasts(keys));
    }
    let on_screen = cached_chart(&state.dataset, cs.chart, &options);
    let chart = &on_screen.chart;
    let mut push = |c: ChartCommand| chart_commands.push(c);

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
                .years()
                .first()
                .copied()
                .or(options.from_year)
                .unwrap_or(2006);
            if ui.checkbox(&mut on, "Index to base year").changed() {
                push(ChartCommand::SetIndexBase(on.then_some(default_year)));
            }
            if let Some(mut year) = cs.index_base_year
                && ui
                    .add(egui::DragValue::new(&mut year).range(1990..=2030))
                    .changed()
            {
                push(ChartCommand::SetIndexBase(Some(year)));
            }
        }
        if cs.chart.has_printed_option() {
            let mut printed = cs.show_printed;
            if ui
                .checkbox(&mut printed, "Show the printed reading")
                .on_hover_text(
                    "Where a source prints a value differently from the reading the dataset \
                     uses (the 1996-2006 list is printed in reverse), the printed one is kept as \
                     evidence and can be drawn dashed beside it.",
                )
                .changed()
            {
                push(ChartCommand::SetShowPrinted(printed));
            }
        }
        crate::app::imports::imported_series_menu(ui, state, &mut push);
        if cs.chart.is_oblast_view() {
            ui.separator();
            ui.label("Drug:");
            for d in ChartDrug::ALL {
                if ui.selectable_label(cs.drug == d, d.key()).clicked() {
                    push(ChartCommand::SetDrug(d));
                }
            }
        }
        if cs.chart.uses_years() {
            ui.separator();
            let years = &on_screen.years;
            let (year_default, from_default) = on_screen.year_defaults;
            let auto = |y: Option<i32>| match y {
                Some(y) => format!("auto ({y})"),
                None => "auto (none)".to_owned(),
            };
            year_combo(
                ui,
                "Year:",
                cs.year,
                &auto(year_default.filter(|_| cs.year.is_none())),
                years,
                ChartCommand::SetChartYear,
                &mut push,
            );
            year_combo(
                ui,
                "Compared with:",
                cs.from_year,
                &auto(from_default.filter(|_| cs.from_year.is_none())),
                years,
                ChartCommand::SetFromYear,
                &mut push,
            );
        }
        ui.separator();
        let size = ui
            .ctx()
            .data(|d| d.get_temp::<egui::Vec2>(egui::Id::unique("charts_plot_size")))
            .unwrap_or(egui::vec2(960.0, 540.0));
        let size = [size.x.round() as u32, size.y.round() as u32];
        let dir = state.export_dir.clone();
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
        export::export_dialog(ui.ctx(), state, chart, dialog, &mut push);
    }

    if cs.chart.is_oblast_view() {
        egui::Panel::left("oblast_list")
            .resizable(false)
            .default_size(190.0)
            .show(ui, |ui| {
                ui.strong("Oblasts");
                ui.weak("Tick oblasts, or click them on the map.");
                if ui.small_button("Clear").clicked() {
                    push(ChartCommand::ClearOblasts);
                }
                if let Some(largest) = &on_screen.largest
                    && ui
                        .small_button(format!("Largest {}", largest.keys.len()))
                        .on_hover_text(format!(
                            "Show the {} oblasts with the largest {} amounts in {}",
                            largest.keys.len(),
                            cs.drug.key(),
                            largest.year
                        ))
                        .clicked()
                {
                    push(ChartCommand::SetOblasts(largest.keys.clone()));
                }
                let choices = &on_screen.choices;
                if choices.len() > LONG_OBLAST_LIST {
                    ui.weak(format!(
                        "{} of {} chosen",
                        options.oblasts.len(),
                        choices.len()
                    ));
                }
                let mut row = |ui: &mut egui::Ui, key: &String, name: &String| {
                    let mut on = options.oblasts.contains(key);
                    if ui.checkbox(&mut on, name).on_hover_text(key).changed() {
                        push(ChartCommand::ToggleOblast(key.clone()));
                    }
                };
                if choices.len() > LONG_OBLAST_LIST {
                    // Only the rows in view are laid out (200 oblasts at 100× the data).
                    let row_height = ui.spacing().interact_size.y;
                    egui::ScrollArea::vertical().show_rows(
                        ui,
                        row_height,
                        choices.len(),
                        |ui, rows| {
                            for (key, name) in &choices[rows] {
                                row(ui, key, name);
                            }
                        },
                    );
                } else {
                    egui::ScrollArea::vertical().show(ui, |ui| {
                        for (key, name) in choices.iter() {
                            row(ui, key, name);
                        }
                    });
                }
            });
    }
    let shown = if cs.chart.is_time_chart() {
        state.shown_year()
    } else {
        None
    };
    let view = chart_view(ui, chart, shown);
    commands.extend(chart_commands.into_iter().map(Command::Chart));

    // The timeline: hovering a year previews it on the map (only when it
    // changes), leaving ends the preview; a click sets the timeline year.
    if cs.chart.is_time_chart() {
        if view.hovered_year != state.preview_year {
            commands.push(Command::PreviewYear(view.hovered_year));
        }
        if let Some(y) = view.clicked_year
            && state.ui.year != Some(y)
        {
            commands.push(Command::SetYear(Some(y)));
        }
    } else if state.preview_year.is_some() && view.hovered_year.is_none() {
        commands.push(Command::PreviewYear(None));
    }
}
