//! `national-seizures`: the national opiate series, in the cross-checked
//! reading, with the reading as printed beside it.

use super::build::{Built, Raw, year_span, year_values};
use super::{ChartOptions, SeriesKind, XAxis};
use crate::model::{Dataset, Figure, Reading, Unit};
use crate::style;

pub const NATIONAL_SERIES: &str = "kz-opiate-seizures-annual";

pub(crate) fn build(ds: &Dataset, options: &ChartOptions) -> Built {
    let adopted = ds.series(NATIONAL_SERIES);
    let mut years = year_span(&adopted);
    // Imported national series (kg), each its own line over its own years:
    // the axis spans them all.
    let imported: Vec<(&String, &String, Vec<&Figure>)> = options
        .imported_series
        .iter()
        .map(|(id, label)| {
            let values: Vec<&Figure> = ds
                .series(id)
                .into_iter()
                .filter(|f| f.region == "KZ" && f.unit == Unit::Kilogram)
                .collect();
            (id, label, values)
        })
        .filter(|(_, _, values)| !values.is_empty())
        .collect();
    if !imported.is_empty() {
        let all: Vec<&Figure> = adopted
            .iter()
            .copied()
            .chain(imported.iter().flat_map(|(_, _, v)| v.iter().copied()))
            .collect();
        years = year_span(&all);
    }
    let name = "Opiate seizures (cross-checked reading)";
    let mut raws = vec![
        Raw::new(
            name,
            vec![NATIONAL_SERIES.to_owned()],
            style::series_color(0),
            SeriesKind::Line,
        )
        .values(year_values(ds, &adopted, name, &years)),
    ];
    if options.show_printed {
        let printed: Vec<&Figure> = ds
            .figures
            .iter()
            .filter(|f| f.series == NATIONAL_SERIES && f.reading == Reading::Printed)
            .collect();
        if !printed.is_empty() {
            let name = "As printed in the article (evidence only)";
            raws.push(
                Raw::new(
                    name,
                    vec![NATIONAL_SERIES.to_owned()],
                    style::PRINTED_READING,
                    SeriesKind::Line,
                )
                .dashed(true)
                .values(year_values(ds, &printed, name, &years)),
            );
        }
    }
    for (id, label, values) in imported {
        let color = style::series_color(raws.len() + 1);
        raws.push(
            Raw::new(label.clone(), vec![id.clone()], color, SeriesKind::Line)
                .values(year_values(ds, &values, label, &years)),
        );
    }
    Built::new(
        raws,
        XAxis::Years,
        "Year",
        "Seizures (kg)",
        "Heroin and opium together, all agencies, kg; the printed 1996-2006 list is read in reverse order (see DATA.md)",
    )
}
