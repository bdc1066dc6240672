//! The request and response examples of a method page: HTTP messages split into start line,
//! headers and JSON body.

use super::ExampleFact;
use crate::diag::Diagnostics;
use crate::extract::{parse_annotation, parse_json};
use crate::model::{ExampleKind, Header, HttpMethod};
use crate::read::{CodeBlock, Page};
use serde_json::Value;

/// The request and response examples: annotated code blocks anywhere, and unannotated HTTP
/// or JSON blocks in the examples sections.
pub(crate) fn examples(page: &Page, diags: &mut Diagnostics) -> Vec<ExampleFact> {
    let path = page.path.as_str();
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
    examples
}

/// An HTTP message (request or response) split into its parts.
struct HttpMessage<'a> {
    /// The start line and its index.
    start: Option<(usize, &'a str)>,
    /// The headers: name and value.
    headers: Vec<Header>,
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
        .is_some_and(|l| crate::extract::request::is_header_line(l.trim()))
    {
        i = j;
    }
    while i < lines.len() && !lines[i].trim().is_empty() {
        let l = lines[i].trim();
        if l.starts_with(['{', '[']) {
            break;
        }
        if let Some((k, v)) = l.split_once(':') {
            headers.push(Header {
                name: k.trim().to_owned(),
                description: v.trim().to_owned(),
            });
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

/// A code block as a request or response example (`None`: it is neither, or an SDK snippet).
fn example(
    path: &str,
    c: &CodeBlock,
    annotation: Option<Value>,
    diags: &mut Diagnostics,
) -> Option<ExampleFact> {
    let kind = example_kind(c, annotation.as_ref())?;
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
    let is_json_only = c.text.trim_start().starts_with(['{', '[']);
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
            read_start_line(&mut ex, l);
        }
        body
    };
    if let Some((offset, body)) = body_src {
        read_body(&mut ex, path, c.content_line + offset as u32, &body, diags);
    }
    Some(ex)
}

/// What an example block is: its annotation's `blockType`, else what its text starts with (a
/// status line, a method).
fn example_kind(c: &CodeBlock, annotation: Option<&Value>) -> Option<ExampleKind> {
    let block_type = annotation
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
    match block_type {
        "request" => Some(ExampleKind::Request),
        "response" => Some(ExampleKind::Response),
        "" if trimmed.starts_with("HTTP/") => Some(ExampleKind::Response),
        "" if trimmed
            .split_whitespace()
            .next()
            .and_then(HttpMethod::parse)
            .is_some() =>
        {
            Some(ExampleKind::Request)
        }
        _ => None,
    }
}

/// Reads a message's start line `l` into the example: a request's method and URL, a response's
/// status.
fn read_start_line(ex: &mut ExampleFact, l: &str) {
    let mut parts = l.split_whitespace();
    match ex.kind {
        ExampleKind::Request => {
            ex.method = parts.next().and_then(HttpMethod::parse);
            // The rest of the line: example URLs may contain spaces
            // (`$filter=createdDateTime ge 2024-07-01`).
            ex.url = l.split_once(char::is_whitespace).map(|(_, rest)| {
                let rest = rest.trim();
                rest.rsplit_once(" HTTP/")
                    .map_or(rest, |(u, _)| u.trim_end())
                    .to_owned()
            });
        }
        ExampleKind::Response => {
            ex.status = parts.nth(1).and_then(|s| s.parse().ok());
        }
    }
}

/// Reads a message's body (starting at `line`) into the example when it is JSON: its value, or
/// why it could not be read.
fn read_body(ex: &mut ExampleFact, path: &str, line: u32, body: &str, diags: &mut Diagnostics) {
    if !body.trim_start().starts_with(['{', '[']) {
        return;
    }
    match parse_json(path, body, line, "example body", false, diags) {
        Ok(v) => ex.body = Some(v),
        Err(e) => ex.body_error = Some(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(m.headers[0].name, "Content-type");
    }
}
