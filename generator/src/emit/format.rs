//! Formatting: `prettyplease` turns tokens into Rust text; `rustfmt` (when present) then makes
//! it exactly what `cargo fmt` would write, so the checked-in crate passes `cargo fmt --check`.

use super::EmitError;
use rayon::prelude::*;
use std::io::Write as _;
use std::process::{Command, Stdio};

/// Tokens → text with prettyplease.
pub(crate) fn unparse(path: &str, tokens: proc_macro2::TokenStream) -> Result<String, EmitError> {
    let file: syn::File = syn::parse2(tokens).map_err(|source| EmitError::Syntax {
        file: path.to_owned(),
        source,
    })?;
    Ok(prettyplease::unparse(&file))
}

/// The rustfmt to run: `$RUSTFMT`, else `rustfmt` on the `PATH`.
fn rustfmt_command() -> Command {
    let bin = std::env::var_os("RUSTFMT").unwrap_or_else(|| "rustfmt".into());
    let mut c = Command::new(bin);
    c.args(["--edition", "2021", "--emit", "stdout", "--quiet"]);
    c
}

/// Runs rustfmt on one file's text; `None` when rustfmt is unavailable or fails.
fn rustfmt(text: &str) -> Option<String> {
    let mut child = rustfmt_command()
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    let mut stdin = child.stdin.take()?;
    let input = text.to_owned();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let out = child.wait_with_output().ok()?;
    writer.join().ok()?.ok()?;
    if !out.status.success() {
        return None;
    }
    String::from_utf8(out.stdout).ok()
}

/// Formats every `.rs` file with rustfmt, in parallel. Returns the files rustfmt could not
/// format (they keep prettyplease's layout).
pub(crate) fn rustfmt_all(files: &mut super::Files) -> Vec<String> {
    let results: Vec<(String, Option<String>)> = files
        .par_iter()
        .filter(|(p, _)| p.ends_with(".rs"))
        .map(|(p, t)| (p.clone(), rustfmt(t)))
        .collect();
    let mut failed = Vec::new();
    for (p, r) in results {
        match r {
            Some(t) => {
                files.insert(p, t);
            }
            None => failed.push(p),
        }
    }
    failed
}
