//! The permissions a method needs: the tables of its permissions section, per account type.

use crate::diag::{DiagKind, Diagnostics};
use crate::model::{Permissions, PermissionsSource, SourceLoc};
use crate::read::{BlockKind, IncludeStatus, Origin, Page, Section, Table};

/// The page's permissions: from `## Permissions` and its sub-sections (reported when the page
/// has none). `line` is the title's line.
pub(crate) fn permissions_of(
    page: &Page,
    line: u32,
    diags: &mut Diagnostics,
) -> Option<Permissions> {
    let path = page.path.as_str();
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
    match perm_tree.first() {
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
    }
}

/// The permission sets a cell names: alternatives (split at `,` and `;`), each a set of
/// permissions joined by "and". None for "Not supported." and the like.
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
fn permissions(path: &str, tree: &[&Section], diags: &mut Diagnostics) -> Option<Permissions> {
    let &sec = tree.first()?;
    let tables: Vec<(&Table, Option<&Origin>)> =
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
    let mut p = Permissions::default();
    for (table, origin) in tables {
        add_table(&mut p, path, table, origin, diags);
    }
    Some(p)
}

/// Adds a permissions table (from the include file `origin`, or the page at `path`) to `p`: its
/// source and its permission sets.
fn add_table(
    p: &mut Permissions,
    path: &str,
    table: &Table,
    origin: Option<&Origin>,
    diags: &mut Diagnostics,
) {
    let file = origin.map_or(path, |o| o.file.as_str());
    p.sources.push(match origin {
        None => PermissionsSource {
            source: SourceLoc::new(path, table.line),
            table: None,
        },
        Some(o) => PermissionsSource {
            source: SourceLoc::new(path, o.page_line),
            table: Some(SourceLoc::new(&o.file, table.line)),
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
        return;
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

impl Slots for Permissions {
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
