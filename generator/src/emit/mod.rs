//! Stage 4, **emit**: the models become the files of a Rust crate, as text. This is the only
//! stage that knows Rust: naming, module layout per namespace and version, recursion (`Box`),
//! serde attributes and rustdoc. Output is formatted with `prettyplease` and deterministic.

mod derived;
mod docs;
mod endpoints;
mod enums;
mod format;
pub(crate) mod naming;
mod structs;

use crate::model::{EnumDef, Model, Property, TypeDef};
use naming::{field_ident, type_ident, Namer};
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;
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
    /// Run rustfmt over the output (so it is exactly `cargo fmt`-clean); without it the code is
    /// laid out by prettyplease alone.
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
}

/// `v1.0` → `v1`, `beta` → `beta`.
pub(crate) fn version_module(v: &str) -> String {
    let base = v.split('.').next().unwrap_or(v);
    field_ident(base)
}

/// `microsoft.graph` → `models`; `microsoft.graph.callRecords` → `call_records`.
fn namespace_module(ns: &str) -> String {
    match ns.strip_prefix("microsoft.graph") {
        Some("") => "models".to_owned(),
        Some(rest) if rest.starts_with('.') => field_ident(&rest[1..].replace('.', "_")),
        _ => field_ident(&ns.replace('.', "_")),
    }
}

pub(crate) fn ident(s: &str) -> Ident {
    Ident::new(s, Span::call_site())
}

impl<'m> Ctx<'m> {
    fn new(model: &'m Model) -> Self {
        let vmod = version_module(&model.version);
        let mut namespaces: Vec<&str> = model
            .types
            .iter()
            .map(|t| t.namespace.as_str())
            .chain(model.enums.iter().map(|e| e.namespace.as_str()))
            .collect();
        namespaces.sort();
        namespaces.dedup();
        let mut mod_namer = Namer::default();
        mod_namer.reserve("endpoints");
        let ns_mods: BTreeMap<String, String> = namespaces
            .iter()
            .map(|ns| (ns.to_string(), mod_namer.unique(namespace_module(ns))))
            .collect();
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
        let types = model.types.iter().map(|t| (t.qualified(), t)).collect();
        let descendants = derived::descendants(model);
        let mut poly = HashMap::new();
        for q in derived::used_polymorphically(model, &descendants) {
            let (Some(t), Some(sym)) = (
                model.types.iter().find(|t| t.qualified() == q),
                syms.get(&q),
            ) else {
                continue;
            };
            let namer = namers.entry(t.namespace.as_str()).or_default();
            poly.insert(q.clone(), namer.unique(format!("Any{}", sym.ident)));
        }
        let mut ctx = Ctx {
            model,
            vmod,
            ns_mods,
            syms,
            types,
            boxed: HashSet::new(),
            descendants,
            poly,
        };
        ctx.boxed = structs::recursive_edges(&ctx);
        ctx
    }

    /// The path of a named type: `crate::beta::networkaccess::Connection`.
    pub fn path_of(&self, q: &str) -> Option<TokenStream> {
        let s = self.syms.get(q)?;
        let v = ident(&self.vmod);
        let m = ident(&s.module);
        let i = ident(&s.ident);
        Some(quote! { crate::#v::#m::#i })
    }

    /// Rust type of a model type reference (without `Nullable`), boxed when `boxed`. A base type
    /// that has derived types becomes its `Any…` enum, which holds whichever type arrives.
    pub fn rust_type(&self, ty: &str, collection: bool, boxed: bool) -> TokenStream {
        if let (Some(any), Some(sym)) = (self.poly.get(ty), self.syms.get(ty)) {
            let v = ident(&self.vmod);
            let m = ident(&sym.module);
            let a = ident(any);
            let inner = quote! { crate::#v::#m::#a };
            return if collection {
                quote! { Vec<#inner> }
            } else {
                inner
            };
        }
        self.rust_type_concrete(ty, collection, boxed)
    }

    /// Rust type of a model type reference, never an `Any…` enum (request bodies are concrete).
    pub fn rust_type_concrete(&self, ty: &str, collection: bool, boxed: bool) -> TokenStream {
        let inner = match crate::extract::typeref::Primitive::from_edm(ty) {
            Some(p) => primitive(p),
            None => match (self.syms.get(ty), self.path_of(ty)) {
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

    /// Every property of a type, inherited ones first (root base first); a name already seen
    /// higher up is not repeated.
    pub fn all_properties(&self, q: &str) -> Vec<&'m Property> {
        let mut chain = Vec::new();
        let mut cur = Some(q.to_owned());
        while let Some(c) = cur {
            let Some(t) = self.types.get(&c) else { break };
            if chain.iter().any(|x: &&TypeDef| x.qualified() == c) || chain.len() > 64 {
                break;
            }
            chain.push(*t);
            cur = t.base.clone();
        }
        let mut out: Vec<&Property> = Vec::new();
        for t in chain.iter().rev() {
            for p in &t.properties {
                if !out.iter().any(|x| x.name == p.name) {
                    out.push(p);
                }
            }
        }
        out
    }
}

/// Rust type of a primitive.
fn primitive(p: crate::extract::typeref::Primitive) -> TokenStream {
    use crate::extract::typeref::Primitive as P;
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
        P::DateTimeOffset => quote! { chrono::DateTime<chrono::Utc> },
        P::Date => quote! { chrono::NaiveDate },
        P::TimeOfDay => quote! { chrono::NaiveTime },
        P::Guid => quote! { uuid::Uuid },
        P::Untyped => quote! { serde_json::Value },
    }
}

/// Formats tokens as a Rust file, with the generated-by line first.
fn format_file(path: &str, header: &str, tokens: TokenStream) -> Result<String, EmitError> {
    Ok(format!("{header}\n{}", format::unparse(path, tokens)?))
}

fn header_line(command: &str) -> String {
    format!("// @generated by `{command}`. Do not edit: change the docs and regenerate.")
}

fn namespace_file(ctx: &Ctx<'_>, ns: &str, types: &[&TypeDef], enums: &[&EnumDef]) -> TokenStream {
    let doc = format!(
        " Types and enums of the `{ns}` namespace (API version `{}`).",
        ctx.model.version
    );
    let items_t = types.iter().map(|t| structs::emit_struct(ctx, t));
    let items_e = enums.iter().map(|e| enums::emit_enum(ctx, e));
    let items_any = types
        .iter()
        .filter(|t| ctx.poly.contains_key(&t.qualified()))
        .map(|t| derived::emit_any(ctx, t));
    quote! {
        #![doc = #doc]
        #(#items_t)*
        #(#items_any)*
        #(#items_e)*
    }
}

/// The emitted crate.
#[derive(Debug, Clone)]
pub struct Emitted {
    /// Path relative to the crate root → content.
    pub files: Files,
    /// Files rustfmt could not format (not installed, or it failed); they keep prettyplease's
    /// layout and `cargo fmt --check` would flag them.
    pub unformatted: Vec<String>,
    /// Time spent in rustfmt.
    pub rustfmt_time: std::time::Duration,
}

/// Emits the crate for all models.
pub fn emit_crate(models: &[Model], opts: &EmitOptions) -> Result<Emitted, EmitError> {
    let header = header_line(&opts.command);
    let mut files = Files::new();
    let mut version_mods = Vec::new();
    for model in models {
        let ctx = Ctx::new(model);
        let vdir = format!("src/{}", ctx.vmod);
        let mut mods = Vec::new();
        for (ns, m) in &ctx.ns_mods {
            let types: Vec<&TypeDef> = model.types.iter().filter(|t| &t.namespace == ns).collect();
            let enums: Vec<&EnumDef> = model.enums.iter().filter(|e| &e.namespace == ns).collect();
            let path = format!("{vdir}/{m}.rs");
            let tokens = namespace_file(&ctx, ns, &types, &enums);
            files.insert(path.clone(), format_file(&path, &header, tokens)?);
            let mi = ident(m);
            let d = format!(" The `{ns}` namespace.");
            mods.push(quote! { #[doc = #d] pub mod #mi; });
        }
        let ep = endpoints::emit_endpoints(&ctx);
        let has_endpoints = !ep.is_empty();
        if has_endpoints {
            let mut ep_mods = Vec::new();
            for (m, tokens) in ep {
                let path = format!("{vdir}/endpoints/{m}.rs");
                files.insert(path.clone(), format_file(&path, &header, tokens)?);
                let mi = ident(&m);
                ep_mods.push(quote! { mod #mi; pub use #mi::*; });
            }
            let path = format!("{vdir}/endpoints/mod.rs");
            let tokens = quote! {
                //! Endpoint descriptors: one type per operation of this API version. Each implements
                //! [`graphgen_runtime::Endpoint`]; a client sends any of them.
                #(#ep_mods)*
            };
            files.insert(path.clone(), format_file(&path, &header, tokens)?);
            mods.push(quote! { pub mod endpoints; });
        }
        let vdoc = format!(
            " Microsoft Graph API version `{}`: {} types, {} enums, {} operations.",
            model.version,
            model.types.len(),
            model.enums.len(),
            model.operations.len()
        );
        let path = format!("{vdir}/mod.rs");
        files.insert(
            path.clone(),
            format_file(&path, &header, quote! { #![doc = #vdoc] #(#mods)* })?,
        );
        version_mods.push((model.version.clone(), ctx.vmod.clone()));
    }
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
        #![forbid(unsafe_code)]
        pub use graphgen_runtime as runtime;
        #(#lib_mods)*
    };
    files.insert(
        "src/lib.rs".to_owned(),
        format_file("src/lib.rs", &header, lib)?,
    );
    files.insert("Cargo.toml".to_owned(), cargo_toml(opts, &version_mods));
    let start = std::time::Instant::now();
    let unformatted = if opts.rustfmt {
        format::rustfmt_all(&mut files)
    } else {
        Vec::new()
    };
    Ok(Emitted {
        files,
        unformatted,
        rustfmt_time: start.elapsed(),
    })
}

fn cargo_toml(opts: &EmitOptions, versions: &[(String, String)]) -> String {
    let runtime = match &opts.runtime {
        RuntimeDep::Path(p) => format!("graphgen-runtime = {{ path = {:?} }}", p),
        RuntimeDep::Version(v) => format!("graphgen-runtime = {:?}", v),
    };
    let features: Vec<String> = versions.iter().map(|(_, m)| format!("{m} = []")).collect();
    let default: Vec<&str> = if versions.iter().any(|(_, m)| m == "v1") {
        vec!["\"v1\""]
    } else {
        versions
            .iter()
            .map(|(_, m)| m.as_str())
            .map(|m| if m == "beta" { "\"beta\"" } else { "" })
            .filter(|s| !s.is_empty())
            .collect()
    };
    let workspace = if opts.workspace_member {
        ""
    } else {
        "\n# Not part of any enclosing workspace.\n[workspace]\n"
    };
    format!(
        "# @generated by `{cmd}`. Do not edit: change the docs and regenerate.\n[package]\nname = {name:?}\nversion = \"0.1.0\"\nedition = \"2021\"\nlicense = \"MIT OR Apache-2.0\"\ndescription = \"Typed Microsoft Graph SDK generated from the API reference docs\"\npublish = false\n\n[features]\ndefault = [{default}]\n{features}\n\n[dependencies]\n{runtime}\nserde = {{ version = \"1\", features = [\"derive\"] }}\nserde_json = {{ version = \"1\", features = [\"preserve_order\"] }}\nchrono = {{ version = \"0.4\", default-features = false, features = [\"serde\", \"std\"] }}\nuuid = {{ version = \"1\", features = [\"serde\"] }}\n{workspace}",
        cmd = opts.command,
        name = opts.crate_name,
        default = default.join(", "),
        features = features.join("\n"),
    )
}
