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
