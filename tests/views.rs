//! Saved views on the command line: every exported image carries its view,
//! `view-of` prints it, and `export … --view` of that printed view renders
//! the identical file. Bad view files exit 2 with their path and the problem.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use route_explorer::charts::ChartId;
use route_explorer::view::{Figure, View, ViewSelection};

/// The binary with HOME and the XDG folders in a temporary directory.
struct Cli {
    home: tempfile::TempDir,
}

impl Cli {
    fn new() -> Cli {
        Cli {
            home: tempfile::tempdir().unwrap(),
        }
    }

    fn dir(&self) -> &Path {
        self.home.path()
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir().join(name)
    }

    fn run(&self, args: &[&str]) -> Output {
        let h = self.dir();
        Command::new(env!("CARGO_BIN_EXE_route-explorer"))
            .args(args)
            .current_dir(h)
            .env("HOME", h)
            .env("XDG_CONFIG_HOME", h.join("config"))
            .env("XDG_DATA_HOME", h.join("data"))
            .env("XDG_CACHE_HOME", h.join("cache"))
            .output()
            .expect("the binary runs")
    }

    fn ok(&self, args: &[&str]) -> Output {
        let o = self.run(args);
        assert!(
            o.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        o
    }

    /// `view-of IMAGE`, saved to `name`, and the view parsed.
    fn view_of(&self, image: &str, name: &str) -> (String, View) {
        let o = self.ok(&["view-of", image]);
        let text = String::from_utf8(o.stdout).expect("the view is UTF-8");
        std::fs::write(self.path(name), &text).unwrap();
        let view = View::parse(name, &text).expect("the printed view parses");
        (text, view)
    }
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn same_bytes(a: &Path, b: &Path) {
    let (x, y) = (std::fs::read(a).unwrap(), std::fs::read(b).unwrap());
    assert!(!x.is_empty());
    assert!(x == y, "{} and {} differ", a.display(), b.display());
}

#[test]
fn chart_images_carry_their_view_and_re_render_byte_for_byte() {
    let cli = Cli::new();
    for ext in ["png", "svg"] {
        let first = format!("slope.{ext}");
        cli.ok(&[
            "export",
            "chart",
            "oblast-slope",
            "--drug",
            "opium",
            "--log",
            "--value-labels",
            "--hide-printed",
            "--width",
            "1200",
            "--height",
            "800",
            "-o",
            &first,
        ]);
        let (_, view) = cli.view_of(&first, "slope-view.json");
        assert_eq!(view.chart.id.0, ChartId::OblastSlope);
        let data = route_explorer::model::load::load_embedded().unwrap();
        let o = view.chart.options(&data);
        assert!(o.log_scale && o.value_labels && !o.show_printed);
        assert_eq!(o.drug.key(), "opium");
        assert!(!o.oblasts.is_empty());
        let image = view.image.expect("the image section is filled in");
        assert_eq!(
            (image.figure, image.width_px, image.height_px),
            (Figure::Chart, 1200, 800)
        );
        assert!(view.imported_files.is_empty());

        let again = format!("again.{ext}");
        cli.ok(&["export", "chart", "--view", "slope-view.json", "-o", &again]);
        same_bytes(&cli.path(&first), &cli.path(&again));
        // The image itself is a view too.
        let third = format!("third.{ext}");
        cli.ok(&["export", "chart", "--view", &first, "-o", &third]);
        same_bytes(&cli.path(&first), &cli.path(&third));
    }
}

#[test]
fn map_images_carry_their_view_and_re_render_byte_for_byte() {
    let cli = Cli::new();
    let view = r#"{"format": "route-explorer-view", "version": 1,
        "map": {"bbox": [50.0, 38.0, 72.0, 50.0],
                "layers": {"flows": false, "legend": true}},
        "selection": {"place": "nukus"},
        "hidden_routes": {"origins": ["TJ"]}}"#;
    std::fs::write(cli.path("west.json"), view).unwrap();
    for ext in ["png", "svg"] {
        let first = format!("map.{ext}");
        cli.ok(&[
            "export",
            "map",
            "--view",
            "west.json",
            "--width",
            "1500",
            "--height",
            "1000",
            "--title",
            "West",
            "-o",
            &first,
        ]);
        let (_, printed) = cli.view_of(&first, "map-view.json");
        assert_eq!(printed.map.bbox, Some([50.0, 38.0, 72.0, 50.0]));
        assert!(!printed.map.layers.flows);
        assert_eq!(
            printed.selection,
            Some(ViewSelection::Place("nukus".into()))
        );
        assert_eq!(printed.hidden_routes.origins, ["TJ"]);
        let image = printed.image.expect("the image section is filled in");
        assert_eq!(
            (image.figure, image.width_px, image.height_px, image.scale),
            (Figure::Map, 1500, 1000, 1.0)
        );
        assert_eq!(image.title.as_deref(), Some("West"));

        let again = format!("again.{ext}");
        cli.ok(&["export", "map", "--view", "map-view.json", "-o", &again]);
        same_bytes(&cli.path(&first), &cli.path(&again));
    }
    // Without a view the defaults are written into the image, and re-render the same.
    cli.ok(&[
        "export",
        "map",
        "--width",
        "900",
        "--height",
        "600",
        "-o",
        "plain.png",
    ]);
    let (_, printed) = cli.view_of("plain.png", "plain.json");
    assert_eq!(printed.map.bbox, None);
    cli.ok(&[
        "export",
        "map",
        "--view",
        "plain.json",
        "-o",
        "plain-again.png",
    ]);
    same_bytes(&cli.path("plain.png"), &cli.path("plain-again.png"));
}

#[test]
fn flags_given_with_a_view_override_it() {
    let cli = Cli::new();
    cli.ok(&[
        "export",
        "chart",
        "oblast-comparison",
        "--width",
        "1000",
        "--height",
        "600",
        "-o",
        "a.svg",
    ]);
    cli.ok(&[
        "export",
        "chart",
        "--view",
        "a.svg",
        "oblast-ranking",
        "--log",
        "--width",
        "1300",
        "-o",
        "b.svg",
    ]);
    let (_, b) = cli.view_of("b.svg", "b.json");
    assert_eq!(b.chart.id.0, ChartId::OblastRanking);
    assert!(b.chart.log_scale);
    let image = b.image.unwrap();
    // The width from the flag, the height from the view.
    assert_eq!((image.width_px, image.height_px), (1300, 600));
    let svg = std::fs::read_to_string(cli.path("b.svg")).unwrap();
    assert!(svg.contains("width=\"1300\""), "{}", &svg[..200]);
}

#[test]
fn damaged_or_unknown_view_files_exit_2_with_path_and_problem() {
    let cli = Cli::new();
    std::fs::write(
        cli.path("damaged.json"),
        "{\"format\": \"route-explorer-view\",\n \"version\": 1,\n \"chart\": {\"id\": \"pie\"}}\n",
    )
    .unwrap();
    std::fs::write(
        cli.path("newer.json"),
        r#"{"format": "route-explorer-view", "version": 2}"#,
    )
    .unwrap();
    std::fs::write(
        cli.path("cut.json"),
        "{\"format\": \"route-explorer-view\", \"vers",
    )
    .unwrap();
    let damaged = cli.path("damaged.json").display().to_string();
    let newer = cli.path("newer.json").display().to_string();
    let cut = cli.path("cut.json").display().to_string();
    let missing = cli.path("missing.json").display().to_string();
    for kind in ["chart", "map"] {
        for (file, problem) in [
            (
                &damaged,
                "line 3, column 23: unknown chart 'pie'; valid charts: national-seizures",
            ),
            (
                &newer,
                "view version 2 is not supported; this program reads version 1",
            ),
            (&cut, "line 1, column 39: EOF while parsing a string"),
            (&missing, "cannot read the view"),
        ] {
            let o = cli.run(&["export", kind, "--view", file, "-o", "out.png"]);
            assert_eq!(o.status.code(), Some(2), "{kind} {file}");
            let err = stderr(&o);
            assert!(
                err.contains(&format!("{file}: ")) && err.contains(problem),
                "{kind}: {err}"
            );
            assert!(!cli.path("out.png").exists());
        }
    }
}

#[test]
fn view_of_refuses_images_without_a_view_and_other_files() {
    let cli = Cli::new();
    // A PNG that route-explorer did not write.
    let pixmap = tiny_skia::Pixmap::new(4, 4).unwrap();
    let png = route_explorer::export::raster::encode_png(&pixmap, &[]).unwrap();
    std::fs::write(cli.path("plain.png"), png).unwrap();
    std::fs::write(
        cli.path("plain.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"4\" height=\"4\"/>",
    )
    .unwrap();
    std::fs::write(cli.path("notes.txt"), "hello").unwrap();
    for (name, problem) in [
        ("plain.png", "this PNG has no embedded view"),
        ("plain.svg", "this SVG has no embedded view"),
        ("notes.txt", "not a PNG or SVG image"),
        ("missing.png", "cannot read the image"),
    ] {
        let o = cli.run(&["view-of", name]);
        assert_eq!(o.status.code(), Some(2), "{name}");
        assert!(o.stdout.is_empty());
        let err = stderr(&o);
        assert!(err.contains(&format!("{name}: {problem}")), "{err}");
    }
}

#[test]
fn view_before_a_subcommand_is_a_usage_error_that_says_where_it_goes() {
    let cli = Cli::new();
    std::fs::write(
        cli.path("v.json"),
        r#"{"format": "route-explorer-view", "version": 1}"#,
    )
    .unwrap();
    let o = cli.run(&[
        "--view",
        "v.json",
        "export",
        "chart",
        "national-seizures",
        "-o",
        "a.png",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("export chart --view FILE"),
        "{}",
        stderr(&o)
    );
    assert!(!cli.path("a.png").exists());
}

#[test]
fn a_view_names_its_imported_files_and_imports_them_again_to_re_render() {
    let cli = Cli::new();
    let fixture = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import/good/oblasts-made-up.csv");
    let fixture = fixture.display().to_string();
    cli.ok(&[
        "export",
        "chart",
        "oblast-comparison",
        "--import",
        &fixture,
        "-o",
        "imported.svg",
    ]);
    let (_, view) = cli.view_of("imported.svg", "imported.json");
    let sha = route_explorer::charts::provenance::sha256_hex(&std::fs::read(&fixture).unwrap());
    assert_eq!(view.imported_files.len(), 1);
    assert_eq!(view.imported_files[0].path, fixture);
    assert_eq!(view.imported_files[0].sha256, sha);
    assert!(
        !view.chart.imported_series.is_empty(),
        "the imported oblast series are part of the view"
    );
    // No --import: the view's file is read again, and the image is the same.
    cli.ok(&[
        "export",
        "chart",
        "--view",
        "imported.json",
        "-o",
        "again.svg",
    ]);
    same_bytes(&cli.path("imported.svg"), &cli.path("again.svg"));
    // Without the file, the view cannot be rendered as it was: exit 2, naming it.
    let moved = cli.path("moved.json");
    let text = std::fs::read_to_string(cli.path("imported.json"))
        .unwrap()
        .replace(&fixture, "/nonexistent/oblasts-made-up.csv");
    std::fs::write(&moved, text).unwrap();
    let o = cli.run(&["export", "chart", "--view", "moved.json", "-o", "gone.svg"]);
    assert_ne!(o.status.code(), Some(0));
    assert!(
        stderr(&o).contains("/nonexistent/oblasts-made-up.csv"),
        "{}",
        stderr(&o)
    );
    assert!(!cli.path("gone.svg").exists());
}
