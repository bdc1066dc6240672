//! What changed in the API between two models of one version: types, properties, enums and
//! members, operations (paths, query options and parameters, bodies, responses) and
//! permissions, each with the `file:line` of the docs that say so, and what it means for the
//! generated crate ([`super::rules`]).

use super::rules::{Level, Rule};
use super::{Change, ChangeKind, Subject};
use crate::emit::RustNames;
use crate::model::{
    EnumDef, Model, Operation, Parameter, Permissions, Property, RequestBody, SourceLoc, TypeDef,
};
use std::collections::{BTreeMap, BTreeSet};

/// The two sides of one version, with what the crate calls their items.
pub(crate) struct Sides<'a> {
    pub old: &'a Model,
    pub new: &'a Model,
    pub old_names: &'a RustNames,
    pub new_names: &'a RustNames,
}

/// Builds one change; the caller fills in the fields that vary.
struct Draft<'a> {
    version: &'a str,
    namespace: &'a str,
    area: Option<&'a String>,
}

impl Draft<'_> {
    #[allow(clippy::too_many_arguments)]
    fn change(
        &self,
        subject: Subject,
        kind: ChangeKind,
        item: String,
        detail: String,
        source: &SourceLoc,
        old_source: Option<&SourceLoc>,
        rule: Rule,
        rust: Vec<String>,
    ) -> Change {
        Change {
            version: self.version.to_owned(),
            namespace: self.namespace.to_owned(),
            area: self.area.cloned(),
            subject,
            kind,
            item,
            detail,
            source: source.clone(),
            old_source: old_source.cloned(),
            level: rule.level,
            rule: rule.id.to_owned(),
            rust,
        }
    }
}

/// Every change between the two sides, sorted by area, namespace, subject and item.
pub(crate) fn changes(s: &Sides<'_>) -> Vec<Change> {
    let mut out = Vec::new();
    types(s, &mut out);
    enums(s, &mut out);
    operations(s, &mut out);
    out.sort_by(|a, b| {
        (&a.area, &a.namespace, &a.item, a.subject, a.kind).cmp(&(
            &b.area,
            &b.namespace,
            &b.item,
            b.subject,
            b.kind,
        ))
    });
    out
}

/// The crate's items for a qualified type or enum name: its struct or enum, and the `Any…`
/// enum of a polymorphic base type (empty when it has none).
fn item_path(names: &RustNames, version: &str, q: &str) -> Vec<String> {
    let key = (version.to_owned(), q.to_owned());
    names
        .items
        .get(&key)
        .into_iter()
        .chain(names.any_enums.get(&key))
        .cloned()
        .collect()
}

/// Pairs the unmatched items of two sides that are the same item renamed: the same page file
/// and the same members (`signature`), neither shared with another candidate.
fn renames<'a, T>(
    removed: &[&'a T],
    added: &[&'a T],
    file: impl Fn(&T) -> &str,
    signature: impl Fn(&T) -> BTreeSet<String>,
) -> Vec<(&'a T, &'a T)> {
    let key = |t: &T| (file(t).to_owned(), signature(t));
    let mut count: BTreeMap<(String, BTreeSet<String>), (usize, usize)> = BTreeMap::new();
    for t in removed {
        count.entry(key(t)).or_default().0 += 1;
    }
    for t in added {
        count.entry(key(t)).or_default().1 += 1;
    }
    let mut out = Vec::new();
    for o in removed {
        let k = key(o);
        if k.1.is_empty() || count.get(&k) != Some(&(1, 1)) {
            continue;
        }
        if let Some(n) = added.iter().find(|n| key(n) == k) {
            out.push((*o, *n));
        }
    }
    out
}

// ----- types and properties -----

fn types(s: &Sides<'_>, out: &mut Vec<Change>) {
    let v = s.new.version.as_str();
    let old: BTreeMap<String, &TypeDef> = s.old.types.iter().map(|t| (t.qualified(), t)).collect();
    let new: BTreeMap<String, &TypeDef> = s.new.types.iter().map(|t| (t.qualified(), t)).collect();
    let removed: Vec<&TypeDef> = old
        .iter()
        .filter(|(q, _)| !new.contains_key(*q))
        .map(|(_, t)| *t)
        .collect();
    let added: Vec<&TypeDef> = new
        .iter()
        .filter(|(q, _)| !old.contains_key(*q))
        .map(|(_, t)| *t)
        .collect();
    let props = |t: &TypeDef| t.properties.iter().map(|p| p.name.clone()).collect();
    let renamed = renames(&removed, &added, |t| t.source.file.as_str(), props);
    for (o, n) in &renamed {
        let d = Draft {
            version: v,
            namespace: &n.namespace,
            area: n.area.as_ref(),
        };
        let mut rust = item_path(s.old_names, v, &o.qualified());
        rust.extend(item_path(s.new_names, v, &n.qualified()));
        out.push(d.change(
            Subject::Type,
            ChangeKind::Renamed,
            n.qualified(),
            format!(
                "renamed from `{}` (same page, same properties)",
                o.qualified()
            ),
            &n.source,
            Some(&o.source),
            Rule::TYPE_RENAMED,
            rust,
        ));
    }
    let is_renamed_old = |t: &TypeDef| renamed.iter().any(|(o, _)| std::ptr::eq(*o, t));
    let is_renamed_new = |t: &TypeDef| renamed.iter().any(|(_, n)| std::ptr::eq(*n, t));
    for t in removed.iter().filter(|t| !is_renamed_old(t)) {
        let d = Draft {
            version: v,
            namespace: &t.namespace,
            area: t.area.as_ref(),
        };
        out.push(d.change(
            Subject::Type,
            ChangeKind::Removed,
            t.qualified(),
            format!("{} type removed", kind_word(t)),
            &t.source,
            None,
            Rule::ITEM_REMOVED,
            item_path(s.old_names, v, &t.qualified()),
        ));
    }
    for t in added.iter().filter(|t| !is_renamed_new(t)) {
        let d = Draft {
            version: v,
            namespace: &t.namespace,
            area: t.area.as_ref(),
        };
        out.push(d.change(
            Subject::Type,
            ChangeKind::Added,
            t.qualified(),
            format!("new {} type", kind_word(t)),
            &t.source,
            None,
            Rule::ITEM_ADDED,
            item_path(s.new_names, v, &t.qualified()),
        ));
    }
    for (q, o) in &old {
        if let Some(n) = new.get(q) {
            type_changes(s, o, n, out);
        }
    }
}

fn kind_word(t: &TypeDef) -> &'static str {
    match t.kind {
        crate::model::TypeKind::Entity => "entity",
        crate::model::TypeKind::Complex => "complex",
    }
}

/// The structs that carry a type's properties: its own and every derived type's (they are
/// flattened into each).
fn carriers(names: &RustNames, m: &Model, q: &str) -> Vec<String> {
    let mut qs = vec![q.to_owned()];
    if let Some(d) = m.descendants().remove(q) {
        qs.extend(d);
    }
    qs.iter()
        .flat_map(|q| item_path(names, &m.version, q))
        .collect()
}

fn type_changes(s: &Sides<'_>, o: &TypeDef, n: &TypeDef, out: &mut Vec<Change>) {
    let v = s.new.version.as_str();
    let q = n.qualified();
    let d = Draft {
        version: v,
        namespace: &n.namespace,
        area: n.area.as_ref(),
    };
    area_change(&d, Subject::Type, &q, (&o.area, &n.area), (&o.source, &n.source), item_path(s.new_names, v, &q), out);
    if o.base != n.base {
        let show = |b: &Option<String>| b.as_deref().map_or("none".to_owned(), |b| format!("`{b}`"));
        out.push(d.change(
            Subject::Type,
            ChangeKind::Changed,
            q.clone(),
            format!("base type {} → {}", show(&o.base), show(&n.base)),
            &n.source,
            Some(&o.source),
            Rule::BASE_CHANGED,
            carriers(s.new_names, s.new, &q),
        ));
    }
    let old: BTreeMap<&str, &Property> =
        o.properties.iter().map(|p| (p.name.as_str(), p)).collect();
    let new: BTreeMap<&str, &Property> =
        n.properties.iter().map(|p| (p.name.as_str(), p)).collect();
    let field = |names: &RustNames, m: &Model, p: &str| -> Vec<String> {
        let f = crate::emit::naming::field_ident(p);
        carriers(names, m, &q)
            .into_iter()
            .map(|c| format!("{c}::{f}"))
            .collect()
    };
    for (name, p) in &old {
        let item = format!("{q}.{name}");
        match new.get(name) {
            None => out.push(d.change(
                Subject::Property,
                ChangeKind::Removed,
                item,
                format!("property removed (was {})", shown(p)),
                &p.source,
                None,
                Rule::FIELD_REMOVED,
                field(s.old_names, s.old, name),
            )),
            Some(np) if (&np.ty, np.collection) != (&p.ty, p.collection) => out.push(d.change(
                Subject::Property,
                ChangeKind::Changed,
                item,
                format!("type {} → {}", shown(p), shown(np)),
                &np.source,
                Some(&p.source),
                Rule::FIELD_TYPE_CHANGED,
                field(s.new_names, s.new, name),
            )),
            Some(_) => {}
        }
    }
    for (name, p) in new.iter().filter(|(n, _)| !old.contains_key(*n)) {
        out.push(d.change(
            Subject::Property,
            ChangeKind::Added,
            format!("{q}.{name}"),
            format!("new property: {}", shown(p)),
            &p.source,
            None,
            Rule::FIELD_ADDED,
            field(s.new_names, s.new, name),
        ));
    }
}

/// A page's product area changed: the item moves to another Cargo feature (users who enable
/// areas one by one must enable the new one).
fn area_change(
    d: &Draft<'_>,
    subject: Subject,
    item: &str,
    (old, new): (&Option<String>, &Option<String>),
    (old_src, new_src): (&SourceLoc, &SourceLoc),
    rust: Vec<String>,
    out: &mut Vec<Change>,
) {
    if old == new {
        return;
    }
    let show = |a: &Option<String>| a.as_deref().map_or("none".to_owned(), |a| format!("`{a}`"));
    out.push(d.change(
        subject,
        ChangeKind::Changed,
        item.to_owned(),
        format!(
            "product area {} → {}: the Cargo feature that compiles it changes",
            show(old),
            show(new)
        ),
        new_src,
        Some(old_src),
        Rule::CFG_CHANGED,
        rust,
    ));
}

/// `Edm.String` or `Collection(Edm.String)`, in backticks.
fn shown(p: &Property) -> String {
    type_shown(p.ty.as_str(), p.collection)
}

fn type_shown(ty: &str, collection: bool) -> String {
    if collection {
        format!("`Collection({ty})`")
    } else {
        format!("`{ty}`")
    }
}

// ----- enums and members -----

fn enums(s: &Sides<'_>, out: &mut Vec<Change>) {
    let v = s.new.version.as_str();
    let old: BTreeMap<String, &EnumDef> = s.old.enums.iter().map(|e| (e.qualified(), e)).collect();
    let new: BTreeMap<String, &EnumDef> = s.new.enums.iter().map(|e| (e.qualified(), e)).collect();
    let removed: Vec<&EnumDef> = old
        .iter()
        .filter(|(q, _)| !new.contains_key(*q))
        .map(|(_, e)| *e)
        .collect();
    let added: Vec<&EnumDef> = new
        .iter()
        .filter(|(q, _)| !old.contains_key(*q))
        .map(|(_, e)| *e)
        .collect();
    let members = |e: &EnumDef| e.members.iter().map(|m| m.name.clone()).collect();
    let renamed = renames(&removed, &added, |e| e.source.file.as_str(), members);
    for (o, n) in &renamed {
        let d = Draft {
            version: v,
            namespace: &n.namespace,
            area: n.area.as_ref(),
        };
        let mut rust = item_path(s.old_names, v, &o.qualified());
        rust.extend(item_path(s.new_names, v, &n.qualified()));
        out.push(d.change(
            Subject::Enum,
            ChangeKind::Renamed,
            n.qualified(),
            format!("renamed from `{}` (same page, same members)", o.qualified()),
            &n.source,
            Some(&o.source),
            Rule::TYPE_RENAMED,
            rust,
        ));
    }
    let is_renamed_old = |e: &EnumDef| renamed.iter().any(|(o, _)| std::ptr::eq(*o, e));
    let is_renamed_new = |e: &EnumDef| renamed.iter().any(|(_, n)| std::ptr::eq(*n, e));
    for e in removed.iter().filter(|e| !is_renamed_old(e)) {
        let d = Draft {
            version: v,
            namespace: &e.namespace,
            area: e.area.as_ref(),
        };
        out.push(d.change(
            Subject::Enum,
            ChangeKind::Removed,
            e.qualified(),
            "enum removed".to_owned(),
            &e.source,
            None,
            Rule::ITEM_REMOVED,
            item_path(s.old_names, v, &e.qualified()),
        ));
    }
    for e in added.iter().filter(|e| !is_renamed_new(e)) {
        let d = Draft {
            version: v,
            namespace: &e.namespace,
            area: e.area.as_ref(),
        };
        out.push(d.change(
            Subject::Enum,
            ChangeKind::Added,
            e.qualified(),
            format!("new enum ({} members)", e.members.len()),
            &e.source,
            None,
            Rule::ITEM_ADDED,
            item_path(s.new_names, v, &e.qualified()),
        ));
    }
    for (q, o) in &old {
        if let Some(n) = new.get(q) {
            enum_changes(s, o, n, out);
        }
    }
}

fn enum_changes(s: &Sides<'_>, o: &EnumDef, n: &EnumDef, out: &mut Vec<Change>) {
    let v = s.new.version.as_str();
    let q = n.qualified();
    let d = Draft {
        version: v,
        namespace: &n.namespace,
        area: n.area.as_ref(),
    };
    let rust = item_path(s.new_names, v, &q);
    area_change(&d, Subject::Enum, &q, (&o.area, &n.area), (&o.source, &n.source), rust.clone(), out);
    if o.flags != n.flags {
        let word = |f: bool| if f { "flags" } else { "single value" };
        out.push(d.change(
            Subject::Enum,
            ChangeKind::Changed,
            q.clone(),
            format!("{} → {}", word(o.flags), word(n.flags)),
            &n.source,
            Some(&o.source),
            Rule::FLAGS_CHANGED,
            rust.clone(),
        ));
    }
    let variant = |name: &str| -> Vec<String> {
        let id = crate::emit::naming::variant_ident(name);
        rust.iter().map(|r| format!("{r}::{id}")).collect()
    };
    let old: BTreeMap<&str, _> = o.members.iter().map(|m| (m.name.as_str(), m)).collect();
    let new: BTreeMap<&str, _> = n.members.iter().map(|m| (m.name.as_str(), m)).collect();
    for (name, m) in &old {
        let item = format!("{q}.{name}");
        match new.get(name) {
            None => out.push(d.change(
                Subject::Member,
                ChangeKind::Removed,
                item,
                "member removed".to_owned(),
                &m.source,
                None,
                Rule::VARIANT_REMOVED,
                variant(name),
            )),
            Some(nm) if nm.evolvable != m.evolvable => {
                let detail = if nm.evolvable {
                    "now evolvable: listed after `unknownFutureValue`, sent only to clients that ask with `Prefer: include-unknown-enum-members`"
                } else {
                    "no longer evolvable: sent to every client"
                };
                out.push(d.change(
                    Subject::Member,
                    ChangeKind::Changed,
                    item,
                    detail.to_owned(),
                    &nm.source,
                    Some(&m.source),
                    Rule::BEHAVIOUR,
                    variant(name),
                ));
            }
            Some(_) => {}
        }
    }
    for (name, m) in new.iter().filter(|(n, _)| !old.contains_key(*n)) {
        let detail = if m.evolvable {
            "new member (evolvable)"
        } else {
            "new member"
        };
        out.push(d.change(
            Subject::Member,
            ChangeKind::Added,
            format!("{q}.{name}"),
            detail.to_owned(),
            &m.source,
            None,
            Rule::VARIANT_ADDED,
            variant(name),
        ));
    }
}

// ----- operations -----

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
    op.templates.iter().map(|t| normalized(&t.template)).collect()
}

fn operations(s: &Sides<'_>, out: &mut Vec<Change>) {
    let v = s.new.version.as_str();
    let old: BTreeMap<&str, &Operation> =
        s.old.operations.iter().map(|o| (o.name.as_str(), o)).collect();
    let new: BTreeMap<&str, &Operation> =
        s.new.operations.iter().map(|o| (o.name.as_str(), o)).collect();
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
    for o in &removed {
        out.push(op_draft(v, o).change(
            Subject::Operation,
            ChangeKind::Removed,
            o.name.clone(),
            format!("operation removed ({} {})", o.method.as_str(), o.path),
            &o.source,
            None,
            Rule::ITEM_REMOVED,
            descriptor(s.old_names, o),
        ));
    }
    for n in &added {
        out.push(op_draft(v, n).change(
            Subject::Operation,
            ChangeKind::Added,
            n.name.clone(),
            format!("new operation ({} {})", n.method.as_str(), n.path),
            &n.source,
            None,
            Rule::ITEM_ADDED,
            descriptor(s.new_names, n),
        ));
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
        out.push(
            self.d
                .change(subject, kind, item, detail, src, old, rule, self.rust.clone()),
        );
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
    parameters(&cx, "query parameter", &o.query_parameters, &n.query_parameters, out);
    parameters(
        &cx,
        "function parameter",
        &o.function_parameters,
        &n.function_parameters,
        out,
    );
    path_parameters(&cx, o, n, out);
    request_body(&cx, o, n, out);
    response(&cx, o, n, out);
    permissions(&cx, &o.permissions, &n.permissions, out);
}

fn paths(cx: &OpCtx<'_>, o: &Operation, n: &Operation, out: &mut Vec<Change>) {
    let (op, np) = (op_paths(o), op_paths(n));
    let shown = |op: &Operation, norm: &str| -> String {
        let i = op_paths(op).iter().position(|p| p == norm).unwrap_or(0);
        op.templates
            .get(i)
            .map(|t| t.template.clone())
            .or_else(|| op.paths.get(i).cloned())
            .unwrap_or_else(|| norm.to_owned())
    };
    for p in op.iter().filter(|p| !np.contains(p)) {
        cx.push(
            out,
            Subject::Path,
            ChangeKind::Removed,
            &shown(o, p),
            "path removed: its constructor is gone".to_owned(),
            Rule::METHOD_REMOVED,
        );
    }
    for p in np.iter().filter(|p| !op.contains(p)) {
        cx.push(
            out,
            Subject::Path,
            ChangeKind::Added,
            &shown(n, p),
            "new path: a new constructor".to_owned(),
            Rule::METHOD_ADDED,
        );
    }
    if let (Some(a), Some(b)) = (op.first(), np.first()) {
        if a != b && np.contains(a) {
            cx.push(
                out,
                Subject::Path,
                ChangeKind::Changed,
                "",
                format!(
                    "the first path is now `{}` (was `{}`): `new` builds it",
                    shown(n, b),
                    shown(o, a)
                ),
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

/// Query or function parameters: required ones are constructor arguments, optional ones setters.
fn parameters(
    cx: &OpCtx<'_>,
    what: &str,
    old: &[Parameter],
    new: &[Parameter],
    out: &mut Vec<Change>,
) {
    let subject = if what.starts_with("query") {
        Subject::QueryParameter
    } else {
        Subject::FunctionParameter
    };
    let arg = |p: &Parameter| {
        let req = if p.required { "required" } else { "optional" };
        format!("{req} {}", type_shown(p.ty.as_str(), p.collection))
    };
    for p in old {
        let label = format!("{what} `{}`", p.name);
        match new.iter().find(|q| q.name == p.name) {
            None => cx.push(
                out,
                subject,
                ChangeKind::Removed,
                &label,
                format!("removed (was {})", arg(p)),
                Rule::METHOD_REMOVED,
            ),
            Some(q) if (&q.ty, q.collection, q.required) != (&p.ty, p.collection, p.required) => {
                cx.push(
                    out,
                    subject,
                    ChangeKind::Changed,
                    &label,
                    format!("{} → {}", arg(p), arg(q)),
                    Rule::METHOD_SIGNATURE,
                )
            }
            Some(_) => {}
        }
    }
    for q in new.iter().filter(|q| !old.iter().any(|p| p.name == q.name)) {
        let rule = if q.required {
            Rule::METHOD_SIGNATURE
        } else {
            Rule::METHOD_ADDED
        };
        cx.push(
            out,
            subject,
            ChangeKind::Added,
            &format!("{what} `{}`", q.name),
            format!("new, {}", arg(q)),
            rule,
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
        ) => body_parameters(cx, a, b, out),
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

/// The fields of a body struct (all optional: `Nullable`).
fn body_parameters(cx: &OpCtx<'_>, old: &[Parameter], new: &[Parameter], out: &mut Vec<Change>) {
    for p in old {
        let label = format!("body parameter `{}`", p.name);
        match new.iter().find(|q| q.name == p.name) {
            None => cx.push(
                out,
                Subject::BodyParameter,
                ChangeKind::Removed,
                &label,
                format!("removed (was {})", type_shown(p.ty.as_str(), p.collection)),
                Rule::FIELD_REMOVED,
            ),
            Some(q) if (&q.ty, q.collection) != (&p.ty, p.collection) => cx.push(
                out,
                Subject::BodyParameter,
                ChangeKind::Changed,
                &label,
                format!(
                    "{} → {}",
                    type_shown(p.ty.as_str(), p.collection),
                    type_shown(q.ty.as_str(), q.collection)
                ),
                Rule::FIELD_TYPE_CHANGED,
            ),
            Some(_) => {}
        }
    }
    for q in new.iter().filter(|q| !old.iter().any(|p| p.name == q.name)) {
        cx.push(
            out,
            Subject::BodyParameter,
            ChangeKind::Added,
            &format!("body parameter `{}`", q.name),
            format!("new: {}", type_shown(q.ty.as_str(), q.collection)),
            Rule::FIELD_ADDED,
        );
    }
}

fn response(cx: &OpCtx<'_>, o: &Operation, n: &Operation, out: &mut Vec<Change>) {
    let (a, b) = (o.response_body(), n.response_body());
    if a != b {
        let show = |t: &Option<crate::model::TypeUse>| {
            t.as_ref()
                .map_or("no body".to_owned(), |t| type_shown(t.ty.as_str(), t.collection))
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
    let kinds: [(&str, &Vec<Vec<String>>, &Vec<Vec<String>>); 3] = [
        ("delegated (work or school account)", &o.delegated_work, &n.delegated_work),
        ("delegated (personal Microsoft account)", &o.delegated_personal, &n.delegated_personal),
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
    let cx = OpCtx {
        d: Draft {
            version: cx.d.version,
            namespace: cx.d.namespace,
            area: cx.d.area,
        },
        name: cx.name,
        src: perm_src,
        old_src,
        rust: cx.rust.clone(),
    };
    for (kind, a, b) in kinds {
        let set = |x: &Vec<Vec<String>>| -> BTreeSet<String> { x.iter().flatten().cloned().collect() };
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

/// The highest level of a list of changes.
#[allow(dead_code)]
pub(crate) fn max_level(changes: &[Change]) -> Level {
    changes.iter().map(|c| c.level).max().unwrap_or(Level::None)
}

#[cfg(test)]
mod tests {
    use super::normalized;

    #[test]
    fn paths_compare_without_placeholder_names_or_function_arguments() {
        assert_eq!(normalized("/users/{user-id}/messages"), "/users/{}/messages");
        assert_eq!(normalized("/users/{id | userPrincipalName}"), "/users/{}");
        assert_eq!(
            normalized("/reports/getReport(start={start},end={end})/content"),
            "/reports/getReport()/content"
        );
        assert_eq!(
            normalized("/drive/items/{item-id}/workbook/worksheets({worksheet-id})"),
            "/drive/items/{}/workbook/worksheets({})"
        );
        assert_eq!(normalized("/a(b"), "/a(b");
    }
}
