//! The intermediate model: one per API version, serializable to the JSON documented in
//! `docs/ir.md`. Type references ([`TypeRef`]) are fully qualified names (`microsoft.graph.user`)
//! or `Edm.X` primitives; every item carries the `file:line` it came from ([`SourceLoc`]).

use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

mod location;
mod primitive;
mod typeref;

pub use location::SourceLoc;
pub use primitive::Primitive;
pub use typeref::TypeRef;

/// The most base-type hops a walk up an inheritance chain takes: a guard for chains that are
/// broken or absurdly deep.
pub(crate) const MAX_BASE_HOPS: usize = 64;

/// The inheritance chain of `start`: `start`, its base, its base's base, … as `base_of` gives
/// them. The chain ends at a type without a base, before the first type it would visit twice (a
/// cycle), or after [`MAX_BASE_HOPS`] hops.
pub(crate) fn base_chain<'a>(
    start: &str,
    base_of: impl Fn(&str) -> Option<&'a str>,
) -> Vec<String> {
    let mut chain = vec![start.to_owned()];
    while chain.len() <= MAX_BASE_HOPS {
        let Some(base) = chain.last().and_then(|cur| base_of(cur)) else {
            break;
        };
        if chain.iter().any(|c| c == base) {
            break;
        }
        chain.push(base.to_owned());
    }
    chain
}

/// An HTTP method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum HttpMethod {
    /// GET
    Get,
    /// POST
    Post,
    /// PUT
    Put,
    /// PATCH
    Patch,
    /// DELETE
    Delete,
}

impl HttpMethod {
    /// Every method, in declaration order.
    pub const ALL: [HttpMethod; 5] = [
        HttpMethod::Get,
        HttpMethod::Post,
        HttpMethod::Put,
        HttpMethod::Patch,
        HttpMethod::Delete,
    ];

    /// The method as sent on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Post => "POST",
            HttpMethod::Put => "PUT",
            HttpMethod::Patch => "PATCH",
            HttpMethod::Delete => "DELETE",
        }
    }

    /// Parses an upper-case method name.
    pub fn parse(s: &str) -> Option<HttpMethod> {
        Some(match s {
            "GET" => HttpMethod::Get,
            "POST" => HttpMethod::Post,
            "PUT" => HttpMethod::Put,
            "PATCH" => HttpMethod::Patch,
            "DELETE" => HttpMethod::Delete,
            _ => return None,
        })
    }
}

/// The whole model of one API version.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Model {
    /// `v1.0` or `beta`.
    pub version: String,
    /// Entity and complex types, sorted by qualified name.
    pub types: Vec<TypeDef>,
    /// Enums, sorted by qualified name.
    pub enums: Vec<EnumDef>,
    /// Operations, sorted by name.
    pub operations: Vec<Operation>,
}

impl Model {
    /// Every type's transitive descendants (sorted), for the types that have any.
    pub fn descendants(&self) -> BTreeMap<String, Vec<String>> {
        let base_of: BTreeMap<String, String> = self
            .types
            .iter()
            .filter_map(|t| t.base.clone().map(|b| (t.qualified(), b)))
            .collect();
        let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for t in &self.types {
            let q = t.qualified();
            let mut cur = base_of.get(&q);
            let mut hops = 0;
            while let Some(b) = cur {
                out.entry(b.clone()).or_default().push(q.clone());
                cur = base_of.get(b);
                hops += 1;
                if hops > 64 {
                    break;
                }
            }
        }
        for v in out.values_mut() {
            v.sort();
            v.dedup();
        }
        out
    }

    /// Base types (with descendants) that properties, parameters or responses refer to: where
    /// they are declared, Graph may send any type derived from them, and the SDK reads the
    /// `@odata.type` to choose.
    pub fn polymorphic_bases(
        &self,
        descendants: &BTreeMap<String, Vec<String>>,
    ) -> BTreeSet<String> {
        let mut used = BTreeSet::new();
        let mut mark = |ty: &str| {
            if descendants.contains_key(ty) {
                used.insert(ty.to_owned());
            }
        };
        for t in &self.types {
            for p in &t.properties {
                mark(p.ty.as_str());
            }
        }
        for op in &self.operations {
            if let Some(r) = &op.response {
                if let Some(t) = &r.ty {
                    mark(t.as_str());
                }
            }
            if let Some(RequestBody::Parameters { parameters }) = &op.request {
                for p in parameters {
                    mark(p.ty.as_str());
                }
            }
        }
        used
    }
}

/// Whether a single (not collection) response of `ty` comes wrapped as
/// `{"@odata.context": …, "value": …}`: OData wraps primitive values and enum members (but a
/// stream is raw bytes, and untyped JSON is taken as it comes).
pub fn single_response_is_wrapped(ty: &TypeRef, is_enum: bool) -> bool {
    // A name spelled like a primitive that is none (`Edm.Text`, a placeholder type) counts as
    // one here, as it always has.
    is_enum
        || (ty.as_str().starts_with("Edm.")
            && !matches!(ty.primitive(), Some(Primitive::Stream | Primitive::Untyped)))
}

/// Lookups over one model: definitions by qualified name, inheritance, polymorphism.
#[derive(Debug)]
pub struct ModelIndex<'m> {
    /// The model.
    pub model: &'m Model,
    /// Types by qualified name.
    pub types: HashMap<String, &'m TypeDef>,
    /// Enums by qualified name.
    pub enums: HashMap<String, &'m EnumDef>,
    /// Transitive descendants of the types that have any.
    pub descendants: BTreeMap<String, Vec<String>>,
    /// [`Model::polymorphic_bases`].
    pub polymorphic: BTreeSet<String>,
}

impl<'m> ModelIndex<'m> {
    /// Indexes `model`.
    pub fn new(model: &'m Model) -> Self {
        let descendants = model.descendants();
        let polymorphic = model.polymorphic_bases(&descendants);
        ModelIndex {
            model,
            types: model.types.iter().map(|t| (t.qualified(), t)).collect(),
            enums: model.enums.iter().map(|e| (e.qualified(), e)).collect(),
            descendants,
            polymorphic,
        }
    }

    /// Every property of a type, inherited ones first (root base first); a name already seen
    /// higher up is not repeated.
    pub fn all_properties(&self, q: &str) -> Vec<&'m Property> {
        Self::all_properties_in(&self.types, q)
    }

    /// [`ModelIndex::all_properties`] over a map of types.
    pub(crate) fn all_properties_in(
        types: &HashMap<String, &'m TypeDef>,
        q: &str,
    ) -> Vec<&'m Property> {
        let chain: Vec<&TypeDef> = base_chain(q, |c| types.get(c).and_then(|t| t.base.as_deref()))
            .iter()
            .map_while(|c| types.get(c).copied())
            .collect();
        let mut seen: HashSet<&str> = HashSet::new();
        let mut out: Vec<&Property> = Vec::new();
        for t in chain.iter().rev() {
            for p in &t.properties {
                if seen.insert(p.name.as_str()) {
                    out.push(p);
                }
            }
        }
        out
    }

    /// [`ModelIndex::all_properties`] by JSON name.
    pub fn property_map(&self, q: &str) -> HashMap<&'m str, &'m Property> {
        self.all_properties(q)
            .into_iter()
            .map(|p| (p.name.as_str(), p))
            .collect()
    }
}

/// Entity (has a key, addressable) or complex (a value inside others).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TypeKind {
    /// Has a key (declared with `keyProperty`, or inherited from an entity base).
    Entity,
    /// A structured value without identity.
    Complex,
}

/// Where a type definition came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Origin {
    /// A resource page defines it.
    Page,
    /// Pages link to it but none defines it: an open type that keeps the raw JSON.
    Placeholder,
    /// No page defines it; its properties are inferred from response examples.
    Inferred,
}

/// A structured type.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TypeDef {
    /// e.g. `microsoft.graph.networkaccess`.
    pub namespace: String,
    /// e.g. `connection` (docs casing).
    pub name: String,
    /// Entity or complex.
    pub kind: TypeKind,
    /// Qualified name of the base type, if any.
    pub base: Option<String>,
    /// Declared abstract.
    #[serde(rename = "abstract")]
    pub is_abstract: bool,
    /// Declared open (`openType`).
    pub open: bool,
    /// Page or placeholder.
    pub origin: Origin,
    /// The page's description.
    pub description: String,
    /// The properties the page lists (properties and relationships), in page order. Rows marked
    /// "Inherited from" are kept with `inheritedFrom` set.
    pub properties: Vec<Property>,
    /// The product area of the page it comes from (front matter `ms.subservice`, or `ms.prod` on
    /// older pages), lower-cased; `None` when the page names none or no page defines it.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub area: Option<String>,
    /// `file:line` of the page's title (or of the first link, for placeholders).
    pub source: SourceLoc,
}

impl TypeDef {
    /// `namespace.name`.
    pub fn qualified(&self) -> String {
        format!("{}.{}", self.namespace, self.name)
    }
}

/// A property or relationship.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Property {
    /// JSON name.
    pub name: String,
    /// `Edm.X` or a qualified type/enum name.
    #[serde(rename = "type")]
    pub ty: TypeRef,
    /// A collection of `type`.
    pub collection: bool,
    /// A relationship (navigation property).
    pub navigation: bool,
    /// The description cell.
    pub description: String,
    /// Qualified name of the type the row says it is inherited from.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub inherited_from: Option<String>,
    /// `file:line` of the row.
    pub source: SourceLoc,
}

impl Property {
    /// A property known only from JSON (a JSON representation or an example): no description,
    /// not a relationship, not marked inherited.
    pub fn from_json(name: &str, ty: TypeRef, collection: bool, source: SourceLoc) -> Property {
        Property {
            name: name.to_owned(),
            ty,
            collection,
            navigation: false,
            description: String::new(),
            inherited_from: None,
            source,
        }
    }
}

/// An enum.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EnumDef {
    /// e.g. `microsoft.graph.networkaccess`.
    pub namespace: String,
    /// e.g. `deviceCategory`.
    pub name: String,
    /// A flags enumeration (values combine, sent as `a,b`).
    pub flags: bool,
    /// Where its members come from.
    pub origin: EnumOrigin,
    /// Description (from the enum page section or the first property describing it).
    pub description: String,
    /// Members in documented order.
    pub members: Vec<EnumMember>,
    /// The product area of the page it comes from (front matter `ms.subservice`, or `ms.prod` on
    /// older pages), lower-cased; `None` when the page names none or no page defines it.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub area: Option<String>,
    /// `file:line` of the definition.
    pub source: SourceLoc,
}

impl EnumDef {
    /// `namespace.name`.
    pub fn qualified(&self) -> String {
        format!("{}.{}", self.namespace, self.name)
    }
}

/// Where an enum's members come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum EnumOrigin {
    /// An enum page.
    Page,
    /// Inferred from "The possible values are: …" in a property description.
    Description,
    /// Linked but defined nowhere: an open enum with no known members.
    Placeholder,
}

/// An enum member.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EnumMember {
    /// The string sent on the wire.
    pub name: String,
    /// The documented numeric value, if any.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub value: Option<i64>,
    /// Listed after `unknownFutureValue`: only sent to clients that ask with
    /// `Prefer: include-unknown-enum-members`.
    pub evolvable: bool,
    /// Description cell.
    #[serde(skip_serializing_if = "String::is_empty", default)]
    pub description: String,
    /// `file:line` of the member's row (or of the description it was inferred from).
    pub source: SourceLoc,
}

/// A reference to a type with collection-ness.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TypeUse {
    /// `Edm.X` or a qualified name.
    #[serde(rename = "type")]
    pub ty: TypeRef,
    /// A collection of it.
    pub collection: bool,
}

/// An operation (one method page).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Operation {
    /// Unique camelCase name (`listConnections`).
    pub name: String,
    /// The page title.
    pub title: String,
    /// The page's namespace.
    pub namespace: String,
    /// HTTP method.
    pub method: HttpMethod,
    /// The first path (`/networkAccess/logs/connections/{connectionId}`).
    pub path: String,
    /// Every path of the HTTP request section, the first included.
    pub paths: Vec<String>,
    /// Each path as a template with named parameters, in the order of `paths`.
    pub templates: Vec<PathTemplate>,
    /// Path parameters in order, with their types.
    pub path_parameters: Vec<Parameter>,
    /// The OData system query options the operation takes: those the page names, in the order
    /// it names them, then the standard set of `queryStandard`.
    pub query: Vec<String>,
    /// The options added because the page says the method supports the OData query parameters
    /// without naming them all: the standard set for the operation's shape, less what the page
    /// names or excludes.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub query_standard: Vec<String>,
    /// What the page says about its query options beyond naming them (restrictions), quoted.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub query_notes: Vec<String>,
    /// Query parameters that are not OData system options (`startDateTime` of `calendarView`),
    /// from the query parameter tables and the request lines' query strings.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub query_parameters: Vec<Parameter>,
    /// The parameters of the function the path calls (`getActivitiesByInterval(…)`), from the
    /// function parameter table, or typed from the path where the page has none.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub function_parameters: Vec<Parameter>,
    /// The page requires `ConsistencyLevel: eventual` for advanced queries (`$search`, `$count`,
    /// `$filter` on some properties).
    #[serde(skip_serializing_if = "std::ops::Not::not", default)]
    pub consistency_level: bool,
    /// Request headers.
    pub headers: Vec<Header>,
    /// The request body, if the operation takes one.
    pub request: Option<RequestBody>,
    /// The success response.
    pub response: Option<Response>,
    /// Permissions per account type.
    pub permissions: Permissions,
    /// The page's description.
    pub description: String,
    /// Request and response examples.
    pub examples: Vec<Example>,
    /// The product area of the page it comes from (front matter `ms.subservice`, or `ms.prod` on
    /// older pages), lower-cased; `None` when the page names none or no page defines it.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub area: Option<String>,
    /// `file:line` of the title.
    pub source: SourceLoc,
}

impl Operation {
    /// The request body is bytes (`Edm.Stream`: an upload), not JSON.
    pub fn sends_bytes(&self) -> bool {
        matches!(&self.request, Some(RequestBody::Type { ty, collection: false }) if ty.primitive() == Some(Primitive::Stream))
    }

    /// The response body is bytes (`Edm.Stream`: a download), not JSON.
    pub fn receives_bytes(&self) -> bool {
        self.response_body()
            .is_some_and(|r| r.ty.primitive() == Some(Primitive::Stream) && !r.collection)
    }

    /// The type of the response body, when the descriptor reads one (not for `204 No Content`
    /// or a response without a type).
    pub fn response_body(&self) -> Option<TypeUse> {
        let r = self.response.as_ref()?;
        if r.status == 204 {
            return None;
        }
        Some(TypeUse {
            ty: r.ty.clone()?,
            collection: r.collection,
        })
    }
}

/// One path of an operation as a template: `/users/{user-id}/mailFolders/{mailFolder-id}/messages`,
/// a function call with every parameter of the function (`getActivitiesByInterval(startDateTime=
/// {startDateTime},endDateTime={endDateTime},interval={interval})`; an optional one left unset is
/// left out of the call). Placeholder names are unique within the template.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PathTemplate {
    /// The template.
    pub template: String,
    /// What distinguishes this path from the operation's others, in camelCase, taken from the path
    /// alone (`userMailFolder` for `/users/{id}/mailFolders/{id}/messages`): the SDK's constructor
    /// name.
    pub name: String,
    /// The placeholders, in order.
    pub parameters: Vec<PathParameter>,
    /// `file:line` of the request line that documents the path (the first, when several write
    /// the same template).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub source: Option<SourceLoc>,
}

/// A placeholder of a [`PathTemplate`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PathParameter {
    /// The name in the template: after the segment it identifies for keys (`user-id`,
    /// `mailFolder-id`), the parameter's name for function arguments (`startDateTime`).
    pub name: String,
    /// A key (a path segment's value) or a function argument.
    pub kind: PathParameterKind,
    /// What the docs wrote in its place (`id | userPrincipalName`, `'2017-01-01'`).
    pub written: String,
    /// `Edm.X` or a qualified name.
    #[serde(rename = "type")]
    pub ty: TypeRef,
    /// A collection.
    pub collection: bool,
    /// Must be given (keys always; function arguments unless the table says optional).
    pub required: bool,
}

/// What a [`PathParameter`] stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum PathParameterKind {
    /// The value of a path segment (percent-encoded).
    Key,
    /// An argument of a function call in the path (an OData literal).
    Function,
}

/// A path, function or body parameter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Parameter {
    /// Name as in the docs.
    pub name: String,
    /// `Edm.X` or a qualified name.
    #[serde(rename = "type")]
    pub ty: TypeRef,
    /// A collection.
    pub collection: bool,
    /// Said to be required.
    pub required: bool,
    /// Description.
    pub description: String,
    /// `file:line`.
    pub source: SourceLoc,
}

/// A request header row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Header {
    /// Header name.
    pub name: String,
    /// Description cell.
    pub description: String,
}

/// A request body: a type, or a list of parameters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum RequestBody {
    /// A JSON representation of a type.
    Type {
        /// The type.
        #[serde(rename = "type")]
        ty: TypeRef,
        /// A collection.
        collection: bool,
    },
    /// A parameter table.
    Parameters {
        /// The parameters.
        parameters: Vec<Parameter>,
    },
    /// A reference to an existing entity, `{"@odata.id": "<url>"}`: the body of every POST or
    /// PUT to a `/$ref` path, whatever the page's prose says.
    Reference,
}

/// The success response.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Response {
    /// Status code.
    pub status: u16,
    /// Body type, if any.
    #[serde(rename = "type")]
    pub ty: Option<TypeRef>,
    /// A collection of `type`.
    pub collection: bool,
}

/// Permission sets: each inner list must all be granted; the outer list gives alternatives,
/// least privileged first. Empty means not supported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct Permissions {
    /// Delegated (work or school account).
    pub delegated_work: Vec<Vec<String>>,
    /// Delegated (personal Microsoft account).
    pub delegated_personal: Vec<Vec<String>>,
    /// Application.
    pub application: Vec<Vec<String>>,
    /// The tables they were read from, in page order (empty when the page has none).
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub sources: Vec<PermissionsSource>,
}

/// Where one permissions table stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PermissionsSource {
    /// `file:line` in the method page: the table's line, or the `[!INCLUDE]` line that brings
    /// it.
    pub source: SourceLoc,
    /// `file:line` of the table in the include file, when it comes from one.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub table: Option<SourceLoc>,
}

/// What an example shows: a request or a response.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ExampleKind {
    /// A request (`request` in the JSON).
    Request,
    /// A response (`response` in the JSON).
    Response,
}

impl ExampleKind {
    /// `request` or `response`, as the JSON and the reports write it.
    pub fn as_str(self) -> &'static str {
        match self {
            ExampleKind::Request => "request",
            ExampleKind::Response => "response",
        }
    }
}

impl std::fmt::Display for ExampleKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A request or response example.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Example {
    /// Request or response.
    pub kind: ExampleKind,
    /// The annotation's `name`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub name: Option<String>,
    /// Request method, when the start line begins with one.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub method: Option<HttpMethod>,
    /// Request URL.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub url: Option<String>,
    /// Response status.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub status: Option<u16>,
    /// The annotation's `@odata.type`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub odata_type: Option<String>,
    /// The annotation's `isCollection`.
    pub is_collection: bool,
    /// The annotation's `truncated`.
    pub truncated: bool,
    /// Headers.
    pub headers: Vec<Header>,
    /// The type the annotation names, resolved (`Collection(x)` and `isCollection` both make a
    /// collection; primitive spellings become `Edm.X`). `None` when the annotation names no
    /// type or one the docs do not define.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none", default)]
    pub ty: Option<TypeUse>,
    /// The JSON body (after lenient repair).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub body: Option<serde_json::Value>,
    /// Why the body is not JSON even after repair (`line N: message`); `body` is then `None`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub body_error: Option<String>,
    /// `file:line` of the block.
    pub source: SourceLoc,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn methods_and_example_kinds_are_written_as_before() {
        for m in HttpMethod::ALL {
            assert_eq!(HttpMethod::parse(m.as_str()), Some(m));
            let json = serde_json::to_string(&m).expect("serializes");
            assert_eq!(json, format!("\"{}\"", m.as_str()));
        }
        for (k, s) in [
            (ExampleKind::Request, "request"),
            (ExampleKind::Response, "response"),
        ] {
            assert_eq!(k.as_str(), s);
            let json = serde_json::to_string(&k).expect("serializes");
            assert_eq!(json, format!("\"{s}\""));
            let back: ExampleKind = serde_json::from_str(&json).expect("reads back");
            assert_eq!(back, k);
        }
    }
}
