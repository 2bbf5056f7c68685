//! Format 5: a sub-national table: region, year, drug, value, unit (any
//! order; headers in English or Russian). Regions are oblast names in any
//! spelling; units created after 2018 map onto their 1997–2018 oblast.
//! Optional: an indicator (series) column, a source column, a note column.

use super::long::{note_mapping, report_region};
use super::missing;
use crate::import::FormatExtras;
use crate::import::builder::{Observation, SeriesDef};
use crate::import::report::RowRef;
use crate::import::table::{Cell, Column, Ctx, Header, RowReader, drug_and_unit, text_at};
use crate::import::text::slug;
use crate::model::{Basis, Qualifier, Reading, Source, Unit, YearKind};

pub const REQUIRED: &[&str] = &["Region (or Oblast)", "Year", "Drug", "Value", "Unit"];

const REGION: &[&str] = &[
    "region",
    "oblast",
    "province",
    "oblys",
    "regionname",
    "admin1",
    "area",
    "регион",
    "область",
    "облыс",
];
const YEAR: &[&str] = &["year", "referenceyear", "год", "жыл"];
const DRUG: &[&str] = &[
    "drug",
    "drugname",
    "substance",
    "наркотик",
    "виднаркотика",
    "вещество",
];
const VALUE: &[&str] = &[
    "value",
    "amount",
    "quantity",
    "seized",
    "количество",
    "значение",
    "объем",
];
const UNIT: &[&str] = &[
    "unit",
    "units",
    "unitofmeasurement",
    "едизм",
    "единица",
    "единицаизмерения",
];
const SERIES: &[&str] = &["indicator", "series", "metric", "показатель"];
const SOURCE: &[&str] = &["source", "источник"];
const NOTE: &[&str] = &["note", "notes", "comment", "примечание"];

pub struct Subnational {
    region: Column,
    year: Column,
    drug: Column,
    value: Column,
    unit: Column,
    series: Option<Column>,
    source: Option<Column>,
    note: Option<Column>,
}

impl Subnational {
    pub fn from_header(h: &Header) -> Result<Subnational, Vec<&'static str>> {
        let lacking = missing(
            h,
            &[
                ("Region (or Oblast)", REGION),
                ("Year", YEAR),
                ("Drug", DRUG),
                ("Value", VALUE),
                ("Unit", UNIT),
            ],
        );
        match (
            h.find(REGION),
            h.find(YEAR),
            h.find(DRUG),
            h.find(VALUE),
            h.find(UNIT),
        ) {
            (Some(region), Some(year), Some(drug), Some(value), Some(unit)) => Ok(Subnational {
                region,
                year,
                drug,
                value,
                unit,
                series: h.find(SERIES),
                source: h.find(SOURCE),
                note: h.find(NOTE),
            }),
            _ => Err(lacking),
        }
    }
}

impl RowReader for Subnational {
    fn row(&mut self, ctx: &mut Ctx<'_>, at: RowRef, cells: &[Cell<'_>]) {
        let region_text = text_at(cells, &self.region).into_owned();
        let matched = match ctx.regions.find(&region_text) {
            Ok(m) => m,
            Err(e) => {
                report_region(ctx, at, &self.region, &region_text, e);
                return;
            }
        };
        note_mapping(ctx, &matched, &region_text);
        let Some(year) = ctx.year(at, cells, &self.year) else {
            ctx.report.skip(at, "year not usable");
            return;
        };
        let Some((drug, unit, unit_text)) = drug_and_unit(
            ctx,
            at,
            cells,
            &self.drug,
            &self.unit,
            "no unit: every value needs one (kg, g, t, tablets, l…)",
        ) else {
            return;
        };
        let Some(value) = ctx.number(at, cells, &self.value) else {
            ctx.report.skip(at, "value not usable");
            return;
        };
        if unit.factor != 1.0 {
            ctx.report.note(format!(
                "values in '{unit_text}' converted to {} (x {})",
                unit.unit.key(),
                crate::export::csv::format_value(unit.factor)
            ));
        }
        let indicator = self
            .series
            .as_ref()
            .map(|c| text_at(cells, c).into_owned())
            .filter(|t| !t.is_empty());
        let (kind, what) = match (unit.unit, unit.counted) {
            (Unit::Count, Some(what)) => (format!("count-{what}"), what.to_owned()),
            (u, _) => (u.key().to_owned(), u.symbol().to_owned()),
        };
        let key = match &indicator {
            Some(ind) => format!("{}-{}-{kind}", slug(ind), drug.key()),
            None => format!("{}-seizures-{kind}", drug.key()),
        };
        let label = match &indicator {
            Some(ind) => format!("{ind}: {} ({what})", drug.label()),
            None => format!("{} seizures ({what})", drug.label()),
        };
        let series = ctx.builder.series(&key, || SeriesDef {
            key: String::new(),
            label,
            metric: indicator.clone().unwrap_or_else(|| "seizures".to_owned()),
            drug: drug.drug,
            drug_name: drug.name.clone(),
            unit: unit.unit,
        });
        let source = match self
            .source
            .as_ref()
            .map(|c| text_at(cells, c).into_owned())
            .filter(|t| !t.is_empty())
        {
            Some(s) => {
                let file = ctx.file_name.clone();
                ctx.source(&format!("cited:{}", slug(&s)), || Source {
                    id: String::new(),
                    title: s.clone(),
                    publisher: format!("as cited in {file}"),
                    date: String::new(),
                    author: None,
                    via: None,
                })
            }
            None => 0,
        };
        let note = self
            .note
            .as_ref()
            .map(|c| text_at(cells, c).into_owned())
            .filter(|t| !t.is_empty());
        ctx.builder.add(
            Observation {
                series,
                region: &matched,
                region_name: &region_text,
                year: Some(year),
                period: None,
                year_kind: YearKind::Reference,
                months: None,
                value: value * unit.factor,
                qualifier: Qualifier::Exact,
                basis: Basis::Stated,
                reading: Reading::Adopted,
                source,
                id: None,
                formula: None,
                note: note.as_deref(),
                at,
            },
            &mut ctx.report,
        );
    }

    fn finish(self: Box<Self>, _ctx: &mut Ctx<'_>) -> FormatExtras {
        FormatExtras::default()
    }
}
