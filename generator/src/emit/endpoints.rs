//! Endpoint descriptors: one type per operation implementing `graphgen_runtime::Endpoint`, with
//! constructors per documented path (path parameters percent-encoded), setters for exactly the
//! query options its page names, body and response types, and permissions as data and rustdoc.
//! No operation gets an async function of its own: the runtime's one executor sends any of them.

use super::docs::{doc_lines, escape, prose};
use super::naming::{field_ident, type_ident, Namer};
use super::{ident, namespace_module, Ctx};
use crate::model::{
    HttpMethod, Operation, Parameter, PathParameterKind, PathTemplate, Permissions, RequestBody,
    TypeRef,
};
use proc_macro2::TokenStream;
use quote::quote;
use rayon::prelude::*;
use std::collections::BTreeMap;

fn perm_list(sets: &[Vec<String>]) -> String {
    if sets.is_empty() {
        return "not supported".to_owned();
    }
    sets.iter()
        .map(|s| {
            s.iter()
                .map(|p| format!("`{p}`"))
                .collect::<Vec<_>>()
                .join(" and ")
        })
        .collect::<Vec<_>>()
        .join("; or ")
}

/// The permissions part of a descriptor's rustdoc.
fn permission_docs(p: &Permissions, lines: &mut Vec<String>) {
    if p.sources.is_empty() {
        lines.push("Permissions: the docs do not state them.".to_owned());
        return;
    }
    lines.push("Permissions (each line lists alternatives, least privileged first):".to_owned());
    for (kind, sets) in [
        ("Delegated (work or school account)", &p.delegated_work),
        (
            "Delegated (personal Microsoft account)",
            &p.delegated_personal,
        ),
        ("Application", &p.application),
    ] {
        lines.push(format!("- {kind}: {}", perm_list(sets)));
    }
    let included: Vec<String> = p
        .sources
        .iter()
        .filter_map(|s| {
            let table = s.table.as_ref()?;
            Some(format!(
                "`{}` (included at `{}`)",
                escape(&table.to_string()),
                escape(&s.source.to_string())
            ))
        })
        .collect();
    if !included.is_empty() {
        lines.push(String::new());
        lines.push(format!("Permissions table: {}.", included.join(", ")));
    }
}

fn perm_tokens(sets: &[Vec<String>]) -> TokenStream {
    let inner = sets.iter().map(|s| {
        let ps = s.iter();
        quote! { &[#(#ps),*] }
    });
    quote! { &[#(#inner),*] }
}

fn permissions_tokens(p: &Permissions) -> TokenStream {
    let w = perm_tokens(&p.delegated_work);
    let d = perm_tokens(&p.delegated_personal);
    let a = perm_tokens(&p.application);
    quote! {
        rt::Permissions { delegated_work: #w, delegated_personal: #d, application: #a }
    }
}

fn method_tokens(m: HttpMethod) -> TokenStream {
    match m {
        HttpMethod::Get => quote! { rt::Method::Get },
        HttpMethod::Post => quote! { rt::Method::Post },
        HttpMethod::Put => quote! { rt::Method::Put },
        HttpMethod::Patch => quote! { rt::Method::Patch },
        HttpMethod::Delete => quote! { rt::Method::Delete },
    }
}

/// The query option traits of the runtime (`rt::query::Filter`, …) by option name.
fn option_trait(opt: &str) -> Option<&'static str> {
    Some(match opt {
        "$select" => "Select",
        "$expand" => "Expand",
        "$filter" => "Filter",
        "$orderby" => "OrderBy",
        "$top" => "Top",
        "$skip" => "Skip",
        "$skiptoken" => "SkipToken",
        "$count" => "Count",
        "$search" => "Search",
        "$format" => "Format",
        "$deltatoken" => "DeltaToken",
        _ => return None,
    })
}

/// The setter method of an option's trait.
fn option_method(opt: &str) -> &'static str {
    match opt {
        "$orderby" => "order_by",
        "$skiptoken" => "skip_token",
        "$deltatoken" => "delta_token",
        "$select" => "select",
        "$expand" => "expand",
        "$filter" => "filter",
        "$top" => "top",
        "$skip" => "skip",
        "$count" => "count",
        "$search" => "search",
        _ => "format",
    }
}

/// How a parameter is taken from the caller: its Rust type and the expression passed to the
/// runtime (an `ODataValue`).
struct ArgType {
    ty: TokenStream,
    /// Builds the value expression from the argument's identifier.
    pass: fn(&syn::Ident) -> TokenStream,
    /// How the docs type reads in rustdoc.
    shown: String,
}

fn by_ref(id: &syn::Ident) -> TokenStream {
    quote! { &#id }
}

fn as_is(id: &syn::Ident) -> TokenStream {
    quote! { #id }
}

fn verbatim(id: &syn::Ident) -> TokenStream {
    quote! { &rt::Verbatim(#id.to_owned()) }
}

fn member(id: &syn::Ident) -> TokenStream {
    quote! { &rt::Member(#id.as_str()) }
}

/// The Rust type of a parameter value in a URL.
fn arg_type(ctx: &Ctx<'_>, ty: &TypeRef, collection: bool) -> ArgType {
    use crate::model::Primitive as P;
    let shown = if collection {
        format!("{ty} collection")
    } else {
        ty.to_string()
    };
    let scalar = |t: TokenStream| ArgType {
        ty: if collection {
            quote! { &[#t] }
        } else {
            t
        },
        pass: if collection { as_is } else { by_ref },
        shown: shown.clone(),
    };
    match ty.primitive() {
        Some(P::String | P::Duration | P::Binary | P::Stream) => ArgType {
            ty: if collection {
                quote! { &[&str] }
            } else {
                quote! { &str }
            },
            pass: as_is,
            shown,
        },
        Some(P::Int16) => scalar(quote! { i16 }),
        Some(P::Int32) => scalar(quote! { i32 }),
        Some(P::Int64) => scalar(quote! { i64 }),
        Some(P::Byte) => scalar(quote! { u8 }),
        Some(P::SByte) => scalar(quote! { i8 }),
        Some(P::Boolean) => scalar(quote! { bool }),
        Some(P::Double | P::Decimal) => scalar(quote! { f64 }),
        Some(P::Single) => scalar(quote! { f32 }),
        Some(P::DateTimeOffset) => scalar(quote! { chrono::DateTime<chrono::Utc> }),
        Some(P::Date) => scalar(quote! { chrono::NaiveDate }),
        Some(P::TimeOfDay) => scalar(quote! { chrono::NaiveTime }),
        Some(P::Guid) => scalar(quote! { uuid::Uuid }),
        Some(P::Untyped) | None => {
            let is_enum = matches!(
                ctx.syms.get(ty.as_str()),
                Some(super::Sym {
                    kind: super::SymKind::Enum { flags: false },
                    ..
                })
            );
            match ctx.path_of(ty.as_str(), "") {
                Some(path) if is_enum && !collection => ArgType {
                    ty: quote! { &#path },
                    pass: member,
                    shown,
                },
                // Untyped, complex, flags or collections of enums: the literal as written.
                _ => ArgType {
                    ty: quote! { &str },
                    pass: verbatim,
                    shown: format!("{shown}, given as an OData literal"),
                },
            }
        }
    }
}

/// One argument of a constructor or setter: its identifier, type, and how it is applied.
struct ArgSpec {
    id: syn::Ident,
    ty: TokenStream,
    apply: TokenStream,
    doc: String,
}

/// A path's constructor: the arguments it takes (its keys, its required function arguments, the
/// required query parameters; see [`constructor_args`]), the body last, and the request
/// expression they build.
fn constructor(
    ctx: &Ctx<'_>,
    fn_name: &str,
    template: &PathTemplate,
    op: &Operation,
    body_ty: Option<&TokenStream>,
) -> TokenStream {
    let args = constructor_args(ctx, template, op);
    let fid = ident(fn_name);
    let decls = args.iter().map(|a| {
        let (id, ty) = (&a.id, &a.ty);
        quote! { #id: #ty }
    });
    let applies = args.iter().map(|a| &a.apply);
    let t = &template.template;
    let mut lines = vec![format!("`{} {}`", op.method.as_str(), escape(t))];
    if !args.is_empty() {
        lines.push(String::new());
        lines.extend(args.iter().map(|a| format!("- {}", a.doc)));
    }
    let docs = doc_lines(&lines);
    let (body_arg, attach) = match body_ty {
        Some(b) => (quote! { body: #b }, quote! { .attach(body) }),
        None => (TokenStream::new(), TokenStream::new()),
    };
    let comma = if !args.is_empty() && body_ty.is_some() {
        quote! {,}
    } else {
        TokenStream::new()
    };
    quote! {
        #docs
        pub fn #fid(#(#decls),* #comma #body_arg) -> Self {
            Self(rt::Request::template(#t) #(#applies)* #attach)
        }
    }
}

/// The arguments of a path's constructor, in order: its required keys and function arguments,
/// then the required query parameters (`body` is left for the request body).
fn constructor_args(ctx: &Ctx<'_>, template: &PathTemplate, op: &Operation) -> Vec<ArgSpec> {
    let mut namer = Namer::default();
    namer.reserve("body");
    let mut args: Vec<ArgSpec> = Vec::new();
    for p in &template.parameters {
        if !p.required {
            continue;
        }
        let id = ident(&namer.unique(field_ident(&p.name)));
        let name = &p.name;
        let (ty, apply, shown) = match p.kind {
            PathParameterKind::Key => (
                quote! { &str },
                quote! { .key(#name, #id) },
                format!("key `{}`", escape(&p.written)),
            ),
            PathParameterKind::Function => {
                let a = arg_type(ctx, &p.ty, p.collection);
                let pass = (a.pass)(&id);
                (
                    a.ty,
                    quote! { .arg(#name, #pass) },
                    format!("`{}`", escape(&a.shown)),
                )
            }
        };
        let desc = op
            .function_parameters
            .iter()
            .find(|f| f.name == p.name)
            .map(|f| f.description.as_str())
            .unwrap_or("");
        args.push(ArgSpec {
            id,
            ty,
            apply,
            doc: format!("`{}` ({shown}){}", p.name, described(desc)),
        });
    }
    for q in op.query_parameters.iter().filter(|q| q.required) {
        let id = ident(&namer.unique(field_ident(&q.name)));
        let a = arg_type(ctx, &q.ty, q.collection);
        let pass = (a.pass)(&id);
        let name = &q.name;
        args.push(ArgSpec {
            id,
            ty: a.ty,
            apply: quote! { .query_param(#name, #pass) },
            doc: format!(
                "`{}` (query, `{}`){}",
                q.name,
                escape(&a.shown),
                described(&q.description)
            ),
        });
    }
    args
}

/// `: description` when there is one.
fn described(desc: &str) -> String {
    let d = escape(desc.trim());
    if d.is_empty() {
        String::new()
    } else {
        format!(": {d}")
    }
}

/// Setters for the optional function arguments and query parameters.
fn optional_setters(ctx: &Ctx<'_>, op: &Operation, namer: &mut Namer) -> Vec<TokenStream> {
    let mut out = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    for p in op
        .templates
        .iter()
        .flat_map(|t| &t.parameters)
        .filter(|p| !p.required && p.kind == PathParameterKind::Function)
    {
        if seen.contains(&p.name.as_str()) {
            continue;
        }
        seen.push(&p.name);
        let m = ident(&namer.unique(field_ident(&p.name)));
        let a = arg_type(ctx, &p.ty, p.collection);
        let v = ident("value");
        let pass = (a.pass)(&v);
        let ty = &a.ty;
        let name = &p.name;
        let desc = op
            .function_parameters
            .iter()
            .find(|f| &f.name == name)
            .map(|f| f.description.as_str())
            .unwrap_or("");
        let doc = format!(
            " Optional function argument `{name}` (`{}`){}.",
            escape(&a.shown),
            described(desc)
        );
        out.push(quote! {
            #[doc = #doc]
            pub fn #m(mut self, value: #ty) -> Self { self.0.set_arg(#name, #pass); self }
        });
    }
    for q in op.query_parameters.iter().filter(|q| !q.required) {
        let m = ident(&namer.unique(field_ident(&q.name)));
        let a = arg_type(ctx, &q.ty, q.collection);
        let v = ident("value");
        let pass = (a.pass)(&v);
        let ty = &a.ty;
        let name = &q.name;
        let doc = format!(
            " Optional query parameter `{name}` (`{}`){}.",
            escape(&a.shown),
            described(&q.description)
        );
        out.push(quote! {
            #[doc = #doc]
            pub fn #m(mut self, value: #ty) -> Self {
                self.0.query_mut().set(#name, rt::ODataValue::text(#pass)); self
            }
        });
    }
    out
}

fn body_struct(
    ctx: &Ctx<'_>,
    name: &syn::Ident,
    op: &Operation,
    params: &[Parameter],
) -> TokenStream {
    let mut namer = Namer::default();
    namer.reserve("additional_properties");
    let fields = params.iter().map(|p| {
        let name = namer.unique(field_ident(&p.name));
        let ty = ctx.rust_type("", &p.ty, p.collection, false);
        let mut l = prose(&p.description);
        if !l.is_empty() {
            l.push(String::new());
        }
        l.push(format!(
            "JSON parameter `{}`: `{}`{}.",
            p.name,
            p.ty,
            if p.required { ", required" } else { "" }
        ));
        let cfg = ctx.features.reference_cfg(&op.name, true, p.ty.as_str());
        super::structs::Field::new(&name, &p.name, ty, doc_lines(&l), cfg)
    });
    let fields: Vec<super::structs::Field> = fields.collect();
    let doc = format!(
        " The request body of [`{}`] (`{}`).",
        type_ident(&op.name),
        op.name
    );
    super::structs::object_struct(
        quote! { #[doc = #doc] },
        name,
        &format!("the request body of {}", op.name),
        &fields,
        "Parameters this crate does not know, sent as given.",
    )
}

/// Rust names of one operation's items, assigned before the items are emitted in parallel.
pub(crate) struct OpNames {
    /// The descriptor struct.
    pub descriptor: String,
    /// The body struct, for operations with a parameter table.
    pub body: Option<String>,
}

/// The query options part of a descriptor's rustdoc.
fn query_docs(op: &Operation, lines: &mut Vec<String>) {
    let list = |opts: &[&String]| {
        opts.iter()
            .map(|q| {
                format!(
                    "[`{q}`](rt::query::{})",
                    option_trait(q).unwrap_or("Filter")
                )
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    let named: Vec<&String> = op
        .query
        .iter()
        .filter(|q| !op.query_standard.contains(q))
        .collect();
    let standard: Vec<&String> = op.query_standard.iter().collect();
    if named.is_empty() && standard.is_empty() {
        lines.push(
            "Query options: none documented (`query_param` sets any query parameter).".to_owned(),
        );
    } else {
        if !named.is_empty() {
            lines.push(format!("Query options the page names: {}.", list(&named)));
        }
        if !standard.is_empty() {
            lines.push(format!(
                "Standard query options of this kind of request, which the page does not name: {}.",
                list(&standard)
            ));
        }
        lines.push("(Setters in `graphgen_runtime::prelude`.)".to_owned());
    }
    for n in &op.query_notes {
        lines.push(String::new());
        lines.push(format!("> {}", escape(n)));
    }
    if op.consistency_level {
        lines.push(String::new());
        lines.push(
            "Advanced queries (`$search`, `$count`, some `$filter`s) need the \
             `ConsistencyLevel: eventual` header: call `.consistency_level_eventual()`."
                .to_owned(),
        );
    }
}

/// The body type of an operation's requests, and the struct of a parameter table.
fn body_type(ctx: &Ctx<'_>, op: &Operation, names: &OpNames) -> (Option<TokenStream>, TokenStream) {
    match &op.request {
        None => (None, TokenStream::new()),
        Some(_) if op.sends_bytes() => (Some(quote! { rt::Binary }), TokenStream::new()),
        Some(RequestBody::Type { ty, collection }) => (
            Some(ctx.rust_type_concrete("", ty, *collection, false)),
            TokenStream::new(),
        ),
        Some(RequestBody::Reference) => (Some(quote! { rt::Reference }), TokenStream::new()),
        Some(RequestBody::Parameters { parameters }) => {
            let bid = ident(names.body.as_deref().unwrap_or("Body"));
            let extra = body_struct(ctx, &bid, op, parameters);
            (Some(quote! { #bid }), extra)
        }
    }
}

/// Emits one operation: its body struct (if any), its descriptor struct with constructors and
/// setters, `Default` when it needs no argument, its query option traits and `rt::Endpoint`.
fn emit_operation(ctx: &Ctx<'_>, op: &Operation, names: &OpNames) -> TokenStream {
    let sid = ident(&names.descriptor);
    let (body_ty, extra) = body_type(ctx, op, names);
    let response_ty = response_type(ctx, op);
    let status =
        proc_macro2::Literal::u16_unsuffixed(op.response.as_ref().map_or(200u16, |r| r.status));
    let mut ctor_namer = constructor_namer(op);
    let (ctors, listed) = constructors(ctx, op, body_ty.as_ref(), &mut ctor_namer);
    let setters = optional_setters(ctx, op, &mut ctor_namer);
    let docs = descriptor_docs(op, listed);
    let body_assoc = body_ty.clone().unwrap_or_else(|| quote! { rt::NoContent });
    let default_impl = default_impl(op, &sid, body_ty.as_ref());
    let option_impls = op.query.iter().filter_map(|q| {
        let t = ident(option_trait(q)?);
        Some(quote! { impl rt::query::#t for #sid {} })
    });
    let method = method_tokens(op.method);
    let opname = &op.name;
    let template = op
        .templates
        .first()
        .map_or(op.path.as_str(), |t| t.template.as_str());
    let qopts = op.query.iter();
    let perms = permissions_tokens(&op.permissions);
    quote! {
        #extra
        #docs
        #[derive(Debug, Clone, PartialEq)]
        pub struct #sid(rt::Request<#body_assoc>);

        impl #sid {
            #(#ctors)*
            #(#setters)*
        }

        #default_impl
        #(#option_impls)*

        impl rt::Endpoint for #sid {
            type Body = #body_assoc;
            type Response = #response_ty;
            const OPERATION: &'static str = #opname;
            const METHOD: rt::Method = #method;
            const PATH_TEMPLATE: &'static str = #template;
            const QUERY_OPTIONS: &'static [&'static str] = &[#(#qopts),*];
            const PERMISSIONS: rt::Permissions = #perms;
            const SUCCESS_STATUS: u16 = #status;
            fn request(&self) -> &rt::Request<Self::Body> { &self.0 }
            fn request_mut(&mut self) -> &mut rt::Request<Self::Body> { &mut self.0 }
        }
    }
}

/// The response type of an operation: bytes, the documented body's type, or no content.
fn response_type(ctx: &Ctx<'_>, op: &Operation) -> TokenStream {
    match op.response_body() {
        _ if op.receives_bytes() => quote! { rt::Binary },
        Some(r) => ctx.response_type(&r.ty, r.collection),
        None => quote! { rt::NoContent },
    }
}

/// The names a constructor or setter of a descriptor cannot take: the query option setters the
/// descriptor gets, the runtime's own methods, and `new`.
fn constructor_namer(op: &Operation) -> Namer {
    let mut ctor_namer = Namer::default();
    for q in &op.query {
        ctor_namer.reserve(option_method(q));
    }
    for reserved in ["query_param", "header", "consistency_level_eventual", "new"] {
        ctor_namer.reserve(reserved);
    }
    ctor_namer
}

/// Constructors: `new` for the first path, and one named after each path when there are
/// several (the name comes from the path alone, so it stays when paths are added). Returns
/// them and the rustdoc line of each path, naming its constructors.
fn constructors(
    ctx: &Ctx<'_>,
    op: &Operation,
    body_ty: Option<&TokenStream>,
    ctor_namer: &mut Namer,
) -> (Vec<TokenStream>, Vec<String>) {
    let mut ctors = Vec::new();
    let mut listed = Vec::new();
    for (i, t) in op.templates.iter().enumerate() {
        let mut names_of_path = Vec::new();
        if i == 0 {
            ctors.push(constructor(ctx, "new", t, op, body_ty));
            names_of_path.push("new".to_owned());
        }
        if op.templates.len() > 1 {
            let name = ctor_namer.unique(field_ident(&t.name));
            ctors.push(constructor(ctx, &name, t, op, body_ty));
            names_of_path.push(name);
        }
        let calls = names_of_path
            .iter()
            .map(|n| format!("[`{n}`](Self::{n})"))
            .collect::<Vec<_>>()
            .join(", ");
        listed.push(format!(
            "- `{} {}`: {calls}",
            op.method.as_str(),
            escape(&t.template)
        ));
    }
    (ctors, listed)
}

/// The descriptor's rustdoc: title and name, description, its paths (`listed`), permissions,
/// query options, source.
fn descriptor_docs(op: &Operation, listed: Vec<String>) -> TokenStream {
    let mut lines = vec![format!("{} (`{}`)", escape(&op.title), op.name)];
    let d = prose(&op.description);
    if !d.is_empty() {
        lines.push(String::new());
        lines.extend(d);
    }
    lines.push(String::new());
    lines.extend(listed);
    lines.push(String::new());
    permission_docs(&op.permissions, &mut lines);
    lines.push(String::new());
    query_docs(op, &mut lines);
    lines.push(String::new());
    lines.push(format!("Source: `{}`", op.source));
    doc_lines(&lines)
}

/// `impl Default` (as `new()`) when the first path, the query and the body need no argument;
/// else nothing.
fn default_impl(op: &Operation, sid: &syn::Ident, body_ty: Option<&TokenStream>) -> TokenStream {
    let needs_nothing = op
        .templates
        .first()
        .is_some_and(|t| t.parameters.iter().all(|p| !p.required))
        && op.query_parameters.iter().all(|q| !q.required)
        && body_ty.is_none();
    if !needs_nothing {
        return TokenStream::new();
    }
    quote! {
        impl Default for #sid {
            fn default() -> Self { Self::new() }
        }
    }
}

/// Endpoint files: module name → (doc, items as text), grouped by the namespace of the
/// operation's page. Names are assigned first (in model order); the items are then emitted and
/// laid out in parallel.
pub(crate) fn emit_endpoints(
    ctx: &Ctx<'_>,
    path_prefix: &str,
) -> Result<EndpointFiles, super::EmitError> {
    let mut by_ns: BTreeMap<&str, Vec<&Operation>> = BTreeMap::new();
    for op in &ctx.model.operations {
        by_ns.entry(op.namespace.as_str()).or_default().push(op);
    }
    let mut namer = Namer::default();
    let mut mod_namer = Namer::default();
    let mut out = EndpointFiles::default();
    for (ns, ops) in by_ns {
        let m = mod_namer.unique(super::shorten(namespace_module(ns)));
        let named: Vec<(&Operation, OpNames)> = ops
            .iter()
            .map(|op| {
                let descriptor = namer.unique(type_ident(&op.name));
                let body = matches!(op.request, Some(RequestBody::Parameters { .. }))
                    .then(|| namer.unique(format!("{descriptor}Body")));
                (*op, OpNames { descriptor, body })
            })
            .collect();
        out.descriptors.extend(
            named
                .iter()
                .map(|(op, names)| (op.name.clone(), names.descriptor.clone())),
        );
        out.bodies.extend(
            named
                .iter()
                .filter_map(|(op, names)| names.body.clone().map(|b| (op.name.clone(), b))),
        );
        let path = format!("{path_prefix}/{m}.rs");
        let items = named
            .par_iter()
            .map(|(op, names)| {
                let cfg = ctx.features.op_cfg(op);
                super::format::unparse_item_cfg(&path, emit_operation(ctx, op, names), cfg)
            })
            .collect::<Result<Vec<String>, _>>()?;
        out.files.push((
            m,
            format!(" Operations documented in the `{ns}` namespace."),
            items,
        ));
    }
    Ok(out)
}

/// The endpoint modules of one version.
#[derive(Debug, Default)]
pub(crate) struct EndpointFiles {
    /// Module name → (doc, items as text).
    pub files: Vec<(String, String, Vec<String>)>,
    /// Operation name → descriptor type name (all re-exported by `endpoints`).
    pub descriptors: Vec<(String, String)>,
    /// Operation name → body struct name, for operations whose body is a parameter table.
    pub bodies: Vec<(String, String)>,
}
