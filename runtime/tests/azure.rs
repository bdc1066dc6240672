//! The `azure` feature: a real `azure_identity` client-secret credential as the client's token
//! provider. Its token endpoint (the "authority host") is a server on 127.0.0.1; a small
//! transport of our own carries the credential's HTTPS requests to it as plain HTTP, so the test
//! needs no certificate and builds no second HTTP stack.

use std::sync::Arc;

use azure_core::cloud::{CloudConfiguration, CustomConfiguration};
use azure_core::http::{
    headers::{HeaderName, HeaderValue, Headers},
    AsyncRawResponse, ClientOptions, HttpClient, Request as AzRequest, Transport,
};
use azure_identity::{ClientSecretCredential, ClientSecretCredentialOptions};
use graphgen_runtime::client::{clouds, AzureCredential, Client, TokenProvider};
use graphgen_runtime::{Endpoint, Method, NoContent, Permissions, Request};
use wiremock::matchers::{body_string_contains, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Sends the credential's requests to the local server over HTTP.
#[derive(Debug)]
struct Loopback {
    http: reqwest::Client,
    server: String,
}

#[async_trait::async_trait]
impl HttpClient for Loopback {
    async fn execute_request(&self, request: &AzRequest) -> azure_core::Result<AsyncRawResponse> {
        let url = format!(
            "{}{}",
            self.server,
            &request.url()[url::Position::BeforePath..]
        );
        let method = match request.method().as_ref() {
            "GET" => reqwest::Method::GET,
            _ => reqwest::Method::POST,
        };
        let mut req = self.http.request(method, url);
        for (name, value) in request.headers().iter() {
            req = req.header(name.as_str(), value.as_str());
        }
        let body: Vec<u8> = match request.body() {
            azure_core::http::Body::Bytes(b) => b.to_vec(),
            _ => Vec::new(),
        };
        let rsp = req.body(body).send().await.map_err(|e| {
            azure_core::Error::with_message(azure_core::error::ErrorKind::Io, e.to_string())
        })?;
        let status = rsp.status().as_u16();
        let mut headers = Headers::new();
        for (k, v) in rsp.headers() {
            if let Ok(v) = v.to_str() {
                headers.insert(
                    HeaderName::from(k.as_str().to_owned()),
                    HeaderValue::from(v.to_owned()),
                );
            }
        }
        let bytes = rsp.bytes().await.map_err(|e| {
            azure_core::Error::with_message(azure_core::error::ErrorKind::Io, e.to_string())
        })?;
        Ok(AsyncRawResponse::from_bytes(status.into(), headers, bytes))
    }
}

struct Me(Request<NoContent>);

impl Endpoint for Me {
    type Body = NoContent;
    type Response = serde_json::Value;
    const OPERATION: &'static str = "getMe";
    const METHOD: Method = Method::Get;
    const PATH_TEMPLATE: &'static str = "/me";
    const QUERY_OPTIONS: &'static [&'static str] = &[];
    const PERMISSIONS: Permissions = Permissions {
        delegated_work: &[],
        delegated_personal: &[],
        application: &[],
    };
    const SUCCESS_STATUS: u16 = 200;
    fn request(&self) -> &Request<NoContent> {
        &self.0
    }
    fn request_mut(&mut self) -> &mut Request<NoContent> {
        &mut self.0
    }
}

fn credential(server: &MockServer) -> Arc<dyn azure_core::credentials::TokenCredential> {
    let port = server.address().port();
    let mut cloud = CustomConfiguration::default();
    cloud.authority_host = format!("https://127.0.0.1:{port}");
    let options = ClientSecretCredentialOptions {
        client_options: ClientOptions {
            transport: Some(Transport::new(Arc::new(Loopback {
                http: reqwest::Client::new(),
                server: server.uri(),
            }))),
            cloud: Some(Arc::new(CloudConfiguration::Custom(cloud))),
            ..Default::default()
        },
    };
    ClientSecretCredential::new(
        "00000000-0000-0000-0000-000000000001",
        "my-app".to_owned(),
        "s3cret".to_owned().into(),
        Some(options),
    )
    .expect("credential")
}

#[tokio::test]
async fn a_client_secret_credential_authenticates_graph_requests() {
    let server = MockServer::start().await;
    // The token endpoint: the client-credentials grant for the Graph scope of the US Government
    // cloud, answered once (the credential caches the token).
    Mock::given(method("POST"))
        .and(path(
            "/00000000-0000-0000-0000-000000000001/oauth2/v2.0/token",
        ))
        .and(body_string_contains("grant_type=client_credentials"))
        .and(body_string_contains("client_id=my-app"))
        .and(body_string_contains("client_secret=s3cret"))
        .and(body_string_contains(
            "scope=https%3A%2F%2Fgraph.microsoft.us%2F.default",
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "token_type": "Bearer",
            "expires_in": 3600,
            "ext_expires_in": 3600,
            "access_token": "tok-123"
        })))
        .expect(1)
        .mount(&server)
        .await;
    // Graph, served by the same server: it sees the token.
    Mock::given(method("GET"))
        .and(path("/v1.0/me"))
        .and(header("authorization", "Bearer tok-123"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"id": "u1"})))
        .expect(2)
        .mount(&server)
        .await;

    let provider = AzureCredential::for_cloud(credential(&server), clouds::US_GOV_L4);
    assert_eq!(provider.scopes(), ["https://graph.microsoft.us/.default"]);
    let client = Client::builder(provider)
        .base_url(format!("{}/v1.0", server.uri()))
        .build()
        .expect("client");
    for _ in 0..2 {
        let me = client.send(&Me(Request::new("/me"))).await.expect("sent");
        assert_eq!(me["id"], "u1");
    }
}

#[tokio::test]
async fn a_failing_credential_is_an_auth_error() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(401).set_body_json(serde_json::json!({
            "error": "invalid_client",
            "error_description": "AADSTS7000215: Invalid client secret provided."
        })))
        .mount(&server)
        .await;
    let provider = AzureCredential::new(credential(&server));
    assert_eq!(provider.scopes(), ["https://graph.microsoft.com/.default"]);
    let err = provider.token().await.expect_err("no token");
    assert!(
        matches!(&err, graphgen_runtime::client::Error::Auth(m) if m.contains("AADSTS7000215")),
        "{err:?}"
    );
}
