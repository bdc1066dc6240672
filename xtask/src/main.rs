//! `cargo xtask codegen [--check]`: regenerates `generated/` from `docs/` (or, with `--check`,
//! writes nothing and fails when `generated/` is stale).

use anyhow::{bail, Context, Result};
use graphgen::diag::Severity;
use graphgen::emit::{EmitOptions, RuntimeDep};
use graphgen::{generate, GenerateOptions};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// The options `cargo xtask codegen` uses; the staleness test uses the same ones.
fn codegen_options(root: &Path, check: bool) -> GenerateOptions {
    GenerateOptions {
        input: root.join("docs"),
        out: Some(root.join("generated")),
        ir: None,
        check,
        emit: EmitOptions {
            crate_name: "graphgen-sdk".to_owned(),
            command: "cargo xtask codegen".to_owned(),
            runtime: RuntimeDep::Path("../runtime".to_owned()),
            workspace_member: true,
        },
    }
}

fn codegen(check: bool) -> Result<()> {
    let root = root();
    let outcome = generate(&codegen_options(&root, check)).context("generating from docs/")?;
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
