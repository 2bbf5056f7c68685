//! Cost as the data grows (issue 12): the SYNTHETIC dataset at 1×, 10× and
//! 100× the curated size (`benches/support/synth.rs`), in process.
//!
//!     cargo bench --bench scale            # 1, 10 and 100 in one process
//!                                          # (tools/bench-scale runs one process per scale)
//!     cargo bench --bench scale -- 100     # one scale
//!     cargo bench --bench scale -- 100 charts   # only the chart frames
//!
//! For each scale: load + validate the JSON file; building the app (start-up
//! work before the first frame); per-frame CPU of the whole window at
//! 1280×800 with the map and every overlay on (idle, hovering, panning,
//! zooming) and with each chart (hovering). Frames are run headless
//! (`egui::Context::run_ui` + tessellation, no GPU) and timed in CPU time of
//! this thread, as `benches/map_frame.rs` does. Whole processes (validate,
//! start-up under Xvfb, RSS, idle CPU, exports) are measured by
//! `tools/bench-scale`.

#[path = "support/synth.rs"]
mod synth;

use std::time::{Duration, Instant};

use egui::{Event, PointerButton, Pos2, RawInput, Rect, pos2, vec2};
use route_explorer::analysis::route_facts::all_route_facts;
use route_explorer::app::map::{ChoroplethKey, Layer, MapCommand};
use route_explorer::app::panels::charts::ChartCommand;
use route_explorer::app::{App, CentralTab, Command, Environment, UiState};
use route_explorer::basemap::Basemap;
use route_explorer::charts::ChartId;
use route_explorer::model::load::{Loaded, load_file};
use route_explorer::model::validate::validate;

fn thread_cpu() -> Duration {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime writes one timespec through a valid pointer.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    assert_eq!(rc, 0, "clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed");
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// "median 0.50 / p95 1.20 / max 3.00 ms".
fn stats(mut v: Vec<Duration>) -> String {
    v.sort();
    format!(
        "median {:.2} / p95 {:.2} / max {:.2} ms",
        ms(v[v.len() / 2]),
        ms(v[v.len() * 95 / 100]),
        ms(v[v.len() - 1])
    )
}

fn input(t: f64, events: Vec<Event>) -> RawInput {
    RawInput {
        screen_rect: Some(Rect::from_min_size(Pos2::ZERO, vec2(1280.0, 800.0))),
        time: Some(t),
        predicted_dt: 1.0 / 60.0,
        events,
        ..Default::default()
    }
}

struct Window {
    app: App,
    ctx: egui::Context,
    t: f64,
}

impl Window {
    /// One whole frame (layout, painting, tessellation); its CPU time.
    fn frame(&mut self, events: Vec<Event>) -> Duration {
        self.t += 1.0 / 60.0;
        let c = thread_cpu();
        let out = self.ctx.run_ui(input(self.t, events), |ui| self.app.ui(ui));
        let _ = self.ctx.tessellate(out.shapes, out.pixels_per_point);
        thread_cpu() - c
    }

    /// Frames until the tile workers have drawn the view (not measured).
    fn settle(&mut self) {
        for _ in 0..400 {
            self.frame(vec![]);
            let pending = self
                .app
                .map
                .as_ref()
                .and_then(|m| m.offline_tiles())
                .map_or(0, |t| t.pending_tiles());
            if pending == 0 {
                break;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        self.frame(vec![]);
    }
}

fn press(pos: Pos2, pressed: bool) -> Event {
    Event::PointerButton {
        pos,
        button: PointerButton::Primary,
        pressed,
        modifiers: Default::default(),
    }
}

fn wheel(dy: f32) -> Event {
    Event::MouseWheel {
        unit: egui::MouseWheelUnit::Point,
        delta: vec2(0.0, dy),
        modifiers: Default::default(),
        phase: egui::TouchPhase::Move,
        source: egui::MouseWheelSource::Unknown,
    }
}

/// A point on a circle of `radius` around `center`, `i` of `n` round.
fn on_circle(center: Pos2, radius: f32, i: usize, n: usize) -> Pos2 {
    let a = i as f32 / n as f32 * std::f32::consts::TAU;
    center + vec2(a.cos(), a.sin()) * radius
}

fn scale(k: usize, dir: &std::path::Path, charts_only: bool) {
    println!("== {k}x ==");
    let path = dir.join(format!("synth-{k}.json"));
    std::fs::write(&path, synth::json(k)).expect("write the synthetic dataset");
    let bytes = std::fs::metadata(&path).map_or(0, |m| m.len());

    // Load + validate, in process.
    let runs = if k >= 100 { 9 } else { 25 };
    let mut load = Vec::new();
    let mut data = None;
    for _ in 0..runs {
        let t = Instant::now();
        let d = load_file(&path).expect("synthetic dataset loads");
        let problems = validate(&d);
        load.push(t.elapsed());
        assert!(problems.is_empty(), "synthetic dataset is invalid");
        data = Some(d);
    }
    let data = data.expect("loaded");
    load.sort();
    println!(
        "load + validate ({} KB, {} routes, {} places, {} figures): median {:.2} ms (wall, {runs} runs)",
        bytes / 1024,
        data.routes.len(),
        data.places.len(),
        data.figures.len(),
        ms(load[runs / 2])
    );

    let basemap = Basemap::embedded().expect("embedded basemap");
    let t = Instant::now();
    let facts = all_route_facts(&data, &basemap);
    println!(
        "route facts (lengths, oblasts crossed) of {} routes: {:.1} ms",
        facts.len(),
        ms(t.elapsed())
    );

    // Building the app: what runs before the first frame.
    let mut ui_state = UiState::default();
    ui_state.map.show_routes = true;
    ui_state.map.show_places = true;
    ui_state.map.show_oblasts = true;
    ui_state.map.show_flows = true;
    ui_state.map.show_legend = true;
    ui_state.map.choropleth = Some(ChoroplethKey {
        series: "oblast-heroin-seizures".into(),
    });
    // As the window builds it: the route facts on their worker thread.
    let mut env = Environment::inert();
    env.background_route_facts = true;
    let loaded = Loaded {
        dataset: data.clone(),
        label: format!("synth-{k}"),
        sha256: String::new(),
        bytes: std::sync::Arc::from(&[][..]),
    };
    let t = Instant::now();
    let mut window_app = App::with_env(loaded, vec![], ui_state.clone(), env);
    let built = t.elapsed();
    while window_app.route_facts_pending() {
        window_app.poll_route_facts();
        std::thread::sleep(Duration::from_millis(2));
    }
    println!(
        "App::with_env as the window builds it: {:.1} ms (route facts arrive from the worker after {:.0} ms)",
        ms(built),
        ms(t.elapsed())
    );
    drop(window_app);
    let t = Instant::now();
    let app = App::new(data, format!("synth-{k}"), vec![], ui_state);
    println!(
        "App::new (start-up work, route facts included): {:.1} ms",
        ms(t.elapsed())
    );

    let mut w = Window {
        app,
        ctx: egui::Context::default(),
        t: 0.0,
    };
    let c = thread_cpu();
    w.frame(vec![]);
    println!("first frame: {:.1} ms CPU", ms(thread_cpu() - c));
    w.settle();

    let center = pos2(640.0, 420.0);
    if !charts_only {
        map_frames(&mut w, center);
    }
    charts(&mut w, center);
}

/// The map with every overlay on: idle, hovering, panning, zooming, and
/// each overlay's share.
fn map_frames(w: &mut Window, center: Pos2) {
    let mut idle = Vec::new();
    for _ in 0..60 {
        idle.push(w.frame(vec![]));
    }
    let mut hover = Vec::new();
    for i in 0..120 {
        hover.push(w.frame(vec![Event::PointerMoved(on_circle(center, 150.0, i, 120))]));
    }
    let view_before = w.app.map.as_ref().map(|m| m.view());
    let (mut pan, mut zoom) = (Vec::new(), Vec::new());
    for round in 0..3 {
        if let Some(m) = w.app.map.as_mut() {
            m.center_on(70.0, 47.0, 4.0 + 2.0 * round as f64);
        }
        let mut events = vec![Event::PointerMoved(center), press(center, true)];
        for i in 0..120 {
            events.push(Event::PointerMoved(on_circle(center, 120.0, i, 120)));
            pan.push(w.frame(std::mem::take(&mut events)));
        }
        w.frame(vec![press(center, false)]);
        for i in 0..60 {
            let dy = if (i / 30) % 2 == 0 { 40.0 } else { -40.0 };
            zoom.push(w.frame(vec![Event::PointerMoved(center), wheel(dy)]));
        }
    }
    assert_ne!(
        view_before,
        w.app.map.as_ref().map(|m| m.view()),
        "the map moved"
    );
    println!("map idle:  {} frames, CPU {}", idle.len(), stats(idle));
    // What each overlay costs: idle frames with that one layer off.
    if let Some(m) = w.app.map.as_mut() {
        m.center_on(66.0, 45.5, 4.0);
    }
    w.settle();
    for layer in [Layer::Routes, Layer::Flows, Layer::Places, Layer::Oblasts] {
        w.app
            .apply(Command::Map(MapCommand::ShowLayer(layer, false)));
        w.settle();
        let frames: Vec<Duration> = (0..40).map(|_| w.frame(vec![])).collect();
        println!("  map idle without {layer:?}: CPU {}", stats(frames));
        w.app
            .apply(Command::Map(MapCommand::ShowLayer(layer, true)));
    }
    println!("map hover: {} frames, CPU {}", hover.len(), stats(hover));
    println!("map pan:   {} frames, CPU {}", pan.len(), stats(pan));
    println!("map zoom:  {} frames, CPU {}", zoom.len(), stats(zoom));
}

/// The chart in view: its first frame (which builds it), then 90 frames
/// with the pointer moving over it.
fn chart_frames(w: &mut Window, center: Pos2) -> (Duration, Vec<Duration>) {
    let build = w.frame(vec![]);
    for _ in 0..2 {
        w.frame(vec![]);
    }
    let frames = (0..90)
        .map(|i| w.frame(vec![Event::PointerMoved(on_circle(center, 200.0, i, 90))]))
        .collect();
    (build, frames)
}

/// Each chart, the pointer moving over it.
fn charts(w: &mut Window, center: Pos2) {
    w.app.apply(Command::Map(MapCommand::FitAll));
    w.app.apply(Command::SetCentralTab(CentralTab::Charts));
    for id in ChartId::ALL {
        w.app.apply(Command::Chart(ChartCommand::Select(id)));
        // The first frame builds the chart (once per change); later ones reuse it.
        let (build, frames) = chart_frames(w, center);
        println!(
            "chart {:<24} hover: CPU {} (first frame, building it: {:.2} ms)",
            id.id(),
            stats(frames),
            ms(build)
        );
    }
    // The oblast views open on the largest few; an analyst may still choose
    // every oblast (200 at 100×).
    let all = route_explorer::charts::oblasts_with_amounts(
        &w.app.state.dataset,
        route_explorer::charts::ChartDrug::Heroin,
    );
    let n = all.len();
    w.app.apply(Command::Chart(ChartCommand::SetOblasts(all)));
    for id in ChartId::ALL.into_iter().filter(|c| c.is_oblast_view()) {
        w.app.apply(Command::Chart(ChartCommand::Select(id)));
        let (build, frames) = chart_frames(w, center);
        println!(
            "chart {:<24} all {n} oblasts chosen, hover: CPU {} (first frame {:.2} ms)",
            id.id(),
            stats(frames),
            ms(build)
        );
    }
}

fn main() {
    let scales: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let scales = if scales.is_empty() {
        vec![1, 10, 100]
    } else {
        scales
    };
    let charts_only = std::env::args().any(|a| a == "charts");
    let dir = tempfile::tempdir().expect("temporary folder");
    for k in scales {
        scale(k, dir.path(), charts_only);
    }
}
