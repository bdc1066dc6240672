//! The generated SDK with the runtime's client, against a local server (127.0.0.1): the
//! README's example (list sign-ins, filtered, all pages, typed fields) and the descriptor
//! plumbing of a generated operation. The client's own fault tests are in runtime/tests.

use futures_util::StreamExt;
use graphgen_runtime::client::StaticToken;
use graphgen_runtime::{Client, RequestOptions};
use graphgen_sdk::prelude::*;
use graphgen_sdk::v1::endpoints::ListSignIns;
use serde_json::json;
use wiremock::matchers::{header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn sign_in(id: &str, user: &str) -> serde_json::Value {
    json!({
        "id": id,
        "createdDateTime": "2024-07-02T10:00:00Z",
        "userPrincipalName": user,
        "appDisplayName": "Graph explorer",
        "status": {"errorCode": 0, "failureReason": null},
        "location": {"city": "Redmond", "geoCoordinates": {"latitude": 47.68, "longitude": -122.12}},
        "appliedConditionalAccessPolicies": [],
        "riskLevelAggregated": "none"
    })
}

#[tokio::test]
async fn list_sign_ins_filtered_across_pages_with_typed_fields() {
    let server = MockServer::start().await;
    let base = format!("{}/v1.0", server.uri());
    let filter = "createdDateTime ge 2024-07-01T00:00:00Z";
    Mock::given(method("GET"))
        .and(path("/v1.0/auditLogs/signIns"))
        .and(query_param("$filter", filter))
        .and(query_param("$top", "2"))
        .and(header("authorization", "Bearer test-token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "@odata.nextLink": format!("{base}/auditLogs/signIns?$top=2&$skiptoken=p2"),
            "value": [sign_in("11111111-1111-1111-1111-111111111111", "a@contoso.com"), sign_in("22222222-2222-2222-2222-222222222222", "b@contoso.com")]
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1.0/auditLogs/signIns"))
        .and(query_param("$skiptoken", "p2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "@odata.nextLink": format!("{base}/auditLogs/signIns?$top=2&$skiptoken=p3"),
            "value": [sign_in("33333333-3333-3333-3333-333333333333", "c@contoso.com")]
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1.0/auditLogs/signIns"))
        .and(query_param("$skiptoken", "p3"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "value": [sign_in("44444444-4444-4444-4444-444444444444", "d@contoso.com")]
        })))
        .expect(1)
        .mount(&server)
        .await;

    let client = Client::builder(StaticToken::new("test-token"))
        .base_url(base)
        .build()
        .expect("client");
    let request = ListSignIns::new().filter(filter).top(2);
    let mut stream = std::pin::pin!(client.items(&request));
    let mut users = Vec::new();
    while let Some(s) = stream.next().await {
        let s = s.expect("a sign-in");
        assert_eq!(
            s.app_display_name.value().map(String::as_str),
            Some("Graph explorer")
        );
        assert_eq!(
            s.location
                .value()
                .and_then(|l| l.city.value())
                .map(String::as_str),
            Some("Redmond")
        );
        assert_eq!(
            s.created_date_time
                .value()
                .and_then(|t| t.value())
                .map(|t| t.to_rfc3339()),
            Some("2024-07-02T10:00:00+00:00".to_owned())
        );
        users.push(s.user_principal_name.value().cloned().unwrap_or_default());
    }
    assert_eq!(
        users,
        [
            "a@contoso.com",
            "b@contoso.com",
            "c@contoso.com",
            "d@contoso.com"
        ]
    );
}

#[tokio::test]
async fn evolvable_enum_members_are_asked_for_only_when_wanted() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/auditLogs/signIns"))
        .and(header("prefer", "include-unknown-enum-members"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"value": []})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/auditLogs/signIns"))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({"value": [sign_in("55555555-5555-5555-5555-555555555555", "e@contoso.com")]}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder(StaticToken::new("t"))
        .base_url(server.uri())
        .build()
        .expect("client");
    let asked = client
        .send_with(
            &ListSignIns::new(),
            &RequestOptions::new().include_unknown_enum_members(true),
        )
        .await
        .expect("page");
    assert!(asked.value.is_empty());
    let plain = client.send(&ListSignIns::new()).await.expect("page");
    assert_eq!(plain.value.len(), 1);
}

/// The example program itself (`generator/examples/list_sign_ins.rs`), pointed at a local
/// server, prints every sign-in of every page.
#[tokio::test(flavor = "multi_thread")]
async fn the_readme_example_lists_every_sign_in_from_a_local_server() {
    let server = MockServer::start().await;
    let base = format!("{}/v1.0", server.uri());
    Mock::given(method("GET"))
        .and(path("/v1.0/auditLogs/signIns"))
        .and(query_param("$top", "50"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "@odata.nextLink": format!("{base}/auditLogs/signIns?$skiptoken=next"),
            "value": [sign_in("11111111-1111-1111-1111-111111111111", "a@contoso.com")]
        })))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1.0/auditLogs/signIns"))
        .and(query_param("$skiptoken", "next"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "value": [sign_in("22222222-2222-2222-2222-222222222222", "b@contoso.com")]
        })))
        .mount(&server)
        .await;
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let out = tokio::task::spawn_blocking(move || {
        std::process::Command::new(cargo)
            .args([
                "run",
                "--quiet",
                "-p",
                "graphgen",
                "--example",
                "list_sign_ins",
                "--",
                &base,
            ])
            .env("GRAPH_TOKEN", "test-token")
            .output()
            .expect("cargo runs the example")
    })
    .await
    .expect("joined");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{stdout}");
    assert!(
        lines[0].contains("a@contoso.com")
            && lines[0].contains("Graph explorer")
            && lines[0].contains("Redmond"),
        "{stdout}"
    );
    assert!(lines[1].contains("b@contoso.com"), "{stdout}");
    assert_eq!(lines[2], "2 sign-ins");
}
