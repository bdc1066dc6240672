//! The `graphgen` command line.

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand, ValueEnum};
use graphgen::diag::Severity;
use graphgen::emit::{EmitOptions, RuntimeDep};
use graphgen::{generate, GenerateOptions};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "graphgen",
    version,
    about = "Generate a typed Rust SDK from Microsoft Graph API reference docs"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum Show {
    /// Every diagnostic when there are at most 50, else the errors; then the counts.
    Auto,
    /// Every diagnostic, then the counts.
    All,
    /// Errors only, then the counts.
    Errors,
    /// Counts by kind only.
    Summary,
}

#[derive(Subcommand)]
enum Command {
    /// Read the docs and write a crate (and optionally the model as JSON).
    Generate {
        /// A docs repository checkout (with `api-reference/<version>/`), one version's folder
        /// (with `resources/` and `api/`), or a single page.
        docs: PathBuf,
        /// Folder to write the crate to (created if missing).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Also write the model as JSON to this file.
        #[arg(long)]
        ir: Option<PathBuf>,
        /// Write nothing; exit with 3 when the output differs from what would be written.
        #[arg(long)]
        check: bool,
        /// Package name of the generated crate.
        #[arg(long, default_value = "graphgen-sdk")]
        crate_name: String,
        /// Depend on the runtime crate at this path (default: this checkout's `runtime/`).
        #[arg(long, conflicts_with = "runtime_version")]
        runtime_path: Option<String>,
        /// Depend on this registry version of `graphgen-runtime` instead of a path.
        #[arg(long)]
        runtime_version: Option<String>,
        /// The crate is a member of an enclosing workspace (omit its own `[workspace]` table).
        #[arg(long)]
        workspace_member: bool,
        /// The command named in the first line of every generated file.
        #[arg(long)]
        generated_by: Option<String>,
        /// Run rustfmt over the output, so that it is exactly what `cargo fmt` writes (slower:
        /// about a second more on the whole v1.0 docs). Without it the code is laid out by
        /// prettyplease.
        #[arg(long)]
        rustfmt: bool,
        /// Which diagnostics to print.
        #[arg(long, value_enum, default_value = "auto")]
        diagnostics: Show,
        /// Worker threads for reading pages (default: all cores).
        #[arg(long, short = 'j')]
        jobs: Option<usize>,
        /// Exit 1 on warnings too, not only on errors.
        #[arg(long)]
        deny_warnings: bool,
    },
    /// Compare a model with the official CSDL metadata and report how far they agree (the
    /// metadata is only measured against, never used). Exits 0 whenever the comparison ran.
    CompareMetadata {
        /// A docs folder or page (the model is built from it), or a `.json` model written by
        /// `generate --ir`.
        input: PathBuf,
        /// The CSDL metadata XML (`$metadata`) of the same version.
        #[arg(long)]
        metadata: PathBuf,
        /// Also write the full report (figures and every disagreement) as JSON to this file.
        #[arg(long)]
        json: Option<PathBuf>,
        /// How many individual disagreements to list in the summary.
        #[arg(long, default_value_t = 20)]
        details: usize,
        /// The version to compare when the input holds several.
        #[arg(long, default_value = "v1.0")]
        version: String,
    },
}

fn main() -> ExitCode {
    match run() {
        Ok(code) => code,
        Err(e) => {
            eprintln!("graphgen: error: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn run() -> Result<ExitCode> {
    let cli = Cli::parse();
    match cli.command {
        Command::Generate {
            docs,
            out,
            ir,
            check,
            crate_name,
            runtime_path,
            runtime_version,
            workspace_member,
            generated_by,
            rustfmt,
            diagnostics,
            jobs,
            deny_warnings,
        } => {
            if let Some(j) = jobs {
                rayon::ThreadPoolBuilder::new()
                    .num_threads(j.max(1))
                    .build_global()
                    .context("setting up threads")?;
            }
            let runtime = match (runtime_path, runtime_version) {
                (_, Some(v)) => RuntimeDep::Version(v),
                (Some(p), None) => RuntimeDep::Path(p),
                (None, None) => {
                    let default = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../runtime");
                    let p = std::fs::canonicalize(&default).unwrap_or(default);
                    RuntimeDep::Path(p.to_string_lossy().into_owned())
                }
            };
            let command = generated_by.unwrap_or_else(|| {
                let mut c = format!("graphgen generate {}", docs.display());
                if let Some(o) = &out {
                    c.push_str(&format!(" --out {}", o.display()));
                }
                c
            });
            let opts = GenerateOptions {
                input: docs,
                out,
                ir,
                check,
                emit: EmitOptions {
                    crate_name,
                    command,
                    runtime,
                    workspace_member,
                    rustfmt,
                },
            };
            let outcome = generate(&opts)?;
            let all = outcome.diagnostics.sorted();
            let few = all.len() <= 50;
            for d in &all {
                let show = match diagnostics {
                    Show::All => true,
                    Show::Auto => few || d.severity == Severity::Error,
                    Show::Errors => d.severity == Severity::Error,
                    Show::Summary => false,
                };
                if show {
                    eprintln!("{d}");
                }
            }
            let errors = all.iter().filter(|d| d.severity == Severity::Error).count();
            if diagnostics == Show::Auto && !few {
                eprintln!(
                    "graphgen: {} warnings not listed; `--diagnostics all` lists every one",
                    all.len() - errors
                );
            }
            eprintln!(
                "graphgen: {} diagnostics ({} errors, {} warnings)",
                all.len(),
                errors,
                all.len() - errors
            );
            for (sev, kind, n) in outcome.diagnostics.summary() {
                let s = if sev == Severity::Error {
                    "error"
                } else {
                    "warning"
                };
                eprintln!("  {n:>6} {s}[{}]", kind.as_str());
            }
            for m in &outcome.models {
                eprintln!(
                    "graphgen: {}: {} types, {} enums, {} operations",
                    m.version,
                    m.types.len(),
                    m.enums.len(),
                    m.operations.len()
                );
            }
            let t = &outcome.timings;
            eprintln!(
                "graphgen: read+extract {:.0?}, resolve {:.0?}, emit {:.0?}, rustfmt {:.0?}, write {:.0?}",
                t.read_extract, t.resolve, t.emit, t.rustfmt, t.write
            );
            let r = &outcome.report;
            if opts.check {
                for f in &r.changed {
                    eprintln!("stale: {f}");
                }
                for f in &r.removed {
                    eprintln!("stale (no longer generated): {f}");
                }
                if outcome.ir_changed && opts.ir.is_some() {
                    eprintln!("stale: the model JSON");
                }
                if !r.is_clean() || (outcome.ir_changed && opts.ir.is_some()) {
                    eprintln!("graphgen: output is out of date");
                    return Ok(ExitCode::from(3));
                }
            } else if opts.out.is_some() {
                eprintln!(
                    "graphgen: {} files written, {} removed, {} unchanged",
                    r.changed.len(),
                    r.removed.len(),
                    r.unchanged
                );
            }
            let warnings = all.len() - errors;
            Ok(if errors > 0 || deny_warnings && warnings > 0 {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
        Command::CompareMetadata {
            input,
            metadata,
            json,
            details,
            version,
        } => {
            let loaded = graphgen::compare::load_input(&input, &version)
                .with_context(|| format!("reading {}", input.display()))?;
            if !loaded.diagnostics.is_empty() {
                eprintln!(
                    "graphgen: {} diagnostics while reading the docs (see `graphgen generate`)",
                    loaded.diagnostics.len()
                );
            }
            let xml = std::fs::read_to_string(&metadata)
                .with_context(|| format!("reading {}", metadata.display()))?;
            let report =
                graphgen::compare::compare(&loaded.model, &xml, loaded.docs_dir.as_deref())
                    .with_context(|| format!("comparing with {}", metadata.display()))?;
            print!("{}", report.summary(details));
            if let Some(out) = json {
                let mut text = serde_json::to_string_pretty(&report)?;
                text.push('\n');
                std::fs::write(&out, text).with_context(|| format!("writing {}", out.display()))?;
                eprintln!("graphgen: report written to {}", out.display());
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}
