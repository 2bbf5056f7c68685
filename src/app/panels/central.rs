//! Central area: tabs for the map and the charts.

use crate::app::{AppState, CentralTab, Command};

pub fn show(ui: &mut egui::Ui, state: &AppState, commands: &mut Vec<Command>) {
    ui.horizontal(|ui| {
        for (tab, label) in [(CentralTab::Map, "Map"), (CentralTab::Charts, "Charts")] {
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
    let d = &state.dataset;
    ui.label(format!(
        "{} — {} sources, {} places, {} routes, {} flows, {} figures.",
        d.title,
        d.sources.len(),
        d.places.len(),
        d.routes.len(),
        d.flows.len(),
        d.figures.len()
    ));
}
