//! Reading and writing the structs generated for entity and complex types.
//!
//! A generated struct implements [`Object`]: its sorted JSON names, one array of its fields as
//! [`Slot`]s to read into and one of them as [`Field`]s to write (no branch per field), both in
//! the order of the names. The loop over the
//! JSON object, the keeping of unknown properties, the skipping of absent ones, and the generic
//! serde code live here, once, instead of in every struct: a struct's own code is not generic
//! over the (de)serializer, and its fields are reached through `erased_serde`. That is what keeps
//! the compile time and memory of a crate with thousands of types in proportion to its size
//! (docs/performance.md); the cost at run time is one dynamic call per property.

use crate::Nullable;
use serde::de::{self, DeserializeSeed, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};
use std::any::Any;
use std::fmt;
use std::marker::PhantomData;

/// A struct for an entity or complex type: properties by their JSON names, and the properties
/// this crate does not know kept as JSON, so that a round trip loses nothing.
pub trait Object: Default {
    /// The type's qualified name, for error messages (`microsoft.graph.user`).
    const TYPE_NAME: &'static str;

    /// The JSON names of the properties, sorted (as `str`s compare), for a binary search.
    const NAMES: &'static [&'static str];

    /// The field of the property `NAMES[index]`, to read its value into (see [`nth`]).
    fn slot<'de>(&mut self, index: usize) -> Option<&mut dyn Slot<'de>>;

    /// Hands every property to `put` in one slice, in the order of [`Object::NAMES`] (absent
    /// ones are skipped when written).
    fn write_properties(&self, put: &mut dyn FnMut(&Fields<'_>));

    /// The properties this crate does not know, as read.
    fn additional_properties(&self) -> &Map<String, Value>;

    /// The same, to add to.
    fn additional_properties_mut(&mut self) -> &mut Map<String, Value>;

    /// A value built by `f` from the default one (every property absent).
    ///
    /// The generated structs are `#[non_exhaustive]`, so that a property the docs add is not a
    /// breaking change; outside their crate they cannot be written as struct literals. This is
    /// the literal's replacement: set the properties you need, leave the rest absent.
    ///
    /// ```text
    /// use graphgen_runtime::prelude::*; // `Object`
    /// use graphgen_runtime::Nullable;
    /// use graphgen_sdk::v1::models::User;
    ///
    /// let ada = User::build(|u| {
    ///     u.display_name = Nullable::Value("Ada".to_owned());
    ///     u.account_enabled = Nullable::Value(true);
    ///     u.office_location = Nullable::Null; // sent as `null`: clears it in a PATCH
    /// });
    /// // The same without the trait: `Default` and assignment.
    /// let mut same = User::default();
    /// same.display_name = Nullable::Value("Ada".to_owned());
    /// ```
    fn build(f: impl FnOnce(&mut Self)) -> Self
    where
        Self: Sized,
    {
        let mut v = Self::default();
        f(&mut v);
        v
    }
}

/// The `index`th of a struct's fields (the body of [`Object::slot`]: one array of the fields,
/// not a branch per field, keeps the generated code small to check).
pub fn nth<'a, 'de, const N: usize>(
    slots: [&'a mut dyn Slot<'de>; N],
    index: usize,
) -> Option<&'a mut dyn Slot<'de>> {
    slots.into_iter().nth(index)
}

/// A struct's properties as [`Object::write_properties`] hands them over, in the order of
/// [`Object::NAMES`].
pub type Fields<'a> = [&'a dyn Field];

/// A field a property's value is read into: a `Nullable` of any type serde can read.
pub trait Slot<'de> {
    /// Reads the value from `d` into the field.
    fn read(
        &mut self,
        d: &mut dyn erased_serde::Deserializer<'de>,
    ) -> Result<(), erased_serde::Error>;
    /// Sets the field to a copy of `from` (a field of the same type; another is ignored).
    fn assign(&mut self, from: &dyn Field);
}

impl<'de, T: Deserialize<'de> + Clone + 'static> Slot<'de> for Nullable<T> {
    fn read(
        &mut self,
        d: &mut dyn erased_serde::Deserializer<'de>,
    ) -> Result<(), erased_serde::Error> {
        *self = erased_serde::deserialize(d)?;
        Ok(())
    }
    fn assign(&mut self, from: &dyn Field) {
        if let Some(from) = from.as_any().downcast_ref::<Nullable<T>>() {
            self.clone_from(from);
        }
    }
}

/// A field a property's value is written from (and shown and compared): a `Nullable` of any
/// type serde can write.
pub trait Field {
    /// The property is absent (not written).
    fn is_absent(&self) -> bool;
    /// The value, to write.
    fn value(&self) -> &dyn erased_serde::Serialize;
    /// The value, to show.
    fn debug(&self) -> &dyn fmt::Debug;
    /// The field holds the same as `other` (a field of the same type).
    fn same_as(&self, other: &dyn Field) -> bool;
    /// The field, for [`Field::same_as`].
    fn as_any(&self) -> &dyn Any;
}

impl<T: Serialize + fmt::Debug + PartialEq + 'static> Field for Nullable<T> {
    fn is_absent(&self) -> bool {
        Nullable::is_absent(self)
    }
    fn value(&self) -> &dyn erased_serde::Serialize {
        self
    }
    fn debug(&self) -> &dyn fmt::Debug {
        self
    }
    fn same_as(&self, other: &dyn Field) -> bool {
        other
            .as_any()
            .downcast_ref::<Nullable<T>>()
            .is_some_and(|o| self == o)
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// A property name as read: borrowed from the input when it can be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Key<'de> {
    /// Borrowed from the input.
    Borrowed(&'de str),
    /// Copied (the input had escapes, or is read from a stream).
    Owned(String),
}

impl Key<'_> {
    /// The name.
    pub fn as_str(&self) -> &str {
        match self {
            Key::Borrowed(s) => s,
            Key::Owned(s) => s,
        }
    }

    /// The name as an owned string.
    pub fn into_string(self) -> String {
        match self {
            Key::Borrowed(s) => s.to_owned(),
            Key::Owned(s) => s,
        }
    }
}

struct KeySeed;

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Key<'de>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Key<'de>, D::Error> {
        d.deserialize_str(KeyVisitor)
    }
}

struct KeyVisitor;

impl<'de> Visitor<'de> for KeyVisitor {
    type Value = Key<'de>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a property name")
    }
    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
        Ok(Key::Borrowed(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Key<'de>, E> {
        Ok(Key::Owned(v.to_owned()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Key<'de>, E> {
        Ok(Key::Owned(v))
    }
}

/// Reads one property's value into its field, through the erased deserializer.
struct SlotSeed<'a, 'de>(&'a mut dyn Slot<'de>);

impl<'de> DeserializeSeed<'de> for SlotSeed<'_, 'de> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        let mut erased = <dyn erased_serde::Deserializer>::erase(d);
        self.0.read(&mut erased).map_err(de::Error::custom)
    }
}

struct ObjectVisitor<T>(PhantomData<T>);

impl<'de, T: Object> Visitor<'de> for ObjectVisitor<T> {
    type Value = T;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "a JSON object ({})", T::TYPE_NAME)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        let mut out = T::default();
        while let Some(key) = map.next_key_seed(KeySeed)? {
            let slot = T::NAMES
                .binary_search(&key.as_str())
                .ok()
                .and_then(|i| out.slot(i));
            match slot {
                Some(slot) => map.next_value_seed(SlotSeed(slot))?,
                None => {
                    let value: Value = map.next_value()?;
                    out.additional_properties_mut()
                        .insert(key.into_string(), value);
                }
            }
        }
        Ok(out)
    }
}

/// Reads a generated struct from a JSON object (its `Deserialize` impl).
pub fn deserialize<'de, T: Object, D: Deserializer<'de>>(d: D) -> Result<T, D::Error> {
    d.deserialize_map(ObjectVisitor(PhantomData))
}

/// Writes a generated struct as a JSON object (its `Serialize` impl): the properties that are
/// not absent (`null` is written), then the additional ones as they were read.
pub fn serialize<T: Object, S: Serializer>(value: &T, s: S) -> Result<S::Ok, S::Error> {
    let mut map = s.serialize_map(None)?;
    let mut result = Ok(());
    value.write_properties(&mut |fields| {
        result = T::NAMES
            .iter()
            .zip(fields)
            .filter(|(_, field)| !field.is_absent())
            .try_for_each(|(key, field)| map.serialize_entry(key, field.value()));
    });
    result?;
    for (k, v) in value.additional_properties() {
        map.serialize_entry(k, v)?;
    }
    map.end()
}

/// Shows a generated struct (its `Debug` impl): the properties that are not absent, by their
/// JSON names, then the additional ones.
pub fn debug<T: Object>(value: &T, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    let name = std::any::type_name::<T>();
    let name = name.rsplit("::").next().unwrap_or(name);
    let mut result = Ok(());
    value.write_properties(&mut |fields| {
        let mut d = f.debug_struct(name);
        for (key, field) in T::NAMES.iter().zip(fields).filter(|(_, f)| !f.is_absent()) {
            d.field(key, field.debug());
        }
        if !value.additional_properties().is_empty() {
            d.field("additional_properties", value.additional_properties());
        }
        result = d.finish();
    });
    result
}

/// Compares two generated structs (their `PartialEq` impl): every property, and the additional
/// ones.
pub fn eq<T: Object>(a: &T, b: &T) -> bool {
    let mut same = false;
    a.write_properties(&mut |fa| {
        b.write_properties(&mut |fb| {
            same = fa.len() == fb.len() && fa.iter().zip(fb).all(|(x, y)| x.same_as(*y));
        });
    });
    same && a.additional_properties() == b.additional_properties()
}

/// Copies a generated struct (its `Clone` impl): field by field through [`Slot::assign`], then
/// the additional properties.
pub fn clone<T: Object>(value: &T) -> T {
    let mut out = T::default();
    value.write_properties(&mut |fields| {
        for (index, field) in fields.iter().enumerate() {
            if let Some(slot) = out.slot(index) {
                slot.assign(*field);
            }
        }
    });
    out.additional_properties_mut()
        .clone_from(value.additional_properties());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the generator writes for a type with two properties.
    #[derive(Default)]
    struct Thing {
        id: Nullable<String>,
        size: Nullable<i32>,
        additional_properties: Map<String, Value>,
    }

    impl Object for Thing {
        const TYPE_NAME: &'static str = "microsoft.graph.thing";
        const NAMES: &'static [&'static str] = &["id", "size"];
        fn slot<'de>(&mut self, index: usize) -> Option<&mut dyn Slot<'de>> {
            nth([&mut self.id, &mut self.size], index)
        }
        fn write_properties(&self, put: &mut dyn FnMut(&Fields<'_>)) {
            put(&[&self.id, &self.size]);
        }
        fn additional_properties(&self) -> &Map<String, Value> {
            &self.additional_properties
        }
        fn additional_properties_mut(&mut self) -> &mut Map<String, Value> {
            &mut self.additional_properties
        }
    }

    impl<'de> serde::Deserialize<'de> for Thing {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            deserialize(d)
        }
    }

    impl fmt::Debug for Thing {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            debug(self, f)
        }
    }

    impl PartialEq for Thing {
        fn eq(&self, other: &Self) -> bool {
            eq(self, other)
        }
    }

    impl Clone for Thing {
        fn clone(&self) -> Self {
            clone(self)
        }
    }

    impl Serialize for Thing {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            serialize(self, s)
        }
    }

    #[test]
    fn absent_null_value_and_unknown_properties_round_trip() {
        let text = r#"{"id":"a","size":null,"x":{"y":[1,2]},"z\u00e9":true}"#;
        let t: Thing = serde_json::from_str(text).unwrap();
        assert_eq!(t.id, Nullable::Value("a".to_owned()));
        assert!(t.size.is_null());
        assert_eq!(t.additional_properties.len(), 2);
        assert_eq!(
            serde_json::to_string(&t).unwrap(),
            r#"{"id":"a","size":null,"x":{"y":[1,2]},"zé":true}"#
        );
        let t: Thing = serde_json::from_str("{}").unwrap();
        assert_eq!(t, Thing::default());
        assert_eq!(serde_json::to_string(&t).unwrap(), "{}");
        // From a `Value` (keys are owned there) and from a reader.
        let v: Value = serde_json::from_str(text).unwrap();
        let from_value: Thing = serde_json::from_value(v).unwrap();
        let from_reader: Thing = serde_json::from_reader(text.as_bytes()).unwrap();
        assert_eq!(from_value, from_reader);
    }

    #[test]
    fn debug_shows_what_is_there_and_eq_compares_everything() {
        let t: Thing = serde_json::from_str(r#"{"size":null,"x":1}"#).unwrap();
        assert_eq!(
            format!("{t:?}"),
            r#"Thing { size: Null, additional_properties: {"x": Number(1)} }"#
        );
        let mut u = t.clone();
        assert_eq!(t, u);
        u.size = Nullable::Value(1);
        assert_ne!(t, u);
        let mut w = t.clone();
        w.additional_properties.clear();
        assert_ne!(t, w);
    }

    #[test]
    fn errors_name_the_type_and_the_place() {
        let e = serde_json::from_str::<Thing>("[1]")
            .unwrap_err()
            .to_string();
        assert!(e.contains("a JSON object (microsoft.graph.thing)"), "{e}");
        let e = serde_json::from_str::<Thing>(r#"{"size":"big"}"#)
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("invalid type: string \"big\", expected i32"),
            "{e}"
        );
        // serde_path_to_error still sees the path.
        let de = &mut serde_json::Deserializer::from_str(r#"{"id":"a","size":"big"}"#);
        let e = serde_path_to_error::deserialize::<_, Thing>(de).unwrap_err();
        assert_eq!(e.path().to_string(), "size");
    }
}
