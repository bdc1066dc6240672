//! Which metadata types the docs have a resource page for.
//!
//! A type has a page when a resource file plausibly is its page, by name: `<name>.md` or
//! `<last namespace segment>-<name>.md` (lower-cased: `user.md`, `callrecords-session.md`), or
//! when the model has a page type of that qualified name. The files are those of the docs folder's
//! resources folder when the input is a folder, else only the files that model page types came
//! from (a saved model does not list the pages that yielded no type).

use super::CompareError;
use crate::model::{Model, Origin};
use std::collections::HashMap;
use std::path::Path;

/// Where the candidate page files were looked for.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct PageIndex {
    /// Lower-cased file name → the file as shown in reports (relative to the input).
    files: HashMap<String, String>,
    /// How the file list was made, for the report.
    pub rule: String,
}

/// The file part of a `file:line` source.
pub(crate) fn source_file(source: &str) -> &str {
    match source.rsplit_once(':') {
        Some((file, line)) if !line.is_empty() && line.bytes().all(|b| b.is_ascii_digit()) => file,
        _ => source,
    }
}

fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

impl PageIndex {
    /// The `.md` files of the docs folder `root`'s resources folder (`api-reference/<version>/
    /// resources`, `<version>/resources`, `resources`, or `root` itself).
    pub(crate) fn from_folder(root: &Path, version: &str) -> Result<PageIndex, CompareError> {
        let candidates = [
            format!("api-reference/{version}/resources"),
            format!("{version}/resources"),
            "resources".to_owned(),
        ];
        let rel = candidates
            .iter()
            .find(|r| root.join(r.as_str()).is_dir())
            .cloned()
            .unwrap_or_default();
        let dir = if rel.is_empty() {
            root.to_owned()
        } else {
            root.join(&rel)
        };
        let rd = std::fs::read_dir(&dir).map_err(|source| CompareError::Io {
            path: dir.clone(),
            source,
        })?;
        let mut files = HashMap::new();
        for e in rd.flatten() {
            let p = e.path();
            if !p.is_file() || p.extension().and_then(|x| x.to_str()) != Some("md") {
                continue;
            }
            let Some(name) = p.file_name().and_then(|n| n.to_str()) else {
                continue;
            };
            let shown = if rel.is_empty() {
                name.to_owned()
            } else {
                format!("{rel}/{name}")
            };
            files.insert(name.to_lowercase(), shown);
        }
        let shown_dir = if rel.is_empty() { ".".to_owned() } else { rel };
        Ok(PageIndex {
            rule: format!(
                "docs folder: a metadata type has a page when {shown_dir}/ holds <name>.md or \
                 <namespace segment>-<name>.md ({} files), or the model has a page type of that name",
                files.len()
            ),
            files,
        })
    }

    /// The files the model's page types came from (for a saved model).
    pub(crate) fn from_model(model: &Model) -> PageIndex {
        let mut files = HashMap::new();
        for t in model.types.iter().filter(|t| t.origin == Origin::Page) {
            let f = t.source.file.as_str();
            files
                .entry(file_name(f).to_lowercase())
                .or_insert_with(|| f.to_owned());
        }
        PageIndex {
            rule: format!(
                "saved model: a metadata type has a page when one of the {} files the model's page \
                 types come from is named <name>.md or <namespace segment>-<name>.md, or the model \
                 has a page type of that name (pages that yielded no type are not known)",
                files.len()
            ),
            files,
        }
    }

    /// The page file of the type `namespace.name`, if one of the candidate names exists.
    pub(crate) fn page_of(&self, namespace: &str, name: &str) -> Option<&str> {
        let lower = name.to_lowercase();
        let mut candidates = vec![format!("{lower}.md")];
        if namespace != "microsoft.graph" {
            if let Some(seg) = namespace.rsplit('.').next() {
                candidates.push(format!("{}-{lower}.md", seg.to_lowercase()));
            }
        }
        candidates
            .iter()
            .find_map(|c| self.files.get(c).map(String::as_str))
    }
}
