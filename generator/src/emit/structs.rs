//! Structs for entity and complex types: every property (inherited ones included) as a
//! `Nullable` field with its JSON name, a map for unknown properties, and `Box` where a type
//! contains itself. Serde goes through the runtime's `object` module: a struct's own code is one
//! `match` from JSON name to field and one list of fields to write, which keeps the compile cost
//! of thousands of structs in proportion (docs/performance.md).

use super::docs::{doc_lines, escape, prose};
use super::naming::{field_ident, Namer};
use super::{ident, Ctx, SymKind};
use crate::model::{Origin, Property, TypeDef, TypeKind};
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::{HashMap, HashSet};

/// The (owner, property) edges that close a cycle of single-valued struct properties; those
/// fields are boxed. Computed with Tarjan's strongly connected components.
pub(crate) fn recursive_edges(ctx: &Ctx<'_>) -> HashSet<(String, String)> {
    let names: Vec<String> = {
        let mut v: Vec<String> = ctx.types.keys().cloned().collect();
        v.sort();
        v
    };
    let index: HashMap<&str, usize> = names
        .iter()
        .enumerate()
        .map(|(i, n)| (n.as_str(), i))
        .collect();
    let mut edges: Vec<Vec<(usize, String)>> = vec![Vec::new(); names.len()];
    for (i, n) in names.iter().enumerate() {
        for p in ctx.all_properties(n) {
            // Collections and `Any…` enums (which box their variants) break cycles already.
            if p.collection || ctx.poly.contains_key(p.ty.as_str()) {
                continue;
            }
            if let Some(&j) = index.get(p.ty.as_str()) {
                if matches!(
                    ctx.syms.get(p.ty.as_str()).map(|s| s.kind),
                    Some(SymKind::Struct)
                ) {
                    edges[i].push((j, p.name.clone()));
                }
            }
        }
    }
    let comp = tarjan(names.len(), &edges);
    let mut out = HashSet::new();
    for (i, es) in edges.iter().enumerate() {
        for (j, prop) in es {
            if comp[i] == comp[*j] {
                out.insert((names[i].clone(), prop.clone()));
            }
        }
    }
    out
}

/// Component id of every node (iterative Tarjan, so deep type graphs cannot overflow the stack).
fn tarjan(n: usize, edges: &[Vec<(usize, String)>]) -> Vec<usize> {
    const UNSEEN: usize = usize::MAX;
    let mut idx = vec![UNSEEN; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut comp = vec![UNSEEN; n];
    let mut stack = Vec::new();
    let mut counter = 0;
    let mut ncomp = 0;
    for root in 0..n {
        if idx[root] != UNSEEN {
            continue;
        }
        let mut call: Vec<(usize, usize)> = vec![(root, 0)];
        idx[root] = counter;
        low[root] = counter;
        counter += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(&mut (v, ref mut ei)) = call.last_mut() {
            if *ei < edges[v].len() {
                let w = edges[v][*ei].0;
                *ei += 1;
                if idx[w] == UNSEEN {
                    idx[w] = counter;
                    low[w] = counter;
                    counter += 1;
                    stack.push(w);
                    on_stack[w] = true;
                    call.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(idx[w]);
                }
            } else {
                call.pop();
                if let Some(&(parent, _)) = call.last() {
                    low[parent] = low[parent].min(low[v]);
                }
                if low[v] == idx[v] {
                    while let Some(w) = stack.pop() {
                        on_stack[w] = false;
                        comp[w] = ncomp;
                        if w == v {
                            break;
                        }
                    }
                    ncomp += 1;
                }
            }
        }
    }
    comp
}

fn type_label(p: &Property) -> String {
    if p.collection {
        format!("Collection({})", p.ty)
    } else {
        p.ty.to_string()
    }
}

/// One field of a generated struct: a `Nullable` of its type, read and written under its JSON
/// name.
pub(crate) struct Field {
    /// The Rust field name.
    pub ident: syn::Ident,
    /// The JSON name.
    pub json: String,
    /// The type inside `Nullable`.
    pub ty: TokenStream,
    /// Its rustdoc.
    pub docs: TokenStream,
    /// The `#[cfg]` under which it exists (its type is in another area); compiled out, its JSON
    /// lands in `additional_properties`.
    pub cfg: Option<TokenStream>,
}

impl Field {
    pub(crate) fn new(
        name: &str,
        json: &str,
        ty: TokenStream,
        docs: TokenStream,
        cfg: Option<TokenStream>,
    ) -> Field {
        Field {
            ident: ident(name),
            json: json.to_owned(),
            ty,
            docs,
            cfg,
        }
    }
}

/// A struct of `Nullable` fields and a map of the properties this crate does not know
/// (`#[non_exhaustive]`, so that a property the docs add is not a breaking change), with its
/// `Object` impl (its sorted JSON names, one array of its fields to read into, one to write
/// from, both in the order of the names) and serde, `Debug`, `PartialEq` and `Clone` impls that
/// hand over to the runtime: the loop over a JSON object and all
/// generic code are the runtime's, once, not every struct's (serde's derive with `flatten` cost
/// several times the compile time and memory; a branch per field still twice as much, see
/// docs/performance.md).
pub(crate) fn object_struct(
    docs: TokenStream,
    id: &syn::Ident,
    type_name: &str,
    fields: &[Field],
    additional_doc: &str,
) -> TokenStream {
    let defs = fields.iter().map(|f| {
        let (docs, id, ty, cfg) = (&f.docs, &f.ident, &f.ty, &f.cfg);
        quote! { #docs #cfg pub #id: Nullable<#ty>, }
    });
    // Reading: the JSON names sorted (the runtime searches them) and the fields in that order.
    let mut sorted: Vec<&Field> = fields.iter().collect();
    sorted.sort_by(|a, b| a.json.cmp(&b.json));
    let names = sorted.iter().map(|f| {
        let (json, cfg) = (&f.json, &f.cfg);
        quote! { #cfg #json }
    });
    let slots = sorted.iter().map(|f| {
        let (id, cfg) = (&f.ident, &f.cfg);
        quote! { #cfg &mut self.#id }
    });
    let writes = sorted.iter().map(|f| {
        let (id, cfg) = (&f.ident, &f.cfg);
        quote! { #cfg &self.#id }
    });
    let additional_doc = additional_doc.lines().map(|l| format!(" {l}"));
    quote! {
        #docs
        #[derive(Default)]
        #[non_exhaustive]
        pub struct #id {
            #(#defs)*
            #(#[doc = #additional_doc])*
            pub additional_properties: serde_json::Map<String, serde_json::Value>,
        }

        impl rt::object::Object for #id {
            const TYPE_NAME: &'static str = #type_name;
            const NAMES: &'static [&'static str] = &[#(#names),*];
            fn slot<'de>(&mut self, index: usize) -> Option<&mut dyn rt::object::Slot<'de>> {
                rt::object::nth([#(#slots),*], index)
            }
            fn write_properties(&self, put: &mut dyn FnMut(&rt::object::Fields<'_>)) {
                put(&[#(#writes),*]);
            }
            fn additional_properties(&self) -> &serde_json::Map<String, serde_json::Value> {
                &self.additional_properties
            }
            fn additional_properties_mut(&mut self) -> &mut serde_json::Map<String, serde_json::Value> {
                &mut self.additional_properties
            }
        }

        impl serde::Serialize for #id {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                rt::object::serialize(self, serializer)
            }
        }

        impl std::fmt::Debug for #id {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                rt::object::debug(self, f)
            }
        }

        impl PartialEq for #id {
            fn eq(&self, other: &Self) -> bool {
                rt::object::eq(self, other)
            }
        }

        impl Clone for #id {
            fn clone(&self) -> Self {
                rt::object::clone(self)
            }
        }

        impl<'de> serde::Deserialize<'de> for #id {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                rt::object::deserialize(deserializer)
            }
        }
    }
}

fn field(ctx: &Ctx<'_>, owner: &str, scope: &str, p: &Property, namer: &mut Namer) -> Field {
    let name = namer.unique(field_ident(&p.name));
    let boxed = ctx.boxed.contains(&(owner.to_owned(), p.name.clone()));
    let ty = ctx.rust_type(scope, &p.ty, p.collection, boxed);
    let mut lines = prose(&p.description);
    if !lines.is_empty() {
        lines.push(String::new());
    }
    let kind = if p.navigation {
        "relationship"
    } else {
        "property"
    };
    lines.push(format!(
        "JSON {kind} `{}`: `{}`.",
        escape(&p.name).replace('`', ""),
        type_label(p)
    ));
    if let Some(from) = &p.inherited_from {
        lines.push(format!("Inherited from `{from}`."));
    }
    let cfg = ctx.features.reference_cfg(owner, false, p.ty.as_str());
    Field::new(&name, &p.name, ty, doc_lines(&lines), cfg)
}

/// Emits one struct.
pub(crate) fn emit_struct(ctx: &Ctx<'_>, t: &TypeDef) -> TokenStream {
    let q = t.qualified();
    let Some(sym) = ctx.syms.get(&q) else {
        return TokenStream::new();
    };
    let id = ident(&sym.ident);
    let mut lines = vec![format!(
        "`{q}`{}",
        match (t.kind, t.is_abstract) {
            (TypeKind::Entity, false) => " (entity type)",
            (TypeKind::Entity, true) => " (abstract entity type)",
            (TypeKind::Complex, false) => " (complex type)",
            (TypeKind::Complex, true) => " (abstract complex type)",
        }
    )];
    let desc = prose(&t.description);
    if !desc.is_empty() {
        lines.push(String::new());
        lines.extend(desc);
    }
    if let Some(b) = &t.base {
        lines.push(String::new());
        lines.push(format!("Derived from `{b}`; its properties are included."));
    }
    if t.origin == Origin::Inferred {
        lines.push(String::new());
        lines.push("No resource page defines this type: its properties are inferred from the operation's response examples (names, and types from the example values), so they may be incomplete; anything else is kept in `additional_properties`.".to_owned());
    }
    if t.origin == Origin::Placeholder {
        lines.push(String::new());
        lines.push("No page of the docs defines this type: it is generated as an open type that keeps every property in `additional_properties`.".to_owned());
    }
    lines.push(String::new());
    lines.push(format!("Source: `{}`", t.source));
    let docs = doc_lines(&lines);
    let mut namer = Namer::default();
    namer.reserve("additional_properties");
    let fields: Vec<Field> = ctx
        .all_properties(&q)
        .into_iter()
        .map(|p| field(ctx, &q, &sym.module, p, &mut namer))
        .collect();
    object_struct(
        docs,
        &id,
        &q,
        &fields,
        "Properties this crate does not know (not in the docs, or newer than them), kept as\nJSON so that a round trip loses nothing.",
    )
}

#[cfg(test)]
mod tests {
    use super::tarjan;

    #[test]
    fn components() {
        // 0 -> 1 -> 2 -> 0, 3 -> 3, 4 -> 0
        let e = |v: &[usize]| v.iter().map(|&x| (x, String::new())).collect::<Vec<_>>();
        let edges = vec![e(&[1]), e(&[2]), e(&[0]), e(&[3]), e(&[0])];
        let c = tarjan(5, &edges);
        assert_eq!(c[0], c[1]);
        assert_eq!(c[1], c[2]);
        assert_ne!(c[3], c[0]);
        assert_ne!(c[4], c[0]);
    }
}
