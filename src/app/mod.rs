//! The window. App logic (state + `apply`) is kept apart from drawing
//! (panels read `AppState` and push `Command`s).

pub mod command;
pub mod env;
pub mod facts_worker;
pub mod imports;
pub mod map;
pub mod panels;
pub mod settings;
pub mod starting;
pub mod startup_probe;
pub mod state;
pub mod style_egui;

use std::path::Path;
use std::process::ExitCode;

use std::sync::Arc;

use crate::analysis::route_facts::all_route_facts;
use crate::model::Dataset;
use crate::model::load::{self, LoadError, Loaded};

pub use command::Command;
pub use env::Environment;
pub use imports::{BrowseCommand, ImportCommand};
pub use state::{AppState, CentralTab, LeftTab, Selection, UiState};

pub const WINDOW_TITLE: &str = "Route & Seizure Explorer";
/// eframe storage key and app id (settings folder name).
pub const APP_ID: &str = "route-explorer";

pub struct App {
    pub state: AppState,
    /// The map view; `None` if the embedded basemap could not be loaded.
    pub map: Option<map::MapView>,
    /// Why the basemap is missing, shown in the map tab.
    pub basemap_error: Option<String>,
    /// Folders, endpoint and assets this app uses (see `env`).
    pub env: Environment,
    /// The saved online-tiles choice, kept as it was when `--offline` forces them off.
    saved_online_tiles: bool,
    /// Route facts being worked out in the background (`state.route_facts_pending`).
    facts_worker: Option<facts_worker::FactsWorker>,
}

impl App {
    /// Build the app from a dataset that is already loaded, in an
    /// environment that reaches nothing outside the process: online tiles
    /// point at a closed loopback port without a disk cache, exports are
    /// proposed in the current folder. The window uses `App::start`.
    pub fn new(
        dataset: Dataset,
        dataset_label: String,
        load_problems: Vec<String>,
        ui: UiState,
    ) -> Self {
        let bytes: &[u8] = if dataset_label == load::EMBEDDED_LABEL {
            load::EMBEDDED_JSON.as_bytes()
        } else {
            &[]
        };
        let loaded = Loaded {
            dataset,
            label: dataset_label,
            sha256: if bytes.is_empty() {
                String::new()
            } else {
                load::sha256_hex(bytes)
            },
            bytes: Arc::from(bytes),
        };
        App::with_env(loaded, load_problems, ui, Environment::inert())
    }

    /// Build the app from a loaded dataset in a given environment.
    pub fn with_env(
        loaded: Loaded,
        load_problems: Vec<String>,
        mut ui: UiState,
        env: Environment,
    ) -> Self {
        let (basemap, basemap_error) = match (env.assets.basemap)() {
            Ok(b) => (Some(Arc::new(b)), None),
            Err(e) => (None, Some(e)),
        };
        let saved_online_tiles = ui.map.online_tiles;
        if env.offline_reason.is_some() {
            ui.map.online_tiles = false;
        }
        let mut state = AppState::new(loaded.dataset, loaded.label, ui);
        state.dataset_sha256 = loaded.sha256;
        state.dataset_bytes = loaded.bytes;
        state.load_problems = load_problems;
        state.export_dir = env.export_dir.clone();
        state.offline_reason = env.offline_reason.clone();
        state.imports.home_dir = env.home_dir.clone();
        state.imports.native_dialogs = env.native_dialogs && cfg!(feature = "native-dialog");
        if let Some(e) = &basemap_error {
            state.notices.push(format!(
                "The offline basemap could not be loaded ({e}); the map is unavailable, the charts work."
            ));
        }
        // At 100× the data the facts take half a second: off the path to
        // the first frame when the environment says so (the window).
        let mut facts_worker = None;
        if let Some(b) = &basemap {
            if env.background_route_facts {
                match facts_worker::FactsWorker::start(state.dataset.clone(), Arc::clone(b)) {
                    Ok(worker) => {
                        facts_worker = Some(worker);
                        state.route_facts_pending = true;
                    }
                    Err(e) => {
                        eprintln!(
                            "route-explorer: no thread for route facts ({e}); working them out now"
                        );
                        state.route_facts = all_route_facts(&state.dataset, b);
                    }
                }
            } else {
                state.route_facts = all_route_facts(&state.dataset, b);
            }
        }
        let map = basemap.map(|b| {
            let mut view = map::MapView::new(b, &state.ui.map);
            view.online_endpoint = env.online.clone();
            view
        });
        for notice in &state.notices {
            eprintln!("route-explorer: {notice}");
        }
        let mut app = App {
            state,
            map,
            basemap_error,
            env,
            saved_online_tiles,
            facts_worker,
        };
        app.refresh_analysis();
        app
    }

    /// Take in the route facts when the worker has them (start of a
    /// frame). Returns whether they arrived (or the worker gave up).
    pub fn poll_route_facts(&mut self) -> bool {
        let Some(worker) = &self.facts_worker else {
            return false;
        };
        match worker.poll() {
            facts_worker::FactsPoll::Running => return false,
            facts_worker::FactsPoll::Done(facts) => self.state.route_facts = facts,
            facts_worker::FactsPoll::Failed => {
                let notice = "Route lengths and the areas routes cross could not be worked out \
                              (the worker stopped); they are left out."
                    .to_owned();
                eprintln!("route-explorer: {notice}");
                self.state.notices.push(notice);
            }
        }
        self.facts_worker = None;
        self.state.route_facts_pending = false;
        self.refresh_analysis();
        true
    }

    /// Whether route facts are still being worked out in the background.
    pub fn route_facts_pending(&self) -> bool {
        self.state.route_facts_pending
    }

    /// Recompute the chokepoint network and the corridor summary.
    fn refresh_analysis(&mut self) {
        let basemap = self.map.as_ref().map(|m| m.basemap());
        self.state.refresh_analysis(basemap);
    }

    /// The window's start: the embedded dataset, or a `--data` file; a bad
    /// file falls back to the embedded data and keeps its problems for the
    /// window to show. Never fails: with no usable dataset at all the
    /// window opens empty and says why. `notices`: messages from reading
    /// the settings.
    pub fn start(data: Option<&Path>, ui: UiState, notices: Vec<String>, env: Environment) -> Self {
        let mut problems = Vec::new();
        let from_file = data.map(load::load_file_hashed);
        let loaded = match from_file {
            Some(Ok(loaded)) => Ok(loaded),
            other => {
                if let Some(Err(err)) = other {
                    problems = err.lines();
                    for line in &problems {
                        eprintln!("{line}");
                    }
                }
                load::load_bytes_hashed(&env.assets.dataset_label, &env.assets.dataset_json)
            }
        };
        let (loaded, asset_problem) = match loaded {
            Ok(l) => (l, None),
            Err(err) => (
                Loaded {
                    dataset: load::empty_dataset("No dataset"),
                    label: "(no dataset)".to_owned(),
                    sha256: String::new(),
                    bytes: Arc::from(&[][..]),
                },
                Some(format!(
                    "The embedded dataset could not be loaded; nothing to show. {}",
                    err.lines().join("; ")
                )),
            ),
        };
        startup_probe::mark("dataset-loaded");
        let mut app = App::with_env(loaded, problems, ui, env);
        let mut front: Vec<String> = asset_problem.into_iter().collect();
        for n in &front {
            eprintln!("route-explorer: {n}");
        }
        front.extend(notices);
        front.append(&mut app.state.notices);
        app.state.notices = front;
        app
    }

    /// `App::start` in the inert environment of `App::new`.
    pub fn from_data_arg(data: Option<&Path>, ui: UiState) -> Result<Self, LoadError> {
        Ok(App::start(data, ui, vec![], Environment::inert()))
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
            Command::Map(map::MapCommand::ShowLayer(map::Layer::OnlineTiles, true))
                if self.state.offline_reason.is_some() =>
            {
                let why = self.state.offline_reason.clone().unwrap_or_default();
                let notice = format!("Online tiles stay off in this run ({why}).");
                if !self.state.notices.contains(&notice) {
                    self.state.notices.push(notice);
                }
            }
            Command::Map(command) => self.apply_map(command),
            Command::DismissNotices => self.state.notices.clear(),
            Command::SetYear(year) => ui.year = year,
            Command::PreviewYear(year) => self.state.preview_year = year,
            Command::Import(command) => self.apply_import(command),
            Command::MapExport(command) => panels::map_export::apply(self, command),
            Command::SetLeftTab(tab) => ui.left_tab = tab,
            Command::Chokepoints(command) => ui.chokepoints.apply(command),
            Command::Views(command) => panels::views::apply(self, command),
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
            MapCommand::SetView { lon, lat, zoom } => {
                if let Some(view) = self.map.as_mut() {
                    view.center_on(lon, lat, zoom);
                }
            }
            MapCommand::FitExtent([west, south, east, north]) => {
                if let Some(view) = self.map.as_mut() {
                    view.request_fit(FitBox {
                        west,
                        south,
                        east,
                        north,
                    });
                }
            }
        }
    }

    /// Draw one frame and apply what the panels asked for.
    pub fn ui(&mut self, ui: &mut egui::Ui) {
        self.poll_imports();
        if self.poll_route_facts() {
            // Everything drawn from the facts changes: draw again.
            ui.ctx().request_repaint();
        }
        let mut commands = Vec::new();
        // The map's centre and zoom as of this frame (saved views, chart exports).
        if let Some(view) = &self.map {
            let (center, zoom) = view.view();
            self.state.ui.map.center_lon_lat = center;
            self.state.ui.map.zoom = zoom;
        }
        panels::file_menu::show(ui, &self.state, &mut commands);
        panels::problems::show(ui.ctx(), &self.state, &mut commands);
        panels::notices::show(ui.ctx(), &self.state, &mut commands);
        panels::map_export::show(ui.ctx(), &self.state, &mut commands);
        panels::views::show(ui.ctx(), &self.state, &mut commands);
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
        panels::imported::drop_target(ui.ctx(), &self.state, &mut commands);
        panels::imported::browser_window(ui.ctx(), &self.state, &mut commands);
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
        self.keep_map_on_the_world();
    }

    /// A drag can carry the map's centre past the antimeridian or the
    /// poles, where there is nothing to draw; stop it at the edge.
    fn keep_map_on_the_world(&mut self) {
        let Some(view) = self.map.as_mut() else {
            return;
        };
        let ((lon, lat), zoom) = view.view();
        let lat_limit = crate::basemap::mercator::MAX_LAT;
        let inside =
            lon.is_finite() && lat.is_finite() && lon.abs() <= 180.0 && lat.abs() <= lat_limit;
        if !inside {
            let default = map::MapUiState::default().center_lon_lat;
            let fix = |v: f64, limit: f64, fallback: f64| {
                if v.is_finite() {
                    v.clamp(-limit, limit)
                } else {
                    fallback
                }
            };
            view.center_on(
                fix(lon, 180.0, default.0),
                fix(lat, lat_limit, default.1),
                zoom,
            );
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
        App::ui(self, ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        if let Some(view) = &self.map {
            let (center, zoom) = view.view();
            self.state.ui.map.center_lon_lat = center;
            self.state.ui.map.zoom = zoom;
        }
        let mut saved = self.state.ui.clone();
        if self.state.offline_reason.is_some() {
            saved.map.online_tiles = self.saved_online_tiles;
        }
        settings::save(storage, &saved);
    }
}

impl eframe::App for starting::Starting {
    fn ui(&mut self, ui: &mut egui::Ui, frame: &mut eframe::Frame) {
        let _ = frame;
        startup_probe::frame_start(ui.ctx(), self.app_drawn());
        startup_probe::mark("frame-start");
        starting::Starting::ui(self, ui);
        startup_probe::mark("frame-end");
        startup_probe::frame_end(ui.ctx(), self.app_drawn());
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        // While the app is being built nothing has changed: the saved
        // settings stay as they are.
        if let Some(app) = self.app_mut() {
            eframe::App::save(app, storage);
        }
    }
}

/// Open the window. Returns when it is closed.
pub fn run_native(data: Option<&Path>) -> ExitCode {
    run_native_in(data, Environment::from_process(false))
}

/// Open the window in `env`. Returns when it is closed.
pub fn run_native_in(data: Option<&Path>, env: Environment) -> ExitCode {
    run_native_with(data, &[], env)
}

/// Open the window in `env` with `--import` files added as layers.
pub fn run_native_with(
    data: Option<&Path>,
    imports: &[std::path::PathBuf],
    env: Environment,
) -> ExitCode {
    run_native_with_view(data, imports, None, env)
}

/// Open the window in `env` with `--import` files, on a saved view
/// (`--view FILE`). A view that cannot be used is shown in the "Open view"
/// dialog and on stderr, and the window opens as it would have without it.
pub fn run_native_with_view(
    data: Option<&Path>,
    imports: &[std::path::PathBuf],
    view: Option<&Path>,
    env: Environment,
) -> ExitCode {
    let imports = imports.to_vec();
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title(WINDOW_TITLE)
            .with_app_id(APP_ID)
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size([800.0, 500.0]),
        persist_window: true,
        persistence_path: env.settings_dir.as_ref().map(|d| d.join("app.ron")),
        ..Default::default()
    };
    let data = data.map(Path::to_path_buf);
    let view = view.map(Path::to_path_buf);
    startup_probe::mark("run-native");
    let result = eframe::run_native(
        APP_ID,
        options,
        Box::new(move |cc| {
            startup_probe::mark("creator");
            let (ui_state, notices) = settings::load(cc.storage);
            for n in &notices {
                eprintln!("route-explorer: {n}");
            }
            let what = match &data {
                Some(path) => path.file_name().map_or_else(
                    || path.display().to_string(),
                    |n| n.to_string_lossy().into_owned(),
                ),
                None => "the embedded dataset".to_owned(),
            };
            let big = data
                .as_deref()
                .and_then(|p| std::fs::metadata(p).ok())
                .is_some_and(|m| m.len() >= starting::BACKGROUND_MIN_BYTES);
            let starting = starting::Starting::new(
                &cc.egui_ctx,
                what,
                big,
                move || {
                    let app = App::start(data.as_deref(), ui_state, notices, env);
                    startup_probe::mark("app-built");
                    app
                },
                move |app, ctx| {
                    app.set_waker(ctx);
                    app.restore_imports();
                    if !imports.is_empty() {
                        app.apply(Command::Import(ImportCommand::Files(imports)));
                    }
                    if let Some(path) = view {
                        app.apply(Command::Views(panels::views::ViewsCommand::OpenFile(path)));
                        if let Some(Err(problem)) =
                            app.state.ui.views.as_ref().and_then(|d| d.outcome.as_ref())
                        {
                            eprintln!("route-explorer: {problem}");
                        }
                    }
                },
            );
            Ok(Box::new(starting))
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
