//! The oblast layer of a map image: which figure, which year, each unit's
//! fill and value label, and the legend. The one place that talks to
//! `analysis::choropleth`, the API the window's oblast layer uses too, so a
//! colour means the same amount on screen, in an image and in every year.

use super::MapImageError;
use crate::analysis::choropleth::{
    NO_DATA_LABEL, YearView, choose_series, series_options, values, why_not,
};
use crate::model::Dataset;
use crate::style::{CHOROPLETH_RAMP, Rgba};

/// One legend class: its bounds as text and its (opaque) colour.
#[derive(Debug, Clone, PartialEq)]
pub struct LegendClass {
    pub label: String,
    pub color: Rgba,
}

/// One Kazakh unit on the layer.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitValue {
    /// HASC code ("KZ.SK").
    pub hasc: String,
    /// The fill drawn over the unit, with its opacity: a class colour or "no data".
    pub fill: Rgba,
    /// "151.1 kg" for units with a value ("*" marks a caveat on the year).
    pub label: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct OblastLayer {
    pub series: String,
    pub year: i32,
    /// Legend heading, with the year and unit: "Heroin seizures, 2006 (kg)".
    pub heading: String,
    pub classes: Vec<LegendClass>,
    pub no_data_label: &'static str,
    pub units: Vec<UnitValue>,
    /// "3 of 16 oblasts and cities reported".
    pub reported: String,
    /// "Classes fixed over 2003–2008", and what "*" means, when they apply.
    pub notes: Vec<String>,
    /// Source ids of the values shown.
    pub source_ids: Vec<String>,
}

/// The layer for `series` (default: the first series the window offers) in
/// `year` (default: its latest year). A year inside the series' range but
/// without values shows every unit as "no data"; a year outside it, or a
/// series that cannot colour the oblasts, is an error that says what can.
pub fn oblast_layer(
    data: &Dataset,
    series: Option<&str>,
    year: Option<i32>,
) -> Result<Option<OblastLayer>, MapImageError> {
    let chosen = match series {
        Some(s) => match why_not(data, s) {
            None => choose_series(data, Some(s)),
            Some(reason) => {
                return Err(MapImageError::UnknownSeries {
                    series: s.to_owned(),
                    reason,
                    known: series_options(data).into_iter().map(|o| o.series).collect(),
                });
            }
        },
        None => choose_series(data, None),
    };
    let Some(series) = chosen else {
        return match year {
            Some(_) => Err(MapImageError::NoOblastFigures),
            None => Ok(None),
        };
    };
    let year = match year {
        Some(y) if series.year_range().contains(&y) => y,
        Some(y) => {
            return Err(MapImageError::YearWithoutData {
                year: y,
                series: series.series.clone(),
                years: series.years.clone(),
                other_series: series_options(data)
                    .into_iter()
                    .filter(|o| o.has_values_in(y))
                    .map(|o| o.series)
                    .collect(),
            });
        }
        None => series.resolve_year(None),
    };
    let view = YearView::new(data, &series, year);
    let classes = series
        .classes
        .labels(series.unit)
        .into_iter()
        .zip(CHOROPLETH_RAMP)
        .map(|(label, color)| LegendClass { label, color })
        .collect();
    let units = view
        .units
        .iter()
        .filter_map(|u| {
            let fill = view.fill_of(&u.region)?;
            let label = u.value.is_some().then(|| {
                let mut text = view.value_text(&u.region, series.unit);
                if u.caveat.is_some() {
                    text.push('*');
                }
                text
            });
            Some(UnitValue {
                hasc: u.region.clone(),
                fill,
                label,
            })
        })
        .collect();
    let mut notes: Vec<String> = series.classes_note().into_iter().collect();
    if view.has_caveats() {
        notes.push("* part of the year only, or year not stated".to_owned());
    }
    let mut source_ids: Vec<String> = values(data, &series.series, year)
        .iter()
        .map(|f| f.source.clone())
        .collect();
    source_ids.sort();
    source_ids.dedup();
    Ok(Some(OblastLayer {
        heading: series.legend_title(year),
        series: series.series,
        year,
        classes,
        no_data_label: NO_DATA_LABEL,
        units,
        reported: view.reported_text(),
        notes,
        source_ids,
    }))
}
