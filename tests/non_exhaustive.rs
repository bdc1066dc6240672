//! A property, an enum member or a derived type the docs add must not be a breaking change of
//! the generated crate (Cargo's SemVer rules): every public struct with public named fields and
//! every public enum it defines is `#[non_exhaustive]`. Checked on the parsed source of the
//! checked-in crate (`generated/`) and of a crate generated from the `areas` fixture (derived
//! types and fields under `#[cfg]`).

mod common;

use std::path::Path;
use syn::visit::Visit;

/// The public structs with public named fields and the public enums of a file: (kind, name,
/// whether it is `#[non_exhaustive]`).
#[derive(Default)]
struct Items(Vec<(&'static str, String, bool)>);

fn is_pub(v: &syn::Visibility) -> bool {
    matches!(v, syn::Visibility::Public(_))
}

fn non_exhaustive(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| a.path().is_ident("non_exhaustive"))
}

impl Visit<'_> for Items {
    fn visit_item_struct(&mut self, s: &syn::ItemStruct) {
        let syn::Fields::Named(fields) = &s.fields else {
            return;
        };
        if is_pub(&s.vis) && fields.named.iter().any(|f| is_pub(&f.vis)) {
            self.0
                .push(("struct", s.ident.to_string(), non_exhaustive(&s.attrs)));
        }
    }

    fn visit_item_enum(&mut self, e: &syn::ItemEnum) {
        if is_pub(&e.vis) {
            self.0
                .push(("enum", e.ident.to_string(), non_exhaustive(&e.attrs)));
        }
    }
}

/// Every item of the `.rs` files under `dir`, with the file it is in.
fn items(dir: &Path, out: &mut Vec<(String, &'static str, String, bool)>) {
    for e in std::fs::read_dir(dir).expect("folder") {
        let p = e.expect("entry").path();
        if p.is_dir() {
            items(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            let text = std::fs::read_to_string(&p).expect("file");
            let file = syn::parse_file(&text).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            let mut v = Items::default();
            v.visit_file(&file);
            out.extend(
                v.0.into_iter()
                    .map(|(k, n, ne)| (p.display().to_string(), k, n, ne)),
            );
        }
    }
}

/// Asserts the rule on the crate at `src`; returns the names checked.
fn check(src: &Path) -> Vec<String> {
    let mut all = Vec::new();
    items(src, &mut all);
    let missing: Vec<String> = all
        .iter()
        .filter(|(.., ne)| !ne)
        .map(|(file, kind, name, _)| format!("{file}: {kind} {name}"))
        .collect();
    assert!(
        missing.is_empty(),
        "not #[non_exhaustive] (a property, member or derived type the docs add would be a \
         breaking change):\n{}",
        missing.join("\n")
    );
    all.into_iter().map(|(.., name, _)| name).collect()
}

#[test]
fn the_generated_crate_is_non_exhaustive() {
    let names = check(&common::root().join("generated/src"));
    // Not vacuous: a resource type, an operation's body, an enum and an `Any…` enum are there.
    for name in [
        "FilteringPolicy",
        "UpdateFilteringPolicyBody",
        "DeviceCategory",
        "AnyPolicy",
    ] {
        assert!(names.iter().any(|n| n == name), "{name} not checked");
    }
}

#[test]
fn a_crate_with_areas_is_non_exhaustive() {
    let (_tmp, dir) = common::generate_fixture_crate("areas");
    let names = check(&dir.join("src"));
    for name in ["Shelf", "AnyThing"] {
        assert!(names.iter().any(|n| n == name), "{name} not checked");
    }
}
