//! Structs for entity and complex types: every property (inherited ones included) as a
//! `Nullable` field with its JSON name, a flattened map for unknown properties, and `Box` where
//! a type contains itself.

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
            if p.collection || ctx.poly.contains_key(&p.ty) {
                continue;
            }
            if let Some(&j) = index.get(p.ty.as_str()) {
                if matches!(ctx.syms.get(&p.ty).map(|s| s.kind), Some(SymKind::Struct)) {
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
        p.ty.clone()
    }
}

/// A `Nullable` field with its docs and serde attribute (the struct renames fields to camelCase
/// and defaults them; `rename` is written only where that would not give the JSON name).
pub(crate) fn nullable_field(
    name: &str,
    json: &str,
    ty: TokenStream,
    docs: TokenStream,
) -> TokenStream {
    let id = ident(name);
    let rename = (super::naming::serde_camel(name) != json).then(|| quote! { rename = #json, });
    quote! {
        #docs
        #[serde(#rename skip_serializing_if = "Nullable::is_absent")]
        pub #id: Nullable<#ty>,
    }
}

fn field(ctx: &Ctx<'_>, owner: &str, scope: &str, p: &Property, namer: &mut Namer) -> TokenStream {
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
    nullable_field(&name, &p.name, ty, doc_lines(&lines))
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
    let fields: Vec<TokenStream> = ctx
        .all_properties(&q)
        .into_iter()
        .map(|p| field(ctx, &q, &sym.module, p, &mut namer))
        .collect();
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
        #[serde(rename_all = "camelCase", default)]
        pub struct #id {
            #(#fields)*
            /// Properties this crate does not know (not in the docs, or newer than them), kept as
            /// JSON so that a round trip loses nothing.
            #[serde(flatten)]
            pub additional_properties: serde_json::Map<String, serde_json::Value>,
        }
    }
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
