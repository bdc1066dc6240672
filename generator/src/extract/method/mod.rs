//! Method pages: permissions, HTTP request paths, query options, headers, request body,
//! response, function parameters and the request/response examples.

mod body;
mod examples;
mod headers;
mod permissions;

use super::request::{http_paths, query_sections};
pub(crate) use super::request::{HttpPath, QueryFact};
use super::typeref::TypeRef;
use super::{page_description, page_namespace, property_rows, PropertyFact};
use crate::diag::{DiagKind, Diagnostics};
use crate::model::{ExampleKind, Header, HttpMethod, Permissions};
use crate::read::{Page, Section};
use serde_json::Value;

/// What the request body is.
#[derive(Debug, Clone)]
pub(crate) enum BodyFact {
    None,
    /// "supply a JSON representation of [x](x.md)".
    Type {
        ty: TypeRef,
        line: u32,
    },
    /// A parameter table.
    Parameters(Vec<PropertyFact>),
}

#[derive(Debug, Clone, Default)]
pub(crate) struct ResponseFact {
    pub status: Option<u16>,
    pub ty: Option<TypeRef>,
    pub line: u32,
}

/// A request or response example block.
#[derive(Debug, Clone)]
pub(crate) struct ExampleFact {
    pub kind: ExampleKind,
    pub line: u32,
    pub annotation: Option<Value>,
    /// Request: the method its start line begins with (none when the first word is not one).
    pub method: Option<HttpMethod>,
    /// Request: the URL.
    pub url: Option<String>,
    /// Response: status code.
    pub status: Option<u16>,
    /// The message's headers (name and value).
    pub headers: Vec<Header>,
    pub body: Option<Value>,
    /// Why a JSON body could not be read (`line N: message`).
    pub body_error: Option<String>,
}

/// A method page.
#[derive(Debug, Clone)]
pub(crate) struct OperationFact {
    pub path: String,
    pub line: u32,
    pub title: String,
    pub namespace: String,
    pub description: String,
    pub paths: Vec<HttpPath>,
    pub query: QueryFact,
    pub headers: Vec<Header>,
    pub body: BodyFact,
    pub response: ResponseFact,
    /// Permission sets per account type, with the tables they come from: the model's own type,
    /// made here.
    pub permissions: Option<Permissions>,
    pub function_params: Vec<PropertyFact>,
    pub examples: Vec<ExampleFact>,
    /// The page's product area.
    pub area: Option<String>,
}

/// Extracts a method page.
pub(crate) fn extract(page: &Page, diags: &mut Diagnostics) -> Option<OperationFact> {
    let path = page.path.as_str();
    let (title, line) = page
        .title
        .clone()
        .unwrap_or_else(|| (page.file_name().trim_end_matches(".md").to_owned(), 1));
    let namespace = page_namespace(page, diags);
    let paths = request_paths(page, line, diags)?;
    let query_secs: Vec<&Section> = page
        .sections
        .iter()
        .filter(|s| s.level > 0 && s.key().contains("query parameter"))
        .collect();
    let query = query_sections(path, &query_secs, diags);
    let headers = page
        .section(|h| h == "request headers" || h == "request header")
        .map(headers::headers_of)
        .unwrap_or_default();
    let body = page
        .section(|h| h == "request body")
        .map_or(BodyFact::None, |s| body::request_body(path, s, diags));
    let response = body::response_of(page, line, diags);
    let permissions = permissions::permissions_of(page, line, diags);
    let function_params = function_params(page, diags);
    let examples = examples::examples(page, diags);
    Some(OperationFact {
        path: path.to_owned(),
        line,
        title,
        namespace,
        description: page_description(page),
        paths,
        query,
        headers,
        body,
        response,
        permissions,
        function_params,
        examples,
        area: page.area(),
    })
}

/// `## HTTP request`, `## HTTP requests`, `## HTTP request (to upload a new file)`, …: every
/// such section (a page may have several) with its sub-sections.
fn http_request_tree(page: &Page) -> Vec<&Section> {
    let mut out: Vec<&Section> = Vec::new();
    let mut level = None;
    for s in &page.sections {
        if s.level > 0 && s.key().starts_with("http request") {
            level = Some(s.level);
            out.push(s);
        } else if level.is_some_and(|l| s.level > l) {
            out.push(s);
        } else {
            level = None;
        }
    }
    out
}

/// The request paths of the HTTP request sections; `None` (reported) when the page has no such
/// section or no path in it. `line` is the title's line.
fn request_paths(page: &Page, line: u32, diags: &mut Diagnostics) -> Option<Vec<HttpPath>> {
    let path = page.path.as_str();
    let http_tree = http_request_tree(page);
    let Some(http) = http_tree.first().copied() else {
        diags.warn(
            path,
            line,
            DiagKind::MissingSection,
            "method page without `## HTTP request`; skipped",
        );
        return None;
    };
    let mut paths: Vec<HttpPath> = http_tree
        .iter()
        .flat_map(|s| http_paths(path, s, diags))
        .collect();
    // Request lines that need a query string are variants of another operation; they count
    // only when the page has nothing else.
    if paths.iter().any(|p| !p.with_query) {
        paths.retain(|p| !p.with_query);
    }
    if paths.is_empty() {
        diags.error(
            path,
            http.line,
            DiagKind::MalformedOperation,
            "no path in the HTTP request section",
        );
        return None;
    }
    Some(paths)
}

/// The rows of the function (or path) parameters section's tables.
fn function_params(page: &Page, diags: &mut Diagnostics) -> Vec<PropertyFact> {
    let path = page.path.as_str();
    page.section(|h| h == "function parameters" || h == "parameters" || h == "path parameters")
        .map(|s| {
            s.tables()
                .flat_map(|t| property_rows(path, t, false, diags))
                .collect()
        })
        .unwrap_or_default()
}
