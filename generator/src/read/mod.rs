//! Stage 1, **read**: a docs file becomes a [`Page`]: front matter, title, sections by heading,
//! paragraphs, tables (cells keep their text and link targets), fenced code blocks with the
//! annotation comment before them, and `[!INCLUDE]` lines, each with its line number.
//!
//! The markdown front end lives in [`markdown`]. Nothing after this stage looks at markdown.

pub(crate) mod markdown;
pub(crate) mod text;

use crate::diag::Diagnostics;
use std::collections::BTreeMap;

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
    /// `[!INCLUDE [name](target)]`
    Include {
        #[allow(dead_code)] // part of the page structure; extraction only needs the target
        name: String,
        target: String,
    },
}

#[derive(Debug, Clone)]
pub(crate) struct Block {
    pub line: u32,
    pub kind: BlockKind,
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
        self.blocks.iter().filter_map(|b| match &b.kind {
            BlockKind::Table(t) => Some(t),
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

/// Reads one page's text. Dispatches on content to the right front end: rendered text copied
/// from the website, or markdown.
pub(crate) fn read_page(path: &str, text: &str, diags: &mut Diagnostics) -> Page {
    if text::looks_rendered(text) {
        text::read(path, text, diags)
    } else {
        markdown::read(path, text, diags)
    }
}
