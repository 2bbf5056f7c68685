//! Country columns of the UNODC and OWID tables: ISO code first, then name.

use std::collections::BTreeMap;

use crate::import::regions::Matched;
use crate::import::report::RowRef;
use crate::import::table::{Cell, Column, Ctx, text_at};

pub const OUTSIDE: &str = "country outside the dataset's regions";

/// Names of countries skipped because the dataset does not have them.
#[derive(Default)]
pub struct Outside {
    names: BTreeMap<String, usize>,
}

impl Outside {
    /// One note listing the countries left out, most rows first.
    pub fn note(&self, ctx: &mut Ctx<'_>) {
        if self.names.is_empty() {
            return;
        }
        let mut list: Vec<(&String, &usize)> = self.names.iter().collect();
        list.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        let shown: Vec<String> = list
            .iter()
            .take(12)
            .map(|(n, c)| format!("{n} ({c})"))
            .collect();
        let more = if list.len() > 12 {
            format!(" and {} more", list.len() - 12)
        } else {
            String::new()
        };
        ctx.report.note(format!(
            "rows about {} countries the dataset does not cover were skipped: {}{more}",
            list.len(),
            shown.join(", ")
        ));
    }
}

/// The dataset country of a row, or the reason to skip the row (the caller
/// records the skip; problems are reported here).
pub fn country(
    ctx: &mut Ctx<'_>,
    outside: &mut Outside,
    at: RowRef,
    cells: &[Cell<'_>],
    code: Option<&Column>,
    name: &Column,
) -> Result<Matched, &'static str> {
    let name_text = text_at(cells, name).into_owned();
    let code_text = code
        .map(|c| text_at(cells, c).into_owned())
        .unwrap_or_default();
    if !code_text.is_empty() {
        if let Some(id) = ctx.regions.country_by_code(&code_text) {
            return Ok(Matched::Region(id.into()));
        }
        if code_text.starts_with("OWID_") {
            return Err("aggregate of several countries (OWID_ code)");
        }
        *outside
            .names
            .entry(label(&name_text, &code_text))
            .or_default() += 1;
        return Err(OUTSIDE);
    }
    if name_text.is_empty() {
        ctx.report
            .problem(at, Some(&name.name), "no country".to_owned());
        return Err("no country");
    }
    match ctx.regions.find(&name_text) {
        Ok(m) => Ok(m),
        Err(_) => {
            if let Some(close) = ctx.regions.misspelling_of(&name_text) {
                ctx.report.problem(
                    at,
                    Some(&name.name),
                    format!("unknown region '{name_text}'; nearest: {close}"),
                );
                Err("unknown region")
            } else {
                *outside.names.entry(name_text).or_default() += 1;
                Err(OUTSIDE)
            }
        }
    }
}

fn label(name: &str, code: &str) -> String {
    if name.is_empty() {
        code.to_owned()
    } else {
        name.to_owned()
    }
}
