//! The pipeline's layout holds: data flows one way, read → extract → resolve → model → emit →
//! write (with the examples harness and the metadata comparison after the model), and nothing
//! after the model reaches back into the stages that build it. Checked on the source: every
//! `crate::<module>` a stage's files name must be one the stage may use. The diff (two models →
//! their changes and their crates' APIs) comes after the emitter.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

/// What each stage (a folder or file under generator/src) may name besides itself.
const ALLOWED: &[(&str, &[&str])] = &[
    // The model's vocabulary (HTTP methods, primitives) may be used by every stage.
    ("read", &["source", "diag", "model"]),
    ("extract", &["read", "diag", "model"]),
    ("resolve", &["extract", "diag", "model"]),
    ("model", &[]),
    ("emit", &["model", "diag"]),
    ("examples", &["model", "diag", "emit"]),
    // The comparison loads the model through the library's own entry points (and its error).
    (
        "compare",
        &[
            "model",
            "diag",
            "load_models_or_json",
            "is_model_json",
            "Error",
        ],
    ),
    // The diff loads both sides the same way, emits both crates and reads their APIs back.
    (
        "diff",
        &["model", "diag", "emit", "load_models_or_json", "Error"],
    ),
    ("write", &["emit", "diag"]),
];

fn rust_files(path: &Path, out: &mut Vec<std::path::PathBuf>) {
    if path.is_dir() {
        for e in std::fs::read_dir(path).expect("folder") {
            rust_files(&e.expect("entry").path(), out);
        }
    } else if path.is_file() && path.extension().is_some_and(|x| x == "rs") {
        out.push(path.to_path_buf());
    }
}

/// The top-level modules of the crate a source text names as `crate::x` (outside comment lines).
fn named_modules(text: &str) -> BTreeSet<String> {
    let code: String = text
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n");
    let text = code.as_str();
    let mut out = BTreeSet::new();
    for (at, _) in text.match_indices("crate::") {
        let before = text[..at].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$') {
            continue; // `graphgen_crate::`, `$crate::`
        }
        let name: String = text[at + 7..]
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        if !name.is_empty() {
            out.insert(name);
        }
    }
    out
}

#[test]
fn stages_name_only_the_stages_before_them() {
    let src = common::root().join("generator/src");
    let mut broken = Vec::new();
    for (stage, allowed) in ALLOWED {
        let mut files = Vec::new();
        rust_files(&src.join(stage), &mut files);
        rust_files(&src.join(format!("{stage}.rs")), &mut files);
        assert!(!files.is_empty(), "no source for stage {stage}");
        for f in files {
            let text = std::fs::read_to_string(&f).expect("source");
            for m in named_modules(&text) {
                if m != *stage && !allowed.contains(&m.as_str()) {
                    broken.push(format!("{} names crate::{m}", f.display()));
                }
            }
        }
    }
    assert!(broken.is_empty(), "{}", broken.join("\n"));
}

#[test]
fn the_rule_is_seen_where_it_is_broken() {
    assert_eq!(
        named_modules(
            "use crate::resolve::x;\n/// crate::emit in a comment\nlet y = crate::model::Primitive::String; $crate::z"
        ),
        ["model", "resolve"].map(String::from).into_iter().collect()
    );
}

/// Every function of the generator (tests included) and its length in lines, from the parsed
/// source: `fn` keyword to closing brace.
fn function_lengths(text: &str) -> Vec<(String, usize, usize)> {
    use syn::spanned::Spanned as _;
    use syn::visit::Visit;
    struct Lengths(Vec<(String, usize, usize)>);
    impl Lengths {
        fn add(&mut self, name: &syn::Ident, sig: &syn::Signature, block: &syn::Block) {
            let start = sig.fn_token.span.start().line;
            let end = block.span().end().line;
            self.0.push((name.to_string(), start, end + 1 - start));
        }
    }
    impl<'ast> Visit<'ast> for Lengths {
        fn visit_item_fn(&mut self, f: &'ast syn::ItemFn) {
            self.add(&f.sig.ident, &f.sig, &f.block);
            syn::visit::visit_item_fn(self, f);
        }
        fn visit_impl_item_fn(&mut self, f: &'ast syn::ImplItemFn) {
            self.add(&f.sig.ident, &f.sig, &f.block);
            syn::visit::visit_impl_item_fn(self, f);
        }
    }
    let file = syn::parse_file(text).expect("generator source parses");
    let mut v = Lengths(Vec::new());
    v.visit_file(&file);
    v.0
}

/// Long functions are split into named steps: none of the generator's is over 120 lines.
#[test]
fn no_generator_function_is_over_120_lines() {
    let mut files = Vec::new();
    rust_files(&common::root().join("generator/src"), &mut files);
    let mut long = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(&f).expect("source");
        for (name, line, n) in function_lengths(&text) {
            if n > 120 {
                long.push(format!("{}:{line}: {name} has {n} lines", f.display()));
            }
        }
    }
    assert!(long.is_empty(), "{}", long.join("\n"));
    // The measure itself: a three-line function is three lines.
    let lengths =
        function_lengths("fn a() {\n    let x = 1;\n}\nimpl T {\n    fn b(&self) {}\n}\n");
    assert_eq!(lengths, [("a".to_owned(), 1, 3), ("b".to_owned(), 5, 1)]);
}
