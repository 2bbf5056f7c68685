//! `oblast-slope`: each chosen oblast's amount in `--from-year` joined to its
//! amount in `--year`, the change in its legend entry. A missing end is
//! said ("no data for 2004"), never drawn at zero.

use super::build::{Built, Raw, year_values};
use super::format::fmt_change;
use super::oblast::{self, amount_years};
use super::{ChartOptions, NoData, SeriesKind, XAxis};
use crate::model::Dataset;

/// The two years (from, to): from the options, else the earliest and the
/// latest year with amounts.
pub fn slope_years(ds: &Dataset, options: &ChartOptions) -> Option<(i32, i32)> {
    let years = amount_years(ds, options.drug);
    let to = options.year.or(years.last().copied())?;
    let from = options
        .from_year
        .or(years.iter().find(|&&y| y < to).copied())
        .unwrap_or(to);
    Some((from.min(to), from.max(to)))
}

pub(crate) fn build(ds: &Dataset, options: &ChartOptions) -> Built {
    let drug = options.drug.title_word();
    let Some((from, to)) = slope_years(ds, options) else {
        let mut built = Built::new(vec![], XAxis::Years, "Year", "Seizures (kg)", "kg seized");
        built.title = Some(format!(
            "{drug} seizures by oblast, change between two years"
        ));
        built.empty_message = Some(format!(
            "No oblast amounts for {} in this dataset.",
            options.drug.key()
        ));
        return built;
    };
    let years: Vec<i32> = if from == to { vec![to] } else { vec![from, to] };
    let chosen = oblast::chosen(ds, options);
    let mut raws = Vec::new();
    let mut stated = Vec::new();
    for od in &chosen {
        let color = od.color();
        let label = format!("{}, {} seizures", od.oblast, od.drug);
        let (a, b) = (od.level(from), od.level(to));
        let mut name = od.label();
        match (a, b) {
            _ if from == to => {
                if b.is_none() {
                    name.push_str(&format!(": no data for {to}"));
                }
            }
            (Some(a), Some(b)) if a.value > 0.0 => {
                name.push_str(&format!(
                    ": {}",
                    fmt_change((b.value - a.value) / a.value * 100.0)
                ));
            }
            (Some(_), Some(_)) => name.push_str(&format!(": none in {from}")),
            (Some(_), None) => name.push_str(&format!(": no data for {to}")),
            (None, Some(_)) => name.push_str(&format!(": no data for {from}")),
            (None, None) if od.levels.is_empty() && !od.changes.is_empty() => {
                name.push_str(": stated change only")
            }
            (None, None) => name.push_str(&format!(": no data for {from} or {to}")),
        }
        let index = raws.len();
        for c in &od.changes {
            if c.year.is_some_and(|y| (from..=to).contains(&y)) {
                stated.push(oblast::stated_change(ds, od, c, index, 0));
            }
        }
        let mut raw = Raw::new(name, od.series_ids(), color, SeriesKind::Line)
            .marker(od.marker())
            .values(year_values(ds, &od.levels, &label, &years));
        // Any year can be the index base, not only the two drawn.
        raw.base_values = od
            .levels
            .iter()
            .filter_map(|f| f.year.map(|y| (f64::from(y), f.value)))
            .collect();
        raws.push(raw);
        let printed: Vec<_> = od
            .printed
            .iter()
            .copied()
            .filter(|f| f.year.is_some_and(|y| years.contains(&y)))
            .collect();
        if options.show_printed && !printed.is_empty() {
            raws.push(
                Raw::new(
                    format!("{}, as printed (evidence only)", od.label()),
                    od.series_ids(),
                    color,
                    SeriesKind::Line,
                )
                .dashed(true)
                .marker(od.marker())
                .values(year_values(
                    ds,
                    &printed,
                    &format!("{label} (as printed)"),
                    &years,
                )),
            );
        }
    }
    let no_data = if chosen.is_empty() {
        vec![]
    } else {
        years
            .iter()
            .filter(|&&y| chosen.iter().all(|od| od.level(y).is_none()))
            .map(|&y| NoData {
                panel: 0,
                x: f64::from(y),
                tooltip: format!("No amount for {y} in the chosen oblasts"),
            })
            .collect()
    };
    let mut built = Built::new(
        raws,
        XAxis::Years,
        "Year",
        "Seizures (kg)",
        "kg seized; the change from the first year is in the legend; a missing end is not drawn",
    );
    if from == to {
        built.notes.push(format!(
            "only one year with amounts ({to}); choose a second year to compare"
        ));
        built.title = Some(format!("{drug} seizures by oblast, {to}"));
    } else {
        built.title = Some(format!("{drug} seizures by oblast, {from} to {to}"));
    }
    built.year_ticks = Some(years);
    built.stated_changes = stated;
    built.no_data = no_data;
    built
}
