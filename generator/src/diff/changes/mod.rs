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
use crate::model::{Model, Property, SourceLoc};
use std::collections::{BTreeMap, BTreeSet};

/// The two sides of one version, with what the crate calls their items.
pub(crate) struct Sides<'a> {
    pub old: &'a Model,
    pub new: &'a Model,
    pub old_names: &'a RustNames,
    pub new_names: &'a RustNames,
}

/// Builds one change; the caller fills in the fields that vary.
pub(super) struct Draft<'a> {
    pub version: &'a str,
    pub namespace: &'a str,
    pub area: Option<&'a String>,
}

impl Draft<'_> {
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
