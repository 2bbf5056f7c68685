//! Format 4: Our World in Data grapher CSV: `Entity, Code, Year` (or `Day`)
//! then one or more value columns with long titles. Each value column is a
//! series; its unit comes from the title ("… (tonnes)"); a column whose
//! title names no unit is reported and left out.

use super::country::{self, Outside};
use crate::import::FormatExtras;
use crate::import::builder::{Observation, SeriesDef};
use crate::import::report::RowRef;
use crate::import::table::{Cell, Column, Ctx, Header, RowReader, text_at};
use crate::import::text::{fold, slug};
use crate::import::vocab::{self, UnitWord};
use crate::model::{Basis, Drug, Qualifier, Reading, YearKind};

pub const REQUIRED: &[&str] = &["Entity", "Code", "Year (or Day)", "a value column"];

struct ValueColumn {
    col: Column,
    unit: Option<UnitWord>,
    drug: Drug,
    series: Option<u32>,
}

pub struct Owid {
    entity: Column,
    code: Column,
    year: Column,
    /// `Day` (YYYY-MM-DD) instead of `Year`.
    day: bool,
    values: Vec<ValueColumn>,
    outside: Outside,
    announced: bool,
}

/// The opiate a title is about, if any ("Opium production" → opium).
fn drug_in_title(title: &str) -> Drug {
    let f = fold(title);
    let words: Vec<&str> = f.split(' ').collect();
    for (word, drug) in [
        ("heroin", Drug::Heroin),
        ("opium", Drug::Opium),
        ("morphine", Drug::MorphineBase),
        ("opiates", Drug::Opiates),
    ] {
        if words.contains(&word) {
            return drug;
        }
    }
    Drug::Other
}

impl Owid {
    pub fn from_header(h: &Header) -> Result<Owid, Vec<&'static str>> {
        let first = |i: usize| h.keys.get(i).map(String::as_str);
        let mut lacking = Vec::new();
        if first(0) != Some("entity") {
            lacking.push("Entity");
        }
        if first(1) != Some("code") {
            lacking.push("Code");
        }
        if !matches!(first(2), Some("year" | "day")) {
            lacking.push("Year (or Day)");
        }
        let value_names: Vec<(usize, &String)> = h
            .names
            .iter()
            .enumerate()
            .skip(3)
            .filter(|(_, n)| !n.trim().is_empty())
            .collect();
        if value_names.is_empty() {
            lacking.push("a value column");
        }
        if !lacking.is_empty() {
            return Err(lacking);
        }
        let values = value_names
            .into_iter()
            .map(|(i, n)| ValueColumn {
                col: Column {
                    index: i,
                    name: n.clone(),
                },
                unit: vocab::unit_in_title(n),
                drug: drug_in_title(n),
                series: None,
            })
            .collect();
        Ok(Owid {
            entity: Column {
                index: 0,
                name: h.names[0].clone(),
            },
            code: Column {
                index: 1,
                name: h.names[1].clone(),
            },
            year: Column {
                index: 2,
                name: h.names[2].clone(),
            },
            day: first(2) == Some("day"),
            values,
            outside: Outside::default(),
            announced: false,
        })
    }

    fn announce(&mut self, ctx: &mut Ctx<'_>) {
        self.announced = true;
        let sheet = ctx.sheet_index;
        for v in &self.values {
            match v.unit {
                None => ctx.report.file_problem(
                    Some(sheet),
                    Some(&v.col.name),
                    "the title names no unit (such as '(kg)' or '(tonnes)'); its values are \
                     left out"
                        .to_owned(),
                ),
                Some(u) if u.factor != 1.0 => ctx.report.note(format!(
                    "column '{}' converted to {} (x {})",
                    v.col.name,
                    u.unit.key(),
                    crate::export::csv::format_value(u.factor)
                )),
                Some(_) => {}
            }
        }
    }
}

impl RowReader for Owid {
    fn row(&mut self, ctx: &mut Ctx<'_>, at: RowRef, cells: &[Cell<'_>]) {
        if !self.announced {
            self.announce(ctx);
        }
        let year = if self.day {
            let t = text_at(cells, &self.year).into_owned();
            match t
                .get(..4)
                .and_then(|y| crate::import::text::parse_year_text(y).ok())
            {
                Some(y) if t.len() == 10 => y,
                _ => {
                    ctx.report.problem(
                        at,
                        Some(&self.year.name),
                        format!("'{t}' is not a date written YYYY-MM-DD"),
                    );
                    ctx.report.skip(at, "year not usable");
                    return;
                }
            }
        } else {
            match ctx.year(at, cells, &self.year) {
                Some(y) => y,
                None => {
                    ctx.report.skip(at, "year not usable");
                    return;
                }
            }
        };
        let region = match country::country(
            ctx,
            &mut self.outside,
            at,
            cells,
            Some(&self.code),
            &self.entity,
        ) {
            Ok(r) => r,
            Err(reason) => {
                ctx.report.skip(at, reason);
                return;
            }
        };
        let name = text_at(cells, &self.entity).into_owned();
        let mut any = false;
        let mut blank = true;
        let mut unitless = false;
        for i in 0..self.values.len() {
            let v = &self.values[i];
            let cell = cells.get(v.col.index).unwrap_or(&Cell::Empty);
            if cell.is_blank() {
                continue;
            }
            let Some(unit) = v.unit else {
                unitless = true;
                continue;
            };
            blank = false;
            let col = v.col.clone();
            let Some(x) = ctx.number(at, cells, &col) else {
                continue;
            };
            let drug = v.drug;
            let series = match v.series {
                Some(s) => s,
                None => {
                    let key = format!("owid-{}", slug(&col.name));
                    let s = ctx.builder.series(&key, || SeriesDef {
                        key: String::new(),
                        label: col.name.clone(),
                        metric: "value".to_owned(),
                        drug,
                        drug_name: drug.label().to_owned(),
                        unit: unit.unit,
                    });
                    self.values[i].series = Some(s);
                    s
                }
            };
            any |= ctx.builder.add(
                Observation {
                    series,
                    region: &region,
                    region_name: &name,
                    year: Some(year),
                    period: None,
                    year_kind: YearKind::Reference,
                    months: None,
                    value: x * unit.factor,
                    qualifier: Qualifier::Exact,
                    basis: Basis::Stated,
                    reading: Reading::Adopted,
                    source: 0,
                    id: None,
                    formula: None,
                    note: None,
                    at,
                },
                &mut ctx.report,
            );
        }
        if !any {
            ctx.report.skip(
                at,
                if !blank {
                    "value not usable"
                } else if unitless {
                    "value in a column without a unit"
                } else {
                    "no value in any value column"
                },
            );
        }
    }

    fn finish(self: Box<Self>, ctx: &mut Ctx<'_>) -> FormatExtras {
        self.outside.note(ctx);
        FormatExtras::default()
    }
}
