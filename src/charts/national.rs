//! `national-seizures`: the national opiate series, in the cross-checked
//! reading, with the reading as printed beside it.

use super::build::{Built, Raw, year_span, year_values};
use super::{ChartOptions, SeriesKind, XAxis};
use crate::model::{Dataset, Figure, Reading};
use crate::style;

pub const NATIONAL_SERIES: &str = "kz-opiate-seizures-annual";

pub(crate) fn build(ds: &Dataset, options: &ChartOptions) -> Built {
    let adopted = ds.series(NATIONAL_SERIES);
    let years = year_span(&adopted);
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
    Built::new(
        raws,
        XAxis::Years,
        "Year",
        "Seizures (kg)",
        "Heroin and opium together, all agencies, kg; the printed 1996-2006 list is read in reverse order (see DATA.md)",
    )
}
