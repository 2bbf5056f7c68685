//! Headless chart export timings, in process (no criterion; prints medians).
//!
//!     cargo bench --bench chart_export
//!
//! For each chart: building it from the dataset, writing the SVG, and the
//! PNG as a whole (the SVG rasterised by resvg and encoded), with the PNG
//! split into its steps. The whole-process comparison with matplotlib
//! (hyperfine) is in BENCHMARKS.md.

use std::hint::black_box;
use std::time::{Duration, Instant};

use route_explorer::charts::provenance::Provenance;
use route_explorer::charts::render::{self, RenderSize};
use route_explorer::charts::{self, ChartDrug, ChartId, ChartOptions};
use route_explorer::export::raster;
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
    let t = Instant::now();
    black_box(raster::fontdb());
    black_box(raster::text_width("warm-up", 12.0));
    println!("font database and shaper: {:.1} ms", ms(t.elapsed()));
    let runs = 15;
    let size = RenderSize::new(1600, 900);
    for id in ChartId::ALL {
        let options = ChartOptions {
            oblasts: charts::oblasts_with_figures(&ds, ChartDrug::Heroin),
            ..ChartOptions::default()
        };
        let (mut build, mut png, mut svg, mut raster_t, mut encode, mut parse) =
            (vec![], vec![], vec![], vec![], vec![], vec![]);
        for _ in 0..runs {
            let t = Instant::now();
            let chart = charts::build_chart(&ds, id, &options);
            build.push(t.elapsed());
            let prov = Provenance::new(&ds, EMBEDDED_LABEL, EMBEDDED_JSON.as_bytes(), &chart);
            let t = Instant::now();
            black_box(render::render_png(&chart, size, &prov).expect("renders"));
            png.push(t.elapsed());
            let t = Instant::now();
            let doc = render::render_svg(&chart, size, &prov).expect("renders");
            svg.push(t.elapsed());
            let t = Instant::now();
            let pixmap = raster::rasterise(&doc, 1.0).expect("rasterises");
            raster_t.push(t.elapsed());
            let t = Instant::now();
            let opt = resvg::usvg::Options {
                fontdb: raster::fontdb(),
                ..Default::default()
            };
            black_box(resvg::usvg::Tree::from_str(&doc, &opt).expect("parses"));
            parse.push(t.elapsed());
            let t = Instant::now();
            black_box(raster::encode_png(&pixmap, &prov.entries()).expect("encodes"));
            encode.push(t.elapsed());
        }
        println!(
            "{:<24} build {:>5.2} ms  svg {:>5.1} ms  png {:>5.1} ms (parse+rasterise {:>5.1} of which parse and text layout {:>5.1}, encode {:>5.1})  1600x900, median of {runs}",
            id.id(),
            ms(median(build)),
            ms(median(svg)),
            ms(median(png)),
            ms(median(raster_t)),
            ms(median(parse)),
            ms(median(encode)),
        );
    }
}
