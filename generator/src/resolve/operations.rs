//! Operations: unique names, path parameters, body and response types, permissions, examples.

use super::Resolver;
use crate::diag::DiagKind;
use crate::extract::method::{BodyFact, ExampleKind, OperationFact};
use crate::extract::typeref::{parse_annotation_type, TypeRef, TypeTarget};
use crate::model::{
    Example, Header, HttpMethod, Operation, Parameter, RequestBody, Response, TypeUse,
};
use serde_json::Value;
use std::collections::HashMap;

/// camelCase from words: `List connections` → `listConnections`; `reports: getDeviceReport` →
/// `reportsGetDeviceReport`.
pub(crate) fn camel_from_words(s: &str) -> String {
    let mut out = String::new();
    for w in s
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        let mut cs = w.chars();
        let Some(first) = cs.next() else { continue };
        if out.is_empty() {
            out.extend(first.to_lowercase());
        } else {
            out.extend(first.to_uppercase());
        }
        out.push_str(cs.as_str());
    }
    out
}

/// `{name}` placeholders of a path, in order.
pub(crate) fn path_params(path: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = path;
    while let Some(i) = rest.find('{') {
        let Some(j) = rest[i..].find('}') else { break };
        // `{id | userPrincipalName}`: the first alternative names the parameter.
        let name = rest[i + 1..i + j]
            .split('|')
            .next()
            .unwrap_or("")
            .trim()
            .to_owned();
        if !name.is_empty() && !out.contains(&name) {
            out.push(name);
        }
        rest = &rest[i + j + 1..];
    }
    out
}

fn ann_str(v: &Option<Value>, key: &str) -> Option<String> {
    v.as_ref()?
        .get(key)?
        .as_str()
        .map(|s| s.trim().trim_start_matches('#').to_owned())
        .filter(|s| !s.is_empty())
}

/// The type an example's annotation names, if the docs define it.
fn example_type(
    r: &mut Resolver<'_>,
    annotation: &Option<Value>,
    ns: &str,
    path: &str,
    line: u32,
) -> Option<TypeUse> {
    let written = ann_str(annotation, "@odata.type")?;
    let Some(t) = parse_annotation_type(&written, ann_bool(annotation, "isCollection")) else {
        r.diags.warn(
            path,
            line,
            DiagKind::UnknownType,
            format!("the example's annotation names `{written}`, which is not a type name"),
        );
        return None;
    };
    let ty = match &t.target {
        TypeTarget::Primitive(p) => p.edm_name().to_owned(),
        TypeTarget::Named { name, .. } => match r.lookup(name, ns) {
            Some(super::Def::Type(q) | super::Def::Enum(q)) => q,
            None => {
                r.diags.warn(
                    path,
                    line,
                    DiagKind::UnknownType,
                    format!("the example's annotation names type `{name}`, which no page defines; the example is not checked against a type"),
                );
                return None;
            }
        },
    };
    Some(TypeUse {
        ty,
        collection: t.collection,
    })
}

fn ann_bool(v: &Option<Value>, key: &str) -> bool {
    match v.as_ref().and_then(|v| v.get(key)) {
        Some(Value::Bool(b)) => *b,
        Some(Value::String(s)) => s.eq_ignore_ascii_case("true"),
        _ => false,
    }
}

/// How well a page fits as the documentation of its operation: not an Intune slice, then the
/// most query options named, then the first path.
fn op_rank(o: &OperationFact) -> (bool, usize, std::cmp::Reverse<String>) {
    let file = o.path.rsplit('/').next().unwrap_or(&o.path);
    (
        !file.starts_with("intune"),
        o.query.len(),
        std::cmp::Reverse(o.path.clone()),
    )
}

pub(super) fn resolve_operations(
    r: &mut Resolver<'_>,
    owned: Vec<OperationFact>,
) -> Vec<Operation> {
    let ops: Vec<&OperationFact> = owned.iter().collect();
    // The same request documented on several pages (Intune pages describe their slice of
    // `GET /users`): the best page is the operation; the others are reported.
    // Pages about one request for different derived types (Intune's device configurations all
    // use `POST /deviceManagement/deviceConfigurations`) stay separate operations.
    let named = |t: &TypeRef| match &t.target {
        TypeTarget::Primitive(p) => p.edm_name().to_owned(),
        TypeTarget::Named { name, .. } => {
            name.rsplit('.').next().unwrap_or(name).to_ascii_lowercase()
        }
    };
    let key = |o: &OperationFact| {
        let body = match &o.body {
            BodyFact::Type { ty, .. } => named(ty),
            BodyFact::Parameters(ps) => format!("{} parameters", ps.len()),
            BodyFact::None => String::new(),
        };
        let response = o.response.ty.as_ref().map(named).unwrap_or_default();
        (o.paths[0].method, o.paths[0].path.clone(), body, response)
    };
    let keys: Vec<_> = ops.iter().map(|o| key(o)).collect();
    // The best page of each group, chosen once.
    let mut best: HashMap<&_, usize> = HashMap::new();
    for (i, k) in keys.iter().enumerate() {
        best.entry(k)
            .and_modify(|b| {
                if op_rank(ops[i]) > op_rank(ops[*b]) {
                    *b = i;
                }
            })
            .or_insert(i);
    }
    let mut kept: Vec<&OperationFact> = Vec::new();
    let mut keep = vec![false; ops.len()];
    for (i, o) in ops.iter().enumerate() {
        let b = best[&keys[i]];
        if b == i {
            kept.push(o);
            keep[i] = true;
        } else {
            let best = ops[b];
            r.diags.warn(
                &o.path,
                o.line,
                DiagKind::Duplicate,
                format!(
                    "`{:?} {}` is also documented at {}:{}, which defines the operation",
                    o.paths[0].method, o.paths[0].path, best.path, best.line
                ),
            );
        }
    }
    let ops = &kept;
    // Names: camelCase titles; titles shared by several pages use their file names instead.
    let mut by_title: HashMap<String, usize> = HashMap::new();
    for o in ops {
        *by_title.entry(camel_from_words(&o.title)).or_default() += 1;
    }
    let mut used: HashMap<String, String> = HashMap::new();
    let mut names = Vec::new();
    for o in ops {
        let file = o
            .path
            .rsplit('/')
            .next()
            .unwrap_or(&o.path)
            .trim_end_matches(".md");
        let title_name = camel_from_words(&o.title);
        let mut name = if by_title.get(&title_name) == Some(&1)
            && !title_name.is_empty()
            && title_name.starts_with(|c: char| c.is_ascii_alphabetic())
        {
            title_name
        } else {
            camel_from_words(file)
        };
        if let Some(prev) = used.get(&name) {
            r.diags.warn(
                &o.path,
                o.line,
                DiagKind::Duplicate,
                format!("operation name `{name}` is also used by {prev}; numbered"),
            );
            let mut n = 2;
            while used.contains_key(&format!("{name}{n}")) {
                n += 1;
            }
            name = format!("{name}{n}");
        }
        used.insert(name.clone(), o.path.clone());
        names.push(name);
    }
    // The facts are consumed here: example bodies move into the model instead of being copied.
    let kept_owned = owned
        .into_iter()
        .zip(keep)
        .filter_map(|(o, k)| k.then_some(o));
    let mut out: Vec<Operation> = kept_owned
        .zip(names)
        .map(|(o, name)| operation(r, o, name))
        .collect();
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

fn resolve_use(r: &mut Resolver<'_>, ty: &TypeRef, o: &OperationFact, line: u32) -> String {
    r.resolve_ref(ty, &o.namespace, &o.path, line, &[], "")
}

fn operation(r: &mut Resolver<'_>, mut o: OperationFact, name: String) -> Operation {
    let example_facts = std::mem::take(&mut o.examples);
    let o = &o;
    let first = &o.paths[0];
    for p in &o.paths[1..] {
        if p.method != first.method {
            r.diags.warn(
                &o.path,
                p.line,
                DiagKind::MalformedOperation,
                format!(
                    "path `{}` uses {:?} but the first path uses {:?}; the operation is {:?}",
                    p.path, p.method, first.method, first.method
                ),
            );
        }
    }
    let mut paths: Vec<String> = Vec::new();
    for p in &o.paths {
        if p.method == first.method && !paths.contains(&p.path) {
            paths.push(p.path.clone());
        }
    }
    let path_parameters = path_params(&first.path)
        .into_iter()
        .map(|n| {
            let fp = o
                .function_params
                .iter()
                .find(|f| f.name.eq_ignore_ascii_case(&n));
            let (ty, collection) = match fp.and_then(|f| f.ty.as_ref().map(|t| (f, t))) {
                Some((f, t)) => (
                    r.resolve_ref(t, &o.namespace, &o.path, f.line, &f.possible_values, ""),
                    t.collection,
                ),
                None => ("Edm.String".to_owned(), false),
            };
            Parameter {
                name: n,
                ty,
                collection,
                required: true,
                description: fp.map(|f| f.description.clone()).unwrap_or_default(),
                source: format!("{}:{}", o.path, fp.map_or(first.line, |f| f.line)),
            }
        })
        .collect();
    let adds_reference = first.path.trim_end_matches('/').ends_with("/$ref")
        && matches!(first.method, HttpMethod::Post | HttpMethod::Put);
    let request = match &o.body {
        _ if adds_reference => Some(RequestBody::Reference),
        BodyFact::None => None,
        BodyFact::Type { ty, line } => Some(RequestBody::Type {
            ty: resolve_use(r, ty, o, *line),
            collection: ty.collection,
        }),
        BodyFact::Parameters(ps) => Some(RequestBody::Parameters {
            parameters: ps
                .iter()
                .map(|p| {
                    let (ty, collection) = match &p.ty {
                        Some(t) => (
                            r.resolve_ref(t, &o.namespace, &o.path, p.line, &p.possible_values, ""),
                            t.collection,
                        ),
                        None => ("Edm.Untyped".to_owned(), false),
                    };
                    Parameter {
                        name: p.name.clone(),
                        ty,
                        collection,
                        required: p.required,
                        description: p.description.clone(),
                        source: format!("{}:{}", o.path, p.line),
                    }
                })
                .collect(),
        }),
    };
    let response_example = example_facts
        .iter()
        .find(|e| e.kind == ExampleKind::Response);
    let status = o
        .response
        .status
        .or_else(|| response_example.and_then(|e| e.status));
    let response = match status {
        None => {
            r.diags.warn(
                &o.path,
                o.response.line.max(o.line),
                DiagKind::MalformedOperation,
                "no success status code found in the response section or examples",
            );
            None
        }
        Some(status) => {
            let mut ty = o.response.ty.clone();
            if ty.is_none() && status != 204 {
                // Fall back to the response example's annotation.
                if let Some(t) = response_example.and_then(|e| {
                    parse_annotation_type(
                        &ann_str(&e.annotation, "@odata.type")?,
                        ann_bool(&e.annotation, "isCollection"),
                    )
                }) {
                    ty = Some(t);
                }
            }
            let resolved = ty
                .as_ref()
                .map(|t| (resolve_use(r, t, o, o.response.line), t.collection));
            Some(Response {
                status,
                collection: resolved.as_ref().is_some_and(|x| x.1),
                ty: resolved.map(|x| x.0),
            })
        }
    };
    let permissions = o.permissions.clone().unwrap_or_default();
    let examples = example_facts
        .into_iter()
        .map(|e| Example {
            ty: example_type(r, &e.annotation, &o.namespace, &o.path, e.line),
            kind: match e.kind {
                ExampleKind::Request => "request".to_owned(),
                ExampleKind::Response => "response".to_owned(),
            },
            name: ann_str(&e.annotation, "name"),
            source: format!("{}:{}", o.path, e.line),
            method: e.method,
            url: e.url,
            status: e.status,
            odata_type: ann_str(&e.annotation, "@odata.type"),
            is_collection: ann_bool(&e.annotation, "isCollection"),
            truncated: ann_bool(&e.annotation, "truncated"),
            headers: e
                .headers
                .into_iter()
                .map(|(name, description)| Header { name, description })
                .collect(),
            body: e.body,
            body_error: e.body_error,
        })
        .collect();
    Operation {
        name,
        title: o.title.clone(),
        namespace: o.namespace.clone(),
        method: first.method,
        path: first.path.clone(),
        paths,
        path_parameters,
        query: o.query.clone(),
        headers: o
            .headers
            .iter()
            .map(|h| Header {
                name: h.name.clone(),
                description: h.description.clone(),
            })
            .collect(),
        request,
        response,
        permissions,
        description: o.description.clone(),
        examples,
        area: o.area.clone(),
        source: format!("{}:{}", o.path, o.line),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(camel_from_words("List connections"), "listConnections");
        assert_eq!(
            camel_from_words("reports: getDeviceReport"),
            "reportsGetDeviceReport"
        );
        assert_eq!(camel_from_words("List signIns"), "listSignIns");
        assert_eq!(
            camel_from_words("networkaccess-connection-get"),
            "networkaccessConnectionGet"
        );
    }

    #[test]
    fn params() {
        assert_eq!(path_params("/a/{x}/b(c={y},d='{z}')"), vec!["x", "y", "z"]);
        assert!(path_params("/me").is_empty());
    }
}
