//! The result of a comparison: figures, disagreements and their groups, as reported.

use serde::Serialize;

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
