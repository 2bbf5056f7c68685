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
use crate::cartography::{Box2, Pt, areas as area_rules};
use crate::model::Dataset;
use crate::style::{
    COUNTRY_LABEL, LABEL_HALO, MAP_INK, OBLAST_NAME_LABEL, OBLAST_VALUE_BOX, OBLAST_VALUE_TEXT,
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
        LabelKind::OblastName => {
            // A faint halo keeps the name readable on the darkest classes.
            svg::halo(o, l.text_at, l.size, OBLAST_VALUE_BOX, 1.5 * s, &l.text);
            svg::text(o, l.text_at, l.size, OBLAST_NAME_LABEL, &l.text, "");
        }
    }
}
