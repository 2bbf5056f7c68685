//! The Imported tab (each layer: name, file, SHA-256, rows used and
//! skipped, problems), the drop target and the in-app file browser.

use egui::{Color32, RichText};

use crate::app::{AppState, BrowseCommand, Command, ImportCommand};
use crate::import::Format;
use crate::import::merge;

fn push(commands: &mut Vec<Command>, c: ImportCommand) {
    commands.push(Command::Import(c));
}

pub fn show(ui: &mut egui::Ui, state: &AppState, commands: &mut Vec<Command>) {
    let imports = &state.imports;
    ui.horizontal(|ui| {
        ui.heading("Imported layers");
        if ui.button("Import data…").clicked() {
            push(commands, ImportCommand::OpenDialog);
        }
        if ui
            .add_enabled(!imports.layers.is_empty(), egui::Button::new("Reload all"))
            .clicked()
        {
            push(commands, ImportCommand::Reload(None));
        }
    });
    ui.weak(
        "Imported values are kept apart from the curated dataset and marked \
         \"imported · FILE\" wherever they appear. Drop files on the window to import them.",
    );
    ui.separator();
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            if !imports.messages.is_empty() {
                for m in imports.messages.iter().rev().take(8) {
                    if m.is_error {
                        ui.colored_label(ui.visuals().error_fg_color, &m.text);
                    } else {
                        ui.label(&m.text);
                    }
                }
                if ui.small_button("Clear messages").clicked() {
                    push(commands, ImportCommand::DismissMessages);
                }
                ui.separator();
            }
            for (i, (p, why)) in imports.missing.iter().enumerate() {
                ui.horizontal_wrapped(|ui| {
                    ui.colored_label(ui.visuals().warn_fg_color, why);
                    if ui.small_button(format!("Forget {}", p.name)).clicked() {
                        push(commands, ImportCommand::ForgetMissing(i));
                    }
                });
            }
            if imports.layers.is_empty() {
                ui.label("No imported data yet. Use File > Import data…, or drop a file here.");
                ui.add_space(6.0);
                ui.strong("Formats read (recognised from the content):");
                for f in Format::ALL {
                    ui.label(format!("• {}: {}", f.name(), f.required().join(", ")));
                }
                return;
            }
            let keys = merge::layer_keys(&imports.layers);
            for (i, layer) in imports.layers.iter().enumerate() {
                let r = &layer.report;
                let problems = r.problems.len() + r.problems_not_listed;
                let title = format!(
                    "{} · {} · {} value(s) · {} of {} rows used · {} problem(s)",
                    layer.name,
                    layer.format.short(),
                    layer.values.len(),
                    r.rows_used,
                    r.rows_read,
                    problems
                );
                egui::CollapsingHeader::new(RichText::new(title).strong())
                    .id_salt(("layer", &layer.path))
                    .default_open(true)
                    .show(ui, |ui| {
                        layer_details(ui, state, i, &keys[i], commands);
                    });
                ui.separator();
            }
        });
}

fn layer_details(
    ui: &mut egui::Ui,
    state: &AppState,
    index: usize,
    key: &str,
    commands: &mut Vec<Command>,
) {
    let layer = &state.imports.layers[index];
    let r = &layer.report;
    egui::Grid::new(("layer_grid", index))
        .num_columns(2)
        .spacing([12.0, 4.0])
        .show(ui, |ui| {
            ui.label("Name:");
            ui.label(layer.mark());
            ui.end_row();
            ui.label("File:");
            ui.label(layer.path.display().to_string());
            ui.end_row();
            ui.label("SHA-256:");
            ui.monospace(&layer.sha256);
            ui.end_row();
            ui.label("Format:");
            ui.label(layer.format.name());
            ui.end_row();
            ui.label("Rows:");
            ui.label(format!(
                "{} read, {} used, {} skipped",
                r.rows_read,
                r.rows_used,
                r.rows_skipped()
            ));
            ui.end_row();
        });
    ui.horizontal(|ui| {
        if ui.button(format!("Reload {}", layer.name)).clicked() {
            push(commands, ImportCommand::Reload(Some(index)));
        }
        if ui.button(format!("Remove {}", layer.name)).clicked() {
            push(commands, ImportCommand::Remove(index));
        }
    });
    ui.add_space(4.0);
    ui.strong("Series");
    for s in &layer.series {
        let id = merge::namespaced(key, &s.key);
        let n = state
            .dataset
            .figures
            .iter()
            .filter(|f| f.series == id)
            .count();
        ui.label(format!("• {} — {} value(s), {}", s.label, n, s.unit.key()))
            .on_hover_text(format!("Series id: {id}"));
    }
    if !r.skipped.is_empty() {
        ui.add_space(4.0);
        ui.strong("Skipped rows");
        for (reason, s) in &r.skipped {
            ui.label(format!(
                "• {} row(s): {reason} (rows {})",
                s.count,
                r.rows_text(&s.rows, s.count)
            ));
        }
    }
    if !r.notes.is_empty() {
        ui.add_space(4.0);
        ui.strong("Notes");
        for n in &r.notes {
            ui.label(format!("• {n}"));
        }
    }
    let problems = r.problem_lines();
    if !problems.is_empty() {
        ui.add_space(4.0);
        ui.strong(format!(
            "Problems ({})",
            r.problems.len() + r.problems_not_listed
        ));
        egui::ScrollArea::vertical()
            .id_salt(("problems", index))
            .max_height(180.0)
            .show(ui, |ui| {
                for p in problems {
                    ui.colored_label(ui.visuals().warn_fg_color, p);
                }
            });
    }
    if !layer.flows.is_empty() {
        ui.add_space(4.0);
        ui.strong(format!(
            "Flows between countries ({} departure-destination pairs; most seizures first)",
            layer.flows.len()
        ));
        egui::Grid::new(("flows", index))
            .striped(true)
            .num_columns(5)
            .show(ui, |ui| {
                for h in ["From", "To", "Drug", "Year", "Seizures (kg by weight)"] {
                    ui.strong(h);
                }
                ui.end_row();
                for f in layer.flows.iter().take(25) {
                    ui.label(&f.from_name);
                    ui.label(&f.to_name);
                    ui.label(&f.drug);
                    ui.label(f.year.to_string());
                    ui.label(format!(
                        "{} ({} kg)",
                        f.seizures,
                        crate::charts::fmt_round(f.amount_kg, 3)
                    ));
                    ui.end_row();
                }
            });
        if layer.flows.len() > 25 {
            ui.weak(format!("… and {} more pairs", layer.flows.len() - 25));
        }
    }
}

/// Files dropped on the window become an import; while files hover over
/// it, say what dropping will do.
pub fn drop_target(ctx: &egui::Context, _state: &AppState, commands: &mut Vec<Command>) {
    let (hovered, dropped) =
        ctx.input(|i| (i.raw.hovered_files.len(), i.raw.dropped_files.clone()));
    let paths: Vec<std::path::PathBuf> = dropped
        .iter()
        .map(|f| f.path().to_path_buf())
        .filter(|p| !p.as_os_str().is_empty())
        .collect();
    if !paths.is_empty() {
        push(commands, ImportCommand::Files(paths));
    }
    if hovered > 0 {
        let painter = ctx.layer_painter(egui::LayerId::new(
            egui::Order::Foreground,
            egui::Id::unique("drop_target"),
        ));
        let rect = ctx.content_rect();
        painter.rect_filled(rect, 0.0, Color32::from_black_alpha(140));
        painter.text(
            rect.center(),
            egui::Align2::CENTER_CENTER,
            format!("Drop to import {hovered} file(s) as layers"),
            egui::FontId::proportional(24.0),
            Color32::WHITE,
        );
    }
}

/// The in-app file browser (where no system dialog is available).
pub fn browser_window(ctx: &egui::Context, state: &AppState, commands: &mut Vec<Command>) {
    let Some(b) = &state.imports.browser else {
        return;
    };
    let mut open = true;
    egui::Window::new("Import data")
        .collapsible(false)
        .default_size([560.0, 420.0])
        .open(&mut open)
        .show(ctx, |ui| {
            ui.horizontal(|ui| {
                if ui.button("Up").on_hover_text("Parent folder").clicked() {
                    push(commands, ImportCommand::Browse(BrowseCommand::Up));
                }
                let label = ui.label("Path:");
                let mut text = b.path_text.clone();
                let edit = ui
                    .add(egui::TextEdit::singleline(&mut text).desired_width(400.0))
                    .labelled_by(label.id);
                if edit.changed() {
                    push(
                        commands,
                        ImportCommand::Browse(BrowseCommand::SetPath(text)),
                    );
                }
                if edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
                    push(commands, ImportCommand::Browse(BrowseCommand::Import));
                }
            });
            ui.weak(b.dir.display().to_string());
            if let Some(e) = &b.error {
                ui.colored_label(ui.visuals().error_fg_color, e);
            }
            egui::ScrollArea::vertical()
                .max_height(300.0)
                .auto_shrink([false, false])
                .show(ui, |ui| {
                    for e in &b.entries {
                        if e.is_dir {
                            if ui.button(format!("{}/", e.name)).clicked() {
                                push(
                                    commands,
                                    ImportCommand::Browse(BrowseCommand::Open(e.path.clone())),
                                );
                            }
                        } else {
                            let mut on = b.selected.contains(&e.path);
                            let text =
                                format!("{} ({})", e.name, crate::import::size_text(e.size_bytes));
                            if ui.checkbox(&mut on, text).changed() {
                                push(
                                    commands,
                                    ImportCommand::Browse(BrowseCommand::Toggle(e.path.clone())),
                                );
                            }
                        }
                    }
                    if b.entries.is_empty() {
                        ui.weak("No folders or data files here (csv, txt, tsv, xlsx, xls, ods).");
                    }
                });
            ui.separator();
            ui.horizontal(|ui| {
                let n = b.selected.len();
                let label = if n > 0 {
                    format!("Import {n} file(s)")
                } else {
                    "Import".to_owned()
                };
                if ui.button(label).clicked() {
                    push(commands, ImportCommand::Browse(BrowseCommand::Import));
                }
                if ui.button("Cancel").clicked() {
                    push(commands, ImportCommand::Browse(BrowseCommand::Close));
                }
            });
        });
    if !open {
        push(commands, ImportCommand::Browse(BrowseCommand::Close));
    }
}
