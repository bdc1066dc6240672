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
    #[error("cannot read {path}: {source}")]
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

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), SourceError> {
    let rd = std::fs::read_dir(dir).map_err(|source| SourceError::Io {
        path: dir.to_owned(),
        source,
    })?;
    // The entry's own file type (from the directory listing) avoids a `stat` per file; a
    // symbolic link is followed to see what it points to.
    let mut entries: Vec<(PathBuf, bool)> = rd
        .filter_map(|e| e.ok())
        .map(|e| {
            let p = e.path();
            let is_dir = match e.file_type() {
                Ok(t) if t.is_symlink() => p.is_dir(),
                Ok(t) => t.is_dir(),
                Err(_) => p.is_dir(),
            };
            (p, is_dir)
        })
        .collect();
    entries.sort();
    for (p, is_dir) in entries {
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if is_dir {
            if !skipped_dir(name) {
                walk(&p, out)?;
            }
        } else if is_page(&p) {
            out.push(p);
        }
    }
    Ok(())
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

/// Lists the pages under `input` (a folder or a single file), sorted by path.
pub fn discover(input: &Path) -> Result<Vec<SourceFile>, SourceError> {
    let meta = std::fs::metadata(input).map_err(|source| SourceError::Io {
        path: input.to_owned(),
        source,
    })?;
    if meta.is_file() {
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
        return Ok(vec![SourceFile {
            version: version_of(&abs),
            display,
            path: input.to_owned(),
        }]);
    }
    // In a docs checkout only `api-reference/` holds reference pages; in a version folder only
    // `resources/` and `api/` do. Any other folder is searched whole.
    let mut files = Vec::new();
    let reference = input.join("api-reference");
    let version_dirs: Vec<PathBuf> = ["resources", "api"]
        .iter()
        .map(|d| input.join(d))
        .filter(|d| d.is_dir())
        .collect();
    if reference.is_dir() {
        walk(&reference, &mut files)?;
    } else if !version_dirs.is_empty() {
        for d in &version_dirs {
            walk(d, &mut files)?;
        }
    } else {
        walk(input, &mut files)?;
    }
    let abs_root = std::fs::canonicalize(input).unwrap_or_else(|_| input.to_owned());
    let mut out: Vec<SourceFile> = files
        .into_iter()
        .map(|p| {
            let rel = p.strip_prefix(input).unwrap_or(&p);
            let display = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            let version = version_of(&abs_root.join(rel));
            SourceFile {
                version,
                display,
                path: p,
            }
        })
        .collect();
    out.sort();
    Ok(out)
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
