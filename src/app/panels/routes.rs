//! Left panel: filters and the routes grouped by origin country.

use crate::app::map::MapCommand;
use crate::app::style_egui::color;
use crate::app::{AppState, Command, Selection};
use crate::model::{Mode, RouteStatus, country_name};
use crate::style::origin_color;

pub fn show(ui: &mut egui::Ui, state: &AppState, commands: &mut Vec<Command>) {
    ui.heading("Routes");
    let filter = &state.ui.filter;
    egui::CollapsingHeader::new("Filters")
        .default_open(true)
        .show(ui, |ui| {
            ui.label("Origin");
            ui.horizontal_wrapped(|ui| {
                for origin in state.origins() {
                    let mut shown = !filter.hidden_origins.contains(&origin);
                    let text = egui::RichText::new(country_name(&origin))
                        .color(color(origin_color(&origin)));
                    if ui.checkbox(&mut shown, text).changed() {
                        commands.push(Command::ShowOrigin(origin.clone(), shown));
                    }
                }
            });
            ui.label("Mode");
            ui.horizontal_wrapped(|ui| {
                for mode in Mode::ALL {
                    if !state.dataset.routes.iter().any(|r| r.mode == mode) {
                        continue;
                    }
                    let mut shown = !filter.hidden_modes.contains(&mode);
                    if ui.checkbox(&mut shown, mode.label()).changed() {
                        commands.push(Command::ShowMode(mode, shown));
                    }
                }
            });
            ui.label("Status");
            ui.horizontal_wrapped(|ui| {
                for status in RouteStatus::ALL {
                    let mut shown = !filter.hidden_statuses.contains(&status);
                    if ui.checkbox(&mut shown, status.label()).changed() {
                        commands.push(Command::ShowStatus(status, shown));
                    }
                }
            });
            if !filter.is_default() && ui.button("Show all routes").clicked() {
                commands.push(Command::ResetFilters);
            }
        });
    ui.separator();
    let visible = state.visible_routes().count();
    ui.label(format!(
        "{visible} of {} routes shown",
        state.dataset.routes.len()
    ));
    egui::ScrollArea::vertical().show(ui, |ui| {
        for origin in state.origins() {
            let routes: Vec<_> = state
                .visible_routes()
                .filter(|r| r.origin_country == origin)
                .collect();
            if routes.is_empty() {
                continue;
            }
            let title = egui::RichText::new(format!("From {}", country_name(&origin)))
                .strong()
                .color(color(origin_color(&origin)));
            egui::CollapsingHeader::new(title)
                .id_salt(("origin", &origin))
                .default_open(true)
                .show(ui, |ui| {
                    for route in routes {
                        let selected =
                            state.ui.selection == Some(Selection::Route(route.id.clone()));
                        // Variants sit indented under the route they are a version of.
                        let indent = if route.variant_of.is_some() {
                            16.0
                        } else {
                            0.0
                        };
                        let response = ui
                            .horizontal(|ui| {
                                ui.add_space(indent);
                                ui.add(egui::Button::selectable(selected, &route.name).wrap())
                            })
                            .inner
                            .on_hover_text(format!(
                                "{} · {} · {} waypoints",
                                route.mode.label(),
                                route.status.label(),
                                route.waypoints.len()
                            ));
                        if response.clicked() {
                            if selected {
                                commands.push(Command::Select(None));
                            } else {
                                commands.push(Command::Select(Some(Selection::Route(
                                    route.id.clone(),
                                ))));
                                commands.push(Command::Map(MapCommand::FitRoute(route.id.clone())));
                            }
                        }
                    }
                });
        }
        if !state.dataset.flows.is_empty() {
            ui.add_space(8.0);
            egui::CollapsingHeader::new(format!(
                "Other flows ({}, not enumerated routes)",
                state.dataset.flows.len()
            ))
            .id_salt("flows")
            .default_open(false)
            .show(ui, |ui| {
                for flow in &state.dataset.flows {
                    let mut tip = format!(
                        "{}\n{} · {}",
                        flow.description,
                        flow.mode.label(),
                        flow.status.label()
                    );
                    let places: Vec<&str> = flow
                        .places
                        .iter()
                        .filter_map(|id| state.dataset.place(id))
                        .map(|p| p.name.as_str())
                        .collect();
                    if !places.is_empty() {
                        tip.push_str(&format!("\nPlaces: {}", places.join(", ")));
                    }
                    for s in &flow.sources {
                        tip.push_str(&format!("\nSource: {}", state.dataset.citation(s)));
                    }
                    ui.label(format!("{} ({})", flow.name, flow.status.label()))
                        .on_hover_text(tip);
                }
            });
        }
    });
}
