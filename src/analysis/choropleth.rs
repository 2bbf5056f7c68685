//! Which oblast figures can colour the map, and the classes they fall into.

use crate::model::{Dataset, Figure, Reading, RegionKind, Unit};
use crate::style::{CHOROPLETH_RAMP, Rgba};

/// A figure series × year that has values for Kazakh units.
#[derive(Debug, Clone, PartialEq)]
pub struct ChoroplethOption {
    pub series: String,
    pub year: i32,
    pub label: String,
    pub unit: Unit,
}

fn is_unit_region(data: &Dataset, region: &str) -> bool {
    data.region(region)
        .is_some_and(|r| matches!(r.kind, RegionKind::Oblast | RegionKind::City))
}

/// Amounts (not percentage changes) reported for oblasts, one option per series and year.
pub fn options(data: &Dataset) -> Vec<ChoroplethOption> {
    let mut out: Vec<ChoroplethOption> = Vec::new();
    // Seen (series, year): imported layers can add many figures per option.
    let mut seen: std::collections::HashSet<(&str, i32)> = Default::default();
    for f in &data.figures {
        let Some(year) = f.year else { continue };
        if f.unit == Unit::Percent
            || f.reading != Reading::Adopted
            || !is_unit_region(data, &f.region)
        {
            continue;
        }
        if !seen.insert((f.series.as_str(), year)) {
            continue;
        }
        let metric = f.metric.replace('_', " ");
        let mut label = format!(
            "{} {metric}, {year} ({})",
            capitalise(f.drug.label()),
            f.unit.symbol()
        );
        // Imported values say so, and which file they came from.
        if let Some(mark) = crate::import::merge::mark(data, f) {
            label = format!("{label}, {mark}");
        }
        out.push(ChoroplethOption {
            series: f.series.clone(),
            year,
            label,
            unit: f.unit,
        });
    }
    out
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// The value of each unit that has one for `series` in `year` (HASC key → figure).
pub fn values<'a>(data: &'a Dataset, series: &str, year: i32) -> Vec<&'a Figure> {
    data.figures
        .iter()
        .filter(|f| {
            f.series == series
                && f.year == Some(year)
                && f.reading == Reading::Adopted
                && is_unit_region(data, &f.region)
        })
        .collect()
}

/// Equal-interval classes from 0 to the largest value, one per ramp colour.
#[derive(Debug, Clone, PartialEq)]
pub struct Classes {
    /// Upper bound of each class (the last is the maximum).
    pub upper: Vec<f64>,
}

impl Classes {
    pub fn new(values: &[f64]) -> Classes {
        let max = values.iter().copied().fold(0.0_f64, f64::max);
        let n = CHOROPLETH_RAMP.len();
        Classes {
            upper: (1..=n).map(|i| max * i as f64 / n as f64).collect(),
        }
    }

    /// Class index of a value (0 = lightest).
    pub fn class_of(&self, value: f64) -> usize {
        self.upper
            .iter()
            .position(|u| value <= *u)
            .unwrap_or(self.upper.len().saturating_sub(1))
    }

    pub fn color_of(&self, value: f64) -> Rgba {
        CHOROPLETH_RAMP[self.class_of(value).min(CHOROPLETH_RAMP.len() - 1)]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::load::load_embedded;

    #[test]
    fn oblast_heroin_2006_is_an_option_with_its_three_units() {
        let data = load_embedded().unwrap();
        let opts = options(&data);
        let heroin = opts
            .iter()
            .find(|o| o.series == "oblast-heroin-seizures" && o.year == 2006)
            .expect("heroin 2006 option");
        assert_eq!(heroin.unit, Unit::Kilogram);
        let v = values(&data, &heroin.series, heroin.year);
        let mut keys: Vec<&str> = v.iter().map(|f| f.region.as_str()).collect();
        keys.sort();
        assert_eq!(keys, ["KZ.AC", "KZ.SK", "KZ.WK"]);
        // Percentage changes never colour the map as amounts.
        assert!(opts.iter().all(|o| o.unit != Unit::Percent));
    }

    #[test]
    fn largest_value_gets_the_darkest_class_and_small_ones_the_lightest() {
        let c = Classes::new(&[151.1, 133.8, 89.0]);
        assert_eq!(c.class_of(151.1), CHOROPLETH_RAMP.len() - 1);
        assert_eq!(c.class_of(10.0), 0);
        assert!(c.class_of(89.0) < c.class_of(151.1));
    }
}
