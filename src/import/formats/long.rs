//! Format 1: the long ("tidy") CSV that `export figures` writes, one value
//! per row. Columns are found by name, so files written by older and newer
//! versions of the program both read: the required ones are series (or
//! series_id), region, year (or period), value, unit and source (or
//! source_id); id, drug, metric, region_name, basis (stated_or_derived),
//! reading, qualifier, period, formula and note are used when present.

use std::borrow::Cow;

use super::missing;
use crate::import::FormatExtras;
use crate::import::builder::{Observation, SeriesDef};
use crate::import::regions::{Matched, NoMatch};
use crate::import::report::RowRef;
use crate::import::table::{Cell, Column, Ctx, Header, RowReader, text_at};
use crate::import::vocab;
use crate::model::{
    Basis, Dataset, Drug, Months, Period, Qualifier, Reading, Source, Unit, YearKind,
};

pub const REQUIRED: &[&str] = &["series_id", "region", "year", "value", "unit", "source_id"];

const SERIES: &[&str] = &["seriesid", "series"];
const REGION: &[&str] = &["region", "regionid", "regionkey"];
const YEAR: &[&str] = &["year"];
const PERIOD: &[&str] = &["period"];
const PERIOD_FROM: &[&str] = &["periodfrom", "from"];
const PERIOD_TO: &[&str] = &["periodto", "to"];
const VALUE: &[&str] = &["value"];
const UNIT: &[&str] = &["unit"];
const SOURCE: &[&str] = &["sourceid", "source"];

#[derive(Clone)]
pub struct Long {
    series: Column,
    region: Column,
    year: Option<Column>,
    period: Option<Column>,
    period_from: Option<Column>,
    period_to: Option<Column>,
    value: Column,
    unit: Column,
    source: Column,
    id: Option<Column>,
    drug: Option<Column>,
    metric: Option<Column>,
    region_name: Option<Column>,
    basis: Option<Column>,
    reading: Option<Column>,
    qualifier: Option<Column>,
    formula: Option<Column>,
    note: Option<Column>,
    year_kind: Option<Column>,
    months_from: Option<Column>,
    months_to: Option<Column>,
    source_title: Option<Column>,
    source_publisher: Option<Column>,
    source_date: Option<Column>,
    source_author: Option<Column>,
    /// Citations of the sources the curated dataset knows, to keep them whole.
    curated_sources: Vec<Source>,
}

impl Long {
    pub fn from_header(h: &Header, curated: &Dataset) -> Result<Long, Vec<&'static str>> {
        let has_when = h.find(YEAR).is_some() || h.find(PERIOD).is_some();
        let mut lacking = missing(
            h,
            &[
                ("series_id", SERIES),
                ("region", REGION),
                ("value", VALUE),
                ("unit", UNIT),
                ("source_id", SOURCE),
            ],
        );
        if !has_when {
            lacking.push("year");
        }
        let (Some(series), Some(region), Some(value), Some(unit), Some(source), true) = (
            h.find(SERIES),
            h.find(REGION),
            h.find(VALUE),
            h.find(UNIT),
            h.find(SOURCE),
            has_when,
        ) else {
            return Err(lacking);
        };
        Ok(Long {
            series,
            region,
            year: h.find(YEAR),
            period: h.find(PERIOD),
            period_from: h.find(PERIOD_FROM),
            period_to: h.find(PERIOD_TO),
            value,
            unit,
            source,
            id: h.find(&["id", "figureid"]),
            drug: h.find(&["drug"]),
            metric: h.find(&["metric"]),
            region_name: h.find(&["regionname"]),
            basis: h.find(&["basis", "statedorderived"]),
            reading: h.find(&["reading"]),
            qualifier: h.find(&["qualifier"]),
            formula: h.find(&["formula"]),
            note: h.find(&["note", "notes"]),
            year_kind: h.find(&["yearkind"]),
            months_from: h.find(&["monthsfrom"]),
            months_to: h.find(&["monthsto"]),
            source_title: h.find(&["sourcetitle"]),
            source_publisher: h.find(&["sourcepublisher"]),
            source_date: h.find(&["sourcedate"]),
            source_author: h.find(&["sourceauthor"]),
            curated_sources: curated.sources.clone(),
        })
    }
}

fn drug_from_key(key: &str) -> Option<Drug> {
    [
        Drug::Opiates,
        Drug::Heroin,
        Drug::Opium,
        Drug::MorphineBase,
        Drug::OpiumPoppy,
        Drug::AllDrugs,
        Drug::None,
        Drug::Other,
    ]
    .into_iter()
    .find(|d| d.key() == key)
}

fn unit_from_key(key: &str) -> Option<Unit> {
    [
        Unit::Kilogram,
        Unit::Tonne,
        Unit::Percent,
        Unit::SquareMetre,
        Unit::Hectare,
        Unit::Kilometre,
        Unit::Count,
        Unit::Litre,
    ]
    .into_iter()
    .find(|u| u.key() == key)
}

fn qualifier_from_key(key: &str) -> Option<Qualifier> {
    [
        Qualifier::Exact,
        Qualifier::Approximate,
        Qualifier::LessThan,
        Qualifier::MoreThan,
        Qualifier::RangeLow,
        Qualifier::RangeHigh,
    ]
    .into_iter()
    .find(|q| q.key() == key)
}

/// "2002-2006" → a period.
fn period_text(t: &str) -> Option<Period> {
    let (a, b) = t.split_once(['-', '–'])?;
    let from = crate::import::text::parse_year_text(a).ok()?;
    let to = crate::import::text::parse_year_text(b).ok()?;
    (from <= to).then_some(Period { from, to })
}

/// What older exports put into the note column (qualifier, printed reading,
/// period, formula), taken back out; the rest is the note.
struct NoteParts {
    qualifier: Option<Qualifier>,
    printed: bool,
    period: Option<Period>,
    formula: Option<String>,
    note: Option<String>,
}

fn split_note(text: &str) -> NoteParts {
    let mut parts = NoteParts {
        qualifier: None,
        printed: false,
        period: None,
        formula: None,
        note: None,
    };
    let mut rest = text.trim();
    loop {
        if let Some(r) = rest.strip_prefix("qualifier: ") {
            let (q, tail) = r.split_once("; ").unwrap_or((r, ""));
            match qualifier_from_key(q) {
                Some(q) => parts.qualifier = Some(q),
                None => break,
            }
            rest = tail;
        } else if let Some(r) = rest.strip_prefix("printed reading (not used by default)") {
            parts.printed = true;
            rest = r.strip_prefix("; ").unwrap_or(r);
        } else if let Some(r) = rest.strip_prefix("period ") {
            let (p, tail) = r.split_once("; ").unwrap_or((r, ""));
            match period_text(p) {
                Some(p) => parts.period = Some(p),
                None => break,
            }
            rest = tail;
        } else if let Some(r) = rest.strip_prefix("formula: ") {
            // The formula runs to the end unless a note follows; notes are
            // free text, so the formula is kept whole.
            parts.formula = Some(r.to_owned());
            rest = "";
        } else {
            break;
        }
    }
    if !rest.is_empty() {
        parts.note = Some(rest.to_owned());
    }
    parts
}

/// A text cell as written by `export figures`: the quote that guards
/// against spreadsheet formulas is taken off again.
fn txt<'c>(cells: &'c [Cell<'_>], col: &Column) -> Cow<'c, str> {
    match text_at(cells, col) {
        Cow::Borrowed(t) => Cow::Borrowed(crate::export::csv::restore_text(t)),
        Cow::Owned(t) => Cow::Owned(crate::export::csv::restore_text(&t).to_owned()),
    }
}

fn opt_text<'c>(cells: &'c [Cell<'_>], col: &Option<Column>) -> Option<Cow<'c, str>> {
    col.as_ref()
        .map(|c| txt(cells, c))
        .filter(|t| !t.is_empty())
}

fn year_kind_from_key(key: &str) -> Option<YearKind> {
    [
        YearKind::Reference,
        YearKind::Publication,
        YearKind::Inferred,
    ]
    .into_iter()
    .find(|k| k.key() == key)
}

impl RowReader for Long {
    fn row(&mut self, ctx: &mut Ctx<'_>, at: RowRef, cells: &[Cell<'_>]) {
        let series_key = txt(cells, &self.series);
        if series_key.is_empty() {
            ctx.report
                .problem(at, Some(&self.series.name), "no series id".to_owned());
            ctx.report.skip(at, "no series id");
            return;
        }
        let unit_text = txt(cells, &self.unit);
        let unit = match unit_from_key(&unit_text).or_else(|| {
            vocab::unit(&unit_text)
                .filter(|u| u.factor == 1.0)
                .map(|u| u.unit)
        }) {
            Some(u) => u,
            None => {
                let msg = if unit_text.is_empty() {
                    "no unit: every value needs one (kg, t, percent, m2, ha, km, count, l)"
                        .to_owned()
                } else {
                    format!(
                        "unknown unit '{unit_text}'; expected kg, t, percent, m2, ha, km, count or l"
                    )
                };
                ctx.report.problem(at, Some(&self.unit.name), msg);
                ctx.report.skip(at, "no usable unit");
                return;
            }
        };
        // Changes in percent may be negative; amounts may not.
        let value = if unit == Unit::Percent {
            ctx.signed_number(at, cells, &self.value)
        } else {
            ctx.number(at, cells, &self.value)
        };
        let Some(value) = value else {
            ctx.report.skip(at, "value not usable");
            return;
        };
        // Region: a dataset key or any name for it.
        let region_text = txt(cells, &self.region);
        let matched = match ctx.regions.find(&region_text) {
            Ok(m) => m,
            Err(e) => {
                report_region(ctx, at, &self.region, &region_text, e);
                return;
            }
        };
        note_mapping(ctx, &matched, &region_text);
        // Note parts written by older exports, then explicit columns.
        let note_parts = opt_text(cells, &self.note)
            .map(|t| {
                // Newer exports have their own columns: the note is only a note.
                if self.formula.is_some() {
                    NoteParts {
                        qualifier: None,
                        printed: false,
                        period: None,
                        formula: None,
                        note: Some(t.into_owned()),
                    }
                } else {
                    split_note(&t)
                }
            })
            .unwrap_or(NoteParts {
                qualifier: None,
                printed: false,
                period: None,
                formula: None,
                note: None,
            });
        let year_text = self
            .year
            .as_ref()
            .map(|c| txt(cells, c))
            .unwrap_or(Cow::Borrowed(""));
        let mut year = None;
        let mut period = note_parts.period;
        if !year_text.is_empty() {
            if let Some(p) = period_text(&year_text) {
                period = Some(p);
            } else {
                let col = self.year.clone();
                match col.as_ref().map(|c| ctx.year(at, cells, c)) {
                    Some(Some(y)) => year = Some(y),
                    _ => {
                        ctx.report.skip(at, "year not usable");
                        return;
                    }
                }
            }
        }
        if let Some(t) = opt_text(cells, &self.period) {
            match period_text(&t) {
                Some(p) => period = Some(p),
                None => {
                    let col = self.period.as_ref().map(|c| c.name.clone());
                    ctx.report.problem(
                        at,
                        col.as_deref(),
                        format!("'{t}' is not a period (write it as 2002-2006)"),
                    );
                    ctx.report.skip(at, "year not usable");
                    return;
                }
            }
        }
        if let (Some(a), Some(b)) = (
            opt_text(cells, &self.period_from),
            opt_text(cells, &self.period_to),
        ) && let Some(p) = period_text(&format!("{a}-{b}"))
        {
            period = Some(p);
        }
        if year.is_none() && period.is_none() {
            let name = self.year.as_ref().map(|c| c.name.clone());
            ctx.report
                .problem(at, name.as_deref(), "no year or period".to_owned());
            ctx.report.skip(at, "year not usable");
            return;
        }
        let drug_text = opt_text(cells, &self.drug);
        let drug = match &drug_text {
            Some(t) => drug_from_key(t)
                .or_else(|| vocab::drug(t).map(|d| d.drug))
                .unwrap_or(Drug::Other),
            None => Drug::None,
        };
        let qualifier = match opt_text(cells, &self.qualifier) {
            Some(t) => match qualifier_from_key(&t) {
                Some(q) => q,
                None => {
                    let col = self.qualifier.as_ref().map(|c| c.name.clone());
                    ctx.report.problem(
                        at,
                        col.as_deref(),
                        format!(
                            "unknown qualifier '{t}'; expected exact, approximate, less_than, \
                             more_than, range_low or range_high"
                        ),
                    );
                    ctx.report.skip(at, "unknown qualifier");
                    return;
                }
            },
            None => note_parts.qualifier.unwrap_or_default(),
        };
        let year_kind = match opt_text(cells, &self.year_kind) {
            None => YearKind::Reference,
            Some(t) => {
                match year_kind_from_key(&t) {
                    Some(k) => k,
                    None => {
                        let col = self.year_kind.as_ref().map(|c| c.name.clone());
                        ctx.report.problem(
                        at,
                        col.as_deref(),
                        format!("unknown year kind '{t}'; expected reference, publication or inferred"),
                    );
                        ctx.report.skip(at, "unknown year kind");
                        return;
                    }
                }
            }
        };
        let months = match (
            opt_text(cells, &self.months_from),
            opt_text(cells, &self.months_to),
        ) {
            (None, None) => None,
            (a, b) => {
                let m = |t: Option<Cow<str>>| {
                    t.and_then(|t| t.parse::<u8>().ok())
                        .filter(|m| (1..=12).contains(m))
                };
                match (m(a.clone()), m(b.clone())) {
                    (Some(from), Some(to)) if from <= to => Some(Months { from, to }),
                    _ => {
                        let col = self.months_from.as_ref().map(|c| c.name.clone());
                        ctx.report.problem(
                            at,
                            col.as_deref(),
                            format!(
                                "months '{}' to '{}' are not two months 1-12 in order",
                                a.unwrap_or_default(),
                                b.unwrap_or_default()
                            ),
                        );
                        ctx.report.skip(at, "months not usable");
                        return;
                    }
                }
            }
        };
        let reading = match opt_text(cells, &self.reading).as_deref() {
            Some("printed") => Reading::Printed,
            Some("adopted") => Reading::Adopted,
            Some(other) => {
                let col = self.reading.as_ref().map(|c| c.name.clone());
                ctx.report.problem(
                    at,
                    col.as_deref(),
                    format!("unknown reading '{other}'; expected adopted or printed"),
                );
                ctx.report.skip(at, "unknown reading");
                return;
            }
            None if note_parts.printed => Reading::Printed,
            None => Reading::Adopted,
        };
        let basis = match opt_text(cells, &self.basis).as_deref() {
            Some("derived") => Basis::Derived,
            Some("stated") | None => Basis::Stated,
            Some(other) => {
                let col = self.basis.as_ref().map(|c| c.name.clone());
                ctx.report.problem(
                    at,
                    col.as_deref(),
                    format!("unknown basis '{other}'; expected stated or derived"),
                );
                ctx.report.skip(at, "unknown basis");
                return;
            }
        };
        let formula = opt_text(cells, &self.formula).or(note_parts.formula.map(Cow::Owned));
        let source_id = txt(cells, &self.source);
        let owned = |c: &Option<Column>| opt_text(cells, c).map(|t| t.into_owned());
        let known_source = ctx.sources.iter().position(|s| s.id == *source_id);
        let source = if source_id.is_empty() {
            0
        } else if let Some(i) = known_source {
            i as u32
        } else {
            let curated = &self.curated_sources;
            let file = ctx.file_name.clone();
            ctx.source(&source_id, || {
                let known = curated.iter().find(|s| s.id == source_id).cloned();
                let (title, publisher, date, author) = (
                    owned(&self.source_title),
                    owned(&self.source_publisher),
                    owned(&self.source_date),
                    owned(&self.source_author),
                );
                // The citation the file carries; else the curated record of
                // the same id; else only the id.
                match (title, known) {
                    (Some(title), known) => Source {
                        id: String::new(),
                        title,
                        publisher: publisher.unwrap_or_default(),
                        date: date.unwrap_or_default(),
                        author,
                        via: known.and_then(|k| k.via),
                    },
                    (None, Some(k)) => k,
                    (None, None) => Source {
                        id: String::new(),
                        title: source_id.to_string(),
                        publisher: format!("named in {file}"),
                        date: String::new(),
                        author: None,
                        via: None,
                    },
                }
            })
        };
        let series = ctx.builder.series(&series_key, || SeriesDef {
            key: String::new(),
            label: series_key.to_string(),
            metric: opt_text(cells, &self.metric)
                .map(|t| t.into_owned())
                .unwrap_or_else(|| "value".to_owned()),
            drug,
            drug_name: drug_text
                .as_deref()
                .map(str::to_owned)
                .unwrap_or_else(|| drug.label().to_owned()),
            unit,
        });
        if ctx.builder.series[series as usize].unit != unit {
            let expected = ctx.builder.series[series as usize].unit.key();
            ctx.report.problem(
                at,
                Some(&self.unit.name),
                format!(
                    "series '{series_key}' has values in {expected} and in {}: one series, one unit",
                    unit.key()
                ),
            );
            ctx.report.skip(at, "unit differs within a series");
            return;
        }
        let region_name = opt_text(cells, &self.region_name).unwrap_or(Cow::Borrowed(&region_text));
        let id = opt_text(cells, &self.id);
        ctx.builder.add(
            Observation {
                series,
                region: &matched,
                region_name: &region_name,
                year,
                period,
                year_kind,
                months,
                value,
                qualifier,
                basis,
                reading,
                source,
                id: id.as_deref(),
                formula: formula.as_deref(),
                note: note_parts.note.as_deref(),
                at,
            },
            &mut ctx.report,
        );
    }

    fn finish(self: Box<Self>, _ctx: &mut Ctx<'_>) -> FormatExtras {
        FormatExtras::default()
    }

    fn fork(&self) -> Option<Box<dyn RowReader + Send>> {
        Some(Box::new(self.clone()))
    }
}

/// Report a region that did not match: unknown (with the nearest names) or
/// ambiguous. The row is skipped.
pub fn report_region(ctx: &mut Ctx<'_>, at: RowRef, col: &Column, text: &str, e: NoMatch) {
    match e {
        NoMatch::Empty => {
            ctx.report
                .problem(at, Some(&col.name), "no region".to_owned());
            ctx.report.skip(at, "no region");
        }
        NoMatch::Unknown { nearest } => {
            let hint = if nearest.is_empty() {
                String::new()
            } else {
                format!("; nearest: {}", nearest.join(", "))
            };
            ctx.report.problem(
                at,
                Some(&col.name),
                format!("unknown region '{text}'{hint}"),
            );
            ctx.report.skip(at, "unknown region");
        }
        NoMatch::Ambiguous(names) => {
            ctx.report.problem(
                at,
                Some(&col.name),
                format!(
                    "region '{text}' could be {}; write one of them",
                    names.join(" or ")
                ),
            );
            ctx.report.skip(at, "ambiguous region");
        }
    }
}

/// Tell the user once that a post-2018 unit was counted under its
/// 1997–2018 oblast.
pub fn note_mapping(ctx: &mut Ctx<'_>, matched: &Matched, text: &str) {
    if let Matched::Reorganised(r) = matched {
        let target = ctx.regions.name_of(r.onto);
        let how = match r.change {
            crate::import::regions::Change::Renamed => format!("renamed in {}", r.year),
            crate::import::regions::Change::SplitOff => format!("split off in {}", r.year),
        };
        ctx.report.note(format!(
            "'{text}' is {} ({how}): counted under {target} ({}), the 1997–2018 oblast it belongs to",
            r.name, r.onto
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_of_older_exports_come_apart() {
        let p = split_note(
            "qualifier: range_low; printed reading (not used by default); period 2002-2006; formula: a / b",
        );
        assert_eq!(p.qualifier, Some(Qualifier::RangeLow));
        assert!(p.printed);
        assert_eq!(
            p.period,
            Some(Period {
                from: 2002,
                to: 2006
            })
        );
        assert_eq!(p.formula.as_deref(), Some("a / b"));
        assert_eq!(p.note, None);
        let q = split_note("Just a note; with a semicolon");
        assert_eq!(q.note.as_deref(), Some("Just a note; with a semicolon"));
    }
}
