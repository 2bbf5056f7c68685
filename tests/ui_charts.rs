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
fn the_oblast_chart_opens_on_the_oblasts_that_have_amounts() {
    let mut h = harness(charts_app(ChartId::OblastComparison));
    h.run();
    let chosen: Vec<&str> = h
        .state()
        .state
        .ui
        .charts
        .oblasts
        .iter()
        .map(String::as_str)
        .collect();
    assert_eq!(chosen, ["KZ.AC", "KZ.SK", "KZ.WK"]);
    for name in [
        "South Kazakhstan (heroin)",
        "West Kazakhstan (heroin)",
        "Almaty City (heroin)",
    ] {
        h.get_by_label(name);
    }
    assert!(h.query_by_label(ROOT_EMPTY).is_none());
}

const ROOT_EMPTY: &str = "Choose oblasts in the list (or click them on the map).";

#[test]
fn picking_an_oblast_in_the_list_adds_it_to_the_legend() {
    let mut h = harness(charts_app(ChartId::NationalSeizures));
    h.run();
    h.get_by_label("Oblasts").click();
    h.run();
    assert_eq!(h.state().state.ui.charts.chart, ChartId::OblastComparison);
    h.get_by_label("Clear").click();
    h.run();
    assert!(h.query_by_label("South Kazakhstan (heroin)").is_none());
    h.get_by_label("South Kazakhstan").click();
    h.run();
    assert!(h.state().state.ui.charts.oblasts.contains("KZ.SK"));
    // The legend entry names the oblast and drug.
    h.get_by_label("South Kazakhstan (heroin)");
    // Switching the drug relabels it; a stated change only is said so.
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
    app.apply(Command::Chart(ChartCommand::ToggleOblast("KZ.PA".into())));
    let mut h = harness(app);
    h.run();
    h.get_by_label("Pavlodar (heroin): no figure");
}

#[test]
fn every_comparison_view_has_its_tab_title_and_controls() {
    let mut h = harness(charts_app(ChartId::NationalSeizures));
    h.run();
    // "Oblasts" first: once an oblast view is open, the list's heading says it too.
    for (tab, title) in [
        ("Oblasts", "Heroin seizures by oblast"),
        (
            "Oblast panels",
            "Heroin seizures by oblast, with the national series",
        ),
        ("Oblast ranking", "Heroin seizures by oblast, 2006"),
        ("Oblast change", "Heroin seizures by oblast, 2006"),
    ] {
        h.get_by_label(tab).click();
        h.run();
        h.get_by_label(title);
        // Shared oblast list, drug choice and options.
        h.get_by_label("Tick oblasts, or click them on the map.");
        h.get_by_label("opiates");
        h.get_by_label("Log scale");
        h.get_by_label("Index to base year");
        h.get_by_label("Value labels");
        h.get_by_label("Show the printed reading");
    }
    h.get_by_label("Oblast ranking").click();
    h.run();
    h.get_by_label("Year:");
    h.get_by_label("Compared with:");
    // The ranking lists the oblasts without an amount as such.
    h.get_by_label("2006");
}

/// Screen x of `year` in the plot labelled `label`.
fn year_x(h: &Harness<'static, App>, label: &str, year: f64) -> (f32, f32) {
    let chart = route_explorer::charts::build_chart(
        &h.state().state.dataset,
        h.state().state.ui.charts.chart,
        &h.state().state.ui.charts.options(),
    );
    let rect = h.get_by_label(label).rect();
    let (x0, x1) = chart.x_range;
    let x = rect.left() + ((year - x0) / (x1 - x0)) as f32 * rect.width();
    (x, rect.center().y)
}

#[test]
fn hovering_a_chart_year_previews_it_and_a_click_sets_the_timeline() {
    let mut h = harness(charts_app(ChartId::NationalSeizures));
    h.run();
    let label = "Plot: Opiate seizures in Kazakhstan, 1996-2006";
    let (x, y) = year_x(&h, label, 2000.0);
    h.hover_at(egui::pos2(x, y));
    h.run();
    assert_eq!(h.state().state.preview_year, Some(2000));
    assert_eq!(h.state().state.shown_year(), Some(2000));
    // Moving within the same year sends nothing new; the next year does.
    let (x, y) = year_x(&h, label, 2003.2);
    h.hover_at(egui::pos2(x, y));
    h.run();
    assert_eq!(h.state().state.preview_year, Some(2003));
    // A click sets the timeline year, which stays after the pointer leaves.
    h.get_by_label(label).click();
    h.run();
    let clicked = h.state().state.ui.year;
    assert!(
        clicked.is_some_and(|y| (1996..=2006).contains(&y)),
        "{clicked:?}"
    );
    h.hover_at(egui::pos2(2.0, 2.0));
    h.run();
    assert_eq!(h.state().state.preview_year, None);
    assert_eq!(h.state().state.shown_year(), clicked);
}

#[test]
fn panels_preview_the_year_too() {
    let mut h = harness(charts_app(ChartId::OblastSmallMultiples));
    h.run();
    let label = "Plot: Heroin seizures by oblast, with the national series: South Kazakhstan";
    let (x, y) = year_x(&h, label, 2010.0);
    h.hover_at(egui::pos2(x, y));
    h.run();
    assert_eq!(h.state().state.preview_year, Some(2010));
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
