//! `interdiction-rate`: heroin seized as a share of the estimated heroin
//! flow (a range, from the flow's range), beside the stated "under 1 %".

use super::build::{Built, Raw, RawValue, year_values};
use super::format::{fmt_num, fmt_round};
use super::{Annotation, SeriesKind, XAxis};
use crate::model::{Basis, Dataset, Figure, Qualifier, Unit};
use crate::style;

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

pub(crate) fn build(ds: &Dataset) -> Built {
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
                plotted: None,
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
    let mut annotations = Vec::new();
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
                    panel: 0,
                },
            ));
        }
    }
    let raws = vec![
        Raw::new(
            "Seizures / estimated flow of 70-75 t (range)",
            vec![
                INTERDICTION_SEIZURES.to_owned(),
                INTERDICTION_FLOW.to_owned(),
            ],
            style::series_color(0),
            SeriesKind::Band,
        )
        .values(band_values),
        Raw::new(
            "Stated: less than 1 % of the flow seized",
            vec!["kz-heroin-interdiction-share".to_owned()],
            style::series_color(1),
            SeriesKind::Markers,
        )
        .values(stated_values),
    ];
    let mut built = Built::new(
        raws,
        XAxis::Years,
        "Year",
        "Share of the estimated heroin flow seized (%)",
        "Heroin seized / estimated heroin flow through Kazakhstan, in percent",
    );
    built.annotations = annotations;
    built
}
