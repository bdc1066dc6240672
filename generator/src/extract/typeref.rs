//! Type cells: every spelling the docs use for a property's type becomes a [`TypeRef`].
//!
//! Handled: primitive names in any case, with or without `Edm.`; `X collection`;
//! `Collection(X)`; links `[x](x.md)`, `[x](../resources/x.md) collection`; enum anchors
//! `enums-x.md#y-values` and same-page `(#y-values)`; bare and fully qualified names.

use crate::read::Inline;

pub(crate) use crate::model::Primitive;

/// Where a link in a type cell points.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct LinkTarget {
    /// The lower-cased file name (`networkaccess-connection.md`), empty for a same-page anchor.
    pub file: String,
    /// The anchor without `#`, lower-cased (`devicecategory-values`).
    pub anchor: Option<String>,
}

impl LinkTarget {
    /// Parses a relative link target; external links give `None`.
    pub fn parse(target: &str) -> Option<LinkTarget> {
        let t = target.trim();
        if t.contains("://") || t.starts_with('/') && !t.contains(".md") {
            return None;
        }
        let (path, anchor) = match t.split_once('#') {
            Some((p, a)) => (p, Some(a.trim().to_ascii_lowercase())),
            None => (t, None),
        };
        let path = path.split('?').next().unwrap_or(path);
        let file = path.rsplit('/').next().unwrap_or(path).to_ascii_lowercase();
        if !file.is_empty() && !file.ends_with(".md") {
            return None;
        }
        Some(LinkTarget { file, anchor })
    }
}

/// What a type cell names.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum TypeTarget {
    Primitive(Primitive),
    /// A named type: as written (bare or qualified), and the link it came with.
    Named {
        name: String,
        link: Option<LinkTarget>,
    },
}

/// A parsed type cell.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct TypeRef {
    pub target: TypeTarget,
    pub collection: bool,
}

fn is_type_name(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.')
        && s.chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && !s.ends_with('.')
}

/// Strips a collection marker: `X collection`, `Collection(X)`, `collection of X`.
fn strip_collection(text: &str) -> (bool, &str) {
    let t = text.trim().trim_end_matches('.').trim();
    let lower = t.to_ascii_lowercase();
    if lower.starts_with("collection(") && t.ends_with(')') {
        return (true, t[11..t.len() - 1].trim());
    }
    if lower.ends_with(" collection") {
        return (true, t[..t.len() - 11].trim());
    }
    if lower.starts_with("collection of ") {
        return (true, t[14..].trim());
    }
    (false, t)
}

/// Parses the type an example annotation names (`microsoft.graph.user`, `Collection(x)`,
/// `string`); `is_collection` is the annotation's `isCollection`.
pub(crate) fn parse_annotation_type(text: &str, is_collection: bool) -> Option<TypeRef> {
    let (wrapped, inner) = strip_collection(text.trim().trim_start_matches('#'));
    let inner = inner.trim().trim_start_matches('#');
    let collection = wrapped || is_collection;
    if let Some(p) = Primitive::parse(inner) {
        return Some(TypeRef {
            target: TypeTarget::Primitive(p),
            collection,
        });
    }
    is_type_name(inner).then(|| TypeRef {
        target: TypeTarget::Named {
            name: inner.to_owned(),
            link: None,
        },
        collection,
    })
}

/// Parses a type cell. Errors carry the text that could not be understood.
pub(crate) fn parse_type_cell(cell: &Inline) -> Result<TypeRef, String> {
    let (collection, rest) = strip_collection(&cell.text);
    // A link names the type; the link text is the name as written.
    if let Some(link) = cell
        .links
        .iter()
        .find(|l| LinkTarget::parse(&l.target).is_some())
    {
        let target = LinkTarget::parse(&link.target);
        let (_, text) = strip_collection(&link.text);
        let text = text.trim().trim_matches('`');
        if let Some(p) = Primitive::parse(text) {
            return Ok(TypeRef {
                target: TypeTarget::Primitive(p),
                collection,
            });
        }
        let name = if is_type_name(text) {
            text.to_owned()
        } else {
            // Link text is prose: fall back to the file or anchor name.
            let t = target.clone().unwrap_or(LinkTarget {
                file: String::new(),
                anchor: None,
            });
            match (&t.anchor, t.file.as_str()) {
                (Some(a), _) if a.ends_with("-values") => a.trim_end_matches("-values").to_owned(),
                (_, f) if !f.is_empty() => f
                    .trim_end_matches(".md")
                    .rsplit('-')
                    .next()
                    .unwrap_or(f)
                    .to_owned(),
                _ => return Err(cell.text.clone()),
            }
        };
        return Ok(TypeRef {
            target: TypeTarget::Named { name, link: target },
            collection,
        });
    }
    let text = rest.trim_matches('`').trim();
    // `String (identifier)` and similar annotations in parentheses.
    let text = match text.split_once(" (") {
        Some((head, _)) if Primitive::parse(head).is_some() => head,
        _ => text,
    };
    if let Some(p) = Primitive::parse(text) {
        return Ok(TypeRef {
            target: TypeTarget::Primitive(p),
            collection,
        });
    }
    if is_type_name(text) {
        return Ok(TypeRef {
            target: TypeTarget::Named {
                name: text.to_owned(),
                link: None,
            },
            collection,
        });
    }
    Err(cell.text.clone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::markdown::parse_inline;

    fn ty(s: &str) -> TypeRef {
        parse_type_cell(&parse_inline(s)).unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    fn prim(p: Primitive, collection: bool) -> TypeRef {
        TypeRef {
            target: TypeTarget::Primitive(p),
            collection,
        }
    }

    fn named(name: &str, file: Option<&str>, anchor: Option<&str>, collection: bool) -> TypeRef {
        TypeRef {
            target: TypeTarget::Named {
                name: name.to_owned(),
                link: file.map(|f| LinkTarget {
                    file: f.to_owned(),
                    anchor: anchor.map(str::to_owned),
                }),
            },
            collection,
        }
    }

    #[test]
    fn annotation_types() {
        let named = |s: &str, c: bool| match parse_annotation_type(s, c) {
            Some(TypeRef {
                target: TypeTarget::Named { name, .. },
                collection,
            }) => Some((name, collection)),
            _ => None,
        };
        assert_eq!(
            named("Collection(microsoft.graph.user)", false),
            Some(("microsoft.graph.user".to_owned(), true))
        );
        assert_eq!(
            named("#microsoft.graph.user", true),
            Some(("microsoft.graph.user".to_owned(), true))
        );
        assert_eq!(
            named("microsoft.graph.user", false),
            Some(("microsoft.graph.user".to_owned(), false))
        );
        assert!(matches!(
            parse_annotation_type("string", true),
            Some(TypeRef {
                target: TypeTarget::Primitive(Primitive::String),
                collection: true
            })
        ));
        assert!(parse_annotation_type("a user", false).is_none());
    }

    #[test]
    fn every_primitive_spelling() {
        let cases = [
            ("String", Primitive::String),
            ("Int32", Primitive::Int32),
            ("Int64", Primitive::Int64),
            ("Int16", Primitive::Int16),
            ("Byte", Primitive::Byte),
            ("Boolean", Primitive::Boolean),
            ("Double", Primitive::Double),
            ("Single", Primitive::Single),
            ("Decimal", Primitive::Decimal),
            ("DateTimeOffset", Primitive::DateTimeOffset),
            ("DateTime", Primitive::DateTimeOffset),
            ("Date", Primitive::Date),
            ("TimeOfDay", Primitive::TimeOfDay),
            ("Duration", Primitive::Duration),
            ("Guid", Primitive::Guid),
            ("Binary", Primitive::Binary),
            ("Stream", Primitive::Stream),
            ("Json", Primitive::Untyped),
        ];
        for (s, p) in cases {
            assert_eq!(ty(s), prim(p, false), "{s}");
            assert_eq!(ty(&s.to_ascii_lowercase()), prim(p, false), "lower {s}");
            assert_eq!(ty(&format!("Edm.{s}")), prim(p, false), "Edm.{s}");
            assert_eq!(
                ty(&format!("{s} collection")),
                prim(p, true),
                "{s} collection"
            );
            assert_eq!(
                ty(&format!("Collection({s})")),
                prim(p, true),
                "Collection({s})"
            );
            assert_eq!(ty(&format!("Collection(Edm.{s})")), prim(p, true));
        }
        assert_eq!(ty("`Int32`"), prim(Primitive::Int32, false));
        assert_eq!(ty("String (identifier)"), prim(Primitive::String, false));
    }

    #[test]
    fn links_anchors_and_names() {
        assert_eq!(
            ty("[microsoft.graph.networkaccess.applicationSnapshot](networkaccess-applicationsnapshot.md)"),
            named(
                "microsoft.graph.networkaccess.applicationSnapshot",
                Some("networkaccess-applicationsnapshot.md"),
                None,
                false
            )
        );
        assert_eq!(
            ty("[user](../resources/user.md) collection"),
            named("user", Some("user.md"), None, true)
        );
        assert_eq!(
            ty("[microsoft.graph.networkaccess.deviceCategory](enums-networkaccess.md#devicecategory-values)"),
            named(
                "microsoft.graph.networkaccess.deviceCategory",
                Some("enums-networkaccess.md"),
                Some("devicecategory-values"),
                false
            )
        );
        assert_eq!(
            ty("[status](#status-values)"),
            named("status", Some(""), Some("status-values"), false)
        );
        assert_eq!(
            ty("Collection([x](x.md))"),
            named("x", Some("x.md"), None, true)
        );
        assert_eq!(
            ty("deviceCategory"),
            named("deviceCategory", None, None, false)
        );
        assert_eq!(
            ty("microsoft.graph.callRecords.session collection"),
            named("microsoft.graph.callRecords.session", None, None, true)
        );
        assert_eq!(
            ty("[String](https://x/y) collection"),
            prim(Primitive::String, true)
        );
        assert_eq!(ty("[String](string.md)"), prim(Primitive::String, false));
    }

    #[test]
    fn nonsense_is_an_error() {
        assert!(parse_type_cell(&parse_inline("see the description")).is_err());
        assert!(parse_type_cell(&parse_inline("")).is_err());
    }
}
