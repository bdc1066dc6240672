//! A type's properties with the inherited ones, the same way for the model and the metadata.

use super::csdl::{CsdlProperty, CsdlType};
use crate::model::{Property, TypeDef};
use std::collections::{HashMap, HashSet};

/// A type with its own properties and maybe a base type: a model type or a metadata type.
pub(crate) trait Declaring {
    /// The property type of that side.
    type Prop;

    /// The type's own properties, in order.
    fn own_properties(&self) -> &[Self::Prop];

    /// The qualified name of the base type, if any.
    fn base_type(&self) -> Option<&String>;

    /// A property's name.
    fn property_name(p: &Self::Prop) -> &str;
}

impl Declaring for TypeDef {
    type Prop = Property;

    fn own_properties(&self) -> &[Property] {
        &self.properties
    }

    fn base_type(&self) -> Option<&String> {
        self.base.as_ref()
    }

    fn property_name(p: &Property) -> &str {
        &p.name
    }
}

impl Declaring for CsdlType {
    type Prop = CsdlProperty;

    fn own_properties(&self) -> &[CsdlProperty] {
        &self.properties
    }

    fn base_type(&self) -> Option<&String> {
        self.base.as_ref()
    }

    fn property_name(p: &CsdlProperty) -> &str {
        &p.name
    }
}

/// A type's properties with inherited ones: union by name, the nearest definition winning.
pub(crate) struct Flat<'a, P> {
    /// (declaring type index, property), nearest first.
    pub(crate) entries: Vec<(usize, &'a P)>,
    by_name: HashMap<&'a str, usize>,
}

impl<'a, P> Flat<'a, P> {
    fn new() -> Self {
        Flat {
            entries: Vec::new(),
            by_name: HashMap::new(),
        }
    }

    /// Adds `p`, declared by type `decl`, unless a nearer type already has a property `name`.
    fn add(&mut self, decl: usize, name: &'a str, p: &'a P) {
        if !self.by_name.contains_key(name) {
            self.by_name.insert(name, self.entries.len());
            self.entries.push((decl, p));
        }
    }

    /// The property `name` (exact) with the index of the type declaring it.
    pub(crate) fn get(&self, name: &str) -> Option<(usize, &'a P)> {
        self.by_name.get(name).map(|&i| self.entries[i])
    }
}

/// Every property of type `start` and its bases (nearest definition first), for either side;
/// `by_name` finds a base by its lower-cased qualified name. A base cycle ends the walk.
pub(crate) fn flatten<'a, T: Declaring>(
    types: &'a [T],
    by_name: &HashMap<String, usize>,
    start: usize,
) -> Flat<'a, T::Prop> {
    let mut flat = Flat::new();
    let mut seen = HashSet::new();
    let mut cur = Some(start);
    while let Some(i) = cur {
        if !seen.insert(i) {
            break;
        }
        let Some(t) = types.get(i) else { break };
        for p in t.own_properties() {
            flat.add(i, T::property_name(p), p);
        }
        cur = t
            .base_type()
            .and_then(|b| by_name.get(&b.to_lowercase()).copied());
    }
    flat
}
