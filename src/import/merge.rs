//! The curated dataset plus imported layers, as one `Dataset` every view
//! reads. The curated records are copied unchanged; imported ids are
//! namespaced (`imported:KEY:…`) so they can never collide with or
//! overwrite curated ones, and every imported source's title starts with
//! "imported · FILE", so each tooltip, legend, CSV row and image citing it
//! says where the value came from.

use super::ImportedLayer;
use super::text::slug;
use crate::model::{Dataset, Source};

/// Start of every imported id.
pub const PREFIX: &str = "imported:";

/// Most imported values the window shows at once; beyond it the views
/// (which scan the figures every frame) would no longer keep up.
pub const MAX_WINDOW_VALUES: usize = 250_000;

pub fn is_imported(id: &str) -> bool {
    id.starts_with(PREFIX)
}

/// A short key per layer, unique among them: the file name as a slug,
/// with `-2`, `-3` for repeats.
pub fn layer_keys(layers: &[ImportedLayer]) -> Vec<String> {
    let mut keys: Vec<String> = Vec::with_capacity(layers.len());
    for l in layers {
        let base = slug(&l.name);
        let mut key = base.clone();
        let mut n = 2;
        while keys.contains(&key) {
            key = format!("{base}-{n}");
            n += 1;
        }
        keys.push(key);
    }
    keys
}

/// `imported:KEY:ID`.
pub fn namespaced(key: &str, id: &str) -> String {
    format!("{PREFIX}{key}:{id}")
}

/// The layer sources as the merged dataset cites them.
pub fn layer_sources(layer: &ImportedLayer, key: &str) -> Vec<Source> {
    layer
        .sources
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let mut s = s.clone();
            s.title = if i == 0 {
                layer.mark()
            } else {
                format!("{}: {}", layer.mark(), s.title)
            };
            if i == 0 && s.date.is_empty() {
                s.date = "undated".to_owned();
            }
            s.id = namespaced(key, &s.id);
            s
        })
        .collect()
}

/// Curated records unchanged, then each layer's sources and figures.
pub fn merged(curated: &Dataset, layers: &[ImportedLayer]) -> Dataset {
    let mut ds = curated.clone();
    if layers.is_empty() {
        return ds;
    }
    let total: usize = layers.iter().map(|l| l.values.len()).sum();
    ds.figures.reserve(total);
    for (layer, key) in layers.iter().zip(layer_keys(layers)) {
        ds.sources.extend(layer_sources(layer, &key));
        for mut f in layer.figures() {
            f.id = namespaced(&key, &f.id);
            f.series = namespaced(&key, &f.series);
            f.source = namespaced(&key, &f.source);
            ds.figures.push(f);
        }
    }
    ds
}

/// Legend text of a merged series id: the layer's label and its mark.
pub fn series_label(layers: &[ImportedLayer], series_id: &str) -> Option<String> {
    let rest = series_id.strip_prefix(PREFIX)?;
    for (layer, key) in layers.iter().zip(layer_keys(layers)) {
        if let Some(s) = rest
            .strip_prefix(key.as_str())
            .and_then(|r| r.strip_prefix(':'))
            && let Some(def) = layer.series.iter().find(|d| d.key == s)
        {
            return Some(format!("{} ({})", def.label, layer.mark()));
        }
    }
    None
}

/// Where a chart draws imported values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartLevel {
    /// Kazakhstan as a whole (the national chart).
    National,
    /// Kazakh oblasts and cities (the oblast comparison).
    Oblasts,
}

/// Imported kg series with values at a level: (merged id, legend text
/// ending in "imported · FILE").
pub fn kg_series(
    layers: &[ImportedLayer],
    ds: &Dataset,
    level: ChartLevel,
) -> Vec<(String, String)> {
    use crate::model::{RegionKind, Unit};
    let mut out = Vec::new();
    for (layer, key) in layers.iter().zip(layer_keys(layers)) {
        // One pass over the values: which series have a value at this level.
        let mut fits = vec![false; layer.series.len()];
        let mut region_fits: std::collections::HashMap<u32, bool> = Default::default();
        for v in &layer.values {
            let i = v.series as usize;
            if fits.get(i).copied().unwrap_or(true) || layer.series[i].unit != Unit::Kilogram {
                continue;
            }
            let ok = *region_fits.entry(v.region).or_insert_with(|| {
                let region = layer.strings.get(v.region);
                match level {
                    ChartLevel::National => region == "KZ",
                    ChartLevel::Oblasts => ds.region(region).is_some_and(|r| {
                        r.country == "KZ" && matches!(r.kind, RegionKind::Oblast | RegionKind::City)
                    }),
                }
            });
            if ok {
                fits[i] = true;
            }
        }
        for (def, fit) in layer.series.iter().zip(fits) {
            if fit {
                out.push((
                    namespaced(&key, &def.key),
                    format!("{} ({})", def.label, layer.mark()),
                ));
            }
        }
    }
    out
}

/// "imported · FILE" for a figure from an imported layer, None for curated.
pub fn mark(ds: &Dataset, f: &crate::model::Figure) -> Option<String> {
    if !is_imported(&f.source) {
        return None;
    }
    let title = &ds.source(&f.source)?.title;
    Some(title.split(": ").next().unwrap_or(title).to_owned())
}
