//! Types and their properties.

use super::{added_removed_renamed, area_change, item_path, shown, Draft, Sides};
use crate::diff::rules::Rule;
use crate::diff::{Change, ChangeKind, Subject};
use crate::emit::RustNames;
use crate::model::{Property, TypeDef};
use std::collections::BTreeMap;

pub(super) fn types(s: &Sides<'_>, out: &mut Vec<Change>) {
    let pairs = added_removed_renamed(s, Subject::Type, (&s.old.types, &s.new.types), out);
    for (o, n) in pairs {
        type_changes(s, o, n, out);
    }
}

/// The structs that carry a type's properties: its own and every derived type's (they are
/// flattened into each).
fn carriers(
    names: &RustNames,
    version: &str,
    descendants: &BTreeMap<String, Vec<String>>,
    q: &str,
) -> Vec<String> {
    std::iter::once(q)
        .chain(descendants.get(q).into_iter().flatten().map(String::as_str))
        .flat_map(|q| item_path(names, version, q))
        .collect()
}

fn type_changes(s: &Sides<'_>, o: &TypeDef, n: &TypeDef, out: &mut Vec<Change>) {
    let v = s.new.version.as_str();
    let q = n.qualified();
    let d = Draft::of(v, n);
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
            carriers(s.new_names, v, s.new_descendants, &q),
        ));
    }
    let old: BTreeMap<&str, &Property> =
        o.properties.iter().map(|p| (p.name.as_str(), p)).collect();
    let new: BTreeMap<&str, &Property> =
        n.properties.iter().map(|p| (p.name.as_str(), p)).collect();
    let field = |names: &RustNames, descendants, p: &str| -> Vec<String> {
        let f = crate::emit::naming::field_ident(p);
        carriers(names, v, descendants, &q)
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
                field(s.old_names, s.old_descendants, name),
            )),
            Some(np) if (&np.ty, np.collection) != (&p.ty, p.collection) => out.push(d.change(
                Subject::Property,
                ChangeKind::Changed,
                item,
                format!("type {} → {}", shown(p), shown(np)),
                &np.source,
                Some(&p.source),
                Rule::FIELD_TYPE_CHANGED,
                field(s.new_names, s.new_descendants, name),
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
            field(s.new_names, s.new_descendants, name),
        ));
    }
}
