//! Static descriptions of operations ([`Endpoint`]) and their requests.

use core::fmt;

use std::borrow::Cow;

use crate::body::{RequestBody, ResponseBody};
use crate::encode::encode_query_component;
use crate::odata::{render, ODataValue, PathValue};

/// Value of the `Prefer` request header that asks Graph to send members of
/// evolvable enums added after the `unknownFutureValue` sentinel.
///
/// Graph enums are *evolvable*: each has a sentinel member
/// `unknownFutureValue`, and members added after it are hidden from clients
/// that may not know them — Graph sends `unknownFutureValue` in their place.
/// A client that handles unknown members (generated enums keep them in a
/// catch-all variant) can send `Prefer: include-unknown-enum-members` to
/// receive the real values, and must send it to be allowed to *use* such
/// members in filters or request bodies.
pub const PREFER_INCLUDE_UNKNOWN_ENUM_MEMBERS: &str = "include-unknown-enum-members";

/// An HTTP method used by Graph operations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    /// `GET`
    Get,
    /// `POST`
    Post,
    /// `PUT`
    Put,
    /// `PATCH`
    Patch,
    /// `DELETE`
    Delete,
}

impl Method {
    /// The method name in upper case, as sent on the wire (`"GET"`, ...).
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Post => "POST",
            Self::Put => "PUT",
            Self::Patch => "PATCH",
            Self::Delete => "DELETE",
        }
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// The permissions an operation requires, per account type.
///
/// Each field lists *alternatives*: the operation may be called when the
/// caller holds **any one** of the entries of the outer slice. Each entry
/// (inner slice) is a set of permissions that must **all** be granted
/// together. An empty outer slice means the operation is not supported for
/// that account type.
///
/// ```
/// # use graphgen_runtime::Permissions;
/// // Either "A" alone, or "B" and "C" together; no personal accounts.
/// const P: Permissions = Permissions {
///     delegated_work: &[&["A"], &["B", "C"]],
///     delegated_personal: &[],
///     application: &[&["A"]],
/// };
/// # let _ = P;
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Permissions {
    /// Delegated permissions for work or school accounts.
    pub delegated_work: &'static [&'static [&'static str]],
    /// Delegated permissions for personal Microsoft accounts.
    pub delegated_personal: &'static [&'static [&'static str]],
    /// Application permissions.
    pub application: &'static [&'static [&'static str]],
}

/// The static description of one Graph operation, implemented by generated
/// request types; a value of the type is one concrete request.
pub trait Endpoint {
    /// Request body type: a serializable type sent as JSON, [`Binary`](crate::Binary) content,
    /// or [`NoContent`](crate::NoContent) when the operation sends none.
    type Body: RequestBody;
    /// Response type: a JSON-deserializable type, [`Binary`](crate::Binary) content, or
    /// [`NoContent`](crate::NoContent) when there is none.
    type Response: ResponseBody;

    /// The operation's name, e.g. `"listConnections"`.
    const OPERATION: &'static str;
    /// The HTTP method.
    const METHOD: Method;
    /// The first documented path with `{parameter}` placeholders, e.g.
    /// `"/networkAccess/logs/connections/{connection-id}"`.
    const PATH_TEMPLATE: &'static str;
    /// The OData system query options the operation takes, e.g. `&["$top", "$filter"]`.
    const QUERY_OPTIONS: &'static [&'static str];
    /// The permissions required to call the operation.
    const PERMISSIONS: Permissions;
    /// The HTTP status code of a successful response, e.g. `200` or `204`.
    const SUCCESS_STATUS: u16;

    /// The parts of this request: path, query options, headers and body.
    fn request(&self) -> &Request<Self::Body>;

    /// The parts of this request, to change (the query option setters use it).
    fn request_mut(&mut self) -> &mut Request<Self::Body>;

    /// The request path with parameters filled in and already percent-encoded
    /// (see [`encode_path_segment`](crate::encode_path_segment)); starts with `/`.
    fn path(&self) -> &str {
        self.request().path()
    }
    /// The query options of this request.
    fn query(&self) -> &Query {
        self.request().query()
    }
    /// The request body, if one is sent.
    fn body(&self) -> Option<&Self::Body> {
        self.request().body()
    }
}

/// The parts of one request that vary between calls of the same operation: the path (rendered
/// from a template, parameters percent-encoded), the query options, extra headers, and the body.
/// Generated descriptors wrap one; everything else about the operation is in the [`Endpoint`]
/// constants.
///
/// ```
/// use graphgen_runtime::{NoContent, Request};
/// let r: Request<NoContent> = Request::template("/users/{user-id}/getActivitiesByInterval(startDateTime={startDateTime},interval={interval})")
///     .key("user-id", "a b")
///     .arg("startDateTime", "2017-01-01")
///     .arg("interval", "week");
/// assert_eq!(r.path(), "/users/a%20b/getActivitiesByInterval(startDateTime='2017-01-01',interval='week')");
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Request<B> {
    template: &'static str,
    values: Vec<PathValue>,
    path: String,
    query: Query,
    headers: Vec<(String, String)>,
    body: Option<B>,
}

impl<B> Request<B> {
    /// A request without a body for `path` (already percent-encoded).
    pub fn new(path: impl Into<String>) -> Self {
        Request {
            template: "",
            values: Vec::new(),
            path: path.into(),
            query: Query::default(),
            headers: Vec::new(),
            body: None,
        }
    }

    /// A request with a body for `path` (already percent-encoded).
    pub fn with_body(path: impl Into<String>, body: B) -> Self {
        Request::new(path).attach(body)
    }

    /// A request for a path template whose `{name}` placeholders [`Request::key`] and
    /// [`Request::arg`] fill.
    pub fn template(template: &'static str) -> Self {
        Request {
            template,
            values: Vec::new(),
            path: render(template, &[]),
            query: Query::default(),
            headers: Vec::new(),
            body: None,
        }
    }

    /// Fills the key placeholder `name` (a path segment) with `value`, percent-encoded.
    pub fn key(mut self, name: &'static str, value: &str) -> Self {
        self.set_path_value(PathValue::key(name, value));
        self
    }

    /// Fills the function argument `name` with `value` as an OData literal.
    pub fn arg(mut self, name: &'static str, value: &(impl ODataValue + ?Sized)) -> Self {
        self.set_arg(name, value);
        self
    }

    /// Sets the function argument `name` (an optional one, after construction).
    pub fn set_arg(&mut self, name: &'static str, value: &(impl ODataValue + ?Sized)) {
        self.set_path_value(PathValue::arg(name, value));
    }

    fn set_path_value(&mut self, value: PathValue) {
        self.values.retain(|v| v.name != value.name);
        self.values.push(value);
        self.path = render(self.template, &self.values);
    }

    /// Sets the query parameter `name` to `value` as text.
    pub fn query_param(mut self, name: &'static str, value: &(impl ODataValue + ?Sized)) -> Self {
        self.query.set(name, value.text());
        self
    }

    /// Sets the body.
    pub fn attach(mut self, body: B) -> Self {
        self.body = Some(body);
        self
    }

    /// The percent-encoded path.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The template the path was rendered from (empty for a request made from a path).
    pub fn path_template(&self) -> &'static str {
        self.template
    }

    /// The query options.
    pub fn query(&self) -> &Query {
        &self.query
    }

    /// The query options, to change.
    pub fn query_mut(&mut self) -> &mut Query {
        &mut self.query
    }

    /// Headers sent with this request (name, value), besides those the client adds.
    pub fn headers(&self) -> &[(String, String)] {
        &self.headers
    }

    /// Adds a header to this request (a second value of the same name replaces the first).
    pub fn set_header(&mut self, name: impl Into<String>, value: impl Into<String>) {
        let name = name.into();
        self.headers.retain(|(n, _)| !n.eq_ignore_ascii_case(&name));
        self.headers.push((name, value.into()));
    }

    /// The body, if any.
    pub fn body(&self) -> Option<&B> {
        self.body.as_ref()
    }

    /// The body, to change.
    pub fn body_mut(&mut self) -> Option<&mut B> {
        self.body.as_mut()
    }
}

/// An ordered list of query options (name, value) for one request.
///
/// Values are stored unencoded; [`Query::to_query_string`] encodes them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    entries: Vec<(Cow<'static, str>, String)>,
}

impl Query {
    /// Sets `name` to `value`, replacing the value of an existing option with
    /// the same name (keeping its position), otherwise appending.
    pub fn set(&mut self, name: impl Into<Cow<'static, str>>, value: impl Into<String>) {
        let name = name.into();
        let value = value.into();
        match self.entries.iter_mut().find(|(n, _)| *n == name) {
            Some(entry) => entry.1 = value,
            None => self.entries.push((name, value)),
        }
    }

    /// The value of option `name`, if set.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.entries
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// Iterates over the options (name, unencoded value) in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.entries.iter().map(|(n, v)| (n.as_ref(), v.as_str()))
    }

    /// Returns `true` if no option is set.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The number of options set.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Renders the options as a URL query component: `name=value` pairs,
    /// percent-encoded, joined with `&`, without a leading `?`.
    ///
    /// Space becomes `%20`; `&`, `=`, `+`, `#`, `'`, `"`, `%`, controls and
    /// non-ASCII characters are encoded too, while `$` (as in `$filter`) and
    /// OData punctuation such as `(`, `)` and `,` stay readable.
    ///
    /// ```
    /// # use graphgen_runtime::Query;
    /// let mut q = Query::default();
    /// q.set("$filter", "startswith(displayName,'a b')");
    /// q.set("$top", "5");
    /// assert_eq!(q.to_query_string(), "$filter=startswith(displayName,%27a%20b%27)&$top=5");
    /// ```
    pub fn to_query_string(&self) -> String {
        let mut out = String::new();
        for (i, (name, value)) in self.entries.iter().enumerate() {
            if i > 0 {
                out.push('&');
            }
            out.push_str(&encode_query_component(name));
            out.push('=');
            out.push_str(&encode_query_component(value));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::NoContent;

    #[test]
    fn method_names() {
        let all = [
            (Method::Get, "GET"),
            (Method::Post, "POST"),
            (Method::Put, "PUT"),
            (Method::Patch, "PATCH"),
            (Method::Delete, "DELETE"),
        ];
        for (m, s) in all {
            assert_eq!(m.as_str(), s);
            assert_eq!(m.to_string(), s);
        }
    }

    #[test]
    fn query_set_replaces_and_keeps_order() {
        let mut q = Query::default();
        assert!(q.is_empty());
        assert_eq!(q.len(), 0);
        assert_eq!(q.to_query_string(), "");
        q.set("$top", "10");
        q.set("$filter", String::from("x eq 1"));
        q.set("$select", "id");
        q.set("$top", "5");
        assert_eq!(q.len(), 3);
        assert!(!q.is_empty());
        assert_eq!(q.get("$top"), Some("5"));
        assert_eq!(q.get("$filter"), Some("x eq 1"));
        assert_eq!(q.get("$orderby"), None);
        assert_eq!(
            q.iter().collect::<Vec<_>>(),
            vec![("$top", "5"), ("$filter", "x eq 1"), ("$select", "id")]
        );
        assert_eq!(q.to_query_string(), "$top=5&$filter=x%20eq%201&$select=id");
    }

    #[test]
    fn query_encoding() {
        let mut q = Query::default();
        q.set("$filter", "startswith(displayName,'a b')");
        assert_eq!(
            q.to_query_string(),
            "$filter=startswith(displayName,%27a%20b%27)"
        );

        let mut q = Query::default();
        q.set("$search", "\"a&b=c+d#e%f\" é");
        q.set("weird name&=", "v");
        assert_eq!(
            q.to_query_string(),
            "$search=%22a%26b%3Dc%2Bd%23e%25f%22%20%C3%A9&weird%20name%26%3D=v"
        );
    }

    #[test]
    fn query_equality_depends_on_contents() {
        let mut a = Query::default();
        a.set("$top", "1");
        let mut b = Query::default();
        b.set("$top", "2");
        assert_ne!(a, b);
        b.set("$top", "1");
        assert_eq!(a, b.clone());
    }

    struct GetConnection(Request<NoContent>);

    impl Endpoint for GetConnection {
        type Body = NoContent;
        type Response = crate::Collection<serde_json::Value>;
        const OPERATION: &'static str = "getConnection";
        const METHOD: Method = Method::Get;
        const PATH_TEMPLATE: &'static str = "/networkAccess/logs/connections/{connectionId}";
        const QUERY_OPTIONS: &'static [&'static str] = &["$select"];
        const PERMISSIONS: Permissions = Permissions {
            delegated_work: &[&["NetworkAccess.Read.All"]],
            delegated_personal: &[],
            application: &[],
        };
        const SUCCESS_STATUS: u16 = 200;

        fn request(&self) -> &Request<NoContent> {
            &self.0
        }
        fn request_mut(&mut self) -> &mut Request<NoContent> {
            &mut self.0
        }
    }

    fn describe<E: Endpoint>(e: &E) -> String {
        let mut url = format!("{} {}", E::METHOD, e.path());
        if !e.query().is_empty() {
            url.push('?');
            url.push_str(&e.query().to_query_string());
        }
        url
    }

    #[test]
    fn endpoint_can_be_implemented_and_used_generically() {
        let id = "a/b c";
        let mut request = Request::new(
            GetConnection::PATH_TEMPLATE.replace("{connectionId}", &crate::encode_path_segment(id)),
        );
        request.query_mut().set("$select", "id,status");
        let e = GetConnection(request);
        assert_eq!(
            describe(&e),
            "GET /networkAccess/logs/connections/a%2Fb%20c?$select=id,status"
        );
        assert!(e.body().is_none());
        assert_eq!(GetConnection::SUCCESS_STATUS, 200);
        assert_eq!(GetConnection::OPERATION, "getConnection");
        assert_eq!(GetConnection::QUERY_OPTIONS, ["$select"]);
        assert!(GetConnection::PERMISSIONS.application.is_empty());
    }
}
