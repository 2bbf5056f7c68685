//! Points and boxes in screen points (window) or pixels (images), y down.

/// A point, y down.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Pt {
    pub x: f32,
    pub y: f32,
}

impl Pt {
    pub const fn new(x: f32, y: f32) -> Pt {
        Pt { x, y }
    }

    pub fn scale(self, k: f32) -> Pt {
        Pt::new(self.x * k, self.y * k)
    }

    pub fn length(self) -> f32 {
        self.x.hypot(self.y)
    }

    /// Unit vector in the same direction; a zero vector stays zero (as egui's `normalized`).
    pub fn normalized(self) -> Pt {
        let len = self.length();
        if len <= 0.0 {
            self
        } else {
            self.scale(1.0 / len)
        }
    }
}

impl std::ops::Add for Pt {
    type Output = Pt;
    fn add(self, o: Pt) -> Pt {
        Pt::new(self.x + o.x, self.y + o.y)
    }
}

impl std::ops::Sub for Pt {
    type Output = Pt;
    fn sub(self, o: Pt) -> Pt {
        Pt::new(self.x - o.x, self.y - o.y)
    }
}

/// An axis-aligned box, y down.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Box2 {
    pub min: Pt,
    pub max: Pt,
}

impl Box2 {
    pub fn from_min_size(min: Pt, w: f32, h: f32) -> Box2 {
        Box2 {
            min,
            max: Pt::new(min.x + w, min.y + h),
        }
    }

    pub fn from_center_size(c: Pt, w: f32, h: f32) -> Box2 {
        Box2::from_min_size(Pt::new(c.x - w / 2.0, c.y - h / 2.0), w, h)
    }

    pub fn width(&self) -> f32 {
        self.max.x - self.min.x
    }

    pub fn height(&self) -> f32 {
        self.max.y - self.min.y
    }

    pub fn center(&self) -> Pt {
        Pt::new(
            (self.min.x + self.max.x) / 2.0,
            (self.min.y + self.max.y) / 2.0,
        )
    }

    pub fn expand(&self, m: f32) -> Box2 {
        Box2 {
            min: Pt::new(self.min.x - m, self.min.y - m),
            max: Pt::new(self.max.x + m, self.max.y + m),
        }
    }

    /// Touching counts as intersecting (as egui's `Rect::intersects`).
    pub fn intersects(&self, o: &Box2) -> bool {
        self.min.x <= o.max.x
            && o.min.x <= self.max.x
            && self.min.y <= o.max.y
            && o.min.y <= self.max.y
    }

    pub fn contains_box(&self, o: &Box2) -> bool {
        o.min.x >= self.min.x
            && o.max.x <= self.max.x
            && o.min.y >= self.min.y
            && o.max.y <= self.max.y
    }

    pub fn contains(&self, p: Pt) -> bool {
        p.x >= self.min.x && p.x <= self.max.x && p.y >= self.min.y && p.y <= self.max.y
    }

    /// The part of segment `a`–`b` inside the box, as fractions `(t0, t1)`
    /// along it (Liang–Barsky); `None` if it misses the box.
    pub fn clip_segment(&self, a: Pt, b: Pt) -> Option<(f32, f32)> {
        let (dx, dy) = (b.x - a.x, b.y - a.y);
        let mut t = (0.0f32, 1.0f32);
        for (p, q) in [
            (-dx, a.x - self.min.x),
            (dx, self.max.x - a.x),
            (-dy, a.y - self.min.y),
            (dy, self.max.y - a.y),
        ] {
            if p == 0.0 {
                if q < 0.0 {
                    return None;
                }
            } else {
                let r = q / p;
                if p < 0.0 {
                    t.0 = t.0.max(r);
                } else {
                    t.1 = t.1.min(r);
                }
            }
        }
        (t.0 <= t.1).then_some(t)
    }
}

/// Where a box of `w`×`h` goes relative to an anchor point.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    /// The anchor is the middle of the box's left edge.
    LeftCenter,
    /// The anchor is the middle of the box's right edge.
    RightCenter,
    /// The anchor is the middle of the box's bottom edge.
    CenterBottom,
    /// The anchor is the middle of the box's top edge.
    CenterTop,
    CenterCenter,
}

impl Anchor {
    /// The box of size `w`×`h` placed at `at` (as egui's `Align2::anchor_size`).
    pub fn place(self, at: Pt, w: f32, h: f32) -> Box2 {
        let min = match self {
            Anchor::LeftCenter => Pt::new(at.x, at.y - h / 2.0),
            Anchor::RightCenter => Pt::new(at.x - w, at.y - h / 2.0),
            Anchor::CenterBottom => Pt::new(at.x - w / 2.0, at.y - h),
            Anchor::CenterTop => Pt::new(at.x - w / 2.0, at.y),
            Anchor::CenterCenter => Pt::new(at.x - w / 2.0, at.y - h / 2.0),
        };
        Box2::from_min_size(min, w, h)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_are_clipped_to_the_box() {
        let b = Box2::from_min_size(Pt::new(0.0, 0.0), 10.0, 10.0);
        assert_eq!(
            b.clip_segment(Pt::new(2.0, 2.0), Pt::new(8.0, 8.0)),
            Some((0.0, 1.0))
        );
        assert_eq!(
            b.clip_segment(Pt::new(-10.0, 5.0), Pt::new(20.0, 5.0)),
            Some((1.0 / 3.0, 2.0 / 3.0))
        );
        assert_eq!(
            b.clip_segment(Pt::new(-10.0, -5.0), Pt::new(20.0, -5.0)),
            None
        );
        assert_eq!(
            b.clip_segment(Pt::new(11.0, 0.0), Pt::new(30.0, 20.0)),
            None
        );
    }
}
