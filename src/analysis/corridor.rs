//! Corridor summary: for a place, a leg or an oblast, which routes pass and
//! from where, by which modes, what the sources say the oblast seized, and
//! the nearest border points — each with the sources it rests on.

use std::collections::{BTreeMap, HashMap};

use geo::{Closest, ClosestPoint, Distance, Geodesic, InterpolatePoint, Point};

use super::graph::RouteNetwork;
use super::route_facts::{RouteFacts, SAMPLE_SPACING_M};
use crate::basemap::Basemap;
use crate::model::{Dataset, FlowEnd, Mode, PlaceRole};

/// How many border points the summary names (all of those inside an oblast, at least).
pub const NEAREST_BORDER_POINTS: usize = 3;

/// What the summary is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CorridorTarget {
    Place(String),
    /// A leg between two places (either order).
    Leg(String, String),
    /// A Kazakh unit by HASC key.
    Oblast(String),
}

/// One distinct route passing, with the records (first version, variants) that do.
#[derive(Debug, Clone, PartialEq)]
pub struct RoutePass {
    /// First-version id (the family).
    pub route: String,
    pub records: Vec<String>,
}

/// A leg at the target whose mode the source states.
#[derive(Debug, Clone, PartialEq)]
pub struct LegMode {
    pub from: String,
    pub to: String,
    pub mode: Mode,
    /// Route records that state it.
    pub records: Vec<String>,
}

/// A border point (entry, exit or rail border point) and how far it is.
#[derive(Debug, Clone, PartialEq)]
pub struct BorderPoint {
    pub place: String,
    /// Geodesic km from the target (0 for a point inside a target oblast).
    pub distance_km: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CorridorSummary {
    pub target: CorridorTarget,
    /// Distinct routes passing (among those the network was built from).
    pub routes: Vec<RoutePass>,
    /// Origin country → number of distinct routes from it, most first.
    pub origins: Vec<(String, usize)>,
    /// Route mode → number of distinct routes.
    pub route_modes: Vec<(Mode, usize)>,
    /// Legs at the target with a stated mode (e.g. a rail leg).
    pub leg_modes: Vec<LegMode>,
    /// Kazakh units (HASC) the target lies in or crosses, in order.
    pub oblasts: Vec<String>,
    /// Ids of the figures about those units: by unit, then year.
    pub figures: Vec<String>,
    /// Nearest border points, nearest first.
    pub border_points: Vec<BorderPoint>,
    /// Flows that name the target (or, for an oblast, a place in it) as a place or end.
    pub flows: Vec<String>,
    /// Every source the above rests on, each once, in order of first use.
    pub sources: Vec<String>,
}

fn is_border_point(roles: &[PlaceRole]) -> bool {
    roles.iter().any(|r| {
        matches!(
            r,
            PlaceRole::EntryPoint | PlaceRole::ExitPoint | PlaceRole::RailBorderPoint
        )
    })
}

fn push_once(list: &mut Vec<String>, value: &str) {
    if !list.iter().any(|v| v == value) {
        list.push(value.to_owned());
    }
}

/// Points along the geodesic between two places, ends included.
fn leg_samples(data: &Dataset, a: &str, b: &str) -> Vec<Point<f64>> {
    let (Some(pa), Some(pb)) = (data.place(a), data.place(b)) else {
        return Vec::new();
    };
    let (pa, pb) = (Point::new(pa.lon, pa.lat), Point::new(pb.lon, pb.lat));
    let mut points: Vec<Point<f64>> = Geodesic
        .points_along_line(pa, pb, SAMPLE_SPACING_M, true)
        .collect();
    if points.is_empty() {
        points = vec![pa, pb];
    }
    points
}

/// Summarise `target` over the routes of `network`. Without a basemap the
/// oblast parts (units, figures, distances to a unit) are left empty.
pub fn summary(
    data: &Dataset,
    network: &RouteNetwork,
    facts: &[RouteFacts],
    basemap: Option<&Basemap>,
    target: &CorridorTarget,
) -> CorridorSummary {
    // Each place's unit, looked up once (point-in-polygon is the costly part).
    let place_units: HashMap<&str, String> = match basemap {
        Some(b) => data
            .places
            .iter()
            .filter_map(|p| {
                b.oblast_at(p.lon, p.lat)
                    .map(|o| (p.id.as_str(), o.hasc.clone()))
            })
            .collect(),
        None => HashMap::new(),
    };
    let oblast_of = |place: &str| -> Option<String> { place_units.get(place).cloned() };
    let routes_by_id: HashMap<&str, &crate::model::Route> =
        data.routes.iter().map(|r| (r.id.as_str(), r)).collect();
    let route = |id: &str| routes_by_id.get(id).copied();

    // Route records passing.
    let records: Vec<String> = match target {
        CorridorTarget::Place(id) => network
            .place(id)
            .map(|p| p.records.clone())
            .unwrap_or_default(),
        CorridorTarget::Leg(a, b) => network
            .leg(a, b)
            .map(|l| l.records.clone())
            .unwrap_or_default(),
        CorridorTarget::Oblast(hasc) => facts
            .iter()
            .filter(|f| network.family_of.contains_key(&f.route_id))
            .filter(|f| f.oblasts.iter().any(|(k, _)| k == hasc))
            .map(|f| f.route_id.clone())
            .collect(),
    };
    let routes: Vec<RoutePass> = network
        .families(&records)
        .into_iter()
        .map(|(route, recs)| RoutePass {
            route: route.to_owned(),
            records: recs.into_iter().map(str::to_owned).collect(),
        })
        .collect();

    let mut origins: BTreeMap<String, usize> = BTreeMap::new();
    let mut route_modes: BTreeMap<Mode, usize> = BTreeMap::new();
    for pass in &routes {
        if let Some(r) = route(&pass.route) {
            *origins.entry(r.origin_country.clone()).or_default() += 1;
            *route_modes.entry(r.mode).or_default() += 1;
        }
    }
    let mut origins: Vec<(String, usize)> = origins.into_iter().collect();
    origins.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));

    // Oblasts the target lies in or crosses.
    let mut oblasts: Vec<String> = Vec::new();
    match target {
        CorridorTarget::Place(id) => {
            if let Some(h) = oblast_of(id) {
                oblasts.push(h);
            }
        }
        CorridorTarget::Leg(a, b) => {
            // In the direction most routes travel it.
            let (a, b) = network.leg(a, b).map_or((a.as_str(), b.as_str()), |l| {
                (l.from.as_str(), l.to.as_str())
            });
            if let Some(bm) = basemap {
                for p in leg_samples(data, a, b) {
                    if let Some(o) = bm.oblast_at(p.x(), p.y()) {
                        push_once(&mut oblasts, &o.hasc);
                    }
                }
            }
        }
        CorridorTarget::Oblast(h) => oblasts.push(h.clone()),
    }

    // Legs at the target whose mode is stated.
    let touches = |a: &str, b: &str| -> bool {
        match target {
            CorridorTarget::Place(id) => a == id || b == id,
            CorridorTarget::Leg(x, y) => (a == x && b == y) || (a == y && b == x),
            CorridorTarget::Oblast(h) => {
                oblast_of(a).as_deref() == Some(h) || oblast_of(b).as_deref() == Some(h)
            }
        }
    };
    let mut leg_modes: Vec<LegMode> = Vec::new();
    for id in &records {
        let Some(r) = route(id) else { continue };
        for leg in r.waypoints.windows(2) {
            let (a, b) = (leg[0].place.as_str(), leg[1].place.as_str());
            let Some(mode) = leg[1].leg_mode else {
                continue;
            };
            if !touches(a, b) {
                continue;
            }
            match leg_modes
                .iter_mut()
                .find(|m| m.from == a && m.to == b && m.mode == mode)
            {
                Some(m) => m.records.push(id.clone()),
                None => leg_modes.push(LegMode {
                    from: a.to_owned(),
                    to: b.to_owned(),
                    mode,
                    records: vec![id.clone()],
                }),
            }
        }
    }

    // Figures about those units.
    let mut figures: Vec<&crate::model::Figure> = data
        .figures
        .iter()
        .filter(|f| oblasts.contains(&f.region))
        .collect();
    figures.sort_by_key(|f| {
        (
            oblasts.iter().position(|o| *o == f.region),
            f.year.or(f.period.map(|p| p.to)),
            f.series.clone(),
        )
    });

    // Nearest border points.
    let excluded: Vec<&str> = match target {
        CorridorTarget::Place(id) => vec![id.as_str()],
        CorridorTarget::Leg(a, b) => vec![a.as_str(), b.as_str()],
        CorridorTarget::Oblast(_) => vec![],
    };
    let anchors: Vec<Point<f64>> = match target {
        CorridorTarget::Place(id) => data
            .place(id)
            .map(|p| vec![Point::new(p.lon, p.lat)])
            .unwrap_or_default(),
        CorridorTarget::Leg(a, b) => leg_samples(data, a, b),
        CorridorTarget::Oblast(_) => Vec::new(),
    };
    let unit = match target {
        CorridorTarget::Oblast(h) => basemap.and_then(|b| b.oblast(h)),
        _ => None,
    };
    let mut border_points: Vec<BorderPoint> = data
        .places
        .iter()
        .filter(|p| is_border_point(&p.roles) && !excluded.contains(&p.id.as_str()))
        .filter_map(|p| {
            let at = Point::new(p.lon, p.lat);
            let metres = match (target, unit) {
                (CorridorTarget::Oblast(h), Some(u)) => {
                    if oblast_of(&p.id).as_deref() == Some(h) {
                        0.0
                    } else {
                        match u.geometry.closest_point(&at) {
                            Closest::Intersection(q) | Closest::SinglePoint(q) => {
                                Geodesic.distance(at, q)
                            }
                            Closest::Indeterminate => return None,
                        }
                    }
                }
                (CorridorTarget::Oblast(_), None) => return None,
                _ => anchors
                    .iter()
                    .map(|a| Geodesic.distance(*a, at))
                    .min_by(f64::total_cmp)?,
            };
            Some(BorderPoint {
                place: p.id.clone(),
                distance_km: metres / 1000.0,
            })
        })
        .collect();
    border_points.sort_by(|a, b| {
        a.distance_km
            .total_cmp(&b.distance_km)
            .then_with(|| a.place.cmp(&b.place))
    });
    let inside = border_points
        .iter()
        .filter(|b| b.distance_km == 0.0)
        .count();
    border_points.truncate(NEAREST_BORDER_POINTS.max(inside));

    // Flows that name the target.
    let names_target = |end_place: &str| -> bool {
        match target {
            CorridorTarget::Place(id) => end_place == id,
            CorridorTarget::Leg(a, b) => end_place == a || end_place == b,
            CorridorTarget::Oblast(h) => oblast_of(end_place).as_deref() == Some(h),
        }
    };
    let flows: Vec<String> = data
        .flows
        .iter()
        .filter(|f| {
            f.places.iter().any(|p| names_target(p))
                || f.paths.iter().flatten().any(|end| match end {
                    FlowEnd::Place(p) => names_target(p),
                    FlowEnd::Region(r) => oblasts.contains(r),
                })
        })
        .map(|f| f.id.clone())
        .collect();

    let mut sources: Vec<String> = Vec::new();
    for pass in &routes {
        for id in &pass.records {
            for s in route(id).map(|r| r.sources.as_slice()).unwrap_or(&[]) {
                push_once(&mut sources, s);
            }
        }
    }
    if let CorridorTarget::Place(id) = target {
        for s in data.place(id).map(|p| p.sources.as_slice()).unwrap_or(&[]) {
            push_once(&mut sources, s);
        }
    }
    for f in &figures {
        push_once(&mut sources, &f.source);
    }
    for b in &border_points {
        for s in data
            .place(&b.place)
            .map(|p| p.sources.as_slice())
            .unwrap_or(&[])
        {
            push_once(&mut sources, s);
        }
    }
    for id in &flows {
        if let Some(f) = data.flows.iter().find(|f| f.id == *id) {
            for s in &f.sources {
                push_once(&mut sources, s);
            }
        }
    }

    CorridorSummary {
        target: target.clone(),
        routes,
        origins,
        route_modes: route_modes.into_iter().collect(),
        leg_modes,
        oblasts,
        figures: figures.iter().map(|f| f.id.clone()).collect(),
        border_points,
        flows,
        sources,
    }
}
