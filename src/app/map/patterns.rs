//! Dotted and dashed lines drawn as one textured quad each, the pattern
//! repeating along the line, instead of one shape per dot or dash.
//!
//! At 100× the data the dots of "likely" routes, the dashes of rail legs and
//! of likely flows were hundreds of thousands of vertices a frame (a few
//! dozen dots per leg, eight to sixteen vertices each); copying them into
//! egui's output cost more than the frame budget (issue 12). A pattern
//! texture holds one period of dots or dashes with soft (anti-aliased) edges
//! and a transparent margin on each side, so a leg is four vertices however
//! many dots it has. Dots and dashes sit where `Shape::dotted_line` and
//! `Shape::dashed_line` put them: a dot centred on the line's start, a dash
//! starting there.

use egui::{
    Color32, ColorImage, Context, Id, Mesh, Pos2, TextureHandle, TextureId, TextureOptions,
    TextureWrapMode, epaint::Vertex, pos2,
};

use crate::style::{
    FLOW_DASH, FLOW_WIDTH, LIKELY_DOT_RADIUS_FACTOR, LIKELY_DOT_SPACING, RAIL_DASH, ROUTE_WIDTH,
};

/// Texels per point of a pattern (sharp at up to 2 pixels per point).
const TEXELS_PER_POINT: f32 = 4.0;
/// Transparent margin either side of the line, points (room for the soft edge).
pub const MARGIN: f32 = 1.0;

/// One repeating pattern: its texture and its shape in points.
#[derive(Clone)]
pub struct Pattern {
    texture: TextureHandle,
    /// Length of one period along the line.
    pub period: f32,
    /// Thickness across the line the texture was drawn for (margins apart).
    pub thickness: f32,
}

impl Pattern {
    pub fn texture_id(&self) -> TextureId {
        self.texture.id()
    }

    /// Add the segment `a`–`b` as one quad of `thickness` points across
    /// (margins added), the pattern starting at `a`, tinted `color`.
    pub fn add_segment(&self, mesh: &mut Mesh, a: Pos2, b: Pos2, thickness: f32, color: Color32) {
        let along = b - a;
        let len = along.length();
        if len <= f32::EPSILON {
            return;
        }
        // The texture's rows cover `self.thickness + 2 MARGIN`; scale them to
        // the thickness wanted, keeping the margins at about a point.
        let half = (thickness + 2.0 * MARGIN) / 2.0;
        let normal = egui::vec2(-along.y, along.x) / len * half;
        let u1 = len / self.period;
        let base = mesh.vertices.len() as u32;
        for (p, uv) in [
            (a + normal, pos2(0.0, 0.0)),
            (a - normal, pos2(0.0, 1.0)),
            (b + normal, pos2(u1, 0.0)),
            (b - normal, pos2(u1, 1.0)),
        ] {
            mesh.vertices.push(Vertex { pos: p, uv, color });
        }
        mesh.indices
            .extend_from_slice(&[base, base + 1, base + 2, base + 2, base + 1, base + 3]);
    }
}

/// The map's patterns, loaded into the context (cached by egui; call every
/// frame the map is shown, or the textures are let go).
#[derive(Clone)]
pub struct Patterns {
    /// "Likely" routes: round dots.
    pub dots: Pattern,
    /// Rail legs: dashes.
    pub rail: Pattern,
    /// Likely flows: dashes.
    pub flow: Pattern,
}

impl Patterns {
    pub fn load(ctx: &Context) -> Self {
        let dot = 2.0 * ROUTE_WIDTH * LIKELY_DOT_RADIUS_FACTOR;
        Patterns {
            dots: pattern(ctx, "map-pattern-dots", LIKELY_DOT_SPACING, dot, dot, true),
            rail: pattern(
                ctx,
                "map-pattern-rail",
                RAIL_DASH[0] + RAIL_DASH[1],
                RAIL_DASH[0],
                ROUTE_WIDTH,
                false,
            ),
            flow: pattern(
                ctx,
                "map-pattern-flow",
                FLOW_DASH.0 + FLOW_DASH.1,
                FLOW_DASH.0,
                FLOW_WIDTH,
                false,
            ),
        }
    }

    /// The textures (part of what a cached mesh depends on).
    pub fn ids(&self) -> [TextureId; 3] {
        [
            self.dots.texture_id(),
            self.rail.texture_id(),
            self.flow.texture_id(),
        ]
    }
}

/// A period of `period` points with one mark `on` points long and
/// `thickness` across: a dot centred on 0 (`round`) or a dash from 0.
fn pattern(
    ctx: &Context,
    name: &str,
    period: f32,
    on: f32,
    thickness: f32,
    round: bool,
) -> Pattern {
    let image = pattern_image(period, on, thickness, round);
    let options = TextureOptions {
        wrap_mode: TextureWrapMode::Repeat,
        ..TextureOptions::LINEAR
    };
    let texture = ctx.load_texture_cached(name, Id::unique(name), image, options);
    Pattern {
        texture,
        period,
        thickness,
    }
}

/// Coverage of each texel (white, premultiplied alpha), with a soft edge a
/// point wide, as egui feathers its shapes.
pub fn pattern_image(period: f32, on: f32, thickness: f32, round: bool) -> ColorImage {
    let w = (period * TEXELS_PER_POINT).round().max(1.0) as usize;
    let h = ((thickness + 2.0 * MARGIN) * TEXELS_PER_POINT)
        .round()
        .max(1.0) as usize;
    let mut pixels = Vec::with_capacity(w * h);
    let mid = (thickness + 2.0 * MARGIN) / 2.0;
    for row in 0..h {
        for col in 0..w {
            // Texel centre in points: x along the line, y across it.
            let x = (col as f32 + 0.5) / TEXELS_PER_POINT;
            let y = (row as f32 + 0.5) / TEXELS_PER_POINT - mid;
            let distance = if round {
                // Dot centred on x = 0 (and so on x = period).
                let dx = x.min(period - x);
                (dx * dx + y * y).sqrt() - on / 2.0
            } else {
                // Dash from x = 0 to x = on, thickness across.
                let dx = (x - on / 2.0).abs() - on / 2.0;
                let dy = y.abs() - thickness / 2.0;
                dx.max(dy)
            };
            let coverage = (0.5 - distance).clamp(0.0, 1.0);
            pixels.push(Color32::from_white_alpha((coverage * 255.0).round() as u8));
        }
    }
    ColorImage::new([w, h], pixels)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn alpha(img: &ColorImage, x_pt: f32, y_pt: f32) -> u8 {
        let col = (x_pt * TEXELS_PER_POINT) as usize;
        let row = (y_pt * TEXELS_PER_POINT) as usize;
        img.pixels[row * img.size[0] + col].a()
    }

    #[test]
    fn a_dot_pattern_has_a_solid_dot_at_the_start_and_a_clear_gap_and_margins() {
        let img = pattern_image(6.0, 3.0, 3.0, true);
        let mid = 2.5; // margin 1 + half of 3
        assert_eq!(alpha(&img, 0.1, mid), 255, "dot centred on the start");
        assert_eq!(alpha(&img, 5.9, mid), 255, "… and on the next period");
        assert_eq!(alpha(&img, 3.0, mid), 0, "gap between dots");
        assert_eq!(alpha(&img, 0.1, 0.1), 0, "transparent margin");
    }

    #[test]
    fn a_dash_pattern_is_solid_for_the_dash_and_clear_for_the_gap() {
        let img = pattern_image(14.0, 9.0, 2.5, false);
        let mid = 2.25;
        assert_eq!(alpha(&img, 4.5, mid), 255);
        assert_eq!(alpha(&img, 11.5, mid), 0);
        assert_eq!(alpha(&img, 4.5, 0.1), 0);
    }

    #[test]
    fn a_segment_is_one_quad_whatever_its_length() {
        let ctx = Context::default();
        let p = Patterns::load(&ctx);
        let mut mesh = Mesh::with_texture(p.dots.texture_id());
        p.dots.add_segment(
            &mut mesh,
            pos2(0.0, 0.0),
            pos2(600.0, 0.0),
            3.0,
            Color32::RED,
        );
        assert_eq!(mesh.vertices.len(), 4);
        assert_eq!(mesh.indices.len(), 6);
        // 100 periods along.
        let u = mesh.vertices.iter().map(|v| v.uv.x).fold(0.0, f32::max);
        assert!((u - 100.0).abs() < 1e-3, "{u}");
        // Thickness plus a margin either side.
        let ys: Vec<f32> = mesh.vertices.iter().map(|v| v.pos.y).collect();
        let span = ys.iter().cloned().fold(f32::MIN, f32::max)
            - ys.iter().cloned().fold(f32::MAX, f32::min);
        assert!((span - (3.0 + 2.0 * MARGIN)).abs() < 1e-4, "{span}");
    }
}
