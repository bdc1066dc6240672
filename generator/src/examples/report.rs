//! The examples report: counts, accepted re-spellings, and every failure with its file, line,
//! JSON path and reason, grouped by cause (docs or generator) and kind.

use super::{compare, conform, Canonical, Case, Outcome, Untyped};
use crate::model::{ExampleKind, ModelIndex};
use std::collections::BTreeMap;
use std::fmt;

/// Who is to blame for a failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Cause {
    /// The docs contradict themselves: the example does not match its documented type (or is
    /// not JSON). Also reported as a diagnostic by every run.
    Docs,
    /// The body matches the docs but the generated type rejected it or changed it.
    Generator,
}

/// One example that did not round-trip exactly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FailureRecord {
    /// `file:line` of the example.
    pub source: String,
    /// Request or response.
    pub kind: ExampleKind,
    /// The type it was read as.
    pub ty: String,
    /// JSON path of the (first) problem.
    pub path: String,
    /// What went wrong there.
    pub reason: String,
    /// How many more problems the example has.
    pub more: usize,
    /// The group it is listed under.
    pub category: String,
    /// Docs or generator.
    pub cause: Cause,
    /// A response example whose annotation names its type.
    pub named: bool,
}

/// What the harness found.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Report {
    /// Examples with a body.
    pub found: usize,
    /// Of those, the ones whose type is known.
    pub typed: usize,
    /// Of those, the ones the generated type read.
    pub deserialized: usize,
    /// Of those, the ones written back exactly (up to canonical spelling).
    pub exact: usize,
    /// Response examples whose annotation names a type the docs define.
    pub named: usize,
    /// Of those, the ones the generated type read.
    pub named_deserialized: usize,
    /// Examples without a type, by reason.
    pub untyped: BTreeMap<Untyped, usize>,
    /// Canonical re-spellings accepted, by kind.
    pub canonical: Canonical,
    /// Every typed example that did not round-trip exactly.
    pub failures: Vec<FailureRecord>,
    /// Examples that contradict the docs only with formatted text the SDK keeps verbatim
    /// (`graphgen_runtime::Lenient`): they deserialize and round-trip, and are docs errors.
    pub tolerated: Vec<FailureRecord>,
}

impl Report {
    pub(super) fn add(&mut self, ix: &ModelIndex<'_>, case: &Case<'_>, outcome: Option<&Outcome>) {
        self.found += 1;
        let t = match &case.typed {
            Ok(t) => t,
            Err(u) => {
                *self.untyped.entry(*u).or_default() += 1;
                return;
            }
        };
        self.typed += 1;
        let named = t.named && case.is_response();
        if named {
            self.named += 1;
        }
        let record =
            |path: &str, reason: String, more: usize, category: String, cause| FailureRecord {
                source: case.example.source.to_string(),
                kind: case.example.kind,
                ty: t.describe.clone(),
                path: path.to_owned(),
                reason,
                more,
                category,
                cause,
                named,
            };
        let Some(body) = &case.example.body else {
            let reason = case
                .example
                .body_error
                .clone()
                .unwrap_or_else(|| "no body".to_owned());
            let r = record(".", reason, 0, "not JSON".to_owned(), Cause::Docs);
            return self.failures.push(r);
        };
        let mismatches = conform(ix, &t.shape, body);
        let strict: Vec<&super::Mismatch> = mismatches.iter().filter(|m| !m.tolerated).collect();
        // The docs error explaining a failure: the first contradiction the SDK does not tolerate,
        // else the first one.
        let docs = || {
            let m = strict.first().copied().or(mismatches.first())?;
            Some(record(
                &m.path,
                m.reason.clone(),
                mismatches.len() - 1,
                m.category.clone(),
                Cause::Docs,
            ))
        };
        let generator = |path: &str, reason: String, more: usize, category: &str| {
            record(path, reason, more, category.to_owned(), Cause::Generator)
        };
        let failure = match outcome {
            None => Some(generator(
                ".",
                "the generated crate returned no result".to_owned(),
                0,
                "no result",
            )),
            Some(Outcome::Unknown) => Some(generator(
                ".",
                format!("the generated crate has no type for {}", t.describe),
                0,
                "type missing from the generated crate",
            )),
            Some(Outcome::Failed(f)) => docs().filter(|_| !strict.is_empty()).or_else(|| {
                Some(generator(
                    &f.path,
                    f.message.clone(),
                    0,
                    "the generated type rejects a body that matches the docs",
                ))
            }),
            Some(Outcome::RoundTripped { value }) => {
                self.deserialized += 1;
                if named {
                    self.named_deserialized += 1;
                }
                let diffs = compare(ix, &t.shape, body, value, &mut self.canonical);
                match (diffs.first(), strict.first()) {
                    (Some(_), Some(_)) => docs(),
                    (Some(d), None) => Some(generator(
                        &d.path,
                        d.reason.clone(),
                        diffs.len() - 1,
                        "the round trip changed the body",
                    )),
                    (None, Some(m)) => Some(generator(
                        &m.path,
                        format!("the model check says {}, but the generated type read and wrote it back exactly", m.reason),
                        0,
                        "the model check and the generated type disagree",
                    )),
                    (None, None) => {
                        self.exact += 1;
                        if let Some(r) = docs() {
                            self.tolerated.push(r);
                        }
                        None
                    }
                }
            }
        };
        if let Some(f) = failure {
            self.failures.push(f);
        }
    }

    /// Failures blamed on the generator.
    pub fn generator_errors(&self) -> usize {
        self.failures
            .iter()
            .filter(|f| f.cause == Cause::Generator)
            .count()
    }

    /// Failures blamed on the docs.
    pub fn docs_errors(&self) -> usize {
        self.failures.len() - self.generator_errors()
    }

    /// Response examples naming a type that deserialized only because the SDK keeps
    /// unparseable formatted text (see [`Report::tolerated`]).
    pub fn named_tolerated(&self) -> usize {
        self.tolerated.iter().filter(|r| r.named).count()
    }

    /// Share (in percent) of the response examples naming a type that deserialized.
    pub fn named_rate(&self) -> f64 {
        if self.named == 0 {
            100.0
        } else {
            100.0 * self.named_deserialized as f64 / self.named as f64
        }
    }

    /// `examples: F found, T typed, D deserialized, X round-tripped exactly`.
    pub fn summary_line(&self) -> String {
        format!(
            "examples: {} found, {} typed, {} deserialized, {} round-tripped exactly",
            self.found, self.typed, self.deserialized, self.exact
        )
    }
}

/// Writes `title: N`, then the records grouped by category.
fn write_group(f: &mut fmt::Formatter<'_>, title: &str, list: &[&FailureRecord]) -> fmt::Result {
    writeln!(f, "{title}: {}", list.len())?;
    let mut groups: BTreeMap<&str, Vec<&FailureRecord>> = BTreeMap::new();
    for r in list {
        groups.entry(&r.category).or_default().push(r);
    }
    for (category, rs) in groups {
        writeln!(f, "  {category}: {}", rs.len())?;
        for r in rs {
            let more = match r.more {
                0 => String::new(),
                n => format!(" (and {n} more)"),
            };
            writeln!(
                f,
                "    {} ({} as {}) at `{}`: {}{more}",
                r.source, r.kind, r.ty, r.path, r.reason
            )?;
        }
    }
    Ok(())
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let of = |cause| -> Vec<&FailureRecord> {
            self.failures.iter().filter(|r| r.cause == cause).collect()
        };
        write_group(
            f,
            "docs errors (the example contradicts its documented type)",
            &of(Cause::Docs),
        )?;
        write_group(
            f,
            "docs errors the SDK tolerates (text it cannot parse is kept verbatim; these examples round-trip exactly)",
            &self.tolerated.iter().collect::<Vec<_>>(),
        )?;
        write_group(f, "generator errors", &of(Cause::Generator))?;
        let untyped: Vec<String> = self
            .untyped
            .iter()
            .map(|(u, n)| format!("{n} {}", u.describe()))
            .collect();
        if !untyped.is_empty() {
            writeln!(f, "untyped: {}", untyped.join("; "))?;
        }
        let canonical: Vec<String> = self
            .canonical
            .iter()
            .map(|(k, n)| format!("{k} {n}"))
            .collect();
        if !canonical.is_empty() {
            writeln!(
                f,
                "canonical spellings accepted (same value, re-spelled): {}",
                canonical.join(", ")
            )?;
        }
        writeln!(
            f,
            "response examples that name a type: {}, deserialized {} ({:.1}%; {} of them keep unparseable text verbatim)",
            self.named,
            self.named_deserialized,
            self.named_rate(),
            self.named_tolerated()
        )?;
        writeln!(f, "{}", self.summary_line())
    }
}
