//! `oblast-small-multiples`: one panel per chosen oblast, all on the same
//! axes, with the national series in grey behind each for scale.

use super::build::{Built, Raw, year_values};
use super::national::NATIONAL_SERIES;
use super::oblast::{self, amount_years, change_years};
use super::{ChartDrug, ChartOptions, NoData, SeriesKind, XAxis};
use crate::model::{Dataset, Figure, Reading};
use crate::style;

/// The national series drawn behind the panels: the chosen drug's own
/// national series where the data has one, else heroin and opium together.
pub fn national_series_for(ds: &Dataset, drug: ChartDrug) -> (&'static str, &'static str) {
    let own = match drug {
        ChartDrug::Heroin => Some(("kz-heroin-seizures-annual", "heroin")),
        ChartDrug::Opium => Some(("kz-opium-seizures-annual", "opium")),
        ChartDrug::Opiates => None,
    };
    match own {
        Some((id, what)) if !ds.series(id).is_empty() => (id, what),
        _ => (NATIONAL_SERIES, "heroin and opium together"),
    }
}

/// At most this many panels; beyond it, the largest oblasts (and a note).
pub const MAX_PANELS: usize = 20;

pub(crate) fn build(ds: &Dataset, options: &ChartOptions) -> Built {
    let chosen = oblast::chosen(ds, options);
    let (national_id, national_what) = national_series_for(ds, options.drug);
    let national = ds.series(national_id);
    let national_printed: Vec<&Figure> = ds
        .figures
        .iter()
        .filter(|f| f.series == national_id && f.reading == Reading::Printed)
        .collect();

    let amounts = amount_years(ds, options.drug);
    let mut years: Vec<i32> = amounts
        .iter()
        .chain(change_years(ds, options.drug).iter())
        .copied()
        .chain(national.iter().filter_map(|f| f.year))
        .collect();
    years.sort_unstable();
    years.dedup();
    let span: Vec<i32> = match (years.first(), years.last()) {
        (Some(&a), Some(&b)) => (a..=b).collect(),
        _ => vec![],
    };

    // Panels in the order the oblasts were chosen.
    let mut keys: Vec<&str> = Vec::new();
    for od in &chosen {
        if !keys.contains(&od.key.as_str()) {
            keys.push(&od.key);
        }
    }
    // More panels than fit legibly (and than a frame can draw in time): the
    // largest oblasts in the year, in the order chosen; the chart says so.
    let mut notes = Vec::new();
    if keys.len() > MAX_PANELS {
        let year = options
            .year
            .or_else(|| amounts.last().copied())
            .unwrap_or_default();
        let amount = |key: &str| -> Option<f64> {
            chosen
                .iter()
                .filter(|od| od.key == key)
                .filter_map(|od| od.level(year).map(|f| f.value))
                .reduce(f64::max)
        };
        let mut ranked: Vec<(&str, Option<f64>)> = keys.iter().map(|k| (*k, amount(k))).collect();
        ranked.sort_by(|a, b| match (a.1, b.1) {
            (Some(x), Some(y)) => y.total_cmp(&x),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        });
        let kept: Vec<&str> = ranked.iter().take(MAX_PANELS).map(|(k, _)| *k).collect();
        notes.push(format!(
            "panels for {MAX_PANELS} of the {} chosen oblasts, the largest in {year}; \
             choose fewer to see the others",
            keys.len()
        ));
        keys.retain(|k| kept.contains(k));
    }
    let national_name = format!("Kazakhstan, national ({national_what})");
    let mut raws = Vec::new();
    let mut stated = Vec::new();
    let mut no_data = Vec::new();
    let mut panels = Vec::new();
    for (p, key) in keys.iter().enumerate() {
        let in_panel: Vec<(usize, &oblast::OblastDrug)> = chosen
            .iter()
            .enumerate()
            .filter(|(_, od)| od.key == *key)
            .collect();
        panels.push(
            in_panel
                .first()
                .map(|(_, od)| od.oblast.clone())
                .unwrap_or_default(),
        );
        raws.push(
            Raw::new(
                national_name.clone(),
                vec![national_id.to_owned()],
                style::NATIONAL_CONTEXT,
                SeriesKind::Line,
            )
            .values(year_values(
                ds,
                &national,
                "Kazakhstan, national seizures",
                &span,
            ))
            .panel(p, p == 0),
        );
        if options.show_printed && !national_printed.is_empty() {
            raws.push(
                Raw::new(
                    format!("{national_name}, as printed (evidence only)"),
                    vec![national_id.to_owned()],
                    style::NATIONAL_CONTEXT,
                    SeriesKind::Line,
                )
                .dashed(true)
                .values(year_values(
                    ds,
                    &national_printed,
                    "Kazakhstan, national seizures (as printed)",
                    &span,
                ))
                .panel(p, p == 0),
            );
        }
        for (_, od) in &in_panel {
            // One colour per drug in every panel; the panel title names the oblast.
            let di = options
                .drug
                .drugs()
                .iter()
                .position(|d| *d == od.drug)
                .unwrap_or(0);
            let color = style::series_color(di);
            let legend = format!("{}, the panel's oblast", super::format::capitalise(od.drug));
            let label = format!("{}, {} seizures", od.oblast, od.drug);
            let index = raws.len();
            for c in &od.changes {
                stated.push(oblast::stated_change(ds, od, c, index, p));
            }
            raws.push(
                Raw::new(od.legend_name(), od.series_ids(), color, SeriesKind::Line)
                    .legend_name(legend.clone())
                    .marker(od.marker())
                    .values(year_values(ds, &od.levels, &label, &span))
                    .panel(p, true),
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
                    .legend_name(format!("{legend}, as printed (evidence only)"))
                    .marker(od.marker())
                    .values(year_values(
                        ds,
                        &od.printed,
                        &format!("{label} (as printed)"),
                        &span,
                    ))
                    .panel(p, true),
                );
            }
        }
        // Years other oblasts have amounts for and this one has none.
        for &y in &amounts {
            if in_panel.iter().all(|(_, od)| od.level(y).is_none()) {
                no_data.push(NoData {
                    panel: p,
                    x: f64::from(y),
                    tooltip: format!("{}: no amount for {y} (other oblasts have one)", panels[p]),
                });
            }
        }
    }
    let title = format!(
        "{} seizures by oblast, with the national series",
        options.drug.title_word()
    );
    let mut built = Built::new(
        raws,
        XAxis::Years,
        "Year",
        "Seizures (kg)",
        &format!(
            "kg seized; same axes in every panel; grey: Kazakhstan as a whole ({national_what}); \
             shaded: no data; stated changes (no amount) in each panel's strip"
        ),
    );
    built.title = Some(title);
    built.notes = notes;
    built.panels = panels;
    built.stated_changes = stated;
    built.no_data = no_data;
    built
}
