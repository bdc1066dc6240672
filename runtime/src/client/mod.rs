//! An async HTTP client that sends any [`Endpoint`] (feature `client`, on by
//! default).
//!
//! One generic executor, [`Client::send`], handles every operation: it builds
//! the URL from the client's base URL and the endpoint's path and query, sends
//! the JSON body, authenticates with a [`TokenProvider`], retries throttled
//! requests according to a [`RetryPolicy`] and decodes the response.
//! [`Client::pages`] and [`Client::items`] follow `@odata.nextLink` through
//! collections.
//!
//! ```no_run
//! # async fn demo() -> Result<(), graphgen_runtime::client::Error> {
//! use graphgen_runtime::client::{clouds, Client, StaticToken};
//! let client = Client::builder(StaticToken::new("token"))
//!     .base_url(clouds::base_url(clouds::GLOBAL, clouds::ApiVersion::Beta))
//!     .build()?;
//! # let _ = client;
//! # Ok(()) }
//! ```

mod auth;
#[cfg(feature = "azure")]
mod azure;
pub mod clouds;
mod error;
mod paging;
mod retry;

use core::fmt;
use std::sync::Arc;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue, ACCEPT, AUTHORIZATION, CONTENT_TYPE};
use serde::de::DeserializeOwned;

pub use auth::{StaticToken, TokenFn, TokenProvider};
#[cfg(feature = "azure")]
pub use azure::AzureCredential;
pub use error::{Error, GraphError};
pub use retry::RetryPolicy;

use crate::{Endpoint, Method, RequestBody, ResponseBody, PREFER_INCLUDE_UNKNOWN_ENUM_MEMBERS};

const PREFER: &str = "prefer";

/// Per-request options for [`Client::send_with`] and the paging methods.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RequestOptions {
    /// Send `Prefer: include-unknown-enum-members` (see
    /// [`PREFER_INCLUDE_UNKNOWN_ENUM_MEMBERS`]); `None` uses the client's
    /// default ([`ClientBuilder::include_unknown_enum_members`]).
    pub include_unknown_enum_members: Option<bool>,
    /// Extra request headers (name, value). They replace client default
    /// headers of the same name, except `Prefer`, whose values are all merged
    /// into one header separated by `", "`.
    pub headers: Vec<(String, String)>,
}

impl RequestOptions {
    /// No options: the client's defaults.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets [`include_unknown_enum_members`](Self::include_unknown_enum_members).
    pub fn include_unknown_enum_members(mut self, include: bool) -> Self {
        self.include_unknown_enum_members = Some(include);
        self
    }

    /// Adds a header.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }
}

/// A Microsoft Graph client; cheap to clone (clones share the connection pool).
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    base_url: String,
    token: Arc<dyn TokenProvider>,
    retry: RetryPolicy,
    include_unknown_enum_members: bool,
    default_headers: Vec<(String, String)>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field("retry", &self.inner.retry)
            .field(
                "include_unknown_enum_members",
                &self.inner.include_unknown_enum_members,
            )
            .field("default_headers", &self.inner.default_headers)
            .finish_non_exhaustive()
    }
}

/// Configures and builds a [`Client`]; see [`Client::builder`].
pub struct ClientBuilder {
    token: Arc<dyn TokenProvider>,
    base_url: String,
    retry: RetryPolicy,
    include_unknown_enum_members: bool,
    default_headers: Vec<(String, String)>,
    http: Option<reqwest::Client>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field("retry", &self.retry)
            .field(
                "include_unknown_enum_members",
                &self.include_unknown_enum_members,
            )
            .field("default_headers", &self.default_headers)
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
    /// The base URL that endpoint paths are appended to, e.g.
    /// `https://graph.microsoft.com/beta` (see [`clouds::base_url`]); a
    /// trailing `/` is ignored. Default: global cloud, `v1.0`.
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = base_url.into();
        self
    }

    /// The retry policy. Default: [`RetryPolicy::default`].
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Whether requests send `Prefer: include-unknown-enum-members` unless
    /// their [`RequestOptions`] say otherwise. Default: `false`.
    pub fn include_unknown_enum_members(mut self, include: bool) -> Self {
        self.include_unknown_enum_members = include;
        self
    }

    /// Adds a header sent with every request.
    pub fn default_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.default_headers.push((name.into(), value.into()));
        self
    }

    /// Uses an existing `reqwest` client (its timeouts, proxies, pool, ...).
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// Builds the client; fails on an invalid base URL or default header, or
    /// when the HTTP client cannot be created.
    pub fn build(self) -> Result<Client, Error> {
        let base_url = self.base_url.trim_end_matches('/').to_owned();
        reqwest::Url::parse(&base_url)
            .map_err(|e| Error::Request(format!("invalid base URL {base_url:?}: {e}")))?;
        for (name, value) in &self.default_headers {
            parse_header(name, value)?;
        }
        let http = match self.http {
            Some(http) => http,
            None => reqwest::Client::builder().build()?,
        };
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base_url,
                token: self.token,
                retry: self.retry,
                include_unknown_enum_members: self.include_unknown_enum_members,
                default_headers: self.default_headers,
            }),
        })
    }
}

/// A successful response, read in full.
struct RawResponse {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl RawResponse {
    fn content_type(&self) -> Option<&str> {
        header(&self.headers, "content-type")
    }
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// A successful response with its status and headers: what [`Client::send_full`] returns. It
/// dereferences to the body.
///
/// A `202 Accepted` of a long-running operation has its status URL in [`ResponseValue::location`].
#[derive(Debug, Clone, PartialEq)]
pub struct ResponseValue<T> {
    status: u16,
    headers: Vec<(String, String)>,
    body: T,
}

impl<T> ResponseValue<T> {
    /// The HTTP status code (2xx).
    pub fn status(&self) -> u16 {
        self.status
    }

    /// Every response header (name, value), in the order received.
    pub fn headers(&self) -> &[(String, String)] {
        &self.headers
    }

    /// The first value of header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        header(&self.headers, name)
    }

    /// The `Location` header: where a created entity or a long-running operation's status is.
    pub fn location(&self) -> Option<&str> {
        self.header("location")
    }

    /// The `request-id` header, to quote to Microsoft support.
    pub fn request_id(&self) -> Option<&str> {
        self.header("request-id")
    }

    /// The `ETag` header.
    pub fn etag(&self) -> Option<&str> {
        self.header("etag")
    }

    /// The body.
    pub fn body(&self) -> &T {
        &self.body
    }

    /// The body, giving up status and headers.
    pub fn into_inner(self) -> T {
        self.body
    }
}

impl<T> core::ops::Deref for ResponseValue<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.body
    }
}

impl Client {
    /// A builder for a client authenticating with `token`.
    pub fn builder(token: impl TokenProvider + 'static) -> ClientBuilder {
        ClientBuilder {
            token: Arc::new(token),
            base_url: clouds::base_url(clouds::GLOBAL, clouds::ApiVersion::V1),
            retry: RetryPolicy::default(),
            include_unknown_enum_members: false,
            default_headers: Vec::new(),
            http: None,
        }
    }

    /// A client with the default settings (global cloud, `v1.0`).
    pub fn new(token: impl TokenProvider + 'static) -> Result<Client, Error> {
        Self::builder(token).build()
    }

    /// The base URL, without a trailing `/`.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// The absolute URL of `endpoint`'s request: base URL, path and query.
    pub fn url<E: Endpoint>(&self, endpoint: &E) -> String {
        let mut url = format!("{}{}", self.inner.base_url, endpoint.path());
        let query = endpoint.query().to_query_string();
        if !query.is_empty() {
            url.push('?');
            url.push_str(&query);
        }
        url
    }

    /// Sends `endpoint`'s request with the client's default options and
    /// decodes the response.
    pub async fn send<E: Endpoint>(&self, endpoint: &E) -> Result<E::Response, Error> {
        self.send_with(endpoint, &RequestOptions::default()).await
    }

    /// Sends `endpoint`'s request with `options` and decodes the response.
    ///
    /// Any 2xx status is success; an empty JSON body decodes as `null` (so
    /// [`NoContent`](crate::NoContent) works for `204` responses), and a
    /// [`Binary`](crate::Binary) response is the bytes as sent. Non-2xx
    /// statuses become [`Error::Graph`] or [`Error::Http`] once retries (see
    /// [`RetryPolicy`]) are exhausted.
    pub async fn send_with<E: Endpoint>(
        &self,
        endpoint: &E,
        options: &RequestOptions,
    ) -> Result<E::Response, Error> {
        Ok(self.send_full_with(endpoint, options).await?.into_inner())
    }

    /// Like [`Client::send`], keeping the status and the response headers.
    pub async fn send_full<E: Endpoint>(
        &self,
        endpoint: &E,
    ) -> Result<ResponseValue<E::Response>, Error> {
        self.send_full_with(endpoint, &RequestOptions::default())
            .await
    }

    /// Like [`Client::send_with`], keeping the status and the response headers.
    pub async fn send_full_with<E: Endpoint>(
        &self,
        endpoint: &E,
        options: &RequestOptions,
    ) -> Result<ResponseValue<E::Response>, Error> {
        let body = match endpoint.body() {
            Some(body) => Some((
                body.to_bytes().map_err(|e| {
                    Error::Request(format!(
                        "cannot serialize the body of {}: {e}",
                        E::OPERATION
                    ))
                })?,
                body.content_type().map(str::to_owned),
            )),
            None => None,
        };
        let mut options = options.clone();
        // The request's own headers come after the options' (they are the descriptor's).
        options
            .headers
            .extend(endpoint.request().headers().iter().cloned());
        let accept = if <E::Response as ResponseBody>::JSON {
            Some("application/json")
        } else {
            None
        };
        let response = self
            .execute(E::METHOD, &self.url(endpoint), body, accept, &options)
            .await?;
        let content_type = response.content_type().map(str::to_owned);
        let decoded =
            E::Response::from_body(content_type.as_deref(), response.body).map_err(|e| {
                Error::Decode {
                    operation: E::OPERATION,
                    path: e.path,
                    message: e.message,
                }
            })?;
        Ok(ResponseValue {
            status: response.status,
            headers: response.headers,
            body: decoded,
        })
    }

    /// Sends a `GET` to an absolute `url` (e.g. a next or delta link) and
    /// decodes the response, reporting decode errors under `operation`.
    pub(crate) async fn get_url<T: DeserializeOwned>(
        &self,
        operation: &'static str,
        url: &str,
        options: &RequestOptions,
    ) -> Result<T, Error> {
        let response = self
            .execute(Method::Get, url, None, Some("application/json"), options)
            .await?;
        decode(operation, &response.body)
    }

    /// The headers of one request, without `Authorization`.
    fn headers(&self, options: &RequestOptions) -> Result<HeaderMap, Error> {
        let mut headers = HeaderMap::new();
        let mut prefer: Vec<String> = Vec::new();
        for (name, value) in &self.inner.default_headers {
            let (name, value) = parse_header(name, value)?;
            if name == PREFER {
                prefer.push(value_str(&value)?.to_owned());
            } else {
                headers.append(name, value);
            }
        }
        let mut replaced: Vec<HeaderName> = Vec::new();
        for (name, value) in &options.headers {
            let (name, value) = parse_header(name, value)?;
            if name == PREFER {
                prefer.push(value_str(&value)?.to_owned());
            } else if replaced.contains(&name) {
                headers.append(name, value);
            } else {
                headers.insert(name.clone(), value);
                replaced.push(name);
            }
        }
        let include = options
            .include_unknown_enum_members
            .unwrap_or(self.inner.include_unknown_enum_members);
        let mut prefer: Vec<&str> = prefer
            .iter()
            .flat_map(|v| v.split(','))
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .collect();
        if include && !prefer.contains(&PREFER_INCLUDE_UNKNOWN_ENUM_MEMBERS) {
            prefer.push(PREFER_INCLUDE_UNKNOWN_ENUM_MEMBERS);
        }
        if !prefer.is_empty() {
            let value = HeaderValue::from_str(&prefer.join(", "))
                .map_err(|e| Error::Request(format!("invalid Prefer header: {e}")))?;
            headers.insert(HeaderName::from_static(PREFER), value);
        }
        Ok(headers)
    }

    /// Sends one request with retries; returns the first 2xx response.
    async fn execute(
        &self,
        method: Method,
        url: &str,
        body: Option<(Vec<u8>, Option<String>)>,
        accept: Option<&'static str>,
        options: &RequestOptions,
    ) -> Result<RawResponse, Error> {
        let url = reqwest::Url::parse(url)
            .map_err(|e| Error::Request(format!("invalid URL {url:?}: {e}")))?;
        let method = match method {
            Method::Get => reqwest::Method::GET,
            Method::Post => reqwest::Method::POST,
            Method::Put => reqwest::Method::PUT,
            Method::Patch => reqwest::Method::PATCH,
            Method::Delete => reqwest::Method::DELETE,
        };
        let mut headers = self.headers(options)?;
        if let Some(accept) = accept {
            if !headers.contains_key(ACCEPT) {
                headers.insert(ACCEPT, HeaderValue::from_static(accept));
            }
        }
        let (body, content_type) = match body {
            Some((bytes, content_type)) => (Some(bytes), content_type),
            None => (None, None),
        };
        if let Some(ct) = content_type {
            if !headers.contains_key(CONTENT_TYPE) {
                let value = HeaderValue::from_str(&ct)
                    .map_err(|e| Error::Request(format!("invalid content type {ct:?}: {e}")))?;
                headers.insert(CONTENT_TYPE, value);
            }
        }
        let policy = &self.inner.retry;
        let mut attempt: u32 = 1;
        loop {
            let token = self.inner.token.token().await?;
            let mut auth = HeaderValue::from_str(&format!("Bearer {token}")).map_err(|_| {
                Error::Auth("the token contains characters not allowed in a header".into())
            })?;
            auth.set_sensitive(true);
            let mut attempt_headers = headers.clone();
            attempt_headers.insert(AUTHORIZATION, auth);
            let mut request = self
                .inner
                .http
                .request(method.clone(), url.clone())
                .headers(attempt_headers);
            if let Some(body) = &body {
                request = request.body(body.clone());
            }
            let response = request.send().await?;
            let status = response.status().as_u16();
            let response_headers = response.headers().clone();
            let bytes = response.bytes().await?;
            if (200..300).contains(&status) {
                let headers = response_headers
                    .iter()
                    .map(|(n, v)| {
                        (
                            n.as_str().to_owned(),
                            String::from_utf8_lossy(v.as_bytes()).into_owned(),
                        )
                    })
                    .collect();
                return Ok(RawResponse {
                    status,
                    headers,
                    body: Vec::from(bytes),
                });
            }
            if RetryPolicy::is_retryable(status) && attempt < policy.max_attempts {
                let wait = policy.delay(attempt, retry::retry_after(&response_headers));
                tokio::time::sleep(wait).await;
                attempt += 1;
                continue;
            }
            return Err(error::from_response(status, &response_headers, &bytes));
        }
    }
}

fn parse_header(name: &str, value: &str) -> Result<(HeaderName, HeaderValue), Error> {
    let header_name = HeaderName::from_bytes(name.as_bytes())
        .map_err(|e| Error::Request(format!("invalid header name {name:?}: {e}")))?;
    let header_value = HeaderValue::from_str(value)
        .map_err(|e| Error::Request(format!("invalid value for header {name:?}: {e}")))?;
    Ok((header_name, header_value))
}

fn value_str(value: &HeaderValue) -> Result<&str, Error> {
    value
        .to_str()
        .map_err(|e| Error::Request(format!("invalid Prefer header: {e}")))
}

/// Decodes a JSON response body, reporting the JSON path of a failure.
fn decode<T: DeserializeOwned>(operation: &'static str, body: &[u8]) -> Result<T, Error> {
    crate::decode_json(body).map_err(|e| Error::Decode {
        operation,
        path: e.path,
        message: e.message,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Collection, NoContent};

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Item {
        id: String,
    }

    #[test]
    fn decode_reports_json_path() {
        let err = decode::<Collection<Item>>("listItems", br#"{"value":[{"id":"a"},{"id":5}]}"#)
            .unwrap_err();
        match err {
            Error::Decode {
                operation, path, ..
            } => {
                assert_eq!(operation, "listItems");
                assert_eq!(path, "value[1].id");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn decode_empty_body() {
        assert_eq!(decode::<NoContent>("x", b"").unwrap(), NoContent);
        assert_eq!(decode::<NoContent>("x", b" \n").unwrap(), NoContent);
        assert!(matches!(
            decode::<Item>("x", b""),
            Err(Error::Decode { operation: "x", .. })
        ));
        assert!(matches!(
            decode::<NoContent>("x", b"{} trailing"),
            Err(Error::Decode { .. })
        ));
    }
}
