//! Property ("fuzz") tests of the import formats (issue 11, item 2): every
//! fixture under tests/fixtures/import (good and bad, CSV, text and xlsx) is
//! damaged with table-aware edits (rows dropped, doubled or swapped, a cell
//! replaced by odd text or a number in another spelling, the delimiter
//! changed) and then byte-level damage, and goes through the import, the
//! merge with the curated dataset, every chart with the imported series
//! chosen, the oblast layer for every year, and the figures CSV.
//!
//! Properties: nothing panics; a refused file's message starts with the file;
//! an accepted file's report adds up (rows used + rows skipped = rows read)
//! and its values are finite; the merged dataset keeps every curated figure
//! unchanged; charts with imported series render to SVG.
//! `PROPTEST_CASES=n` runs more cases.

#[path = "common/mutate.rs"]
mod mutate;

use mutate::{cases, check, runner};

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use proptest::prelude::*;
use proptest::test_runner::{TestCaseError, TestError};

use route_explorer::analysis::choropleth;
use route_explorer::charts::{self, ChartId, ChartOptions};
use route_explorer::export::csv::figures_csv;
use route_explorer::import::{Control, ImportedLayer, Limits, import_bytes, merge};
use route_explorer::model::Dataset;
use route_explorer::model::load::load_embedded;

fn curated() -> &'static Dataset {
    static DS: OnceLock<Dataset> = OnceLock::new();
    DS.get_or_init(|| load_embedded().expect("the embedded dataset"))
}

/// (file name, bytes) of every import fixture: the seed corpus.
fn seeds() -> &'static Vec<(String, Vec<u8>)> {
    static SEEDS: OnceLock<Vec<(String, Vec<u8>)>> = OnceLock::new();
    SEEDS.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import");
        let mut out = Vec::new();
        for kind in ["good", "bad"] {
            let mut names: Vec<PathBuf> = std::fs::read_dir(root.join(kind))
                .expect("fixture folder")
                .filter_map(|e| e.ok().map(|e| e.path()))
                .collect();
            names.sort();
            for p in names {
                let name = p
                    .file_name()
                    .expect("a file")
                    .to_string_lossy()
                    .into_owned();
                out.push((name, std::fs::read(&p).expect("fixture")));
            }
        }
        assert!(
            out.len() >= 30,
            "the import seed corpus shrank to {}",
            out.len()
        );
        out
    })
}

/// A table-aware edit of a text file.
#[derive(Debug, Clone)]
enum RowEdit {
    DropRow(u16),
    DoubleRow(u16),
    SwapRows(u16, u16),
    /// Replace cell (row, column) by a string.
    Cell(u16, u16, String),
    /// Use another delimiter throughout.
    Delimiter(char),
}

fn cell_text() -> impl Strategy<Value = String> {
    prop_oneof![
        2 => prop::sample::select(mutate::ODD_TEXT).prop_map(str::to_owned),
        2 => prop::sample::select(vec![
            "-1", "0", "1e308", "NaN", "inf", "1,5", "1.234,5", "12 345", "", "\"", "=1+1",
            "2018", "1899", "99999", "kg", "g", "tablets", "KZ.SK", "Shymkent", "Туркестанская",
            "Abai", "Jetisu", "Ulytau", "Heroin", "Opium", "Kazakhstan", "KAZ",
        ])
        .prop_map(str::to_owned),
        1 => "[ -~]{0,12}",
    ]
}

fn row_edit() -> impl Strategy<Value = RowEdit> {
    prop_oneof![
        2 => any::<u16>().prop_map(RowEdit::DropRow),
        1 => any::<u16>().prop_map(RowEdit::DoubleRow),
        1 => (any::<u16>(), any::<u16>()).prop_map(|(a, b)| RowEdit::SwapRows(a, b)),
        4 => (any::<u16>(), any::<u16>(), cell_text()).prop_map(|(r, c, t)| RowEdit::Cell(r, c, t)),
        1 => prop::sample::select(vec![';', '\t', ',', '|']).prop_map(RowEdit::Delimiter),
    ]
}

fn apply_row_edits(text: &str, edits: &[RowEdit]) -> String {
    let delimiter = [',', ';', '\t']
        .into_iter()
        .max_by_key(|d| text.lines().next().unwrap_or("").matches(*d).count())
        .unwrap_or(',');
    let mut rows: Vec<Vec<String>> = text
        .lines()
        .map(|l| l.split(delimiter).map(str::to_owned).collect())
        .collect();
    let mut out_delimiter = delimiter;
    for e in edits {
        let n = rows.len();
        match e {
            RowEdit::DropRow(i) if n > 0 => {
                rows.remove(*i as usize % n);
            }
            RowEdit::DoubleRow(i) if n > 0 => {
                let row = rows[*i as usize % n].clone();
                rows.insert(*i as usize % n, row);
            }
            RowEdit::SwapRows(a, b) if n > 0 => rows.swap(*a as usize % n, *b as usize % n),
            RowEdit::Cell(r, c, t) if n > 0 => {
                let row = &mut rows[*r as usize % n];
                if !row.is_empty() {
                    let len = row.len();
                    row[*c as usize % len] = t.clone();
                }
            }
            RowEdit::Delimiter(d) => out_delimiter = *d,
            _ => {}
        }
    }
    let sep = out_delimiter.to_string();
    let mut out: Vec<String> = rows.iter().map(|r| r.join(&sep)).collect();
    out.push(String::new());
    out.join("\n")
}

#[derive(Debug, Clone)]
struct Case {
    seed: usize,
    edits: Vec<RowEdit>,
    damage: mutate::Damage,
}

fn case() -> impl Strategy<Value = Case> {
    (
        any::<usize>(),
        prop::collection::vec(row_edit(), 0..5),
        mutate::damage(),
    )
        .prop_map(|(seed, edits, damage)| Case {
            seed,
            edits,
            damage,
        })
}

fn run_case(c: &Case) -> Result<(), TestCaseError> {
    let seeds = seeds();
    let (name, original) = &seeds[c.seed % seeds.len()];
    let bytes = match std::str::from_utf8(original) {
        Ok(text) if !c.edits.is_empty() => apply_row_edits(text, &c.edits).into_bytes(),
        _ => original.clone(),
    };
    let bytes = mutate::apply_damage(bytes, &c.damage);
    let path = PathBuf::from(format!("/fuzz/{name}"));
    let limits = Limits {
        max_values: Some(200_000),
        ..Limits::default()
    };
    let result = import_bytes(&path, &bytes, None, curated(), &limits, &Control::default());
    // Read in parts on several threads, the same file gives the same layer
    // (or the same refusal) as read in one go.
    let in_parts = Limits {
        parallel_min_bytes: 0,
        threads: 2 + c.seed % 3,
        ..limits
    };
    let parts = import_bytes(
        &path,
        &bytes,
        None,
        curated(),
        &in_parts,
        &Control::default(),
    );
    check(parts == result, || {
        format!(
            "{name}: read in {} parts it differs from one go",
            in_parts.threads
        )
    })?;
    let layer = match result {
        Err(e) => {
            let msg = e.to_string();
            return check(msg.starts_with("/fuzz/"), || {
                format!("a refusal must name the file first: {msg}")
            });
        }
        Ok(layer) => layer,
    };
    downstream(&layer)
}

fn downstream(layer: &ImportedLayer) -> Result<(), TestCaseError> {
    let r = &layer.report;
    let skipped: usize = r.skipped.values().map(|s| s.count).sum();
    check(r.rows_used + skipped == r.rows_read, || {
        format!(
            "rows do not add up: {} used + {skipped} skipped != {} read ({:?})",
            r.rows_used, r.rows_read, r.skipped
        )
    })?;
    for v in &layer.values {
        check(v.value.is_finite(), || format!("value {} kept", v.value))?;
    }
    let ds = curated();
    let layers = std::slice::from_ref(layer);
    let merged = merge::merged(ds, layers);
    // Curated figures stay as they were, in front.
    check(
        merged.figures.get(..ds.figures.len()) == Some(&ds.figures[..]),
        || "an import changed the curated figures".into(),
    )?;
    // Every chart, with every imported kg series chosen, builds and renders.
    let mut imported_series = merge::kg_series(layers, &merged, merge::ChartLevel::National);
    let oblast_series = merge::kg_series(layers, &merged, merge::ChartLevel::Oblasts);
    imported_series.extend(oblast_series);
    let mut oblasts: Vec<String> = charts::oblast_choices(&merged)
        .into_iter()
        .map(|(k, _)| k)
        .collect();
    oblasts.truncate(6);
    let options = ChartOptions {
        oblasts,
        imported_series,
        ..ChartOptions::default()
    };
    for id in ChartId::ALL {
        let chart = charts::build_chart(&merged, id, &options);
        let prov = charts::provenance::Provenance::new(&merged, "fuzz", b"", &chart);
        let size = charts::render::RenderSize::new(900, 600);
        if let Err(e) = charts::render::render_svg(&chart, size, &prov) {
            check(e.contains("too small"), || {
                format!("{}: SVG refused: {e}", id.id())
            })?;
        }
    }
    // The oblast layer: every series, every year it has and the years around.
    for series in choropleth::series_options(&merged) {
        for year in series.year_range().take(120).chain([1900, 2100]) {
            let view = choropleth::YearView::new(&merged, &series, year);
            check(view.reported <= view.units.len(), || {
                format!("{} of {} units reported", view.reported, view.units.len())
            })?;
        }
    }
    // The figures CSV with the imported rows.
    let csv = figures_csv(&merged);
    check(csv.lines().count() > merged.figures.len(), || {
        "figures CSV lost rows".into()
    })?;
    Ok(())
}

#[test]
fn damaged_import_files_never_crash_and_report_what_they_did() {
    let cases = cases(160);
    let mut runner = runner(cases);
    match runner.run(&case(), |c| run_case(&c)) {
        Ok(()) => {}
        Err(TestError::Fail(why, c)) => panic!("{why}\nminimal case: {c:?}"),
        Err(e) => panic!("{e}"),
    }
}

#[test]
fn every_seed_imports_or_is_refused_cleanly() {
    // The corpus itself, undamaged: the good files import, the bad ones are
    // refused or report problems, and none crashes downstream.
    for (i, (name, _)) in seeds().iter().enumerate() {
        let c = Case {
            seed: i,
            edits: vec![],
            damage: mutate::Damage::None,
        };
        if let Err(e) = run_case(&c) {
            panic!("{name}: {e}");
        }
    }
}
