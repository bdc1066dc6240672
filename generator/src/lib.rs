//! graphgen: reads Microsoft Graph API reference pages and generates a typed Rust SDK crate.
//!
//! The pipeline, one module per stage, data flowing one way:
//! `read` (pages → structure) → `extract` (structure → page facts) → `resolve` (facts → [`model`])
//! → [`emit`] (model → Rust files) → [`write`] (files → disk). [`examples`] checks the docs'
//! examples against the model (diagnostics of every run) and judges their round trips through
//! the generated types (`cargo xtask examples`).

pub mod compare;
pub mod diag;
pub mod diff;
pub mod emit;
pub mod examples;
pub(crate) mod extract;
#[doc(hidden)]
pub mod fuzzing;
pub mod model;
pub(crate) mod read;
pub(crate) mod resolve;
pub mod source;
#[doc(hidden)]
pub mod synthetic;
pub mod write;

use diag::{DiagKind, Diagnostics};
use extract::PageFacts;
use model::Model;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Errors that stop a run (bad docs never do: they become diagnostics).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The input could not be listed.
    #[error(transparent)]
    Source(#[from] source::SourceError),
    /// Emission failed (a generator bug).
    #[error(transparent)]
    Emit(#[from] emit::EmitError),
    /// Output could not be written.
    #[error(transparent)]
    Write(#[from] write::WriteError),
    /// The model could not be serialized.
    #[error("cannot serialize the model: {0}")]
    Json(#[from] serde_json::Error),
    /// A model JSON file could not be read.
    #[error("cannot read {path}")]
    Io {
        /// The path.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// A `.json` input is not a saved model.
    #[error("{path} is not a model JSON file")]
    ModelJson {
        /// The path.
        path: PathBuf,
        /// The cause.
        source: serde_json::Error,
    },
}

/// Reads and extracts one file (its includes read through `includes`).
fn read_one(
    f: &source::SourceFile,
    includes: &read::include::Includes,
) -> (String, PageFacts, Diagnostics) {
    let mut d = Diagnostics::default();
    let text = match source::read_page_text(&f.path) {
        Ok((text, utf8)) => {
            if !utf8 {
                d.error(
                    &f.display,
                    1,
                    DiagKind::Io,
                    "file is not valid UTF-8; read with replacement characters",
                );
            }
            text
        }
        Err(why) => {
            d.error(&f.display, 1, DiagKind::Io, why);
            return (
                f.version.clone().unwrap_or_else(|| "v1.0".to_owned()),
                PageFacts::Other,
                d,
            );
        }
    };
    let (version, facts) = facts_of(
        &f.display,
        f.version.as_deref(),
        &text,
        |page, d| includes.expand(page, &f.path, d),
        &mut d,
    );
    (version, facts, d)
}

/// The version and facts of one page's text; `expand` reads its includes.
fn facts_of(
    display: &str,
    version: Option<&str>,
    text: &str,
    expand: impl FnOnce(&mut read::Page, &mut Diagnostics),
    d: &mut Diagnostics,
) -> (String, PageFacts) {
    let version = version
        .map(str::to_owned)
        .unwrap_or_else(|| source::sniff_version(text));
    let mut page = read::read_page(display, text, d);
    expand(&mut page, d);
    (version, extract::extract_page(&page, d))
}

/// Resolves the facts of every page into one model per version (sorted by version), checking
/// the examples of each.
fn resolve_all(
    results: Vec<(String, PageFacts, Diagnostics)>,
    diags: &mut Diagnostics,
) -> Vec<Model> {
    let mut by_version: BTreeMap<String, Vec<PageFacts>> = BTreeMap::new();
    for (v, facts, d) in results {
        diags.extend(d);
        by_version.entry(v).or_default().push(facts);
    }
    by_version
        .into_iter()
        .map(|(v, facts)| {
            let model = resolve::resolve(&v, facts, diags);
            examples::validate(&model, diags);
            model
        })
        .collect()
}

/// True when `text` is a page copied from the rendered docs website rather than markdown (the
/// test `graphgen` applies to choose a reader).
pub fn is_rendered_page(text: &str) -> bool {
    read::text::looks_rendered(text)
}

/// Builds the models (one per API version found) of the docs at `input`: a docs checkout, a
/// version folder, or a single page.
pub fn load_models(input: &Path, diags: &mut Diagnostics) -> Result<Vec<Model>, Error> {
    load_models_timed(input, diags, &mut Timings::default())
}

/// True for a `.json` file: a model written by `generate --ir`, not docs.
pub fn is_model_json(path: &Path) -> bool {
    path.is_file()
        && path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("json"))
}

/// The models of `input`: a `.json` file holding models written by `generate --ir` (one object,
/// or an array of them), else docs (a docs checkout, a version folder or a page) read and
/// resolved as [`load_models`] does.
pub fn load_models_or_json(input: &Path, diags: &mut Diagnostics) -> Result<Vec<Model>, Error> {
    if !is_model_json(input) {
        return load_models(input, diags);
    }
    let text = std::fs::read_to_string(input).map_err(|source| Error::Io {
        path: input.to_owned(),
        source,
    })?;
    let bad = |source| Error::ModelJson {
        path: input.to_owned(),
        source,
    };
    Ok(if text.trim_start().starts_with('[') {
        serde_json::from_str::<Vec<Model>>(&text).map_err(bad)?
    } else {
        vec![serde_json::from_str::<Model>(&text).map_err(bad)?]
    })
}

/// How long each stage took.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Timings {
    /// Finding, reading and extracting the pages (in parallel).
    pub read_extract: Duration,
    /// Resolving the facts into models.
    pub resolve: Duration,
    /// Emitting tokens and laying them out with prettyplease.
    pub emit: Duration,
    /// rustfmt over the emitted files.
    pub rustfmt: Duration,
    /// Comparing with and writing to disk.
    pub write: Duration,
}

/// [`load_models`], recording how long reading and resolving took.
pub fn load_models_timed(
    input: &Path,
    diags: &mut Diagnostics,
    timings: &mut Timings,
) -> Result<Vec<Model>, Error> {
    let start = Instant::now();
    let found = source::discover(input)?;
    for skipped in &found.skipped {
        diags.warn(&skipped.display, 1, DiagKind::Io, skipped.why.clone());
    }
    let includes = read::include::Includes::new(&source::docs_root(input));
    let results: Vec<(String, PageFacts, Diagnostics)> = found
        .files
        .par_iter()
        .map(|f| read_one(f, &includes))
        .collect();
    timings.read_extract = start.elapsed();
    let start = Instant::now();
    let models = resolve_all(results, diags);
    timings.resolve = start.elapsed();
    Ok(models)
}

/// The model JSON written by `--ir`: one object for one version, an array for several.
pub fn model_json(models: &[Model]) -> Result<String, Error> {
    let mut s = match models {
        [one] => serde_json::to_string_pretty(one)?,
        many => serde_json::to_string_pretty(many)?,
    };
    s.push('\n');
    Ok(s)
}

/// What to generate.
#[derive(Debug, Clone)]
pub struct GenerateOptions {
    /// Docs checkout, version folder or page.
    pub input: PathBuf,
    /// Crate folder to write.
    pub out: Option<PathBuf>,
    /// Where to write the model JSON.
    pub ir: Option<PathBuf>,
    /// Write nothing; report what differs.
    pub check: bool,
    /// Crate options.
    pub emit: emit::EmitOptions,
}

impl GenerateOptions {
    /// What `cargo xtask codegen` does in this repository (rooted at `root`): `docs/` →
    /// `generated/`, a workspace member depending on `../runtime`, formatted by rustfmt (which
    /// must then be installed: it is an error, not a fallback, when it is not). A check
    /// (`check`) compares tokens, not layout, and needs no rustfmt. The staleness test uses the
    /// same options, so the two cannot drift apart.
    pub fn workspace_codegen(root: &Path, check: bool) -> GenerateOptions {
        GenerateOptions {
            input: root.join("docs"),
            out: Some(root.join("generated")),
            ir: None,
            check,
            emit: emit::EmitOptions {
                crate_name: "graphgen-sdk".to_owned(),
                command: "cargo xtask codegen".to_owned(),
                runtime: emit::RuntimeDep::Path("../runtime".to_owned()),
                workspace_member: true,
                rustfmt: !check,
            },
        }
    }
}

/// The result of a run.
#[derive(Debug)]
pub struct Outcome {
    /// The models built.
    pub models: Vec<Model>,
    /// Everything the docs got wrong.
    pub diagnostics: Diagnostics,
    /// What writing the crate did (or would do, in check mode).
    pub report: write::WriteReport,
    /// Whether the IR file differs (check mode) or was written.
    pub ir_changed: bool,
    /// How long each stage took.
    pub timings: Timings,
}

/// Runs the whole pipeline. Nothing is written unless everything was generated.
pub fn generate(opts: &GenerateOptions) -> Result<Outcome, Error> {
    let mut diagnostics = Diagnostics::default();
    let mut timings = Timings::default();
    let models = load_models_timed(&opts.input, &mut diagnostics, &mut timings)?;
    let start = Instant::now();
    let emitted = emit::emit_crate(&models, &opts.emit)?;
    diagnostics.extend(emitted.diagnostics.clone());
    timings.rustfmt = emitted.rustfmt_time;
    timings.emit = start.elapsed().saturating_sub(emitted.rustfmt_time);
    let start = Instant::now();
    let files = emitted.files;
    let ir = match &opts.ir {
        Some(p) => Some((p, model_json(&models)?)),
        None => None,
    };
    let report = match &opts.out {
        Some(out) => write::write_crate(out, &files, opts.check)?,
        None => write::WriteReport::default(),
    };
    let mut ir_changed = false;
    if let Some((path, json)) = ir {
        ir_changed = std::fs::read(path)
            .map(|old| old != json.as_bytes())
            .unwrap_or(true);
        if ir_changed && !opts.check {
            write::write_atomic(path, json.as_bytes())?;
        }
    }
    timings.write = start.elapsed();
    Ok(Outcome {
        models,
        diagnostics,
        report,
        ir_changed,
        timings,
    })
}
