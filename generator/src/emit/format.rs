//! Formatting: `prettyplease` turns tokens into Rust text, a blank line between items; `rustfmt`
//! (when asked for, and then required) makes it exactly what `cargo fmt` would write, so the
//! checked-in crate passes `cargo fmt --check`.

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
    Ok(unparse_spaced(file))
}

/// Lays out a file with prettyplease, one item at a time, with a blank line after the inner
/// docs and between items (as progenitor does), except between consecutive `use` lines.
fn unparse_spaced(file: syn::File) -> String {
    let syn::File {
        shebang,
        attrs,
        items,
    } = file;
    let mut out = prettyplease::unparse(&syn::File {
        shebang,
        attrs,
        items: Vec::new(),
    });
    let mut previous_was_use = None;
    for item in items {
        let is_use = matches!(item, syn::Item::Use(_));
        if !out.is_empty() && previous_was_use.is_none_or(|prev| !(prev && is_use)) {
            out.push('\n');
        }
        previous_was_use = Some(is_use);
        out.push_str(&prettyplease::unparse(&syn::File {
            shebang: None,
            attrs: Vec::new(),
            items: vec![item],
        }));
    }
    out
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

/// Tokens → text with prettyplease (a blank line between items, see [`unparse_spaced`]).
pub(crate) fn unparse(path: &str, tokens: proc_macro2::TokenStream) -> Result<String, EmitError> {
    let file: syn::File = syn::parse2(tokens).map_err(|source| EmitError::Syntax {
        file: path.to_owned(),
        source,
    })?;
    Ok(unparse_spaced(file))
}

/// The rustfmt to run: `$RUSTFMT`, else `rustfmt` on the `PATH`.
fn rustfmt_command() -> Command {
    let bin = std::env::var_os("RUSTFMT").unwrap_or_else(|| "rustfmt".into());
    let mut c = Command::new(bin);
    c.args(["--edition", "2021", "--emit", "stdout", "--quiet"]);
    c
}

/// Runs rustfmt on one file's text; the reason when it cannot (not installed, or it failed).
fn rustfmt(text: &str) -> Result<String, String> {
    let mut child = rustfmt_command()
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => "rustfmt was not found (set $RUSTFMT, or install it: `rustup component add rustfmt`)".to_owned(),
            _ => format!("rustfmt could not be started: {e}"),
        })?;
    let mut stdin = child
        .stdin
        .take()
        .ok_or_else(|| "rustfmt's input could not be opened".to_owned())?;
    let input = text.to_owned();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let out = child
        .wait_with_output()
        .map_err(|e| format!("rustfmt did not finish: {e}"))?;
    match writer.join() {
        Ok(Ok(())) => {}
        _ => return Err("rustfmt did not read its input".to_owned()),
    }
    if !out.status.success() {
        let stderr = String::from_utf8_lossy(&out.stderr);
        let first: Vec<&str> = stderr.lines().take(5).collect();
        return Err(format!(
            "rustfmt failed ({}): {}",
            out.status,
            first.join(" / ")
        ));
    }
    String::from_utf8(out.stdout).map_err(|_| "rustfmt wrote text that is not UTF-8".to_owned())
}

/// A Rust file being built: its head (the generated-by line and inner docs) and its items, each
/// already laid out by prettyplease.
pub(crate) struct RustFile {
    pub path: String,
    pub head: String,
    pub items: Vec<String>,
}

impl RustFile {
    /// The whole file: the head, then the items, a blank line before each.
    fn text(&self) -> String {
        let mut s = self.head.clone();
        for i in &self.items {
            s.push('\n');
            s.push_str(i);
        }
        s
    }
}

/// About how many lines one rustfmt process gets: big files are cut between items into chunks
/// that are formatted in parallel (rustfmt formats items independently, so the joined chunks
/// equal the file formatted at once).
const CHUNK_LINES: usize = 50000;

/// Turns the files into text, with rustfmt when `rustfmt_on` is set (an error naming the file
/// when rustfmt cannot format it: no silent fallback to another layout).
pub(crate) fn finish(
    files: Vec<RustFile>,
    rustfmt_on: bool,
) -> Result<Vec<(String, String)>, EmitError> {
    if !rustfmt_on {
        return Ok(files.iter().map(|f| (f.path.clone(), f.text())).collect());
    }
    let chunks = chunks(&files);
    let formatted: Vec<(usize, Result<String, String>)> = chunks
        .par_iter()
        .map(|(fi, text)| (*fi, rustfmt(text)))
        .collect();
    let mut out: Vec<String> = vec![String::new(); files.len()];
    for (fi, r) in formatted {
        let text = r.map_err(|reason| EmitError::Rustfmt {
            file: files[fi].path.clone(),
            reason,
        })?;
        // The blank line between the items on either side of a cut.
        if !out[fi].is_empty() {
            out[fi].push('\n');
        }
        out[fi].push_str(&text);
    }
    Ok(files.iter().map(|f| f.path.clone()).zip(out).collect())
}

/// The files cut between items into chunks of about [`CHUNK_LINES`] lines, in order: (file
/// index, text).
fn chunks(files: &[RustFile]) -> Vec<(usize, String)> {
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
            // The blank line before an item starts no chunk (rustfmt would drop it there); the
            // chunks are joined with it.
            if !cur.is_empty() {
                cur.push('\n');
            }
            cur.push_str(item);
            lines += n;
        }
        chunks.push((fi, cur));
    }
    chunks
}
