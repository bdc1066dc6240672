//! Cargo features per product area: which items of a version are compiled under which features.
//!
//! Every type, enum and operation of a page with a product area (`ms.subservice`, or `ms.prod`
//! on older pages) belongs to that area's feature. Shared types (pages that name no area, or
//! `non-product-specific`) have no feature of their own: they are compiled whenever an enabled
//! area needs them, through a property, a request or a response, transitively; a shared item no
//! area needs (and an operation without an area) belongs to `common`. `full` enables every area
//! and `common`.
//!
//! A reference from an item to an item that is not always compiled with it carries the other
//! item's condition: a property (or a body parameter, or a variant of an `Any…` enum) whose type
//! is compiled out is compiled out too, and its JSON lands in `additional_properties`, so a round
//! trip loses nothing; an operation whose path, response or body type is compiled out is
//! compiled out.

use super::naming::Namer;
use crate::model::{Model, Operation, RequestBody};
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// The feature of items no area claims or needs.
pub(crate) const COMMON: &str = "common";
/// The feature that enables everything.
pub(crate) const FULL: &str = "full";

/// Areas whose pages describe shared types rather than a product.
const SHARED_AREAS: [&str; 1] = ["non-product-specific"];

/// Area (as the model has it) → Cargo feature name, for every version of a crate.
#[derive(Debug, Clone, Default)]
pub(crate) struct AreaFeatures {
    names: BTreeMap<String, String>,
}

impl AreaFeatures {
    /// Names the features of every area of `models`, avoiding the names in `reserved` (the
    /// crate's other features).
    pub(crate) fn new(models: &[Model], reserved: &[&str]) -> AreaFeatures {
        let mut areas = BTreeSet::new();
        for m in models {
            let all = m
                .types
                .iter()
                .map(|t| &t.area)
                .chain(m.enums.iter().map(|e| &e.area))
                .chain(m.operations.iter().map(|o| &o.area));
            areas.extend(all.flatten().filter(|a| !is_shared(a)).cloned());
        }
        let mut namer = Namer::default();
        for r in reserved.iter().chain([&COMMON, &FULL]) {
            namer.reserve(r);
        }
        let names = areas
            .into_iter()
            .map(|a| {
                let wanted = feature_name(&a);
                let name = if namer.is_taken(&wanted) {
                    namer.unique(format!("area-{wanted}"))
                } else {
                    namer.unique(wanted)
                };
                (a, name)
            })
            .collect();
        AreaFeatures { names }
    }

    /// The feature of `area`; `None` for shared types (no area, or a shared one).
    pub(crate) fn of(&self, area: Option<&str>) -> Option<&str> {
        self.names.get(area?).map(String::as_str)
    }

    /// (area, feature) pairs, sorted by area.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.names.iter().map(|(a, f)| (a.as_str(), f.as_str()))
    }
}

fn is_shared(area: &str) -> bool {
    SHARED_AREAS.contains(&area)
}

/// `identity-and-sign-in` stays; anything but ASCII letters, digits and `-` becomes `-`.
fn feature_name(area: &str) -> String {
    let s: String = area
        .to_ascii_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    let s = s.trim_matches('-').to_owned();
    if s.is_empty() {
        "area".to_owned()
    } else {
        s
    }
}

/// The features any one of which compiles an item (empty: always compiled).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Need(BTreeSet<String>);

impl Need {
    fn one(f: &str) -> Need {
        Need(BTreeSet::from([f.to_owned()]))
    }

    /// Whenever `self` holds, `other` holds.
    fn implies(&self, other: &Need) -> bool {
        other.0.is_empty() || (!self.0.is_empty() && self.0.is_subset(&other.0))
    }

    /// The `cfg` predicate, or `None` for always.
    fn predicate(&self) -> Option<TokenStream> {
        let fs: Vec<&String> = self.0.iter().collect();
        match fs.as_slice() {
            [] => None,
            [f] => Some(quote! { feature = #f }),
            _ => Some(quote! { any(#(feature = #fs),*) }),
        }
    }
}

/// Which features compile which items of one version.
#[derive(Debug, Default)]
pub(crate) struct ItemFeatures {
    /// Qualified type or enum name → its need.
    items: HashMap<String, Need>,
    /// Operation name → its own need (before the types it needs).
    ops: HashMap<String, Need>,
}

/// The type references of an operation: those it cannot do without (path, query and function
/// parameters, a body or response type) and the body parameters (each can be compiled out).
fn op_refs(op: &Operation) -> (Vec<&str>, Vec<&str>) {
    let mut hard: Vec<&str> = op
        .path_parameters
        .iter()
        .chain(&op.query_parameters)
        .chain(&op.function_parameters)
        .map(|p| p.ty.as_str())
        .chain(
            op.templates
                .iter()
                .flat_map(|t| &t.parameters)
                .map(|p| p.ty.as_str()),
        )
        .collect();
    let mut soft = Vec::new();
    match &op.request {
        Some(RequestBody::Type { ty, .. }) => hard.push(ty.as_str()),
        Some(RequestBody::Parameters { parameters }) => {
            soft.extend(parameters.iter().map(|p| p.ty.as_str()))
        }
        Some(RequestBody::Reference) | None => {}
    }
    if let Some(r) = op.response.as_ref().and_then(|r| r.ty.as_ref()) {
        hard.push(r.as_str());
    }
    (hard, soft)
}

impl ItemFeatures {
    /// Assigns each item of `model` its need. `properties` gives the type names a struct's
    /// fields refer to (inherited ones included).
    pub(crate) fn new<'m>(
        model: &'m Model,
        areas: &AreaFeatures,
        properties: impl Fn(&str) -> Vec<&'m str>,
    ) -> ItemFeatures {
        let mut items: HashMap<String, Need> = HashMap::new();
        let mut shared = BTreeSet::new();
        let named = model
            .types
            .iter()
            .map(|t| (t.qualified(), t.area.as_deref()))
            .chain(
                model
                    .enums
                    .iter()
                    .map(|e| (e.qualified(), e.area.as_deref())),
            );
        for (q, area) in named {
            match areas.of(area) {
                Some(f) => {
                    items.insert(q, Need::one(f));
                }
                None => {
                    items.insert(q.clone(), Need::default());
                    shared.insert(q);
                }
            }
        }
        let ops: HashMap<String, Need> = model
            .operations
            .iter()
            .map(|o| {
                let f = areas.of(o.area.as_deref()).unwrap_or(COMMON);
                (o.name.clone(), Need::one(f))
            })
            .collect();
        // Edges into shared items: (from, to), `from` being an item or an operation.
        let mut edges: Vec<(Source, String)> = Vec::new();
        for t in &model.types {
            let q = t.qualified();
            for ty in properties(&q) {
                if shared.contains(ty) {
                    edges.push((Source::Item(q.clone()), ty.to_owned()));
                }
            }
        }
        for o in &model.operations {
            let (hard, soft) = op_refs(o);
            for ty in hard.into_iter().chain(soft) {
                if shared.contains(ty) {
                    edges.push((Source::Op(o.name.clone()), ty.to_owned()));
                }
            }
        }
        // A shared item is needed by whatever needs anything that refers to it: a fixpoint over
        // the edges (each round adds features, which are few).
        loop {
            let mut changed = false;
            for (from, to) in &edges {
                let add = match from {
                    Source::Item(q) => items.get(q).cloned().unwrap_or_default(),
                    Source::Op(n) => ops.get(n).cloned().unwrap_or_default(),
                };
                if let Some(need) = items.get_mut(to) {
                    for f in add.0 {
                        changed |= need.0.insert(f);
                    }
                }
            }
            if !changed {
                break;
            }
        }
        for q in &shared {
            if let Some(need) = items.get_mut(q) {
                if need.0.is_empty() {
                    need.0.insert(COMMON.to_owned());
                }
            }
        }
        ItemFeatures { items, ops }
    }

    fn need(&self, q: &str) -> Option<&Need> {
        self.items.get(q)
    }

    /// The `#[cfg]` of a type or enum (and its `Any…` enum), if any.
    pub(crate) fn item_cfg(&self, q: &str) -> Option<TokenStream> {
        let p = self.need(q)?.predicate()?;
        Some(quote! { #[cfg(#p)] })
    }

    /// The `#[cfg]` of a reference from item `owner` (a type, or an operation when `op`) to
    /// item `ty`, when `ty` is not always compiled with its owner.
    pub(crate) fn reference_cfg(&self, owner: &str, op: bool, ty: &str) -> Option<TokenStream> {
        let target = self.need(ty)?;
        let from = if op {
            self.ops.get(owner)
        } else {
            self.need(owner)
        }?;
        if from.implies(target) {
            return None;
        }
        let p = target.predicate()?;
        Some(quote! { #[cfg(#p)] })
    }

    /// The `#[cfg]` of an operation: its area, and every type it cannot do without.
    pub(crate) fn op_cfg(&self, op: &Operation) -> Option<TokenStream> {
        let own = self.ops.get(&op.name)?;
        let mut preds: Vec<TokenStream> = own.predicate().into_iter().collect();
        let (hard, _) = op_refs(op);
        let mut seen = BTreeSet::new();
        for ty in hard {
            let Some(target) = self.need(ty) else {
                continue;
            };
            if own.implies(target) || !seen.insert(ty) {
                continue;
            }
            preds.extend(target.predicate());
        }
        match preds.as_slice() {
            [] => None,
            [p] => Some(quote! { #[cfg(#p)] }),
            _ => Some(quote! { #[cfg(all(#(#preds),*))] }),
        }
    }
}

enum Source {
    Item(String),
    Op(String),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feature_names_are_cargo_names() {
        assert_eq!(feature_name("identity-and-sign-in"), "identity-and-sign-in");
        assert_eq!(feature_name("Microsoft Teams"), "microsoft-teams");
        assert_eq!(feature_name("--"), "area");
    }

    #[test]
    fn implies_is_subset_and_empty_is_always() {
        let a = Need::one("a");
        let ab = Need(BTreeSet::from(["a".to_owned(), "b".to_owned()]));
        assert!(a.implies(&ab));
        assert!(!ab.implies(&a));
        assert!(a.implies(&Need::default()));
        assert!(!Need::default().implies(&a));
    }
}
