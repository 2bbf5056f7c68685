//! `style::Rgba` → egui colours.

use egui::Color32;

use crate::style::Rgba;

pub fn color(c: Rgba) -> Color32 {
    Color32::from_rgba_unmultiplied(c.r, c.g, c.b, c.a)
}
