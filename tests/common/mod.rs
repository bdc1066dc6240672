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

/// Every page file under `dir` (outside `includes/` folders), sorted.
pub fn pages(dir: &Path) -> Vec<PathBuf> {
    fn walk(d: &Path, out: &mut Vec<PathBuf>) {
        let mut es: Vec<PathBuf> = std::fs::read_dir(d)
            .expect("readable")
            .map(|e| e.expect("entry").path())
            .collect();
        es.sort();
        for p in es {
            if p.is_dir() {
                // Include material, never pages (as graphgen's discovery has it).
                if p.file_name().is_some_and(|n| n == "includes") {
                    continue;
                }
                walk(&p, out);
            } else if p.extension().is_some_and(|e| e == "md" || e == "txt")
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

/// Generates the crate of the fixture docs `tests/fixtures/<name>` into a new temporary folder:
/// (the folder, to keep alive; the crate's directory in it). Panics with graphgen's output when it
/// fails.
pub fn generate_fixture_crate(name: &str) -> (tempfile::TempDir, PathBuf) {
    let out = tempfile::tempdir().expect("tmp");
    let dir = out.path().join("crate");
    let fixture = root().join("tests/fixtures").join(name);
    let run = graphgen(&[
        "generate",
        fixture.to_str().expect("utf-8"),
        "--out",
        dir.to_str().expect("utf-8"),
    ]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    (out, dir)
}

/// Adds `test_source` as an integration test to the generated crate at `dir` and runs
/// `cargo test` there, offline, with the workspace's lockfile and warnings denied. Panics with
/// cargo's output when the crate does not build or the test fails.
pub fn cargo_test_generated(dir: &Path, test_source: &str) {
    cargo_test_generated_with(dir, test_source, "serde_json = \"1\"\n");
}

/// [`cargo_test_generated`] with `dev_dependencies` (lines of a `[dev-dependencies]` table).
pub fn cargo_test_generated_with(dir: &Path, test_source: &str, dev_dependencies: &str) {
    add_test_to_generated(dir, test_source, dev_dependencies);
    run_generated_tests(dir, &[]);
}

/// Adds `test_source` as the integration test `tests/acceptance.rs` of the generated crate at
/// `dir`, with the workspace's lockfile and `dev_dependencies`.
pub fn add_test_to_generated(dir: &Path, test_source: &str, dev_dependencies: &str) {
    std::fs::copy(root().join("Cargo.lock"), dir.join("Cargo.lock")).expect("lockfile");
    std::fs::create_dir_all(dir.join("tests")).expect("tests dir");
    std::fs::write(dir.join("tests/acceptance.rs"), test_source).expect("write test");
    let manifest = std::fs::read_to_string(dir.join("Cargo.toml")).expect("manifest");
    std::fs::write(
        dir.join("Cargo.toml"),
        format!("{manifest}\n[dev-dependencies]\n{dev_dependencies}"),
    )
    .expect("manifest");
}

/// Runs `cargo test` (offline, warnings denied, with `args` such as features) in the generated
/// crate at `dir`; panics with cargo's output when the crate does not build or a test fails.
pub fn run_generated_tests(dir: &Path, args: &[&str]) {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let run = std::process::Command::new(cargo)
        .args(["test", "--offline", "--quiet"])
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", root().join("target/generated-check"))
        .env("RUSTFLAGS", "-D warnings")
        .output()
        .expect("cargo runs");
    assert!(
        run.status.success(),
        "the generated crate does not build or its tests fail:\n{}\n{}",
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
}

/// Asserts that `ds` holds a diagnostic of `kind` at `file` (a path suffix) and `line` whose
/// message contains `text`; the failure lists every diagnostic.
pub fn has(
    ds: &[graphgen::diag::Diagnostic],
    file: &str,
    line: u32,
    kind: graphgen::diag::DiagKind,
    text: &str,
) {
    assert!(
        ds.iter().any(|d| d.file.ends_with(file)
            && d.line == line
            && d.kind == kind
            && d.message.contains(text)),
        "expected {kind:?} at {file}:{line} containing {text:?}; got:\n{}",
        ds.iter()
            .map(|d| d.to_string())
            .collect::<Vec<_>>()
            .join("\n")
    );
}
