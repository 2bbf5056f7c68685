//! Route-network analysis timings (no criterion; prints medians).
//!
//!     cargo bench --bench chokepoints
//!
//! The network is rebuilt whenever a route filter changes and the corridor
//! summary whenever the selection does, so both must stay far below a frame.

use std::hint::black_box;
use std::time::{Duration, Instant};

use route_explorer::analysis::corridor::{CorridorTarget, summary};
use route_explorer::analysis::graph::RouteNetwork;
use route_explorer::analysis::route_facts::all_route_facts;
use route_explorer::basemap::Basemap;
use route_explorer::model::Dataset;
use route_explorer::model::load::load_embedded;

fn median_of(runs: usize, mut f: impl FnMut()) -> Duration {
    f(); // warm-up
    let mut v: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    v.sort();
    v[v.len() / 2]
}

/// Every route repeated `k` times under new ids (variants point at their copy).
fn scaled(data: &Dataset, k: usize) -> Dataset {
    let mut out = data.clone();
    out.routes.clear();
    for i in 0..k {
        for r in &data.routes {
            let mut r = r.clone();
            r.id = format!("{}-{i}", r.id);
            r.variant_of = r.variant_of.map(|v| format!("{v}-{i}"));
            out.routes.push(r);
        }
    }
    out
}

fn main() {
    let (data, basemap) = match (load_embedded(), Basemap::embedded()) {
        (Ok(d), Ok(b)) => (d, b),
        _ => {
            eprintln!("embedded data or basemap failed to load");
            std::process::exit(1);
        }
    };
    for (label, d) in [
        ("embedded (12 routes)", data.clone()),
        ("100x routes (1,200)", scaled(&data, 100)),
    ] {
        let build = median_of(21, || {
            black_box(RouteNetwork::build(&d, |_| true));
        });
        let net = RouteNetwork::build(&d, |_| true);
        let facts = all_route_facts(&d, &basemap);
        let place = median_of(21, || {
            black_box(summary(
                &d,
                &net,
                &facts,
                Some(&basemap),
                &CorridorTarget::Place("karaganda".into()),
            ));
        });
        let oblast = median_of(21, || {
            black_box(summary(
                &d,
                &net,
                &facts,
                Some(&basemap),
                &CorridorTarget::Oblast("KZ.SK".into()),
            ));
        });
        println!(
            "{label}: network build {:.3} ms, corridor of a place {:.3} ms, of an oblast {:.3} ms",
            build.as_secs_f64() * 1e3,
            place.as_secs_f64() * 1e3,
            oblast.as_secs_f64() * 1e3
        );
    }
}
