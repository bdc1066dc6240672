//! Enums that survive values they have never seen: known members, `UnknownFutureValue`, and a
//! catch-all variant that keeps the raw string. Serde, `Display`, `FromStr` and `From<&str>`
//! through the runtime's `string_enum!`. Rustdoc names the evolvable members, which Graph sends
//! only with `Prefer: include-unknown-enum-members`.

use super::docs::{doc_lines, escape, prose};
use super::naming::{variant_ident, Namer};
use super::{ident, Ctx};
use crate::model::{EnumDef, EnumOrigin};
use proc_macro2::TokenStream;
use quote::quote;

const SENTINEL: &str = "unknownFutureValue";

/// One member as the enum lists it: its wire name, whether it is evolvable, its description.
struct Member {
    wire: String,
    evolvable: bool,
    description: String,
}

/// Emits one enum.
pub(crate) fn emit_enum(ctx: &Ctx<'_>, e: &EnumDef) -> TokenStream {
    let q = e.qualified();
    let Some(sym) = ctx.syms.get(&q) else {
        return TokenStream::new();
    };
    let id = ident(&sym.ident);
    let members = members(e);
    let (variants, catch_all) = variant_names(&members);
    let catch = ident(&catch_all);
    let docs = enum_docs(e, &q, &sym.ident, &variants, &members, &catch_all);
    let variant_defs = variant_defs(&variants, &members);
    let as_str_arms = variants.iter().zip(&members).map(|(v, m)| {
        let (vi, wire) = (ident(v), &m.wire);
        quote! { Self::#vi => #wire, }
    });
    let from_arms = variants.iter().zip(&members).map(|(v, m)| {
        let (vi, wire) = (ident(v), &m.wire);
        quote! { #wire => Self::#vi, }
    });
    let known = members.iter().map(|m| m.wire.as_str());
    let is_evolvable = is_evolvable_body(&variants, &members);
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #id {
            #(#variant_defs)*
            /// A value the docs did not list, kept exactly as received.
            #catch(String),
        }

        impl #id {
            /// Every documented value, in documented order.
            pub const KNOWN: &'static [&'static str] = &[#(#known),*];

            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#as_str_arms)*
                    Self::#catch(v) => v,
                }
            }

            /// True for members Graph sends only with `Prefer: include-unknown-enum-members`.
            pub fn is_evolvable(&self) -> bool {
                #is_evolvable
            }
        }

        impl From<&str> for #id {
            fn from(v: &str) -> Self {
                match v {
                    #(#from_arms)*
                    other => Self::#catch(other.to_owned()),
                }
            }
        }

        graphgen_runtime::string_enum!(#id);
    }
}

/// Members, with the sentinel added when the docs do not list it.
fn members(e: &EnumDef) -> Vec<Member> {
    let mut members: Vec<Member> = e
        .members
        .iter()
        .map(|m| Member {
            wire: m.name.clone(),
            evolvable: m.evolvable,
            description: m.description.clone(),
        })
        .collect();
    if !members.iter().any(|m| m.wire == SENTINEL) {
        members.push(Member {
            wire: SENTINEL.to_owned(),
            evolvable: false,
            description: String::new(),
        });
    }
    members
}

/// The variant name of each member, unique in the enum, and the name of the catch-all variant
/// (`Unrecognized`, numbered if a member took it).
fn variant_names(members: &[Member]) -> (Vec<String>, String) {
    let mut namer = Namer::default();
    let variants: Vec<String> = members
        .iter()
        .map(|m| namer.unique(variant_ident(&m.wire)))
        .collect();
    let catch_all = namer.unique("Unrecognized".to_owned());
    (variants, catch_all)
}

/// The enum's rustdoc: its qualified name (and flags note), then paragraphs joined by blank
/// lines: description, where its members come from, evolvable members, the catch-all, source.
fn enum_docs(
    e: &EnumDef,
    q: &str,
    sym_ident: &str,
    variants: &[String],
    members: &[Member],
    catch_all: &str,
) -> TokenStream {
    let mut lines = vec![format!(
        "`{q}`{}",
        if e.flags {
            " (flags: combined values are sent as `a,b`; see `graphgen_runtime::FlagSet`)"
        } else {
            ""
        }
    )];
    // Paragraphs, joined by blank lines.
    let mut paragraphs: Vec<Vec<String>> = vec![prose(&e.description)];
    paragraphs.push(match e.origin {
        EnumOrigin::Page => Vec::new(),
        EnumOrigin::Description => vec!["No enum page defines this enum: its members are inferred from a property description.".to_owned()],
        EnumOrigin::Placeholder => vec!["No page of the docs defines this enum or lists its members: every value is kept as sent.".to_owned()],
    });
    let evolvable: Vec<&String> = variants
        .iter()
        .zip(members)
        .filter(|(_, m)| m.evolvable)
        .map(|(v, _)| v)
        .collect();
    if !evolvable.is_empty() {
        let list = evolvable
            .iter()
            .map(|v| format!("[`{sym_ident}::{v}`]"))
            .collect::<Vec<_>>()
            .join(", ");
        paragraphs.push(vec![format!("Evolvable members ({list}) are sent only to clients that send `Prefer: include-unknown-enum-members`; other clients receive `unknownFutureValue` instead.")]);
    }
    paragraphs.push(vec![format!("Values this crate does not know deserialize into [`{sym_ident}::{catch_all}`] and serialize back unchanged.")]);
    paragraphs.push(vec![format!("Source: `{}`", e.source)]);
    for p in paragraphs.into_iter().filter(|p| !p.is_empty()) {
        lines.push(String::new());
        lines.extend(p);
    }
    doc_lines(&lines)
}

/// The variants of the known members, each with its rustdoc (wire name, evolvable note,
/// description).
fn variant_defs(variants: &[String], members: &[Member]) -> Vec<TokenStream> {
    variants
        .iter()
        .zip(members)
        .map(|(v, m)| {
            let vi = ident(v);
            let mut l = vec![format!(
                "`{}`{}",
                escape(&m.wire).replace('`', ""),
                if m.evolvable {
                    " (evolvable: needs `Prefer: include-unknown-enum-members`)"
                } else {
                    ""
                }
            )];
            let dl = prose(&m.description);
            if !dl.is_empty() {
                l.push(String::new());
                l.extend(dl);
            }
            let docs = doc_lines(&l);
            quote! { #docs #vi, }
        })
        .collect()
}

/// The body of `is_evolvable`: `false`, or a `matches!` of the evolvable variants.
fn is_evolvable_body(variants: &[String], members: &[Member]) -> TokenStream {
    let evo_variants: Vec<TokenStream> = variants
        .iter()
        .zip(members)
        .filter(|(_, m)| m.evolvable)
        .map(|(v, _)| {
            let vi = ident(v);
            quote! { Self::#vi }
        })
        .collect();
    if evo_variants.is_empty() {
        quote! { false }
    } else {
        quote! { matches!(self, #(#evo_variants)|*) }
    }
}
