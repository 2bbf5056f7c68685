//! Faults a user can meet, each with a clear message, the window still
//! running (frames keep drawing, tabs still switch) and no partial file.
//! Every app runs in an isolated environment (tests/common).

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::{TestEnv, fixture, harness, step_until};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use route_explorer::app::map::online::OnlineStatus;
use route_explorer::app::panels::charts::{ChartCommand, ExportFormat};
use route_explorer::app::{App, CentralTab, Command, Environment, UiState, settings};
use route_explorer::basemap::Basemap;
use route_explorer::model::load::{EMBEDDED_JSON, sha256_hex};

const SIZE: [f32; 2] = [1280.0, 800.0];

/// The window still works: both tabs draw, a click on each tab lands.
fn still_running(h: &mut Harness<'static, App>) {
    h.get_by_label("Charts").click();
    h.run_steps(3);
    assert_eq!(h.state().state.ui.central_tab, CentralTab::Charts);
    h.get_by_label("Map").click();
    h.run_steps(3);
    assert_eq!(h.state().state.ui.central_tab, CentralTab::Map);
}

fn notices(app: &App) -> String {
    app.state.notices.join("\n")
}

// ---------------------------------------------------------------- assets

#[test]
fn a_corrupt_embedded_basemap_leaves_the_charts_working_and_says_why() {
    let t = TestEnv::new();
    let mut env = t.env();
    // Truncated bytes, as a damaged build would embed them.
    env.assets.basemap = Arc::new(|| {
        Basemap::from_json("{\"region\": {\"lon_min\": 4", "{}", "{}", "{}", "{}")
            .map_err(|e| e.to_string())
    });
    let mut h = harness(App::start(None, UiState::default(), vec![], env), SIZE);
    h.run_steps(3);
    assert!(h.state().map.is_none());
    h.get_by_label_contains(
        "The offline basemap could not be loaded (basemap countries.json: bad JSON",
    );
    h.get_by_label_contains("The basemap could not be loaded: basemap countries.json");
    still_running(&mut h);
    h.get_by_label("Charts").click();
    h.run_steps(3);
    h.get_by_label("Export...");
}

#[test]
fn a_missing_embedded_asset_is_named() {
    let t = TestEnv::new();
    let mut env = t.env();
    env.assets.basemap =
        Arc::new(|| Err("assets/basemap/land.json: missing from this build".into()));
    let mut h = harness(App::start(None, UiState::default(), vec![], env), SIZE);
    h.run_steps(3);
    assert!(notices(h.state()).contains("land.json: missing from this build"));
    still_running(&mut h);
}

#[test]
fn a_corrupt_embedded_dataset_opens_an_empty_window_that_says_why() {
    let t = TestEnv::new();
    let mut env = t.env();
    let mut bytes = EMBEDDED_JSON.as_bytes()[..2000].to_vec();
    bytes.extend_from_slice(b"\xff\xfe garbage");
    env.assets.dataset_json = Arc::from(bytes);
    let mut h = harness(App::start(None, UiState::default(), vec![], env), SIZE);
    h.run_steps(3);
    let n = notices(h.state());
    assert!(
        n.contains("The embedded dataset could not be loaded"),
        "{n}"
    );
    assert!(
        n.contains("<embedded>/data/kazakhstan.json: not valid UTF-8 at byte 2000"),
        "{n}"
    );
    assert!(h.state().state.dataset.routes.is_empty());
    still_running(&mut h);
    // Every chart can be shown with no data at all.
    h.get_by_label("Charts").click();
    h.run_steps(2);
    for label in [
        "National seizures",
        "Oblasts",
        "Heroin and opium",
        "Customs vs. all agencies",
        "Interdiction rate",
    ] {
        h.get_by_label(label).click();
        h.run_steps(2);
    }
}

// ---------------------------------------------------------------- --data

#[test]
fn an_unreadable_data_file_is_named_and_the_embedded_data_shown() {
    let t = TestEnv::new();
    let folder = t.root().join("a-folder.json");
    std::fs::create_dir(&folder).unwrap();
    let cases: Vec<(PathBuf, &str)> = vec![
        (
            t.root().join("missing.json"),
            "cannot read file: No such file or directory",
        ),
        (folder, "cannot read file: Is a directory"),
        (fixture("bad/binary.json"), "not valid UTF-8 at byte"),
    ];
    for (path, why) in cases {
        let mut h = harness(t.app(Some(&path)), SIZE);
        h.run_steps(3);
        h.get_by_label("Data file problems");
        h.get_by_label_contains(&format!("{}: {why}", path.display()));
        // The embedded dataset is shown instead.
        assert!(!h.state().state.dataset.routes.is_empty());
        h.get_by_label("Dismiss").click();
        h.run_steps(2);
        still_running(&mut h);
    }
}

// ---------------------------------------------------------------- exports

/// Open the export dialog on `path` and press Save.
fn export_to(
    h: &mut Harness<'static, App>,
    path: &Path,
    format: ExportFormat,
) -> Result<String, String> {
    h.state_mut()
        .apply(Command::SetCentralTab(CentralTab::Charts));
    h.state_mut()
        .apply(Command::Chart(ChartCommand::OpenExport {
            format,
            path: path.display().to_string(),
            size: [640, 400],
        }));
    h.run_steps(3);
    h.get_by_label("Save").click();
    h.run_steps(3);
    if h.query_by_label("Replace").is_some() {
        h.get_by_label("Replace").click();
        h.run_steps(3);
    }
    h.state()
        .state
        .ui
        .charts
        .status
        .clone()
        .unwrap_or(Err("no status".into()))
}

/// A folder this process cannot write into. Permission bits do not stop
/// root (tests here run as root), so then a kernel file system that
/// refuses new files even to root (`/sys`) stands in for a read-only folder.
fn read_only_folder(t: &TestEnv) -> (PathBuf, &'static str) {
    let dir = t.root().join("read-only");
    std::fs::create_dir(&dir).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o555)).unwrap();
    }
    let probe = dir.join("probe");
    if std::fs::write(&probe, b"x").is_err() {
        return (dir, "Permission denied");
    }
    let _ = std::fs::remove_file(&probe);
    let sys = PathBuf::from("/sys");
    let probe = sys.join("route-explorer-probe");
    assert!(
        std::fs::write(&probe, b"x").is_err(),
        "no folder refuses writes here; cannot test a read-only folder"
    );
    (sys, "Permission denied")
}

#[test]
fn exports_that_cannot_be_written_say_why_and_leave_nothing_behind() {
    let t = TestEnv::new();
    let mut h = harness(t.app(None), SIZE);
    h.run_steps(2);
    let out = t.root().join("out");
    std::fs::create_dir(&out).unwrap();
    let a_file = out.join("a-file");
    std::fs::write(&a_file, "keep").unwrap();
    let (read_only, ro_why) = read_only_folder(&t);
    for format in [ExportFormat::Png1x, ExportFormat::Svg, ExportFormat::Csv] {
        let name = format!("c.{}", format.extension());
        let missing = out.join("missing");
        let cases: Vec<(PathBuf, String)> = vec![
            (out.clone(), "is a folder, not a file".into()),
            (
                missing.join(&name),
                format!("the folder {} does not exist", missing.display()),
            ),
            (
                a_file.join(&name),
                format!("{} is not a folder", a_file.display()),
            ),
            (read_only.join(&name), ro_why.into()),
        ];
        for (path, why) in cases {
            let err = export_to(&mut h, &path, format).unwrap_err();
            assert!(err.starts_with(&path.display().to_string()), "{err}");
            assert!(err.contains(&why), "{path:?}: {err}");
            h.get_by_label(&format!("Export failed: {err}"));
            // The dialog stays open with the error, so the user can fix the path.
            assert!(h.state().state.ui.charts.export.is_some());
            h.state_mut()
                .apply(Command::Chart(ChartCommand::CancelExport));
            h.run_steps(2);
        }
    }
    // Nothing partial anywhere: the output folder holds only what it held.
    assert_eq!(common::entries(&out), vec!["a-file".to_owned()]);
    assert_eq!(std::fs::read_to_string(&a_file).unwrap(), "keep");
    still_running(&mut h);
}

#[test]
fn a_disk_that_fills_up_halfway_leaves_the_old_file_and_no_partial_one() {
    let t = TestEnv::new();
    let app = t.app(None);
    let out = t.root().join("out");
    std::fs::create_dir(&out).unwrap();
    let path = out.join("national.png");
    std::fs::write(&path, "the old export").unwrap();
    // The bytes the dialog would write.
    let chart = route_explorer::charts::build_chart(
        &app.state.dataset,
        app.state.ui.charts.chart,
        &app.state.ui.charts.options(),
    );
    let dialog = route_explorer::app::panels::charts::ExportDialog {
        chart: app.state.ui.charts.chart,
        format: ExportFormat::Png2x,
        path: path.display().to_string(),
        size: [640, 400],
        ..Default::default()
    };
    let bytes =
        route_explorer::app::panels::charts::export_bytes(&app.state, &chart, &dialog).unwrap();
    assert!(bytes.len() > 10_000);
    // The disk fills after 8 KiB: the write fails with the system's ENOSPC.
    let mut written = 0usize;
    let err = route_explorer::export::write_atomic_with(&path, &bytes, &mut |file, bytes| {
        for chunk in bytes.chunks(4096) {
            if written + chunk.len() > 8192 {
                return Err(std::io::Error::from_raw_os_error(28));
            }
            file.write_all(chunk)?;
            written += chunk.len();
        }
        Ok(())
    })
    .unwrap_err();
    assert_eq!(
        written, 8192,
        "half a file reached the disk before it filled"
    );
    assert_eq!(
        err,
        format!(
            "{}: cannot write: No space left on device (os error 28)",
            path.display()
        )
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "the old export");
    assert_eq!(common::entries(&out), vec!["national.png".to_owned()]);
}

#[cfg(unix)]
#[test]
fn the_command_line_reports_a_full_disk_on_its_output() {
    let full = std::fs::File::options()
        .write(true)
        .open("/dev/full")
        .expect("/dev/full");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_route-explorer"))
        .args(["export", "figures", "-o", "-"])
        .env_clear()
        .stdout(full)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("<stdout>: cannot write: No space left on device"),
        "{err}"
    );
}

// ---------------------------------------------------------------- settings

#[test]
fn corrupt_settings_are_repaired_at_start_and_the_user_is_told() {
    let t = TestEnv::new();
    let mut v = serde_json::to_value(UiState::default()).unwrap();
    v["map"]["center_lon_lat"] = serde_json::json!([null, 45.0]); // a NaN centre, as saved
    v["map"]["zoom"] = serde_json::json!(1e300);
    v["map"]["show_routes"] = serde_json::json!(false); // a good value next to bad ones
    v["charts"]["oblasts"] = serde_json::json!(["KZ.SK", "KZ.NOPE", "<script>"]);
    v["charts"]["drug"] = serde_json::json!(17);
    v["selection"] = serde_json::json!({"Route": "no-such-route"});
    v["central_tab"] = serde_json::json!("Spreadsheet");
    let (ui, messages) = settings::from_text(&v.to_string());
    let mut h = harness(t.app_with_ui(None, ui), SIZE);
    // Also a centre out of range and a zoom that is not a number, on another start.
    h.run_steps(3);
    let s = &h.state().state;
    assert!(!s.ui.map.show_routes, "good settings are kept");
    assert_eq!(
        s.ui.map.center_lon_lat,
        UiState::default().map.center_lon_lat
    );
    assert_eq!(
        s.ui.charts.oblasts.iter().cloned().collect::<Vec<_>>(),
        vec!["KZ.SK".to_owned()]
    );
    assert_eq!(s.ui.selection, None);
    let all = format!("{}\n{}", messages.join("\n"), notices(h.state()));
    for part in [
        "map.center_lon_lat",
        "charts.drug",
        "central_tab",
        "'KZ.NOPE' is not in this dataset",
        "map zoom 1e300 is outside",
    ] {
        assert!(all.contains(part), "{part} not reported:\n{all}");
    }
    let ((lon, lat), zoom) = h.state().map.as_ref().unwrap().view();
    assert!(lon.is_finite() && lat.is_finite() && zoom <= 13.0);
    h.get_by_label("Notices");
    h.get_by_label("OK").click();
    h.run_steps(2);
    assert!(h.state().state.notices.is_empty());
    still_running(&mut h);

    let mut ui = UiState::default();
    ui.map.center_lon_lat = (f64::NAN, 400.0);
    ui.map.zoom = f64::INFINITY;
    let app = t.app_with_ui(None, ui);
    assert_eq!(
        app.state.ui.map.center_lon_lat,
        UiState::default().map.center_lon_lat
    );
    assert_eq!(app.state.ui.map.zoom, UiState::default().map.zoom);
    assert!(notices(&app).contains("map centre (NaN, 400) is not a place on the map"));

    // Text that is not settings at all.
    let (ui, messages) = settings::from_text("\u{0}garbage{");
    assert_eq!(ui, UiState::default());
    assert!(
        messages[0].starts_with("settings: cannot be read"),
        "{messages:?}"
    );
}

// ---------------------------------------------------------------- online

fn wait(h: &mut Harness<'static, App>, what: &str, done: impl Fn() -> bool) {
    let start = Instant::now();
    while !done() {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "timed out waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(25));
        h.step();
    }
}

fn online_on(h: &mut Harness<'static, App>) {
    h.state_mut().apply(Command::Map(
        route_explorer::app::map::MapCommand::ShowLayer(
            route_explorer::app::map::Layer::OnlineTiles,
            true,
        ),
    ));
    h.run_steps(2);
}

#[test]
fn a_damaged_tile_cache_is_cleaned_and_tiles_still_come() {
    let t = TestEnv::new();
    // A first run fills the cache.
    {
        let mut h = harness(t.app(None), SIZE);
        h.run_steps(2);
        online_on(&mut h);
        wait(&mut h, "tiles cached", || {
            common::files_under(&t.env().online.cache_dir).len() > 4
        });
    }
    let cache = t.env().online.cache_dir;
    let before = t.tiles.requests().len();
    // Damage it: every file truncated or overwritten with noise, a link to
    // a file elsewhere, a file where a folder was.
    let outside = t.root().join("outside.txt");
    std::fs::write(&outside, "not the cache's").unwrap();
    for (i, f) in common::files_under(&cache).iter().enumerate() {
        if i % 2 == 0 {
            std::fs::write(f, b"").unwrap();
        } else {
            std::fs::write(f, [0xffu8, 0x00, 0x13, 0x37].repeat(50)).unwrap();
        }
    }
    #[cfg(unix)]
    std::os::unix::fs::symlink(&outside, cache.join("a-link")).unwrap();
    let tmp = cache.join("tmp");
    let _ = std::fs::remove_dir_all(&tmp);
    std::fs::write(&tmp, b"a file where a folder was").unwrap();

    let mut h = harness(t.app(None), SIZE);
    h.run_steps(2);
    online_on(&mut h);
    step_until(&mut h, "online status", |app| {
        app.map.as_ref().and_then(|m| m.online_status()) == Some(OnlineStatus::Available)
    });
    // The damaged entries are not served: the tiles are fetched again.
    wait(&mut h, "tiles fetched again", || {
        t.tiles.requests().len() > before
    });
    wait(&mut h, "the link removed", || {
        !cache.join("a-link").exists()
    });
    assert_eq!(
        std::fs::read_to_string(&outside).unwrap(),
        "not the cache's"
    );
    h.get_by_label_contains("Online tiles ON:");
    still_running(&mut h);
}

#[test]
fn a_cache_folder_that_cannot_be_used_means_tiles_in_memory_only() {
    let t = TestEnv::new();
    let mut env = t.env();
    let blocker = t.root().join("not-a-folder");
    std::fs::write(&blocker, "x").unwrap();
    env.online.cache_dir = blocker.clone();
    let mut h = harness(App::start(None, UiState::default(), vec![], env), SIZE);
    h.run_steps(2);
    online_on(&mut h);
    wait(&mut h, "a tile request", || !t.tiles.requests().is_empty());
    step_until(&mut h, "badge", |app| {
        app.map.as_ref().and_then(|m| m.online_status()) == Some(OnlineStatus::Available)
    });
    h.get_by_label_contains("not cached on disk");
    assert_eq!(std::fs::read_to_string(&blocker).unwrap(), "x");
}

#[test]
fn online_tiles_with_no_network_say_so_and_the_offline_map_stays() {
    let t = TestEnv::new();
    let port = common::closed_port();
    let env = Environment {
        online: route_explorer::app::map::online::OnlineEndpoint::new(
            Some(&format!("http://127.0.0.1:{port}/{{z}}/{{x}}/{{y}}.png")),
            Some(&t.root().join("cache")),
        ),
        ..t.env()
    };
    let mut h = harness(App::start(None, UiState::default(), vec![], env), SIZE);
    h.run_steps(2);
    online_on(&mut h);
    step_until(&mut h, "unavailable", |app| {
        matches!(
            app.map.as_ref().and_then(|m| m.online_status()),
            Some(OnlineStatus::Unavailable(_))
        )
    });
    h.get_by_label_contains(&format!(
        "Online tiles unavailable (cannot connect to 127.0.0.1:{port}"
    ));
    h.get_by_label(&format!("Online tiles ON: 127.0.0.1:{port} (unavailable)"));
    step_until(&mut h, "offline tiles", |app| {
        app.map
            .as_ref()
            .and_then(|m| m.offline_tiles())
            .is_some_and(|o| o.ready_tiles() > 0)
    });
    still_running(&mut h);
}

// ---------------------------------------------------------------- provenance

/// Exported images cite the bytes that were loaded: a `--data` file that
/// differs from the embedded one, removed before the export, still gets its
/// own hash (a second read would find nothing and hash the empty input).
#[test]
fn exported_images_hash_the_loaded_bytes_even_after_the_file_is_gone() {
    let t = TestEnv::new();
    let data = t.root().join("edited.json");
    let edited = EMBEDDED_JSON.replacen("\"title\": \"", "\"title\": \"Edited copy of ", 1);
    assert_ne!(edited, EMBEDDED_JSON);
    std::fs::write(&data, &edited).unwrap();
    let mut h = harness(t.app(Some(&data)), SIZE);
    h.run_steps(2);
    assert!(
        h.state().state.load_problems.is_empty(),
        "{:?}",
        h.state().state.load_problems
    );
    std::fs::remove_file(&data).unwrap();

    let out = t.root().join("out");
    std::fs::create_dir(&out).unwrap();
    let png = out.join("chart.png");
    export_to(&mut h, &png, ExportFormat::Png1x).unwrap();
    let svg = out.join("chart.svg");
    export_to(&mut h, &svg, ExportFormat::Svg).unwrap();

    let want = sha256_hex(edited.as_bytes());
    assert_ne!(want, sha256_hex(EMBEDDED_JSON.as_bytes()));
    assert_ne!(want, sha256_hex(b""));
    let decoder = png::Decoder::new(std::io::Cursor::new(std::fs::read(&png).unwrap()));
    let reader = decoder.read_info().unwrap();
    let info = reader.info();
    let texts: Vec<(String, String)> = info
        .uncompressed_latin1_text
        .iter()
        .map(|t| (t.keyword.clone(), t.text.clone()))
        .chain(
            info.utf8_text
                .iter()
                .map(|t| (t.keyword.clone(), t.get_text().unwrap_or_default())),
        )
        .collect();
    let sha = texts
        .iter()
        .find(|(k, _)| k == "Dataset SHA-256")
        .map(|(_, v)| v.clone());
    assert_eq!(sha.as_deref(), Some(want.as_str()), "{texts:?}");
    let dataset = texts
        .iter()
        .find(|(k, _)| k == "Dataset")
        .map(|(_, v)| v.clone());
    assert_eq!(dataset, Some(data.display().to_string()));
    let svg_text = std::fs::read_to_string(&svg).unwrap();
    assert!(svg_text.contains(&want));

    // The map image too (it used to read the file again, and failed here).
    use route_explorer::app::panels::map_export::MapExportCommand;
    let map_png = out.join("map.png");
    h.state_mut().apply(Command::SetCentralTab(CentralTab::Map));
    h.state_mut()
        .apply(Command::MapExport(MapExportCommand::Open));
    h.state_mut()
        .apply(Command::MapExport(MapExportCommand::SetPath(
            map_png.display().to_string(),
        )));
    h.state_mut()
        .apply(Command::MapExport(MapExportCommand::Save));
    h.run_steps(2);
    let outcome = h
        .state()
        .state
        .ui
        .map_export
        .as_ref()
        .and_then(|d| d.outcome.clone());
    assert_eq!(outcome, Some(Ok(format!("Saved {}", map_png.display()))));
    let reader = png::Decoder::new(std::io::Cursor::new(std::fs::read(&map_png).unwrap()))
        .read_info()
        .unwrap();
    let sha = reader
        .info()
        .uncompressed_latin1_text
        .iter()
        .find(|t| t.keyword == "Dataset SHA-256")
        .map(|t| t.text.clone());
    assert_eq!(sha.as_deref(), Some(want.as_str()));
}
