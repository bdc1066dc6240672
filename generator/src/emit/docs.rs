//! Doc comments: docs prose made safe for rustdoc (no accidental links, HTML or code blocks).

use proc_macro2::TokenStream;
use quote::quote;

/// Escapes text for a rustdoc line: no accidental intra-doc links, HTML tags, code spans or
/// bare URLs (which rustdoc warns about).
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_inclusive(char::is_whitespace) {
        let trimmed = word.trim_end();
        if trimmed.starts_with("http://") || trimmed.starts_with("https://") {
            let url = trimmed.trim_end_matches(['.', ',', ')', ';']);
            out.push('<');
            out.push_str(url);
            out.push('>');
            out.push_str(&word[url.len()..]);
            continue;
        }
        for c in word.chars() {
            match c {
                '[' | ']' | '<' | '>' | '`' | '\\' => {
                    out.push('\\');
                    out.push(c);
                }
                '\t' | '\r' | '\n' => out.push(' '),
                _ => out.push(c),
            }
        }
    }
    out
}

/// Doc attributes for a list of lines (already rustdoc markdown).
pub(crate) fn doc_lines<S: AsRef<str>>(lines: &[S]) -> TokenStream {
    let attrs = lines.iter().map(|l| {
        let l = l.as_ref();
        let l = if l.is_empty() {
            String::new()
        } else {
            format!(" {l}")
        };
        quote! { #[doc = #l] }
    });
    quote! { #(#attrs)* }
}

/// Wraps prose into lines of at most ~100 characters.
pub(crate) fn wrap(text: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut cur = String::new();
    for w in text.split_whitespace() {
        if !cur.is_empty() && cur.len() + 1 + w.len() > 96 {
            lines.push(std::mem::take(&mut cur));
        }
        if !cur.is_empty() {
            cur.push(' ');
        }
        cur.push_str(w);
    }
    if !cur.is_empty() {
        lines.push(cur);
    }
    lines
}

/// Escaped, wrapped prose.
pub(crate) fn prose(text: &str) -> Vec<String> {
    wrap(&escape(text.trim()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markdown() {
        assert_eq!(escape("a [b] <br> *c*"), "a \\[b\\] \\<br\\> *c*");
        assert_eq!(escape("see https://x.y/z."), "see <https://x.y/z>.");
    }
}
