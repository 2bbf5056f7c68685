//! The map tab, driven as a user would: select routes, search places, and
//! look at what is drawn (rendered with wgpu on the CPU).

// Every app runs in an isolated environment (temporary home, stub tile server).
mod common;
use common::{step_until, wait_for_tiles};

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use route_explorer::app::{App, Selection, UiState};
use route_explorer::model::load::load_embedded;

fn app() -> App {
    let data = load_embedded().unwrap();
    common::isolated_app(data, "embedded", UiState::default())
}

fn harness(app: App) -> Harness<'static, App> {
    Harness::builder()
        .with_size([1280.0, 800.0])
        .build_ui_state(|ui, app: &mut App| app.ui(ui), app)
}

#[test]
fn selecting_a_route_in_the_list_selects_it_and_fits_the_map_to_it() {
    let mut h = harness(app());
    h.run_steps(2);
    let before = h.state().map.as_ref().unwrap().view();
    h.get_by_label("Uzbekistan route 3: Nukus – Beineu – Makat – Atyrau – Ganyushkino")
        .click();
    h.run_steps(3);
    let state = &h.state().state;
    assert_eq!(state.ui.selection, Some(Selection::Route("uz-3".into())));
    let ((lon, lat), zoom) = h.state().map.as_ref().unwrap().view();
    // The view now centres on the route (Nukus 59.6 E … Ganyushkino 49.3 E)
    // and is closer than the overview.
    assert!(
        (48.0..61.0).contains(&lon) && (41.0..48.5).contains(&lat),
        "{lon} {lat}"
    );
    assert!(zoom > before.1, "zoom {zoom} not closer than {}", before.1);
    // The details panel shows what `geo` computed for it.
    h.get_by_label("Kazakh oblasts crossed:");
}

#[test]
fn search_finds_a_place_by_an_alias_and_centres_on_it() {
    let mut h = harness(app());
    h.run_steps(2);
    // "Ust-Kamenogorsk" is how the source spells Oskemen.
    h.get_by_label("Find place:").click();
    h.run_steps(3);
    h.get_by_label("Find place:").type_text("Kamenogorsk");
    h.run_steps(3);
    h.get_by_label("Oskemen (Ust-Kamenogorsk)").click();
    h.run_steps(2);
    assert_eq!(
        h.state().state.ui.selection,
        Some(Selection::Place("oskemen".into()))
    );
    let ((lon, lat), zoom) = h.state().map.as_ref().unwrap().view();
    assert!(
        (lon - 82.6).abs() < 0.2 && (lat - 49.95).abs() < 0.2,
        "{lon} {lat}"
    );
    assert!(zoom >= 8.0);
}

#[test]
fn layer_toggles_change_what_the_map_draws() {
    let mut h = harness(app());
    h.run_steps(2);
    h.get_by_label("Layers").click();
    h.run_steps(3);
    h.get_by_label("Route lines").click();
    h.run_steps(1);
    assert!(!h.state().state.ui.map.show_routes);
    // Online tiles are off unless asked for.
    assert!(!h.state().state.ui.map.online_tiles);
}

#[test]
fn starts_without_network_and_draws_the_offline_basemap() {
    let mut h = harness(app());
    wait_for_tiles(&mut h);
    assert!(
        h.state().map.as_ref().unwrap().online_status().is_none(),
        "no network use by default"
    );
    let image = h.render().expect("rendering works on the CPU");
    // Count basemap colours inside the map area (centre of the window).
    let (mut land, mut water) = (0, 0);
    for y in (150..700).step_by(4) {
        for x in (420..900).step_by(4) {
            let p = image.get_pixel(x, y).0;
            let near = |c: [u8; 3]| {
                p[..3]
                    .iter()
                    .zip(c)
                    .all(|(a, b)| (*a as i32 - b as i32).abs() <= 10)
            };
            if near([238, 235, 226]) || near([246, 243, 233]) {
                land += 1;
            }
            if near([170, 200, 222]) {
                water += 1;
            }
        }
    }
    assert!(land > 2000, "land pixels: {land}");
    assert!(
        water > 100,
        "water pixels (Caspian, Aral, Balkhash): {water}"
    );
    h.snapshot("map_default_view");
}

#[test]
fn oblast_tooltip_gives_value_unit_and_source_or_says_no_data() {
    use route_explorer::app::map::overlay::HitTarget;
    use route_explorer::app::map::{active_choropleth, tooltip_text};
    let app = app();
    let view = app.map.as_ref().unwrap();
    let choropleth = active_choropleth(&app.state).expect("oblast layer on by default");
    let figure = app
        .state
        .dataset
        .figures
        .iter()
        .find(|f| f.series == choropleth.series.series && f.year == Some(choropleth.year.year))
        .unwrap();
    let text = tooltip_text(
        &app.state,
        &app.state.route_facts,
        Some(&choropleth),
        view.basemap(),
        &HitTarget::Oblast(figure.region.clone()),
    );
    assert!(text.contains(&format!("{} kg", figure.value)), "{text}");
    assert!(
        text.contains(&app.state.dataset.citation(&figure.source)),
        "{text}"
    );
    // A unit the source gives no value for says so instead of showing zero.
    let silent = app
        .state
        .dataset
        .regions
        .iter()
        .find(|r| {
            r.id.starts_with("KZ.") && !app.state.dataset.figures.iter().any(|f| f.region == r.id)
        })
        .unwrap();
    let text = tooltip_text(
        &app.state,
        &app.state.route_facts,
        Some(&choropleth),
        view.basemap(),
        &HitTarget::Oblast(silent.id.clone()),
    );
    assert!(text.contains("no data"), "{text}");
    assert!(!text.contains(" 0 kg"), "{text}");
}

#[test]
fn online_tiles_that_cannot_be_reached_leave_the_offline_map_working() {
    use route_explorer::app::map::online::{OnlineEndpoint, OnlineStatus};
    let cache = tempfile::tempdir().unwrap();
    let mut app = app();
    if let Some(view) = app.map.as_mut() {
        // A closed loopback port stands in for a network that is down.
        view.online_endpoint = OnlineEndpoint {
            url_template: "https://127.0.0.1:9/{z}/{x}/{y}.png".into(),
            check_host: "127.0.0.1:9".into(),
            cache_dir: cache.path().to_path_buf(),
            cache_limit_bytes: 1 << 20,
        };
    }
    let mut h = harness(app);
    h.run_steps(2);
    h.get_by_label("Layers").click();
    h.run_steps(3);
    h.get_by_label("OpenStreetMap tiles (online)").click();
    step_until(&mut h, "the online status", |app| {
        matches!(
            app.map.as_ref().and_then(|m| m.online_status()),
            Some(OnlineStatus::Unavailable(_))
        )
    });
    // The user is told, attribution names OSM, and the offline map still draws.
    h.get_by_label_contains("Online tiles unavailable (cannot connect to 127.0.0.1:9");
    h.get_by_label_contains("OpenStreetMap contributors");
    wait_for_tiles(&mut h);
    assert!(
        h.state()
            .map
            .as_ref()
            .unwrap()
            .offline_tiles()
            .unwrap()
            .ready_tiles()
            > 0
    );
}

#[test]
fn attribution_is_always_shown() {
    let mut h = harness(app());
    h.run_steps(2);
    h.get_by_label("Basemap: Natural Earth · Places: GeoNames (CC BY 4.0)");
}

#[test]
fn clicking_an_oblast_on_the_map_adds_it_to_the_comparison_chart() {
    let mut h = harness(app());
    h.run_steps(3);
    let view = h.state().map.as_ref().unwrap();
    let rect = view.last_rect().expect("map drawn");
    let ((lon, lat), _) = view.view();
    // The unit under the map's centre (no route or place there at the default view).
    let expected = view
        .basemap()
        .oblast_at(lon, lat)
        .expect("centre is in Kazakhstan")
        .hasc
        .clone();
    let centre = rect.center();
    h.hover_at(centre);
    h.run_steps(1);
    h.event(egui::Event::PointerButton {
        pos: centre,
        button: egui::PointerButton::Primary,
        pressed: true,
        modifiers: Default::default(),
    });
    h.event(egui::Event::PointerButton {
        pos: centre,
        button: egui::PointerButton::Primary,
        pressed: false,
        modifiers: Default::default(),
    });
    h.run_steps(2);
    assert!(
        h.state().state.ui.charts.oblasts.contains(&expected),
        "{expected} not in {:?}",
        h.state().state.ui.charts.oblasts
    );
    // The map now outlines it in the comparison colour (chart -> map link).
    let outline = route_explorer::style::COMPARISON_OUTLINE;
    let count_outline = |h: &mut Harness<'static, App>| {
        let image = h.render().expect("rendering works on the CPU");
        image
            .pixels()
            .filter(|p| {
                (p.0[0] as i32 - outline.r as i32).abs() < 12
                    && (p.0[1] as i32 - outline.g as i32).abs() < 12
                    && (p.0[2] as i32 - outline.b as i32).abs() < 12
            })
            .count()
    };
    let with_outline = count_outline(&mut h);
    assert!(with_outline > 200, "outline pixels: {with_outline}");
    // Clicking it again takes it out of the chart and the outline goes.
    h.hover_at(centre);
    for pressed in [true, false] {
        h.event(egui::Event::PointerButton {
            pos: centre,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: Default::default(),
        });
    }
    h.run_steps(2);
    assert!(!h.state().state.ui.charts.oblasts.contains(&expected));
    let without = count_outline(&mut h);
    assert!(without < with_outline / 4, "outline pixels left: {without}");
}

#[test]
fn arrow_keys_pan_the_map_while_the_pointer_is_over_it() {
    let mut h = harness(app());
    h.run_steps(2);
    let rect = h.state().map.as_ref().unwrap().last_rect().unwrap();
    h.hover_at(rect.center());
    h.run_steps(1);
    let ((lon0, lat0), _) = h.state().map.as_ref().unwrap().view();
    h.key_press(egui::Key::ArrowRight);
    h.run_steps(1);
    h.key_press(egui::Key::ArrowUp);
    h.run_steps(1);
    let ((lon1, lat1), _) = h.state().map.as_ref().unwrap().view();
    assert!(lon1 > lon0 + 1.0, "east: {lon0} -> {lon1}");
    assert!(lat1 > lat0 + 1.0, "north: {lat0} -> {lat1}");
}
