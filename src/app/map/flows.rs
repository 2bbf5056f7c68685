//! Flows overlay: the sources' other trafficking channels (the dataset's
//! `flows`), drawn from end to named end. The sources give no path between
//! the ends, so each link is a schematic curve, thinner than a route, with
//! an arrowhead at its far end; "likely" flows are dashed. A region end
//! (country or oblast) sits on the label point of its Natural Earth polygon
//! in the basemap assets; a place end on the place.

use std::cell::RefCell;
use std::hash::{Hash, Hasher};
use std::rc::Rc;

use egui::epaint::PathShape;
use egui::{Color32, Mesh, Painter, Pos2, Rect, Response, Shape, Stroke, Ui, vec2};
use walkers::{MapMemory, Plugin, Projector};

use super::fills::WorldToScreen;
use super::mesh_cache::{Built, MeshCache};
use super::overlay::{HitTarget, Overlay, QuickHasher, distance_to_segment};
use super::patterns::Pattern;
use crate::app::style_egui::color;
use crate::basemap::Basemap;
use crate::basemap::mercator::lonlat_to_world;
use crate::cartography::routes::visible_span;
use crate::cartography::{Box2, Pt, flows as shared};
use crate::model::{Dataset, FlowEnd, RouteStatus, country_name};
use crate::style::{DIMMED, FLOW, FLOW_DASH, FLOW_WIDTH};

/// Pointer within this many points of a flow curve counts as hovering it.
const HIT_RADIUS: f32 = 5.0;

pub use crate::cartography::flows::{anchor, links};

/// Points of the quadratic curve from `a` to `b`, bowed to the left of travel
/// (`cartography::flows::curve`, shared with map images).
pub fn curve(a: Pos2, b: Pos2) -> Vec<Pos2> {
    shared::curve(pt(a), pt(b))
        .into_iter()
        .map(|p| Pos2::new(p.x, p.y))
        .collect()
}

fn pt(p: Pos2) -> Pt {
    Pt::new(p.x, p.y)
}

/// Draw one flow link: solid or dashed curve and an arrowhead near its end.
pub fn draw_link(painter: &Painter, points: &[Pos2], likely: bool, ink: Color32, width: f32) {
    let stroke = Stroke::new(width, ink);
    if likely {
        painter.extend(Shape::dashed_line(points, stroke, FLOW_DASH.0, FLOW_DASH.1));
    } else {
        painter.add(PathShape::line(points.to_vec(), stroke));
    }
    draw_head(painter, points, ink, width);
}

/// As [`draw_link`], into `out`, dashing only what lies in `view`: at a
/// deep zoom a curve is far longer than the screen, and dashing all of it
/// every frame cost more than a frame's budget (issue 12).
fn link_shapes(
    out: &mut Built,
    dashes: Option<&Pattern>,
    points: &[Pos2],
    ink: Color32,
    width: f32,
    view: &Box2,
) {
    let stroke = Stroke::new(width, ink);
    if let Some(pattern) = dashes {
        // One quad per curve segment, its dashes from a texture.
        let mesh = out
            .meshes
            .last_mut()
            .filter(|m| m.texture_id == pattern.texture_id());
        let Some(mesh) = mesh else {
            return;
        };
        for s in points.windows(2) {
            if let Some((a, b)) = visible_span(pt(s[0]), pt(s[1]), view, pattern.period) {
                pattern.add_segment(mesh, Pos2::new(a.x, a.y), Pos2::new(b.x, b.y), width, ink);
            }
        }
    } else {
        out.shapes
            .push(Shape::Path(PathShape::line(points.to_vec(), stroke)));
    }
    if let Some(head) = head_points(points, width) {
        out.shapes
            .push(Shape::convex_polygon(head, ink, Stroke::NONE));
    }
}

fn head_points(points: &[Pos2], width: f32) -> Option<Vec<Pos2>> {
    let points: Vec<Pt> = points.iter().map(|p| pt(*p)).collect();
    shared::arrow_head(&points, width, 1.0).map(|h| h.iter().map(|p| Pos2::new(p.x, p.y)).collect())
}

fn draw_head(painter: &Painter, points: &[Pos2], ink: Color32, width: f32) {
    if let Some(head) = head_points(points, width) {
        painter.add(Shape::convex_polygon(head, ink, Stroke::NONE));
    }
}

pub struct FlowsPlugin<'a> {
    pub overlay: &'a Overlay<'a>,
}

/// One flow's links, anchored, in world coordinates (0..1 across the
/// Mercator square).
struct FlowGeom {
    /// Index into the dataset's flows.
    index: usize,
    likely: bool,
    links: Vec<([f64; 2], [f64; 2])>,
}

/// One curve to draw: a link and its look, shared by every flow that has it.
struct DrawnLink {
    a: [f64; 2],
    b: [f64; 2],
    likely: bool,
}

/// The flows' ends looked up once per dataset (a linear place and region
/// lookup per end cost milliseconds a frame at 100× the data, issue 12).
struct FlowLayer {
    key: u64,
    flows: Vec<FlowGeom>,
    /// Each distinct link once: flows with the same ends and look are the
    /// same pixels in one opaque ink, and at 100× the data a hundred copies
    /// of one curve cost the software renderer a quarter of a second a frame
    /// (issue 12). Hovering still finds every flow (`flows`).
    drawn: Vec<DrawnLink>,
}

thread_local! {
    static LAYER: RefCell<Option<Rc<FlowLayer>>> = const { RefCell::new(None) };
}

fn layer_key(data: &Dataset) -> u64 {
    let mut h = QuickHasher::default();
    for f in &data.flows {
        (&f.id, f.status, &f.paths).hash(&mut h);
    }
    for p in &data.places {
        (&p.id, p.lon.to_bits(), p.lat.to_bits()).hash(&mut h);
    }
    for r in &data.regions {
        (&r.id, r.kind).hash(&mut h);
    }
    h.finish()
}

fn flow_layer(data: &Dataset, basemap: &Basemap) -> Rc<FlowLayer> {
    let key = layer_key(data);
    LAYER.with_borrow_mut(|cache| {
        if let Some(layer) = cache.as_ref().filter(|l| l.key == key) {
            return Rc::clone(layer);
        }
        let world = |(lon, lat): (f64, f64)| {
            let (x, y) = lonlat_to_world(lon, lat);
            [x, y]
        };
        let flows = data
            .flows
            .iter()
            .enumerate()
            .map(|(index, flow)| FlowGeom {
                index,
                likely: flow.status == RouteStatus::Likely,
                links: links(data, basemap, flow)
                    .into_iter()
                    .map(|(a, b)| (world(a), world(b)))
                    .collect(),
            })
            .collect::<Vec<FlowGeom>>();
        let mut seen = std::collections::HashSet::new();
        let drawn = flows
            .iter()
            .flat_map(|g| g.links.iter().map(move |(a, b)| (*a, *b, g.likely)))
            .filter(|(a, b, likely)| {
                seen.insert((a.map(f64::to_bits), b.map(f64::to_bits), *likely))
            })
            .map(|(a, b, likely)| DrawnLink { a, b, likely })
            .collect();
        let layer = Rc::new(FlowLayer { key, flows, drawn });
        *cache = Some(Rc::clone(&layer));
        layer
    })
}

thread_local! {
    static MESH: RefCell<MeshCache> = RefCell::new(MeshCache::new(1));
}

/// A link's screen box, its bow included: the curve stays inside it.
fn link_box(a: Pos2, b: Pos2) -> Rect {
    Rect::from_two_pos(a, b).expand((b - a).length() * shared::BEND)
}

impl Plugin for FlowsPlugin<'_> {
    fn run(
        self: Box<Self>,
        ui: &mut Ui,
        _response: &Response,
        projector: &Projector,
        _memory: &MapMemory,
    ) {
        let o = self.overlay;
        let painter = &ui.painter().with_clip_rect(ui.max_rect());
        // Flows step back while routes through a selection are lit up.
        let dim = !o.state.highlighted_routes().is_empty();
        let ink = if dim {
            color(FLOW).gamma_multiply(DIMMED)
        } else {
            color(FLOW)
        };
        let layer = flow_layer(&o.state.dataset, o.basemap);
        let xf = WorldToScreen::new(projector);
        let key = layer.key ^ u64::from(dim) ^ o.patterns_key().rotate_left(1);
        let Some(patterns) = o.patterns else {
            return;
        };
        MESH.with_borrow_mut(|cache| {
            cache.paint(painter, key, projector.zoom(), xf.origin(), |region| {
                let clip = region.expand(30.0);
                let view = Box2::from_min_size(
                    Pt::new(clip.min.x, clip.min.y),
                    clip.width(),
                    clip.height(),
                );
                let mut out = Built {
                    shapes: Vec::new(),
                    meshes: vec![Mesh::with_texture(patterns.flow.texture_id())],
                };
                for link in &layer.drawn {
                    let (a, b) = (xf.apply(link.a), xf.apply(link.b));
                    // Skip what is wholly off screen before making the curve.
                    if !clip.intersects(link_box(a, b)) {
                        continue;
                    }
                    let points = curve(a, b);
                    let dashes = link.likely.then_some(&patterns.flow);
                    link_shapes(&mut out, dashes, &points, ink, FLOW_WIDTH, &view);
                }
                out
            });
        });
        let Some(p) = o.pointer else {
            return;
        };
        let near = Rect::from_center_size(p, egui::Vec2::splat(2.0 * HIT_RADIUS));
        for geom in &layer.flows {
            for (a, b) in &geom.links {
                let (a, b) = (xf.apply(*a), xf.apply(*b));
                if !near.intersects(link_box(a, b)) {
                    continue;
                }
                let points = curve(a, b);
                let d = points
                    .windows(2)
                    .map(|s| distance_to_segment(p, s[0], s[1]))
                    .fold(f32::INFINITY, f32::min);
                if d <= HIT_RADIUS
                    && let Some(flow) = o.state.dataset.flows.get(geom.index)
                {
                    o.report(HitTarget::Flow(flow.id.clone()), 1, d);
                }
            }
        }
    }
}

/// Tooltip of a flow: what, ends, that the path is not given, why these
/// ends, and the full citations.
pub fn tooltip_text(data: &Dataset, id: &str) -> String {
    let Some(f) = data.flows.iter().find(|f| f.id == id) else {
        return id.to_owned();
    };
    let mut t = format!(
        "{}\nOther flow · {} · {}",
        f.name,
        match f.mode {
            crate::model::Mode::Unspecified => "mode not stated",
            m => m.label(),
        },
        f.status.label()
    );
    for path in &f.paths {
        let ends: Vec<&str> = path
            .iter()
            .map(|e| match e {
                FlowEnd::Region(code) if data.region(code).is_none() => country_name(code),
                e => e.name(data),
            })
            .collect();
        t.push_str(&format!("\nFrom {}", ends.join(" to ")));
    }
    t.push_str("\nPath between the ends: not given by the source (drawn as a curve)");
    if let Some(note) = &f.paths_note {
        t.push_str(&format!("\n{note}"));
    }
    for s in &f.sources {
        t.push_str(&format!("\nSource: {}", data.citation(s)));
    }
    t
}

/// Draws one legend symbol centred at a point (as the map legend does).
pub type LegendSymbol = Box<dyn Fn(&Painter, Pos2)>;

/// Legend rows for the flows layer.
pub fn legend_rows() -> Vec<(&'static str, LegendSymbol)> {
    let ink = color(FLOW);
    let sample = |at: Pos2| curve(at + vec2(-10.0, 3.0), at + vec2(10.0, 3.0));
    vec![
        (
            "other flow (schematic)",
            Box::new(move |p: &Painter, at: Pos2| {
                draw_link(p, &sample(at), false, ink, FLOW_WIDTH)
            }),
        ),
        (
            "likely other flow",
            Box::new(move |p: &Painter, at: Pos2| draw_link(p, &sample(at), true, ink, FLOW_WIDTH)),
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::basemap::Basemap;
    use crate::model::load::load_embedded;

    #[test]
    fn every_end_of_the_embedded_flows_has_a_point_to_draw_it_at() {
        let data = load_embedded().unwrap();
        let basemap = Basemap::embedded().unwrap();
        for f in &data.flows {
            for end in f.paths.iter().flatten() {
                assert!(
                    anchor(&data, &basemap, end).is_some(),
                    "flow {}: no anchor for {end:?}",
                    f.id
                );
            }
        }
    }

    #[test]
    fn a_country_end_sits_on_the_basemap_label_point_and_a_place_end_on_the_place() {
        let data = load_embedded().unwrap();
        let basemap = Basemap::embedded().unwrap();
        let tm = basemap
            .countries()
            .iter()
            .find(|c| c.iso_a2 == "TM")
            .unwrap();
        assert_eq!(
            anchor(&data, &basemap, &FlowEnd::Region("TM".into())),
            Some((tm.label.x(), tm.label.y()))
        );
        let orenburg = data.place("orenburg").unwrap();
        assert_eq!(
            anchor(&data, &basemap, &FlowEnd::Place("orenburg".into())),
            Some((orenburg.lon, orenburg.lat))
        );
        // The Turkmenistan channel is one link, Turkmenistan to Orenburg: no
        // stop in between is invented.
        let tm_flow = data
            .flows
            .iter()
            .find(|f| f.id == "tm-north-west-likely")
            .unwrap();
        assert_eq!(
            links(&data, &basemap, tm_flow),
            vec![((tm.label.x(), tm.label.y()), (orenburg.lon, orenburg.lat))]
        );
    }

    #[test]
    fn a_link_shared_by_several_flows_is_drawn_once_and_every_flow_is_drawn() {
        let mut data = load_embedded().unwrap();
        let basemap = Basemap::embedded().unwrap();
        let before = flow_layer(&data, &basemap).drawn.len();
        // A second flow with the first one's ends, and a likely copy of it.
        let mut copy = data.flows[0].clone();
        copy.id = "copy".into();
        let mut likely = copy.clone();
        likely.id = "likely-copy".into();
        likely.status = if copy.status == RouteStatus::Likely {
            RouteStatus::Documented
        } else {
            RouteStatus::Likely
        };
        let likely_links = likely.paths.iter().map(|p| p.len() - 1).sum::<usize>();
        data.flows.push(copy);
        data.flows.push(likely);
        let layer = flow_layer(&data, &basemap);
        assert_eq!(layer.flows.len(), data.flows.len());
        // The copy adds nothing to draw; the one drawn differently does.
        assert_eq!(layer.drawn.len(), before + likely_links);
        for g in &layer.flows {
            for (a, b) in &g.links {
                assert!(
                    layer
                        .drawn
                        .iter()
                        .any(|d| d.a == *a && d.b == *b && d.likely == g.likely),
                    "flow {} has a link that is not drawn",
                    data.flows[g.index].id
                );
            }
        }
    }

    #[test]
    fn curves_start_and_end_on_the_anchors_and_bow_to_one_side() {
        let a = Pos2::new(0.0, 0.0);
        let b = Pos2::new(100.0, 0.0);
        let pts = curve(a, b);
        assert_eq!(pts.first(), Some(&a));
        assert_eq!(pts.last(), Some(&b));
        // Left of travel towards +x on screen (y down) is −y.
        let mid = pts[pts.len() / 2];
        assert!(mid.y < -5.0, "{mid:?}");
        // The way back bows to the other side, so two-way links stay apart.
        let back = curve(b, a);
        assert!(back[back.len() / 2].y > 5.0);
    }
}
