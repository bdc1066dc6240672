//! Acceptance on seed 002 (`../shared/seeds/002_…txt`): the *List signIns* page as copied from
//! the rendered website (Korean UI lines, flattened tables, unfenced code, JSON with trailing
//! commas). It gives the same operation as the markdown page, a model inferred from its
//! examples, and a crate whose response type reads example 1 and writes it back unchanged.

mod common;

use graphgen::model::{ExampleKind, HttpMethod, Model, Operation, Origin, TypeKind, TypeRef};

const SEED: &str = "seeds/002_94f96ac74695a053.txt";

fn seed_alone() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("tmp");
    let folder = dir.path().join("docs");
    std::fs::create_dir_all(&folder).expect("mkdir");
    std::fs::copy(common::shared().join(SEED), folder.join("list-signins.txt")).expect("copy");
    (dir, folder)
}

fn list_sign_ins(m: &Model) -> &Operation {
    m.operations
        .iter()
        .find(|o| o.path == "/auditLogs/signIns")
        .expect("GET /auditLogs/signIns")
}

fn set(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

#[test]
fn rendered_text_is_recognised_and_markdown_is_not() {
    let seed = std::fs::read_to_string(common::shared().join(SEED)).expect("seed");
    assert!(graphgen::is_rendered_page(&seed));
    // Not one markdown page of the real docs, nor of ours, is taken for rendered text.
    let mut pages = common::pages(&common::docs());
    pages.retain(|p| p.extension().is_some_and(|e| e == "md"));
    for dir in ["graph-docs/v1.0/resources", "graph-docs/v1.0/api"] {
        for e in std::fs::read_dir(common::shared().join(dir)).expect("docs") {
            pages.push(e.expect("entry").path());
        }
    }
    assert!(pages.len() > 3000);
    for p in pages {
        let text = std::fs::read_to_string(&p).expect("page");
        assert!(
            !graphgen::is_rendered_page(&text),
            "{} taken for rendered text",
            p.display()
        );
    }
}

#[test]
fn seed_002_alone_gives_the_operation_and_an_inferred_model() {
    let (dir, folder) = seed_alone();
    let ir = dir.path().join("ir.json");
    let out = dir.path().join("crate");
    let run = common::graphgen(&[
        "generate",
        folder.to_str().expect("utf-8"),
        "--out",
        out.to_str().expect("utf-8"),
        "--ir",
        ir.to_str().expect("utf-8"),
    ]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{stderr}");
    // Every JSON repair is a warning with its line.
    assert!(stderr.contains("list-signins.txt:155: warning[invalid-json]: invalid JSON in example body: removed a trailing comma"), "{stderr}");

    let m: Model = serde_json::from_str(&std::fs::read_to_string(&ir).expect("ir")).expect("model");
    assert_eq!(m.version, "v1.0", "taken from the request URLs");
    let op = list_sign_ins(&m);
    assert_eq!(op.method, HttpMethod::Get);
    // The options the page names, in its order, then the standard set of a collection GET.
    assert_eq!(&op.query[..3], set(&["$top", "$skiptoken", "$filter"]));
    assert_eq!(
        op.query_standard,
        set(&["$select", "$skip", "$orderby", "$expand", "$count", "$search"])
    );
    let r = op.response.as_ref().expect("response");
    assert_eq!(
        (r.status, r.ty.as_ref().map(TypeRef::as_str), r.collection),
        (200, Some("microsoft.graph.signIn"), true)
    );
    let both = vec![set(&["AuditLog.Read.All", "Directory.Read.All"])];
    assert_eq!(op.permissions.delegated_work, both);
    assert_eq!(op.permissions.application, both);
    assert!(op.permissions.delegated_personal.is_empty());
    assert_eq!(op.examples.len(), 4);
    assert!(op.examples[0]
        .url
        .as_deref()
        .is_some_and(|u| u.ends_with("createdDateTime le 2024-07-14T23:59:59Z")));

    let ty = |n: &str| {
        m.types
            .iter()
            .find(|t| t.qualified() == format!("microsoft.graph.{n}"))
            .unwrap_or_else(|| panic!("{n}"))
    };
    let sign_in = ty("signIn");
    assert_eq!(sign_in.origin, Origin::Inferred);
    assert_eq!(sign_in.kind, TypeKind::Entity);
    assert_eq!(sign_in.properties.len(), 23);
    let p = |t: &graphgen::model::TypeDef, n: &str| {
        let p = t
            .properties
            .iter()
            .find(|p| p.name == n)
            .unwrap_or_else(|| panic!("{n}"));
        (p.ty.to_string(), p.collection)
    };
    assert_eq!(
        p(sign_in, "createdDateTime"),
        ("Edm.DateTimeOffset".into(), false)
    );
    assert_eq!(p(sign_in, "isInteractive"), ("Edm.Boolean".into(), false));
    assert_eq!(
        p(sign_in, "status"),
        ("microsoft.graph.status".into(), false)
    );
    assert_eq!(
        p(sign_in, "deviceDetail"),
        ("microsoft.graph.deviceDetail".into(), false)
    );
    assert_eq!(
        p(sign_in, "location"),
        ("microsoft.graph.location".into(), false)
    );
    assert_eq!(
        p(sign_in, "appliedConditionalAccessPolicies"),
        (
            "microsoft.graph.appliedConditionalAccessPolicy".into(),
            true
        )
    );
    assert_eq!(
        p(ty("location"), "geoCoordinates"),
        ("microsoft.graph.geoCoordinates".into(), false)
    );
    assert_eq!(
        p(ty("geoCoordinates"), "latitude"),
        ("Edm.Double".into(), false)
    );
    assert_eq!(p(ty("status"), "errorCode"), ("Edm.Int32".into(), false));
    assert_eq!(ty("appliedConditionalAccessPolicy").kind, TypeKind::Complex);

    // Example 1's response, repaired, through the generated response type and back.
    let body = op
        .examples
        .iter()
        .find(|e| e.kind == ExampleKind::Response)
        .and_then(|e| e.body.clone())
        .expect("example 1");
    std::fs::write(
        out.join("example1.json"),
        serde_json::to_string_pretty(&body).expect("json"),
    )
    .expect("write");
    common::cargo_test_generated(
        &out,
        r#"
use graphgen_sdk::runtime::Endpoint;
use graphgen_sdk::v1::endpoints::ListSignIns;

#[test]
fn example_1_round_trips() {
    let body: serde_json::Value = serde_json::from_str(include_str!("../example1.json")).unwrap();
    let page: <ListSignIns as Endpoint>::Response = serde_json::from_value(body.clone()).unwrap();
    let first = &page.value[0];
    assert_eq!(first.user_display_name.value().map(String::as_str), Some("Test Contoso"));
    assert_eq!(first.location.value().unwrap().geo_coordinates.value().unwrap().latitude.value(), Some(&47.68050003051758));
    assert_eq!(first.applied_conditional_access_policies.value().map(Vec::len), Some(2));
    assert!(page.next_link.is_some());
    assert_eq!(serde_json::to_value(&page).unwrap(), body);
    assert_eq!(&ListSignIns::QUERY_OPTIONS[..3], &["$top", "$skiptoken", "$filter"]);
}
"#,
    );
}

#[test]
fn the_rendered_page_and_the_markdown_page_give_the_same_operation() {
    let (_dir, folder) = seed_alone();
    let (rendered, _) = common::model(&folder);
    let md = common::shared().join("graph-docs/v1.0/api/signin-list.md");
    let (markdown, _) = common::model(&md);
    let (a, b) = (list_sign_ins(&rendered), list_sign_ins(&markdown));
    assert_eq!(a.method, b.method);
    assert_eq!(a.path, b.path);
    assert_eq!(a.query, b.query);
    // The same permission sets; each keeps the table it was read from.
    let sets = |p: &graphgen::model::Permissions| {
        (
            p.delegated_work.clone(),
            p.delegated_personal.clone(),
            p.application.clone(),
        )
    };
    assert_eq!(sets(&a.permissions), sets(&b.permissions));
    assert_ne!(a.permissions.sources, b.permissions.sources);
    assert_eq!(
        a.response.as_ref().map(|r| (r.status, r.collection)),
        b.response.as_ref().map(|r| (r.status, r.collection))
    );
}
