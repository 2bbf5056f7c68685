//! Places overlay: one symbol per role, labels placed without overlap. The
//! rules (role, symbol, label order and positions) live in
//! `cartography::places`, shared with exported map images.

use egui::{FontId, Pos2, Rect, Response, Shape, Stroke, Ui, pos2, vec2};
use walkers::{MapMemory, Plugin, Projector};

use super::overlay::{HitTarget, Overlay, screen};
use crate::app::Selection;
use crate::app::style_egui::color;
use crate::cartography::labels::{LABEL_GAP, LabelPlacer};
use crate::cartography::places::{self as shared, SymbolPart, importance};
use crate::cartography::{Box2, Pt};
use crate::model::{Place, PlaceRole};
use crate::style::{LABEL_HALO, MAP_INK, SELECTION};

pub use crate::cartography::places::primary_role;

const HIT_RADIUS: f32 = 8.0;
/// With more places than this in view, symbols that would land on a more
/// important one are left out until the map is zoomed in (thousands of
/// overlapping symbols buried the routes and cost frames; issue 12).
pub const CROWDED_PLACES: usize = 300;

/// Keep, in the given (importance) order, only places whose symbol does not
/// fall in a grid cell a kept symbol already took; the selected place stays.
fn thin_out(places: &mut Vec<(&Place, Pos2)>, radius: f32, selected: Option<&str>) {
    let cell = radius * 3.0;
    let mut taken = std::collections::HashSet::new();
    places.retain(|(p, s)| {
        let key = ((s.x / cell).floor() as i32, (s.y / cell).floor() as i32);
        taken.insert(key) || Some(p.id.as_str()) == selected
    });
}

fn pos(p: Pt) -> Pos2 {
    pos2(p.x, p.y)
}

fn stroke(l: shared::Line) -> Stroke {
    Stroke::new(l.width, color(l.color))
}

/// Draw the symbol of `role` centred at `c` (also used by the legend).
pub fn draw_symbol(painter: &egui::Painter, c: Pos2, role: PlaceRole, r: f32) {
    for part in shared::symbol(role, Pt::new(c.x, c.y), r) {
        match part {
            SymbolPart::Polygon {
                points,
                fill,
                stroke: s,
            } => {
                let points = points.into_iter().map(pos).collect();
                painter.add(Shape::convex_polygon(points, color(fill), stroke(s)));
            }
            SymbolPart::Circle {
                center,
                radius,
                fill,
                stroke: s,
            } => {
                match (fill, s) {
                    (Some(f), Some(s)) => painter.circle(pos(center), radius, color(f), stroke(s)),
                    (Some(f), None) => painter.circle_filled(pos(center), radius, color(f)),
                    (None, Some(s)) => painter.circle_stroke(pos(center), radius, stroke(s)),
                    (None, None) => continue,
                };
            }
            SymbolPart::Rect {
                rect,
                corner,
                fill,
                stroke: s,
            } => {
                painter.rect(
                    Rect::from_min_max(pos(rect.min), pos(rect.max)),
                    corner,
                    color(fill),
                    stroke(s),
                    egui::StrokeKind::Middle,
                );
            }
            SymbolPart::Segment { a, b, stroke: s } => {
                painter.line_segment([pos(a), pos(b)], stroke(s));
            }
        }
    }
}

pub struct PlacesPlugin<'a> {
    pub overlay: &'a Overlay<'a>,
}

impl Plugin for PlacesPlugin<'_> {
    fn run(
        self: Box<Self>,
        ui: &mut Ui,
        _response: &Response,
        projector: &Projector,
        _memory: &MapMemory,
    ) {
        let o = self.overlay;
        let painter = &ui.painter().with_clip_rect(ui.max_rect());
        let clip = painter.clip_rect();
        let selected = match &o.state.ui.selection {
            Some(Selection::Place(id)) => Some(id.as_str()),
            _ => None,
        };
        let mut places: Vec<(&Place, Pos2)> = o
            .state
            .dataset
            .places
            .iter()
            .map(|p| (p, screen(projector, p.lon, p.lat)))
            .filter(|(_, s)| clip.expand(50.0).contains(*s))
            .collect();
        // Important places claim label space first.
        places.sort_by_key(|(p, _)| std::cmp::Reverse(importance(p)));
        let radius = shared::symbol_radius(projector.zoom());
        if places.len() > CROWDED_PLACES {
            thin_out(&mut places, radius, selected);
        }
        for (p, s) in &places {
            if Some(p.id.as_str()) == selected {
                painter.circle_stroke(*s, radius * 2.6, Stroke::new(3.0, color(SELECTION)));
            }
            draw_symbol(painter, *s, primary_role(p), radius);
            if let Some(ptr) = o.pointer {
                let d = (ptr - *s).length();
                if d <= HIT_RADIUS {
                    o.report(HitTarget::Place(p.id.clone()), 2, d);
                }
            }
        }
        let font = FontId::proportional(shared::label_size(projector.zoom()));
        let ink = color(MAP_INK);
        let mut placer = LabelPlacer::new(LABEL_GAP, None);
        let size = font.size;
        for (p, s) in &places {
            let must_show = Some(p.id.as_str()) == selected;
            // Before laying the name out (thousands of names at 100× the
            // data cost milliseconds a frame), try boxes no label can be
            // smaller than: each lies inside the real label's box in the
            // same place, so if all three are taken, so is every real one.
            let narrowest = (p.name.chars().count() as f32 * size * 0.2).max(1.0);
            let smallest =
                shared::label_candidates(Pt::new(s.x, s.y), radius, narrowest, size * 0.5, 1.0);
            if !must_show && !smallest.iter().any(|b| placer.is_free(b)) {
                continue;
            }
            let galley = painter.layout_no_wrap(p.name.clone(), font.clone(), ink);
            let size = galley.size();
            // Right of the symbol, else left, else above: the first free spot.
            let candidates =
                shared::label_candidates(Pt::new(s.x, s.y), radius, size.x, size.y, 1.0);
            let Some(Box2 { min, max }) = placer.place(&candidates, must_show) else {
                continue; // would pile onto a more important label
            };
            let rect = Rect::from_min_max(pos(min), pos(max));
            // A light halo keeps labels readable over routes and fills.
            for d in [
                vec2(-1.0, 0.0),
                vec2(1.0, 0.0),
                vec2(0.0, -1.0),
                vec2(0.0, 1.0),
            ] {
                // The label's own layout, recoloured: no second layout.
                painter.galley_with_override_text_color(
                    rect.min + d,
                    galley.clone(),
                    color(LABEL_HALO),
                );
            }
            painter.galley(rect.min, galley, ink);
        }
    }
}
