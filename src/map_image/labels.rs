//! The labels of a map image: oblast values, country and oblast names (place
//! labels follow the window's rules in `cartography::places`). Every label
//! goes through one `LabelPlacer`, so none overlaps another.

use super::compose::{DrawnLabel, LabelKind, Proj};
use super::oblast_layer::OblastLayer;
use super::svg::{self, paint};
use super::text::{line_height, text_width};
use crate::basemap::{Basemap, OblastKind};
use crate::cartography::geom::Anchor;
use crate::cartography::labels::LabelPlacer;
use crate::cartography::routes as route_rules;
use crate::cartography::{Box2, Pt, areas as area_rules};
use crate::model::{Dataset, Route};
use crate::style::{
    COUNTRY_LABEL, LABEL_HALO, MAP_INK, OBLAST_NAME_LABEL, OBLAST_VALUE_BOX, OBLAST_VALUE_TEXT,
    ROUTE_COUNT_LABEL_MIN_LEG, ROUTE_COUNT_LABEL_SIZE,
};

/// Oblast names are small: they name the area, the values carry the data.
const OBLAST_NAME_SIZE: f32 = 10.0;

pub(super) fn oblast_value_labels(
    placer: &mut LabelPlacer,
    labels: &mut Vec<DrawnLabel>,
    layer: &OblastLayer,
    basemap: &Basemap,
    proj: &Proj,
    s: f32,
) {
    let size = area_rules::VALUE_LABEL_SIZE * s;
    let pad = area_rules::VALUE_LABEL_PADDING * s;
    for u in &layer.units {
        let (Some(text), Some(unit)) = (&u.label, basemap.oblast(&u.hasc)) else {
            continue;
        };
        let at = proj.px(unit.label.x(), unit.label.y());
        let (tw, th) = (text_width(text, size), line_height(size));
        let dy = area_rules::VALUE_LABEL_OFFSET_Y * s;
        // Below the oblast's label point as on screen; else above, right, left.
        let candidates: Vec<Box2> = [
            (Anchor::CenterCenter, Pt::new(at.x, at.y + dy)),
            (Anchor::CenterCenter, Pt::new(at.x, at.y - dy)),
            (Anchor::LeftCenter, Pt::new(at.x + dy, at.y)),
            (Anchor::RightCenter, Pt::new(at.x - dy, at.y)),
        ]
        .iter()
        .map(|(anchor, p)| anchor.place(*p, tw, th).expand(pad))
        .collect();
        if let Some(b) = placer.place(&candidates, false) {
            labels.push(DrawnLabel {
                kind: LabelKind::OblastValue,
                text: text.clone(),
                bbox: b,
                size,
                text_at: Pt::new(b.min.x + pad, b.min.y + pad),
            });
        }
    }
}

/// A label in the middle of each leg crowded into one band saying how many
/// routes it holds, busiest first, as the window draws it
/// (`cartography::routes::crowded_legs`); left out where it would overlap
/// another label or the leg is too short to carry it.
pub(super) fn route_count_labels(
    placer: &mut LabelPlacer,
    labels: &mut Vec<DrawnLabel>,
    ds: &Dataset,
    routes: &[&Route],
    proj: &Proj,
    s: f32,
) {
    let size = ROUTE_COUNT_LABEL_SIZE * s;
    for leg in route_rules::crowded_legs(routes) {
        let (Some(a), Some(b)) = (ds.place(leg.a), ds.place(leg.b)) else {
            continue;
        };
        let (a, b) = (proj.px(a.lon, a.lat), proj.px(b.lon, b.lat));
        if (b - a).length() < ROUTE_COUNT_LABEL_MIN_LEG * s {
            continue;
        }
        let mid = a + (b - a).scale(0.5);
        let text = route_rules::count_label(leg.routes);
        let (tw, th) = (text_width(&text, size), line_height(size));
        // As on screen: the text plus 4 points either side, 1 above and below.
        let bbox = Anchor::CenterCenter.place(mid, tw + 8.0 * s, th + 2.0 * s);
        if placer.place(&[bbox], false).is_some() {
            labels.push(DrawnLabel {
                kind: LabelKind::RouteCount,
                text,
                bbox,
                size,
                text_at: Pt::new(bbox.min.x + 4.0 * s, bbox.min.y + s),
            });
        }
    }
}

pub(super) fn country_labels(
    placer: &mut LabelPlacer,
    labels: &mut Vec<DrawnLabel>,
    basemap: &Basemap,
    proj: &Proj,
    map_rect: &Box2,
    size: f32,
) {
    for c in basemap
        .countries()
        .iter()
        .filter(|c| area_rules::country_is_labelled(&c.iso_a2))
    {
        let at = proj.px(c.label.x(), c.label.y());
        if !map_rect.contains(at) {
            continue;
        }
        let text = c.name.to_uppercase();
        let (tw, th) = (text_width(&text, size), line_height(size));
        // At the label point as on screen; else nudged up or down a line or two.
        let candidates: Vec<Box2> = [0.0, -0.9, 0.9, -1.8, 1.8]
            .iter()
            .map(|k| Anchor::CenterCenter.place(Pt::new(at.x, at.y + k * th), tw, th))
            .collect();
        if let Some(b) = placer.place(&candidates, false) {
            labels.push(DrawnLabel {
                kind: LabelKind::Country,
                text,
                bbox: b,
                size,
                text_at: b.min,
            });
        }
    }
}

pub(super) fn oblast_name_labels(
    placer: &mut LabelPlacer,
    labels: &mut Vec<DrawnLabel>,
    ds: &Dataset,
    basemap: &Basemap,
    proj: &Proj,
    map_rect: &Box2,
    s: f32,
) {
    let size = OBLAST_NAME_SIZE * s;
    for o in basemap
        .oblasts()
        .iter()
        .filter(|o| o.kind == OblastKind::Oblast)
    {
        let at = proj.px(o.label.x(), o.label.y());
        if !map_rect.contains(at) {
            continue;
        }
        let text = ds
            .region(&o.hasc)
            .map_or(o.name_ne.clone(), |r| r.name.clone());
        let (tw, th) = (text_width(&text, size), line_height(size));
        // Just above the value label's place, else a line higher.
        let candidates: Vec<Box2> = [-4.0 * s, -4.0 * s - th]
            .iter()
            .map(|dy| Anchor::CenterCenter.place(Pt::new(at.x, at.y + dy), tw, th))
            .collect();
        if let Some(b) = placer.place(&candidates, false) {
            labels.push(DrawnLabel {
                kind: LabelKind::OblastName,
                text,
                bbox: b,
                size,
                text_at: b.min,
            });
        }
    }
}

pub(super) fn draw_label(o: &mut String, l: &DrawnLabel, s: f32) {
    match l.kind {
        LabelKind::Place => {
            svg::halo(o, l.text_at, l.size, LABEL_HALO, 2.0 * s, &l.text);
            svg::text(o, l.text_at, l.size, MAP_INK, &l.text, "");
        }
        LabelKind::OblastValue => {
            svg::rect(
                o,
                &l.bbox,
                area_rules::VALUE_LABEL_CORNER * s,
                &paint("fill", OBLAST_VALUE_BOX),
            );
            svg::text(o, l.text_at, l.size, OBLAST_VALUE_TEXT, &l.text, "");
        }
        LabelKind::Country => svg::text(o, l.text_at, l.size, COUNTRY_LABEL, &l.text, ""),
        LabelKind::RouteCount => {
            svg::rect(
                o,
                &l.bbox,
                l.bbox.height() / 2.0,
                &format!(
                    "{} {} stroke-width=\"{}\"",
                    paint("fill", LABEL_HALO),
                    paint("stroke", MAP_INK),
                    svg::num(s)
                ),
            );
            svg::text(o, l.text_at, l.size, MAP_INK, &l.text, "");
        }
        LabelKind::OblastName => {
            // A faint halo keeps the name readable on the darkest classes.
            svg::halo(o, l.text_at, l.size, OBLAST_VALUE_BOX, 1.5 * s, &l.text);
            svg::text(o, l.text_at, l.size, OBLAST_NAME_LABEL, &l.text, "");
        }
    }
}
