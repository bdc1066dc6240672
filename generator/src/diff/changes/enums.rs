//! Enums and their members.

use super::{area_change, item_path, renames, Draft, Sides};
use crate::diff::rules::Rule;
use crate::diff::{Change, ChangeKind, Subject};
use crate::model::EnumDef;
use std::collections::BTreeMap;

pub(super) fn enums(s: &Sides<'_>, out: &mut Vec<Change>) {
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
    area_change(
        &d,
        Subject::Enum,
        &q,
        (&o.area, &n.area),
        (&o.source, &n.source),
        rust.clone(),
        out,
    );
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
