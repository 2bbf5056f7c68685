//! Routes overlay: polylines coloured by origin, rail legs dashed, direction
//! arrows, variants drawn thin and offset, "likely" routes dotted.

use egui::{Color32, FontId, Pos2, Rect, Response, Shape, Stroke, Ui, Vec2, vec2};
use walkers::{MapMemory, Plugin, Projector};

use super::overlay::{HitTarget, Overlay, distance_to_segment, screen};
use crate::app::Selection;
use crate::app::style_egui::color;
use crate::cartography::labels::{LABEL_GAP, LabelPlacer};
use crate::cartography::{Box2, Pt, routes as shared};

use crate::model::{Mode, Route, RouteStatus};
use crate::style::{
    DIMMED, HIGHLIGHT, HIGHLIGHT_WIDTH, LABEL_HALO, LIKELY_DOT_RADIUS_FACTOR, LIKELY_DOT_SPACING,
    MAP_INK, RAIL_DASH, ROUTE_BUNDLE_SPACING, ROUTE_COUNT_LABEL_MIN_LEG, ROUTE_COUNT_LABEL_SIZE,
    ROUTE_SELECTION_WIDTH, ROUTE_VARIANT_OPACITY, ROUTE_VARIANT_WIDTH_FACTOR, ROUTE_WIDTH,
    SELECTION, origin_color,
};

/// Pointer within this many points of a line counts as hovering it.
const HIT_RADIUS: f32 = 6.0;
/// Legs are clipped to the map grown by this much (points), so that line
/// ends, arrowheads and bands just outside it still show their edges.
const VIEW_MARGIN: f32 = 30.0;

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
        // Only what is on screen is dashed, dotted and tessellated.
        let clip = painter.clip_rect().expand(VIEW_MARGIN);
        let view =
            Box2::from_min_size(Pt::new(clip.min.x, clip.min.y), clip.width(), clip.height());
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
                let rail = leg_mode == Some(Mode::Rail) || route.mode == Mode::Rail;
                let period = if route.status == RouteStatus::Likely {
                    LIKELY_DOT_SPACING
                } else if rail {
                    RAIL_DASH[0] + RAIL_DASH[1]
                } else {
                    0.0
                };
                let Some((p, q)) = shared::visible_span(pt(a), pt(b), &view, period) else {
                    continue;
                };
                let (full_a, full_b) = (a, b);
                let (a, b) = (pos(p), pos(q));
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
                arrow(painter, full_a, full_b, line_color, width);
                if let Some(p) = o.pointer {
                    let d = distance_to_segment(p, a, b);
                    if d <= HIT_RADIUS {
                        o.report(HitTarget::Route(route.id.clone()), 1, d);
                    }
                }
            }
        }
        count_labels(painter, o, projector, &visible);
    }
}

/// Crowded legs are drawn as one band; a label in its middle says how many
/// routes it holds. Busiest first; a label that would overlap another is
/// left out, as is one on a leg too short on screen to carry it.
fn count_labels(
    painter: &egui::Painter,
    o: &Overlay<'_>,
    projector: &Projector,
    routes: &[&Route],
) {
    let clip = painter.clip_rect();
    let font = FontId::proportional(ROUTE_COUNT_LABEL_SIZE);
    let mut placer = LabelPlacer::new(LABEL_GAP, None);
    for leg in shared::crowded_legs(routes) {
        let (Some(a), Some(b)) = (o.state.dataset.place(leg.a), o.state.dataset.place(leg.b))
        else {
            continue;
        };
        let (a, b) = (
            screen(projector, a.lon, a.lat),
            screen(projector, b.lon, b.lat),
        );
        let mid = a + (b - a) * 0.5;
        if (b - a).length() < ROUTE_COUNT_LABEL_MIN_LEG || !clip.contains(mid) {
            continue;
        }
        let text = format!("{} routes", leg.routes);
        let galley = painter.layout_no_wrap(text, font.clone(), color(MAP_INK));
        let rect = Rect::from_center_size(mid, galley.size() + vec2(8.0, 2.0));
        let candidate =
            Box2::from_min_size(Pt::new(rect.min.x, rect.min.y), rect.width(), rect.height());
        if placer.place(&[candidate], false).is_none() {
            continue;
        }
        painter.rect(
            rect,
            rect.height() / 2.0,
            color(LABEL_HALO),
            Stroke::new(1.0, color(MAP_INK)),
            egui::StrokeKind::Inside,
        );
        painter.galley(rect.center() - galley.size() / 2.0, galley, color(MAP_INK));
    }
}

fn pos(p: Pt) -> Pos2 {
    Pos2::new(p.x, p.y)
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
