//! The embedded dataset: valid, and its series agree with the aggregates the
//! source text itself states (the cross-check documented in docs/DATA.md).

use route_explorer::model::load::load_embedded;
use route_explorer::model::{
    Basis, Dataset, Figure, Qualifier, Reading, RegionKind, Unit, YearKind,
};

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

/// Year-on-year change in per cent, as the text and our notes print it
/// (one decimal, a real minus sign).
fn pct_text(change: f64) -> String {
    let text = format!("{:.1}", change.abs());
    if change < 0.0 {
        format!("−{text}")
    } else {
        format!("+{text}")
    }
}

fn falls(series: &[&Figure], years: std::ops::RangeInclusive<i32>) -> Vec<(i32, f64)> {
    years
        .filter_map(|y| {
            let change = (by_year(series, y) / by_year(series, y - 1) - 1.0) * 100.0;
            (change < 0.0).then_some((y, change))
        })
        .collect()
}

fn note<'a>(d: &'a Dataset, id: &str) -> &'a str {
    &d.notes
        .iter()
        .find(|n| n.id == id)
        .unwrap_or_else(|| panic!("note {id} missing"))
        .text
}

/// Issue 10.1: the source calls the 2002–2006 seizures "consistently rising";
/// neither reading of the list rises every year, and the dataset must not
/// claim it does. Every fall is named, with its size, in the cross-check note.
#[test]
fn no_reading_rises_every_year_and_the_notes_say_where_it_falls() {
    let d = data();
    let adopted = falls(&d.series("kz-opiate-seizures-annual"), 2002..=2006);
    let printed = falls(&d.series_printed("kz-opiate-seizures-annual"), 2002..=2006);
    assert!(!adopted.is_empty() && !printed.is_empty());
    let crosscheck = note(&d, "crosscheck-national-series");
    for (year, change) in adopted.iter().chain(&printed) {
        let said = format!("{year} ({} %)", pct_text(*change));
        assert!(crosscheck.contains(&said), "«{said}» missing from the note");
    }
    let overclaims = ["removes every conflict", "steadily rising", "steady growth"];
    let texts = d
        .notes
        .iter()
        .map(|n| n.text.as_str())
        .chain(d.figures.iter().filter_map(|f| f.note.as_deref()));
    for text in texts {
        for claim in overclaims {
            assert!(!text.contains(claim), "«{claim}» in: {text}");
        }
    }
}

/// Issue 10.2: a printed reading is evidence against an adopted value of the
/// same quantity from the same source; two sources that state different
/// values are two stated values, not a misprint of each other.
#[test]
fn every_printed_value_has_an_adopted_value_of_the_same_source_and_time() {
    let d = data();
    for p in d.figures.iter().filter(|f| f.reading == Reading::Printed) {
        let counterpart = d.figures.iter().find(|a| {
            a.reading == Reading::Adopted
                && a.series == p.series
                && a.source == p.source
                && a.year == p.year
                && a.period == p.period
        });
        assert!(
            counterpart.is_some(),
            "{} is marked printed, but no adopted value of {} from {} in the same year stands beside it",
            p.id,
            p.series,
            p.source
        );
    }
    // Both Kazakh–Russian border lengths are stated by their own sources.
    let borders: Vec<&Figure> = d
        .figures
        .iter()
        .filter(|f| f.series == "border-length-kz-ru")
        .collect();
    let sources: std::collections::HashSet<&str> =
        borders.iter().map(|f| f.source.as_str()).collect();
    assert!(borders.len() >= 2 && sources.len() == borders.len());
    assert!(
        borders
            .iter()
            .all(|f| f.reading == Reading::Adopted && f.basis == Basis::Stated)
    );
}

/// Issue 10.3: a qualifier says what the source's own words say. Each
/// hedged figure's note quotes the hedge; an "almost" keeps its direction.
#[test]
fn qualifiers_match_the_wording_the_notes_quote() {
    let d = data();
    let hedges: [(Qualifier, &[&str]); 3] = [
        (
            Qualifier::Approximate,
            &["about", "near", "estimat", "around", "roughly"],
        ),
        (
            Qualifier::LessThan,
            &["less than", "under", "almost", "exceeded", "below"],
        ),
        (Qualifier::MoreThan, &["over", "more than", "above"]),
    ];
    for f in &d.figures {
        let text = f.note.as_deref().unwrap_or_default().to_lowercase();
        for (qualifier, words) in &hedges {
            if f.qualifier == *qualifier && f.basis == Basis::Stated {
                assert!(
                    words.iter().any(|w| text.contains(w)),
                    "{} is {:?} but its note quotes no such wording: {text}",
                    f.id,
                    qualifier
                );
            }
        }
        if text.contains("'almost") {
            assert_eq!(f.qualifier, Qualifier::LessThan, "{}", f.id);
        }
    }
}

/// Issue 10.4: a series named after a region holds that region's values:
/// Kazakhstan's share of Central Asia's seizures belongs to Kazakhstan.
#[test]
fn series_hold_values_of_the_region_they_are_named_after() {
    let d = data();
    let in_kazakhstan = |region: &str| {
        d.region(region)
            .is_some_and(|r| r.id == "KZ" || (r.country == "KZ" && r.kind != RegionKind::Area))
    };
    for f in &d.figures {
        let ok = match f.series.split('-').next().unwrap_or_default() {
            "kz" => in_kazakhstan(&f.region),
            "oblast" => in_kazakhstan(&f.region) && f.region != "KZ",
            "ru" | "uz" | "tj" => f.region.eq_ignore_ascii_case(&f.series[..2]),
            "central" => f.region == "central-asia",
            _ => true,
        };
        assert!(
            ok,
            "{} of series {} is filed under {}",
            f.id, f.series, f.region
        );
        // A share names its base: in the metric, or failing that in the note.
        if f.metric.contains("share") && f.basis == Basis::Stated {
            let note = f.note.as_deref().unwrap_or_default();
            assert!(
                f.metric.contains("_of_") || note.contains(" of "),
                "{}: a share must say what it is a share of",
                f.id
            );
        }
    }
}

/// Issue 10.5: "tons" are read as metric tonnes and the record says so; a
/// value covering part of a year carries the months, not only a note.
#[test]
fn tonnes_state_their_assumption_and_partial_years_are_flagged() {
    let d = data();
    for f in d.figures.iter().filter(|f| f.unit == Unit::Tonne) {
        let note = f.note.as_deref().unwrap_or_default();
        assert!(note.contains("metric"), "{}: {note}", f.id);
    }
    let partial_words = ["first three quarters", "January–September", "Jan–Sep"];
    let mut flagged = 0;
    for f in &d.figures {
        let note = f.note.as_deref().unwrap_or_default();
        if partial_words.iter().any(|w| note.contains(w)) {
            let months = f
                .months
                .unwrap_or_else(|| panic!("{} covers part of a year but has no months", f.id));
            // The note's months are the record's months.
            assert!(note.contains(&months.label()), "{}: {note}", f.id);
            assert!(f.when_text().contains("not the whole year"));
            flagged += 1;
        }
    }
    assert!(flagged >= 1);
}

/// Issue 10.6: a year that only stands in for an unstated one says so, and a
/// publication year is the source's own.
#[test]
fn years_that_are_not_reference_years_are_marked() {
    let d = data();
    for f in &d.figures {
        let note = f.note.as_deref().unwrap_or_default();
        let unstated = [
            "publication year",
            "year is the report's",
            "No reference year",
        ]
        .iter()
        .any(|w| note.contains(w));
        if unstated {
            assert_eq!(f.year_kind, YearKind::Publication, "{}: {note}", f.id);
        }
        if note.contains("year of the change is not stated")
            || note.contains("end year of the change is stated")
        {
            assert_ne!(f.year_kind, YearKind::Reference, "{}: {note}", f.id);
        }
        if f.year_kind == YearKind::Publication {
            let source = d.source(&f.source).unwrap();
            assert_eq!(
                f.year.map(|y| y.to_string()).as_deref(),
                source.date.get(..4),
                "{}",
                f.id
            );
            assert!(f.when_text().contains("year of publication"), "{}", f.id);
        }
    }
    // The oblast changes are undated in the source: none claims its year.
    for f in d
        .figures
        .iter()
        .filter(|f| f.series.starts_with("oblast-") && f.metric == "seizure_change")
    {
        assert_eq!(f.year_kind, YearKind::Inferred, "{}", f.id);
    }
}

/// Issue 10.10: the Tajik routes that the text sends through Saryasa
/// district pass it, right after Dushanbe, and its point lies between
/// Dushanbe and Bukhara.
#[test]
fn saryasa_district_is_on_both_tajik_routes_in_the_texts_order() {
    let d = data();
    let saryasa = d
        .places
        .iter()
        .find(|p| p.aliases.iter().any(|a| a == "Saryasa district"))
        .expect("a place for the text's 'Saryasa district'");
    assert_eq!(saryasa.country, "UZ");
    for id in ["tj-1", "tj-2"] {
        let stops: Vec<&str> = d
            .route(id)
            .unwrap()
            .waypoints
            .iter()
            .map(|w| w.place.as_str())
            .collect();
        assert_eq!(
            &stops[..3],
            ["dushanbe", saryasa.id.as_str(), "bukhara"],
            "{id}"
        );
    }
    // West of Dushanbe and east of Bukhara, as the route runs.
    let (dushanbe, bukhara) = (d.place("dushanbe").unwrap(), d.place("bukhara").unwrap());
    assert!(bukhara.lon < saryasa.lon && saryasa.lon < dushanbe.lon);
    // The coordinate's provenance is recorded with the place.
    assert!(
        saryasa
            .note
            .as_deref()
            .is_some_and(|n| n.contains("geoBoundaries"))
    );
}
