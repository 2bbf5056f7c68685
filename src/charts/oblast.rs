//! The oblast data the four oblast views share: per chosen oblast and drug,
//! its amounts (adopted and printed) and its stated changes.

use std::collections::HashMap;

use super::format::figure_tooltip;
use super::regions::region_name;
use super::{ChartDrug, ChartOptions, Marker, StatedChange};
use crate::model::{Dataset, Figure, Qualifier, Reading, YearKind};
use crate::style::{self, Rgba};

pub(crate) fn level_series(drug: &str) -> String {
    format!("oblast-{drug}-seizures")
}

pub(crate) fn change_series(drug: &str) -> String {
    format!("oblast-{drug}-seizure-change")
}

/// One oblast and one drug.
pub(crate) struct OblastDrug<'a> {
    pub key: String,
    /// Position of the oblast among the chosen ones (its colour).
    pub oblast_index: usize,
    pub oblast: String,
    pub drug: &'static str,
    /// Amounts (adopted reading), by year.
    pub levels: Vec<&'a Figure>,
    /// Amounts as printed, where the data keeps a printed reading.
    pub printed: Vec<&'a Figure>,
    /// Stated changes (no amount).
    pub changes: Vec<&'a Figure>,
}

impl OblastDrug<'_> {
    /// "South Kazakhstan (heroin)".
    pub fn label(&self) -> String {
        format!("{} ({})", self.oblast, self.drug)
    }

    pub fn level(&self, year: i32) -> Option<&Figure> {
        self.levels.iter().copied().find(|f| f.year == Some(year))
    }

    pub fn printed_at(&self, year: i32) -> Option<&Figure> {
        self.printed.iter().copied().find(|f| f.year == Some(year))
    }

    pub fn change(&self, year: i32) -> Option<&Figure> {
        self.changes.iter().copied().find(|f| f.year == Some(year))
    }

    /// The oblast's colour (the same in every oblast view).
    pub fn color(&self) -> Rgba {
        style::series_color(self.oblast_index)
    }

    /// Heroin on circles, opium on squares.
    pub fn marker(&self) -> Marker {
        if self.drug == "opium" {
            Marker::Square
        } else {
            Marker::Circle
        }
    }

    pub fn series_ids(&self) -> Vec<String> {
        vec![level_series(self.drug), change_series(self.drug)]
    }

    /// The legend name with what is missing: ": no figure", ": stated change only".
    pub fn legend_name(&self) -> String {
        let mut name = self.label();
        if self.levels.is_empty() && self.changes.is_empty() {
            name.push_str(": no figure");
        } else if self.levels.is_empty() {
            name.push_str(": stated change only");
        }
        name
    }
}

/// The chosen oblasts × the drug's drugs, in legend order.
pub(crate) fn chosen<'a>(ds: &'a Dataset, options: &ChartOptions) -> Vec<OblastDrug<'a>> {
    let mut out = Vec::new();
    // Where each (oblast, drug) goes in `out`.
    let mut slots: HashMap<(&str, &str), Vec<usize>> = HashMap::new();
    for (oblast_index, key) in options.oblasts.iter().enumerate() {
        let oblast = region_name(ds, key);
        for d in options.drug.drugs() {
            slots.entry((key.as_str(), *d)).or_default().push(out.len());
            out.push(OblastDrug {
                key: key.clone(),
                oblast_index,
                oblast: oblast.clone(),
                drug: d,
                levels: vec![],
                printed: vec![],
                changes: vec![],
            });
        }
    }
    // One pass over the figures (not one per oblast: at 100× the data that
    // was 200 scans of 10,000 figures per chart).
    let series: Vec<(String, String, &str)> = options
        .drug
        .drugs()
        .iter()
        .map(|d| (level_series(d), change_series(d), *d))
        .collect();
    for f in &ds.figures {
        let Some((drug, level)) = series.iter().find_map(|(l, c, d)| {
            if f.series == *l {
                Some((*d, true))
            } else if f.series == *c {
                Some((*d, false))
            } else {
                None
            }
        }) else {
            continue;
        };
        // A key chosen twice: every copy gets the figures.
        for &i in slots.get(&(f.region.as_str(), drug)).into_iter().flatten() {
            let od = &mut out[i];
            match (level, f.reading) {
                (true, Reading::Adopted) => od.levels.push(f),
                (true, Reading::Printed) => od.printed.push(f),
                (false, Reading::Adopted) => od.changes.push(f),
                _ => {}
            }
        }
    }
    for od in &mut out {
        od.levels.sort_by_key(|f| f.year);
        od.printed.sort_by_key(|f| f.year);
        od.changes.sort_by_key(|f| f.year);
    }
    out
}

/// Years with an oblast amount for the drug, in any oblast (sorted).
pub(crate) fn amount_years(ds: &Dataset, drug: ChartDrug) -> Vec<i32> {
    years_of(ds, drug, level_series)
}

/// Years with a stated oblast change for the drug, in any oblast (sorted).
pub(crate) fn change_years(ds: &Dataset, drug: ChartDrug) -> Vec<i32> {
    years_of(ds, drug, change_series)
}

fn years_of(ds: &Dataset, drug: ChartDrug, series: impl Fn(&str) -> String) -> Vec<i32> {
    let mut years: Vec<i32> = drug
        .drugs()
        .iter()
        .flat_map(|d| ds.series(&series(d)))
        .filter_map(|f| f.year)
        .collect();
    years.sort_unstable();
    years.dedup();
    years
}

/// A stated change as a strip mark for series `series` in `panel`.
pub(crate) fn stated_change(
    ds: &Dataset,
    od: &OblastDrug,
    c: &Figure,
    series: usize,
    panel: usize,
) -> StatedChange {
    let base = if c.note.as_deref().unwrap_or("").contains("base year") {
        "base year not stated"
    } else {
        "base not stated"
    };
    let text = change_text(c);
    let base = if c.year_kind == YearKind::Inferred {
        format!("{base}; year inferred")
    } else {
        base.to_owned()
    };
    StatedChange {
        panel,
        series,
        x: f64::from(c.year.unwrap_or_default()),
        change_percent: c.value,
        note: format!("{text} ({base})"),
        text,
        tooltip: format!(
            "{}\nA stated change without an amount: not drawn on the value axis.",
            figure_tooltip(ds, &format!("{}, {} seizure change", od.oblast, od.drug), c)
        ),
        figure_ids: vec![c.id.clone()],
    }
}

/// "−94 %", "over +5,000 %".
pub(crate) fn change_text(c: &Figure) -> String {
    let sign = if c.value > 0.0 { "+" } else { "" };
    let qual = match c.qualifier {
        Qualifier::MoreThan => "over ",
        Qualifier::LessThan => "under ",
        Qualifier::Approximate => "about ",
        _ => "",
    };
    format!("{qual}{sign}{} %", super::format::fmt_num(c.value))
}
