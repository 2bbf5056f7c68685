//! What the map overlays share: the state they draw and the hits they report.
//! Plugins draw and report what is under the pointer; the map resolves the
//! top-most hit once (tooltip and click), so overlapping layers never fight.

use std::cell::RefCell;

use egui::{Pos2, pos2};
use walkers::{Projector, lon_lat};

use crate::analysis::route_facts::RouteFacts;
use crate::app::AppState;
use crate::basemap::Basemap;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HitTarget {
    Route(String),
    Place(String),
    Oblast(String),
    /// One of the dataset's other flows.
    Flow(String),
}

#[derive(Debug, Clone)]
pub struct Hit {
    pub target: HitTarget,
    /// Higher wins (places over routes over oblasts).
    pub priority: u8,
    /// Screen distance from the pointer, points.
    pub distance: f32,
}

pub struct Overlay<'a> {
    pub state: &'a AppState,
    pub basemap: &'a Basemap,
    pub facts: &'a [RouteFacts],
    pub hits: &'a RefCell<Vec<Hit>>,
    /// Pointer position over the map, if any.
    pub pointer: Option<Pos2>,
    /// Dot and dash textures for dotted and dashed lines.
    pub patterns: Option<&'a super::patterns::Patterns>,
}

impl Overlay<'_> {
    /// What a mesh drawn with the patterns depends on: their textures.
    pub fn patterns_key(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        self.patterns.map(|p| p.ids()).hash(&mut h);
        h.finish()
    }

    pub fn report(&self, target: HitTarget, priority: u8, distance: f32) {
        self.hits.borrow_mut().push(Hit {
            target,
            priority,
            distance,
        });
    }
}

pub fn screen(projector: &Projector, lon: f64, lat: f64) -> Pos2 {
    projector.project(lon_lat(lon, lat)).to_pos2()
}

/// Distance from `p` to the segment `a`–`b`, in screen points.
pub fn distance_to_segment(p: Pos2, a: Pos2, b: Pos2) -> f32 {
    let ab = b - a;
    let len2 = ab.length_sq();
    if len2 <= f32::EPSILON {
        return (p - a).length();
    }
    let t = ((p - a).dot(ab) / len2).clamp(0.0, 1.0);
    (p - (a + ab * t)).length()
}

/// Choose the hit to show: highest priority, then nearest.
pub fn best_hit(hits: &[Hit]) -> Option<&Hit> {
    hits.iter().max_by(|a, b| {
        a.priority
            .cmp(&b.priority)
            .then(b.distance.total_cmp(&a.distance))
    })
}

pub fn offset_point(p: Pos2, dx: f32, dy: f32) -> Pos2 {
    pos2(p.x + dx, p.y + dy)
}

/// A quick, non-cryptographic hasher for the keys of per-frame caches (the
/// layers hash every route and place each frame to see whether they changed;
/// SipHash made that a noticeable share of a 100× frame).
#[derive(Default)]
pub struct QuickHasher(u64);

impl std::hash::Hasher for QuickHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.write_u64(u64::from_le_bytes(word));
        }
    }

    fn write_u64(&mut self, i: u64) {
        // FxHash's step, as rustc uses it.
        self.0 = (self.0.rotate_left(5) ^ i).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}
