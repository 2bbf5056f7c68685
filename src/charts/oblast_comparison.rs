//! `oblast-comparison`: one line per chosen oblast (and drug) over the years.
//! Missing years are gaps; a year no chosen oblast has an amount for is
//! shaded "no data"; stated changes sit in a strip of their own.

use super::build::{Built, Raw, year_values};
use super::oblast::{self, amount_years, change_years};
use super::{ChartOptions, NoData, SeriesKind, XAxis};
use crate::model::{Dataset, Figure, Unit};

pub(crate) fn build(ds: &Dataset, options: &ChartOptions) -> Built {
    // Years with any figure for the drug (all oblasts), so the axis does not
    // jump when oblasts are toggled.
    let amounts = amount_years(ds, options.drug);
    let mut years: Vec<i32> = amounts
        .iter()
        .chain(change_years(ds, options.drug).iter())
        .copied()
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
    // Imported series with values for a chosen oblast (kg only: one axis),
    // once per oblast (not per drug).
    for key in &options.oblasts {
        let oblast = super::regions::region_name(ds, key);
        for (id, series_label) in &options.imported_series {
            let levels: Vec<&Figure> = ds
                .series(id)
                .into_iter()
                .filter(|f| &f.region == key && f.unit == Unit::Kilogram)
                .collect();
            if levels.is_empty() {
                continue;
            }
            let name = format!("{oblast}: {series_label}");
            let color = crate::style::series_color(raws.len());
            raws.push(
                Raw::new(name.clone(), vec![id.clone()], color, SeriesKind::Line)
                    .values(year_values(ds, &levels, &name, &span)),
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
    let imported_drawn = raws.iter().any(|r| {
        r.series_ids
            .iter()
            .any(|id| crate::import::merge::is_imported(id))
    });
    let mut built = Built::new(
        raws,
        XAxis::Years,
        "Year",
        "Seizures (kg)",
        "kg seized; missing years are gaps, never zero; stated changes (no amount) are marked in the strip below",
    );
    if !chosen.is_empty() && chosen.iter().all(|od| od.levels.is_empty()) && !imported_drawn {
        built
            .notes
            .push("no seizure amounts for these oblasts".to_owned());
    }
    built.stated_changes = stated;
    built.no_data = no_data;
    built
}
