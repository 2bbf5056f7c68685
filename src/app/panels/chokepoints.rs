//! Left panel, second tab: places and legs of the route network ranked by
//! distinct routes passing and by betweenness. Selecting one highlights its
//! routes on the map and summarises the corridor in the details panel.

use serde::{Deserialize, Serialize};

use crate::analysis::graph::{RankBy, short_route_name};
use crate::app::map::MapCommand;
use crate::app::{AppState, Command, LeftTab, Selection};

/// Chokepoint list settings that survive a restart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ChokepointsUiState {
    /// Legs instead of places.
    pub legs: bool,
    pub by: RankBy,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChokepointCommand {
    ShowLegs(bool),
    RankBy(RankBy),
}

impl ChokepointsUiState {
    pub fn apply(&mut self, command: ChokepointCommand) {
        match command {
            ChokepointCommand::ShowLegs(legs) => self.legs = legs,
            ChokepointCommand::RankBy(by) => self.by = by,
        }
    }
}

const BETWEENNESS_HELP: &str = "Betweenness: of all shortest paths between two places of the network, \
following the routes' travel direction, the share that passes through this place or leg \
(0 = none, 1 = all). High values mark where the network funnels.";

/// The tab switch at the top of the left panel.
pub fn tab_bar(ui: &mut egui::Ui, state: &AppState, commands: &mut Vec<Command>) {
    ui.horizontal(|ui| {
        for (tab, label, tip) in [
            (
                LeftTab::Routes,
                "Route list",
                "Routes by origin, filters, other flows",
            ),
            (
                LeftTab::Chokepoints,
                "Chokepoints",
                "Where the routes meet: places and legs ranked",
            ),
        ] {
            if ui
                .selectable_label(state.ui.left_tab == tab, label)
                .on_hover_text(tip)
                .clicked()
            {
                commands.push(Command::SetLeftTab(tab));
            }
        }
    });
    ui.separator();
}

/// Names of the routes counted (first versions), short form.
fn route_names(state: &AppState, ids: &[String]) -> String {
    let names: Vec<&str> = ids
        .iter()
        .map(|id| {
            state
                .dataset
                .route(id)
                .map_or(id.as_str(), short_route_name)
        })
        .collect();
    names.join(", ")
}

/// Every place on the given route records (to fit the map to them).
fn places_of(state: &AppState, records: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for r in records.iter().filter_map(|id| state.dataset.route(id)) {
        for w in &r.waypoints {
            if !out.contains(&w.place) {
                out.push(w.place.clone());
            }
        }
    }
    out
}

/// "Shymkent – Taraz": a leg's ends in travel order.
pub fn leg_name(state: &AppState, from: &str, to: &str) -> String {
    format!("{} – {}", place_name(state, from), place_name(state, to))
}

fn place_name<'a>(state: &'a AppState, id: &'a str) -> &'a str {
    state.dataset.place(id).map_or(id, |p| p.name.as_str())
}

/// One row: rank, a selectable name, the figures, and the route names below.
#[allow(clippy::too_many_arguments)]
fn row(
    ui: &mut egui::Ui,
    rank: usize,
    name: &str,
    selected: bool,
    routes: usize,
    betweenness: f64,
    names: &str,
    tip: &str,
) -> bool {
    let clicked = ui
        .horizontal(|ui| {
            ui.label(egui::RichText::new(format!("{rank:>2}.")).monospace());
            let clicked = ui
                .selectable_label(selected, name)
                .on_hover_text(tip)
                .clicked();
            ui.weak(format!("{routes} · {betweenness:.3}"));
            clicked
        })
        .inner;
    ui.indent(("names", name), |ui| {
        ui.add(egui::Label::new(egui::RichText::new(names).small().weak()).wrap());
    });
    clicked
}

pub fn show(ui: &mut egui::Ui, state: &AppState, commands: &mut Vec<Command>) {
    let view = state.ui.chokepoints;
    let network = &state.network;
    ui.label(format!(
        "Over the {} distinct routes shown (filters apply; a route's version from \
         another passage counts with its first).",
        network.route_count
    ));
    // Wrapped, so the row never widens the panel (which would shift the list).
    ui.horizontal_wrapped(|ui| {
        for (legs, label) in [(false, "Places"), (true, "Legs")] {
            if ui.selectable_label(view.legs == legs, label).clicked() {
                commands.push(Command::Chokepoints(ChokepointCommand::ShowLegs(legs)));
            }
        }
        ui.separator();
        ui.label("Rank by");
        for (by, label) in [
            (RankBy::Routes, "routes"),
            (RankBy::Betweenness, "betweenness"),
        ] {
            if ui
                .radio(view.by == by, label)
                .on_hover_text(BETWEENNESS_HELP)
                .clicked()
            {
                commands.push(Command::Chokepoints(ChokepointCommand::RankBy(by)));
            }
        }
    });
    ui.weak("Figures: routes passing · betweenness (0–1)")
        .on_hover_text(BETWEENNESS_HELP);
    ui.separator();
    egui::ScrollArea::vertical()
        .id_salt("chokepoints")
        .show(ui, |ui| {
            if !view.legs {
                for (rank, p) in network.ranked_places(view.by) {
                    let selected = state.ui.selection == Some(Selection::Place(p.place.clone()));
                    let tip = format!(
                        "{} route(s) pass; betweenness {:.4}. Click to highlight them on the map.",
                        p.routes.len(),
                        p.betweenness
                    );
                    let names = route_names(state, &p.routes);
                    let name = place_name(state, &p.place);
                    if row(
                        ui,
                        rank,
                        name,
                        selected,
                        p.routes.len(),
                        p.betweenness,
                        &names,
                        &tip,
                    ) {
                        if selected {
                            commands.push(Command::Select(None));
                        } else {
                            commands.push(Command::Select(Some(Selection::Place(p.place.clone()))));
                            commands.push(Command::Map(MapCommand::FitPlaces(places_of(
                                state, &p.records,
                            ))));
                        }
                    }
                }
            } else {
                for (rank, l) in network.ranked_legs(view.by) {
                    let selected = matches!(&state.ui.selection,
                        Some(Selection::Leg(a, b)) if l.joins(a, b));
                    // (No arrow glyphs: the UI font lacks them.)
                    let name = leg_name(state, &l.from, &l.to);
                    let direction = if l.both_ways {
                        "in both directions".to_owned()
                    } else {
                        format!(
                            "from {} to {}",
                            place_name(state, &l.from),
                            place_name(state, &l.to)
                        )
                    };
                    let tip = format!(
                        "{} route(s) pass, {direction}; betweenness {:.4}. Click to highlight them on the map.",
                        l.routes.len(),
                        l.betweenness
                    );
                    let names = route_names(state, &l.routes);
                    if row(
                        ui,
                        rank,
                        &name,
                        selected,
                        l.routes.len(),
                        l.betweenness,
                        &names,
                        &tip,
                    ) {
                        if selected {
                            commands.push(Command::Select(None));
                        } else {
                            commands.push(Command::Select(Some(Selection::Leg(
                                l.from.clone(),
                                l.to.clone(),
                            ))));
                            commands.push(Command::Map(MapCommand::FitPlaces(places_of(
                                state, &l.records,
                            ))));
                        }
                    }
                }
            }
        });
}
