//! `customs-vs-all`: heroin and opium seized by customs against all
//! agencies, 2010 (CARICC/UNODC agency table).

use super::build::{Built, Raw, RawValue};
use super::format::fmt_value;
use super::{SeriesKind, XAxis};
use crate::model::Dataset;
use crate::style;

pub(crate) fn build(ds: &Dataset) -> Built {
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
        raws.push(
            Raw::new(
                name,
                sids.iter().map(|s| s.to_string()).collect(),
                style::series_color(color),
                SeriesKind::Bars,
            )
            .values(values),
        );
    }
    Built::new(
        raws,
        XAxis::Categories(cats.iter().map(|s| s.to_string()).collect()),
        "Drug",
        "Seizures in 2010 (kg)",
        "CARICC/UNODC agency table, kg; the customs opium cell is garbled in the article (0.42 adopted)",
    )
}
