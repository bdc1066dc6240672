//! `graphgen diff OLD NEW`: what changed in the API between two models (two dates of the docs,
//! or models saved with `--ir`), and what it means for the generated crate.
//!
//! Two views, joined: the docs' changes ([`changes`]: types, properties, enums, members,
//! operations and their paths, query options, parameters, bodies, responses and permissions,
//! each with the `file:line` that says so), each classified by the Cargo SemVer rule that
//! applies to what the emitter writes for it ([`rules`]); and the generated crates' public APIs
//! compared item by item ([`surface`]: both crates are emitted and read back with syn), which
//! catches what follows indirectly (a field whose type becomes an `Any…` enum, a type that moves
//! to another Cargo feature). The version bump is the highest level of both.

mod changes;
mod render;
pub mod rules;
mod surface;

pub use rules::{next_version, Level};
pub use surface::{ApiChange, Surface as CrateApi, SurfaceError};

use crate::emit::{EmitOptions, RuntimeDep, RustNames};
use crate::model::{Model, SourceLoc};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Errors that stop a diff (bad docs never do: they are read as `generate` reads them).
#[derive(Debug, thiserror::Error)]
pub enum DiffError {
    /// A side could not be loaded.
    #[error("reading the {side} side")]
    Load {
        /// `old` or `new`.
        side: &'static str,
        /// The cause.
        source: crate::Error,
    },
    /// A side's crate could not be emitted (a generator bug).
    #[error("emitting the crate of the {side} side")]
    Emit {
        /// `old` or `new`.
        side: &'static str,
        /// The cause.
        source: crate::emit::EmitError,
    },
    /// A crate's source could not be read back (a generator bug, or a crate folder that is not
    /// one).
    #[error(transparent)]
    Surface(#[from] SurfaceError),
}

/// What kind of thing changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Subject {
    /// An entity or complex type.
    Type,
    /// A property of a type.
    Property,
    /// An enum.
    Enum,
    /// A member of an enum.
    Member,
    /// An operation (a method page).
    Operation,
    /// A path of an operation.
    Path,
    /// An OData query option an operation takes (`$filter`).
    QueryOption,
    /// A query parameter that is not an OData option (`startDateTime`).
    QueryParameter,
    /// A parameter of a function in the path.
    FunctionParameter,
    /// A key in the path.
    PathParameter,
    /// The request body as a whole.
    RequestBody,
    /// A parameter of a request body table.
    BodyParameter,
    /// The success response.
    Response,
    /// A permission of an operation.
    Permission,
}

impl Subject {
    /// The word reports use.
    pub fn as_str(self) -> &'static str {
        match self {
            Subject::Type => "type",
            Subject::Property => "property",
            Subject::Enum => "enum",
            Subject::Member => "member",
            Subject::Operation => "operation",
            Subject::Path => "path",
            Subject::QueryOption => "query option",
            Subject::QueryParameter => "query parameter",
            Subject::FunctionParameter => "function parameter",
            Subject::PathParameter => "path parameter",
            Subject::RequestBody => "request body",
            Subject::BodyParameter => "body parameter",
            Subject::Response => "response",
            Subject::Permission => "permission",
        }
    }
}

/// Added, removed, changed or renamed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum ChangeKind {
    /// New on the new side.
    Added,
    /// Gone from the new side.
    Removed,
    /// On both sides, different.
    Changed,
    /// The same item under another name (same page, same properties or members; for an
    /// operation, the same method and path).
    Renamed,
}

impl ChangeKind {
    /// The word reports use.
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::Added => "added",
            ChangeKind::Removed => "removed",
            ChangeKind::Changed => "changed",
            ChangeKind::Renamed => "renamed",
        }
    }
}

/// One change of the API, as the docs show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Change {
    /// API version (`v1.0`).
    pub version: String,
    /// Namespace of the type, enum or operation.
    pub namespace: String,
    /// Product area of its page (new side; old side for removals).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub area: Option<String>,
    /// What kind of thing changed.
    pub subject: Subject,
    /// How.
    pub kind: ChangeKind,
    /// Which: a qualified name (`microsoft.graph.user`, `microsoft.graph.user.displayName`), an
    /// operation name, or an operation name and what of it (`listUsers $filter`).
    pub item: String,
    /// What changed, in words.
    pub detail: String,
    /// Where the docs say so: the new side, or the old side for a removal.
    pub source: SourceLoc,
    /// For changes and renames: where the old docs said what was before.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old_source: Option<SourceLoc>,
    /// What the change needs of the crate's version.
    pub level: Level,
    /// The rule that says so (docs/diff.md lists them).
    pub rule: String,
    /// The crate's items it touches (`v1::models::User::display_name`).
    pub rust: Vec<String>,
}

/// Counts of a report.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Summary {
    /// Docs changes by kind (`added`, `removed`, `changed`, `renamed`).
    pub changes: BTreeMap<String, usize>,
    /// Docs changes by level.
    pub changes_by_level: BTreeMap<String, usize>,
    /// Crate API changes by level.
    pub api_changes_by_level: BTreeMap<String, usize>,
}

/// The version the crate needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Bump {
    /// `none`, `patch`, `minor` or `major`.
    pub level: Level,
    /// The version the crate has, when given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub current: Option<String>,
    /// The version it must carry after the change, when the current one is given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
    /// Why, in a sentence.
    pub reason: String,
}

/// The whole report: `--format json` writes it as it is (docs/diff.md documents it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    /// The JSON format's version: 1.
    pub format: u32,
    /// The old side, as given.
    pub old: String,
    /// The new side, as given.
    pub new: String,
    /// The API versions compared.
    pub versions: Vec<String>,
    /// Every change the docs show, sorted by version, area, namespace and item.
    pub changes: Vec<Change>,
    /// Every change of the generated crate's public API, sorted by path.
    pub api_changes: Vec<ApiChange>,
    /// The indexes (in `apiChanges`) of the API changes no docs change names among its `rust`
    /// items: what follows indirectly.
    pub indirect: Vec<usize>,
    /// Counts.
    pub summary: Summary,
    /// The release the crate needs.
    pub bump: Bump,
}

/// How to diff.
#[derive(Debug, Clone, Default)]
pub struct DiffOptions {
    /// The crate's current version (`0.1.0`), to say which one comes next.
    pub crate_version: Option<String>,
}

/// Loads both sides (docs folders or pages, or model JSON files) and diffs them.
pub fn diff_paths(old: &Path, new: &Path, opts: &DiffOptions) -> Result<Report, DiffError> {
    let load = |p: &Path, side| {
        let mut diags = crate::diag::Diagnostics::default();
        crate::load_models_or_json(p, &mut diags).map_err(|source| DiffError::Load { side, source })
    };
    let (o, n) = rayon::join(|| load(old, "old"), || load(new, "new"));
    let mut report = diff_models(&o?, &n?, opts)?;
    report.old = old.display().to_string();
    report.new = new.display().to_string();
    Ok(report)
}

/// The crate a side's models make, with the names of its items.
struct Side {
    surface: surface::Surface,
    names: RustNames,
}

fn side(models: &[Model], which: &'static str) -> Result<Side, DiffError> {
    let opts = EmitOptions {
        crate_name: "graphgen-sdk".to_owned(),
        command: "graphgen diff".to_owned(),
        runtime: RuntimeDep::Path("../runtime".to_owned()),
        workspace_member: false,
        rustfmt: false,
    };
    let emitted = crate::emit::emit_crate(models, &opts).map_err(|source| DiffError::Emit {
        side: which,
        source,
    })?;
    Ok(Side {
        surface: surface::Surface::from_files(&emitted.files)?,
        names: emitted.names,
    })
}

/// Diffs two sets of models (one per API version each; a version on one side only is all
/// added or all removed).
pub fn diff_models(old: &[Model], new: &[Model], opts: &DiffOptions) -> Result<Report, DiffError> {
    let (o, n) = rayon::join(|| side(old, "old"), || side(new, "new"));
    let (o, n) = (o?, n?);
    let versions: BTreeSet<&str> = old.iter().chain(new).map(|m| m.version.as_str()).collect();
    let mut all = Vec::new();
    for v in &versions {
        let empty = Model {
            version: (*v).to_owned(),
            ..Model::default()
        };
        let find = |ms: &'_ [Model]| -> Option<usize> { ms.iter().position(|m| m.version == *v) };
        let om = find(old).map_or(&empty, |i| &old[i]);
        let nm = find(new).map_or(&empty, |i| &new[i]);
        all.extend(changes::changes(&changes::Sides {
            old: om,
            new: nm,
            old_names: &o.names,
            new_names: &n.names,
            old_descendants: &om.descendants(),
            new_descendants: &nm.descendants(),
        }));
    }
    let api_changes = surface::compare(&o.surface, &n.surface);
    Ok(assemble(
        versions.iter().map(|v| (*v).to_owned()).collect(),
        all,
        api_changes,
        opts,
    ))
}

/// The API changes from one generated crate to another (`cargo xtask codegen` reads
/// `generated/` before and after it rewrites it).
pub fn compare_crates(old: &CrateApi, new: &CrateApi) -> Vec<ApiChange> {
    surface::compare(old, new)
}

/// Where an API change points: its item, or its item and member (`…::User::display_name`).
fn target(c: &ApiChange) -> String {
    match c.member.as_deref().and_then(|m| m.split_once(' ')) {
        Some((_, name)) => format!("{}::{name}", c.path),
        None => c.path.clone(),
    }
}

/// Joins the two views: a docs change takes the level of the API changes at the items it names
/// when theirs is higher; API changes no docs change names are the indirect ones.
fn assemble(
    versions: Vec<String>,
    mut changes: Vec<Change>,
    api_changes: Vec<ApiChange>,
    opts: &DiffOptions,
) -> Report {
    let mut at: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, c) in api_changes.iter().enumerate() {
        at.entry(target(c)).or_default().push(i);
    }
    let mut named = vec![false; api_changes.len()];
    for c in &mut changes {
        // A change of a part of an operation (a path, a parameter) names the descriptor, but
        // takes no level from what happened to the descriptor as a whole.
        let whole = matches!(
            c.subject,
            Subject::Type | Subject::Enum | Subject::Operation
        );
        for r in &c.rust {
            for &i in at.get(r).into_iter().flatten() {
                named[i] = true;
                let applies = whole || api_changes[i].member.is_some();
                if applies && api_changes[i].level > c.level {
                    c.level = api_changes[i].level;
                    c.rule = api_changes[i].rule.clone();
                }
            }
            // A change that names a whole item names its members' changes too.
            let prefix = format!("{r}::");
            for (t, is) in at.range(prefix.clone()..) {
                if !t.starts_with(&prefix) {
                    break;
                }
                for &i in is {
                    named[i] = true;
                }
            }
        }
    }
    changes.sort_by(|a, b| a.version.cmp(&b.version));
    let indirect: Vec<usize> = (0..api_changes.len()).filter(|i| !named[*i]).collect();
    let summary = summarize(&changes, &api_changes);
    let bump = bump(&changes, &api_changes, opts);
    Report {
        format: 1,
        old: String::new(),
        new: String::new(),
        versions,
        changes,
        api_changes,
        indirect,
        summary,
        bump,
    }
}

fn summarize(changes: &[Change], api: &[ApiChange]) -> Summary {
    let mut s = Summary::default();
    for c in changes {
        *s.changes.entry(c.kind.as_str().to_owned()).or_default() += 1;
        *s.changes_by_level
            .entry(c.level.as_str().to_owned())
            .or_default() += 1;
    }
    for c in api {
        *s.api_changes_by_level
            .entry(c.level.as_str().to_owned())
            .or_default() += 1;
    }
    s
}

/// The release the changes need: the highest level of all, with the first change of that level
/// as the reason.
fn bump(changes: &[Change], api: &[ApiChange], opts: &DiffOptions) -> Bump {
    let docs_max = changes.iter().map(|c| c.level).max().unwrap_or(Level::None);
    let api_max = api.iter().map(|c| c.level).max().unwrap_or(Level::None);
    let level = docs_max.max(api_max);
    let reason = if level == Level::None {
        "nothing in the generated crate changes".to_owned()
    } else if let Some(c) = changes.iter().find(|c| c.level == level) {
        let n = changes.iter().filter(|c| c.level == level).count();
        format!(
            "{n} docs change(s) at this level, first: {} {} `{}` ({})",
            c.subject.as_str(),
            c.kind.as_str(),
            c.item,
            c.rule
        )
    } else if let Some(c) = api.iter().find(|c| c.level == level) {
        format!("API change `{}`: {} ({})", target(c), c.what, c.rule)
    } else {
        String::new()
    };
    let next = opts
        .crate_version
        .as_deref()
        .and_then(|v| next_version(v, level));
    Bump {
        level,
        current: opts.crate_version.clone(),
        next,
        reason,
    }
}

/// How a report is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Grouped by version and area, for a terminal.
    Text,
    /// A changelog section for release notes.
    Markdown,
    /// The [`Report`] as JSON.
    Json,
}

impl Report {
    /// The report in `format`.
    pub fn render(&self, format: Format) -> String {
        match format {
            Format::Text => render::text(self),
            Format::Markdown => render::markdown(self),
            Format::Json => {
                let mut s = serde_json::to_string_pretty(self).unwrap_or_default();
                s.push('\n');
                s
            }
        }
    }

    /// One line: how many changes, at which levels, and the bump.
    pub fn one_line(&self) -> String {
        render::one_line(&self.summary, &self.bump, true)
    }
}

/// One line for a list of API changes alone (`cargo xtask codegen`): counts by level and the
/// bump they need.
pub fn api_one_line(api: &[ApiChange], crate_version: Option<&str>) -> String {
    let opts = DiffOptions {
        crate_version: crate_version.map(str::to_owned),
    };
    let summary = summarize(&[], api);
    render::one_line(&summary, &bump(&[], api, &opts), false)
}
