//! `cargo xtask bench-sdk [DOCS…] [--area FEATURE]… [--runs N]`: what the generated crate costs
//! its users to compile. For each docs folder: generates the crate, builds its dependencies,
//! then measures crate-only `cargo check` (non-incremental, dependencies already built) of the
//! whole crate (`full`) and of one area (default `users` + `groups`): wall time and the peak
//! memory of the compiler. Prints a table and the ratios (area / whole, and each crate / the
//! first).

use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// What to measure.
pub struct Options {
    /// Docs folders, one crate each.
    pub docs: Vec<PathBuf>,
    /// The area features of the partial build.
    pub areas: Vec<String>,
    /// Measurements per configuration (the median is reported).
    pub runs: usize,
}

/// One `cargo check`: wall time and the peak resident memory of its processes.
#[derive(Debug, Clone, Copy)]
struct Check {
    time: Duration,
    peak_kib: u64,
}

/// One crate's figures.
struct Row {
    name: String,
    types: usize,
    operations: usize,
    lines: usize,
    whole: Check,
    area: Option<Check>,
}

fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned())
}

/// Runs `cargo check` of the crate at `dir` with `features` in a child process of a fresh
/// `xtask measure-child`, whose own peak-memory counter then covers exactly this check.
fn measure(dir: &Path, target: &Path, features: &str) -> Result<Check> {
    let clean = Command::new(cargo())
        .args(["clean", "--offline", "--quiet", "-p", "graphgen-bench-sdk"])
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .status()
        .context("running cargo clean")?;
    if !clean.success() {
        bail!("cargo clean failed in {}", dir.display());
    }
    let exe = std::env::current_exe().context("the xtask binary")?;
    let start = Instant::now();
    let out = Command::new(exe)
        .args(["measure-child", &dir.display().to_string(), features])
        .env("CARGO_TARGET_DIR", target)
        .output()
        .context("running the measuring child")?;
    let time = start.elapsed();
    if !out.status.success() {
        bail!(
            "cargo check --features {features} failed in {}:\n{}",
            dir.display(),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let peak_kib = String::from_utf8_lossy(&out.stdout)
        .trim()
        .parse()
        .context("the child's peak memory")?;
    Ok(Check { time, peak_kib })
}

/// The child of [`measure`]: runs the check, prints the peak resident memory (KiB) of every
/// process it waited for (cargo, and the rustc processes cargo waited for).
pub fn measure_child(dir: &Path, features: &str) -> Result<()> {
    let status = Command::new(cargo())
        .args([
            "check",
            "--offline",
            "--quiet",
            "--no-default-features",
            "--features",
            features,
        ])
        .current_dir(dir)
        .env("CARGO_INCREMENTAL", "0")
        .status()
        .context("running cargo check")?;
    if !status.success() {
        bail!("cargo check failed");
    }
    // SAFETY: `getrusage` writes into the struct it is given and nothing else.
    let usage = unsafe {
        let mut u: libc::rusage = std::mem::zeroed();
        if libc::getrusage(libc::RUSAGE_CHILDREN, &mut u) != 0 {
            bail!("getrusage failed");
        }
        u
    };
    println!("{}", usage.ru_maxrss);
    Ok(())
}

fn median_check(mut v: Vec<Check>) -> Check {
    v.sort_by_key(|c| c.time);
    let time = v[v.len() / 2].time;
    let mut peaks: Vec<u64> = v.iter().map(|c| c.peak_kib).collect();
    peaks.sort();
    Check {
        time,
        peak_kib: peaks[peaks.len() / 2],
    }
}

fn count_lines(dir: &Path) -> usize {
    let mut n = 0;
    let Ok(rd) = std::fs::read_dir(dir) else {
        return 0;
    };
    for e in rd.flatten() {
        let p = e.path();
        if p.is_dir() {
            n += count_lines(&p);
        } else if p.extension().is_some_and(|x| x == "rs") {
            n += std::fs::read_to_string(&p)
                .map(|t| t.lines().count())
                .unwrap_or(0);
        }
    }
    n
}

fn one(root: &Path, docs: &Path, opts: &Options) -> Result<Row> {
    let docs = docs
        .canonicalize()
        .with_context(|| format!("no docs at {}", docs.display()))?;
    let scratch = root
        .join("target/graphgen-bench-sdk")
        .join(crate::examples::slug(&docs));
    let sdk = scratch.join("sdk");
    let target = scratch.join("target");
    let outcome = crate::examples::generate_scratch_sdk(
        root,
        &docs,
        &sdk,
        "graphgen-bench-sdk",
        "cargo xtask bench-sdk",
    )?;
    std::fs::copy(root.join("Cargo.lock"), sdk.join("Cargo.lock")).context("lockfile")?;
    let versions: Vec<String> = outcome
        .models
        .iter()
        .map(|m| graphgen::emit::version_module(&m.version))
        .collect();
    let manifest = std::fs::read_to_string(sdk.join("Cargo.toml")).context("manifest")?;
    let has = |f: &str| manifest.lines().any(|l| l.starts_with(&format!("{f} = ")));
    let whole = format!("{},full", versions.join(","));
    let areas: Vec<&str> = opts
        .areas
        .iter()
        .map(String::as_str)
        .filter(|a| has(a))
        .collect();
    let area = (!areas.is_empty()).then(|| format!("{},{}", versions.join(","), areas.join(",")));
    eprintln!(
        "bench-sdk: {} → {}; building the dependencies",
        docs.display(),
        sdk.display()
    );
    // Dependencies (and a first check of the crate, not measured).
    let deps = Command::new(cargo())
        .args(["check", "--offline", "--quiet", "--no-default-features"])
        .args(["--features", &whole])
        .current_dir(&sdk)
        .env("CARGO_TARGET_DIR", &target)
        .env("CARGO_INCREMENTAL", "0")
        .status()
        .context("running cargo check")?;
    if !deps.success() {
        bail!("the generated crate does not build: {}", sdk.display());
    }
    let mut wholes = Vec::new();
    let mut parts = Vec::new();
    for run in 0..opts.runs {
        eprintln!("bench-sdk: run {} of {}: whole crate", run + 1, opts.runs);
        wholes.push(measure(&sdk, &target, &whole)?);
        if let Some(a) = &area {
            eprintln!("bench-sdk: run {} of {}: {a}", run + 1, opts.runs);
            parts.push(measure(&sdk, &target, a)?);
        }
    }
    let name = format!(
        "{} ({})",
        docs.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        versions.join(", ")
    );
    Ok(Row {
        name,
        types: outcome.models.iter().map(|m| m.types.len()).sum(),
        operations: outcome.models.iter().map(|m| m.operations.len()).sum(),
        lines: count_lines(&sdk.join("src")),
        whole: median_check(wholes),
        area: (!parts.is_empty()).then(|| median_check(parts)),
    })
}

fn gb(kib: u64) -> f64 {
    kib as f64 / 1024.0 / 1024.0
}

/// Runs the benchmark and prints its table.
pub fn run(root: &Path, opts: &Options) -> Result<()> {
    let rows = opts
        .docs
        .iter()
        .map(|d| one(root, d, opts))
        .collect::<Result<Vec<Row>>>()?;
    let area = opts.areas.join(" + ");
    println!(
        "\nbench-sdk: crate-only `cargo check` (CARGO_INCREMENTAL=0, dependencies built), median of {} run(s), {} CPUs\n",
        opts.runs,
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    println!("| crate | types | operations | lines | check (full) | peak memory | check ({area}) | peak memory | area / whole |");
    println!("|---|---|---|---|---|---|---|---|---|");
    for r in &rows {
        let (a_time, a_mem, ratio) = match r.area {
            Some(a) => (
                format!("{:.1} s", a.time.as_secs_f64()),
                format!("{:.2} GB", gb(a.peak_kib)),
                format!(
                    "{:.0}%",
                    100.0 * a.time.as_secs_f64() / r.whole.time.as_secs_f64().max(0.001)
                ),
            ),
            None => ("(no such area)".to_owned(), String::new(), String::new()),
        };
        println!(
            "| {} | {} | {} | {}k | {:.1} s | {:.2} GB | {a_time} | {a_mem} | {ratio} |",
            r.name,
            r.types,
            r.operations,
            r.lines / 1000,
            r.whole.time.as_secs_f64(),
            gb(r.whole.peak_kib),
        );
    }
    if let Some((first, rest)) = rows.split_first() {
        for r in rest {
            println!(
                "\n{} / {}: {:.2}× the types, {:.2}× the check time, {:.2}× the peak memory",
                r.name,
                first.name,
                r.types as f64 / first.types.max(1) as f64,
                r.whole.time.as_secs_f64() / first.whole.time.as_secs_f64().max(0.001),
                r.whole.peak_kib as f64 / first.whole.peak_kib.max(1) as f64,
            );
        }
    }
    Ok(())
}
