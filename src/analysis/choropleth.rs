//! The oblast layer (choropleth) apart from drawing: which series may colour the
//! oblasts, the years they have values, classes fixed over all those years, the
//! values and colours of one year, and the legend's texts.
//!
//! The map window and the headless map image both use this API, so a colour
//! means the same amount on screen, in an exported image and in every year.
//!
//! ```
//! use route_explorer::analysis::choropleth::{choose_series, YearView};
//! use route_explorer::model::load::load_embedded;
//! let data = load_embedded().unwrap();
//! let series = choose_series(&data, Some("oblast-heroin-seizures")).unwrap();
//! let year = series.resolve_year(None); // the latest year it has values
//! let view = YearView::new(&data, &series, year);
//! assert_eq!(view.reported_text(), "3 of 16 oblasts and cities reported");
//! ```

use std::collections::{BTreeMap, BTreeSet};
use std::ops::RangeInclusive;

use crate::model::{Dataset, Figure, Qualifier, Reading, RegionKind, Unit};
use crate::style::{CHOROPLETH_FILL_ALPHA, CHOROPLETH_RAMP, NO_DATA, NO_DATA_FILL_ALPHA, Rgba};

/// Legend text of the "no data" swatch.
pub const NO_DATA_LABEL: &str = "no data (not reported)";

/// A series that can colour the oblasts, with everything fixed over its years.
#[derive(Debug, Clone, PartialEq)]
pub struct ChoroplethSeries {
    /// Series id in the dataset.
    pub series: String,
    /// What it measures, e.g. "Heroin seizures".
    pub name: String,
    pub unit: Unit,
    /// Years with at least one oblast or city value, ascending (never empty).
    pub years: Vec<i32>,
    /// Oblasts and cities with a value in at least one year.
    pub units_reporting: usize,
    /// Classes over the values of every year, so a colour means the same amount in each.
    pub classes: Classes,
}

impl ChoroplethSeries {
    pub fn first_year(&self) -> i32 {
        self.years.first().copied().unwrap_or_default()
    }

    pub fn last_year(&self) -> i32 {
        self.years.last().copied().unwrap_or_default()
    }

    /// The years a timeline offers: every year from the first value to the last,
    /// so a year without values is seen as a gap, not skipped.
    pub fn year_range(&self) -> RangeInclusive<i32> {
        self.first_year()..=self.last_year()
    }

    pub fn has_values_in(&self, year: i32) -> bool {
        self.years.binary_search(&year).is_ok()
    }

    /// The timeline year to show: none chosen means the latest year with values;
    /// a year outside the series' range is brought to its nearest end.
    pub fn resolve_year(&self, wanted: Option<i32>) -> i32 {
        match wanted {
            Some(y) => y.clamp(self.first_year(), self.last_year()),
            None => self.last_year(),
        }
    }

    /// "2006" or "2003–2008".
    pub fn years_text(&self) -> String {
        if self.first_year() == self.last_year() {
            self.first_year().to_string()
        } else {
            format!("{}–{}", self.first_year(), self.last_year())
        }
    }

    /// Menu text: "Heroin seizures (kg), 2003–2008".
    pub fn label(&self) -> String {
        format!(
            "{} ({}), {}",
            self.name,
            self.unit.symbol(),
            self.years_text()
        )
    }

    /// Legend title for one year: "Heroin seizures, 2006 (kg)".
    pub fn legend_title(&self, year: i32) -> String {
        format!("{}, {year} ({})", self.name, self.unit.symbol())
    }

    /// "Classes fixed over 2003–2008" (or nothing for a single year).
    pub fn classes_note(&self) -> Option<String> {
        (self.first_year() != self.last_year())
            .then(|| format!("Classes fixed over {}", self.years_text()))
    }
}

/// Oblasts and cities of Kazakhstan: the units the oblast layer colours.
pub fn is_map_unit(data: &Dataset, region: &str) -> bool {
    data.region(region).is_some_and(|r| {
        r.country == "KZ" && matches!(r.kind, RegionKind::Oblast | RegionKind::City)
    })
}

/// Units measuring an amount that can be compared between oblasts. Percentages
/// (changes, shares) and distances are facts about one place, not amounts.
pub fn is_amount(unit: Unit) -> bool {
    match unit {
        Unit::Kilogram | Unit::Tonne | Unit::SquareMetre | Unit::Hectare | Unit::Count => true,
        Unit::Litre => true,
        Unit::Percent | Unit::Kilometre => false,
    }
}

/// Adopted values of `series` for map units, in dataset order.
fn unit_values<'a>(data: &'a Dataset, series: &'a str) -> impl Iterator<Item = &'a Figure> + 'a {
    data.figures.iter().filter(move |f| {
        f.series == series
            && f.reading == Reading::Adopted
            && f.year.is_some()
            && is_map_unit(data, &f.region)
    })
}

/// Why a series cannot colour the oblasts, or `None` if it can.
pub fn why_not(data: &Dataset, series: &str) -> Option<String> {
    let values: Vec<&Figure> = unit_values(data, series).collect();
    let Some(first) = values.first() else {
        return Some("no value for an oblast in a given year".into());
    };
    if let Some(f) = values.iter().find(|f| !is_amount(f.unit)) {
        return Some(format!(
            "its values are in {}, not an amount per oblast",
            f.unit.key()
        ));
    }
    if values.iter().any(|f| f.unit != first.unit) {
        return Some("its values mix units".into());
    }
    let units: BTreeSet<&str> = values.iter().map(|f| f.region.as_str()).collect();
    if units.len() < 2 {
        return Some("only one oblast has a value, so there is nothing to compare".into());
    }
    None
}

/// Every series the oblast layer offers, in the order they first appear in the dataset.
pub fn series_options(data: &Dataset) -> Vec<ChoroplethSeries> {
    let mut seen: BTreeSet<&str> = BTreeSet::new();
    let mut out = Vec::new();
    for f in &data.figures {
        if !seen.insert(f.series.as_str()) {
            continue;
        }
        if why_not(data, &f.series).is_none() {
            out.extend(build_series(data, &f.series));
        }
    }
    out
}

/// The series asked for if it qualifies, else the first one that does (a
/// remembered choice the current dataset lacks must not leave the map blank).
pub fn choose_series(data: &Dataset, wanted: Option<&str>) -> Option<ChoroplethSeries> {
    if let Some(w) = wanted
        && why_not(data, w).is_none()
    {
        return build_series(data, w);
    }
    series_options(data).into_iter().next()
}

fn build_series(data: &Dataset, series: &str) -> Option<ChoroplethSeries> {
    let values: Vec<&Figure> = unit_values(data, series).collect();
    let first = values.first()?;
    let years: BTreeSet<i32> = values.iter().filter_map(|f| f.year).collect();
    let units: BTreeSet<&str> = values.iter().map(|f| f.region.as_str()).collect();
    let classes = Classes::new(&values.iter().map(|f| f.value).collect::<Vec<_>>());
    let mut name = format!(
        "{} {}",
        capitalise(first.drug.label()),
        first.metric.replace('_', " ")
    );
    // Imported values say so, and which file they came from.
    if let Some(mark) = crate::import::merge::mark(data, first) {
        name = format!("{name}, {mark}");
    }
    Some(ChoroplethSeries {
        series: series.to_owned(),
        name,
        unit: first.unit,
        years: years.into_iter().collect(),
        units_reporting: units.len(),
        classes,
    })
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// The value of each map unit that has one for `series` in `year`.
pub fn values<'a>(data: &'a Dataset, series: &'a str, year: i32) -> Vec<&'a Figure> {
    unit_values(data, series)
        .filter(|f| f.year == Some(year))
        .collect()
}

/// One unit in one year: its value (if the source gives one) and fill.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitYear {
    /// HASC code, the key of the basemap's oblast polygons.
    pub region: String,
    pub name: String,
    /// `None`: no value that year ("no data", never zero).
    pub value: Option<f64>,
    pub qualifier: Qualifier,
    /// Figure id of the value, for tooltips and citations.
    pub figure: Option<String>,
    /// What the reader must know about the value's year: it covers part of
    /// the year only, or the year is the publication year or inferred
    /// ("(January–September only, not the whole year)").
    pub caveat: Option<String>,
    /// Class index (0 = lightest) of the value.
    pub class: Option<usize>,
}

/// The oblast layer for one year of a series.
#[derive(Debug, Clone, PartialEq)]
pub struct YearView {
    pub year: i32,
    /// Every map unit of the dataset, in dataset order.
    pub units: Vec<UnitYear>,
    /// Units with a value this year.
    pub reported: usize,
}

impl YearView {
    pub fn new(data: &Dataset, series: &ChoroplethSeries, year: i32) -> YearView {
        let values: BTreeMap<&str, &Figure> = values(data, &series.series, year)
            .into_iter()
            .rev() // the first value of a unit wins, as everywhere else
            .map(|f| (f.region.as_str(), f))
            .collect();
        let units: Vec<UnitYear> = data
            .regions
            .iter()
            .filter(|r| is_map_unit(data, &r.id))
            .map(|r| {
                let f = values.get(r.id.as_str());
                UnitYear {
                    region: r.id.clone(),
                    name: r.name.clone(),
                    value: f.map(|f| f.value),
                    qualifier: f.map(|f| f.qualifier).unwrap_or_default(),
                    figure: f.map(|f| f.id.clone()),
                    caveat: f.and_then(|f| caveat(f)),
                    class: f.map(|f| series.classes.class_of(f.value)),
                }
            })
            .collect();
        let reported = units.iter().filter(|u| u.value.is_some()).count();
        YearView {
            year,
            units,
            reported,
        }
    }

    pub fn unit(&self, region: &str) -> Option<&UnitYear> {
        self.units.iter().find(|u| u.region == region)
    }

    /// Fill colour (opaque) of a unit: its class, or the no-data grey.
    pub fn color_of(&self, region: &str) -> Rgba {
        match self.unit(region).and_then(|u| u.class) {
            Some(c) => CHOROPLETH_RAMP[c.min(CHOROPLETH_RAMP.len() - 1)],
            None => NO_DATA,
        }
    }

    /// The fill the map draws over a unit, with its opacity: the class colour,
    /// the lighter "no data" grey, or `None` for a unit the dataset does not know.
    pub fn fill_of(&self, region: &str) -> Option<Rgba> {
        let unit = self.unit(region)?;
        Some(match unit.class {
            Some(c) => {
                CHOROPLETH_RAMP[c.min(CHOROPLETH_RAMP.len() - 1)].with_alpha(CHOROPLETH_FILL_ALPHA)
            }
            None => NO_DATA.with_alpha(NO_DATA_FILL_ALPHA),
        })
    }

    /// "3 of 16 oblasts and cities reported" (Kazakhstan had 14 oblasts and two
    /// cities of oblast rank in 1997–2018; both kinds are coloured).
    pub fn reported_text(&self) -> String {
        format!(
            "{} of {} oblasts and cities reported",
            self.reported,
            self.units.len()
        )
    }

    /// Whether a value shown this year has a caveat (see [`UnitYear::caveat`]);
    /// the map marks such values with `*` and the legend explains it.
    pub fn has_caveats(&self) -> bool {
        self.units.iter().any(|u| u.caveat.is_some())
    }

    /// A unit's value as text with its unit and the source's qualifier, e.g.
    /// "151.1 kg", "< 5 kg", or "no data".
    pub fn value_text(&self, region: &str, unit: Unit) -> String {
        match self.unit(region) {
            Some(UnitYear {
                value: Some(v),
                qualifier,
                ..
            }) => format!("{}{v} {}", qualifier_prefix(*qualifier), unit.symbol())
                .trim_end()
                .to_owned(),
            _ => "no data".to_owned(),
        }
    }
}

/// The notes `Figure::when_text` adds after the year, if any.
fn caveat(f: &Figure) -> Option<String> {
    let when = f.when_text();
    let year = f.year.map(|y| y.to_string()).unwrap_or_default();
    let rest = when.strip_prefix(&year).unwrap_or(&when).trim();
    (!rest.is_empty()).then(|| rest.to_owned())
}

fn qualifier_prefix(q: Qualifier) -> &'static str {
    match q {
        Qualifier::Exact | Qualifier::RangeLow | Qualifier::RangeHigh => "",
        Qualifier::Approximate => "about ",
        Qualifier::LessThan => "< ",
        Qualifier::MoreThan => "> ",
    }
}

/// Equal-interval classes from 0, one per ramp colour. The class width is the
/// largest value over the ramp length rounded up to two significant digits, so
/// the legend's bounds are short numbers and the largest value is in the darkest class.
#[derive(Debug, Clone, PartialEq)]
pub struct Classes {
    /// Upper bound of each class, ascending.
    pub upper: Vec<f64>,
}

impl Classes {
    pub fn new(values: &[f64]) -> Classes {
        let max = values
            .iter()
            .copied()
            .filter(|v| v.is_finite())
            .fold(0.0_f64, f64::max);
        let n = CHOROPLETH_RAMP.len();
        let width = round_up_2_digits(max / n as f64);
        Classes {
            upper: (1..=n).map(|i| width * i as f64).collect(),
        }
    }

    /// Class index of a value (0 = lightest); the lowest class includes 0.
    pub fn class_of(&self, value: f64) -> usize {
        self.upper
            .iter()
            .position(|u| value <= *u)
            .unwrap_or(self.upper.len().saturating_sub(1))
    }

    pub fn color_of(&self, value: f64) -> Rgba {
        CHOROPLETH_RAMP[self.class_of(value).min(CHOROPLETH_RAMP.len() - 1)]
    }

    /// Legend texts, lightest first: "0–31 kg", "31–62 kg", …
    pub fn labels(&self, unit: Unit) -> Vec<String> {
        let width = self.upper.first().copied().unwrap_or(1.0);
        let decimals = decimals_for(width);
        let mut lower = 0.0;
        self.upper
            .iter()
            .map(|u| {
                let t = format!("{lower:.decimals$}–{u:.decimals$} {}", unit.symbol());
                lower = *u;
                t.trim_end().to_owned()
            })
            .collect()
    }
}

/// `x` rounded up to two significant digits (31.0 for 30.22); 1 for zero.
fn round_up_2_digits(x: f64) -> f64 {
    if !(x.is_finite() && x > 0.0) {
        return 1.0;
    }
    let scale = 10f64.powf(x.log10().floor() - 1.0);
    // The small tolerance keeps 31.0 at 31 when floating point gives 31.000000001.
    (x / scale - 1e-9).ceil() * scale
}

/// Decimals that show a class width of two significant digits exactly.
fn decimals_for(width: f64) -> usize {
    if !(width.is_finite() && width > 0.0) {
        return 0;
    }
    (1.0 - width.log10().floor()).max(0.0) as usize
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::load::{load_embedded, load_file};

    fn timeline_fixture() -> Dataset {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/good/oblast-timeline.json");
        load_file(&path).expect("test fixture loads")
    }

    #[test]
    fn curated_data_offers_heroin_and_opium_seizures_only() {
        let data = load_embedded().unwrap();
        let ids: Vec<String> = series_options(&data)
            .into_iter()
            .map(|s| s.series)
            .collect();
        assert_eq!(ids, ["oblast-heroin-seizures", "oblast-opium-seizures"]);
        let heroin = choose_series(&data, Some("oblast-heroin-seizures")).unwrap();
        assert_eq!(heroin.unit, Unit::Kilogram);
        assert_eq!(heroin.years, [2006]);
        assert_eq!(heroin.units_reporting, 3);
        let mut keys: Vec<&str> = values(&data, &heroin.series, 2006)
            .iter()
            .map(|f| f.region.as_str())
            .collect();
        keys.sort();
        assert_eq!(keys, ["KZ.AC", "KZ.SK", "KZ.WK"]);
    }

    #[test]
    fn a_distance_a_change_and_a_one_oblast_fact_are_refused_with_a_reason() {
        let data = load_embedded().unwrap();
        // The 100 km Shymkent–Tashkent distance sits in South Kazakhstan.
        let why = why_not(&data, "distance-shymkent-tashkent").unwrap();
        assert!(why.contains("km"), "{why}");
        let why = why_not(&data, "oblast-heroin-seizure-change").unwrap();
        assert!(why.contains("percent"), "{why}");
        // Morphine base stored in Almaty (1994) is a fact about one city.
        let why = why_not(&data, "almaty-morphine-base-stored").unwrap();
        assert!(why.contains("only one oblast"), "{why}");
        // Asking for one of them falls back to a series that qualifies.
        let chosen = choose_series(&data, Some("distance-shymkent-tashkent")).unwrap();
        assert_eq!(chosen.series, "oblast-heroin-seizures");
    }

    #[test]
    fn years_are_those_with_values_and_the_timeline_spans_the_gaps() {
        let data = timeline_fixture();
        let s = choose_series(&data, Some("test-oblast-heroin-seizures")).unwrap();
        // The fixture has no value in 2005.
        assert_eq!(s.years, [2003, 2004, 2006, 2007, 2008]);
        assert_eq!(s.year_range(), 2003..=2008);
        assert!(!s.has_values_in(2005));
        assert_eq!(s.resolve_year(None), 2008);
        assert_eq!(s.resolve_year(Some(1999)), 2003);
        assert_eq!(s.resolve_year(Some(2005)), 2005);
        assert_eq!(s.label(), "Heroin seizures (kg), 2003–2008");
        assert_eq!(s.legend_title(2004), "Heroin seizures, 2004 (kg)");
        assert_eq!(
            s.classes_note().as_deref(),
            Some("Classes fixed over 2003–2008")
        );
    }

    #[test]
    fn classes_are_fixed_over_all_years_so_a_colour_means_one_amount() {
        let data = timeline_fixture();
        let s = choose_series(&data, Some("test-oblast-heroin-seizures")).unwrap();
        // The largest value of any year (2008, South Kazakhstan: 480 kg) sets the classes.
        assert_eq!(s.classes.upper, [96.0, 192.0, 288.0, 384.0, 480.0]);
        let y2003 = YearView::new(&data, &s, 2003);
        let y2008 = YearView::new(&data, &s, 2008);
        // 2003 alone peaks at 120 kg; with per-year classes it would be the darkest.
        assert_eq!(y2003.unit("KZ.SK").unwrap().value, Some(120.0));
        assert_eq!(y2003.unit("KZ.SK").unwrap().class, Some(1));
        assert_eq!(y2008.unit("KZ.SK").unwrap().class, Some(4));
        assert_ne!(y2003.color_of("KZ.SK"), y2008.color_of("KZ.SK"));
        // Same amount, same colour, whatever the year: 96 kg in 2004 and 2007.
        let y2004 = YearView::new(&data, &s, 2004);
        let y2007 = YearView::new(&data, &s, 2007);
        assert_eq!(y2004.unit("KZ.WK").unwrap().value, Some(96.0));
        assert_eq!(y2007.unit("KZ.PA").unwrap().value, Some(96.0));
        assert_eq!(y2004.color_of("KZ.WK"), y2007.color_of("KZ.PA"));
    }

    #[test]
    fn a_year_without_a_value_is_no_data_never_zero() {
        let data = timeline_fixture();
        let s = choose_series(&data, Some("test-oblast-heroin-seizures")).unwrap();
        let y2005 = YearView::new(&data, &s, 2005);
        assert_eq!(y2005.reported, 0);
        assert!(y2005.units.iter().all(|u| u.value.is_none()));
        assert_eq!(y2005.color_of("KZ.SK"), NO_DATA);
        assert_eq!(y2005.value_text("KZ.SK", s.unit), "no data");
        // In a year with values, a unit the source skips is no data too, while a
        // reported zero is a value in the lightest class.
        let y2006 = YearView::new(&data, &s, 2006);
        assert_eq!(y2006.unit("KZ.WK").unwrap().value, None);
        assert_eq!(y2006.color_of("KZ.WK"), NO_DATA);
        assert_eq!(y2006.unit("KZ.PA").unwrap().value, Some(0.0));
        assert_eq!(y2006.color_of("KZ.PA"), CHOROPLETH_RAMP[0]);
        assert_eq!(y2006.value_text("KZ.PA", s.unit), "0 kg");
    }

    #[test]
    fn legend_counts_reporting_units_of_the_year() {
        let data = timeline_fixture();
        let s = choose_series(&data, Some("test-oblast-heroin-seizures")).unwrap();
        // The fixture defines 16 map units (14 oblasts, 2 cities).
        assert_eq!(
            YearView::new(&data, &s, 2003).reported_text(),
            "2 of 16 oblasts and cities reported"
        );
        assert_eq!(
            YearView::new(&data, &s, 2008).reported_text(),
            "4 of 16 oblasts and cities reported"
        );
        assert_eq!(
            s.classes.labels(s.unit),
            [
                "0–96 kg",
                "96–192 kg",
                "192–288 kg",
                "288–384 kg",
                "384–480 kg"
            ]
        );
    }

    #[test]
    fn values_keep_the_sources_qualifier_and_year_caveats() {
        let data = timeline_fixture();
        let s = choose_series(&data, Some("test-oblast-heroin-seizures")).unwrap();
        let y2004 = YearView::new(&data, &s, 2004);
        assert_eq!(y2004.value_text("KZ.AC", s.unit), "< 5 kg");
        assert!(!y2004.has_caveats());
        // The fixture's 2007 Pavlodar value covers January–September only.
        let y2007 = YearView::new(&data, &s, 2007);
        assert!(y2007.has_caveats());
        assert_eq!(
            y2007.unit("KZ.PA").unwrap().caveat.as_deref(),
            Some("(January–September only, not the whole year)")
        );
        assert_eq!(y2007.unit("KZ.SK").unwrap().caveat, None);
    }

    #[test]
    fn class_width_is_rounded_up_to_two_digits_and_the_maximum_is_darkest() {
        let c = Classes::new(&[151.1, 133.8, 89.0]);
        assert_eq!(c.upper, [31.0, 62.0, 93.0, 124.0, 155.0]);
        assert_eq!(c.class_of(151.1), CHOROPLETH_RAMP.len() - 1);
        assert_eq!(c.class_of(0.0), 0);
        assert_eq!(c.class_of(31.0), 0);
        assert_eq!(c.class_of(31.5), 1);
        assert_eq!(
            c.labels(Unit::Kilogram)[0..2],
            ["0–31 kg".to_owned(), "31–62 kg".to_owned()]
        );
        let small = Classes::new(&[0.6]);
        assert_eq!(small.labels(Unit::Tonne)[0], "0.00–0.12 t");
        // All zeros or nothing: classes still exist and zero is the lightest.
        assert_eq!(Classes::new(&[0.0]).class_of(0.0), 0);
        assert_eq!(Classes::new(&[]).upper.len(), CHOROPLETH_RAMP.len());
    }
}
