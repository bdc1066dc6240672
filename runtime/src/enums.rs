//! String-valued enums ([`StringEnum`], [`string_enum!`](crate::string_enum))
//! and flags enums ([`FlagSet`]).

use core::fmt;
use core::marker::PhantomData;

use serde::de::{self, Deserialize, Deserializer, Visitor};
use serde::{Serialize, Serializer};

/// A string-valued enum with a catch-all variant for values it does not know.
///
/// Implemented by [`string_enum!`](crate::string_enum) for generated enums.
/// Conversion from a string never fails: unknown values end up in the
/// catch-all variant and [`StringEnum::as_str`] gives them back unchanged.
pub trait StringEnum: Sized {
    /// The wire value of this member.
    fn as_str(&self) -> &str;
    /// The member for a wire value (the catch-all variant if unknown).
    fn from_str_value(s: &str) -> Self;
}

/// Implements [`StringEnum`], `From<String>`, `FromStr` (infallible),
/// `Display`, serde `Serialize`/`Deserialize`, and `PartialOrd`/`Ord` for a string enum.
///
/// Values are ordered by their wire strings (a documented member before a catch-all value
/// holding the same string), not by the order of the variants: the docs insert members and
/// move evolvable ones after `unknownFutureValue`, and an order that followed the variants
/// would change with them (a breaking change for code that sorts values).
///
/// The type must already have an inherent `fn as_str(&self) -> &str` and an
/// `impl From<&str>` that maps unknown strings to a catch-all variant.
///
/// ```
/// #[derive(Debug, Clone, PartialEq, Eq)]
/// pub enum Color { Red, Unrecognized(String) }
/// impl Color {
///     pub fn as_str(&self) -> &str {
///         match self { Self::Red => "red", Self::Unrecognized(v) => v }
///     }
/// }
/// impl From<&str> for Color {
///     fn from(v: &str) -> Self {
///         match v { "red" => Self::Red, other => Self::Unrecognized(other.to_owned()) }
///     }
/// }
/// graphgen_runtime::string_enum!(Color);
///
/// assert_eq!(serde_json::to_string(&Color::Red).unwrap(), "\"red\"");
/// let c: Color = serde_json::from_str("\"blue\"").unwrap();
/// assert_eq!(c, Color::Unrecognized("blue".to_owned()));
/// assert_eq!(c.to_string(), "blue");
/// ```
#[macro_export]
macro_rules! string_enum {
    ($ty:ty) => {
        impl $crate::StringEnum for $ty {
            fn as_str(&self) -> &str {
                <$ty>::as_str(self)
            }
            fn from_str_value(s: &str) -> Self {
                <$ty as ::core::convert::From<&str>>::from(s)
            }
        }

        impl ::core::convert::From<::std::string::String> for $ty {
            fn from(value: ::std::string::String) -> Self {
                <$ty as ::core::convert::From<&str>>::from(value.as_str())
            }
        }

        impl ::core::str::FromStr for $ty {
            type Err = ::core::convert::Infallible;
            fn from_str(s: &str) -> ::core::result::Result<Self, Self::Err> {
                ::core::result::Result::Ok(<$ty as ::core::convert::From<&str>>::from(s))
            }
        }

        impl ::core::cmp::Ord for $ty {
            fn cmp(&self, other: &Self) -> ::core::cmp::Ordering {
                // Ties (the same string) only between a documented member and a catch-all
                // value spelled like it: the documented one first.
                let catch_all =
                    |v: &Self| <$ty as ::core::convert::From<&str>>::from(<$ty>::as_str(v)) != *v;
                <$ty>::as_str(self)
                    .cmp(<$ty>::as_str(other))
                    .then_with(|| catch_all(self).cmp(&catch_all(other)))
            }
        }

        impl ::core::cmp::PartialOrd for $ty {
            fn partial_cmp(&self, other: &Self) -> ::core::option::Option<::core::cmp::Ordering> {
                ::core::option::Option::Some(::core::cmp::Ord::cmp(self, other))
            }
        }

        impl ::core::fmt::Display for $ty {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.pad(<$ty>::as_str(self))
            }
        }

        impl $crate::__private::serde::Serialize for $ty {
            fn serialize<S>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error>
            where
                S: $crate::__private::serde::Serializer,
            {
                serializer.serialize_str(<$ty>::as_str(self))
            }
        }

        impl<'de> $crate::__private::serde::Deserialize<'de> for $ty {
            fn deserialize<D>(deserializer: D) -> ::core::result::Result<Self, D::Error>
            where
                D: $crate::__private::serde::Deserializer<'de>,
            {
                struct StrVisitor;

                impl $crate::__private::serde::de::Visitor<'_> for StrVisitor {
                    type Value = $ty;

                    fn expecting(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                        f.write_str("a string")
                    }

                    fn visit_str<E>(self, v: &str) -> ::core::result::Result<$ty, E>
                    where
                        E: $crate::__private::serde::de::Error,
                    {
                        ::core::result::Result::Ok(<$ty as ::core::convert::From<&str>>::from(v))
                    }

                    fn visit_string<E>(
                        self,
                        v: ::std::string::String,
                    ) -> ::core::result::Result<$ty, E>
                    where
                        E: $crate::__private::serde::de::Error,
                    {
                        ::core::result::Result::Ok(<$ty as ::core::convert::From<
                            ::std::string::String,
                        >>::from(v))
                    }
                }

                deserializer.deserialize_str(StrVisitor)
            }
        }
    };
}

/// A set of members of a flags enum.
///
/// Graph sends flags as one comma-separated string (`"a,b,c"`). This type
/// serializes its members' [`StringEnum::as_str`] joined with `,` and
/// deserializes by splitting on `,`, trimming spaces around each part and
/// skipping empty parts; unknown parts are kept by the enum's catch-all
/// variant. The empty string is the empty set. Member order is preserved.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FlagSet<E>(pub Vec<E>);

impl<E> Default for FlagSet<E> {
    fn default() -> Self {
        Self(Vec::new())
    }
}

impl<E> FlagSet<E> {
    /// Returns `true` if `e` is a member.
    pub fn contains(&self, e: &E) -> bool
    where
        E: PartialEq,
    {
        self.0.contains(e)
    }

    /// Iterates over the members in order.
    pub fn iter(&self) -> core::slice::Iter<'_, E> {
        self.0.iter()
    }

    /// Returns `true` if the set has no members.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<E> From<Vec<E>> for FlagSet<E> {
    fn from(members: Vec<E>) -> Self {
        Self(members)
    }
}

impl<E> FromIterator<E> for FlagSet<E> {
    fn from_iter<I: IntoIterator<Item = E>>(iter: I) -> Self {
        Self(iter.into_iter().collect())
    }
}

impl<'a, E> IntoIterator for &'a FlagSet<E> {
    type Item = &'a E;
    type IntoIter = core::slice::Iter<'a, E>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl<E: StringEnum> FlagSet<E> {
    fn parse(s: &str) -> Self {
        s.split(',')
            .map(str::trim)
            .filter(|part| !part.is_empty())
            .map(E::from_str_value)
            .collect()
    }
}

impl<E: StringEnum> Serialize for FlagSet<E> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut joined = String::new();
        for (i, member) in self.0.iter().enumerate() {
            if i > 0 {
                joined.push(',');
            }
            joined.push_str(member.as_str());
        }
        serializer.serialize_str(&joined)
    }
}

impl<'de, E: StringEnum> Deserialize<'de> for FlagSet<E> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct FlagVisitor<E>(PhantomData<E>);

        impl<E: StringEnum> Visitor<'_> for FlagVisitor<E> {
            type Value = FlagSet<E>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a comma-separated string of flags")
            }

            fn visit_str<Err: de::Error>(self, v: &str) -> Result<Self::Value, Err> {
                Ok(FlagSet::parse(v))
            }
        }

        deserializer.deserialize_str(FlagVisitor(PhantomData))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;
    use serde_json::json;
    use std::str::FromStr;

    #[derive(Debug, Clone, PartialEq, Eq, Hash)]
    #[non_exhaustive]
    pub enum DeviceCategory {
        Client,
        Branch,
        UnknownFutureValue,
        RemoteNetwork,
        Unrecognized(String),
    }

    impl DeviceCategory {
        pub fn as_str(&self) -> &str {
            match self {
                Self::Client => "client",
                Self::Branch => "branch",
                Self::UnknownFutureValue => "unknownFutureValue",
                Self::RemoteNetwork => "remoteNetwork",
                Self::Unrecognized(v) => v,
            }
        }
    }

    impl From<&str> for DeviceCategory {
        fn from(v: &str) -> Self {
            match v {
                "client" => Self::Client,
                "branch" => Self::Branch,
                "unknownFutureValue" => Self::UnknownFutureValue,
                "remoteNetwork" => Self::RemoteNetwork,
                other => Self::Unrecognized(other.to_owned()),
            }
        }
    }

    crate::string_enum!(DeviceCategory);

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Device {
        #[serde(rename = "deviceCategory")]
        device_category: DeviceCategory,
        #[serde(rename = "other", default, skip_serializing_if = "Option::is_none")]
        other: Option<DeviceCategory>,
        #[serde(rename = "flags", default)]
        flags: FlagSet<DeviceCategory>,
    }

    const KNOWN: [(DeviceCategory, &str); 4] = [
        (DeviceCategory::Client, "client"),
        (DeviceCategory::Branch, "branch"),
        (DeviceCategory::UnknownFutureValue, "unknownFutureValue"),
        (DeviceCategory::RemoteNetwork, "remoteNetwork"),
    ];

    #[test]
    fn values_order_by_wire_string_and_documented_first() {
        let mut v = [
            DeviceCategory::RemoteNetwork,
            DeviceCategory::Unrecognized("branch".to_owned()),
            DeviceCategory::Unrecognized("zebra".to_owned()),
            DeviceCategory::Client,
            DeviceCategory::Branch,
        ];
        v.sort();
        let got: Vec<(&str, bool)> = v
            .iter()
            .map(|c| (c.as_str(), matches!(c, DeviceCategory::Unrecognized(_))))
            .collect();
        assert_eq!(
            got,
            [
                ("branch", false),
                ("branch", true),
                ("client", false),
                ("remoteNetwork", false),
                ("zebra", true),
            ]
        );
        assert!(DeviceCategory::Client < DeviceCategory::from("unknownFutureValue"));
    }

    #[test]
    fn known_values_round_trip() {
        for (member, wire) in KNOWN {
            let json = serde_json::to_string(&member).unwrap();
            assert_eq!(json, format!("\"{wire}\""));
            let back: DeviceCategory = serde_json::from_str(&json).unwrap();
            assert_eq!(back, member);
            // Owned-string path (serde_json::Value hands out owned strings).
            let back: DeviceCategory = serde_json::from_value(json!(wire)).unwrap();
            assert_eq!(back, member);
            assert_eq!(<DeviceCategory as StringEnum>::as_str(&member), wire);
            assert_eq!(DeviceCategory::from_str_value(wire), member);
        }
    }

    #[test]
    fn unknown_value_round_trips() {
        let d: DeviceCategory = serde_json::from_str("\"satellite\"").unwrap();
        assert_eq!(d, DeviceCategory::Unrecognized("satellite".to_owned()));
        assert_eq!(serde_json::to_string(&d).unwrap(), "\"satellite\"");
        let d: DeviceCategory = serde_json::from_value(json!("satellite")).unwrap();
        assert_eq!(d, DeviceCategory::Unrecognized("satellite".to_owned()));
        // Escaped strings cannot be borrowed from the input.
        let d: DeviceCategory = serde_json::from_str(r#""sat\u0065llite""#).unwrap();
        assert_eq!(d, DeviceCategory::Unrecognized("satellite".to_owned()));
    }

    #[test]
    fn non_strings_are_rejected() {
        assert!(serde_json::from_str::<DeviceCategory>("1").is_err());
        assert!(serde_json::from_str::<DeviceCategory>("null").is_err());
        assert!(serde_json::from_value::<DeviceCategory>(json!(["client"])).is_err());
    }

    #[test]
    fn display_from_str_and_from_string() {
        assert_eq!(DeviceCategory::RemoteNetwork.to_string(), "remoteNetwork");
        assert_eq!(
            DeviceCategory::Unrecognized("x y".into()).to_string(),
            "x y"
        );
        assert_eq!(format!("[{:>8}]", DeviceCategory::Client), "[  client]");
        assert_eq!(
            DeviceCategory::from_str("branch"),
            Ok(DeviceCategory::Branch)
        );
        let parsed: DeviceCategory = "satellite".parse().unwrap();
        assert_eq!(parsed, DeviceCategory::Unrecognized("satellite".into()));
        assert_eq!(
            DeviceCategory::from(String::from("client")),
            DeviceCategory::Client
        );
        assert_eq!(
            DeviceCategory::from(String::from("Client")),
            DeviceCategory::Unrecognized("Client".into()),
            "matching is case-sensitive"
        );
    }

    #[test]
    fn enum_inside_struct() {
        let input =
            json!({"deviceCategory": "satellite", "other": "branch", "flags": "client,orbit"});
        let d: Device = serde_json::from_value(input.clone()).unwrap();
        assert_eq!(
            d.device_category,
            DeviceCategory::Unrecognized("satellite".into())
        );
        assert_eq!(d.other, Some(DeviceCategory::Branch));
        assert_eq!(
            d.flags,
            FlagSet(vec![
                DeviceCategory::Client,
                DeviceCategory::Unrecognized("orbit".into())
            ])
        );
        assert_eq!(serde_json::to_value(&d).unwrap(), input);

        let text = r#"{"deviceCategory":"client"}"#;
        let d: Device = serde_json::from_str(text).unwrap();
        assert_eq!(d.device_category, DeviceCategory::Client);
        assert_eq!(d.other, None);
        assert!(d.flags.is_empty());
    }

    #[test]
    fn flag_set_round_trip_with_unknown_part() {
        let text = "\"client,satellite,remoteNetwork\"";
        let f: FlagSet<DeviceCategory> = serde_json::from_str(text).unwrap();
        assert_eq!(
            f.0,
            vec![
                DeviceCategory::Client,
                DeviceCategory::Unrecognized("satellite".into()),
                DeviceCategory::RemoteNetwork,
            ]
        );
        assert!(f.contains(&DeviceCategory::Client));
        assert!(f.contains(&DeviceCategory::Unrecognized("satellite".into())));
        assert!(!f.contains(&DeviceCategory::Branch));
        assert_eq!(f.iter().count(), 3);
        assert_eq!(serde_json::to_string(&f).unwrap(), text);
        // Owned-string path.
        let g: FlagSet<DeviceCategory> =
            serde_json::from_value(json!("client,satellite,remoteNetwork")).unwrap();
        assert_eq!(g, f);
    }

    #[test]
    fn flag_set_trims_and_handles_empty() {
        let f: FlagSet<DeviceCategory> = serde_json::from_str("\" client , branch \"").unwrap();
        assert_eq!(
            f,
            FlagSet(vec![DeviceCategory::Client, DeviceCategory::Branch])
        );
        assert_eq!(serde_json::to_string(&f).unwrap(), "\"client,branch\"");

        let empty: FlagSet<DeviceCategory> = serde_json::from_str("\"\"").unwrap();
        assert!(empty.is_empty());
        assert_eq!(empty, FlagSet::default());
        assert_eq!(serde_json::to_string(&empty).unwrap(), "\"\"");

        let single: FlagSet<DeviceCategory> = serde_json::from_str("\"branch\"").unwrap();
        assert_eq!(single.0, vec![DeviceCategory::Branch]);
        assert_eq!(serde_json::to_string(&single).unwrap(), "\"branch\"");

        assert!(serde_json::from_str::<FlagSet<DeviceCategory>>("[\"client\"]").is_err());
    }

    #[test]
    fn flag_set_default_needs_no_bound() {
        struct NotDefault;
        let f: FlagSet<NotDefault> = FlagSet::default();
        assert!(f.0.is_empty());
    }
}
