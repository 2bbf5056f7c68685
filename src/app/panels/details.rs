//! Right panel: the selected route or place, with full citations.

use crate::app::{AppState, Command, Selection};
use crate::model::{Dataset, Place, Route, country_name};

pub fn show(ui: &mut egui::Ui, state: &AppState, commands: &mut Vec<Command>) {
    ui.heading("Details");
    ui.separator();
    egui::ScrollArea::vertical().show(ui, |ui| match &state.ui.selection {
        None => {
            ui.label("Select a route in the list or on the map to see its waypoints and sources.");
        }
        Some(Selection::Route(id)) => match state.dataset.route(id) {
            Some(route) => {
                route_details(ui, &state.dataset, route, commands);
                route_geography(ui, state, &route.id);
                sources(ui, &state.dataset, &route.sources);
            }
            None => {
                ui.label(format!("Route '{id}' is not in this dataset."));
            }
        },
        Some(Selection::Place(id)) => match state.dataset.place(id) {
            Some(place) => place_details(ui, &state.dataset, place, commands),
            None => {
                ui.label(format!("Place '{id}' is not in this dataset."));
            }
        },
    });
}

fn field(ui: &mut egui::Ui, name: &str, value: impl Into<egui::WidgetText>) {
    ui.horizontal_wrapped(|ui| {
        ui.label(egui::RichText::new(format!("{name}:")).strong());
        ui.label(value);
    });
}

fn route_details(ui: &mut egui::Ui, data: &Dataset, route: &Route, commands: &mut Vec<Command>) {
    ui.label(egui::RichText::new(&route.name).heading());
    field(ui, "Origin", country_name(&route.origin_country));
    if let Some(dest) = &route.destination_country {
        field(ui, "Destination", country_name(dest));
    }
    field(ui, "Mode", route.mode.label());
    field(ui, "Status", route.status.label());
    field(ui, "Passage", route.passage.as_str());
    if let Some(parent) = route.variant_of.as_deref().and_then(|id| data.route(id)) {
        ui.horizontal_wrapped(|ui| {
            ui.label(egui::RichText::new("Variant of:").strong());
            if ui.link(&parent.name).clicked() {
                commands.push(Command::Select(Some(Selection::Route(parent.id.clone()))));
            }
        });
    }
    let variants: Vec<&Route> = data
        .routes
        .iter()
        .filter(|r| r.variant_of.as_deref() == Some(route.id.as_str()))
        .collect();
    for v in variants {
        ui.horizontal_wrapped(|ui| {
            ui.label(egui::RichText::new("Other version:").strong());
            if ui.link(&v.name).clicked() {
                commands.push(Command::Select(Some(Selection::Route(v.id.clone()))));
            }
        });
    }
    if let Some(note) = &route.note {
        field(ui, "Note", note.as_str());
    }
    ui.add_space(6.0);
    ui.label(egui::RichText::new("Waypoints (in travel order)").strong());
    for (i, w) in route.waypoints.iter().enumerate() {
        ui.horizontal(|ui| {
            ui.label(format!("{}.", i + 1));
            match data.place(&w.place) {
                Some(p) => {
                    if ui
                        .link(format!("{} ({})", p.name, country_name(&p.country)))
                        .clicked()
                    {
                        commands.push(Command::Select(Some(Selection::Place(p.id.clone()))));
                    }
                }
                None => {
                    ui.label(&w.place);
                }
            }
            if let Some(mode) = w.leg_mode {
                ui.weak(format!("by {}", mode.label()));
            }
        });
    }
}

/// Length and areas crossed, computed from the waypoints and the basemap.
fn route_geography(ui: &mut egui::Ui, state: &AppState, route_id: &str) {
    let Some(facts) = state.route_facts.iter().find(|f| f.route_id == route_id) else {
        return;
    };
    ui.add_space(6.0);
    field(
        ui,
        "Length",
        format!("{:.0} km (geodesic, waypoint to waypoint)", facts.length_km),
    );
    field(ui, "Countries crossed", facts.countries.join(", "));
    let oblasts: Vec<&str> = facts.oblasts.iter().map(|(_, n)| n.as_str()).collect();
    field(ui, "Kazakh oblasts crossed", oblasts.join(", "));
}

fn place_details(ui: &mut egui::Ui, data: &Dataset, place: &Place, commands: &mut Vec<Command>) {
    ui.label(egui::RichText::new(&place.name).heading());
    field(ui, "Country", country_name(&place.country));
    field(
        ui,
        "Coordinates",
        format!("{:.4}° N, {:.4}° E", place.lat, place.lon),
    );
    let roles: Vec<&str> = place.roles.iter().map(|r| r.label()).collect();
    field(ui, "Roles", roles.join(", "));
    if !place.aliases.is_empty() {
        field(ui, "Also written", place.aliases.join(", "));
    }
    if let Some(id) = place.geonames_id {
        field(ui, "GeoNames id", id.to_string());
    }
    if let Some(note) = &place.note {
        field(ui, "Note", note.as_str());
    }
    let routes: Vec<&Route> = data
        .routes
        .iter()
        .filter(|r| r.waypoints.iter().any(|w| w.place == place.id))
        .collect();
    ui.add_space(6.0);
    ui.label(egui::RichText::new(format!("On {} route(s)", routes.len())).strong());
    for r in routes {
        if ui.link(&r.name).clicked() {
            commands.push(Command::Select(Some(Selection::Route(r.id.clone()))));
        }
    }
    sources(ui, data, &place.sources);
}

fn sources(ui: &mut egui::Ui, data: &Dataset, ids: &[String]) {
    ui.add_space(6.0);
    ui.label(egui::RichText::new("Sources").strong());
    for id in ids {
        ui.label(format!("• {}", data.citation(id)));
    }
}
