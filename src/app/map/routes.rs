//! Routes overlay: polylines coloured by origin, rail legs dashed, direction
//! arrows, variants drawn thin and offset, "likely" routes dotted.

use egui::{Color32, Pos2, Response, Shape, Stroke, Ui, Vec2};
use walkers::{MapMemory, Plugin, Projector};

use super::overlay::{HitTarget, Overlay, distance_to_segment, screen};
use crate::app::Selection;
use crate::app::style_egui::color;
use crate::model::{Mode, RouteStatus};
use crate::style::{ROUTE_WIDTH, ROUTE_WIDTH_SELECTED, SELECTION, origin_color};

/// Pointer within this many points of a line counts as hovering it.
const HIT_RADIUS: f32 = 6.0;
/// Variants are drawn beside their main route so both stay visible.
const VARIANT_OFFSET: f32 = 4.0;

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
        // Selected route last, so it is drawn on top.
        let mut routes: Vec<_> = o.state.visible_routes().collect();
        routes.sort_by_key(|r| Some(r.id.as_str()) == selected);
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
            let (line_color, width) = if is_variant {
                (base.gamma_multiply(0.75), ROUTE_WIDTH * 0.6)
            } else {
                (base, ROUTE_WIDTH)
            };
            for leg in points.windows(2) {
                let (mut a, _) = leg[0];
                let (mut b, leg_mode) = leg[1];
                let dir = (b - a).normalized();
                if is_variant {
                    let normal = Vec2::new(-dir.y, dir.x) * VARIANT_OFFSET;
                    a += normal;
                    b += normal;
                }
                if is_selected {
                    painter.line_segment(
                        [a, b],
                        Stroke::new(ROUTE_WIDTH_SELECTED + 2.0, color(SELECTION)),
                    );
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
