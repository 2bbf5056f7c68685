//! The oblast comparison views (`oblast-comparison`, `oblast-small-multiples`,
//! `oblast-ranking`, `oblast-slope`) on made-up multi-year test data
//! (`tests/fixtures/good/oblast-years.json`; the curated data has oblast
//! amounts for 2006 only), and the rule that a value the data does not hold
//! is never drawn: no zeros for missing years, no points for stated changes.

use std::path::PathBuf;
use std::process::{Command, Output};

use route_explorer::charts::provenance::Provenance;
use route_explorer::charts::render::{self, RenderSize};
use route_explorer::charts::{
    self, ChartData, ChartDrug, ChartId, ChartOptions, SeriesKind, data_csv,
};
use route_explorer::model::Dataset;
use route_explorer::model::load::{load_embedded, load_file};

fn fixture_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/good/oblast-years.json")
}

fn fixture() -> Dataset {
    load_file(&fixture_path()).expect("the test fixture is valid")
}

fn opts(oblasts: &[&str], drug: ChartDrug) -> ChartOptions {
    ChartOptions {
        drug,
        oblasts: oblasts.iter().map(|s| s.to_string()).collect(),
        ..ChartOptions::default()
    }
}

fn value_at(chart: &ChartData, series: &str, year: f64) -> Option<f64> {
    chart
        .series
        .iter()
        .find(|s| s.name == series)
        .unwrap_or_else(|| panic!("no series {series}"))
        .points
        .iter()
        .find(|p| p.x == year)
        .and_then(|p| p.y)
}

fn svg(ds: &Dataset, chart: &ChartData) -> String {
    let prov = Provenance::new(ds, "test", b"test", chart);
    render::render_svg(chart, RenderSize::new(1600, 900), &prov).expect("renders")
}

/// The plot frames from the SVG, in panel order: each axis polyline
/// (left,top left,bottom right,bottom) as (left, top, right, bottom).
fn plot_frames(doc: &roxmltree::Document) -> Vec<(f64, f64, f64, f64)> {
    doc.descendants()
        .filter(|n| {
            n.has_tag_name("polyline")
                && n.attribute("stroke") == Some("#444444")
                && n.attribute("points")
                    .is_some_and(|p| p.split(' ').count() == 3)
        })
        .map(|axis| {
            let pts: Vec<(f64, f64)> = axis
                .attribute("points")
                .unwrap()
                .split(' ')
                .map(|p| {
                    let (x, y) = p.split_once(',').unwrap();
                    (x.parse().unwrap(), y.parse().unwrap())
                })
                .collect();
            (pts[0].0, pts[0].1, pts[2].0, pts[1].1)
        })
        .collect()
}

fn plot_frame(doc: &roxmltree::Document) -> (f64, f64, f64, f64) {
    plot_frames(doc)[0]
}

/// Every point symbol inside a plot sits where a value of that colour's
/// series (in that panel) is: nothing is drawn at a value the data does not
/// hold, and every value is drawn.
fn assert_points_are_data(ds: &Dataset, chart: &ChartData) {
    let text = svg(ds, chart);
    let doc = roxmltree::Document::parse(&text).unwrap();
    let frames = plot_frames(&doc);
    assert_eq!(frames.len(), chart.panel_count());
    let (x0, x1) = chart.x_range;
    let (y0, y1) = chart.y_range;
    let mut checked = 0;
    for (panel, &(left, top, right, bottom)) in frames.iter().enumerate() {
        let sx = |x: f64| left + (x - x0) / (x1 - x0) * (right - left);
        let sy = |y: f64| bottom - (y - y0) / (y1 - y0) * (bottom - top);
        for n in doc.descendants().filter(|n| n.has_tag_name("circle")) {
            let cx: f64 = n.attribute("cx").unwrap().parse().unwrap();
            let cy: f64 = n.attribute("cy").unwrap().parse().unwrap();
            if !(left..=right).contains(&cx) || !(top - 1.0..=bottom + 1.0).contains(&cy) {
                continue; // another panel, or a legend swatch
            }
            let fill = n.attribute("fill").unwrap_or("");
            let stroke = n.attribute("stroke").unwrap_or("");
            let ok = chart.series.iter().filter(|s| s.panel == panel).any(|s| {
                let hex = s.color.hex();
                (fill == hex || stroke == hex)
                    && s.points.iter().any(|p| {
                        p.y.is_some_and(|v| {
                            (sx(p.x) - cx).abs() < 0.6 && (sy(chart.plot_y(v)) - cy).abs() < 0.6
                        })
                    })
            });
            assert!(
                ok,
                "{}: a point at ({cx}, {cy}) holds no value",
                chart.id.id()
            );
            checked += 1;
        }
    }
    let values = chart
        .series
        .iter()
        .filter(|s| s.kind == SeriesKind::Line)
        .flat_map(|s| s.points.iter().filter(|p| p.y.is_some()))
        .count();
    assert_eq!(checked, values, "{}: circles vs values", chart.id.id());
}

#[test]
fn a_stated_change_is_never_drawn_as_a_value() {
    // Issue 10 item 9: East Kazakhstan has only a stated change (−94 %).
    let ds = load_embedded().unwrap();
    for id in [
        ChartId::OblastComparison,
        ChartId::OblastSlope,
        ChartId::OblastSmallMultiples,
    ] {
        let chart = charts::build_chart(&ds, id, &opts(&["KZ.EK", "KZ.SK"], ChartDrug::Heroin));
        let ek = chart
            .series
            .iter()
            .position(|s| s.name.starts_with("East Kazakhstan (heroin)"))
            .unwrap();
        assert!(
            chart.series[ek].points.iter().all(|p| p.y.is_none()),
            "{}",
            id.id()
        );
        let change = chart
            .stated_changes
            .iter()
            .find(|c| c.figure_ids == ["ek-heroin-change"])
            .unwrap_or_else(|| panic!("{}: the change is shown", id.id()));
        assert_eq!(change.series, ek);
        assert_eq!(change.text, "\u{2212}94 %");
        assert!(change.tooltip.contains("not drawn on the value axis"));
        // Nothing on the value axis for it: no annotation, and every point
        // in the image is a value the data holds.
        assert!(chart.annotations.is_empty());
        assert_points_are_data(&ds, &chart);
        // The image shows the change in the strip, off the value axis.
        let text = svg(&ds, &chart);
        let doc = roxmltree::Document::parse(&text).unwrap();
        let (_, _, _, bottom) = plot_frame(&doc);
        let color = chart.series[ek].color.hex();
        let marks: Vec<f64> = doc
            .descendants()
            .filter(|n| n.has_tag_name("polygon") && n.attribute("fill") == Some(&color))
            .map(|n| {
                let pts = n.attribute("points").unwrap();
                let ys: Vec<f64> = pts
                    .split(' ')
                    .map(|p| p.split_once(',').unwrap().1.parse().unwrap())
                    .collect();
                ys.iter().sum::<f64>() / ys.len() as f64
            })
            .collect();
        assert_eq!(marks.len(), 1, "{}", id.id());
        assert!(marks[0] > bottom, "{}: the mark is below the plot", id.id());
        assert!(
            text.contains("\u{2212}94 % East Kazakhstan (heroin)"),
            "{}",
            id.id()
        );
    }
    // The ranking says it in words on the oblast's row, with no bar.
    let chart = charts::build_chart(
        &ds,
        ChartId::OblastRanking,
        &opts(&["KZ.EK", "KZ.SK"], ChartDrug::Heroin),
    );
    let row = chart
        .x_ticks
        .iter()
        .position(|(_, l)| l == "East Kazakhstan (heroin)")
        .unwrap();
    assert_eq!(chart.series[0].points[row].y, None);
    let note = chart
        .annotations
        .iter()
        .find(|a| a.x == row as f64)
        .unwrap();
    assert_eq!(
        note.text,
        "no data for 2006; stated change \u{2212}94 % (base year not stated; year inferred)"
    );
    assert_eq!(note.y, None);
}

#[test]
fn comparison_lines_have_gaps_and_no_data_years_never_zeros() {
    let ds = fixture();
    let chart = charts::build_chart(
        &ds,
        ChartId::OblastComparison,
        &opts(&["KZ.SK", "KZ.WK"], ChartDrug::Heroin),
    );
    assert_eq!(chart.x_ticks.first().unwrap().0, 2003.0);
    assert_eq!(chart.x_ticks.last().unwrap().0, 2007.0);
    assert_eq!(
        value_at(&chart, "South Kazakhstan (heroin)", 2004.0),
        Some(120.0)
    );
    // 2005: neither has an amount (Almaty City, not chosen, has one).
    assert_eq!(value_at(&chart, "South Kazakhstan (heroin)", 2005.0), None);
    assert_eq!(value_at(&chart, "West Kazakhstan (heroin)", 2003.0), None);
    let no_data: Vec<f64> = chart.no_data.iter().map(|n| n.x).collect();
    assert_eq!(no_data, [2005.0]);
    // The line breaks at the gap: two runs for South Kazakhstan.
    let text = svg(&ds, &chart);
    let doc = roxmltree::Document::parse(&text).unwrap();
    let sk_color = chart.series[0].color.hex();
    let runs = doc
        .descendants()
        .filter(|n| n.has_tag_name("polyline") && n.attribute("stroke") == Some(&sk_color))
        .count();
    assert_eq!(runs, 2 + 1, "two runs and the legend swatch");
    assert!(text.contains(">no data</text>"));
    assert_points_are_data(&ds, &chart);
    let csv = data_csv::chart_csv(&chart);
    assert!(csv.contains("South Kazakhstan (heroin),2005,,,,,Seizures (kg),,no figure"));
    assert!(csv.contains("no data,2005,"));
    assert!(!csv.contains(",0,"));
}

#[test]
fn small_multiples_share_axes_and_show_the_national_series_behind_each_panel() {
    let ds = fixture();
    let chosen = ["KZ.SK", "KZ.WK", "KZ.AC", "KZ.EK"];
    let chart = charts::build_chart(
        &ds,
        ChartId::OblastSmallMultiples,
        &opts(&chosen, ChartDrug::Heroin),
    );
    assert_eq!(
        chart.panels,
        [
            "South Kazakhstan",
            "West Kazakhstan",
            "Almaty City",
            "East Kazakhstan"
        ]
    );
    // Each panel: the national heroin series in grey, then the oblast.
    for p in 0..4 {
        let national: Vec<_> = chart
            .series
            .iter()
            .filter(|s| s.panel == p && s.name.starts_with("Kazakhstan, national"))
            .collect();
        assert_eq!(national.len(), 1, "panel {p}");
        assert_eq!(national[0].color, route_explorer::style::NATIONAL_CONTEXT);
        assert_eq!(national[0].series_ids, ["kz-heroin-seizures-annual"]);
        assert_eq!(
            national[0].points.iter().filter(|p| p.y.is_some()).count(),
            5
        );
    }
    // One legend entry for the national series and one for the oblast lines.
    let legend: Vec<&str> = chart
        .legend()
        .into_iter()
        .map(|i| chart.series[i].legend_name.as_str())
        .collect();
    assert_eq!(
        legend,
        [
            "Kazakhstan, national (heroin)",
            "Heroin, the panel's oblast",
            "Heroin, the panel's oblast, as printed (evidence only)"
        ]
    );
    // Shared axes: one range (covering the largest value, national 600 kg).
    assert!(chart.y_range.1 >= 600.0);
    // No data per panel: South Kazakhstan 2005; West Kazakhstan 2003, 2005;
    // East Kazakhstan every year (only a stated change).
    let nd = |p: usize| -> Vec<f64> {
        chart
            .no_data
            .iter()
            .filter(|n| n.panel == p)
            .map(|n| n.x)
            .collect()
    };
    assert_eq!(nd(0), [2005.0]);
    assert_eq!(nd(1), [2003.0, 2005.0]);
    assert_eq!(nd(2), Vec::<f64>::new());
    assert_eq!(nd(3), [2003.0, 2004.0, 2005.0, 2006.0, 2007.0]);
    assert_eq!(
        chart.stated_changes.iter().filter(|c| c.panel == 3).count(),
        1
    );
    let text = svg(&ds, &chart);
    assert_eq!(text.matches(">no data</text>").count(), 8);
    for title in &chart.panels {
        assert!(text.contains(&format!(">{title}</text>")), "{title}");
    }
}

#[test]
fn ranking_sorts_one_year_and_gives_the_change_from_another() {
    let ds = fixture();
    let chosen = ["KZ.EK", "KZ.WK", "KZ.AC", "KZ.SK"];
    let mut o = opts(&chosen, ChartDrug::Heroin);
    o.year = Some(2007);
    o.from_year = Some(2004);
    let chart = charts::build_chart(&ds, ChartId::OblastRanking, &o);
    assert!(chart.horizontal);
    assert_eq!(
        chart.title,
        "Heroin seizures by oblast, 2007 (change since 2004)"
    );
    let rows: Vec<&str> = chart.x_ticks.iter().map(|(_, l)| l.as_str()).collect();
    assert_eq!(
        rows,
        [
            "South Kazakhstan (heroin)",
            "Almaty City (heroin)",
            "West Kazakhstan (heroin)",
            "East Kazakhstan (heroin)"
        ]
    );
    let bars: Vec<Option<f64>> = chart.series[0].points.iter().map(|p| p.y).collect();
    assert_eq!(bars, [Some(140.0), Some(95.0), Some(90.0), None]);
    let then: Vec<Option<f64>> = chart.series[1].points.iter().map(|p| p.y).collect();
    assert_eq!(then, [Some(120.0), Some(70.0), Some(40.0), None]);
    let notes: Vec<&str> = chart.annotations.iter().map(|a| a.text.as_str()).collect();
    assert_eq!(
        notes,
        [
            "+16.7 % since 2004",
            "+35.7 % since 2004",
            "+125 % since 2004",
            "no data for 2007"
        ]
    );
    assert!(
        chart.annotations[0]
            .tooltip
            .contains("(140 - 120) / 120 x 100")
    );
    // Defaults: the latest year with amounts, compared with the one before.
    let chart = charts::build_chart(
        &ds,
        ChartId::OblastRanking,
        &opts(&chosen, ChartDrug::Heroin),
    );
    assert_eq!(
        chart.title,
        "Heroin seizures by oblast, 2007 (change since 2006)"
    );
    // Indexed to 2004: South Kazakhstan 140 / 120 × 100.
    let mut o = opts(&chosen, ChartDrug::Heroin);
    o.index_base_year = Some(2004);
    let chart = charts::build_chart(&ds, ChartId::OblastRanking, &o);
    assert_eq!(chart.y_label, "Index (2004 = 100)");
    let wk = chart
        .x_ticks
        .iter()
        .position(|(_, l)| l.starts_with("West"))
        .unwrap();
    assert_eq!(chart.series[0].points[wk].y, Some(225.0));
    assert_eq!(chart.series[0].points[wk].value, Some(90.0));
    // A year nobody reported: every row says so, no bar is drawn.
    let mut o = opts(&chosen, ChartDrug::Heroin);
    o.year = Some(2099);
    let chart = charts::build_chart(&ds, ChartId::OblastRanking, &o);
    assert!(chart.series[0].points.iter().all(|p| p.y.is_none()));
    assert!(
        chart
            .annotations
            .iter()
            .all(|a| a.text.starts_with("no data for 2099"))
    );
    let text = svg(&ds, &chart);
    let doc = roxmltree::Document::parse(&text).unwrap();
    let bar_color = chart.series[0].color.hex();
    let bars = doc
        .descendants()
        .filter(|n| n.has_tag_name("rect") && n.attribute("fill") == Some(&bar_color))
        .count();
    assert_eq!(bars, 1, "only the legend swatch");
}

#[test]
fn slope_joins_two_years_and_says_which_end_is_missing() {
    let ds = fixture();
    let chosen = ["KZ.SK", "KZ.WK", "KZ.AC", "KZ.EK"];
    let chart = charts::build_chart(&ds, ChartId::OblastSlope, &opts(&chosen, ChartDrug::Heroin));
    assert_eq!(chart.title, "Heroin seizures by oblast, 2003 to 2007");
    let ticks: Vec<f64> = chart.x_ticks.iter().map(|(x, _)| *x).collect();
    assert_eq!(ticks, [2003.0, 2007.0]);
    let names: Vec<&str> = chart.series.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "South Kazakhstan (heroin): +40 %",
            "West Kazakhstan (heroin): no data for 2003",
            "Almaty City (heroin): +58.3 %",
            "East Kazakhstan (heroin): stated change only"
        ]
    );
    assert_eq!(value_at(&chart, names[1], 2003.0), None);
    assert_eq!(value_at(&chart, names[1], 2007.0), Some(90.0));
    assert_points_are_data(&ds, &chart);
    // Indexed to a year between the two: Almaty City 2005 = 80 kg.
    let mut o = opts(&chosen, ChartDrug::Heroin);
    o.index_base_year = Some(2005);
    let chart = charts::build_chart(&ds, ChartId::OblastSlope, &o);
    assert_eq!(
        value_at(&chart, "Almaty City (heroin): +58.3 %", 2003.0),
        Some(75.0)
    );
    assert_eq!(
        value_at(&chart, "Almaty City (heroin): +58.3 %", 2007.0),
        Some(118.75)
    );
    assert!(
        chart
            .subtitle
            .contains("South Kazakhstan (heroin): +40 %: no value in 2005 to index to")
    );
    // Chosen years.
    let mut o = opts(&chosen, ChartDrug::Heroin);
    o.from_year = Some(2004);
    o.year = Some(2006);
    let chart = charts::build_chart(&ds, ChartId::OblastSlope, &o);
    assert_eq!(chart.series[1].name, "West Kazakhstan (heroin): +225 %");
}

#[test]
fn the_printed_reading_of_an_oblast_value_is_shown_on_request() {
    let ds = fixture();
    let o = opts(&["KZ.AC"], ChartDrug::Heroin);
    let chart = charts::build_chart(&ds, ChartId::OblastComparison, &o);
    let printed = chart
        .series
        .iter()
        .find(|s| s.name == "Almaty City (heroin), as printed (evidence only)")
        .unwrap();
    assert!(printed.dashed);
    assert_eq!(value_at(&chart, &printed.name, 2005.0), Some(800.0));
    assert_eq!(value_at(&chart, "Almaty City (heroin)", 2005.0), Some(80.0));
    let hidden = ChartOptions {
        show_printed: false,
        ..o
    };
    let chart = charts::build_chart(&ds, ChartId::OblastComparison, &hidden);
    assert_eq!(chart.series.len(), 1);
}

#[test]
fn log_scale_value_labels_and_index_apply_to_every_view() {
    let ds = fixture();
    for id in [
        ChartId::OblastComparison,
        ChartId::OblastSmallMultiples,
        ChartId::OblastRanking,
        ChartId::OblastSlope,
    ] {
        let mut o = opts(&["KZ.SK", "KZ.AC"], ChartDrug::Heroin);
        o.log_scale = true;
        o.value_labels = true;
        let chart = charts::build_chart(&ds, id, &o);
        assert!(chart.subtitle.contains("log scale"), "{}", id.id());
        assert!(chart.y_ticks.iter().any(|(_, l)| l == "100"), "{}", id.id());
        let text = svg(&ds, &chart);
        assert!(
            text.contains(">140</text>") || text.contains(">95</text>"),
            "{}",
            id.id()
        );
        o.log_scale = false;
        o.index_base_year = Some(2004);
        let chart = charts::build_chart(&ds, id, &o);
        assert_eq!(chart.y_label, "Index (2004 = 100)", "{}", id.id());
    }
}

#[test]
fn a_note_wider_than_the_plot_is_wrapped_not_a_panic() {
    // Issue 11 item 1: at 220 px the 2011 opium note is wider than the plot.
    let ds = load_embedded().unwrap();
    let chart = charts::build_chart(&ds, ChartId::HeroinOpiumTotals, &ChartOptions::default());
    let prov = Provenance::new(&ds, "test", b"test", &chart);
    let text = render::render_svg(&chart, RenderSize::new(220, 900), &prov).unwrap();
    assert!(text.contains("January–September"));
    assert!(render::render_png(&chart, RenderSize::new(220, 900), &prov).is_ok());
}

// --- command line ---------------------------------------------------------

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_route-explorer"))
        .args(args)
        .output()
        .expect("the binary runs")
}

#[test]
fn every_comparison_view_exports_png_and_svg_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let data = fixture_path();
    let data = data.to_str().unwrap();
    let listed = String::from_utf8(run(&["charts"]).stdout).unwrap();
    for id in [
        "oblast-comparison",
        "oblast-small-multiples",
        "oblast-ranking",
        "oblast-slope",
    ] {
        assert!(
            listed.lines().any(|l| l.starts_with(&format!("{id}\t"))),
            "{id}"
        );
        for ext in ["png", "svg"] {
            let out = dir.path().join(format!("{id}.{ext}"));
            let o = run(&[
                "--data",
                data,
                "export",
                "chart",
                id,
                "-o",
                out.to_str().unwrap(),
                "--year",
                "2007",
                "--from-year",
                "2004",
                "--drug",
                "opiates",
                "--value-labels",
            ]);
            assert_eq!(
                o.status.code(),
                Some(0),
                "{id}: {}",
                String::from_utf8_lossy(&o.stderr)
            );
            let bytes = std::fs::read(&out).unwrap();
            if ext == "png" {
                assert_eq!(&bytes[1..4], b"PNG");
            } else {
                let text = String::from_utf8(bytes).unwrap();
                let doc = roxmltree::Document::parse(&text).unwrap();
                assert!(doc.descendants().any(|n| n.has_tag_name("metadata")));
                assert!(text.contains("Source: "), "{id}");
            }
        }
    }
    // The ranking for a year nobody reported draws "no data", never a bar.
    let out = dir.path().join("none.svg");
    let o = run(&[
        "--data",
        data,
        "export",
        "chart",
        "oblast-ranking",
        "-o",
        out.to_str().unwrap(),
        "--year",
        "2099",
    ]);
    assert_eq!(o.status.code(), Some(0));
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.contains("no data for 2099"));
    // An embedded font on request.
    let out = dir.path().join("font.svg");
    let o = run(&[
        "export",
        "chart",
        "oblast-slope",
        "-o",
        out.to_str().unwrap(),
        "--embed-font",
    ]);
    assert_eq!(o.status.code(), Some(0));
    assert!(
        std::fs::read_to_string(&out)
            .unwrap()
            .contains("@font-face")
    );
}

#[test]
fn the_source_line_says_through_which_source_the_figures_were_read() {
    let ds = load_embedded().unwrap();
    // CARICC's table sits among the UNODC 2012 passages of the article, but
    // it was read in the article, not in that report.
    let chart = charts::build_chart(&ds, ChartId::CustomsVsAll, &ChartOptions::default());
    assert!(
        chart
            .source_line
            .contains("(quoted in factsanddetails.com, 2016); dataset:"),
        "{}",
        chart.source_line
    );
    // Made-up data reached directly: no "quoted in".
    let chart = charts::build_chart(
        &fixture(),
        ChartId::OblastComparison,
        &opts(&["KZ.SK"], ChartDrug::Heroin),
    );
    assert!(
        !chart.source_line.contains("quoted in"),
        "{}",
        chart.source_line
    );
}
