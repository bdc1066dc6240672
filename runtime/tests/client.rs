//! The HTTP client against a real local server (wiremock on 127.0.0.1).

#![cfg(feature = "client")]

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures_util::{StreamExt, TryStreamExt};
use graphgen_runtime::client::{Error, RetryPolicy, StaticToken, TokenFn};
use graphgen_runtime::{
    encode_path_segment, Client, Collection, Endpoint, Method, NoContent, Nullable, Permissions,
    Request, RequestOptions,
};
use serde::{Deserialize, Serialize};
use serde_json::json;
use wiremock::matchers::{header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const NO_PERMISSIONS: Permissions = Permissions {
    delegated_work: &[],
    delegated_personal: &[],
    application: &[],
};

#[derive(Debug, Clone, PartialEq, Deserialize)]
struct Thing {
    id: String,
}

/// `GET /things` — a collection.
struct ListThings(Request<NoContent>);

impl Endpoint for ListThings {
    type Body = NoContent;
    type Response = Collection<Thing>;
    const OPERATION: &'static str = "listThings";
    const METHOD: Method = Method::Get;
    const PATH_TEMPLATE: &'static str = "/things";
    const QUERY_OPTIONS: &'static [&'static str] = &["$filter", "$top"];
    const PERMISSIONS: Permissions = NO_PERMISSIONS;
    const SUCCESS_STATUS: u16 = 200;
    fn request(&self) -> &Request<NoContent> {
        &self.0
    }
    fn request_mut(&mut self) -> &mut Request<NoContent> {
        &mut self.0
    }
}

impl ListThings {
    fn new() -> Self {
        ListThings(Request::new(Self::PATH_TEMPLATE.to_owned()))
    }
}

/// `GET /things/{thingId}`.
struct GetThing(Request<NoContent>);

impl Endpoint for GetThing {
    type Body = NoContent;
    type Response = Thing;
    const OPERATION: &'static str = "getThing";
    const METHOD: Method = Method::Get;
    const PATH_TEMPLATE: &'static str = "/things/{thingId}";
    const QUERY_OPTIONS: &'static [&'static str] = &[];
    const PERMISSIONS: Permissions = NO_PERMISSIONS;
    const SUCCESS_STATUS: u16 = 200;
    fn request(&self) -> &Request<NoContent> {
        &self.0
    }
    fn request_mut(&mut self) -> &mut Request<NoContent> {
        &mut self.0
    }
}

impl GetThing {
    fn new(id: &str) -> Self {
        GetThing(Request::new(
            Self::PATH_TEMPLATE.replace("{thingId}", &encode_path_segment(id)),
        ))
    }
}

#[derive(Debug, Default, Serialize)]
struct ThingPatch {
    #[serde(
        rename = "displayName",
        default,
        skip_serializing_if = "Nullable::is_absent"
    )]
    display_name: Nullable<String>,
    #[serde(
        rename = "description",
        default,
        skip_serializing_if = "Nullable::is_absent"
    )]
    description: Nullable<String>,
    #[serde(rename = "size", default, skip_serializing_if = "Nullable::is_absent")]
    size: Nullable<i64>,
}

/// `PATCH /things/{thingId}` — 204.
struct UpdateThing(Request<ThingPatch>);

impl Endpoint for UpdateThing {
    type Body = ThingPatch;
    type Response = NoContent;
    const OPERATION: &'static str = "updateThing";
    const METHOD: Method = Method::Patch;
    const PATH_TEMPLATE: &'static str = "/things/{thingId}";
    const QUERY_OPTIONS: &'static [&'static str] = &[];
    const PERMISSIONS: Permissions = NO_PERMISSIONS;
    const SUCCESS_STATUS: u16 = 204;
    fn request(&self) -> &Request<ThingPatch> {
        &self.0
    }
    fn request_mut(&mut self) -> &mut Request<ThingPatch> {
        &mut self.0
    }
}

/// `DELETE /things/{thingId}` — 204.
struct DeleteThing(Request<NoContent>);

impl Endpoint for DeleteThing {
    type Body = NoContent;
    type Response = NoContent;
    const OPERATION: &'static str = "deleteThing";
    const METHOD: Method = Method::Delete;
    const PATH_TEMPLATE: &'static str = "/things/{thingId}";
    const QUERY_OPTIONS: &'static [&'static str] = &[];
    const PERMISSIONS: Permissions = NO_PERMISSIONS;
    const SUCCESS_STATUS: u16 = 204;
    fn request(&self) -> &Request<NoContent> {
        &self.0
    }
    fn request_mut(&mut self) -> &mut Request<NoContent> {
        &mut self.0
    }
}

/// A retry policy with tiny backoff so tests stay fast.
fn fast_retry() -> RetryPolicy {
    RetryPolicy {
        max_attempts: 4,
        base_delay: Duration::from_millis(5),
        factor: 2,
        max_delay: Duration::from_millis(20),
        max_retry_after: Duration::from_secs(2),
    }
}

async fn setup() -> (MockServer, Client) {
    let server = MockServer::start().await;
    assert!(server.uri().starts_with("http://127.0.0.1:"));
    let client = Client::builder(StaticToken::new("secret-token"))
        .base_url(format!("{}/v1.0/", server.uri()))
        .retry_policy(fast_retry())
        .http_client(
            reqwest::Client::builder()
                .timeout(Duration::from_secs(10))
                .build()
                .unwrap(),
        )
        .build()
        .unwrap();
    (server, client)
}

#[tokio::test]
async fn items_follow_next_links_across_three_pages() {
    let (server, client) = setup().await;
    let base = server.uri();
    Mock::given(method("GET"))
        .and(path("/v1.0/things"))
        .and(query_param("$top", "2"))
        .and(header("authorization", "Bearer secret-token"))
        .and(header("x-trace", "abc"))
        .and(header("consistencylevel", "eventual"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "@odata.context": "ctx",
            "@odata.nextLink": format!("{base}/v1.0/things?$skiptoken=p2"),
            "value": [{"id": "1"}, {"id": "2"}]
        })))
        .expect(2)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1.0/things"))
        .and(query_param("$skiptoken", "p2"))
        .and(header("authorization", "Bearer secret-token"))
        .and(header("x-trace", "abc"))
        .and(header("consistencylevel", "eventual"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "@odata.nextLink": format!("{base}/other/page3?token=x%20y"),
            "value": [{"id": "3"}, {"id": "4"}]
        })))
        .expect(2)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/other/page3"))
        .and(query_param("token", "x y"))
        .and(header("x-trace", "abc"))
        .and(header("consistencylevel", "eventual"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "@odata.deltaLink": format!("{base}/v1.0/things/delta?token=d"),
            "value": [{"id": "5"}]
        })))
        .expect(2)
        .mount(&server)
        .await;

    let mut list = ListThings::new();
    list.0.query_mut().set("$top", "2");
    // A header of the request itself, like one of the options, reaches every page.
    list.0.set_header("ConsistencyLevel", "eventual");
    let options = RequestOptions::new().header("X-Trace", "abc");
    let items: Vec<Thing> = client
        .items_with(&list, &options)
        .try_collect()
        .await
        .unwrap();
    let ids: Vec<&str> = items.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(ids, ["1", "2", "3", "4", "5"]);

    let pages: Vec<Collection<Thing>> = client
        .pages_with(&list, &options)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(pages.len(), 3);
    assert_eq!(pages[0].odata_context.as_deref(), Some("ctx"));
    assert_eq!(
        pages[2].delta_link.as_deref(),
        Some(format!("{base}/v1.0/things/delta?token=d").as_str())
    );
    let requests = server.received_requests().await.unwrap();
    let urls: Vec<String> = requests
        .iter()
        .map(|r| format!("{}?{}", r.url.path(), r.url.query().unwrap_or("")))
        .collect();
    assert_eq!(
        urls[..3],
        [
            "/v1.0/things?$top=2",
            "/v1.0/things?$skiptoken=p2",
            "/other/page3?token=x%20y"
        ]
    );
}

#[tokio::test]
async fn paging_stops_at_first_error() {
    let (server, client) = setup().await;
    Mock::given(method("GET"))
        .and(path("/v1.0/things"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "@odata.nextLink": format!("{}/v1.0/gone", server.uri()),
            "value": [{"id": "1"}]
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1.0/gone"))
        .respond_with(ResponseTemplate::new(404).set_body_string("nope"))
        .expect(1)
        .mount(&server)
        .await;
    let list = ListThings::new();
    let results: Vec<Result<Thing, Error>> = client.items(&list).collect().await;
    assert_eq!(results.len(), 2);
    assert_eq!(results[0].as_ref().unwrap().id, "1");
    assert!(matches!(&results[1], Err(Error::Http { status: 404, body }) if body == "nope"));
}

#[tokio::test]
async fn retries_429_after_retry_after_seconds() {
    let (server, client) = setup().await;
    Mock::given(method("GET"))
        .and(path("/v1.0/things/t1"))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "1"))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1.0/things/t1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "t1"})))
        .expect(1)
        .mount(&server)
        .await;
    let start = Instant::now();
    let thing = client.send(&GetThing::new("t1")).await.unwrap();
    let elapsed = start.elapsed();
    assert_eq!(thing.id, "t1");
    // The policy's own backoff is 5 ms: only Retry-After explains a 1 s wait.
    assert!(elapsed >= Duration::from_secs(1), "{elapsed:?}");
    assert!(elapsed < Duration::from_secs(5), "{elapsed:?}");
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

#[tokio::test]
async fn retries_503_twice_then_succeeds_with_same_body() {
    let (server, client) = setup().await;
    Mock::given(method("PATCH"))
        .and(path("/v1.0/things/t1"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(2)
        .expect(2)
        .mount(&server)
        .await;
    Mock::given(method("PATCH"))
        .and(path("/v1.0/things/t1"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let patch = ThingPatch {
        size: Nullable::Value(3),
        ..Default::default()
    };
    let e = UpdateThing(Request::with_body("/things/t1".to_owned(), patch));
    assert_eq!(client.send(&e).await.unwrap(), NoContent);
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 3);
    for r in &requests {
        assert_eq!(r.body, br#"{"size":3}"#);
    }
}

#[tokio::test]
async fn gives_up_after_max_attempts() {
    let (server, client) = setup().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(504).set_body_string("timeout"))
        .expect(4)
        .mount(&server)
        .await;
    let err = client.send(&GetThing::new("x")).await.unwrap_err();
    assert!(matches!(err, Error::Http { status: 504, .. }), "{err:?}");
}

#[tokio::test]
async fn graph_error_403_is_parsed_and_not_retried() {
    let (server, client) = setup().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(403).set_body_json(json!({
            "error": {
                "code": "Authorization_RequestDenied",
                "message": "Insufficient privileges to complete the operation.",
                "innerError": {
                    "date": "2024-05-01T10:00:00",
                    "request-id": "6a4f-req",
                    "client-request-id": "6a4f-client"
                }
            }
        })))
        .expect(1)
        .mount(&server)
        .await;
    let err = client.send(&GetThing::new("x")).await.unwrap_err();
    assert_eq!(err.status(), Some(403));
    match err {
        Error::Graph(e) => {
            assert_eq!(e.status, 403);
            assert_eq!(e.code, "Authorization_RequestDenied");
            assert_eq!(
                e.message,
                "Insufficient privileges to complete the operation."
            );
            assert_eq!(e.request_id.as_deref(), Some("6a4f-req"));
            assert_eq!(e.date.as_deref(), Some("2024-05-01T10:00:00"));
            assert_eq!(e.inner["client-request-id"], "6a4f-client");
        }
        other => panic!("expected a Graph error, got {other:?}"),
    }
}

#[tokio::test]
async fn non_json_500_is_http_error_without_retry() {
    let (server, client) = setup().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(500).set_body_string("<html>oops</html>"))
        .expect(1)
        .mount(&server)
        .await;
    let err = client.send(&GetThing::new("x")).await.unwrap_err();
    match err {
        Error::Http { status, body } => {
            assert_eq!(status, 500);
            assert_eq!(body, "<html>oops</html>");
        }
        other => panic!("expected an Http error, got {other:?}"),
    }
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn prefer_header_only_when_asked_and_merged() {
    let (server, client) = setup().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"value": []})))
        .mount(&server)
        .await;
    let list = ListThings::new();
    client.send(&list).await.unwrap();
    client
        .send_with(
            &list,
            &RequestOptions::new().include_unknown_enum_members(true),
        )
        .await
        .unwrap();
    client
        .send_with(
            &list,
            &RequestOptions::new()
                .include_unknown_enum_members(true)
                .header("Prefer", "odata.maxpagesize=10"),
        )
        .await
        .unwrap();
    client
        .send_with(
            &list,
            &RequestOptions::new().header("Prefer", "odata.maxpagesize=10"),
        )
        .await
        .unwrap();
    // A client whose default is on; a request can still turn it off.
    let on = Client::builder(StaticToken::new("t"))
        .base_url(format!("{}/v1.0", server.uri()))
        .include_unknown_enum_members(true)
        .build()
        .unwrap();
    on.send(&list).await.unwrap();
    on.send_with(
        &list,
        &RequestOptions::new().include_unknown_enum_members(false),
    )
    .await
    .unwrap();

    let requests = server.received_requests().await.unwrap();
    let prefer: Vec<Vec<String>> = requests
        .iter()
        .map(|r| {
            r.headers
                .get_all("prefer")
                .iter()
                .map(|v| v.to_str().unwrap().to_owned())
                .collect()
        })
        .collect();
    let none: Vec<String> = vec![];
    assert_eq!(
        prefer,
        vec![
            none.clone(),
            vec!["include-unknown-enum-members".to_owned()],
            vec!["odata.maxpagesize=10, include-unknown-enum-members".to_owned()],
            vec!["odata.maxpagesize=10".to_owned()],
            vec!["include-unknown-enum-members".to_owned()],
            none,
        ]
    );
}

#[tokio::test]
async fn path_parameters_are_percent_encoded_on_the_wire() {
    let (server, client) = setup().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "x"})))
        .expect(1)
        .mount(&server)
        .await;
    client.send(&GetThing::new("a/b#c'd e?é")).await.unwrap();
    let requests = server.received_requests().await.unwrap();
    assert_eq!(
        requests[0].url.path(),
        "/v1.0/things/a%2Fb%23c%27d%20e%3F%C3%A9"
    );
    assert_eq!(requests[0].url.query(), None);
}

#[tokio::test]
async fn filter_values_are_encoded_on_the_wire() {
    let (server, client) = setup().await;
    Mock::given(method("GET"))
        .and(path("/v1.0/things"))
        .and(query_param("$filter", "displayName eq 'O''Brien & \"co\"'"))
        .and(query_param("$top", "5"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"value": [{"id": "1"}]})))
        .expect(1)
        .mount(&server)
        .await;
    let mut list = ListThings::new();
    list.0
        .query_mut()
        .set("$filter", "displayName eq 'O''Brien & \"co\"'");
    list.0.query_mut().set("$top", "5");
    let page = client.send(&list).await.unwrap();
    assert_eq!(page.value, [Thing { id: "1".into() }]);
    let requests = server.received_requests().await.unwrap();
    assert_eq!(
        requests[0].url.query(),
        Some("$filter=displayName%20eq%20%27O%27%27Brien%20%26%20%22co%22%27&$top=5")
    );
}

#[tokio::test]
async fn patch_sends_explicit_null_and_omits_absent() {
    let (server, client) = setup().await;
    Mock::given(method("PATCH"))
        .and(path("/v1.0/things/t%201"))
        .and(header("content-type", "application/json"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let patch = ThingPatch {
        display_name: Nullable::Value("New".into()),
        description: Nullable::Null,
        size: Nullable::Absent,
    };
    let e = UpdateThing(Request::with_body(
        UpdateThing::PATH_TEMPLATE.replace("{thingId}", &encode_path_segment("t 1")),
        patch,
    ));
    assert_eq!(client.send(&e).await.unwrap(), NoContent);
    let requests = server.received_requests().await.unwrap();
    let body = std::str::from_utf8(&requests[0].body).unwrap();
    assert_eq!(body, r#"{"displayName":"New","description":null}"#);
    let value: serde_json::Value = serde_json::from_str(body).unwrap();
    assert!(value.as_object().unwrap().get("size").is_none());
}

#[tokio::test]
async fn decode_failure_reports_operation_and_json_path() {
    let (server, client) = setup().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"value": [{"id": 42}]})))
        .mount(&server)
        .await;
    let err = client.send(&ListThings::new()).await.unwrap_err();
    match &err {
        Error::Decode {
            operation,
            path,
            message,
        } => {
            assert_eq!(*operation, "listThings");
            assert_eq!(path, "value[0].id");
            assert!(message.contains("invalid type"), "{message}");
        }
        other => panic!("expected a Decode error, got {other:?}"),
    }
    assert!(err.to_string().contains("listThings"));
    assert!(err.to_string().contains("value[0].id"));
}

#[tokio::test]
async fn no_content_204_with_empty_body() {
    let (server, client) = setup().await;
    Mock::given(method("DELETE"))
        .and(path("/v1.0/things/t1"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let e = DeleteThing(Request::new("/things/t1".to_owned()));
    assert_eq!(client.send(&e).await.unwrap(), NoContent);
    let requests = server.received_requests().await.unwrap();
    assert!(requests[0].body.is_empty());
    assert!(requests[0].headers.get("content-type").is_none());
}

#[tokio::test]
async fn token_fn_is_called_per_attempt_and_auth_errors_propagate() {
    let (server, _) = setup().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(header("authorization", "Bearer tok-2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "x"})))
        .mount(&server)
        .await;
    let calls = Arc::new(AtomicUsize::new(0));
    let counter = calls.clone();
    let client = Client::builder(TokenFn::new(move || {
        let n = counter.fetch_add(1, Ordering::SeqCst) + 1;
        async move { Ok(format!("tok-{n}")) }
    }))
    .base_url(format!("{}/v1.0", server.uri()))
    .retry_policy(fast_retry())
    .build()
    .unwrap();
    assert_eq!(client.send(&GetThing::new("x")).await.unwrap().id, "x");
    assert_eq!(calls.load(Ordering::SeqCst), 2);

    let failing = Client::builder(TokenFn::new(|| async {
        Err(Error::Auth("no credentials".into()))
    }))
    .base_url(format!("{}/v1.0", server.uri()))
    .build()
    .unwrap();
    let err = failing.send(&GetThing::new("x")).await.unwrap_err();
    assert!(matches!(err, Error::Auth(ref m) if m == "no credentials"));
}
