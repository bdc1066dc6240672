//! `cargo xtask examples [DOCS]`: every example of the docs through the generated types.
//!
//! 1. Generates the crate for DOCS (with its `registry` feature) into
//!    `target/graphgen-examples/<docs>/sdk`, and a small driver crate beside it.
//! 2. Writes one registry job per typed example and runs the driver over them: the generated
//!    types read each body and write it back.
//! 3. Judges the results with `graphgen::examples` and prints the report; its last line is
//!    `examples: F found, T typed, D deserialized, X round-tripped exactly`.

use anyhow::{bail, Context, Result};
use graphgen::emit::{EmitOptions, RuntimeDep};
use graphgen::examples::{self, JobResult};
use graphgen::{generate, GenerateOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// What `cargo xtask examples` was asked.
pub struct Options {
    /// Docs checkout, version folder or page.
    pub docs: PathBuf,
    /// Fail unless at least this share (percent) of the response examples naming a type read.
    pub min_named_rate: Option<f64>,
    /// Fail unless every typed example round-trips exactly.
    pub require_all: bool,
    /// Build the generated crate with warnings denied.
    pub deny_warnings: bool,
}

/// A folder name for a docs path: its last components, made safe.
pub(crate) fn slug(docs: &Path) -> String {
    let parts: Vec<String> = docs
        .components()
        .rev()
        .take(3)
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let s: String = parts
        .into_iter()
        .rev()
        .collect::<Vec<_>>()
        .join("-")
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' {
                c
            } else {
                '-'
            }
        })
        .collect();
    s.trim_matches('-').to_owned()
}

/// Writes `text` unless the file already holds it (keeping cargo's fingerprints).
fn write(path: &Path, text: &str) -> Result<()> {
    if std::fs::read_to_string(path).ok().as_deref() == Some(text) {
        return Ok(());
    }
    Ok(graphgen::write::write_atomic(path, text.as_bytes())?)
}

/// The driver crate: reads jobs on stdin, answers on stdout.
fn driver(root: &Path, versions: &[String]) -> (String, String) {
    let runtime = root.join("runtime");
    // Everything (`full`): every example must find its types.
    let features: Vec<String> = ["registry", "full"]
        .into_iter()
        .map(str::to_owned)
        .chain(versions.iter().cloned())
        .map(|f| format!("{f:?}"))
        .collect();
    let manifest = format!(
        "# Written by `cargo xtask examples`.\n[package]\nname = \"graphgen-examples-driver\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n[dependencies]\nsdk = {{ package = \"graphgen-examples-sdk\", path = \"../sdk\", default-features = false, features = [{}] }}\ngraphgen-runtime = {{ path = {:?}, default-features = false, features = [\"registry\"] }}\n\n[workspace]\n",
        features.join(", "),
        runtime.display().to_string()
    );
    let entries: Vec<String> = versions
        .iter()
        .map(|v| format!("        ({v:?}, sdk::{v}::registry::round_trip),"))
        .collect();
    let main = format!(
        "// Written by `cargo xtask examples`.\nfn main() -> std::io::Result<()> {{\n    let versions: &[(&str, graphgen_runtime::registry::Lookup)] = &[\n{}\n    ];\n    graphgen_runtime::registry::serve(\n        versions,\n        std::io::stdin().lock(),\n        std::io::BufWriter::new(std::io::stdout().lock()),\n    )\n}}\n",
        entries.join("\n")
    );
    (manifest, main)
}

/// Generates the crate `name` for `docs` into `sdk` (a scratch folder below `target/`), with
/// the workspace's runtime, laid out by prettyplease alone (nobody reads it).
pub(crate) fn generate_scratch_sdk(
    root: &Path,
    docs: &Path,
    sdk: &Path,
    name: &str,
    command: &str,
) -> Result<graphgen::Outcome> {
    generate(&GenerateOptions {
        input: docs.to_path_buf(),
        out: Some(sdk.to_path_buf()),
        ir: None,
        check: false,
        emit: EmitOptions {
            crate_name: name.to_owned(),
            command: command.to_owned(),
            runtime: RuntimeDep::Path(root.join("runtime").display().to_string()),
            workspace_member: false,
            rustfmt: false,
        },
    })
    .with_context(|| format!("generating from {}", docs.display()))
}

/// Runs the harness; `Ok(false)` when a requirement is not met.
pub fn run(root: &Path, opts: &Options) -> Result<bool> {
    let docs = opts
        .docs
        .canonicalize()
        .with_context(|| format!("no docs at {}", opts.docs.display()))?;
    let base = root.join("target/graphgen-examples");
    let scratch = base.join(slug(&docs));
    let sdk = scratch.join("sdk");
    let outcome = generate_scratch_sdk(
        root,
        &docs,
        &sdk,
        "graphgen-examples-sdk",
        "cargo xtask examples",
    )?;
    let mismatches = outcome
        .diagnostics
        .sorted()
        .iter()
        .filter(|d| d.kind == graphgen::diag::DiagKind::ExampleMismatch)
        .count();
    eprintln!(
        "examples: generated {} ({} diagnostics, {mismatches} of them example-mismatch)",
        sdk.display(),
        outcome.diagnostics.sorted().len()
    );
    let versions: Vec<String> = outcome
        .models
        .iter()
        .map(|m| graphgen::emit::version_module(&m.version))
        .collect();
    let (manifest, main) = driver(root, &versions);
    let drv = scratch.join("driver");
    write(&drv.join("Cargo.toml"), &manifest)?;
    write(&drv.join("src/main.rs"), &main)?;
    if !drv.join("Cargo.lock").exists() {
        // Start from the workspace's versions: nothing new to download.
        std::fs::copy(root.join("Cargo.lock"), drv.join("Cargo.lock"))
            .context("copying Cargo.lock")?;
    }

    let cases: Vec<examples::Case<'_>> = outcome.models.iter().flat_map(examples::cases).collect();
    let jobs = examples::jobs(&cases);
    let mut input = Vec::new();
    for j in &jobs {
        serde_json::to_writer(&mut input, j)?;
        input.push(b'\n');
    }

    let target = base.join("target");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let mut build = Command::new(&cargo);
    build
        .args(["build", "--quiet", "--manifest-path"])
        .arg(drv.join("Cargo.toml"))
        .arg("--target-dir")
        .arg(&target);
    if opts.deny_warnings {
        build.env("RUSTFLAGS", "-D warnings");
    }
    eprintln!("examples: building the generated crate and the driver");
    let status = build.status().context("running cargo build")?;
    if !status.success() {
        bail!("the generated crate for {} does not build", docs.display());
    }
    let exe = target.join("debug").join(format!(
        "graphgen-examples-driver{}",
        std::env::consts::EXE_SUFFIX
    ));
    let mut child = Command::new(&exe)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .with_context(|| format!("running {}", exe.display()))?;
    let mut stdin = child.stdin.take().context("driver stdin")?;
    let feeder = std::thread::spawn(move || stdin.write_all(&input));
    let output = child.wait_with_output().context("waiting for the driver")?;
    feeder
        .join()
        .map_err(|_| anyhow::anyhow!("feeding the driver panicked"))?
        .context("feeding the driver")?;
    if !output.status.success() {
        bail!("the driver failed: {}", output.status);
    }
    let results: Vec<JobResult> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(serde_json::from_str)
        .collect::<Result<_, _>>()
        .context("reading the driver's results")?;

    let report = examples::report(&cases, &results);
    print!("{report}");
    let mut ok = true;
    if report.generator_errors() > 0 {
        eprintln!(
            "examples: {} generator errors (listed above)",
            report.generator_errors()
        );
        ok = false;
    }
    if report.deserialized != report.exact {
        eprintln!(
            "examples: {} examples deserialized but did not round-trip exactly (listed above)",
            report.deserialized - report.exact
        );
        ok = false;
    }
    if let Some(min) = opts.min_named_rate {
        if report.named_rate() < min {
            eprintln!(
                "examples: {:.1}% of the response examples that name a type deserialized; at least {min}% required",
                report.named_rate()
            );
            ok = false;
        }
    }
    if opts.require_all && report.exact != report.typed {
        eprintln!(
            "examples: {} of {} typed examples did not round-trip exactly; all are required",
            report.typed - report.exact,
            report.typed
        );
        ok = false;
    }
    Ok(ok)
}
