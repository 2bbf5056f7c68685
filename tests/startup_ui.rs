//! Cold start (issue 12): the window's first frame does not wait for the
//! route facts (length, countries and oblasts crossed); they are worked out
//! on a worker thread, and what shows them says "working out…" until they
//! arrive. Other tests work them out before the app is returned
//! (`Environment::background_route_facts` off), so they never see this.

mod common;
#[path = "../benches/support/synth.rs"]
mod synth;

use egui_kittest::kittest::Queryable;
use route_explorer::app::panels::details::WORKING_OUT;
use route_explorer::app::{App, Selection, UiState};
use route_explorer::model::load::Loaded;

const LENGTH_TEXT: &str = "km (geodesic, waypoint to waypoint)";

#[test]
fn route_length_is_worked_out_after_the_first_frame_and_says_so_meanwhile() {
    let t = common::TestEnv::new();
    // The SYNTHETIC 100× dataset: enough routes that the worker is still
    // busy when the first frames are drawn.
    let loaded = Loaded {
        dataset: synth::dataset(100),
        label: "synthetic 100×".to_owned(),
        sha256: String::new(),
        bytes: std::sync::Arc::from(&[][..]),
    };
    let route = loaded.dataset.routes[0].id.clone();
    let ui = UiState {
        selection: Some(Selection::Route(route.clone())),
        ..UiState::default()
    };
    let mut env = t.env();
    env.background_route_facts = true;
    let app = App::with_env(loaded, vec![], ui, env);
    assert!(
        app.route_facts_pending(),
        "the app was returned before the route facts were worked out"
    );
    assert!(app.state.route_facts.is_empty());
    // Few steps per `run`: the harness's own first frames must not wait
    // for the worker either.
    let mut h = egui_kittest::Harness::builder()
        .with_size([1280.0, 800.0])
        .with_max_steps(2)
        .build_ui_state(|ui, app: &mut App| app.ui(ui), app);
    // The first frame(s) the worker is still busy in say so, with no length.
    let mut saw_pending = false;
    let start = std::time::Instant::now();
    loop {
        assert!(
            start.elapsed() < std::time::Duration::from_secs(60),
            "timed out waiting for the route facts"
        );
        if !h.state().route_facts_pending() {
            break;
        }
        saw_pending = true;
        // A frame takes the facts in at its start: still pending after it
        // means that frame was drawn without them.
        assert_eq!(h.query_all_by_label(WORKING_OUT).count(), 3);
        assert!(h.query_by_label_contains(LENGTH_TEXT).is_none());
        std::thread::sleep(std::time::Duration::from_millis(20));
        h.step();
    }
    eprintln!("saw the pending text: {saw_pending}");
    h.run_steps(2);
    // The worker's result, applied: the same facts a synchronous start gives.
    assert!(h.query_by_label(WORKING_OUT).is_none());
    let facts = &h.state().state.route_facts;
    let expected = route_explorer::analysis::route_facts::all_route_facts(
        &h.state().state.dataset,
        h.state().map.as_ref().unwrap().basemap(),
    );
    assert_eq!(facts, &expected);
    let mine = facts.iter().find(|f| f.route_id == route).unwrap();
    h.get_by_label(&format!("{:.0} {LENGTH_TEXT}", mine.length_km));
}
