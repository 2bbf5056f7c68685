//! One module per panel. Each `show` reads `AppState` and pushes `Command`s.

pub mod central;
pub mod charts;
pub mod chokepoints;
pub mod details;
pub mod file_menu;
pub mod imported;
pub mod map_export;
pub mod notices;
pub mod problems;
pub mod routes;
pub mod views;
