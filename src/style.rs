//! Colours and strokes: the one source shared by the screen and exported images.
//! No egui here; the app converts with `app::style_egui`.

/// An sRGB colour with straight (unmultiplied) alpha.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgba {
    pub r: u8,
    pub g: u8,
    pub b: u8,
    pub a: u8,
}

impl Rgba {
    pub const fn rgb(r: u8, g: u8, b: u8) -> Self {
        Rgba { r, g, b, a: 255 }
    }

    pub const fn with_alpha(self, a: u8) -> Self {
        Rgba { a, ..self }
    }

    /// `#rrggbb` for SVG and CSS.
    pub fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.r, self.g, self.b)
    }
}

/// Route colour by origin country (ISO alpha-2). Chosen from a colour-blind
/// safe qualitative palette (Okabe–Ito) so origins stay apart on the map and in charts.
pub fn origin_color(country: &str) -> Rgba {
    match country {
        "KG" => Rgba::rgb(0xD5, 0x5E, 0x00), // vermilion
        "TJ" => Rgba::rgb(0x00, 0x72, 0xB2), // blue
        "UZ" => Rgba::rgb(0x00, 0x9E, 0x73), // bluish green
        "TM" => Rgba::rgb(0xCC, 0x79, 0xA7), // reddish purple
        "AF" => Rgba::rgb(0xE6, 0x9F, 0x00), // orange
        _ => Rgba::rgb(0x55, 0x55, 0x55),
    }
}

/// Palette for chart series, in order of appearance (Okabe–Ito, then Tableau extras).
pub const SERIES_PALETTE: [Rgba; 10] = [
    Rgba::rgb(0x00, 0x72, 0xB2),
    Rgba::rgb(0xD5, 0x5E, 0x00),
    Rgba::rgb(0x00, 0x9E, 0x73),
    Rgba::rgb(0xCC, 0x79, 0xA7),
    Rgba::rgb(0xE6, 0x9F, 0x00),
    Rgba::rgb(0x56, 0xB4, 0xE9),
    Rgba::rgb(0xF0, 0xE4, 0x42),
    Rgba::rgb(0x8C, 0x56, 0x4B),
    Rgba::rgb(0x7F, 0x7F, 0x7F),
    Rgba::rgb(0x17, 0xBE, 0xCF),
];

pub fn series_color(index: usize) -> Rgba {
    SERIES_PALETTE[index % SERIES_PALETTE.len()]
}

/// Colour of the "printed reading" (evidence) series: muted grey.
pub const PRINTED_READING: Rgba = Rgba::rgb(0x99, 0x99, 0x99);
/// Uncertainty bands are drawn in the series colour at this alpha.
pub const BAND_ALPHA: u8 = 60;

/// Route line width in points on screen; rail legs are drawn dashed.
pub const ROUTE_WIDTH: f32 = 2.5;
pub const ROUTE_WIDTH_SELECTED: f32 = 5.0;
pub const SELECTION: Rgba = Rgba::rgb(0xFF, 0xD7, 0x00);

/// Sequential choropleth ramp (light → dark), and the "no data" fill.
pub const CHOROPLETH_RAMP: [Rgba; 5] = [
    Rgba::rgb(0xFE, 0xE5, 0xD9),
    Rgba::rgb(0xFC, 0xAE, 0x91),
    Rgba::rgb(0xFB, 0x6A, 0x4A),
    Rgba::rgb(0xDE, 0x2D, 0x26),
    Rgba::rgb(0xA5, 0x0F, 0x15),
];
pub const NO_DATA: Rgba = Rgba::rgb(0xBD, 0xBD, 0xBD);
/// Opacity of a choropleth fill over the land (the land shows through a little),
/// and of the "no data" fill (lighter, so it reads as absence, not as an amount).
pub const CHOROPLETH_FILL_ALPHA: u8 = 190;
pub const NO_DATA_FILL_ALPHA: u8 = 110;
/// Outline of the oblasts chosen for the comparison chart (map ↔ chart link).
pub const COMPARISON_OUTLINE: Rgba = Rgba::rgb(0x1F, 0x3A, 0x93);
pub const COMPARISON_OUTLINE_WIDTH: f32 = 2.5;

/// The national series drawn behind each oblast panel, for scale.
pub const NATIONAL_CONTEXT: Rgba = Rgba::rgb(0xB0, 0xB0, 0xB0);
/// Shading of a year a chart has no data for (never drawn as zero).
pub const NO_DATA_SHADE: Rgba = Rgba::rgb(0xBD, 0xBD, 0xBD).with_alpha(60);
/// The compared year's marker on a ranking.
pub const COMPARED_YEAR: Rgba = Rgba::rgb(0x33, 0x33, 0x33);
/// The timeline year drawn on time charts.
pub const YEAR_MARKER: Rgba = Rgba::rgb(0xC0, 0x39, 0x2B);

// ---------------------------------------------------------------------------------------------
// Map: route strokes, place symbols, labels and map furniture. The window and exported map
// images (`map_image`) both draw from these; basemap colours are in `basemap::BasemapStyle`.
// ---------------------------------------------------------------------------------------------

/// Routes sharing a leg are drawn side by side, this far apart (points).
pub const ROUTE_BUNDLE_SPACING: f32 = 4.0;
/// The label on a crowded leg ("143 routes"): text size (points) and the
/// shortest leg (points on screen) that carries one.
pub const ROUTE_COUNT_LABEL_SIZE: f32 = 11.0;
pub const ROUTE_COUNT_LABEL_MIN_LEG: f32 = 70.0;
/// Another passage's version of a route: thinner, and drawn at this opacity.
pub const ROUTE_VARIANT_OPACITY: f32 = 0.75;
pub const ROUTE_VARIANT_WIDTH_FACTOR: f32 = 0.6;
/// Rail legs: dash and gap (points).
pub const RAIL_DASH: [f32; 2] = [9.0, 5.0];
/// "Likely" routes are dotted: one dot every this many points, radius = width × factor.
pub const LIKELY_DOT_SPACING: f32 = 6.0;
pub const LIKELY_DOT_RADIUS_FACTOR: f32 = 0.6;
/// The selected route sits on a band of `SELECTION` this wide.
pub const ROUTE_SELECTION_WIDTH: f32 = ROUTE_WIDTH_SELECTED + 2.0;

/// Ink of place labels and symbol outlines.
pub const MAP_INK: Rgba = Rgba::rgb(40, 40, 48);
/// Halo behind place labels, so they stay readable over routes and fills.
pub const LABEL_HALO: Rgba = Rgba::rgb(255, 255, 255).with_alpha(220);
pub const WHITE: Rgba = Rgba::rgb(255, 255, 255);
/// Outline of place symbols.
pub const SYMBOL_OUTLINE_WIDTH: f32 = 1.2;
pub const SYMBOL_ENTRY_POINT: Rgba = Rgba::rgb(0x1b, 0x9e, 0x77);
pub const SYMBOL_EXIT_POINT: Rgba = Rgba::rgb(0xd9, 0x5f, 0x02);
pub const SYMBOL_HUB: Rgba = Rgba::rgb(0x75, 0x70, 0xb3);
pub const SYMBOL_CONVERGENCE: Rgba = Rgba::rgb(0xe7, 0x29, 0x8a);
pub const SYMBOL_SEAPORT: Rgba = Rgba::rgb(0x1f, 0x78, 0xb4);
pub const SYMBOL_MARKET: Rgba = Rgba::rgb(0xa6, 0x76, 0x1d);
pub const SYMBOL_REFERENCE: Rgba = Rgba::rgb(110, 110, 110);

/// Country names on the map (upper case, translucent).
pub const COUNTRY_LABEL: Rgba = Rgba::rgb(90, 70, 90).with_alpha(170);
/// Oblast value labels ("151.1 kg") and the box behind them.
pub const OBLAST_VALUE_TEXT: Rgba = Rgba::rgb(90, 10, 10);
pub const OBLAST_VALUE_BOX: Rgba = Rgba::rgb(255, 255, 255).with_alpha(200);

/// Legend, scale bar and attribution: text, box fill and box border.
pub const FURNITURE_INK: Rgba = Rgba::rgb(30, 30, 30);
pub const FURNITURE_BOX: Rgba = Rgba::rgb(255, 255, 255).with_alpha(225);
pub const FURNITURE_BORDER: Rgba = Rgba::rgb(160, 160, 160);
/// Neutral line samples in the legend (rail, variant, likely).
pub const LEGEND_SAMPLE_DARK: Rgba = Rgba::rgb(96, 96, 96);
pub const LEGEND_SAMPLE_LIGHT: Rgba = Rgba::rgb(160, 160, 160);
/// Oblast names (map images only: on screen the tooltip names the oblast).
pub const OBLAST_NAME_LABEL: Rgba = Rgba::rgb(110, 96, 110).with_alpha(210);
/// Page background of map images, and the frame around the map.
pub const PAGE_BACKGROUND: Rgba = Rgba::rgb(255, 255, 255);
pub const MAP_FRAME: Rgba = Rgba::rgb(120, 120, 120);
/// Routes passing the selected place, leg or oblast: a halo under the line
/// (lighter than `SELECTION`, which marks the selected route or leg itself).
pub const HIGHLIGHT: Rgba = Rgba::rgb(0xFF, 0xE0, 0x66);
/// Width of that halo, points.
pub const HIGHLIGHT_WIDTH: f32 = 7.5;
/// Routes not passing the selection are drawn at this share of their colour.
pub const DIMMED: f32 = 0.35;

/// The sources' other trafficking channels ("flows"): one colour apart from
/// the origin palette, drawn thinner than routes; "likely" flows dashed.
pub const FLOW: Rgba = Rgba::rgb(0x76, 0x2A, 0x83);
pub const FLOW_WIDTH: f32 = 1.8;
/// Dash and gap of a "likely" flow, points.
pub const FLOW_DASH: (f32, f32) = (7.0, 5.0);
