//! Route-network analysis on the embedded data, as an analyst would check it:
//! chokepoint counts read off the route passages, betweenness checked
//! against an identity it must satisfy, corridor summaries, the
//! `chokepoints` command, and flow paths in the data.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::process::{Command, Output};

use geo::{Distance, Geodesic, Point};
use route_explorer::analysis::corridor::{CorridorTarget, summary};
use route_explorer::analysis::graph::{RankBy, RouteNetwork};
use route_explorer::analysis::route_facts::all_route_facts;
use route_explorer::basemap::Basemap;
use route_explorer::model::load::load_embedded;
use route_explorer::model::validate::validate;
use route_explorer::model::{FlowEnd, PlaceRole, RouteStatus};

fn network() -> RouteNetwork {
    RouteNetwork::build(&load_embedded().unwrap(), |_| true)
}

fn routes_at(net: &RouteNetwork, place: &str) -> Vec<String> {
    net.place(place).unwrap().routes.clone()
}

#[test]
fn distinct_routes_per_place_follow_the_passages() {
    let net = network();
    // 12 route records, three of them the UNODC 2008 wording of a Kyrgyz route.
    assert_eq!(net.route_count, 9);
    // Shymkent and Taraz lie on Tajik route 1, Kyrgyz route 3 and Uzbek routes 1 and 2.
    assert_eq!(
        routes_at(&net, "shymkent"),
        ["kg-3", "tj-1", "uz-1", "uz-2"]
    );
    assert_eq!(routes_at(&net, "taraz"), ["kg-3", "tj-1", "uz-1", "uz-2"]);
    // Almaty: Kyrgyz routes 1 and 2 (each described twice) and Tajik route 1.
    assert_eq!(routes_at(&net, "almaty"), ["kg-1", "kg-2", "tj-1"]);
    assert_eq!(
        net.place("almaty").unwrap().records,
        ["kg-1", "kg-1-unodc2008", "kg-2", "kg-2-unodc2008", "tj-1"]
    );
    // Karaganda, the "convergence point": Tajik 1, Kyrgyz 2, Uzbek 1.
    assert_eq!(routes_at(&net, "karaganda"), ["kg-2", "tj-1", "uz-1"]);
    // Balkhash is only in the article's version of Kyrgyz route 2.
    assert_eq!(routes_at(&net, "balkhash"), ["kg-2"]);
    // The top two by routes passing are Shymkent and Taraz.
    let top: Vec<&str> = net
        .ranked_places(RankBy::Routes)
        .iter()
        .take(2)
        .map(|(_, p)| p.place.as_str())
        .collect();
    assert_eq!(
        top.iter().copied().collect::<BTreeSet<_>>(),
        BTreeSet::from(["shymkent", "taraz"])
    );
}

#[test]
fn the_shorter_second_wording_adds_no_shortcut_legs() {
    let net = network();
    // UNODC 2008 has Kyrgyz route 2 go "through Saryshagan to Petropavlovsk"
    // and route 3 from Kyzylorda to Uralsk: shortened wordings of the stops
    // the article lists, not legs of their own.
    assert!(net.leg("saryshagan", "petropavl").is_none());
    assert!(net.leg("kyzylorda", "oral").is_none());
    let leg = net.leg("karaganda", "astana").unwrap();
    assert_eq!(leg.routes, ["kg-2", "tj-1"]);
    assert!(leg.records.contains(&"kg-2-unodc2008".to_owned()));
    // Shymkent–Taraz: Kyrgyz route 3 travels it westward, three routes eastward.
    let st = net.leg("shymkent", "taraz").unwrap();
    assert_eq!(st.routes.len(), 4);
    assert!(st.both_ways);
    assert_eq!((st.from.as_str(), st.to.as_str()), ("shymkent", "taraz"));
}

/// From every place: hop distance and number of shortest paths to each
/// place it reaches, along the legs' travel directions (plain BFS counting).
type Reach<'a> = BTreeMap<&'a str, BTreeMap<&'a str, (usize, f64)>>;

fn reach(net: &RouteNetwork) -> Reach<'_> {
    let mut out: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for l in &net.legs {
        out.entry(l.from.as_str()).or_default().push(&l.to);
        if l.both_ways {
            out.entry(l.to.as_str()).or_default().push(&l.from);
        }
    }
    let mut all = Reach::new();
    for p in &net.places {
        let s = p.place.as_str();
        let mut seen: BTreeMap<&str, (usize, f64)> = BTreeMap::from([(s, (0, 1.0))]);
        let mut queue = VecDeque::from([s]);
        while let Some(v) = queue.pop_front() {
            let (dv, sv) = seen[v];
            for w in out.get(v).into_iter().flatten() {
                match seen.get_mut(w) {
                    None => {
                        seen.insert(w, (dv + 1, sv));
                        queue.push_back(w);
                    }
                    Some((dw, sw)) if *dw == dv + 1 => *sw += sv,
                    Some(_) => {}
                }
            }
        }
        all.insert(s, seen);
    }
    all
}

#[test]
fn betweenness_on_the_embedded_network_matches_path_counting() {
    let net = network();
    let n = net.places.len() as f64;
    let reach = reach(&net);
    // Each place by definition: over ordered pairs (s, t), the share of the
    // σ(s,t) shortest paths that pass v, σ(s,v)·σ(v,t)/σ(s,t) when
    // d(s,v) + d(v,t) = d(s,t). A different formulation from Brandes'.
    for v in &net.places {
        let v_id = v.place.as_str();
        let mut raw = 0.0;
        for (s, from_s) in &reach {
            for (t, (dst, sst)) in from_s {
                if s == t || *s == v_id || *t == v_id {
                    continue;
                }
                if let (Some((dsv, ssv)), Some((dvt, svt))) = (from_s.get(v_id), reach[v_id].get(t))
                    && dsv + dvt == *dst
                {
                    raw += ssv * svt / sst;
                }
            }
        }
        let expected = raw / ((n - 1.0) * (n - 2.0));
        assert!(
            (v.betweenness - expected).abs() < 1e-12,
            "{v_id}: {} vs {expected}",
            v.betweenness
        );
    }
    // Legs: a shortest s→t path of h hops has h legs, so the legs' raw
    // betweenness sums to Σh over the reachable pairs, whatever the ties.
    let total: usize = reach
        .values()
        .flat_map(|m| m.values().map(|(d, _)| *d))
        .sum();
    let leg_sum: f64 = net.legs.iter().map(|l| l.betweenness).sum::<f64>() * n * (n - 1.0);
    assert!(
        (leg_sum - total as f64).abs() < 1e-6,
        "{leg_sum} vs {total}"
    );
    // Route starts and final stops lie inside no path.
    for id in [
        "bishkek",
        "dushanbe",
        "nukus",
        "saryagash",
        "petropavl",
        "pavlodar",
        "oral",
    ] {
        assert_eq!(net.place(id).unwrap().betweenness, 0.0, "{id}");
    }
    // Shymkent, where Tajik route 1 enters from Tashkent and Kyrgyz route 3
    // turns west, funnels the most paths (networkx 3.6 gives the same values).
    let (rank, top) = net.ranked_places(RankBy::Betweenness)[0];
    assert_eq!((rank, top.place.as_str()), (1, "shymkent"));
}

fn corridor(target: CorridorTarget) -> route_explorer::analysis::corridor::CorridorSummary {
    let data = load_embedded().unwrap();
    let basemap = Basemap::embedded().unwrap();
    let facts = all_route_facts(&data, &basemap);
    let net = RouteNetwork::build(&data, |_| true);
    summary(&data, &net, &facts, Some(&basemap), &target)
}

#[test]
fn corridor_summary_of_beineu_names_its_routes_rail_leg_and_nearest_border_points() {
    let data = load_embedded().unwrap();
    let c = corridor(CorridorTarget::Place("beineu".into()));
    let routes: Vec<&str> = c.routes.iter().map(|r| r.route.as_str()).collect();
    assert_eq!(routes, ["tj-2", "uz-3"]);
    assert_eq!(c.origins, [("TJ".to_owned(), 1), ("UZ".to_owned(), 1)]);
    // "shipped via rail through Beineu": the Kungrad–Beineu leg of Tajik route 2.
    assert!(
        c.leg_modes.iter().any(|m| m.from == "kungrad"
            && m.to == "beineu"
            && m.mode == route_explorer::model::Mode::Rail),
        "{:?}",
        c.leg_modes
    );
    assert_eq!(c.oblasts, ["KZ.MG"], "Beineu is in Mangystau");
    // Border points: nearest first, true geodesic distances, none nearer left out.
    let beineu = data.place("beineu").unwrap();
    let at = |id: &str| {
        let p = data.place(id).unwrap();
        Geodesic.distance(Point::new(beineu.lon, beineu.lat), Point::new(p.lon, p.lat)) / 1000.0
    };
    assert_eq!(c.border_points.len(), 3);
    for b in &c.border_points {
        assert!((b.distance_km - at(&b.place)).abs() < 1e-6);
    }
    assert!(
        c.border_points
            .windows(2)
            .all(|w| w[0].distance_km <= w[1].distance_km)
    );
    let farthest = c.border_points[2].distance_km;
    for p in data.places.iter().filter(|p| {
        p.id != "beineu"
            && p.roles.iter().any(|r| {
                matches!(
                    r,
                    PlaceRole::EntryPoint | PlaceRole::ExitPoint | PlaceRole::RailBorderPoint
                )
            })
    }) {
        if !c.border_points.iter().any(|b| b.place == p.id) {
            assert!(at(&p.id) >= farthest, "{} is nearer than listed ones", p.id);
        }
    }
    // The rail-entry flow names Beineu; its sources are cited.
    assert!(c.flows.contains(&"rail-entry-arys-beineu".to_owned()));
    for s in ["unodc-2008", "unodc-2012"] {
        assert!(
            c.sources.contains(&s.to_owned()),
            "{s} not cited: {:?}",
            c.sources
        );
    }
}

#[test]
fn corridor_summary_of_south_kazakhstan_lists_its_figures_and_border_points_inside() {
    let data = load_embedded().unwrap();
    let c = corridor(CorridorTarget::Oblast("KZ.SK".into()));
    let routes: BTreeSet<&str> = c.routes.iter().map(|r| r.route.as_str()).collect();
    for r in ["tj-1", "kg-3", "uz-1", "uz-2"] {
        assert!(
            routes.contains(r),
            "{r} crosses South Kazakhstan: {routes:?}"
        );
    }
    let expected: BTreeSet<&str> = data
        .figures
        .iter()
        .filter(|f| f.region == "KZ.SK")
        .map(|f| f.id.as_str())
        .collect();
    assert!(!expected.is_empty());
    assert_eq!(
        c.figures
            .iter()
            .map(String::as_str)
            .collect::<BTreeSet<_>>(),
        expected
    );
    // 151.1 kg of heroin in 2006 (UNODC 2008) is among them, cited.
    assert!(
        c.figures
            .iter()
            .filter_map(|id| data.figures.iter().find(|f| f.id == *id))
            .any(|f| f.value == 151.1 && f.year == Some(2006))
    );
    assert!(c.sources.contains(&"unodc-2008".to_owned()));
    // Saryagash, Arys and Shymkent are border points inside the oblast.
    let inside: BTreeSet<&str> = c
        .border_points
        .iter()
        .filter(|b| b.distance_km == 0.0)
        .map(|b| b.place.as_str())
        .collect();
    assert_eq!(inside, BTreeSet::from(["arys", "saryagash", "shymkent"]));
}

#[test]
fn corridor_summary_of_a_leg_names_the_oblasts_it_crosses() {
    let c = corridor(CorridorTarget::Leg("taraz".into(), "shymkent".into()));
    assert_eq!(c.routes.len(), 4);
    assert_eq!(c.oblasts, ["KZ.SK", "KZ.ZM"]);
    assert!(!c.figures.is_empty());
    // The leg's own ends are not offered as "nearest" border points.
    assert!(c.border_points.iter().all(|b| b.place != "shymkent"));
}

#[test]
fn flows_in_the_data_have_paths_where_the_source_names_both_ends() {
    let data = load_embedded().unwrap();
    let flow = |id: &str| data.flows.iter().find(|f| f.id == id).unwrap();
    // Turkmenistan to Orenburg, likely, with nothing invented in between.
    let tm = flow("tm-north-west-likely");
    assert_eq!(tm.status, RouteStatus::Likely);
    assert_eq!(
        tm.paths,
        [vec![
            FlowEnd::Region("TM".into()),
            FlowEnd::Place("orenburg".into())
        ]]
    );
    // Arys faces Uzbekistan and Beineu Turkmenistan, as paired in the text.
    assert_eq!(flow("rail-entry-arys-beineu").paths.len(), 2);
    // Flows with no named origin are not drawn, and say why.
    for id in [
        "tir-sealed-trucks",
        "caspian-seaports",
        "vehicle-entry-south",
    ] {
        let f = flow(id);
        assert!(f.paths.is_empty(), "{id}");
        assert!(
            f.paths_note
                .as_deref()
                .is_some_and(|n| n.starts_with("Not drawn")),
            "{id}"
        );
    }
    // Every flow says why its ends are what they are.
    assert!(data.flows.iter().all(|f| f.paths_note.is_some()));
}

#[test]
fn a_flow_path_with_an_unknown_end_or_a_loose_area_is_reported() {
    let mut data = load_embedded().unwrap();
    data.flows[0].paths = vec![
        vec![
            FlowEnd::Region("XX".into()),
            FlowEnd::Place("nowhere".into()),
        ],
        vec![
            FlowEnd::Region("central-asia".into()),
            FlowEnd::Region("KZ".into()),
        ],
        vec![FlowEnd::Region("KZ".into())],
    ];
    let id = data.flows[0].id.clone();
    let problems: Vec<String> = validate(&data).iter().map(|p| p.to_string()).collect();
    for expected in [
        format!("flows '{id}' field 'paths[0][0]': unknown region 'XX'"),
        format!("flows '{id}' field 'paths[0][1]': unknown place 'nowhere'"),
        format!(
            "flows '{id}' field 'paths[1][0]': region 'central-asia' is a loose area with no point to draw it at"
        ),
        format!("flows '{id}' field 'paths[2]': has 1 end(s); a path needs at least 2"),
    ] {
        assert!(
            problems.contains(&expected),
            "missing «{expected}» in {problems:#?}"
        );
    }
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_route-explorer"))
        .args(args)
        .output()
        .expect("the binary runs")
}

#[test]
fn chokepoints_command_prints_the_place_ranking_as_csv() {
    let o = run(&["chokepoints"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let out = String::from_utf8(o.stdout).unwrap();
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "rank,place,routes,route_ids,betweenness");
    assert_eq!(lines.len(), 1 + network().places.len());
    assert!(
        lines[1].starts_with("1,shymkent,4,kg-3;tj-1;uz-1;uz-2,0."),
        "{}",
        lines[1]
    );
    // Ranks never go down, counts never go up.
    let rows: Vec<Vec<&str>> = lines[1..].iter().map(|l| l.split(',').collect()).collect();
    for w in rows.windows(2) {
        let rank = |r: &Vec<&str>| r[0].parse::<usize>().unwrap();
        let count = |r: &Vec<&str>| r[2].parse::<usize>().unwrap();
        assert!(rank(&w[0]) <= rank(&w[1]) && count(&w[0]) >= count(&w[1]));
        assert_eq!(count(&w[1]), w[1][3].split(';').count());
    }
}

#[test]
fn chokepoints_legs_by_betweenness() {
    let o = run(&["chokepoints", "--legs", "--by", "betweenness"]);
    assert_eq!(o.status.code(), Some(0));
    let out = String::from_utf8(o.stdout).unwrap();
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "rank,from,to,routes,route_ids,betweenness");
    assert_eq!(lines.len(), 1 + network().legs.len());
    assert!(lines[1].starts_with("1,shymkent,taraz,4,"), "{}", lines[1]);
    let b: Vec<f64> = lines[1..]
        .iter()
        .map(|l| l.rsplit(',').next().unwrap().parse().unwrap())
        .collect();
    assert!(
        b.windows(2).all(|w| w[0] >= w[1]),
        "not by betweenness: {b:?}"
    );
}

#[test]
fn chokepoints_rejects_an_unknown_ranking_and_reports_a_bad_data_file() {
    let o = run(&["chokepoints", "--by", "size"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("unknown ranking 'size'"));
    let bad = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/bad/many-problems.json");
    let o = run(&["--data", &bad.display().to_string(), "chokepoints"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(o.stdout.is_empty());
    assert!(String::from_utf8_lossy(&o.stderr).contains("many-problems.json"));
}
