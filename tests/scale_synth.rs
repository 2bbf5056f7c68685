//! The SYNTHETIC benchmark dataset (issue 12): valid against the schema,
//! the same bytes every time, sized as promised, and impossible to mistake
//! for real data.

#[path = "../benches/support/synth.rs"]
mod synth;

use route_explorer::model::load::load_file;
use route_explorer::model::validate::validate;

#[test]
fn ten_times_dataset_is_valid_after_a_round_trip_through_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("synth-10.json");
    std::fs::write(&path, synth::json(10)).unwrap();
    // What `route-explorer --data` and `validate` read.
    let loaded = load_file(&path).unwrap_or_else(|e| panic!("{}", e.lines().join("\n")));
    let problems = validate(&loaded);
    assert!(problems.is_empty(), "{problems:#?}");
    assert_eq!(loaded.routes.len(), 120);
    assert_eq!(loaded.places.len(), 400);
}

#[test]
fn hundred_times_dataset_is_valid_and_has_the_promised_size() {
    let data = synth::dataset(100);
    let problems = validate(&data);
    assert!(problems.is_empty(), "{problems:#?}");
    assert_eq!(data.routes.len(), 1200);
    assert_eq!(data.places.len(), 4000);
    // 200 regions carry figures, each over 50 years (a few years skipped).
    let mut regions = std::collections::BTreeSet::new();
    let mut years = std::collections::BTreeSet::new();
    for f in &data.figures {
        regions.insert(f.region.as_str());
        years.extend(f.year);
    }
    assert_eq!(regions.len(), 200);
    assert_eq!(years.len(), 50);
    // The trunk legs are shared by many routes: the case that used to fan out.
    let mut users: std::collections::HashMap<(&str, &str), usize> = Default::default();
    for r in &data.routes {
        for leg in r.waypoints.windows(2) {
            *users
                .entry((leg[0].place.as_str(), leg[1].place.as_str()))
                .or_default() += 1;
        }
    }
    assert!(
        users.values().any(|&n| n >= 100),
        "busiest leg: {:?}",
        users.values().max()
    );
}

#[test]
fn same_scale_gives_the_same_bytes_and_another_scale_differs() {
    let a = synth::json(10);
    assert!(!a.is_empty());
    assert_eq!(a, synth::json(10));
    assert_ne!(a, synth::json(11));
}

#[test]
fn it_says_everywhere_that_it_is_synthetic() {
    let data = synth::dataset(10);
    assert!(data.title.contains("SYNTHETIC"), "{}", data.title);
    assert!(data.notes.iter().all(|n| n.text.starts_with("SYNTHETIC")));
    assert_eq!(data.sources.len(), 1);
    let source = &data.sources[0];
    assert!(source.title.contains("SYNTHETIC") && source.title.contains("generated"));
    assert!(data.routes.iter().all(|r| r.sources == [synth::SOURCE_ID]));
    assert!(data.places.iter().all(|p| p.name.starts_with("SYN ")));
    assert!(data.figures.iter().all(|f| {
        f.source == synth::SOURCE_ID
            && f.note
                .as_deref()
                .is_some_and(|n| n.starts_with("SYNTHETIC"))
    }));
}

#[test]
fn route_facts_of_a_large_dataset_match_route_by_route() {
    use route_explorer::analysis::route_facts::{all_route_facts, route_facts};
    use route_explorer::basemap::Basemap;
    // 120 routes: computed in parts on several threads, sharing legs.
    let data = synth::dataset(10);
    let map = Basemap::embedded().unwrap();
    let all = all_route_facts(&data, &map);
    assert_eq!(all.len(), data.routes.len());
    for (i, route) in data.routes.iter().enumerate().step_by(7) {
        let one = route_facts(&data, &map, route);
        assert_eq!(all[i].route_id, route.id);
        assert_eq!(all[i].oblasts, one.oblasts, "{}", route.id);
        assert_eq!(all[i].countries, one.countries, "{}", route.id);
        assert!((all[i].length_km - one.length_km).abs() < 1e-6);
        assert!(!one.countries.is_empty(), "{} crosses no country", route.id);
    }
}
