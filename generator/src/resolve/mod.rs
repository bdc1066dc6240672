//! Stage 3, **resolve**: the facts of all pages of one API version become one [`Model`].
//!
//! Links (`../resources/x.md`, `enums-x.md#y-values`, bare and qualified names) become
//! qualified names; inheritance is checked; enums are inferred from "The possible values are: …"
//! where no enum page defines them; names linked but defined nowhere become placeholders (open
//! types, open enums) with a warning; the JSON representation is checked against the table;
//! operations get unique names, path parameters and resolved body and response types.

mod operations;

use crate::diag::{DiagKind, Diagnostics};
use crate::extract::typeref::{TypeRef, TypeTarget};
use crate::extract::{EnumFact, PageFacts, PropertyFact, ResourceFact};
use crate::model::{EnumDef, EnumMember, EnumOrigin, Model, Origin, Property, TypeDef, TypeKind};
use std::collections::{BTreeMap, HashMap};

/// What a name or link resolves to.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Def {
    Type(String),
    Enum(String),
}

/// Indexes of everything the pages define, and the placeholders and inferred enums added while
/// resolving.
struct Resolver<'a> {
    diags: &'a mut Diagnostics,
    types: BTreeMap<String, TypeDef>,
    enums: BTreeMap<String, EnumDef>,
    /// Lower-cased qualified name → qualified name, for case-insensitive lookups.
    lower: HashMap<String, Def>,
    /// Simple name (lower-cased) → definitions with that name.
    simple: HashMap<String, Vec<Def>>,
    /// Resource page file name → the type it defines.
    type_files: HashMap<String, String>,
    /// (enum page file, anchor) → enum; single-enum page file → enum (anchor "").
    enum_anchors: HashMap<(String, String), String>,
}

fn members_from(values: &[String], source: &str) -> Vec<EnumMember> {
    let mut evolvable = false;
    values
        .iter()
        .map(|v| {
            let m = EnumMember {
                name: v.clone(),
                value: None,
                evolvable,
                description: String::new(),
                source: source.to_owned(),
            };
            if v == "unknownFutureValue" {
                evolvable = true;
            }
            m
        })
        .collect()
}

impl Resolver<'_> {
    fn index(&mut self, q: &str, def: Def) {
        self.lower.insert(q.to_ascii_lowercase(), def.clone());
        let simple = q.rsplit('.').next().unwrap_or(q).to_ascii_lowercase();
        self.simple.entry(simple).or_default().push(def);
    }

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
        let file = e
            .path
            .rsplit('/')
            .next()
            .unwrap_or(&e.path)
            .to_ascii_lowercase();
        self.enum_anchors
            .insert((file, e.anchor.clone().unwrap_or_default()), q.clone());
        let mut evolvable = false;
        let members = e
            .members
            .iter()
            .map(|m| {
                let mm = EnumMember {
                    name: m.name.clone(),
                    value: m.value,
                    evolvable,
                    description: m.description.clone(),
                    source: format!("{}:{}", e.path, m.line),
                };
                if m.name == "unknownFutureValue" {
                    evolvable = true;
                }
                mm
            })
            .collect();
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
                source: format!("{}:{}", e.path, e.line),
            },
        );
    }

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
        let file = r
            .path
            .rsplit('/')
            .next()
            .unwrap_or(&r.path)
            .to_ascii_lowercase();
        self.type_files.insert(file, q.clone());
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
                source: format!("{}:{}", r.path, r.line),
            },
        );
        true
    }

    /// Looks a written name up: qualified exactly, then in the context namespace, then in
    /// `microsoft.graph`, then by unique simple name.
    fn lookup(&self, name: &str, ns: &str) -> Option<Def> {
        let name = name.trim_start_matches('#');
        let lower = name.to_ascii_lowercase();
        if let Some(d) = self.lower.get(&lower) {
            return Some(d.clone());
        }
        if !name.contains('.') {
            for cand in [format!("{ns}.{lower}"), format!("microsoft.graph.{lower}")] {
                if let Some(d) = self.lower.get(&cand.to_ascii_lowercase()) {
                    return Some(d.clone());
                }
            }
        }
        let simple = lower.rsplit('.').next().unwrap_or(&lower);
        match self.simple.get(simple).map(Vec::as_slice) {
            Some([one]) => Some(one.clone()),
            _ => None,
        }
    }

    fn qualify(name: &str, ns: &str) -> String {
        let name = name.trim_start_matches('#');
        if name.contains('.') {
            name.to_owned()
        } else {
            format!("{ns}.{name}")
        }
    }

    /// Resolves a type reference to a qualified name (or `Edm.X`), creating placeholders and
    /// inferred enums as needed.
    fn resolve_ref(
        &mut self,
        ty: &TypeRef,
        ns: &str,
        path: &str,
        line: u32,
        values: &[String],
        page_file: &str,
    ) -> String {
        let (name, link) = match &ty.target {
            TypeTarget::Primitive(p) => return p.edm_name().to_owned(),
            TypeTarget::Named { name, link } => (name, link),
        };
        let mut found = None;
        if let Some(l) = link {
            let file = if l.file.is_empty() {
                page_file.to_owned()
            } else {
                l.file.clone()
            };
            if let Some(a) = &l.anchor {
                found = self
                    .enum_anchors
                    .get(&(file.clone(), a.clone()))
                    .cloned()
                    .map(Def::Enum);
            }
            if found.is_none() {
                found = self
                    .type_files
                    .get(&file)
                    .cloned()
                    .map(Def::Type)
                    .or_else(|| {
                        self.enum_anchors
                            .get(&(file.clone(), String::new()))
                            .cloned()
                            .map(Def::Enum)
                    });
            }
        }
        if found.is_none() {
            found = self.lookup(name, ns);
        }
        match found {
            Some(Def::Type(q)) => q,
            Some(Def::Enum(q)) => {
                self.check_enum_values(&q, values, path, line);
                q
            }
            None => self.undefined(name, link.as_ref(), ns, path, line, values),
        }
    }

    fn check_enum_values(&mut self, q: &str, values: &[String], path: &str, line: u32) {
        let source = format!("{path}:{line}");
        let Some(e) = self.enums.get_mut(q) else {
            return;
        };
        if e.origin == EnumOrigin::Description {
            // Another property describing the same inferred enum: merge its values.
            for v in values {
                if !e.members.iter().any(|m| &m.name == v) {
                    let evolvable = e.members.iter().any(|m| m.name == "unknownFutureValue");
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

    /// A name no page defines: an inferred enum, a placeholder enum, or a placeholder type.
    fn undefined(
        &mut self,
        name: &str,
        link: Option<&crate::extract::typeref::LinkTarget>,
        ns: &str,
        path: &str,
        line: u32,
        values: &[String],
    ) -> String {
        let q = Self::qualify(name, ns);
        let (qns, simple) = q
            .rsplit_once('.')
            .map_or((ns.to_owned(), q.clone()), |(a, b)| {
                (a.to_owned(), b.to_owned())
            });
        let looks_enum = !values.is_empty()
            || link.is_some_and(|l| {
                l.anchor.as_deref().is_some_and(|a| a.ends_with("-values"))
                    || l.file.starts_with("enums")
            });
        let target = link.map(|l| {
            if l.file.is_empty() {
                format!("#{}", l.anchor.clone().unwrap_or_default())
            } else {
                l.file.clone()
            }
        });
        let wherefrom = target.map_or(String::new(), |t| format!(" (linked to `{t}`)"));
        if looks_enum {
            if !values.is_empty() {
                self.diags.warn(path, line, DiagKind::UnknownType, format!("no page defines enum `{q}`{wherefrom}; its members are inferred from the description"));
                let e = EnumDef {
                    namespace: qns,
                    name: simple,
                    flags: false,
                    origin: EnumOrigin::Description,
                    description: String::new(),
                    members: members_from(values, &format!("{path}:{line}")),
                    source: format!("{path}:{line}"),
                };
                self.index(&q, Def::Enum(q.clone()));
                self.enums.insert(q.clone(), e);
            } else {
                self.diags.warn(path, line, DiagKind::UnknownType, format!("no page defines enum `{q}`{wherefrom}; generated as an open enum with no known members"));
                self.index(&q, Def::Enum(q.clone()));
                self.enums.insert(
                    q.clone(),
                    EnumDef {
                        namespace: qns,
                        name: simple,
                        flags: false,
                        origin: EnumOrigin::Placeholder,
                        description: String::new(),
                        members: Vec::new(),
                        source: format!("{path}:{line}"),
                    },
                );
            }
        } else {
            self.diags.warn(path, line, DiagKind::UnknownType, format!("no page defines type `{q}`{wherefrom}; generated as an open type that keeps the raw JSON"));
            self.placeholder_type(&q, path, line);
        }
        q
    }

    fn placeholder_type(&mut self, q: &str, path: &str, line: u32) {
        let (qns, simple) = q.rsplit_once('.').unwrap_or(("microsoft.graph", q));
        self.index(q, Def::Type(q.to_owned()));
        self.types.insert(
            q.to_owned(),
            TypeDef {
                namespace: qns.to_owned(),
                name: simple.to_owned(),
                kind: TypeKind::Complex,
                base: None,
                is_abstract: false,
                open: true,
                origin: Origin::Placeholder,
                description: String::new(),
                properties: Vec::new(),
                source: format!("{path}:{line}"),
            },
        );
    }

    fn property(&mut self, p: &PropertyFact, ns: &str, path: &str, page_file: &str) -> Property {
        let (ty, collection) = match &p.ty {
            Some(t) => (
                self.resolve_ref(t, ns, path, p.line, &p.possible_values, page_file),
                t.collection,
            ),
            None => ("Edm.Untyped".to_owned(), false),
        };
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
            source: format!("{path}:{}", p.line),
        }
    }

    /// Resolves bases, then entity-ness through the chain; breaks cycles.
    fn resolve_bases(&mut self, resources: &[&ResourceFact]) {
        for r in resources {
            let q = format!("{}.{}", r.namespace, r.name);
            let Some(b) = &r.base else { continue };
            let base = match self.lookup(b, &r.namespace) {
                Some(Def::Type(bq)) => bq,
                Some(Def::Enum(eq)) => {
                    self.diags.warn(
                        &r.path,
                        r.line,
                        DiagKind::UnknownType,
                        format!("base type `{b}` is an enum (`{eq}`); ignored"),
                    );
                    continue;
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
                continue;
            }
            if let Some(t) = self.types.get_mut(&q) {
                t.base = Some(base);
            }
        }
        // Cycles: walk each chain; a revisit breaks the link at the type that closes it.
        let names: Vec<String> = self.types.keys().cloned().collect();
        for q in &names {
            let mut seen = vec![q.clone()];
            let mut cur = q.clone();
            while let Some(b) = self.types.get(&cur).and_then(|t| t.base.clone()) {
                if seen.contains(&b) {
                    let src = self.types[&cur].source.clone();
                    let (file, line) = split_source(&src);
                    self.diags.error(
                        file,
                        line,
                        DiagKind::UnknownType,
                        format!("inheritance cycle through `{cur}` → `{b}`; base dropped"),
                    );
                    if let Some(t) = self.types.get_mut(&cur) {
                        t.base = None;
                    }
                    break;
                }
                seen.push(b.clone());
                cur = b;
            }
        }
        // Entity-ness is inherited.
        for q in &names {
            let mut cur = Some(q.clone());
            let mut entity = false;
            let mut hops = 0;
            while let Some(c) = cur {
                let Some(t) = self.types.get(&c) else { break };
                if t.kind == TypeKind::Entity {
                    entity = true;
                    break;
                }
                cur = t.base.clone();
                hops += 1;
                if hops > 64 {
                    break;
                }
            }
            if entity {
                if let Some(t) = self.types.get_mut(q) {
                    t.kind = TypeKind::Entity;
                }
            }
        }
    }

    /// Every property name of a type, its own and inherited.
    fn all_property_names(&self, q: &str) -> Vec<(String, bool)> {
        let mut out = Vec::new();
        let mut cur = Some(q.to_owned());
        let mut hops = 0;
        while let Some(c) = cur {
            let Some(t) = self.types.get(&c) else { break };
            out.extend(t.properties.iter().map(|p| (p.name.clone(), p.collection)));
            cur = t.base.clone();
            hops += 1;
            if hops > 64 {
                break;
            }
        }
        out
    }

    fn check_json(&mut self, r: &ResourceFact) {
        let Some((serde_json::Value::Object(obj), first, text)) = &r.json else {
            return;
        };
        let q = format!("{}.{}", r.namespace, r.name);
        let known = self.all_property_names(&q);
        let key_line = |k: &str| -> u32 {
            let needle = format!("\"{k}\"");
            text.lines()
                .position(|l| l.contains(&needle))
                .map_or(*first, |i| first + i as u32)
        };
        for (k, v) in obj {
            if k.starts_with('@') || k.contains("@odata.") {
                continue;
            }
            match known.iter().find(|(n, _)| n == k) {
                None => self.diags.warn(&r.path, key_line(k), DiagKind::TableJsonMismatch, format!("the JSON representation has `{k}`, which the properties table of `{q}` does not list")),
                Some((_, coll)) => {
                    let is_array = v.is_array();
                    if is_array != *coll {
                        let (a, b) = if *coll { ("a collection", "a single value") } else { ("a single value", "an array") };
                        self.diags.warn(&r.path, key_line(k), DiagKind::TableJsonMismatch, format!("`{k}` is {a} in the table but {b} in the JSON representation"));
                    }
                }
            }
        }
        for p in &r.properties {
            if !p.navigation && p.inherited_from.is_none() && !obj.contains_key(&p.name) {
                self.diags.warn(
                    &r.path,
                    p.line,
                    DiagKind::TableJsonMismatch,
                    format!(
                        "`{}` is in the properties table but not in the JSON representation",
                        p.name
                    ),
                );
            }
        }
    }
}

/// Splits `file:line`.
pub(crate) fn split_source(s: &str) -> (&str, u32) {
    match s.rsplit_once(':') {
        Some((f, l)) => (f, l.parse().unwrap_or(0)),
        None => (s, 0),
    }
}

/// Resolves the facts of all pages of one version into its model.
pub(crate) fn resolve(version: &str, facts: &[PageFacts], diags: &mut Diagnostics) -> Model {
    let mut r = Resolver {
        diags,
        types: BTreeMap::new(),
        enums: BTreeMap::new(),
        lower: HashMap::new(),
        simple: HashMap::new(),
        type_files: HashMap::new(),
        enum_anchors: HashMap::new(),
    };
    // 1. Definitions: enum pages, then resource pages.
    for f in facts {
        if let PageFacts::Enums(es) = f {
            for e in es {
                r.add_enum_page(e);
            }
        }
    }
    let mut resources: Vec<&ResourceFact> = Vec::new();
    for f in facts {
        if let PageFacts::Resource(res) = f {
            if r.add_resource(res) {
                resources.push(res);
            }
        }
    }
    // 2. Properties.
    for res in &resources {
        let page_file = res
            .path
            .rsplit('/')
            .next()
            .unwrap_or(&res.path)
            .to_ascii_lowercase();
        let props: Vec<Property> = res
            .properties
            .iter()
            .map(|p| r.property(p, &res.namespace, &res.path, &page_file))
            .collect();
        if let Some(t) = r.types.get_mut(&format!("{}.{}", res.namespace, res.name)) {
            t.properties = props;
        }
    }
    // 3. Inheritance.
    r.resolve_bases(&resources);
    // 4. The JSON representation against the table.
    for res in &resources {
        r.check_json(res);
    }
    // 5. Operations.
    let ops: Vec<&crate::extract::method::OperationFact> = facts
        .iter()
        .filter_map(|f| match f {
            PageFacts::Operation(o) => Some(o.as_ref()),
            _ => None,
        })
        .collect();
    let operations = operations::resolve_operations(&mut r, &ops);
    Model {
        version: version.to_owned(),
        types: r.types.into_values().collect(),
        enums: r.enums.into_values().collect(),
        operations,
    }
}

/// True when a path template has no `{parameter}`.
pub(crate) fn path_has_no_params(path: &str) -> bool {
    operations::path_params(path).is_empty()
}
