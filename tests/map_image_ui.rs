//! "Export map…" in the window, driven as a user would.

// Every app runs in an isolated environment (temporary home, stub tile server).
mod common;

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use route_explorer::app::panels::map_export::MapExportCommand;
use route_explorer::app::{App, Command, UiState};
use route_explorer::model::load::{EMBEDDED_LABEL, load_embedded};

fn harness() -> Harness<'static, App> {
    let data = load_embedded().unwrap();
    let app = common::isolated_app(data, EMBEDDED_LABEL, UiState::default());
    Harness::builder()
        .with_size([1280.0, 800.0])
        .build_ui_state(|ui, app: &mut App| app.ui(ui), app)
}

/// Click "Export map…" and step until the dialog is shown.
fn open_dialog(h: &mut Harness<'static, App>) {
    h.get_by_label("Export map…").click();
    for _ in 0..30 {
        h.step();
        if h.query_by_label("Save").is_some() {
            h.run_steps(1);
            return;
        }
    }
    panic!("the Export map dialog did not open");
}

fn png_chunks(path: &std::path::Path) -> (Vec<(String, String)>, u32, u32) {
    let bytes = std::fs::read(path).expect("the PNG was written");
    let reader = png::Decoder::new(std::io::Cursor::new(bytes))
        .read_info()
        .expect("a valid PNG");
    let info = reader.info();
    let chunks = info
        .uncompressed_latin1_text
        .iter()
        .map(|t| (t.keyword.clone(), t.text.clone()))
        .collect();
    (chunks, info.width, info.height)
}

#[test]
fn export_map_saves_the_view_on_screen_and_asks_before_overwriting() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nukus-route.png");
    let mut h = harness();
    h.run_steps(2);
    // Fit the map to a route in the west: the image must show that area.
    h.get_by_label("Uzbekistan route 3: Nukus – Beineu – Makat – Atyrau – Ganyushkino")
        .click();
    h.run_steps(3);
    open_dialog(&mut h);
    h.get_by_label("PNG, 1500 × 1000 px").click();
    h.run_steps(1);
    h.state_mut()
        .apply(Command::MapExport(MapExportCommand::SetPath(
            path.display().to_string(),
        )));
    h.run_steps(1);
    h.get_by_label("Save").click();
    h.run_steps(2);
    h.get_by_label(&format!("Saved {}", path.display()));

    let (chunks, w, hgt) = png_chunks(&path);
    assert_eq!((w, hgt), (1500, 1000));
    let extent = &chunks.iter().find(|(k, _)| k == "Extent").unwrap().1;
    let nums: Vec<f64> = extent
        .split(' ')
        .next()
        .unwrap()
        .split(',')
        .map(|v| v.parse().unwrap())
        .collect();
    let centre_lon = (nums[0] + nums[2]) / 2.0;
    // Nukus 59.6 E … Ganyushkino 49.3 E
    assert!((48.0..61.0).contains(&centre_lon), "{extent}");
    assert!(
        nums[2] - nums[0] < 40.0,
        "closer than the overview: {extent}"
    );

    // The file exists now: the dialog asks first, and only "Replace" writes.
    let before = std::fs::metadata(&path).unwrap().modified().unwrap();
    h.get_by_label("Save").click();
    h.run_steps(2);
    h.get_by_label(&format!("{} exists. Replace it?", path.display()));
    assert_eq!(
        std::fs::metadata(&path).unwrap().modified().unwrap(),
        before
    );
    h.get_by_label("SVG (vector)").click();
    h.run_steps(2);
    let svg_path = path.with_extension("svg");
    h.get_by_label("Save").click();
    h.run_steps(2);
    let svg = std::fs::read_to_string(&svg_path).expect("the SVG was written");
    assert!(svg.contains("class=\"route\""));
    h.get_by_label("Close").click();
    h.run_steps(2);
    assert!(h.state().state.ui.map_export.is_none());
}

#[test]
fn export_map_errors_are_shown_in_the_dialog() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("missing-folder").join("map.png");
    let mut h = harness();
    h.run_steps(2);
    open_dialog(&mut h);
    h.get_by_label("PNG, 1500 × 1000 px").click();
    h.state_mut()
        .apply(Command::MapExport(MapExportCommand::SetPath(
            path.display().to_string(),
        )));
    h.run_steps(1);
    h.get_by_label("Save").click();
    h.run_steps(2);
    assert!(!path.exists());
    let outcome = h
        .state()
        .state
        .ui
        .map_export
        .as_ref()
        .and_then(|d| d.outcome.clone())
        .expect("an outcome");
    let err = outcome.unwrap_err();
    assert!(err.contains("cannot write"), "{err}");
    h.get_by_label(&err);
}
