//! The request side of a method page: the lines of `## HTTP request` (method, path, the query
//! string a line needs) and what the query parameter sections say (OData system query options
//! named, supported in general, or not supported; restrictions; custom query parameters).

use super::{property_rows, PropertyFact};
use crate::diag::{DiagKind, Diagnostics};
use crate::model::HttpMethod;
use crate::read::{BlockKind, Section};

/// One path of the `## HTTP request` block.
#[derive(Debug, Clone)]
pub(crate) struct HttpPath {
    pub method: HttpMethod,
    pub path: String,
    pub line: u32,
    /// Query parameters the request line asks for with a placeholder value
    /// (`?startDateTime={start_datetime}&endDateTime={end_datetime}`): parameters the request
    /// needs, in order.
    pub query_params: Vec<String>,
    /// The request line carried other query options (`GET /me?$expand=manager`, literal values):
    /// a variant that depends on its query.
    pub with_query: bool,
}

/// The OData system query options a page may name.
pub(crate) const QUERY_OPTIONS: [&str; 11] = [
    "$select",
    "$expand",
    "$filter",
    "$orderby",
    "$top",
    "$skip",
    "$skiptoken",
    "$count",
    "$search",
    "$format",
    "$deltatoken",
];

/// Strips scheme, host and version from a URL or path and makes it start with `/`.
pub(crate) fn normalize_path(raw: &str) -> String {
    let mut p = raw.trim();
    if let Some(i) = p.find("://") {
        let rest = &p[i + 3..];
        p = rest.find('/').map_or("", |j| &rest[j..]);
    }
    let p = p.trim_start_matches('/');
    let p = ["v1.0/", "beta/"]
        .iter()
        .find_map(|v| p.strip_prefix(v))
        .unwrap_or(p);
    format!("/{}", p.trim())
}

/// Removes white space inside `{…}` placeholders and `(…)` argument lists, so that
/// `{id | userPrincipalName}` and `resizedRange(deltaRows={n}, deltaColumns={n})` stay one URL.
pub(crate) fn collapse_braces(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let (mut braces, mut parens) = (0usize, 0usize);
    for c in s.chars() {
        match c {
            '{' => braces += 1,
            '}' => braces = braces.saturating_sub(1),
            '(' => parens += 1,
            ')' => parens = parens.saturating_sub(1),
            c if c.is_whitespace() && (braces > 0 || parens > 0) => continue,
            _ => {}
        }
        out.push(c);
    }
    out
}

/// Whether `path` (normalized) is a URL path at all: `/` followed by a segment that starts like
/// one (a name, `$value`, a placeholder, `(` of a key), not `/**` or `/or`.
fn is_url_path(path: &str) -> bool {
    let Some(rest) = path.strip_prefix('/') else {
        return false;
    };
    if rest.is_empty() {
        return false;
    }
    let first = rest.split('/').next().unwrap_or("");
    let starts_well = first.starts_with(|c: char| c.is_ascii_alphanumeric() || "${(_".contains(c));
    starts_well
        && rest
            .chars()
            .all(|c| !c.is_whitespace() && !matches!(c, '*' | '"' | '`' | '\\'))
}

/// Closes an argument list the docs left open (`range(address='<address>'/entireRow`) at the end
/// of its segment; true when something was repaired.
fn close_parens(path: &mut String) -> bool {
    let mut out = String::with_capacity(path.len() + 2);
    let (mut open, mut quoted, mut repaired) = (0usize, false, false);
    for c in path.chars() {
        match c {
            '\'' => quoted = !quoted,
            '(' if !quoted => open += 1,
            ')' if !quoted => open = open.saturating_sub(1),
            '/' if open > 0 && !quoted => {
                out.extend(std::iter::repeat_n(')', open));
                open = 0;
                repaired = true;
            }
            _ => {}
        }
        out.push(c);
    }
    if open > 0 {
        out.extend(std::iter::repeat_n(')', open));
        repaired = true;
    }
    *path = out;
    repaired
}

/// `Name: value` header lines that some pages put into the request block.
pub(crate) fn is_header_line(line: &str) -> bool {
    let Some((name, _)) = line.split_once(':') else {
        return false;
    };
    !name.is_empty()
        && !name.contains('/')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// The request lines of an HTTP request section. A line that is not a request (a header line,
/// prose such as `or`, `POST ** Collection URI … not found`) is a diagnostic, never a path.
pub(crate) fn http_paths(path: &str, sec: &Section, diags: &mut Diagnostics) -> Vec<HttpPath> {
    let mut out = Vec::new();
    for c in sec.code_blocks() {
        let mut method = None;
        for (i, line) in c.text.lines().enumerate() {
            let l = line.trim();
            if l.is_empty() || l.starts_with("//") || l.starts_with('#') {
                continue;
            }
            let lineno = c.content_line + i as u32;
            let not_a_request = |diags: &mut Diagnostics, why: &str| {
                diags.warn(
                    path,
                    lineno,
                    DiagKind::MalformedOperation,
                    format!("line `{l}` of the HTTP request block {why}; ignored"),
                );
            };
            let (m, rest) = match l.split_once(char::is_whitespace) {
                Some((m, rest)) if HttpMethod::parse(m).is_some() => {
                    (HttpMethod::parse(m), rest.trim())
                }
                _ if HttpMethod::parse(l).is_some() => (HttpMethod::parse(l), ""),
                _ => match glued_method(l) {
                    // `DELETE/identity/…`: the space after the method is missing.
                    Some((m, rest)) => {
                        diags.warn(
                            path,
                            lineno,
                            DiagKind::MalformedOperation,
                            format!("request line `{l}` has no space after its method; read as `{} {rest}`", m.as_str()),
                        );
                        (Some(m), rest)
                    }
                    None => (None, l),
                },
            };
            // `~/onPremisesPublishingProfiles/…`: `~` stands for the service root.
            let rest = rest
                .strip_prefix('~')
                .filter(|r| r.starts_with('/'))
                .unwrap_or(rest);
            if m.is_none() && is_header_line(l) {
                not_a_request(diags, "is a header, not a request");
                continue;
            }
            // A path on a line of its own takes the method of the line before; a relative one
            // (`networkAccess/reports/…`) counts when it has a `/` before any space.
            let looks_like_url = rest.starts_with('/')
                || rest.contains("://")
                || rest.starts_with(|c: char| c.is_ascii_alphabetic())
                    && rest
                        .split_whitespace()
                        .next()
                        .is_some_and(|w| w.contains('/'));
            if m.is_none() && !looks_like_url {
                not_a_request(diags, "is not a request");
                continue;
            }
            if m.is_some() {
                method = m;
            }
            let Some(method) = method else {
                not_a_request(diags, "has no method");
                continue;
            };
            let rest = collapse_braces(rest);
            let url = rest.split_whitespace().next().unwrap_or("");
            let (url, query) = url.split_once('?').unwrap_or((url, ""));
            let mut normalized = normalize_path(url);
            if close_parens(&mut normalized) {
                diags.warn(
                    path,
                    lineno,
                    DiagKind::MalformedOperation,
                    format!("request line `{l}` leaves an argument list open; closed at the end of its segment"),
                );
            }
            if !is_url_path(&normalized) {
                not_a_request(diags, "has no path");
                continue;
            }
            let (query_params, with_query) = query_of(query);
            out.push(HttpPath {
                method,
                path: normalized,
                line: lineno,
                query_params,
                with_query,
            });
        }
    }
    out
}

/// A request line whose method runs into its path (`DELETE/identity/…`).
fn glued_method(line: &str) -> Option<(HttpMethod, &str)> {
    let i = line.find('/')?;
    let m = HttpMethod::parse(&line[..i])?;
    Some((m, line[i..].trim()))
}

/// The parameters a request line's query string asks for with placeholder values, and whether
/// it carries anything else (then the line is a variant of the operation).
fn query_of(query: &str) -> (Vec<String>, bool) {
    let mut params = Vec::new();
    let mut other = false;
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        match pair.split_once('=') {
            Some((k, v))
                if !k.starts_with('$')
                    && v.starts_with('{')
                    && v.ends_with('}')
                    && !k.is_empty()
                    && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') =>
            {
                params.push(k.to_owned());
            }
            _ => other = true,
        }
    }
    (params, other)
}

/// What the query parameter sections of a page say.
#[derive(Debug, Clone, Default)]
pub(crate) struct QueryFact {
    /// OData system query options the page names as supported, in order of first mention.
    pub named: Vec<String>,
    /// The page says the method supports the OData query parameters without naming them all
    /// ("supports the OData query parameters", "… including `$search`").
    pub generic: bool,
    /// The page says the method supports no OData query parameters.
    pub none: bool,
    /// Options the page says are not supported.
    pub unsupported: Vec<String>,
    /// Sentences that state restrictions, quoted as written.
    pub notes: Vec<String>,
    /// Custom query parameters from the sections' tables (`startDateTime`, …).
    pub parameters: Vec<PropertyFact>,
    /// The prose calls the table's parameters required ("provide the following required query
    /// parameters").
    pub parameters_required: bool,
}

/// Phrases that make a sentence about query options a negative one.
const NEGATIVE: [&str; 9] = [
    "not support",
    "n't support",
    "not supported",
    "unsupported",
    "cannot be used",
    "can't be used",
    "cannot use",
    "can't use",
    "not available",
];

/// Phrases after which the options a sentence names are examples, not the whole list.
const NOT_EXHAUSTIVE: [&str; 6] = [
    "including",
    "such as",
    "for example",
    "e.g.",
    "some of",
    "like ",
];

/// Phrases that mark a sentence as a restriction worth quoting.
const RESTRICTIVE: [&str; 9] = [
    "only",
    "must",
    "required",
    "limit",
    "maximum",
    "default",
    "consistencylevel",
    "requires",
    "at least",
];

/// The system options named in `text`, in order.
fn options_in(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for (i, _) in text.match_indices('$') {
        let word: String = text[i + 1..]
            .chars()
            .take_while(char::is_ascii_alphabetic)
            .collect();
        let option = format!("${}", word.to_ascii_lowercase());
        if QUERY_OPTIONS.contains(&option.as_str()) && !out.contains(&option) {
            out.push(option);
        }
    }
    out
}

/// Splits prose into sentences (at `. ` before a capital letter or the end).
fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (k, &(i, c)) in chars.iter().enumerate() {
        if c != '.' {
            continue;
        }
        let next = chars.get(k + 1).map(|x| x.1);
        let after = chars.get(k + 2).map(|x| x.1);
        let ends = next.is_none()
            || next == Some(' ') && after.is_none_or(|a| a.is_uppercase() || a == '[' || a == '>');
        if ends {
            let s = text[start..=i].trim();
            if !s.is_empty() {
                out.push(s);
            }
            start = i + 1;
        }
    }
    let rest = text[start..].trim();
    if !rest.is_empty() {
        out.push(rest);
    }
    out
}

fn push_unique(list: &mut Vec<String>, items: impl IntoIterator<Item = String>) {
    for i in items {
        if !list.contains(&i) {
            list.push(i);
        }
    }
}

/// Reads the query parameter sections of a page.
pub(crate) fn query_sections(
    path: &str,
    sections: &[&Section],
    diags: &mut Diagnostics,
) -> QueryFact {
    let mut q = QueryFact::default();
    for sec in sections {
        for b in &sec.blocks {
            match &b.kind {
                BlockKind::Paragraph(p) => {
                    let lower = p.text.to_ascii_lowercase();
                    if lower.contains("required query parameter") || sec.key().contains("required")
                    {
                        q.parameters_required = true;
                    }
                    read_sentences(&p.text, &mut q)
                }
                BlockKind::Table(t) => {
                    for r in &t.rows {
                        let first = r.cells.first().map_or("", |c| c.text.trim());
                        push_unique(&mut q.named, options_in(first));
                    }
                    // Custom parameters: a table with a type column, rows not named `$x`.
                    let custom = t.column(|h| h == "type").is_some()
                        && t.rows.iter().any(|r| {
                            r.cells
                                .first()
                                .is_some_and(|c| !c.text.trim().starts_with('$'))
                        });
                    if custom {
                        let rows = property_rows(path, t, false, diags);
                        q.parameters
                            .extend(rows.into_iter().filter(|p| !p.name.starts_with('$')));
                    }
                }
                _ => {}
            }
        }
    }
    // An option the page names as supported stays, even where another sentence restricts it
    // ("`$filter` is not supported on the **x** property").
    let named = q.named.clone();
    q.unsupported.retain(|o| !named.contains(o));
    q
}

/// Classifies the sentences of one paragraph.
fn read_sentences(text: &str, q: &mut QueryFact) {
    for s in sentences(text) {
        let lower = s.to_ascii_lowercase();
        let named = options_in(s);
        let negative = NEGATIVE.iter().any(|n| lower.contains(n));
        let about_query = lower.contains("query parameter") || lower.contains("query option");
        let generic_support = !negative && about_query && lower.contains("support");
        let examples_only = NOT_EXHAUSTIVE.iter().any(|n| lower.contains(n));
        if negative {
            // "does not support the OData query parameters (e.g. $filter is not supported here)"
            if about_query && (named.is_empty() || examples_only) {
                q.none = true;
            }
            push_unique(&mut q.unsupported, named.iter().cloned());
        } else {
            if generic_support && (named.is_empty() || examples_only) {
                q.generic = true;
            }
            push_unique(&mut q.named, named.iter().cloned());
        }
        let boilerplate = generic_support && lower.contains("help customize the response");
        let words: Vec<&str> = lower.split(|c: char| !c.is_ascii_alphanumeric()).collect();
        let restrictive = negative
            || RESTRICTIVE.iter().any(|r| {
                if r.contains(' ') {
                    lower.contains(r)
                } else {
                    words.contains(r)
                }
            });
        let worth = restrictive || !named.is_empty() && !boilerplate;
        if worth && !boilerplate && q.notes.len() < 8 && !q.notes.iter().any(|n| n == s) {
            q.notes.push(s.chars().take(400).collect());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_normalized() {
        assert_eq!(
            normalize_path("https://graph.microsoft.com/v1.0/users/{id}"),
            "/users/{id}"
        );
        assert_eq!(normalize_path("networkAccess/logs"), "/networkAccess/logs");
        assert_eq!(normalize_path("/beta/me"), "/me");
        assert_eq!(normalize_path("/me"), "/me");
    }

    #[test]
    fn placeholders_and_argument_lists_with_spaces() {
        assert_eq!(
            collapse_braces("/users/{id | userPrincipalName}/calendars HTTP/1.1"),
            "/users/{id|userPrincipalName}/calendars HTTP/1.1"
        );
        assert_eq!(
            collapse_braces("/range/resizedRange(deltaRows={n}, deltaColumns={n}) HTTP/1.1"),
            "/range/resizedRange(deltaRows={n},deltaColumns={n}) HTTP/1.1"
        );
    }

    #[test]
    fn a_method_without_its_space_and_the_root_as_a_tilde() {
        let text = "## HTTP request\n\n```http\nDELETE/identity/b2xUserFlows/{id}/$ref\nGET ~/onPremisesPublishingProfiles/{publishingType}/agentGroups\n```\n";
        let mut d = Diagnostics::default();
        let page = crate::read::markdown::read("x.md", text, &mut d);
        let paths = http_paths("x.md", &page.sections[1], &mut d);
        let got: Vec<(HttpMethod, &str)> =
            paths.iter().map(|p| (p.method, p.path.as_str())).collect();
        assert_eq!(
            got,
            [
                (HttpMethod::Delete, "/identity/b2xUserFlows/{id}/$ref"),
                (
                    HttpMethod::Get,
                    "/onPremisesPublishingProfiles/{publishingType}/agentGroups"
                )
            ]
        );
        let ds = d.sorted();
        assert_eq!(ds.len(), 1, "{ds:?}");
        assert!(ds[0]
            .to_string()
            .starts_with("x.md:4: warning[malformed-operation]: request line `DELETE/identity"));
    }

    #[test]
    fn what_is_a_path() {
        assert!(is_url_path("/me/messages"));
        assert!(is_url_path("/$metadata"));
        assert!(is_url_path("/{id}"));
        assert!(!is_url_path("/**"));
        assert!(is_url_path("/range(address='<address>')/format"));
        let mut p = "/range(address='<address>'/entireRow".to_owned();
        assert!(close_parens(&mut p));
        assert_eq!(p, "/range(address='<address>')/entireRow");
        let mut p = "/a(b='c/d')/e".to_owned();
        assert!(!close_parens(&mut p));
        assert!(!is_url_path("/"));
        assert!(is_header_line("workbook-session-id: {session-id}"));
        assert!(!is_header_line("/me/drive/root:/{item-path}:/content"));
    }

    #[test]
    fn query_strings_of_request_lines() {
        assert_eq!(
            query_of("startDateTime={start_datetime}&endDateTime={end_datetime}"),
            (
                vec!["startDateTime".to_owned(), "endDateTime".to_owned()],
                false
            )
        );
        assert_eq!(query_of("$expand=manager"), (vec![], true));
        assert_eq!(query_of("a=1"), (vec![], true));
    }

    fn read(text: &str) -> QueryFact {
        let mut q = QueryFact::default();
        read_sentences(text, &mut q);
        q
    }

    #[test]
    fn what_the_query_section_says() {
        let q = read("This method supports the `$top`, `$skiptoken`, and `$filter` OData query parameters to help customize the response.");
        assert_eq!(q.named, ["$top", "$skiptoken", "$filter"]);
        assert!(!q.generic && !q.none && q.notes.is_empty());
        let q = read("This method supports the OData query parameters to help customize the response, including `$search`, `$count`, and `$filter`. You can use `$search` on the **displayName** property.");
        assert_eq!(q.named, ["$search", "$count", "$filter"]);
        assert!(q.generic);
        assert_eq!(
            q.notes,
            ["You can use `$search` on the **displayName** property."]
        );
        let q = read("This method supports the [OData query parameters](/graph/query-parameters) to help customize the response.");
        assert!(q.generic && q.named.is_empty() && q.notes.is_empty());
        let q =
            read("This method does not support OData query parameters to customize the response.");
        assert!(q.none && !q.generic);
        let q = read("This method does **not** support the [OData Query Parameters](/graph/query-parameters) to help customize the response (e.g. $filter is not supported here).");
        assert!(q.none);
        let q = read("This method supports the OData query parameters. The `$count` and `$search` parameters are not supported.");
        assert!(q.generic);
        assert_eq!(q.unsupported, ["$count", "$search"]);
        assert_eq!(
            q.notes,
            ["The `$count` and `$search` parameters are not supported."]
        );
    }
}
