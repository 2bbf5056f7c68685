//! Places overlay: one symbol per role, labels placed without overlap.

use egui::{Align2, Color32, FontId, Pos2, Rect, Response, Shape, Stroke, Ui, Vec2, pos2, vec2};
use walkers::{MapMemory, Plugin, Projector};

use super::overlay::{HitTarget, Overlay, screen};
use crate::app::Selection;
use crate::app::style_egui::color;
use crate::model::{Place, PlaceRole};
use crate::style::SELECTION;

const HIT_RADIUS: f32 = 8.0;
const INK: Color32 = Color32::from_rgb(40, 40, 48);

/// The role a place is drawn as: the most specific one it has.
pub fn primary_role(place: &Place) -> PlaceRole {
    const ORDER: [PlaceRole; 10] = [
        PlaceRole::ConvergencePoint,
        PlaceRole::Seaport,
        PlaceRole::RailBorderPoint,
        PlaceRole::EntryPoint,
        PlaceRole::ExitPoint,
        PlaceRole::Hub,
        PlaceRole::Origin,
        PlaceRole::Market,
        PlaceRole::Waypoint,
        PlaceRole::Reference,
    ];
    ORDER
        .into_iter()
        .find(|r| place.roles.contains(r))
        .unwrap_or(PlaceRole::Waypoint)
}

/// Label priority: larger first (they win the space when labels collide).
fn importance(place: &Place) -> u8 {
    match primary_role(place) {
        PlaceRole::Origin | PlaceRole::ConvergencePoint | PlaceRole::Hub => 5,
        PlaceRole::EntryPoint | PlaceRole::ExitPoint | PlaceRole::Seaport => 4,
        PlaceRole::RailBorderPoint => 3,
        PlaceRole::Waypoint => 2,
        PlaceRole::Market | PlaceRole::Reference => 1,
    }
}

/// Draw the symbol of `role` centred at `c` (also used by the legend).
pub fn draw_symbol(painter: &egui::Painter, c: Pos2, role: PlaceRole, r: f32) {
    let outline = Stroke::new(1.2, INK);
    let white = Color32::WHITE;
    match role {
        PlaceRole::EntryPoint => {
            let pts = vec![
                c + vec2(0.0, -r * 1.2),
                c + vec2(r * 1.1, r * 0.8),
                c + vec2(-r * 1.1, r * 0.8),
            ];
            painter.add(Shape::convex_polygon(
                pts,
                Color32::from_rgb(0x1b, 0x9e, 0x77),
                outline,
            ));
        }
        PlaceRole::ExitPoint => {
            let pts = vec![
                c + vec2(0.0, r * 1.2),
                c + vec2(-r * 1.1, -r * 0.8),
                c + vec2(r * 1.1, -r * 0.8),
            ];
            painter.add(Shape::convex_polygon(
                pts,
                Color32::from_rgb(0xd9, 0x5f, 0x02),
                outline,
            ));
        }
        PlaceRole::RailBorderPoint => {
            painter.rect(
                Rect::from_center_size(c, Vec2::splat(r * 2.0)),
                0.0,
                white,
                outline,
                egui::StrokeKind::Middle,
            );
            painter.line_segment([c + vec2(-r, 0.0), c + vec2(r, 0.0)], outline);
        }
        PlaceRole::Hub => {
            let pts = vec![
                c + vec2(0.0, -r * 1.3),
                c + vec2(r * 1.3, 0.0),
                c + vec2(0.0, r * 1.3),
                c + vec2(-r * 1.3, 0.0),
            ];
            painter.add(Shape::convex_polygon(
                pts,
                Color32::from_rgb(0x75, 0x70, 0xb3),
                outline,
            ));
        }
        PlaceRole::ConvergencePoint => {
            painter.circle(c, r * 1.4, Color32::from_rgb(0xe7, 0x29, 0x8a), outline);
            painter.circle_filled(c, r * 0.5, white);
        }
        PlaceRole::Seaport => {
            painter.circle(c, r * 1.1, Color32::from_rgb(0x1f, 0x78, 0xb4), outline);
            painter.line_segment(
                [c + vec2(0.0, -r * 0.8), c + vec2(0.0, r * 0.8)],
                Stroke::new(1.5, white),
            );
            painter.line_segment(
                [c + vec2(-r * 0.6, 0.0), c + vec2(r * 0.6, 0.0)],
                Stroke::new(1.5, white),
            );
        }
        PlaceRole::Origin => {
            painter.rect(
                Rect::from_center_size(c, Vec2::splat(r * 2.2)),
                1.0,
                INK,
                Stroke::new(1.2, white),
                egui::StrokeKind::Middle,
            );
        }
        PlaceRole::Market => {
            painter.circle(
                c,
                r,
                white,
                Stroke::new(2.0, Color32::from_rgb(0xa6, 0x76, 0x1d)),
            );
        }
        PlaceRole::Waypoint => {
            painter.circle(c, r * 0.8, white, outline);
        }
        PlaceRole::Reference => {
            painter.circle_stroke(c, r * 0.7, Stroke::new(1.0, Color32::from_gray(110)));
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
        let radius = if projector.zoom() < 5.0 { 3.5 } else { 4.5 };
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
        let font = FontId::proportional(if projector.zoom() < 5.0 { 11.0 } else { 12.5 });
        let mut taken: Vec<Rect> = Vec::new();
        for (p, s) in &places {
            let galley = painter.layout_no_wrap(p.name.clone(), font.clone(), INK);
            let size = galley.size();
            // Right of the symbol, else left, else above: the first free spot.
            let candidates = [
                Align2::LEFT_CENTER.anchor_size(*s + vec2(radius + 4.0, 0.0), size),
                Align2::RIGHT_CENTER.anchor_size(*s - vec2(radius + 4.0, 0.0), size),
                Align2::CENTER_BOTTOM.anchor_size(*s - vec2(0.0, radius + 3.0), size),
            ];
            let free = |r: &Rect| !taken.iter().any(|t| t.expand(2.0).intersects(*r));
            let must_show = Some(p.id.as_str()) == selected;
            let rect = match candidates.iter().find(|r| free(r)) {
                Some(r) => *r,
                None if must_show => candidates[0],
                None => continue, // would pile onto a more important label
            };
            taken.push(rect);
            // A light halo keeps labels readable over routes and fills.
            for d in [
                vec2(-1.0, 0.0),
                vec2(1.0, 0.0),
                vec2(0.0, -1.0),
                vec2(0.0, 1.0),
            ] {
                painter.text(
                    rect.min + d,
                    Align2::LEFT_TOP,
                    &p.name,
                    font.clone(),
                    Color32::from_white_alpha(220),
                );
            }
            painter.galley(rect.min, galley, INK);
        }
        let _ = pos2; // (keeps the import list stable across egui versions)
    }
}
