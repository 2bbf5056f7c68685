//! Everything the UI can ask for. Panels push commands; `App::apply` is the
//! only place state changes.

use crate::model::{Mode, RouteStatus};

use super::map::MapCommand;
use super::panels::charts::ChartCommand;
use super::panels::chokepoints::ChokepointCommand;
use super::state::{CentralTab, LeftTab, Selection};

#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// Select a route or place (None clears the selection).
    Select(Option<Selection>),
    /// Show or hide routes from one origin country.
    ShowOrigin(String, bool),
    ShowMode(Mode, bool),
    ShowStatus(RouteStatus, bool),
    /// Show every route again.
    ResetFilters,
    SetCentralTab(CentralTab),
    /// Close the list of problems found in a `--data` file.
    DismissLoadProblems,
    /// Close the list of things repaired or missing at start.
    DismissNotices,
    /// A change to the charts (chart choice, oblasts, options, export).
    Chart(ChartCommand),
    /// Layers, view fits, zoom.
    Map(MapCommand),
    /// The timeline year shared by the map's oblast layer and the time charts
    /// (`None`: the latest year the chosen figure has).
    SetYear(Option<i32>),
    /// A year hovered in a chart, previewed on the map until the pointer
    /// leaves (`None` ends the preview).
    PreviewYear(Option<i32>),
    /// Import, reload or remove analysts' data files (File menu, drop, browser).
    Import(super::imports::ImportCommand),
    /// The "Export map" dialog; saving renders and writes the map image.
    MapExport(super::panels::map_export::MapExportCommand),
    /// Show the route list or the chokepoint ranking in the left panel.
    SetLeftTab(LeftTab),
    /// Places or legs, and the ranking order, of the chokepoint list.
    Chokepoints(ChokepointCommand),
    /// Save view… / Open view… (the dialog, and applying a view file).
    Views(super::panels::views::ViewsCommand),
}
