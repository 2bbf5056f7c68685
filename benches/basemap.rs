//! Basemap tile rendering timings (no criterion; prints medians).
//!
//!     cargo bench --bench basemap
//!
//! Needs in Cargo.toml:  [[bench]] name = "basemap"  harness = false

use route_explorer::basemap::mercator::tile_for_lonlat;
use route_explorer::basemap::{Basemap, render_tile};
use std::hint::black_box;
use std::time::{Duration, Instant};

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    let t = Instant::now();
    let map = match Basemap::embedded() {
        Ok(m) => m,
        Err(e) => {
            eprintln!("basemap failed to load: {e}");
            std::process::exit(1);
        }
    };
    println!(
        "load embedded basemap: {:.1} ms",
        t.elapsed().as_secs_f64() * 1e3
    );

    // (label, zoom, lon, lat): the tile containing lon/lat plus its 3x3 neighbourhood
    let cases = [
        ("z3 Central Asia", 3u8, 70.0, 45.0),
        ("z5 Kazakhstan (Astana)", 5, 71.4, 51.1),
        ("z5 Kazakhstan (Balkhash)", 5, 75.0, 46.5),
        ("z7 Almaty", 7, 76.9, 43.3),
        ("z9 Kazakhstan (Shymkent)", 9, 69.6, 42.3),
        ("z9 Kazakhstan (Almaty)", 9, 76.9, 43.25),
        ("z11 Almaty", 11, 76.92, 43.25),
        ("z12 Astana", 12, 71.45, 51.17),
        ("z5 Pacific (empty)", 5, -150.0, 0.0),
    ];
    for (label, z, lon, lat) in cases {
        let (tx, ty) = tile_for_lonlat(lon, lat, z);
        let n = 1u32 << z;
        let tiles: Vec<(u32, u32)> = (-1i64..=1)
            .flat_map(|dy| (-1i64..=1).map(move |dx| (dx, dy)))
            .map(|(dx, dy)| {
                (
                    ((tx as i64 + dx).rem_euclid(n as i64)) as u32,
                    (ty as i64 + dy).clamp(0, n as i64 - 1) as u32,
                )
            })
            .collect();
        // warm-up
        for &(x, y) in &tiles {
            black_box(render_tile(&map, z, x, y, 256));
        }
        let mut samples = Vec::new();
        let mut worst = Duration::ZERO;
        for _ in 0..7 {
            for &(x, y) in &tiles {
                let t = Instant::now();
                black_box(render_tile(&map, z, x, y, 256));
                let d = t.elapsed();
                worst = worst.max(d);
                samples.push(d);
            }
        }
        println!(
            "{label:28} median {:6.2} ms   max {:6.2} ms   ({} renders of 9 tiles, 256 px)",
            median(samples.clone()).as_secs_f64() * 1e3,
            worst.as_secs_f64() * 1e3,
            samples.len()
        );
    }
}
