//! The registry of a version: one `round_trip` function that, given a type name or an
//! operation, deserializes a JSON body into the generated type and serializes it back. It sits
//! behind the crate's `registry` feature; `cargo xtask examples` uses it to try every example of
//! the docs.

use super::{ident, Ctx};
use crate::model::{Operation, Primitive, TypeRef};
use proc_macro2::TokenStream;
use quote::quote;

/// The `registry` module's item: `round_trip(selector, body)`.
pub(crate) fn emit_registry(ctx: &Ctx<'_>, descriptors: &[(String, String)]) -> TokenStream {
    // Every primitive too, for annotations such as `Collection(Edm.String)`.
    let mut names: Vec<TypeRef> = Primitive::ALL.map(TypeRef::from).into();
    names.extend(
        ctx.model
            .types
            .iter()
            .map(|t| TypeRef::parse(&t.qualified())),
    );
    names.extend(
        ctx.model
            .enums
            .iter()
            .map(|e| TypeRef::parse(&e.qualified())),
    );
    let by_type = names.iter().map(|t| {
        let one = ctx.response_type(t, false);
        let many = ctx.response_type(t, true);
        let q = t.as_str();
        let cfg = ctx.features.item_cfg(q);
        quote! {
            #cfg (#q, false) => rt_::<#one>(body),
            #cfg (#q, true) => rt_::<#many>(body),
        }
    });
    let ops: std::collections::HashMap<&str, &Operation> = ctx
        .model
        .operations
        .iter()
        .map(|o| (o.name.as_str(), o))
        .collect();
    let mut requests = Vec::new();
    let mut responses = Vec::new();
    for (name, descriptor) in descriptors {
        let Some(op) = ops.get(name.as_str()) else {
            continue;
        };
        let d = ident(descriptor);
        let cfg = ctx.features.op_cfg(op);
        // Bytes are not JSON: nothing to round-trip.
        if op.request.is_some() && !op.sends_bytes() {
            requests.push(quote! {
                #cfg #name => rt_::<<super::endpoints::#d as rt::Endpoint>::Body>(body),
            });
        }
        if op.response_body().is_some() && !op.receives_bytes() {
            responses.push(quote! {
                #cfg #name => rt_::<<super::endpoints::#d as rt::Endpoint>::Response>(body),
            });
        }
    }
    // An empty match would be a single binding (clippy::match_single_binding).
    let by_operation = |variant: TokenStream, arms: Vec<TokenStream>| {
        if arms.is_empty() {
            quote! { Selector::#variant { .. } => return None, }
        } else {
            quote! {
                Selector::#variant { operation } => match operation.as_str() {
                    #(#arms)*
                    _ => return None,
                },
            }
        }
    };
    let requests = by_operation(quote! { Request }, requests);
    let responses = by_operation(quote! { Response }, responses);
    quote! {
        /// Deserializes `body` into the type `selector` names (a type by qualified name, or the
        /// request or response type of an operation by its model name) and serializes it back.
        /// `None` when this version has no such type or operation.
        pub fn round_trip(
            selector: &rt::registry::Selector,
            body: &str,
        ) -> Option<Result<serde_json::Value, rt::registry::Failure>> {
            use rt::registry::{round_trip as rt_, Selector};
            Some(match selector {
                Selector::Type { name, collection } => match (name.as_str(), *collection) {
                    #(#by_type)*
                    _ => return None,
                },
                #requests
                #responses
            })
        }
    }
}
