//! Routes overlay: polylines coloured by origin, rail legs dashed, direction
//! arrows, variants drawn thin and offset, "likely" routes dotted.

use egui::{Color32, Pos2, Response, Shape, Stroke, Ui, Vec2};
use walkers::{MapMemory, Plugin, Projector};

use super::overlay::{HitTarget, Overlay, distance_to_segment, screen};
use crate::app::Selection;
use crate::app::style_egui::color;
use crate::cartography::{Pt, routes as shared};

use crate::model::{Mode, Route, RouteStatus};
use crate::style::{
    DIMMED, HIGHLIGHT, HIGHLIGHT_WIDTH, LIKELY_DOT_RADIUS_FACTOR, LIKELY_DOT_SPACING, RAIL_DASH,
    ROUTE_BUNDLE_SPACING, ROUTE_SELECTION_WIDTH, ROUTE_VARIANT_OPACITY, ROUTE_VARIANT_WIDTH_FACTOR,
    ROUTE_WIDTH, SELECTION, origin_color,
};

/// Pointer within this many points of a line counts as hovering it.
const HIT_RADIUS: f32 = 6.0;

pub use crate::cartography::routes::leg_slots;

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
                (
                    base.gamma_multiply(ROUTE_VARIANT_OPACITY),
                    ROUTE_WIDTH * ROUTE_VARIANT_WIDTH_FACTOR,
                )
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
                let shift = shared::bundle_shift(pt(a), pt(b), slot, forward, ROUTE_BUNDLE_SPACING);
                let shift = Vec2::new(shift.x, shift.y);
                a += shift;
                b += shift;
                let on_selected_leg = selected_leg.is_some_and(|(x, y)| {
                    let (p, q) = (&route.waypoints[i].place, &route.waypoints[i + 1].place);
                    (p == x && q == y) || (p == y && q == x)
                });
                if is_selected || (is_highlighted && on_selected_leg) {
                    painter
                        .line_segment([a, b], Stroke::new(ROUTE_SELECTION_WIDTH, color(SELECTION)));
                } else if is_highlighted {
                    painter.line_segment([a, b], Stroke::new(HIGHLIGHT_WIDTH, color(HIGHLIGHT)));
                }
                let stroke = Stroke::new(width, line_color);
                let rail = leg_mode == Some(Mode::Rail) || route.mode == Mode::Rail;
                if route.status == RouteStatus::Likely {
                    painter.extend(Shape::dotted_line(
                        &[a, b],
                        line_color,
                        LIKELY_DOT_SPACING,
                        width * LIKELY_DOT_RADIUS_FACTOR,
                    ));
                } else if rail {
                    // Rail: dashes with cross-ties, as on paper maps.
                    painter.extend(Shape::dashed_line(
                        &[a, b],
                        stroke,
                        RAIL_DASH[0],
                        RAIL_DASH[1],
                    ));
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
    if let Some(head) = shared::arrow_head(pt(a), pt(b), width, shared::ARROW_MIN_LEG, 1.0) {
        let points = head.iter().map(|p| Pos2::new(p.x, p.y)).collect();
        painter.add(Shape::convex_polygon(points, fill, Stroke::NONE));
    }
}

fn pt(p: Pos2) -> Pt {
    Pt::new(p.x, p.y)
}
