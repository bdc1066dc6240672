//! `[!INCLUDE [name](target)]` lines: which ones are read, and reading them.
//!
//! The docs include shared material into pages: permission tables (today's method pages keep
//! theirs in `includes/permissions/<name>-permissions.md`), notes (national clouds, RBAC roles,
//! the beta disclaimer, "limited information"), and code snippets in other languages. Only what
//! the SDK needs is read: **permission tables** (an include named `permissions-table`, or any
//! target in an `includes/permissions/` folder), and the includes such a file includes in turn.
//! Everything else is left alone without a word.
//!
//! A target is resolved relative to the file that names it and must stay inside the docs root
//! (the folder given on the command line); a target that leaves it is reported and never read.
//! Each include file is read once however many pages name it (a cache shared by the reading
//! threads); nesting is bounded by [`MAX_DEPTH`] and cycles are reported. A missing file is one
//! `include` warning at the `[!INCLUDE]` line, naming the path looked for. The blocks of an
//! included file are spliced into the page right after the include line, each marked with its
//! [`Origin`] (the include file, and the page line that brought it), so the facts made from them
//! can point at both.

use super::{markdown, Block, BlockKind, IncludeStatus, Origin, Page};
use crate::diag::{DiagKind, Diagnostics};
use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

/// How deep includes may nest: a page's include is depth 1, what that file includes depth 2, …
pub(crate) const MAX_DEPTH: usize = 4;

/// Include files larger than this are not read (the limit of pages).
pub(crate) const MAX_BYTES: u64 = crate::source::MAX_PAGE_BYTES;

/// Whether the SDK needs what an include holds, judged from its name and target alone.
pub(crate) fn needed(name: &str, target: &str) -> bool {
    let t = target.replace('\\', "/").to_ascii_lowercase();
    if t.contains("/snippets/") {
        return false;
    }
    name.trim().eq_ignore_ascii_case("permissions-table")
        || t.contains("includes/permissions/")
        || t.starts_with("permissions/")
}

/// An include file, read and parsed once.
#[derive(Debug)]
struct Loaded {
    /// Relative to the docs root.
    display: String,
    /// Every block of the file, in order (headings inside an include are not sections).
    blocks: Vec<Block>,
}

type Slot = Arc<OnceLock<Result<Arc<Loaded>, String>>>;

/// Reads include files for the pages of one docs root; shared by the reading threads.
#[derive(Debug)]
pub(crate) struct Includes {
    /// The docs root, canonical.
    root: PathBuf,
    files: Mutex<HashMap<PathBuf, Slot>>,
}

/// Why a target could not be read.
enum NotRead {
    /// It leaves the docs root (or is absolute).
    Outside,
    /// Nothing there; the path looked for, relative to the root.
    Missing(String),
    /// Not a regular file (a folder, a FIFO, a device).
    NotAFile(String),
    /// Larger than [`MAX_BYTES`].
    TooLarge(String, u64),
    /// The file system refused.
    Io(String, String),
}

/// Where an include line stands and what chain of files led to it.
struct Site<'a> {
    /// The file the include line is in (relative to the root) and its line.
    file: &'a str,
    line: u32,
    /// That file's folder (canonical).
    dir: &'a Path,
    /// The page's include line that started the chain.
    page_line: u32,
    /// The files being included so far, the page first (canonical).
    chain: &'a [PathBuf],
}

impl Includes {
    /// Includes under `root` (the docs folder given on the command line).
    pub(crate) fn new(root: &Path) -> Includes {
        Includes {
            root: std::fs::canonicalize(root).unwrap_or_else(|_| root.to_owned()),
            files: Mutex::new(HashMap::new()),
        }
    }

    /// Reads the includes `page` needs and splices their blocks in after each include line.
    /// `file` is where the page was read from.
    pub(crate) fn expand(&self, page: &mut Page, file: &Path, diags: &mut Diagnostics) {
        let wanted = |b: &Block| matches!(&b.kind, BlockKind::Include { name, target, .. } if needed(name, target));
        if !page.sections.iter().any(|s| s.blocks.iter().any(wanted)) {
            return;
        }
        let page_file = std::fs::canonicalize(file).unwrap_or_else(|_| file.to_owned());
        let dir = page_file.parent().unwrap_or(&self.root).to_owned();
        let chain = [page_file];
        for sec in &mut page.sections {
            if !sec.blocks.iter().any(wanted) {
                continue;
            }
            let mut blocks = Vec::with_capacity(sec.blocks.len());
            for mut b in std::mem::take(&mut sec.blocks) {
                let at = Site {
                    file: &page.path,
                    line: b.line,
                    dir: &dir,
                    page_line: b.line,
                    chain: &chain,
                };
                let spliced = self.follow(&mut b, &at, 1, diags);
                blocks.push(b);
                blocks.extend(spliced);
            }
            sec.blocks = blocks;
        }
    }

    /// When `b` is an include the SDK needs, reads it (at `depth`) and returns its blocks, setting
    /// its status; otherwise returns nothing.
    fn follow(
        &self,
        b: &mut Block,
        site: &Site<'_>,
        depth: usize,
        diags: &mut Diagnostics,
    ) -> Vec<Block> {
        let mut out = Vec::new();
        if let BlockKind::Include {
            name,
            target,
            status,
        } = &mut b.kind
        {
            if needed(name, target) {
                *status = match self.include(target, site, depth, &mut out, diags) {
                    true => IncludeStatus::Read,
                    false => IncludeStatus::Failed,
                };
            }
        }
        out
    }

    /// Reads `target` named at `site` and appends its blocks (and those of the includes it
    /// needs) to `out`. False, with a warning at the site, when it cannot be read.
    fn include(
        &self,
        target: &str,
        site: &Site<'_>,
        depth: usize,
        out: &mut Vec<Block>,
        diags: &mut Diagnostics,
    ) -> bool {
        let warn = |diags: &mut Diagnostics, msg: String| {
            diags.warn(site.file, site.line, DiagKind::Include, msg)
        };
        if depth > MAX_DEPTH {
            warn(
                diags,
                format!("includes nest more than {MAX_DEPTH} deep; `{target}` is not read"),
            );
            return false;
        }
        let path = match self.locate(site.dir, target) {
            Ok(p) => p,
            Err(why) => {
                let msg = match why {
                    NotRead::Outside => format!(
                        "the include `{target}` points outside the docs folder; it is not read"
                    ),
                    NotRead::Missing(looked) => format!(
                        "the include `{target}` was looked for at `{looked}`, which does not exist"
                    ),
                    NotRead::NotAFile(p) => {
                        format!("the include `{target}` (`{p}`) is not a regular file; not read")
                    }
                    NotRead::TooLarge(p, n) => format!(
                        "the include `{target}` (`{p}`) has {n} bytes, more than the {MAX_BYTES} \
                         read; not read"
                    ),
                    NotRead::Io(p, e) => format!("cannot read the include `{target}` (`{p}`): {e}"),
                };
                warn(diags, msg);
                return false;
            }
        };
        if let Some(i) = site.chain.iter().position(|c| *c == path) {
            let names: Vec<String> = site.chain[i..]
                .iter()
                .chain(std::iter::once(&path))
                .map(|p| self.display(p))
                .collect();
            warn(
                diags,
                format!(
                    "include cycle: {}; `{target}` is not read again",
                    names.join(" → ")
                ),
            );
            return false;
        }
        let loaded = match self.load(&path, diags) {
            Ok(l) => l,
            Err(e) => {
                warn(diags, format!("cannot read the include `{target}`: {e}"));
                return false;
            }
        };
        let origin = Arc::new(Origin {
            file: loaded.display.clone(),
            page_line: site.page_line,
        });
        let dir = path.parent().unwrap_or(&self.root).to_owned();
        let mut chain = site.chain.to_vec();
        chain.push(path.clone());
        for b in &loaded.blocks {
            let mut b = b.clone();
            b.origin = Some(origin.clone());
            let at = Site {
                file: &loaded.display,
                line: b.line,
                dir: &dir,
                page_line: site.page_line,
                chain: &chain,
            };
            let nested = self.follow(&mut b, &at, depth + 1, diags);
            out.push(b);
            out.extend(nested);
        }
        true
    }

    /// `path` relative to the root, `/`-separated.
    fn display(&self, path: &Path) -> String {
        let rel = path.strip_prefix(&self.root).unwrap_or(path);
        rel.components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/")
    }

    /// The canonical file `target` names from `dir`, inside the root.
    fn locate(&self, dir: &Path, target: &str) -> Result<PathBuf, NotRead> {
        let t = target.trim();
        let t = t.split(['#', '?']).next().unwrap_or(t).replace('\\', "/");
        if t.is_empty() || t.starts_with('/') || t.contains("://") || Path::new(&t).is_absolute() {
            return Err(NotRead::Outside);
        }
        // Lexically first: a target that climbs out of the root is never touched.
        let mut joined = dir.to_owned();
        for c in Path::new(&t).components() {
            match c {
                Component::Normal(n) => joined.push(n),
                Component::ParentDir => {
                    if !joined.pop() {
                        return Err(NotRead::Outside);
                    }
                }
                Component::CurDir => {}
                Component::RootDir | Component::Prefix(_) => return Err(NotRead::Outside),
            }
        }
        if !joined.starts_with(&self.root) {
            return Err(NotRead::Outside);
        }
        let shown = self.display(&joined);
        let real = match std::fs::canonicalize(&joined) {
            Ok(p) => p,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(NotRead::Missing(shown))
            }
            Err(e) => return Err(NotRead::Io(shown, e.to_string())),
        };
        // A symbolic link may still lead out.
        if !real.starts_with(&self.root) {
            return Err(NotRead::Outside);
        }
        let meta =
            std::fs::metadata(&real).map_err(|e| NotRead::Io(shown.clone(), e.to_string()))?;
        if !meta.is_file() {
            return Err(NotRead::NotAFile(shown));
        }
        if meta.len() > MAX_BYTES {
            return Err(NotRead::TooLarge(shown, meta.len()));
        }
        Ok(real)
    }

    /// The parsed file at canonical `path`, read the first time it is asked for.
    fn load(&self, path: &Path, diags: &mut Diagnostics) -> Result<Arc<Loaded>, String> {
        let slot: Slot = {
            let mut files = self.files.lock().unwrap_or_else(|e| e.into_inner());
            files.entry(path.to_owned()).or_default().clone()
        };
        slot.get_or_init(|| {
            let display = self.display(path);
            let (text, utf8) = crate::source::read_page_text(path)?;
            if !utf8 {
                diags.warn(
                    &display,
                    1,
                    DiagKind::Io,
                    "file is not valid UTF-8; read with replacement characters",
                );
            }
            let page = markdown::read(&display, &text, diags);
            let blocks = page.sections.into_iter().flat_map(|s| s.blocks).collect();
            Ok(Arc::new(Loaded { display, blocks }))
        })
        .clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_is_read() {
        assert!(needed(
            "permissions-table",
            "../includes/permissions/user-get-permissions.md"
        ));
        assert!(needed("x", "../includes/permissions/x.md"));
        assert!(!needed(
            "national-cloud-support",
            "../../includes/all-clouds.md"
        ));
        assert!(!needed(
            "rbac-group",
            "../includes/rbac-for-apis/rbac-group.md"
        ));
        assert!(!needed(
            "sample-code",
            "../includes/snippets/csharp/get-user-csharp-snippets.md"
        ));
        assert!(!needed(
            "beta-disclaimer",
            "../../includes/beta-disclaimer.md"
        ));
    }
}
