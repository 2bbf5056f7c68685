//! The oblasts a chart can compare, and how names given by the user resolve.

use super::ChartDrug;
use std::collections::{HashMap, HashSet};

use crate::model::{Dataset, Reading, RegionKind};

/// Kazakh oblasts and cities with oblast status, in dataset order.
pub fn oblast_choices(ds: &Dataset) -> Vec<(String, String)> {
    ds.regions
        .iter()
        .filter(|r| matches!(r.kind, RegionKind::Oblast | RegionKind::City) && r.country == "KZ")
        .map(|r| (r.id.clone(), r.name.clone()))
        .collect()
}

/// A region key (`KZ.YK`), name or alias (case-insensitive) → the oblast's key.
/// The error lists every valid key and name.
pub fn resolve_oblast(ds: &Dataset, text: &str) -> Result<String, String> {
    let wanted = text.trim().to_lowercase();
    for r in &ds.regions {
        if !matches!(r.kind, RegionKind::Oblast | RegionKind::City) || r.country != "KZ" {
            continue;
        }
        let hit = r.id.to_lowercase() == wanted
            || r.name.to_lowercase() == wanted
            || r.aliases.iter().any(|a| a.to_lowercase() == wanted);
        if hit {
            return Ok(r.id.clone());
        }
    }
    let valid: Vec<String> = oblast_choices(ds)
        .into_iter()
        .map(|(k, n)| format!("{k} ({n})"))
        .collect();
    Err(format!(
        "unknown oblast '{}'; valid oblasts: {}",
        text.trim(),
        valid.join(", ")
    ))
}

/// Oblasts (dataset order) with any amount or stated change for the drug.
pub fn oblasts_with_figures(ds: &Dataset, drug: ChartDrug) -> Vec<String> {
    oblasts_where(ds, drug, true)
}

/// Oblasts (dataset order) with an amount (not only a stated change) for
/// the drug: what the oblast views open on.
pub fn oblasts_with_amounts(ds: &Dataset, drug: ChartDrug) -> Vec<String> {
    oblasts_where(ds, drug, false)
}

fn oblasts_where(ds: &Dataset, drug: ChartDrug, changes_too: bool) -> Vec<String> {
    // One pass over the figures (at 100× the data, 200 oblasts × 10,000
    // figures scanned per oblast cost milliseconds a frame).
    let mut series: Vec<String> = Vec::new();
    for d in drug.drugs() {
        series.push(super::oblast::level_series(d));
        if changes_too {
            series.push(super::oblast::change_series(d));
        }
    }
    let with: HashSet<&str> = ds
        .figures
        .iter()
        .filter(|f| f.reading == Reading::Adopted && series.contains(&f.series))
        .map(|f| f.region.as_str())
        .collect();
    oblast_choices(ds)
        .into_iter()
        .map(|(k, _)| k)
        .filter(|k| with.contains(k.as_str()))
        .collect()
}

/// With more oblasts than this having amounts for the drug, the oblast views
/// open on the largest ones (one colour each: the palette has ten) and say so.
pub const OBLAST_OPENING_LIMIT: usize = 10;

/// Which oblasts an oblast view opens on when there are more than
/// [`OBLAST_OPENING_LIMIT`] with amounts.
#[derive(Debug, Clone, PartialEq)]
pub struct LargestOblasts {
    /// The largest oblasts by amount in `year`, sorted by key (the order the
    /// window lists a choice in, so screen and image agree).
    pub keys: Vec<String>,
    /// How many oblasts have an amount for the drug (any year).
    pub with_amounts: usize,
    /// The year ranked by: the chart's year, else the latest with amounts.
    pub year: i32,
}

/// The [`OBLAST_OPENING_LIMIT`] oblasts with the largest amount of the drug in
/// `year` (default: the latest year with oblast amounts); for opiates, an
/// oblast's larger of its heroin and opium amounts. Oblasts without an amount
/// in that year follow those with one, in dataset order. `None` when no more
/// than the limit have amounts: then every one of them is shown.
pub fn largest_oblasts(ds: &Dataset, drug: ChartDrug, year: Option<i32>) -> Option<LargestOblasts> {
    let with_amounts = oblasts_with_amounts(ds, drug);
    if with_amounts.len() <= OBLAST_OPENING_LIMIT {
        return None;
    }
    let year = year.or_else(|| super::oblast::amount_years(ds, drug).last().copied())?;
    let series: Vec<String> = drug
        .drugs()
        .iter()
        .map(|d| super::oblast::level_series(d))
        .collect();
    let mut amount: HashMap<&str, f64> = HashMap::new();
    for f in ds.figures.iter().filter(|f| {
        f.year == Some(year) && f.reading == Reading::Adopted && series.contains(&f.series)
    }) {
        let a = amount.entry(f.region.as_str()).or_insert(f.value);
        *a = a.max(f.value);
    }
    let mut ranked: Vec<(usize, &String)> = with_amounts.iter().enumerate().collect();
    // Largest first; stable, so ties and oblasts without an amount keep
    // dataset order.
    ranked.sort_by(|(_, a), (_, b)| {
        let (a, b) = (amount.get(a.as_str()), amount.get(b.as_str()));
        match (a, b) {
            (Some(x), Some(y)) => y.total_cmp(x),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        }
    });
    let mut keys: Vec<String> = ranked
        .into_iter()
        .take(OBLAST_OPENING_LIMIT)
        .map(|(_, k)| k.clone())
        .collect();
    keys.sort();
    Some(LargestOblasts {
        keys,
        with_amounts: with_amounts.len(),
        year,
    })
}

/// What an oblast view with many oblasts says about the ones it shows:
/// "showing the 10 of 200 oblasts with heroin amounts that are largest in
/// 2049; ..." (`None` when no more than the limit have amounts: nothing is
/// left out by default).
pub(crate) fn shown_note(ds: &Dataset, options: &super::ChartOptions) -> Option<String> {
    let largest = largest_oblasts(ds, options.drug, options.year)?;
    let drug = match options.drug {
        ChartDrug::Opiates => "heroin or opium",
        d => d.key(),
    };
    let mut chosen: Vec<&String> = options.oblasts.iter().collect();
    chosen.sort();
    chosen.dedup();
    let is_largest = chosen.len() == largest.keys.len()
        && chosen.iter().zip(&largest.keys).all(|(a, b)| *a == b);
    Some(if is_largest {
        format!(
            "showing the {} of {} oblasts with {drug} amounts that are largest in {}; \
             choose others in the oblast list (--oblasts)",
            largest.keys.len(),
            largest.with_amounts,
            largest.year
        )
    } else {
        format!(
            "{} oblasts chosen of the {} with {drug} amounts",
            chosen.len(),
            largest.with_amounts
        )
    })
}

pub(crate) fn region_name(ds: &Dataset, key: &str) -> String {
    ds.region(key)
        .map(|r| r.name.clone())
        .unwrap_or_else(|| key.to_owned())
}
