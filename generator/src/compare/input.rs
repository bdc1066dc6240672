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

/// Reads `input`: a `.json` file holding a saved model (one object, or an array of them), else a
/// docs folder or page that is read and resolved. When there are several versions, the one named
/// `version` is chosen.
pub fn load_input(input: &Path, version: &str) -> Result<LoadedInput, CompareError> {
    let mut diagnostics = Diagnostics::default();
    let models = crate::load_models_or_json(input, &mut diagnostics)?;
    let docs_dir = (!crate::is_model_json(input) && input.is_dir()).then(|| input.to_owned());
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
