//! Types and their properties.

use super::{area_change, item_path, renames, shown, Draft, Sides};
use crate::diff::rules::Rule;
use crate::diff::{Change, ChangeKind, Subject};
use crate::emit::RustNames;
use crate::model::{Model, Property, TypeDef};
use std::collections::BTreeMap;

pub(super) fn types(s: &Sides<'_>, out: &mut Vec<Change>) {
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
    area_change(
        &d,
        Subject::Type,
        &q,
        (&o.area, &n.area),
        (&o.source, &n.source),
        item_path(s.new_names, v, &q),
        out,
    );
    if o.base != n.base {
        let show =
            |b: &Option<String>| b.as_deref().map_or("none".to_owned(), |b| format!("`{b}`"));
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
