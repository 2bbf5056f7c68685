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
                        panel: 0,
                    },
                ));
            }
        }
        let name = if drug == "Opium" {
            "Opium (2011: Q1-Q3 only)"
        } else {
            drug
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
        "All agencies, kg; the 2011 opium figure covers January-September only",
    );
    built.annotations = annotations;
    built
}
