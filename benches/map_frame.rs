//! Per-frame CPU time of the map view with every overlay on, driven headless:
//! egui layout + walkers + our plugins + tessellation, while the view pans and
//! zooms, then while the timeline steps through the years. Tile rasterisation
//! runs on worker threads and is not counted here (see benches/basemap.rs).
//! Run: `cargo bench --bench map_frame`.

use std::time::{Duration, Instant};

use egui::{Event, PointerButton, Pos2, RawInput, Rect, pos2, vec2};
use route_explorer::app::map::ChoroplethKey;
use route_explorer::app::map::fills::OblastFills;
use route_explorer::app::{App, Command, UiState};
use route_explorer::basemap::Basemap;
use route_explorer::model::load::{load_embedded, load_file};

/// CPU time this thread has used. The budget is CPU time, and wall time on a
/// shared 2-core build machine mostly measures the other processes.
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

/// Wall time and CPU time of one measured frame.
#[derive(Clone, Copy)]
struct Sample {
    wall: Duration,
    cpu: Duration,
}

fn measure(f: impl FnOnce()) -> Sample {
    let (w, c) = (Instant::now(), thread_cpu());
    f();
    Sample {
        wall: w.elapsed(),
        cpu: thread_cpu() - c,
    }
}

/// "median 0.50 ms, p95 1.20 ms, max 3.00 ms" of wall and CPU time.
fn summary(samples: &[Sample]) -> String {
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let stats = |mut v: Vec<Duration>| {
        v.sort();
        format!(
            "median {:.2} ms, p95 {:.2} ms, max {:.2} ms",
            ms(v[v.len() / 2]),
            ms(v[v.len() * 95 / 100]),
            ms(v[v.len() - 1])
        )
    };
    format!(
        "CPU {}; wall {}",
        stats(samples.iter().map(|s| s.cpu).collect()),
        stats(samples.iter().map(|s| s.wall).collect())
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

fn main() {
    let data = load_embedded().expect("embedded dataset");
    let mut ui_state = UiState::default();
    ui_state.map.show_routes = true;
    ui_state.map.show_places = true;
    ui_state.map.show_oblasts = true;
    let mut app = App::new(data, "embedded".into(), vec![], ui_state);
    let ctx = egui::Context::default();
    let mut t = 0.0;
    let frame = |app: &mut App, events: Vec<Event>, t: &mut f64| -> Sample {
        *t += 1.0 / 60.0;
        measure(|| {
            let out = ctx.run_ui(input(*t, events), |ui| app.ui(ui));
            let _ = ctx.tessellate(out.shapes, out.pixels_per_point);
        })
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
    println!(
        "map frame (pan + zoom, all overlays on, 1280x800): {} frames, {}",
        times.len(),
        summary(&times)
    );
    year_steps(&ctx);
}

/// The timeline's budget (issue 8): a year step redraws within one frame, in at
/// most 4 ms of CPU at 1280×800. The curated data has oblast amounts for one
/// year only, so this steps through the made-up multi-year test fixture.
fn year_steps(ctx: &egui::Context) {
    let basemap = Basemap::embedded().expect("embedded basemap");
    let start = Instant::now();
    let fills = OblastFills::new(&basemap);
    println!(
        "oblast fills triangulated once at start: {} triangles in {:.1} ms",
        fills.triangle_count(),
        start.elapsed().as_secs_f64() * 1000.0
    );
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/good/oblast-timeline.json");
    let data = load_file(&path).expect("timeline test fixture");
    let mut ui_state = UiState::default();
    ui_state.map.choropleth = Some(ChoroplethKey {
        series: "test-oblast-heroin-seizures".into(),
    });
    let mut app = App::new(data, "test fixture".into(), vec![], ui_state);
    let mut t = 1000.0;
    for (zoom, lon, lat) in [(4.0, 66.0, 45.5), (7.0, 68.5, 42.5)] {
        if let Some(m) = app.map.as_mut() {
            m.center_on(lon, lat, zoom);
        }
        let mut frame = |app: &mut App| -> Sample {
            t += 1.0 / 60.0;
            measure(|| {
                let out = ctx.run_ui(input(t, vec![]), |ui| app.ui(ui));
                let _ = ctx.tessellate(out.shapes, out.pixels_per_point);
            })
        };
        let pending = |app: &App| {
            app.map
                .as_ref()
                .and_then(|m| m.offline_tiles())
                .map_or(0, |t| t.pending_tiles())
        };
        // Warm up until the tiles of this view are drawn.
        for _ in 0..400 {
            frame(&mut app);
            if pending(&app) == 0 {
                break;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        let mut times = Vec::new();
        let mut frames_with_tile_work = 0;
        let mut colours_changed = 0;
        let mut before = route_explorer::app::map::active_choropleth(&app.state).map(|c| c.year);
        for i in 0..300 {
            // What a step button, an arrow key or play does: the next year (2003–2008).
            app.apply(Command::SetYear(Some(2003 + (i % 6))));
            times.push(frame(&mut app));
            if pending(&app) > 0 {
                frames_with_tile_work += 1;
            }
            let now = route_explorer::app::map::active_choropleth(&app.state).map(|c| c.year);
            if now != before {
                colours_changed += 1;
            }
            before = now;
        }
        assert_eq!(colours_changed, 300, "every step shows another year");
        println!(
            "year step (zoom {zoom}, all overlays on, 1280x800): {} steps, {}; steps that queued tile rendering: {frames_with_tile_work}",
            times.len(),
            summary(&times)
        );
    }
}
