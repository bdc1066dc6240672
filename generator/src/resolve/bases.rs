//! Inheritance: base types resolved from the pages, cycles broken, entity-ness inherited (every
//! walk up a base-type chain is the model's [`base_chain`]).

use super::{Def, Resolver};
use crate::diag::DiagKind;
use crate::extract::ResourceFact;
#[cfg(test)]
use crate::model::MAX_BASE_HOPS;
use crate::model::{base_chain, TypeKind};

impl Resolver<'_> {
    /// The inheritance chain of type `q` as resolved so far (see [`base_chain`]).
    pub(crate) fn chain_of(&self, q: &str) -> Vec<String> {
        base_chain(q, |c| self.types.get(c).and_then(|t| t.base.as_deref()))
    }

    /// Resolves bases, then entity-ness through the chain; breaks cycles.
    pub(crate) fn resolve_bases(&mut self, resources: &[&ResourceFact]) {
        for r in resources {
            self.link_base(r);
        }
        let names: Vec<String> = self.types.keys().cloned().collect();
        self.break_cycles(&names);
        self.inherit_entities(&names);
    }

    /// Sets the base type of the type `r` defines to what its page names, reporting (and
    /// ignoring) an enum or the type itself and making a placeholder for a base no page defines.
    fn link_base(&mut self, r: &ResourceFact) {
        let q = format!("{}.{}", r.namespace, r.name);
        let Some(b) = &r.base else { return };
        let base = match self.lookup(b, &r.namespace) {
            Some(Def::Type(bq)) => bq,
            Some(Def::Enum(eq)) => {
                self.diags.warn(
                    &r.path,
                    r.line,
                    DiagKind::UnknownType,
                    format!("base type `{b}` is an enum (`{eq}`); ignored"),
                );
                return;
            }
            None => {
                let bq = Self::qualify(b, &r.namespace);
                self.diags.warn(
                    &r.path,
                    r.line,
                    DiagKind::UnknownType,
                    format!("no page defines base type `{bq}`; generated as an open type"),
                );
                self.placeholder_type(&bq, &r.path, r.line);
                bq
            }
        };
        if base == q {
            self.diags.error(
                &r.path,
                r.line,
                DiagKind::UnknownType,
                format!("`{q}` names itself as its base type; ignored"),
            );
            return;
        }
        if let Some(t) = self.types.get_mut(&q) {
            t.base = Some(base);
        }
    }

    /// Cycles: walks each chain; a revisit breaks the link at the type that closes it.
    fn break_cycles(&mut self, names: &[String]) {
        for q in names {
            let chain = self.chain_of(q);
            let Some(cur) = chain.last() else { continue };
            let Some(t) = self.types.get(cur) else {
                continue;
            };
            let Some(b) = t.base.as_ref().filter(|b| chain.contains(b)) else {
                continue;
            };
            self.diags.error(
                &t.source.file,
                t.source.line,
                DiagKind::UnknownType,
                format!("inheritance cycle through `{cur}` → `{b}`; base dropped"),
            );
            if let Some(t) = self.types.get_mut(cur) {
                t.base = None;
            }
        }
    }

    /// Entity-ness is inherited: a type with an entity anywhere up its chain is an entity.
    fn inherit_entities(&mut self, names: &[String]) {
        for q in names {
            let entity = self
                .chain_of(q)
                .iter()
                .filter_map(|c| self.types.get(c))
                .any(|t| t.kind == TypeKind::Entity);
            if entity {
                if let Some(t) = self.types.get_mut(q) {
                    t.kind = TypeKind::Entity;
                }
            }
        }
    }

    /// Every property name of a type, its own and inherited, with whether it is a collection.
    pub(crate) fn all_property_names(&self, q: &str) -> Vec<(String, bool)> {
        self.chain_of(q)
            .iter()
            .filter_map(|c| self.types.get(c))
            .flat_map(|t| t.properties.iter().map(|p| (p.name.clone(), p.collection)))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn chain(start: &str, bases: &[(&str, &str)]) -> Vec<String> {
        let bases: HashMap<&str, &str> = bases.iter().copied().collect();
        base_chain(start, |c| bases.get(c).copied())
    }

    #[test]
    fn chains_end_at_the_root_before_a_revisit_or_after_the_hop_limit() {
        assert_eq!(chain("a", &[("a", "b"), ("b", "c")]), ["a", "b", "c"]);
        assert_eq!(chain("x", &[("a", "b")]), ["x"]);
        assert_eq!(
            chain("a", &[("a", "b"), ("b", "c"), ("c", "b")]),
            ["a", "b", "c"]
        );
        let names: Vec<String> = (0..100).map(|i| format!("t{i}")).collect();
        let long: Vec<(&str, &str)> = names
            .windows(2)
            .map(|w| (w[0].as_str(), w[1].as_str()))
            .collect();
        let c = chain("t0", &long);
        assert_eq!(c.len(), MAX_BASE_HOPS + 1);
        assert_eq!(c.last().map(String::as_str), Some("t64"));
    }
}
