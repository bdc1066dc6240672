//! Today's docs format (`../shared/graph-docs-current`, pages of 2022–2026 with the include files
//! they name, and our own fixtures in `tests/fixtures/current` and `tests/fixtures/includes`):
//! permission tables from `[!INCLUDE]` files reach the model, the descriptors and rustdoc;
//! evolvable members stated in prose agree with today's metadata; every quirk of today's pages
//! is read or reported with file and line.

mod common;

use common::has;

use graphgen::diag::{DiagKind, Diagnostic, Diagnostics};
use graphgen::model::{ExampleKind, Model, Operation, Permissions, SourceLoc};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

fn current() -> PathBuf {
    common::shared().join("graph-docs-current")
}

fn current_models() -> &'static (Vec<Model>, Diagnostics) {
    static MODELS: OnceLock<(Vec<Model>, Diagnostics)> = OnceLock::new();
    MODELS.get_or_init(|| common::models(&current()))
}

fn fixtures(name: &str) -> PathBuf {
    common::root().join("tests/fixtures").join(name)
}

/// The operation documented by the page `file` (relative to the docs root).
fn op_of<'m>(models: &'m [Model], file: &str) -> Option<&'m Operation> {
    models
        .iter()
        .flat_map(|m| &m.operations)
        .find(|o| o.source.file == file)
}

/// A permissions table as the page shows it, parsed here independently of the generator: per
/// account type, every permission of every column in order, each once (`Not supported.`,
/// `Not available.` name none).
#[derive(Debug, Default, PartialEq)]
struct Table {
    header_line: u32,
    work: Vec<String>,
    personal: Vec<String>,
    application: Vec<String>,
}

fn parse_table(text: &str) -> Table {
    let mut t = Table::default();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if !line.starts_with('|') {
            continue;
        }
        let cells: Vec<&str> = line.trim_matches('|').split('|').map(str::trim).collect();
        let kind = cells[0].to_ascii_lowercase();
        if kind.starts_with("permission type") {
            t.header_line = i as u32 + 1;
            continue;
        }
        let slot = if kind.contains("personal") {
            &mut t.personal
        } else if kind.contains("delegated") {
            &mut t.work
        } else if kind.contains("application") {
            &mut t.application
        } else {
            continue;
        };
        for cell in &cells[1..] {
            for p in cell.split(',') {
                let p = p.trim().trim_end_matches('.');
                let none = p.is_empty()
                    || p.starts_with("Not supported")
                    || p.starts_with("Not available");
                if !none && !slot.iter().any(|x| x == p) {
                    slot.push(p.to_owned());
                }
            }
        }
    }
    t
}

fn singles(sets: &[Vec<String>]) -> Vec<String> {
    sets.iter()
        .map(|s| {
            assert_eq!(
                s.len(),
                1,
                "an include table lists single permissions: {s:?}"
            );
            s[0].clone()
        })
        .collect()
}

/// The include target of the page's permissions table and the line it is on.
fn permission_include(page: &str) -> Option<(String, u32)> {
    page.lines().enumerate().find_map(|(i, l)| {
        let rest = l.trim().strip_prefix("[!INCLUDE [permissions-table](")?;
        Some((rest.split(')').next()?.to_owned(), i as u32 + 1))
    })
}

/// Every method page under `root` (`<base><version>/api/*.md`), relative to `root`.
fn method_pages(root: &Path, base: &str) -> Vec<String> {
    let mut out = Vec::new();
    for version in ["v1.0", "beta"] {
        let Ok(rd) = std::fs::read_dir(root.join(format!("{base}{version}/api"))) else {
            continue;
        };
        for e in rd.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if name.ends_with(".md") {
                out.push(format!("{base}{version}/api/{name}"));
            }
        }
    }
    out.sort();
    out
}

/// A generated `rt::Permissions { … }`: field name → the permission sets.
type GeneratedPermissions = BTreeMap<String, Vec<Vec<String>>>;

/// The string literals of each field of a generated `rt::Permissions { … }` expression.
fn generated_permissions(expr: &syn::Expr) -> GeneratedPermissions {
    fn strings(e: &syn::Expr) -> Vec<Vec<String>> {
        let outer = match e {
            syn::Expr::Reference(r) => &*r.expr,
            other => other,
        };
        let syn::Expr::Array(a) = outer else {
            panic!("not an array: {}", quote::quote!(#e));
        };
        a.elems
            .iter()
            .map(|set| {
                let syn::Expr::Reference(r) = set else {
                    panic!("not a reference")
                };
                let syn::Expr::Array(inner) = &*r.expr else {
                    panic!("not an array")
                };
                inner
                    .elems
                    .iter()
                    .map(|l| match l {
                        syn::Expr::Lit(syn::ExprLit {
                            lit: syn::Lit::Str(s),
                            ..
                        }) => s.value(),
                        other => panic!("not a string: {}", quote::quote!(#other)),
                    })
                    .collect()
            })
            .collect()
    }
    let syn::Expr::Struct(s) = expr else {
        panic!("PERMISSIONS is not a struct expression")
    };
    s.fields
        .iter()
        .map(|f| {
            let syn::Member::Named(name) = &f.member else {
                panic!("unnamed field")
            };
            (name.to_string(), strings(&f.expr))
        })
        .collect()
}

/// Per generated descriptor (by its `OPERATION`): the `PERMISSIONS` fields and the rustdoc.
fn generated_descriptors(
    files: &BTreeMap<String, String>,
) -> BTreeMap<String, (GeneratedPermissions, String)> {
    let mut docs: BTreeMap<String, String> = BTreeMap::new();
    let mut out = BTreeMap::new();
    for (path, text) in files {
        if !path.contains("/endpoints/") {
            continue;
        }
        let file = syn::parse_file(text).unwrap_or_else(|e| panic!("{path}: {e}"));
        for item in &file.items {
            match item {
                syn::Item::Struct(s) => {
                    let doc: Vec<String> = s
                        .attrs
                        .iter()
                        .filter(|a| a.path().is_ident("doc"))
                        .filter_map(|a| match &a.meta {
                            syn::Meta::NameValue(nv) => match &nv.value {
                                syn::Expr::Lit(syn::ExprLit {
                                    lit: syn::Lit::Str(s),
                                    ..
                                }) => Some(s.value()),
                                _ => None,
                            },
                            _ => None,
                        })
                        .collect();
                    docs.insert(s.ident.to_string(), doc.join("\n"));
                }
                syn::Item::Impl(imp) if imp.trait_.is_some() => {
                    let syn::Type::Path(tp) = &*imp.self_ty else {
                        continue;
                    };
                    let name = tp
                        .path
                        .segments
                        .last()
                        .expect("type name")
                        .ident
                        .to_string();
                    let mut operation = None;
                    let mut perms = None;
                    for it in &imp.items {
                        if let syn::ImplItem::Const(c) = it {
                            match c.ident.to_string().as_str() {
                                "OPERATION" => {
                                    if let syn::Expr::Lit(syn::ExprLit {
                                        lit: syn::Lit::Str(s),
                                        ..
                                    }) = &c.expr
                                    {
                                        operation = Some(s.value());
                                    }
                                }
                                "PERMISSIONS" => perms = Some(generated_permissions(&c.expr)),
                                _ => {}
                            }
                        }
                    }
                    if let (Some(op), Some(p)) = (operation, perms) {
                        out.insert(op, (p, name));
                    }
                }
                _ => {}
            }
        }
    }
    out.into_iter()
        .map(|(op, (p, name))| {
            let d = docs.get(&name).cloned().unwrap_or_default();
            (op, (p, d))
        })
        .collect()
}

fn emitted(models: &[Model]) -> BTreeMap<String, String> {
    let opts = graphgen::emit::EmitOptions {
        crate_name: "today".to_owned(),
        command: "test".to_owned(),
        runtime: graphgen::emit::RuntimeDep::Path("../runtime".to_owned()),
        workspace_member: false,
        rustfmt: false,
    };
    graphgen::emit::emit_crate(models, &opts)
        .expect("emits")
        .files
}

fn doc_line(kind: &str, perms: &[String]) -> String {
    let list = if perms.is_empty() {
        "not supported".to_owned()
    } else {
        perms
            .iter()
            .map(|p| format!("`{p}`"))
            .collect::<Vec<_>>()
            .join("; or ")
    };
    format!("- {kind}: {list}")
}

/// Checks the operation of every method page under `root` whose permissions come from an
/// include file: the model, the descriptor's `PERMISSIONS` and its rustdoc hold exactly the
/// include's table; a page whose include is absent gets one `include` warning at the include
/// line. Returns (pages checked, pages with an absent include).
fn check_included_permissions(
    root: &Path,
    base: &str,
    models: &[Model],
    diags: &Diagnostics,
) -> (usize, usize) {
    let generated = generated_descriptors(&emitted(models));
    let all = diags.sorted();
    let (mut checked, mut absent) = (0, 0);
    for page in method_pages(root, base) {
        let text = std::fs::read_to_string(root.join(&page)).expect("page readable");
        let Some((target, include_line)) = permission_include(&text) else {
            continue;
        };
        let page_dir = root.join(&page).parent().expect("folder").to_owned();
        let include = page_dir.join(&target);
        let op = op_of(models, &page).unwrap_or_else(|| panic!("no operation for {page}"));
        let at_include: Vec<&Diagnostic> = all
            .iter()
            .filter(|d| d.file == page && d.line == include_line)
            .collect();
        if !include.is_file() {
            absent += 1;
            assert_eq!(at_include.len(), 1, "{page}: {at_include:?}");
            assert_eq!(at_include[0].kind, DiagKind::Include);
            assert!(at_include[0].message.contains(&target), "{}", at_include[0]);
            assert!(
                !all.iter().any(|d| d.file == page
                    && d.kind == DiagKind::MissingSection
                    && d.message.contains("permissions")),
                "{page}: reported twice"
            );
            assert_eq!(op.permissions, Permissions::default(), "{page}");
            let (_, doc) = &generated[&op.name];
            assert!(
                doc.contains("Permissions: the docs do not state them."),
                "{doc}"
            );
            continue;
        }
        checked += 1;
        assert!(at_include.is_empty(), "{page}: {at_include:?}");
        let table = parse_table(&std::fs::read_to_string(&include).expect("include readable"));
        let p = &op.permissions;
        assert_eq!(
            singles(&p.delegated_work),
            table.work,
            "{page}: delegated (work)"
        );
        assert_eq!(
            singles(&p.delegated_personal),
            table.personal,
            "{page}: delegated (personal)"
        );
        assert_eq!(
            singles(&p.application),
            table.application,
            "{page}: application"
        );
        // Both locations: the include line of the page, the table's line in the include file.
        let shown = include
            .canonicalize()
            .expect("canonical")
            .strip_prefix(root.canonicalize().expect("canonical root"))
            .expect("inside the root")
            .to_string_lossy()
            .replace('\\', "/");
        assert_eq!(p.sources.len(), 1, "{page}");
        assert_eq!(
            p.sources[0].source.to_string(),
            format!("{page}:{include_line}")
        );
        assert_eq!(
            p.sources[0].table.as_ref().map(ToString::to_string),
            Some(format!("{shown}:{}", table.header_line))
        );
        // The descriptor: data and rustdoc.
        let (data, doc) = &generated[&op.name];
        let flat = |k: &str| -> Vec<String> { data[k].iter().map(|s| s.join(" and ")).collect() };
        assert_eq!(flat("delegated_work"), table.work, "{page}: PERMISSIONS");
        assert_eq!(
            flat("delegated_personal"),
            table.personal,
            "{page}: PERMISSIONS"
        );
        assert_eq!(
            flat("application"),
            table.application,
            "{page}: PERMISSIONS"
        );
        for (kind, perms) in [
            ("Delegated (work or school account)", &table.work),
            ("Delegated (personal Microsoft account)", &table.personal),
            ("Application", &table.application),
        ] {
            let line = doc_line(kind, perms);
            assert!(
                doc.lines().any(|l| l.trim() == line),
                "{page}: rustdoc lacks {line:?}:\n{doc}"
            );
        }
        assert!(
            doc.contains(&format!(
                "Permissions table: `{shown}:{}` (included at `{page}:{include_line}`)",
                table.header_line
            )),
            "{doc}"
        );
    }
    (checked, absent)
}

#[test]
fn permissions_come_from_todays_include_files() {
    let (models, diags) = current_models();
    let (checked, absent) = check_included_permissions(&current(), "", models, diags);
    // The sample: 5 pages take their table from an include that exists, one names an include
    // that is not in the sample.
    assert_eq!(checked, 5);
    assert_eq!(absent, 1);
}

#[test]
fn permissions_from_includes_in_our_fixtures() {
    let root = fixtures("current");
    let (models, diags) = common::models(&root);
    let (checked, absent) = check_included_permissions(&root, "api-reference/", &models, &diags);
    assert_eq!((checked, absent), (2, 1));
}

#[test]
fn todays_sample_generates_without_panicking() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("sdk");
    let ir = dir.path().join("model.json");
    let run = common::graphgen(&[
        "generate",
        current().to_str().expect("utf-8"),
        "--out",
        out.to_str().expect("utf-8"),
        "--ir",
        ir.to_str().expect("utf-8"),
        "--diagnostics",
        "summary",
    ]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        matches!(run.status.code(), Some(0 | 1)),
        "exit {:?}: {stderr}",
        run.status.code()
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(out.join("src/lib.rs").is_file() && ir.is_file());
    assert!(stderr.contains("1 warning[include]"), "{stderr}");
}

/// Today's metadata: enum name → members in order.
fn metadata_enums() -> BTreeMap<String, Vec<String>> {
    let xml = std::fs::read_to_string(common::shared().join("metadata/v1.0-2026-08.xml"))
        .expect("metadata readable");
    let doc = roxmltree::Document::parse(&xml).expect("metadata is XML");
    let mut out = BTreeMap::new();
    for schema in doc.descendants().filter(|n| n.has_tag_name("Schema")) {
        let ns = schema.attribute("Namespace").unwrap_or("");
        for e in schema.children().filter(|n| n.has_tag_name("EnumType")) {
            let members = e
                .children()
                .filter(|m| m.has_tag_name("Member"))
                .filter_map(|m| m.attribute("Name").map(str::to_owned))
                .collect();
            out.insert(
                format!("{ns}.{}", e.attribute("Name").unwrap_or("")),
                members,
            );
        }
    }
    out
}

#[test]
fn evolvable_members_stated_in_prose_agree_with_todays_metadata() {
    let (models, _) = current_models();
    let v1 = models
        .iter()
        .find(|m| m.version == "v1.0")
        .expect("v1.0 model");
    let metadata = metadata_enums();
    let mut stated: Vec<&str> = v1
        .types
        .iter()
        .flat_map(|t| &t.properties)
        .filter(|p| p.description.contains("include-unknown-enum-members"))
        .map(|p| p.ty.as_str())
        .filter(|ty| v1.enums.iter().any(|e| e.qualified() == *ty))
        .collect();
    stated.sort();
    stated.dedup();
    assert!(stated.len() >= 2, "{stated:?}");
    for q in stated {
        let e = v1.enums.iter().find(|e| e.qualified() == q).expect("enum");
        let meta = &metadata[q];
        let sentinel = meta
            .iter()
            .position(|m| m == "unknownFutureValue")
            .expect("evolvable in the metadata");
        let meta_evolvable = &meta[sentinel + 1..];
        let model_evolvable: Vec<&str> = e
            .members
            .iter()
            .filter(|m| m.evolvable)
            .map(|m| m.name.as_str())
            .collect();
        assert_eq!(model_evolvable, meta_evolvable, "{q}");
        // In order: the evolvable members stand after the sentinel in the model too.
        let at = e
            .members
            .iter()
            .position(|m| m.name == "unknownFutureValue")
            .expect("sentinel");
        assert!(e.members[..at].iter().all(|m| !m.evolvable), "{q}");
    }
}

#[test]
fn compare_metadata_works_with_todays_metadata() {
    let (models, _) = current_models();
    let v1 = models
        .iter()
        .find(|m| m.version == "v1.0")
        .expect("v1.0 model");
    let xml = std::fs::read_to_string(common::shared().join("metadata/v1.0-2026-08.xml"))
        .expect("metadata readable");
    let report = graphgen::compare::compare(v1, &xml, Some(&current())).expect("comparison runs");
    let f = &report.figures;
    println!("{}", report.summary(10));
    assert_eq!(f.metadata_types, 2962);
    assert_eq!(f.metadata_enums, 861);
    // The sample's resource pages are found in `v1.0/resources`, each matched to its type.
    assert!(
        f.metadata_types_with_page.count >= 36,
        "{}",
        f.metadata_types_with_page
    );
    assert!(
        f.type_recall_with_page.at_least(100.0),
        "{}",
        f.type_recall_with_page
    );
    assert!(
        f.property_precision.at_least(98.0),
        "{}",
        f.property_precision
    );
    assert!(
        f.property_type_agreement.at_least(97.0),
        "{}",
        f.property_type_agreement
    );
    assert!(
        f.evolvable_agreement.at_least(99.0),
        "{}",
        f.evolvable_agreement
    );
}

#[test]
fn every_page_keeps_its_area() {
    let (models, _) = current_models();
    let root = current();
    let area_of = |file: &str| -> Option<String> {
        let text = std::fs::read_to_string(root.join(file)).ok()?;
        let fm = text.split("---").nth(1)?;
        ["ms.subservice:", "ms.prod:"].iter().find_map(|k| {
            fm.lines()
                .find_map(|l| l.trim().strip_prefix(k))
                .map(|v| v.trim().trim_matches(['"', '\'']).to_ascii_lowercase())
                .filter(|v| !v.is_empty())
        })
    };
    let mut with_area = 0;
    for m in models {
        for t in m
            .types
            .iter()
            .filter(|t| t.origin == graphgen::model::Origin::Page)
        {
            assert_eq!(t.area, area_of(&t.source.file), "{}", t.qualified());
            with_area += usize::from(t.area.is_some());
        }
        for o in &m.operations {
            assert_eq!(o.area, area_of(&o.source.file), "{}", o.name);
            with_area += usize::from(o.area.is_some());
        }
    }
    assert!(with_area > 50, "{with_area}");
}

#[test]
fn quirks_of_todays_pages_are_read() {
    let (m, d) = common::model(&fixtures("current"));
    let ds = d.sorted();
    let thing = m
        .types
        .iter()
        .find(|t| t.name == "backupThing")
        .expect("backupThing");
    // Section rows in the properties table are not properties.
    let names: Vec<&str> = thing.properties.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "id",
            "displayName",
            "status",
            "frequency",
            "priority",
            "kind",
            "restorePoints"
        ]
    );
    assert_eq!(thing.area.as_deref(), Some("m365-backup-storage"));
    let ty = |n: &str| {
        thing
            .properties
            .iter()
            .find(|p| p.name == n)
            .expect("property")
            .ty
            .to_string()
    };
    // Enum sections of the resource page, linked as `backupthing.md#…-values` or `#…-values`.
    assert_eq!(ty("status"), "microsoft.graph.backupThingStatus");
    assert_eq!(ty("frequency"), "microsoft.graph.backupFrequency");
    assert_eq!(ty("priority"), "microsoft.graph.backupPriority");
    assert_eq!(ty("kind"), "microsoft.graph.backupKind");
    let members = |n: &str| -> Vec<(String, Option<i64>, bool)> {
        m.enums
            .iter()
            .find(|e| e.name == n)
            .expect("enum")
            .members
            .iter()
            .map(|x| (x.name.clone(), x.value, x.evolvable))
            .collect()
    };
    let plain = |xs: &[&str]| -> Vec<(String, Option<i64>, bool)> {
        xs.iter().map(|x| (x.to_string(), None, false)).collect()
    };
    // The prose names `failed` evolvable although the table lists it before the sentinel.
    let mut status = plain(&["draft", "active", "completed", "unknownFutureValue"]);
    status.push(("failed".to_owned(), None, true));
    assert_eq!(members("backupThingStatus"), status);
    has(
        &ds,
        "resources/backupthing.md",
        37,
        DiagKind::EnumMismatch,
        "lists `failed`",
    );
    // A one-column `|Member|` table, and a member only the prose names.
    let mut frequency = plain(&["daily", "weekly", "unknownFutureValue"]);
    frequency.push(("hourly".to_owned(), None, true));
    assert_eq!(members("backupFrequency"), frequency);
    has(
        &ds,
        "resources/backupthing.md",
        39,
        DiagKind::EnumMismatch,
        "lacks `hourly`",
    );
    // `Int value` column, rows without trailing pipes.
    assert_eq!(
        members("backupPriority"),
        vec![
            ("low".to_owned(), Some(0), false),
            ("high".to_owned(), Some(1), false),
            ("unknownFutureValue".to_owned(), Some(2), false)
        ]
    );
    // A two-column header over a three-column separator.
    assert_eq!(
        members("backupKind"),
        plain(&["full", "incremental", "unknownFutureValue"])
    );

    let op = |n: &str| {
        m.operations
            .iter()
            .find(|o| o.name == n)
            .expect("operation")
    };
    // No HTTP tab, CLI and Python tabs (their snippet includes skipped without a word), a
    // `// Newly Added` comment in the response JSON (repaired, reported).
    let get = op("getBackupThing");
    assert!(get.request.is_none(), "Don't supply a request body");
    assert_eq!(get.area.as_deref(), Some("m365-backup-storage"));
    let kinds: Vec<&str> = get.examples.iter().map(|e| e.kind.as_str()).collect();
    assert_eq!(kinds, ["request", "response"]);
    let body = get.examples[1].body.as_ref().expect("response body");
    assert_eq!(body["status"], "failed");
    has(
        &ds,
        "api/backupthing-get.md",
        95,
        DiagKind::InvalidJson,
        "removed a // comment",
    );
    // `@delta` / `@removed` annotations in a request body: read and typed, no complaint.
    let update = op("updateBackupThing");
    let req = &update.examples[0];
    assert_eq!(req.kind, ExampleKind::Request);
    assert!(req.body.as_ref().expect("body")["restorePoints@delta"].is_array());
    assert!(
        !ds.iter().any(|d| d.file.ends_with("backupthing-update.md")),
        "{ds:?}"
    );
    // A method page whose front matter says `resourcePageType`; an inline permissions table
    // under a `blockType: ignored` annotation, with a section row; `ms.prod` on an older page;
    // a response item naming a type no page defines is not checked against the base.
    let list = op("listRestorePoints");
    assert_eq!(list.area.as_deref(), Some("m365-backup-storage"));
    assert_eq!(
        list.permissions.delegated_work,
        vec![
            vec!["BackupRestore-Restore.Read.All".to_owned()],
            vec!["BackupRestore-Restore.ReadWrite.All".to_owned()]
        ]
    );
    assert_eq!(
        list.permissions.application,
        vec![vec!["BackupRestore-Restore.Read.All".to_owned()]]
    );
    // `odata.type` rows document an annotation, not a property.
    let point = m
        .types
        .iter()
        .find(|t| t.name == "restorePoint")
        .expect("restorePoint");
    let names: Vec<&str> = point.properties.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["id", "protectionDateTime"]);
    // A page with a permissions section in no form the reader knows is reported, not dropped.
    has(
        &ds,
        "api/backupthing-restore-options.md",
        12,
        DiagKind::MissingSection,
        "not read as a method page",
    );
    // Nothing else: the absent permissions include, the comment, the two evolvable
    // contradictions and that page. National-cloud, RBAC and snippet includes are skipped
    // without noise.
    assert_eq!(ds.len(), 5, "{ds:#?}");
}

#[test]
fn include_files_with_crlf_line_endings() {
    let dir = tempfile::tempdir().expect("temp dir");
    let src = fixtures("current/api-reference/v1.0");
    for rel in [
        "api/backupthing-get.md",
        "resources/backupthing.md",
        "includes/permissions/backupthing-get-permissions.md",
    ] {
        let text = std::fs::read_to_string(src.join(rel)).expect("fixture");
        let dst = dir.path().join("v1.0").join(rel);
        std::fs::create_dir_all(dst.parent().expect("parent")).expect("mkdir");
        std::fs::write(dst, text.replace('\n', "\r\n")).expect("write");
    }
    let (m, d) = common::model(dir.path());
    let get = m
        .operations
        .iter()
        .find(|o| o.name == "getBackupThing")
        .expect("operation");
    assert_eq!(
        get.permissions.delegated_work,
        vec![
            vec!["BackupRestore-Configuration.Read.All".to_owned()],
            vec!["BackupRestore-Configuration.ReadWrite.All".to_owned()]
        ]
    );
    assert_eq!(
        get.permissions.delegated_personal,
        Vec::<Vec<String>>::new()
    );
    assert_eq!(
        get.permissions.sources[0].table,
        Some(SourceLoc::new(
            "v1.0/includes/permissions/backupthing-get-permissions.md",
            7
        ))
    );
    assert!(
        !d.sorted().iter().any(|x| x.kind == DiagKind::Include),
        "{:?}",
        d.sorted()
    );
}

#[test]
fn includes_that_cannot_be_read_are_reported_where_they_are_named() {
    let (m, d) = common::model(&fixtures("includes"));
    let ds = d.sorted();
    let op = |n: &str| {
        m.operations
            .iter()
            .find(|o| o.name == n)
            .expect("operation")
    };
    let inc = "api-reference/v1.0/includes/permissions";
    // Nested: the include's own include is read too; a note it names is not.
    let nested = &op("getNested").permissions;
    assert_eq!(
        nested.delegated_work,
        vec![
            vec!["Widget.Read".to_owned()],
            vec!["Widget.ReadWrite".to_owned()]
        ]
    );
    assert_eq!(nested.application, vec![vec!["Widget.Read.All".to_owned()]]);
    let tables: Vec<Option<String>> = nested
        .sources
        .iter()
        .map(|s| s.table.as_ref().map(ToString::to_string))
        .collect();
    assert_eq!(
        tables,
        [
            Some(format!("{inc}/nested-get-permissions.md:6")),
            Some(format!("{inc}/nested-application-permissions.md:6"))
        ]
    );
    assert!(nested
        .sources
        .iter()
        .all(|s| s.source.to_string() == "api-reference/v1.0/api/nested-get.md:17"));
    // A cycle is reported where it closes, and what was read stands.
    has(
        &ds,
        "permissions/cycle-b-permissions.md",
        10,
        DiagKind::Include,
        "include cycle",
    );
    assert_eq!(
        op("getCycle").permissions.application,
        vec![vec!["Cycle.Read.All".to_owned()]]
    );
    // Nesting deeper than the bound stops there.
    has(
        &ds,
        "permissions/deep-4-permissions.md",
        10,
        DiagKind::Include,
        "nest more than 4 deep",
    );
    assert_eq!(op("getDeep").permissions.application.len(), 4);
    // Outside the docs folder, absolute, not a file: reported at the include line, not read.
    has(
        &ds,
        "api/outside-get.md",
        17,
        DiagKind::Include,
        "outside the docs folder",
    );
    has(
        &ds,
        "api/absolute-get.md",
        17,
        DiagKind::Include,
        "outside the docs folder",
    );
    has(
        &ds,
        "api/folder-get.md",
        17,
        DiagKind::Include,
        "not a regular file",
    );
    for o in ["getOutside", "getAbsolute", "getFolder"] {
        assert_eq!(op(o).permissions, Permissions::default(), "{o}");
    }
    // Nothing else is said: one diagnostic per problem.
    assert_eq!(ds.len(), 5, "{ds:#?}");
}
