//! The oblasts a chart can compare, and how names given by the user resolve.

use super::ChartDrug;
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
    oblast_choices(ds)
        .into_iter()
        .map(|(k, _)| k)
        .filter(|k| {
            drug.drugs().iter().any(|d| {
                ds.figures.iter().any(|f| {
                    &f.region == k
                        && f.reading == Reading::Adopted
                        && (f.series == super::oblast::level_series(d)
                            || (changes_too && f.series == super::oblast::change_series(d)))
                })
            })
        })
        .collect()
}

pub(crate) fn region_name(ds: &Dataset, key: &str) -> String {
    ds.region(key)
        .map(|r| r.name.clone())
        .unwrap_or_else(|| key.to_owned())
}
