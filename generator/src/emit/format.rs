//! Formatting: `prettyplease` turns tokens into Rust text; `rustfmt` (when present) then makes
//! it exactly what `cargo fmt` would write, so the checked-in crate passes `cargo fmt --check`.

use super::EmitError;
use rayon::prelude::*;
use std::io::Write as _;
use std::process::{Command, Stdio};

/// One item's tokens → text with prettyplease (items are laid out independently, so files can be
/// built in parallel; the concatenation equals laying out the whole file at once).
pub(crate) fn unparse_item(
    path: &str,
    tokens: proc_macro2::TokenStream,
) -> Result<String, EmitError> {
    unparse(path, tokens)
}

/// [`unparse_item`] with the attribute `cfg` (a `#[cfg(…)]`) on each of the items `tokens` holds
/// (a struct and its impls are compiled, or compiled out, together).
pub(crate) fn unparse_item_cfg(
    path: &str,
    tokens: proc_macro2::TokenStream,
    cfg: Option<proc_macro2::TokenStream>,
) -> Result<String, EmitError> {
    let syntax = |source| EmitError::Syntax {
        file: path.to_owned(),
        source,
    };
    let mut file: syn::File = syn::parse2(tokens).map_err(syntax)?;
    if let Some(cfg) = cfg {
        let attrs = syn::parse::Parser::parse2(syn::Attribute::parse_outer, cfg).map_err(syntax)?;
        for item in &mut file.items {
            if let Some(item_attrs) = item_attrs(item) {
                // After the rustdoc, before the derives.
                let at = item_attrs
                    .iter()
                    .take_while(|a| a.path().is_ident("doc"))
                    .count();
                item_attrs.splice(at..at, attrs.iter().cloned());
            }
        }
    }
    Ok(prettyplease::unparse(&file))
}

/// The attributes of the kinds of item the generator writes.
fn item_attrs(item: &mut syn::Item) -> Option<&mut Vec<syn::Attribute>> {
    match item {
        syn::Item::Struct(i) => Some(&mut i.attrs),
        syn::Item::Enum(i) => Some(&mut i.attrs),
        syn::Item::Impl(i) => Some(&mut i.attrs),
        syn::Item::Fn(i) => Some(&mut i.attrs),
        syn::Item::Const(i) => Some(&mut i.attrs),
        syn::Item::Type(i) => Some(&mut i.attrs),
        syn::Item::Mod(i) => Some(&mut i.attrs),
        syn::Item::Use(i) => Some(&mut i.attrs),
        syn::Item::Macro(i) => Some(&mut i.attrs),
        _ => None,
    }
}

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

/// A Rust file being built: its head (the generated-by line and inner docs) and its items, each
/// already laid out by prettyplease.
pub(crate) struct RustFile {
    pub path: String,
    pub head: String,
    pub items: Vec<String>,
}

impl RustFile {
    fn text(&self) -> String {
        let mut s = self.head.clone();
        for i in &self.items {
            s.push_str(i);
        }
        s
    }
}

/// About how many lines one rustfmt process gets: big files are cut between items into chunks
/// that are formatted in parallel (rustfmt formats items independently, so the joined chunks
/// equal the file formatted at once).
const CHUNK_LINES: usize = 50000;

/// Turns the files into text, with rustfmt when `rustfmt` is set. Returns the texts and the
/// files rustfmt could not format (they keep prettyplease's layout).
pub(crate) fn finish(
    files: Vec<RustFile>,
    rustfmt_on: bool,
) -> (Vec<(String, String)>, Vec<String>) {
    if !rustfmt_on {
        return (
            files.iter().map(|f| (f.path.clone(), f.text())).collect(),
            Vec::new(),
        );
    }
    // (file index, chunk text)
    let mut chunks: Vec<(usize, String)> = Vec::new();
    for (fi, f) in files.iter().enumerate() {
        let mut cur = f.head.clone();
        let mut lines = cur.lines().count();
        for item in &f.items {
            let n = item.lines().count();
            if lines > 0 && lines + n > CHUNK_LINES && !cur.is_empty() {
                chunks.push((fi, std::mem::take(&mut cur)));
                lines = 0;
            }
            cur.push_str(item);
            lines += n;
        }
        chunks.push((fi, cur));
    }
    let formatted: Vec<(usize, Option<String>)> = chunks
        .par_iter()
        .map(|(fi, text)| (*fi, rustfmt(text)))
        .collect();
    let mut out: Vec<Option<String>> = vec![Some(String::new()); files.len()];
    for (fi, r) in formatted {
        match (r, &mut out[fi]) {
            (Some(t), Some(acc)) => acc.push_str(&t),
            _ => out[fi] = None,
        }
    }
    let mut failed = Vec::new();
    let texts = files
        .iter()
        .zip(out)
        .map(|(f, r)| match r {
            Some(t) => (f.path.clone(), t),
            None => {
                failed.push(f.path.clone());
                (f.path.clone(), f.text())
            }
        })
        .collect();
    (texts, failed)
}
