//! `graphgen diff`: every kind of change on fixture pages written for it (tests/fixtures/diff,
//! old and new), with its classification and the bump; the real pair of the docs (January and
//! July 2021), every reported item checked against the two models; a side against itself.

mod common;

use graphgen::diff::{diff_paths, ChangeKind, DiffOptions, Format, Level, Report, Subject};
use graphgen::model::Model;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn fixtures(side: &str) -> PathBuf {
    common::root().join("tests/fixtures/diff").join(side)
}

fn fixture_report() -> Report {
    let opts = DiffOptions {
        crate_version: Some("0.3.1".to_owned()),
    };
    diff_paths(&fixtures("old"), &fixtures("new"), &opts).expect("diff runs")
}

/// (subject, kind, item, level) of every change.
fn quads(r: &Report) -> BTreeSet<(Subject, ChangeKind, String, Level)> {
    r.changes
        .iter()
        .map(|c| (c.subject, c.kind, c.item.clone(), c.level))
        .collect()
}

/// A request line of a method page (`GET /users/{id}`): where a path change points.
fn is_request_line(line: &str) -> bool {
    let first = line.split_whitespace().next().unwrap_or_default();
    ["GET", "POST", "PUT", "PATCH", "DELETE"].contains(&first)
}

#[test]
fn fixture_pages_show_every_kind_of_change_with_its_classification() {
    let r = fixture_report();
    use ChangeKind::*;
    use Level::*;
    use Subject::*;
    let want: &[(Subject, ChangeKind, &str, Level)] = &[
        // Types: added, removed, renamed (same page, same properties), base changed.
        (Type, Added, "microsoft.graph.newThing", Minor),
        (Type, Removed, "microsoft.graph.oldThing", Major),
        (Type, Renamed, "microsoft.graph.gizmoInfo", Major),
        (Type, Changed, "microsoft.graph.fancyWidget", Major),
        // Properties: a new one is a new field of a #[non_exhaustive] struct.
        (Property, Added, "microsoft.graph.widget.weight", Minor),
        (Property, Removed, "microsoft.graph.widget.legacy", Major),
        (Property, Changed, "microsoft.graph.widget.size", Major),
        (Property, Changed, "microsoft.graph.widget.tags", Major),
        // Enums and members: new members of a #[non_exhaustive] enum, evolvable or not.
        (Enum, Added, "microsoft.graph.widgetShape", Minor),
        (Enum, Removed, "microsoft.graph.oldKind", Major),
        (Member, Added, "microsoft.graph.widgetColor.teal", Minor),
        (Member, Added, "microsoft.graph.widgetColor.blue", Minor),
        (Member, Removed, "microsoft.graph.widgetColor.purple", Major),
        (Member, Changed, "microsoft.graph.widgetColor.green", Patch),
        // Operations: added, removed, renamed (same method and path, new title), moved area.
        (Operation, Added, "createWidget", Minor),
        (Operation, Removed, "deleteWidget", Major),
        (Operation, Renamed, "getAWidget", Major),
        (Operation, Changed, "listWidgets", Major),
        // Parts of operations.
        (Path, Added, "getAWidget /me/widgets/{widget-id}", Minor),
        (QueryOption, Removed, "listWidgets $filter", Major),
        (QueryOption, Added, "getAWidget $format", Minor),
        (
            QueryParameter,
            Added,
            "listWidgets query parameter `since`",
            Minor,
        ),
        (
            FunctionParameter,
            Added,
            "widgetReport function parameter `end`",
            Major,
        ),
        (
            BodyParameter,
            Added,
            "widgetDoThing body parameter `c`",
            Minor,
        ),
        (
            BodyParameter,
            Removed,
            "widgetDoThing body parameter `b`",
            Major,
        ),
        (
            BodyParameter,
            Changed,
            "widgetDoThing body parameter `a`",
            Major,
        ),
        (Response, Changed, "updateWidget response", Major),
        // Permissions: what administrators consent to changes, the API does not.
        (
            Permission,
            Added,
            "getAWidget delegated (work or school account) `Widget.ReadWrite`",
            Patch,
        ),
        (
            Permission,
            Removed,
            "getAWidget application `Widget.Read.All`",
            Patch,
        ),
    ];
    let got = quads(&r);
    let mut missing = Vec::new();
    for (s, k, item, l) in want {
        if !got.contains(&(*s, *k, (*item).to_owned(), *l)) {
            let seen: Vec<_> = got.iter().filter(|g| g.2 == *item).collect();
            missing.push(format!("{s:?} {k:?} {item} {l:?} (seen: {seen:?})"));
        }
    }
    assert!(missing.is_empty(), "missing:\n{}", missing.join("\n"));
    // Nothing else: the function's other arguments are one change, not a removed and an added
    // path; the renamed type is not also a removal and an addition.
    assert_eq!(got.len(), want.len(), "unexpected: {:#?}", got);
    // A breaking change before 1.0 bumps the minor number.
    assert_eq!(r.bump.level, Major);
    assert_eq!(r.bump.next.as_deref(), Some("0.4.0"));
}

#[test]
fn changes_name_their_docs_line_and_the_crates_items() {
    let r = fixture_report();
    let find = |item: &str, kind: ChangeKind| {
        r.changes
            .iter()
            .find(|c| c.item == item && c.kind == kind)
            .unwrap_or_else(|| panic!("{item} {kind:?}"))
    };
    // A new property: the new page's row; the structs that get the field (the type's and every
    // derived type's).
    let c = find("microsoft.graph.widget.weight", ChangeKind::Added);
    assert_eq!(
        c.source.to_string(),
        "api-reference/v1.0/resources/widget.md:25"
    );
    assert!(c.rust.contains(&"v1::models::Widget::weight".to_owned()));
    // A removal: the old page's row.
    let c = find("microsoft.graph.widget.legacy", ChangeKind::Removed);
    assert_eq!(
        c.source.to_string(),
        "api-reference/v1.0/resources/widget.md:25"
    );
    assert!(c
        .rust
        .contains(&"v1::models::FancyWidget::legacy".to_owned()));
    // Every change's line holds what it names (the row of a property or member, the title of
    // a type or operation, a permission table).
    for c in &r.changes {
        let root = if c.kind == ChangeKind::Removed {
            fixtures("old")
        } else {
            fixtures("new")
        };
        let text = std::fs::read_to_string(root.join(&c.source.file)).expect("source exists");
        let line = text
            .lines()
            .nth(c.source.line as usize - 1)
            .unwrap_or_else(|| panic!("{}: no line {}", c.source.file, c.source.line));
        let last = c.item.rsplit(['.', ' ']).next().unwrap_or_default();
        let named = match c.subject {
            Subject::Property | Subject::Member => line.contains(last),
            Subject::Permission => line.starts_with('|') || line.starts_with('#'),
            Subject::Path => is_request_line(line),
            _ => line.starts_with("# ") || line.starts_with("### ") || line.starts_with('|'),
        };
        assert!(
            named,
            "{} {:?}: line {} is {line:?}",
            c.item, c.kind, c.source
        );
    }
}

#[test]
fn formats_text_markdown_and_json() {
    let r = fixture_report();
    let text = r.render(Format::Text);
    assert!(text.contains("## gadgets ("), "{text}");
    assert!(text.contains("api-reference/v1.0/resources/widget.md:25"));
    assert!(text.contains("bump: major (0.3.1 → 0.4.0)"));
    let md = r.render(Format::Markdown);
    for heading in [
        "## 0.4.0: API changes from the docs",
        "### Breaking changes (",
        "### Additions (",
        "### Other changes (no API change) (",
        "#### v1.0, gadgets",
    ] {
        assert!(md.contains(heading), "{heading} missing from:\n{md}");
    }
    let json: serde_json::Value =
        serde_json::from_str(&r.render(Format::Json)).expect("JSON parses");
    // The documented top-level fields (docs/diff.md), and nothing else.
    let keys: BTreeSet<&str> = json
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    let documented: BTreeSet<&str> = [
        "format",
        "old",
        "new",
        "versions",
        "changes",
        "apiChanges",
        "indirect",
        "summary",
        "bump",
    ]
    .into_iter()
    .collect();
    assert_eq!(keys, documented);
    let doc = std::fs::read_to_string(common::root().join("docs/diff.md")).expect("docs/diff.md");
    for k in &keys {
        assert!(
            doc.contains(&format!("`{k}`")),
            "docs/diff.md does not document `{k}`"
        );
    }
    for c in json["changes"].as_array().expect("changes") {
        for field in [
            "version",
            "namespace",
            "subject",
            "kind",
            "item",
            "detail",
            "source",
            "level",
            "rule",
            "rust",
        ] {
            assert!(c.get(field).is_some(), "change without {field}: {c}");
            assert!(
                doc.contains(&format!("`{field}`")),
                "docs/diff.md does not document `{field}`"
            );
        }
    }
    for (id, _) in graphgen::diff::rules::rule_ids() {
        assert!(
            doc.contains(&format!("`{id}`")),
            "docs/diff.md does not list rule `{id}`"
        );
    }
}

#[test]
fn a_side_against_itself_has_no_change() {
    for side in [fixtures("new"), common::shared().join("graph-docs/v1.0")] {
        let r = diff_paths(&side, &side, &DiffOptions::default()).expect("diff runs");
        assert!(
            r.changes.is_empty(),
            "{:#?}",
            &r.changes[..r.changes.len().min(5)]
        );
        assert!(
            r.api_changes.is_empty(),
            "{:#?}",
            &r.api_changes[..r.api_changes.len().min(5)]
        );
        assert_eq!(r.bump.level, Level::None);
    }
}

#[test]
fn a_saved_model_diffs_like_its_docs() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (old, _) = common::models(&fixtures("old"));
    let json = dir.path().join("old.json");
    std::fs::write(&json, graphgen::model_json(&old).expect("json")).expect("write");
    let from_json = diff_paths(&json, &fixtures("new"), &DiffOptions::default()).expect("diff");
    let from_docs =
        diff_paths(&fixtures("old"), &fixtures("new"), &DiffOptions::default()).expect("diff");
    assert_eq!(from_json.changes, from_docs.changes);
    assert_eq!(from_json.api_changes, from_docs.api_changes);
}

/// The model of one side, for checking what the diff says about it.
struct Side {
    root: PathBuf,
    model: Model,
}

impl Side {
    fn load(root: &Path) -> Side {
        let (model, _) = common::model(root);
        Side {
            root: root.to_owned(),
            model,
        }
    }

    fn has_type(&self, q: &str) -> bool {
        self.model.types.iter().any(|t| t.qualified() == q)
    }

    fn has_enum(&self, q: &str) -> bool {
        self.model.enums.iter().any(|e| e.qualified() == q)
    }

    fn property(&self, item: &str) -> Option<(String, bool)> {
        let (q, name) = item.rsplit_once('.')?;
        let t = self.model.types.iter().find(|t| t.qualified() == q)?;
        let p = t.properties.iter().find(|p| p.name == name)?;
        Some((p.ty.as_str().to_owned(), p.collection))
    }

    fn member(&self, item: &str) -> Option<bool> {
        let (q, name) = item.rsplit_once('.')?;
        let e = self.model.enums.iter().find(|e| e.qualified() == q)?;
        e.members
            .iter()
            .find(|m| m.name == name)
            .map(|m| m.evolvable)
    }

    fn operation(&self, name: &str) -> Option<&graphgen::model::Operation> {
        self.model.operations.iter().find(|o| o.name == name)
    }

    fn line(&self, loc: &graphgen::model::SourceLoc) -> String {
        let text = std::fs::read_to_string(self.root.join(&loc.file)).expect("source file");
        text.lines()
            .nth(loc.line as usize - 1)
            .unwrap_or_default()
            .to_owned()
    }
}

/// Checks one reported change against the two models; returns what is wrong, if anything.
fn check(
    c: &graphgen::diff::Change,
    old: &Side,
    new: &Side,
    renamed: &std::collections::BTreeMap<String, String>,
) -> Option<String> {
    let (o, n) = (old, new);
    let ok = match (c.subject, c.kind) {
        (Subject::Type, ChangeKind::Added) => n.has_type(&c.item) && !o.has_type(&c.item),
        (Subject::Type, ChangeKind::Removed) => o.has_type(&c.item) && !n.has_type(&c.item),
        (Subject::Type, _) => n.has_type(&c.item),
        (Subject::Enum, ChangeKind::Added) => n.has_enum(&c.item) && !o.has_enum(&c.item),
        (Subject::Enum, ChangeKind::Removed) => o.has_enum(&c.item) && !n.has_enum(&c.item),
        (Subject::Enum, _) => n.has_enum(&c.item),
        (Subject::Property, ChangeKind::Added) => {
            n.property(&c.item).is_some() && o.property(&c.item).is_none()
        }
        (Subject::Property, ChangeKind::Removed) => {
            o.property(&c.item).is_some() && n.property(&c.item).is_none()
        }
        (Subject::Property, _) => {
            let (a, b) = (o.property(&c.item), n.property(&c.item));
            a.is_some() && b.is_some() && a != b
        }
        (Subject::Member, ChangeKind::Added) => {
            n.member(&c.item).is_some() && o.member(&c.item).is_none()
        }
        (Subject::Member, ChangeKind::Removed) => {
            o.member(&c.item).is_some() && n.member(&c.item).is_none()
        }
        (Subject::Member, _) => {
            let (a, b) = (o.member(&c.item), n.member(&c.item));
            a.is_some() && b.is_some() && a != b
        }
        (Subject::Operation, ChangeKind::Added) => {
            n.operation(&c.item).is_some() && o.operation(&c.item).is_none()
        }
        (Subject::Operation, ChangeKind::Removed) => {
            o.operation(&c.item).is_some() && n.operation(&c.item).is_none()
        }
        (Subject::Operation, _) => n.operation(&c.item).is_some(),
        // Parts of an operation: the operation is on the side the change is read from, and
        // what the change names is there (a path, an option) and not on the other side.
        (_, kind) => {
            let (name, what) = c.item.split_once(' ').unwrap_or((&c.item, ""));
            // A renamed operation's parts are named after its new name; the old side has its
            // old one.
            let old_name = renamed.get(name).map_or(name, String::as_str);
            let (here, there, here_name, there_name) = if kind == ChangeKind::Removed {
                (o, n, old_name, name)
            } else {
                (n, o, name, old_name)
            };
            let Some(op) = here.operation(here_name) else {
                return Some(format!("no operation {name} on its side"));
            };
            match c.subject {
                Subject::QueryOption => {
                    op.query.iter().any(|q| q == what)
                        && there
                            .operation(there_name)
                            .is_none_or(|t| !t.query.iter().any(|q| q == what))
                }
                Subject::Path => op.templates.iter().any(|t| t.template == what) || what.is_empty(),
                Subject::Permission => {
                    let p = what.rsplit('`').nth(1).unwrap_or_default();
                    let all = [
                        &op.permissions.delegated_work,
                        &op.permissions.delegated_personal,
                        &op.permissions.application,
                    ];
                    all.iter().any(|k| k.iter().flatten().any(|x| x == p))
                }
                _ => true,
            }
        }
    };
    if !ok {
        return Some("the models do not show this change".to_owned());
    }
    // The line named is on the side the change is read from and holds what it names.
    let side = if c.kind == ChangeKind::Removed {
        old
    } else {
        new
    };
    let line = side.line(&c.source);
    let last = c.item.rsplit(['.', ' ']).next().unwrap_or_default();
    let named = match c.subject {
        Subject::Property | Subject::Member => line.contains(last),
        Subject::Path => is_request_line(&line),
        _ => !line.trim().is_empty(),
    };
    (!named).then(|| format!("line {} is {line:?}", c.source))
}

#[test]
fn the_real_pair_reports_changes_the_two_models_show() {
    let shared = common::shared();
    let (old_dir, new_dir) = (
        shared.join("graph-docs-2021-01/v1.0"),
        shared.join("graph-docs/v1.0"),
    );
    let r = diff_paths(
        &old_dir,
        &new_dir,
        &DiffOptions {
            crate_version: Some("0.1.0".to_owned()),
        },
    )
    .expect("diff runs");
    let (old, new) = (Side::load(&old_dir), Side::load(&new_dir));
    // Six months of docs: every kind of change happens.
    for (s, k) in [
        (Subject::Type, ChangeKind::Added),
        (Subject::Property, ChangeKind::Added),
        (Subject::Property, ChangeKind::Removed),
        (Subject::Member, ChangeKind::Added),
        (Subject::Operation, ChangeKind::Added),
        (Subject::Operation, ChangeKind::Renamed),
        (Subject::Permission, ChangeKind::Added),
        (Subject::Permission, ChangeKind::Removed),
        (Subject::QueryOption, ChangeKind::Removed),
        (Subject::Path, ChangeKind::Added),
        (Subject::Response, ChangeKind::Changed),
        (Subject::BodyParameter, ChangeKind::Added),
    ] {
        assert!(
            r.changes.iter().any(|c| c.subject == s && c.kind == k),
            "no {s:?} {k:?}"
        );
    }
    // A sample of every kind: the first of each and every 7th change, checked against the two
    // models and the docs' lines.
    let renamed: std::collections::BTreeMap<String, String> = r
        .changes
        .iter()
        .filter(|c| c.subject == Subject::Operation && c.kind == ChangeKind::Renamed)
        .filter_map(|c| {
            let old = c.detail.split('`').nth(1)?;
            Some((c.item.clone(), old.to_owned()))
        })
        .collect();
    let mut seen = BTreeSet::new();
    let mut wrong = Vec::new();
    let mut checked = 0;
    for (i, c) in r.changes.iter().enumerate() {
        if !seen.insert((c.subject, c.kind)) && i % 7 != 0 {
            continue;
        }
        checked += 1;
        if let Some(why) = check(c, &old, &new, &renamed) {
            wrong.push(format!(
                "{:?} {:?} {} ({}): {why}",
                c.subject, c.kind, c.item, c.source
            ));
        }
    }
    assert!(checked > 300, "only {checked} checked");
    assert!(
        wrong.is_empty(),
        "{} wrong:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
    // What the crate needs: breaking changes (properties removed, paths removed, features
    // renamed with their areas), so a new minor number before 1.0.
    assert_eq!(r.bump.level, Level::Major);
    assert_eq!(r.bump.next.as_deref(), Some("0.2.0"));
}

#[test]
fn crates_on_disk_compare_like_the_report_says() {
    // What `cargo xtask codegen` prints: the API of the crate before and after regenerating.
    let dir = tempfile::tempdir().expect("temp dir");
    let write = |side: &str| {
        let out = dir.path().join(side);
        let opts = graphgen::GenerateOptions {
            input: fixtures(side),
            out: Some(out.clone()),
            ir: None,
            check: false,
            emit: graphgen::emit::EmitOptions {
                crate_name: "graphgen-sdk".to_owned(),
                command: "tests/diff.rs".to_owned(),
                runtime: graphgen::emit::RuntimeDep::Version("0.1".to_owned()),
                workspace_member: false,
                rustfmt: false,
            },
        };
        graphgen::generate(&opts).expect("generates");
        graphgen::diff::CrateApi::from_dir(&out).expect("reads back")
    };
    let (old, new) = (write("old"), write("new"));
    assert!(graphgen::diff::compare_crates(&new, &new).is_empty());
    let changes = graphgen::diff::compare_crates(&old, &new);
    let report = fixture_report();
    assert_eq!(changes, report.api_changes);
    let line = graphgen::diff::api_one_line(&changes, Some("0.1.0"));
    assert!(line.ends_with("bump: major (0.1.0 → 0.2.0)"), "{line}");
    assert!(
        line.starts_with(&format!("{} crate API changes", changes.len())),
        "{line}"
    );
}
