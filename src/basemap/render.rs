//! Tile rasteriser (tiny-skia). Geometry is pre-projected to normalised Web Mercator at load
//! time; per tile, features are culled by bounding box, rings are clipped to the tile (so very
//! large polygons cost O(points) and nothing else), and vertices closer than a fraction of a
//! pixel are dropped (so low zooms stay cheap).
//!
//! The same drawing serves square tiles (the window) and one view of any size
//! at a fractional zoom (exported map images), into a pixmap or, through
//! [`BasemapCanvas`], into any vector sink (SVG).

use super::mercator::lonlat_to_world;
use super::style::{BasemapStyle, Rgba};
use super::{Basemap, Region};
use tiny_skia::{
    Color, FillRule, LineCap, LineJoin, Mask, Paint, Path, PathBuilder, Pixmap, Rect, Stroke,
    StrokeDash, Transform,
};

/// Default tile edge in pixels.
pub const TILE_SIZE: u32 = 256;

/// Vertices closer than this (pixels) to the previous kept vertex are skipped.
const MIN_STEP_PX: f64 = 0.3;

/// Axis-aligned box in world or pixel units: [x0, y0, x1, y1].
type BBox = [f64; 4];

fn bbox_hit(a: &BBox, b: &BBox) -> bool {
    a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3]
}

fn bbox_of(pts: &[[f64; 2]]) -> BBox {
    let mut b = [
        f64::INFINITY,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NEG_INFINITY,
    ];
    for p in pts {
        b[0] = b[0].min(p[0]);
        b[1] = b[1].min(p[1]);
        b[2] = b[2].max(p[0]);
        b[3] = b[3].max(p[1]);
    }
    b
}

fn project(pts: &[[f64; 2]]) -> Vec<[f64; 2]> {
    pts.iter()
        .map(|p| {
            let (x, y) = lonlat_to_world(p[0], p[1]);
            [x, y]
        })
        .collect()
}

#[derive(Debug)]
struct ProjRing {
    pts: Vec<[f64; 2]>,
    bbox: BBox,
}

/// Rings filled together with the even-odd rule (polygons of one layer never overlap).
#[derive(Debug, Default)]
struct PolyLayer {
    rings: Vec<ProjRing>,
    bbox: Option<BBox>,
}

impl PolyLayer {
    fn new(polys: &[Vec<Vec<[f64; 2]>>]) -> Self {
        let rings: Vec<ProjRing> = polys
            .iter()
            .flatten()
            .map(|r| {
                let pts = project(r);
                let bbox = bbox_of(&pts);
                ProjRing { pts, bbox }
            })
            .collect();
        let bbox = rings.iter().map(|r| r.bbox).reduce(|a, b| {
            [
                a[0].min(b[0]),
                a[1].min(b[1]),
                a[2].max(b[2]),
                a[3].max(b[3]),
            ]
        });
        PolyLayer { rings, bbox }
    }
}

#[derive(Debug)]
struct ProjLine {
    pts: Vec<[f64; 2]>,
    /// Cumulative length (world units) at each vertex: keeps dashes continuous across tiles.
    cum: Vec<f64>,
    bbox: BBox,
    weight: f32,
    min_zoom: f32,
}

impl ProjLine {
    fn new(line: &[[f64; 2]], weight: f32, min_zoom: f32) -> Self {
        let pts = project(line);
        let mut cum = Vec::with_capacity(pts.len());
        let mut acc = 0.0;
        for (i, p) in pts.iter().enumerate() {
            if i > 0 {
                let q = pts[i - 1];
                acc += ((p[0] - q[0]).powi(2) + (p[1] - q[1]).powi(2)).sqrt();
            }
            cum.push(acc);
        }
        let bbox = bbox_of(&pts);
        ProjLine {
            pts,
            cum,
            bbox,
            weight,
            min_zoom,
        }
    }
}

/// Rings of one polygon (exterior first), lon/lat pairs.
pub(crate) type Polygon = Vec<Vec<[f64; 2]>>;

pub(crate) struct LayerInput<'a> {
    pub region: Region,
    pub world_land: &'a [Vec<Vec<[f64; 2]>>],
    pub world_borders: &'a [Vec<[f64; 2]>],
    pub land: &'a [Vec<Vec<[f64; 2]>>],
    pub kazakhstan: &'a [Vec<Vec<[f64; 2]>>],
    pub lakes: &'a [Vec<Vec<[f64; 2]>>],
    pub rivers: &'a [(Vec<[f64; 2]>, f32, f32)],
    pub country_borders: &'a [Vec<[f64; 2]>],
    pub oblast_borders: &'a [Vec<[f64; 2]>],
    /// Each Kazakh unit's polygons, keyed by HASC code (for choropleth fills).
    pub oblast_areas: Vec<(String, Vec<Polygon>)>,
}

/// Pre-projected render layers.
#[derive(Debug)]
pub(crate) struct Layers {
    region: BBox,
    world_land: PolyLayer,
    world_borders: Vec<ProjLine>,
    land: PolyLayer,
    kazakhstan: PolyLayer,
    lakes: PolyLayer,
    lake_shores: Vec<ProjLine>,
    rivers: Vec<ProjLine>,
    country_borders: Vec<ProjLine>,
    oblast_borders: Vec<ProjLine>,
    oblast_areas: Vec<(String, PolyLayer)>,
}

impl Layers {
    pub(crate) fn build(i: LayerInput<'_>) -> Layers {
        let (x0, y0) = lonlat_to_world(i.region.lon_min, i.region.lat_max);
        let (x1, y1) = lonlat_to_world(i.region.lon_max, i.region.lat_min);
        let lines = |ls: &[Vec<[f64; 2]>]| {
            ls.iter()
                .map(|l| ProjLine::new(l, 1.0, 0.0))
                .collect::<Vec<_>>()
        };
        Layers {
            region: [x0, y0, x1, y1],
            world_land: PolyLayer::new(i.world_land),
            world_borders: lines(i.world_borders),
            land: PolyLayer::new(i.land),
            kazakhstan: PolyLayer::new(i.kazakhstan),
            lakes: PolyLayer::new(i.lakes),
            lake_shores: i
                .lakes
                .iter()
                .flatten()
                .map(|r| ProjLine::new(r, 1.0, 0.0))
                .collect(),
            rivers: i
                .rivers
                .iter()
                .map(|(l, w, z)| ProjLine::new(l, *w, *z))
                .collect(),
            country_borders: lines(i.country_borders),
            oblast_borders: lines(i.oblast_borders),
            oblast_areas: i
                .oblast_areas
                .iter()
                .map(|(hasc, polys)| (hasc.clone(), PolyLayer::new(polys)))
                .collect(),
        }
    }
}

/// Maps world coordinates to pixels of one tile or view.
#[derive(Clone, Copy)]
struct TileXf {
    scale: f64,
    ox: f64,
    oy: f64,
    w: f64,
    h: f64,
}

impl TileXf {
    fn px(&self, p: [f64; 2]) -> [f64; 2] {
        [p[0] * self.scale - self.ox, p[1] * self.scale - self.oy]
    }
    /// The tile grown by `margin` pixels, in world units.
    fn world_box(&self, margin: f64) -> BBox {
        [
            (self.ox - margin) / self.scale,
            (self.oy - margin) / self.scale,
            (self.ox + self.w + margin) / self.scale,
            (self.oy + self.h + margin) / self.scale,
        ]
    }
}

/// Where basemap geometry is drawn: a pixmap (tiles, map images) or a vector
/// sink (the SVG of a map image). Paths are in pixels of the tile or view.
pub trait BasemapCanvas {
    /// Fill `path` with the even-odd rule.
    fn fill_path(&mut self, path: &Path, color: Rgba);
    /// Fill an axis-aligned rectangle.
    fn fill_rect(&mut self, rect: Rect, color: Rgba);
    /// Stroke `path` with butt caps and round joins; `dash` is the pattern
    /// (dash, gap) and its offset; with `except`, nothing is drawn inside that
    /// rectangle (antialiased edge).
    fn stroke_path(
        &mut self,
        path: &Path,
        color: Rgba,
        width: f32,
        dash: Option<([f32; 2], f32)>,
        except: Option<Rect>,
    );
}

/// Draws into a tiny-skia pixmap.
struct PixmapCanvas<'a> {
    pm: &'a mut Pixmap,
}

impl BasemapCanvas for PixmapCanvas<'_> {
    fn fill_path(&mut self, path: &Path, color: Rgba) {
        self.pm.fill_path(
            path,
            &paint(color),
            FillRule::EvenOdd,
            Transform::identity(),
            None,
        );
    }

    fn fill_rect(&mut self, rect: Rect, color: Rgba) {
        self.pm
            .fill_rect(rect, &paint(color), Transform::identity(), None);
    }

    fn stroke_path(
        &mut self,
        path: &Path,
        color: Rgba,
        width: f32,
        dash: Option<([f32; 2], f32)>,
        except: Option<Rect>,
    ) {
        let stroke = Stroke {
            width,
            line_cap: LineCap::Butt,
            line_join: LineJoin::Round,
            dash: dash.and_then(|(d, offset)| StrokeDash::new(vec![d[0], d[1]], offset)),
            ..Stroke::default()
        };
        let mask = except.and_then(|hole| outside_mask(self.pm.width(), self.pm.height(), hole));
        self.pm.stroke_path(
            path,
            &paint(color),
            &stroke,
            Transform::identity(),
            mask.as_ref(),
        );
    }
}

/// A mask that is opaque everywhere except inside `hole`.
fn outside_mask(w: u32, h: u32, hole: Rect) -> Option<Mask> {
    let mut pb = PathBuilder::new();
    pb.push_rect(Rect::from_ltrb(-1.0, -1.0, w as f32 + 1.0, h as f32 + 1.0)?);
    pb.push_rect(hole);
    let path = pb.finish()?;
    let mut m = Mask::new(w, h)?;
    m.fill_path(&path, FillRule::EvenOdd, true, Transform::identity());
    Some(m)
}

fn paint(c: Rgba) -> Paint<'static> {
    let mut p = Paint::default();
    p.set_color_rgba8(c[0], c[1], c[2], c[3]);
    p.anti_alias = true;
    p
}

/// Sutherland–Hodgman clip of a closed ring (pixel space) against [x0,y0,x1,y1].
fn clip_ring(pts: &mut Vec<[f64; 2]>, tmp: &mut Vec<[f64; 2]>, b: &BBox) {
    for edge in 0..4 {
        if pts.is_empty() {
            return;
        }
        tmp.clear();
        let inside = |p: &[f64; 2]| match edge {
            0 => p[0] >= b[0],
            1 => p[0] <= b[2],
            2 => p[1] >= b[1],
            _ => p[1] <= b[3],
        };
        let inter = |p: &[f64; 2], q: &[f64; 2]| -> [f64; 2] {
            match edge {
                0 | 1 => {
                    let x = if edge == 0 { b[0] } else { b[2] };
                    [x, p[1] + (q[1] - p[1]) * (x - p[0]) / (q[0] - p[0])]
                }
                _ => {
                    let y = if edge == 2 { b[1] } else { b[3] };
                    [p[0] + (q[0] - p[0]) * (y - p[1]) / (q[1] - p[1]), y]
                }
            }
        };
        let n = pts.len();
        for k in 0..n {
            let cur = pts[k];
            let prev = pts[(k + n - 1) % n];
            let (ci, pi) = (inside(&cur), inside(&prev));
            if ci {
                if !pi {
                    tmp.push(inter(&prev, &cur));
                }
                tmp.push(cur);
            } else if pi {
                tmp.push(inter(&prev, &cur));
            }
        }
        std::mem::swap(pts, tmp);
    }
}

/// Fill all rings of `layer` that touch the tile, even-odd.
fn fill_layer(pm: &mut dyn BasemapCanvas, layer: &PolyLayer, xf: &TileXf, color: Rgba) {
    const MARGIN: f64 = 2.0;
    let wb = xf.world_box(MARGIN);
    match &layer.bbox {
        Some(b) if bbox_hit(b, &wb) => {}
        _ => return,
    }
    let clip_box = [-MARGIN, -MARGIN, xf.w + MARGIN, xf.h + MARGIN];
    let mut pb = PathBuilder::new();
    let mut buf: Vec<[f64; 2]> = Vec::new();
    let mut tmp: Vec<[f64; 2]> = Vec::new();
    let step2 = MIN_STEP_PX * MIN_STEP_PX;
    for ring in &layer.rings {
        if !bbox_hit(&ring.bbox, &wb) {
            continue;
        }
        buf.clear();
        let mut last = [f64::NAN, f64::NAN];
        for &p in &ring.pts {
            let q = xf.px(p);
            if (q[0] - last[0]).powi(2) + (q[1] - last[1]).powi(2) >= step2 || last[0].is_nan() {
                buf.push(q);
                last = q;
            }
        }
        // closing point duplicates the first: drop it (the clipper treats rings as closed)
        if buf.len() > 1 && buf.first() == buf.last() {
            buf.pop();
        }
        if buf.len() < 3 {
            continue;
        }
        clip_ring(&mut buf, &mut tmp, &clip_box);
        if buf.len() < 3 {
            continue;
        }
        pb.move_to(buf[0][0] as f32, buf[0][1] as f32);
        for q in &buf[1..] {
            pb.line_to(q[0] as f32, q[1] as f32);
        }
        pb.close();
    }
    if let Some(path) = pb.finish() {
        pm.fill_path(&path, color);
    }
}

/// Stroke the parts of `lines` that touch the tile. With `dash` (pattern in pixels) every
/// visible run gets the dash phase of its position along the whole line.
fn stroke_lines<'a>(
    pm: &mut dyn BasemapCanvas,
    lines: impl Iterator<Item = &'a ProjLine>,
    xf: &TileXf,
    color: Rgba,
    width: f32,
    dash: Option<[f32; 2]>,
    mask: Option<Rect>,
) {
    let margin = width as f64 + 2.0;
    let wb = xf.world_box(margin);
    let pix_box = [-margin, -margin, xf.w + margin, xf.h + margin];
    let step2 = MIN_STEP_PX * MIN_STEP_PX;
    let period = dash.map(|d| (d[0] + d[1]) as f64);
    let mut solid = PathBuilder::new();

    for line in lines {
        if !bbox_hit(&line.bbox, &wb) {
            continue;
        }
        let n = line.pts.len();
        let mut k = 0;
        let mut prev = xf.px(line.pts[0]);
        while k + 1 < n {
            // find the next visible segment
            let mut cur = xf.px(line.pts[k + 1]);
            let seg_box = |a: [f64; 2], b: [f64; 2]| {
                [
                    a[0].min(b[0]),
                    a[1].min(b[1]),
                    a[0].max(b[0]),
                    a[1].max(b[1]),
                ]
            };
            if !bbox_hit(&seg_box(prev, cur), &pix_box) {
                prev = cur;
                k += 1;
                continue;
            }
            // a visible run starts at vertex k
            let start = k;
            let mut pb = if dash.is_some() {
                PathBuilder::new()
            } else {
                std::mem::take(&mut solid)
            };
            pb.move_to(prev[0] as f32, prev[1] as f32);
            let mut last = prev;
            loop {
                let far = (cur[0] - last[0]).powi(2) + (cur[1] - last[1]).powi(2) >= step2;
                k += 1;
                let next_visible = k + 1 < n && {
                    let nx = xf.px(line.pts[k + 1]);
                    let vis = bbox_hit(&seg_box(cur, nx), &pix_box);
                    if vis {
                        if far {
                            pb.line_to(cur[0] as f32, cur[1] as f32);
                            last = cur;
                        }
                        cur = nx;
                    }
                    vis
                };
                if !next_visible {
                    pb.line_to(cur[0] as f32, cur[1] as f32);
                    prev = cur;
                    break;
                }
            }
            match (dash, period) {
                (Some(d), Some(per)) => {
                    if let Some(path) = pb.finish() {
                        let offset = ((line.cum[start] * xf.scale) % per) as f32;
                        pm.stroke_path(&path, color, width, Some((d, offset)), mask);
                    }
                }
                _ => solid = pb,
            }
        }
    }
    if dash.is_none()
        && let Some(path) = solid.finish()
    {
        pm.stroke_path(&path, color, width, None, mask);
    }
}

fn color(c: Rgba) -> Color {
    Color::from_rgba8(c[0], c[1], c[2], c[3])
}

/// Render tile (z, x, y) with the default style. See [`render_tile_with_style`].
pub fn render_tile(map: &Basemap, z: u8, x: u32, y: u32, size_px: u32) -> Vec<u8> {
    render_tile_with_style(map, &BasemapStyle::default(), z, x, y, size_px)
}

/// Render the Web Mercator tile (z, x, y) (XYZ/OSM scheme, y down from the north) as
/// `size_px × size_px` RGBA8, rows top to bottom.
///
/// The tile is always **opaque** (alpha 255 everywhere, as long as `style.water` is opaque),
/// so the bytes are valid both as straight RGBA (`egui::ColorImage::from_rgba_unmultiplied`)
/// and as premultiplied RGBA. Tiles outside the world (x or y ≥ 2^z) are plain water;
/// `size_px == 0` gives an empty vector. Pure function of its inputs; safe to call from any
/// thread. Line widths are designed for 256-px tiles; for 512-px tiles set `style.line_scale`.
pub fn render_tile_with_style(
    map: &Basemap,
    style: &BasemapStyle,
    z: u8,
    x: u32,
    y: u32,
    size_px: u32,
) -> Vec<u8> {
    let Some(mut pm) = Pixmap::new(size_px, size_px) else {
        return Vec::new();
    };
    pm.fill(color(style.water));
    let z = z.min(30);
    let n = 1u64 << z;
    if (x as u64) >= n || (y as u64) >= n {
        return pm.take();
    }
    let size = size_px as f64;
    let scale = n as f64 * size;
    let xf = TileXf {
        scale,
        ox: x as f64 * size,
        oy: y as f64 * size,
        w: size,
        h: size,
    };
    draw_layers(&mut PixmapCanvas { pm: &mut pm }, map, style, &xf, z);
    pm.take()
}

/// A rectangle of the map at any (fractional) zoom: what a map image shows.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MapView {
    /// Normalised Web Mercator coordinates (see [`super::mercator`]) of the top-left pixel.
    pub world_x: f64,
    pub world_y: f64,
    /// Pixels per normalised world unit (`256 · 2^zoom · scale`).
    pub px_per_world: f64,
    pub width_px: u32,
    pub height_px: u32,
    /// The zoom level whose layers (rivers, shorelines, oblast borders) and
    /// line widths apply; `style.line_scale` scales the widths.
    pub zoom: u8,
}

/// Draw a view into a vector sink: background, land, fills, lakes, rivers and borders.
pub fn draw_view(
    map: &Basemap,
    style: &BasemapStyle,
    view: &MapView,
    canvas: &mut dyn BasemapCanvas,
) {
    let (w, h) = (view.width_px as f64, view.height_px as f64);
    if let Some(r) = Rect::from_xywh(0.0, 0.0, w as f32, h as f32) {
        canvas.fill_rect(r, style.water);
    }
    let xf = TileXf {
        scale: view.px_per_world,
        ox: view.world_x * view.px_per_world,
        oy: view.world_y * view.px_per_world,
        w,
        h,
    };
    draw_layers(canvas, map, style, &xf, view.zoom.min(30));
}

/// Render a view as a pixmap (premultiplied RGBA, opaque when `style.water` is).
/// `None` for an empty size.
pub fn render_view(map: &Basemap, style: &BasemapStyle, view: &MapView) -> Option<Pixmap> {
    let mut pm = Pixmap::new(view.width_px, view.height_px)?;
    draw_view(map, style, view, &mut PixmapCanvas { pm: &mut pm });
    Some(pm)
}

fn draw_layers(
    pm: &mut dyn BasemapCanvas,
    map: &Basemap,
    style: &BasemapStyle,
    xf: &TileXf,
    z: u8,
) {
    let (w, h) = (xf.w, xf.h);
    let scale = xf.scale;
    let xf = *xf;
    let l = &map.layers;

    // Outside (or straddling) the detailed region: 110m world land as context.
    let tile_world = xf.world_box(0.0);
    let inset = 1.0 / scale; // one pixel
    let region_inset = [
        l.region[0] + inset,
        l.region[1] + inset,
        l.region[2] - inset,
        l.region[3] - inset,
    ];
    let inside_region = tile_world[0] >= region_inset[0]
        && tile_world[1] >= region_inset[1]
        && tile_world[2] <= region_inset[2]
        && tile_world[3] <= region_inset[3];
    if !inside_region {
        fill_layer(pm, &l.world_land, &xf, style.land);
        if bbox_hit(&region_inset, &tile_world) {
            // blank the region (1 px inside its edge, so no seam) before drawing detailed land
            let a = xf.px([region_inset[0], region_inset[1]]);
            let b = xf.px([region_inset[2], region_inset[3]]);
            let (x0, y0) = (a[0].max(-1.0), a[1].max(-1.0));
            let (x1, y1) = (b[0].min(w + 1.0), b[1].min(h + 1.0));
            if let Some(r) = Rect::from_ltrb(x0 as f32, y0 as f32, x1 as f32, y1 as f32) {
                pm.fill_rect(r, style.water);
            }
        }
    }

    // 110m borders are drawn outside the detailed region only.
    let region_px = if inside_region || !bbox_hit(&l.region, &tile_world) {
        None
    } else {
        let a = xf.px([l.region[0], l.region[1]]);
        let b = xf.px([l.region[2], l.region[3]]);
        Rect::from_ltrb(a[0] as f32, a[1] as f32, b[0] as f32, b[1] as f32)
    };

    fill_layer(pm, &l.land, &xf, style.land);
    if style.kazakhstan_land != style.land {
        fill_layer(pm, &l.kazakhstan, &xf, style.kazakhstan_land);
    }
    // Choropleth fills sit on the land, under lakes and borders.
    for (hasc, fill) in &style.oblast_fills {
        if let Some((_, layer)) = l.oblast_areas.iter().find(|(h, _)| h == hasc) {
            fill_layer(pm, layer, &xf, *fill);
        }
    }
    fill_layer(pm, &l.lakes, &xf, style.lake);
    if z >= 6 {
        stroke_lines(
            pm,
            l.lake_shores.iter(),
            &xf,
            style.shoreline,
            0.6 * style.line_scale,
            None,
            None,
        );
    }
    // rivers by weight class so each stroke call has one width
    if z >= 3 {
        let zf = z as f32;
        for (lo, hi) in [(0.0f32, 0.25f32), (0.25, 0.5), (0.5, 10.0)] {
            let w = style.river_width(z, (lo + hi.min(1.0)) / 2.0);
            let it = l
                .rivers
                .iter()
                .filter(|r| r.weight >= lo && r.weight < hi && zf + 1.5 >= r.min_zoom);
            stroke_lines(pm, it, &xf, style.river, w, None, None);
        }
    }
    if z >= 4 {
        let w = style.oblast_border_width(z);
        let dash = [4.0 * w.max(1.0), 2.5 * w.max(1.0)];
        stroke_lines(
            pm,
            l.oblast_borders.iter(),
            &xf,
            style.oblast_border,
            w,
            Some(dash),
            None,
        );
    }
    if !inside_region {
        let fully_outside = !bbox_hit(&l.region, &tile_world);
        if fully_outside || region_px.is_some() {
            stroke_lines(
                pm,
                l.world_borders.iter(),
                &xf,
                style.country_border,
                style.country_border_width(z),
                None,
                region_px,
            );
        }
    }
    stroke_lines(
        pm,
        l.country_borders.iter(),
        &xf,
        style.country_border,
        style.country_border_width(z),
        None,
        None,
    );
}
