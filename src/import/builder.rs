//! Collects the values a file yields, finds duplicates, sums where the
//! format asks for sums (individual seizures), and maps reorganised units
//! onto their 1997–2018 oblast. Values are kept compactly (strings
//! interned) so a million-row file stays well within memory.

use std::collections::HashSet;

use rustc_hash::FxHashMap as HashMap;

use super::regions::{Change, Matched, REORGANISATIONS};
use super::report::{Report, RowRef};
use crate::model::{Basis, Drug, Months, Period, Qualifier, Reading, Unit, YearKind};

/// Interned strings of one layer, in one buffer: a million-row file has a
/// million ids, and a heap block per id would cost more than the text.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Strings {
    text: String,
    /// (start, end) of each string in `text`.
    spans: Vec<(u32, u32)>,
    index: HashMap<String, u32>,
}

impl Strings {
    pub fn intern(&mut self, s: &str) -> u32 {
        if let Some(&i) = self.index.get(s) {
            return i;
        }
        let i = self.push_unique(s);
        self.index.insert(s.to_owned(), i);
        i
    }

    /// Store a string that is not expected to repeat (ids), without indexing it.
    pub fn push_unique(&mut self, s: &str) -> u32 {
        let start = self.text.len() as u32;
        self.text.push_str(s);
        self.spans.push((start, self.text.len() as u32));
        (self.spans.len() - 1) as u32
    }

    pub fn get(&self, i: u32) -> &str {
        self.spans
            .get(i as usize)
            .and_then(|&(a, b)| self.text.get(a as usize..b as usize))
            .unwrap_or("")
    }

    /// The index of an interned string, without adding it.
    fn find(&self, s: &str) -> Option<u32> {
        self.index.get(s).copied()
    }
}

/// One series of a layer: values that share metric, drug and unit.
#[derive(Debug, Clone, PartialEq)]
pub struct SeriesDef {
    /// Id within the file (`annex-heroin-seizures`); namespaced when merged.
    pub key: String,
    /// Legend text: "Heroin seizures (UNODC annex)".
    pub label: String,
    pub metric: String,
    pub drug: Drug,
    /// The drug as the file names it.
    pub drug_name: String,
    pub unit: Unit,
}

/// One value of a layer.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportedValue {
    pub series: u32,
    /// Dataset region id (interned).
    pub region: u32,
    /// The name(s) the file uses (interned).
    pub region_name: u32,
    pub year: Option<i32>,
    pub period: Option<Period>,
    pub year_kind: YearKind,
    pub months: Option<Months>,
    pub value: f64,
    pub qualifier: Qualifier,
    pub basis: Basis,
    pub reading: Reading,
    /// Index into the layer's sources.
    pub source: u32,
    /// Id given by the file (long format), interned.
    pub id: Option<u32>,
    pub formula: Option<u32>,
    pub note: Option<u32>,
    /// Rows (seizures) summed into it.
    pub count: u32,
    /// First row it comes from.
    pub row: RowRef,
}

/// What a format hands the builder for one value.
pub struct Observation<'a> {
    pub series: u32,
    pub region: &'a Matched,
    pub region_name: &'a str,
    pub year: Option<i32>,
    pub period: Option<Period>,
    pub year_kind: YearKind,
    pub months: Option<Months>,
    pub value: f64,
    pub qualifier: Qualifier,
    pub basis: Basis,
    pub reading: Reading,
    pub source: u32,
    pub id: Option<&'a str>,
    pub formula: Option<&'a str>,
    pub note: Option<&'a str>,
    pub at: RowRef,
}

/// How repeated keys are treated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// One value per key (tables of totals): a repeat is a duplicate.
    Unique,
    /// Individual records: values with the same key are summed.
    Sum,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct Key {
    series: u32,
    /// The unit in the file (region id or reorganisation key), interned.
    unit: u32,
    year: i32,
    period: (i32, i32),
    reading: u8,
    qualifier: u8,
    /// A part of a year is another measure than the whole year.
    months: (u8, u8),
}

struct Entry {
    /// The unit as the file names it (region id or reorganisation key).
    unit: u32,
    conflict: bool,
    /// Rows with a different value for the same key (the first is `v.row`);
    /// None, and so 8 bytes without an allocation, in the common case (a
    /// plain Vec would be 24 bytes on each of a million entries).
    #[allow(clippy::box_collection)]
    more_rows: Option<Box<Vec<RowRef>>>,
    /// Target region, value and count live in here.
    v: ImportedValue,
}

impl Entry {
    fn rows(&self) -> Vec<RowRef> {
        std::iter::once(self.v.row)
            .chain(self.more_rows.iter().flat_map(|r| r.iter().copied()))
            .collect()
    }
}

pub struct Builder {
    pub strings: Strings,
    pub series: Vec<SeriesDef>,
    series_index: HashMap<String, u32>,
    mode: Mode,
    entries: Vec<Entry>,
    index: HashMap<Key, usize>,
}

fn qualifier_code(q: Qualifier) -> u8 {
    q as u8
}

impl Builder {
    pub fn new(mode: Mode) -> Builder {
        Builder {
            strings: Strings::default(),
            series: Vec::new(),
            series_index: HashMap::default(),
            mode,
            entries: Vec::new(),
            index: HashMap::default(),
        }
    }

    /// Room for about `rows` more values (a big file counts its lines
    /// first), so the tables do not grow by doubling and copying.
    pub fn reserve(&mut self, rows: usize) {
        // Beyond this, growing as needed costs less than unused room.
        let rows = rows.min(4_000_000);
        self.entries.reserve(rows);
        self.index.reserve(rows);
    }

    pub fn mode(&self) -> Mode {
        self.mode
    }

    /// The series with this key, created from `make` on first use.
    pub fn series(&mut self, key: &str, make: impl FnOnce() -> SeriesDef) -> u32 {
        if let Some(&i) = self.series_index.get(key) {
            return i;
        }
        let i = self.series.len() as u32;
        let mut def = make();
        def.key = key.to_owned();
        self.series.push(def);
        self.series_index.insert(key.to_owned(), i);
        i
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Add one value. Returns false (and reports why) if it cannot be used.
    pub fn add(&mut self, o: Observation<'_>, report: &mut Report) -> bool {
        // A unit split off later did not exist before its reorganisation: its
        // value for an earlier year is part of the oblast's and would count twice.
        if let Matched::Reorganised(r) = o.region
            && r.change == Change::SplitOff
            && let Some(y) = o.year.or(o.period.map(|p| p.from))
            && y < r.year
        {
            report.problem(
                o.at,
                None,
                format!(
                    "'{}' is {} which only exists from {}; for {y} it is part of {}: not added, \
                     so that it is not counted twice",
                    o.region_name, r.name, r.year, r.onto
                ),
            );
            report.skip(o.at, "unit did not exist in that year");
            return false;
        }
        let unit_key = match o.region {
            // A renamed oblast is the same unit as the old name.
            Matched::Reorganised(r) if r.change == Change::Renamed => r.onto,
            m => m.unit_key(),
        };
        let unit = self.strings.intern(unit_key);
        let key = Key::new(
            o.series,
            unit,
            o.year,
            o.period,
            o.reading,
            o.qualifier,
            o.months,
        );
        if let Some(&i) = self.index.get(&key) {
            let e = &mut self.entries[i];
            match self.mode {
                Mode::Sum => {
                    e.v.value += o.value;
                    e.v.count += 1;
                }
                Mode::Unique => {
                    if e.v.value != o.value {
                        let more = e.more_rows.get_or_insert_default();
                        if more.len() < 64 {
                            more.push(o.at);
                        }
                        e.conflict = true;
                    } else {
                        let first = e.v.row.row;
                        report.skip(o.at, "same values as an earlier row: counted once");
                        report.note(format!(
                            "repeated rows with the same value are counted once (first: row {first})"
                        ));
                    }
                }
            }
            return true;
        }
        let target = self.strings.intern(o.region.target());
        let region_name = self.strings.intern(o.region_name);
        let id = o.id.map(|s| self.strings.push_unique(s));
        let formula = o.formula.map(|s| self.strings.intern(s));
        let note = o.note.map(|s| self.strings.intern(s));
        let v = ImportedValue {
            series: o.series,
            region: target,
            region_name,
            year: o.year,
            period: o.period,
            year_kind: o.year_kind,
            months: o.months,
            value: o.value,
            qualifier: o.qualifier,
            basis: o.basis,
            reading: o.reading,
            source: o.source,
            id,
            formula,
            note,
            count: 1,
            row: o.at,
        };
        self.index.insert(key, self.entries.len());
        self.entries.push(Entry {
            unit,
            conflict: false,
            more_rows: None,
            v,
        });
        true
    }

    /// Whether `later`, the builder of a later part of the same file, can be
    /// joined onto this one exactly as if the file had been read in one go:
    /// one value per key, a series both parts use has one unit, and no key
    /// of `later` is already here (a repeat across parts would be judged
    /// against the first row, which the later part never saw).
    pub fn can_absorb(&self, later: &Builder) -> bool {
        if self.mode != Mode::Unique || later.mode != Mode::Unique {
            return false;
        }
        let mut shared: Vec<Option<u32>> = Vec::with_capacity(later.series.len());
        for def in &later.series {
            let mine = self.series_index.get(&def.key).copied();
            if let Some(i) = mine
                && self.series[i as usize].unit != def.unit
            {
                return false;
            }
            shared.push(mine);
        }
        later.entries.iter().all(|e| {
            let Some(Some(series)) = shared.get(e.v.series as usize) else {
                return true;
            };
            let Some(unit) = self.strings.find(later.strings.get(e.unit)) else {
                return true;
            };
            !self.index.contains_key(&Key {
                series: *series,
                unit,
                ..key_of(&e.v, 0)
            })
        })
    }

    /// Join a later part (see `can_absorb`). `source_map` takes the part's
    /// source indexes to this layer's. Strings are interned in the order
    /// `add` would have met them, so the layer is the same one.
    pub fn absorb(&mut self, later: Builder, source_map: &[u32]) {
        let Builder {
            strings: later_strings,
            series: later_series,
            entries,
            index,
            ..
        } = later;
        // Free the part's index before this one grows.
        drop(index);
        self.entries.reserve_exact(entries.len());
        self.index.reserve(entries.len());
        let series_map: Vec<u32> = later_series
            .into_iter()
            .map(|def| {
                let key = def.key.clone();
                self.series(&key, || def)
            })
            .collect();
        // The part's interned strings repeat on most entries: each is looked
        // up here once (ids are not interned and are copied each time).
        let mut interned: Vec<Option<u32>> = vec![None; later_strings.spans.len()];
        let mut intern = |strings: &mut Strings, i: u32| match interned.get(i as usize) {
            Some(Some(mine)) => *mine,
            _ => {
                let mine = strings.intern(later_strings.get(i));
                if let Some(slot) = interned.get_mut(i as usize) {
                    *slot = Some(mine);
                }
                mine
            }
        };
        for e in entries {
            let Entry {
                unit,
                conflict,
                more_rows,
                mut v,
            } = e;
            let strings = &mut self.strings;
            let unit = intern(strings, unit);
            v.series = series_map
                .get(v.series as usize)
                .copied()
                .unwrap_or(v.series);
            v.region = intern(strings, v.region);
            v.region_name = intern(strings, v.region_name);
            v.id = v.id.map(|i| strings.push_unique(later_strings.get(i)));
            v.formula = v.formula.map(|i| intern(strings, i));
            v.note = v.note.map(|i| intern(strings, i));
            v.source = source_map
                .get(v.source as usize)
                .copied()
                .unwrap_or(v.source);
            self.index.insert(key_of(&v, unit), self.entries.len());
            self.entries.push(Entry {
                unit,
                conflict,
                more_rows,
                v,
            });
        }
    }

    /// Resolve duplicates and reorganised units into the final values.
    /// Every row of a dropped value is reported.
    pub fn finish(self, report: &mut Report) -> (Strings, Vec<SeriesDef>, Vec<ImportedValue>) {
        let Builder {
            mut strings,
            series,
            entries,
            index,
            ..
        } = self;
        drop(index);
        let mut done = Annotations::default();
        // Unit and region are both interned: the same text has the same index.
        let simple = !entries.iter().any(|e| e.conflict || e.unit != e.v.region);
        if simple {
            // Every value stands alone: convert in place (no second buffer).
            let values: Vec<ImportedValue> = entries
                .into_iter()
                .map(|e| {
                    let mut v = e.v;
                    annotate(&mut strings, &mut v, &[], report, &mut done);
                    v
                })
                .collect();
            report.rows_used = report.rows_read.saturating_sub(report.rows_skipped());
            return (strings, series, values);
        }
        let mut kept: Vec<Entry> = Vec::with_capacity(entries.len());
        for e in entries {
            if e.conflict {
                let all_rows = e.rows();
                let rows: Vec<String> = all_rows.iter().map(|r| r.row.to_string()).collect();
                let s = &series[e.v.series as usize];
                let when = when(&e.v);
                for at in &all_rows {
                    report.problem(
                        *at,
                        None,
                        format!(
                            "same series, region, drug and year with different values \
                             (rows {}): '{}', {}, {when}; none of them used",
                            rows.join(", "),
                            s.label,
                            strings.get(e.v.region_name)
                        ),
                    );
                    report.skip(*at, "conflicting duplicate");
                }
                continue;
            }
            kept.push(e);
        }
        // Group the units that map onto one 1997–2018 region.
        type GroupKey = (u32, u32, i32, (i32, i32), u8, u8, (u8, u8));
        let mut groups: HashMap<GroupKey, Vec<usize>> = HashMap::default();
        let mut order: Vec<GroupKey> = Vec::new();
        // Only oblasts that have a reorganised unit in the file need grouping.
        let grouped_targets: HashSet<u32> = kept
            .iter()
            .filter(|e| e.unit != e.v.region)
            .map(|e| e.v.region)
            .collect();
        let mut values: Vec<ImportedValue> = Vec::with_capacity(kept.len());
        let mut slots: Vec<Option<Entry>> = Vec::with_capacity(kept.len());
        for (i, e) in kept.into_iter().enumerate() {
            if !grouped_targets.contains(&e.v.region) {
                let mut v = e.v;
                annotate(&mut strings, &mut v, &[], report, &mut done);
                values.push(v);
                slots.push(None);
                continue;
            }
            let k = (
                e.v.series,
                e.v.region,
                e.v.year.unwrap_or(i32::MIN),
                e.v.period.map(|p| (p.from, p.to)).unwrap_or((0, 0)),
                e.v.reading as u8,
                qualifier_code(e.v.qualifier),
                e.v.months.map(|m| (m.from, m.to)).unwrap_or((0, 0)),
            );
            let g = groups.entry(k).or_default();
            if g.is_empty() {
                order.push(k);
            }
            g.push(i);
            slots.push(Some(e));
        }
        let mut skipped_rows: HashSet<RowRef> = HashSet::new();
        for k in order {
            let Some(idx) = groups.get(&k) else { continue };
            if idx.len() == 1 {
                if let Some(e) = slots[idx[0]].take() {
                    let mut v = e.v;
                    let unit = strings.get(e.unit).to_owned();
                    annotate(&mut strings, &mut v, &[unit.as_str()], report, &mut done);
                    values.push(v);
                }
                continue;
            }
            let parts: Vec<Entry> = idx.iter().filter_map(|&i| slots[i].take()).collect();
            let target = strings.get(k.1).to_owned();
            let year = parts[0].v.year;
            let reorg_year = REORGANISATIONS
                .iter()
                .filter(|r| r.onto == target)
                .map(|r| r.year)
                .min();
            let summable = matches!((year, reorg_year), (Some(y), Some(ry)) if y >= ry);
            let s_label = series[k.0 as usize].label.clone();
            if !summable {
                // Two names for one unit in a year before any split: the file
                // counts the same oblast twice.
                let names: Vec<String> = parts
                    .iter()
                    .map(|p| strings.get(p.v.region_name).to_owned())
                    .collect();
                let rows: Vec<String> = parts
                    .iter()
                    .flat_map(|p| p.rows().into_iter().map(|r| r.row.to_string()))
                    .collect();
                for p in &parts {
                    for at in &p.rows() {
                        report.problem(
                            *at,
                            None,
                            format!(
                                "{} all name {target} for {}: '{s_label}' appears twice \
                                 (rows {}); none of them used",
                                names.join(" and "),
                                when(&p.v),
                                rows.join(", ")
                            ),
                        );
                        if skipped_rows.insert(*at) {
                            report.skip(*at, "conflicting duplicate");
                        }
                    }
                }
                continue;
            }
            // Sum the parts: the 1997–2018 oblast is the new units together.
            let mut total = 0.0;
            let mut count = 0;
            let mut names: Vec<String> = Vec::new();
            let units: Vec<String> = parts
                .iter()
                .map(|p| strings.get(p.unit).to_owned())
                .collect();
            for p in &parts {
                total += p.v.value;
                count += p.v.count;
                names.push(format!(
                    "{} {} (row {})",
                    strings.get(p.v.region_name),
                    super::super::charts::fmt_num(p.v.value),
                    p.v.row.row
                ));
            }
            let Some(first) = parts.into_iter().next() else {
                continue;
            };
            let mut v = first.v;
            v.value = total;
            v.count = count;
            v.basis = Basis::Derived;
            let formula = format!(
                "sum of {} = {}: the units that make up {target} within its 1997–2018 borders",
                names.join(" + "),
                super::super::charts::fmt_num(total)
            );
            v.formula = Some(strings.intern(&formula));
            let names: Vec<String> = units.iter().map(|u| unit_name(u)).collect();
            v.region_name = strings.intern(&names.join(" + "));
            let units: Vec<&str> = units.iter().map(String::as_str).collect();
            annotate(&mut strings, &mut v, &units, report, &mut done);
            values.push(v);
        }
        report.rows_used = report.rows_read.saturating_sub(report.rows_skipped());
        (strings, series, values)
    }
}

/// The key of a value whose unit (as the file names it) is `unit`.
fn key_of(v: &ImportedValue, unit: u32) -> Key {
    Key::new(
        v.series,
        unit,
        v.year,
        v.period,
        v.reading,
        v.qualifier,
        v.months,
    )
}

impl Key {
    fn new(
        series: u32,
        unit: u32,
        year: Option<i32>,
        period: Option<Period>,
        reading: Reading,
        qualifier: Qualifier,
        months: Option<Months>,
    ) -> Key {
        Key {
            series,
            unit,
            year: year.unwrap_or(i32::MIN),
            period: period.map(|p| (p.from, p.to)).unwrap_or((0, 0)),
            reading: reading as u8,
            qualifier: qualifier_code(qualifier),
            months: months.map(|m| (m.from, m.to)).unwrap_or((0, 0)),
        }
    }
}

fn when(v: &ImportedValue) -> String {
    match (v.year, v.period) {
        (Some(y), _) => y.to_string(),
        (None, Some(p)) => format!("{}-{}", p.from, p.to),
        (None, None) => "no year".to_owned(),
    }
}

/// Display name of a unit key: a reorganised unit's name, else the key.
fn unit_name(key: &str) -> String {
    REORGANISATIONS
        .iter()
        .find(|r| r.key == key)
        .map(|r| r.name.to_owned())
        .unwrap_or_else(|| key.to_owned())
}

/// What a value of a reorganised oblast covers, given the units (region
/// ids or reorganisation keys) it was made from; `when` ends each sentence
/// ("in 2022", or "in the same year" for the note on the whole file).
fn coverage(target: &str, year: i32, units: &[&str], when: &str) -> Option<String> {
    let own = [target];
    // A value filed under the oblast itself is its own part.
    let units = if units.is_empty() { &own[..] } else { units };
    let missing: Vec<&super::regions::Reorganisation> = REORGANISATIONS
        .iter()
        .filter(|r| r.onto == target && r.change == Change::SplitOff && year >= r.year)
        .filter(|r| !units.contains(&r.key))
        .collect();
    let has_own = units.contains(&target);
    let mut texts: Vec<String> = Vec::new();
    if !missing.is_empty() {
        let names: Vec<&str> = missing.iter().map(|r| r.name).collect();
        texts.push(format!(
            "covers {target} without {} (split off in {}): the file has no row for it {when}",
            names.join(", "),
            missing[0].year
        ));
    }
    let split_by_then = REORGANISATIONS
        .iter()
        .any(|r| r.onto == target && r.change == Change::SplitOff && year >= r.year);
    if !has_own && split_by_then {
        texts.push(format!(
            "covers only {} of {target}: the file has no row for the rest of the oblast {when}",
            units
                .iter()
                .map(|u| unit_name(u))
                .collect::<Vec<_>>()
                .join(" + ")
        ));
    }
    (!texts.is_empty()).then(|| texts.join("; "))
}

/// Coverage texts already worked out, by (file's name, oblast, year, units):
/// a big file has the same few for thousands of values.
#[derive(Default)]
struct Annotations {
    texts: HashMap<(u32, u32, i32, String), Option<String>>,
    /// Earliest year from which a region (interned id) has a reorganised
    /// part; None when it never had one.
    first_year: HashMap<u32, Option<i32>>,
}

/// Say which parts of a reorganised oblast a value covers, given the units
/// (region ids or reorganisation keys) it was made from.
fn annotate(
    strings: &mut Strings,
    v: &mut ImportedValue,
    units: &[&str],
    report: &mut Report,
    done: &mut Annotations,
) {
    let Some(year) = v.year else { return };
    let first_year = *done.first_year.entry(v.region).or_insert_with(|| {
        let region = strings.get(v.region);
        REORGANISATIONS
            .iter()
            .filter(|r| r.onto == region)
            .map(|r| r.year)
            .min()
    });
    if first_year.is_none_or(|first| year < first) {
        return;
    }
    let key = (v.region_name, v.region, year, units.join("+"));
    let text = match done.texts.get(&key) {
        Some(known) => known.clone(),
        None => {
            let target = strings.get(v.region).to_owned();
            let text = coverage(&target, year, units, &format!("in {year}"));
            // One note per name and missing part, not per year (each value says it).
            if let Some(general) = coverage(&target, year, units, "in the same year") {
                report.note(format!(
                    "'{}' (in some years): {general}; each such value says so in its note",
                    strings.get(v.region_name)
                ));
            }
            done.texts.insert(key, text.clone());
            text
        }
    };
    let Some(text) = text else { return };
    let note = match v.note {
        Some(n) => format!("{}; {text}", strings.get(n)),
        None => text,
    };
    v.note = Some(strings.intern(&note));
}
