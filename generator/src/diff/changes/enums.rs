//! Enums and their members.

use super::{added_removed_renamed, area_change, item_path, Draft, Sides};
use crate::diff::rules::Rule;
use crate::diff::{Change, ChangeKind, Subject};
use crate::model::EnumDef;
use std::collections::BTreeMap;

pub(super) fn enums(s: &Sides<'_>, out: &mut Vec<Change>) {
    let pairs = added_removed_renamed(s, Subject::Enum, (&s.old.enums, &s.new.enums), out);
    for (o, n) in pairs {
        enum_changes(s, o, n, out);
    }
}

fn enum_changes(s: &Sides<'_>, o: &EnumDef, n: &EnumDef, out: &mut Vec<Change>) {
    let v = s.new.version.as_str();
    let q = n.qualified();
    let d = Draft::of(v, n);
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
