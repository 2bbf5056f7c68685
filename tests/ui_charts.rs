//! The charts tab driven as a user would (egui_kittest).

// Every app runs in an isolated environment (temporary home, stub tile server).
mod common;

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use route_explorer::app::panels::charts::{ChartCommand, ExportFormat};
use route_explorer::app::{App, CentralTab, Command, UiState};
use route_explorer::charts::ChartId;
use route_explorer::model::load::{EMBEDDED_LABEL, load_embedded};

fn charts_app(chart: ChartId) -> App {
    let mut ui = UiState {
        central_tab: CentralTab::Charts,
        ..UiState::default()
    };
    ui.charts.chart = chart;
    common::isolated_app(load_embedded().unwrap(), EMBEDDED_LABEL, ui)
}

fn harness(app: App) -> Harness<'static, App> {
    Harness::builder()
        .with_size([1400.0, 900.0])
        // The map's tile workers ask for repaints as tiles arrive; let `run` wait them out.
        .with_max_steps(200)
        .build_ui_state(|ui, app: &mut App| app.ui(ui), app)
}

#[test]
fn picking_an_oblast_in_the_list_adds_it_to_the_legend() {
    let mut h = harness(charts_app(ChartId::NationalSeizures));
    h.run();
    h.get_by_label("Oblasts").click();
    h.run();
    assert_eq!(h.state().state.ui.charts.chart, ChartId::OblastComparison);
    assert!(h.query_by_label("South Kazakhstan (heroin)").is_none());
    h.get_by_label("South Kazakhstan").click();
    h.run();
    assert!(h.state().state.ui.charts.oblasts.contains("KZ.SK"));
    // The legend entry (a checkbox in egui_plot's legend) names the oblast and drug.
    h.get_by_label("South Kazakhstan (heroin)");
    // Switching the drug relabels it; a stated change is marked on the chart.
    h.get_by_label("opium").click();
    h.run();
    h.get_by_label("South Kazakhstan (opium): stated change only");
    // Unticking removes it again.
    h.get_by_label("South Kazakhstan").click();
    h.run();
    assert!(
        h.query_by_label("South Kazakhstan (opium): stated change only")
            .is_none()
    );
}

#[test]
fn the_map_toggle_command_selects_oblasts_for_the_comparison() {
    let mut app = charts_app(ChartId::OblastComparison);
    app.apply(Command::Chart(ChartCommand::ToggleOblast("KZ.AC".into())));
    let mut h = harness(app);
    h.run();
    h.get_by_label("Almaty City (heroin)");
}

#[test]
fn national_chart_shows_both_readings_in_the_legend() {
    let mut h = harness(charts_app(ChartId::NationalSeizures));
    h.run();
    h.get_by_label("Opiate seizures (cross-checked reading)");
    h.get_by_label("As printed in the article (evidence only)");
    h.get_by_label("Show the printed reading").click();
    h.run();
    assert!(
        h.query_by_label("As printed in the article (evidence only)")
            .is_none()
    );
}

#[test]
fn export_dialog_writes_a_png_and_asks_before_overwriting() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("national.png");
    let mut app = charts_app(ChartId::NationalSeizures);
    app.apply(Command::Chart(ChartCommand::OpenExport {
        format: ExportFormat::Png2x,
        path: path.display().to_string(),
        size: [600, 400],
    }));
    let mut h = harness(app);
    h.run();
    h.get_by_label("Save").click();
    h.run();
    let bytes = std::fs::read(&path).expect("the PNG was written");
    let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    let reader = decoder.read_info().unwrap();
    assert_eq!((reader.info().width, reader.info().height), (1200, 800));
    assert!(h.state().state.ui.charts.export.is_none());
    h.get_by_label(&format!("Saved {}", path.display()));

    // Again: the file exists, so the dialog asks first.
    let before = std::fs::metadata(&path).unwrap().modified().unwrap();
    h.state_mut()
        .apply(Command::Chart(ChartCommand::OpenExport {
            format: ExportFormat::Svg,
            path: path.display().to_string(),
            size: [600, 400],
        }));
    h.run();
    h.get_by_label("PNG (1x, as on screen)").click();
    h.run();
    h.get_by_label("Save").click();
    h.run();
    h.get_by_label(&format!("{} exists. Replace it?", path.display()));
    assert_eq!(
        std::fs::metadata(&path).unwrap().modified().unwrap(),
        before
    );
    h.get_by_label("Replace").click();
    h.run();
    let reader = png::Decoder::new(std::io::Cursor::new(std::fs::read(&path).unwrap()))
        .read_info()
        .unwrap();
    assert_eq!(reader.info().width, 600);
}

#[test]
fn export_errors_are_shown_in_the_window() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("missing-folder").join("data.csv");
    let mut app = charts_app(ChartId::CustomsVsAll);
    app.apply(Command::Chart(ChartCommand::OpenExport {
        format: ExportFormat::Csv,
        path: path.display().to_string(),
        size: [600, 400],
    }));
    let mut h = harness(app);
    h.run();
    h.get_by_label("Save").click();
    h.run();
    assert!(!path.exists());
    let err = h
        .state()
        .state
        .ui
        .charts
        .status
        .clone()
        .unwrap()
        .unwrap_err();
    assert!(err.contains("cannot write"), "{err}");
    h.get_by_label(&format!("Export failed: {err}"));
}
