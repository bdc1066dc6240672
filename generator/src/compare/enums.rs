//! Comparing the metadata's enums with the model's: recall, member agreement and evolvable
//! members (those after `unknownFutureValue`).

use super::csdl::{Csdl, CsdlEnum};
use super::disagreements::Sink;
use super::lookup::{first_by_simple_name, index_by_name, other_casing};
use super::report::{Disagreement, Kind};
use crate::model::{EnumDef, EnumOrigin, Model};
use std::collections::HashMap;
use std::fmt::Display;

/// The enum counts behind the figures.
#[derive(Default)]
pub(crate) struct EnumCounts {
    /// Metadata enums found in the model (not as placeholders).
    pub(crate) found: usize,
    /// Found enums with the same set of member names.
    pub(crate) identical: usize,
    /// Found enums whose metadata has `unknownFutureValue`.
    pub(crate) evolvable_total: usize,
    /// Of those, the ones whose evolvable members are the metadata's.
    pub(crate) evolvable_agree: usize,
    /// Over found enums: members in both.
    pub(crate) members_both: usize,
    /// Over found enums: metadata members.
    pub(crate) members_meta: usize,
    /// Over found enums: model members.
    pub(crate) members_model: usize,
    /// Per found enum: members in both / members in either.
    pub(crate) per_enum: Vec<f64>,
}

/// Compares every metadata enum with the model's enum of that name, reporting missing enums and
/// each member-level disagreement.
pub(crate) fn compare_enums(model: &Model, csdl: &Csdl, sink: &mut Sink) -> EnumCounts {
    let documented = |e: &EnumDef| e.origin != EnumOrigin::Placeholder;
    let enum_any = index_by_name(&model.enums, |e| e.qualified(), documented);
    let enum_by_simple = first_by_simple_name(&model.enums, |e| &e.name, documented);
    let mut counts = EnumCounts::default();
    for e in &csdl.enums {
        let q = e.qualified();
        let found = enum_any
            .get(&q.to_lowercase())
            .copied()
            .filter(|&j| documented(&model.enums[j]));
        let Some(j) = found else {
            sink.push(missing_enum(model, &enum_any, &enum_by_simple, e, q));
            continue;
        };
        counts.found += 1;
        MatchedEnum::new(e, &model.enums[j], q).compare(&mut counts, sink);
    }
    counts
}

/// The disagreement for the metadata enum `e` (qualified name `q`) the model does not have with
/// members, with a hint of what the model has instead.
fn missing_enum(
    model: &Model,
    enum_any: &HashMap<String, usize>,
    enum_by_simple: &HashMap<String, usize>,
    e: &CsdlEnum,
    q: String,
) -> Disagreement {
    let (docs, source) = match enum_any.get(&q.to_lowercase()) {
        Some(&j) => (
            Some("placeholder (no members documented)".to_owned()),
            Some(model.enums[j].source.to_string()),
        ),
        None => match enum_by_simple.get(&e.name.to_lowercase()) {
            Some(&j) => (
                Some(format!("enum {}", model.enums[j].qualified())),
                Some(model.enums[j].source.to_string()),
            ),
            None => (None, None),
        },
    };
    Disagreement {
        kind: Kind::MissingEnum,
        target: q,
        name: None,
        docs,
        metadata: Some(format!("{} members", e.members.len())),
        source,
        affected: 1,
    }
}

/// The distinct names of `names`, in first-seen order.
fn distinct<'a>(names: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    let mut out: Vec<&str> = Vec::new();
    for n in names {
        if !out.contains(&n) {
            out.push(n);
        }
    }
    out
}

/// `value V`, for a member's value where there is one.
fn value_hint(value: Option<impl Display>) -> Option<String> {
    value.map(|v| format!("value {v}"))
}

/// A metadata enum and the model's enum of that name.
struct MatchedEnum<'a> {
    /// The metadata's enum.
    meta: &'a CsdlEnum,
    /// The model's enum.
    docs: &'a EnumDef,
    /// The qualified name, metadata spelling.
    target: String,
    /// The metadata's distinct member names.
    meta_names: Vec<&'a str>,
    /// The model's distinct member names.
    docs_names: Vec<&'a str>,
}

impl<'a> MatchedEnum<'a> {
    /// `meta` and `docs`, named `target`.
    fn new(meta: &'a CsdlEnum, docs: &'a EnumDef, target: String) -> MatchedEnum<'a> {
        MatchedEnum {
            meta,
            docs,
            target,
            meta_names: distinct(meta.members.iter().map(|(n, _)| n.as_str())),
            docs_names: distinct(docs.members.iter().map(|m| m.name.as_str())),
        }
    }

    /// Counts the members both have and reports the evolvable, missing and extra members.
    fn compare(&self, counts: &mut EnumCounts, sink: &mut Sink) {
        self.count_members(counts);
        self.compare_evolvable(counts, sink);
        self.missing_members(sink);
        self.extra_members(sink);
    }

    /// Adds the members in both, each side's members, the per-enum agreement and whether the
    /// member sets are identical.
    fn count_members(&self, counts: &mut EnumCounts) {
        let (meta_names, docs_names) = (&self.meta_names, &self.docs_names);
        let both = meta_names.iter().filter(|n| docs_names.contains(n)).count();
        counts.members_both += both;
        let union = meta_names.len() + docs_names.len() - both;
        counts.per_enum.push(if union == 0 {
            1.0
        } else {
            both as f64 / union as f64
        });
        counts.members_meta += meta_names.len();
        counts.members_model += docs_names.len();
        if both == meta_names.len() && both == docs_names.len() {
            counts.identical += 1;
        }
    }

    /// When the metadata has `unknownFutureValue`, compares the members after it with the
    /// model's evolvable members (over the members both have).
    fn compare_evolvable(&self, counts: &mut EnumCounts, sink: &mut Sink) {
        let members = &self.meta.members;
        let Some(pos) = members.iter().position(|(n, _)| n == "unknownFutureValue") else {
            return;
        };
        counts.evolvable_total += 1;
        let meta_evo: Vec<&str> = members[pos + 1..]
            .iter()
            .map(|(n, _)| n.as_str())
            .filter(|n| self.docs_names.contains(n))
            .collect();
        let docs_evo: Vec<&str> = self
            .docs
            .members
            .iter()
            .filter(|m| m.evolvable && self.meta_names.contains(&m.name.as_str()))
            .map(|m| m.name.as_str())
            .collect();
        if meta_evo == docs_evo {
            counts.evolvable_agree += 1;
            return;
        }
        sink.push(Disagreement {
            kind: Kind::EvolvableMismatch,
            target: self.target.clone(),
            name: None,
            docs: Some(format!("evolvable: {}", docs_evo.join(", "))),
            metadata: Some(format!("after unknownFutureValue: {}", meta_evo.join(", "))),
            source: Some(self.docs.source.to_string()),
            affected: 1,
        });
    }

    /// Reports the metadata members the model's enum lacks.
    fn missing_members(&self, sink: &mut Sink) {
        for (n, value) in &self.meta.members {
            if self.docs_names.contains(&n.as_str()) {
                continue;
            }
            sink.push(Disagreement {
                kind: Kind::MissingEnumMember,
                target: self.target.clone(),
                name: Some(n.clone()),
                docs: other_casing(n, self.docs_names.iter().copied()),
                metadata: value_hint(value.as_ref()),
                source: Some(self.docs.source.to_string()),
                affected: 1,
            });
        }
    }

    /// Reports the model's members the metadata's enum lacks.
    fn extra_members(&self, sink: &mut Sink) {
        for m in &self.docs.members {
            if self.meta_names.contains(&m.name.as_str()) {
                continue;
            }
            sink.push(Disagreement {
                kind: Kind::ExtraEnumMember,
                target: self.target.clone(),
                name: Some(m.name.clone()),
                docs: value_hint(m.value),
                metadata: None,
                source: Some(m.source.to_string()),
                affected: 1,
            });
        }
    }
}
