//! The menu bar: File (Import data…, Reload, Remove, Imported layers) and,
//! while an import runs, its progress bar and Cancel.

use crate::app::{AppState, CentralTab, Command, ImportCommand};

pub fn show(ui: &mut egui::Ui, state: &AppState, commands: &mut Vec<Command>) {
    let imports = &state.imports;
    egui::Panel::top("menu_bar").show(ui, |ui| {
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("File", |ui| {
                if ui
                    .button("Import data…")
                    .on_hover_text(
                        "Add a data file as a layer: long CSV, UNODC annex or individual \
                         seizures, Our World in Data CSV, or a table by oblast. \
                         You can also drop files on the window.",
                    )
                    .clicked()
                {
                    commands.push(Command::Import(ImportCommand::OpenDialog));
                    ui.close();
                }
                if ui.button("Browse for data files…").clicked() {
                    commands.push(Command::Import(ImportCommand::OpenBrowser(None)));
                    ui.close();
                }
                ui.separator();
                let has_layers = !imports.layers.is_empty();
                if ui
                    .add_enabled(has_layers, egui::Button::new("Reload imported files"))
                    .on_hover_text("Read every imported file again (after you changed it).")
                    .clicked()
                {
                    commands.push(Command::Import(ImportCommand::Reload(None)));
                    ui.close();
                }
                ui.add_enabled_ui(has_layers, |ui| {
                    ui.menu_button("Remove", |ui| {
                        for (i, layer) in imports.layers.iter().enumerate() {
                            if ui.button(format!("Remove {}", layer.name)).clicked() {
                                commands.push(Command::Import(ImportCommand::Remove(i)));
                                ui.close();
                            }
                        }
                    });
                });
                ui.separator();
                if ui.button("Imported layers").clicked() {
                    commands.push(Command::SetCentralTab(CentralTab::Imported));
                    ui.close();
                }
                ui.separator();
                super::views::menu_items(ui, commands);
            });
            if let Some(job) = &imports.job {
                ui.separator();
                let (i, n, fraction, name) = job.progress();
                let label = if job.is_cancelled() {
                    "Cancelling…".to_owned()
                } else if n > 1 {
                    format!("Importing {name} ({} of {n})", i + 1)
                } else {
                    format!("Importing {name}")
                };
                ui.add(
                    egui::ProgressBar::new(fraction)
                        .desired_width(260.0)
                        .text(label)
                        .animate(true),
                );
                if ui.button("Cancel").clicked() {
                    commands.push(Command::Import(ImportCommand::Cancel));
                }
            } else if let Some(m) = imports.messages.last() {
                ui.separator();
                let color = if m.is_error {
                    ui.visuals().error_fg_color
                } else {
                    ui.visuals().weak_text_color()
                };
                let text = first_line(&m.text);
                if ui
                    .add(
                        egui::Label::new(egui::RichText::new(text).color(color))
                            .truncate()
                            .sense(egui::Sense::click()),
                    )
                    .on_hover_text(format!("{}\n\nClick to see the Imported tab.", m.text))
                    .clicked()
                {
                    commands.push(Command::SetCentralTab(CentralTab::Imported));
                }
            }
        });
    });
}

fn first_line(s: &str) -> &str {
    s.lines().next().unwrap_or("")
}
