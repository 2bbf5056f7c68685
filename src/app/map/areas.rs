//! The oblast layer (fills, labels, hit-testing) and country names.

use egui::epaint::PathShape;
use egui::{Align2, Color32, FontId, Pos2, Response, Stroke, Ui};
use walkers::{MapMemory, Plugin, Projector};

use super::Choropleth;
use super::fills::{OblastFills, WorldToScreen};
use super::overlay::{HitTarget, Overlay, screen};
use crate::app::style_egui::color;
use crate::cartography::areas as shared;
use crate::style::{
    COMPARISON_OUTLINE, COMPARISON_OUTLINE_WIDTH, COUNTRY_LABEL, OBLAST_VALUE_BOX,
    OBLAST_VALUE_TEXT,
};

/// The choropleth's fills (under every other overlay), recoloured each frame
/// from the year's classes without re-tessellating or touching the tiles.
pub struct OblastFillsPlugin<'a> {
    pub fills: &'a mut OblastFills,
    pub choropleth: &'a Choropleth,
}

impl Plugin for OblastFillsPlugin<'_> {
    fn run(
        self: Box<Self>,
        ui: &mut Ui,
        _response: &Response,
        projector: &Projector,
        _memory: &MapMemory,
    ) {
        let painter = ui.painter().with_clip_rect(ui.max_rect());
        let xf = WorldToScreen::new(projector);
        self.fills.paint(&painter, &xf, projector.zoom(), |hasc| {
            self.choropleth.fill(hasc)
        });
    }
}

pub struct CountryLabelsPlugin<'a> {
    pub overlay: &'a Overlay<'a>,
}

impl Plugin for CountryLabelsPlugin<'_> {
    fn run(
        self: Box<Self>,
        ui: &mut Ui,
        _response: &Response,
        projector: &Projector,
        _memory: &MapMemory,
    ) {
        let Some(size) = shared::country_label_size(projector.zoom()) else {
            return;
        };
        let painter = &ui.painter().with_clip_rect(ui.max_rect());
        let font = FontId::proportional(size);
        let ink = color(COUNTRY_LABEL);
        for c in self
            .overlay
            .basemap
            .countries()
            .iter()
            .filter(|c| shared::country_is_labelled(&c.iso_a2))
        {
            let p = screen(projector, c.label.x(), c.label.y());
            if painter.clip_rect().contains(p) {
                painter.text(
                    p,
                    Align2::CENTER_CENTER,
                    c.name.to_uppercase(),
                    font.clone(),
                    ink,
                );
            }
        }
    }
}

pub struct OblastsPlugin<'a> {
    pub overlay: &'a Overlay<'a>,
    /// Value labels per unit (HASC, text), e.g. "151.1 kg".
    pub labels: &'a [(String, String)],
}

impl Plugin for OblastsPlugin<'_> {
    fn run(
        self: Box<Self>,
        ui: &mut Ui,
        response: &Response,
        projector: &Projector,
        _memory: &MapMemory,
    ) {
        let o = self.overlay;
        let painter = &ui.painter().with_clip_rect(ui.max_rect());
        // Oblasts chosen for the comparison chart are outlined, so the map
        // shows what the chart compares.
        let stroke = Stroke::new(COMPARISON_OUTLINE_WIDTH, color(COMPARISON_OUTLINE));
        for hasc in &o.state.ui.charts.oblasts {
            let Some(unit) = o.basemap.oblast(hasc) else {
                continue;
            };
            for polygon in &unit.geometry.0 {
                let mut points: Vec<Pos2> = Vec::new();
                for c in polygon.exterior().coords() {
                    let p = screen(projector, c.x, c.y);
                    // Skip points closer than a pixel to the last one kept.
                    if points.last().is_none_or(|q| (p - *q).length_sq() > 1.0) {
                        points.push(p);
                    }
                }
                if points.len() > 2 {
                    painter.add(PathShape::closed_line(points, stroke));
                }
            }
        }
        if projector.zoom() >= shared::VALUE_LABEL_MIN_ZOOM {
            let font = FontId::proportional(shared::VALUE_LABEL_SIZE);
            for (hasc, text) in self.labels {
                let Some(unit) = o.basemap.oblast(hasc) else {
                    continue;
                };
                let p = screen(projector, unit.label.x(), unit.label.y())
                    + egui::vec2(0.0, shared::VALUE_LABEL_OFFSET_Y);
                let galley =
                    painter.layout_no_wrap(text.clone(), font.clone(), color(OBLAST_VALUE_TEXT));
                let pad = shared::VALUE_LABEL_PADDING;
                let rect = Align2::CENTER_CENTER
                    .anchor_size(p, galley.size())
                    .expand(pad);
                painter.rect_filled(rect, shared::VALUE_LABEL_CORNER, color(OBLAST_VALUE_BOX));
                painter.galley(rect.min + egui::vec2(pad, pad), galley, Color32::BLACK);
            }
        }
        if let Some(pointer) = o.pointer
            && response.hovered()
        {
            let pos = projector.unproject(pointer.to_vec2());
            if let Some(unit) = o.basemap.oblast_at(pos.x(), pos.y()) {
                o.report(HitTarget::Oblast(unit.hasc.clone()), 0, 0.0);
            }
        }
    }
}
