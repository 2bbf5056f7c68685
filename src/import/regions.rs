//! Region names in imported files → the dataset's regions.
//!
//! Names are compared after [`fold`] (no case, diacritics, hyphens or
//! punctuation) and with the words oblast / region / obl. / province (and
//! their Kazakh and Russian forms) set aside, so "Yuzhno-Kazakhstanskaya
//! oblast'", "South Kazakhstan Region" and "Оңтүстік Қазақстан облысы" all
//! find `KZ.SK`. The dataset's own names and aliases come first; the tables
//! below add the spellings statistical offices and UNODC use.
//!
//! The dataset's oblast boundaries are those of 1997–2018. Units created
//! later are mapped onto the oblast they came from by [`REORGANISATIONS`],
//! and every such mapping is reported to the user (docs/IMPORT.md).

use rustc_hash::FxHashMap as HashMap;

use super::text::fold;
use crate::model::{Dataset, RegionKind};

/// How a unit created by a reorganisation relates to a 1997–2018 oblast.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// The oblast itself under a new name (it also lost territory).
    Renamed,
    /// Territory split off the oblast into a new unit.
    SplitOff,
}

/// One row of the reorganisation table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reorganisation {
    /// Stable key of the new unit (`reorg:turkistan`).
    pub key: &'static str,
    pub name: &'static str,
    /// Year the unit came into being.
    pub year: i32,
    /// The 1997–2018 unit it maps onto (HASC key in the dataset).
    pub onto: &'static str,
    pub change: Change,
    /// Spellings (English, Kazakh, Russian and transliterations).
    pub names: &'static [&'static str],
}

/// Which new unit maps onto which 1997–2018 oblast. From the reorganisations
/// of 2018 (South Kazakhstan renamed Turkistan; Shymkent made a city of
/// republican status) and 2022 (Abai from East Kazakhstan, Jetisu from Almaty
/// oblast, Ulytau from Karaganda).
pub const REORGANISATIONS: [Reorganisation; 5] = [
    Reorganisation {
        key: "reorg:turkistan",
        name: "Turkistan Region",
        year: 2018,
        onto: "KZ.SK",
        change: Change::Renamed,
        names: &[
            "Turkistan",
            "Turkestan",
            "Türkistan",
            "Turkistanskaya",
            "Turkestanskaya",
            "Туркестанская",
            "Түркістан",
        ],
    },
    Reorganisation {
        key: "reorg:shymkent",
        name: "Shymkent city",
        year: 2018,
        onto: "KZ.SK",
        change: Change::SplitOff,
        names: &[
            "Shymkent",
            "Shymkent city",
            "Chimkent",
            "Chimkent city",
            "Shymkent qalasy",
            "Шымкент",
            "г. Шымкент",
            "город Шымкент",
            "Шымкент каласы",
        ],
    },
    Reorganisation {
        key: "reorg:abai",
        name: "Abai Region",
        year: 2022,
        onto: "KZ.EK",
        change: Change::SplitOff,
        names: &["Abai", "Abay", "Абай", "Абайская"],
    },
    Reorganisation {
        key: "reorg:jetisu",
        name: "Jetisu Region",
        year: 2022,
        onto: "KZ.AA",
        change: Change::SplitOff,
        names: &[
            "Jetisu",
            "Zhetysu",
            "Zhetisu",
            "Jetysu",
            "Жетісу",
            "Жетысу",
            "Жетысуская",
        ],
    },
    Reorganisation {
        key: "reorg:ulytau",
        name: "Ulytau Region",
        year: 2022,
        onto: "KZ.QG",
        change: Change::SplitOff,
        names: &["Ulytau", "Ulytauskaya", "Ұлытау", "Улытау", "Улытауская"],
    },
];

/// Spellings of the 1997–2018 units beyond the dataset's own aliases:
/// Kazakh (Latin and Cyrillic), Russian and its transliterations, old names.
const OBLAST_NAMES: &[(&str, &[&str])] = &[
    (
        "KZ.AM",
        &["Akmola", "Aqmola", "Akmolinskaya", "Акмолинская", "Ақмола"],
    ),
    (
        "KZ.AT",
        &[
            "Aktobe",
            "Aqtobe",
            "Aktyubinsk",
            "Aktyubinskaya",
            "Актюбинская",
            "Ақтөбе",
            "Актобе",
        ],
    ),
    (
        "KZ.AA",
        &[
            "Almatinskaya",
            "Almaty oblast",
            "Almaty region",
            "Alma-Ata oblast",
            "Алматинская",
            "Алматы облысы",
        ],
    ),
    (
        "KZ.AC",
        &[
            "Almaty city",
            "Alma-Ata",
            "Almaty qalasy",
            "г. Алматы",
            "город Алматы",
            "Алматы",
            "Алматы каласы",
        ],
    ),
    (
        "KZ.AS",
        &[
            "Astana",
            "Astana city",
            "Nur-Sultan",
            "Nursultan",
            "Tselinograd",
            "Астана",
            "г. Астана",
            "Нур-Султан",
            "Нұр-Сұлтан",
        ],
    ),
    ("KZ.AR", &["Atyrau", "Atyrauskaya", "Атырауская", "Атырау"]),
    (
        "KZ.EK",
        &[
            "Vostochno-Kazakhstanskaya",
            "Shyghys Qazaqstan",
            "Shygys Kazakhstan",
            "East Kazakhstan",
            "Восточно-Казахстанская",
            "Шығыс Қазақстан",
            "ВКО",
        ],
    ),
    (
        "KZ.QG",
        &[
            "Karaganda",
            "Karagandy",
            "Qaragandy",
            "Qaraghandy",
            "Karagandinskaya",
            "Карагандинская",
            "Қарағанды",
        ],
    ),
    (
        "KZ.QS",
        &[
            "Kostanay",
            "Kostanai",
            "Qostanay",
            "Kustanai",
            "Kustanay",
            "Kostanayskaya",
            "Kustanayskaya",
            "Костанайская",
            "Қостанай",
        ],
    ),
    (
        "KZ.QO",
        &[
            "Kyzylorda",
            "Qyzylorda",
            "Kzyl-Orda",
            "Kyzylordinskaya",
            "Кызылординская",
            "Қызылорда",
        ],
    ),
    (
        "KZ.MG",
        &[
            "Mangystau",
            "Mangistau",
            "Mangghystau",
            "Mangyshlak",
            "Mangistauskaya",
            "Мангистауская",
            "Маңғыстау",
        ],
    ),
    (
        "KZ.NK",
        &[
            "North Kazakhstan",
            "Severo-Kazakhstanskaya",
            "Soltustik Qazaqstan",
            "Северо-Казахстанская",
            "Солтүстік Қазақстан",
            "СКО",
        ],
    ),
    (
        "KZ.PA",
        &["Pavlodar", "Pavlodarskaya", "Павлодарская", "Павлодар"],
    ),
    (
        "KZ.SK",
        &[
            "South Kazakhstan",
            "Yuzhno-Kazakhstanskaya",
            "Ontustik Qazaqstan",
            "Chimkent oblast",
            "Shymkent oblast",
            "Южно-Казахстанская",
            "Оңтүстік Қазақстан",
            "ЮКО",
        ],
    ),
    (
        "KZ.WK",
        &[
            "West Kazakhstan",
            "Zapadno-Kazakhstanskaya",
            "Batys Qazaqstan",
            "Западно-Казахстанская",
            "Батыс Қазақстан",
            "ЗКО",
        ],
    ),
    (
        "KZ.ZM",
        &[
            "Zhambyl",
            "Jambyl",
            "Zhambylskaya",
            "Dzhambul",
            "Жамбылская",
            "Жамбыл",
            "Джамбулская",
        ],
    ),
];

/// ISO 3166-1 alpha-3 codes and UN / UNODC spellings of the dataset's countries.
const COUNTRY_NAMES: &[(&str, &str, &[&str])] = &[
    (
        "KZ",
        "KAZ",
        &[
            "Kazakhstan",
            "Republic of Kazakhstan",
            "Казахстан",
            "Қазақстан",
        ],
    ),
    (
        "KG",
        "KGZ",
        &[
            "Kyrgyzstan",
            "Kyrgyz Republic",
            "Kirghizia",
            "Кыргызстан",
            "Киргизия",
        ],
    ),
    ("TJ", "TJK", &["Tajikistan", "Таджикистан"]),
    ("UZ", "UZB", &["Uzbekistan", "Узбекистан"]),
    ("TM", "TKM", &["Turkmenistan", "Туркменистан"]),
    ("AF", "AFG", &["Afghanistan", "Афганистан"]),
    (
        "RU",
        "RUS",
        &[
            "Russian Federation",
            "Russia",
            "Россия",
            "Российская Федерация",
        ],
    ),
    (
        "CN",
        "CHN",
        &["China", "People's Republic of China", "Китай"],
    ),
    (
        "IR",
        "IRN",
        &[
            "Iran",
            "Iran (Islamic Republic of)",
            "Islamic Republic of Iran",
            "Иран",
        ],
    ),
    ("PK", "PAK", &["Pakistan", "Пакистан"]),
    (
        "GB",
        "GBR",
        &[
            "United Kingdom",
            "United Kingdom of Great Britain and Northern Ireland",
            "UK",
            "Great Britain",
        ],
    ),
    ("BY", "BLR", &["Belarus", "Беларусь", "Белоруссия"]),
    ("TR", "TUR", &["Turkey", "Türkiye", "Turkiye", "Турция"]),
];

/// Words that say "this is a region" without naming it.
const REGION_WORDS: &[&str] = &[
    "oblast",
    "oblasty",
    "oblasti",
    "oblysy",
    "oblys",
    "obl",
    "region",
    "province",
    "область",
    "обл",
    "облысы",
    "облыс",
    "oblastj",
];

/// How a name was matched.
#[derive(Debug, Clone, PartialEq)]
pub enum Matched {
    /// A dataset region (id). Shared, not copied: a big file matches the
    /// same few names on every row.
    Region(std::sync::Arc<str>),
    /// A unit created after 2018, mapped onto the dataset region it came from.
    Reorganised(&'static Reorganisation),
}

impl Matched {
    /// The dataset region the value is counted under.
    pub fn target(&self) -> &str {
        match self {
            Matched::Region(id) => id,
            Matched::Reorganised(r) => r.onto,
        }
    }

    /// The unit itself (a dataset id or a reorganisation key).
    pub fn unit_key(&self) -> &str {
        match self {
            Matched::Region(id) => id,
            Matched::Reorganised(r) => r.key,
        }
    }
}

/// Why a name did not match.
#[derive(Debug, Clone, PartialEq)]
pub enum NoMatch {
    Empty,
    /// Nothing close; with the nearest names, best first.
    Unknown {
        nearest: Vec<String>,
    },
    /// Several regions fit; their names.
    Ambiguous(Vec<String>),
}

/// Matches names against one dataset's regions.
pub struct RegionMatcher {
    /// Folded full name → region id (or reorganisation key).
    exact: HashMap<String, Vec<Key>>,
    /// Folded name without region words → keys.
    core: HashMap<String, Vec<Key>>,
    /// ISO alpha-3 → country id.
    iso3: HashMap<String, String>,
    /// Display name for every id, for suggestions and messages.
    names: HashMap<String, String>,
    /// (folded candidate, display name) for nearest-name suggestions.
    candidates: Vec<(String, String)>,
    /// Ids of country regions.
    countries: Vec<String>,
    /// Cache of answers: big files repeat the same few names.
    cache: std::cell::RefCell<HashMap<String, Result<Matched, NoMatch>>>,
    misspellings: std::cell::RefCell<HashMap<String, Option<String>>>,
}

#[derive(Debug, Clone, PartialEq)]
enum Key {
    Region(String),
    Reorg(usize),
}

/// Remove region words: "south kazakhstan oblast" → "south kazakhstan".
fn core_of(folded: &str) -> String {
    folded
        .split(' ')
        .filter(|w| !REGION_WORDS.contains(w))
        .collect::<Vec<_>>()
        .join(" ")
}

fn push_unique(map: &mut HashMap<String, Vec<Key>>, k: String, v: Key) {
    if k.is_empty() {
        return;
    }
    let e = map.entry(k).or_default();
    if !e.contains(&v) {
        e.push(v);
    }
}

impl RegionMatcher {
    pub fn new(ds: &Dataset) -> RegionMatcher {
        let mut m = RegionMatcher {
            exact: HashMap::default(),
            core: HashMap::default(),
            iso3: HashMap::default(),
            names: HashMap::default(),
            candidates: Vec::new(),
            countries: Vec::new(),
            cache: Default::default(),
            misspellings: Default::default(),
        };
        let known = |id: &str| ds.region(id).is_some();
        let add = |m: &mut RegionMatcher, name: &str, key: Key, display: &str| {
            let f = fold(name);
            push_unique(&mut m.exact, f.clone(), key.clone());
            push_unique(&mut m.core, core_of(&f), key);
            if !m.candidates.iter().any(|(c, _)| c == &f) {
                m.candidates.push((f, display.to_owned()));
            }
        };
        for r in &ds.regions {
            m.names.insert(r.id.clone(), r.name.clone());
            if r.kind == RegionKind::Country {
                m.countries.push(r.id.clone());
            }
            add(&mut m, &r.name, Key::Region(r.id.clone()), &r.name);
            add(&mut m, &r.id, Key::Region(r.id.clone()), &r.name);
            for a in &r.aliases {
                add(&mut m, a, Key::Region(r.id.clone()), &r.name);
            }
        }
        for (id, names) in OBLAST_NAMES {
            if !known(id) {
                continue;
            }
            let display = m.names.get(*id).cloned().unwrap_or_default();
            for n in *names {
                add(&mut m, n, Key::Region((*id).to_owned()), &display);
            }
        }
        for (id, iso3, names) in COUNTRY_NAMES {
            if !known(id) {
                continue;
            }
            m.iso3.insert((*iso3).to_owned(), (*id).to_owned());
            let display = m.names.get(*id).cloned().unwrap_or_default();
            for n in *names {
                add(&mut m, n, Key::Region((*id).to_owned()), &display);
            }
        }
        for (i, r) in REORGANISATIONS.iter().enumerate() {
            if !known(r.onto) {
                continue;
            }
            for n in r.names {
                add(&mut m, n, Key::Reorg(i), r.name);
            }
            add(&mut m, r.name, Key::Reorg(i), r.name);
        }
        m
    }

    pub fn name_of(&self, id: &str) -> String {
        self.names.get(id).cloned().unwrap_or_else(|| id.to_owned())
    }

    /// A country by ISO 3166-1 alpha-3 (`KAZ`) or alpha-2 (`KZ`) code.
    pub fn country_by_code(&self, code: &str) -> Option<String> {
        let c = code.trim().to_ascii_uppercase();
        if let Some(id) = self.iso3.get(&c) {
            return Some(id.clone());
        }
        self.countries.iter().find(|id| **id == c).cloned()
    }

    pub fn is_country(&self, id: &str) -> bool {
        self.countries.iter().any(|c| c == id)
    }

    fn resolve(&self, keys: &[Key]) -> Result<Matched, NoMatch> {
        let as_match = |k: &Key| match k {
            Key::Region(id) => Matched::Region(id.as_str().into()),
            Key::Reorg(i) => Matched::Reorganised(&REORGANISATIONS[*i]),
        };
        match keys {
            [one] => Ok(as_match(one)),
            many => Err(NoMatch::Ambiguous(
                many.iter()
                    .map(|k| match k {
                        Key::Region(id) => format!("{} ({id})", self.name_of(id)),
                        Key::Reorg(i) => REORGANISATIONS[*i].name.to_owned(),
                    })
                    .collect(),
            )),
        }
    }

    /// Find a region by any name or key.
    pub fn find(&self, name: &str) -> Result<Matched, NoMatch> {
        if let Some(hit) = self.cache.borrow().get(name) {
            return hit.clone();
        }
        let answer = self.find_uncached(name);
        self.cache
            .borrow_mut()
            .insert(name.to_owned(), answer.clone());
        answer
    }

    fn find_uncached(&self, name: &str) -> Result<Matched, NoMatch> {
        let f = fold(name);
        if f.is_empty() {
            return Err(NoMatch::Empty);
        }
        if let Some(keys) = self.exact.get(&f) {
            return self.resolve(keys);
        }
        let core = core_of(&f);
        let had_region_word = core != f;
        if let Some(keys) = self.core.get(&core) {
            // "Almaty oblast": the region word rules out the city.
            if had_region_word && keys.len() > 1 {
                let oblasts: Vec<Key> = keys
                    .iter()
                    .filter(|k| match k {
                        Key::Region(id) => self.names.get(id).is_some_and(|n| !n.contains("City")),
                        Key::Reorg(i) => !REORGANISATIONS[*i].name.contains("city"),
                    })
                    .cloned()
                    .collect();
                if oblasts.len() == 1 {
                    return self.resolve(&oblasts);
                }
            }
            return self.resolve(keys);
        }
        Err(NoMatch::Unknown {
            nearest: self.nearest(&core, 3),
        })
    }

    /// Up to `n` display names closest to a folded name (edit distance),
    /// only those close enough to be a plausible misspelling.
    pub fn nearest(&self, folded: &str, n: usize) -> Vec<String> {
        let mut scored: Vec<(f64, &str)> = self
            .candidates
            .iter()
            .map(|(c, display)| {
                let cc = core_of(c);
                let d = strsim::normalized_levenshtein(folded, &cc)
                    .max(strsim::jaro_winkler(folded, &cc) - 0.1);
                (d, display.as_str())
            })
            .filter(|(d, _)| *d >= 0.6)
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0));
        let mut out: Vec<String> = Vec::new();
        for (_, d) in scored {
            if !out.iter().any(|o| o == d) {
                out.push(d.to_owned());
            }
            if out.len() == n {
                break;
            }
        }
        out
    }
}

impl RegionMatcher {
    /// A dataset name so close to `name` that it is most likely a misspelling
    /// of it (for country tables, where most names are simply other countries).
    pub fn misspelling_of(&self, name: &str) -> Option<String> {
        if let Some(hit) = self.misspellings.borrow().get(name) {
            return hit.clone();
        }
        let answer = self.misspelling_uncached(name);
        self.misspellings
            .borrow_mut()
            .insert(name.to_owned(), answer.clone());
        answer
    }

    fn misspelling_uncached(&self, name: &str) -> Option<String> {
        let f = core_of(&fold(name));
        self.candidates
            .iter()
            .map(|(c, d)| (strsim::normalized_levenshtein(&f, &core_of(c)), d))
            .filter(|(s, _)| *s >= 0.8)
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, d)| d.clone())
    }
}

/// Every reorganisation as a line for summaries and docs.
pub fn reorganisation_lines() -> Vec<String> {
    REORGANISATIONS
        .iter()
        .map(|r| {
            let how = match r.change {
                Change::Renamed => "renamed from",
                Change::SplitOff => "split off",
            };
            format!("{} ({}): {how} {}", r.name, r.year, r.onto)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::load::load_embedded;

    fn matcher() -> RegionMatcher {
        RegionMatcher::new(&load_embedded().unwrap())
    }

    #[test]
    fn spellings_of_south_kazakhstan_all_match() {
        let m = matcher();
        for name in [
            "South Kazakhstan Region",
            "Yuzhno-Kazakhstanskaya oblast'",
            "Ontüstik Qazaqstan oblysy",
            "Оңтүстік Қазақстан облысы",
            "Южно-Казахстанская обл.",
            "south-kazakhstan",
            "KZ.SK",
        ] {
            assert_eq!(m.find(name), Ok(Matched::Region("KZ.SK".into())), "{name}");
        }
    }

    #[test]
    fn almaty_city_and_oblast_stay_apart() {
        let m = matcher();
        assert_eq!(m.find("Almaty"), Ok(Matched::Region("KZ.AC".into())));
        assert_eq!(m.find("Almaty city"), Ok(Matched::Region("KZ.AC".into())));
        assert_eq!(m.find("Almaty Oblast"), Ok(Matched::Region("KZ.AA".into())));
        assert_eq!(m.find("Almaty Region"), Ok(Matched::Region("KZ.AA".into())));
        assert_eq!(
            m.find("Алматинская область"),
            Ok(Matched::Region("KZ.AA".into()))
        );
    }

    #[test]
    fn new_units_map_onto_their_1997_2018_oblast() {
        let m = matcher();
        for (name, onto) in [
            ("Turkistan Region", "KZ.SK"),
            ("Туркестанская область", "KZ.SK"),
            ("Shymkent", "KZ.SK"),
            ("Abai Region", "KZ.EK"),
            ("Jetisu", "KZ.AA"),
            ("Ulytau oblysy", "KZ.QG"),
        ] {
            let hit = m.find(name).unwrap();
            assert!(matches!(hit, Matched::Reorganised(_)), "{name}");
            assert_eq!(hit.target(), onto, "{name}");
        }
    }

    #[test]
    fn unknown_names_get_the_nearest_suggestions() {
        let m = matcher();
        match m.find("Karagandaa oblast") {
            Err(NoMatch::Unknown { nearest }) => {
                assert_eq!(nearest.first().map(String::as_str), Some("Karaganda"))
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(m.country_by_code("KAZ"), Some("KZ".into()));
        assert_eq!(m.country_by_code("DEU"), None);
    }
}
