//! Stage 1, **read**: a docs file becomes a [`Page`]: front matter, title, sections by heading,
//! paragraphs, tables (cells keep their text and link targets), fenced code blocks with the
//! annotation comment before them, and `[!INCLUDE]` lines, each with its line number.
//!
//! The markdown front end lives in [`markdown`]. Nothing after this stage looks at markdown.

pub(crate) mod include;
pub(crate) mod markdown;
pub(crate) mod text;

use crate::diag::Diagnostics;
use std::collections::BTreeMap;
use std::sync::Arc;

/// A link: its text and its target as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Link {
    pub text: String,
    pub target: String,
}

/// Inline content: the plain text (markup removed, code spans keep their content), the links in
/// it, and the code spans on their own.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Inline {
    pub text: String,
    pub links: Vec<Link>,
    pub code: Vec<String>,
}

/// A table row with the line it stands on.
#[derive(Debug, Clone)]
pub(crate) struct Row {
    pub line: u32,
    pub cells: Vec<Inline>,
    /// The first cell's text is all in bold (`**x**`).
    pub bold_first: bool,
}

impl Row {
    /// A row that only titles the rows after it (`|**App role assignments**|||`): one non-empty
    /// cell, in bold, first.
    pub fn is_section_row(&self) -> bool {
        self.bold_first && self.cells.iter().skip(1).all(|c| c.text.trim().is_empty())
    }
}

/// A table: a header row and body rows. Rows are kept as written (ragged rows stay ragged,
/// and are reported by the reader).
#[derive(Debug, Clone)]
pub(crate) struct Table {
    pub line: u32,
    pub header: Vec<String>,
    pub rows: Vec<Row>,
}

impl Table {
    /// Index of the first header cell whose lower-cased text satisfies `pred`.
    pub fn column(&self, pred: impl Fn(&str) -> bool) -> Option<usize> {
        self.header
            .iter()
            .position(|h| pred(&h.trim().to_ascii_lowercase()))
    }
}

/// A fenced (or rendered) code block, with the annotation comment that precedes it.
#[derive(Debug, Clone)]
pub(crate) struct CodeBlock {
    /// The info string (`json`, `http`, `msgraph-interactive`, …), lower-cased.
    pub info: String,
    /// The block's content.
    pub text: String,
    /// Line of the first content line.
    pub content_line: u32,
    /// The raw text of the HTML comment right before the block, and its line.
    pub annotation: Option<(String, u32)>,
}

/// One block of a section.
#[derive(Debug, Clone)]
pub(crate) enum BlockKind {
    Paragraph(Inline),
    Table(Table),
    Code(CodeBlock),
    /// `[!INCLUDE [name](target)]`, and what became of it (see [`include`]).
    Include {
        name: String,
        target: String,
        status: IncludeStatus,
    },
}

/// What the reader did with an `[!INCLUDE]` line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum IncludeStatus {
    /// Not needed for the SDK (a note, a code snippet): never read.
    Skipped,
    /// Read: its blocks follow the include line, marked with their [`Origin`].
    Read,
    /// Needed but could not be read (missing, outside the docs folder, a cycle, too deep):
    /// already reported at the include line.
    Failed,
}

/// Where a block that came from an include file stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Origin {
    /// The include file, relative to the docs root, `/`-separated.
    pub file: String,
    /// The line of the `[!INCLUDE]` in the page that (directly or through other includes)
    /// brought it.
    pub page_line: u32,
}

#[derive(Debug, Clone)]
pub(crate) struct Block {
    /// The block's line: in the page, or in [`Block::origin`]'s file when it was included.
    pub line: u32,
    pub kind: BlockKind,
    /// Set when the block was read from an include file.
    pub origin: Option<Arc<Origin>>,
}

impl Block {
    /// A block of the page itself.
    pub fn new(line: u32, kind: BlockKind) -> Block {
        Block {
            line,
            kind,
            origin: None,
        }
    }
}

/// A heading and the blocks under it, up to the next heading of any level.
#[derive(Debug, Clone)]
pub(crate) struct Section {
    /// Heading text (empty for the blocks before the first heading).
    pub heading: String,
    /// The heading lower-cased and trimmed, for matching (computed once).
    key: String,
    /// Heading level, 0 for the preamble.
    pub level: u8,
    pub line: u32,
    pub blocks: Vec<Block>,
}

impl Section {
    /// The heading, lower-cased and trimmed, for matching.
    pub fn key(&self) -> &str {
        &self.key
    }

    /// A section with its heading, level and line.
    pub fn new(heading: String, level: u8, line: u32) -> Section {
        let key = heading.trim().to_ascii_lowercase();
        Section {
            heading,
            key,
            level,
            line,
            blocks: Vec::new(),
        }
    }

    pub fn tables(&self) -> impl Iterator<Item = &Table> {
        self.tables_with_origin().map(|(t, _)| t)
    }

    /// The tables with the include file each came from (`None`: the page itself).
    pub fn tables_with_origin(&self) -> impl Iterator<Item = (&Table, Option<&Origin>)> {
        self.blocks.iter().filter_map(|b| match &b.kind {
            BlockKind::Table(t) => Some((t, b.origin.as_deref())),
            _ => None,
        })
    }

    pub fn paragraphs(&self) -> impl Iterator<Item = (u32, &Inline)> {
        self.blocks.iter().filter_map(|b| match &b.kind {
            BlockKind::Paragraph(p) => Some((b.line, p)),
            _ => None,
        })
    }

    pub fn code_blocks(&self) -> impl Iterator<Item = &CodeBlock> {
        self.blocks.iter().filter_map(|b| match &b.kind {
            BlockKind::Code(c) => Some(c),
            _ => None,
        })
    }
}

/// Which front end produced a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    Markdown,
    /// Text copied from a rendered docs web page.
    Rendered,
}

/// A docs page as structure: what every front end produces and every extractor consumes.
#[derive(Debug, Clone)]
pub(crate) struct Page {
    /// Path relative to the docs root, with `/` separators; used in diagnostics and `source`.
    pub path: String,
    #[allow(dead_code)] // which front end read the page: checked by the reader tests
    pub format: Format,
    pub front_matter: BTreeMap<String, String>,
    /// The first level-1 heading (for rendered pages, the line before `Namespace:`) and its line.
    pub title: Option<(String, u32)>,
    pub sections: Vec<Section>,
}

impl Page {
    /// The product area from the front matter: `ms.subservice`, else `ms.prod` (older pages),
    /// lower-cased.
    pub fn area(&self) -> Option<String> {
        ["ms.subservice", "ms.prod"]
            .iter()
            .filter_map(|k| self.front_matter.get(*k))
            .map(|v| v.trim().to_ascii_lowercase())
            .find(|v| !v.is_empty())
    }

    /// The file name (last path component).
    pub fn file_name(&self) -> &str {
        self.path.rsplit('/').next().unwrap_or(&self.path)
    }

    /// All blocks in document order.
    pub fn blocks(&self) -> impl Iterator<Item = &Block> {
        self.sections.iter().flat_map(|s| s.blocks.iter())
    }

    /// The first section whose heading satisfies `pred` (given the lower-cased heading).
    pub fn section(&self, pred: impl Fn(&str) -> bool) -> Option<&Section> {
        self.sections.iter().find(|s| s.level > 0 && pred(s.key()))
    }

    /// The first section whose heading satisfies `pred`, followed by its sub-sections (the
    /// sections after it with deeper headings).
    pub fn section_tree(&self, pred: impl Fn(&str) -> bool) -> Vec<&Section> {
        let Some(i) = self
            .sections
            .iter()
            .position(|s| s.level > 0 && pred(s.key()))
        else {
            return Vec::new();
        };
        let level = self.sections[i].level;
        let mut out = vec![&self.sections[i]];
        out.extend(
            self.sections[i + 1..]
                .iter()
                .take_while(|s| s.level > level),
        );
        out
    }

    /// The `Namespace: x` line, if any, with its line number.
    pub fn namespace(&self) -> Option<(String, u32)> {
        self.blocks().find_map(|b| match &b.kind {
            BlockKind::Paragraph(p) => {
                let t = p.text.trim();
                let rest = t.strip_prefix("Namespace:")?;
                let ns = rest.split_whitespace().next()?.trim_end_matches('.');
                Some((ns.to_owned(), b.line))
            }
            _ => None,
        })
    }
}

/// Adds a block to the last section (every reader starts with the preamble section, so there
/// is one).
pub(crate) fn push_block(sections: &mut [Section], line: u32, kind: BlockKind) {
    if let Some(s) = sections.last_mut() {
        s.blocks.push(Block::new(line, kind));
    }
}

/// Reads one page's text. Dispatches on content to the right front end: rendered text copied
/// from the website, or markdown.
pub(crate) fn read_page(path: &str, text: &str, diags: &mut Diagnostics) -> Page {
    if text::looks_rendered(text) {
        text::read(path, text, diags)
    } else {
        markdown::read(path, text, diags)
    }
}
