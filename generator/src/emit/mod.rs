//! Stage 4, **emit**: the models become the files of a Rust crate, as text. This is the only
//! stage that knows Rust: naming, module layout per namespace and version, recursion (`Box`),
//! serde impls (through the runtime's `object` module), Cargo features per product area
//! (`features`) and rustdoc. Output is formatted with `prettyplease` and deterministic.

mod derived;
mod docs;
mod endpoints;
mod enums;
mod features;
mod format;
pub(crate) mod naming;
mod registry;
mod structs;

use crate::diag::{DiagKind, Diagnostics};
use crate::model::{EnumDef, Model, Property, SourceLoc, TypeDef, TypeRef};
use naming::{field_ident, type_ident, Namer};
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap, HashSet};

/// How the generated crate depends on the runtime crate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RuntimeDep {
    /// `graphgen-runtime = { path = "…" }`.
    Path(String),
    /// `graphgen-runtime = "…"` from a registry.
    Version(String),
}

/// Options for the generated crate.
#[derive(Debug, Clone)]
pub struct EmitOptions {
    /// Package name of the generated crate.
    pub crate_name: String,
    /// The command named in every file's first line.
    pub command: String,
    /// Where the runtime comes from.
    pub runtime: RuntimeDep,
    /// The crate is a member of an enclosing workspace (no `[workspace]` table of its own).
    pub workspace_member: bool,
    /// Run rustfmt over the output (so it is exactly `cargo fmt`-clean): `$RUSTFMT`, else
    /// `rustfmt` on the `PATH`, which must then be there ([`EmitError::Rustfmt`] otherwise).
    /// Without it the code is laid out by prettyplease alone, the same on every machine.
    pub rustfmt: bool,
}

/// Errors of emission (they mean a generator bug, not bad docs).
#[derive(Debug, thiserror::Error)]
pub enum EmitError {
    /// The generated tokens did not parse as Rust.
    #[error("generated code for {file} does not parse: {source}")]
    Syntax {
        /// The file.
        file: String,
        /// The parser's error.
        source: syn::Error,
    },
    /// rustfmt was asked for ([`EmitOptions::rustfmt`]) but could not format a file: it is not
    /// installed, or it failed. Nothing is written then (no fallback layout that `cargo fmt
    /// --check` or another machine would disagree with).
    #[error("cannot format {file} with rustfmt: {reason}")]
    Rustfmt {
        /// The file.
        file: String,
        /// Why (rustfmt not found, or what it printed).
        reason: String,
    },
}

/// The generated files: path relative to the crate root → content.
pub type Files = BTreeMap<String, String>;

/// What a qualified name becomes in Rust.
#[derive(Debug, Clone)]
pub(crate) struct Sym {
    pub module: String,
    pub ident: String,
    pub kind: SymKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SymKind {
    Struct,
    Enum { flags: bool },
}

/// Everything emission needs to know about one version.
pub(crate) struct Ctx<'m> {
    pub model: &'m Model,
    /// `v1`, `beta`.
    pub vmod: String,
    /// Namespace → module name.
    pub ns_mods: BTreeMap<String, String>,
    pub syms: HashMap<String, Sym>,
    pub types: HashMap<String, &'m TypeDef>,
    /// (owner, JSON property name) pairs that need a `Box` to break recursion.
    pub boxed: HashSet<(String, String)>,
    /// Type → every type derived from it (transitively), sorted; only types that have some.
    pub descendants: BTreeMap<String, Vec<String>>,
    /// Base types used where derived data may arrive → the ident of their `Any…` enum (in the
    /// base's module).
    pub poly: HashMap<String, String>,
    /// The Cargo features that compile each item.
    pub features: features::ItemFeatures,
}

/// `v1.0` → `v1`, `beta` → `beta`.
pub fn version_module(v: &str) -> String {
    let base = v.split('.').next().unwrap_or(v);
    field_ident(base)
}

/// `microsoft.graph` → `models`; `microsoft.graph.callRecords` → `call_records`.
pub(crate) fn namespace_module(ns: &str) -> String {
    match ns.strip_prefix("microsoft.graph") {
        Some("") => "models".to_owned(),
        Some(rest) if rest.starts_with('.') => field_ident(&rest[1..].replace('.', "_")),
        _ => field_ident(&ns.replace('.', "_")),
    }
}

pub(crate) fn ident(s: &str) -> Ident {
    Ident::new(s, Span::call_site())
}

/// Module (and file) names longer than this are shortened: a prefix and a stable hash.
const MAX_MODULE_LEN: usize = 60;

/// `name` as a module and file name of at most [`MAX_MODULE_LEN`] characters: longer names keep
/// their first 48 characters and a hash of the whole (FNV-1a, stable across runs and machines).
pub(crate) fn shorten(name: String) -> String {
    if name.chars().count() <= MAX_MODULE_LEN {
        return name;
    }
    let hash = name.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    });
    let prefix: String = name.chars().take(48).collect();
    format!("{}_{:08x}", prefix.trim_end_matches('_'), hash as u32)
}

/// A module name for `wanted`, unique in `namer` and short enough; a warning at `at` (line 1 of
/// no file when there is none) when it had to change.
fn module_for(
    namer: &mut Namer,
    wanted: String,
    what: &str,
    at: Option<&SourceLoc>,
    diags: &mut Diagnostics,
) -> String {
    let got = namer.unique(shorten(wanted.clone()));
    if got != wanted {
        let (file, line) = at.map_or(("", 0), |s| (s.file.as_str(), s.line));
        let why = if got.len() < wanted.len() {
            "shortened, a file name must stay short"
        } else {
            "the name is taken by another module of the crate"
        };
        diags.warn(
            file,
            line.max(1),
            DiagKind::Renamed,
            format!("{what} is generated as module `{got}`, not `{wanted}` ({why})"),
        );
    }
    got
}

/// Where a model's name decisions are reported: its first type, enum or operation.
fn first_source(model: &Model) -> Option<&SourceLoc> {
    model
        .types
        .first()
        .map(|t| &t.source)
        .or_else(|| model.enums.first().map(|e| &e.source))
        .or_else(|| model.operations.first().map(|o| &o.source))
}

/// The namespaces of a model's types and enums, sorted, each once.
fn namespaces(model: &Model) -> Vec<&str> {
    let mut namespaces: Vec<&str> = model
        .types
        .iter()
        .map(|t| t.namespace.as_str())
        .chain(model.enums.iter().map(|e| e.namespace.as_str()))
        .collect();
    namespaces.sort();
    namespaces.dedup();
    namespaces
}

/// Where a namespace's module name is reported: its first type, else its first enum.
fn namespace_source<'a>(model: &'a Model, ns: &str) -> Option<&'a SourceLoc> {
    model
        .types
        .iter()
        .find(|t| t.namespace == ns)
        .map(|t| &t.source)
        .or_else(|| {
            model
                .enums
                .iter()
                .find(|e| e.namespace == ns)
                .map(|e| &e.source)
        })
}

/// Namespace → module name, unique in the version module (which has `endpoints`, `registry` and
/// `mod` of its own).
fn namespace_modules(model: &Model, diags: &mut Diagnostics) -> BTreeMap<String, String> {
    let mut mod_namer = Namer::default();
    for taken in ["endpoints", "registry", "mod"] {
        mod_namer.reserve(taken);
    }
    namespaces(model)
        .iter()
        .map(|ns| {
            let what = format!("namespace `{ns}`");
            let m = module_for(
                &mut mod_namer,
                namespace_module(ns),
                &what,
                namespace_source(model, ns),
                diags,
            );
            (ns.to_string(), m)
        })
        .collect()
}

/// The Rust name of every type and enum (qualified name → [`Sym`]), and the namer of each
/// namespace, which still knows the names handed out.
fn type_symbols<'a>(
    model: &'a Model,
    ns_mods: &BTreeMap<String, String>,
) -> (HashMap<String, Sym>, BTreeMap<&'a str, Namer>) {
    // Names per namespace, in sorted order of qualified names (types and enums share them).
    let mut per_ns: BTreeMap<&str, Vec<(String, SymKind)>> = BTreeMap::new();
    for t in &model.types {
        per_ns
            .entry(&t.namespace)
            .or_default()
            .push((t.name.clone(), SymKind::Struct));
    }
    for e in &model.enums {
        per_ns
            .entry(&e.namespace)
            .or_default()
            .push((e.name.clone(), SymKind::Enum { flags: e.flags }));
    }
    let mut syms = HashMap::new();
    let mut namers: BTreeMap<&str, Namer> = BTreeMap::new();
    for (ns, mut items) in per_ns {
        items.sort_by(|a, b| a.0.cmp(&b.0));
        let namer = namers.entry(ns).or_default();
        for (name, kind) in items {
            let id = namer.unique(type_ident(&name));
            syms.insert(
                format!("{ns}.{name}"),
                Sym {
                    module: ns_mods[ns].clone(),
                    ident: id,
                    kind,
                },
            );
        }
    }
    (syms, namers)
}

/// Polymorphic base type → the ident of its `Any…` enum, unique in the base's namespace.
fn any_enum_names<'a>(
    index: &crate::model::ModelIndex<'a>,
    syms: &HashMap<String, Sym>,
    namers: &mut BTreeMap<&'a str, Namer>,
) -> HashMap<String, String> {
    let mut poly = HashMap::new();
    for q in &index.polymorphic {
        let (Some(t), Some(sym)) = (index.types.get(q), syms.get(q)) else {
            continue;
        };
        let namer = namers.entry(t.namespace.as_str()).or_default();
        poly.insert(q.clone(), namer.unique(format!("Any{}", sym.ident)));
    }
    poly
}

impl<'m> Ctx<'m> {
    /// Names every module, type, enum and `Any…` enum of one version, and finds its recursive
    /// edges and the features of its items.
    fn new(
        model: &'m Model,
        vmod: String,
        areas: &features::AreaFeatures,
        diags: &mut Diagnostics,
    ) -> Self {
        let ns_mods = namespace_modules(model, diags);
        let (syms, mut namers) = type_symbols(model, &ns_mods);
        let index = crate::model::ModelIndex::new(model);
        let poly = any_enum_names(&index, &syms, &mut namers);
        let crate::model::ModelIndex {
            types, descendants, ..
        } = index;
        let features = features::ItemFeatures::new(model, areas, |q| {
            crate::model::ModelIndex::all_properties_in(&types, q)
                .into_iter()
                .map(|p| p.ty.as_str())
                .collect()
        });
        let mut ctx = Ctx {
            model,
            vmod,
            ns_mods,
            syms,
            types,
            boxed: HashSet::new(),
            descendants,
            poly,
            features,
        };
        ctx.boxed = structs::recursive_edges(&ctx);
        ctx
    }

    /// The path of a named type as seen from module `scope`: its bare name inside its own
    /// module, `crate::beta::networkaccess::Connection` elsewhere.
    pub fn path_of(&self, q: &str, scope: &str) -> Option<TokenStream> {
        let s = self.syms.get(q)?;
        Some(self.item_path(&s.module, &s.ident, scope))
    }

    fn item_path(&self, module: &str, item: &str, scope: &str) -> TokenStream {
        let i = ident(item);
        if module == scope {
            return quote! { #i };
        }
        let v = ident(&self.vmod);
        let m = ident(module);
        quote! { crate::#v::#m::#i }
    }

    /// Rust type of a model type reference (without `Nullable`), boxed when `boxed`. A base type
    /// that has derived types becomes its `Any…` enum, which holds whichever type arrives.
    pub fn rust_type(
        &self,
        scope: &str,
        ty: &TypeRef,
        collection: bool,
        boxed: bool,
    ) -> TokenStream {
        let q = ty.as_str();
        if let (Some(any), Some(sym)) = (self.poly.get(q), self.syms.get(q)) {
            let inner = self.item_path(&sym.module, any, scope);
            return if collection {
                quote! { Vec<#inner> }
            } else {
                inner
            };
        }
        self.rust_type_concrete(scope, ty, collection, boxed)
    }

    /// Rust type of a response body: a collection page, a wrapped primitive or enum value, or the
    /// (possibly `Any…`) type itself.
    pub fn response_type(&self, ty: &TypeRef, collection: bool) -> TokenStream {
        let inner = self.rust_type("", ty, false, false);
        let is_enum = matches!(
            self.syms.get(ty.as_str()),
            Some(Sym {
                kind: SymKind::Enum { .. },
                ..
            })
        );
        if collection {
            quote! { rt::Collection<#inner> }
        } else if crate::model::single_response_is_wrapped(ty, is_enum) {
            quote! { rt::SingleValue<#inner> }
        } else {
            inner
        }
    }

    /// Rust type of a model type reference, never an `Any…` enum (request bodies are concrete).
    pub fn rust_type_concrete(
        &self,
        scope: &str,
        ty: &TypeRef,
        collection: bool,
        boxed: bool,
    ) -> TokenStream {
        let q = ty.as_str();
        let inner = match ty.primitive() {
            Some(p) => primitive(p),
            None => match (self.syms.get(q), self.path_of(q, scope)) {
                (
                    Some(Sym {
                        kind: SymKind::Enum { flags: true },
                        ..
                    }),
                    Some(path),
                ) => {
                    quote! { graphgen_runtime::FlagSet<#path> }
                }
                (Some(_), Some(path)) => path,
                _ => quote! { serde_json::Value },
            },
        };
        if collection {
            quote! { Vec<#inner> }
        } else if boxed {
            quote! { Box<#inner> }
        } else {
            inner
        }
    }

    /// Every property of a type, inherited ones first (see [`crate::model::ModelIndex`]).
    pub fn all_properties(&self, q: &str) -> Vec<&'m Property> {
        crate::model::ModelIndex::all_properties_in(&self.types, q)
    }
}

/// Rust type of a primitive.
fn primitive(p: crate::model::Primitive) -> TokenStream {
    use crate::model::Primitive as P;
    match p {
        P::String | P::Duration | P::Binary | P::Stream => quote! { String },
        P::Int16 => quote! { i16 },
        P::Int32 => quote! { i32 },
        P::Int64 => quote! { i64 },
        P::Byte => quote! { u8 },
        P::SByte => quote! { i8 },
        P::Boolean => quote! { bool },
        P::Double | P::Decimal => quote! { f64 },
        P::Single => quote! { f32 },
        // Formatted text that does not parse is kept, not fatal (see `graphgen_runtime::Lenient`).
        P::DateTimeOffset => quote! { rt::Lenient<chrono::DateTime<chrono::Utc>> },
        P::Date => quote! { rt::Lenient<chrono::NaiveDate> },
        P::TimeOfDay => quote! { rt::Lenient<chrono::NaiveTime> },
        P::Guid => quote! { rt::Lenient<uuid::Uuid> },
        P::Untyped => quote! { serde_json::Value },
    }
}

/// A file with only a head: the generated-by line and the tokens (inner docs, `mod` lines).
fn small_file(
    path: &str,
    header: &str,
    tokens: TokenStream,
) -> Result<format::RustFile, EmitError> {
    Ok(format::RustFile {
        path: path.to_owned(),
        head: format!("{header}\n{}", format::unparse(path, tokens)?),
        items: Vec::new(),
    })
}

/// The head of a file of items: the generated-by line, an inner doc line, and the import of
/// `Nullable` when the items use it.
fn file_head(path: &str, header: &str, doc: &str, items: &[String]) -> Result<String, EmitError> {
    let mut imports = TokenStream::new();
    // Unused when the items that use them are compiled out (see `features`).
    if items.iter().any(|i| i.contains("Nullable<")) {
        imports.extend(quote! { #[allow(unused_imports)] use graphgen_runtime::Nullable; });
    }
    if items.iter().any(|i| i.contains("rt::")) {
        imports.extend(quote! { #[allow(unused_imports)] use graphgen_runtime as rt; });
    }
    Ok(format!(
        "{header}\n{}",
        format::unparse(path, quote! { #![doc = #doc] #imports })?
    ))
}

fn header_line(command: &str) -> String {
    format!("// @generated by `{command}`. Do not edit: change the docs and regenerate.")
}

/// The items of a namespace module (structs, `Any…` enums, enums), built and laid out in
/// parallel.
fn namespace_items(
    ctx: &Ctx<'_>,
    path: &str,
    types: &[&TypeDef],
    enums: &[&EnumDef],
) -> Result<Vec<String>, EmitError> {
    let cfg = |q: String| ctx.features.item_cfg(&q);
    let mut items: Vec<String> = types
        .par_iter()
        .map(|t| format::unparse_item_cfg(path, structs::emit_struct(ctx, t), cfg(t.qualified())))
        .collect::<Result<_, _>>()?;
    let any: Vec<&&TypeDef> = types
        .iter()
        .filter(|t| ctx.poly.contains_key(&t.qualified()))
        .collect();
    items.extend(
        any.par_iter()
            .map(|t| format::unparse_item_cfg(path, derived::emit_any(ctx, t), cfg(t.qualified())))
            .collect::<Result<Vec<_>, _>>()?,
    );
    items.extend(
        enums
            .par_iter()
            .map(|e| format::unparse_item_cfg(path, enums::emit_enum(ctx, e), cfg(e.qualified())))
            .collect::<Result<Vec<_>, _>>()?,
    );
    Ok(items)
}

/// The public Rust path of what the emitter wrote for each item of the models (paths as a user
/// of the crate names them, without the crate name: `v1::models::User`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RustNames {
    /// (API version, qualified type or enum name) → its struct or enum.
    pub items: BTreeMap<(String, String), String>,
    /// (API version, qualified base type) → its `Any…` enum.
    pub any_enums: BTreeMap<(String, String), String>,
    /// (API version, operation name) → its endpoint descriptor.
    pub descriptors: BTreeMap<(String, String), String>,
    /// (API version, operation name) → the struct of its body parameters.
    pub bodies: BTreeMap<(String, String), String>,
}

impl RustNames {
    /// Records the names of one version's types, enums and `Any…` enums.
    fn add_types(&mut self, ctx: &Ctx<'_>) {
        let v = &ctx.model.version;
        for (q, sym) in &ctx.syms {
            let path = format!("{}::{}::{}", ctx.vmod, sym.module, sym.ident);
            self.items.insert((v.clone(), q.clone()), path);
            if let Some(any) = ctx.poly.get(q) {
                let path = format!("{}::{}::{any}", ctx.vmod, sym.module);
                self.any_enums.insert((v.clone(), q.clone()), path);
            }
        }
    }

    /// Records the names of one version's descriptors and body structs (all re-exported by
    /// `endpoints`).
    fn add_endpoints(&mut self, ctx: &Ctx<'_>, ep: &endpoints::EndpointFiles) {
        let v = &ctx.model.version;
        let path = |id: &str| format!("{}::endpoints::{id}", ctx.vmod);
        for (op, id) in &ep.descriptors {
            self.descriptors.insert((v.clone(), op.clone()), path(id));
        }
        for (op, id) in &ep.bodies {
            self.bodies.insert((v.clone(), op.clone()), path(id));
        }
    }
}

/// The emitted crate.
#[derive(Debug, Clone)]
pub struct Emitted {
    /// Path relative to the crate root → content.
    pub files: Files,
    /// Time spent in rustfmt.
    pub rustfmt_time: std::time::Duration,
    /// Names the crate could not use as the docs have them (module names taken or too long).
    pub diagnostics: Diagnostics,
    /// What each item of the models is called in the crate.
    pub names: RustNames,
}

/// Emits the crate for all models.
pub fn emit_crate(models: &[Model], opts: &EmitOptions) -> Result<Emitted, EmitError> {
    let header = header_line(&opts.command);
    let mut files: Vec<format::RustFile> = Vec::new();
    let mut version_mods = Vec::new();
    let mut diagnostics = Diagnostics::default();
    let vmods = version_modules(models, &mut diagnostics);
    let mut reserved = vec!["client", "azure", "registry", "default"];
    reserved.extend(vmods.iter().map(String::as_str));
    let areas = features::AreaFeatures::new(models, &reserved);
    let mut names = RustNames::default();
    for (model, vmod) in models.iter().zip(vmods.iter().cloned()) {
        let ctx = Ctx::new(model, vmod, &areas, &mut diagnostics);
        names.add_types(&ctx);
        emit_version(&ctx, &header, &mut files, &mut names)?;
        version_mods.push((model.version.clone(), ctx.vmod.clone()));
    }
    files.push(lib_file(&header, &version_mods)?);
    let start = std::time::Instant::now();
    let texts = format::finish(files, opts.rustfmt)?;
    let rustfmt_time = start.elapsed();
    let mut out: Files = texts.into_iter().collect();
    out.insert(
        "Cargo.toml".to_owned(),
        cargo_toml(opts, &version_mods, &area_features(models, &areas)),
    );
    Ok(Emitted {
        files: out,
        rustfmt_time,
        diagnostics,
        names,
    })
}

/// The module of each model's version (`v1`, `beta`), in model order; a warning for each that
/// had to change.
fn version_modules(models: &[Model], diagnostics: &mut Diagnostics) -> Vec<String> {
    // Version modules are Cargo features too: they avoid the crate's own modules and features.
    let mut version_namer = Namer::default();
    for taken in [
        "prelude",
        "runtime",
        "lib",
        "client",
        "azure",
        "registry",
        "default",
        features::FULL,
        features::COMMON,
    ] {
        version_namer.reserve(taken);
    }
    models
        .iter()
        .map(|model| {
            let what = format!("API version `{}`", model.version);
            module_for(
                &mut version_namer,
                version_module(&model.version),
                &what,
                first_source(model),
                diagnostics,
            )
        })
        .collect()
}

/// The files of one version module: a file per namespace, the endpoints, the registry and the
/// version's `mod.rs`, pushed onto `files`.
fn emit_version(
    ctx: &Ctx<'_>,
    header: &str,
    files: &mut Vec<format::RustFile>,
    names: &mut RustNames,
) -> Result<(), EmitError> {
    let model = ctx.model;
    let vdir = format!("src/{}", ctx.vmod);
    let mut mods = namespace_files(ctx, &vdir, header, files)?;
    let ep = endpoints::emit_endpoints(ctx, &format!("{vdir}/endpoints"))?;
    names.add_endpoints(ctx, &ep);
    if !ep.files.is_empty() {
        endpoint_files(&vdir, header, ep.files, files)?;
        mods.push(quote! { pub mod endpoints; });
    }
    files.push(registry_file(ctx, &vdir, header, &ep.descriptors)?);
    mods.push(quote! {
        #[cfg(feature = "registry")]
        pub mod registry;
    });
    let vdoc = format!(
        " Microsoft Graph API version `{}`: {} types, {} enums, {} operations.",
        model.version,
        model.types.len(),
        model.enums.len(),
        model.operations.len()
    );
    let path = format!("{vdir}/mod.rs");
    files.push(small_file(
        &path,
        header,
        quote! { #![doc = #vdoc] #(#mods)* },
    )?);
    Ok(())
}

/// The file of each namespace of a version, pushed onto `files`; returns their `mod` lines.
fn namespace_files(
    ctx: &Ctx<'_>,
    vdir: &str,
    header: &str,
    files: &mut Vec<format::RustFile>,
) -> Result<Vec<TokenStream>, EmitError> {
    let model = ctx.model;
    let mut mods = Vec::new();
    for (ns, m) in &ctx.ns_mods {
        let types: Vec<&TypeDef> = model.types.iter().filter(|t| &t.namespace == ns).collect();
        let enums: Vec<&EnumDef> = model.enums.iter().filter(|e| &e.namespace == ns).collect();
        let path = format!("{vdir}/{m}.rs");
        let doc = format!(
            " Types and enums of the `{ns}` namespace (API version `{}`).",
            model.version
        );
        let items = namespace_items(ctx, &path, &types, &enums)?;
        let head = file_head(&path, header, &doc, &items)?;
        files.push(format::RustFile { path, head, items });
        let mi = ident(m);
        let d = format!(" The `{ns}` namespace.");
        mods.push(quote! { #[doc = #d] pub mod #mi; });
    }
    Ok(mods)
}

/// The endpoint files of a version (module name, doc, items) and their `endpoints/mod.rs`,
/// pushed onto `files`.
fn endpoint_files(
    vdir: &str,
    header: &str,
    ep_files: Vec<(String, String, Vec<String>)>,
    files: &mut Vec<format::RustFile>,
) -> Result<(), EmitError> {
    let mut ep_mods = Vec::new();
    for (m, doc, items) in ep_files {
        let path = format!("{vdir}/endpoints/{m}.rs");
        let head = file_head(&path, header, &doc, &items)?;
        files.push(format::RustFile { path, head, items });
        let mi = ident(&m);
        // Empty when the features compile its operations out.
        ep_mods.push(quote! { mod #mi; #[allow(unused_imports)] pub use #mi::*; });
    }
    let path = format!("{vdir}/endpoints/mod.rs");
    let tokens = quote! {
        //! Endpoint descriptors: one type per operation of this API version. Each implements
        //! [`graphgen_runtime::Endpoint`]; a client sends any of them.
        #(#ep_mods)*
    };
    files.push(small_file(&path, header, tokens)?);
    Ok(())
}

/// The registry file of a version (feature `registry`).
fn registry_file(
    ctx: &Ctx<'_>,
    vdir: &str,
    header: &str,
    descriptors: &[(String, String)],
) -> Result<format::RustFile, EmitError> {
    let path = format!("{vdir}/registry.rs");
    let items = vec![format::unparse_item(
        &path,
        registry::emit_registry(ctx, descriptors),
    )?];
    let head = file_head(
        &path,
        header,
        " Round trips through this version's types chosen by name (feature `registry`).",
        &items,
    )?;
    Ok(format::RustFile { path, head, items })
}

/// `src/lib.rs`: the crate docs, the runtime re-export, the prelude and one module per version
/// (API version, module) behind the feature of the same name.
fn lib_file(
    header: &str,
    version_mods: &[(String, String)],
) -> Result<format::RustFile, EmitError> {
    let lib_mods = version_mods.iter().map(|(v, m)| {
        let mi = ident(m);
        let d = format!(" Microsoft Graph `{v}`.");
        quote! { #[cfg(feature = #m)] #[doc = #d] pub mod #mi; }
    });
    let lib = quote! {
        //! A typed Microsoft Graph SDK, generated by graphgen from the Microsoft Graph API reference
        //! documentation. Each API version is a module behind a Cargo feature of the same name.
        //!
        //! Properties are [`graphgen_runtime::Nullable`], which keeps "absent" and "null" apart;
        //! every struct keeps the properties it does not know in `additional_properties`, and every
        //! enum keeps values it does not know, so nothing Graph sends is lost on a round trip.
        //!
        //! The structs, the enums and the `Any…` enums of derived types are `#[non_exhaustive]`:
        //! the docs add properties, members and derived types all the time, and each is then a
        //! minor release, not a breaking one. Build a struct with `Type::build(|t| …)`
        //! ([`graphgen_runtime::object::Object::build`], in the prelude) or with
        //! `Type::default()` and assignments; a `match` on an enum needs a `_` arm.
        //!
        //! Each operation is a descriptor in `<version>::endpoints` that the runtime's client
        //! sends; `use graphgen_sdk::prelude::*;` brings the query option setters into scope.
        #![forbid(unsafe_code)]
        pub use graphgen_runtime as runtime;
        /// The traits a program calling Graph needs in scope: the query option setters,
        /// `query_param`, `header`, `consistency_level_eventual`, and `Object` (`Type::build`).
        pub mod prelude {
            pub use graphgen_runtime::prelude::*;
        }
        #(#lib_mods)*
    };
    small_file("src/lib.rs", header, lib)
}

/// The area features of the crate: (feature, its comment line), sorted by feature.
fn area_features(models: &[Model], areas: &features::AreaFeatures) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = areas
        .iter()
        .map(|(area, feature)| {
            let per_version: Vec<String> = models
                .iter()
                .filter_map(|m| {
                    let of = |a: &Option<String>| a.as_deref() == Some(area);
                    let items = m.types.iter().filter(|t| of(&t.area)).count()
                        + m.enums.iter().filter(|e| of(&e.area)).count();
                    let ops = m.operations.iter().filter(|o| of(&o.area)).count();
                    (items + ops > 0).then(|| {
                        format!("{}: {items} types and enums, {ops} operations", m.version)
                    })
                })
                .collect();
            (
                feature.to_owned(),
                format!("# `{area}`: {}.", per_version.join("; ")),
            )
        })
        .collect();
    out.sort();
    out
}

fn cargo_toml(
    opts: &EmitOptions,
    versions: &[(String, String)],
    areas: &[(String, String)],
) -> String {
    let runtime = match &opts.runtime {
        RuntimeDep::Path(p) => format!(
            "graphgen-runtime = {{ path = {:?}, default-features = false }}",
            p
        ),
        RuntimeDep::Version(v) => format!(
            "graphgen-runtime = {{ version = {:?}, default-features = false }}",
            v
        ),
    };
    let features: Vec<String> = versions.iter().map(|(_, m)| format!("{m} = []")).collect();
    let mut default: Vec<&str> = if versions.iter().any(|(_, m)| m == "v1") {
        vec!["\"v1\""]
    } else {
        versions
            .iter()
            .map(|(_, m)| m.as_str())
            .map(|m| if m == "beta" { "\"beta\"" } else { "" })
            .filter(|s| !s.is_empty())
            .collect()
    };
    // The HTTP client (reqwest + tokio) is a default feature; without it the descriptors work
    // with any HTTP stack. Every area is on by default, so that any page of the docs has its
    // code; a program that needs a few areas lists them (README, "Cargo features").
    default.push("\"client\"");
    default.push("\"full\"");
    let mut area_lines = vec![
        format!(
            "# Everything: `common` and every product area.\n{} = [{}]",
            features::FULL,
            std::iter::once(features::COMMON)
                .chain(areas.iter().map(|(f, _)| f.as_str()))
                .map(|f| format!("{f:?}"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        format!(
            "# Operations of no product area, and shared types that no enabled area needs.\n{} = []",
            features::COMMON
        ),
        "# Product areas (the pages' `ms.subservice`, or `ms.prod`): each compiles its types, enums\n# and operations, and the shared types they need. A property whose type is in a disabled area\n# is kept as JSON in `additional_properties`; an operation that needs a type of a disabled\n# area is compiled out.".to_owned(),
    ];
    area_lines.extend(areas.iter().map(|(f, c)| format!("{c}\n{f} = []")));
    let workspace = if opts.workspace_member {
        ""
    } else {
        "\n# Not part of any enclosing workspace.\n[workspace]\n"
    };
    format!(
        "# @generated by `{cmd}`. Do not edit: change the docs and regenerate.\n[package]\nname = {name:?}\nversion = \"0.1.0\"\nedition = \"2021\"\nlicense = \"MIT OR Apache-2.0\"\ndescription = \"Typed Microsoft Graph SDK generated from the API reference docs\"\npublish = false\n\n[features]\ndefault = [{default}]\n# The runtime's HTTP client: `graphgen_runtime::Client` (reqwest + tokio).\nclient = [\"graphgen-runtime/client\"]\n# Tokens from a credential of the Azure SDK for Rust: `graphgen_runtime::client::AzureCredential`.\nazure = [\"client\", \"graphgen-runtime/azure\"]\n# Round trips through the types chosen by name (`<version>::registry`), for `cargo xtask examples`.\nregistry = [\"graphgen-runtime/registry\"]\n{features}\n{areas}\n\n[dependencies]\n{runtime}\nserde = {{ version = \"1\", features = [\"derive\"] }}\nserde_json = {{ version = \"1\", features = [\"preserve_order\", \"float_roundtrip\"] }}\nchrono = {{ version = \"0.4\", default-features = false, features = [\"serde\", \"std\"] }}\nuuid = {{ version = \"1\", features = [\"serde\"] }}\n{workspace}",
        cmd = opts.command,
        name = opts.crate_name,
        default = default.join(", "),
        features = features.join("\n"),
        areas = area_lines.join("\n"),
    )
}
