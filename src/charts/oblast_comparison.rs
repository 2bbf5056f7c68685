//! `oblast-comparison`: one line per chosen oblast (and drug) over the years.
//! Missing years are gaps; a year no chosen oblast has an amount for is
//! shaded "no data"; stated changes sit in a strip of their own.

use super::build::{Built, Raw, year_values};
use super::oblast::{self, amount_years, change_years};
use super::{ChartOptions, NoData, SeriesKind, XAxis};
use crate::model::Dataset;

pub(crate) fn build(ds: &Dataset, options: &ChartOptions) -> Built {
    // Years with any figure for the drug (all oblasts), so the axis does not
    // jump when oblasts are toggled.
    let amounts = amount_years(ds, options.drug);
    let mut years: Vec<i32> = amounts
        .iter()
        .chain(change_years(ds, options.drug).iter())
        .copied()
        .collect();
    years.sort_unstable();
    years.dedup();
    let span: Vec<i32> = match (years.first(), years.last()) {
        (Some(&a), Some(&b)) => (a..=b).collect(),
        _ => vec![],
    };
    let chosen = oblast::chosen(ds, options);
    let mut raws = Vec::new();
    let mut stated = Vec::new();
    for od in &chosen {
        let color = od.color();
        let label = format!("{}, {} seizures", od.oblast, od.drug);
        let index = raws.len();
        for c in &od.changes {
            stated.push(oblast::stated_change(ds, od, c, index, 0));
        }
        raws.push(
            Raw::new(od.legend_name(), od.series_ids(), color, SeriesKind::Line)
                .marker(od.marker())
                .values(year_values(ds, &od.levels, &label, &span)),
        );
        if options.show_printed && !od.printed.is_empty() {
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
                    &od.printed,
                    &format!("{label} (as printed)"),
                    &span,
                )),
            );
        }
    }
    let no_data = if chosen.is_empty() {
        vec![]
    } else {
        amounts
            .iter()
            .filter(|&&y| chosen.iter().all(|od| od.level(y).is_none()))
            .map(|&y| NoData {
                panel: 0,
                x: f64::from(y),
                tooltip: format!(
                    "No amount for {y} in the chosen oblasts (other oblasts have one)"
                ),
            })
            .collect()
    };
    let mut built = Built::new(
        raws,
        XAxis::Years,
        "Year",
        "Seizures (kg)",
        "kg seized; missing years are gaps, never zero; stated changes (no amount) are marked in the strip below",
    );
    if !chosen.is_empty() && chosen.iter().all(|od| od.levels.is_empty()) {
        built
            .notes
            .push("no seizure amounts for these oblasts".to_owned());
    }
    built.stated_changes = stated;
    built.no_data = no_data;
    built
}
