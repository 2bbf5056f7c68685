//! `oblast-ranking`: horizontal bars for one year (`--year`), largest first,
//! with the change from a second year (`--from-year`) beside each bar and
//! that year's value as a marker. An oblast without an amount for the year
//! gets a row that says so, never a zero bar.

use super::build::{Built, Raw, RawValue, indexed};
use super::format::{figure_tooltip, fmt_change};
use super::oblast::{self, OblastDrug, amount_years};
use super::{Annotation, ChartOptions, SeriesKind, XAxis};
use crate::model::{Dataset, Figure};
use crate::style;

/// The year shown and the year compared with, from the options or the data:
/// the latest year with amounts, and the latest earlier one.
pub fn ranking_years(ds: &Dataset, options: &ChartOptions) -> (Option<i32>, Option<i32>) {
    let years = amount_years(ds, options.drug);
    let year = options.year.or(years.last().copied());
    let from = match (options.from_year, year) {
        (Some(f), _) => Some(f),
        (None, Some(y)) => years.iter().rev().find(|&&f| f < y).copied(),
        (None, None) => None,
    };
    (year, from.filter(|f| Some(*f) != year))
}

struct Row<'a> {
    od: &'a OblastDrug<'a>,
    now: Option<&'a Figure>,
    then: Option<&'a Figure>,
    printed: Option<&'a Figure>,
    /// Index base value, when indexing.
    base: Option<f64>,
}

impl Row<'_> {
    /// The value as plotted (indexed if asked), for sorting.
    fn plotted(&self, index: Option<i32>) -> Option<f64> {
        let v = self.now?.value;
        match index {
            Some(_) => self.base.map(|b| v / b * 100.0),
            None => Some(v),
        }
    }
}

pub(crate) fn build(ds: &Dataset, options: &ChartOptions) -> Built {
    let (year, from) = ranking_years(ds, options);
    let drug = options.drug.title_word();
    let Some(year) = year else {
        let mut built = Built::new(
            vec![],
            XAxis::Categories(vec![]),
            "",
            "Seizures (kg)",
            "kg seized",
        );
        built.title = Some(format!("{drug} seizures by oblast, ranked"));
        built.empty_message = Some(format!(
            "No oblast amounts for {} in this dataset.",
            options.drug.key()
        ));
        return built;
    };
    let index = options.index_base_year;
    let chosen = oblast::chosen(ds, options);
    let mut rows: Vec<Row> = chosen
        .iter()
        .map(|od| Row {
            od,
            now: od.level(year),
            then: from.and_then(|f| od.level(f)),
            printed: od.printed_at(year),
            base: index
                .and_then(|b| od.level(b))
                .map(|f| f.value)
                .filter(|v| *v > 0.0),
        })
        .collect();
    // Largest first; rows without a value keep their order at the end.
    rows.sort_by(|a, b| match (a.plotted(index), b.plotted(index)) {
        (Some(x), Some(y)) => y.total_cmp(&x),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    });

    let value = |row: &Row, f: &Figure, what: &str| -> RawValue {
        let mut v = RawValue::from_figure(ds, &format!("{}, {what}", row.od.label()), f);
        if let (Some(b), Some(base)) = (index, row.base) {
            let (y, label, tooltip) = indexed(&v, b, base);
            v.plotted = Some(y);
            v.label = label;
            v.tooltip = tooltip;
        }
        v
    };
    let indexable = |row: &Row| index.is_none() || row.base.is_some();
    let mut now_values = Vec::new();
    let mut then_values = Vec::new();
    let mut printed_values = Vec::new();
    let mut annotations = Vec::new();
    let mut notes = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        let x = i as f64;
        let ok = indexable(row);
        if let (Some(b), false) = (index, ok)
            && row.now.is_some()
        {
            notes.push(format!("{}: no value in {b} to index to", row.od.label()));
        }
        now_values.push((x, row.now.filter(|_| ok).map(|f| value(row, f, "seizures"))));
        then_values.push((
            x,
            row.then
                .filter(|_| ok)
                .map(|f| value(row, f, "seizures (compared year)")),
        ));
        printed_values.push((
            x,
            row.printed
                .filter(|_| ok)
                .map(|f| value(row, f, "seizures as printed")),
        ));

        // The text beside the bar.
        let mut parts: Vec<String> = Vec::new();
        let mut ids: Vec<String> = Vec::new();
        let mut tips: Vec<String> = Vec::new();
        match (row.now, from) {
            (None, _) => parts.push(format!("no data for {year}")),
            (Some(now), Some(f)) => match row.then {
                Some(then) if then.value > 0.0 => {
                    let change = (now.value - then.value) / then.value * 100.0;
                    parts.push(format!("{} since {f}", fmt_change(change)));
                    ids.extend([then.id.clone(), now.id.clone()]);
                    tips.push(format!(
                        "Change {f} to {year}: ({} - {}) / {} x 100 = {}",
                        super::format::fmt_num(now.value),
                        super::format::fmt_num(then.value),
                        super::format::fmt_num(then.value),
                        fmt_change(change)
                    ));
                    tips.push(figure_tooltip(ds, &row.od.label(), then));
                }
                Some(_) => parts.push(format!("none in {f}")),
                None => parts.push(format!("no data for {f}")),
            },
            (Some(_), None) => {}
        }
        if let Some(c) = row.od.change(year) {
            let sc = oblast::stated_change(ds, row.od, c, 0, 0);
            parts.push(format!("stated change {}", sc.note));
            ids.push(c.id.clone());
            tips.push(sc.tooltip);
        }
        if !parts.is_empty() {
            let top = [
                now_values[i]
                    .1
                    .as_ref()
                    .map(|v| v.plotted.unwrap_or(v.value)),
                then_values[i]
                    .1
                    .as_ref()
                    .map(|v| v.plotted.unwrap_or(v.value)),
            ]
            .into_iter()
            .flatten()
            .reduce(f64::max);
            annotations.push((
                0,
                Annotation {
                    x,
                    y: top,
                    text: parts.join("; "),
                    color: if row.now.is_some() {
                        style::series_color(0)
                    } else {
                        style::PRINTED_READING
                    },
                    tooltip: if tips.is_empty() {
                        format!("{}: no amount for {year}", row.od.label())
                    } else {
                        tips.join("\n\n")
                    },
                    figure_ids: ids,
                    panel: 0,
                },
            ));
        }
    }

    let categories: Vec<String> = rows.iter().map(|r| r.od.label()).collect();
    let ids = |rows: &[Row]| -> Vec<String> {
        let mut v: Vec<String> = Vec::new();
        for r in rows {
            for id in r.od.series_ids() {
                if !v.contains(&id) {
                    v.push(id);
                }
            }
        }
        v
    };
    let mut raws = vec![
        Raw::new(
            year.to_string(),
            ids(&rows),
            style::series_color(0),
            SeriesKind::Bars,
        )
        .values(now_values),
    ];
    if let Some(f) = from {
        raws.push(
            Raw::new(
                format!("{f} (compared year)"),
                ids(&rows),
                style::COMPARED_YEAR,
                SeriesKind::Markers,
            )
            .values(then_values),
        );
    }
    if options.show_printed && printed_values.iter().any(|(_, v)| v.is_some()) {
        raws.push(
            Raw::new(
                format!("{year}, as printed (evidence only)"),
                ids(&rows),
                style::PRINTED_READING,
                SeriesKind::Markers,
            )
            .values(printed_values),
        );
    }
    let y_label = format!("Seizures in {year} (kg)");
    let mut unit_note = format!("kg seized in {year}, largest first");
    if let Some(f) = from {
        unit_note.push_str(&format!("; marker and percentage: {f}"));
    }
    unit_note.push_str("; no bar where there is no amount");
    let mut built = Built::new(
        raws,
        XAxis::Categories(categories),
        "",
        &y_label,
        &unit_note,
    );
    built.title = Some(match from {
        Some(f) => format!("{drug} seizures by oblast, {year} (change since {f})"),
        None => format!("{drug} seizures by oblast, {year}"),
    });
    built.horizontal = true;
    built.indexed = true;
    built.annotations = annotations;
    built.notes = notes;
    built
}
