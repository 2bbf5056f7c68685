//! Headless chart export timings, in process (no criterion; prints medians).
//!
//!     cargo bench --bench chart_export
//!
//! The whole-process comparison with matplotlib (hyperfine) is in BENCHMARKS.md.

use std::hint::black_box;
use std::time::{Duration, Instant};

use route_explorer::charts::provenance::Provenance;
use route_explorer::charts::render::{self, RenderSize};
use route_explorer::charts::{self, ChartDrug, ChartId, ChartOptions};
use route_explorer::model::load::{EMBEDDED_JSON, EMBEDDED_LABEL, load_embedded};

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn main() {
    let t = Instant::now();
    let ds = load_embedded().expect("embedded dataset");
    println!("load embedded dataset: {:.1} ms", ms(t.elapsed()));
    let runs = 15;
    for id in ChartId::ALL {
        let options = ChartOptions {
            oblasts: charts::oblasts_with_figures(&ds, ChartDrug::Heroin),
            ..ChartOptions::default()
        };
        let mut build = Vec::new();
        let mut png = Vec::new();
        let mut svg = Vec::new();
        for _ in 0..runs {
            let t = Instant::now();
            let chart = charts::build_chart(&ds, id, &options);
            build.push(t.elapsed());
            let prov = Provenance::new(&ds, EMBEDDED_LABEL, EMBEDDED_JSON.as_bytes(), &chart);
            let t = Instant::now();
            black_box(render::render_png(&chart, RenderSize::new(1600, 900), &prov).unwrap());
            png.push(t.elapsed());
            let t = Instant::now();
            black_box(render::render_svg(&chart, RenderSize::new(1600, 900), &prov).unwrap());
            svg.push(t.elapsed());
        }
        println!(
            "{:<22} build {:>6.2} ms  png 1600x900 {:>6.1} ms  svg {:>5.1} ms  (median of {runs})",
            id.id(),
            ms(median(build)),
            ms(median(png)),
            ms(median(svg)),
        );
    }
}
