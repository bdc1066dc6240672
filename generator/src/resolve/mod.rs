//! Stage 3, **resolve**: the facts of all pages of one API version become one [`Model`].
//!
//! Links (`../resources/x.md`, `enums-x.md#y-values`, bare and qualified names) become
//! qualified names; inheritance is checked; enums are inferred from "The possible values are: …"
//! where no enum page defines them; names linked but defined nowhere become placeholders (open
//! types, open enums) with a warning; the JSON representation is checked against the table;
//! operations get unique names, path parameters and resolved body and response types.

mod bases;
mod definitions;
mod enums;
mod infer;
mod names;
mod operations;
pub(crate) mod paths;
mod representation;

use crate::diag::Diagnostics;
use crate::extract::method::OperationFact;
use crate::extract::{PageFacts, ResourceFact};
use crate::model::{EnumDef, Model, TypeDef};
use representation::ShapeConflict;
use std::collections::{BTreeMap, HashMap};

/// What a name or link resolves to.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Def {
    Type(String),
    Enum(String),
}

/// Indexes of everything the pages define, and the placeholders and inferred enums added while
/// resolving.
struct Resolver<'a> {
    diags: &'a mut Diagnostics,
    types: BTreeMap<String, TypeDef>,
    enums: BTreeMap<String, EnumDef>,
    /// Lower-cased qualified name → qualified name, for case-insensitive lookups.
    lower: HashMap<String, Def>,
    /// Simple name (lower-cased) → definitions with that name.
    simple: HashMap<String, Vec<Def>>,
    /// Resource page file name → the type it defines.
    type_files: HashMap<String, String>,
    /// (enum page file, anchor) → enum; single-enum page file → enum (anchor "").
    enum_anchors: HashMap<(String, String), String>,
    /// Properties whose table and JSON representation disagree on collection-ness.
    shape_conflicts: Vec<ShapeConflict>,
    /// Page file → its product area, for what is made without a page of its own (placeholders
    /// and enums inferred from a description take the area of the page that names them).
    page_areas: HashMap<String, String>,
}

impl<'a> Resolver<'a> {
    /// An empty resolver for the pages `facts` (only their areas are read here).
    fn new(diags: &'a mut Diagnostics, facts: &[PageFacts]) -> Self {
        Resolver {
            diags,
            types: BTreeMap::new(),
            enums: BTreeMap::new(),
            lower: HashMap::new(),
            simple: HashMap::new(),
            type_files: HashMap::new(),
            enum_anchors: HashMap::new(),
            shape_conflicts: Vec::new(),
            page_areas: facts.iter().filter_map(page_area).collect(),
        }
    }
}

/// A page's file and area, when it has one.
fn page_area(f: &PageFacts) -> Option<(String, String)> {
    let (path, area) = match f {
        PageFacts::Resource(r) => (&r.path, &r.area),
        PageFacts::Operation(o) => (&o.path, &o.area),
        PageFacts::Enums(es) => {
            let e = es.first()?;
            (&e.path, &e.area)
        }
        PageFacts::Other => return None,
    };
    Some((path.clone(), area.clone()?))
}

/// The facts of the operation pages (consumed: their examples move into the model).
fn operation_facts(facts: Vec<PageFacts>) -> Vec<OperationFact> {
    facts
        .into_iter()
        .filter_map(|f| match f {
            PageFacts::Operation(o) => Some(*o),
            _ => None,
        })
        .collect()
}

/// Resolves the facts of all pages of one version into its model.
pub(crate) fn resolve(version: &str, facts: Vec<PageFacts>, diags: &mut Diagnostics) -> Model {
    let mut r = Resolver::new(diags, &facts);
    // 1. Definitions: enum pages (and enum sections of resource pages), then resource pages.
    r.add_enum_pages(&facts);
    let resources = r.add_resources(&facts);
    // 2. Properties.
    for (res, others) in &resources {
        r.add_properties(res, others);
    }
    let resources: Vec<&ResourceFact> = resources.into_iter().map(|(p, _)| p).collect();
    // 3. Inheritance.
    r.resolve_bases(&resources);
    // 4. The JSON representation against the table.
    for res in &resources {
        r.check_json(res);
    }
    // 5. Operations.
    drop(resources);
    let operations = operations::resolve_operations(&mut r, operation_facts(facts));
    // 6. Response types no page defines, inferred from the response examples.
    r.settle_shape_conflicts(&operations);
    r.infer_from_examples(&operations);
    Model {
        version: version.to_owned(),
        types: r.types.into_values().collect(),
        enums: r.enums.into_values().collect(),
        operations,
    }
}
