//! The oblast charts at 100× the data (issue 12), with the SYNTHETIC dataset
//! of `benches/support/synth.rs` (199 oblasts with heroin amounts over 50
//! years): the oblast views open on the largest ten and say so, the chooser
//! still adds any oblast, a hover still shows a value, and the exported image
//! draws the oblasts the window shows.

mod common;
#[path = "../benches/support/synth.rs"]
mod synth;

use std::process::Command;

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use route_explorer::app::{App, CentralTab, UiState};
use route_explorer::charts::{
    ChartDrug, ChartId, ChartOptions, OBLAST_OPENING_LIMIT, build_chart, fmt_num, oblast_choices,
    oblasts_with_amounts,
};
use route_explorer::model::{Dataset, Reading};

/// The `limit` oblasts with the largest heroin amount in the latest year with
/// oblast amounts, worked out here from the figures (sorted by key).
fn largest_by_hand(ds: &Dataset, limit: usize) -> (Vec<String>, i32) {
    let heroin = |f: &&route_explorer::model::Figure| {
        f.series == "oblast-heroin-seizures" && f.reading == Reading::Adopted
    };
    let latest = ds
        .figures
        .iter()
        .filter(heroin)
        .filter_map(|f| f.year)
        .max()
        .unwrap();
    let mut in_latest: Vec<(f64, String)> = ds
        .figures
        .iter()
        .filter(heroin)
        .filter(|f| f.year == Some(latest))
        .map(|f| (f.value, f.region.clone()))
        .collect();
    in_latest.sort_by(|a, b| b.0.total_cmp(&a.0));
    assert!(
        in_latest.len() > limit,
        "enough oblasts have a latest value"
    );
    let mut keys: Vec<String> = in_latest.into_iter().take(limit).map(|(_, k)| k).collect();
    keys.sort();
    (keys, latest)
}

fn charts_app(data: Dataset, chart: ChartId) -> App {
    let mut ui = UiState {
        central_tab: CentralTab::Charts,
        ..UiState::default()
    };
    ui.charts.chart = chart;
    common::isolated_app(data, "synthetic 100x", ui)
}

fn harness(app: App) -> Harness<'static, App> {
    common::harness(app, [1280.0, 800.0])
}

fn chosen(h: &Harness<'static, App>) -> Vec<String> {
    h.state().state.ui.charts.oblasts.iter().cloned().collect()
}

#[test]
fn at_100x_every_oblast_view_opens_on_the_largest_ten_and_says_so() {
    let data = synth::dataset(100);
    let with_amounts = oblasts_with_amounts(&data, ChartDrug::Heroin).len();
    assert!(with_amounts > 150, "{with_amounts} oblasts with amounts");
    let (largest, year) = largest_by_hand(&data, OBLAST_OPENING_LIMIT);
    let note = format!(
        "showing the {OBLAST_OPENING_LIMIT} of {with_amounts} oblasts with heroin amounts \
         that are largest in {year}"
    );
    for id in [
        ChartId::OblastComparison,
        ChartId::OblastSmallMultiples,
        ChartId::OblastRanking,
        ChartId::OblastSlope,
    ] {
        let mut h = harness(charts_app(data.clone(), id));
        h.run_steps(3);
        assert_eq!(chosen(&h), largest, "{id:?} opens on the largest ten");
        h.get_by_label_contains(&note);
        let names: Vec<String> = largest
            .iter()
            .map(|k| data.region(k).unwrap().name.clone())
            .collect();
        match id {
            // One line (legend entry) per oblast.
            ChartId::OblastComparison | ChartId::OblastSlope => {
                for name in &names {
                    h.get_by_label_contains(&format!("{name} (heroin)"));
                }
                let entries = h.query_all_by_label_contains("(heroin)").count();
                assert_eq!(entries, OBLAST_OPENING_LIMIT, "{id:?} legend entries");
            }
            // One panel per oblast.
            ChartId::OblastSmallMultiples => {
                let panels = h
                    .query_all_by_label_contains("Plot: Heroin seizures by oblast")
                    .count();
                assert_eq!(panels, OBLAST_OPENING_LIMIT);
                for name in &names {
                    h.get_by_label(&format!(
                        "Plot: Heroin seizures by oblast, with the national series: {name}"
                    ));
                }
            }
            _ => {}
        }
    }
}

#[test]
fn at_100x_the_oblast_chooser_lists_only_rows_in_view_and_still_adds_an_oblast() {
    let data = synth::dataset(100);
    let choices = oblast_choices(&data);
    let mut h = harness(charts_app(data.clone(), ChartId::OblastComparison));
    h.run_steps(3);
    let before = chosen(&h);
    assert_eq!(before.len(), OBLAST_OPENING_LIMIT);
    // Only the rows scrolled into view are laid out.
    let rows = choices
        .iter()
        .filter(|(_, name)| h.query_by_label(name).is_some())
        .count();
    assert!((5..60).contains(&rows), "{rows} of {} rows", choices.len());
    // The first listed oblast not shown yet: a click adds it to the chart.
    let (key, name) = choices
        .iter()
        .find(|(k, name)| !before.contains(k) && h.query_by_label(name).is_some())
        .cloned()
        .unwrap();
    h.get_by_label(&name).click();
    h.run_steps(3);
    let after = chosen(&h);
    assert_eq!(after.len(), OBLAST_OPENING_LIMIT + 1);
    assert!(after.contains(&key));
    h.get_by_label_contains(&format!("{name} (heroin)"));
    // The chart no longer claims to show the largest ten.
    let with_amounts = oblasts_with_amounts(&data, ChartDrug::Heroin).len();
    h.get_by_label_contains(&format!(
        "11 oblasts chosen of the {with_amounts} with heroin amounts"
    ));
    // "Largest 10" goes back to them.
    h.get_by_label(&format!("Largest {OBLAST_OPENING_LIMIT}"))
        .click();
    h.run_steps(3);
    assert_eq!(chosen(&h), before);
}

#[test]
fn at_100x_hovering_a_point_of_the_oblast_chart_shows_its_value() {
    let data = synth::dataset(100);
    let mut h = harness(charts_app(data, ChartId::OblastComparison));
    h.run_steps(3);
    let state = &h.state().state;
    let chart = build_chart(
        &state.dataset,
        state.ui.charts.chart,
        &state.ui.charts.options(),
    );
    // A point in the middle of the first oblast's line.
    let series = &chart.series[0];
    let point = series
        .points
        .iter()
        .filter(|p| p.y.is_some())
        .nth(25)
        .unwrap()
        .clone();
    let plot = h.get_by_label(&format!("Plot: {}", chart.title)).rect();
    let (x0, x1) = chart.x_range;
    let (y0, y1) = chart.y_range;
    let x = plot.left() + ((point.x - x0) / (x1 - x0)) as f32 * plot.width();
    let y = plot.bottom() - ((point.y.unwrap() - y0) / (y1 - y0)) as f32 * plot.height();
    h.hover_at(egui::pos2(x, y));
    // Tooltips wait half a second for the pointer to rest.
    h.run_steps(45);
    let value = format!("{} kg", fmt_num(point.value.unwrap()));
    h.get_by_label_contains(&value);
    // The tooltip names the oblast and the figure ("NAME, heroin seizures").
    let oblast = series.name.split(" (").next().unwrap();
    h.get_by_label_contains(&format!("{oblast}, heroin seizures"));
}

#[test]
fn at_100x_small_multiples_of_every_oblast_draw_twenty_panels_and_say_which() {
    let data = synth::dataset(100);
    let all = oblasts_with_amounts(&data, ChartDrug::Heroin);
    let options = ChartOptions {
        oblasts: all.clone(),
        ..ChartOptions::default()
    };
    let chart = build_chart(&data, ChartId::OblastSmallMultiples, &options);
    assert_eq!(chart.panels.len(), 20);
    assert!(
        chart.subtitle.contains(&format!(
            "panels for 20 of the {} chosen oblasts, the largest in",
            all.len()
        )),
        "{}",
        chart.subtitle
    );
    let (largest, _) = largest_by_hand(&data, 20);
    let mut shown: Vec<String> = chart
        .panels
        .iter()
        .map(|name| {
            data.regions
                .iter()
                .find(|r| &r.name == name)
                .unwrap()
                .id
                .clone()
        })
        .collect();
    shown.sort();
    assert_eq!(shown, largest);
    // The comparison draws every chosen oblast and says how many.
    let chart = build_chart(&data, ChartId::OblastComparison, &options);
    assert_eq!(chart.legend().len(), all.len());
    assert!(
        chart.subtitle.contains(&format!(
            "{0} oblasts chosen of the {0} with heroin",
            all.len()
        )),
        "{}",
        chart.subtitle
    );
}

#[test]
fn at_100x_the_exported_oblast_chart_draws_the_oblasts_the_window_shows() {
    let data = synth::dataset(100);
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("synth-100.json");
    std::fs::write(&json, synth::json(100)).unwrap();
    let svg = dir.path().join("oblasts.svg");
    let out = Command::new(env!("CARGO_BIN_EXE_route-explorer"))
        .env("HOME", dir.path())
        .env("XDG_CONFIG_HOME", dir.path().join("config"))
        .env("XDG_CACHE_HOME", dir.path().join("cache"))
        .env("XDG_DATA_HOME", dir.path().join("data"))
        .arg("--data")
        .arg(&json)
        .args(["export", "chart", "oblast-comparison", "-o"])
        .arg(&svg)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut h = harness(charts_app(data.clone(), ChartId::OblastComparison));
    h.run_steps(3);
    let window = chosen(&h);
    let view = route_explorer::view::View::read_file_or_image(&svg).unwrap();
    assert_eq!(view.chart.oblasts.as_ref(), Some(&window));
    let text = std::fs::read_to_string(&svg).unwrap();
    let with_amounts = oblasts_with_amounts(&data, ChartDrug::Heroin).len();
    assert!(text.contains(&format!(
        "showing the 10 of {with_amounts} oblasts with heroin amounts"
    )));
    for key in &window {
        let name = &data.region(key).unwrap().name;
        assert!(
            text.contains(&format!("{name} (heroin)")),
            "{name} in the image"
        );
    }
    // And only those: no other oblast has a legend entry.
    let others = oblast_choices(&data)
        .into_iter()
        .filter(|(k, _)| !window.contains(k))
        .filter(|(_, name)| text.contains(&format!("{name} (heroin)")))
        .count();
    assert_eq!(others, 0);
    // With --oblasts the image draws exactly those.
    let out = Command::new(env!("CARGO_BIN_EXE_route-explorer"))
        .env("HOME", dir.path())
        .arg("--data")
        .arg(&json)
        .args([
            "export",
            "chart",
            "oblast-comparison",
            "--oblasts",
            "KZ.Z000,KZ.Z001",
            "-o",
        ])
        .arg(&svg)
        .output()
        .unwrap();
    assert!(out.status.success());
    let view = route_explorer::view::View::read_file_or_image(&svg).unwrap();
    assert_eq!(
        view.chart.oblasts,
        Some(vec!["KZ.Z000".to_owned(), "KZ.Z001".to_owned()])
    );
}
