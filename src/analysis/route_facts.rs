//! Per-route facts: geodesic length and the oblasts and countries crossed.

use std::collections::HashMap;

use geo::{Distance, Geodesic, InterpolatePoint, Point};

use crate::basemap::Basemap;
use crate::model::{Dataset, Route};

/// Spacing of the points sampled along each leg to find what it crosses.
/// 5 km is finer than the narrowest unit a route crosses (Almaty City, ~30 km).
pub const SAMPLE_SPACING_M: f64 = 5_000.0;

#[derive(Debug, Clone, PartialEq)]
pub struct RouteFacts {
    pub route_id: String,
    /// Sum of geodesic (WGS84) distances between consecutive waypoints.
    pub length_km: f64,
    /// Kazakh units crossed, in travel order, each once: (HASC key, name).
    pub oblasts: Vec<(String, String)>,
    /// Countries crossed, in travel order, each once (names as in Natural Earth).
    pub countries: Vec<String>,
}

fn push_once(list: &mut Vec<String>, value: &str) {
    if !list.iter().any(|v| v == value) {
        list.push(value.to_owned());
    }
}

/// Point-in-area lookups for sampling: each unit's rings cut into
/// horizontal bands, so a crossing-number test looks only at the edges of
/// the point's band. Same answer as `Basemap::oblast_at` / `country_at`
/// (first unit in the basemap's order whose area holds the point) at a small
/// fraction of the cost: testing every edge of detailed borders for each of
/// ~400 samples per route took seconds at 1,200 routes (issue 12).
struct AreaIndex {
    /// Per unit: its bounding box and banded edges.
    units: Vec<BandedArea>,
}

struct BandedArea {
    min: (f64, f64),
    max: (f64, f64),
    band_height: f64,
    /// Edges (x0, y0, x1, y1) crossing each band.
    bands: Vec<Vec<[f64; 4]>>,
}

impl BandedArea {
    fn new(geometry: &geo::MultiPolygon<f64>, bbox: &geo::Rect<f64>) -> BandedArea {
        let (min, max) = ((bbox.min().x, bbox.min().y), (bbox.max().x, bbox.max().y));
        let edges: Vec<[f64; 4]> = geometry
            .0
            .iter()
            .flat_map(|poly| std::iter::once(poly.exterior()).chain(poly.interiors()))
            .flat_map(|ring| ring.0.windows(2).map(|w| [w[0].x, w[0].y, w[1].x, w[1].y]))
            .collect();
        let n = (edges.len() / 8).clamp(1, 512);
        let band_height = ((max.1 - min.1) / n as f64).max(1e-9);
        let mut bands = vec![Vec::new(); n];
        let band = |y: f64| (((y - min.1) / band_height).floor().max(0.0) as usize).min(n - 1);
        for e in edges {
            for b in bands
                .iter_mut()
                .take(band(e[1].max(e[3])) + 1)
                .skip(band(e[1].min(e[3])))
            {
                b.push(e);
            }
        }
        BandedArea {
            min,
            max,
            band_height,
            bands,
        }
    }

    /// Even-odd crossing test against the edges of the point's band.
    fn contains(&self, x: f64, y: f64) -> bool {
        if x < self.min.0 || x > self.max.0 || y < self.min.1 || y > self.max.1 {
            return false;
        }
        let i = (((y - self.min.1) / self.band_height).floor().max(0.0) as usize)
            .min(self.bands.len() - 1);
        let mut inside = false;
        for &[x0, y0, x1, y1] in &self.bands[i] {
            if (y0 > y) != (y1 > y) && x < x0 + (y - y0) / (y1 - y0) * (x1 - x0) {
                inside = !inside;
            }
        }
        inside
    }
}

impl AreaIndex {
    fn new<'a>(
        areas: impl Iterator<Item = (&'a geo::MultiPolygon<f64>, &'a geo::Rect<f64>)>,
    ) -> Self {
        AreaIndex {
            units: areas.map(|(g, b)| BandedArea::new(g, b)).collect(),
        }
    }

    /// Index of the first unit holding the point.
    fn find(&self, x: f64, y: f64) -> Option<usize> {
        self.units.iter().position(|u| u.contains(x, y))
    }
}

/// Indexes of the basemap's oblasts and countries, built once per batch.
struct Lookup<'a> {
    basemap: &'a Basemap,
    oblasts: AreaIndex,
    countries: AreaIndex,
}

impl<'a> Lookup<'a> {
    fn new(basemap: &'a Basemap) -> Self {
        Lookup {
            basemap,
            oblasts: AreaIndex::new(basemap.oblasts().iter().map(|o| (&o.geometry, &o.bbox))),
            countries: AreaIndex::new(basemap.countries().iter().map(|c| (&c.geometry, &c.bbox))),
        }
    }
}

/// What one leg (from one place to the next, in that direction) crosses:
/// units and countries in the order first met, each once.
#[derive(Default, Clone)]
struct LegFacts {
    length_m: f64,
    oblasts: Vec<usize>,
    countries: Vec<usize>,
}

fn push_index_once(list: &mut Vec<usize>, i: usize) {
    if !list.contains(&i) {
        list.push(i);
    }
}

fn leg_facts(lookup: &Lookup<'_>, a: Point<f64>, b: Point<f64>) -> LegFacts {
    let mut f = LegFacts {
        length_m: Geodesic.distance(a, b),
        ..LegFacts::default()
    };
    for p in Geodesic.points_along_line(a, b, SAMPLE_SPACING_M, true) {
        if let Some(i) = lookup.oblasts.find(p.x(), p.y()) {
            push_index_once(&mut f.oblasts, i);
        }
        if let Some(i) = lookup.countries.find(p.x(), p.y()) {
            push_index_once(&mut f.countries, i);
        }
    }
    f
}

/// Facts for one route. Waypoints that are not in the dataset are skipped
/// (validation reports them; this never panics).
pub fn route_facts(data: &Dataset, basemap: &Basemap, route: &Route) -> RouteFacts {
    facts_with(data, &Lookup::new(basemap), route, &mut HashMap::new())
}

/// Routes share legs (a trunk leg can carry a hundred routes), so each
/// directed leg is sampled once and its facts reused.
fn facts_with<'d>(
    data: &'d Dataset,
    lookup: &Lookup<'_>,
    route: &Route,
    legs: &mut HashMap<(&'d str, &'d str), LegFacts>,
) -> RouteFacts {
    let places: Vec<&crate::model::Place> = route
        .waypoints
        .iter()
        .filter_map(|w| data.place(&w.place))
        .collect();
    let mut length_m = 0.0;
    let mut oblast_ix: Vec<usize> = Vec::new();
    let mut country_ix: Vec<usize> = Vec::new();
    if let Some(first) = places.first() {
        if let Some(i) = lookup.oblasts.find(first.lon, first.lat) {
            push_index_once(&mut oblast_ix, i);
        }
        if let Some(i) = lookup.countries.find(first.lon, first.lat) {
            push_index_once(&mut country_ix, i);
        }
    }
    for leg in places.windows(2) {
        let (a, b) = (leg[0], leg[1]);
        let f = legs
            .entry((a.id.as_str(), b.id.as_str()))
            .or_insert_with(|| {
                leg_facts(lookup, Point::new(a.lon, a.lat), Point::new(b.lon, b.lat))
            });
        length_m += f.length_m;
        // First met along the leg, after what the route met before.
        for &i in &f.oblasts {
            push_index_once(&mut oblast_ix, i);
        }
        for &i in &f.countries {
            push_index_once(&mut country_ix, i);
        }
    }
    let (all_oblasts, all_countries) = (lookup.basemap.oblasts(), lookup.basemap.countries());
    let mut oblasts: Vec<(String, String)> = Vec::new();
    for i in oblast_ix {
        let o = &all_oblasts[i];
        // Two units can share a HASC key; keep the first, as before.
        if !oblasts.iter().any(|(k, _)| k == &o.hasc) {
            oblasts.push((o.hasc.clone(), o.name.clone()));
        }
    }
    let mut countries = Vec::new();
    for i in country_ix {
        push_once(&mut countries, &all_countries[i].name);
    }
    RouteFacts {
        route_id: route.id.clone(),
        length_km: length_m / 1000.0,
        oblasts,
        countries,
    }
}

/// Facts of every route, in the dataset's order. Large datasets are split
/// over the machine's cores (each part keeps its own leg cache): at 1,200
/// routes this runs at start-up, before the first frame.
pub fn all_route_facts(data: &Dataset, basemap: &Basemap) -> Vec<RouteFacts> {
    all_route_facts_on(data, basemap, 4)
}

/// `all_route_facts` on at most `max_threads` threads (the window's
/// background worker uses one, leaving the other cores to drawing).
pub fn all_route_facts_on(
    data: &Dataset,
    basemap: &Basemap,
    max_threads: usize,
) -> Vec<RouteFacts> {
    let lookup = Lookup::new(basemap);
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(max_threads);
    if threads < 2 || data.routes.len() < 64 {
        let mut legs = HashMap::new();
        return data
            .routes
            .iter()
            .map(|r| facts_with(data, &lookup, r, &mut legs))
            .collect();
    }
    let chunk = data.routes.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let parts: Vec<_> = data
            .routes
            .chunks(chunk)
            .map(|routes| {
                let lookup = &lookup;
                scope.spawn(move || {
                    let mut legs = HashMap::new();
                    routes
                        .iter()
                        .map(|r| facts_with(data, lookup, r, &mut legs))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        // A part that panicked (a bug, not bad input) leaves its routes
        // without facts rather than taking the window down.
        parts
            .into_iter()
            .flat_map(|p| p.join().unwrap_or_default())
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::load::load_embedded;

    fn facts(id: &str) -> RouteFacts {
        let data = load_embedded().unwrap();
        let map = Basemap::embedded().unwrap();
        let route = data.route(id).unwrap();
        route_facts(&data, &map, route)
    }

    #[test]
    fn length_is_the_sum_of_geodesic_legs() {
        let data = load_embedded().unwrap();
        let map = Basemap::embedded().unwrap();
        for route in &data.routes {
            let f = route_facts(&data, &map, route);
            // Every leg is at least its straight-line chord; a route spanning
            // Central Asia is hundreds to a few thousand km long.
            assert!(
                f.length_km > 100.0 && f.length_km < 6000.0,
                "{}: {}",
                route.id,
                f.length_km
            );
        }
    }

    #[test]
    fn kyrgyz_route_one_crosses_the_oblasts_on_its_way() {
        // Bishkek → Korday → Almaty → … → Oskemen: Zhambyl (Korday), Almaty
        // city, Almaty oblast, East Kazakhstan, in that order.
        let f = facts("kg-1");
        let names: Vec<&str> = f.oblasts.iter().map(|(_, n)| n.as_str()).collect();
        let pos = |needle: &str| {
            names
                .iter()
                .position(|n| n.contains(needle))
                .unwrap_or_else(|| panic!("{needle} not in {names:?}"))
        };
        assert!(pos("Zhambyl") < pos("Almaty City"));
        assert!(pos("Almaty City") < pos("East Kazakhstan"));
        assert_eq!(f.countries.first().map(String::as_str), Some("Kyrgyzstan"));
        assert!(f.countries.iter().any(|c| c == "Kazakhstan"));
    }

    #[test]
    fn indexed_lookup_agrees_with_the_basemap_along_every_route() {
        // The banded index must answer exactly as Basemap::oblast_at and
        // country_at do, at every sample the facts are built from.
        let data = load_embedded().unwrap();
        let map = Basemap::embedded().unwrap();
        let lookup = Lookup::new(&map);
        let mut checked = 0;
        for route in &data.routes {
            let points: Vec<Point<f64>> = route
                .waypoints
                .iter()
                .filter_map(|w| data.place(&w.place))
                .map(|p| Point::new(p.lon, p.lat))
                .collect();
            for leg in points.windows(2) {
                for p in Geodesic.points_along_line(leg[0], leg[1], SAMPLE_SPACING_M, true) {
                    let o = lookup
                        .oblasts
                        .find(p.x(), p.y())
                        .map(|i| &map.oblasts()[i].hasc);
                    assert_eq!(o, map.oblast_at(p.x(), p.y()).map(|o| &o.hasc), "{p:?}");
                    let c = lookup
                        .countries
                        .find(p.x(), p.y())
                        .map(|i| &map.countries()[i].name);
                    assert_eq!(c, map.country_at(p.x(), p.y()).map(|c| &c.name), "{p:?}");
                    checked += 1;
                }
            }
        }
        assert!(checked > 1000, "{checked}");
    }
}
