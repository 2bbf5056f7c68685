//! Print-quality map images, headless: no egui, no GPU, no window.
//!
//! One plain options struct ([`MapImageOptions`]) says what to draw, so the
//! command line, the window's "Export map…" and (later) saved views all drive
//! the same renderer. [`compose`] lays the figure out (projection, labels
//! placed without overlap, legend, scale bar, title, sources) and writes
//! everything but the basemap as SVG; then
//! - SVG: the basemap is written as vector paths under that overlay;
//! - PNG: the basemap is rasterised with tiny-skia (as the window's tiles are)
//!   and the overlay is drawn over it by resvg, text shaped with the screen's
//!   font, through the shared `export::raster` that charts use (which also
//!   encodes the PNG). (Chosen by measurement: BENCHMARKS.md, "Map images".)
//!
//! Both carry the saved view they were rendered from (`crate::view`).
//!
//! Colours and strokes come from `style.rs` and `BasemapStyle`, shared with
//! the window; the drawing rules from `cartography`.

mod compose;
mod composite;
mod draw;
mod labels;
mod legend;
pub mod oblast_layer;
mod svg;
pub mod text;

use std::fmt;

pub use compose::{DrawnLabel, LabelKind, MapFigure, compose};

use crate::basemap::Basemap;
use crate::charts::render::ImageFormat;
use crate::model::Dataset;

/// Smallest and largest image side, and the most pixels an image may have
/// (about 160 MB of pixels in memory while rendering).
pub const MIN_SIDE_PX: u32 = 300;
pub const MAX_SIDE_PX: u32 = 12_000;
pub const MAX_PIXELS: u64 = 40_000_000;
/// Text and line scale limits.
pub const MIN_SCALE: f32 = 0.5;
pub const MAX_SCALE: f32 = 8.0;

/// A lon/lat box in degrees.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Extent {
    pub west: f64,
    pub south: f64,
    pub east: f64,
    pub north: f64,
}

impl Extent {
    /// The box around some points; `None` without points.
    pub fn around(points: impl Iterator<Item = (f64, f64)>) -> Option<Extent> {
        let mut b: Option<Extent> = None;
        for (lon, lat) in points {
            let e = b.get_or_insert(Extent {
                west: lon,
                south: lat,
                east: lon,
                north: lat,
            });
            e.west = e.west.min(lon);
            e.east = e.east.max(lon);
            e.south = e.south.min(lat);
            e.north = e.north.max(lat);
        }
        b
    }

    /// Parse `WEST,SOUTH,EAST,NORTH` (degrees).
    pub fn parse(s: &str) -> Result<Extent, String> {
        let parts: Vec<&str> = s.split(',').map(str::trim).collect();
        let [w, so, e, n] = parts.as_slice() else {
            return Err(format!(
                "extent '{s}': expected WEST,SOUTH,EAST,NORTH in degrees, e.g. 46,40,88,56"
            ));
        };
        let num = |t: &str, what: &str| {
            t.parse::<f64>()
                .ok()
                .filter(|v| v.is_finite())
                .ok_or_else(|| format!("extent '{s}': {what} '{t}' is not a number"))
        };
        let extent = Extent {
            west: num(w, "west")?,
            south: num(so, "south")?,
            east: num(e, "east")?,
            north: num(n, "north")?,
        };
        extent.check().map(|()| extent)
    }

    /// West < east within ±180°, south < north within ±85° (the Web Mercator limit).
    pub fn check(&self) -> Result<(), String> {
        let ok = (-180.0..=180.0).contains(&self.west)
            && (-180.0..=180.0).contains(&self.east)
            && (-85.0..=85.0).contains(&self.south)
            && (-85.0..=85.0).contains(&self.north)
            && self.west < self.east
            && self.south < self.north;
        if ok {
            Ok(())
        } else {
            Err(format!(
                "extent {},{},{},{}: need west < east within ±180° and south < north within ±85°",
                self.west, self.south, self.east, self.north
            ))
        }
    }
}

/// What is selected on the map (drawn highlighted, as in the window).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MapSelection {
    Route(String),
    Place(String),
    /// A leg between two places (either order).
    Leg(String, String),
    /// A Kazakh unit (HASC).
    Oblast(String),
}

/// Everything that decides a map image. Plain data: the command line, the
/// window and saved views fill it in.
#[derive(Debug, Clone, PartialEq)]
pub struct MapImageOptions {
    /// Image size in pixels.
    pub width_px: u32,
    pub height_px: u32,
    /// Size of text, symbols and lines relative to the screen (2 = as on a
    /// 2× display). `None`: from the image size (1 per 1500 × 1000 px, at least 1).
    pub scale: Option<f32>,
    /// The lon/lat box to show (fitted whole into the map, centred). `None`:
    /// every place, with a margin, as the window's "Fit all".
    pub extent: Option<Extent>,
    /// Year of the oblast layer. `None`: the latest year its figure has.
    pub year: Option<i32>,
    /// Figure series of the oblast layer. `None`: the first one the window offers.
    pub oblast_series: Option<String>,
    pub show_routes: bool,
    pub show_places: bool,
    pub show_oblasts: bool,
    pub show_legend: bool,
    /// The sources' other trafficking channels, drawn as schematic curves.
    pub show_flows: bool,
    /// Ids of the routes to draw (the window's filter). `None`: all routes.
    pub routes: Option<Vec<String>>,
    /// Oblasts outlined as in the comparison chart (HASC codes).
    pub outlined_oblasts: Vec<String>,
    pub selection: Option<MapSelection>,
    /// Routes through the selected place, leg or oblast: drawn on a halo,
    /// the others dimmed (as in the window).
    pub highlighted_routes: Vec<String>,
    /// Title over the map. `None`: the dataset's title (without its
    /// parenthesised note).
    pub title: Option<String>,
    /// The saved view the image is rendered from (JSON), embedded in a PNG
    /// text chunk or the SVG's `<metadata>` (`route-explorer view-of`).
    pub view_json: Option<String>,
    /// Analysts' files whose values the image may show: (path, SHA-256),
    /// named in the provenance like a chart's.
    pub imported_files: Vec<(String, String)>,
}

impl Default for MapImageOptions {
    fn default() -> Self {
        MapImageOptions {
            width_px: 3000,
            height_px: 2000,
            scale: None,
            extent: None,
            year: None,
            oblast_series: None,
            show_routes: true,
            show_places: true,
            show_oblasts: true,
            show_legend: true,
            show_flows: true,
            routes: None,
            outlined_oblasts: Vec::new(),
            selection: None,
            highlighted_routes: Vec::new(),
            title: None,
            view_json: None,
            imported_files: Vec::new(),
        }
    }
}

impl MapImageOptions {
    /// The scale in force.
    pub fn effective_scale(&self) -> f32 {
        self.scale.unwrap_or_else(|| {
            let by_size = (self.width_px as f32 / 1500.0).min(self.height_px as f32 / 1000.0);
            by_size.max(1.0)
        })
    }
}

/// What the image is drawn from.
#[derive(Clone, Copy)]
pub struct MapData<'a> {
    pub dataset: &'a Dataset,
    /// Where the dataset came from (a path, or the embedded label).
    pub dataset_label: &'a str,
    /// The bytes the dataset was loaded from (hashed into the provenance).
    pub dataset_bytes: &'a [u8],
    pub basemap: &'a Basemap,
}

/// Why no image was made. Every message says what to change.
#[derive(Debug, Clone, PartialEq)]
pub enum MapImageError {
    Size(String),
    Extent(String),
    UnknownSeries {
        series: String,
        /// Why it cannot colour the oblasts.
        reason: String,
        known: Vec<String>,
    },
    YearWithoutData {
        year: i32,
        series: String,
        years: Vec<i32>,
        other_series: Vec<String>,
    },
    /// A year was asked for, but the dataset has no oblast figures at all.
    NoOblastFigures,
    Render(String),
}

impl fmt::Display for MapImageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MapImageError::Size(m) | MapImageError::Extent(m) | MapImageError::Render(m) => {
                f.write_str(m)
            }
            MapImageError::UnknownSeries {
                series,
                reason,
                known,
            } => write!(
                f,
                "oblast layer: series '{series}' cannot colour the oblasts ({reason}); choose one of: {}",
                known.join(", ")
            ),
            MapImageError::YearWithoutData {
                year,
                series,
                years,
                other_series,
            } => {
                let list: Vec<String> = years.iter().map(|y| y.to_string()).collect();
                write!(
                    f,
                    "year {year}: the oblast layer's figure '{series}' has no values for it; years with data: {}",
                    list.join(", ")
                )?;
                if !other_series.is_empty() {
                    write!(
                        f,
                        " ({} {} values for {year}: use --series)",
                        other_series.join(", "),
                        if other_series.len() == 1 {
                            "has"
                        } else {
                            "have"
                        }
                    )?;
                }
                Ok(())
            }
            MapImageError::NoOblastFigures => {
                f.write_str("the dataset has no figures per oblast, so no year can be shown")
            }
        }
    }
}

impl std::error::Error for MapImageError {}

/// Check the size and scale before any work.
pub fn check_options(options: &MapImageOptions) -> Result<(), MapImageError> {
    for (what, v) in [("width", options.width_px), ("height", options.height_px)] {
        if !(MIN_SIDE_PX..=MAX_SIDE_PX).contains(&v) {
            return Err(MapImageError::Size(format!(
                "{what} {v} px is outside {MIN_SIDE_PX}..{MAX_SIDE_PX} px"
            )));
        }
    }
    let pixels = u64::from(options.width_px) * u64::from(options.height_px);
    if pixels > MAX_PIXELS {
        return Err(MapImageError::Size(format!(
            "{}×{} px is {:.1} million pixels; the most is {} million",
            options.width_px,
            options.height_px,
            pixels as f64 / 1e6,
            MAX_PIXELS / 1_000_000
        )));
    }
    let scale = options.effective_scale();
    if !(scale.is_finite() && (MIN_SCALE..=MAX_SCALE).contains(&scale)) {
        return Err(MapImageError::Size(format!(
            "scale {scale} is outside {MIN_SCALE}..{MAX_SCALE}"
        )));
    }
    if let Some(e) = &options.extent {
        e.check().map_err(MapImageError::Extent)?;
    }
    Ok(())
}

/// The map as an SVG document: basemap as vector paths, routes and symbols
/// as paths, labels as text, provenance in `<metadata>`.
pub fn render_svg(data: &MapData<'_>, options: &MapImageOptions) -> Result<String, MapImageError> {
    let figure = compose(data, options)?;
    Ok(figure.svg_document(data.basemap))
}

/// The map as a PNG, provenance in text chunks.
pub fn render_png(data: &MapData<'_>, options: &MapImageOptions) -> Result<Vec<u8>, MapImageError> {
    let figure = compose(data, options)?;
    let pixmap = figure.rasterise(data.basemap)?;
    let mut chunks: Vec<(&str, String)> = figure
        .provenance
        .iter()
        .map(|(k, v)| (k.as_str(), v.clone()))
        .collect();
    if let Some(v) = &options.view_json {
        chunks.push((crate::view::embed::PNG_KEYWORD, v.clone()));
    }
    crate::export::raster::encode_png(&pixmap, &chunks).map_err(MapImageError::Render)
}

/// Render to the bytes of `format`.
pub fn render(
    data: &MapData<'_>,
    options: &MapImageOptions,
    format: ImageFormat,
) -> Result<Vec<u8>, MapImageError> {
    match format {
        ImageFormat::Png => render_png(data, options),
        ImageFormat::Svg => render_svg(data, options).map(String::into_bytes),
    }
}
