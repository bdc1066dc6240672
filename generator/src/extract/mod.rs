//! Stage 2, **extract**: a [`Page`] becomes page facts ([`ResourceFact`], [`EnumFact`]s or an
//! [`OperationFact`]), each with file and line. Extraction knows the docs' conventions; it does
//! not resolve names across pages (that is `resolve`) and knows nothing of Rust.

pub(crate) mod enums;
pub(crate) mod json;
pub(crate) mod method;
pub(crate) mod request;
pub(crate) mod resource;
pub(crate) mod typeref;

use crate::diag::{DiagKind, Diagnostics};
use crate::read::{BlockKind, Inline, Page, Table};
use serde_json::Value;
use typeref::TypeRef;

/// A property (or parameter) row.
#[derive(Debug, Clone)]
pub(crate) struct PropertyFact {
    pub name: String,
    pub line: u32,
    /// The parsed type; `None` when the cell could not be understood (already reported).
    pub ty: Option<TypeRef>,
    pub description: String,
    pub navigation: bool,
    /// The type named in "Inherited from [x](x.md)", as written.
    pub inherited_from: Option<String>,
    /// Values listed in "The possible values are: …".
    pub possible_values: Vec<String>,
    /// Members the description names as evolvable ("… get the following members in this
    /// evolvable enum: …").
    pub evolvable_values: Vec<String>,
    /// Whether the description says the property or parameter is required.
    pub required: bool,
}

/// A resource (entity or complex type) page.
#[derive(Debug, Clone)]
pub(crate) struct ResourceFact {
    pub path: String,
    pub line: u32,
    pub namespace: String,
    pub name: String,
    pub description: String,
    pub key: Option<String>,
    pub base: Option<String>,
    pub is_abstract: bool,
    pub open: bool,
    pub properties: Vec<PropertyFact>,
    /// The JSON representation block: its value, and the line of each top-level key.
    pub json: Option<(Value, std::collections::HashMap<String, u32>)>,
    /// Enums defined in `### x values` sections of the page itself.
    pub enums: Vec<EnumFact>,
    /// The page's product area.
    pub area: Option<String>,
}

/// An enum member.
#[derive(Debug, Clone)]
pub(crate) struct MemberFact {
    pub name: String,
    pub value: Option<i64>,
    pub description: String,
    pub line: u32,
}

/// An enum, from an enum page section or a single-enum page.
#[derive(Debug, Clone)]
pub(crate) struct EnumFact {
    pub path: String,
    pub line: u32,
    pub namespace: String,
    pub name: String,
    /// The anchor links use for it (`devicecategory-values`), if it has a section of its own.
    pub anchor: Option<String>,
    pub description: String,
    pub flags: bool,
    pub members: Vec<MemberFact>,
    /// The page's product area.
    pub area: Option<String>,
}

/// Facts of one page.
#[derive(Debug, Clone)]
pub(crate) enum PageFacts {
    Resource(Box<ResourceFact>),
    Enums(Vec<EnumFact>),
    Operation(Box<method::OperationFact>),
    /// Conceptual or unrecognised pages.
    Other,
}

/// Extracts the facts of one page.
pub(crate) fn extract_page(page: &Page, diags: &mut Diagnostics) -> PageFacts {
    let doc_type = page
        .front_matter
        .get("doc_type")
        .map(|s| s.to_ascii_lowercase())
        .unwrap_or_default();
    let title = page
        .title
        .as_ref()
        .map(|t| t.0.to_ascii_lowercase())
        .unwrap_or_default();
    let file = page.file_name().to_ascii_lowercase();
    // What the page holds decides, more than its front matter: some resource pages say
    // `apiPageType` or misspell `resourcePageType`.
    let has_resource_block = page.blocks().any(|b| match &b.kind {
        BlockKind::Code(c) => c.annotation.as_ref().is_some_and(|(a, _)| {
            let compact: String = a.chars().filter(|c| !c.is_whitespace()).collect();
            compact.contains("\"blockType\":\"resource\"")
        }),
        _ => false,
    });
    let is_enum = doc_type.starts_with("enum")
        || file.starts_with("enums")
        || title.ends_with(" enum type")
        || title.ends_with("enum values");
    if is_enum && !has_resource_block {
        return PageFacts::Enums(enums::extract(page, diags));
    }
    let has_http_request = page.section(|h| h.starts_with("http request")).is_some();
    // A method page that says `resourcePageType` (it happens) is still a method page.
    let is_resource = has_resource_block
        || title.ends_with("resource type")
        || doc_type.starts_with("resourcepagetype") && !has_http_request;
    if is_resource {
        return match resource::extract(page, diags) {
            Some(r) => PageFacts::Resource(Box::new(r)),
            None => PageFacts::Other,
        };
    }
    let is_api = doc_type.starts_with("apipagetype") || has_http_request;
    if is_api {
        return match method::extract(page, diags) {
            Some(o) => PageFacts::Operation(Box::new(o)),
            None => PageFacts::Other,
        };
    }
    // A page with a permissions section documents a method, though in no form this reader
    // knows (requests under headings of their own): said, not silently dropped.
    if let Some(sec) = page.section(|h| h == "permissions") {
        diags.warn(
            &page.path,
            sec.line,
            DiagKind::MissingSection,
            "a permissions section but no `## HTTP request` section and no `doc_type`: not read as a method page",
        );
    }
    PageFacts::Other
}

/// The page's namespace, defaulting to `microsoft.graph` with a warning.
pub(crate) fn page_namespace(page: &Page, diags: &mut Diagnostics) -> String {
    match page.namespace() {
        Some((ns, _)) => ns,
        None => {
            diags.warn(
                &page.path,
                page.title.as_ref().map_or(1, |t| t.1),
                DiagKind::MissingSection,
                "no `Namespace:` line; assuming microsoft.graph",
            );
            "microsoft.graph".to_owned()
        }
    }
}

/// The first paragraph after the title that is not the namespace line or a note: the page's
/// description.
pub(crate) fn page_description(page: &Page) -> String {
    let Some(sec) = page.sections.iter().find(|s| s.level == 1) else {
        return String::new();
    };
    sec.paragraphs()
        .map(|(_, p)| p.text.trim())
        .find(|t| {
            !t.starts_with("Namespace:")
                && !t.starts_with("Note:")
                && !t.starts_with("**Note")
                && !t.starts_with("Important")
                && !t.is_empty()
        })
        .unwrap_or_default()
        .to_owned()
}

/// Parses an annotation comment leniently, reporting repairs and failures. A resource
/// annotation that cannot be read loses the type's name, key and base: an error; any other
/// (an example's) only a warning.
pub(crate) fn parse_annotation(
    path: &str,
    raw: &(String, u32),
    diags: &mut Diagnostics,
) -> Option<Value> {
    let compact: String = raw.0.chars().filter(|c| !c.is_whitespace()).collect();
    let loses = compact.contains("\"blockType\":\"resource\"");
    parse_json(path, &raw.0, raw.1, "annotation", loses, diags).ok()
}

/// Parses JSON leniently; repairs are warnings; a failure is an error when `loses` (the SDK
/// loses what the JSON says), else a warning; all with the file line. `Err` is `line N:
/// message`.
pub(crate) fn parse_json(
    path: &str,
    text: &str,
    first_line: u32,
    what: &str,
    loses: bool,
    diags: &mut Diagnostics,
) -> Result<Value, String> {
    match json::parse_lenient(text) {
        Ok((v, repairs)) => {
            for r in repairs {
                diags.warn(
                    path,
                    first_line + r.line,
                    DiagKind::InvalidJson,
                    format!("invalid JSON in {what}: {}", r.what),
                );
            }
            Ok(v)
        }
        Err(e) => {
            let line = first_line + e.line;
            let message = format!("invalid JSON in {what}: {}", e.message);
            if loses {
                diags.error(path, line, DiagKind::InvalidJson, message);
            } else {
                diags.warn(path, line, DiagKind::InvalidJson, message);
            }
            Err(format!("line {line}: {}", e.message))
        }
    }
}

/// Lists the values named in "The possible values are: `a`, `b`, `c`." (and close variants).
pub(crate) fn possible_values(desc: &Inline) -> Vec<String> {
    let lower = desc.text.to_ascii_lowercase();
    let Some(pos) = [
        "possible values are",
        "possible values:",
        "supported values are",
        "valid values are",
    ]
    .iter()
    .find_map(|k| lower.find(k).map(|p| p + k.len())) else {
        return Vec::new();
    };
    list_at(desc, pos)
}

/// The members today's descriptions name as evolvable: "Use the `Prefer:
/// include-unknown-enum-members` request header to get the following members in this evolvable
/// enum: `failed`." (also "values", "value", "from this"). Empty when the sentence is absent.
pub(crate) fn evolvable_values(desc: &Inline) -> Vec<String> {
    let lower = desc.text.to_ascii_lowercase();
    let Some(header) = lower.find("include-unknown-enum-members") else {
        return Vec::new();
    };
    let Some(following) = lower[header..].find("following").map(|i| header + i) else {
        return Vec::new();
    };
    // The list starts after the colon that follows "following …", within the sentence.
    let Some(colon) = lower[following..]
        .find([':', '.'])
        .filter(|&i| lower[following + i..].starts_with(':'))
        .map(|i| following + i + 1)
    else {
        return Vec::new();
    };
    list_at(desc, colon)
}

/// The values listed in `desc`'s text from byte `pos` to the end of the sentence: its code spans
/// when it has any, else comma-separated words; empty when a part is not a plain name.
fn list_at(desc: &Inline, pos: usize) -> Vec<String> {
    let rest = desc.text[pos..].trim_start_matches([':', ' ']);
    // The list ends at the end of the sentence.
    let end = rest
        .char_indices()
        .find(|&(i, c)| c == '.' && (rest[i + 1..].starts_with([' ', '\n']) || i + 1 == rest.len()))
        .map_or(rest.len(), |(i, _)| i);
    let list = &rest[..end];
    let valid = |p: &str| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    let mut out: Vec<String> = Vec::new();
    // Code spans, when the list uses them, are the values exactly.
    let spans: Vec<&String> = desc
        .code
        .iter()
        .filter(|c| list.contains(c.as_str()))
        .collect();
    if !spans.is_empty() {
        for c in spans {
            let c = c.trim();
            if valid(c) && !out.iter().any(|x| x == c) {
                out.push(c.to_owned());
            }
        }
        return out;
    }
    for part in list.split([',', ';']).flat_map(|p| p.split(" and ")) {
        let mut p = part.trim();
        for pre in ["and ", "or "] {
            if let Some(x) = p.strip_prefix(pre) {
                p = x.trim();
            }
        }
        let p = p.trim_matches(['"', '\'', '*', '.']).trim();
        if p.is_empty() {
            continue;
        }
        if !valid(p) {
            return Vec::new();
        }
        if !out.iter().any(|x| x == p) {
            out.push(p.to_owned());
        }
    }
    out
}

/// Reads a `Property | Type | Description` (or `Parameter | Type | Description`) table.
pub(crate) fn property_rows(
    path: &str,
    table: &Table,
    navigation: bool,
    diags: &mut Diagnostics,
) -> Vec<PropertyFact> {
    let name_col = table
        .column(|h| {
            matches!(
                h,
                "property"
                    | "name"
                    | "parameter"
                    | "relationship"
                    | "property name"
                    | "parameter name"
            )
        })
        .unwrap_or(0);
    let type_col = match table.column(|h| h == "type" || h == "value") {
        Some(c) => c,
        None => {
            diags.warn(path, table.line, DiagKind::MalformedTable, format!("table has no `Type` column (header: {}); the second column is read as the type", table.header.join(" | ")));
            1
        }
    };
    let desc_col = table.column(|h| h.starts_with("description")).unwrap_or(2);
    let mut out: Vec<PropertyFact> = Vec::new();
    let mut first_line: std::collections::HashMap<String, u32> = std::collections::HashMap::new();
    for row in table.rows.iter().filter(|r| !r.is_section_row()) {
        let Some(name_cell) = row.cells.get(name_col) else {
            continue;
        };
        let name = name_cell.text.trim().trim_matches(['*', '`']).trim();
        // `@odata.type`-style rows (also written `odata.type`) document instance annotations,
        // and `$top`-style rows query options, not properties.
        if name.is_empty()
            || name.starts_with('@')
            || name.starts_with("odata.")
            || name.starts_with('$')
        {
            continue;
        }
        let name = name.split_whitespace().next().unwrap_or(name).to_owned();
        if !name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.' || c == '@' || c == '-')
        {
            diags.warn(
                path,
                row.line,
                DiagKind::MalformedTable,
                format!("`{name}` is not a property name; row skipped"),
            );
            continue;
        }
        let ty = match row.cells.get(type_col) {
            Some(cell) => {
                match typeref::parse_type_cell(cell) {
                    Ok(t) => Some(t),
                    Err(text) => {
                        diags.warn(
                        path,
                        row.line,
                        DiagKind::UnparsedType,
                        format!("cannot understand the type `{text}` of `{name}`; typed as raw JSON"),
                    );
                        None
                    }
                }
            }
            None => {
                // The property's type is lost: the SDK can only keep its raw JSON.
                diags.error(
                    path,
                    row.line,
                    DiagKind::MalformedTable,
                    format!("row for `{name}` has no type cell; typed as raw JSON"),
                );
                None
            }
        };
        let desc_inline = row.cells.get(desc_col).cloned().unwrap_or_default();
        let inherited_from = inherited_from(&desc_inline);
        let lower = desc_inline.text.to_ascii_lowercase();
        let required = lower.starts_with("required")
            || lower.contains(" required.")
            || lower.contains("required.") && !lower.contains("not required");
        if let Some(prev) = first_line.get(&name) {
            diags.warn(
                path,
                row.line,
                DiagKind::Duplicate,
                format!("`{name}` is listed twice (first at line {prev})"),
            );
            continue;
        }
        first_line.insert(name.clone(), row.line);
        out.push(PropertyFact {
            name,
            line: row.line,
            ty,
            possible_values: possible_values(&desc_inline),
            evolvable_values: evolvable_values(&desc_inline),
            description: desc_inline.text,
            navigation,
            inherited_from,
            required,
        });
    }
    out
}

/// "Inherited from [entity](entity.md)." → `entity`.
/// The phrase is the docs' convention, capitalised ("… Read-only. Inherited from [x](x.md).");
/// in lower case mid-sentence it counts only before a link or a name that looks like a type
/// (`microsoft.graph.entity`, `directoryObject`): "assigned or inherited from a group" names no
/// base.
fn inherited_from(desc: &Inline) -> Option<String> {
    const PHRASE: &str = "inherited from";
    let text = &desc.text;
    let pos = text.to_ascii_lowercase().find(PHRASE)?;
    let formal = text[pos..].starts_with('I') || text[..pos].trim_end().is_empty();
    let after = &text[pos + PHRASE.len()..];
    let link = desc
        .links
        .iter()
        .find(|l| !l.text.trim().is_empty() && after.trim_start().starts_with(l.text.trim()));
    let name = match link {
        Some(l) => l.text.trim().to_owned(),
        None => after
            .split_whitespace()
            .next()?
            .trim_matches(|c: char| !c.is_ascii_alphanumeric() && c != '.')
            .trim_end_matches('.')
            .to_owned(),
    };
    let typed = link.is_some()
        || name.contains('.')
        || name.chars().skip(1).any(|c| c.is_ascii_uppercase());
    let article = matches!(name.to_ascii_lowercase().as_str(), "a" | "an" | "the");
    (!name.is_empty() && !article && (formal || typed)).then_some(name)
}

/// Lower-case slug of a heading, as the docs site makes anchors (`deviceCategory values` →
/// `devicecategory-values`).
pub(crate) fn slug(heading: &str) -> String {
    let mut s = String::new();
    for c in heading.trim().chars() {
        if c.is_alphanumeric() || c == '_' || c == '-' {
            s.extend(c.to_lowercase());
        } else if c.is_whitespace() {
            s.push('-');
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::markdown::parse_inline;

    #[test]
    fn possible_values_in_descriptions() {
        let d = parse_inline("Status of the connection. The possible values are: `open`, `active`, `closed`, `unknownFutureValue`.");
        assert_eq!(
            possible_values(&d),
            vec!["open", "active", "closed", "unknownFutureValue"]
        );
        let d = parse_inline("Possible values are: none, low, medium, and high. More text.");
        assert_eq!(possible_values(&d), vec!["none", "low", "medium", "high"]);
        let d = parse_inline("No list here.");
        assert!(possible_values(&d).is_empty());
        let d = parse_inline("The possible values are: any string you like.");
        assert!(possible_values(&d).is_empty());
        let d = parse_inline("Possible values are `a` (default) and `b`.");
        assert_eq!(possible_values(&d), vec!["a", "b"]);
    }

    #[test]
    fn evolvable_members_in_descriptions() {
        let d = parse_inline("Status. The possible values are: `draft`, `unknownFutureValue`, `failed`. You must use the `Prefer: include-unknown-enum-members` request header to get the following value in this [evolvable enum](/graph/best-practices-concept): `failed`.");
        assert_eq!(evolvable_values(&d), vec!["failed"]);
        assert_eq!(
            possible_values(&d),
            vec!["draft", "unknownFutureValue", "failed"]
        );
        let d = parse_inline("Use the `Prefer: include-unknown-enum-members` request header to get the following values from this [evolvable enum](x): `reportOnlySuccess`, `reportOnlyFailure`.");
        assert_eq!(
            evolvable_values(&d),
            vec!["reportOnlySuccess", "reportOnlyFailure"]
        );
        let d = parse_inline("Use the Prefer: include-unknown-enum-members request header to get the following members in this evolvable enum: a, b and c.");
        assert_eq!(evolvable_values(&d), vec!["a", "b", "c"]);
        let d = parse_inline("Send `Prefer: include-unknown-enum-members` to see all values.");
        assert!(evolvable_values(&d).is_empty());
    }

    #[test]
    fn inherited_from_links() {
        let d = parse_inline("The id. Inherited from [microsoft.graph.entity](entity.md).");
        assert_eq!(
            inherited_from(&d).as_deref(),
            Some("microsoft.graph.entity")
        );
        let d = parse_inline("Inherited from directoryObject.");
        assert_eq!(inherited_from(&d).as_deref(), Some("directoryObject"));
        let d = parse_inline("Whether the license is directly assigned or inherited from a group. If inherited, see [group](group.md).");
        assert_eq!(inherited_from(&d), None);
        let d =
            parse_inline("This is an id, inherited from microsoft.graph.entity, is the locale.");
        assert_eq!(
            inherited_from(&d).as_deref(),
            Some("microsoft.graph.entity")
        );
    }

    #[test]
    fn slugs() {
        assert_eq!(slug("deviceCategory values"), "devicecategory-values");
        assert_eq!(slug(" callType  values "), "calltype--values");
    }
}
