//! Saved views in the window, driven as a user would: save a view, change
//! everything, open it again; damaged and unknown views change nothing; the
//! images the window exports carry their view, and the command line
//! re-renders them byte for byte.

// Every app runs in an isolated environment (temporary home, stub tile server).
mod common;

use std::path::{Path, PathBuf};
use std::process::Command as Process;

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use route_explorer::app::map::{ChoroplethKey, Layer, MapCommand};
use route_explorer::app::panels::charts::{ChartCommand, ExportFormat};
use route_explorer::app::panels::map_export::{MapExportCommand, MapExportFormat};
use route_explorer::app::panels::views::ViewsCommand;
use route_explorer::app::{App, CentralTab, Command, Selection, UiState};
use route_explorer::charts::{ChartDrug, ChartId};
use route_explorer::model::RouteStatus;

fn harness(app: App) -> Harness<'static, App> {
    Harness::builder()
        .with_size([1280.0, 800.0])
        .build_ui_state(|ui, app: &mut App| app.ui(ui), app)
}

/// The window's start on the embedded dataset, in a temporary home.
fn embedded_app() -> App {
    common::TestEnv::new().app(None)
}

/// The window's start on the oblast timeline fixture (series with several years).
fn fixture_app() -> App {
    common::TestEnv::new().app(Some(&common::fixture("good/oblast-timeline.json")))
}

fn apply_all(h: &mut Harness<'static, App>, commands: Vec<Command>) {
    for c in commands {
        h.state_mut().apply(c);
    }
    h.run_steps(3);
}

/// What a view restores: the persisted UI state (dialogs left out), with the
/// map centre rounded to what a saved file keeps to the metre.
fn restorable(app: &App) -> UiState {
    let mut ui = app.state.ui.clone();
    ui.views = None;
    ui.map_export = None;
    let (lon, lat) = ui.map.center_lon_lat;
    let r = |v: f64| (v * 1e5).round() / 1e5;
    ui.map.center_lon_lat = (r(lon), r(lat));
    ui.map.zoom = r(ui.map.zoom);
    ui
}

/// "Save view…", the file name, "Save".
fn save_view(h: &mut Harness<'static, App>, path: &Path) {
    h.get_by_label("File").click();
    h.run_steps(2);
    h.get_by_label("Save view…").click();
    h.run_steps(2);
    h.state_mut().apply(Command::Views(ViewsCommand::SetPath(
        path.display().to_string(),
    )));
    h.run_steps(1);
    h.get_by_label("Save").click();
    h.run_steps(2);
    h.get_by_label(&format!("Saved view {}", path.display()));
    h.get_by_label("Close").click();
    h.run_steps(2);
    assert!(h.state().state.ui.views.is_none());
}

/// What the views dialog last said, if it is open.
fn views_outcome(app: &App) -> Option<Result<String, String>> {
    app.state.ui.views.as_ref().and_then(|d| d.outcome.clone())
}

/// "Open view…", the file name, "Open".
fn open_view(h: &mut Harness<'static, App>, path: &Path) {
    h.get_by_label("File").click();
    h.run_steps(2);
    h.get_by_label("Open view…").click();
    h.run_steps(2);
    h.state_mut().apply(Command::Views(ViewsCommand::SetPath(
        path.display().to_string(),
    )));
    h.run_steps(1);
    h.get_by_label("Open").click();
    h.run_steps(3);
}

#[test]
fn a_saved_view_restores_tab_layers_selection_filter_map_and_chart_options() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("west.json");
    let mut h = harness(embedded_app());
    h.run_steps(2);
    let first_route = h.state().state.dataset.routes[0].id.clone();
    // State A: everything away from the defaults.
    apply_all(
        &mut h,
        vec![
            Command::Chart(ChartCommand::Select(ChartId::OblastSlope)),
            Command::Chart(ChartCommand::SetDrug(ChartDrug::Opium)),
            Command::Chart(ChartCommand::SetLogScale(true)),
            Command::Chart(ChartCommand::SetValueLabels(true)),
            Command::Chart(ChartCommand::SetShowPrinted(false)),
            Command::Chart(ChartCommand::SetIndexBase(Some(2003))),
            Command::Chart(ChartCommand::SetChartYear(Some(2006))),
            Command::Chart(ChartCommand::SetFromYear(Some(2005))),
            Command::Chart(ChartCommand::ClearOblasts),
            Command::Chart(ChartCommand::ToggleOblast("KZ.SK".into())),
            Command::Chart(ChartCommand::ToggleOblast("KZ.WK".into())),
            Command::Map(MapCommand::ShowLayer(Layer::Flows, false)),
            Command::Map(MapCommand::ShowLayer(Layer::Legend, false)),
            Command::Map(MapCommand::ShowLayer(Layer::Places, false)),
            Command::Map(MapCommand::SetChoropleth(Some(ChoroplethKey {
                series: "oblast-opium-seizures".into(),
            }))),
            Command::SetYear(Some(2006)),
            Command::Select(Some(Selection::Place("nukus".into()))),
            Command::ShowOrigin("TJ".into(), false),
            Command::ShowStatus(RouteStatus::Likely, false),
            Command::Map(MapCommand::SetView {
                lon: 58.5,
                lat: 44.25,
                zoom: 6.0,
            }),
        ],
    );
    h.get_by_label("Charts").click();
    h.run_steps(3);
    let saved = restorable(h.state());
    assert_eq!(saved.central_tab, CentralTab::Charts);
    save_view(&mut h, &path);
    let text = std::fs::read_to_string(&path).expect("the view file was written");
    assert!(
        text.contains("\"format\": \"route-explorer-view\""),
        "{text}"
    );
    assert!(text.contains("\"id\": \"oblast-slope\""), "{text}");

    // State B: every one of those changed again.
    apply_all(
        &mut h,
        vec![
            Command::Chart(ChartCommand::Select(ChartId::NationalSeizures)),
            Command::Chart(ChartCommand::SetDrug(ChartDrug::Heroin)),
            Command::Chart(ChartCommand::SetLogScale(false)),
            Command::Chart(ChartCommand::SetValueLabels(false)),
            Command::Chart(ChartCommand::SetShowPrinted(true)),
            Command::Chart(ChartCommand::SetIndexBase(None)),
            Command::Chart(ChartCommand::SetChartYear(None)),
            Command::Chart(ChartCommand::SetFromYear(None)),
            Command::Chart(ChartCommand::ToggleOblast("KZ.SK".into())),
            Command::Map(MapCommand::ShowLayer(Layer::Flows, true)),
            Command::Map(MapCommand::ShowLayer(Layer::Legend, true)),
            Command::Map(MapCommand::ShowLayer(Layer::Places, true)),
            Command::Map(MapCommand::ShowLayer(Layer::Routes, false)),
            Command::Map(MapCommand::SetChoropleth(Some(ChoroplethKey {
                series: "oblast-heroin-seizures".into(),
            }))),
            Command::SetYear(None),
            Command::Select(Some(Selection::Route(first_route))),
            Command::ResetFilters,
            Command::Map(MapCommand::SetView {
                lon: 70.0,
                lat: 48.0,
                zoom: 4.5,
            }),
        ],
    );
    h.get_by_label("Map").click();
    h.run_steps(3);
    let changed = restorable(h.state());
    for (what, differs) in [
        ("tab", changed.central_tab != saved.central_tab),
        ("chart", changed.charts.chart != saved.charts.chart),
        ("drug", changed.charts.drug != saved.charts.drug),
        ("log", changed.charts.log_scale != saved.charts.log_scale),
        (
            "labels",
            changed.charts.value_labels != saved.charts.value_labels,
        ),
        (
            "printed",
            changed.charts.show_printed != saved.charts.show_printed,
        ),
        (
            "index",
            changed.charts.index_base_year != saved.charts.index_base_year,
        ),
        ("chart year", changed.charts.year != saved.charts.year),
        (
            "from year",
            changed.charts.from_year != saved.charts.from_year,
        ),
        ("oblasts", changed.charts.oblasts != saved.charts.oblasts),
        ("layers", changed.map.show_flows != saved.map.show_flows),
        (
            "routes layer",
            changed.map.show_routes != saved.map.show_routes,
        ),
        ("series", changed.map.choropleth != saved.map.choropleth),
        ("year", changed.year != saved.year),
        ("selection", changed.selection != saved.selection),
        ("filter", changed.filter != saved.filter),
        (
            "centre",
            changed.map.center_lon_lat != saved.map.center_lon_lat,
        ),
        ("zoom", changed.map.zoom != saved.map.zoom),
    ] {
        assert!(differs, "{what} was not changed");
    }

    open_view(&mut h, &path);
    assert!(
        h.state().state.ui.views.is_none(),
        "the dialog closes: {:?}",
        h.state().state.ui.views
    );
    assert_eq!(restorable(h.state()), saved);
    // The window shows it: the chart tab with the slope chart's options.
    h.get_by_label("Show the printed reading");
}

#[test]
fn a_saved_view_restores_the_oblast_figure_and_year() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("2004.json");
    let mut h = harness(fixture_app());
    h.run_steps(2);
    apply_all(
        &mut h,
        vec![
            Command::Map(MapCommand::SetChoropleth(Some(ChoroplethKey {
                series: "test-oblast-heroin-seizures".into(),
            }))),
            Command::SetYear(Some(2004)),
        ],
    );
    save_view(&mut h, &path);
    apply_all(
        &mut h,
        vec![
            Command::Map(MapCommand::SetChoropleth(Some(ChoroplethKey {
                series: "test-oblast-opium-seizures".into(),
            }))),
            Command::SetYear(Some(2005)),
        ],
    );
    open_view(&mut h, &path);
    let ui = &h.state().state.ui;
    assert_eq!(ui.year, Some(2004));
    assert_eq!(
        ui.map.choropleth.as_ref().map(|k| k.series.as_str()),
        Some("test-oblast-heroin-seizures")
    );
}

#[test]
fn damaged_unknown_and_foreign_views_change_nothing_and_say_why() {
    let dir = tempfile::tempdir().unwrap();
    let damaged = dir.path().join("damaged.json");
    std::fs::write(
        &damaged,
        "{\"format\": \"route-explorer-view\",\n \"version\": 1,\n \"year\": 20x6}\n",
    )
    .unwrap();
    let newer = dir.path().join("newer.json");
    std::fs::write(
        &newer,
        r#"{"format": "route-explorer-view", "version": 7, "brand_new": {}}"#,
    )
    .unwrap();
    let foreign = dir.path().join("routes.geojson");
    std::fs::write(&foreign, r#"{"type": "FeatureCollection", "features": []}"#).unwrap();
    let missing = dir.path().join("missing.json");

    let mut h = harness(embedded_app());
    h.run_steps(2);
    apply_all(
        &mut h,
        vec![
            Command::Chart(ChartCommand::Select(ChartId::CustomsVsAll)),
            Command::Select(Some(Selection::Place("nukus".into()))),
        ],
    );
    let before = restorable(h.state());
    for (path, problem) in [
        (&damaged, "line 3, column 12: expected `,` or `}`"),
        (&newer, "view version 7 is not supported"),
        (&foreign, "not a view"),
        (&missing, "cannot read the view"),
    ] {
        open_view(&mut h, path);
        let outcome = views_outcome(h.state());
        let Some(Err(message)) = outcome else {
            panic!("{}: no error shown: {outcome:?}", path.display());
        };
        assert!(
            message.starts_with(&format!("{}: ", path.display())) && message.contains(problem),
            "{message}"
        );
        // Shown in the dialog, and nothing the user had is lost.
        h.get_by_label(&message);
        assert_eq!(restorable(h.state()), before);
        h.get_by_label("Close").click();
        h.run_steps(2);
    }

    // `--view FILE` at start: a bad file leaves the default view and opens the
    // dialog with the problem.
    let mut app = embedded_app();
    app.apply(Command::Views(ViewsCommand::OpenFile(newer.clone())));
    assert_eq!(app.state.ui.charts.chart, ChartId::default());
    let dialog = app.state.ui.views.as_ref().expect("the dialog shows why");
    assert!(matches!(&dialog.outcome, Some(Err(m)) if m.contains("version 7")));
}

/// The binary with its home and XDG folders in `home`.
fn bin(home: &Path) -> Process {
    let mut p = Process::new(env!("CARGO_BIN_EXE_route-explorer"));
    p.env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_CACHE_HOME", home.join("cache"));
    p
}

/// `export KIND --view IMAGE -o OUT`: the image's own view, rendered again.
fn rerender(kind: &str, image: &Path, out: &Path) {
    let home = out.parent().expect("a folder").join("home");
    let o = bin(&home)
        .args(["export", kind, "--view"])
        .arg(image)
        .arg("-o")
        .arg(out)
        .output()
        .expect("the binary runs");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

fn same_bytes(a: &Path, b: &Path) {
    let (x, y) = (std::fs::read(a).unwrap(), std::fs::read(b).unwrap());
    assert!(x == y, "{} and {} differ", a.display(), b.display());
}

#[test]
fn window_exports_carry_their_view_and_re_render_identically_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(embedded_app());
    h.run_steps(2);
    apply_all(
        &mut h,
        vec![
            Command::Chart(ChartCommand::Select(ChartId::OblastComparison)),
            Command::Chart(ChartCommand::SetLogScale(true)),
            Command::Select(Some(Selection::Place("nukus".into()))),
            Command::Map(MapCommand::ShowLayer(Layer::Flows, false)),
        ],
    );
    // The map, as on screen (1500 × 1000 PNG and SVG).
    let mut map_files = Vec::new();
    for (format, name) in [
        (MapExportFormat::PngScreen, "map.png"),
        (MapExportFormat::Svg, "map.svg"),
    ] {
        let path = dir.path().join(name);
        apply_all(
            &mut h,
            vec![
                Command::MapExport(MapExportCommand::Open),
                Command::MapExport(MapExportCommand::SetFormat(format)),
                Command::MapExport(MapExportCommand::SetPath(path.display().to_string())),
            ],
        );
        h.get_by_label("Save").click();
        h.run_steps(2);
        h.get_by_label(&format!("Saved {}", path.display()));
        h.get_by_label("Close").click();
        h.run_steps(2);
        map_files.push(path);
    }
    // The chart, from its tab's Export dialog (PNG 1x and SVG).
    h.get_by_label("Charts").click();
    h.run_steps(3);
    let mut chart_files = Vec::new();
    for (format, name) in [
        (ExportFormat::Png1x, "chart.png"),
        (ExportFormat::Svg, "chart.svg"),
    ] {
        let path = dir.path().join(name);
        h.get_by_label("Export...").click();
        h.run_steps(2);
        apply_all(
            &mut h,
            vec![
                Command::Chart(ChartCommand::SetExportFormat(format)),
                Command::Chart(ChartCommand::SetExportPath(path.display().to_string())),
            ],
        );
        h.get_by_label("Save").click();
        h.run_steps(3);
        assert!(path.is_file(), "{} was written", path.display());
        chart_files.push(path);
    }
    for path in &map_files {
        let again = path.with_file_name(format!(
            "again-{}",
            path.file_name().unwrap().to_string_lossy()
        ));
        rerender("map", path, &again);
        same_bytes(path, &again);
    }
    for path in &chart_files {
        let again: PathBuf = path.with_file_name(format!(
            "again-{}",
            path.file_name().unwrap().to_string_lossy()
        ));
        rerender("chart", path, &again);
        same_bytes(path, &again);
    }

    // An exported image opens as a view in the window.
    apply_all(
        &mut h,
        vec![
            Command::Chart(ChartCommand::Select(ChartId::CustomsVsAll)),
            Command::Select(None),
        ],
    );
    open_view(&mut h, &chart_files[0]);
    let ui = &h.state().state.ui;
    assert_eq!(ui.charts.chart, ChartId::OblastComparison);
    assert!(ui.charts.log_scale && !ui.map.show_flows);
    assert_eq!(ui.selection, Some(Selection::Place("nukus".into())));
}

fn imports_done(app: &App) -> bool {
    app.state.imports.job.is_none()
        && app.state.imports.queued.is_empty()
        && app.state.imports.pending_view.is_none()
}

#[test]
fn opening_a_view_imports_the_files_it_names_then_draws_their_series_as_saved() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("my-oblasts.csv");
    std::fs::copy(common::fixture("import/good/oblasts-made-up.csv"), &file).unwrap();
    let view_path = dir.path().join("with-import.view.json");

    // A first window: the file imported (its series go on the map and into
    // the oblast chart), the oblast chart open, the view saved.
    let mut h = harness(embedded_app());
    h.state_mut()
        .apply(Command::Import(route_explorer::app::ImportCommand::Files(
            vec![file.clone()],
        )));
    common::step_until(&mut h, "the import", imports_done);
    let imported_on_map = h.state().state.ui.map.choropleth.clone();
    assert!(
        imported_on_map
            .as_ref()
            .is_some_and(|k| k.series.starts_with("imported")),
        "{imported_on_map:?}"
    );
    // The map back on a curated series: opening the view must not leave
    // the map on the imported layer, as a fresh import would.
    apply_all(
        &mut h,
        vec![
            Command::SetCentralTab(CentralTab::Charts),
            Command::Chart(ChartCommand::Select(ChartId::OblastComparison)),
            Command::Map(MapCommand::SetChoropleth(Some(ChoroplethKey {
                series: "oblast-heroin-seizures".into(),
            }))),
        ],
    );
    let saved = restorable(h.state());
    assert!(!saved.charts.imported_series.is_empty());
    save_view(&mut h, &view_path);
    drop(h);

    // A new window with nothing imported opens the view: it reads the file
    // first, says so, then shows what was saved.
    let mut h = harness(embedded_app());
    h.state_mut()
        .apply(Command::Views(ViewsCommand::OpenFile(view_path.clone())));
    assert!(h.state().state.imports.pending_view.is_some());
    let outcome = views_outcome(h.state());
    assert!(
        matches!(&outcome, Some(Ok(t)) if t.starts_with("Importing the 1 file(s)")),
        "{outcome:?}"
    );
    common::step_until(&mut h, "the view's import", imports_done);
    let opened = restorable(h.state());
    assert_eq!(h.state().state.imports.layers.len(), 1);
    assert_eq!(h.state().state.imports.layers[0].path, file);
    assert_eq!(opened.map.choropleth, saved.map.choropleth);
    assert_eq!(opened.charts.imported_series, saved.charts.imported_series);
    assert_eq!(opened.charts.chart, ChartId::OblastComparison);
    assert_eq!(opened.central_tab, CentralTab::Charts);
    assert!(h.state().state.ui.views.is_none(), "nothing to report");
    drop(h);

    // The file changes: the view still opens, and says the file changed.
    let text = std::fs::read_to_string(&file)
        .unwrap()
        .replace(",100,", ",101,");
    std::fs::write(&file, text).unwrap();
    let mut h = harness(embedded_app());
    open_view(&mut h, &view_path);
    common::step_until(&mut h, "the view's import", imports_done);
    h.get_by_label_contains("my-oblasts.csv changed since the view was saved");
    assert_eq!(restorable(h.state()).map.choropleth, saved.map.choropleth);

    // The file is gone: the rest of the view opens, and the dialog says why
    // the imported series are missing.
    std::fs::remove_file(&file).unwrap();
    let mut h = harness(embedded_app());
    open_view(&mut h, &view_path);
    common::step_until(&mut h, "the view's import", imports_done);
    h.get_by_label_contains("could not be imported");
    assert_eq!(restorable(h.state()).central_tab, CentralTab::Charts);
    assert!(h.state().state.imports.layers.is_empty());
}
