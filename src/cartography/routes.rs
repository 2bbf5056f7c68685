//! Routes: side-by-side slots on shared legs (squeezed into one labelled
//! band on a crowded leg), and direction arrows.

use std::collections::HashMap;

use super::geom::{Box2, Pt};
use crate::model::Route;

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

/// One route's use of a leg: route id, leg index, and whether it runs from
/// the lower to the higher place id.
type LegUse<'a> = (&'a str, usize, bool);

/// For every leg of every route: its slot among the routes that use the same
/// two places (either direction), centred on the true line (…, −1, 0, 1, …
/// or −0.5, 0.5 …; squeezed into [`band_span`] on a crowded leg), and whether
/// the leg runs from the lower to the higher place id, so all routes on a leg
/// agree on which side is which.
pub fn leg_slots<'a>(routes: &[&'a Route]) -> HashMap<(&'a str, usize), (f32, bool)> {
    let mut users: HashMap<(&str, &str), Vec<LegUse>> = HashMap::new();
    for r in routes {
        for (i, leg) in r.waypoints.windows(2).enumerate() {
            let (a, b) = (leg[0].place.as_str(), leg[1].place.as_str());
            users
                .entry(leg_key(a, b))
                .or_default()
                .push((r.id.as_str(), i, a <= b));
        }
    }
    let mut slots = HashMap::with_capacity(users.values().map(Vec::len).sum());
    for on_leg in users.values() {
        let n = on_leg.len();
        let step = if n > 1 {
            band_span(n) / (n - 1) as f32
        } else {
            0.0
        };
        for (k, &(route, i, forward)) in on_leg.iter().enumerate() {
            let slot = (k as f32 - (n as f32 - 1.0) / 2.0) * step;
            slots.insert((route, i), (slot, forward));
        }
    }
    slots
}

/// A leg used by more than [`SIDE_BY_SIDE_MAX`] of the given routes.
#[derive(Debug, Clone, PartialEq)]
pub struct CrowdedLeg<'a> {
    /// The leg's places, lower id first.
    pub a: &'a str,
    pub b: &'a str,
    /// How many route legs run along it (either direction).
    pub routes: usize,
}

/// Legs drawn as one band, busiest first (ties by place ids): each gets a
/// label saying how many routes the band holds.
pub fn crowded_legs<'a>(routes: &[&'a Route]) -> Vec<CrowdedLeg<'a>> {
    let mut count: HashMap<(&str, &str), usize> = HashMap::new();
    for r in routes {
        for leg in r.waypoints.windows(2) {
            *count
                .entry(leg_key(leg[0].place.as_str(), leg[1].place.as_str()))
                .or_default() += 1;
        }
    }
    let mut legs: Vec<CrowdedLeg> = count
        .into_iter()
        .filter(|&(_, n)| n > SIDE_BY_SIDE_MAX)
        .map(|((a, b), routes)| CrowdedLeg { a, b, routes })
        .collect();
    legs.sort_by(|x, y| y.routes.cmp(&x.routes).then((x.a, x.b).cmp(&(y.a, y.b))));
    legs
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
        assert_eq!(
            legs,
            vec![
                CrowdedLeg {
                    a: "b",
                    b: "c",
                    routes: 11
                },
                CrowdedLeg {
                    a: "a",
                    b: "b",
                    routes: 8
                },
            ]
        );
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
