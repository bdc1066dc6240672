//! Rust names from docs names: PascalCase types and variants, snake_case fields and modules,
//! keywords, prelude collisions, names starting with digits, and case collisions.

use std::collections::HashSet;

/// Rust keywords (strict, reserved and weak ones that cannot be plain identifiers).
const KEYWORDS: [&str; 51] = [
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub",
    "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type",
    "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "typeof", "unsized", "virtual", "yield", "try",
];

/// Type names the generated code uses unqualified (prelude, derives, runtime); a docs type with
/// one of these names gets a `Type` suffix.
const RESERVED_TYPES: [&str; 24] = [
    "Option",
    "Result",
    "String",
    "Vec",
    "Box",
    "Some",
    "None",
    "Ok",
    "Err",
    "Default",
    "Clone",
    "Copy",
    "Send",
    "Sync",
    "Sized",
    "Drop",
    "Fn",
    "From",
    "Into",
    "Iterator",
    "PartialEq",
    "Eq",
    "Debug",
    "ToString",
];

/// Splits a name into words: at non-alphanumerics, lower→upper, and acronym→word boundaries.
pub(crate) fn words(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    for chunk in s
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|c| !c.is_empty())
    {
        let chars: Vec<char> = chunk.chars().collect();
        let mut cur = String::new();
        for i in 0..chars.len() {
            let c = chars[i];
            if i > 0 && !cur.is_empty() {
                let prev = chars[i - 1];
                let next = chars.get(i + 1).copied();
                let boundary = (prev.is_ascii_lowercase() || prev.is_ascii_digit())
                    && c.is_ascii_uppercase()
                    || prev.is_ascii_uppercase()
                        && c.is_ascii_uppercase()
                        && next.is_some_and(|n| n.is_ascii_lowercase());
                if boundary {
                    out.push(std::mem::take(&mut cur));
                }
            }
            cur.push(c);
        }
        if !cur.is_empty() {
            out.push(cur);
        }
    }
    out
}

/// PascalCase (`deviceCategory` → `DeviceCategory`, `iOS` → `IOs`).
pub(crate) fn pascal(s: &str) -> String {
    let mut out = String::new();
    for w in words(s) {
        let mut cs = w.chars();
        if let Some(f) = cs.next() {
            out.extend(f.to_uppercase());
            out.push_str(&cs.as_str().to_ascii_lowercase());
        }
    }
    out
}

/// snake_case (`sentBytes` → `sent_bytes`).
pub(crate) fn snake(s: &str) -> String {
    words(s)
        .iter()
        .map(|w| w.to_ascii_lowercase())
        .collect::<Vec<_>>()
        .join("_")
}

/// A valid field or module name: snake case, keywords suffixed with `_`, leading digits
/// prefixed with `_`.
pub(crate) fn field_ident(s: &str) -> String {
    let mut n = snake(s);
    if n.is_empty() {
        n = "value".to_owned();
    }
    if n.starts_with(|c: char| c.is_ascii_digit()) {
        n.insert(0, '_');
    }
    if KEYWORDS.contains(&n.as_str()) {
        n.push('_');
    }
    n
}

/// A valid type name: PascalCase, prelude names suffixed with `Type`, leading digits prefixed
/// with `T`.
pub(crate) fn type_ident(s: &str) -> String {
    let mut n = pascal(s);
    if n.is_empty() {
        n = "Unnamed".to_owned();
    }
    if n.starts_with(|c: char| c.is_ascii_digit()) {
        n.insert(0, 'T');
    }
    if RESERVED_TYPES.contains(&n.as_str()) || KEYWORDS.contains(&n.as_str()) {
        n.push_str("Type");
    }
    n
}

/// A valid enum variant name: PascalCase, leading digits prefixed with `V`.
pub(crate) fn variant_ident(s: &str) -> String {
    let mut n = pascal(s);
    if n.is_empty() {
        n = "Empty".to_owned();
    }
    if n.starts_with(|c: char| c.is_ascii_digit()) {
        n.insert(0, 'V');
    }
    if n == "Self" {
        n.push('_');
    }
    n
}

/// Hands out unique names within one scope: a clash (including names that differ only in case
/// in the docs) gets a number.
#[derive(Debug, Default)]
pub(crate) struct Namer {
    used: HashSet<String>,
}

impl Namer {
    /// Reserves a name without handing it out.
    pub fn reserve(&mut self, name: &str) {
        self.used.insert(name.to_owned());
    }

    /// The name is reserved or handed out.
    pub fn is_taken(&self, name: &str) -> bool {
        self.used.contains(name)
    }

    /// Returns `candidate`, or `candidate2`, `candidate3`, … if taken.
    pub fn unique(&mut self, candidate: String) -> String {
        if self.used.insert(candidate.clone()) {
            return candidate;
        }
        let sep = if candidate.ends_with(|c: char| c.is_ascii_digit()) {
            "_"
        } else {
            ""
        };
        let mut n = 2;
        loop {
            let c = format!("{candidate}{sep}{n}");
            if self.used.insert(c.clone()) {
                return c;
            }
            n += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cases() {
        assert_eq!(pascal("deviceCategory"), "DeviceCategory");
        assert_eq!(pascal("unknownFutureValue"), "UnknownFutureValue");
        assert_eq!(pascal("iOS"), "IOs");
        assert_eq!(pascal("HTTPResponse"), "HttpResponse");
        assert_eq!(pascal("microsoft365"), "Microsoft365");
        assert_eq!(snake("sentBytes"), "sent_bytes");
        assert_eq!(snake("ipv6RoutingHeader"), "ipv6_routing_header");
        assert_eq!(snake("@odata.type"), "odata_type");
        assert_eq!(field_ident("type"), "type_");
        assert_eq!(field_ident("self"), "self_");
        assert_eq!(field_ident("24HourFormat"), "_24_hour_format");
        assert_eq!(type_ident("result"), "ResultType");
        assert_eq!(type_ident("1080p"), "T1080p");
        assert_eq!(variant_ident("1080p"), "V1080p");
        assert_eq!(variant_ident("not-set"), "NotSet");
    }

    #[test]
    fn namer_numbers_clashes() {
        let mut n = Namer::default();
        assert_eq!(n.unique("Connection".into()), "Connection");
        assert_eq!(n.unique("Connection".into()), "Connection2");
        assert_eq!(n.unique("Ipv6".into()), "Ipv6");
        assert_eq!(n.unique("Ipv6".into()), "Ipv6_2");
    }
}
