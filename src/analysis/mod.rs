//! Analysis on the dataset and the basemap geometry (no egui).

pub mod choropleth;
pub mod route_facts;
