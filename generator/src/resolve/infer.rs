//! Types inferred from examples: when an operation returns a type that no resource page
//! defines, its response examples say what it looks like. Property names come from the keys;
//! primitive types from the values (date-times, GUIDs, dates, integers, doubles, booleans;
//! `null` alone says nothing); nested objects become complex types named after their property,
//! arrays collections; several examples are merged. When a page does define the type, the page
//! wins, and example properties it does not list are reported.

use super::Resolver;
use crate::diag::DiagKind;
use crate::extract::typeref::Primitive;
use crate::model::{
    ExampleKind, Operation, Origin, Property, SourceLoc, TypeDef, TypeKind, TypeRef,
};
use serde_json::Value;

/// What the examples say a value is.
#[derive(Debug, Clone, PartialEq)]
enum Shape {
    /// Only `null` seen.
    Unknown,
    Prim(Primitive),
    Object(Vec<(String, Shape)>),
    Array(Box<Shape>),
}

fn is_guid(s: &str) -> bool {
    s.len() == 36
        && s.char_indices().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => c == '-',
            _ => c.is_ascii_hexdigit(),
        })
}

fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && s.chars().filter(|c| c.is_ascii_digit()).count() == 8
}

fn is_date_time(s: &str) -> bool {
    let b = s.as_bytes();
    // Byte positions: text with other characters than ASCII ones there is no timestamp, and is
    // never cut inside a character.
    b.len() >= 20
        && s.get(..10).is_some_and(is_date)
        && b[10] == b'T'
        && b[13] == b':'
        && b[16] == b':'
        && (s.ends_with('Z') || s.get(19..).is_some_and(|t| t.contains(['+', '-'])))
}

fn shape_of(v: &Value) -> Shape {
    match v {
        Value::Null => Shape::Unknown,
        Value::Bool(_) => Shape::Prim(Primitive::Boolean),
        Value::Number(n) => match n.as_i64() {
            Some(i) if i32::try_from(i).is_ok() => Shape::Prim(Primitive::Int32),
            Some(_) => Shape::Prim(Primitive::Int64),
            None => Shape::Prim(Primitive::Double),
        },
        Value::String(s) if is_date_time(s) => Shape::Prim(Primitive::DateTimeOffset),
        Value::String(s) if is_guid(s) => Shape::Prim(Primitive::Guid),
        Value::String(s) if is_date(s) => Shape::Prim(Primitive::Date),
        Value::String(_) => Shape::Prim(Primitive::String),
        Value::Array(items) => Shape::Array(Box::new(
            items.iter().map(shape_of).fold(Shape::Unknown, merge),
        )),
        Value::Object(o) => Shape::Object(
            o.iter()
                .filter(|(k, _)| !k.starts_with('@') && !k.contains("@odata."))
                .map(|(k, v)| (k.clone(), shape_of(v)))
                .collect(),
        ),
    }
}

/// Two observations of one value, combined.
fn merge(a: Shape, b: Shape) -> Shape {
    use Primitive as P;
    match (a, b) {
        (Shape::Unknown, x) | (x, Shape::Unknown) => x,
        (Shape::Prim(x), Shape::Prim(y)) if x == y => Shape::Prim(x),
        (Shape::Prim(P::Int32), Shape::Prim(P::Int64))
        | (Shape::Prim(P::Int64), Shape::Prim(P::Int32)) => Shape::Prim(P::Int64),
        (
            Shape::Prim(P::Int32 | P::Int64 | P::Double),
            Shape::Prim(P::Int32 | P::Int64 | P::Double),
        ) => Shape::Prim(P::Double),
        (Shape::Prim(_), Shape::Prim(_)) => Shape::Prim(P::String),
        (Shape::Array(x), Shape::Array(y)) => Shape::Array(Box::new(merge(*x, *y))),
        (Shape::Object(mut x), Shape::Object(y)) => {
            for (k, v) in y {
                match x.iter_mut().find(|(n, _)| *n == k) {
                    Some((_, old)) => *old = merge(std::mem::replace(old, Shape::Unknown), v),
                    None => x.push((k, v)),
                }
            }
            Shape::Object(x)
        }
        // Disagreeing kinds (an object here, a string there): raw JSON.
        _ => Shape::Prim(P::Untyped),
    }
}

/// `appliedConditionalAccessPolicies` → `appliedConditionalAccessPolicy`.
fn singular(name: &str) -> String {
    if let Some(stem) = name.strip_suffix("ies") {
        format!("{stem}y")
    } else if name.ends_with("ss")
        || name.ends_with("us")
        || name.ends_with("is")
        || !name.ends_with('s')
    {
        name.to_owned()
    } else {
        name[..name.len() - 1].to_owned()
    }
}

fn pascal_first(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

impl Resolver<'_> {
    /// A free qualified name for an inferred type: the hint, else `<parent><Hint>`, else numbered.
    fn free_name(&self, ns: &str, hint: &str, parent: &str) -> String {
        let taken = |n: &str| {
            let q = format!("{ns}.{n}");
            self.types.contains_key(&q) || self.enums.contains_key(&q)
        };
        if !taken(hint) {
            return hint.to_owned();
        }
        let combined = format!("{parent}{}", pascal_first(hint));
        if !taken(&combined) {
            return combined;
        }
        (2..)
            .map(|i| format!("{combined}{i}"))
            .find(|n| !taken(n))
            .unwrap_or(combined)
    }

    /// Defines (or fills in) type `ns.name` from an object shape; nested objects become types.
    fn define_inferred(
        &mut self,
        ns: &str,
        name: &str,
        fields: &[(String, Shape)],
        source: &SourceLoc,
        what: &str,
        top: bool,
    ) {
        let mut properties = Vec::new();
        for (k, shape) in fields {
            let (ty, collection) = match shape {
                Shape::Array(inner) => (
                    self.type_of_shape(ns, &singular(k), name, inner, source, what),
                    true,
                ),
                other => (self.type_of_shape(ns, k, name, other, source, what), false),
            };
            properties.push(Property::from_json(k, ty, collection, source.clone()));
        }
        let q = format!("{ns}.{name}");
        // A response item with an `id` is an entity; nested values are complex types.
        let kind = if top && fields.iter().any(|(k, _)| k == "id") {
            TypeKind::Entity
        } else {
            TypeKind::Complex
        };
        self.types.insert(
            q,
            TypeDef {
                namespace: ns.to_owned(),
                name: name.to_owned(),
                kind,
                base: None,
                is_abstract: false,
                open: false,
                origin: Origin::Inferred,
                description: format!("Inferred from {what}."),
                properties,
                area: self.page_areas.get(&source.file).cloned(),
                source: source.clone(),
            },
        );
    }

    fn type_of_shape(
        &mut self,
        ns: &str,
        hint: &str,
        parent: &str,
        shape: &Shape,
        source: &SourceLoc,
        what: &str,
    ) -> TypeRef {
        match shape {
            Shape::Unknown | Shape::Array(_) => Primitive::Untyped.into(),
            Shape::Prim(p) => (*p).into(),
            Shape::Object(fields) => {
                let name = self.free_name(ns, hint, parent);
                self.define_inferred(ns, &name, fields, source, what, false);
                TypeRef::parse(&format!("{ns}.{name}"))
            }
        }
    }

    /// Infers the response types that no page defines from the operations' response examples,
    /// and reports example properties that a page-defined response type does not list.
    pub(super) fn infer_from_examples(&mut self, operations: &[Operation]) {
        // Group the examples by the type they show.
        let mut shown: Vec<(String, Shape, Vec<SourceLoc>)> = Vec::new();
        for op in operations {
            let Some(resp) = &op.response else { continue };
            let Some(ty) = resp.ty.as_ref().map(TypeRef::as_str) else {
                continue;
            };
            if !self.types.contains_key(ty) {
                continue;
            }
            for ex in op
                .examples
                .iter()
                .filter(|e| e.kind == ExampleKind::Response)
            {
                let Some(body) = &ex.body else { continue };
                let items: Vec<&Value> = match body.get("value").and_then(Value::as_array) {
                    Some(v) if resp.collection => v.iter().collect(),
                    _ => vec![body],
                };
                if self
                    .types
                    .get(ty)
                    .is_some_and(|t| t.origin != Origin::Placeholder)
                {
                    self.report_unlisted_properties(ty, &items, &ex.source);
                    continue;
                }
                let shape = items.into_iter().map(shape_of).fold(Shape::Unknown, merge);
                match shown.iter_mut().find(|(t, _, _)| t == ty) {
                    Some((_, s, sources)) => {
                        *s = merge(std::mem::replace(s, Shape::Unknown), shape);
                        sources.push(ex.source.clone());
                    }
                    None => shown.push((ty.to_owned(), shape, vec![ex.source.clone()])),
                }
            }
        }
        for (q, shape, sources) in shown {
            let Shape::Object(fields) = shape else {
                continue;
            };
            let Some(t) = self.types.get(&q) else {
                continue;
            };
            let (ns, name, origin) = (t.namespace.clone(), t.name.clone(), t.origin);
            if origin == Origin::Placeholder {
                self.diags.warn(
                    &sources[0].file,
                    sources[0].line,
                    DiagKind::UnknownType,
                    format!("`{q}` has no resource page: its {} properties are inferred from {} response example(s)", fields.len(), sources.len()),
                );
                let at: Vec<String> = sources.iter().map(SourceLoc::to_string).collect();
                let what = format!("the response examples at {}", at.join(", "));
                self.define_inferred(&ns, &name, &fields, &sources[0], &what, true);
            }
        }
    }

    /// A page defines response type `ty`: reports what the example items at `source` have that
    /// it does not list. An item naming a derived type (`@odata.type`) is checked against that
    /// type. An item naming a type no page defines cannot be checked.
    fn report_unlisted_properties(&mut self, ty: &str, items: &[&Value], source: &SourceLoc) {
        for item in items {
            let q = match item.get("@odata.type").and_then(Value::as_str) {
                None => ty.to_owned(),
                Some(t) => {
                    let t = t.trim_start_matches('#');
                    match self.types.get(t) {
                        Some(d) if d.origin != Origin::Placeholder => t.to_owned(),
                        _ => continue,
                    }
                }
            };
            let known: std::collections::HashSet<String> = self
                .all_property_names(&q)
                .into_iter()
                .map(|(n, _)| n)
                .collect();
            for k in item.as_object().into_iter().flat_map(|o| o.keys()) {
                if k.starts_with('@') || k.contains("@odata.") || known.contains(k) {
                    continue;
                }
                self.diags.warn(
                    &source.file,
                    source.line,
                    DiagKind::TableJsonMismatch,
                    format!("the response example has `{k}`, which `{q}` does not list"),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn text_that_is_not_ascii_is_no_timestamp() {
        assert!(!is_date_time("2023-12-01T16:03:3ö-08:00"));
        assert!(!is_date_time("Müller-Lüdenscheidt GmbH, Köln"));
        assert!(!is_date_time("日本語の文字列はタイムスタンプではない"));
        assert!(is_date_time("2023-12-01T16:03:30-08:00"));
        assert!(!is_date("ö-12-01xx"));
    }

    use super::*;
    use serde_json::json;

    #[test]
    fn values_say_their_types() {
        assert_eq!(
            shape_of(&json!("2023-12-01T16:03:35Z")),
            Shape::Prim(Primitive::DateTimeOffset)
        );
        assert_eq!(
            shape_of(&json!("2020-03-13T19:15:41.6195833Z")),
            Shape::Prim(Primitive::DateTimeOffset)
        );
        assert_eq!(
            shape_of(&json!("66ea54eb-6301-4ee5-be62-ff5a759b0100")),
            Shape::Prim(Primitive::Guid)
        );
        assert_eq!(shape_of(&json!("2024-07-01")), Shape::Prim(Primitive::Date));
        assert_eq!(shape_of(&json!("Redmond")), Shape::Prim(Primitive::String));
        assert_eq!(shape_of(&json!(0)), Shape::Prim(Primitive::Int32));
        assert_eq!(
            shape_of(&json!(9_007_199_254_740_993_i64)),
            Shape::Prim(Primitive::Int64)
        );
        assert_eq!(shape_of(&json!(47.68)), Shape::Prim(Primitive::Double));
        assert_eq!(shape_of(&json!(null)), Shape::Unknown);
    }

    #[test]
    fn observations_merge() {
        assert_eq!(
            merge(shape_of(&json!(null)), shape_of(&json!(true))),
            Shape::Prim(Primitive::Boolean)
        );
        assert_eq!(
            merge(shape_of(&json!(1)), shape_of(&json!(1.5))),
            Shape::Prim(Primitive::Double)
        );
        assert_eq!(
            merge(shape_of(&json!("2024-07-01")), shape_of(&json!("x"))),
            Shape::Prim(Primitive::String)
        );
        let a = shape_of(&json!({"a": 1, "b": null}));
        let b = shape_of(&json!({"b": "x", "c": [1]}));
        assert_eq!(
            merge(a, b),
            Shape::Object(vec![
                ("a".into(), Shape::Prim(Primitive::Int32)),
                ("b".into(), Shape::Prim(Primitive::String)),
                (
                    "c".into(),
                    Shape::Array(Box::new(Shape::Prim(Primitive::Int32)))
                ),
            ])
        );
    }

    #[test]
    fn singulars() {
        assert_eq!(
            singular("appliedConditionalAccessPolicies"),
            "appliedConditionalAccessPolicy"
        );
        assert_eq!(singular("values"), "value");
        assert_eq!(singular("status"), "status");
        assert_eq!(singular("address"), "address");
    }
}
