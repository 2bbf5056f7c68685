//! Routes overlay: polylines coloured by origin, rail legs dashed, direction
//! arrows, variants drawn thin and offset, "likely" routes dotted.

use egui::{Color32, Pos2, Response, Shape, Stroke, Ui, Vec2};
use walkers::{MapMemory, Plugin, Projector};

use super::overlay::{HitTarget, Overlay, distance_to_segment, screen};
use crate::app::Selection;
use crate::app::style_egui::color;
use std::collections::HashMap;

use crate::model::{Mode, Route, RouteStatus};
use crate::style::{
    DIMMED, HIGHLIGHT, HIGHLIGHT_WIDTH, ROUTE_WIDTH, ROUTE_WIDTH_SELECTED, SELECTION, origin_color,
};

/// Pointer within this many points of a line counts as hovering it.
const HIT_RADIUS: f32 = 6.0;
/// Routes sharing a leg are drawn side by side, this far apart (points).
const BUNDLE_SPACING: f32 = 4.0;

/// For every leg of every route: its slot among the routes that use the same
/// two places (either direction), centred on the true line (…, −1, 0, 1, …
/// or −0.5, 0.5 …), and whether the leg runs from the lower to the higher
/// place id, so all routes on a leg agree on which side is which.
pub fn leg_slots<'a>(routes: &[&'a Route]) -> HashMap<(&'a str, usize), (f32, bool)> {
    let mut users: HashMap<(&str, &str), Vec<(&str, usize)>> = HashMap::new();
    for r in routes {
        for (i, leg) in r.waypoints.windows(2).enumerate() {
            let (a, b) = (leg[0].place.as_str(), leg[1].place.as_str());
            let key = if a <= b { (a, b) } else { (b, a) };
            users.entry(key).or_default().push((r.id.as_str(), i));
        }
    }
    let mut slots = HashMap::new();
    for r in routes {
        for (i, leg) in r.waypoints.windows(2).enumerate() {
            let (a, b) = (leg[0].place.as_str(), leg[1].place.as_str());
            let key = if a <= b { (a, b) } else { (b, a) };
            let on_leg = &users[&key];
            let k = on_leg
                .iter()
                .position(|u| *u == (r.id.as_str(), i))
                .unwrap_or(0);
            let slot = k as f32 - (on_leg.len() as f32 - 1.0) / 2.0;
            slots.insert((r.id.as_str(), i), (slot, a <= b));
        }
    }
    slots
}

pub struct RoutesPlugin<'a> {
    pub overlay: &'a Overlay<'a>,
}

impl Plugin for RoutesPlugin<'_> {
    fn run(
        self: Box<Self>,
        ui: &mut Ui,
        _response: &Response,
        projector: &Projector,
        _memory: &MapMemory,
    ) {
        let o = self.overlay;
        let painter = &ui.painter().with_clip_rect(ui.max_rect());
        let selected = match &o.state.ui.selection {
            Some(Selection::Route(id)) => Some(id.as_str()),
            _ => None,
        };
        // Routes through a selected place, leg or oblast get a halo; the rest dim.
        let highlighted = o.state.highlighted_routes();
        let selected_leg = match &o.state.ui.selection {
            Some(Selection::Leg(a, b)) => Some((a.as_str(), b.as_str())),
            _ => None,
        };
        let visible: Vec<&Route> = o.state.visible_routes().collect();
        let slots = leg_slots(&visible);
        // Selected (or highlighted) routes last, so they are drawn on top.
        let mut routes = visible.clone();
        routes.sort_by_key(|r| {
            (
                Some(r.id.as_str()) == selected,
                highlighted.contains(r.id.as_str()),
            )
        });
        for route in routes {
            let points: Vec<(Pos2, Option<Mode>)> = route
                .waypoints
                .iter()
                .filter_map(|w| {
                    o.state
                        .dataset
                        .place(&w.place)
                        .map(|p| (screen(projector, p.lon, p.lat), w.leg_mode))
                })
                .collect();
            let is_variant = route.variant_of.is_some();
            let is_selected = Some(route.id.as_str()) == selected;
            let base = color(origin_color(&route.origin_country));
            let is_highlighted = highlighted.contains(route.id.as_str());
            let (mut line_color, width) = if is_variant {
                (base.gamma_multiply(0.75), ROUTE_WIDTH * 0.6)
            } else {
                (base, ROUTE_WIDTH)
            };
            if !highlighted.is_empty() && !is_highlighted && !is_selected {
                line_color = line_color.gamma_multiply(DIMMED);
            }
            for (i, leg) in points.windows(2).enumerate() {
                let (mut a, _) = leg[0];
                let (mut b, leg_mode) = leg[1];
                let (slot, forward) = slots
                    .get(&(route.id.as_str(), i))
                    .copied()
                    .unwrap_or((0.0, true));
                let canonical = if forward { b - a } else { a - b }.normalized();
                let shift = Vec2::new(-canonical.y, canonical.x) * slot * BUNDLE_SPACING;
                a += shift;
                b += shift;
                let on_selected_leg = selected_leg.is_some_and(|(x, y)| {
                    let (p, q) = (&route.waypoints[i].place, &route.waypoints[i + 1].place);
                    (p == x && q == y) || (p == y && q == x)
                });
                if is_selected || (is_highlighted && on_selected_leg) {
                    painter.line_segment(
                        [a, b],
                        Stroke::new(ROUTE_WIDTH_SELECTED + 2.0, color(SELECTION)),
                    );
                } else if is_highlighted {
                    painter.line_segment([a, b], Stroke::new(HIGHLIGHT_WIDTH, color(HIGHLIGHT)));
                }
                let stroke = Stroke::new(width, line_color);
                let rail = leg_mode == Some(Mode::Rail) || route.mode == Mode::Rail;
                if route.status == RouteStatus::Likely {
                    painter.extend(Shape::dotted_line(&[a, b], line_color, 6.0, width * 0.6));
                } else if rail {
                    // Rail: dashes with cross-ties, as on paper maps.
                    painter.extend(Shape::dashed_line(&[a, b], stroke, 9.0, 5.0));
                } else {
                    painter.line_segment([a, b], stroke);
                }
                arrow(painter, a, b, line_color, width);
                if let Some(p) = o.pointer {
                    let d = distance_to_segment(p, a, b);
                    if d <= HIT_RADIUS {
                        o.report(HitTarget::Route(route.id.clone()), 1, d);
                    }
                }
            }
        }
    }
}

/// A filled arrowhead at the middle of a leg, pointing in travel direction.
fn arrow(painter: &egui::Painter, a: Pos2, b: Pos2, fill: Color32, width: f32) {
    let v = b - a;
    let len = v.length();
    if len < 30.0 {
        return; // too short to carry an arrow without clutter
    }
    let dir = v / len;
    let normal = Vec2::new(-dir.y, dir.x);
    let size = 4.0 + width * 1.5;
    let tip = a + v * 0.5 + dir * size * 0.5;
    let back = tip - dir * size * 1.6;
    painter.add(Shape::convex_polygon(
        vec![tip, back + normal * size * 0.8, back - normal * size * 0.8],
        fill,
        Stroke::NONE,
    ));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::load::load_embedded;

    #[test]
    fn routes_on_a_shared_leg_get_distinct_slots_centred_on_the_line() {
        let data = load_embedded().unwrap();
        let routes: Vec<&Route> = data.routes.iter().collect();
        let slots = leg_slots(&routes);
        // Karaganda–Astana is used by several routes (Tajik 1, Kyrgyz 2, …).
        let mut on_leg: Vec<f32> = Vec::new();
        for r in &routes {
            for (i, leg) in r.waypoints.windows(2).enumerate() {
                let pair = (leg[0].place.as_str(), leg[1].place.as_str());
                if pair == ("karaganda", "astana") || pair == ("astana", "karaganda") {
                    on_leg.push(slots[&(r.id.as_str(), i)].0);
                }
            }
        }
        assert!(on_leg.len() >= 2, "{on_leg:?}");
        let sum: f32 = on_leg.iter().sum();
        assert!(sum.abs() < 1e-6, "slots are centred: {on_leg:?}");
        let mut sorted = on_leg.clone();
        sorted.sort_by(f32::total_cmp);
        sorted.dedup();
        assert_eq!(sorted.len(), on_leg.len(), "every route has its own slot");
    }
}
