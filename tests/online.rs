//! Online tiles: off by default with no connection at all, a good citizen
//! when switched on (User-Agent, private size-limited cache, a badge on the
//! map), and `--offline` wins over the saved choice.
//!
//! How "no connection" is shown: every app here gets its tile endpoint from
//! the test (`Environment::isolated`): a stub server on loopback that counts
//! each TCP connection it accepts, including the reachability probe, which
//! connects and sends nothing. The accept queue records a connection even
//! if the app closes it at once, so the count cannot miss a short-lived
//! socket. Each test checks the counter works by switching tiles on at the
//! end and seeing it move.

mod common;

use std::time::{Duration, Instant};

use common::{TestEnv, harness, step_until};
use egui::{Event, Key, Modifiers, PointerButton, pos2, vec2};
use egui_kittest::kittest::Queryable;
use route_explorer::app::map::online::OnlineStatus;
use route_explorer::app::{App, CentralTab, Environment, UiState, settings};

const TOGGLE: &str = "OpenStreetMap tiles (online)";

fn switch_online_on(h: &mut egui_kittest::Harness<'static, App>) {
    h.get_by_label("Layers").click();
    h.run_steps(3);
    h.get_by_label(TOGGLE).click();
    h.run_steps(3);
    h.key_press(Key::Escape);
    h.run_steps(2);
}

/// Step frames until `done` holds for the stub (or time runs out).
fn wait_for(h: &mut egui_kittest::Harness<'static, App>, what: &str, done: impl Fn() -> bool) {
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

#[test]
fn with_online_tiles_off_the_app_opens_no_connection() {
    let t = TestEnv::new();
    let mut h = harness(t.app(None), [1280.0, 800.0]);
    h.run_steps(3);
    // Use the map and the charts as a user would: pan, zoom, search, layers menu.
    for i in 0..40 {
        let p = pos2(500.0 + (i * 7 % 300) as f32, 300.0 + (i * 13 % 200) as f32);
        h.event(Event::PointerMoved(p));
        h.event(Event::PointerButton {
            pos: p,
            button: PointerButton::Primary,
            pressed: true,
            modifiers: Modifiers::NONE,
        });
        h.event(Event::PointerMoved(p + vec2(40.0, -25.0)));
        h.event(Event::PointerButton {
            pos: p + vec2(40.0, -25.0),
            button: PointerButton::Primary,
            pressed: false,
            modifiers: Modifiers::NONE,
        });
        h.key_press(if i % 2 == 0 { Key::Plus } else { Key::Minus });
        h.step();
    }
    h.get_by_label("Layers").click();
    h.run_steps(3);
    h.key_press(Key::Escape);
    h.run_steps(2);
    h.get_by_label("Charts").click();
    h.run_steps(5);
    h.get_by_label("Map").click();
    h.run_steps(5);
    // Give any background thread time to act.
    std::thread::sleep(Duration::from_millis(500));
    h.run_steps(3);
    assert!(!h.state().state.ui.map.online_tiles);
    assert!(h.state().map.as_ref().unwrap().online_status().is_none());
    assert!(h.query_by_label_contains("Online tiles ON").is_none());
    assert_eq!(
        t.tiles.connections(),
        0,
        "a connection was opened with online tiles off"
    );
    assert!(common::files_under(&t.root().join("cache")).is_empty());

    // The counter does see connections: switching tiles on makes some.
    switch_online_on(&mut h);
    wait_for(&mut h, "a connection to the stub", || {
        t.tiles.connections() > 0
    });
}

#[test]
fn tile_requests_name_the_program_and_tiles_are_cached_privately() {
    let t = TestEnv::new();
    let mut h = harness(t.app(None), [1280.0, 800.0]);
    h.run_steps(3);
    switch_online_on(&mut h);
    wait_for(&mut h, "a tile request", || !t.tiles.requests().is_empty());
    let request = t.tiles.requests()[0].clone();
    let ua = request
        .lines()
        .find_map(|l| {
            l.strip_prefix("user-agent: ")
                .or_else(|| l.strip_prefix("User-Agent: "))
        })
        .unwrap_or_else(|| panic!("no User-Agent in:\n{request}"));
    assert!(
        ua.starts_with(&format!("route-explorer/{} (", env!("CARGO_PKG_VERSION"))),
        "{ua}"
    );
    // The map says online tiles are on, and where they come from.
    step_until(&mut h, "the connected badge", |app| {
        app.map.as_ref().and_then(|m| m.online_status()) == Some(OnlineStatus::Available)
    });
    let host = format!(
        "127.0.0.1:{}",
        t.tiles
            .url_template()
            .split(':')
            .nth(2)
            .unwrap()
            .split('/')
            .next()
            .unwrap()
    );
    h.get_by_label(&format!("Online tiles ON: {host} (connected)"));
    h.get_by_label_contains("OpenStreetMap contributors");

    // Tiles land in the user's cache folder (here under the test's root),
    // and the keeper makes every file 0600 and every folder 0700.
    let cache = t.env().online.cache_dir;
    assert!(cache.starts_with(t.root()));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // A cache writer renames its temporary file into place, so a file
        // listed a moment ago may be gone when its mode is read: skip it.
        let mode = |p: &std::path::Path| {
            std::fs::metadata(p)
                .ok()
                .map(|m| m.permissions().mode() & 0o777)
        };
        assert_eq!(mode(&cache), Some(0o700));
        let start = Instant::now();
        loop {
            let files: Vec<_> = common::files_under(&cache)
                .into_iter()
                .filter_map(|f| mode(&f).map(|m| (f, m)))
                .collect();
            let loose: Vec<_> = files.iter().filter(|(_, m)| *m != 0o600).collect();
            if !files.is_empty() && loose.is_empty() {
                break;
            }
            assert!(
                start.elapsed() < Duration::from_secs(30),
                "cache files not private: {loose:?} (of {})",
                files.len()
            );
            std::thread::sleep(Duration::from_millis(200));
            h.step();
        }
    }
    assert!(!cache.starts_with(std::env::temp_dir()) || t.root().starts_with(std::env::temp_dir()));
}

#[test]
fn offline_flag_keeps_tiles_off_even_when_saved_on_and_keeps_the_choice() {
    let t = TestEnv::new();
    let mut ui = UiState {
        central_tab: CentralTab::Map,
        ..UiState::default()
    };
    ui.map.online_tiles = true;
    let env = Environment {
        offline_reason: Some("started with --offline".into()),
        ..t.env()
    };
    let mut h = harness(App::start(None, ui, vec![], env), [1280.0, 800.0]);
    h.run_steps(3);
    assert!(!h.state().state.ui.map.online_tiles);
    // Switching them on is refused with a message.
    switch_online_on(&mut h);
    h.get_by_label("Online tiles stay off in this run (started with --offline).");
    assert!(!h.state().state.ui.map.online_tiles);
    std::thread::sleep(Duration::from_millis(300));
    h.run_steps(2);
    assert_eq!(t.tiles.connections(), 0);
    // The saved choice survives the offline run.
    #[derive(Default)]
    struct Mem(Option<String>);
    impl eframe::Storage for Mem {
        fn get_string(&self, _: &str) -> Option<String> {
            self.0.clone()
        }
        fn set_string(&mut self, _: &str, v: String) {
            self.0 = Some(v);
        }
        fn remove_string(&mut self, _: &str) {}
        fn flush(&mut self) {}
    }
    let mut storage = Mem::default();
    eframe::App::save(h.state_mut(), &mut storage);
    let (saved, _) = settings::load(Some(&storage));
    assert!(saved.map.online_tiles);

    // Without --offline the same settings switch them on (and the stub sees it).
    let mut h = harness(t.app_with_ui(None, saved), [1280.0, 800.0]);
    h.run_steps(3);
    wait_for(&mut h, "a connection", || t.tiles.connections() > 0);
}

fn run_cli(args: &[&str], envs: &[(&str, &str)]) -> (i32, String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_route-explorer"))
        .args(args)
        .env_clear()
        .envs(envs.iter().copied())
        .output()
        .expect("the program runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn tile_server_and_cache_are_configured_by_environment_without_a_rebuild() {
    let root = tempfile::tempdir().unwrap();
    let home = root.path().join("home");
    std::fs::create_dir(&home).unwrap();
    let home_s = home.display().to_string();
    let (code, out, err) = run_cli(&["paths"], &[("HOME", &home_s)]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("tile server: https://tile.openstreetmap.org/{z}/{x}/{y}.png"),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "tile cache: {home_s}/.cache/route-explorer/tiles (limit 200 MiB"
        )),
        "{out}"
    );
    assert!(
        out.contains(&format!("settings: {home_s}/.local/share/route-explorer")),
        "{out}"
    );

    let xdg = root.path().join("xdg-cache").display().to_string();
    let (code, out, _) = run_cli(
        &["--offline", "paths"],
        &[
            ("HOME", &home_s),
            ("XDG_CACHE_HOME", &xdg),
            (
                "ROUTE_EXPLORER_TILE_URL",
                "https://tiles.example.org/osm/{z}/{x}/{y}.png",
            ),
            ("ROUTE_EXPLORER_TILE_CACHE_MB", "50"),
        ],
    );
    assert_eq!(code, 0);
    assert!(
        out.contains("tile server: https://tiles.example.org/osm/{z}/{x}/{y}.png"),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "tile cache: {xdg}/route-explorer/tiles (limit 50 MiB"
        )),
        "{out}"
    );
    assert!(
        out.contains("online tiles: off (started with --offline)"),
        "{out}"
    );

    // With no home folder there is no disk cache at all, not a shared temporary one.
    let (_, out, _) = run_cli(&["paths"], &[]);
    assert!(out.contains("tile cache: (none"), "{out}");
    assert!(
        !out.contains(&std::env::temp_dir().display().to_string()),
        "{out}"
    );
}

/// The real program's headless paths never touch the network, and never
/// write into the home folder: run with a home folder and a tile server of
/// our own, nothing reaches either.
#[test]
fn the_real_program_run_headless_opens_no_connection_and_leaves_home_alone() {
    let stub = common::StubTileServer::start();
    let root = tempfile::tempdir().unwrap();
    let home = root.path().join("home");
    std::fs::create_dir(&home).unwrap();
    let out_dir = root.path().join("out");
    std::fs::create_dir(&out_dir).unwrap();
    let envs = [
        ("HOME", home.display().to_string()),
        ("ROUTE_EXPLORER_TILE_URL", stub.url_template()),
    ];
    let envs: Vec<(&str, &str)> = envs.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let png = out_dir.join("c.png").display().to_string();
    let csv = out_dir.join("f.csv").display().to_string();
    for args in [
        vec!["validate"],
        vec!["charts"],
        vec!["paths"],
        vec!["export", "figures", "-o", &csv],
        vec![
            "export",
            "chart",
            "national-seizures",
            "-o",
            &png,
            "--width",
            "800",
            "--height",
            "500",
        ],
    ] {
        let (code, _, err) = run_cli(&args, &envs);
        assert_eq!(code, 0, "{args:?}: {err}");
    }
    assert_eq!(stub.connections(), 0);
    assert!(
        common::files_under(&home).is_empty(),
        "{:?}",
        common::files_under(&home)
    );
}

fn have(tool: &str) -> bool {
    std::process::Command::new("sh")
        .args(["-c", &format!("command -v {tool}")])
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Run the real window for `seconds` under a virtual display, tracing its
/// `socket` calls; returns the address families it opened sockets for.
fn window_socket_families(home: &std::path::Path, tile_url: &str, seconds: u32) -> Vec<String> {
    let trace = home.join("strace.txt");
    let status = std::process::Command::new("xvfb-run")
        .args(["-a", "-s", "-screen 0 1280x800x24", "strace", "-f", "-qq"])
        .args(["-e", "trace=socket", "-o"])
        .arg(&trace)
        .args(["timeout", &seconds.to_string()])
        .arg(env!("CARGO_BIN_EXE_route-explorer"))
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", home)
        .env("ROUTE_EXPLORER_TILE_URL", tile_url)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .expect("xvfb-run runs");
    let _ = status; // `timeout` ends the window with a non-zero code by design
    let text = std::fs::read_to_string(&trace).expect("a trace was written");
    let mut families: Vec<String> = text
        .lines()
        .filter_map(|l| l.split("socket(").nth(1))
        .filter_map(|rest| rest.split(',').next())
        .map(str::to_owned)
        .collect();
    families.sort();
    families.dedup();
    families
}

/// The strongest check, when the machine has `xvfb-run` and `strace`: the
/// real window, started as a user would (settings and cache in a fresh home
/// folder), opens no internet socket with online tiles off; with the same
/// settings but online tiles saved on, it does (so the trace would show one).
#[test]
fn the_real_window_opens_no_internet_socket_unless_online_tiles_are_on() {
    if !(have("xvfb-run") && have("strace")) {
        eprintln!("SKIPPED: needs xvfb-run and strace (apt-get install xvfb xauth strace)");
        return;
    }
    let stub = common::StubTileServer::start();
    let off = tempfile::tempdir().unwrap();
    let families = window_socket_families(off.path(), &stub.url_template(), 8);
    assert!(
        !families.iter().any(|f| f.starts_with("AF_INET")),
        "internet sockets with online tiles off: {families:?}"
    );
    assert_eq!(stub.connections(), 0);

    // Same, with online tiles saved on in the settings file eframe reads.
    let on = tempfile::tempdir().unwrap();
    let mut ui = UiState::default();
    ui.map.online_tiles = true;
    let json = settings::to_json(&ui);
    let ron_string = json.replace('\\', "\\\\").replace('"', "\\\"");
    let dir = on.path().join(".local/share/route-explorer");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("app.ron"),
        format!("{{\"ui_state\": \"{ron_string}\"}}"),
    )
    .unwrap();
    let families = window_socket_families(on.path(), &stub.url_template(), 12);
    assert!(
        families.iter().any(|f| f.starts_with("AF_INET")),
        "no internet socket with online tiles on: {families:?}"
    );
    assert!(stub.connections() > 0);
}

/// Every UI test builds its app in an isolated environment (tests/common):
/// none calls the constructors that use the process's own folders or the
/// inert defaults, so a new test file cannot quietly reach the home folder.
#[test]
fn every_ui_test_runs_in_an_isolated_environment() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    // Spelt in pieces so this file does not match itself.
    let forbidden = [
        concat!("App::", "new("),
        concat!("App::", "from_data_arg("),
        concat!("Environment::", "from_process("),
        concat!("run_", "native("),
        concat!("run_", "native_in("),
    ];
    let mut offenders = Vec::new();
    let mut ui_files = 0;
    for entry in std::fs::read_dir(&dir).unwrap().flatten() {
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        if !text.contains("Harness") {
            continue;
        }
        ui_files += 1;
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            if let Some(f) = forbidden.iter().find(|f| code.contains(*f)) {
                offenders.push(format!("{}:{}: {f}", path.display(), n + 1));
            }
        }
    }
    assert!(ui_files >= 6, "only {ui_files} UI test files found");
    assert!(
        offenders.is_empty(),
        "use tests/common instead:\n{}",
        offenders.join("\n")
    );
}
