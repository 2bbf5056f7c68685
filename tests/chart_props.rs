//! Property test: every chart, with any options and oblast subset, renders
//! at any allowed size, as SVG and PNG, without a panic; it either succeeds
//! or says the size is too small for its text (only at small sizes).
//!
//! Large sizes are checked as SVG and rasterised scaled down (the PNG path
//! is the same SVG through resvg), so the test stays quick.

use proptest::prelude::*;
use route_explorer::charts::provenance::Provenance;
use route_explorer::charts::render::{self, MAX_SIZE, MIN_SIZE, RenderSize};
use route_explorer::charts::{self, ChartDrug, ChartId, ChartOptions};
use route_explorer::export::raster;
use route_explorer::model::Dataset;
use route_explorer::model::load::{load_embedded, load_file};

fn datasets() -> Vec<Dataset> {
    let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/good/oblast-years.json");
    vec![
        load_embedded().expect("embedded dataset"),
        load_file(&fixture).expect("the multi-year fixture is valid"),
    ]
}

#[derive(Debug, Clone)]
struct Case {
    chart: usize,
    dataset: usize,
    drug: usize,
    oblast_mask: u32,
    log: bool,
    index: Option<i32>,
    labels: bool,
    printed: bool,
    year: Option<i32>,
    from_year: Option<i32>,
    width: u32,
    height: u32,
}

fn year() -> impl Strategy<Value = Option<i32>> {
    prop_oneof![Just(None), (1995..2013i32).prop_map(Some)]
}

fn size() -> impl Strategy<Value = u32> {
    // Small sizes are where layouts break: weight them.
    prop_oneof![MIN_SIZE..400u32, 400..2000u32, 2000..=MAX_SIZE]
}

fn case() -> impl Strategy<Value = Case> {
    (
        (0..ChartId::ALL.len(), 0..2usize, 0..3usize, any::<u32>()),
        (any::<bool>(), year(), any::<bool>(), any::<bool>()),
        (year(), year(), size(), size()),
    )
        .prop_map(
            |(
                (chart, dataset, drug, oblast_mask),
                (log, index, labels, printed),
                (year, from_year, width, height),
            )| Case {
                chart,
                dataset,
                drug,
                oblast_mask,
                log,
                index,
                labels,
                printed,
                year,
                from_year,
                width,
                height,
            },
        )
}

fn options(ds: &Dataset, c: &Case) -> ChartOptions {
    let oblasts = charts::oblast_choices(ds)
        .into_iter()
        .enumerate()
        .filter(|(i, _)| c.oblast_mask & (1 << (i % 32)) != 0)
        .map(|(_, (k, _))| k)
        .collect();
    ChartOptions {
        drug: ChartDrug::ALL[c.drug],
        oblasts,
        log_scale: c.log,
        index_base_year: c.index,
        value_labels: c.labels,
        show_printed: c.printed,
        year: c.year,
        from_year: c.from_year,
        imported_series: Vec::new(),
    }
}

/// Render the case; a refusal must be the "too small" message and only
/// happen at small sizes (or mid sizes with more than four panels). `png`: also the full-size PNG (else, for large
/// images, the SVG is rasterised scaled down).
fn check(dss: &[Dataset], c: &Case, png: bool) -> Result<(), TestCaseError> {
    let ds = &dss[c.dataset];
    let id = ChartId::ALL[c.chart];
    let chart = charts::build_chart(ds, id, &options(ds, c));
    let prov = Provenance::new(ds, "test", b"test", &chart);
    let size = RenderSize::new(c.width, c.height);
    match render::render_svg(&chart, size, &prov) {
        Ok(svg) => {
            prop_assert!(
                roxmltree::Document::parse(&svg).is_ok(),
                "{}: bad XML",
                id.id()
            );
            let pixels = u64::from(c.width) * u64::from(c.height);
            if png && pixels <= 1_000_000 {
                let png = render::render_png(&chart, size, &prov);
                prop_assert!(png.is_ok(), "{}: {:?}", id.id(), png.err());
            } else if png {
                // The same SVG through the rasteriser, scaled to 800 px.
                let zoom = 800.0 / c.width.max(c.height) as f32;
                let pixmap = raster::rasterise(&svg, zoom);
                prop_assert!(pixmap.is_ok(), "{}: {:?}", id.id(), pixmap.err());
            }
        }
        Err(msg) => {
            prop_assert!(msg.contains("too small"), "{}: {msg}", id.id());
            // Small images may be refused; so may many panels in a mid-sized one.
            let small = c.width < 480 || c.height < 360;
            let crowded = chart.panel_count() > 4 && (c.width < 800 || c.height < 600);
            prop_assert!(
                small || crowded,
                "{} refused {}x{} ({} panels): {msg}",
                id.id(),
                c.width,
                c.height,
                chart.panel_count()
            );
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn any_chart_any_options_any_size_renders(c in case()) {
        thread_local!(static DATA: Vec<Dataset> = datasets());
        DATA.with(|dss| check(dss, &c, true))?;
    }
}

/// Every chart, every combination of the switches, both datasets, at the
/// smallest size, the size that used to crash (a note wider than the plot at
/// 220 px) and the extreme aspect ratios: all as SVG, the first and last
/// combination also rasterised.
#[test]
fn every_chart_and_option_renders_at_the_edges() {
    let dss = datasets();
    let mut cases = 0;
    for (dataset, ds) in dss.iter().enumerate() {
        for chart in 0..ChartId::ALL.len() {
            for bits in 0..16u32 {
                for (width, height) in [
                    (MIN_SIZE, MIN_SIZE),
                    (220, 900),
                    (MAX_SIZE, MIN_SIZE),
                    (MIN_SIZE, MAX_SIZE),
                ] {
                    let c = Case {
                        chart,
                        dataset,
                        drug: (bits % 3) as usize,
                        oblast_mask: if bits & 8 != 0 { u32::MAX } else { 0b101 },
                        log: bits & 1 != 0,
                        index: (bits & 2 != 0).then_some(2006),
                        labels: bits & 4 != 0,
                        printed: bits & 8 != 0,
                        year: None,
                        from_year: None,
                        width,
                        height,
                    };
                    let _ = ds;
                    let png = bits == 0 || bits == 15;
                    check(&dss, &c, png).unwrap_or_else(|e| panic!("{c:?}: {e}"));
                    cases += 1;
                }
            }
        }
    }
    assert_eq!(cases, 2 * ChartId::ALL.len() * 16 * 4);
}
