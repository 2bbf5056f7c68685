//! Map image export timings, in process (no criterion; prints medians).
//!
//!     cargo bench --bench map_image
//!
//! The phases of the PNG path as built (basemap rasterised by tiny-skia and
//! the overlay by resvg, on two threads, then laid on the page and encoded),
//! against the alternative it was chosen over: the whole SVG, vector basemap
//! included, rasterised by resvg. The whole-process budget (≤ 1 s at
//! 3000×2000) is measured with hyperfine; see BENCHMARKS.md.

use std::hint::black_box;
use std::sync::Arc;
use std::time::{Duration, Instant};

use route_explorer::basemap::{Basemap, render_view};
use route_explorer::map_image::{self, MapData, MapImageOptions};
use route_explorer::model::load::{EMBEDDED_JSON, EMBEDDED_LABEL, load_embedded};

fn median(mut v: Vec<Duration>) -> f64 {
    v.sort();
    v[v.len() / 2].as_secs_f64() * 1e3
}

fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> f64 {
    black_box(f());
    median(
        (0..runs)
            .map(|_| {
                let t = Instant::now();
                black_box(f());
                t.elapsed()
            })
            .collect(),
    )
}

/// Parse and draw an SVG document with resvg on a transparent pixmap.
fn resvg_draw(doc: &str, options: &resvg::usvg::Options<'_>, w: u32, h: u32) -> u32 {
    let Ok(tree) = resvg::usvg::Tree::from_str(doc, options) else {
        return 0;
    };
    let Some(mut pm) = tiny_skia::Pixmap::new(w, h) else {
        return 0;
    };
    resvg::render(&tree, tiny_skia::Transform::identity(), &mut pm.as_mut());
    pm.width()
}

fn encode(rgb: &[u8], w: u32, h: u32, filter: Option<png::Filter>) -> usize {
    let mut out = Vec::new();
    let mut enc = png::Encoder::new(&mut out, w, h);
    enc.set_color(png::ColorType::Rgb);
    enc.set_depth(png::BitDepth::Eight);
    enc.set_compression(png::Compression::Fast);
    if let Some(f) = filter {
        enc.set_filter(f);
    }
    let Ok(mut writer) = enc.write_header() else {
        return 0;
    };
    if writer.write_image_data(rgb).is_err() || writer.finish().is_err() {
        return 0;
    }
    out.len()
}

fn main() {
    let t = Instant::now();
    let (dataset, basemap) = match (load_embedded(), Basemap::embedded()) {
        (Ok(d), Ok(b)) => (d, b),
        _ => {
            eprintln!("embedded data failed to load");
            std::process::exit(1);
        }
    };
    println!(
        "load dataset + basemap: {:.1} ms",
        t.elapsed().as_secs_f64() * 1e3
    );
    let data = MapData {
        dataset: &dataset,
        dataset_label: EMBEDDED_LABEL,
        dataset_bytes: EMBEDDED_JSON.as_bytes(),
        basemap: &basemap,
    };
    let mut db = resvg::usvg::fontdb::Database::new();
    db.load_font_data(epaint_default_fonts::UBUNTU_LIGHT.to_vec());
    let usvg_options = resvg::usvg::Options {
        fontdb: Arc::new(db),
        ..Default::default()
    };
    let runs = 9;
    for (w, h) in [(1500u32, 1000u32), (3000, 2000)] {
        let options = MapImageOptions {
            width_px: w,
            height_px: h,
            ..MapImageOptions::default()
        };
        let Ok(figure) = map_image::compose(&data, &options) else {
            eprintln!("compose failed");
            std::process::exit(1);
        };
        let Ok(pixmap) = figure.rasterise(&basemap) else {
            eprintln!("rasterise failed");
            std::process::exit(1);
        };
        let rgb: Vec<u8> = pixmap
            .data()
            .chunks_exact(4)
            .flat_map(|p| [p[0], p[1], p[2]])
            .collect();
        let overlay = figure.overlay_document();
        let whole = figure.svg_document(&basemap);
        println!(
            "--- {w}x{h} (scale {}), every place (\"Fit all\"), {} labels",
            figure.scale,
            figure.labels.len()
        );
        let rows = [
            (
                "compose (layout, labels, overlay SVG)",
                time(runs, || map_image::compose(&data, &options).is_ok()),
            ),
            (
                "basemap raster (tiny-skia)",
                time(runs, || {
                    render_view(&basemap, &figure.style, &figure.view).map(|p| p.width())
                }),
            ),
            (
                "overlay parse + draw (resvg)",
                time(runs, || resvg_draw(&overlay, &usvg_options, w, h)),
            ),
            (
                "rasterise (both on 2 threads + composite)",
                time(runs, || figure.rasterise(&basemap).is_ok()),
            ),
            (
                "PNG encode, Fast + Up filter (as built)",
                time(runs, || encode(&rgb, w, h, Some(png::Filter::Up))),
            ),
            (
                "PNG encode, Fast + adaptive filter",
                time(runs, || encode(&rgb, w, h, None)),
            ),
            (
                "PNG all in (map_image::render_png)",
                time(runs, || {
                    map_image::render_png(&data, &options).map(|b| b.len())
                }),
            ),
            (
                "SVG all in (map_image::render_svg)",
                time(runs, || {
                    map_image::render_svg(&data, &options).map(|s| s.len())
                }),
            ),
            (
                "alternative: whole SVG parse + draw (resvg)",
                time(runs, || resvg_draw(&whole, &usvg_options, w, h)),
            ),
        ];
        for (name, ms) in rows {
            println!("{name:44} {ms:8.1} ms");
        }
        println!(
            "PNG sizes: {} KB (Up) / {} KB (adaptive); SVG {} KB",
            encode(&rgb, w, h, Some(png::Filter::Up)) / 1024,
            encode(&rgb, w, h, None) / 1024,
            whole.len() / 1024
        );
    }
}
