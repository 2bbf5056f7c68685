//! Right panel: the selected route, place, leg or oblast, with full
//! citations; for a place, leg or oblast also its corridor summary.

use geo::{Distance, Geodesic, Point};

use crate::analysis::corridor::CorridorSummary;
use crate::analysis::graph::short_route_name;
use crate::app::panels::charts::ChartCommand;
use crate::app::panels::chokepoints::leg_name;
use crate::app::{AppState, Command, Selection};
use crate::model::{Dataset, Figure, Mode, Place, Qualifier, Reading, Route, country_name};

pub fn show(ui: &mut egui::Ui, state: &AppState, commands: &mut Vec<Command>) {
    ui.heading("Details");
    ui.separator();
    egui::ScrollArea::vertical().show(ui, |ui| match &state.ui.selection {
        None => {
            ui.label(
                "Select a route in the list or on the map to see its waypoints and sources, \
                 or a place, leg or oblast (map, Chokepoints tab) for its corridor summary.",
            );
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
            Some(place) => {
                place_details(ui, place);
                match corridor(state) {
                    Some(c) => corridor_summary(ui, state, c, commands),
                    None => sources(ui, &state.dataset, &place.sources),
                }
            }
            None => {
                ui.label(format!("Place '{id}' is not in this dataset."));
            }
        },
        Some(Selection::Leg(a, b)) => {
            leg_details(ui, state, a, b, commands);
            if let Some(c) = corridor(state) {
                corridor_summary(ui, state, c, commands);
            }
        }
        Some(Selection::Oblast(hasc)) => {
            oblast_details(ui, state, hasc, commands);
            if let Some(c) = corridor(state) {
                corridor_summary(ui, state, c, commands);
            } else if state.route_facts_pending {
                ui.add_space(4.0);
                ui.separator();
                ui.label(egui::RichText::new("Corridor summary").heading());
                ui.weak(format!("Routes crossing this oblast: {WORKING_OUT}"));
            }
        }
    });
}

/// The corridor summary, if it describes the current selection.
fn corridor(state: &AppState) -> Option<&CorridorSummary> {
    let target = state.ui.selection.as_ref()?.corridor_target()?;
    state.corridor.as_ref().filter(|c| c.target == target)
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

/// Shown for what the route facts give while they are being worked out.
pub const WORKING_OUT: &str = "working out…";

/// Length and areas crossed, computed from the waypoints and the basemap.
fn route_geography(ui: &mut egui::Ui, state: &AppState, route_id: &str) {
    if state.route_facts_pending {
        ui.add_space(6.0);
        field(ui, "Length", WORKING_OUT);
        field(ui, "Countries crossed", WORKING_OUT);
        field(ui, "Kazakh oblasts crossed", WORKING_OUT);
        return;
    }
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

fn place_details(ui: &mut egui::Ui, place: &Place) {
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
}

fn place_link(ui: &mut egui::Ui, data: &Dataset, id: &str, commands: &mut Vec<Command>) {
    match data.place(id) {
        Some(p) => {
            if ui
                .link(format!("{} ({})", p.name, country_name(&p.country)))
                .clicked()
            {
                commands.push(Command::Select(Some(Selection::Place(p.id.clone()))));
            }
        }
        None => {
            ui.label(id);
        }
    }
}

fn leg_details(ui: &mut egui::Ui, state: &AppState, a: &str, b: &str, commands: &mut Vec<Command>) {
    let data = &state.dataset;
    let leg = state.network.leg(a, b);
    let (from, to) = leg.map_or((a, b), |l| (l.from.as_str(), l.to.as_str()));
    ui.label(egui::RichText::new(leg_name(state, from, to)).heading());
    ui.label("A leg between consecutive waypoints of the routes.");
    ui.horizontal_wrapped(|ui| {
        ui.label(egui::RichText::new("Ends:").strong());
        place_link(ui, data, from, commands);
        ui.label("and");
        place_link(ui, data, to, commands);
    });
    if let Some(l) = leg {
        let travel = if l.both_ways {
            "in both directions".to_owned()
        } else {
            format!(
                "from {} to {}",
                data.place(from).map_or(from, |p| p.name.as_str()),
                data.place(to).map_or(to, |p| p.name.as_str())
            )
        };
        field(ui, "Travelled", travel);
    }
    if let (Some(p), Some(q)) = (data.place(from), data.place(to)) {
        let km = Geodesic.distance(Point::new(p.lon, p.lat), Point::new(q.lon, q.lat)) / 1000.0;
        field(ui, "Length", format!("{km:.0} km (geodesic, end to end)"));
    }
}

fn oblast_details(ui: &mut egui::Ui, state: &AppState, hasc: &str, commands: &mut Vec<Command>) {
    let region = state.dataset.region(hasc);
    let name = region.map_or(hasc, |r| r.name.as_str());
    ui.label(egui::RichText::new(name).heading());
    if let Some(r) = region {
        let kind = match r.kind {
            crate::model::RegionKind::City => "city with oblast status",
            crate::model::RegionKind::Oblast => "oblast",
            crate::model::RegionKind::Country => "country",
            crate::model::RegionKind::Area => "area",
        };
        field(ui, "Unit", format!("{kind} ({hasc}), 1997–2018 boundaries"));
        if !r.aliases.is_empty() {
            field(ui, "Sources call it", r.aliases.join(", "));
        }
    }
    let in_chart = state.ui.charts.oblasts.contains(hasc);
    ui.horizontal_wrapped(|ui| {
        ui.label(egui::RichText::new("Comparison chart:").strong());
        ui.label(if in_chart { "included" } else { "not included" });
        let action = if in_chart { "Remove" } else { "Add" };
        if ui
            .small_button(action)
            .on_hover_text("Clicking the oblast on the map does the same")
            .clicked()
        {
            commands.push(Command::Chart(ChartCommand::ToggleOblast(hasc.to_owned())));
        }
    });
}

fn route_link(ui: &mut egui::Ui, route: &Route, commands: &mut Vec<Command>) {
    if ui
        .link(&route.name)
        .on_hover_text(format!(
            "From {} · {} · {}",
            country_name(&route.origin_country),
            route.mode.label(),
            route.status.label()
        ))
        .clicked()
    {
        commands.push(Command::Select(Some(Selection::Route(route.id.clone()))));
    }
}

/// One figure as a line: when, what, value with unit and qualifier.
fn figure_text(f: &Figure) -> String {
    let when = match (f.year, f.period) {
        (_, Some(p)) if p.from != p.to => format!("{}–{}", p.from, p.to),
        (Some(y), _) => y.to_string(),
        (None, Some(p)) => p.to.to_string(),
        (None, None) => String::new(),
    };
    let qualifier = match f.qualifier {
        Qualifier::Exact => "",
        Qualifier::Approximate => "about ",
        Qualifier::LessThan => "less than ",
        Qualifier::MoreThan => "over ",
        Qualifier::RangeLow => "from ",
        Qualifier::RangeHigh => "up to ",
    };
    let drug = match f.drug {
        crate::model::Drug::None => String::new(),
        d => format!("{} ", d.label()),
    };
    let mut text = format!(
        "{when} {drug}{}: {qualifier}{} {}",
        f.metric.replace('_', " "),
        f.value,
        f.unit.symbol()
    );
    if f.basis == crate::model::Basis::Derived {
        text.push_str(" (derived)");
    }
    if f.reading == Reading::Printed {
        text.push_str(" (as printed; not the adopted reading)");
    }
    text
}

/// Figures as bullet lines, the citation, formula and note on hover.
fn figure_list(ui: &mut egui::Ui, data: &Dataset, figures: &[&Figure], name_unit: bool) {
    for f in figures {
        let mut tip = format!("Source: {}", data.citation(&f.source));
        if let Some(formula) = &f.formula {
            tip.push_str(&format!("\nFormula: {formula}"));
        }
        if let Some(note) = &f.note {
            tip.push_str(&format!("\n{note}"));
        }
        let prefix = if name_unit {
            format!("{}: ", f.region_name)
        } else {
            String::new()
        };
        ui.label(format!("• {prefix}{}", figure_text(f)))
            .on_hover_text(tip);
    }
}

fn heading(ui: &mut egui::Ui, text: &str) {
    ui.add_space(6.0);
    ui.label(egui::RichText::new(text).strong());
}

/// Which routes pass, from where, by which modes, the oblast's seizures,
/// the nearest border points, flows naming it, and the sources of all that.
fn corridor_summary(
    ui: &mut egui::Ui,
    state: &AppState,
    c: &CorridorSummary,
    commands: &mut Vec<Command>,
) {
    use crate::analysis::corridor::CorridorTarget;
    use crate::analysis::graph::RankBy;
    let data = &state.dataset;
    ui.add_space(4.0);
    ui.separator();
    ui.label(egui::RichText::new("Corridor summary").heading());
    if !state.ui.filter.is_default() {
        ui.weak("Counts cover the routes the filters show.");
    }
    // Where it stands in the chokepoint ranking.
    let standing = match &c.target {
        CorridorTarget::Place(id) => {
            let by_routes = state.network.ranked_places(RankBy::Routes);
            let by_betweenness = state.network.ranked_places(RankBy::Betweenness);
            let rank = |list: &[(usize, &crate::analysis::graph::PlaceStat)]| {
                list.iter().find(|(_, p)| p.place == *id).map(|(r, _)| *r)
            };
            match (
                rank(&by_routes),
                rank(&by_betweenness),
                state.network.place(id),
            ) {
                (Some(r), Some(b), Some(p)) => Some(format!(
                    "#{r} of {} places by routes passing; betweenness {:.3} (#{b})",
                    by_routes.len(),
                    p.betweenness
                )),
                _ => None,
            }
        }
        CorridorTarget::Leg(a, b) => {
            let by_routes = state.network.ranked_legs(RankBy::Routes);
            let by_betweenness = state.network.ranked_legs(RankBy::Betweenness);
            let rank = |list: &[(usize, &crate::analysis::graph::LegStat)]| {
                list.iter().find(|(_, l)| l.joins(a, b)).map(|(r, _)| *r)
            };
            match (
                rank(&by_routes),
                rank(&by_betweenness),
                state.network.leg(a, b),
            ) {
                (Some(r), Some(k), Some(l)) => Some(format!(
                    "#{r} of {} legs by routes passing; betweenness {:.3} (#{k})",
                    by_routes.len(),
                    l.betweenness
                )),
                _ => None,
            }
        }
        CorridorTarget::Oblast(_) => None,
    };
    if let Some(text) = standing {
        field(ui, "Chokepoint rank", text);
    }

    heading(ui, &format!("On {} route(s)", c.routes.len()));
    if c.routes.is_empty() {
        ui.weak("No route shown passes here.");
    }
    for pass in &c.routes {
        if let Some(r) = data.route(&pass.route) {
            route_link(ui, r, commands);
        }
        for other in pass.records.iter().filter(|id| **id != pass.route) {
            if let Some(v) = data.route(other) {
                ui.horizontal_wrapped(|ui| {
                    ui.add_space(12.0);
                    ui.weak("also in");
                    route_link(ui, v, commands);
                });
            }
        }
    }
    if !c.origins.is_empty() {
        let origins: Vec<String> = c
            .origins
            .iter()
            .map(|(code, n)| format!("{} ({n})", country_name(code)))
            .collect();
        field(ui, "From", origins.join(", "));
    }
    if !c.routes.is_empty() {
        let modes: Vec<String> = c
            .route_modes
            .iter()
            .map(|(mode, n)| match mode {
                Mode::Unspecified => format!("not stated by the source ({n} route(s))"),
                m => format!("{} ({n} route(s))", m.label()),
            })
            .collect();
        field(ui, "Mode", modes.join(", "));
        for m in &c.leg_modes {
            let on: Vec<&str> = m
                .records
                .iter()
                .filter_map(|id| data.route(id))
                .map(short_route_name)
                .collect();
            field(
                ui,
                &format!("{} leg", capitalise(m.mode.label())),
                format!("{} ({})", leg_name(state, &m.from, &m.to), on.join(", ")),
            );
        }
    }

    // The oblast(s) and what the sources say they seized.
    let unit_name = |hasc: &str| -> String {
        data.region(hasc)
            .map(|r| r.name.clone())
            .unwrap_or_else(|| hasc.to_owned())
    };
    match &c.target {
        CorridorTarget::Place(_) | CorridorTarget::Leg(..) => {
            ui.horizontal_wrapped(|ui| {
                let label = if matches!(c.target, CorridorTarget::Leg(..)) {
                    "Oblasts crossed:"
                } else {
                    "Oblast:"
                };
                ui.label(egui::RichText::new(label).strong());
                if c.oblasts.is_empty() {
                    ui.label("none (outside Kazakhstan)");
                }
                for hasc in &c.oblasts {
                    if ui
                        .link(unit_name(hasc))
                        .on_hover_text("Show this oblast's corridor summary")
                        .clicked()
                    {
                        commands.push(Command::Select(Some(Selection::Oblast(hasc.clone()))));
                    }
                }
            });
        }
        CorridorTarget::Oblast(_) => {}
    }
    if !c.oblasts.is_empty() {
        let names: Vec<String> = c.oblasts.iter().map(|h| unit_name(h)).collect();
        let figures: Vec<&Figure> = c
            .figures
            .iter()
            .filter_map(|id| data.figures.iter().find(|f| f.id == *id))
            .collect();
        let (seizures, other): (Vec<&Figure>, Vec<&Figure>) = figures
            .into_iter()
            .partition(|f| f.metric.starts_with("seizure"));
        heading(ui, &format!("Seizure figures: {}", names.join(", ")));
        if seizures.is_empty() {
            ui.weak("The sources give no seizure figure for this unit.");
        }
        figure_list(ui, data, &seizures, c.oblasts.len() > 1);
        if !other.is_empty() {
            heading(ui, "Other figures");
            figure_list(ui, data, &other, c.oblasts.len() > 1);
        }
    }

    heading(ui, "Nearest border points");
    if c.border_points.is_empty() {
        ui.weak("None found.");
    }
    for b in &c.border_points {
        let Some(p) = data.place(&b.place) else {
            continue;
        };
        let roles: Vec<&str> = p
            .roles
            .iter()
            .filter(|r| {
                matches!(
                    r,
                    crate::model::PlaceRole::EntryPoint
                        | crate::model::PlaceRole::ExitPoint
                        | crate::model::PlaceRole::RailBorderPoint
                )
            })
            .map(|r| r.label())
            .collect();
        ui.horizontal_wrapped(|ui| {
            place_link(ui, data, &p.id, commands);
            let distance = if b.distance_km == 0.0 {
                "in the oblast".to_owned()
            } else {
                format!("{:.0} km", b.distance_km)
            };
            ui.weak(format!("{}, {distance}", roles.join(", ")));
        });
    }

    if !c.flows.is_empty() {
        heading(ui, "Other flows naming it");
        for id in &c.flows {
            if let Some(f) = data.flows.iter().find(|f| f.id == *id) {
                ui.label(format!("• {} ({})", f.name, f.status.label()))
                    .on_hover_text(&f.description);
            }
        }
    }
    sources(ui, data, &c.sources);
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn sources(ui: &mut egui::Ui, data: &Dataset, ids: &[String]) {
    ui.add_space(6.0);
    ui.label(egui::RichText::new("Sources").strong());
    for id in ids {
        ui.label(format!("• {}", data.citation(id)));
    }
}
