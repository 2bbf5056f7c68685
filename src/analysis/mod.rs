//! Analysis on the dataset and the basemap geometry (no egui).

pub mod choropleth;
pub mod corridor;
pub mod graph;
pub mod route_facts;
