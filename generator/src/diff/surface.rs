//! The public API of a generated crate as its users see it (items by their public path, their
//! fields, variants, methods, trait impls and the Cargo features that compile them), read from
//! the crate's source with syn, and what changed in it between two crates, by the rules of
//! Cargo's SemVer reference ([`super::rules`]).

use super::rules::{Level, Rule};
use quote::ToTokens;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// One public item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Item {
    /// `struct`, `enum`, `fn`, `const`, `static`, `type`, `trait`, `use`.
    pub kind: &'static str,
    /// Its `#[cfg(…)]` attributes, as tokens.
    pub cfg: String,
    /// Marked `#[non_exhaustive]`.
    pub non_exhaustive: bool,
    /// A struct with fields users cannot name (so no struct literal outside the crate).
    pub private_fields: bool,
    /// Signature of a function, type of a constant or alias.
    pub signature: String,
    /// For an enum that derives `PartialOrd`: its variants in order (the order is its values').
    pub derived_order: Option<Vec<String>>,
    /// Fields, variants, methods, associated constants, trait impls and their associated types,
    /// by a key that says which (`field x`, `variant X`, `fn new`, `impl rt::Endpoint`,
    /// `impl rt::Endpoint type Response`).
    pub members: BTreeMap<String, Member>,
}

/// A member of an item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Member {
    /// Its type or signature.
    pub signature: String,
    /// Its `#[cfg(…)]` attributes (with its impl's), as tokens.
    pub cfg: String,
}

/// A crate's public API (read with [`Surface::from_dir`]; compared with
/// [`super::compare_crates`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Surface {
    /// Items by public path (`v1::models::User`).
    pub(crate) items: BTreeMap<String, Item>,
    /// The crate's Cargo features.
    pub(crate) features: BTreeSet<String>,
}

/// One change of the crate's public API.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ApiChange {
    /// The item's public path (`v1::models::User`), or `feature <name>`.
    pub path: String,
    /// The member that changed (`field display_name`, `fn new`, `impl rt::query::Filter`);
    /// absent when the whole item did.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub member: Option<String>,
    /// What happened, in a few words.
    pub what: String,
    /// How much of a release it needs.
    pub level: Level,
    /// The rule that says so (see docs/diff.md).
    pub rule: String,
}

impl ApiChange {
    fn new(path: &str, member: Option<&str>, what: impl Into<String>, rule: Rule) -> ApiChange {
        ApiChange {
            path: path.to_owned(),
            member: member.map(str::to_owned),
            what: what.into(),
            level: rule.level,
            rule: rule.id.to_owned(),
        }
    }
}

/// Why a crate's source could not be read.
#[derive(Debug, thiserror::Error)]
#[error("{file}: {message}")]
pub struct SurfaceError {
    /// The file.
    pub file: String,
    /// What went wrong.
    pub message: String,
}

fn tokens(t: &impl ToTokens) -> String {
    t.to_token_stream().to_string()
}

/// The `#[cfg(…)]` attributes among `attrs`, as one string.
fn cfg_of(attrs: &[syn::Attribute]) -> String {
    attrs
        .iter()
        .filter(|a| a.path().is_ident("cfg"))
        .map(tokens)
        .collect::<Vec<_>>()
        .join(" ")
}

fn has_attr(attrs: &[syn::Attribute], name: &str) -> bool {
    attrs.iter().any(|a| a.path().is_ident(name))
}

/// Whether a `#[derive(…)]` among `attrs` names `what`.
fn derives(attrs: &[syn::Attribute], what: &str) -> bool {
    attrs
        .iter()
        .filter(|a| a.path().is_ident("derive"))
        .any(|a| {
            let mut found = false;
            let _ = a.parse_nested_meta(|m| {
                found |= m.path.is_ident(what);
                Ok(())
            });
            found
        })
}

/// `a::b::*`.
fn is_glob(tree: &syn::UseTree) -> bool {
    match tree {
        syn::UseTree::Path(p) => is_glob(&p.tree),
        syn::UseTree::Glob(_) => true,
        _ => false,
    }
}

fn is_pub(v: &syn::Visibility) -> bool {
    matches!(v, syn::Visibility::Public(_))
}

fn join_cfg(a: &str, b: &str) -> String {
    match (a.is_empty(), b.is_empty()) {
        (true, _) => b.to_owned(),
        (_, true) => a.to_owned(),
        _ => format!("{a} {b}"),
    }
}

impl Surface {
    /// The surface of a crate given as its files (path relative to the crate root → text, as
    /// [`crate::emit::Files`] holds them).
    pub(crate) fn from_files(files: &BTreeMap<String, String>) -> Result<Surface, SurfaceError> {
        let mut parsed: BTreeMap<Vec<String>, syn::File> = BTreeMap::new();
        for (path, text) in files {
            let Some(module) = module_of(path) else {
                continue;
            };
            let file = syn::parse_file(text).map_err(|e| SurfaceError {
                file: path.clone(),
                message: format!("does not parse as Rust: {e}"),
            })?;
            parsed.insert(module, file);
        }
        let public = public_paths(&parsed);
        let mut s = Surface::default();
        for (module, file) in &parsed {
            let Some(public) = public.get(module) else {
                continue;
            };
            s.add_items(public, &file.items);
        }
        if let Some(toml) = files.get("Cargo.toml") {
            s.features = features_of(toml);
        }
        Ok(s)
    }

    /// The surface of the crate in `dir` (its `Cargo.toml` and every `.rs` file below `src/`).
    pub fn from_dir(dir: &std::path::Path) -> Result<Surface, SurfaceError> {
        let mut files = BTreeMap::new();
        let err = |p: &std::path::Path, e: std::io::Error| SurfaceError {
            file: p.display().to_string(),
            message: e.to_string(),
        };
        let mut stack = vec![dir.join("src")];
        while let Some(d) = stack.pop() {
            let rd = match std::fs::read_dir(&d) {
                Ok(rd) => rd,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
                Err(e) => return Err(err(&d, e)),
            };
            for e in rd.flatten() {
                let p = e.path();
                if p.is_dir() {
                    stack.push(p);
                } else if p.extension().is_some_and(|x| x == "rs") {
                    let text = std::fs::read_to_string(&p).map_err(|e| err(&p, e))?;
                    let rel = p.strip_prefix(dir).unwrap_or(&p);
                    let rel = rel.to_string_lossy().replace('\\', "/");
                    files.insert(rel, text);
                }
            }
        }
        let toml = dir.join("Cargo.toml");
        if let Ok(text) = std::fs::read_to_string(&toml) {
            files.insert("Cargo.toml".to_owned(), text);
        }
        Surface::from_files(&files)
    }

    fn add_items(&mut self, module: &str, items: &[syn::Item]) {
        let path = |name: &str| {
            if module.is_empty() {
                name.to_owned()
            } else {
                format!("{module}::{name}")
            }
        };
        // Types first, then the impls that add members to them.
        let (impls, others): (Vec<&syn::Item>, Vec<&syn::Item>) =
            items.iter().partition(|i| matches!(i, syn::Item::Impl(_)));
        for item in others.into_iter().chain(impls) {
            match item {
                syn::Item::Struct(s) if is_pub(&s.vis) => {
                    let mut it = self.item("struct", &s.attrs);
                    for (i, f) in s.fields.iter().enumerate() {
                        if !is_pub(&f.vis) {
                            it.private_fields = true;
                            continue;
                        }
                        let name = f.ident.as_ref().map_or(i.to_string(), |id| id.to_string());
                        it.members.insert(
                            format!("field {name}"),
                            Member {
                                signature: tokens(&f.ty),
                                cfg: cfg_of(&f.attrs),
                            },
                        );
                    }
                    self.items.insert(path(&s.ident.to_string()), it);
                }
                syn::Item::Enum(e) if is_pub(&e.vis) => {
                    let mut it = self.item("enum", &e.attrs);
                    if derives(&e.attrs, "PartialOrd") {
                        it.derived_order =
                            Some(e.variants.iter().map(|v| v.ident.to_string()).collect());
                    }
                    for v in &e.variants {
                        it.members.insert(
                            format!("variant {}", v.ident),
                            Member {
                                signature: tokens(&v.fields),
                                cfg: cfg_of(&v.attrs),
                            },
                        );
                    }
                    self.items.insert(path(&e.ident.to_string()), it);
                }
                syn::Item::Fn(f) if is_pub(&f.vis) => {
                    let mut it = self.item("fn", &f.attrs);
                    it.signature = tokens(&f.sig);
                    self.items.insert(path(&f.sig.ident.to_string()), it);
                }
                syn::Item::Const(c) if is_pub(&c.vis) => {
                    let mut it = self.item("const", &c.attrs);
                    it.signature = tokens(&c.ty);
                    self.items.insert(path(&c.ident.to_string()), it);
                }
                syn::Item::Static(c) if is_pub(&c.vis) => {
                    let mut it = self.item("static", &c.attrs);
                    it.signature = tokens(&c.ty);
                    self.items.insert(path(&c.ident.to_string()), it);
                }
                syn::Item::Type(t) if is_pub(&t.vis) => {
                    let mut it = self.item("type", &t.attrs);
                    it.signature = tokens(&t.ty);
                    self.items.insert(path(&t.ident.to_string()), it);
                }
                syn::Item::Trait(t) if is_pub(&t.vis) => {
                    let mut it = self.item("trait", &t.attrs);
                    it.signature = t.items.iter().map(tokens).collect::<Vec<_>>().join(" ");
                    self.items.insert(path(&t.ident.to_string()), it);
                }
                // Glob re-exports of child modules make their items this module's: read there.
                syn::Item::Use(u) if is_pub(&u.vis) && !is_glob(&u.tree) => {
                    let mut it = self.item("use", &u.attrs);
                    it.signature = tokens(&u.tree);
                    self.items
                        .insert(path(&format!("use {}", tokens(&u.tree))), it);
                }
                syn::Item::Impl(i) => self.add_impl(module, i),
                syn::Item::Mod(m) if is_pub(&m.vis) => {
                    if let Some((_, inner)) = &m.content {
                        self.add_items(&path(&m.ident.to_string()), inner);
                    }
                }
                _ => {}
            }
        }
    }

    fn item(&self, kind: &'static str, attrs: &[syn::Attribute]) -> Item {
        Item {
            kind,
            cfg: cfg_of(attrs),
            non_exhaustive: has_attr(attrs, "non_exhaustive"),
            private_fields: false,
            signature: String::new(),
            derived_order: None,
            members: BTreeMap::new(),
        }
    }

    /// An impl block's public members, recorded on the item it is for (an item of the same
    /// module: the emitter writes impls beside their types).
    fn add_impl(&mut self, module: &str, i: &syn::ItemImpl) {
        let syn::Type::Path(tp) = &*i.self_ty else {
            return;
        };
        let Some(last) = tp.path.segments.last() else {
            return;
        };
        let target = if module.is_empty() {
            last.ident.to_string()
        } else {
            format!("{module}::{}", last.ident)
        };
        let impl_cfg = cfg_of(&i.attrs);
        let mut members = Vec::new();
        match &i.trait_ {
            Some((_, trait_path, _)) => {
                let key = format!("impl {}", tokens(trait_path));
                members.push((key.clone(), String::new(), impl_cfg.clone()));
                for ii in &i.items {
                    if let syn::ImplItem::Type(t) = ii {
                        members.push((
                            format!("{key} type {}", t.ident),
                            tokens(&t.ty),
                            impl_cfg.clone(),
                        ));
                    }
                }
            }
            None => {
                for ii in &i.items {
                    match ii {
                        syn::ImplItem::Fn(f) if is_pub(&f.vis) => members.push((
                            format!("fn {}", f.sig.ident),
                            tokens(&f.sig),
                            join_cfg(&impl_cfg, &cfg_of(&f.attrs)),
                        )),
                        syn::ImplItem::Const(c) if is_pub(&c.vis) => members.push((
                            format!("const {}", c.ident),
                            tokens(&c.ty),
                            join_cfg(&impl_cfg, &cfg_of(&c.attrs)),
                        )),
                        _ => {}
                    }
                }
            }
        }
        // An impl for an item of another crate or a private one: recorded under its own name
        // so that its removal is still seen.
        let entry = self.items.entry(target).or_insert_with(|| Item {
            kind: "impl",
            cfg: String::new(),
            non_exhaustive: false,
            private_fields: false,
            signature: String::new(),
            derived_order: None,
            members: BTreeMap::new(),
        });
        for (k, signature, cfg) in members {
            entry.members.insert(k, Member { signature, cfg });
        }
    }
}

/// The module path of a source file (`src/v1/models.rs` → `[v1, models]`, `src/lib.rs` → `[]`),
/// or `None` for files that are not the crate's source.
fn module_of(path: &str) -> Option<Vec<String>> {
    let rest = path.strip_prefix("src/")?.strip_suffix(".rs")?;
    let mut parts: Vec<String> = rest.split('/').map(str::to_owned).collect();
    if matches!(parts.last().map(String::as_str), Some("lib" | "mod")) {
        parts.pop();
    }
    Some(parts)
}

/// Each file module's public path (`v1::endpoints` for the private `v1/endpoints/models.rs`
/// whose items `endpoints` re-exports with `pub use models::*`); modules users cannot reach
/// are left out.
fn public_paths(parsed: &BTreeMap<Vec<String>, syn::File>) -> BTreeMap<Vec<String>, String> {
    // How each module declares its children: public, or private and glob re-exported.
    let mut visible: BTreeMap<Vec<String>, bool> = BTreeMap::new();
    let mut reexported: BTreeSet<Vec<String>> = BTreeSet::new();
    for (module, file) in parsed {
        for item in &file.items {
            match item {
                syn::Item::Mod(m) if m.content.is_none() => {
                    let mut child = module.clone();
                    child.push(m.ident.to_string());
                    visible.insert(child, is_pub(&m.vis));
                }
                syn::Item::Use(u) if is_pub(&u.vis) => {
                    if let syn::UseTree::Path(p) = &u.tree {
                        if matches!(&*p.tree, syn::UseTree::Glob(_)) {
                            let mut child = module.clone();
                            child.push(p.ident.to_string());
                            reexported.insert(child);
                        }
                    }
                }
                _ => {}
            }
        }
    }
    let mut out = BTreeMap::new();
    'files: for module in parsed.keys() {
        let mut public: Vec<&str> = Vec::new();
        for depth in 1..=module.len() {
            let prefix = module[..depth].to_vec();
            match visible.get(&prefix) {
                Some(true) => public.push(&module[depth - 1]),
                Some(false) if reexported.contains(&prefix) => {}
                _ => continue 'files,
            }
        }
        out.insert(module.clone(), public.join("::"));
    }
    out
}

/// The feature names of a `Cargo.toml`'s `[features]` table.
fn features_of(toml: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut inside = false;
    for line in toml.lines().map(str::trim) {
        if line.starts_with('[') {
            inside = line == "[features]";
            continue;
        }
        if !inside || line.starts_with('#') {
            continue;
        }
        if let Some((name, _)) = line.split_once('=') {
            let name = name.trim().trim_matches('"');
            if !name.is_empty() {
                out.insert(name.to_owned());
            }
        }
    }
    out
}

/// Every change from `old` to `new`, sorted by path and member.
pub(crate) fn compare(old: &Surface, new: &Surface) -> Vec<ApiChange> {
    let mut out = Vec::new();
    for f in old.features.difference(&new.features) {
        out.push(ApiChange::new(
            &format!("feature {f}"),
            None,
            "Cargo feature removed",
            Rule::FEATURE_REMOVED,
        ));
    }
    for f in new.features.difference(&old.features) {
        out.push(ApiChange::new(
            &format!("feature {f}"),
            None,
            "new Cargo feature",
            Rule::FEATURE_ADDED,
        ));
    }
    for (path, o) in &old.items {
        match new.items.get(path) {
            None if o.kind == "impl" => {
                for m in o.members.keys() {
                    out.push(ApiChange::new(path, Some(m), "removed", Rule::IMPL_REMOVED))
                }
            }
            None => out.push(ApiChange::new(
                path,
                None,
                format!("{} removed", o.kind),
                Rule::ITEM_REMOVED,
            )),
            Some(n) => compare_item(path, o, n, &mut out),
        }
    }
    for (path, n) in &new.items {
        if !old.items.contains_key(path) {
            let rule = if n.kind == "impl" {
                Rule::IMPL_ADDED
            } else {
                Rule::ITEM_ADDED
            };
            out.push(ApiChange::new(path, None, format!("new {}", n.kind), rule));
        }
    }
    out.sort_by(|a, b| (&a.path, &a.member, &a.what).cmp(&(&b.path, &b.member, &b.what)));
    out
}

fn compare_item(path: &str, o: &Item, n: &Item, out: &mut Vec<ApiChange>) {
    if o.kind != n.kind {
        out.push(ApiChange::new(
            path,
            None,
            format!("{} → {}", o.kind, n.kind),
            Rule::SIGNATURE_CHANGED,
        ));
        return;
    }
    if o.cfg != n.cfg {
        out.push(ApiChange::new(
            path,
            None,
            format!("needs other features: `{}` → `{}`", o.cfg, n.cfg),
            Rule::CFG_CHANGED,
        ));
    }
    if o.signature != n.signature {
        out.push(ApiChange::new(
            path,
            None,
            "signature changed",
            Rule::SIGNATURE_CHANGED,
        ));
    }
    if o.non_exhaustive != n.non_exhaustive {
        let (what, rule) = if n.non_exhaustive {
            ("now #[non_exhaustive]", Rule::NON_EXHAUSTIVE_ADDED)
        } else {
            ("no longer #[non_exhaustive]", Rule::NON_EXHAUSTIVE_REMOVED)
        };
        out.push(ApiChange::new(path, None, what, rule));
    }
    if let (Some(a), Some(b)) = (&o.derived_order, &n.derived_order) {
        let kept: Vec<&String> = a.iter().filter(|v| b.contains(v)).collect();
        let now: Vec<&String> = b.iter().filter(|v| a.contains(v)).collect();
        if kept != now {
            out.push(ApiChange::new(
                path,
                None,
                "variants reordered in an enum that derives `PartialOrd`: its values compare differently",
                Rule::DERIVED_ORDER_CHANGED,
            ));
        }
    }
    for (key, om) in &o.members {
        match n.members.get(key) {
            None => out.push(ApiChange::new(
                path,
                Some(key),
                "removed",
                removed_rule(key),
            )),
            Some(nm) if nm.signature != om.signature => out.push(ApiChange::new(
                path,
                Some(key),
                format!("`{}` → `{}`", om.signature, nm.signature),
                changed_rule(key),
            )),
            // Members that move with their item were reported with it.
            Some(nm) if nm.cfg != om.cfg && !(nm.cfg == n.cfg && om.cfg == o.cfg) => {
                out.push(ApiChange::new(
                    path,
                    Some(key),
                    format!("needs other features: `{}` → `{}`", om.cfg, nm.cfg),
                    Rule::CFG_CHANGED,
                ))
            }
            Some(_) => {}
        }
    }
    for key in n.members.keys().filter(|k| !o.members.contains_key(*k)) {
        out.push(ApiChange::new(path, Some(key), "new", added_rule(key, n)));
    }
}

fn removed_rule(key: &str) -> Rule {
    match key.split(' ').next() {
        Some("field") => Rule::FIELD_REMOVED,
        Some("variant") => Rule::VARIANT_REMOVED,
        Some("impl") => Rule::IMPL_REMOVED,
        _ => Rule::METHOD_REMOVED,
    }
}

fn changed_rule(key: &str) -> Rule {
    match key.split(' ').next() {
        Some("field") => Rule::FIELD_TYPE_CHANGED,
        Some("variant") => Rule::VARIANT_CHANGED,
        Some("impl") => Rule::ASSOC_TYPE_CHANGED,
        _ => Rule::METHOD_SIGNATURE,
    }
}

fn added_rule(key: &str, item: &Item) -> Rule {
    match key.split(' ').next() {
        Some("field") if item.non_exhaustive || item.private_fields => Rule::FIELD_ADDED,
        Some("field") => Rule::FIELD_ADDED_EXHAUSTIVE,
        Some("variant") if item.non_exhaustive => Rule::VARIANT_ADDED,
        Some("variant") => Rule::VARIANT_ADDED_EXHAUSTIVE,
        Some("impl") => Rule::IMPL_ADDED,
        _ => Rule::METHOD_ADDED,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn surface(files: &[(&str, &str)]) -> Surface {
        let files = files
            .iter()
            .map(|(p, t)| ((*p).to_owned(), (*t).to_owned()))
            .collect();
        Surface::from_files(&files).expect("parses")
    }

    #[test]
    fn reads_public_paths_through_glob_reexports_and_skips_private_modules() {
        let s = surface(&[
            ("src/lib.rs", "pub mod v1; mod hidden;"),
            ("src/v1/mod.rs", "pub mod endpoints;"),
            ("src/v1/endpoints/mod.rs", "mod models; pub use models::*;"),
            (
                "src/v1/endpoints/models.rs",
                "pub struct ListUsers(u8); impl ListUsers { pub fn new() -> Self { Self(0) } }",
            ),
            ("src/hidden.rs", "pub struct Secret;"),
            (
                "Cargo.toml",
                "[package]\nname = \"x\"\n[features]\ndefault = []\nv1 = []\n",
            ),
        ]);
        let names: Vec<&String> = s.items.keys().collect();
        assert_eq!(names, ["v1::endpoints::ListUsers"]);
        let it = &s.items["v1::endpoints::ListUsers"];
        assert!(it.private_fields);
        assert!(it.members.contains_key("fn new"));
        assert_eq!(s.features.iter().collect::<Vec<_>>(), ["default", "v1"]);
    }

    #[test]
    fn classifies_struct_and_enum_changes_by_exhaustiveness() {
        let old = surface(&[(
            "src/lib.rs",
            "#[non_exhaustive] pub struct A { pub x: u8 } pub struct B { pub x: u8 } \
             #[non_exhaustive] pub enum E { P } pub enum F { P } \
             pub struct D(u8); impl Tr for D { type Out = u8; }",
        )]);
        let new = surface(&[(
            "src/lib.rs",
            "#[non_exhaustive] pub struct A { pub x: u16, pub y: u8 } pub struct B { pub x: u8, pub y: u8 } \
             #[non_exhaustive] pub enum E { P, Q } pub enum F { P, Q } \
             pub struct D(u8); impl Tr for D { type Out = u16; }",
        )]);
        let got: Vec<(String, Option<String>, Level)> = compare(&old, &new)
            .into_iter()
            .map(|c| (c.path, c.member, c.level))
            .collect();
        let want = [
            ("A", Some("field x"), Level::Major),
            ("A", Some("field y"), Level::Minor),
            ("B", Some("field y"), Level::Major),
            ("D", Some("impl Tr type Out"), Level::Major),
            ("E", Some("variant Q"), Level::Minor),
            ("F", Some("variant Q"), Level::Major),
        ];
        let want: Vec<(String, Option<String>, Level)> = want
            .iter()
            .map(|(p, m, l)| ((*p).to_owned(), m.map(str::to_owned), *l))
            .collect();
        assert_eq!(got, want);
    }
}
