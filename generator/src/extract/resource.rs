//! Resource pages: `# x resource type`, a properties table, relationships, and the JSON
//! representation with its `blockType: resource` annotation.

use super::{
    page_description, page_namespace, parse_annotation, parse_json, property_rows, PropertyFact,
    ResourceFact,
};
use crate::diag::{DiagKind, Diagnostics};
use crate::read::Page;
use serde_json::Value;
use std::collections::HashMap;

fn ann_bool(v: &Value, key: &str) -> bool {
    match v.get(key) {
        Some(Value::Bool(b)) => *b,
        Some(Value::String(s)) => s.eq_ignore_ascii_case("true"),
        _ => false,
    }
}

fn ann_str<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

/// Splits a qualified name given the page's namespace: `microsoft.graph.x.y` → (`microsoft.graph.x`, `y`).
pub(crate) fn split_qualified(name: &str, page_ns: &str) -> (String, String) {
    let name = name.trim_start_matches('#');
    if let Some(rest) = name.strip_prefix(page_ns).and_then(|r| r.strip_prefix('.')) {
        if !rest.contains('.') {
            return (page_ns.to_owned(), rest.to_owned());
        }
    }
    match name.rsplit_once('.') {
        Some((ns, n)) => (ns.to_owned(), n.to_owned()),
        None => (page_ns.to_owned(), name.to_owned()),
    }
}

/// Extracts a resource page.
pub(crate) fn extract(page: &Page, diags: &mut Diagnostics) -> Option<ResourceFact> {
    let path = page.path.as_str();
    let title_line = page.title.as_ref().map_or(1, |t| t.1);
    let ns = page_namespace(page, diags);
    let (annotation, json) = resource_annotation(page, diags);
    let (namespace, name) = type_name(page, &ns, annotation.as_ref(), diags)?;
    let mut properties = properties(page, diags);
    add_relationships(page, &mut properties, diags);
    let ann = annotation.unwrap_or(Value::Null);
    let base = base_type(page, &ann, &properties, diags);
    Some(ResourceFact {
        path: path.to_owned(),
        line: title_line,
        namespace,
        name,
        description: page_description(page),
        key: ann_str(&ann, "keyProperty").map(str::to_owned),
        base,
        is_abstract: ann_bool(&ann, "abstract"),
        open: ann_bool(&ann, "openType"),
        properties,
        json,
        enums: super::enums::value_sections(page, &ns, true, diags),
        area: page.area(),
    })
}

/// The JSON representation block: its value, and the line of each top-level key.
type JsonRepresentation = (Value, HashMap<String, u32>);

/// The resource annotation: on the JSON representation block, wherever it is. The first one,
/// and the JSON of its block (when it can be read).
fn resource_annotation(
    page: &Page,
    diags: &mut Diagnostics,
) -> (Option<Value>, Option<JsonRepresentation>) {
    let path = page.path.as_str();
    let mut annotation = None;
    let mut json = None;
    for c in page.blocks().filter_map(|b| match &b.kind {
        crate::read::BlockKind::Code(c) => Some(c),
        _ => None,
    }) {
        let Some(raw) = &c.annotation else { continue };
        let Some(ann) = parse_annotation(path, raw, diags) else {
            continue;
        };
        if ann.get("blockType").and_then(Value::as_str) == Some("resource") && annotation.is_none()
        {
            json = parse_json(
                path,
                &c.text,
                c.content_line,
                "JSON representation",
                false,
                diags,
            )
            .ok()
            .map(|v| {
                let lines = super::json::top_level_key_lines(&c.text)
                    .into_iter()
                    .map(|(k, l)| (k, c.content_line + l))
                    .collect();
                (v, lines)
            });
            annotation = Some(ann);
        }
    }
    (annotation, json)
}

/// The type's name in the title (`x resource type` → `x`).
fn title_name(page: &Page) -> Option<String> {
    page.title.as_ref().map(|(t, _)| {
        let t = t.trim();
        let lower = t.to_ascii_lowercase();
        let cut = ["resource type", "complex type", "entity type", "resource"]
            .iter()
            .find_map(|s| lower.strip_suffix(s).map(|x| x.len()))
            .unwrap_or(t.len());
        t[..cut].trim().trim_matches('`').to_owned()
    })
}

/// The type's namespace and name: from the annotation's `@odata.type`, else from the title
/// (`None`, reported, when neither gives one). `ns` is the page's namespace.
fn type_name(
    page: &Page,
    ns: &str,
    annotation: Option<&Value>,
    diags: &mut Diagnostics,
) -> Option<(String, String)> {
    let path = page.path.as_str();
    let title_line = page.title.as_ref().map_or(1, |t| t.1);
    let title_name = title_name(page);
    match annotation.and_then(|a| ann_str(a, "@odata.type")) {
        Some(q) => {
            let (n_ns, n) = split_qualified(q, ns);
            if n_ns != ns && q.contains('.') {
                diags.warn(
                    path,
                    title_line,
                    DiagKind::MissingSection,
                    format!("the annotation names `{q}` but the page's namespace is `{ns}`; using the annotation"),
                );
            }
            Some((n_ns, n))
        }
        None => {
            let Some(t) = title_name.filter(|t| !t.is_empty() && !t.contains(' ')) else {
                diags.warn(
                    path,
                    title_line,
                    DiagKind::MissingSection,
                    "resource page without a `blockType: resource` annotation or a usable title; skipped",
                );
                return None;
            };
            diags.warn(
                path,
                title_line,
                DiagKind::MissingSection,
                "no `blockType: resource` annotation; type name taken from the title",
            );
            Some(split_qualified(&t, ns))
        }
    }
}

/// The rows of the tables of the `## Properties` section (reported when there is none).
fn properties(page: &Page, diags: &mut Diagnostics) -> Vec<PropertyFact> {
    let path = page.path.as_str();
    let mut properties = Vec::new();
    let Some(sec) = page.section(|h| h == "properties") else {
        let title_line = page.title.as_ref().map_or(1, |t| t.1);
        diags.warn(
            path,
            title_line,
            DiagKind::MissingSection,
            "no `## Properties` section",
        );
        return properties;
    };
    for t in sec.tables() {
        // Other tables in the section (value lists, colour tables) are not properties; a
        // table headed like one (`Property | Description`) loses its properties: an error.
        if t.column(|h| h == "type").is_none() {
            let message = format!("table without a `Type` column in the properties section (header: {}); not read as properties", t.header.join(" | "));
            if t.column(|h| h == "property" || h == "name").is_some() {
                diags.error(path, t.line, DiagKind::MalformedTable, message);
            } else {
                diags.warn(path, t.line, DiagKind::MalformedTable, message);
            }
            continue;
        }
        properties.extend(property_rows(path, t, false, diags));
    }
    properties
}

/// Adds the rows of the relationships section's tables to `properties`, but those named like a
/// property (reported).
fn add_relationships(page: &Page, properties: &mut Vec<PropertyFact>, diags: &mut Diagnostics) {
    let path = page.path.as_str();
    let Some(sec) = page.section(|h| h == "relationships" || h == "navigation properties") else {
        return;
    };
    for t in sec.tables() {
        for p in property_rows(path, t, true, diags) {
            if let Some(prev) = properties.iter().find(|x| x.name == p.name) {
                diags.warn(
                    path,
                    p.line,
                    DiagKind::Duplicate,
                    format!(
                        "`{}` is both a property (line {}) and a relationship",
                        p.name, prev.line
                    ),
                );
                continue;
            }
            properties.push(p);
        }
    }
}

/// The base type: the annotation's `baseType`, else what the prose or the "Inherited from"
/// rows say (reported).
fn base_type(
    page: &Page,
    ann: &Value,
    properties: &[PropertyFact],
    diags: &mut Diagnostics,
) -> Option<String> {
    let base = ann_str(ann, "baseType").map(|s| s.trim_start_matches('#').to_owned());
    if base.is_some() {
        return base;
    }
    // No `baseType` in the annotation: the prose ("inherits from [x](x.md)") or the
    // "Inherited from" rows may still say it.
    let (b, line, how) = base_from_prose(page).or_else(|| base_from_rows(properties))?;
    diags.warn(
        &page.path,
        line,
        DiagKind::MissingSection,
        format!("the annotation has no `baseType`; base type `{b}` taken from {how}"),
    );
    Some(b)
}

/// Phrases that introduce a base type in a page's prose.
const BASE_PHRASES: [&str; 5] = [
    "inherits from",
    "a subclass of",
    "derived from",
    "derives from",
    "extends",
];

/// "x inherits from [y](y.md)" in the paragraphs before the first table: the linked name.
fn base_from_prose(page: &Page) -> Option<(String, u32, &'static str)> {
    for sec in page.sections.iter().take_while(|s| s.level <= 1) {
        for (line, p) in sec.paragraphs() {
            let lower = p.text.to_ascii_lowercase();
            let Some(pos) = BASE_PHRASES
                .iter()
                .filter_map(|ph| lower.find(ph).map(|i| i + ph.len()))
                .min()
            else {
                continue;
            };
            let after = &p.text[pos..];
            let link = p.links.iter().find(|l| {
                let t = l.text.trim();
                !t.is_empty() && after.trim_start().starts_with(t) && l.target.contains(".md")
            })?;
            let name = link.text.trim().trim_matches(['*', '`']).to_owned();
            if name.chars().all(|c| c.is_ascii_alphanumeric() || c == '.') {
                return Some((name, line, "the page's prose"));
            }
        }
    }
    None
}

/// The type that the "Inherited from" rows name, when they agree.
fn base_from_rows(props: &[PropertyFact]) -> Option<(String, u32, &'static str)> {
    let mut named = props
        .iter()
        .filter_map(|p| p.inherited_from.as_ref().map(|f| (f, p.line)));
    let (first, line) = named.next()?;
    named
        .all(|(f, _)| f == first)
        .then(|| (first.clone(), line, "its \"Inherited from\" rows"))
}
