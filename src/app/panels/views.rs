//! "Save view…" / "Open view…": the window's state as a saved view file
//! (`crate::view`), and a view file turned back into the commands that set
//! the window to it. The dialog is a path field (no native dialog crate), as
//! "Export map…" is; files are read and written where commands are applied
//! ([`apply`]), and a view is applied as ordinary commands through
//! `App::apply`, so nothing here changes state directly.
//!
//! A damaged or unknown view leaves the window as it was and says why.

use std::path::PathBuf;

use egui::Align2;

use crate::app::map::{ChoroplethKey, Layer, MapCommand, MapView, active_series, timeline_year};
use crate::app::panels::charts::ChartCommand;
use crate::app::{App, AppState, CentralTab, Command, ImportCommand, Selection};
use crate::model::Dataset;
use crate::view::render::extent_on_screen;
use crate::view::{
    ChartSection, DatasetRef, HiddenRoutes, ImportedFile, Layers, MapSection, Tab, View,
    ViewSelection,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ViewsMode {
    Save,
    Open,
}

/// The open dialog (not persisted).
#[derive(Debug, Clone, PartialEq)]
pub struct ViewsDialog {
    pub mode: ViewsMode,
    pub path: String,
    /// Saving over an existing file: ask first.
    pub confirm_overwrite: bool,
    /// The last attempt: "Saved …" or what went wrong.
    pub outcome: Option<Result<String, String>>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ViewsCommand {
    /// Open the dialog with a file name in the usual export folder.
    OpenDialog(ViewsMode),
    SetPath(String),
    /// Save: write the view (asks first if the file exists). Open: read and apply it.
    Confirm,
    /// Save over the existing file.
    Replace,
    /// Read a view file and apply it (`--view FILE`); problems open the dialog.
    OpenFile(PathBuf),
    Close,
}

/// The two File menu entries (one call where they go).
pub fn menu_items(ui: &mut egui::Ui, commands: &mut Vec<Command>) {
    if ui
        .button("Save view…")
        .on_hover_text("Save what the window shows (map, year, selection, chart) as a view file")
        .clicked()
    {
        commands.push(Command::Views(ViewsCommand::OpenDialog(ViewsMode::Save)));
        ui.close();
    }
    if ui
        .button("Open view…")
        .on_hover_text("Open a saved view file, or the view a route-explorer image carries")
        .clicked()
    {
        commands.push(Command::Views(ViewsCommand::OpenDialog(ViewsMode::Open)));
        ui.close();
    }
}

/// The dialog, when open.
pub fn show(ctx: &egui::Context, state: &AppState, commands: &mut Vec<Command>) {
    let Some(dialog) = &state.ui.views else {
        return;
    };
    let mut push = |c| commands.push(Command::Views(c));
    let title = match dialog.mode {
        ViewsMode::Save => "Save view",
        ViewsMode::Open => "Open view",
    };
    egui::Window::new(title)
        .collapsible(false)
        .resizable(false)
        .anchor(Align2::CENTER_CENTER, [0.0, 0.0])
        .show(ctx, |ui| {
            ui.label(match dialog.mode {
                ViewsMode::Save => {
                    "The map's area and layers, the year, the selection, the tab and the chart \
                     with its options, as a small JSON file."
                }
                ViewsMode::Open => {
                    "A view file saved here, or an image (PNG or SVG) route-explorer exported: \
                     it carries the view it was made from."
                }
            });
            if let Some(path) = super::path_field(ui, "View file:", &dialog.path) {
                push(ViewsCommand::SetPath(path));
            }
            super::show_outcome(ui, &dialog.outcome);
            ui.horizontal(|ui| {
                if dialog.confirm_overwrite {
                    ui.label(format!("{} exists. Replace it?", dialog.path.trim()));
                    if ui.button("Replace").clicked() {
                        push(ViewsCommand::Replace);
                    }
                } else {
                    let action = match dialog.mode {
                        ViewsMode::Save => "Save",
                        ViewsMode::Open => "Open",
                    };
                    if ui.button(action).clicked() {
                        push(ViewsCommand::Confirm);
                    }
                }
                if ui.button("Close").clicked() {
                    push(ViewsCommand::Close);
                }
            });
        });
}

/// Apply a dialog command: the one place view files are read and written.
pub fn apply(app: &mut App, command: ViewsCommand) {
    match command {
        ViewsCommand::OpenDialog(mode) => {
            let path = app.state.export_dir.join("view.json");
            app.state.ui.views = Some(ViewsDialog {
                mode,
                path: path.display().to_string(),
                confirm_overwrite: false,
                outcome: None,
            });
        }
        ViewsCommand::SetPath(p) => {
            if let Some(d) = &mut app.state.ui.views {
                d.path = p;
                d.confirm_overwrite = false;
            }
        }
        ViewsCommand::Close => app.state.ui.views = None,
        ViewsCommand::OpenFile(path) => open_file(app, path),
        ViewsCommand::Confirm | ViewsCommand::Replace => {
            let Some(dialog) = app.state.ui.views.clone() else {
                return;
            };
            let path = PathBuf::from(dialog.path.trim());
            if dialog.path.trim().is_empty() {
                set_outcome(app, Err("Choose a file name.".to_owned()));
                return;
            }
            match dialog.mode {
                ViewsMode::Open => open_file(app, path),
                ViewsMode::Save => {
                    if command == ViewsCommand::Confirm && path.is_file() {
                        if let Some(d) = &mut app.state.ui.views {
                            d.confirm_overwrite = true;
                        }
                        return;
                    }
                    let view = view_of_state(&app.state, app.map.as_ref());
                    let outcome = crate::export::write_atomic(&path, view.to_json().as_bytes())
                        .map(|()| format!("Saved view {}", path.display()));
                    set_outcome(app, outcome);
                }
            }
        }
    }
}

fn set_outcome(app: &mut App, outcome: Result<String, String>) {
    if let Some(d) = &mut app.state.ui.views {
        d.confirm_overwrite = false;
        d.outcome = Some(outcome);
    }
}

/// Read `path` and apply it. A file that cannot be used changes nothing and
/// opens the dialog with the problem; what the view names but the dataset
/// lacks is left out and said.
fn open_file(app: &mut App, path: PathBuf) {
    let view = match read_view(&path) {
        Ok(v) => v,
        Err(e) => {
            app.state.ui.views = Some(open_dialog(
                &path,
                Err(format!("{e}. The window is unchanged.")),
            ));
            return;
        }
    };
    // Files the view names that are not imported here yet: read them first,
    // then open the view (`finish_open`, from `App::poll_imports`), so its
    // imported series exist when its choices are applied.
    let wanted: Vec<PathBuf> = view
        .imported_files
        .iter()
        .map(|f| PathBuf::from(&f.path))
        .filter(|p| !app.state.imports.layers.iter().any(|l| &l.path == p))
        .collect();
    if wanted.is_empty() {
        finish_open(app, path, &view);
        return;
    }
    app.state.ui.views = Some(open_dialog(
        &path,
        Ok(format!(
            "Importing the {} file(s) {} names; the view opens once they are read.",
            wanted.len(),
            path.display()
        )),
    ));
    app.state.imports.pending_view = Some((path, view));
    app.apply(Command::Import(ImportCommand::Files(wanted)));
}

fn open_dialog(path: &std::path::Path, outcome: Result<String, String>) -> ViewsDialog {
    ViewsDialog {
        mode: ViewsMode::Open,
        path: path.display().to_string(),
        confirm_overwrite: false,
        outcome: Some(outcome),
    }
}

/// Apply a view whose imported files have been read (or could not be):
/// what it names but the window lacks is left out and said, and so is a
/// file that changed since the view was saved.
pub fn finish_open(app: &mut App, path: PathBuf, view: &View) {
    let (commands, mut notes) = commands_for(view, &app.state.dataset);
    for f in &view.imported_files {
        let layer = app
            .state
            .imports
            .layers
            .iter()
            .find(|l| l.path == std::path::Path::new(&f.path));
        match layer {
            None => notes.push(format!(
                "{} (named by the view) could not be imported; see the Imported tab",
                f.path
            )),
            Some(l) if !f.sha256.is_empty() && l.sha256 != f.sha256 => notes.push(format!(
                "{} changed since the view was saved (SHA-256 {} then, {} now)",
                f.path,
                crate::import::persist::short(&f.sha256),
                crate::import::persist::short(&l.sha256)
            )),
            Some(_) => {}
        }
    }
    for c in commands {
        app.apply(c);
    }
    app.state.ui.views = if notes.is_empty() {
        None
    } else {
        Some(open_dialog(
            &path,
            Err(format!(
                "Opened {}, except: {}",
                path.display(),
                notes.join("; ")
            )),
        ))
    };
}

/// A view file, or the view embedded in an exported PNG or SVG.
fn read_view(path: &std::path::Path) -> Result<View, String> {
    View::read_file_or_image(path)
}

/// What the window shows, as a view. `map`: the live map (its centre, zoom
/// and the area on screen); without it, the centre and zoom last recorded.
pub fn view_of_state(state: &AppState, map: Option<&MapView>) -> View {
    let ui = &state.ui;
    let ((lon, lat), zoom) = map.map_or((ui.map.center_lon_lat, ui.map.zoom), MapView::view);
    let bbox = map.and_then(|m| {
        let r = m.last_rect()?;
        let e = extent_on_screen(lon, lat, zoom, r.width().into(), r.height().into())?;
        Some([e.west, e.south, e.east, e.north])
    });
    let series = active_series(state)
        .map(|s| s.series)
        .or_else(|| ui.map.choropleth.as_ref().map(|k| k.series.clone()));
    let cs = &ui.charts;
    let mut options = crate::app::imports::chart_options(state);
    // An oblast view not yet opened shows these oblasts (as the chart tab does).
    if cs.chart.is_oblast_view()
        && let Some(keys) = cs.opening_oblasts(&state.dataset)
    {
        options.oblasts = keys;
    }
    let dataset = (!state.dataset_sha256.is_empty()).then(|| DatasetRef {
        label: state.dataset_label.clone(),
        sha256: state.dataset_sha256.clone(),
    });
    View {
        dataset,
        central_tab: match ui.central_tab {
            CentralTab::Map => Tab::Map,
            CentralTab::Charts => Tab::Charts,
            CentralTab::Imported => Tab::Imported,
        },
        map: MapSection {
            center: Some([lon, lat]),
            zoom: Some(zoom),
            bbox,
            layers: Layers {
                routes: ui.map.show_routes,
                flows: ui.map.show_flows,
                places: ui.map.show_places,
                oblasts: ui.map.show_oblasts,
                legend: ui.map.show_legend,
                online_tiles: ui.map.online_tiles,
            },
            oblast_series: series,
        },
        // The year on the map (the timeline's, brought into the series' years).
        year: timeline_year(state).or(ui.year),
        selection: ui.selection.as_ref().map(|s| match s {
            Selection::Route(id) => ViewSelection::Route(id.clone()),
            Selection::Place(id) => ViewSelection::Place(id.clone()),
            Selection::Leg(a, b) => ViewSelection::Leg(a.clone(), b.clone()),
            Selection::Oblast(h) => ViewSelection::Oblast(h.clone()),
        }),
        hidden_routes: HiddenRoutes {
            origins: ui.filter.hidden_origins.iter().cloned().collect(),
            modes: ui.filter.hidden_modes.iter().copied().collect(),
            statuses: ui.filter.hidden_statuses.iter().copied().collect(),
        },
        chart: ChartSection::from_options(cs.chart, &options),
        imported_files: crate::import::command_line::provenance_entries(&state.imports.layers)
            .into_iter()
            .map(|(path, sha256)| ImportedFile { path, sha256 })
            .collect(),
        ..View::default()
    }
}

/// The commands that set the window to `view`, and notes on what the
/// dataset does not have (left out).
pub fn commands_for(view: &View, dataset: &Dataset) -> (Vec<Command>, Vec<String>) {
    let mut out = Vec::new();
    let mut notes = Vec::new();
    out.push(Command::SetCentralTab(match view.central_tab {
        Tab::Map => CentralTab::Map,
        Tab::Charts => CentralTab::Charts,
        Tab::Imported => CentralTab::Imported,
    }));
    let l = view.map.layers;
    for (layer, on) in [
        (Layer::Routes, l.routes),
        (Layer::Flows, l.flows),
        (Layer::Places, l.places),
        (Layer::Oblasts, l.oblasts),
        (Layer::Legend, l.legend),
        (Layer::OnlineTiles, l.online_tiles),
    ] {
        out.push(Command::Map(MapCommand::ShowLayer(layer, on)));
    }
    out.push(Command::Map(MapCommand::SetChoropleth(
        view.map
            .oblast_series
            .clone()
            .map(|series| ChoroplethKey { series }),
    )));
    out.push(Command::SetYear(view.year));
    out.push(Command::ResetFilters);
    let h = &view.hidden_routes;
    for o in &h.origins {
        out.push(Command::ShowOrigin(o.clone(), false));
    }
    for m in &h.modes {
        out.push(Command::ShowMode(*m, false));
    }
    for s in &h.statuses {
        out.push(Command::ShowStatus(*s, false));
    }
    let c = &view.chart;
    for cmd in [
        ChartCommand::Select(c.id.0),
        ChartCommand::SetDrug(c.drug.0),
        ChartCommand::SetLogScale(c.log_scale),
        ChartCommand::SetIndexBase(c.index_base_year),
        ChartCommand::SetValueLabels(c.value_labels),
        ChartCommand::SetShowPrinted(c.show_printed),
        ChartCommand::SetChartYear(c.year),
        ChartCommand::SetFromYear(c.from_year),
        ChartCommand::ClearOblasts,
    ] {
        out.push(Command::Chart(cmd));
    }
    // The imported series the view's chart drew, those this window has.
    let mut imported = std::collections::BTreeSet::new();
    for (id, label) in &c.imported_series {
        if dataset.figures.iter().any(|f| &f.series == id) {
            imported.insert(id.clone());
        } else {
            notes.push(format!("imported series '{label}' is not in this window"));
        }
    }
    out.push(Command::Chart(ChartCommand::SetImportedSeries(imported)));
    let mut seen = std::collections::BTreeSet::new();
    for key in &c.oblasts_in(dataset) {
        if dataset.region(key).is_none() {
            notes.push(format!("oblast '{key}' is not in this dataset"));
        } else if seen.insert(key.as_str()) {
            out.push(Command::Chart(ChartCommand::ToggleOblast(key.clone())));
        }
    }
    let selection = view.selection.as_ref().and_then(|s| {
        let (sel, known) = match s {
            ViewSelection::Route(id) => (Selection::Route(id.clone()), dataset.route(id).is_some()),
            ViewSelection::Place(id) => (Selection::Place(id.clone()), dataset.place(id).is_some()),
            ViewSelection::Leg(a, b) => (
                Selection::Leg(a.clone(), b.clone()),
                dataset.place(a).is_some() && dataset.place(b).is_some(),
            ),
            ViewSelection::Oblast(h) => (Selection::Oblast(h.clone()), dataset.region(h).is_some()),
        };
        if !known {
            notes.push(format!("the selection {s:?} is not in this dataset"));
        }
        known.then_some(sel)
    });
    out.push(Command::Select(selection));
    match (view.map.center, view.map.zoom, view.map.bbox) {
        (Some([lon, lat]), Some(zoom), _) if lon.is_finite() && lat.is_finite() => {
            out.push(Command::Map(MapCommand::SetView { lon, lat, zoom }));
        }
        (_, _, Some(bbox)) => out.push(Command::Map(MapCommand::FitExtent(bbox))),
        _ => out.push(Command::Map(MapCommand::FitAll)),
    }
    (out, notes)
}
