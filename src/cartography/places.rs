//! Places: the role a place is drawn as, its symbol, label priority and
//! label positions.

use super::geom::{Anchor, Box2, Pt};
use crate::model::{Place, PlaceRole};
use crate::style::{
    MAP_INK, Rgba, SYMBOL_CONVERGENCE, SYMBOL_ENTRY_POINT, SYMBOL_EXIT_POINT, SYMBOL_HUB,
    SYMBOL_MARKET, SYMBOL_OUTLINE_WIDTH, SYMBOL_REFERENCE, SYMBOL_SEAPORT, WHITE,
};

/// The role a place is drawn as: the most specific one it has.
pub fn primary_role(place: &Place) -> PlaceRole {
    const ORDER: [PlaceRole; 10] = [
        PlaceRole::ConvergencePoint,
        PlaceRole::Seaport,
        PlaceRole::RailBorderPoint,
        PlaceRole::EntryPoint,
        PlaceRole::ExitPoint,
        PlaceRole::Hub,
        PlaceRole::Origin,
        PlaceRole::Market,
        PlaceRole::Waypoint,
        PlaceRole::Reference,
    ];
    ORDER
        .into_iter()
        .find(|r| place.roles.contains(r))
        .unwrap_or(PlaceRole::Waypoint)
}

/// Label priority: larger first (they win the space when labels collide).
pub fn importance(place: &Place) -> u8 {
    match primary_role(place) {
        PlaceRole::Origin | PlaceRole::ConvergencePoint | PlaceRole::Hub => 5,
        PlaceRole::EntryPoint | PlaceRole::ExitPoint | PlaceRole::Seaport => 4,
        PlaceRole::RailBorderPoint => 3,
        PlaceRole::Waypoint => 2,
        PlaceRole::Market | PlaceRole::Reference => 1,
    }
}

/// The roles the legend explains, in its order, with their legend text.
pub const LEGEND_ROLES: [(PlaceRole, &str); 8] = [
    (PlaceRole::EntryPoint, "entry point"),
    (PlaceRole::ExitPoint, "exit point"),
    (PlaceRole::RailBorderPoint, "rail border point"),
    (PlaceRole::Hub, "hub"),
    (PlaceRole::ConvergencePoint, "convergence point"),
    (PlaceRole::Seaport, "seaport"),
    (PlaceRole::Origin, "route origin"),
    (PlaceRole::Waypoint, "waypoint"),
];

/// Symbol radius (points) at a map zoom level.
pub fn symbol_radius(zoom: f64) -> f32 {
    if zoom < 5.0 { 3.5 } else { 4.5 }
}

/// Place label font size (points) at a map zoom level.
pub fn label_size(zoom: f64) -> f32 {
    if zoom < 5.0 { 11.0 } else { 12.5 }
}

/// Where a place label of `w`×`h` may go, in order of preference: right of
/// the symbol, else left, else above (`scale`: 1 on screen, the image scale).
pub fn label_candidates(at: Pt, radius: f32, w: f32, h: f32, scale: f32) -> [Box2; 3] {
    let (side, above) = (radius + 4.0 * scale, radius + 3.0 * scale);
    [
        Anchor::LeftCenter.place(Pt::new(at.x + side, at.y), w, h),
        Anchor::RightCenter.place(Pt::new(at.x - side, at.y), w, h),
        Anchor::CenterBottom.place(Pt::new(at.x, at.y - above), w, h),
    ]
}

/// A stroke: width and colour.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Line {
    pub width: f32,
    pub color: Rgba,
}

/// One drawing step of a place symbol.
#[derive(Debug, Clone, PartialEq)]
pub enum SymbolPart {
    /// A filled convex polygon with an outline.
    Polygon {
        points: Vec<Pt>,
        fill: Rgba,
        stroke: Line,
    },
    /// A circle, filled and/or outlined.
    Circle {
        center: Pt,
        radius: f32,
        fill: Option<Rgba>,
        stroke: Option<Line>,
    },
    /// A square with rounded corners; the outline is centred on the edge.
    Rect {
        rect: Box2,
        corner: f32,
        fill: Rgba,
        stroke: Line,
    },
    Segment {
        a: Pt,
        b: Pt,
        stroke: Line,
    },
}

/// The symbol of `role` centred at `c` with size `r` (also drawn in the legend).
pub fn symbol(role: PlaceRole, c: Pt, r: f32) -> Vec<SymbolPart> {
    let outline = Line {
        width: SYMBOL_OUTLINE_WIDTH,
        color: MAP_INK,
    };
    let p = |dx: f32, dy: f32| Pt::new(c.x + dx, c.y + dy);
    match role {
        PlaceRole::EntryPoint => vec![SymbolPart::Polygon {
            points: vec![p(0.0, -r * 1.2), p(r * 1.1, r * 0.8), p(-r * 1.1, r * 0.8)],
            fill: SYMBOL_ENTRY_POINT,
            stroke: outline,
        }],
        PlaceRole::ExitPoint => vec![SymbolPart::Polygon {
            points: vec![p(0.0, r * 1.2), p(-r * 1.1, -r * 0.8), p(r * 1.1, -r * 0.8)],
            fill: SYMBOL_EXIT_POINT,
            stroke: outline,
        }],
        PlaceRole::RailBorderPoint => vec![
            SymbolPart::Rect {
                rect: Box2::from_center_size(c, r * 2.0, r * 2.0),
                corner: 0.0,
                fill: WHITE,
                stroke: outline,
            },
            SymbolPart::Segment {
                a: p(-r, 0.0),
                b: p(r, 0.0),
                stroke: outline,
            },
        ],
        PlaceRole::Hub => vec![SymbolPart::Polygon {
            points: vec![
                p(0.0, -r * 1.3),
                p(r * 1.3, 0.0),
                p(0.0, r * 1.3),
                p(-r * 1.3, 0.0),
            ],
            fill: SYMBOL_HUB,
            stroke: outline,
        }],
        PlaceRole::ConvergencePoint => vec![
            SymbolPart::Circle {
                center: c,
                radius: r * 1.4,
                fill: Some(SYMBOL_CONVERGENCE),
                stroke: Some(outline),
            },
            SymbolPart::Circle {
                center: c,
                radius: r * 0.5,
                fill: Some(WHITE),
                stroke: None,
            },
        ],
        PlaceRole::Seaport => {
            let bar = Line {
                width: 1.5,
                color: WHITE,
            };
            vec![
                SymbolPart::Circle {
                    center: c,
                    radius: r * 1.1,
                    fill: Some(SYMBOL_SEAPORT),
                    stroke: Some(outline),
                },
                SymbolPart::Segment {
                    a: p(0.0, -r * 0.8),
                    b: p(0.0, r * 0.8),
                    stroke: bar,
                },
                SymbolPart::Segment {
                    a: p(-r * 0.6, 0.0),
                    b: p(r * 0.6, 0.0),
                    stroke: bar,
                },
            ]
        }
        PlaceRole::Origin => vec![SymbolPart::Rect {
            rect: Box2::from_center_size(c, r * 2.2, r * 2.2),
            corner: 1.0,
            fill: MAP_INK,
            stroke: Line {
                width: 1.2,
                color: WHITE,
            },
        }],
        PlaceRole::Market => vec![SymbolPart::Circle {
            center: c,
            radius: r,
            fill: Some(WHITE),
            stroke: Some(Line {
                width: 2.0,
                color: SYMBOL_MARKET,
            }),
        }],
        PlaceRole::Waypoint => vec![SymbolPart::Circle {
            center: c,
            radius: r * 0.8,
            fill: Some(WHITE),
            stroke: Some(outline),
        }],
        PlaceRole::Reference => vec![SymbolPart::Circle {
            center: c,
            radius: r * 0.7,
            fill: None,
            stroke: Some(Line {
                width: 1.0,
                color: SYMBOL_REFERENCE,
            }),
        }],
    }
}

/// The box a symbol covers (its outline included).
pub fn symbol_bounds(parts: &[SymbolPart]) -> Option<Box2> {
    let mut out: Option<Box2> = None;
    let mut grow = |b: Box2| {
        out = Some(match out {
            None => b,
            Some(o) => Box2 {
                min: Pt::new(o.min.x.min(b.min.x), o.min.y.min(b.min.y)),
                max: Pt::new(o.max.x.max(b.max.x), o.max.y.max(b.max.y)),
            },
        });
    };
    for part in parts {
        match part {
            SymbolPart::Polygon { points, stroke, .. } => {
                for q in points {
                    grow(Box2::from_center_size(*q, stroke.width, stroke.width));
                }
            }
            SymbolPart::Circle {
                center,
                radius,
                stroke,
                ..
            } => {
                let d = 2.0 * radius + stroke.map_or(0.0, |s| s.width);
                grow(Box2::from_center_size(*center, d, d));
            }
            SymbolPart::Rect { rect, stroke, .. } => grow(rect.expand(stroke.width / 2.0)),
            SymbolPart::Segment { a, b, stroke } => {
                grow(Box2::from_center_size(*a, stroke.width, stroke.width));
                grow(Box2::from_center_size(*b, stroke.width, stroke.width));
            }
        }
    }
    out
}
