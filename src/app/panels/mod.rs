//! One module per panel. Each `show` reads `AppState` and pushes `Command`s.

pub mod central;
pub mod charts;
pub mod chokepoints;
pub mod details;
pub mod file_menu;
pub mod imported;
pub mod map_export;
pub mod notices;
pub mod problems;
pub mod routes;
pub mod views;

/// A labelled one-line path field of a file dialog; the new text when the
/// user changed it.
pub(crate) fn path_field(ui: &mut egui::Ui, label: &str, path: &str) -> Option<String> {
    ui.horizontal(|ui| {
        let label = ui.label(label);
        let mut path = path.to_owned();
        let edit = egui::TextEdit::singleline(&mut path).desired_width(420.0);
        ui.add(edit).labelled_by(label.id).changed().then_some(path)
    })
    .inner
}

/// What the last action of a file dialog gave: a message, or an error in
/// the error colour.
pub(crate) fn show_outcome(ui: &mut egui::Ui, outcome: &Option<Result<String, String>>) {
    match outcome {
        Some(Ok(msg)) => {
            ui.label(msg);
        }
        Some(Err(msg)) => {
            ui.colored_label(ui.visuals().error_fg_color, msg);
        }
        None => {}
    }
}
