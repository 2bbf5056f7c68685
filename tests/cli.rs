//! The command line as scripts use it: exact names, exit codes, outputs.

use std::path::PathBuf;
use std::process::{Command, Output};

use route_explorer::export::csv::{FIGURES_HEADER, restore_text};
use route_explorer::model::load::load_embedded;
use route_explorer::model::{Figure, Months, Period};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_route-explorer"))
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("the binary runs")
}

fn fixture(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
        .display()
        .to_string()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn validate_embedded_prints_counts_and_exits_0() {
    let data = load_embedded().unwrap();
    let o = run(&["validate"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    for line in [
        format!("sources: {}", data.sources.len()),
        format!("places: {}", data.places.len()),
        format!("routes: {}", data.routes.len()),
        format!("figures: {}", data.figures.len()),
    ] {
        assert!(out.contains(&line), "missing «{line}» in {out}");
    }
}

#[test]
fn validate_bad_file_lists_problems_and_exits_1() {
    let path = fixture("bad/many-problems.json");
    let o = run(&["validate", &path]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains(&format!("{path}: places 'shymkent' field 'lat'")),
        "{err}"
    );
    assert!(
        err.contains(&format!("{path}: figures 'fig1' field 'year'")),
        "{err}"
    );
    assert!(err.contains("3 problem(s) found"), "{err}");
}

#[test]
fn validate_syntax_error_exits_1_with_position() {
    let path = fixture("bad/trailing-comma.json");
    let o = run(&["validate", &path]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).starts_with(&format!("{path}:38:3:")),
        "{}",
        stderr(&o)
    );
}

#[test]
fn missing_file_and_bad_usage_exit_2() {
    let o = run(&["validate", "/nonexistent/data.json"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).starts_with("/nonexistent/data.json: cannot read file"));
    let o = run(&["frobnicate"]);
    assert_eq!(o.status.code(), Some(2));
    let o = run(&["export", "routes"]);
    assert_eq!(o.status.code(), Some(2), "missing -o is a usage error");
}

#[test]
fn data_flag_selects_another_dataset() {
    let o = run(&["--data", &fixture("good/minimal.json"), "validate"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("routes: 1"));
}

#[test]
fn export_routes_is_a_geojson_feature_collection() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("routes.geojson");
    let o = run(&["export", "routes", "-o", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let data = load_embedded().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    assert_eq!(v["type"], "FeatureCollection");
    let features = v["features"].as_array().unwrap();
    let lines: Vec<_> = features
        .iter()
        .filter(|f| f["geometry"]["type"] == "LineString")
        .collect();
    let points: Vec<_> = features
        .iter()
        .filter(|f| f["geometry"]["type"] == "Point")
        .collect();
    assert_eq!(lines.len(), data.routes.len());
    assert_eq!(points.len(), data.places.len());
    for (f, route) in lines.iter().zip(&data.routes) {
        let p = &f["properties"];
        assert_eq!(p["id"], route.id.as_str());
        for key in [
            "name",
            "origin_country",
            "mode",
            "status",
            "waypoints",
            "variant_of",
            "sources",
        ] {
            assert!(p.get(key).is_some(), "route {} lacks {key}", route.id);
        }
        // Coordinates are [lon, lat] of the waypoints, in order.
        let coords = f["geometry"]["coordinates"].as_array().unwrap();
        assert_eq!(coords.len(), route.waypoints.len());
        let first = data.place(&route.waypoints[0].place).unwrap();
        assert_eq!(coords[0][0].as_f64().unwrap(), first.lon);
        assert_eq!(coords[0][1].as_f64().unwrap(), first.lat);
        assert_eq!(p["waypoints"][0], first.name.as_str());
    }
    for key in ["id", "name", "country", "roles", "aliases"] {
        assert!(
            points[0]["properties"].get(key).is_some(),
            "place lacks {key}"
        );
    }
}

/// Minimal RFC 4180 reader for the tests (quoted cells, doubled quotes,
/// line breaks inside quotes); the program has no CSV reader of its own yet.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut cell = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                cell.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => cell.push(c),
            (false, '"') if cell.is_empty() => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut cell)),
            (false, '\n') => {
                row.push(std::mem::take(&mut cell));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => cell.push(c),
        }
    }
    assert!(!quoted, "unterminated quoted cell");
    assert!(
        cell.is_empty() && row.is_empty(),
        "last line has no line break"
    );
    rows
}

fn export_figures(data: Option<&str>) -> (Vec<String>, Vec<Vec<String>>) {
    let mut args = Vec::new();
    if let Some(path) = data {
        args.extend(["--data", path]);
    }
    args.extend(["export", "figures", "-o", "-"]);
    let o = run(&args);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let mut rows = parse_csv(&stdout(&o));
    let header = rows.remove(0);
    for row in &rows {
        assert_eq!(row.len(), header.len(), "{row:?}");
    }
    (header, rows)
}

fn cell<'a>(header: &[String], row: &'a [String], column: &str) -> &'a str {
    let i = header
        .iter()
        .position(|h| h == column)
        .unwrap_or_else(|| panic!("no column {column}"));
    &row[i]
}

#[test]
fn export_figures_csv_has_exact_header_and_one_row_per_value() {
    let o = run(&["export", "figures", "-o", "-"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = stdout(&o);
    let mut lines = text.lines();
    let header = "id,series,metric,region,region_name,drug,year,year_kind,period_from,period_to,\
months_from,months_to,value,unit,qualifier,basis,reading,formula,source_id,source_title,\
source_publisher,source_date,source_author,source_citation,note";
    assert_eq!(lines.next(), Some(header));
    assert_eq!(header, FIGURES_HEADER);
    let data = load_embedded().unwrap();
    let (_, rows) = export_figures(None);
    assert_eq!(rows.len(), data.figures.len());
    // The header users are told about is the one the program writes.
    let doc =
        std::fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("docs/DATA.md"))
            .unwrap();
    assert!(
        doc.contains(&format!("\n{FIGURES_HEADER}\n")),
        "docs/DATA.md must show the header"
    );
}

/// Every field of every figure, and its source, can be read back from the
/// CSV: nothing is lost or merged into a free-text column.
#[test]
fn figures_csv_reads_back_into_the_same_figures() {
    let data = load_embedded().unwrap();
    let (h, rows) = export_figures(None);
    let text = |row: &[String], column: &str| restore_text(cell(&h, row, column)).to_owned();
    let opt_text = |row: &[String], column: &str| Some(text(row, column)).filter(|t| !t.is_empty());
    let int = |row: &[String], column: &str| {
        let c = cell(&h, row, column);
        (!c.is_empty()).then(|| c.parse::<i64>().unwrap())
    };
    for (row, f) in rows.iter().zip(&data.figures) {
        let period = match (int(row, "period_from"), int(row, "period_to")) {
            (Some(from), Some(to)) => Some(Period {
                from: from as i32,
                to: to as i32,
            }),
            (None, None) => None,
            other => panic!("half a period: {other:?}"),
        };
        let months = match (int(row, "months_from"), int(row, "months_to")) {
            (Some(from), Some(to)) => Some(Months {
                from: from as u8,
                to: to as u8,
            }),
            (None, None) => None,
            other => panic!("half a month span: {other:?}"),
        };
        // Keys read back through serde, exactly as the dataset spells them.
        let key = |column: &str| serde_json::Value::String(text(row, column));
        let back = Figure {
            id: text(row, "id"),
            series: text(row, "series"),
            metric: text(row, "metric"),
            region: text(row, "region"),
            region_name: text(row, "region_name"),
            drug: serde_json::from_value(key("drug")).unwrap(),
            year: int(row, "year").map(|y| y as i32),
            period,
            year_kind: serde_json::from_value(key("year_kind")).unwrap(),
            months,
            value: cell(&h, row, "value").parse().unwrap(),
            unit: serde_json::from_value(key("unit")).unwrap(),
            qualifier: serde_json::from_value(key("qualifier")).unwrap(),
            source: text(row, "source_id"),
            basis: serde_json::from_value(key("basis")).unwrap(),
            formula: opt_text(row, "formula"),
            reading: serde_json::from_value(key("reading")).unwrap(),
            note: opt_text(row, "note"),
        };
        assert_eq!(&back, f);
        let s = data.source(&f.source).unwrap();
        assert_eq!(text(row, "source_title"), s.title);
        assert_eq!(text(row, "source_publisher"), s.publisher);
        assert_eq!(text(row, "source_date"), s.date);
        assert_eq!(opt_text(row, "source_author"), s.author);
        assert_eq!(text(row, "source_citation"), data.citation(&f.source));
    }
}

/// Issue 10.7: the documented pivot key (everything but the value and the
/// texts) identifies one row, so printed and adopted values of one year, or a
/// stated "< 1 %" beside derived 0.43/0.46 %, never fall into one cell.
#[test]
fn figures_csv_pivot_key_never_merges_two_values() {
    let (h, rows) = export_figures(None);
    let key_columns = [
        "series",
        "region",
        "year",
        "year_kind",
        "period_from",
        "period_to",
        "months_from",
        "months_to",
        "qualifier",
        "basis",
        "reading",
        "source_id",
    ];
    let mut seen = std::collections::HashMap::new();
    for row in &rows {
        let key: Vec<&str> = key_columns.iter().map(|c| cell(&h, row, c)).collect();
        if let Some(other) = seen.insert(key.clone(), cell(&h, row, "id")) {
            panic!(
                "{} and {} share the pivot key {key:?}",
                other,
                cell(&h, row, "id")
            );
        }
    }
    // Both readings of one year are in the file, told apart by `reading`.
    let readings: std::collections::HashSet<&str> = rows
        .iter()
        .filter(|r| {
            cell(&h, r, "series") == "kz-opiate-seizures-annual" && cell(&h, r, "year") == "2006"
        })
        .map(|r| cell(&h, r, "reading"))
        .collect();
    assert_eq!(readings, ["adopted", "printed"].into_iter().collect());
}

/// Issue 11.8: text from a --data file that a spreadsheet would run as a
/// formula is neutralised; numbers (negative ones too) stay numbers.
#[test]
fn figures_csv_is_safe_to_open_in_a_spreadsheet() {
    let path = fixture("good/spreadsheet-injection.json");
    let data = route_explorer::model::load::load_file(std::path::Path::new(&path)).unwrap();
    let (h, rows) = export_figures(Some(&path));
    let numeric = [
        "year",
        "period_from",
        "period_to",
        "months_from",
        "months_to",
        "value",
    ];
    let mut defused = 0;
    for row in &rows {
        for (column, c) in h.iter().zip(row) {
            if numeric.contains(&column.as_str()) {
                assert!(c.is_empty() || c.parse::<f64>().is_ok(), "{column}: {c:?}");
                continue;
            }
            // A plain number such as -94 is harmless; anything else must not
            // start like a formula.
            assert!(
                !c.starts_with(['=', '+', '-', '@', '\t', '\r', '\n']) || c.parse::<f64>().is_ok(),
                "{column} would run as a formula: {c:?}"
            );
            if c.starts_with('\'') && restore_text(c) != c.as_str() {
                defused += 1;
            }
        }
    }
    assert!(defused >= 10, "only {defused} cells needed a quote");
    // Negative values are written as plain numbers.
    let values: Vec<&str> = rows.iter().map(|r| cell(&h, r, "value")).collect();
    assert!(
        values.contains(&"-94") && values.contains(&"-0.5"),
        "{values:?}"
    );
    // A text that is a plain number is left alone too (the note "-94").
    assert!(rows.iter().any(|r| cell(&h, r, "note") == "-94"));
    // Nothing is lost: every text reads back exactly.
    for (row, f) in rows.iter().zip(&data.figures) {
        assert_eq!(restore_text(cell(&h, row, "id")), f.id);
        assert_eq!(restore_text(cell(&h, row, "region_name")), f.region_name);
        assert_eq!(
            restore_text(cell(&h, row, "formula")),
            f.formula.as_deref().unwrap_or_default()
        );
        assert_eq!(
            restore_text(cell(&h, row, "note")),
            f.note.as_deref().unwrap_or_default()
        );
        let s = data.source(&f.source).unwrap();
        assert_eq!(restore_text(cell(&h, row, "source_title")), s.title);
    }
}

#[test]
fn failed_export_keeps_existing_file_and_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let keep = dir.path().join("figures.csv");
    std::fs::write(&keep, "precious").unwrap();
    // Invalid data: nothing is written, exit 1.
    let o = run(&[
        "--data",
        &fixture("bad/negative-value.json"),
        "export",
        "figures",
        "-o",
        keep.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(std::fs::read_to_string(&keep).unwrap(), "precious");
    // Unwritable destination: exit 2, message names the path.
    let bad = dir.path().join("no-such-dir").join("figures.csv");
    let o = run(&["export", "figures", "-o", bad.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains(&bad.display().to_string()),
        "{}",
        stderr(&o)
    );
}
