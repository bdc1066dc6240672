//! What changed in the API between two models of one version: types, properties, enums and
//! members, operations (paths, query options and parameters, bodies, responses) and
//! permissions, each with the `file:line` of the docs that say so, and what it means for the
//! generated crate ([`super::rules`]).

mod enums;
mod operations;
mod types;

use super::rules::Rule;
use super::{Change, ChangeKind, Subject};
use crate::emit::RustNames;
use crate::model::{EnumDef, Model, Property, SourceLoc, TypeDef, TypeKind};
use std::collections::{BTreeMap, BTreeSet};

/// The two sides of one version, with what the crate calls their items.
pub(crate) struct Sides<'a> {
    pub old: &'a Model,
    pub new: &'a Model,
    pub old_names: &'a RustNames,
    pub new_names: &'a RustNames,
    /// Each side's types' descendants ([`Model::descendants`]), computed once.
    pub old_descendants: &'a BTreeMap<String, Vec<String>>,
    pub new_descendants: &'a BTreeMap<String, Vec<String>>,
}

/// Builds one change; the caller fills in the fields that vary.
#[derive(Clone, Copy)]
pub(super) struct Draft<'a> {
    pub version: &'a str,
    pub namespace: &'a str,
    pub area: Option<&'a String>,
}

impl<'a> Draft<'a> {
    /// The draft of the changes of a type or enum of `version`.
    pub(super) fn of<T: Defined>(version: &'a str, t: &'a T) -> Draft<'a> {
        Draft {
            version,
            namespace: t.namespace(),
            area: t.area(),
        }
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn change(
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
    types::types(s, &mut out);
    enums::enums(s, &mut out);
    operations::operations(s, &mut out);
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
pub(super) fn item_path(names: &RustNames, version: &str, q: &str) -> Vec<String> {
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
pub(super) fn renames<'a, T>(
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

/// A page's product area changed: the item moves to another Cargo feature (users who enable
/// areas one by one must enable the new one).
pub(super) fn area_change(
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
pub(super) fn shown(p: &Property) -> String {
    type_shown(p.ty.as_str(), p.collection)
}

pub(super) fn type_shown(ty: &str, collection: bool) -> String {
    if collection {
        format!("`Collection({ty})`")
    } else {
        format!("`{ty}`")
    }
}

/// A type or an enum: what the additions, removals and renames of either need.
pub(super) trait Defined {
    fn qualified(&self) -> String;
    fn namespace(&self) -> &str;
    fn area(&self) -> Option<&String>;
    fn source(&self) -> &SourceLoc;
    /// The names a rename keeps: properties or members.
    fn kept(&self) -> BTreeSet<String>;
    /// `entity type`, `complex type`, `enum`.
    fn what(&self) -> &'static str;
    /// `properties` or `members`.
    const KEPT: &'static str;
}

/// The accessors both kinds of definition have alike.
macro_rules! defined_common {
    () => {
        fn qualified(&self) -> String {
            Self::qualified(self)
        }
        fn namespace(&self) -> &str {
            &self.namespace
        }
        fn area(&self) -> Option<&String> {
            self.area.as_ref()
        }
        fn source(&self) -> &SourceLoc {
            &self.source
        }
    };
}

impl Defined for TypeDef {
    defined_common!();
    fn kept(&self) -> BTreeSet<String> {
        self.properties.iter().map(|p| p.name.clone()).collect()
    }
    fn what(&self) -> &'static str {
        match self.kind {
            TypeKind::Entity => "entity type",
            TypeKind::Complex => "complex type",
        }
    }
    const KEPT: &'static str = "properties";
}

impl Defined for EnumDef {
    defined_common!();
    fn kept(&self) -> BTreeSet<String> {
        self.members.iter().map(|m| m.name.clone()).collect()
    }
    fn what(&self) -> &'static str {
        "enum"
    }
    const KEPT: &'static str = "members";
}

/// Reports the types (or enums) only one side has, as additions, removals and renames; returns
/// the pairs both sides have under one name, to compare.
pub(super) fn added_removed_renamed<'a, T: Defined>(
    s: &Sides<'_>,
    subject: Subject,
    (old, new): (&'a [T], &'a [T]),
    out: &mut Vec<Change>,
) -> Vec<(&'a T, &'a T)> {
    let v = s.new.version.as_str();
    let old: BTreeMap<String, &T> = old.iter().map(|t| (t.qualified(), t)).collect();
    let new: BTreeMap<String, &T> = new.iter().map(|t| (t.qualified(), t)).collect();
    let removed: Vec<&T> = old
        .iter()
        .filter(|(q, _)| !new.contains_key(*q))
        .map(|(_, t)| *t)
        .collect();
    let added: Vec<&T> = new
        .iter()
        .filter(|(q, _)| !old.contains_key(*q))
        .map(|(_, t)| *t)
        .collect();
    let renamed = renames(&removed, &added, |t| t.source().file.as_str(), T::kept);
    let draft = |t: &'a T| Draft::of(v, t);
    for (o, n) in &renamed {
        let mut rust = item_path(s.old_names, v, &o.qualified());
        rust.extend(item_path(s.new_names, v, &n.qualified()));
        out.push(draft(n).change(
            subject,
            ChangeKind::Renamed,
            n.qualified(),
            format!(
                "renamed from `{}` (same page, same {})",
                o.qualified(),
                T::KEPT
            ),
            n.source(),
            Some(o.source()),
            Rule::TYPE_RENAMED,
            rust,
        ));
    }
    let one_sided = [
        (
            removed,
            0,
            ChangeKind::Removed,
            Rule::ITEM_REMOVED,
            s.old_names,
        ),
        (added, 1, ChangeKind::Added, Rule::ITEM_ADDED, s.new_names),
    ];
    for (items, side, kind, rule, names) in one_sided {
        let is_renamed = |t: &T| {
            renamed
                .iter()
                .any(|pair| std::ptr::eq(if side == 0 { pair.0 } else { pair.1 }, t))
        };
        for t in items.into_iter().filter(|t| !is_renamed(t)) {
            let detail = match kind {
                ChangeKind::Removed => format!("{} removed", t.what()),
                _ => format!("new {}", t.what()),
            };
            let rust = item_path(names, v, &t.qualified());
            out.push(draft(t).change(
                subject,
                kind,
                t.qualified(),
                detail,
                t.source(),
                None,
                rule,
                rust,
            ));
        }
    }
    old.iter()
        .filter_map(|(q, o)| new.get(q).map(|n| (*o, *n)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::operations::normalized;

    #[test]
    fn paths_compare_without_placeholder_names_or_function_arguments() {
        assert_eq!(
            normalized("/users/{user-id}/messages"),
            "/users/{}/messages"
        );
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
