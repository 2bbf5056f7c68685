//! Importing in the window, as a user would: drop a file on it, find the
//! oblast in the comparison chart, see the map colour change; the Imported
//! tab; layers coming back after a restart (egui_kittest, rendered on the CPU).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use route_explorer::app::{App, CentralTab, Command, ImportCommand, UiState};
use route_explorer::model::load::{EMBEDDED_LABEL, load_embedded};

mod common;
use common::{step_until, wait_for_tiles};

/// A file dropped from the desktop (what winit hands egui).
#[derive(Debug)]
struct Dropped(PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &Path {
        &self.0
    }

    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

fn app(ui: UiState) -> App {
    let app = common::isolated_app(load_embedded().unwrap(), EMBEDDED_LABEL, ui);
    assert!(
        !app.state.imports.native_dialogs,
        "tests never open the system dialog"
    );
    app
}

fn harness(app: App) -> Harness<'static, App> {
    Harness::builder()
        .with_size([1280.0, 800.0])
        .with_max_steps(400)
        .build_ui_state(|ui, app: &mut App| app.ui(ui), app)
}

fn pixel(h: &mut Harness<'static, App>, at: egui::Pos2) -> [u8; 3] {
    let image = h.render().expect("rendering works on the CPU");
    let p = image.get_pixel(at.x as u32, at.y as u32).0;
    [p[0], p[1], p[2]]
}

#[test]
fn dropping_a_file_shows_its_oblast_in_the_chart_and_recolours_the_map() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(app(UiState::default()));
    wait_for_tiles(&mut h);
    // The unit under the map's centre, and its colour before the import.
    let (centre, hasc, name) = {
        let view = h.state().map.as_ref().unwrap();
        let rect = view.last_rect().expect("map drawn");
        let ((lon, lat), _) = view.view();
        let unit = view
            .basemap()
            .oblast_at(lon, lat)
            .expect("centre is in Kazakhstan");
        let name = h
            .state()
            .state
            .dataset
            .region(&unit.hasc)
            .map(|r| r.name.clone())
            .unwrap();
        (
            rect.center() + egui::vec2(0.0, 0.0),
            unit.hasc.clone(),
            name,
        )
    };
    // Keep the pointer away from the map (no tooltip over the pixel).
    h.hover_at(egui::pos2(5.0, 790.0));
    h.run_steps(2);
    let before = pixel(&mut h, centre);

    // Made-up values for that oblast (named with "oblast") and one other.
    let other = if name == "Atyrau" {
        "Pavlodar"
    } else {
        "Atyrau"
    };
    let file = dir.path().join("dropped.csv");
    std::fs::write(
        &file,
        format!(
            "Region,Year,Drug,Value,Unit\n{name} oblast,2016,Heroin,500,kg\n{other},2016,Heroin,50,kg\n"
        ),
    )
    .unwrap();
    h.input_mut()
        .dropped_files
        .push(Arc::new(Dropped(file.clone())));
    step_until(&mut h, "the import", |app| {
        app.state.imports.layers.len() == 1 && app.state.imports.job.is_none()
    });
    let layer = &h.state().state.imports.layers[0];
    assert_eq!(layer.report.rows_used, 2);

    // The map now colours the oblast by the imported value.
    let key = h
        .state()
        .state
        .ui
        .map
        .choropleth
        .clone()
        .expect("a choropleth");
    assert!(key.series.starts_with("imported:dropped-csv:"), "{key:?}");
    assert_eq!(h.state().state.ui.year, Some(2016));
    wait_for_tiles(&mut h);
    let after = pixel(&mut h, centre);
    let diff: i32 = before
        .iter()
        .zip(after)
        .map(|(a, b)| (*a as i32 - b as i32).abs())
        .sum();
    assert!(
        diff > 60,
        "map colour at {hasc} unchanged: {before:?} → {after:?}"
    );

    // The oblast comparison chart: tick the oblast, find the imported bars.
    h.get_by_label("Charts").click();
    h.run();
    h.get_by_label("Oblasts").click();
    h.run();
    h.get_by_label(&name).click();
    h.run();
    h.get_by_label(&format!(
        "{name}: Heroin seizures (kg) (imported · dropped.csv)"
    ));
}

#[test]
fn the_imported_tab_lists_file_hash_rows_and_problems() {
    let mut app = app(UiState {
        central_tab: CentralTab::Imported,
        ..UiState::default()
    });
    let file = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import/bad/unknown-region.csv");
    app.apply(Command::Import(ImportCommand::Files(vec![file])));
    let mut h = harness(app);
    step_until(&mut h, "the import", |app| app.state.imports.job.is_none());
    h.run();
    let layer = &h.state().state.imports.layers[0];
    let sha = layer.sha256.clone();
    assert_eq!(sha.len(), 64);
    h.get_by_label(&sha);
    h.get_by_label("2 read, 1 used, 1 skipped");
    h.get_by_label("imported · unknown-region.csv");
    let problem = h.state().state.imports.layers[0]
        .report
        .problem_lines()
        .remove(0);
    assert!(
        problem.ends_with("unknown region 'Karagandaa oblast'; nearest: Karaganda, Kyrgyzstan")
    );
    h.get_by_label(&problem);
    // Remove takes it out of every view.
    h.get_by_label("Remove unknown-region.csv").click();
    h.run();
    assert!(h.state().state.imports.layers.is_empty());
    assert_eq!(
        h.state().state.dataset.figures.len(),
        h.state().state.curated.figures.len()
    );
    assert!(
        h.state().state.ui.imports.is_empty(),
        "forgotten for the next start"
    );
}

#[test]
fn layers_come_back_after_a_restart_and_a_moved_file_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let keep = dir.path().join("keep.csv");
    let gone = dir.path().join("gone.csv");
    for p in [&keep, &gone] {
        std::fs::write(
            p,
            "Region,Year,Drug,Value,Unit\nPavlodar,2016,Heroin,5,kg\n",
        )
        .unwrap();
    }
    // First session: import both, keep what eframe would save.
    let mut first = app(UiState::default());
    first.apply(Command::Import(ImportCommand::Files(vec![
        keep.clone(),
        gone.clone(),
    ])));
    let mut h = harness(first);
    step_until(&mut h, "the import", |app| {
        app.state.imports.layers.len() == 2
    });
    let saved = h.state().state.ui.clone();
    assert_eq!(saved.imports.len(), 2);
    let sha_before = h.state().state.imports.layers[0].sha256.clone();
    drop(h);

    // Between sessions one file changes and the other moves away.
    std::fs::write(
        &keep,
        "Region,Year,Drug,Value,Unit\nPavlodar,2016,Heroin,7,kg\n",
    )
    .unwrap();
    std::fs::rename(&gone, dir.path().join("moved.csv")).unwrap();

    let mut second = app(saved);
    second.restore_imports();
    let mut h = harness(second);
    step_until(&mut h, "the restore", |app| app.state.imports.job.is_none());
    let s = &h.state().state;
    assert_eq!(s.imports.layers.len(), 1, "the file still there is back");
    assert_ne!(s.imports.layers[0].sha256, sha_before);
    let texts: Vec<&str> = s.imports.messages.iter().map(|m| m.text.as_str()).collect();
    assert!(
        texts
            .iter()
            .any(|t| t.contains("keep.csv: the file changed since it was imported")),
        "{texts:?}"
    );
    assert!(
        texts
            .iter()
            .any(|t| t.contains("gone.csv: imported earlier, but the file is no longer there")),
        "{texts:?}"
    );
    // The moved file is still remembered (it may come back) until forgotten.
    assert_eq!(s.ui.imports.len(), 2);
    assert_eq!(s.imports.missing.len(), 1);
}

#[test]
fn cancel_stops_an_import_and_the_window_keeps_its_data() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.csv");
    let mut text = String::from("Region,Year,Drug,Value,Unit\n");
    for y in 0..200_000 {
        text.push_str(&format!("Pavlodar,{},Heroin,{y},kg\n", 1900 + y % 200));
    }
    std::fs::write(&big, text).unwrap();
    let mut app = app(UiState::default());
    app.apply(Command::Import(ImportCommand::Files(vec![big])));
    assert!(app.state.imports.is_busy());
    app.apply(Command::Import(ImportCommand::Cancel));
    let mut h = harness(app);
    step_until(&mut h, "the cancel", |app| app.state.imports.job.is_none());
    let s = &h.state().state;
    assert!(s.imports.layers.is_empty());
    assert_eq!(s.dataset.figures.len(), s.curated.figures.len());
    assert!(
        s.imports
            .messages
            .iter()
            .any(|m| m.text.ends_with("big.csv: import cancelled")),
        "{:?}",
        s.imports.messages
    );
}

#[test]
fn the_file_menu_opens_the_in_app_browser_and_imports_the_ticked_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("table.csv"),
        "Region,Year,Drug,Value,Unit\nAtyrau,2016,Heroin,5,kg\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("notes.pdf"), "x").unwrap();
    let mut app = app(UiState::default());
    app.apply(Command::Import(ImportCommand::OpenBrowser(Some(
        dir.path().to_path_buf(),
    ))));
    let mut h = harness(app);
    h.run();
    // Only folders and table files are listed.
    assert!(h.query_by_label_contains("notes.pdf").is_none());
    h.get_by_label("table.csv (52 bytes)").click();
    h.run();
    h.get_by_label("Import 1 file(s)").click();
    h.run();
    step_until(&mut h, "the import", |app| {
        app.state.imports.layers.len() == 1
    });
    assert!(h.state().state.imports.browser.is_none());
}
