//! Chokepoints, corridor summaries and flows in the window, driven as a user
//! would (egui_kittest) and checked on the rendered image (wgpu on the CPU).

// Every app runs in an isolated environment (temporary home, stub tile server).
mod common;
use common::wait_for_tiles;

use std::collections::BTreeSet;

use egui::{Pos2, Rect, pos2, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use route_explorer::app::map::flows;
use route_explorer::app::{App, Selection, UiState};
use route_explorer::basemap::mercator::lonlat_to_world;
use route_explorer::model::load::load_embedded;
use route_explorer::style::{FLOW, HIGHLIGHT, Rgba};

fn app() -> App {
    let data = load_embedded().unwrap();
    common::isolated_app(data, "embedded", UiState::default())
}

fn harness(app: App) -> Harness<'static, App> {
    Harness::builder()
        .with_size([1280.0, 800.0])
        .build_ui_state(|ui, app: &mut App| app.ui(ui), app)
}

/// Where lon/lat is on screen in the current map view.
fn on_screen(app: &App, lon: f64, lat: f64) -> Pos2 {
    let view = app.map.as_ref().unwrap();
    let rect = view.last_rect().unwrap();
    let ((clon, clat), zoom) = view.view();
    let scale = 256.0 * 2f64.powf(zoom);
    let (x, y) = lonlat_to_world(lon, lat);
    let (cx, cy) = lonlat_to_world(clon, clat);
    rect.center() + vec2(((x - cx) * scale) as f32, ((y - cy) * scale) as f32)
}

fn place_on_screen(app: &App, id: &str) -> Pos2 {
    let p = app.state.dataset.place(id).unwrap();
    on_screen(app, p.lon, p.lat)
}

/// A rendered frame's pixels (RGBA, one pixel per point here).
struct Shot {
    width: u32,
    height: u32,
    rgba: Vec<u8>,
}

fn shot(h: &mut Harness<'static, App>) -> Shot {
    let image = h.render().expect("rendering works on the CPU");
    let (width, height) = image.dimensions();
    Shot {
        width,
        height,
        rgba: image.into_raw(),
    }
}

/// Pixels within a small tolerance of `c` inside `area`.
fn count_colour(image: &Shot, c: Rgba, area: Rect) -> usize {
    let mut n = 0;
    let x0 = area.left().max(0.0) as u32;
    let y0 = area.top().max(0.0) as u32;
    let x1 = (area.right().max(0.0) as u32).min(image.width);
    let y1 = (area.bottom().max(0.0) as u32).min(image.height);
    for y in y0..y1 {
        for x in x0..x1 {
            let i = ((y * image.width + x) * 4) as usize;
            let p = &image.rgba[i..i + 3];
            let near = |a: u8, b: u8| (a as i32 - b as i32).abs() <= 12;
            if near(p[0], c.r) && near(p[1], c.g) && near(p[2], c.b) {
                n += 1;
            }
        }
    }
    n
}

fn around(p: Pos2, half: f32) -> Rect {
    Rect::from_center_size(p, vec2(half * 2.0, half * 2.0))
}

fn midpoint(app: &App, a: &str, b: &str) -> Pos2 {
    let (p, q) = (place_on_screen(app, a), place_on_screen(app, b));
    pos2((p.x + q.x) / 2.0, (p.y + q.y) / 2.0)
}

#[test]
fn selecting_a_chokepoint_highlights_its_routes_on_the_map_and_lists_them() {
    let mut h = harness(app());
    wait_for_tiles(&mut h);
    let map_rect = h.state().map.as_ref().unwrap().last_rect().unwrap();
    let image = shot(&mut h);
    assert_eq!(
        count_colour(&image, HIGHLIGHT, map_rect),
        0,
        "nothing is highlighted before a chokepoint is chosen"
    );

    h.get_by_label("Chokepoints").click();
    h.run_steps(3);
    // Karaganda, the convergence point the 2012 report names.
    h.get_by_label("Karaganda").click();
    h.run_steps(2);
    wait_for_tiles(&mut h);
    let state = &h.state().state;
    assert_eq!(
        state.ui.selection,
        Some(Selection::Place("karaganda".into()))
    );
    // (The UNODC 2008 wording of Kyrgyz route 2 goes from Saryshagan straight
    // to Petropavlovsk without naming Karaganda, so its line is not lit.)
    assert_eq!(
        state.highlighted_routes(),
        BTreeSet::from(["kg-2", "tj-1", "uz-1"])
    );
    // The details panel lists the three distinct routes, by name.
    h.get_by_label("On 3 route(s)");
    for id in ["tj-1", "kg-2", "uz-1"] {
        let name = h.state().state.dataset.route(id).unwrap().name.clone();
        h.get_by_label(&name);
    }
    h.get_by_label("Corridor summary");

    // On the map: a halo along Saryshagan–Balkhash (only Kyrgyz route 2,
    // which passes Karaganda), none along Shymkent–Kyzylorda (only Kyrgyz
    // route 3, which does not).
    let image = shot(&mut h);
    let app = h.state();
    let passing = count_colour(
        &image,
        HIGHLIGHT,
        around(midpoint(app, "saryshagan", "balkhash"), 12.0),
    );
    let not_passing = count_colour(
        &image,
        HIGHLIGHT,
        around(midpoint(app, "shymkent", "kyzylorda"), 12.0),
    );
    assert!(passing > 15, "halo pixels on a passing route: {passing}");
    assert_eq!(not_passing, 0, "halo on a route that does not pass");

    // Clicking it again (the list entry, not the details heading) clears
    // the selection and the halo.
    h.get_all_by_label("Karaganda").next().unwrap().click();
    h.run_steps(2);
    assert_eq!(h.state().state.ui.selection, None);
    let image = shot(&mut h);
    let map_rect = h.state().map.as_ref().unwrap().last_rect().unwrap();
    assert_eq!(count_colour(&image, HIGHLIGHT, map_rect), 0);
}

#[test]
fn selecting_a_leg_summarises_its_corridor() {
    let mut h = harness(app());
    h.run_steps(2);
    h.get_by_label("Chokepoints").click();
    h.run_steps(3);
    h.get_by_label("Legs").click();
    h.run_steps(3);
    h.get_by_label("Shymkent – Taraz").click();
    h.run_steps(2);
    let state = &h.state().state;
    assert_eq!(
        state.ui.selection,
        Some(Selection::Leg("shymkent".into(), "taraz".into()))
    );
    assert_eq!(
        state.highlighted_routes().len(),
        5,
        "4 routes, kg-3 in two wordings"
    );
    h.get_by_label("On 4 route(s)");
    h.get_by_label("Oblasts crossed:");
    h.get_by_label("South Kazakhstan");
    h.get_by_label("Nearest border points");
    // Following the oblast link shows the oblast's summary with its figures.
    h.get_by_label("South Kazakhstan").click();
    h.run_steps(2);
    assert_eq!(
        h.state().state.ui.selection,
        Some(Selection::Oblast("KZ.SK".into()))
    );
    h.get_by_label_contains("Seizure figures: South Kazakhstan");
    h.get_by_label_contains("151.1 kg");
}

#[test]
fn clicking_an_oblast_shows_its_summary_and_still_adds_it_to_the_comparison() {
    let mut h = harness(app());
    h.run_steps(3);
    let view = h.state().map.as_ref().unwrap();
    let centre = view.last_rect().unwrap().center();
    let ((lon, lat), _) = view.view();
    let expected = view.basemap().oblast_at(lon, lat).unwrap().hasc.clone();
    h.hover_at(centre);
    h.run_steps(1);
    for pressed in [true, false] {
        h.event(egui::Event::PointerButton {
            pos: centre,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: Default::default(),
        });
    }
    h.run_steps(2);
    let state = &h.state().state;
    assert!(state.ui.charts.oblasts.contains(&expected));
    assert_eq!(
        state.ui.selection,
        Some(Selection::Oblast(expected.clone()))
    );
    h.get_by_label("Corridor summary");
    h.get_by_label("Nearest border points");
    h.get_by_label("included");
}

#[test]
fn flows_are_drawn_in_their_colour_and_the_layer_toggle_removes_them() {
    let mut h = harness(app());
    wait_for_tiles(&mut h);
    let map_rect = h.state().map.as_ref().unwrap().last_rect().unwrap();
    let image = shot(&mut h);
    let on = count_colour(&image, FLOW, map_rect);
    assert!(on > 400, "flow pixels with the layer on: {on}");

    // The Turkmenistan channel: likely, so dashed. Along its curve the flow
    // colour comes and goes; along the documented Xinjiang rail flow it holds.
    let app = h.state();
    let data = &app.state.dataset;
    let basemap = app.map.as_ref().unwrap().basemap();
    let coverage = |id: &str| {
        let f = data.flows.iter().find(|f| f.id == id).unwrap();
        let (a, b) = flows::links(data, basemap, f)[0];
        let pts = flows::curve(on_screen(app, a.0, a.1), on_screen(app, b.0, b.1));
        // Sample the middle half of the curve every 2 points.
        let mut samples = Vec::new();
        for seg in pts[pts.len() / 4..pts.len() * 3 / 4].windows(2) {
            let steps = ((seg[1] - seg[0]).length() / 2.0).ceil().max(1.0) as usize;
            for i in 0..steps {
                samples.push(seg[0] + (seg[1] - seg[0]) * (i as f32 / steps as f32));
            }
        }
        let hit = samples
            .iter()
            .filter(|p| count_colour(&image, FLOW, around(**p, 1.5)) > 0)
            .count();
        hit as f32 / samples.len() as f32
    };
    let dashed = coverage("tm-north-west-likely");
    let solid = coverage("rail-xinjiang");
    // (Dash 7, gap 5: about 0.6 expected; routes drawn over a flow take a little.)
    assert!(solid > 0.85, "documented flow coverage {solid}");
    assert!(
        (0.3..0.8).contains(&dashed),
        "likely flow coverage {dashed}"
    );

    h.get_by_label("Layers").click();
    h.run_steps(3);
    h.get_by_label("Other flows (schematic)").click();
    h.run_steps(3);
    assert!(!h.state().state.ui.map.show_flows);
    let image = shot(&mut h);
    let off = count_colour(&image, FLOW, map_rect);
    assert!(
        off * 50 < on,
        "flow pixels left with the layer off: {off} (on: {on})"
    );
}

#[test]
fn hovering_a_flow_tells_its_ends_that_the_path_is_unknown_and_its_source() {
    let mut h = harness(app());
    wait_for_tiles(&mut h);
    let app = h.state();
    let data = &app.state.dataset;
    let basemap = app.map.as_ref().unwrap().basemap();
    let f = data
        .flows
        .iter()
        .find(|f| f.id == "tm-north-west-likely")
        .unwrap();
    let (a, b) = flows::links(data, basemap, f)[0];
    let pts = flows::curve(on_screen(app, a.0, a.1), on_screen(app, b.0, b.1));
    let at = pts[pts.len() * 6 / 10];
    h.hover_at(at);
    h.run_steps(2);
    h.get_by_label_contains("Path between the ends: not given by the source");
    h.get_by_label_contains("From Turkmenistan to Orenburg");
    h.get_by_label_contains("Illicit Drug Trends in Central Asia");
}
