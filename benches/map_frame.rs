//! Per-frame CPU time of the map view with every overlay on, driven headless:
//! egui layout + walkers + our plugins + tessellation, while the view pans and
//! zooms. Tile rasterisation runs on worker threads and is not counted here
//! (see benches/basemap.rs). Run: `cargo bench --bench map_frame`.

use std::time::{Duration, Instant};

use egui::{Event, PointerButton, Pos2, RawInput, Rect, pos2, vec2};
use route_explorer::app::{App, UiState};
use route_explorer::model::load::load_embedded;

fn input(t: f64, events: Vec<Event>) -> RawInput {
    RawInput {
        screen_rect: Some(Rect::from_min_size(Pos2::ZERO, vec2(1280.0, 800.0))),
        time: Some(t),
        predicted_dt: 1.0 / 60.0,
        events,
        ..Default::default()
    }
}

fn main() {
    let data = load_embedded().expect("embedded dataset");
    let mut ui_state = UiState::default();
    ui_state.map.show_routes = true;
    ui_state.map.show_places = true;
    ui_state.map.show_oblasts = true;
    let mut app = App::new(data, "embedded".into(), vec![], ui_state);
    let ctx = egui::Context::default();
    let mut t = 0.0;
    let frame = |app: &mut App, events: Vec<Event>, t: &mut f64| -> Duration {
        *t += 1.0 / 60.0;
        let start = Instant::now();
        let out = ctx.run_ui(input(*t, events), |ui| app.ui(ui));
        let _ = ctx.tessellate(out.shapes, out.pixels_per_point);
        start.elapsed()
    };
    // Warm up: let the tile workers fill the cache for the first view.
    for _ in 0..200 {
        frame(&mut app, vec![], &mut t);
        std::thread::sleep(Duration::from_millis(5));
    }
    let view_before = app.map.as_ref().map(|m| m.view());
    let center = pos2(640.0, 420.0);
    let mut times = Vec::new();
    let mut max_zoom: f64 = 0.0;
    for round in 0..4 {
        // Each round starts over Kazakhstan, one zoom level deeper.
        if let Some(m) = app.map.as_mut() {
            m.center_on(70.0, 47.0, 4.0 + round as f64);
        }
        // Drag the map in a circle (pan), then wheel-zoom in and out.
        let mut events = vec![
            Event::PointerMoved(center),
            Event::PointerButton {
                pos: center,
                button: PointerButton::Primary,
                pressed: true,
                modifiers: Default::default(),
            },
        ];
        for i in 0..120 {
            let a = i as f32 / 120.0 * std::f32::consts::TAU;
            let p = center + vec2(a.cos(), a.sin()) * 120.0;
            events.push(Event::PointerMoved(p));
            times.push(frame(&mut app, std::mem::take(&mut events), &mut t));
        }
        let release = vec![Event::PointerButton {
            pos: center,
            button: PointerButton::Primary,
            pressed: false,
            modifiers: Default::default(),
        }];
        frame(&mut app, release, &mut t);
        for i in 0..60 {
            let dy = if (i / 30 + round) % 2 == 0 {
                40.0
            } else {
                -40.0
            };
            let wheel = vec![
                Event::PointerMoved(center),
                Event::MouseWheel {
                    unit: egui::MouseWheelUnit::Point,
                    delta: vec2(0.0, dy),
                    modifiers: Default::default(),
                    phase: egui::TouchPhase::Move,
                    source: egui::MouseWheelSource::Unknown,
                },
            ];
            times.push(frame(&mut app, wheel, &mut t));
            if let Some(m) = app.map.as_ref() {
                max_zoom = max_zoom.max(m.view().1);
            }
        }
    }
    // Show that the gestures really moved the map (the frames did work).
    let view_after = app.map.as_ref().map(|m| m.view());
    let tiles = app
        .map
        .as_ref()
        .and_then(|m| m.offline_tiles())
        .map(|t| t.ready_tiles());
    println!(
        "view before {view_before:?}, after {view_after:?}, deepest zoom {max_zoom:.2}, cached tiles {tiles:?}"
    );
    assert_ne!(view_before, view_after, "the map did not move");
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let median = ms(times[times.len() / 2]);
    let p95 = ms(times[times.len() * 95 / 100]);
    println!(
        "map frame (pan + zoom, all overlays on, 1280x800): {} frames, median {median:.2} ms, p95 {p95:.2} ms, max {:.2} ms",
        times.len(),
        ms(times[times.len() - 1])
    );
}
