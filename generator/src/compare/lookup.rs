//! Finding items by name, case-insensitively: the indexes the type, property and enum steps
//! share.

use std::collections::HashMap;

/// First index per lower-cased qualified name, preferring items `prefer` accepts.
pub(crate) fn index_by_name<T>(
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

/// First index per lower-cased simple name among the items `keep` accepts, for "documented in
/// another namespace" hints.
pub(crate) fn first_by_simple_name<T>(
    items: &[T],
    name: impl Fn(&T) -> &str,
    keep: impl Fn(&T) -> bool,
) -> HashMap<String, usize> {
    let mut map: HashMap<String, usize> = HashMap::new();
    for (i, it) in items.iter().enumerate() {
        if keep(it) {
            map.entry(name(it).to_lowercase()).or_insert(i);
        }
    }
    map
}

/// `named X` when one of `candidates` is `name` in another letter case (the first such), for
/// the docs side of a missing property or enum member.
pub(crate) fn other_casing<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    let lower = name.to_lowercase();
    candidates
        .into_iter()
        .find(|c| c.to_lowercase() == lower)
        .map(|c| format!("named {c}"))
}
