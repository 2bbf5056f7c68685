//! The embedded dataset: valid, and its series agree with the aggregates the
//! source text itself states (the cross-check documented in docs/DATA.md).

use route_explorer::model::load::load_embedded;
use route_explorer::model::{Basis, Dataset, Figure, Reading};

fn data() -> Dataset {
    load_embedded().expect("the embedded dataset validates")
}

fn value(d: &Dataset, id: &str) -> f64 {
    d.figures
        .iter()
        .find(|f| f.id == id)
        .unwrap_or_else(|| panic!("figure {id} missing"))
        .value
}

fn by_year(series: &[&Figure], year: i32) -> f64 {
    series
        .iter()
        .find(|f| f.year == Some(year))
        .unwrap_or_else(|| panic!("no value for {year}"))
        .value
}

fn mean(values: &[f64]) -> f64 {
    values.iter().sum::<f64>() / values.len() as f64
}

#[test]
fn adopted_national_series_reproduces_the_stated_aggregates() {
    let d = data();
    let s = d.series("kz-opiate-seizures-annual");
    let years: Vec<i32> = s.iter().filter_map(|f| f.year).collect();
    assert_eq!(
        years,
        (1996..=2006).collect::<Vec<_>>(),
        "one value per year"
    );

    // 1996–2000 without the 1997 outlier: stated "near 367.9 kg".
    let avg_early = mean(&[1996, 1998, 1999, 2000].map(|y| by_year(&s, y)));
    assert!(
        (avg_early - value(&d, "kz-opiates-avg-1996-2000")).abs() < 0.1,
        "{avg_early}"
    );
    // 2002–2006: stated average 875.4 kg.
    let avg_late = mean(&[2002, 2003, 2004, 2005, 2006].map(|y| by_year(&s, y)));
    assert!(
        (avg_late - value(&d, "kz-opiates-avg-2002-2006")).abs() < 0.05,
        "{avg_late}"
    );
    // 2001 is the record low (stated 173 kg).
    let min = s.iter().map(|f| f.value).fold(f64::INFINITY, f64::min);
    assert_eq!(min, by_year(&s, 2001));
    assert_eq!(min, value(&d, "kz-opiates-2001-record-low"));
    // Stated average annual increase of 88 %: mean year-on-year change 2001→2006.
    let changes: Vec<f64> = (2002..=2006)
        .map(|y| (by_year(&s, y) / by_year(&s, y - 1) - 1.0) * 100.0)
        .collect();
    let avg_change = mean(&changes);
    assert!(
        (avg_change - value(&d, "kz-opiates-avg-increase-2002-2006")).abs() < 1.0,
        "{avg_change}"
    );
    // 2006 opiates = 2006 heroin + 2006 opium (stated separately), to rounding.
    let heroin_2006 = by_year(&d.series("kz-heroin-seizures-annual"), 2006);
    let opium_2006 = by_year(&d.series("kz-opium-seizures-annual"), 2006);
    assert!((by_year(&s, 2006) - (heroin_2006 + opium_2006)).abs() < 0.15);
}

#[test]
fn printed_reading_is_kept_and_contradicts_the_aggregates() {
    let d = data();
    let printed = d.series_printed("kz-opiate-seizures-annual");
    assert_eq!(printed.len(), 11);
    assert!(
        printed
            .iter()
            .all(|f| f.reading == Reading::Printed && f.basis == Basis::Stated)
    );
    // The printed list is the adopted one in reverse year order.
    let adopted = d.series("kz-opiate-seizures-annual");
    for (p, a) in printed.iter().zip(adopted.iter().rev()) {
        assert_eq!(p.value, a.value);
    }
    let avg_early = mean(&[1996, 1998, 1999, 2000].map(|y| by_year(&printed, y)));
    assert!((avg_early - value(&d, "kz-opiates-avg-1996-2000")).abs() > 100.0);
}

#[test]
fn heroin_opium_and_interdiction_figures_agree() {
    let d = data();
    let heroin = d.series("kz-heroin-seizures-annual");
    // 2010 is "less than half" of 2009.
    assert!(by_year(&heroin, 2010) < by_year(&heroin, 2009) / 2.0);
    // Seizures ÷ 70–75 t flow is under the stated 1 %.
    let flow: Vec<&Figure> = d.series("kz-heroin-flow-estimate");
    assert_eq!(flow.len(), 2, "low and high ends of the range");
    for f in &flow {
        let rate = by_year(&heroin, 2010) / (f.value * 1000.0) * 100.0;
        assert!(rate < 1.0, "{rate}");
    }
    // Customs seized part of the all-agency total in 2010.
    let customs = by_year(&d.series("kz-heroin-seizures-customs"), 2010);
    assert!(customs < by_year(&heroin, 2010));
}

#[test]
fn every_record_cites_a_known_source_and_derived_values_carry_formulas() {
    let d = data();
    for f in &d.figures {
        assert!(d.source(&f.source).is_some(), "{}", f.id);
        if f.basis == Basis::Derived {
            assert!(
                f.formula.as_deref().is_some_and(|s| !s.is_empty()),
                "{}",
                f.id
            );
        }
    }
    for r in &d.routes {
        assert!(!r.sources.is_empty(), "{}", r.id);
    }
}

#[test]
fn every_route_the_text_enumerates_is_present() {
    let d = data();
    for origin in ["TJ", "KG", "UZ"] {
        let main_routes = d
            .routes
            .iter()
            .filter(|r| r.origin_country == origin && r.variant_of.is_none())
            .count();
        assert_eq!(main_routes, 3, "{origin}");
    }
    // The Kyrgyz routes are described twice: every version is linked.
    let variants = d.routes.iter().filter(|r| r.variant_of.is_some()).count();
    assert_eq!(variants, 3);
}
