//! Response shapes shared by many operations: [`Collection`] and [`NoContent`].

use serde::de::IgnoredAny;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

/// One page of a Graph collection response.
///
/// ```json
/// {"@odata.context": "...", "@odata.nextLink": "...", "value": [ ... ]}
/// ```
///
/// Follow [`Collection::next_link`] (an absolute URL) to fetch the next page;
/// the last page of a delta query carries [`Collection::delta_link`] instead.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(bound(serialize = "T: Serialize", deserialize = "T: Deserialize<'de>"))]
pub struct Collection<T> {
    /// `@odata.context`: the metadata URL describing the response.
    #[serde(
        rename = "@odata.context",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub odata_context: Option<String>,
    /// `@odata.nextLink`: URL of the next page, if there is one.
    #[serde(
        rename = "@odata.nextLink",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub next_link: Option<String>,
    /// `@odata.deltaLink`: URL to fetch later changes (delta queries only).
    #[serde(
        rename = "@odata.deltaLink",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub delta_link: Option<String>,
    /// `@odata.count`: total number of items, when `$count=true` was requested.
    #[serde(
        rename = "@odata.count",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub count: Option<i64>,
    /// The items of this page. Required: a body without `value` is not a collection page, and
    /// reading it as an empty one would hide the mistake (and add `value` on a round trip).
    #[serde(rename = "value")]
    pub value: Vec<T>,
    /// Any other top-level properties of the response, kept verbatim.
    #[serde(flatten)]
    pub additional_properties: Map<String, Value>,
}

impl<T> Default for Collection<T> {
    fn default() -> Self {
        Self {
            odata_context: None,
            next_link: None,
            delta_link: None,
            count: None,
            value: Vec::new(),
            additional_properties: Map::new(),
        }
    }
}

/// A response carrying one primitive or enum value, as Graph wraps it:
///
/// ```json
/// {"@odata.context": "...", "value": "Sheet1!A1:B2"}
/// ```
///
/// Functions and properties that return a single string, number, boolean or enum member answer
/// with this shape (a complex or entity value comes bare, a collection as [`Collection`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(bound(serialize = "T: Serialize", deserialize = "T: Deserialize<'de>"))]
pub struct SingleValue<T> {
    /// `@odata.context`: the metadata URL describing the response.
    #[serde(
        rename = "@odata.context",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub odata_context: Option<String>,
    /// The value.
    pub value: T,
    /// Any other top-level properties of the response, kept verbatim.
    #[serde(flatten)]
    pub additional_properties: Map<String, Value>,
}

/// The body of a request that adds a reference to an existing entity (a POST or PUT to a
/// `/$ref` path): `{"@odata.id": "https://graph.microsoft.com/v1.0/directoryObjects/{id}"}`.
/// A few `$ref` requests send something else (`PUT … {}` clears a single-valued reference), so
/// the URL is optional and other members are kept.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Reference {
    /// The URL of the entity to reference.
    #[serde(rename = "@odata.id", default, skip_serializing_if = "Option::is_none")]
    pub odata_id: Option<String>,
    /// Any other properties, kept verbatim.
    #[serde(flatten)]
    pub additional_properties: Map<String, Value>,
}

impl Reference {
    /// A reference to the entity at `url`.
    pub fn new(url: impl Into<String>) -> Self {
        Reference {
            odata_id: Some(url.into()),
            additional_properties: Map::new(),
        }
    }
}

/// The body type of requests and responses that carry no body.
///
/// Used as the `Response` of operations answering `204 No Content` and as the
/// `Body` of operations that send nothing. Deserializing accepts and ignores
/// any value (including unit / `null`); serializing writes `null`.
///
/// An HTTP client should not hand an *empty* response body to a JSON parser
/// (an empty document is not valid JSON); it can produce `NoContent` directly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct NoContent;

impl Serialize for NoContent {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_unit()
    }
}

impl<'de> Deserialize<'de> for NoContent {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        IgnoredAny::deserialize(deserializer)?;
        Ok(Self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    struct Item {
        id: String,
    }

    #[test]
    fn round_trip_keeps_unknown_top_level_properties() {
        let input = json!({
            "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#users",
            "@odata.count": 2,
            "@odata.nextLink": "https://graph.microsoft.com/v1.0/users?$skiptoken=abc",
            "@microsoft.graph.tips": "Use $select",
            "unknownThing": {"x": [1, 2]},
            "value": [{"id": "1"}, {"id": "2"}]
        });
        let page: Collection<Item> = serde_json::from_value(input.clone()).unwrap();
        assert_eq!(
            page.odata_context.as_deref(),
            Some("https://graph.microsoft.com/v1.0/$metadata#users")
        );
        assert_eq!(
            page.next_link.as_deref(),
            Some("https://graph.microsoft.com/v1.0/users?$skiptoken=abc")
        );
        assert_eq!(page.delta_link, None);
        assert_eq!(page.count, Some(2));
        assert_eq!(
            page.value,
            vec![Item { id: "1".into() }, Item { id: "2".into() }]
        );
        assert_eq!(page.additional_properties.len(), 2);
        assert_eq!(
            page.additional_properties["@microsoft.graph.tips"],
            json!("Use $select")
        );
        assert_eq!(
            page.additional_properties["unknownThing"],
            json!({"x": [1, 2]})
        );

        let out = serde_json::to_value(&page).unwrap();
        assert_eq!(out, input);
        assert!(!out.as_object().unwrap().contains_key("@odata.deltaLink"));
    }

    #[test]
    fn delta_link_and_required_value() {
        let text = r#"{"@odata.deltaLink":"https://example/delta?token=1","value":[]}"#;
        let page: Collection<Item> = serde_json::from_str(text).unwrap();
        assert!(page.value.is_empty());
        assert_eq!(
            page.delta_link.as_deref(),
            Some("https://example/delta?token=1")
        );
        assert!(page.additional_properties.is_empty());
        assert_eq!(
            serde_json::to_value(&page).unwrap(),
            json!({"@odata.deltaLink": "https://example/delta?token=1", "value": []})
        );
        // A body without `value` is not a page (a single entity where a list was expected).
        let err = serde_json::from_str::<Collection<Item>>(r#"{"id":"1"}"#).unwrap_err();
        assert!(err.to_string().contains("missing field `value`"), "{err}");
    }

    #[test]
    fn default_collection_serializes_minimal() {
        struct NotDefault;
        let empty: Collection<NotDefault> = Collection::default();
        assert!(empty.value.is_empty());
        assert_eq!(
            serde_json::to_value(Collection::<Item>::default()).unwrap(),
            json!({"value": []})
        );
    }

    #[test]
    fn bad_item_is_an_error() {
        assert!(
            serde_json::from_value::<Collection<Item>>(json!({"value": [{"nope": 1}]})).is_err()
        );
        assert!(serde_json::from_value::<Collection<Item>>(json!({"value": 3})).is_err());
    }

    #[test]
    fn no_content_accepts_anything() {
        for v in [
            json!(null),
            json!({}),
            json!({"a": [1, {"b": null}]}),
            json!("x"),
            json!(3),
        ] {
            assert_eq!(serde_json::from_value::<NoContent>(v).unwrap(), NoContent);
        }
        assert_eq!(
            serde_json::from_str::<NoContent>(" {\"a\":1} ").unwrap(),
            NoContent
        );
        assert_eq!(
            serde_json::from_str::<NoContent>("null").unwrap(),
            NoContent
        );
        assert_eq!(serde_json::to_value(NoContent).unwrap(), Value::Null);
        assert_eq!(serde_json::to_string(&NoContent).unwrap(), "null");
    }

    #[test]
    fn references() {
        let r = Reference::new("https://graph.microsoft.com/v1.0/directoryObjects/1");
        assert_eq!(
            serde_json::to_value(&r).unwrap(),
            json!({"@odata.id": "https://graph.microsoft.com/v1.0/directoryObjects/1"})
        );
        let empty: Reference = serde_json::from_value(json!({})).unwrap();
        assert_eq!(empty, Reference::default());
        assert_eq!(serde_json::to_value(&empty).unwrap(), json!({}));
        assert!(serde_json::from_value::<Reference>(json!({"@odata.id": 1})).is_err());
    }

    #[test]
    fn single_value_round_trips() {
        let input = json!({"@odata.context": "x", "value": true, "@odata.etag": "1"});
        let v: SingleValue<bool> = serde_json::from_value(input.clone()).unwrap();
        assert!(v.value);
        assert_eq!(serde_json::to_value(&v).unwrap(), input);
        assert!(serde_json::from_value::<SingleValue<bool>>(json!({"other": 1})).is_err());
    }

    #[test]
    fn no_content_as_struct_field() {
        #[derive(Debug, PartialEq, Deserialize)]
        struct Wrapper {
            #[serde(default)]
            body: NoContent,
            #[serde(flatten)]
            rest: Map<String, Value>,
        }
        let w: Wrapper = serde_json::from_value(json!({"body": {"x": 1}, "y": 2})).unwrap();
        assert_eq!(w.body, NoContent);
        assert_eq!(w.rest["y"], json!(2));
    }
}
