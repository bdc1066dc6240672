//! Helpers shared by the integration tests.
#![allow(dead_code)]

use graphgen::diag::Diagnostics;
use graphgen::model::Model;
use std::path::{Path, PathBuf};

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root")
        .to_path_buf()
}

/// `../shared` beside the checkout.
pub fn shared() -> PathBuf {
    root()
        .parent()
        .expect("parent of the checkout")
        .join("shared")
}

/// The bundled docs.
pub fn docs() -> PathBuf {
    root().join("docs")
}

/// Builds the models of `input`, returning them with the diagnostics.
pub fn models(input: &Path) -> (Vec<Model>, Diagnostics) {
    let mut d = Diagnostics::default();
    let m = graphgen::load_models(input, &mut d).expect("input readable");
    (m, d)
}

/// The single model of `input`.
pub fn model(input: &Path) -> (Model, Diagnostics) {
    let (mut ms, d) = models(input);
    assert_eq!(
        ms.len(),
        1,
        "expected one API version in {}",
        input.display()
    );
    (ms.remove(0), d)
}

/// Every page file under `dir`, sorted, relative to `dir`.
pub fn pages(dir: &Path) -> Vec<PathBuf> {
    fn walk(d: &Path, out: &mut Vec<PathBuf>) {
        let mut es: Vec<PathBuf> = std::fs::read_dir(d)
            .expect("readable")
            .map(|e| e.expect("entry").path())
            .collect();
        es.sort();
        for p in es {
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|e| e == "md")
                && p.components().any(|c| c.as_os_str() == "api-reference")
            {
                out.push(p);
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, &mut out);
    out
}

/// Copies `files` (source → path relative to a new temp dir) into a fresh temporary folder.
pub fn temp_docs(files: &[(&Path, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for (src, rel) in files {
        let dst = dir.path().join(rel);
        std::fs::create_dir_all(dst.parent().expect("parent")).expect("mkdir");
        std::fs::copy(src, &dst).expect("copy");
    }
    dir
}

/// Runs the `graphgen` binary.
pub fn graphgen(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_graphgen"))
        .args(args)
        .output()
        .expect("graphgen runs")
}
