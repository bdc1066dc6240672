//! Measuring a model against the official CSDL metadata (`graphgen compare-metadata`).
//!
//! The metadata is an independent reference used for measurement only: nothing here feeds the
//! model. [`compare`] counts how much of the metadata the model has (types, properties, property
//! types, enums and members) and lists every disagreement with the docs location it comes from.
//! The figures are defined in `docs/metadata-comparison.md`.

mod csdl;
mod input;
mod pages;
mod summary;
#[cfg(test)]
mod tests;

pub use input::{load_input, LoadedInput};

use crate::model::{EnumOrigin, Model, Origin, Property};
use csdl::{resolve_alias, strip_collection, Csdl, CsdlProperty, CsdlType};
use pages::{source_file, PageIndex};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

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
    #[error("cannot read {path}: {source}")]
    Io {
        /// The path.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// A `.json` input is not a saved model.
    #[error("{path} is not a model JSON file: {source}")]
    ModelJson {
        /// The path.
        path: PathBuf,
        /// The cause.
        source: serde_json::Error,
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

/// `count` out of `total`, with the percentage (two decimals; `None` when `total` is 0).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Ratio {
    /// The part.
    pub count: usize,
    /// The whole.
    pub total: usize,
    /// `100 * count / total`, rounded to two decimals.
    pub percent: Option<f64>,
}

/// A mean of per-item percentages.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Mean {
    /// How many items were averaged.
    pub items: usize,
    /// The mean, in percent, rounded to two decimals (`None` when there are no items).
    pub percent: Option<f64>,
    #[serde(skip)]
    exact: f64,
}

impl Mean {
    /// The mean of `fractions` (each in 0..=1).
    pub fn of(fractions: &[f64]) -> Mean {
        let n = fractions.len();
        let exact = if n == 0 {
            0.0
        } else {
            fractions.iter().sum::<f64>() * 100.0 / n as f64
        };
        Mean {
            items: n,
            percent: (n > 0).then(|| (exact * 100.0).round() / 100.0),
            exact,
        }
    }

    /// Whether the mean is at least `percent`% (exactly, not rounded); false when empty.
    pub fn at_least(&self, percent: f64) -> bool {
        self.items > 0 && self.exact >= percent
    }
}

impl std::fmt::Display for Mean {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.percent {
            Some(p) => write!(f, "{p:.2}% over {} enums", self.items),
            None => write!(f, "n/a"),
        }
    }
}

impl Ratio {
    /// `count` of `total`.
    pub fn new(count: usize, total: usize) -> Ratio {
        let percent = (total > 0).then(|| (count as f64 * 10_000.0 / total as f64).round() / 100.0);
        Ratio {
            count,
            total,
            percent,
        }
    }

    /// Whether `count / total` is at least `percent`% (exactly, not rounded); false when empty.
    pub fn at_least(&self, percent: f64) -> bool {
        self.total > 0 && self.count as f64 * 100.0 >= percent * self.total as f64
    }
}

impl std::fmt::Display for Ratio {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.percent {
            Some(p) => write!(f, "{}/{} ({p:.2}%)", self.count, self.total),
            None => write!(f, "{}/{} (n/a)", self.count, self.total),
        }
    }
}

/// The figures of a comparison (see `docs/metadata-comparison.md`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Figures {
    /// Entity and complex types in the metadata (all schemas).
    pub metadata_types: usize,
    /// Metadata types the docs have a resource page for, of all metadata types.
    pub metadata_types_with_page: Ratio,
    /// Metadata types found as model page types, of all metadata types.
    pub type_recall: Ratio,
    /// Of the metadata types with a page, those found.
    pub type_recall_with_page: Ratio,
    /// Model types of origin page.
    pub model_page_types: usize,
    /// Model page types with no metadata type of that name.
    pub model_types_not_in_metadata: usize,
    /// Of the matched types, those whose base type is the metadata's (both none, or the same
    /// qualified name, case-insensitively). Informative: a missing base loses inherited properties.
    pub base_type_agreement: Ratio,
    /// Flattened metadata properties of matched types found (exact name) in the model.
    pub property_recall: Ratio,
    /// Flattened model properties of matched types found (exact name) in the metadata.
    pub property_precision: Ratio,
    /// Metadata properties missing by exact name whose name the model has in another casing.
    pub property_case_only_matches: usize,
    /// Of the properties both have, those with the same type and collection-ness.
    pub property_type_agreement: Ratio,
    /// Type disagreements where only collection-ness differs.
    pub property_collection_only_mismatches: usize,
    /// Enum types in the metadata.
    pub metadata_enums: usize,
    /// Metadata enums found in the model (page or description origin).
    pub enum_recall: Ratio,
    /// Summed over matched enums: members in both / members in either. One enum with many
    /// members the other side lacks weighs as much as all its members.
    pub enum_member_agreement: Ratio,
    /// The mean over matched enums of each enum's members in both / members in either: every
    /// enum counts once.
    pub enum_member_agreement_per_enum: Mean,
    /// Over matched enums: members in both / metadata members.
    pub enum_member_recall: Ratio,
    /// Over matched enums: members in both / model members.
    pub enum_member_precision: Ratio,
    /// Matched enums with the same set of member names.
    pub enums_identical: Ratio,
    /// Of the matched enums whose metadata has `unknownFutureValue`, those whose evolvable
    /// members are the metadata's members after it, in its order (over the members both have).
    pub evolvable_agreement: Ratio,
    /// Disagreement entries.
    pub disagreements: usize,
    /// Disagreement entries with no docs location.
    pub disagreements_without_file: usize,
}

/// What kind of problem a disagreement is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// A metadata type the model has no page type for.
    MissingType,
    /// A metadata property the model's type (flattened) lacks.
    MissingProperty,
    /// A model property the metadata's type (flattened) lacks.
    ExtraProperty,
    /// A property both have, typed differently.
    TypeMismatch,
    /// A metadata enum the model does not have (with members).
    MissingEnum,
    /// A metadata enum member the model's enum lacks.
    MissingEnumMember,
    /// A model enum member the metadata's enum lacks.
    ExtraEnumMember,
    /// An enum whose evolvable members (after `unknownFutureValue`) differ from the metadata's,
    /// over the members both have.
    EvolvableMismatch,
}

impl Kind {
    /// Every kind, in report order.
    pub const ALL: [Kind; 8] = [
        Kind::MissingType,
        Kind::MissingProperty,
        Kind::ExtraProperty,
        Kind::TypeMismatch,
        Kind::MissingEnum,
        Kind::MissingEnumMember,
        Kind::ExtraEnumMember,
        Kind::EvolvableMismatch,
    ];

    /// The kebab-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::MissingType => "missing-type",
            Kind::MissingProperty => "missing-property",
            Kind::ExtraProperty => "extra-property",
            Kind::TypeMismatch => "type-mismatch",
            Kind::MissingEnum => "missing-enum",
            Kind::MissingEnumMember => "missing-enum-member",
            Kind::ExtraEnumMember => "extra-enum-member",
            Kind::EvolvableMismatch => "evolvable-mismatch",
        }
    }
}

/// One problem.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Disagreement {
    /// What is wrong.
    pub kind: Kind,
    /// Qualified type or enum (metadata spelling when the metadata has it).
    #[serde(rename = "type")]
    pub target: String,
    /// Property or member, for property- and member-level problems.
    pub name: Option<String>,
    /// What the docs say (type as `X` or `Collection(X)`, member value, a hint for missing items).
    pub docs: Option<String>,
    /// What the metadata says.
    pub metadata: Option<String>,
    /// `file:line` in the docs, where there is one.
    pub source: Option<String>,
    /// How many matched types' flattened comparisons show this problem (1 for non-property
    /// problems): a property missing from a base type is one entry affecting every derived type.
    pub affected: usize,
}

impl Disagreement {
    /// `type.name` or `type`.
    pub fn label(&self) -> String {
        match &self.name {
            Some(n) => format!("{}.{n}", self.target),
            None => self.target.clone(),
        }
    }
}

/// Disagreements sharing a kind or a docs file.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Group {
    /// The kind name or the docs file.
    pub key: String,
    /// Entries in the group.
    pub count: usize,
    /// Entries per kind (for file groups) or per docs file (for kind groups: the 7 largest).
    pub breakdown: Vec<(String, usize)>,
    /// A few entries (`type.name`), those affecting the most types first.
    pub examples: Vec<String>,
}

/// The result of a comparison.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    /// The model's version.
    pub version: String,
    /// How "has a resource page" was decided.
    pub page_rule: String,
    /// The figures.
    pub figures: Figures,
    /// Disagreements by kind, largest first.
    pub by_kind: Vec<Group>,
    /// Disagreements by docs file, largest first.
    pub by_file: Vec<Group>,
    /// Model page types the metadata does not have.
    pub model_only_types: Vec<String>,
    /// Every disagreement, by kind, then type, then name.
    pub disagreements: Vec<Disagreement>,
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

/// The comparison key of a type reference: lower case, `microsoft.graph.Json` as `Edm.Untyped`.
fn type_key(ty: &str) -> String {
    let l = ty.to_lowercase();
    if l == "microsoft.graph.json" {
        "edm.untyped".to_owned()
    } else {
        l
    }
}

fn show(ty: &str, collection: bool) -> String {
    if collection {
        format!("Collection({ty})")
    } else {
        ty.to_owned()
    }
}

/// A model property's type, normalized like the metadata's (alias and `Collection(…)` removed).
fn model_type(p: &Property, aliases: &HashMap<String, String>) -> (String, bool) {
    let (inner, wrapped) = strip_collection(&p.ty);
    (resolve_alias(inner, aliases), p.collection || wrapped)
}

/// A type's properties with inherited ones: union by name, the nearest definition winning.
struct Flat<'a, P> {
    /// (declaring type index, property), nearest first.
    entries: Vec<(usize, &'a P)>,
    by_name: HashMap<&'a str, usize>,
    lower: HashSet<String>,
}

impl<'a, P> Flat<'a, P> {
    fn new() -> Self {
        Flat {
            entries: Vec::new(),
            by_name: HashMap::new(),
            lower: HashSet::new(),
        }
    }

    fn add(&mut self, decl: usize, name: &'a str, p: &'a P) {
        if !self.by_name.contains_key(name) {
            self.by_name.insert(name, self.entries.len());
            self.lower.insert(name.to_lowercase());
            self.entries.push((decl, p));
        }
    }

    fn get(&self, name: &str) -> Option<(usize, &'a P)> {
        self.by_name.get(name).map(|&i| self.entries[i])
    }
}

/// Every property of type `start` and its bases (nearest definition first), for either side.
fn flatten<'a, T, P>(
    types: &'a [T],
    by_name: &HashMap<String, usize>,
    start: usize,
    parts: impl Fn(&'a T) -> (&'a [P], Option<&'a String>),
    name: impl Fn(&'a P) -> &'a str,
) -> Flat<'a, P> {
    let mut flat = Flat::new();
    let mut seen = HashSet::new();
    let mut cur = Some(start);
    while let Some(i) = cur {
        if !seen.insert(i) {
            break;
        }
        let Some(t) = types.get(i) else { break };
        let (props, base) = parts(t);
        for p in props {
            flat.add(i, name(p), p);
        }
        cur = base.and_then(|b| by_name.get(&b.to_lowercase()).copied());
    }
    flat
}

fn flatten_model<'a>(
    model: &'a Model,
    by_name: &HashMap<String, usize>,
    start: usize,
) -> Flat<'a, Property> {
    flatten(
        &model.types,
        by_name,
        start,
        |t| (&t.properties, t.base.as_ref()),
        |p| &p.name,
    )
}

fn flatten_csdl<'a>(
    csdl: &'a Csdl,
    by_name: &HashMap<String, usize>,
    start: usize,
) -> Flat<'a, CsdlProperty> {
    flatten(
        &csdl.types,
        by_name,
        start,
        |t| (&t.properties, t.base.as_ref()),
        |p| &p.name,
    )
}

/// What makes two disagreements the same problem: kind, target (lower case), name, docs and
/// metadata values.
type SinkKey = (Kind, String, Option<String>, Option<String>, Option<String>);

/// Collects disagreements, one entry per distinct problem, counting the types it affects.
#[derive(Default)]
struct Sink {
    entries: Vec<Disagreement>,
    index: HashMap<SinkKey, usize>,
}

impl Sink {
    fn push(&mut self, d: Disagreement) {
        let key = (
            d.kind,
            d.target.to_lowercase(),
            d.name.clone(),
            d.docs.clone(),
            d.metadata.clone(),
        );
        match self.index.get(&key) {
            Some(&i) => self.entries[i].affected += 1,
            None => {
                self.index.insert(key, self.entries.len());
                self.entries.push(d);
            }
        }
    }
}

/// First index per lower-cased qualified name, preferring items `prefer` accepts.
fn index_by_name<T>(
    items: &[T],
    name: impl Fn(&T) -> String,
    prefer: impl Fn(&T) -> bool,
) -> HashMap<String, usize> {
    let mut map: HashMap<String, usize> = HashMap::new();
    for (i, it) in items.iter().enumerate() {
        let k = name(it).to_lowercase();
        match map.get(&k) {
            Some(&j) if prefer(&items[j]) || !prefer(it) => {}
            _ => {
                map.insert(k, i);
            }
        }
    }
    map
}

fn compare_parsed(model: &Model, csdl: &Csdl, pages: &PageIndex) -> Report {
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
    // Page types by simple name, for "documented in another namespace" hints.
    let mut page_by_simple: HashMap<String, usize> = HashMap::new();
    for (i, t) in model.types.iter().enumerate() {
        if t.origin == Origin::Page {
            page_by_simple.entry(t.name.to_lowercase()).or_insert(i);
        }
    }

    // Page file → the page types it defines: a file that defines `microsoft.graph.user`
    // (`user.md`) is not the page of `microsoft.graph.security.user`.
    let mut types_of_file: HashMap<&str, Vec<String>> = HashMap::new();
    for t in model.types.iter().filter(|t| t.origin == Origin::Page) {
        types_of_file
            .entry(source_file(&t.source))
            .or_default()
            .push(t.qualified().to_lowercase());
    }

    let mut sink = Sink::default();

    // Types.
    let mut with_page = 0;
    let mut found_all = 0;
    let mut found_with_page = 0;
    let mut base_agree = 0;
    // metadata index → model index, for matched types.
    let mut matched: Vec<Option<usize>> = vec![None; csdl.types.len()];
    for (i, t) in csdl.types.iter().enumerate() {
        let q = t.qualified();
        let found = model_page.get(&q.to_lowercase()).copied();
        let page = pages.page_of(&t.namespace, &t.name).filter(|f| {
            // The page of a same-named type in another namespace is not this type's page.
            let lower = q.to_lowercase();
            let simple = format!(".{}", t.name.to_lowercase());
            types_of_file
                .get(f)
                .is_none_or(|qs| qs.contains(&lower) || !qs.iter().any(|x| x.ends_with(&simple)))
        });
        let has_page = page.is_some() || found.is_some();
        with_page += usize::from(has_page);
        if let Some(m) = found {
            matched[i] = Some(m);
            found_all += 1;
            let model_base = model.types[m].base.as_deref().map(str::to_lowercase);
            base_agree += usize::from(model_base == t.base.as_deref().map(str::to_lowercase));
            found_with_page += usize::from(has_page);
            continue;
        }
        let docs = match model_any.get(&q.to_lowercase()) {
            Some(&m) => Some(format!(
                "placeholder (first linked at {})",
                model.types[m].source
            )),
            None => page_by_simple
                .get(&t.name.to_lowercase())
                .map(|&m| format!("page type {}", model.types[m].qualified())),
        };
        sink.push(Disagreement {
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
        });
    }
    let model_to_meta: HashMap<usize, usize> = matched
        .iter()
        .enumerate()
        .filter_map(|(i, m)| m.map(|m| (m, i)))
        .collect();
    let model_only_types: Vec<String> = {
        let mut v: Vec<String> = model
            .types
            .iter()
            .filter(|t| {
                t.origin == Origin::Page
                    && !meta_by_name.contains_key(&t.qualified().to_lowercase())
            })
            .map(|t| t.qualified())
            .collect();
        v.sort();
        v.dedup();
        v
    };

    // Properties.
    let flats: Vec<Option<(Flat<CsdlProperty>, Flat<Property>)>> = matched
        .iter()
        .enumerate()
        .map(|(i, m)| {
            m.map(|m| {
                (
                    flatten_csdl(csdl, &meta_by_name, i),
                    flatten_model(model, &model_any, m),
                )
            })
        })
        .collect();
    let (mut meta_props, mut recall_found, mut case_only) = (0, 0, 0);
    let (mut model_props, mut precision_found) = (0, 0);
    let (mut agree, mut collection_only) = (0, 0);
    for (i, flat) in flats.iter().enumerate() {
        let Some((mf, df)) = flat else {
            continue;
        };
        let target_of = |j: usize| csdl.types[j].qualified();
        for &(decl, mp) in &mf.entries {
            meta_props += 1;
            let meta_show = show(&mp.ty, mp.collection);
            match df.get(&mp.name) {
                Some((mdecl, dp)) => {
                    recall_found += 1;
                    let (ty, coll) = model_type(dp, &csdl.aliases);
                    if type_key(&ty) == type_key(&mp.ty) && coll == mp.collection {
                        agree += 1;
                        continue;
                    }
                    if type_key(&ty) == type_key(&mp.ty) {
                        collection_only += 1;
                    }
                    // Reported at the model type whose row it is, when that type's own
                    // comparison shows the same disagreement.
                    let at = model_to_meta
                        .get(&mdecl)
                        .copied()
                        .filter(|&j| {
                            flats[j]
                                .as_ref()
                                .and_then(|(f, _)| f.get(&mp.name))
                                .is_some_and(|(_, p)| {
                                    type_key(&p.ty) == type_key(&mp.ty)
                                        && p.collection == mp.collection
                                })
                        })
                        .unwrap_or(i);
                    sink.push(Disagreement {
                        kind: Kind::TypeMismatch,
                        target: target_of(at),
                        name: Some(mp.name.clone()),
                        docs: Some(show(&ty, coll)),
                        metadata: Some(meta_show),
                        source: Some(dp.source.clone()),
                        affected: 1,
                    });
                }
                None => {
                    let lower = mp.name.to_lowercase();
                    let variant = df
                        .entries
                        .iter()
                        .find(|(_, p)| p.name.to_lowercase() == lower)
                        .map(|(_, p)| p.name.clone());
                    case_only += usize::from(variant.is_some());
                    // Reported at the metadata type declaring it, when the model lacks it there
                    // too.
                    let at = Some(decl)
                        .filter(|&j| {
                            flats[j]
                                .as_ref()
                                .is_some_and(|(_, f)| f.get(&mp.name).is_none())
                        })
                        .unwrap_or(i);
                    let source = matched[at].map(|mi| model.types[mi].source.clone());
                    sink.push(Disagreement {
                        kind: Kind::MissingProperty,
                        target: target_of(at),
                        name: Some(mp.name.clone()),
                        docs: variant.map(|v| format!("named {v}")),
                        metadata: Some(meta_show),
                        source,
                        affected: 1,
                    });
                }
            }
        }
        for &(mdecl, dp) in &df.entries {
            model_props += 1;
            if mf.get(&dp.name).is_some() {
                precision_found += 1;
                continue;
            }
            let at = model_to_meta
                .get(&mdecl)
                .copied()
                .filter(|&j| {
                    flats[j]
                        .as_ref()
                        .is_some_and(|(f, _)| f.get(&dp.name).is_none())
                })
                .unwrap_or(i);
            let (ty, coll) = model_type(dp, &csdl.aliases);
            sink.push(Disagreement {
                kind: Kind::ExtraProperty,
                target: target_of(at),
                name: Some(dp.name.clone()),
                docs: Some(show(&ty, coll)),
                metadata: None,
                source: Some(dp.source.clone()),
                affected: 1,
            });
        }
    }

    // Enums.
    let enum_any = index_by_name(
        &model.enums,
        |e| e.qualified(),
        |e| e.origin != EnumOrigin::Placeholder,
    );
    let mut enum_by_simple: HashMap<String, usize> = HashMap::new();
    for (i, e) in model.enums.iter().enumerate() {
        if e.origin != EnumOrigin::Placeholder {
            enum_by_simple.entry(e.name.to_lowercase()).or_insert(i);
        }
    }
    let (mut enums_found, mut identical) = (0, 0);
    let (mut evo_total, mut evo_agree) = (0, 0);
    let (mut m_both, mut m_meta, mut m_model) = (0, 0, 0);
    let mut per_enum: Vec<f64> = Vec::new();
    for e in &csdl.enums {
        let q = e.qualified();
        let found = enum_any
            .get(&q.to_lowercase())
            .copied()
            .filter(|&j| model.enums[j].origin != EnumOrigin::Placeholder);
        let Some(j) = found else {
            let (docs, source) = match enum_any.get(&q.to_lowercase()) {
                Some(&j) => (
                    Some("placeholder (no members documented)".to_owned()),
                    Some(model.enums[j].source.clone()),
                ),
                None => match enum_by_simple.get(&e.name.to_lowercase()) {
                    Some(&j) => (
                        Some(format!("enum {}", model.enums[j].qualified())),
                        Some(model.enums[j].source.clone()),
                    ),
                    None => (None, None),
                },
            };
            sink.push(Disagreement {
                kind: Kind::MissingEnum,
                target: q,
                name: None,
                docs,
                metadata: Some(format!("{} members", e.members.len())),
                source,
                affected: 1,
            });
            continue;
        };
        enums_found += 1;
        let de = &model.enums[j];
        let mut meta_names: Vec<&str> = Vec::new();
        for (n, _) in &e.members {
            if !meta_names.contains(&n.as_str()) {
                meta_names.push(n);
            }
        }
        let mut docs_names: Vec<&str> = Vec::new();
        for m in &de.members {
            if !docs_names.contains(&m.name.as_str()) {
                docs_names.push(&m.name);
            }
        }
        let both = meta_names.iter().filter(|n| docs_names.contains(n)).count();
        m_both += both;
        let union = meta_names.len() + docs_names.len() - both;
        per_enum.push(if union == 0 {
            1.0
        } else {
            both as f64 / union as f64
        });
        m_meta += meta_names.len();
        m_model += docs_names.len();
        if both == meta_names.len() && both == docs_names.len() {
            identical += 1;
        }
        if let Some(pos) = e
            .members
            .iter()
            .position(|(n, _)| n == "unknownFutureValue")
        {
            evo_total += 1;
            let meta_evo: Vec<&str> = e.members[pos + 1..]
                .iter()
                .map(|(n, _)| n.as_str())
                .filter(|n| docs_names.contains(n))
                .collect();
            let docs_evo: Vec<&str> = de
                .members
                .iter()
                .filter(|m| m.evolvable && meta_names.contains(&m.name.as_str()))
                .map(|m| m.name.as_str())
                .collect();
            if meta_evo == docs_evo {
                evo_agree += 1;
            } else {
                sink.push(Disagreement {
                    kind: Kind::EvolvableMismatch,
                    target: q.clone(),
                    name: None,
                    docs: Some(format!("evolvable: {}", docs_evo.join(", "))),
                    metadata: Some(format!("after unknownFutureValue: {}", meta_evo.join(", "))),
                    source: Some(de.source.clone()),
                    affected: 1,
                });
            }
        }
        for (n, value) in &e.members {
            if docs_names.contains(&n.as_str()) {
                continue;
            }
            let variant = docs_names
                .iter()
                .find(|d| d.to_lowercase() == n.to_lowercase())
                .map(|d| format!("named {d}"));
            sink.push(Disagreement {
                kind: Kind::MissingEnumMember,
                target: q.clone(),
                name: Some(n.clone()),
                docs: variant,
                metadata: value.as_ref().map(|v| format!("value {v}")),
                source: Some(de.source.clone()),
                affected: 1,
            });
        }
        for m in &de.members {
            if meta_names.contains(&m.name.as_str()) {
                continue;
            }
            sink.push(Disagreement {
                kind: Kind::ExtraEnumMember,
                target: q.clone(),
                name: Some(m.name.clone()),
                docs: m.value.map(|v| format!("value {v}")),
                metadata: None,
                source: Some(m.source.clone()),
                affected: 1,
            });
        }
    }

    let mut disagreements = sink.entries;
    disagreements.sort_by(|a, b| {
        (a.kind, a.target.to_lowercase(), &a.name).cmp(&(b.kind, b.target.to_lowercase(), &b.name))
    });
    let without_file = disagreements.iter().filter(|d| d.source.is_none()).count();
    let figures = Figures {
        metadata_types: csdl.types.len(),
        metadata_types_with_page: Ratio::new(with_page, csdl.types.len()),
        type_recall: Ratio::new(found_all, csdl.types.len()),
        type_recall_with_page: Ratio::new(found_with_page, with_page),
        model_page_types: model
            .types
            .iter()
            .filter(|t| t.origin == Origin::Page)
            .count(),
        model_types_not_in_metadata: model_only_types.len(),
        base_type_agreement: Ratio::new(base_agree, found_all),
        property_recall: Ratio::new(recall_found, meta_props),
        property_precision: Ratio::new(precision_found, model_props),
        property_case_only_matches: case_only,
        property_type_agreement: Ratio::new(agree, recall_found),
        property_collection_only_mismatches: collection_only,
        metadata_enums: csdl.enums.len(),
        enum_recall: Ratio::new(enums_found, csdl.enums.len()),
        enum_member_agreement: Ratio::new(m_both, m_meta + m_model - m_both),
        enum_member_agreement_per_enum: Mean::of(&per_enum),
        enum_member_recall: Ratio::new(m_both, m_meta),
        enum_member_precision: Ratio::new(m_both, m_model),
        enums_identical: Ratio::new(identical, enums_found),
        evolvable_agreement: Ratio::new(evo_agree, evo_total),
        disagreements: disagreements.len(),
        disagreements_without_file: without_file,
    };
    Report {
        version: model.version.clone(),
        page_rule: pages.rule.clone(),
        figures,
        by_kind: group(
            &disagreements,
            |d| Some(d.kind.as_str().to_owned()),
            |d| d.source.as_deref().map(|s| source_file(s).to_owned()),
        ),
        by_file: group(
            &disagreements,
            |d| d.source.as_deref().map(|s| source_file(s).to_owned()),
            |d| Some(d.kind.as_str().to_owned()),
        ),
        model_only_types,
        disagreements,
    }
}

/// Groups `ds` by `key` (entries without one left out), largest first; each group broken down by
/// `sub` (the top 7: every kind, or the 7 largest files) with up to 5 examples.
fn group(
    ds: &[Disagreement],
    key: impl Fn(&Disagreement) -> Option<String>,
    sub: impl Fn(&Disagreement) -> Option<String>,
) -> Vec<Group> {
    let mut groups: BTreeMap<String, Vec<&Disagreement>> = BTreeMap::new();
    for d in ds {
        if let Some(k) = key(d) {
            groups.entry(k).or_default().push(d);
        }
    }
    let mut out: Vec<Group> = groups
        .into_iter()
        .map(|(key, mut members)| {
            let mut counts: BTreeMap<String, usize> = BTreeMap::new();
            for d in &members {
                if let Some(s) = sub(d) {
                    *counts.entry(s).or_default() += 1;
                }
            }
            let mut breakdown: Vec<(String, usize)> = counts.into_iter().collect();
            breakdown.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            breakdown.truncate(7);
            members.sort_by_key(|d| std::cmp::Reverse(d.affected));
            Group {
                key,
                count: members.len(),
                breakdown,
                examples: members.iter().take(5).map(|d| d.label()).collect(),
            }
        })
        .collect();
    out.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.key.cmp(&b.key)));
    out
}
