//! The oblast layer of a map image: which figure, which year, each unit's
//! class and value, and the legend. The one place that talks to
//! `analysis::choropleth`, so its API can change behind this function.

use super::MapImageError;
use crate::analysis::choropleth::{self, Classes};
use crate::basemap::Basemap;
use crate::model::Dataset;
use crate::style::{CHOROPLETH_RAMP, Rgba};

/// One legend class: values from `lower` (exclusive, except the first) to `upper`.
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
    /// Its class colour, or `None` for "no data".
    pub color: Option<Rgba>,
    /// "151.1 kg", for units with a value.
    pub label: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct OblastLayer {
    pub series: String,
    pub year: i32,
    /// Legend heading, with the year and unit: "Heroin seizures, 2006 (kg)".
    pub heading: String,
    pub classes: Vec<LegendClass>,
    pub units: Vec<UnitValue>,
    /// "3 of 16 oblasts reported".
    pub reported: String,
    /// Source ids of the values shown.
    pub source_ids: Vec<String>,
}

/// The layer for `series` (default: the first figure the oblast layer offers,
/// as in the window) in `year` (default: its latest year). Classes are fixed
/// over all the series' years, so a colour means the same amount in every
/// year. A year without data for the series is an error naming the years
/// that have data.
pub fn oblast_layer(
    data: &Dataset,
    basemap: &Basemap,
    series: Option<&str>,
    year: Option<i32>,
) -> Result<Option<OblastLayer>, MapImageError> {
    let options = choropleth::options(data);
    let series = match series {
        Some(s) => {
            if !options.iter().any(|o| o.series == s) {
                let mut known: Vec<String> = Vec::new();
                for o in &options {
                    if !known.contains(&o.series) {
                        known.push(o.series.clone());
                    }
                }
                return Err(MapImageError::UnknownSeries {
                    series: s.to_owned(),
                    known,
                });
            }
            s.to_owned()
        }
        None => match options.first() {
            Some(o) => o.series.clone(),
            None if year.is_some() => {
                return Err(MapImageError::NoOblastFigures);
            }
            None => return Ok(None),
        },
    };
    let mut years: Vec<i32> = options
        .iter()
        .filter(|o| o.series == series)
        .map(|o| o.year)
        .collect();
    years.sort_unstable();
    years.dedup();
    let year = match year {
        Some(y) if years.contains(&y) => y,
        Some(y) => {
            let others: Vec<String> = options
                .iter()
                .filter(|o| o.year == y && o.series != series)
                .map(|o| o.series.clone())
                .collect();
            return Err(MapImageError::YearWithoutData {
                year: y,
                series,
                years,
                other_series: others,
            });
        }
        None => match years.last() {
            Some(y) => *y,
            None => return Ok(None),
        },
    };
    let Some(option) = options
        .iter()
        .find(|o| o.series == series && o.year == year)
    else {
        return Ok(None);
    };
    // Classes over every year of the series.
    let all_values: Vec<f64> = years
        .iter()
        .flat_map(|y| choropleth::values(data, &series, *y))
        .map(|f| f.value)
        .collect();
    let classes = Classes::new(&all_values);
    let values = choropleth::values(data, &series, year);
    let unit = option.unit.symbol();
    let mut lower = 0.0;
    let legend: Vec<LegendClass> = classes
        .upper
        .iter()
        .enumerate()
        .map(|(i, upper)| {
            let c = LegendClass {
                label: format!("{lower:.0}–{upper:.0} {unit}"),
                color: CHOROPLETH_RAMP[i.min(CHOROPLETH_RAMP.len() - 1)],
            };
            lower = *upper;
            c
        })
        .collect();
    let units: Vec<UnitValue> = basemap
        .oblasts()
        .iter()
        .map(|o| match values.iter().find(|f| f.region == o.hasc) {
            Some(f) => UnitValue {
                hasc: o.hasc.clone(),
                color: Some(classes.color_of(f.value)),
                label: Some(format!("{} {}", f.value, f.unit.symbol())),
            },
            None => UnitValue {
                hasc: o.hasc.clone(),
                color: None,
                label: None,
            },
        })
        .collect();
    let reported = units.iter().filter(|u| u.color.is_some()).count();
    let mut source_ids: Vec<String> = values.iter().map(|f| f.source.clone()).collect();
    source_ids.sort();
    source_ids.dedup();
    Ok(Some(OblastLayer {
        series,
        year,
        heading: option.label.clone(),
        classes: legend,
        reported: format!("{reported} of {} oblasts reported", units.len()),
        units,
        source_ids,
    }))
}
