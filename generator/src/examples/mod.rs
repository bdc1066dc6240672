//! The docs' examples as test data. Every request and response example whose type is known
//! becomes a [`Case`]: the body, the generated type to read it with (a [`Selector`] the generated
//! crate's `registry` understands) and the model shape to judge it by.
//!
//! Two independent judges meet here. [`conform`] checks a body against the *model* (what the
//! docs say each property is), so it finds the docs' own contradictions; every run reports them
//! as `example-mismatch` diagnostics. The generated types then read and write each body (in the
//! generated crate, through `cargo xtask examples`), and [`compare`] checks the round trip
//! exactly, value by value, accepting only the re-spellings a type's canonical form makes
//! (timestamps, dates, times, GUIDs, numbers, flags lists), each parsed and compared as a value.
//! A failure the model check explains is a docs error; any other is a generator error.

mod compare;
mod conform;
mod report;

pub use compare::{compare, Canonical, Difference};
pub use conform::{conform, Mismatch};
pub use graphgen_runtime::registry::{Failure, Job, JobResult, Outcome, Selector};
pub use report::{Cause, FailureRecord, Report};

use crate::diag::{DiagKind, Diagnostics};
use crate::model::{
    Example, ExampleKind, Model, ModelIndex, Operation, Parameter, Primitive, RequestBody, TypeRef,
    TypeUse,
};
use serde_json::Value;

/// What a body should be, in model terms.
#[derive(Debug, Clone, PartialEq)]
pub enum Shape<'m> {
    /// A value of a type (or a collection response of it, when `collection`). `concrete`: the
    /// SDK reads the type itself, not whichever derived type `@odata.type` names (request bodies).
    Type {
        /// The type.
        ty: TypeUse,
        /// Read as the type itself.
        concrete: bool,
    },
    /// A request body made of the parameters of an operation's table.
    Parameters(&'m [Parameter]),
    /// A reference to an entity: `{"@odata.id": "<url>"}`.
    Reference,
}

/// Why an example was not typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Untyped {
    /// The annotation names a type the docs do not define.
    UnknownType,
    /// Neither the annotation nor the operation says what the body is.
    NoType,
    /// An error response (status 400 or above) without a type in its annotation.
    ErrorResponse,
    /// A stream response: raw bytes, not JSON.
    Stream,
    /// A request with another method than the page's operation (a page showing an alternative).
    OtherMethod,
}

impl Untyped {
    /// What the report says.
    pub fn describe(self) -> &'static str {
        match self {
            Untyped::UnknownType => "the annotation names a type no page defines",
            Untyped::NoType => "neither the annotation nor the page names the body's type",
            Untyped::ErrorResponse => "error responses",
            Untyped::Stream => "stream responses (raw bytes, not JSON)",
            Untyped::OtherMethod => "requests with another method than the page's operation",
        }
    }
}

/// One example with a body.
#[derive(Debug, Clone)]
pub struct Case<'m> {
    /// The model it belongs to.
    pub model: &'m Model,
    /// Its operation.
    pub operation: &'m Operation,
    /// The example.
    pub example: &'m Example,
    /// The type to read it with, or why there is none.
    pub typed: Result<Typed<'m>, Untyped>,
}

/// The type of a typed case.
#[derive(Debug, Clone)]
pub struct Typed<'m> {
    /// What the registry should use.
    pub selector: Selector,
    /// What the model says.
    pub shape: Shape<'m>,
    /// Named by the example's own annotation (rather than by the operation's page).
    pub named: bool,
    /// Human-readable type (`microsoft.graph.user`, `collection of …`, `createUser body`).
    pub describe: String,
}

impl Case<'_> {
    /// True when the example is a response.
    pub fn is_response(&self) -> bool {
        self.example.kind == ExampleKind::Response
    }
}

fn describe_use(t: &TypeUse) -> String {
    if t.collection {
        format!("collection of {}", t.ty)
    } else {
        t.ty.to_string()
    }
}

fn typed_case<'m>(op: &'m Operation, ex: &'m Example) -> Result<Typed<'m>, Untyped> {
    let typed = typed_by_docs(op, ex)?;
    match &typed.shape {
        Shape::Type { ty, .. }
            if ty.ty.primitive() == Some(Primitive::Stream) && !ty.collection =>
        {
            Err(Untyped::Stream)
        }
        _ => Ok(typed),
    }
}

fn typed_by_docs<'m>(op: &'m Operation, ex: &'m Example) -> Result<Typed<'m>, Untyped> {
    let response = ex.kind == ExampleKind::Response;
    if let (true, Some(t)) = (response, &ex.ty) {
        return Ok(Typed {
            selector: Selector::Type {
                name: t.ty.to_string(),
                collection: t.collection,
            },
            describe: describe_use(t),
            shape: Shape::Type {
                ty: t.clone(),
                concrete: false,
            },
            named: true,
        });
    }
    if ex.odata_type.is_some() && response {
        return Err(Untyped::UnknownType);
    }
    if response {
        if ex.status.is_some_and(|s| s >= 400) {
            return Err(Untyped::ErrorResponse);
        }
        let success = op.response.as_ref().map(|r| r.status);
        return match (
            op.response_body(),
            ex.status.is_none() || ex.status == success,
        ) {
            (Some(t), true) => Ok(Typed {
                selector: Selector::Response {
                    operation: op.name.clone(),
                },
                describe: describe_use(&t),
                shape: Shape::Type {
                    ty: t,
                    concrete: false,
                },
                named: false,
            }),
            _ => Err(Untyped::NoType),
        };
    }
    if ex.method.is_some_and(|m| m != op.method) {
        return Err(Untyped::OtherMethod);
    }
    match &op.request {
        Some(RequestBody::Type { ty, collection }) => {
            let t = TypeUse {
                ty: ty.clone(),
                collection: *collection,
            };
            Ok(Typed {
                selector: Selector::Request {
                    operation: op.name.clone(),
                },
                describe: if *collection {
                    format!("array of {ty}")
                } else {
                    ty.to_string()
                },
                shape: Shape::Type {
                    ty: t,
                    concrete: true,
                },
                named: false,
            })
        }
        Some(RequestBody::Reference) => Ok(Typed {
            selector: Selector::Request {
                operation: op.name.clone(),
            },
            describe: "a reference (`@odata.id`)".to_owned(),
            shape: Shape::Reference,
            named: false,
        }),
        Some(RequestBody::Parameters { parameters }) => Ok(Typed {
            selector: Selector::Request {
                operation: op.name.clone(),
            },
            describe: format!("parameters of {}", op.name),
            shape: Shape::Parameters(parameters),
            named: false,
        }),
        None => Err(Untyped::NoType),
    }
}

/// Every example of `model` that has a body (or one that is not JSON), in operation order.
pub fn cases(model: &Model) -> Vec<Case<'_>> {
    let mut out = Vec::new();
    for op in &model.operations {
        for ex in &op.examples {
            if ex.body.is_none() && ex.body_error.is_none() {
                continue;
            }
            out.push(Case {
                model,
                operation: op,
                example: ex,
                typed: typed_case(op, ex),
            });
        }
    }
    out
}

/// The model check of a typed case with a JSON body.
fn mismatches_of(ix: &ModelIndex<'_>, case: &Case<'_>) -> Vec<Mismatch> {
    match (&case.typed, &case.example.body) {
        (Ok(t), Some(body)) => conform(ix, &t.shape, body),
        _ => Vec::new(),
    }
}

/// Checks every typed example of `model` against the model, reporting each body that
/// contradicts its documented type as an `example-mismatch` warning at the example's line.
pub fn validate(model: &Model, diags: &mut Diagnostics) {
    use rayon::prelude::*;
    let ix = ModelIndex::new(model);
    let cases = cases(model);
    let found: Vec<(&Case<'_>, Vec<Mismatch>)> = cases
        .par_iter()
        .map(|c| (c, mismatches_of(&ix, c)))
        .filter(|(_, ms)| !ms.is_empty())
        .collect();
    for (case, ms) in found {
        let Ok(t) = &case.typed else { continue };
        let first = &ms[0];
        let at = &case.example.source;
        let more = match ms.len() {
            1 => String::new(),
            n => format!(" (and {} more)", n - 1),
        };
        diags.warn(
            &at.file,
            at.line,
            DiagKind::ExampleMismatch,
            format!(
                "{} example does not match its type `{}`: at `{}`, {}{more}",
                case.example.kind, t.describe, first.path, first.reason
            ),
        );
    }
}

/// The registry jobs of the typed cases with a JSON body: `(index into cases, job)`.
pub fn jobs(cases: &[Case<'_>]) -> Vec<Job> {
    cases
        .iter()
        .enumerate()
        .filter_map(|(id, c)| {
            let t = c.typed.as_ref().ok()?;
            Some(Job {
                id,
                version: crate::emit::version_module(&c.model.version),
                selector: t.selector.clone(),
                body: c.example.body.clone()?,
            })
        })
        .collect()
}

/// Judges the results of [`jobs`] and builds the report. `results` may come in any order;
/// a job without a result counts as a generator error.
pub fn report(cases: &[Case<'_>], results: &[JobResult]) -> Report {
    let mut by_id: Vec<Option<&Outcome>> = vec![None; cases.len()];
    for r in results {
        if let Some(slot) = by_id.get_mut(r.id) {
            *slot = Some(&r.outcome);
        }
    }
    let mut indexes: Vec<(&Model, ModelIndex<'_>)> = Vec::new();
    let mut rep = Report::default();
    for (case, outcome) in cases.iter().zip(by_id) {
        let ix = match indexes
            .iter()
            .position(|(m, _)| std::ptr::eq(*m, case.model))
        {
            Some(i) => &indexes[i].1,
            None => {
                indexes.push((case.model, ModelIndex::new(case.model)));
                &indexes[indexes.len() - 1].1
            }
        };
        rep.add(ix, case, outcome);
    }
    rep.failures.sort_by(|a, b| {
        (a.cause, &a.category, &a.source, &a.path).cmp(&(b.cause, &b.category, &b.source, &b.path))
    });
    rep
}

/// `value[0].name` paths, as serde_path_to_error writes them (`.` is the root).
pub(crate) fn child_key(path: &str, key: &str) -> String {
    if path == "." {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

/// `path[i]`.
pub(crate) fn child_index(path: &str, i: usize) -> String {
    if path == "." {
        format!("[{i}]")
    } else {
        format!("{path}[{i}]")
    }
}

/// The JSON kind of a value, for messages.
pub(crate) fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(n) if n.is_f64() => "a fractional number",
        Value::Number(_) => "an integer",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// A single (not collection) response of `ty` comes as `{"value": …}`.
pub(crate) fn wrapped(ix: &ModelIndex<'_>, ty: &TypeRef) -> bool {
    crate::model::single_response_is_wrapped(ty, ix.enums.contains_key(ty.as_str()))
}

/// The type a struct-typed object is read as: with `@odata.type` naming `q` or a type derived
/// from it (compared case-insensitively, as the SDK does), that type, unless the place reads
/// `q` concretely or `q` is not read polymorphically.
pub(crate) fn effective_type(
    ix: &ModelIndex<'_>,
    q: &str,
    concrete: bool,
    obj: &serde_json::Map<String, Value>,
) -> String {
    if concrete || !ix.polymorphic.contains(q) {
        return q.to_owned();
    }
    let Some(named) = obj.get("@odata.type").and_then(Value::as_str) else {
        return q.to_owned();
    };
    let named = named.trim_start_matches('#');
    if named.eq_ignore_ascii_case(q) {
        return q.to_owned();
    }
    ix.descendants
        .get(q)
        .and_then(|ds| ds.iter().find(|d| d.eq_ignore_ascii_case(named)))
        .cloned()
        .unwrap_or_else(|| q.to_owned())
}

#[cfg(test)]
mod tests;
