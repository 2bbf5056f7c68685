//! Property ("fuzz") tests of saved views (issue 11, item 2): the example
//! in docs/VIEWS.md, the smallest view and the default view are damaged with
//! the same structure-aware edits as the dataset fuzzing (values replaced by
//! other types, odd text, huge or negative numbers, keys dropped or doubled)
//! and byte damage, then read as `--view` reads them, opened in the window
//! (the view's commands applied), and rendered as a chart and a map.
//!
//! Properties: nothing panics; a refused view's message names the file; an
//! accepted view writes back to the same view; applied to the window it
//! leaves a selection that exists and a finite map centre; a rendered image
//! carries a view that reads back equal to the one it was rendered from.
//! `PROPTEST_CASES=n` runs more cases.

#[path = "common/mutate.rs"]
mod mutate;

use mutate::{cases, check, runner};

use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

static ACCEPTED: AtomicUsize = AtomicUsize::new(0);
static REFUSED: AtomicUsize = AtomicUsize::new(0);

use proptest::prelude::*;
use proptest::test_runner::{TestCaseError, TestError};
use serde_json::Value;

use route_explorer::app::panels::views::commands_for;
use route_explorer::app::{App, Selection, UiState};
use route_explorer::basemap::Basemap;
use route_explorer::charts::render::ImageFormat;
use route_explorer::map_image::MapData;
use route_explorer::model::Dataset;
use route_explorer::model::load::{EMBEDDED_JSON, EMBEDDED_LABEL, load_embedded};
use route_explorer::view::embed::view_of_image;
use route_explorer::view::render::{render_chart, render_map};
use route_explorer::view::{Figure, ImageSection, View};

const FILE: &str = "fuzz-view.json";

fn dataset() -> &'static Dataset {
    static DS: OnceLock<Dataset> = OnceLock::new();
    DS.get_or_init(|| load_embedded().expect("the embedded dataset"))
}

fn basemap() -> &'static Basemap {
    static MAP: OnceLock<Basemap> = OnceLock::new();
    MAP.get_or_init(|| Basemap::embedded().expect("the embedded basemap"))
}

/// The seed views as JSON values.
fn seeds() -> &'static Vec<Value> {
    static SEEDS: OnceLock<Vec<Value>> = OnceLock::new();
    SEEDS.get_or_init(|| {
        let doc = include_str!("../docs/VIEWS.md");
        let example = doc
            .split("```json")
            .nth(1)
            .and_then(|rest| rest.split("```").next())
            .expect("docs/VIEWS.md has a JSON example");
        let texts = [
            example.to_owned(),
            r#"{"format": "route-explorer-view", "version": 1}"#.to_owned(),
            View::default().to_json(),
        ];
        texts
            .iter()
            .map(|t| serde_json::from_str(t).expect("seed views are JSON"))
            .collect()
    })
}

#[derive(Debug, Clone)]
struct Case {
    seed: usize,
    edits: Vec<mutate::Edit>,
    damage: mutate::Damage,
    render_map: bool,
}

fn case() -> impl Strategy<Value = Case> {
    (
        any::<usize>(),
        prop::collection::vec(mutate::edit(), 0..6),
        mutate::damage(),
        prop::bool::weighted(0.15),
    )
        .prop_map(|(seed, edits, damage, render_map)| Case {
            seed,
            edits,
            damage,
            render_map,
        })
}

fn run_case(c: &Case) -> Result<(), TestCaseError> {
    let seeds = seeds();
    let mut value = seeds[c.seed % seeds.len()].clone();
    for e in &c.edits {
        mutate::apply_edit(&mut value, e);
    }
    let bytes =
        serde_json::to_vec_pretty(&value).map_err(|e| TestCaseError::fail(e.to_string()))?;
    let bytes = mutate::apply_damage(bytes, &c.damage);
    let text = String::from_utf8_lossy(&bytes);
    let view = match View::parse(FILE, &text) {
        Err(e) => {
            REFUSED.fetch_add(1, Ordering::Relaxed);
            let msg = e.to_string();
            return check(msg.contains(FILE), || {
                format!("a refused view must name its file: {msg}")
            });
        }
        Ok(v) => v,
    };
    ACCEPTED.fetch_add(1, Ordering::Relaxed);
    // Written back, it is the same view.
    let again = View::parse(FILE, &view.to_json())
        .map_err(|e| TestCaseError::fail(format!("written back, it no longer reads: {e}")))?;
    check(again == view, || {
        "the view changed when written back".into()
    })?;

    // Opened in the window.
    let mut app = App::new(
        dataset().clone(),
        EMBEDDED_LABEL.to_owned(),
        vec![],
        UiState::default(),
    );
    let (commands, _notes) = commands_for(&view, dataset());
    for command in commands {
        app.apply(command);
    }
    let s = &app.state;
    let selection_exists = match &s.ui.selection {
        Some(Selection::Route(id)) => s.dataset.route(id).is_some(),
        Some(Selection::Place(id)) => s.dataset.place(id).is_some(),
        Some(Selection::Oblast(h)) => s.dataset.region(h).is_some(),
        Some(Selection::Leg(a, b)) => s.network.leg(a, b).is_some(),
        None => true,
    };
    check(selection_exists, || {
        format!(
            "the view selected something that does not exist: {:?}",
            s.ui.selection
        )
    })?;
    if let Some(m) = &app.map {
        let ((lon, lat), zoom) = m.view();
        check(
            lon.is_finite() && lat.is_finite() && zoom.is_finite(),
            || format!("map view ({lon}, {lat}) zoom {zoom}"),
        )?;
    }

    // Rendered: small images (the size is not what is being fuzzed here,
    // and chart sizes are covered by tests/chart_props.rs).
    let mut small = view.clone();
    let mut image = small.image.clone().unwrap_or(ImageSection {
        figure: Figure::Chart,
        width_px: 640,
        height_px: 400,
        scale: 1.0,
        embed_font: false,
        title: None,
    });
    image.width_px = image.width_px.clamp(320, 900);
    image.height_px = image.height_px.clamp(240, 700);
    if !(image.scale.is_finite() && (0.5..=3.0).contains(&image.scale)) {
        image.scale = 1.0;
    }
    small.image = Some(image);
    let bytes_in = EMBEDDED_JSON.as_bytes();
    match render_chart(
        &small,
        dataset(),
        EMBEDDED_LABEL,
        bytes_in,
        ImageFormat::Svg,
    ) {
        Ok((embedded, svg)) => {
            let json = view_of_image("chart.svg", &svg)
                .map_err(|e| TestCaseError::fail(format!("the chart's view is missing: {e}")))?;
            let back = View::parse("chart.svg", &json)
                .map_err(|e| TestCaseError::fail(format!("the chart's view does not read: {e}")))?;
            check(back == embedded, || {
                "the chart's embedded view differs".into()
            })?;
        }
        Err(e) => check(!e.is_empty(), || "an empty error from a chart".into())?,
    }
    if c.render_map {
        let data = MapData {
            dataset: dataset(),
            dataset_label: EMBEDDED_LABEL,
            dataset_bytes: bytes_in,
            basemap: basemap(),
        };
        match render_map(&small, &data, ImageFormat::Svg) {
            Ok((embedded, svg)) => {
                let json = view_of_image("map.svg", &svg)
                    .map_err(|e| TestCaseError::fail(format!("the map's view is missing: {e}")))?;
                let back = View::parse("map.svg", &json).map_err(|e| {
                    TestCaseError::fail(format!("the map's view does not read: {e}"))
                })?;
                check(back == embedded, || {
                    "the map's embedded view differs".into()
                })?;
            }
            Err(e) => check(!e.to_string().is_empty(), || "an empty map error".into())?,
        }
    }
    Ok(())
}

#[test]
fn damaged_views_are_refused_clearly_or_open_and_render() {
    let cases = cases(150);
    let mut runner = runner(cases);
    match runner.run(&case(), |c| run_case(&c)) {
        Ok(()) => {}
        Err(TestError::Fail(why, c)) => panic!("{why}\nminimal case: {c:?}"),
        Err(e) => panic!("{e}"),
    }
    // Both paths are exercised, or the generator has gone blind.
    let (accepted, refused) = (
        ACCEPTED.load(Ordering::Relaxed),
        REFUSED.load(Ordering::Relaxed),
    );
    eprintln!("fuzz_view: {accepted} views accepted, {refused} refused");
    assert!(
        accepted * 10 >= cases as usize && refused * 10 >= cases as usize,
        "too one-sided: {accepted} accepted, {refused} refused of {cases}"
    );
}

#[test]
fn the_seed_views_open_and_render() {
    for seed in 0..seeds().len() {
        let c = Case {
            seed,
            edits: vec![],
            damage: mutate::Damage::None,
            render_map: true,
        };
        if let Err(e) = run_case(&c) {
            panic!("seed {seed}: {e}");
        }
    }
}
