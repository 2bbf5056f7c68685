//! Map drawing rules shared by the window (egui) and exported map images
//! (SVG/PNG): where routes on a shared leg go, which symbol a place gets,
//! which label wins the space. Plain geometry in screen points or image
//! pixels, no egui, so both renderers follow the same rules.

pub mod areas;
pub mod flows;
pub mod geom;
pub mod labels;
pub mod places;
pub mod routes;

pub use geom::{Box2, Pt};

/// Credit for the offline map data, drawn on every map (window and images).
pub const ATTRIBUTION: &str = "Basemap: Natural Earth · Places: GeoNames (CC BY 4.0)";
