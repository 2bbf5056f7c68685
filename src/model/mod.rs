//! The curated dataset: plain data, serde, no egui.
//!
//! One JSON document holds sources, regions, places, routes, other flows and
//! figures. Records refer to each other by string id; `validate` checks every
//! reference. Unknown fields are rejected so a typo in a hand-edited file is
//! reported instead of silently ignored.

pub mod load;
pub mod validate;

use serde::{Deserialize, Serialize};

/// The whole curated dataset.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dataset {
    pub schema_version: u32,
    pub title: String,
    /// Dataset-wide notes (own words, with citations by source id).
    #[serde(default)]
    pub notes: Vec<Note>,
    pub sources: Vec<Source>,
    pub regions: Vec<Region>,
    pub places: Vec<Place>,
    pub routes: Vec<Route>,
    #[serde(default)]
    pub flows: Vec<Flow>,
    pub figures: Vec<Figure>,
}

/// A short note in our own words, citing the sources it rests on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Note {
    pub id: String,
    pub text: String,
    #[serde(default)]
    pub sources: Vec<String>,
}

/// A publication the seed article quotes (or the article itself).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub id: String,
    pub title: String,
    pub publisher: String,
    /// ISO-8601 date, as precise as the citation gives (`2008-04`, `2012-05-18`).
    pub date: String,
    /// Author where the citation names one.
    #[serde(default)]
    pub author: Option<String>,
    /// How we reached it (e.g. quoted in the seed article), in our own words.
    #[serde(default)]
    pub via: Option<String>,
}

/// A stable region key: a country (ISO 3166-1 alpha-2) or a Kazakh
/// administrative unit as it existed 1997–2018 (HASC code from Natural Earth).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Region {
    /// `KZ`, `RU`, … for countries; HASC (`KZ.YK`, …) for oblasts and cities.
    pub id: String,
    pub name: String,
    pub kind: RegionKind,
    /// ISO 3166-1 alpha-2 of the country the region belongs to.
    pub country: String,
    /// Every name the sources use for it.
    #[serde(default)]
    pub aliases: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RegionKind {
    Country,
    Oblast,
    /// A city with oblast status (Almaty city, Astana city).
    City,
    /// A wider area a source names loosely (e.g. "Central Asia", "Xinjiang").
    Area,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Place {
    pub id: String,
    pub name: String,
    /// ISO 3166-1 alpha-2.
    pub country: String,
    pub lat: f64,
    pub lon: f64,
    pub roles: Vec<PlaceRole>,
    /// Every spelling the sources use, plus the GeoNames name if different.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Where the coordinate came from (GeoNames id), so it can be re-derived.
    #[serde(default)]
    pub geonames_id: Option<u64>,
    pub sources: Vec<String>,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PlaceRole {
    /// Where a route enters Kazakhstan.
    EntryPoint,
    /// Where a route leaves Kazakhstan, or a Russian exit city.
    ExitPoint,
    RailBorderPoint,
    /// A transport or trafficking hub.
    Hub,
    /// A point where routes are said to converge.
    ConvergencePoint,
    Seaport,
    /// Start of a route (a capital or city of origin).
    Origin,
    /// Any other named waypoint.
    Waypoint,
    /// A consumer market named by a source.
    Market,
    /// A place mentioned for context only.
    Reference,
}

impl PlaceRole {
    pub const ALL: [PlaceRole; 10] = [
        PlaceRole::EntryPoint,
        PlaceRole::ExitPoint,
        PlaceRole::RailBorderPoint,
        PlaceRole::Hub,
        PlaceRole::ConvergencePoint,
        PlaceRole::Seaport,
        PlaceRole::Origin,
        PlaceRole::Waypoint,
        PlaceRole::Market,
        PlaceRole::Reference,
    ];

    pub fn label(self) -> &'static str {
        match self {
            PlaceRole::EntryPoint => "entry point",
            PlaceRole::ExitPoint => "exit point",
            PlaceRole::RailBorderPoint => "rail border point",
            PlaceRole::Hub => "hub",
            PlaceRole::ConvergencePoint => "convergence point",
            PlaceRole::Seaport => "seaport",
            PlaceRole::Origin => "origin",
            PlaceRole::Waypoint => "waypoint",
            PlaceRole::Market => "market",
            PlaceRole::Reference => "reference",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    Road,
    Rail,
    /// Both road and rail legs.
    Mixed,
    Air,
    Sea,
    /// The source does not say.
    Unspecified,
}

impl Mode {
    pub const ALL: [Mode; 6] = [
        Mode::Road,
        Mode::Rail,
        Mode::Mixed,
        Mode::Air,
        Mode::Sea,
        Mode::Unspecified,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Mode::Road => "road",
            Mode::Rail => "rail",
            Mode::Mixed => "road and rail",
            Mode::Air => "air",
            Mode::Sea => "sea",
            Mode::Unspecified => "unspecified",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RouteStatus {
    /// The source describes the route as in use.
    Documented,
    /// The source says the route is likely or possible.
    Likely,
}

impl RouteStatus {
    pub const ALL: [RouteStatus; 2] = [RouteStatus::Documented, RouteStatus::Likely];

    pub fn label(self) -> &'static str {
        match self {
            RouteStatus::Documented => "documented",
            RouteStatus::Likely => "likely",
        }
    }
}

/// One stop on a route, in travel order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Waypoint {
    pub place: String,
    /// Mode of the leg arriving at this waypoint, where the source states it
    /// differently from the route's mode (e.g. a rail leg of a road route).
    #[serde(default)]
    pub leg_mode: Option<Mode>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Route {
    pub id: String,
    pub name: String,
    /// ISO 3166-1 alpha-2 of the country the route comes from.
    pub origin_country: String,
    /// ISO 3166-1 alpha-2 of the country it ends in (usually `RU`).
    #[serde(default)]
    pub destination_country: Option<String>,
    pub mode: Mode,
    pub status: RouteStatus,
    pub waypoints: Vec<Waypoint>,
    /// Id of the route this one is a textual variant of (same route, other passage).
    #[serde(default)]
    pub variant_of: Option<String>,
    /// Which passage of the seed text this version follows, in our own words.
    pub passage: String,
    pub sources: Vec<String>,
    #[serde(default)]
    pub note: Option<String>,
}

/// A trafficking flow the text describes that is not an enumerated route
/// (trucks in trade, rail to Xinjiang, air to China, Caspian ports).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Flow {
    pub id: String,
    pub name: String,
    pub mode: Mode,
    pub status: RouteStatus,
    /// Places the flow touches, if the source names any (no order implied
    /// unless `ordered`).
    #[serde(default)]
    pub places: Vec<String>,
    #[serde(default)]
    pub ordered: bool,
    pub description: String,
    pub sources: Vec<String>,
    /// Where the flow goes, as far as the source names its ends: each path is
    /// a chain of at least two ends in travel order. The source gives no path
    /// between consecutive ends, so the map draws them as schematic curves.
    /// Empty when the source names no origin or no destination.
    #[serde(default)]
    pub paths: Vec<Vec<FlowEnd>>,
    /// Why these ends (which words of the source they stand for), in our own words.
    #[serde(default)]
    pub paths_note: Option<String>,
}

/// One end of a flow path: a dataset place, or a region (a country by its
/// ISO code, a Kazakh unit by its HASC key). A region is drawn at the label
/// point of its Natural Earth polygon in the basemap assets; no coordinate is
/// stored for it here.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FlowEnd {
    Place(String),
    Region(String),
}

impl FlowEnd {
    /// The place or region id.
    pub fn id(&self) -> &str {
        match self {
            FlowEnd::Place(id) | FlowEnd::Region(id) => id,
        }
    }

    /// Display name: the place or region name, else the id.
    pub fn name<'a>(&'a self, data: &'a Dataset) -> &'a str {
        match self {
            FlowEnd::Place(id) => data.place(id).map_or(id.as_str(), |p| p.name.as_str()),
            FlowEnd::Region(id) => data.region(id).map_or(id.as_str(), |r| r.name.as_str()),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Drug {
    /// Heroin and opium together (opiates, as the sources aggregate them).
    Opiates,
    Heroin,
    Opium,
    MorphineBase,
    OpiumPoppy,
    /// Drugs in general, unspecified.
    AllDrugs,
    /// Not about a drug (border lengths, trade, staff).
    None,
    /// Any other drug, named by the series (imported data: cannabis, …).
    Other,
}

impl Drug {
    pub fn label(self) -> &'static str {
        match self {
            Drug::Opiates => "opiates",
            Drug::Heroin => "heroin",
            Drug::Opium => "opium",
            Drug::MorphineBase => "morphine base",
            Drug::OpiumPoppy => "opium poppy",
            Drug::AllDrugs => "all drugs",
            Drug::None => "none",
            Drug::Other => "other drug",
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Drug::Opiates => "opiates",
            Drug::Heroin => "heroin",
            Drug::Opium => "opium",
            Drug::MorphineBase => "morphine_base",
            Drug::OpiumPoppy => "opium_poppy",
            Drug::AllDrugs => "all_drugs",
            Drug::None => "none",
            Drug::Other => "other",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Unit {
    #[serde(rename = "kg")]
    Kilogram,
    #[serde(rename = "t")]
    Tonne,
    #[serde(rename = "percent")]
    Percent,
    #[serde(rename = "m2")]
    SquareMetre,
    #[serde(rename = "ha")]
    Hectare,
    #[serde(rename = "km")]
    Kilometre,
    #[serde(rename = "count")]
    Count,
    /// Liquids in imported seizure records.
    #[serde(rename = "l")]
    Litre,
}

impl Unit {
    pub fn key(self) -> &'static str {
        match self {
            Unit::Kilogram => "kg",
            Unit::Tonne => "t",
            Unit::Percent => "percent",
            Unit::SquareMetre => "m2",
            Unit::Hectare => "ha",
            Unit::Kilometre => "km",
            Unit::Count => "count",
            Unit::Litre => "l",
        }
    }

    /// Short symbol for axis labels and tooltips.
    pub fn symbol(self) -> &'static str {
        match self {
            Unit::Kilogram => "kg",
            Unit::Tonne => "t",
            Unit::Percent => "%",
            Unit::SquareMetre => "m²",
            Unit::Hectare => "ha",
            Unit::Kilometre => "km",
            Unit::Count => "",
            Unit::Litre => "L",
        }
    }
}

/// Whether the value is printed in a source or computed by us.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    Stated,
    Derived,
}

impl Basis {
    pub fn key(self) -> &'static str {
        match self {
            Basis::Stated => "stated",
            Basis::Derived => "derived",
        }
    }
}

/// How the source qualifies the number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Qualifier {
    #[default]
    Exact,
    /// "about", "near", "an estimated".
    Approximate,
    /// "less than", "under".
    LessThan,
    /// "over", "more than".
    MoreThan,
    /// Low end of a stated range.
    RangeLow,
    /// High end of a stated range.
    RangeHigh,
}

impl Qualifier {
    pub fn key(self) -> &'static str {
        match self {
            Qualifier::Exact => "exact",
            Qualifier::Approximate => "approximate",
            Qualifier::LessThan => "less_than",
            Qualifier::MoreThan => "more_than",
            Qualifier::RangeLow => "range_low",
            Qualifier::RangeHigh => "range_high",
        }
    }
}

/// Which reading of a self-contradicting passage a value belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reading {
    /// The only reading (no contradiction) or the one the dataset uses.
    #[default]
    Adopted,
    /// As printed, kept for evidence; not used by default.
    Printed,
}

impl Reading {
    pub fn key(self) -> &'static str {
        match self {
            Reading::Adopted => "adopted",
            Reading::Printed => "printed",
        }
    }
}

/// What a figure's `year` is. Sources often give a number without saying
/// which year it describes; the record must not pass such a year off as the
/// year measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum YearKind {
    /// The year the value refers to (stated by the source, or of the values
    /// a derived figure is computed from).
    #[default]
    Reference,
    /// The publication year of the figure's source: the source states no
    /// reference year.
    Publication,
    /// Our inference from the passage around the figure (e.g. the year of the
    /// figures next to it): the source states no reference year.
    Inferred,
}

impl YearKind {
    pub fn key(self) -> &'static str {
        match self {
            YearKind::Reference => "reference",
            YearKind::Publication => "publication",
            YearKind::Inferred => "inferred",
        }
    }
}

/// The months of `Figure::year` a value covers when it is not the whole
/// year (1 = January … 12 = December, inclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Months {
    pub from: u8,
    pub to: u8,
}

pub const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl Months {
    /// "January–September", or "March" for a single month. Out-of-range
    /// months (rejected by validation) show as their number.
    pub fn label(self) -> String {
        let name = |m: u8| match usize::from(m)
            .checked_sub(1)
            .and_then(|i| MONTH_NAMES.get(i))
        {
            Some(name) => (*name).to_owned(),
            None => format!("month {m}"),
        };
        if self.from == self.to {
            name(self.from)
        } else {
            format!("{}–{}", name(self.from), name(self.to))
        }
    }
}

/// An inclusive span of years, for figures about a period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Period {
    pub from: i32,
    pub to: i32,
}

/// One number with everything needed to cite and plot it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Figure {
    /// Unique id of this value.
    pub id: String,
    /// Series this value belongs to (values of one series share metric, unit, drug).
    pub series: String,
    /// What is measured, e.g. `seizures`, `seizure_change`, `estimated_flow`.
    pub metric: String,
    /// Region key (see `Region::id`).
    pub region: String,
    /// The name the source uses for the region.
    pub region_name: String,
    pub drug: Drug,
    /// Calendar year the value refers to (end year of a change).
    #[serde(default)]
    pub year: Option<i32>,
    /// For values about a span of years (averages, changes).
    #[serde(default)]
    pub period: Option<Period>,
    /// Whether `year` is the year measured, or stands in for a year the
    /// source does not state (`publication`, `inferred`).
    #[serde(default)]
    pub year_kind: YearKind,
    /// Set when the value covers only part of `year` (e.g. January–September).
    #[serde(default)]
    pub months: Option<Months>,
    pub value: f64,
    pub unit: Unit,
    #[serde(default)]
    pub qualifier: Qualifier,
    pub source: String,
    pub basis: Basis,
    /// Required when `basis` is derived: how it was computed, with figure ids.
    #[serde(default)]
    pub formula: Option<String>,
    #[serde(default)]
    pub reading: Reading,
    #[serde(default)]
    pub note: Option<String>,
}

impl Figure {
    /// When the value applies, in words, for tooltips and labels: the year or
    /// span, the months of a partial year, and whether the year is only the
    /// source's publication year or our inference.
    pub fn when_text(&self) -> String {
        let mut text = match (self.year, self.period) {
            (_, Some(p)) if p.from != p.to => format!("{}–{}", p.from, p.to),
            (Some(y), _) => y.to_string(),
            (None, Some(p)) => p.from.to_string(),
            (None, None) => String::new(),
        };
        if let Some(m) = self.months {
            // With a span of years, say which year the months belong to.
            let spans = self.period.is_some_and(|p| p.from != p.to);
            match self.year {
                Some(y) if spans => {
                    text.push_str(&format!(" ({} {y} only, not the whole year)", m.label()))
                }
                _ => text.push_str(&format!(" ({} only, not the whole year)", m.label())),
            }
        }
        match self.year_kind {
            YearKind::Reference => {}
            YearKind::Publication => {
                text.push_str(" (year of publication, reference year not stated)")
            }
            YearKind::Inferred => {
                text.push_str(" (year inferred from the passage, reference year not stated)")
            }
        }
        text
    }
}

impl Dataset {
    pub fn source(&self, id: &str) -> Option<&Source> {
        self.sources.iter().find(|s| s.id == id)
    }

    pub fn place(&self, id: &str) -> Option<&Place> {
        self.places.iter().find(|p| p.id == id)
    }

    pub fn route(&self, id: &str) -> Option<&Route> {
        self.routes.iter().find(|r| r.id == id)
    }

    pub fn region(&self, id: &str) -> Option<&Region> {
        self.regions.iter().find(|r| r.id == id)
    }

    /// Values of one series in the adopted reading, sorted by year.
    pub fn series(&self, series: &str) -> Vec<&Figure> {
        let mut values: Vec<&Figure> = self
            .figures
            .iter()
            .filter(|f| f.series == series && f.reading == Reading::Adopted)
            .collect();
        values.sort_by_key(|f| f.year);
        values
    }

    /// Values of one series as printed where a printed reading exists,
    /// otherwise the adopted values.
    pub fn series_printed(&self, series: &str) -> Vec<&Figure> {
        let printed: Vec<&Figure> = self
            .figures
            .iter()
            .filter(|f| f.series == series && f.reading == Reading::Printed)
            .collect();
        if printed.is_empty() {
            return self.series(series);
        }
        let mut values = printed;
        values.sort_by_key(|f| f.year);
        values
    }

    /// Full human citation of a source: "Title, Publisher, Date".
    pub fn citation(&self, source_id: &str) -> String {
        match self.source(source_id) {
            Some(s) => match &s.author {
                Some(a) => format!("{a}, “{}”, {}, {}", s.title, s.publisher, s.date),
                None => format!("“{}”, {}, {}", s.title, s.publisher, s.date),
            },
            None => format!("unknown source '{source_id}'"),
        }
    }
}

/// Country names for the ISO codes the dataset uses.
pub fn country_name(code: &str) -> &str {
    match code {
        "KZ" => "Kazakhstan",
        "KG" => "Kyrgyzstan",
        "TJ" => "Tajikistan",
        "UZ" => "Uzbekistan",
        "TM" => "Turkmenistan",
        "AF" => "Afghanistan",
        "RU" => "Russian Federation",
        "CN" => "China",
        "IR" => "Iran",
        "PK" => "Pakistan",
        "GB" => "United Kingdom",
        "BY" => "Belarus",
        "TR" => "Turkey",
        _ => code,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn figure(year: Option<i32>, period: Option<Period>) -> Figure {
        Figure {
            id: "f".into(),
            series: "s".into(),
            metric: "seizures".into(),
            region: "KZ".into(),
            region_name: "Kazakhstan".into(),
            drug: Drug::Opium,
            year,
            period,
            year_kind: YearKind::Reference,
            months: None,
            value: 9.5,
            unit: Unit::Kilogram,
            qualifier: Qualifier::Exact,
            source: "src".into(),
            basis: Basis::Stated,
            formula: None,
            reading: Reading::Adopted,
            note: None,
        }
    }

    #[test]
    fn when_text_says_what_the_year_is() {
        assert_eq!(figure(Some(2011), None).when_text(), "2011");
        let span = Some(Period {
            from: 2002,
            to: 2006,
        });
        assert_eq!(figure(None, span).when_text(), "2002–2006");
        assert_eq!(figure(Some(2006), span).when_text(), "2002–2006");

        let mut partial = figure(Some(2011), None);
        partial.months = Some(Months { from: 1, to: 9 });
        assert_eq!(
            partial.when_text(),
            "2011 (January–September only, not the whole year)"
        );

        let mut published = figure(Some(2012), None);
        published.year_kind = YearKind::Publication;
        assert_eq!(
            published.when_text(),
            "2012 (year of publication, reference year not stated)"
        );
        let mut inferred = figure(Some(2006), None);
        inferred.year_kind = YearKind::Inferred;
        assert!(
            inferred.when_text().ends_with("reference year not stated)"),
            "{}",
            inferred.when_text()
        );
    }

    #[test]
    fn months_label_names_months_and_survives_bad_numbers() {
        assert_eq!(Months { from: 3, to: 3 }.label(), "March");
        assert_eq!(Months { from: 1, to: 12 }.label(), "January–December");
        assert_eq!(Months { from: 0, to: 13 }.label(), "month 0–month 13");
    }

    #[test]
    fn new_keys_are_optional_and_round_trip() {
        let without = r#"{"id":"f","series":"s","metric":"m","region":"KZ","region_name":"K",
            "drug":"opium","year":2011,"value":1,"unit":"kg","source":"s","basis":"stated"}"#;
        let f: Figure = serde_json::from_str(without).unwrap();
        assert_eq!(f.year_kind, YearKind::Reference);
        assert_eq!(f.months, None);
        let mut g = f.clone();
        g.year_kind = YearKind::Publication;
        g.months = Some(Months { from: 1, to: 9 });
        let text = serde_json::to_string(&g).unwrap();
        assert!(text.contains(r#""year_kind":"publication""#), "{text}");
        assert!(text.contains(r#""months":{"from":1,"to":9}"#), "{text}");
        assert_eq!(serde_json::from_str::<Figure>(&text).unwrap(), g);
    }
}
