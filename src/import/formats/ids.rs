//! Format 3: UNODC individual drug seizure records, one row per seizure,
//! one sheet (or file) per year. Amounts (grams, kilograms, tablets,
//! litres…) are summed per country, drug, year and kind of unit, with the
//! number of seizures kept as a series of its own. Departure → destination
//! pairs become flows between countries.

use std::collections::HashMap;

use super::country::{self, Outside};
use super::missing;
use crate::import::builder::{Observation, SeriesDef};
use crate::import::report::RowRef;
use crate::import::table::{
    Cell, Column, Ctx, Header, RowReader, drug_and_unit, text_at, year_in_name,
};
use crate::import::{CountryFlow, FormatExtras};
use crate::model::{Basis, Qualifier, Reading, Unit, YearKind};

pub const REQUIRED: &[&str] = &[
    "COUNTRY_OF_SEIZURE (or COUNTRY)",
    "DRUG_NAME",
    "AMOUNT_OF_DRUG (or AMOUNT)",
    "DRUG_UNIT",
];

const COUNTRY: &[&str] = &["countryofseizure", "country"];
const DRUG: &[&str] = &["drugname"];
const AMOUNT: &[&str] = &["amountofdrug", "amount"];
const UNIT: &[&str] = &["drugunit"];
const YEAR: &[&str] = &["year", "yearofseizure", "seizureyear", "referenceyear"];
const DEPARTURE: &[&str] = &["departurecountry"];
const DESTINATION: &[&str] = &["destinationcountry"];

/// Country fields that name no country.
fn no_country(t: &str) -> bool {
    let f = crate::import::text::fold(t);
    f.is_empty()
        || matches!(
            f.as_str(),
            "unknown" | "other" | "n a" | "na" | "none" | "not known"
        )
}

pub struct Ids {
    country: Column,
    drug: Column,
    amount: Column,
    unit: Column,
    year: Option<Column>,
    departure: Option<Column>,
    destination: Option<Column>,
    /// Year of the sheet or file when there is no year column.
    sheet_year: Option<i32>,
    outside: Outside,
    flows: HashMap<(String, String, String, i32), CountryFlow>,
}

impl Ids {
    pub fn from_header(h: &Header) -> Result<Ids, Vec<&'static str>> {
        let lacking = missing(
            h,
            &[
                ("COUNTRY_OF_SEIZURE (or COUNTRY)", COUNTRY),
                ("DRUG_NAME", DRUG),
                ("AMOUNT_OF_DRUG (or AMOUNT)", AMOUNT),
                ("DRUG_UNIT", UNIT),
            ],
        );
        match (h.find(COUNTRY), h.find(DRUG), h.find(AMOUNT), h.find(UNIT)) {
            (Some(country), Some(drug), Some(amount), Some(unit)) => Ok(Ids {
                country,
                drug,
                amount,
                unit,
                year: h.find(YEAR),
                departure: h.find(DEPARTURE),
                destination: h.find(DESTINATION),
                sheet_year: None,
                outside: Outside::default(),
                flows: HashMap::new(),
            }),
            _ => Err(lacking),
        }
    }
}

impl RowReader for Ids {
    fn start_sheet(&mut self, ctx: &mut Ctx<'_>) {
        self.sheet_year = year_in_name(&ctx.sheet).or_else(|| year_in_name(&ctx.file_name));
        if self.year.is_none() {
            match self.sheet_year {
                Some(y) => ctx.report.note(format!(
                    "no year column: the year {y} is taken from the {} name '{}'",
                    if year_in_name(&ctx.sheet).is_some() {
                        "sheet"
                    } else {
                        "file"
                    },
                    if year_in_name(&ctx.sheet).is_some() {
                        ctx.sheet.clone()
                    } else {
                        ctx.file_name.clone()
                    }
                )),
                None => {
                    let sheet = ctx.sheet_index;
                    ctx.report.file_problem(
                        Some(sheet),
                        None,
                        "no year: add a YEAR column, or name the sheet or the file by its year (e.g. 2015)"
                            .to_owned(),
                    );
                }
            }
        }
    }

    fn row(&mut self, ctx: &mut Ctx<'_>, at: RowRef, cells: &[Cell<'_>]) {
        let year = match &self.year {
            Some(col) => {
                let col = col.clone();
                match ctx.year(at, cells, &col) {
                    Some(y) => y,
                    None => {
                        ctx.report.skip(at, "year not usable");
                        return;
                    }
                }
            }
            None => match self.sheet_year {
                Some(y) => y,
                None => {
                    ctx.report.skip(at, "no year for the sheet");
                    return;
                }
            },
        };
        let Some((drug, unit, unit_text)) = drug_and_unit(
            ctx,
            at,
            cells,
            &self.drug,
            &self.unit,
            "no unit: the amount cannot be read without one",
        ) else {
            return;
        };
        let Some(amount) = ctx.number(at, cells, &self.amount) else {
            ctx.report.skip(at, "value not usable");
            return;
        };
        let value = amount * unit.factor;
        if unit.factor != 1.0 {
            ctx.report.note(format!(
                "amounts in '{unit_text}' converted to {} (x {})",
                unit.unit.key(),
                crate::export::csv::format_value(unit.factor)
            ));
        }
        // Flows between countries, wherever the seizure was made.
        let mut used = false;
        if let (Some(dep), Some(dest)) = (&self.departure, &self.destination) {
            let from = text_at(cells, dep).into_owned();
            let to = text_at(cells, dest).into_owned();
            if !no_country(&from) && !no_country(&to) {
                let key = (from.clone(), to.clone(), drug.name.clone(), year);
                let flow = self.flows.entry(key).or_insert_with(|| CountryFlow {
                    from_name: from.clone(),
                    to_name: to.clone(),
                    from: ctx.regions.find(&from).ok().map(|m| m.target().to_owned()),
                    to: ctx.regions.find(&to).ok().map(|m| m.target().to_owned()),
                    drug: drug.name.clone(),
                    year,
                    seizures: 0,
                    amount_kg: 0.0,
                });
                flow.seizures += 1;
                if unit.unit == Unit::Kilogram {
                    flow.amount_kg += value;
                }
                used = true;
            }
        }
        let region = match country::country(ctx, &mut self.outside, at, cells, None, &self.country)
        {
            Ok(r) => r,
            Err(reason) => {
                // A row that fed a flow was used even if its country is not ours.
                if !used {
                    ctx.report.skip(at, reason);
                }
                return;
            }
        };
        let (kind, what) = match (unit.unit, unit.counted) {
            (Unit::Count, Some(what)) => (format!("count-{what}"), what.to_owned()),
            (u, _) => (u.key().to_owned(), u.symbol().to_owned()),
        };
        let dslug = drug.key();
        let amount_series = ctx
            .builder
            .series(&format!("ids-{dslug}-{kind}"), || SeriesDef {
                key: String::new(),
                label: format!("{} seized, {what} (individual seizures)", drug.label()),
                metric: "seizures".to_owned(),
                drug: drug.drug,
                drug_name: drug.name.clone(),
                unit: unit.unit,
            });
        let count_series = ctx
            .builder
            .series(&format!("ids-{dslug}-number-of-seizures"), || SeriesDef {
                key: String::new(),
                label: format!("{}: number of seizures (individual seizures)", drug.label()),
                metric: "number_of_seizures".to_owned(),
                drug: drug.drug,
                drug_name: drug.name.clone(),
                unit: Unit::Count,
            });
        let name = text_at(cells, &self.country).into_owned();
        for (series, v) in [(amount_series, value), (count_series, 1.0)] {
            ctx.builder.add(
                Observation {
                    series,
                    region: &region,
                    region_name: &name,
                    year: Some(year),
                    period: None,
                    year_kind: YearKind::Reference,
                    months: None,
                    value: v,
                    qualifier: Qualifier::Exact,
                    basis: Basis::Derived,
                    reading: Reading::Adopted,
                    source: 0,
                    id: None,
                    formula: Some("sum of the individual seizures in the file"),
                    note: None,
                    at,
                },
                &mut ctx.report,
            );
        }
    }

    fn finish(self: Box<Self>, ctx: &mut Ctx<'_>) -> FormatExtras {
        self.outside.note(ctx);
        let mut flows: Vec<CountryFlow> = self.flows.into_values().collect();
        flows.sort_by(|a, b| {
            b.seizures
                .cmp(&a.seizures)
                .then(a.year.cmp(&b.year))
                .then(a.from_name.cmp(&b.from_name))
                .then(a.to_name.cmp(&b.to_name))
                // The rest of the key, so that the order is the same on
                // every read (the map's order is not).
                .then(a.drug.cmp(&b.drug))
        });
        if !flows.is_empty() {
            ctx.report.note(format!(
                "{} departure-destination pairs kept as flows between countries",
                flows.len()
            ));
        }
        FormatExtras { flows }
    }
}
