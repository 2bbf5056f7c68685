//! Saved views: a small, versioned JSON file that says what the window shows
//! (map extent and layers, year, selection, central tab, chart and its
//! options) and, when it comes from an exported image, the image's size, so
//! that the same view renders the same image, byte for byte.
//!
//! No egui here: the window turns a [`View`] into commands
//! (`app::panels::views`), the command line and the exporters into
//! `ChartOptions` / `MapImageOptions` ([`render`]). [`embed`] writes a view
//! into PNG text chunks and SVG `<metadata>` and reads it back.
//!
//! Format (docs/VIEWS.md): `{"format": "route-explorer-view", "version": 1, …}`.
//! Every section may be left out (it then takes its default); unknown fields
//! are refused, so a misspelt key is reported rather than ignored.

pub mod embed;
pub mod render;

use std::fmt;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::charts::{ChartDrug, ChartId, ChartOptions};
use crate::model::{Mode, RouteStatus};

/// The `format` every view file carries.
pub const FORMAT: &str = "route-explorer-view";
/// The version this program writes and reads.
pub const VERSION: u32 = 1;

/// A saved view.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct View {
    pub format: String,
    pub version: u32,
    /// The dataset the view was made from (label and SHA-256). Informational:
    /// a view opens on any dataset; the command line warns when it differs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dataset: Option<DatasetRef>,
    /// Imported files the view uses (path and SHA-256). Always empty until
    /// imports exist (the `import` work); kept so version 1 files can carry them.
    #[serde(default)]
    pub imported_files: Vec<ImportedFile>,
    #[serde(default)]
    pub central_tab: Tab,
    #[serde(default)]
    pub map: MapSection,
    /// The timeline year (map oblast layer). `None`: the latest year with data.
    #[serde(default)]
    pub year: Option<i32>,
    #[serde(default)]
    pub selection: Option<ViewSelection>,
    /// Routes hidden by the route filter.
    #[serde(default)]
    pub hidden_routes: HiddenRoutes,
    #[serde(default)]
    pub chart: ChartSection,
    /// The exported image this view describes (size, scale). Absent in a
    /// view saved from the window; present in the view embedded in an image.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<ImageSection>,
}

impl Default for View {
    fn default() -> Self {
        View {
            format: FORMAT.to_owned(),
            version: VERSION,
            dataset: None,
            imported_files: Vec::new(),
            central_tab: Tab::default(),
            map: MapSection::default(),
            year: None,
            selection: None,
            hidden_routes: HiddenRoutes::default(),
            chart: ChartSection::default(),
            image: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DatasetRef {
    /// A path, or the embedded dataset's label.
    pub label: String,
    pub sha256: String,
}

/// A file imported into the window (not yet produced: see `View::imported_files`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImportedFile {
    pub path: String,
    pub sha256: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Tab {
    #[default]
    Map,
    Charts,
    /// The imported layers' list.
    Imported,
}

/// The map: where it looks and what it draws.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MapSection {
    /// Centre of the window's map, [lon, lat] in degrees.
    pub center: Option<[f64; 2]>,
    /// Zoom level of the window's map (0 = the world in 256 points).
    pub zoom: Option<f64>,
    /// The area shown, [west, south, east, north] in degrees. Map images show
    /// it whole; the window fits it when no centre and zoom are given.
    /// `None`: every place, as "Fit all".
    pub bbox: Option<[f64; 4]>,
    pub layers: Layers,
    /// Figure series of the oblast layer. `None`: the first one offered.
    pub oblast_series: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Layers {
    pub routes: bool,
    pub flows: bool,
    pub places: bool,
    pub oblasts: bool,
    pub legend: bool,
    /// OpenStreetMap tiles (window only; map images use the offline basemap).
    pub online_tiles: bool,
}

impl Default for Layers {
    fn default() -> Self {
        Layers {
            routes: true,
            flows: true,
            places: true,
            oblasts: true,
            legend: true,
            online_tiles: false,
        }
    }
}

/// What is selected, by dataset id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum ViewSelection {
    Route(String),
    Place(String),
    /// A leg of the route network, [place, place].
    Leg(String, String),
    /// A Kazakh unit by HASC key (`KZ.SK`).
    Oblast(String),
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct HiddenRoutes {
    pub origins: Vec<String>,
    pub modes: Vec<Mode>,
    pub statuses: Vec<RouteStatus>,
}

impl HiddenRoutes {
    pub fn is_empty(&self) -> bool {
        self.origins.is_empty() && self.modes.is_empty() && self.statuses.is_empty()
    }
}

/// The chart and its options.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ChartSection {
    /// Chart id, as `route-explorer charts` lists them.
    pub id: ChartKey,
    pub drug: DrugKey,
    /// Oblasts of the oblast views (HASC keys), in legend order. `None`
    /// (null or absent): every oblast with a figure for the drug, as the
    /// command line's default; an image always records the list it drew.
    pub oblasts: Option<Vec<String>>,
    pub log_scale: bool,
    pub index_base_year: Option<i32>,
    pub value_labels: bool,
    /// Also draw the reading as printed in the source.
    pub show_printed: bool,
    /// Ranking and slope: the year shown (`--year`).
    pub year: Option<i32>,
    /// Ranking and slope: the year compared with (`--from-year`).
    pub from_year: Option<i32>,
    /// Imported series drawn next to the curated ones, as [merged series id,
    /// legend text] (national and oblast-comparison charts; the files are in
    /// `imported_files`).
    pub imported_series: Vec<(String, String)>,
}

impl Default for ChartSection {
    fn default() -> Self {
        // The chart tab's defaults; the oblasts from the data.
        let o = ChartOptions::default();
        ChartSection {
            id: ChartKey(ChartId::default()),
            drug: DrugKey(o.drug),
            oblasts: None,
            log_scale: o.log_scale,
            index_base_year: o.index_base_year,
            value_labels: o.value_labels,
            show_printed: o.show_printed,
            year: o.year,
            from_year: o.from_year,
            imported_series: Vec::new(),
        }
    }
}

impl ChartSection {
    /// The oblasts of the oblast views: the view's list, or every oblast
    /// with a figure for the drug (the largest when there are many).
    pub fn oblasts_in(&self, dataset: &crate::model::Dataset) -> Vec<String> {
        match &self.oblasts {
            Some(list) => list.clone(),
            // Many oblasts: the largest, as the window opens on.
            None => match crate::charts::largest_oblasts(dataset, self.drug.0, self.year) {
                Some(largest) => largest.keys,
                None => crate::charts::oblasts_with_figures(dataset, self.drug.0),
            },
        }
    }

    pub fn from_options(id: ChartId, o: &ChartOptions) -> Self {
        ChartSection {
            id: ChartKey(id),
            drug: DrugKey(o.drug),
            oblasts: Some(o.oblasts.clone()),
            log_scale: o.log_scale,
            index_base_year: o.index_base_year,
            value_labels: o.value_labels,
            show_printed: o.show_printed,
            year: o.year,
            from_year: o.from_year,
            imported_series: o.imported_series.clone(),
        }
    }

    /// The chart options; `dataset` gives the default oblasts.
    pub fn options(&self, dataset: &crate::model::Dataset) -> ChartOptions {
        ChartOptions {
            drug: self.drug.0,
            oblasts: self.oblasts_in(dataset),
            log_scale: self.log_scale,
            index_base_year: self.index_base_year,
            value_labels: self.value_labels,
            show_printed: self.show_printed,
            year: self.year,
            from_year: self.from_year,
            imported_series: self.imported_series.clone(),
        }
    }
}

/// A chart id written as its command-line id (`"oblast-ranking"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ChartKey(pub ChartId);

impl TryFrom<String> for ChartKey {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        ChartId::parse(&s).map(ChartKey).ok_or_else(|| {
            let ids: Vec<&str> = ChartId::ALL.iter().map(|c| c.id()).collect();
            format!("unknown chart '{s}'; valid charts: {}", ids.join(", "))
        })
    }
}

impl From<ChartKey> for String {
    fn from(k: ChartKey) -> String {
        k.0.id().to_owned()
    }
}

/// A drug written as its command-line key (`"heroin"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct DrugKey(pub ChartDrug);

impl TryFrom<String> for DrugKey {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        ChartDrug::parse(&s)
            .map(DrugKey)
            .ok_or_else(|| format!("unknown drug '{s}'; use heroin, opium or opiates"))
    }
}

impl From<DrugKey> for String {
    fn from(k: DrugKey) -> String {
        k.0.key().to_owned()
    }
}

/// Which figure an exported image shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Figure {
    Chart,
    Map,
}

/// The exported image a view describes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImageSection {
    pub figure: Figure,
    pub width_px: u32,
    pub height_px: u32,
    /// Size of text and lines (1 = as on screen).
    pub scale: f64,
    /// Chart SVG: the font embedded.
    #[serde(default)]
    pub embed_font: bool,
    /// Map: the title over the map (`None`: the dataset's title).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
}

/// Why a view could not be read. Every message names the file.
#[derive(Debug, Clone, PartialEq)]
pub enum ViewError {
    Io {
        file: String,
        message: String,
    },
    /// Not JSON, or a field of the wrong kind: the position and what is wrong.
    Syntax {
        file: String,
        line: usize,
        column: usize,
        message: String,
    },
    /// Valid JSON, but not a view (`format` missing or different).
    NotAView {
        file: String,
        found: Option<String>,
        /// Set when the file is not even a JSON object.
        why: Option<String>,
    },
    UnsupportedVersion {
        file: String,
        version: String,
    },
}

impl fmt::Display for ViewError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ViewError::Io { file, message } => write!(f, "{file}: cannot read the view: {message}"),
            ViewError::Syntax {
                file,
                line,
                column,
                message,
            } => write!(f, "{file}: line {line}, column {column}: {message}"),
            ViewError::NotAView { file, found, why } => match (found, why) {
                (_, Some(why)) => write!(f, "{file}: not a view: {why}"),
                (Some(other), None) => write!(
                    f,
                    "{file}: not a view: \"format\" is \"{other}\", expected \"{FORMAT}\""
                ),
                (None, None) => write!(
                    f,
                    "{file}: not a view: no \"format\": \"{FORMAT}\" field at the top level"
                ),
            },
            ViewError::UnsupportedVersion { file, version } => write!(
                f,
                "{file}: view version {version} is not supported; this program reads version {VERSION} (a newer program may have written it)"
            ),
        }
    }
}

impl std::error::Error for ViewError {}

impl View {
    /// Parse a view; `file` names it in errors.
    pub fn parse(file: &str, text: &str) -> Result<View, ViewError> {
        let syntax = |e: serde_json::Error| ViewError::Syntax {
            file: file.to_owned(),
            line: e.line(),
            column: e.column(),
            message: clean_serde_message(&e.to_string()),
        };
        // The format and version are read first, so that a newer version is
        // reported as such, not as unknown fields.
        let value: serde_json::Value = serde_json::from_str(text).map_err(syntax)?;
        let Some(top) = value.as_object() else {
            let kind = match value {
                serde_json::Value::Array(_) => "a JSON array",
                serde_json::Value::String(_) => "a JSON string",
                serde_json::Value::Number(_) => "a JSON number",
                _ => "a JSON literal",
            };
            return Err(ViewError::NotAView {
                file: file.to_owned(),
                found: None,
                why: Some(format!("the file holds {kind}, not an object")),
            });
        };
        match top.get("format").cloned() {
            Some(serde_json::Value::String(s)) if s == FORMAT => {}
            Some(serde_json::Value::String(s)) => {
                return Err(ViewError::NotAView {
                    file: file.to_owned(),
                    found: Some(s),
                    why: None,
                });
            }
            Some(other) => {
                return Err(ViewError::NotAView {
                    file: file.to_owned(),
                    found: Some(other.to_string()),
                    why: None,
                });
            }
            None => {
                return Err(ViewError::NotAView {
                    file: file.to_owned(),
                    found: None,
                    why: None,
                });
            }
        }
        match top.get("version").cloned() {
            Some(serde_json::Value::Number(n)) if n.as_u64() == Some(u64::from(VERSION)) => {}
            Some(v) => {
                return Err(ViewError::UnsupportedVersion {
                    file: file.to_owned(),
                    version: v.to_string(),
                });
            }
            None => {
                return Err(ViewError::UnsupportedVersion {
                    file: file.to_owned(),
                    version: "(missing)".to_owned(),
                });
            }
        }
        serde_json::from_str(text).map_err(syntax)
    }

    /// Read and parse a view file.
    pub fn read(path: &Path) -> Result<View, ViewError> {
        let file = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| ViewError::Io {
            file: file.clone(),
            message: e.to_string(),
        })?;
        View::parse(&file, &text)
    }

    /// Read a view file, or the view embedded in an image route-explorer
    /// exported (PNG, or a file named `.svg`). The message names the file.
    pub fn read_file_or_image(path: &Path) -> Result<View, String> {
        let file = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|e| {
            ViewError::Io {
                file: file.clone(),
                message: e.to_string(),
            }
            .to_string()
        })?;
        let is_image = bytes.starts_with(b"\x89PNG")
            || path
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("svg"));
        let text = if is_image {
            embed::view_of_image(&file, &bytes)?
        } else {
            String::from_utf8(bytes)
                .map_err(|_| format!("{file}: not a view: not UTF-8 text (a view is JSON)"))?
        };
        View::parse(&file, &text).map_err(|e| e.to_string())
    }

    /// The view as pretty JSON with a final newline: what is saved and
    /// embedded (the same view always gives the same text).
    pub fn to_json(&self) -> String {
        // Serialising plain structs of strings, numbers and bools cannot fail.
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text
    }
}

/// serde_json appends " at line L column C"; the position is given separately.
fn clean_serde_message(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message.to_owned(),
    }
}

#[cfg(test)]
mod tests;
