//! `heroin-opium-totals`: national heroin and opium seizures, 2009-2011,
//! with the partial 2011 opium figure labelled as such.

use super::build::{Built, Raw, year_values};
use super::format::{figure_tooltip, fmt_num};
use super::{Annotation, SeriesKind, XAxis};
use crate::model::Dataset;
use crate::style;

pub(crate) fn build(ds: &Dataset) -> Built {
    let years: Vec<i32> = (2009..=2011).collect();
    let mut raws = Vec::new();
    let mut annotations = Vec::new();
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
        let mut partial_years: Vec<String> = Vec::new();
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
                        panel: 0,
                    },
                ));
                continue;
            };
            // A figure for part of a year only (the record says which months).
            let partial = v
                .figure_ids
                .first()
                .and_then(|id| ds.figures.iter().find(|f| &f.id == id))
                .and_then(|f| f.months);
            if let Some(months) = partial {
                let year = *x as i32;
                v.label = format!("{} ({} only)", v.label, months.label());
                partial_years.push(format!("{year}: {} only", months.label()));
                let change = ds
                    .series(&sid.replace("-seizures-annual", "-seizure-change"))
                    .into_iter()
                    .find(|f| f.year == Some(year));
                let mut text = format!("{} {year} only", months.label());
                let mut tooltip = v.tooltip.clone();
                let mut ids = v.figure_ids.clone();
                if let Some(c) = change {
                    text.push_str(&format!("; {} % (base not stated)", fmt_num(c.value)));
                    tooltip = format!(
                        "{}\n\n{}",
                        tooltip,
                        figure_tooltip(ds, &format!("{drug} seizure change"), c)
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
                        panel: 0,
                    },
                ));
            }
        }
        let name = if partial_years.is_empty() {
            drug.to_owned()
        } else {
            format!("{drug} ({})", partial_years.join("; "))
        };
        raws.push(
            Raw::new(
                name,
                vec![sid.to_owned()],
                style::series_color(i),
                SeriesKind::Bars,
            )
            .values(values),
        );
    }
    let mut built = Built::new(
        raws,
        XAxis::Years,
        "Year",
        "Seizures (kg)",
        "All agencies, kg; a figure for part of a year says which months it covers",
    );
    built.annotations = annotations;
    built
}
