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
fn bundled_docs_have_no_diagnostics() {
    let (_, d) = common::models(&common::docs());
    let all = d.sorted();
    assert!(
        all.is_empty(),
        "docs/ should be clean:\n{}",
        all.iter()
            .map(|d| d.to_string())
            .collect::<Vec<_>>()
            .join("\n")
    );
}
