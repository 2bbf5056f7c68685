//! Routes: side-by-side slots on shared legs, and direction arrows.

use std::collections::HashMap;

use super::geom::Pt;
use crate::model::Route;

/// Legs shorter than this (points) carry no arrow: it would only clutter.
pub const ARROW_MIN_LEG: f32 = 30.0;

/// For every leg of every route: its slot among the routes that use the same
/// two places (either direction), centred on the true line (…, −1, 0, 1, …
/// or −0.5, 0.5 …), and whether the leg runs from the lower to the higher
/// place id, so all routes on a leg agree on which side is which.
pub fn leg_slots<'a>(routes: &[&'a Route]) -> HashMap<(&'a str, usize), (f32, bool)> {
    let mut users: HashMap<(&str, &str), Vec<(&str, usize)>> = HashMap::new();
    for r in routes {
        for (i, leg) in r.waypoints.windows(2).enumerate() {
            let (a, b) = (leg[0].place.as_str(), leg[1].place.as_str());
            let key = if a <= b { (a, b) } else { (b, a) };
            users.entry(key).or_default().push((r.id.as_str(), i));
        }
    }
    let mut slots = HashMap::new();
    for r in routes {
        for (i, leg) in r.waypoints.windows(2).enumerate() {
            let (a, b) = (leg[0].place.as_str(), leg[1].place.as_str());
            let key = if a <= b { (a, b) } else { (b, a) };
            let on_leg = &users[&key];
            let k = on_leg
                .iter()
                .position(|u| *u == (r.id.as_str(), i))
                .unwrap_or(0);
            let slot = k as f32 - (on_leg.len() as f32 - 1.0) / 2.0;
            slots.insert((r.id.as_str(), i), (slot, a <= b));
        }
    }
    slots
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
}
