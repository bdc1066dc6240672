//! The model to compare: built from docs (a folder or a page), or read from a saved model JSON.

use super::CompareError;
use crate::diag::Diagnostics;
use crate::model::Model;
use std::path::{Path, PathBuf};

/// A model ready to compare.
#[derive(Debug)]
pub struct LoadedInput {
    /// The model of the version asked for.
    pub model: Model,
    /// The docs folder it was built from (`None` for a page or a saved model).
    pub docs_dir: Option<PathBuf>,
    /// Diagnostics from reading the docs (empty for a saved model).
    pub diagnostics: Diagnostics,
}

fn is_json(path: &Path) -> bool {
    path.is_file()
        && path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("json"))
}

/// Reads `input`: a `.json` file holding a saved model (one object, or an array of them), else a
/// docs folder or page that is read and resolved. When there are several versions, the one named
/// `version` is chosen.
pub fn load_input(input: &Path, version: &str) -> Result<LoadedInput, CompareError> {
    let mut diagnostics = Diagnostics::default();
    let (models, docs_dir) = if is_json(input) {
        let text = std::fs::read_to_string(input).map_err(|source| CompareError::Io {
            path: input.to_owned(),
            source,
        })?;
        let bad = |source| CompareError::ModelJson {
            path: input.to_owned(),
            source,
        };
        let models = if text.trim_start().starts_with('[') {
            serde_json::from_str::<Vec<Model>>(&text).map_err(bad)?
        } else {
            vec![serde_json::from_str::<Model>(&text).map_err(bad)?]
        };
        (models, None)
    } else {
        let models = crate::load_models(input, &mut diagnostics)?;
        (models, input.is_dir().then(|| input.to_owned()))
    };
    let model = pick(models, version, input)?;
    Ok(LoadedInput {
        model,
        docs_dir,
        diagnostics,
    })
}

/// The only model, or the one of `version`.
fn pick(mut models: Vec<Model>, version: &str, input: &Path) -> Result<Model, CompareError> {
    if models.len() == 1 {
        return Ok(models.remove(0));
    }
    if models.is_empty() {
        return Err(CompareError::NoModel(input.to_owned()));
    }
    match models.iter().position(|m| m.version == version) {
        Some(i) => Ok(models.swap_remove(i)),
        None => Err(CompareError::NoVersion {
            wanted: version.to_owned(),
            found: models
                .iter()
                .map(|m| m.version.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        }),
    }
}
