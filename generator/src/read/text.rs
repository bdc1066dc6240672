//! The rendered-text front end: a docs page as a person copies it from the website. UI chrome
//! (in any language) comes before the title, which is the line before `Namespace: …`; headings
//! are plain lines; tables are flattened into lines of words; code blocks have no fences; JSON
//! bodies are found by balancing braces. The result is the same [`Page`] the markdown reader
//! produces, so extraction does not care which front end read a page.

use super::{push_block, BlockKind, CodeBlock, Format, Inline, Page, Row, Section, Table};
use crate::diag::Diagnostics;
use crate::model::HttpMethod;
use std::collections::BTreeMap;

/// Section headings a rendered method or resource page uses, lower-cased.
const HEADINGS: [&str; 17] = [
    "permissions",
    "http request",
    "optional query parameters",
    "query parameters",
    "request headers",
    "request body",
    "response",
    "responses",
    "examples",
    "example",
    "properties",
    "relationships",
    "json representation",
    "methods",
    "function parameters",
    "parameters",
    "path parameters",
];

/// True when `text` is a rendered page rather than markdown: a `Namespace:` line or plain
/// section headings, and none of markdown's marks (front matter, fences, `#` headings, pipe
/// tables, HTML comments).
pub(crate) fn looks_rendered(text: &str) -> bool {
    let t = text.trim_start_matches('\u{feff}');
    if t.starts_with("---") {
        return false;
    }
    let mut rendered = false;
    for line in t.lines() {
        let l = line.trim_start();
        if l.starts_with("```")
            || l.starts_with("<!--")
            || l.starts_with("# ")
            || l.starts_with("## ")
        {
            return false;
        }
        if l.starts_with('|') && l[1..].contains('|') {
            return false;
        }
        if l.starts_with("Namespace:") || HEADINGS.contains(&l.trim().to_ascii_lowercase().as_str())
        {
            rendered = true;
        }
    }
    rendered
}

fn is_method_line(l: &str) -> bool {
    let mut parts = l.split_whitespace();
    matches!((parts.next(), parts.next()), (Some(m), Some(u)) if HttpMethod::ALL.iter().any(|x| x.as_str() == m) && (u.starts_with('/') || u.starts_with("http") || u.contains('/')))
}

fn is_header_line(l: &str) -> bool {
    match l.split_once(':') {
        Some((k, v)) => {
            !k.is_empty()
                && !v.is_empty()
                && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        }
        None => false,
    }
}

/// The lines of a JSON value starting at `start` (a line beginning with `{` or `[`), up to the
/// line where its brackets balance (or the end of the text).
fn balanced(lines: &[&str], start: usize) -> usize {
    let mut depth = 0i64;
    let mut in_str = false;
    let mut escaped = false;
    for (i, l) in lines.iter().enumerate().skip(start) {
        for c in l.chars() {
            if in_str {
                match (escaped, c) {
                    (true, _) => escaped = false,
                    (false, '\\') => escaped = true,
                    (false, '"') => in_str = false,
                    _ => {}
                }
                continue;
            }
            match c {
                '"' => in_str = true,
                '{' | '[' => depth += 1,
                '}' | ']' => depth -= 1,
                _ => {}
            }
        }
        if depth <= 0 {
            return i;
        }
    }
    lines.len().saturating_sub(1)
}

/// A permission name: `AuditLog.Read.All`, `ChannelMessage.Read.Group*`.
fn is_permission(tok: &str) -> bool {
    let t = tok.trim_end_matches([',', '.', ';']);
    t.contains('.')
        && t.split('.').all(|p| {
            !p.is_empty()
                && p.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '*' || c == '_')
        })
}

/// Splits a flattened permissions row ("AuditLog.Read.All and Directory.Read.All Not available.")
/// into its columns: a new column starts after "Not supported."/"Not available.", and where one
/// permission follows another without "and" or a comma between them.
fn permission_cells(rest: &str) -> Vec<String> {
    let toks: Vec<&str> = rest.split_whitespace().collect();
    let mut cells = Vec::new();
    let mut cur: Vec<&str> = Vec::new();
    let mut prev_perm = false;
    let mut i = 0;
    while i < toks.len() {
        let t = toks[i];
        let next = toks
            .get(i + 1)
            .map(|n| n.trim_end_matches('.').to_ascii_lowercase());
        if t.eq_ignore_ascii_case("not")
            && matches!(next.as_deref(), Some("supported" | "available"))
        {
            if !cur.is_empty() {
                cells.push(cur.join(" "));
                cur.clear();
            }
            cells.push(format!("Not {}.", next.unwrap_or_default()));
            i += 2;
            prev_perm = false;
            continue;
        }
        if is_permission(t) {
            if prev_perm && !cur.is_empty() {
                cells.push(cur.join(" "));
                cur.clear();
            }
            cur.push(t);
            prev_perm = !t.ends_with(',');
        } else {
            cur.push(t);
            prev_perm = false;
        }
        i += 1;
    }
    if !cur.is_empty() {
        cells.push(cur.join(" "));
    }
    cells
}

const PERMISSION_TYPES: [&str; 3] = [
    "Delegated (work or school account)",
    "Delegated (personal Microsoft account)",
    "Application",
];

fn plain(text: &str) -> Inline {
    Inline {
        text: text.split_whitespace().collect::<Vec<_>>().join(" "),
        ..Inline::default()
    }
}

/// A flattened table starting with a header line this reader knows: the header cells and how
/// to split each row.
fn table_header(l: &str) -> Option<Vec<String>> {
    let lower = l.trim().to_ascii_lowercase();
    let h: &[&str] = match lower.as_str() {
        "permission type least privileged permissions higher privileged permissions" => &[
            "Permission type",
            "Least privileged permissions",
            "Higher privileged permissions",
        ],
        "permission type permissions (from least to most privileged)" => &[
            "Permission type",
            "Permissions (from least to most privileged)",
        ],
        "name description" => &["Name", "Description"],
        "header value" => &["Header", "Value"],
        "property type description" => &["Property", "Type", "Description"],
        "parameter type description" => &["Parameter", "Type", "Description"],
        _ => return None,
    };
    Some(h.iter().map(|s| s.to_string()).collect())
}

fn table_row(header: &[String], l: &str) -> Vec<Inline> {
    let l = l.trim();
    if header[0] == "Permission type" {
        if let Some(kind) = PERMISSION_TYPES.iter().find(|k| l.starts_with(*k)) {
            let mut cells = vec![plain(kind)];
            cells.extend(permission_cells(&l[kind.len()..]).iter().map(|c| plain(c)));
            return cells;
        }
    }
    let mut parts = l.splitn(2, char::is_whitespace);
    let first = parts.next().unwrap_or("");
    let rest = parts.next().unwrap_or("").trim();
    if header.len() == 3 {
        // name, type (`String collection` counts as one), description.
        let mut p = rest.splitn(2, char::is_whitespace);
        let mut ty = p.next().unwrap_or("").to_owned();
        let mut desc = p.next().unwrap_or("").trim().to_owned();
        if let Some(d) = desc.strip_prefix("collection") {
            ty.push_str(" collection");
            desc = d.trim().to_owned();
        }
        return vec![plain(first), plain(&ty), plain(&desc)];
    }
    vec![plain(first), plain(rest)]
}

/// Reads a rendered page.
pub(crate) fn read(path: &str, text: &str, _diags: &mut Diagnostics) -> Page {
    let lines: Vec<&str> = text.trim_start_matches('\u{feff}').lines().collect();
    let mut sections = vec![Section::new(String::new(), 0, 1)];
    let mut title = None;
    let start = match title_index(&lines) {
        Some(t) => {
            let heading = lines[t].trim().to_owned();
            title = Some((heading.clone(), t as u32 + 1));
            sections.push(Section::new(heading, 1, t as u32 + 1));
            t + 1
        }
        None => 0,
    };
    read_blocks(&lines, start, &mut sections);
    Page {
        path: path.to_owned(),
        format: Format::Rendered,
        front_matter: BTreeMap::new(),
        title,
        sections,
    }
}

/// The index of the title line: the line before `Namespace:`; what comes before it is the
/// site's chrome. Without a `Namespace:` line, the first line with text.
fn title_index(lines: &[&str]) -> Option<usize> {
    let nonempty = |i: usize| !lines[i].trim().is_empty();
    let ns_at = lines
        .iter()
        .position(|l| l.trim_start().starts_with("Namespace:"));
    match ns_at {
        Some(n) => (0..n).rev().find(|&i| nonempty(i)),
        None => (0..lines.len()).find(|&i| nonempty(i)),
    }
}

/// Reads the lines from `start` on into `sections`: headings, requests, flattened tables and
/// paragraphs.
fn read_blocks(lines: &[&str], start: usize, sections: &mut Vec<Section>) {
    let mut in_examples = false;
    let mut i = start;
    while i < lines.len() {
        let l = lines[i].trim();
        if l.is_empty() {
            i += 1;
            continue;
        }
        let lower = l.to_ascii_lowercase();
        // Headings.
        if let Some(level) = heading_level(&lower, &mut in_examples) {
            sections.push(Section::new(l.to_owned(), level, i as u32 + 1));
            i += 1;
            continue;
        }
        // Requests: method lines (with headers and a JSON body in examples).
        if is_method_line(l) || l.starts_with("HTTP/") {
            let (code, next) = request_block(lines, i, in_examples);
            push_block(sections, i as u32 + 1, BlockKind::Code(code));
            i = next;
            continue;
        }
        // Flattened tables.
        if let Some(header) = table_header(l) {
            let (table, next) = flattened_table(lines, i, header);
            push_block(sections, i as u32 + 1, BlockKind::Table(table));
            i = next;
            continue;
        }
        // Anything else is a paragraph of its own (list bullets dropped).
        let text = l.trim_start_matches(['•', '-', '*', '·']).trim();
        push_block(sections, i as u32 + 1, BlockKind::Paragraph(plain(text)));
        i += 1;
    }
}

/// The level of the section a line (lower-cased) heads, if it is a heading: `Examples` (which
/// starts the examples part: `in_examples` is set), `Example 1: …` under it, `Request` and
/// `Response` under those, and the other known headings.
fn heading_level(lower: &str, in_examples: &mut bool) -> Option<u8> {
    let example_heading = lower.starts_with("example")
        && (lower == "examples"
            || lower == "example"
            || lower[7..]
                .trim_start()
                .starts_with(|c: char| c.is_ascii_digit()));
    if HEADINGS.contains(&lower) || example_heading {
        let level = if lower == "examples" || lower == "example" {
            *in_examples = true;
            2
        } else if example_heading {
            3
        } else if *in_examples && matches!(lower, "request" | "response") {
            4
        } else {
            2
        };
        return Some(level);
    }
    if *in_examples && (lower == "request" || lower == "response") {
        return Some(4);
    }
    None
}

/// The request (or response) starting at line `first`: its method lines, its headers and, in
/// examples, its JSON body, as an `http` code block; and the index of the line after it.
fn request_block(lines: &[&str], first: usize, in_examples: bool) -> (CodeBlock, usize) {
    let l = lines[first].trim();
    let mut block: Vec<&str> = vec![l];
    let mut i = first + 1;
    if !l.starts_with("HTTP/") && !in_examples {
        // The HTTP request section lists paths, one per line.
        while i < lines.len() && is_method_line(lines[i].trim()) {
            block.push(lines[i].trim());
            i += 1;
        }
    }
    while i < lines.len() && is_header_line(lines[i].trim()) && !lines[i].trim().starts_with('{') {
        block.push(lines[i].trim());
        i += 1;
    }
    let mut text = block.join("\n");
    if in_examples {
        if let Some((body, next)) = json_body(lines, i) {
            i = next;
            if !body.is_empty() {
                text.push_str("\n\n");
                text.push_str(&body);
            }
        }
    }
    text.push('\n');
    let code = CodeBlock {
        info: "http".to_owned(),
        text,
        content_line: first as u32 + 1,
        annotation: None,
    };
    (code, i)
}

/// A JSON body starting at line `i`: after at most one blank line, balanced braces. The body's
/// text and the index of the line after it.
fn json_body(lines: &[&str], i: usize) -> Option<(String, usize)> {
    let mut j = i;
    while j < lines.len() && lines[j].trim().is_empty() && j < i + 2 {
        j += 1;
    }
    if j < lines.len() && lines[j].trim_start().starts_with(['{', '[']) {
        let end = balanced(lines, j);
        return Some((lines[j..=end].join("\n"), end + 1));
    }
    None
}

/// The flattened table whose header line (`header`) is line `first`: its rows are the lines up
/// to the next blank line. The table and the index of the line after it.
fn flattened_table(lines: &[&str], first: usize, header: Vec<String>) -> (Table, usize) {
    let mut rows = Vec::new();
    let mut i = first + 1;
    while i < lines.len() && !lines[i].trim().is_empty() {
        rows.push(Row {
            line: i as u32 + 1,
            cells: table_row(&header, lines[i]),
            bold_first: false,
        });
        i += 1;
    }
    let table = Table {
        line: first as u32 + 1,
        header,
        rows,
    };
    (table, i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detection() {
        assert!(looks_rendered(
            "편집\n\nList signIns\n\nNamespace: microsoft.graph\n\nHTTP request\n\nGET /x\n"
        ));
        assert!(!looks_rendered(
            "---\ntitle: x\n---\n# x\n\nNamespace: microsoft.graph\n"
        ));
        assert!(!looks_rendered(
            "# x resource type\n\nNamespace: microsoft.graph\n\n## Properties\n"
        ));
        assert!(!looks_rendered("Some notes\nwith no structure\n"));
    }

    #[test]
    fn permission_rows() {
        assert_eq!(
            permission_cells(" AuditLog.Read.All and Directory.Read.All Not available."),
            vec!["AuditLog.Read.All and Directory.Read.All", "Not available."]
        );
        assert_eq!(
            permission_cells(" Not supported. Not supported."),
            vec!["Not supported.", "Not supported."]
        );
        assert_eq!(
            permission_cells(" User.Read User.ReadWrite.All, Directory.Read.All"),
            vec!["User.Read", "User.ReadWrite.All, Directory.Read.All"]
        );
    }

    #[test]
    fn balanced_json() {
        let lines = vec!["{", "  \"a\": \"}\",", "  \"b\": [1, 2],", "}", "after"];
        assert_eq!(balanced(&lines, 0), 3);
    }
}
