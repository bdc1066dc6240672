//! The [`Error`] type of the client and the parsed [`GraphError`] body.

use serde::Deserialize;
use serde_json::Value;

/// Everything that can go wrong when sending a request with the
/// [`Client`](super::Client).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Graph answered with a non-2xx status and a Graph error body
    /// (`{"error": {"code": ..., "message": ...}}`). Boxed to keep `Error` small.
    #[error(transparent)]
    Graph(Box<GraphError>),
    /// The server answered with a non-2xx status and a body that is not a
    /// Graph error (kept verbatim, lossily decoded as UTF-8).
    #[error("HTTP {status}: {body}")]
    Http {
        /// The HTTP status code.
        status: u16,
        /// The response body as text.
        body: String,
    },
    /// A successful response whose body does not match the expected type.
    #[error("cannot decode the response of {operation} at `{path}`: {message}")]
    Decode {
        /// The operation name ([`Endpoint::OPERATION`](crate::Endpoint::OPERATION)).
        operation: &'static str,
        /// The JSON path of the failure, e.g. `value[0].id` (`.` for the root).
        path: String,
        /// The deserializer's message.
        message: String,
    },
    /// The request could not be sent or the response not be read.
    #[error("transport error: {0}")]
    Transport(#[from] reqwest::Error),
    /// The token provider failed to produce an access token.
    #[error("authentication failed: {0}")]
    Auth(String),
    /// The request could not be built: invalid URL or header, or a body that
    /// does not serialize.
    #[error("invalid request: {0}")]
    Request(String),
}

impl Error {
    /// The HTTP status of a [`Graph`](Error::Graph) or [`Http`](Error::Http)
    /// error, `None` for the other kinds.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Graph(e) => Some(e.status),
            Error::Http { status, .. } => Some(*status),
            _ => None,
        }
    }
}

/// A Graph error response:
///
/// ```json
/// {"error": {"code": "Authorization_RequestDenied", "message": "...",
///            "innerError": {"request-id": "...", "date": "..."}}}
/// ```
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("Graph error {status} {code}: {message}")]
pub struct GraphError {
    /// The HTTP status code.
    pub status: u16,
    /// `error.code`, e.g. `"Authorization_RequestDenied"`.
    pub code: String,
    /// `error.message`.
    pub message: String,
    /// `error.innerError["request-id"]`, else the `request-id` response header.
    pub request_id: Option<String>,
    /// `error.innerError.date`.
    pub date: Option<String>,
    /// `error.innerError` verbatim (`null` when absent).
    pub inner: Value,
}

#[derive(Deserialize)]
struct Envelope {
    error: ErrorBody,
}

#[derive(Deserialize)]
struct ErrorBody {
    code: String,
    #[serde(default)]
    message: String,
    #[serde(rename = "innerError", default)]
    inner: Value,
}

/// Builds the error for a non-2xx response.
pub(crate) fn from_response(
    status: u16,
    headers: &reqwest::header::HeaderMap,
    body: &[u8],
) -> Error {
    match serde_json::from_slice::<Envelope>(body) {
        Ok(Envelope { error }) => {
            let field = |name: &str| {
                error
                    .inner
                    .get(name)
                    .and_then(Value::as_str)
                    .map(str::to_owned)
            };
            let request_id = field("request-id").or_else(|| {
                headers
                    .get("request-id")
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_owned)
            });
            let date = field("date");
            Error::Graph(Box::new(GraphError {
                status,
                code: error.code,
                message: error.message,
                request_id,
                date,
                inner: error.inner,
            }))
        }
        Err(_) => Error::Http {
            status,
            body: String::from_utf8_lossy(body).into_owned(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderMap;

    #[test]
    fn graph_error_is_parsed() {
        let body = br#"{"error":{"code":"Forbidden","message":"No.","innerError":{"request-id":"r1","date":"2024-01-01T00:00:00","client-request-id":"c"}}}"#;
        match from_response(403, &HeaderMap::new(), body) {
            Error::Graph(e) => {
                assert_eq!(e.status, 403);
                assert_eq!(e.code, "Forbidden");
                assert_eq!(e.message, "No.");
                assert_eq!(e.request_id.as_deref(), Some("r1"));
                assert_eq!(e.date.as_deref(), Some("2024-01-01T00:00:00"));
                assert_eq!(e.inner["client-request-id"], "c");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn request_id_falls_back_to_header_and_other_bodies_are_http() {
        let mut headers = HeaderMap::new();
        headers.insert("request-id", "h1".parse().unwrap());
        let e = from_response(400, &headers, br#"{"error":{"code":"X"}}"#);
        match &e {
            Error::Graph(g) => {
                assert_eq!(g.request_id.as_deref(), Some("h1"));
                assert_eq!(g.inner, Value::Null);
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(e.status(), Some(400));
        let e = from_response(502, &headers, b"<html>bad gateway</html>");
        assert!(
            matches!(&e, Error::Http { status: 502, body } if body == "<html>bad gateway</html>")
        );
        assert_eq!(Error::Auth("x".into()).status(), None);
    }

    #[test]
    fn error_is_small() {
        assert!(std::mem::size_of::<Error>() <= 128);
    }
}
