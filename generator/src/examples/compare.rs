//! The round-trip comparison: the body as the docs wrote it against the body as the generated
//! type wrote it back. Structure and every value must be equal; the only accepted differences
//! are canonical re-spellings of typed values, each recognised by parsing both sides as that
//! type and comparing the values (a timestamp written with seven fractional digits and the same
//! instant written with nine; `1` and `1.0` for a Double). Explicit `null` and absent differ.

use super::conform::parse_spelled;
use super::{child_index, child_key, effective_type, wrapped, Shape};
use crate::model::{ModelIndex, Parameter, Primitive, TypeRef};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// A difference the round trip made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Difference {
    /// JSON path.
    pub path: String,
    /// What changed.
    pub reason: String,
}

/// The canonical re-spellings accepted, by kind (`Edm.DateTimeOffset` → count).
pub type Canonical = BTreeMap<&'static str, usize>;

/// Compares `original` with `back` (what the generated type wrote), recording accepted
/// re-spellings in `canonical`; empty when the round trip was exact.
pub fn compare(
    ix: &ModelIndex<'_>,
    shape: &Shape<'_>,
    original: &Value,
    back: &Value,
    canonical: &mut Canonical,
) -> Vec<Difference> {
    let mut c = Comparer {
        ix,
        out: Vec::new(),
        canonical,
    };
    match shape {
        Shape::Type { ty, concrete } if ty.collection && !*concrete => {
            c.wrapper(&ty.ty, true, original, back)
        }
        Shape::Type { ty, concrete } if !*concrete && wrapped(ix, &ty.ty) => {
            c.wrapper(&ty.ty, false, original, back)
        }
        Shape::Type { ty, concrete } => {
            c.value(&ty.ty, ty.collection, *concrete, original, back, ".")
        }
        Shape::Parameters(ps) => c.parameters(ps, original, back),
        // `@odata.id` and anything else: strings and raw JSON, compared exactly.
        Shape::Reference => c.parameters(&[], original, back),
    }
    c.out
}

struct Comparer<'a, 'm> {
    ix: &'a ModelIndex<'m>,
    out: Vec<Difference>,
    canonical: &'a mut Canonical,
}

/// A short rendering of a value for messages.
fn show(v: &Value) -> String {
    let s = v.to_string();
    if s.chars().count() > 60 {
        format!("{}…", s.chars().take(60).collect::<String>())
    } else {
        s
    }
}

impl Comparer<'_, '_> {
    fn differ(&mut self, path: &str, a: &Value, b: &Value) {
        self.out.push(Difference {
            path: path.to_owned(),
            reason: format!("{} became {}", show(a), show(b)),
        });
    }

    /// Compares two objects key by key; `typed(key)` says how a member is typed.
    fn members(
        &mut self,
        a: &Map<String, Value>,
        b: &Map<String, Value>,
        path: &str,
        mut typed: impl FnMut(&str) -> Option<(TypeRef, bool)>,
    ) {
        for (k, av) in a {
            let p = child_key(path, k);
            match b.get(k) {
                None => self.out.push(Difference {
                    path: p,
                    reason: format!("{} was lost", show(av)),
                }),
                Some(bv) => match typed(k) {
                    Some((ty, collection)) if !av.is_null() => {
                        self.value(&ty, collection, false, av, bv, &p)
                    }
                    _ if av != bv => self.differ(&p, av, bv),
                    _ => {}
                },
            }
        }
        for (k, bv) in b {
            if !a.contains_key(k) {
                self.out.push(Difference {
                    path: child_key(path, k),
                    reason: format!("{} was added", show(bv)),
                });
            }
        }
    }

    /// A response wrapping its content in `value`: a collection page or a single value.
    fn wrapper(&mut self, ty: &TypeRef, collection: bool, a: &Value, b: &Value) {
        match (a, b) {
            (Value::Object(ao), Value::Object(bo)) => {
                let ty = ty.clone();
                self.members(ao, bo, ".", |k| {
                    (k == "value").then(|| (ty.clone(), collection))
                })
            }
            _ => self.differ(".", a, b),
        }
    }

    fn parameters(&mut self, ps: &[Parameter], a: &Value, b: &Value) {
        match (a, b) {
            (Value::Object(ao), Value::Object(bo)) => self.members(ao, bo, ".", |k| {
                ps.iter()
                    .find(|p| p.name == k)
                    .map(|p| (p.ty.clone(), p.collection))
            }),
            _ => self.differ(".", a, b),
        }
    }

    fn value(
        &mut self,
        ty: &TypeRef,
        collection: bool,
        concrete: bool,
        a: &Value,
        b: &Value,
        path: &str,
    ) {
        if !collection {
            return self.one(ty, concrete, a, b, path);
        }
        match (a, b) {
            (Value::Array(xs), Value::Array(ys)) if xs.len() == ys.len() => {
                for (i, (x, y)) in xs.iter().zip(ys).enumerate() {
                    self.one(ty, concrete, x, y, &child_index(path, i));
                }
            }
            _ => self.differ(path, a, b),
        }
    }

    fn one(&mut self, ty: &TypeRef, concrete: bool, a: &Value, b: &Value, path: &str) {
        if a == b {
            return;
        }
        if let Some(p) = ty.primitive() {
            if same_value(p, a, b) {
                *self.canonical.entry(p.edm_name()).or_default() += 1;
            } else {
                self.differ(path, a, b);
            }
            return;
        }
        let ty = ty.as_str();
        if let Some(e) = self.ix.enums.get(ty) {
            fn members(v: &Value) -> Option<Vec<&str>> {
                v.as_str()
                    .map(|s| s.split(',').map(str::trim).collect::<Vec<_>>())
            }
            if e.flags && members(a).is_some() && members(a) == members(b) {
                *self.canonical.entry("flags").or_default() += 1;
            } else {
                self.differ(path, a, b);
            }
            return;
        }
        match (a, b) {
            (Value::Object(ao), Value::Object(bo)) if self.ix.types.contains_key(ty) => {
                let eff = effective_type(self.ix, ty, concrete, ao);
                let props = self.ix.all_properties(&eff);
                self.members(ao, bo, path, |k| {
                    props
                        .iter()
                        .find(|p| p.name == k)
                        .map(|p| (p.ty.clone(), p.collection))
                })
            }
            _ => self.differ(path, a, b),
        }
    }
}

/// Whether two spellings of a primitive are the same value: the same instant, date, time or
/// GUID; the same number (as `f32` for Single). Strings, integers and booleans must be equal.
fn same_value(p: Primitive, a: &Value, b: &Value) -> bool {
    match p {
        Primitive::DateTimeOffset | Primitive::Date | Primitive::TimeOfDay | Primitive::Guid => {
            let parse = |v: &Value| v.as_str().and_then(|s| parse_spelled(p, s));
            matches!((parse(a), parse(b)), (Some(x), Some(y)) if x == y)
        }
        Primitive::Double | Primitive::Decimal => {
            matches!((a.as_f64(), b.as_f64()), (Some(x), Some(y)) if x == y)
        }
        Primitive::Single => {
            matches!((a.as_f64(), b.as_f64()), (Some(x), Some(y)) if x as f32 == y as f32)
        }
        _ => false,
    }
}
