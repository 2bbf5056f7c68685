//! Map settings that survive a restart, and the commands that change them.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Layer {
    Routes,
    /// The sources' other trafficking channels, from end to named end.
    Flows,
    Places,
    Oblasts,
    /// OpenStreetMap tiles from the network (off by default).
    OnlineTiles,
    /// The key to symbols, colours and classes.
    Legend,
}

impl Layer {
    pub const ALL: [Layer; 6] = [
        Layer::Routes,
        Layer::Flows,
        Layer::Places,
        Layer::Oblasts,
        Layer::Legend,
        Layer::OnlineTiles,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Layer::Routes => "Route lines",
            Layer::Flows => "Other flows (schematic)",
            Layer::Places => "Place symbols",
            Layer::Oblasts => "Oblast figures",
            Layer::OnlineTiles => "OpenStreetMap tiles (online)",
            Layer::Legend => "Legend",
        }
    }
}

/// Which series the oblast layer colours by; the year comes from the timeline
/// (`UiState::year`). Settings saved when the key also held a year still load:
/// the old `year` field is ignored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChoroplethKey {
    pub series: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct MapUiState {
    pub show_routes: bool,
    pub show_places: bool,
    pub show_oblasts: bool,
    pub online_tiles: bool,
    pub show_legend: bool,
    pub choropleth: Option<ChoroplethKey>,
    pub show_flows: bool,
    /// View centre (lon, lat) and zoom, restored at start.
    pub center_lon_lat: (f64, f64),
    pub zoom: f64,
}

impl Default for MapUiState {
    fn default() -> Self {
        MapUiState {
            show_routes: true,
            show_places: true,
            show_oblasts: true,
            online_tiles: false,
            show_legend: true,
            choropleth: None,
            show_flows: true,
            center_lon_lat: (66.0, 45.5),
            zoom: 4.0,
        }
    }
}

impl MapUiState {
    pub fn shows(&self, layer: Layer) -> bool {
        match layer {
            Layer::Routes => self.show_routes,
            Layer::Flows => self.show_flows,
            Layer::Places => self.show_places,
            Layer::Oblasts => self.show_oblasts,
            Layer::OnlineTiles => self.online_tiles,
            Layer::Legend => self.show_legend,
        }
    }

    pub fn set(&mut self, layer: Layer, on: bool) {
        match layer {
            Layer::Routes => self.show_routes = on,
            Layer::Flows => self.show_flows = on,
            Layer::Places => self.show_places = on,
            Layer::Oblasts => self.show_oblasts = on,
            Layer::OnlineTiles => self.online_tiles = on,
            Layer::Legend => self.show_legend = on,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum MapCommand {
    ShowLayer(Layer, bool),
    SetChoropleth(Option<ChoroplethKey>),
    /// Fit the view to every route and place.
    FitAll,
    /// Fit the view to one route.
    FitRoute(String),
    /// Fit the view to a set of places (the routes through a chokepoint).
    FitPlaces(Vec<String>),
    /// Centre on a place (search result) at city zoom.
    CenterOn(String),
    ZoomBy(f64),
    /// Start or stop stepping the timeline year by year.
    Play(bool),
    /// Centre on a lon/lat at a zoom level (a saved view).
    SetView {
        lon: f64,
        lat: f64,
        zoom: f64,
    },
    /// Fit the view to [west, south, east, north] in degrees (a saved view).
    FitExtent([f64; 4]),
}
