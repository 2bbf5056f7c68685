//! Shared by the UI tests: every app runs in an isolated environment (a
//! temporary folder for home, settings, tile cache and exports) with online
//! tiles pointed at a stub server on loopback that counts every connection,
//! so no test touches the real home folder or the network, and a test can
//! tell whether the app tried to go online at all.
//!
//! Use: `let t = TestEnv::new(); let mut h = t.harness(t.app(None));`

#![allow(dead_code)] // each test file uses part of it

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use egui_kittest::Harness;
use route_explorer::app::{App, Environment, UiState};
use route_explorer::model::Dataset;
use route_explorer::model::load::{self, Loaded};

pub fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

pub struct TestEnv {
    pub root: Arc<tempfile::TempDir>,
    pub tiles: Arc<StubTileServer>,
}

impl TestEnv {
    pub fn new() -> Self {
        TestEnv {
            root: Arc::new(tempfile::tempdir().expect("a temporary folder")),
            tiles: Arc::new(StubTileServer::start()),
        }
    }

    pub fn root(&self) -> &Path {
        self.root.path()
    }

    /// The environment apps get: everything under `root`, tiles from the
    /// stub; the folder and the stub live as long as an app using it.
    pub fn env(&self) -> Environment {
        let mut env = Environment::isolated(self.root.path(), &self.tiles.url_template());
        env.keep_alive.0.push(self.root.clone());
        env.keep_alive.0.push(self.tiles.clone());
        env
    }

    /// The window's start (`App::start`): `--data` file or the embedded dataset.
    pub fn app(&self, data: Option<&Path>) -> App {
        self.app_with_ui(data, UiState::default())
    }

    pub fn app_with_ui(&self, data: Option<&Path>, ui: UiState) -> App {
        App::start(data, ui, vec![], self.env())
    }

    /// An app on a dataset file loaded as the window would.
    pub fn app_on(&self, loaded: Loaded, ui: UiState) -> App {
        App::with_env(loaded, vec![], ui, self.env())
    }

    /// Where the export dialog proposes files.
    pub fn export_dir(&self) -> PathBuf {
        self.env().export_dir
    }
}

/// An app on `dataset` (as `App::new` takes it) in an isolated environment
/// of its own, kept alive by the app: the one-line replacement for
/// `App::new` in UI tests.
pub fn isolated_app(dataset: Dataset, label: &str, ui: UiState) -> App {
    let t = TestEnv::new();
    let bytes: &[u8] = if label == load::EMBEDDED_LABEL {
        load::EMBEDDED_JSON.as_bytes()
    } else {
        &[]
    };
    let loaded = Loaded {
        dataset,
        label: label.to_owned(),
        sha256: if bytes.is_empty() {
            String::new()
        } else {
            load::sha256_hex(bytes)
        },
        bytes: Arc::from(bytes),
    };
    t.app_on(loaded, ui)
}

pub fn harness(app: App, size: [f32; 2]) -> Harness<'static, App> {
    Harness::builder()
        .with_size(size)
        // The map's tile workers ask for repaints as tiles arrive; let `run` wait them out.
        .with_max_steps(200)
        .build_ui_state(|ui, app: &mut App| app.ui(ui), app)
}

/// Step frames (letting background threads work) until `done` holds.
pub fn step_until(h: &mut Harness<'static, App>, what: &str, done: impl Fn(&App) -> bool) {
    let start = Instant::now();
    while !done(h.state()) {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "timed out waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(20));
        h.step();
    }
    h.run_steps(2);
}

/// Step frames until the tile workers have delivered every visible tile.
pub fn wait_for_tiles(h: &mut Harness<'static, App>) {
    step_until(h, "basemap tiles", |app| {
        app.map
            .as_ref()
            .and_then(|m| m.offline_tiles())
            .is_some_and(|t| t.ready_tiles() > 0 && t.pending_tiles() == 0)
    });
}

/// A tile server on 127.0.0.1 that counts connections (even ones that send
/// nothing, like the reachability probe), records each request's head and
/// answers with a 256×256 PNG that may be cached for a week.
pub struct StubTileServer {
    port: u16,
    connections: Arc<AtomicUsize>,
    requests: Arc<Mutex<Vec<String>>>,
    stop: Arc<AtomicBool>,
}

impl StubTileServer {
    pub fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a loopback port");
        let port = listener.local_addr().expect("its address").port();
        listener
            .set_nonblocking(true)
            .expect("a non-blocking listener");
        let connections = Arc::new(AtomicUsize::new(0));
        let requests = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let (c, r, s) = (
            Arc::clone(&connections),
            Arc::clone(&requests),
            Arc::clone(&stop),
        );
        std::thread::spawn(move || {
            while !s.load(Ordering::SeqCst) {
                match listener.accept() {
                    Ok((stream, _)) => {
                        c.fetch_add(1, Ordering::SeqCst);
                        let r = Arc::clone(&r);
                        std::thread::spawn(move || serve(stream, &r));
                    }
                    Err(_) => std::thread::sleep(Duration::from_millis(5)),
                }
            }
        });
        StubTileServer {
            port,
            connections,
            requests,
            stop,
        }
    }

    pub fn url_template(&self) -> String {
        format!("http://127.0.0.1:{}/{{z}}/{{x}}/{{y}}.png", self.port)
    }

    /// TCP connections accepted so far.
    pub fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }

    /// Request heads received so far (request line and headers).
    pub fn requests(&self) -> Vec<String> {
        self.requests.lock().map(|r| r.clone()).unwrap_or_default()
    }
}

impl Drop for StubTileServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
    }
}

fn serve(mut stream: TcpStream, requests: &Mutex<Vec<String>>) {
    let _ = stream.set_nonblocking(false);
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let mut head = Vec::new();
    let mut buf = [0u8; 1024];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => return, // a probe: connected, sent nothing
            Ok(n) => head.extend_from_slice(&buf[..n]),
        }
    }
    if let Ok(mut r) = requests.lock() {
        r.push(String::from_utf8_lossy(&head).into_owned());
    }
    let body = tile_png();
    let reply = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nContent-Length: {}\r\n\
         Cache-Control: public, max-age=604800\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(reply.as_bytes());
    let _ = stream.write_all(&body);
}

/// A plain 256×256 PNG tile.
pub fn tile_png() -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut out, 256, 256);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        if let Ok(mut writer) = encoder.write_header() {
            let _ = writer.write_image_data(&[200u8; 256 * 256 * 3]);
        }
    }
    out
}

/// A loopback port with nothing listening (network down).
pub fn closed_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a loopback port");
    let port = listener.local_addr().expect("its address").port();
    drop(listener);
    port
}

/// Names of the entries directly in `dir` (empty if it cannot be read).
pub fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// Every file under `dir`, recursively.
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            match e.file_type() {
                Ok(t) if t.is_dir() => stack.push(p),
                Ok(_) => out.push(p),
                Err(_) => {}
            }
        }
    }
    out.sort();
    out
}

/// A renderer for harnesses that never take a picture (the monkey test):
/// it drops texture uploads. Without it kittest keeps every upload until a
/// first render, and thousands of map tiles over a long run filled the
/// machine's memory (the test was killed at 23 GB).
pub struct DiscardTextures;

impl egui_kittest::TestRenderer for DiscardTextures {
    fn handle_delta(&mut self, delta: &mut egui::TexturesDelta) {
        delta.clear();
    }

    fn render(
        &mut self,
        _ctx: &egui::Context,
        _output: &egui::FullOutput,
    ) -> Result<image::RgbaImage, String> {
        Err("this harness does not render (common::DiscardTextures)".to_owned())
    }
}
