//! Support for derived types: generated `Any<Base>` enums read `@odata.type` to pick the derived
//! struct a value holds, falling back to the base struct.

use serde::de::DeserializeOwned;
use serde_json::Value;

/// The `@odata.type` of a JSON object, without the leading `#`, lower-cased (Graph's casing of
/// type names is not always consistent between payloads and docs).
pub fn odata_type(value: &Value) -> Option<String> {
    value
        .get("@odata.type")
        .and_then(Value::as_str)
        .map(|t| t.trim_start_matches('#').to_ascii_lowercase())
}

/// Deserializes `value` into a boxed `T`, mapping the error into the caller's deserializer error.
pub fn from_json<T: DeserializeOwned, E: serde::de::Error>(value: Value) -> Result<Box<T>, E> {
    serde_json::from_value(value)
        .map(Box::new)
        .map_err(E::custom)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_odata_type() {
        assert_eq!(
            odata_type(&json!({"@odata.type": "#microsoft.graph.User"})).as_deref(),
            Some("microsoft.graph.user")
        );
        assert_eq!(odata_type(&json!({"id": "1"})), None);
        assert_eq!(odata_type(&json!("text")), None);
    }

    #[test]
    fn from_json_boxes_and_maps_errors() {
        let b: Result<Box<u32>, serde_json::Error> = from_json(json!(5));
        assert_eq!(*b.expect("number"), 5);
        let e: Result<Box<u32>, serde_json::Error> = from_json(json!("x"));
        assert!(e.is_err());
    }
}
