//! A window listing the problems of a `--data` file that could not be used.

use crate::app::{AppState, Command};

pub fn show(ctx: &egui::Context, state: &AppState, commands: &mut Vec<Command>) {
    if state.load_problems.is_empty() {
        return;
    }
    egui::Window::new("Data file problems")
        .collapsible(false)
        .default_width(560.0)
        .show(ctx, |ui| {
            ui.label(format!(
                "The file could not be used; showing {} instead.",
                state.dataset_label
            ));
            ui.separator();
            egui::ScrollArea::vertical()
                .max_height(300.0)
                .show(ui, |ui| {
                    for line in &state.load_problems {
                        ui.monospace(line);
                    }
                });
            ui.separator();
            if ui.button("Dismiss").clicked() {
                commands.push(Command::DismissLoadProblems);
            }
        });
}
