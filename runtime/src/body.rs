//! Request and response bodies: JSON (any serde type) or binary content ([`Binary`]).

use serde::de::DeserializeOwned;
use serde::Serialize;

/// Binary content with its media type: a download (`/content`, `/$value`, a report's CSV) or an
/// upload (`PUT …/content`, a photo). The SDK types every `Edm.Stream` body and response as this.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Binary {
    /// The media type (`Content-Type`), when known.
    pub content_type: Option<String>,
    /// The bytes.
    pub data: Vec<u8>,
}

impl Binary {
    /// Content of media type `content_type`.
    pub fn new(content_type: impl Into<String>, data: impl Into<Vec<u8>>) -> Binary {
        Binary {
            content_type: Some(content_type.into()),
            data: data.into(),
        }
    }

    /// The bytes.
    pub fn bytes(&self) -> &[u8] {
        &self.data
    }
}

/// Why a response body could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BodyError {
    /// Where in the JSON it failed (`value[1].id`, `.` for the whole body).
    pub path: String,
    /// What failed.
    pub message: String,
}

/// How a request body is sent.
pub trait RequestBody {
    /// Its media type: `application/json` for JSON bodies.
    fn content_type(&self) -> Option<&str>;
    /// The bytes sent.
    fn to_bytes(&self) -> Result<Vec<u8>, String>;
}

impl<T: Serialize> RequestBody for T {
    fn content_type(&self) -> Option<&str> {
        Some("application/json")
    }
    fn to_bytes(&self) -> Result<Vec<u8>, String> {
        serde_json::to_vec(self).map_err(|e| e.to_string())
    }
}

impl RequestBody for Binary {
    fn content_type(&self) -> Option<&str> {
        self.content_type.as_deref()
    }
    fn to_bytes(&self) -> Result<Vec<u8>, String> {
        Ok(self.data.clone())
    }
}

/// How a response body is read.
pub trait ResponseBody: Sized {
    /// Whether the response is JSON (the client then asks for `application/json`).
    const JSON: bool = true;
    /// Reads a body of media type `content_type`.
    fn from_body(content_type: Option<&str>, body: Vec<u8>) -> Result<Self, BodyError>;
}

impl<T: DeserializeOwned> ResponseBody for T {
    fn from_body(_: Option<&str>, body: Vec<u8>) -> Result<Self, BodyError> {
        decode_json(&body)
    }
}

impl ResponseBody for Binary {
    const JSON: bool = false;
    fn from_body(content_type: Option<&str>, body: Vec<u8>) -> Result<Self, BodyError> {
        Ok(Binary {
            content_type: content_type.map(str::to_owned),
            data: body,
        })
    }
}

/// Reads JSON, reporting the path of a failure; an empty body reads as `null` (so
/// [`NoContent`](crate::NoContent) works for `204` responses).
pub fn decode_json<T: DeserializeOwned>(body: &[u8]) -> Result<T, BodyError> {
    let text: &[u8] = if body.iter().all(u8::is_ascii_whitespace) {
        b"null"
    } else {
        body
    };
    let mut de = serde_json::Deserializer::from_slice(text);
    let value = serde_path_to_error::deserialize(&mut de).map_err(|e| BodyError {
        path: e.path().to_string(),
        message: e.into_inner().to_string(),
    })?;
    de.end().map_err(|e| BodyError {
        path: ".".to_owned(),
        message: e.to_string(),
    })?;
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::NoContent;

    #[test]
    fn json_and_binary_bodies() {
        assert_eq!(
            RequestBody::content_type(&serde_json::json!({"a": 1})),
            Some("application/json")
        );
        assert_eq!(
            RequestBody::to_bytes(&serde_json::json!({"a": 1})).unwrap(),
            br#"{"a":1}"#
        );
        let b = Binary::new("image/png", vec![0, 159, 146, 150]);
        assert_eq!(RequestBody::content_type(&b), Some("image/png"));
        assert_eq!(RequestBody::to_bytes(&b).unwrap(), [0, 159, 146, 150]);
        let r = <Binary as ResponseBody>::from_body(Some("text/csv"), b"a,b\n".to_vec()).unwrap();
        assert_eq!(r.bytes(), b"a,b\n");
        assert_eq!(r.content_type.as_deref(), Some("text/csv"));
        const { assert!(!<Binary as ResponseBody>::JSON) };
        const { assert!(<NoContent as ResponseBody>::JSON) };
    }

    #[test]
    fn json_failures_have_paths() {
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Item {
            id: String,
        }
        let e = decode_json::<Vec<Item>>(br#"[{"id":"a"},{"id":5}]"#).unwrap_err();
        assert_eq!(e.path, "[1].id");
        assert_eq!(decode_json::<NoContent>(b" ").unwrap(), NoContent);
        assert_eq!(decode_json::<NoContent>(b"{} x").unwrap_err().path, ".");
    }
}
