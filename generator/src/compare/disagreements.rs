//! Collecting disagreements (one entry per distinct problem), sorting them and grouping them by
//! kind and by docs file.

use super::pages::source_file;
use super::report::{Disagreement, Group, Kind};
use std::collections::{BTreeMap, HashMap};

/// What makes two disagreements the same problem: kind, target (lower case), name, docs and
/// metadata values.
type SinkKey = (Kind, String, Option<String>, Option<String>, Option<String>);

/// Collects disagreements, one entry per distinct problem, counting the types it affects.
#[derive(Default)]
pub(crate) struct Sink {
    entries: Vec<Disagreement>,
    index: HashMap<SinkKey, usize>,
}

impl Sink {
    /// Adds `d`, or counts one more affected type on the entry of the same problem.
    pub(crate) fn push(&mut self, d: Disagreement) {
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

    /// The entries by kind, then type (case-insensitively), then name; ties in push order.
    pub(crate) fn into_sorted(self) -> Vec<Disagreement> {
        let mut disagreements = self.entries;
        disagreements.sort_by(|a, b| {
            (a.kind, a.target.to_lowercase(), &a.name).cmp(&(
                b.kind,
                b.target.to_lowercase(),
                &b.name,
            ))
        });
        disagreements
    }
}

/// The kind name of `d`.
fn kind_key(d: &Disagreement) -> Option<String> {
    Some(d.kind.as_str().to_owned())
}

/// The docs file of `d`, if it has a docs location.
fn file_key(d: &Disagreement) -> Option<String> {
    d.source.as_deref().map(|s| source_file(s).to_owned())
}

/// `ds` grouped by kind, each broken down by docs file.
pub(crate) fn by_kind(ds: &[Disagreement]) -> Vec<Group> {
    group(ds, kind_key, file_key)
}

/// `ds` grouped by docs file (entries without one left out), each broken down by kind.
pub(crate) fn by_file(ds: &[Disagreement]) -> Vec<Group> {
    group(ds, file_key, kind_key)
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
        .map(|(key, members)| one_group(key, members, &sub))
        .collect();
    out.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.key.cmp(&b.key)));
    out
}

/// The group `key` of `members`: its breakdown by `sub` (the 7 largest) and up to 5 examples,
/// those affecting the most types first.
fn one_group(
    key: String,
    mut members: Vec<&Disagreement>,
    sub: impl Fn(&Disagreement) -> Option<String>,
) -> Group {
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
}
