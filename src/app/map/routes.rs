//! Routes overlay: polylines coloured by origin, rail legs dashed, direction
//! arrows, variants drawn thin and offset, "likely" routes dotted.

use std::cell::RefCell;
use std::collections::hash_map::DefaultHasher;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::rc::Rc;

use egui::{Color32, FontId, Mesh, Pos2, Rect, Response, Shape, Stroke, Ui, Vec2, vec2};
use walkers::{MapMemory, Plugin, Projector};

use super::fills::WorldToScreen;
use super::mesh_cache::{Built, MeshCache};
use super::overlay::{HitTarget, Overlay, QuickHasher, distance_to_segment};
use super::patterns::Patterns;
use crate::app::style_egui::color;
use crate::app::{AppState, Selection};
use crate::basemap::mercator::lonlat_to_world;
use crate::cartography::labels::{LABEL_GAP, LabelPlacer};
use crate::cartography::{Box2, Pt, routes as shared};

use crate::model::{Place, Route, RouteStatus};
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

/// One leg of a route, in world coordinates (0..1 across the Mercator square).
struct LegGeom {
    a: [f64; 2],
    b: [f64; 2],
    /// Index of the waypoint the leg starts at.
    waypoint: usize,
    rail: bool,
    slot: f32,
    forward: bool,
    /// On a crowded leg: drawn by the band, unless the route is emphasised.
    in_band: bool,
}

struct RouteGeom {
    /// Index into the dataset's routes.
    index: usize,
    legs: Vec<LegGeom>,
}

/// A stretch of a crowded band: routes of one look and direction.
struct PartGeom {
    origin: String,
    variant: bool,
    likely: bool,
    rail: bool,
    forward: bool,
    slots: [f32; 2],
}

/// A crowded leg, lower place id first.
struct BandGeom {
    a: [f64; 2],
    b: [f64; 2],
    routes: usize,
    parts: Vec<PartGeom>,
}

/// What the routes layer draws, worked out once per set of visible routes
/// and places (slots, bands, places looked up and projected) and only moved
/// and scaled per frame: at 100× the data, doing this every frame (8,400
/// legs, a linear place lookup each) cost more than the frame budget.
struct RouteLayer {
    key: u64,
    routes: Vec<RouteGeom>,
    /// Busiest first (the order count labels claim space in).
    bands: Vec<BandGeom>,
}

thread_local! {
    static LAYER: RefCell<Option<Rc<RouteLayer>>> = const { RefCell::new(None) };
}

/// Everything the layer depends on: the visible routes and the places.
fn layer_key(state: &AppState) -> u64 {
    let mut h = QuickHasher::default();
    for (i, r) in state.dataset.routes.iter().enumerate() {
        if !state.ui.filter.shows(r) {
            continue;
        }
        (i, &r.id, &r.origin_country, r.mode, r.status).hash(&mut h);
        r.variant_of.is_some().hash(&mut h);
        for w in &r.waypoints {
            (&w.place, w.leg_mode).hash(&mut h);
        }
    }
    for p in &state.dataset.places {
        (&p.id, p.lon.to_bits(), p.lat.to_bits()).hash(&mut h);
    }
    h.finish()
}

fn world(p: &Place) -> [f64; 2] {
    let (x, y) = lonlat_to_world(p.lon, p.lat);
    [x, y]
}

fn route_layer(state: &AppState) -> Rc<RouteLayer> {
    let key = layer_key(state);
    LAYER.with_borrow_mut(|cache| {
        if let Some(layer) = cache.as_ref().filter(|l| l.key == key) {
            return Rc::clone(layer);
        }
        let layer = Rc::new(build_layer(state, key));
        *cache = Some(Rc::clone(&layer));
        layer
    })
}

fn build_layer(state: &AppState, key: u64) -> RouteLayer {
    let places: HashMap<&str, &Place> = state
        .dataset
        .places
        .iter()
        .map(|p| (p.id.as_str(), p))
        .collect();
    let visible: Vec<&Route> = state.visible_routes().collect();
    let layout = shared::leg_layout(&visible);
    let crowded: HashSet<(&str, &str)> = layout.crowded.iter().map(|l| (l.a, l.b)).collect();
    let routes = state
        .dataset
        .routes
        .iter()
        .enumerate()
        .filter(|(_, r)| state.ui.filter.shows(r))
        .map(|(index, route)| {
            let mut legs = Vec::new();
            for (i, leg) in route.waypoints.windows(2).enumerate() {
                let (Some(a), Some(b)) = (
                    places.get(leg[0].place.as_str()),
                    places.get(leg[1].place.as_str()),
                ) else {
                    continue;
                };
                let (slot, forward) = layout
                    .slots
                    .get(&(route.id.as_str(), i))
                    .copied()
                    .unwrap_or((0.0, true));
                let (x, y) = (leg[0].place.as_str(), leg[1].place.as_str());
                let canonical = if x <= y { (x, y) } else { (y, x) };
                legs.push(LegGeom {
                    a: world(a),
                    b: world(b),
                    waypoint: i,
                    rail: shared::LegLook::of(route, i).rail,
                    slot,
                    forward,
                    in_band: crowded.contains(&canonical),
                });
            }
            RouteGeom { index, legs }
        })
        .collect();
    let bands = layout
        .crowded
        .iter()
        .filter_map(|leg| {
            let (a, b) = (places.get(leg.a)?, places.get(leg.b)?);
            Some(BandGeom {
                a: world(a),
                b: world(b),
                routes: leg.routes,
                parts: leg
                    .parts
                    .iter()
                    .map(|p| PartGeom {
                        origin: p.look.origin.to_owned(),
                        variant: p.look.variant,
                        likely: p.look.status == RouteStatus::Likely,
                        rail: p.look.rail,
                        forward: p.forward,
                        slots: p.slots,
                    })
                    .collect(),
            })
        })
        .collect();
    RouteLayer { key, routes, bands }
}

/// How a line is drawn: solid, dashed (rail) or dotted (likely).
#[derive(Clone, Copy)]
struct LineLook {
    likely: bool,
    rail: bool,
}

impl LineLook {
    /// Dash or dot period (0 for a solid line).
    fn period(self) -> f32 {
        if self.likely {
            LIKELY_DOT_SPACING
        } else if self.rail {
            RAIL_DASH[0] + RAIL_DASH[1]
        } else {
            0.0
        }
    }
}

/// Colour and width of a route's line (origin, variant), dimmed when other
/// routes are lit up.
fn line_color_width(origin: &str, variant: bool, dim: bool) -> (Color32, f32) {
    let base = color(origin_color(origin));
    let (c, w) = if variant {
        (
            base.gamma_multiply(ROUTE_VARIANT_OPACITY),
            ROUTE_WIDTH * ROUTE_VARIANT_WIDTH_FACTOR,
        )
    } else {
        (base, ROUTE_WIDTH)
    };
    (if dim { c.gamma_multiply(DIMMED) } else { c }, w)
}

/// Where a layer's geometry goes while it is built: shapes for egui to
/// tessellate, and one quad per dotted or dashed line (see `patterns`).
pub struct Sink<'a> {
    pub shapes: Vec<Shape>,
    patterns: &'a Patterns,
    dots: Mesh,
    rail: Mesh,
}

impl<'a> Sink<'a> {
    pub fn new(patterns: &'a Patterns) -> Self {
        Sink {
            shapes: Vec::new(),
            patterns,
            dots: Mesh::with_texture(patterns.dots.texture_id()),
            rail: Mesh::with_texture(patterns.rail.texture_id()),
        }
    }

    pub fn built(self) -> Built {
        Built {
            shapes: self.shapes,
            meshes: vec![self.dots, self.rail],
        }
    }
}

/// Draw the visible part of `a`–`b` (already clipped by the caller) as one
/// route's line (`across` = 0) or as a band stretch `across` points wider
/// than one line: one stroke, one pattern of dashes or dots.
fn draw_line(
    out: &mut Sink<'_>,
    a: Pos2,
    b: Pos2,
    look: LineLook,
    line_color: Color32,
    width: f32,
    across: f32,
) {
    if look.likely {
        // Across a band, the dots of routes side by side merge into short
        // bars: one pattern instead of a dot per route.
        let dot = 2.0 * width * LIKELY_DOT_RADIUS_FACTOR;
        let pattern = out.patterns.dots.clone();
        pattern.add_segment(&mut out.dots, a, b, across + dot, line_color);
    } else if look.rail {
        // Rail: dashes, as on paper maps.
        let pattern = out.patterns.rail.clone();
        pattern.add_segment(&mut out.rail, a, b, width + across, line_color);
    } else {
        out.shapes.push(Shape::line_segment(
            [a, b],
            Stroke::new(width + across, line_color),
        ));
    }
}

thread_local! {
    static MESH: RefCell<MeshCache> = RefCell::new(MeshCache::new(2));
}

/// What is drawn apart from the geometry: the selection and the lit-up routes.
struct Emphasis<'a> {
    selected: Option<&'a str>,
    highlighted: BTreeSet<&'a str>,
    selected_leg: Option<(&'a str, &'a str)>,
}

impl Emphasis<'_> {
    fn key(&self) -> u64 {
        let mut h = DefaultHasher::new();
        (self.selected, &self.highlighted, self.selected_leg).hash(&mut h);
        h.finish()
    }

    fn on(&self, id: &str) -> bool {
        Some(id) == self.selected || self.highlighted.contains(id)
    }
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
        let emphasis = Emphasis {
            selected: match &o.state.ui.selection {
                Some(Selection::Route(id)) => Some(id.as_str()),
                _ => None,
            },
            // Routes through a selected place, leg or oblast get a halo; the rest dim.
            highlighted: o.state.highlighted_routes(),
            selected_leg: match &o.state.ui.selection {
                Some(Selection::Leg(a, b)) => Some((a.as_str(), b.as_str())),
                _ => None,
            },
        };
        let layer = route_layer(o.state);
        let xf = WorldToScreen::new(projector);
        let key = layer.key ^ emphasis.key().rotate_left(1) ^ o.patterns_key().rotate_left(2);
        MESH.with_borrow_mut(|cache| {
            cache.paint(painter, key, projector.zoom(), xf.origin(), |region| {
                route_shapes(o, &layer, &xf, &emphasis, region)
            });
        });
        if let Some(pointer) = o.pointer {
            hit_test(o, &layer, &xf, pointer);
        }
        count_labels(painter, &layer, &xf);
    }
}

/// Routes under the pointer, each leg where it is drawn (its slot).
fn hit_test(o: &Overlay<'_>, layer: &RouteLayer, xf: &WorldToScreen, pointer: Pos2) {
    let near = Rect::from_center_size(pointer, Vec2::splat(2.0 * HIT_RADIUS));
    let widest_band = shared::band_span(o.state.dataset.routes.len()) * ROUTE_BUNDLE_SPACING;
    for geom in &layer.routes {
        let Some(route) = o.state.dataset.routes.get(geom.index) else {
            continue;
        };
        let mut best = f32::INFINITY;
        for leg in &geom.legs {
            let (a, b) = (xf.apply(leg.a), xf.apply(leg.b));
            if !Rect::from_two_pos(a, b)
                .expand(widest_band)
                .intersects(near)
            {
                continue;
            }
            let shift =
                shared::bundle_shift(pt(a), pt(b), leg.slot, leg.forward, ROUTE_BUNDLE_SPACING);
            let shift = Vec2::new(shift.x, shift.y);
            best = best.min(distance_to_segment(pointer, a + shift, b + shift));
        }
        if best <= HIT_RADIUS {
            o.report(HitTarget::Route(route.id.clone()), 1, best);
        }
    }
}

/// Every line, dash, dot and arrow of the routes layer within `region`.
fn route_shapes(
    o: &Overlay<'_>,
    layer: &RouteLayer,
    xf: &WorldToScreen,
    emphasis: &Emphasis<'_>,
    region: Rect,
) -> Built {
    let Some(patterns) = o.patterns else {
        return Built::default();
    };
    let mut out = Sink::new(patterns);
    // Only what is in the region is dashed, dotted and tessellated.
    let clip = region.expand(VIEW_MARGIN);
    let view = Box2::from_min_size(Pt::new(clip.min.x, clip.min.y), clip.width(), clip.height());
    let dim = !emphasis.highlighted.is_empty();
    let widest_band = shared::band_span(o.state.dataset.routes.len()) * ROUTE_BUNDLE_SPACING;

    // Crowded legs: one stroke, pattern and arrow per stretch of a band.
    for band in &layer.bands {
        let (a, b) = (xf.apply(band.a), xf.apply(band.b));
        if !clip
            .expand(widest_band)
            .intersects(Rect::from_two_pos(a, b))
        {
            continue;
        }
        for part in &band.parts {
            let (line_color, width) = line_color_width(&part.origin, part.variant, dim);
            let (p, q, stroke_width) =
                shared::band_stroke(pt(a), pt(b), part.slots, width, ROUTE_BUNDLE_SPACING);
            let look = LineLook {
                likely: part.likely,
                rail: part.rail,
            };
            if let Some((p, q)) = shared::visible_span(p, q, &view, look.period()) {
                draw_line(
                    &mut out,
                    pos(p),
                    pos(q),
                    look,
                    line_color,
                    width,
                    stroke_width - width,
                );
            }
            if let Some(head) = shared::band_arrow(
                pt(a),
                pt(b),
                part.slots,
                part.forward,
                width,
                ROUTE_BUNDLE_SPACING,
                shared::ARROW_MIN_LEG,
                1.0,
            ) && head.iter().any(|p| clip.contains(pos(*p)))
            {
                let points = head.into_iter().map(pos).collect();
                out.shapes
                    .push(Shape::convex_polygon(points, line_color, Stroke::NONE));
            }
        }
    }

    // Selected (or highlighted) routes last, so they are drawn on top.
    let mut order: Vec<(&RouteGeom, &Route)> = layer
        .routes
        .iter()
        .filter_map(|g| o.state.dataset.routes.get(g.index).map(|r| (g, r)))
        .collect();
    order.sort_by_key(|(_, r)| {
        (
            Some(r.id.as_str()) == emphasis.selected,
            emphasis.highlighted.contains(r.id.as_str()),
        )
    });
    for (geom, route) in order {
        let is_selected = Some(route.id.as_str()) == emphasis.selected;
        let is_highlighted = emphasis.highlighted.contains(route.id.as_str());
        let own_emphasis = emphasis.on(route.id.as_str());
        let (line_color, width) = line_color_width(
            &route.origin_country,
            route.variant_of.is_some(),
            dim && !own_emphasis,
        );
        for leg in &geom.legs {
            if leg.in_band && !own_emphasis {
                continue; // drawn by its band
            }
            let (a, b) = (xf.apply(leg.a), xf.apply(leg.b));
            let shift =
                shared::bundle_shift(pt(a), pt(b), leg.slot, leg.forward, ROUTE_BUNDLE_SPACING);
            let shift = Vec2::new(shift.x, shift.y);
            let (full_a, full_b) = (a + shift, b + shift);
            if !clip.intersects(Rect::from_two_pos(full_a, full_b)) {
                continue;
            }
            let look = LineLook {
                likely: route.status == RouteStatus::Likely,
                rail: leg.rail,
            };
            let Some((p, q)) = shared::visible_span(pt(full_a), pt(full_b), &view, look.period())
            else {
                continue;
            };
            let (a, b) = (pos(p), pos(q));
            let i = leg.waypoint;
            let on_selected_leg = emphasis.selected_leg.is_some_and(|(x, y)| {
                let (p, q) = (&route.waypoints[i].place, &route.waypoints[i + 1].place);
                (p == x && q == y) || (p == y && q == x)
            });
            if is_selected || (is_highlighted && on_selected_leg) {
                out.shapes.push(Shape::line_segment(
                    [a, b],
                    Stroke::new(ROUTE_SELECTION_WIDTH, color(SELECTION)),
                ));
            } else if is_highlighted {
                out.shapes.push(Shape::line_segment(
                    [a, b],
                    Stroke::new(HIGHLIGHT_WIDTH, color(HIGHLIGHT)),
                ));
            }
            draw_line(&mut out, a, b, look, line_color, width, 0.0);
            arrow(&mut out, full_a, full_b, line_color, width);
        }
    }
    out.built()
}

/// Crowded legs are drawn as one band; a label in its middle says how many
/// routes it holds. Busiest first; a label that would overlap another is
/// left out, as is one on a leg too short on screen to carry it.
fn count_labels(painter: &egui::Painter, layer: &RouteLayer, xf: &WorldToScreen) {
    let clip = painter.clip_rect();
    let font = FontId::proportional(ROUTE_COUNT_LABEL_SIZE);
    let mut placer = LabelPlacer::new(LABEL_GAP, None);
    for band in &layer.bands {
        let (a, b) = (xf.apply(band.a), xf.apply(band.b));
        let mid = a + (b - a) * 0.5;
        if (b - a).length() < ROUTE_COUNT_LABEL_MIN_LEG || !clip.contains(mid) {
            continue;
        }
        let text = shared::count_label(band.routes);
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
fn arrow(out: &mut Sink<'_>, a: Pos2, b: Pos2, fill: Color32, width: f32) {
    if let Some(head) = shared::arrow_head(pt(a), pt(b), width, shared::ARROW_MIN_LEG, 1.0) {
        let points = head.iter().map(|p| Pos2::new(p.x, p.y)).collect();
        out.shapes
            .push(Shape::convex_polygon(points, fill, Stroke::NONE));
    }
}

fn pt(p: Pos2) -> Pt {
    Pt::new(p.x, p.y)
}
