//! The JSON representation of a resource page against its properties table: properties only the
//! representation has are added, enums only it names are inferred, and where the two disagree on
//! collection-ness the response examples decide.

use super::Resolver;
use crate::diag::DiagKind;
use crate::extract::typeref::{Primitive, TypeRef, TypeTarget};
use crate::extract::{PropertyFact, ResourceFact};
use crate::model::{self, ExampleKind, Operation, Property, SourceLoc};
use serde_json::{Map, Value};
use std::collections::HashMap;

/// A property the table calls a collection and the JSON representation a single value (or the
/// reverse); the response examples may settle it.
pub(crate) struct ShapeConflict {
    /// Qualified type name.
    ty: String,
    /// JSON property name.
    property: String,
    /// What the JSON representation shows.
    json_collection: bool,
    /// Where the JSON representation's key stands.
    source: SourceLoc,
}

/// The response examples of the type of `c` that show its property: the sources of those whose
/// value has the JSON representation's shape, and how many have the other shape.
fn shape_votes(c: &ShapeConflict, operations: &[Operation]) -> (Vec<String>, usize) {
    let mut agree = Vec::new();
    let mut disagree = 0;
    for ex in operations.iter().flat_map(|o| &o.examples) {
        let (Some(t), Some(body)) = (&ex.ty, &ex.body) else {
            continue;
        };
        if ex.kind != ExampleKind::Response || t.ty.as_str() != c.ty {
            continue;
        }
        let items: Vec<&Value> = if t.collection {
            body.get("value")
                .and_then(Value::as_array)
                .map(|a| a.iter().collect())
                .unwrap_or_default()
        } else {
            vec![body]
        };
        for v in items.iter().filter_map(|i| i.get(&c.property)) {
            if v.is_null() {
                continue;
            }
            if v.is_array() == c.json_collection {
                agree.push(ex.source.to_string());
            } else {
                disagree += 1;
            }
        }
    }
    (agree, disagree)
}

impl Resolver<'_> {
    /// Checks the JSON representation of a resource page against the properties of its type.
    pub(crate) fn check_json(&mut self, r: &ResourceFact) {
        let Some((Value::Object(obj), lines_of)) = &r.json else {
            return;
        };
        let q = format!("{}.{}", r.namespace, r.name);
        // A type's own row wins over its base's.
        let mut known: HashMap<String, bool> = HashMap::new();
        for (n, c) in self.all_property_names(&q) {
            known.entry(n).or_insert(c);
        }
        // The facts by name (a JSON key names at most one row).
        let facts: HashMap<&str, &PropertyFact> =
            r.properties.iter().map(|p| (p.name.as_str(), p)).collect();
        for (k, v) in obj {
            if k.starts_with('@') || k.contains("@odata.") {
                continue;
            }
            let line = lines_of.get(k).copied().unwrap_or(r.line);
            match known.get(k.as_str()) {
                None => self.add_json_only_property(r, &q, k, v, line),
                Some(coll) => {
                    let fact = facts.get(k.as_str()).copied();
                    self.enum_named_by_json(r, fact, &q, k, v, line);
                    self.check_json_shape(r, &q, k, v.is_array(), *coll, line);
                }
            }
        }
        self.report_missing_from_json(r, obj);
    }

    /// The JSON representation is docs too: a key the table of `q` does not list is added as a
    /// property, typed from the placeholder value, and the omission reported.
    fn add_json_only_property(&mut self, r: &ResourceFact, q: &str, k: &str, v: &Value, line: u32) {
        let (ty, collection) = self.json_value_type(v, &r.namespace, &r.path, line);
        self.diags.warn(&r.path, line, DiagKind::TableJsonMismatch, format!("the JSON representation has `{k}`, which the properties table of `{q}` does not list; added as `{ty}`{}", if collection { " collection" } else { "" }));
        let prop = Property::from_json(k, ty, collection, SourceLoc::new(&r.path, line));
        if let Some(t) = self.types.get_mut(q) {
            t.properties.push(prop);
        }
    }

    /// Reports a key whose value is an array where the table says a single value (or the
    /// reverse), and keeps the conflict for the response examples to settle.
    fn check_json_shape(
        &mut self,
        r: &ResourceFact,
        q: &str,
        k: &str,
        is_array: bool,
        coll: bool,
        line: u32,
    ) {
        if is_array == coll {
            return;
        }
        let (a, b) = if coll {
            ("a collection", "a single value")
        } else {
            ("a single value", "an array")
        };
        self.diags.warn(
            &r.path,
            line,
            DiagKind::TableJsonMismatch,
            format!("`{k}` is {a} in the table but {b} in the JSON representation"),
        );
        self.shape_conflicts.push(ShapeConflict {
            ty: q.to_owned(),
            property: k.to_owned(),
            json_collection: is_array,
            source: SourceLoc::new(&r.path, line),
        });
    }

    /// Reports the rows of the table (not navigation, not inherited) the JSON representation
    /// leaves out.
    fn report_missing_from_json(&mut self, r: &ResourceFact, obj: &Map<String, Value>) {
        for p in &r.properties {
            if !p.navigation && p.inherited_from.is_none() && !obj.contains_key(&p.name) {
                self.diags.warn(
                    &r.path,
                    p.line,
                    DiagKind::TableJsonMismatch,
                    format!(
                        "`{}` is in the properties table but not in the JSON representation",
                        p.name
                    ),
                );
            }
        }
    }

    /// The type a JSON representation's placeholder value stands for: `"String"`,
    /// `"DateTimeOffset"`, `true`, `1`, `{"@odata.type": "microsoft.graph.x"}`, `["String"]`…
    fn json_value_type(
        &mut self,
        v: &Value,
        ns: &str,
        path: &str,
        line: u32,
    ) -> (model::TypeRef, bool) {
        match v {
            Value::Array(items) => match items.first() {
                Some(first) => (self.json_value_type(first, ns, path, line).0, true),
                None => (Primitive::Untyped.into(), true),
            },
            Value::Bool(_) => (Primitive::Boolean.into(), false),
            Value::Number(n) if n.is_i64() || n.is_u64() => (Primitive::Int32.into(), false),
            Value::Number(_) => (Primitive::Double.into(), false),
            Value::String(s) => (primitive_named(s).into(), false),
            Value::Object(o) => match o.get("@odata.type").and_then(Value::as_str) {
                Some(t)
                    if t.trim_start_matches('#')
                        .eq_ignore_ascii_case("microsoft.graph.json") =>
                {
                    (Primitive::Untyped.into(), false)
                }
                Some(t) => (
                    self.resolve_name(t.trim_start_matches('#'), ns, path, line, &[]),
                    false,
                ),
                None => (Primitive::Untyped.into(), false),
            },
            Value::Null => (Primitive::Untyped.into(), false),
        }
    }

    /// The table says `String` and lists "possible values", the JSON representation names a
    /// type no page defines (`{"@odata.type": "microsoft.graph.x"}`): together they define enum
    /// `x`, inferred from the description.
    fn enum_named_by_json(
        &mut self,
        r: &ResourceFact,
        fact: Option<&PropertyFact>,
        q: &str,
        key: &str,
        v: &Value,
        line: u32,
    ) {
        let Some(named) = v.get("@odata.type").and_then(Value::as_str) else {
            return;
        };
        let Some(fact) = fact.filter(|p| !p.possible_values.is_empty()) else {
            return;
        };
        let is_string = matches!(
            &fact.ty,
            Some(TypeRef {
                target: TypeTarget::Primitive(Primitive::String),
                ..
            })
        );
        let named = named.trim_start_matches('#');
        if !is_string
            || self.lookup_exact(named, &r.namespace).is_some()
            || named.eq_ignore_ascii_case("microsoft.graph.json")
        {
            return;
        }
        let enum_q = self.resolve_name(
            named,
            &r.namespace,
            &r.path,
            fact.line,
            &fact.possible_values,
        );
        self.diags.warn(&r.path, line, DiagKind::TableJsonMismatch, format!("`{key}` is `String` in the table but `{named}` in the JSON representation; typed as enum `{enum_q}` with the values its description lists"));
        if let Some(p) = self
            .types
            .get_mut(q)
            .and_then(|t| t.properties.iter_mut().find(|p| p.name == key))
        {
            p.ty = enum_q;
        }
    }

    /// Where the table and the JSON representation disagree on whether a property is a
    /// collection, the response examples of the type decide: when every one that has the
    /// property shows the representation's shape, the representation wins (with a warning);
    /// otherwise the table stands.
    pub(crate) fn settle_shape_conflicts(&mut self, operations: &[Operation]) {
        for c in std::mem::take(&mut self.shape_conflicts) {
            let (agree, disagree) = shape_votes(&c, operations);
            if agree.is_empty() || disagree > 0 {
                continue;
            }
            self.take_json_shape(&c, agree);
        }
    }

    /// The JSON representation's shape for the property of `c`, which the response examples at
    /// `agree` show; reported.
    fn take_json_shape(&mut self, c: &ShapeConflict, mut agree: Vec<String>) {
        let Some(p) = self
            .types
            .get_mut(&c.ty)
            .and_then(|t| t.properties.iter_mut().find(|p| p.name == c.property))
        else {
            return;
        };
        p.collection = c.json_collection;
        agree.dedup();
        let shape = if c.json_collection {
            "a collection"
        } else {
            "a single value"
        };
        self.diags.warn(
            &c.source.file,
            c.source.line,
            DiagKind::TableJsonMismatch,
            format!(
                "`{}` of `{}` is {shape}, as the JSON representation and the response examples at {} show (the table disagrees)",
                c.property,
                c.ty,
                agree.join(", ")
            ),
        );
    }
}

/// The primitive a JSON representation's string placeholder names (`"String"`,
/// `"DateTimeOffset"`, `"Int32"`, `"Timestamp"`, `"binary"`…); `String` when it names none.
fn primitive_named(s: &str) -> Primitive {
    let lower = s.to_ascii_lowercase();
    if lower.contains("timestamp") {
        Primitive::DateTimeOffset
    } else if lower.contains("binary") {
        Primitive::Binary
    } else {
        Primitive::parse(lower.split([' ', '(']).next().unwrap_or("")).unwrap_or(Primitive::String)
    }
}
