//! Matching the metadata's entity and complex types with the model's page types, and deciding
//! which metadata types have a resource page.

use super::csdl::{Csdl, CsdlType};
use super::disagreements::Sink;
use super::lookup::{first_by_simple_name, index_by_name};
use super::pages::PageIndex;
use super::report::{Disagreement, Kind};
use crate::model::{Model, Origin};
use std::collections::HashMap;

/// Lookups of the model's and the metadata's types by lower-cased name.
pub(crate) struct TypeIndex<'a> {
    /// Metadata types by qualified name.
    pub(crate) meta_by_name: HashMap<String, usize>,
    /// Model types of any origin by qualified name, page types preferred.
    pub(crate) model_any: HashMap<String, usize>,
    /// Model page types by qualified name.
    model_page: HashMap<String, usize>,
    /// Page types by simple name, for "documented in another namespace" hints.
    page_by_simple: HashMap<String, usize>,
    /// Page file → the page types it defines: a file that defines `microsoft.graph.user`
    /// (`user.md`) is not the page of `microsoft.graph.security.user`.
    types_of_file: HashMap<&'a str, Vec<String>>,
}

impl<'a> TypeIndex<'a> {
    /// The lookups over `model` and `csdl`.
    pub(crate) fn new(model: &'a Model, csdl: &Csdl) -> TypeIndex<'a> {
        let meta_by_name = index_by_name(&csdl.types, CsdlType::qualified, |_| true);
        let model_any = index_by_name(
            &model.types,
            |t| t.qualified(),
            |t| t.origin == Origin::Page,
        );
        let model_page: HashMap<String, usize> = model_any
            .iter()
            .filter(|(_, &i)| model.types[i].origin == Origin::Page)
            .map(|(k, &i)| (k.clone(), i))
            .collect();
        let page_by_simple =
            first_by_simple_name(&model.types, |t| &t.name, |t| t.origin == Origin::Page);
        let mut types_of_file: HashMap<&str, Vec<String>> = HashMap::new();
        for t in model.types.iter().filter(|t| t.origin == Origin::Page) {
            types_of_file
                .entry(t.source.file.as_str())
                .or_default()
                .push(t.qualified().to_lowercase());
        }
        TypeIndex {
            meta_by_name,
            model_any,
            model_page,
            page_by_simple,
            types_of_file,
        }
    }
}

/// How the metadata's types matched the model's page types.
pub(crate) struct TypeMatches {
    /// metadata index → model index, for matched types.
    pub(crate) matched: Vec<Option<usize>>,
    /// Metadata types with a resource page.
    pub(crate) with_page: usize,
    /// Metadata types found as model page types.
    pub(crate) found: usize,
    /// Metadata types with a resource page found as model page types.
    pub(crate) found_with_page: usize,
    /// Found types whose base type is the metadata's.
    pub(crate) base_agree: usize,
}

/// Matches every metadata type with the model's page type of that name, counting pages and base
/// agreement, and reports each one not found.
pub(crate) fn compare_types(
    model: &Model,
    csdl: &Csdl,
    pages: &PageIndex,
    index: &TypeIndex,
    sink: &mut Sink,
) -> TypeMatches {
    let mut m = TypeMatches {
        matched: vec![None; csdl.types.len()],
        with_page: 0,
        found: 0,
        found_with_page: 0,
        base_agree: 0,
    };
    for (i, t) in csdl.types.iter().enumerate() {
        let q = t.qualified();
        let found = index.model_page.get(&q.to_lowercase()).copied();
        let page = own_page(pages, index, t, &q);
        let has_page = page.is_some() || found.is_some();
        m.with_page += usize::from(has_page);
        if let Some(mi) = found {
            m.matched[i] = Some(mi);
            m.found += 1;
            let model_base = model.types[mi].base.as_deref().map(str::to_lowercase);
            m.base_agree += usize::from(model_base == t.base.as_deref().map(str::to_lowercase));
            m.found_with_page += usize::from(has_page);
            continue;
        }
        sink.push(missing_type(model, index, t, q, page));
    }
    m
}

/// The resource page of the metadata type `t` (qualified name `q`), if the docs have one.
fn own_page<'p>(pages: &'p PageIndex, index: &TypeIndex, t: &CsdlType, q: &str) -> Option<&'p str> {
    pages.page_of(&t.namespace, &t.name).filter(|f| {
        // The page of a same-named type in another namespace is not this type's page.
        let lower = q.to_lowercase();
        let simple = format!(".{}", t.name.to_lowercase());
        index
            .types_of_file
            .get(f)
            .is_none_or(|qs| qs.contains(&lower) || !qs.iter().any(|x| x.ends_with(&simple)))
    })
}

/// The disagreement for the metadata type `t` (qualified name `q`) the model has no page type
/// for, with a hint of what the model has instead and the type's `page`, if any.
fn missing_type(
    model: &Model,
    index: &TypeIndex,
    t: &CsdlType,
    q: String,
    page: Option<&str>,
) -> Disagreement {
    let docs = match index.model_any.get(&q.to_lowercase()) {
        Some(&m) => Some(format!(
            "placeholder (first linked at {})",
            model.types[m].source
        )),
        None => index
            .page_by_simple
            .get(&t.name.to_lowercase())
            .map(|&m| format!("page type {}", model.types[m].qualified())),
    };
    Disagreement {
        kind: Kind::MissingType,
        target: q,
        name: None,
        docs,
        metadata: Some(
            if t.entity {
                "EntityType"
            } else {
                "ComplexType"
            }
            .to_owned(),
        ),
        source: page.map(str::to_owned),
        affected: 1,
    }
}

/// The model's page types the metadata does not have, sorted, without repeats.
pub(crate) fn model_only_types(model: &Model, index: &TypeIndex) -> Vec<String> {
    let mut v: Vec<String> = model
        .types
        .iter()
        .filter(|t| {
            t.origin == Origin::Page
                && !index
                    .meta_by_name
                    .contains_key(&t.qualified().to_lowercase())
        })
        .map(|t| t.qualified())
        .collect();
    v.sort();
    v.dedup();
    v
}
