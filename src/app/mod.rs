//! The window. App logic (state + `apply`) is kept apart from drawing
//! (panels read `AppState` and push `Command`s).

pub mod command;
pub mod map;
pub mod panels;
pub mod startup_probe;
pub mod state;
pub mod style_egui;

use std::path::Path;
use std::process::ExitCode;

use std::sync::Arc;

use crate::analysis::route_facts::all_route_facts;
use crate::basemap::Basemap;
use crate::model::Dataset;
use crate::model::load::{self, LoadError};

pub use command::Command;
pub use state::{AppState, CentralTab, LeftTab, Selection, UiState};

pub const WINDOW_TITLE: &str = "Route & Seizure Explorer";
/// eframe storage key and app id (settings folder name).
pub const APP_ID: &str = "route-explorer";
const STORAGE_KEY: &str = "ui_state";

pub struct App {
    pub state: AppState,
    /// The map view; `None` if the embedded basemap could not be loaded.
    pub map: Option<map::MapView>,
    /// Why the basemap is missing, shown in the map tab.
    pub basemap_error: Option<String>,
}

impl App {
    /// Build the app from a dataset that is already loaded.
    pub fn new(
        dataset: Dataset,
        dataset_label: String,
        load_problems: Vec<String>,
        ui: UiState,
    ) -> Self {
        let (basemap, basemap_error) = match Basemap::embedded() {
            Ok(b) => (Some(Arc::new(b)), None),
            Err(e) => (None, Some(e.to_string())),
        };
        let route_facts = basemap
            .as_deref()
            .map(|b| all_route_facts(&dataset, b))
            .unwrap_or_default();
        let map = basemap.map(|b| map::MapView::new(b, &ui.map));
        let mut state = AppState {
            dataset,
            dataset_label,
            load_problems,
            ui,
            route_facts,
            preview_year: None,
            network: Default::default(),
            corridor: None,
        };
        state.sanitize();
        let mut app = App {
            state,
            map,
            basemap_error,
        };
        app.refresh_analysis();
        app
    }

    /// Recompute the chokepoint network and the corridor summary.
    fn refresh_analysis(&mut self) {
        let basemap = self.map.as_ref().map(|m| m.basemap());
        self.state.refresh_analysis(basemap);
    }

    /// The embedded dataset, or a `--data` file; a bad file falls back to the
    /// embedded data and keeps its problems for the window to show.
    pub fn from_data_arg(data: Option<&Path>, ui: UiState) -> Result<Self, LoadError> {
        let embedded = load::load_embedded()?;
        let Some(path) = data else {
            return Ok(App::new(
                embedded,
                load::EMBEDDED_LABEL.to_owned(),
                vec![],
                ui,
            ));
        };
        match load::load_file(path) {
            Ok(dataset) => Ok(App::new(dataset, path.display().to_string(), vec![], ui)),
            Err(err) => {
                let lines = err.lines();
                for line in &lines {
                    eprintln!("{line}");
                }
                Ok(App::new(
                    embedded,
                    load::EMBEDDED_LABEL.to_owned(),
                    lines,
                    ui,
                ))
            }
        }
    }

    /// The one place state changes.
    pub fn apply(&mut self, command: Command) {
        // Filters change the network; selections change the corridor summary.
        let reanalyse = matches!(
            command,
            Command::Select(_)
                | Command::ShowOrigin(..)
                | Command::ShowMode(..)
                | Command::ShowStatus(..)
                | Command::ResetFilters
        );
        let ui = &mut self.state.ui;
        match command {
            Command::Select(selection) => ui.selection = selection,
            Command::ShowOrigin(country, show) => {
                set_hidden(&mut ui.filter.hidden_origins, country, show)
            }
            Command::ShowMode(mode, show) => set_hidden(&mut ui.filter.hidden_modes, mode, show),
            Command::ShowStatus(status, show) => {
                set_hidden(&mut ui.filter.hidden_statuses, status, show)
            }
            Command::ResetFilters => ui.filter = Default::default(),
            Command::SetCentralTab(tab) => ui.central_tab = tab,
            Command::DismissLoadProblems => self.state.load_problems.clear(),
            Command::Chart(command) => ui.charts.apply(command),
            Command::Map(command) => self.apply_map(command),
            Command::SetYear(year) => ui.year = year,
            Command::PreviewYear(year) => self.state.preview_year = year,
            Command::MapExport(command) => panels::map_export::apply(self, command),
            Command::SetLeftTab(tab) => ui.left_tab = tab,
            Command::Chokepoints(command) => ui.chokepoints.apply(command),
        }
        if reanalyse {
            self.refresh_analysis();
        }
    }

    fn apply_map(&mut self, command: map::MapCommand) {
        use map::{FitBox, MapCommand};
        let data = &self.state.dataset;
        let map_ui = &mut self.state.ui.map;
        match command {
            MapCommand::ShowLayer(layer, on) => map_ui.set(layer, on),
            MapCommand::SetChoropleth(key) => map_ui.choropleth = key,
            MapCommand::FitAll => {
                let fit = FitBox::around(data.places.iter().map(|p| (p.lon, p.lat)));
                if let (Some(view), Some(fit)) = (self.map.as_mut(), fit) {
                    view.request_fit(fit);
                }
            }
            MapCommand::FitRoute(id) => {
                let fit = data.route(&id).and_then(|r| {
                    FitBox::around(
                        r.waypoints
                            .iter()
                            .filter_map(|w| data.place(&w.place))
                            .map(|p| (p.lon, p.lat)),
                    )
                });
                if let (Some(view), Some(fit)) = (self.map.as_mut(), fit) {
                    view.request_fit(fit);
                }
            }
            MapCommand::FitPlaces(ids) => {
                let fit = FitBox::around(
                    ids.iter()
                        .filter_map(|id| data.place(id))
                        .map(|p| (p.lon, p.lat)),
                );
                if let (Some(view), Some(fit)) = (self.map.as_mut(), fit) {
                    view.request_fit(fit);
                }
            }
            MapCommand::CenterOn(id) => {
                if let (Some(view), Some(p)) = (self.map.as_mut(), data.place(&id)) {
                    view.center_on(p.lon, p.lat, 8.0);
                }
            }
            MapCommand::ZoomBy(delta) => {
                if let Some(view) = self.map.as_mut() {
                    view.zoom_by(delta);
                }
            }
            MapCommand::Play(on) => {
                if let Some(view) = self.map.as_mut() {
                    view.set_playing(on);
                }
            }
        }
    }

    /// Draw one frame and apply what the panels asked for.
    pub fn ui(&mut self, ui: &mut egui::Ui) {
        let mut commands = Vec::new();
        panels::problems::show(ui.ctx(), &self.state, &mut commands);
        panels::map_export::show(ui.ctx(), &self.state, &mut commands);
        egui::Panel::left("routes_panel")
            .resizable(true)
            .default_size(300.0)
            .size_range(220.0..=420.0)
            .show(ui, |ui| {
                panels::chokepoints::tab_bar(ui, &self.state, &mut commands);
                match self.state.ui.left_tab {
                    LeftTab::Routes => panels::routes::show(ui, &self.state, &mut commands),
                    LeftTab::Chokepoints => {
                        panels::chokepoints::show(ui, &self.state, &mut commands)
                    }
                }
            });
        egui::Panel::right("details_panel")
            .resizable(true)
            .default_size(300.0)
            .size_range(220.0..=460.0)
            .show(ui, |ui| {
                panels::details::show(ui, &self.state, &mut commands)
            });
        egui::CentralPanel::default().show(ui, |ui| {
            panels::central::show(
                ui,
                &self.state,
                self.map.as_mut(),
                self.basemap_error.as_deref(),
                &mut commands,
            );
        });
        for command in commands {
            self.apply(command);
        }
    }
}

fn set_hidden<T: Ord>(hidden: &mut std::collections::BTreeSet<T>, value: T, show: bool) {
    if show {
        hidden.remove(&value);
    } else {
        hidden.insert(value);
    }
}

impl eframe::App for App {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        startup_probe::frame_start(ui.ctx());
        App::ui(self, ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        if let Some(view) = &self.map {
            let (center, zoom) = view.view();
            self.state.ui.map.center_lon_lat = center;
            self.state.ui.map.zoom = zoom;
        }
        eframe::set_value(storage, STORAGE_KEY, &self.state.ui);
    }
}

/// Open the window. Returns when it is closed.
pub fn run_native(data: Option<&Path>) -> ExitCode {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title(WINDOW_TITLE)
            .with_app_id(APP_ID)
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size([800.0, 500.0]),
        persist_window: true,
        ..Default::default()
    };
    let data = data.map(Path::to_path_buf);
    let result = eframe::run_native(
        APP_ID,
        options,
        Box::new(move |cc| {
            let ui_state: UiState = cc
                .storage
                .and_then(|s| eframe::get_value(s, STORAGE_KEY))
                .unwrap_or_default();
            let app = App::from_data_arg(data.as_deref(), ui_state)?;
            Ok(Box::new(app))
        }),
    );
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("route-explorer: cannot open the window: {e}");
            ExitCode::from(crate::cli::EXIT_USAGE_OR_IO)
        }
    }
}
