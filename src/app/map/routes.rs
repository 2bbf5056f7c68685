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
                // Dots and dashes only where the leg can be seen: zoomed in,
                // a leg is 10⁵ points long and would make 10⁴ shapes a frame.
                let view = painter.clip_rect().expand(20.0);
                if route.status == RouteStatus::Likely {
                    if let Some((a, b)) = visible_part(a, b, view, LIKELY_DOT_SPACING) {
                        painter.extend(Shape::dotted_line(
                            &[a, b],
                            line_color,
                            LIKELY_DOT_SPACING,
                            width * LIKELY_DOT_RADIUS_FACTOR,
                        ));
                    }
                } else if rail {
                    // Rail: dashes with cross-ties, as on paper maps.
                    if let Some((a, b)) = visible_part(a, b, view, RAIL_DASH[0] + RAIL_DASH[1]) {
                        painter.extend(Shape::dashed_line(
                            &[a, b],
                            stroke,
                            RAIL_DASH[0],
                            RAIL_DASH[1],
                        ));
                    }
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

/// The part of segment a→b inside `rect`, its start moved back to a whole
/// number of pattern `periods` from `a` so that dots and dashes stay put
/// as the map pans. `None` if none of it is inside.
pub(crate) fn visible_part(
    a: Pos2,
    b: Pos2,
    rect: egui::Rect,
    period: f32,
) -> Option<(Pos2, Pos2)> {
    let d = b - a;
    let len = d.length();
    if !(len.is_finite() && len > 0.0) {
        return rect.contains(a).then_some((a, b));
    }
    // Liang–Barsky clipping of the parameter t ∈ [0, 1].
    let (mut t0, mut t1) = (0.0f32, 1.0f32);
    for (p, q) in [
        (-d.x, a.x - rect.min.x),
        (d.x, rect.max.x - a.x),
        (-d.y, a.y - rect.min.y),
        (d.y, rect.max.y - a.y),
    ] {
        if p == 0.0 {
            if q < 0.0 {
                return None;
            }
        } else {
            let r = q / p;
            if p < 0.0 {
                t0 = t0.max(r);
            } else {
                t1 = t1.min(r);
            }
        }
    }
    if t0 > t1 {
        return None;
    }
    let start = ((t0 * len / period).floor() * period / len).max(0.0);
    Some((a + d * start, a + d * t1))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_visible_part_of_a_long_leg_is_dashed_and_the_pattern_stays_put() {
        let view = egui::Rect::from_min_max(Pos2::new(0.0, 0.0), Pos2::new(100.0, 100.0));
        let a = Pos2::new(-100_000.0, 50.0);
        let b = Pos2::new(100_000.0, 50.0);
        let (s, e) = visible_part(a, b, view, 14.0).unwrap();
        assert!(s.x <= 0.0 && s.x > -14.0, "{s:?}");
        assert!((e.x - 100.0).abs() < 0.01, "{e:?}");
        // The start lies a whole number of periods from a.
        let k = (s.x - a.x) / 14.0;
        assert!((k - k.round()).abs() < 1e-3, "{k}");
        assert!(visible_part(Pos2::new(0.0, 200.0), Pos2::new(100.0, 300.0), view, 14.0).is_none());
        let inside = visible_part(Pos2::new(10.0, 10.0), Pos2::new(20.0, 20.0), view, 14.0);
        assert_eq!(inside, Some((Pos2::new(10.0, 10.0), Pos2::new(20.0, 20.0))));
    }
}
