//! Left panel: filters and the routes grouped by origin country.

use crate::app::map::MapCommand;
use crate::app::style_egui::color;
use crate::app::{AppState, Command, Selection};
use crate::model::{Flow, Mode, Route, RouteStatus, country_name};
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
    if visible + state.dataset.flows.len() > LONG_LIST {
        long_list(ui, state, commands);
    } else {
        short_list(ui, state, commands);
    }
}

/// Above this many entries the list is drawn row by row as it scrolls
/// (`ScrollArea::show_rows`): laying out 1,200 routes and 1,400 flows every
/// frame cost more than a frame (issue 12).
pub const LONG_LIST: usize = 200;

/// The route's button (selected or not) and its click.
fn route_button(
    ui: &mut egui::Ui,
    state: &AppState,
    route: &Route,
    truncate: bool,
    commands: &mut Vec<Command>,
) {
    let selected = state.ui.selection == Some(Selection::Route(route.id.clone()));
    // Variants sit indented under the route they are a version of.
    let indent = if route.variant_of.is_some() {
        16.0
    } else {
        0.0
    };
    let response = ui
        .horizontal(|ui| {
            ui.add_space(indent);
            let button = egui::Button::selectable(selected, &route.name);
            ui.add(if truncate {
                button.truncate()
            } else {
                button.wrap()
            })
        })
        .inner
        .on_hover_text(format!(
            "{}{} · {} · {} waypoints",
            if truncate {
                format!("{}\n", route.name)
            } else {
                String::new()
            },
            route.mode.label(),
            route.status.label(),
            route.waypoints.len()
        ));
    if response.clicked() {
        if selected {
            commands.push(Command::Select(None));
        } else {
            commands.push(Command::Select(Some(Selection::Route(route.id.clone()))));
            commands.push(Command::Map(MapCommand::FitRoute(route.id.clone())));
        }
    }
}

/// A flow's line and its tooltip (what, mode, status, places, sources).
fn flow_label(ui: &mut egui::Ui, state: &AppState, flow: &Flow, truncate: bool) {
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
    let text = format!("{} ({})", flow.name, flow.status.label());
    let label = egui::Label::new(text);
    ui.add(if truncate { label.truncate() } else { label })
        .on_hover_text(tip);
}

fn flows_heading(state: &AppState) -> String {
    format!(
        "Other flows ({}, not enumerated routes)",
        state.dataset.flows.len()
    )
}

/// The list as grouped, wrapping sections (a short dataset).
fn short_list(ui: &mut egui::Ui, state: &AppState, commands: &mut Vec<Command>) {
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
                        route_button(ui, state, route, false, commands);
                    }
                });
        }
        if !state.dataset.flows.is_empty() {
            ui.add_space(8.0);
            egui::CollapsingHeader::new(flows_heading(state))
                .id_salt("flows")
                .default_open(false)
                .show(ui, |ui| {
                    for flow in &state.dataset.flows {
                        flow_label(ui, state, flow, false);
                    }
                });
        }
    });
}

/// One row of the long list.
enum Row<'a> {
    Origin(String, usize),
    Route(&'a Route),
    FlowsHeading,
    Flow(&'a Flow),
}

/// The same list, one line per entry, drawn only where it is scrolled to.
/// Sections open and close as in the short list (state kept per section).
fn long_list(ui: &mut egui::Ui, state: &AppState, commands: &mut Vec<Command>) {
    let base = ui.make_persistent_id("long-list-open");
    let open_id = move |key: &str| base.with(key);
    let is_open = move |ui: &egui::Ui, key: &str, default: bool| {
        ui.data(|d| d.get_temp::<bool>(open_id(key)))
            .unwrap_or(default)
    };
    let mut rows: Vec<Row> = Vec::new();
    for origin in state.origins() {
        let routes: Vec<&Route> = state
            .visible_routes()
            .filter(|r| r.origin_country == origin)
            .collect();
        if routes.is_empty() {
            continue;
        }
        let open = is_open(ui, &origin, true);
        rows.push(Row::Origin(origin, routes.len()));
        if open {
            rows.extend(routes.into_iter().map(Row::Route));
        }
    }
    if !state.dataset.flows.is_empty() {
        rows.push(Row::FlowsHeading);
        if is_open(ui, "flows", false) {
            rows.extend(state.dataset.flows.iter().map(Row::Flow));
        }
    }
    let row_height = ui.spacing().interact_size.y;
    let mut toggle: Option<(String, bool)> = None;
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show_rows(ui, row_height, rows.len(), |ui, range| {
            for row in &rows[range] {
                ui.allocate_ui(egui::vec2(ui.available_width(), row_height), |ui| {
                    ui.set_height(row_height);
                    match row {
                        Row::Origin(origin, n) => {
                            let open = is_open(ui, origin, true);
                            let title = egui::RichText::new(format!(
                                "{} From {} ({n})",
                                if open { "−" } else { "+" },
                                country_name(origin)
                            ))
                            .strong()
                            .color(color(origin_color(origin)));
                            if ui
                                .add(egui::Button::new(title).frame(false).truncate())
                                .clicked()
                            {
                                toggle = Some((origin.clone(), !open));
                            }
                        }
                        Row::Route(route) => route_button(ui, state, route, true, commands),
                        Row::FlowsHeading => {
                            let open = is_open(ui, "flows", false);
                            let title = format!(
                                "{} {}",
                                if open { "−" } else { "+" },
                                flows_heading(state)
                            );
                            if ui
                                .add(egui::Button::new(title).frame(false).truncate())
                                .clicked()
                            {
                                toggle = Some(("flows".into(), !open));
                            }
                        }
                        Row::Flow(flow) => flow_label(ui, state, flow, true),
                    }
                });
            }
        });
    // Opening or closing a section is view state (as a collapsing header's).
    if let Some((key, open)) = toggle {
        ui.data_mut(|d| d.insert_temp(open_id(&key), open));
    }
}
