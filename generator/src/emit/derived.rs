//! Derived types: where a base type is declared (a property, a collection, a response), Graph may
//! send any type derived from it. Such places use an `Any<Base>` enum with one boxed variant per
//! concrete type; reading picks the variant named by `@odata.type` and falls back to the base,
//! writing writes the held struct unchanged (its `@odata.type` included), as Kiota's
//! discriminator does. The enum is `#[non_exhaustive]`: a type the docs derive is a new variant.

use super::docs::doc_lines;
use super::{ident, Ctx};
use crate::model::TypeDef;
use proc_macro2::TokenStream;
use quote::quote;

/// Emits `Any<Base>` for one base type.
pub(crate) fn emit_any(ctx: &Ctx<'_>, base: &TypeDef) -> TokenStream {
    let q = base.qualified();
    let (Some(any), Some(base_sym)) = (ctx.poly.get(&q), ctx.syms.get(&q)) else {
        return TokenStream::new();
    };
    let any_id = ident(any);
    let mut members: Vec<(String, String)> = vec![(q.clone(), base_sym.ident.clone())];
    for d in ctx.descendants.get(&q).into_iter().flatten() {
        if let Some(s) = ctx.syms.get(d) {
            members.push((d.clone(), s.ident.clone()));
        }
    }
    // Variant names: the struct idents, made unique (types in two namespaces may share one).
    let mut namer = super::naming::Namer::default();
    // A variant whose type is compiled out (another area) is compiled out too: such a value is
    // read as the base type, its other properties kept in `additional_properties`.
    let variants: Vec<(String, syn::Ident, TokenStream, Option<TokenStream>)> = members
        .iter()
        .map(|(mq, mid)| {
            let v = ident(&namer.unique(mid.clone()));
            let path = ctx
                .path_of(mq, &base_sym.module)
                .unwrap_or_else(|| quote! { serde_json::Value });
            let cfg = ctx.features.reference_cfg(&q, false, mq);
            (mq.clone(), v, path, cfg)
        })
        .collect();
    let base_v = &variants[0].1;
    let docs = doc_lines(&[
        format!("`{q}` or any type derived from it."),
        String::new(),
        "Reading picks the variant named by the value's `@odata.type`; a value without one, or naming a type this crate does not know, is read as the base type, so no data is lost. Writing writes the held value unchanged.".to_owned(),
    ]);
    let defs = variants.iter().map(|(mq, v, path, cfg)| {
        let d = if mq == &q {
            format!(" `{mq}` itself, or a derived type this crate does not know.")
        } else {
            format!(" `{mq}`.")
        };
        quote! { #[doc = #d] #cfg #v(Box<#path>), }
    });
    let names = variants
        .iter()
        .map(|(mq, v, _, cfg)| quote! { #cfg Self::#v(_) => #mq, });
    let ser = variants
        .iter()
        .map(|(_, v, _, cfg)| quote! { #cfg Self::#v(v) => v.serialize(serializer), });
    let de = variants.iter().skip(1).map(|(mq, v, _, cfg)| {
        let lower = mq.to_ascii_lowercase();
        quote! { #cfg Some(#lower) => graphgen_runtime::from_json(value).map(Self::#v), }
    });
    let froms = variants.iter().map(|(_, v, path, cfg)| {
        quote! {
            #cfg
            impl From<#path> for #any_id {
                fn from(v: #path) -> Self { Self::#v(Box::new(v)) }
            }
        }
    });
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum #any_id {
            #(#defs)*
        }

        impl #any_id {
            /// The qualified name of the type this value holds.
            pub fn type_name(&self) -> &'static str {
                match self {
                    #(#names)*
                }
            }
        }

        impl Default for #any_id {
            fn default() -> Self { Self::#base_v(Box::default()) }
        }

        #(#froms)*

        impl serde::Serialize for #any_id {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    #(#ser)*
                }
            }
        }

        impl<'de> serde::Deserialize<'de> for #any_id {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = serde_json::Value::deserialize(deserializer)?;
                match graphgen_runtime::odata_type(&value).as_deref() {
                    #(#de)*
                    _ => graphgen_runtime::from_json(value).map(Self::#base_v),
                }
            }
        }
    }
}
