//! Structure-aware mutation of JSON documents for the property ("fuzz")
//! tests: a mutation is a list of edits addressed by paths into the parsed
//! tree, so proptest can shrink a failure to the fewest, simplest edits.
//!
//! Two families:
//! - `Edit` (wild): replace, delete, duplicate, reorder, add and truncate
//!   anywhere, with hostile values; most results are invalid datasets and
//!   exercise the loader's error paths.
//! - `Mild`: edits that keep the shape and mostly keep the dataset valid
//!   (a value another record has under the same key, a number in the range
//!   seen for that key, odd text in free-text fields, records removed or
//!   reordered), so generated datasets reach the charts, map and exports.

#![allow(dead_code)]

use std::collections::BTreeMap;

use proptest::prelude::*;
use serde_json::{Map, Value, json};

/// Text that has broken programs before: empty, spaces, spreadsheet
/// formula starts, markup, controls, other scripts, combining marks, long.
pub const ODD_TEXT: &[&str] = &[
    "",
    " ",
    "=1+1",
    "+SUM(A1)",
    "-2",
    "@cmd",
    "<script>&amp;\"'",
    "a\nb\r\nc\td",
    "\u{0}\u{1}\u{7f}",
    "Шымкент",
    "مرحبا",
    "e\u{301}\u{301}\u{301}",
    "\u{202e}txt.exe",
    "\u{feff}BOM",
    "KZ.SK",
    "src-unodc-2008",
    "\\",
    "%s%n{0}{}",
];

fn long_text(n: usize) -> String {
    "Long name ".repeat(n)
}

/// A hostile value for a wild replacement.
#[derive(Debug, Clone)]
pub enum Scalar {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Text(usize),
    Long(usize),
    EmptyArray,
    EmptyObject,
    Nested(u8),
}

impl Scalar {
    pub fn to_value(&self) -> Value {
        match self {
            Scalar::Null => Value::Null,
            Scalar::Bool(b) => json!(b),
            Scalar::Int(i) => json!(i),
            Scalar::Float(f) => serde_json::Number::from_f64(*f).map_or(Value::Null, Value::Number),
            Scalar::Text(i) => json!(ODD_TEXT[i % ODD_TEXT.len()]),
            Scalar::Long(n) => json!(long_text(*n)),
            Scalar::EmptyArray => json!([]),
            Scalar::EmptyObject => json!({}),
            Scalar::Nested(d) => {
                let mut v = json!(1);
                for _ in 0..*d {
                    v = json!([v]);
                }
                v
            }
        }
    }
}

pub fn scalar() -> impl Strategy<Value = Scalar> {
    prop_oneof![
        Just(Scalar::Null),
        any::<bool>().prop_map(Scalar::Bool),
        prop_oneof![
            Just(0i64),
            Just(-1),
            Just(i64::MAX),
            Just(i64::MIN),
            Just(u32::MAX as i64 + 1),
            Just(2006),
            -3000i64..3000
        ]
        .prop_map(Scalar::Int),
        prop_oneof![
            Just(0.0f64),
            Just(-0.0),
            Just(1e308),
            Just(-1e308),
            Just(f64::MIN_POSITIVE),
            Just(1e-300),
            Just(999_999_999.9),
            Just(1.0e9 + 1.0),
            -200.0f64..200.0
        ]
        .prop_map(Scalar::Float),
        (0usize..ODD_TEXT.len()).prop_map(Scalar::Text),
        (50usize..600).prop_map(Scalar::Long),
        Just(Scalar::EmptyArray),
        Just(Scalar::EmptyObject),
        (1u8..40).prop_map(Scalar::Nested),
    ]
}

/// A path: at each level, which child (modulo the number of children).
pub type Path = Vec<u16>;

fn path() -> impl Strategy<Value = Path> {
    prop::collection::vec(any::<u16>(), 0..7)
}

#[derive(Debug, Clone)]
pub enum Edit {
    Set(Path, Scalar),
    Delete(Path),
    Duplicate(Path),
    Swap(Path, u16),
    Scale(Path, f64),
    /// Copy the scalar at one place over another (ids into other ids' places).
    Copy(Path, Path),
    AddKey(Path, usize, Scalar),
    Truncate(Path, u16),
}

pub fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        3 => (path(), scalar()).prop_map(|(p, s)| Edit::Set(p, s)),
        2 => path().prop_map(Edit::Delete),
        1 => path().prop_map(Edit::Duplicate),
        1 => (path(), any::<u16>()).prop_map(|(p, o)| Edit::Swap(p, o)),
        2 => (path(), prop_oneof![Just(-1.0), Just(0.0), Just(10.0), Just(1e6), Just(0.5)]).prop_map(|(p, f)| Edit::Scale(p, f)),
        2 => (path(), path()).prop_map(|(a, b)| Edit::Copy(a, b)),
        1 => (path(), 0usize..ODD_TEXT.len(), scalar()).prop_map(|(p, k, s)| Edit::AddKey(p, k, s)),
        1 => (path(), any::<u16>()).prop_map(|(p, k)| Edit::Truncate(p, k)),
    ]
}

/// Byte-level damage applied after the structural edits (sometimes).
#[derive(Debug, Clone)]
pub enum Damage {
    None,
    Truncate(u32),
    Flip(u32, u8),
    Insert(u32, Vec<u8>),
    Bom,
}

pub fn damage() -> impl Strategy<Value = Damage> {
    prop_oneof![
        6 => Just(Damage::None),
        1 => any::<u32>().prop_map(Damage::Truncate),
        1 => (any::<u32>(), any::<u8>()).prop_map(|(a, b)| Damage::Flip(a, b)),
        1 => (any::<u32>(), prop::collection::vec(any::<u8>(), 1..6)).prop_map(|(a, b)| Damage::Insert(a, b)),
        1 => Just(Damage::Bom),
    ]
}

pub fn apply_damage(mut bytes: Vec<u8>, d: &Damage) -> Vec<u8> {
    let at = |i: u32, len: usize| if len == 0 { 0 } else { i as usize % len };
    match d {
        Damage::None => {}
        Damage::Truncate(i) => {
            let n = at(*i, bytes.len());
            bytes.truncate(n);
        }
        Damage::Flip(i, x) => {
            let n = at(*i, bytes.len());
            if let Some(b) = bytes.get_mut(n) {
                *b ^= x | 1;
            }
        }
        Damage::Insert(i, extra) => {
            let n = at(*i, bytes.len() + 1);
            bytes.splice(n..n, extra.iter().copied());
        }
        Damage::Bom => {
            bytes.splice(0..0, [0xef, 0xbb, 0xbf]);
        }
    }
    bytes
}

/// Follow `path` as far as it goes; the route taken, as concrete steps.
fn resolve(root: &Value, path: &[u16]) -> Vec<Step> {
    let mut steps = Vec::new();
    let mut at = root;
    for sel in path {
        match at {
            Value::Object(m) if !m.is_empty() => {
                let (k, v) = m.iter().nth(*sel as usize % m.len()).expect("in range");
                steps.push(Step::Key(k.clone()));
                at = v;
            }
            Value::Array(a) if !a.is_empty() => {
                let i = *sel as usize % a.len();
                steps.push(Step::Index(i));
                at = &a[i];
            }
            _ => break,
        }
    }
    steps
}

#[derive(Debug, Clone)]
enum Step {
    Key(String),
    Index(usize),
}

fn node_mut<'a>(root: &'a mut Value, steps: &[Step]) -> Option<&'a mut Value> {
    let mut at = root;
    for s in steps {
        at = match s {
            Step::Key(k) => at.as_object_mut()?.get_mut(k)?,
            Step::Index(i) => at.as_array_mut()?.get_mut(*i)?,
        };
    }
    Some(at)
}

fn node<'a>(root: &'a Value, steps: &[Step]) -> Option<&'a Value> {
    let mut at = root;
    for s in steps {
        at = match s {
            Step::Key(k) => at.as_object()?.get(k)?,
            Step::Index(i) => at.as_array()?.get(*i)?,
        };
    }
    Some(at)
}

pub fn apply_edit(root: &mut Value, e: &Edit) {
    match e {
        Edit::Set(p, s) => {
            let steps = resolve(root, p);
            if let Some(n) = node_mut(root, &steps) {
                *n = s.to_value();
            }
        }
        Edit::Delete(p) => {
            let steps = resolve(root, p);
            if let Some((last, parent)) = steps.split_last()
                && let Some(n) = node_mut(root, parent)
            {
                match (n, last) {
                    (Value::Object(m), Step::Key(k)) => {
                        m.remove(k);
                    }
                    (Value::Array(a), Step::Index(i)) => {
                        a.remove(*i);
                    }
                    _ => {}
                }
            }
        }
        Edit::Duplicate(p) => {
            let steps = resolve(root, p);
            if let Some((Step::Index(i), parent)) = steps.split_last()
                && let Some(Value::Array(a)) = node_mut(root, parent)
            {
                let copy = a[*i].clone();
                a.insert(*i, copy);
            }
        }
        Edit::Swap(p, other) => {
            let steps = resolve(root, p);
            if let Some((Step::Index(i), parent)) = steps.split_last()
                && let Some(Value::Array(a)) = node_mut(root, parent)
            {
                let j = *other as usize % a.len();
                a.swap(*i, j);
            }
        }
        Edit::Scale(p, f) => {
            let steps = resolve(root, p);
            if let Some(n) = node_mut(root, &steps)
                && let Some(x) = n.as_f64()
            {
                *n = serde_json::Number::from_f64(x * f).map_or(Value::Null, Value::Number);
            }
        }
        Edit::Copy(from, to) => {
            let a = resolve(root, from);
            let b = resolve(root, to);
            let v = node(root, &a).cloned();
            if let (Some(v), Some(n)) = (v, node_mut(root, &b))
                && !v.is_object()
                && !v.is_array()
            {
                *n = v;
            }
        }
        Edit::AddKey(p, k, s) => {
            let steps = resolve(root, p);
            if let Some(Value::Object(m)) = node_mut(root, &steps) {
                m.insert(ODD_TEXT[*k].to_owned() + "extra", s.to_value());
            }
        }
        Edit::Truncate(p, keep) => {
            let steps = resolve(root, p);
            if let Some(Value::Array(a)) = node_mut(root, &steps) {
                let n = *keep as usize % (a.len() + 1);
                a.truncate(n);
            }
        }
    }
}

/// Values seen under each key in a document, for `Mild` edits.
#[derive(Debug, Default)]
pub struct KeyIndex {
    pub values: BTreeMap<String, Vec<Value>>,
}

impl KeyIndex {
    pub fn of(root: &Value) -> Self {
        let mut index = KeyIndex::default();
        fn walk(v: &Value, key: Option<&str>, index: &mut KeyIndex) {
            match v {
                Value::Object(m) => m.iter().for_each(|(k, v)| walk(v, Some(k), index)),
                Value::Array(a) => a.iter().for_each(|x| walk(x, key, index)),
                scalar => {
                    if let Some(k) = key {
                        let list = index.values.entry(k.to_owned()).or_default();
                        if !list.contains(scalar) {
                            list.push(scalar.clone());
                        }
                    }
                }
            }
        }
        walk(root, None, &mut index);
        index
    }
}

/// Free-text fields: any text is allowed there.
const FREE_TEXT: &[&str] = &[
    "name",
    "title",
    "note",
    "text",
    "description",
    "passage",
    "region_name",
    "publisher",
    "author",
    "via",
];

#[derive(Debug, Clone)]
pub enum Mild {
    /// At the scalar `path` reaches (under key K): another value seen under K.
    SameKey(Path, u16),
    /// At a number under key K: a number within (or at the ends of) the range seen under K.
    NumberInRange(Path, u8, f64),
    /// At a free-text field: odd text.
    OddText(Path, usize),
    /// A record of a top-level collection removed.
    Remove(u16, u16),
    /// Two records of a top-level collection swapped.
    Reorder(u16, u16, u16),
    /// A record of a top-level collection copied with a fresh id.
    Clone(u16, u16),
}

pub fn mild() -> impl Strategy<Value = Mild> {
    prop_oneof![
        4 => (path(), any::<u16>()).prop_map(|(p, i)| Mild::SameKey(p, i)),
        3 => (path(), 0u8..4, 0.0f64..1.0).prop_map(|(p, k, f)| Mild::NumberInRange(p, k, f)),
        3 => (path(), 0usize..ODD_TEXT.len() + 2).prop_map(|(p, t)| Mild::OddText(p, t)),
        2 => (any::<u16>(), any::<u16>()).prop_map(|(c, i)| Mild::Remove(c, i)),
        1 => (any::<u16>(), any::<u16>(), any::<u16>()).prop_map(|(c, i, j)| Mild::Reorder(c, i, j)),
        1 => (any::<u16>(), any::<u16>()).prop_map(|(c, i)| Mild::Clone(c, i)),
    ]
}

/// Descend to a scalar: the path, then first children until a scalar.
fn scalar_steps(root: &Value, p: &[u16]) -> Vec<Step> {
    let mut steps = resolve(root, p);
    let mut extra = 0u16;
    loop {
        let Some(n) = node(root, &steps) else {
            return steps;
        };
        match n {
            Value::Object(m) if !m.is_empty() => {
                let k = m.keys().nth(extra as usize % m.len()).expect("in range");
                steps.push(Step::Key(k.clone()));
            }
            Value::Array(a) if !a.is_empty() => steps.push(Step::Index(extra as usize % a.len())),
            _ => return steps,
        }
        extra = extra.wrapping_add(7);
    }
}

fn last_key(steps: &[Step]) -> Option<&str> {
    steps.iter().rev().find_map(|s| match s {
        Step::Key(k) => Some(k.as_str()),
        Step::Index(_) => None,
    })
}

fn collection(root: &mut Value, c: u16) -> Option<&mut Vec<Value>> {
    let m: &mut Map<String, Value> = root.as_object_mut()?;
    let keys: Vec<String> = m
        .iter()
        .filter(|(_, v)| v.is_array())
        .map(|(k, _)| k.clone())
        .collect();
    if keys.is_empty() {
        return None;
    }
    let k = &keys[c as usize % keys.len()];
    m.get_mut(k)?.as_array_mut()
}

pub fn apply_mild(root: &mut Value, index: &KeyIndex, m: &Mild) {
    match m {
        Mild::SameKey(p, i) => {
            let steps = scalar_steps(root, p);
            let Some(key) = last_key(&steps).map(str::to_owned) else {
                return;
            };
            if let (Some(seen), Some(n)) = (index.values.get(&key), node_mut(root, &steps))
                && !seen.is_empty()
            {
                *n = seen[*i as usize % seen.len()].clone();
            }
        }
        Mild::NumberInRange(p, kind, f) => {
            let steps = scalar_steps(root, p);
            let Some(key) = last_key(&steps).map(str::to_owned) else {
                return;
            };
            let nums: Vec<f64> = index
                .values
                .get(&key)
                .map(|v| v.iter().filter_map(Value::as_f64).collect())
                .unwrap_or_default();
            let (Some(lo), Some(hi)) = (
                nums.iter().copied().reduce(f64::min),
                nums.iter().copied().reduce(f64::max),
            ) else {
                return;
            };
            let Some(n) = node_mut(root, &steps) else {
                return;
            };
            let x = match kind {
                0 => lo,
                1 => hi,
                2 => 0.0,
                _ => lo + (hi - lo) * f,
            };
            let all_int = nums.iter().all(|v| v.fract() == 0.0);
            *n = if all_int {
                json!(x.round() as i64)
            } else {
                serde_json::Number::from_f64(x).map_or(Value::Null, Value::Number)
            };
        }
        Mild::OddText(p, t) => {
            let steps = scalar_steps(root, p);
            let free = last_key(&steps).is_some_and(|k| FREE_TEXT.contains(&k));
            if let (true, Some(n)) = (free, node_mut(root, &steps))
                && n.is_string()
            {
                *n = match t.checked_sub(ODD_TEXT.len()) {
                    None => json!(ODD_TEXT[*t]),
                    Some(k) => json!(long_text(40 + 200 * k)),
                };
            }
        }
        Mild::Remove(c, i) => {
            if let Some(a) = collection(root, *c)
                && !a.is_empty()
            {
                let n = *i as usize % a.len();
                a.remove(n);
            }
        }
        Mild::Reorder(c, i, j) => {
            if let Some(a) = collection(root, *c)
                && !a.is_empty()
            {
                let (x, y) = (*i as usize % a.len(), *j as usize % a.len());
                a.swap(x, y);
            }
        }
        Mild::Clone(c, i) => {
            if let Some(a) = collection(root, *c)
                && !a.is_empty()
            {
                let n = *i as usize % a.len();
                let mut copy = a[n].clone();
                if let Some(id) = copy.get_mut("id")
                    && let Some(s) = id.as_str()
                {
                    *id = json!(format!("{s}-copy-{}", a.len()));
                }
                a.push(copy);
            }
        }
    }
}

/// The number of cases: `PROPTEST_CASES` if set (deeper runs), else `default`.
pub fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// A runner that writes nothing: failures become committed fixtures, not
/// files written by the test run.
pub fn runner(cases: u32) -> proptest::test_runner::TestRunner {
    proptest::test_runner::TestRunner::new(proptest::test_runner::Config {
        cases,
        failure_persistence: None,
        ..proptest::test_runner::Config::default()
    })
}

/// A property: `Ok` when it holds, else a failure saying `what`.
pub fn check(
    ok: bool,
    what: impl FnOnce() -> String,
) -> Result<(), proptest::test_runner::TestCaseError> {
    if ok {
        Ok(())
    } else {
        Err(proptest::test_runner::TestCaseError::fail(what()))
    }
}
