//! `Dataset` → every problem at once, each naming the record and field.

use std::collections::{HashMap, HashSet};
use std::fmt;

use super::{Basis, Dataset, Figure, Unit, YearKind};

/// Earliest and latest year a figure may refer to.
pub const YEAR_MIN: i32 = 1900;
pub const YEAR_MAX: i32 = 2100;
/// No single figure in this domain comes near this (kg, km, m², people…);
/// anything larger is a unit or typing mistake.
pub const VALUE_MAX: f64 = 1.0e9;

/// One semantic problem: which record, which field, what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Collection name: `sources`, `places`, `routes`, …
    pub collection: &'static str,
    /// Record id (or `#index` when the id itself is missing).
    pub record: String,
    pub field: String,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} '{}' field '{}': {}",
            self.collection, self.record, self.field, self.message
        )
    }
}

struct Checker {
    problems: Vec<Problem>,
}

impl Checker {
    fn push(&mut self, collection: &'static str, record: &str, field: &str, message: String) {
        self.problems.push(Problem {
            collection,
            record: record.to_owned(),
            field: field.to_owned(),
            message,
        });
    }

    /// Ids must be non-empty and unique within a collection. Returns the set.
    fn ids<'a>(
        &mut self,
        collection: &'static str,
        ids: impl Iterator<Item = &'a str>,
    ) -> HashSet<&'a str> {
        let mut seen = HashSet::new();
        for (index, id) in ids.enumerate() {
            if id.trim().is_empty() {
                self.push(collection, &format!("#{index}"), "id", "is empty".into());
            } else if !seen.insert(id) {
                self.push(collection, id, "id", "duplicate id".into());
            }
        }
        seen
    }

    fn refs(
        &mut self,
        collection: &'static str,
        record: &str,
        field: &str,
        refs: &[String],
        known: &HashSet<&str>,
        what: &str,
    ) {
        for r in refs {
            if !known.contains(r.as_str()) {
                self.push(collection, record, field, format!("unknown {what} '{r}'"));
            }
        }
    }

    /// A list of references that must name at least one record.
    fn required(
        &mut self,
        collection: &'static str,
        record: &str,
        field: &str,
        refs: &[String],
        what: &str,
    ) {
        if refs.is_empty() {
            self.push(
                collection,
                record,
                field,
                format!("needs at least one {what}"),
            );
        }
    }

    fn non_empty(&mut self, collection: &'static str, record: &str, field: &str, value: &str) {
        if value.trim().is_empty() {
            self.push(collection, record, field, "is empty".into());
        }
    }

    fn country(&mut self, collection: &'static str, record: &str, field: &str, code: &str) {
        let ok = code.len() == 2 && code.chars().all(|c| c.is_ascii_uppercase());
        if !ok {
            self.push(
                collection,
                record,
                field,
                format!("'{code}' is not an ISO 3166-1 alpha-2 country code"),
            );
        }
    }

    fn year(&mut self, record: &str, field: &str, year: i32) {
        if !(YEAR_MIN..=YEAR_MAX).contains(&year) {
            self.push(
                "figures",
                record,
                field,
                format!("year {year} is outside {YEAR_MIN}–{YEAR_MAX}"),
            );
        }
    }
}

/// Every problem in the dataset; empty means valid.
pub fn validate(data: &Dataset) -> Vec<Problem> {
    let mut c = Checker {
        problems: Vec::new(),
    };
    if data.schema_version != 1 {
        c.push(
            "dataset",
            "dataset",
            "schema_version",
            format!("unsupported version {} (expected 1)", data.schema_version),
        );
    }
    c.non_empty("dataset", "dataset", "title", &data.title);

    let sources = c.ids("sources", data.sources.iter().map(|s| s.id.as_str()));
    let regions = c.ids("regions", data.regions.iter().map(|r| r.id.as_str()));
    let places = c.ids("places", data.places.iter().map(|p| p.id.as_str()));
    let routes = c.ids("routes", data.routes.iter().map(|r| r.id.as_str()));
    c.ids("flows", data.flows.iter().map(|f| f.id.as_str()));
    c.ids("figures", data.figures.iter().map(|f| f.id.as_str()));
    c.ids("notes", data.notes.iter().map(|n| n.id.as_str()));

    for note in &data.notes {
        c.non_empty("notes", &note.id, "text", &note.text);
        c.refs(
            "notes",
            &note.id,
            "sources",
            &note.sources,
            &sources,
            "source",
        );
    }

    for s in &data.sources {
        c.non_empty("sources", &s.id, "title", &s.title);
        c.non_empty("sources", &s.id, "publisher", &s.publisher);
        check_date(&mut c, &s.id, &s.date);
    }

    for r in &data.regions {
        c.non_empty("regions", &r.id, "name", &r.name);
        c.country("regions", &r.id, "country", &r.country);
    }

    for p in &data.places {
        c.non_empty("places", &p.id, "name", &p.name);
        c.country("places", &p.id, "country", &p.country);
        if !p.lat.is_finite() || !(-90.0..=90.0).contains(&p.lat) {
            c.push(
                "places",
                &p.id,
                "lat",
                format!("latitude {} is outside −90…90", p.lat),
            );
        }
        if !p.lon.is_finite() || !(-180.0..=180.0).contains(&p.lon) {
            c.push(
                "places",
                &p.id,
                "lon",
                format!("longitude {} is outside −180…180", p.lon),
            );
        }
        if p.roles.is_empty() {
            c.push("places", &p.id, "roles", "needs at least one role".into());
        }
        c.required("places", &p.id, "sources", &p.sources, "source");
        c.refs("places", &p.id, "sources", &p.sources, &sources, "source");
    }

    for r in &data.routes {
        c.non_empty("routes", &r.id, "name", &r.name);
        c.non_empty("routes", &r.id, "passage", &r.passage);
        c.country("routes", &r.id, "origin_country", &r.origin_country);
        if let Some(dest) = &r.destination_country {
            c.country("routes", &r.id, "destination_country", dest);
        }
        if r.waypoints.len() < 2 {
            c.push(
                "routes",
                &r.id,
                "waypoints",
                format!(
                    "has {} waypoint(s); a route needs at least 2",
                    r.waypoints.len()
                ),
            );
        }
        for (i, w) in r.waypoints.iter().enumerate() {
            if !places.contains(w.place.as_str()) {
                c.push(
                    "routes",
                    &r.id,
                    &format!("waypoints[{i}].place"),
                    format!("unknown place '{}'", w.place),
                );
            }
            if i > 0 && r.waypoints[i - 1].place == w.place {
                c.push(
                    "routes",
                    &r.id,
                    &format!("waypoints[{i}].place"),
                    format!("'{}' repeats the previous waypoint", w.place),
                );
            }
        }
        if let Some(v) = &r.variant_of {
            if v == &r.id {
                c.push(
                    "routes",
                    &r.id,
                    "variant_of",
                    "a route cannot be a variant of itself".into(),
                );
            } else if !routes.contains(v.as_str()) {
                c.push(
                    "routes",
                    &r.id,
                    "variant_of",
                    format!("unknown route '{v}'"),
                );
            }
        }
        c.required("routes", &r.id, "sources", &r.sources, "source");
        c.refs("routes", &r.id, "sources", &r.sources, &sources, "source");
    }

    for f in &data.flows {
        c.non_empty("flows", &f.id, "name", &f.name);
        c.non_empty("flows", &f.id, "description", &f.description);
        c.refs("flows", &f.id, "places", &f.places, &places, "place");
        c.required("flows", &f.id, "sources", &f.sources, "source");
        c.refs("flows", &f.id, "sources", &f.sources, &sources, "source");
        check_flow_paths(&mut c, data, f, &places);
    }

    // Values of one series must be comparable: same unit and drug.
    let mut series_shape: HashMap<&str, (Unit, super::Drug, &str)> = HashMap::new();
    for f in &data.figures {
        let id = f.id.as_str();
        c.non_empty("figures", id, "series", &f.series);
        c.non_empty("figures", id, "metric", &f.metric);
        c.non_empty("figures", id, "region_name", &f.region_name);
        if !regions.contains(f.region.as_str()) {
            c.push(
                "figures",
                id,
                "region",
                format!("unknown region '{}'", f.region),
            );
        }
        if !sources.contains(f.source.as_str()) {
            c.push(
                "figures",
                id,
                "source",
                format!("unknown source '{}'", f.source),
            );
        }
        check_value(&mut c, f);
        match (f.year, f.period) {
            (None, None) => c.push("figures", id, "year", "needs a year or a period".into()),
            _ => {
                if let Some(y) = f.year {
                    c.year(id, "year", y);
                }
                if let Some(p) = f.period {
                    c.year(id, "period.from", p.from);
                    c.year(id, "period.to", p.to);
                    if p.from > p.to {
                        c.push(
                            "figures",
                            id,
                            "period",
                            format!("starts ({}) after it ends ({})", p.from, p.to),
                        );
                    }
                }
            }
        }
        check_year_kind(&mut c, data, f);
        check_months(&mut c, f);
        match (f.basis, &f.formula) {
            (Basis::Derived, None) => c.push(
                "figures",
                id,
                "formula",
                "a derived value needs its formula".into(),
            ),
            (Basis::Derived, Some(formula)) if formula.trim().is_empty() => c.push(
                "figures",
                id,
                "formula",
                "a derived value needs its formula".into(),
            ),
            _ => {}
        }
        match series_shape.get(f.series.as_str()) {
            None => {
                series_shape.insert(f.series.as_str(), (f.unit, f.drug, id));
            }
            Some((unit, drug, first)) => {
                if *unit != f.unit {
                    c.push(
                        "figures",
                        id,
                        "unit",
                        format!(
                            "series '{}' mixes units: '{}' here, '{}' in '{first}'",
                            f.series,
                            f.unit.key(),
                            unit.key()
                        ),
                    );
                }
                if *drug != f.drug {
                    c.push(
                        "figures",
                        id,
                        "drug",
                        format!(
                            "series '{}' mixes drugs: '{}' here, '{}' in '{first}'",
                            f.series,
                            f.drug.key(),
                            drug.key()
                        ),
                    );
                }
            }
        }
    }
    c.problems
}

/// Each path has two ends or more; each end names a known place, or a country,
/// oblast or city (a loose area has no point to draw it at).
fn check_flow_paths(c: &mut Checker, data: &Dataset, f: &super::Flow, places: &HashSet<&str>) {
    use super::{FlowEnd, RegionKind};
    for (i, path) in f.paths.iter().enumerate() {
        if path.len() < 2 {
            c.push(
                "flows",
                &f.id,
                &format!("paths[{i}]"),
                format!("has {} end(s); a path needs at least 2", path.len()),
            );
        }
        for (j, end) in path.iter().enumerate() {
            let field = format!("paths[{i}][{j}]");
            match end {
                FlowEnd::Place(id) if !places.contains(id.as_str()) => {
                    c.push("flows", &f.id, &field, format!("unknown place '{id}'"));
                }
                FlowEnd::Region(id) => match data.region(id) {
                    None => c.push("flows", &f.id, &field, format!("unknown region '{id}'")),
                    Some(r) if r.kind == RegionKind::Area => c.push(
                        "flows",
                        &f.id,
                        &field,
                        format!("region '{id}' is a loose area with no point to draw it at"),
                    ),
                    Some(_) => {}
                },
                FlowEnd::Place(_) => {}
            }
            if j > 0 && path[j - 1] == *end {
                c.push(
                    "flows",
                    &f.id,
                    &field,
                    format!("'{}' repeats the previous end", end.id()),
                );
            }
        }
    }
}

fn check_value(c: &mut Checker, f: &Figure) {
    let id = f.id.as_str();
    let v = f.value;
    if !v.is_finite() {
        c.push(
            "figures",
            id,
            "value",
            format!("{v} is not a finite number"),
        );
        return;
    }
    // Percent changes may fall (down to −100 %); everything else is a count or amount.
    let is_change = f.unit == Unit::Percent && f.metric.contains("change");
    if is_change {
        if v < -100.0 {
            c.push(
                "figures",
                id,
                "value",
                format!("a change of {v} % is below −100 %"),
            );
        }
    } else if v < 0.0 {
        c.push("figures", id, "value", format!("{v} is negative"));
    }
    if f.unit == Unit::Percent && !is_change && v > 100.0 {
        c.push(
            "figures",
            id,
            "value",
            format!("a share of {v} % is above 100 %"),
        );
    }
    if v.abs() > VALUE_MAX {
        c.push(
            "figures",
            id,
            "value",
            format!("{v} {} is implausibly large", f.unit.key()),
        );
    }
}

/// A year that only stands in for an unstated one must be there, and a
/// publication year must be the year of the figure's own source.
fn check_year_kind(c: &mut Checker, data: &Dataset, f: &Figure) {
    if f.year_kind == YearKind::Reference {
        return;
    }
    let Some(year) = f.year else {
        c.push(
            "figures",
            &f.id,
            "year_kind",
            format!(
                "'{}' describes the year, but there is none",
                f.year_kind.key()
            ),
        );
        return;
    };
    if f.year_kind == YearKind::Publication
        && let Some(source) = data.source(&f.source)
        && let Some(published) = source.date.get(..4).and_then(|y| y.parse::<i32>().ok())
        && published != year
    {
        c.push(
            "figures",
            &f.id,
            "year",
            format!(
                "year {year} is marked as the year of publication, but source '{}' is dated {}",
                source.id, source.date
            ),
        );
    }
}

/// Months of a partial year: real months, in order, less than the whole year,
/// and a year for them to belong to.
fn check_months(c: &mut Checker, f: &Figure) {
    let Some(m) = f.months else {
        return;
    };
    let id = f.id.as_str();
    let mut in_range = true;
    for (field, month) in [("months.from", m.from), ("months.to", m.to)] {
        if !(1..=12).contains(&month) {
            in_range = false;
            c.push(
                "figures",
                id,
                field,
                format!("month {month} is outside 1–12"),
            );
        }
    }
    if in_range && m.from > m.to {
        c.push(
            "figures",
            id,
            "months",
            format!("starts (month {}) after it ends (month {})", m.from, m.to),
        );
    }
    if m.from == 1 && m.to == 12 {
        c.push(
            "figures",
            id,
            "months",
            "covers the whole year; leave it out".into(),
        );
    }
    if f.year.is_none() {
        c.push(
            "figures",
            id,
            "months",
            "needs a year for the months to belong to".into(),
        );
    }
}

/// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, year within range.
fn check_date(c: &mut Checker, id: &str, date: &str) {
    let parts: Vec<&str> = date.split('-').collect();
    let well_formed = !parts.is_empty()
        && parts.len() <= 3
        && parts[0].len() == 4
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(|ch| ch.is_ascii_digit()))
        && parts.iter().skip(1).all(|p| p.len() == 2);
    if !well_formed {
        c.push(
            "sources",
            id,
            "date",
            format!("'{date}' is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD"),
        );
        return;
    }
    let year: i32 = parts[0].parse().unwrap_or(0);
    let month: u32 = parts.get(1).and_then(|m| m.parse().ok()).unwrap_or(1);
    let day: u32 = parts.get(2).and_then(|d| d.parse().ok()).unwrap_or(1);
    if !(YEAR_MIN..=YEAR_MAX).contains(&year)
        || !(1..=12).contains(&month)
        || !(1..=31).contains(&day)
    {
        c.push(
            "sources",
            id,
            "date",
            format!("'{date}' is not a real date in {YEAR_MIN}–{YEAR_MAX}"),
        );
    }
}
