//! Importing analysts' files as a user would: every fixture format, the
//! messages a bad file gets (exact text), and the round trip through
//! `export figures`. Fixtures hold made-up values (tests/fixtures/import/README.md).

use std::path::{Path, PathBuf};

use route_explorer::export::csv::figures_csv;
use route_explorer::import::{
    Control, Format, ImportError, ImportedLayer, Limits, import_bytes, import_file, merge,
};
use route_explorer::model::load::load_embedded;
use route_explorer::model::{Dataset, Drug, Figure, Unit};

fn fixture(kind: &str, name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(kind)
        .join(name)
}

fn curated() -> Dataset {
    load_embedded().expect("embedded dataset")
}

fn import(kind: &str, name: &str) -> Result<ImportedLayer, ImportError> {
    import_file(
        &fixture(kind, name),
        &curated(),
        &Limits::default(),
        &Control::default(),
    )
}

fn good(name: &str) -> ImportedLayer {
    match import("good", name) {
        Ok(l) => l,
        Err(e) => panic!("{e}"),
    }
}

fn bad_error(name: &str) -> String {
    match import("bad", name) {
        Ok(l) => panic!("{name} imported: {:?}", l.report),
        Err(e) => e.to_string(),
    }
}

/// The file's problems, one per line, with the fixture path shortened.
fn problems(layer: &ImportedLayer) -> Vec<String> {
    let dir = fixture("bad", "").display().to_string();
    layer
        .report
        .problem_lines()
        .into_iter()
        .map(|l| l.replace(&dir, ""))
        .collect()
}

fn value(layer: &ImportedLayer, series: &str, region: &str, year: i32) -> Option<f64> {
    layer
        .figures()
        .find(|f| f.series == series && f.region == region && f.year == Some(year))
        .map(|f| f.value)
}

fn short(e: String) -> String {
    e.replace(&fixture("bad", "").display().to_string(), "")
}

// ---------------------------------------------------------------------------
// One fixture per format
// ---------------------------------------------------------------------------

#[test]
fn long_csv_keeps_units_periods_qualifiers_and_formulas() {
    let l = good("long-made-up.csv");
    assert_eq!(l.format, Format::Long);
    assert_eq!(l.report.rows_read, 8);
    assert_eq!(l.report.rows_used, 8);
    assert!(l.report.is_clean(), "{:?}", l.report);
    assert_eq!(value(&l, "test-heroin-oblast", "KZ.SK", 2016), Some(120.5));
    let figures: Vec<Figure> = l.figures().collect();
    let change = figures.iter().find(|f| f.series == "test-change").unwrap();
    assert_eq!(change.unit, Unit::Percent);
    assert_eq!(change.formula.as_deref(), Some("(120.5 - 100) / 100 x 100"));
    // Range ends share series, region and year: both kept, told apart by qualifier.
    let range: Vec<&Figure> = figures
        .iter()
        .filter(|f| f.series == "test-range")
        .collect();
    assert_eq!(range.len(), 2);
    assert!(range.iter().all(|f| f.unit == Unit::Tonne));
    let avg = figures.iter().find(|f| f.series == "test-average").unwrap();
    assert_eq!(avg.year, None);
    assert_eq!(avg.period.map(|p| (p.from, p.to)), Some((2012, 2014)));
    assert_eq!(avg.drug, Drug::Opiates);
}

#[test]
fn unodc_annex_xlsx_finds_the_seizures_sheet_below_its_title_row() {
    let l = good("annex-made-up.xlsx");
    assert_eq!(l.format, Format::UnodcAnnex);
    assert_eq!(l.report.sheets, vec!["Seizures".to_owned()]);
    assert_eq!(value(&l, "annex-heroin-seizures", "KZ", 2017), Some(1200.5));
    assert_eq!(value(&l, "annex-heroin-seizures", "KG", 2016), Some(50.0));
    assert_eq!(
        value(&l, "annex-cannabis-herb-seizures", "KZ", 2016),
        Some(20000.0)
    );
    // Germany is not a dataset region; Uzbekistan's row has no kilograms.
    assert_eq!((l.report.rows_read, l.report.rows_used), (9, 7));
    assert_eq!(
        l.report.skipped["country outside the dataset's regions"].count,
        1
    );
    assert_eq!(l.report.skipped["no value in Kilograms"].count, 1);
    assert!(
        l.report
            .notes
            .contains(&"sheet 'Seizures': the header is on row 2; the 1 row(s) above it (titles) were not read".to_owned()),
        "{:?}",
        l.report.notes
    );
}

#[test]
fn unodc_annex_csv_with_mscode_reads_the_same_values() {
    let csv = good("annex-made-up.csv");
    let xlsx = good("annex-made-up.xlsx");
    assert_eq!(csv.format, Format::UnodcAnnex);
    let a: Vec<(String, String, Option<i32>, f64)> = csv
        .figures()
        .map(|f| (f.series, f.region, f.year, f.value))
        .collect();
    let b: Vec<(String, String, Option<i32>, f64)> = xlsx
        .figures()
        .map(|f| (f.series, f.region, f.year, f.value))
        .collect();
    assert_eq!(a, b);
}

#[test]
fn individual_seizures_are_summed_per_country_drug_year_and_unit() {
    let l = good("ids-made-up.xlsx");
    assert_eq!(l.format, Format::UnodcIds);
    // 2016: 2,500 g + 3 kg + 1.5 kg of heroin in Kazakhstan.
    assert_eq!(value(&l, "ids-heroin-kg", "KZ", 2016), Some(7.0));
    assert_eq!(
        value(&l, "ids-heroin-number-of-seizures", "KZ", 2016),
        Some(3.0)
    );
    // 2017 from its own sheet: 4 kg + 500 g.
    assert_eq!(value(&l, "ids-heroin-kg", "KZ", 2017), Some(4.5));
    // Tablets and litres are kept apart from kilograms.
    assert_eq!(
        value(&l, "ids-ecstasy-count-tablets", "KZ", 2016),
        Some(40.0)
    );
    assert_eq!(value(&l, "ids-opium-poppy-l", "KZ", 2017), Some(2.0));
    // Departure → destination pairs; "Unknown" and empty are not countries.
    let tj_ru = l
        .flows
        .iter()
        .find(|f| {
            f.from_name == "Tajikistan" && f.to_name == "Russian Federation" && f.year == 2016
        })
        .expect("Tajikistan → Russia flow");
    assert_eq!(tj_ru.seizures, 1);
    assert_eq!(tj_ru.amount_kg, 2.5);
    assert!(
        l.flows
            .iter()
            .all(|f| f.from_name != "Unknown" && !f.from_name.is_empty())
    );
    // A seizure in Germany (not a dataset region) still gives its flow.
    assert!(
        l.flows
            .iter()
            .any(|f| f.from_name == "Turkey" && f.to_name == "Germany")
    );
    assert_eq!(l.report.rows_used, 10);
    assert_eq!(
        l.report.skipped["country outside the dataset's regions"].count,
        1
    );
}

#[test]
fn individual_seizures_csv_variant_takes_its_year_from_the_file_name() {
    let l = good("ids-made-up-2018.csv");
    assert_eq!(value(&l, "ids-heroin-kg", "KZ", 2018), Some(2.25));
    assert!(
        l.report
            .notes
            .iter()
            .any(|n| n.contains("the year 2018 is taken from the file name"))
    );
}

#[test]
fn owid_grapher_columns_become_series_with_units_from_their_titles() {
    let l = good("owid-made-up.csv");
    assert_eq!(l.format, Format::Owid);
    assert_eq!(value(&l, "owid-opium-seizures-kg", "KZ", 2016), Some(310.0));
    // tonnes → kg
    assert_eq!(
        value(&l, "owid-heroin-seizures-bulk-weight-tonnes", "KZ", 2015),
        Some(1200.0)
    );
    assert_eq!(
        l.report.skipped["aggregate of several countries (OWID_ code)"].count,
        1
    );
}

#[test]
fn subnational_spellings_and_reorganised_units_reach_1997_2018_oblasts() {
    let l = good("oblasts-made-up.csv");
    assert_eq!(l.format, Format::Subnational);
    assert!(l.report.is_clean(), "{:?}", l.report);
    let s = "heroin-seizures-kg";
    assert_eq!(value(&l, s, "KZ.SK", 2016), Some(100.0));
    assert_eq!(value(&l, s, "KZ.SK", 2017), Some(110.0));
    // Turkistan Region + Shymkent city = South Kazakhstan within its old borders.
    let sk2019 = l
        .figures()
        .find(|f| f.series == s && f.region == "KZ.SK" && f.year == Some(2019))
        .unwrap();
    assert_eq!(sk2019.value, 120.0);
    assert!(
        sk2019
            .formula
            .as_deref()
            .is_some_and(|f| f.contains("Turkistan Region 90 (row 4) + Shymkent city 30 (row 5)")),
        "{:?}",
        sk2019.formula
    );
    // East Kazakhstan + Abai, 2023.
    assert_eq!(value(&l, s, "KZ.EK", 2023), Some(28.0));
    // 40,000 g → 40 kg; Cyrillic name; city and oblast of Almaty apart.
    assert_eq!(value(&l, s, "KZ.ZM", 2016), Some(40.0));
    assert_eq!(value(&l, s, "KZ.QG", 2016), Some(5.0));
    assert_eq!(value(&l, s, "KZ.AC", 2016), Some(60.0));
    assert_eq!(value(&l, s, "KZ.AA", 2016), Some(70.0));
    assert!(l.report.notes.contains(
        &"'Turkistan Region' is Turkistan Region (renamed in 2018): counted under South Kazakhstan (KZ.SK), the 1997–2018 oblast it belongs to".to_owned()
    ));
}

#[test]
fn russian_headers_semicolons_and_decimal_commas() {
    let l = good("oblasts-ru-semicolons.csv");
    assert_eq!(l.format, Format::Subnational);
    assert_eq!(value(&l, "heroin-seizures-kg", "KZ.SK", 2016), Some(1234.5));
    assert_eq!(value(&l, "heroin-seizures-kg", "KZ.PA", 2016), Some(12.5));
    assert!(
        l.report
            .notes
            .contains(&"columns separated by semicolons".to_owned())
    );
    assert!(
        l.report
            .notes
            .contains(&"numbers with a decimal comma were read (12,5 = 12.5)".to_owned())
    );
}

#[test]
fn utf16_tab_separated_text_from_excel_reads() {
    let l = good("oblasts-utf16.txt");
    assert_eq!(value(&l, "opium-seizures-kg", "KZ.PA", 2016), Some(3.0));
}

#[test]
fn a_partial_reorganised_oblast_says_what_it_lacks() {
    let csv = b"Region,Year,Drug,Value,Unit\nTurkistan Region,2019,Heroin,90,kg\n";
    let l = import_bytes(
        Path::new("partial.csv"),
        csv,
        None,
        &curated(),
        &Limits::default(),
        &Control::default(),
    )
    .unwrap();
    let f = l.figures().next().unwrap();
    assert_eq!(f.region, "KZ.SK");
    assert_eq!(
        f.note.as_deref(),
        Some(
            "covers KZ.SK without Shymkent city (split off in 2018): the file has no row for it in 2019"
        )
    );
}

#[test]
fn the_note_on_a_reorganised_oblast_keeps_the_year_of_the_split() {
    // A value for the very year of the split: the file-wide note must still
    // name the year the unit split off, and say it once.
    let csv = b"Region,Year,Drug,Value,Unit\nTurkistan Region,2018,Heroin,90,kg\nTurkistan Region,2019,Heroin,80,kg\n";
    let l = import_bytes(
        Path::new("split-year.csv"),
        csv,
        None,
        &curated(),
        &Limits::default(),
        &Control::default(),
    )
    .unwrap();
    let notes: Vec<&String> = l
        .report
        .notes
        .iter()
        .filter(|n| n.contains("covers KZ.SK without"))
        .collect();
    assert_eq!(
        notes,
        [
            "'Turkistan Region' (in some years): covers KZ.SK without Shymkent city (split off \
             in 2018): the file has no row for it in the same year; each such value says so in its note"
        ],
        "{:?}",
        l.report.notes
    );
}

// ---------------------------------------------------------------------------
// Bad files: each with the exact message the user sees
// ---------------------------------------------------------------------------

#[test]
fn bad_wrong_header() {
    assert_eq!(
        short(bad_error("wrong-header.csv")),
        "wrong-header.csv: no header row of a known format in the first 10 rows; closest is \
         UNODC individual drug seizures, which also needs COUNTRY_OF_SEIZURE (or COUNTRY), \
         DRUG_NAME, DRUG_UNIT"
    );
}

#[test]
fn bad_wrong_sheet() {
    assert_eq!(
        short(bad_error("wrong-sheet.xlsx")),
        "wrong-sheet.xlsx: no header row of a known format in the first 10 rows of any sheet \
         ('Notes', 'Chart data'); closest is sub-national table (region, year, drug, value, \
         unit), which also needs Region (or Oblast), Drug, Value, Unit; a UNODC annex table is \
         on a sheet named 'Seizures'"
    );
}

#[test]
fn bad_empty_csv() {
    assert_eq!(
        short(bad_error("empty.csv")),
        "empty.csv: the file is empty (0 bytes)"
    );
}

#[test]
fn bad_zero_byte_xlsx() {
    assert_eq!(
        short(bad_error("empty.xlsx")),
        "empty.xlsx: the file is empty (0 bytes)"
    );
}

#[test]
fn bad_only_header() {
    let e = import("bad", "only-header.csv").unwrap_err();
    assert_eq!(e.exit_code(), 1);
    assert_eq!(
        short(e.to_string()),
        "only-header.csv: a sub-national table header but no data rows below it"
    );
}

#[test]
fn bad_not_utf8() {
    assert_eq!(
        short(bad_error("latin1.csv")),
        "latin1.csv: line 3: not valid UTF-8 (byte 57); save the file as UTF-8 (in Excel: CSV UTF-8)"
    );
}

#[test]
fn bad_binary() {
    assert_eq!(
        short(bad_error("binary.csv")),
        "binary.csv: not a table: neither text (CSV) nor a spreadsheet (xlsx, xls, ods)"
    );
}

#[test]
fn bad_zip_that_is_not_xlsx() {
    assert_eq!(
        short(bad_error("zip-not-xlsx.xlsx")),
        "zip-not-xlsx.xlsx: a ZIP archive that is not a spreadsheet (it holds no \
         xl/workbook.xml or content.xml); expected xlsx or ods"
    );
}

#[test]
fn bad_semicolons_are_read_and_said() {
    let l = import("bad", "semicolons.csv").unwrap();
    assert_eq!(value(&l, "heroin-seizures-kg", "KZ.AR", 2016), Some(6.0));
    assert!(
        l.report
            .notes
            .contains(&"columns separated by semicolons".to_owned())
    );
}

#[test]
fn bad_decimal_commas_are_read_and_said() {
    let l = import("bad", "decimal-commas.csv").unwrap();
    assert_eq!(value(&l, "heroin-seizures-kg", "KZ.PA", 2016), Some(1234.5));
    assert_eq!(value(&l, "heroin-seizures-kg", "KZ.AR", 2016), Some(0.75));
    assert!(
        l.report
            .notes
            .contains(&"numbers with a decimal comma were read (12,5 = 12.5)".to_owned())
    );
}

#[test]
fn bad_negative_value() {
    let l = import("bad", "negative.csv").unwrap();
    assert_eq!(
        problems(&l),
        [
            "negative.csv row 2, column 'Value': negative value -5: seizure amounts cannot be below zero"
        ]
    );
    assert_eq!((l.report.rows_read, l.report.rows_used), (2, 1));
}

#[test]
fn bad_text_in_a_number_column() {
    let l = import("bad", "text-in-number.csv").unwrap();
    assert_eq!(
        problems(&l),
        ["text-in-number.csv row 2, column 'Value': 'about 40' is not a number"]
    );
    assert_eq!(l.report.skipped["value not usable"].count, 1);
}

#[test]
fn bad_censored_value() {
    let l = import("bad", "censored.csv").unwrap();
    assert_eq!(
        problems(&l),
        [
            "censored.csv row 2, column 'Value': '<5' is a bound, not a number; enter the value itself"
        ]
    );
}

#[test]
fn bad_unknown_region_suggests_the_nearest_names() {
    let l = import("bad", "unknown-region.csv").unwrap();
    assert_eq!(
        problems(&l),
        [
            "unknown-region.csv row 2, column 'Region': unknown region 'Karagandaa oblast'; nearest: Karaganda, Kyrgyzstan"
        ]
    );
    assert_eq!(l.values.len(), 1);
}

#[test]
fn bad_duplicate_rows() {
    let l = import("bad", "duplicate-rows.csv").unwrap();
    assert_eq!(
        problems(&l),
        [
            "duplicate-rows.csv rows 2, 3: same series, region, drug and year with different values (rows 2, 3): 'Heroin seizures (kg)', Pavlodar, 2016; none of them used"
        ]
    );
    // The repeat with the same value is counted once, and said.
    assert_eq!(
        l.report.skipped["same values as an earlier row: counted once"].count,
        1
    );
    assert_eq!(value(&l, "heroin-seizures-kg", "KZ.AR", 2016), Some(6.0));
    assert_eq!(value(&l, "heroin-seizures-kg", "KZ.PA", 2016), None);
}

#[test]
fn bad_value_without_a_unit() {
    let l = import("bad", "no-unit.csv").unwrap();
    assert_eq!(
        problems(&l),
        [
            "no-unit.csv row 2, column 'Unit': no unit: every value needs one (kg, g, t, tablets, l…)"
        ]
    );
}

#[test]
fn bad_formula_without_a_saved_result() {
    let l = import("bad", "formula.xlsx").unwrap();
    assert_eq!(
        problems(&l),
        [
            "formula.xlsx [sheet 'Seizures'] row 4, column 'Kilograms': the cell holds the formula =H3*2 with no saved result; open the file in a spreadsheet program and save it, or paste the values"
        ]
    );
}

#[test]
fn bad_date_in_the_year_column() {
    let l = import("bad", "date-year.xlsx").unwrap();
    assert_eq!(
        problems(&l),
        [
            "date-year.xlsx [sheet 'Seizures'] row 3, column 'Reference year': a date (2015-01-01), not a year: format the column as a number holding only the year (2015)"
        ]
    );
}

#[test]
fn bad_unit_created_after_the_year_of_the_value() {
    let l = import("bad", "split-before-reorganisation.csv").unwrap();
    assert_eq!(
        problems(&l),
        [
            "split-before-reorganisation.csv row 2: 'Abai Region' is Abai Region which only exists from 2022; for 2015 it is part of KZ.EK: not added, so that it is not counted twice"
        ]
    );
    assert_eq!(value(&l, "heroin-seizures-kg", "KZ.EK", 2015), Some(9.0));
}

#[test]
fn bad_owid_column_without_unit() {
    let l = import("bad", "owid-no-unit.csv").unwrap();
    assert_eq!(
        problems(&l),
        [
            "owid-no-unit.csv, column 'Opium seizures': the title names no unit (such as '(kg)' or '(tonnes)'); its values are left out"
        ]
    );
}

#[test]
fn bad_long_csv_unknown_unit_and_mixed_units() {
    let l = import("bad", "long-unknown-unit.csv").unwrap();
    assert_eq!(
        problems(&l),
        [
            "long-unknown-unit.csv row 2, column 'unit': unknown unit 'bags'; expected kg, t, percent, m2, ha, km, count or l"
        ]
    );
    let l = import("bad", "long-mixed-units.csv").unwrap();
    assert_eq!(
        problems(&l),
        [
            "long-mixed-units.csv row 3, column 'unit': series 's' has values in kg and in t: one series, one unit"
        ]
    );
}

#[test]
fn bad_seizure_records_without_a_year() {
    let l = import("bad", "ids-no-year.xlsx").unwrap();
    assert_eq!(
        problems(&l),
        [
            "ids-no-year.xlsx [sheet 'Sheet1']: no year: add a YEAR column, or name the sheet or the file by its year (e.g. 2015)"
        ]
    );
}

#[test]
fn bad_file_over_the_size_cap() {
    let limits = Limits {
        max_bytes: 100,
        ..Limits::default()
    };
    let e = import_file(
        &fixture("good", "annex-made-up.csv"),
        &curated(),
        &limits,
        &Control::default(),
    )
    .unwrap_err();
    assert_eq!(
        short(e.to_string()).replace(&fixture("good", "").display().to_string(), ""),
        "annex-made-up.csv: the file is 864 bytes, more than the import limit of 100 bytes; \
         split it or keep only the rows you need"
    );
}

#[test]
fn cancelled_import_stops_with_a_message() {
    let control = Control::default();
    control.cancel();
    let e = import_file(
        &fixture("good", "annex-made-up.xlsx"),
        &curated(),
        &Limits::default(),
        &control,
    )
    .unwrap_err();
    assert!(matches!(e, ImportError::Cancelled { .. }), "{e}");
}

// ---------------------------------------------------------------------------
// Round trip and merge
// ---------------------------------------------------------------------------

#[test]
fn export_figures_then_import_gives_back_every_value_unit_year_region_and_source() {
    let ds = curated();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("figures.csv");
    std::fs::write(&path, figures_csv(&ds)).unwrap();
    let l = import_file(&path, &ds, &Limits::default(), &Control::default()).unwrap();
    assert_eq!(l.format, Format::Long);
    assert!(l.report.is_clean(), "{:?}", l.report.problem_lines());
    assert_eq!(l.report.rows_used, ds.figures.len());
    // Every field of every figure, in order: id, series, metric, region and
    // its name, drug, year (kind, period, months), value, unit, qualifier,
    // basis, reading, formula, source, note.
    let back: Vec<Figure> = l.figures().collect();
    assert_eq!(back.len(), ds.figures.len());
    for (b, f) in back.iter().zip(&ds.figures) {
        assert_eq!(b, f);
    }
    // Each source comes back whole from the citation columns.
    for f in &ds.figures {
        let src = l.sources.iter().find(|s| s.id == f.source).unwrap();
        let curated = ds.source(&f.source).unwrap();
        assert_eq!(
            (&src.title, &src.publisher, &src.date, &src.author),
            (
                &curated.title,
                &curated.publisher,
                &curated.date,
                &curated.author
            )
        );
    }
}

#[test]
fn a_round_trip_does_not_need_the_curated_sources() {
    // Another analyst's export, cited sources unknown here: the citation
    // columns still give title, publisher and date.
    let ds = curated();
    let csv = figures_csv(&ds);
    let empty = Dataset {
        sources: vec![],
        ..ds.clone()
    };
    let l = import_bytes(
        Path::new("theirs.csv"),
        csv.as_bytes(),
        None,
        &empty,
        &Limits::default(),
        &Control::default(),
    )
    .unwrap();
    let s = l.sources.iter().find(|s| s.id == "unodc-2012").unwrap();
    assert_eq!(
        s.title,
        "Opiate Flows Through Northern Afghanistan and Central Asia"
    );
    assert_eq!(s.date, "2012-05");
}

#[test]
fn merged_dataset_keeps_curated_figures_and_namespaces_imported_ones() {
    let ds = curated();
    // A long CSV that reuses curated ids must not overwrite them.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("figures.csv");
    std::fs::write(&path, figures_csv(&ds)).unwrap();
    let l = import_file(&path, &ds, &Limits::default(), &Control::default()).unwrap();
    let merged = merge::merged(&ds, std::slice::from_ref(&l));
    assert_eq!(merged.figures.len(), 2 * ds.figures.len());
    assert_eq!(&merged.figures[..ds.figures.len()], &ds.figures[..]);
    for f in &merged.figures[ds.figures.len()..] {
        assert!(f.id.starts_with("imported:figures-csv:"), "{}", f.id);
        assert!(
            f.series.starts_with("imported:figures-csv:"),
            "{}",
            f.series
        );
        // Every imported value cites "imported · FILE".
        assert!(
            merged
                .citation(&f.source)
                .contains("imported · figures.csv"),
            "{}",
            f.source
        );
    }
    let ids: std::collections::HashSet<&str> =
        merged.figures.iter().map(|f| f.id.as_str()).collect();
    assert_eq!(ids.len(), merged.figures.len(), "no id collides");
}

#[test]
fn flows_between_countries_come_out_in_the_same_order_on_every_read() {
    // Found by tests/fuzz_import.rs: two drugs on the same pair, year and
    // number of seizures came out in either order, so reading a file twice
    // (or in parts) gave two different layers.
    let csv = b"COUNTRY,REGION_OF_SEIZURE,SUBREGION_OF_SEIZURE,DRUG_NAME,AMOUNT,DRUG_UNIT,DEPARTURE_COUNTRY,DESTINATION_COUNTRY,PRODUCING_COUNTRY\n\
Kazakhstan,Asia,Central Asia,Opium,2,Kilogram,Uzbekistan,Russian Federation,Afghanistan\n\
Kazakhstan,Asia,Central Asia,Heroin,250,Gram,Uzbekistan,Russian Federation,Afghanistan\n";
    let read = || {
        import_bytes(
            Path::new("seizures-2018.csv"),
            csv,
            None,
            &curated(),
            &Limits::default(),
            &Control::default(),
        )
        .unwrap()
        .flows
    };
    let first = read();
    let drugs: Vec<&str> = first.iter().map(|f| f.drug.as_str()).collect();
    assert_eq!(drugs, ["Heroin", "Opium"]);
    // Each read hashes with new random keys: 20 reads would all agree by
    // chance once in half a million.
    for _ in 0..20 {
        assert_eq!(read(), first);
    }
}
