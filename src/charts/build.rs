//! From a chart's raw series to [`ChartData`]: indexing to a base year,
//! sources, subtitle, axes. Each chart module builds a [`Built`].

use std::collections::HashMap;

use super::axes::layout_axes;
use super::format::{figure_tooltip, fmt_num, fmt_round, short_citation};
use super::{
    Annotation, ChartData, ChartId, ChartOptions, Marker, NoData, Point, SeriesData, SeriesKind,
    StatedChange, XAxis,
};
use crate::model::{Dataset, Figure};
use crate::style::Rgba;

/// A series under construction: values by x, before indexing.
pub(crate) struct Raw {
    pub name: String,
    pub series_ids: Vec<String>,
    pub color: Rgba,
    pub kind: SeriesKind,
    pub dashed: bool,
    pub marker: Marker,
    /// Legend entry when it differs from the name.
    pub legend_name: Option<String>,
    pub values: Vec<(f64, Option<RawValue>)>,
    pub panel: usize,
    pub in_legend: bool,
    /// Values by year to index to, where they differ from `values` (a slope
    /// plots two years but may be indexed to a third).
    pub base_values: Vec<(f64, f64)>,
}

impl Raw {
    pub fn new(
        name: impl Into<String>,
        series_ids: Vec<String>,
        color: Rgba,
        kind: SeriesKind,
    ) -> Raw {
        Raw {
            name: name.into(),
            series_ids,
            color,
            kind,
            dashed: false,
            marker: Marker::Circle,
            legend_name: None,
            values: vec![],
            panel: 0,
            in_legend: true,
            base_values: vec![],
        }
    }

    pub fn values(mut self, values: Vec<(f64, Option<RawValue>)>) -> Raw {
        self.values = values;
        self
    }

    pub fn dashed(mut self, dashed: bool) -> Raw {
        self.dashed = dashed;
        self
    }

    pub fn marker(mut self, marker: Marker) -> Raw {
        self.marker = marker;
        self
    }

    pub fn legend_name(mut self, name: impl Into<String>) -> Raw {
        self.legend_name = Some(name.into());
        self
    }

    pub fn panel(mut self, panel: usize, in_legend: bool) -> Raw {
        self.panel = panel;
        self.in_legend = in_legend;
        self
    }
}

#[derive(Clone)]
pub(crate) struct RawValue {
    /// The value as in the dataset.
    pub value: f64,
    /// What is plotted when it differs (a chart that indexes by itself).
    pub plotted: Option<f64>,
    pub range: Option<(f64, f64)>,
    pub figure_ids: Vec<String>,
    pub tooltip: String,
    pub label: String,
}

impl RawValue {
    pub fn from_figure(ds: &Dataset, label: &str, f: &Figure) -> RawValue {
        RawValue {
            value: f.value,
            plotted: None,
            range: None,
            figure_ids: vec![f.id.clone()],
            tooltip: figure_tooltip(ds, label, f),
            label: fmt_num(f.value),
        }
    }
}

/// What a chart module returns.
pub(crate) struct Built {
    pub raws: Vec<Raw>,
    pub x_axis: XAxis,
    pub x_label: String,
    pub y_label: String,
    /// First part of the subtitle: units and what is drawn.
    pub unit_note: String,
    /// Annotations with the series they belong to (for bar slots).
    pub annotations: Vec<(usize, Annotation)>,
    pub stated_changes: Vec<StatedChange>,
    pub no_data: Vec<NoData>,
    /// More subtitle parts.
    pub notes: Vec<String>,
    pub panels: Vec<String>,
    pub horizontal: bool,
    /// Replaces the chart's generic title.
    pub title: Option<String>,
    /// The chart indexed its values itself (a ranking's x is not a year).
    pub indexed: bool,
    /// Year ticks to show (all years in range when `None`).
    pub year_ticks: Option<Vec<i32>>,
    pub empty_message: Option<String>,
}

impl Built {
    pub fn new(
        raws: Vec<Raw>,
        x_axis: XAxis,
        x_label: &str,
        y_label: &str,
        unit_note: &str,
    ) -> Built {
        Built {
            raws,
            x_axis,
            x_label: x_label.to_owned(),
            y_label: y_label.to_owned(),
            unit_note: unit_note.to_owned(),
            annotations: vec![],
            stated_changes: vec![],
            no_data: vec![],
            notes: vec![],
            panels: vec![],
            horizontal: false,
            title: None,
            indexed: false,
            year_ticks: None,
            empty_message: None,
        }
    }
}

pub(crate) fn year_values(
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

pub(crate) fn year_span(figures: &[&Figure]) -> Vec<i32> {
    let years: Vec<i32> = figures.iter().filter_map(|f| f.year).collect();
    match (years.iter().min(), years.iter().max()) {
        (Some(&a), Some(&b)) => (a..=b).collect(),
        _ => vec![],
    }
}

/// A value indexed to `base` (= 100): (plotted value, label, tooltip).
pub(crate) fn indexed(v: &RawValue, base_year: i32, base: f64) -> (f64, String, String) {
    let idx = v.value / base * 100.0;
    (
        idx,
        fmt_round(idx, 1),
        format!(
            "{}\nIndex ({base_year} = 100): {}",
            v.tooltip,
            fmt_round(idx, 1)
        ),
    )
}

/// " (quoted in factsanddetails.com, 2016)" when the plotted sources were
/// reached through another source (their `via` names its id first).
fn quoted_in(ds: &Dataset, source_ids: &[String]) -> String {
    let mut via: Vec<&str> = Vec::new();
    for sid in source_ids {
        let Some(text) = ds.source(sid).and_then(|s| s.via.as_deref()) else {
            continue;
        };
        // The source it was reached through is the first one its `via`
        // names (later mentions are context, e.g. "among the unodc-2012
        // passages").
        let first = ds
            .sources
            .iter()
            .filter(|o| &o.id != sid)
            .filter_map(|o| text.find(o.id.as_str()).map(|at| (at, o.id.as_str())))
            .min();
        if let Some((_, id)) = first
            && !source_ids.iter().any(|s| s == id)
            && !via.contains(&id)
        {
            via.push(id);
        }
    }
    let names: Vec<String> = via
        .iter()
        .filter_map(|id| ds.source(id))
        .map(|s| format!("{}, {}", s.publisher, s.date.get(..4).unwrap_or(&s.date)))
        .collect();
    if names.is_empty() {
        String::new()
    } else {
        format!(" (quoted in {})", names.join("; "))
    }
}

/// Build a chart from the dataset.
pub fn build_chart(ds: &Dataset, id: ChartId, options: &ChartOptions) -> ChartData {
    let built = match id {
        ChartId::NationalSeizures => super::national::build(ds, options),
        ChartId::OblastComparison => super::oblast_comparison::build(ds, options),
        ChartId::OblastSmallMultiples => super::small_multiples::build(ds, options),
        ChartId::OblastRanking => super::ranking::build(ds, options),
        ChartId::OblastSlope => super::slope::build(ds, options),
        ChartId::HeroinOpiumTotals => super::totals::build(ds),
        ChartId::CustomsVsAll => super::customs::build(ds),
        ChartId::InterdictionRate => super::interdiction::build(ds),
    };
    finish(ds, id, options, built)
}

fn finish(ds: &Dataset, id: ChartId, options: &ChartOptions, built: Built) -> ChartData {
    let Built {
        raws,
        x_axis,
        x_label,
        y_label,
        unit_note,
        annotations,
        stated_changes,
        no_data,
        mut notes,
        panels,
        horizontal,
        title,
        indexed: self_indexed,
        year_ticks,
        empty_message,
    } = built;

    // Indexing to a base year.
    let index = if id.supports_index() {
        options.index_base_year
    } else {
        None
    };
    let generic_index = if self_indexed { None } else { index };
    let mut series: Vec<SeriesData> = Vec::new();
    let mut unindexable: Vec<String> = Vec::new();
    for raw in raws {
        let base = generic_index.and_then(|b| {
            let at = |x: f64| (x - b as f64).abs() < 1e-9;
            raw.values
                .iter()
                .find(|(x, v)| at(*x) && v.is_some())
                .and_then(|(_, v)| v.as_ref().map(|v| v.value))
                .or_else(|| {
                    raw.base_values
                        .iter()
                        .find(|(x, _)| at(*x))
                        .map(|(_, v)| *v)
                })
                .filter(|v| *v > 0.0)
        });
        let has_values = raw.values.iter().any(|(_, v)| v.is_some());
        if let Some(b) = generic_index
            && base.is_none()
            && has_values
            && !unindexable.contains(&raw.name)
        {
            unindexable.push(raw.name.clone());
            notes.push(format!("{}: no value in {b} to index to", raw.name));
        }
        let points = raw
            .values
            .iter()
            .map(|(x, v)| match v {
                Some(v) => {
                    let (y, label, tooltip) = match (generic_index, base) {
                        (Some(b), Some(base)) => {
                            let (y, l, t) = indexed(v, b, base);
                            (Some(y), l, t)
                        }
                        (Some(_), None) => (None, String::new(), v.tooltip.clone()),
                        _ => (
                            Some(v.plotted.unwrap_or(v.value)),
                            v.label.clone(),
                            v.tooltip.clone(),
                        ),
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
                    tooltip: match &x_axis {
                        XAxis::Years => format!("{}: no figure for {}", raw.name, *x as i64),
                        XAxis::Categories(_) => format!("{}: no figure", raw.name),
                    },
                },
            })
            .collect();
        series.push(SeriesData {
            legend_name: raw.legend_name.unwrap_or_else(|| raw.name.clone()),
            name: raw.name,
            series_ids: raw.series_ids,
            color: raw.color,
            kind: raw.kind,
            dashed: raw.dashed,
            marker: raw.marker,
            points,
            panel: raw.panel,
            in_legend: raw.in_legend,
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
    for c in &stated_changes {
        figure_ids.extend(c.figure_ids.iter().map(String::as_str));
    }
    // By id through a map: a scan of every figure per plotted value cost
    // most of a second at 100× the data (10,000 values × 10,000 figures).
    let source_of: HashMap<&str, &str> = ds
        .figures
        .iter()
        .rev()
        .map(|f| (f.id.as_str(), f.source.as_str()))
        .collect();
    for fid in figure_ids {
        if let Some(&source) = source_of.get(fid)
            && !source_ids.iter().any(|s| s == source)
        {
            source_ids.push(source.to_owned());
        }
    }
    // Imported values are cited apart: they are not quoted in the article.
    let (imported_ids, curated_ids): (Vec<String>, Vec<String>) = source_ids
        .iter()
        .cloned()
        .partition(|s| crate::import::merge::is_imported(s));
    let imported_line = imported_ids
        .iter()
        .filter_map(|s| ds.source(s))
        .map(|s| s.title.clone())
        .collect::<Vec<String>>()
        .join("; ");
    let source_line = if source_ids.is_empty() {
        "Source: no figures plotted".to_owned()
    } else if curated_ids.is_empty() {
        format!("Source: {imported_line}")
    } else {
        let cites: Vec<String> = curated_ids.iter().map(|s| short_citation(ds, s)).collect();
        let imported = if imported_line.is_empty() {
            String::new()
        } else {
            format!("; {imported_line}")
        };
        format!(
            "Source: {}{}; dataset: {}{imported}",
            cites.join("; "),
            quoted_in(ds, &curated_ids),
            ds.title
        )
    };

    // Too many lines to mark their points (screen and image both leave them out).
    let lines_in_a_plot = series
        .iter()
        .filter(|s| s.panel == 0 && s.kind == SeriesKind::Line)
        .count();
    if lines_in_a_plot > super::LINE_MARKER_LIMIT {
        notes.push(format!(
            "{lines_in_a_plot} lines: points not marked (hover a line for its values)"
        ));
    }
    // Many oblasts: say which are shown (and how they were picked).
    if id.is_oblast_view()
        && !options.oblasts.is_empty()
        && let Some(note) = super::regions::shown_note(ds, options)
    {
        notes.insert(0, note);
    }
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

    let empty_message = empty_message.or_else(|| {
        (id.is_oblast_view() && options.oblasts.is_empty())
            .then(|| "Choose oblasts in the list (or click them on the map).".to_owned())
    });

    let title = title.unwrap_or_else(|| match id {
        ChartId::OblastComparison => {
            format!("{} seizures by oblast", options.drug.title_word())
        }
        _ => id.title().to_owned(),
    });
    let mut chart = ChartData {
        id,
        title,
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
        stated_changes,
        no_data,
        panels,
        horizontal,
        source_line,
        source_ids,
        empty_message,
    };
    // Annotations: x into the series' slot.
    chart.annotations = annotations
        .into_iter()
        .map(|(si, mut a)| {
            a.x = chart.point_x(si, a.x);
            a
        })
        .collect();
    layout_axes(&mut chart, year_ticks.as_deref());
    chart
}
