//! The formats analysts hold, recognised by their header row.

pub mod annex;
pub mod country;
pub mod ids;
pub mod long;
pub mod owid;
pub mod subnational;

use serde::{Deserialize, Serialize};

use super::builder::Mode;
use super::table::{Header, RowReader};
use crate::model::Dataset;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Format {
    /// The CSV `export figures` writes.
    Long,
    /// UNODC World Drug Report annex "Drug seizures" table.
    UnodcAnnex,
    /// UNODC individual drug seizure records.
    UnodcIds,
    /// Our World in Data grapher CSV.
    Owid,
    /// Region, year, drug, value, unit.
    Subnational,
}

impl Format {
    /// In the order they are tried: the most specific header first.
    pub const ALL: [Format; 5] = [
        Format::Long,
        Format::UnodcAnnex,
        Format::UnodcIds,
        Format::Owid,
        Format::Subnational,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Format::Long => "long CSV (as written by 'export figures')",
            Format::UnodcAnnex => "UNODC World Drug Report annex, drug seizures",
            Format::UnodcIds => "UNODC individual drug seizures",
            Format::Owid => "Our World in Data grapher CSV",
            Format::Subnational => "sub-national table (region, year, drug, value, unit)",
        }
    }

    pub fn short(self) -> &'static str {
        match self {
            Format::Long => "long CSV",
            Format::UnodcAnnex => "UNODC annex",
            Format::UnodcIds => "UNODC individual seizures",
            Format::Owid => "OWID grapher",
            Format::Subnational => "sub-national table",
        }
    }

    /// The columns it needs, as a user would type them.
    pub fn required(self) -> &'static [&'static str] {
        match self {
            Format::Long => long::REQUIRED,
            Format::UnodcAnnex => annex::REQUIRED,
            Format::UnodcIds => ids::REQUIRED,
            Format::Owid => owid::REQUIRED,
            Format::Subnational => subnational::REQUIRED,
        }
    }

    pub fn mode(self) -> Mode {
        match self {
            Format::UnodcIds => Mode::Sum,
            _ => Mode::Unique,
        }
    }

    /// A reader if the header is this format's, else the required columns it lacks.
    pub fn reader(
        self,
        header: &Header,
        curated: &Dataset,
    ) -> Result<Box<dyn RowReader>, Vec<&'static str>> {
        match self {
            Format::Long => long::Long::from_header(header, curated).map(|r| Box::new(r) as _),
            Format::UnodcAnnex => annex::Annex::from_header(header).map(|r| Box::new(r) as _),
            Format::UnodcIds => ids::Ids::from_header(header).map(|r| Box::new(r) as _),
            Format::Owid => owid::Owid::from_header(header).map(|r| Box::new(r) as _),
            Format::Subnational => {
                subnational::Subnational::from_header(header).map(|r| Box::new(r) as _)
            }
        }
    }
}

/// Which of `wanted` (alternatives per column) the header lacks.
pub fn missing(header: &Header, wanted: &[(&'static str, &[&str])]) -> Vec<&'static str> {
    wanted
        .iter()
        .filter(|(_, keys)| header.find(keys).is_none())
        .map(|(name, _)| *name)
        .collect()
}
