//! Operations: paths, query options and parameters, bodies, responses, permissions.

use super::{area_change, type_shown, Draft, Sides};
use crate::diff::rules::Rule;
use crate::diff::{Change, ChangeKind, Subject};
use crate::emit::RustNames;
use crate::model::{Operation, Parameter, Permissions, RequestBody, SourceLoc};
use std::collections::{BTreeMap, BTreeSet};

/// A path template with its placeholder names and function arguments dropped
/// (`/users/{}/messages`, `/reports/getReport()`): the same path whatever the docs call its keys,
/// and a function with other parameters is the same function (its parameters are compared on
/// their own).
pub(crate) fn normalized(template: &str) -> String {
    let keys = without_placeholder_names(template);
    let mut out = String::with_capacity(keys.len());
    let mut rest = keys.as_str();
    while let Some(open) = rest.find('(') {
        let Some(close) = rest[open..].find(')').map(|c| open + c) else {
            break;
        };
        out.push_str(&rest[..=open]);
        let args = &rest[open + 1..close];
        if !args.contains('=') {
            out.push_str(args);
        }
        out.push(')');
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    out
}

fn without_placeholder_names(template: &str) -> String {
    let mut out = String::with_capacity(template.len());
    let mut depth = 0usize;
    for c in template.chars() {
        match c {
            '{' => {
                if depth == 0 {
                    out.push('{');
                }
                depth += 1;
            }
            '}' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    out.push('}');
                }
            }
            _ if depth > 0 => {}
            _ => out.push(c),
        }
    }
    out
}

/// Every path of an operation, normalized.
fn op_paths(op: &Operation) -> Vec<String> {
    if op.templates.is_empty() {
        return op.paths.iter().map(|p| normalized(p)).collect();
    }
    op.templates
        .iter()
        .map(|t| normalized(&t.template))
        .collect()
}

pub(super) fn operations(s: &Sides<'_>, out: &mut Vec<Change>) {
    let v = s.new.version.as_str();
    let old: BTreeMap<&str, &Operation> = s
        .old
        .operations
        .iter()
        .map(|o| (o.name.as_str(), o))
        .collect();
    let new: BTreeMap<&str, &Operation> = s
        .new
        .operations
        .iter()
        .map(|o| (o.name.as_str(), o))
        .collect();
    let mut removed: Vec<&Operation> = old
        .iter()
        .filter(|(n, _)| !new.contains_key(*n))
        .map(|(_, o)| *o)
        .collect();
    let mut added: Vec<&Operation> = new
        .iter()
        .filter(|(n, _)| !old.contains_key(*n))
        .map(|(_, o)| *o)
        .collect();
    // The same method on the same first path under another name: the page's title changed.
    let key = |o: &Operation| (o.method, op_paths(o).into_iter().next().unwrap_or_default());
    let mut pairs = Vec::new();
    removed.retain(|o| {
        let k = key(o);
        let hits: Vec<usize> = (0..added.len()).filter(|i| key(added[*i]) == k).collect();
        match hits.as_slice() {
            [i] => {
                pairs.push((*o, added.remove(*i)));
                false
            }
            _ => true,
        }
    });
    let descriptor = |names: &RustNames, op: &Operation| op_items(names, v, op);
    for (o, n) in &pairs {
        let d = op_draft(v, n);
        let mut rust = descriptor(s.old_names, o);
        rust.extend(descriptor(s.new_names, n));
        out.push(d.change(
            Subject::Operation,
            ChangeKind::Renamed,
            n.name.clone(),
            format!(
                "renamed from `{}` (same {} {}; page title \"{}\" → \"{}\")",
                o.name,
                n.method.as_str(),
                n.path,
                o.title,
                n.title
            ),
            &n.source,
            Some(&o.source),
            Rule::TYPE_RENAMED,
            rust,
        ));
        operation_changes(s, o, n, out);
    }
    let one_sided = [
        (
            removed,
            ChangeKind::Removed,
            "operation removed",
            Rule::ITEM_REMOVED,
            s.old_names,
        ),
        (
            added,
            ChangeKind::Added,
            "new operation",
            Rule::ITEM_ADDED,
            s.new_names,
        ),
    ];
    for (ops, kind, what, rule, names) in one_sided {
        for op in ops {
            out.push(op_draft(v, op).change(
                Subject::Operation,
                kind,
                op.name.clone(),
                format!("{what} ({} {})", op.method.as_str(), op.path),
                &op.source,
                None,
                rule,
                descriptor(names, op),
            ));
        }
    }
    for (name, o) in &old {
        if let Some(n) = new.get(name) {
            operation_changes(s, o, n, out);
        }
    }
}

/// The crate's items for an operation: its descriptor and its body struct.
fn op_items(names: &RustNames, version: &str, op: &Operation) -> Vec<String> {
    let key = (version.to_owned(), op.name.clone());
    names
        .descriptors
        .get(&key)
        .into_iter()
        .chain(names.bodies.get(&key))
        .cloned()
        .collect()
}

fn op_draft<'a>(version: &'a str, op: &'a Operation) -> Draft<'a> {
    Draft {
        version,
        namespace: &op.namespace,
        area: op.area.as_ref(),
    }
}

/// What one operation's changes are described with: its draft, its name, its sources and its
/// descriptor.
struct OpCtx<'a> {
    d: Draft<'a>,
    name: &'a str,
    src: &'a SourceLoc,
    old_src: &'a SourceLoc,
    rust: Vec<String>,
}

impl OpCtx<'_> {
    /// The same operation, with its changes read at other lines (a table row).
    fn at<'b>(&'b self, src: &'b SourceLoc, old_src: &'b SourceLoc) -> OpCtx<'b> {
        OpCtx {
            d: self.d,
            name: self.name,
            src,
            old_src,
            rust: self.rust.clone(),
        }
    }

    fn push(
        &self,
        out: &mut Vec<Change>,
        subject: Subject,
        kind: ChangeKind,
        what: &str,
        detail: String,
        rule: Rule,
    ) {
        let (src, old) = match kind {
            ChangeKind::Removed => (self.old_src, None),
            _ => (self.src, Some(self.old_src)),
        };
        let item = if what.is_empty() {
            self.name.to_owned()
        } else {
            format!("{} {what}", self.name)
        };
        out.push(self.d.change(
            subject,
            kind,
            item,
            detail,
            src,
            old,
            rule,
            self.rust.clone(),
        ));
    }
}

fn operation_changes(s: &Sides<'_>, o: &Operation, n: &Operation, out: &mut Vec<Change>) {
    let v = s.new.version.as_str();
    let cx = OpCtx {
        d: op_draft(v, n),
        name: &n.name,
        src: &n.source,
        old_src: &o.source,
        rust: op_items(s.new_names, v, n),
    };
    area_change(
        &cx.d,
        Subject::Operation,
        &n.name,
        (&o.area, &n.area),
        (&o.source, &n.source),
        cx.rust.clone(),
        out,
    );
    if o.method != n.method {
        cx.push(
            out,
            Subject::Operation,
            ChangeKind::Changed,
            "",
            format!("method {} → {}", o.method.as_str(), n.method.as_str()),
            Rule::BEHAVIOUR,
        );
    }
    paths(&cx, o, n, out);
    query_options(&cx, o, n, out);
    let (oq, nq) = (&o.query_parameters, &n.query_parameters);
    parameters(&cx, ParamKind::Query, oq, nq, out);
    let (of, nf) = (&o.function_parameters, &n.function_parameters);
    parameters(&cx, ParamKind::Function, of, nf, out);
    path_parameters(&cx, o, n, out);
    request_body(&cx, o, n, out);
    response(&cx, o, n, out);
    permissions(&cx, &o.permissions, &n.permissions, out);
}

/// A path of an operation by its normalized form: as the docs write it, and the request line
/// that does (the operation's title when the model has none).
fn path_at<'a>(op: &'a Operation, norm: &str) -> (String, &'a SourceLoc) {
    let i = op_paths(op).iter().position(|p| p == norm).unwrap_or(0);
    let t = op.templates.get(i);
    let shown = t
        .map(|t| t.template.clone())
        .or_else(|| op.paths.get(i).cloned())
        .unwrap_or_else(|| norm.to_owned());
    let at = t.and_then(|t| t.source.as_ref()).unwrap_or(&op.source);
    (shown, at)
}

fn paths(cx: &OpCtx<'_>, o: &Operation, n: &Operation, out: &mut Vec<Change>) {
    let (op, np) = (op_paths(o), op_paths(n));
    for p in op.iter().filter(|p| !np.contains(p)) {
        let (shown, at) = path_at(o, p);
        cx.at(at, at).push(
            out,
            Subject::Path,
            ChangeKind::Removed,
            &shown,
            "path removed: its constructor is gone".to_owned(),
            Rule::METHOD_REMOVED,
        );
    }
    for p in np.iter().filter(|p| !op.contains(p)) {
        let (shown, at) = path_at(n, p);
        cx.at(at, cx.old_src).push(
            out,
            Subject::Path,
            ChangeKind::Added,
            &shown,
            "new path: a new constructor".to_owned(),
            Rule::METHOD_ADDED,
        );
    }
    if let (Some(a), Some(b)) = (op.first(), np.first()) {
        if a != b && np.contains(a) {
            let ((new_first, at), (old_first, old_at)) = (path_at(n, b), path_at(o, a));
            cx.at(at, old_at).push(
                out,
                Subject::Path,
                ChangeKind::Changed,
                "",
                format!("the first path is now `{new_first}` (was `{old_first}`): `new` builds it"),
                Rule::METHOD_SIGNATURE,
            );
        }
    }
}

fn query_options(cx: &OpCtx<'_>, o: &Operation, n: &Operation, out: &mut Vec<Change>) {
    for q in o.query.iter().filter(|q| !n.query.contains(q)) {
        cx.push(
            out,
            Subject::QueryOption,
            ChangeKind::Removed,
            q,
            "no longer supported: its setter is gone".to_owned(),
            Rule::IMPL_REMOVED,
        );
    }
    for q in n.query.iter().filter(|q| !o.query.contains(q)) {
        cx.push(
            out,
            Subject::QueryOption,
            ChangeKind::Added,
            q,
            "now supported: a new setter".to_owned(),
            Rule::IMPL_ADDED,
        );
    }
}

/// Query, function or body parameters.
#[derive(Clone, Copy)]
enum ParamKind {
    Query,
    Function,
    Body,
}

impl ParamKind {
    fn subject(self) -> Subject {
        match self {
            ParamKind::Query => Subject::QueryParameter,
            ParamKind::Function => Subject::FunctionParameter,
            ParamKind::Body => Subject::BodyParameter,
        }
    }

    fn label(self, name: &str) -> String {
        let what = match self {
            ParamKind::Query => "query parameter",
            ParamKind::Function => "function parameter",
            ParamKind::Body => "body parameter",
        };
        format!("{what} `{name}`")
    }

    /// How a parameter reads: its type, and for query and function parameters whether it is
    /// required (a constructor argument) or optional (a setter); every body field is optional.
    fn shown(self, p: &Parameter) -> String {
        let ty = type_shown(p.ty.as_str(), p.collection);
        match (self, p.required) {
            (ParamKind::Body, _) => ty,
            (_, true) => format!("required {ty}"),
            (_, false) => format!("optional {ty}"),
        }
    }

    /// The rules of a removal, a change and an addition.
    fn rules(self, added: &Parameter) -> (Rule, Rule, Rule) {
        match self {
            ParamKind::Body => (
                Rule::FIELD_REMOVED,
                Rule::FIELD_TYPE_CHANGED,
                Rule::FIELD_ADDED,
            ),
            _ if added.required => (
                Rule::METHOD_REMOVED,
                Rule::METHOD_SIGNATURE,
                Rule::METHOD_SIGNATURE,
            ),
            _ => (
                Rule::METHOD_REMOVED,
                Rule::METHOD_SIGNATURE,
                Rule::METHOD_ADDED,
            ),
        }
    }
}

/// Parameters removed, changed (type, collection-ness, required) and added, each at its table
/// row.
fn parameters(
    cx: &OpCtx<'_>,
    kind: ParamKind,
    old: &[Parameter],
    new: &[Parameter],
    out: &mut Vec<Change>,
) {
    let subject = kind.subject();
    for p in old {
        let (removed, changed, _) = kind.rules(p);
        match new.iter().find(|q| q.name == p.name) {
            None => cx.at(&p.source, &p.source).push(
                out,
                subject,
                ChangeKind::Removed,
                &kind.label(&p.name),
                format!("removed (was {})", kind.shown(p)),
                removed,
            ),
            Some(q) if kind.shown(q) != kind.shown(p) => cx.at(&q.source, &p.source).push(
                out,
                subject,
                ChangeKind::Changed,
                &kind.label(&p.name),
                format!("{} → {}", kind.shown(p), kind.shown(q)),
                changed,
            ),
            Some(_) => {}
        }
    }
    for q in new.iter().filter(|q| !old.iter().any(|p| p.name == q.name)) {
        let (_, _, added) = kind.rules(q);
        cx.at(&q.source, cx.old_src).push(
            out,
            subject,
            ChangeKind::Added,
            &kind.label(&q.name),
            format!("new: {}", kind.shown(q)),
            added,
        );
    }
}

/// Path keys whose type changed (the constructors' argument types).
fn path_parameters(cx: &OpCtx<'_>, o: &Operation, n: &Operation, out: &mut Vec<Change>) {
    for (ot, nt) in o.templates.iter().zip(&n.templates) {
        if normalized(&ot.template) != normalized(&nt.template) {
            continue;
        }
        for (a, b) in ot.parameters.iter().zip(&nt.parameters) {
            if (&a.ty, a.collection) != (&b.ty, b.collection) {
                cx.push(
                    out,
                    Subject::PathParameter,
                    ChangeKind::Changed,
                    &format!("path parameter `{}` of {}", b.name, nt.template),
                    format!(
                        "{} → {}",
                        type_shown(a.ty.as_str(), a.collection),
                        type_shown(b.ty.as_str(), b.collection)
                    ),
                    Rule::METHOD_SIGNATURE,
                );
            }
        }
    }
}

fn body_shown(b: &Option<RequestBody>) -> String {
    match b {
        None => "none".to_owned(),
        Some(RequestBody::Type { ty, collection }) => type_shown(ty.as_str(), *collection),
        Some(RequestBody::Parameters { .. }) => "a parameter table".to_owned(),
        Some(RequestBody::Reference) => "a reference (`@odata.id`)".to_owned(),
    }
}

fn request_body(cx: &OpCtx<'_>, o: &Operation, n: &Operation, out: &mut Vec<Change>) {
    match (&o.request, &n.request) {
        (
            Some(RequestBody::Parameters { parameters: a }),
            Some(RequestBody::Parameters { parameters: b }),
        ) => parameters(cx, ParamKind::Body, a, b, out),
        (a, b) if a != b => cx.push(
            out,
            Subject::RequestBody,
            ChangeKind::Changed,
            "request body",
            format!("{} → {}", body_shown(a), body_shown(b)),
            Rule::ASSOC_TYPE_CHANGED,
        ),
        _ => {}
    }
}

fn response(cx: &OpCtx<'_>, o: &Operation, n: &Operation, out: &mut Vec<Change>) {
    let (a, b) = (o.response_body(), n.response_body());
    if a != b {
        let show = |t: &Option<crate::model::TypeUse>| {
            t.as_ref().map_or("no body".to_owned(), |t| {
                type_shown(t.ty.as_str(), t.collection)
            })
        };
        cx.push(
            out,
            Subject::Response,
            ChangeKind::Changed,
            "response",
            format!("{} → {}", show(&a), show(&b)),
            Rule::ASSOC_TYPE_CHANGED,
        );
    } else {
        let status = |r: &Option<crate::model::Response>| r.as_ref().map(|r| r.status);
        if let (Some(x), Some(y)) = (status(&o.response), status(&n.response)) {
            if x != y {
                cx.push(
                    out,
                    Subject::Response,
                    ChangeKind::Changed,
                    "response",
                    format!("success status {x} → {y}"),
                    Rule::BEHAVIOUR,
                );
            }
        }
    }
}

/// Permissions per account kind: every permission named, and whether the operation is
/// supported at all for that kind.
fn permissions(cx: &OpCtx<'_>, o: &Permissions, n: &Permissions, out: &mut Vec<Change>) {
    let kinds = [
        (
            "delegated (work or school account)",
            &o.delegated_work,
            &n.delegated_work,
        ),
        (
            "delegated (personal Microsoft account)",
            &o.delegated_personal,
            &n.delegated_personal,
        ),
        ("application", &o.application, &n.application),
    ];
    let perm_src = n
        .sources
        .first()
        .map(|s| s.table.as_ref().unwrap_or(&s.source))
        .unwrap_or(cx.src);
    let old_src = o
        .sources
        .first()
        .map(|s| s.table.as_ref().unwrap_or(&s.source))
        .unwrap_or(cx.old_src);
    let cx = cx.at(perm_src, old_src);
    for (kind, a, b) in kinds {
        let set =
            |x: &Vec<Vec<String>>| -> BTreeSet<String> { x.iter().flatten().cloned().collect() };
        let (sa, sb) = (set(a), set(b));
        for p in sa.difference(&sb) {
            let detail = if sb.is_empty() {
                format!("dropped; {kind} access is no longer supported")
            } else {
                format!("dropped from the {kind} permissions")
            };
            cx.push(
                out,
                Subject::Permission,
                ChangeKind::Removed,
                &format!("{kind} `{p}`"),
                detail,
                Rule::BEHAVIOUR,
            );
        }
        for p in sb.difference(&sa) {
            let detail = if sa.is_empty() {
                format!("added; {kind} access is now supported")
            } else {
                format!("added to the {kind} permissions")
            };
            cx.push(
                out,
                Subject::Permission,
                ChangeKind::Added,
                &format!("{kind} `{p}`"),
                detail,
                Rule::BEHAVIOUR,
            );
        }
    }
}
