//! The examples harness on the bundled docs, in-process: every example with a body goes through
//! the checked-in SDK's registry (`graphgen-sdk` with its `registry` feature), is written back,
//! and is judged by `graphgen::examples`. The bundled docs must reach 100%, with the canonical
//! re-spellings they contain (fractional seconds, an offset) recognised.
//! `cargo xtask examples [DOCS]` does the same for any docs by building the generated crate.

mod common;

use graphgen::examples::{self, Cause, Outcome};
use graphgen_runtime::registry::{run, Lookup};
use serde_json::json;

const VERSIONS: &[(&str, Lookup)] = &[
    ("v1", graphgen_sdk::v1::registry::round_trip),
    ("beta", graphgen_sdk::beta::registry::round_trip),
];

/// The harness in-process: every case's job through the SDK's registries, then judged.
fn harness(cases: &[examples::Case<'_>]) -> examples::Report {
    let results: Vec<_> = examples::jobs(cases)
        .iter()
        .map(|j| run(VERSIONS, j))
        .collect();
    examples::report(cases, &results)
}

#[test]
fn every_bundled_example_round_trips_exactly() {
    let (models, _) = common::models(&common::docs());
    let cases: Vec<examples::Case<'_>> = models.iter().flat_map(examples::cases).collect();
    let report = harness(&cases);
    assert_eq!(report.failures, Vec::new(), "{report}");
    assert_eq!(report.tolerated, Vec::new(), "{report}");
    assert_eq!(
        report.to_string().lines().last(),
        Some("examples: 10 found, 10 typed, 10 deserialized, 10 round-tripped exactly"),
        "{report}"
    );
    assert_eq!((report.named, report.named_deserialized), (6, 6));
    // The connection example spells timestamps with seven fractional digits and an offset;
    // the SDK writes them in chrono's canonical form, which the comparison recognises.
    assert_eq!(
        report.canonical.get("Edm.DateTimeOffset"),
        Some(&2),
        "{report}"
    );
    // The single Int64 response is read through its `{"value": …}` wrapper.
    let count = cases
        .iter()
        .find(|c| c.operation.name == "logsGetConnectionCount" && c.is_response())
        .expect("getConnectionCount response example");
    assert!(count.typed.as_ref().is_ok_and(|t| t.named));
}

#[test]
fn the_registry_reports_failures_with_paths() {
    let job = |name: &str, collection: bool, body| graphgen_runtime::registry::Job {
        id: 7,
        version: "beta".to_owned(),
        selector: graphgen_runtime::registry::Selector::Type {
            name: name.to_owned(),
            collection,
        },
        body,
    };
    // A wrong type deep inside a collection: serde's path.
    let r = run(
        VERSIONS,
        &job(
            "microsoft.graph.networkaccess.connection",
            true,
            json!({"value": [{"id": "1"}, {"sentBytes": "many"}]}),
        ),
    );
    match r.outcome {
        Outcome::Failed(f) => assert_eq!(f.path, "value[1].sentBytes"),
        other => panic!("{other:?}"),
    }
    // A placeholder timestamp is kept verbatim; an unknown type is reported as unknown.
    let r = run(
        VERSIONS,
        &job(
            "microsoft.graph.networkaccess.connection",
            false,
            json!({"createdDateTime": "datetime-value"}),
        ),
    );
    assert_eq!(
        r.outcome,
        Outcome::RoundTripped {
            value: json!({"createdDateTime": "datetime-value"})
        }
    );
    let r = run(VERSIONS, &job("microsoft.graph.nothing", false, json!({})));
    assert_eq!(r.outcome, Outcome::Unknown);
    let r = run(
        VERSIONS,
        &graphgen_runtime::registry::Job {
            version: "v2".to_owned(),
            ..job("Edm.String", false, json!({"value": "x"}))
        },
    );
    assert_eq!(r.outcome, Outcome::Unknown);
}

/// A broken example in a copy of the bundled docs: the harness blames the docs, names the file,
/// line and path, and every run of the generator reports the same docs error.
#[test]
fn a_contradicting_example_is_a_docs_error_and_a_diagnostic() {
    let docs = common::docs();
    let dir = tempfile::tempdir().expect("temp dir");
    copy_dir(
        &docs.join("api-reference"),
        &dir.path().join("api-reference"),
    );
    let page = dir
        .path()
        .join("api-reference/beta/api/networkaccess-connection-get.md");
    let text = std::fs::read_to_string(&page).expect("page");
    let broken = text.replace("\"sentBytes\": 2048", "\"sentBytes\": \"2 KB\"");
    assert_ne!(text, broken);
    std::fs::write(&page, broken).expect("write");
    let (models, diags) = common::models(dir.path());
    let mismatch: Vec<_> = diags
        .sorted()
        .into_iter()
        .filter(|d| d.kind == graphgen::diag::DiagKind::ExampleMismatch)
        .collect();
    assert_eq!(mismatch.len(), 1, "{mismatch:?}");
    assert_eq!(
        mismatch[0].file,
        "api-reference/beta/api/networkaccess-connection-get.md"
    );
    assert!(mismatch[0].message.contains("at `sentBytes`"));
    let cases: Vec<examples::Case<'_>> = models.iter().flat_map(examples::cases).collect();
    let report = harness(&cases);
    assert_eq!(report.failures.len(), 1, "{report}");
    let f = &report.failures[0];
    assert_eq!(f.cause, Cause::Docs);
    assert_eq!(f.path, "sentBytes");
    assert_eq!(
        f.source,
        format!("{}:{}", mismatch[0].file, mismatch[0].line)
    );
    assert_eq!(
        report.summary_line(),
        "examples: 10 found, 10 typed, 9 deserialized, 9 round-tripped exactly"
    );
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for e in std::fs::read_dir(from).expect("read dir") {
        let p = e.expect("entry").path();
        let dst = to.join(p.file_name().expect("name"));
        if p.is_dir() {
            copy_dir(&p, &dst);
        } else {
            std::fs::copy(&p, &dst).expect("copy");
        }
    }
}
