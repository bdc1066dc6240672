//! Reading the official CSDL (`$metadata`) XML: entity, complex and enum types of every schema.
//!
//! Only what the comparison needs is kept. Type references are resolved here: schema aliases
//! (`graph.user`) become namespaces (`microsoft.graph.user`) and `Collection(X)` becomes `X` plus
//! a collection flag. Nothing read here ever reaches the model.

use super::CompareError;
use roxmltree::{Document, Node};
use std::collections::HashMap;

/// The parts of a CSDL document the comparison uses.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Csdl {
    /// Entity and complex types, in document order.
    pub types: Vec<CsdlType>,
    /// Enum types, in document order.
    pub enums: Vec<CsdlEnum>,
    /// Schema alias → namespace (`graph` → `microsoft.graph`).
    pub aliases: HashMap<String, String>,
}

/// An `EntityType` or a `ComplexType`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct CsdlType {
    /// Schema namespace.
    pub namespace: String,
    /// `Name`.
    pub name: String,
    /// `EntityType` (else `ComplexType`).
    pub entity: bool,
    /// `BaseType`, alias resolved.
    pub base: Option<String>,
    /// `Property` and `NavigationProperty` children, in order.
    pub properties: Vec<CsdlProperty>,
}

impl CsdlType {
    /// `namespace.name`.
    pub fn qualified(&self) -> String {
        format!("{}.{}", self.namespace, self.name)
    }
}

/// A `Property` or `NavigationProperty`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct CsdlProperty {
    /// `Name`.
    pub name: String,
    /// `Type` with the alias resolved and `Collection(…)` removed.
    pub ty: String,
    /// `Type` was `Collection(…)`.
    pub collection: bool,
}

/// An `EnumType`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct CsdlEnum {
    /// Schema namespace.
    pub namespace: String,
    /// `Name`.
    pub name: String,
    /// `Member` names with their `Value`, in order.
    pub members: Vec<(String, Option<String>)>,
}

impl CsdlEnum {
    /// `namespace.name`.
    pub fn qualified(&self) -> String {
        format!("{}.{}", self.namespace, self.name)
    }
}

/// Splits `Collection(X)` into `X` and `true`; anything else is returned as is with `false`.
pub(crate) fn strip_collection(raw: &str) -> (&str, bool) {
    let t = raw.trim();
    match t
        .strip_prefix("Collection(")
        .and_then(|r| r.strip_suffix(')'))
    {
        Some(inner) => (inner.trim(), true),
        None => (t, false),
    }
}

/// Replaces a schema alias used as the namespace of `name` by the namespace it stands for.
pub(crate) fn resolve_alias(name: &str, aliases: &HashMap<String, String>) -> String {
    if let Some((ns, local)) = name.rsplit_once('.') {
        if let Some(full) = aliases.get(ns) {
            return format!("{full}.{local}");
        }
    }
    name.to_owned()
}

/// `line N` of `node`, for error messages.
fn at(doc: &Document, node: Node) -> String {
    let pos = doc.text_pos_at(node.range().start);
    format!("line {}", pos.row)
}

/// An attribute that must be there.
fn required<'a>(doc: &Document, node: Node<'a, '_>, attr: &str) -> Result<&'a str, CompareError> {
    node.attribute(attr).ok_or_else(|| {
        CompareError::NotCsdl(format!(
            "<{}> without {attr} at {}",
            node.tag_name().name(),
            at(doc, node)
        ))
    })
}

fn schemas<'a, 'i>(root: Node<'a, 'i>) -> impl Iterator<Item = Node<'a, 'i>> {
    // `edmx:Edmx` → `edmx:DataServices` → `Schema`; tolerate a bare `Schema` root too.
    let direct = (root.tag_name().name() == "Schema").then_some(root);
    let nested = root
        .children()
        .filter(|n| n.is_element() && n.tag_name().name() == "DataServices")
        .flat_map(|ds| ds.children())
        .filter(|n| n.is_element() && n.tag_name().name() == "Schema");
    direct.into_iter().chain(nested)
}

/// Parses a CSDL document.
pub(crate) fn parse(xml: &str) -> Result<Csdl, CompareError> {
    let doc = Document::parse(xml)?;
    let root = doc.root_element();
    let schemas: Vec<Node> = schemas(root).collect();
    if schemas.is_empty() {
        return Err(CompareError::NotCsdl(format!(
            "no <Schema> inside <{}>",
            root.tag_name().name()
        )));
    }
    let mut csdl = Csdl::default();
    for s in &schemas {
        let ns = required(&doc, *s, "Namespace")?;
        if let Some(alias) = s.attribute("Alias") {
            csdl.aliases.insert(alias.to_owned(), ns.to_owned());
        }
    }
    for s in &schemas {
        let ns = required(&doc, *s, "Namespace")?;
        for n in s.children().filter(Node::is_element) {
            match n.tag_name().name() {
                kind @ ("EntityType" | "ComplexType") => {
                    let name = required(&doc, n, "Name")?;
                    let base = n
                        .attribute("BaseType")
                        .map(|b| resolve_alias(b.trim(), &csdl.aliases));
                    let mut properties = Vec::new();
                    for p in n.children().filter(Node::is_element) {
                        if !matches!(p.tag_name().name(), "Property" | "NavigationProperty") {
                            continue;
                        }
                        let pname = required(&doc, p, "Name")?;
                        let raw = required(&doc, p, "Type")?;
                        let (inner, collection) = strip_collection(raw);
                        properties.push(CsdlProperty {
                            name: pname.to_owned(),
                            ty: resolve_alias(inner, &csdl.aliases),
                            collection,
                        });
                    }
                    csdl.types.push(CsdlType {
                        namespace: ns.to_owned(),
                        name: name.to_owned(),
                        entity: kind == "EntityType",
                        base,
                        properties,
                    });
                }
                "EnumType" => {
                    let name = required(&doc, n, "Name")?;
                    let mut members = Vec::new();
                    for m in n
                        .children()
                        .filter(|m| m.is_element() && m.tag_name().name() == "Member")
                    {
                        members.push((
                            required(&doc, m, "Name")?.to_owned(),
                            m.attribute("Value").map(str::to_owned),
                        ));
                    }
                    csdl.enums.push(CsdlEnum {
                        namespace: ns.to_owned(),
                        name: name.to_owned(),
                        members,
                    });
                }
                _ => {}
            }
        }
    }
    Ok(csdl)
}
