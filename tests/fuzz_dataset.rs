//! Property ("fuzz") tests of the dataset reader on stable Rust, in CI:
//! datasets mutated from a seed corpus go through loading and, when they
//! load, through everything built from a dataset: every chart with several
//! option sets, a PNG or SVG export, the CSV and GeoJSON exports, the map's
//! route facts, choropleth classes, tooltips and view fit.
//!
//! Properties: nothing panics; a rejected file gets messages that each start
//! with the file's name; a loaded dataset writes back to JSON that loads to
//! the same dataset; exports decode (PNG), parse (SVG, GeoJSON) and start
//! with their header (CSV); map facts are finite.
//!
//! Seeds: the embedded dataset, `tests/fixtures/good`, `tests/fixtures/bad`
//! and `tests/fixtures/fuzz/dataset/seeds`. A failure prints the minimised
//! edits and writes the failing file; commit it to
//! `tests/fixtures/fuzz/dataset/crashes/`, where `crashes_stay_fixed` runs it.
//! `PROPTEST_CASES=n` runs more cases.

mod common;
#[path = "common/mutate.rs"]
mod mutate;

use mutate::{cases, check, runner};

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};

use proptest::prelude::*;
use proptest::test_runner::{TestCaseError, TestError};
use serde_json::Value;

use mutate::{Damage, Edit, KeyIndex, Mild};
use route_explorer::analysis::{choropleth, route_facts};
use route_explorer::app::map::overlay::HitTarget;
use route_explorer::app::map::{FitBox, active_choropleth, tooltip_text};
use route_explorer::app::{AppState, UiState};
use route_explorer::basemap::Basemap;
use route_explorer::charts::provenance::Provenance;
use route_explorer::charts::render::{self, ImageFormat, RenderSize};
use route_explorer::charts::{self, ChartDrug, ChartId, ChartOptions};
use route_explorer::export::{csv, geojson};
use route_explorer::map_image::{self, MapData, MapImageOptions, MapSelection};
use route_explorer::model::Dataset;
use route_explorer::model::load::{self, EMBEDDED_JSON};

const LABEL: &str = "fuzzed.json";

fn fuzz_dir() -> PathBuf {
    common::fixture("fuzz/dataset")
}

fn json_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "json"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

struct Seed {
    name: String,
    bytes: Vec<u8>,
    /// Parsed as JSON (None: not JSON; byte damage only).
    tree: Option<Value>,
}

fn seeds() -> &'static Vec<Seed> {
    static SEEDS: OnceLock<Vec<Seed>> = OnceLock::new();
    SEEDS.get_or_init(|| {
        let mut out = vec![Seed {
            name: "embedded".into(),
            bytes: EMBEDDED_JSON.as_bytes().to_vec(),
            tree: serde_json::from_str(EMBEDDED_JSON).ok(),
        }];
        for dir in [
            common::fixture("good"),
            common::fixture("bad"),
            fuzz_dir().join("seeds"),
        ] {
            for p in json_files(&dir) {
                let bytes = std::fs::read(&p).expect("a readable seed");
                out.push(Seed {
                    name: p.display().to_string(),
                    tree: serde_json::from_slice(&bytes).ok(),
                    bytes,
                });
            }
        }
        out
    })
}

fn index_of(seed: usize) -> &'static KeyIndex {
    static INDEXES: OnceLock<Vec<KeyIndex>> = OnceLock::new();
    &INDEXES.get_or_init(|| {
        seeds()
            .iter()
            .map(|s| s.tree.as_ref().map(KeyIndex::of).unwrap_or_default())
            .collect()
    })[seed]
}

fn basemap() -> &'static Arc<Basemap> {
    static MAP: OnceLock<Arc<Basemap>> = OnceLock::new();
    MAP.get_or_init(|| Arc::new(Basemap::embedded().expect("the embedded basemap")))
}

/// What one test's cases did (shrinking included).
#[derive(Default)]
struct Counts {
    loaded: AtomicUsize,
    rejected: AtomicUsize,
    images: AtomicUsize,
}

/// Loading, then (if it loads) everything built from a dataset.
fn exercise(bytes: &[u8], render_pick: u32, counts: &Counts) -> Result<(), TestCaseError> {
    match load::load_bytes(LABEL, bytes) {
        Err(err) => {
            counts.rejected.fetch_add(1, Ordering::Relaxed);
            let lines = err.lines();
            check(!lines.is_empty(), || "an error with no message".into())?;
            for line in &lines {
                check(line.starts_with(LABEL), || {
                    format!("message does not name the file: {line}")
                })?;
            }
            Ok(())
        }
        Ok(ds) => {
            counts.loaded.fetch_add(1, Ordering::Relaxed);
            let again = serde_json::to_vec(&ds).map_err(|e| TestCaseError::fail(e.to_string()))?;
            match load::load_bytes(LABEL, &again) {
                Ok(back) => check(back == ds, || {
                    "the dataset changed when written back and read".into()
                })?,
                Err(e) => {
                    return Err(TestCaseError::fail(format!(
                        "written back, it no longer loads: {e}"
                    )));
                }
            }
            downstream(&ds, bytes, render_pick, counts)
        }
    }
}

fn option_sets(ds: &Dataset) -> Vec<ChartOptions> {
    let mut sets = vec![ChartOptions::default()];
    for drug in ChartDrug::ALL {
        sets.push(ChartOptions {
            drug,
            oblasts: charts::oblasts_with_figures(ds, drug),
            log_scale: true,
            index_base_year: Some(2006),
            value_labels: true,
            show_printed: false,
            year: None,
            from_year: None,
            imported_series: Vec::new(),
        });
    }
    // Ranking and slope years that may or may not have data in a generated dataset.
    sets.push(ChartOptions {
        year: Some(2006),
        from_year: Some(1990),
        ..ChartOptions::default()
    });
    sets.push(ChartOptions {
        oblasts: charts::oblast_choices(ds)
            .into_iter()
            .map(|(k, _)| k)
            .collect(),
        index_base_year: Some(1900),
        ..ChartOptions::default()
    });
    sets
}

fn downstream(
    ds: &Dataset,
    bytes: &[u8],
    render_pick: u32,
    counts: &Counts,
) -> Result<(), TestCaseError> {
    // Map: route facts, choropleth, tooltips, fit.
    let basemap = basemap();
    let facts = route_facts::all_route_facts(ds, basemap);
    check(facts.len() == ds.routes.len(), || {
        "route facts missing".into()
    })?;
    for f in &facts {
        check(f.length_km.is_finite() && f.length_km >= 0.0, || {
            format!("route length {}", f.length_km)
        })?;
    }
    // Every series the oblast layer can show, in every year and the years around.
    for series in choropleth::series_options(ds) {
        let (first, last) = (series.first_year(), series.last_year());
        for year in [first - 1, first, last, last + 1] {
            let view = choropleth::YearView::new(ds, &series, year);
            for r in &ds.regions {
                let _ = view.color_of(&r.id);
                let _ = view.value_text(&r.id, series.unit);
            }
            let _ = view.reported_text();
        }
        let _ = (
            series.label(),
            series.years_text(),
            series.legend_title(first),
            series.classes_note(),
        );
    }
    let mut state = AppState::new(ds.clone(), LABEL.into(), UiState::default());
    state.route_facts = facts.clone();
    state.refresh_analysis(Some(basemap));
    let shown = active_choropleth(&state);
    if let Some(c) = &shown {
        let _ = c.labels();
    }
    let mut targets: Vec<HitTarget> = ds
        .routes
        .iter()
        .map(|r| HitTarget::Route(r.id.clone()))
        .collect();
    targets.extend(ds.places.iter().map(|p| HitTarget::Place(p.id.clone())));
    targets.extend(ds.regions.iter().map(|r| HitTarget::Oblast(r.id.clone())));
    targets.extend(ds.flows.iter().map(|f| HitTarget::Flow(f.id.clone())));
    targets.extend(
        basemap
            .oblasts()
            .iter()
            .take(4)
            .map(|o| HitTarget::Oblast(o.hasc.clone())),
    );
    for t in &targets {
        let text = tooltip_text(&state, &facts, shown.as_ref(), basemap, t);
        check(!text.is_empty(), || format!("empty tooltip for {t:?}"))?;
    }
    if let Some(fit) = FitBox::around(ds.places.iter().map(|p| (p.lon, p.lat))) {
        let ((lon, lat), zoom) = fit.view(egui::vec2(900.0, 600.0));
        check(
            lon.is_finite() && lat.is_finite() && zoom.is_finite(),
            || format!("fit {lon} {lat} {zoom}"),
        )?;
    }

    // Charts and their data, every chart with every option set.
    let sets = option_sets(ds);
    let mut built = Vec::new();
    for id in ChartId::ALL {
        for opts in &sets {
            let chart = charts::build_chart(ds, id, opts);
            let csv_text = charts::data_csv::chart_csv(&chart);
            check(csv_text.starts_with(charts::data_csv::HEADER), || {
                "chart CSV without header".into()
            })?;
            built.push(chart);
        }
    }
    // One image per case (rendering is the slow part), PNG or SVG.
    let chart = &built[render_pick as usize % built.len()];
    let prov = Provenance::new(ds, LABEL, bytes, chart);
    let format = if (render_pick >> 16).is_multiple_of(2) {
        ImageFormat::Png
    } else {
        ImageFormat::Svg
    };
    let size = RenderSize::new(960, 540);
    if let Ok(out) = render::render(chart, format, size, &prov) {
        counts.images.fetch_add(1, Ordering::Relaxed);
        match format {
            ImageFormat::Png => {
                let info = png::Decoder::new(std::io::Cursor::new(&out))
                    .read_info()
                    .map_err(|e| TestCaseError::fail(format!("PNG does not decode: {e}")))?;
                check(
                    (info.info().width, info.info().height) == (960, 540),
                    || "PNG size".into(),
                )?;
            }
            ImageFormat::Svg => {
                let text =
                    String::from_utf8(out).map_err(|e| TestCaseError::fail(e.to_string()))?;
                roxmltree::Document::parse(&text)
                    .map_err(|e| TestCaseError::fail(format!("SVG does not parse: {e}")))?;
            }
        }
    }

    // A map image of the dataset: the oblast layer's series and year, a
    // selection and a cropped extent chosen by the case; SVG every time,
    // PNG (rasterised: slow) one case in eight.
    let series = choropleth::series_options(ds);
    let mut options = MapImageOptions {
        width_px: 900,
        height_px: 600,
        year: Some(1990 + (render_pick % 40) as i32),
        oblast_series: series
            .get(render_pick as usize % series.len().max(1))
            .map(|s| s.series.clone()),
        show_flows: !render_pick.is_multiple_of(3),
        ..MapImageOptions::default()
    };
    if let Some(p) = ds.places.get(render_pick as usize % ds.places.len().max(1)) {
        options.selection = Some(MapSelection::Place(p.id.clone()));
    }
    let data = MapData {
        dataset: ds,
        dataset_label: LABEL,
        dataset_bytes: bytes,
        basemap,
    };
    let format = if render_pick % 8 == 7 {
        ImageFormat::Png
    } else {
        ImageFormat::Svg
    };
    match map_image::render(&data, &options, format) {
        Ok(out) if format == ImageFormat::Svg => {
            let text = String::from_utf8(out).map_err(|e| TestCaseError::fail(e.to_string()))?;
            roxmltree::Document::parse(&text)
                .map_err(|e| TestCaseError::fail(format!("map SVG does not parse: {e}")))?;
        }
        Ok(out) => {
            png::Decoder::new(std::io::Cursor::new(&out))
                .read_info()
                .map_err(|e| TestCaseError::fail(format!("map PNG does not decode: {e}")))?;
        }
        // A refusal must say what to change.
        Err(e) => check(!e.to_string().is_empty(), || {
            "an empty map image error".into()
        })?,
    }

    // Exports.
    let figures = csv::figures_csv(ds);
    check(figures.starts_with(csv::FIGURES_HEADER), || {
        "figures CSV without header".into()
    })?;
    let gj = geojson::routes_geojson(ds);
    let text = serde_json::to_string(&gj).map_err(|e| TestCaseError::fail(e.to_string()))?;
    check(serde_json::from_str::<Value>(&text).is_ok(), || {
        "GeoJSON does not parse".into()
    })?;
    Ok(())
}

/// Report a failure: the minimised input is written where it can be committed.
fn fail(kind: &str, err: TestError<(usize, Vec<u8>, u32)>, describe: &str) -> ! {
    match err {
        TestError::Fail(why, (seed, bytes, _)) => {
            let out = std::env::temp_dir().join(format!("route-explorer-fuzz-{kind}-crash.json"));
            let _ = std::fs::write(&out, &bytes);
            panic!(
                "{why}\nseed: {}\nminimised edits: {describe}\nfailing input written to {} \
                 (commit it to tests/fixtures/fuzz/dataset/crashes/)",
                seeds()[seed].name,
                out.display()
            );
        }
        TestError::Abort(why) => panic!("aborted: {why}"),
    }
}

fn wild_input() -> impl Strategy<Value = (usize, Vec<Edit>, Damage, u32)> {
    (
        0..seeds().len(),
        prop::collection::vec(mutate::edit(), 1..6),
        mutate::damage(),
        any::<u32>(),
    )
}

fn mutate_wild(seed: usize, edits: &[Edit], damage: &Damage) -> Vec<u8> {
    let s = &seeds()[seed];
    let bytes = match &s.tree {
        Some(tree) => {
            let mut tree = tree.clone();
            for e in edits {
                mutate::apply_edit(&mut tree, e);
            }
            serde_json::to_vec_pretty(&tree).unwrap_or_default()
        }
        None => s.bytes.clone(),
    };
    mutate::apply_damage(bytes, damage)
}

#[test]
fn wildly_mutated_datasets_are_rejected_clearly_or_work_everywhere() {
    let n = cases(1500);
    let counts = Counts::default();
    let mut runner = runner(n);
    let strategy = wild_input();
    let result = runner.run(&strategy, |(seed, edits, damage, pick)| {
        exercise(&mutate_wild(seed, &edits, &damage), pick, &counts)
    });
    if let Err(e) = result {
        let describe = format!("{e}");
        let e = match e {
            TestError::Fail(why, (seed, edits, damage, pick)) => {
                TestError::Fail(why, (seed, mutate_wild(seed, &edits, &damage), pick))
            }
            TestError::Abort(why) => TestError::Abort(why),
        };
        fail("wild", e, &describe);
    }
    eprintln!(
        "fuzz_dataset wild: {n} cases: {} rejected with messages naming the file, {} loaded and used, {} chart images",
        counts.rejected.load(Ordering::Relaxed),
        counts.loaded.load(Ordering::Relaxed),
        counts.images.load(Ordering::Relaxed)
    );
}

fn mutate_mild(seed: usize, edits: &[Mild]) -> Vec<u8> {
    let s = &seeds()[seed];
    let Some(tree) = &s.tree else {
        return s.bytes.clone();
    };
    let mut tree = tree.clone();
    for e in edits {
        mutate::apply_mild(&mut tree, index_of(seed), e);
    }
    serde_json::to_vec_pretty(&tree).unwrap_or_default()
}

/// Seeds that load: the embedded dataset, the good fixtures, the fuzz seeds.
fn loading_seeds() -> Vec<usize> {
    (0..seeds().len())
        .filter(|i| load::load_bytes(LABEL, &seeds()[*i].bytes).is_ok())
        .collect()
}

#[test]
fn mildly_mutated_datasets_load_and_every_chart_map_and_export_works() {
    let good = loading_seeds();
    assert!(good.len() >= 3, "too few loading seeds: {}", good.len());
    let n = cases(250);
    let mut runner = runner(n);
    let strategy = (
        prop::sample::select(good),
        prop::collection::vec(mutate::mild(), 1..10),
        any::<u32>(),
    );
    let counts = Counts::default();
    let result = runner.run(&strategy, |(seed, edits, pick)| {
        exercise(&mutate_mild(seed, &edits), pick, &counts)
    });
    if let Err(e) = result {
        let describe = format!("{e}");
        let e = match e {
            TestError::Fail(why, (seed, edits, pick)) => {
                TestError::Fail(why, (seed, mutate_mild(seed, &edits), pick))
            }
            TestError::Abort(why) => TestError::Abort(why),
        };
        fail("mild", e, &describe);
    }
    let loaded = counts.loaded.load(Ordering::Relaxed);
    eprintln!(
        "fuzz_dataset mild: {n} cases: {loaded} loaded and used downstream, {} rejected, {} chart images",
        counts.rejected.load(Ordering::Relaxed),
        counts.images.load(Ordering::Relaxed)
    );
    // Most mild edits keep the dataset valid, or this test would test little.
    assert!(
        loaded * 3 >= n as usize,
        "only {loaded} of {n} mild cases loaded"
    );
}

/// Every committed crash (and every seed as it is) still goes through.
#[test]
fn crashes_stay_fixed_and_seeds_go_through() {
    let mut files = json_files(&fuzz_dir().join("crashes"));
    files.extend(json_files(&fuzz_dir().join("seeds")));
    assert!(!files.is_empty());
    for p in &files {
        let bytes = std::fs::read(p).unwrap();
        // Every chart and option set, in both formats.
        for chart in 0..(ChartId::ALL.len() * 6) as u32 {
            for format in 0..2u32 {
                if let Err(e) = exercise(&bytes, chart + (format << 16), &Counts::default()) {
                    panic!("{}: {e}", p.display());
                }
            }
        }
    }
    eprintln!("fuzz_dataset corpus: {} files", files.len());
}
