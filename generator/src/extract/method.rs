//! Method pages: permissions, HTTP request paths, query options, headers, request body,
//! response, function parameters and the request/response examples.

use super::request::{http_paths, query_sections};
pub(crate) use super::request::{HttpPath, QueryFact};
use super::typeref::{parse_type_cell, LinkTarget, Primitive, TypeRef, TypeTarget};
use super::{
    page_description, page_namespace, parse_annotation, parse_json, property_rows, PropertyFact,
};
use crate::diag::{DiagKind, Diagnostics};
pub(crate) use crate::model::HttpMethod;
use crate::read::{BlockKind, CodeBlock, IncludeStatus, Inline, Link, Origin, Page, Section};
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

/// Permission sets per account type (alternatives, each a set that must all be granted), with
/// the tables they come from: the model's own type, made here.
pub(crate) type PermissionsFact = crate::model::Permissions;

#[derive(Debug, Clone)]
pub(crate) struct HeaderFact {
    pub name: String,
    pub description: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ExampleKind {
    Request,
    Response,
}

/// A request or response example block.
#[derive(Debug, Clone)]
pub(crate) struct ExampleFact {
    pub kind: ExampleKind,
    pub line: u32,
    pub annotation: Option<Value>,
    /// Request: method and URL.
    pub method: Option<String>,
    pub url: Option<String>,
    /// Response: status code.
    pub status: Option<u16>,
    pub headers: Vec<(String, String)>,
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
    pub headers: Vec<HeaderFact>,
    pub body: BodyFact,
    pub response: ResponseFact,
    pub permissions: Option<PermissionsFact>,
    pub function_params: Vec<PropertyFact>,
    pub examples: Vec<ExampleFact>,
    /// The page's product area.
    pub area: Option<String>,
}

fn permission_items(cell: &str) -> Vec<Vec<String>> {
    let lower = cell.to_ascii_lowercase();
    if lower.contains("not supported")
        || lower.contains("not available")
        || lower.trim().trim_matches('.').is_empty()
        || lower.trim() == "none"
        || lower.trim() == "none."
    {
        return Vec::new();
    }
    let mut out = Vec::new();
    for alt in cell.split([',', ';']) {
        let set: Vec<String> = alt
            .split(" and ")
            .map(|p| p.trim().trim_matches(['.', '*', '`', ' ']).to_owned())
            .filter(|p| !p.is_empty())
            .collect();
        if set.is_empty() {
            continue;
        }
        if set.iter().all(|p| {
            p.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
        }) {
            out.push(set);
        }
    }
    out
}

/// Permissions from the tables of a section and its sub-sections (pages that split them by
/// scenario, e.g. "Permissions for channel" / "for chat", give the union: alternatives), the
/// page's own tables and those its `[!INCLUDE]`s bring alike.
fn permissions(path: &str, tree: &[&Section], diags: &mut Diagnostics) -> Option<PermissionsFact> {
    let &sec = tree.first()?;
    let tables: Vec<(&crate::read::Table, Option<&Origin>)> =
        tree.iter().flat_map(|s| s.tables_with_origin()).collect();
    if tables.is_empty() {
        let failed = tree.iter().flat_map(|s| &s.blocks).any(|b| {
            matches!(
                &b.kind,
                BlockKind::Include {
                    status: IncludeStatus::Failed,
                    ..
                }
            )
        });
        // An include that could not be read has been reported at its line already.
        if !failed {
            diags.warn(
                path,
                sec.line,
                DiagKind::MissingSection,
                "permissions section without a table",
            );
        }
        return None;
    }
    let mut p = PermissionsFact::default();
    for (table, origin) in tables {
        let file = origin.map_or(path, |o| o.file.as_str());
        p.sources.push(match origin {
            None => crate::model::PermissionsSource {
                source: format!("{path}:{}", table.line),
                table: None,
            },
            Some(o) => crate::model::PermissionsSource {
                source: format!("{path}:{}", o.page_line),
                table: Some(format!("{}:{}", o.file, table.line)),
            },
        });
        // Some pages turn the table around: a row per scenario (`event`, `group calendar`), a
        // column per account type.
        let columns: Vec<Option<Account>> = table.header.iter().map(|h| account(h)).collect();
        if columns.iter().skip(1).any(Option::is_some) {
            for row in table.rows.iter().filter(|r| !r.is_section_row()) {
                for (c, cell) in row.cells.iter().enumerate().skip(1) {
                    if let Some(Some(a)) = columns.get(c) {
                        add_permissions(p.slot(*a), &cell.text);
                    }
                }
            }
            continue;
        }
        for row in &table.rows {
            let Some(kind) = row.cells.first() else {
                continue;
            };
            if row.is_section_row() {
                continue;
            }
            let Some(a) = account(&kind.text) else {
                diags.warn(
                    file,
                    row.line,
                    DiagKind::MalformedTable,
                    format!("unknown permission type `{}`", kind.text),
                );
                continue;
            };
            // Every column (least, then higher privileged), each permission once.
            for c in row.cells.iter().skip(1) {
                add_permissions(p.slot(a), &c.text);
            }
        }
    }
    Some(p)
}

/// The account type a permission table's row or column names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Account {
    Work,
    Personal,
    Application,
}

fn account(text: &str) -> Option<Account> {
    let k = text.to_ascii_lowercase();
    if k.contains("personal") {
        Some(Account::Personal)
    } else if k.contains("delegated") {
        Some(Account::Work)
    } else if k.contains("application") {
        Some(Account::Application)
    } else {
        None
    }
}

trait Slots {
    fn slot(&mut self, a: Account) -> &mut Vec<Vec<String>>;
}

impl Slots for PermissionsFact {
    fn slot(&mut self, a: Account) -> &mut Vec<Vec<String>> {
        match a {
            Account::Work => &mut self.delegated_work,
            Account::Personal => &mut self.delegated_personal,
            Account::Application => &mut self.application,
        }
    }
}

/// Adds the permission sets of a cell to `slot`, each once.
fn add_permissions(slot: &mut Vec<Vec<String>>, cell: &str) {
    for s in permission_items(cell) {
        if !slot.contains(&s) {
            slot.push(s);
        }
    }
}

/// The first link to a docs page in the inline text, as a type reference.
fn linked_type(links: &[Link]) -> Option<TypeRef> {
    links.iter().find_map(|l| {
        let t = LinkTarget::parse(&l.target)?;
        if t.file.is_empty() {
            return None;
        }
        parse_type_cell(&Inline {
            text: l.text.clone(),
            links: vec![l.clone()],
            code: Vec::new(),
        })
        .ok()
    })
}

fn status_code(text: &str) -> Option<u16> {
    let b = text.as_bytes();
    (0..b.len().saturating_sub(2)).find_map(|i| {
        let ok = b[i..i + 3].iter().all(u8::is_ascii_digit)
            && (i == 0 || !b[i - 1].is_ascii_alphanumeric())
            && b.get(i + 3).is_none_or(|c| !c.is_ascii_digit())
            && matches!(b[i], b'1'..=b'5');
        if !ok {
            return None;
        }
        // Followed by a reason phrase: `200 OK`, `201 Created`, `204 No Content`.
        let after = text[i + 3..].trim_start_matches(['`', ' ']);
        after
            .starts_with(|c: char| c.is_ascii_uppercase())
            .then(|| text[i..i + 3].parse().ok())?
    })
}

fn response(sec: &Section) -> ResponseFact {
    let mut r = ResponseFact {
        line: sec.line,
        ..Default::default()
    };
    for (line, p) in sec.paragraphs() {
        let Some(status) = status_code(&p.text) else {
            continue;
        };
        r.status = Some(status);
        r.line = line;
        let lower = p.text.to_ascii_lowercase();
        let collection = lower.contains("collection of");
        if let Some(mut t) = linked_type(&p.links) {
            t.collection |= collection;
            r.ty = Some(t);
        } else if let Some(name) = bare_object_name(&p.text) {
            r.ty = Some(TypeRef {
                target: TypeTarget::Named { name, link: None },
                collection,
            });
        } else {
            r.ty = primitive_in_body(&p.text);
        }
        break;
    }
    r
}

/// "… and a String collection in the response body" / "… and a Int32 in the response body" →
/// the primitive.
fn primitive_in_body(text: &str) -> Option<TypeRef> {
    let words: Vec<String> = text
        .split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_ascii_alphanumeric() && c != '.')
                .to_owned()
        })
        .collect();
    let at = words
        .windows(3)
        .position(|w| w[0] == "in" && w[1] == "the" && w[2].eq_ignore_ascii_case("response"))?;
    let mut i = at.checked_sub(1)?;
    let collection = words[i].eq_ignore_ascii_case("collection");
    if collection {
        i = i.checked_sub(1)?;
    }
    let article = words.get(i.checked_sub(1)?)?.to_ascii_lowercase();
    if article != "a" && article != "an" {
        return None;
    }
    Primitive::parse(&words[i]).map(|p| TypeRef {
        target: TypeTarget::Primitive(p),
        collection,
    })
}

/// "… a collection of signIn objects" / "… a user object in the response body" → the name.
fn bare_object_name(text: &str) -> Option<String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let idx = words.iter().position(|w| {
        let w = w
            .trim_matches(|c: char| !c.is_ascii_alphabetic())
            .to_ascii_lowercase();
        w == "object" || w == "objects"
    })?;
    let name = words
        .get(idx.checked_sub(1)?)?
        .trim_matches(|c: char| !c.is_ascii_alphanumeric() && c != '.');
    let bad = ["the", "a", "an", "json", "of", "response", "empty"];
    (!name.is_empty()
        && name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && !bad.contains(&name.to_ascii_lowercase().as_str()))
    .then(|| name.to_owned())
}

fn request_body(path: &str, sec: &Section, diags: &mut Diagnostics) -> BodyFact {
    for (line, p) in sec.paragraphs() {
        let lower = p.text.to_ascii_lowercase();
        if lower.contains("json representation of") || lower.contains("supply a json") {
            if let Some(ty) = linked_type(&p.links) {
                return BodyFact::Type { ty, line };
            }
        }
    }
    let mut params = Vec::new();
    for t in sec.tables() {
        params.extend(property_rows(path, t, false, diags));
    }
    if params.is_empty() {
        BodyFact::None
    } else {
        BodyFact::Parameters(params)
    }
}

fn headers_of(sec: &Section) -> Vec<HeaderFact> {
    let mut out = Vec::new();
    for t in sec.tables() {
        let n = t
            .column(|h| h == "name" || h == "header" || h == "request header")
            .unwrap_or(0);
        let d = t
            .column(|h| h == "description" || h == "value")
            .unwrap_or(1);
        for r in &t.rows {
            let Some(name) = r.cells.get(n).map(|c| c.text.trim().to_owned()) else {
                continue;
            };
            if name.is_empty() {
                continue;
            }
            out.push(HeaderFact {
                name,
                description: r.cells.get(d).map(|c| c.text.clone()).unwrap_or_default(),
            });
        }
    }
    out
}

/// An HTTP message (request or response) split into its parts.
struct HttpMessage<'a> {
    /// The start line and its index.
    start: Option<(usize, &'a str)>,
    headers: Vec<(String, String)>,
    /// The body and the index of its first line.
    body: Option<(usize, String)>,
}

/// Splits an HTTP message into start line, headers and body.
fn split_http(text: &str) -> HttpMessage<'_> {
    let lines: Vec<&str> = text.lines().collect();
    let Some(first) = lines.iter().position(|l| !l.trim().is_empty()) else {
        return HttpMessage {
            start: None,
            headers: Vec::new(),
            body: None,
        };
    };
    let mut headers = Vec::new();
    let mut i = first + 1;
    // Headers come right after the start line, or after a blank line (some pages put one
    // there); the body after them, after a blank line.
    let blank_at = |i: usize| lines.get(i).is_some_and(|l| l.trim().is_empty());
    let mut j = i;
    while blank_at(j) {
        j += 1;
    }
    if lines
        .get(j)
        .is_some_and(|l| super::request::is_header_line(l.trim()))
    {
        i = j;
    }
    while i < lines.len() && !lines[i].trim().is_empty() {
        let l = lines[i].trim();
        if l.starts_with(['{', '[']) {
            break;
        }
        if let Some((k, v)) = l.split_once(':') {
            headers.push((k.trim().to_owned(), v.trim().to_owned()));
        }
        i += 1;
    }
    let body: String = lines[i.min(lines.len())..].join("\n");
    let body = (!body.trim().is_empty()).then_some((i, body));
    HttpMessage {
        start: Some((first, lines[first].trim())),
        headers,
        body,
    }
}

fn example(
    path: &str,
    c: &CodeBlock,
    annotation: Option<Value>,
    diags: &mut Diagnostics,
) -> Option<ExampleFact> {
    let block_type = annotation
        .as_ref()
        .and_then(|a| a.get("blockType"))
        .and_then(Value::as_str)
        .unwrap_or("");
    // Unannotated blocks count only when they are HTTP or JSON (not SDK snippets).
    if block_type.is_empty()
        && !matches!(
            c.info.as_str(),
            "" | "http" | "json" | "msgraph-interactive"
        )
    {
        return None;
    }
    let trimmed = c.text.trim_start();
    let kind = match block_type {
        "request" => ExampleKind::Request,
        "response" => ExampleKind::Response,
        "" if trimmed.starts_with("HTTP/") => ExampleKind::Response,
        "" if trimmed
            .split_whitespace()
            .next()
            .and_then(HttpMethod::parse)
            .is_some() =>
        {
            ExampleKind::Request
        }
        _ => return None,
    };
    let mut ex = ExampleFact {
        kind,
        line: c.content_line,
        annotation,
        method: None,
        url: None,
        status: None,
        headers: Vec::new(),
        body: None,
        body_error: None,
    };
    let is_json_only = trimmed.starts_with(['{', '[']);
    let body_src = if is_json_only {
        Some((0usize, c.text.clone()))
    } else {
        let HttpMessage {
            start,
            headers,
            body,
        } = split_http(&c.text);
        ex.headers = headers;
        if let Some((_, l)) = start {
            let mut parts = l.split_whitespace();
            match kind {
                ExampleKind::Request => {
                    ex.method = parts.next().map(str::to_owned);
                    // The rest of the line: example URLs may contain spaces
                    // (`$filter=createdDateTime ge 2024-07-01`).
                    ex.url = l.split_once(char::is_whitespace).map(|(_, rest)| {
                        let rest = rest.trim();
                        rest.rsplit_once(" HTTP/")
                            .map_or(rest, |(u, _)| u.trim_end())
                            .to_owned()
                    });
                    let _ = parts.next();
                }
                ExampleKind::Response => {
                    ex.status = parts.nth(1).and_then(|s| s.parse().ok());
                }
            }
        }
        body
    };
    if let Some((offset, body)) = body_src {
        let t = body.trim_start();
        if t.starts_with(['{', '[']) {
            match parse_json(
                path,
                &body,
                c.content_line + offset as u32,
                "example body",
                false,
                diags,
            ) {
                Ok(v) => ex.body = Some(v),
                Err(e) => ex.body_error = Some(e),
            }
        }
    }
    Some(ex)
}

/// Extracts a method page.
pub(crate) fn extract(page: &Page, diags: &mut Diagnostics) -> Option<OperationFact> {
    let path = page.path.as_str();
    let (title, line) = page
        .title
        .clone()
        .unwrap_or_else(|| (page.file_name().trim_end_matches(".md").to_owned(), 1));
    let namespace = page_namespace(page, diags);
    // `## HTTP request`, `## HTTP requests`, `## HTTP request (to upload a new file)`, …: every
    // such section (a page may have several) with its sub-sections.
    let http_tree: Vec<&Section> = {
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
    };
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
    let query_secs: Vec<&Section> = page
        .sections
        .iter()
        .filter(|s| s.level > 0 && s.key().contains("query parameter"))
        .collect();
    let query = query_sections(path, &query_secs, diags);
    let headers = page
        .section(|h| h == "request headers" || h == "request header")
        .map(headers_of)
        .unwrap_or_default();
    let body = page
        .section(|h| h == "request body")
        .map_or(BodyFact::None, |s| request_body(path, s, diags));
    let response = match page.section(|h| h == "response" || h == "responses") {
        Some(s) => response(s),
        None => {
            diags.warn(
                path,
                line,
                DiagKind::MissingSection,
                "no `## Response` section",
            );
            // What the response examples say is reported at the title.
            ResponseFact {
                line,
                ..ResponseFact::default()
            }
        }
    };
    // Intune pages put the table under `## Prerequisites`; any section whose table starts with
    // "Permission type" will do.
    let mut perm_tree = page.section_tree(|h| h == "permissions" || h == "prerequisites");
    if perm_tree.is_empty() {
        perm_tree.extend(page.sections.iter().find(|s| {
            s.tables().any(|t| {
                t.header
                    .first()
                    .is_some_and(|h| h.trim().to_ascii_lowercase().starts_with("permission type"))
            })
        }));
    }
    let permissions = match perm_tree.first() {
        Some(_) => permissions(path, &perm_tree, diags),
        None => {
            diags.warn(
                path,
                line,
                DiagKind::MissingSection,
                "no `## Permissions` section",
            );
            None
        }
    };
    let function_params = page
        .section(|h| h == "function parameters" || h == "parameters" || h == "path parameters")
        .map(|s| {
            s.tables()
                .flat_map(|t| property_rows(path, t, false, diags))
                .collect()
        })
        .unwrap_or_default();
    let mut examples = Vec::new();
    let mut in_examples = false;
    for sec in &page.sections {
        let key = sec.key();
        if sec.level == 2 {
            in_examples = key.starts_with("example");
        }
        for c in sec.code_blocks() {
            let annotation = c
                .annotation
                .as_ref()
                .and_then(|a| parse_annotation(path, a, diags));
            if annotation.is_none() && !in_examples {
                continue;
            }
            if let Some(ex) = example(path, c, annotation, diags) {
                examples.push(ex);
            }
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn primitive_responses() {
        let t = primitive_in_body("If successful, this function returns a `200 OK` response code and a String collection in the response body.").expect("string collection");
        assert_eq!(
            (t.target, t.collection),
            (TypeTarget::Primitive(Primitive::String), true)
        );
        let t = primitive_in_body("If successful, this action returns a `200 OK` response code and a Int32 in the response body.").expect("int");
        assert_eq!(
            (t.target, t.collection),
            (TypeTarget::Primitive(Primitive::Int32), false)
        );
        assert!(primitive_in_body(
            "returns a `200 OK` response code and a user object in the response body."
        )
        .is_none());
        assert!(
            primitive_in_body("returns `200 OK` and the string in the response body.").is_none()
        );
    }

    #[test]
    fn http_messages_of_every_layout() {
        for text in [
            "POST /me\nContent-type: application/json\n\n{\"a\": 1}",
            "POST /me\n\nContent-type: application/json\n\n{\"a\": 1}",
            "POST /me\n\n{\"a\": 1}",
            "POST /me\n{\"a\": 1}",
        ] {
            let m = split_http(text);
            assert_eq!(m.start.map(|s| s.1), Some("POST /me"), "{text}");
            let (_, body) = m.body.expect("a body");
            assert_eq!(body.trim(), "{\"a\": 1}", "{text}");
            assert!(m.headers.len() <= 1, "{text}");
        }
        let m = split_http("POST /me\n\nContent-type: application/json\n\n{\"a\": 1}");
        assert_eq!(m.headers[0].0, "Content-type");
    }

    #[test]
    fn permission_cells() {
        assert_eq!(
            permission_items("Not supported."),
            Vec::<Vec<String>>::new()
        );
        assert_eq!(
            permission_items("A.Read, B.Read.All"),
            vec![vec!["A.Read".to_owned()], vec!["B.Read.All".to_owned()]]
        );
        assert_eq!(
            permission_items("AuditLog.Read.All and Directory.Read.All"),
            vec![vec![
                "AuditLog.Read.All".to_owned(),
                "Directory.Read.All".to_owned()
            ]]
        );
    }

    #[test]
    fn status_codes() {
        assert_eq!(status_code("returns a `200 OK` response code"), Some(200));
        assert_eq!(status_code("returns `204 No Content`"), Some(204));
        assert_eq!(status_code("returns 1000 items"), None);
        assert_eq!(
            status_code("If successful, this method returns a 201 Created response"),
            Some(201)
        );
    }

    #[test]
    fn bare_names() {
        assert_eq!(
            bare_object_name("returns 200 OK and collection of signIn objects in the body")
                .as_deref(),
            Some("signIn")
        );
        assert_eq!(bare_object_name("returns an empty object").as_deref(), None);
    }
}
