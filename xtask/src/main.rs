//! `cargo xtask codegen [--check]`: regenerates `generated/` from `docs/` (or, with `--check`,
//! writes nothing and fails when `generated/` is stale).

use anyhow::{bail, Context, Result};
use graphgen::diag::Severity;
use graphgen::{generate, GenerateOptions};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

fn codegen(check: bool) -> Result<()> {
    let root = root();
    let outcome = generate(&GenerateOptions::workspace_codegen(&root, check))
        .context("generating from docs/")?;
    let diags = outcome.diagnostics.sorted();
    for d in &diags {
        eprintln!("{d}");
    }
    let errors = diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let r = &outcome.report;
    if check {
        if !r.is_clean() {
            for f in r.changed.iter().chain(&r.removed) {
                eprintln!("stale: generated/{f}");
            }
            bail!("generated/ is out of date with docs/: run `cargo xtask codegen` and commit the result");
        }
        eprintln!("generated/ is up to date ({} files)", r.unchanged);
    } else {
        eprintln!(
            "generated/: {} files written, {} removed, {} unchanged",
            r.changed.len(),
            r.removed.len(),
            r.unchanged
        );
    }
    if errors > 0 {
        bail!("docs/ has {errors} errors");
    }
    Ok(())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["codegen"] => codegen(false),
        ["codegen", "--check"] => codegen(true),
        _ => {
            eprintln!("usage: cargo xtask codegen [--check]");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e:#}");
            ExitCode::FAILURE
        }
    }
}
