//! `route-explorer import … --check` and `--import` on exports, as scripts use them.

use std::path::PathBuf;
use std::process::{Command, Output};

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_route-explorer"))
        .args(args)
        .env("HOME", std::env::temp_dir())
        .output()
        .expect("the binary runs")
}

fn fixture(kind: &str, name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(kind)
        .join(name)
        .display()
        .to_string()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn check_exits_0_when_every_row_is_used() {
    let f = fixture("good", "oblasts-made-up.csv");
    let o = run(&["import", &f, "--check"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let err = text(&o.stderr);
    assert!(
        err.contains(&format!("{f}: 10 rows read, 10 used, 0 skipped")),
        "{err}"
    );
    assert!(o.stdout.is_empty(), "--check writes no values");
}

#[test]
fn check_exits_1_and_prints_each_problem_with_its_position() {
    let f = fixture("bad", "negative.csv");
    let o = run(&["import", "--check", &f]);
    assert_eq!(o.status.code(), Some(1));
    let err = text(&o.stderr);
    assert!(
        err.contains(&format!(
            "{f} row 2, column 'Value': negative value -5: seizure amounts cannot be below zero"
        )),
        "{err}"
    );
    assert!(
        err.contains("skipped 1 row(s): value not usable (rows 2)"),
        "{err}"
    );
}

#[test]
fn check_exits_2_when_a_file_cannot_be_read() {
    let good = fixture("good", "owid-made-up.csv");
    let bad = fixture("bad", "zip-not-xlsx.xlsx");
    let o = run(&["import", "--check", &good, &bad]);
    assert_eq!(o.status.code(), Some(2));
    let err = text(&o.stderr);
    assert!(
        err.contains(&format!("{bad}: a ZIP archive that is not a spreadsheet")),
        "{err}"
    );
    // The readable file is still reported.
    assert!(
        err.contains(&format!("{good}: 5 rows read, 3 used, 2 skipped")),
        "{err}"
    );
}

#[test]
fn import_without_check_writes_the_values_as_long_csv_marked_imported() {
    let f = fixture("good", "annex-made-up.xlsx");
    let o = run(&["import", &f]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "Germany and an empty cell are skipped"
    );
    let out = text(&o.stdout);
    let mut lines = out.lines();
    assert_eq!(
        lines.next(),
        Some(route_explorer::export::csv::FIGURES_HEADER)
    );
    let rows: Vec<&str> = lines.collect();
    assert_eq!(rows.len(), 7);
    assert!(
        rows.iter()
            .all(|r| r.starts_with("imported:annex-made-up-xlsx:")),
        "{out}"
    );
    assert!(
        rows.iter()
            .all(|r| r.contains("imported · annex-made-up.xlsx")),
        "{out}"
    );
}

#[test]
fn export_figures_with_import_adds_marked_rows_after_the_curated_ones() {
    let f = fixture("good", "oblasts-made-up.csv");
    let plain = run(&["export", "figures", "-o", "-"]);
    let with = run(&["export", "figures", "--import", &f, "-o", "-"]);
    assert_eq!(with.status.code(), Some(0), "{}", text(&with.stderr));
    let plain = text(&plain.stdout);
    let with = text(&with.stdout);
    assert!(with.starts_with(&plain), "curated rows unchanged and first");
    let added: Vec<&str> = with[plain.len()..].lines().collect();
    assert_eq!(added.len(), 8);
    for row in added {
        assert!(row.contains("“imported · oblasts-made-up.csv"), "{row}");
    }
}

#[test]
fn exported_chart_names_each_imported_file_and_its_sha256() {
    let a = fixture("good", "oblasts-made-up.csv");
    let b = fixture("good", "annex-made-up.xlsx");
    let o = run(&[
        "export",
        "chart",
        "oblast-comparison",
        "--import",
        &a,
        "--import",
        &b,
        "--oblasts",
        "KZ.SK,Zhambyl",
        "--format",
        "svg",
        "-o",
        "-",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let svg = text(&o.stdout);
    let sha = |p: &str| route_explorer::charts::provenance::sha256_hex(&std::fs::read(p).unwrap());
    for (p, name) in [(&a, "oblasts-made-up.csv"), (&b, "annex-made-up.xlsx")] {
        let entry = format!(
            "<entry key=\"Imported file\">imported · {p} (SHA-256 {})</entry>",
            sha(p)
        );
        assert!(svg.contains(&entry), "missing {name} in the SVG metadata");
    }
    // The imported oblast values are drawn, with their mark in the legend.
    assert!(
        svg.contains("South Kazakhstan: Heroin seizures (kg) (imported · oblasts-made-up.csv)"),
        "legend"
    );
}

#[test]
fn an_unreadable_import_stops_an_export_with_the_reason() {
    let bad = fixture("bad", "empty.xlsx");
    let o = run(&["export", "figures", "--import", &bad, "-o", "-"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains(&format!("{bad}: the file is empty (0 bytes)")));
    assert!(o.stdout.is_empty());
}

#[test]
fn exported_map_colours_oblasts_by_an_imported_series_and_names_the_file() {
    let a = fixture("good", "oblasts-made-up.csv");
    let series = "imported:oblasts-made-up-csv:heroin-seizures-kg";
    let dir = tempfile::tempdir().unwrap();
    let first = dir.path().join("map.svg");
    let o = run(&[
        "export",
        "map",
        "--import",
        &a,
        "--series",
        series,
        "--year",
        "2016",
        "--width",
        "1200",
        "--height",
        "800",
        "-o",
        &first.display().to_string(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let svg = std::fs::read_to_string(&first).unwrap();
    let sha = route_explorer::charts::provenance::sha256_hex(&std::fs::read(&a).unwrap());
    assert!(
        svg.contains(&format!(
            "<entry key=\"Imported file\">imported · {a} (SHA-256 {sha})</entry>"
        )),
        "the file and its hash are named"
    );
    assert!(
        svg.contains(&format!(
            "<entry key=\"Oblast layer\">{series} 2016 (Heroin seizures, imported · oblasts-made-up.csv"
        )),
        "the oblast layer is the imported series"
    );
    // Without the file the series is unknown: a clear refusal, not a map of
    // something else.
    let o = run(&[
        "export", "map", "--series", series, "--year", "2016", "--format", "svg", "-o", "-",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o.stderr).contains("cannot colour the oblasts"),
        "{}",
        text(&o.stderr)
    );
    // The image's view names the file, so it re-renders without --import.
    let again = dir.path().join("again.svg");
    let o = run(&[
        "export",
        "map",
        "--view",
        &first.display().to_string(),
        "-o",
        &again.display().to_string(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert!(
        std::fs::read(&again).unwrap() == svg.as_bytes(),
        "re-rendered byte for byte"
    );
}
