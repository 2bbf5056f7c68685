//! Charts without egui: which charts exist, how their series are built from
//! the `Dataset`, and headless rendering to PNG/SVG with provenance.
//!
//! The window (`app::panels::charts`) and the exporters both draw from the
//! same [`ChartData`], so the screen and the exported file show the same
//! series, labels, tooltips and annotations.

pub mod data_csv;
pub mod provenance;
pub mod render;

use serde::{Deserialize, Serialize};

use crate::model::{Basis, Dataset, Figure, Qualifier, Reading, RegionKind, Unit};
use crate::style::{self, Rgba};

/// The charts, with stable ids used by the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum ChartId {
    #[default]
    NationalSeizures,
    OblastComparison,
    HeroinOpiumTotals,
    CustomsVsAll,
    InterdictionRate,
}

impl ChartId {
    pub const ALL: [ChartId; 5] = [
        ChartId::NationalSeizures,
        ChartId::OblastComparison,
        ChartId::HeroinOpiumTotals,
        ChartId::CustomsVsAll,
        ChartId::InterdictionRate,
    ];

    pub fn id(self) -> &'static str {
        match self {
            ChartId::NationalSeizures => "national-seizures",
            ChartId::OblastComparison => "oblast-comparison",
            ChartId::HeroinOpiumTotals => "heroin-opium-totals",
            ChartId::CustomsVsAll => "customs-vs-all",
            ChartId::InterdictionRate => "interdiction-rate",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            ChartId::NationalSeizures => "Opiate seizures in Kazakhstan, 1996-2006",
            ChartId::OblastComparison => "Seizures by oblast",
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
        matches!(
            self,
            ChartId::NationalSeizures | ChartId::OblastComparison | ChartId::HeroinOpiumTotals
        )
    }
}

/// Drug choice for the oblast comparison.
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

    fn drugs(self) -> &'static [&'static str] {
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
    /// Region keys (HASC) for the oblast comparison, in legend order.
    pub oblasts: Vec<String>,
    pub log_scale: bool,
    /// Show every series as a percentage of its value in this year.
    pub index_base_year: Option<i32>,
    pub value_labels: bool,
    /// National chart: also draw the reading as printed in the article.
    pub show_printed: bool,
    /// Imported series (merged dataset ids) drawn next to the curated ones,
    /// with their legend text (which ends in "imported · FILE").
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
            imported_series: Vec::new(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SeriesKind {
    Line,
    /// Grouped bars: each bar series gets its own slot around the x value.
    Bars,
    /// An uncertainty range (`Point::range`), filled.
    Band,
    /// Isolated markers (stated bounds).
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
    /// Legend name.
    pub name: String,
    /// Dataset series ids the values come from.
    pub series_ids: Vec<String>,
    pub color: Rgba,
    pub kind: SeriesKind,
    pub dashed: bool,
    pub points: Vec<Point>,
}

/// Text placed on the chart (stated changes, partial-year notes, gaps).
#[derive(Debug, Clone, PartialEq)]
pub struct Annotation {
    pub x: f64,
    /// Data y (as plotted) to put the text above; `None` puts it at the bottom.
    pub y: Option<f64>,
    pub text: String,
    pub color: Rgba,
    pub tooltip: String,
    pub figure_ids: Vec<String>,
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
    /// "Source: …" line for images.
    pub source_line: String,
    /// Source ids the plotted values come from.
    pub source_ids: Vec<String>,
    /// Shown instead of a chart when there is nothing to draw.
    pub empty_message: Option<String>,
}

impl ChartData {
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

    /// Offset from the x value and width (data units) of a bar series' slot.
    pub fn bar_slot(&self, series_index: usize) -> (f64, f64) {
        let bars: Vec<usize> = self
            .series
            .iter()
            .enumerate()
            .filter(|(_, s)| s.kind == SeriesKind::Bars)
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

// ---------------------------------------------------------------------------
// Number and text formatting
// ---------------------------------------------------------------------------

/// A number as the dataset holds it (shortest exact decimal), with thousands
/// separators: 1191.4 → "1,191.4", 0.42 → "0.42", 173.0 → "173". Negative
/// numbers use the minus sign "−".
pub fn fmt_num(v: f64) -> String {
    let text = format!("{}", v.abs());
    let (int, frac) = match text.split_once('.') {
        Some((i, f)) => (i.to_owned(), Some(f.to_owned())),
        None => (text.clone(), None),
    };
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let sign = if v < 0.0 { "\u{2212}" } else { "" };
    match frac {
        Some(f) => format!("{sign}{grouped}.{f}"),
        None => format!("{sign}{grouped}"),
    }
}

/// Round to `digits` decimals, then [`fmt_num`].
pub fn fmt_round(v: f64, digits: i32) -> String {
    let p = 10f64.powi(digits);
    fmt_num((v * p).round() / p)
}

/// "1,191.4 kg", "0.46 %", with the qualifier in words.
pub fn fmt_value(v: f64, unit: Unit, qualifier: Qualifier) -> String {
    let unit_text = match unit.symbol() {
        "" => String::new(),
        s => format!(" {s}"),
    };
    let signed = if v > 0.0 && unit == Unit::Percent && qualifier == Qualifier::MoreThan {
        format!("+{}", fmt_num(v))
    } else {
        fmt_num(v)
    };
    let number = format!("{signed}{unit_text}");
    match qualifier {
        Qualifier::Exact => number,
        Qualifier::Approximate => format!("about {number}"),
        Qualifier::LessThan => format!("less than {number}"),
        Qualifier::MoreThan => format!("more than {number}"),
        Qualifier::RangeLow => format!("{number} (low end of a range)"),
        Qualifier::RangeHigh => format!("{number} (high end of a range)"),
    }
}

/// A short citation for source lines: publisher, title (if the article gives
/// one) and date.
pub fn short_citation(ds: &Dataset, source_id: &str) -> String {
    match ds.source(source_id) {
        Some(s) if s.title.contains("gives no title") => format!("{}, {}", s.publisher, s.date),
        Some(s) => format!("{}, {}, {}", s.publisher, s.title, s.date),
        None => source_id.to_owned(),
    }
}

fn when(f: &Figure) -> String {
    f.when_text()
}

/// Hover text for one figure: what, when, the exact value with unit and
/// qualifier, the full source, the formula of a derived value, and whether
/// it is the printed reading.
pub fn figure_tooltip(ds: &Dataset, label: &str, f: &Figure) -> String {
    let mut lines = vec![
        format!("{label}, {}", when(f)),
        fmt_value(f.value, f.unit, f.qualifier),
        format!("Source: {}", ds.citation(&f.source)),
    ];
    if f.basis == Basis::Derived
        && let Some(formula) = &f.formula
    {
        lines.push(format!("Derived: {formula}"));
    }
    if f.reading == Reading::Printed {
        lines.push("As printed in the article; kept as evidence, not used".to_owned());
    }
    if let Some(note) = &f.note {
        lines.push(format!("Note: {note}"));
    }
    lines.push(format!("Figure id: {}", f.id));
    lines.join("\n")
}

// ---------------------------------------------------------------------------
// Regions
// ---------------------------------------------------------------------------

/// Kazakh oblasts and cities with oblast status, in dataset order.
pub fn oblast_choices(ds: &Dataset) -> Vec<(String, String)> {
    ds.regions
        .iter()
        .filter(|r| matches!(r.kind, RegionKind::Oblast | RegionKind::City) && r.country == "KZ")
        .map(|r| (r.id.clone(), r.name.clone()))
        .collect()
}

/// A region key (`KZ.YK`), name or alias (case-insensitive) → the oblast's key.
/// The error lists every valid key and name.
pub fn resolve_oblast(ds: &Dataset, text: &str) -> Result<String, String> {
    let wanted = text.trim().to_lowercase();
    for r in &ds.regions {
        if !matches!(r.kind, RegionKind::Oblast | RegionKind::City) || r.country != "KZ" {
            continue;
        }
        let hit = r.id.to_lowercase() == wanted
            || r.name.to_lowercase() == wanted
            || r.aliases.iter().any(|a| a.to_lowercase() == wanted);
        if hit {
            return Ok(r.id.clone());
        }
    }
    let valid: Vec<String> = oblast_choices(ds)
        .into_iter()
        .map(|(k, n)| format!("{k} ({n})"))
        .collect();
    Err(format!(
        "unknown oblast '{}'; valid oblasts: {}",
        text.trim(),
        valid.join(", ")
    ))
}

/// Oblasts (dataset order) with any amount or stated change for the drug.
pub fn oblasts_with_figures(ds: &Dataset, drug: ChartDrug) -> Vec<String> {
    oblast_choices(ds)
        .into_iter()
        .map(|(k, _)| k)
        .filter(|k| {
            drug.drugs().iter().any(|d| {
                ds.figures.iter().any(|f| {
                    &f.region == k
                        && f.reading == Reading::Adopted
                        && (f.series == format!("oblast-{d}-seizures")
                            || f.series == format!("oblast-{d}-seizure-change"))
                })
            })
        })
        .collect()
}

fn region_name(ds: &Dataset, key: &str) -> String {
    ds.region(key)
        .map(|r| r.name.clone())
        .unwrap_or_else(|| key.to_owned())
}

// ---------------------------------------------------------------------------
// Building charts
// ---------------------------------------------------------------------------

/// A series under construction: values by x, before indexing.
struct Raw {
    name: String,
    series_ids: Vec<String>,
    color: Rgba,
    kind: SeriesKind,
    dashed: bool,
    values: Vec<(f64, Option<RawValue>)>,
}

#[derive(Clone)]
struct RawValue {
    value: f64,
    range: Option<(f64, f64)>,
    figure_ids: Vec<String>,
    tooltip: String,
    label: String,
}

impl RawValue {
    fn from_figure(ds: &Dataset, label: &str, f: &Figure) -> RawValue {
        RawValue {
            value: f.value,
            range: None,
            figure_ids: vec![f.id.clone()],
            tooltip: figure_tooltip(ds, label, f),
            label: fmt_num(f.value),
        }
    }
}

/// Build a chart from the dataset.
pub fn build_chart(ds: &Dataset, id: ChartId, options: &ChartOptions) -> ChartData {
    let mut annotations: Vec<(usize, Annotation)> = Vec::new();
    let mut notes: Vec<String> = Vec::new();
    let (raws, x_axis, x_label, y_label, unit_note) = match id {
        ChartId::NationalSeizures => national(ds, options),
        ChartId::OblastComparison => oblasts(ds, options, &mut annotations, &mut notes),
        ChartId::HeroinOpiumTotals => totals(ds, &mut annotations),
        ChartId::CustomsVsAll => customs(ds),
        ChartId::InterdictionRate => interdiction(ds, &mut annotations),
    };

    // Indexing to a base year.
    let index = if id.supports_index() {
        options.index_base_year
    } else {
        None
    };
    let mut series: Vec<SeriesData> = Vec::new();
    for raw in raws {
        let base = index.and_then(|b| {
            raw.values
                .iter()
                .find(|(x, v)| (*x - b as f64).abs() < 1e-9 && v.is_some())
                .and_then(|(_, v)| v.as_ref().map(|v| v.value))
                .filter(|v| *v > 0.0)
        });
        if let Some(b) = index
            && base.is_none()
        {
            notes.push(format!("{}: no value in {b} to index to", raw.name));
        }
        let points = raw
            .values
            .iter()
            .map(|(x, v)| match v {
                Some(v) => {
                    let (y, label, tooltip) = match (index, base) {
                        (Some(b), Some(base)) => {
                            let idx = v.value / base * 100.0;
                            (
                                Some(idx),
                                fmt_round(idx, 1),
                                format!("{}\nIndex ({b} = 100): {}", v.tooltip, fmt_round(idx, 1)),
                            )
                        }
                        (Some(_), None) => (None, String::new(), v.tooltip.clone()),
                        _ => (Some(v.value), v.label.clone(), v.tooltip.clone()),
                    };
                    Point {
                        x: *x,
                        y,
                        range: v.range,
                        value: Some(v.value),
                        label,
                        figure_ids: v.figure_ids.clone(),
                        tooltip,
                    }
                }
                None => Point {
                    x: *x,
                    y: None,
                    range: None,
                    value: None,
                    label: String::new(),
                    figure_ids: vec![],
                    tooltip: format!("{}: no figure for {}", raw.name, *x as i64),
                },
            })
            .collect();
        series.push(SeriesData {
            name: raw.name,
            series_ids: raw.series_ids,
            color: raw.color,
            kind: raw.kind,
            dashed: raw.dashed,
            points,
        });
    }

    let y_label = match index {
        Some(b) => format!("Index ({b} = 100)"),
        None => y_label,
    };

    // Sources of everything drawn.
    let mut source_ids: Vec<String> = Vec::new();
    let mut figure_ids: Vec<&str> = Vec::new();
    for s in &series {
        for p in &s.points {
            figure_ids.extend(p.figure_ids.iter().map(String::as_str));
        }
    }
    for (_, a) in &annotations {
        figure_ids.extend(a.figure_ids.iter().map(String::as_str));
    }
    for fid in figure_ids {
        if let Some(f) = ds.figures.iter().find(|f| f.id == fid)
            && !source_ids.contains(&f.source)
        {
            source_ids.push(f.source.clone());
        }
    }
    // Imported values are cited apart: they are not quoted in the article.
    let (imported_ids, curated_ids): (Vec<&String>, Vec<&String>) = source_ids
        .iter()
        .partition(|s| crate::import::merge::is_imported(s));
    let imported_line = if imported_ids.is_empty() {
        String::new()
    } else {
        let files: Vec<String> = imported_ids
            .iter()
            .filter_map(|s| ds.source(s))
            .map(|s| s.title.clone())
            .collect();
        format!("; {}", files.join("; "))
    };
    let source_line = if source_ids.is_empty() {
        "Source: no figures plotted".to_owned()
    } else if curated_ids.is_empty() {
        format!("Source: {}", imported_line.trim_start_matches("; "))
    } else {
        let cites: Vec<String> = curated_ids.iter().map(|s| short_citation(ds, s)).collect();
        format!(
            "Source: {} (quoted in factsanddetails.com, 2016); dataset: {}{imported_line}",
            cites.join("; "),
            ds.title
        )
    };

    let mut subtitle_parts = vec![unit_note];
    if options.log_scale {
        subtitle_parts.push("log scale".to_owned());
    }
    if let Some(b) = index {
        subtitle_parts.push(format!("indexed to {b} = 100"));
    } else if options.index_base_year.is_some() {
        subtitle_parts.push("indexing does not apply to this chart".to_owned());
    }
    subtitle_parts.extend(notes);
    let subtitle = subtitle_parts
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("; ");

    let empty_message = if id == ChartId::OblastComparison && options.oblasts.is_empty() {
        Some("Choose oblasts in the list (or click them on the map).".to_owned())
    } else {
        None
    };

    let mut chart = ChartData {
        id,
        title: id.title().to_owned(),
        subtitle,
        x_label,
        y_label,
        x_axis,
        x_range: (0.0, 1.0),
        y_range: (0.0, 1.0),
        x_ticks: vec![],
        y_ticks: vec![],
        log_scale: options.log_scale,
        value_labels: options.value_labels,
        series,
        annotations: vec![],
        source_line,
        source_ids,
        empty_message,
    };
    if id == ChartId::OblastComparison {
        chart.title = format!("{} seizures by oblast", capitalise(options.drug.key()));
    }
    // Annotations: x into the series' slot.
    chart.annotations = annotations
        .into_iter()
        .map(|(si, mut a)| {
            a.x = chart.point_x(si, a.x);
            a
        })
        .collect();
    layout_axes(&mut chart);
    chart
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

type Built = (Vec<Raw>, XAxis, String, String, String);

fn year_values(
    ds: &Dataset,
    figures: &[&Figure],
    label: &str,
    years: &[i32],
) -> Vec<(f64, Option<RawValue>)> {
    years
        .iter()
        .map(|&y| {
            let v = figures
                .iter()
                .find(|f| f.year == Some(y))
                .map(|f| RawValue::from_figure(ds, label, f));
            (y as f64, v)
        })
        .collect()
}

fn year_span(figures: &[&Figure]) -> Vec<i32> {
    let years: Vec<i32> = figures.iter().filter_map(|f| f.year).collect();
    match (years.iter().min(), years.iter().max()) {
        (Some(&a), Some(&b)) => (a..=b).collect(),
        _ => vec![],
    }
}

pub const NATIONAL_SERIES: &str = "kz-opiate-seizures-annual";

fn national(ds: &Dataset, options: &ChartOptions) -> Built {
    let adopted = ds.series(NATIONAL_SERIES);
    let years = year_span(&adopted);
    let name = "Opiate seizures (cross-checked reading)";
    let mut raws = vec![Raw {
        name: name.to_owned(),
        series_ids: vec![NATIONAL_SERIES.to_owned()],
        color: style::series_color(0),
        kind: SeriesKind::Line,
        dashed: false,
        values: year_values(ds, &adopted, name, &years),
    }];
    if options.show_printed {
        let printed: Vec<&Figure> = ds
            .figures
            .iter()
            .filter(|f| f.series == NATIONAL_SERIES && f.reading == Reading::Printed)
            .collect();
        if !printed.is_empty() {
            let name = "As printed in the article (evidence only)";
            raws.push(Raw {
                name: name.to_owned(),
                series_ids: vec![NATIONAL_SERIES.to_owned()],
                color: style::PRINTED_READING,
                kind: SeriesKind::Line,
                dashed: true,
                values: year_values(ds, &printed, name, &years),
            });
        }
    }
    // Imported national series (kg), each its own line over its own years.
    let mut imported = Vec::new();
    for (id, label) in &options.imported_series {
        let values: Vec<&Figure> = ds
            .series(id)
            .into_iter()
            .filter(|f| f.region == "KZ" && f.unit == Unit::Kilogram)
            .collect();
        if !values.is_empty() {
            imported.push((id.clone(), label.clone(), values));
        }
    }
    if !imported.is_empty() {
        let mut all: Vec<i32> = years.clone();
        all.extend(
            imported
                .iter()
                .flat_map(|(_, _, v)| v.iter().filter_map(|f| f.year)),
        );
        all.sort_unstable();
        all.dedup();
        let span = match (all.first(), all.last()) {
            (Some(&a), Some(&b)) => (a..=b).collect::<Vec<i32>>(),
            _ => vec![],
        };
        for raw in &mut raws {
            let old = std::mem::take(&mut raw.values);
            raw.values = span
                .iter()
                .map(|&y| {
                    let v = old
                        .iter()
                        .find(|(x, _)| *x == y as f64)
                        .and_then(|(_, v)| v.clone());
                    (y as f64, v)
                })
                .collect();
        }
        for (id, label, values) in imported {
            let i = raws.len();
            raws.push(Raw {
                name: label.clone(),
                series_ids: vec![id],
                color: style::series_color(i + 1),
                kind: SeriesKind::Line,
                dashed: false,
                values: year_values(ds, &values, &label, &span),
            });
        }
    }
    (
        raws,
        XAxis::Years,
        "Year".to_owned(),
        "Seizures (kg)".to_owned(),
        "Heroin and opium together, all agencies, kg; the printed 1996-2006 list is read in reverse order (see DATA.md)".to_owned(),
    )
}

fn oblasts(
    ds: &Dataset,
    options: &ChartOptions,
    annotations: &mut Vec<(usize, Annotation)>,
    notes: &mut Vec<String>,
) -> Built {
    let drugs = options.drug.drugs();
    let level_series = |d: &str| format!("oblast-{d}-seizures");
    let change_series = |d: &str| format!("oblast-{d}-seizure-change");
    // Years with any level figure for the chosen drugs (all oblasts), so the axis
    // does not jump when oblasts are toggled.
    let mut years: Vec<i32> = drugs
        .iter()
        .flat_map(|d| ds.series(&level_series(d)))
        .chain(drugs.iter().flat_map(|d| ds.series(&change_series(d))))
        .filter_map(|f| f.year)
        .collect();
    // Years of the imported series too, for the same reason.
    years.extend(
        options
            .imported_series
            .iter()
            .flat_map(|(id, _)| ds.series(id))
            .filter(|f| f.unit == Unit::Kilogram && options.oblasts.contains(&f.region))
            .filter_map(|f| f.year),
    );
    years.sort_unstable();
    years.dedup();
    let mut raws = Vec::new();
    for key in &options.oblasts {
        let oblast = region_name(ds, key);
        for d in drugs {
            let idx = raws.len();
            let levels: Vec<&Figure> = ds
                .series(&level_series(d))
                .into_iter()
                .filter(|f| &f.region == key)
                .collect();
            let changes: Vec<&Figure> = ds
                .series(&change_series(d))
                .into_iter()
                .filter(|f| &f.region == key)
                .collect();
            let mut name = format!("{oblast} ({d})");
            if levels.is_empty() && changes.is_empty() {
                name.push_str(": no figure");
            } else if levels.is_empty() {
                name.push_str(": stated change only");
            }
            let color = style::series_color(idx);
            for c in &changes {
                let level = levels.iter().find(|f| f.year == c.year);
                let base = if c.note.as_deref().unwrap_or("").contains("base year") {
                    "base year not stated"
                } else {
                    "base not stated"
                };
                let sign = if c.value > 0.0 { "+" } else { "" };
                let qual = match c.qualifier {
                    Qualifier::MoreThan => "over ",
                    Qualifier::LessThan => "under ",
                    Qualifier::Approximate => "about ",
                    _ => "",
                };
                annotations.push((
                    idx,
                    Annotation {
                        x: c.year.unwrap_or_default() as f64,
                        y: if options.index_base_year.is_some() {
                            None
                        } else {
                            level.map(|f| f.value)
                        },
                        text: format!("{qual}{sign}{} % ({base})", fmt_num(c.value)),
                        color,
                        tooltip: figure_tooltip(ds, &format!("{oblast}, {d} seizure change"), c),
                        figure_ids: vec![c.id.clone()],
                    },
                ));
            }
            let label = format!("{oblast}, {d} seizures");
            raws.push(Raw {
                name,
                series_ids: vec![level_series(d), change_series(d)],
                color,
                kind: SeriesKind::Bars,
                dashed: false,
                values: year_values(ds, &levels, &label, &years),
            });
        }
        // Imported series with values for this oblast (kg only: one axis).
        for (id, series_label) in &options.imported_series {
            let levels: Vec<&Figure> = ds
                .series(id)
                .into_iter()
                .filter(|f| &f.region == key && f.unit == Unit::Kilogram)
                .collect();
            if levels.is_empty() {
                continue;
            }
            let idx = raws.len();
            let name = format!("{oblast}: {series_label}");
            raws.push(Raw {
                name: name.clone(),
                series_ids: vec![id.clone()],
                color: style::series_color(idx),
                kind: SeriesKind::Bars,
                dashed: false,
                values: year_values(ds, &levels, &name, &years),
            });
        }
    }
    if !options.oblasts.is_empty() && raws.iter().all(|r| r.values.iter().all(|v| v.1.is_none())) {
        notes.push("no seizure amounts for these oblasts".to_owned());
    }
    (
        raws,
        XAxis::Years,
        "Year".to_owned(),
        "Seizures (kg)".to_owned(),
        "kg seized; missing years are gaps; stated changes are marked with their percentage"
            .to_owned(),
    )
}

fn totals(ds: &Dataset, annotations: &mut Vec<(usize, Annotation)>) -> Built {
    let years: Vec<i32> = (2009..=2011).collect();
    let mut raws = Vec::new();
    for (i, (drug, sid)) in [
        ("Heroin", "kz-heroin-seizures-annual"),
        ("Opium", "kz-opium-seizures-annual"),
    ]
    .into_iter()
    .enumerate()
    {
        let figures = ds.series(sid);
        let label = format!("{drug} seizures, Kazakhstan");
        let mut values = year_values(ds, &figures, &label, &years);
        for (x, v) in &mut values {
            let Some(v) = v else {
                annotations.push((
                    i,
                    Annotation {
                        x: *x,
                        y: None,
                        text: "no figure".to_owned(),
                        color: style::PRINTED_READING,
                        tooltip: format!("{drug}: the sources give no figure for {}", *x as i32),
                        figure_ids: vec![],
                    },
                ));
                continue;
            };
            if v.figure_ids.iter().any(|id| id == "kz-opium-2011") {
                v.label = format!("{} (Q1-Q3 only)", v.label);
                let change = ds
                    .series("kz-opium-seizure-change")
                    .into_iter()
                    .find(|f| f.year == Some(2011));
                let mut text = "Jan-Sep 2011 only".to_owned();
                let mut tooltip = v.tooltip.clone();
                let mut ids = v.figure_ids.clone();
                if let Some(c) = change {
                    text.push_str(&format!("; {} % (base not stated)", fmt_num(c.value)));
                    tooltip = format!(
                        "{}\n\n{}",
                        tooltip,
                        figure_tooltip(ds, "Opium seizure change", c)
                    );
                    ids.push(c.id.clone());
                }
                annotations.push((
                    i,
                    Annotation {
                        x: *x,
                        y: Some(v.value),
                        text,
                        color: style::series_color(i),
                        tooltip,
                        figure_ids: ids,
                    },
                ));
            }
        }
        raws.push(Raw {
            name: if drug == "Opium" {
                "Opium (2011: Q1-Q3 only)".to_owned()
            } else {
                drug.to_owned()
            },
            series_ids: vec![sid.to_owned()],
            color: style::series_color(i),
            kind: SeriesKind::Bars,
            dashed: false,
            values,
        });
    }
    (
        raws,
        XAxis::Years,
        "Year".to_owned(),
        "Seizures (kg)".to_owned(),
        "All agencies, kg; the 2011 opium figure covers January-September only".to_owned(),
    )
}

fn customs(ds: &Dataset) -> Built {
    let cats = ["Heroin", "Opium"];
    let rows: [(&str, [&str; 2], usize); 2] = [
        (
            "Customs",
            ["kz-heroin-seizures-customs", "kz-opium-seizures-customs"],
            0,
        ),
        (
            "All agencies",
            [
                "caricc-heroin-seizures-total",
                "caricc-opium-seizures-total",
            ],
            1,
        ),
    ];
    let shares = [
        "kz-heroin-customs-share-check",
        "kz-opium-customs-share-check",
    ];
    let mut raws = Vec::new();
    for (name, sids, color) in rows {
        let values = sids
            .iter()
            .enumerate()
            .map(|(ci, sid)| {
                let f = ds
                    .series(sid)
                    .into_iter()
                    .find(|f| f.year == Some(2010) || f.year.is_none());
                let v = f.map(|f| {
                    let mut v =
                        RawValue::from_figure(ds, &format!("{} seized by {name}", cats[ci]), f);
                    if name == "Customs"
                        && let Some(share) = ds.series(shares[ci]).first()
                    {
                        v.tooltip.push_str(&format!(
                            "\nCustoms share of all seizures: {} ({})",
                            fmt_value(share.value, share.unit, share.qualifier),
                            share.formula.as_deref().unwrap_or("")
                        ));
                        v.figure_ids.push(share.id.clone());
                    }
                    v
                });
                (ci as f64, v)
            })
            .collect();
        raws.push(Raw {
            name: name.to_owned(),
            series_ids: sids.iter().map(|s| s.to_string()).collect(),
            color: style::series_color(color),
            kind: SeriesKind::Bars,
            dashed: false,
            values,
        });
    }
    (
        raws,
        XAxis::Categories(cats.iter().map(|s| s.to_string()).collect()),
        "Drug".to_owned(),
        "Seizures in 2010 (kg)".to_owned(),
        "CARICC/UNODC agency table, kg; the customs opium cell is garbled in the article (0.42 adopted)"
            .to_owned(),
    )
}

pub const INTERDICTION_SEIZURES: &str = "kz-heroin-seizures-annual";
pub const INTERDICTION_FLOW: &str = "kz-heroin-flow-estimate";

/// Seizures ÷ estimated flow for each year with both, as (year, low %, high %, tooltip, ids).
pub fn interdiction_ranges(ds: &Dataset) -> Vec<(i32, f64, f64, String, Vec<String>)> {
    let seizures = ds.series(INTERDICTION_SEIZURES);
    let flows = ds.series(INTERDICTION_FLOW);
    let mut out = Vec::new();
    for s in &seizures {
        let Some(year) = s.year else { continue };
        let low = flows
            .iter()
            .find(|f| f.year == Some(year) && f.qualifier == Qualifier::RangeLow);
        let high = flows
            .iter()
            .find(|f| f.year == Some(year) && f.qualifier == Qualifier::RangeHigh);
        let (Some(low), Some(high)) = (low, high) else {
            continue;
        };
        let to_kg = |f: &Figure| match f.unit {
            Unit::Tonne => f.value * 1000.0,
            _ => f.value,
        };
        // Most seized / smallest flow gives the high rate.
        let rate_high = s.value / to_kg(low) * 100.0;
        let rate_low = s.value / to_kg(high) * 100.0;
        let tooltip = format!(
            "Heroin interdiction rate, {year}\n{} to {} %\n\
             Formula: seizures / estimated flow x 100 = {} kg / ({} to {} t x 1,000 kg/t) x 100\n\
             Seizures: {} ({})\nEstimated flow: {} ({})",
            fmt_round(rate_low, 2),
            fmt_round(rate_high, 2),
            fmt_num(s.value),
            fmt_num(low.value),
            fmt_num(high.value),
            s.id,
            ds.citation(&s.source),
            format_args!("{}-{} t", fmt_num(low.value), fmt_num(high.value)),
            ds.citation(&low.source),
        );
        out.push((
            year,
            rate_low,
            rate_high,
            tooltip,
            vec![s.id.clone(), low.id.clone(), high.id.clone()],
        ));
    }
    out
}

fn interdiction(ds: &Dataset, annotations: &mut Vec<(usize, Annotation)>) -> Built {
    let ranges = interdiction_ranges(ds);
    let stated: Vec<&Figure> = ds
        .series("kz-heroin-interdiction-share")
        .into_iter()
        .filter(|f| f.basis == Basis::Stated)
        .collect();
    let mut years: Vec<i32> = ranges
        .iter()
        .map(|r| r.0)
        .chain(stated.iter().filter_map(|f| f.year))
        .collect();
    years.sort_unstable();
    years.dedup();
    let band_values = years
        .iter()
        .map(|&y| {
            let v = ranges.iter().find(|r| r.0 == y).map(|r| RawValue {
                value: (r.1 + r.2) / 2.0,
                range: Some((r.1, r.2)),
                figure_ids: r.4.clone(),
                tooltip: r.3.clone(),
                label: format!("{}-{} %", fmt_round(r.1, 2), fmt_round(r.2, 2)),
            });
            (y as f64, v)
        })
        .collect();
    let name = "Stated upper bound";
    let stated_values: Vec<_> = year_values(ds, &stated, name, &years);
    for (x, v) in &stated_values {
        if let Some(v) = v {
            annotations.push((
                1,
                Annotation {
                    x: *x,
                    y: Some(v.value),
                    text: format!("less than {} % (stated)", v.label),
                    color: style::series_color(1),
                    tooltip: v.tooltip.clone(),
                    figure_ids: v.figure_ids.clone(),
                },
            ));
        }
    }
    let raws = vec![
        Raw {
            name: "Seizures / estimated flow of 70-75 t (range)".to_owned(),
            series_ids: vec![
                INTERDICTION_SEIZURES.to_owned(),
                INTERDICTION_FLOW.to_owned(),
            ],
            color: style::series_color(0),
            kind: SeriesKind::Band,
            dashed: false,
            values: band_values,
        },
        Raw {
            name: "Stated: less than 1 % of the flow seized".to_owned(),
            series_ids: vec!["kz-heroin-interdiction-share".to_owned()],
            color: style::series_color(1),
            kind: SeriesKind::Markers,
            dashed: false,
            values: stated_values,
        },
    ];
    (
        raws,
        XAxis::Years,
        "Year".to_owned(),
        "Share of the estimated heroin flow seized (%)".to_owned(),
        "Heroin seized / estimated heroin flow through Kazakhstan, in percent".to_owned(),
    )
}

// ---------------------------------------------------------------------------
// Axes
// ---------------------------------------------------------------------------

fn nice_step(span: f64, target: f64) -> f64 {
    let raw = (span / target).max(f64::MIN_POSITIVE);
    let mag = 10f64.powf(raw.log10().floor());
    let norm = raw / mag;
    let nice = if norm <= 1.0 {
        1.0
    } else if norm <= 2.0 {
        2.0
    } else if norm <= 2.5 {
        2.5
    } else if norm <= 5.0 {
        5.0
    } else {
        10.0
    };
    nice * mag
}

fn decimals_for(step: f64) -> i32 {
    if step >= 1.0 {
        0
    } else {
        (-step.log10().floor()) as i32
            + if (step * 10f64.powf(-step.log10().floor())).fract() > 0.01 {
                1
            } else {
                0
            }
    }
}

fn layout_axes(chart: &mut ChartData) {
    // x
    let xs: Vec<f64> = chart
        .series
        .iter()
        .flat_map(|s| s.points.iter().map(|p| p.x))
        .collect();
    match &chart.x_axis {
        XAxis::Categories(cats) => {
            chart.x_range = (-0.6, cats.len() as f64 - 0.4);
            chart.x_ticks = cats
                .iter()
                .enumerate()
                .map(|(i, c)| (i as f64, c.clone()))
                .collect();
        }
        XAxis::Years => {
            let (lo, hi) = match (
                xs.iter().cloned().reduce(f64::min),
                xs.iter().cloned().reduce(f64::max),
            ) {
                (Some(a), Some(b)) => (a, b),
                _ => (2005.0, 2007.0),
            };
            let pad = if chart.series.iter().any(|s| s.kind != SeriesKind::Line) {
                0.6
            } else {
                0.4
            };
            let (lo, hi) = if hi - lo < 2.0 {
                (lo - 1.0, hi + 1.0)
            } else {
                (lo, hi)
            };
            chart.x_range = (lo - pad, hi + pad);
            let step = if hi - lo > 12.0 { 2 } else { 1 };
            chart.x_ticks = (lo.ceil() as i32..=hi.floor() as i32)
                .filter(|y| (y - lo.ceil() as i32) % step == 0)
                .map(|y| (y as f64, y.to_string()))
                .collect();
        }
    }
    // y: every plotted value (points, ranges, annotations with y).
    let mut ys: Vec<f64> = Vec::new();
    for s in &chart.series {
        for p in &s.points {
            ys.extend(p.y);
            if let Some((a, b)) = p.range {
                ys.push(a);
                ys.push(b);
            }
        }
    }
    ys.extend(chart.annotations.iter().filter_map(|a| a.y));
    ys.retain(|v| v.is_finite());
    if chart.log_scale {
        let pos: Vec<f64> = ys.iter().cloned().filter(|v| *v > 0.0).collect();
        let (mn, mx) = match (
            pos.iter().cloned().reduce(f64::min),
            pos.iter().cloned().reduce(f64::max),
        ) {
            (Some(a), Some(b)) => (a, b),
            _ => (1.0, 10.0),
        };
        let lo = mn.log10().floor();
        let mut hi = (mx * 1.6).log10().ceil();
        if hi <= lo {
            hi = lo + 1.0;
        }
        chart.y_range = (lo, hi);
        let decades = (hi - lo) as i32;
        let mults: &[f64] = if decades <= 3 {
            &[1.0, 2.0, 5.0]
        } else {
            &[1.0]
        };
        let mut ticks = Vec::new();
        for k in lo as i32..=hi as i32 {
            for m in mults {
                let v = m * 10f64.powi(k);
                let p = v.log10();
                if p <= hi + 1e-9 {
                    let digits = (-k).max(0);
                    ticks.push((p, fmt_round(v, digits)));
                }
            }
        }
        chart.y_ticks = ticks;
    } else {
        let mx = ys.iter().cloned().fold(0.0, f64::max);
        let mn = ys.iter().cloned().fold(0.0, f64::min);
        let mx = if mx <= 0.0 { 1.0 } else { mx };
        let step = nice_step((mx - mn) * 1.15, 5.0);
        let lo = (mn / step).floor() * step;
        let hi = ((mx * 1.15) / step).ceil() * step;
        chart.y_range = (lo, hi);
        let digits = decimals_for(step);
        let n = ((hi - lo) / step).round() as i64;
        chart.y_ticks = (0..=n)
            .map(|i| {
                let v = lo + i as f64 * step;
                (v, fmt_round(v, digits))
            })
            .collect();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_keep_their_digits_and_get_separators() {
        assert_eq!(fmt_num(1191.4), "1,191.4");
        assert_eq!(fmt_num(173.0), "173");
        assert_eq!(fmt_num(0.42), "0.42");
        assert_eq!(fmt_num(-79.0), "\u{2212}79");
        assert_eq!(fmt_num(5000.0), "5,000");
        assert_eq!(fmt_num(123456789.0), "123,456,789");
    }

    #[test]
    fn nice_steps() {
        assert_eq!(nice_step(1500.0, 5.0), 500.0);
        assert_eq!(nice_step(0.6, 5.0), 0.2);
        assert_eq!(decimals_for(0.2), 1);
        assert_eq!(decimals_for(0.25), 2);
        assert_eq!(decimals_for(500.0), 0);
    }
}
