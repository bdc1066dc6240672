//! [`Lenient`]: a formatted value (timestamp, date, time of day, GUID) that keeps the text it
//! cannot parse instead of failing the whole response.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A value Graph sends as formatted text: a timestamp (`Edm.DateTimeOffset`), a date, a time of
/// day or a GUID. Text that parses as `T` (exactly what `T`'s own serde implementation accepts)
/// becomes [`Lenient::Value`]; any other string is kept verbatim as [`Lenient::Unparsed`] and
/// written back unchanged, so one odd value (a timestamp without an offset, a placeholder) does
/// not make the whole response unreadable, and nothing is lost. A JSON value that is not a
/// string at all is still an error.
///
/// Parsed values are written in `T`'s canonical form (chrono writes `Z` timestamps with as many
/// fractional digits as needed, uuid writes lower-case hyphenated GUIDs).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Lenient<T> {
    /// The parsed value.
    Value(T),
    /// Text that does not parse as `T`, kept as sent.
    Unparsed(String),
}

impl<T> Lenient<T> {
    /// The parsed value, if the text parsed.
    pub fn value(&self) -> Option<&T> {
        match self {
            Lenient::Value(v) => Some(v),
            Lenient::Unparsed(_) => None,
        }
    }

    /// The parsed value, if the text parsed.
    pub fn into_value(self) -> Option<T> {
        match self {
            Lenient::Value(v) => Some(v),
            Lenient::Unparsed(_) => None,
        }
    }

    /// The text that did not parse, if any.
    pub fn unparsed(&self) -> Option<&str> {
        match self {
            Lenient::Value(_) => None,
            Lenient::Unparsed(s) => Some(s),
        }
    }
}

impl<T: Default> Default for Lenient<T> {
    fn default() -> Self {
        Lenient::Value(T::default())
    }
}

impl<T> From<T> for Lenient<T> {
    fn from(v: T) -> Self {
        Lenient::Value(v)
    }
}

impl<T: Serialize> Serialize for Lenient<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Lenient::Value(v) => v.serialize(serializer),
            Lenient::Unparsed(s) => serializer.serialize_str(s),
        }
    }
}

impl<'de, T: DeserializeOwned> Deserialize<'de> for Lenient<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::value::{Error, StrDeserializer};
        let text = String::deserialize(deserializer)?;
        match T::deserialize(StrDeserializer::<Error>::new(&text)) {
            Ok(v) => Ok(Lenient::Value(v)),
            Err(_) => Ok(Lenient::Unparsed(text)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// A stand-in for a formatted type: a string of digits.
    #[derive(Debug, Clone, PartialEq, Default)]
    struct Digits(u64);

    impl Serialize for Digits {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            s.serialize_str(&self.0.to_string())
        }
    }

    impl<'de> Deserialize<'de> for Digits {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            let s = String::deserialize(d)?;
            s.parse().map(Digits).map_err(serde::de::Error::custom)
        }
    }

    #[test]
    fn parses_or_keeps_text() {
        let v: Lenient<Digits> = serde_json::from_value(json!("0042")).unwrap();
        assert_eq!(v, Lenient::Value(Digits(42)));
        assert_eq!(serde_json::to_value(&v).unwrap(), json!("42"));
        let u: Lenient<Digits> = serde_json::from_value(json!("datetime-value")).unwrap();
        assert_eq!(u.unparsed(), Some("datetime-value"));
        assert_eq!(u.value(), None);
        assert_eq!(serde_json::to_value(&u).unwrap(), json!("datetime-value"));
    }

    #[test]
    fn non_strings_are_errors() {
        assert!(serde_json::from_value::<Lenient<Digits>>(json!(42)).is_err());
        assert!(serde_json::from_value::<Lenient<Digits>>(json!({"a": 1})).is_err());
    }
}
