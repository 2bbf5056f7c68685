//! Drug names and units as they appear in seizure tables.

use super::text::fold;
use crate::model::{Drug, Unit};

/// A drug as named in a file, with the dataset's category for it.
#[derive(Debug, Clone, PartialEq)]
pub struct DrugName {
    pub drug: Drug,
    /// The name as the file gives it (trimmed), for labels.
    pub name: String,
}

impl DrugName {
    /// Part of a series id: the dataset's key for opiates (so "героин" and
    /// "Heroin" are one series), the name itself for other drugs.
    pub fn key(&self) -> String {
        match self.drug {
            Drug::Other => super::text::slug(&self.name),
            d => super::text::slug(d.key()),
        }
    }

    /// For labels: "Heroin" for the opiates, else the name as written.
    pub fn label(&self) -> String {
        match self.drug {
            Drug::Other => self.name.clone(),
            d => {
                let l = d.label();
                let mut c = l.chars();
                match c.next() {
                    Some(f) => f.to_uppercase().chain(c).collect(),
                    None => String::new(),
                }
            }
        }
    }
}

/// Map a drug name to the dataset's categories. Names that are not opiates
/// keep their own name under `Drug::Other`; nothing is merged or summed
/// across names (an annex "total" row and its parts stay separate series).
pub fn drug(name: &str) -> Option<DrugName> {
    let trimmed = name.trim();
    let f = fold(trimmed);
    if f.is_empty() {
        return None;
    }
    let drug = match f.as_str() {
        "heroin" | "героин" | "heroine" => Drug::Heroin,
        "opium"
        | "raw opium"
        | "prepared opium"
        | "opium raw"
        | "opium prepared"
        | "opium raw and prepared"
        | "опий"
        | "опиум"
        | "afyun" => Drug::Opium,
        "morphine" | "morphine base" | "морфин" => Drug::MorphineBase,
        "opiates" | "опиаты" => Drug::Opiates,
        "opium poppy" | "poppy" | "мак" | "опийный мак" => Drug::OpiumPoppy,
        "all drugs" | "all" | "total" | "drugs total" | "все наркотики" => {
            Drug::AllDrugs
        }
        _ => Drug::Other,
    };
    Some(DrugName {
        drug,
        name: trimmed.to_owned(),
    })
}

/// What kind of quantity a unit word names, with the factor to the unit kept.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct UnitWord {
    pub unit: Unit,
    /// Multiply the value by this to get `unit` (grams → kg: 0.001).
    pub factor: f64,
    /// For counts: what is counted ("tablets"), for labels.
    pub counted: Option<&'static str>,
}

const fn u(unit: Unit, factor: f64) -> UnitWord {
    UnitWord {
        unit,
        factor,
        counted: None,
    }
}

const fn counted(what: &'static str) -> UnitWord {
    UnitWord {
        unit: Unit::Count,
        factor: 1.0,
        counted: Some(what),
    }
}

/// Read a unit word; masses come back in kilograms, volumes in litres.
pub fn unit(word: &str) -> Option<UnitWord> {
    let f = fold(word);
    Some(match f.as_str() {
        "kg"
        | "kgs"
        | "kilogram"
        | "kilograms"
        | "kilogramme"
        | "kilogrammes"
        | "кг"
        | "килограмм"
        | "килограммов" => u(Unit::Kilogram, 1.0),
        "g" | "gr" | "gram" | "grams" | "gramme" | "grammes" | "г" | "гр" | "грамм" | "граммов" => {
            u(Unit::Kilogram, 0.001)
        }
        "mg" | "milligram" | "milligrams" | "мг" => u(Unit::Kilogram, 0.000_001),
        "t" | "tonne" | "tonnes" | "ton" | "tons" | "metric ton" | "metric tons" | "т" | "тонн"
        | "тонна" | "тонны" => u(Unit::Kilogram, 1000.0),
        "l" | "lt" | "litre" | "litres" | "liter" | "liters" | "л" | "литр" | "литров" => {
            u(Unit::Litre, 1.0)
        }
        "ml" | "millilitre" | "millilitres" | "milliliter" | "milliliters" | "мл" => {
            u(Unit::Litre, 0.001)
        }
        "ha" | "hectare" | "hectares" | "га" => u(Unit::Hectare, 1.0),
        "m2" | "sq m" | "square metres" | "square meters" => u(Unit::SquareMetre, 1.0),
        "km" => u(Unit::Kilometre, 1.0),
        "percent" | "%" | "pct" => u(Unit::Percent, 1.0),
        "count" | "number" | "cases" | "seizures" => counted("cases"),
        "tablet" | "tablets" | "tab" | "tabs" | "pill" | "pills" | "таблетка" | "таблеток" => {
            counted("tablets")
        }
        "unit" | "units" | "piece" | "pieces" | "pcs" | "item" | "items" | "шт" | "штук" => {
            counted("units")
        }
        "dose" | "doses" => counted("doses"),
        "ampoule" | "ampoules" | "ampule" | "ampules" => counted("ampoules"),
        "blotter" | "blotters" => counted("blotters"),
        "plant" | "plants" | "bush" | "bushes" => counted("plants"),
        "bottle" | "bottles" => counted("bottles"),
        "capsule" | "capsules" => counted("capsules"),
        _ => {
            // "%" folds to nothing; check the raw text.
            if word.trim() == "%" {
                u(Unit::Percent, 1.0)
            } else {
                return None;
            }
        }
    })
}

/// A unit named in a column title: "Opium production (tonnes)" → tonnes.
pub fn unit_in_title(title: &str) -> Option<UnitWord> {
    let open = title.rfind('(')?;
    let close = title[open..].find(')')? + open;
    let inner = &title[open + 1..close];
    unit(inner).or_else(|| {
        // "(kg per year)", "(in kilograms)"
        inner
            .split(|c: char| !c.is_alphanumeric() && c != '%')
            .find_map(unit)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drug_names() {
        assert_eq!(drug("Heroin").unwrap().drug, Drug::Heroin);
        assert_eq!(drug("Opium (raw and prepared)").unwrap().drug, Drug::Opium);
        let c = drug(" Cannabis herb ").unwrap();
        assert_eq!((c.drug, c.name.as_str()), (Drug::Other, "Cannabis herb"));
        assert_eq!(drug("  "), None);
    }

    #[test]
    fn unit_words() {
        assert_eq!(unit("Gram").unwrap().factor, 0.001);
        assert_eq!(unit("Kilogram").unwrap().unit, Unit::Kilogram);
        assert_eq!(unit("Tablet").unwrap().counted, Some("tablets"));
        assert_eq!(unit("Litre").unwrap().unit, Unit::Litre);
        assert_eq!(unit("кг").unwrap().unit, Unit::Kilogram);
        assert_eq!(unit("%").unwrap().unit, Unit::Percent);
        assert_eq!(unit("bags"), None);
        assert_eq!(
            unit_in_title("Opium seizures (tonnes)").unwrap().factor,
            1000.0
        );
        assert_eq!(
            unit_in_title("Share of cases (%)").unwrap().unit,
            Unit::Percent
        );
        assert_eq!(unit_in_title("Opium seizures"), None);
    }
}
