//! Charts: data built from the dataset, headless PNG/SVG export with
//! provenance, the command line, and the tooltips' numbers.

use std::path::PathBuf;
use std::process::{Command, Output};

use route_explorer::charts::provenance::{Provenance, sha256_hex};
use route_explorer::charts::render::{self, ImageFormat, RenderSize};
use route_explorer::charts::{
    self, ChartData, ChartDrug, ChartId, ChartOptions, SeriesKind, data_csv, fmt_num,
};
use route_explorer::model::Dataset;
use route_explorer::model::load::{EMBEDDED_JSON, EMBEDDED_LABEL, load_embedded};

fn data() -> Dataset {
    load_embedded().unwrap()
}

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_route-explorer"))
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("the binary runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn all_oblasts(ds: &Dataset) -> ChartOptions {
    ChartOptions {
        oblasts: charts::oblasts_with_figures(ds, ChartDrug::Opiates),
        drug: ChartDrug::Opiates,
        ..ChartOptions::default()
    }
}

fn prov(ds: &Dataset, chart: &ChartData) -> Provenance {
    Provenance::new(ds, EMBEDDED_LABEL, EMBEDDED_JSON.as_bytes(), chart)
}

/// Decode a PNG: (width, height, RGB(A) pixels, text chunks as (key, text)).
fn decode_png(bytes: &[u8]) -> (u32, u32, Vec<u8>, Vec<(String, String)>) {
    let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    let mut reader = decoder.read_info().expect("a PNG header");
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).expect("PNG image data");
    buf.truncate(info.buffer_size());
    let mut texts = Vec::new();
    let pinfo = reader.info();
    for t in &pinfo.uncompressed_latin1_text {
        texts.push((t.keyword.clone(), t.text.clone()));
    }
    for t in &pinfo.utf8_text {
        texts.push((t.keyword.clone(), t.get_text().unwrap()));
    }
    (info.width, info.height, buf, texts)
}

/// Share of pixels that are not white, and how many distinct colours there are.
fn ink(rgb: &[u8]) -> (f64, usize) {
    let mut colours = std::collections::HashSet::new();
    let mut inked = 0usize;
    let px: Vec<&[u8]> = rgb.chunks(3).collect();
    for p in &px {
        if p != &[255, 255, 255] {
            inked += 1;
        }
        colours.insert((p[0], p[1], p[2]));
    }
    (inked as f64 / px.len() as f64, colours.len())
}

#[test]
fn every_chart_exports_png_and_svg_headless() {
    let ds = data();
    for id in ChartId::ALL {
        let options = if id.is_oblast_view() {
            all_oblasts(&ds)
        } else {
            ChartOptions::default()
        };
        let chart = charts::build_chart(&ds, id, &options);
        let p = prov(&ds, &chart);
        for (w, h) in [(1600, 900), (640, 480)] {
            let png = render::render_png(&chart, RenderSize::new(w, h), &p).unwrap();
            let (pw, ph, pixels, texts) = decode_png(&png);
            assert_eq!((pw, ph), (w, h), "{}", id.id());
            let (share, colours) = ink(&pixels);
            assert!(
                share > 0.01,
                "{}: only {share} of the pixels inked",
                id.id()
            );
            assert!(colours > 20, "{}: {colours} colours", id.id());
            let get = |k: &str| {
                texts
                    .iter()
                    .find(|(key, _)| key == k)
                    .map(|(_, t)| t.clone())
            };
            assert_eq!(
                get("Dataset SHA-256"),
                Some(sha256_hex(EMBEDDED_JSON.as_bytes()))
            );
            assert_eq!(get("Title").as_deref(), Some(chart.title.as_str()));
            assert!(get("Software").unwrap().starts_with("route-explorer "));
            assert!(!get("Series ids").unwrap().is_empty());
            let sources = get("Sources").unwrap();
            assert!(!chart.source_ids.is_empty(), "{}", id.id());
            for sid in &chart.source_ids {
                assert!(
                    sources.contains(&ds.citation(sid)),
                    "{}: {sources}",
                    id.id()
                );
            }
        }
        let svg = render::render_svg(&chart, RenderSize::new(1600, 900), &p).unwrap();
        let doc = roxmltree::Document::parse(&svg).expect("the SVG is well-formed XML");
        let root = doc.root_element();
        assert_eq!(root.tag_name().name(), "svg");
        let texts: Vec<&str> = doc
            .descendants()
            .filter(|n| n.has_tag_name("text"))
            .filter_map(|n| n.text())
            .map(str::trim)
            .collect();
        assert!(
            texts.contains(&chart.title.as_str()),
            "{}: no title",
            id.id()
        );
        for i in chart.legend() {
            let name = &chart.series[i].legend_name;
            assert!(
                texts.contains(&name.as_str()),
                "{}: no legend entry {name}",
                id.id()
            );
        }
        assert!(
            texts.iter().any(|t| t.starts_with("Source: ")),
            "{}: no source line",
            id.id()
        );
        let entry = |key: &str| {
            doc.descendants()
                .find(|n| n.has_tag_name("entry") && n.attribute("key") == Some(key))
                .and_then(|n| n.text())
                .map(str::to_owned)
        };
        assert!(doc.descendants().any(|n| n.has_tag_name("metadata")));
        assert_eq!(
            entry("Dataset SHA-256"),
            Some(sha256_hex(EMBEDDED_JSON.as_bytes()))
        );
        assert_eq!(entry("Chart id").as_deref(), Some(id.id()));
    }
}

#[test]
fn too_small_or_huge_sizes_are_refused() {
    let ds = data();
    let chart = charts::build_chart(&ds, ChartId::NationalSeizures, &ChartOptions::default());
    let p = prov(&ds, &chart);
    assert!(render::render_png(&chart, RenderSize::new(10, 900), &p).is_err());
    assert!(render::render_png(&chart, RenderSize::new(1600, 20_000), &p).is_err());
}

#[test]
fn national_chart_uses_the_cross_checked_reading_and_labels_the_printed_one() {
    let ds = data();
    let chart = charts::build_chart(&ds, ChartId::NationalSeizures, &ChartOptions::default());
    assert_eq!(chart.series.len(), 2);
    let adopted = &chart.series[0];
    let printed = &chart.series[1];
    assert!(adopted.name.contains("cross-checked"));
    assert!(printed.name.contains("printed"));
    assert!(printed.dashed);
    let at = |s: &charts::SeriesData, year: f64| s.points.iter().find(|p| p.x == year).unwrap().y;
    // The printed list reads 1,191.4 against 1996; the adopted reading reverses it.
    assert_eq!(at(adopted, 1996.0), Some(501.5));
    assert_eq!(at(printed, 1996.0), Some(1191.4));
    assert_eq!(at(adopted, 2006.0), Some(1191.4));
    for f in ds.series(charts::NATIONAL_SERIES) {
        assert_eq!(at(adopted, f.year.unwrap() as f64), Some(f.value));
    }
    // Hidden on request.
    let opts = ChartOptions {
        show_printed: false,
        ..ChartOptions::default()
    };
    let chart = charts::build_chart(&ds, ChartId::NationalSeizures, &opts);
    assert_eq!(chart.series.len(), 1);
}

#[test]
fn tooltips_show_the_dataset_value_unit_and_source() {
    let ds = data();
    let chart = charts::build_chart(&ds, ChartId::NationalSeizures, &ChartOptions::default());
    for p in &chart.series[0].points {
        let f = ds.figures.iter().find(|f| f.id == p.figure_ids[0]).unwrap();
        assert_eq!(p.value, Some(f.value));
        assert!(
            p.tooltip.contains(&format!("{} kg", fmt_num(f.value))),
            "{}",
            p.tooltip
        );
        assert!(p.tooltip.contains(&ds.citation(&f.source)), "{}", p.tooltip);
        // Adopted values are derived (read in reverse): the formula is shown.
        assert!(p.tooltip.contains("Derived: "), "{}", p.tooltip);
    }
    // Spot checks against the printed numbers.
    let tip = |year: f64| {
        chart.series[0]
            .points
            .iter()
            .find(|p| p.x == year)
            .unwrap()
            .tooltip
            .clone()
    };
    assert!(tip(2006.0).contains("1,191.4 kg"));
    assert!(tip(1996.0).contains("501.5 kg"));
    assert!(tip(1996.0).contains("Illicit Drug Trends in Central Asia"));

    // Every plotted point of every chart: the tooltip carries each figure's value.
    for id in ChartId::ALL {
        let chart = charts::build_chart(&ds, id, &all_oblasts(&ds));
        for s in &chart.series {
            for p in s.points.iter().filter(|p| p.figure_ids.len() == 1) {
                let f = ds.figures.iter().find(|f| f.id == p.figure_ids[0]).unwrap();
                assert!(
                    p.tooltip.contains(&fmt_num(f.value)),
                    "{}: {}",
                    id.id(),
                    p.tooltip
                );
                assert!(p.tooltip.contains("Source: "), "{}", p.tooltip);
            }
        }
    }
}

#[test]
fn interdiction_rate_is_seizures_over_the_flow_range_with_the_formula() {
    let ds = data();
    let chart = charts::build_chart(&ds, ChartId::InterdictionRate, &ChartOptions::default());
    let band = chart
        .series
        .iter()
        .find(|s| s.kind == SeriesKind::Band)
        .unwrap();
    let p = band.points.iter().find(|p| p.x == 2010.0).unwrap();
    let (lo, hi) = p.range.unwrap();
    // 323 kg / 75 t and 323 kg / 70 t, in percent; the dataset's own checks agree.
    assert!((lo - 323.0 / 75_000.0 * 100.0).abs() < 1e-9);
    assert!((hi - 323.0 / 70_000.0 * 100.0).abs() < 1e-9);
    let check = |id: &str| ds.figures.iter().find(|f| f.id == id).unwrap().value;
    assert!((lo - check("kz-heroin-interdiction-2010-low-check")).abs() < 0.0001);
    assert!((hi - check("kz-heroin-interdiction-2010-high-check")).abs() < 0.0001);
    assert!(p.tooltip.contains("0.43 to 0.46 %"), "{}", p.tooltip);
    assert!(
        p.tooltip.contains("Formula: seizures / estimated flow"),
        "{}",
        p.tooltip
    );
    assert!(p.tooltip.contains("323 kg / (70 to 75 t"), "{}", p.tooltip);
    assert!(chart.y_label.contains("(%)"));
    // The stated "under 1 per cent" is shown as such.
    assert!(
        chart
            .annotations
            .iter()
            .any(|a| a.text.contains("less than 1 %"))
    );
}

#[test]
fn oblast_comparison_has_gaps_not_zeros_and_marks_stated_changes() {
    let ds = data();
    let opts = ChartOptions {
        drug: ChartDrug::Heroin,
        oblasts: vec!["KZ.NK".into(), "KZ.SK".into(), "KZ.AM".into()],
        ..ChartOptions::default()
    };
    let chart = charts::build_chart(&ds, ChartId::OblastComparison, &opts);
    assert_eq!(chart.title, "Heroin seizures by oblast");
    let names: Vec<&str> = chart.series.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "North Kazakhstan (heroin): stated change only",
            "South Kazakhstan (heroin)",
            "Akmola (heroin): no figure"
        ]
    );
    // North Kazakhstan has only a stated change: no point, never a zero.
    assert!(chart.series[0].points.iter().all(|p| p.y.is_none()));
    assert!(chart.series[2].points.iter().all(|p| p.y.is_none()));
    assert!(chart.series.iter().all(|s| s.kind == SeriesKind::Line));
    let sk = chart.series[1]
        .points
        .iter()
        .find(|p| p.x == 2006.0)
        .unwrap();
    assert_eq!(sk.y, Some(151.1));
    // The stated change sits in the strip, with its series, off the value axis.
    let nk = chart
        .stated_changes
        .iter()
        .find(|c| c.figure_ids == ["nk-heroin-change"])
        .unwrap();
    assert_eq!(nk.series, 0);
    assert_eq!(nk.text, "\u{2212}79 %");
    assert_eq!(
        nk.note,
        "\u{2212}79 % (base year not stated; year inferred)"
    );
    assert!(nk.tooltip.contains("\u{2212}79 %"));
    assert!(chart.annotations.is_empty());
    // CSV of the plotted values: gaps are empty, not 0.
    let csv = data_csv::chart_csv(&chart);
    assert!(csv.starts_with(data_csv::HEADER));
    assert!(csv.contains("Akmola (heroin): no figure,2006,,,,,Seizures (kg)"));
    assert!(!csv.contains(",0,"));
    assert!(
        csv.contains(
            "North Kazakhstan (heroin): stated change only,2006,-79,,,,%,nk-heroin-change,"
        )
    );
}

#[test]
fn totals_label_the_partial_2011_opium_figure() {
    let ds = data();
    let chart = charts::build_chart(&ds, ChartId::HeroinOpiumTotals, &ChartOptions::default());
    let opium = chart
        .series
        .iter()
        .find(|s| s.name.starts_with("Opium"))
        .unwrap();
    assert_eq!(opium.name, "Opium (2011: January–September only)");
    let p2011 = opium.points.iter().find(|p| p.x == 2011.0).unwrap();
    assert_eq!(p2011.y, Some(9.5));
    assert_eq!(p2011.label, "9.5 (January–September only)");
    assert!(
        chart
            .annotations
            .iter()
            .any(|a| a.text.starts_with("January–September 2011 only; "))
    );
    // Opium 2009 has no figure: a gap.
    assert_eq!(opium.points.iter().find(|p| p.x == 2009.0).unwrap().y, None);
}

#[test]
fn log_scale_and_index_change_the_axis() {
    let ds = data();
    let opts = ChartOptions {
        log_scale: true,
        ..ChartOptions::default()
    };
    let chart = charts::build_chart(&ds, ChartId::CustomsVsAll, &opts);
    // 0.42 kg and 323 kg both fit: the axis spans from 0.1 to 1,000.
    assert_eq!(chart.y_range, (-1.0, 3.0));
    assert!(chart.y_ticks.iter().any(|(_, l)| l == "0.1"));
    assert!(chart.y_ticks.iter().any(|(_, l)| l == "1,000"));

    let opts = ChartOptions {
        index_base_year: Some(1996),
        ..ChartOptions::default()
    };
    let chart = charts::build_chart(&ds, ChartId::NationalSeizures, &opts);
    assert_eq!(chart.y_label, "Index (1996 = 100)");
    let p = &chart.series[0].points;
    assert_eq!(p[0].y, Some(100.0));
    let expected = 1191.4 / 501.5 * 100.0;
    assert!((p[10].y.unwrap() - expected).abs() < 1e-9);
    assert!(p[10].tooltip.contains("1,191.4 kg"));
}

#[test]
fn oblasts_resolve_by_key_name_or_alias() {
    let ds = data();
    assert_eq!(charts::resolve_oblast(&ds, "kz.sk").unwrap(), "KZ.SK");
    assert_eq!(
        charts::resolve_oblast(&ds, "Shymkent province").unwrap(),
        "KZ.SK"
    );
    assert_eq!(charts::resolve_oblast(&ds, "JAMBYL").unwrap(), "KZ.ZM");
    assert_eq!(charts::resolve_oblast(&ds, "Almaty").unwrap(), "KZ.AC");
    let err = charts::resolve_oblast(&ds, "Kazakhstan").unwrap_err();
    assert!(err.contains("KZ.SK (South Kazakhstan)"), "{err}");
}

// --- command line ---------------------------------------------------------

#[test]
fn charts_lists_every_id_then_its_title() {
    let o = run(&["charts"]);
    assert_eq!(o.status.code(), Some(0));
    let out = String::from_utf8(o.stdout).unwrap();
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), ChartId::ALL.len());
    for (line, id) in lines.iter().zip(ChartId::ALL) {
        let (first, rest) = line.split_once('\t').unwrap();
        assert_eq!(first, id.id());
        assert_eq!(rest, id.title());
    }
}

#[test]
fn export_chart_writes_png_and_svg_by_extension() {
    let dir = tempfile::tempdir().unwrap();
    let png_path = dir.path().join("national.png");
    let o = run(&[
        "export",
        "chart",
        "national-seizures",
        "-o",
        png_path.to_str().unwrap(),
        "--width",
        "800",
        "--height",
        "500",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let (w, h, _, texts) = decode_png(&std::fs::read(&png_path).unwrap());
    assert_eq!((w, h), (800, 500));
    assert!(
        texts
            .iter()
            .any(|(k, t)| k == "Series ids" && t.contains(charts::NATIONAL_SERIES))
    );

    let svg_path = dir.path().join("oblasts.svg");
    let o = run(&[
        "export",
        "chart",
        "oblast-comparison",
        "-o",
        svg_path.to_str().unwrap(),
        "--oblasts",
        "Shymkent province,kz.wk,Almaty City",
        "--drug",
        "opium",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let svg = std::fs::read_to_string(&svg_path).unwrap();
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let texts: Vec<&str> = doc
        .descendants()
        .filter_map(|n| n.text())
        .map(str::trim)
        .collect();
    assert!(texts.contains(&"South Kazakhstan (opium): stated change only"));
    assert!(texts.contains(&"Almaty City (opium)"));
    assert!(texts.contains(&"Opium seizures by oblast"));
}

#[test]
fn export_chart_with_a_data_file_hashes_that_file() {
    let dir = tempfile::tempdir().unwrap();
    let data_path = dir.path().join("copy.json");
    std::fs::write(&data_path, EMBEDDED_JSON).unwrap();
    let out = dir.path().join("c.svg");
    let o = run(&[
        "--data",
        data_path.to_str().unwrap(),
        "export",
        "chart",
        "customs-vs-all",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let svg = std::fs::read_to_string(&out).unwrap();
    assert!(svg.contains(&sha256_hex(EMBEDDED_JSON.as_bytes())));
    assert!(svg.contains(&data_path.display().to_string()));
}

#[test]
fn export_chart_to_stdout_needs_a_format() {
    let o = run(&["export", "chart", "interdiction-rate", "-o", "-"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--format"), "{}", stderr(&o));
    let o = run(&[
        "export",
        "chart",
        "interdiction-rate",
        "-o",
        "-",
        "--format",
        "svg",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let svg = String::from_utf8(o.stdout).unwrap();
    roxmltree::Document::parse(&svg).unwrap();
    let o = run(&[
        "export",
        "chart",
        "interdiction-rate",
        "-o",
        "-",
        "--format",
        "png",
    ]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(decode_png(&o.stdout).0, 1600);
}

#[test]
fn export_chart_usage_errors_exit_2_with_a_helpful_message() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("x.png");
    let out = out.to_str().unwrap();
    let o = run(&[
        "export",
        "chart",
        "oblast-comparison",
        "-o",
        out,
        "--oblasts",
        "Atlantis",
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("unknown oblast 'Atlantis'"), "{err}");
    assert!(err.contains("KZ.SK (South Kazakhstan)"), "{err}");

    let o = run(&["export", "chart", "no-such-chart", "-o", out]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("national-seizures"));

    let o = run(&["export", "chart", "national-seizures", "-o", "/tmp/x.gif"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains(".png or .svg"));

    let o = run(&[
        "export",
        "chart",
        "national-seizures",
        "-o",
        out,
        "--drug",
        "coca",
    ]);
    assert_eq!(o.status.code(), Some(2));

    let missing = dir.path().join("missing/x.png");
    let o = run(&[
        "export",
        "chart",
        "national-seizures",
        "-o",
        missing.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(!missing.exists());
    assert!(!PathBuf::from(out).exists());
}

#[test]
fn image_format_follows_the_extension() {
    assert_eq!(
        ImageFormat::from_path(std::path::Path::new("a/b.SVG")),
        Some(ImageFormat::Svg)
    );
    assert_eq!(ImageFormat::from_path(std::path::Path::new("a.jpeg")), None);
}
