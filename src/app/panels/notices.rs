//! A window listing what was repaired or missing at start (settings that
//! did not fit, an asset that could not be loaded, online tiles refused).

use crate::app::{AppState, Command};

pub fn show(ctx: &egui::Context, state: &AppState, commands: &mut Vec<Command>) {
    if state.notices.is_empty() {
        return;
    }
    egui::Window::new("Notices")
        .collapsible(false)
        .default_width(300.0)
        .anchor(egui::Align2::RIGHT_TOP, egui::vec2(-12.0, 48.0))
        .show(ctx, |ui| {
            egui::ScrollArea::vertical()
                .max_height(240.0)
                .show(ui, |ui| {
                    for line in &state.notices {
                        ui.label(line);
                    }
                });
            ui.separator();
            if ui.button("OK").clicked() {
                commands.push(Command::DismissNotices);
            }
        });
}
