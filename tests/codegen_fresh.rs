//! `generated/` must be exactly what `cargo xtask codegen` writes from `docs/`.

mod common;

#[test]
fn generated_crate_is_up_to_date_with_docs() {
    let opts = graphgen::GenerateOptions::workspace_codegen(&common::root(), true);
    let outcome = graphgen::generate(&opts).expect("generation runs");
    let r = &outcome.report;
    assert!(
        r.is_clean(),
        "generated/ is stale (changed: {:?}, no longer generated: {:?}).\nRun `cargo xtask codegen` and commit the result.",
        r.changed,
        r.removed
    );
    assert!(
        !outcome.diagnostics.has_errors(),
        "docs/ has errors: {:#?}",
        outcome.diagnostics.sorted()
    );
}

#[test]
fn bundled_docs_have_only_the_seed_002_warnings() {
    // Our own pages are clean; seed 002 (as copied from the website) has trailing commas in its
    // JSON, and no resource page for `signIn`, whose model is inferred from its examples.
    let (_, d) = common::models(&common::docs());
    let all = d.sorted();
    let seed = "api-reference/v1.0/api/signin-list.txt";
    let unexpected: Vec<String> = all
        .iter()
        .filter(|x| x.file != seed || x.severity != graphgen::diag::Severity::Warning)
        .map(|x| x.to_string())
        .collect();
    assert!(
        unexpected.is_empty(),
        "docs/ should be clean apart from seed 002:\n{}",
        unexpected.join("\n")
    );
    let kinds: Vec<(u32, &str)> = all.iter().map(|x| (x.line, x.kind.as_str())).collect();
    assert_eq!(
        kinds,
        [
            (72, "unknown-type"),
            (90, "unknown-type"),
            (155, "invalid-json"),
            (240, "invalid-json")
        ]
    );
}

/// One generic executor in the runtime sends every descriptor: no generated operation compiles
/// an async function of its own.
#[test]
fn generated_code_has_no_async_functions() {
    fn walk(dir: &std::path::Path, hits: &mut Vec<String>) {
        for e in std::fs::read_dir(dir).expect("generated/src") {
            let p = e.expect("entry").path();
            if p.is_dir() {
                walk(&p, hits);
            } else if p.extension().is_some_and(|x| x == "rs") {
                let text = std::fs::read_to_string(&p).expect("file");
                if text.contains("async fn") || text.contains("async move") {
                    hits.push(p.display().to_string());
                }
            }
        }
    }
    let mut hits = Vec::new();
    walk(&common::root().join("generated/src"), &mut hits);
    assert!(hits.is_empty(), "async code in {hits:?}");
}

/// Every file of `from` copied under `to`, each text passed through `edit` (by relative path).
fn copy_tree(from: &std::path::Path, to: &std::path::Path, edit: &dyn Fn(&str, String) -> String) {
    for e in std::fs::read_dir(from).expect("folder") {
        let p = e.expect("entry").path();
        let name = p.file_name().expect("name");
        if name == "target" {
            continue;
        }
        let dest = to.join(name);
        if p.is_dir() {
            std::fs::create_dir_all(&dest).expect("mkdir");
            copy_tree(&p, &dest, edit);
        } else {
            let text = std::fs::read_to_string(&p).expect("text");
            std::fs::write(&dest, edit(&p.display().to_string(), text)).expect("write");
        }
    }
}

/// `cargo xtask codegen --check` on a copy of `generated/` edited by `edit`: the names of the
/// files it finds stale.
fn check_copy(edit: &dyn Fn(&str, String) -> String) -> Vec<String> {
    let copy = tempfile::tempdir().expect("tmp");
    copy_tree(&common::root().join("generated"), copy.path(), edit);
    let mut opts = graphgen::GenerateOptions::workspace_codegen(&common::root(), true);
    opts.out = Some(copy.path().to_path_buf());
    let outcome = graphgen::generate(&opts).expect("generation runs");
    assert!(outcome.report.removed.is_empty(), "{:?}", outcome.report);
    outcome.report.changed
}

/// The answer of `--check` depends on the docs and the generator, not on the machine: a
/// checkout with CRLF line endings is up to date, and so is a crate laid out by another
/// formatter (another rustfmt version, or none: prettyplease); a change of a token or of a doc
/// comment is not.
#[test]
fn check_ignores_line_endings_and_layout_but_not_content() {
    assert_eq!(check_copy(&|_, t| t), Vec::<String>::new());
    assert_eq!(
        check_copy(&|_, t| t.replace('\n', "\r\n")),
        Vec::<String>::new()
    );
    let relaid = |path: &str, t: String| {
        if !path.ends_with(".rs") {
            return t;
        }
        let first = t.lines().next().unwrap_or_default().to_owned();
        let file = syn::parse_file(&t).expect("generated code parses");
        format!("{first}\n{}", prettyplease::unparse(&file))
    };
    assert_eq!(check_copy(&relaid), Vec::<String>::new());
    // Real drift: a doc comment, a field type, the generated-by line, the manifest.
    let drifts = [
        ("src/v1/models.rs", "/// ", "/// Edited. "),
        ("src/v1/models.rs", "Nullable<String>", "Nullable<i32>"),
        (
            "src/lib.rs",
            "cargo xtask codegen",
            "cargo xtask codegen --other",
        ),
        ("Cargo.toml", "[features]", "[features]\nextra = []"),
    ];
    for (file, from, to) in drifts {
        let edit = |path: &str, t: String| {
            if path.ends_with(file) {
                t.replacen(from, to, 1)
            } else {
                t
            }
        };
        assert_eq!(check_copy(&edit), [file], "{from} → {to}");
    }
}

/// Writing asks for rustfmt, and a machine without it gets an error naming it, not a crate laid
/// out differently: the generator exits non-zero and writes nothing.
#[test]
fn formatting_without_rustfmt_fails_naming_it() {
    let out = tempfile::tempdir().expect("tmp");
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_graphgen"))
        .args(["generate", "--rustfmt", "--out"])
        .arg(out.path())
        .arg(common::docs())
        .env("RUSTFMT", "/nonexistent/rustfmt")
        .output()
        .expect("graphgen runs");
    let stderr = String::from_utf8_lossy(&status.stderr);
    assert!(!status.status.success(), "{stderr}");
    assert!(
        stderr.contains("rustfmt was not found") && stderr.contains("rustup component add rustfmt"),
        "{stderr}"
    );
    assert_eq!(std::fs::read_dir(out.path()).expect("out").count(), 0);
}
