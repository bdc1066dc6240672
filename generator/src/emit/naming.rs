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

/// How one kind of identifier is made valid: its case, the name of an empty one, the prefix of
/// one starting with a digit, and the suffix of a name it cannot use as is.
struct IdentRules {
    /// Case conversion of the docs name ([`snake`] or [`pascal`]).
    case: fn(&str) -> String,
    /// The identifier when the name has no ASCII letters or digits.
    empty: &'static str,
    /// Put before an identifier that starts with a digit.
    digit_prefix: &'static str,
    /// True for identifiers that need [`IdentRules::suffix`] (keywords, prelude names).
    taken: fn(&str) -> bool,
    /// Put after a taken identifier.
    suffix: &'static str,
}

/// The one sanitiser behind [`field_ident`], [`type_ident`] and [`variant_ident`]: converts the
/// case, names an empty result, prefixes a leading digit and suffixes a taken name, in that order.
fn sanitize(s: &str, rules: &IdentRules) -> String {
    let mut n = (rules.case)(s);
    if n.is_empty() {
        n = rules.empty.to_owned();
    }
    if n.starts_with(|c: char| c.is_ascii_digit()) {
        n.insert_str(0, rules.digit_prefix);
    }
    if (rules.taken)(&n) {
        n.push_str(rules.suffix);
    }
    n
}

/// Fields and modules: snake case, `value` when empty, `_` before a digit, keywords get `_`.
const FIELD: IdentRules = IdentRules {
    case: snake,
    empty: "value",
    digit_prefix: "_",
    taken: |n| KEYWORDS.contains(&n),
    suffix: "_",
};

/// Types: PascalCase, `Unnamed` when empty, `T` before a digit, prelude names and keywords get
/// `Type`.
const TYPE: IdentRules = IdentRules {
    case: pascal,
    empty: "Unnamed",
    digit_prefix: "T",
    taken: |n| RESERVED_TYPES.contains(&n) || KEYWORDS.contains(&n),
    suffix: "Type",
};

/// Enum variants: PascalCase, `Empty` when empty, `V` before a digit, `Self` gets `_`.
const VARIANT: IdentRules = IdentRules {
    case: pascal,
    empty: "Empty",
    digit_prefix: "V",
    taken: |n| n == "Self",
    suffix: "_",
};

/// A valid field or module name: snake case, keywords suffixed with `_`, leading digits
/// prefixed with `_`.
pub(crate) fn field_ident(s: &str) -> String {
    sanitize(s, &FIELD)
}

/// A valid type name: PascalCase, prelude names suffixed with `Type`, leading digits prefixed
/// with `T`.
pub(crate) fn type_ident(s: &str) -> String {
    sanitize(s, &TYPE)
}

/// A valid enum variant name: PascalCase, leading digits prefixed with `V`.
pub(crate) fn variant_ident(s: &str) -> String {
    sanitize(s, &VARIANT)
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

    /// Odd names the docs could have (keywords, digits first, dots, dashes, spaces,
    /// `@odata.type`, non-ASCII, empty, prelude names) → (field, type, variant) identifier, as the
    /// three separate sanitisers made them before they became one ([`sanitize`]).
    const ODD_NAMES: &[(&str, &str, &str, &str)] = &[
        ("", "value", "Unnamed", "Empty"),
        (" ", "value", "Unnamed", "Empty"),
        ("_", "value", "Unnamed", "Empty"),
        ("__", "value", "Unnamed", "Empty"),
        ("-", "value", "Unnamed", "Empty"),
        (".", "value", "Unnamed", "Empty"),
        ("@", "value", "Unnamed", "Empty"),
        ("@odata.type", "odata_type", "OdataType", "OdataType"),
        (
            "@odata.nextLink",
            "odata_next_link",
            "OdataNextLink",
            "OdataNextLink",
        ),
        ("odata.type", "odata_type", "OdataType", "OdataType"),
        ("type", "type_", "Type", "Type"),
        ("Type", "type_", "Type", "Type"),
        ("TYPE", "type_", "Type", "Type"),
        ("self", "self_", "SelfType", "Self_"),
        ("Self", "self_", "SelfType", "Self_"),
        ("SELF", "self_", "SelfType", "Self_"),
        ("super", "super_", "Super", "Super"),
        ("crate", "crate_", "Crate", "Crate"),
        ("mod", "mod_", "Mod", "Mod"),
        ("fn", "fn_", "FnType", "Fn"),
        ("async", "async_", "Async", "Async"),
        ("await", "await_", "Await", "Await"),
        ("dyn", "dyn_", "Dyn", "Dyn"),
        ("try", "try_", "Try", "Try"),
        ("yield", "yield_", "Yield", "Yield"),
        ("box", "box_", "BoxType", "Box"),
        ("union", "union", "Union", "Union"),
        ("macro_rules", "macro_rules", "MacroRules", "MacroRules"),
        ("static", "static_", "Static", "Static"),
        ("true", "true_", "True", "True"),
        ("false", "false_", "False", "False"),
        ("result", "result", "ResultType", "Result"),
        ("Result", "result", "ResultType", "Result"),
        ("option", "option", "OptionType", "Option"),
        ("string", "string", "StringType", "String"),
        ("vec", "vec", "VecType", "Vec"),
        ("some", "some", "SomeType", "Some"),
        ("none", "none", "NoneType", "None"),
        ("ok", "ok", "OkType", "Ok"),
        ("err", "err", "ErrType", "Err"),
        ("default", "default", "DefaultType", "Default"),
        ("clone", "clone", "CloneType", "Clone"),
        ("copy", "copy", "CopyType", "Copy"),
        ("send", "send", "SendType", "Send"),
        ("sync", "sync", "SyncType", "Sync"),
        ("sized", "sized", "SizedType", "Sized"),
        ("drop", "drop", "DropType", "Drop"),
        ("from", "from", "FromType", "From"),
        ("into", "into", "IntoType", "Into"),
        ("iterator", "iterator", "IteratorType", "Iterator"),
        ("partialEq", "partial_eq", "PartialEqType", "PartialEq"),
        ("eq", "eq", "EqType", "Eq"),
        ("debug", "debug", "DebugType", "Debug"),
        ("toString", "to_string", "ToStringType", "ToString"),
        ("to-string", "to_string", "ToStringType", "ToString"),
        ("1080p", "_1080p", "T1080p", "V1080p"),
        (
            "24HourFormat",
            "_24_hour_format",
            "T24HourFormat",
            "V24HourFormat",
        ),
        ("3d", "_3d", "T3d", "V3d"),
        ("0", "_0", "T0", "V0"),
        ("007", "_007", "T007", "V007"),
        ("9lives", "_9lives", "T9lives", "V9lives"),
        ("2fa-method", "_2fa_method", "T2faMethod", "V2faMethod"),
        ("-1", "_1", "T1", "V1"),
        ("1.5", "_1_5", "T15", "V15"),
        ("v1.0", "v1_0", "V10", "V10"),
        ("beta", "beta", "Beta", "Beta"),
        ("not-set", "not_set", "NotSet", "NotSet"),
        ("not set", "not_set", "NotSet", "NotSet"),
        ("not_set", "not_set", "NotSet", "NotSet"),
        ("notSet", "not_set", "NotSet", "NotSet"),
        ("NOT_SET", "not_set", "NotSet", "NotSet"),
        ("a.b.c", "a_b_c", "ABC", "ABC"),
        (
            "microsoft.graph.callRecords",
            "microsoft_graph_call_records",
            "MicrosoftGraphCallRecords",
            "MicrosoftGraphCallRecords",
        ),
        ("a-b c.d_e", "a_b_c_d_e", "ABCDE", "ABCDE"),
        (
            "  leading space",
            "leading_space",
            "LeadingSpace",
            "LeadingSpace",
        ),
        (
            "trailing space  ",
            "trailing_space",
            "TrailingSpace",
            "TrailingSpace",
        ),
        ("tab\there", "tab_here", "TabHere", "TabHere"),
        ("new\nline", "new_line", "NewLine", "NewLine"),
        ("iOS", "i_os", "IOs", "IOs"),
        (
            "HTTPResponse",
            "http_response",
            "HttpResponse",
            "HttpResponse",
        ),
        (
            "ipv6RoutingHeader",
            "ipv6_routing_header",
            "Ipv6RoutingHeader",
            "Ipv6RoutingHeader",
        ),
        ("sentBytes", "sent_bytes", "SentBytes", "SentBytes"),
        ("ÄÖÜ", "value", "Unnamed", "Empty"),
        ("änderung", "nderung", "Nderung", "Nderung"),
        ("naïve", "na_ve", "NaVe", "NaVe"),
        ("日本語", "value", "Unnamed", "Empty"),
        ("emoji😀name", "emoji_name", "EmojiName", "EmojiName"),
        ("café-au-lait", "caf_au_lait", "CafAuLait", "CafAuLait"),
        ("über.type", "ber_type", "BerType", "BerType"),
        ("Ω", "value", "Unnamed", "Empty"),
        ("x", "x", "X", "X"),
        ("X", "x", "X", "X"),
        ("é1", "_1", "T1", "V1"),
        ("1é", "_1", "T1", "V1"),
        ("$select", "select", "Select", "Select"),
        ("$top", "top", "Top", "Top"),
        ("#hash", "hash", "Hash", "Hash"),
        ("a:b", "a_b", "AB", "AB"),
        ("a/b", "a_b", "AB", "AB"),
        ("a\\b", "a_b", "AB", "AB"),
        ("(paren)", "paren", "Paren", "Paren"),
        ("[x]", "x", "X", "X"),
        ("{y}", "y", "Y", "Y"),
        (
            "unknownFutureValue",
            "unknown_future_value",
            "UnknownFutureValue",
            "UnknownFutureValue",
        ),
        (
            "Unrecognized",
            "unrecognized",
            "Unrecognized",
            "Unrecognized",
        ),
        (
            "additionalProperties",
            "additional_properties",
            "AdditionalProperties",
            "AdditionalProperties",
        ),
        ("body", "body", "Body", "Body"),
        ("value", "value", "Value", "Value"),
        ("Empty", "empty", "Empty", "Empty"),
        ("Unnamed", "unnamed", "Unnamed", "Unnamed"),
        ("T1080p", "t1080p", "T1080p", "T1080p"),
        ("V1080p", "v1080p", "V1080p", "V1080p"),
        (
            "_24_hour_format",
            "_24_hour_format",
            "T24HourFormat",
            "V24HourFormat",
        ),
        ("SelfType", "self_type", "SelfType", "SelfType"),
        ("selfType", "self_type", "SelfType", "SelfType"),
        ("self_", "self_", "SelfType", "Self_"),
        ("type_", "type_", "Type", "Type"),
        ("r#type", "r_type", "RType", "RType"),
        ("abstract", "abstract_", "Abstract", "Abstract"),
        ("become", "become_", "Become", "Become"),
        ("do", "do_", "Do", "Do"),
        ("final", "final_", "Final", "Final"),
        ("override", "override_", "Override", "Override"),
        ("priv", "priv_", "Priv", "Priv"),
        ("typeof", "typeof_", "Typeof", "Typeof"),
        ("unsized", "unsized_", "Unsized", "Unsized"),
        ("virtual", "virtual_", "Virtual", "Virtual"),
    ];

    #[test]
    fn odd_names_keep_their_identifiers() {
        for (name, field, ty, variant) in ODD_NAMES {
            assert_eq!(field_ident(name), *field, "field {name:?}");
            assert_eq!(type_ident(name), *ty, "type {name:?}");
            assert_eq!(variant_ident(name), *variant, "variant {name:?}");
        }
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
