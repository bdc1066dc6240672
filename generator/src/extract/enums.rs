//! Enum pages: `enums*.md` pages with one `### x values` section per enum, and single-enum pages
//! (`# x enum type` with `## Members`). Tables have `Member`, `Member | Value | Description` or
//! `Value | Description` columns; "flags" is said only in prose.

use super::{page_description, page_namespace, slug, EnumFact, MemberFact};
use crate::diag::{DiagKind, Diagnostics};
use crate::read::{Page, Section, Table};

/// Phrases that mark a flags enumeration.
const FLAG_PHRASES: [&str; 7] = [
    "flagged enum",
    "flags enum",
    "flag enum",
    "is a flag",
    "multi-valued",
    "multiple values can be combined",
    "bitwise",
];

fn says_flags(text: &str) -> bool {
    let l = text.to_ascii_lowercase();
    FLAG_PHRASES.iter().any(|p| l.contains(p))
}

fn members(path: &str, table: &Table, diags: &mut Diagnostics) -> Vec<MemberFact> {
    let member_col =
        table.column(|h| h == "member" || h == "members" || h == "name" || h == "member name");
    // `Value`, or today's `Int value`, holds the numbers when a member column names them.
    let value_col = table.column(|h| h == "value" || h == "int value" || h == "integer value");
    let desc_col = table.column(|h| h.starts_with("description"));
    // `Value | Description`: the value column holds the names.
    let (name_col, num_col) = match (member_col, value_col) {
        (Some(m), v) => (m, v),
        (None, Some(v)) => (v, None),
        (None, None) => (0, None),
    };
    let mut out: Vec<MemberFact> = Vec::new();
    let mut seen: std::collections::HashSet<String> = std::collections::HashSet::new();
    for row in table.rows.iter().filter(|r| !r.is_section_row()) {
        let Some(cell) = row.cells.get(name_col) else {
            continue;
        };
        let name = cell.text.trim().trim_matches(['`', '*', '"']).trim();
        if name.is_empty() {
            continue;
        }
        if name.parse::<i64>().is_ok() && num_col.is_none() && member_col.is_none() {
            diags.warn(
                path,
                row.line,
                DiagKind::MalformedTable,
                format!("enum member `{name}` is a number"),
            );
        }
        let value = num_col.and_then(|c| row.cells.get(c)).and_then(|c| {
            let t = c.text.trim();
            t.parse::<i64>().ok().or_else(|| {
                t.strip_prefix("0x")
                    .and_then(|h| i64::from_str_radix(h, 16).ok())
            })
        });
        if !seen.insert(name.to_owned()) {
            diags.warn(
                path,
                row.line,
                DiagKind::Duplicate,
                format!("enum member `{name}` is listed twice"),
            );
            continue;
        }
        out.push(MemberFact {
            name: name.to_owned(),
            value,
            description: desc_col
                .and_then(|c| row.cells.get(c))
                .map(|c| c.text.clone())
                .unwrap_or_default(),
            line: row.line,
        });
    }
    out
}

fn section_enum(
    page: &Page,
    sec: &Section,
    ns: &str,
    name: String,
    anchor: Option<String>,
    description: String,
    diags: &mut Diagnostics,
) -> Option<EnumFact> {
    let mut ms = Vec::new();
    for t in sec.tables() {
        ms.extend(members(&page.path, t, diags));
    }
    if ms.is_empty() {
        diags.warn(
            &page.path,
            sec.line,
            DiagKind::MissingSection,
            format!("enum `{name}` has no members table"),
        );
        return None;
    }
    let prose: String = sec
        .paragraphs()
        .map(|(_, p)| p.text.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    Some(EnumFact {
        path: page.path.clone(),
        line: sec.line,
        namespace: ns.to_owned(),
        flags: says_flags(&prose) || says_flags(&description),
        description: if description.is_empty() {
            prose
        } else {
            description
        },
        name,
        anchor,
        members: ms,
        area: page.area(),
    })
}

fn clean_name(s: &str) -> String {
    s.trim().trim_matches('`').trim().to_owned()
}

/// Extracts all enums of an enum page.
pub(crate) fn extract(page: &Page, diags: &mut Diagnostics) -> Vec<EnumFact> {
    let ns = page_namespace(page, diags);
    let mut out = Vec::new();
    // Single-enum page: `# x enum type` + `## Members`.
    let title = page
        .title
        .as_ref()
        .map(|t| t.0.trim().to_owned())
        .unwrap_or_default();
    let lower = title.to_ascii_lowercase();
    if let Some(stripped) = lower
        .strip_suffix(" enum type")
        .or_else(|| lower.strip_suffix(" enumeration type"))
    {
        let name = clean_name(&title[..stripped.len()]);
        if let Some(sec) = page.section(|h| h == "members" || h == "values" || h == "enum members")
        {
            if let Some(e) = section_enum(page, sec, &ns, name, None, page_description(page), diags)
            {
                out.push(e);
            }
            return out;
        }
    }
    out.extend(value_sections(page, &ns, false, diags));
    if out.is_empty() {
        diags.warn(
            &page.path,
            1,
            DiagKind::MissingSection,
            "enum page defines no enum",
        );
    }
    out
}

/// Enums of `### x values` sections. On resource pages (`strict`), only camelCase names count
/// (so "Property values" is not an enum).
pub(crate) fn value_sections(
    page: &Page,
    ns: &str,
    strict: bool,
    diags: &mut Diagnostics,
) -> Vec<EnumFact> {
    let mut out = Vec::new();
    for sec in page.sections.iter().filter(|s| s.level >= 2) {
        let key = sec.key();
        let Some(stripped) = key.strip_suffix(" values") else {
            continue;
        };
        let stripped = stripped.strip_suffix(" enum").unwrap_or(stripped);
        let name = clean_name(&sec.heading.trim()[..stripped.len()]);
        if strict
            && (!name.starts_with(|c: char| c.is_ascii_lowercase())
                || name.contains(' ')
                || sec.tables().next().is_none())
        {
            continue;
        }
        if name.is_empty() || name.contains(' ') {
            diags.warn(
                &page.path,
                sec.line,
                DiagKind::MalformedTable,
                format!("cannot take an enum name from heading `{}`", sec.heading),
            );
            continue;
        }
        if let Some(e) = section_enum(
            page,
            sec,
            ns,
            name,
            Some(slug(&sec.heading)),
            String::new(),
            diags,
        ) {
            out.push(e);
        }
    }
    out
}
