//! Endpoint descriptors: one type per operation implementing `graphgen_runtime::Endpoint`, with
//! constructors per documented path (path parameters percent-encoded), setters for exactly the
//! query options its page names, body and response types, and permissions as data and rustdoc.
//! No operation gets an async function of its own: the runtime's one executor sends any of them.

use super::docs::{doc_lines, escape, prose};
use super::naming::{field_ident, type_ident, Namer};
use super::{ident, namespace_module, Ctx};
use crate::model::{HttpMethod, Operation, Parameter, Permissions, RequestBody};
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
                escape(table),
                escape(&s.source)
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

/// A query option setter: name, argument type, conversion.
fn query_setter(opt: &str) -> TokenStream {
    let (name, doc): (&str, &str) = match opt {
        "$select" => (
            "select",
            "Properties to return (`$select`), comma-separated.",
        ),
        "$expand" => ("expand", "Relationships to expand (`$expand`)."),
        "$filter" => ("filter", "A filter expression (`$filter`)."),
        "$orderby" => ("order_by", "Sort order (`$orderby`)."),
        "$top" => ("top", "Page size (`$top`)."),
        "$skip" => ("skip", "Items to skip (`$skip`)."),
        "$skiptoken" => ("skip_token", "Paging token (`$skiptoken`)."),
        "$count" => ("count", "Include the total count (`$count`)."),
        "$search" => ("search", "A search expression (`$search`)."),
        "$format" => ("format", "Response format (`$format`)."),
        "$deltatoken" => ("delta_token", "Delta token (`$deltatoken`)."),
        _ => return TokenStream::new(),
    };
    let id = ident(name);
    let doc = format!(" {doc}");
    match opt {
        "$top" | "$skip" => quote! {
            #[doc = #doc]
            pub fn #id(mut self, value: u32) -> Self { self.0.query_mut().set(#opt, value.to_string()); self }
        },
        "$count" => quote! {
            #[doc = #doc]
            pub fn #id(mut self, value: bool) -> Self { self.0.query_mut().set(#opt, value.to_string()); self }
        },
        _ => quote! {
            #[doc = #doc]
            pub fn #id(mut self, value: impl Into<String>) -> Self { self.0.query_mut().set(#opt, value); self }
        },
    }
}

/// `format!` string and parameter names for a path template.
fn path_format(path: &str) -> (String, Vec<String>) {
    let mut fmt = String::new();
    let mut params = Vec::new();
    let mut rest = path;
    while let Some(i) = rest.find('{') {
        let Some(j) = rest[i..].find('}') else { break };
        fmt.push_str(&rest[..i].replace('}', "}}"));
        fmt.push_str("{}");
        params.push(rest[i + 1..i + j].trim().to_owned());
        rest = &rest[i + j + 1..];
    }
    fmt.push_str(&rest.replace('{', "{{").replace('}', "}}"));
    (fmt, params)
}

/// Name of an extra constructor: `via_` + the first static path segment.
fn via_name(path: &str) -> String {
    let seg = path
        .trim_start_matches('/')
        .split('/')
        .next()
        .unwrap_or("path")
        .split(['(', '{'])
        .next()
        .unwrap_or("path");
    format!("via_{}", field_ident(seg).trim_end_matches('_'))
}

fn param_doc(ps: &[Parameter], name: &str) -> Option<String> {
    ps.iter()
        .find(|p| p.name == name)
        .map(|p| format!("`{name}` ({}): {}", p.ty, escape(&p.description)))
}

fn constructor(
    fn_name: &str,
    path: &str,
    op: &Operation,
    body_ty: Option<&TokenStream>,
) -> TokenStream {
    let (fmt, params) = path_format(path);
    let fid = ident(fn_name);
    let mut pnamer = Namer::default();
    pnamer.reserve("body");
    let args: Vec<(syn::Ident, String)> = params
        .iter()
        .map(|p| (ident(&pnamer.unique(field_ident(p))), p.clone()))
        .collect();
    let arg_decls = args.iter().map(|(a, _)| quote! { #a: &str });
    let arg_uses = args
        .iter()
        .map(|(a, _)| quote! { rt::encode_path_segment(#a) });
    let path_expr = if params.is_empty() {
        quote! { #fmt.to_owned() }
    } else {
        quote! { format!(#fmt, #(#arg_uses),*) }
    };
    let mut lines = vec![format!("The request `{} {}`.", op.method.as_str(), path)];
    let pdocs: Vec<String> = params
        .iter()
        .filter_map(|p| param_doc(&op.path_parameters, p))
        .collect();
    if !pdocs.is_empty() {
        lines.push(String::new());
        lines.push("Path parameters (percent-encoded here):".to_owned());
        lines.extend(pdocs.into_iter().map(|d| format!("- {d}")));
    }
    let docs = doc_lines(&lines);
    let (body_arg, init) = match body_ty {
        Some(t) => (
            quote! { body: #t },
            quote! { rt::Request::with_body(#path_expr, body) },
        ),
        None => (TokenStream::new(), quote! { rt::Request::new(#path_expr) }),
    };
    let comma = if !params.is_empty() && body_ty.is_some() {
        quote! {,}
    } else {
        TokenStream::new()
    };
    quote! {
        #docs
        pub fn #fid(#(#arg_decls),* #comma #body_arg) -> Self {
            Self(#init)
        }
    }
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
        super::structs::nullable_field(&name, &p.name, ty, doc_lines(&l))
    });
    let doc = format!(
        " The request body of [`{}`] (`{}`).",
        type_ident(&op.name),
        op.name
    );
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
        #[serde(rename_all = "camelCase", default)]
        pub struct #name {
            #(#fields)*
            /// Parameters this crate does not know, sent as given.
            #[serde(flatten)]
            pub additional_properties: serde_json::Map<String, serde_json::Value>,
        }
    }
}

/// Rust names of one operation's items, assigned before the items are emitted in parallel.
pub(crate) struct OpNames {
    /// The descriptor struct.
    pub descriptor: String,
    /// The body struct, for operations with a parameter table.
    pub body: Option<String>,
}

fn emit_operation(ctx: &Ctx<'_>, op: &Operation, names: &OpNames) -> TokenStream {
    let sname = &names.descriptor;
    let sid = ident(sname);
    let mut extra = TokenStream::new();
    let body_ty: Option<TokenStream> = match &op.request {
        None => None,
        Some(RequestBody::Type { ty, collection }) => {
            Some(ctx.rust_type_concrete("", ty, *collection, false))
        }
        Some(RequestBody::Reference) => Some(quote! { rt::Reference }),
        Some(RequestBody::Parameters { parameters }) => {
            let bid = ident(names.body.as_deref().unwrap_or("Body"));
            extra = body_struct(ctx, &bid, op, parameters);
            Some(quote! { #bid })
        }
    };
    let response_ty = match &op.response {
        Some(r) if r.status != 204 => match &r.ty {
            Some(t) => ctx.response_type(t, r.collection),
            None => quote! { rt::NoContent },
        },
        _ => quote! { rt::NoContent },
    };
    let status =
        proc_macro2::Literal::u16_unsuffixed(op.response.as_ref().map_or(200u16, |r| r.status));

    // Docs.
    let mut lines = vec![format!("{} (`{}`)", escape(&op.title), op.name)];
    let d = prose(&op.description);
    if !d.is_empty() {
        lines.push(String::new());
        lines.extend(d);
    }
    lines.push(String::new());
    for p in &op.paths {
        lines.push(format!("- `{} {}`", op.method.as_str(), p));
    }
    lines.push(String::new());
    permission_docs(&op.permissions, &mut lines);
    if !op.query.is_empty() {
        lines.push(String::new());
        lines.push(format!(
            "Query options: {}.",
            op.query
                .iter()
                .map(|q| format!("`{q}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    lines.push(String::new());
    lines.push(format!("Source: `{}`", op.source));
    let docs = doc_lines(&lines);

    let mut ctor_namer = Namer::default();
    for q in &op.query {
        ctor_namer.reserve(q.trim_start_matches('$'));
    }
    let mut ctors = Vec::new();
    for (i, p) in op.paths.iter().enumerate() {
        let name = if i == 0 {
            ctor_namer.unique("new".to_owned())
        } else {
            ctor_namer.unique(via_name(p))
        };
        ctors.push(constructor(&name, p, op, body_ty.as_ref()));
    }
    let setters = op.query.iter().map(|q| query_setter(q));
    let body_assoc = body_ty.clone().unwrap_or_else(|| quote! { rt::NoContent });
    let default_impl = if op.path_parameters.is_empty() && body_ty.is_none() {
        quote! {
            impl Default for #sid {
                fn default() -> Self { Self::new() }
            }
        }
    } else {
        TokenStream::new()
    };
    let method = method_tokens(op.method);
    let opname = &op.name;
    let template = &op.path;
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
        let m = mod_namer.unique(namespace_module(ns));
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
        let path = format!("{path_prefix}/{m}.rs");
        let items = named
            .par_iter()
            .map(|(op, names)| super::format::unparse_item(&path, emit_operation(ctx, op, names)))
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
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_formats() {
        assert_eq!(
            path_format("/a/{id}/b"),
            ("/a/{}/b".to_owned(), vec!["id".to_owned()])
        );
        assert_eq!(
            path_format("/r/f(start={s},end='{e}')"),
            (
                "/r/f(start={},end='{}')".to_owned(),
                vec!["s".to_owned(), "e".to_owned()]
            )
        );
        assert_eq!(via_name("/users/{id}/messages"), "via_users");
        assert_eq!(via_name("/me/messages"), "via_me");
    }
}
