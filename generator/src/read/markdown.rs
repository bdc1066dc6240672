//! The markdown front end: `pulldown-cmark` finds the block structure; table rows are split from
//! their source lines (so ragged rows and tabs are seen as written) and each cell's inline
//! markdown is parsed again for its text and links.

use super::{push_block, BlockKind, CodeBlock, Format, Inline, Link, Page, Row, Section, Table};
use crate::diag::{DiagKind, Diagnostics};
use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::collections::BTreeMap;
use std::ops::Range;

/// Maps byte offsets to 1-based line numbers.
struct Lines {
    starts: Vec<usize>,
    /// Line number of the first line of the parsed text in the file.
    first: u32,
    /// The last line that has text (a final line break starts no line).
    last: u32,
}

impl Lines {
    fn new(text: &str, first: u32) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        let lines = text.lines().count().max(1) as u32;
        Lines {
            starts,
            first,
            last: first + lines - 1,
        }
    }

    fn line(&self, offset: usize) -> u32 {
        let idx = self.starts.partition_point(|&s| s <= offset);
        idx as u32 - 1 + self.first
    }
}

/// Splits YAML-style front matter (`---` … `---`) from the body. Returns the key/value pairs,
/// the body, and the number of lines the front matter took.
fn split_front_matter(text: &str) -> (BTreeMap<String, String>, &str, u32) {
    let mut map = BTreeMap::new();
    let trimmed = text.trim_start_matches('\u{feff}');
    let Some(rest) = trimmed
        .strip_prefix("---\n")
        .or_else(|| trimmed.strip_prefix("---\r\n"))
    else {
        return (map, text, 0);
    };
    let mut consumed = trimmed.len() - rest.len();
    let mut lines = 1;
    for line in rest.split_inclusive('\n') {
        consumed += line.len();
        lines += 1;
        let l = line.trim_end();
        if l == "---" {
            return (map, &trimmed[consumed..], lines);
        }
        // Flat `key: value` pairs are all the docs use; quoting is stripped.
        if let Some((k, v)) = l.split_once(':') {
            if !k.starts_with([' ', '\t', '-']) {
                let v = v.trim().trim_matches('"').trim_matches('\'');
                map.insert(k.trim().to_owned(), v.to_owned());
            }
        }
    }
    // No closing fence: not front matter after all.
    (BTreeMap::new(), text, 0)
}

fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH
}

/// Parses inline markdown (a table cell, a heading) into text, links and code spans.
#[cfg(test)]
pub(crate) fn parse_inline(src: &str) -> Inline {
    parse_inline_with(src, &RefDefs::default())
}

/// Reference-style link definitions of a page (`[label]: target`), by lower-cased label, so
/// that `[identitySet][]` in a table cell (parsed on its own) still finds its target.
#[derive(Debug, Default)]
pub(crate) struct RefDefs(std::collections::HashMap<String, String>);

impl RefDefs {
    /// Collects `[label]: target` lines.
    fn scan(text: &str) -> RefDefs {
        let mut map = std::collections::HashMap::new();
        for line in text.lines() {
            let l = line.trim_start();
            if line.len() - l.len() > 3 || !l.starts_with('[') {
                continue;
            }
            let Some((label, rest)) = l[1..].split_once("]:") else {
                continue;
            };
            let target = rest
                .split_whitespace()
                .next()
                .unwrap_or("")
                .trim_matches(['<', '>']);
            if !label.is_empty() && !target.is_empty() && !label.starts_with('!') {
                map.entry(label.trim().to_lowercase())
                    .or_insert_with(|| target.to_owned());
            }
        }
        RefDefs(map)
    }
}

/// [`parse_inline`] resolving reference-style links with the page's definitions.
pub(crate) fn parse_inline_with(src: &str, refs: &RefDefs) -> Inline {
    // Fast path: text with no markdown syntax at all is its own plain text.
    if !src.contains(['[', ']', '`', '*', '_', '<', '\\', '&', '!', '~']) {
        let text = src.split_whitespace().collect::<Vec<_>>().join(" ");
        return Inline {
            text,
            ..Inline::default()
        };
    }
    let mut acc = InlineAcc::default();
    let mut resolve = |link: pulldown_cmark::BrokenLink<'_>| {
        refs.0
            .get(&link.reference.trim().to_lowercase())
            .map(|t| (t.clone().into(), "".into()))
    };
    for ev in Parser::new_with_broken_link_callback(src, options(), Some(&mut resolve)) {
        acc.event(&ev);
    }
    acc.finish()
}

/// Collects inline events (text, code spans, links) into an [`Inline`]: used for cells and
/// headings parsed on their own, and for paragraphs straight from the page's event stream.
#[derive(Default)]
struct InlineAcc {
    out: Inline,
    link_stack: Vec<(String, usize)>,
}

impl InlineAcc {
    fn event(&mut self, ev: &Event<'_>) {
        let out = &mut self.out;
        match ev {
            Event::Text(t) => out.text.push_str(t),
            Event::Code(t) => {
                out.text.push_str(t);
                out.code.push(t.to_string());
            }
            Event::SoftBreak | Event::HardBreak => out.text.push(' '),
            Event::InlineHtml(h) | Event::Html(h) if h.trim_start().starts_with("<br") => {
                out.text.push(' ');
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                self.link_stack.push((dest_url.to_string(), out.text.len()));
            }
            Event::End(TagEnd::Link) => {
                if let Some((target, start)) = self.link_stack.pop() {
                    let text = out.text[start..].to_owned();
                    out.links.push(Link { text, target });
                }
            }
            Event::End(TagEnd::Paragraph) => out.text.push(' '),
            _ => {}
        }
    }

    /// The collected inline, white space collapsed to single spaces (no-break spaces, tabs and
    /// line breaks included).
    fn finish(self) -> Inline {
        let mut out = self.out;
        let t = &out.text;
        let messy = t.starts_with(char::is_whitespace)
            || t.ends_with(char::is_whitespace)
            || t.contains("  ")
            || t.contains(['\u{a0}', '\t', '\n', '\r']);
        if messy {
            out.text = t.split_whitespace().collect::<Vec<_>>().join(" ");
        }
        out
    }
}

/// Splits a table source line into raw cell strings: unescaped `|` separate cells; a leading
/// and a trailing pipe are optional.
pub(crate) fn split_row(line: &str) -> Vec<String> {
    let line = line.trim();
    let mut cells = Vec::new();
    let mut cur = String::new();
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'|') => {
                cur.push('|');
                chars.next();
            }
            '|' => cells.push(std::mem::take(&mut cur)),
            _ => cur.push(c),
        }
    }
    cells.push(cur);
    if line.starts_with('|') && !cells.is_empty() {
        cells.remove(0);
    }
    if line.ends_with('|') && !line.ends_with("\\|") && cells.len() > 1 {
        cells.pop();
    }
    cells.into_iter().map(|c| c.trim().to_owned()).collect()
}

/// How many cells [`split_row`] would give, without building them.
fn count_cells(line: &str) -> usize {
    let line = line.trim();
    let bytes = line.as_bytes();
    let mut pipes = 0;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if bytes.get(i + 1) == Some(&b'|') => i += 1,
            b'|' => pipes += 1,
            _ => {}
        }
        i += 1;
    }
    let mut cells = pipes + 1;
    if line.starts_with('|') {
        cells -= 1;
    }
    if line.ends_with('|') && !line.ends_with("\\|") && cells > 1 {
        cells -= 1;
    }
    cells
}

fn is_delimiter_row(line: &str) -> bool {
    let cells = split_row(line);
    !cells.is_empty()
        && line.contains('-')
        && cells.iter().all(|c| {
            let c = c.trim();
            !c.is_empty() && c.chars().all(|ch| matches!(ch, '-' | ':' | ' ' | '\t'))
        })
}

/// Parses table source text (header, delimiter, rows). `first_line` is the header's line.
/// `parsed`: the cells pulldown-cmark produced for the header and each row, in order, when the
/// table came through its table events; rows whose source has the header's cell count use them,
/// ragged rows (whose extra cells pulldown drops) are split from the source and parsed alone.
fn parse_table(
    src: &str,
    first_line: u32,
    path: &str,
    refs: &RefDefs,
    parsed: Option<Vec<Vec<Inline>>>,
    diags: &mut Diagnostics,
) -> Option<Table> {
    let mut lines = src
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty());
    let (_, header_line) = lines.next()?;
    let (_, delim) = lines.next()?;
    if !is_delimiter_row(delim) {
        return None;
    }
    let raw_header = split_row(header_line);
    let mut parsed = parsed.unwrap_or_default().into_iter();
    let header: Vec<String> = match parsed.next() {
        Some(cells) if cells.len() == raw_header.len() => {
            cells.into_iter().map(|c| c.text).collect()
        }
        _ => raw_header
            .iter()
            .map(|c| parse_inline_with(c, refs).text)
            .collect(),
    };
    let mut rows: Vec<Row> = Vec::new();
    let piped = header_line.trim_start().starts_with('|');
    // Whether the last row's line was left open (no closing `|`).
    let mut open = false;
    for (i, l) in lines {
        let pre = parsed.next();
        let line = first_line + i as u32;
        let t = l.trim();
        // In a table whose rows start with `|`, a line that does not, after a row left open, is
        // that row's last cell going on (a line break inside a description).
        if piped && open && !t.starts_with('|') {
            if let Some(cell) = rows.last_mut().and_then(|r| r.cells.last_mut()) {
                let more = parse_inline_with(t.trim_end_matches('|').trim(), refs);
                cell.text.push(' ');
                cell.text.push_str(&more.text);
                cell.links.extend(more.links);
                cell.code.extend(more.code);
                diags.warn(
                    path,
                    line,
                    DiagKind::MalformedTable,
                    "a line break inside a table row: this line is read as the end of the row above",
                );
                open = !t.ends_with('|');
                continue;
            }
        }
        open = !t.ends_with('|');
        // Rows that pulldown-cmark read whole (as many cells in the source as it gave) need no
        // splitting of their own.
        let count = count_cells(l);
        let cells = match pre {
            Some(cells) if cells.len() == count && count == header.len() => {
                if cells
                    .iter()
                    .all(|c| c.text.is_empty() && c.links.is_empty())
                {
                    continue;
                }
                cells
            }
            _ => {
                let raw = split_row(l);
                if raw.iter().all(|c| c.is_empty()) {
                    continue;
                }
                if raw.len() != header.len() {
                    diags.warn(
                        path,
                        line,
                        DiagKind::MalformedTable,
                        format!(
                            "table row has {} cells but the header has {}",
                            raw.len(),
                            header.len()
                        ),
                    );
                }
                raw.iter().map(|c| parse_inline_with(c, refs)).collect()
            }
        };
        rows.push(Row {
            line,
            cells,
            bold_first: first_cell_bold(l),
        });
    }
    Some(Table {
        line: first_line,
        header,
        rows,
    })
}

/// Whether the first cell of a table source line is wholly bold (`|**Section**|||`).
fn first_cell_bold(line: &str) -> bool {
    let first = line.trim().trim_start_matches('|');
    let cell = first.split('|').next().unwrap_or("").trim();
    cell.len() > 4
        && (cell.starts_with("**") && cell.ends_with("**")
            || cell.starts_with("__") && cell.ends_with("__"))
}

/// Looks for a table inside a paragraph (a table written without a blank line before it, which
/// CommonMark reads as paragraph text).
fn table_in_paragraph(src: &str) -> Option<usize> {
    let lines: Vec<&str> = src.lines().collect();
    (0..lines.len().saturating_sub(1))
        .find(|&i| lines[i].trim_start().starts_with('|') && is_delimiter_row(lines[i + 1]))
}

/// The page being built: its sections so far, and what the blocks still to come need.
struct Builder<'a> {
    path: &'a str,
    sections: Vec<Section>,
    /// The annotation comment waiting for the next code block, and its line.
    pending_annotation: Option<(String, u32)>,
    refs: RefDefs,
}

impl Builder<'_> {
    /// Adds a block to the current section. It leaves [`Builder::pending_annotation`] alone: an
    /// annotation belongs to the code block right after it; prose in between is allowed (the
    /// docs put notes there), a new heading is not.
    fn push(&mut self, line: u32, kind: BlockKind) {
        push_block(&mut self.sections, line, kind);
    }
}

fn include_of(text: &str) -> Option<(String, String)> {
    let rest = text.trim().strip_prefix("[!INCLUDE")?;
    let rest = rest.trim_start().strip_prefix('[')?;
    let (name, rest) = rest.split_once(']')?;
    let target = rest.trim_start().strip_prefix('(')?.split(')').next()?;
    Some((name.trim().to_owned(), target.trim().to_owned()))
}

/// The includes of a setext heading whose text lines are all `[!INCLUDE]` lines (blank lines
/// between them do not occur: they would end the heading).
fn setext_includes(src: &str) -> Option<Vec<(String, String)>> {
    let mut lines: Vec<&str> = src.lines().filter(|l| !l.trim().is_empty()).collect();
    let underline = lines.pop()?.trim();
    if underline.is_empty()
        || !(underline.chars().all(|c| c == '-') || underline.chars().all(|c| c == '='))
    {
        return None;
    }
    let includes: Vec<(String, String)> = lines.iter().map_while(|l| include_of(l)).collect();
    (!lines.is_empty() && includes.len() == lines.len()).then_some(includes)
}

/// Reads a markdown page.
pub(crate) fn read(path: &str, text: &str, diags: &mut Diagnostics) -> Page {
    let (front_matter, body, fm_lines) = split_front_matter(text);
    let mut r = Reader::new(path, body, fm_lines);
    let parser = Parser::new_ext(body, options()).into_offset_iter();
    for (ev, range) in parser {
        r.event(ev, range, diags);
    }
    Page {
        path: path.to_owned(),
        format: Format::Markdown,
        front_matter,
        title: r.title,
        sections: r.b.sections,
    }
}

/// The table being read.
#[derive(Default)]
struct TableState {
    /// Non-zero while inside a table.
    depth: usize,
    /// Its source range and line.
    at: Option<(Range<usize>, u32)>,
    /// pulldown-cmark's cells so far, row by row (the header first).
    rows: Vec<Vec<Inline>>,
    /// The cell being read.
    cell: InlineAcc,
}

/// The code block being read.
struct OpenCode {
    /// The info string's first word, lower-cased.
    info: String,
    /// Where the block starts.
    start: usize,
    /// The rest of the info line.
    info_rest: String,
    fenced: bool,
}

/// What [`read`] keeps between pulldown-cmark's events.
struct Reader<'a> {
    body: &'a str,
    lines: Lines,
    b: Builder<'a>,
    title: Option<(String, u32)>,
    // Inline accumulation for paragraphs, list items and headings.
    inline_src_start: Option<usize>,
    acc: InlineAcc,
    heading_acc: InlineAcc,
    /// The heading being read: its level and where it starts.
    heading: Option<(HeadingLevel, usize)>,
    table: TableState,
    code: Option<OpenCode>,
    /// The text of the code block being read so far.
    code_text: String,
}

impl<'a> Reader<'a> {
    /// A reader of `body`, the page after its front matter (`fm_lines` lines).
    fn new(path: &'a str, body: &'a str, fm_lines: u32) -> Reader<'a> {
        Reader {
            body,
            lines: Lines::new(body, fm_lines + 1),
            b: Builder {
                path,
                sections: vec![Section::new(String::new(), 0, 1)],
                pending_annotation: None,
                refs: RefDefs::scan(body),
            },
            title: None,
            inline_src_start: None,
            acc: InlineAcc::default(),
            heading_acc: InlineAcc::default(),
            heading: None,
            table: TableState::default(),
            code: None,
            code_text: String::new(),
        }
    }

    /// Takes one event: inside a table, inside a code block, or between blocks.
    fn event(&mut self, ev: Event<'a>, range: Range<usize>, diags: &mut Diagnostics) {
        if self.table.depth > 0 {
            self.table_event(&ev, diags);
        } else if self.code.is_some() {
            self.code_event(ev, diags);
        } else {
            self.block_event(ev, range, diags);
        }
    }

    /// An event inside a table: rows and cells are collected; at its end the table is read.
    fn table_event(&mut self, ev: &Event<'_>, diags: &mut Diagnostics) {
        let table = &mut self.table;
        match ev {
            Event::Start(Tag::TableHead) | Event::Start(Tag::TableRow) => {
                table.rows.push(Vec::new())
            }
            Event::Start(Tag::TableCell) => table.cell = InlineAcc::default(),
            Event::End(TagEnd::TableCell) => {
                let done = std::mem::take(&mut table.cell).finish();
                if let Some(row) = table.rows.last_mut() {
                    row.push(done);
                }
            }
            Event::End(TagEnd::Table) => {
                table.depth -= 1;
                self.end_table(diags);
            }
            ev => table.cell.event(ev),
        }
    }

    /// The end of a table: its source is parsed with pulldown-cmark's cells.
    fn end_table(&mut self, diags: &mut Diagnostics) {
        let Some((range, line)) = self.table.at.take() else {
            return;
        };
        let path = self.b.path;
        let parsed = Some(std::mem::take(&mut self.table.rows));
        match parse_table(&self.body[range], line, path, &self.b.refs, parsed, diags) {
            Some(t) => self.b.push(line, BlockKind::Table(t)),
            None => diags.warn(
                path,
                line,
                DiagKind::MalformedTable,
                "table without a delimiter row",
            ),
        }
    }

    /// An event inside a code block: its text, or its end.
    fn code_event(&mut self, ev: Event<'_>, diags: &mut Diagnostics) {
        match ev {
            Event::Text(t) => self.code_text.push_str(&t),
            Event::End(TagEnd::CodeBlock) => self.end_code_block(diags),
            _ => {}
        }
    }

    /// The end of a code block: the block, with its content line and the annotation before it.
    fn end_code_block(&mut self, diags: &mut Diagnostics) {
        let Some(code) = self.code.take() else {
            return;
        };
        let lines = &self.lines;
        // A fenced block's content starts on the line after the fence (a fence on the file's
        // last line has none: its own line then); an indented block's on its first line.
        let mut content_line = if code.fenced {
            (lines.line(code.start) + 1).min(lines.last)
        } else {
            lines.line(code.start)
        };
        // "```http GET /education/schools" with nothing inside: the request stands on the
        // fence's line.
        if self.code_text.trim().is_empty() && !code.info_rest.is_empty() && code.info == "http" {
            content_line = lines.line(code.start);
            diags.warn(
                self.b.path,
                content_line,
                DiagKind::MalformedOperation,
                format!("the code block's content `{}` stands on its opening fence line; read as its content", code.info_rest),
            );
            self.code_text = format!("{}\n", code.info_rest);
        }
        let line = lines.line(code.start);
        let block = CodeBlock {
            info: code.info,
            text: std::mem::take(&mut self.code_text),
            content_line,
            annotation: self.b.pending_annotation.take(),
        };
        self.b.push(line, BlockKind::Code(block));
    }

    /// An event outside tables and code blocks: block starts and ends, and inline content.
    fn block_event(&mut self, ev: Event<'a>, range: Range<usize>, diags: &mut Diagnostics) {
        match ev {
            Event::Start(Tag::Table(_)) => {
                self.table.depth = 1;
                self.table.at = Some((range.clone(), self.lines.line(range.start)));
                self.table.rows.clear();
            }
            Event::Start(Tag::CodeBlock(kind)) => self.start_code_block(kind, range.start),
            Event::Start(Tag::Heading { level, .. }) => {
                self.heading = Some((level, range.start));
                self.heading_acc = InlineAcc::default();
            }
            Event::End(TagEnd::Heading(_)) => self.end_heading(range.end),
            Event::End(TagEnd::HtmlBlock) if self.inline_src_start.is_none() => {
                self.html_block(range)
            }
            Event::Start(Tag::Paragraph) | Event::Start(Tag::Item) => {
                self.inline_src_start = Some(range.start);
                self.acc = InlineAcc::default();
            }
            Event::End(TagEnd::Paragraph) | Event::End(TagEnd::Item) => {
                self.flush_inline(range.end, diags)
            }
            Event::Start(Tag::List(_)) => {
                // A list inside an item: flush the item's own text first.
                self.flush_inline(range.start, diags)
            }
            ref ev if self.heading.is_some() => self.heading_acc.event(ev),
            ref ev if self.inline_src_start.is_some() => self.acc.event(ev),
            _ => {}
        }
    }

    /// The start of a code block: its language and the rest of its info string.
    fn start_code_block(&mut self, kind: CodeBlockKind<'_>, start: usize) {
        let fenced = matches!(kind, CodeBlockKind::Fenced(_));
        let (info, info_rest) = match kind {
            CodeBlockKind::Fenced(i) => {
                let i = i.trim();
                let (first, rest) = i.split_once(char::is_whitespace).unwrap_or((i, ""));
                (first.to_owned(), rest.trim().to_owned())
            }
            CodeBlockKind::Indented => (String::new(), String::new()),
        };
        self.code = Some(OpenCode {
            info: info.to_ascii_lowercase(),
            start,
            info_rest,
            fenced,
        });
    }

    /// The end of a heading (its source ends at `end`): a new section, unless it is no heading
    /// after all.
    fn end_heading(&mut self, end: usize) {
        let Some((level, start)) = self.heading.take() else {
            return;
        };
        let inl = std::mem::take(&mut self.heading_acc).finish();
        let line = self.lines.line(start);
        // `[!INCLUDE]` lines right above a tab group's closing `---` are a setext heading to
        // CommonMark; they are includes, not a section.
        if let Some(includes) = setext_includes(&self.body[start..end]) {
            for (i, (name, target)) in includes.into_iter().enumerate() {
                let status = super::IncludeStatus::Skipped;
                let kind = BlockKind::Include {
                    name,
                    target,
                    status,
                };
                self.b.push(line + i as u32, kind);
            }
            return;
        }
        // Tab selectors (`# [HTTP](#tab/http)`) are not sections.
        if !inl.links.is_empty() && inl.links.iter().all(|l| l.target.starts_with("#tab/")) {
            return;
        }
        let lvl = level as u8;
        if lvl == 1 && self.title.is_none() {
            self.title = Some((inl.text.clone(), line));
        }
        self.b.pending_annotation = None;
        self.b.sections.push(Section::new(inl.text, lvl, line));
    }

    /// An HTML block: an annotation comment (`<!-- { … } -->`) is kept for the next code block.
    fn html_block(&mut self, range: Range<usize>) {
        let t = self.body[range.clone()].trim();
        if let Some(inner) = t.strip_prefix("<!--") {
            let inner = inner.trim_end().trim_end_matches("-->");
            if inner.trim_start().starts_with('{') {
                self.b.pending_annotation = Some((inner.to_owned(), self.lines.line(range.start)));
            }
        }
    }

    /// The paragraph or list item being read, if any, ends at `end`: its blocks are added.
    fn flush_inline(&mut self, end: usize, diags: &mut Diagnostics) {
        if let Some(start) = self.inline_src_start.take() {
            let acc = std::mem::take(&mut self.acc);
            let src = &self.body[start..end];
            flush_inline(&mut self.b, src, start, acc, &self.lines, diags);
        }
    }
}

/// Turns the source of a paragraph or list item into blocks: `[!INCLUDE]` lines, tables that
/// CommonMark did not see, and the paragraph itself.
fn flush_inline(
    b: &mut Builder<'_>,
    src: &str,
    start: usize,
    acc: InlineAcc,
    lines: &Lines,
    diags: &mut Diagnostics,
) {
    let line = lines.line(start);
    let src = src.trim_start_matches(['-', '*', '+', ' ']);
    // The common case: the events already seen are the paragraph.
    if !src.contains("[!INCLUDE") && !src.contains('|') {
        let inl = acc.finish();
        if !inl.text.is_empty() {
            b.push(line, BlockKind::Paragraph(inl));
        }
        return;
    }
    if let Some(off) = table_in_paragraph(src) {
        let before: String = src.lines().take(off).collect::<Vec<_>>().join("\n");
        if !before.trim().is_empty() {
            flush_inline(b, &before, start, InlineAcc::default(), lines, diags);
        }
        let table_src: String = src.lines().skip(off).collect::<Vec<_>>().join("\n");
        let tline = line + off as u32;
        if let Some(t) = parse_table(&table_src, tline, b.path, &b.refs, None, diags) {
            b.push(tline, BlockKind::Table(t));
        }
        return;
    }
    let mut para = String::new();
    for (i, l) in src.lines().enumerate() {
        if let Some((name, target)) = include_of(l) {
            b.push(
                line + i as u32,
                BlockKind::Include {
                    name,
                    target,
                    status: super::IncludeStatus::Skipped,
                },
            );
        } else {
            para.push_str(l);
            para.push('\n');
        }
    }
    if !para.trim().is_empty() {
        let inl = parse_inline_with(para.trim_start_matches(['>', ' ']), &b.refs);
        if !inl.text.is_empty() {
            b.push(line, BlockKind::Paragraph(inl));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_row_handles_outer_pipes_tabs_and_escapes() {
        assert_eq!(split_row("|a|b|c|"), vec!["a", "b", "c"]);
        assert_eq!(split_row("a | b | c"), vec!["a", "b", "c"]);
        assert_eq!(split_row("| Member\t"), vec!["Member"]);
        assert_eq!(split_row("|a\\|b|c"), vec!["a|b", "c"]);
        assert_eq!(split_row("| x |  |"), vec!["x", ""]);
    }

    #[test]
    fn cell_counts_match_the_split() {
        for l in [
            "|a|b|c|",
            "a | b | c",
            "| Member\t",
            "|a\\|b|c",
            "| x |  |",
            "|",
            "||",
            "a",
            "|a|b|c|d|",
            " | a | ",
        ] {
            assert_eq!(count_cells(l), split_row(l).len(), "{l:?}");
        }
    }

    #[test]
    fn delimiter_rows() {
        assert!(is_delimiter_row("|:---|:---|"));
        assert!(is_delimiter_row("|:--------------"));
        assert!(is_delimiter_row("---|---"));
        assert!(!is_delimiter_row("|a|b|"));
    }

    #[test]
    fn front_matter_and_line_numbers() {
        let text = "---\ntitle: \"x resource type\"\ndoc_type: resourcePageType\n---\n\n# x resource type\n\nNamespace: microsoft.graph\n\n## Properties\n|Property|Type|Description|\n|:--|:--|:--|\n|id|String|The id.|\n|n|[y](y.md) collection|Ys.\n";
        let mut d = Diagnostics::default();
        let p = read("a/x.md", text, &mut d);
        assert_eq!(p.front_matter["doc_type"], "resourcePageType");
        assert_eq!(p.title, Some(("x resource type".to_owned(), 6)));
        assert_eq!(p.namespace(), Some(("microsoft.graph".to_owned(), 8)));
        let s = p.section(|h| h == "properties").expect("section");
        let t = s.tables().next().expect("table");
        assert_eq!(t.line, 11);
        assert_eq!(t.rows[0].line, 13);
        assert_eq!(t.rows[1].line, 14);
        assert_eq!(t.rows[1].cells[1].links[0].target, "y.md");
        assert_eq!(t.rows[1].cells[1].text, "y collection");
        assert!(d.is_empty(), "{:?}", d.sorted());
    }

    #[test]
    fn a_line_break_inside_a_row_continues_its_last_cell() {
        // As in the docs: a description broken over two lines, its rest closing the row.
        let text = "## Properties\n\n|Property|Type|Description|\n|:--|:--|:--|\n|mode|[m](m.md)|How it works.\nOption 1 only. Possible values are: `a`, `b`.|\n|size|Int32|The size.|\n";
        let mut d = Diagnostics::default();
        let p = read("x.md", text, &mut d);
        let t = p.sections[1].tables().next().expect("table");
        assert_eq!(t.rows.len(), 2);
        assert_eq!(
            t.rows[0].cells[2].text,
            "How it works. Option 1 only. Possible values are: a, b."
        );
        assert_eq!(t.rows[0].cells[2].code, ["a", "b"]);
        assert_eq!(t.rows[1].cells[0].text, "size");
        let ds = d.sorted();
        assert_eq!(ds.len(), 1);
        assert!(ds[0]
            .to_string()
            .starts_with("x.md:6: warning[malformed-table]: a line break inside a table row"));
        // A closed row followed by a line without pipes at its start is not joined.
        let text = "## T\n\n|a|b|\n|-|-|\n|1|2|\nx|y|\n";
        let mut d = Diagnostics::default();
        let p = read("x.md", text, &mut d);
        assert_eq!(p.sections[1].tables().next().expect("table").rows.len(), 2);
    }

    #[test]
    fn a_request_on_the_fence_line_is_the_blocks_content() {
        let text = "## HTTP request\n\n```http GET /education/schools\n```\n";
        let mut d = Diagnostics::default();
        let p = read("x.md", text, &mut d);
        let c = p.sections[1].code_blocks().next().expect("block");
        assert_eq!(
            (c.info.as_str(), c.text.as_str(), c.content_line),
            ("http", "GET /education/schools\n", 3)
        );
        assert!(d.sorted()[0]
            .to_string()
            .starts_with("x.md:3: warning[malformed-operation]"));
    }

    #[test]
    fn ragged_rows_are_reported_and_kept() {
        let text = "## T\n\n|a|b|\n|-|-|\n|1|2|3|\n|4|\n";
        let mut d = Diagnostics::default();
        let p = read("x.md", text, &mut d);
        let t = p.sections[1].tables().next().expect("table");
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[0].cells.len(), 3);
        assert_eq!(d.len(), 2);
        assert!(d.sorted()[0]
            .to_string()
            .starts_with("x.md:5: warning[malformed-table]"));
    }

    #[test]
    fn annotation_attaches_to_next_code_block() {
        let text =
            "# t\n\n<!-- {\n  \"blockType\": \"resource\"\n}\n-->\n```json\n{\"a\": 1}\n```\n";
        let mut d = Diagnostics::default();
        let p = read("x.md", text, &mut d);
        let c = p.sections[1].code_blocks().next().expect("code");
        assert_eq!(c.info, "json");
        assert_eq!(c.content_line, 8);
        let (ann, line) = c.annotation.clone().expect("annotation");
        assert!(ann.contains("resource"));
        assert_eq!(line, 3);
    }

    #[test]
    fn includes_and_tab_headings() {
        let text = "# t\n\n[!INCLUDE [beta-disclaimer](../../includes/beta-disclaimer.md)]\n\n# [HTTP](#tab/http)\n\ntext\n";
        let mut d = Diagnostics::default();
        let p = read("x.md", text, &mut d);
        assert_eq!(p.sections.len(), 2);
        assert!(
            matches!(&p.sections[1].blocks[0].kind, BlockKind::Include { name, .. } if name == "beta-disclaimer")
        );
        assert!(
            matches!(&p.sections[1].blocks[1].kind, BlockKind::Paragraph(i) if i.text == "text")
        );
    }

    #[test]
    fn includes_above_a_tab_group_end_are_not_a_heading() {
        let text = "## Examples\n\n# [Python](#tab/python)\n[!INCLUDE [sample-code](a.md)]\n[!INCLUDE [sdk](b.md)]\n---\n\n### Response\n\ntext\n";
        let mut d = Diagnostics::default();
        let p = read("x.md", text, &mut d);
        let headings: Vec<&str> = p.sections.iter().map(|s| s.heading.as_str()).collect();
        assert_eq!(headings, ["", "Examples", "Response"]);
        let lines: Vec<u32> = p.sections[1].blocks.iter().map(|b| b.line).collect();
        assert_eq!(lines, [4, 5]);
        assert!(p.sections[1]
            .blocks
            .iter()
            .all(|b| matches!(&b.kind, BlockKind::Include { .. })));
        // A real setext heading stays one.
        let p = read("x.md", "Title\n=====\n\ntext\n", &mut d);
        assert_eq!(p.sections[1].heading, "Title");
    }

    #[test]
    fn reference_style_links_resolve_in_cells() {
        let text = "## P\n\n|Property|Type|Description|\n|-|-|-|\n|createdBy|[identitySet][]|Who.|\n|perms|[Permission][permission] collection|P.|\n\n[identitySet]: identityset.md\n[permission]: ../resources/permission.md \"title\"\n";
        let mut d = Diagnostics::default();
        let p = read("x.md", text, &mut d);
        let t = p.sections[1].tables().next().expect("table");
        assert_eq!(t.rows[0].cells[1].links[0].target, "identityset.md");
        assert_eq!(t.rows[0].cells[1].text, "identitySet");
        assert_eq!(
            t.rows[1].cells[1].links[0].target,
            "../resources/permission.md"
        );
        assert_eq!(t.rows[1].cells[1].text, "Permission collection");
    }

    #[test]
    fn table_without_blank_line_before_it() {
        let text = "## P\nSome text:\n|a|b|\n|-|-|\n|1|2|\n";
        let mut d = Diagnostics::default();
        let p = read("x.md", text, &mut d);
        let t = p.sections[1].tables().next().expect("table");
        assert_eq!(t.rows[0].cells[1].text, "2");
        assert_eq!(t.rows[0].line, 5);
    }
}
