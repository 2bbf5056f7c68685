//! Per-route facts: geodesic length and the oblasts and countries crossed.

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

/// Facts for one route. Waypoints that are not in the dataset are skipped
/// (validation reports them; this never panics).
pub fn route_facts(data: &Dataset, basemap: &Basemap, route: &Route) -> RouteFacts {
    let points: Vec<Point<f64>> = route
        .waypoints
        .iter()
        .filter_map(|w| data.place(&w.place))
        .map(|p| Point::new(p.lon, p.lat))
        .collect();
    let mut length_m = 0.0;
    let mut oblasts: Vec<(String, String)> = Vec::new();
    let mut countries = Vec::new();
    let mut visit = |p: Point<f64>| {
        if let Some(o) = basemap.oblast_at(p.x(), p.y())
            && !oblasts.iter().any(|(k, _)| k == &o.hasc)
        {
            oblasts.push((o.hasc.clone(), o.name.clone()));
        }
        if let Some(c) = basemap.country_at(p.x(), p.y()) {
            push_once(&mut countries, &c.name);
        }
    };
    if let Some(first) = points.first() {
        visit(*first);
    }
    for leg in points.windows(2) {
        let (a, b) = (leg[0], leg[1]);
        length_m += Geodesic.distance(a, b);
        for p in Geodesic.points_along_line(a, b, SAMPLE_SPACING_M, true) {
            visit(p);
        }
    }
    RouteFacts {
        route_id: route.id.clone(),
        length_km: length_m / 1000.0,
        oblasts,
        countries,
    }
}

pub fn all_route_facts(data: &Dataset, basemap: &Basemap) -> Vec<RouteFacts> {
    data.routes
        .iter()
        .map(|r| route_facts(data, basemap, r))
        .collect()
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
}
