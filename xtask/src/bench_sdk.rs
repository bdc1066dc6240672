//! `cargo xtask bench-sdk [DOCS…] [--area FEATURE]… [--runs N]`: what the generated crate costs
//! its users to compile. For each docs folder: generates the crate, builds its dependencies,
//! then measures crate-only `cargo check` (non-incremental, dependencies already built) of the
//! whole crate (`full`) and of one area (default `users` + `groups`): wall time, the CPU time
//! and the peak memory of the compiler. The runs of the crates alternate (run 1 of every crate,
//! then run 2, …) so that a busy spell of a shared machine falls on all of them. Prints a table
//! and the ratios (area / whole, and each crate / the first).

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

/// One `cargo check`: wall time, CPU time (user + system) and the peak resident memory of its
/// processes.
#[derive(Debug, Clone, Copy)]
struct Check {
    time: Duration,
    cpu: Duration,
    peak_kib: u64,
}

/// One crate, generated and with its dependencies built, ready to be measured.
struct Prepared {
    name: String,
    types: usize,
    operations: usize,
    lines: usize,
    sdk: PathBuf,
    target: PathBuf,
    /// The features of the whole crate and of the area build.
    whole: String,
    area: Option<String>,
}

/// One crate's figures.
struct Row {
    crate_: Prepared,
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
    let stdout = String::from_utf8_lossy(&out.stdout);
    let mut fields = stdout.split_whitespace();
    let peak_kib = fields
        .next()
        .and_then(|f| f.parse().ok())
        .context("the child's peak memory")?;
    let cpu = fields
        .next()
        .and_then(|f| f.parse().ok())
        .map(Duration::from_micros)
        .context("the child's CPU time")?;
    Ok(Check {
        time,
        cpu,
        peak_kib,
    })
}

/// The child of [`measure`]: runs the check, prints the peak resident memory (KiB) and the CPU
/// time (user + system, µs) of the processes it waited for (cargo, and the rustc processes cargo
/// waited for).
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
    let micros = |t: libc::timeval| t.tv_sec * 1_000_000 + t.tv_usec;
    println!(
        "{} {}",
        usage.ru_maxrss,
        micros(usage.ru_utime) + micros(usage.ru_stime)
    );
    Ok(())
}

/// The median of each figure on its own.
fn median_check(v: &[Check]) -> Check {
    fn median<T: Ord + Copy>(mut v: Vec<T>) -> T {
        v.sort();
        v[v.len() / 2]
    }
    Check {
        time: median(v.iter().map(|c| c.time).collect()),
        cpu: median(v.iter().map(|c| c.cpu).collect()),
        peak_kib: median(v.iter().map(|c| c.peak_kib).collect()),
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

/// Generates the crate of `docs` and builds its dependencies.
fn prepare(root: &Path, docs: &Path, opts: &Options) -> Result<Prepared> {
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
    let name = format!(
        "{} ({})",
        docs.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        versions.join(", ")
    );
    Ok(Prepared {
        name,
        types: outcome.models.iter().map(|m| m.types.len()).sum(),
        operations: outcome.models.iter().map(|m| m.operations.len()).sum(),
        lines: count_lines(&sdk.join("src")),
        sdk,
        target,
        whole,
        area,
    })
}

/// Measures every crate `runs` times, the crates' runs alternating.
fn measure_all(crates: Vec<Prepared>, runs: usize) -> Result<Vec<Row>> {
    let mut wholes: Vec<Vec<Check>> = vec![Vec::new(); crates.len()];
    let mut parts: Vec<Vec<Check>> = vec![Vec::new(); crates.len()];
    for run in 0..runs {
        for (i, c) in crates.iter().enumerate() {
            eprintln!(
                "bench-sdk: run {} of {runs}: {}, whole crate",
                run + 1,
                c.name
            );
            wholes[i].push(measure(&c.sdk, &c.target, &c.whole)?);
            if let Some(a) = &c.area {
                eprintln!("bench-sdk: run {} of {runs}: {}, {a}", run + 1, c.name);
                parts[i].push(measure(&c.sdk, &c.target, a)?);
            }
        }
    }
    Ok(crates
        .into_iter()
        .zip(wholes.iter().zip(&parts))
        .map(|(crate_, (w, p))| Row {
            crate_,
            whole: median_check(w),
            area: (!p.is_empty()).then(|| median_check(p)),
        })
        .collect())
}

fn gb(kib: u64) -> f64 {
    kib as f64 / 1024.0 / 1024.0
}

/// Runs the benchmark and prints its table.
pub fn run(root: &Path, opts: &Options) -> Result<()> {
    let crates = opts
        .docs
        .iter()
        .map(|d| prepare(root, d, opts))
        .collect::<Result<Vec<Prepared>>>()?;
    let rows = measure_all(crates, opts.runs)?;
    let area = opts.areas.join(" + ");
    println!(
        "\nbench-sdk: crate-only `cargo check` (CARGO_INCREMENTAL=0, dependencies built), median of {} run(s), {} CPUs\n",
        opts.runs,
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    println!("| crate | types | operations | lines | check (full) | CPU | peak memory | check ({area}) | CPU | peak memory | area / whole |");
    println!("|---|---|---|---|---|---|---|---|---|---|---|");
    let secs = |d: Duration| d.as_secs_f64().max(0.001);
    for r in &rows {
        let (a_time, a_cpu, a_mem, ratio) = match r.area {
            Some(a) => (
                format!("{:.1} s", a.time.as_secs_f64()),
                format!("{:.1} s", a.cpu.as_secs_f64()),
                format!("{:.2} GB", gb(a.peak_kib)),
                format!("{:.0}%", 100.0 * a.time.as_secs_f64() / secs(r.whole.time)),
            ),
            None => (
                "(no such area)".to_owned(),
                String::new(),
                String::new(),
                String::new(),
            ),
        };
        let c = &r.crate_;
        println!(
            "| {} | {} | {} | {}k | {:.1} s | {:.1} s | {:.2} GB | {a_time} | {a_cpu} | {a_mem} | {ratio} |",
            c.name,
            c.types,
            c.operations,
            c.lines / 1000,
            r.whole.time.as_secs_f64(),
            r.whole.cpu.as_secs_f64(),
            gb(r.whole.peak_kib),
        );
    }
    if let Some((first, rest)) = rows.split_first() {
        for r in rest {
            println!(
                "\n{} / {}: {:.2}× the types, {:.2}× the check time ({:.2}× the CPU time), {:.2}× the peak memory",
                r.crate_.name,
                first.crate_.name,
                r.crate_.types as f64 / first.crate_.types.max(1) as f64,
                secs(r.whole.time) / secs(first.whole.time),
                secs(r.whole.cpu) / secs(first.whole.cpu),
                r.whole.peak_kib as f64 / first.whole.peak_kib.max(1) as f64,
            );
        }
    }
    Ok(())
}
