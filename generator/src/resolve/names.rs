//! Name lookup: written names and links become qualified names; what nothing defines becomes an
//! inferred enum, a placeholder enum or a placeholder type.

use super::enums::members_from;
use super::{Def, Resolver};
use crate::diag::DiagKind;
use crate::extract::typeref::{LinkTarget, TypeRef, TypeTarget};
use crate::model::{self, EnumDef, EnumMember, EnumOrigin, Origin, SourceLoc, TypeDef, TypeKind};

/// The lower-cased file name of a page path (`api-reference/v1.0/resources/user.md` →
/// `user.md`), as links name pages.
pub(crate) fn file_name(path: &str) -> String {
    path.rsplit('/').next().unwrap_or(path).to_ascii_lowercase()
}

impl Resolver<'_> {
    /// Indexes qualified name `q` for case-insensitive and simple-name lookups.
    pub(crate) fn index(&mut self, q: &str, def: Def) {
        self.lower.insert(q.to_ascii_lowercase(), def.clone());
        let simple = q.rsplit('.').next().unwrap_or(q).to_ascii_lowercase();
        self.simple.entry(simple).or_default().push(def);
    }

    /// Looks a written name up exactly: qualified, or in the context namespace, or in
    /// `microsoft.graph` (letter case ignored).
    pub(crate) fn lookup_exact(&self, name: &str, ns: &str) -> Option<Def> {
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
    /// `microsoft.graph` (all by [`Self::lookup_exact`]), then by unique simple name.
    pub(crate) fn lookup(&self, name: &str, ns: &str) -> Option<Def> {
        self.lookup_exact(name, ns)
            .or_else(|| self.lookup_simple(name))
    }

    /// The one definition whose simple name (letter case ignored) is that of `name`, if exactly
    /// one has it.
    fn lookup_simple(&self, name: &str) -> Option<Def> {
        let lower = name.trim_start_matches('#').to_ascii_lowercase();
        let simple = lower.rsplit('.').next().unwrap_or(&lower);
        match self.simple.get(simple).map(Vec::as_slice) {
            Some([one]) => Some(one.clone()),
            _ => None,
        }
    }

    /// A written name qualified with the context namespace, unless it is qualified already.
    pub(crate) fn qualify(name: &str, ns: &str) -> String {
        let name = name.trim_start_matches('#');
        if name.contains('.') {
            name.to_owned()
        } else {
            format!("{ns}.{name}")
        }
    }

    /// Resolves a type cell to the model's reference (a qualified name or a primitive), creating
    /// placeholders and inferred enums as needed.
    pub(crate) fn resolve_ref(
        &mut self,
        ty: &TypeRef,
        ns: &str,
        path: &str,
        line: u32,
        values: &[String],
        page_file: &str,
    ) -> model::TypeRef {
        let (name, link) = match &ty.target {
            TypeTarget::Primitive(p) => return model::TypeRef::Primitive(*p),
            TypeTarget::Named { name, link } => (name, link),
        };
        // 1. An enum anchor (`enums.md#x-values`, `#x-values`); 2. the name as written, when it
        // names a definition exactly (link text beats a stale link target); 3. the page the
        // link points to, unless the link is to a missing enum section; 4. a unique simple name.
        let (anchor_def, file_def) = link
            .as_ref()
            .map_or((None, None), |l| self.link_defs(l, page_file));
        let found = anchor_def
            .or_else(|| self.lookup_exact(name, ns))
            .or(file_def)
            .or_else(|| self.lookup(name, ns));
        let q = match found {
            Some(Def::Type(q)) => q,
            Some(Def::Enum(q)) => {
                self.check_enum_values(&q, values, path, line);
                q
            }
            None => self.undefined(name, link.as_ref(), ns, path, line, values),
        };
        model::TypeRef::parse(&q)
    }

    /// Resolves a type named in a JSON representation or an annotation (no link, no
    /// collection) like [`Self::resolve_ref`].
    pub(crate) fn resolve_name(
        &mut self,
        name: &str,
        ns: &str,
        path: &str,
        line: u32,
        values: &[String],
    ) -> model::TypeRef {
        let target = TypeTarget::Named {
            name: name.to_owned(),
            link: None,
        };
        let ty = TypeRef {
            target,
            collection: false,
        };
        self.resolve_ref(&ty, ns, path, line, values, "")
    }

    /// What a link defines: the enum its anchor names, and (unless the anchor is an enum section,
    /// `…-values`) the type or single enum the page it points to defines. A link without a file
    /// points into `page_file`.
    fn link_defs(&self, l: &LinkTarget, page_file: &str) -> (Option<Def>, Option<Def>) {
        let file = if l.file.is_empty() {
            page_file.to_owned()
        } else {
            l.file.clone()
        };
        let mut anchor_def = None;
        let mut anchored = false;
        if let Some(a) = &l.anchor {
            anchor_def = self
                .enum_anchors
                .get(&(file.clone(), a.clone()))
                .cloned()
                .map(Def::Enum);
            anchored = a.ends_with("-values");
        }
        if anchored {
            return (anchor_def, None);
        }
        let file_def = self
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
        (anchor_def, file_def)
    }

    /// A name no page defines: an inferred enum, a placeholder enum, or a placeholder type.
    fn undefined(
        &mut self,
        name: &str,
        link: Option<&LinkTarget>,
        ns: &str,
        path: &str,
        line: u32,
        values: &[String],
    ) -> String {
        let q = Self::qualify(name, ns);
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
        if !looks_enum {
            self.diags.warn(path, line, DiagKind::UnknownType, format!("no page defines type `{q}`{wherefrom}; it keeps the raw JSON unless response examples show its properties"));
            self.placeholder_type(&q, path, line);
        } else if !values.is_empty() {
            self.diags.warn(path, line, DiagKind::UnknownType, format!("no page defines enum `{q}`{wherefrom}; its members are inferred from the description"));
            let members = members_from(values, &SourceLoc::new(path, line));
            self.undefined_enum(&q, ns, EnumOrigin::Description, members, path, line);
        } else {
            self.diags.warn(path, line, DiagKind::UnknownType, format!("no page defines enum `{q}`{wherefrom}; generated as an open enum with no known members"));
            self.undefined_enum(&q, ns, EnumOrigin::Placeholder, Vec::new(), path, line);
        }
        q
    }

    /// Defines enum `q`, which no page defines, with `members` (inferred from a description, or
    /// none for a placeholder); it takes the area of the page at `path`.
    fn undefined_enum(
        &mut self,
        q: &str,
        ns: &str,
        origin: EnumOrigin,
        members: Vec<EnumMember>,
        path: &str,
        line: u32,
    ) {
        let (qns, simple) = q.rsplit_once('.').unwrap_or((ns, q));
        let e = EnumDef {
            namespace: qns.to_owned(),
            name: simple.to_owned(),
            flags: false,
            origin,
            description: String::new(),
            members,
            area: self.page_areas.get(path).cloned(),
            source: SourceLoc::new(path, line),
        };
        self.index(q, Def::Enum(q.to_owned()));
        self.enums.insert(q.to_owned(), e);
    }

    /// Defines type `q`, which no page defines, as an open complex type with no properties; it
    /// takes the area of the page at `path`.
    pub(crate) fn placeholder_type(&mut self, q: &str, path: &str, line: u32) {
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
                source: SourceLoc::new(path, line),
            },
        );
    }
}
