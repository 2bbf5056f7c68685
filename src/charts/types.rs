//! What a chart is: ids, options, and the drawable [`ChartData`] that the
//! window and the exporters both draw.

use serde::{Deserialize, Serialize};

use crate::style::Rgba;

/// The charts, with stable ids used by the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum ChartId {
    #[default]
    NationalSeizures,
    OblastComparison,
    OblastSmallMultiples,
    OblastRanking,
    OblastSlope,
    HeroinOpiumTotals,
    CustomsVsAll,
    InterdictionRate,
}

impl ChartId {
    pub const ALL: [ChartId; 8] = [
        ChartId::NationalSeizures,
        ChartId::OblastComparison,
        ChartId::OblastSmallMultiples,
        ChartId::OblastRanking,
        ChartId::OblastSlope,
        ChartId::HeroinOpiumTotals,
        ChartId::CustomsVsAll,
        ChartId::InterdictionRate,
    ];

    pub fn id(self) -> &'static str {
        match self {
            ChartId::NationalSeizures => "national-seizures",
            ChartId::OblastComparison => "oblast-comparison",
            ChartId::OblastSmallMultiples => "oblast-small-multiples",
            ChartId::OblastRanking => "oblast-ranking",
            ChartId::OblastSlope => "oblast-slope",
            ChartId::HeroinOpiumTotals => "heroin-opium-totals",
            ChartId::CustomsVsAll => "customs-vs-all",
            ChartId::InterdictionRate => "interdiction-rate",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            ChartId::NationalSeizures => "Opiate seizures in Kazakhstan, 1996-2006",
            ChartId::OblastComparison => "Seizures by oblast",
            ChartId::OblastSmallMultiples => {
                "Seizures by oblast, one panel each, national series behind"
            }
            ChartId::OblastRanking => "Oblasts ranked by seizures in one year",
            ChartId::OblastSlope => "Change in seizures by oblast between two years",
            ChartId::HeroinOpiumTotals => "Heroin and opium seizures in Kazakhstan, 2009-2011",
            ChartId::CustomsVsAll => "Seizures by customs vs. all agencies, Kazakhstan 2010",
            ChartId::InterdictionRate => "Heroin interdiction rate: seizures / estimated flow",
        }
    }

    pub fn parse(s: &str) -> Option<ChartId> {
        ChartId::ALL.into_iter().find(|c| c.id() == s)
    }

    /// Whether "index to a base year" makes sense (year axis, amounts).
    pub fn supports_index(self) -> bool {
        matches!(self, ChartId::NationalSeizures | ChartId::HeroinOpiumTotals)
            || self.is_oblast_view()
    }

    /// The views of the oblast data (they share the oblast choice and drug).
    pub fn is_oblast_view(self) -> bool {
        matches!(
            self,
            ChartId::OblastComparison
                | ChartId::OblastSmallMultiples
                | ChartId::OblastRanking
                | ChartId::OblastSlope
        )
    }

    /// Charts whose horizontal axis is time (they show the timeline year).
    pub fn is_time_chart(self) -> bool {
        !matches!(self, ChartId::CustomsVsAll | ChartId::OblastRanking)
    }

    /// Charts drawn for a chosen year (`--year`) and a year to compare with
    /// (`--from-year`).
    pub fn uses_years(self) -> bool {
        matches!(self, ChartId::OblastRanking | ChartId::OblastSlope)
    }

    /// Whether the printed reading can be shown (the data keeps one).
    pub fn has_printed_option(self) -> bool {
        self == ChartId::NationalSeizures || self.is_oblast_view()
    }
}

/// Drug choice for the oblast views.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum ChartDrug {
    #[default]
    Heroin,
    Opium,
    /// Heroin and opium, each as its own series (the sources never sum them per oblast).
    Opiates,
}

impl ChartDrug {
    pub const ALL: [ChartDrug; 3] = [ChartDrug::Heroin, ChartDrug::Opium, ChartDrug::Opiates];

    pub fn key(self) -> &'static str {
        match self {
            ChartDrug::Heroin => "heroin",
            ChartDrug::Opium => "opium",
            ChartDrug::Opiates => "opiates",
        }
    }

    pub fn parse(s: &str) -> Option<ChartDrug> {
        ChartDrug::ALL
            .into_iter()
            .find(|d| d.key().eq_ignore_ascii_case(s))
    }

    /// The drug in a title: "Heroin", "Opium", "Heroin and opium".
    pub fn title_word(self) -> &'static str {
        match self {
            ChartDrug::Heroin => "Heroin",
            ChartDrug::Opium => "Opium",
            ChartDrug::Opiates => "Heroin and opium",
        }
    }

    /// The drugs whose oblast series are drawn.
    pub fn drugs(self) -> &'static [&'static str] {
        match self {
            ChartDrug::Heroin => &["heroin"],
            ChartDrug::Opium => &["opium"],
            ChartDrug::Opiates => &["heroin", "opium"],
        }
    }
}

/// Everything the user can change about a chart.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ChartOptions {
    pub drug: ChartDrug,
    /// Region keys (HASC) for the oblast views, in legend order.
    pub oblasts: Vec<String>,
    pub log_scale: bool,
    /// Show every series as a percentage of its value in this year.
    pub index_base_year: Option<i32>,
    pub value_labels: bool,
    /// Also draw the reading as printed in the source, where the data keeps one.
    pub show_printed: bool,
    /// Ranking and slope: the year shown (default: the latest with amounts).
    pub year: Option<i32>,
    /// Ranking and slope: the year compared with (ranking default: the
    /// latest earlier year with amounts; slope default: the earliest).
    pub from_year: Option<i32>,
    /// Imported series (merged dataset ids) drawn next to the curated ones,
    /// with their legend text (which ends in "imported · FILE"): national
    /// and oblast-comparison charts.
    pub imported_series: Vec<(String, String)>,
}

impl Default for ChartOptions {
    fn default() -> Self {
        ChartOptions {
            drug: ChartDrug::Heroin,
            oblasts: Vec::new(),
            log_scale: false,
            index_base_year: None,
            value_labels: false,
            show_printed: true,
            year: None,
            from_year: None,
            imported_series: Vec::new(),
        }
    }
}

/// The symbol on a line's points (heroin and opium of one oblast share a
/// colour and differ by symbol).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Marker {
    #[default]
    Circle,
    Square,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SeriesKind {
    Line,
    /// Grouped bars: each bar series gets its own slot around the x value.
    Bars,
    /// An uncertainty range (`Point::range`), filled.
    Band,
    /// Isolated markers (stated bounds; a comparison year on a ranking).
    Markers,
}

/// One plotted value.
#[derive(Debug, Clone, PartialEq)]
pub struct Point {
    pub x: f64,
    /// Value as plotted (after indexing). `None` is a gap: no figure.
    pub y: Option<f64>,
    /// For bands: low and high (as plotted).
    pub range: Option<(f64, f64)>,
    /// The value as in the dataset (before indexing), with its unit.
    pub value: Option<f64>,
    /// Text for value labels.
    pub label: String,
    pub figure_ids: Vec<String>,
    /// Hover text: exact value, unit, source (and formula if derived).
    pub tooltip: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SeriesData {
    /// What the series is ("South Kazakhstan (heroin)"): tooltips, CSV.
    pub name: String,
    /// The legend entry; series with the same one share it (the oblast line
    /// of every small-multiples panel is one entry).
    pub legend_name: String,
    /// Dataset series ids the values come from.
    pub series_ids: Vec<String>,
    pub color: Rgba,
    pub kind: SeriesKind,
    pub dashed: bool,
    pub marker: Marker,
    pub points: Vec<Point>,
    /// Panel of a small-multiples chart (0 otherwise).
    pub panel: usize,
    /// Whether the legend lists it (a series repeated in every panel is
    /// listed once).
    pub in_legend: bool,
}

/// Text placed on the chart (partial-year notes, gaps, stated bounds, the
/// change beside a ranking bar).
#[derive(Debug, Clone, PartialEq)]
pub struct Annotation {
    pub x: f64,
    /// Data y (as plotted) to put the text above; `None` puts it at the bottom
    /// (on a ranking: at the start of the row).
    pub y: Option<f64>,
    pub text: String,
    pub color: Rgba,
    pub tooltip: String,
    pub figure_ids: Vec<String>,
    pub panel: usize,
}

/// A change the source states without an amount (e.g. "−94 %", base not
/// stated). It has no place on the value axis, so it is drawn in a strip of
/// its own under the plot, at its year.
#[derive(Debug, Clone, PartialEq)]
pub struct StatedChange {
    pub panel: usize,
    /// The series (oblast and drug) it belongs to; its colour and legend name.
    pub series: usize,
    pub x: f64,
    /// The change in percent, as stated (sign gives the marker's direction).
    pub change_percent: f64,
    /// Short text for the strip: "−94 %", "over +5,000 %".
    pub text: String,
    /// The full reading: "−94 % (base year not stated)".
    pub note: String,
    pub tooltip: String,
    pub figure_ids: Vec<String>,
}

/// A year a panel has no value for, where other oblasts do: shaded and
/// labelled "no data", never drawn as zero.
#[derive(Debug, Clone, PartialEq)]
pub struct NoData {
    pub panel: usize,
    pub x: f64,
    pub tooltip: String,
}

#[derive(Debug, Clone, PartialEq)]
pub enum XAxis {
    Years,
    /// Category names; x values are their indices.
    Categories(Vec<String>),
}

/// A chart ready to draw, by the window or headless.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartData {
    pub id: ChartId,
    pub title: String,
    pub subtitle: String,
    pub x_label: String,
    pub y_label: String,
    pub x_axis: XAxis,
    /// Visible x range (data units).
    pub x_range: (f64, f64),
    /// Visible y range in plot units (log10 of the value on a log scale).
    pub y_range: (f64, f64),
    /// Tick positions in plot units, with their labels.
    pub x_ticks: Vec<(f64, String)>,
    pub y_ticks: Vec<(f64, String)>,
    pub log_scale: bool,
    pub value_labels: bool,
    pub series: Vec<SeriesData>,
    pub annotations: Vec<Annotation>,
    pub stated_changes: Vec<StatedChange>,
    pub no_data: Vec<NoData>,
    /// Small multiples: one title per panel (empty: a single plot).
    pub panels: Vec<String>,
    /// Categories run down the vertical axis and values along the
    /// horizontal one (a ranking). "x" still means the category axis.
    pub horizontal: bool,
    /// "Source: …" line for images.
    pub source_line: String,
    /// Source ids the plotted values come from.
    pub source_ids: Vec<String>,
    /// Shown instead of a chart when there is nothing to draw.
    pub empty_message: Option<String>,
}

/// Above this many lines in one plot, points are not marked: hundreds of
/// symbols bury the lines (and cost a frame its budget); the chart says so.
pub const LINE_MARKER_LIMIT: usize = 24;

impl ChartData {
    /// Whether the lines of `panel` mark their points (see [`LINE_MARKER_LIMIT`]).
    pub fn marks_points(&self, panel: usize) -> bool {
        self.series
            .iter()
            .filter(|s| s.panel == panel && s.kind == SeriesKind::Line)
            .count()
            <= LINE_MARKER_LIMIT
    }

    /// Value → plot y (log10 on a log scale).
    pub fn plot_y(&self, v: f64) -> f64 {
        if self.log_scale {
            v.max(f64::MIN_POSITIVE).log10()
        } else {
            v
        }
    }

    /// Plot y → value.
    pub fn value_y(&self, p: f64) -> f64 {
        if self.log_scale { 10f64.powf(p) } else { p }
    }

    /// Where bars start: zero, or the bottom of a log axis.
    pub fn bar_base(&self) -> f64 {
        let y0 = self.y_range.0;
        if self.log_scale { y0 } else { 0f64.max(y0) }
    }

    /// Number of panels (at least one).
    pub fn panel_count(&self) -> usize {
        self.panels.len().max(1)
    }

    /// Offset from the x value and width (data units) of a bar series' slot.
    pub fn bar_slot(&self, series_index: usize) -> (f64, f64) {
        let panel = self.series.get(series_index).map_or(0, |s| s.panel);
        let bars: Vec<usize> = self
            .series
            .iter()
            .enumerate()
            .filter(|(_, s)| s.kind == SeriesKind::Bars && s.panel == panel)
            .map(|(i, _)| i)
            .collect();
        let n = bars.len().max(1) as f64;
        let slot = bars.iter().position(|&i| i == series_index).unwrap_or(0) as f64;
        let width = 0.8 / n;
        (-0.4 + width * (slot + 0.5), width * 0.9)
    }

    /// Where a series' point sits on the x axis (bars are offset into slots).
    pub fn point_x(&self, series_index: usize, x: f64) -> f64 {
        match self.series.get(series_index).map(|s| s.kind) {
            Some(SeriesKind::Bars) => x + self.bar_slot(series_index).0,
            _ => x,
        }
    }

    /// Series shown in the legend: one entry per legend name.
    pub fn legend(&self) -> Vec<usize> {
        let mut seen: Vec<&str> = Vec::new();
        let mut out = Vec::new();
        for (i, s) in self.series.iter().enumerate() {
            if s.in_legend && !seen.contains(&s.legend_name.as_str()) {
                seen.push(&s.legend_name);
                out.push(i);
            }
        }
        out
    }

    /// Every series id used, in order, without repeats.
    pub fn series_ids(&self) -> Vec<String> {
        let mut ids: Vec<String> = Vec::new();
        for s in &self.series {
            for id in &s.series_ids {
                if !ids.contains(id) {
                    ids.push(id.clone());
                }
            }
        }
        ids
    }

    /// The years on the horizontal axis, for a time chart.
    pub fn years(&self) -> Vec<i32> {
        if self.x_axis != XAxis::Years {
            return vec![];
        }
        let mut years: Vec<i32> = self
            .series
            .iter()
            .flat_map(|s| s.points.iter().map(|p| p.x.round() as i32))
            .collect();
        years.sort_unstable();
        years.dedup();
        years
    }

    pub fn x_tick_label(&self, x: f64) -> String {
        self.x_ticks
            .iter()
            .find(|(t, _)| (t - x).abs() < 1e-6)
            .map(|(_, l)| l.clone())
            .unwrap_or_default()
    }

    pub fn y_tick_label(&self, y: f64) -> String {
        let eps = (self.y_range.1 - self.y_range.0).abs() * 1e-6;
        self.y_ticks
            .iter()
            .find(|(t, _)| (t - y).abs() <= eps)
            .map(|(_, l)| l.clone())
            .unwrap_or_default()
    }
}
