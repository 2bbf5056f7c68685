//! The timeline under the map, driven as a user would: move the year slider,
//! step and play, and look at the colour the map gives an oblast (rendered
//! with wgpu on the CPU).
//!
//! The curated dataset has oblast amounts for 2006 only, so these tests load
//! `tests/fixtures/good/oblast-timeline.json` (see tests/fixtures/README.md): made-up values for 2003–2008
//! (no value at all in 2005), clearly marked as test data.

// Every app runs in an isolated environment (temporary home, stub tile server).
mod common;
use common::wait_for_tiles;

use std::path::Path;
use std::time::Duration;

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use route_explorer::app::map::timeline::{
    NEXT_LABEL, PAUSE_LABEL, PLAY_LABEL, PREVIOUS_LABEL, SLIDER_LABEL,
};
use route_explorer::app::map::{ChoroplethKey, active_choropleth};
use route_explorer::app::{App, Command, UiState};
use route_explorer::basemap::BasemapStyle;
use route_explorer::model::load::load_file;
use route_explorer::style::{
    CHOROPLETH_FILL_ALPHA, CHOROPLETH_RAMP, NO_DATA, NO_DATA_FILL_ALPHA, Rgba,
};

const SERIES: &str = "test-oblast-heroin-seizures";

fn fixture_app() -> App {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/good/oblast-timeline.json");
    let data = load_file(&path).expect("test fixture loads");
    let mut ui = UiState::default();
    // Only the oblast layer, so the colour of an oblast is not hidden under
    // routes, symbols or the legend.
    ui.map.show_routes = false;
    ui.map.show_places = false;
    ui.map.show_legend = false;
    ui.map.choropleth = Some(ChoroplethKey {
        series: SERIES.into(),
    });
    common::isolated_app(data, "test fixture", ui)
}

fn harness(app: App) -> Harness<'static, App> {
    Harness::builder()
        .with_size([1280.0, 800.0])
        .build_ui_state(|ui, app: &mut App| app.ui(ui), app)
}

/// The year the map's oblast layer shows.
fn map_year(h: &Harness<'static, App>) -> i32 {
    active_choropleth(&h.state().state)
        .expect("oblast layer on")
        .year
        .year
}

/// The colour most pixels inside an oblast have (land only, lakes skipped).
fn oblast_colour(h: &mut Harness<'static, App>, hasc: &str) -> [u8; 3] {
    let image = h.render().expect("rendering works on the CPU");
    let view = h.state().map.as_ref().unwrap();
    let rect = view.last_rect().unwrap().shrink(10.0);
    let basemap = view.basemap();
    let unit = basemap.oblast(hasc).unwrap();
    let (min, max) = (unit.bbox.min(), unit.bbox.max());
    let mut counts: std::collections::HashMap<[u8; 3], usize> = Default::default();
    for i in 0..40 {
        for j in 0..40 {
            let lon = min.x + (max.x - min.x) * (i as f64 + 0.5) / 40.0;
            let lat = min.y + (max.y - min.y) * (j as f64 + 0.5) / 40.0;
            if basemap.oblast_at(lon, lat).map(|o| o.hasc.as_str()) != Some(hasc)
                || basemap.lake_at(lon, lat).is_some()
            {
                continue;
            }
            let Some(p) = view.screen_of(lon, lat).filter(|p| rect.contains(*p)) else {
                continue;
            };
            let px = image.get_pixel(p.x as u32, p.y as u32).0;
            *counts.entry([px[0], px[1], px[2]]).or_default() += 1;
        }
    }
    let total: usize = counts.values().sum();
    assert!(total > 50, "too few samples inside {hasc}: {total}");
    counts
        .into_iter()
        .max_by_key(|(_, n)| *n)
        .map(|(c, _)| c)
        .unwrap()
}

/// A fill blended over Kazakhstan's land colour, as the screen shows it.
fn over_land(fill: Rgba, alpha: u8) -> [u8; 3] {
    let land = BasemapStyle::default().kazakhstan_land;
    let a = alpha as f32 / 255.0;
    let mix = |f: u8, l: u8| (f as f32 * a + l as f32 * (1.0 - a)).round() as u8;
    [
        mix(fill.r, land[0]),
        mix(fill.g, land[1]),
        mix(fill.b, land[2]),
    ]
}

fn assert_near(got: [u8; 3], want: [u8; 3], what: &str) {
    let far = got
        .iter()
        .zip(want)
        .any(|(g, w)| (*g as i32 - w as i32).abs() > 14);
    assert!(!far, "{what}: pixel {got:?}, expected about {want:?}");
}

/// How long until the app wants its next frame (`Duration::MAX`: not at all).
fn repaint_delay(h: &Harness<'static, App>) -> Duration {
    h.output()
        .viewport_output
        .get(&egui::ViewportId::ROOT)
        .map_or(Duration::MAX, |v| v.repaint_delay)
}

fn slider<'a>(h: &'a Harness<'static, App>) -> egui_kittest::Node<'a> {
    h.get_by_role_and_label(Role::Slider, SLIDER_LABEL)
}

#[test]
fn moving_the_year_slider_recolours_an_oblast_with_classes_fixed_over_the_years() {
    let mut h = harness(fixture_app());
    wait_for_tiles(&mut h);
    // Nothing chosen yet: the latest year, 2008 (South Kazakhstan 480 kg, darkest class).
    assert_eq!(map_year(&h), 2008);
    let y2008 = oblast_colour(&mut h, "KZ.SK");
    assert_near(
        y2008,
        over_land(CHOROPLETH_RAMP[4], CHOROPLETH_FILL_ALPHA),
        "South Kazakhstan in 2008",
    );
    h.get_by_label("4 of 16 oblasts and cities reported");

    // Drag the slider's handle to its left end: 2003 (120 kg: second class of
    // five, because the classes span every year up to 480 kg).
    let rail = slider(&h).rect();
    let handle = egui::pos2(rail.right() - 6.0, rail.center().y);
    h.drag_at(handle);
    h.run_steps(1);
    h.hover_at(egui::pos2(rail.left() - 40.0, rail.center().y));
    h.run_steps(1);
    h.drop_at(egui::pos2(rail.left() - 40.0, rail.center().y));
    h.run_steps(2);
    assert_eq!(h.state().state.ui.year, Some(2003));
    assert_eq!(map_year(&h), 2003);
    let y2003 = oblast_colour(&mut h, "KZ.SK");
    assert_near(
        y2003,
        over_land(CHOROPLETH_RAMP[1], CHOROPLETH_FILL_ALPHA),
        "South Kazakhstan in 2003",
    );
    assert_ne!(y2003, y2008, "the oblast did not change colour");
    h.get_by_label("2 of 16 oblasts and cities reported");

    // Dragging gave the slider the keyboard: → is 2004 (150 kg, still class 2).
    assert!(
        slider(&h).is_focused(),
        "a dragged slider takes the keyboard"
    );
    h.key_press(egui::Key::ArrowRight);
    h.run_steps(2);
    assert_eq!(h.state().state.ui.year, Some(2004));
    assert_near(
        oblast_colour(&mut h, "KZ.SK"),
        over_land(CHOROPLETH_RAMP[1], CHOROPLETH_FILL_ALPHA),
        "South Kazakhstan in 2004",
    );
}

#[test]
fn a_year_without_a_value_is_drawn_as_no_data_not_as_zero() {
    let mut h = harness(fixture_app());
    wait_for_tiles(&mut h);
    // A screen reader (or a test) can set the slider's value directly.
    slider(&h).set_value_accesskit(2005.0);
    h.run_steps(2);
    assert_eq!(map_year(&h), 2005);
    let no_data = over_land(NO_DATA, NO_DATA_FILL_ALPHA);
    assert_near(
        oblast_colour(&mut h, "KZ.SK"),
        no_data,
        "South Kazakhstan in 2005",
    );
    h.get_by_label("0 of 16 oblasts and cities reported");
    // 2006: Pavlodar reported 0 kg (the lightest class), West Kazakhstan
    // reported nothing (no data): they must not look alike.
    h.get_by_label(NEXT_LABEL).click();
    h.run_steps(2);
    assert_eq!(map_year(&h), 2006);
    let zero = oblast_colour(&mut h, "KZ.PA");
    assert_near(
        zero,
        over_land(CHOROPLETH_RAMP[0], CHOROPLETH_FILL_ALPHA),
        "Pavlodar's 0 kg in 2006",
    );
    assert_near(
        oblast_colour(&mut h, "KZ.WK"),
        no_data,
        "West Kazakhstan in 2006",
    );
}

#[test]
fn step_buttons_move_one_year_and_stop_at_the_ends() {
    let mut h = harness(fixture_app());
    h.run_steps(2);
    assert_eq!(map_year(&h), 2008);
    h.get_by_label(PREVIOUS_LABEL).click();
    h.run_steps(2);
    assert_eq!(h.state().state.ui.year, Some(2007));
    h.get_by_label(PREVIOUS_LABEL).click();
    h.run_steps(2);
    assert_eq!(h.state().state.ui.year, Some(2006));
    h.get_by_label(NEXT_LABEL).click();
    h.run_steps(2);
    assert_eq!(h.state().state.ui.year, Some(2007));
    // Home and End on the focused slider go to the first and last year.
    slider(&h).focus();
    h.run_steps(1);
    h.key_press(egui::Key::Home);
    h.run_steps(2);
    assert_eq!(h.state().state.ui.year, Some(2003));
    assert!(
        h.get_by_label(PREVIOUS_LABEL)
            .accesskit_node()
            .is_disabled(),
        "no year before the first"
    );
    h.key_press(egui::Key::End);
    h.run_steps(2);
    assert_eq!(h.state().state.ui.year, Some(2008));
    assert!(
        h.get_by_label(NEXT_LABEL).accesskit_node().is_disabled(),
        "no year after the last"
    );
}

#[test]
fn play_steps_through_the_years_and_stops_at_the_last_and_idle_paints_nothing() {
    let mut h = harness(fixture_app());
    h.run_steps(2);
    h.get_by_label(PREVIOUS_LABEL).click();
    h.run_steps(2);
    assert_eq!(h.state().state.ui.year, Some(2007));
    // Idle: nothing asks for another frame (tile threads aside, which finish).
    wait_for_tiles(&mut h);
    h.run_steps(2);
    let idle = repaint_delay(&h);
    assert!(
        idle > Duration::from_secs(3600),
        "an idle timeline asks for a frame in {idle:?}"
    );

    h.get_by_label(PLAY_LABEL).click();
    h.run_steps(2);
    assert!(h.state().map.as_ref().unwrap().playing());
    h.get_by_label(PAUSE_LABEL);
    // Once the click's own repaints are over, playing asks for a frame when
    // the next year is due (within a second), not for every frame.
    let mut due = repaint_delay(&h);
    for _ in 0..3 {
        if due > Duration::ZERO {
            break;
        }
        h.step();
        due = repaint_delay(&h);
    }
    assert!(
        due > Duration::ZERO && due <= Duration::from_secs(1),
        "next frame asked for in {due:?}"
    );
    assert_eq!(h.state().state.ui.year, Some(2007), "stepped too soon");
    // egui's clock advances one step_dt (0.25 s in kittest) per frame; a
    // year lasts a second.
    let mut steps = 0;
    while h.state().state.ui.year == Some(2007) {
        h.step();
        steps += 1;
        assert!(steps < 600, "play did not advance");
    }
    assert_eq!(h.state().state.ui.year, Some(2008));
    // The year changed after that frame was drawn: the app must ask for the
    // next frame at once, or the screen would show the old year for a second.
    assert_eq!(repaint_delay(&h), Duration::ZERO);
    h.run_steps(1);
    // 2008 is the last year: play stops there, and the button says Play again.
    assert!(!h.state().map.as_ref().unwrap().playing());
    h.get_by_label(PLAY_LABEL);

    // Play from the last year starts over at the first; Pause stops it.
    h.get_by_label(PLAY_LABEL).click();
    h.run_steps(2);
    assert_eq!(h.state().state.ui.year, Some(2003));
    assert!(h.state().map.as_ref().unwrap().playing());
    h.get_by_label(PAUSE_LABEL).click();
    h.run_steps(2);
    assert!(!h.state().map.as_ref().unwrap().playing());
    let year = h.state().state.ui.year;
    for _ in 0..200 {
        h.step();
    }
    assert_eq!(h.state().state.ui.year, year, "paused but still stepping");
}

#[test]
fn a_year_hovered_in_a_chart_is_previewed_on_the_map() {
    let mut h = harness(fixture_app());
    wait_for_tiles(&mut h);
    assert_eq!(map_year(&h), 2008);
    // What the charts emit while the pointer is over a year.
    h.state_mut().apply(Command::PreviewYear(Some(2005)));
    h.run_steps(2);
    assert_eq!(map_year(&h), 2005);
    assert_near(
        oblast_colour(&mut h, "KZ.SK"),
        over_land(NO_DATA, NO_DATA_FILL_ALPHA),
        "South Kazakhstan previewing 2005",
    );
    h.get_by_label_contains("(year hovered in a chart)");
    // The timeline's own year is unchanged, and comes back when the hover ends.
    assert_eq!(h.state().state.ui.year, None);
    h.state_mut().apply(Command::PreviewYear(None));
    h.run_steps(2);
    assert_eq!(map_year(&h), 2008);
}

#[test]
fn the_layer_menu_offers_only_amounts_for_several_oblasts() {
    let mut h = harness(fixture_app());
    h.run_steps(2);
    h.get_by_label("Layers").click();
    h.run_steps(3);
    // A distance, percentage changes, a one-oblast series and a national
    // series are in the fixture but not offered.
    let offered: Vec<String> = h
        .query_all_by_role(Role::RadioButton)
        .filter_map(|n| n.accesskit_node().label())
        .collect();
    assert_eq!(
        offered,
        [
            "Heroin seizures (kg), 2003–2008",
            "Opium seizures (kg), 2004–2005"
        ]
    );
    // Choosing a series whose years do not include the timeline's year moves
    // the shared year into its range, so charts and map agree.
    h.get_by_label("Opium seizures (kg), 2004–2005").click();
    h.run_steps(2);
    let state = &h.state().state;
    assert_eq!(
        state.ui.map.choropleth.as_ref().map(|k| k.series.as_str()),
        Some("test-oblast-opium-seizures")
    );
    assert_eq!(state.ui.year, Some(2005));
}

#[test]
fn settings_saved_when_the_oblast_key_held_a_year_still_load() {
    // What an earlier version persisted: the oblast layer chose a series and a year.
    let old = r#"{"map": {"show_oblasts": true,
        "choropleth": {"series": "oblast-opium-seizures", "year": 2006}}}"#;
    let ui: UiState = serde_json::from_str(old).expect("old settings load");
    assert_eq!(
        ui.map.choropleth,
        Some(ChoroplethKey {
            series: "oblast-opium-seizures".into()
        })
    );
    assert_eq!(ui.year, None);
}

#[test]
fn oblast_tooltip_gives_the_years_value_and_says_when_it_covers_part_of_the_year() {
    use route_explorer::app::map::overlay::HitTarget;
    use route_explorer::app::map::tooltip_text;
    let mut app = fixture_app();
    app.apply(Command::SetYear(Some(2007)));
    let choropleth = active_choropleth(&app.state).unwrap();
    let basemap = app.map.as_ref().unwrap().basemap();
    let tooltip = |hasc: &str| {
        tooltip_text(
            &app.state,
            &app.state.route_facts,
            Some(&choropleth),
            basemap,
            &HitTarget::Oblast(hasc.into()),
        )
    };
    let text = tooltip("KZ.PA");
    assert!(
        text.contains(
            "Heroin seizures, 2007 (kg): 96 kg (January–September only, not the whole year)"
        ),
        "{text}"
    );
    assert!(text.contains("Made-up test values"), "{text}");
    // Its other years are listed too, so the tooltip reads as a small series.
    assert!(text.contains("2008: 120 kg"), "{text}");
    // Almaty City has no 2007 value: no data, not zero.
    let text = tooltip("KZ.AC");
    assert!(
        text.contains("Heroin seizures, 2007 (kg): no data"),
        "{text}"
    );
    assert!(!text.contains("2007 (kg): 0"), "{text}");
}
