//! Definitions: the enums and types the pages define (one page per type, the others adding the
//! properties it lacks), and their properties.

use super::enums::mark_evolvable;
use super::names::file_name;
use super::{Def, Resolver};
use crate::diag::DiagKind;
use crate::extract::{EnumFact, PageFacts, PropertyFact, ResourceFact};
use crate::model::{
    EnumDef, EnumMember, EnumOrigin, Origin, Primitive, Property, SourceLoc, TypeDef, TypeKind,
    TypeRef,
};
use std::collections::{BTreeMap, HashSet};

/// A type's defining page and the other pages that define it too.
pub(crate) type ResourcePages<'f> = (&'f ResourceFact, Vec<&'f ResourceFact>);

/// How well a page fits as the definition of its type: a file named after the type first
/// (`user.md`, `callrecords-session.md`), then the page listing the most properties, then the
/// first path.
fn page_rank(p: &ResourceFact) -> (bool, usize, std::cmp::Reverse<String>) {
    let stem = p
        .path
        .rsplit('/')
        .next()
        .unwrap_or(&p.path)
        .trim_end_matches(".md")
        .to_ascii_lowercase();
    let name = p.name.to_ascii_lowercase();
    let named = stem == name || stem.ends_with(&format!("-{name}")) && !stem.starts_with("intune");
    (named, p.properties.len(), std::cmp::Reverse(p.path.clone()))
}

/// The resource pages by the qualified name of the type they define.
fn pages_by_type(facts: &[PageFacts]) -> BTreeMap<String, Vec<&ResourceFact>> {
    let mut groups: BTreeMap<String, Vec<&ResourceFact>> = BTreeMap::new();
    for f in facts {
        if let PageFacts::Resource(res) = f {
            groups
                .entry(format!("{}.{}", res.namespace, res.name))
                .or_default()
                .push(res);
        }
    }
    groups
}

impl Resolver<'_> {
    /// Defines the enums of enum pages and the enum sections of resource pages.
    pub(crate) fn add_enum_pages(&mut self, facts: &[PageFacts]) {
        for f in facts {
            match f {
                PageFacts::Enums(es) => es.iter().for_each(|e| self.add_enum_page(e)),
                PageFacts::Resource(res) => res.enums.iter().for_each(|e| self.add_enum_page(e)),
                _ => {}
            }
        }
    }

    /// Defines the enum an enum page (or section) describes, unless the name is taken.
    fn add_enum_page(&mut self, e: &EnumFact) {
        let q = format!("{}.{}", e.namespace, e.name);
        if let Some(prev) = self.enums.get(&q) {
            self.diags.warn(
                &e.path,
                e.line,
                DiagKind::Duplicate,
                format!("enum `{q}` is already defined at {}", prev.source),
            );
            return;
        }
        if let Some(t) = self.types.get(&q) {
            self.diags.warn(
                &e.path,
                e.line,
                DiagKind::Duplicate,
                format!("`{q}` is already defined as a type at {}", t.source),
            );
            return;
        }
        self.enum_anchors.insert(
            (file_name(&e.path), e.anchor.clone().unwrap_or_default()),
            q.clone(),
        );
        let mut members: Vec<EnumMember> = e
            .members
            .iter()
            .map(|m| EnumMember {
                name: m.name.clone(),
                value: m.value,
                evolvable: false,
                description: m.description.clone(),
                source: SourceLoc::new(&e.path, m.line),
            })
            .collect();
        mark_evolvable(&mut members);
        self.index(&q, Def::Enum(q.clone()));
        self.enums.insert(
            q,
            EnumDef {
                namespace: e.namespace.clone(),
                name: e.name.clone(),
                flags: e.flags,
                origin: EnumOrigin::Page,
                description: e.description.clone(),
                members,
                area: e.area.clone(),
                source: SourceLoc::new(&e.path, e.line),
            },
        );
    }

    /// Defines the types of the resource pages. A type defined on several pages: the best page
    /// defines it, the others add the properties it lacks (Intune pages describe slices of
    /// `user`, `deviceManagement`, …). Gives each defined type's pages, best first.
    pub(crate) fn add_resources<'f>(&mut self, facts: &'f [PageFacts]) -> Vec<ResourcePages<'f>> {
        let mut resources = Vec::new();
        for (_, mut pages) in pages_by_type(facts) {
            pages.sort_by_key(|p| std::cmp::Reverse(page_rank(p)));
            let primary = pages.remove(0);
            if self.add_resource(primary) {
                self.add_secondary_pages(primary, &pages);
                resources.push((primary, pages));
            }
        }
        resources
    }

    /// Reports the pages that define `primary`'s type too, and links their files to it.
    fn add_secondary_pages(&mut self, primary: &ResourceFact, others: &[&ResourceFact]) {
        let q = format!("{}.{}", primary.namespace, primary.name);
        for other in others {
            self.diags.warn(
                &other.path,
                other.line,
                DiagKind::Duplicate,
                format!("type `{q}` is also defined at {}:{}; properties only this page lists are added to it", primary.path, primary.line),
            );
            self.type_files.insert(file_name(&other.path), q.clone());
        }
    }

    /// Defines the type a resource page describes (without properties yet), unless it is
    /// defined already; tells whether it was defined.
    fn add_resource(&mut self, r: &ResourceFact) -> bool {
        let q = format!("{}.{}", r.namespace, r.name);
        if let Some(prev) = self.types.get(&q) {
            self.diags.warn(
                &r.path,
                r.line,
                DiagKind::Duplicate,
                format!("type `{q}` is already defined at {}", prev.source),
            );
            return false;
        }
        self.type_files.insert(file_name(&r.path), q.clone());
        self.index(&q, Def::Type(q.clone()));
        self.types.insert(
            q,
            TypeDef {
                namespace: r.namespace.clone(),
                name: r.name.clone(),
                kind: if r.key.is_some() {
                    TypeKind::Entity
                } else {
                    TypeKind::Complex
                },
                base: None,
                is_abstract: r.is_abstract,
                open: r.open,
                origin: Origin::Page,
                description: r.description.clone(),
                properties: Vec::new(),
                area: r.area.clone(),
                source: SourceLoc::new(&r.path, r.line),
            },
        );
        true
    }

    /// Gives the type `res` defines the properties of its pages: all of the defining page's, then
    /// those of the other pages that no earlier page lists.
    pub(crate) fn add_properties(&mut self, res: &ResourceFact, others: &[&ResourceFact]) {
        let mut props: Vec<Property> = Vec::new();
        let mut seen: HashSet<String> = HashSet::new();
        for page in std::iter::once(res).chain(others.iter().copied()) {
            let page_file = file_name(&page.path);
            for p in &page.properties {
                if !seen.insert(p.name.clone()) {
                    continue;
                }
                let prop = self.property(p, &page.namespace, &page.path, &page_file);
                props.push(prop);
            }
        }
        if let Some(t) = self
            .types
            .get_mut(&format!("{}.{}", res.namespace, res.name))
        {
            t.properties = props;
        }
    }

    /// A property row as a property of its type.
    fn property(&mut self, p: &PropertyFact, ns: &str, path: &str, page_file: &str) -> Property {
        // Members the description calls evolvable are checked against the enum by
        // `apply_evolvable`, not as plain possible values.
        let values: Vec<String> = p
            .possible_values
            .iter()
            .filter(|v| !p.evolvable_values.contains(v))
            .cloned()
            .collect();
        let (ty, collection) = match &p.ty {
            Some(t) => (
                self.resolve_ref(t, ns, path, p.line, &values, page_file),
                t.collection,
            ),
            None => (TypeRef::Primitive(Primitive::Untyped), false),
        };
        if !p.evolvable_values.is_empty() && self.enums.contains_key(ty.as_str()) {
            self.apply_evolvable(ty.as_str(), &p.evolvable_values, path, p.line);
        }
        let inherited_from = p.inherited_from.as_ref().map(|n| match self.lookup(n, ns) {
            Some(Def::Type(q)) => q,
            _ => Self::qualify(n, ns),
        });
        Property {
            name: p.name.clone(),
            ty,
            collection,
            navigation: p.navigation,
            description: p.description.clone(),
            inherited_from,
            source: SourceLoc::new(path, p.line),
        }
    }
}
