//! The route network as a graph: places are nodes, legs join consecutive
//! waypoints. Places and legs are ranked by how many distinct routes pass
//! them and by betweenness centrality ("where do the routes meet, and where
//! would interdiction matter most?").
//!
//! Choices, so the numbers can be read:
//! * **Distinct routes.** A route's textual variant (`variant_of`) counts once
//!   with its first version: the family is reported under the first version's
//!   id. A variant's leg whose two ends both lie, in that order, on its first
//!   version is read as a shortened description of that stretch (the second
//!   passage skipped stops), not as a leg of its own: it marks the first
//!   version's legs in between as passed by the variant too. Any other leg of
//!   a variant is a leg of the network.
//! * **Betweenness** follows travel direction (a directed graph, each arc
//!   once however many routes use it, unweighted): for every ordered pair of
//!   places (s, t) with t reachable from s, the share of shortest s→t paths
//!   through a place (or leg) is added up (Brandes 2001). Values are
//!   normalised to 0…1: places by (n−1)(n−2), legs by n(n−1), n places.
//!   A leg used in both directions sums its two arcs.
//!
//! The graph is a `petgraph` `DiGraph`; petgraph has no betweenness
//! centrality, so Brandes' algorithm is written here on top of it.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use petgraph::graph::{DiGraph, EdgeIndex, NodeIndex};
use petgraph::visit::EdgeRef;

use crate::model::{Dataset, Route};

/// A place on the network with what passes it.
#[derive(Debug, Clone, PartialEq)]
pub struct PlaceStat {
    /// Place id.
    pub place: String,
    /// Distinct routes passing: the first version's id of each family, sorted.
    pub routes: Vec<String>,
    /// Every route record passing (variants included), sorted.
    pub records: Vec<String>,
    /// Normalised betweenness centrality (0…1).
    pub betweenness: f64,
}

/// A leg between two consecutive waypoints (either direction).
#[derive(Debug, Clone, PartialEq)]
pub struct LegStat {
    /// Ends in the direction most routes travel it (ties: the first route's).
    pub from: String,
    pub to: String,
    /// Some route travels it the other way too.
    pub both_ways: bool,
    /// Distinct routes passing (first-version ids), sorted.
    pub routes: Vec<String>,
    /// Every route record passing (variants included), sorted.
    pub records: Vec<String>,
    /// Normalised betweenness centrality of the leg (0…1).
    pub betweenness: f64,
}

impl LegStat {
    /// Whether this leg joins `a` and `b` (in either order).
    pub fn joins(&self, a: &str, b: &str) -> bool {
        (self.from == a && self.to == b) || (self.from == b && self.to == a)
    }
}

/// What a ranking orders by first (the other key breaks ties, then the id).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub enum RankBy {
    #[default]
    Routes,
    Betweenness,
}

impl RankBy {
    pub fn parse(text: &str) -> Option<RankBy> {
        match text {
            "routes" => Some(RankBy::Routes),
            "betweenness" => Some(RankBy::Betweenness),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            RankBy::Routes => "routes",
            RankBy::Betweenness => "betweenness",
        }
    }
}

/// The network of the routes it was built from, with per-place and per-leg figures.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RouteNetwork {
    /// Every place on an included route, in order of first appearance.
    pub places: Vec<PlaceStat>,
    /// Every leg, in order of first appearance.
    pub legs: Vec<LegStat>,
    /// Number of distinct routes (families) included.
    pub route_count: usize,
    /// Every included route record → the id it is counted under (its first
    /// version's, or its own).
    pub family_of: BTreeMap<String, String>,
}

/// The id a record is counted under: its first version's, when that is included.
fn family_id<'a>(
    index: &HashMap<&str, &'a Route>,
    route: &'a Route,
    include: &dyn Fn(&Route) -> bool,
) -> &'a str {
    let mut current = route;
    // A chain of variants ends at the first included version; the guard stops cycles.
    for _ in 0..16 {
        match current
            .variant_of
            .as_deref()
            .and_then(|id| index.get(id).copied())
            .filter(|r| include(r))
        {
            Some(first) => current = first,
            None => break,
        }
    }
    &current.id
}

fn leg_key<'a>(a: &'a str, b: &'a str) -> (&'a str, &'a str) {
    if a <= b { (a, b) } else { (b, a) }
}

#[derive(Default)]
struct LegAcc<'a> {
    /// Families per direction: key order (lower id first) and reverse.
    forward: BTreeSet<&'a str>,
    backward: BTreeSet<&'a str>,
    /// Direction of the first traversal seen (true: lower id first).
    first_forward: bool,
    records: BTreeSet<&'a str>,
}

impl RouteNetwork {
    /// The network of every route `include` accepts.
    pub fn build(data: &Dataset, include: impl Fn(&Route) -> bool) -> RouteNetwork {
        let include: &dyn Fn(&Route) -> bool = &include;
        let routes: Vec<&Route> = data.routes.iter().filter(|r| include(r)).collect();
        let index: HashMap<&str, &Route> = data.routes.iter().map(|r| (r.id.as_str(), r)).collect();

        let mut place_order: Vec<&str> = Vec::new();
        let mut place_acc: HashMap<&str, (BTreeSet<&str>, BTreeSet<&str>)> = HashMap::new();
        let mut leg_order: Vec<(&str, &str)> = Vec::new();
        let mut leg_acc: HashMap<(&str, &str), LegAcc> = HashMap::new();
        let mut arcs: Vec<(&str, &str)> = Vec::new();
        let mut family_of: BTreeMap<String, String> = BTreeMap::new();

        for route in &routes {
            let family = family_id(&index, route, include);
            family_of.insert(route.id.clone(), family.to_owned());
            for w in &route.waypoints {
                let entry = place_acc.entry(w.place.as_str()).or_insert_with(|| {
                    place_order.push(w.place.as_str());
                    Default::default()
                });
                entry.0.insert(family);
                entry.1.insert(route.id.as_str());
            }
            // The first version, when this record is an included variant of it.
            let first: Option<&Route> = (family != route.id)
                .then(|| index.get(family).copied())
                .flatten();
            for leg in route.waypoints.windows(2) {
                let (a, b) = (leg[0].place.as_str(), leg[1].place.as_str());
                if a == b {
                    continue;
                }
                let traversals: Vec<(&str, &str)> =
                    first.and_then(|f| stretch(f, a, b)).unwrap_or(vec![(a, b)]);
                for (x, y) in traversals {
                    let key = leg_key(x, y);
                    let acc = leg_acc.entry(key).or_insert_with(|| {
                        leg_order.push(key);
                        LegAcc {
                            first_forward: x <= y,
                            ..Default::default()
                        }
                    });
                    if x <= y {
                        acc.forward.insert(family);
                    } else {
                        acc.backward.insert(family);
                    }
                    acc.records.insert(route.id.as_str());
                    // Repeated arcs collapse when the graph is built.
                    arcs.push((x, y));
                }
            }
        }

        // The directed graph: one node per place, one arc per travelled direction.
        let mut graph: DiGraph<(), ()> = DiGraph::new();
        let nodes: HashMap<&str, NodeIndex> = place_order
            .iter()
            .map(|p| (*p, graph.add_node(())))
            .collect();
        let mut arc_index: HashMap<(&str, &str), EdgeIndex> = HashMap::new();
        for (a, b) in arcs {
            if let (Some(&na), Some(&nb)) = (nodes.get(a), nodes.get(b)) {
                arc_index
                    .entry((a, b))
                    .or_insert_with(|| graph.add_edge(na, nb, ()));
            }
        }
        let (node_bc, edge_bc) = brandes(&graph);
        let n = graph.node_count() as f64;
        let node_norm = if n > 2.0 { (n - 1.0) * (n - 2.0) } else { 1.0 };
        let edge_norm = if n > 1.0 { n * (n - 1.0) } else { 1.0 };

        let places = place_order
            .iter()
            .map(|p| {
                let (fams, recs) = &place_acc[p];
                PlaceStat {
                    place: (*p).to_owned(),
                    routes: fams.iter().map(|s| (*s).to_owned()).collect(),
                    records: recs.iter().map(|s| (*s).to_owned()).collect(),
                    betweenness: node_bc[nodes[p].index()] / node_norm,
                }
            })
            .collect();
        let legs = leg_order
            .iter()
            .map(|key| {
                let acc = &leg_acc[key];
                let arc_bc =
                    |a: &str, b: &str| arc_index.get(&(a, b)).map_or(0.0, |e| edge_bc[e.index()]);
                let betweenness = (arc_bc(key.0, key.1) + arc_bc(key.1, key.0)) / edge_norm;
                let forward = match acc.forward.len().cmp(&acc.backward.len()) {
                    std::cmp::Ordering::Greater => true,
                    std::cmp::Ordering::Less => false,
                    std::cmp::Ordering::Equal => acc.first_forward,
                };
                let (from, to) = if forward { *key } else { (key.1, key.0) };
                let routes: BTreeSet<&str> = acc.forward.union(&acc.backward).copied().collect();
                LegStat {
                    from: from.to_owned(),
                    to: to.to_owned(),
                    both_ways: !acc.forward.is_empty() && !acc.backward.is_empty(),
                    routes: routes.iter().map(|s| (*s).to_owned()).collect(),
                    records: acc.records.iter().map(|s| (*s).to_owned()).collect(),
                    betweenness,
                }
            })
            .collect();
        let route_count = family_of.values().collect::<BTreeSet<_>>().len();
        RouteNetwork {
            places,
            legs,
            route_count,
            family_of,
        }
    }

    pub fn place(&self, id: &str) -> Option<&PlaceStat> {
        self.places.iter().find(|p| p.place == id)
    }

    /// The leg joining `a` and `b`, in either order.
    pub fn leg(&self, a: &str, b: &str) -> Option<&LegStat> {
        self.legs.iter().find(|l| l.joins(a, b))
    }

    /// Places best first, each with its rank (equal figures share a rank).
    pub fn ranked_places(&self, by: RankBy) -> Vec<(usize, &PlaceStat)> {
        let mut items: Vec<&PlaceStat> = self.places.iter().collect();
        items.sort_by(|a, b| {
            compare(
                by,
                (a.routes.len(), a.betweenness),
                (b.routes.len(), b.betweenness),
            )
            .then_with(|| a.place.cmp(&b.place))
        });
        with_ranks(items, |p| key(by, p.routes.len(), p.betweenness))
    }

    /// Legs best first, each with its rank (equal figures share a rank).
    pub fn ranked_legs(&self, by: RankBy) -> Vec<(usize, &LegStat)> {
        let mut items: Vec<&LegStat> = self.legs.iter().collect();
        items.sort_by(|a, b| {
            compare(
                by,
                (a.routes.len(), a.betweenness),
                (b.routes.len(), b.betweenness),
            )
            .then_with(|| (&a.from, &a.to).cmp(&(&b.from, &b.to)))
        });
        with_ranks(items, |l| key(by, l.routes.len(), l.betweenness))
    }
}

/// The consecutive legs of `route` from `a` to `b`, when both lie on it with
/// `a` first (a shortened description of that stretch).
fn stretch<'r>(route: &'r Route, a: &str, b: &str) -> Option<Vec<(&'r str, &'r str)>> {
    let i = route.waypoints.iter().position(|w| w.place == a)?;
    let j = route.waypoints.iter().position(|w| w.place == b)?;
    (i < j).then(|| {
        route.waypoints[i..=j]
            .windows(2)
            .map(|w| (w[0].place.as_str(), w[1].place.as_str()))
            .collect()
    })
}

/// Betweenness compared at nine decimals, so equal values computed in a
/// different order still tie.
fn key(by: RankBy, routes: usize, betweenness: f64) -> (i64, i64) {
    let b = (betweenness * 1e9).round() as i64;
    match by {
        RankBy::Routes => (routes as i64, b),
        RankBy::Betweenness => (b, routes as i64),
    }
}

fn compare(by: RankBy, a: (usize, f64), b: (usize, f64)) -> std::cmp::Ordering {
    key(by, b.0, b.1).cmp(&key(by, a.0, a.1))
}

/// Competition ranks ("1, 2, 2, 4") over items sorted best first.
fn with_ranks<T>(items: Vec<&T>, key: impl Fn(&T) -> (i64, i64)) -> Vec<(usize, &T)> {
    let mut out: Vec<(usize, &T)> = Vec::with_capacity(items.len());
    for (i, item) in items.into_iter().enumerate() {
        let rank = match out.last() {
            Some((r, prev)) if key(prev) == key(item) => *r,
            _ => i + 1,
        };
        out.push((rank, item));
    }
    out
}

/// Brandes' algorithm on an unweighted directed graph: raw (unnormalised)
/// betweenness of every node and every edge, indexed like the graph.
pub fn brandes(graph: &DiGraph<(), ()>) -> (Vec<f64>, Vec<f64>) {
    let n = graph.node_count();
    let mut node_bc = vec![0.0; n];
    let mut edge_bc = vec![0.0; graph.edge_count()];
    let mut order: Vec<NodeIndex> = Vec::with_capacity(n);
    let mut preds: Vec<Vec<(NodeIndex, EdgeIndex)>> = vec![Vec::new(); n];
    let mut sigma = vec![0.0f64; n];
    let mut dist = vec![-1i64; n];
    let mut delta = vec![0.0f64; n];
    let mut queue = std::collections::VecDeque::new();
    for s in graph.node_indices() {
        order.clear();
        for i in 0..n {
            preds[i].clear();
            sigma[i] = 0.0;
            dist[i] = -1;
            delta[i] = 0.0;
        }
        sigma[s.index()] = 1.0;
        dist[s.index()] = 0;
        queue.push_back(s);
        while let Some(v) = queue.pop_front() {
            order.push(v);
            for e in graph.edges(v) {
                let w = e.target();
                if dist[w.index()] < 0 {
                    dist[w.index()] = dist[v.index()] + 1;
                    queue.push_back(w);
                }
                if dist[w.index()] == dist[v.index()] + 1 {
                    sigma[w.index()] += sigma[v.index()];
                    preds[w.index()].push((v, e.id()));
                }
            }
        }
        while let Some(w) = order.pop() {
            for &(v, e) in &preds[w.index()] {
                let share = sigma[v.index()] / sigma[w.index()] * (1.0 + delta[w.index()]);
                edge_bc[e.index()] += share;
                delta[v.index()] += share;
            }
            if w != s {
                node_bc[w.index()] += delta[w.index()];
            }
        }
    }
    (node_bc, edge_bc)
}

/// A route's short name for lists: the part before the colon
/// ("Kyrgyz route 2"), or the whole name.
pub fn short_route_name(route: &Route) -> &str {
    route
        .name
        .split_once(':')
        .map_or(route.name.as_str(), |(head, _)| head.trim())
}

impl RouteNetwork {
    /// Route families of a list of record ids: first-version id → its records,
    /// ordered by id. Records outside the network count as their own family.
    pub fn families<'a>(&'a self, records: &'a [String]) -> BTreeMap<&'a str, Vec<&'a str>> {
        let mut out: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for id in records {
            let family = self.family_of.get(id).map_or(id.as_str(), String::as_str);
            out.entry(family).or_default().push(id.as_str());
        }
        out
    }
}

/// Header of `route-explorer chokepoints`.
pub const PLACES_CSV_HEADER: &str = "rank,place,routes,route_ids,betweenness";
/// Header of `route-explorer chokepoints --legs`.
pub const LEGS_CSV_HEADER: &str = "rank,from,to,routes,route_ids,betweenness";

impl RouteNetwork {
    /// The place ranking as CSV: place ids, distinct-route counts, the
    /// first-version ids joined by `;`, betweenness to six decimals.
    pub fn places_csv(&self, by: RankBy) -> String {
        use crate::export::csv::field;
        let mut out = format!("{PLACES_CSV_HEADER}\n");
        for (rank, p) in self.ranked_places(by) {
            out.push_str(&format!(
                "{rank},{},{},{},{:.6}\n",
                field(&p.place),
                p.routes.len(),
                field(&p.routes.join(";")),
                p.betweenness
            ));
        }
        out
    }

    /// The leg ranking as CSV, `from` and `to` in the main travel direction.
    pub fn legs_csv(&self, by: RankBy) -> String {
        use crate::export::csv::field;
        let mut out = format!("{LEGS_CSV_HEADER}\n");
        for (rank, l) in self.ranked_legs(by) {
            out.push_str(&format!(
                "{rank},{},{},{},{},{:.6}\n",
                field(&l.from),
                field(&l.to),
                l.routes.len(),
                field(&l.routes.join(";")),
                l.betweenness
            ));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A dataset with the given routes: (id, variant_of, waypoints).
    fn fixture(routes: &[(&str, Option<&str>, &[&str])]) -> Dataset {
        let mut places: Vec<&str> = Vec::new();
        for (_, _, w) in routes {
            for p in *w {
                if !places.contains(p) {
                    places.push(p);
                }
            }
        }
        let places: Vec<serde_json::Value> = places
            .iter()
            .enumerate()
            .map(|(i, p)| {
                serde_json::json!({
                    "id": p, "name": p.to_uppercase(), "country": "KZ",
                    "lat": 45.0, "lon": 60.0 + i as f64, "roles": ["waypoint"], "sources": ["s"]
                })
            })
            .collect();
        let routes: Vec<serde_json::Value> = routes
            .iter()
            .map(|(id, variant_of, w)| {
                serde_json::json!({
                    "id": id, "name": format!("Route {id}: test"), "origin_country": "KG",
                    "mode": "unspecified", "status": "documented", "variant_of": variant_of,
                    "waypoints": w.iter().map(|p| serde_json::json!({"place": p})).collect::<Vec<_>>(),
                    "passage": "test", "sources": ["s"]
                })
            })
            .collect();
        serde_json::from_value(serde_json::json!({
            "schema_version": 1, "title": "fixture",
            "sources": [{"id": "s", "title": "t", "publisher": "p", "date": "2008"}],
            "regions": [], "places": places, "routes": routes, "figures": []
        }))
        .expect("fixture parses")
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-12
    }

    /// r1: A→B→C→D; r1b, r1's other version, A→C→D (skips B);
    /// r2: E→B→C→F; r3: F→C (C–F travelled both ways).
    fn small() -> Dataset {
        fixture(&[
            ("r1", None, &["a", "b", "c", "d"]),
            ("r1b", Some("r1"), &["a", "c", "d"]),
            ("r2", None, &["e", "b", "c", "f"]),
            ("r3", None, &["f", "c"]),
        ])
    }

    #[test]
    fn distinct_routes_count_a_variant_once_with_its_first() {
        let net = RouteNetwork::build(&small(), |_| true);
        assert_eq!(net.route_count, 3);
        let routes = |id: &str| net.place(id).unwrap().routes.clone();
        assert_eq!(routes("a"), ["r1"]);
        assert_eq!(routes("b"), ["r1", "r2"]);
        assert_eq!(routes("c"), ["r1", "r2", "r3"]);
        assert_eq!(routes("f"), ["r2", "r3"]);
        // The variant is listed as a record passing C, counted under r1.
        assert_eq!(net.place("c").unwrap().records, ["r1", "r1b", "r2", "r3"]);
        // Its A→C is a shortened description of A→B→C: no leg of its own,
        // but it marks A–B and B–C as passed by r1b.
        assert!(net.leg("a", "c").is_none());
        assert_eq!(net.leg("a", "b").unwrap().records, ["r1", "r1b"]);
        assert_eq!(net.leg("b", "c").unwrap().routes, ["r1", "r2"]);
        let cf = net.leg("c", "f").unwrap();
        assert!(cf.both_ways);
        assert_eq!(cf.routes, ["r2", "r3"]);
        assert_eq!(net.legs.len(), 5);
    }

    #[test]
    fn betweenness_matches_a_hand_computation() {
        // Arcs: A→B, B→C, C→D, E→B, C→F, F→C; 6 places. Every shortest
        // path is unique. Ordered pairs with a path and their interiors:
        //   A→C (B), A→D (B,C), A→F (B,C), B→D (C), B→F (C),
        //   E→C (B), E→D (B,C), E→F (B,C), F→D (C); the rest are direct.
        // B lies inside 6 paths, C inside 7: normalised by (n−1)(n−2) = 20.
        let net = RouteNetwork::build(&small(), |_| true);
        let b = |id: &str| net.place(id).unwrap().betweenness;
        assert!(close(b("b"), 6.0 / 20.0), "{}", b("b"));
        assert!(close(b("c"), 7.0 / 20.0), "{}", b("c"));
        for end in ["a", "d", "e", "f"] {
            assert!(close(b(end), 0.0), "{end}: {}", b(end));
        }
        // Legs, normalised by n(n−1) = 30. B→C carries A→C, A→D, A→F, B→C,
        // B→D, B→F, E→C, E→D, E→F (9); C→D carries A→D, B→D, C→D, E→D, F→D
        // (5); A→B and E→B 4 each; C–F: C→F 4 (A,B,C,E to F) + F→C 2 (F→C, F→D).
        let l = |x: &str, y: &str| net.leg(x, y).unwrap().betweenness;
        assert!(close(l("b", "c"), 9.0 / 30.0));
        assert!(close(l("c", "d"), 5.0 / 30.0));
        assert!(close(l("a", "b"), 4.0 / 30.0));
        assert!(close(l("e", "b"), 4.0 / 30.0));
        assert!(close(l("c", "f"), 6.0 / 30.0));
    }

    #[test]
    fn rankings_order_by_routes_or_betweenness_and_share_ranks_on_ties() {
        let net = RouteNetwork::build(&small(), |_| true);
        let by_routes: Vec<(usize, &str)> = net
            .ranked_places(RankBy::Routes)
            .iter()
            .map(|(r, p)| (*r, p.place.as_str()))
            .collect();
        // C (3 routes), B (2, 0.30) over F (2, 0), then A, D, E (1, 0) tied.
        assert_eq!(
            by_routes,
            [(1, "c"), (2, "b"), (3, "f"), (4, "a"), (4, "d"), (4, "e")]
        );
        let by_betweenness: Vec<&str> = net
            .ranked_legs(RankBy::Betweenness)
            .iter()
            .map(|(_, l)| l.from.as_str())
            .collect();
        // B→C 9/30, C–F 6/30, C→D 5/30, then A→B and E→B (4/30).
        assert_eq!(by_betweenness, ["b", "c", "c", "a", "e"]);
        // Both C–F directions have one route each: the first seen (C→F) names it.
        let cf = net.leg("c", "f").unwrap();
        assert_eq!((cf.from.as_str(), cf.to.as_str()), ("c", "f"));
    }

    #[test]
    fn parallel_shortest_paths_share_their_pair() {
        // P→Q→S and P→R→S: two shortest P→S paths, so Q and R get ½ each,
        // normalised by (4−1)(4−2) = 6.
        let data = fixture(&[
            ("r1", None, &["p", "q", "s"]),
            ("r2", None, &["p", "r", "s"]),
        ]);
        let net = RouteNetwork::build(&data, |_| true);
        assert!(close(net.place("q").unwrap().betweenness, 0.5 / 6.0));
        assert!(close(net.place("r").unwrap().betweenness, 0.5 / 6.0));
        // P→Q carries P→Q and half of P→S: 1.5 / (4·3).
        assert!(close(net.leg("p", "q").unwrap().betweenness, 1.5 / 12.0));
    }

    #[test]
    fn a_filtered_out_first_version_leaves_its_variant_standing_alone() {
        let net = RouteNetwork::build(&small(), |r| r.id != "r1");
        // r1b now counts as itself, and its A→C is a leg of the network.
        assert_eq!(net.place("a").unwrap().routes, ["r1b"]);
        assert!(net.leg("a", "c").is_some());
        assert!(net.place("b").unwrap().records == ["r2"]);
    }

    #[test]
    fn csv_has_the_documented_header_and_one_row_per_place_or_leg() {
        let net = RouteNetwork::build(&small(), |_| true);
        let places = net.places_csv(RankBy::Routes);
        let lines: Vec<&str> = places.lines().collect();
        assert_eq!(lines[0], "rank,place,routes,route_ids,betweenness");
        assert_eq!(lines[1], "1,c,3,r1;r2;r3,0.350000");
        assert_eq!(lines.len(), 1 + 6);
        let legs = net.legs_csv(RankBy::Routes);
        let lines: Vec<&str> = legs.lines().collect();
        assert_eq!(lines[0], "rank,from,to,routes,route_ids,betweenness");
        assert_eq!(lines[1], "1,b,c,2,r1;r2,0.300000");
        assert_eq!(lines.len(), 1 + 5);
    }
}
