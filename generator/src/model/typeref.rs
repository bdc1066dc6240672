//! References to types in the model: an OData primitive or a named type, written in the JSON as
//! `Edm.X` or the qualified name.

use super::Primitive;
use serde::de::Deserializer;
use serde::{Deserialize, Serialize, Serializer};
use std::fmt;

/// A reference to a type: an OData primitive or a type or enum by qualified name. The JSON
/// writes it as one string, `Edm.String` or `microsoft.graph.user`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum TypeRef {
    /// An OData primitive, written with its `Edm.` name.
    Primitive(Primitive),
    /// A qualified type or enum name (`microsoft.graph.user`); also anything else the docs give
    /// that is not the `Edm.` name of a primitive, kept as written. Made by [`TypeRef::parse`],
    /// it is never a primitive's `Edm.` name.
    Named(String),
}

impl TypeRef {
    /// Reads a type reference as the model writes it: the exact `Edm.` name of a primitive
    /// (`Edm.String`) is that primitive; anything else is a name, kept verbatim (so that it is
    /// written back unchanged).
    pub fn parse(s: &str) -> TypeRef {
        match Primitive::from_edm(s) {
            Some(p) if p.edm_name() == s => TypeRef::Primitive(p),
            _ => TypeRef::Named(s.to_owned()),
        }
    }

    /// The reference as the JSON writes it: `Edm.X` or the name.
    pub fn as_str(&self) -> &str {
        match self {
            TypeRef::Primitive(p) => p.edm_name(),
            TypeRef::Named(n) => n,
        }
    }

    /// The primitive it refers to, if it is one.
    pub fn primitive(&self) -> Option<Primitive> {
        match self {
            TypeRef::Primitive(p) => Some(*p),
            TypeRef::Named(_) => None,
        }
    }
}

impl From<Primitive> for TypeRef {
    fn from(p: Primitive) -> TypeRef {
        TypeRef::Primitive(p)
    }
}

impl fmt::Display for TypeRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for TypeRef {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for TypeRef {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<TypeRef, D::Error> {
        let s = String::deserialize(deserializer)?;
        Ok(TypeRef::parse(&s))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn written_and_read_as_the_same_string() {
        for p in Primitive::ALL {
            let t = TypeRef::parse(p.edm_name());
            assert_eq!(t, TypeRef::Primitive(p));
            assert_eq!(t.primitive(), Some(p));
            assert_eq!(t.to_string(), p.edm_name());
        }
        // Names, and spellings that are not exactly a primitive's `Edm.` name, stay verbatim.
        for s in [
            "microsoft.graph.user",
            "Edm.string",
            "Edm.Int",
            "Edm.Text",
            "String",
            "",
        ] {
            let t = TypeRef::parse(s);
            assert_eq!(t, TypeRef::Named(s.to_owned()), "{s}");
            assert_eq!(t.primitive(), None, "{s}");
            let json = serde_json::to_string(&t).expect("serializes");
            assert_eq!(json, serde_json::to_string(s).expect("serializes"));
            let back: TypeRef = serde_json::from_str(&json).expect("reads back");
            assert_eq!(back, t);
        }
        let json = serde_json::to_string(&TypeRef::from(Primitive::Guid)).expect("serializes");
        assert_eq!(json, "\"Edm.Guid\"");
    }
}
