//! The window driven by label, as a user would (egui_kittest).

mod common;

use std::collections::HashMap;

use common::{TestEnv, fixture};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use route_explorer::app::{App, Selection, settings};

fn minimal_app(t: &TestEnv) -> App {
    t.app(Some(&fixture("good/minimal.json")))
}

fn harness(app: App) -> Harness<'static, App> {
    common::harness(app, [1280.0, 800.0])
}

#[test]
fn clicking_a_route_selects_it_and_shows_its_details() {
    let t = TestEnv::new();
    let mut h = harness(minimal_app(&t));
    h.run();
    h.get_by_label("Test route").click();
    h.run();
    assert_eq!(
        h.state().state.ui.selection,
        Some(Selection::Route("r1".into()))
    );
    // Details: ordered waypoints, the rail leg, and the full citation.
    h.get_by_label("Waypoints (in travel order)");
    h.get_by_label("Shymkent (Kazakhstan)");
    h.get_by_label("by rail");
    h.get_by_label("• “Test report”, Test publisher, 2008-04");
    // Clicking a waypoint selects the place.
    h.get_by_label("Taraz (Kazakhstan)").click();
    h.run();
    assert_eq!(
        h.state().state.ui.selection,
        Some(Selection::Place("taraz".into()))
    );
    h.get_by_label("On 1 route(s)");
}

#[test]
fn origin_filter_hides_routes_from_the_list() {
    let t = TestEnv::new();
    let mut h = harness(minimal_app(&t));
    h.run();
    h.get_by_label("1 of 1 routes shown");
    h.get_by_label("Uzbekistan").click();
    h.run();
    h.get_by_label("0 of 1 routes shown");
    assert!(h.query_by_label("Test route").is_none());
    h.get_by_label("Show all routes").click();
    h.run();
    assert!(h.query_by_label("Test route").is_some());
}

#[test]
fn invalid_data_file_opens_on_embedded_data_and_lists_problems() {
    let t = TestEnv::new();
    let bad = fixture("bad/many-problems.json");
    let app = t.app(Some(&bad));
    assert_ne!(app.state.dataset.title, "Minimal test dataset");
    let mut h = harness(app);
    h.run();
    h.get_by_label("Data file problems");
    let expected = format!(
        "{}: places 'shymkent' field 'lat': latitude 95 is outside −90…90",
        bad.display()
    );
    h.get_by_label(&expected);
    h.get_by_label("Dismiss").click();
    h.run();
    assert!(h.query_by_label("Data file problems").is_none());
    assert!(h.state().state.load_problems.is_empty());
}

/// In-memory eframe storage, standing in for the settings file.
#[derive(Default)]
struct MemoryStorage(HashMap<String, String>);

impl eframe::Storage for MemoryStorage {
    fn get_string(&self, key: &str) -> Option<String> {
        self.0.get(key).cloned()
    }
    fn set_string(&mut self, key: &str, value: String) {
        self.0.insert(key.to_owned(), value);
    }
    fn remove_string(&mut self, key: &str) {
        self.0.remove(key);
    }
    fn flush(&mut self) {}
}

#[test]
fn selection_and_filters_survive_a_restart() {
    let t = TestEnv::new();
    let mut h = harness(minimal_app(&t));
    h.run();
    h.get_by_label("Test route").click();
    h.run();
    h.get_by_label("likely").click(); // hide "likely" routes
    h.run();
    let mut storage = MemoryStorage::default();
    eframe::App::save(h.state_mut(), &mut storage);

    let (restored, messages) = settings::load(Some(&storage));
    assert!(messages.is_empty(), "{messages:?}");
    let app = t.app_with_ui(Some(&fixture("good/minimal.json")), restored);
    assert_eq!(app.state.ui.selection, Some(Selection::Route("r1".into())));
    assert!(!app.state.ui.filter.hidden_statuses.is_empty());
}

#[test]
fn other_flows_are_listed_apart_from_routes() {
    let t = TestEnv::new();
    let mut h = harness(minimal_app(&t));
    h.run();
    h.get_by_label("Other flows (1, not enumerated routes)")
        .click();
    h.run();
    h.get_by_label("Test flow (likely)");
}

/// Every string of the embedded dataset can be drawn with the app's font:
/// a missing glyph would show as an empty box (and panics under test).
#[test]
fn every_dataset_text_has_glyphs_in_the_ui_font() {
    let data = route_explorer::model::load::load_embedded().unwrap();
    let json = serde_json::to_value(&data).unwrap();
    let mut texts = Vec::new();
    fn collect(v: &serde_json::Value, out: &mut Vec<String>) {
        match v {
            serde_json::Value::String(s) => out.push(s.clone()),
            serde_json::Value::Array(a) => a.iter().for_each(|x| collect(x, out)),
            serde_json::Value::Object(o) => o.values().for_each(|x| collect(x, out)),
            _ => {}
        }
    }
    collect(&json, &mut texts);
    assert!(texts.len() > 500);
    let mut h = Harness::new_ui(|ui| {
        for t in &texts {
            ui.label(t);
        }
    });
    h.run();
}

/// Every character in the window's own text (string literals under
/// `src/app`) can be drawn with the UI font: the monkey test once found a
/// message with an arrow the font lacks (drawn as a box; a panic under test).
#[test]
fn every_text_of_the_window_has_glyphs_in_the_ui_font() {
    fn literals(code: &str, out: &mut std::collections::BTreeSet<char>) {
        let mut chars = code.chars().peekable();
        let (mut in_string, mut escaped) = (false, false);
        while let Some(c) = chars.next() {
            if in_string {
                if escaped {
                    escaped = false;
                } else if c == '\\' {
                    escaped = true;
                } else if c == '"' {
                    in_string = false;
                } else if !c.is_ascii() && !c.is_control() {
                    out.insert(c);
                }
            } else if c == '"' {
                in_string = true;
            } else if c == '\'' {
                // A char literal such as '"' must not open a string.
                let rest: String = chars.clone().take(3).collect();
                if rest.starts_with("\"'") || rest.starts_with("\\\"") {
                    chars.nth(1);
                }
            } else if c == '/' && chars.peek() == Some(&'/') {
                for n in chars.by_ref() {
                    if n == '\n' {
                        break;
                    }
                }
            }
        }
    }
    let mut found = std::collections::BTreeSet::new();
    let mut stack = vec![std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src/app")];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                literals(&std::fs::read_to_string(&p).unwrap(), &mut found);
            }
        }
    }
    assert!(
        found.contains(&'–'),
        "the scan finds the UI's en dashes: {found:?}"
    );
    let text: String = found.iter().collect();
    let mut h = Harness::new_ui(|ui| {
        ui.label(&text);
        ui.label(egui::RichText::new(&text).monospace());
    });
    h.run();
}
