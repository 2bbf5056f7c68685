//! A deterministic, clearly SYNTHETIC dataset at k times the size of the
//! curated one, for benchmarks and the one scale snapshot test (issue 12).
//!
//! At scale k: 12·k routes, 40·k places, 14·k other flows and figures for
//! 2·k regions × 50 years (k = 100: 1,200 routes, 4,000 places, 200 regions
//! × 50 years). Nothing in it is real: the title, the only source and every
//! note say SYNTHETIC, place names start with "SYN", coordinates and values
//! come from a seeded pseudo-random generator. Only the region keys (country
//! codes and the Kazakh units' HASC keys) are copied from the curated
//! dataset, so the oblast layer and the charts find their regions; no figure,
//! place or citation is. The same `k` always gives the same bytes.
//!
//! Routes converge the way analysts' data does: every route enters
//! Kazakhstan at one of a few entry points and runs north along a chain of a
//! few hubs, so the trunk legs are shared by dozens of routes at k = 10 and
//! by a hundred or more at k = 100 (what used to fan out across the map).
//!
//! Included with `#[path]` by the benches, `examples/synth_dataset.rs` (writes
//! the JSON file) and `tests/scale_synth.rs` and `tests/scale_ui.rs`.

#![allow(dead_code)]

use route_explorer::model::{
    Basis, Dataset, Drug, Figure, Flow, FlowEnd, Mode, Note, Place, PlaceRole, Qualifier, Reading,
    Region, RegionKind, Route, RouteStatus, Source, Unit, Waypoint, YearKind,
};

/// The one source every synthetic record cites.
pub const SOURCE_ID: &str = "synthetic";
/// Years with figures: 50 of them.
pub const FIRST_YEAR: i32 = 1970;
pub const YEARS: i32 = 50;

/// splitmix64: tiny, seedable, the same on every platform.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.unit()
    }
    /// Uniform in 0..n (n > 0).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }
}

fn round(v: f64, digits: i32) -> f64 {
    let f = 10f64.powi(digits);
    (v * f).round() / f
}

fn note(text: &str) -> Option<String> {
    Some(format!("SYNTHETIC: {text}"))
}

/// Region keys copied from the curated dataset (countries, the Kazakh units
/// and the loose areas): keys, names and kinds only, no figures.
fn curated_regions() -> Vec<Region> {
    match route_explorer::model::load::load_embedded() {
        Ok(d) => d
            .regions
            .into_iter()
            .map(|r| Region {
                aliases: vec![],
                ..r
            })
            .collect(),
        Err(_) => vec![Region {
            id: "KZ".into(),
            name: "Kazakhstan".into(),
            kind: RegionKind::Country,
            country: "KZ".into(),
            aliases: vec![],
        }],
    }
}

struct PlaceMaker<'a> {
    places: &'a mut Vec<Place>,
    rng: &'a mut Rng,
}

impl PlaceMaker<'_> {
    /// A place in the lon/lat box, returning its id.
    fn make(
        &mut self,
        kind: &str,
        n: usize,
        country: &str,
        role: PlaceRole,
        lon: (f64, f64),
        lat: (f64, f64),
    ) -> String {
        let id = format!("syn-{kind}-{n:04}");
        let lon = round(self.rng.range(lon.0, lon.1), 4);
        let lat = round(self.rng.range(lat.0, lat.1), 4);
        self.places.push(Place {
            id: id.clone(),
            name: format!("SYN {kind} {n}"),
            country: country.into(),
            lat,
            lon,
            roles: vec![role],
            aliases: vec![format!("synthetic {kind} {n}")],
            geonames_id: None,
            sources: vec![SOURCE_ID.into()],
            note: note("generated place, made-up coordinate"),
        });
        id
    }
}

/// The synthetic dataset at `k` times the curated size (k ≥ 1).
pub fn dataset(k: usize) -> Dataset {
    let k = k.max(1);
    let mut rng = Rng(0x5EED_0000 + k as u64);
    let place_target = 40 * k;
    let route_count = 12 * k;

    // Places: origins south of Kazakhstan, entry points along its southern
    // border, a chain of hubs running north, exits into Russia, and the rest
    // local waypoints (on one or two routes each) or places on no route.
    let origins_n = 4 + k / 2;
    let entries_n = 6 + k / 5;
    let hubs_n = 8 + k / 10;
    let exits_n = 5 + k / 10;
    let mut places = Vec::with_capacity(place_target);
    let origin_countries = ["AF", "TJ", "KG", "UZ", "TM"];
    let (mut origins, mut entries, mut hubs, mut exits, mut locals) =
        (vec![], vec![], vec![], vec![], vec![]);
    {
        let mut m = PlaceMaker {
            places: &mut places,
            rng: &mut rng,
        };
        for i in 0..origins_n {
            let c = origin_countries[i % origin_countries.len()];
            let id = m.make(
                "origin",
                i,
                c,
                PlaceRole::Origin,
                (60.0, 76.0),
                (35.0, 41.0),
            );
            origins.push((id, c));
        }
        for i in 0..entries_n {
            entries.push(m.make(
                "entry",
                i,
                "KZ",
                PlaceRole::EntryPoint,
                (56.0, 80.0),
                (41.5, 43.5),
            ));
        }
        // Hubs in bands from south to north, so a route climbs the chain.
        for i in 0..hubs_n {
            let band = 44.0 + 7.0 * i as f64 / hubs_n as f64;
            hubs.push(m.make(
                "hub",
                i,
                "KZ",
                PlaceRole::Hub,
                (58.0, 82.0),
                (band, band + 7.0 / hubs_n as f64),
            ));
        }
        for i in 0..exits_n {
            exits.push(m.make(
                "exit",
                i,
                "RU",
                PlaceRole::ExitPoint,
                (52.0, 84.0),
                (51.5, 55.5),
            ));
        }
        let used = m.places.len();
        let locals_n = (route_count * 3 / 2).min(place_target.saturating_sub(used));
        for i in 0..locals_n {
            locals.push(m.make(
                "place",
                i,
                "KZ",
                PlaceRole::Waypoint,
                (54.0, 84.0),
                (38.0, 52.0),
            ));
        }
        let mut i = 0;
        while m.places.len() < place_target {
            m.make(
                "ref",
                i,
                "KZ",
                PlaceRole::Reference,
                (48.0, 88.0),
                (36.0, 56.0),
            );
            i += 1;
        }
    }
    let by_id: std::collections::HashMap<&str, (f64, f64)> = places
        .iter()
        .map(|p| (p.id.as_str(), (p.lon, p.lat)))
        .collect();
    let coords = |id: &str| by_id.get(id).copied().unwrap_or((0.0, 0.0));

    // Routes.
    let mut routes: Vec<Route> = Vec::with_capacity(route_count);
    let modes = [
        Mode::Road,
        Mode::Road,
        Mode::Rail,
        Mode::Mixed,
        Mode::Unspecified,
    ];
    for r in 0..route_count {
        let (origin, country) = origins[rng.below(origins.len())].clone();
        let mut stops = vec![origin];
        if !locals.is_empty() {
            // One or two local places, near the route's start (the nearest
            // of a few candidates, so the line does not zigzag too wildly).
            for _ in 0..1 + rng.below(2) {
                let from = coords(stops.last().map_or("", String::as_str));
                let best = (0..4)
                    .map(|_| locals[rng.below(locals.len())].clone())
                    .min_by(|a, b| {
                        let d = |id: &str| {
                            let (x, y) = coords(id);
                            (x - from.0).powi(2) + (y - from.1).powi(2)
                        };
                        d(a).total_cmp(&d(b))
                    });
                if let Some(p) = best {
                    stops.push(p);
                }
            }
        }
        stops.push(entries[rng.below(entries.len())].clone());
        // Up the hub chain: start low, then jump 1–3 hubs north each time.
        let mut h = rng.below(hubs.len().div_ceil(3));
        loop {
            stops.push(hubs[h].clone());
            h += 1 + rng.below(3);
            if h >= hubs.len() || rng.chance(0.15) {
                break;
            }
        }
        stops.push(exits[rng.below(exits.len())].clone());
        stops.dedup();
        let mode = modes[rng.below(modes.len())];
        let waypoints = stops
            .iter()
            .map(|p| Waypoint {
                place: p.clone(),
                leg_mode: (mode == Mode::Mixed && rng.chance(0.3)).then_some(Mode::Rail),
            })
            .collect();
        // Every tenth route is another passage's version of the one before.
        let variant_of = (r % 10 == 9).then(|| routes[r - 1].id.clone());
        routes.push(Route {
            id: format!("syn-route-{r:04}"),
            name: format!("SYN route {r} ({country})"),
            origin_country: country.into(),
            destination_country: Some("RU".into()),
            mode,
            status: if rng.chance(0.3) {
                RouteStatus::Likely
            } else {
                RouteStatus::Documented
            },
            waypoints,
            variant_of,
            passage: "SYNTHETIC: generated, no passage".into(),
            sources: vec![SOURCE_ID.into()],
            note: note("generated route"),
        });
    }

    // Regions: the curated keys, then synthetic oblast-level regions so that
    // 2·k regions carry figures.
    let mut regions = curated_regions();
    let units: Vec<String> = regions
        .iter()
        .filter(|r| r.country == "KZ" && matches!(r.kind, RegionKind::Oblast | RegionKind::City))
        .map(|r| r.id.clone())
        .collect();
    let with_figures_n = 2 * k;
    let mut with_figures: Vec<String> = std::iter::once("KZ".to_owned())
        .chain(units.iter().cloned())
        .take(with_figures_n)
        .collect();
    let mut s = 0;
    while with_figures.len() < with_figures_n {
        let id = format!("KZ.Z{s:03}");
        regions.push(Region {
            id: id.clone(),
            name: format!("SYN region {s}"),
            kind: RegionKind::Oblast,
            country: "KZ".into(),
            aliases: vec![],
        });
        with_figures.push(id);
        s += 1;
    }
    let region_name = |id: &str, regions: &[Region]| {
        regions
            .iter()
            .find(|r| r.id == id)
            .map_or(id.to_owned(), |r| r.name.clone())
    };

    // Figures: one value a year for 50 years per region (a few gaps); the
    // national series the charts read for Kazakhstan.
    let mut figures = Vec::new();
    let figure = |series: &str,
                  metric: &str,
                  region: &str,
                  regions: &[Region],
                  drug: Drug,
                  year: i32,
                  value: f64,
                  unit: Unit,
                  qualifier: Qualifier| Figure {
        id: format!("syn-{series}-{region}-{year}-{}", qualifier.key()),
        series: series.into(),
        metric: metric.into(),
        region: region.into(),
        region_name: region_name(region, regions),
        drug,
        year: Some(year),
        period: None,
        year_kind: YearKind::Reference,
        months: None,
        value,
        unit,
        qualifier,
        source: SOURCE_ID.into(),
        basis: Basis::Stated,
        formula: None,
        reading: Reading::Adopted,
        note: note("generated value"),
    };
    for region in &with_figures {
        let national = region == "KZ";
        let mut level = rng.range(20.0, 2_000.0);
        let mut opium = rng.range(5.0, 500.0);
        for y in 0..YEARS {
            let year = FIRST_YEAR + y;
            level = (level * rng.range(0.7, 1.4)).clamp(1.0, 50_000.0);
            opium = (opium * rng.range(0.7, 1.4)).clamp(1.0, 20_000.0);
            if rng.chance(0.05) {
                continue; // a year the "source" skips
            }
            let kg = |v: f64| round(v, 1);
            if national {
                let ex = Qualifier::Exact;
                figures.push(figure(
                    "kz-opiate-seizures-annual",
                    "seizures",
                    region,
                    &regions,
                    Drug::Opiates,
                    year,
                    kg(level + opium),
                    Unit::Kilogram,
                    ex,
                ));
                figures.push(figure(
                    "kz-heroin-seizures-annual",
                    "seizures",
                    region,
                    &regions,
                    Drug::Heroin,
                    year,
                    kg(level),
                    Unit::Kilogram,
                    ex,
                ));
                figures.push(figure(
                    "kz-opium-seizures-annual",
                    "seizures",
                    region,
                    &regions,
                    Drug::Opium,
                    year,
                    kg(opium),
                    Unit::Kilogram,
                    ex,
                ));
                let flow_t = round(level / 1000.0 * rng.range(40.0, 200.0), 0).max(1.0);
                for (q, v) in [
                    (Qualifier::RangeLow, flow_t),
                    (Qualifier::RangeHigh, flow_t + 5.0),
                ] {
                    figures.push(figure(
                        "kz-heroin-flow-estimate",
                        "estimated_flow",
                        region,
                        &regions,
                        Drug::Heroin,
                        year,
                        v,
                        Unit::Tonne,
                        q,
                    ));
                }
            } else {
                figures.push(figure(
                    "oblast-heroin-seizures",
                    "seizures",
                    region,
                    &regions,
                    Drug::Heroin,
                    year,
                    kg(level / 20.0),
                    Unit::Kilogram,
                    Qualifier::Exact,
                ));
                if units.contains(region) {
                    figures.push(figure(
                        "oblast-opium-seizures",
                        "seizures",
                        region,
                        &regions,
                        Drug::Opium,
                        year,
                        kg(opium / 20.0),
                        Unit::Kilogram,
                        Qualifier::Exact,
                    ));
                }
            }
        }
    }

    // Other flows: schematic paths between countries and places.
    let countries = ["AF", "TJ", "KG", "UZ", "TM", "CN"];
    let mut flows = Vec::with_capacity(14 * k);
    for f in 0..14 * k {
        let from = FlowEnd::Region(countries[rng.below(countries.len())].into());
        let via = FlowEnd::Place(hubs[rng.below(hubs.len())].clone());
        let to = if rng.chance(0.5) {
            FlowEnd::Region("RU".into())
        } else {
            FlowEnd::Place(exits[rng.below(exits.len())].clone())
        };
        let places_named: Vec<String> = [&via, &to]
            .iter()
            .filter_map(|e| match e {
                FlowEnd::Place(p) => Some(p.clone()),
                FlowEnd::Region(_) => None,
            })
            .collect();
        flows.push(Flow {
            id: format!("syn-flow-{f:04}"),
            name: format!("SYN flow {f}"),
            mode: modes[rng.below(modes.len())],
            status: if rng.chance(0.5) {
                RouteStatus::Likely
            } else {
                RouteStatus::Documented
            },
            places: places_named,
            ordered: true,
            description: "SYNTHETIC: generated flow, describes nothing real.".into(),
            sources: vec![SOURCE_ID.into()],
            paths: vec![vec![from, via, to]],
            paths_note: note("generated path"),
        });
    }

    let mut notes = vec![Note {
        id: "synthetic".into(),
        text: format!(
            "SYNTHETIC: this dataset is generated for benchmarks ({k}× the curated dataset's size). \
             No route, place, value or note in it is real; do not cite it."
        ),
        sources: vec![SOURCE_ID.into()],
    }];
    for i in 1..k.min(16) {
        notes.push(Note {
            id: format!("synthetic-{i}"),
            text: format!("SYNTHETIC: generated note {i}, saying nothing."),
            sources: vec![SOURCE_ID.into()],
        });
    }

    Dataset {
        schema_version: 1,
        title: format!("SYNTHETIC benchmark dataset at {k}× the curated size (not real data)"),
        notes,
        sources: vec![Source {
            id: SOURCE_ID.into(),
            title: "SYNTHETIC benchmark data, generated (not a publication)".into(),
            publisher: "Route & Seizure Explorer benchmark generator".into(),
            date: "2026-11".into(),
            author: None,
            via: Some(
                "SYNTHETIC: written by benches/support/synth.rs; nothing in it was published."
                    .into(),
            ),
        }],
        regions,
        places,
        routes,
        flows,
        figures,
    }
}

/// The dataset as the JSON file the app and `validate` read.
pub fn json(k: usize) -> String {
    serde_json::to_string_pretty(&dataset(k)).unwrap_or_default()
}
