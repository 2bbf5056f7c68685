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
use route_explorer::app::starting::Starting;
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

/// A harness around the window's start (`Starting`), built once the harness
/// has its context.
fn starting_harness(
    what: &str,
    in_background: bool,
    build: impl FnOnce() -> App + Send + 'static,
    then: impl FnOnce(&mut App, &egui::Context) + 'static,
) -> egui_kittest::Harness<'static, Option<Starting>> {
    let mut h = egui_kittest::Harness::builder()
        .with_size([1280.0, 800.0])
        .with_max_steps(2)
        .build_ui_state(
            |ui, s: &mut Option<Starting>| {
                if let Some(s) = s {
                    s.ui(ui);
                }
            },
            None,
        );
    let ctx = h.ctx.clone();
    *h.state_mut() = Some(Starting::new(
        &ctx,
        what.to_owned(),
        in_background,
        build,
        then,
    ));
    h
}

fn step_until_started(h: &mut egui_kittest::Harness<'static, Option<Starting>>) {
    let start = std::time::Instant::now();
    while h.state().as_ref().and_then(Starting::app).is_none() {
        assert!(
            start.elapsed() < std::time::Duration::from_secs(60),
            "timed out waiting for the app to be built"
        );
        std::thread::sleep(std::time::Duration::from_millis(10));
        h.step();
    }
    h.run_steps(2);
}

#[test]
fn the_window_says_which_file_it_reads_until_the_app_is_built_then_shows_it() {
    let t = common::TestEnv::new();
    let env = t.env();
    // The app is built only when the test lets it: the window must not wait.
    let (go, wait) = std::sync::mpsc::channel::<()>();
    let then_ran = std::rc::Rc::new(std::cell::Cell::new(false));
    let ran = std::rc::Rc::clone(&then_ran);
    let mut h = starting_harness(
        "synth-100.json",
        true,
        move || {
            let _ = wait.recv();
            App::start(None, UiState::default(), vec![], env)
        },
        move |app, _ctx| {
            ran.set(true);
            app.apply(route_explorer::app::Command::Select(Some(
                Selection::Route("tj-1".into()),
            )));
        },
    );
    h.run_steps(5);
    h.get_by_label("Reading synth-100.json…");
    assert!(h.state().as_ref().and_then(Starting::app).is_none());
    assert!(!then_ran.get());

    go.send(()).unwrap();
    step_until_started(&mut h);
    assert!(h.query_by_label("Reading synth-100.json…").is_none());
    // The app is drawn, and what was to be done once it is built was done
    // on it (the window restores imports and opens a `--view` file there).
    assert!(then_ran.get());
    let app = h.state().as_ref().and_then(Starting::app).unwrap();
    assert_eq!(
        app.state.ui.selection,
        Some(Selection::Route("tj-1".into()))
    );
    assert!(
        h.query_all_by_label_contains(route_explorer::cartography::ATTRIBUTION)
            .next()
            .is_some(),
        "the map (with its attribution) is not drawn"
    );
}

#[test]
fn if_building_the_app_fails_the_window_says_so_and_keeps_running() {
    let mut h = starting_harness(
        "broken.json",
        true,
        || panic!("a bug while building the app (this panic is the test)"),
        |_, _| {},
    );
    let start = std::time::Instant::now();
    while h
        .query_by_label_contains("stopped while it was being started")
        .is_none()
    {
        assert!(start.elapsed() < std::time::Duration::from_secs(30));
        std::thread::sleep(std::time::Duration::from_millis(10));
        h.step();
    }
    h.run_steps(3);
    assert!(h.query_by_label("Reading broken.json…").is_none());
}

#[test]
fn a_small_dataset_is_drawn_in_the_first_frame_without_a_waiting_page() {
    let t = common::TestEnv::new();
    let env = t.env();
    let mut h = starting_harness(
        "the embedded dataset",
        false,
        move || App::start(None, UiState::default(), vec![], env),
        |_, _| {},
    );
    assert!(h.state().as_ref().and_then(Starting::app).is_some());
    h.run_steps(1);
    assert!(h.query_by_label_contains("Reading").is_none());
    assert!(
        h.query_all_by_label_contains(route_explorer::cartography::ATTRIBUTION)
            .next()
            .is_some()
    );
}
