//! Places overlay: one symbol per role, labels placed without overlap. The
//! rules (role, symbol, label order and positions) live in
//! `cartography::places`, shared with exported map images.

use std::cell::RefCell;
use std::hash::{Hash, Hasher};

use egui::{FontId, Pos2, Rect, Response, Shape, Stroke, Ui, pos2, vec2};
use walkers::{MapMemory, Plugin, Projector};

use super::fills::WorldToScreen;
use super::mesh_cache::MARGIN;
use super::overlay::{HitTarget, Overlay, QuickHasher, screen};
use crate::app::Selection;
use crate::app::style_egui::color;
use crate::basemap::mercator::lonlat_to_world;
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
fn thin_out(places: &mut Vec<(&Place, Pos2, usize)>, radius: f32, selected: Option<&str>) {
    let cell = radius * 3.0;
    let mut taken = std::collections::HashSet::new();
    places.retain(|(p, s, _)| {
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

/// One place the layer draws: where it was on screen when the plan was made.
struct PlanItem {
    /// Index into the dataset's places.
    index: usize,
    /// Web Mercator world position (for zooming without a rebuild).
    world: [f64; 2],
    /// Screen position when the plan was made.
    at: Pos2,
    role: PlaceRole,
    selected: bool,
}

/// A label that won its space: where it goes relative to its symbol.
struct PlanLabel {
    item: usize,
    offset: egui::Vec2,
    size: egui::Vec2,
}

/// Which places are drawn, after sorting and thinning, and where their
/// labels go, made once per settled view and reused while the map is panned
/// (moved with it) or a zoom gesture runs (symbols reprojected, labels kept
/// beside them). Projecting, sorting and thinning 4,000 places and placing
/// their labels every frame was the largest share of a 100× pan or zoom
/// frame (issue 12).
struct PlacePlan {
    key: u64,
    built_zoom: f64,
    /// Screen position of the world origin when it was made.
    origin: (f64, f64),
    /// The part of the screen it covers, when it was made.
    region: Rect,
    radius: f32,
    /// Label size (points).
    font_size: f32,
    items: Vec<PlanItem>,
    labels: Vec<PlanLabel>,
}

struct PlanCache {
    plan: Option<PlacePlan>,
    last_zoom: f64,
}

thread_local! {
    static PLAN: RefCell<PlanCache> = const {
        RefCell::new(PlanCache {
            plan: None,
            last_zoom: f64::NAN,
        })
    };
}

/// While the zoom changes, a plan made this close to it is reused.
const ZOOM_REUSE: f64 = 0.32;

fn plan_key(places: &[Place], selected: Option<&str>, view: Rect, ppp: f32) -> u64 {
    let mut h = QuickHasher::default();
    for p in places {
        (&p.id, &p.name, p.lon.to_bits(), p.lat.to_bits(), &p.roles).hash(&mut h);
    }
    selected.hash(&mut h);
    (
        view.width().to_bits(),
        view.height().to_bits(),
        ppp.to_bits(),
    )
        .hash(&mut h);
    h.finish()
}

/// Choose and lay out the places within `region` (`view`: what is on screen).
fn make_plan(
    painter: &egui::Painter,
    projector: &Projector,
    places: &[Place],
    selected: Option<&str>,
    view: Rect,
    region: Rect,
) -> (f32, Vec<PlanItem>, Vec<PlanLabel>) {
    let mut chosen: Vec<(&Place, Pos2, usize)> = places
        .iter()
        .enumerate()
        .map(|(i, p)| (p, screen(projector, p.lon, p.lat), i))
        .filter(|(_, s, _)| region.contains(*s))
        .collect();
    // Important places claim label space first.
    chosen.sort_by_cached_key(|(p, _, _)| std::cmp::Reverse(importance(p)));
    let radius = shared::symbol_radius(projector.zoom());
    let near = view.expand(50.0);
    if chosen.iter().filter(|(_, s, _)| near.contains(*s)).count() > CROWDED_PLACES {
        thin_out(&mut chosen, radius, selected);
    }
    let items: Vec<PlanItem> = chosen
        .iter()
        .map(|(p, s, i)| {
            let (x, y) = lonlat_to_world(p.lon, p.lat);
            PlanItem {
                index: *i,
                world: [x, y],
                at: *s,
                role: primary_role(p),
                selected: Some(p.id.as_str()) == selected,
            }
        })
        .collect();
    let font = FontId::proportional(shared::label_size(projector.zoom()));
    let ink = color(MAP_INK);
    let mut placer = LabelPlacer::new(LABEL_GAP, None);
    let size = font.size;
    let mut labels = Vec::new();
    for (k, (p, s, _)) in chosen.iter().enumerate() {
        let must_show = items[k].selected;
        // Before laying the name out (thousands of names at 100× the
        // data cost milliseconds), try boxes no label can be smaller
        // than: each lies inside the real label's box in the same place,
        // so if all three are taken, so is every real one.
        let narrowest = (p.name.chars().count() as f32 * size * 0.2).max(1.0);
        let smallest =
            shared::label_candidates(Pt::new(s.x, s.y), radius, narrowest, size * 0.5, 1.0);
        if !must_show && !smallest.iter().any(|b| placer.is_free(b)) {
            continue;
        }
        let galley = painter.layout_no_wrap(p.name.clone(), font.clone(), ink);
        let size = galley.size();
        // Right of the symbol, else left, else above: the first free spot.
        let candidates = shared::label_candidates(Pt::new(s.x, s.y), radius, size.x, size.y, 1.0);
        let Some(Box2 { min, .. }) = placer.place(&candidates, must_show) else {
            continue; // would pile onto a more important label
        };
        labels.push(PlanLabel {
            item: k,
            offset: pos(min) - *s,
            size,
        });
    }
    (radius, items, labels)
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
        let view = painter.clip_rect();
        let selected = match &o.state.ui.selection {
            Some(Selection::Place(id)) => Some(id.as_str()),
            _ => None,
        };
        let places = &o.state.dataset.places;
        let key = plan_key(places, selected, view, painter.pixels_per_point());
        let zoom = projector.zoom();
        let xf = WorldToScreen::new(projector);
        let origin = xf.origin();
        PLAN.with_borrow_mut(|cache| {
            let zooming = zoom != cache.last_zoom;
            cache.last_zoom = zoom;
            // The plan's region where it would land on screen now.
            let region_now = |plan: &PlacePlan| {
                let factor = 2f64.powf(zoom - plan.built_zoom);
                let offset = egui::Vec2::new(
                    (origin.0 - plan.origin.0 * factor) as f32,
                    (origin.1 - plan.origin.1 * factor) as f32,
                );
                let factor = factor as f32;
                Rect::from_min_max(
                    (plan.region.min.to_vec2() * factor + offset).to_pos2(),
                    (plan.region.max.to_vec2() * factor + offset).to_pos2(),
                )
            };
            let reusable = cache.plan.as_ref().is_some_and(|plan| {
                plan.key == key
                    && region_now(plan).contains_rect(view)
                    && (zoom == plan.built_zoom
                        || (zooming && (zoom - plan.built_zoom).abs() <= ZOOM_REUSE))
            });
            if !reusable {
                // Panned out of the plan at the same zoom: make the next one
                // for a margin around the view, so the pan goes on moving it.
                let panned = cache
                    .plan
                    .as_ref()
                    .is_some_and(|p| p.key == key && p.built_zoom == zoom);
                let region = if panned {
                    view.expand2(view.size() * MARGIN)
                } else if zooming && cache.plan.is_some() {
                    view.expand2(view.size() * 0.13)
                } else {
                    view.expand(50.0)
                };
                let (radius, items, labels) =
                    make_plan(painter, projector, places, selected, view, region);
                cache.plan = Some(PlacePlan {
                    key,
                    built_zoom: zoom,
                    origin,
                    region,
                    radius,
                    font_size: shared::label_size(zoom),
                    items,
                    labels,
                });
            }
            let Some(plan) = cache.plan.as_ref() else {
                return;
            };
            let shift = egui::Vec2::new(
                (origin.0 - plan.origin.0) as f32,
                (origin.1 - plan.origin.1) as f32,
            );
            let at = |item: &PlanItem| {
                if zoom == plan.built_zoom {
                    item.at + shift
                } else {
                    xf.apply(item.world)
                }
            };
            let radius = plan.radius;
            let near = view.expand(50.0);
            for item in &plan.items {
                let s = at(item);
                if !near.contains(s) {
                    continue;
                }
                if item.selected {
                    painter.circle_stroke(s, radius * 2.6, Stroke::new(3.0, color(SELECTION)));
                }
                draw_symbol(painter, s, item.role, radius);
                if let Some(ptr) = o.pointer {
                    let d = (ptr - s).length();
                    if d <= HIT_RADIUS
                        && let Some(p) = places.get(item.index)
                    {
                        o.report(HitTarget::Place(p.id.clone()), 2, d);
                    }
                }
            }
            let ink = color(MAP_INK);
            let font = FontId::proportional(plan.font_size);
            for label in &plan.labels {
                let Some(item) = plan.items.get(label.item) else {
                    continue;
                };
                let min = at(item) + label.offset;
                if !view.intersects(Rect::from_min_size(min, label.size)) {
                    continue;
                }
                let Some(p) = places.get(item.index) else {
                    continue;
                };
                // Laid out again each frame (egui's galley cache makes that
                // a lookup): a kept galley would outlive a rebuilt font atlas.
                let galley = painter.layout_no_wrap(p.name.clone(), font.clone(), ink);
                // A light halo keeps labels readable over routes and fills.
                for d in [
                    vec2(-1.0, 0.0),
                    vec2(1.0, 0.0),
                    vec2(0.0, -1.0),
                    vec2(0.0, 1.0),
                ] {
                    // The label's own layout, recoloured: no second layout.
                    painter.galley_with_override_text_color(
                        min + d,
                        galley.clone(),
                        color(LABEL_HALO),
                    );
                }
                painter.galley(min, galley, ink);
            }
        });
    }
}
