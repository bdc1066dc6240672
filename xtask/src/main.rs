//! `cargo xtask codegen [--check]`: regenerates `generated/` from `docs/` (or, with `--check`,
//! writes nothing and fails when `generated/` is stale). `cargo xtask bench [DOCS]`: timings.
//! `cargo xtask examples [DOCS]`: every example of the docs through the generated types.
//! `cargo xtask bench-sdk [DOCS…]`: what the generated crate costs to compile, whole and per area.

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod bench_sdk;
mod examples;
mod fuzz;
mod scale;

use anyhow::{bail, Context, Result};
use graphgen::diag::Severity;
use graphgen::{generate, GenerateOptions};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// The `version` of the `[package]` of a `Cargo.toml`.
fn package_version(toml: &str) -> Option<String> {
    let mut in_package = false;
    for line in toml.lines().map(str::trim) {
        if line.starts_with('[') {
            in_package = line == "[package]";
        } else if let Some(v) = line.strip_prefix("version") {
            if in_package {
                let v = v.trim_start().strip_prefix('=')?.trim().trim_matches('"');
                return Some(v.to_owned());
            }
        }
    }
    None
}

/// One line: what the regeneration changed in the crate's public API and the version it needs.
fn api_change_line(before: &graphgen::diff::CrateApi, generated: &Path) -> Result<String> {
    let after = graphgen::diff::CrateApi::from_dir(generated).context("reading generated/")?;
    let changes = graphgen::diff::compare_crates(before, &after);
    let version = std::fs::read_to_string(generated.join("Cargo.toml"))
        .ok()
        .and_then(|t| package_version(&t));
    Ok(graphgen::diff::api_one_line(&changes, version.as_deref()))
}

fn codegen(check: bool) -> Result<()> {
    let root = root();
    let generated = root.join("generated");
    // The API before, to say what regenerating changed (nothing to compare on a first run).
    let before = if check {
        None
    } else {
        graphgen::diff::CrateApi::from_dir(&generated).ok()
    };
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
        if let Some(before) = &before {
            eprintln!("generated/: API: {}", api_change_line(before, &generated)?);
        }
    }
    if errors > 0 {
        bail!("docs/ has {errors} errors");
    }
    Ok(())
}

/// Median of a list of durations.
fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v.get(v.len() / 2).copied().unwrap_or_default()
}

/// Every `.md` page below `dir`.
fn pages(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    for e in rd.flatten() {
        let p = e.path();
        if p.is_dir() {
            pages(&p, out);
        } else if p.extension().is_some_and(|x| x == "md") {
            out.push(p);
        }
    }
}

/// The floor: read every page and run pulldown-cmark over it (tables on, offsets on, every
/// event consumed), in parallel like graphgen's own reading.
fn bare_parse(files: &[PathBuf]) -> (Duration, usize) {
    use rayon::prelude::*;
    let start = Instant::now();
    let events: usize = files
        .par_iter()
        .map(|f| {
            let text = std::fs::read_to_string(f).unwrap_or_default();
            let opts = pulldown_cmark::Options::ENABLE_TABLES
                | pulldown_cmark::Options::ENABLE_STRIKETHROUGH;
            pulldown_cmark::Parser::new_ext(&text, opts)
                .into_offset_iter()
                .count()
        })
        .sum();
    (start.elapsed(), events)
}

fn bench(docs: PathBuf, runs: usize) -> Result<()> {
    let mut files = Vec::new();
    pages(&docs, &mut files);
    files.sort();
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|c| {
            c.lines()
                .find(|l| l.starts_with("model name"))
                .map(|l| l.split(':').nth(1).unwrap_or("").trim().to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".to_owned());
    let threads = rayon::current_num_threads();
    println!(
        "graphgen bench: {} ({} pages), {} runs, {threads} threads, {cpu}",
        docs.display(),
        files.len(),
        runs
    );
    // Warm the page cache and the rustfmt binary once.
    let _ = bare_parse(&files);
    let run = |rustfmt: bool| -> Result<(graphgen::Timings, Duration)> {
        let out = tempfile::tempdir().context("temp dir")?;
        let opts = GenerateOptions {
            input: docs.clone(),
            out: Some(out.path().to_path_buf()),
            ir: None,
            check: false,
            emit: graphgen::emit::EmitOptions {
                crate_name: "bench-sdk".to_owned(),
                command: "cargo xtask bench".to_owned(),
                runtime: graphgen::emit::RuntimeDep::Version("0.1".to_owned()),
                workspace_member: false,
                rustfmt,
            },
        };
        let start = Instant::now();
        let outcome = generate(&opts).context("generating")?;
        Ok((outcome.timings, start.elapsed()))
    };
    let mut floor = Vec::new();
    let mut phases: Vec<graphgen::Timings> = Vec::new();
    let mut totals = Vec::new();
    let mut with_fmt = Vec::new();
    let mut fmt_only = Vec::new();
    for _ in 0..runs {
        floor.push(bare_parse(&files).0);
        let (t, total) = run(false)?;
        phases.push(t);
        totals.push(total);
        let (t, total) = run(true)?;
        with_fmt.push(total);
        fmt_only.push(t.rustfmt);
    }
    let m = |f: fn(&graphgen::Timings) -> Duration| median(phases.iter().map(f).collect());
    let read = m(|t| t.read_extract);
    let resolve = m(|t| t.resolve);
    let floor_m = median(floor.clone());
    let front = median(phases.iter().map(|t| t.read_extract + t.resolve).collect());
    println!();
    println!("| stage | median | min | max |");
    println!("|---|---|---|---|");
    let row = |name: &str, v: Vec<Duration>| {
        let mut s = v.clone();
        s.sort();
        println!(
            "| {name} | {:.1} ms | {:.1} ms | {:.1} ms |",
            ms(median(v)),
            ms(s[0]),
            ms(s[s.len() - 1])
        );
    };
    row("floor: bare pulldown-cmark pass", floor);
    row(
        "read + extract",
        phases.iter().map(|t| t.read_extract).collect(),
    );
    row("resolve", phases.iter().map(|t| t.resolve).collect());
    row(
        "emit (tokens + prettyplease)",
        phases.iter().map(|t| t.emit).collect(),
    );
    row("write", phases.iter().map(|t| t.write).collect());
    row(
        "read + extract + resolve",
        phases.iter().map(|t| t.read_extract + t.resolve).collect(),
    );
    row("whole generation (default)", totals.clone());
    row("rustfmt pass (`--rustfmt`)", fmt_only);
    row("whole generation with `--rustfmt`", with_fmt.clone());
    println!();
    println!("read+extract+resolve / floor = {:.2} (read {:.1} ms + resolve {:.1} ms over a {:.1} ms floor)", ms(front) / ms(floor_m).max(0.001), ms(read), ms(resolve), ms(floor_m));
    println!(
        "whole generation median: {:.0} ms (with --rustfmt: {:.0} ms)",
        ms(median(totals)),
        ms(median(with_fmt))
    );
    Ok(())
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

const EXAMPLES_USAGE: &str =
    "cargo xtask examples [DOCS] [--min-named-rate PERCENT] [--require-all] [--deny-warnings]";

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
        ["bench", ..] if cfg!(debug_assertions) => {
            // Measure optimised code: run this command again from a release build.
            let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
            let status = std::process::Command::new(cargo)
                .args(["run", "--release", "--quiet", "--package", "xtask", "--"])
                .args(&args)
                .status();
            return match status {
                Ok(s) if s.success() => ExitCode::SUCCESS,
                _ => ExitCode::FAILURE,
            };
        }
        ["fuzz", rest @ ..] => {
            let mut seconds = 20;
            let mut targets: Vec<String> = Vec::new();
            let mut it = rest.iter();
            let mut bad = false;
            while let Some(a) = it.next() {
                match *a {
                    "--seconds" => match it.next().and_then(|n| n.parse().ok()) {
                        Some(n) => seconds = n,
                        None => bad = true,
                    },
                    t if !t.starts_with("--") => targets.push(t.to_owned()),
                    _ => bad = true,
                }
            }
            if bad {
                eprintln!("usage: cargo xtask fuzz [--seconds N] [TARGET…]");
                return ExitCode::from(2);
            }
            if targets.is_empty() {
                targets = fuzz::TARGETS.iter().map(|t| (*t).to_owned()).collect();
            }
            match fuzz::run(&root(), &targets, seconds) {
                Ok(true) => Ok(()),
                Ok(false) => return ExitCode::FAILURE,
                Err(e) => Err(e),
            }
        }
        ["measure-child", dir, features] => bench_sdk::measure_child(Path::new(dir), features),
        ["bench-sdk", rest @ ..] => {
            let mut opts = bench_sdk::Options {
                docs: Vec::new(),
                areas: Vec::new(),
                runs: 1,
            };
            let mut it = rest.iter();
            let mut bad = false;
            while let Some(a) = it.next() {
                match *a {
                    "--runs" => match it.next().and_then(|n| n.parse().ok()) {
                        Some(n) if n > 0 => opts.runs = n,
                        _ => bad = true,
                    },
                    "--area" => match it.next() {
                        Some(f) => opts.areas.push((*f).to_owned()),
                        None => bad = true,
                    },
                    d if !d.starts_with("--") => opts.docs.push(PathBuf::from(d)),
                    _ => bad = true,
                }
            }
            if bad {
                eprintln!("usage: cargo xtask bench-sdk [DOCS…] [--area FEATURE]… [--runs N]");
                return ExitCode::from(2);
            }
            if opts.docs.is_empty() {
                opts.docs.push(root().join("docs"));
            }
            if opts.areas.is_empty() {
                opts.areas = vec!["users".to_owned(), "groups".to_owned()];
            }
            bench_sdk::run(&root(), &opts)
        }
        ["bench", "--scale", rest @ ..] => {
            let n = rest.first().and_then(|n| n.parse().ok()).unwrap_or(4000);
            scale::run(n, 5)
        }
        ["bench", rest @ ..] => {
            let mut docs = root()
                .parent()
                .map(|p| p.join("shared/graph-docs/v1.0"))
                .unwrap_or_default();
            let mut runs = 7;
            let mut it = rest.iter();
            let mut bad = false;
            while let Some(a) = it.next() {
                match *a {
                    "--runs" => match it.next().and_then(|n| n.parse().ok()) {
                        Some(n) if n > 0 => runs = n,
                        _ => bad = true,
                    },
                    d => docs = PathBuf::from(d),
                }
            }
            if bad {
                eprintln!("usage: cargo xtask bench [DOCS] [--runs N]");
                return ExitCode::from(2);
            }
            bench(docs, runs)
        }
        ["examples", rest @ ..] => {
            let mut opts = examples::Options {
                docs: root().join("docs"),
                min_named_rate: None,
                require_all: false,
                deny_warnings: false,
            };
            let mut it = rest.iter();
            let mut bad = false;
            while let Some(a) = it.next() {
                match *a {
                    "--min-named-rate" => match it.next().and_then(|n| n.parse().ok()) {
                        Some(p) => opts.min_named_rate = Some(p),
                        None => bad = true,
                    },
                    "--require-all" => opts.require_all = true,
                    "--deny-warnings" => opts.deny_warnings = true,
                    d if !d.starts_with("--") => opts.docs = PathBuf::from(d),
                    _ => bad = true,
                }
            }
            if bad {
                eprintln!("{EXAMPLES_USAGE}");
                return ExitCode::from(2);
            }
            match examples::run(&root(), &opts) {
                Ok(true) => Ok(()),
                Ok(false) => return ExitCode::FAILURE,
                Err(e) => Err(e),
            }
        }
        _ => {
            eprintln!("usage: cargo xtask codegen [--check] | cargo xtask bench [DOCS] [--runs N] | cargo xtask bench --scale [N]\n       {EXAMPLES_USAGE}\n       cargo xtask fuzz [--seconds N] [TARGET…]");
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
