//! Flows (the sources' other trafficking channels): where their ends sit and
//! the schematic curve drawn between them. The sources give no path between
//! the ends, so each link is a curve bowed to the left of travel.

use super::geom::Pt;
use crate::basemap::Basemap;
use crate::model::{Dataset, Flow, FlowEnd, RegionKind};

/// How far a curve bows out, as a share of its chord (to the left of travel).
pub const BEND: f32 = 0.18;

/// Where an end is drawn (lon, lat): a place's coordinate; a country's label
/// point (by ISO code) or a Kazakh unit's label point (by HASC) from the
/// basemap. `None` when the dataset or the basemap lacks it.
pub fn anchor(data: &Dataset, basemap: &Basemap, end: &FlowEnd) -> Option<(f64, f64)> {
    match end {
        FlowEnd::Place(id) => data.place(id).map(|p| (p.lon, p.lat)),
        FlowEnd::Region(id) => match data.region(id)?.kind {
            RegionKind::Country => basemap
                .countries()
                .iter()
                .find(|c| c.iso_a2 == *id)
                .map(|c| (c.label.x(), c.label.y())),
            RegionKind::Oblast | RegionKind::City => {
                basemap.oblast(id).map(|o| (o.label.x(), o.label.y()))
            }
            RegionKind::Area => None,
        },
    }
}

/// The distinct links (consecutive ends) of a flow's paths, anchored, in order.
pub fn links(data: &Dataset, basemap: &Basemap, flow: &Flow) -> Vec<((f64, f64), (f64, f64))> {
    let mut out: Vec<((f64, f64), (f64, f64))> = Vec::new();
    let mut seen: Vec<(&FlowEnd, &FlowEnd)> = Vec::new();
    for path in &flow.paths {
        for pair in path.windows(2) {
            if seen.contains(&(&pair[0], &pair[1])) {
                continue;
            }
            seen.push((&pair[0], &pair[1]));
            if let (Some(a), Some(b)) = (
                anchor(data, basemap, &pair[0]),
                anchor(data, basemap, &pair[1]),
            ) {
                out.push((a, b));
            }
        }
    }
    out
}

/// Points of the quadratic curve from `a` to `b`, bowed to the left of travel.
pub fn curve(a: Pt, b: Pt) -> Vec<Pt> {
    let chord = b - a;
    let len = chord.length();
    if len < 1.0 {
        return vec![a, b];
    }
    let normal = Pt::new(chord.y, -chord.x).scale(1.0 / len);
    let control = a + chord.scale(0.5) + normal.scale(len * BEND);
    // Enough points that no chord strays more than about 0.2 of a point
    // from the true curve (its sagitta is about 0.09·len / steps²); a point
    // every 10 units made long links hundreds of vertices each (issue 12).
    let steps = ((0.45 * len).sqrt().ceil() as usize).clamp(8, 64);
    (0..=steps)
        .map(|i| {
            let t = i as f32 / steps as f32;
            let u = 1.0 - t;
            Pt::new(
                u * u * a.x + 2.0 * u * t * control.x + t * t * b.x,
                u * u * a.y + 2.0 * u * t * control.y + t * t * b.y,
            )
        })
        .collect()
}

/// The arrowhead near the end of a flow curve of `width`, stopping short of
/// the end so a place symbol there stays visible (`scale`: 1 on screen).
pub fn arrow_head(points: &[Pt], width: f32, scale: f32) -> Option<[Pt; 3]> {
    let n = points.len();
    if n < 2 {
        return None;
    }
    let end = points[n - 1];
    let dir = (end - points[n - 2]).normalized();
    let normal = Pt::new(-dir.y, dir.x);
    let size = 3.5 * scale + width * 1.5;
    let tip = end - dir.scale(5.0 * scale);
    let back = tip - dir.scale(size * 1.6);
    Some([
        tip,
        back + normal.scale(size * 0.7),
        back - normal.scale(size * 0.7),
    ])
}
