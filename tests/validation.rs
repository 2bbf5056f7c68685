//! Bad-file corpus: each fixture under tests/fixtures/bad must be rejected
//! with its own specific message, starting with the file's path.

use std::path::PathBuf;

use route_explorer::model::load::{LoadError, load_bytes, load_file};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// (fixture, expected text in the messages). Positions are file:line:column.
const CASES: &[(&str, &str)] = &[
    ("empty", "empty.json:1:1: EOF while parsing a value"),
    (
        "truncated",
        "truncated.json:20:81: EOF while parsing a string",
    ),
    ("trailing-comma", "trailing-comma.json:38:3: trailing comma"),
    (
        "not-an-object",
        "not-an-object.json:1:1: expected a JSON object starting with '{', found '['",
    ),
    (
        "unknown-field",
        "unknown-field.json:4:10: unknown field `colour`",
    ),
    (
        "missing-sources",
        "missing-sources.json:36:1: missing field `sources`",
    ),
    (
        "wrong-type-lat",
        "wrong-type-lat.json:15:74: invalid type: string \"42.3\", expected f64",
    ),
    (
        "unknown-mode",
        "unknown-mode.json:21:21: unknown variant `camel`",
    ),
    (
        "unknown-unit",
        "unknown-unit.json:32:70: unknown variant `pounds`",
    ),
    ("nan-literal", "nan-literal.json:32:48: expected value"),
    (
        "unknown-role",
        "unknown-role.json:15:106: unknown variant `airport`",
    ),
    ("binary", "binary.json: not valid UTF-8 at byte 8"),
    (
        "unknown-waypoint-place",
        "routes 'r1' field 'waypoints[1].place': unknown place 'atlantis'",
    ),
    (
        "unknown-route-source",
        "routes 'r1' field 'sources': unknown source 'src-zzz'",
    ),
    (
        "unknown-figure-source",
        "figures 'fig1' field 'source': unknown source 'nope'",
    ),
    (
        "unknown-region",
        "figures 'fig1' field 'region': unknown region 'KZ.XX'",
    ),
    (
        "unknown-variant",
        "routes 'r1' field 'variant_of': unknown route 'r99'",
    ),
    (
        "self-variant",
        "routes 'r1' field 'variant_of': a route cannot be a variant of itself",
    ),
    (
        "duplicate-place-id",
        "places 'shymkent' field 'id': duplicate id",
    ),
    (
        "duplicate-figure-id",
        "figures 'fig1' field 'id': duplicate id",
    ),
    (
        "lat-out-of-range",
        "places 'shymkent' field 'lat': latitude 142.3 is outside −90…90",
    ),
    (
        "lon-out-of-range",
        "places 'taraz' field 'lon': longitude -200.5 is outside −180…180",
    ),
    (
        "negative-value",
        "figures 'fig1' field 'value': -5 is negative",
    ),
    (
        "implausible-value",
        "figures 'fig1' field 'value': 5000000000000 kg is implausibly large",
    ),
    (
        "year-too-early",
        "figures 'fig1' field 'year': year 1850 is outside 1900–2100",
    ),
    (
        "year-too-late",
        "figures 'fig2' field 'year': year 2206 is outside 1900–2100",
    ),
    (
        "one-waypoint",
        "routes 'r1' field 'waypoints': has 1 waypoint(s); a route needs at least 2",
    ),
    (
        "derived-without-formula",
        "figures 'fig1' field 'formula': a derived value needs its formula",
    ),
    (
        "change-below-minus-100",
        "figures 'fig2' field 'value': a change of -178 % is below −100 %",
    ),
    (
        "share-above-100",
        "figures 'fig2' field 'value': a share of 130 % is above 100 %",
    ),
    (
        "bad-country-code",
        "places 'shymkent' field 'country': 'Kazakhstan' is not an ISO 3166-1 alpha-2",
    ),
    (
        "bad-source-date",
        "sources 'src-a' field 'date': 'April 2008' is not a date",
    ),
    (
        "period-reversed",
        "figures 'fig1' field 'period': starts (2006) after it ends (2002)",
    ),
    (
        "no-year-no-period",
        "figures 'fig1' field 'year': needs a year or a period",
    ),
    (
        "series-mixes-units",
        "figures 'fig2' field 'unit': series 's1' mixes units",
    ),
    (
        "unknown-flow-place",
        "flows 'f1' field 'places': unknown place 'nowhere'",
    ),
    (
        "place-without-sources",
        "places 'shymkent' field 'sources': needs at least one source",
    ),
    (
        "repeated-waypoint",
        "routes 'r1' field 'waypoints[1].place': 'shymkent' repeats the previous waypoint",
    ),
    ("empty-route-name", "routes 'r1' field 'name': is empty"),
    (
        "months-out-of-range",
        "figures 'fig1' field 'months.to': month 13 is outside 1–12",
    ),
    (
        "months-whole-year",
        "figures 'fig1' field 'months': covers the whole year; leave it out",
    ),
    (
        "publication-year-mismatch",
        "figures 'fig1' field 'year': year 2006 is marked as the year of publication, but source 'src-a' is dated 2008-04",
    ),
    (
        "year-kind-without-year",
        "figures 'fig1' field 'year_kind': 'inferred' describes the year, but there is none",
    ),
    (
        "unknown-year-kind",
        "unknown-year-kind.json:117:28: unknown variant `guessed`, expected one of `reference`, `publication`, `inferred`",
    ),
];

#[test]
fn every_bad_fixture_is_rejected_with_its_message() {
    let mut failures = Vec::new();
    for (name, expected) in CASES {
        let path = fixture(&format!("bad/{name}.json"));
        let shown = path.display().to_string();
        match load_file(&path) {
            Ok(_) => failures.push(format!("{name}: was accepted")),
            Err(err) => {
                let lines = err.lines();
                if !lines.iter().all(|l| l.starts_with(&shown)) {
                    failures.push(format!(
                        "{name}: a message does not start with the path: {lines:?}"
                    ));
                }
                if !lines.iter().any(|l| l.contains(expected)) {
                    failures.push(format!("{name}: expected «{expected}» in {lines:?}"));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn corpus_has_a_case_for_every_fixture_file() {
    let dir = fixture("bad");
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| {
            e.unwrap()
                .file_name()
                .to_string_lossy()
                .trim_end_matches(".json")
                .to_owned()
        })
        .collect();
    files.sort();
    let mut named: Vec<String> = CASES.iter().map(|(n, _)| (*n).to_owned()).collect();
    named.push("many-problems".into());
    named.sort();
    assert_eq!(files, named);
    assert!(files.len() >= 25);
}

#[test]
fn all_problems_are_reported_in_one_run() {
    let err = load_file(&fixture("bad/many-problems.json")).unwrap_err();
    let LoadError::Invalid { problems, .. } = err else {
        panic!("expected semantic problems, got {err}");
    };
    let fields: Vec<String> = problems
        .iter()
        .map(|p| format!("{}:{}", p.record, p.field))
        .collect();
    assert_eq!(
        fields,
        ["shymkent:lat", "r1:waypoints[0].place", "fig1:year"]
    );
}

#[test]
fn every_good_fixture_is_valid() {
    for entry in std::fs::read_dir(fixture("good")).unwrap() {
        let path = entry.unwrap().path();
        if let Err(e) = load_file(&path) {
            panic!("{e}");
        }
    }
}

#[test]
fn minimal_fixture_is_valid() {
    let data = load_file(&fixture("good/minimal.json")).unwrap();
    assert_eq!(data.routes[0].waypoints.len(), 2);
}

/// Arbitrary bytes never panic, and every message names the file.
/// Deterministic mutations of a valid file (xorshift), so a failure reproduces.
#[test]
fn mutated_files_never_panic() {
    let good = std::fs::read(fixture("good/minimal.json")).unwrap();
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let mut rejected = 0;
    for _ in 0..3000 {
        let mut bytes = good.clone();
        for _ in 0..(1 + next() % 4) {
            let i = (next() as usize) % bytes.len();
            match next() % 3 {
                0 => bytes[i] = (next() % 256) as u8,
                1 => {
                    bytes.remove(i);
                }
                _ => bytes.insert(i, b"{}[],:\"-0e9"[(next() % 11) as usize]),
            }
        }
        if let Err(e) = load_bytes("fuzz.json", &bytes) {
            rejected += 1;
            assert!(e.lines().iter().all(|l| l.starts_with("fuzz.json")), "{e}");
        }
    }
    // Most random edits break the file; the check above must have run.
    assert!(
        rejected > 1500,
        "only {rejected} of 3000 mutations rejected"
    );
}
