//! Charts without egui: which charts exist, how their series are built from
//! the `Dataset`, and headless rendering to PNG/SVG with provenance.
//!
//! The window (`app::panels::charts`) and the exporters both draw from the
//! same [`ChartData`], so the screen and the exported file show the same
//! series, labels, tooltips and annotations.
//!
//! One module per chart (`national`, `oblast_comparison`, `small_multiples`,
//! `ranking`, `slope`, `totals`, `customs`, `interdiction`); shared parts in
//! `types` (what a chart is), `build` (indexing, sources, subtitle),
//! `oblast` (the oblast data the four oblast views share), `axes`, `format`
//! and `regions`.

mod axes;
mod build;
mod customs;
pub mod data_csv;
mod format;
mod interdiction;
mod national;
mod oblast;
mod oblast_comparison;
pub mod provenance;
mod ranking;
mod regions;
pub mod render;
mod slope;
mod small_multiples;
mod totals;
mod types;

pub use build::build_chart;
pub use format::{figure_tooltip, fmt_change, fmt_num, fmt_round, fmt_value, short_citation};
pub use interdiction::{INTERDICTION_FLOW, INTERDICTION_SEIZURES, interdiction_ranges};
pub use national::NATIONAL_SERIES;
pub use ranking::ranking_years;
pub use regions::{
    LargestOblasts, OBLAST_OPENING_LIMIT, largest_oblasts, oblast_choices, oblasts_with_amounts,
    oblasts_with_figures, resolve_oblast,
};
pub use slope::slope_years;
pub use small_multiples::national_series_for;
pub use types::{
    Annotation, ChartData, ChartDrug, ChartId, ChartOptions, LINE_MARKER_LIMIT, Marker, NoData,
    Point, SeriesData, SeriesKind, StatedChange, XAxis,
};

/// Years with an oblast amount for the drug (any oblast): the choices for
/// `--year` and `--from-year`.
pub fn oblast_amount_years(ds: &crate::model::Dataset, drug: ChartDrug) -> Vec<i32> {
    oblast::amount_years(ds, drug)
}
