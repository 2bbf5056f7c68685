//! Application state. `UiState` is what survives a restart.

use std::collections::BTreeSet;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::analysis::corridor::{self, CorridorSummary, CorridorTarget};
use crate::analysis::graph::RouteNetwork;
use crate::analysis::route_facts::RouteFacts;
use crate::app::map::MapUiState;
use crate::app::panels::charts::ChartsUiState;
use crate::app::panels::chokepoints::ChokepointsUiState;
use crate::basemap::Basemap;
use crate::model::{Dataset, Mode, Route, RouteStatus};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Selection {
    Route(String),
    Place(String),
    /// A leg of the route network between two places (either order).
    Leg(String, String),
    /// A Kazakh unit by HASC key (`KZ.SK`).
    Oblast(String),
}

impl Selection {
    /// What the corridor summary describes for this selection, if anything.
    pub fn corridor_target(&self) -> Option<CorridorTarget> {
        match self {
            Selection::Route(_) => None,
            Selection::Place(id) => Some(CorridorTarget::Place(id.clone())),
            Selection::Leg(a, b) => Some(CorridorTarget::Leg(a.clone(), b.clone())),
            Selection::Oblast(h) => Some(CorridorTarget::Oblast(h.clone())),
        }
    }
}

/// What the left panel shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum LeftTab {
    #[default]
    Routes,
    Chokepoints,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum CentralTab {
    #[default]
    Map,
    Charts,
    /// Imported layers: files, SHA-256, rows used and skipped, problems.
    Imported,
}

/// Which routes the list (and map) shows. Stored as what is hidden, so values
/// that appear in a new dataset are shown by default.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct RouteFilter {
    pub hidden_origins: BTreeSet<String>,
    pub hidden_modes: BTreeSet<Mode>,
    pub hidden_statuses: BTreeSet<RouteStatus>,
}

impl RouteFilter {
    pub fn shows(&self, route: &Route) -> bool {
        !self.hidden_origins.contains(&route.origin_country)
            && !self.hidden_modes.contains(&route.mode)
            && !self.hidden_statuses.contains(&route.status)
    }

    pub fn is_default(&self) -> bool {
        self == &RouteFilter::default()
    }
}

/// State persisted with eframe storage.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct UiState {
    pub selection: Option<Selection>,
    pub filter: RouteFilter,
    pub central_tab: CentralTab,
    pub charts: ChartsUiState,
    pub map: MapUiState,
    /// The timeline year shared by the map and the time charts.
    pub year: Option<i32>,
    /// Imported files, read again at the next start.
    pub imports: Vec<crate::import::persist::PersistedImport>,
    /// The "Export map" dialog, while open.
    #[serde(skip)]
    pub map_export: Option<crate::app::panels::map_export::MapExportDialog>,
    pub left_tab: LeftTab,
    pub chokepoints: ChokepointsUiState,
    /// The "Save view" / "Open view" dialog, while open.
    #[serde(skip)]
    pub views: Option<crate::app::panels::views::ViewsDialog>,
}

/// Everything the UI reads.
pub struct AppState {
    /// What every view reads: the curated dataset plus imported layers
    /// (rebuilt from `curated` and `imports.layers` when layers change).
    pub dataset: Dataset,
    /// The curated dataset as loaded, never changed by imports.
    pub curated: Dataset,
    /// Imported layers, the running import, the file browser.
    pub imports: crate::app::imports::ImportsState,
    /// Where the dataset came from (path or the embedded label).
    pub dataset_label: String,
    /// Problems with a `--data` file that could not be used; shown until dismissed.
    pub load_problems: Vec<String>,
    pub ui: UiState,
    /// Length and areas crossed of each route (empty if the basemap failed).
    pub route_facts: Vec<RouteFacts>,
    /// A year hovered in a chart; the map shows it instead of `ui.year`
    /// while it lasts. Not persisted.
    pub preview_year: Option<i32>,
    /// SHA-256 of the bytes the dataset was parsed from (empty when the
    /// dataset was given in memory); exported images cite it.
    pub dataset_sha256: String,
    /// The bytes the dataset was parsed from (empty when given in memory).
    pub dataset_bytes: std::sync::Arc<[u8]>,
    /// Things repaired or missing at start (settings, assets); shown until dismissed.
    pub notices: Vec<String>,
    /// The folder the export dialog proposes.
    pub export_dir: PathBuf,
    /// `Some(why)`: online tiles may not be switched on in this run (`--offline`).
    pub offline_reason: Option<String>,
    /// The network of the routes the filters show (chokepoint ranking).
    pub network: RouteNetwork,
    /// Corridor summary of the selected place, leg or oblast.
    pub corridor: Option<CorridorSummary>,
    /// `route_facts` are being worked out in the background; what needs
    /// them says so instead of showing nothing.
    pub route_facts_pending: bool,
}

impl AppState {
    /// State for a dataset and saved settings; the settings are sanitised.
    pub fn new(dataset: Dataset, dataset_label: String, ui: UiState) -> Self {
        let mut state = AppState {
            curated: dataset.clone(),
            imports: Default::default(),
            dataset,
            dataset_label,
            load_problems: vec![],
            ui,
            route_facts: vec![],
            preview_year: None,
            dataset_sha256: String::new(),
            dataset_bytes: std::sync::Arc::from(&[][..]),
            notices: vec![],
            export_dir: PathBuf::from("."),
            offline_reason: None,
            network: Default::default(),
            corridor: None,
            route_facts_pending: false,
        };
        let repaired = state.sanitize();
        state.notices.extend(repaired);
        state
    }

    /// Make saved settings fit the dataset and the program's limits: drop a
    /// selection or oblasts the dataset does not have, and reset a map view
    /// that is not finite or out of range. Returns one message per repair.
    pub fn sanitize(&mut self) -> Vec<String> {
        let mut repaired = Vec::new();
        let keep = match &self.ui.selection {
            Some(Selection::Route(id)) => self.dataset.route(id).is_some(),
            Some(Selection::Place(id)) => self.dataset.place(id).is_some(),
            Some(Selection::Leg(a, b)) => self.dataset.routes.iter().any(|r| {
                r.waypoints.windows(2).any(|w| {
                    (w[0].place == *a && w[1].place == *b) || (w[0].place == *b && w[1].place == *a)
                })
            }),
            Some(Selection::Oblast(h)) => self.dataset.region(h).is_some(),
            None => true,
        };
        if !keep {
            self.ui.selection = None;
        }
        let known: BTreeSet<String> = crate::charts::oblast_choices(&self.dataset)
            .into_iter()
            .map(|(key, _)| key)
            .collect();
        let unknown: Vec<String> = self
            .ui
            .charts
            .oblasts
            .iter()
            .filter(|k| !known.contains(*k))
            .cloned()
            .collect();
        for key in unknown {
            self.ui.charts.oblasts.remove(&key);
            repaired.push(format!(
                "settings: oblast '{}' is not in this dataset; left out of the comparison",
                key.chars().take(40).collect::<String>()
            ));
        }
        let map = &mut self.ui.map;
        let defaults = crate::app::map::MapUiState::default();
        let (lon, lat) = map.center_lon_lat;
        let lat_limit = crate::basemap::mercator::MAX_LAT;
        if !(lon.is_finite() && lat.is_finite() && lon.abs() <= 180.0 && lat.abs() <= lat_limit) {
            map.center_lon_lat = defaults.center_lon_lat;
            repaired.push(format!(
                "settings: map centre ({lon}, {lat}) is not a place on the map; reset"
            ));
        }
        let (min, max) = (
            crate::app::map::MIN_ZOOM,
            crate::app::map::tiles::MAX_ZOOM as f64,
        );
        if !map.zoom.is_finite() {
            map.zoom = defaults.zoom;
            repaired.push("settings: map zoom is not a number; reset".to_owned());
        } else if !(min..=max).contains(&map.zoom) {
            let zoom = if map.zoom.abs() < 1e6 {
                format!("{}", map.zoom)
            } else {
                format!("{:e}", map.zoom)
            };
            repaired.push(format!(
                "settings: map zoom {zoom} is outside {min}…{max}; limited"
            ));
            map.zoom = map.zoom.clamp(min, max);
        }
        repaired
    }

    /// Rebuild the route network (after a filter change) and the corridor
    /// summary (after a selection change). Cheap: milliseconds at this size.
    pub fn refresh_analysis(&mut self, basemap: Option<&Basemap>) {
        let filter = &self.ui.filter;
        self.network = RouteNetwork::build(&self.dataset, |r| filter.shows(r));
        // A leg the filters now hide is no longer in the network: drop it
        // rather than keep a selection nothing on screen shows.
        if let Some(Selection::Leg(a, b)) = &self.ui.selection
            && self.network.leg(a, b).is_none()
        {
            self.ui.selection = None;
        }
        self.corridor = self
            .ui
            .selection
            .as_ref()
            .and_then(Selection::corridor_target)
            // An oblast's routes come from the route facts: wait for them.
            .filter(|t| !(self.route_facts_pending && matches!(t, CorridorTarget::Oblast(_))))
            .map(|t| {
                corridor::summary(&self.dataset, &self.network, &self.route_facts, basemap, &t)
            });
    }

    /// Route records the map highlights: those passing the selected place,
    /// leg or oblast (empty for a route selection or none).
    pub fn highlighted_routes(&self) -> BTreeSet<&str> {
        let target = self
            .ui
            .selection
            .as_ref()
            .and_then(Selection::corridor_target);
        match &self.corridor {
            Some(c) if Some(&c.target) == target.as_ref() => c
                .routes
                .iter()
                .flat_map(|r| r.records.iter().map(String::as_str))
                .collect(),
            _ => BTreeSet::new(),
        }
    }

    /// The year the map and charts show now: a hovered chart year, else the
    /// timeline year.
    pub fn shown_year(&self) -> Option<i32> {
        self.preview_year.or(self.ui.year)
    }

    /// Origin countries in the order the list shows them.
    pub fn origins(&self) -> Vec<String> {
        let set: BTreeSet<&str> = self
            .dataset
            .routes
            .iter()
            .map(|r| r.origin_country.as_str())
            .collect();
        set.into_iter().map(str::to_owned).collect()
    }

    pub fn visible_routes(&self) -> impl Iterator<Item = &Route> {
        self.dataset
            .routes
            .iter()
            .filter(|r| self.ui.filter.shows(r))
    }
}
