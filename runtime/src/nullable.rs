//! The tri-state [`Nullable`] property type.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A JSON property that distinguishes "absent" from an explicit `null`.
///
/// Graph PATCH requests need three states for every property: leave it
/// unchanged (omit it), clear it (send `null`) or set it (send a value).
/// `Option<T>` can only express two of them.
///
/// Use it on struct fields together with serde's `default` and
/// `skip_serializing_if`:
///
/// ```
/// # use graphgen_runtime::Nullable;
/// #[derive(serde::Serialize, serde::Deserialize)]
/// struct Patch {
///     #[serde(rename = "sentBytes", default, skip_serializing_if = "Nullable::is_absent")]
///     sent_bytes: Nullable<i64>,
/// }
///
/// let p: Patch = serde_json::from_str("{}").unwrap();
/// assert!(p.sent_bytes.is_absent());
/// let p: Patch = serde_json::from_str(r#"{"sentBytes":null}"#).unwrap();
/// assert!(p.sent_bytes.is_null());
/// assert_eq!(serde_json::to_string(&p).unwrap(), r#"{"sentBytes":null}"#);
/// ```
///
/// Without `#[serde(default)]` a missing field deserializes as [`Nullable::Null`]
/// (serde treats missing fields of option-like types as `null`), and without
/// `skip_serializing_if` an absent field is written as `null`.
///
/// The default is [`Nullable::Absent`], for any `T` (no `T: Default` bound:
/// `derive(Default)` on an enum with a `#[default]` unit variant adds none).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub enum Nullable<T> {
    /// The property is not present.
    #[default]
    Absent,
    /// The property is present with the value `null`.
    Null,
    /// The property is present with a value.
    Value(T),
}

impl<T> Nullable<T> {
    /// Returns `true` for [`Nullable::Absent`].
    pub fn is_absent(&self) -> bool {
        matches!(self, Self::Absent)
    }

    /// Returns `true` for [`Nullable::Null`].
    pub fn is_null(&self) -> bool {
        matches!(self, Self::Null)
    }

    /// Returns `true` for [`Nullable::Value`].
    pub fn is_value(&self) -> bool {
        matches!(self, Self::Value(_))
    }

    /// Converts `&Nullable<T>` to `Nullable<&T>`.
    pub fn as_ref(&self) -> Nullable<&T> {
        match self {
            Self::Absent => Nullable::Absent,
            Self::Null => Nullable::Null,
            Self::Value(v) => Nullable::Value(v),
        }
    }

    /// Returns the value, if there is one.
    pub fn value(&self) -> Option<&T> {
        match self {
            Self::Value(v) => Some(v),
            Self::Absent | Self::Null => None,
        }
    }

    /// Consumes `self`, returning the value if there is one.
    pub fn into_value(self) -> Option<T> {
        match self {
            Self::Value(v) => Some(v),
            Self::Absent | Self::Null => None,
        }
    }

    /// Maps the value with `f`, keeping [`Nullable::Absent`] and
    /// [`Nullable::Null`] as they are.
    pub fn map<U, F: FnOnce(T) -> U>(self, f: F) -> Nullable<U> {
        match self {
            Self::Absent => Nullable::Absent,
            Self::Null => Nullable::Null,
            Self::Value(v) => Nullable::Value(f(v)),
        }
    }
}

impl<T> From<T> for Nullable<T> {
    fn from(value: T) -> Self {
        Self::Value(value)
    }
}

impl<T> From<Option<T>> for Nullable<T> {
    /// `None` becomes [`Nullable::Null`], `Some(v)` becomes [`Nullable::Value`].
    fn from(value: Option<T>) -> Self {
        match value {
            Some(v) => Self::Value(v),
            None => Self::Null,
        }
    }
}

impl<T: Serialize> Serialize for Nullable<T> {
    /// Writes `null` for [`Nullable::Absent`] and [`Nullable::Null`]; skipping
    /// absent properties is the job of `skip_serializing_if`.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Absent | Self::Null => serializer.serialize_none(),
            Self::Value(v) => serializer.serialize_some(v),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Nullable<T> {
    /// Reads `null` as [`Nullable::Null`] and anything else as
    /// [`Nullable::Value`]. [`Nullable::Absent`] comes from `#[serde(default)]`.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Option::<T>::deserialize(deserializer).map(Self::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Map, Value};

    #[derive(Debug, Default, PartialEq, Serialize, Deserialize)]
    struct Entity {
        #[serde(
            rename = "sentBytes",
            default,
            skip_serializing_if = "Nullable::is_absent"
        )]
        sent_bytes: Nullable<i64>,
        #[serde(
            rename = "displayName",
            default,
            skip_serializing_if = "Nullable::is_absent"
        )]
        display_name: Nullable<String>,
        #[serde(rename = "tags", default, skip_serializing_if = "Nullable::is_absent")]
        tags: Nullable<Vec<String>>,
        #[serde(flatten)]
        additional_properties: Map<String, Value>,
    }

    #[test]
    fn default_is_absent_without_t_default() {
        struct NotDefault;
        let n: Nullable<NotDefault> = Nullable::default();
        assert!(n.is_absent());
        assert!(!n.is_null());
        assert!(!n.is_value());
    }

    #[test]
    fn predicates_and_accessors() {
        let v = Nullable::Value(5);
        assert!(v.is_value() && !v.is_null() && !v.is_absent());
        assert_eq!(v.value(), Some(&5));
        assert_eq!(v.as_ref(), Nullable::Value(&5));
        assert_eq!(v.clone().map(|x| x * 2), Nullable::Value(10));
        assert_eq!(v.into_value(), Some(5));

        let n: Nullable<i32> = Nullable::Null;
        assert!(n.is_null() && !n.is_value() && !n.is_absent());
        assert_eq!(n.value(), None);
        assert_eq!(n.as_ref(), Nullable::Null);
        assert_eq!(n.clone().map(|x| x * 2), Nullable::Null);
        assert_eq!(n.into_value(), None);

        let a: Nullable<i32> = Nullable::Absent;
        assert_eq!(a.as_ref(), Nullable::Absent);
        assert_eq!(a.clone().map(|x| x * 2), Nullable::Absent);
        assert_eq!(a.value(), None);
        assert_eq!(a.into_value(), None);
    }

    #[test]
    fn conversions() {
        assert_eq!(Nullable::from(3), Nullable::Value(3));
        assert_eq!(Nullable::from(Some(3)), Nullable::Value(3));
        assert_eq!(Nullable::<i32>::from(None), Nullable::Null);
    }

    #[test]
    fn bare_serialization() {
        assert_eq!(
            serde_json::to_value(Nullable::<i32>::Absent).unwrap(),
            Value::Null
        );
        assert_eq!(
            serde_json::to_value(Nullable::<i32>::Null).unwrap(),
            Value::Null
        );
        assert_eq!(serde_json::to_value(Nullable::Value(7)).unwrap(), json!(7));
        assert_eq!(
            serde_json::from_str::<Nullable<i32>>("null").unwrap(),
            Nullable::Null
        );
        assert_eq!(
            serde_json::from_str::<Nullable<i32>>("7").unwrap(),
            Nullable::Value(7)
        );
        assert!(serde_json::from_str::<Nullable<i32>>("\"x\"").is_err());
    }

    #[test]
    fn tri_state_in_flattened_struct() {
        let input = json!({
            "sentBytes": null,
            "displayName": "Contoso",
            "unknownNumber": 42,
            "@odata.type": "#microsoft.graph.thing",
            "nested": {"a": [1, null]}
        });
        let e: Entity = serde_json::from_value(input.clone()).unwrap();
        assert_eq!(e.sent_bytes, Nullable::Null);
        assert_eq!(e.display_name, Nullable::Value("Contoso".to_owned()));
        assert_eq!(e.tags, Nullable::Absent);
        assert_eq!(e.additional_properties.len(), 3);
        assert_eq!(e.additional_properties["unknownNumber"], json!(42));
        assert!(!e.additional_properties.contains_key("sentBytes"));

        let out = serde_json::to_value(&e).unwrap();
        assert_eq!(out, input);
        let obj = out.as_object().unwrap();
        assert_eq!(
            obj.get("sentBytes"),
            Some(&Value::Null),
            "null must stay null"
        );
        assert!(!obj.contains_key("tags"), "absent must stay absent");
    }

    #[test]
    fn tri_state_from_text_round_trip() {
        let text = r#"{"sentBytes":12,"tags":null,"extra":"x"}"#;
        let e: Entity = serde_json::from_str(text).unwrap();
        assert_eq!(e.sent_bytes, Nullable::Value(12));
        assert_eq!(e.tags, Nullable::Null);
        assert_eq!(e.display_name, Nullable::Absent);
        let back = serde_json::to_string(&e).unwrap();
        assert_eq!(
            serde_json::from_str::<Value>(&back).unwrap(),
            serde_json::from_str::<Value>(text).unwrap()
        );
        assert!(back.contains(r#""tags":null"#));
        assert!(!back.contains("displayName"));
    }

    #[test]
    fn building_a_patch_body() {
        let patch = Entity {
            display_name: Nullable::Null,
            tags: vec!["a".to_owned()].into(),
            ..Entity::default()
        };
        assert_eq!(
            serde_json::to_value(&patch).unwrap(),
            json!({"displayName": null, "tags": ["a"]})
        );
        assert_eq!(serde_json::to_value(Entity::default()).unwrap(), json!({}));
    }
}
