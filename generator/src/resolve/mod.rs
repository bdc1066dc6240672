//! Stage 3, **resolve**: the facts of all pages of one API version become one [`Model`].
//!
//! Links (`../resources/x.md`, `enums-x.md#y-values`, bare and qualified names) become
//! qualified names; inheritance is checked; enums are inferred from "The possible values are: …"
//! where no enum page defines them; names linked but defined nowhere become placeholders (open
//! types, open enums) with a warning; the JSON representation is checked against the table;
//! operations get unique names, path parameters and resolved body and response types.

mod infer;
mod operations;
pub(crate) mod paths;

use crate::diag::{DiagKind, Diagnostics};
use crate::extract::typeref::{TypeRef, TypeTarget};
use crate::extract::{EnumFact, PageFacts, PropertyFact, ResourceFact};
use crate::model::{
    EnumDef, EnumMember, EnumOrigin, Model, Operation, Origin, Property, TypeDef, TypeKind,
};
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
    /// Properties whose table and JSON representation disagree on collection-ness.
    shape_conflicts: Vec<ShapeConflict>,
    /// Page file → its product area, for what is made without a page of its own (placeholders
    /// and enums inferred from a description take the area of the page that names them).
    page_areas: HashMap<String, String>,
}

/// A property the table calls a collection and the JSON representation a single value (or the
/// reverse); the response examples may settle it.
struct ShapeConflict {
    /// Qualified type name.
    ty: String,
    /// JSON property name.
    property: String,
    /// What the JSON representation shows.
    json_collection: bool,
    /// `file:line` of the JSON representation's key.
    source: String,
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
                area: e.area.clone(),
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
                area: r.area.clone(),
                source: format!("{}:{}", r.path, r.line),
            },
        );
        true
    }

    /// Looks a written name up exactly: qualified, or in the context namespace, or in
    /// `microsoft.graph` (letter case ignored).
    fn lookup_exact(&self, name: &str, ns: &str) -> Option<Def> {
        let name = name.trim_start_matches('#');
        // Letter case first (OData names are case-sensitive: `Option` and `option` differ).
        for q in [
            name.to_owned(),
            format!("{ns}.{name}"),
            format!("microsoft.graph.{name}"),
        ] {
            if self.types.contains_key(&q) {
                return Some(Def::Type(q));
            }
            if self.enums.contains_key(&q) {
                return Some(Def::Enum(q));
            }
        }
        let lower = name.to_ascii_lowercase();
        if let Some(d) = self.lower.get(&lower) {
            return Some(d.clone());
        }
        if name.contains('.') {
            return None;
        }
        [format!("{ns}.{lower}"), format!("microsoft.graph.{lower}")]
            .iter()
            .find_map(|c| self.lower.get(&c.to_ascii_lowercase()).cloned())
    }

    /// Looks a written name up: qualified exactly, then in the context namespace, then in
    /// `microsoft.graph`, then by unique simple name.
    fn lookup(&self, name: &str, ns: &str) -> Option<Def> {
        if let Some(d) = self.lookup_exact(name, ns) {
            return Some(d);
        }
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
        // 1. An enum anchor (`enums.md#x-values`, `#x-values`); 2. the name as written, when it
        // names a definition exactly (link text beats a stale link target); 3. the page the
        // link points to, unless the link is to a missing enum section; 4. a unique simple name.
        let mut found = None;
        let mut anchored = false;
        let mut file_def = None;
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
                anchored = a.ends_with("-values");
            }
            if !anchored {
                file_def = self
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
            found = self.lookup_exact(name, ns);
        }
        if found.is_none() {
            found = file_def;
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

    /// A description names `names` as the evolvable members of enum `q` ("… get the following
    /// members in this evolvable enum: …"). That sentence is authoritative: the members become
    /// evolvable and move after `unknownFutureValue` (added, with the sentinel, when the table
    /// lacks them); every contradiction with the enum's table is reported.
    pub(crate) fn apply_evolvable(&mut self, q: &str, names: &[String], path: &str, line: u32) {
        const SENTINEL: &str = "unknownFutureValue";
        let source = format!("{path}:{line}");
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
        let (evolvable, fixed): (Vec<EnumMember>, Vec<EnumMember>) = std::mem::take(&mut e.members)
            .into_iter()
            .partition(|m| m.evolvable);
        let mut members = fixed;
        let at = members
            .iter()
            .position(|m| m.name == SENTINEL)
            .map_or(members.len(), |i| i + 1);
        members.splice(at..at, evolvable);
        e.members = members;
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
                    area: self.page_areas.get(path).cloned(),
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
                        area: self.page_areas.get(path).cloned(),
                        source: format!("{path}:{line}"),
                    },
                );
            }
        } else {
            self.diags.warn(path, line, DiagKind::UnknownType, format!("no page defines type `{q}`{wherefrom}; it keeps the raw JSON unless response examples show its properties"));
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
                area: self.page_areas.get(path).cloned(),
                source: format!("{path}:{line}"),
            },
        );
    }

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
            None => ("Edm.Untyped".to_owned(), false),
        };
        if !p.evolvable_values.is_empty() && self.enums.contains_key(&ty) {
            self.apply_evolvable(&ty, &p.evolvable_values, path, p.line);
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

    /// The type a JSON representation's placeholder value stands for: `"String"`,
    /// `"DateTimeOffset"`, `true`, `1`, `{"@odata.type": "microsoft.graph.x"}`, `["String"]`…
    fn json_value_type(
        &mut self,
        v: &serde_json::Value,
        ns: &str,
        path: &str,
        line: u32,
    ) -> (String, bool) {
        use crate::extract::typeref::Primitive;
        use serde_json::Value;
        match v {
            Value::Array(items) => match items.first() {
                Some(first) => (self.json_value_type(first, ns, path, line).0, true),
                None => (Primitive::Untyped.edm_name().to_owned(), true),
            },
            Value::Bool(_) => (Primitive::Boolean.edm_name().to_owned(), false),
            Value::Number(n) if n.is_i64() || n.is_u64() => {
                (Primitive::Int32.edm_name().to_owned(), false)
            }
            Value::Number(_) => (Primitive::Double.edm_name().to_owned(), false),
            Value::String(s) => {
                let lower = s.to_ascii_lowercase();
                let p = if lower.contains("timestamp") {
                    Primitive::DateTimeOffset
                } else if lower.contains("binary") {
                    Primitive::Binary
                } else {
                    Primitive::parse(lower.split([' ', '(']).next().unwrap_or(""))
                        .unwrap_or(Primitive::String)
                };
                (p.edm_name().to_owned(), false)
            }
            Value::Object(o) => match o.get("@odata.type").and_then(Value::as_str) {
                Some(t)
                    if t.trim_start_matches('#')
                        .eq_ignore_ascii_case("microsoft.graph.json") =>
                {
                    (Primitive::Untyped.edm_name().to_owned(), false)
                }
                Some(t) => {
                    let target = TypeTarget::Named {
                        name: t.trim_start_matches('#').to_owned(),
                        link: None,
                    };
                    (
                        self.resolve_ref(
                            &TypeRef {
                                target,
                                collection: false,
                            },
                            ns,
                            path,
                            line,
                            &[],
                            "",
                        ),
                        false,
                    )
                }
                None => (Primitive::Untyped.edm_name().to_owned(), false),
            },
            Value::Null => (Primitive::Untyped.edm_name().to_owned(), false),
        }
    }

    /// The table says `String` and lists "possible values", the JSON representation names a
    /// type no page defines (`{"@odata.type": "microsoft.graph.x"}`): together they define enum
    /// `x`, inferred from the description.
    fn enum_named_by_json(
        &mut self,
        r: &ResourceFact,
        fact: Option<&PropertyFact>,
        q: &str,
        key: &str,
        v: &serde_json::Value,
        line: u32,
    ) {
        let Some(named) = v.get("@odata.type").and_then(serde_json::Value::as_str) else {
            return;
        };
        let Some(fact) = fact.filter(|p| !p.possible_values.is_empty()) else {
            return;
        };
        let is_string = matches!(
            &fact.ty,
            Some(TypeRef {
                target: TypeTarget::Primitive(crate::extract::typeref::Primitive::String),
                ..
            })
        );
        let named = named.trim_start_matches('#');
        if !is_string
            || self.lookup_exact(named, &r.namespace).is_some()
            || named.eq_ignore_ascii_case("microsoft.graph.json")
        {
            return;
        }
        let target = TypeTarget::Named {
            name: named.to_owned(),
            link: None,
        };
        let enum_q = self.resolve_ref(
            &TypeRef {
                target,
                collection: false,
            },
            &r.namespace,
            &r.path,
            fact.line,
            &fact.possible_values,
            "",
        );
        self.diags.warn(&r.path, line, DiagKind::TableJsonMismatch, format!("`{key}` is `String` in the table but `{named}` in the JSON representation; typed as enum `{enum_q}` with the values its description lists"));
        if let Some(p) = self
            .types
            .get_mut(q)
            .and_then(|t| t.properties.iter_mut().find(|p| p.name == key))
        {
            p.ty = enum_q;
        }
    }

    fn check_json(&mut self, r: &ResourceFact) {
        let Some((serde_json::Value::Object(obj), lines_of)) = &r.json else {
            return;
        };
        let q = format!("{}.{}", r.namespace, r.name);
        // A type's own row wins over its base's.
        let mut known: HashMap<String, bool> = HashMap::new();
        for (n, c) in self.all_property_names(&q) {
            known.entry(n).or_insert(c);
        }
        let key_line = |k: &str| -> u32 { lines_of.get(k).copied().unwrap_or(r.line) };
        // The facts by name (a JSON key names at most one row).
        let facts: HashMap<&str, &PropertyFact> =
            r.properties.iter().map(|p| (p.name.as_str(), p)).collect();
        for (k, v) in obj {
            if k.starts_with('@') || k.contains("@odata.") {
                continue;
            }
            match known.get(k.as_str()).map(|c| (k, c)) {
                None => {
                    // The JSON representation is docs too: the property is added, typed from the
                    // placeholder value, and the omission reported.
                    let line = key_line(k);
                    let (ty, collection) = self.json_value_type(v, &r.namespace, &r.path, line);
                    self.diags.warn(&r.path, line, DiagKind::TableJsonMismatch, format!("the JSON representation has `{k}`, which the properties table of `{q}` does not list; added as `{ty}`{}", if collection { " collection" } else { "" }));
                    let prop = Property::from_json(k, ty, collection, format!("{}:{line}", r.path));
                    if let Some(t) = self.types.get_mut(&q) {
                        t.properties.push(prop);
                    }
                }
                Some((_, coll)) => {
                    self.enum_named_by_json(
                        r,
                        facts.get(k.as_str()).copied(),
                        &q,
                        k,
                        v,
                        key_line(k),
                    );
                    let is_array = v.is_array();
                    if is_array != *coll {
                        let (a, b) = if *coll {
                            ("a collection", "a single value")
                        } else {
                            ("a single value", "an array")
                        };
                        self.diags.warn(
                            &r.path,
                            key_line(k),
                            DiagKind::TableJsonMismatch,
                            format!("`{k}` is {a} in the table but {b} in the JSON representation"),
                        );
                        self.shape_conflicts.push(ShapeConflict {
                            ty: q.clone(),
                            property: k.clone(),
                            json_collection: is_array,
                            source: format!("{}:{}", r.path, key_line(k)),
                        });
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

impl Resolver<'_> {
    /// Where the table and the JSON representation disagree on whether a property is a
    /// collection, the response examples of the type decide: when every one that has the
    /// property shows the representation's shape, the representation wins (with a warning);
    /// otherwise the table stands.
    fn settle_shape_conflicts(&mut self, operations: &[Operation]) {
        for c in std::mem::take(&mut self.shape_conflicts) {
            let mut agree = Vec::new();
            let mut disagree = 0;
            for ex in operations.iter().flat_map(|o| &o.examples) {
                let (Some(t), Some(body)) = (&ex.ty, &ex.body) else {
                    continue;
                };
                if ex.kind != "response" || t.ty != c.ty {
                    continue;
                }
                let items: Vec<&serde_json::Value> = if t.collection {
                    body.get("value")
                        .and_then(serde_json::Value::as_array)
                        .map(|a| a.iter().collect())
                        .unwrap_or_default()
                } else {
                    vec![body]
                };
                for v in items.iter().filter_map(|i| i.get(&c.property)) {
                    if v.is_null() {
                        continue;
                    }
                    if v.is_array() == c.json_collection {
                        agree.push(ex.source.clone());
                    } else {
                        disagree += 1;
                    }
                }
            }
            if agree.is_empty() || disagree > 0 {
                continue;
            }
            let Some(p) = self
                .types
                .get_mut(&c.ty)
                .and_then(|t| t.properties.iter_mut().find(|p| p.name == c.property))
            else {
                continue;
            };
            p.collection = c.json_collection;
            agree.dedup();
            let (file, line) = split_source(&c.source);
            let shape = if c.json_collection {
                "a collection"
            } else {
                "a single value"
            };
            self.diags.warn(
                file,
                line,
                DiagKind::TableJsonMismatch,
                format!(
                    "`{}` of `{}` is {shape}, as the JSON representation and the response examples at {} show (the table disagrees)",
                    c.property,
                    c.ty,
                    agree.join(", ")
                ),
            );
        }
    }
}

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

/// A page's file and area, when it has one.
fn page_area(f: &PageFacts) -> Option<(String, String)> {
    let (path, area) = match f {
        PageFacts::Resource(r) => (&r.path, &r.area),
        PageFacts::Operation(o) => (&o.path, &o.area),
        PageFacts::Enums(es) => {
            let e = es.first()?;
            (&e.path, &e.area)
        }
        PageFacts::Other => return None,
    };
    Some((path.clone(), area.clone()?))
}

/// Splits `file:line`.
pub(crate) fn split_source(s: &str) -> (&str, u32) {
    match s.rsplit_once(':') {
        Some((f, l)) => (f, l.parse().unwrap_or(0)),
        None => (s, 0),
    }
}

/// Resolves the facts of all pages of one version into its model.
pub(crate) fn resolve(version: &str, facts: Vec<PageFacts>, diags: &mut Diagnostics) -> Model {
    let mut r = Resolver {
        diags,
        types: BTreeMap::new(),
        enums: BTreeMap::new(),
        lower: HashMap::new(),
        simple: HashMap::new(),
        type_files: HashMap::new(),
        enum_anchors: HashMap::new(),
        shape_conflicts: Vec::new(),
        page_areas: facts.iter().filter_map(page_area).collect(),
    };
    // 1. Definitions: enum pages (and enum sections of resource pages), then resource pages.
    for f in &facts {
        match f {
            PageFacts::Enums(es) => es.iter().for_each(|e| r.add_enum_page(e)),
            PageFacts::Resource(res) => res.enums.iter().for_each(|e| r.add_enum_page(e)),
            _ => {}
        }
    }
    // A type defined on several pages: the best page defines it, the others add the
    // properties it lacks (Intune pages describe slices of `user`, `deviceManagement`, …).
    let mut groups: BTreeMap<String, Vec<&ResourceFact>> = BTreeMap::new();
    for f in &facts {
        if let PageFacts::Resource(res) = f {
            groups
                .entry(format!("{}.{}", res.namespace, res.name))
                .or_default()
                .push(res);
        }
    }
    let mut resources: Vec<(&ResourceFact, Vec<&ResourceFact>)> = Vec::new();
    for (_, mut pages) in groups {
        pages.sort_by_key(|p| std::cmp::Reverse(page_rank(p)));
        let primary = pages.remove(0);
        if r.add_resource(primary) {
            let q = format!("{}.{}", primary.namespace, primary.name);
            for other in &pages {
                r.diags.warn(
                    &other.path,
                    other.line,
                    DiagKind::Duplicate,
                    format!("type `{q}` is also defined at {}:{}; properties only this page lists are added to it", primary.path, primary.line),
                );
                let file = other
                    .path
                    .rsplit('/')
                    .next()
                    .unwrap_or(&other.path)
                    .to_ascii_lowercase();
                r.type_files.insert(file, q.clone());
            }
            resources.push((primary, pages));
        }
    }
    // 2. Properties.
    for (res, others) in &resources {
        let mut props: Vec<Property> = Vec::new();
        let mut seen: std::collections::HashSet<String> = std::collections::HashSet::new();
        for page in std::iter::once(res).chain(others.iter()) {
            let page_file = page
                .path
                .rsplit('/')
                .next()
                .unwrap_or(&page.path)
                .to_ascii_lowercase();
            for p in &page.properties {
                if !seen.insert(p.name.clone()) {
                    continue;
                }
                let prop = r.property(p, &page.namespace, &page.path, &page_file);
                props.push(prop);
            }
        }
        if let Some(t) = r.types.get_mut(&format!("{}.{}", res.namespace, res.name)) {
            t.properties = props;
        }
    }
    let resources: Vec<&ResourceFact> = resources.into_iter().map(|(p, _)| p).collect();
    // 3. Inheritance.
    r.resolve_bases(&resources);
    // 4. The JSON representation against the table.
    for res in &resources {
        r.check_json(res);
    }
    // 5. Operations.
    drop(resources);
    let ops: Vec<crate::extract::method::OperationFact> = facts
        .into_iter()
        .filter_map(|f| match f {
            PageFacts::Operation(o) => Some(*o),
            _ => None,
        })
        .collect();
    let operations = operations::resolve_operations(&mut r, ops);
    // 6. Response types no page defines, inferred from the response examples.
    r.settle_shape_conflicts(&operations);
    r.infer_from_examples(&operations);
    Model {
        version: version.to_owned(),
        types: r.types.into_values().collect(),
        enums: r.enums.into_values().collect(),
        operations,
    }
}
