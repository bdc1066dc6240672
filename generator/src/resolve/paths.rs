//! Paths as templates: every documented path becomes a template with named placeholders, keys
//! named after the segment they identify (`{id}` after `mailFolders` → `{mailFolder-id}`) and
//! function arguments after the function's parameters, never after an example value
//! (`getActivitiesByInterval(startDateTime='2017-01-01',…)` →
//! `getActivitiesByInterval(startDateTime={startDateTime},…)`). Each template also gets the
//! camelCase name of what distinguishes it, from the path alone.

use crate::model::{Parameter, PathParameter, PathParameterKind, PathTemplate, Primitive};

/// A documented path read as a template.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ParsedPath {
    /// The path as documented, with function arguments as `name={name}` (no example values).
    pub documented: String,
    /// The template.
    pub template: PathTemplate,
    /// Function arguments of the path that no parameter table describes (typed from the path).
    pub untyped_args: Vec<String>,
    /// A longer name, with the target's words too, for when two paths of an operation share the
    /// short one (`getDeviceReport(…)` and `microsoft.graph.networkaccess.getDeviceReport(…)`).
    pub full_name: String,
}

/// One `/`-separated piece of a path.
#[derive(Debug, Clone, PartialEq)]
enum Segment {
    /// A plain segment (`users`, `$value`, `microsoft.graph.group`, `root:`).
    Plain(String),
    /// A placeholder, alone or with text around it (`{id}`, `{item-path}:`).
    Key {
        before: String,
        placeholder: String,
        after: String,
    },
    /// A function call or a key in parentheses: `name(args)` and what follows the `)`.
    Call {
        name: String,
        args: Vec<Arg>,
        after: String,
    },
}

/// One argument of a call: `name=value`, or a bare value (a key in parentheses).
#[derive(Debug, Clone, PartialEq)]
struct Arg {
    name: Option<String>,
    written: String,
}

/// Splits at `sep` outside quotes, braces and parentheses.
fn split_top(s: &str, sep: char) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut depth, mut quoted, mut start) = (0i32, false, 0);
    for (i, c) in s.char_indices() {
        match c {
            '\'' => quoted = !quoted,
            '{' | '(' if !quoted => depth += 1,
            '}' | ')' if !quoted => depth -= 1,
            c if c == sep && !quoted && depth <= 0 => {
                out.push(&s[start..i]);
                start = i + c.len_utf8();
            }
            _ => {}
        }
    }
    out.push(&s[start..]);
    out
}

fn parse_segment(seg: &str) -> Segment {
    // A call: a name, then `(…)`.
    if let Some(open) = seg.find('(') {
        let name = &seg[..open];
        if !name.contains('{') {
            if let Some(close) = seg.rfind(')') {
                if close > open {
                    let inner = &seg[open + 1..close];
                    let args = if inner.trim().is_empty() {
                        Vec::new()
                    } else {
                        split_top(inner, ',')
                            .into_iter()
                            .map(|a| match a.split_once('=') {
                                Some((n, v)) if !n.contains(['{', '\'']) => Arg {
                                    name: Some(n.trim().to_owned()),
                                    written: v.trim().to_owned(),
                                },
                                _ => Arg {
                                    name: None,
                                    written: a.trim().to_owned(),
                                },
                            })
                            .collect()
                    };
                    return Segment::Call {
                        name: name.to_owned(),
                        args,
                        after: seg[close + 1..].to_owned(),
                    };
                }
            }
        }
    }
    if let (Some(open), Some(close)) = (seg.find('{'), seg.find('}')) {
        if close > open {
            return Segment::Key {
                before: seg[..open].to_owned(),
                placeholder: seg[open + 1..close].to_owned(),
                after: seg[close + 1..].to_owned(),
            };
        }
    }
    Segment::Plain(seg.to_owned())
}

/// The names of a path's key placeholders (outside argument lists): `{id | userPrincipalName}`
/// gives `id`.
pub(crate) fn key_placeholders(path: &str) -> Vec<String> {
    split_top(path.trim_start_matches('/'), '/')
        .into_iter()
        .filter_map(|seg| match parse_segment(seg) {
            Segment::Key { placeholder, .. } => Some(
                placeholder
                    .split('|')
                    .next()
                    .unwrap_or(&placeholder)
                    .trim()
                    .to_owned(),
            ),
            _ => None,
        })
        .collect()
}

/// `mailFolders` → `mailFolder`, `policies` → `policy`; words that do not look plural stay.
pub(crate) fn singular(word: &str) -> String {
    let lower = word.to_ascii_lowercase();
    if lower.ends_with("ies") && word.len() > 3 {
        return format!("{}y", &word[..word.len() - 3]);
    }
    for es in ["sses", "shes", "ches", "xes"] {
        if lower.ends_with(es) {
            return word[..word.len() - 2].to_owned();
        }
    }
    if lower.ends_with('s')
        && !lower.ends_with("ss")
        && !lower.ends_with("us")
        && !lower.ends_with("is")
        && word.len() > 1
    {
        return word[..word.len() - 1].to_owned();
    }
    word.to_owned()
}

/// A segment's name part, as a plain identifier (`root:` → `root`, `microsoft.graph.group` →
/// `group`, `$value` → `value`), or `None` when it has none.
fn plain_name(seg: &str) -> Option<String> {
    let s = seg.trim_matches(':').trim_start_matches('$');
    let s = s.rsplit('.').next().unwrap_or(s);
    (!s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-'))
    .then(|| s.to_owned())
}

/// A placeholder's own name: its first alternative (`id | userPrincipalName` → `id`), as written.
fn placeholder_name(p: &str) -> String {
    let first = p.split('|').next().unwrap_or(p).trim();
    let cleaned: String = first
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    let cleaned = cleaned.trim_matches('-').to_owned();
    if cleaned.is_empty() {
        "value".to_owned()
    } else {
        cleaned
    }
}

/// The name of a key placeholder that follows `segment`: `user-id`, `photo-size`, or the
/// placeholder's own name when there is no plain segment before it.
fn key_name(segment: Option<&str>, placeholder: &str) -> String {
    let own = placeholder_name(placeholder);
    let Some(seg) = segment else {
        return own;
    };
    let one = singular(seg);
    let lower = own.to_ascii_lowercase().replace(['-', '_'], "");
    if lower == "id" || lower.ends_with("id") || placeholder.contains('|') {
        return format!("{one}-id");
    }
    if lower.starts_with(&one.to_ascii_lowercase()) {
        return own;
    }
    format!("{one}-{own}")
}

fn unique(name: String, taken: &[PathParameter]) -> String {
    if !taken.iter().any(|p| p.name == name) {
        return name;
    }
    (2..)
        .map(|n| format!("{name}-{n}"))
        .find(|c| !taken.iter().any(|p| &p.name == c))
        .unwrap_or(name)
}

/// camelCase of words.
fn camel(words: &[String]) -> String {
    super::operations::camel_from_words(&words.join(" "))
}

/// The type an argument written as `written` has when no table says: a quoted value or a
/// placeholder in quotes is a string, digits a number, `true`/`false` a boolean; anything else
/// (an unquoted placeholder) is untyped and given verbatim.
fn type_from_path(written: &str) -> Primitive {
    let w = written.trim();
    if w.starts_with('\'') || w.contains("'{") || w.contains("'<") {
        Primitive::String
    } else if !w.is_empty() && w.chars().all(|c| c.is_ascii_digit() || c == '-') {
        Primitive::Int32
    } else if w == "true" || w == "false" {
        Primitive::Boolean
    } else {
        Primitive::Untyped
    }
}

/// Reads `path` (normalized, without a query string) as a template. `function_params` are the
/// operation's function parameters (from its table); they fill the path's function call
/// (`call_target`: the last call of the path, or the last segment when the page documents
/// function parameters and the path has no call).
pub(crate) fn parse_path(path: &str, function_params: &[Parameter], has_table: bool) -> ParsedPath {
    let raw: Vec<&str> = split_top(path.trim_start_matches('/'), '/');
    let mut segments: Vec<Segment> = raw.iter().map(|s| parse_segment(s)).collect();
    let target = call_target(&mut segments, function_params, has_table);
    let last = segments.len().saturating_sub(1);
    // The target of the operation: the last segment, with the key before it when the last
    // segment is one (`users/{id}`); the rest distinguishes the path.
    let target_start = match segments.last() {
        Some(Segment::Key { before, .. }) if before.is_empty() && segments.len() > 1 => last - 1,
        _ => last,
    };
    let mut b = TemplateBuilder::default();
    for (i, seg) in segments.iter().enumerate() {
        b.template.push('/');
        b.documented.push('/');
        let before_target = i < target_start;
        match seg {
            Segment::Plain(p) => {
                let keyed = matches!(segments.get(i + 1), Some(Segment::Key { before, .. }) if before.is_empty());
                b.plain(p, keyed, before_target);
            }
            Segment::Key {
                before,
                placeholder,
                after,
            } => {
                // A key names itself after the collection before it; after `root:` (path
                // addressing) it keeps its own name.
                let prev_plain = match i.checked_sub(1).map(|j| &segments[j]) {
                    Some(Segment::Plain(p)) if !p.ends_with(':') => plain_name(p),
                    _ => None,
                };
                let seg_name = if before.is_empty() {
                    prev_plain
                } else {
                    plain_name(before)
                };
                b.key(seg_name, before, placeholder, after, before_target);
            }
            Segment::Call { name, args, after } => {
                // The table's parameters fill the operation's call only.
                let table: &[Parameter] = if Some(i) == target {
                    function_params
                } else {
                    &[]
                };
                b.call(name, args, after, table, before_target);
            }
        }
    }
    b.finish(&segments, target_start)
}

/// The call the function parameters belong to: the last call of the path; or, when the page
/// has a table of function parameters and the path no call, its last plain segment, which
/// becomes a call.
fn call_target(
    segments: &mut [Segment],
    function_params: &[Parameter],
    has_table: bool,
) -> Option<usize> {
    let target = segments
        .iter()
        .rposition(|s| matches!(s, Segment::Call { .. }));
    if target.is_some() || !has_table || function_params.is_empty() {
        return target;
    }
    let i = segments.len().checked_sub(1)?;
    let Segment::Plain(name) = &segments[i] else {
        return None;
    };
    if plain_name(name).is_none() || name.starts_with('$') {
        return None;
    }
    let name = name.clone();
    segments[i] = Segment::Call {
        name,
        args: Vec::new(),
        after: String::new(),
    };
    Some(i)
}

/// A path being read as a template, segment by segment.
#[derive(Default)]
struct TemplateBuilder {
    /// The parameters so far.
    params: Vec<PathParameter>,
    /// Function arguments of the path that no parameter table describes.
    untyped_args: Vec<String>,
    /// The template so far.
    template: String,
    /// The path as documented so far.
    documented: String,
    /// The words of the short name (keyed collections singular).
    words: Vec<String>,
    /// The words of the longer name before the target (keyed collections plural).
    raw_words: Vec<String>,
}

impl TemplateBuilder {
    /// A plain segment; `keyed` when a key follows it.
    fn plain(&mut self, p: &str, keyed: bool, before_target: bool) {
        self.template.push_str(p);
        self.documented.push_str(p);
        if before_target {
            if let Some(n) = plain_name(p) {
                self.raw_words.push(n.clone());
                self.words.push(if keyed { singular(&n) } else { n });
            }
        }
    }

    /// A key segment, named after `seg_name` (the collection it identifies), when there is one.
    fn key(
        &mut self,
        seg_name: Option<String>,
        before: &str,
        placeholder: &str,
        after: &str,
        before_target: bool,
    ) {
        let name = unique(key_name(seg_name.as_deref(), placeholder), &self.params);
        self.template
            .push_str(&format!("{before}{{{name}}}{after}"));
        self.documented
            .push_str(&format!("{before}{{{placeholder}}}{after}"));
        if before_target && (seg_name.is_none() || !before.is_empty()) {
            self.words.push(placeholder_name(placeholder));
            self.raw_words.push(placeholder_name(placeholder));
        }
        self.params.push(PathParameter {
            name,
            kind: PathParameterKind::Key,
            written: placeholder.to_owned(),
            ty: Primitive::String.into(),
            collection: false,
            required: true,
        });
    }

    /// A call segment: the parameters of `table` first, in its order (the operation's call
    /// only), then the arguments as written that the table does not describe.
    fn call(
        &mut self,
        name: &str,
        args: &[Arg],
        after: &str,
        table: &[Parameter],
        before_target: bool,
    ) {
        let mut rendered: Vec<String> = Vec::new();
        let mut shown: Vec<String> = Vec::new();
        for p in table {
            let (r, s) = self.table_arg(p, args);
            rendered.push(r);
            shown.extend(s);
        }
        let seen: Vec<String> = table.iter().map(|p| p.name.to_ascii_lowercase()).collect();
        for a in args {
            if let Some(n) = &a.name {
                if seen.contains(&n.to_ascii_lowercase()) {
                    continue;
                }
            }
            let (r, s) = self.written_arg(name, a);
            rendered.push(r);
            shown.push(s);
        }
        self.template
            .push_str(&format!("{name}({}){after}", rendered.join(",")));
        self.documented
            .push_str(&format!("{name}({}){after}", shown.join(",")));
        if before_target {
            if let Some(n) = plain_name(name) {
                self.raw_words.push(n.clone());
                self.words.push(n);
            }
        }
    }

    /// A parameter of the table as an argument of the call: its text in the template, and in
    /// the documented path when the path writes it.
    fn table_arg(&mut self, p: &Parameter, args: &[Arg]) -> (String, Option<String>) {
        let written = args
            .iter()
            .find(|a| {
                a.name
                    .as_deref()
                    .is_some_and(|n| n.eq_ignore_ascii_case(&p.name))
            })
            .map(|a| a.written.clone());
        let pname = unique(p.name.clone(), &self.params);
        let rendered = format!("{}={{{pname}}}", p.name);
        let shown = written
            .is_some()
            .then(|| format!("{}={{{}}}", p.name, p.name));
        self.params.push(PathParameter {
            name: pname,
            kind: PathParameterKind::Function,
            written: written.unwrap_or_default(),
            ty: p.ty.clone(),
            collection: p.collection,
            required: p.required,
        });
        (rendered, shown)
    }

    /// An argument of call `call` that no table describes: typed from the path. Its text in
    /// the template and in the documented path.
    fn written_arg(&mut self, call: &str, a: &Arg) -> (String, String) {
        let Some(n) = &a.name else {
            // A key in parentheses, `lists('{id}')`: an OData literal, like a function argument.
            let inner = a.written.trim_matches('\'');
            let ph = inner.trim_start_matches('{').trim_end_matches('}');
            let pname = unique(key_name(plain_name(call).as_deref(), ph), &self.params);
            let rendered = format!("{{{pname}}}");
            self.params.push(PathParameter {
                name: pname,
                kind: PathParameterKind::Function,
                written: a.written.clone(),
                ty: Primitive::String.into(),
                collection: false,
                required: true,
            });
            return (rendered, a.written.clone());
        };
        let pname = unique(n.clone(), &self.params);
        let rendered = format!("{n}={{{pname}}}");
        self.untyped_args.push(n.clone());
        self.params.push(PathParameter {
            name: pname,
            kind: PathParameterKind::Function,
            written: a.written.clone(),
            ty: type_from_path(&a.written).into(),
            collection: false,
            required: true,
        });
        (rendered, format!("{n}={{{n}}}"))
    }

    /// The parsed path, its names completed from the target (`segments[target_start..]`).
    fn finish(self, segments: &[Segment], target_start: usize) -> ParsedPath {
        let mut words = self.words;
        if words.is_empty() {
            words.push(target_word(segments, target_start));
        }
        let full_words = full_words(self.raw_words, &segments[target_start..]);
        let or_root = |s: String| if s.is_empty() { "/".to_owned() } else { s };
        ParsedPath {
            documented: or_root(self.documented),
            template: PathTemplate {
                template: or_root(self.template),
                name: camel(&words),
                parameters: self.params,
                source: None,
            },
            untyped_args: self.untyped_args,
            full_name: camel(&full_words),
        }
    }
}

/// The longer name keeps keyed collections plural (`calendars/{id}` → `calendars`, where the
/// short name has `calendar`, like the singleton `calendar`), and adds the target.
fn full_words(mut raw_words: Vec<String>, target: &[Segment]) -> Vec<String> {
    for seg in target {
        let w = match seg {
            Segment::Plain(p) => p.trim_matches(':').to_owned(),
            Segment::Call { name, .. } => name.clone(),
            Segment::Key { placeholder, .. } => placeholder_name(placeholder),
        };
        raw_words.push(w);
    }
    raw_words
}

/// Nothing before the target: the target names the path (`/users/{id}` → `user`).
fn target_word(segments: &[Segment], target_start: usize) -> String {
    let named = segments[target_start..].iter().find_map(|s| match s {
        Segment::Plain(p) => plain_name(p),
        Segment::Call { name, .. } => plain_name(name),
        Segment::Key { .. } => None,
    });
    let keyed = target_start < segments.len().saturating_sub(1);
    match named {
        Some(n) if keyed => singular(&n),
        Some(n) => n,
        None => "root".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{SourceLoc, TypeRef};

    fn param(name: &str, ty: &str, required: bool) -> Parameter {
        Parameter {
            name: name.to_owned(),
            ty: TypeRef::parse(ty),
            collection: false,
            required,
            description: String::new(),
            source: SourceLoc::new("p.md", 1),
        }
    }

    fn names(p: &ParsedPath) -> Vec<&str> {
        p.template
            .parameters
            .iter()
            .map(|x| x.name.as_str())
            .collect()
    }

    #[test]
    fn keys_are_named_after_their_segment() {
        let p = parse_path(
            "/users/{id|userPrincipalName}/mailFolders/{id}/messages",
            &[],
            false,
        );
        assert_eq!(
            p.template.template,
            "/users/{user-id}/mailFolders/{mailFolder-id}/messages"
        );
        assert_eq!(p.template.name, "userMailFolder");
        assert_eq!(names(&p), ["user-id", "mailFolder-id"]);
        assert_eq!(p.template.parameters[0].written, "id|userPrincipalName");
        let p = parse_path("/me/messages", &[], false);
        assert_eq!(
            (p.template.template.as_str(), p.template.name.as_str()),
            ("/me/messages", "me")
        );
        let p = parse_path("/users/{id}", &[], false);
        assert_eq!(p.template.name, "user");
        let p = parse_path("/users", &[], false);
        assert_eq!(p.template.name, "users");
        let p = parse_path("/teams/{team-id}/channels/{channel-id}", &[], false);
        assert_eq!(
            p.template.template,
            "/teams/{team-id}/channels/{channel-id}"
        );
        assert_eq!(p.template.name, "team");
        let p = parse_path("/users/{id}/photos/{size}/$value", &[], false);
        assert_eq!(names(&p), ["user-id", "photo-size"]);
        assert_eq!(p.template.name, "userPhoto");
        let p = parse_path("/me/drive/root:/{item-path}:/content", &[], false);
        assert_eq!(p.template.template, "/me/drive/root:/{item-path}:/content");
        assert_eq!(p.template.name, "meDriveRootItemPath");
        let p = parse_path("/policies/{id}/appliesTo/{id}", &[], false);
        assert_eq!(names(&p), ["policy-id", "appliesTo-id"]);
    }

    #[test]
    fn function_arguments_never_keep_example_values() {
        let table = [
            param("startDateTime", "Edm.String", true),
            param("endDateTime", "Edm.String", true),
            param("interval", "Edm.String", true),
        ];
        let p = parse_path(
            "/sites/{site-id}/getActivitiesByInterval(startDateTime='2016-01-01',endDateTime='2017-05-20',interval='month')",
            &table,
            true,
        );
        assert_eq!(
            p.template.template,
            "/sites/{site-id}/getActivitiesByInterval(startDateTime={startDateTime},endDateTime={endDateTime},interval={interval})"
        );
        assert_eq!(
            p.documented,
            "/sites/{site-id}/getActivitiesByInterval(startDateTime={startDateTime},endDateTime={endDateTime},interval={interval})"
        );
        assert_eq!(p.template.name, "site");
        assert!(p.untyped_args.is_empty());
        // Without a table the arguments are typed from the path.
        let p = parse_path(
            "/me/drive/items/{id}/workbook/worksheets/{id|name}/range(address='<address>')/format",
            &[],
            false,
        );
        assert_eq!(
            p.template.template,
            "/me/drive/items/{item-id}/workbook/worksheets/{worksheet-id}/range(address={address})/format"
        );
        assert_eq!(p.untyped_args, ["address"]);
        assert_eq!(p.template.parameters[2].ty.as_str(), "Edm.String");
        let p = parse_path(
            "/range/resizedRange(deltaRows={n},deltaColumns={n})",
            &[],
            false,
        );
        assert_eq!(
            p.template.template,
            "/range/resizedRange(deltaRows={deltaRows},deltaColumns={deltaColumns})"
        );
        assert_eq!(p.template.parameters[0].ty.as_str(), "Edm.Untyped");
        // Optional parameters of the table the path leaves out are in the template.
        let table = [
            param("width", "Edm.Int32", false),
            param("height", "Edm.Int32", false),
        ];
        let p = parse_path("/charts/{name}/image(width=640)", &table, true);
        assert_eq!(
            p.template.template,
            "/charts/{chart-name}/image(width={width},height={height})"
        );
        // A function without parentheses in the docs gets its call.
        let table = [param("period", "Edm.String", true)];
        let p = parse_path("/reports/getEmailActivityCounts", &table, true);
        assert_eq!(
            p.template.template,
            "/reports/getEmailActivityCounts(period={period})"
        );
        // Keys in parentheses.
        let p = parse_path("/sites/root/lists('{list-id}')/items", &[], false);
        assert_eq!(p.template.template, "/sites/root/lists({list-id})/items");
    }

    #[test]
    fn keys_outside_argument_lists() {
        assert_eq!(
            key_placeholders("/users/{id | upn}/f(start={start})/x/{y}"),
            ["id", "y"]
        );
    }

    #[test]
    fn plurals() {
        assert_eq!(singular("mailFolders"), "mailFolder");
        assert_eq!(singular("policies"), "policy");
        assert_eq!(singular("status"), "status");
        assert_eq!(singular("address"), "address");
        assert_eq!(singular("boxes"), "box");
        assert_eq!(singular("me"), "me");
    }
}
