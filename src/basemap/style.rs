//! Colours and line widths of the basemap (the only place they are defined).

/// Straight (not premultiplied) RGBA colour.
pub type Rgba = [u8; 4];

/// Basemap look. All colours are straight sRGB RGBA.
#[derive(Debug, Clone, PartialEq)]
pub struct BasemapStyle {
    /// Seas (incl. the Caspian) and tile background.
    pub water: Rgba,
    /// Land fill.
    pub land: Rgba,
    /// Land fill of Kazakhstan (set equal to `land` for no emphasis).
    pub kazakhstan_land: Rgba,
    /// Lake fill.
    pub lake: Rgba,
    /// Thin lake shore line (from zoom 6).
    pub shoreline: Rgba,
    /// Rivers.
    pub river: Rgba,
    /// International borders.
    pub country_border: Rgba,
    /// Borders between Kazakh oblasts (dashed).
    pub oblast_border: Rgba,
    /// Multiplies every line width (1.0 = defaults; use e.g. 2.0 for 512-px tiles on HiDPI).
    pub line_scale: f32,
    /// Choropleth: fill of each Kazakh unit (HASC code), drawn over the land.
    /// Empty = no choropleth. Alpha < 255 lets the land texture show through.
    pub oblast_fills: Vec<(String, Rgba)>,
}

impl Default for BasemapStyle {
    fn default() -> Self {
        Self {
            water: [170, 200, 222, 255],
            land: [238, 235, 226, 255],
            kazakhstan_land: [246, 243, 233, 255],
            lake: [170, 200, 222, 255],
            shoreline: [130, 165, 195, 255],
            river: [140, 178, 210, 255],
            country_border: [120, 100, 120, 255],
            oblast_border: [150, 140, 150, 255],
            line_scale: 1.0,
            oblast_fills: Vec::new(),
        }
    }
}

impl BasemapStyle {
    /// International border width in pixels at `zoom` (256-px tiles).
    pub fn country_border_width(&self, zoom: u8) -> f32 {
        (0.55 + 0.17 * zoom as f32).clamp(0.8, 2.6) * self.line_scale
    }

    /// Oblast border width in pixels at `zoom`.
    pub fn oblast_border_width(&self, zoom: u8) -> f32 {
        (0.25 + 0.1 * zoom as f32).clamp(0.5, 1.5) * self.line_scale
    }

    /// River width in pixels at `zoom` for a Natural Earth stroke weight (0.1 ..= 1).
    pub fn river_width(&self, zoom: u8, weight: f32) -> f32 {
        ((0.3 + 0.12 * zoom as f32) * (0.6 + weight)).clamp(0.5, 2.5) * self.line_scale
    }
}
