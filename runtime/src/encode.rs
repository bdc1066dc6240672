//! Percent-encoding of URL path segments and query components.

use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS, NON_ALPHANUMERIC};

/// Everything except RFC 3986 unreserved characters.
const PATH_SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Characters encoded in query option names and values.
///
/// Besides controls, space and non-ASCII (always encoded), this covers the
/// query delimiters (`&`, `=`, `#`), `+` (which many servers decode as a
/// space), `%` itself, quotes and characters that RFC 3986 does not allow
/// unencoded in a query. OData syntax characters such as `$`, `(`, `)`, `,`,
/// `/`, `:` and `;` are left readable.
pub(crate) const QUERY_COMPONENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'&')
    .add(b'\'')
    .add(b'+')
    .add(b'<')
    .add(b'=')
    .add(b'>')
    .add(b'[')
    .add(b'\\')
    .add(b']')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

/// Characters encoded in an OData literal inside a path: everything that would end or change the
/// path (`/`, `?`, `#`, `%`, space, controls, non-ASCII, and what RFC 3986 does not allow in a
/// path), while the literal's own syntax stays readable (`'`, `,`, `=`, `(`, `)`, `:`, `-`).
const LITERAL: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'/')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'[')
    .add(b'\\')
    .add(b']')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

/// Percent-encodes `value` for use as one URL path segment.
///
/// Everything except the RFC 3986 unreserved characters
/// (`A-Z a-z 0-9 - . _ ~`) is encoded, so `/`, `#`, `?`, `'`, space and
/// non-ASCII characters (as their UTF-8 bytes) cannot change the path's
/// structure.
///
/// ```
/// assert_eq!(graphgen_runtime::encode_path_segment("a/b c"), "a%2Fb%20c");
/// ```
///
/// Note that the segments `.` and `..` are returned unchanged; values that
/// can be exactly those need to be rejected by the caller.
pub fn encode_path_segment(value: &str) -> String {
    utf8_percent_encode(value, PATH_SEGMENT).to_string()
}

/// Percent-encodes `value` for use as a query option name or value.
pub(crate) fn encode_query_component(value: &str) -> String {
    utf8_percent_encode(value, QUERY_COMPONENT).to_string()
}

/// Percent-encodes an OData literal for a path.
pub(crate) fn encode_literal(literal: &str) -> String {
    utf8_percent_encode(literal, LITERAL).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_segment_encodes_reserved_characters() {
        assert_eq!(encode_path_segment("a/b#c'd e"), "a%2Fb%23c%27d%20e");
        assert_eq!(encode_path_segment("é"), "%C3%A9");
        assert_eq!(
            encode_path_segment("?&=+%:@!$()*,;"),
            "%3F%26%3D%2B%25%3A%40%21%24%28%29%2A%2C%3B"
        );
        assert_eq!(
            encode_path_segment("\"[]{}|\\^`<>"),
            "%22%5B%5D%7B%7D%7C%5C%5E%60%3C%3E"
        );
        assert_eq!(encode_path_segment("\u{1F600}\n"), "%F0%9F%98%80%0A");
        assert_eq!(encode_path_segment(""), "");
    }

    #[test]
    fn path_segment_keeps_unreserved_characters() {
        let unreserved = "ABCXYZabcxyz0189-._~";
        assert_eq!(encode_path_segment(unreserved), unreserved);
        assert_eq!(
            encode_path_segment("2a6d5f1c-0e6a-4b7e-9f0a-1c2d3e4f5a6b"),
            "2a6d5f1c-0e6a-4b7e-9f0a-1c2d3e4f5a6b"
        );
    }

    #[test]
    fn every_ascii_byte_is_handled_as_specified() {
        for b in 0u8..=0x7f {
            let s = (b as char).to_string();
            let unreserved = b.is_ascii_alphanumeric() || b"-._~".contains(&b);
            let expected = if unreserved {
                s.clone()
            } else {
                format!("%{b:02X}")
            };
            assert_eq!(encode_path_segment(&s), expected, "byte {b:#04x}");
        }
    }

    #[test]
    fn query_component_encoding() {
        assert_eq!(
            encode_query_component("startswith(displayName,'a b')"),
            "startswith(displayName,%27a%20b%27)"
        );
        assert_eq!(
            encode_query_component("a&b=c+d#e%f\"g"),
            "a%26b%3Dc%2Bd%23e%25f%22g"
        );
        assert_eq!(encode_query_component("é"), "%C3%A9");
        assert_eq!(encode_query_component("$filter"), "$filter");
        assert_eq!(encode_query_component("id,displayName"), "id,displayName");
    }
}
