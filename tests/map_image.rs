//! Map images (`export map`, `map_image`): files an analyst gets, what they
//! show, and the errors a script sees.
//!
//! `tests/fixtures/good/multi-year-oblasts.json` is TEST DATA: its oblast
//! values are made up (documented in the file) so that the oblast layer must
//! change between 2005 and 2006.

use std::path::PathBuf;
use std::process::{Command, Output};
use std::sync::OnceLock;

use route_explorer::basemap::{Basemap, BasemapStyle};
use route_explorer::charts::provenance::sha256_hex;
use route_explorer::map_image::{
    self, Extent, LabelKind, MapData, MapFigure, MapImageOptions, MapSelection,
};
use route_explorer::model::Dataset;
use route_explorer::model::load::{EMBEDDED_JSON, EMBEDDED_LABEL, load_bytes, load_embedded};
use route_explorer::style::{
    CHOROPLETH_FILL_ALPHA, CHOROPLETH_RAMP, NO_DATA, NO_DATA_FILL_ALPHA, Rgba,
};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_route-explorer"))
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("the binary runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn basemap() -> &'static Basemap {
    static MAP: OnceLock<Basemap> = OnceLock::new();
    MAP.get_or_init(|| Basemap::embedded().expect("embedded basemap"))
}

/// The multi-year fixture, labelled by its path in the repository (the label
/// is printed in the image, so it must not depend on where the checkout is).
fn multi_year() -> (Dataset, Vec<u8>, String) {
    let bytes = std::fs::read(fixture("good/multi-year-oblasts.json")).unwrap();
    let label = "tests/fixtures/good/multi-year-oblasts.json".to_owned();
    (load_bytes(&label, &bytes).unwrap(), bytes, label)
}

fn compose(ds: &Dataset, bytes: &[u8], label: &str, o: &MapImageOptions) -> MapFigure {
    let data = MapData {
        dataset: ds,
        dataset_label: label,
        dataset_bytes: bytes,
        basemap: basemap(),
    };
    map_image::compose(&data, o).unwrap()
}

fn small(width: u32, height: u32) -> MapImageOptions {
    MapImageOptions {
        width_px: width,
        height_px: height,
        ..MapImageOptions::default()
    }
}

/// Text chunks of a PNG (tEXt and iTXt), and its size.
fn png_text(bytes: &[u8]) -> (Vec<(String, String)>, u32, u32) {
    let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    let mut reader = decoder.read_info().expect("a valid PNG");
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    reader.next_frame(&mut buf).expect("PNG pixels decode");
    let info = reader.info();
    let mut out: Vec<(String, String)> = info
        .uncompressed_latin1_text
        .iter()
        .map(|t| (t.keyword.clone(), t.text.clone()))
        .collect();
    for t in &info.utf8_text {
        out.push((t.keyword.clone(), t.get_text().unwrap()));
    }
    (out, info.width, info.height)
}

fn chunk<'a>(chunks: &'a [(String, String)], key: &str) -> &'a str {
    chunks
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
        .unwrap_or_else(|| panic!("no PNG text chunk '{key}' in {chunks:?}"))
}

// ---- Command line -------------------------------------------------------------------------------

#[test]
fn cli_png_is_valid_and_carries_provenance_in_text_chunks() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("map.png");
    let o = run(&[
        "export",
        "map",
        "-o",
        out.to_str().unwrap(),
        "--width",
        "1200",
        "--height",
        "800",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let bytes = std::fs::read(&out).unwrap();
    let (chunks, w, h) = png_text(&bytes);
    assert_eq!((w, h), (1200, 800));
    // The hash of the bytes that were loaded: the embedded dataset here.
    assert_eq!(
        chunk(&chunks, "Dataset SHA-256"),
        sha256_hex(EMBEDDED_JSON.as_bytes())
    );
    assert_eq!(chunk(&chunks, "Dataset"), EMBEDDED_LABEL);
    assert!(chunk(&chunks, "Software").contains(env!("CARGO_PKG_VERSION")));
    assert!(
        chunk(&chunks, "Sources").contains("Illicit Drug Trends in Central Asia"),
        "{chunks:?}"
    );
    assert!(chunk(&chunks, "Oblast layer").contains("2006"));
    assert!(chunk(&chunks, "Attribution").contains("Natural Earth"));
    assert!(chunk(&chunks, "Attribution").contains("GeoNames (CC BY 4.0)"));
}

#[test]
fn cli_png_provenance_hashes_a_data_file_and_names_it() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("map.png");
    let data = fixture("good/multi-year-oblasts.json");
    let o = run(&[
        "--data",
        data.to_str().unwrap(),
        "export",
        "map",
        "-o",
        out.to_str().unwrap(),
        "--width",
        "900",
        "--height",
        "600",
        "--year",
        "2005",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let (chunks, ..) = png_text(&std::fs::read(&out).unwrap());
    assert_eq!(
        chunk(&chunks, "Dataset SHA-256"),
        sha256_hex(&std::fs::read(&data).unwrap())
    );
    assert_eq!(chunk(&chunks, "Dataset"), data.display().to_string());
    assert!(chunk(&chunks, "Oblast layer").starts_with("test-oblast-heroin 2005"));
}

#[test]
fn cli_svg_keeps_routes_as_paths_and_labels_as_text() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("map.svg");
    let o = run(&[
        "export",
        "map",
        "-o",
        out.to_str().unwrap(),
        "--width",
        "1500",
        "--height",
        "1000",
        "--extent",
        "44,36,90,57",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = std::fs::read_to_string(&out).unwrap();
    let doc = roxmltree::Document::parse(&text).expect("the SVG is well-formed XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    assert_eq!(root.attribute("width"), Some("1500"));

    // Every route of the dataset is a group of vector legs.
    let data = load_embedded().unwrap();
    let routes: Vec<_> = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("route"))
        .collect();
    assert_eq!(routes.len(), data.routes.len());
    for g in &routes {
        let legs = g
            .children()
            .filter(|n| n.tag_name().name() == "path" && n.attribute("class") == Some("leg"))
            .count();
        assert!(
            legs >= 1,
            "{:?} has no leg paths",
            g.attribute("data-route")
        );
        for leg in g.children().filter(|n| n.attribute("class") == Some("leg")) {
            assert!(leg.attribute("d").unwrap().starts_with('M'));
        }
    }
    // Labels are text: places, countries, the oblast layer's values.
    let texts: Vec<String> = doc
        .descendants()
        .filter(|n| n.tag_name().name() == "text")
        .filter_map(|n| n.text().map(str::to_owned))
        .collect();
    for want in ["Karaganda", "Astana", "KAZAKHSTAN", "151.1 kg", "Sources:"] {
        assert!(
            texts.iter().any(|t| t.starts_with(want)),
            "no text «{want}»"
        );
    }
    // The basemap is vector too, and provenance sits in <metadata>.
    let basemap_paths = doc
        .descendants()
        .find(|n| n.attribute("id") == Some("basemap"))
        .expect("a basemap group")
        .descendants()
        .filter(|n| n.tag_name().name() == "path")
        .count();
    assert!(basemap_paths > 10, "{basemap_paths}");
    let sha = doc
        .descendants()
        .find(|n| n.attribute("key") == Some("Dataset SHA-256"))
        .and_then(|n| n.text());
    assert_eq!(sha, Some(sha256_hex(EMBEDDED_JSON.as_bytes()).as_str()));
}

#[test]
fn bad_year_names_the_years_with_data_and_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("map.png");
    let data = fixture("good/multi-year-oblasts.json");
    let o = run(&[
        "--data",
        data.to_str().unwrap(),
        "export",
        "map",
        "-o",
        out.to_str().unwrap(),
        "--year",
        "1999",
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("year 1999"), "{err}");
    assert!(err.contains("2005, 2006"), "{err}");
    assert!(!out.exists(), "no file is written on error");
}

#[test]
fn too_large_or_too_small_sizes_and_bad_options_exit_2_with_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("map.png");
    let out = out.to_str().unwrap();
    for (args, expect) in [
        (
            vec!["--width", "12000", "--height", "9000"],
            "108.0 million pixels",
        ),
        (vec!["--width", "20000"], "width 20000 px is outside"),
        (vec!["--height", "100"], "height 100 px is outside"),
        (vec!["--scale", "50"], "scale 50 is outside"),
        (vec!["--extent", "90,40,44,56"], "need west < east"),
        (vec!["--extent", "44,40,x,56"], "'x' is not a number"),
        (
            vec!["--series", "no-such-series"],
            "series 'no-such-series' cannot colour the oblasts",
        ),
        (
            vec!["--year", "2006", "--series", "kz-opiate-seizures-annual"],
            "'kz-opiate-seizures-annual' cannot colour the oblasts (no value for an oblast",
        ),
        (
            vec!["--width", "600", "--height", "400", "--scale", "4"],
            "too small",
        ),
        (vec!["--no-oblasts", "--year", "2006"], "drop --no-oblasts"),
    ] {
        let mut all = vec!["export", "map", "-o", out];
        all.extend(args.iter().copied());
        let o = run(&all);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(stderr(&o).contains(expect), "{args:?}: {}", stderr(&o));
    }
    assert!(!std::path::Path::new(out).exists());
}

// ---- What the image shows -----------------------------------------------------------------------

/// `c` at `alpha` over `under`, as the map draws a fill.
fn over(c: Rgba, alpha: u8, under: [u8; 4]) -> [u8; 3] {
    let a = f32::from(alpha) / 255.0;
    let mix =
        |top: u8, bottom: u8| (f32::from(top) * a + f32::from(bottom) * (1.0 - a)).round() as u8;
    [mix(c.r, under[0]), mix(c.g, under[1]), mix(c.b, under[2])]
}

/// Share of sample points inside `hasc` whose pixel is within `tol` of `want`.
fn share_coloured(
    figure: &MapFigure,
    pixmap: &tiny_skia::Pixmap,
    hasc: &str,
    want: [u8; 3],
) -> f64 {
    let unit = basemap().oblast(hasc).unwrap();
    let (b0, b1) = (unit.bbox.min(), unit.bbox.max());
    let (mut inside, mut hits) = (0, 0);
    for i in 0..40 {
        for j in 0..40 {
            let lon = b0.x + (b1.x - b0.x) * (f64::from(i) + 0.5) / 40.0;
            let lat = b0.y + (b1.y - b0.y) * (f64::from(j) + 0.5) / 40.0;
            if basemap().oblast_at(lon, lat).map(|o| o.hasc.as_str()) != Some(hasc) {
                continue;
            }
            let p = figure.image_point(lon, lat);
            if !figure.map_rect.contains(p) {
                continue;
            }
            inside += 1;
            let px = pixmap.pixel(p.x as u32, p.y as u32).unwrap();
            let got = [px.red(), px.green(), px.blue()];
            if got.iter().zip(want).all(|(g, w)| g.abs_diff(w) <= 6) {
                hits += 1;
            }
        }
    }
    assert!(
        inside > 50,
        "{hasc}: only {inside} sample points on the map"
    );
    f64::from(hits) / f64::from(inside)
}

#[test]
fn oblast_layer_follows_the_year_with_classes_fixed_over_all_years() {
    let (ds, bytes, label) = multi_year();
    let land = BasemapStyle::default().kazakhstan_land;
    let class = |i: usize| over(CHOROPLETH_RAMP[i], CHOROPLETH_FILL_ALPHA, land);
    let no_data = over(NO_DATA, NO_DATA_FILL_ALPHA, land);
    // Classes over both years: 0–40, 40–80, 80–120, 120–160, 160–200 kg.
    let expected = [
        (
            2005,
            [
                ("KZ.SK", class(4)),
                ("KZ.WK", class(0)),
                ("KZ.PA", class(2)),
                ("KZ.EK", no_data),
            ],
        ),
        // 2006's largest value, 100 kg, is a middle class, not the darkest.
        (
            2006,
            [
                ("KZ.SK", class(0)),
                ("KZ.WK", class(2)),
                ("KZ.PA", no_data),
                ("KZ.EK", class(1)),
            ],
        ),
    ];
    for (year, units) in expected {
        let o = MapImageOptions {
            year: Some(year),
            ..small(1200, 800)
        };
        let figure = compose(&ds, &bytes, &label, &o);
        let layer = figure.oblast_layer.as_ref().unwrap();
        assert_eq!(layer.year, year);
        assert!(
            layer.heading.contains(&year.to_string()),
            "{}",
            layer.heading
        );
        let legend: Vec<&str> = layer.classes.iter().map(|c| c.label.as_str()).collect();
        assert_eq!(
            legend,
            [
                "0–40 kg",
                "40–80 kg",
                "80–120 kg",
                "120–160 kg",
                "160–200 kg"
            ]
        );
        let pixmap = figure.rasterise(basemap()).unwrap();
        for (hasc, want) in units {
            let share = share_coloured(&figure, &pixmap, hasc, want);
            assert!(
                share > 0.6,
                "{year} {hasc}: only {share:.2} of the unit has {want:?}"
            );
        }
    }
}

#[test]
fn labels_never_overlap_and_stay_on_the_map() {
    let data = load_embedded().unwrap();
    let (multi, multi_bytes, multi_label) = multi_year();
    let embedded = (&data, EMBEDDED_JSON.as_bytes(), EMBEDDED_LABEL);
    let fixture = (&multi, multi_bytes.as_slice(), multi_label.as_str());
    // (data, options, how many place labels at least: dropping every label is no answer)
    let cases = vec![
        (embedded, small(3000, 2000), 25),
        (embedded, small(800, 600), 5),
        (
            embedded,
            MapImageOptions {
                extent: Some(Extent {
                    west: 44.0,
                    south: 36.0,
                    east: 90.0,
                    north: 57.0,
                }),
                selection: Some(MapSelection::Place("taraz".into())),
                ..small(1500, 1000)
            },
            30,
        ),
        (
            embedded,
            MapImageOptions {
                extent: Some(Extent {
                    west: 66.0,
                    south: 40.0,
                    east: 80.0,
                    north: 45.0,
                }),
                scale: Some(3.0),
                ..small(2400, 1600)
            },
            8,
        ),
        (fixture, small(1200, 800), 8),
    ];
    for ((ds, bytes, label), o, min_places) in cases {
        let figure = compose(ds, bytes, label, &o);
        let labels = &figure.labels;
        let places = labels.iter().filter(|l| l.kind == LabelKind::Place).count();
        assert!(
            places >= min_places,
            "{}x{}: only {places} place labels",
            o.width_px,
            o.height_px
        );
        for (i, a) in labels.iter().enumerate() {
            assert!(
                figure.map_rect.contains_box(&a.bbox),
                "«{}» leaves the map",
                a.text
            );
            for f in &figure.furniture {
                assert!(!a.bbox.intersects(f), "«{}» covers the scale bar", a.text);
            }
            for b in &labels[i + 1..] {
                assert!(
                    !a.bbox.intersects(&b.bbox),
                    "{}x{}: «{}» {:?} overlaps «{}» {:?}",
                    o.width_px,
                    o.height_px,
                    a.text,
                    a.bbox,
                    b.text,
                    b.bbox
                );
            }
        }
        // What is drawn is what was placed: the SVG's map texts are exactly these labels.
        let svg = figure.svg_document(basemap());
        let doc = roxmltree::Document::parse(&svg).unwrap();
        let overlay = doc
            .descendants()
            .find(|n| n.attribute("id") == Some("map-overlay"))
            .unwrap();
        let mut drawn: Vec<String> = overlay
            .descendants()
            .filter(|n| n.tag_name().name() == "text" && n.attribute("class") != Some("halo"))
            .filter(|n| {
                !n.ancestors()
                    .any(|a| a.attribute("id") == Some("scale-bar"))
            })
            .filter_map(|n| n.text().map(str::to_owned))
            .collect();
        let mut placed: Vec<String> = labels.iter().map(|l| l.text.clone()).collect();
        drawn.sort();
        placed.sort();
        assert_eq!(drawn, placed);
    }
}

#[test]
fn png_and_svg_show_the_same_map() {
    // The SVG (vector basemap) rasterised on its own by resvg against the
    // PNG (raster basemap + the same overlay): they must agree almost everywhere.
    let data = load_embedded().unwrap();
    let figure = compose(
        &data,
        EMBEDDED_JSON.as_bytes(),
        EMBEDDED_LABEL,
        &small(1200, 800),
    );
    let png = figure.rasterise(basemap()).unwrap();
    let svg = figure.svg_document(basemap());
    let mut db = resvg::usvg::fontdb::Database::new();
    db.load_font_data(epaint_default_fonts::UBUNTU_LIGHT.to_vec());
    let options = resvg::usvg::Options {
        fontdb: std::sync::Arc::new(db),
        ..Default::default()
    };
    let tree = resvg::usvg::Tree::from_str(&svg, &options).unwrap();
    let mut from_svg = tiny_skia::Pixmap::new(1200, 800).unwrap();
    resvg::render(
        &tree,
        tiny_skia::Transform::identity(),
        &mut from_svg.as_mut(),
    );
    let differing = png
        .data()
        .chunks_exact(4)
        .zip(from_svg.data().chunks_exact(4))
        .filter(|(a, b)| a.iter().zip(b.iter()).any(|(x, y)| x.abs_diff(*y) > 24))
        .count();
    let share = differing as f64 / (1200.0 * 800.0);
    assert!(share < 0.01, "{:.2} % of pixels differ", share * 100.0);
}

// ---- Snapshots at two years ---------------------------------------------------------------------

/// Compare with a committed reference image; `UPDATE_SNAPSHOTS=1` rewrites it.
/// Passes when at most 0.5 % of pixels differ by more than 16 levels in a channel.
fn check_snapshot(name: &str, pixmap: &tiny_skia::Pixmap) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/snapshots")
        .join(format!("{name}.png"));
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        save_rgba(&path, pixmap);
        return;
    }
    let bytes = std::fs::read(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (run with UPDATE_SNAPSHOTS=1 to create it)",
            path.display()
        )
    });
    let mut reader = png::Decoder::new(std::io::Cursor::new(bytes))
        .read_info()
        .unwrap();
    let mut reference = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut reference).unwrap();
    assert_eq!(info.color_type, png::ColorType::Rgba);
    assert_eq!((info.width, info.height), (pixmap.width(), pixmap.height()));
    let differing = reference
        .chunks_exact(4)
        .zip(pixmap.data().chunks_exact(4))
        .filter(|(a, b)| a.iter().zip(b.iter()).any(|(x, y)| x.abs_diff(*y) > 16))
        .count();
    let share = differing as f64 / f64::from(pixmap.width() * pixmap.height());
    if share > 0.005 {
        let failed = path.with_extension("new.png");
        save_rgba(&failed, pixmap);
        panic!(
            "{name}: {:.2} % of pixels differ from {} (new image: {})",
            share * 100.0,
            path.display(),
            failed.display()
        );
    }
}

/// The pixmap as an RGBA PNG (opaque, so premultiplied bytes are straight).
fn save_rgba(path: &std::path::Path, pixmap: &tiny_skia::Pixmap) {
    let file = std::fs::File::create(path).unwrap();
    let mut enc = png::Encoder::new(
        std::io::BufWriter::new(file),
        pixmap.width(),
        pixmap.height(),
    );
    enc.set_color(png::ColorType::Rgba);
    enc.set_depth(png::BitDepth::Eight);
    let mut writer = enc.write_header().unwrap();
    writer.write_image_data(pixmap.data()).unwrap();
    writer.finish().unwrap();
}

#[test]
fn snapshot_map_image_2005_and_2006() {
    let (ds, bytes, label) = multi_year();
    for year in [2005, 2006] {
        let o = MapImageOptions {
            year: Some(year),
            ..small(1200, 800)
        };
        let figure = compose(&ds, &bytes, &label, &o);
        let pixmap = figure.rasterise(basemap()).unwrap();
        check_snapshot(&format!("map_image_{year}"), &pixmap);
    }
}

#[test]
fn a_year_without_values_inside_the_range_is_drawn_as_no_data_and_one_outside_is_refused() {
    // tests/fixtures/good/oblast-timeline.json (made-up values): heroin
    // seizures per oblast in 2003–2008 with no value at all in 2005.
    let path = fixture("good/oblast-timeline.json");
    let bytes = std::fs::read(&path).unwrap();
    let ds = load_bytes("oblast-timeline.json", &bytes).unwrap();
    let o = MapImageOptions {
        year: Some(2005),
        oblast_series: Some("test-oblast-heroin-seizures".into()),
        ..small(900, 600)
    };
    let figure = compose(&ds, &bytes, "oblast-timeline.json", &o);
    let layer = figure.oblast_layer.as_ref().unwrap();
    assert_eq!(layer.year, 2005);
    assert!(layer.reported.starts_with("0 of "), "{}", layer.reported);
    assert!(layer.units.iter().all(|u| u.label.is_none()));
    assert!(
        figure
            .labels
            .iter()
            .all(|l| l.kind != LabelKind::OblastValue),
        "no value labels in a year without values"
    );
    let data = MapData {
        dataset: &ds,
        dataset_label: "oblast-timeline.json",
        dataset_bytes: &bytes,
        basemap: basemap(),
    };
    let outside = MapImageOptions {
        year: Some(2010),
        ..o
    };
    let err = map_image::compose(&data, &outside).unwrap_err().to_string();
    assert!(err.contains("year 2010"), "{err}");
    assert!(err.contains("2003, 2004, 2006, 2007, 2008"), "{err}");
}

/// Eight copies of every curated route: each of their legs carries more
/// routes than fit side by side, so each is drawn as one band.
fn crowded() -> (Dataset, Vec<u8>, String) {
    let mut ds = load_embedded().unwrap();
    let originals = ds.routes.clone();
    for k in 1..8 {
        ds.routes.extend(originals.iter().map(|r| {
            let mut r = r.clone();
            r.id = format!("{}-copy-{k}", r.id);
            r.variant_of = None;
            r
        }));
    }
    (
        ds,
        EMBEDDED_JSON.as_bytes().to_vec(),
        EMBEDDED_LABEL.to_owned(),
    )
}

#[test]
fn a_map_image_labels_crowded_legs_with_their_route_count_as_the_window_does() {
    let (ds, bytes, label) = crowded();
    let figure = compose(&ds, &bytes, &label, &small(1600, 1000));
    let counts: Vec<&str> = figure
        .labels
        .iter()
        .filter(|l| l.kind == LabelKind::RouteCount)
        .map(|l| l.text.as_str())
        .collect();
    assert!(!counts.is_empty(), "no route count label");
    // Each is the count of a crowded leg, as the window computes it.
    let refs: Vec<&route_explorer::model::Route> = ds.routes.iter().collect();
    let legs = route_explorer::cartography::routes::crowded_legs(&refs);
    for c in &counts {
        assert!(
            legs.iter().any(|l| format!("{} routes", l.routes) == *c),
            "{c} is no crowded leg's count"
        );
    }
    // Drawn in the SVG, in its own group over the routes.
    let svg = figure.svg_document(basemap());
    let group = svg
        .split("<g id=\"route-counts\">")
        .nth(1)
        .and_then(|rest| rest.split("</g>").next())
        .expect("a route-counts group");
    for c in &counts {
        assert!(group.contains(&format!(">{c}</text>")), "{group}");
    }
    // No count label without crowding: the curated data alone has none.
    let (plain, bytes, label) = (
        load_embedded().unwrap(),
        EMBEDDED_JSON.as_bytes(),
        EMBEDDED_LABEL,
    );
    let figure = compose(&plain, bytes, label, &small(1600, 1000));
    let refs: Vec<&route_explorer::model::Route> = plain.routes.iter().collect();
    let crowded_legs = route_explorer::cartography::routes::crowded_legs(&refs).len();
    let labelled = figure
        .labels
        .iter()
        .filter(|l| l.kind == LabelKind::RouteCount)
        .count();
    assert!(
        labelled <= crowded_legs,
        "{labelled} labels, {crowded_legs} crowded legs"
    );
}
