//! Operations: unique names, path parameters, body and response types, permissions, examples.

use super::Resolver;
use crate::diag::DiagKind;
use crate::extract::method::{BodyFact, ExampleFact, OperationFact};
use crate::extract::typeref::{parse_annotation_type, TypeRef, TypeTarget};
use crate::model::{
    self, Example, ExampleKind, HttpMethod, Operation, Parameter, PathParameterKind, PathTemplate,
    Primitive, RequestBody, Response, SourceLoc, TypeUse,
};
use serde_json::Value;
use std::collections::HashMap;

/// The standard OData system query options of a GET that returns a collection.
const STANDARD_COLLECTION: [&str; 8] = [
    "$select", "$filter", "$top", "$skip", "$orderby", "$expand", "$count", "$search",
];

/// The standard options of a GET that returns one entity.
const STANDARD_SINGLE: [&str; 2] = ["$select", "$expand"];

/// The options an operation takes: those its page names, in order, then for a GET of an entity
/// or complex type the standard set for its shape: Graph supports the OData query parameters
/// broadly, a page's list is rarely complete ("including …"), and many pages do not mention
/// them at all. Options the page says are not supported are left out; a page that says the
/// method supports no OData query parameters gets none.
fn query_options(
    q: &crate::extract::method::QueryFact,
    method: HttpMethod,
    response: Option<&Response>,
) -> (Vec<String>, Vec<String>) {
    if q.none {
        return (Vec::new(), Vec::new());
    }
    let mut all = q.named.clone();
    let mut standard = Vec::new();
    let structured = response.is_some_and(|r| {
        r.ty.as_ref()
            .is_some_and(|t| !t.as_str().starts_with("Edm."))
    });
    if method == HttpMethod::Get && structured {
        let set: &[&str] = if response.is_some_and(|r| r.collection) {
            &STANDARD_COLLECTION
        } else {
            &STANDARD_SINGLE
        };
        for o in set {
            let o = (*o).to_owned();
            if !all.contains(&o) && !q.unsupported.contains(&o) {
                all.push(o.clone());
                standard.push(o);
            }
        }
    }
    (all, standard)
}

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
        TypeTarget::Primitive(p) => model::TypeRef::Primitive(*p),
        TypeTarget::Named { name, .. } => match r.lookup(name, ns) {
            Some(super::Def::Type(q) | super::Def::Enum(q)) => model::TypeRef::parse(&q),
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
        o.query.named.len(),
        std::cmp::Reverse(o.path.clone()),
    )
}

/// What identifies a request across pages: its method and first path, and (by simple name) its
/// body and response types.
type RequestKey = (HttpMethod, String, String, String);

/// The simple name (lower-cased) of a named type, or the `Edm.X` name of a primitive.
fn type_key(t: &TypeRef) -> String {
    match &t.target {
        TypeTarget::Primitive(p) => p.edm_name().to_owned(),
        TypeTarget::Named { name, .. } => {
            name.rsplit('.').next().unwrap_or(name).to_ascii_lowercase()
        }
    }
}

/// The request an operation page documents (see [`RequestKey`]).
fn request_key(o: &OperationFact) -> RequestKey {
    let body = match &o.body {
        BodyFact::Type { ty, .. } => type_key(ty),
        BodyFact::Parameters(ps) => format!("{} parameters", ps.len()),
        BodyFact::None => String::new(),
    };
    let response = o.response.ty.as_ref().map(type_key).unwrap_or_default();
    (o.paths[0].method, o.paths[0].path.clone(), body, response)
}

/// Resolves the operation pages into operations, sorted by name.
pub(super) fn resolve_operations(
    r: &mut Resolver<'_>,
    owned: Vec<OperationFact>,
) -> Vec<Operation> {
    let keep = best_pages(r, &owned);
    let kept: Vec<&OperationFact> = owned
        .iter()
        .zip(&keep)
        .filter_map(|(o, k)| k.then_some(o))
        .collect();
    let names = operation_names(r, &kept);
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

/// Which pages define their operation. The same request documented on several pages (Intune
/// pages describe their slice of `GET /users`): the best page is the operation; the others are
/// reported. Pages about one request for different derived types (Intune's device
/// configurations all use `POST /deviceManagement/deviceConfigurations`) stay separate
/// operations.
fn best_pages(r: &mut Resolver<'_>, ops: &[OperationFact]) -> Vec<bool> {
    let keys: Vec<RequestKey> = ops.iter().map(request_key).collect();
    // The best page of each group, chosen once.
    let mut best: HashMap<&RequestKey, usize> = HashMap::new();
    for (i, k) in keys.iter().enumerate() {
        best.entry(k)
            .and_modify(|b| {
                if op_rank(&ops[i]) > op_rank(&ops[*b]) {
                    *b = i;
                }
            })
            .or_insert(i);
    }
    let mut keep = vec![false; ops.len()];
    for (i, o) in ops.iter().enumerate() {
        let b = best[&keys[i]];
        if b == i {
            keep[i] = true;
        } else {
            let best = &ops[b];
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
    keep
}

/// Names: camelCase titles; titles shared by several pages use their file names instead; a
/// name already taken is numbered.
fn operation_names(r: &mut Resolver<'_>, ops: &[&OperationFact]) -> Vec<String> {
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
    names
}

/// A parameter row as a parameter of the operation.
fn param_of(
    r: &mut Resolver<'_>,
    p: &crate::extract::PropertyFact,
    o: &OperationFact,
    required: bool,
) -> Parameter {
    let (ty, collection) = match &p.ty {
        Some(t) => (
            r.resolve_ref(t, &o.namespace, &o.path, p.line, &p.possible_values, ""),
            t.collection,
        ),
        None => (Primitive::Untyped.into(), false),
    };
    Parameter {
        name: p.name.clone(),
        ty,
        collection,
        required,
        description: p.description.clone(),
        source: SourceLoc::new(&o.path, p.line),
    }
}

/// A required `Edm.String` parameter no table describes, found at the operation's first path.
fn string_param(name: String, o: &OperationFact) -> Parameter {
    Parameter {
        name,
        ty: Primitive::String.into(),
        collection: false,
        required: true,
        description: String::new(),
        source: SourceLoc::new(&o.path, o.paths[0].line),
    }
}

/// A type cell of the operation's page (at `line`) as the model's reference.
fn resolve_use(r: &mut Resolver<'_>, ty: &TypeRef, o: &OperationFact, line: u32) -> model::TypeRef {
    r.resolve_ref(ty, &o.namespace, &o.path, line, &[], "")
}

/// Resolves one operation page (the best of its request's) into the operation named `name`.
fn operation(r: &mut Resolver<'_>, mut o: OperationFact, name: String) -> Operation {
    let example_facts = std::mem::take(&mut o.examples);
    let o = &o;
    let first = &o.paths[0];
    report_other_methods(r, o);
    let function_parameters = function_parameters(r, o);
    let (paths, templates) = templates(r, o, &function_parameters);
    let path_parameters = path_parameters(r, o, &templates[0]);
    let query_parameters = query_parameters(r, o);
    let request = request_body(r, o);
    let response_example = example_facts
        .iter()
        .find(|e| e.kind == ExampleKind::Response);
    let response = response(r, o, response_example);
    let content_path = is_content_path(&first.path);
    let response = download_response(response, first.method, content_path);
    let request = upload_request(request, first.method, content_path);
    let permissions = o.permissions.clone().unwrap_or_default();
    let (query, query_standard) = query_options(&o.query, first.method, response.as_ref());
    let consistency_level = o
        .headers
        .iter()
        .any(|h| h.name.eq_ignore_ascii_case("consistencylevel"))
        || o.query.notes.iter().any(|n| n.contains("ConsistencyLevel"));
    let examples = example_facts
        .into_iter()
        .map(|e| example(r, o, e))
        .collect();
    Operation {
        name,
        title: o.title.clone(),
        namespace: o.namespace.clone(),
        method: first.method,
        path: paths[0].clone(),
        paths,
        templates,
        path_parameters,
        query,
        query_standard,
        query_notes: o.query.notes.clone(),
        query_parameters,
        function_parameters,
        consistency_level,
        headers: o.headers.clone(),
        request,
        response,
        permissions,
        description: o.description.clone(),
        examples,
        area: o.area.clone(),
        source: SourceLoc::new(&o.path, o.line),
    }
}

/// Reports the paths whose method is not the first path's (the operation takes the first's).
fn report_other_methods(r: &mut Resolver<'_>, o: &OperationFact) {
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
}

/// Function parameters: the table's rows, except those describing a key placeholder.
fn function_parameters(r: &mut Resolver<'_>, o: &OperationFact) -> Vec<Parameter> {
    let keys: Vec<String> = o
        .paths
        .iter()
        .flat_map(|p| super::paths::key_placeholders(&p.path))
        .map(|k| k.to_ascii_lowercase())
        .collect();
    o.function_params
        .iter()
        .filter(|f| !keys.contains(&f.name.to_ascii_lowercase()))
        .map(|f| {
            param_of(
                r,
                f,
                o,
                f.required || !f.description.to_ascii_lowercase().contains("optional"),
            )
        })
        .collect()
}

/// The paths (as documented, without example values) and templates of the operation: one per
/// distinct template among the paths with the first path's method. Reports function arguments
/// no table describes.
fn templates(
    r: &mut Resolver<'_>,
    o: &OperationFact,
    function_parameters: &[Parameter],
) -> (Vec<String>, Vec<PathTemplate>) {
    let first = &o.paths[0];
    let is_function = first.method == HttpMethod::Get;
    let mut paths: Vec<String> = Vec::new();
    let mut templates: Vec<PathTemplate> = Vec::new();
    let mut full_names: Vec<String> = Vec::new();
    let mut untyped: Vec<String> = Vec::new();
    for p in o.paths.iter().filter(|p| p.method == first.method) {
        let parsed = super::paths::parse_path(&p.path, function_parameters, is_function);
        if templates
            .iter()
            .any(|t| t.template == parsed.template.template)
        {
            continue;
        }
        for a in parsed.untyped_args {
            if !untyped.contains(&a) {
                untyped.push(a);
            }
        }
        paths.push(parsed.documented);
        full_names.push(parsed.full_name);
        templates.push(PathTemplate {
            source: Some(SourceLoc::new(&o.path, p.line)),
            ..parsed.template
        });
    }
    lengthen_clashing_names(&mut templates, full_names);
    if !untyped.is_empty() {
        r.diags.warn(
            &o.path,
            first.line,
            DiagKind::MalformedOperation,
            format!(
                "no parameter table describes the function arguments {} of the path; typed from the path",
                untyped.iter().map(|a| format!("`{a}`")).collect::<Vec<_>>().join(", ")
            ),
        );
    }
    (paths, templates)
}

/// Two paths with the same short name both take their longer one (`full_names`, by template).
fn lengthen_clashing_names(templates: &mut [PathTemplate], full_names: Vec<String>) {
    let clashing: Vec<bool> = templates
        .iter()
        .enumerate()
        .map(|(i, t)| {
            templates
                .iter()
                .enumerate()
                .any(|(j, u)| j != i && u.name == t.name)
        })
        .collect();
    for (t, (clash, full)) in templates
        .iter_mut()
        .zip(clashing.into_iter().zip(full_names))
    {
        if clash {
            t.name = full;
        }
    }
}

/// Path parameters: the keys of the first template, typed by the function parameter rows that
/// describe them (`Edm.String` otherwise).
fn path_parameters(
    r: &mut Resolver<'_>,
    o: &OperationFact,
    template: &PathTemplate,
) -> Vec<Parameter> {
    template
        .parameters
        .iter()
        .filter(|p| p.kind == PathParameterKind::Key)
        .map(|k| {
            let n = k
                .written
                .split('|')
                .next()
                .unwrap_or(&k.written)
                .trim()
                .to_owned();
            let fp = o
                .function_params
                .iter()
                .find(|f| f.name.eq_ignore_ascii_case(&n));
            match fp {
                Some(f) => param_of(r, f, o, true),
                None => string_param(n, o),
            }
        })
        .collect()
}

/// Query parameters: the tables' rows, and those the request lines ask for.
fn query_parameters(r: &mut Resolver<'_>, o: &OperationFact) -> Vec<Parameter> {
    let method = o.paths[0].method;
    let asked: Vec<&String> = o
        .paths
        .iter()
        .filter(|p| p.method == method)
        .flat_map(|p| &p.query_params)
        .collect();
    let mut query_parameters: Vec<Parameter> = o
        .query
        .parameters
        .iter()
        .map(|f| {
            let required = f.required
                || o.query.parameters_required
                || asked.iter().any(|a| a.eq_ignore_ascii_case(&f.name));
            param_of(r, f, o, required)
        })
        .collect();
    for a in asked {
        if !query_parameters
            .iter()
            .any(|q| q.name.eq_ignore_ascii_case(a))
        {
            query_parameters.push(string_param(a.clone(), o));
        }
    }
    query_parameters
}

/// The request body the page documents; adding a reference (`POST`/`PUT …/$ref`) sends one.
fn request_body(r: &mut Resolver<'_>, o: &OperationFact) -> Option<RequestBody> {
    let first = &o.paths[0];
    let adds_reference = first.path.trim_end_matches('/').ends_with("/$ref")
        && matches!(first.method, HttpMethod::Post | HttpMethod::Put);
    match &o.body {
        _ if adds_reference => Some(RequestBody::Reference),
        BodyFact::None => None,
        BodyFact::Type { ty, line } => Some(RequestBody::Type {
            ty: resolve_use(r, ty, o, *line),
            collection: ty.collection,
        }),
        BodyFact::Parameters(ps) => Some(RequestBody::Parameters {
            parameters: ps.iter().map(|p| param_of(r, p, o, p.required)).collect(),
        }),
    }
}

/// The success response: the status from the response section or else the response example,
/// the type from the response section or else the response example's annotation. `None`
/// (reported) without a status.
fn response(
    r: &mut Resolver<'_>,
    o: &OperationFact,
    response_example: Option<&ExampleFact>,
) -> Option<Response> {
    let status = o
        .response
        .status
        .or_else(|| response_example.and_then(|e| e.status));
    let Some(status) = status else {
        r.diags.warn(
            &o.path,
            o.response.line.max(o.line),
            DiagKind::MalformedOperation,
            "no success status code found in the response section or examples",
        );
        return None;
    };
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

/// Whether a path addresses an entity's content: its last segment is `content` or `$value`.
fn is_content_path(path: &str) -> bool {
    let last = path.trim_end_matches('/').rsplit('/').next().unwrap_or("");
    last == "content" || last == "$value"
}

/// Downloads: a GET of `…/content` or `…/$value` (whatever type the page names: it is the
/// entity's content that comes back), or a `302` to a download URL, returns bytes.
fn download_response(
    response: Option<Response>,
    method: HttpMethod,
    content_path: bool,
) -> Option<Response> {
    match response {
        Some(resp)
            if method == HttpMethod::Get
                && (content_path || resp.status == 302 && resp.ty.is_none()) =>
        {
            Some(Response {
                status: resp.status,
                ty: Some(Primitive::Stream.into()),
                collection: false,
            })
        }
        None if method == HttpMethod::Get && content_path => Some(Response {
            status: 200,
            ty: Some(Primitive::Stream.into()),
            collection: false,
        }),
        other => other,
    }
}

/// Uploads: content sent to `…/content` or `…/$value` is bytes.
fn upload_request(
    request: Option<RequestBody>,
    method: HttpMethod,
    content_path: bool,
) -> Option<RequestBody> {
    match request {
        None | Some(RequestBody::Type { .. })
            if content_path && method != HttpMethod::Get && method != HttpMethod::Delete =>
        {
            Some(RequestBody::Type {
                ty: Primitive::Stream.into(),
                collection: false,
            })
        }
        other => other,
    }
}

/// An example of the operation's page, with the type its annotation names.
fn example(r: &mut Resolver<'_>, o: &OperationFact, e: ExampleFact) -> Example {
    Example {
        ty: example_type(r, &e.annotation, &o.namespace, &o.path, e.line),
        kind: e.kind,
        name: ann_str(&e.annotation, "name"),
        source: SourceLoc::new(&o.path, e.line),
        method: e.method,
        url: e.url,
        status: e.status,
        odata_type: ann_str(&e.annotation, "@odata.type"),
        is_collection: ann_bool(&e.annotation, "isCollection"),
        truncated: ann_bool(&e.annotation, "truncated"),
        headers: e.headers,
        body: e.body,
        body_error: e.body_error,
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
}
