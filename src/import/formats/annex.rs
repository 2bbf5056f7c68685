//! Format 2: UNODC World Drug Report statistical annex, "Drug seizures"
//! (xlsx sheet `Seizures` with a title row above the header, or CSV).
//! `Kilograms` is bulk weight. One series per `DrugName`; names are never
//! added together, so an aggregate row and its parts stay apart.

use super::country::{self, Outside};
use super::missing;
use crate::import::FormatExtras;
use crate::import::builder::{Observation, SeriesDef};
use crate::import::report::RowRef;
use crate::import::table::{Cell, Column, Ctx, Header, RowReader, text_at};
use crate::import::text::slug;
use crate::import::vocab;
use crate::model::{Basis, Qualifier, Reading, Unit, YearKind};

pub const REQUIRED: &[&str] = &[
    "Country",
    "DrugName",
    "Reference year",
    "Kilograms",
    "msCode or Iso3_code",
];

const COUNTRY: &[&str] = &["country"];
const DRUG: &[&str] = &["drugname"];
const YEAR: &[&str] = &["referenceyear"];
const KG: &[&str] = &["kilograms"];
const CODE: &[&str] = &["iso3code", "mscode", "iso3"];

pub struct Annex {
    country: Column,
    drug: Column,
    year: Column,
    kg: Column,
    code: Option<Column>,
    outside: Outside,
}

impl Annex {
    pub fn from_header(h: &Header) -> Result<Annex, Vec<&'static str>> {
        let mut lacking = missing(
            h,
            &[
                ("Country", COUNTRY),
                ("DrugName", DRUG),
                ("Reference year", YEAR),
                ("Kilograms", KG),
            ],
        );
        // The code column tells the annex from other country tables.
        if h.find(CODE).is_none() {
            lacking.push("msCode or Iso3_code");
        }
        match (
            h.find(COUNTRY),
            h.find(DRUG),
            h.find(YEAR),
            h.find(KG),
            h.find(CODE),
        ) {
            (Some(country), Some(drug), Some(year), Some(kg), Some(code)) => Ok(Annex {
                country,
                drug,
                year,
                kg,
                code: Some(code),
                outside: Outside::default(),
            }),
            _ => Err(lacking),
        }
    }
}

impl RowReader for Annex {
    fn row(&mut self, ctx: &mut Ctx<'_>, at: RowRef, cells: &[Cell<'_>]) {
        let region = match country::country(
            ctx,
            &mut self.outside,
            at,
            cells,
            self.code.as_ref(),
            &self.country,
        ) {
            Ok(r) => r,
            Err(reason) => {
                ctx.report.skip(at, reason);
                return;
            }
        };
        let drug_text = text_at(cells, &self.drug).into_owned();
        let Some(drug) = vocab::drug(&drug_text) else {
            ctx.report
                .problem(at, Some(&self.drug.name), "no drug name".to_owned());
            ctx.report.skip(at, "no drug name");
            return;
        };
        let Some(year) = ctx.year(at, cells, &self.year) else {
            ctx.report.skip(at, "year not usable");
            return;
        };
        if cells.get(self.kg.index).is_none_or(Cell::is_blank) {
            ctx.report.skip(at, "no value in Kilograms");
            return;
        }
        let Some(kg) = ctx.number(at, cells, &self.kg) else {
            ctx.report.skip(at, "value not usable");
            return;
        };
        let key = format!("annex-{}-seizures", slug(&drug.name));
        let series = ctx.builder.series(&key, || SeriesDef {
            key: String::new(),
            label: format!("{} seizures (UNODC annex)", drug.name),
            metric: "seizures".to_owned(),
            drug: drug.drug,
            drug_name: drug.name.clone(),
            unit: Unit::Kilogram,
        });
        let name = text_at(cells, &self.country).into_owned();
        ctx.builder.add(
            Observation {
                series,
                region: &region,
                region_name: &name,
                year: Some(year),
                period: None,
                year_kind: YearKind::Reference,
                months: None,
                value: kg,
                qualifier: Qualifier::Exact,
                basis: Basis::Stated,
                reading: Reading::Adopted,
                source: 0,
                id: None,
                formula: None,
                note: Some("bulk weight, not purity-adjusted"),
                at,
            },
            &mut ctx.report,
        );
    }

    fn finish(self: Box<Self>, ctx: &mut Ctx<'_>) -> FormatExtras {
        self.outside.note(ctx);
        FormatExtras::default()
    }
}
