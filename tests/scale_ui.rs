//! The window at 100× the data (issue 12), with the SYNTHETIC dataset of
//! `benches/support/synth.rs`: routes on a shared leg stay in a narrow band
//! with a count instead of fanning out across the map, and the routes list
//! lays out only the rows in view.

mod common;
use common::wait_for_tiles;
#[path = "../benches/support/synth.rs"]
mod synth;

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use route_explorer::app::{App, Selection, UiState};
use route_explorer::cartography::routes::{crowded_legs, leg_slots};
use route_explorer::model::Route;
use route_explorer::style::ROUTE_BUNDLE_SPACING;

fn harness(app: App) -> Harness<'static, App> {
    common::harness(app, [1280.0, 800.0])
}

#[test]
fn at_100x_no_route_is_drawn_far_off_its_line() {
    let data = synth::dataset(100);
    let routes: Vec<&Route> = data.routes.iter().collect();
    // The synthetic trunk legs carry well over a hundred routes each.
    let busiest = crowded_legs(&routes);
    assert!(
        busiest.first().is_some_and(|l| l.routes >= 100),
        "{:?}",
        busiest.first()
    );
    // Side by side at 4 points, 100 routes would reach 198 points off the
    // line; the band keeps every one within 20 points (screen and images
    // share this rule).
    let slots = leg_slots(&routes);
    let widest = slots
        .values()
        .map(|(slot, _)| slot.abs() * ROUTE_BUNDLE_SPACING)
        .fold(0f32, f32::max);
    assert!(
        widest <= 20.0,
        "a route is drawn {widest} points off its line"
    );
}

#[test]
fn at_100x_the_window_shows_a_banded_map_and_a_scrolling_route_list() {
    let data = synth::dataset(100);
    let app = common::isolated_app(data, "synthetic 100x", UiState::default());
    let mut h = harness(app);
    h.run_steps(2);
    wait_for_tiles(&mut h);
    h.get_by_label("1200 of 1200 routes shown");
    // Only the rows scrolled into view are laid out (and reach accesskit).
    let rows = h.query_all_by_label_contains("SYN route").count();
    assert!((5..100).contains(&rows), "{rows} route rows laid out");
    // The list still works: a click on the first route selects it.
    let state = &h.state().state;
    let first_origin = state.origins().into_iter().next().unwrap();
    let first = state
        .visible_routes()
        .find(|r| r.origin_country == first_origin)
        .map(|r| (r.id.clone(), r.name.clone()))
        .unwrap();
    h.get_by_label(&first.1).click();
    h.run_steps(3);
    assert_eq!(
        h.state().state.ui.selection,
        Some(Selection::Route(first.0))
    );
    h.state_mut().state.ui.selection = None;
    if let Some(m) = h.state_mut().map.as_mut() {
        m.center_on(66.0, 45.5, 4.0);
    }
    h.run_steps(2);
    wait_for_tiles(&mut h);
    h.snapshot("scale_100x_map");
}

#[test]
fn the_oblast_layer_follows_a_new_dataset_of_the_same_size() {
    // The choropleth is cached between frames; another dataset with the
    // same number of figures (possibly in the same freed buffer) must not
    // show the old one's values.
    use route_explorer::app::map::active_choropleth;
    let data = synth::dataset(10);
    let app = common::isolated_app(data.clone(), "a", UiState::default());
    let before = active_choropleth(&app.state).expect("an oblast layer");
    let (series, year) = (before.series.series.clone(), before.year.year);
    drop(app);
    let mut changed = data;
    for f in changed
        .figures
        .iter_mut()
        .filter(|f| f.series == series && f.year == Some(year))
    {
        f.value *= 3.0;
    }
    let app = common::isolated_app(changed, "b", UiState::default());
    let after = active_choropleth(&app.state).expect("an oblast layer");
    assert_eq!(after.year.year, year);
    assert_ne!(after.year, before.year, "the new values are shown");
}
