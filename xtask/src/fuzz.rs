//! `cargo xtask fuzz [--seconds N] [TARGET…]`: runs the fuzz targets of `generator/fuzz` with
//! `cargo +nightly fuzz`, each for N seconds (default 20), after seeding their corpora with real
//! pages from `../shared` (the corpora are not committed: the pages are not ours). Fails on any
//! crash, naming the input libFuzzer saved; minimise it with `cargo +nightly fuzz tmin` and add it
//! to `tests/robustness.rs`.

use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Every target.
pub const TARGETS: [&str; 3] = ["page", "json", "pipeline"];

/// The separator of pages in a `pipeline` input.
const PAGE_SEPARATOR: &str = "\n=====\n";

fn list(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = rd.flatten().map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            list(&p, out);
        } else if p.extension().is_some_and(|e| e == "md" || e == "txt") {
            out.push(p);
        }
    }
}

/// The fenced JSON blocks of a page.
fn json_blocks(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur: Option<String> = None;
    for line in text.lines() {
        let t = line.trim_start();
        match &mut cur {
            None if t.starts_with("```json") || t.starts_with("``` json") => {
                cur = Some(String::new())
            }
            Some(block) if t.starts_with("```") => {
                out.push(std::mem::take(block));
                cur = None;
            }
            Some(block) => {
                block.push_str(line);
                block.push('\n');
            }
            None => {}
        }
    }
    out
}

/// Fills empty corpora with real pages: every 8th page of the v1.0 docs, today's sample and the
/// seeds (`page`: the first byte says where the page stands), their JSON blocks (`json`), and
/// groups of a resource page, a method page and an enum page (`pipeline`).
fn seed(fuzz: &Path, shared: &Path) -> Result<()> {
    let mut pages = Vec::new();
    list(&shared.join("graph-docs/v1.0"), &mut pages);
    let sample: Vec<PathBuf> = pages.iter().step_by(8).cloned().collect();
    let mut extra = Vec::new();
    list(&shared.join("graph-docs-current"), &mut extra);
    list(&shared.join("seeds"), &mut extra);
    let corpus = |t: &str| fuzz.join("corpus").join(t);
    let empty = |d: &Path| std::fs::read_dir(d).map_or(true, |mut r| r.next().is_none());
    for t in TARGETS {
        std::fs::create_dir_all(corpus(t)).context("corpus folder")?;
    }
    let read = |p: &Path| std::fs::read(p).unwrap_or_default();
    if empty(&corpus("page")) {
        for (i, p) in sample.iter().chain(&extra).enumerate() {
            let s = p.to_string_lossy();
            let kind: u8 = if s.ends_with(".txt") {
                3
            } else if s.contains("enums") {
                2
            } else if s.contains("/api/") {
                1
            } else {
                0
            };
            let mut data = vec![kind];
            data.extend(read(p));
            std::fs::write(corpus("page").join(format!("seed-{i:04}")), data)?;
        }
    }
    if empty(&corpus("json")) {
        let mut n = 0;
        for p in sample.iter().chain(&extra) {
            for block in json_blocks(&String::from_utf8_lossy(&read(p))) {
                std::fs::write(corpus("json").join(format!("seed-{n:04}")), block)?;
                n += 1;
            }
        }
    }
    if empty(&corpus("pipeline")) {
        let resources: Vec<&PathBuf> = sample
            .iter()
            .filter(|p| p.to_string_lossy().contains("/resources/"))
            .collect();
        let apis: Vec<&PathBuf> = sample
            .iter()
            .filter(|p| p.to_string_lossy().contains("/api/"))
            .collect();
        let enums = read(&shared.join("graph-docs/v1.0/resources/enums.md"));
        for (i, (r, a)) in resources.iter().zip(apis.iter()).take(120).enumerate() {
            let mut data = read(r);
            data.extend_from_slice(PAGE_SEPARATOR.as_bytes());
            data.extend(read(a));
            if i % 4 == 0 {
                data.extend_from_slice(PAGE_SEPARATOR.as_bytes());
                data.extend(enums.iter().take(6000));
            }
            std::fs::write(corpus("pipeline").join(format!("seed-{i:04}")), data)?;
        }
    }
    Ok(())
}

/// Runs `targets` for `seconds` each; false when one crashed.
pub fn run(root: &Path, targets: &[String], seconds: u64) -> Result<bool> {
    let fuzz = root.join("generator/fuzz");
    let shared = root
        .parent()
        .map(|p| p.join("shared"))
        .context("no folder above the checkout")?;
    if !shared.join("graph-docs/v1.0").is_dir() {
        bail!("../shared/graph-docs/v1.0 is missing: the corpora are seeded from it");
    }
    seed(&fuzz, &shared)?;
    let mut ok = true;
    for t in targets {
        if !TARGETS.contains(&t.as_str()) {
            bail!("no fuzz target `{t}` (there are {})", TARGETS.join(", "));
        }
        println!("fuzz: {t} for {seconds} s");
        let status = Command::new("cargo")
            // No sanitizer: the code is safe Rust; what is looked for is panics, hangs and broken
            // invariants, and without AddressSanitizer the targets run about twice as fast.
            .args(["+nightly", "fuzz", "run", "--sanitizer", "none", t])
            .arg(fuzz.join("corpus").join(t))
            .args([
                "--",
                &format!("-max_total_time={seconds}"),
                "-max_len=262144",
                "-rss_limit_mb=4096",
                "-timeout=20",
                "-print_final_stats=1",
            ])
            .current_dir(root.join("generator"))
            .status()
            .context("running cargo +nightly fuzz (is cargo-fuzz installed?)")?;
        if !status.success() {
            eprintln!(
                "fuzz: {t} crashed; the input is in generator/fuzz/artifacts/{t}/ (minimise it with \
                 `cargo +nightly fuzz tmin {t} <file>` in generator/, then add it to tests/robustness.rs)"
            );
            ok = false;
        }
    }
    Ok(ok)
}
