//! The `graphgen` command line.

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use anyhow::{Context, Result};
use clap::{Args, Parser, Subcommand, ValueEnum};
use graphgen::diag::Severity;
use graphgen::emit::{EmitOptions, RuntimeDep};
use graphgen::{generate, GenerateOptions, Outcome};
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
    Generate(GenerateArgs),
    /// Compare a model with the official CSDL metadata and report how far they agree (the
    /// metadata is only measured against, never used). Exits 0 whenever the comparison ran.
    CompareMetadata(CompareArgs),
    /// What changed in the API between two dates of the docs, and what it means for the
    /// generated crate's version. Exits 0 whenever the comparison ran.
    Diff(DiffArgs),
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum DiffFormat {
    /// Grouped by version and area, for a terminal.
    Text,
    /// A changelog section for release notes.
    Markdown,
    /// Everything, as documented in docs/diff.md.
    Json,
}

/// The arguments of `graphgen diff` (its help text is the doc of [`Command::Diff`]).
#[derive(Args)]
struct DiffArgs {
    /// The old side: a docs folder or page (as `generate` takes), or a `.json` model written by
    /// `generate --ir`.
    old: PathBuf,
    /// The new side, the same way.
    new: PathBuf,
    /// How to print the report.
    #[arg(long, value_enum, default_value = "text")]
    format: DiffFormat,
    /// The crate's current version, to name the one the new crate must carry.
    #[arg(long)]
    crate_version: Option<String>,
    /// Write the report to this file instead of standard output.
    #[arg(long, short = 'o')]
    output: Option<PathBuf>,
}

/// The arguments of `graphgen generate` (its help text is the doc of [`Command::Generate`]).
#[derive(Args)]
struct GenerateArgs {
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
}

/// The arguments of `graphgen compare-metadata` (its help text is the doc of
/// [`Command::CompareMetadata`]).
#[derive(Args)]
struct CompareArgs {
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

/// Runs the subcommand given on the command line.
fn run() -> Result<ExitCode> {
    match Cli::parse().command {
        Command::Generate(args) => run_generate(args),
        Command::CompareMetadata(args) => run_compare_metadata(args),
        Command::Diff(args) => run_diff(args),
    }
}

/// `graphgen generate`: builds the crate, prints the diagnostics and figures, and exits 3 when
/// `--check` finds the output stale, 1 on errors (or warnings with `--deny-warnings`).
fn run_generate(args: GenerateArgs) -> Result<ExitCode> {
    if let Some(j) = args.jobs {
        rayon::ThreadPoolBuilder::new()
            .num_threads(j.max(1))
            .build_global()
            .context("setting up threads")?;
    }
    let (show, deny_warnings) = (args.diagnostics, args.deny_warnings);
    let opts = generate_options(args);
    let outcome = generate(&opts)?;
    let (errors, warnings) = print_diagnostics(&outcome, show);
    print_figures(&outcome);
    if opts.check {
        if print_stale(&outcome, &opts) {
            eprintln!("graphgen: output is out of date");
            return Ok(ExitCode::from(3));
        }
    } else if opts.out.is_some() {
        let r = &outcome.report;
        eprintln!(
            "graphgen: {} files written, {} removed, {} unchanged",
            r.changed.len(),
            r.removed.len(),
            r.unchanged
        );
    }
    Ok(if errors > 0 || deny_warnings && warnings > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The options of a generate run from its arguments.
fn generate_options(args: GenerateArgs) -> GenerateOptions {
    let runtime = runtime_dep(args.runtime_path, args.runtime_version);
    let command = args.generated_by.unwrap_or_else(|| {
        let mut c = format!("graphgen generate {}", args.docs.display());
        if let Some(o) = &args.out {
            c.push_str(&format!(" --out {}", o.display()));
        }
        c
    });
    GenerateOptions {
        input: args.docs,
        out: args.out,
        ir: args.ir,
        check: args.check,
        emit: EmitOptions {
            crate_name: args.crate_name,
            command,
            runtime,
            workspace_member: args.workspace_member,
            rustfmt: args.rustfmt,
        },
    }
}

/// Where the generated crate takes the runtime from: a registry version, a path, or (neither
/// given) this checkout's `runtime/`.
fn runtime_dep(path: Option<String>, version: Option<String>) -> RuntimeDep {
    match (path, version) {
        (_, Some(v)) => RuntimeDep::Version(v),
        (Some(p), None) => RuntimeDep::Path(p),
        (None, None) => {
            let default = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../runtime");
            let p = std::fs::canonicalize(&default).unwrap_or(default);
            RuntimeDep::Path(p.to_string_lossy().into_owned())
        }
    }
}

/// Prints the diagnostics `show` selects, then their counts in all and by kind; returns the
/// numbers of errors and warnings.
fn print_diagnostics(outcome: &Outcome, show: Show) -> (usize, usize) {
    let all = outcome.diagnostics.sorted();
    let few = all.len() <= 50;
    for d in &all {
        let shown = match show {
            Show::All => true,
            Show::Auto => few || d.severity == Severity::Error,
            Show::Errors => d.severity == Severity::Error,
            Show::Summary => false,
        };
        if shown {
            eprintln!("{d}");
        }
    }
    let errors = all.iter().filter(|d| d.severity == Severity::Error).count();
    if show == Show::Auto && !few {
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
    (errors, all.len() - errors)
}

/// Prints the size of each model and the time each stage took.
fn print_figures(outcome: &Outcome) {
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
}

/// For `--check`: prints every stale file (and the model JSON when it is stale); returns whether
/// anything is.
fn print_stale(outcome: &Outcome, opts: &GenerateOptions) -> bool {
    let r = &outcome.report;
    for f in &r.changed {
        eprintln!("stale: {f}");
    }
    for f in &r.removed {
        eprintln!("stale (no longer generated): {f}");
    }
    let ir_stale = outcome.ir_changed && opts.ir.is_some();
    if ir_stale {
        eprintln!("stale: the model JSON");
    }
    !r.is_clean() || ir_stale
}

/// `graphgen compare-metadata`: prints the comparison's summary and writes the full report when
/// asked; exits 0 whenever the comparison ran.
fn run_compare_metadata(args: CompareArgs) -> Result<ExitCode> {
    let CompareArgs {
        input,
        metadata,
        json,
        details,
        version,
    } = args;
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
    let report = graphgen::compare::compare(&loaded.model, &xml, loaded.docs_dir.as_deref())
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

/// `graphgen diff`: prints (or writes) the report and, on standard error, its one-line summary.
fn run_diff(args: DiffArgs) -> Result<ExitCode> {
    use graphgen::diff::{diff_paths, DiffOptions, Format};
    let opts = DiffOptions {
        crate_version: args.crate_version,
    };
    let report = diff_paths(&args.old, &args.new, &opts).context("diffing")?;
    let format = match args.format {
        DiffFormat::Text => Format::Text,
        DiffFormat::Markdown => Format::Markdown,
        DiffFormat::Json => Format::Json,
    };
    let text = report.render(format);
    match &args.output {
        Some(out) => {
            std::fs::write(out, text).with_context(|| format!("writing {}", out.display()))?;
            eprintln!("graphgen: report written to {}", out.display());
        }
        None => print!("{text}"),
    }
    eprintln!("graphgen: {}", report.one_line());
    Ok(ExitCode::SUCCESS)
}
