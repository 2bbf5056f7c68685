//! Oblast fills of the choropleth, drawn as one egui mesh over the basemap tiles.
//!
//! Each unit is triangulated once, at start, in Web Mercator world coordinates
//! (lakes cut out, so Balkhash and the Aral stay water). Rivers and borders,
//! which the tiles draw over the land, are drawn again over the fills; their
//! anti-aliased strokes are tessellated once per zoom level (as the tiles are
//! rendered per zoom level) and only moved and scaled in between. The projection from
//! world coordinates to the screen is a scale and a shift, so the same
//! triangles serve every zoom level: a frame only moves the vertices of the
//! units in view and gives them this year's colour. A year step therefore
//! costs one frame, with no tile to re-rasterise (see BENCHMARKS.md, map).

use egui::epaint::{PathShape, TessellationOptions, Tessellator, Vertex, WHITE_UV};
use egui::{Color32, Mesh, Painter, Pos2, Rect, Shape, Stroke, pos2};
use geo::{BooleanOps, BoundingRect, Intersects, MultiPolygon, TriangulateEarcut};
use walkers::Projector;

use crate::basemap::mercator::lonlat_to_world;
use crate::basemap::{Basemap, BasemapStyle};

/// One unit's triangles in world coordinates (0..1 across the Mercator square).
struct UnitMesh {
    hasc: String,
    vertices: Vec<[f64; 2]>,
    indices: Vec<u32>,
    bbox: [f64; 4],
}

/// A line in world coordinates.
struct WorldLine {
    points: Vec<[f64; 2]>,
    bbox: [f64; 4],
    /// Rivers: stroke weight and first zoom, as the tiles use them.
    weight: f32,
    min_zoom: f32,
}

impl WorldLine {
    fn new(line: &geo::LineString<f64>, weight: f32, min_zoom: f32) -> Self {
        let points = project_ring(line);
        WorldLine {
            bbox: bbox_of(&points),
            points,
            weight,
            min_zoom,
        }
    }
}

/// Kazakhstan's units, ready to be filled in any colours at any zoom.
pub struct OblastFills {
    units: Vec<UnitMesh>,
    /// Rivers crossing the units (the fills would hide the tiles' rivers).
    rivers: Vec<WorldLine>,
    oblast_borders: Vec<WorldLine>,
    /// Kazakhstan's outline, drawn over the fills like the basemap's border.
    country_outline: Vec<WorldLine>,
    /// The lines above, stroked for one zoom level.
    strokes: Option<Strokes>,
}

/// Lines stroked at an integer zoom level, in points relative to `anchor`.
struct Strokes {
    level: u8,
    pixels_per_point: f32,
    /// World point the meshes' (0, 0) stands for.
    anchor: [f64; 2],
    /// One mesh per line, with the line's world bounding box for culling.
    meshes: Vec<([f64; 4], Mesh)>,
}

fn bbox_of(points: &[[f64; 2]]) -> [f64; 4] {
    points.iter().fold(
        [
            f64::INFINITY,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NEG_INFINITY,
        ],
        |b, p| {
            [
                b[0].min(p[0]),
                b[1].min(p[1]),
                b[2].max(p[0]),
                b[3].max(p[1]),
            ]
        },
    )
}

/// World coordinates → screen points for the current view.
#[derive(Debug, Clone, Copy)]
pub struct WorldToScreen {
    /// Screen points per world unit (256 · 2^zoom).
    scale: f64,
    /// Screen position of world (0, 0).
    origin: (f64, f64),
}

impl WorldToScreen {
    pub fn new(projector: &Projector) -> Self {
        let rect = projector.clip_rect();
        let centre = projector.unproject(rect.center().to_vec2());
        // walkers' Web Mercator: the world is 256 · 2^zoom points wide.
        Self::for_view(rect, centre.x(), centre.y(), projector.zoom())
    }

    /// The view of a map drawn in `rect`, centred on lon/lat at `zoom`.
    pub fn for_view(rect: Rect, lon: f64, lat: f64, zoom: f64) -> Self {
        let (cx, cy) = lonlat_to_world(lon, lat);
        let scale = 256.0 * 2f64.powf(zoom);
        WorldToScreen {
            scale,
            origin: (
                rect.center().x as f64 - cx * scale,
                rect.center().y as f64 - cy * scale,
            ),
        }
    }

    /// Screen position of world (0, 0): moves with the view while panning.
    pub fn origin(&self) -> (f64, f64) {
        self.origin
    }

    pub fn apply(&self, p: [f64; 2]) -> Pos2 {
        pos2(
            (self.origin.0 + p[0] * self.scale) as f32,
            (self.origin.1 + p[1] * self.scale) as f32,
        )
    }

    /// The screen rectangle in world coordinates.
    fn world_box(&self, r: Rect) -> [f64; 4] {
        [
            (r.left() as f64 - self.origin.0) / self.scale,
            (r.top() as f64 - self.origin.1) / self.scale,
            (r.right() as f64 - self.origin.0) / self.scale,
            (r.bottom() as f64 - self.origin.1) / self.scale,
        ]
    }
}

fn overlaps(a: &[f64; 4], b: &[f64; 4]) -> bool {
    a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3]
}

fn project_ring(ring: &geo::LineString<f64>) -> Vec<[f64; 2]> {
    ring.coords()
        .map(|c| {
            let (x, y) = lonlat_to_world(c.x, c.y);
            [x, y]
        })
        .collect()
}

impl OblastFills {
    pub fn new(basemap: &Basemap) -> Self {
        let units = basemap
            .oblasts()
            .iter()
            .map(|unit| {
                // Lakes inside the unit are water, not land with an amount.
                let lakes: MultiPolygon<f64> = basemap
                    .lakes()
                    .iter()
                    .filter(|l| l.bbox.intersects(&unit.bbox))
                    .flat_map(|l| l.geometry.0.iter().cloned())
                    .collect();
                let land = if lakes.0.is_empty() {
                    unit.geometry.clone()
                } else {
                    unit.geometry.difference(&lakes)
                };
                let mut vertices = Vec::new();
                let mut indices = Vec::new();
                for polygon in &land.0 {
                    let projected = geo::Polygon::new(
                        project_ring(polygon.exterior()).into(),
                        polygon
                            .interiors()
                            .iter()
                            .map(|r| project_ring(r).into())
                            .collect(),
                    );
                    let raw = projected.earcut_triangles_raw();
                    let base = vertices.len() as u32;
                    vertices.extend(raw.vertices.iter().map(|v| [v[0], v[1]]));
                    indices.extend(raw.triangle_indices.iter().map(|i| base + *i as u32));
                }
                let bbox = unit
                    .geometry
                    .bounding_rect()
                    .map(|r| {
                        let (x0, y0) = lonlat_to_world(r.min().x, r.max().y);
                        let (x1, y1) = lonlat_to_world(r.max().x, r.min().y);
                        [x0, y0, x1, y1]
                    })
                    .unwrap_or([0.0; 4]);
                UnitMesh {
                    hasc: unit.hasc.clone(),
                    vertices,
                    indices,
                    bbox,
                }
            })
            .collect::<Vec<_>>();
        let rivers = basemap
            .rivers()
            .iter()
            .map(|r| WorldLine::new(&r.line, r.weight, r.min_zoom))
            .filter(|r| units.iter().any(|u| overlaps(&u.bbox, &r.bbox)))
            .collect();
        let oblast_borders = basemap
            .oblast_borders()
            .iter()
            .map(|l| WorldLine::new(l, 1.0, 0.0))
            .collect();
        let country_outline = basemap
            .country("KAZ")
            .map(|c| {
                c.geometry
                    .0
                    .iter()
                    .map(|p| WorldLine::new(p.exterior(), 1.0, 0.0))
                    .collect()
            })
            .unwrap_or_default();
        OblastFills {
            units,
            rivers,
            oblast_borders,
            country_outline,
            strokes: None,
        }
    }

    /// Number of triangles over all units (for tests and benchmarks).
    pub fn triangle_count(&self) -> usize {
        self.units.iter().map(|u| u.indices.len() / 3).sum()
    }

    /// The fills of the units in view, each in the colour `fill` gives it
    /// (`None`: not drawn). One mesh: the GPU draws it in a single call.
    pub fn mesh(
        &self,
        xf: &WorldToScreen,
        view: Rect,
        fill: impl Fn(&str) -> Option<Color32>,
    ) -> Mesh {
        let view = xf.world_box(view);
        let mut mesh = Mesh::default();
        for unit in self.units.iter().filter(|u| overlaps(&u.bbox, &view)) {
            let Some(color) = fill(&unit.hasc) else {
                continue;
            };
            let base = mesh.vertices.len() as u32;
            mesh.vertices.extend(unit.vertices.iter().map(|v| Vertex {
                pos: xf.apply(*v),
                uv: WHITE_UV,
                color,
            }));
            mesh.indices.extend(unit.indices.iter().map(|i| base + i));
        }
        mesh
    }

    /// Draw the fills, then what the tiles draw over the land (rivers, oblast
    /// borders, Kazakhstan's border) in the tiles' colours and widths.
    pub fn paint(
        &mut self,
        painter: &Painter,
        xf: &WorldToScreen,
        zoom: f64,
        fill: impl Fn(&str) -> Option<Color32>,
    ) {
        let view = painter.clip_rect();
        painter.add(Shape::mesh(self.mesh(xf, view, fill)));

        // Strokes are made for the nearest zoom level and scaled by at most
        // √2 either way, as walkers scales the tiles between their levels.
        let level = zoom.round().clamp(0.0, 20.0) as u8;
        let ppp = painter.ctx().pixels_per_point();
        if self
            .strokes
            .as_ref()
            .is_none_or(|s| s.level != level || s.pixels_per_point != ppp)
        {
            let options = painter.ctx().tessellation_options(|o| *o);
            self.strokes = Some(self.stroke_level(level, ppp, options));
        }
        let Some(strokes) = &self.strokes else {
            return;
        };
        let factor = 2f64.powf(zoom - level as f64) as f32;
        let origin = xf.apply(strokes.anchor);
        let world_view = xf.world_box(view.expand(4.0));
        let mut mesh = Mesh::default();
        for (_, m) in strokes
            .meshes
            .iter()
            .filter(|(bbox, _)| overlaps(bbox, &world_view))
        {
            let base = mesh.vertices.len() as u32;
            mesh.vertices.extend(m.vertices.iter().map(|v| Vertex {
                pos: origin + v.pos.to_vec2() * factor,
                ..*v
            }));
            mesh.indices.extend(m.indices.iter().map(|i| base + i));
        }
        painter.add(Shape::mesh(mesh));
    }

    /// Tessellate every line once for zoom `level` (about 1-3 ms, once per level).
    fn stroke_level(&self, level: u8, ppp: f32, options: TessellationOptions) -> Strokes {
        let style = BasemapStyle::default();
        let rgba = |c: [u8; 4]| Color32::from_rgba_unmultiplied(c[0], c[1], c[2], c[3]);
        let scale = 256.0 * 2f64.powi(level as i32);
        let anchor = self
            .units
            .iter()
            .map(|u| u.bbox)
            .reduce(|a, b| {
                [
                    a[0].min(b[0]),
                    a[1].min(b[1]),
                    a[2].max(b[2]),
                    a[3].max(b[3]),
                ]
            })
            .map_or([0.0, 0.0], |b| [b[0], b[1]]);
        let mut tessellator = Tessellator::new(ppp, options, [1, 1], vec![]);
        let mut meshes = Vec::new();
        let mut add = |line: &WorldLine, stroke: Stroke| {
            // Points closer than a point at this level add nothing visible.
            let mut points: Vec<Pos2> = Vec::with_capacity(line.points.len());
            for p in &line.points {
                let q = pos2(
                    ((p[0] - anchor[0]) * scale) as f32,
                    ((p[1] - anchor[1]) * scale) as f32,
                );
                if points.last().is_none_or(|l| (q - *l).length_sq() > 1.0) {
                    points.push(q);
                }
            }
            // Keep the true end, so lines and closed rings meet where they should.
            if let Some(p) = line.points.last() {
                let end = pos2(
                    ((p[0] - anchor[0]) * scale) as f32,
                    ((p[1] - anchor[1]) * scale) as f32,
                );
                if points.last() != Some(&end) {
                    points.push(end);
                }
            }
            if points.len() < 2 {
                return;
            }
            let mut mesh = Mesh::default();
            tessellator.tessellate_path(&PathShape::line(points, stroke), &mut mesh);
            meshes.push((line.bbox, mesh));
        };
        if level >= 3 {
            for r in self
                .rivers
                .iter()
                .filter(|r| level as f32 + 1.5 >= r.min_zoom)
            {
                let width = style.river_width(level, r.weight);
                add(r, Stroke::new(width, rgba(style.river)));
            }
        }
        let oblast = Stroke::new(style.oblast_border_width(level), rgba(style.oblast_border));
        for l in &self.oblast_borders {
            add(l, oblast);
        }
        let country = Stroke::new(
            style.country_border_width(level),
            rgba(style.country_border),
        );
        for l in &self.country_outline {
            add(l, country);
        }
        Strokes {
            level,
            pixels_per_point: ppp,
            anchor,
            meshes,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn covers(u: &UnitMesh, p: [f64; 2]) -> bool {
        let side = |a: [f64; 2], b: [f64; 2]| {
            (b[0] - a[0]) * (p[1] - a[1]) - (p[0] - a[0]) * (b[1] - a[1])
        };
        u.indices.chunks(3).any(|t| {
            let [a, b, c] = [t[0], t[1], t[2]].map(|i| u.vertices[i as usize]);
            let (d1, d2, d3) = (side(a, b), side(b, c), side(c, a));
            let neg = d1 < 0.0 || d2 < 0.0 || d3 < 0.0;
            let pos = d1 > 0.0 || d2 > 0.0 || d3 > 0.0;
            !(neg && pos)
        })
    }

    #[test]
    fn every_unit_is_triangulated_and_lakes_are_cut_out() {
        let basemap = Basemap::embedded().unwrap();
        let fills = OblastFills::new(&basemap);
        assert_eq!(fills.units.len(), crate::basemap::KZ_UNIT_COUNT);
        // Each unit's label point (inside it, on land) is covered by its triangles.
        for u in &fills.units {
            let unit = basemap.oblast(&u.hasc).unwrap();
            let (x, y) = lonlat_to_world(unit.label.x(), unit.label.y());
            assert!(covers(u, [x, y]), "{} label not filled", u.hasc);
        }
        // The middle of Lake Balkhash is water: no unit fills it.
        let (lon, lat) = (74.5, 46.3);
        assert!(
            basemap.lake_at(lon, lat).is_some(),
            "test point is on the lake"
        );
        let (x, y) = lonlat_to_world(lon, lat);
        let filled: Vec<&str> = fills
            .units
            .iter()
            .filter(|u| covers(u, [x, y]))
            .map(|u| u.hasc.as_str())
            .collect();
        assert!(filled.is_empty(), "lake filled by {filled:?}");
        // ... while the unit around it does contain that point.
        assert!(basemap.oblast_at(lon, lat).is_some());
    }
}
