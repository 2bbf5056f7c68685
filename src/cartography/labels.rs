//! Label placement without overlap: labels are offered in priority order,
//! each with candidate boxes; the first candidate clear of every label (and
//! obstacle) already placed wins, otherwise the label is left out.

use super::geom::Box2;

/// Space kept between two labels (points or pixels).
pub const LABEL_GAP: f32 = 2.0;

#[derive(Debug, Clone, Default)]
pub struct LabelPlacer {
    /// Labels already placed; another label keeps `gap` away from them.
    taken: Vec<Box2>,
    /// Things labels must not cover (symbols, a scale bar); no gap needed.
    obstacles: Vec<Box2>,
    gap: f32,
    /// Labels must lie wholly inside this box (images); `None` on screen, which clips.
    bounds: Option<Box2>,
}

impl LabelPlacer {
    pub fn new(gap: f32, bounds: Option<Box2>) -> LabelPlacer {
        LabelPlacer {
            taken: Vec::new(),
            obstacles: Vec::new(),
            gap,
            bounds,
        }
    }

    /// Keep labels off this box (a scale bar, a symbol).
    pub fn reserve(&mut self, b: Box2) {
        self.obstacles.push(b);
    }

    /// Whether a label could go here.
    pub fn is_free(&self, b: &Box2) -> bool {
        self.bounds.is_none_or(|outer| outer.contains_box(b))
            && !self.taken.iter().any(|t| t.expand(self.gap).intersects(b))
            && !self.obstacles.iter().any(|o| o.intersects(b))
    }

    /// The first free candidate, taken; with `must_show`, the first candidate
    /// even if it is not free (the selected place on screen); else `None`.
    pub fn place(&mut self, candidates: &[Box2], must_show: bool) -> Option<Box2> {
        let chosen = match candidates.iter().find(|b| self.is_free(b)) {
            Some(b) => *b,
            None if must_show => *candidates.first()?,
            None => return None,
        };
        self.taken.push(chosen);
        Some(chosen)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cartography::geom::Pt;

    fn b(x: f32, y: f32, w: f32, h: f32) -> Box2 {
        Box2::from_min_size(Pt::new(x, y), w, h)
    }

    #[test]
    fn second_label_takes_its_next_candidate_and_a_third_is_dropped() {
        let mut p = LabelPlacer::new(LABEL_GAP, None);
        assert_eq!(
            p.place(&[b(0.0, 0.0, 10.0, 5.0)], false),
            Some(b(0.0, 0.0, 10.0, 5.0))
        );
        let second = [b(5.0, 0.0, 10.0, 5.0), b(20.0, 0.0, 10.0, 5.0)];
        assert_eq!(p.place(&second, false), Some(second[1]));
        assert_eq!(p.place(&[b(1.0, 1.0, 3.0, 3.0)], false), None);
        // Within the gap counts as a collision too.
        assert_eq!(p.place(&[b(11.0, 0.0, 3.0, 3.0)], false), None);
        assert!(p.place(&[b(1.0, 1.0, 3.0, 3.0)], true).is_some());
    }

    #[test]
    fn obstacles_are_avoided_without_the_gap() {
        let mut p = LabelPlacer::new(LABEL_GAP, None);
        p.reserve(b(0.0, 0.0, 10.0, 10.0));
        assert_eq!(p.place(&[b(5.0, 5.0, 10.0, 5.0)], false), None);
        assert!(p.place(&[b(11.0, 0.0, 10.0, 5.0)], false).is_some());
    }

    #[test]
    fn labels_outside_the_bounds_are_refused() {
        let mut p = LabelPlacer::new(LABEL_GAP, Some(b(0.0, 0.0, 100.0, 100.0)));
        assert_eq!(p.place(&[b(95.0, 10.0, 10.0, 5.0)], false), None);
        assert!(p.place(&[b(85.0, 10.0, 10.0, 5.0)], false).is_some());
    }
}
