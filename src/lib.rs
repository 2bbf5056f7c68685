//! Route & Seizure Explorer: library part (model, loading, analysis, export).
//! Only `app` knows about egui.

pub mod analysis;
pub mod app;
pub mod basemap;
pub mod cartography;
pub mod charts;
pub mod cli;
pub mod export;
pub mod import;
pub mod map_image;
pub mod model;
pub mod style;
pub mod view;
