//! Entry points for the fuzz targets (`generator/fuzz`, `cargo xtask fuzz`): each runs a part of
//! the pipeline on arbitrary input and panics where an invariant breaks, so that the fuzzer
//! reports it: a panic anywhere, a diagnostic at line 0 or past the end of its file, emitted code
//! that is not Rust. Not part of the API.

use crate::diag::Diagnostics;
use crate::emit::{EmitOptions, RuntimeDep};
use std::collections::HashMap;

/// Every diagnostic about one of `files` (path → text) stands on one of its lines.
fn check_lines(diags: &Diagnostics, files: &HashMap<&str, &str>) {
    for d in diags.sorted() {
        let Some(text) = files.get(d.file.as_str()) else {
            continue;
        };
        let lines = text.lines().count().max(1) as u32;
        assert!(
            d.line >= 1 && d.line <= lines,
            "diagnostic at line {} of a {lines}-line file: {d}",
            d.line
        );
    }
}

/// Reads and extracts one page (its kind chosen by its text and path).
pub fn page(path: &str, text: &str) {
    let mut d = Diagnostics::default();
    let _ = crate::facts_of(path, None, text, |_, _| {}, &mut d);
    check_lines(&d, &HashMap::from([(path, text)]));
}

/// The lenient JSON reader: repairs stay on the text's lines; what it returns is JSON.
pub fn json(text: &str) {
    let lines = text.lines().count().max(1) as u32;
    match crate::extract::json::parse_lenient(text) {
        Ok((value, repairs)) => {
            for r in repairs {
                assert!(r.line < lines, "repair at line {} of {lines}", r.line);
            }
            let again = serde_json::to_string(&value).expect("serializes");
            let back: serde_json::Value = serde_json::from_str(&again).expect("reads back");
            assert_eq!(back, value);
        }
        Err(e) => assert!(e.line < lines, "error at line {} of {lines}", e.line),
    }
    let _ = crate::extract::json::top_level_key_lines(text);
}

/// The whole pipeline on `pages` (paths relative to a docs folder, such as
/// `v1.0/resources/x.md`, and their texts): read, extract, resolve, check the examples, emit.
pub fn pipeline(pages: &[(String, String)]) {
    let mut d = Diagnostics::default();
    let results = pages
        .iter()
        .map(|(path, text)| {
            let mut pd = Diagnostics::default();
            let version = crate::source::version_of(std::path::Path::new(path));
            let (v, facts) = crate::facts_of(path, version.as_deref(), text, |_, _| {}, &mut pd);
            (v, facts, pd)
        })
        .collect();
    let models = crate::resolve_all(results, &mut d);
    let opts = EmitOptions {
        crate_name: "fuzz-sdk".to_owned(),
        command: "fuzz".to_owned(),
        runtime: RuntimeDep::Version("0.1".to_owned()),
        workspace_member: false,
        rustfmt: false,
    };
    let emitted = crate::emit::emit_crate(&models, &opts).expect("the generated code is Rust");
    d.extend(emitted.diagnostics);
    let files: HashMap<&str, &str> = pages
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    check_lines(&d, &files);
    let _ = crate::model_json(&models).expect("the model serializes");
}
