//! Central area: tabs for the map and the charts.

use crate::app::map::{self, MapView};
use crate::app::{AppState, CentralTab, Command};

pub fn show(
    ui: &mut egui::Ui,
    state: &AppState,
    map_view: Option<&mut MapView>,
    basemap_error: Option<&str>,
    commands: &mut Vec<Command>,
) {
    ui.horizontal(|ui| {
        for (tab, label) in [
            (CentralTab::Map, "Map"),
            (CentralTab::Charts, "Charts"),
            (CentralTab::Imported, "Imported"),
        ] {
            if ui
                .selectable_label(state.ui.central_tab == tab, label)
                .clicked()
            {
                commands.push(Command::SetCentralTab(tab));
            }
        }
        ui.separator();
        ui.weak(format!("Data: {}", state.dataset_label));
    });
    ui.separator();
    match state.ui.central_tab {
        CentralTab::Map => match map_view {
            Some(view) => {
                // The timeline sits under the map and drives its oblast layer.
                egui::Panel::bottom("map_timeline")
                    .frame(
                        egui::Frame::side_top_panel(ui.style()).inner_margin(egui::vec2(6.0, 5.0)),
                    )
                    .show(ui, |ui| map::timeline::show(ui, state, view, commands));
                map::show(ui, state, view, &state.route_facts, commands)
            }
            None => {
                ui.label(format!(
                    "The basemap could not be loaded: {}",
                    basemap_error.unwrap_or("unknown error")
                ));
            }
        },
        CentralTab::Charts => super::charts::show(ui, state, commands),
        CentralTab::Imported => super::imported::show(ui, state, commands),
    }
}
