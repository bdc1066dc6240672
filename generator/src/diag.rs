//! Diagnostics: every problem found in the docs, with the file and line it comes from.
//!
//! Stages push diagnostics into a [`Diagnostics`] sink and carry on; nothing in the pipeline
//! aborts on bad input. The CLI prints them and sets its exit code from [`Diagnostics::has_errors`].

use serde::Serialize;
use std::fmt;

/// How bad a problem is. Errors make `graphgen` exit non-zero; warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Something looks wrong but the output is still faithful to the docs.
    Warning,
    /// The docs are broken in a way that loses information.
    Error,
}

/// What kind of problem a diagnostic reports; used for the summary counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DiagKind {
    /// A file could not be read or is not UTF-8.
    Io,
    /// A table is malformed: ragged rows, missing columns, unexpected header.
    MalformedTable,
    /// JSON (an annotation or an example) is invalid, or needed repair.
    InvalidJson,
    /// A type cell or link names a type no page defines.
    UnknownType,
    /// A type cell could not be understood at all.
    UnparsedType,
    /// Two pages define the same type, enum or operation.
    Duplicate,
    /// The JSON representation and the properties table disagree.
    TableJsonMismatch,
    /// A page lacks something its kind requires (title, namespace, table, HTTP request...).
    MissingSection,
    /// A method page's HTTP request, response or permissions could not be understood.
    MalformedOperation,
    /// A name had to be changed to be a valid, unique Rust identifier.
    Renamed,
    /// An enum's documented values disagree between its page and a description.
    EnumMismatch,
    /// An `[!INCLUDE]` could not be resolved.
    Include,
    /// An example body does not match the type it is documented to have.
    ExampleMismatch,
}

impl DiagKind {
    /// The kebab-case name used in summaries.
    pub fn as_str(self) -> &'static str {
        match self {
            DiagKind::Io => "io",
            DiagKind::MalformedTable => "malformed-table",
            DiagKind::InvalidJson => "invalid-json",
            DiagKind::UnknownType => "unknown-type",
            DiagKind::UnparsedType => "unparsed-type",
            DiagKind::Duplicate => "duplicate",
            DiagKind::TableJsonMismatch => "table-json-mismatch",
            DiagKind::MissingSection => "missing-section",
            DiagKind::MalformedOperation => "malformed-operation",
            DiagKind::Renamed => "renamed",
            DiagKind::EnumMismatch => "enum-mismatch",
            DiagKind::Include => "include",
            DiagKind::ExampleMismatch => "example-mismatch",
        }
    }
}

/// One problem, located in the docs.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Diagnostic {
    /// Docs file, relative to the docs root (e.g. `api-reference/beta/resources/x.md`).
    pub file: String,
    /// 1-based line in that file (0 when the problem concerns the whole file).
    pub line: u32,
    /// Warning or error.
    pub severity: Severity,
    /// The kind, for summaries.
    pub kind: DiagKind,
    /// What is wrong, in words.
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sev = match self.severity {
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        write!(
            f,
            "{}:{}: {sev}[{}]: {}",
            self.file,
            self.line,
            self.kind.as_str(),
            self.message
        )
    }
}

/// A collection of diagnostics, filled by every stage.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// Records a warning.
    pub fn warn(&mut self, file: &str, line: u32, kind: DiagKind, message: impl Into<String>) {
        self.push(file, line, Severity::Warning, kind, message);
    }

    /// Records an error.
    pub fn error(&mut self, file: &str, line: u32, kind: DiagKind, message: impl Into<String>) {
        self.push(file, line, Severity::Error, kind, message);
    }

    fn push(
        &mut self,
        file: &str,
        line: u32,
        severity: Severity,
        kind: DiagKind,
        message: impl Into<String>,
    ) {
        self.items.push(Diagnostic {
            file: file.to_owned(),
            line,
            severity,
            kind,
            message: message.into(),
        });
    }

    /// Moves every diagnostic of `other` into `self`.
    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    /// True when at least one error was recorded.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    /// All diagnostics, sorted by file, line, then message (deterministic across thread counts).
    pub fn sorted(&self) -> Vec<Diagnostic> {
        let mut v = self.items.clone();
        v.sort();
        v.dedup();
        v
    }

    /// Number of diagnostics recorded.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// True when nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Counts by (severity, kind), sorted.
    pub fn summary(&self) -> Vec<(Severity, DiagKind, usize)> {
        let mut counts = std::collections::BTreeMap::new();
        for d in &self.items {
            *counts.entry((d.severity, d.kind)).or_insert(0usize) += 1;
        }
        counts.into_iter().map(|((s, k), n)| (s, k, n)).collect()
    }
}
