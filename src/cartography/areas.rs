//! Country names and the oblast layer's value labels.

/// Country-name size (points) at a map zoom, or `None` when zoomed in so far
/// (city level) that the country is obvious and its name only gets in the way.
pub fn country_label_size(zoom: f64) -> Option<f32> {
    if zoom > 9.0 {
        return None;
    }
    Some((9.0 + zoom as f32 * 1.6).clamp(11.0, 20.0))
}

/// Natural Earth units without an ISO code are disputed or minor areas: no label.
pub fn country_is_labelled(iso_a2: &str) -> bool {
    iso_a2 != "-99"
}

/// Oblast value labels ("151.1 kg") appear from this zoom on.
pub const VALUE_LABEL_MIN_ZOOM: f64 = 4.5;
/// Their size (points), and how far below the oblast's label point they sit.
pub const VALUE_LABEL_SIZE: f32 = 11.5;
pub const VALUE_LABEL_OFFSET_Y: f32 = 14.0;
/// Padding of the box behind a value label, and its corner radius.
pub const VALUE_LABEL_PADDING: f32 = 2.0;
pub const VALUE_LABEL_CORNER: f32 = 3.0;
