//! Lenient JSON for annotations and examples. The docs contain trailing commas, `//` comments and
//! `...` / `…` ellipses where output was shortened. Valid JSON is parsed as is; otherwise the
//! text is tokenized, the known slips are repaired (each repair reported), and parsed again.
//! Line numbers are preserved through the repair, so errors point at the original line.

use serde_json::Value;

/// One repair made to make the text parse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Repair {
    /// 0-based line within the parsed text (at most its last line).
    pub line: u32,
    pub what: &'static str,
}

/// Why the text could not be parsed even after repairs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct JsonError {
    /// 0-based line within the parsed text (at most its last line).
    pub line: u32,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq)]
enum Tok<'a> {
    Str(&'a str),
    Punct(char),
    Word(&'a str),
    Ellipsis,
}

fn tokenize(src: &str) -> (Vec<(Tok<'_>, u32)>, Vec<Repair>) {
    let mut toks = Vec::new();
    let mut repairs = Vec::new();
    let bytes = src.as_bytes();
    let mut i = 0;
    let mut line = 0u32;
    while i < bytes.len() {
        let c = bytes[i];
        match c {
            b'\n' => {
                line += 1;
                i += 1;
            }
            b' ' | b'\t' | b'\r' => i += 1,
            // A no-break space (U+00A0) pasted between tokens.
            0xC2 if bytes.get(i + 1) == Some(&0xA0) => {
                repairs.push(Repair {
                    line,
                    what: "removed a no-break space between tokens",
                });
                i += 2;
            }
            b'"' => {
                let start = i;
                let start_line = line;
                i = closing_quote(bytes, i, &mut line);
                i = (i + 1).min(bytes.len());
                let text = &src[start..i];
                if text.bytes().any(|b| b < 0x20) {
                    repairs.push(Repair {
                        line: start_line,
                        what: "escaped a line break or control character inside a string",
                    });
                }
                toks.push((Tok::Str(text), line));
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                repairs.push(Repair {
                    line,
                    what: "removed a // comment",
                });
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                repairs.push(Repair {
                    line,
                    what: "removed a /* */ comment",
                });
                i += 2;
                while i < bytes.len() && !(bytes[i] == b'*' && bytes.get(i + 1) == Some(&b'/')) {
                    if bytes[i] == b'\n' {
                        line += 1;
                    }
                    i += 1;
                }
                i = (i + 2).min(bytes.len());
            }
            b'{' | b'}' | b'[' | b']' | b',' | b':' => {
                toks.push((Tok::Punct(c as char), line));
                i += 1;
            }
            _ => {
                let start = i;
                while i < bytes.len()
                    && !matches!(
                        bytes[i],
                        b' ' | b'\t'
                            | b'\r'
                            | b'\n'
                            | b'{'
                            | b'}'
                            | b'['
                            | b']'
                            | b','
                            | b':'
                            | b'"'
                    )
                {
                    i += 1;
                }
                if i == start {
                    // A stray byte inside a multi-byte char cannot happen: we only stop on ASCII.
                    i += 1;
                    continue;
                }
                let w = &src[start..i];
                if w.chars().all(|ch| ch == '.' || ch == '…') {
                    toks.push((Tok::Ellipsis, line));
                } else {
                    toks.push((Tok::Word(w), line));
                }
            }
        }
    }
    (toks, repairs)
}

/// Removes ellipses, dangling keys and misplaced commas.
fn repair<'a>(toks: Vec<(Tok<'a>, u32)>, repairs: &mut Vec<Repair>) -> Vec<(Tok<'a>, u32)> {
    let mut out: Vec<(Tok<'a>, u32)> = Vec::with_capacity(toks.len());
    for (t, line) in toks {
        match &t {
            Tok::Ellipsis => {
                repairs.push(Repair {
                    line,
                    what: "removed an ellipsis",
                });
                // `"key": ...` — drop the key too.
                if matches!(out.last(), Some((Tok::Punct(':'), _))) {
                    out.pop();
                    out.pop();
                }
                continue;
            }
            Tok::Punct(',') => {
                if matches!(out.last(), Some((Tok::Punct(',' | '{' | '['), _)) | None) {
                    repairs.push(Repair {
                        line,
                        what: "removed a misplaced comma",
                    });
                    continue;
                }
            }
            Tok::Punct('}' | ']') => {
                if matches!(out.last(), Some((Tok::Punct(','), _))) {
                    let l = out.last().map(|x| x.1).unwrap_or(line);
                    repairs.push(Repair {
                        line: l,
                        what: "removed a trailing comma",
                    });
                    out.pop();
                }
                if matches!(out.last(), Some((Tok::Punct(':'), _))) {
                    out.pop();
                    out.pop();
                }
            }
            Tok::Str(_) | Tok::Word(_) | Tok::Punct('{' | '[') => {
                // A value right after a value: a missing comma between two array items or members.
                if let Some((Tok::Str(_) | Tok::Word(_) | Tok::Punct('}' | ']'), _)) = out.last() {
                    repairs.push(Repair {
                        line,
                        what: "inserted a missing comma",
                    });
                    out.push((Tok::Punct(','), line));
                }
            }
            _ => {}
        }
        out.push((t, line));
    }
    // A trailing comma at the very end.
    while matches!(out.last(), Some((Tok::Punct(','), _))) {
        out.pop();
    }
    out
}

fn render(toks: &[(Tok<'_>, u32)]) -> String {
    let mut s = String::new();
    let mut cur = 0u32;
    for (t, line) in toks {
        while cur < *line {
            s.push('\n');
            cur += 1;
        }
        match t {
            Tok::Str(x) if x.bytes().any(|b| b < 0x20) => {
                for ch in x.chars() {
                    match ch {
                        '\n' => s.push_str("\\n"),
                        '\r' => s.push_str("\\r"),
                        '\t' => s.push_str("\\t"),
                        c if (c as u32) < 0x20 => s.push_str(&format!("\\u{:04x}", c as u32)),
                        c => s.push(c),
                    }
                }
            }
            Tok::Str(x) | Tok::Word(x) => s.push_str(x),
            Tok::Punct(c) => s.push(*c),
            Tok::Ellipsis => {}
        }
        s.push(' ');
    }
    s
}

/// Parses JSON leniently. On success returns the value and the repairs made (empty when the text
/// was valid JSON).
pub(crate) fn parse_lenient(src: &str) -> Result<(Value, Vec<Repair>), JsonError> {
    match serde_json::from_str::<Value>(src) {
        Ok(v) => return Ok((v, Vec::new())),
        Err(e) if e.is_eof() && src.trim().is_empty() => {
            return Err(JsonError {
                line: 0,
                message: "empty JSON".to_owned(),
            })
        }
        Err(_) => {}
    }
    let (toks, mut repairs) = tokenize(src);
    let toks = repair(toks, &mut repairs);
    let text = render(&toks);
    // The end of the text (where an unexpected end is found, after its last line break) counts
    // as its last line.
    let last = src.lines().count().saturating_sub(1) as u32;
    for r in &mut repairs {
        r.line = r.line.min(last);
    }
    match serde_json::from_str::<Value>(&text) {
        Ok(v) => Ok((v, repairs)),
        Err(e) => {
            // serde_json's message ends with "at line L column C"; the line is reported by the
            // caller as a file line, so only the column is kept here.
            let msg = e.to_string();
            let msg = msg.split(" at line ").next().unwrap_or(&msg).to_owned();
            Err(JsonError {
                line: (e.line() as u32).saturating_sub(1).min(last),
                message: format!("{msg} (column {})", e.column()),
            })
        }
    }
}

/// The index of the `"` that closes the string opening at `open` (or the end of the text),
/// counting the line breaks inside it.
fn closing_quote(bytes: &[u8], open: usize, line: &mut u32) -> usize {
    let mut i = open + 1;
    while i < bytes.len() && bytes[i] != b'"' {
        if bytes[i] == b'\\' {
            i += 1;
        }
        if i < bytes.len() && bytes[i] == b'\n' {
            *line += 1;
        }
        i += 1;
    }
    i
}

/// The line (0-based, within `src`) of each key of the top-level object, where it first
/// appears; one pass over the text, whatever the layout (`{ "a": 1, "b": 2 }` on one line too).
pub(crate) fn top_level_key_lines(src: &str) -> std::collections::HashMap<String, u32> {
    let mut out = std::collections::HashMap::new();
    let bytes = src.as_bytes();
    let (mut i, mut line, mut depth) = (0usize, 0u32, 0i32);
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => line += 1,
            b'{' | b'[' => depth += 1,
            b'}' | b']' => depth -= 1,
            b'"' => {
                let start = i + 1;
                let start_line = line;
                i = closing_quote(bytes, i, &mut line);
                let end = i.min(bytes.len());
                // A key: the string is followed by `:`.
                let mut j = end + 1;
                while j < bytes.len() && matches!(bytes[j], b' ' | b'\t' | b'\r') {
                    j += 1;
                }
                if depth == 1 && bytes.get(j) == Some(&b':') {
                    if let Some(key) = src.get(start..end) {
                        out.entry(key.to_owned()).or_insert(start_line);
                    }
                }
            }
            _ => {}
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn key_lines_of_the_top_level_object() {
        let k = top_level_key_lines("{\n  \"a\": {\"b\": 1},\n  \"b\": 2, \"c\": \"x:y\"\n}");
        assert_eq!(k.get("a"), Some(&1));
        assert_eq!(k.get("b"), Some(&2), "the nested `b` does not count");
        assert_eq!(k.get("c"), Some(&2));
        assert_eq!(k.get("x:y"), None);
        assert!(top_level_key_lines("{\"é\": 1, \"\\\"q\": 2}").contains_key("é"));
    }

    #[test]
    fn valid_json_needs_no_repair() {
        let (v, r) = parse_lenient("{\"a\": [1, 2]}").expect("valid");
        assert_eq!(v, json!({"a": [1, 2]}));
        assert!(r.is_empty());
    }

    #[test]
    fn trailing_commas_are_repaired_and_reported() {
        let (v, r) = parse_lenient("{\n  \"a\": 1,\n  \"b\": [1, 2,],\n}").expect("repaired");
        assert_eq!(v, json!({"a": 1, "b": [1, 2]}));
        assert_eq!(r.len(), 2);
        assert_eq!(
            r[0],
            Repair {
                line: 2,
                what: "removed a trailing comma"
            }
        );
        assert_eq!(r[1].line, 2);
    }

    #[test]
    fn comments_and_ellipses() {
        let src = "{\n  // the id\n  \"id\": \"x\", /* c */\n  \"v\": [ {\"a\": 1}, ... ],\n  \"w\": …,\n  ...\n}";
        let (v, r) = parse_lenient(src).expect("repaired");
        assert_eq!(v, json!({"id": "x", "v": [{"a": 1}]}));
        assert!(r
            .iter()
            .any(|x| x.what == "removed an ellipsis" && x.line == 3));
        assert!(r
            .iter()
            .any(|x| x.what == "removed a // comment" && x.line == 1));
    }

    #[test]
    fn strings_with_slashes_and_dots_are_untouched() {
        let (v, r) = parse_lenient("{\"u\": \"https://x/y...z\", \"e\": \"a\\\"b\",}").expect("ok");
        assert_eq!(v, json!({"u": "https://x/y...z", "e": "a\"b"}));
        assert_eq!(r.len(), 1);
    }

    #[test]
    fn unrepairable_json_reports_its_line() {
        let e = parse_lenient("{\n\"a\": 1\n\"b\" 2\n}").expect_err("broken");
        assert_eq!(e.line, 2);
    }

    #[test]
    fn line_breaks_inside_strings_are_escaped() {
        let (v, r) = parse_lenient("{\n\"a\": \"one\ntwo\",\n\"b\": 1\n}").expect("repaired");
        assert_eq!(v, json!({"a": "one\ntwo", "b": 1}));
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].line, 1);
        // A later error still points at its own line.
        let e = parse_lenient("{\n\"a\": \"x\ny\",\n\"b\" 2\n}").expect_err("broken");
        assert_eq!(e.line, 3);
    }

    #[test]
    fn no_break_spaces_between_tokens_are_removed() {
        let (v, r) = parse_lenient("{\"a\": \"x\u{a0}y\",\u{a0}\n\"b\": 1}").expect("repaired");
        assert_eq!(v, json!({"a": "x\u{a0}y", "b": 1}));
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].what, "removed a no-break space between tokens");
    }

    #[test]
    fn missing_comma_between_items_is_inserted() {
        let (v, r) = parse_lenient("[{\"a\":1}\n{\"a\":2}]").expect("repaired");
        assert_eq!(v, json!([{"a": 1}, {"a": 2}]));
        assert_eq!(r[0].what, "inserted a missing comma");
    }
}
