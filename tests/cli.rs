//! The command line as scripts use it: exact names, exit codes, outputs.

use std::path::PathBuf;
use std::process::{Command, Output};

use route_explorer::model::load::load_embedded;

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

#[test]
fn export_figures_csv_has_exact_header_and_one_row_per_value() {
    let o = run(&["export", "figures", "-o", "-"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = stdout(&o);
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("series_id,region,drug,year,value,unit,source_id,stated_or_derived,note")
    );
    let data = load_embedded().unwrap();
    assert_eq!(lines.count(), data.figures.len());
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
