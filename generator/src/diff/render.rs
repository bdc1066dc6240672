//! The report as text (grouped by version and area), as a markdown changelog section, and as
//! one line.

use super::{Bump, Change, Level, Report, Summary};
use std::collections::BTreeMap;
use std::fmt::Write;

const NO_AREA: &str = "(no area)";

/// How many items of a list a line shows before "and N more".
const SHOWN_RUST: usize = 3;

fn count(map: &BTreeMap<String, usize>, key: &str) -> usize {
    map.get(key).copied().unwrap_or(0)
}

/// `3 major, 10 minor, 2 patch` (levels with none left out; `none` when empty).
fn levels(map: &BTreeMap<String, usize>) -> String {
    let parts: Vec<String> = [Level::Major, Level::Minor, Level::Patch]
        .iter()
        .filter(|l| count(map, l.as_str()) > 0)
        .map(|l| format!("{} {}", count(map, l.as_str()), l.as_str()))
        .collect();
    if parts.is_empty() {
        "none".to_owned()
    } else {
        parts.join(", ")
    }
}

fn bump_words(b: &Bump) -> String {
    match (&b.current, &b.next) {
        (Some(c), Some(n)) => format!("{} ({c} → {n})", b.level),
        (Some(c), None) if b.level == Level::None => format!("none (stays {c})"),
        _ => b.level.to_string(),
    }
}

/// `API: 120 docs changes (3 major, …); crate API: 140 changes (…); bump: major (0.1.0 → 0.2.0)`.
pub(crate) fn one_line(s: &Summary, b: &Bump, with_docs: bool) -> String {
    let docs: usize = s.changes.values().sum();
    let api: usize = s.api_changes_by_level.values().sum();
    let mut line = String::new();
    if with_docs {
        let _ = write!(
            line,
            "{docs} docs changes ({}); ",
            levels(&s.changes_by_level)
        );
    }
    let _ = write!(
        line,
        "{api} crate API changes ({}); bump: {}",
        levels(&s.api_changes_by_level),
        bump_words(b)
    );
    line
}

fn rust_shown(c: &Change) -> String {
    if c.rust.is_empty() {
        return String::new();
    }
    let mut shown: Vec<String> = c
        .rust
        .iter()
        .take(SHOWN_RUST)
        .map(|r| format!("`{r}`"))
        .collect();
    if c.rust.len() > SHOWN_RUST {
        shown.push(format!("and {} more", c.rust.len() - SHOWN_RUST));
    }
    format!(" [{}]", shown.join(", "))
}

/// Changes grouped by version, then area (in the report's order).
fn grouped(changes: &[Change]) -> BTreeMap<(&str, &str), Vec<&Change>> {
    let mut out: BTreeMap<(&str, &str), Vec<&Change>> = BTreeMap::new();
    for c in changes {
        let area = c.area.as_deref().unwrap_or(NO_AREA);
        out.entry((c.version.as_str(), area)).or_default().push(c);
    }
    out
}

/// The text report: every change by version and area, with its level, source and the crate's
/// items; the indirect API changes; the counts and the bump.
pub(crate) fn text(r: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "graphgen diff: {} → {}", r.old, r.new);
    let mut version = "";
    for ((v, area), list) in grouped(&r.changes) {
        if v != version {
            let n = r.changes.iter().filter(|c| c.version == v).count();
            let _ = writeln!(out, "\n# {v}: {n} changes");
            version = v;
        }
        let _ = writeln!(out, "\n## {area} ({} changes)", list.len());
        let mut ns = "";
        for c in list {
            if c.namespace != ns {
                let _ = writeln!(out, "  {}:", c.namespace);
                ns = &c.namespace;
            }
            let _ = writeln!(
                out,
                "    [{}] {} {} {}: {} ({}){}",
                c.level,
                c.subject.as_str(),
                c.kind.as_str(),
                c.item,
                c.detail,
                c.source,
                rust_shown(c)
            );
        }
    }
    indirect(
        r,
        &mut out,
        "\n# The crate's API changes that follow indirectly",
        |a, m| format!("    [{}] {}{m}: {} ({})", a.level, a.path, a.what, a.rule),
    );
    let _ = writeln!(out, "\n{}", one_line(&r.summary, &r.bump, true));
    let _ = writeln!(out, "why: {}", r.bump.reason);
    out
}

/// A changelog section: breaking changes, additions, other changes (each by version and area),
/// then the indirect API changes.
pub(crate) fn markdown(r: &Report) -> String {
    let mut out = String::new();
    let title = match &r.bump.next {
        Some(n) => format!("## {n}: API changes from the docs"),
        None => "## API changes from the docs".to_owned(),
    };
    let _ = writeln!(out, "{title}\n");
    let _ = writeln!(
        out,
        "Docs compared: `{}` → `{}`. Release: **{}**. {}\n",
        r.old,
        r.new,
        bump_words(&r.bump),
        md_escape(&r.bump.reason)
    );
    let sections = [
        (Level::Major, "Breaking changes"),
        (Level::Minor, "Additions"),
        (Level::Patch, "Other changes (no API change)"),
    ];
    for (level, heading) in sections {
        let list: Vec<Change> = r
            .changes
            .iter()
            .filter(|c| c.level == level)
            .cloned()
            .collect();
        if list.is_empty() {
            continue;
        }
        let _ = writeln!(out, "### {heading} ({})\n", list.len());
        for ((v, area), items) in grouped(&list) {
            let _ = writeln!(out, "#### {v}, {area}\n");
            for c in items {
                let _ = writeln!(
                    out,
                    "- {} {} `{}`: {} (`{}`){}",
                    c.subject.as_str(),
                    c.kind.as_str(),
                    c.item,
                    md_escape(&c.detail),
                    c.source,
                    rust_shown(c)
                );
            }
            out.push('\n');
        }
    }
    indirect(
        r,
        &mut out,
        "### Crate API changes that follow indirectly",
        |a, m| format!("- **{}** `{}{m}`: {}", a.level, a.path, md_escape(&a.what)),
    );
    if !r.indirect.is_empty() {
        out.push('\n');
    }
    out
}

/// The API changes no docs change names: a heading with their count, then one line each (`line`
/// gets the change and its member, ` field x` or empty).
fn indirect(
    r: &Report,
    out: &mut String,
    heading: &str,
    line: impl Fn(&super::ApiChange, &str) -> String,
) {
    if r.indirect.is_empty() {
        return;
    }
    let _ = writeln!(out, "{heading} ({})", r.indirect.len());
    // A markdown heading is followed by a blank line (the text report's starts with one).
    if !heading.starts_with('\n') {
        out.push('\n');
    }
    for &i in &r.indirect {
        let a = &r.api_changes[i];
        let member = a
            .member
            .as_deref()
            .map(|m| format!(" {m}"))
            .unwrap_or_default();
        let _ = writeln!(out, "{}", line(a, &member));
    }
}

/// Text with markdown's emphasis characters outside code spans escaped.
fn md_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_code = false;
    for c in s.chars() {
        if c == '`' {
            in_code = !in_code;
        }
        if !in_code && matches!(c, '*' | '_' | '<' | '>' | '[' | ']') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}
