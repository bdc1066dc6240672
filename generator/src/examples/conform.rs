//! The model check: does a JSON body match what the docs say its type is? It follows the rules
//! the generated types read by (every property may be `null` or absent, unknown properties are
//! kept, enums take any string, `@odata.type` picks a derived type where the SDK reads derived
//! types), so a body it accepts is one the SDK must read, and a body it rejects contradicts the
//! docs.

use super::{child_index, child_key, effective_type, json_kind, wrapped, Shape};
use crate::model::{ModelIndex, Parameter, Primitive, TypeRef};
use serde_json::{Map, Value};
use std::collections::HashMap;

/// Where and how a body contradicts its documented type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mismatch {
    /// JSON path (`value[0].createdDateTime`, `.` for the whole body).
    pub path: String,
    /// What is wrong (`expected Edm.Int32, found a string`).
    pub reason: String,
    /// The kind of contradiction, for grouping (`a string where Edm.Int32 is documented`).
    pub category: String,
    /// The SDK reads the body anyway and keeps the value verbatim (formatted text that does
    /// not parse: `graphgen_runtime::Lenient`).
    pub tolerated: bool,
}

/// Checks `body` against `shape`; empty when it matches.
pub fn conform(ix: &ModelIndex<'_>, shape: &Shape<'_>, body: &Value) -> Vec<Mismatch> {
    let mut c = Checker {
        ix,
        out: Vec::new(),
        props: HashMap::new(),
    };
    match shape {
        Shape::Type { ty, concrete } if ty.collection && !*concrete => {
            c.wrapper(&ty.ty, true, body)
        }
        Shape::Type { ty, concrete } if !*concrete && wrapped(ix, &ty.ty) => {
            c.wrapper(&ty.ty, false, body)
        }
        Shape::Type { ty, concrete } => c.value(&ty.ty, ty.collection, *concrete, body, "."),
        Shape::Parameters(ps) => c.parameters(ps, body),
        Shape::Reference => match body {
            Value::Object(o) => match o.get("@odata.id") {
                None | Some(Value::String(_)) => {}
                Some(v) => c.wrong("@odata.id", "a URL string", v),
            },
            other => c.wrong(".", "a reference object", other),
        },
    }
    c.out
}

struct Checker<'a, 'm> {
    ix: &'a ModelIndex<'m>,
    out: Vec<Mismatch>,
    /// Every property of a type by JSON name, built once per type.
    props: HashMap<String, std::rc::Rc<HashMap<&'m str, &'m crate::model::Property>>>,
}

impl<'m> Checker<'_, 'm> {
    fn push(&mut self, path: &str, reason: String, category: String) {
        self.out.push(Mismatch {
            path: path.to_owned(),
            reason,
            category,
            tolerated: false,
        });
    }

    fn wrong(&mut self, path: &str, expected: &str, v: &Value) {
        let found = json_kind(v);
        self.push(
            path,
            format!("expected {expected}, found {found}"),
            format!("{found} where {expected} is documented"),
        );
    }

    /// A response wrapping its content in `value`: a collection page
    /// (`{"value": [...], "@odata.nextLink": ...}`) or a single primitive or enum value.
    fn wrapper(&mut self, ty: &TypeRef, collection: bool, body: &Value) {
        let Value::Object(o) = body else {
            let expected = if collection {
                format!("a collection response of {ty}")
            } else {
                format!("an object with the {ty} as `value`")
            };
            return self.wrong(".", &expected, body);
        };
        match o.get("value") {
            Some(v) => self.value(ty, collection, false, v, "value"),
            None if collection => self.push(
                ".",
                "a collection response without `value`".to_owned(),
                "a collection response without `value`".to_owned(),
            ),
            None => self.push(
                ".",
                format!("a {ty} response without `value`"),
                "a primitive or enum response without `value`".to_owned(),
            ),
        }
        // The members `Collection<T>` and `SingleValue<T>` read; the rest is kept verbatim.
        let links: &[&str] = if collection {
            &["@odata.context", "@odata.nextLink", "@odata.deltaLink"]
        } else {
            &["@odata.context"]
        };
        for key in links {
            match o.get(*key) {
                None | Some(Value::String(_)) => {}
                Some(v) => self.wrong(key, "a string", v),
            }
        }
        match o.get("@odata.count") {
            Some(Value::Number(n)) if n.is_i64() => {}
            Some(v) if collection => self.wrong("@odata.count", "an Int64 count", v),
            _ => {}
        }
    }

    /// A request body made of parameters: an object whose known members have their types.
    fn parameters(&mut self, ps: &[Parameter], body: &Value) {
        let Value::Object(o) = body else {
            return self.wrong(".", "an object of parameters", body);
        };
        let by_name: HashMap<&str, &Parameter> = ps.iter().map(|p| (p.name.as_str(), p)).collect();
        for (k, v) in o {
            if let Some(p) = by_name.get(k.as_str()) {
                if !v.is_null() {
                    self.value(&p.ty, p.collection, false, v, k);
                }
            }
        }
    }

    /// A value of `ty` (an array of them when `collection`).
    fn value(&mut self, ty: &TypeRef, collection: bool, concrete: bool, v: &Value, path: &str) {
        if !collection {
            return self.one(ty, concrete, v, path);
        }
        match v {
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    self.one(ty, concrete, item, &child_index(path, i));
                }
            }
            other => self.wrong(path, &format!("an array of {ty}"), other),
        }
    }

    fn one(&mut self, ty: &TypeRef, concrete: bool, v: &Value, path: &str) {
        if let Some(p) = ty.primitive() {
            return self.primitive(p, v, path);
        }
        let ty = ty.as_str();
        if self.ix.enums.contains_key(ty) {
            if !v.is_string() {
                self.wrong(path, &format!("a member of enum {ty} (a string)"), v);
            }
            return;
        }
        if !self.ix.types.contains_key(ty) {
            return; // Not a type the SDK knows: kept as raw JSON.
        }
        let Value::Object(o) = v else {
            return self.wrong(path, &format!("an object of {ty}"), v);
        };
        self.object(ty, concrete, o, path);
    }

    fn object(&mut self, ty: &str, concrete: bool, o: &Map<String, Value>, path: &str) {
        let eff = effective_type(self.ix, ty, concrete, o);
        let props = match self.props.get(&eff) {
            Some(p) => p.clone(),
            None => {
                let p = std::rc::Rc::new(self.ix.property_map(&eff));
                self.props.insert(eff.clone(), p.clone());
                p
            }
        };
        for (k, v) in o {
            let Some(p) = props.get(k.as_str()) else {
                continue; // Kept in `additional_properties`.
            };
            if !v.is_null() {
                self.value(&p.ty, p.collection, false, v, &child_key(path, k));
            }
        }
    }

    fn primitive(&mut self, p: Primitive, v: &Value, path: &str) {
        use Primitive as P;
        let name = p.edm_name();
        let ok = match p {
            P::String | P::Duration | P::Binary | P::Stream => v.is_string(),
            P::Untyped => true,
            P::Boolean => v.is_boolean(),
            P::Double | P::Single | P::Decimal => v.is_number(),
            P::Int16 => int_in(v, i16::MIN.into(), i16::MAX.into()),
            P::Int32 => int_in(v, i32::MIN.into(), i32::MAX.into()),
            P::Int64 => int_in(v, i64::MIN.into(), i64::MAX.into()),
            P::Byte => int_in(v, u8::MIN.into(), u8::MAX.into()),
            P::SByte => int_in(v, i8::MIN.into(), i8::MAX.into()),
            P::DateTimeOffset | P::Date | P::TimeOfDay | P::Guid => {
                let Some(s) = v.as_str() else {
                    return self.wrong(path, name, v);
                };
                if parse_spelled(p, s).is_none() {
                    let (form, example) = match p {
                        P::DateTimeOffset => ("an RFC 3339 timestamp", "2021-07-01T08:00:00Z"),
                        P::Date => ("a date", "2021-07-01"),
                        P::TimeOfDay => ("a time of day", "08:00:00"),
                        _ => ("a GUID", "6ee46b1d-56a4-4e17-9a1e-8c5b6c8d0a13"),
                    };
                    self.out.push(Mismatch {
                        path: path.to_owned(),
                        reason: format!("`{s}` is not {form} ({name}, like `{example}`)"),
                        category: format!("{name} not written as {form}"),
                        tolerated: true,
                    });
                }
                return;
            }
        };
        if !ok {
            self.wrong(path, name, v);
        }
    }
}

fn int_in(v: &Value, min: i128, max: i128) -> bool {
    let n = match v {
        Value::Number(n) => n
            .as_i64()
            .map(i128::from)
            .or_else(|| n.as_u64().map(i128::from)),
        _ => None,
    };
    n.is_some_and(|n| (min..=max).contains(&n))
}

/// A value of a primitive with a canonical spelling, parsed as the SDK parses it (chrono's and
/// uuid's `FromStr`, which their serde implementations use).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Spelled {
    Instant(chrono::DateTime<chrono::Utc>),
    Date(chrono::NaiveDate),
    Time(chrono::NaiveTime),
    Guid(uuid::Uuid),
}

pub(crate) fn parse_spelled(p: Primitive, s: &str) -> Option<Spelled> {
    match p {
        Primitive::DateTimeOffset => s
            .parse::<chrono::DateTime<chrono::FixedOffset>>()
            .ok()
            .map(|d| Spelled::Instant(d.with_timezone(&chrono::Utc))),
        Primitive::Date => s.parse().ok().map(Spelled::Date),
        Primitive::TimeOfDay => s.parse().ok().map(Spelled::Time),
        Primitive::Guid => uuid::Uuid::parse_str(s).ok().map(Spelled::Guid),
        _ => None,
    }
}
