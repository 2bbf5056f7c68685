//! The saved settings (`UiState`) as JSON in eframe's storage, read
//! leniently: a damaged or hand-edited file keeps every part that still
//! fits, drops the rest with a message, and never stops the program.
//! Meaning is checked afterwards against the dataset (`AppState::sanitize`).

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::UiState;

/// eframe storage key of the settings.
pub const STORAGE_KEY: &str = "ui_state";

/// The settings as JSON text.
pub fn to_json(ui: &UiState) -> String {
    // Non-finite numbers become null; reading them back drops that part.
    serde_json::to_string(ui).unwrap_or_else(|_| "{}".to_owned())
}

/// Read settings text: JSON (this version), or the RON older versions
/// wrote. Returns the settings and one message per part that was dropped.
pub fn from_text(text: &str) -> (UiState, Vec<String>) {
    match serde_json::from_str::<Value>(text) {
        Ok(value) => {
            let mut dropped = Vec::new();
            let ui = lenient::<UiState>(&value, &mut dropped);
            let messages = dropped
                .into_iter()
                .map(|d| format!("settings: {d}; using the default"))
                .collect();
            (ui, messages)
        }
        Err(json_err) => match ron_settings(text) {
            Some(ui) => (ui, vec![]),
            None => (
                UiState::default(),
                vec![format!(
                    "settings: cannot be read ({json_err}); starting with the defaults"
                )],
            ),
        },
    }
}

/// Settings written by versions that stored them as RON.
fn ron_settings(text: &str) -> Option<UiState> {
    struct One<'a>(&'a str);
    impl eframe::Storage for One<'_> {
        fn get_string(&self, _key: &str) -> Option<String> {
            Some(self.0.to_owned())
        }
        fn set_string(&mut self, _key: &str, _value: String) {}
        fn remove_string(&mut self, _key: &str) {}
        fn flush(&mut self) {}
    }
    eframe::get_value(&One(text), STORAGE_KEY)
}

/// The settings in `storage` (defaults when there are none).
pub fn load(storage: Option<&dyn eframe::Storage>) -> (UiState, Vec<String>) {
    match storage.and_then(|s| s.get_string(STORAGE_KEY)) {
        Some(text) => from_text(&text),
        None => (UiState::default(), vec![]),
    }
}

pub fn save(storage: &mut dyn eframe::Storage, ui: &UiState) {
    storage.set_string(STORAGE_KEY, to_json(ui));
}

/// Deserialize `T`, keeping each field (at any depth) that fits and the
/// default for the others; `dropped` names what was left out.
pub fn lenient<T: Default + Serialize + DeserializeOwned>(
    value: &Value,
    dropped: &mut Vec<String>,
) -> T {
    if let Ok(t) = serde_json::from_value::<T>(value.clone()) {
        return t;
    }
    let Ok(mut merged) = serde_json::to_value(T::default()) else {
        dropped.push("settings could not be represented".into());
        return T::default();
    };
    if !(value.is_object() && merged.is_object()) {
        dropped.push(format!("not a settings object ({})", kind(value)));
        return T::default();
    }
    merge::<T>(&mut merged, &[], value, dropped);
    serde_json::from_value::<T>(merged).unwrap_or_default()
}

/// Copy the fields of `value` (an object at `path` inside `root`) into
/// `root`, one at a time, keeping each only if `root` still reads as `T`.
fn merge<T: DeserializeOwned>(
    root: &mut Value,
    path: &[String],
    value: &Value,
    dropped: &mut Vec<String>,
) {
    let Some(fields) = value.as_object() else {
        return;
    };
    for (key, v) in fields {
        let mut field_path = path.to_vec();
        field_path.push(key.clone());
        let shown = field_path.join(".");
        let Some(slot) = pointer_mut(root, &field_path) else {
            dropped.push(format!("unknown field '{shown}' ignored"));
            continue;
        };
        let old = std::mem::replace(slot, v.clone());
        if serde_json::from_value::<T>(root.clone()).is_ok() {
            continue;
        }
        // Put the default back, then try the parts of an object one by one.
        if let Some(slot) = pointer_mut(root, &field_path) {
            *slot = old;
            if v.is_object() && slot.is_object() {
                merge::<T>(root, &field_path, v, dropped);
                continue;
            }
        }
        dropped.push(format!("field '{shown}' has a wrong value ({})", kind(v)));
    }
}

fn pointer_mut<'a>(root: &'a mut Value, path: &[String]) -> Option<&'a mut Value> {
    let mut at = root;
    for key in path {
        at = at.as_object_mut()?.get_mut(key)?;
    }
    Some(at)
}

fn kind(v: &Value) -> String {
    let text = v.to_string();
    if text.chars().count() > 40 {
        format!("{}…", text.chars().take(40).collect::<String>())
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::state::Selection;

    #[test]
    fn settings_round_trip_through_json() {
        let mut ui = UiState {
            selection: Some(Selection::Route("r1".into())),
            ..UiState::default()
        };
        ui.map.zoom = 6.5;
        ui.charts.oblasts.insert("KZ.SK".into());
        let (back, messages) = from_text(&to_json(&ui));
        assert_eq!(back, ui);
        assert!(messages.is_empty());
    }

    #[test]
    fn a_wrong_field_is_dropped_and_the_rest_kept() {
        let mut ui = UiState::default();
        ui.map.show_routes = false;
        ui.charts.oblasts.insert("KZ.SK".into());
        let mut v = serde_json::to_value(&ui).unwrap();
        v["map"]["zoom"] = Value::String("far".into());
        v["map"]["center_lon_lat"] = Value::Null; // what a NaN centre is written as
        v["charts"]["log_scale"] = serde_json::json!([1, 2]);
        v["selection"] = serde_json::json!({"Nope": 3});
        v["surprise"] = serde_json::json!(true);
        let (back, messages) = from_text(&v.to_string());
        assert!(
            !back.map.show_routes,
            "a good field next to bad ones is kept"
        );
        assert!(back.charts.oblasts.contains("KZ.SK"));
        assert_eq!(back.map.zoom, UiState::default().map.zoom);
        assert_eq!(
            back.map.center_lon_lat,
            UiState::default().map.center_lon_lat
        );
        assert_eq!(back.selection, None);
        let all = messages.join("\n");
        for part in [
            "map.zoom",
            "map.center_lon_lat",
            "charts.log_scale",
            "selection",
            "surprise",
        ] {
            assert!(all.contains(part), "{part} not reported in:\n{all}");
        }
    }

    #[test]
    fn text_that_is_not_settings_gives_the_defaults_and_says_so() {
        for text in ["", "[1,2]", "null", "{\"map\": ", "\u{0}\u{1}", "42"] {
            let (ui, messages) = from_text(text);
            assert_eq!(ui, UiState::default(), "{text:?}");
            assert_eq!(messages.len(), 1, "{text:?}: {messages:?}");
        }
    }

    #[test]
    fn settings_saved_as_ron_by_older_versions_still_load() {
        #[derive(Default)]
        struct Mem(Option<String>);
        impl eframe::Storage for Mem {
            fn get_string(&self, _: &str) -> Option<String> {
                self.0.clone()
            }
            fn set_string(&mut self, _: &str, v: String) {
                self.0 = Some(v);
            }
            fn remove_string(&mut self, _: &str) {}
            fn flush(&mut self) {}
        }
        let mut ui = UiState::default();
        ui.map.show_places = false;
        let mut old = Mem::default();
        eframe::set_value(&mut old, STORAGE_KEY, &ui);
        let (back, messages) = load(Some(&old));
        assert_eq!(back, ui);
        assert!(messages.is_empty());
    }
}
