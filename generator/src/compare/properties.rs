//! Comparing the flattened properties (inherited ones included) of every matched type: recall,
//! precision and type agreement, and where each disagreement is reported.

use super::csdl::{resolve_alias, strip_collection, Csdl, CsdlProperty};
use super::disagreements::Sink;
use super::flatten::{flatten, Flat};
use super::lookup::other_casing;
use super::report::{Disagreement, Kind};
use super::types::TypeIndex;
use crate::model::{Model, Property};
use std::collections::HashMap;

/// The comparison key of a type reference: lower case, `microsoft.graph.Json` as `Edm.Untyped`.
fn type_key(ty: &str) -> String {
    let l = ty.to_lowercase();
    if l == "microsoft.graph.json" {
        "edm.untyped".to_owned()
    } else {
        l
    }
}

/// A type as reported: `X` or `Collection(X)`.
fn show(ty: &str, collection: bool) -> String {
    if collection {
        format!("Collection({ty})")
    } else {
        ty.to_owned()
    }
}

/// A model property's type, normalized like the metadata's (alias and `Collection(…)` removed).
fn model_type(p: &Property, aliases: &HashMap<String, String>) -> (String, bool) {
    let (inner, wrapped) = strip_collection(p.ty.as_str());
    (resolve_alias(inner, aliases), p.collection || wrapped)
}

/// Whether the type `ty` (a collection or not) is the metadata property `mp`'s type.
fn same_type(ty: &str, collection: bool, mp: &CsdlProperty) -> bool {
    type_key(ty) == type_key(&mp.ty) && collection == mp.collection
}

/// The property counts behind the figures.
#[derive(Default)]
pub(crate) struct PropertyCounts {
    /// Flattened metadata properties of matched types.
    pub(crate) meta_props: usize,
    /// Of those, the ones the model has (exact name).
    pub(crate) recall_found: usize,
    /// Metadata properties missing by exact name that the model has in another casing.
    pub(crate) case_only: usize,
    /// Flattened model properties of matched types.
    pub(crate) model_props: usize,
    /// Of those, the ones the metadata has (exact name).
    pub(crate) precision_found: usize,
    /// Properties both have, typed the same.
    pub(crate) agree: usize,
    /// Type disagreements in collection-ness only.
    pub(crate) collection_only: usize,
}

/// Both sides' flattened properties of one matched type: metadata, then model.
type FlatPair<'a> = (Flat<'a, CsdlProperty>, Flat<'a, Property>);

/// Compares the flattened properties of every matched type (`matched`: metadata index → model
/// index), reporting each disagreement once, at the type it comes from.
pub(crate) fn compare_properties(
    model: &Model,
    csdl: &Csdl,
    index: &TypeIndex,
    matched: &[Option<usize>],
    sink: &mut Sink,
) -> PropertyCounts {
    let flats: Vec<Option<FlatPair>> = matched
        .iter()
        .enumerate()
        .map(|(i, m)| {
            m.map(|m| {
                (
                    flatten(&csdl.types, &index.meta_by_name, i),
                    flatten(&model.types, &index.model_any, m),
                )
            })
        })
        .collect();
    let model_to_meta: HashMap<usize, usize> = matched
        .iter()
        .enumerate()
        .filter_map(|(i, m)| m.map(|m| (m, i)))
        .collect();
    let mut step = PropertyStep {
        model,
        csdl,
        matched,
        flats: &flats,
        model_to_meta: &model_to_meta,
        sink,
        counts: PropertyCounts::default(),
    };
    for (i, flat) in flats.iter().enumerate() {
        let Some((mf, df)) = flat else {
            continue;
        };
        for &(decl, mp) in &mf.entries {
            step.metadata_property(i, decl, mp, df);
        }
        for &(mdecl, dp) in &df.entries {
            step.model_property(i, mdecl, dp, mf);
        }
    }
    step.counts
}

/// The state of the property comparison.
struct PropertyStep<'a, 's> {
    model: &'a Model,
    csdl: &'a Csdl,
    /// metadata index → model index, for matched types.
    matched: &'a [Option<usize>],
    /// Per metadata type, both sides' flattened properties when the type is matched.
    flats: &'a [Option<FlatPair<'a>>],
    /// model index → metadata index, for matched types.
    model_to_meta: &'a HashMap<usize, usize>,
    sink: &'s mut Sink,
    counts: PropertyCounts,
}

impl PropertyStep<'_, '_> {
    /// The qualified name of metadata type `j`.
    fn target_of(&self, j: usize) -> String {
        self.csdl.types[j].qualified()
    }

    /// `candidate` (a metadata type index) when it is matched and `holds` accepts its flattened
    /// properties, else `fallback`: where a disagreement is reported.
    fn report_at(
        &self,
        candidate: Option<usize>,
        fallback: usize,
        holds: impl Fn(&FlatPair) -> bool,
    ) -> usize {
        candidate
            .filter(|&j| {
                self.flats
                    .get(j)
                    .and_then(Option::as_ref)
                    .is_some_and(&holds)
            })
            .unwrap_or(fallback)
    }

    /// Looks up the metadata property `mp` (declared by metadata type `decl`) of matched type
    /// `i` in the model's flattened properties `df`.
    fn metadata_property(&mut self, i: usize, decl: usize, mp: &CsdlProperty, df: &Flat<Property>) {
        self.counts.meta_props += 1;
        match df.get(&mp.name) {
            Some((mdecl, dp)) => {
                self.counts.recall_found += 1;
                self.compare_type(i, mp, mdecl, dp);
            }
            None => self.missing_property(i, decl, mp, df),
        }
    }

    /// Compares the types of the metadata property `mp` and the model property `dp` (declared by
    /// model type `mdecl`) of matched type `i`.
    fn compare_type(&mut self, i: usize, mp: &CsdlProperty, mdecl: usize, dp: &Property) {
        let (ty, coll) = model_type(dp, &self.csdl.aliases);
        if same_type(&ty, coll, mp) {
            self.counts.agree += 1;
            return;
        }
        if type_key(&ty) == type_key(&mp.ty) {
            self.counts.collection_only += 1;
        }
        // Reported at the model type whose row it is, when that type's own
        // comparison shows the same disagreement.
        let at = self.report_at(self.model_to_meta.get(&mdecl).copied(), i, |(f, _)| {
            f.get(&mp.name)
                .is_some_and(|(_, p)| same_type(&p.ty, p.collection, mp))
        });
        let d = Disagreement {
            kind: Kind::TypeMismatch,
            target: self.target_of(at),
            name: Some(mp.name.clone()),
            docs: Some(show(&ty, coll)),
            metadata: Some(show(&mp.ty, mp.collection)),
            source: Some(dp.source.to_string()),
            affected: 1,
        };
        self.sink.push(d);
    }

    /// Reports the metadata property `mp` (declared by metadata type `decl`) that matched type
    /// `i`'s flattened model properties `df` lack.
    fn missing_property(&mut self, i: usize, decl: usize, mp: &CsdlProperty, df: &Flat<Property>) {
        let variant = other_casing(&mp.name, df.entries.iter().map(|(_, p)| p.name.as_str()));
        self.counts.case_only += usize::from(variant.is_some());
        // Reported at the metadata type declaring it, when the model lacks it there
        // too.
        let at = self.report_at(Some(decl), i, |(_, f)| f.get(&mp.name).is_none());
        let source = self.matched[at].map(|mi| self.model.types[mi].source.to_string());
        let d = Disagreement {
            kind: Kind::MissingProperty,
            target: self.target_of(at),
            name: Some(mp.name.clone()),
            docs: variant,
            metadata: Some(show(&mp.ty, mp.collection)),
            source,
            affected: 1,
        };
        self.sink.push(d);
    }

    /// Looks up the model property `dp` (declared by model type `mdecl`) of matched type `i` in
    /// the metadata's flattened properties `mf`, reporting it when they lack it.
    fn model_property(&mut self, i: usize, mdecl: usize, dp: &Property, mf: &Flat<CsdlProperty>) {
        self.counts.model_props += 1;
        if mf.get(&dp.name).is_some() {
            self.counts.precision_found += 1;
            return;
        }
        let at = self.report_at(self.model_to_meta.get(&mdecl).copied(), i, |(f, _)| {
            f.get(&dp.name).is_none()
        });
        let (ty, coll) = model_type(dp, &self.csdl.aliases);
        let d = Disagreement {
            kind: Kind::ExtraProperty,
            target: self.target_of(at),
            name: Some(dp.name.clone()),
            docs: Some(show(&ty, coll)),
            metadata: None,
            source: Some(dp.source.to_string()),
            affected: 1,
        };
        self.sink.push(d);
    }
}
