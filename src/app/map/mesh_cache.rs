//! Overlay geometry tessellated once and reused while nothing it depends on
//! changes: idle and hover frames paint the same mesh, panning only moves it
//! and a zoom gesture scales it until the zoom settles.
//!
//! At 100× the data the routes and flows are tens of thousands of shapes
//! (lines, dashes, dots, arrowheads); having egui tessellate them anew every
//! frame cost most of a 100 ms frame (issue 12). A layer here is rebuilt
//! when its content key (data, emphasis), the zoom, the map's size or the
//! display scale change, or when panning has brought into view what the
//! last build left out; it is built for the view grown by [`MARGIN`] of its
//! size on every side, so that short pans need no rebuild.

use std::sync::Arc;

use egui::epaint::{TessellationOptions, Tessellator};
use egui::{Mesh, Painter, Rect, Shape, Vec2};

/// Share of the view's width and height built beyond each of its edges.
pub const MARGIN: f32 = 0.35;

/// One overlay's mesh and what it was built for.
pub struct MeshCache {
    /// Which overlay (1, 2, …): gives each its own output mesh.
    layer: u8,
    key: Option<u64>,
    /// Screen position of the world origin and zoom the vertices are at now.
    origin: (f64, f64),
    zoom: f64,
    /// Zoom the mesh was built at, and the zoom of the last frame.
    built_zoom: f64,
    last_zoom: f64,
    /// The part of the screen (at build time, moved with the mesh) it covers.
    region: Rect,
    /// Untextured shapes first, then one mesh per pattern texture.
    meshes: Vec<Arc<Mesh>>,
}

/// What a layer draws: shapes egui would tessellate, and meshes already
/// made (textured patterns, see `patterns`).
#[derive(Default)]
pub struct Built {
    pub shapes: Vec<Shape>,
    pub meshes: Vec<Mesh>,
}

impl MeshCache {
    /// An empty cache for overlay number `layer` (1, 2, …, distinct per overlay).
    pub fn new(layer: u8) -> Self {
        MeshCache {
            layer,
            key: None,
            origin: (0.0, 0.0),
            zoom: f64::NAN,
            built_zoom: f64::NAN,
            last_zoom: f64::NAN,
            region: Rect::NOTHING,
            meshes: Vec::new(),
        }
    }
}

/// What a rebuild must also match besides the layer's own key.
fn frame_key(painter: &Painter, view: Rect, key: u64) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    key.hash(&mut h);
    painter.pixels_per_point().to_bits().hash(&mut h);
    view.size().x.to_bits().hash(&mut h);
    view.size().y.to_bits().hash(&mut h);
    let options = painter.ctx().tessellation_options(|o| *o);
    format!("{options:?}").hash(&mut h);
    h.finish()
}

/// While the zoom changes, a mesh built this close to the current zoom is
/// scaled rather than rebuilt (its lines a little thicker or thinner for a
/// few frames, as the basemap tiles and borders are); once the zoom stays
/// put for a frame it is rebuilt at the exact zoom.
const ZOOM_REUSE: f64 = 0.32;
/// Margin (share of the view's size) built around the view on a new zoom,
/// so that zooming out a little still covers the view.
const ZOOM_MARGIN: f32 = 0.13;

impl MeshCache {
    /// Paint the layer's mesh for a view whose world origin is at `origin`
    /// on screen at `zoom`, rebuilding it with `build(region)` (the shapes to
    /// draw within `region`) when it is out of date.
    pub fn paint(
        &mut self,
        painter: &Painter,
        key: u64,
        zoom: f64,
        origin: (f64, f64),
        build: impl FnOnce(Rect) -> Built,
    ) {
        let view = painter.clip_rect();
        let key = frame_key(painter, view, key);
        let zooming = zoom != self.last_zoom;
        self.last_zoom = zoom;
        let same = self.key == Some(key);
        // The built mesh as it would land on screen now: scaled about the
        // world origin and moved with it.
        let factor = 2f64.powf(zoom - self.zoom);
        // p ↦ p·factor + offset; the offset in f64, as the world origin is far
        // off screen at deep zooms.
        let offset = Vec2::new(
            (origin.0 - self.origin.0 * factor) as f32,
            (origin.1 - self.origin.1 * factor) as f32,
        );
        let factor = factor as f32;
        let moved = |r: Rect| {
            Rect::from_min_max(
                (r.min.to_vec2() * factor + offset).to_pos2(),
                (r.max.to_vec2() * factor + offset).to_pos2(),
            )
        };
        let region_now = moved(self.region);
        let reusable = same
            && region_now.contains_rect(view)
            && (zoom == self.zoom || (zooming && (zoom - self.built_zoom).abs() <= ZOOM_REUSE));
        if reusable {
            if zoom != self.zoom || origin != self.origin {
                for mesh in &mut self.meshes {
                    // egui let go of last frame's copy, so this moves in place.
                    for v in &mut Arc::make_mut(mesh).vertices {
                        v.pos = (v.pos.to_vec2() * factor + offset).to_pos2();
                    }
                }
                self.region = region_now;
                self.origin = origin;
                self.zoom = zoom;
            }
        } else {
            // Panned out of what was built (same zoom): build a margin around
            // the view, so the next frames of the pan only move it. A new
            // zoom or content: a small margin, for zooming on.
            let panned = same && zoom == self.built_zoom && zoom == self.zoom;
            let margin = if panned { MARGIN } else { ZOOM_MARGIN };
            let region = view.expand2(view.size() * margin);
            let built = build(region);
            let mut meshes = vec![Arc::new(tessellate(painter, region, built.shapes))];
            meshes.extend(built.meshes.into_iter().map(Arc::new));
            self.meshes = meshes;
            self.key = Some(key);
            self.origin = origin;
            self.region = region;
            self.zoom = zoom;
            self.built_zoom = zoom;
        }
        // A clip rectangle of its own (a thousandth of a point smaller, the
        // same pixels) makes egui start a new output mesh for this layer,
        // sized once, instead of growing the map's shared output mesh by
        // hundreds of thousands of vertices, a copy per growth step; that
        // growth, not the drawing, was most of a 100× frame.
        let own = painter.with_clip_rect(view.shrink(1e-3 * f32::from(self.layer)));
        for mesh in self.meshes.iter().filter(|m| !m.is_empty()) {
            own.add(Shape::Mesh(Arc::clone(mesh)));
        }
    }
}

/// The shapes as one mesh, as egui would tessellate them (same feathering;
/// no text, so no font atlas: small dots are tessellated as paths).
fn tessellate(painter: &Painter, region: Rect, shapes: Vec<Shape>) -> Mesh {
    let options: TessellationOptions = painter.ctx().tessellation_options(|o| *o);
    let mut tessellator = Tessellator::new(painter.pixels_per_point(), options, [1, 1], vec![]);
    tessellator.set_clip_rect(region);
    let mut mesh = Mesh::default();
    for shape in shapes {
        tessellator.tessellate_shape(shape, &mut mesh);
    }
    mesh
}
