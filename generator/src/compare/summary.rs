//! The readable summary of a [`Report`].

use super::{Disagreement, Figures, Group, Report};
use std::fmt::{Display, Write};

/// How many groups of each grouping the summary lists.
const GROUPS: usize = 10;

/// One figure: its label, padded, then its value.
fn figure_line(out: &mut String, label: &str, value: impl Display) {
    let _ = writeln!(out, "  {label:<46} {value}");
}

/// `microsoft.graph.user.x` → `user.x`, for compact listings.
fn short(label: &str) -> &str {
    label.strip_prefix("microsoft.graph.").unwrap_or(label)
}

/// The first `GROUPS` groups of `gs` under `title`, each with its breakdown and examples.
fn groups(out: &mut String, title: &str, gs: &[Group]) {
    let _ = writeln!(out, "{title}");
    if gs.is_empty() {
        let _ = writeln!(out, "  (none)");
    }
    for g in gs.iter().take(GROUPS) {
        let breakdown: Vec<String> = g
            .breakdown
            .iter()
            .map(|(k, n)| format!("{} {n}", short(k)))
            .collect();
        let _ = writeln!(
            out,
            "  {:>6}  {}  [{}]",
            g.count,
            g.key,
            breakdown.join(", ")
        );
        let examples: Vec<&str> = g.examples.iter().map(|e| short(e)).collect();
        let _ = writeln!(out, "          e.g. {}", examples.join(", "));
    }
    if gs.len() > GROUPS {
        let _ = writeln!(out, "  … {} more groups (see --json)", gs.len() - GROUPS);
    }
}

/// One disagreement on one line.
fn detail(d: &Disagreement) -> String {
    let mut s = format!("{:<20} {}", d.kind.as_str(), d.label());
    if let Some(v) = &d.docs {
        let _ = write!(s, "  docs: {v}");
    }
    if let Some(v) = &d.metadata {
        let _ = write!(s, "  metadata: {v}");
    }
    if d.affected > 1 {
        let _ = write!(s, "  (affects {} types)", d.affected);
    }
    if let Some(v) = &d.source {
        let _ = write!(s, "  at {v}");
    }
    s
}

/// The type figures.
fn type_figures(out: &mut String, f: &Figures) {
    let _ = writeln!(out, "Types (entity + complex, all schemas)");
    figure_line(out, "metadata types", f.metadata_types);
    figure_line(
        out,
        "metadata types with a resource page",
        f.metadata_types_with_page,
    );
    figure_line(out, "type recall (all metadata types)", f.type_recall);
    figure_line(
        out,
        "type recall (types with a resource page)",
        f.type_recall_with_page,
    );
    figure_line(out, "model page types", f.model_page_types);
    figure_line(
        out,
        "model page types not in the metadata",
        f.model_types_not_in_metadata,
    );
    figure_line(
        out,
        "matched types with the metadata's base type",
        f.base_type_agreement,
    );
}

/// The property figures.
fn property_figures(out: &mut String, f: &Figures) {
    let _ = writeln!(
        out,
        "Properties (matched types, inherited flattened, navigation included)"
    );
    figure_line(out, "property recall", f.property_recall);
    figure_line(out, "property precision", f.property_precision);
    figure_line(
        out,
        "missing only by letter case",
        f.property_case_only_matches,
    );
    figure_line(out, "property type agreement", f.property_type_agreement);
    figure_line(
        out,
        "type disagreements in collection-ness only",
        f.property_collection_only_mismatches,
    );
}

/// The enum figures.
fn enum_figures(out: &mut String, f: &Figures) {
    let _ = writeln!(out, "Enums");
    figure_line(out, "metadata enums", f.metadata_enums);
    figure_line(out, "enum recall", f.enum_recall);
    figure_line(
        out,
        "member agreement (both / union, summed)",
        f.enum_member_agreement,
    );
    figure_line(
        out,
        "member agreement (mean per enum)",
        f.enum_member_agreement_per_enum,
    );
    figure_line(out, "member recall", f.enum_member_recall);
    figure_line(out, "member precision", f.enum_member_precision);
    figure_line(out, "enums with identical members", f.enums_identical);
    figure_line(
        out,
        "evolvable members as the metadata's",
        f.evolvable_agreement,
    );
}

impl Report {
    /// The figures, the largest disagreement groups (by kind and by docs file) and the first
    /// `details` disagreements, as text.
    pub fn summary(&self, details: usize) -> String {
        let f = &self.figures;
        let mut out = String::new();
        let _ = writeln!(
            out,
            "Model ({}) compared with the CSDL metadata",
            self.version
        );
        let _ = writeln!(out, "Page rule: {}", self.page_rule);
        let _ = writeln!(out);
        type_figures(&mut out, f);
        property_figures(&mut out, f);
        enum_figures(&mut out, f);
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "Disagreements: {} ({} without a docs location)",
            f.disagreements, f.disagreements_without_file
        );
        groups(&mut out, "By kind [largest docs files]:", &self.by_kind);
        groups(
            &mut out,
            "Docs files with the most disagreements [by kind]:",
            &self.by_file,
        );
        self.model_only(&mut out);
        self.details(&mut out, details);
        out
    }

    /// The first `GROUPS` model page types the metadata does not have, if there are any.
    fn model_only(&self, out: &mut String) {
        if self.model_only_types.is_empty() {
            return;
        }
        let shown: Vec<&str> = self
            .model_only_types
            .iter()
            .take(GROUPS)
            .map(|t| short(t))
            .collect();
        let more = self.model_only_types.len().saturating_sub(GROUPS);
        let _ = writeln!(
            out,
            "Model page types not in the metadata: {}{}",
            shown.join(", "),
            if more > 0 {
                format!(", … {more} more")
            } else {
                String::new()
            }
        );
    }

    /// The first `details` disagreements, one a line.
    fn details(&self, out: &mut String, details: usize) {
        if details > 0 && !self.disagreements.is_empty() {
            let n = details.min(self.disagreements.len());
            let _ = writeln!(out, "First {n} of {}:", self.disagreements.len());
            for d in self.disagreements.iter().take(n) {
                let _ = writeln!(out, "  {}", detail(d));
            }
        }
    }
}
