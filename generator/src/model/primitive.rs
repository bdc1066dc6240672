//! The OData primitive types (`Edm.String`, `Edm.Int32`, …): part of the model, so that every
//! stage after it names them without reaching back into extraction.

/// An OData primitive type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Primitive {
    String,
    Int16,
    Int32,
    Int64,
    Byte,
    SByte,
    Boolean,
    Double,
    Single,
    Decimal,
    DateTimeOffset,
    Date,
    TimeOfDay,
    Duration,
    Guid,
    Binary,
    Stream,
    /// Arbitrary JSON (`Json` in the docs).
    Untyped,
}

impl Primitive {
    /// Every primitive, in declaration order.
    pub const ALL: [Primitive; 18] = [
        Primitive::String,
        Primitive::Int16,
        Primitive::Int32,
        Primitive::Int64,
        Primitive::Byte,
        Primitive::SByte,
        Primitive::Boolean,
        Primitive::Double,
        Primitive::Single,
        Primitive::Decimal,
        Primitive::DateTimeOffset,
        Primitive::Date,
        Primitive::TimeOfDay,
        Primitive::Duration,
        Primitive::Guid,
        Primitive::Binary,
        Primitive::Stream,
        Primitive::Untyped,
    ];

    /// The `Edm.` name used in the model.
    pub fn edm_name(self) -> &'static str {
        match self {
            Primitive::String => "Edm.String",
            Primitive::Int16 => "Edm.Int16",
            Primitive::Int32 => "Edm.Int32",
            Primitive::Int64 => "Edm.Int64",
            Primitive::Byte => "Edm.Byte",
            Primitive::SByte => "Edm.SByte",
            Primitive::Boolean => "Edm.Boolean",
            Primitive::Double => "Edm.Double",
            Primitive::Single => "Edm.Single",
            Primitive::Decimal => "Edm.Decimal",
            Primitive::DateTimeOffset => "Edm.DateTimeOffset",
            Primitive::Date => "Edm.Date",
            Primitive::TimeOfDay => "Edm.TimeOfDay",
            Primitive::Duration => "Edm.Duration",
            Primitive::Guid => "Edm.Guid",
            Primitive::Binary => "Edm.Binary",
            Primitive::Stream => "Edm.Stream",
            Primitive::Untyped => "Edm.Untyped",
        }
    }

    /// Parses a primitive name as the docs spell it (`String`, `string`, `Edm.String`, `Int`, …).
    pub fn parse(s: &str) -> Option<Primitive> {
        let s = s.trim();
        let bare = s
            .strip_prefix("Edm.")
            .or_else(|| s.strip_prefix("edm."))
            .unwrap_or(s);
        Some(match bare.to_ascii_lowercase().as_str() {
            "string" | "str" | "url" | "uri" => Primitive::String,
            "int16" | "short" => Primitive::Int16,
            "int32" | "int" | "integer" => Primitive::Int32,
            "int64" | "long" => Primitive::Int64,
            "byte" => Primitive::Byte,
            "sbyte" => Primitive::SByte,
            "boolean" | "bool" => Primitive::Boolean,
            "double" => Primitive::Double,
            "single" | "float" => Primitive::Single,
            "decimal" => Primitive::Decimal,
            "datetimeoffset" | "datetime" | "timestamp" => Primitive::DateTimeOffset,
            "date" => Primitive::Date,
            "timeofday" => Primitive::TimeOfDay,
            "duration" | "timespan" => Primitive::Duration,
            "guid" | "uuid" => Primitive::Guid,
            "binary" => Primitive::Binary,
            "stream" => Primitive::Stream,
            "json" | "untyped" => Primitive::Untyped,
            _ => return None,
        })
    }

    /// Parses an `Edm.X` model name back.
    pub fn from_edm(s: &str) -> Option<Primitive> {
        s.strip_prefix("Edm.").and_then(Primitive::parse)
    }
}
