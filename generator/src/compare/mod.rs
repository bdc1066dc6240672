//! Measuring a model against the official CSDL metadata (`graphgen compare-metadata`).
//!
//! The metadata is an independent reference used for measurement only: nothing here feeds the
//! model. [`compare`] counts how much of the metadata the model has (types, properties, property
//! types, enums and members) and lists every disagreement with the docs location it comes from.
//! The figures are defined in `docs/metadata-comparison.md`.

mod csdl;
mod disagreements;
mod enums;
mod flatten;
mod input;
mod lookup;
mod pages;
mod properties;
mod report;
mod summary;
#[cfg(test)]
mod tests;
mod types;

pub use input::{load_input, LoadedInput};
pub use report::{Disagreement, Figures, Group, Kind, Mean, Ratio, Report};

use crate::model::{Model, Origin};
use csdl::Csdl;
use disagreements::Sink;
use enums::EnumCounts;
use pages::PageIndex;
use properties::PropertyCounts;
use std::path::{Path, PathBuf};
use types::{TypeIndex, TypeMatches};

/// Why a comparison could not be made.
#[derive(Debug, thiserror::Error)]
pub enum CompareError {
    /// The metadata is not well-formed XML.
    #[error("the metadata is not well-formed XML: {0}")]
    Xml(#[from] roxmltree::Error),
    /// The metadata is XML but not the CSDL expected.
    #[error("the metadata is not CSDL: {0}")]
    NotCsdl(String),
    /// A file or folder could not be read.
    #[error("cannot read {path}")]
    Io {
        /// The path.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The docs could not be read.
    #[error(transparent)]
    Load(#[from] crate::Error),
    /// The input holds no model at all.
    #[error("{0} holds no model (no pages)")]
    NoModel(PathBuf),
    /// The input holds several versions, none of them the one asked for.
    #[error("no model of version {wanted} (the input has {found})")]
    NoVersion {
        /// `--version`.
        wanted: String,
        /// The versions there are.
        found: String,
    },
}

/// Compares `model` with the CSDL `metadata_xml`. With `docs_dir` (the docs folder the model was
/// built from), "has a resource page" is decided from its files; without, from the model's page
/// types' source files.
pub fn compare(
    model: &Model,
    metadata_xml: &str,
    docs_dir: Option<&Path>,
) -> Result<Report, CompareError> {
    let csdl = csdl::parse(metadata_xml)?;
    let pages = match docs_dir {
        Some(d) => PageIndex::from_folder(d, &model.version)?,
        None => PageIndex::from_model(model),
    };
    Ok(compare_parsed(model, &csdl, &pages))
}

/// Compares the parsed metadata with `model`, step by step: types, then the properties of the
/// matched types, then enums; the disagreements are collected in that order.
fn compare_parsed(model: &Model, csdl: &Csdl, pages: &PageIndex) -> Report {
    let index = TypeIndex::new(model, csdl);
    let mut sink = Sink::default();
    let types = types::compare_types(model, csdl, pages, &index, &mut sink);
    let model_only_types = types::model_only_types(model, &index);
    let properties = properties::compare_properties(model, csdl, &index, &types.matched, &mut sink);
    let enums = enums::compare_enums(model, csdl, &mut sink);
    let disagreements = sink.into_sorted();
    let counts = Counts {
        types: &types,
        model_only_types: model_only_types.len(),
        properties: &properties,
        enums: &enums,
    };
    Report {
        version: model.version.clone(),
        page_rule: pages.rule.clone(),
        figures: figures(model, csdl, &counts, &disagreements),
        by_kind: disagreements::by_kind(&disagreements),
        by_file: disagreements::by_file(&disagreements),
        model_only_types,
        disagreements,
    }
}

/// What the comparison steps counted.
struct Counts<'a> {
    /// The type step's matches and counts.
    types: &'a TypeMatches,
    /// Model page types the metadata does not have.
    model_only_types: usize,
    /// The property step's counts.
    properties: &'a PropertyCounts,
    /// The enum step's counts.
    enums: &'a EnumCounts,
}

/// The figures from the steps' `counts` and the final `disagreements`.
fn figures(model: &Model, csdl: &Csdl, counts: &Counts, disagreements: &[Disagreement]) -> Figures {
    let (t, p, e) = (counts.types, counts.properties, counts.enums);
    Figures {
        metadata_types: csdl.types.len(),
        metadata_types_with_page: Ratio::new(t.with_page, csdl.types.len()),
        type_recall: Ratio::new(t.found, csdl.types.len()),
        type_recall_with_page: Ratio::new(t.found_with_page, t.with_page),
        model_page_types: model
            .types
            .iter()
            .filter(|ty| ty.origin == Origin::Page)
            .count(),
        model_types_not_in_metadata: counts.model_only_types,
        base_type_agreement: Ratio::new(t.base_agree, t.found),
        property_recall: Ratio::new(p.recall_found, p.meta_props),
        property_precision: Ratio::new(p.precision_found, p.model_props),
        property_case_only_matches: p.case_only,
        property_type_agreement: Ratio::new(p.agree, p.recall_found),
        property_collection_only_mismatches: p.collection_only,
        metadata_enums: csdl.enums.len(),
        enum_recall: Ratio::new(e.found, csdl.enums.len()),
        enum_member_agreement: Ratio::new(
            e.members_both,
            e.members_meta + e.members_model - e.members_both,
        ),
        enum_member_agreement_per_enum: Mean::of(&e.per_enum),
        enum_member_recall: Ratio::new(e.members_both, e.members_meta),
        enum_member_precision: Ratio::new(e.members_both, e.members_model),
        enums_identical: Ratio::new(e.identical, e.found),
        evolvable_agreement: Ratio::new(e.evolvable_agree, e.evolvable_total),
        disagreements: disagreements.len(),
        disagreements_without_file: disagreements.iter().filter(|d| d.source.is_none()).count(),
    }
}
