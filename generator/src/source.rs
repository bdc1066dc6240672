//! Finding the pages: a docs repository checkout (`api-reference/<version>/…`), one version's
//! folder (`resources/` and `api/` inside), or a single page file.

use std::path::{Path, PathBuf};

/// One page file to read.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct SourceFile {
    /// API version (`v1.0`, `beta`) when a folder names it; otherwise it is taken from the page.
    pub version: Option<String>,
    /// Path shown in diagnostics and `source` fields: relative to the input, `/`-separated.
    pub display: String,
    /// Where to read it.
    pub path: PathBuf,
}

/// Errors finding the input.
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    /// The input does not exist or cannot be listed.
    #[error("cannot read {path}")]
    Io {
        /// The path.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
}

fn is_version(name: &str) -> bool {
    name == "beta" || name.starts_with('v') && name[1..].starts_with(|c: char| c.is_ascii_digit())
}

/// Markdown pages, and text copied from rendered pages (which reader applies is decided by
/// content, not by the extension).
fn is_page(p: &Path) -> bool {
    matches!(p.extension().and_then(|e| e.to_str()), Some("md" | "txt"))
}

/// Folders that hold no reference pages (snippets, includes, conceptual docs).
fn skipped_dir(name: &str) -> bool {
    matches!(
        name,
        "includes" | "concepts" | "images" | "snippets" | ".git" | "target" | "node_modules"
    )
}

/// Pages larger than this are not read (none of the docs' comes near it: the largest real page
/// is about 1 MB).
pub const MAX_PAGE_BYTES: u64 = 16 * 1024 * 1024;

/// Something discovery passed over, with why (a warning at the file, line 1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// The path, shown relative to the input.
    pub display: String,
    /// Why.
    pub why: String,
}

/// The walk's state: folders already read (canonical), pages already found (canonical), and
/// what was passed over.
#[derive(Default)]
struct Walk {
    dirs: std::collections::HashSet<PathBuf>,
    files: std::collections::HashSet<PathBuf>,
    out: Vec<PathBuf>,
    skipped: Vec<(PathBuf, String)>,
}

impl Walk {
    /// Reads `dir` (canonical `real`) unless it was read already: a folder reached again through
    /// a symbolic link is read once, so links that loop cannot make the walk endless.
    fn dir(&mut self, dir: &Path, real: PathBuf) -> Result<(), SourceError> {
        if !self.dirs.insert(real.clone()) {
            self.skipped.push((
                dir.to_owned(),
                "a symbolic link to a folder that is read already; not read again".to_owned(),
            ));
            return Ok(());
        }
        let rd = std::fs::read_dir(dir).map_err(|source| SourceError::Io {
            path: dir.to_owned(),
            source,
        })?;
        let mut entries: Vec<(PathBuf, std::fs::FileType)> = rd
            .filter_map(|e| e.ok())
            .filter_map(|e| Some((e.path(), e.file_type().ok()?)))
            .collect();
        // Plain entries before links, so that of a page and a link to it the page's own path is
        // the one read; the pages are sorted again after the walk.
        entries.sort_by(|a, b| (a.1.is_symlink(), &a.0).cmp(&(b.1.is_symlink(), &b.0)));
        for (p, t) in entries {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            // A symbolic link is judged by what it points to (one `stat`, only for links).
            let (is_dir, is_file) = if t.is_symlink() {
                match std::fs::metadata(&p) {
                    Ok(m) => (m.is_dir(), m.is_file()),
                    Err(_) => (false, false),
                }
            } else {
                (t.is_dir(), t.is_file())
            };
            if is_dir {
                if !skipped_dir(name) {
                    let real = std::fs::canonicalize(&p).unwrap_or_else(|_| p.clone());
                    self.dir(&p, real)?;
                }
            } else if is_page(&p) {
                if !is_file {
                    self.skipped.push((
                        p.clone(),
                        "not a regular file (a FIFO, a device or a broken link); not read"
                            .to_owned(),
                    ));
                    continue;
                }
                // Compared by canonical path: a plain file's is its folder's plus its name.
                let real = if t.is_symlink() {
                    std::fs::canonicalize(&p).unwrap_or_else(|_| p.clone())
                } else {
                    real.join(p.file_name().unwrap_or_default())
                };
                if self.files.insert(real) {
                    self.out.push(p);
                } else {
                    self.skipped.push((
                        p.clone(),
                        "the same page as another path (a symbolic link); read once".to_owned(),
                    ));
                }
            }
        }
        Ok(())
    }
}

/// The version named by the nearest folder called like one (`v1.0`, `beta`).
pub fn version_of(path: &Path) -> Option<String> {
    path.ancestors()
        .skip(1)
        .filter_map(|a| a.file_name().and_then(|n| n.to_str()))
        .find(|n| is_version(n))
        .map(str::to_owned)
}

/// The version a page's request URLs use (`graph.microsoft.com/beta/`), or `beta` when the page
/// includes the beta disclaimer; else `v1.0`.
pub fn sniff_version(text: &str) -> String {
    if text.contains("[!INCLUDE [beta-disclaimer]") {
        return "beta".to_owned();
    }
    let beta = text.find("graph.microsoft.com/beta/");
    let v1 = text.find("graph.microsoft.com/v1.0/");
    match (beta, v1) {
        (Some(b), Some(v)) if b < v => "beta".to_owned(),
        (Some(_), None) => "beta".to_owned(),
        _ => "v1.0".to_owned(),
    }
}

/// The docs root includes may be read from: the input folder itself, or, for a single page, the
/// docs checkout it sits in (the folder above `api-reference`), else its version folder, else
/// its own folder.
pub fn docs_root(input: &Path) -> PathBuf {
    if input.is_dir() {
        return input.to_owned();
    }
    let abs = std::fs::canonicalize(input).unwrap_or_else(|_| input.to_owned());
    let named = |n: &str| {
        abs.ancestors()
            .skip(1)
            .find(|a| a.file_name().is_some_and(|f| f == n))
    };
    if let Some(reference) = named("api-reference") {
        if let Some(p) = reference.parent() {
            return p.to_owned();
        }
    }
    if let Some(v) = abs.ancestors().skip(1).find(|a| {
        a.file_name()
            .and_then(|n| n.to_str())
            .is_some_and(is_version)
    }) {
        return v.to_owned();
    }
    abs.parent()
        .map_or_else(|| PathBuf::from("."), Path::to_owned)
}

/// The pages under `input` (a folder or a single file), sorted by path, and what discovery
/// passed over.
#[derive(Debug, Default)]
pub struct Discovered {
    /// The pages.
    pub files: Vec<SourceFile>,
    /// Paths passed over, with why.
    pub skipped: Vec<Skipped>,
}

/// Lists the pages under `input` (a folder or a single file), sorted by path. Only regular files
/// are pages; a folder reached twice (symbolic links) is read once.
pub fn discover(input: &Path) -> Result<Discovered, SourceError> {
    let meta = std::fs::metadata(input).map_err(|source| SourceError::Io {
        path: input.to_owned(),
        source,
    })?;
    if !meta.is_dir() {
        let abs = std::fs::canonicalize(input).unwrap_or_else(|_| input.to_owned());
        // Shown relative to the docs root when the file sits in an upstream layout.
        let comps: Vec<String> = abs
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        let display = match comps.iter().rposition(|c| c == "api-reference") {
            Some(i) => comps[i..].join("/"),
            None => input.to_string_lossy().replace('\\', "/"),
        };
        if !meta.is_file() {
            return Ok(Discovered {
                files: Vec::new(),
                skipped: vec![Skipped {
                    display,
                    why: "not a regular file (a FIFO or a device); not read".to_owned(),
                }],
            });
        }
        return Ok(Discovered {
            files: vec![SourceFile {
                version: version_of(&abs),
                display,
                path: input.to_owned(),
            }],
            skipped: Vec::new(),
        });
    }
    // In a docs checkout only `api-reference/` holds reference pages; in a version folder only
    // `resources/` and `api/` do. Any other folder is searched whole.
    let mut walk = Walk::default();
    let reference = input.join("api-reference");
    let version_dirs: Vec<PathBuf> = ["resources", "api"]
        .iter()
        .map(|d| input.join(d))
        .filter(|d| d.is_dir())
        .collect();
    let real = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_owned());
    if reference.is_dir() {
        walk.dir(&reference, real(&reference))?;
    } else if !version_dirs.is_empty() {
        for d in &version_dirs {
            walk.dir(d, real(d))?;
        }
    } else {
        walk.dir(input, real(input))?;
    }
    let abs_root = real(input);
    let shown = |p: &Path| {
        let rel = p.strip_prefix(input).unwrap_or(p);
        rel.components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/")
    };
    let mut files: Vec<SourceFile> = walk
        .out
        .into_iter()
        .map(|p| {
            let rel = p.strip_prefix(input).unwrap_or(&p).to_owned();
            SourceFile {
                version: version_of(&abs_root.join(rel)),
                display: shown(&p),
                path: p,
            }
        })
        .collect();
    files.sort();
    let skipped = walk
        .skipped
        .iter()
        .map(|(p, why)| Skipped {
            display: shown(p),
            why: why.clone(),
        })
        .collect();
    Ok(Discovered { files, skipped })
}

/// Reads a page: only a regular file, at most [`MAX_PAGE_BYTES`]; invalid UTF-8 is replaced
/// (and said). `Err` says why the page could not be read.
pub fn read_page_text(path: &Path) -> Result<(String, bool), String> {
    use std::io::Read;
    // Checked before opening: opening a FIFO would block until someone writes to it.
    let meta = std::fs::metadata(path).map_err(|e| format!("cannot read: {e}"))?;
    if !meta.is_file() {
        return Err("not a regular file (a FIFO or a device); not read".to_owned());
    }
    if meta.len() > MAX_PAGE_BYTES {
        return Err(format!(
            "{} bytes, more than the {MAX_PAGE_BYTES} a page may have; not read",
            meta.len()
        ));
    }
    let f = std::fs::File::open(path).map_err(|e| format!("cannot read: {e}"))?;
    let mut bytes = Vec::new();
    f.take(MAX_PAGE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read: {e}"))?;
    if bytes.len() as u64 > MAX_PAGE_BYTES {
        return Err(format!(
            "more than the {MAX_PAGE_BYTES} bytes a page may have; not read"
        ));
    }
    Ok(match String::from_utf8(bytes) {
        Ok(t) => (t, true),
        Err(e) => (String::from_utf8_lossy(e.as_bytes()).into_owned(), false),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions() {
        assert_eq!(
            version_of(Path::new("/x/api-reference/beta/resources/a.md")).as_deref(),
            Some("beta")
        );
        assert_eq!(
            version_of(Path::new("/x/v1.0/api/a.md")).as_deref(),
            Some("v1.0")
        );
        assert_eq!(version_of(Path::new("/x/docs/a.md")), None);
        assert_eq!(
            sniff_version("GET https://graph.microsoft.com/beta/me"),
            "beta"
        );
        assert_eq!(
            sniff_version("GET https://graph.microsoft.com/v1.0/me"),
            "v1.0"
        );
        assert_eq!(
            sniff_version("[!INCLUDE [beta-disclaimer](../../includes/beta-disclaimer.md)]"),
            "beta"
        );
        assert_eq!(sniff_version("nothing"), "v1.0");
    }
}
