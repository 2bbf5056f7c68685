//! Offline basemap: Natural Earth vectors rasterised into slippy-map tiles (no egui).
//!
//! The geometry is embedded in the binary (`assets/basemap/*.json`, built by
//! `tools/build_basemap.py`; sources and licences in `assets/basemap/LICENSES.md`).
//!
//! ```no_run
//! use route_explorer::basemap::{Basemap, BasemapStyle, render_tile_with_style};
//! let map = Basemap::embedded().expect("embedded basemap");
//! // 256x256 opaque RGBA8 (alpha is always 255, so straight == premultiplied):
//! let rgba = render_tile_with_style(&map, &BasemapStyle::default(), 5, 22, 10, 256);
//! assert_eq!(rgba.len(), 256 * 256 * 4);
//! let unit = map.oblast_at(69.6, 42.3).map(|o| o.name.as_str()); // Some("South Kazakhstan Region")
//! ```
//!
//! Everything here is plain data (`Send + Sync`); share one `Basemap` between threads with `Arc`.

pub mod mercator;
mod render;
mod style;

use geo::{BoundingRect, Contains, Coord, LineString, MultiPolygon, Point, Polygon, Rect};
use serde::Deserialize;
use std::fmt;

pub use render::{
    BasemapCanvas, MapView, TILE_SIZE, draw_view, render_tile, render_tile_with_style, render_view,
};
pub use style::{BasemapStyle, Rgba};

/// Attribution line for the embedded data.
pub const ATTRIBUTION: &str = "Natural Earth";

const COUNTRIES_JSON: &str = include_str!("../../assets/basemap/countries.json");
const LAND_JSON: &str = include_str!("../../assets/basemap/land.json");
const OBLASTS_JSON: &str = include_str!("../../assets/basemap/kz_oblasts.json");
const WATER_JSON: &str = include_str!("../../assets/basemap/water.json");
const WORLD_JSON: &str = include_str!("../../assets/basemap/world_land_110m.json");

/// Number of Kazakh admin-1 units in the embedded data (14 oblasts + Almaty + Astana cities).
pub const KZ_UNIT_COUNT: usize = 16;

/// Loading failed: which embedded file, and why.
#[derive(Debug)]
pub enum BasemapError {
    Json {
        file: &'static str,
        source: serde_json::Error,
    },
    Invalid {
        file: &'static str,
        message: String,
    },
}

impl fmt::Display for BasemapError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BasemapError::Json { file, source } => write!(f, "basemap {file}: bad JSON: {source}"),
            BasemapError::Invalid { file, message } => write!(f, "basemap {file}: {message}"),
        }
    }
}

impl std::error::Error for BasemapError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            BasemapError::Json { source, .. } => Some(source),
            BasemapError::Invalid { .. } => None,
        }
    }
}

/// A country (clipped to the detailed region). Geometry is lon/lat degrees (x = lon, y = lat).
#[derive(Debug, Clone)]
pub struct Country {
    pub name: String,
    /// ISO 3166-1 alpha-2, or "-99" for Natural Earth units without one.
    pub iso_a2: String,
    pub iso_a3: String,
    /// ISO 3166-1 numeric ("398"), empty if none.
    pub iso_n3: String,
    /// Label anchor: an interior point far from the edges (pole of inaccessibility).
    pub label: Point<f64>,
    pub geometry: MultiPolygon<f64>,
    pub bbox: Rect<f64>,
}

/// Kind of Kazakh admin-1 unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OblastKind {
    Oblast,
    /// City of republican significance (Almaty, Astana).
    City,
}

/// A Kazakh admin-1 unit with its 1997–2018 boundaries.
#[derive(Debug, Clone)]
pub struct Oblast {
    /// HASC code, e.g. "KZ.SK" (the join key).
    pub hasc: String,
    /// ISO 3166-2 code as in Natural Earth ("KZ-ALA" is shared by Almaty Region and Almaty City).
    pub iso_3166_2: String,
    /// English name of the period, e.g. "South Kazakhstan Region", "Almaty City".
    pub name: String,
    /// Natural Earth's name ("Qyzylorda", "South Kazakhstan", ...).
    pub name_ne: String,
    pub name_ru: String,
    pub kind: OblastKind,
    /// Label anchor (interior point).
    pub label: Point<f64>,
    pub geometry: MultiPolygon<f64>,
    pub bbox: Rect<f64>,
}

/// A lake (drawn as water on top of land).
#[derive(Debug, Clone)]
pub struct Lake {
    /// Name, empty when unknown.
    pub name: String,
    pub geometry: MultiPolygon<f64>,
    pub bbox: Rect<f64>,
}

/// A river centre line (lon/lat), with the basemap's drawing hints.
#[derive(Debug, Clone)]
pub struct River {
    /// Natural Earth stroke weight (0.1 ..= 1), see [`BasemapStyle::river_width`].
    pub weight: f32,
    /// The zoom from which the basemap draws it (at zoom `z` if `z + 1.5 >= min_zoom`).
    pub min_zoom: f32,
    pub line: LineString<f64>,
}

/// Bounds of the detailed region (outside it only 110m world land is drawn).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Region {
    pub lon_min: f64,
    pub lat_min: f64,
    pub lon_max: f64,
    pub lat_max: f64,
}

/// All basemap data, loaded once; pure data, `Send + Sync`.
#[derive(Debug)]
pub struct Basemap {
    countries: Vec<Country>,
    oblasts: Vec<Oblast>,
    lakes: Vec<Lake>,
    rivers: Vec<River>,
    /// Borders between Kazakh units (each drawn once).
    oblast_borders: Vec<LineString<f64>>,
    baikonur: MultiPolygon<f64>,
    region: Region,
    pub(crate) layers: render::Layers,
}

// ---------------------------------------------------------------------------------------------
// JSON shapes
// ---------------------------------------------------------------------------------------------

type RawRing = Vec<[f64; 2]>;
type RawPolygon = Vec<RawRing>;
type RawLine = Vec<[f64; 2]>;

#[derive(Deserialize)]
struct RawRegion {
    lon_min: f64,
    lat_min: f64,
    lon_max: f64,
    lat_max: f64,
}

#[derive(Deserialize)]
struct RawCountries {
    region: RawRegion,
    countries: Vec<RawCountry>,
}

#[derive(Deserialize)]
struct RawCountry {
    name: String,
    iso_a2: String,
    iso_a3: String,
    iso_n3: String,
    label: [f64; 2],
    polygons: Vec<RawPolygon>,
}

#[derive(Deserialize)]
struct RawLand {
    land: Vec<RawPolygon>,
    country_borders: Vec<RawLine>,
}

#[derive(Deserialize)]
struct RawOblasts {
    units: Vec<RawUnit>,
    internal_borders: Vec<RawLine>,
    baikonur: RawBaikonur,
}

#[derive(Deserialize)]
struct RawUnit {
    hasc: String,
    iso_3166_2: String,
    name: String,
    name_ne: String,
    name_ru: String,
    kind: String,
    label: [f64; 2],
    polygons: Vec<RawPolygon>,
}

#[derive(Deserialize)]
struct RawBaikonur {
    polygons: Vec<RawPolygon>,
}

#[derive(Deserialize)]
struct RawWater {
    lakes: Vec<RawLake>,
    rivers: Vec<RawRiver>,
}

#[derive(Deserialize)]
struct RawLake {
    name: Option<String>,
    polygons: Vec<RawPolygon>,
}

#[derive(Deserialize)]
struct RawRiver {
    weight: f64,
    min_zoom: f64,
    line: RawLine,
}

#[derive(Deserialize)]
struct RawWorld {
    land: Vec<RawPolygon>,
    #[serde(default)]
    borders: Vec<RawLine>,
}

fn parse<T: for<'de> Deserialize<'de>>(file: &'static str, text: &str) -> Result<T, BasemapError> {
    serde_json::from_str(text).map_err(|source| BasemapError::Json { file, source })
}

fn invalid(file: &'static str, message: impl Into<String>) -> BasemapError {
    BasemapError::Invalid {
        file,
        message: message.into(),
    }
}

fn check_ring(file: &'static str, what: &str, ring: &RawRing) -> Result<(), BasemapError> {
    if ring.len() < 4 {
        return Err(invalid(
            file,
            format!("{what}: ring with {} points", ring.len()),
        ));
    }
    for p in ring {
        if !(p[0].is_finite()
            && p[1].is_finite()
            && (-360.0..=360.0).contains(&p[0])
            && (-90.0..=90.0).contains(&p[1]))
        {
            return Err(invalid(file, format!("{what}: bad coordinate {p:?}")));
        }
    }
    Ok(())
}

fn to_multipolygon(
    file: &'static str,
    what: &str,
    polys: &[RawPolygon],
) -> Result<MultiPolygon<f64>, BasemapError> {
    if polys.is_empty() {
        return Err(invalid(file, format!("{what}: no polygons")));
    }
    let mut out = Vec::with_capacity(polys.len());
    for poly in polys {
        let Some((outer, holes)) = poly.split_first() else {
            return Err(invalid(file, format!("{what}: polygon without rings")));
        };
        for r in poly {
            check_ring(file, what, r)?;
        }
        let ls = |r: &RawRing| {
            LineString::from(
                r.iter()
                    .map(|p| Coord { x: p[0], y: p[1] })
                    .collect::<Vec<_>>(),
            )
        };
        out.push(Polygon::new(ls(outer), holes.iter().map(ls).collect()));
    }
    Ok(MultiPolygon(out))
}

fn bbox_of(
    file: &'static str,
    what: &str,
    mp: &MultiPolygon<f64>,
) -> Result<Rect<f64>, BasemapError> {
    mp.bounding_rect()
        .ok_or_else(|| invalid(file, format!("{what}: empty geometry")))
}

fn check_line(file: &'static str, line: &RawLine) -> Result<(), BasemapError> {
    if line.len() < 2 || line.iter().any(|p| !(p[0].is_finite() && p[1].is_finite())) {
        return Err(invalid(
            file,
            "line with < 2 points or non-finite coordinates",
        ));
    }
    Ok(())
}

fn rect_contains(r: &Rect<f64>, lon: f64, lat: f64) -> bool {
    lon >= r.min().x && lon <= r.max().x && lat >= r.min().y && lat <= r.max().y
}

impl Basemap {
    /// Load the data embedded in the binary (`assets/basemap/*.json`).
    pub fn embedded() -> Result<Basemap, BasemapError> {
        Self::from_json(
            COUNTRIES_JSON,
            LAND_JSON,
            OBLASTS_JSON,
            WATER_JSON,
            WORLD_JSON,
        )
    }

    /// Load from the JSON texts of the five asset files (same formats as the embedded ones).
    pub fn from_json(
        countries: &str,
        land: &str,
        oblasts: &str,
        water: &str,
        world_land: &str,
    ) -> Result<Basemap, BasemapError> {
        const FC: &str = "countries.json";
        const FL: &str = "land.json";
        const FO: &str = "kz_oblasts.json";
        const FW: &str = "water.json";
        const FX: &str = "world_land_110m.json";
        let rc: RawCountries = parse(FC, countries)?;
        let rl: RawLand = parse(FL, land)?;
        let ro: RawOblasts = parse(FO, oblasts)?;
        let rw: RawWater = parse(FW, water)?;
        let rx: RawWorld = parse(FX, world_land)?;

        let region = Region {
            lon_min: rc.region.lon_min,
            lat_min: rc.region.lat_min,
            lon_max: rc.region.lon_max,
            lat_max: rc.region.lat_max,
        };
        if !(region.lon_min < region.lon_max && region.lat_min < region.lat_max) {
            return Err(invalid(FC, "empty region"));
        }

        let mut countries = Vec::with_capacity(rc.countries.len());
        for c in &rc.countries {
            let geometry = to_multipolygon(FC, &c.name, &c.polygons)?;
            let bbox = bbox_of(FC, &c.name, &geometry)?;
            countries.push(Country {
                name: c.name.clone(),
                iso_a2: c.iso_a2.clone(),
                iso_a3: c.iso_a3.clone(),
                iso_n3: c.iso_n3.clone(),
                label: Point::new(c.label[0], c.label[1]),
                geometry,
                bbox,
            });
        }

        let mut oblasts = Vec::with_capacity(ro.units.len());
        for u in &ro.units {
            let geometry = to_multipolygon(FO, &u.hasc, &u.polygons)?;
            let bbox = bbox_of(FO, &u.hasc, &geometry)?;
            let kind = match u.kind.as_str() {
                "oblast" => OblastKind::Oblast,
                "city" => OblastKind::City,
                other => return Err(invalid(FO, format!("{}: unknown kind {other:?}", u.hasc))),
            };
            oblasts.push(Oblast {
                hasc: u.hasc.clone(),
                iso_3166_2: u.iso_3166_2.clone(),
                name: u.name.clone(),
                name_ne: u.name_ne.clone(),
                name_ru: u.name_ru.clone(),
                kind,
                label: Point::new(u.label[0], u.label[1]),
                geometry,
                bbox,
            });
        }
        if oblasts.len() != KZ_UNIT_COUNT {
            return Err(invalid(
                FO,
                format!("expected {KZ_UNIT_COUNT} units, found {}", oblasts.len()),
            ));
        }
        // Cities first so that oblast_at() answers the city inside its surrounding oblast
        // (Almaty City lies inside Almaty Region's outer boundary only if the data has no hole).
        oblasts.sort_by(|a, b| {
            (a.kind != OblastKind::City, &a.hasc).cmp(&(b.kind != OblastKind::City, &b.hasc))
        });
        let baikonur = to_multipolygon(FO, "baikonur", &ro.baikonur.polygons)?;

        let mut lakes = Vec::with_capacity(rw.lakes.len());
        for l in &rw.lakes {
            let name = l.name.clone().unwrap_or_default();
            let geometry = to_multipolygon(
                FW,
                if name.is_empty() { "lake" } else { &name },
                &l.polygons,
            )?;
            let bbox = bbox_of(FW, "lake", &geometry)?;
            lakes.push(Lake {
                name,
                geometry,
                bbox,
            });
        }

        for p in rl.land.iter().chain(rx.land.iter()) {
            for r in p {
                check_ring(FL, "land", r)?;
            }
        }
        for l in rl.country_borders.iter().chain(ro.internal_borders.iter()) {
            check_line(FL, l)?;
        }
        for l in &rx.borders {
            check_line(FX, l)?;
        }
        for r in &rw.rivers {
            check_line(FW, &r.line)?;
        }

        let line = |l: &RawLine| -> LineString<f64> { l.iter().map(|p| (p[0], p[1])).collect() };
        let rivers = rw
            .rivers
            .iter()
            .map(|r| River {
                weight: r.weight as f32,
                min_zoom: r.min_zoom as f32,
                line: line(&r.line),
            })
            .collect();
        let oblast_borders = ro.internal_borders.iter().map(line).collect();
        let layers = render::Layers::build(render::LayerInput {
            region,
            world_land: &rx.land,
            world_borders: &rx.borders,
            land: &rl.land,
            kazakhstan: &ro
                .units
                .iter()
                .flat_map(|u| u.polygons.iter().cloned())
                .collect::<Vec<_>>(),
            lakes: &rw
                .lakes
                .iter()
                .flat_map(|l| l.polygons.iter().cloned())
                .collect::<Vec<_>>(),
            rivers: &rw
                .rivers
                .iter()
                .map(|r| (r.line.clone(), r.weight as f32, r.min_zoom as f32))
                .collect::<Vec<_>>(),
            country_borders: &rl.country_borders,
            oblast_borders: &ro.internal_borders,
            oblast_areas: ro
                .units
                .iter()
                .map(|u| (u.hasc.clone(), u.polygons.clone()))
                .collect(),
        });

        Ok(Basemap {
            countries,
            oblasts,
            lakes,
            rivers,
            oblast_borders,
            baikonur,
            region,
            layers,
        })
    }

    /// Countries of the detailed region (geometry clipped to it), sorted by name.
    pub fn countries(&self) -> &[Country] {
        &self.countries
    }

    /// The 16 Kazakh admin-1 units (1997–2018), cities first, then by HASC code.
    pub fn oblasts(&self) -> &[Oblast] {
        &self.oblasts
    }

    /// Named and unnamed lakes of the region.
    pub fn lakes(&self) -> &[Lake] {
        &self.lakes
    }

    /// Rivers of the region, as the tiles draw them.
    pub fn rivers(&self) -> &[River] {
        &self.rivers
    }

    /// Borders between Kazakh units, each once (the tiles draw them dashed).
    pub fn oblast_borders(&self) -> &[LineString<f64>] {
        &self.oblast_borders
    }

    /// Bounds of the detailed region.
    pub fn region(&self) -> Region {
        self.region
    }

    /// The Baikonur lease area (Kazakh territory administered by Russia). It is counted as part
    /// of Kyzylorda Region by [`Basemap::oblast_at`] and of Kazakhstan by [`Basemap::country_at`].
    pub fn baikonur_lease(&self) -> &MultiPolygon<f64> {
        &self.baikonur
    }

    /// Kazakh unit by HASC code ("KZ.SK").
    pub fn oblast(&self, hasc: &str) -> Option<&Oblast> {
        self.oblasts.iter().find(|o| o.hasc == hasc)
    }

    /// Country by ISO alpha-3 ("KAZ").
    pub fn country(&self, iso_a3: &str) -> Option<&Country> {
        self.countries.iter().find(|c| c.iso_a3 == iso_a3)
    }

    /// The Kazakh unit containing lon/lat (degrees), if any.
    pub fn oblast_at(&self, lon: f64, lat: f64) -> Option<&Oblast> {
        let p = Point::new(lon, lat);
        self.oblasts
            .iter()
            .find(|o| rect_contains(&o.bbox, lon, lat) && o.geometry.contains(&p))
    }

    /// The country containing lon/lat (degrees), if any (None at sea, in the Caspian,
    /// and outside the detailed region).
    pub fn country_at(&self, lon: f64, lat: f64) -> Option<&Country> {
        let p = Point::new(lon, lat);
        self.countries
            .iter()
            .find(|c| rect_contains(&c.bbox, lon, lat) && c.geometry.contains(&p))
    }

    /// The lake containing lon/lat, if any.
    pub fn lake_at(&self, lon: f64, lat: f64) -> Option<&Lake> {
        let p = Point::new(lon, lat);
        self.lakes
            .iter()
            .find(|l| rect_contains(&l.bbox, lon, lat) && l.geometry.contains(&p))
    }
}

#[cfg(test)]
mod tests;
