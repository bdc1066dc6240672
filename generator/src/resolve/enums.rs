//! Enum members: members listed by descriptions, checked against (or merged into) the enums they
//! name, and the members a description calls evolvable.

use super::Resolver;
use crate::diag::DiagKind;
use crate::model::{EnumMember, EnumOrigin, SourceLoc};

/// The member after which an enum's members are evolvable.
const SENTINEL: &str = "unknownFutureValue";

/// Marks the members after [`SENTINEL`] evolvable (the sentinel itself is not), the others not.
pub(crate) fn mark_evolvable(members: &mut [EnumMember]) {
    let mut after_sentinel = false;
    for m in members {
        m.evolvable = after_sentinel;
        if m.name == SENTINEL {
            after_sentinel = true;
        }
    }
}

/// The members a description lists as possible values, in its order.
pub(crate) fn members_from(values: &[String], source: &SourceLoc) -> Vec<EnumMember> {
    let mut members: Vec<EnumMember> = values
        .iter()
        .map(|v| EnumMember {
            name: v.clone(),
            value: None,
            evolvable: false,
            description: String::new(),
            source: source.clone(),
        })
        .collect();
    mark_evolvable(&mut members);
    members
}

/// The members with the evolvable ones after the sentinel, each group in the order it had.
fn evolvable_last(members: Vec<EnumMember>) -> Vec<EnumMember> {
    let (evolvable, mut members): (Vec<EnumMember>, Vec<EnumMember>) =
        members.into_iter().partition(|m| m.evolvable);
    let at = members
        .iter()
        .position(|m| m.name == SENTINEL)
        .map_or(members.len(), |i| i + 1);
    members.splice(at..at, evolvable);
    members
}

impl Resolver<'_> {
    /// A description of a property typed as enum `q` lists `values`: an enum inferred from
    /// descriptions gains those it lacks; for an enum a page defines, those it lacks are
    /// reported.
    pub(crate) fn check_enum_values(&mut self, q: &str, values: &[String], path: &str, line: u32) {
        let source = SourceLoc::new(path, line);
        let Some(e) = self.enums.get_mut(q) else {
            return;
        };
        if e.origin == EnumOrigin::Description {
            // Another property describing the same inferred enum: merge its values.
            for v in values {
                if !e.members.iter().any(|m| &m.name == v) {
                    let evolvable = e.members.iter().any(|m| m.name == SENTINEL);
                    e.members.push(EnumMember {
                        name: v.clone(),
                        value: None,
                        evolvable,
                        description: String::new(),
                        source: source.clone(),
                    });
                }
            }
            return;
        }
        let missing: Vec<&String> = values
            .iter()
            .filter(|v| !e.members.iter().any(|m| &m.name == *v))
            .collect();
        if !missing.is_empty() && e.origin == EnumOrigin::Page {
            let list = missing
                .iter()
                .map(|s| format!("`{s}`"))
                .collect::<Vec<_>>()
                .join(", ");
            self.diags.warn(
                path,
                line,
                DiagKind::EnumMismatch,
                format!(
                    "the description lists {list}, which enum `{q}` (defined at {}) does not have",
                    e.source
                ),
            );
        }
    }

    /// A description names `names` as the evolvable members of enum `q` ("… get the following
    /// members in this evolvable enum: …"). That sentence is authoritative: the members become
    /// evolvable and move after `unknownFutureValue` (added, with the sentinel, when the table
    /// lacks them); every contradiction with the enum's table is reported.
    pub(crate) fn apply_evolvable(&mut self, q: &str, names: &[String], path: &str, line: u32) {
        let source = SourceLoc::new(path, line);
        let Some(e) = self.enums.get_mut(q) else {
            return;
        };
        let listed = e.origin != EnumOrigin::Placeholder;
        let mut notes: Vec<String> = Vec::new();
        let member = |name: &str, evolvable: bool| EnumMember {
            name: name.to_owned(),
            value: None,
            evolvable,
            description: String::new(),
            source: source.clone(),
        };
        if !e.members.iter().any(|m| m.name == SENTINEL) {
            if listed {
                notes.push(format!("its members lack `{SENTINEL}`, which was added"));
            }
            e.members.push(member(SENTINEL, false));
        }
        let (mut added, mut moved) = (Vec::new(), Vec::new());
        for n in names.iter().filter(|n| *n != SENTINEL) {
            match e.members.iter_mut().find(|m| &m.name == n) {
                Some(m) if !m.evolvable => {
                    m.evolvable = true;
                    moved.push(format!("`{n}` (at {})", m.source));
                }
                Some(_) => {}
                None => {
                    added.push(format!("`{n}`"));
                    e.members.push(member(n, true));
                }
            }
        }
        if !moved.is_empty() {
            notes.push(format!(
                "the table lists {} before `{SENTINEL}`; evolvable as the description says",
                moved.join(", ")
            ));
        }
        if !added.is_empty() && listed {
            notes.push(format!("the table lacks {}; added", added.join(", ")));
        }
        let unnamed: Vec<String> = e
            .members
            .iter()
            .filter(|m| m.evolvable && !names.contains(&m.name))
            .map(|m| format!("`{}`", m.name))
            .collect();
        if !unnamed.is_empty() {
            notes.push(format!(
                "{} after `{SENTINEL}` (evolvable) but not named here",
                unnamed.join(", ")
            ));
        }
        // Evolvable members stand after the sentinel, in the order they had.
        e.members = evolvable_last(std::mem::take(&mut e.members));
        if !notes.is_empty() {
            let defined = e.source.clone();
            self.diags.warn(
                path,
                line,
                DiagKind::EnumMismatch,
                format!(
                    "the description names {} as the evolvable members of `{q}` (defined at {defined}); {}",
                    names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", "),
                    notes.join("; ")
                ),
            );
        }
    }
}
