//! Routes: side-by-side slots on shared legs (squeezed into one labelled
//! band on a crowded leg), and direction arrows.

use std::collections::HashMap;

use super::geom::{Box2, Pt};
use crate::model::{Mode, Route, RouteStatus};

/// Legs shorter than this (points) carry no arrow: it would only clutter.
pub const ARROW_MIN_LEG: f32 = 30.0;

/// Up to this many routes on one leg are drawn side by side, a full
/// spacing apart. More would fan out across the map (100 routes on a trunk
/// leg made a band hundreds of kilometres wide), so they are squeezed into
/// one band that widens slowly with their number ([`band_span`]) and the
/// leg carries a label with the count ([`crowded_legs`]).
pub const SIDE_BY_SIDE_MAX: usize = 5;

/// Width of the bundle of `n` routes on one leg, from the first route's
/// centre line to the last, in multiples of the spacing: `n − 1` up to
/// [`SIDE_BY_SIDE_MAX`] routes, then one more spacing each time the count
/// doubles (5 routes: 4, 10: 5, 20: 6, 160: 9, 1,280: 12).
pub fn band_span(n: usize) -> f32 {
    if n <= SIDE_BY_SIDE_MAX {
        n.saturating_sub(1) as f32
    } else {
        (SIDE_BY_SIDE_MAX - 1) as f32 + (n as f32 / SIDE_BY_SIDE_MAX as f32).log2()
    }
}

/// A leg's two places in canonical order (lower id first).
fn leg_key<'a>(a: &'a str, b: &'a str) -> (&'a str, &'a str) {
    if a <= b { (a, b) } else { (b, a) }
}

/// What a route's line on one leg looks like, emphasis apart: origin
/// colour, variant (thin, translucent), status (likely: dotted) and rail
/// (dashed). On a crowded leg the routes are ordered by it, so the routes
/// that look alike lie side by side and the band is drawn as one stroke per
/// look ([`BandPart`]) instead of one line per route (issue 12: at 100× the
/// data, 100–300 lines per trunk leg cost most of a frame).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LegLook<'a> {
    pub origin: &'a str,
    pub variant: bool,
    pub status: RouteStatus,
    pub rail: bool,
}

impl<'a> LegLook<'a> {
    /// The look of leg `i` of `route` (from waypoint `i` to `i + 1`).
    pub fn of(route: &'a Route, i: usize) -> Self {
        let leg_mode = route.waypoints.get(i + 1).and_then(|w| w.leg_mode);
        LegLook {
            origin: route.origin_country.as_str(),
            variant: route.variant_of.is_some(),
            status: route.status,
            rail: leg_mode == Some(Mode::Rail) || route.mode == Mode::Rail,
        }
    }
}

/// One route's use of a leg: the route, leg index, and whether it runs from
/// the lower to the higher place id.
type LegUse<'a> = (&'a Route, usize, bool);

/// The routes of one look and direction on a crowded leg: a stretch of the
/// band from slot `slots[0]` to `slots[1]`, drawn as one stroke as wide as
/// that stretch, with one pattern of dots or dashes and one arrow.
#[derive(Debug, Clone, PartialEq)]
pub struct BandPart<'a> {
    pub look: LegLook<'a>,
    /// Whether these routes run from the lower to the higher place id.
    pub forward: bool,
    /// First and last slot of the stretch (as in [`leg_slots`]).
    pub slots: [f32; 2],
    /// The routes in it: id and leg index.
    pub routes: Vec<(&'a str, usize)>,
}

/// A leg used by more than [`SIDE_BY_SIDE_MAX`] of the given routes.
#[derive(Debug, Clone, PartialEq)]
pub struct CrowdedLeg<'a> {
    /// The leg's places, lower id first.
    pub a: &'a str,
    pub b: &'a str,
    /// How many route legs run along it (either direction).
    pub routes: usize,
    /// The band's stretches, across it in slot order.
    pub parts: Vec<BandPart<'a>>,
}

/// Slots of every route leg and the crowded legs, from one pass.
pub struct LegLayout<'a> {
    /// (route id, leg index) → (slot, runs from the lower to the higher id).
    pub slots: HashMap<(&'a str, usize), (f32, bool)>,
    /// Busiest first (ties by place ids).
    pub crowded: Vec<CrowdedLeg<'a>>,
}

/// For every leg of every route: its slot among the routes that use the same
/// two places (either direction), centred on the true line (…, −1, 0, 1, …
/// or −0.5, 0.5 …; squeezed into [`band_span`] on a crowded leg), and whether
/// the leg runs from the lower to the higher place id, so all routes on a leg
/// agree on which side is which. On a crowded leg the routes are ordered by
/// look and direction ([`LegLook`]); on others they keep the given order.
pub fn leg_layout<'a>(routes: &[&'a Route]) -> LegLayout<'a> {
    let mut users: HashMap<(&str, &str), Vec<LegUse>> = HashMap::new();
    for r in routes {
        for (i, leg) in r.waypoints.windows(2).enumerate() {
            let (a, b) = (leg[0].place.as_str(), leg[1].place.as_str());
            users
                .entry(leg_key(a, b))
                .or_default()
                .push((*r, i, a <= b));
        }
    }
    let mut slots = HashMap::with_capacity(users.values().map(Vec::len).sum());
    let mut crowded = Vec::new();
    for ((a, b), mut on_leg) in users {
        let n = on_leg.len();
        let step = if n > 1 {
            band_span(n) / (n - 1) as f32
        } else {
            0.0
        };
        let slot_of = |k: usize| (k as f32 - (n as f32 - 1.0) / 2.0) * step;
        if n > SIDE_BY_SIDE_MAX {
            // Stable: routes of one look keep their order.
            on_leg.sort_by_key(|&(r, i, forward)| (LegLook::of(r, i), forward));
            let mut parts: Vec<BandPart> = Vec::new();
            for (k, &(r, i, forward)) in on_leg.iter().enumerate() {
                let look = LegLook::of(r, i);
                match parts.last_mut() {
                    Some(p) if p.look == look && p.forward == forward => {
                        p.slots[1] = slot_of(k);
                        p.routes.push((r.id.as_str(), i));
                    }
                    _ => parts.push(BandPart {
                        look,
                        forward,
                        slots: [slot_of(k); 2],
                        routes: vec![(r.id.as_str(), i)],
                    }),
                }
            }
            crowded.push(CrowdedLeg {
                a,
                b,
                routes: n,
                parts,
            });
        }
        for (k, &(route, i, forward)) in on_leg.iter().enumerate() {
            slots.insert((route.id.as_str(), i), (slot_of(k), forward));
        }
    }
    crowded.sort_by(|x, y| y.routes.cmp(&x.routes).then((x.a, x.b).cmp(&(y.a, y.b))));
    LegLayout { slots, crowded }
}

/// The slots of [`leg_layout`].
pub fn leg_slots<'a>(routes: &[&'a Route]) -> HashMap<(&'a str, usize), (f32, bool)> {
    leg_layout(routes).slots
}

/// Legs drawn as one band, busiest first (ties by place ids): each gets a
/// label saying how many routes the band holds.
pub fn crowded_legs<'a>(routes: &[&'a Route]) -> Vec<CrowdedLeg<'a>> {
    leg_layout(routes).crowded
}

/// The count label of a crowded leg ("137 routes").
pub fn count_label(routes: usize) -> String {
    format!("{routes} routes")
}

/// A band stretch's centre line and stroke width: the leg `a`–`b` (lower
/// place id first) moved to the middle of slots `s0`..`s1`, as wide as the
/// lines of its routes side by side (`width`: one route's line).
pub fn band_stroke(a: Pt, b: Pt, slots: [f32; 2], width: f32, spacing: f32) -> (Pt, Pt, f32) {
    let mid = (slots[0] + slots[1]) / 2.0;
    let shift = bundle_shift(a, b, mid, true, spacing);
    let across = (slots[1] - slots[0]).abs() * spacing;
    (a + shift, b + shift, width + across)
}

/// The arrow of a band stretch: every route's arrowhead, from slot `s0` to
/// `s1`, merged into one convex shape (the hull of the first and last).
/// `a`–`b` is the leg with the lower place id first; `forward` the travel
/// direction. `None` when the leg is too short for arrows.
#[allow(clippy::too_many_arguments)]
pub fn band_arrow(
    a: Pt,
    b: Pt,
    slots: [f32; 2],
    forward: bool,
    width: f32,
    spacing: f32,
    min_leg: f32,
    scale: f32,
) -> Option<Vec<Pt>> {
    let first = bundle_shift(a, b, slots[0], true, spacing);
    let last = bundle_shift(a, b, slots[1], true, spacing);
    let (from, to) = if forward { (a, b) } else { (b, a) };
    let [tip, l, r] = arrow_head(from, to, width, min_leg, scale)?;
    if (last - first).length() < 0.01 {
        return Some(vec![tip + first, l + first, r + first]);
    }
    // l and r lie either side of the line: the hull is both tips, the
    // back corner farthest out on the last route's side (moved with it) and
    // the one farthest out on the first route's side; listed turning the
    // same way as the arrowhead's own points (tip, l, r).
    let n = last - first;
    let side = |p: Pt| {
        let d = p - tip;
        d.x * n.x + d.y * n.y
    };
    Some(if side(l) >= side(r) {
        vec![tip + first, tip + last, l + last, r + first]
    } else {
        vec![tip + first, l + first, r + last, tip + last]
    })
}

/// The part of the segment `a`–`b` inside `view`, or `None`. Its start is
/// moved back to a whole number of `period`s from `a`, so dashes and dots
/// drawn from it stay where they are on the line while the map pans. On
/// screen a leg can be millions of points long at a deep zoom; dashing all
/// of it every frame cost seconds (issue 12).
pub fn visible_span(a: Pt, b: Pt, view: &Box2, period: f32) -> Option<(Pt, Pt)> {
    let (t0, t1) = view.clip_segment(a, b)?;
    let len = (b - a).length();
    let t0 = if period > 0.0 && len > 0.0 {
        ((t0 * len / period).floor() * period / len).max(0.0)
    } else {
        t0
    };
    Some((a + (b - a).scale(t0), a + (b - a).scale(t1)))
}

/// How far a leg from `a` to `b` is moved sideways for its slot. `spacing`
/// is [`crate::style::ROUTE_BUNDLE_SPACING`] times the image scale (1 on screen).
pub fn bundle_shift(a: Pt, b: Pt, slot: f32, forward: bool, spacing: f32) -> Pt {
    let canonical = if forward { b - a } else { a - b }.normalized();
    Pt::new(-canonical.y, canonical.x).scale(slot * spacing)
}

/// The filled arrowhead at the middle of a leg, pointing in travel direction,
/// for a line of `width`; `None` when the leg is shorter than `min_leg`.
pub fn arrow_head(a: Pt, b: Pt, width: f32, min_leg: f32, scale: f32) -> Option<[Pt; 3]> {
    let v = b - a;
    let len = v.length();
    if len < min_leg {
        return None;
    }
    let dir = v.scale(1.0 / len);
    let normal = Pt::new(-dir.y, dir.x);
    let size = 4.0 * scale + width * 1.5;
    let tip = a + v.scale(0.5) + dir.scale(size * 0.5);
    let back = tip - dir.scale(size * 1.6);
    Some([
        tip,
        back + normal.scale(size * 0.8),
        back - normal.scale(size * 0.8),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::load::load_embedded;

    #[test]
    fn routes_on_a_shared_leg_get_distinct_slots_centred_on_the_line() {
        let data = load_embedded().unwrap();
        let routes: Vec<&Route> = data.routes.iter().collect();
        let slots = leg_slots(&routes);
        // Karaganda–Astana is used by several routes (Tajik 1, Kyrgyz 2, …).
        let mut on_leg: Vec<f32> = Vec::new();
        for r in &routes {
            for (i, leg) in r.waypoints.windows(2).enumerate() {
                let pair = (leg[0].place.as_str(), leg[1].place.as_str());
                if pair == ("karaganda", "astana") || pair == ("astana", "karaganda") {
                    on_leg.push(slots[&(r.id.as_str(), i)].0);
                }
            }
        }
        assert!(on_leg.len() >= 2, "{on_leg:?}");
        let sum: f32 = on_leg.iter().sum();
        assert!(sum.abs() < 1e-6, "slots are centred: {on_leg:?}");
        let mut sorted = on_leg.clone();
        sorted.sort_by(f32::total_cmp);
        sorted.dedup();
        assert_eq!(sorted.len(), on_leg.len(), "every route has its own slot");
    }

    #[test]
    fn arrow_points_from_a_to_b_and_short_legs_have_none() {
        let a = Pt::new(0.0, 0.0);
        let b = Pt::new(100.0, 0.0);
        let [tip, l, r] = arrow_head(a, b, 2.5, ARROW_MIN_LEG, 1.0).unwrap();
        assert!(tip.x > l.x && tip.x > r.x, "tip ahead of the base");
        assert!((l.y + r.y).abs() < 1e-5, "symmetric about the line");
        assert!(arrow_head(a, Pt::new(20.0, 0.0), 2.5, ARROW_MIN_LEG, 1.0).is_none());
    }

    #[test]
    fn opposite_directions_on_one_leg_shift_to_the_same_side_for_the_same_slot() {
        let a = Pt::new(0.0, 0.0);
        let b = Pt::new(10.0, 0.0);
        // Both describe the leg a–b; `forward` says which way the route runs.
        let s1 = bundle_shift(a, b, 1.0, true, 4.0);
        let s2 = bundle_shift(b, a, 1.0, false, 4.0);
        assert_eq!(s1, s2);
        assert!((s1.length() - 4.0).abs() < 1e-5);
    }

    fn route(id: &str, places: &[&str]) -> Route {
        let data = load_embedded().unwrap();
        let mut r = data.routes[0].clone();
        r.id = id.into();
        r.waypoints.truncate(1);
        r.waypoints = places
            .iter()
            .map(|p| crate::model::Waypoint {
                place: (*p).into(),
                ..r.waypoints[0].clone()
            })
            .collect();
        r
    }

    fn slots_on_one_leg(n: usize) -> Vec<f32> {
        let routes: Vec<Route> = (0..n)
            .map(|i| {
                // Half of them travel the other way.
                let places = if i % 2 == 0 { ["a", "b"] } else { ["b", "a"] };
                route(&format!("r{i}"), &places)
            })
            .collect();
        let refs: Vec<&Route> = routes.iter().collect();
        let slots = leg_slots(&refs);
        let mut v: Vec<f32> = routes
            .iter()
            .map(|r| slots[&(r.id.as_str(), 0)].0)
            .collect();
        v.sort_by(f32::total_cmp);
        v
    }

    #[test]
    fn a_few_routes_on_a_leg_stay_a_full_spacing_apart() {
        for n in 1..=SIDE_BY_SIDE_MAX {
            let v = slots_on_one_leg(n);
            for w in v.windows(2) {
                assert!((w[1] - w[0] - 1.0).abs() < 1e-5, "{n}: {v:?}");
            }
        }
    }

    #[test]
    fn a_hundred_routes_on_a_leg_stay_in_a_narrow_band() {
        // Uncapped, 100 routes 4 points apart spread 198 points either side.
        let v = slots_on_one_leg(100);
        let widest =
            v.iter().fold(0f32, |m, s| m.max(s.abs())) * crate::style::ROUTE_BUNDLE_SPACING;
        assert!(
            widest <= 20.0,
            "outermost route {widest} points off the line"
        );
        // Still one slot each, in order, and the band is wider than at the cap.
        assert!(v.windows(2).all(|w| w[1] > w[0]));
        assert!(band_span(100) > band_span(SIDE_BY_SIDE_MAX));
        assert!(band_span(1000) < band_span(100) + 4.0, "grows slowly");
    }

    #[test]
    fn crowded_legs_are_counted_busiest_first() {
        let mut routes: Vec<Route> = (0..8)
            .map(|i| route(&format!("r{i}"), &["a", "b", "c"]))
            .collect();
        routes.extend((0..3).map(|i| route(&format!("s{i}"), &["c", "b"])));
        let refs: Vec<&Route> = routes.iter().collect();
        let legs = crowded_legs(&refs);
        let counts: Vec<(&str, &str, usize)> = legs.iter().map(|l| (l.a, l.b, l.routes)).collect();
        assert_eq!(counts, vec![("b", "c", 11), ("a", "b", 8)]);
    }

    #[test]
    fn a_crowded_band_is_one_stretch_per_look_and_direction_covering_every_slot() {
        // 12 routes on a–b: origins alternate, some likely, some the other way.
        let routes: Vec<Route> = (0..12)
            .map(|i| {
                let places = if i % 3 == 0 { ["b", "a"] } else { ["a", "b"] };
                let mut r = route(&format!("r{i:02}"), &places);
                r.origin_country = if i % 2 == 0 { "TJ" } else { "KG" }.into();
                r.status = if i % 4 == 1 {
                    RouteStatus::Likely
                } else {
                    RouteStatus::Documented
                };
                r
            })
            .collect();
        let refs: Vec<&Route> = routes.iter().collect();
        let layout = leg_layout(&refs);
        let [leg] = layout.crowded.as_slice() else {
            panic!("one crowded leg: {:?}", layout.crowded.len());
        };
        // Stretches in slot order, each one look and direction, no look twice.
        let mut seen = std::collections::HashSet::new();
        let mut last = f32::NEG_INFINITY;
        let mut members = 0;
        for part in &leg.parts {
            assert!(seen.insert((part.look, part.forward)), "{part:?}");
            assert!(part.slots[0] > last && part.slots[1] >= part.slots[0]);
            last = part.slots[1];
            for (id, i) in &part.routes {
                let r = refs.iter().find(|r| r.id == *id).unwrap();
                assert_eq!(LegLook::of(r, *i), part.look);
                let (slot, forward) = layout.slots[&(*id, *i)];
                assert_eq!(forward, part.forward);
                assert!(slot >= part.slots[0] && slot <= part.slots[1], "{slot}");
                members += 1;
            }
        }
        assert_eq!(members, 12, "every route is in one stretch");
        assert!(leg.parts.len() < 12, "fewer strokes than routes");
        // The band is as wide as before: first and last slot ±band_span/2.
        let span = band_span(12) / 2.0;
        assert!((leg.parts[0].slots[0] + span).abs() < 1e-4);
        assert!((leg.parts.last().unwrap().slots[1] - span).abs() < 1e-4);
    }

    fn inside_convex(poly: &[Pt], p: Pt) -> bool {
        let n = poly.len();
        let cross: Vec<f32> = (0..n)
            .map(|k| {
                let (a, b) = (poly[k], poly[(k + 1) % n]);
                (b.x - a.x) * (p.y - a.y) - (b.y - a.y) * (p.x - a.x)
            })
            .collect();
        cross.iter().all(|c| *c >= -1e-3) || cross.iter().all(|c| *c <= 1e-3)
    }

    #[test]
    fn a_band_arrow_covers_the_arrowhead_of_every_route_in_the_stretch() {
        let (a, b) = (Pt::new(10.0, 20.0), Pt::new(200.0, 120.0));
        for forward in [true, false] {
            let slots = [-1.5, 2.0];
            let hull = band_arrow(a, b, slots, forward, 2.5, 4.0, ARROW_MIN_LEG, 1.0).unwrap();
            assert_eq!(hull.len(), 4);
            for k in 0..=7 {
                let slot = slots[0] + (slots[1] - slots[0]) * k as f32 / 7.0;
                let shift = bundle_shift(a, b, slot, true, 4.0);
                let (from, to) = if forward { (a, b) } else { (b, a) };
                for p in arrow_head(from + shift, to + shift, 2.5, ARROW_MIN_LEG, 1.0).unwrap() {
                    assert!(inside_convex(&hull, p), "{forward} {slot}: {p:?} {hull:?}");
                }
            }
        }
        // One route: its own arrowhead.
        let one = band_arrow(a, b, [1.0, 1.0], true, 2.5, 4.0, ARROW_MIN_LEG, 1.0).unwrap();
        assert_eq!(one.len(), 3);
    }

    #[test]
    fn the_visible_span_keeps_the_dash_phase_and_drops_legs_out_of_view() {
        let view = Box2::from_min_size(Pt::new(0.0, 0.0), 100.0, 100.0);
        let (a, b) = (Pt::new(-1000.0, 50.0), Pt::new(1000.0, 50.0));
        let (p, q) = visible_span(a, b, &view, 6.0).unwrap();
        assert!(p.x <= 0.0 && p.x > -6.0, "{p:?}");
        assert!((q.x - 100.0).abs() < 1e-3, "{q:?}");
        // A whole number of periods from the leg's start.
        let k = (p.x - a.x) / 6.0;
        assert!((k - k.round()).abs() < 1e-3, "{k}");
        assert!(visible_span(Pt::new(-10.0, 200.0), Pt::new(200.0, 300.0), &view, 6.0).is_none());
    }
}
