//! What a change means for the version of the generated crate: the rules of Cargo's SemVer
//! reference (<https://doc.rust-lang.org/cargo/reference/semver.html>) as they apply to what the
//! emitter writes, and the version bump they add up to.

use serde::{Deserialize, Serialize};
use std::fmt;

/// How much of a release a change needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Nothing in the crate changes.
    None,
    /// The crate's code changes, its API does not (docs, constants' values, behaviour).
    Patch,
    /// The API grows; code that compiled still compiles.
    Minor,
    /// Code that compiled may no longer compile.
    Major,
}

impl Level {
    /// `none`, `patch`, `minor` or `major`.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::None => "none",
            Level::Patch => "patch",
            Level::Minor => "minor",
            Level::Major => "major",
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A rule: an identifier, the level, and where Cargo's SemVer reference says so.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Rule {
    pub id: &'static str,
    pub level: Level,
}

impl Rule {
    pub const ITEM_ADDED: Rule = Rule::new("item-new", Level::Minor);
    pub const ITEM_REMOVED: Rule = Rule::new("item-remove", Level::Major);
    pub const TYPE_RENAMED: Rule = Rule::new("item-rename", Level::Major);
    /// A public field added to a `#[non_exhaustive]` struct (every generated struct is).
    pub const FIELD_ADDED: Rule = Rule::new("struct-add-field-non-exhaustive", Level::Minor);
    /// A public field added to a struct users can build with a literal.
    pub const FIELD_ADDED_EXHAUSTIVE: Rule =
        Rule::new("struct-add-public-field-when-no-private", Level::Major);
    pub const FIELD_REMOVED: Rule = Rule::new("struct-field-remove", Level::Major);
    pub const FIELD_TYPE_CHANGED: Rule = Rule::new("struct-field-type-change", Level::Major);
    pub const BASE_CHANGED: Rule = Rule::new("struct-fields-change", Level::Major);
    /// A variant added to a `#[non_exhaustive]` enum (every generated enum is).
    pub const VARIANT_ADDED: Rule = Rule::new("enum-variant-new-non-exhaustive", Level::Minor);
    pub const VARIANT_ADDED_EXHAUSTIVE: Rule = Rule::new("enum-variant-new", Level::Major);
    pub const VARIANT_REMOVED: Rule = Rule::new("enum-variant-remove", Level::Major);
    pub const VARIANT_CHANGED: Rule = Rule::new("enum-fields-change", Level::Major);
    pub const DERIVED_ORDER_CHANGED: Rule = Rule::new("derive-partial-ord-reorder", Level::Major);
    pub const FLAGS_CHANGED: Rule = Rule::new("field-types-change", Level::Major);
    pub const METHOD_ADDED: Rule = Rule::new("impl-item-new", Level::Minor);
    pub const METHOD_REMOVED: Rule = Rule::new("impl-item-remove", Level::Major);
    pub const METHOD_SIGNATURE: Rule = Rule::new("fn-change-signature", Level::Major);
    pub const IMPL_ADDED: Rule = Rule::new("trait-impl-new", Level::Minor);
    pub const IMPL_REMOVED: Rule = Rule::new("trait-impl-remove", Level::Major);
    pub const ASSOC_TYPE_CHANGED: Rule = Rule::new("trait-impl-assoc-type-change", Level::Major);
    pub const SIGNATURE_CHANGED: Rule = Rule::new("item-signature-change", Level::Major);
    pub const NON_EXHAUSTIVE_ADDED: Rule = Rule::new("attr-adding-non-exhaustive", Level::Major);
    pub const NON_EXHAUSTIVE_REMOVED: Rule =
        Rule::new("attr-removing-non-exhaustive", Level::Minor);
    pub const CFG_CHANGED: Rule = Rule::new("cfg-feature-change", Level::Major);
    pub const FEATURE_ADDED: Rule = Rule::new("cargo-feature-add", Level::Minor);
    pub const FEATURE_REMOVED: Rule = Rule::new("cargo-feature-remove", Level::Major);
    /// What the crate does changes, not what compiles: a constant's value, rustdoc, behaviour.
    pub const BEHAVIOUR: Rule = Rule::new("no-api-change", Level::Patch);

    const fn new(id: &'static str, level: Level) -> Rule {
        Rule { id, level }
    }

    /// Every rule, for the documentation and its test.
    pub const ALL: &'static [Rule] = &[
        Rule::ITEM_ADDED,
        Rule::ITEM_REMOVED,
        Rule::TYPE_RENAMED,
        Rule::FIELD_ADDED,
        Rule::FIELD_ADDED_EXHAUSTIVE,
        Rule::FIELD_REMOVED,
        Rule::FIELD_TYPE_CHANGED,
        Rule::BASE_CHANGED,
        Rule::VARIANT_ADDED,
        Rule::VARIANT_ADDED_EXHAUSTIVE,
        Rule::VARIANT_REMOVED,
        Rule::VARIANT_CHANGED,
        Rule::DERIVED_ORDER_CHANGED,
        Rule::FLAGS_CHANGED,
        Rule::METHOD_ADDED,
        Rule::METHOD_REMOVED,
        Rule::METHOD_SIGNATURE,
        Rule::IMPL_ADDED,
        Rule::IMPL_REMOVED,
        Rule::ASSOC_TYPE_CHANGED,
        Rule::SIGNATURE_CHANGED,
        Rule::NON_EXHAUSTIVE_ADDED,
        Rule::NON_EXHAUSTIVE_REMOVED,
        Rule::CFG_CHANGED,
        Rule::FEATURE_ADDED,
        Rule::FEATURE_REMOVED,
        Rule::BEHAVIOUR,
    ];
}

/// Every rule's identifier and level (docs/diff.md lists them).
pub fn rule_ids() -> impl Iterator<Item = (&'static str, Level)> {
    Rule::ALL.iter().map(|r| (r.id, r.level))
}

/// The version a release with changes of `level` carries after `current`, by Cargo's rules:
/// from 1.0.0 on, major/minor/patch bump the first/second/third number; below 1.0.0 the first
/// non-zero number is the major one (`0.3.1` → `0.4.0` for a breaking change, `0.3.2` for an
/// addition), and in `0.0.z` every change is breaking (`0.0.4` → `0.0.5`). `None` when nothing
/// changed or `current` is not `x.y.z`.
pub fn next_version(current: &str, level: Level) -> Option<String> {
    let core = current.split(['-', '+']).next().unwrap_or(current);
    let nums: Vec<u64> = core
        .split('.')
        .map(str::parse)
        .collect::<Result<_, _>>()
        .ok()?;
    let [x, y, z] = nums[..] else {
        return None;
    };
    let next = match (level, x, y) {
        (Level::None, ..) => return None,
        (_, 0, 0) => (0, 0, z + 1),
        (Level::Major, 0, _) => (0, y + 1, 0),
        (Level::Minor | Level::Patch, 0, _) => (0, y, z + 1),
        (Level::Major, ..) => (x + 1, 0, 0),
        (Level::Minor, ..) => (x, y + 1, 0),
        (Level::Patch, ..) => (x, y, z + 1),
    };
    Some(format!("{}.{}.{}", next.0, next.1, next.2))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_follow_cargos_rules_before_and_after_one_point_oh() {
        let cases = [
            ("1.2.3", Level::Major, Some("2.0.0")),
            ("1.2.3", Level::Minor, Some("1.3.0")),
            ("1.2.3", Level::Patch, Some("1.2.4")),
            ("1.2.3", Level::None, None),
            ("0.3.1", Level::Major, Some("0.4.0")),
            ("0.3.1", Level::Minor, Some("0.3.2")),
            ("0.3.1", Level::Patch, Some("0.3.2")),
            ("0.0.4", Level::Minor, Some("0.0.5")),
            ("0.0.4", Level::Major, Some("0.0.5")),
            ("1.0.0-beta.1", Level::Minor, Some("1.1.0")),
            ("one", Level::Major, None),
        ];
        for (v, level, want) in cases {
            assert_eq!(next_version(v, level).as_deref(), want, "{v} {level}");
        }
    }

    #[test]
    fn rule_ids_are_unique() {
        let mut ids: Vec<&str> = Rule::ALL.iter().map(|r| r.id).collect();
        ids.sort_unstable();
        let n = ids.len();
        ids.dedup();
        assert_eq!(ids.len(), n);
    }
}
